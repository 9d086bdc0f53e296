//! The money pages over plain HTTP (cookies and CSRF tokens as a browser sends
//! them): review (approve, reject, bonus, one by one and ticked together), a
//! worker's earnings, payouts and disputes, a requester's funds, an operator's
//! deposits, payouts queue, ledger check and dispute decisions.

use crate::support::{Client, T0, TestApp};
use crate::web::{FormPost, client, csrf_of, open_form, session_cookie};
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use serde_json::json;

const PASSWORD: &str = "correct horse battery";
pub(crate) const REASON_MESSAGE: &str =
    "The review is clearly negative (\"never again\"), but the answer says positive.";

/// A signed-in browser session: its cookie and the CSRF token of its forms.
pub(crate) struct Session {
    pub(crate) base: String,
    pub(crate) cookie: String,
    pub(crate) csrf: String,
}

impl Session {
    pub(crate) async fn sign_in(app: &TestApp, email: &str, password: &str) -> Session {
        let (cookie, csrf) = open_form(app, "/signin").await;
        let r = client()
            .post(format!("{}/signin", app.base))
            .header("cookie", &cookie)
            .form_body(&[("_csrf", &csrf), ("email", email), ("password", password)])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "sign-in of {email}");
        let cookie = session_cookie(&r).expect("a session");
        let mut s = Session {
            base: app.base.clone(),
            cookie: cookie.split(';').next().expect("pair").to_string(),
            csrf: String::new(),
        };
        let (_, html) = s.get("/keys").await;
        s.csrf = csrf_of(&html);
        s
    }

    pub(crate) async fn get(&self, path: &str) -> (StatusCode, String) {
        let r = client()
            .get(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .send()
            .await
            .expect("get");
        (r.status(), r.text().await.expect("body"))
    }

    /// Post a form (the CSRF token added); returns the status, where it redirects, the page.
    pub(crate) async fn post(
        &self,
        path: &str,
        pairs: &[(&str, &str)],
    ) -> (StatusCode, String, String) {
        let mut all = vec![("_csrf", self.csrf.as_str())];
        all.extend_from_slice(pairs);
        let r = client()
            .post(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .form_body(&all)
            .send()
            .await
            .expect("post");
        let status = r.status();
        let location = r
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        (status, location, r.text().await.expect("body"))
    }
}

/// An operator account with this email and password (operators are not signed up).
pub(crate) async fn create_operator(app: &TestApp, email: &str, password: &str) {
    let hash = handprint_server::auth::hash_password(password.into())
        .await
        .expect("hash");
    app.state
        .db
        .create_user(
            handprint_store::accounts::NewUser {
                email,
                password_hash: &hash,
                name: "Operator",
                role: handprint_core::account::Role::Operator,
                country: "",
                organization: None,
            },
            T0,
        )
        .await
        .expect("operator");
}

/// An operator, signed in through the pages.
async fn operator(app: &TestApp) -> Session {
    create_operator(app, "ops@operator.test", "operator password").await;
    Session::sign_in(app, "ops@operator.test", "operator password").await
}

/// A worker answers the next item of the project through the API; returns the assignment.
pub(crate) async fn answer(worker: &Client, project: &str, value: &str) -> String {
    let (status, lease) = worker
        .post("/api/v1/work/next", json!({"project_id": project}))
        .await;
    assert_eq!(status, StatusCode::OK, "{lease}");
    let id = lease["assignment_id"].as_str().expect("id").to_string();
    let (status, body) = worker
        .post(
            &format!("/api/v1/assignments/{id}/submit"),
            json!({"answer": value}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    id
}

/// A requester with a published one-answer-per-item project, a worker who answered
/// one item, and both signed in: (requester page session, worker page session, project, assignment).
async fn answered(app: &TestApp, name: &str) -> (Session, Session, String, String) {
    let requester = app.requester(name).await;
    let project = requester
        .funded_project(3, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker(name).await;
    let assignment = answer(&worker, &project, "pos").await;
    let r = Session::sign_in(app, &format!("{name}@requester.test"), PASSWORD).await;
    let w = Session::sign_in(app, &format!("{name}@worker.test"), PASSWORD).await;
    (r, w, project, assignment)
}

#[tokio::test]
async fn web_approving_an_answer_on_the_review_page_raises_the_workers_balance() {
    let app = TestApp::spawn().await;
    let (r, w, project, assignment) = answered(&app, "approve").await;
    let review = format!("/projects/{project}/review");
    let (status, html) = r.get(&review).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("id=\"r-{assignment}\"")), "{html}");
    let (_, html) = w.get("/earnings").await;
    assert!(html.contains("id=\"available\">0.00 USD"), "{html}");
    let (status, to, _) = r
        .post(
            &review,
            &[
                ("scope", "one"),
                ("assignment", &assignment),
                ("action", "approve"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(to.contains("done=1"), "{to}");
    let (_, html) = r.get(&to).await;
    assert!(html.contains("Done for 1 answer."), "{html}");
    let (_, html) = w.get("/earnings").await;
    assert!(html.contains("id=\"available\">0.10 USD"), "{html}");
    assert!(
        html.contains("approved answer") && html.contains("Review sentiment"),
        "the statement line names its origin: {html}"
    );
    assert!(
        html.contains("id=\"under-threshold\""),
        "under the payout threshold, the page says so"
    );
    let (_, html) = w.get("/work/history").await;
    assert!(html.contains(">Approved<"), "{html}");
    // The statement downloads as the API's CSV.
    let (status, csv) = w.get("/earnings/statement.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        csv.starts_with("at,reason,account,amount") && csv.contains("approval"),
        "{csv}"
    );
}

#[tokio::test]
async fn web_a_rejection_without_a_reason_is_refused_inline_keeping_the_message() {
    let app = TestApp::spawn().await;
    let (r, _w, project, assignment) = answered(&app, "noreason").await;
    let review = format!("/projects/{project}/review");
    let (status, _, html) = r
        .post(
            &review,
            &[
                ("scope", "one"),
                ("assignment", &assignment),
                ("action", "reject"),
                ("reason", ""),
                ("message", REASON_MESSAGE),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("a rejection needs a reason"), "{html}");
    assert!(
        html.contains(&format!("id=\"reason-err-{assignment}\"")),
        "the error sits next to the reason: {html}"
    );
    assert!(
        html.contains("The review is clearly negative (&quot;never again&quot;)")
            || html.contains("The review is clearly negative (&#34;never again&#34;)"),
        "the message typed is kept: {html}"
    );
    // A message too short is refused with the rule's words.
    let (status, _, html) = r
        .post(
            &review,
            &[
                ("scope", "one"),
                ("assignment", &assignment),
                ("action", "reject"),
                ("reason", "instructions_not_followed"),
                ("message", "wrong"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("at least 50 characters"), "{html}");
    assert!(
        html.contains("value=\"instructions_not_followed\" selected"),
        "{html}"
    );
    let row = app
        .state
        .db
        .review_row(&assignment.as_str().into())
        .await
        .expect("row");
    assert_eq!(row.review_state, None, "nothing was rejected");
}

#[tokio::test]
async fn web_an_answer_agreeing_with_the_aggregated_label_cannot_be_rejected() {
    let app = TestApp::spawn().await;
    let requester = app.requester("agree").await;
    let project = requester
        .funded_project(1, json!({"answers_per_task": 2}))
        .await;
    let a = answer(&app.worker("agree-a").await, &project, "pos").await;
    answer(&app.worker("agree-b").await, &project, "pos").await;
    let r = Session::sign_in(&app, "agree@requester.test", PASSWORD).await;
    let (status, _, html) = r
        .post(
            &format!("/projects/{project}/review"),
            &[
                ("scope", "one"),
                ("assignment", &a),
                ("action", "reject"),
                ("reason", "instructions_not_followed"),
                ("message", REASON_MESSAGE),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains(&format!("id=\"e-{a}\""))
            && (html.contains("agrees with the item&#x27;s aggregated label")
                || html.contains("agrees with the item&#39;s aggregated label")),
        "{html}"
    );
}

#[tokio::test]
async fn web_ticked_answers_are_approved_together_and_bonuses_paid() {
    let app = TestApp::spawn().await;
    let requester = app.requester("bulk").await;
    let project = requester
        .funded_project(3, json!({"answers_per_task": 1}))
        .await;
    requester.fund("20.00").await;
    let worker = app.worker("bulk").await;
    let a1 = answer(&worker, &project, "pos").await;
    let a2 = answer(&worker, &project, "neg").await;
    let r = Session::sign_in(&app, "bulk@requester.test", PASSWORD).await;
    let review = format!("/projects/{project}/review");
    let (status, _, html) = r
        .post(&review, &[("scope", "bulk"), ("action", "approve")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Tick at least one answer first."), "{html}");
    let (status, to, _) = r
        .post(
            &review,
            &[
                ("scope", "bulk"),
                ("action", "approve"),
                ("assignment", &a1),
                ("assignment", &a2),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
    assert!(to.contains("done=2"), "{to}");
    let (status, to, _) = r
        .post(
            &review,
            &[
                ("scope", "bulk"),
                ("action", "bonus"),
                ("assignment", &a1),
                ("assignment", &a2),
                ("amount", "2.50"),
                ("bonus_message", "Careful work, thank you."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
    let (_, balance) = worker.get("/api/v1/balance").await;
    assert_eq!(balance["worker"]["available"], "5.20", "{balance}");
    // A bonus without a message is refused inline.
    let (status, _, html) = r
        .post(
            &review,
            &[
                ("scope", "one"),
                ("action", "bonus"),
                ("assignment", &a1),
                ("amount", "1.00"),
                ("bonus_message", ""),
                ("show", "all"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("must not be empty"), "{html}");
}

#[tokio::test]
async fn web_a_disputed_rejection_overturned_by_an_operator_pays_the_worker() {
    let app = TestApp::spawn().await;
    let (r, w, project, assignment) = answered(&app, "dispute").await;
    let (status, _, _) = r
        .post(
            &format!("/projects/{project}/review"),
            &[
                ("scope", "one"),
                ("assignment", &assignment),
                ("action", "reject"),
                ("reason", "instructions_not_followed"),
                ("message", REASON_MESSAGE),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = w.get("/work/history").await;
    assert!(html.contains(">Rejected<"), "{html}");
    assert!(
        html.contains("did not follow a clearly stated instruction"),
        "{html}"
    );
    assert!(html.contains("The review is clearly negative"), "{html}");
    assert!(
        html.contains(&format!("action=\"/work/a/{assignment}/dispute\"")),
        "{html}"
    );
    // An empty dispute is refused inline.
    let dispute = format!("/work/a/{assignment}/dispute");
    let (status, _, html) = w.post(&dispute, &[("message", "  ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("must not be empty"), "{html}");
    let (status, to, _) = w
        .post(
            &dispute,
            &[(
                "message",
                "The review says it was fine in the end; positive is right.",
            )],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = w.get(&to).await;
    assert!(html.contains(">Disputed<"), "{html}");
    // The requester sees it with the reverse button; the operator decides.
    let (_, html) = r.get("/disputes").await;
    assert!(
        html.contains("positive is right") && html.contains("Reverse the rejection"),
        "{html}"
    );
    let op = operator(&app).await;
    let (_, html) = op.get("/disputes").await;
    assert!(
        html.contains("positive is right") && html.contains("The review is clearly negative"),
        "both sides: {html}"
    );
    let dispute_id = html
        .split("action=\"/disputes/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .expect("a decide form")
        .to_string();
    let (status, to, _) = op
        .post(
            &format!("/disputes/{dispute_id}/decide"),
            &[
                ("decision", "overturn"),
                (
                    "message",
                    "The review ends positively; the answer is right.",
                ),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(to.contains("done=overturned"), "{to}");
    let (_, html) = w.get("/earnings").await;
    assert!(html.contains("id=\"available\">0.10 USD"), "{html}");
    let (_, html) = w.get("/work/history").await;
    assert!(
        html.contains(">Overturned: paid<") && html.contains("the answer is right"),
        "{html}"
    );
}

#[tokio::test]
async fn web_a_requester_reverses_a_rejection_from_the_disputes_page() {
    let app = TestApp::spawn().await;
    let (r, w, project, assignment) = answered(&app, "reverse").await;
    r.post(
        &format!("/projects/{project}/review"),
        &[
            ("scope", "one"),
            ("assignment", &assignment),
            ("action", "reject"),
            ("reason", "empty_or_nonsensical"),
            ("message", REASON_MESSAGE),
        ],
    )
    .await;
    w.post(
        &format!("/work/a/{assignment}/dispute"),
        &[("message", "Please look again.")],
    )
    .await;
    let (_, html) = r.get("/disputes").await;
    let id = html
        .split("action=\"/disputes/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .expect("a reverse form")
        .to_string();
    let (status, to, _) = r
        .post(&format!("/disputes/{id}/reverse"), &[("message", "")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
    let (_, html) = w.get("/work/history").await;
    assert!(html.contains(">Rejection taken back<"), "{html}");
}

#[tokio::test]
async fn web_an_operator_records_deposits_and_sends_payouts_the_requester_and_worker_see_them() {
    let app = TestApp::spawn().await;
    let requester = app.requester("funds").await;
    let org = requester.organization_id().await;
    let op = operator(&app).await;
    let (status, _, html) = op
        .post(
            "/operator/deposits",
            &[
                ("organization_id", &org),
                ("amount", "12.345"),
                ("reference", "BANK-1"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("id=\"amount-err\"") && html.contains("value=\"BANK-1\""),
        "{html}"
    );
    let (status, to, _) = op
        .post(
            "/operator/deposits",
            &[
                ("organization_id", &org),
                ("amount", "40.00"),
                ("reference", "BANK-1"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = op.get(&to).await;
    assert!(html.contains("Recorded 40.00 USD"), "{html}");
    assert!(html.contains("id=\"ledger-ok\""), "{html}");
    let r = Session::sign_in(&app, "funds@requester.test", PASSWORD).await;
    let (_, html) = r.get("/funds").await;
    assert!(html.contains("id=\"available\">40.00 USD"), "{html}");
    assert!(html.contains(&org), "the id to quote with a transfer");
    let (_, csv) = r.get("/funds/statement.csv").await;
    assert!(csv.contains("deposit"), "{csv}");
    // A worker earns 6.00 by a bonus, asks for a payout; the operator sends it.
    let project = requester
        .published_from_balance(1, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("funds").await;
    let a = answer(&worker, &project, "pos").await;
    let (status, body) = requester
        .post(
            &format!("/api/v1/assignments/{a}/bonus"),
            json!({"amount": "6.00", "message": "thanks"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let w = Session::sign_in(&app, "funds@worker.test", PASSWORD).await;
    let (status, _, html) = w
        .post(
            "/earnings/payout",
            &[
                ("amount", "2.00"),
                ("destination", "M-Pesa +254 700 000 000"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("payouts start at 5.00 USD"), "{html}");
    let (status, _, _) = w
        .post(
            "/earnings/payout",
            &[
                ("amount", "6.00"),
                ("destination", "M-Pesa +254 700 000 000"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = w.get("/earnings").await;
    assert!(html.contains("id=\"pending\">6.00 USD"), "{html}");
    let (_, html) = op.get("/operator/payouts").await;
    assert!(html.contains("M-Pesa +254 700 000 000"), "{html}");
    let (status, csv) = op.get("/operator/payouts.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.contains("6.00"), "{csv}");
    let payout = html
        .split("action=\"/operator/payouts/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .expect("a payout form")
        .to_string();
    let (status, _, _) = op
        .post(
            &format!("/operator/payouts/{payout}/paid"),
            &[("reference", "MPESA-77")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = w.get("/earnings").await;
    assert!(html.contains("id=\"paid-out\">6.00 USD"), "{html}");
    // Pages of other roles are refused.
    let (status, _) = w.get("/operator").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = w.get("/funds").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn web_the_requester_reads_why_the_pay_floor_topped_up_a_project() {
    let app = TestApp::spawn().await;
    let requester = app.requester("floor").await;
    let project = requester
        .funded_project(
            10,
            json!({"answers_per_task": 1, "reward": "0.10", "estimated_seconds": 30}),
        )
        .await;
    requester.fund("5.00").await;
    let mut ids = Vec::new();
    for name in ["floor-a", "floor-b", "floor-c"] {
        let worker = app.worker(name).await;
        for _ in 0..2 {
            ids.push(crate::money::answer(&app, &worker, &project, json!("pos"), 60).await);
        }
    }
    let (status, body) = requester
        .post("/api/v1/reviews", json!({"approve": ids}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    handprint_server::jobs::run_once(&app.state).await;
    let r = Session::sign_in(&app, "floor@requester.test", PASSWORD).await;
    for page in [
        format!("/projects/{project}"),
        format!("/projects/{project}/review"),
    ] {
        let (status, html) = r.get(&page).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("id=\"notices\"") && html.contains("median of 60 s"),
            "{page}: {html}"
        );
    }
    let (_, html) = Session::sign_in(&app, "floor-a@worker.test", PASSWORD)
        .await
        .get("/earnings")
        .await;
    assert!(html.contains("top-up to the pay floor"), "{html}");
}

#[tokio::test]
async fn web_my_work_shows_each_projects_answers_with_their_review_in_every_state() {
    let app = TestApp::spawn().await;
    let requester = app.requester("mixed").await;
    let alpha = requester
        .funded_project(2, json!({"answers_per_task": 1, "title": "Alpha reviews"}))
        .await;
    let beta = requester
        .funded_project(2, json!({"answers_per_task": 1, "title": "Beta reviews"}))
        .await;
    let worker = app.worker("mixed").await;
    // A minute between answers, so "newest first" is a fact of the data.
    let approved = answer(&worker, &alpha, "pos").await;
    app.clock.advance_seconds(60);
    let pending = answer(&worker, &alpha, "neg").await;
    app.clock.advance_seconds(60);
    let rejected = answer(&worker, &beta, "pos").await;
    app.clock.advance_seconds(60);
    let (status, body) = worker
        .post("/api/v1/work/next", json!({"project_id": beta}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let leased = body["assignment_id"].as_str().expect("id").to_string();
    let (status, body) = requester
        .post_empty(&format!("/api/v1/assignments/{approved}/approve"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = requester
        .post(
            &format!("/api/v1/assignments/{rejected}/reject"),
            json!({"reason": "instructions_not_followed", "message": REASON_MESSAGE}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let w = Session::sign_in(&app, "mixed@worker.test", PASSWORD).await;
    let (status, html) = w.get("/work/history").await;
    assert_eq!(status, StatusCode::OK);
    // One line each, newest first, with its own project's title and review.
    let row = |id: &str| -> String {
        let at = html
            .find(&format!("<tr id=\"a-{id}\">"))
            .unwrap_or_else(|| panic!("a line for {id}: {html}"));
        html[at..].split("</tr>").next().unwrap_or("").to_string()
    };
    assert_eq!(html.matches("<tr id=\"a-").count(), 4, "{html}");
    let order: Vec<usize> = [&leased, &rejected, &pending, &approved]
        .iter()
        .map(|id| html.find(&format!("<tr id=\"a-{id}\">")).unwrap_or(0))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "newest first: {html}"
    );
    let line = row(&approved);
    assert!(
        line.contains("Alpha reviews") && line.contains(">Approved<"),
        "{line}"
    );
    assert!(line.contains("0.10 USD"), "the reward: {line}");
    let line = row(&pending);
    assert!(
        line.contains("Alpha reviews")
            && line.contains(">Pending review<")
            && line.contains("approved automatically on"),
        "{line}"
    );
    let line = row(&rejected);
    assert!(
        line.contains("Beta reviews") && line.contains(">Rejected<"),
        "{line}"
    );
    let line = row(&leased);
    assert!(
        line.contains("Beta reviews") && line.contains("in progress") && !line.contains("badge"),
        "{line}"
    );
    // Only the rejection has details: its reason, message and the dispute form.
    assert_eq!(html.matches("<tr class=\"detail\"").count(), 1, "{html}");
    assert!(
        html.contains(&format!("<tr class=\"detail\" id=\"d-{rejected}\""))
            && html.contains("did not follow a clearly stated instruction")
            && html.contains(&format!("action=\"/work/a/{rejected}/dispute\"")),
        "{html}"
    );
}

#[tokio::test]
async fn web_the_operator_picks_an_organisation_by_name_deposits_and_sees_its_balance() {
    let app = TestApp::spawn().await;
    let first = app.requester("acme").await;
    let org = first.organization_id().await;
    let other = app.requester("zeta").await.organization_id().await;
    let op = operator(&app).await;
    let (status, html) = op.get("/operator").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<select id=\"organization_id\" name=\"organization_id\" required")
            && html.contains(&format!(
                "<option value=\"{org}\">Org of acme@requester.test (acme@requester.test)</option>"
            ))
            && html.contains(&format!("<option value=\"{other}\">")),
        "the organisations to choose from: {html}"
    );
    assert!(
        html.contains(&format!("id=\"available-{org}\">0.00 USD")),
        "{html}"
    );
    // A wrong amount keeps the organisation chosen and what was typed.
    let (status, _, html) = op
        .post(
            "/operator/deposits",
            &[
                ("organization_id", &org),
                ("amount", "ten"),
                ("reference", "BANK-9"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains(&format!("<option value=\"{org}\" selected>"))
            && html.contains("id=\"amount-err\"")
            && html.contains("value=\"ten\"")
            && html.contains("value=\"BANK-9\""),
        "{html}"
    );
    // An organisation that is not in the list is refused next to the choice.
    let (status, _, html) = op
        .post(
            "/operator/deposits",
            &[
                ("organization_id", "no-such-org"),
                ("amount", "10.00"),
                ("reference", "BANK-9"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("id=\"org-err\"") && html.contains("value=\"10.00\""),
        "{html}"
    );
    let (status, to, _) = op
        .post(
            "/operator/deposits",
            &[
                ("organization_id", &org),
                ("amount", "40.00"),
                ("reference", "BANK-9"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = op.get(&to).await;
    assert!(html.contains("Recorded 40.00 USD"), "{html}");
    assert!(
        html.contains(&format!("id=\"available-{org}\">40.00 USD"))
            && html.contains(&format!("id=\"available-{other}\">0.00 USD")),
        "{html}"
    );
}

/// The part of `html` from `<{tag} … id="{id}"` to the first `</{tag}>` after it,
/// apostrophes unescaped.
fn block(html: &str, tag: &str, id: &str) -> String {
    let start = html
        .find(&format!("id=\"{id}\""))
        .and_then(|i| html[..i].rfind(&format!("<{tag}")))
        .unwrap_or_else(|| panic!("no {tag}#{id} in {html}"));
    let end = html[start..]
        .find(&format!("</{tag}>"))
        .expect("the block's end");
    html[start..start + end + tag.len() + 3]
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
}

/// The `<dt>` labels of a block, in order.
fn labels(block: &str) -> Vec<String> {
    block
        .split("<dt>")
        .skip(1)
        .filter_map(|s| s.split("</dt>").next())
        .map(str::to_string)
        .collect()
}

/// A draft of `items` items × `overlap` answers at `reward`, with 1.00 deposited:
/// (the requester's API client, its page session, the project).
async fn short_draft(
    app: &TestApp,
    name: &str,
    items: usize,
    overlap: i64,
    reward: &str,
) -> (Client, Session, String) {
    let requester = app.requester(name).await;
    requester.fund("1.00").await;
    let id = requester
        .project(json!({"answers_per_task": overlap, "reward": reward, "estimated_seconds": 10}))
        .await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let rows: String = (0..items)
        .map(|i| format!("{{\"external_id\":\"s{i}\",\"text\":\"review {i}\"}}\n"))
        .collect();
    let (status, report) = requester
        .upload(
            &format!("/api/v1/projects/{id}/tasks"),
            "application/x-ndjson",
            rows,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let session = Session::sign_in(app, &format!("{name}@requester.test"), PASSWORD).await;
    (requester, session, id)
}

#[tokio::test]
async fn web_publishing_without_funds_shows_rewards_fee_reserve_and_how_to_add_money() {
    let app = TestApp::spawn().await;
    let (requester, r, id) = short_draft(&app, "short", 10, 3, "0.05").await;
    let (status, _, html) = r
        .post(&format!("/projects/{id}/state"), &[("action", "publish")])
        .await;
    assert_eq!(status, StatusCode::PAYMENT_REQUIRED, "{html}");
    // 30 answers × 0.05 = 1.50; fees held 30 × 0.01 (0.005 rounded up); reserve
    // 25 % of 1.50 = 0.375, rounded up to 0.38; 2.18 in all, 1.00 available.
    assert_eq!(
        block(&html, "div", "shortfall"),
        format!(
            "<div class=\"err\" role=\"alert\" id=\"shortfall\">\n\
             <p><strong>Not enough money to publish.</strong> Publishing holds the rewards, the fee and a top-up reserve in escrow until the work is done; what the work does not use comes back to the organisation's available balance.</p>\n\
             <dl class=\"facts\">\n\
             <dt>Rewards for 30 answers</dt><dd id=\"shortfall-rewards\">1.50 USD</dd>\n\
             <dt>Platform fee (10 %, held per answer rounded up)</dt><dd id=\"shortfall-fees\">0.30 USD</dd>\n\
             <dt>Top-up reserve (25 % of the rewards)</dt><dd id=\"shortfall-reserve\">0.38 USD</dd>\n\
             <dt>Escrow needed</dt><dd id=\"shortfall-total\">2.18 USD</dd>\n\
             <dt>Available now</dt><dd id=\"shortfall-available\">1.00 USD</dd>\n\
             <dt>Missing</dt><dd id=\"shortfall-missing\">1.18 USD</dd>\n\
             </dl>\n\
             <p id=\"shortfall-how\">To add money, send a bank or mobile-money transfer quoting your organisation id and ask an operator to record the deposit; then publish again. <a href=\"/funds#how-to-deposit\">Your organisation id and balance are on the Funds page.</a></p>\n\
             </div>"
        )
    );
    assert!(!html.contains("Change the project"), "{html}");
    // The API's refusal names the same amount missing.
    let (status, body) = requester
        .post_empty(&format!("/api/v1/projects/{id}/publish"))
        .await;
    assert_eq!(
        (status, body["missing"].as_str()),
        (StatusCode::PAYMENT_REQUIRED, Some("1.18"))
    );
    let fr = Session {
        base: r.base.clone(),
        cookie: format!("{}; hp_lang=fr", r.cookie),
        csrf: r.csrf.clone(),
    };
    let (status, _, html) = fr
        .post(&format!("/projects/{id}/state"), &[("action", "publish")])
        .await;
    assert_eq!(status, StatusCode::PAYMENT_REQUIRED, "{html}");
    let shortfall = block(&html, "div", "shortfall");
    assert_eq!(
        labels(&shortfall),
        [
            "Récompenses pour 30 réponses",
            "Frais de plateforme (10 %, réservés par réponse arrondis au supérieur)",
            "Réserve de compléments (25 % des récompenses)",
            "Séquestre nécessaire",
            "Disponible maintenant",
            "Manquant",
        ]
    );
    assert_eq!(
        block(&shortfall, "p", "shortfall-how"),
        "<p id=\"shortfall-how\">Pour ajouter de l'argent, faites un virement bancaire ou mobile en indiquant l'identifiant de votre organisation et demandez à un opérateur d'enregistrer le dépôt ; puis publiez à nouveau. <a href=\"/funds#how-to-deposit\">L'identifiant de votre organisation et son solde sont sur la page Fonds.</a></p>"
    );
}

#[tokio::test]
async fn web_the_shortfall_of_a_single_answer_says_one_answer_in_both_languages() {
    let app = TestApp::spawn().await;
    let (_, r, id) = short_draft(&app, "single", 1, 1, "2.00").await;
    let fr = Session {
        base: r.base.clone(),
        cookie: format!("{}; hp_lang=fr", r.cookie),
        csrf: r.csrf.clone(),
    };
    for (session, rewards, fees) in [
        (
            &r,
            "Rewards for 1 answer",
            "Platform fee (10 %, held per answer rounded up)",
        ),
        (
            &fr,
            "Récompenses pour 1 réponse",
            "Frais de plateforme (10 %, réservés par réponse arrondis au supérieur)",
        ),
    ] {
        let (status, _, html) = session
            .post(&format!("/projects/{id}/state"), &[("action", "publish")])
            .await;
        assert_eq!(status, StatusCode::PAYMENT_REQUIRED, "{html}");
        let shortfall = block(&html, "div", "shortfall");
        assert_eq!(labels(&shortfall)[..2], [rewards, fees]);
    }
    // 2.00 + 0.20 fee + 0.50 reserve = 2.70, 1.00 available.
    let (_, html) = r.get(&format!("/projects/{id}")).await;
    assert!(
        !html.contains("id=\"shortfall\""),
        "only on the refusal: {html}"
    );
}

/// The text of the element with this id (its tag's first `>` to the next `<`).
fn text_of(html: &str, id: &str) -> String {
    html.split(&format!("id=\"{id}\">"))
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap_or_else(|| panic!("no #{id} in {html}"))
        .to_string()
}

/// Earnings' "Earned in all: … · under review: …" line.
fn earnings_summary(html: &str) -> String {
    let rest = html
        .split("Earned in all: ")
        .nth(1)
        .unwrap_or_else(|| panic!("no earned line in {html}"));
    let parts: Vec<&str> = rest.split(" · ").take(2).collect();
    format!("Earned in all: {}", parts.join(" · "))
}

#[tokio::test]
async fn web_my_work_and_earnings_agree_on_what_is_earned_and_what_waits_for_review() {
    let app = TestApp::spawn().await;
    let requester = app.requester("agree").await;
    requester.fund("20.00").await;
    let project = requester
        .published_from_balance(
            3,
            json!({"answers_per_task": 1, "reward": "0.85", "estimated_seconds": 60}),
        )
        .await;
    let worker = app.worker("agree").await;
    let first = answer(&worker, &project, "pos").await;
    answer(&worker, &project, "neg").await;
    let w = Session::sign_in(&app, "agree@worker.test", PASSWORD).await;
    let (_, work) = w.get("/work/history").await;
    let (_, earnings) = w.get("/earnings").await;
    assert_eq!(
        (
            text_of(&work, "today-earned"),
            text_of(&work, "today-under-review")
        ),
        ("0.00 USD".into(), "1.70 USD more waiting for review".into())
    );
    assert_eq!(
        earnings_summary(&earnings),
        "Earned in all: 0.00 USD · under review: 1.70 USD"
    );
    let (status, body) = requester
        .post_empty(&format!("/api/v1/assignments/{first}/approve"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, work) = w.get("/work/history").await;
    let (_, earnings) = w.get("/earnings").await;
    assert_eq!(
        (
            text_of(&work, "today-earned"),
            text_of(&work, "today-under-review"),
            text_of(&work, "week-earned"),
        ),
        (
            "0.85 USD".into(),
            "0.85 USD more waiting for review".into(),
            "0.85 USD".into()
        )
    );
    assert_eq!(
        earnings_summary(&earnings),
        "Earned in all: 0.85 USD · under review: 0.85 USD"
    );
    let fr = Session {
        base: w.base.clone(),
        cookie: format!("{}; hp_lang=fr", w.cookie),
        csrf: w.csrf.clone(),
    };
    let (_, work) = fr.get("/work/history").await;
    assert!(
        text_of(&work, "today-under-review").ends_with(" de plus en attente de vérification"),
        "{work}"
    );
    assert!(
        work.contains("Approuvé et versé sur votre solde (Gains le compte comme gagné)."),
        "{work}"
    );
}

/// The (memo-and-note cell, amount) of each statement row, newest first.
fn statement_rows(html: &str) -> Vec<(String, String)> {
    let table = html
        .split("<table id=\"statement\">")
        .nth(1)
        .and_then(|s| s.split("</table>").next())
        .expect("a statement");
    table
        .split("<tr><td>")
        .skip(1)
        .map(|row| {
            let cells: Vec<&str> = row.split("</td><td").collect();
            let note = cells[2]
                .split("<span class=\"line-note\">")
                .nth(1)
                .and_then(|s| s.split("</span>").next())
                .unwrap_or("")
                .replace("&#x27;", "'")
                .replace("&#39;", "'");
            let amount = cells[4]
                .split("</td>")
                .next()
                .and_then(|c| c.rsplit('>').next())
                .unwrap_or("")
                .to_string();
            (note, amount)
        })
        .collect()
}

#[tokio::test]
async fn web_each_line_of_a_payout_says_which_balance_it_leaves_or_enters() {
    let app = TestApp::spawn().await;
    let requester = app.requester("pairs").await;
    requester.fund("20.00").await;
    let project = requester
        .published_from_balance(1, json!({"answers_per_task": 1}))
        .await;
    let worker = app.worker("pairs").await;
    let a = answer(&worker, &project, "pos").await;
    let (status, body) = requester
        .post(
            &format!("/api/v1/assignments/{a}/bonus"),
            json!({"amount": "6.00", "message": "thanks"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // A minute between the transfers, so the statement orders them by time.
    app.clock.advance_seconds(60);
    let (status, payout) = worker
        .post(
            "/api/v1/payouts",
            json!({"amount": "6.00", "destination": "M-Pesa +254 700 000 000"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{payout}");
    let pid = payout["id"].as_str().expect("id");
    app.clock.advance_seconds(60);
    let (status, body) = app
        .operator()
        .await
        .post(
            &format!("/api/v1/operator/payouts/{pid}/paid"),
            json!({"reference": "MPESA-1"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let w = Session::sign_in(&app, "pairs@worker.test", PASSWORD).await;
    let (_, html) = w.get("/earnings").await;
    let rows = statement_rows(&html);
    let notes: Vec<(&str, &str)> = rows.iter().map(|(n, a)| (n.as_str(), a.as_str())).collect();
    // Newest first. The bonus is one line on the worker's statement: no note.
    assert_eq!(
        notes,
        [
            ("Out of your pending payout: it was sent.", "-6.00"),
            ("Into what you have been paid out.", "6.00"),
            (
                "Into your pending payout, until an operator sends it.",
                "6.00"
            ),
            (
                "Out of your available balance, for the payout you asked for.",
                "-6.00"
            ),
            ("", "6.00"),
        ]
    );
    assert!(
        html.contains("Money moving between two of your own balances shows as two lines"),
        "{html}"
    );
    let fr = Session {
        base: w.base.clone(),
        cookie: format!("{}; hp_lang=fr", w.cookie),
        csrf: w.csrf.clone(),
    };
    let (_, html) = fr.get("/earnings").await;
    let notes: Vec<String> = statement_rows(&html).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        notes,
        [
            "Sort de votre versement en attente : il a été envoyé.",
            "Entre dans ce qui vous a été versé.",
            "Entre dans votre versement en attente, jusqu'à ce qu'un opérateur l'envoie.",
            "Sort de votre solde disponible, pour le versement demandé.",
            "",
        ]
    );
}
