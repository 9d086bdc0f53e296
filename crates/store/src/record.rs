//! A requester organisation's public record: what workers can expect from it, read
//! from the answers, reviews, disputes and ledger of all its projects. Counts and sums
//! only: no worker appears in it, and nothing here writes.

use crate::sql::{query_as, query_scalar};
use crate::{Db, Result};
use handprint_core::OrganizationId;

/// Answers paid to their worker: approved (by the requester or automatically) or
/// approved after a rejection was reversed or overturned.
pub(crate) const PAID: &str = "a.review_state IN ('approved', 'overturned')";
/// Answers that were rejected at some point, whatever happened to the rejection since.
const REJECTED: &str = "a.review_state IN ('rejected', 'rejection_final', 'overturned')";

/// An organisation's record over all its projects. Money in minor units, times in
/// microseconds; `None` where there is nothing to measure yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgRecord {
    /// Projects ever published (`published_at` set), whatever their state now.
    pub projects_published: i64,
    /// Answers submitted to its projects (assignments in state `submitted`).
    pub answers_received: i64,
    /// Distinct workers with at least one paid answer.
    pub workers_paid: i64,
    /// Paid answers with a measured working time, the ones the hourly figures use.
    pub paid_answers_timed: i64,
    /// Paid to workers for those answers: reward, pay-floor top-ups and bonuses on them.
    pub paid_total: i64,
    /// Their measured working time in all (time between lease and submission the
    /// worker spent on the task, as the work pages measure it).
    pub working_micros: i64,
    /// Answers that have a review state: approved (by hand or automatically),
    /// rejected (still open, final, or overturned).
    pub reviewed_answers: i64,
    /// Answers rejected, including rejections later reversed or overturned.
    pub rejections: i64,
    /// Rejections that ended paid in full: reversed by the requester in a dispute or
    /// overturned by an operator.
    pub rejections_overturned: i64,
    /// Answers approved (not counting overturned rejections).
    pub approved: i64,
    /// Of those, approved at or after the end of the project's review window: the
    /// requester did not review them in time and the platform approved them.
    pub auto_approved: i64,
    /// Median per paid timed answer of reward plus top-up (bonuses left out) per hour
    /// of its measured time, in minor units per hour rounded down; with an even
    /// count the mean of the two middle figures, rounded down.
    pub median_hourly: Option<i64>,
    /// Median time from submission to approval over approved answers, microseconds
    /// (same rule for an even count).
    pub median_micros_to_pay: Option<i64>,
    /// Disputes workers opened on its rejections.
    pub disputes_opened: i64,
    /// Of those, decided for the worker (reversed by the requester or overturned by an operator).
    pub disputes_for_worker: i64,
    /// Automated restrictions its rules made (decisions of kind `restricted`).
    pub restrictions_made: i64,
    /// Of those, reversed on review (by its people, or for the worker at the review's deadline).
    pub restrictions_reversed: i64,
}

impl OrgRecord {
    /// Pay per hour of measured work over all paid timed answers: [`Self::paid_total`]
    /// × 1 h / [`Self::working_micros`], minor units rounded down. `None` without
    /// measured time.
    pub fn hourly(&self) -> Option<i64> {
        if self.working_micros <= 0 {
            return None;
        }
        let per_hour =
            i128::from(self.paid_total) * 3_600_000_000 / i128::from(self.working_micros);
        i64::try_from(per_hour).ok()
    }

    /// Rejections per reviewed answer, 0..=1; `None` before any review.
    pub fn rejection_rate(&self) -> Option<(i64, i64)> {
        (self.reviewed_answers > 0).then_some((self.rejections, self.reviewed_answers))
    }

    /// Auto-approved per approved answer; `None` before any approval.
    pub fn auto_approved_share(&self) -> Option<(i64, i64)> {
        (self.approved > 0).then_some((self.auto_approved, self.approved))
    }
}

type Counts = (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);

/// Answer counts, bonus total, projects published, (disputes, disputes for the worker).
type RecordCounts = (Counts, i64, i64, (i64, i64));

impl Db {
    /// The public record of organisation `org_id` ([`crate::StoreError::NotFound`] if
    /// there is no such organisation). A handful of aggregate queries, whatever the
    /// number of answers. The SQL is assembled from this file's constants only; the
    /// organisation id is always bound.
    pub async fn org_record(&self, org_id: &OrganizationId) -> Result<OrgRecord> {
        self.organization(org_id).await?;
        let paid_timed = format!("{PAID} AND a.working_micros > 0");
        let (counts, bonus, published, disputes) =
            self.org_record_counts(org_id, &paid_timed).await?;
        let (
            answers,
            reviewed,
            rejections,
            overturned,
            approved,
            auto,
            workers,
            timed,
            paid,
            micros,
        ) = counts;
        let median_hourly = self
            .org_median(
                org_id,
                "(COALESCE(a.paid_reward, 0) + a.topped_up) * 3600000000 / a.working_micros",
                &paid_timed,
                timed,
            )
            .await?;
        let median_micros_to_pay = self
            .org_median(
                org_id,
                "a.reviewed_at - a.ended_at",
                "a.review_state = 'approved'",
                approved,
            )
            .await?;
        let (restrictions_made, restrictions_reversed) = self.restrictions_of_org(org_id).await?;
        Ok(OrgRecord {
            projects_published: published,
            answers_received: answers,
            workers_paid: workers,
            paid_answers_timed: timed,
            paid_total: paid + bonus,
            working_micros: micros,
            reviewed_answers: reviewed,
            rejections,
            rejections_overturned: overturned,
            approved,
            auto_approved: auto,
            median_hourly,
            median_micros_to_pay,
            disputes_opened: disputes.0,
            disputes_for_worker: disputes.1,
            restrictions_made,
            restrictions_reversed,
        })
    }

    /// The record's four aggregate queries: answer counts, bonuses, projects
    /// published and disputes.
    async fn org_record_counts(
        &self,
        org_id: &OrganizationId,
        paid_timed: &str,
    ) -> Result<RecordCounts> {
        let counts_sql = format!(
            r#"
            SELECT COUNT(*),
            COALESCE(CAST(SUM(CASE WHEN a.review_state IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT),
                0),
            COALESCE(CAST(SUM(CASE WHEN {REJECTED} THEN 1 ELSE 0 END) AS BIGINT), 0),
            COALESCE(CAST(SUM(CASE WHEN a.review_state = 'overturned' THEN 1 ELSE 0 END) AS
                BIGINT), 0),
            COALESCE(CAST(SUM(CASE WHEN a.review_state = 'approved' THEN 1 ELSE 0 END) AS
                BIGINT), 0),
            COALESCE(CAST(SUM(CASE WHEN a.review_state = 'approved'
                AND a.reviewed_at >= a.ended_at + p.review_window_seconds * 1000000 THEN 1 ELSE 0
                    END) AS BIGINT), 0),
            COUNT(DISTINCT CASE WHEN {PAID} THEN a.worker_id END),
            COALESCE(CAST(SUM(CASE WHEN {paid_timed} THEN 1 ELSE 0 END) AS BIGINT), 0),
            COALESCE(CAST(SUM(CASE WHEN {paid_timed} THEN COALESCE(a.paid_reward, 0) +
                a.topped_up ELSE 0 END) AS BIGINT), 0),
            COALESCE(CAST(SUM(CASE WHEN {paid_timed} THEN a.working_micros ELSE 0 END) AS
                BIGINT), 0)
            FROM assignments a JOIN projects p ON p.id = a.project_id
            WHERE p.organization_id = $1 AND a.state = 'submitted'
            "#
        );
        // Bonuses go from the organisation to the worker's available account; the
        // positive leg on that account is the worker's part (the fee is another leg).
        let bonus_sql = format!(
            r#"
            SELECT COALESCE(CAST(SUM(e.amount) AS BIGINT), 0) FROM ledger_transfers t
            JOIN ledger_entries e ON e.transfer_id = t.id
            JOIN ledger_accounts la ON la.id = e.account_id
            JOIN assignments a ON a.id = t.assignment_id
            JOIN projects p ON p.id = a.project_id
            WHERE t.reason = 'bonus' AND la.kind = 'worker_available' AND e.amount > 0
            AND p.organization_id = $1 AND {paid_timed}
            "#
        );
        let published_sql =
            "SELECT COUNT(*) FROM projects WHERE organization_id = $1 AND published_at IS NOT NULL";
        let disputes_sql = r#"
            SELECT COUNT(*),
            COALESCE(CAST(SUM(CASE WHEN d.state IN ('reversed', 'overturned') THEN 1 ELSE 0 END)
                AS BIGINT), 0)
            FROM disputes d JOIN projects p ON p.id = d.project_id WHERE p.organization_id = $1
            "#;
        Ok({
            let counts: Counts = query_as(sqlx::AssertSqlSafe(counts_sql.as_str()))
                .bind(org_id)
                .fetch_one(self)
                .await?;
            let bonus: i64 = query_scalar(sqlx::AssertSqlSafe(bonus_sql.as_str()))
                .bind(org_id)
                .fetch_one(self)
                .await?;
            let published: i64 = query_scalar(published_sql)
                .bind(org_id)
                .fetch_one(self)
                .await?;
            let disputes: (i64, i64) = query_as(disputes_sql).bind(org_id).fetch_one(self).await?;
            Ok::<_, sqlx::Error>((counts, bonus, published, disputes))
        }?)
    }

    /// The median of integer expression `expr` over the organisation's submitted
    /// answers matching `filter`, of which there are `n`: the one or two middle rows
    /// fetched with LIMIT/OFFSET, so nothing but them leaves the database.
    async fn org_median(
        &self,
        org_id: &OrganizationId,
        expr: &str,
        filter: &str,
        n: i64,
    ) -> Result<Option<i64>> {
        if n <= 0 {
            return Ok(None);
        }
        let (offset, limit) = if n % 2 == 1 {
            (n / 2, 1)
        } else {
            (n / 2 - 1, 2)
        };
        let sql = format!(
            r#"
            SELECT {expr} AS v FROM assignments a JOIN projects p ON p.id = a.project_id
            WHERE p.organization_id = $1 AND a.state = 'submitted' AND {filter}
            ORDER BY v, a.id LIMIT $2 OFFSET $3
            "#
        );
        let middle: Vec<i64> = (query_scalar(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(org_id)
            .bind(limit)
            .bind(offset)
            .fetch_all(self)
            .await)?;
        if middle.is_empty() {
            return Ok(None);
        }
        let sum: i128 = middle.iter().map(|&v| i128::from(v)).sum();
        Ok(i64::try_from(sum / middle.len() as i128).ok())
    }
}
