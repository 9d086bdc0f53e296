//! A tiny run of every command the README quotes, with the real binary: `serve --demo`
//! and the README's first session against it, then the database commands on the same
//! data while it runs, `default-config`, `aggregate`, and both benchmarks at a toy size.

use crate::support::{ServeProcess, db_flags, fresh_location, handprint_command, http_client};
use handprint_store::Location;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Run `handprint ARGS` (on `location` when given); its standard output, once it succeeded.
fn run_ok(location: Option<&Location>, args: &[&str]) -> String {
    let mut cmd = handprint_command();
    if let Some(location) = location {
        cmd.args(db_flags(location));
    }
    let out = cmd.args(args).output().expect("run handprint");
    assert!(
        out.status.success(),
        "handprint {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The README's "A first session", step by step, against `base`: an API key for the demo
/// worker, the next task, the answer "positive". The lease it answered.
async fn first_session(base: &str) -> Value {
    let http = http_client();
    // KEY=$(curl -s -u ana@demo.handprint.test:handprint-demo -X POST …/api/v1/api-keys | jq -r .key)
    let r = http
        .post(format!("{base}/api/v1/api-keys"))
        .basic_auth("ana@demo.handprint.test", Some("handprint-demo"))
        .send()
        .await
        .expect("api-keys");
    assert_eq!(r.status(), StatusCode::CREATED);
    let key: Value = r.json().await.expect("json");
    let key = key["key"].as_str().expect("a key").to_string();
    // A=$(curl -s -H "Authorization: Bearer $KEY" -X POST …/api/v1/work/next | jq -r .assignment_id)
    let r = http
        .post(format!("{base}/api/v1/work/next"))
        .bearer_auth(&key)
        .send()
        .await
        .expect("work/next");
    assert_eq!(r.status(), StatusCode::OK);
    let lease: Value = r.json().await.expect("json");
    let a = lease["assignment_id"].as_str().expect("an assignment id");
    // curl … -H 'content-type: application/json' -d '{"answer": "positive"}' …/assignments/$A/submit
    let r = http
        .post(format!("{base}/api/v1/assignments/{a}/submit"))
        .bearer_auth(&key)
        .header("content-type", "application/json")
        .body(r#"{"answer": "positive"}"#)
        .send()
        .await
        .expect("submit");
    let status = r.status();
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        r.text().await.unwrap_or_default()
    );
    lease
}

/// A draft project of the demo requester's, made over the API (for `tasks import`).
async fn demo_draft(base: &str) -> String {
    let http = http_client();
    let r = http
        .post(format!("{base}/api/v1/api-keys"))
        .basic_auth("requester@demo.handprint.test", Some("handprint-demo"))
        .send()
        .await
        .expect("api-keys");
    let key: Value = r.json().await.expect("json");
    let requester = crate::support::Client {
        base: base.to_string(),
        http,
        key: key["key"].as_str().map(str::to_string),
    };
    requester.project(json!({})).await["id"]
        .as_str()
        .expect("id")
        .to_string()
}

#[tokio::test]
async fn the_readme_first_session_runs_against_serve_demo_and_the_database_commands_beside_it() {
    let (location, _keep) = fresh_location().await;
    let server = ServeProcess::start_with(&location, &["--demo"], &[]);
    let lease = first_session(&server.base).await;
    assert_eq!(
        lease["project"]["title"],
        "Is this book review positive or negative?"
    );
    let assignment = lease["assignment_id"].as_str().expect("id");
    let task = lease["task"]["id"].as_str().expect("task id");
    let project = lease["project"]["id"].as_str().expect("project id");

    // The database commands, on the same data, while the server runs.
    let backend = match location {
        Location::DataDir(_) => "sqlite",
        Location::Postgres(_) => "postgres",
    };
    assert_eq!(
        run_ok(Some(&location), &["migrate"]),
        format!("database schema is up to date ({backend})\n")
    );
    // As the README gives it: the password in HANDPRINT_OPERATOR_PASSWORD.
    let mut cmd = handprint_command();
    cmd.args(db_flags(&location))
        .env("HANDPRINT_OPERATOR_PASSWORD", "operator password")
        .args(["users", "create-operator", "--email", "op@smoke.test"]);
    let out = cmd.output().expect("run handprint");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let created = String::from_utf8(out.stdout).expect("UTF-8 output");
    assert!(
        created.starts_with("operator op@smoke.test created (id "),
        "{created}"
    );

    let draft = demo_draft(&server.base).await;
    let dir = tempfile::tempdir().expect("tmp");
    let items = dir.path().join("items.csv");
    std::fs::write(
        &items,
        "external_id,text\nsmoke-1,A fine read.\nsmoke-2,Dull.\n",
    )
    .expect("write");
    let items = items.display().to_string();
    assert_eq!(
        run_ok(
            Some(&location),
            &["tasks", "import", "--project", &draft, &items]
        ),
        "2 tasks created, 0 skipped (already imported), 0 rows refused\n"
    );

    // ana's one answer, as JSONL, CSV and a label.
    let jsonl = run_ok(Some(&location), &["export", "--project", project]);
    let lines: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 1, "{jsonl}");
    assert_eq!(
        (
            &lines[0]["assignment_id"],
            &lines[0]["task_id"],
            &lines[0]["answer"]
        ),
        (&json!(assignment), &json!(task), &json!("positive"))
    );
    let csv = run_ok(
        Some(&location),
        &["export", "--project", project, "--format", "csv"],
    );
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(
        rows[0].starts_with("assignment_id,task_id,external_id,worker,answer,"),
        "{csv}"
    );
    assert!(
        rows[1].starts_with(&format!("{assignment},{task},")),
        "{csv}"
    );
    let labels = run_ok(
        Some(&location),
        &["export", "--project", project, "--labels", "mv"],
    );
    let label: Value = serde_json::from_str(labels.trim_end()).expect("one JSON line");
    assert_eq!(
        (&label["task_id"], &label["label"], &label["answers"]),
        (&json!(task), &json!("positive"), &json!(1))
    );

    let ledger = run_ok(Some(&location), &["ledger", "check"]);
    assert!(ledger.starts_with("ledger ok: "), "{ledger}");
    drop(server);
}

#[test]
fn default_config_and_aggregate_run_as_the_readme_quotes_them() {
    let config = run_ok(None, &["default-config"]);
    assert!(config.contains("pay_floor_per_hour"), "{config}");

    let dir = tempfile::tempdir().expect("tmp");
    let answers = dir.path().join("answers.csv");
    std::fs::write(
        &answers,
        "worker,task,label\nw1,t1,cat\nw2,t1,cat\nw3,t1,dog\nw1,t2,dog\nw2,t2,dog\nw3,t2,dog\n",
    )
    .expect("write");
    let out = run_ok(
        None,
        &[
            "aggregate",
            "--method",
            "ds",
            "--input",
            &answers.display().to_string(),
        ],
    );
    let rows: Vec<Vec<&str>> = out.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 3, "{out}");
    assert_eq!(rows[0], ["task", "label", "confidence"]);
    assert_eq!((rows[1][0], rows[1][1]), ("t1", "cat"), "{out}");
    assert_eq!((rows[2][0], rows[2][1]), ("t2", "dog"), "{out}");
}

#[tokio::test]
async fn bench_market_and_bench_aggregate_run_at_a_toy_size_and_print_their_figures() {
    let (location, _keep) = fresh_location().await;
    let out = run_ok(
        Some(&location),
        &[
            "bench",
            "market",
            "--workers",
            "2",
            "--tasks",
            "3",
            "--overlap",
            "2",
        ],
    );
    let backend = match location {
        Location::DataDir(_) => "sqlite",
        Location::Postgres(_) => "postgres",
    };
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 15, "{out}");
    assert_eq!(lines[0], format!("backend            {backend}"));
    assert_eq!(lines[2], "workers            2");
    assert_eq!(
        lines[3],
        "projects           1 active, 3 items × 2 answers; draft 3 items"
    );
    assert_eq!(lines[5], "answers            6 (expected 6)");
    assert!(
        lines[6].starts_with("elapsed ") && lines[6].ends_with(" s"),
        "{out}"
    );
    assert!(lines[7].starts_with("cycles per second "), "{out}");
    for (line, name) in lines[8..11]
        .iter()
        .zip(["next ", "submit ", "next+submit "])
    {
        assert!(
            line.starts_with(name)
                && line.contains(" p50 ")
                && line.contains(" p99 ")
                && line.contains(" p999 "),
            "{out}"
        );
    }
    assert_eq!(
        lines[13..],
        [
            "check              project 1  3 items, 6 answers stored, 6 acknowledged; items over 2: 0, under: 0; (item, worker) pairs twice: 0; counters off: 0: ok",
            "check              draft      3 items, 0 answers: ok",
        ]
    );

    let dir = tempfile::tempdir().expect("tmp");
    let workdir = dir.path().display().to_string();
    let out = run_ok(
        None,
        &[
            "bench",
            "aggregate",
            "--tasks",
            "40",
            "--workers",
            "8",
            "--overlap",
            "3",
            "--classes",
            "2",
            "--methods",
            "mv,ds",
            "--skip-crowdkit",
            "--workdir",
            &workdir,
        ],
    );
    let methods: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|m| ["mv", "ds"].contains(m))
        .collect();
    assert_eq!(methods, ["mv", "ds"], "{out}");
    assert!(dir.path().join("handprint-ds.csv").exists());
}
