-- Bucket prefixes a requester registered for a project (issue 15): an item names an
-- object under one as "SOURCE:key", and the instance fetches it with these credentials
-- for the worker, who only ever sees the instance's signed URL. The secret access key
-- is sealed (ChaCha20-Poly1305 under a key derived from the instance's signing key) and
-- never returned by the API.
CREATE TABLE media_sources (
    project_id    TEXT NOT NULL REFERENCES projects (id),
    name          TEXT NOT NULL,
    endpoint      TEXT NOT NULL,
    bucket        TEXT NOT NULL,
    -- "" or a path without a leading or trailing slash ("studies/2026").
    prefix        TEXT NOT NULL,
    region        TEXT NOT NULL,
    access_key_id TEXT NOT NULL,
    secret_sealed TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (project_id, name)
);
