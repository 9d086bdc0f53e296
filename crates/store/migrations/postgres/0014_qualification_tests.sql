-- Issue 13, second part: test qualifications. A test has items with known answers
-- (and training items that show the answer and an explanation), a pass score, a
-- cooldown before a retake, and a reward per item answered: every test and training
-- answer is paid, from an escrow funded for max_takers takers of every item (the same
-- escrow rules as a project's: funded_slots, settled_slots, fee_basis_points; the
-- escrow account is owned by the qualification). closed_at: no new attempts, and the
-- escrow no attempt in progress needs went back to the organisation.
ALTER TABLE qualifications ADD COLUMN template TEXT;
ALTER TABLE qualifications ADD COLUMN pass_score BIGINT;
ALTER TABLE qualifications ADD COLUMN retake_after_seconds BIGINT;
ALTER TABLE qualifications ADD COLUMN reward BIGINT;
ALTER TABLE qualifications ADD COLUMN estimated_seconds BIGINT;
ALTER TABLE qualifications ADD COLUMN max_takers BIGINT;
ALTER TABLE qualifications ADD COLUMN funded_slots BIGINT NOT NULL DEFAULT 0;
ALTER TABLE qualifications ADD COLUMN settled_slots BIGINT NOT NULL DEFAULT 0;
ALTER TABLE qualifications ADD COLUMN fee_basis_points BIGINT NOT NULL DEFAULT 0;
ALTER TABLE qualifications ADD COLUMN closed_at BIGINT;

-- A test's items, in the order they were added (position). training = 1: shown with
-- its answer and explanation once answered, never counted in the score.
CREATE TABLE qualification_items (
    id               TEXT PRIMARY KEY,
    qualification_id TEXT NOT NULL REFERENCES qualifications (id),
    position         BIGINT NOT NULL,
    external_id      TEXT,
    data             TEXT NOT NULL,
    known_answer     TEXT NOT NULL,
    training         BIGINT NOT NULL DEFAULT 0,
    explanation      TEXT,
    created_at       BIGINT NOT NULL,
    UNIQUE (qualification_id, position),
    UNIQUE (qualification_id, external_id)
);

-- One taking of a test by a worker: finished when its last test item is answered,
-- with the score (percent of test items answered right) and whether it passed.
CREATE TABLE qualification_attempts (
    id               TEXT PRIMARY KEY,
    qualification_id TEXT NOT NULL REFERENCES qualifications (id),
    worker_id        TEXT NOT NULL REFERENCES users (id),
    started_at       BIGINT NOT NULL,
    finished_at      BIGINT,
    items            BIGINT,
    correct          BIGINT,
    score            BIGINT,
    passed           BIGINT
);
CREATE INDEX qualification_attempts_worker ON qualification_attempts (worker_id, qualification_id, started_at);

-- Each item of an attempt, leased then answered once. Its id is submitted through
-- the same route as an assignment's. correct is NULL for a training item; paid is
-- the reward paid for the answer (under the ledger key pay:<id>).
CREATE TABLE qualification_answers (
    id           TEXT PRIMARY KEY,
    attempt_id   TEXT NOT NULL REFERENCES qualification_attempts (id),
    item_id      TEXT NOT NULL REFERENCES qualification_items (id),
    worker_id    TEXT NOT NULL REFERENCES users (id),
    leased_at    BIGINT NOT NULL,
    answer       TEXT,
    submitted_at BIGINT,
    correct      BIGINT,
    paid         BIGINT,
    UNIQUE (attempt_id, item_id)
);

-- A grant made by a passed test has no person behind it: by_user is NULL then.
ALTER TABLE qualification_events ALTER COLUMN by_user DROP NOT NULL;
