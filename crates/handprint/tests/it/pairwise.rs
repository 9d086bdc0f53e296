//! The pairwise kind (issue 15): a comparison of two options per item, its answers
//! checked, the options ranked by Bradley–Terry at `/labels?method=bt`, and issue 14's
//! preference data (`prompt`/`chosen`/`rejected` JSONL) exported with its handprint and
//! Croissant file, loaded by `datasets` as TRL's preference trainers read it.

use crate::exports::{export, keys_file, test_python, unzip, verify};
use crate::support::{Client, TestApp, problem_paths};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

fn template() -> Value {
    json!({"kind": "pairwise", "question": "Which reply is more helpful?",
        "prompt_field": "prompt", "left_field": "a", "right_field": "b", "allow_tie": true})
}

/// The compared pairs (left, right) and what the worker answers to each: the left
/// every time but one tie, so two items are upsets of the other order.
const PAIRS: [(&str, &str, &str); 8] = [
    ("A", "B", "left"),
    ("B", "A", "left"),
    ("A", "B", "left"),
    ("B", "C", "left"),
    ("C", "B", "left"),
    ("A", "C", "left"),
    ("C", "D", "left"),
    ("D", "C", "tie"),
];

/// A published pairwise project of [`PAIRS`] (prompts "Say X vs Y"), every item answered by
/// `worker` as [`PAIRS`] says, whatever order the items come in.
async fn answered(app: &TestApp, requester: &Client, worker: &str) -> String {
    let items: Vec<Value> = PAIRS
        .iter()
        .enumerate()
        .map(|(i, (a, b, _))| {
            json!({"external_id": format!("p{i}"), "a": a, "b": b,
            "prompt": format!("Say {a} vs {b}")})
        })
        .collect();
    let project = requester.funded_project_of(template(), &items).await;
    let worker = app.worker(worker).await;
    for _ in PAIRS {
        let (status, lease) = worker
            .post("/api/v1/work/next", json!({"project_id": project}))
            .await;
        assert_eq!(status, StatusCode::OK, "{lease}");
        let data = &lease["task"]["data"];
        let side = PAIRS
            .iter()
            .find(|(a, b, _)| data["a"] == *a && data["b"] == *b)
            .map(|p| p.2)
            .expect("a known pair");
        let id = lease["assignment_id"].as_str().expect("id");
        app.clock.advance_seconds(20);
        let (status, body) = worker
            .post(
                &format!("/api/v1/assignments/{id}/submit"),
                json!({"answer": side}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    project
}

#[tokio::test]
async fn a_pairwise_definition_with_one_field_for_both_options_is_refused_naming_it() {
    let app = TestApp::spawn().await;
    let requester = app.requester("pwdef").await;
    let (status, body) = requester
        .post(
            "/api/v1/projects",
            json!({"title": "Compare", "instructions": "Pick the better one.",
                "reward": "0.10", "estimated_seconds": 30, "answers_per_task": 1,
                "purpose": "Rank replies of a chat assistant for a small library.",
                "template": {"kind": "pairwise", "left_field": "reply", "right_field": "reply", "show": "gif"}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let paths = problem_paths(&body);
    assert!(
        paths.contains(&"/template/right_field".to_string())
            && paths.contains(&"/template/show".to_string()),
        "{body}"
    );
}

#[tokio::test]
async fn a_wrong_side_is_a_422_naming_the_answer_and_a_tie_is_taken_when_allowed() {
    let app = TestApp::spawn().await;
    let requester = app.requester("pwans").await;
    let project = requester
        .funded_project_of(
            json!({"kind": "pairwise"}),
            &[json!({"left": "Tea", "right": "Coffee"})],
        )
        .await;
    let worker = app.worker("pwansw").await;
    let (status, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    assert_eq!(
        lease["project"]["template"]["answer_schema"]["enum"],
        json!(["left", "right"])
    );
    let id = lease["assignment_id"].as_str().expect("id");
    let submit = format!("/api/v1/assignments/{id}/submit");
    let (status, body) = worker.post(&submit, json!({"answer": "tie"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem_paths(&body), ["/answer"], "{body}");
    assert_eq!(
        body["errors"][0]["message"],
        "this project does not allow ties: answer \"left\" or \"right\""
    );
    let (status, body) = worker.post(&submit, json!({"answer": "Tea"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        body["errors"][0]["message"],
        "\"Tea\" is not a side; answer one of \"left\", \"right\""
    );
    let (status, body) = worker.post(&submit, json!({"answer": "right"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn the_labels_with_method_bt_rank_the_options_by_bradley_terry() {
    let app = TestApp::spawn().await;
    let requester = app.requester("pwbt").await;
    let project = answered(&app, &requester, "pwbtw").await;

    let (status, body) = requester
        .get(&format!("/api/v1/projects/{project}/labels?method=bt"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["method"], "bt");
    assert_eq!(body["tasks"], 8);
    let ranking = body["ranking"].as_array().expect("a ranking");
    let rows: Vec<(u64, &str, u64, u64, u64)> = ranking
        .iter()
        .map(|r| {
            (
                r["rank"].as_u64().unwrap_or_default(),
                r["option"].as_str().unwrap_or_default(),
                r["wins"].as_u64().unwrap_or_default(),
                r["losses"].as_u64().unwrap_or_default(),
                r["ties"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (1, "A", 3, 1, 0),
            (2, "B", 2, 3, 0),
            (3, "C", 2, 2, 1),
            (4, "D", 0, 1, 1),
        ]
    );
    let score: BTreeMap<&str, f64> = ranking
        .iter()
        .map(|r| {
            (
                r["option"].as_str().unwrap_or_default(),
                r["score"].as_f64().unwrap_or_default(),
            )
        })
        .collect();
    let total: f64 = score.values().sum();
    assert!((total - 1.0).abs() < 1e-9, "{score:?}");
    // D never wins: the maximum-likelihood strength is 0.
    assert_eq!(score["D"], 0.0);
    // The fitted strengths satisfy the model's likelihood equations: each option's wins
    // equal the wins the model expects from its games (D, at 0, left out).
    let games = [("A", "B", 3.0), ("B", "C", 2.0), ("A", "C", 1.0)];
    for option in ["A", "B", "C"] {
        let expected: f64 = games
            .iter()
            .filter_map(|(x, y, n)| {
                let other = if *x == option {
                    y
                } else if *y == option {
                    x
                } else {
                    return None;
                };
                Some(n * score[option] / (score[option] + score[other]))
            })
            .sum();
        let wins = ranking
            .iter()
            .find(|r| r["option"] == option)
            .and_then(|r| r["wins"].as_f64())
            .unwrap_or_default();
        // C's win over D counts too, and D's strength is 0.
        let wins = if option == "C" { wins - 1.0 } else { wins };
        assert!(
            (expected - wins).abs() < 1e-3,
            "{option}: {expected} {wins} {score:?}"
        );
    }
    let labels: BTreeMap<&str, (&str, Option<f64>)> = body["labels"]
        .as_array()
        .expect("labels")
        .iter()
        .map(|l| {
            (
                l["external_id"].as_str().unwrap_or_default(),
                (
                    l["label"].as_str().unwrap_or_default(),
                    l["confidence"].as_f64(),
                ),
            )
        })
        .collect();
    assert_eq!(labels["p0"].0, "left", "A over B: {labels:?}");
    assert_eq!(
        labels["p1"].0, "right",
        "A over B whatever this worker said"
    );
    assert_eq!(labels["p6"], ("left", Some(1.0)));
    assert_eq!(labels["p7"], ("right", Some(1.0)));

    // The default method of a pairwise project is bt; others are refused naming it.
    let (status, body) = requester
        .get(&format!("/api/v1/projects/{project}/labels"))
        .await;
    assert_eq!((status, &body["method"]), (StatusCode::OK, &json!("bt")));
    let (status, body) = requester
        .get(&format!("/api/v1/projects/{project}/labels?method=mv"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem_paths(&body), ["/method"], "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("bt"),
        "{body}"
    );
    let (status, csv) = requester
        .get_text(&format!(
            "/api/v1/projects/{project}/labels?method=bt&format=csv"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(csv.lines().count(), 9, "{csv}");
}

/// `datasets.load_dataset("json", …)` of `file`: rows and columns.
fn load_json_dataset(python: &Path, file: &Path) -> Value {
    let script = r#"
import json, os, sys
from datasets import load_dataset
d = load_dataset("json", data_files=sys.argv[1], split="train", cache_dir=sys.argv[2])
print(json.dumps({"rows": d.num_rows, "columns": sorted(d.column_names), "first": d[0]}))
# Leave without the interpreter's teardown, where pyarrow's background threads can
# abort a process whose work is done (apache/arrow#34314: "terminate called without an
# active exception"); a failure above still exits non-zero.
sys.stdout.flush()
os._exit(0)
"#;
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(file)
        .arg(file.with_file_name("hf-cache"))
        .env("HF_HUB_OFFLINE", "1")
        .env("HF_DATASETS_OFFLINE", "1")
        .output()
        .expect("run datasets");
    assert!(
        out.status.success(),
        "datasets: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(stdout.lines().last().unwrap_or_default()).expect("json")
}

#[tokio::test]
async fn preference_pairs_export_with_a_handprint_and_load_as_a_preference_dataset() {
    let app = TestApp::spawn().await;
    let requester = app.requester("pwpref").await;
    let project = answered(&app, &requester, "pwprefw").await;
    let work = tempfile::tempdir().expect("dir");
    let keys = keys_file(&app, work.path()).await.display().to_string();

    let (status, bytes, id) = export(&requester, &project, json!({"format": "preferences"})).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    assert!(!id.is_empty());
    let dir = work.path().join("pref");
    std::fs::create_dir(&dir).expect("dir");
    assert_eq!(
        unzip(&bytes, &dir),
        [
            "preferences.jsonl",
            "items.jsonl",
            "croissant.json",
            "handprint.dsse.json"
        ]
    );
    let text = std::fs::read_to_string(dir.join("preferences.jsonl")).expect("read");
    let mut pairs: Vec<(String, String, String)> = text
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("a JSON line");
            assert!(v["assignment_id"].is_string(), "{v}");
            (
                v["prompt"].as_str().unwrap_or_default().to_string(),
                v["chosen"].as_str().unwrap_or_default().to_string(),
                v["rejected"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    pairs.sort();
    let expected: Vec<(String, String, String)> = [
        ("Say A vs B", "A", "B"),
        ("Say A vs B", "A", "B"),
        ("Say A vs C", "A", "C"),
        ("Say B vs A", "B", "A"),
        ("Say B vs C", "B", "C"),
        ("Say C vs B", "C", "B"),
        ("Say C vs D", "C", "D"),
    ]
    .iter()
    .map(|(p, c, r)| (p.to_string(), c.to_string(), r.to_string()))
    .collect();
    assert_eq!(pairs, expected, "the tie is left out");

    let (ok, stdout, stderr) = verify(&[&dir.display().to_string(), "--key", &keys]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("3 files checked"), "{stdout}");
    let path = dir.join("preferences.jsonl");
    let mut changed = text.clone().into_bytes();
    changed[3] ^= 1;
    std::fs::write(&path, &changed).expect("write");
    let (ok, _, stderr) = verify(&[&dir.display().to_string(), "--key", &keys]);
    assert!(!ok && stderr.contains("preferences.jsonl"), "{stderr}");
    std::fs::write(&path, &text).expect("restore");

    // A project of another kind has no preference data: 422 naming the format.
    let other = requester
        .funded_project_of(
            json!({"kind": "single_choice", "options": ["yes", "no"]}),
            &[json!({"text": "Is it?"})],
        )
        .await;
    let (status, body, _) = export(&requester, &other, json!({"format": "preferences"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(problem_paths(&body), ["/format"], "{body}");

    let Some(python) = test_python() else { return };
    let loaded = load_json_dataset(&python, &path);
    assert_eq!(loaded["rows"], 7, "{loaded}");
    assert_eq!(
        loaded["columns"],
        json!(["assignment_id", "chosen", "prompt", "rejected"])
    );
    let verdict = crate::exports::mlcroissant(&python, &dir, "preferences");
    assert_eq!(verdict["warnings"], json!([]), "{verdict}");
    assert_eq!(verdict["records"], 7, "{verdict}");
}

#[tokio::test]
async fn the_cli_writes_preference_pairs_with_a_handprint() {
    use crate::support::{db_flags, handprint_command};
    let app = TestApp::spawn().await;
    let requester = app.requester("pwcli").await;
    let project = answered(&app, &requester, "pwcliw").await;
    let work = tempfile::tempdir().expect("dir");
    let out = work.path().join("prefs");
    let output = handprint_command()
        .arg("export")
        .args(db_flags(&app.location))
        .args(["--project", &project, "--format", "preferences", "--out"])
        .arg(&out)
        .arg("--handprint")
        .env("HANDPRINT_SIGNING_KEY_FILE", work.path().join("key.pem"))
        .output()
        .expect("run export");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "7 preference pairs written to {}\n",
            out.display()
        )),
        "{stderr}"
    );
    let lines = std::fs::read_to_string(out.join("preferences.jsonl")).expect("read");
    assert_eq!(lines.lines().count(), 7);
    assert!(out.join("croissant.json").is_file() && out.join("handprint.dsse.json").is_file());
}
