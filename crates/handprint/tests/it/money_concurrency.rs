//! Money under concurrency: two `handprint serve` processes on one PostgreSQL,
//! many workers submitting, a requester bulk-approving through both while
//! auto-approval runs in a third process — every approved answer paid exactly once,
//! and `handprint ledger check` passes.

use crate::support::{
    Client, ServeProcess, db_flags, fresh_location, handprint_command, require_postgres, sign_up_at,
};
use futures::future::join_all;
use handprint_core::{Clock, ManualClock, SystemClock};
use handprint_server::{AppState, Settings, jobs};
use handprint_store::Db;
use reqwest::StatusCode;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const ITEMS: usize = 60;
const OVERLAP: usize = 2;
const WORKERS: usize = 16;

async fn work_until_empty(worker: Client, project: String) -> usize {
    for n in 0..(4 * ITEMS) {
        let (status, lease) = worker
            .post("/api/v1/work/next", json!({"project_id": project}))
            .await;
        if status == StatusCode::NO_CONTENT {
            return n;
        }
        assert_eq!(status, StatusCode::OK, "next: {lease}");
        let id = lease["assignment_id"].as_str().expect("assignment id");
        let (status, body) = worker
            .post(
                &format!("/api/v1/assignments/{id}/submit"),
                json!({"answer": "pos"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "submit: {body}");
    }
    panic!("still offered work after {} rounds", 4 * ITEMS);
}

/// Approve every pending answer, page by page, through `via`; returns how many were paid by this call.
async fn approve_pending(via: &Client, project: &str) -> usize {
    let (status, pending) = via
        .get(&format!(
            "/api/v1/projects/{project}/submissions?review=pending&limit=50"
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{pending}");
    let ids: Vec<String> = pending
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|s| s["assignment_id"].as_str().map(str::to_string))
        .collect();
    if ids.is_empty() {
        return 0;
    }
    let (status, body) = via.post("/api/v1/reviews", json!({"approve": ids})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut paid = 0;
    for r in body["results"].as_array().expect("results") {
        match r["outcome"].as_str() {
            Some("paid") => paid += 1,
            // Auto-approval or the other process got there first.
            Some("unchanged") => {}
            _ => panic!("a bulk approval failed: {r}"),
        }
    }
    paid
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_only_bulk_approval_and_auto_approval_on_two_processes_pay_every_answer_exactly_once() {
    require_postgres();
    let (location, _dir) = fresh_location().await;
    let servers = [
        ServeProcess::start(&location),
        ServeProcess::start(&location),
    ];
    let requester = sign_up_at(&servers[0].base, "requester", "ana@requester.test").await;
    // Leases outlive the review window, so the auto-approving process (whose clock runs
    // 90 minutes ahead) finds every answer due without expiring anyone's lease.
    let project = requester
        .funded_project(ITEMS, json!({"answers_per_task": OVERLAP, "lease_seconds": 7200, "review_window_seconds": 3600}))
        .await;
    let via = [requester.clone(), servers[1].as_client(&requester)];
    let (servers_ref, first) = (&servers, servers[0].base.as_str());
    let workers = join_all((0..WORKERS).map(|i| async move {
        let w = sign_up_at(first, "worker", &format!("crowd{i}@worker.test")).await;
        servers_ref[i % 2].as_client(&w)
    }))
    .await;

    // A third process running the background jobs with its clock 90 minutes ahead.
    let ahead = || SystemClock.now() + 90 * 60 * 1_000_000;
    let auto_db = Db::connect(&location, 4).await.expect("connect");
    let clock = Arc::new(ManualClock::new(ahead()));
    let auto = AppState::new(auto_db.clone(), clock.clone(), Settings::default());
    let stop = Arc::new(AtomicBool::new(false));
    let auto_loop = tokio::spawn({
        let (auto, stop, clock) = (auto.clone(), stop.clone(), clock.clone());
        async move {
            let mut passes = 0;
            while !stop.load(Ordering::SeqCst) {
                clock.set(ahead());
                jobs::run_once(&auto).await;
                passes += 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            passes
        }
    });
    let working = tokio::spawn({
        let project = project.clone();
        async move {
            join_all(
                workers
                    .into_iter()
                    .map(|w| work_until_empty(w, project.clone())),
            )
            .await
        }
    });
    let mut bulk_paid = 0;
    let mut round = 0;
    while !working.is_finished() {
        bulk_paid += approve_pending(&via[round % 2], &project).await;
        round += 1;
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let answered: usize = tokio::time::timeout(Duration::from_secs(120), working)
        .await
        .expect("the workers finished")
        .expect("worker tasks")
        .into_iter()
        .sum();
    assert_eq!(answered, ITEMS * OVERLAP);
    for i in 0..4 {
        bulk_paid += approve_pending(&via[i % 2], &project).await;
    }
    stop.store(true, Ordering::SeqCst);
    let passes = auto_loop.await.expect("auto-approval loop");
    jobs::run_once(&auto).await;
    assert!(passes > 0);
    eprintln!("bulk approval paid {bulk_paid}, auto-approval the rest, in {passes} passes");

    let (approved, payments, paid_total): (i64, i64, i64) = (handprint_store::sql::query_as(
        "SELECT (SELECT COUNT(*) FROM assignments WHERE review_state = 'approved'), \
         (SELECT COUNT(*) FROM ledger_transfers WHERE reason = 'approval'), \
         (SELECT COALESCE(CAST(SUM(balance) AS BIGINT), 0) FROM ledger_accounts WHERE kind = 'worker_available')"
    )
    .fetch_one(&auto_db)
    .await)
    .expect("count");
    assert_eq!(approved as usize, ITEMS * OVERLAP, "every answer approved");
    assert_eq!(payments, approved, "one payment per approved answer");
    assert_eq!(paid_total, 10 * approved, "0.10 each, exactly once");
    auto_db.close().await;

    let out = handprint_command()
        .args(db_flags(&location))
        .args(["ledger", "check"])
        .output()
        .expect("run ledger check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("ledger ok:"), "{stdout}");
}
