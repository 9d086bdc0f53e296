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
