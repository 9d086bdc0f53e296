-- Job alerts (issue 16). Publishing, resuming or adding items to a project queues an
-- alert event; the background job claims each event once (claimed_at), finds the
-- eligible workers whose alert settings match, and writes their notifications (one
-- per event and worker) and their e-mail.
CREATE TABLE alert_events (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects (id),
    reason      TEXT NOT NULL CHECK (reason IN ('published', 'resumed', 'new_items')),
    created_at  BIGINT NOT NULL,
    claimed_at  BIGINT
);
CREATE INDEX alert_events_pending ON alert_events (created_at) WHERE claimed_at IS NULL;

-- A worker's in-app alerts; read_at is set when they mark it read.
CREATE TABLE notifications (
    id          TEXT PRIMARY KEY,
    worker_id   TEXT NOT NULL REFERENCES users (id),
    event_id    TEXT NOT NULL REFERENCES alert_events (id),
    project_id  TEXT NOT NULL REFERENCES projects (id),
    reason      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    read_at     BIGINT,
    UNIQUE (event_id, worker_id)
);
CREATE INDEX notifications_worker ON notifications (worker_id, created_at);
-- The counter in a worker's navigation, read on every page.
CREATE INDEX notifications_unread ON notifications (worker_id) WHERE read_at IS NULL;

-- The secret of a worker's Atom feed of matching work (feed readers cannot sign in):
-- only its SHA-256 is kept; a new one replaces it, deleting the row revokes it.
CREATE TABLE feed_tokens (
    worker_id   TEXT NOT NULL PRIMARY KEY REFERENCES users (id),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);
