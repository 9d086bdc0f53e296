//! Uploaded media (issue 15): one file, several, a zip; refused types, sizes and names;
//! the organisation's quota; the import refusing an item that names a missing file;
//! the worker fetching the signed URL `work/next` hands out (and a tampered or expired
//! one refused); the smaller rendition; the retention job. On local files and on a
//! real S3-compatible server (moto, started by scripts/test.sh or here).

use crate::support::{Client, TestApp};
use handprint_server::Settings;
use handprint_server::media::{MediaStorage, S3Settings};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::io::Write;
use std::time::Duration;

/// A PNG of `w`×`h` pixels of varied colour (so it does not compress to nothing).
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x * y) % 239) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("zip entry");
        zip.write_all(bytes).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

/// A multipart/form-data body of `(file name, type, bytes)` parts: (content type, body).
fn multipart(files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "handprint-test-boundary";
    let mut body = Vec::new();
    for (name, kind, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {kind}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn image_template() -> Value {
    json!({"kind": "single_choice", "options": ["cat", "dog"],
           "media": {"type": "image", "field": "image"}})
}

/// A draft project with an image template: its id.
async fn image_project(requester: &Client) -> String {
    let project = requester
        .project(json!({"template": image_template(), "answers_per_task": 1}))
        .await;
    project["id"].as_str().expect("id").to_string()
}

fn names(list: &Value) -> Vec<(String, i64)> {
    list["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap_or("").to_string(),
                f["bytes"].as_i64().unwrap_or(-1),
            )
        })
        .collect()
}

/// Upload one file, several, and a zip; list them; import items naming them; a
/// worker fetches the signed URLs. The same on every storage.
async fn upload_list_and_serve(app: &TestApp) {
    let requester = app.requester("media-req").await;
    let id = image_project(&requester).await;
    let big = png(1200, 800);
    let small = png(40, 30);
    let path = format!("/api/v1/projects/{id}/media");

    let (status, one) = requester
        .upload(
            &format!("{path}?name=cat-001.png"),
            "image/png",
            big.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{one}");
    assert_eq!(one["files"][0]["name"], "cat-001.png");
    assert_eq!(one["files"][0]["content_type"], "image/png");
    assert_eq!(one["files"][0]["bytes"], big.len() as i64);
    assert_eq!(one["errors"], json!([]));

    let (kind, body) = multipart(&[
        ("cat-002.png", "image/png", &small),
        ("cat-003.png", "application/octet-stream", &small),
    ]);
    let (status, many) = requester.upload(&path, &kind, body).await;
    assert_eq!(status, StatusCode::CREATED, "{many}");
    assert_eq!(
        names(&many),
        vec![
            ("cat-002.png".into(), small.len() as i64),
            ("cat-003.png".into(), small.len() as i64)
        ]
    );

    let zip = zip_of(&[
        ("dogs/dog-1.png", &small),
        ("dogs/.DS_Store", b"junk"),
        ("dogs/dog-2.png", &small),
    ]);
    let (status, zipped) = requester.upload(&path, "application/zip", zip).await;
    assert_eq!(status, StatusCode::CREATED, "{zipped}");
    assert_eq!(
        names(&zipped),
        vec![
            ("dogs/dog-1.png".into(), small.len() as i64),
            ("dogs/dog-2.png".into(), small.len() as i64)
        ]
    );

    let (status, list) = requester.get(&path).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(
        names(&list).into_iter().map(|(n, _)| n).collect::<Vec<_>>(),
        [
            "cat-001.png",
            "cat-002.png",
            "cat-003.png",
            "dogs/dog-1.png",
            "dogs/dog-2.png"
        ]
    );
    // The large image got a smaller rendition; the small ones none.
    assert!(list["files"][0]["small_bytes"].as_i64().expect("rendition") < big.len() as i64);
    assert_eq!(list["files"][1]["small_bytes"], Value::Null);

    let items = "{\"image\": \"cat-001.png\"}\n{\"image\": \"dogs/dog-2.png\"}\n";
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            items,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["created"], 2, "{report}");
    requester.deposit_what_publishing_needs(&id).await;
    requester.publish(&id).await;

    let worker = app.worker("media-worker").await;
    let (status, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": id}))
        .await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    let url = lease["task"]["data"]["image"].as_str().expect("a url");
    assert!(url.starts_with(&format!("/media/{id}/")), "{url}");
    let link = &lease["task"]["media"][0];
    assert_eq!(link["field"], "image");
    assert_eq!(link["url"], url);
    let name = link["name"].as_str().expect("name").to_string();
    let expected = if name == "cat-001.png" { &big } else { &small };

    let anyone = reqwest::Client::new();
    let got = anyone
        .get(format!("{}{url}", app.base))
        .send()
        .await
        .expect("fetch");
    assert_eq!(got.status(), StatusCode::OK);
    assert_eq!(got.headers()["content-type"], "image/png");
    assert_eq!(&got.bytes().await.expect("bytes")[..], &expected[..]);
    if name == "cat-001.png" {
        let small_url = link["small_url"].as_str().expect("small url");
        let got = anyone
            .get(format!("{}{small_url}", app.base))
            .send()
            .await
            .expect("fetch");
        assert_eq!(got.status(), StatusCode::OK);
        assert_eq!(got.headers()["content-type"], "image/jpeg");
        let rendition = got.bytes().await.expect("bytes");
        assert!(rendition.len() < big.len() / 4, "{}", rendition.len());
    }

    // Another file's name under the same signature, or a changed expiry: refused.
    let tampered = url.replace(&name, "cat-002.png");
    let got = anyone
        .get(format!("{}{tampered}", app.base))
        .send()
        .await
        .expect("fetch");
    assert_eq!(got.status(), StatusCode::FORBIDDEN);
    let body: Value = got.json().await.expect("json");
    assert_eq!(body["code"], "err-media-signature");

    // Past its hour, on the app's clock, the URL no longer works.
    app.clock.advance_seconds(3601);
    let got = anyone
        .get(format!("{}{url}", app.base))
        .send()
        .await
        .expect("fetch");
    assert_eq!(got.status(), StatusCode::FORBIDDEN);
    let body: Value = got.json().await.expect("json");
    assert_eq!(body["code"], "err-media-expired");
}

#[tokio::test]
async fn files_uploaded_one_by_one_several_or_zipped_are_listed_and_served_signed_from_local_storage()
 {
    let app = TestApp::spawn().await;
    upload_list_and_serve(&app).await;
}

#[tokio::test]
async fn files_uploaded_to_s3_compatible_storage_are_listed_and_served_signed() {
    let Some(endpoint) = s3_endpoint("files_uploaded_to_s3_compatible_storage").await else {
        return;
    };
    let bucket = format!("hp-{}", uuid::Uuid::new_v4().simple());
    let made = reqwest::Client::new()
        .put(format!("{endpoint}/{bucket}"))
        .send()
        .await
        .expect("create bucket");
    assert!(made.status().is_success(), "{:?}", made.text().await);
    let mut settings = Settings::default();
    settings.media.storage = MediaStorage::S3(S3Settings {
        endpoint: endpoint.clone(),
        bucket: bucket.clone(),
        region: "us-east-1".into(),
        access_key_id: "testing".into(),
        secret_access_key: "testing".into(),
    });
    let app = TestApp::spawn_with(settings).await;
    upload_list_and_serve(&app).await;
    // The files are in the bucket, where another `serve` would find them.
    let listing = reqwest::Client::new()
        .get(format!("{endpoint}/{bucket}?list-type=2"))
        .send()
        .await
        .expect("list bucket")
        .text()
        .await
        .expect("text");
    assert!(listing.contains("/original/dogs/dog-1.png"), "{listing}");
    assert!(listing.contains("/small/cat-001.png"), "{listing}");
}

#[tokio::test]
async fn a_wrong_type_a_bad_name_and_a_file_too_big_are_refused_saying_what_to_do() {
    let mut settings = Settings::default();
    settings.media.max_file_bytes = 10_000;
    let app = TestApp::spawn_with(settings).await;
    let requester = app.requester("media-bad").await;
    let id = image_project(&requester).await;
    let path = format!("/api/v1/projects/{id}/media");

    let (status, body) = requester
        .upload(&format!("{path}?name=page.html"), "text/html", "<script>")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["code"], "err-media-none-stored");
    assert_eq!(body["errors"][0]["name"], "page.html");
    assert_eq!(body["errors"][0]["code"], "err-media-type");
    let message = body["errors"][0]["message"].as_str().unwrap_or("");
    assert!(message.contains("Accepted types: image/jpeg"), "{message}");

    // A PNG sent as a JPEG is not what it claims.
    let (status, body) = requester
        .upload(&format!("{path}?name=a.jpg"), "image/jpeg", png(10, 10))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["code"], "err-media-not-that-type");

    let (status, body) = requester
        .upload(&format!("{path}?name=../up.png"), "image/png", png(10, 10))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["code"], "err-media-name");

    let (status, body) = requester
        .upload(&format!("{path}?name=big.png"), "image/png", png(300, 300))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["code"], "err-media-body-too-big");

    // In a multipart form, the big file is refused and the small one kept.
    let (kind, form) = multipart(&[
        ("big.png", "image/png", &png(300, 300)),
        ("ok.png", "image/png", &png(10, 10)),
    ]);
    let (status, body) = requester.upload(&path, &kind, form).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["files"][0]["name"], "ok.png");
    assert_eq!(body["errors"][0]["name"], "big.png");
    assert_eq!(body["errors"][0]["code"], "err-media-too-big");

    let (status, body) = requester.upload(&path, "image/png", png(10, 10)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["path"], "/name");
}

#[tokio::test]
async fn the_organisations_media_quota_refuses_the_file_that_would_pass_it() {
    let file = png(60, 60);
    let mut settings = Settings::default();
    settings.media.max_bytes_per_org = file.len() as i64 * 2 + 10;
    let app = TestApp::spawn_with(settings).await;
    let requester = app.requester("media-quota").await;
    let first = image_project(&requester).await;
    let second = image_project(&requester).await;
    for (project, name) in [(&first, "a.png"), (&second, "b.png")] {
        let (status, body) = requester
            .upload(
                &format!("/api/v1/projects/{project}/media?name={name}"),
                "image/png",
                file.clone(),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    // Uploading the same name again replaces it: the quota counts it once.
    let (status, body) = requester
        .upload(
            &format!("/api/v1/projects/{first}/media?name=a.png"),
            "image/png",
            file.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = requester
        .upload(
            &format!("/api/v1/projects/{second}/media?name=c.png"),
            "image/png",
            file.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["code"], "err-media-quota");
    let used = (file.len() * 2).to_string();
    let message = body["errors"][0]["message"].as_str().unwrap_or("");
    assert!(message.contains(&format!("{used} of its")), "{message}");
}

#[tokio::test]
async fn an_item_naming_a_file_not_uploaded_is_refused_at_import() {
    let app = TestApp::spawn().await;
    let requester = app.requester("media-import").await;
    let id = image_project(&requester).await;
    let (status, body) = requester
        .upload(
            &format!("/api/v1/projects/{id}/media?name=cat-001.png"),
            "image/png",
            png(10, 10),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let items = "{\"image\": \"cat-001.png\"}\n{\"image\": \"cat-404.png\"}\n{\"image\": \"https://media.example/x.png\"}\n";
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            items,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["created"], 2, "{report}");
    assert_eq!(report["errors"][0]["line"], 2);
    assert_eq!(
        report["errors"][0]["message"],
        "The field image names the file \"cat-404.png\", which is not uploaded to this project. Upload it first (POST /api/v1/projects/ID/media, or handprint media upload), or correct the name."
    );
}

#[tokio::test]
async fn a_cancelled_projects_media_are_deleted_after_the_retention() {
    let app = TestApp::spawn().await;
    let requester = app.requester("media-retention").await;
    let id = image_project(&requester).await;
    let (status, body) = requester
        .upload(
            &format!("/api/v1/projects/{id}/media?name=a.png"),
            "image/png",
            png(10, 10),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = requester
        .post_empty(&format!("/api/v1/projects/{id}/cancel"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Kept for the 90 days of the retention…
    // (read from the store: the requester's API key ends before the retention does).
    let project = handprint_core::ProjectId::from(id.clone());
    app.clock.advance_seconds(89 * 86_400);
    handprint_server::jobs::run_once(&app.state).await;
    let kept = app.state.db.media_list(&project).await.expect("list");
    assert_eq!(
        kept.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
        ["a.png"]
    );
    // …and deleted once they are over.
    app.clock.advance_seconds(2 * 86_400);
    handprint_server::jobs::run_once(&app.state).await;
    assert_eq!(
        app.state.db.media_list(&project).await.expect("list"),
        vec![]
    );
    let storage = app.state.media.as_ref().expect("storage");
    let gone = storage
        .get(&id, handprint_server::media::Form::Original, "a.png")
        .await
        .expect("storage answers");
    assert_eq!(gone, None);
}

static S3: tokio::sync::OnceCell<Option<String>> = tokio::sync::OnceCell::const_new();

/// The test S3-compatible server: HANDPRINT_TEST_S3_ENDPOINT (scripts/test.sh starts
/// moto_server), else one started here from the test venv for this test process.
/// None (skipped) when there is neither, and a failure when CI=true.
pub async fn s3_endpoint(test: &str) -> Option<String> {
    let endpoint = S3
        .get_or_init(|| async {
            match std::env::var("HANDPRINT_TEST_S3_ENDPOINT") {
                Ok(e) if !e.is_empty() => Some(e.trim_end_matches('/').to_string()),
                _ => start_moto().await,
            }
        })
        .await
        .clone();
    if endpoint.is_none() {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "{test} needs an S3-compatible server: run scripts/test.sh (it starts moto_server and sets HANDPRINT_TEST_S3_ENDPOINT)"
        );
        eprintln!(
            "SKIPPED {test}: no S3-compatible server (set HANDPRINT_TEST_S3_ENDPOINT, or install moto[server] in the test venv)"
        );
    }
    endpoint
}

/// moto_server from the test venv, stopped by a shell once this process has ended.
async fn start_moto() -> Option<String> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".cache")))?;
    let moto = cache.join("handprint-test-venv/bin/moto_server");
    if !moto.exists() {
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .ok()?
        .port();
    let script = format!(
        "{moto} -H 127.0.0.1 -p {port} & s=$!; while kill -0 {parent} 2>/dev/null; do sleep 1; done; kill $s",
        moto = moto.display(),
        parent = std::process::id(),
    );
    std::process::Command::new("sh")
        .args(["-c", &script])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    // Ready when it accepts connections (an outside process: no other signal).
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if std::time::Instant::now() > deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Some(format!("http://127.0.0.1:{port}"))
}

/// The worker's task page: an uploaded image is shown as its smaller rendition, from
/// this instance, with a link to the original; an outside address carries a notice
/// naming the host that sees the worker's address.
#[tokio::test]
async fn the_task_page_shows_the_rendition_with_the_original_and_warns_of_outside_hosts() {
    let app = TestApp::spawn().await;
    let requester = app.requester("media-page").await;
    requester.fund("100.00").await;
    let id = image_project(&requester).await;
    let big = png(1200, 800);
    let (status, body) = requester
        .upload(
            &format!("/api/v1/projects/{id}/media?name=cat-001.png"),
            "image/png",
            big.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            "{\"image\": \"cat-001.png\"}\n",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    requester.publish(&id).await;

    app.worker("media-page-w").await;
    let s = crate::web_money::Session::sign_in(
        &app,
        "media-page-w@worker.test",
        "correct horse battery",
    )
    .await;
    let (status, to, _) = s.post("/work/next", &[("project_id", &id)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, html) = s.get(&to).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let src = html
        .split("<img class=\"item-img\" src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the item's image")
        .replace("&amp;", "&")
        .replace("&#38;", "&");
    assert!(
        src.starts_with(&format!("/media/{id}/cat-001.png?expires=")),
        "{src}"
    );
    assert!(src.ends_with("&size=small"), "{src}");
    assert!(html.contains("class=\"media-original\""), "{html}");
    assert!(!html.contains("media-outside"), "{html}");
    let got = reqwest::get(format!("{}{src}", app.base))
        .await
        .expect("fetch");
    assert_eq!(got.status(), StatusCode::OK);
    assert_eq!(got.headers()["content-type"], "image/jpeg");
    assert!(got.bytes().await.expect("bytes").len() < big.len());

    // A project that keeps outside addresses: the worker is told who sees them.
    let outside = image_project(&requester).await;
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{outside}/tasks"),
            "application/x-ndjson",
            "{\"image\": \"https://media.example/cat.png\"}\n",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    requester.publish(&outside).await;
    app.worker("media-page-w2").await;
    let s = crate::web_money::Session::sign_in(
        &app,
        "media-page-w2@worker.test",
        "correct horse battery",
    )
    .await;
    let (status, to, _) = s.post("/work/next", &[("project_id", &outside)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = s.get(&to).await;
    assert!(
        html.contains("This media is loaded from media.example, the requester&#39;s own server")
            || html.contains(
                "This media is loaded from media.example, the requester&#x27;s own server"
            )
            || html.contains("This media is loaded from media.example, the requester's own server"),
        "{html}"
    );
}
