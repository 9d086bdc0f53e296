-- The core marketplace: accounts, projects, tasks, assignments.
-- Times are BIGINT microseconds since the Unix epoch (UTC); money is BIGINT minor units;
-- JSON documents are TEXT. The SQLite file of the same number declares the same schema.

CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,
    password_hash   TEXT NOT NULL,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('worker', 'requester', 'operator')),
    country         TEXT NOT NULL,
    organization_id TEXT REFERENCES organizations (id),
    created_at      BIGINT NOT NULL
);

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id),
    prefix       TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE,
    label        TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT
);
CREATE INDEX api_keys_user ON api_keys (user_id);

CREATE TABLE projects (
    id                TEXT PRIMARY KEY,
    organization_id   TEXT NOT NULL REFERENCES organizations (id),
    created_by        TEXT NOT NULL REFERENCES users (id),
    title             TEXT NOT NULL,
    description       TEXT NOT NULL,
    instructions      TEXT NOT NULL,
    template          TEXT,
    purpose           TEXT,
    end_uses          TEXT NOT NULL,
    sensitive_content TEXT NOT NULL,
    reward            BIGINT,
    estimated_seconds BIGINT,
    answers_per_task  BIGINT NOT NULL,
    lease_seconds     BIGINT NOT NULL,
    language          TEXT NOT NULL,
    state             TEXT NOT NULL,
    pseudonym_salt    TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    published_at      BIGINT
);
CREATE INDEX projects_org ON projects (organization_id);
CREATE INDEX projects_state ON projects (state);

-- remaining = answers_per_task - live leases - submitted answers: how many more workers
-- may be offered this item. It goes below zero only when a late submission (within the
-- grace period, after the lease expired and its slot was given away) lands.
CREATE TABLE tasks (
    id            TEXT PRIMARY KEY,
    project_id    TEXT NOT NULL REFERENCES projects (id),
    external_id   TEXT,
    data          TEXT NOT NULL,
    known_answer  TEXT,
    remaining     BIGINT NOT NULL,
    answers       BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    UNIQUE (project_id, external_id)
);
CREATE INDEX tasks_open ON tasks (project_id, id) WHERE remaining > 0;
CREATE INDEX tasks_project ON tasks (project_id, id);
CREATE INDEX tasks_open_all ON tasks (id) WHERE remaining > 0;

-- One row per (task, worker) ever: a worker is never offered the same item twice.
CREATE TABLE assignments (
    id               TEXT PRIMARY KEY,
    task_id          TEXT NOT NULL REFERENCES tasks (id),
    project_id       TEXT NOT NULL REFERENCES projects (id),
    worker_id        TEXT NOT NULL REFERENCES users (id),
    state            TEXT NOT NULL CHECK (state IN ('leased', 'submitted', 'returned', 'expired')),
    leased_at        BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    ended_at         BIGINT,
    answer           TEXT,
    working_micros   BIGINT,
    idempotency_key  TEXT,
    UNIQUE (task_id, worker_id)
);
CREATE INDEX assignments_worker ON assignments (worker_id, state);
CREATE INDEX assignments_project ON assignments (project_id, state, id);
CREATE INDEX assignments_live ON assignments (expires_at) WHERE state = 'leased';
