//! The answers of a project counted from the rows themselves, for `handprint bench market`
//! and anyone checking a run: how many were stored, whether an item took more or fewer than
//! asked, whether a worker answered an item twice, whether an item's counter drifted.

use crate::sql::{query_as, query_scalar};
use crate::{Db, Result};
use handprint_core::ProjectId;

/// A project's stored answers, counted per item from `assignments`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnswerAudit {
    /// Items in the project.
    pub tasks: i64,
    /// Submitted answers.
    pub answers: i64,
    /// Items with more submitted answers than the project asks for.
    pub tasks_over: i64,
    /// Items with fewer submitted answers than the project asks for.
    pub tasks_short: i64,
    /// Items whose `answers` counter differs from their submitted answers.
    pub tasks_miscounted: i64,
    /// (item, worker) pairs that hold more than one submitted answer.
    pub duplicate_pairs: i64,
}

impl Db {
    /// Count `project_id`'s answers against `answers_per_task`, item by item.
    pub async fn answer_audit(
        &self,
        project_id: &ProjectId,
        answers_per_task: i64,
    ) -> Result<AnswerAudit> {
        let (tasks, answers, tasks_over, tasks_short, tasks_miscounted): (i64, i64, i64, i64, i64) =
            (query_as(
                r#"
                SELECT COUNT(*),
                    COALESCE(CAST(SUM(n) AS BIGINT), 0),
                    COALESCE(CAST(SUM(CASE WHEN n > $2 THEN 1 ELSE 0 END) AS BIGINT), 0),
                    COALESCE(CAST(SUM(CASE WHEN n < $2 THEN 1 ELSE 0 END) AS BIGINT), 0),
                    COALESCE(CAST(SUM(CASE WHEN n <> counter THEN 1 ELSE 0 END) AS BIGINT), 0)
                FROM (
                    SELECT t.answers AS counter,
                        (SELECT COUNT(*) FROM assignments a
                         WHERE a.task_id = t.id AND a.state = 'submitted') AS n
                    FROM tasks t WHERE t.project_id = $1
                ) per_task
                "#,
            )
            .bind(project_id)
            .bind(answers_per_task)
            .fetch_one(self)
            .await)?;
        let duplicate_pairs: i64 = (query_scalar(
            r#"
            SELECT COUNT(*) FROM (
                SELECT task_id, worker_id FROM assignments
                WHERE project_id = $1 AND state = 'submitted'
                GROUP BY task_id, worker_id HAVING COUNT(*) > 1
            ) twice
            "#,
        )
        .bind(project_id)
        .fetch_one(self)
        .await)?;
        Ok(AnswerAudit {
            tasks,
            answers,
            tasks_over,
            tasks_short,
            tasks_miscounted,
            duplicate_pairs,
        })
    }
}
