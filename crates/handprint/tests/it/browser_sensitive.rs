//! Sensitive content in a real browser (see `browser`): the worker opts in on the
//! settings page; the item's image stays blurred and greyscale until its button
//! reveals it (by keyboard); the task page counts today's minutes and, after a long
//! enough stretch (test clock), suggests a break; in English and in French.

use crate::browser::{Chrome, ONE_BROWSER, chrome};
use crate::browser_media::image_host;
use crate::support::{Client, TestApp};
use handprint_core::sensitive::SensitivePolicy;
use handprint_server::Settings;
use reqwest::StatusCode;
use serde_json::{Value, json};
use thirtyfour::prelude::*;

/// A draft image project declaring `categories`, three items answered once each.
async fn image_draft(requester: &Client, host: &str, categories: Value) -> String {
    let template = json!({"kind": "single_choice", "question": "Does it break the rules?",
        "options": ["yes", "no"], "media": {"type": "image", "field": "image_url"}});
    let project = requester
        .project(
            json!({"template": template, "answers_per_task": 1, "lease_seconds": 3600,
            "sensitive_content": categories}),
        )
        .await;
    let id = project["id"].as_str().expect("id").to_string();
    let rows: String = (0..3)
        .map(|i| {
            format!(
                "{}\n",
                json!({"external_id": format!("v{i}"), "image_url": format!("{host}/v{i}.svg")})
            )
        })
        .collect();
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            rows,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    id
}

/// A published image project declaring violence, three items answered once each.
async fn violent_images(requester: &Client, host: &str) -> String {
    let id = image_draft(requester, host, json!(["violence"])).await;
    requester.deposit_what_publishing_needs(&id).await;
    requester.publish(&id).await;
    id
}

/// The image's CSS filter as the browser computes it.
async fn filter(c: &Chrome) -> Value {
    c.js("return getComputedStyle(document.querySelector('img.item-img')).filter;")
        .await
}

#[tokio::test]
async fn browser_sensitive_media_is_blurred_until_revealed_with_a_counter_and_a_break_prompt() {
    let _one = ONE_BROWSER.lock().await;
    let settings = Settings {
        sensitive: SensitivePolicy {
            break_after_minutes: 2,
            wellbeing_url: Some("https://wellbeing.example.org/help".into()),
            ..SensitivePolicy::default()
        },
        ..Settings::default()
    };
    let app = TestApp::spawn_with(settings).await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let host = image_host().await;
    let requester = app.requester("moderation").await;
    let project = violent_images(&requester, &host).await;

    // Not opted in: the card says why and offers no Start. Opting in on the settings page.
    c.sign_up("worker", "Noor", "noor@worker.test", None).await;
    c.go("/work").await;
    c.wait_text(
        &format!("#p-{project} .why-not"),
        "you have not chosen to see (violence)",
    )
    .await;
    assert_eq!(
        c.js(&format!(
            "return document.querySelector('#p-{project} form[action=\"/work/next\"]') === null;"
        ))
        .await,
        json!(true),
        "no Start button"
    );
    c.go("/me/settings").await;
    c.click("input[name=sensitive_opt_in][value=violence]")
        .await;
    c.click_to_leave("#sensitive-save").await;
    c.go("/work").await;
    c.click_to_leave(&format!("#p-{project} button[type=submit]"))
        .await;
    assert!(c.url().await.contains("/work/a/"), "{}", c.url().await);

    // Blurred and greyscale; revealed by the keyboard, item by item.
    c.el("img.item-img").await;
    assert_eq!(filter(&c).await, json!("blur(28px) grayscale(1)"));
    c.wait_text("#exposure-counter", "Violence: 0 of 120 minutes today")
        .await;
    let link = c.el("#wellbeing-link").await;
    assert_eq!(
        link.attr("href").await.expect("href").as_deref(),
        Some("https://wellbeing.example.org/help")
    );
    assert_eq!(
        c.js("return document.getElementById('break-prompt') === null;")
            .await,
        json!(true)
    );
    let reveal = c.el("#reveal").await;
    assert_eq!(reveal.text().await.expect("text"), "Show the media");
    reveal.focus().await.expect("focus");
    reveal.send_keys(Key::Enter).await.expect("enter");
    assert_eq!(filter(&c).await, json!("none"));
    assert_eq!(
        reveal
            .attr("aria-pressed")
            .await
            .expect("pressed")
            .as_deref(),
        Some("true")
    );
    assert_eq!(reveal.text().await.expect("text"), "Blur the media again");
    reveal.send_keys(" ").await.expect("space");
    assert_eq!(filter(&c).await, json!("blur(28px) grayscale(1)"));
    reveal.send_keys(Key::Enter).await.expect("enter");

    // Three minutes on it, answered: the next item is blurred again, the counter says
    // 3 minutes, and a break is suggested (the stretch passed 2 minutes).
    app.clock.advance_seconds(180);
    c.click("input[name=answer][value=no]").await;
    c.click_to_leave("#submit").await;
    c.el("img.item-img").await;
    assert_eq!(filter(&c).await, json!("blur(28px) grayscale(1)"));
    c.wait_text("#exposure-counter", "Violence: 3 of 120 minutes today")
        .await;
    let prompt = c.wait_text("#break-prompt", "A break helps").await;
    assert!(
        prompt.contains("Take a break (give this item back, free)"),
        "{prompt}"
    );
    c.click("#break-dismiss").await;
    assert_eq!(
        c.js("return document.getElementById('break-prompt').hidden;")
            .await,
        json!(true)
    );

    // In French.
    let here = c.url().await;
    let path = here.trim_start_matches(&app.base).to_string();
    c.go(&format!("/lang?l=fr&back={path}")).await;
    c.wait_text(
        "#exposure-counter",
        "Violence : 3 sur 120 minutes aujourd'hui",
    )
    .await;
    c.wait_text("#break-prompt", "Une pause aide").await;
    assert_eq!(
        c.el("#reveal").await.text().await.expect("text"),
        "Afficher le média"
    );
    c.click("#reveal").await;
    assert_eq!(filter(&c).await, json!("none"));
    assert_eq!(
        c.el("#reveal").await.text().await.expect("text"),
        "Flouter à nouveau le média"
    );
    c.wait_text("#wellbeing-link", "Soutien et bien-être").await;

    // Taking the break gives the item back, free.
    c.click_to_leave("#break-take").await;
    assert!(c.url().await.ends_with("/work"), "{}", c.url().await);
    let _ = c.driver.clone().quit().await;
}

/// The labels of the project editor's sensitive-content boxes, in order.
async fn sensitive_boxes(c: &Chrome) -> Value {
    c.js("return [...document.querySelectorAll('#sensitive_content label')].map(l => l.textContent.trim());")
        .await
}

#[tokio::test]
async fn browser_an_operator_category_is_offered_in_the_editor_and_its_item_is_revealed() {
    let _one = ONE_BROWSER.lock().await;
    let settings = Settings {
        sensitive: SensitivePolicy {
            extra_categories: vec!["animal-cruelty".into()],
            ..SensitivePolicy::default()
        },
        ..Settings::default()
    };
    let app = TestApp::spawn_with(settings).await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let host = image_host().await;

    // The requester's editor offers the operator's category beside the built-in ones.
    c.sign_up(
        "requester",
        "Ines",
        "ines@requester.test",
        Some("Shelter watch"),
    )
    .await;
    let requester = app
        .key_for("ines@requester.test", "correct horse battery")
        .await;
    let project = image_draft(&requester, &host, json!(["none"])).await;
    c.go(&format!("/projects/{project}/edit")).await;
    assert_eq!(
        sensitive_boxes(&c).await,
        json!([
            "Violence",
            "Sexual content",
            "Hate",
            "Self-harm",
            "animal-cruelty",
            "None"
        ])
    );
    c.click("input[name=sensitive_content][value=none]").await;
    c.click("input[name=sensitive_content][value=animal-cruelty]")
        .await;
    c.click_to_leave("#save").await;
    let (status, saved) = requester.get(&format!("/api/v1/projects/{project}")).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["sensitive_content"], json!(["animal-cruelty"]));
    // In French: the built-in ones translated, the operator's as configured.
    c.go(&format!("/lang?l=fr&back=/projects/{project}/edit"))
        .await;
    c.wait_text("#sensitive_content legend", "Contenu sensible montré")
        .await;
    assert_eq!(
        sensitive_boxes(&c).await,
        json!([
            "Violence",
            "Contenu sexuel",
            "Haine",
            "Automutilation",
            "animal-cruelty",
            "Aucun"
        ])
    );
    assert_eq!(
        c.js("return document.querySelector('input[name=sensitive_content][value=animal-cruelty]').checked;")
            .await,
        json!(true)
    );
    c.go("/lang?l=en&back=/").await;
    c.sign_out().await;
    requester.deposit_what_publishing_needs(&project).await;
    requester.publish(&project).await;

    // A worker opted in to it gets the item blurred and reveals it.
    c.sign_up("worker", "Noor", "noor@worker.test", None).await;
    c.go("/me/settings").await;
    c.click("input[name=sensitive_opt_in][value=animal-cruelty]")
        .await;
    c.click_to_leave("#sensitive-save").await;
    crate::browser::start_task(&c, &project).await;
    c.el("img.item-img").await;
    assert_eq!(filter(&c).await, json!("blur(28px) grayscale(1)"));
    c.wait_text(
        "#exposure-counter",
        "animal-cruelty: 0 of 120 minutes today",
    )
    .await;
    c.click("#reveal").await;
    assert_eq!(filter(&c).await, json!("none"));
    assert_eq!(
        c.el("#reveal").await.text().await.expect("text"),
        "Blur the media again"
    );

    // In French, on the same item: blurred again on arrival, revealed by its button.
    let here = c.url().await;
    let path = here.trim_start_matches(&app.base).to_string();
    c.go(&format!("/lang?l=fr&back={path}")).await;
    c.wait_text(
        "#exposure-counter",
        "animal-cruelty : 0 sur 120 minutes aujourd'hui",
    )
    .await;
    assert_eq!(filter(&c).await, json!("blur(28px) grayscale(1)"));
    c.click("#reveal").await;
    assert_eq!(filter(&c).await, json!("none"));
    assert_eq!(
        c.el("#reveal").await.text().await.expect("text"),
        "Flouter à nouveau le média"
    );
    let _ = c.driver.clone().quit().await;
}
