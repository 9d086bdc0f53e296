-- Auto-approval backs off a project whose answers it could not pay (e.g. the
-- organisation cannot fund an answer beyond the escrowed slots): until this time
-- (microseconds since the epoch) the job passes over that project's answers, so
-- they never hold up other organisations' workers. NULL: no back-off.
ALTER TABLE projects ADD COLUMN auto_approve_retry_at BIGINT;
