-- Fewer index writes per claim and submit (issue 11). Every claim inserts an
-- assignment and every submit changes its state, and each index on assignments is
-- written with it; the indexes led by a worker are the dear ones (a hundred workers
-- append in a hundred places, each a page of its own in the commit).
--
-- assignments_worker (worker_id, state) goes: whatever read it reads
-- assignments_worker_project by its worker_id prefix, or assignments_worker_time.
DROP INDEX assignments_worker;
-- The worker's items in a project no longer sort by state, so a submit does not move
-- its entry; the few reads that filter on the state look at the row.
DROP INDEX assignments_worker_project;
CREATE INDEX assignments_worker_project ON assignments (worker_id, project_id);
-- The worker's live leases, read by every claim (a handful of rows, whatever the
-- history): before, the probe walked the worker's items of the project.
CREATE INDEX assignments_worker_leased ON assignments (worker_id, project_id, leased_at)
    WHERE state = 'leased';
-- Read only by project and review state, which a claim and a submit leave unset: no
-- longer written by either.
DROP INDEX assignments_review;
CREATE INDEX assignments_review ON assignments (project_id, review_state)
    WHERE review_state IS NOT NULL;
