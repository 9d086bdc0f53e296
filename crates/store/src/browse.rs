//! Reads for the requester's pages: the answers of a page of items, and the
//! time figures of every answer (for the monitor's charts).

use crate::results::AnswerRow;
use crate::sql::query_as;
use crate::{Db, Result};
use handprint_core::{ProjectId, TaskId};

/// When an answer was submitted and how long it took, in microseconds.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct AnswerTime {
    pub submitted_at: i64,
    pub working_micros: i64,
}

impl Db {
    /// Every submitted answer to the items `task_ids` of a project, by item then assignment.
    pub async fn answers_for_tasks(
        &self,
        project_id: &ProjectId,
        task_ids: &[TaskId],
    ) -> Result<Vec<AnswerRow>> {
        if task_ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> =
            (0..task_ids.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            r#"
            SELECT a.id AS assignment_id, a.task_id, t.external_id, a.worker_id, a.answer,
            COALESCE(a.working_micros, 0) AS working_micros, a.leased_at, COALESCE(a.ended_at, 0)
                AS submitted_at,
            t.data, a.review_state, a.rejection_reason
            FROM assignments a JOIN tasks t ON t.id = a.task_id
            WHERE a.state = 'submitted' AND a.project_id = $1 AND a.task_id IN ({}) ORDER BY
                a.task_id, a.id
            "#,
            placeholders.join(", ")
        );
        let rows = ({
            let mut q = query_as::<AnswerRow>(sqlx::AssertSqlSafe(sql.as_str())).bind(project_id);
            for id in task_ids {
                q = q.bind(id);
            }
            q.fetch_all(self).await
        })?;
        crate::review::known_review_states(rows.iter().map(|r| r.review_state.as_deref()))?;
        Ok(rows)
    }

    /// Submission time and measured working time of every answer of a project (oldest first).
    pub async fn answer_times(&self, project_id: &ProjectId) -> Result<Vec<AnswerTime>> {
        Ok((query_as::<AnswerTime>(
            r#"
            SELECT COALESCE(ended_at, 0) AS submitted_at, COALESCE(working_micros, 0) AS
                working_micros
            FROM assignments WHERE project_id = $1 AND state = 'submitted' ORDER BY ended_at
            "#,
        )
        .bind(project_id)
        .fetch_all(self)
        .await)?)
    }
}
