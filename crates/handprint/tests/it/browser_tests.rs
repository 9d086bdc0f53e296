//! Taking a qualification test through the pages in headless Chromium: a requester
//! creates a test and adds a training item and two test items; a worker takes it item
//! by item, reads the training item's answer and explanation, and passes.

use crate::browser::{ONE_BROWSER, chrome, sign_in};
use crate::support::{TestApp, operator_at};
use reqwest::StatusCode;
use serde_json::json;

const EXPLANATION: &str = "It says yes twice: the answer is yes.";

#[tokio::test]
async fn browser_a_worker_takes_a_paid_test_with_a_training_item_and_passes() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = "tests@requester.test";
    c.sign_up("requester", "Noor", requester, Some("Test Lab"))
        .await;
    let org = app
        .state
        .db
        .user_by_email(requester)
        .await
        .expect("db")
        .expect("the requester")
        .organization_id
        .expect("an organisation");
    let (status, body) = operator_at(&app.base)
        .await
        .post(
            "/api/v1/operator/deposits",
            json!({"organization_id": org, "amount": "10.00", "reference": "browser-tests"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "deposit: {body}");

    // The requester creates the test and adds its items.
    c.go("/tests").await;
    c.wait_text("h1", "Qualification tests").await;
    c.fill("#name", "Yes or no").await;
    c.fill("#description", "Three short sentences.").await;
    c.fill("#reward", "0.10").await;
    c.fill("#estimated_seconds", "20").await;
    c.fill("#max_takers", "2").await;
    c.click_to_leave("#create-test").await;
    c.wait_text("h1", "Yes or no").await;
    let items = format!(
        "{}\n{}\n{}\n",
        json!({"text": "yes, yes", "known_answer": "yes", "training": true, "explanation": EXPLANATION}),
        json!({"text": "no", "known_answer": "no"}),
        json!({"text": "yes", "known_answer": "yes"}),
    );
    c.fill("#items", &items).await;
    c.click_to_leave("#add-items").await;
    c.wait_text("#added", "3 items added.").await;
    c.wait_text("#item-counts", "2 test items, training items: 1")
        .await;
    c.shoot("test-requester").await;
    c.sign_out().await;

    // A worker finds it with its pay and takes it.
    let worker = "taker@worker.test";
    c.sign_up("worker", "Meera", worker, None).await;
    c.go("/qualifications").await;
    c.wait_text("#tests", "3 items, each paid 0.10").await;
    c.wait_text("#tests", "0.30 in all").await;
    c.shoot("tests-worker").await;
    c.click_to_leave("#tests .take").await;
    c.wait_text("#progress", "Item 1 of 3").await;
    c.el("#training").await;
    // The training item, answered wrong: its answer and explanation are shown.
    c.click("input[name=answer][value=no]").await;
    c.click_to_leave("#submit").await;
    c.wait_text("#paid", "Paid 0.10.").await;
    c.wait_text("#correct-answer", "Yes").await;
    c.wait_text("#explanation", EXPLANATION).await;
    c.shoot("test-training-answer").await;
    c.click_to_leave("#next-item").await;
    c.wait_text("#progress", "Item 2 of 3").await;
    c.click("input[name=answer][value=no]").await;
    c.click_to_leave("#submit").await;
    c.wait_text("#progress", "Item 3 of 3").await;
    c.click("input[name=answer][value=yes]").await;
    c.click_to_leave("#submit").await;
    c.wait_text("#passed", "Passed with a score of 100 %").await;
    c.shoot("test-passed").await;

    // In French, the list no longer offers it (held), and says so.
    c.go("/lang?l=fr&back=/qualifications").await;
    c.wait_text("h1", "Tests de qualification").await;
    c.wait_text("#no-tests", "Aucun test").await;
    c.go("/lang?l=en&back=/qualifications").await;
    c.wait_text("h1", "Qualification tests").await;
    c.sign_out().await;
    sign_in(&c, worker).await;
    c.go("/me/settings").await;
    c.wait_text("#qualifications", "Yes or no: score 100").await;
    let _ = c.driver.clone().quit().await;
}
