//! Pairwise comparisons of uploaded images (issue 15): options that name files uploaded
//! to the project reach workers as signed URLs of this instance, in `work/next` and on
//! the task page, never as the bare names nor from the requester's host.

use crate::media_uploads::png;
use crate::support::TestApp;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn pairwise_options_naming_uploaded_images_become_signed_instance_urls() {
    let app = TestApp::spawn().await;
    let requester = app.requester("pw-media").await;
    let project = requester
        .project(json!({"answers_per_task": 1, "template":
            {"kind": "pairwise", "question": "Which photo is sharper?",
             "left_field": "a", "right_field": "b", "show": "image"}}))
        .await;
    let id = project["id"].as_str().expect("id").to_string();
    for name in ["a.png", "b.png"] {
        let (status, body) = requester
            .upload(
                &format!("/api/v1/projects/{id}/media?name={name}"),
                "image/png",
                png(40, 30),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            "{\"external_id\": \"p1\", \"a\": \"a.png\", \"b\": \"b.png\"}\n\
             {\"external_id\": \"p2\", \"a\": \"b.png\", \"b\": \"a.png\"}\n",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    // A comparison's option naming a file never uploaded is refused at import, as for `media`.
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            "{\"external_id\": \"p3\", \"a\": \"a.png\", \"b\": \"c.png\"}\n",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["created"], 0, "{report}");
    assert_eq!(report["errors"][0]["line"], 1, "{report}");
    requester.deposit_what_publishing_needs(&id).await;
    requester.publish(&id).await;

    // Over the API: both options are signed links, listed with their fields.
    let worker = app.worker("pw-media-w").await;
    let (status, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": id}))
        .await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    let data = &lease["task"]["data"];
    let media = lease["task"]["media"].as_array().expect("media links");
    let fields: Vec<&str> = media.iter().filter_map(|l| l["field"].as_str()).collect();
    assert_eq!(fields, ["a", "b"], "{lease}");
    for (field, link) in ["a", "b"].into_iter().zip(media) {
        let url = data[field].as_str().expect("a url");
        assert_eq!(link["url"], url);
        assert!(
            url.starts_with(&format!(
                "/media/{id}/{}?expires=",
                link["name"].as_str().expect("name")
            )),
            "{url}"
        );
        let got = reqwest::get(format!("{}{url}", app.base))
            .await
            .expect("fetch");
        assert_eq!(got.status(), StatusCode::OK);
        assert_eq!(got.headers()["content-type"], "image/png");
    }

    // On the task page: two images from this instance, and no notice of an outside host.
    app.worker("pw-media-page").await;
    let s = crate::web_money::Session::sign_in(
        &app,
        "pw-media-page@worker.test",
        "correct horse battery",
    )
    .await;
    let (status, to, _) = s.post("/work/next", &[("project_id", &id)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, html) = s.get(&to).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let sources: Vec<String> = html
        .split("<img class=\"pair-img\" src=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|src| src.replace("&amp;", "&").replace("&#38;", "&"))
        .collect();
    assert_eq!(sources.len(), 2, "{html}");
    for src in &sources {
        assert!(src.starts_with(&format!("/media/{id}/")), "{src}");
        assert!(src.contains("&sig="), "{src}");
    }
    assert!(!html.contains("media-outside"), "{html}");
}
