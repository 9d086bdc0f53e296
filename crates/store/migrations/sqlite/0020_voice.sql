-- Worker voice (issue 16): workers' reviews of requester organisations and the
-- messages between workers and requesters.

-- One review per worker per project, editable; shown without the worker's identity
-- unless they chose a name to sign with (signed_as). The organisation may answer
-- each review publicly.
CREATE TABLE requester_reviews (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    project_id      TEXT NOT NULL REFERENCES projects (id),
    worker_id       TEXT NOT NULL REFERENCES users (id),
    rating          BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body            TEXT NOT NULL,
    signed_as       TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    answer          TEXT,
    answered_by     TEXT REFERENCES users (id),
    answered_at     BIGINT,
    UNIQUE (project_id, worker_id)
);
CREATE INDEX requester_reviews_org ON requester_reviews (organization_id, updated_at);

-- A thread is (project, worker): both sides see all of it. A message the requester
-- sent to every worker of the project is stored once per recipient, with to_all = 1.
CREATE TABLE messages (
    id              TEXT PRIMARY KEY,
    project_id      TEXT NOT NULL REFERENCES projects (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    worker_id       TEXT NOT NULL REFERENCES users (id),
    assignment_id   TEXT REFERENCES assignments (id),
    sender_id       TEXT NOT NULL REFERENCES users (id),
    from_worker     BIGINT NOT NULL,
    to_all          BIGINT NOT NULL,
    body            TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX messages_worker ON messages (worker_id, created_at);
CREATE INDEX messages_org ON messages (organization_id, created_at);
