-- Issue 13, first part: who may work on a project, and manual qualifications.

-- The languages a worker declares (ISO 639-1 codes, checked by handprint_core).
CREATE TABLE worker_languages (
    worker_id   TEXT NOT NULL REFERENCES users (id),
    language    TEXT NOT NULL,
    PRIMARY KEY (worker_id, language)
);

-- A qualification: an organisation's own, or an operator's for everyone
-- (organization_id NULL). kind is 'test', 'manual' or 'performance'; only 'manual'
-- is created so far (the others need paid test items and control items).
CREATE TABLE qualifications (
    id              TEXT PRIMARY KEY,
    organization_id TEXT REFERENCES organizations (id),
    kind            TEXT NOT NULL CHECK (kind IN ('test', 'manual', 'performance')),
    name            TEXT NOT NULL,
    description     TEXT NOT NULL,
    created_by      TEXT NOT NULL REFERENCES users (id),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX qualifications_organization ON qualifications (organization_id);

-- Who holds a qualification now, at which score (0 to 100).
CREATE TABLE qualification_grants (
    qualification_id TEXT NOT NULL REFERENCES qualifications (id),
    worker_id        TEXT NOT NULL REFERENCES users (id),
    score            BIGINT NOT NULL,
    granted_at       BIGINT NOT NULL,
    PRIMARY KEY (qualification_id, worker_id)
);
CREATE INDEX qualification_grants_worker ON qualification_grants (worker_id);

-- Every grant and revocation, with its written reason, who made it and when.
-- by_user is the person who acted: these are not automated decisions (the decision
-- log of a later part records those).
CREATE TABLE qualification_events (
    id               TEXT PRIMARY KEY,
    qualification_id TEXT NOT NULL REFERENCES qualifications (id),
    worker_id        TEXT NOT NULL REFERENCES users (id),
    action           TEXT NOT NULL CHECK (action IN ('granted', 'revoked')),
    score            BIGINT,
    reason           TEXT NOT NULL,
    by_user          TEXT NOT NULL REFERENCES users (id),
    at               BIGINT NOT NULL
);
CREATE INDEX qualification_events_worker ON qualification_events (qualification_id, worker_id, at);

-- The workers an organisation keeps on a list: 'include' (projects open to listed
-- workers only admit them) or 'block' (kept out of every project of the
-- organisation), each with the written reason, who and when; named_as is the
-- pseudonym the requester gave. One list per worker and organisation.
CREATE TABLE worker_lists (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    worker_id       TEXT NOT NULL REFERENCES users (id),
    list            TEXT NOT NULL CHECK (list IN ('include', 'block')),
    named_as        TEXT NOT NULL,
    reason          TEXT NOT NULL,
    by_user         TEXT NOT NULL REFERENCES users (id),
    at              BIGINT NOT NULL,
    PRIMARY KEY (organization_id, worker_id)
);
-- Every change of those lists, kept.
CREATE TABLE worker_list_events (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    worker_id       TEXT NOT NULL REFERENCES users (id),
    list            TEXT NOT NULL CHECK (list IN ('include', 'block')),
    action          TEXT NOT NULL CHECK (action IN ('added', 'removed')),
    reason          TEXT NOT NULL,
    by_user         TEXT NOT NULL REFERENCES users (id),
    at              BIGINT NOT NULL
);

-- A project's eligibility: the JSON the API shows, and, for the claim, one row per
-- condition. restricted holds two bits: 1 when the eligibility asks for anything,
-- 2 when its organisation blocks anyone. At 0, an open project's claim reads none
-- of these tables. included_only = 1: only workers on the organisation's include list.
ALTER TABLE projects ADD COLUMN eligibility TEXT NOT NULL DEFAULT '{}';
ALTER TABLE projects ADD COLUMN restricted BIGINT NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN included_only BIGINT NOT NULL DEFAULT 0;
CREATE TABLE project_countries (
    project_id  TEXT NOT NULL REFERENCES projects (id),
    country     TEXT NOT NULL,
    PRIMARY KEY (project_id, country)
);
CREATE TABLE project_languages (
    project_id  TEXT NOT NULL REFERENCES projects (id),
    language    TEXT NOT NULL,
    PRIMARY KEY (project_id, language)
);
CREATE TABLE project_qualifications (
    project_id       TEXT NOT NULL REFERENCES projects (id),
    qualification_id TEXT NOT NULL REFERENCES qualifications (id),
    min_score        BIGINT NOT NULL,
    PRIMARY KEY (project_id, qualification_id)
);
