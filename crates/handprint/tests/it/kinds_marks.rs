//! The marking kinds of issue 15 over the API: a project of each is created from its
//! definition, workers answer it (a wrong answer is a 422 naming the field), the labels
//! route aggregates it, and the exports carry it.

use crate::support::{Client, TestApp, problem_paths};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A published project of `template` over `items`, each answered by `overlap` workers;
/// the requester funds it first (the deposit publishing asks for).
pub(crate) async fn published(
    requester: &Client,
    template: Value,
    items: &[Value],
    overlap: u64,
) -> String {
    let project = requester
        .project(json!({"template": template, "answers_per_task": overlap}))
        .await;
    let id = project["id"].as_str().expect("id").to_string();
    let rows: String = items.iter().map(|item| format!("{item}\n")).collect();
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

/// The worker leases the project's next task; returns the assignment id and the task data.
pub(crate) async fn lease(worker: &Client, project: &str) -> (String, Value) {
    let (status, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    (
        lease["assignment_id"].as_str().expect("lease").to_string(),
        lease["task"]["data"].clone(),
    )
}

pub(crate) async fn submit(
    worker: &Client,
    assignment: &str,
    answer: Value,
) -> (StatusCode, Value) {
    worker
        .post(
            &format!("/api/v1/assignments/{assignment}/submit"),
            json!({"answer": answer}),
        )
        .await
}

#[tokio::test]
async fn spans_are_checked_voted_token_by_token_and_exported() {
    let app = TestApp::spawn().await;
    let requester = app.requester("ner-lab").await;

    // A definition with problems is refused with each one named.
    let (status, body) = requester
        .post(
            "/api/v1/projects",
            json!({"title": "Entities", "reward": "0.10", "template":
                {"kind": "spans", "text_field": "1x", "labels": [], "max_spans": 0}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let paths = problem_paths(&body);
    for path in [
        "/template/text_field",
        "/template/labels",
        "/template/max_spans",
    ] {
        assert!(paths.iter().any(|p| p == path), "{path} in {paths:?}");
    }

    let template = json!({"kind": "spans", "question": "Mark every person and place.",
        "labels": ["person", "place"]});
    let text = "Ana Rakoto flew to Lyon.";
    let project = published(
        &requester,
        template,
        &[json!({"external_id": "s1", "text": text})],
        3,
    )
    .await;

    let workers = [
        app.worker("n1").await,
        app.worker("n2").await,
        app.worker("n3").await,
    ];
    let answers = [
        json!({"spans": [{"start": 19, "end": 23, "label": "place"}, {"start": 0, "end": 10, "label": "person"}]}),
        json!({"spans": [{"start": 0, "end": 10, "label": "person"}, {"start": 19, "end": 23, "label": "place"}]}),
        json!({"spans": [{"start": 0, "end": 3, "label": "person"}, {"start": 19, "end": 23, "label": "person"}]}),
    ];
    for (w, (worker, answer)) in workers.iter().zip(&answers).enumerate() {
        let (assignment, data) = lease(worker, &project).await;
        assert_eq!(data["text"], text);
        if w == 0 {
            // Past the text's end, then overlapping: each refused where it is wrong.
            let (status, body) = submit(
                worker,
                &assignment,
                json!({"spans": [{"start": 0, "end": 3, "label": "person"}, {"start": 19, "end": 30, "label": "place"}]}),
            )
            .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(problem_paths(&body), vec!["/answer/spans/1/end"], "{body}");
            assert!(
                body["errors"][0]["message"]
                    .as_str()
                    .unwrap_or("")
                    .contains("end 30, the text has 24 characters"),
                "{body}"
            );
            let (status, body) = submit(
                worker,
                &assignment,
                json!({"spans": [{"start": 0, "end": 5, "label": "person"}, {"start": 4, "end": 10, "label": "person"}]}),
            )
            .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(
                problem_paths(&body),
                vec!["/answer/spans/1/start"],
                "{body}"
            );
        }
        let (status, body) = submit(worker, &assignment, answer.clone()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    // Stored sorted, each span with its text.
    let (status, raw) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers?format=jsonl"))
        .await;
    assert_eq!(status, StatusCode::OK, "{raw}");
    let first: Value = serde_json::from_str(raw.lines().next().expect("a line")).expect("json");
    assert_eq!(
        first["answer"]["spans"][0],
        json!({"start": 0, "end": 10, "label": "person", "text": "Ana Rakoto"})
    );

    // The vote: "Ana" 3 of 3 and "Rakoto" 2 of 3 person, "Lyon" 2 of 3 place, the
    // rest unmarked by all; the label's confidence is the agreement over six tokens.
    let (status, body) = requester
        .get(&format!("/api/v1/projects/{project}/labels"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["method"], "spans");
    let label = &body["labels"][0];
    let spans = label["label"]["spans"].as_array().expect("spans");
    assert_eq!(spans.len(), 2, "{label}");
    assert_eq!(
        (
            &spans[0]["start"],
            &spans[0]["end"],
            &spans[0]["label"],
            &spans[0]["text"]
        ),
        (
            &json!(0),
            &json!(10),
            &json!("person"),
            &json!("Ana Rakoto")
        )
    );
    assert!((spans[0]["confidence"].as_f64().expect("c") - 5.0 / 6.0).abs() < 1e-9);
    assert_eq!(spans[1]["text"], "Lyon");
    assert!((spans[1]["confidence"].as_f64().expect("c") - 2.0 / 3.0).abs() < 1e-9);
    let agreement = (1.0 + 2.0 / 3.0 + 1.0 + 1.0 + 2.0 / 3.0 + 1.0) / 6.0;
    assert!((label["confidence"].as_f64().expect("c") - agreement).abs() < 1e-9);
    assert_eq!(label["answers"], 3);

    let (status, body) = requester
        .get(&format!("/api/v1/projects/{project}/labels?method=mv"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem_paths(&body), vec!["/method"]);

    // JSONL and CSV labels carry the spans.
    let (status, jsonl) = requester
        .get_text(&format!(
            "/api/v1/projects/{project}/labels?method=spans&format=jsonl"
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{jsonl}");
    let line: Value = serde_json::from_str(jsonl.trim()).expect("one line");
    assert_eq!(line["label"]["spans"][1]["label"], "place");
    let (status, csv) = requester
        .get_text(&format!(
            "/api/v1/projects/{project}/labels?method=spans&format=csv"
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{csv}");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let row = reader.records().next().expect("a row").expect("a record");
    let cell: Value = serde_json::from_str(&row[2]).expect("the label as JSON");
    assert_eq!(cell["spans"][0]["text"], "Ana Rakoto");
    assert_eq!(&row[1], "s1");
}
