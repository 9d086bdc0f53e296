-- Trust and safety decided by people (issue 16): requester verifications, operators'
-- decisions on workers' reports, project takedowns, account suspensions with one
-- appeal each, and the log of every such act. Nothing automated writes these rows.

-- What an operator checked about a requester organisation (a JSON list of free-text
-- checks), by whom and when; revoked with a reason. An organisation's verification is
-- its latest row that is not revoked.
CREATE TABLE organization_verifications (
    id              TEXT NOT NULL PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    checks          TEXT NOT NULL,
    verified_by     TEXT NOT NULL REFERENCES users (id),
    verified_at     BIGINT NOT NULL,
    revoked_by      TEXT REFERENCES users (id),
    revoked_at      BIGINT,
    revoke_reason   TEXT
);
CREATE INDEX organization_verifications_org ON organization_verifications (organization_id, verified_at);

-- An operator's decision on a worker's report: 'dismissed' or 'taken_down'. A report
-- without a row here is open.
CREATE TABLE report_decisions (
    report_id   TEXT NOT NULL PRIMARY KEY REFERENCES task_reports (id),
    outcome     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    decided_by  TEXT NOT NULL REFERENCES users (id),
    decided_at  BIGINT NOT NULL
);

-- A project an operator took down, why (shown to its workers and its requester).
CREATE TABLE project_takedowns (
    project_id  TEXT NOT NULL PRIMARY KEY REFERENCES projects (id),
    reason      TEXT NOT NULL,
    taken_by    TEXT NOT NULL REFERENCES users (id),
    taken_at    BIGINT NOT NULL
);

-- A suspension of an account by an operator, with the holder's one appeal and its
-- decision by another operator ('lifted' or 'upheld'). `lifted_at` ends it.
CREATE TABLE account_suspensions (
    id                TEXT NOT NULL PRIMARY KEY,
    user_id           TEXT NOT NULL REFERENCES users (id),
    reason            TEXT NOT NULL,
    suspended_by      TEXT NOT NULL REFERENCES users (id),
    suspended_at      BIGINT NOT NULL,
    appeal_text       TEXT,
    appealed_at       BIGINT,
    appeal_outcome    TEXT,
    appeal_reason     TEXT,
    appeal_decided_by TEXT REFERENCES users (id),
    appeal_decided_at BIGINT,
    lifted_at         BIGINT
);
CREATE INDEX account_suspensions_user ON account_suspensions (user_id, suspended_at);

-- The account's live suspension, read with the account on every request.
ALTER TABLE users ADD COLUMN suspension_id TEXT;

-- Every trust-and-safety act: who, when, what, about what, and the written reason.
CREATE TABLE trust_log (
    id          TEXT NOT NULL PRIMARY KEY,
    actor_id    TEXT NOT NULL REFERENCES users (id),
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX trust_log_time ON trust_log (created_at);
