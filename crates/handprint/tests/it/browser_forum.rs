//! Worker voice in a real browser (issue 16): the workers' forum (a thread, a reply,
//! search, an operator hiding a post with a reason the author then reads) and rating
//! a requester on its public record (a worker rates and edits, the requester answers
//! publicly); in English and in French, photographed at phone and desktop widths.

use crate::browser::{Chrome, ONE_BROWSER, chrome, sign_in};
use crate::support::TestApp;
use crate::web_money::{answer, create_operator};
use serde_json::json;

async fn sign_in_as(c: &Chrome, email: &str, password: &str) {
    c.go("/signin").await;
    c.fill("#email", email).await;
    c.fill("#password", password).await;
    c.click_to_leave("form.card button[type=submit]").await;
}

async fn to_french(c: &Chrome, base: &str) {
    let here = c.url().await;
    let path = here.trim_start_matches(base).to_string();
    c.go(&format!("/lang?l=fr&back={}", urlencoding(&path)))
        .await;
}

fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'-' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn browser_forum_thread_reply_search_and_a_hidden_post_with_its_reason() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    create_operator(&app, "mod@operator.test", "operator password").await;

    // An operator creates a category on the forum page.
    sign_in_as(&c, "mod@operator.test", "operator password").await;
    c.go("/forum").await;
    c.wait_text("#forum-none", "No category yet").await;
    c.fill("#category-name", "Pay and rates").await;
    c.fill(
        "#category-description",
        "Who pays on time, and who does not.",
    )
    .await;
    c.click_to_leave("#category-create").await;
    c.wait_text("#done", "The category is created.").await;
    c.wait_text("#categories", "no thread").await;
    c.sign_out().await;

    // A worker starts a thread and replies in it.
    c.sign_up("worker", "Amara", "amara@worker.test", None)
        .await;
    c.go("/forum").await;
    c.click_to_leave("#categories a").await;
    c.wait_text("#no-threads", "No thread yet").await;
    c.fill("#thread-title", "Late payments").await;
    c.fill("#thread-text", "Has anyone been paid late this month?")
        .await;
    c.click_to_leave("#thread-send").await;
    c.wait_text("h1", "Late payments").await;
    c.fill(
        "#reply-text",
        "Acme paid me three weeks late, their address is 12 Rue X.",
    )
    .await;
    c.click_to_leave("#reply-send").await;
    c.wait_text("article.post:last-of-type .post-text", "three weeks late")
        .await;
    let thread_url = c.url().await;
    c.shoot("forum-thread").await;

    // Search finds the reply, in any case.
    c.fill("#forum-q", "THREE weeks").await;
    c.click_to_leave("#forum-search-send").await;
    c.wait_text("#results-count", "1 post found.").await;
    c.wait_text("article.result h2", "Late payments").await;
    c.shoot("forum-search").await;
    c.fill("#forum-q", "nobody wrote this").await;
    c.click_to_leave("#forum-search-send").await;
    c.wait_text("#results-count", "Nothing found.").await;
    c.go("/forum").await;
    c.wait_text("#categories", "1 thread").await;
    c.shoot("forum-index").await;
    c.sign_out().await;

    // The operator hides the reply, with a reason; an empty reason is refused.
    sign_in_as(&c, "mod@operator.test", "operator password").await;
    c.go(thread_url.trim_start_matches(&app.base)).await;
    let reply = "article.post:last-of-type";
    assert_eq!(
        c.js(&format!(
            "return document.querySelector('{reply} input[name=reason]').required;"
        ))
        .await,
        json!(true)
    );
    c.fill(
        &format!("{reply} input[name=reason]"),
        "It gives a home address.",
    )
    .await;
    c.click_to_leave(&format!("{reply} form.moderate button"))
        .await;
    c.wait_text("#done", "The moderation act is applied and logged.")
        .await;
    c.wait_text(
        &format!("{reply} .hidden-reason"),
        "The reason: It gives a home address.",
    )
    .await;
    c.sign_out().await;

    // The author reads the hidden post with the reason; search no longer finds it.
    sign_in(&c, "amara@worker.test").await;
    c.go(thread_url.trim_start_matches(&app.base)).await;
    c.wait_text(
        &format!("{reply} .hidden-reason"),
        "An operator hid this post; only its author and the operators see it. The reason: It gives a home address.",
    )
    .await;
    c.shoot_at("forum-moderated", reply).await;
    c.go("/forum/search?q=three+weeks").await;
    c.wait_text("#results-count", "Nothing found.").await;

    // In French.
    c.go(thread_url.trim_start_matches(&app.base)).await;
    to_french(&c, &app.base).await;
    c.wait_text(
        &format!("{reply} .hidden-reason"),
        "Un opérateur a masqué ce message ; seuls son auteur et les opérateurs le voient. La raison : It gives a home address.",
    )
    .await;
    c.wait_text("#reply-form label", "Votre réponse").await;
    c.go("/forum").await;
    c.wait_text("h1", "Forum des travailleurs").await;
    c.wait_text("#categories", "1 discussion").await;
    c.go("/forum/search?q=paid").await;
    c.wait_text("#results-count", "1 message trouvé.").await;
    let _ = c.driver.clone().quit().await;
}

#[tokio::test]
async fn browser_a_worker_rates_a_requester_and_the_requester_answers() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("acme").await;
    let project = requester
        .funded_project(2, json!({"answers_per_task": 1}))
        .await;
    let org = requester.organization_id().await;
    let worker = app.worker("rater").await;
    answer(&worker, &project, "pos").await;

    // The worker rates the requester on its public record, then changes the review.
    sign_in(&c, "rater@worker.test").await;
    c.go(&format!("/requesters/{org}")).await;
    c.select("#review-project", &project).await;
    c.select("#review-rating", "4").await;
    c.fill("#review-text", "Clear instructions, paid within a day.")
        .await;
    c.click_to_leave("#review-send").await;
    c.wait_text("#done", "Your review is published.").await;
    c.wait_text("article.review .rating", "4 / 5").await;
    c.select("#review-project", &project).await;
    c.select("#review-rating", "2").await;
    c.fill("#review-text", "Paid late the second time.").await;
    c.click_to_leave("#review-send").await;
    c.wait_text("#reviews-count", "Reviews: 1").await;
    c.wait_text("article.review .rating", "2 / 5").await;
    c.wait_text("article.review .review-text", "Paid late the second time.")
        .await;
    c.shoot_at("record-review", "#reviews").await;
    c.sign_out().await;

    // The requester answers publicly, in French.
    sign_in(&c, "acme@requester.test").await;
    c.go(&format!("/requesters/{org}")).await;
    to_french(&c, &app.base).await;
    c.wait_text("#reviews h2", "Avis des travailleurs").await;
    c.fill("form.answer-form textarea", "Sorry: fixed since.")
        .await;
    c.click_to_leave("form.answer-form button").await;
    c.wait_text("#done", "Votre réponse est publiée.").await;
    c.wait_text("article.review .review-answer", "La réponse du demandeur")
        .await;
    c.wait_text("article.review .review-answer", "Sorry: fixed since.")
        .await;
    c.wait_text("#reviews-count", "Avis : 1").await;

    // Anyone reads both, in English, without signing in.
    c.sign_out().await;
    c.go("/lang?l=en&back=/signin").await;
    c.go(&format!("/requesters/{org}")).await;
    c.wait_text("article.review .review-answer", "The requester's answer")
        .await;
    c.wait_text("article.review .rating", "2 / 5").await;
    let _ = c.driver.clone().quit().await;
}
