//! The polygons and keypoints task pages in Chromium: a worker outlines a shape and places a
//! skeleton with the mouse and keys at desktop size (Enter closes a polygon, Backspace and
//! Escape undo, a digit picks a label, V marks a point not visible), and again with taps at
//! phone size; screenshots of both pages go to docs/screenshots.

use crate::browser::{Chrome, ONE_BROWSER, chrome, start_task};
use crate::support::TestApp;
use serde_json::{Value, json};

/// A 320×200 picture: a grey street with a dark car.
const PICTURE: &str = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='320' height='200'%3E%3Crect width='320' height='200' fill='%23cfd8dc'/%3E%3Cpath d='M60 140 L120 90 L220 90 L270 140 Z' fill='%23455a64'/%3E%3Ccircle cx='100' cy='150' r='18' fill='%23263238'/%3E%3Ccircle cx='230' cy='150' r='18' fill='%23263238'/%3E%3C/svg%3E";

/// Waits for the stage's image, then returns its box in the viewport once scrolled to it.
async fn stage(c: &Chrome) -> Value {
    c.el(".stage img").await;
    c.js("return new Promise(r => { const i = document.querySelector('.stage img'); \
          const done = () => { i.scrollIntoView({block: 'center'}); const b = i.getBoundingClientRect(); \
          r([b.left, b.top, b.width, b.height]); }; if (i.complete) done(); else i.onload = done; });")
        .await
}

/// The viewport point at fractions (`fx`, `fy`) of the image's box.
fn at(image: &Value, fx: f64, fy: f64) -> (f64, f64) {
    let n = |i: usize| image[i].as_f64().unwrap_or_default();
    (n(0) + n(2) * fx, n(1) + n(3) * fy)
}

async fn click(c: &Chrome, (x, y): (f64, f64)) {
    for kind in ["mousePressed", "mouseReleased"] {
        c.cdp(
            "Input.dispatchMouseEvent",
            json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
        )
        .await;
    }
}

async fn tap(c: &Chrome, (x, y): (f64, f64)) {
    c.cdp(
        "Input.dispatchTouchEvent",
        json!({"type": "touchStart", "touchPoints": [{"x": x, "y": y}]}),
    )
    .await;
    c.cdp(
        "Input.dispatchTouchEvent",
        json!({"type": "touchEnd", "touchPoints": []}),
    )
    .await;
}

async fn key(c: &Chrome, key: &str) {
    c.js(&format!(
        "document.body.dispatchEvent(new KeyboardEvent('keydown', {{key: {}, bubbles: true}})); return 1;",
        json!(key)
    ))
    .await;
}

async fn drawn(c: &Chrome) -> Value {
    let text = c
        .js("return document.querySelector('.answer-json').value;")
        .await;
    serde_json::from_str(text.as_str().unwrap_or("{}")).unwrap_or(Value::Null)
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

/// The answers of a project, as the API exports them.
async fn answers(requester: &crate::support::Client, project: &str) -> Vec<Value> {
    let (status, body) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers"))
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    body.lines()
        .map(|line| serde_json::from_str::<Value>(line).expect("a JSON line")["answer"].clone())
        .collect()
}

#[tokio::test]
async fn browser_a_worker_outlines_shapes_and_places_a_skeleton_with_keys_and_with_taps() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("geobrowser").await;
    let item = |id: &str| json!({"external_id": id, "photo": PICTURE, "image_width": 320, "image_height": 200});
    let outlines = requester
        .funded_project_of(
            json!({"kind": "polygons", "question": "Outline the car.",
                "media": {"type": "image", "field": "photo"}, "labels": ["wheel", "car"]}),
            &[item("o1"), item("o2")],
        )
        .await;
    c.sign_up("worker", "Noor", "noor@worker.test", None).await;

    // Desktop: clicks, a digit for the label, Enter closes; Backspace and Escape undo.
    start_task(&c, &outlines).await;
    let image = stage(&c).await;
    for (fx, fy) in [(0.2, 0.7), (0.4, 0.45), (0.7, 0.45)] {
        click(&c, at(&image, fx, fy)).await;
    }
    key(&c, "2").await;
    key(&c, "Enter").await;
    let image = stage(&c).await;
    click(&c, at(&image, 0.1, 0.1)).await;
    click(&c, at(&image, 0.2, 0.1)).await;
    key(&c, "Backspace").await;
    key(&c, "Escape").await;
    let answer = drawn(&c).await;
    assert_eq!(
        answer["polygons"].as_array().map(Vec::len),
        Some(1),
        "{answer}"
    );
    assert_eq!(answer["polygons"][0]["label"], "car", "{answer}");
    assert_eq!(
        answer["polygons"][0]["points"].as_array().map(Vec::len),
        Some(3),
        "{answer}"
    );
    // The points are in the image's own pixels (320 wide, shown at another width).
    assert_eq!(
        answer["polygons"][0]["points"][0],
        json!([64, 140]),
        "{answer}"
    );
    assert_eq!(
        c.js("return document.querySelectorAll('.mark-svg polygon').length;")
            .await,
        json!(1)
    );
    c.shoot_at("task-polygons", ".task-body").await;
    c.click_to_leave("#submit").await;

    // Phone: taps, then the close button.
    phone(&c).await;
    start_task(&c, &outlines).await;
    let image = stage(&c).await;
    let fits = c
        .js("return document.querySelector('.stage').getBoundingClientRect().right <= window.innerWidth;")
        .await;
    assert_eq!(fits, json!(true), "the image fits the phone's width");
    for (fx, fy) in [(0.25, 0.75), (0.5, 0.3), (0.75, 0.75), (0.5, 0.9)] {
        tap(&c, at(&image, fx, fy)).await;
    }
    c.click(".poly-close").await;
    let answer = drawn(&c).await;
    assert_eq!(
        answer["polygons"][0]["points"].as_array().map(Vec::len),
        Some(4),
        "{answer}"
    );
    c.click_to_leave("#submit").await;
    desktop(&c).await;
    let sent = answers(&requester, &outlines).await;
    let mut labels: Vec<&str> = sent
        .iter()
        .filter_map(|a| a["polygons"][0]["label"].as_str())
        .collect();
    labels.sort_unstable();
    assert_eq!(labels, ["car", "wheel"], "{sent:?}");

    let skeleton = requester
        .funded_project_of(
            json!({"kind": "keypoints", "question": "Place the car's lights and mirror.",
                "media": {"type": "image", "field": "photo"}, "category": "car",
                "points": ["front_light", "back_light", "mirror"],
                "edges": [["front_light", "back_light"]]}),
            &[item("k1"), item("k2")],
        )
        .await;

    // Desktop: two clicks place the first two points (each choosing the next), V hides the third.
    start_task(&c, &skeleton).await;
    let image = stage(&c).await;
    click(&c, at(&image, 0.8, 0.6)).await;
    click(&c, at(&image, 0.2, 0.6)).await;
    key(&c, "v").await;
    let answer = drawn(&c).await;
    assert_eq!(
        answer,
        json!({"points": {"front_light": {"x": 256, "y": 120}, "back_light": {"x": 64, "y": 120},
            "mirror": {"visible": false}}})
    );
    assert_eq!(
        c.js("return document.querySelectorAll('.mark-svg line').length;")
            .await,
        json!(1),
        "the bone between the lights"
    );
    c.shoot_at("task-keypoints", ".task-body").await;
    c.click_to_leave("#submit").await;

    // Phone: three taps place the three points.
    phone(&c).await;
    start_task(&c, &skeleton).await;
    let image = stage(&c).await;
    for (fx, fy) in [(0.85, 0.6), (0.15, 0.6), (0.45, 0.4)] {
        tap(&c, at(&image, fx, fy)).await;
    }
    let answer = drawn(&c).await;
    let points = answer["points"].as_object().cloned().unwrap_or_default();
    assert_eq!(points.len(), 3, "{answer}");
    assert!(points.values().all(|p| p["x"].is_number()), "{answer}");
    c.click_to_leave("#submit").await;
    desktop(&c).await;
    let sent = answers(&requester, &skeleton).await;
    let mut mirrors: Vec<bool> = sent
        .iter()
        .filter_map(|a| a["points"]["mirror"]["visible"].as_bool())
        .collect();
    mirrors.sort_unstable();
    assert_eq!(mirrors, [false, true], "{sent:?}");
    let _ = c.driver.clone().quit().await;
}
