//! Many workers at once: every item gets exactly its overlap, nobody answers an
//! item twice, no lease is left behind — in one process and in two processes
//! sharing one PostgreSQL database — and the races one worker can start alone.

use crate::support::{
    Client, ServeProcess, TestApp, fresh_location, ledger_problems, require_postgres, sign_up_at,
};
use futures::future::join_all;
use handprint_store::{Db, Location};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::time::Duration;

const ITEMS: usize = 100;
const OVERLAP: usize = 3;
const WORKERS: usize = 40;
/// Far above what one worker can do here (ITEMS leases), so a bug cannot loop forever.
const MAX_ROUNDS: usize = 4 * ITEMS;

/// What one worker did until the marketplace told it there was nothing left.
#[derive(Debug, Default)]
struct WorkerLog {
    /// (assignment id, task id) of every acknowledged submission.
    submitted: Vec<(String, String)>,
    returned: usize,
}

/// Lease, then submit — or, one time in ten, give the task back — until 204.
async fn work_until_empty(worker: Client, project: String, seed: u64) -> WorkerLog {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut log = WorkerLog::default();
    for _ in 0..MAX_ROUNDS {
        let (status, lease) = worker
            .post("/api/v1/work/next", json!({"project_id": project}))
            .await;
        if status == StatusCode::NO_CONTENT {
            return log;
        }
        assert_eq!(status, StatusCode::OK, "next: {lease}");
        let id = lease["assignment_id"].as_str().expect("assignment id");
        let task = lease["task"]["id"].as_str().expect("task id");
        if rng.random_bool(0.1) {
            let (status, body) = worker
                .post_empty(&format!("/api/v1/assignments/{id}/return"))
                .await;
            assert_eq!(status, StatusCode::OK, "return: {body}");
            assert_eq!(body["state"], "returned", "{body}");
            log.returned += 1;
        } else {
            let answer = if rng.random_bool(0.5) { "pos" } else { "neg" };
            let (status, body) = worker
                .post(
                    &format!("/api/v1/assignments/{id}/submit"),
                    json!({"answer": answer}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "submit: {body}");
            assert_eq!(body["state"], "submitted", "{body}");
            log.submitted.push((id.to_string(), task.to_string()));
        }
    }
    panic!("a worker was still being offered work after {MAX_ROUNDS} rounds");
}

/// Run every worker at once, each with its own seed, within a deadline — in waves.
///
/// A worker who returns the last open item after every other worker has already been
/// told "nothing left" strands it: the returner is never offered that item again, and
/// real workers would simply ask again later. So the crowd asks again, wave after wave,
/// until a wave finds no work at all.
async fn run_workers(workers: Vec<Client>, project: &str) -> Vec<WorkerLog> {
    let mut logs: Vec<WorkerLog> = workers.iter().map(|_| WorkerLog::default()).collect();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(90);
    for wave in 0..20_u64 {
        let handles: Vec<_> = workers
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, w)| {
                tokio::spawn(work_until_empty(
                    w,
                    project.to_string(),
                    7_000 + 100 * wave + i as u64,
                ))
            })
            .collect();
        let wave_logs = tokio::time::timeout_at(deadline, join_all(handles))
            .await
            .expect("the workers finished within 90 s");
        let mut did_work = false;
        for (log, new) in logs.iter_mut().zip(wave_logs) {
            let new = new.expect("worker task");
            did_work |= !new.submitted.is_empty() || new.returned > 0;
            log.submitted.extend(new.submitted);
            log.returned += new.returned;
        }
        if !did_work {
            return logs;
        }
    }
    panic!("the crowd was still finding work after 20 waves");
}

/// The project holds exactly `items × overlap` answers, the acknowledged ones, with
/// no worker twice on an item, no live lease and balanced counters.
async fn assert_filled_exactly(
    requester: &Client,
    db: &Db,
    project: &str,
    items: usize,
    overlap: usize,
    logs: &[WorkerLog],
) {
    let expected = items * overlap;
    let acknowledged: HashSet<&str> = logs
        .iter()
        .flat_map(|l| l.submitted.iter().map(|(a, _)| a.as_str()))
        .collect();
    let submits: usize = logs.iter().map(|l| l.submitted.len()).sum();
    let returns: usize = logs.iter().map(|l| l.returned).sum();
    assert_eq!(submits, expected, "acknowledged submissions");
    assert_eq!(
        acknowledged.len(),
        expected,
        "distinct acknowledged assignments"
    );
    assert!(returns > 0, "the run exercised returns");

    let (status, progress) = requester
        .get(&format!("/api/v1/projects/{project}/progress"))
        .await;
    assert_eq!(status, StatusCode::OK, "{progress}");
    assert_eq!(progress["tasks"], items as u64, "{progress}");
    assert_eq!(progress["tasks_complete"], items as u64, "{progress}");
    assert_eq!(progress["answers"], expected as u64, "{progress}");
    assert_eq!(progress["live_leases"], 0, "{progress}");

    let (status, jsonl) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers?format=jsonl"))
        .await;
    assert_eq!(status, StatusCode::OK, "{jsonl}");
    let rows: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("jsonl row"))
        .collect();
    assert_eq!(rows.len(), expected, "exported answers");
    let exported: HashSet<&str> = rows
        .iter()
        .map(|r| r["assignment_id"].as_str().expect("assignment_id"))
        .collect();
    assert_eq!(exported.len(), expected, "no assignment exported twice");
    assert_eq!(exported, acknowledged, "exported = acknowledged");
    let mut per_task: HashMap<&str, usize> = HashMap::new();
    let mut pairs = HashSet::new();
    for row in &rows {
        let task = row["task_id"].as_str().expect("task_id");
        let worker = row["worker"].as_str().expect("worker");
        *per_task.entry(task).or_default() += 1;
        assert!(
            pairs.insert((task, worker)),
            "{worker} answered {task} twice"
        );
    }
    assert_eq!(per_task.len(), items, "every item answered");
    assert!(
        per_task.values().all(|&n| n == overlap),
        "every item exactly {overlap} times: {per_task:?}"
    );
    let problems = ledger_problems(db, project, overlap as i64).await;
    assert!(problems.is_empty(), "counters out of step: {problems:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_workers_fill_a_hundred_items_exactly_three_times() {
    let app = TestApp::spawn().await;
    let requester = app.requester("ana").await;
    let project = requester
        .funded_project(ITEMS, json!({"answers_per_task": OVERLAP}))
        .await;
    let workers = join_all((0..WORKERS).map(|i| {
        let app = &app;
        async move { app.worker(&format!("crowd{i}")).await }
    }))
    .await;

    let logs = run_workers(workers, &project).await;

    assert_filled_exactly(&requester, &app.state.db, &project, ITEMS, OVERLAP, &logs).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_only_two_serve_processes_on_one_postgres_share_the_work_exactly() {
    require_postgres();
    let (location, _dir) = fresh_location().await;
    let servers = [
        ServeProcess::start(&location),
        ServeProcess::start(&location),
    ];
    let requester = sign_up_at(&servers[0].base, "requester", "ana@requester.test").await;
    let project = requester
        .funded_project(ITEMS, json!({"answers_per_task": OVERLAP}))
        .await;
    let (servers, first) = (&servers, servers[0].base.as_str());
    let workers = join_all((0..WORKERS).map(|i| async move {
        let w = sign_up_at(first, "worker", &format!("crowd{i}@worker.test")).await;
        servers[i % 2].as_client(&w)
    }))
    .await;
    assert_eq!(
        workers.iter().filter(|w| w.base == servers[1].base).count(),
        WORKERS / 2,
        "half the workers go through the second process"
    );

    let logs = run_workers(workers, &project).await;

    let db = Db::connect(&location, 2).await.expect("connect");
    assert_filled_exactly(&requester, &db, &project, ITEMS, OVERLAP, &logs).await;
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_worker_asking_for_work_five_times_at_once_holds_a_single_lease() {
    let app = TestApp::spawn().await;
    let requester = app.requester("ana").await;
    let project = requester
        .funded_project(5, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("eager").await;

    let answers =
        join_all((0..5).map(|_| worker.post("/api/v1/work/next", json!({"project_id": project}))))
            .await;

    let ids: HashSet<&str> = answers
        .iter()
        .map(|(status, lease)| {
            assert_eq!(*status, StatusCode::OK, "{lease}");
            lease["assignment_id"].as_str().expect("assignment id")
        })
        .collect();
    assert_eq!(ids.len(), 1, "the same lease every time: {ids:?}");
    let (_, progress) = requester
        .get(&format!("/api/v1/projects/{project}/progress"))
        .await;
    assert_eq!(progress["live_leases"], 1, "{progress}");
    assert!(ledger_problems(&app.state.db, &project, 1).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_answer_sent_five_times_at_once_is_stored_once() {
    let app = TestApp::spawn().await;
    let requester = app.requester("ana").await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("flaky-network").await;
    let (_, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    let id = lease["assignment_id"].as_str().expect("assignment id");

    let answers = join_all((0..5).map(|i| {
        // Some retries carry a key, some do not: the same answer is the same submission.
        let body = if i % 2 == 0 {
            json!({"answer": "pos", "idempotency_key": format!("try-{i}")})
        } else {
            json!({"answer": "pos"})
        };
        let worker = &worker;
        let path = format!("/api/v1/assignments/{id}/submit");
        async move { worker.post(&path, body).await }
    }))
    .await;

    for (status, body) in &answers {
        assert_eq!(*status, StatusCode::OK, "{body}");
        assert_eq!(body["state"], "submitted", "{body}");
    }
    let (_, progress) = requester
        .get(&format!("/api/v1/projects/{project}/progress"))
        .await;
    assert_eq!(progress["answers"], 1, "{progress}");
    let (_, jsonl) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers?format=jsonl"))
        .await;
    assert_eq!(jsonl.lines().count(), 1, "{jsonl}");
    assert!(ledger_problems(&app.state.db, &project, 1).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn different_answers_sent_at_once_for_one_assignment_store_exactly_one() {
    let app = TestApp::spawn().await;
    let requester = app.requester("ana").await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("two-tabs").await;
    let (_, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    let id = lease["assignment_id"].as_str().expect("assignment id");

    let sent = ["pos", "neg", "pos", "neg", "pos", "neg"];
    let answers = join_all(sent.iter().map(|a| {
        let worker = &worker;
        let path = format!("/api/v1/assignments/{id}/submit");
        async move { worker.post(&path, json!({"answer": a})).await }
    }))
    .await;

    let (_, jsonl) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers?format=jsonl"))
        .await;
    let rows: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("jsonl row"))
        .collect();
    assert_eq!(rows.len(), 1, "{jsonl}");
    let stored = rows[0]["answer"].as_str().expect("answer");
    for (answer, (status, body)) in sent.iter().zip(&answers) {
        let expected = if *answer == stored {
            StatusCode::OK
        } else {
            StatusCode::CONFLICT
        };
        assert_eq!(
            *status, expected,
            "{answer} while {stored} was stored: {body}"
        );
    }
    assert!(ledger_problems(&app.state.db, &project, 1).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_return_racing_a_submit_ends_the_assignment_exactly_once() {
    let app = TestApp::spawn().await;
    let requester = app.requester("ana").await;
    let items = 20;
    let project = requester
        .funded_project(items, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("undecided").await;

    let mut stored = 0;
    for _ in 0..items {
        let (status, lease) = worker
            .post("/api/v1/work/next", json!({"project_id": project}))
            .await;
        assert_eq!(status, StatusCode::OK, "{lease}");
        let id = lease["assignment_id"].as_str().expect("assignment id");
        let (submit_path, return_path) = (
            format!("/api/v1/assignments/{id}/submit"),
            format!("/api/v1/assignments/{id}/return"),
        );
        let ((submit, s_body), (give_back, r_body)) = tokio::join!(
            worker.post(&submit_path, json!({"answer": "pos"})),
            worker.post_empty(&return_path),
        );
        let (_, now) = worker.get(&format!("/api/v1/assignments/{id}")).await;
        match now["state"].as_str() {
            Some("submitted") => {
                stored += 1;
                assert_eq!(submit, StatusCode::OK, "{s_body}");
                assert_ne!(r_body["state"], "returned", "{r_body}");
            }
            Some("returned") => {
                assert_eq!(submit, StatusCode::CONFLICT, "{s_body}");
                assert_eq!(give_back, StatusCode::OK, "{r_body}");
            }
            other => panic!("assignment left {other:?}: submit {s_body}, return {r_body}"),
        }
    }

    let (_, progress) = requester
        .get(&format!("/api/v1/projects/{project}/progress"))
        .await;
    assert_eq!(progress["answers"], stored, "{progress}");
    assert_eq!(progress["live_leases"], 0, "{progress}");
    let problems = ledger_problems(&app.state.db, &project, 1).await;
    assert!(problems.is_empty(), "counters out of step: {problems:#?}");
}

/// Another transaction holding an item's row for a moment (someone's submit or
/// return in flight) must not make the marketplace answer "no work" while a slot
/// is free: the worker would stop, and the item could stay short of its overlap.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_item_held_for_a_moment_by_another_transaction_is_still_offered() {
    let app = TestApp::spawn().await;
    let requester = app.requester("ana").await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 2}))
        .await;
    let (first, second) = (app.worker("first").await, app.worker("second").await);
    let (status, lease) = first
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    let task = lease["task"]["id"].as_str().expect("task id").to_string();

    let holder = RowHolder::hold(&app.location, &task).await;
    let asking = tokio::spawn({
        let (second, project) = (second.clone(), project.clone());
        async move {
            second
                .post("/api/v1/work/next", json!({"project_id": project}))
                .await
        }
    });
    holder.until_someone_waits(&asking).await;
    holder.release().await;

    let (status, lease) = asking.await.expect("request task");
    assert_eq!(status, StatusCode::OK, "the free slot is offered: {lease}");
    assert_eq!(lease["task"]["id"], task.as_str());
}

/// A claim PostgreSQL ends to break a deadlock is claimed again, not answered with a
/// 500. Made on purpose here: the claim holds the worker's row and waits for the only
/// item, which another transaction holds; that transaction then asks for the worker's
/// row. The claim waited first, so its `deadlock_timeout` (1 s) runs out first and it
/// is the one PostgreSQL ends (the other's is set to 60 s); run again, it waits for the
/// worker's row, and once the other transaction rolls back it takes the item.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_only_a_claim_ended_to_break_a_deadlock_is_claimed_again() {
    require_postgres();
    let app = TestApp::spawn().await;
    let Location::Postgres(url) = &app.location else {
        panic!("a PostgreSQL test app has a PostgreSQL location");
    };
    let requester = app.requester("ana").await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("dee").await;
    let pool = sqlx::PgPool::connect(url).await.expect("connect");
    let task: String = sqlx::query_scalar("SELECT id FROM tasks WHERE project_id = $1")
        .bind(&project)
        .fetch_one(&pool)
        .await
        .expect("the item");
    let worker_id: String = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind("dee@worker.test")
        .fetch_one(&pool)
        .await
        .expect("the worker");

    let mut holder = RowHolder::hold(&app.location, &task).await;
    // This side never ends the deadlock: the claim does.
    holder
        .run_postgres("SET LOCAL deadlock_timeout = '60s'", &[])
        .await;
    let asking = tokio::spawn({
        let (worker, project) = (worker.clone(), project.clone());
        async move {
            worker
                .post("/api/v1/work/next", json!({"project_id": project}))
                .await
        }
    });
    holder.until_someone_waits(&asking).await;
    assert!(
        !asking.is_finished(),
        "the claim answered without waiting for the item"
    );
    // The cycle: this waits until PostgreSQL ends the claim's transaction (which held
    // the worker's row), then holds the row the claim, run again, waits for.
    holder
        .run_postgres(
            "SELECT id FROM users WHERE id = $1 FOR UPDATE",
            &[&worker_id],
        )
        .await;
    holder.release().await;

    let (status, lease) = asking.await.expect("request task");
    assert_eq!(status, StatusCode::OK, "claimed again: {lease}");
    assert_eq!(lease["task"]["id"], task.as_str());
    let leases: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM assignments WHERE project_id = $1")
        .bind(&project)
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(leases, 1);
    let remaining: i64 = sqlx::query_scalar("SELECT remaining FROM tasks WHERE id = $1")
        .bind(&task)
        .fetch_one(&pool)
        .await
        .expect("remaining");
    assert_eq!(remaining, 0);
    pool.close().await;
}

/// A transaction holding the write lock on one task row, from outside the server.
enum RowHolder {
    Postgres {
        tx: sqlx::Transaction<'static, sqlx::Postgres>,
        watcher: sqlx::PgPool,
    },
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
}

impl RowHolder {
    async fn hold(location: &Location, task: &str) -> RowHolder {
        match location {
            Location::Postgres(url) => {
                let pool = sqlx::PgPool::connect(url).await.expect("connect");
                let mut tx = pool.begin().await.expect("begin");
                sqlx::query("SELECT id FROM tasks WHERE id = $1 FOR UPDATE")
                    .bind(task)
                    .execute(&mut *tx)
                    .await
                    .expect("lock the row");
                RowHolder::Postgres { tx, watcher: pool }
            }
            Location::DataDir(dir) => {
                let url = format!("sqlite://{}", dir.join("handprint.db").display());
                let pool = sqlx::SqlitePool::connect(&url).await.expect("connect");
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.expect("begin");
                sqlx::query("UPDATE tasks SET remaining = remaining WHERE id = $1")
                    .bind(task)
                    .execute(&mut *tx)
                    .await
                    .expect("lock");
                RowHolder::Sqlite(tx)
            }
        }
    }

    /// On PostgreSQL, wait (bounded) until the request is blocked on our lock or has
    /// already answered; SQLite's busy wait cannot be observed, and needs no proof.
    async fn until_someone_waits<T>(&self, request: &tokio::task::JoinHandle<T>) {
        let RowHolder::Postgres { watcher, .. } = self else {
            return;
        };
        for _ in 0..1_000 {
            let waiting: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() \
                 AND wait_event_type = 'Lock'",
            )
            .fetch_one(watcher)
            .await
            .expect("pg_stat_activity");
            if waiting > 0 || request.is_finished() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the request neither waited for the row nor answered within 10 s");
    }

    /// Run `sql` (with `binds`) in the holding transaction, on PostgreSQL.
    async fn run_postgres(&mut self, sql: &'static str, binds: &[&str]) {
        let RowHolder::Postgres { tx, .. } = self else {
            panic!("run_postgres needs a PostgreSQL holder");
        };
        let mut query = sqlx::query(sql);
        for bind in binds {
            query = query.bind(*bind);
        }
        query
            .execute(&mut **tx)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    async fn release(self) {
        match self {
            RowHolder::Postgres { tx, watcher } => {
                tx.commit().await.expect("commit");
                watcher.close().await;
            }
            RowHolder::Sqlite(tx) => tx.commit().await.expect("commit"),
        }
    }
}
