//! The money pages in a real browser: a requester rejects an answer, the worker
//! disputes it, an operator overturns the rejection and the worker is paid; the
//! new pages are photographed at phone and desktop widths into docs/screenshots/.

use crate::browser::{Chrome, ONE_BROWSER, chrome};
use crate::support::TestApp;
use crate::web_money::{REASON_MESSAGE, answer, create_operator};
use serde_json::json;

const PASSWORD: &str = "correct horse battery";

async fn sign_in(c: &Chrome, email: &str, password: &str) {
    c.go("/signin").await;
    c.fill("#email", email).await;
    c.fill("#password", password).await;
    c.click_to_leave("form.card button[type=submit]").await;
}

#[tokio::test]
async fn browser_a_rejection_is_disputed_overturned_and_paid() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("bookshop").await;
    let project = requester
        .funded_project(3, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("amara").await;
    let assignment = answer(&worker, &project, "pos").await;
    answer(&worker, &project, "neg").await;
    create_operator(&app, "ops@operator.test", "operator password").await;

    // The requester rejects one answer with a listed reason and a message.
    sign_in(&c, "bookshop@requester.test", PASSWORD).await;
    c.go(&format!("/projects/{project}/review")).await;
    c.el(&format!("#r-{assignment}")).await;
    c.shoot("review").await;
    c.click(&format!("#r-{assignment} details.reject summary"))
        .await;
    c.select(
        &format!("#reason-{assignment}"),
        "instructions_not_followed",
    )
    .await;
    c.fill(&format!("#message-{assignment}"), REASON_MESSAGE)
        .await;
    c.click_to_leave(&format!("#r-{assignment} .reject-go"))
        .await;
    c.wait_text(".flash", "Done for 1 answer.").await;
    c.go("/funds").await;
    c.wait_text("#escrow", "USD").await;
    c.shoot("funds").await;
    c.sign_out().await;

    // The worker reads the reason and message on "My work" and disputes.
    sign_in(&c, "amara@worker.test", PASSWORD).await;
    c.go("/work/history").await;
    c.wait_text(
        &format!("#d-{assignment}"),
        "The review is clearly negative",
    )
    .await;
    c.click(&format!("#d-{assignment} details.dispute summary"))
        .await;
    c.fill(
        &format!("#dm-{assignment}"),
        "The review ends with \"I would buy it again\": positive is right.",
    )
    .await;
    c.shoot_at("my-work-dispute", &format!("#a-{assignment}"))
        .await;
    c.click_to_leave(&format!("#d-{assignment} button[type=submit]"))
        .await;
    c.wait_text(&format!("#a-{assignment}"), "Disputed").await;
    c.sign_out().await;

    // An operator reads both sides and overturns the rejection.
    sign_in(&c, "ops@operator.test", "operator password").await;
    c.go("/disputes").await;
    c.wait_text("article.dispute", "positive is right").await;
    c.shoot("disputes-operator").await;
    c.fill(
        "article.dispute textarea[name=message]",
        "The review ends positively: the answer follows the instructions.",
    )
    .await;
    c.click_to_leave("article.dispute button.overturn").await;
    c.wait_text(".flash", "Overturned").await;
    c.go("/operator").await;
    c.wait_text("#ledger-check", "The ledger balances").await;
    c.shoot("operator").await;
    c.sign_out().await;

    // The worker is paid.
    sign_in(&c, "amara@worker.test", PASSWORD).await;
    c.go("/earnings").await;
    c.wait_text("#available", "0.10").await;
    c.shoot("earnings").await;
    let _ = c.driver.clone().quit().await;
}
