//! The intervals of work behind pay per hour including unpaid time
//! (`handprint_core::worktime`): a worker's leases and test items, and what they were
//! paid for them. Reads only.

use crate::record::PAID;
use crate::sql::query_as;
use crate::{Db, Result};
use handprint_core::worktime::{Interval, Kind};
use handprint_core::{OrganizationId, UserId};

/// Every ended lease and answered test item of the workers `{who}` selects ($1 binds
/// it), with its worker, kind, start, end, and the organisation it was for.
const INTERVALS_SQL: &str = r#"
    SELECT a.worker_id, a.state, a.leased_at, COALESCE(a.ended_at, a.expires_at), p.organization_id
    FROM assignments a JOIN projects p ON p.id = a.project_id
    WHERE a.worker_id IN ({who}) AND a.state IN ('submitted', 'returned', 'expired')
    UNION ALL
    SELECT qa.worker_id, 'test', qa.leased_at, qa.submitted_at, COALESCE(q.organization_id, '')
    FROM qualification_answers qa
    JOIN qualification_items qi ON qi.id = qa.item_id
    JOIN qualifications q ON q.id = qi.qualification_id
    WHERE qa.worker_id IN ({who}) AND qa.submitted_at IS NOT NULL
"#;

/// One worker's intervals, with the organisation each was for.
pub type Intervals = Vec<(String, Interval)>;

fn kind(state: &str) -> Kind {
    match state {
        "submitted" => Kind::Task,
        "test" => Kind::Test,
        _ => Kind::Unanswered,
    }
}

impl Db {
    /// Intervals of the workers `who` selects, grouped by worker (each counted when
    /// `org` is None or is the organisation it was for).
    async fn intervals(
        &self,
        who: &str,
        bind: &str,
        org: Option<&OrganizationId>,
    ) -> Result<Vec<Vec<Interval>>> {
        let sql = INTERVALS_SQL.replace("{who}", who);
        let rows = query_as::<(String, String, i64, i64, String)>(sqlx::AssertSqlSafe(sql))
            .bind(bind)
            .fetch_all(self)
            .await?;
        let mut by_worker: std::collections::BTreeMap<String, Vec<Interval>> =
            std::collections::BTreeMap::new();
        for (worker, state, start, end, of) in rows {
            by_worker.entry(worker).or_default().push(Interval {
                kind: kind(&state),
                start,
                end,
                counted: org.is_none_or(|o| o.as_str() == of),
            });
        }
        Ok(by_worker.into_values().collect())
    }

    /// A worker's intervals of work, and what they were paid for them: rewards and
    /// top-ups of paid answers and pay for test items (minor units; bonuses left out).
    pub async fn worker_worktime(&self, worker: &UserId) -> Result<(Vec<Interval>, i64)> {
        let intervals = self
            .intervals("$1", worker.as_str(), None)
            .await?
            .into_iter()
            .flatten()
            .collect();
        let sql = format!(
            r#"
            SELECT CAST(COALESCE(SUM(COALESCE(a.paid_reward, 0) + a.topped_up), 0) AS BIGINT)
            FROM assignments a WHERE a.worker_id = $1 AND {PAID}
            "#
        );
        let (answers,) = query_as::<(i64,)>(sqlx::AssertSqlSafe(sql))
            .bind(worker)
            .fetch_one(self)
            .await?;
        let (tests,) = query_as::<(i64,)>(
            r#"
            SELECT CAST(COALESCE(SUM(paid), 0) AS BIGINT) FROM qualification_answers
            WHERE worker_id = $1
            "#,
        )
        .bind(worker)
        .fetch_one(self)
        .await?;
        Ok((intervals, answers + tests))
    }

    /// The intervals of every worker who worked for organisation `org`, per worker,
    /// counted where they were for it (the searching that led to them included), and
    /// what it paid for them (as [`Db::worker_worktime`] counts pay).
    pub async fn org_worktime(&self, org: &OrganizationId) -> Result<(Vec<Vec<Interval>>, i64)> {
        let who = r#"
            SELECT a2.worker_id FROM assignments a2 JOIN projects p2 ON p2.id = a2.project_id
            WHERE p2.organization_id = $1
        "#;
        let intervals = self.intervals(who, org.as_str(), Some(org)).await?;
        let sql = format!(
            r#"
            SELECT CAST(COALESCE(SUM(COALESCE(a.paid_reward, 0) + a.topped_up), 0) AS BIGINT)
            FROM assignments a JOIN projects p ON p.id = a.project_id
            WHERE p.organization_id = $1 AND {PAID}
            "#
        );
        let (answers,) = query_as::<(i64,)>(sqlx::AssertSqlSafe(sql))
            .bind(org)
            .fetch_one(self)
            .await?;
        let (tests,) = query_as::<(i64,)>(
            r#"
            SELECT CAST(COALESCE(SUM(qa.paid), 0) AS BIGINT) FROM qualification_answers qa
            JOIN qualification_items qi ON qi.id = qa.item_id
            JOIN qualifications q ON q.id = qi.qualification_id
            WHERE q.organization_id = $1
            "#,
        )
        .bind(org)
        .fetch_one(self)
        .await?;
        Ok((intervals, answers + tests))
    }
}
