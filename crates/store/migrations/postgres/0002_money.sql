-- Money: a double-entry ledger, escrow per project, review of answers, disputes,
-- payouts, and notices to requesters. Amounts are BIGINT minor units; times BIGINT
-- microseconds. The SQLite and PostgreSQL files of this number declare the same schema.

-- Escrow position of a project (see handprint_core::ledger::EscrowState): the escrow
-- account holds (funded_slots - settled_slots) x (reward + fee) + reserve, and settled_slots
-- counts the project's assignments with settled_at set.
ALTER TABLE projects ADD COLUMN review_window_seconds BIGINT NOT NULL DEFAULT 259200;
ALTER TABLE projects ADD COLUMN fee_basis_points BIGINT NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN reserve_basis_points BIGINT NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN funded_slots BIGINT NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN settled_slots BIGINT NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN reserve BIGINT NOT NULL DEFAULT 0;
-- settled_slots when the pay floor was last checked: the job skips projects with nothing new.
ALTER TABLE projects ADD COLUMN floor_checked_settled BIGINT NOT NULL DEFAULT -1;
-- Why the platform paused the project (e.g. top-ups the escrow could not cover); NULL otherwise.
ALTER TABLE projects ADD COLUMN paused_reason TEXT;

-- review_state: NULL while pending, then approved | rejected | rejection_final | overturned.
-- settled_at: when the answer's slot left the escrow (paid, or returned after a final rejection).
ALTER TABLE assignments ADD COLUMN review_state TEXT;
ALTER TABLE assignments ADD COLUMN reviewed_at BIGINT;
ALTER TABLE assignments ADD COLUMN rejection_reason TEXT;
ALTER TABLE assignments ADD COLUMN rejection_message TEXT;
ALTER TABLE assignments ADD COLUMN paid_reward BIGINT;
ALTER TABLE assignments ADD COLUMN topped_up BIGINT NOT NULL DEFAULT 0;
ALTER TABLE assignments ADD COLUMN settled_at BIGINT;
CREATE INDEX assignments_unreviewed ON assignments (ended_at) WHERE state = 'submitted' AND review_state IS NULL;
CREATE INDEX assignments_rejected ON assignments (reviewed_at) WHERE review_state = 'rejected';
CREATE INDEX assignments_review ON assignments (project_id, review_state);

-- One row per account; balance is kept equal to the sum of the account's entries.
CREATE TABLE ledger_accounts (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('org_available', 'escrow', 'worker_available',
                        'worker_pending', 'paid_out', 'platform_fees', 'external_deposits')),
    owner_id        TEXT,
    organization_id TEXT,
    balance         BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    CHECK (balance >= 0 OR kind = 'external_deposits')
);
CREATE INDEX ledger_accounts_org ON ledger_accounts (organization_id);
CREATE INDEX ledger_accounts_owner ON ledger_accounts (owner_id);

-- A balanced movement; applying the same idempotency key twice changes nothing.
CREATE TABLE ledger_transfers (
    id              TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    reason          TEXT NOT NULL,
    organization_id TEXT,
    project_id      TEXT,
    assignment_id   TEXT,
    memo            TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX ledger_transfers_assignment ON ledger_transfers (assignment_id);
CREATE INDEX ledger_transfers_project ON ledger_transfers (project_id);

-- One leg per (transfer, account); the legs of a transfer sum to zero.
CREATE TABLE ledger_entries (
    transfer_id TEXT NOT NULL REFERENCES ledger_transfers (id),
    account_id  TEXT NOT NULL REFERENCES ledger_accounts (id),
    amount      BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (transfer_id, account_id)
);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id, created_at);

CREATE TABLE disputes (
    id                TEXT PRIMARY KEY,
    assignment_id     TEXT NOT NULL UNIQUE REFERENCES assignments (id),
    project_id        TEXT NOT NULL REFERENCES projects (id),
    worker_id         TEXT NOT NULL REFERENCES users (id),
    worker_message    TEXT NOT NULL,
    requester_message TEXT,
    operator_message  TEXT,
    state             TEXT NOT NULL CHECK (state IN ('open', 'reversed', 'overturned', 'upheld')),
    opened_at         BIGINT NOT NULL,
    deadline_at       BIGINT NOT NULL,
    decided_at        BIGINT,
    decided_by        TEXT
);
CREATE INDEX disputes_open ON disputes (deadline_at) WHERE state = 'open';
CREATE INDEX disputes_project ON disputes (project_id);

CREATE TABLE payouts (
    id           TEXT PRIMARY KEY,
    worker_id    TEXT NOT NULL REFERENCES users (id),
    amount       BIGINT NOT NULL CHECK (amount > 0),
    provider     TEXT NOT NULL,
    destination  TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('requested', 'paid', 'failed')),
    reference    TEXT,
    note         TEXT,
    requested_at BIGINT NOT NULL,
    decided_at   BIGINT,
    decided_by   TEXT
);
CREATE INDEX payouts_worker ON payouts (worker_id, requested_at);
CREATE INDEX payouts_state ON payouts (state, requested_at);

-- What the platform told a requester about their project (top-ups, pauses).
CREATE TABLE project_notices (
    id         TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id),
    kind       TEXT NOT NULL,
    message    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX project_notices_project ON project_notices (project_id, created_at);
