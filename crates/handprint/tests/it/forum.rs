//! The workers' forum over the API (issue 16): only operators create categories and
//! moderate, always with a reason; the author sees their hidden post with the reason
//! and nobody else does; search never finds a hidden post; a locked thread refuses
//! posts; requesters stay out; posting is limited per account on the app's clock.

use crate::support::{Client, TestApp, problem_paths};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn category(operator: &Client, name: &str) -> String {
    let (status, body) = operator
        .post(
            "/api/v1/forum/categories",
            json!({"name": name, "description": "Pay, rates and fees"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_str().expect("id").to_string()
}

async fn thread(worker: &Client, category: &str, title: &str, text: &str) -> String {
    let (status, body) = worker
        .post(
            &format!("/api/v1/forum/categories/{category}"),
            json!({"title": title, "text": text}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_str().expect("id").to_string()
}

async fn reply(worker: &Client, thread: &str, text: &str) -> (StatusCode, Value) {
    worker
        .post(
            &format!("/api/v1/forum/threads/{thread}"),
            json!({ "text": text }),
        )
        .await
}

/// The texts of a thread's posts as `reader` sees them, with hidden reasons.
async fn posts(reader: &Client, thread: &str) -> Vec<Value> {
    let (status, body) = reader.get(&format!("/api/v1/forum/threads/{thread}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["posts"]
        .as_array()
        .expect("posts")
        .iter()
        .map(|p| json!([p["author"], p["text"], p["hidden"], p["hidden_reason"]]))
        .collect()
}

async fn search(reader: &Client, q: &str) -> Vec<Value> {
    let (status, body) = reader
        .get(&format!("/api/v1/forum/search?q={}", urlencode(q)))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|p| p["text"].clone())
        .collect()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn only_operators_moderate_with_a_reason_and_the_author_alone_sees_it() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let amara = app.worker("amara").await;
    let bo = app.worker("bo").await;

    let (status, body) = amara
        .post("/api/v1/forum/categories", json!({"name": "Pay"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let pay = category(&operator, "Pay").await;
    let (status, body) = operator
        .post("/api/v1/forum/categories", json!({"name": " Pay "}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    let t = thread(&amara, &pay, "Late payments", "Has anyone been paid late?").await;
    let (status, body) = reply(&bo, &t, "Yes, by Acme: their reviews took a week.").await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let post = body["id"].as_str().expect("id").to_string();

    // A worker may not moderate; an operator must give a reason and a known action.
    let hide = json!({"action": "hide", "reason": "Names a person's address."});
    let path = format!("/api/v1/forum/posts/{post}/moderation");
    let (status, body) = amara.post(&path, hide.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["code"], "err-role-needed", "{body}");
    let (status, body) = operator
        .post(&path, json!({"action": "delete", "reason": "  "}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem_paths(&body), ["/action", "/reason"], "{body}");
    assert_eq!(posts(&bo, &t).await[1][2], json!(false));
    let (status, body) = operator.post(&path, hide).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");

    // The author sees it with the reason; another worker does not see it; the operator does.
    let opening = json!([
        "amara@worker.test",
        "Has anyone been paid late?",
        false,
        null
    ]);
    let hidden = json!([
        "bo@worker.test",
        "Yes, by Acme: their reviews took a week.",
        true,
        "Names a person's address."
    ]);
    assert_eq!(posts(&bo, &t).await, [opening.clone(), hidden.clone()]);
    assert_eq!(posts(&amara, &t).await, std::slice::from_ref(&opening));
    assert_eq!(posts(&operator, &t).await, [opening.clone(), hidden]);
    // Search finds it for nobody, its author included.
    assert_eq!(search(&bo, "ACME reviews").await, Vec::<Value>::new());
    assert_eq!(
        search(&amara, "paid late").await,
        [json!("Has anyone been paid late?")]
    );

    // The log says who, what and why; workers may not read it.
    let (status, log) = operator.get("/api/v1/forum/moderation").await;
    assert_eq!(status, StatusCode::OK, "{log}");
    assert_eq!(log["total"], 1);
    assert_eq!(log["actions"][0]["operator"], "Operator");
    assert_eq!(log["actions"][0]["action"], "hide_post");
    assert_eq!(log["actions"][0]["post_id"], post.as_str());
    assert_eq!(log["actions"][0]["reason"], "Names a person's address.");
    let (status, _) = bo.get("/api/v1/forum/moderation").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Restored with a reason: everyone reads it and search finds it again.
    let (status, body) = operator
        .post(
            &path,
            json!({"action": "restore", "reason": "The address was the company's."}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(posts(&amara, &t).await.len(), 2);
    assert_eq!(
        search(&amara, "acme").await,
        [json!("Yes, by Acme: their reviews took a week.")]
    );

    // A hidden thread: its author reads it with the reason, others get 404.
    let (status, body) = operator
        .post(
            &format!("/api/v1/forum/threads/{t}/moderation"),
            json!({"action": "hide", "reason": "Duplicate of another thread."}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (status, mine) = amara.get(&format!("/api/v1/forum/threads/{t}")).await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(mine["thread"]["hidden"], true);
    assert_eq!(
        mine["thread"]["hidden_reason"],
        "Duplicate of another thread."
    );
    let (status, body) = bo.get(&format!("/api/v1/forum/threads/{t}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["code"], "err-forum-no-thread");
    let (_, cats) = bo.get("/api/v1/forum/categories").await;
    assert_eq!(cats[0]["threads"], 0, "{cats}");
    let (_, cats) = amara.get("/api/v1/forum/categories").await;
    assert_eq!(cats[0]["threads"], 1, "{cats}");
    assert_eq!(search(&amara, "paid late").await, Vec::<Value>::new());
}

#[tokio::test]
async fn a_locked_thread_refuses_posts_until_it_is_unlocked() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let worker = app.worker("chidi").await;
    let help = category(&operator, "Help").await;
    let t = thread(
        &worker,
        &help,
        "Which tasks pay best?",
        "Asking for a friend.",
    )
    .await;
    let moderation = format!("/api/v1/forum/threads/{t}/moderation");
    let (status, body) = operator
        .post(&moderation, json!({"action": "lock", "reason": "Settled."}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");

    let (status, body) = reply(&worker, &t, "One more thing").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "err-forum-thread-locked");
    let (status, body) = reply(&operator, &t, "Operators too").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (_, read) = worker.get(&format!("/api/v1/forum/threads/{t}")).await;
    assert_eq!(read["thread"]["locked"], true);
    assert_eq!(read["thread"]["lock_reason"], "Settled.");
    assert_eq!(read["total"], 1);

    let (status, body) = operator
        .post(
            &moderation,
            json!({"action": "unlock", "reason": "Reopened."}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (status, body) = reply(&worker, &t, "One more thing").await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_, read) = worker.get(&format!("/api/v1/forum/threads/{t}")).await;
    assert_eq!(read["thread"]["locked"], false);
    assert_eq!(read["thread"]["lock_reason"], Value::Null);
    assert_eq!(read["total"], 2);
}

#[tokio::test]
async fn requesters_may_neither_read_nor_write_the_forum() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let requester = app.requester("acme").await;
    let c = category(&operator, "General").await;
    let (status, body) = requester.get("/api/v1/forum/categories").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["code"], "err-forum-workers-only");
    let (status, body) = requester
        .post(
            &format!("/api/v1/forum/categories/{c}"),
            json!({"title": "Hi", "text": "We pay well"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _) = requester.get("/api/v1/forum/search?q=pay").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn posting_is_limited_per_account_until_time_passes() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let worker = app.worker("dana").await;
    let other = app.worker("eli").await;
    let c = category(&operator, "Chat").await;
    let t = thread(&worker, &c, "Hello", "First post").await;
    for i in 1..10 {
        let (status, body) = reply(&worker, &t, &format!("post {i}")).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (status, body) = reply(&worker, &t, "one too many").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["code"], "err-forum-too-many-posts");
    let (status, _) = reply(&other, &t, "someone else may").await;
    assert_eq!(status, StatusCode::CREATED);

    app.clock.advance_seconds(9 * 60);
    let (status, _) = reply(&worker, &t, "still too soon").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    app.clock.advance_seconds(60);
    let (status, body) = reply(&worker, &t, "ten minutes later").await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn search_matches_words_in_order_in_any_case_and_pages_its_results() {
    let app = TestApp::spawn().await;
    let operator = app.operator().await;
    let c = category(&operator, "Pay").await;
    let first = app.worker("fay").await;
    let t = thread(&first, &c, "Fees 100% explained", "Why the fee?").await;
    // 21 posts that match, written by three workers (the posting limit is per account).
    for n in 0..3 {
        let w = app.worker(&format!("w{n}")).await;
        for i in 0..7 {
            let (status, body) = reply(&w, &t, &format!("LATE pay number {n}{i}")).await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            app.clock.advance_seconds(1);
        }
    }
    let (status, page1) = first.get("/api/v1/forum/search?q=late%20PAY").await;
    assert_eq!(status, StatusCode::OK, "{page1}");
    assert_eq!(page1["total"], 21);
    assert_eq!(page1["pages"], 2);
    assert_eq!(page1["results"].as_array().map(Vec::len), Some(20));
    assert_eq!(page1["results"][0]["text"], "LATE pay number 26");
    let (_, page2) = first.get("/api/v1/forum/search?q=late+pay&page=2").await;
    assert_eq!(page2["page"], 2);
    assert_eq!(page2["results"].as_array().map(Vec::len), Some(1));
    assert_eq!(page2["results"][0]["text"], "LATE pay number 00");
    // Words in order only; wildcards are literal; the title matches every post.
    assert_eq!(search(&first, "pay late").await, Vec::<Value>::new());
    assert_eq!(search(&first, "number 1_").await, Vec::<Value>::new());
    let (_, by_title) = first.get("/api/v1/forum/search?q=100%25").await;
    assert_eq!(by_title["total"], 22, "{by_title}");

    let (status, body) = first.get("/api/v1/forum/search?q=%20").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem_paths(&body), ["/q"]);
    let (status, body) = first.get("/api/v1/forum/search?q=pay&page=0").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], "err-forum-page");
    // A thread's posts page the same way.
    let (_, second) = first
        .get(&format!("/api/v1/forum/threads/{t}?page=2"))
        .await;
    assert_eq!(second["total"], 22);
    assert_eq!(second["posts"].as_array().map(Vec::len), Some(2));
    assert_eq!(second["posts"][1]["text"], "LATE pay number 26");
}
