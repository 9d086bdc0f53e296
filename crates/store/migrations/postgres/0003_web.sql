-- The web app: sign-in sessions and workers' reports of broken tasks.
-- The SQLite file of the same number declares the same schema.

-- A browser session. The cookie holds a random token; only its SHA-256 is stored,
-- so a copy of the database cannot be used to sign in. user_id is NULL before
-- sign-in (the session then only carries the CSRF token of the sign-in forms).
CREATE TABLE web_sessions (
    id          TEXT PRIMARY KEY,
    user_id     TEXT REFERENCES users (id),
    csrf_token  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
CREATE INDEX web_sessions_user ON web_sessions (user_id);

-- "This task is broken": told by a worker, read by the requester. Reporting also
-- gives the task back, free.
CREATE TABLE task_reports (
    id             TEXT PRIMARY KEY,
    task_id        TEXT NOT NULL REFERENCES tasks (id),
    project_id     TEXT NOT NULL REFERENCES projects (id),
    worker_id      TEXT NOT NULL REFERENCES users (id),
    assignment_id  TEXT NOT NULL REFERENCES assignments (id),
    reason         TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    UNIQUE (assignment_id)
);
CREATE INDEX task_reports_project ON task_reports (project_id, created_at);
