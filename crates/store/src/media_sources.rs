//! Bucket prefixes registered for a project's media (issue 15): where an item's
//! "SOURCE:key" is fetched from. The secret key arrives sealed by the server and is
//! stored as it came; nothing here can read it.

use crate::sql::{query, query_as};
use crate::{Db, Result, StoreError};
use handprint_core::{ProjectId, Timestamp};

/// One registered source of a project.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MediaSourceRow {
    pub name: String,
    pub endpoint: String,
    pub bucket: String,
    pub prefix: String,
    pub region: String,
    pub access_key_id: String,
    /// The secret access key, sealed by the server (see `handprint_server::media`).
    pub secret_sealed: String,
    pub created_at: i64,
}

impl Db {
    /// Record a source; a conflict naming it when the project has one of that name.
    pub async fn add_media_source(
        &self,
        project: &ProjectId,
        source: &MediaSourceRow,
        now: Timestamp,
    ) -> Result<()> {
        self.write(|tx| {
            Box::pin(async move {
                let taken: Option<(String,)> =
                    query_as("SELECT name FROM media_sources WHERE project_id = $1 AND name = $2")
                        .bind(project)
                        .bind(&source.name)
                        .fetch_optional(&mut *tx)
                        .await?;
                if taken.is_some() {
                    return Err(StoreError::conflict(
                        "err-media-source-taken",
                        vec![("name", source.name.clone())],
                    ));
                }
                query(
                    r#"
                    INSERT INTO media_sources (project_id, name, endpoint, bucket, prefix,
                        region, access_key_id, secret_sealed, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    "#,
                )
                .bind(project)
                .bind(&source.name)
                .bind(&source.endpoint)
                .bind(&source.bucket)
                .bind(&source.prefix)
                .bind(&source.region)
                .bind(&source.access_key_id)
                .bind(&source.secret_sealed)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                Ok(())
            })
        })
        .await
    }

    /// The project's sources by name.
    pub async fn media_sources(&self, project: &ProjectId) -> Result<Vec<MediaSourceRow>> {
        Ok(query_as::<MediaSourceRow>(
            r#"
            SELECT name, endpoint, bucket, prefix, region, access_key_id, secret_sealed,
                created_at
            FROM media_sources WHERE project_id = $1 ORDER BY name
            "#,
        )
        .bind(project)
        .fetch_all(self)
        .await?)
    }

    /// One source of the project, if registered.
    pub async fn media_source(
        &self,
        project: &ProjectId,
        name: &str,
    ) -> Result<Option<MediaSourceRow>> {
        Ok(query_as::<MediaSourceRow>(
            r#"
            SELECT name, endpoint, bucket, prefix, region, access_key_id, secret_sealed,
                created_at
            FROM media_sources WHERE project_id = $1 AND name = $2
            "#,
        )
        .bind(project)
        .bind(name)
        .fetch_optional(self)
        .await?)
    }

    /// Forget a source (its credentials with it); false when there was none of that name.
    pub async fn delete_media_source(&self, project: &ProjectId, name: &str) -> Result<bool> {
        self.write(|tx| {
            Box::pin(async move {
                Ok(
                    query("DELETE FROM media_sources WHERE project_id = $1 AND name = $2")
                        .bind(project)
                        .bind(name)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected()
                        > 0,
                )
            })
        })
        .await
    }
}
