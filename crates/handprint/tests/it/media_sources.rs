//! Bucket sources (issue 15): a requester registers a prefix of an S3-compatible bucket
//! (the real moto server the test command starts), items name its objects as
//! "SOURCE:key", and workers fetch them only through the instance's signed URLs. The
//! secret key is sealed in the database and never returned; a bucket that cannot be
//! listed, bad fields and a taken name are refused saying which field and why.

use crate::media_uploads::{png, s3_endpoint};
use crate::support::{Client, TestApp, problem_paths};
use reqwest::StatusCode;
use serde_json::{Value, json};

const SECRET: &str = "testing-secret-4f1c";

/// A new bucket on the S3-compatible server holding `objects` (key, bytes).
async fn bucket_with(endpoint: &str, objects: &[(&str, &[u8])]) -> String {
    let bucket = format!(
        "hp-src-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    let http = reqwest::Client::new();
    let made = http
        .put(format!("{endpoint}/{bucket}"))
        .send()
        .await
        .expect("create bucket");
    assert!(made.status().is_success(), "{:?}", made.text().await);
    for (key, bytes) in objects {
        let put = http
            .put(format!("{endpoint}/{bucket}/{key}"))
            .body(bytes.to_vec())
            .send()
            .await
            .expect("put object");
        assert!(put.status().is_success(), "{:?}", put.text().await);
    }
    bucket
}

fn source(name: &str, endpoint: &str, bucket: &str, prefix: &str) -> Value {
    json!({"name": name, "endpoint": endpoint, "bucket": bucket, "prefix": prefix,
           "region": "us-east-1", "access_key_id": "testing", "secret_access_key": SECRET})
}

async fn image_project(requester: &Client) -> String {
    let project = requester
        .project(
            json!({"answers_per_task": 1, "template": {"kind": "single_choice",
            "options": ["cat", "dog"], "media": {"type": "image", "field": "image"}}}),
        )
        .await;
    project["id"].as_str().expect("id").to_string()
}

#[tokio::test]
async fn a_registered_bucket_prefix_is_served_to_workers_through_the_instance_only() {
    let Some(endpoint) = s3_endpoint("a_registered_bucket_prefix_is_served").await else {
        return;
    };
    let cat = png(40, 30);
    let bucket = bucket_with(
        &endpoint,
        &[
            ("studies/2026/cats/cat-1.png", &cat),
            ("private/other.png", &png(8, 8)),
        ],
    )
    .await;
    let app = TestApp::spawn().await;
    let requester = app.requester("src-owner").await;
    let id = image_project(&requester).await;
    let sources = format!("/api/v1/projects/{id}/media/sources");

    let (status, made) = requester
        .post(
            &sources,
            source("lab", &endpoint, &bucket, "/studies/2026/"),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(
        made,
        json!({"name": "lab", "endpoint": endpoint, "bucket": bucket, "prefix": "studies/2026",
               "region": "us-east-1", "access_key_id": "testing",
               "created_at": "2026-01-01T00:00:00Z", "example": "lab:KEY"})
    );
    let (status, text) = requester.get_text(&sources).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!text.contains(SECRET), "{text}");
    let listed: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(listed, json!({"sources": [made]}));
    // At rest the secret is sealed: neither it nor its hex is in the database.
    let row = app
        .state
        .db
        .media_source(&id.as_str().into(), "lab")
        .await
        .expect("read")
        .expect("the source");
    assert!(
        !row.secret_sealed.contains(SECRET)
            && !row.secret_sealed.contains(&hex_of(SECRET))
            && row.secret_sealed.len() > 2 * SECRET.len(),
        "{}",
        row.secret_sealed
    );

    // Items name its objects; one naming a source the project lacks is refused.
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            "{\"image\": \"lab:cats/cat-1.png\"}\n{\"image\": \"nope:cats/cat-1.png\"}\n",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["created"], 1, "{report}");
    assert_eq!(report["errors"][0]["line"], 2, "{report}");
    assert!(
        report["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("\"nope:cats/cat-1.png\"")),
        "{report}"
    );
    requester.deposit_what_publishing_needs(&id).await;
    requester.publish(&id).await;

    let worker = app.worker("src-worker").await;
    let (status, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": id}))
        .await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    let url = lease["task"]["data"]["image"].as_str().expect("a url");
    assert!(
        url.starts_with(&format!("/media/{id}/lab:cats/cat-1.png?expires=")),
        "the worker gets the instance's own address: {url}"
    );
    let link = &lease["task"]["media"][0];
    assert_eq!(link["name"], "lab:cats/cat-1.png");
    assert_eq!(link["small_url"], url, "no rendition of a bucket's object");
    let got = reqwest::get(format!("{}{url}", app.base))
        .await
        .expect("fetch");
    assert_eq!(got.status(), StatusCode::OK);
    assert_eq!(got.headers()["content-type"], "image/png");
    assert_eq!(&got.bytes().await.expect("bytes")[..], &cat[..]);
    // The signature covers the key: no other object of the bucket can be had with it.
    let other = url.replace("lab:cats/cat-1.png", "lab:../private/other.png");
    let got = reqwest::get(format!("{}{other}", app.base))
        .await
        .expect("fetch");
    assert_eq!(got.status(), StatusCode::FORBIDDEN);

    // Removed, its objects are no longer served.
    let (status, _) = requester
        .send(app.http.delete(format!("{}{sources}/lab", app.base)))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(requester.get(&sources).await.1, json!({"sources": []}));
    let got = reqwest::get(format!("{}{url}", app.base))
        .await
        .expect("fetch");
    assert_eq!(got.status(), StatusCode::NOT_FOUND);
    let (status, gone) = requester
        .send(app.http.delete(format!("{}{sources}/lab", app.base)))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{gone}");
    assert_eq!(gone["code"], "err-media-source-unknown");
}

fn hex_of(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn a_bucket_that_cannot_be_listed_bad_fields_and_a_taken_name_are_refused() {
    let Some(endpoint) = s3_endpoint("a_bucket_that_cannot_be_listed").await else {
        return;
    };
    let bucket = bucket_with(&endpoint, &[]).await;
    let app = TestApp::spawn().await;
    let requester = app.requester("src-refused").await;
    let id = image_project(&requester).await;
    let sources = format!("/api/v1/projects/{id}/media/sources");

    // Nothing listens on port 9; the bucket does not exist on the server.
    for (endpoint, bucket) in [
        ("http://127.0.0.1:9", bucket.as_str()),
        (&endpoint, "no-such-bucket-here"),
    ] {
        let (status, body) = requester
            .post(&sources, source("lab", endpoint, bucket, ""))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(problem_paths(&body), ["/endpoint"], "{body}");
        assert_eq!(
            body["errors"][0]["code"], "err-media-source-unreachable",
            "{body}"
        );
        let message = body["errors"][0]["message"].as_str().expect("message");
        assert!(
            message.starts_with(&format!(
                "The bucket {bucket} (prefix \"\") could not be listed with these settings: "
            )),
            "{message}"
        );
        assert!(!message.contains(SECRET), "{message}");
    }

    let (status, body) = requester
        .post(
            &sources,
            json!({"name": "Lab Photos", "endpoint": "s3.example.org", "bucket": "x",
                   "prefix": "../up", "access_key_id": "", "secret_access_key": " "}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        problem_paths(&body),
        [
            "/name",
            "/endpoint",
            "/bucket",
            "/prefix",
            "/access_key_id",
            "/secret_access_key"
        ],
        "{body}"
    );
    assert_eq!(
        body["errors"][0]["message"],
        "\"Lab Photos\" cannot name a bucket source: use 1 to 40 lowercase letters, digits, \"-\" and \"_\" (items then write NAME:key)."
    );

    let (status, made) = requester
        .post(&sources, source("lab", &endpoint, &bucket, ""))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let (status, body) = requester
        .post(&sources, source("lab", &endpoint, &bucket, ""))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "err-media-source-taken");

    // Another organisation sees no such project.
    let other = app.requester("src-other").await;
    let (status, _) = other.get(&sources).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = other
        .post(&sources, source("mine", &endpoint, &bucket, ""))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
