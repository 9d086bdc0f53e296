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

pub(crate) async fn upload_through_page(
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

pub(crate) async fn task_count(requester: &Client, project: &str) -> u64 {
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

/// A box as drawn in the page's SVG.
#[derive(Debug)]
struct Drawn {
    /// The worker's pseudonym; empty for an aggregated box.
    worker: String,
    /// x, y, width, height and the label written at the box.
    rect: (String, String, String, String, String),
    stroke: String,
    dashed: bool,
}

/// Every box drawn in `html`.
fn drawn_boxes(html: &str) -> Vec<Drawn> {
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
            Drawn {
                worker,
                rect: (
                    attr(rect, "x"),
                    attr(rect, "y"),
                    attr(rect, "width"),
                    attr(rect, "height"),
                    label,
                ),
                stroke: attr(rect, "stroke"),
                dashed: rect.contains("stroke-dasharray"),
            }
        })
        .collect()
}

#[tokio::test]
async fn web_the_answers_page_draws_each_workers_boxes_over_the_fused_ones_over_the_image() {
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
    requester.deposit_what_publishing_needs(&id).await;
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
    let mut workers: Vec<&String> = drawn
        .iter()
        .map(|d| &d.worker)
        .filter(|w| !w.is_empty())
        .collect();
    workers.dedup();
    assert_eq!(workers.len(), 2, "two workers' boxes: {drawn:?}");
    let of = |worker: &String| -> Vec<_> {
        drawn
            .iter()
            .filter(|d| &d.worker == worker)
            .map(|d| d.rect.clone())
            .collect()
    };
    let as_drawn = |answer: &Value| -> Vec<_> {
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
    let colour = |worker: &String| {
        drawn
            .iter()
            .find(|d| &d.worker == worker)
            .map(|d| d.stroke.clone())
    };
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
    let car = (
        "11".to_string(),
        "21".to_string(),
        "99".to_string(),
        "50".to_string(),
        "car".to_string(),
    );
    assert!(
        drawn
            .iter()
            .any(|d| d.worker.is_empty() && d.rect == car && d.dashed),
        "{drawn:?}"
    );
    assert!(
        drawn
            .iter()
            .filter(|d| !d.worker.is_empty())
            .all(|d| !d.dashed),
        "workers' boxes are solid"
    );
    // The fused boxes are drawn first, beneath the workers' boxes, which stay in view.
    let kinds: Vec<bool> = drawn.iter().map(|d| d.worker.is_empty()).collect();
    assert_eq!(kinds, [true, true, false, false, false], "{drawn:?}");
    // The text list stays, for screen readers and copying.
    assert!(
        html.contains("<details class=\"answers-text\">") && html.contains("car (10, 20, 100×50)"),
        "{html}"
    );
}

/// The project form's fields for a form-template project, as a browser posts them.
fn form_project(rows: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = [
        ("title", "Shop details"),
        ("description", ""),
        ("instructions", "Look at the shop."),
        (
            "purpose",
            "Map the shops of a market street for a city guide.",
        ),
        ("end_uses", "research"),
        ("sensitive_content", "none"),
        ("reward", "0.10"),
        ("estimated_seconds", "20"),
        ("answers_per_task", "1"),
        ("lease_seconds", "600"),
        ("review_window_seconds", "259200"),
        ("language", "en"),
        ("kind", "form"),
        ("question", "Describe the shop."),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    pairs.extend(rows.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    pairs
}

async fn post_project(s: &Session, pairs: &[(String, String)]) -> (StatusCode, String, String) {
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    s.post("/projects/new", &pairs).await
}

/// The `<li>` of the editor's row with this key.
fn row_html<'a>(html: &'a str, key: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"ffrow-{key}\""))
        .unwrap_or_else(|| panic!("no row {key}: {html}"));
    let row = &html[start..];
    &row[..row.find("</li>").expect("end of row")]
}

#[tokio::test]
async fn web_form_fields_are_added_moved_and_saved_without_javascript() {
    let app = TestApp::spawn().await;
    let requester = app.requester("rows").await;
    let s = Session::sign_in(&app, "rows@requester.test", PASSWORD).await;
    let (status, html) = s.get("/projects/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        row_html(&html, "0").contains("name=\"ff_0_name\""),
        "one empty row to start"
    );

    // "Add a field": the page comes back with a second, empty row and all that was typed.
    let typed = [
        ("ff", "0"),
        ("ff_0_name", "shop"),
        ("ff_0_label", "Shop name"),
        ("ff_0_type", "text"),
        ("ff_0_required", "1"),
        ("ff_0_max_length", "80"),
    ];
    let mut pairs = form_project(&typed);
    pairs.push(("ff_action".into(), "add".into()));
    let (status, _, html) = post_project(&s, &pairs).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("value=\"Shop details\""), "the title is kept");
    let first = row_html(&html, "0");
    assert!(
        first.contains("value=\"shop\"")
            && first.contains("value=\"Shop name\"")
            && first.contains("value=\"80\"")
            && first.contains("name=\"ff_0_required\" value=\"1\" checked"),
        "{first}"
    );
    let second = row_html(&html, "1");
    assert!(
        second.contains("name=\"ff_1_name\" class=\"mono\" maxlength=\"64\" value=\"\""),
        "{second}"
    );
    let (_, projects) = requester.get("/api/v1/projects").await;
    assert_eq!(
        projects.as_array().map(Vec::len),
        Some(0),
        "nothing saved yet: {projects}"
    );

    // The new row filled in as a choice and moved up, then the project saved.
    let mut rows = typed.to_vec();
    rows.extend([
        ("ff", "1"),
        ("ff_1_name", "colour"),
        ("ff_1_label", "Colour of the front"),
        ("ff_1_type", "choice"),
        ("ff_1_options", "blue | Blue\r\nred | Red"),
        ("ff_1_max_length", ""),
    ]);
    let mut pairs = form_project(&rows);
    pairs.push(("ff_action".into(), "up:1".into()));
    let (status, _, html) = post_project(&s, &pairs).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.find("id=\"ffrow-1\"") < html.find("id=\"ffrow-0\""),
        "the colour row comes first now"
    );
    let moved: Vec<(&str, &str)> = rows[6..].iter().chain(&rows[..6]).copied().collect();
    let (status, location, body) = post_project(&s, &form_project(&moved)).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let id = location.rsplit('/').next().expect("id");
    let (_, project) = requester.get(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(
        project["template"]["fields"],
        json!([
            {"name": "colour", "label": "Colour of the front", "type": "choice", "required": false,
             "options": [{"value": "blue", "label": "Blue"}, {"value": "red", "label": "Red"}]},
            {"name": "shop", "label": "Shop name", "type": "text", "required": true, "max_length": 80, "multiline": false}
        ]),
        "{project}"
    );
    // Opened again, the editor shows the stored fields as rows.
    let (_, html) = s.get(&format!("/projects/{id}/edit")).await;
    assert!(
        row_html(&html, "0").contains("blue | Blue\nred | Red"),
        "{html}"
    );
    assert!(row_html(&html, "1").contains("value=\"shop\""), "{html}");
}

#[tokio::test]
async fn web_a_form_field_problem_is_shown_on_its_row_with_what_was_typed() {
    let app = TestApp::spawn().await;
    let _requester = app.requester("fielderr").await;
    let s = Session::sign_in(&app, "fielderr@requester.test", PASSWORD).await;
    let rows = [
        ("ff", "0"),
        ("ff_0_name", "count"),
        ("ff_0_label", "How many doors?"),
        ("ff_0_type", "number"),
        ("ff_0_min", "0"),
        ("ff_0_max", "20"),
        ("ff_0_integer", "1"),
        ("ff", "3"),
        ("ff_3_name", "kind"),
        ("ff_3_label", "Kind of shop"),
        ("ff_3_type", "choice"),
        ("ff_3_options", "bakery | Bakery"),
    ];
    let (status, _, html) = post_project(&s, &form_project(&rows)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    // The second field has one option: said on its row, by its options, everything kept.
    let bad = row_html(&html, "3");
    let options = &bad[bad.find("name=\"ff_3_options\"").expect("options")..];
    assert!(
        options.contains("aria-invalid=\"true\">bakery | Bakery</textarea>")
            && options.contains("<p class=\"err\">give between 2 and"),
        "{bad}"
    );
    assert!(bad.contains("value=\"Kind of shop\""), "{bad}");
    let good = row_html(&html, "0");
    assert!(!good.contains("class=\"err\""), "{good}");
    assert!(
        good.contains("value=\"20\"") && good.contains("name=\"ff_0_integer\" value=\"1\" checked"),
        "{good}"
    );
    // The summary at the top links to the row's input.
    assert!(html.contains("<a href=\"#ff_3_options\">"), "{html}");
}

#[tokio::test]
async fn web_an_upload_report_reads_in_the_pages_language() {
    let app = TestApp::spawn().await;
    let requester = app.requester("rennes").await;
    let id = requester.project(json!({})).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let mut s = Session::sign_in(&app, "rennes@requester.test", PASSWORD).await;
    s.cookie = format!("{}; hp_lang=fr", s.cookie);
    let csv = "text,,text\nbonjour,x,y\n";
    let (status, html) = upload_through_page(&s, &id, "items.csv", csv).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let html = html.replace("&#39;", "'").replace("&quot;", "\"");
    assert!(
        html.contains("la ligne d'en-tête est invalide : la colonne 2 n'a pas de nom; « text » nomme à la fois la colonne 1 et la colonne 3"),
        "{html}"
    );
    assert!(!html.contains("has no name"), "{html}");
}

#[tokio::test]
async fn web_a_published_projects_editor_shows_the_stored_template_after_a_refusal() {
    let app = TestApp::spawn().await;
    let requester = app.requester("frozen").await;
    let id = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let s = Session::sign_in(&app, "frozen@requester.test", PASSWORD).await;
    // A stale tab posts another question and reward with a purpose now too short:
    // the refusal comes back with what is stored for the frozen parts.
    let (status, _, html) = s
        .post(
            &format!("/projects/{id}/edit"),
            &[
                ("title", "Review sentiment"),
                ("instructions", "Choose the sentiment of the review."),
                ("purpose", "short"),
                ("end_uses", "search"),
                ("sensitive_content", "none"),
                ("reward", "0.01"),
                ("estimated_seconds", "20"),
                ("answers_per_task", "5"),
                ("lease_seconds", "300"),
                ("review_window_seconds", "259200"),
                ("language", "en"),
                ("kind", "rating"),
                ("question", "Changed behind your back?"),
                ("options", "a\nb"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("Sentiment?"), "{html}");
    assert!(!html.contains("Changed behind your back?"), "{html}");
    assert!(html.contains("value=\"0.10\""), "{html}");
    // What was typed in the fields that can still change is kept.
    assert!(
        html.contains(">short<") || html.contains("value=\"short\""),
        "{html}"
    );
    let (_, stored) = requester.get(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(stored["template"]["question"], "Sentiment?", "{stored}");
}

/// Three items with different data fields, answered in turn by one worker (12 s each):
/// (assignment, task id, item text, leased at, submitted at), in the order answered.
async fn three_answered_items(app: &TestApp, requester: &Client) -> (String, Vec<[String; 5]>) {
    requester.fund("100.00").await;
    let project = requester.project(json!({"answers_per_task": 1})).await;
    let id = project["id"].as_str().expect("id").to_string();
    let items = concat!(
        "{\"external_id\":\"r1\",\"text\":\"Lovely, \\\"warm\\\" book\",\"image_url\":\"https://img.test/1.png\"}\n",
        "{\"external_id\":\"r2\",\"text\":\"Never again\"}\n",
        "{\"external_id\":\"r3\",\"text\":\"So-so\",\"stars\":3}\n",
    );
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            items,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    requester.publish(&id).await;
    let worker = app.worker("csv").await;
    let mut answered = Vec::new();
    for i in 0..3_i64 {
        let (status, lease) = worker
            .post("/api/v1/work/next", json!({"project_id": id}))
            .await;
        assert_eq!(status, StatusCode::OK, "{lease}");
        let assignment = lease["assignment_id"].as_str().expect("id").to_string();
        let text = lease["task"]["data"]["text"]
            .as_str()
            .expect("text")
            .to_string();
        app.clock.advance_seconds(12);
        let value = if text == "So-so" { "neg" } else { "pos" };
        let (status, body) = worker
            .post(
                &format!("/api/v1/assignments/{assignment}/submit"),
                json!({"answer": value}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let task = lease["task"]["id"].as_str().expect("task").to_string();
        let at = |s: i64| format!("2026-01-01T00:00:{s:02}Z");
        answered.push([assignment, task, text, at(12 * i), at(12 * i + 12)]);
    }
    (id, answered)
}

#[tokio::test]
async fn web_the_answers_csv_has_the_review_state_the_reason_and_the_items_data_fields() {
    let app = TestApp::spawn().await;
    let requester = app.requester("csv-lab").await;
    let (project, answered) = three_answered_items(&app, &requester).await;
    let by_text = |t: &str| {
        answered
            .iter()
            .find(|a| a[2] == t)
            .expect("answered")
            .clone()
    };
    let (status, body) = requester
        .post_empty(&format!(
            "/api/v1/assignments/{}/approve",
            by_text("Lovely, \"warm\" book")[0]
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    requester.reject(&by_text("Never again")[0]).await;

    let (status, jsonl) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let rows: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(rows.len(), 3, "{jsonl}");
    let worker = rows[0]["worker"].as_str().expect("pseudonym").to_string();
    assert!(worker.starts_with("w-"), "{worker}");
    let rejected = rows
        .iter()
        .find(|r| r["assignment_id"] == by_text("Never again")[0].as_str())
        .expect("the rejected answer");
    assert_eq!(
        rejected["review"],
        json!({"state": "rejected", "reason": "instructions_not_followed"})
    );
    assert_eq!(rejected["item"], json!({"text": "Never again"}));

    // One line per answer in assignment order, the item's fields after the review.
    let line = |text: &str, external: &str, answer: &str, review: &str, cells: &str| {
        let [assignment, task, _, leased, submitted] = by_text(text);
        format!(
            "{assignment},{task},{external},{worker},{answer},12,{leased},{submitted},{review},{cells}"
        )
    };
    let mut lines = vec![
        line(
            "Lovely, \"warm\" book",
            "r1",
            "pos",
            "approved,",
            "https://img.test/1.png,,\"Lovely, \"\"warm\"\" book\"",
        ),
        line(
            "Never again",
            "r2",
            "pos",
            "rejected,instructions_not_followed",
            ",,Never again",
        ),
        line("So-so", "r3", "neg", "pending,", ",3,So-so"),
    ];
    lines.sort();
    lines.insert(
        0,
        "assignment_id,task_id,external_id,worker,answer,seconds,leased_at,submitted_at,\
         review_state,rejection_reason,item.image_url,item.stars,item.text"
            .to_string(),
    );
    let expected = lines.join("\n") + "\n";
    let (status, csv) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers?format=csv"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(csv, expected);

    // The requester's download on the project page is the same file.
    let session = Session::sign_in(&app, "csv-lab@requester.test", PASSWORD).await;
    let (status, download) = session
        .get(&format!(
            "/projects/{project}/download?what=answers&format=csv"
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(download, expected);
}

#[tokio::test]
async fn web_every_answer_on_the_review_page_is_approved_at_once_without_ticking_each() {
    let app = TestApp::spawn().await;
    let requester = app.requester("many").await;
    requester.fund("100.00").await;
    let project = requester
        .published_from_balance(3, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("many").await;
    let mut ids = Vec::new();
    for value in ["pos", "neg", "pos"] {
        ids.push(crate::web_money::answer(&worker, &project, value).await);
    }
    let session = Session::sign_in(&app, "many@requester.test", PASSWORD).await;
    let (status, html) = session.get(&format!("/projects/{project}/review")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<input type=\"checkbox\" id=\"pick-all\" name=\"all_on_page\" value=\"1\"> Every answer on this page</label>"),
        "{html}"
    );
    assert_eq!(html.matches("name=\"on_page\"").count(), 3, "{html}");
    assert!(
        html.contains(&format!(
            "<script src=\"{}\" defer>",
            handprint_server::web::assets::requester_js_url()
        )),
        "the script that ticks the boxes"
    );

    let on_page: Vec<(&str, &str)> = ids.iter().map(|id| ("on_page", id.as_str())).collect();
    // Without the box, only the ticked answers count: none ticked is refused.
    let mut pairs = vec![("scope", "bulk"), ("show", ""), ("action", "approve")];
    pairs.extend(on_page.iter().copied());
    let (status, _, html) = session
        .post(&format!("/projects/{project}/review"), &pairs)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Tick at least one answer first."), "{html}");

    // No box ticked, "every answer on this page" chosen: the server approves the page's answers.
    let mut pairs = vec![
        ("scope", "bulk"),
        ("show", ""),
        ("all_on_page", "1"),
        ("action", "approve"),
    ];
    pairs.extend(on_page.iter().copied());
    let (status, location, _) = session
        .post(&format!("/projects/{project}/review"), &pairs)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("/projects/{project}/review?done=3"));
    let (status, list) = requester
        .get(&format!(
            "/api/v1/projects/{project}/submissions?review=all"
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let states: Vec<&str> = list
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|s| s["review"]["review_state"].as_str())
        .collect();
    assert_eq!(states, ["approved", "approved", "approved"], "{list}");
}

#[tokio::test]
async fn web_the_monitor_counts_answers_per_hour_and_the_median_time_in_the_database() {
    let app = TestApp::spawn().await;
    let requester = app.requester("watch").await;
    requester.fund("100.00").await;
    let project = requester
        .published_from_balance(3, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("watch").await;
    crate::money::answer(&app, &worker, &project, json!("pos"), 20).await;
    app.clock.advance_seconds(2 * 3600);
    crate::money::answer(&app, &worker, &project, json!("neg"), 40).await;
    crate::money::answer(&app, &worker, &project, json!("pos"), 60).await;
    let session = Session::sign_in(&app, "watch@requester.test", PASSWORD).await;
    let (status, html) = session.get(&format!("/projects/{project}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<span class=\"big\">2</span> answers in the last hour"),
        "two of the three answers are under an hour old: {html}"
    );
    assert!(
        html.contains("3 answers in the last 24 hours"),
        "the rate chart's summary: {html}"
    );
    assert!(
        html.contains("<span class=\"big\">40 s</span> median measured time"),
        "the median of 20, 40 and 60 s: {html}"
    );
}

/// The editor's preview of a custom HTML project frames `/projects/{id}/preview-frame`:
/// the saved page with the first item's data under the worker frame's policy, for the
/// project's own requester only; a project of another kind has no such frame.
#[tokio::test]
async fn the_custom_html_preview_frame_is_the_workers_frame_for_the_owner_only() {
    let app = TestApp::spawn().await;
    let owner = app.requester("frame-owner").await;
    let project = owner
        .project(
            json!({"answers_per_task": 1, "template": {"kind": "custom_html",
            "question": "Tag it.", "html": "<p id=\"t\">page</p>",
            "answer_schema": {"type": "object"}}}),
        )
        .await;
    let id = project["id"].as_str().expect("id").to_string();
    let s = Session::sign_in(&app, "frame-owner@requester.test", PASSWORD).await;
    let frame = |s: &Session, path: String| {
        client()
            .get(format!("{}{path}", s.base))
            .header("cookie", s.cookie.clone())
            .send()
    };

    // No item yet: the sample data; the editor frames it and may (frame-src 'self').
    let r = frame(&s, format!("/projects/{id}/preview-frame"))
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["content-security-policy"],
        handprint_server::web::custom_frame::FRAME_CSP
    );
    let document = r.text().await.expect("html");
    assert!(document.contains("<p id=\"t\">page</p>"), "{document}");
    let r = frame(&s, format!("/projects/{id}/edit"))
        .await
        .expect("get");
    assert_eq!(
        r.headers()["content-security-policy"],
        handprint_server::web::custom_frame::FRAMING_PAGE_CSP
    );
    let editor = r.text().await.expect("html");
    assert!(
        editor.contains(&format!(
            "id=\"custom-frame\" class=\"custom-frame\" src=\"/projects/{id}/preview-frame\" sandbox=\"allow-scripts\""
        )),
        "{editor}"
    );
    assert!(!editor.contains("preview-problems"), "{editor}");
    // The editor holds the kind's own inputs, filled from the saved template.
    assert!(
        editor.contains(
            "name=\"custom_html\" rows=\"8\" spellcheck=\"false\">&#60;p id=&#34;t&#34;&#62;page&#60;/p&#62;</textarea>"
        ),
        "{editor}"
    );
    assert!(
        editor.contains("The frame shows your page as last saved"),
        "{editor}"
    );

    // With an item: its data.
    let (status, report) = owner
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            "{\"external_id\": \"s1\", \"text\": \"The owl hoots.\"}\n",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let document = frame(&s, format!("/projects/{id}/preview-frame"))
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(
        document.contains(r#"{data: {"external_id":"s1","text":"The owl hoots."}"#)
            || document.contains(r#"{data: {"text":"The owl hoots."}"#),
        "{document}"
    );

    // Another requester's project is not found; nor is a frame for another kind.
    app.requester("frame-other").await;
    let other = Session::sign_in(&app, "frame-other@requester.test", PASSWORD).await;
    let r = frame(&other, format!("/projects/{id}/preview-frame"))
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let plain = owner.project(json!({})).await;
    let plain = plain["id"].as_str().expect("id");
    let r = frame(&s, format!("/projects/{plain}/preview-frame"))
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
