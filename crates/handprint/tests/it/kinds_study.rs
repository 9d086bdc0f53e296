//! The `external_study` kind over the API: the definition checked at save, the
//! worker's link with their pseudonym, the codes kept from workers, a wrong code
//! refused naming the field, the time from lease to code, and the exports.

use crate::support::{TestApp, problem_paths};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn study() -> Value {
    json!({"kind": "external_study", "question": "Take our short survey.",
           "study_url": "https://survey.example.org/s/42?pid={pseudonym}&src=handprint",
           "completion_codes": ["C7D2K9", "ALT-2"]})
}

#[tokio::test]
async fn a_study_definition_with_a_plain_http_link_no_pseudonym_and_bad_codes_names_each_problem() {
    let app = TestApp::spawn().await;
    let requester = app.requester("sur").await;
    let bad = json!({"kind": "external_study", "study_url": "http://survey.example.org/s",
                     "completion_codes": ["ok1", "OK1", "has space"]});
    let (status, body) = requester
        .post(
            "/api/v1/projects",
            json!({"title": "Survey", "template": bad}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        problem_paths(&body),
        [
            "/template/study_url",
            "/template/completion_codes/1",
            "/template/completion_codes/2"
        ],
        "{body}"
    );
    let text = body.to_string();
    assert!(text.contains("must be an https address"), "{body}");
    assert!(text.contains("listed twice"), "{body}");

    let no_pseudonym = json!({"kind": "external_study", "study_url": "https://survey.example.org/s",
                              "completion_codes": []});
    let (status, body) = requester
        .post(
            "/api/v1/projects",
            json!({"title": "Survey", "template": no_pseudonym}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        problem_paths(&body),
        ["/template/study_url", "/template/completion_codes"],
        "{body}"
    );
    assert!(body.to_string().contains("{pseudonym}"), "{body}");
}

#[tokio::test]
async fn a_worker_gets_the_link_with_their_pseudonym_never_the_codes_and_a_wrong_code_is_a_422() {
    let app = TestApp::spawn().await;
    let requester = app.requester("sur").await;
    let project = requester
        .funded_project_of(
            study(),
            &[json!({"external_id": "slot-1", "text": "slot 1"})],
        )
        .await;
    let worker = app.worker("pia").await;
    let (status, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    let leased = lease.to_string();
    assert!(
        !leased.contains("C7D2K9") && !leased.contains("ALT-2"),
        "{lease}"
    );
    assert!(lease["project"]["template"]["completion_codes"].is_null());
    let template = &lease["project"]["template"];
    assert_eq!(template["kind"], "external_study");
    let link = template["study_link"].as_str().expect("the worker's link");
    let pseudonym = link
        .strip_prefix("https://survey.example.org/s/42?pid=")
        .and_then(|rest| rest.strip_suffix("&src=handprint"))
        .expect("the pseudonym in the link");
    assert_eq!(pseudonym.len(), 14, "{link}");
    assert!(pseudonym.starts_with("w-"), "{link}");

    let id = lease["assignment_id"].as_str().expect("assignment");
    app.clock.advance_seconds(600);
    let (status, body) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": {"completion_code": "C7D2K8"}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem_paths(&body), ["/answer/completion_code"], "{body}");
    let refusal = body.to_string();
    assert!(
        refusal.contains("\\\"C7D2K8\\\" is not a completion code of this study")
            || refusal.contains("\"C7D2K8\" is not a completion code of this study"),
        "{body}"
    );
    assert!(
        !refusal.contains("C7D2K9"),
        "the refusal never tells the code: {body}"
    );

    app.clock.advance_seconds(15);
    let (status, done) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": {"completion_code": " c7d2k9 "}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["answer"], json!({"completion_code": "C7D2K9"}));
    assert_eq!(done["seconds"], json!(615.0), "time from lease to code");

    let (status, jsonl) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers?format=jsonl"))
        .await;
    assert_eq!(status, StatusCode::OK, "{jsonl}");
    let rows: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("a jsonl row"))
        .collect();
    assert_eq!(rows.len(), 1, "{jsonl}");
    assert_eq!(rows[0]["answer"], json!({"completion_code": "C7D2K9"}));
    assert_eq!(
        rows[0]["worker"], pseudonym,
        "the export's pseudonym is the link's"
    );
    assert_eq!(rows[0]["seconds"], json!(615.0));

    let (status, csv) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers?format=csv"))
        .await;
    assert_eq!(status, StatusCode::OK, "{csv}");
    let line = csv.lines().nth(1).expect("one answer row");
    assert!(line.contains(pseudonym), "{csv}");
    assert!(
        line.contains(r#""{""completion_code"":""C7D2K9""}""#),
        "{csv}"
    );

    let (status, body) = requester
        .get(&format!("/api/v1/projects/{project}/labels"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body.to_string()
            .contains("external_study answers are not aggregated"),
        "{body}"
    );
}

fn custom() -> Value {
    json!({"kind": "custom_html", "question": "Tag the sentence.",
           "html": "<p id='t'></p><button id='go' onclick=\"handprint.submit({tag: 'noun', confidence: 3})\">Send</button>",
           "answer_schema": {"type": "object", "required": ["tag", "confidence"], "additionalProperties": false,
                             "properties": {"tag": {"enum": ["noun", "verb"]},
                                            "confidence": {"type": "integer", "minimum": 1, "maximum": 5}}}})
}

#[tokio::test]
async fn a_custom_html_definition_with_a_broken_schema_names_it_and_answers_are_checked_against_the_schema()
 {
    let app = TestApp::spawn().await;
    let requester = app.requester("cus").await;
    let broken = json!({"kind": "custom_html", "html": "<p>x</p>",
                        "answer_schema": {"type": "objekt"}, "height": 5});
    let (status, body) = requester
        .post(
            "/api/v1/projects",
            json!({"title": "Custom", "template": broken}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let paths = problem_paths(&body);
    assert!(
        paths
            .iter()
            .any(|p| p.starts_with("/template/answer_schema")),
        "{body}"
    );
    assert!(paths.contains(&"/template/height".to_string()), "{body}");
    assert!(
        body.to_string().contains("is not a usable JSON Schema"),
        "{body}"
    );

    let project = requester
        .funded_project_of(
            custom(),
            &[json!({"external_id": "s1", "text": "The cat sleeps."})],
        )
        .await;
    let worker = app.worker("kim").await;
    let (status, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    assert_eq!(
        lease["project"]["template"]["answer_schema"]["required"],
        json!(["tag", "confidence"])
    );
    let id = lease["assignment_id"].as_str().expect("assignment");
    let (status, body) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": {"tag": "noun", "confidence": 9}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem_paths(&body), ["/answer/confidence"], "{body}");
    assert!(
        body.to_string()
            .contains("the answer does not fit the project's answer schema"),
        "{body}"
    );
    let (status, done) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": {"tag": "noun", "confidence": 4}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let (status, csv) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers?format=csv"))
        .await;
    assert_eq!(status, StatusCode::OK, "{csv}");
    assert!(
        csv.contains(r#""{""tag"":""noun"",""confidence"":4}""#),
        "{csv}"
    );
    let (_, jsonl) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers?format=jsonl"))
        .await;
    let row: Value = serde_json::from_str(jsonl.lines().next().expect("a row")).expect("json");
    assert_eq!(row["answer"], json!({"tag": "noun", "confidence": 4}));
}
