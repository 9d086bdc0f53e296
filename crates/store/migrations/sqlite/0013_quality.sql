-- Issue 13, control items and quality rules.
--
-- control_rate: the percentage (0 to 100) of a worker's items on the project that are
-- control items (items with a known answer), mixed into their work by the claim.
-- quality_rules: the project's quality rules as JSON (handprint_core::quality), read
-- after each submitted answer for the submitting worker only.
ALTER TABLE projects ADD COLUMN control_rate BIGINT NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN quality_rules TEXT NOT NULL DEFAULT '[]';

-- The claim's probe for an open control item (at control_rate > 0), as tasks_open is
-- for any open item.
CREATE INDEX tasks_open_control ON tasks (project_id, id)
    WHERE remaining > 0 AND known_answer IS NOT NULL;

-- One worker's assignments on one project: the claim's control share and the
-- quality rules read them, bounded by that worker's work on the project.
CREATE INDEX assignments_worker_project ON assignments (worker_id, project_id, state);
