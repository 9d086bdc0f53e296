//! The platform fee, rounded once over a project: after every payment the fees a
//! project has been charged are 10 % of everything its workers were paid (rewards,
//! top-ups, bonuses), rounded half up to a minor unit — never 0.01 on every 0.05.

use crate::money::{answer, assert_books_balance, balance};
use crate::support::{Client, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A funded, published project of `answers` items (one answer each) at `reward`,
/// every item answered by one worker and approved. Returns the requester.
async fn approved_project(app: &TestApp, name: &str, reward: &str, answers: usize) -> Client {
    let requester = app.requester(name).await;
    requester.fund("100.00").await;
    let project = requester
        .published_from_balance(
            answers,
            json!({"answers_per_task": 1, "reward": reward, "estimated_seconds": 10}),
        )
        .await;
    let worker = app.worker(name).await;
    let mut ids = Vec::new();
    for _ in 0..answers {
        ids.push(answer(app, &worker, &project, json!("pos"), 5).await);
    }
    let (status, body) = requester
        .post("/api/v1/reviews", json!({"approve": ids}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = requester
        .post_empty(&format!("/api/v1/projects/{project}/complete"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    requester
}

/// The organisation's figures: (available, escrow, spend, fees).
async fn org_money(requester: &Client) -> (String, String, String, String) {
    let b: Value = balance(requester).await;
    let o = &b["organization"];
    let text = |k: &str| o[k].as_str().expect(k).to_string();
    (
        text("available"),
        text("escrow"),
        text("spend"),
        text("fees"),
    )
}

#[tokio::test]
async fn ten_answers_at_five_cents_are_charged_five_cents_of_fees_in_all() {
    let app = TestApp::spawn().await;
    let requester = approved_project(&app, "five", "0.05", 10).await;
    // 10 × 0.05 = 0.50 paid; 10 % of it is 0.05 (not 10 × 0.01).
    assert_eq!(
        org_money(&requester).await,
        ("99.45".into(), "0.00".into(), "0.50".into(), "0.05".into())
    );
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn ten_answers_at_four_cents_are_charged_four_cents_of_fees_in_all() {
    let app = TestApp::spawn().await;
    let requester = approved_project(&app, "four", "0.04", 10).await;
    // 10 × 0.04 = 0.40 paid; 10 % is 0.04 (not 10 × 0.00).
    assert_eq!(
        org_money(&requester).await,
        ("99.56".into(), "0.00".into(), "0.40".into(), "0.04".into())
    );
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn three_answers_at_fifteen_cents_are_charged_the_rounded_half_up_fee_of_the_total() {
    let app = TestApp::spawn().await;
    let requester = approved_project(&app, "fifteen", "0.15", 3).await;
    // 3 × 0.15 = 0.45 paid; 10 % is 0.045, rounded half up once: 0.05 (not 3 × 0.02).
    assert_eq!(
        org_money(&requester).await,
        ("99.50".into(), "0.00".into(), "0.45".into(), "0.05".into())
    );
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn the_fees_of_each_approval_follow_the_running_total_and_escrow_returns_the_rest() {
    let app = TestApp::spawn().await;
    let requester = app.requester("steps").await;
    requester.fund("10.00").await;
    let project = requester
        .published_from_balance(
            3,
            json!({"answers_per_task": 1, "reward": "0.05", "estimated_seconds": 10}),
        )
        .await;
    // 3 × (0.05 + 0.01 held fee) + 25 % reserve of 0.15 rounded up (0.04) = 0.22.
    assert_eq!(
        org_money(&requester).await,
        ("9.78".into(), "0.22".into(), "0.00".into(), "0.00".into())
    );
    let worker = app.worker("steps").await;
    // Fees due after each approval: 0.005 → 0.01, 0.010 → 0.01, 0.015 → 0.02.
    for (fees, escrow, available) in [
        ("0.01", "0.16", "9.78"),
        ("0.01", "0.10", "9.79"),
        ("0.02", "0.04", "9.79"),
    ] {
        let a = answer(&app, &worker, &project, json!("pos"), 5).await;
        let (status, body) = requester
            .post_empty(&format!("/api/v1/assignments/{a}/approve"))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (got_available, got_escrow, _, got_fees) = org_money(&requester).await;
        assert_eq!(
            (
                got_available.as_str(),
                got_escrow.as_str(),
                got_fees.as_str()
            ),
            (available, escrow, fees)
        );
        assert_books_balance(&app).await;
    }
}

#[tokio::test]
async fn bonuses_carry_the_fee_by_the_same_rule_as_rewards() {
    let app = TestApp::spawn().await;
    let requester = app.requester("bonus").await;
    requester.fund("10.00").await;
    let project = requester
        .published_from_balance(
            1,
            json!({"answers_per_task": 1, "reward": "0.05", "estimated_seconds": 10}),
        )
        .await;
    let worker = app.worker("bonus").await;
    let a = answer(&app, &worker, &project, json!("pos"), 5).await;
    let (status, body) = requester
        .post_empty(&format!("/api/v1/assignments/{a}/approve"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Paid 0.05, charged 0.01 (0.005 rounded half up). A 0.25 bonus brings the total
    // to 0.30: 0.03 due, so the bonus's fee is 0.02 (not 0.03 on its own rounding).
    let bonus = format!("/api/v1/assignments/{a}/bonus");
    let request = json!({"amount": "0.25", "message": "thanks", "idempotency_key": "b1"});
    let (status, body) = requester.post(&bonus, request.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        (body["amount"].as_str(), body["fee"].as_str()),
        (Some("0.25"), Some("0.02"))
    );
    // The same bonus again: nothing moves, the fee it was charged is said again.
    let (status, body) = requester.post(&bonus, request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["fee"].as_str(), Some("0.02"), "{body}");
    let (_, _, spend, fees) = org_money(&requester).await;
    assert_eq!((spend.as_str(), fees.as_str()), ("0.30", "0.03"));
    assert_books_balance(&app).await;
}

#[tokio::test]
async fn escrow_per_project_is_what_each_project_holds_now_and_sums_to_the_escrow() {
    let app = TestApp::spawn().await;
    let requester = app.requester("perproject").await;
    requester.fund("100.00").await;
    let settings = json!({"answers_per_task": 1, "reward": "0.15", "estimated_seconds": 30});
    let open = requester.published_from_balance(4, settings.clone()).await;
    let done = requester.published_from_balance(2, settings).await;
    let worker = app.worker("perproject").await;
    let a = answer(&app, &worker, &open, json!("pos"), 5).await;
    let (status, body) = requester
        .post_empty(&format!("/api/v1/assignments/{a}/approve"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = requester
        .post_empty(&format!("/api/v1/projects/{done}/complete"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, escrow, _, _) = org_money(&requester).await;
    // Open: 3 unpaid slots × (0.15 + 0.02) + reserve ceil(25 % × 0.60) = 0.51 + 0.15.
    assert_eq!(escrow, "0.66");
    let r = crate::web_money::Session::sign_in(
        &app,
        "perproject@requester.test",
        "correct horse battery",
    )
    .await;
    let (status, html) = r.get("/funds").await;
    assert_eq!(status, StatusCode::OK);
    let table = html
        .split("<table id=\"escrow-projects\">")
        .nth(1)
        .and_then(|s| s.split("</table>").next())
        .expect("the escrow per project");
    assert_eq!(
        table,
        format!(
            "<tbody><tr><td><a href=\"/projects/{open}\">Review sentiment</a></td><td>Active</td><td class=\"num\">0.66 USD</td></tr></tbody>"
        ),
        "the completed project holds nothing and is not listed"
    );
    let rows = app
        .state
        .db
        .escrow_by_project(&requester.organization_id().await.into())
        .await
        .expect("escrow by project");
    let held: Vec<(String, i64)> = rows
        .into_iter()
        .map(|e| (e.id.into_string(), e.held.minor()))
        .collect();
    assert_eq!(held, vec![(open, 66)]);
    assert_books_balance(&app).await;
}
