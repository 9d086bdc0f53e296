//! The job alerts form and per-assignment message threads on the pages (issue 16),
//! over plain HTTP (cookies and CSRF tokens as a browser sends them): what a page
//! save stores, read back through the API; what is refused, and that a refusal keeps
//! what was typed and stores nothing.

use crate::alerts::alerts_with;
use crate::money::answer;
use crate::support::{Client, TestApp};
use crate::web_money::Session;
use reqwest::StatusCode;
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery";

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

/// How many times `needle` is in `haystack`.
fn occurrences(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[tokio::test]
async fn the_alerts_form_saves_every_filter_and_keeps_the_opt_ins_and_languages() {
    let app = TestApp::spawn().await;
    let requester = app.requester("filters").await;
    requester
        .funded_project(1, json!({"title": "Livres", "language": "fr"}))
        .await;
    let worker = app.worker("filters").await;
    let (status, body) = put_settings(
        &worker,
        json!({"sensitive_opt_in": ["violence"], "languages": ["fr", "mg"]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let page = Session::sign_in(&app, "filters@worker.test", PASSWORD).await;

    let (status, html) = page.get("/notifications").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(occurrences(&html, "name=\"kinds\""), 13, "every kind");
    assert_eq!(occurrences(&html, "name=\"end_uses\""), 11, "every end use");
    assert_eq!(occurrences(&html, "name=\"languages\""), 1, "{html}");
    assert!(
        html.contains("<label class=\"choice\"><input type=\"checkbox\" name=\"languages\" value=\"fr\" id=\"language-fr\"> French (fr)</label>"),
        "{html}"
    );
    assert!(html.contains("> Pairwise comparison</label>"), "{html}");
    assert!(html.contains("Least pay per hour (USD), empty for any"));

    let (status, location, _) = page
        .post(
            "/notifications/settings",
            &[
                ("in_app", "1"),
                ("kinds", "text"),
                ("kinds", "rating"),
                ("languages", "fr"),
                ("end_uses", "research"),
                ("end_uses", "accessibility"),
                ("min_pay_per_hour", " 9.5 "),
                ("no_sensitive", "1"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/notifications?saved=1#alerts");
    let saved = alerts_with(json!({"kinds": ["text", "rating"], "languages": ["fr"],
        "end_uses": ["research", "accessibility"], "min_pay_per_hour": "9.50", "no_sensitive": true}));
    let (_, settings) = worker.get("/api/v1/me/settings").await;
    assert_eq!(settings["alerts"], saved, "{settings}");
    assert_eq!(settings["sensitive_opt_in"], json!(["violence"]));
    assert_eq!(settings["languages"], json!(["fr", "mg"]));

    let (_, html) = page.get("/notifications?saved=1").await;
    for checked in [
        "id=\"kind-text\" checked",
        "id=\"kind-rating\" checked",
        "id=\"language-fr\" checked",
        "id=\"end-use-research\" checked",
        "id=\"alert-no-sensitive\" checked",
        "name=\"min_pay_per_hour\" inputmode=\"decimal\" value=\"9.50\"",
    ] {
        assert!(html.contains(checked), "{checked} in {html}");
    }
    assert!(html.contains("id=\"kind-spans\">"), "spans unticked");

    // A bad amount: refused naming the field, what was typed kept, nothing stored.
    let (status, _, html) = page
        .post(
            "/notifications/settings",
            &[
                ("email", "1"),
                ("kinds", "spans"),
                ("min_pay_per_hour", "9,5x"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("<p class=\"err\" id=\"min-pay-err\">Least pay per hour: &#34;9,5x&#34; is not a decimal amount: write it like &#34;0.25&#34;</p>"),
        "{html}"
    );
    assert!(
        html.contains("value=\"9,5x\" aria-invalid=\"true\""),
        "{html}"
    );
    assert!(html.contains("id=\"kind-spans\" checked"), "{html}");
    assert!(html.contains("id=\"alert-email\" checked"), "{html}");
    assert!(!html.contains("id=\"kind-text\" checked"), "{html}");
    let (_, settings) = worker.get("/api/v1/me/settings").await;
    assert_eq!(settings["alerts"], saved, "nothing stored: {settings}");

    // A kind the page never offers, sent by hand: refused, named.
    let (status, _, html) = page
        .post("/notifications/settings", &[("kinds", "essay")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("id=\"alerts-error\">essay is not a kind of task"),
        "{html}"
    );

    // Nothing ticked: every filter cleared, every switch off.
    let (status, _, _) = page.post("/notifications/settings", &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, settings) = worker.get("/api/v1/me/settings").await;
    assert_eq!(
        settings["alerts"],
        alerts_with(json!({"in_app": false})),
        "{settings}"
    );
    assert_eq!(settings["sensitive_opt_in"], json!(["violence"]));
    assert_eq!(settings["languages"], json!(["fr", "mg"]));
}

/// A project of two items, each answered by its own worker: (requester, project,
/// first worker, their assignment, second worker's assignment).
async fn two_answers(app: &TestApp) -> (Client, String, String, String) {
    let requester = app.requester("threads").await;
    let project = requester
        .funded_project(2, json!({"title": "Street names", "answers_per_task": 1}))
        .await;
    let first = app.worker("first").await;
    let a = answer(app, &first, &project, json!("pos"), 30).await;
    let second = app.worker("second").await;
    let b = answer(app, &second, &project, json!("neg"), 40).await;
    (requester, project, a, b)
}

/// The messages of the caller's threads through the API: (thread's worker, from,
/// assignment, text) of each, threads newest first.
async fn api_messages(client: &Client) -> Vec<(String, String, Value, String)> {
    let (status, threads) = client.get("/api/v1/messages").await;
    assert_eq!(status, StatusCode::OK, "{threads}");
    let mut out = Vec::new();
    for th in threads.as_array().expect("threads") {
        for m in th["messages"].as_array().expect("messages") {
            out.push((
                th["worker"].as_str().unwrap_or_default().to_string(),
                m["from"].as_str().unwrap_or_default().to_string(),
                m["assignment_id"].clone(),
                m["text"].as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    out
}

#[tokio::test]
async fn a_worker_writes_about_an_assignment_from_their_history_and_the_requester_answers_from_the_review()
 {
    let app = TestApp::spawn().await;
    let (requester, project, a, b) = two_answers(&app).await;
    let worker = Session::sign_in(&app, "first@worker.test", PASSWORD).await;

    let (_, history) = worker.get("/work/history").await;
    assert!(
        history.contains(&format!("<a href=\"/messages?assignment={a}\" class=\"write\">Write to the requester about this assignment</a>")),
        "{history}"
    );
    let (status, html) = worker.get(&format!("/messages?assignment={a}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<h2>Write to the requester about this assignment</h2>"),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "<a href=\"/work/history#a-{a}\">About an assignment: "
        )),
        "{html}"
    );
    assert!(html.contains(&format!("name=\"assignment_id\" value=\"{a}\"")));
    // Another worker's assignment is not theirs to write about.
    let (status, _) = worker.get(&format!("/messages?assignment={b}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, location, _) = worker
        .post(
            "/messages",
            &[
                ("project_id", &project),
                ("to", ""),
                ("assignment_id", &a),
                ("text", "Was \"pos\" right for item 1?"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("/messages?sent=1#a-{a}"));
    let (status, _, html) = worker
        .post(
            "/messages",
            &[
                ("project_id", &project),
                ("assignment_id", &b),
                ("text", "And the other one?"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains(&format!("assignment_id: &#34;{b}&#34; is not an assignment of this thread&#39;s worker in this project")),
        "{html}"
    );
    assert!(html.contains(">And the other one?</textarea>"), "{html}");

    // The requester: the thread of the assignment, its link to the review of it.
    let (_, threads) = requester.get("/api/v1/messages").await;
    let pseudonym = threads[0]["worker"]
        .as_str()
        .expect("a pseudonym")
        .to_string();
    let review = Session::sign_in(&app, "threads@requester.test", PASSWORD).await;
    let (_, html) = review.get("/messages").await;
    let link = format!("/projects/{project}/review?assignment={a}#r-{a}");
    assert!(
        html.contains(&format!("<section class=\"card thread\" id=\"a-{a}\">")),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "<a href=\"{link}\" class=\"assignment-link\">About an assignment: "
        )),
        "{html}"
    );
    let (status, one) = review.get(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(one.contains(&format!("id=\"r-{a}\"")), "{one}");
    assert!(
        !one.contains(&format!("id=\"r-{b}\"")),
        "only the one answer"
    );
    assert!(
        one.contains(&format!("<input type=\"hidden\" name=\"to\" value=\"{pseudonym}\"><input type=\"hidden\" name=\"assignment_id\" value=\"{a}\">")),
        "the review's form about this assignment: {one}"
    );

    let (status, location, _) = review
        .post(
            "/messages",
            &[
                ("project_id", &project),
                ("to", &pseudonym),
                ("assignment_id", &a),
                ("text", "Yes: positive."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("/messages?sent=1#a-{a}"));
    // Never to a worker who has not worked for them, the text kept.
    let (status, _, html) = review
        .post(
            "/messages",
            &[
                ("project_id", &project),
                ("to", "w-000000000000"),
                ("text", "Come and work for us."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        html.contains("&#34;w-000000000000&#34; is not a worker who worked for your organisation"),
        "{html}"
    );
    assert!(html.contains(">Come and work for us.</textarea>"), "{html}");

    // Another organisation's requester cannot write about it, nor see its review.
    app.requester("elsewhere").await;
    let other = Session::sign_in(&app, "elsewhere@requester.test", PASSWORD).await;
    let (status, _) = other.get(&format!("/messages?assignment={a}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = other.get(&link).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let first = app.key_for("first@worker.test", PASSWORD).await;
    let expected = vec![
        (
            pseudonym.clone(),
            "worker".to_string(),
            json!(a),
            "Was \"pos\" right for item 1?".to_string(),
        ),
        (
            pseudonym.clone(),
            "requester".to_string(),
            json!(a),
            "Yes: positive.".to_string(),
        ),
    ];
    assert_eq!(api_messages(&first).await, expected);
    assert_eq!(api_messages(&requester).await, expected);
    let second = app.key_for("second@worker.test", PASSWORD).await;
    assert_eq!(
        api_messages(&second).await,
        Vec::new(),
        "nothing reached the other worker"
    );
    let (_, html) = worker.get("/messages").await;
    assert!(html.contains("<p>Yes: positive.</p>"), "{html}");
}
