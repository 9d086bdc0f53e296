//! The binary's configuration and commands, run as a user would.

use crate::support::{fresh_location, require_postgres};
use handprint_store::{Db, Location};
use std::process::Command;

fn handprint(dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_handprint"));
    c.current_dir(dir).env_remove("RUST_LOG");
    c
}

#[test]
fn a_bad_environment_value_is_reported_with_its_key_and_source() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = handprint(dir.path())
        .env("HANDPRINT_GRACE_SECONDS", "ten")
        .arg("migrate")
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("GRACE_SECONDS") && err.contains("HANDPRINT_"),
        "{err}"
    );
}

#[test]
fn a_typo_in_the_configuration_file_names_the_key_and_the_file() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(
        dir.path().join("handprint.toml"),
        "adress = \"127.0.0.1:9000\"\n",
    )
    .expect("write");
    let out = handprint(dir.path()).arg("migrate").output().expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("adress") && err.contains("handprint.toml"),
        "{err}"
    );
}

#[test]
fn a_pay_floor_that_is_not_an_amount_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = handprint(dir.path())
        .env("HANDPRINT_PAY_FLOOR_PER_HOUR", "twelve")
        .arg("migrate")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("pay_floor_per_hour"));
}

#[test]
fn the_pay_floor_can_be_raised_but_never_lowered() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = handprint(dir.path())
        .env("HANDPRINT_PAY_FLOOR_PER_HOUR", "9.50")
        .arg("migrate")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("can only be raised"));
    let out = handprint(dir.path())
        .env("HANDPRINT_PAY_FLOOR_PER_HOUR", "15.00")
        .arg("migrate")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn another_currency_must_state_its_own_pay_floor() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = handprint(dir.path())
        .env("HANDPRINT_CURRENCY", "EUR")
        .arg("migrate")
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("pay_floor_per_hour must be set for EUR"),
        "{err}"
    );
    let out = handprint(dir.path())
        .env("HANDPRINT_CURRENCY", "EUR")
        .env("HANDPRINT_PAY_FLOOR_PER_HOUR", "11.50")
        .arg("migrate")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn flags_win_over_the_environment_and_the_default_config_is_valid_toml() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = handprint(dir.path())
        .arg("default-config")
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    // The printed example, used as-is, configures a working instance.
    std::fs::write(dir.path().join("handprint.toml"), &text).expect("write");
    let out = handprint(dir.path())
        .env("HANDPRINT_DATA_DIR", dir.path().join("from-env"))
        .args(["--data-dir"])
        .arg(dir.path().join("from-flag"))
        .arg("migrate")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("from-flag/handprint.db").exists());
    assert!(!dir.path().join("from-env").exists());
}

#[test]
fn an_operator_can_be_created_from_the_command_line_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let args = [
        "users",
        "create-operator",
        "--email",
        "op@example.org",
        "--password",
        "operator password",
    ];
    let out = handprint(dir.path()).args(args).output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        dir.path().join("handprint-data/handprint.db").exists(),
        "SQLite in ./handprint-data by default"
    );
    let out = handprint(dir.path()).args(args).output().expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
}

/// The operator's password is not an argument other users of the machine can see:
/// it comes from HANDPRINT_OPERATOR_PASSWORD or standard input; `--password` still
/// works, with a warning that says where to give it instead.
#[test]
fn an_operators_password_comes_from_the_environment_or_standard_input() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("tmp");
    let create = |email: &str| {
        let mut c = handprint(dir.path());
        c.env_remove("HANDPRINT_OPERATOR_PASSWORD").args([
            "users",
            "create-operator",
            "--email",
            email,
        ]);
        c
    };

    let out = create("env@example.org")
        .env("HANDPRINT_OPERATOR_PASSWORD", "operator password")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");

    let mut child = create("stdin@example.org")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"operator password\n")
        .expect("write the password");
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");

    let out = create("nothing@example.org")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: no password: give it in HANDPRINT_OPERATOR_PASSWORD or as one line on standard input\n"
    );

    let out = create("flag@example.org")
        .args(["--password", "operator password"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "warning: --password shows the password to every user of this machine (in the process \
         list); give it in HANDPRINT_OPERATOR_PASSWORD or on standard input instead\n"
    );

    let out = create("short@example.org")
        .env("HANDPRINT_OPERATOR_PASSWORD", "short")
        .output()
        .expect("run");
    assert!(
        !out.status.success(),
        "a password the rules refuse is refused"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("error: --password: "),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn pg_only_both_backends_have_the_same_schema() {
    require_postgres();
    let dir = tempfile::tempdir().expect("tmp");
    let sqlite = Db::connect(&Location::DataDir(dir.path().to_path_buf()), 1)
        .await
        .expect("sqlite");
    sqlite.migrate().await.expect("migrate sqlite");
    let (location, _keep) = fresh_location().await;
    let pg = Db::connect(&location, 1).await.expect("postgres");
    pg.migrate().await.expect("migrate postgres");
    let a = sqlite.schema_summary().await.expect("sqlite schema");
    let b = pg.schema_summary().await.expect("postgres schema");
    assert!(!a.is_empty());
    assert_eq!(a, b, "tables, columns and nullability must agree");
}

/// `handprint media upload --project ID DIR`, run as the operator would beside a running
/// server sharing its database and media directory: the images are stored under their
/// paths, hidden files left out, a file that is not what its name says refused on a line
/// of its own; the server then lists the files and serves them to a worker.
#[tokio::test]
async fn media_upload_stores_a_directory_beside_a_running_server_and_names_a_bad_file() {
    use crate::support::{TestApp, db_flags, handprint_command};
    use reqwest::StatusCode;
    use serde_json::json;
    let media = tempfile::tempdir().expect("media dir");
    let mut settings = handprint_server::Settings::default();
    settings.media.storage = handprint_server::media::MediaStorage::Local(media.path().into());
    let app = TestApp::spawn_with(settings).await;
    let requester = app.requester("cli-media").await;
    let project = requester
        .project(
            json!({"answers_per_task": 1, "template": {"kind": "single_choice",
            "options": ["cat", "dog"], "media": {"type": "image", "field": "image"}}}),
        )
        .await;
    let id = project["id"].as_str().expect("id").to_string();

    let dir = tempfile::tempdir().expect("upload dir");
    let cat = crate::media_uploads::png(50, 40);
    let dog = crate::media_uploads::png(30, 20);
    std::fs::write(dir.path().join("cat.png"), &cat).expect("write");
    std::fs::create_dir(dir.path().join("dogs")).expect("mkdir");
    std::fs::write(dir.path().join("dogs/dog.png"), &dog).expect("write");
    std::fs::write(dir.path().join("fake.png"), "not a picture").expect("write");
    std::fs::write(dir.path().join(".DS_Store"), "junk").expect("write");

    let out = handprint_command()
        .args(db_flags(&app.location))
        .env("HANDPRINT_MEDIA_DIR", media.path())
        .args(["media", "upload", "--project", &id])
        .arg(dir.path())
        .output()
        .expect("run handprint media upload");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(!out.status.success(), "one file was refused: {stdout}");
    assert_eq!(stdout, "2 files stored, 1 refused\n");
    assert!(
        stderr.lines().any(|l| l
            == "fake.png: fake.png was sent as image/png, but its bytes are not a image/png file. Send it with its real type, or convert it."),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 files were refused (see above)"),
        "{stderr}"
    );

    let (status, list) = requester.get(&format!("/api/v1/projects/{id}/media")).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(
        list["files"],
        json!([
            {"name": "cat.png", "content_type": "image/png", "bytes": cat.len(), "small_bytes": null},
            {"name": "dogs/dog.png", "content_type": "image/png", "bytes": dog.len(), "small_bytes": null}
        ])
    );

    // The running server serves what the command stored.
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            "{\"image\": \"dogs/dog.png\"}\n",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    requester.deposit_what_publishing_needs(&id).await;
    requester.publish(&id).await;
    let worker = app.worker("cli-media-w").await;
    let (status, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": id}))
        .await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    let url = lease["task"]["data"]["image"].as_str().expect("a url");
    let got = reqwest::get(format!("{}{url}", app.base))
        .await
        .expect("fetch");
    assert_eq!(got.status(), StatusCode::OK);
    assert_eq!(&got.bytes().await.expect("bytes")[..], &dog[..]);

    // A project id that does not exist: said, and nothing stored.
    let out = handprint_command()
        .args(db_flags(&app.location))
        .env("HANDPRINT_MEDIA_DIR", media.path())
        .args(["media", "upload", "--project", "no-such-project"])
        .arg(dir.path())
        .output()
        .expect("run handprint media upload");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no-such-project"), "{stderr}");
}
