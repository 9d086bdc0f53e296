-- Media uploaded to a project (issue 15): images, sounds and videos its items name
-- in their media field. The bytes live in the configured object store (local files
-- under the data directory, or S3-compatible storage) at projects/<project>/…;
-- this table is what exists, how big it is (counted toward the organisation's
-- media quota, max_media_mb_per_org) and its smaller rendition's size once made.
CREATE TABLE media (
    project_id   TEXT NOT NULL REFERENCES projects (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes        BIGINT NOT NULL,
    -- The smaller rendition of an image, once made; NULL: none yet (or not an image).
    small_bytes  BIGINT,
    sha256       TEXT NOT NULL,
    uploaded_at  BIGINT NOT NULL,
    PRIMARY KEY (project_id, name)
);
