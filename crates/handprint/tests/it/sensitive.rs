//! Sensitive content (issue 16): a worker's opt-in is checked when a task is leased,
//! measured time counts against a daily cap per category that resets the next UTC day,
//! skipping such an item costs nothing, and the settings are validated.

use crate::support::{Client, T0, TestApp, problem_paths};
use crate::web_money::Session;
use handprint_core::sensitive::SensitivePolicy;
use handprint_server::Settings;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Microseconds in a day, for moving the test clock to the next UTC day.
const DAY_SECONDS: i64 = 24 * 3600;

async fn next(worker: &Client, project: Option<&str>) -> (StatusCode, Value) {
    let body = match project {
        Some(p) => json!({"project_id": p}),
        None => json!({}),
    };
    worker.post("/api/v1/work/next", body).await
}

async fn submit(worker: &Client, lease: &Value) {
    let id = lease["assignment_id"].as_str().expect("an assignment");
    let (status, body) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": "pos"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// `PUT /api/v1/me/settings` with this body.
async fn put_settings(worker: &Client, body: Value) -> (StatusCode, Value) {
    worker
        .send(
            worker
                .http
                .put(format!("{}/api/v1/me/settings", worker.base))
                .json(&body),
        )
        .await
}

async fn opt_in(worker: &Client, categories: Value) -> Value {
    let (status, body) = put_settings(worker, json!({ "sensitive_opt_in": categories })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// The worker `name` (signed up by `TestApp::worker`), signed in to the pages.
async fn pages_of(app: &TestApp, name: &str) -> Session {
    Session::sign_in(app, &format!("{name}@worker.test"), "correct horse battery").await
}

/// A page's text with askama's escapes of quotes undone.
fn unescaped(html: &str) -> String {
    html.replace("&#39;", "'").replace("&#34;", "\"")
}

/// A published project declaring `categories`, with `n` items answered once each and a
/// lease of an hour.
async fn sensitive_project(requester: &Client, n: usize, categories: Value) -> String {
    requester
        .funded_project(
            n,
            json!({"sensitive_content": categories, "answers_per_task": 1, "lease_seconds": 3600}),
        )
        .await
}

#[tokio::test]
async fn a_worker_who_has_not_opted_in_never_receives_a_sensitive_item() {
    let app = TestApp::spawn().await;
    let requester = app.requester("moderation").await;
    let project = sensitive_project(&requester, 2, json!(["violence", "hate"])).await;
    let worker = app.worker("amina").await;

    // Neither by name nor from "any project", nor through the page's claim.
    assert_eq!(
        next(&worker, Some(&project)).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(next(&worker, None).await.0, StatusCode::NO_CONTENT);
    // Opted in to one of the two categories only: still nothing.
    let settings = opt_in(&worker, json!(["violence"])).await;
    assert_eq!(settings["sensitive_opt_in"], json!(["violence"]));
    assert_eq!(
        next(&worker, Some(&project)).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(next(&worker, None).await.0, StatusCode::NO_CONTENT);
    let (status, page) = pages_of(&app, "amina").await.get("/work").await;
    assert_eq!(status, StatusCode::OK);
    // The find-work card says why, with a link to the settings, and offers no Start.
    let page = unescaped(&page);
    assert!(
        page.contains("It may show content you have not chosen to see (hate): tick it in your settings if you agree to. <a href=\"/me/settings#sensitive\""),
        "{page}"
    );
    // In French the category is named in French too.
    let session = pages_of(&app, "amina").await;
    let french = Session {
        base: session.base.clone(),
        cookie: format!("{}; hp_lang=fr", session.cookie),
        csrf: session.csrf.clone(),
    };
    let (status, page_fr) = french.get("/work").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        unescaped(&page_fr).contains("Il peut montrer un contenu que vous n'avez pas choisi de voir (haine) : cochez-le dans vos réglages si vous l'acceptez."),
        "{page_fr}"
    );
    assert!(
        !page.contains(&format!("name=\"project_id\" value=\"{project}\"")),
        "{page}"
    );

    // Both: the item is leased.
    opt_in(&worker, json!(["hate", "violence"])).await;
    let (status, lease) = next(&worker, None).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    assert_eq!(lease["project"]["id"], json!(project));
    submit(&worker, &lease).await;

    // Opting out again stops the next lease at once.
    opt_in(&worker, json!([])).await;
    assert_eq!(
        next(&worker, Some(&project)).await.0,
        StatusCode::NO_CONTENT
    );
    // A project without sensitive content needs no opt-in.
    let plain = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let (status, lease) = next(&worker, None).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    assert_eq!(lease["project"]["id"], json!(plain));
}

#[tokio::test]
async fn the_daily_cap_stops_leasing_and_resets_the_next_utc_day() {
    let settings = Settings {
        sensitive: SensitivePolicy {
            daily_cap_minutes: 10,
            ..SensitivePolicy::default()
        },
        ..Settings::default()
    };
    let app = TestApp::spawn_with(settings).await;
    let requester = app.requester("moderation").await;
    let project = sensitive_project(&requester, 5, json!(["violence"])).await;
    let worker = app.worker("amina").await;
    opt_in(&worker, json!(["violence"])).await;

    // 6 minutes, then 5: 11 of the day's 10 minutes.
    for minutes in [6, 5] {
        let (status, lease) = next(&worker, Some(&project)).await;
        assert_eq!(status, StatusCode::OK, "{lease}");
        app.clock.advance_seconds(minutes * 60);
        submit(&worker, &lease).await;
    }
    assert_eq!(
        next(&worker, Some(&project)).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(next(&worker, None).await.0, StatusCode::NO_CONTENT);
    let (status, view) = worker
        .get(&format!("/api/v1/projects/{project}/eligibility"))
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(
        view["reasons"][0]["code"],
        json!("why-sensitive-cap"),
        "{view}"
    );
    let (status, page) = pages_of(&app, "amina").await.get("/me/settings").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("<td>Violence</td><td>11 minutes</td>"),
        "{page}"
    );

    // Work without sensitive content goes on.
    let plain = requester
        .funded_project(1, json!({"answers_per_task": 1}))
        .await;
    let (status, lease) = next(&worker, None).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    assert_eq!(lease["project"]["id"], json!(plain));
    submit(&worker, &lease).await;

    // The next UTC day (the test clock started at midnight, T0).
    let now = T0 + 11 * 60 * 1_000_000;
    let midnight = T0 + DAY_SECONDS * 1_000_000;
    app.clock.advance_seconds((midnight - now) / 1_000_000 - 1);
    assert_eq!(
        next(&worker, Some(&project)).await.0,
        StatusCode::NO_CONTENT
    );
    app.clock.advance_seconds(1);
    let (status, lease) = next(&worker, Some(&project)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the cap resets at midnight UTC: {lease}"
    );
    submit(&worker, &lease).await;
}

#[tokio::test]
async fn skipping_a_sensitive_item_costs_nothing() {
    let app = TestApp::spawn().await;
    let requester = app.requester("moderation").await;
    let rules =
        json!([{"when": {"skips_above": {"count": 1}}, "action": {"restrict": {"days": 7}}}]);
    let project = requester
        .funded_project(
            4,
            json!({"sensitive_content": ["self-harm"], "answers_per_task": 1,
                "lease_seconds": 3600, "quality_rules": rules}),
        )
        .await;
    // The same rule on a project without sensitive content does restrict (the control).
    let plain = requester
        .funded_project(3, json!({"answers_per_task": 1, "quality_rules": rules}))
        .await;
    let worker = app.worker("amina").await;
    opt_in(&worker, json!(["self-harm"])).await;

    // Two skips after 20 minutes on each, then an answer.
    for _ in 0..2 {
        let (status, lease) = next(&worker, Some(&project)).await;
        assert_eq!(status, StatusCode::OK, "{lease}");
        app.clock.advance_seconds(20 * 60);
        let id = lease["assignment_id"].as_str().expect("id");
        let (status, _) = worker
            .post_empty(&format!("/api/v1/assignments/{id}/return"))
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, lease) = next(&worker, Some(&project)).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    app.clock.advance_seconds(60);
    submit(&worker, &lease).await;

    // No decision, still leased, and the skipped time is not counted as exposure.
    let (status, decisions) = worker.get("/api/v1/me/decisions").await;
    assert_eq!(status, StatusCode::OK, "{decisions}");
    assert_eq!(decisions, json!([]));
    let (status, lease) = next(&worker, Some(&project)).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    let id = lease["assignment_id"].as_str().expect("id");
    worker
        .post_empty(&format!("/api/v1/assignments/{id}/return"))
        .await;
    let (_, page) = pages_of(&app, "amina").await.get("/me/settings").await;
    assert!(
        page.contains("<td>Self-harm</td><td>1 minute</td>"),
        "{page}"
    );

    // The control: one skip then an answer on the plain project is a restriction.
    let (_, lease) = next(&worker, Some(&plain)).await;
    let id = lease["assignment_id"].as_str().expect("id");
    worker
        .post_empty(&format!("/api/v1/assignments/{id}/return"))
        .await;
    let (status, lease) = next(&worker, Some(&plain)).await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    submit(&worker, &lease).await;
    let (_, decisions) = worker.get("/api/v1/me/decisions").await;
    let kinds: Vec<&str> = decisions
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|d| d["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["restricted"]);
}

#[tokio::test]
async fn settings_name_an_unknown_category_and_list_the_known_ones() {
    let settings = Settings {
        sensitive: SensitivePolicy {
            extra_categories: vec!["animal-cruelty".into()],
            ..SensitivePolicy::default()
        },
        ..Settings::default()
    };
    let app = TestApp::spawn_with(settings).await;
    let worker = app.worker("amina").await;

    let (status, current) = worker.get("/api/v1/me/settings").await;
    assert_eq!(status, StatusCode::OK, "{current}");
    assert_eq!(
        current,
        json!({"sensitive_opt_in": [], "languages": [], "alerts": crate::alerts::alerts_with(json!({})),
            "sensitive_categories": ["violence", "sexual", "hate", "self-harm", "animal-cruelty"]})
    );

    let put = |body: Value| put_settings(&worker, body);
    let (status, problem) = put(json!({"sensitive_opt_in": ["violence", "gore"],
        "languages": ["fr", "klingon"], "alerts": {"email": true}}))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        problem_paths(&problem),
        ["/sensitive_opt_in/1", "/languages/1"]
    );
    assert_eq!(
        problem["errors"][0]["message"],
        json!(
            "\"gore\" is not a sensitive category here; the known ones are: violence, sexual, hate, self-harm, animal-cruelty"
        )
    );
    assert_eq!(
        problem["errors"][0]["code"],
        json!("problem-sensitive-opt-in-unknown")
    );
    // Nothing changed.
    assert_eq!(worker.get("/api/v1/me/settings").await.1, current);
    // alerts must be an object.
    let (status, problem) = put(json!({"alerts": ["email"]})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["code"], json!("err-json-fields"));

    let (status, saved) = put(json!({"sensitive_opt_in": ["animal-cruelty", "hate"],
        "languages": ["fr", "mg"], "alerts": {"email": true}}))
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["sensitive_opt_in"], json!(["animal-cruelty", "hate"]));
    assert_eq!(saved["languages"], json!(["fr", "mg"]));
    assert_eq!(
        saved["alerts"],
        crate::alerts::alerts_with(json!({"email": true}))
    );
    // A field left out keeps its value.
    let (status, kept) = put(json!({"languages": ["en"]})).await;
    assert_eq!(status, StatusCode::OK, "{kept}");
    assert_eq!(kept["sensitive_opt_in"], json!(["animal-cruelty", "hate"]));
    assert_eq!(
        kept["alerts"],
        crate::alerts::alerts_with(json!({"email": true}))
    );
    assert_eq!(kept["languages"], json!(["en"]));

    // Settings are a worker's.
    let requester = app.requester("moderation").await;
    let (status, problem) = requester.get("/api/v1/me/settings").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
}

#[tokio::test]
async fn the_settings_page_saves_opt_ins_and_names_a_wrong_one_in_french() {
    let app = TestApp::spawn().await;
    app.worker("amina").await;
    let session = pages_of(&app, "amina").await;
    let (status, page) = session.get("/me/settings").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("name=\"sensitive_opt_in\" value=\"self-harm\""),
        "{page}"
    );
    let (status, to, _) = session
        .post(
            "/me/settings/sensitive",
            &[
                ("sensitive_opt_in", "violence"),
                ("sensitive_opt_in", "hate"),
            ],
        )
        .await;
    assert_eq!(
        (status, to.as_str()),
        (StatusCode::SEE_OTHER, "/me/settings?saved=1#sensitive")
    );
    let (_, page) = session.get("/me/settings").await;
    assert!(page.contains("value=\"violence\" checked"), "{page}");
    assert!(page.contains("value=\"hate\" checked"), "{page}");
    assert!(!page.contains("value=\"sexual\" checked"), "{page}");

    let french = Session {
        base: session.base.clone(),
        cookie: format!("{}; hp_lang=fr", session.cookie),
        csrf: session.csrf.clone(),
    };
    let (status, _, page) = french
        .post("/me/settings/sensitive", &[("sensitive_opt_in", "gore")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unescaped(&page).contains("« gore » n'est pas une catégorie sensible ici ; les catégories connues sont : violence, sexual, hate, self-harm"),
        "{page}"
    );
    // Nothing changed.
    let (_, page) = session.get("/me/settings").await;
    assert!(page.contains("value=\"violence\" checked"), "{page}");
}
