//! A requester organisation's public record: every figure checked on a small known
//! history (measured times set by the test clock), readable without signing in, 404
//! for an unknown organisation, and no worker in it.

use crate::money::answer;
use crate::support::{Client, TestApp};
use crate::web_money::Session;
use handprint_server::jobs;
use reqwest::StatusCode;
use serde_json::{Value, json};

const DAY: i64 = 86_400;

/// The workers' pseudonyms as the requester's answers export shows them.
async fn pseudonyms(requester: &Client, project: &str) -> Vec<String> {
    let (status, body) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v["worker"].as_str().map(str::to_string))
        .collect()
}

async fn record(app: &TestApp, org: &str) -> Value {
    let (status, body) = app
        .anonymous()
        .get(&format!("/api/v1/organizations/{org}/record"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

#[tokio::test]
async fn an_organisation_without_answers_has_a_record_of_zeros_and_nulls() {
    let app = TestApp::spawn().await;
    let requester = app.requester("new").await;
    let org = requester.organization_id().await;
    let r = record(&app, &org).await;
    assert_eq!(r["projects_published"], 0, "{r}");
    assert_eq!(r["answers_received"], 0);
    assert_eq!(r["paid_to_workers"], "0.00");
    for figure in [
        "hourly_pay",
        "median_hourly_pay",
        "rejection_rate_percent",
        "auto_approved_percent",
        "median_seconds_to_pay",
    ] {
        assert!(r[figure].is_null(), "{figure} without data: {r}");
    }
    let (status, page) = app
        .anonymous()
        .get_text(&format!("/requesters/{org}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("no data yet"), "{page}");
}

#[tokio::test]
async fn the_record_counts_pay_per_hour_rejections_time_to_pay_and_disputes_exactly() {
    let app = TestApp::spawn().await;
    let requester = app.requester("rec").await;
    let org = requester.organization_id().await;
    // Reward 0.10, one answer per item, a one-day review window.
    let project = requester
        .funded_project(
            4,
            json!({"answers_per_task": 1, "review_window_seconds": DAY}),
        )
        .await;
    let (w1, w2, w3) = (
        app.worker("w1").await,
        app.worker("w2").await,
        app.worker("w3").await,
    );
    // Measured times 10 s, 20 s, 30 s, 40 s.
    let a1 = answer(&app, &w1, &project, json!("pos"), 10).await;
    let a2 = answer(&app, &w2, &project, json!("pos"), 20).await;
    let a3 = answer(&app, &w3, &project, json!("neg"), 30).await;
    let a4 = answer(&app, &w1, &project, json!("neg"), 40).await;

    // a1 approved 100 s after its submission.
    app.clock.advance_seconds(100 - 20 - 30 - 40);
    let (status, body) = requester
        .post_empty(&format!("/api/v1/assignments/{a1}/approve"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // a2 rejected and disputed, the requester reverses: paid in full, counted as overturned.
    // a3 rejected and left so.
    for a in [&a2, &a3] {
        requester.reject(a).await;
    }
    let d = w2
        .dispute(
            &a2,
            "The review says 'a warm, funny story': that is positive.",
        )
        .await;
    let dispute = d["id"].as_str().expect("dispute id").to_string();
    let (status, body) = requester
        .post(&format!("/api/v1/disputes/{dispute}/reverse"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // a4 unreviewed: approved by the platform once the one-day window ends.
    app.clock.advance_seconds(DAY);
    jobs::run_once(&app.state).await;
    let (_, review) = w1.get(&format!("/api/v1/assignments/{a4}/review")).await;
    assert_eq!(review["review_state"], "approved", "{review}");

    let r = record(&app, &org).await;
    assert_eq!(r["organization_id"], org.as_str(), "{r}");
    assert_eq!(r["currency"], "USD");
    assert_eq!(r["projects_published"], 1);
    assert_eq!(r["answers_received"], 4);
    assert_eq!(r["workers_paid"], 2, "w1 (twice) and w2: {r}");
    assert_eq!(r["paid_answers_timed"], 3);
    assert_eq!(r["measured_seconds"], 10 + 20 + 40);
    assert_eq!(r["paid_to_workers"], "0.30");
    // 0.30 for 70 s: 30 × 3600 / 70 = 1542.8… cents an hour.
    assert_eq!(r["hourly_pay"], "15.42");
    // Per answer: 0.10 in 10 s = 36.00/h, in 20 s = 18.00/h, in 40 s = 9.00/h.
    assert_eq!(r["median_hourly_pay"], "18.00");
    assert_eq!(r["reviewed_answers"], 4);
    assert_eq!(r["rejections"], 2);
    assert_eq!(r["rejection_rate_percent"], "50.0");
    assert_eq!(r["rejections_overturned"], 1);
    assert_eq!(r["approved_answers"], 2);
    assert_eq!(r["auto_approved"], 1);
    assert_eq!(r["auto_approved_percent"], "50.0");
    // a1 after 100 s, a4 after one day and 10 s: the mean of the two middle figures.
    assert_eq!(r["median_seconds_to_pay"], (100 + DAY + 10) / 2);
    assert_eq!(r["disputes_opened"], 1);
    assert_eq!(r["disputes_for_worker"], 1);

    // No worker in it, by id or pseudonym, in the JSON or on the page.
    let (status, page) = app
        .anonymous()
        .get_text(&format!("/requesters/{org}"))
        .await;
    assert_eq!(status, StatusCode::OK, "no sign-in needed");
    let mut who = pseudonyms(&requester, &project).await;
    assert_eq!(who.len(), 4, "a pseudonym per answer: {who:?}");
    for w in [&w1, &w2, &w3] {
        let (_, me) = w.get("/api/v1/me").await;
        for key in ["id", "name", "email"] {
            if let Some(s) = me[key].as_str() {
                who.push(s.to_string());
            }
        }
    }
    assert!(
        who.len() >= 4 + 3 * 3,
        "the workers' ids, names and emails: {who:?}"
    );
    let json = r.to_string();
    for w in &who {
        assert!(!json.contains(w.as_str()), "{w} in the record: {json}");
        assert!(!page.contains(w.as_str()), "{w} on the page");
    }

    for shown in [
        "15.42 USD",
        "18.00 USD",
        "50.0 %",
        "Rejection rate",
        "Median time to pay",
    ] {
        assert!(page.contains(shown), "{shown} on the page: {page}");
    }
    assert!(
        page.contains("Record of Org of rec@requester.test"),
        "{page}"
    );
}

#[tokio::test]
async fn a_bonus_counts_in_the_pay_per_hour() {
    let app = TestApp::spawn().await;
    let requester = app.requester("bon").await;
    let org = requester.organization_id().await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("bw").await;
    let a = answer(&app, &worker, &project, json!("pos"), 60).await;
    let (status, body) = requester
        .post_empty(&format!("/api/v1/assignments/{a}/approve"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    requester.fund("1.00").await;
    let (status, body) = requester
        .post(
            &format!("/api/v1/assignments/{a}/bonus"),
            json!({"amount": "0.20", "message": "Thank you for the careful work.", "idempotency_key": "b1"}),
        )
        .await;
    assert!(status.is_success(), "{status} {body}");
    let r = record(&app, &org).await;
    assert_eq!(r["paid_to_workers"], "0.30", "reward and bonus: {r}");
    assert_eq!(r["hourly_pay"], "18.00", "0.30 for one minute");
    assert_eq!(r["median_hourly_pay"], "6.00", "the reward alone");
}

#[tokio::test]
async fn the_record_is_computed_at_most_once_a_minute_per_organisation() {
    let app = TestApp::spawn().await;
    let requester = app.requester("cached").await;
    let org = requester.organization_id().await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let before = record(&app, &org).await;
    assert_eq!(before["projects_published"], 1, "{before}");
    assert_eq!(before["answers_received"], 0, "{before}");
    let worker = app.worker("cw").await;
    answer(&app, &worker, &project, json!("pos"), 30).await;
    // 30 s later (the answer's working time): the figures read 30 s ago are served.
    let cached = record(&app, &org).await;
    assert_eq!(
        cached["answers_received"], 0,
        "still the figures of 30 s ago: {cached}"
    );
    app.clock.advance_seconds(30);
    let fresh = record(&app, &org).await;
    assert_eq!(
        fresh["answers_received"], 1,
        "read again after a minute: {fresh}"
    );
}

#[tokio::test]
async fn the_record_of_an_unknown_organisation_is_not_found() {
    let app = TestApp::spawn().await;
    let (status, body) = app
        .anonymous()
        .get("/api/v1/organizations/no-such-org/record")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["status"], 404, "a problem+json body: {body}");
    let (status, _) = app.anonymous().get_text("/requesters/no-such-org").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn find_work_links_each_organisation_to_its_record() {
    let app = TestApp::spawn().await;
    let requester = app.requester("lnk").await;
    let org = requester.organization_id().await;
    requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    app.worker("look").await;
    let worker = Session::sign_in(&app, "look@worker.test", "correct horse battery").await;
    let (status, page) = worker.get("/work").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!("href=\"/requesters/{org}\"")),
        "{page}"
    );
}

#[tokio::test]
async fn the_record_is_in_the_openapi_document_without_security() {
    let app = TestApp::spawn().await;
    let (_, doc) = app.anonymous().get("/api/openapi.json").await;
    let op = &doc["paths"]["/api/v1/organizations/{id}/record"]["get"];
    assert!(op.is_object(), "documented: {}", doc["paths"]);
    assert!(op["security"].is_null(), "public: {op}");
    assert!(doc["components"]["schemas"]["RecordView"].is_object());
}

#[tokio::test]
async fn the_record_page_speaks_french() {
    let app = TestApp::spawn().await;
    let requester = app.requester("fr").await;
    let org = requester.organization_id().await;
    let r = app
        .http
        .get(format!("{}/requesters/{org}", app.base))
        .header("accept-language", "fr")
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.expect("html");
    assert!(page.contains("Taux de refus"), "{page}");
    assert!(page.contains("pas encore de données"), "{page}");
}
