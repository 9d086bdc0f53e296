//! Disputes: within 7 days of a rejection; reversed by the requester or decided by
//! an operator (undecided by the deadline: for the worker). A rejection counts only
//! once final.

use crate::money::{answer, assert_books_balance, balance};
use crate::review::MESSAGE;
use crate::support::{Client, TestApp};
use handprint_server::jobs;
use reqwest::StatusCode;
use serde_json::{Value, json};

const DAY: i64 = 86_400;

/// A requester, a worker with one rejected answer, and the assignment id.
async fn rejected(app: &TestApp) -> (Client, Client, String) {
    let requester = app.requester("req").await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("wor").await;
    let a = answer(app, &worker, &project, json!("pos"), 10).await;
    requester.reject(&a).await;
    (requester, worker, a)
}

async fn dispute(worker: &Client, a: &str) -> (StatusCode, Value) {
    worker
        .post(
            &format!("/api/v1/assignments/{a}/dispute"),
            json!({"message": "The review says 'a warm, funny story': that is positive."}),
        )
        .await
}

#[tokio::test]
async fn an_overturned_dispute_pays_in_full() {
    let app = TestApp::spawn().await;
    let (requester, worker, a) = rejected(&app).await;
    app.clock.advance_seconds(3 * DAY);
    let (status, d) = dispute(&worker, &a).await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    assert_eq!(
        dispute(&worker, &a).await.0,
        StatusCode::CONFLICT,
        "one dispute per rejection"
    );
    let id = d["id"].as_str().expect("id");
    let operator = app.operator().await;
    let (_, open) = operator.get("/api/v1/disputes").await;
    let seen = open
        .as_array()
        .and_then(|l| l.first().cloned())
        .expect("an open dispute");
    assert_eq!(
        seen["answer"], "pos",
        "the answer in front of the operator: {seen}"
    );
    assert_eq!(seen["review"]["rejection_message"], MESSAGE);
    assert!(
        seen["worker_message"]
            .as_str()
            .unwrap_or("")
            .contains("warm, funny")
    );
    assert_eq!(
        requester
            .post(
                &format!("/api/v1/disputes/{id}/decide"),
                json!({"decision": "overturn", "message": "x"})
            )
            .await
            .0,
        StatusCode::FORBIDDEN
    );

    let (status, d) = operator
        .post(&format!("/api/v1/disputes/{id}/decide"), json!({"decision": "overturn", "message": "The review is positive; the answer was right."}))
        .await;
    assert_eq!(
        (status, d["state"].as_str()),
        (StatusCode::OK, Some("overturned")),
        "{d}"
    );
    assert_eq!(d["review"]["review_state"], "overturned");
    let w = balance(&worker).await;
    assert_eq!(w["worker"]["available"], "0.10", "paid in full: {w}");
    assert_eq!(
        (
            w["worker"]["rejections_counted"].as_i64(),
            w["worker"]["rejections_open"].as_i64()
        ),
        (Some(0), Some(0))
    );
    app.clock.advance_seconds(30 * DAY);
    jobs::run_once(&app.state).await;
    assert_eq!(
        balance(&worker).await["worker"]["available"],
        "0.10",
        "paid once"
    );
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn a_requester_may_reverse_a_disputed_rejection() {
    let app = TestApp::spawn().await;
    let (requester, worker, a) = rejected(&app).await;
    let (_, d) = dispute(&worker, &a).await;
    let id = d["id"].as_str().expect("id");
    let (status, d) = requester
        .post(
            &format!("/api/v1/disputes/{id}/reverse"),
            json!({"message": "You are right, sorry."}),
        )
        .await;
    assert_eq!(
        (status, d["state"].as_str()),
        (StatusCode::OK, Some("reversed")),
        "{d}"
    );
    assert_eq!(d["requester_message"], "You are right, sorry.");
    assert_eq!(balance(&worker).await["worker"]["available"], "0.10");
    assert_eq!(
        requester
            .post(&format!("/api/v1/disputes/{id}/reverse"), json!({}))
            .await
            .0,
        StatusCode::CONFLICT
    );
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn an_undisputed_rejection_counts_only_after_seven_days_and_its_money_returns() {
    let app = TestApp::spawn().await;
    let (requester, worker, a) = rejected(&app).await;
    let before = balance(&requester).await["organization"]["available"].clone();
    app.clock.advance_seconds(7 * DAY - 1);
    jobs::run_once(&app.state).await;
    assert_eq!(
        balance(&worker).await["worker"]["rejections_counted"],
        0,
        "not before the window closes"
    );
    app.clock.advance_seconds(2);
    assert_eq!(
        dispute(&worker, &a).await.0,
        StatusCode::CONFLICT,
        "too late to dispute"
    );
    jobs::run_once(&app.state).await;
    let w = balance(&worker).await;
    assert_eq!(
        (
            w["worker"]["rejections_counted"].as_i64(),
            w["worker"]["available"].as_str()
        ),
        (Some(1), Some("0.00")),
        "{w}"
    );
    let (_, review) = worker.get(&format!("/api/v1/assignments/{a}/review")).await;
    assert_eq!(review["review_state"], "rejection_final");
    let after = balance(&requester).await["organization"]["available"].clone();
    assert_eq!(
        (before.as_str(), after.as_str()),
        (Some("0.00"), Some("0.11")),
        "reward and fee return to the requester"
    );
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn an_upheld_dispute_counts_and_an_undecided_one_is_decided_for_the_worker() {
    let app = TestApp::spawn().await;
    let requester = app.requester("kim").await;
    let project = requester
        .funded_project(2, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("lou").await;
    let mut ids = Vec::new();
    for _ in 0..2 {
        let a = answer(&app, &worker, &project, json!("pos"), 10).await;
        requester
            .post(
                &format!("/api/v1/assignments/{a}/reject"),
                json!({"reason": "duplicate_answer", "message": MESSAGE}),
            )
            .await;
        let (status, d) = dispute(&worker, &a).await;
        assert_eq!(status, StatusCode::CREATED, "{d}");
        ids.push(d["id"].as_str().expect("id").to_string());
    }
    let operator = app.operator().await;
    let (status, d) = operator
        .post(&format!("/api/v1/disputes/{}/decide", ids[0]), json!({"decision": "uphold", "message": "The answer copies another worker's word for word."}))
        .await;
    assert_eq!(
        (status, d["state"].as_str()),
        (StatusCode::OK, Some("upheld")),
        "{d}"
    );
    assert_eq!(balance(&worker).await["worker"]["rejections_counted"], 1);

    app.clock.advance_seconds(7 * DAY);
    jobs::run_once(&app.state).await;
    let (_, d) = worker.get(&format!("/api/v1/disputes/{}", ids[1])).await;
    assert_eq!(d["state"], "overturned", "nobody decided in time: {d}");
    let w = balance(&worker).await;
    assert_eq!(
        (
            w["worker"]["available"].as_str(),
            w["worker"]["rejections_counted"].as_i64()
        ),
        (Some("0.10"), Some(1)),
        "{w}"
    );
    let (_, mine) = worker.get("/api/v1/disputes").await;
    assert_eq!(mine.as_array().map(Vec::len), Some(2));
    assert_books_balance(&app).await;
}
