//! Exports with their handprint (issue 14): the API's zip, the kept handprint and its
//! page, the Croissant file checked by the reference validator (mlcroissant, from the
//! test virtual environment scripts/test.sh prepares), and `handprint verify` on the
//! zip, refusing any changed byte with the reason.

use crate::money::answer;
use crate::support::{Client, TestApp, handprint_command};
use handprint_core::attest::sha256_hex;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// The Python of the test virtual environment (mlcroissant and its dependencies):
/// `HANDPRINT_TEST_PYTHON`, else the one scripts/test.sh makes. None when there is
/// none, which CI does not accept.
pub(crate) fn test_python() -> Option<PathBuf> {
    let python = std::env::var_os("HANDPRINT_TEST_PYTHON")
        .map(PathBuf::from)
        .or_else(|| {
            let cache = std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
            Some(cache.join("handprint-test-venv/bin/python"))
        })
        .filter(|p| p.is_file());
    if python.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI needs the test virtual environment with mlcroissant (scripts/test.sh makes it; or set HANDPRINT_TEST_PYTHON)"
        );
        eprintln!("!!! no test virtual environment: the mlcroissant checks are SKIPPED");
    }
    python
}

/// POST an export; (status, body bytes, the Handprint-Id header).
pub(crate) async fn export(
    client: &Client,
    project: &str,
    body: Value,
) -> (StatusCode, Vec<u8>, String) {
    let r = client
        .http
        .post(format!("{}/api/v1/projects/{project}/exports", client.base))
        .bearer_auth(client.key.as_deref().expect("a key"))
        .json(&body)
        .send()
        .await
        .expect("request");
    let status = r.status();
    let id = r
        .headers()
        .get("handprint-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, r.bytes().await.expect("body").to_vec(), id)
}

/// The zip's entries' names, in order, unpacked into `dir`.
pub(crate) fn unzip(bytes: &[u8], dir: &Path) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().expect("name").to_string();
        let path = dir.join(&name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        let mut out = std::fs::File::create(path).expect("create");
        std::io::copy(&mut entry, &mut out).expect("unpack");
        names.push(name);
    }
    names
}

/// `handprint verify ARGS…`: (success, stdout, stderr).
pub(crate) fn verify(args: &[&str]) -> (bool, String, String) {
    let out = handprint_command()
        .arg("verify")
        .args(args)
        .output()
        .expect("run handprint verify");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// mlcroissant's verdict on `croissant.json` in `dir`: the validator's exit status and
/// output, then the warnings of a load and how many records `record_set` yields.
pub(crate) fn mlcroissant(python: &Path, dir: &Path, record_set: &str) -> Value {
    let file = dir.join("croissant.json");
    let validator = python.with_file_name("mlcroissant");
    let out = std::process::Command::new(&validator)
        .args(["validate", "--jsonld"])
        .arg(&file)
        .output()
        .expect("run mlcroissant validate");
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "mlcroissant validate: {log}");
    assert!(
        !log.contains("WARNING"),
        "mlcroissant validate warns: {log}"
    );
    let script = r#"
import json, os, sys
import mlcroissant as mlc
ds = mlc.Dataset(jsonld=sys.argv[1])
records = list(ds.records(record_set=sys.argv[2]))
first = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in records[0].items()} if records else {}
print(json.dumps({"warnings": sorted(str(w) for w in ds.metadata.ctx.issues.warnings),
    "errors": sorted(str(e) for e in ds.metadata.ctx.issues.errors),
    "records": len(records), "first": first}, default=str))
# Leave without the interpreter's teardown, where pyarrow's background threads can
# abort a process whose work is done (apache/arrow#34314: "terminate called without an
# active exception"); a failure above still exits non-zero.
sys.stdout.flush()
os._exit(0)
"#;
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(&file)
        .arg(record_set)
        .current_dir(dir)
        .output()
        .expect("run mlcroissant");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "loading through mlcroissant: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.lines().last().unwrap_or_default()).expect("json")
}

/// A project of 4 items with 3 approved answers (0.10 each) from 2 workers: one of
/// 30 and 30 seconds (12.00 an hour), one of 20 seconds (18.00 an hour).
pub(crate) async fn answered_project(app: &TestApp, requester: &Client, prefix: &str) -> String {
    let project = requester
        .funded_project(
            4,
            json!({"answers_per_task": 1, "sensitive_content": ["violence"]}),
        )
        .await;
    let w1 = app.worker(&format!("{prefix}1")).await;
    let w2 = app.worker(&format!("{prefix}2")).await;
    for w in [&w1, &w2] {
        crate::support::opt_in_to(w, json!(["violence"])).await;
    }
    let answers = [
        answer(app, &w1, &project, json!("pos"), 30).await,
        answer(app, &w1, &project, json!("neg"), 30).await,
        answer(app, &w2, &project, json!("pos"), 20).await,
    ];
    for a in answers {
        let (status, body) = requester
            .post_empty(&format!("/api/v1/assignments/{a}/approve"))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    project
}

/// The instance's keys document, written to a file for `verify --key`.
pub(crate) async fn keys_file(app: &TestApp, dir: &Path) -> PathBuf {
    let (status, keys) = app.anonymous().get("/.well-known/handprint-keys").await;
    assert_eq!(status, StatusCode::OK);
    let path = dir.join("keys.json");
    std::fs::write(&path, keys.to_string()).expect("write keys");
    path
}

#[tokio::test]
async fn an_export_from_the_api_is_a_zip_whose_handprint_and_croissant_file_check_out() {
    let app = TestApp::spawn().await;
    let requester = app.requester("exp").await;
    let project = answered_project(&app, &requester, "exa").await;

    let (status, bytes, id) = export(&requester, &project, json!({"format": "csv"})).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    assert!(!id.is_empty(), "the kept handprint's id is in the headers");
    let work = tempfile::tempdir().expect("dir");
    let dir = work.path().join("export");
    std::fs::create_dir(&dir).expect("dir");
    assert_eq!(
        unzip(&bytes, &dir),
        [
            "answers.csv",
            "items.csv",
            "croissant.json",
            "handprint.dsse.json"
        ]
    );
    let zip_path = work.path().join("export.zip");
    std::fs::write(&zip_path, &bytes).expect("write zip");
    let keys = keys_file(&app, work.path()).await;
    let keys = keys.display().to_string();

    // The zip and the directory both verify.
    for target in [&zip_path, &dir] {
        let (ok, stdout, stderr) = verify(&[&target.display().to_string(), "--key", &keys]);
        assert!(ok, "{stderr}");
        assert!(
            stdout.contains("3 files checked, each byte as signed:"),
            "{stdout}"
        );
    }

    // The Croissant file: its data file's digest and size, the RAI fields as text.
    let croissant: Value =
        serde_json::from_slice(&std::fs::read(dir.join("croissant.json")).expect("read"))
            .expect("json");
    let answers = std::fs::read(dir.join("answers.csv")).expect("answers");
    assert_eq!(
        croissant["conformsTo"],
        json!([
            "http://mlcommons.org/croissant/1.0",
            "http://mlcommons.org/croissant/RAI/1.0"
        ])
    );
    assert_eq!(croissant["distribution"][0]["sha256"], sha256_hex(&answers));
    assert_eq!(
        croissant["distribution"][0]["contentSize"],
        format!("{} B", answers.len())
    );
    assert_eq!(croissant["rai:annotationsPerItem"], "1");
    assert_eq!(
        croissant["rai:annotatorDemographics"],
        "2 workers; countries (groups under 5 workers merged into 'other'): other: 2. No other demographics are collected."
    );
    assert_eq!(
        croissant["rai:personalSensitiveInformation"],
        "Sensitive content declared by the requester: violence."
    );
    assert_eq!(croissant["hp:handprint"]["by_whom"]["workers"], 2);
    assert_eq!(croissant["recordSet"][0]["@id"], "answers");

    if let Some(python) = test_python() {
        let verdict = mlcroissant(&python, &dir, "answers");
        assert_eq!(verdict["warnings"], json!([]), "{verdict}");
        assert_eq!(verdict["errors"], json!([]), "{verdict}");
        assert_eq!(verdict["records"], 3, "{verdict}");
        assert_eq!(verdict["first"]["answers/seconds"], 30.0, "{verdict}");
        let items = mlcroissant(&python, &dir, "items");
        assert_eq!(items["records"], 4, "{items}");
        assert_eq!(items["first"]["items/answers"], 1, "{items}");
        assert_eq!(items["first"]["items/item_text"], "review 0", "{items}");
    }
    let items = std::fs::read_to_string(dir.join("items.csv")).expect("items");
    assert_eq!(items.lines().count(), 5);
    assert_eq!(
        items.lines().next(),
        Some("task_id,external_id,answers,item.text")
    );

    // One changed byte of any file: refused, naming the file.
    for name in ["answers.csv", "items.csv", "croissant.json"] {
        let path = dir.join(name);
        let original = std::fs::read(&path).expect("read");
        let mut changed = original.clone();
        changed[10] ^= 1;
        std::fs::write(&path, &changed).expect("write");
        let (ok, _, stderr) = verify(&[&dir.display().to_string(), "--key", &keys]);
        assert!(!ok, "a changed {name} is refused");
        assert!(
            stderr.contains(name) && stderr.contains("changed"),
            "{stderr}"
        );
        std::fs::write(&path, &original).expect("restore");
    }
}

#[tokio::test]
async fn labels_export_as_jsonl_with_a_croissant_record_set_of_labels() {
    let app = TestApp::spawn().await;
    let requester = app.requester("exl").await;
    let project = answered_project(&app, &requester, "exl").await;

    let (status, body, _) = export(&requester, &project, json!({"labels": "nope"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = serde_json::from_slice(&body).expect("problem");
    assert_eq!(problem["errors"][0]["path"], "/labels", "{problem}");
    let (status, body, _) = export(&requester, &project, json!({"format": "xml"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = serde_json::from_slice(&body).expect("problem");
    assert_eq!(problem["errors"][0]["path"], "/format", "{problem}");

    let (status, bytes, _) = export(&requester, &project, json!({"labels": "mv"})).await;
    assert_eq!(status, StatusCode::OK);
    let work = tempfile::tempdir().expect("dir");
    assert_eq!(
        unzip(&bytes, work.path()),
        [
            "labels-mv.jsonl",
            "items.jsonl",
            "croissant.json",
            "handprint.dsse.json"
        ]
    );
    let labels = std::fs::read_to_string(work.path().join("labels-mv.jsonl")).expect("labels");
    assert_eq!(labels.lines().count(), 3);
    if let Some(python) = test_python() {
        let verdict = mlcroissant(&python, work.path(), "labels");
        assert_eq!(verdict["warnings"], json!([]), "{verdict}");
        assert_eq!(verdict["records"], 3, "{verdict}");
        assert_eq!(verdict["first"]["labels/answers"], 1, "{verdict}");
        let items = mlcroissant(&python, work.path(), "items");
        assert_eq!(items["records"], 4, "{items}");
    }

    // Without a handprint: the data alone, nothing kept.
    let (status, bytes, id) = export(
        &requester,
        &project,
        json!({"format": "jsonl", "handprint": false}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(id, "");
    let plain = tempfile::tempdir().expect("dir");
    assert_eq!(unzip(&bytes, plain.path()), ["answers.jsonl"]);
    let (_, list) = requester.get("/api/v1/handprints").await;
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
}

#[tokio::test]
async fn a_kept_handprint_has_a_page_and_can_be_kept_to_its_organisation() {
    let app = TestApp::spawn().await;
    let requester = app.requester("exk").await;
    let other = app.requester("exo").await;
    let project = answered_project(&app, &requester, "exk").await;
    let (status, bytes, id) = export(&requester, &project, json!({"format": "jsonl"})).await;
    assert_eq!(status, StatusCode::OK);
    let work = tempfile::tempdir().expect("dir");
    unzip(&bytes, work.path());
    let envelope = std::fs::read_to_string(work.path().join("handprint.dsse.json")).expect("env");

    // The API: the organisation's list, the handprint to anyone while published.
    let (status, list) = requester.get("/api/v1/handprints").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["published"], true);
    assert_eq!(list[0]["page"], format!("/handprints/{id}"));
    let (status, kept) = app
        .anonymous()
        .get(&format!("/api/v1/handprints/{id}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{kept}");
    assert_eq!(kept["project_id"], project.as_str());
    assert_eq!(kept["predicate"]["by_whom"]["workers"], 2);
    assert_eq!(kept["subjects"][1]["name"], "items.jsonl");
    assert_eq!(
        kept["subjects"][0],
        json!({"name": "answers.jsonl", "sha256": sha256_hex(&std::fs::read(work.path().join("answers.jsonl")).expect("data"))})
    );
    assert_eq!(
        kept["envelope"],
        serde_json::from_str::<Value>(&envelope).expect("json")
    );
    let (status, list) = other.get("/api/v1/handprints").await;
    assert_eq!((status, list), (StatusCode::OK, json!([])));

    // The page, in English and in French, and the envelope's download, byte for byte.
    let page = |lang: &'static str| {
        let http = app.http.clone();
        let url = format!("{}/handprints/{id}", app.base);
        async move {
            let r = http
                .get(url)
                .header("accept-language", lang)
                .send()
                .await
                .expect("page");
            (r.status(), r.text().await.expect("text"))
        }
    };
    let (status, html) = page("en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("2 workers took part"), "{html}");
    assert!(html.contains("0 answers rejected"), "{html}");
    assert!(
        html.contains("Pay per hour of work over workers: 12.00 USD for the lowest-paid tenth, 12.00 USD median, 18.00 USD for the best-paid tenth"),
        "{html}"
    );
    assert!(
        html.contains("Workers by country (groups under 5 merged)"),
        "{html}"
    );
    assert!(html.contains("href=\"/requesters/"), "{html}");
    let (status, html) = page("fr").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("2 personnes y ont travaillé"), "{html}");
    assert!(
        html.contains("Paie par heure de travail : 12,00 USD pour le dixième le moins payé, 12,00 USD en médiane, 18,00 USD pour le dixième le mieux payé"),
        "{html}"
    );
    assert!(
        html.contains("Travailleur·ses par pays (groupes de moins de 5 regroupés)"),
        "{html}"
    );
    let r = app
        .http
        .get(format!("{}/handprints/{id}/handprint.dsse.json", app.base))
        .send()
        .await
        .expect("download");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.text().await.expect("text"), envelope);

    // Kept to the organisation: not found for anyone else, still there for it.
    let (status, _) = other
        .patch(
            &format!("/api/v1/handprints/{id}"),
            json!({"published": false}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, kept) = requester
        .patch(
            &format!("/api/v1/handprints/{id}"),
            json!({"published": false}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kept["published"], false);
    let (status, _) = app
        .anonymous()
        .get(&format!("/api/v1/handprints/{id}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = other.get(&format!("/api/v1/handprints/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = page("en").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, kept) = requester.get(&format!("/api/v1/handprints/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kept["published"], false);
}

#[tokio::test]
async fn the_cli_writes_a_zip_that_verifies_and_keeps_an_unpublished_handprint() {
    use crate::support::db_flags;
    let app = TestApp::spawn().await;
    let requester = app.requester("exc").await;
    let project = answered_project(&app, &requester, "exc").await;
    let work = tempfile::tempdir().expect("dir");
    let key_file = work.path().join("key.pem");
    let zip_path = work.path().join("export.zip");
    let output = handprint_command()
        .arg("export")
        .args(db_flags(&app.location))
        .args(["--project", &project, "--format", "csv", "--out"])
        .arg(&zip_path)
        .args(["--handprint", "--unpublished"])
        .env("HANDPRINT_SIGNING_KEY_FILE", &key_file)
        .output()
        .expect("run export");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let (written, signed) = stderr.split_once('\n').expect("two lines");
    assert_eq!(
        written,
        format!("3 answers written to {}", zip_path.display())
    );
    let id = signed
        .strip_prefix("handprint ")
        .and_then(|rest| rest.split_once(' '))
        .map(|(id, _)| id.to_string())
        .expect("the handprint's id");
    assert_eq!(
        signed,
        format!(
            "handprint {id} signed (check it with: handprint verify {})\n",
            zip_path.display()
        )
    );
    let bytes = std::fs::read(&zip_path).expect("zip");
    let unpacked = work.path().join("unpacked");
    std::fs::create_dir(&unpacked).expect("dir");
    assert_eq!(
        unzip(&bytes, &unpacked),
        [
            "answers.csv",
            "items.csv",
            "croissant.json",
            "handprint.dsse.json"
        ]
    );

    // Signed with the CLI's key file: verified against its public half.
    let key = handprint_core::attest::InstanceKey::from_pem(
        &std::fs::read_to_string(&key_file).expect("key"),
    )
    .expect("key");
    let pem = work.path().join("public.pem");
    std::fs::write(&pem, key.public().to_pem().expect("pem")).expect("write");
    let pem = pem.display().to_string();
    let (ok, stdout, stderr) = verify(&[&zip_path.display().to_string(), "--key", &pem]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("3 files checked, each byte as signed:"),
        "{stdout}"
    );

    // A zip whose data file changed by one byte is refused, naming the file.
    let data = unpacked.join("answers.csv");
    let mut changed = std::fs::read(&data).expect("read");
    changed[3] ^= 1;
    std::fs::write(&data, &changed).expect("write");
    let tampered = work.path().join("tampered.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&tampered).expect("create"));
    for name in [
        "answers.csv",
        "items.csv",
        "croissant.json",
        "handprint.dsse.json",
    ] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        std::io::Write::write_all(&mut zip, &std::fs::read(unpacked.join(name)).expect("read"))
            .expect("write");
    }
    zip.finish().expect("zip");
    let (ok, _, stderr) = verify(&[&tampered.display().to_string(), "--key", &pem]);
    assert!(!ok);
    assert!(
        stderr.contains("answers.csv") && stderr.contains("changed"),
        "{stderr}"
    );

    // Kept, unpublished: the organisation's only.
    let (status, _) = app
        .anonymous()
        .get(&format!("/api/v1/handprints/{id}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, kept) = requester.get(&format!("/api/v1/handprints/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kept["published"], false);
    assert_eq!(kept["predicate"]["what"]["answers"], 3);
}

#[tokio::test]
async fn web_the_project_page_exports_with_a_handprint_and_its_page_publishes_it() {
    use crate::web::{FormPost, client};
    use crate::web_money::Session;
    let app = TestApp::spawn().await;
    let requester = app.requester("exw").await;
    let project = answered_project(&app, &requester, "exw").await;
    let session = Session::sign_in(&app, "exw@requester.test", "correct horse battery").await;
    let (status, html) = session.get(&format!("/projects/{project}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!("action=\"/projects/{project}/exports\"")),
        "{html}"
    );

    // The form (as a browser sends it, unpublished): the zip.
    let r = client()
        .post(format!("{}/projects/{project}/exports", app.base))
        .header("cookie", &session.cookie)
        .form_body(&[
            ("_csrf", session.csrf.as_str()),
            ("format", "jsonl"),
            ("labels", ""),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/zip")
    );
    let id = r
        .headers()
        .get("handprint-id")
        .and_then(|v| v.to_str().ok())
        .expect("id")
        .to_string();
    let bytes = r.bytes().await.expect("zip");
    let work = tempfile::tempdir().expect("dir");
    assert_eq!(
        unzip(&bytes, work.path()),
        [
            "answers.jsonl",
            "items.jsonl",
            "croissant.json",
            "handprint.dsse.json"
        ]
    );

    // Listed on the project page, unpublished; its page offers to publish it.
    let (_, html) = session.get(&format!("/projects/{project}")).await;
    assert!(
        html.contains(&format!("<a href=\"/handprints/{id}\">")) && html.contains("not published"),
        "{html}"
    );
    let (status, _) = app.anonymous().get_text(&format!("/handprints/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, html) = session.get(&format!("/handprints/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"unpublished\""), "{html}");
    let (status, location, _) = session
        .post(
            &format!("/handprints/{id}/publication"),
            &[("published", "1")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("/handprints/{id}"));
    let (status, html) = app.anonymous().get_text(&format!("/handprints/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("2 workers took part"), "{html}");
    assert!(
        !html.contains("id=\"unpublish\""),
        "no switch for strangers: {html}"
    );
}

/// Each Parquet file's rows and column types, read by pyarrow.
fn pyarrow_tables(python: &Path, files: &[PathBuf]) -> Value {
    let script = r#"
import json, os, sys
import pyarrow.parquet as pq
out = {}
for path in sys.argv[1:]:
    t = pq.read_table(path)
    out[path.rsplit('/', 1)[-1]] = {"rows": t.num_rows,
        "types": {f.name: str(f.type) for f in t.schema}}
print(json.dumps(out))
# Leave without the interpreter's teardown, where pyarrow's background threads can
# abort a process whose work is done (apache/arrow#34314: "terminate called without an
# active exception"); a failure above still exits non-zero.
sys.stdout.flush()
os._exit(0)
"#;
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .args(files)
        .output()
        .expect("run pyarrow");
    assert!(
        out.status.success(),
        "pyarrow: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[tokio::test]
async fn a_parquet_export_has_typed_columns_pyarrow_and_mlcroissant_read_and_verifies() {
    let app = TestApp::spawn().await;
    let requester = app.requester("exq").await;
    let project = answered_project(&app, &requester, "exq").await;
    let work = tempfile::tempdir().expect("dir");
    let keys = keys_file(&app, work.path()).await.display().to_string();

    let (status, bytes, _) = export(&requester, &project, json!({"format": "parquet"})).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let answers_dir = work.path().join("answers");
    std::fs::create_dir(&answers_dir).expect("dir");
    assert_eq!(
        unzip(&bytes, &answers_dir),
        [
            "answers.parquet",
            "items.parquet",
            "croissant.json",
            "handprint.dsse.json"
        ]
    );
    let (status, bytes, _) = export(
        &requester,
        &project,
        json!({"format": "parquet", "labels": "mv"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let labels_dir = work.path().join("labels");
    std::fs::create_dir(&labels_dir).expect("dir");
    assert_eq!(
        unzip(&bytes, &labels_dir),
        [
            "labels-mv.parquet",
            "items.parquet",
            "croissant.json",
            "handprint.dsse.json"
        ]
    );
    let croissant: Value =
        serde_json::from_slice(&std::fs::read(answers_dir.join("croissant.json")).expect("read"))
            .expect("json");
    assert_eq!(
        croissant["distribution"][0]["encodingFormat"],
        "application/x-parquet"
    );

    for dir in [&answers_dir, &labels_dir] {
        let (ok, stdout, stderr) = verify(&[&dir.display().to_string(), "--key", &keys]);
        assert!(ok, "{stderr}");
        assert!(stdout.contains("3 files checked"), "{stdout}");
    }
    // One changed byte of a Parquet file: refused, naming it.
    let path = answers_dir.join("answers.parquet");
    let original = std::fs::read(&path).expect("read");
    let mut changed = original.clone();
    changed[20] ^= 1;
    std::fs::write(&path, &changed).expect("write");
    let (ok, _, stderr) = verify(&[&answers_dir.display().to_string(), "--key", &keys]);
    assert!(!ok);
    assert!(
        stderr.contains("answers.parquet") && stderr.contains("changed"),
        "{stderr}"
    );
    std::fs::write(&path, &original).expect("restore");

    let Some(python) = test_python() else { return };
    let tables = pyarrow_tables(
        &python,
        &[
            answers_dir.join("answers.parquet"),
            answers_dir.join("items.parquet"),
            labels_dir.join("labels-mv.parquet"),
        ],
    );
    assert_eq!(
        tables,
        json!({
            "answers.parquet": {"rows": 3, "types": {
                "assignment_id": "string", "task_id": "string", "external_id": "string",
                "worker": "string", "answer": "string", "seconds": "double",
                "leased_at": "timestamp[us, tz=UTC]", "submitted_at": "timestamp[us, tz=UTC]",
                "review_state": "string", "rejection_reason": "string", "item": "string"}},
            "items.parquet": {"rows": 4, "types": {
                "task_id": "string", "external_id": "string", "answers": "int64", "item": "string"}},
            "labels-mv.parquet": {"rows": 3, "types": {
                "task_id": "string", "external_id": "string", "label": "string",
                "confidence": "double", "answers": "int64"}},
        })
    );
    let verdict = mlcroissant(&python, &answers_dir, "answers");
    assert_eq!(verdict["warnings"], json!([]), "{verdict}");
    assert_eq!(verdict["records"], 3, "{verdict}");
    let verdict = mlcroissant(&python, &labels_dir, "labels");
    assert_eq!(verdict["records"], 3, "{verdict}");
    let items = mlcroissant(&python, &labels_dir, "items");
    assert_eq!(items["records"], 4, "{items}");
}
