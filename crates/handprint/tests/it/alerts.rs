//! Job alerts (issue 16): publishing, resuming or adding items queues an alert the
//! background job delivers to the eligible workers whose settings match, in their
//! notifications list, by e-mail through the test SMTP server (aiosmtpd) when they
//! opted in, and in their Atom feed at a secret, revocable URL; and the e-mail notice
//! of a requester's message.

use crate::mailbox::{Relay, mail_to, relay, settings_with, wait_for_mail};
use crate::money::answer;
use crate::support::{Client, TestApp, problem_paths};
use handprint_core::Clock;
use handprint_core::clock::to_rfc3339;
use handprint_server::Settings;
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

/// The whole alerts object as the API reads it back: the defaults with `over`.
pub fn alerts_with(over: Value) -> Value {
    let mut all = json!({"in_app": true, "email": false, "message_email": false, "kinds": [],
        "languages": [], "end_uses": [], "min_pay_per_hour": null, "no_sensitive": false});
    if let (Some(a), Some(o)) = (all.as_object_mut(), over.as_object()) {
        for (k, v) in o {
            a.insert(k.clone(), v.clone());
        }
    }
    all
}

async fn put_settings(worker: &Client, body: Value) -> (StatusCode, Value) {
    worker
        .send(
            worker
                .http
                .put(format!("{}/api/v1/me/settings", worker.base))
                .json(&body),
        )
        .await
}

/// A name of its own for this run: the test SMTP server's Maildir is shared by every
/// run (SQLite and PostgreSQL), so each address must be new.
fn unique(name: &str) -> String {
    format!("{name}-{}", &uuid::Uuid::new_v4().simple().to_string()[..8])
}

/// A worker with these settings (asserts they were saved), and their e-mail address.
async fn worker_with(app: &TestApp, name: &str, settings: Value) -> (Client, String) {
    let name = unique(name);
    let worker = app.worker(&name).await;
    let (status, body) = put_settings(&worker, settings).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (worker, format!("{name}@worker.test"))
}

async fn notifications(worker: &Client) -> Value {
    let (status, body) = worker.get("/api/v1/me/notifications").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn titles(list: &Value) -> Vec<String> {
    list["notifications"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|n| {
            format!(
                "{} ({})",
                n["project_title"].as_str().unwrap_or(""),
                n["reason"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[derive(Debug, Deserialize)]
struct Feed {
    id: String,
    title: String,
    updated: String,
    #[serde(default, rename = "entry")]
    entries: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    id: String,
    title: String,
    updated: String,
    link: Link,
}

#[derive(Debug, Deserialize)]
struct Link {
    #[serde(rename = "@href")]
    href: String,
}

/// GET a feed anonymously (a feed reader cannot sign in): its status, and the feed
/// parsed as Atom when it answered 200.
async fn read_feed(app: &TestApp, url: &str) -> (StatusCode, Option<Feed>) {
    let r = app.http.get(url).send().await.expect("feed request");
    let status = r.status();
    if status != StatusCode::OK {
        return (status, None);
    }
    assert_eq!(
        r.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let text = r.text().await.expect("feed text");
    assert!(
        text.contains(r#"<feed xmlns="http://www.w3.org/2005/Atom">"#),
        "{text}"
    );
    let feed: Feed = quick_xml::de::from_str(&text).expect("the feed parses as Atom");
    (status, Some(feed))
}

async fn new_feed(worker: &Client) -> String {
    let (status, body) = worker.post_empty("/api/v1/me/feed").await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["url"].as_str().expect("url").to_string()
}

async fn app_with(relay: &Relay) -> TestApp {
    TestApp::spawn_with(settings_with(relay, Settings::default())).await
}

#[tokio::test]
async fn a_publication_alerts_the_matching_eligible_workers_by_mail_in_their_list_and_feed() {
    let Some(relay) =
        relay("a_publication_alerts_the_matching_eligible_workers_by_mail_in_their_list_and_feed")
            .await
    else {
        return;
    };
    let app = app_with(relay).await;
    let requester = app.requester("librairie").await;
    // Eligible (declares French) and opted in to e-mail.
    let (mailed, mailed_mail) = worker_with(
        &app,
        "alert-mailed",
        json!({"languages": ["fr"],
        "alerts": {"email": true}}),
    )
    .await;
    // Eligible, the defaults: in the list, no e-mail.
    let (quiet, quiet_mail) = worker_with(&app, "alert-quiet", json!({"languages": ["fr"]})).await;
    // Eligible, but asked for text tasks only.
    let (picky, picky_mail) = worker_with(
        &app,
        "alert-picky",
        json!({"languages": ["fr"],
        "alerts": {"email": true, "kinds": ["text"]}}),
    )
    .await;
    // Opted in to e-mail but not eligible (does not declare French): hears nothing.
    let (outsider, outsider_mail) =
        worker_with(&app, "alert-outsider", json!({"alerts": {"email": true}})).await;

    let title = "Avis de lecteurs";
    let project = requester
        .funded_project(
            2,
            json!({"title": title, "language": "fr", "eligibility": {"languages": ["fr"]}}),
        )
        .await;
    // The matching runs as a job, not inside the publication.
    assert_eq!(notifications(&quiet).await["unread"], 0);
    handprint_server::jobs::run_once(&app.state).await;

    let mail = wait_for_mail(relay, &mailed_mail, 1).await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].subject, format!("New work for you: {title}"));
    assert!(
        mail[0]
            .text
            .contains(&format!("- {title}\n  {}/work#p-{project}", app.base)),
        "{}",
        mail[0].text
    );
    assert!(
        mail[0]
            .text
            .contains(&format!("{}/notifications#alerts", app.base)),
        "{}",
        mail[0].text
    );
    for nobody in [&quiet_mail, &picky_mail, &outsider_mail] {
        assert!(mail_to(relay, nobody).is_empty(), "{nobody} got mail");
    }

    let list = notifications(&quiet).await;
    assert_eq!(list["unread"], 1, "{list}");
    assert_eq!(titles(&list), [format!("{title} (published)")]);
    assert_eq!(list["notifications"][0]["project_id"], project.as_str());
    assert_eq!(list["notifications"][0]["read"], false);
    assert_eq!(notifications(&mailed).await["unread"], 1);
    assert_eq!(notifications(&picky).await["unread"], 0);
    assert_eq!(notifications(&outsider).await["unread"], 0);

    // Marking read: one of another worker's is not found; one's own counts down.
    let id = list["notifications"][0]["id"].as_str().expect("id");
    let (status, body) = mailed
        .post_empty(&format!("/api/v1/me/notifications/{id}/read"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, body) = quiet
        .post_empty(&format!("/api/v1/me/notifications/{id}/read"))
        .await;
    assert_eq!((status, body), (StatusCode::OK, json!({"unread": 0})));
    assert_eq!(
        notifications(&quiet).await["notifications"][0]["read"],
        true
    );

    // Each event is delivered once: another pass sends nothing more.
    handprint_server::jobs::run_once(&app.state).await;
    assert_eq!(mail_to(relay, &mailed_mail).len(), 1);
    assert_eq!(
        notifications(&quiet).await["notifications"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    // The feed lists the same work, for a reader that cannot sign in.
    let url = new_feed(&mailed).await;
    assert!(
        url.starts_with(&format!("{}/feeds/work/", app.base)),
        "{url}"
    );
    let (status, feed) = read_feed(&app, &url).await;
    assert_eq!(status, StatusCode::OK);
    let feed = feed.expect("a feed");
    assert_eq!(feed.title, "Handprint: work for you");
    assert!(feed.id.starts_with("urn:handprint:feed:"), "{}", feed.id);
    let published = to_rfc3339(app.clock.now());
    assert_eq!(feed.updated, published);
    assert_eq!(feed.entries.len(), 1, "{feed:?}");
    assert_eq!(feed.entries[0].title, title);
    assert_eq!(
        feed.entries[0].id,
        format!("urn:handprint:project:{project}")
    );
    assert_eq!(feed.entries[0].updated, published);
    assert_eq!(
        feed.entries[0].link.href,
        format!("{}/work#p-{project}", app.base)
    );
    // Not eligible, not in the feed.
    let outsider_url = new_feed(&outsider).await;
    let (_, feed) = read_feed(&app, &outsider_url).await;
    assert!(feed.expect("a feed").entries.is_empty());
    // Nor for work that does not match the settings.
    let picky_url = new_feed(&picky).await;
    let (_, feed) = read_feed(&app, &picky_url).await;
    assert!(feed.expect("a feed").entries.is_empty());
}

#[tokio::test]
async fn one_pass_sends_one_mail_per_worker_and_new_items_and_resuming_alert_again() {
    let Some(relay) =
        relay("one_pass_sends_one_mail_per_worker_and_new_items_and_resuming_alert_again").await
    else {
        return;
    };
    let app = app_with(relay).await;
    let requester = app.requester("batch").await;
    let (worker, worker_mail) =
        worker_with(&app, "alert-batch", json!({"alerts": {"email": true}})).await;
    let first = requester
        .funded_project(1, json!({"title": "First batch"}))
        .await;
    requester
        .funded_project(1, json!({"title": "Second batch"}))
        .await;
    handprint_server::jobs::run_once(&app.state).await;
    let mail = wait_for_mail(relay, &worker_mail, 1).await;
    assert_eq!(mail.len(), 1, "two publications in one pass are one mail");
    assert_eq!(mail[0].subject, "2 new projects for you");
    assert!(
        mail[0]
            .text
            .contains("2 projects you asked to hear about have work for you:")
    );
    assert!(mail[0].text.contains("- First batch\n"), "{}", mail[0].text);
    assert!(
        mail[0].text.contains("- Second batch\n"),
        "{}",
        mail[0].text
    );

    // New items in an active project, and resuming a paused one, alert again.
    requester.fund("10.00").await;
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{first}/tasks"),
            "application/x-ndjson",
            "{\"external_id\":\"more-1\",\"text\":\"more\"}\n".to_string(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let (status, body) = requester
        .post_empty(&format!("/api/v1/projects/{first}/pause"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = requester
        .post_empty(&format!("/api/v1/projects/{first}/resume"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    handprint_server::jobs::run_once(&app.state).await;
    let list = notifications(&worker).await;
    assert_eq!(list["unread"], 4, "{list}");
    let mut seen = titles(&list);
    seen.sort();
    assert_eq!(
        seen,
        [
            "First batch (new_items)",
            "First batch (published)",
            "First batch (resumed)",
            "Second batch (published)"
        ]
    );
    let mail = wait_for_mail(relay, &worker_mail, 2).await;
    assert_eq!(
        mail[1].subject, "New work for you: First batch",
        "a project resumed and given items in one pass is mailed once"
    );

    // Mark all read.
    let (status, body) = worker.post_empty("/api/v1/me/notifications/read").await;
    assert_eq!((status, body), (StatusCode::OK, json!({"unread": 0})));
}

#[tokio::test]
async fn a_feed_address_is_replaced_or_revoked_and_then_answers_404() {
    let app = TestApp::spawn().await;
    let worker = app.worker("feed-owner").await;
    let (status, body) = worker
        .send(
            worker
                .http
                .delete(format!("{}/api/v1/me/feed", worker.base)),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["code"], "err-feed-none");

    let first = new_feed(&worker).await;
    assert_eq!(read_feed(&app, &first).await.0, StatusCode::OK);
    let second = new_feed(&worker).await;
    assert_ne!(first, second);
    assert_eq!(read_feed(&app, &first).await.0, StatusCode::NOT_FOUND);
    assert_eq!(read_feed(&app, &second).await.0, StatusCode::OK);

    let (status, _) = worker
        .send(
            worker
                .http
                .delete(format!("{}/api/v1/me/feed", worker.base)),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let r = app.http.get(&second).send().await.expect("request");
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let problem: Value = r.json().await.expect("problem");
    assert_eq!(problem["code"], "err-feed-unknown");

    // Feeds and notifications are a worker's.
    let requester = app.requester("no-feed").await;
    let (status, _) = requester.post_empty("/api/v1/me/feed").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = requester.get("/api/v1/me/notifications").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bad_alert_settings_are_refused_naming_each_field() {
    let app = TestApp::spawn().await;
    let worker = app.worker("alert-typo").await;
    let (status, problem) = put_settings(
        &worker,
        json!({"alerts": {"email": "yes", "kinds": ["text", "essay"], "languages": ["klingon"],
            "min_pay_per_hour": "1.234", "end_uses": ["spying"], "sms": true}}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let mut paths = problem_paths(&problem);
    paths.sort();
    assert_eq!(
        paths,
        [
            "/alerts/email",
            "/alerts/end_uses/0",
            "/alerts/kinds/1",
            "/alerts/languages/0",
            "/alerts/min_pay_per_hour",
            "/alerts/sms"
        ]
    );
    let kind = problem["errors"]
        .as_array()
        .and_then(|e| e.iter().find(|e| e["path"] == "/alerts/kinds/1"))
        .expect("the kind's problem");
    assert_eq!(kind["code"], "problem-alerts-kind");
    assert_eq!(
        kind["message"],
        "essay is not a kind of task: the kinds are single_choice, multi_choice, text, rating, bounding_boxes, form, spans, external_study, custom_html, pairwise, polygons, keypoints, segments"
    );
    // Nothing was saved.
    assert_eq!(
        worker.get("/api/v1/me/settings").await.1["alerts"],
        alerts_with(json!({}))
    );

    let (status, saved) = put_settings(
        &worker,
        json!({"alerts": {"email": true, "kinds": ["text"], "min_pay_per_hour": "12.5"}}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(
        saved["alerts"],
        alerts_with(json!({"email": true, "kinds": ["text"], "min_pay_per_hour": "12.50"}))
    );
}

#[tokio::test]
async fn a_minimum_pay_per_hour_keeps_lower_paid_work_out_of_the_alerts() {
    let app = TestApp::spawn().await;
    let requester = app.requester("lowpay").await;
    // The sentiment project pays 0.10 for 20 seconds: 18.00 an hour.
    let (above, _) = worker_with(
        &app,
        "pay-above",
        json!({"alerts": {"min_pay_per_hour": "18.00"}}),
    )
    .await;
    let (below, _) = worker_with(
        &app,
        "pay-below",
        json!({"alerts": {"min_pay_per_hour": "18.01"}}),
    )
    .await;
    let (off, _) = worker_with(&app, "pay-off", json!({"alerts": {"in_app": false}})).await;
    requester.funded_project(1, json!({})).await;
    handprint_server::jobs::run_once(&app.state).await;
    assert_eq!(notifications(&above).await["unread"], 1);
    assert_eq!(notifications(&below).await["unread"], 0);
    assert_eq!(notifications(&off).await["unread"], 0);
}

#[tokio::test]
async fn a_requester_message_is_mailed_only_to_workers_who_turned_notices_on() {
    let Some(relay) =
        relay("a_requester_message_is_mailed_only_to_workers_who_turned_notices_on").await
    else {
        return;
    };
    let app = app_with(relay).await;
    let requester_mail = format!("{}@requester.test", unique("notices"));
    let requester = app.signup("requester", &requester_mail).await;
    let project = requester
        .funded_project(
            2,
            json!({"title": "Tri de critiques", "answers_per_task": 1}),
        )
        .await;
    let (on, on_mail) = worker_with(
        &app,
        "notice-on",
        json!({"alerts": {"message_email": true}}),
    )
    .await;
    let off_mail = format!("{}@worker.test", unique("notice-off"));
    let off = app.signup("worker", &off_mail).await;
    answer(&app, &on, &project, json!("pos"), 30).await;
    answer(&app, &off, &project, json!("neg"), 30).await;

    let (status, sent) = requester
        .post(
            "/api/v1/messages",
            json!({"project_id": project, "text": "Thank you both: item 3 was a trick one."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    assert_eq!(sent["recipients"], 2);
    let mail = wait_for_mail(relay, &on_mail, 1).await;
    assert_eq!(
        mail[0].subject,
        format!("Org of {requester_mail} wrote to you about Tri de critiques")
    );
    assert!(
        mail[0]
            .text
            .contains("Thank you both: item 3 was a trick one."),
        "{}",
        mail[0].text
    );
    assert!(
        mail[0].text.contains(&format!("{}/messages", app.base)),
        "{}",
        mail[0].text
    );
    // A worker's own message is not mailed back to them, and notices are off by default.
    let (status, _) = on
        .post(
            "/api/v1/messages",
            json!({"project_id": project, "text": "Glad to help."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(mail_to(relay, &off_mail).is_empty());
    assert_eq!(mail_to(relay, &on_mail).len(), 1);
}
