-- Auto-approval backs off a project whose answers it could not pay (e.g. the
-- organisation cannot fund an answer beyond the escrowed slots): until this time
-- (microseconds since the epoch) the job passes over that project's answers, so
-- they never hold up other organisations' workers. NULL: no back-off.
ALTER TABLE projects ADD COLUMN auto_approve_retry_at BIGINT;

-- What each project's items hold (issue 12, finding 10): an organisation's projects
-- never published may hold only so many items and bytes together
-- (max_draft_items_per_org, max_draft_mb_per_org). Kept up to date by every import;
-- counted here once for the items already stored. Bytes are the stored JSON's.
ALTER TABLE projects ADD COLUMN item_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN item_bytes BIGINT NOT NULL DEFAULT 0;
UPDATE projects SET
    item_count = (SELECT COUNT(*) FROM tasks t WHERE t.project_id = projects.id),
    item_bytes = (SELECT COALESCE(CAST(SUM(OCTET_LENGTH(t.data)) AS BIGINT), 0) FROM tasks t
                  WHERE t.project_id = projects.id);

-- A payout request's idempotency key (issue 12, finding 15): the same key from the
-- same worker is the same request (a double click on the form, a retried API call).
ALTER TABLE payouts ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX payouts_worker_key ON payouts (worker_id, idempotency_key);

-- How an organisation's name compares with the others' (issue 12, finding 15): NFKC,
-- case-folded, spaces collapsed (handprint_core::account::organization_name_key). No two
-- organisations share it, so no one signs up as a look-alike of another. Filled in for
-- the organisations already there when the server migrates (Db::migrate).
ALTER TABLE organizations ADD COLUMN name_key TEXT;
CREATE UNIQUE INDEX organizations_name_key ON organizations (name_key);
