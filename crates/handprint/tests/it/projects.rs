//! Projects: declarations, validation, lifecycle and who may see what.

use crate::support::{TestApp, problem_paths, sentiment_project};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_draft_may_be_incomplete_but_publishing_names_every_missing_declaration() {
    let app = TestApp::spawn().await;
    let requester = app.requester("ines").await;
    let (status, draft) = requester
        .post("/api/v1/projects", json!({"title": "Boxes"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{draft}");
    assert_eq!(draft["state"], "draft");
    let id = draft["id"].as_str().expect("id");
    let (status, body) = requester
        .post_empty(&format!("/api/v1/projects/{id}/publish"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let mut paths = problem_paths(&body);
    paths.sort();
    assert_eq!(
        paths,
        [
            "/end_uses",
            "/estimated_seconds",
            "/instructions",
            "/purpose",
            "/reward",
            "/sensitive_content",
            "/template"
        ]
    );
}

#[tokio::test]
async fn project_fields_are_checked_with_their_paths() {
    let app = TestApp::spawn().await;
    let requester = app.requester("jo").await;
    let mut body = sentiment_project();
    body["purpose"] = json!("AI");
    body["end_uses"] = json!(["search", "spying"]);
    body["sensitive_content"] = json!(["none", "violence"]);
    body["reward"] = json!("0.105");
    body["answers_per_task"] = json!(0);
    body["template"] = json!({"kind": "single_choice", "options": [{"value": "a", "label": "A"}]});
    let (status, problem) = requester.post("/api/v1/projects", body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let paths = problem_paths(&problem);
    for want in [
        "/purpose",
        "/end_uses/1",
        "/sensitive_content",
        "/reward",
        "/answers_per_task",
    ] {
        assert!(paths.iter().any(|p| p == want), "{want} not in {paths:?}");
    }
    assert!(
        paths.iter().any(|p| p.starts_with("/template")),
        "{paths:?}"
    );
}

#[tokio::test]
async fn unknown_fields_are_refused_so_typos_do_not_pass_silently() {
    let app = TestApp::spawn().await;
    let requester = app.requester("kim").await;
    let mut body = sentiment_project();
    body["rewrad"] = json!("0.10");
    let (status, problem) = requester.post("/api/v1/projects", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        problem["detail"].as_str().unwrap_or("").contains("rewrad"),
        "{problem}"
    );
}

#[tokio::test]
async fn publishing_under_the_pay_floor_is_refused_with_the_minimum_reward() {
    let app = TestApp::spawn().await;
    let requester = app.requester("lea").await;
    let project = requester
        .project(json!({"reward": "0.02", "estimated_seconds": 60}))
        .await;
    let id = project["id"].as_str().expect("id");
    assert_eq!(project["implied_hourly_pay"], "1.20");
    let (status, body) = requester
        .post_empty(&format!("/api/v1/projects/{id}/publish"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_paths(&body), ["/reward"]);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("at least 0.20"),
        "{body}"
    );
}

#[tokio::test]
async fn a_project_moves_through_its_lifecycle_and_refuses_impossible_moves() {
    let app = TestApp::spawn().await;
    let requester = app.requester("max").await;
    let project = requester.project(json!({})).await;
    let id = project["id"].as_str().expect("id");
    let post = |action: &'static str| {
        let requester = requester.clone();
        let id = id.to_string();
        async move {
            requester
                .post_empty(&format!("/api/v1/projects/{id}/{action}"))
                .await
        }
    };
    assert_eq!(
        post("pause").await.0,
        StatusCode::CONFLICT,
        "a draft cannot be paused"
    );
    let (status, p) = post("publish").await;
    assert_eq!(
        (status, p["state"].as_str()),
        (StatusCode::OK, Some("active"))
    );
    assert!(p["published_at"].is_string());
    assert_eq!(post("pause").await.1["state"], "paused");
    assert_eq!(post("resume").await.1["state"], "active");
    assert_eq!(post("complete").await.1["state"], "completed");
    assert_eq!(post("publish").await.0, StatusCode::CONFLICT);
    assert_eq!(post("cancel").await.0, StatusCode::CONFLICT);
}

#[tokio::test]
async fn terms_workers_accepted_cannot_change_after_publishing() {
    let app = TestApp::spawn().await;
    let requester = app.requester("ned").await;
    let id = requester.funded_project(2, json!({})).await;
    let (status, body) = requester
        .patch(&format!("/api/v1/projects/{id}"), json!({"reward": "0.50"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, body) = requester
        .patch(
            &format!("/api/v1/projects/{id}"),
            json!({"instructions": "Clearer instructions."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["instructions"], "Clearer instructions.");
}

#[tokio::test]
async fn a_requester_sees_only_its_own_organisations_projects() {
    let app = TestApp::spawn().await;
    let ours = app.requester("olga").await;
    let theirs = app.requester("pia").await;
    let project = ours.project(json!({})).await;
    let id = project["id"].as_str().expect("id");
    assert_eq!(
        theirs.get(&format!("/api/v1/projects/{id}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        theirs
            .post_empty(&format!("/api/v1/projects/{id}/publish"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        theirs
            .get(&format!("/api/v1/projects/{id}/progress"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (_, list) = theirs.get("/api/v1/projects").await;
    assert_eq!(list.as_array().map(Vec::len), Some(0));
    let (_, list) = ours.get("/api/v1/projects").await;
    assert_eq!(list.as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn workers_see_open_projects_with_who_they_are_for_and_why() {
    let app = TestApp::spawn().await;
    let requester = app.requester("quinn").await;
    let draft = requester.project(json!({"title": "Not yet"})).await;
    let open = requester
        .funded_project(1, json!({"end_uses": ["surveillance", "search"]}))
        .await;
    let worker = app.worker("rana").await;
    let (_, list) = worker.get("/api/v1/projects").await;
    let list = list.as_array().expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], open.as_str());
    assert_eq!(
        list[0]["organization"]["name"],
        "Org of quinn@requester.test"
    );
    assert_eq!(list[0]["flagged_end_uses"], json!(["surveillance"]));
    assert!(
        list[0]["purpose"]
            .as_str()
            .unwrap_or("")
            .contains("bookshop")
    );
    let draft_id = draft["id"].as_str().expect("id");
    assert_eq!(
        worker.get(&format!("/api/v1/projects/{draft_id}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        worker.post("/api/v1/projects", sentiment_project()).await.0,
        StatusCode::FORBIDDEN
    );
}
