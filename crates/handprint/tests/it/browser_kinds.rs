//! The marking kinds of issue 15 in a real browser (see `browser`): a worker marks spans
//! by tapping words on a phone and with the keyboard on a desktop, and the requester's
//! answers page shows what was marked.

use crate::browser::{Chrome, ONE_BROWSER, chrome, sign_in};
use crate::support::TestApp;
use serde_json::{Value, json};
use std::time::Instant;
use thirtyfour::prelude::*;

/// The worker's answer as the page's script wrote it.
async fn answer_json(c: &Chrome) -> Value {
    let text = c
        .js("return document.querySelector('.answer-json').value;")
        .await;
    serde_json::from_str(text.as_str().unwrap_or("{}")).unwrap_or(Value::Null)
}

/// Sign a new worker up through the pages and open a task of `project`.
async fn start(c: &Chrome, email: &str, project: &str) {
    c.sign_up("worker", "Hery", email, None).await;
    c.go("/work").await;
    c.click_to_leave(&format!("#p-{project} button[type=submit]"))
        .await;
    assert!(c.url().await.contains("/work/a/"), "{}", c.url().await);
}

async fn phone(c: &Chrome) {
    c.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": true}),
    )
    .await;
    c.cdp(
        "Emulation.setTouchEmulationEnabled",
        json!({"enabled": true, "maxTouchPoints": 1}),
    )
    .await;
}

async fn desktop(c: &Chrome) {
    c.cdp(
        "Emulation.setTouchEmulationEnabled",
        json!({"enabled": false}),
    )
    .await;
    c.cdp("Emulation.clearDeviceMetricsOverride", json!({}))
        .await;
}

/// Send keys to whatever has the focus.
async fn keys(c: &Chrome, keys: impl Into<TypingData>) {
    c.driver
        .action_chain()
        .send_keys(keys)
        .perform()
        .await
        .expect("keys");
}

async fn submit_and_wait(c: &Chrome) {
    let before = c.url().await;
    c.click("#submit").await;
    let started = Instant::now();
    while c.url().await == before {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the answer was not sent"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn browser_a_worker_marks_spans_by_tapping_on_a_phone_and_with_the_keyboard() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("ner").await;
    let template = json!({"kind": "spans", "question": "Mark every person and place.",
        "labels": ["person", "place"]});
    let project = requester
        .funded_project_of(
            template,
            &[
                json!({"external_id": "s1", "text": "Ana Rakoto flew to Lyon on Monday."}),
                json!({"external_id": "s2", "text": "Hery met Noor in Toamasina."}),
            ],
        )
        .await;

    // On a phone: tap "Ana", tap "Rakoto", tap "person"; tap "Lyon", tap "Lyon", tap "place".
    phone(&c).await;
    start(&c, "hery@worker.test", &project).await;
    c.el(".spanner .tok").await;
    let first = c
        .js("return document.querySelector('.span-text').textContent;")
        .await;
    let first = first.as_str().unwrap_or("").to_string();
    let words: Vec<&str> = first.split_whitespace().collect();
    let tok = |word: &str| {
        let i = words.iter().position(|w| *w == word).expect("a word");
        format!(".tok[data-t='{i}']")
    };
    if first.starts_with("Ana") {
        c.click(&tok("Ana")).await;
        c.click(&tok("Rakoto")).await;
        c.click(".span-label[data-label=person]").await;
        c.click(&tok("Lyon")).await;
        c.click(&tok("Lyon")).await;
        c.click(".span-label[data-label=place]").await;
        let marked = answer_json(&c).await;
        assert_eq!(
            marked,
            json!({"spans": [{"start": 0, "end": 10, "label": "person"}, {"start": 19, "end": 23, "label": "place"}]})
        );
    } else {
        c.click(&tok("Hery")).await;
        c.click(&tok("Hery")).await;
        c.click(".span-label[data-label=person]").await;
        c.click(&tok("Noor")).await;
        c.click(".span-label[data-label=person]").await;
        c.click(&tok("Toamasina.")).await;
        c.click(".span-label[data-label=place]").await;
        let marked = answer_json(&c).await;
        assert_eq!(
            marked,
            json!({"spans": [{"start": 0, "end": 4, "label": "person"}, {"start": 9, "end": 13, "label": "person"}, {"start": 17, "end": 27, "label": "place"}]})
        );
    }
    let width = c
        .js("return [document.documentElement.scrollWidth, document.documentElement.clientWidth];")
        .await;
    assert_eq!(width[0], width[1], "nothing scrolls sideways on a phone");
    c.shoot_at("task-spans", ".spanner").await;
    phone(&c).await;
    submit_and_wait(&c).await;

    // On a desktop, with the keyboard only: the first word has the focus after a Tab into
    // the text; Shift+→ takes the next word, 1 labels "person"; → → … and 2 labels "place".
    desktop(&c).await;
    c.el(".spanner .tok").await;
    let second = c
        .js("return document.querySelector('.span-text').textContent;")
        .await;
    let second = second.as_str().unwrap_or("").to_string();
    c.js("document.querySelector('.tok[data-t=\"0\"]').focus(); return 1;")
        .await;
    if second.starts_with("Ana") {
        keys(&c, Key::Shift + Key::Right).await;
        keys(&c, "1").await;
        for _ in 0..3 {
            keys(&c, Key::Right).await;
        }
        keys(&c, Key::Enter).await;
        keys(&c, "2").await;
        assert_eq!(
            answer_json(&c).await,
            json!({"spans": [{"start": 0, "end": 10, "label": "person"}, {"start": 19, "end": 23, "label": "place"}]})
        );
    } else {
        keys(&c, Key::Enter).await;
        keys(&c, "1").await;
        keys(&c, Key::Right).await;
        keys(&c, Key::Right).await;
        keys(&c, Key::Enter).await;
        keys(&c, "1").await;
        for _ in 0..2 {
            keys(&c, Key::Right).await;
        }
        keys(&c, Key::Enter).await;
        keys(&c, "2").await;
        // A wrong one, taken back with Delete.
        keys(&c, Key::Left).await;
        keys(&c, Key::Enter).await;
        keys(&c, "2").await;
        keys(&c, Key::Delete).await;
        assert_eq!(
            answer_json(&c).await,
            json!({"spans": [{"start": 0, "end": 4, "label": "person"}, {"start": 9, "end": 13, "label": "person"}, {"start": 17, "end": 27, "label": "place"}]})
        );
    }
    submit_and_wait(&c).await;
    c.sign_out().await;

    // The requester's answers page lists what was marked, with the words.
    sign_in(&c, "ner@requester.test").await;
    c.go(&format!("/projects/{project}/answers")).await;
    let text = c.wait_text("main", "“Ana Rakoto” person").await;
    assert!(text.contains("“Lyon” place"), "{text}");
    assert!(text.contains("“Toamasina.” place"), "{text}");
    let _ = c.driver.clone().quit().await;
}
