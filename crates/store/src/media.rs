//! Media uploaded to projects (issue 15): what exists, its type and size, the size of
//! its smaller rendition. The bytes themselves are in the object store the server
//! configures; this is the index the quota, the listing and the import check read.

use crate::sql::{query, query_as, query_scalar};
use crate::{Db, Result, StoreError};
use handprint_core::{OrganizationId, ProjectId, Timestamp};

/// One uploaded file of a project.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MediaRow {
    pub name: String,
    pub content_type: String,
    pub bytes: i64,
    /// The smaller rendition's size, once made (images only).
    pub small_bytes: Option<i64>,
    pub sha256: String,
    pub uploaded_at: i64,
}

/// A file to record (its bytes are stored by the caller).
pub struct NewMedia<'a> {
    pub project: &'a ProjectId,
    pub organization: &'a OrganizationId,
    pub name: &'a str,
    pub content_type: &'a str,
    pub bytes: i64,
    pub sha256: &'a str,
    pub now: Timestamp,
    /// The most media bytes the organisation's projects may hold together.
    pub quota_bytes: i64,
}

impl Db {
    /// Record an uploaded file (replacing one of the same name), refused with a
    /// conflict naming the quota when the organisation's media, this file counted in
    /// place of the one it replaces, would exceed `quota_bytes`.
    pub async fn put_media(&self, m: &NewMedia<'_>) -> Result<()> {
        self.write(|tx| {
            Box::pin(async move {
                let used: i64 = query_scalar(
                    r#"
                    SELECT COALESCE(CAST(SUM(m.bytes + COALESCE(m.small_bytes, 0)) AS BIGINT), 0)
                    FROM media m JOIN projects p ON p.id = m.project_id
                    WHERE p.organization_id = $1 AND NOT (m.project_id = $2 AND m.name = $3)
                    "#,
                )
                .bind(m.organization)
                .bind(m.project)
                .bind(m.name)
                .fetch_one(&mut *tx)
                .await?;
                if used + m.bytes > m.quota_bytes {
                    return Err(StoreError::conflict(
                        "err-media-quota",
                        vec![
                            ("name", m.name.to_string()),
                            ("limit", m.quota_bytes.to_string()),
                            ("used", used.to_string()),
                            ("adding", m.bytes.to_string()),
                        ],
                    ));
                }
                query(
                    r#"
                    INSERT INTO media (project_id, name, content_type, bytes, small_bytes,
                        sha256, uploaded_at)
                    VALUES ($1, $2, $3, $4, NULL, $5, $6)
                    ON CONFLICT (project_id, name) DO UPDATE SET
                        content_type = excluded.content_type, bytes = excluded.bytes,
                        small_bytes = NULL, sha256 = excluded.sha256,
                        uploaded_at = excluded.uploaded_at
                    "#,
                )
                .bind(m.project)
                .bind(m.name)
                .bind(m.content_type)
                .bind(m.bytes)
                .bind(m.sha256)
                .bind(m.now)
                .execute(&mut *tx)
                .await?;
                Ok(())
            })
        })
        .await
    }

    /// Forget one file (its bytes could not be stored after it was recorded).
    pub async fn forget_media(&self, project: &ProjectId, name: &str) -> Result<()> {
        self.write(|tx| {
            Box::pin(async move {
                query("DELETE FROM media WHERE project_id = $1 AND name = $2")
                    .bind(project)
                    .bind(name)
                    .execute(&mut *tx)
                    .await?;
                Ok(())
            })
        })
        .await
    }

    /// The project's files by name.
    pub async fn media_list(&self, project: &ProjectId) -> Result<Vec<MediaRow>> {
        Ok(query_as::<MediaRow>(
            r#"
            SELECT name, content_type, bytes, small_bytes, sha256, uploaded_at
            FROM media WHERE project_id = $1 ORDER BY name
            "#,
        )
        .bind(project)
        .fetch_all(self)
        .await?)
    }

    /// One file of the project, if it was uploaded.
    pub async fn media_file(&self, project: &ProjectId, name: &str) -> Result<Option<MediaRow>> {
        Ok(query_as::<MediaRow>(
            r#"
            SELECT name, content_type, bytes, small_bytes, sha256, uploaded_at
            FROM media WHERE project_id = $1 AND name = $2
            "#,
        )
        .bind(project)
        .bind(name)
        .fetch_optional(self)
        .await?)
    }

    /// Record the size of a file's smaller rendition, once made.
    pub async fn set_media_small(&self, project: &ProjectId, name: &str, bytes: i64) -> Result<()> {
        self.write(|tx| {
            Box::pin(async move {
                query("UPDATE media SET small_bytes = $1 WHERE project_id = $2 AND name = $3")
                    .bind(bytes)
                    .bind(project)
                    .bind(name)
                    .execute(&mut *tx)
                    .await?;
                Ok(())
            })
        })
        .await
    }

    /// Projects that ended (completed or cancelled) before `ended_before` and still
    /// hold media or bucket sources: the retention job deletes their files and sources.
    pub async fn media_past_retention(&self, ended_before: Timestamp) -> Result<Vec<ProjectId>> {
        let ids: Vec<String> = query_scalar(
            r#"
            SELECT p.id FROM projects p
            WHERE p.state IN ('completed', 'cancelled') AND p.updated_at < $1
              AND (EXISTS (SELECT 1 FROM media m WHERE m.project_id = p.id)
                OR EXISTS (SELECT 1 FROM media_sources s WHERE s.project_id = p.id))
            ORDER BY p.id
            "#,
        )
        .bind(ended_before)
        .fetch_all(self)
        .await?;
        Ok(ids.into_iter().map(ProjectId::from).collect())
    }

    /// Forget every file of a project (after its bytes were deleted) and its bucket
    /// sources with their credentials; returns how many files were forgotten.
    pub async fn forget_project_media(&self, project: &ProjectId) -> Result<u64> {
        self.write(|tx| {
            Box::pin(async move {
                query("DELETE FROM media_sources WHERE project_id = $1")
                    .bind(project)
                    .execute(&mut *tx)
                    .await?;
                Ok(query("DELETE FROM media WHERE project_id = $1")
                    .bind(project)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected())
            })
        })
        .await
    }
}
