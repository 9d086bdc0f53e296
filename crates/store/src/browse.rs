//! Reads for the requester's pages: the answers of a page of items, and the
//! answers' times (for the monitor's charts).

use crate::results::AnswerRow;
use crate::sql::{query_as, query_scalar};
use crate::{Db, Result};
use handprint_core::{ProjectId, TaskId, Timestamp};

/// A project's answers over time, as [`Db::answer_times`] reads them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswerTimes {
    /// Answers submitted in each of the last 24 hours, oldest hour first.
    pub per_hour: Vec<i64>,
    /// Measured working times of the latest answers, microseconds.
    pub recent_working: Vec<i64>,
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

    /// A project's answer times for its monitor, read in bounded memory whatever
    /// the number of answers: submissions per hour over the 24 hours before `now`
    /// (oldest hour first; counted by the database), and the measured working times
    /// of the latest `recent` answers (in no particular order).
    pub async fn answer_times(
        &self,
        project_id: &ProjectId,
        now: Timestamp,
        recent: i64,
    ) -> Result<AnswerTimes> {
        const HOUR: i64 = 3_600_000_000;
        let counts = query_as::<(i64, i64)>(
            r#"
            SELECT ($2 - ended_at) / $3 AS age, COUNT(*) FROM assignments
            WHERE project_id = $1 AND state = 'submitted' AND ended_at <= $2
            AND ended_at > $2 - 24 * $3
            GROUP BY age
            "#,
        )
        .bind(project_id)
        .bind(now)
        .bind(HOUR)
        .fetch_all(self)
        .await?;
        let mut per_hour = vec![0_i64; 24];
        for (age, count) in counts {
            if let Ok(age @ 0..24) = usize::try_from(age) {
                per_hour[23 - age] += count;
            }
        }
        // Assignment ids are UUIDv7, ordered by lease time: the index on
        // (project_id, state, id) gives the latest answers without a sort.
        let recent_working = query_scalar::<i64>(
            r#"
            SELECT COALESCE(working_micros, 0) FROM assignments
            WHERE project_id = $1 AND state = 'submitted' ORDER BY id DESC LIMIT $2
            "#,
        )
        .bind(project_id)
        .bind(recent)
        .fetch_all(self)
        .await?;
        Ok(AnswerTimes {
            per_hour,
            recent_working,
        })
    }
}
