//! Worker voice (issue 16): reviews of requesters by the workers who worked for them,
//! and messages that reach only the allowed people.

use crate::money::answer;
use crate::support::{Client, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A requester with a funded project of two items, a worker who answered one of them,
/// and another worker who did nothing: (requester, org, project, worker, idle worker).
async fn worked(app: &TestApp) -> (Client, String, String, Client, Client) {
    let requester = app.requester("voice").await;
    let org = requester.organization_id().await;
    let project = requester
        .funded_project(2, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("did-one").await;
    answer(app, &worker, &project, json!("pos"), 30).await;
    let idle = app.worker("did-none").await;
    (requester, org, project, worker, idle)
}

fn review(project: &str, rating: i64, text: &str) -> Value {
    json!({"project_id": project, "rating": rating, "text": text})
}

#[tokio::test]
async fn only_a_worker_who_answered_for_a_requester_may_review_it_once_per_project() {
    let app = TestApp::spawn().await;
    let (requester, org, project, worker, idle) = worked(&app).await;
    let path = format!("/api/v1/organizations/{org}/reviews");

    let (status, body) = idle
        .post(&path, review(&project, 1, "Never worked here."))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["code"], "err-review-not-worked", "{body}");
    let (status, _) = requester
        .post(&path, review(&project, 5, "We are great."))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a requester cannot review");
    let (status, _) = app.anonymous().post(&path, review(&project, 5, "x")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (status, body) = worker.post(&path, review(&project, 6, "  ")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        crate::support::problem_paths(&body),
        ["/rating", "/text"],
        "{body}"
    );
    let (status, body) = worker
        .post(&path, review("no-such-project", 4, "Fine."))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(crate::support::problem_paths(&body), ["/project_id"]);

    let (status, first) = worker
        .post(&path, review(&project, 2, "Unclear instructions."))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["rating"], 2);
    assert_eq!(first["signed_as"], Value::Null, "anonymous by default");
    let (status, changed) = worker
        .post(
            &path,
            json!({"project_id": project, "rating": 4, "text": "Clear after their answer.", "signed_as": "Ravo"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a second review changes the first: {changed}"
    );
    assert_eq!(changed["id"], first["id"]);

    let (status, all) = app.anonymous().get(&path).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    assert_eq!(all["count"], 1, "{all}");
    assert_eq!(all["average"], "4.0");
    assert_eq!(
        all["distribution"],
        json!({"1": 0, "2": 0, "3": 0, "4": 1, "5": 0})
    );
    let r = &all["reviews"][0];
    assert_eq!(
        (
            r["rating"].as_i64(),
            r["text"].as_str(),
            r["signed_as"].as_str()
        ),
        (Some(4), Some("Clear after their answer."), Some("Ravo"))
    );
    let text = all.to_string();
    let (_, me) = worker.get("/api/v1/me").await;
    let worker_id = me["id"].as_str().expect("id");
    assert!(!text.contains(worker_id), "no worker id in reviews: {text}");
}

#[tokio::test]
async fn the_requester_answers_a_review_publicly_and_it_shows_on_its_record_page() {
    let app = TestApp::spawn().await;
    let (requester, org, project, worker, _) = worked(&app).await;
    let path = format!("/api/v1/organizations/{org}/reviews");
    let (_, r) = worker
        .post(&path, review(&project, 3, "Paid late but paid."))
        .await;
    let id = r["id"].as_str().expect("id");
    let answer_path = format!("{path}/{id}/answer");
    let other = app.requester("other-org").await;
    let (status, _) = other.post(&answer_path, json!({"text": "Not ours."})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another organisation");
    let (status, _) = worker.post(&answer_path, json!({"text": "Me?"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, answered) = requester
        .post(&answer_path, json!({"text": "We now pay within a day."}))
        .await;
    assert_eq!(status, StatusCode::OK, "{answered}");
    assert_eq!(answered["answer"], "We now pay within a day.");

    let (status, page) = app
        .anonymous()
        .get_text(&format!("/requesters/{org}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        "Reviews by workers",
        "Average rating: 3.0 / 5",
        "Paid late but paid.",
        "We now pay within a day.",
        "An anonymous worker",
    ] {
        assert!(page.contains(expected), "{expected} in {page}");
    }
}

#[tokio::test]
async fn messages_reach_only_the_workers_who_worked_for_the_requester_and_both_sides_see_the_thread()
 {
    let app = TestApp::spawn().await;
    let (requester, _, project, worker, idle) = worked(&app).await;

    let (status, sent) = worker
        .post(
            "/api/v1/messages",
            json!({"project_id": project, "text": "Is 'fine' positive or neutral?"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    assert_eq!(sent["recipients"], 1);
    let (status, threads) = requester.get("/api/v1/messages").await;
    assert_eq!(status, StatusCode::OK, "{threads}");
    assert_eq!(threads.as_array().map(Vec::len), Some(1), "{threads}");
    let pseudonym = threads[0]["worker"]
        .as_str()
        .expect("the worker's pseudonym");
    assert!(pseudonym.starts_with("w-"), "{threads}");

    let (status, reply) = requester
        .post(
            "/api/v1/messages",
            json!({"project_id": project, "to": pseudonym, "text": "Neutral, thank you for asking."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{reply}");
    let (status, body) = requester
        .post(
            "/api/v1/messages",
            json!({"project_id": project, "to": "w-000000000000", "text": "Hello stranger."}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["code"], "err-message-not-your-worker");

    let (status, all) = requester
        .post(
            "/api/v1/messages",
            json!({"project_id": project, "text": "New items tomorrow at 9:00 UTC."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{all}");
    assert_eq!(all["recipients"], 1, "only the worker who answered: {all}");

    let (_, mine) = worker.get("/api/v1/messages").await;
    let texts: Vec<(&str, &str, bool)> = mine[0]["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| {
            (
                m["from"].as_str().unwrap_or_default(),
                m["text"].as_str().unwrap_or_default(),
                m["to_all"].as_bool().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        texts,
        [
            ("worker", "Is 'fine' positive or neutral?", false),
            ("requester", "Neutral, thank you for asking.", false),
            ("requester", "New items tomorrow at 9:00 UTC.", true),
        ]
    );
    let (status, none) = idle.get("/api/v1/messages").await;
    assert_eq!(
        (status, none),
        (StatusCode::OK, json!([])),
        "nothing reached the idle worker"
    );

    let other = app.requester("elsewhere").await;
    let (status, _) = other
        .post(
            "/api/v1/messages",
            json!({"project_id": project, "text": "Come work for us."}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another organisation's project"
    );
    let operator = app.operator().await;
    assert_eq!(
        operator.get("/api/v1/messages").await.0,
        StatusCode::FORBIDDEN
    );
    let (status, _) = operator
        .post(
            "/api/v1/messages",
            json!({"project_id": project, "text": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "operators are not a party");
}
