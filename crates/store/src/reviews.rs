//! Workers' reviews of requester organisations (issue 16): one per worker per
//! project, editable, answered publicly by the organisation. A review names no
//! worker; `signed_as` is what the worker chose to sign with, if anything.

use crate::sql::{query, query_as, query_scalar};
use crate::{Db, Result, StoreError, new_id};
use handprint_core::{OrganizationId, ProjectId, Timestamp, UserId};

/// A review as everyone reads it (the worker's id stays in the database).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReviewRow {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub organization_id: OrganizationId,
    #[sqlx(try_from = "String")]
    pub project_id: ProjectId,
    pub project_title: String,
    pub rating: i64,
    pub body: String,
    pub signed_as: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub answer: Option<String>,
    pub answered_at: Option<i64>,
}

/// What a worker writes.
pub struct NewReview<'a> {
    pub organization_id: &'a OrganizationId,
    pub project_id: &'a ProjectId,
    pub worker_id: &'a UserId,
    pub rating: i64,
    pub body: &'a str,
    pub signed_as: Option<&'a str>,
}

const SELECT: &str = r#"
    SELECT r.id, r.organization_id, r.project_id, p.title AS project_title, r.rating, r.body,
        r.signed_as, r.created_at, r.updated_at, r.answer, r.answered_at
    FROM requester_reviews r JOIN projects p ON p.id = r.project_id
"#;

impl Db {
    /// Whether `worker_id` submitted at least one answer to `project_id`: who may review.
    pub async fn worked_on_project(
        &self,
        worker_id: &UserId,
        project_id: &ProjectId,
    ) -> Result<bool> {
        let n: i64 = query_scalar(
            r#"
            SELECT COUNT(*) FROM assignments
            WHERE worker_id = $1 AND project_id = $2 AND state = 'submitted'
            "#,
        )
        .bind(worker_id)
        .bind(project_id)
        .fetch_one(self)
        .await?;
        Ok(n > 0)
    }

    /// The projects of `org` that `worker_id` submitted an answer to (id, title), by title:
    /// what the worker may review.
    pub async fn worked_projects(
        &self,
        worker_id: &UserId,
        org: &OrganizationId,
    ) -> Result<Vec<(String, String)>> {
        Ok(query_as(
            r#"
            SELECT p.id, p.title FROM projects p
            WHERE p.organization_id = $1 AND EXISTS (SELECT 1 FROM assignments a
                WHERE a.project_id = p.id AND a.worker_id = $2 AND a.state = 'submitted')
            ORDER BY p.title, p.id
            "#,
        )
        .bind(org)
        .bind(worker_id)
        .fetch_all(self)
        .await?)
    }

    /// Write the worker's review of the project, or change it if they wrote one
    /// (the organisation's answer stays). The boolean is true when it is new.
    pub async fn put_review(&self, r: NewReview<'_>, now: Timestamp) -> Result<(ReviewRow, bool)> {
        let existing: Option<String> = query_scalar(
            "SELECT id FROM requester_reviews WHERE project_id = $1 AND worker_id = $2",
        )
        .bind(r.project_id)
        .bind(r.worker_id)
        .fetch_optional(self)
        .await?;
        let (id, created) = match existing {
            Some(id) => {
                query(
                    r#"
                    UPDATE requester_reviews SET rating = $1, body = $2, signed_as = $3,
                        updated_at = $4
                    WHERE id = $5
                    "#,
                )
                .bind(r.rating)
                .bind(r.body)
                .bind(r.signed_as)
                .bind(now)
                .bind(&id)
                .execute(self)
                .await?;
                (id, false)
            }
            None => {
                let id = new_id();
                query(
                    r#"
                    INSERT INTO requester_reviews (id, organization_id, project_id, worker_id,
                        rating, body, signed_as, created_at, updated_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
                    "#,
                )
                .bind(&id)
                .bind(r.organization_id)
                .bind(r.project_id)
                .bind(r.worker_id)
                .bind(r.rating)
                .bind(r.body)
                .bind(r.signed_as)
                .bind(now)
                .execute(self)
                .await
                .map_err(|e| StoreError::unique_as(e, "project_id"))?;
                (id, true)
            }
        };
        Ok((self.review(&id).await?, created))
    }

    /// One review by id (404 as [`crate::Entity::Review`]).
    pub async fn review(&self, id: &str) -> Result<ReviewRow> {
        query_as::<ReviewRow>(sqlx::AssertSqlSafe(format!("{SELECT} WHERE r.id = $1")))
            .bind(id)
            .fetch_optional(self)
            .await?
            .ok_or(StoreError::NotFound(crate::Entity::Review))
    }

    /// An organisation's reviews, most recently written or changed first.
    pub async fn organization_reviews(&self, org: &OrganizationId) -> Result<Vec<ReviewRow>> {
        Ok(query_as::<ReviewRow>(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE r.organization_id = $1 ORDER BY r.updated_at DESC, r.id"
        )))
        .bind(org)
        .fetch_all(self)
        .await?)
    }

    /// The organisation's public answer to a review (replaces an earlier answer).
    pub async fn answer_review(
        &self,
        id: &str,
        by: &UserId,
        answer: &str,
        now: Timestamp,
    ) -> Result<ReviewRow> {
        query(
            r#"
            UPDATE requester_reviews SET answer = $1, answered_by = $2, answered_at = $3
            WHERE id = $4
            "#,
        )
        .bind(answer)
        .bind(by)
        .bind(now)
        .bind(id)
        .execute(self)
        .await?;
        self.review(id).await
    }
}
