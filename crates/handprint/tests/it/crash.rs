//! Crashes: real `handprint` processes killed with SIGKILL (no shutdown code runs)
//! in the middle of an import and of a storm of submissions, then restarted on the
//! same database. Nothing acknowledged may be lost, nothing may be stored twice.

use crate::support::{
    Client, ServeProcess, db_flags, fresh_location, handprint_command, ledger_problems, sign_up_at,
};
use futures::future::join_all;
use handprint_store::Db;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

const IMPORT_ROWS: usize = 200_000;
/// Kill the import once this many rows are stored: a quarter of the way, many batches in.
const KILL_AT: u64 = 50_000;

/// The number of stored tasks, as the requester sees it.
async fn task_count(requester: &Client, project: &str) -> u64 {
    let (status, progress) = requester
        .get(&format!("/api/v1/projects/{project}/progress"))
        .await;
    assert_eq!(status, StatusCode::OK, "{progress}");
    progress["tasks"].as_u64().expect("tasks")
}

/// A JSONL file of `IMPORT_ROWS` rows where every 100th row repeats an earlier
/// external id; returns the number of distinct external ids.
fn write_import_file(path: &std::path::Path) -> u64 {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create file"));
    let mut distinct = HashSet::new();
    for i in 0..IMPORT_ROWS {
        let n = if i % 100 == 99 { i - 50 } else { i };
        distinct.insert(n);
        writeln!(
            out,
            r#"{{"external_id":"ext-{n}","text":"review number {i}"}}"#
        )
        .expect("write row");
    }
    out.flush().expect("flush");
    distinct.len() as u64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_killed_midway_keeps_every_stored_row_and_resumes_without_duplicates() {
    let (location, _dir) = fresh_location().await;
    let scratch = tempfile::tempdir().expect("temp dir");
    let file = scratch.path().join("reviews.jsonl");
    let distinct = write_import_file(&file);
    let mut server = ServeProcess::start(&location);
    let requester = sign_up_at(&server.base, "requester", "ana@requester.test").await;
    let project = requester.project(json!({})).await["id"]
        .as_str()
        .expect("project id")
        .to_string();
    let import = || {
        let mut cmd = handprint_command();
        cmd.args(["tasks", "import", "--project", &project])
            .arg(&file)
            .args(db_flags(&location));
        cmd
    };

    // Kill the importer — and the server with it, like a machine going down — once
    // many batches are stored and long before the end.
    let mut importer = import()
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the import");
    let started = Instant::now();
    let seen = loop {
        let n = task_count(&requester, &project).await;
        if n >= KILL_AT {
            break n;
        }
        assert!(
            importer.try_wait().expect("importer status").is_none(),
            "the import ended before {KILL_AT} rows were seen"
        );
        // A guard against an import that hangs, not a speed claim: under the whole
        // suite on a two-core machine PostgreSQL took longer than 30 s to store these.
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "not {KILL_AT} rows stored in 300 s"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    assert!(
        importer.try_wait().expect("importer status").is_none(),
        "the import finished before it could be killed"
    );
    importer.kill().expect("SIGKILL the importer");
    importer.wait().expect("reap the importer");
    server.kill();

    let server = ServeProcess::start(&location);
    let requester = server.as_client(&requester);
    let kept = task_count(&requester, &project).await;
    assert!(
        kept >= seen,
        "rows seen stored before the crash were lost: {seen} then {kept}"
    );
    assert!(
        kept < distinct,
        "the crash came midway: {kept} of {distinct}"
    );

    let output = import().output().expect("re-run the import");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "re-run failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let created: u64 = stdout
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {stdout:?}"));
    assert_eq!(
        kept + created,
        distinct,
        "the re-run added exactly the missing rows: {stdout}"
    );
    assert_eq!(task_count(&requester, &project).await, distinct);
    eprintln!("killed after {seen} rows were seen; {kept} kept; the re-run added {created}");

    let db = Db::connect(&location, 1).await.expect("connect");
    let (rows, ids): (i64, i64) = (handprint_store::sql::query_as(
        "SELECT COUNT(*), COUNT(DISTINCT external_id) FROM tasks WHERE project_id = $1",
    )
    .bind(&project)
    .fetch_one(&db)
    .await)
        .expect("count tasks");
    db.close().await;
    assert_eq!(
        (rows, ids),
        (distinct as i64, distinct as i64),
        "one row per external id"
    );
}

/// What one storm worker saw: submissions answered 200, and the one (if any)
/// whose answer never came back because the server died.
#[derive(Debug, Default)]
struct StormLog {
    acknowledged: Vec<String>,
    in_doubt: Option<String>,
}

/// Lease and submit as fast as possible until the server stops answering or has
/// no more work. Every 200 is sent on `acks` as it arrives.
async fn storm_worker(
    worker: Client,
    project: String,
    acks: mpsc::UnboundedSender<String>,
) -> StormLog {
    let mut log = StormLog::default();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("http client");
    let key = worker.key.clone().unwrap_or_default();
    loop {
        let Ok(r) = http
            .post(format!("{}/api/v1/work/next", worker.base))
            .bearer_auth(&key)
            .json(&json!({"project_id": project}))
            .send()
            .await
        else {
            return log;
        };
        if r.status() == StatusCode::NO_CONTENT {
            return log;
        }
        assert_eq!(r.status(), StatusCode::OK);
        let Ok(lease) = r.json::<Value>().await else {
            return log;
        };
        let id = lease["assignment_id"]
            .as_str()
            .expect("assignment id")
            .to_string();
        match http
            .post(format!("{}/api/v1/assignments/{id}/submit", worker.base))
            .bearer_auth(&key)
            .json(&json!({"answer": "pos"}))
            .send()
            .await
        {
            Ok(r) => {
                assert_eq!(r.status(), StatusCode::OK, "submit {id}");
                let _ = acks.send(id.clone());
                log.acknowledged.push(id);
            }
            Err(_) => {
                log.in_doubt = Some(id);
                return log;
            }
        }
    }
}

/// Finish the project through `server`: each worker first gets back its own
/// unfinished lease (if its last answer never landed), then works until 204.
async fn finish(workers: &[Client], project: &str) -> usize {
    let counts = join_all(workers.iter().map(|w| async move {
        // Round n starts with n answers submitted.
        for n in 0..1_000 {
            let (status, lease) = w
                .post("/api/v1/work/next", json!({"project_id": project}))
                .await;
            if status == StatusCode::NO_CONTENT {
                return n;
            }
            assert_eq!(status, StatusCode::OK, "{lease}");
            let id = lease["assignment_id"].as_str().expect("assignment id");
            let (status, body) = w
                .post(
                    &format!("/api/v1/assignments/{id}/submit"),
                    json!({"answer": "pos"}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        panic!("still offered work after 1,000 rounds");
    }))
    .await;
    counts.into_iter().sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_submit_storm_killed_with_sigkill_loses_no_acknowledged_answer() {
    const ITEMS: usize = 200;
    const OVERLAP: usize = 2;
    const WORKERS: usize = 16;
    const KILL_AFTER: usize = 150;
    let (location, _dir) = fresh_location().await;
    let mut server = ServeProcess::start(&location);
    let requester = sign_up_at(&server.base, "requester", "ana@requester.test").await;
    let project = requester
        .funded_project(ITEMS, json!({"answers_per_task": OVERLAP}))
        .await;
    let base = server.base.clone();
    let workers = join_all((0..WORKERS).map(|i| {
        let base = base.clone();
        async move { sign_up_at(&base, "worker", &format!("storm{i}@worker.test")).await }
    }))
    .await;

    let (tx, mut acks) = mpsc::unbounded_channel();
    let storm: Vec<_> = workers
        .iter()
        .map(|w| tokio::spawn(storm_worker(w.clone(), project.clone(), tx.clone())))
        .collect();
    drop(tx);
    let mut heard = 0;
    while heard < KILL_AFTER {
        match tokio::time::timeout(Duration::from_secs(30), acks.recv()).await {
            Ok(Some(_)) => heard += 1,
            Ok(None) => panic!("the storm ended after {heard} answers, before the kill"),
            Err(_) => panic!("only {heard} answers acknowledged in 30 s"),
        }
    }
    server.kill();
    let logs: Vec<StormLog> = tokio::time::timeout(Duration::from_secs(60), join_all(storm))
        .await
        .expect("the workers noticed the crash")
        .into_iter()
        .map(|r| r.expect("storm worker"))
        .collect();
    let acknowledged: HashSet<&str> = logs
        .iter()
        .flat_map(|l| l.acknowledged.iter().map(String::as_str))
        .collect();
    assert!(acknowledged.len() >= KILL_AFTER);
    assert!(
        acknowledged.len() < ITEMS * OVERLAP,
        "the kill came mid-storm"
    );
    let in_doubt = logs.iter().filter(|l| l.in_doubt.is_some()).count();
    eprintln!(
        "{} answers acknowledged before the kill, {in_doubt} in flight",
        acknowledged.len()
    );

    let server = ServeProcess::start(&location);
    let requester = server.as_client(&requester);
    let exported = export(&requester, &project).await;
    let ids: Vec<&str> = exported
        .iter()
        .map(|r| r["assignment_id"].as_str().expect("assignment_id"))
        .collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "an assignment exported twice");
    let lost: Vec<&&str> = acknowledged
        .iter()
        .filter(|a| !unique.contains(**a))
        .collect();
    assert!(lost.is_empty(), "acknowledged answers lost: {lost:?}");
    // Stored answers beyond the acknowledged ones can only be the in-flight ones.
    let extra = ids.len() - acknowledged.len();
    assert!(
        extra <= in_doubt,
        "{extra} unacknowledged answers, {in_doubt} in flight"
    );

    // The survivors finish the job on the restarted server.
    let workers: Vec<Client> = workers.iter().map(|w| server.as_client(w)).collect();
    let finished = finish(&workers, &project).await;
    assert_eq!(ids.len() + finished, ITEMS * OVERLAP);
    let (_, progress) = requester
        .get(&format!("/api/v1/projects/{project}/progress"))
        .await;
    assert_eq!(progress["tasks_complete"], ITEMS as u64, "{progress}");
    assert_eq!(progress["answers"], (ITEMS * OVERLAP) as u64, "{progress}");
    assert_eq!(progress["live_leases"], 0, "{progress}");
    let all = export(&requester, &project).await;
    let mut per_task: HashMap<&str, usize> = HashMap::new();
    let mut pairs = HashSet::new();
    for row in &all {
        let task = row["task_id"].as_str().expect("task_id");
        *per_task.entry(task).or_default() += 1;
        assert!(pairs.insert((task, row["worker"].as_str().expect("worker"))));
    }
    assert!(per_task.values().all(|&n| n == OVERLAP), "{per_task:?}");
    let db = Db::connect(&location, 1).await.expect("connect");
    let problems = ledger_problems(&db, &project, OVERLAP as i64).await;
    db.close().await;
    assert!(problems.is_empty(), "counters out of step: {problems:#?}");
}

async fn export(requester: &Client, project: &str) -> Vec<Value> {
    let (status, jsonl) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers?format=jsonl"))
        .await;
    assert_eq!(status, StatusCode::OK, "{jsonl}");
    jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("jsonl row"))
        .collect()
}
