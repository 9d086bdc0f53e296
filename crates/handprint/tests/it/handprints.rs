//! Signed handprints: the instance's key is made once and kept, served at
//! `/.well-known/handprint-keys`; `handprint verify` and `POST /api/v1/handprints/verify`
//! accept a handprint signed with it and refuse, saying why, any changed byte, a
//! missing file or another key.

use crate::support::{ServeProcess, fresh_location, handprint_command, http_client};
use handprint_core::attest::{InstanceKey, Statement, Subject, sha256_hex};
use serde_json::{Value, json};
use std::path::Path;

const ANSWERS: &[u8] =
    b"{\"task\":\"t1\",\"answer\":\"pos\"}\n{\"task\":\"t2\",\"answer\":\"neg\"}\n";
const LABELS: &[u8] = b"task,label\nt1,pos\nt2,neg\n";

/// `handprint verify ARGS…`: (success, stdout, stderr).
fn verify(args: &[&str]) -> (bool, String, String) {
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

async fn served_keys(base: &str) -> Value {
    let response = http_client()
        .get(format!("{base}/.well-known/handprint-keys"))
        .send()
        .await
        .expect("keys");
    assert_eq!(response.status(), 200);
    response.json().await.expect("json")
}

async fn api_verify(base: &str, envelope: &[u8]) -> Value {
    let response = http_client()
        .post(format!("{base}/api/v1/handprints/verify"))
        .header("content-type", "application/json")
        .body(envelope.to_vec())
        .send()
        .await
        .expect("verify");
    assert_eq!(response.status(), 200);
    response.json().await.expect("json")
}

/// The two data files and their handprint, signed with `key`, in `dir`.
fn write_export(dir: &Path, key: &InstanceKey, instance: &str) -> std::path::PathBuf {
    std::fs::write(dir.join("answers.jsonl"), ANSWERS).expect("answers");
    std::fs::write(dir.join("labels.csv"), LABELS).expect("labels");
    let statement = Statement::handprint(
        vec![
            Subject::sha256("answers.jsonl", sha256_hex(ANSWERS)),
            Subject::sha256("labels.csv", sha256_hex(LABELS)),
        ],
        json!({"instance": {"url": instance}, "workers": {"count": 3}}),
    );
    let path = dir.join("handprint.dsse.json");
    std::fs::write(
        &path,
        serde_json::to_vec(&key.sign(&statement)).expect("json"),
    )
    .expect("envelope");
    path
}

#[tokio::test]
async fn a_handprint_signed_with_the_kept_key_verifies_and_any_change_is_refused_with_its_reason() {
    let (location, _db_dir) = fresh_location().await;
    let keys_dir = tempfile::tempdir().expect("dir");
    let key_file = keys_dir.path().join("signing-key.pem");
    let key_env = key_file.display().to_string();
    let env = [("HANDPRINT_SIGNING_KEY_FILE", key_env.as_str())];
    let mut server = ServeProcess::start_with(&location, &[], &env);
    let key = InstanceKey::from_pem(&std::fs::read_to_string(&key_file).expect("key kept"))
        .expect("a PKCS#8 key");
    let keyid = key.public().keyid();
    let keys = served_keys(&server.base).await;
    assert_eq!(keys["keys"].as_array().map(Vec::len), Some(1), "{keys}");
    assert_eq!(keys["keys"][0]["keyid"], keyid.as_str());
    assert_eq!(keys["keys"][0]["algorithm"], "ed25519");
    assert_eq!(
        keys["keys"][0]["public_key"],
        key.public().to_base64().as_str()
    );

    let out = tempfile::tempdir().expect("dir");
    let envelope = write_export(out.path(), &key, &server.base);
    let file = envelope.display().to_string();

    let (ok, stdout, stderr) = verify(&[&file, "--key", &server.base]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.starts_with(&format!(
            "valid: signed by the key from {}, unchanged since\n2 files checked, each byte as signed:\n  answers.jsonl  sha256:{}\n  labels.csv  sha256:{}\n",
            server.base,
            sha256_hex(ANSWERS),
            sha256_hex(LABELS)
        )),
        "{stdout}"
    );
    // Without --key: the keys of the instance the handprint names, and it says so.
    let (ok, stdout, stderr) = verify(&[&file]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.starts_with(&format!(
            "valid: signed by the key from {} (the instance the handprint names), unchanged since\n",
            server.base
        )),
        "{stdout}"
    );
    let checked = api_verify(&server.base, &std::fs::read(&envelope).expect("read")).await;
    assert_eq!(checked["valid"], true, "{checked}");
    assert_eq!(checked["keyid"], keyid.as_str());
    assert_eq!(checked["subjects"][1]["name"], "labels.csv");
    assert_eq!(checked["predicate"]["workers"]["count"], 3);

    // One changed byte of a data file.
    let mut changed = ANSWERS.to_vec();
    changed[10] ^= 0x20;
    std::fs::write(out.path().join("answers.jsonl"), &changed).expect("write");
    let (ok, _, stderr) = verify(&[&file, "--key", &server.base]);
    assert!(!ok);
    assert_eq!(
        stderr.trim(),
        format!(
            "error: {} was changed: its SHA-256 is {}, the handprint says {}",
            out.path().join("answers.jsonl").display(),
            sha256_hex(&changed),
            sha256_hex(ANSWERS)
        )
    );
    std::fs::write(out.path().join("answers.jsonl"), ANSWERS).expect("restore");

    // A missing file.
    std::fs::remove_file(out.path().join("labels.csv")).expect("remove");
    let (ok, _, stderr) = verify(&[&file, "--key", &server.base]);
    assert!(!ok);
    assert!(
        stderr.starts_with(&format!(
            "error: {} is missing: the handprint is about it (put it beside the handprint)",
            out.path().join("labels.csv").display()
        )),
        "{stderr}"
    );
    std::fs::write(out.path().join("labels.csv"), LABELS).expect("restore");

    // One changed byte of the signed statement.
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(&envelope).expect("read")).expect("json");
    let payload = doc["payload"].as_str().expect("payload").to_string();
    let flipped = if payload.starts_with('e') { "f" } else { "e" };
    doc["payload"] = Value::from(format!("{flipped}{}", &payload[1..]));
    let tampered = serde_json::to_vec(&doc).expect("json");
    std::fs::write(&envelope, &tampered).expect("write");
    let (ok, _, stderr) = verify(&[&file, "--key", &server.base]);
    assert!(!ok);
    assert_eq!(
        stderr.trim(),
        format!(
            "error: {file}: the signature by key {keyid} does not match: the statement was changed after it was signed, or the signature is not this key's"
        )
    );
    let checked = api_verify(&server.base, &tampered).await;
    assert_eq!(checked["valid"], false, "{checked}");
    assert!(
        checked["reason"]
            .as_str()
            .is_some_and(|r| r.starts_with("the signature by key")),
        "{checked}"
    );

    // Signed by another key: refused against the instance's.
    let other = InstanceKey::from_seed(&[9; 32]);
    let envelope = write_export(out.path(), &other, &server.base);
    let (ok, _, stderr) = verify(&[&file, "--key", &server.base]);
    assert!(!ok);
    assert_eq!(
        stderr.trim(),
        format!(
            "error: {file}: no signature is by a trusted key: the envelope is signed by {}, the keys given are {keyid}",
            other.public().keyid()
        )
    );
    // …and accepted with that key's PEM named by --key.
    let pem = keys_dir.path().join("other.pem");
    std::fs::write(&pem, other.public().to_pem().expect("pem")).expect("write");
    let (ok, _, stderr) = verify(&[
        &envelope.display().to_string(),
        "--key",
        &pem.display().to_string(),
    ]);
    assert!(ok, "{stderr}");

    // The key outlives a restart.
    server.kill();
    let server = ServeProcess::start_with(&location, &[], &env);
    assert_eq!(
        served_keys(&server.base).await["keys"][0]["keyid"],
        keyid.as_str()
    );
}

#[tokio::test]
async fn a_file_that_is_not_a_handprint_is_refused_saying_so() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("handprint.dsse.json");
    std::fs::write(&path, "{\"payload\": 1}").expect("write");
    let key = InstanceKey::from_seed(&[3; 32]);
    let pem = dir.path().join("key.pem");
    std::fs::write(&pem, key.public().to_pem().expect("pem")).expect("write");
    let (ok, _, stderr) = verify(&[
        &path.display().to_string(),
        "--key",
        &pem.display().to_string(),
    ]);
    assert!(!ok);
    assert!(
        stderr.starts_with(&format!(
            "error: {} is not a signed handprint: the file is not a DSSE envelope (JSON with payload, payloadType and signatures): invalid type: integer `1`",
            path.display()
        )),
        "{stderr}"
    );
}

/// A worker from `country`, signed up like any other.
async fn worker_from(
    app: &crate::support::TestApp,
    name: &str,
    country: &str,
) -> crate::support::Client {
    let email = format!("{name}@worker.test");
    let body = json!({"email": email, "password": "correct horse battery", "name": name, "role": "worker", "country": country});
    let (status, body) = app.anonymous().post("/api/v1/signup", body).await;
    assert_eq!(status, reqwest::StatusCode::CREATED, "{body}");
    app.key_for(&email, "correct horse battery").await
}

#[tokio::test]
async fn an_export_with_its_handprint_states_the_known_figures_of_the_work_and_verifies() {
    use crate::money::answer;
    use crate::support::{TestApp, db_flags};
    let app = TestApp::spawn().await;
    let requester = app.requester("hp").await;
    let project = requester
        .funded_project(
            6,
            json!({"answers_per_task": 1, "sensitive_content": ["violence"]}),
        )
        .await;
    let w1 = worker_from(&app, "hp1", "MG").await;
    let w2 = worker_from(&app, "hp2", "MG").await;
    let w3 = worker_from(&app, "hp3", "FR").await;
    for w in [&w1, &w2, &w3] {
        crate::support::opt_in_to(w, json!(["violence"])).await;
    }
    // w1: two answers of 30 s, w2: one of 20 s, all approved (0.10 each: at or above
    // the 12.00/h floor, so no top-up). w3: a lease held 40 s and given back, then an
    // answer of 30 s that is rejected.
    let mut approve = vec![
        answer(&app, &w1, &project, json!("pos"), 30).await,
        answer(&app, &w1, &project, json!("neg"), 30).await,
        answer(&app, &w2, &project, json!("pos"), 20).await,
    ];
    let (status, lease) = w3
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(status, 200, "{lease}");
    app.clock.advance_seconds(40);
    let returned = lease["assignment_id"].as_str().expect("id");
    let (status, body) = w3
        .post_empty(&format!("/api/v1/assignments/{returned}/return"))
        .await;
    assert!(status.is_success(), "{body}");
    let rejected = answer(&app, &w3, &project, json!("neg"), 30).await;
    for a in approve.drain(..) {
        let (status, body) = requester
            .post_empty(&format!("/api/v1/assignments/{a}/approve"))
            .await;
        assert_eq!(status, 200, "{body}");
    }
    requester.reject(&rejected).await;

    let out = tempfile::tempdir().expect("dir");
    let key_dir = tempfile::tempdir().expect("dir");
    let key_file = key_dir.path().join("key.pem");
    let dir = out.path().join("export");
    let output = handprint_command()
        .arg("export")
        .args(db_flags(&app.location))
        .args([
            "--project",
            &project,
            "--out",
            &dir.display().to_string(),
            "--handprint",
        ])
        .env("HANDPRINT_SIGNING_KEY_FILE", &key_file)
        .env("HANDPRINT_PUBLIC_URL", &app.base)
        .output()
        .expect("run export");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let envelope = dir.join("handprint.dsse.json");
    let (written, signed) = stderr.split_once('\n').expect("two lines");
    assert_eq!(written, format!("4 answers written to {}", dir.display()));
    let id = signed
        .strip_prefix("handprint ")
        .and_then(|rest| rest.split_once(' '))
        .map(|(id, _)| id.to_string())
        .expect("the handprint's id");
    assert_eq!(
        signed,
        format!(
            "handprint {id} signed (check it with: handprint verify {})\n",
            envelope.display()
        )
    );
    let key =
        InstanceKey::from_pem(&std::fs::read_to_string(&key_file).expect("key")).expect("key");
    let pem = key_dir.path().join("public.pem");
    std::fs::write(&pem, key.public().to_pem().expect("pem")).expect("write");
    let (ok, stdout, stderr) = verify(&[
        &envelope.display().to_string(),
        "--key",
        &pem.display().to_string(),
    ]);
    assert!(ok, "{stderr}");
    let answers = std::fs::read(dir.join("answers.jsonl")).expect("answers");
    let items = std::fs::read(dir.join("items.jsonl")).expect("items");
    let croissant = std::fs::read(dir.join("croissant.json")).expect("croissant");
    assert!(
        stdout.contains(&format!(
            "3 files checked, each byte as signed:\n  answers.jsonl  sha256:{}\n  items.jsonl  sha256:{}\n  croissant.json  sha256:{}\n",
            sha256_hex(&answers),
            sha256_hex(&items),
            sha256_hex(&croissant)
        )),
        "{stdout}"
    );
    let doc: Value =
        serde_json::from_slice(&std::fs::read(&envelope).expect("read")).expect("json");
    let statement = handprint_core::attest::open(
        &serde_json::from_value(doc).expect("envelope"),
        &[key.public()],
    )
    .expect("signed by the kept key");
    let p = &statement.predicate;
    assert_eq!(p["instance"]["url"], app.base.as_str());
    assert_eq!(p["instance"]["pay_floor_per_hour"], "12.00");
    assert_eq!(
        p["what"]["files"],
        json!(["answers.jsonl", "items.jsonl", "croissant.json"])
    );
    assert_eq!(p["what"]["items"], 6);
    assert_eq!(p["what"]["answers"], 4);
    assert_eq!(
        p["what"]["instructions_sha256"],
        sha256_hex(b"Choose the sentiment of the review.")
    );
    assert_eq!(
        p["for_whom"]["purpose"],
        "Train a review classifier for a small bookshop's search page."
    );
    assert_eq!(p["for_whom"]["end_uses"], json!(["search"]));
    assert_eq!(
        p["how"]["overlap"],
        json!({"kind": "fixed", "answers_per_item": 1})
    );
    let by = &p["by_whom"];
    assert_eq!(by["workers"], 3);
    // Two from MG and one from FR: both groups under k = 5, merged.
    assert_eq!(by["countries"], json!([{"country": "other", "workers": 3}]));
    // 110 s of answers and 40 s of a returned lease; 80 s paid; 40 s unpaid.
    assert_eq!(by["measured_hours"], "0.04");
    assert_eq!(by["paid_hours"], "0.02");
    assert_eq!(by["unpaid_hours"], "0.01");
    assert_eq!(by["median_seconds_per_answer"], 30);
    assert_eq!(
        by["hourly_pay"],
        json!({"workers": 2, "p10": "12.00", "median": "12.00", "p90": "18.00", "at_or_above_floor": 2})
    );
    assert_eq!(
        by["hourly_pay_including_unpaid_time"],
        json!({"workers": 3, "p10": "0.00", "median": "12.00", "p90": "18.00", "at_or_above_floor": 2})
    );
    assert_eq!(
        by["reviews"],
        json!({"approved": 3, "auto_approved": 0, "rejected": 1, "overturned": 0, "rejected_final": 0, "rejected_open": 1, "disputes": 0})
    );
    assert_eq!(
        by["exposure"],
        json!([{"category": "violence", "hours": "0.04", "workers": 3}])
    );
    let text = serde_json::to_string(p).expect("json");
    for w in [&w1, &w2, &w3] {
        let (_, me) = w.get("/api/v1/me").await;
        let id = me["id"].as_str().expect("id");
        assert!(!text.contains(id), "no worker's id is in it: {text}");
    }
}

/// POST the verify page's form with `file` (as a browser sends it), in `lang`.
async fn verify_page(
    app: &crate::support::TestApp,
    file: Option<Vec<u8>>,
    lang: &str,
) -> (u16, String) {
    // The body a browser sends for the form (reqwest's multipart is not enabled).
    let boundary = "----handprint-verify-boundary-41";
    let mut body = Vec::new();
    if let Some(bytes) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"handprint.dsse.json\"\r\nContent-Type: application/json\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(&bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let r = app
        .http
        .post(format!("{}/handprints/verify", app.base))
        .header("accept-language", lang)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .expect("post");
    let status = r.status().as_u16();
    (status, r.text().await.expect("html"))
}

#[tokio::test]
async fn web_anyone_checks_a_handprint_on_the_public_page_in_english_and_french() {
    let app = crate::support::TestApp::spawn().await;
    let key = &app.state.signing_key;
    let keyid = key.public().keyid();
    let (status, page) = app.anonymous().get_text("/handprints/verify").await;
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Check a handprint</h1>"), "{page}");
    assert!(
        page.contains(&format!("This instance signs with key {keyid}")),
        "{page}"
    );

    let statement = Statement::handprint(
        vec![Subject::sha256("answers.jsonl", sha256_hex(ANSWERS))],
        json!({
            "instance": {"currency": "USD", "pay_floor_per_hour": "12.00"},
            "for_whom": {"organization": {"name": "Bookshop"}, "purpose": "Search ranking."},
            "by_whom": {"workers": 2, "measured_hours": "1.50", "hourly_pay": {"median": "14.40"}, "reviews": {"rejected": 1}},
        }),
    );
    let signed = serde_json::to_vec(&key.sign(&statement)).expect("json");
    let (status, page) = verify_page(&app, Some(signed.clone()), "en").await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("<h2>Valid: signed by this instance, unchanged since</h2>"),
        "{page}"
    );
    assert!(
        page.contains("<li>Made for Bookshop: Search ranking.</li><li>2 workers took part</li><li>1.50 hours of work measured</li><li>Median pay per hour of work: 14.40 USD (the floor: 12.00 USD)</li><li>1 answer rejected</li>"),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "<code>answers.jsonl</code> sha256:<code>{}</code>",
            sha256_hex(ANSWERS)
        )),
        "{page}"
    );
    let (status, page) = verify_page(&app, Some(signed.clone()), "fr").await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("<h2>Valide : signée par cette instance, inchangée depuis</h2>"),
        "{page}"
    );
    assert!(
        page.contains(
            "<li>2 personnes y ont travaillé</li><li>1,50 heures de travail mesurées</li>"
        ),
        "{page}"
    );

    // Another instance's key: not valid, and why.
    let other = InstanceKey::from_seed(&[4; 32]).sign(&statement);
    let (status, page) =
        verify_page(&app, Some(serde_json::to_vec(&other).expect("json")), "en").await;
    assert_eq!(status, 422);
    assert!(page.contains("<h2>Not valid</h2>"), "{page}");
    assert!(
        page.contains(&format!(
            "<p id=\"reason\">no signature is by a trusted key: the envelope is signed by {}, the keys given are {keyid}</p>",
            InstanceKey::from_seed(&[4; 32]).public().keyid()
        )),
        "{page}"
    );
    let (status, page) = verify_page(&app, None, "en").await;
    assert_eq!(status, 422);
    assert!(
        page.contains("Choose the file handprint.dsse.json to check."),
        "{page}"
    );
}
