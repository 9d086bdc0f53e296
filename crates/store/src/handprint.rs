//! What a project's handprint counts, read as sums: one row per worker (never leaving
//! the store with an id attached), the answers' span and median time, and the
//! reviews' outcomes. The figures themselves are `handprint_core::handprint`'s.

use crate::sql::{query_as, query_scalar};
use crate::{Db, Result};
use handprint_core::ProjectId;
use handprint_core::handprint::WorkerSums;
use std::collections::HashMap;

/// Answers paid to their worker: the public record's definition.
use crate::record::PAID;

/// Worker id, country, answers, submitted, abandoned, paid time, paid, unpaid time.
type WorkerRow = (String, String, i64, i64, i64, i64, i64, i64);

/// A project's answers: how many, when the first and last came, the median measured
/// time of one (microseconds; None without answers).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswerSpan {
    pub answers: i64,
    pub first_at: Option<i64>,
    pub last_at: Option<i64>,
    pub median_micros: Option<i64>,
}

/// What became of a project's answers on review.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct ReviewOutcomes {
    /// Approved by the requester or automatically (not counting overturned rejections).
    pub approved: i64,
    /// Of those, approved automatically at the end of the review window.
    pub auto_approved: i64,
    /// Rejected at some point, whatever happened since.
    pub rejected: i64,
    /// Rejections taken back or overturned on dispute: paid in full.
    pub overturned: i64,
    /// Rejections that stand: unpaid.
    pub rejected_final: i64,
    /// Rejections still open to dispute.
    pub rejected_open: i64,
    pub disputes: i64,
}

impl Db {
    /// One [`WorkerSums`] per worker who leased an item of the project, in no order.
    pub async fn handprint_workers(&self, project: &ProjectId) -> Result<Vec<WorkerSums>> {
        let sql = format!(
            r#"
            SELECT a.worker_id, u.country,
            CAST(SUM(CASE WHEN a.state = 'submitted' THEN 1 ELSE 0 END) AS BIGINT),
            CAST(SUM(CASE WHEN a.state = 'submitted' THEN COALESCE(a.working_micros, 0)
                ELSE 0 END) AS BIGINT),
            CAST(SUM(CASE WHEN a.state IN ('returned', 'expired')
                THEN COALESCE(a.ended_at, a.expires_at) - a.leased_at ELSE 0 END) AS BIGINT),
            CAST(SUM(CASE WHEN a.state = 'submitted' AND {PAID}
                THEN COALESCE(a.working_micros, 0) ELSE 0 END) AS BIGINT),
            CAST(SUM(CASE WHEN a.state = 'submitted' AND {PAID}
                THEN COALESCE(a.paid_reward, 0) + a.topped_up ELSE 0 END) AS BIGINT),
            CAST(SUM(CASE
                WHEN a.state IN ('returned', 'expired')
                    THEN COALESCE(a.ended_at, a.expires_at) - a.leased_at
                WHEN a.state = 'submitted' AND a.review_state = 'rejection_final'
                    THEN COALESCE(a.working_micros, 0)
                ELSE 0 END) AS BIGINT)
            FROM assignments a JOIN users u ON u.id = a.worker_id
            WHERE a.project_id = $1 AND a.state <> 'leased'
            GROUP BY a.worker_id, u.country
            "#
        );
        let rows: Vec<WorkerRow> = query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(project)
            .fetch_all(self)
            .await?;
        // Bonuses go to the worker's available account: the positive leg is theirs.
        let bonuses: HashMap<String, i64> = query_as::<(String, i64)>(
            r#"
            SELECT a.worker_id, CAST(SUM(e.amount) AS BIGINT) FROM ledger_transfers t
            JOIN ledger_entries e ON e.transfer_id = t.id
            JOIN ledger_accounts la ON la.id = e.account_id
            JOIN assignments a ON a.id = t.assignment_id
            WHERE t.reason = 'bonus' AND la.kind = 'worker_available' AND e.amount > 0
            AND a.project_id = $1
            GROUP BY a.worker_id
            "#,
        )
        .bind(project)
        .fetch_all(self)
        .await?
        .into_iter()
        .collect();
        Ok(rows
            .into_iter()
            .map(
                |(worker, country, answers, submitted, abandoned, paid_micros, paid, unpaid)| {
                    WorkerSums {
                        country,
                        answers,
                        submitted_micros: submitted,
                        abandoned_micros: abandoned.max(0),
                        paid_micros,
                        paid: paid + bonuses.get(&worker).copied().unwrap_or(0),
                        unpaid_micros: unpaid.max(0),
                    }
                },
            )
            .collect())
    }

    /// The project's submitted answers: count, first and last submission, median time.
    pub async fn handprint_answer_span(&self, project: &ProjectId) -> Result<AnswerSpan> {
        let (answers, first_at, last_at): (i64, Option<i64>, Option<i64>) = query_as(
            r#"
            SELECT COUNT(*), MIN(ended_at), MAX(ended_at) FROM assignments
            WHERE project_id = $1 AND state = 'submitted'
            "#,
        )
        .bind(project)
        .fetch_one(self)
        .await?;
        let median_micros = if answers == 0 {
            None
        } else {
            // The one or two middle rows only.
            let (offset, limit) = if answers % 2 == 1 {
                (answers / 2, 1)
            } else {
                (answers / 2 - 1, 2)
            };
            let middle: Vec<i64> = query_scalar(
                r#"
                SELECT COALESCE(working_micros, 0) AS v FROM assignments
                WHERE project_id = $1 AND state = 'submitted'
                ORDER BY v, id LIMIT $2 OFFSET $3
                "#,
            )
            .bind(project)
            .bind(limit)
            .bind(offset)
            .fetch_all(self)
            .await?;
            (!middle.is_empty()).then(|| middle.iter().sum::<i64>() / middle.len() as i64)
        };
        Ok(AnswerSpan {
            answers,
            first_at,
            last_at,
            median_micros,
        })
    }

    /// What became of the project's answers on review, and its disputes.
    pub async fn handprint_reviews(&self, project: &ProjectId) -> Result<ReviewOutcomes> {
        Ok(query_as::<ReviewOutcomes>(
            r#"
            SELECT
            COALESCE(CAST(SUM(CASE WHEN a.review_state = 'approved' THEN 1 ELSE 0 END) AS BIGINT), 0)
                AS approved,
            COALESCE(CAST(SUM(CASE WHEN a.review_state = 'approved'
                AND a.reviewed_at >= a.ended_at + p.review_window_seconds * 1000000
                THEN 1 ELSE 0 END) AS BIGINT), 0) AS auto_approved,
            COALESCE(CAST(SUM(CASE WHEN a.review_state IN ('rejected', 'rejection_final',
                'overturned') THEN 1 ELSE 0 END) AS BIGINT), 0) AS rejected,
            COALESCE(CAST(SUM(CASE WHEN a.review_state = 'overturned' THEN 1 ELSE 0 END) AS
                BIGINT), 0) AS overturned,
            COALESCE(CAST(SUM(CASE WHEN a.review_state = 'rejection_final' THEN 1 ELSE 0 END)
                AS BIGINT), 0) AS rejected_final,
            COALESCE(CAST(SUM(CASE WHEN a.review_state = 'rejected' THEN 1 ELSE 0 END) AS
                BIGINT), 0) AS rejected_open,
            (SELECT COUNT(*) FROM disputes d WHERE d.project_id = $1) AS disputes
            FROM assignments a JOIN projects p ON p.id = a.project_id
            WHERE a.project_id = $1 AND a.state = 'submitted'
            "#,
        )
        .bind(project)
        .fetch_one(self)
        .await?)
    }
}
