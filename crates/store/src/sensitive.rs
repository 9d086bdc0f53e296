//! Sensitive content (issue 16): the categories a project declares as rows the claim
//! reads, each worker's opt-ins, their measured exposure per category and UTC day,
//! and the alerts object of their settings.
//!
//! The claim's own condition is [`sensitive_sql`], one composable fragment plugged
//! into the claim's eligibility (`work::may_work_sql`): an item of a project that
//! declares a category is leased only to a worker who opted in to it and whose
//! exposure to it today has not reached the day's cap.

use crate::sql::{query, query_as, query_scalar};
use crate::{Db, Result, Tx};
use handprint_core::clock::MICROS_PER_SECOND;
use handprint_core::project::{ProjectSpec, SensitiveContent};
use handprint_core::{ProjectId, Timestamp, UserId};

/// Microseconds in a UTC day: exposure is counted per day since the epoch.
pub const MICROS_PER_DAY: i64 = 24 * 3600 * MICROS_PER_SECOND;

/// The UTC day (days since the epoch) of `at`.
pub fn day_of(at: Timestamp) -> i64 {
    at.div_euclid(MICROS_PER_DAY)
}

/// Project `p` declares no category the worker ($1) has not opted in to, nor one
/// whose cap they reached on the UTC day of `{now}`. A project without sensitive
/// categories costs one probe of `project_sensitive`'s primary key.
const SENSITIVE_OK_SQL: &str = r#"
    NOT EXISTS (SELECT 1 FROM project_sensitive ps WHERE ps.project_id = p.id AND (
        NOT EXISTS (SELECT 1 FROM worker_sensitive_opt_ins o
                    WHERE o.worker_id = $1 AND o.category = ps.category)
        OR EXISTS (SELECT 1 FROM sensitive_exposure e
                   WHERE e.worker_id = $1 AND e.category = ps.category
                   AND e.day = {now} / 86400000000 AND e.micros >= e.cap_micros)))
"#;

/// [`SENSITIVE_OK_SQL`] with the time as parameter `now` (e.g. "$3").
pub(crate) fn sensitive_sql(now: &str) -> String {
    SENSITIVE_OK_SQL.replace("{now}", now)
}

/// Replace a project's declared categories (inside its write).
pub(crate) async fn write_project_sensitive(
    tx: &mut Tx<'_>,
    id: &ProjectId,
    spec: &ProjectSpec,
) -> Result<()> {
    query("DELETE FROM project_sensitive WHERE project_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let mut categories: Vec<&str> = spec
        .sensitive_content
        .iter()
        .filter(|c| !c.is_none())
        .map(SensitiveContent::as_str)
        .collect();
    categories.sort_unstable();
    categories.dedup();
    for c in categories {
        query("INSERT INTO project_sensitive (project_id, category) VALUES ($1, $2)")
            .bind(id)
            .bind(c)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Measured time on one category on one UTC day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    pub category: String,
    pub day: i64,
    pub micros: i64,
}

/// A stretch of work on a sensitive item: when it was leased and when it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spell {
    pub from: Timestamp,
    pub to: Timestamp,
}

impl Db {
    /// The categories the worker opted in to, sorted.
    pub async fn sensitive_opt_ins(&self, worker: &UserId) -> Result<Vec<String>> {
        Ok(query_scalar::<String>(
            r#"
            SELECT category FROM worker_sensitive_opt_ins WHERE worker_id = $1 ORDER BY category
            "#,
        )
        .bind(worker)
        .fetch_all(self)
        .await?)
    }

    /// Replace the worker's opt-ins and alerts (a JSON object's text) in one write.
    pub async fn set_worker_settings(
        &self,
        worker: &UserId,
        opt_ins: &[String],
        alerts: &str,
    ) -> Result<()> {
        self.write(|tx| {
            Box::pin(async move {
                query("DELETE FROM worker_sensitive_opt_ins WHERE worker_id = $1")
                    .bind(worker)
                    .execute(&mut *tx)
                    .await?;
                for c in opt_ins {
                    query(
                        "INSERT INTO worker_sensitive_opt_ins (worker_id, category) VALUES ($1, $2)",
                    )
                    .bind(worker)
                    .bind(c)
                    .execute(&mut *tx)
                    .await?;
                }
                query(
                    r#"
                    INSERT INTO worker_settings (worker_id, alerts) VALUES ($1, $2)
                    ON CONFLICT (worker_id) DO UPDATE SET alerts = excluded.alerts
                    "#,
                )
                .bind(worker)
                .bind(alerts)
                .execute(&mut *tx)
                .await?;
                Ok(())
            })
        })
        .await
    }

    /// Drop every worker's opt-in to a category not in `offered` (one the operator
    /// removed from the configuration), so that nobody is leased the items of projects
    /// still declaring it; how many were dropped. Run once at start-up.
    pub async fn drop_opt_ins_except(&self, offered: &[String]) -> Result<u64> {
        let marks: Vec<String> = (1..=offered.len()).map(|i| format!("${i}")).collect();
        let sql = if offered.is_empty() {
            "DELETE FROM worker_sensitive_opt_ins".to_string()
        } else {
            format!(
                "DELETE FROM worker_sensitive_opt_ins WHERE category NOT IN ({})",
                marks.join(", ")
            )
        };
        self.write(move |tx| {
            Box::pin(async move {
                let mut q = query(sqlx::AssertSqlSafe(sql));
                for c in offered {
                    q = q.bind(c);
                }
                Ok(q.execute(&mut *tx).await?.rows_affected())
            })
        })
        .await
    }

    /// The worker's alerts object as stored (JSON text); None before they saved one.
    pub async fn worker_alerts(&self, worker: &UserId) -> Result<Option<String>> {
        Ok(
            query_scalar::<String>("SELECT alerts FROM worker_settings WHERE worker_id = $1")
                .bind(worker)
                .fetch_optional(self)
                .await?,
        )
    }

    /// The categories a project declares, sorted.
    pub async fn project_sensitive(&self, project: &ProjectId) -> Result<Vec<String>> {
        Ok(query_scalar::<String>(
            "SELECT category FROM project_sensitive WHERE project_id = $1 ORDER BY category",
        )
        .bind(project)
        .fetch_all(self)
        .await?)
    }

    /// Add `micros` of measured time to each `(category, cap)` for the worker on the UTC
    /// day of `at`, and record the day's cap in force (what the claim compares with).
    pub async fn add_exposure(
        &self,
        worker: &UserId,
        categories: &[(String, i64)],
        at: Timestamp,
        micros: i64,
    ) -> Result<()> {
        let day = day_of(at);
        self.write(|tx| {
            Box::pin(async move {
                for (category, cap) in categories {
                    query(
                        r#"
                        INSERT INTO sensitive_exposure (worker_id, category, day, micros, cap_micros)
                        VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (worker_id, category, day) DO UPDATE
                        SET micros = sensitive_exposure.micros + excluded.micros,
                            cap_micros = excluded.cap_micros
                        "#,
                    )
                    .bind(worker)
                    .bind(category)
                    .bind(day)
                    .bind(micros.max(0))
                    .bind(*cap)
                    .execute(&mut *tx)
                    .await?;
                }
                Ok(())
            })
        })
        .await
    }

    /// The worker's exposure on each day from `since_day` on, by day then category.
    pub async fn exposure(&self, worker: &UserId, since_day: i64) -> Result<Vec<Exposure>> {
        Ok(query_as::<(String, i64, i64)>(
            r#"
            SELECT category, day, micros FROM sensitive_exposure
            WHERE worker_id = $1 AND day >= $2 ORDER BY day, category
            "#,
        )
        .bind(worker)
        .bind(since_day)
        .fetch_all(self)
        .await?
        .into_iter()
        .map(|(category, day, micros)| Exposure {
            category,
            day,
            micros,
        })
        .collect())
    }

    /// The worker's answered items of projects declaring a sensitive category, leased
    /// at or after `since`, oldest first: what the break prompt measures.
    pub async fn sensitive_spells(&self, worker: &UserId, since: Timestamp) -> Result<Vec<Spell>> {
        Ok(query_as::<(i64, i64)>(
            r#"
            SELECT a.leased_at, a.leased_at + COALESCE(a.working_micros, 0) FROM assignments a
            WHERE a.worker_id = $1 AND a.state = 'submitted' AND a.leased_at >= $2
            AND EXISTS (SELECT 1 FROM project_sensitive ps WHERE ps.project_id = a.project_id)
            ORDER BY a.leased_at
            "#,
        )
        .bind(worker)
        .bind(since)
        .fetch_all(self)
        .await?
        .into_iter()
        .map(|(from, to)| Spell { from, to })
        .collect())
    }
}
