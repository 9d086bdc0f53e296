-- Issue 13: dynamic overlap. A project may collect between overlap_min and
-- overlap_max answers per item (answers_per_task is then overlap_max, which escrow
-- covers at publish), stopping an item once the share of its answers agreeing with
-- its majority label reaches overlap_confidence_bp (basis points: 9000 = 0.9).
-- All three NULL: the fixed answers_per_task.
ALTER TABLE projects ADD COLUMN overlap_min BIGINT;
ALTER TABLE projects ADD COLUMN overlap_max BIGINT;
ALTER TABLE projects ADD COLUMN overlap_confidence_bp BIGINT;

-- 1 once dynamic overlap stopped the item: it takes no more answers (a returned or
-- expired lease gives no slot back), and its unused slots' escrow went back to the
-- requester.
ALTER TABLE tasks ADD COLUMN stopped BIGINT NOT NULL DEFAULT 0;
