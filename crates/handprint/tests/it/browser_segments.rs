//! The segments task page in Chromium (issue 15): a worker marks who speaks when on an
//! uploaded recording with the keyboard at desktop size ([ and ] at the player's time,
//! digits for labels, arrows to seek), edits and removes a segment in the list, and marks
//! another recording with taps at phone size; the requester's answers page shows them.

use crate::browser::{Chrome, ONE_BROWSER, chrome, sign_in, start_task};
use crate::browser_kinds3::page_weight;
use crate::kinds_segments::speakers_draft;
use crate::support::TestApp;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;

/// The worker's answer as the page's script wrote it.
async fn answer_json(c: &Chrome) -> Value {
    let text = c
        .js("return document.querySelector('.segmenter .answer-json').value;")
        .await;
    serde_json::from_str(text.as_str().unwrap_or("{}")).unwrap_or(Value::Null)
}

/// Waits until the player knows the recording's duration (its metadata is loaded).
async fn player_ready(c: &Chrome) {
    let started = Instant::now();
    loop {
        let duration = c
            .js("const p = document.querySelector('.task-body audio'); return p && p.readyState >= 1 ? p.duration : 0;")
            .await;
        if duration.as_f64().unwrap_or(0.0) > 0.0 {
            assert_eq!(duration, json!(4), "the 4-second recording");
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the recording did not load"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn keys(c: &Chrome, keys: impl Into<TypingData>) {
    c.driver
        .action_chain()
        .send_keys(keys)
        .perform()
        .await
        .expect("keys");
}

async fn player_time(c: &Chrome) -> Value {
    c.js("return document.querySelector('.task-body audio').currentTime;")
        .await
}

#[tokio::test]
async fn browser_a_worker_marks_segments_with_the_keys_and_with_taps_on_a_phone() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("segbrowser").await;
    let project = speakers_draft(&requester, 1, 2).await;
    requester.deposit_what_publishing_needs(&project).await;
    requester.publish(&project).await;
    c.sign_up("worker", "Noor", "noor@worker.test", None).await;

    // Desktop, keyboard only: 2 picks bob, → seeks to 1 s, [ starts, → → to 3 s, ] ends;
    // then 1 picks alice, ← ← ← back to 0, [ … → … ] gives alice 0–1.
    start_task(&c, &project).await;
    let weight = page_weight(&c).await;
    assert!(
        (1000..=50 * 1024).contains(&weight),
        "the segments page, its recording aside, stays within 50 KB: {weight}"
    );
    c.el(".segmenter").await;
    player_ready(&c).await;
    c.js("document.activeElement.blur(); return 1;").await;
    keys(&c, "2").await;
    keys(&c, Key::Right).await;
    assert_eq!(player_time(&c).await, json!(1), "→ seeks a second");
    keys(&c, "[").await;
    keys(&c, Key::Right).await;
    keys(&c, Key::Right).await;
    keys(&c, "]").await;
    keys(&c, "1").await;
    for _ in 0..3 {
        keys(&c, Key::Left).await;
    }
    keys(&c, "[").await;
    keys(&c, Key::Right).await;
    keys(&c, "]").await;
    assert_eq!(
        answer_json(&c).await,
        json!({"segments": [{"start": 0, "end": 1, "label": "alice"}, {"start": 1, "end": 3, "label": "bob"}]})
    );
    // A third one, 3–4 bob, removed again; the first's end edited in the list to 0.75.
    keys(&c, "2").await;
    keys(&c, Key::Right).await;
    keys(&c, Key::Right).await;
    keys(&c, "[").await;
    keys(&c, Key::Right).await;
    keys(&c, "]").await;
    assert_eq!(
        answer_json(&c).await["segments"][2],
        json!({"start": 3, "end": 4, "label": "bob"})
    );
    c.click(".seg-list li:nth-child(3) .seg-delete").await;
    c.js(
        "const i = document.querySelector('.seg-list li:first-child .seg-to'); i.value = '0.75'; \
          i.dispatchEvent(new Event('change', {bubbles: true})); return 1;",
    )
    .await;
    c.select(".seg-speed", "2").await;
    let rate = c
        .js("return document.querySelector('.task-body audio').playbackRate;")
        .await;
    assert_eq!(rate, json!(2), "the speed control sets the playback rate");
    assert_eq!(
        answer_json(&c).await,
        json!({"segments": [{"start": 0, "end": 0.75, "label": "alice"}, {"start": 1, "end": 3, "label": "bob"}]})
    );
    c.shoot_at("task-segments", ".task-body").await;
    c.click_to_leave("#submit").await;

    // Phone, taps only: alice, 1 s ▶, Start here, 1 s ▶ twice, End here.
    c.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": true}),
    )
    .await;
    start_task(&c, &project).await;
    c.el(".segmenter").await;
    player_ready(&c).await;
    c.click(".seg-label[data-label=alice]").await;
    c.click("[data-seek='1']").await;
    c.click(".seg-mark-start").await;
    c.click("[data-seek='1']").await;
    c.click("[data-seek='1']").await;
    c.click(".seg-mark-end").await;
    assert_eq!(
        answer_json(&c).await,
        json!({"segments": [{"start": 1, "end": 3, "label": "alice"}]})
    );
    let width = c
        .js("return [document.documentElement.scrollWidth, document.documentElement.clientWidth];")
        .await;
    assert_eq!(width[0], width[1], "nothing scrolls sideways on a phone");
    c.click_to_leave("#submit").await;
    c.cdp("Emulation.clearDeviceMetricsOverride", json!({}))
        .await;

    let (status, body) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers"))
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    let mut answers: Vec<Value> = body
        .lines()
        .map(|line| {
            let a: Value = serde_json::from_str(line).expect("a JSON line");
            a["answer"].clone()
        })
        .collect();
    answers.sort_by_key(|a| a["segments"].as_array().map_or(0, Vec::len));
    assert_eq!(
        answers,
        vec![
            json!({"segments": [{"start": 1, "end": 3, "label": "alice"}]}),
            json!({"segments": [{"start": 0, "end": 0.75, "label": "alice"}, {"start": 1, "end": 3, "label": "bob"}]}),
        ]
    );

    // The requester's answers page lists the segments as text.
    c.sign_out().await;
    sign_in(&c, "segbrowser@requester.test").await;
    c.go(&format!("/projects/{project}/answers")).await;
    let text = c.wait_text("main", "1–3 s bob").await;
    assert!(text.contains("0–0.75 s alice"), "{text}");
    let _ = c.driver.clone().quit().await;
}
