//! The pairwise task page in Chromium: a worker compares two replies with the keyboard
//! (→ picks the right, Enter sends) at desktop size, and another with a tap at phone
//! size, the options stacked within the screen's width.

use crate::browser::{ONE_BROWSER, chrome, start_task};
use crate::support::TestApp;
use serde_json::{Value, json};

#[tokio::test]
async fn browser_a_worker_compares_two_replies_with_the_keys_and_with_a_tap_on_a_phone() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("pwbrowser").await;
    let project = requester
        .funded_project_of(
            json!({"kind": "pairwise", "question": "Which reply is more helpful?",
                "prompt_field": "prompt", "left_field": "a", "right_field": "b", "allow_tie": true}),
            &[
                json!({"external_id": "q1", "prompt": "Where can I return a book after closing time?",
                    "a": "I don't know.", "b": "Use the return slot to the right of the main door; it is emptied every morning."}),
                json!({"external_id": "q2", "prompt": "Can I renew a loan online?",
                    "a": "Yes: sign in, open My loans and press Renew (twice at most).", "b": "Ask someone."}),
            ],
        )
        .await;
    c.sign_up("worker", "Ilse", "ilse@worker.test", None).await;

    // Desktop: the keyboard.
    start_task(&c, &project).await;
    c.el(".pairwise").await;
    let prompt = c.wait_text(".pair-prompt .v", "").await;
    assert!(prompt.ends_with('?'), "{prompt}");
    c.js("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true})); return 1;")
        .await;
    let checked = c
        .js("return document.querySelector('.pairwise input:checked').value;")
        .await;
    assert_eq!(checked, json!("right"), "→ picks the right");
    c.js("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowDown', bubbles: true})); return 1;")
        .await;
    let checked = c
        .js("return document.querySelector('.pairwise input:checked').value;")
        .await;
    assert_eq!(checked, json!("tie"), "↓ picks a tie");
    c.js("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowLeft', bubbles: true})); return 1;")
        .await;
    c.js("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true})); return 1;")
        .await;
    c.shoot_at("task-pairwise", ".task-body").await;
    c.click_to_leave("#submit").await;

    // Phone: a tap on the left option, the two options stacked inside the width.
    c.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": true}),
    )
    .await;
    start_task(&c, &project).await;
    let sides = c
        .js("const [l, r] = [...document.querySelectorAll('.pair-option')].map(e => e.getBoundingClientRect()); \
             return [l.right <= window.innerWidth, r.right <= window.innerWidth, r.top >= l.bottom];")
        .await;
    assert_eq!(sides, json!([true, true, true]), "stacked within the width");
    c.click("#pair-left").await;
    c.click_to_leave("#submit").await;
    c.cdp("Emulation.clearDeviceMetricsOverride", json!({}))
        .await;

    let (status, body) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers"))
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    let mut sides: Vec<String> = body
        .lines()
        .map(|line| {
            let a: Value = serde_json::from_str(line).expect("a JSON line");
            a["answer"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    sides.sort();
    // The keys gave "right", the tap "left".
    assert_eq!(sides, ["left", "right"], "{body}");
    let _ = c.driver.clone().quit().await;
}
