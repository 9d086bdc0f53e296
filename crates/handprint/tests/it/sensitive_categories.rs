//! Sensitive categories the operator adds (`[sensitive] categories`, issue 16) work as
//! the built-in ones do: a project declares one, an unconfigured one is refused, the
//! claim's opt-in and per-category cap apply, and the exposure is kept under its name
//! for the worker and in the handprint. A category removed from the configuration later
//! stays declared, and nobody leases its items.

use crate::money::answer;
use crate::support::{Client, T0, TestApp, opt_in_to, problem_paths};
use crate::web_money::Session;
use handprint_core::sensitive::SensitivePolicy;
use handprint_server::Settings;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// An instance whose operator added "animal-cruelty" (capped at `cap` minutes a day).
fn with_animal_cruelty(cap: Option<i64>) -> Settings {
    Settings {
        sensitive: SensitivePolicy {
            extra_categories: vec!["animal-cruelty".into()],
            category_caps: cap
                .map(|m| [("animal-cruelty".to_string(), m)].into())
                .unwrap_or_default(),
            ..SensitivePolicy::default()
        },
        ..Settings::default()
    }
}

async fn next(worker: &Client, project: Option<&str>) -> (StatusCode, Value) {
    let body = match project {
        Some(p) => json!({"project_id": p}),
        None => json!({}),
    };
    worker.post("/api/v1/work/next", body).await
}

/// The requester's projects, as the API lists them.
async fn projects(requester: &Client) -> Value {
    let (status, list) = requester.get("/api/v1/projects").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list
}

#[tokio::test]
async fn a_project_declares_an_operator_category_and_an_unconfigured_one_is_refused() {
    let app = TestApp::spawn_with(with_animal_cruelty(None)).await;
    let requester = app.requester("moderation").await;
    let project = requester
        .project(json!({"sensitive_content": ["animal-cruelty", "violence"]}))
        .await;
    assert_eq!(
        project["sensitive_content"],
        json!(["violence", "animal-cruelty"])
    );
    let id = project["id"].as_str().expect("id");
    let before = projects(&requester).await;

    // On create: the unconfigured category is named with the choices; nothing is made.
    let mut body = crate::support::sentiment_project();
    body["sensitive_content"] = json!(["hate", "gore"]);
    let (status, problem) = requester.post("/api/v1/projects", body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem_paths(&problem), ["/sensitive_content/1"]);
    assert_eq!(
        problem["errors"][0],
        json!({"path": "/sensitive_content/1", "code": "problem-sensitive-unknown",
            "message": "\"gore\" is not a known category; choose from: violence, sexual, hate, self-harm, animal-cruelty, none"})
    );
    // A name that is no category's form is refused by its form.
    let mut body = crate::support::sentiment_project();
    body["sensitive_content"] = json!(["Animal Cruelty"]);
    let (status, problem) = requester.post("/api/v1/projects", body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        problem["errors"][0]["code"],
        json!("problem-sensitive-name"),
        "{problem}"
    );
    assert_eq!(projects(&requester).await, before);

    // On update: refused at its index, the project as it was.
    let (status, problem) = requester
        .patch(
            &format!("/api/v1/projects/{id}"),
            json!({"title": "Changed", "sensitive_content": ["gore"]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem_paths(&problem), ["/sensitive_content/0"]);
    assert_eq!(projects(&requester).await, before);
    let (status, changed) = requester
        .patch(
            &format!("/api/v1/projects/{id}"),
            json!({"sensitive_content": ["animal-cruelty"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["sensitive_content"], json!(["animal-cruelty"]));
}

#[tokio::test]
async fn the_project_editor_offers_the_operator_category_and_refuses_an_unconfigured_one() {
    let app = TestApp::spawn_with(with_animal_cruelty(None)).await;
    let requester = app.requester("moderation").await;
    let project = requester
        .project(json!({"sensitive_content": ["animal-cruelty"]}))
        .await;
    let id = project["id"].as_str().expect("id");
    let session =
        Session::sign_in(&app, "moderation@requester.test", "correct horse battery").await;
    let (status, page) = session.get(&format!("/projects/{id}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(
            "<input type=\"checkbox\" name=\"sensitive_content\" value=\"animal-cruelty\" checked> animal-cruelty</label>"
        ),
        "{page}"
    );
    assert!(
        page.contains("value=\"self-harm\"> Self-harm</label>"),
        "{page}"
    );
    let (status, page) = session.get(&format!("/projects/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("animal-cruelty"), "{page}");

    // A posted category the operator does not offer: the form again, saying so.
    let (status, _, page) = session
        .post(
            &format!("/projects/{id}/edit"),
            &[
                ("title", "Sentiment"),
                ("instructions", "Pick the sentiment."),
                ("purpose", "Train a review classifier for a small bookshop."),
                ("end_uses", "search"),
                ("sensitive_content", "hate"),
                ("sensitive_content", "gore"),
                ("reward", "0.10"),
                ("estimated_seconds", "20"),
                ("answers_per_task", "1"),
                ("lease_seconds", "600"),
                ("review_window_seconds", "259200"),
                ("language", "en"),
                ("kind", "single_choice"),
                ("question", "Sentiment?"),
                ("options", "pos\nneg"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(
        page.replace("&#34;", "\"")
            .contains("\"gore\" is not a known category; choose from: violence, sexual, hate, self-harm, animal-cruelty, none"),
        "{page}"
    );
    // What was ticked comes back ticked; nothing was saved.
    assert!(
        page.contains("value=\"hate\" checked> Hate</label>"),
        "{page}"
    );
    let (_, kept) = requester.get(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(kept, project);
}

#[tokio::test]
async fn an_operator_category_is_leased_only_to_the_opted_in_and_its_cap_resets_the_next_day() {
    let app = TestApp::spawn_with(with_animal_cruelty(Some(5))).await;
    let requester = app.requester("moderation").await;
    let project = requester
        .funded_project(
            6,
            json!({"sensitive_content": ["animal-cruelty"], "answers_per_task": 1, "lease_seconds": 3600}),
        )
        .await;
    let amina = app.worker("amina").await;
    let noor = app.worker("noor").await;
    opt_in_to(&amina, json!(["animal-cruelty"])).await;
    // Opted in to every built-in category, not to the operator's: nothing.
    opt_in_to(&noor, json!(["violence", "sexual", "hate", "self-harm"])).await;
    assert_eq!(next(&noor, Some(&project)).await.0, StatusCode::NO_CONTENT);
    assert_eq!(next(&noor, None).await.0, StatusCode::NO_CONTENT);
    let (status, view) = noor
        .get(&format!("/api/v1/projects/{project}/eligibility"))
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["reasons"][0]["code"], json!("why-sensitive-opt-in"));

    // 3 minutes, then 3: 6 of the category's 5 minutes, so no more today.
    answer(&app, &amina, &project, json!("pos"), 180).await;
    answer(&app, &amina, &project, json!("neg"), 180).await;
    assert_eq!(next(&amina, Some(&project)).await.0, StatusCode::NO_CONTENT);
    assert_eq!(next(&amina, None).await.0, StatusCode::NO_CONTENT);
    let (_, view) = amina
        .get(&format!("/api/v1/projects/{project}/eligibility"))
        .await;
    assert_eq!(view["reasons"][0]["code"], json!("why-sensitive-cap"));
    let pages = Session::sign_in(&app, "amina@worker.test", "correct horse battery").await;
    let (status, page) = pages.get("/me/settings").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("<td>animal-cruelty</td><td>6 minutes</td>"),
        "{page}"
    );
    // Noor, once opted in, is leased it (her own cap is untouched).
    opt_in_to(&noor, json!(["animal-cruelty"])).await;
    answer(&app, &noor, &project, json!("pos"), 120).await;

    // The next UTC day (the clock started at midnight, T0): leased again.
    let midnight = T0 + 24 * 3600 * 1_000_000;
    let now = T0 + 480 * 1_000_000;
    app.clock.advance_seconds((midnight - now) / 1_000_000 - 1);
    assert_eq!(next(&amina, Some(&project)).await.0, StatusCode::NO_CONTENT);
    app.clock.advance_seconds(1);
    answer(&app, &amina, &project, json!("pos"), 60).await;
    // (Signed in again: the page session of yesterday has expired.)
    let pages = Session::sign_in(&app, "amina@worker.test", "correct horse battery").await;
    let (_, page) = pages.get("/me/settings").await;
    assert!(
        page.contains("<td>animal-cruelty</td><td>1 minute</td><td>7 minutes</td>"),
        "{page}"
    );

    // The handprint of an export states the exposure under the category's name:
    // 3 + 3 + 2 + 1 minutes = 0.15 hours, by 2 workers.
    let (status, _, id) =
        crate::exports::export(&requester, &project, json!({"format": "jsonl"})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, kept) = requester.get(&format!("/api/v1/handprints/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{kept}");
    assert_eq!(
        kept["predicate"]["by_whom"]["exposure"],
        json!([{"category": "animal-cruelty", "hours": "0.15", "workers": 2}])
    );
    assert_eq!(
        kept["predicate"]["for_whom"]["sensitive_content"],
        json!(["animal-cruelty"])
    );
}

#[tokio::test]
async fn a_category_the_operator_removes_stays_declared_and_its_items_are_leased_to_nobody() {
    let first = TestApp::spawn_with(with_animal_cruelty(None)).await;
    let requester = first.requester("moderation").await;
    let project = requester
        .funded_project(
            2,
            json!({"sensitive_content": ["animal-cruelty"], "answers_per_task": 1}),
        )
        .await;
    let worker = first.worker("amina").await;
    opt_in_to(&worker, json!(["animal-cruelty"])).await;
    // Leased while the category is offered.
    answer(&first, &worker, &project, json!("pos"), 10).await;

    // The same database served again without the category in the configuration.
    let app = TestApp::spawn_on(first.location.clone(), None, Settings::default()).await;
    let requester = Client {
        base: app.base.clone(),
        ..requester
    };
    let worker = Client {
        base: app.base.clone(),
        ..worker
    };
    let (status, kept) = requester.get(&format!("/api/v1/projects/{project}")).await;
    assert_eq!(status, StatusCode::OK, "{kept}");
    assert_eq!(kept["sensitive_content"], json!(["animal-cruelty"]));
    // Its other fields may still change, the kept category with them.
    let (status, changed) = requester
        .patch(
            &format!("/api/v1/projects/{project}"),
            json!({"title": "Renamed", "sensitive_content": ["animal-cruelty"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["sensitive_content"], json!(["animal-cruelty"]));
    // Nobody may opt in to it any more, so nobody leases its items.
    let (status, settings) = worker.get("/api/v1/me/settings").await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert_eq!(
        settings["sensitive_categories"],
        json!(["violence", "sexual", "hate", "self-harm"])
    );
    // The opt-in given under the old configuration was dropped at start-up.
    assert_eq!(settings["sensitive_opt_in"], json!([]));
    assert_eq!(
        next(&worker, Some(&project)).await.0,
        StatusCode::NO_CONTENT
    );
    let (status, problem) = worker
        .send(
            worker
                .http
                .put(format!("{}/api/v1/me/settings", worker.base))
                .json(&json!({"sensitive_opt_in": ["animal-cruelty"]})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        next(&worker, Some(&project)).await.0,
        StatusCode::NO_CONTENT
    );

    // The editor shows it, saying why, so the requester can change it.
    let session =
        Session::sign_in(&app, "moderation@requester.test", "correct horse battery").await;
    let (status, page) = session.get(&format!("/projects/{project}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.replace("&#39;", "'").contains(
            "value=\"animal-cruelty\" checked> animal-cruelty (no longer offered on this instance: no worker can opt in to it, so its items are not leased; untick it)</label>"
        ),
        "{page}"
    );
}
