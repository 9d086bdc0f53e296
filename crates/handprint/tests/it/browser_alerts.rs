//! Job alerts and messages in a real browser (see `browser`): the alerts page with
//! the counter in the menu, marking read, the alert switches and the feed address;
//! and a thread where a worker writes, the requester reads and answers, in English
//! and in French, at phone and desktop widths (screenshots notifications-*,
//! messages-*).

use crate::browser::{ONE_BROWSER, chrome, sign_in};
use crate::support::TestApp;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn browser_the_alerts_page_counts_unread_alerts_marks_them_read_and_makes_a_feed() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("alerts-page").await;
    c.sign_up("worker", "Lalao", "lalao@worker.test", None)
        .await;
    c.go("/notifications").await;
    c.wait_text("#unread-count", "No unread alerts.").await;
    c.wait_text("#notifications-none", "No alerts yet").await;
    c.wait_text("#no-mail", "This instance sends no e-mail")
        .await;

    requester
        .funded_project(1, json!({"title": "Book covers"}))
        .await;
    requester
        .funded_project(1, json!({"title": "Shop reviews"}))
        .await;
    handprint_server::jobs::run_once(&app.state).await;

    c.go("/work").await;
    let badge = c.el("#nav-unread").await;
    assert_eq!(badge.text().await.expect("badge"), "2");
    assert_eq!(
        badge.attr("aria-label").await.expect("label").as_deref(),
        Some("2 unread alerts")
    );
    c.click_to_leave("#nav-notifications").await;
    c.wait_text("#unread-count", "2 unread alerts.").await;
    let list = c.wait_text("#notifications", "Book covers").await;
    assert!(list.contains("Shop reviews — new project"), "{list}");
    c.shoot("notifications").await;

    c.click_to_leave("#notifications li:first-child .mark-read")
        .await;
    c.wait_text("#unread-count", "1 unread alert.").await;
    c.wait_text("#nav-unread", "1").await;
    c.click_to_leave("#mark-all-read").await;
    c.wait_text("#unread-count", "No unread alerts.").await;
    let badges = c
        .js("return document.querySelectorAll('#nav-unread').length;")
        .await;
    assert_eq!(badges, json!(0));

    // The switches: e-mail and message notices on, kept after saving.
    c.click("#alert-email").await;
    c.click("#alert-message-email").await;
    c.click_to_leave("#alerts-save").await;
    c.wait_text(".flash", "Your alert settings are saved.")
        .await;
    let checked = c
        .js("return [document.querySelector('#alert-in-app').checked, document.querySelector('#alert-email').checked, document.querySelector('#alert-message-email').checked];")
        .await;
    assert_eq!(checked, json!([true, true, true]));

    // The feed: made, read by a client that is not signed in, then revoked.
    c.click_to_leave("#feed-new").await;
    let url = c
        .js("return document.querySelector('#feed-url').value;")
        .await
        .as_str()
        .expect("the feed address")
        .to_string();
    assert!(
        url.starts_with(&format!("{}/feeds/work/", app.base)),
        "{url}"
    );
    let feed = app.http.get(&url).send().await.expect("feed");
    assert_eq!(feed.status(), StatusCode::OK);
    let text = feed.text().await.expect("feed text");
    assert!(text.contains("<title>Book covers</title>"), "{text}");
    c.click_to_leave("#feed-revoke").await;
    c.wait_text("#feed-revoked", "The feed address is revoked.")
        .await;
    let gone = app.http.get(&url).send().await.expect("feed");
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);

    // In French, with one and then two unread alerts.
    c.go("/lang?l=fr&back=/notifications").await;
    c.wait_text("#unread-count", "Aucune alerte non lue.").await;
    requester
        .funded_project(1, json!({"title": "Titres de livres"}))
        .await;
    handprint_server::jobs::run_once(&app.state).await;
    c.go("/notifications").await;
    c.wait_text("#unread-count", "1 alerte non lue.").await;
    c.wait_text("#notifications", "Titres de livres — nouveau projet")
        .await;
    requester
        .funded_project(1, json!({"title": "Noms de rues"}))
        .await;
    handprint_server::jobs::run_once(&app.state).await;
    c.go("/notifications").await;
    c.wait_text("#unread-count", "2 alertes non lues.").await;
    let badge = c.el("#nav-unread").await;
    assert_eq!(
        badge.attr("aria-label").await.expect("label").as_deref(),
        Some("2 alertes non lues")
    );
    c.shoot("notifications-fr").await;
    let _ = c.driver.clone().quit().await;
}

#[tokio::test]
async fn browser_a_worker_writes_the_requester_reads_and_answers_in_english_and_french() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("thread").await;
    let project = requester
        .funded_project(2, json!({"title": "Street names", "answers_per_task": 1}))
        .await;

    // The worker writes from the project's card.
    c.sign_up("worker", "Rivo", "rivo@worker.test", None).await;
    c.go("/work").await;
    c.click_to_leave(&format!("#p-{project} a.write")).await;
    c.wait_text(
        "#new-message h2",
        "Write to the requester about Street names",
    )
    .await;
    c.fill("#new-text", "Should street numbers be kept?").await;
    c.click_to_leave("#new-send").await;
    c.wait_text("#message-sent", "Your message is sent.").await;
    let thread = c
        .wait_text(".thread", "Should street numbers be kept?")
        .await;
    assert!(
        thread.contains("Street names: Org of thread@requester.test"),
        "{thread}"
    );
    assert!(thread.contains("You ·"), "{thread}");
    c.shoot("messages-worker").await;
    c.sign_out().await;

    // The requester reads it and answers in the thread.
    sign_in(&c, "thread@requester.test").await;
    c.go(&format!("/projects/{project}")).await;
    c.click_to_leave("#messages-link").await;
    let thread = c
        .wait_text(".thread", "Should street numbers be kept?")
        .await;
    assert!(thread.contains("Street names: worker "), "{thread}");
    assert!(thread.contains("The worker ·"), "{thread}");
    c.fill(".thread textarea", "No: the name only, please.")
        .await;
    c.click_to_leave(".thread button[type=submit]").await;
    c.wait_text("#message-sent", "Your message is sent.").await;
    c.wait_text(".thread", "No: the name only, please.").await;
    c.shoot("messages-requester").await;

    // In French: writing to every worker of a project nobody answered yet is refused
    // on the page, in French (the API's rule).
    c.go("/lang?l=fr&back=/messages").await;
    c.wait_text("#to-all h2", "Écrire à toutes les personnes d'un projet")
        .await;
    c.fill("#all-text", "Merci à toutes et à tous.").await;
    c.click_to_leave("#all-send").await;
    c.wait_text(
        "#message-error",
        "Personne n'a encore envoyé de réponse à « Street names »",
    )
    .await;
    c.shoot("messages-requester-fr").await;
    c.sign_out().await;

    // The worker reads the answer, in French.
    sign_in(&c, "rivo@worker.test").await;
    c.go("/messages").await;
    let thread = c.wait_text(".thread", "No: the name only, please.").await;
    assert!(thread.contains("Vous ·"), "{thread}");
    c.wait_text("h1", "Messages").await;
    c.fill(".thread textarea", "Merci !").await;
    c.click_to_leave(".thread button[type=submit]").await;
    c.wait_text("#message-sent", "Votre message est envoyé.")
        .await;
    c.shoot("messages-worker-fr").await;
    let _ = c.driver.clone().quit().await;
}
