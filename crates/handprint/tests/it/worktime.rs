//! Pay per hour including unpaid time (issue 16): a scripted day of work on the test
//! clock, and the exact figures the worker and the requester's public figure show.

use crate::support::{Client, TestApp};
use crate::web_money::Session;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn lease(worker: &Client) -> String {
    let (status, lease) = worker.post("/api/v1/work/next", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    lease["assignment_id"]
        .as_str()
        .expect("an assignment")
        .to_string()
}

async fn submit(worker: &Client, id: &str) {
    let (status, body) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": "pos"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

fn figures(view: &Value) -> Value {
    json!({
        "task_seconds": view["task_seconds"],
        "unanswered_lease_seconds": view["unanswered_lease_seconds"],
        "test_seconds": view["test_seconds"],
        "searching_seconds": view["searching_seconds"],
        "unpaid_seconds": view["unpaid_seconds"],
        "pay": view["pay"],
        "hourly_pay_task_time": view["hourly_pay_task_time"],
        "hourly_pay_including_unpaid": view["hourly_pay_including_unpaid"],
    })
}

#[tokio::test]
async fn a_scripted_day_gives_the_exact_pay_per_hour_including_unpaid_time() {
    let app = TestApp::spawn().await;
    let requester = app.requester("worktime").await;
    let worker = app.worker("wanjiru").await;
    requester
        .funded_project(
            4,
            json!({"answers_per_task": 1, "reward": "0.10", "lease_seconds": 300}),
        )
        .await;

    // 0 s: the first task, answered in 60 s.
    let first = lease(&worker).await;
    app.clock.advance_seconds(60);
    submit(&worker, &first).await;
    // 120 s searching; the second task, given back after 30 s.
    app.clock.advance_seconds(120);
    let second = lease(&worker).await;
    app.clock.advance_seconds(30);
    let (status, body) = worker
        .post_empty(&format!("/api/v1/assignments/{second}/return"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // 90 s searching; the third task, left to expire (its 300 s lease).
    app.clock.advance_seconds(90);
    lease(&worker).await;
    app.clock.advance_seconds(350);
    handprint_server::jobs::run_once(&app.state).await;
    // 100 s after the expiry (50 s + 50 s), the fourth task, answered in 40 s.
    app.clock.advance_seconds(50);
    let fourth = lease(&worker).await;
    app.clock.advance_seconds(40);
    submit(&worker, &fourth).await;
    // Half an hour away, then the requester approves both answers.
    app.clock.advance_seconds(1_800);
    for id in [&first, &fourth] {
        let (status, body) = requester
            .post_empty(&format!("/api/v1/assignments/{id}/approve"))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    // Task 100 s; unpaid 330 s in leases (30 + 300) and 310 s searching (120 + 90 +
    // 100); 0.20 paid: 7.20 per hour of task time, 0.97 per hour of all 740 s.
    let expected = json!({
        "task_seconds": 100,
        "unanswered_lease_seconds": 330,
        "test_seconds": 0,
        "searching_seconds": 310,
        "unpaid_seconds": 640,
        "pay": "0.20",
        "hourly_pay_task_time": "7.20",
        "hourly_pay_including_unpaid": "0.97",
    });
    let (status, mine) = worker.get("/api/v1/me/worktime").await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(figures(&mine), expected);
    let org = requester.organization_id().await;
    let (status, theirs) = app
        .anonymous()
        .get(&format!("/api/v1/organizations/{org}/worktime"))
        .await;
    assert_eq!(status, StatusCode::OK, "{theirs}");
    assert_eq!(figures(&theirs), expected);
    // The public record carries the same aggregate beside its pay per hour of task time.
    let (status, record) = app
        .anonymous()
        .get(&format!("/api/v1/organizations/{org}/record"))
        .await;
    assert_eq!(status, StatusCode::OK, "{record}");
    assert_eq!(figures(&record["unpaid_time"]), expected);
    assert_eq!(record["hourly_pay_including_unpaid"], "0.97");
    let (status, page) = app
        .anonymous()
        .get_text(&format!("/requesters/{org}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(r#"<p class="big" id="hourly-pay-all">0.97 USD</p>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<p id="hourly-pay-task">Per hour of task time only: 7.20 USD</p>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<p id="unpaid-split">Task time: 2 min · unpaid time: 11 min</p>"#),
        "{page}"
    );

    // The earnings page shows the worker both figures.
    let session = Session::sign_in(&app, "wanjiru@worker.test", "correct horse battery").await;
    let (status, page) = session.get("/earnings").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(r#"<dd id="hourly-task">7.20 USD</dd>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<dd id="hourly-all">0.97 USD</dd>"#),
        "{page}"
    );
    assert!(
        page.contains("10 minutes: 5 minutes on tasks given back or expired · no minutes on tests · 5 minutes searching"),
        "{page}"
    );
}
