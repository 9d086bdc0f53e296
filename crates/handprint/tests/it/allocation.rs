//! Fair allocation (issue 16): when work appears, the waiting workers are served least
//! recently served first instead of the fastest poller, an ask holds a place for two
//! minutes, and a worker who took a quarter of a project's recent leases waits while
//! others wait. Plus a short run of `handprint bench allocation` as a correctness check.

use crate::support::{Client, TestApp, handprint_command};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Ask for the next task in any project: the status and the lease.
async fn next(worker: &Client) -> (StatusCode, Value) {
    worker.post("/api/v1/work/next", json!({})).await
}

/// Ask and answer the task given (asserts one is given).
async fn take_and_answer(worker: &Client) {
    let (status, lease) = next(worker).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    let id = lease["assignment_id"].as_str().expect("an assignment");
    let (status, body) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": "pos"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn nothing_for(worker: &Client) {
    let (status, body) = next(worker).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
}

#[tokio::test]
async fn new_work_goes_to_the_least_recently_served_waiting_worker_not_the_fastest_poller() {
    let app = TestApp::spawn().await;
    let requester = app.requester("alloc-order").await;
    let ana = app.worker("ana").await;
    let ben = app.worker("ben").await;

    // Ana is served first; then both ask while nothing is left: both wait.
    requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    take_and_answer(&ana).await;
    app.clock.advance_seconds(10);
    nothing_for(&ben).await;
    nothing_for(&ana).await;

    // One item appears and Ana polls first: Ben, never served, goes first.
    requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    nothing_for(&ana).await;
    take_and_answer(&ben).await;

    // Both wait again; Ana was served longer ago than Ben, so she goes first now.
    app.clock.advance_seconds(10);
    nothing_for(&ben).await;
    nothing_for(&ana).await;
    requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    nothing_for(&ben).await;
    // An ask holds a place for two minutes: Ana does not come back, and after that
    // Ben takes the item.
    app.clock.advance_seconds(121);
    take_and_answer(&ben).await;
}

#[tokio::test]
async fn a_worker_with_a_quarter_of_recent_leases_waits_while_another_worker_waits() {
    let app = TestApp::spawn().await;
    let requester = app.requester("alloc-share").await;
    let ana = app.worker("ana").await;
    let ben = app.worker("ben").await;

    // Ben asks while there is no work: he waits for any project.
    nothing_for(&ben).await;
    requester
        .funded_project(12, json!({"answers_per_task": 1}))
        .await;
    // Ana takes eight items in a row (enough slots for Ben too, who ranks first),
    // then holds all the project's leases of the hour while Ben waits: she waits.
    for _ in 0..8 {
        take_and_answer(&ana).await;
    }
    nothing_for(&ana).await;
    // Ben takes one; nobody else waits, so Ana takes again.
    take_and_answer(&ben).await;
    take_and_answer(&ana).await;
}

/// The value after "name" on the line of the bench output that starts with it.
fn figures(out: &str, name: &str) -> (f64, f64) {
    let line = out
        .lines()
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("no line {name} in {out}"));
    let cols: Vec<&str> = line[name.len()..].split_whitespace().collect();
    let gini: f64 = cols[0].parse().expect("a gini");
    let top: f64 = cols[1].trim_end_matches('%').parse().expect("a share");
    (gini, top)
}

#[test]
fn the_allocation_bench_finds_fair_no_worse_than_random_and_far_better_than_first_come() {
    let out = handprint_command()
        .args([
            "bench",
            "allocation",
            "--workers",
            "60",
            "--hours",
            "4",
            "--seed",
            "7",
        ])
        .output()
        .expect("handprint runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    let (first_gini, first_top) = figures(&text, "first come, first served");
    let (random_gini, _) = figures(&text, "uniform random");
    let (fair_gini, fair_top) = figures(&text, "fair (least recently served, share cap)");
    assert!(fair_gini <= random_gini + 0.02, "{text}");
    assert!(fair_gini * 2.0 < first_gini, "{text}");
    assert!(fair_top < first_top, "{text}");
}
