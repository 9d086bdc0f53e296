//! Stored handprints: every export made with a handprint is kept (the signed statement
//! and its envelope), for its public page and its organisation's list.

use crate::sql::{query, query_as};
use crate::{Db, Entity, Result, StoreError, new_id};
use handprint_core::{HandprintId, OrganizationId, ProjectId, Timestamp};

/// A handprint being kept.
#[derive(Debug, Clone)]
pub struct NewHandprint<'a> {
    pub project: &'a ProjectId,
    pub organization: &'a OrganizationId,
    /// The in-toto statement's JSON.
    pub statement: &'a str,
    /// The DSSE envelope's JSON, as written beside the data.
    pub envelope: &'a str,
    pub published: bool,
    pub now: Timestamp,
}

/// One kept handprint.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HandprintRow {
    #[sqlx(try_from = "String")]
    pub id: HandprintId,
    #[sqlx(try_from = "String")]
    pub project_id: ProjectId,
    #[sqlx(try_from = "String")]
    pub organization_id: OrganizationId,
    pub statement: String,
    pub envelope: String,
    /// 1 when anyone may read it, 0 when only its organisation may.
    pub published: i64,
    pub created_at: Timestamp,
}

impl HandprintRow {
    pub fn is_published(&self) -> bool {
        self.published == 1
    }
}

const COLUMNS: &str = "id, project_id, organization_id, statement, envelope, published, created_at";

impl Db {
    /// Keep a handprint; returns its new id.
    pub async fn insert_handprint(&self, h: &NewHandprint<'_>) -> Result<HandprintId> {
        let id = HandprintId::from(new_id());
        query(
            r#"
            INSERT INTO handprints (id, project_id, organization_id, statement, envelope,
                published, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            "#,
        )
        .bind(&id)
        .bind(h.project)
        .bind(h.organization)
        .bind(h.statement)
        .bind(h.envelope)
        .bind(i64::from(h.published))
        .bind(h.now)
        .execute(self)
        .await?;
        Ok(id)
    }

    pub async fn handprint(&self, id: &HandprintId) -> Result<HandprintRow> {
        query_as::<HandprintRow>(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM handprints WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self)
        .await?
        .ok_or(StoreError::NotFound(Entity::Handprint))
    }

    /// An organisation's handprints, newest first (at most `limit`).
    pub async fn handprints_of_organization(
        &self,
        organization: &OrganizationId,
        limit: i64,
    ) -> Result<Vec<HandprintRow>> {
        Ok(query_as::<HandprintRow>(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM handprints WHERE organization_id = $1 \
             ORDER BY created_at DESC, id DESC LIMIT $2"
        )))
        .bind(organization)
        .bind(limit)
        .fetch_all(self)
        .await?)
    }

    /// A project's handprints, newest first (at most `limit`).
    pub async fn handprints_of_project(
        &self,
        project: &ProjectId,
        limit: i64,
    ) -> Result<Vec<HandprintRow>> {
        Ok(query_as::<HandprintRow>(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM handprints WHERE project_id = $1 \
             ORDER BY created_at DESC, id DESC LIMIT $2"
        )))
        .bind(project)
        .bind(limit)
        .fetch_all(self)
        .await?)
    }

    /// Publish a handprint or keep it to its organisation.
    pub async fn set_handprint_published(&self, id: &HandprintId, published: bool) -> Result<()> {
        let done = query("UPDATE handprints SET published = $1 WHERE id = $2")
            .bind(i64::from(published))
            .bind(id)
            .execute(self)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(Entity::Handprint));
        }
        Ok(())
    }
}
