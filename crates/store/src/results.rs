//! Results: a project's progress and its answers, read in pages for streaming.

use crate::sql::{query_as, query_scalar};
use crate::{Db, Result};
use handprint_core::Timestamp;
use handprint_core::{AssignmentId, ProjectId, TaskId, UserId};

/// Where a project stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    pub tasks: i64,
    /// Items that have collected the requested number of answers.
    pub tasks_complete: i64,
    pub answers: i64,
    pub live_leases: i64,
    pub workers: i64,
    /// Sum of measured working time of all answers, in microseconds.
    pub working_micros: i64,
}

/// One submitted answer with the item it belongs to.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AnswerRow {
    #[sqlx(try_from = "String")]
    pub assignment_id: AssignmentId,
    #[sqlx(try_from = "String")]
    pub task_id: TaskId,
    pub external_id: Option<String>,
    #[sqlx(try_from = "String")]
    pub worker_id: UserId,
    pub answer: String,
    pub working_micros: i64,
    pub leased_at: i64,
    pub submitted_at: i64,
    /// The item's data (JSON text).
    pub data: String,
    /// None while pending, then approved | rejected | rejection_final | overturned.
    pub review_state: Option<String>,
    pub rejection_reason: Option<String>,
}

impl Db {
    pub async fn progress(
        &self,
        project_id: &ProjectId,
        answers_per_task: i64,
        now: Timestamp,
    ) -> Result<Progress> {
        let (tasks, complete): (i64, i64) = (query_as(
            r#"
            SELECT COUNT(*), COALESCE(CAST(SUM(CASE WHEN answers >= $2 THEN 1 ELSE 0 END) AS
                BIGINT), 0)
            FROM tasks WHERE project_id = $1
            "#,
        )
        .bind(project_id)
        .bind(answers_per_task)
        .fetch_one(self)
        .await)?;
        let (answers, workers, working): (i64, i64, i64) = (query_as(
            r#"
            SELECT COUNT(*), COUNT(DISTINCT worker_id), COALESCE(CAST(SUM(working_micros) AS
                BIGINT), 0)
            FROM assignments WHERE project_id = $1 AND state = 'submitted'
            "#,
        )
        .bind(project_id)
        .fetch_one(self)
        .await)?;
        let live: i64 = (query_scalar(
            r#"
            SELECT COUNT(*) FROM assignments WHERE project_id = $1 AND state = 'leased' AND
            expires_at > $2
            "#,
        )
        .bind(project_id)
        .bind(now)
        .fetch_one(self)
        .await)?;
        Ok(Progress {
            tasks,
            tasks_complete: complete,
            answers,
            live_leases: live,
            workers,
            working_micros: working,
        })
    }

    /// Up to `limit` answers of a project after the assignment `after` (by id), in id order.
    pub async fn answers_page(
        &self,
        project_id: &ProjectId,
        after: &AssignmentId,
        limit: i64,
    ) -> Result<Vec<AnswerRow>> {
        let rows = (query_as::<AnswerRow>(
            r#"
            SELECT a.id AS assignment_id, a.task_id, t.external_id, a.worker_id, a.answer,
            COALESCE(a.working_micros, 0) AS working_micros, a.leased_at, COALESCE(a.ended_at, 0)
                AS submitted_at,
            t.data, a.review_state, a.rejection_reason
            FROM assignments a JOIN tasks t ON t.id = a.task_id
            WHERE a.project_id = $1 AND a.state = 'submitted' AND a.id > $2 ORDER BY a.id LIMIT $3
            "#,
        )
        .bind(project_id)
        .bind(after)
        .bind(limit)
        .fetch_all(self)
        .await)?;
        crate::review::known_review_states(rows.iter().map(|r| r.review_state.as_deref()))?;
        Ok(rows)
    }
}
