//! The `external_study` and `custom_html` kinds in a real browser (see `browser`):
//! a worker completes a study with its code, and answers a custom HTML task through
//! the frame's script API, at phone and desktop sizes, with the page's weight measured.

use crate::browser::{Chrome, ONE_BROWSER, chrome};
use crate::support::TestApp;
use serde_json::{Value, json};

/// Sign a new worker up through the pages and open a task of `project`.
async fn start(c: &Chrome, email: &str, project: &str) {
    c.sign_up("worker", "Noor", email, None).await;
    c.go("/work").await;
    c.click_to_leave(&format!("#p-{project} button[type=submit]"))
        .await;
    assert!(c.url().await.contains("/work/a/"), "{}", c.url().await);
}

async fn size(c: &Chrome, phone: bool) {
    let (width, height) = if phone { (360, 740) } else { (1280, 800) };
    c.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": phone}),
    )
    .await;
}

/// Everything the current task page transferred, compressed, media aside (the same
/// measure as the task page's budget test); the page is reloaded with an empty cache.
pub(crate) async fn page_weight(c: &Chrome) -> i64 {
    c.cdp("Network.enable", json!({})).await;
    c.cdp("Network.setCacheDisabled", json!({"cacheDisabled": true}))
        .await;
    let url = c.url().await;
    c.driver.goto(&url).await.expect("reload");
    c.el("#task-form").await;
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
async fn browser_a_worker_completes_an_external_study_with_its_code_on_a_phone_and_a_desktop() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("survey").await;
    let template = json!({"kind": "external_study", "question": "Take our 10-minute survey about reading habits.",
        "study_url": "https://survey.example.org/s/42?pid={pseudonym}",
        "completion_codes": ["C7D2K9"]});
    let project = requester
        .funded_project_of(
            template,
            &[
                json!({"external_id": "slot-1", "text": "Participant place 1"}),
                json!({"external_id": "slot-2", "text": "Participant place 2"}),
            ],
        )
        .await;
    size(&c, true).await;
    start(&c, "noor@worker.test", &project).await;

    let weight = page_weight(&c).await;
    assert!(
        (1000..=50 * 1024).contains(&weight),
        "the study page stays within 50 KB: {weight}"
    );
    let leave = c.wait_text("#study", "survey.example.org").await;
    assert!(leave.contains("You leave Handprint"), "{leave}");
    let link = c
        .el("#study-link")
        .await
        .attr("href")
        .await
        .expect("href")
        .expect("a link");
    let pseudonym = link
        .strip_prefix("https://survey.example.org/s/42?pid=w-")
        .expect("the worker's pseudonym in the link");
    assert_eq!(pseudonym.len(), 12, "{link}");
    assert_eq!(
        c.el("#study-link")
            .await
            .attr("target")
            .await
            .expect("target"),
        Some("_blank".into())
    );
    let source = c.driver.source().await.expect("the page");
    assert!(!source.contains("C7D2K9"), "the code is never on the page");
    c.shoot_at("task-external-study", "#study").await;
    size(&c, true).await;

    c.fill("#completion-code", "WRONG1").await;
    c.click("#submit").await;
    let errors = c
        .wait_text("#errors", "is not a completion code of this study")
        .await;
    assert!(errors.contains("\"WRONG1\""), "{errors}");

    c.fill("#completion-code", "c7d2k9").await;
    c.click_to_leave("#submit").await;
    c.wait_text("#task-flash", "").await;
    assert!(c.url().await.contains("/work/a/"), "the second place");

    // The second place on a desktop's width.
    size(&c, false).await;
    c.fill("#completion-code", "C7D2K9").await;
    c.click_to_leave("#submit-stop").await;
    assert!(c.url().await.contains("/work/history"), "{}", c.url().await);

    let (_, jsonl) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers?format=jsonl"))
        .await;
    let rows: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("a row"))
        .collect();
    assert_eq!(rows.len(), 2, "{jsonl}");
    for row in &rows {
        assert_eq!(row["answer"], json!({"completion_code": "C7D2K9"}));
        assert_eq!(row["worker"], format!("w-{pseudonym}"));
    }
    let _ = c.driver.clone().quit().await;
}

#[tokio::test]
async fn browser_a_custom_html_task_answers_through_its_frame_which_cannot_reach_handprint_or_the_network()
 {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    let requester = app.requester("custom").await;
    // The requester's script tries the parent's document and cookies and an outside
    // fetch, and shows what it could do; then its button hands the answer over.
    let html = r#"<p id="sentence"></p><p id="probe">probing</p>
<label>Tag <select id="tag"><option value="noun">noun</option><option value="verb">verb</option></select></label>
<button id="send" onclick="handprint.submit({tag: document.getElementById('tag').value})">Send my tag</button>
<script>
document.getElementById('sentence').textContent = handprint.data.text;
var seen = [];
try { seen.push('parent:' + parent.document.title); } catch (e) { seen.push('parent:blocked'); }
try { seen.push('cookie:' + document.cookie); } catch (e) { seen.push('cookie:blocked'); }
fetch('https://example.org/steal').then(function () { seen.push('fetch:ok'); show(); }, function () { seen.push('fetch:blocked'); show(); });
function show() { document.getElementById('probe').textContent = seen.join(' '); }
</script>"#;
    let template = json!({"kind": "custom_html", "question": "Tag the word in bold.", "html": html, "height": 260,
        "answer_schema": {"type": "object", "required": ["tag"], "properties": {"tag": {"enum": ["noun", "verb"]}}}});
    let project = requester
        .funded_project_of(
            template,
            &[
                json!({"external_id": "s1", "text": "The cat sleeps."}),
                json!({"external_id": "s2", "text": "Birds sing."}),
            ],
        )
        .await;
    size(&c, true).await;
    start(&c, "kim@worker.test", &project).await;
    // The first item on a phone's width, the second on a desktop's.
    for (sent, phone) in [(1, true), (2, false)] {
        size(&c, phone).await;
        if phone {
            let weight = page_weight(&c).await;
            assert!(
                (1000..=50 * 1024).contains(&weight),
                "the custom HTML task page stays within 50 KB: {weight}"
            );
        }
        let frame = c.el("#custom-frame").await;
        assert_eq!(
            frame.attr("sandbox").await.expect("sandbox"),
            Some("allow-scripts".into())
        );
        frame.clone().enter_frame().await.expect("into the frame");
        let probe = c.wait_text("#probe", "fetch:").await;
        assert_eq!(
            probe, "parent:blocked cookie:blocked fetch:blocked",
            "the requester's script has no origin of Handprint's and no network"
        );
        let sentence = c.el("#sentence").await.text().await.expect("text");
        assert!(
            ["The cat sleeps.", "Birds sing."].contains(&sentence.as_str()),
            "{sentence}"
        );
        if phone {
            c.driver.enter_parent_frame().await.expect("back");
            c.shoot_at("task-custom-html", "#custom-frame").await;
            size(&c, phone).await;
            c.el("#custom-frame")
                .await
                .enter_frame()
                .await
                .expect("into the frame");
        }
        c.select("#tag", "verb").await;
        c.click("#send").await;
        c.driver.enter_default_frame().await.expect("back");
        let started = std::time::Instant::now();
        loop {
            let (_, jsonl) = requester
                .get_text(&format!("/api/v1/projects/{project}/answers?format=jsonl"))
                .await;
            if jsonl.lines().count() == sent {
                break;
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "the frame's answer was never sent: {jsonl}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        if sent == 1 {
            c.wait_text("#task-flash", "").await;
        }
    }
    let (_, jsonl) = requester
        .get_text(&format!("/api/v1/projects/{project}/answers?format=jsonl"))
        .await;
    let answers: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("a row")["answer"].clone())
        .collect();
    assert_eq!(answers, [json!({"tag": "verb"}), json!({"tag": "verb"})]);
    let _ = c.driver.clone().quit().await;
}

/// The requester's preview of a custom HTML project frames the page workers will get:
/// the same sandbox and Content-Security-Policy, the project's first item as its data,
/// and a script in it that cannot reach the editor around it, its cookies or the network.
#[tokio::test]
async fn browser_the_requesters_preview_frames_the_custom_page_sandboxed_as_workers_get_it() {
    let _one = ONE_BROWSER.lock().await;
    let app = TestApp::spawn().await;
    let Some(c) = chrome(&app.base).await else {
        return;
    };
    c.sign_up("requester", "Ines", "ines@requester.test", Some("Ines Lab"))
        .await;
    let requester = app
        .key_for("ines@requester.test", "correct horse battery")
        .await;
    let html = r#"<p id="sentence"></p><p id="probe">probing</p>
<script>
document.getElementById('sentence').textContent = handprint.data.text;
var seen = [];
try { seen.push('parent:' + parent.document.title); } catch (e) { seen.push('parent:blocked'); }
try { seen.push('cookie:' + document.cookie); } catch (e) { seen.push('cookie:blocked'); }
try { top.location.href = '/signout'; } catch (e) { }
fetch('https://example.org/steal').then(function () { seen.push('fetch:ok'); show(); }, function () { seen.push('fetch:blocked'); show(); });
function show() { document.getElementById('probe').textContent = seen.join(' '); }
</script>"#;
    let project = requester
        .project(
            json!({"answers_per_task": 1, "template": {"kind": "custom_html",
            "question": "Tag the word in bold.", "html": html, "height": 220,
            "answer_schema": {"type": "object", "required": ["tag"]}}}),
        )
        .await;
    let id = project["id"].as_str().expect("id").to_string();
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            "{\"external_id\": \"s1\", \"text\": \"The owl hoots.\"}\n",
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{report}");

    let editor = format!("/projects/{id}/edit");
    c.go(&editor).await;
    let frame = c.el("#preview #custom-frame").await;
    assert_eq!(
        frame.attr("sandbox").await.expect("sandbox"),
        Some("allow-scripts".into())
    );
    assert_eq!(
        frame.attr("src").await.expect("src"),
        Some(format!("/projects/{id}/preview-frame"))
    );
    c.wait_text("#preview-owner-note", "as last saved").await;
    // The frame's document carries the worker's frame policy.
    let policy = c
        .js(&format!(
            "return fetch('/projects/{id}/preview-frame').then(r => r.headers.get('content-security-policy'));"
        ))
        .await;
    assert_eq!(
        policy,
        json!(handprint_server::web::custom_frame::FRAME_CSP)
    );
    frame.enter_frame().await.expect("into the frame");
    let probe = c.wait_text("#probe", "fetch:").await;
    assert_eq!(
        probe, "parent:blocked cookie:blocked fetch:blocked",
        "the requester's script has no origin of Handprint's and no network"
    );
    assert_eq!(
        c.el("#sentence").await.text().await.expect("text"),
        "The owl hoots."
    );
    c.driver.enter_default_frame().await.expect("back");
    assert_eq!(
        c.url().await,
        format!("{}{editor}", app.base),
        "the frame could not move the editor's page"
    );
    // Still signed in: the frame's try at /signout went nowhere.
    c.go("/projects").await;
    c.el(&format!("a[href='/projects/{id}']")).await;
    let _ = c.driver.clone().quit().await;
}
