//! A worker's own data for export (data portability): their assignments with the
//! project, the requester organisation's name, the review and the dispute, read a page
//! at a time so a long history is never held whole; and the tasks they reported.

use crate::sql::query_as;
use crate::{Db, Result};
use handprint_core::ProjectId;
use handprint_core::{AssignmentId, TaskId, UserId};

/// One of a worker's assignments, with what the worker may see about it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExportAssignmentRow {
    #[sqlx(try_from = "String")]
    pub id: AssignmentId,
    #[sqlx(try_from = "String")]
    pub project_id: ProjectId,
    pub project_title: String,
    pub organization_name: String,
    /// The project's reward per answer, minor units (none before it is set).
    pub reward: Option<i64>,
    #[sqlx(try_from = "String")]
    pub task_id: TaskId,
    #[sqlx(try_from = "String")]
    pub state: handprint_core::work::AssignmentState,
    pub leased_at: i64,
    pub ended_at: Option<i64>,
    pub working_micros: Option<i64>,
    pub answer: Option<String>,
    pub paid_reward: Option<i64>,
    pub topped_up: i64,
    pub review_state: Option<String>,
    pub reviewed_at: Option<i64>,
    pub rejection_reason: Option<String>,
    pub rejection_message: Option<String>,
    pub dispute_id: Option<String>,
    pub dispute_state: Option<String>,
    pub dispute_opened_at: Option<i64>,
    pub dispute_decided_at: Option<i64>,
    pub dispute_worker_message: Option<String>,
    pub dispute_requester_message: Option<String>,
    pub dispute_operator_message: Option<String>,
}

/// A task the worker reported as broken.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OwnReportRow {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub project_id: ProjectId,
    #[sqlx(try_from = "String")]
    pub task_id: TaskId,
    #[sqlx(try_from = "String")]
    pub assignment_id: AssignmentId,
    pub reason: String,
    pub created_at: i64,
}

/// Where the next page of a worker's assignments starts: after this (leased_at, id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentCursor {
    pub leased_at: i64,
    pub id: AssignmentId,
}

impl AssignmentCursor {
    /// Before every assignment.
    pub fn start() -> Self {
        AssignmentCursor {
            leased_at: i64::MIN,
            id: AssignmentId::default(),
        }
    }
}

impl Db {
    /// Up to `limit` of a worker's assignments after `after`, oldest first (keyset paging
    /// on (leased_at, id), so each page costs the same however far in it is). Only the
    /// worker's own rows: no other worker's answer, no requester user.
    pub async fn worker_export_page(
        &self,
        worker_id: &UserId,
        after: &AssignmentCursor,
        limit: i64,
    ) -> Result<Vec<ExportAssignmentRow>> {
        let rows = (query_as::<ExportAssignmentRow>(
            r#"
            SELECT a.id, a.project_id, p.title AS project_title, o.name AS organization_name,
            p.reward, a.task_id, a.state, a.leased_at, a.ended_at, a.working_micros, a.answer,
            a.paid_reward, a.topped_up, a.review_state, a.reviewed_at, a.rejection_reason,
            a.rejection_message, d.id AS dispute_id, d.state AS dispute_state,
            d.opened_at AS dispute_opened_at, d.decided_at AS dispute_decided_at,
            d.worker_message AS dispute_worker_message,
            d.requester_message AS dispute_requester_message,
            d.operator_message AS dispute_operator_message
            FROM assignments a
            JOIN projects p ON p.id = a.project_id
            JOIN organizations o ON o.id = p.organization_id
            LEFT JOIN disputes d ON d.assignment_id = a.id
            WHERE a.worker_id = $1 AND (a.leased_at > $2 OR (a.leased_at = $2 AND a.id > $3))
            ORDER BY a.leased_at, a.id LIMIT $4
            "#,
        )
        .bind(worker_id)
        .bind(after.leased_at)
        .bind(&after.id)
        .bind(limit)
        .fetch_all(self)
        .await)?;
        crate::review::known_review_states(rows.iter().map(|r| r.review_state.as_deref()))?;
        Ok(rows)
    }

    /// The tasks a worker reported, oldest first.
    pub async fn reports_by_worker(&self, worker_id: &UserId) -> Result<Vec<OwnReportRow>> {
        Ok((query_as::<OwnReportRow>(
            r#"
            SELECT id, project_id, task_id, assignment_id, reason, created_at FROM task_reports
            WHERE worker_id = $1 ORDER BY created_at, id
            "#,
        )
        .bind(worker_id)
        .fetch_all(self)
        .await)?)
    }
}
