//! Issue 12's limits, each attack performed against the real server and seen to fail:
//! an organisation whose answers cannot be paid stalling auto-approval for everyone
//! (finding 11), bonuses paid again on a re-post or without a cap (finding 9), drafts
//! without a quota (finding 10).

use crate::money::{answer, assert_books_balance, balance};
use crate::support::{Client, TestApp};
use handprint_core::ledger::BasisPoints;
use handprint_server::{Quotas, Settings, jobs};
use reqwest::StatusCode;
use serde_json::json;

/// The default review window: three days.
const REVIEW_WINDOW: i64 = 3 * 86_400;

/// An answer's review state, as its worker reads it.
async fn review_state(worker: &Client, assignment: &str) -> String {
    let (status, body) = worker
        .get(&format!("/api/v1/assignments/{assignment}/review"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["review_state"].as_str().unwrap_or("").to_string()
}

/// Leases taken by `slow`, expired, the items answered by `fast`, then `slow`'s late
/// answers (within the grace period): twice as many answers as escrowed slots. The
/// requester approves the fast ones, which uses up the escrow; the late ones are left
/// for auto-approval, which must fund each from an organisation holding nothing.
/// Returns the late answers' ids.
async fn answers_beyond_the_escrow(
    app: &TestApp,
    requester: &Client,
    project: &str,
    slow: &[Client],
    fast: &[Client],
) -> Vec<String> {
    let mut late = Vec::new();
    for w in slow {
        let (status, lease) = w
            .post("/api/v1/work/next", json!({"project_id": project}))
            .await;
        assert_eq!(status, StatusCode::OK, "{lease}");
        late.push(lease["assignment_id"].as_str().expect("lease").to_string());
    }
    app.clock.advance_seconds(61);
    jobs::run_once(&app.state).await;
    for w in fast {
        let id = answer(app, w, project, json!("pos"), 1).await;
        let (status, body) = requester
            .post_empty(&format!("/api/v1/assignments/{id}/approve"))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    for (w, id) in slow.iter().zip(&late) {
        let (status, body) = w
            .post(
                &format!("/api/v1/assignments/{id}/submit"),
                json!({"answer": "neg"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "a late answer within grace: {body}");
    }
    late
}

#[tokio::test]
async fn answers_one_organisation_cannot_pay_do_not_stall_auto_approval_for_the_others() {
    // No top-up reserve, so an answer beyond the escrowed slots is funded from the
    // organisation's available balance; a batch of two stands for the default 500.
    let app = TestApp::spawn_with(Settings {
        topup_reserve: BasisPoints(0),
        quotas: Quotas {
            auto_approve_batch: 2,
            ..Quotas::default()
        },
        ..Settings::default()
    })
    .await;
    let broke = app.requester("broke").await;
    let project = broke
        .funded_project(3, json!({"answers_per_task": 1, "lease_seconds": 60}))
        .await;
    assert_eq!(balance(&broke).await["organization"]["available"], "0.00");
    let mut slow = Vec::new();
    let mut fast = Vec::new();
    for i in 0..3 {
        slow.push(app.worker(&format!("slow{i}")).await);
        fast.push(app.worker(&format!("fast{i}")).await);
    }
    let late = answers_beyond_the_escrow(&app, &broke, &project, &slow, &fast).await;

    // Another organisation's answer, due after all three.
    let other = app.requester("solvent").await;
    let other_project = other
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("paid").await;
    let paid = answer(&app, &worker, &other_project, json!("pos"), 5).await;

    app.clock.advance_seconds(REVIEW_WINDOW);
    jobs::run_once(&app.state).await;
    assert_eq!(
        review_state(&worker, &paid).await,
        "approved",
        "the answer behind three unpayable ones (more than a batch) is paid in the same pass"
    );
    assert_eq!(balance(&worker).await["worker"]["available"], "0.10");
    for (w, id) in slow.iter().zip(&late) {
        assert_eq!(review_state(w, id).await, "pending", "cannot be funded yet");
    }

    // The organisation is funded now, but its project is backed off: not retried yet.
    broke.fund("1.00").await;
    app.clock
        .advance_seconds(jobs::AUTO_APPROVE_BACKOFF_SECONDS - 1);
    jobs::run_once(&app.state).await;
    assert_eq!(review_state(&slow[0], &late[0]).await, "pending");
    app.clock.advance_seconds(1);
    jobs::run_once(&app.state).await;
    for (w, id) in slow.iter().zip(&late) {
        assert_eq!(
            review_state(w, id).await,
            "approved",
            "retried after the back-off"
        );
        // 0.10, and 0.01 from the pay-floor job, which tops answers up on measured time.
        assert_eq!(balance(w).await["worker"]["available"], "0.11");
    }
    // The 1.00 deposited paid the three answers beyond the escrow, their fees and the
    // six answers' top-ups to the pay floor.
    assert_eq!(balance(&broke).await["organization"]["available"], "0.60");
    assert_books_balance(&app).await;
}
