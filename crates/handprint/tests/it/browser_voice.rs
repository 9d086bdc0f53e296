//! The job alerts filters and per-assignment message threads in a real browser (see
//! `browser`): a worker sets every filter on the alerts page (the page's weight
//! measured), a refused amount is shown in French; a worker writes about one of
//! their assignments from their history, the requester reads it in the thread with
//! the link to its review, answers from the review page and from the thread (in
//! French), and the worker reads the answers. Screenshots notifications-filters-*,
//! messages-assignment-*.

use crate::alerts::alerts_with;
use crate::browser::{Chrome, ONE_BROWSER, chrome, sign_in};
use crate::money::answer;
use crate::support::TestApp;
use serde_json::json;

const PASSWORD: &str = "correct horse battery";

/// Everything the current page transferred, compressed (as `page_weight` measures
/// the task page), once `css` is on the reloaded page; the cache is emptied first.
async fn weight_of(c: &Chrome, css: &str) -> i64 {
    c.cdp("Network.enable", json!({})).await;
    c.cdp("Network.setCacheDisabled", json!({"cacheDisabled": true}))
        .await;
    let url = c.url().await;
    c.driver.goto(&url).await.expect("reload");
    c.el(css).await;
    let weight = c
        .js("const n = performance.getEntriesByType('navigation')[0];
             const r = performance.getEntriesByType('resource').filter(e => !/^(img|audio|video)$/.test(e.initiatorType));
             return n.transferSize + r.reduce((s, e) => s + e.transferSize, 0);")
        .await;
    c.cdp("Network.setCacheDisabled", json!({"cacheDisabled": false}))
        .await;
    weight.as_i64().expect("a weight")
}

#[tokio::test]
async fn browser_a_worker_sets_the_alert_filters_on_the_page_in_english_and_french() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("filters-page").await;
    requester
        .funded_project(1, json!({"title": "Livres", "language": "fr"}))
        .await;
    c.sign_up("worker", "Hery", "hery@worker.test", None).await;
    let api = app.key_for("hery@worker.test", PASSWORD).await;
    c.go("/notifications").await;
    c.wait_text("#alert-kinds legend", "Kinds of task").await;
    c.wait_text("#alert-languages", "French (fr)").await;
    // Every control has a label a keyboard or a screen reader reaches it by.
    let unlabelled = c
        .js(
            "return [...document.querySelectorAll('#alerts-form input:not([type=hidden])')]
                .filter(i => i.labels.length === 0).map(i => i.id);",
        )
        .await;
    assert_eq!(unlabelled, json!([]));
    let weight = weight_of(&c, "#alerts-form").await;
    assert!(
        (1000..=50 * 1024).contains(&weight),
        "the alerts page stays within 50 KB: {weight}"
    );

    for id in [
        "#kind-text",
        "#kind-bounding_boxes",
        "#language-fr",
        "#end-use-research",
        "#alert-no-sensitive",
    ] {
        c.click(id).await;
    }
    // With the keyboard: the space bar on a focused box ticks it.
    c.el("#end-use-accessibility")
        .await
        .send_keys(" ")
        .await
        .expect("a key");
    c.fill("#alert-min-pay", "12.5").await;
    c.shoot_at("notifications-filters", "#alerts-form").await;
    c.click_to_leave("#alerts-save").await;
    c.wait_text(".flash", "Your alert settings are saved.")
        .await;
    let (_, settings) = api.get("/api/v1/me/settings").await;
    assert_eq!(
        settings["alerts"],
        alerts_with(
            json!({"kinds": ["text", "bounding_boxes"], "languages": ["fr"],
            "end_uses": ["research", "accessibility"], "min_pay_per_hour": "12.50", "no_sensitive": true})
        )
    );

    // In French: a bad amount is refused beside its field, what was typed kept.
    c.go("/lang?l=fr&back=/notifications").await;
    c.wait_text("#alert-kinds legend", "Types de tâche").await;
    c.wait_text("#alert-languages", "français (fr)").await;
    c.click("#kind-text").await;
    c.fill("#alert-min-pay", "douze").await;
    c.click_to_leave("#alerts-save").await;
    c.wait_text(
        "#min-pay-err",
        "Paie horaire minimale : « douze » n'est pas un montant décimal",
    )
    .await;
    let kept = c
        .js("return [document.querySelector('#alert-min-pay').value, document.querySelector('#kind-text').checked, document.querySelector('#kind-bounding_boxes').checked];")
        .await;
    assert_eq!(kept, json!(["douze", false, true]));
    c.shoot_at("notifications-filters-fr", "#alerts-form").await;
    c.fill("#alert-min-pay", "8").await;
    c.click_to_leave("#alerts-save").await;
    c.wait_text(".flash", "Vos réglages d'alerte sont enregistrés.")
        .await;
    let (_, settings) = api.get("/api/v1/me/settings").await;
    assert_eq!(
        settings["alerts"],
        alerts_with(json!({"kinds": ["bounding_boxes"], "languages": ["fr"],
            "end_uses": ["research", "accessibility"], "min_pay_per_hour": "8.00", "no_sensitive": true}))
    );
    let _ = c.driver.clone().quit().await;
}

#[tokio::test]
async fn browser_a_worker_writes_about_an_assignment_and_the_requester_answers_in_its_thread() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("about").await;
    let project = requester
        .funded_project(2, json!({"title": "Street names", "answers_per_task": 1}))
        .await;
    c.sign_up("worker", "Soa", "soa@worker.test", None).await;
    let api = app.key_for("soa@worker.test", PASSWORD).await;
    let a = answer(&app, &api, &project, json!("pos"), 30).await;
    let thread = format!("#a-{a}");

    // The worker writes from the assignment's line in their history.
    c.go("/work/history").await;
    c.click_to_leave(&format!("#a-{a} a.write")).await;
    c.wait_text(
        "#new-message h2",
        "Write to the requester about this assignment",
    )
    .await;
    c.wait_text("#new-message .about", "About an assignment:")
        .await;
    c.fill("#new-text", "Is \"pos\" right when the text is ironic?")
        .await;
    c.click_to_leave("#new-send").await;
    c.wait_text("#message-sent", "Your message is sent.").await;
    let text = c.wait_text(&thread, "ironic?").await;
    assert!(
        text.contains("Street names: Org of about@requester.test"),
        "{text}"
    );
    c.shoot("messages-assignment-worker").await;
    c.sign_out().await;

    // The requester reads it in the assignment's thread and follows its link.
    sign_in(&c, "about@requester.test").await;
    c.go("/messages").await;
    let text = c.wait_text(&thread, "ironic?").await;
    assert!(text.contains("The worker ·"), "{text}");
    c.click_to_leave(&format!("{thread} a.assignment-link"))
        .await;
    c.el(&format!("#r-{a}")).await;
    let shown = c
        .js("return document.querySelectorAll('.review-item').length;")
        .await;
    assert_eq!(shown, json!(1), "the review of that one answer");
    // And answers from the review page's form about this assignment.
    c.click(&format!("#r-{a} details.write summary")).await;
    c.fill(
        &format!("#write-{a}"),
        "Yes: irony still reads as its words.",
    )
    .await;
    c.click_to_leave(&format!("#r-{a} details.write button[type=submit]"))
        .await;
    c.wait_text("#message-sent", "Your message is sent.").await;
    c.wait_text(&thread, "Yes: irony still reads as its words.")
        .await;
    c.shoot_at("messages-assignment-requester", &thread).await;

    // In French, from the thread itself.
    c.go("/lang?l=fr&back=/messages").await;
    c.wait_text(&format!("{thread} .about"), "Au sujet d'une tâche :")
        .await;
    c.fill(&format!("{thread} textarea"), "Merci de la question.")
        .await;
    c.click_to_leave(&format!("{thread} button[type=submit]"))
        .await;
    c.wait_text("#message-sent", "Votre message est envoyé.")
        .await;
    c.sign_out().await;

    // The worker reads both answers in the thread, in French.
    sign_in(&c, "soa@worker.test").await;
    c.go("/messages").await;
    let text = c.wait_text(&thread, "Merci de la question.").await;
    assert!(
        text.contains("Yes: irony still reads as its words."),
        "{text}"
    );
    assert!(text.contains("Vous ·"), "{text}");
    c.wait_text(&format!("{thread} .about"), "Au sujet d'une tâche :")
        .await;
    c.shoot_at("messages-assignment-worker-fr", &thread).await;
    let (_, mine) = api.get("/api/v1/messages").await;
    let texts: Vec<(&str, &str)> = mine[0]["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| {
            assert_eq!(m["assignment_id"], json!(a), "{m}");
            (
                m["from"].as_str().unwrap_or_default(),
                m["text"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        texts,
        [
            ("worker", "Is \"pos\" right when the text is ironic?"),
            ("requester", "Yes: irony still reads as its words."),
            ("requester", "Merci de la question."),
        ]
    );
    let _ = c.driver.clone().quit().await;
}
