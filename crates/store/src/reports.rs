//! Workers' reports of broken tasks (an image that does not load, an item in the
//! wrong language). Reporting gives the task back, free; the requester reads them.

use crate::sql::{query, query_as, query_scalar};
use crate::{Db, Result, StoreError, new_id};
use handprint_core::ProjectId;
use handprint_core::{AssignmentId, TaskId, Timestamp, UserId};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRow {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub task_id: TaskId,
    pub external_id: Option<String>,
    pub reason: String,
    pub created_at: i64,
}

impl Db {
    /// Record a report on a worker's own assignment; a second report of the same assignment is ignored.
    pub async fn report_task(
        &self,
        assignment_id: &AssignmentId,
        worker_id: &UserId,
        reason: &str,
        now: Timestamp,
    ) -> Result<()> {
        let a = self.assignment(assignment_id).await?;
        if a.worker_id != *worker_id {
            return Err(StoreError::NotFound(crate::Entity::Assignment));
        }
        (query(
            r#"
            INSERT INTO task_reports (id, task_id, project_id, worker_id, assignment_id, reason,
                created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (assignment_id) DO NOTHING
            "#,
        )
        .bind(new_id())
        .bind(&a.task_id)
        .bind(&a.project_id)
        .bind(worker_id)
        .bind(assignment_id)
        .bind(reason)
        .bind(now)
        .execute(self)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// A project's reports, newest first.
    pub async fn task_reports(&self, project_id: &ProjectId, limit: i64) -> Result<Vec<ReportRow>> {
        Ok((query_as::<ReportRow>(
            r#"
            SELECT r.id, r.task_id, t.external_id, r.reason, r.created_at FROM task_reports r
            JOIN tasks t ON t.id = r.task_id WHERE r.project_id = $1 ORDER BY r.created_at DESC,
                r.id LIMIT $2
            "#,
        )
        .bind(project_id)
        .bind(limit)
        .fetch_all(self)
        .await)?)
    }

    pub async fn task_report_count(&self, project_id: &ProjectId) -> Result<i64> {
        Ok(
            (query_scalar::<i64>("SELECT COUNT(*) FROM task_reports WHERE project_id = $1")
                .bind(project_id)
                .fetch_one(self)
                .await)?,
        )
    }
}
