//! Task upload over the API and the CLI, and export through the CLI.

use crate::support::TestApp;
use handprint_server::Settings;
use handprint_store::Location;
use reqwest::StatusCode;
use serde_json::json;

fn db_args(location: &Location) -> Vec<String> {
    match location {
        Location::DataDir(dir) => vec!["--data-dir".into(), dir.display().to_string()],
        Location::Postgres(url) => vec!["--database-url".into(), url.clone()],
    }
}

#[tokio::test]
async fn json_jsonl_and_csv_uploads_store_good_rows_and_report_bad_ones_by_line() {
    let app = TestApp::spawn().await;
    let requester = app.requester("sam").await;
    let id = requester.project(json!({})).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let path = format!("/api/v1/projects/{id}/tasks");

    let (status, r) = requester
        .upload(
            &path,
            "application/json",
            r#"[{"external_id": "a1", "text": "one"}, {"text": "two"}]"#,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(
        (r["created"].as_u64(), r["format"].as_str()),
        (Some(2), Some("json"))
    );

    let jsonl = "{\"external_id\": \"b1\", \"text\": \"x\"}\nnot json\n\n{\"external_id\": \"b2\", \"data\": {\"text\": \"y\"}}\n";
    let (_, r) = requester.upload(&path, "application/x-ndjson", jsonl).await;
    assert_eq!(r["created"], 2, "{r}");
    assert_eq!(r["error_count"], 1);
    assert_eq!(r["errors"][0]["line"], 2);

    let csv = "external_id,text,known_answer\nc1,hello,pos\nc2,\"multi\nline\",\nc3,bad,maybe\nc4,short\n";
    let (_, r) = requester.upload(&path, "text/csv", csv).await;
    assert_eq!(r["format"], "csv");
    assert_eq!(r["created"], 2, "{r}");
    let lines: Vec<u64> = r["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["line"].as_u64())
        .collect();
    assert_eq!(lines, [5, 6], "{r}");
    let known_error = r["errors"][0]["message"].as_str().unwrap_or("");
    assert!(
        known_error.contains("known_answer"),
        "a control item's answer must fit the template: {known_error}"
    );
}

#[tokio::test]
async fn re_uploading_skips_rows_already_stored_by_external_id() {
    let app = TestApp::spawn().await;
    let requester = app.requester("tao").await;
    let id = requester.project(json!({})).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let path = format!("/api/v1/projects/{id}/tasks");
    let first: String = (0..50)
        .map(|i| format!("{{\"external_id\": \"r{i}\", \"text\": \"{i}\"}}\n"))
        .collect();
    let (_, r) = requester.upload(&path, "application/x-ndjson", first).await;
    assert_eq!(r["created"], 50);
    let again: String = (0..80)
        .map(|i| format!("{{\"external_id\": \"r{i}\", \"text\": \"{i}\"}}\n"))
        .collect();
    let (_, r) = requester.upload(&path, "application/x-ndjson", again).await;
    assert_eq!(
        (r["created"].as_u64(), r["skipped"].as_u64()),
        (Some(30), Some(50)),
        "{r}"
    );
    let (_, progress) = requester
        .get(&format!("/api/v1/projects/{id}/progress"))
        .await;
    assert_eq!(progress["tasks"], 80);
}

#[tokio::test]
async fn an_upload_over_the_size_limit_is_refused_with_413() {
    let app = TestApp::spawn_with(Settings {
        max_import_bytes: 1024,
        ..Settings::default()
    })
    .await;
    let requester = app.requester("uma").await;
    let id = requester.project(json!({})).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let big: String = (0..200)
        .map(|i| format!("{{\"text\": \"row {i}\"}}\n"))
        .collect();
    let (status, body) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            big,
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
}

#[tokio::test]
async fn uploads_to_another_organisations_or_a_closed_project_are_refused() {
    let app = TestApp::spawn().await;
    let owner = app.requester("vic").await;
    let other = app.requester("wen").await;
    let id = owner.funded_project(1, json!({})).await;
    let path = format!("/api/v1/projects/{id}/tasks");
    assert_eq!(
        other
            .upload(&path, "application/x-ndjson", "{\"text\": \"x\"}\n")
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    owner
        .post_empty(&format!("/api/v1/projects/{id}/complete"))
        .await;
    assert_eq!(
        owner
            .upload(&path, "application/x-ndjson", "{\"text\": \"x\"}\n")
            .await
            .0,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn the_cli_imports_a_file_and_exports_every_answer() {
    let app = TestApp::spawn().await;
    let requester = app.requester("xia").await;
    let id = requester.project(json!({"answers_per_task": 1})).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("items.csv");
    let mut csv = String::from("external_id,text\n");
    for i in 0..25 {
        csv.push_str(&format!("e{i},review number {i}\n"));
    }
    csv.push_str("broken\n");
    std::fs::write(&file, csv).expect("write");
    let bin = env!("CARGO_BIN_EXE_handprint");
    let out = tokio::process::Command::new(bin)
        .args(db_args(&app.location))
        .args(["tasks", "import", "--project", &id])
        .arg(&file)
        .output()
        .await
        .expect("run import");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "a refused row makes the command fail"
    );
    assert!(stdout.contains("25 tasks created"), "{stdout}{stderr}");
    assert!(
        stderr.contains("items.csv:27"),
        "the bad row is named with its line: {stderr}"
    );

    let out = tokio::process::Command::new(bin)
        .args(db_args(&app.location))
        .args(["tasks", "import", "--project", &id])
        .arg(&file)
        .output()
        .await
        .expect("run import again");
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 tasks created, 25 skipped"));

    requester.deposit_what_publishing_needs(&id).await;
    requester.publish(&id).await;
    let worker = app.worker("yan").await;
    for _ in 0..3 {
        let (_, lease) = worker.post("/api/v1/work/next", json!({})).await;
        let aid = lease["assignment_id"].as_str().expect("lease");
        worker
            .post(
                &format!("/api/v1/assignments/{aid}/submit"),
                json!({"answer": "pos"}),
            )
            .await;
    }
    let out = tokio::process::Command::new(bin)
        .args(db_args(&app.location))
        .args(["export", "--project", &id, "--format", "csv"])
        .output()
        .await
        .expect("run export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].starts_with("assignment_id,task_id,external_id,worker,answer,seconds"));
    assert!(lines[1].contains(",pos,"));
    assert!(
        !text.contains("yan@worker.test"),
        "exports never show the worker's email"
    );

    let out = tokio::process::Command::new(bin)
        .args(db_args(&app.location))
        .args([
            "export",
            "--project",
            &id,
            "--format",
            "csv",
            "--labels",
            "mv",
        ])
        .output()
        .await
        .expect("run label export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("task_id,external_id,label,confidence,answers"),
        "{text}"
    );
    assert_eq!(
        text.lines().filter(|l| l.contains(",pos,1,1")).count(),
        3,
        "{text}"
    );
}

/// Run `handprint tasks import --project ID FILE` against the test app's database.
async fn cli_import(app: &TestApp, project: &str, file: &std::path::Path) -> (bool, String) {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_handprint"))
        .args(db_args(&app.location))
        .args(["tasks", "import", "--project", project])
        .arg(file)
        .output()
        .await
        .expect("run import");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// The worker's notifications as "title (reason)", oldest first.
async fn alerts_of(worker: &crate::support::Client) -> Vec<String> {
    let (status, list) = worker.get("/api/v1/me/notifications").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let mut seen: Vec<String> = list["notifications"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|n| format!("{} ({})", n["project_title"], n["reason"]))
        .collect();
    seen.reverse();
    seen
}

#[tokio::test]
async fn items_the_cli_imports_into_an_active_project_alert_workers_as_the_api_does() {
    let app = TestApp::spawn().await;
    let requester = app.requester("cli-alerts").await;
    let worker = app.worker("cli-alerted").await;
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("more.jsonl");
    std::fs::write(
        &file,
        "{\"external_id\":\"more-1\",\"text\":\"one\"}\n{\"external_id\":\"more-2\",\"text\":\"two\"}\n",
    )
    .expect("write");

    // Into a draft: nobody can lease it, so nobody is told.
    let draft = requester
        .draft_with_items(1, json!({"title": "Still a draft"}))
        .await;
    let (ok, out) = cli_import(&app, &draft, &file).await;
    assert!(ok && out.contains("2 tasks created"), "{out}");
    handprint_server::jobs::run_once(&app.state).await;
    assert_eq!(alerts_of(&worker).await, Vec::<String>::new());

    let active = requester
        .funded_project(1, json!({"title": "Open work"}))
        .await;
    handprint_server::jobs::run_once(&app.state).await;
    assert_eq!(alerts_of(&worker).await, ["\"Open work\" (\"published\")"]);

    // The CLI escrows the new items from the organisation's balance, as the API does.
    requester.fund("10.00").await;
    let (ok, out) = cli_import(&app, &active, &file).await;
    assert!(ok && out.contains("2 tasks created, 0 skipped"), "{out}");
    handprint_server::jobs::run_once(&app.state).await;
    assert_eq!(
        alerts_of(&worker).await,
        [
            "\"Open work\" (\"published\")",
            "\"Open work\" (\"new_items\")"
        ]
    );

    // Re-running skips every row: nothing new, no alert.
    let (ok, out) = cli_import(&app, &active, &file).await;
    assert!(ok && out.contains("0 tasks created, 2 skipped"), "{out}");
    handprint_server::jobs::run_once(&app.state).await;
    assert_eq!(alerts_of(&worker).await.len(), 2);
}
