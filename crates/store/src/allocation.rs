//! Fair allocation in the claim (issue 16): the queue of workers asking for work and
//! the figures [`handprint_core::allocation::decide`] needs. The claim (`work.rs`)
//! calls three functions inside its write transaction: [`my_turn`] before it leases an
//! item of a project, [`asked`] when it found nothing (or was told to wait), and
//! [`served`] when it leased one to a worker who was waiting.
//!
//! It costs a claim nothing when nobody waits, the usual case while work is plentiful:
//! the claim's first statement reads whether anyone else waits ([`OTHERS_WAIT_SQL`])
//! and whether the claimant does ([`ME_WAITING_SQL`]), and only then are the queue's
//! figures read or its row written. When a worker was last served is not stored but
//! read from their latest lease (`MAX(leased_at)` through the index
//! `assignments_worker_time`), so a claim writes nothing to the queue.

use crate::sql::{query, query_as};
use crate::{Result, Tx};
use handprint_core::allocation::{Place, Policy, Share, Turn, decide};
use handprint_core::{ProjectId, Timestamp, UserId};

/// The other workers waiting for project $2 at $3 (asked since $4), eligible for it
/// and with an item of it left to answer: their place in the queue. `{eligible}` is
/// [`crate::work::may_work_sql`] for the waiting worker, `{tasks}` the open items'
/// index ([`crate::work::open_tasks`]: without it SQLite walked every item of the
/// project for each waiting worker, 10 ms each on 20,000 items).
const WAITERS_SQL: &str = r#"
    SELECT q.worker_id,
        (SELECT MAX(a.leased_at) FROM assignments a WHERE a.worker_id = q.worker_id),
        q.waiting_since FROM allocation_queue q
    JOIN projects p ON p.id = $2
    WHERE q.waiting_since IS NOT NULL AND q.asked_at >= $4 AND q.worker_id <> $1
    AND (q.project_id = $2 OR q.project_id = '')
    AND {eligible}
    AND EXISTS (SELECT 1 FROM {tasks} WHERE t.project_id = $2 AND t.remaining > 0
        AND {not_had})
"#;

/// The policy the claim applies.
pub const POLICY: Policy = Policy::DEFAULT;

/// Whether a worker other than $1 waits, with a recent ask (at $3 less the ask window,
/// `{window}`), for project $2 or for any: 1 or 0, one probe of the partial index
/// `allocation_queue_waiting`. When 0 it is the claimant's turn ([`my_turn`] would
/// find no one to give way to).
pub(crate) const OTHERS_WAIT_SQL: &str = r#"
    CAST(CASE WHEN EXISTS (SELECT 1 FROM allocation_queue q
        WHERE q.waiting_since IS NOT NULL AND q.asked_at >= $3 - {window}
        AND q.worker_id <> $1 AND (q.project_id = $2 OR q.project_id = '')) THEN 1 ELSE 0 END
        AS BIGINT)
"#;

/// Since when the worker $1 waits (NULL: not waiting, or no row): a primary-key probe.
pub(crate) const ME_WAITING_SQL: &str =
    "(SELECT q.waiting_since FROM allocation_queue q WHERE q.worker_id = $1)";

/// [`OTHERS_WAIT_SQL`] with the policy's ask window written in.
pub(crate) fn others_wait_sql() -> String {
    OTHERS_WAIT_SQL.replace("{window}", &POLICY.ask_window.to_string())
}

/// [`WAITERS_SQL`] for one backend.
fn waiters_sql(postgres: bool) -> String {
    let eligible = crate::work::may_work_sql("$3").replace("$1", "q.worker_id");
    WAITERS_SQL
        .replace("{eligible}", &eligible)
        .replace("{tasks}", crate::work::open_tasks(postgres))
        .replace("{not_had}", &crate::work::not_had("q.worker_id", postgres))
}

/// The open slots of project $1, summed over its first $2 open items, for one backend.
fn slots_sql(postgres: bool) -> String {
    let tasks = crate::work::open_tasks(postgres);
    format!(
        r#"
        SELECT CAST(COALESCE(SUM(remaining), 0) AS BIGINT) FROM (
            SELECT t.remaining FROM {tasks} WHERE t.project_id = $1 AND t.remaining > 0 LIMIT $2
        ) s
        "#
    )
}

/// Whether `worker` may lease an item of `project` now, by the fair-allocation rule.
pub(crate) async fn my_turn(
    tx: &mut Tx<'_>,
    worker: &UserId,
    project: &ProjectId,
    now: Timestamp,
) -> Result<bool> {
    let since = now - POLICY.ask_window;
    let sql = waiters_sql(tx.is_postgres());
    let others: Vec<Place> = query_as::<(String, Option<i64>, i64)>(sqlx::AssertSqlSafe(sql))
        .bind(worker)
        .bind(project)
        .bind(now)
        .bind(since)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|(worker, served_at, asked_at)| Place {
            served_at,
            asked_at,
            worker,
        })
        .collect();
    if others.is_empty() {
        return Ok(true);
    }
    let (served_at, waiting, last) = query_as::<(Option<i64>, Option<i64>, Option<i64>)>(
        r#"
        SELECT (SELECT MAX(a.leased_at) FROM assignments a WHERE a.worker_id = $1),
            (SELECT waiting_since FROM allocation_queue WHERE worker_id = $1),
            (SELECT asked_at FROM allocation_queue WHERE worker_id = $1)
        "#,
    )
    .bind(worker)
    .fetch_one(&mut *tx)
    .await?;
    let asked_at = match (waiting, last) {
        (Some(waiting), Some(last)) if last >= since => waiting,
        _ => now,
    };
    let me = Place {
        served_at,
        asked_at,
        worker: worker.as_str().to_string(),
    };
    // Each open item has a slot at least: counting up to one item per waiting worker
    // more tells whether there are enough for all who rank first.
    let cap = i64::try_from(others.len()).unwrap_or(i64::MAX) + 1;
    let (slots,) = query_as::<(i64,)>(sqlx::AssertSqlSafe(slots_sql(tx.is_postgres())))
        .bind(project)
        .bind(cap)
        .fetch_one(&mut *tx)
        .await?;
    // The worker's leases of the window (their own, through assignments_worker_time),
    // then the project's, counted only as far as decides ([`Share::total_that_decides`]):
    // a project's hour of leases can be a million rows.
    let since_share = now - POLICY.share_window;
    let (mine,) = query_as::<(i64,)>(
        r#"
        SELECT COUNT(CASE WHEN a.project_id = $2 THEN 1 END) FROM assignments a
        WHERE a.worker_id = $1 AND a.leased_at >= $3
        "#,
    )
    .bind(worker)
    .bind(project)
    .bind(since_share)
    .fetch_one(&mut *tx)
    .await?;
    let (total,) = query_as::<(i64,)>(
        r#"
        SELECT COUNT(*) FROM (
            SELECT 1 FROM assignments WHERE project_id = $1 AND leased_at >= $2 LIMIT $3
        ) s
        "#,
    )
    .bind(project)
    .bind(since_share)
    .bind(Share::total_that_decides(mine, &POLICY))
    .fetch_one(&mut *tx)
    .await?;
    let share = Share { mine, total };
    Ok(decide(&me, &others, slots, share, &POLICY) == Turn::Take)
}

/// Record that `worker` asked for work in `project` (empty: any) and got none: they
/// wait from now, or keep their place when their previous ask is recent.
pub(crate) async fn asked(
    tx: &mut Tx<'_>,
    worker: &UserId,
    project: &ProjectId,
    now: Timestamp,
) -> Result<()> {
    query(
        r#"
        INSERT INTO allocation_queue (worker_id, project_id, waiting_since, asked_at)
        VALUES ($1, $2, $3, $3)
        ON CONFLICT (worker_id) DO UPDATE SET project_id = $2, asked_at = $3,
            waiting_since = CASE
                WHEN allocation_queue.waiting_since IS NULL OR allocation_queue.asked_at < $4
                THEN $3 ELSE allocation_queue.waiting_since END
        "#,
    )
    .bind(worker)
    .bind(project)
    .bind(now)
    .bind(now - POLICY.ask_window)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Record that `worker`, who was waiting, was given an item: they leave the queue
/// (when they were served is their lease's `leased_at`).
pub(crate) async fn served(tx: &mut Tx<'_>, worker: &UserId) -> Result<()> {
    query(
        "UPDATE allocation_queue SET waiting_since = NULL WHERE worker_id = $1 AND waiting_since IS NOT NULL",
    )
    .bind(worker)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::{slots_sql, waiters_sql};
    use crate::{Db, Location};

    /// A migrated SQLite database in a temporary directory (kept while the guard lives),
    /// and what SQLite plans for a statement on it.
    pub(crate) struct Planned {
        pub db: Db,
        _dir: tempfile::TempDir,
    }

    impl Planned {
        pub(crate) async fn new() -> Planned {
            let dir = tempfile::tempdir().expect("a directory");
            let db = Db::connect(&Location::DataDir(dir.path().to_path_buf()), 1)
                .await
                .expect("a SQLite database");
            db.migrate().await.expect("migrations");
            Planned { db, _dir: dir }
        }

        /// What SQLite plans for `sql` (its EXPLAIN QUERY PLAN details).
        pub(crate) async fn plan(&self, sql: &str) -> Vec<String> {
            let Db::Sqlite(s) = &self.db else {
                unreachable!("a data directory opens SQLite")
            };
            sqlx::query_as::<_, (i64, i64, i64, String)>(sqlx::AssertSqlSafe(format!(
                "EXPLAIN QUERY PLAN {sql}"
            )))
            .fetch_all(s.pool())
            .await
            .expect("a plan")
            .into_iter()
            .map(|(_, _, _, detail)| detail)
            .collect()
        }
    }

    #[tokio::test]
    async fn the_queues_probes_of_open_items_read_only_open_items_on_sqlite() {
        let db = Planned::new().await;
        // Without statistics SQLite took tasks_project and walked every item of the
        // project, answered or not, for each waiting worker.
        for sql in [waiters_sql(false), slots_sql(false)] {
            let plan = db.plan(&sql).await;
            assert!(
                plan.iter().any(|step| step.contains("tasks_open")),
                "{plan:?}"
            );
            assert!(
                !plan.iter().any(|step| step.contains("tasks_project")),
                "{plan:?}"
            );
        }
        db.db.close().await;
    }
}
