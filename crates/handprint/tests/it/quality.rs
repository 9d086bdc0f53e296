//! Control items and quality rules (issue 13, items 3 and 4): control items mixed into
//! the work and impossible to tell apart, per-worker control accuracy with its
//! interval, the worker quality table, and rules that restrict a worker.

use crate::support::{Client, TestApp, problem_paths};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A published project (one answer per item) of `controls` control items (known answer
/// "pos", ids "c0"…) and `others` ordinary items ("n0"…), with these overrides.
async fn project_with_controls(
    requester: &Client,
    controls: usize,
    others: usize,
    overrides: Value,
) -> String {
    let mut settings = json!({"answers_per_task": 1});
    if let (Some(s), Some(o)) = (settings.as_object_mut(), overrides.as_object()) {
        s.extend(o.clone());
    }
    let project = requester.project(settings).await;
    let id = project["id"].as_str().expect("id").to_string();
    let mut rows = String::new();
    for i in 0..controls {
        rows += &format!(
            "{{\"external_id\":\"c{i}\",\"text\":\"control {i}\",\"known_answer\":\"pos\"}}\n"
        );
    }
    for i in 0..others {
        rows += &format!("{{\"external_id\":\"n{i}\",\"text\":\"item {i}\"}}\n");
    }
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            rows,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    requester.deposit_what_publishing_needs(&id).await;
    requester.publish(&id).await;
    id
}

async fn next(worker: &Client, project: &str) -> (StatusCode, Value) {
    worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await
}

async fn submit(worker: &Client, lease: &Value, answer: &str) -> Value {
    let id = lease["assignment_id"].as_str().expect("an assignment");
    let (status, body) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": answer}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// Every key path of a JSON value ("task.data.text"), sorted.
fn key_paths(value: &Value, prefix: &str, out: &mut Vec<String>) {
    if let Value::Object(map) = value {
        for (k, v) in map {
            let path = format!("{prefix}{k}");
            out.push(path.clone());
            key_paths(v, &format!("{path}."), out);
        }
    }
}

fn shape(lease: &Value) -> Vec<String> {
    let mut out = Vec::new();
    key_paths(lease, "", &mut out);
    out.sort();
    out
}

#[tokio::test]
async fn control_items_come_in_the_declared_share_and_look_like_any_item() {
    let app = TestApp::spawn().await;
    let requester = app.requester("ctl-req").await;
    let project = project_with_controls(&requester, 3, 6, json!({"control_rate": 25})).await;
    let (status, view) = requester.get(&format!("/api/v1/projects/{project}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["control_rate"], 25);

    let worker = app.worker("ctl-worker").await;
    let mut texts = Vec::new();
    let mut shapes = Vec::new();
    for _ in 0..9 {
        let (status, lease) = next(&worker, &project).await;
        assert_eq!(status, StatusCode::OK, "{lease}");
        let text = lease["task"]["data"]["text"]
            .as_str()
            .expect("text")
            .to_string();
        // The item's own data aside (these test items name themselves), nothing in it
        // tells a control apart.
        let mut rest = lease.clone();
        rest["task"]["data"] = json!({});
        let raw = rest.to_string();
        assert!(
            !raw.contains("known_answer") && !raw.contains("control"),
            "a lease gives nothing away: {raw}"
        );
        shapes.push(shape(&lease));
        texts.push(text);
        submit(&worker, &lease, "pos").await;
    }
    // At 25 %: the 1st, 5th and 9th items are controls (while any is left).
    assert_eq!(
        texts,
        [
            "control 0",
            "item 0",
            "item 1",
            "item 2",
            "control 1",
            "item 3",
            "item 4",
            "item 5",
            "control 2"
        ]
    );
    // A control's lease has exactly the keys of an ordinary one.
    assert_eq!(shapes[0], shapes[1]);
    assert_eq!(shapes[4], shapes[3]);

    // Controls run out: work goes on with ordinary items, and the other way round.
    let second = project_with_controls(&requester, 1, 2, json!({"control_rate": 50})).await;
    let other = app.worker("ctl-worker-2").await;
    let mut seen = Vec::new();
    while let (StatusCode::OK, lease) = next(&other, &second).await {
        seen.push(
            lease["task"]["data"]["text"]
                .as_str()
                .expect("text")
                .to_string(),
        );
        submit(&other, &lease, "neg").await;
    }
    assert_eq!(seen, ["control 0", "item 0", "item 1"]);
}

#[tokio::test]
async fn a_bad_control_rate_or_rule_is_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let requester = app.requester("rules-req").await;
    let mut body = crate::support::sentiment_project();
    body["control_rate"] = json!(101);
    body["quality_rules"] = json!([
        {"when": {"control_accuracy_below": {"threshold_percent": 70, "after_controls": 0}},
         "action": {"restrict": {"days": 7}}},
        {"when": {"too_fast": {"share_of_median_percent": 30, "times": 3}},
         "action": {"suspend": {}}},
        {"when": {"skips_above": {"count": 3}},
         "action": {"require_qualification": {"qualification_id": "nope"}}}
    ]);
    let (status, problem) = requester.post("/api/v1/projects", body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        problem_paths(&problem),
        [
            "/control_rate",
            "/quality_rules/0/when/control_accuracy_below/after_controls",
            "/quality_rules/1/action/suspend",
        ]
    );
    // Well-formed, but naming a qualification nobody may use.
    let mut body = crate::support::sentiment_project();
    body["quality_rules"] = json!([{"when": {"skips_above": {"count": 3}},
         "action": {"require_qualification": {"qualification_id": "nope"}}}]);
    let (status, problem) = requester.post("/api/v1/projects", body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        problem_paths(&problem),
        ["/quality_rules/0/action/require_qualification/qualification_id"]
    );
    // A valid set is stored and shown as sent; PATCH replaces it.
    let rules = json!([{"when": {"too_fast": {"share_of_median_percent": 30, "times": 3}},
        "action": {"warn": {}}}]);
    let project = requester
        .project(json!({"quality_rules": rules, "control_rate": 10}))
        .await;
    assert_eq!(project["quality_rules"], rules);
    let id = project["id"].as_str().expect("id");
    let (status, patched) = requester
        .patch(
            &format!("/api/v1/projects/{id}"),
            json!({"quality_rules": [], "control_rate": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{patched}");
    assert_eq!(patched["quality_rules"], json!([]));
    assert_eq!(patched["control_rate"], 0);
}
