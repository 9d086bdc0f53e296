//! Review: every rejection has a listed reason and a real message, an answer that
//! agrees with the item's label cannot be rejected, unreviewed work is approved
//! after the review window, bulk review, bonuses.

use crate::money::{answer, assert_books_balance, balance};
use crate::support::{TestApp, problem_paths};
use handprint_server::jobs;
use reqwest::StatusCode;
use serde_json::json;

pub const MESSAGE: &str =
    "The review is clearly negative (\"would not buy again\") but the answer says positive.";

#[tokio::test]
async fn a_rejection_without_a_reason_is_refused() {
    let app = TestApp::spawn().await;
    let requester = app.requester("ana").await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("ben").await;
    let a = answer(&app, &worker, &project, json!("pos"), 10).await;
    let path = format!("/api/v1/assignments/{a}/reject");

    let (status, body) = requester.post(&path, json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem_paths(&body), ["/reason", "/message"]);
    let (status, body) = requester
        .post(
            &path,
            json!({"reason": "instructions not followed", "message": MESSAGE}),
        )
        .await;
    assert_eq!(
        (status, problem_paths(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["/reason".to_string()]
        ),
        "{body}"
    );
    let (status, body) = requester
        .post(
            &path,
            json!({"reason": "instructions_not_followed", "message": "Wrong."}),
        )
        .await;
    assert_eq!(
        (status, problem_paths(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["/message".to_string()]
        ),
        "{body}"
    );
    let (_, review) = worker.get(&format!("/api/v1/assignments/{a}/review")).await;
    assert_eq!(
        review["review_state"], "pending",
        "nothing was rejected: {review}"
    );

    let (status, body) = requester
        .post(
            &path,
            json!({"reason": "instructions_not_followed", "message": MESSAGE}),
        )
        .await;
    assert_eq!(
        (status, body["review_state"].as_str()),
        (StatusCode::OK, Some("rejected")),
        "{body}"
    );
    let (status, review) = worker.get(&format!("/api/v1/assignments/{a}/review")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        review["rejection_reason_text"],
        "did not follow a clearly stated instruction"
    );
    assert_eq!(
        review["rejection_message"], MESSAGE,
        "the worker reads the message"
    );
    assert!(review["dispute_until"].is_string(), "{review}");
    let w = balance(&worker).await;
    assert_eq!(
        (
            w["worker"]["rejections_counted"].as_i64(),
            w["worker"]["rejections_open"].as_i64()
        ),
        (Some(0), Some(1)),
        "{w}"
    );
    assert_eq!(
        requester
            .post_empty(&format!("/api/v1/assignments/{a}/approve"))
            .await
            .0,
        StatusCode::CONFLICT
    );
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn an_answer_that_agrees_with_the_aggregated_label_cannot_be_rejected() {
    let app = TestApp::spawn().await;
    let requester = app.requester("cat").await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 3}))
        .await;
    let mut ids = Vec::new();
    for (name, label) in [("w1", "pos"), ("w2", "pos"), ("w3", "neg")] {
        let worker = app.worker(name).await;
        ids.push(answer(&app, &worker, &project, json!(label), 10).await);
    }
    let reject = |id: &str| {
        let (requester, path) = (
            requester.clone(),
            format!("/api/v1/assignments/{id}/reject"),
        );
        async move {
            requester
                .post(
                    &path,
                    json!({"reason": "empty_or_nonsensical", "message": MESSAGE}),
                )
                .await
        }
    };
    let (status, body) = reject(&ids[0]).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        body["detail"]
            .as_str()
            .unwrap_or("")
            .contains("agrees with the item's aggregated label"),
        "{body}"
    );
    let (status, body) = reject(&ids[2]).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the minority answer may be rejected: {body}"
    );
}

#[tokio::test]
async fn unreviewed_answers_are_approved_automatically_after_the_review_window() {
    let app = TestApp::spawn().await;
    let requester = app.requester("dan").await;
    let default = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let short = requester
        .funded_project(
            1,
            json!({"answers_per_task": 1, "review_window_seconds": 86_400}),
        )
        .await;
    let worker = app.worker("eli").await;
    let a = answer(&app, &worker, &default, json!("pos"), 10).await;
    let b = answer(&app, &worker, &short, json!("pos"), 10).await;
    let state = |id: String| {
        let worker = worker.clone();
        async move {
            worker
                .get(&format!("/api/v1/assignments/{id}/review"))
                .await
                .1["review_state"]
                .clone()
        }
    };

    app.clock.advance_seconds(86_400 - 20);
    jobs::run_once(&app.state).await;
    assert_eq!(state(b.clone()).await, "pending", "not a second early");
    app.clock.advance_seconds(20);
    jobs::run_once(&app.state).await;
    assert_eq!(
        state(b.clone()).await,
        "approved",
        "after the project's window of one day"
    );
    assert_eq!(
        state(a.clone()).await,
        "pending",
        "the default window is three days"
    );
    assert_eq!(balance(&worker).await["worker"]["available"], "0.10");

    app.clock.advance_seconds(2 * 86_400);
    jobs::run_once(&app.state).await;
    jobs::run_once(&app.state).await;
    assert_eq!(state(a).await, "approved");
    assert_eq!(
        balance(&worker).await["worker"]["available"],
        "0.20",
        "each paid once"
    );
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn a_review_window_longer_than_seven_days_is_refused() {
    let app = TestApp::spawn().await;
    let requester = app.requester("fin").await;
    let mut body = crate::support::sentiment_project();
    body["review_window_seconds"] = json!(8 * 86_400);
    let (status, body) = requester.post("/api/v1/projects", body).await;
    assert_eq!(
        (status, problem_paths(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["/review_window_seconds".to_string()]
        ),
        "{body}"
    );
}

#[tokio::test]
async fn many_answers_are_reviewed_at_once_each_on_its_own() {
    let app = TestApp::spawn().await;
    let requester = app.requester("gil").await;
    let project = requester
        .funded_project(4, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("hoa").await;
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(answer(&app, &worker, &project, json!("pos"), 10).await);
    }
    let (_, pending) = requester
        .get(&format!("/api/v1/projects/{project}/submissions"))
        .await;
    assert_eq!(pending.as_array().map(Vec::len), Some(4), "{pending}");
    assert!(
        pending[0]["worker"]
            .as_str()
            .unwrap_or("")
            .starts_with("w-"),
        "workers by pseudonym: {pending}"
    );
    let (status, body) = requester
        .post(
            "/api/v1/reviews",
            json!({"approve": [ids[0], ids[1], ids[0]], "reject": [
                {"assignment_id": ids[2], "reason": "failed_control_items", "message": MESSAGE},
                {"assignment_id": ids[3], "message": MESSAGE}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let outcomes: Vec<&str> = body["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["outcome"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        outcomes,
        ["paid", "paid", "unchanged", "rejected", "error"],
        "{body}"
    );
    assert_eq!(body["results"][4]["status"], 422);
    assert_eq!(balance(&worker).await["worker"]["available"], "0.20");
    let (_, pending) = requester
        .get(&format!("/api/v1/projects/{project}/submissions"))
        .await;
    assert_eq!(
        pending.as_array().map(Vec::len),
        Some(1),
        "one still pending: {pending}"
    );
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn a_bonus_reaches_the_worker_with_its_message() {
    let app = TestApp::spawn().await;
    let requester = app.requester("ivy").await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("jay").await;
    let a = answer(&app, &worker, &project, json!("neg"), 10).await;
    let path = format!("/api/v1/assignments/{a}/bonus");
    let body = json!({"amount": "0.50", "message": "Thank you for the careful note on item 1.", "idempotency_key": "b1"});
    let (status, b) = requester.post(&path, body.clone()).await;
    assert_eq!(
        status,
        StatusCode::PAYMENT_REQUIRED,
        "nothing available outside escrow yet: {b}"
    );
    assert_eq!(b["missing"], "0.55", "{b}");
    requester.fund("1.00").await;
    let (status, b) = requester.post(&path, body.clone()).await;
    assert_eq!(
        (status, b["fee"].as_str()),
        (StatusCode::CREATED, Some("0.05")),
        "{b}"
    );
    assert_eq!(
        requester.post(&path, body).await.0,
        StatusCode::OK,
        "the same key is the same bonus"
    );
    assert_eq!(balance(&worker).await["worker"]["available"], "0.50");
    let (_, statement) = worker.get("/api/v1/statement").await;
    let line = statement["lines"]
        .as_array()
        .and_then(|l| l.iter().find(|l| l["reason"] == "bonus").cloned())
        .expect("bonus line");
    assert_eq!(line["memo"], "Thank you for the careful note on item 1.");
    assert_books_balance(&app).await;
}
