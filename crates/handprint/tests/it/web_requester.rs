//! The requester's pages over plain HTTP: uploads through the page's multipart
//! form (streamed, with the size limit said), the answers page drawing boxes,
//! and the project editor's form-field rows without JavaScript.

use crate::support::{Client, TestApp};
use crate::web::client;
use crate::web_money::Session;
use handprint_server::Settings;
use reqwest::StatusCode;
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery";

/// A multipart body as a browser sends the upload form: `_csrf` first, then the file.
fn upload_body(csrf: &str, file_name: &str, content: &str) -> (String, String) {
    let boundary = "----handprint-test-boundary-7d3f";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n{content}\r\n\
         --{boundary}--\r\n"
    );
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload_through_page(
    s: &Session,
    project: &str,
    file_name: &str,
    content: &str,
) -> (StatusCode, String) {
    let (content_type, body) = upload_body(&s.csrf, file_name, content);
    let r = client()
        .post(format!("{}/projects/{project}/items", s.base))
        .header("cookie", &s.cookie)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("post");
    (r.status(), r.text().await.expect("html"))
}

async fn task_count(requester: &Client, project: &str) -> u64 {
    let (_, progress) = requester
        .get(&format!("/api/v1/projects/{project}/progress"))
        .await;
    progress["tasks"].as_u64().expect("tasks")
}

#[tokio::test]
async fn web_an_uploaded_file_is_stored_and_its_bad_line_reported_by_number() {
    let app = TestApp::spawn().await;
    let requester = app.requester("streams").await;
    let id = requester.project(json!({})).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let s = Session::sign_in(&app, "streams@requester.test", PASSWORD).await;
    let jsonl = "{\"external_id\": \"a\", \"text\": \"first\"}\n{\"text\": broken\n{\"external_id\": \"b\", \"text\": \"third\"}\n";
    let (status, html) = upload_through_page(&s, &id, "items.jsonl", jsonl).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("2 items added, 0 already there"), "{html}");
    assert!(html.contains("Line 2:"), "the bad line is named: {html}");
    assert!(
        !html.contains("Line 1:") && !html.contains("Line 3:"),
        "{html}"
    );
    assert_eq!(task_count(&requester, &id).await, 2);

    // The same file again: stored rows are skipped; an empty file is said to be one.
    let (_, html) = upload_through_page(&s, &id, "items.jsonl", jsonl).await;
    assert!(html.contains("0 items added, 2 already there"), "{html}");
    let (status, html) = upload_through_page(&s, &id, "empty.csv", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Choose a file to upload."), "{html}");
}

#[tokio::test]
async fn web_an_upload_over_the_instances_limit_is_refused_saying_what_was_stored() {
    let app = TestApp::spawn_with(Settings {
        max_import_bytes: 2048,
        ..Settings::default()
    })
    .await;
    let requester = app.requester("bigfile").await;
    let id = requester.project(json!({})).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let s = Session::sign_in(&app, "bigfile@requester.test", PASSWORD).await;
    let rows: String = (0..200)
        .map(|i| format!("row-{i},review number {i}\n"))
        .collect();
    let big = format!("external_id,text\n{rows}");
    assert!(big.len() > 2048);
    let (status, html) = upload_through_page(&s, &id, "big.csv", &big).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    let stored = task_count(&requester, &id).await;
    assert!(
        html.contains("The file is larger than this instance takes (2048 bytes).")
            && html.contains(&format!("{stored} items were stored before the limit")),
        "{html}"
    );
    // A file within the limit still goes through.
    let (status, html) =
        upload_through_page(&s, &id, "small.csv", "external_id,text\nz,fine\n").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(task_count(&requester, &id).await, stored + 1);
}

/// The attribute `name` of the first tag in `tag`.
fn attr(tag: &str, name: &str) -> String {
    let key = format!(" {name}=\"");
    let at = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + key.len();
    tag[at..].split('"').next().unwrap_or("").to_string()
}

/// (worker, x, y, w, h, label, stroke, dashed) of every box drawn in `html`.
fn drawn_boxes(html: &str) -> Vec<(String, String, String, String, String, String, String, bool)> {
    let svg_start = html
        .find("<svg class=\"box-overlay\"")
        .expect("a box drawing");
    let svg = &html[svg_start..];
    let svg = &svg[..svg.find("</svg>").expect("end of the drawing")];
    svg.split("<g class=\"")
        .skip(1)
        .map(|group| {
            let worker = if group.starts_with("answer-box") {
                attr(group, "data-worker")
            } else {
                assert!(group.starts_with("fused-box"), "{group}");
                String::new()
            };
            let rect = &group[group.find("<rect").expect("a rect")..];
            let rect = &rect[..rect.find("/>").expect("end of rect")];
            let text = &group[group.find("<text").expect("a label")..];
            let label = text
                [text.find('>').expect(">") + 1..text.find("</text>").expect("</text>")]
                .to_string();
            (
                worker,
                attr(rect, "x"),
                attr(rect, "y"),
                attr(rect, "width"),
                attr(rect, "height"),
                label,
                attr(rect, "stroke"),
                rect.contains("stroke-dasharray"),
            )
        })
        .collect()
}

#[tokio::test]
async fn web_the_answers_page_draws_each_workers_boxes_and_the_fused_ones_over_the_image() {
    let app = TestApp::spawn().await;
    let requester = app.requester("boxes").await;
    let project = requester
        .project(json!({
            "template": {"kind": "bounding_boxes", "question": "Draw the vehicles.", "image_field": "image_url", "labels": ["car", "person"]},
            "answers_per_task": 2
        }))
        .await;
    let id = project["id"].as_str().expect("id").to_string();
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            "{\"external_id\": \"street-1\", \"image_url\": \"https://img.example/street.png\", \"image_width\": 320, \"image_height\": 200}\n",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    requester.publish(&id).await;
    let answers = [
        json!({"boxes": [{"x": 10, "y": 20, "w": 100, "h": 50, "label": "car"}, {"x": 200, "y": 5, "w": 30, "h": 60, "label": "person"}]}),
        json!({"boxes": [{"x": 12, "y": 22, "w": 98, "h": 50, "label": "car"}]}),
    ];
    for (name, answer) in ["ravo", "tiana"].iter().zip(&answers) {
        let worker = app.worker(name).await;
        let (status, lease) = worker
            .post("/api/v1/work/next", json!({"project_id": id}))
            .await;
        assert_eq!(status, StatusCode::OK, "{lease}");
        let assignment = lease["assignment_id"].as_str().expect("assignment");
        let (status, body) = worker
            .post(
                &format!("/api/v1/assignments/{assignment}/submit"),
                json!({"answer": answer}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let s = Session::sign_in(&app, "boxes@requester.test", PASSWORD).await;
    let (status, html) = s.get(&format!("/projects/{id}/answers")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("viewBox=\"0 0 320 200\"")
            && html.contains("src=\"https://img.example/street.png\""),
        "drawn in the image's pixels: {html}"
    );
    let drawn = drawn_boxes(&html);
    let workers: Vec<&String> = {
        let mut w: Vec<&String> = drawn
            .iter()
            .map(|d| &d.0)
            .filter(|w| !w.is_empty())
            .collect();
        w.dedup();
        w
    };
    assert_eq!(workers.len(), 2, "two workers' boxes: {drawn:?}");
    let of = |worker: &String| -> Vec<(String, String, String, String, String)> {
        drawn
            .iter()
            .filter(|d| &d.0 == worker)
            .map(|d| {
                (
                    d.1.clone(),
                    d.2.clone(),
                    d.3.clone(),
                    d.4.clone(),
                    d.5.clone(),
                )
            })
            .collect()
    };
    let as_drawn = |answer: &Value| -> Vec<(String, String, String, String, String)> {
        answer["boxes"]
            .as_array()
            .expect("boxes")
            .iter()
            .map(|b| {
                (
                    b["x"].to_string(),
                    b["y"].to_string(),
                    b["w"].to_string(),
                    b["h"].to_string(),
                    b["label"].as_str().expect("label").to_string(),
                )
            })
            .collect()
    };
    let mut got: Vec<_> = workers.iter().map(|w| of(w)).collect();
    got.sort_by_key(Vec::len);
    assert_eq!(got, vec![as_drawn(&answers[1]), as_drawn(&answers[0])]);
    let colour = |worker: &String| drawn.iter().find(|d| &d.0 == worker).map(|d| d.6.clone());
    assert_ne!(
        colour(workers[0]),
        colour(workers[1]),
        "one colour per worker"
    );
    for worker in &workers {
        assert!(
            html.contains(&format!("<span class=\"mono\">{worker}</span>")),
            "{worker} in the legend"
        );
    }
    // The aggregated boxes, dashed: the two car boxes fuse into their median.
    let fused: Vec<_> = drawn
        .iter()
        .filter(|d| d.0.is_empty())
        .map(|d| {
            (
                d.1.as_str(),
                d.2.as_str(),
                d.3.as_str(),
                d.4.as_str(),
                d.5.as_str(),
                d.7,
            )
        })
        .collect();
    assert!(
        fused.contains(&("11", "21", "99", "50", "car", true)),
        "{drawn:?}"
    );
    assert!(drawn.iter().filter(|d| !d.0.is_empty()).all(|d| !d.7));
    // The text list stays, for screen readers and copying.
    assert!(
        html.contains("<details class=\"answers-text\">") && html.contains("car (10, 20, 100×50)"),
        "{html}"
    );
}
