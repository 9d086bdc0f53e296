//! The item's media (an image, a sound, a video) for every template kind: the API
//! takes `media` on each and explains a wrong one, and the pages show it — the
//! task page, the editor's preview, the answers and the review — as a player or an
//! image, never as the field's name and address in text. Also the task page's
//! confirmations after Skip and Report, and its keyboard hint.

use crate::support::TestApp;
use crate::web_money::Session;
use reqwest::StatusCode;
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery";
const IMAGE: &str = "http://media.example/img11.png";

fn image_media() -> Value {
    json!({"type": "image", "field": "image_url"})
}

/// A valid definition of each kind with `media`.
fn every_kind_with(media: &Value) -> Vec<Value> {
    vec![
        json!({"kind": "single_choice", "options": ["cat", "dog"], "media": media}),
        json!({"kind": "multi_choice", "options": ["cat", "dog"], "media": media}),
        json!({"kind": "text", "media": media}),
        json!({"kind": "rating", "media": media}),
        json!({"kind": "bounding_boxes", "labels": ["cat"], "media": media}),
        json!({"kind": "form", "fields": [{"name": "n", "label": "How many?", "type": "number"}],
               "media": media}),
    ]
}

/// A worker signed in through the pages, on a task of `project`: (session, task page path).
async fn on_a_task(app: &TestApp, name: &str, project: &str) -> (Session, String) {
    app.worker(name).await;
    let s = Session::sign_in(app, &format!("{name}@worker.test"), PASSWORD).await;
    let (status, to, _) = s.post("/work/next", &[("project_id", project)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(to.starts_with("/work/a/"), "a task was leased: {to}");
    (s, to)
}

async fn page(s: &Session, path: &str) -> String {
    let (status, html) = s.get(path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {html}");
    html
}

/// The opening tags `<name …>` of a page.
fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    html.split(&format!("<{name} "))
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap_or(""))
        .collect()
}

fn images(html: &str) -> Vec<String> {
    tags(html, "img")
        .iter()
        .map(|tag| {
            let at = tag.find("src=\"").expect("an image with an address") + 5;
            tag[at..].split('"').next().unwrap_or("").to_string()
        })
        .collect()
}

#[tokio::test]
async fn every_template_kind_accepts_media_through_the_api() {
    let app = TestApp::spawn().await;
    let requester = app.requester("every-kind").await;
    for definition in every_kind_with(&image_media()) {
        let kind = definition["kind"].clone();
        let (status, created) = requester
            .post(
                "/api/v1/projects",
                json!({"title": format!("Media on {kind}"), "template": definition}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{kind}: {created}");
        assert_eq!(created["template"]["media"], image_media(), "{kind}");
    }
    // A box project stored the older way still reads, and names its image both ways.
    let (status, boxes) = requester
        .post(
            "/api/v1/projects",
            json!({"title": "Older boxes", "template":
                {"kind": "bounding_boxes", "image_field": "photo", "labels": ["car"]}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{boxes}");
    assert_eq!(
        (
            &boxes["template"]["media"],
            &boxes["template"]["image_field"]
        ),
        (&json!({"type": "image", "field": "photo"}), &json!("photo"))
    );
}

#[tokio::test]
async fn a_bad_media_is_refused_with_its_path_and_code() {
    let app = TestApp::spawn().await;
    let requester = app.requester("bad-media").await;
    for definition in every_kind_with(&json!({"type": "gif", "field": ""})) {
        let kind = definition["kind"].clone();
        let (status, refused) = requester
            .post(
                "/api/v1/projects",
                json!({"title": "Bad media", "template": definition}),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{kind}: {refused}"
        );
        let found: Vec<(&str, &str)> = refused["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .map(|e| {
                (
                    e["path"].as_str().unwrap_or(""),
                    e["code"].as_str().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "/template/media/type",
                    "problem-template-media-type-unknown"
                ),
                (
                    "/template/media/field",
                    "problem-template-media-field-required"
                ),
            ],
            "{kind}: {refused}"
        );
        assert_eq!(
            refused["errors"][0]["message"],
            "the media \"type\" must be one of: image, audio, video (got \"gif\")"
        );
    }
    // A box project's media is an image.
    let (status, refused) = requester
        .post(
            "/api/v1/projects",
            json!({"title": "Boxes on a sound", "template": {"kind": "bounding_boxes",
                "labels": ["car"], "media": {"type": "audio", "field": "a"}}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (&refused["errors"][0]["path"], &refused["errors"][0]["code"]),
        (
            &json!("/template/media/type"),
            &json!("problem-template-boxes-media-image")
        ),
        "{refused}"
    );
}

#[tokio::test]
async fn an_image_classification_task_shows_its_image_once_and_no_field_name() {
    let app = TestApp::spawn().await;
    let requester = app.requester("zoo").await;
    let template = json!({"kind": "single_choice", "question": "Which animal is it?",
        "options": ["cat", "dog"], "media": image_media()});
    let project = requester
        .funded_project_of(
            template,
            &[json!({"external_id": "img11", "image_url": IMAGE, "shot_by": "Ana"})],
        )
        .await;
    let (s, task) = on_a_task(&app, "vera", &project).await;
    let html = page(&s, &task).await;
    assert_eq!(images(&html), vec![IMAGE.to_string()], "{html}");
    let img = tags(&html, "img")[0];
    assert!(
        img.contains("class=\"item-img\"") && img.contains("alt=\"The item&#39;s image\""),
        "{img}"
    );
    for raw in ["IMAGE_URL", "image_url", "SHOT_BY", "shot_by"] {
        assert!(!html.contains(raw), "{raw} is on the page: {html}");
    }
    assert_eq!(
        html.matches(IMAGE).count(),
        1,
        "the address is not also shown as text"
    );
    assert!(
        html.contains("<span class=\"k\">Shot by</span><p class=\"v\">Ana</p>"),
        "{html}"
    );
    assert!(
        html.contains("digit keys pick an option"),
        "digits pick the options here: {html}"
    );
}

#[tokio::test]
async fn sounds_and_videos_get_players_and_an_address_that_is_not_a_web_one_a_message() {
    let app = TestApp::spawn().await;
    let requester = app.requester("players").await;
    let cases = [
        ("audio", "https://media.example/a.mp3", "<audio controls"),
        (
            "video",
            "https://media.example/v.mp4",
            "<video class=\"item-video\" controls",
        ),
        (
            "image",
            "img11.png",
            "This item&#39;s image cannot be shown",
        ),
    ];
    for (index, (kind, address, expected)) in cases.iter().enumerate() {
        let template = json!({"kind": "text", "question": "Describe it.",
            "media": {"type": kind, "field": "media_url"}});
        let project = requester.funded_project_of(template,
            &[json!({"external_id": format!("m{index}"), "media_url": address, "text": "Main"})],
        )
        .await;
        let (s, task) = on_a_task(&app, &format!("player{index}"), &project).await;
        let html = page(&s, &task).await;
        assert_eq!(html.matches(expected).count(), 1, "{kind}: {html}");
        assert!(
            !html.contains("media_url") && !html.contains("MEDIA_URL"),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"item-field\"><p class=\"v\">Main</p></div>"),
            "the main text has no label: {html}"
        );
        if *kind == "image" {
            assert_eq!(images(&html), Vec::<String>::new(), "{html}");
            assert!(!html.contains(address), "{html}");
        } else {
            assert_eq!(
                html.matches(&format!("src=\"{address}\"")).count(),
                1,
                "{html}"
            );
        }
        assert!(
            !html.contains("digit keys"),
            "no digit hint on a text task: {html}"
        );
    }
}

#[tokio::test]
async fn the_digit_key_hint_shows_only_where_digits_pick_an_option() {
    let app = TestApp::spawn().await;
    let requester = app.requester("digits").await;
    let cases = [
        (
            json!({"kind": "multi_choice", "options": ["a", "b", "c"]}),
            true,
        ),
        (json!({"kind": "rating", "min": 1, "max": 5}), false),
        (json!({"kind": "text"}), false),
        (
            json!({"kind": "form", "fields": [{"name": "n", "label": "N", "type": "number"}]}),
            false,
        ),
    ];
    for (index, (template, hint)) in cases.into_iter().enumerate() {
        let kind = template["kind"].clone();
        let project = requester
            .funded_project_of(template, &[json!({"text": "item"})])
            .await;
        let (s, task) = on_a_task(&app, &format!("keys{index}"), &project).await;
        let html = page(&s, &task).await;
        assert_eq!(
            html.matches("class=\"hint kbd-hint\"").count(),
            usize::from(hint),
            "{kind}"
        );
    }
}

#[tokio::test]
async fn skip_and_report_are_confirmed_in_both_languages() {
    let app = TestApp::spawn().await;
    let requester = app.requester("confirm").await;
    let template = json!({"kind": "single_choice", "options": ["a", "b"]});
    let items: Vec<Value> = (0..3)
        .map(|i| json!({"external_id": format!("c{i}"), "text": format!("item {i}")}))
        .collect();
    let project = requester.funded_project_of(template, &items).await;
    let (s, task) = on_a_task(&app, "skipper", &project).await;

    let (status, next, _) = s.post(&format!("{task}/return"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(
        next.starts_with("/work/a/") && next.ends_with("?skipped=1"),
        "{next}"
    );
    let html = page(&s, &next).await;
    assert_eq!(
        html.matches("✓ Task skipped: it went back to the pool, at no cost to you.")
            .count(),
        1,
        "{html}"
    );

    let here = next.split('?').next().unwrap_or("").to_string();
    let (status, after_report, _) = s
        .post(
            &format!("{here}/report"),
            &[("reason", "unclear"), ("note", "")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(after_report.ends_with("reported=1"), "{after_report}");
    let html = page(&s, &after_report).await;
    assert!(
        html.contains(
            "Thank you: your report was sent to the requester, and the task was skipped."
        ),
        "{html}"
    );

    // In French, on the project list once nothing is left to do.
    let french = Session {
        cookie: format!("{}; hp_lang=fr", s.cookie),
        ..s
    };
    let mut at = after_report;
    let mut skips = 0;
    while at.starts_with("/work/a/") {
        let here = at.split('?').next().unwrap_or("").to_string();
        let (status, to, _) = french.post(&format!("{here}/return"), &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        at = to;
        skips += 1;
        assert!(skips < 5, "skipping never ended: {at}");
    }
    assert_eq!(at, "/work?none=1&skipped=1");
    let html = page(&french, &at).await;
    assert!(
        html.contains("Tâche passée : elle est retournée dans la file, sans frais pour vous."),
        "{html}"
    );
}

#[tokio::test]
async fn the_editors_preview_shows_the_image_of_the_first_item_or_a_sample() {
    let app = TestApp::spawn().await;
    let requester = app.requester("preview").await;
    let project = requester
        .project(
            json!({"template": {"kind": "single_choice", "options": ["cat", "dog"],
            "media": image_media()}}),
        )
        .await;
    let id = project["id"].as_str().expect("id").to_string();
    let (status, _) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            format!("{}\n", json!({"external_id": "p1", "image_url": IMAGE})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let s = Session::sign_in(&app, "preview@requester.test", PASSWORD).await;
    let form = [
        ("kind", "single_choice"),
        ("options", "cat\ndog"),
        ("media_type", "image"),
        ("media_field", "image_url"),
    ];
    let mut with_project = form.to_vec();
    with_project.push(("project_id", id.as_str()));
    let (status, _, html) = s.post("/projects/preview", &with_project).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(images(&html), vec![IMAGE.to_string()], "{html}");
    assert!(!html.contains("image_url"), "{html}");

    // A new project has no items yet: a sample image stands in.
    let (status, _, html) = s.post("/projects/preview", &form).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let shown = images(&html);
    assert_eq!(shown.len(), 1, "{html}");
    assert!(shown[0].starts_with("data:image/svg+xml,"), "{html}");

    // The editor shows the media settings for this kind, filled in from the project.
    let html = page(&s, &format!("/projects/{id}/edit")).await;
    assert!(
        html.contains("<option value=\"image\" selected>")
            && html.contains("id=\"media_field\" name=\"media_field\" value=\"image_url\""),
        "{html}"
    );
}

#[tokio::test]
async fn the_answers_and_review_pages_show_the_items_image() {
    let app = TestApp::spawn().await;
    let requester = app.requester("reviewer").await;
    let template =
        json!({"kind": "single_choice", "options": ["cat", "dog"], "media": image_media()});
    let project = requester
        .funded_project_of(
            template,
            &[json!({"external_id": "img11", "image_url": IMAGE})],
        )
        .await;
    let worker = app.worker("looker").await;
    let (status, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    let assignment = lease["assignment_id"].as_str().expect("assignment");
    let (status, sent) = worker
        .post(
            &format!("/api/v1/assignments/{assignment}/submit"),
            json!({"answer": "cat"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{sent}");

    let s = Session::sign_in(&app, "reviewer@requester.test", PASSWORD).await;
    for path in [
        format!("/projects/{project}/answers"),
        format!("/projects/{project}/review"),
    ] {
        let html = page(&s, &path).await;
        assert_eq!(images(&html), vec![IMAGE.to_string()], "{path}: {html}");
        assert_eq!(html.matches(IMAGE).count(), 1, "{path}: {html}");
        assert!(
            !html.contains("image_url") && !html.contains("IMAGE_URL"),
            "{path}: {html}"
        );
    }
}

#[tokio::test]
async fn the_openapi_template_schema_has_media_for_every_kind() {
    let app = TestApp::spawn().await;
    let (status, doc) = app.anonymous().get("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let schemas = &doc["components"]["schemas"];
    let kinds = [
        "SingleChoiceTemplate",
        "MultiChoiceTemplate",
        "TextTemplate",
        "RatingTemplate",
        "BoundingBoxesTemplate",
        "FormTemplate",
        "SpansTemplate",
        "ExternalStudyTemplate",
        "CustomHtmlTemplate",
        "PairwiseTemplate",
        "PolygonsTemplate",
        "KeypointsTemplate",
        "SegmentsTemplate",
    ];
    for name in kinds {
        assert_eq!(
            schemas[name]["properties"]["media"]["$ref"], "#/components/schemas/TemplateMedia",
            "{name}: {}",
            schemas[name]
        );
    }
    assert_eq!(
        schemas["TemplateMedia"]["properties"]["type"]["enum"],
        json!(["image", "audio", "video"])
    );
    assert_eq!(
        schemas["TemplateDefinition"]["oneOf"]
            .as_array()
            .map(Vec::len),
        Some(kinds.len())
    );
    assert_eq!(
        schemas["ProjectRequest"]["properties"]["template"]["$ref"],
        "#/components/schemas/TemplateDefinition"
    );
}
