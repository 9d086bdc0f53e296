-- Issue 14: every export made with a handprint is kept, so it has a public page
-- (/handprints/{id}) and its organisation a list. statement is the signed in-toto
-- statement's JSON (its predicate holds the figures), envelope the DSSE envelope as
-- written beside the data. published = 0 keeps the page to the organisation (the
-- signed file is the requester's either way).
CREATE TABLE handprints (
    id               TEXT PRIMARY KEY,
    project_id       TEXT NOT NULL REFERENCES projects (id),
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    statement        TEXT NOT NULL,
    envelope         TEXT NOT NULL,
    published        BIGINT NOT NULL DEFAULT 1 CHECK (published IN (0, 1)),
    created_at       BIGINT NOT NULL
);

CREATE INDEX handprints_org ON handprints (organization_id, created_at);
CREATE INDEX handprints_project ON handprints (project_id, created_at);
