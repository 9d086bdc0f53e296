-- Fair allocation (issue 16): each worker's place in the queue for work. A worker
-- waits from `waiting_since` (NULL: not waiting) while their last ask (`asked_at`) is
-- recent, for one project or for any ('' in project_id); `served_at` is when they
-- were last given an item, which orders the queue (least recently served first).
CREATE TABLE allocation_queue (
    worker_id TEXT NOT NULL PRIMARY KEY REFERENCES users (id),
    project_id TEXT NOT NULL,
    waiting_since BIGINT,
    asked_at BIGINT NOT NULL,
    served_at BIGINT
);
CREATE INDEX allocation_queue_waiting ON allocation_queue (asked_at) WHERE waiting_since IS NOT NULL;
-- A project's leases of the last hour, for the per-worker share cap.
CREATE INDEX assignments_project_time ON assignments (project_id, leased_at);
