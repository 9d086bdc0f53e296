//! The task page in a real browser (see `browser`): an item's image served over
//! HTTP fits a phone's screen, the offline banner is the only status once an
//! answer waits, and Skip and Report say what they did.

use crate::browser::{Chrome, ONE_BROWSER, chrome};
use crate::support::TestApp;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A picture wider than any phone.
const WIDE_SVG: &str = "<svg xmlns='http://www.w3.org/2000/svg' width='1200' height='800'><rect width='1200' height='800' fill='#cfd8dc'/><circle cx='600' cy='400' r='300' fill='#607d8b'/></svg>";

/// Serves `WIDE_SVG` at every path of a new local address, as a media host would.
pub(crate) async fn image_host() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = [0_u8; 2048];
                let _ = socket.read(&mut request).await;
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: image/svg+xml\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{WIDE_SVG}",
                    WIDE_SVG.len()
                );
                let _ = socket.write_all(reply.as_bytes()).await;
            });
        }
    });
    format!("http://{address}")
}

/// Sign a new worker up through the pages and open a task of `project`.
async fn start(c: &Chrome, email: &str, project: &str) {
    c.sign_up("worker", "Noor", email, None).await;
    c.go("/work").await;
    c.click_to_leave(&format!("#p-{project} button[type=submit]"))
        .await;
    assert!(c.url().await.contains("/work/a/"), "{}", c.url().await);
}

fn sentiment(items: usize) -> (Value, Vec<Value>) {
    let template = json!({"kind": "single_choice", "options": [
        {"value": "pos", "label": "Positive"}, {"value": "neg", "label": "Negative"}]});
    let rows = (0..items)
        .map(|i| json!({"external_id": format!("s{i}"), "text": format!("review {i}")}))
        .collect();
    (template, rows)
}

#[tokio::test]
async fn browser_an_items_image_fits_a_phones_screen() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let host = image_host().await;
    let requester = app.requester("gallery").await;
    let template = json!({"kind": "single_choice", "question": "Which animal is it?",
        "options": ["cat", "dog"], "media": {"type": "image", "field": "image_url"}});
    let project = requester
        .funded_project_of(
            template,
            &[json!({"external_id": "img11", "image_url": format!("{host}/img11.svg")})],
        )
        .await;
    c.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true}),
    )
    .await;
    start(&c, "noor@worker.test", &project).await;
    c.el("img.item-img").await;
    let started = Instant::now();
    let measured = loop {
        let m = c
            .js("const i = document.querySelector('img.item-img'); const r = i.getBoundingClientRect();
                 return {count: document.querySelectorAll('img').length, natural: i.naturalWidth,
                         width: Math.round(r.width), left: Math.round(r.left), right: Math.round(r.right),
                         viewport: document.documentElement.clientWidth,
                         scroll: document.documentElement.scrollWidth,
                         text: document.body.innerText};")
            .await;
        if m["natural"] == json!(1200) || started.elapsed() > Duration::from_secs(15) {
            break m;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(measured["natural"], 1200, "the image loaded: {measured}");
    assert_eq!(measured["count"], 1, "{measured}");
    let viewport = measured["viewport"].as_i64().expect("viewport");
    let (left, right, width) = (
        measured["left"].as_i64().expect("left"),
        measured["right"].as_i64().expect("right"),
        measured["width"].as_i64().expect("width"),
    );
    assert_eq!(viewport, 390, "{measured}");
    assert!(
        left >= 0 && right <= viewport && width >= 300,
        "the image is within the screen and fills most of it: {measured}"
    );
    assert!(
        measured["scroll"].as_i64().expect("scroll") <= viewport,
        "nothing scrolls sideways: {measured}"
    );
    let text = measured["text"].as_str().expect("text").to_lowercase();
    assert!(
        !text.contains("image_url") && !text.contains("image url"),
        "{text}"
    );
    let _ = c.driver.clone().quit().await;
}

#[tokio::test]
async fn browser_while_an_answer_waits_offline_the_banner_is_the_only_status() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("banner").await;
    let (template, items) = sentiment(3);
    let project = requester.funded_project_of(template, &items).await;
    start(&c, "lina@worker.test", &project).await;

    // The first answer goes through: the next task says so.
    c.click("input[name=answer][value=pos]").await;
    c.click_to_leave("#submit").await;
    c.wait_text("#task-flash", "Answer sent.").await;

    // Offline, the next answer waits on the phone: only that is said.
    c.cdp("Network.enable", json!({})).await;
    c.cdp(
        "Network.emulateNetworkConditions",
        json!({"offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
    )
    .await;
    c.click("input[name=answer][value=neg]").await;
    c.click("#submit").await;
    c.wait_text("#queue-status", "You are offline").await;
    let shown = c
        .js(
            "return Array.from(document.querySelectorAll('.flash, .queue, [role=status]'))
                 .filter(e => !e.hidden && e.getClientRects().length > 0)
                 .map(e => e.textContent.trim());",
        )
        .await;
    assert_eq!(
        shown,
        json!([
            "You are offline: your answer is saved on this device and will be sent when the connection comes back."
        ]),
        "one status at a time"
    );
    c.cdp(
        "Network.emulateNetworkConditions",
        json!({"offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
    )
    .await;
    let _ = c.driver.clone().quit().await;
}

#[tokio::test]
async fn browser_skip_and_report_say_what_they_did() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("skips").await;
    let (template, items) = sentiment(3);
    let project = requester.funded_project_of(template, &items).await;
    start(&c, "omar@worker.test", &project).await;

    c.click_to_leave("#skip").await;
    let said = c.wait_text("#task-flash", "Task skipped").await;
    assert_eq!(
        said,
        "✓ Task skipped: it went back to the pool, at no cost to you."
    );

    c.click("details.report summary").await;
    c.select("#reason", "unclear").await;
    c.fill("#note", "The question is cut off.").await;
    c.click_to_leave("details.report button[type=submit]").await;
    let said = c.wait_text("#task-flash", "report").await;
    assert_eq!(
        said,
        "✓ Thank you: your report was sent to the requester, and the task was skipped."
    );
    let reports = app
        .state
        .db
        .task_reports(&project.as_str().into(), 10)
        .await
        .expect("reports");
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].reason, "unclear: The question is cut off.");
    let _ = c.driver.clone().quit().await;
}

/// What the task page's item image and original link hold, once the image has loaded
/// (or after the wait, as it is then).
async fn uploaded_image(c: &Chrome) -> Value {
    c.el("img.item-img").await;
    let started = Instant::now();
    loop {
        let m = c
            .js("const i = document.querySelector('img.item-img');
                 const a = document.querySelector('p.media-original a');
                 const r = i.getBoundingClientRect();
                 return {src_host: new URL(i.src).host, src_path: new URL(i.src).pathname,
                         complete: i.complete, natural: i.naturalWidth,
                         right: Math.round(r.right), viewport: document.documentElement.clientWidth,
                         original: a ? a.href : null};")
            .await;
        if m["natural"].as_i64().unwrap_or(0) > 0 || started.elapsed() > Duration::from_secs(15) {
            return m;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// An image the requester uploaded through the API is shown on the worker's task page
/// from the instance's own signed URL (its smaller rendition), on a desktop and on a
/// phone, and the link to the original loads the full-size picture from the instance.
#[tokio::test]
async fn browser_an_uploaded_image_is_served_by_the_instance_on_desktop_and_phone() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("uploads").await;
    let project = requester
        .project(json!({"answers_per_task": 1, "template": {
            "kind": "single_choice", "question": "Which animal is it?", "options": ["cat", "dog"],
            "media": {"type": "image", "field": "image"}}}))
        .await;
    let project = project["id"].as_str().expect("id").to_string();
    let original = crate::media_uploads::png(1200, 800);
    let (status, body) = requester
        .upload(
            &format!("/api/v1/projects/{project}/media?name=cat-001.png"),
            "image/png",
            original,
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::CREATED, "{body}");
    assert!(body["files"][0]["small_bytes"].is_i64(), "{body}");
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{project}/tasks"),
            "application/x-ndjson",
            "{\"external_id\": \"c1\", \"image\": \"cat-001.png\"}\n",
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{report}");
    requester.deposit_what_publishing_needs(&project).await;
    requester.publish(&project).await;
    let instance = app.base.trim_start_matches("http://").to_string();

    start(&c, "amara@worker.test", &project).await;
    let desktop = uploaded_image(&c).await;
    assert_eq!(desktop["src_host"], json!(instance), "{desktop}");
    assert_eq!(
        desktop["src_path"],
        json!(format!("/media/{project}/cat-001.png")),
        "{desktop}"
    );
    // The rendition: 640 pixels on its longer side.
    assert_eq!(desktop["natural"], 640, "{desktop}");

    // The same task on a phone's screen: the same image, within the screen.
    c.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true}),
    )
    .await;
    let task = c.url().await;
    c.driver.goto(&task).await.expect("reload the task");
    let phone = uploaded_image(&c).await;
    assert_eq!(phone["src_host"], json!(instance), "{phone}");
    assert_eq!(phone["natural"], 640, "{phone}");
    assert_eq!(phone["viewport"], 390, "{phone}");
    assert!(
        phone["right"].as_i64().expect("right") <= 390,
        "the image is within the screen: {phone}"
    );

    // The original on demand: a signed URL of the instance, the full-size picture.
    let link = phone["original"].as_str().expect("a link to the original");
    let link = reqwest::Url::parse(link).expect("an absolute URL");
    let link_host = format!(
        "{}:{}",
        link.host_str().unwrap_or(""),
        link.port().unwrap_or(80)
    );
    assert_eq!(link_host, instance, "{link}");
    assert_eq!(
        link.path(),
        format!("/media/{project}/cat-001.png"),
        "{link}"
    );
    assert!(!link.as_str().contains("size=small"), "{link}");
    let loaded = c
        .js(
            "const i = new Image(); i.src = document.querySelector('p.media-original a').href;
             return i.decode().then(() => i.naturalWidth, () => 0);",
        )
        .await;
    assert_eq!(loaded, json!(1200), "the original loads at full size");
    let _ = c.driver.clone().quit().await;
}
