//! Trust and safety in a real browser (see `browser`): an operator decides a worker's
//! report from the queue on `/operator/trust`, taking the project down; a suspended
//! worker signing in sees the operator's reason and appeals once; in English and in
//! French, photographed into docs/screenshots/.

use crate::browser::{Chrome, ONE_BROWSER, chrome};
use crate::support::TestApp;
use crate::web_money::create_operator;
use reqwest::StatusCode;
use serde_json::json;

const PASSWORD: &str = "correct horse battery";

async fn sign_in(c: &Chrome, email: &str, password: &str) {
    c.go("/signin").await;
    c.fill("#email", email).await;
    c.fill("#password", password).await;
    c.click_to_leave("form.card button[type=submit]").await;
}

#[tokio::test]
async fn browser_an_operator_takes_a_reported_project_down_from_the_queue_in_english_and_french() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("quarry").await;
    let project = requester
        .funded_project(2, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("ines").await;
    let (_, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    let a = lease["assignment_id"]
        .as_str()
        .expect("a lease")
        .to_string();
    let (status, _) = worker
        .post(
            &format!("/api/v1/assignments/{a}/report"),
            json!({"reason": "offensive", "note": "graphic injuries, not declared"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    create_operator(&app, "ops@operator.test", "operator password").await;

    sign_in(&c, "ops@operator.test", "operator password").await;
    c.go("/operator/trust").await;
    c.wait_text("#reports h2", "1 open report").await;
    c.wait_text(
        "#reports blockquote",
        "offensive: graphic injuries, not declared",
    )
    .await;
    c.wait_text("#suspensions h2", "No suspension in force")
        .await;
    c.shoot("trust-operator").await;

    c.go("/lang?l=fr&back=/operator/trust").await;
    c.wait_text("#reports h2", "1 signalement ouvert").await;
    c.click("#reports input[value=take_down]").await;
    c.fill("#reports textarea", "Violence graphique non déclarée")
        .await;
    c.click_to_leave("#reports button[type=submit]").await;
    c.wait_text("#trust-flash", "Projet retiré").await;
    c.wait_text("#reports h2", "Aucun signalement ouvert").await;
    c.wait_text("#trust-log tbody", "a retiré un projet").await;
    c.wait_text("#trust-log tbody", "Violence graphique non déclarée")
        .await;

    let (_, p) = requester.get(&format!("/api/v1/projects/{project}")).await;
    assert_eq!(p["state"], "cancelled", "{p}");
    let (_, seen) = worker.get("/api/v1/me/takedowns").await;
    assert_eq!(seen[0]["reason"], "Violence graphique non déclarée");
}

#[tokio::test]
async fn browser_a_suspended_worker_signing_in_sees_the_reason_and_appeals_once_in_english_and_french()
 {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    c.sign_up("worker", "Sol", "sol@worker.test", None).await;
    c.sign_out().await;
    let id = app
        .state
        .db
        .user_by_email("sol@worker.test")
        .await
        .expect("read")
        .expect("the account")
        .id;
    let operator = app.operator().await;
    let reason = "Answers copied from another account on three projects";
    let (status, body) = operator
        .post(
            &format!("/api/v1/operator/accounts/{id}/suspension"),
            json!({"reason": reason}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    // Signing in lands on the suspension and its reason, whatever page was asked for.
    sign_in(&c, "sol@worker.test", PASSWORD).await;
    c.wait_text("h1", "Your account is suspended").await;
    c.wait_text("#suspension-reason", reason).await;
    c.go("/work").await;
    assert!(c.url().await.ends_with("/suspended"), "{}", c.url().await);
    c.shoot("suspended").await;

    c.fill(
        "#appeal-text-input",
        "I work alone; my answer times are in my history.",
    )
    .await;
    c.click_to_leave("#appeal button[type=submit]").await;
    c.wait_text(
        "#appeal-waiting",
        "Another operator will decide your appeal.",
    )
    .await;
    c.wait_text("#appeal-text", "I work alone").await;
    assert_eq!(
        c.js("return document.getElementById('appeal-text-input') === null;")
            .await,
        json!(true),
        "one appeal only"
    );

    c.go("/lang?l=fr&back=/suspended").await;
    c.wait_text("h1", "Votre compte est suspendu").await;
    c.wait_text("#suspension-reason", reason).await;
    c.wait_text(
        "#appeal-waiting",
        "Un autre opérateur décidera de votre recours.",
    )
    .await;
    c.shoot("suspended-fr").await;
}
