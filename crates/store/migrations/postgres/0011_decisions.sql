-- Issue 13: the decision log. Every automated decision about a worker — a
-- qualification granted, refused after a test (with the cooldown it starts) or lost,
-- a warning, a restriction, a requalification demanded, answers sent for a second
-- opinion, a score change that changes access — with the rule that made it, its
-- inputs (the numbers, as JSON), a coded reason (rendered in the worker's language),
-- and, when the worker asks, the human review that upholds or reverses it.
--
-- A decision's effect is read from the decision itself wherever it can be (a
-- restriction or a test's cooldown is "a decision of that kind, not reversed, whose
-- effect_until is still ahead"), so reversing it undoes the effect by changing its
-- state; effects kept elsewhere (a lost grant) are restored by the code that reverses.
--
-- organization_id is the organisation whose rule or test it was (it reviews the
-- decision); NULL for an operator's (operators review it).
-- state: in_effect, review_requested, upheld, reversed.
CREATE TABLE decisions (
    id                    TEXT PRIMARY KEY,
    worker_id             TEXT NOT NULL REFERENCES users (id),
    organization_id       TEXT REFERENCES organizations (id),
    project_id            TEXT REFERENCES projects (id),
    qualification_id      TEXT REFERENCES qualifications (id),
    kind                  TEXT NOT NULL CHECK (kind IN ('qualification_granted',
                              'qualification_refused', 'qualification_lost', 'warned',
                              'restricted', 'requalification_required', 'second_opinion',
                              'score_changed')),
    rule                  TEXT NOT NULL,
    inputs                TEXT NOT NULL,
    reason                TEXT NOT NULL,
    effect_until          BIGINT,
    made_by               TEXT NOT NULL,
    at                    BIGINT NOT NULL,
    state                 TEXT NOT NULL DEFAULT 'in_effect' CHECK (state IN ('in_effect',
                              'review_requested', 'upheld', 'reversed')),
    review_message        TEXT,
    review_requested_at   BIGINT,
    review_due_at         BIGINT,
    resolution_message    TEXT,
    resolved_by           TEXT REFERENCES users (id),
    resolved_at           BIGINT,
    resolved_automatically BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX decisions_worker ON decisions (worker_id, at);
CREATE INDEX decisions_effect ON decisions (worker_id, kind, project_id, qualification_id);
CREATE INDEX decisions_review ON decisions (state, review_due_at);
CREATE INDEX decisions_organization ON decisions (organization_id, state);
