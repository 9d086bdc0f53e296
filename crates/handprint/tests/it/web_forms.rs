//! The checks every page's form post gets from its extractors, whatever the page:
//! the session's CSRF token (`CsrfForm`), the account's role (`WorkerPage`,
//! `RequesterPage`, `OperatorPage`), and a body that fits the page's form.

use crate::support::TestApp;
use crate::web::{FormPost, client};
use crate::web_money::{Session, create_operator};
use reqwest::StatusCode;
use reqwest::header::ACCEPT_LANGUAGE;
use serde_json::Value;

const PASSWORD: &str = "correct horse battery";
const CSRF_EN: &str = "This form is out of date";

/// Post `pairs` as `session` (its cookie, and its token only if `token`), with extra headers.
async fn post(
    session: &Session,
    path: &str,
    pairs: &[(&str, &str)],
    token: bool,
    headers: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut all = Vec::new();
    if token {
        all.push(("_csrf", session.csrf.as_str()));
    }
    all.extend_from_slice(pairs);
    let mut r = client()
        .post(format!("{}{path}", session.base))
        .header("cookie", &session.cookie);
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    let r = r.form_body(&all).send().await.expect("post");
    (r.status(), r.text().await.expect("body"))
}

/// A worker, a requester and an operator, each signed in through the pages.
async fn three_roles(app: &TestApp) -> (Session, Session, Session) {
    app.worker("wanda").await;
    app.requester("rosa").await;
    create_operator(app, "otto@operator.test", PASSWORD).await;
    (
        Session::sign_in(app, "wanda@worker.test", PASSWORD).await,
        Session::sign_in(app, "rosa@requester.test", PASSWORD).await,
        Session::sign_in(app, "otto@operator.test", PASSWORD).await,
    )
}

/// (path, fields, the status the same post gets with its token).
type Post = (
    &'static str,
    &'static [(&'static str, &'static str)],
    StatusCode,
);

const WORKER_POSTS: [Post; 3] = [
    (
        "/work/next",
        &[("project_id", "nope")],
        StatusCode::NOT_FOUND,
    ),
    (
        "/work/a/nope/report",
        // A listed reason (others are refused with a 422 before the assignment is looked up).
        &[("reason", "unclear")],
        StatusCode::NOT_FOUND,
    ),
    (
        "/earnings/payout",
        &[("amount", "1.00"), ("destination", "")],
        StatusCode::UNPROCESSABLE_ENTITY,
    ),
];
const REQUESTER_POSTS: [Post; 3] = [
    (
        "/projects/new",
        &[("title", "")],
        StatusCode::UNPROCESSABLE_ENTITY,
    ),
    (
        "/projects/nope/state",
        &[("action", "pause")],
        StatusCode::NOT_FOUND,
    ),
    (
        "/projects/nope/review",
        &[("scope", "one"), ("action", "approve")],
        StatusCode::NOT_FOUND,
    ),
];
const OPERATOR_POSTS: [Post; 3] = [
    (
        "/operator/deposits",
        &[("amount", "")],
        StatusCode::UNPROCESSABLE_ENTITY,
    ),
    (
        "/operator/payouts/nope/paid",
        &[("reference", "r")],
        StatusCode::NOT_FOUND,
    ),
    (
        "/disputes/nope/decide",
        &[("decision", "uphold"), ("message", "m")],
        StatusCode::NOT_FOUND,
    ),
];

#[tokio::test]
async fn web_a_post_without_its_csrf_token_is_refused_on_the_pages_of_every_role() {
    let app = TestApp::spawn().await;
    let (worker, requester, operator) = three_roles(&app).await;
    let any_role: [Post; 1] = [(
        "/keys",
        &[("label", "laptop"), ("password", PASSWORD)],
        StatusCode::OK,
    )];
    for (session, posts) in [
        (&worker, &WORKER_POSTS[..]),
        (&requester, &REQUESTER_POSTS[..]),
        (&operator, &OPERATOR_POSTS[..]),
        (&worker, &any_role[..]),
    ] {
        for (path, fields, with_token) in posts {
            let (status, page) = post(session, path, fields, false, &[]).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path} without a token");
            assert!(page.contains(CSRF_EN), "{path}: {page}");
            let (status, page) = post(session, path, fields, true, &[]).await;
            assert_eq!(status, *with_token, "{path} with its token: {page}");
        }
    }
    // The task page's script gets the refusal as JSON.
    let (status, body) = post(
        &worker,
        "/work/a/nope/submit",
        &[("answer", "x")],
        false,
        &[("x-hp-fetch", "1")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let body: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(body["ok"], Value::Bool(false));
    assert!(
        body["message"]
            .as_str()
            .expect("message")
            .starts_with(CSRF_EN),
        "{body}"
    );
}

#[tokio::test]
async fn web_a_post_to_another_roles_page_is_refused_with_the_role_it_needs() {
    let app = TestApp::spawn().await;
    let (worker, requester, operator) = three_roles(&app).await;
    let cases = [
        (
            &worker,
            &REQUESTER_POSTS[..],
            "this needs a requester account; you are signed in as a worker",
        ),
        (
            &worker,
            &OPERATOR_POSTS[..],
            "this needs a operator account; you are signed in as a worker",
        ),
        (
            &requester,
            &WORKER_POSTS[..],
            "this needs a worker account; you are signed in as a requester",
        ),
        (
            &operator,
            &REQUESTER_POSTS[..],
            "this needs a requester account; you are signed in as a operator",
        ),
    ];
    for (session, posts, message) in cases {
        for (path, fields, _) in posts {
            let (status, page) = post(session, path, fields, true, &[]).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
            assert!(page.contains(message), "{path}: {page}");
        }
    }
    // A requester's pages are refused to a worker when only looked at, too.
    let (status, page) = worker.get("/projects/nope/review").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("this needs a requester account"), "{page}");
    // The task page's script reads the refusal as JSON.
    let (status, body) = post(
        &requester,
        "/work/a/nope/submit",
        &[("answer", "x")],
        true,
        &[("x-hp-fetch", "1")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let body: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        body,
        serde_json::json!({"ok": false, "message": "this needs a worker account; you are signed in as a requester"})
    );
}

#[tokio::test]
async fn web_a_form_whose_fields_do_not_fit_its_page_is_a_422_page_in_the_pages_language() {
    let app = TestApp::spawn().await;
    let (worker, _, _) = three_roles(&app).await;
    // One reason is asked for; two are sent.
    let twice = [("reason", "broken"), ("reason", "offensive")];
    let (status, page) = post(&worker, "/work/a/nope/report", &twice, true, &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("could not be read"), "{page}");
    assert!(page.contains("<h1>"), "an error page: {page}");
    let (status, page) = post(
        &worker,
        "/work/a/nope/report",
        &twice,
        true,
        &[(ACCEPT_LANGUAGE.as_str(), "fr")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("ont pas pu être lus"), "{page}");
    // Without its token, the same body is refused for the token: nothing of it is read.
    let (status, page) = post(&worker, "/work/a/nope/report", &twice, false, &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains(CSRF_EN), "{page}");
}
