//! Aggregated labels over the API.

use crate::support::{Client, TestApp, problem_paths};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Each worker answers every item of the project with `answer(worker_index, item_external_id)`.
async fn answer_all(workers: &[Client], project: &str, answer: impl Fn(usize, &str) -> Value) {
    for (w, worker) in workers.iter().enumerate() {
        loop {
            let (status, lease) = worker
                .post("/api/v1/work/next", json!({"project_id": project}))
                .await;
            if status == StatusCode::NO_CONTENT {
                break;
            }
            let id = lease["assignment_id"].as_str().expect("lease");
            let text = lease["task"]["data"]["text"]
                .as_str()
                .unwrap_or("")
                .to_string();
            let (status, body) = worker
                .post(
                    &format!("/api/v1/assignments/{id}/submit"),
                    json!({"answer": answer(w, &text)}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
    }
}

/// Items 0 and 2 are "pos", 1 and 3 "neg", each from three answers.
fn expected_labels() -> Vec<(String, String, u64)> {
    ["pos", "neg", "pos", "neg"]
        .iter()
        .enumerate()
        .map(|(i, label)| (format!("item-{i}"), label.to_string(), 3))
        .collect()
}

#[tokio::test]
async fn majority_vote_and_dawid_skene_label_every_item_with_a_confidence() {
    let app = TestApp::spawn().await;
    let requester = app.requester("lab").await;
    let project = requester
        .funded_project(4, json!({"answers_per_task": 3}))
        .await;
    let workers = [
        app.worker("l1").await,
        app.worker("l2").await,
        app.worker("l3").await,
    ];
    // Workers 0 and 1 say "pos" for even items; worker 2 always says "neg".
    answer_all(&workers, &project, |w, text| {
        let n: usize = text.trim_start_matches("review ").parse().unwrap_or(0);
        if w < 2 && n.is_multiple_of(2) {
            json!("pos")
        } else {
            json!("neg")
        }
    })
    .await;
    for method in ["mv", "ds", "glad", "wawa"] {
        let (status, body) = requester
            .get(&format!(
                "/api/v1/projects/{project}/labels?method={method}"
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{method}: {body}");
        assert_eq!(body["tasks"], 4);
        let labels = body["labels"].as_array().expect("labels");
        let mut got: Vec<(String, String, u64)> = labels
            .iter()
            .map(|l| {
                let c = l["confidence"].as_f64().expect("a confidence");
                assert!(c > 0.5 && c <= 1.0 + 1e-9, "{method}: {l}");
                (
                    l["external_id"].as_str().expect("external_id").to_string(),
                    l["label"].as_str().expect("label").to_string(),
                    l["answers"].as_u64().expect("answers"),
                )
            })
            .collect();
        got.sort();
        assert_eq!(got, expected_labels(), "{method}: {body}");
    }
    let (_, mv) = requester
        .get(&format!("/api/v1/projects/{project}/labels"))
        .await;
    assert_eq!(
        mv["method"], "mv",
        "majority vote is the default for choices"
    );
    let (status, csv) = requester
        .get_text(&format!(
            "/api/v1/projects/{project}/labels?method=ds&format=csv"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("task_id,external_id,label,confidence,answers")
    );
    let mut rows: Vec<(String, String, u64)> = lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), 5, "{line}");
            (
                cells[1].to_string(),
                cells[2].to_string(),
                cells[4].parse().expect("answers"),
            )
        })
        .collect();
    rows.sort();
    assert_eq!(rows, expected_labels(), "{csv}");
    let (status, body) = requester
        .get(&format!("/api/v1/projects/{project}/labels?method=rover"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_paths(&body), ["/method"]);
    let other = app.requester("nosy").await;
    assert_eq!(
        other
            .get(&format!("/api/v1/projects/{project}/labels"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn texts_are_combined_word_by_word() {
    let app = TestApp::spawn().await;
    let requester = app.requester("txt").await;
    let project = requester
        .funded_project(
            1,
            json!({"answers_per_task": 3, "template": {"kind": "text", "question": "Transcribe", "max_length": 100}}),
        )
        .await;
    let workers = [
        app.worker("t1").await,
        app.worker("t2").await,
        app.worker("t3").await,
    ];
    let texts = [
        "the quick brown fox",
        "the quick brown fix",
        "the quack brown fox",
    ];
    answer_all(&workers, &project, |w, _| json!(texts[w])).await;
    let (status, body) = requester
        .get(&format!("/api/v1/projects/{project}/labels"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["method"], "rover");
    assert_eq!(body["labels"][0]["label"], "the quick brown fox");
}

#[tokio::test]
async fn gold_majority_vote_needs_control_items_and_uses_them() {
    let app = TestApp::spawn().await;
    let requester = app.requester("gold").await;
    let project = requester.project(json!({"answers_per_task": 2})).await;
    let id = project["id"].as_str().expect("id").to_string();
    let rows = "{\"external_id\":\"c\",\"text\":\"review 0\",\"known_answer\":\"pos\"}\n{\"external_id\":\"x\",\"text\":\"review 1\"}\n";
    let (_, report) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            rows,
        )
        .await;
    assert_eq!(report["created"], 2, "{report}");
    requester.deposit_what_publishing_needs(&id).await;
    requester.publish(&id).await;
    let workers = [app.worker("g1").await, app.worker("g2").await];
    // Worker 0 is right on the control item, worker 1 wrong; they disagree on the other item.
    answer_all(&workers, &id, |w, text| match (w, text) {
        (0, _) => json!("pos"),
        (_, "review 0") => json!("neg"),
        _ => json!("neg"),
    })
    .await;
    let (status, body) = requester
        .get(&format!("/api/v1/projects/{id}/labels?method=gold-mv"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let other = body["labels"]
        .as_array()
        .expect("labels")
        .iter()
        .find(|l| l["external_id"] == "x")
        .cloned();
    assert_eq!(
        other.expect("item x")["label"],
        "pos",
        "the worker who got the control right carries the vote"
    );
}
