-- Sensitive content (issue 16): the categories a project declares, as rows the claim
-- reads; each worker's opt-ins; their measured exposure per category and UTC day; and
-- the alerts settings object (filled by the job alerts part).

-- One row per sensitive category a project declares ("none" is not stored).
CREATE TABLE project_sensitive (
    project_id  TEXT NOT NULL REFERENCES projects (id),
    category    TEXT NOT NULL,
    PRIMARY KEY (project_id, category)
);

INSERT INTO project_sensitive (project_id, category)
SELECT DISTINCT p.id, j.value FROM projects p, json_array_elements_text(p.sensitive_content::json) j
WHERE j.value <> 'none';

-- The categories a worker agreed to be shown; none by default.
CREATE TABLE worker_sensitive_opt_ins (
    worker_id   TEXT NOT NULL REFERENCES users (id),
    category    TEXT NOT NULL,
    PRIMARY KEY (worker_id, category)
);

-- Measured time (microseconds) a worker spent on items of a category on one UTC day
-- (days since the epoch), and the day's cap in force when it was last added to: the
-- claim leases no item of the category once micros reaches cap_micros.
CREATE TABLE sensitive_exposure (
    worker_id   TEXT NOT NULL REFERENCES users (id),
    category    TEXT NOT NULL,
    day         BIGINT NOT NULL,
    micros      BIGINT NOT NULL,
    cap_micros  BIGINT NOT NULL,
    PRIMARY KEY (worker_id, category, day)
);

-- A worker's other settings: alerts is a JSON object (the job alerts part fills its keys).
CREATE TABLE worker_settings (
    worker_id   TEXT NOT NULL PRIMARY KEY REFERENCES users (id),
    alerts      TEXT NOT NULL
);
