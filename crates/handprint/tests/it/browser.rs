//! The web app in a real browser: headless Chromium (Debian's `chromium` and
//! `chromium-driver`) driven over WebDriver by thirtyfour, with the Chrome
//! DevTools Protocol for network emulation (offline, slow link) and screen sizes.
//!
//! Without Chromium these tests say so loudly and pass, except when CI=true,
//! where they fail: `scripts/test.sh` installs it there. They share one lock,
//! so only one browser runs at a time on two cores.

use crate::support::{TestApp, operator_at};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

pub(crate) static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const WAIT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(50);
const PASSWORD: &str = "correct horse battery";

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in names {
        for dir in std::env::split_paths(&path).chain([
            PathBuf::from("/usr/bin"),
            PathBuf::from("/usr/lib/chromium"),
        ]) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// A Chromium session and the chromedriver serving it.
pub(crate) struct Chrome {
    pub(crate) driver: WebDriver,
    chromedriver: Child,
    base: String,
}

impl Drop for Chrome {
    fn drop(&mut self) {
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
    }
}

/// Start Chromium, or None (after saying why, loudly) when it is not installed outside CI.
pub(crate) async fn chrome(base: &str) -> Option<Chrome> {
    let browser = find_program(&["chromium", "chromium-browser", "google-chrome"]);
    let driver = find_program(&["chromedriver"]);
    let (Some(browser), Some(driver_path)) = (browser, driver) else {
        let message = "Chromium and chromedriver are not installed (Debian: apt-get install -y chromium chromium-driver); scripts/test.sh installs them";
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{message}: CI requires the browser tests");
        }
        eprintln!(
            "\n{}\n!!! BROWSER TEST SKIPPED: {message}\n{}\n",
            "!".repeat(78),
            "!".repeat(78)
        );
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let chromedriver = Command::new(&driver_path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let url = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let started = Instant::now();
    loop {
        if let Ok(r) = http.get(format!("{url}/status")).send().await
            && r.status().is_success()
        {
            break;
        }
        assert!(started.elapsed() < WAIT, "chromedriver did not start");
        tokio::time::sleep(POLL).await;
    }
    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary(&browser.to_string_lossy()).expect("binary");
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=1280,800",
        "--lang=en-US",
        "--hide-scrollbars",
    ] {
        caps.add_arg(arg).expect("arg");
    }
    caps.add_experimental_option("prefs", json!({"intl.accept_languages": "en-US,en"}))
        .expect("prefs");
    let driver = WebDriver::new(&url, caps)
        .await
        .expect("a Chromium session");
    Some(Chrome {
        driver,
        chromedriver,
        base: base.to_string(),
    })
}

/// Where screenshots go: under target/ on every run, so a test run leaves the tracked
/// tree clean; into docs/screenshots/ only when asked with HANDPRINT_REFRESH_SCREENSHOTS=1.
fn screenshots_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = if std::env::var("HANDPRINT_REFRESH_SCREENSHOTS").as_deref() == Ok("1") {
        root.join("docs/screenshots")
    } else {
        root.join("target/screenshots")
    };
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

impl Chrome {
    pub(crate) async fn go(&self, path: &str) {
        self.driver
            .goto(format!("{}{path}", self.base))
            .await
            .expect("navigate");
    }

    pub(crate) async fn el(&self, css: &str) -> WebElement {
        match self
            .driver
            .query(By::Css(css))
            .wait(WAIT, POLL)
            .first()
            .await
        {
            Ok(e) => e,
            Err(e) => panic!("no element {css} on {}: {e}", self.url().await),
        }
    }

    pub(crate) async fn url(&self) -> String {
        self.driver
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    pub(crate) async fn fill(&self, css: &str, text: &str) {
        let e = self.el(css).await;
        e.clear().await.expect("clear");
        e.send_keys(text).await.expect("type");
    }

    pub(crate) async fn click(&self, css: &str) {
        self.el(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    pub(crate) async fn select(&self, css: &str, value: &str) {
        let s = SelectElement::new(&self.el(css).await)
            .await
            .expect("a select");
        s.select_by_value(value).await.expect("select");
    }

    /// Click, then wait until another page has loaded.
    pub(crate) async fn click_to_leave(&self, css: &str) {
        let before = self.url().await;
        let marker: Value = self
            .driver
            .execute("window.__stay = 1; return 1;", vec![])
            .await
            .expect("mark page")
            .json()
            .clone();
        assert_eq!(marker, json!(1));
        self.click(css).await;
        let started = Instant::now();
        loop {
            let gone = self
                .driver
                .execute(
                    "return document.readyState === 'complete' && window.__stay === undefined;",
                    vec![],
                )
                .await
                .map(|r| r.json() == &json!(true))
                .unwrap_or(false);
            if gone {
                return;
            }
            assert!(
                started.elapsed() < WAIT,
                "still on {before} after clicking {css}"
            );
            tokio::time::sleep(POLL).await;
        }
    }

    /// Wait until the element's text contains `needle`; returns the text.
    pub(crate) async fn wait_text(&self, css: &str, needle: &str) -> String {
        let started = Instant::now();
        loop {
            if let Ok(e) = self.driver.find(By::Css(css)).await
                && let Ok(text) = e.text().await
                && text.contains(needle)
            {
                return text;
            }
            if started.elapsed() > WAIT {
                let body = self.driver.find(By::Tag("body")).await.ok();
                let text = match body {
                    Some(b) => b.text().await.unwrap_or_default(),
                    None => String::new(),
                };
                panic!(
                    "{css} never contained {needle:?} on {}; the page says:\n{text}",
                    self.url().await
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    pub(crate) async fn js(&self, script: &str) -> Value {
        self.driver
            .execute(script, vec![])
            .await
            .expect("script")
            .json()
            .clone()
    }

    pub(crate) async fn cdp(&self, method: &str, params: Value) -> Value {
        self.driver
            .cdp()
            .send_raw(method, params)
            .await
            .unwrap_or_else(|e| panic!("{method}: {e}"))
    }

    /// Save the page at phone (360×740) and desktop (1280×800) widths.
    pub(crate) async fn shoot(&self, name: &str) {
        self.shoot_at(name, "body").await;
    }

    /// Save the page at both widths, scrolled to the element `css`.
    pub(crate) async fn shoot_at(&self, name: &str, css: &str) {
        let dir = screenshots_dir();
        let scroll = format!(
            "window.scrollTo(0, 0); document.querySelector({}).scrollIntoView(); return 1;",
            json!(css)
        );
        for (suffix, width, height, mobile) in
            [("phone", 360, 740, true), ("desktop", 1280, 800, false)]
        {
            self.cdp(
                "Emulation.setDeviceMetricsOverride",
                json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
            )
            .await;
            // Let the layout settle at the new width before the picture.
            self.js(&scroll).await;
            let _ = self.js("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(1))));").await;
            self.driver
                .screenshot(&dir.join(format!("{name}-{suffix}.png")))
                .await
                .expect("screenshot");
        }
        self.cdp("Emulation.clearDeviceMetricsOverride", json!({}))
            .await;
    }

    pub(crate) async fn sign_up(
        &self,
        role: &str,
        name: &str,
        email: &str,
        organization: Option<&str>,
    ) {
        self.go(&format!("/signup?role={role}")).await;
        self.fill("#name", name).await;
        self.fill("#email", email).await;
        self.fill("#password", PASSWORD).await;
        self.select("#country", "MG").await;
        if let Some(org) = organization {
            self.fill("#organization", org).await;
        }
        self.click_to_leave("form.card button[type=submit]").await;
    }

    pub(crate) async fn sign_out(&self) {
        self.click_to_leave("form[action='/signout'] button").await;
    }
}

/// A short silent WAV, as a data URL (the items' own media).
fn silent_wav() -> String {
    use base64::Engine;
    let samples = 4000_u32;
    let mut wav = Vec::new();
    wav.extend(b"RIFF");
    wav.extend((36 + samples).to_le_bytes());
    wav.extend(b"WAVEfmt ");
    wav.extend(16_u32.to_le_bytes());
    wav.extend(1_u16.to_le_bytes());
    wav.extend(1_u16.to_le_bytes());
    wav.extend(8000_u32.to_le_bytes());
    wav.extend(8000_u32.to_le_bytes());
    wav.extend(1_u16.to_le_bytes());
    wav.extend(8_u16.to_le_bytes());
    wav.extend(b"data");
    wav.extend(samples.to_le_bytes());
    wav.extend(std::iter::repeat_n(128_u8, samples as usize));
    format!(
        "data:audio/wav;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(wav)
    )
}

const STREET_SVG: &str = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='320' height='200'%3E%3Crect width='320' height='200' fill='%23cfd8dc'/%3E%3Crect x='40' y='60' width='40' height='90' fill='%23455a64'/%3E%3Ccircle cx='220' cy='130' r='35' fill='%23607d8b'/%3E%3C/svg%3E";

/// One project of each template kind: the form fields a requester types, and items.
struct KindCase {
    kind: &'static str,
    title: &'static str,
    fields: Vec<(&'static str, String)>,
    file_name: &'static str,
    items: String,
}

fn kind_cases() -> Vec<KindCase> {
    let wav = silent_wav();
    vec![
        KindCase {
            kind: "single_choice",
            title: "Review sentiment",
            fields: vec![
                ("#question", "Is this review positive?".into()),
                ("#options", "pos | Positive\nneg | Negative".into()),
            ],
            file_name: "reviews.csv",
            items: "external_id,text\nr1,A wonderful little book\nr2,Arrived torn and late\n"
                .into(),
        },
        KindCase {
            kind: "multi_choice",
            title: "Animals in the caption",
            fields: vec![
                ("#question", "Which animals are named?".into()),
                ("#options", "cat | Cat\ndog | Dog\nbird | Bird".into()),
                ("#min_selected", "1".into()),
                ("#max_selected", "2".into()),
            ],
            file_name: "captions.csv",
            items: "external_id,text\nc1,A cat chasing a bird\nc2,A dog asleep\n".into(),
        },
        KindCase {
            kind: "text",
            title: "Transcribe a word",
            fields: vec![
                ("#question", "Write the word you hear.".into()),
                ("#media_field", "audio_url".into()),
                ("#max_length", "200".into()),
            ],
            file_name: "audio.jsonl",
            items: format!(
                "{{\"external_id\":\"a1\",\"audio_url\":\"{wav}\"}}\n{{\"external_id\":\"a2\",\"audio_url\":\"{wav}\"}}\n"
            ),
        },
        KindCase {
            kind: "rating",
            title: "Translation fluency",
            fields: vec![
                ("#question", "How fluent is the translation?".into()),
                ("#rating_min", "1".into()),
                ("#rating_max", "5".into()),
                ("#rating_labels", "1 = Bad\n5 = Excellent".into()),
            ],
            file_name: "translations.csv",
            items: "external_id,source,translation\nt1,Bonjour,Hello\nt2,Merci,Thank you\n".into(),
        },
        KindCase {
            kind: "bounding_boxes",
            title: "Road users",
            fields: vec![
                ("#question", "Draw a box around every road user.".into()),
                ("#image_field", "image_url".into()),
                ("#box_labels", "pedestrian\ncyclist".into()),
                ("#max_boxes", "10".into()),
            ],
            file_name: "streets.jsonl",
            items: format!(
                "{{\"external_id\":\"s1\",\"image_url\":\"{STREET_SVG}\",\"image_width\":320,\"image_height\":200}}\n{{\"external_id\":\"s2\",\"image_url\":\"{STREET_SVG}\",\"image_width\":320,\"image_height\":200}}\n"
            ),
        },
        KindCase {
            kind: "form",
            title: "Shop details",
            // The fields themselves are typed in the field editor (`form_field_rows`).
            fields: vec![("#question", "Describe the shop.".into())],
            file_name: "shops.csv",
            items: "external_id,description\nf1,A blue shop with two doors\nf2,A bakery\n".into(),
        },
    ]
}

/// Fund the requester's organisation (publishing escrows every reward first).
async fn fund_organization(app: &TestApp, requester_email: &str) {
    let user = app
        .state
        .db
        .user_by_email(requester_email)
        .await
        .expect("db")
        .expect("the requester");
    let org = user.organization_id.expect("an organisation");
    let operator = operator_at(&app.base).await;
    let (status, body) = operator
        .post(
            "/api/v1/operator/deposits",
            json!({"organization_id": org, "amount": "100.00", "reference": format!("browser-{}", uuid::Uuid::new_v4())}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "deposit: {body}");
}

/// Create a project of this kind through the form, upload its items, publish it; returns its id.
async fn create_project(c: &Chrome, case: &KindCase, dir: &Path, shoot: bool) -> String {
    c.go("/projects/new").await;
    c.fill("#title", case.title).await;
    c.fill(
        "#instructions",
        "Read the item, then answer the question. Skip anything that does not load.",
    )
    .await;
    c.fill(
        "#purpose",
        "Train and evaluate a small open model for a public library's catalogue search.",
    )
    .await;
    c.click("input[name=end_uses][value=research]").await;
    c.click("input[name=sensitive_content][value=none]").await;
    c.fill("#reward", "0.10").await;
    c.fill("#estimated_seconds", "20").await;
    c.wait_text("#hourly", "18.00").await;
    c.fill("#answers_per_task", "1").await;
    c.select("#kind", case.kind).await;
    if case.kind == "text" {
        c.select("#media_type", "audio").await;
    }
    for (css, value) in &case.fields {
        c.fill(css, value).await;
    }
    if case.kind == "form" {
        form_field_rows(c).await;
    }
    // The live preview shows the task as a worker will see it.
    c.el(&format!("#preview .kind-{}", case.kind)).await;
    if shoot {
        c.shoot("project-edit").await;
    }
    c.click_to_leave("#save").await;
    let url = c.url().await;
    let id = url.rsplit('/').next().expect("an id").to_string();
    assert!(
        url.contains("/projects/") && id.len() > 20,
        "not on a project page: {url}"
    );
    let file = dir.join(case.file_name);
    std::fs::write(&file, &case.items).expect("items file");
    c.el("#file")
        .await
        .send_keys(file.to_string_lossy().as_ref())
        .await
        .expect("choose file");
    c.click_to_leave("#upload-button").await;
    c.wait_text("#import-report", "2 items added").await;
    c.click_to_leave("#action-publish").await;
    c.wait_text("#state", "Active").await;
    id
}

/// A form's fields in the editor: the first row is there, the second added by
/// the script (no round trip), given another kind and that kind's settings.
async fn form_field_rows(c: &Chrome) {
    c.fill("#ff_0_name", "name").await;
    c.fill("#ff_0_label", "Shop name").await;
    c.click("#ff_0_required").await;
    c.click("#ff-add").await;
    c.fill("#ff_1_name", "count").await;
    c.fill("#ff_1_label", "How many doors?").await;
    c.select("#ff_1_type", "number").await;
    c.fill("#ff_1_min", "0").await;
    c.fill("#ff_1_max", "20").await;
    c.click("#ff_1_integer").await;
    assert!(
        c.url().await.ends_with("/projects/new"),
        "rows are added in place: {}",
        c.url().await
    );
    let hidden = c
        .js("return document.querySelector('#ffrow-1 [data-ff-kinds=text]').hidden && !document.querySelector('#ffrow-1 [data-ff-kinds=number]').hidden;")
        .await;
    assert_eq!(hidden, json!(true), "a row shows only its kind's settings");
    // The live preview follows the rows.
    c.el("#preview #f-count").await;
    c.wait_text("#preview", "How many doors?").await;
    c.shoot_at("project-form-fields", "#field-rows").await;
}

pub(crate) async fn start_task(c: &Chrome, project_id: &str) {
    c.go("/work").await;
    c.click_to_leave(&format!("#p-{project_id} button[type=submit]"))
        .await;
    assert!(
        c.url().await.contains("/work/a/"),
        "no task given: {}",
        c.url().await
    );
}

/// Draw a box by dragging from (x1, y1) to (x2, y2), offsets from the image's centre.
async fn drag(c: &Chrome, target: &WebElement, from: (i64, i64), to: (i64, i64)) {
    c.driver
        .action_chain()
        .move_to_element_with_offset(target, from.0, from.1)
        .click_and_hold()
        .move_by_offset((to.0 - from.0) / 2, (to.1 - from.1) / 2)
        .move_by_offset(
            to.0 - from.0 - (to.0 - from.0) / 2,
            to.1 - from.1 - (to.1 - from.1) / 2,
        )
        .release()
        .perform()
        .await
        .expect("drag");
}

async fn boxes_answer(c: &Chrome) -> Value {
    let text = c
        .js("return document.querySelector('.answer-json').value;")
        .await;
    serde_json::from_str(text.as_str().unwrap_or("{}")).unwrap_or(Value::Null)
}

/// Do the current task of each kind as a person would.
async fn answer_task(c: &Chrome, kind: &str) {
    match kind {
        "single_choice" => {
            // Keyboard: 1 picks "Positive", Enter sends.
            c.el("input[name=answer]").await;
            c.driver
                .find(By::Tag("body"))
                .await
                .expect("body")
                .send_keys("1")
                .await
                .expect("key 1");
            let checked = c
                .js("return document.querySelector('input[name=answer][value=pos]').checked;")
                .await;
            assert_eq!(checked, json!(true), "the digit key picks the first option");
            c.shoot("task-single-choice").await;
            let before = c.url().await;
            c.driver
                .find(By::Tag("body"))
                .await
                .expect("body")
                .send_keys(Key::Enter)
                .await
                .expect("enter");
            let started = Instant::now();
            while c.url().await == before {
                assert!(started.elapsed() < WAIT, "Enter did not send the answer");
                tokio::time::sleep(POLL).await;
            }
            return;
        }
        "multi_choice" => {
            c.click("input[name=answer][value=cat]").await;
            c.click("input[name=answer][value=bird]").await;
        }
        "text" => {
            c.el(".audio-tools:not([hidden])").await;
            c.click(".audio-tools button[data-rate='0.75']").await;
            let rate = c
                .js("return document.querySelector('audio').playbackRate;")
                .await;
            assert_eq!(rate, json!(0.75), "slower playback");
            c.click(".audio-tools button[data-back='5']").await;
            c.fill("#answer-text", "lantern").await;
            c.shoot("task-transcription").await;
        }
        "rating" => {
            c.click("label.point:nth-child(4)").await;
            c.shoot("task-rating").await;
        }
        "bounding_boxes" => {
            let img = c.el(".stage img").await;
            c.js("return new Promise(r => { const i = document.querySelector('.stage img'); if (i.complete) r(1); else i.onload = () => r(1); });").await;
            drag(c, &img, (-130, -60), (-70, 60)).await;
            drag(c, &img, (20, -20), (120, 70)).await;
            drag(c, &img, (-20, -90), (10, -60)).await;
            let drawn = boxes_answer(c).await;
            assert_eq!(
                drawn["boxes"].as_array().map(Vec::len),
                Some(3),
                "three boxes drawn: {drawn}"
            );
            // Delete the third, move the first, resize the second, label the second.
            c.click(".box-list li:nth-child(3) .box-delete").await;
            let before = boxes_answer(c).await;
            let first = c.el(".bx[data-i='0']").await;
            c.driver
                .action_chain()
                .move_to_element_center(&first)
                .click_and_hold()
                .move_by_offset(6, 4)
                .release()
                .perform()
                .await
                .expect("move");
            let handle = c.el(".bx[data-i='1'] i").await;
            c.driver
                .action_chain()
                .move_to_element_center(&handle)
                .click_and_hold()
                .move_by_offset(-10, -10)
                .release()
                .perform()
                .await
                .expect("resize");
            c.select(".box-list li:nth-child(2) select", "cyclist")
                .await;
            let after = boxes_answer(c).await;
            let boxes = after["boxes"].as_array().cloned().unwrap_or_default();
            assert_eq!(boxes.len(), 2, "{after}");
            assert_ne!(
                before["boxes"][0]["x"], boxes[0]["x"],
                "the first box moved: {before} → {after}"
            );
            assert!(
                boxes[1]["w"].as_f64() < before["boxes"][1]["w"].as_f64(),
                "the second box shrank: {before} → {after}"
            );
            assert_eq!(boxes[0]["label"], "pedestrian");
            assert_eq!(boxes[1]["label"], "cyclist");
            c.shoot("task-boxes").await;
        }
        "form" => {
            c.fill("#f-name", "Chez Rivo").await;
            c.fill("#f-count", "2").await;
            c.shoot("task-form").await;
        }
        other => panic!("no case for {other}"),
    }
    c.click_to_leave("#submit").await;
}

#[tokio::test]
async fn browser_a_requester_and_a_worker_use_every_template_kind() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let files = tempfile::tempdir().expect("temp dir");

    // Sign-in page, in both languages.
    c.go("/signin").await;
    c.wait_text("h1", "Sign in").await;
    c.shoot("signin").await;
    c.click_to_leave("footer a[lang=fr]").await;
    c.wait_text("h1", "Se connecter").await;
    c.shoot("signin-fr").await;
    c.click_to_leave("footer a[lang=en]").await;
    c.wait_text("h1", "Sign in").await;

    // The requester signs up, funds arrive, and a project of each kind is published.
    c.go("/signup?role=requester").await;
    c.shoot("signup").await;
    let requester = "lab@requester.test";
    c.sign_up("requester", "Noor", requester, Some("Open Catalogue Lab"))
        .await;
    c.wait_text("h1", "Projects").await;
    fund_organization(&app, requester).await;
    let cases = kind_cases();
    let mut ids = Vec::new();
    for case in &cases {
        ids.push(create_project(&c, case, files.path(), case.kind == "bounding_boxes").await);
    }
    c.go("/projects").await;
    c.wait_text("#projects", "Road users").await;
    c.shoot("projects").await;
    c.go("/keys").await;
    c.fill("#label", "labelling script").await;
    c.fill("#password", PASSWORD).await;
    c.click_to_leave("form[action='/keys'] button").await;
    assert!(
        c.el("#new-key")
            .await
            .text()
            .await
            .expect("key")
            .starts_with("hp_")
    );
    c.shoot("keys").await;
    c.sign_out().await;

    // A worker signs up, sees every project with its terms, and does one task of each kind.
    c.sign_up("worker", "Rivo", "rivo@worker.test", None).await;
    c.wait_text("h1", "Find work").await;
    for case in &cases {
        c.wait_text(".cards", case.title).await;
    }
    c.wait_text(".cards", "Open Catalogue Lab").await;
    c.wait_text(".cards", "18.00 USD").await;
    c.shoot("find-work").await;
    for (case, id) in cases.iter().zip(&ids) {
        start_task(&c, id).await;
        c.el("#instructions summary").await;
        app.clock.advance_seconds(15);
        answer_task(&c, case.kind).await;
        // Sent: the next item of the project is offered, with a note; stop gives it back.
        c.wait_text(".flash", "Answer sent").await;
        assert!(
            c.url().await.contains("/work/a/"),
            "the next task follows: {}",
            c.url().await
        );
        c.click_to_leave("#stop").await;
        c.wait_text("h1", "Find work").await;
    }
    c.go("/work/history").await;
    c.wait_text("#history", "Shop details").await;
    let history = c.el("#history tbody").await.text().await.expect("history");
    let sent = history.lines().filter(|l| l.contains(" sent ")).count();
    assert_eq!(sent, 6, "six answers sent:\n{history}");
    c.wait_text(".totals", "6 answers").await;
    c.shoot("my-work").await;
    c.sign_out().await;

    // The requester sees every answer, item by item, and the monitor.
    c.go("/signin").await;
    c.fill("#email", requester).await;
    c.fill("#password", PASSWORD).await;
    c.click_to_leave("form.card button[type=submit]").await;
    let expected = [
        ("single_choice", "Positive"),
        ("multi_choice", "Cat, Bird"),
        ("text", "lantern"),
        ("rating", "4"),
        ("bounding_boxes", "2 ⬚ pedestrian"),
        ("form", "name: Chez Rivo"),
    ];
    for ((kind, want), id) in expected.iter().zip(&ids) {
        c.go(&format!("/projects/{id}/answers")).await;
        if *kind == "bounding_boxes" {
            // Drawn over the image: the worker's two boxes, and the fused ones dashed.
            let drawn = c
                .js("return document.querySelectorAll('.box-overlay .answer-box rect').length;")
                .await;
            assert_eq!(drawn, json!(2), "two boxes drawn");
            c.el(".box-overlay .fused-box rect[stroke-dasharray]").await;
            c.click(".answers-text summary").await;
        }
        let text = c.wait_text("main", want).await;
        assert!(
            text.contains("w-"),
            "{kind}: workers appear by pseudonym:\n{text}"
        );
        if *kind == "bounding_boxes" {
            assert!(text.contains("cyclist"), "{text}");
            c.shoot("answers").await;
        }
    }
    c.go(&format!("/projects/{}", ids[0])).await;
    c.wait_text("#monitor", "1 of 2 answers").await;
    c.wait_text("#monitor", "15 s").await;
    c.el("#monitor svg.chart").await;
    c.shoot_at("project-monitor", "#monitor").await;
    let _ = c.driver.clone().quit().await;
}

/// Lease a task for a new worker signed in through the pages; returns its assignment id.
pub(crate) async fn worker_with_task(app: &TestApp, c: &Chrome, email: &str) -> String {
    let requester = app.requester("offline-lab").await;
    let project = requester
        .funded_project(3, json!({"answers_per_task": 1}))
        .await;
    c.sign_up("worker", "Meera", email, None).await;
    start_task(c, &project).await;
    c.url()
        .await
        .rsplit('/')
        .next()
        .expect("assignment")
        .split('?')
        .next()
        .expect("id")
        .to_string()
}

#[tokio::test]
async fn browser_an_answer_given_offline_is_sent_once_when_the_connection_returns() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let assignment = worker_with_task(&app, &c, "meera@worker.test").await;

    // A draft survives a reload.
    c.click("input[name=answer][value=neg]").await;
    c.driver.refresh().await.expect("reload");
    c.el("#task-form").await;
    let kept = c
        .js("return document.querySelector('input[name=answer][value=neg]').checked;")
        .await;
    assert_eq!(kept, json!(true), "the draft came back after a reload");

    // The connection drops; the worker answers and sends.
    c.cdp("Network.enable", json!({})).await;
    c.cdp(
        "Network.emulateNetworkConditions",
        json!({"offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
    )
    .await;
    c.click("input[name=answer][value=pos]").await;
    c.click("#submit").await;
    c.wait_text("#queue-status", "offline").await;
    c.shoot("task-offline").await;
    let queued = c
        .js("return JSON.parse(localStorage.getItem('hp:queue') || '[]');")
        .await;
    assert_eq!(
        queued.as_array().map(Vec::len),
        Some(1),
        "one submission waits: {queued}"
    );
    let a = app
        .state
        .db
        .assignment(&assignment.as_str().into())
        .await
        .expect("assignment");
    assert_eq!(
        a.state.as_str(),
        "leased",
        "nothing reached the server while offline"
    );

    // Back online: the queued submission is sent by itself, with its key.
    c.cdp(
        "Network.emulateNetworkConditions",
        json!({"offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
    )
    .await;
    let started = Instant::now();
    loop {
        let a = app
            .state
            .db
            .assignment(&assignment.as_str().into())
            .await
            .expect("assignment");
        if a.state.as_str() == "submitted" {
            assert_eq!(a.answer.as_deref(), Some("\"pos\""));
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the queued answer was never sent"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let left = c
        .js("return JSON.parse(localStorage.getItem('hp:queue') || '[]').length;")
        .await;
    let started = Instant::now();
    let mut left = left;
    while left != json!(0) && started.elapsed() < WAIT {
        tokio::time::sleep(POLL).await;
        left = c
            .js("return JSON.parse(localStorage.getItem('hp:queue') || '[]').length;")
            .await;
    }
    assert_eq!(left, json!(0), "the queue is empty once sent");

    // Sent again with the same key (a flaky link replaying it): still counted once.
    let body = queued[0]["body"]
        .as_str()
        .expect("the queued body")
        .to_string();
    let replay = c
        .js(&format!(
            "return fetch('/work/a/{assignment}/submit', {{method: 'POST', credentials: 'same-origin', headers: {{'content-type': 'application/x-www-form-urlencoded', 'x-hp-fetch': '1'}}, body: {}}}).then(r => r.status);",
            serde_json::to_string(&body).expect("json")
        ))
        .await;
    assert_eq!(
        replay,
        json!(200),
        "a replay is answered as the same submission"
    );
    let a = app
        .state
        .db
        .assignment(&assignment.as_str().into())
        .await
        .expect("assignment");
    let task = app.state.db.task(&a.task_id).await.expect("task");
    assert_eq!(task.answers, 1, "the answer counts once");
    let submitted = app
        .state
        .db
        .worker_assignments(&a.worker_id, 10)
        .await
        .expect("assignments")
        .iter()
        .filter(|x| x.state.as_str() == "submitted")
        .count();
    assert_eq!(submitted, 1);
    let _ = c.driver.clone().quit().await;
}

#[tokio::test]
async fn browser_a_task_page_is_light_and_usable_on_a_slow_link() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let assignment = worker_with_task(&app, &c, "ana@worker.test").await;
    let task_path = format!("/work/a/{assignment}");

    // Weight: everything the task page transfers, compressed, with an empty cache.
    c.cdp("Network.enable", json!({})).await;
    c.cdp("Network.setCacheDisabled", json!({"cacheDisabled": true}))
        .await;
    c.go(&task_path).await;
    c.el("#task-form").await;
    let weight = c
        .js("const n = performance.getEntriesByType('navigation')[0];
             const r = performance.getEntriesByType('resource').filter(e => !/^(img|audio|video)$/.test(e.initiatorType));
             return {html: n.transferSize, assets: r.map(e => [e.name.split('/').pop(), e.transferSize, e.decodedBodySize]),
                     total: n.transferSize + r.reduce((s, e) => s + e.transferSize, 0),
                     decoded: n.decodedBodySize + r.reduce((s, e) => s + e.decodedBodySize, 0)};")
        .await;
    let total = weight["total"].as_i64().expect("a total");
    println!(
        "task page weight: {total} bytes transferred compressed ({} bytes uncompressed); HTML {} bytes; assets {}",
        weight["decoded"], weight["html"], weight["assets"]
    );
    assert!(total > 1000, "the measure saw the page: {weight}");
    assert!(
        total <= 50 * 1024,
        "a task page must stay under 50 KB compressed: {weight}"
    );

    // A 400 ms round trip and 50 KB/s: the first render is usable within a few seconds.
    c.cdp(
        "Network.emulateNetworkConditions",
        json!({"offline": false, "latency": 400, "downloadThroughput": 50 * 1024, "uploadThroughput": 50 * 1024}),
    )
    .await;
    let started = Instant::now();
    c.go(&task_path).await;
    let loaded = started.elapsed();
    c.el("input[name=answer]")
        .await
        .click()
        .await
        .expect("an option can be chosen");
    let timing = c
        .js("const n = performance.getEntriesByType('navigation')[0]; const p = performance.getEntriesByName('first-contentful-paint')[0];
             return {dom: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd), fcp: p ? Math.round(p.startTime) : null};")
        .await;
    println!(
        "task page on a 400 ms RTT, 50 KB/s link: first contentful paint {} ms, DOM ready {} ms, loaded {} ms (driver saw {} ms)",
        timing["fcp"],
        timing["dom"],
        timing["load"],
        loaded.as_millis()
    );
    let load_ms = timing["load"].as_i64().unwrap_or(i64::MAX);
    assert!(
        load_ms < 4000,
        "usable in under 4 s on the slow link: {timing}"
    );
    c.shoot("task-slow-link").await;
    let _ = c.driver.clone().quit().await;
}

pub(crate) async fn sign_in(c: &Chrome, email: &str) {
    c.go("/signin").await;
    c.fill("#email", email).await;
    c.fill("#password", PASSWORD).await;
    c.click_to_leave("form.card button[type=submit]").await;
}

/// Whether the element `css` lies whole inside the viewport's width.
async fn within_width(c: &Chrome, css: &str) -> Value {
    c.js(&format!(
        "const r = document.querySelector({}).getBoundingClientRect(); \
         return [Math.round(r.left), Math.round(r.right), window.innerWidth, r.width > 0];",
        json!(css)
    ))
    .await
}

#[tokio::test]
async fn browser_my_work_on_a_phone_shows_the_rejection_and_the_dispute_form_without_sideways_scroll()
 {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("phone-lab").await;
    requester.fund("100.00").await;
    let project = requester
        .published_from_balance(2, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("phone").await;
    let assignment = crate::web_money::answer(&worker, &project, "pos").await;
    requester.reject(&assignment).await;

    sign_in(&c, "phone@worker.test").await;
    c.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true}),
    )
    .await;
    c.go("/work/history").await;
    c.wait_text(&format!("#d-{assignment}"), crate::review::MESSAGE)
        .await;
    c.click(&format!("#d-{assignment} details.dispute summary"))
        .await;
    let words =
        "The review ends with \"I would buy it again\", so positive is the right answer here. "
            .repeat(3);
    c.fill(&format!("#dm-{assignment}"), &words).await;
    let widths = c
        .js("return [document.documentElement.scrollWidth, window.innerWidth, \
             document.querySelector('.table-wrap').scrollWidth, document.querySelector('.table-wrap').clientWidth];")
        .await;
    assert_eq!(widths[1], json!(390), "{widths}");
    assert!(
        widths[0].as_i64() <= widths[1].as_i64() && widths[2].as_i64() <= widths[3].as_i64(),
        "the page or the table scrolls sideways: {widths}"
    );
    for css in [
        format!("#d-{assignment} p"),
        format!("#d-{assignment} blockquote.said"),
        format!("#dm-{assignment}"),
        format!("#d-{assignment} button[type=submit]"),
        format!("#a-{assignment} td.answer"),
    ] {
        let [left, right, width, shown] = within_width(&c, &css)
            .await
            .as_array()
            .cloned()
            .expect("four numbers")
            .try_into()
            .expect("four");
        assert_eq!(shown, json!(true), "{css} is not shown");
        assert!(
            left.as_i64() >= Some(0) && right.as_i64() <= width.as_i64(),
            "{css} is cut off: {left}..{right} of {width}"
        );
    }
    let _ = c
        .driver
        .screenshot(Path::new("/tmp/my-work-phone.png"))
        .await;
    let _ = c.driver.clone().quit().await;
}

#[tokio::test]
async fn browser_every_answer_on_the_review_page_is_ticked_by_one_box() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("pick-lab").await;
    requester.fund("100.00").await;
    let project = requester
        .published_from_balance(3, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("picker").await;
    for value in ["pos", "neg", "pos"] {
        crate::web_money::answer(&worker, &project, value).await;
    }
    sign_in(&c, "pick-lab@requester.test").await;
    c.go(&format!("/projects/{project}/review")).await;
    let ticked = "return Array.from(document.querySelectorAll('input[name=assignment][form=bulk]')).map(b => b.checked);";
    assert_eq!(c.js(ticked).await, json!([false, false, false]));
    c.click("#pick-all").await;
    assert_eq!(c.js(ticked).await, json!([true, true, true]));
    c.click("article.review-item input[name=assignment]").await;
    assert_eq!(c.js(ticked).await, json!([false, true, true]));
    assert_eq!(
        c.js("return document.getElementById('pick-all').checked;")
            .await,
        json!(false)
    );
    c.click("#pick-all").await;
    assert_eq!(c.js(ticked).await, json!([true, true, true]));
    c.click_to_leave("#bulk-go").await;
    c.wait_text(".flash", "3 answers").await;
    let _ = c.driver.clone().quit().await;
}

#[tokio::test]
async fn browser_the_monitor_charts_labels_lie_inside_their_charts() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("chart-lab").await;
    requester.fund("100.00").await;
    let project = requester
        .published_from_balance(3, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("charted").await;
    // Answers in about no time: the median's line sits on the chart's left edge.
    for value in ["pos", "neg", "pos"] {
        crate::web_money::answer(&worker, &project, value).await;
    }
    sign_in(&c, "chart-lab@requester.test").await;
    c.go(&format!("/lang?l=fr&back=/projects/{project}")).await;
    c.wait_text("main", "médiane").await;
    let found = c
        .js("return Array.from(document.querySelectorAll('svg.chart')).map(svg => { \
               const vb = svg.viewBox.baseVal; \
               return Array.from(svg.querySelectorAll('text')).map(t => { \
                 const b = t.getBBox(); \
                 return [t.textContent, b.x >= vb.x && b.y >= vb.y && b.x + b.width <= vb.x + vb.width \
                   && b.y + b.height <= vb.y + vb.height, [b.x, b.y, b.width, b.height].map(Math.round)]; }); });")
        .await;
    let charts = found.as_array().expect("charts");
    assert_eq!(charts.len(), 2, "{found}");
    let times = charts[1].as_array().expect("the times chart");
    let names: Vec<&str> = times.iter().filter_map(|t| t[0].as_str()).collect();
    assert!(
        names.contains(&"médiane") && names.contains(&"estimation"),
        "{found}"
    );
    for chart in charts {
        for text in chart.as_array().expect("texts") {
            assert_eq!(text[1], json!(true), "cut off: {text}");
        }
    }
    let _ = c.driver.clone().quit().await;
}
