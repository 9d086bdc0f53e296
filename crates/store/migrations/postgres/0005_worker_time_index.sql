-- A worker's assignments newest or oldest first (My work, the history page, the data
-- export's pages) without sorting all of them.
CREATE INDEX assignments_worker_time ON assignments (worker_id, leased_at, id);
