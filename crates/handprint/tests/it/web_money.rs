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
    let row = app.state.db.review_row(&assignment).await.expect("row");
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
