//! Dynamic overlap (issue 13): each item gets `min` answers, then one more at a time
//! until the share agreeing with its majority label reaches the confidence, or `max`;
//! escrow covers `max` at publish and a stopped item's unused slots go back to the
//! requester, exactly, with the ledger balanced.

use crate::support::{Client, TestApp, problem_paths};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn answer_next(worker: &Client, project: &str, value: &str) -> String {
    let (status, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    let id = lease["assignment_id"]
        .as_str()
        .expect("an assignment")
        .to_string();
    let (status, body) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": value}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    lease["task"]["id"].as_str().expect("a task").to_string()
}

async fn organization_money(requester: &Client) -> (String, String) {
    let (status, b) = requester.get("/api/v1/balance").await;
    assert_eq!(status, StatusCode::OK, "{b}");
    let o = &b["organization"];
    (
        o["available"].as_str().unwrap_or_default().to_string(),
        o["escrow"].as_str().unwrap_or_default().to_string(),
    )
}

async fn books_balance(app: &TestApp) {
    let report = app.state.db.ledger_check().await.expect("ledger check");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.total, 0);
}

#[tokio::test]
async fn agreeing_items_stop_at_min_and_return_their_escrow_disputed_ones_run_to_max() {
    let app = TestApp::spawn().await;
    let requester = app.requester("ov-r").await;
    let overlap = json!({"overlap": {"min": 2, "max": 4, "confidence": 0.9}});
    let project = requester.funded_project(2, overlap).await;
    let (_, view) = requester.get(&format!("/api/v1/projects/{project}")).await;
    assert_eq!(view["answers_per_task"], 4, "{view}");
    assert_eq!(
        view["overlap"],
        json!({"min": 2, "max": 4, "confidence": 0.9})
    );
    // Escrow covers the maximum: 2 items × 4 answers × (0.10 + 10% fee) + 25% reserve
    // on the rewards = 0.88 + 0.20.
    assert_eq!(
        organization_money(&requester).await,
        ("0.00".to_string(), "1.08".to_string())
    );

    let workers = [
        app.worker("ov-1").await,
        app.worker("ov-2").await,
        app.worker("ov-3").await,
        app.worker("ov-4").await,
        app.worker("ov-5").await,
    ];
    let first = answer_next(&workers[0], &project, "pos").await;
    let second = answer_next(&workers[0], &project, "pos").await;
    assert_ne!(first, second);
    // The first item's second answer agrees: 2 of 2 ≥ 0.9, it stops at min and its two
    // unused slots' escrow (2 × 0.11) returns.
    assert_eq!(answer_next(&workers[1], &project, "pos").await, first);
    assert_eq!(
        organization_money(&requester).await,
        ("0.22".to_string(), "0.86".to_string())
    );
    books_balance(&app).await;
    // The second is disputed: 1 of 2, then 2 of 3, then 3 of 4 = max.
    assert_eq!(answer_next(&workers[1], &project, "neg").await, second);
    assert_eq!(answer_next(&workers[2], &project, "pos").await, second);
    assert_eq!(answer_next(&workers[3], &project, "pos").await, second);
    // Nothing is left: the stopped item offers no slot.
    let (status, body) = workers[4]
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(
        organization_money(&requester).await,
        ("0.22".to_string(), "0.86".to_string())
    );
    books_balance(&app).await;
    let (status, progress) = requester
        .get(&format!("/api/v1/projects/{project}/progress"))
        .await;
    assert_eq!(status, StatusCode::OK, "{progress}");
    assert_eq!(progress["answers"], 6, "{progress}");

    // The exports still work: six answers, two labels.
    let (status, answers) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answers.lines().count(), 6, "{answers}");
    let (status, labels) = requester
        .get_text(&format!("/api/v1/projects/{project}/labels?format=jsonl"))
        .await;
    assert_eq!(status, StatusCode::OK, "{labels}");
    let labels: Vec<Value> = labels
        .lines()
        .map(|l| serde_json::from_str(l).expect("a label"))
        .collect();
    assert_eq!(labels.len(), 2, "{labels:?}");
    assert!(labels.iter().all(|l| l["label"] == "pos"), "{labels:?}");

    // Completing gives back the rest but what the six answers are owed.
    let (status, body) = requester
        .post_empty(&format!("/api/v1/projects/{project}/complete"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        organization_money(&requester).await,
        ("0.42".to_string(), "0.66".to_string())
    );
    books_balance(&app).await;
}

#[tokio::test]
async fn dynamic_overlap_is_checked_field_by_field() {
    let app = TestApp::spawn().await;
    let requester = app.requester("ov-bad").await;
    let mut body = crate::support::sentiment_project();
    body["overlap"] = json!({"min": 3, "max": 2, "confidence": 1.5});
    let (status, problem) = requester.post("/api/v1/projects", body.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        problem_paths(&problem),
        vec!["/overlap/max", "/overlap/confidence"]
    );
    body["overlap"] = json!({"min": 0, "max": 101});
    let (_, problem) = requester.post("/api/v1/projects", body.clone()).await;
    assert_eq!(
        problem_paths(&problem),
        vec!["/overlap/min", "/overlap/max", "/overlap/confidence"]
    );
    body["overlap"] = json!({"min": 1, "max": 3, "confidence": 0.8});
    body["template"] = json!({"kind": "multi_choice", "question": "Topics?", "options": [
        {"value": "a", "label": "A"}, {"value": "b", "label": "B"}]});
    let (status, problem) = requester.post("/api/v1/projects", body.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem_paths(&problem), vec!["/overlap"]);

    // Set on a draft and taken back to a fixed overlap; frozen once published.
    let project = requester
        .project(json!({"overlap": {"min": 1, "max": 3, "confidence": 0.8}}))
        .await;
    let id = project["id"].as_str().expect("id");
    assert_eq!(project["answers_per_task"], 3);
    let (status, fixed) = requester
        .patch(
            &format!("/api/v1/projects/{id}"),
            json!({"overlap": null, "answers_per_task": 2}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{fixed}");
    assert_eq!(fixed["overlap"], Value::Null);
    assert_eq!(fixed["answers_per_task"], 2);
    let published = requester.funded_project(1, json!({})).await;
    let (status, body) = requester
        .patch(
            &format!("/api/v1/projects/{published}"),
            json!({"overlap": {"min": 1, "max": 3, "confidence": 0.8}}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
}
