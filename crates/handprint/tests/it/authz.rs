//! The authorisation matrix (issue 12, "tests that stay"): every route of the JSON API
//! and of the pages × (anonymous, worker, other worker, requester, other organisation's
//! requester, operator), each cell the exact status the product answers.
//!
//! Generated from the router: axum cannot list its routes, so
//! [`every_route_of_the_server_has_a_row_in_the_authorisation_matrix`] reads every
//! `.route("…", get(…).post(…))` in `crates/server/src` and fails when a route has no
//! row in [`rows`] (or a row no route), and the matrix test checks the OpenAPI
//! document lists the same API routes. A route added without its row fails CI; a
//! route added with a row but without its check fails the matrix.
//!
//! Each row names the fixture its path parameter is filled with — a project of the
//! requester's organisation, an assignment of the worker, a dispute, a payout… — all
//! made through the API as a user would (funding included, explicitly). Every account
//! sends the same request, one that succeeds for the account the route serves; the
//! refused accounts go first and the owners last (anonymous, other worker, other
//! requester, worker, requester, operator), so a change the owner makes comes after
//! every refusal. Routes that end what they act on (submitting, publishing,
//! deciding…) get a fixture of their own. To add a route's row, see docs/architecture.md
//! ("Tests").

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use reqwest::header::LOCATION;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{Client, TestApp, sentiment_project};
use crate::web::{FormPost, client, open_form};
use crate::web_money::{Session, create_operator};

const PASSWORD: &str = "correct horse battery";
const OPERATOR_EMAIL: &str = "ops@authz.test";
const OPERATOR_PASSWORD: &str = "operator password";
const MESSAGE: &str =
    "The review is clearly negative (\"would not buy again\") but the answer says positive.";

/// A 303 to the sign-in page (what an anonymous visitor of a page gets).
const SIGNIN: u16 = 1303;

/// The accounts of the matrix, in the order each row's statuses are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    Worker,
    OtherWorker,
    Requester,
    OtherRequester,
    Operator,
}

const COLUMNS: [Who; 6] = [
    Who::Anonymous,
    Who::Worker,
    Who::OtherWorker,
    Who::Requester,
    Who::OtherRequester,
    Who::Operator,
];

/// The order requests are sent in: the accounts a route refuses first.
const SENDING_ORDER: [Who; 6] = [
    Who::Anonymous,
    Who::OtherWorker,
    Who::OtherRequester,
    Who::Worker,
    Who::Requester,
    Who::Operator,
];

/// What fills a route's path parameter (and, for `extra`, a form's own id).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fix {
    None,
    /// The requester's published project, with items for the worker.
    Project,
    /// A new draft of the requester with two items.
    Draft,
    /// A new published project of the requester.
    Active,
    /// A new published project of the requester, paused.
    Paused,
    /// The worker's live assignment (claimed when the last one ended).
    Lease,
    /// A new answer of the worker, awaiting review.
    Submitted,
    /// A new answer of the worker, rejected.
    Rejected,
    /// A new dispute of the worker about a rejection.
    Dispute,
    /// The worker's balance made 5.00 or more (two answers approved); no id.
    Earned,
    /// A new payout the worker asked for.
    Payout,
    /// A new API key of the worker.
    WorkerKey,
    /// The requester's organisation.
    Organization,
    /// A static file the pages link to.
    Asset,
    /// A new manual qualification of the requester's organisation.
    Qualification,
    /// A new manual qualification of the requester's, granted to the worker.
    Granted,
    /// The worker's pseudonym in the requester's exports (after one answer).
    Pseudonym,
    /// A new automated restriction of the worker by the requester's organisation.
    Decision,
    /// The same, its review asked for by the worker.
    DecisionUnderReview,
    /// A password reset token nobody was sent.
    UnknownToken,
    /// A new test qualification of the requester's organisation (its organisation funded).
    Test,
    /// A new test of the requester's with one test item, funded for two takers.
    TestItems,
    /// The worker's leased item of a new test (`TestItems`).
    TestLease,
    /// A new handprint of the requester's project, kept to its organisation (unpublished).
    HiddenHandprint,
    /// The worker's review of the requester's organisation about the project.
    Review,
    /// A new report of the worker on a new project, open in the operators' queue.
    Report,
    /// The worker's lease of an item of a new project (kept out of the main project's
    /// share of leases).
    FreshLease,
    /// The id of a new worker account outside the matrix (to suspend).
    Stranger,
    /// The email of a new worker account outside the matrix (to suspend from the page).
    StrangerEmail,
    /// A new worker outside the matrix, suspended by the matrix's operator, appealed.
    Suspension,
    /// A new forum category (made by the operator).
    ForumCategory,
    /// A new forum thread of the worker (written in the store, before the posting
    /// limit's window: the limit is for the rows' own posts).
    ForumThread,
    /// A reply of the worker in a new forum thread.
    ForumPost,
}

/// The ids a request is built from.
struct Ids {
    id: String,
    extra: String,
    project: String,
    organization: String,
}

enum Body {
    Empty,
    Json(fn(&Ids) -> Value),
    /// A page's form; its CSRF token is added.
    Form(fn(&Ids) -> Vec<(&'static str, String)>),
    Ndjson(&'static str),
    /// The project page's upload form (multipart, its CSRF token first).
    Upload(&'static str),
}

/// One route and what each account gets from it.
struct Row {
    method: Method,
    path: &'static str,
    query: &'static str,
    id: Fix,
    extra: Fix,
    body: Body,
    /// HTTP Basic with the account's email and password instead of its API key.
    basic: bool,
    /// A batch answered 200 with one result per item: the cell is the first item's status.
    per_item: bool,
    /// Sign each account in again before sending (an earlier row ended its session).
    sign_in_again: bool,
    /// Anonymous, worker, other worker, requester, other organisation's requester, operator.
    expect: [u16; 6],
}

fn row(method: Method, path: &'static str, id: Fix, expect: [u16; 6]) -> Row {
    Row {
        method,
        path,
        query: "",
        id,
        extra: Fix::None,
        body: Body::Empty,
        basic: false,
        per_item: false,
        sign_in_again: false,
        expect,
    }
}

impl Row {
    fn query(mut self, query: &'static str) -> Row {
        self.query = query;
        self
    }

    fn extra(mut self, extra: Fix) -> Row {
        self.extra = extra;
        self
    }

    fn json(mut self, body: fn(&Ids) -> Value) -> Row {
        self.body = Body::Json(body);
        self
    }

    fn form(mut self, body: fn(&Ids) -> Vec<(&'static str, String)>) -> Row {
        self.body = Body::Form(body);
        self
    }

    fn per_item(mut self) -> Row {
        self.per_item = true;
        self
    }

    fn sign_in_again(mut self) -> Row {
        self.sign_in_again = true;
        self
    }

    fn basic(mut self) -> Row {
        self.basic = true;
        self
    }

    fn body(mut self, body: Body) -> Row {
        self.body = body;
        self
    }

    fn is_page(&self) -> bool {
        !(self.path.starts_with("/api/") || self.path == "/healthz")
    }
}

fn get(path: &'static str, id: Fix, expect: [u16; 6]) -> Row {
    row(Method::GET, path, id, expect)
}

fn post(path: &'static str, id: Fix, expect: [u16; 6]) -> Row {
    row(Method::POST, path, id, expect)
}

fn project_fields() -> Value {
    let mut project = sentiment_project();
    project["reward"] = json!("2.50");
    project["estimated_seconds"] = json!(60);
    project["answers_per_task"] = json!(1);
    project
}

/// Every route, JSON API then pages. Statuses: 200/201/204/303 where the account may
/// act; 401 (API) or [`SIGNIN`] (pages) for anonymous; 403 for a role the route is not
/// for; 404 for what belongs to someone else; 409 or 422 where the request is refused
/// for what it asks, not for who asks.
#[rustfmt::skip]
fn rows() -> Vec<Row> {
    use Fix::*;
    vec![
        // ---- JSON API: accounts and keys
        post("/api/v1/signup", None, [422, 422, 422, 422, 422, 422])
            .json(|_| json!({"email": "not an address", "password": "x", "name": "", "role": "worker", "country": "MG"})),
        // Only a password makes a key (an API key cannot make another).
        post("/api/v1/api-keys", None, [401, 201, 201, 201, 201, 201]).basic().json(|_| json!({"label": "matrix"})),
        get("/api/v1/api-keys", None, [401, 200, 200, 200, 200, 200]),
        row(Method::DELETE, "/api/v1/api-keys/{id}", WorkerKey, [401, 204, 404, 404, 404, 404]),
        get("/api/v1/me", None, [401, 200, 200, 200, 200, 200]),
        // The matrix's instance has no SMTP relay: asking for a reset link is refused
        // alike (409), whoever asks; a token nobody was sent is not found.
        post("/api/v1/password-reset", None, [409, 409, 409, 409, 409, 409]).json(|_| json!({"email": "nobody@authz.test"})),
        post("/api/v1/password-reset/{token}", UnknownToken, [404, 404, 404, 404, 404, 404])
            .json(|_| json!({"password": "a long enough password"})),
        get("/api/v1/me/export", None, [401, 200, 200, 200, 200, 200]),
        get("/api/v1/organizations/{id}/record", Organization, [200, 200, 200, 200, 200, 200]),
        get("/api/v1/organizations/{id}/worktime", Organization, [200, 200, 200, 200, 200, 200]),
        get("/api/v1/me/worktime", None, [401, 200, 200, 403, 403, 403]),
        get("/healthz", None, [200, 200, 200, 200, 200, 200]),
        get("/api/openapi.json", None, [200, 200, 200, 200, 200, 200]),
        // ---- projects
        post("/api/v1/projects", None, [401, 403, 403, 201, 201, 403]).json(|_| project_fields()),
        // Workers and operators list and read the active projects; a requester, its own.
        get("/api/v1/projects", None, [401, 200, 200, 200, 200, 200]),
        get("/api/v1/projects/{id}", Project, [401, 200, 200, 200, 404, 200]),
        get("/api/v1/projects/{id}", Draft, [401, 404, 404, 200, 404, 200]),
        row(Method::PATCH, "/api/v1/projects/{id}", Draft, [401, 403, 403, 200, 404, 403])
            .json(|_| json!({"title": "Renamed by its requester"})),
        post("/api/v1/projects/{id}/publish", Draft, [401, 403, 403, 200, 404, 403]),
        post("/api/v1/projects/{id}/pause", Active, [401, 403, 403, 200, 404, 403]),
        post("/api/v1/projects/{id}/resume", Paused, [401, 403, 403, 200, 404, 403]),
        post("/api/v1/projects/{id}/complete", Active, [401, 403, 403, 200, 404, 403]),
        post("/api/v1/projects/{id}/cancel", Active, [401, 403, 403, 200, 404, 403]),
        post("/api/v1/projects/{id}/tasks", Draft, [401, 403, 403, 200, 404, 403])
            .body(Body::Ndjson("{\"external_id\": \"extra-1\", \"text\": \"One more review\"}\n")),
        // Media: the organisation's own projects only. An upload of a type it does not
        // store is refused for what it is (422), after who may upload is checked.
        post("/api/v1/projects/{id}/media", Draft, [401, 403, 403, 422, 404, 403])
            .query("?name=rows.png").body(Body::Ndjson("{\"text\": \"not an image\"}\n")),
        get("/api/v1/projects/{id}/media", Draft, [401, 403, 403, 200, 404, 403]),
        // Bucket sources: the organisation's own projects only. A source with a bad name
        // is refused for what it is (422), after who may register is checked; the matrix
        // registers none, so removing one is not found.
        post("/api/v1/projects/{id}/media/sources", Draft, [401, 403, 403, 422, 404, 403])
            .json(|_| json!({"name": "Not A Name", "bucket": "photos", "access_key_id": "k", "secret_access_key": "s"})),
        get("/api/v1/projects/{id}/media/sources", Draft, [401, 403, 403, 200, 404, 403]),
        row(Method::DELETE, "/api/v1/projects/{id}/media/sources/{name}", Draft, [401, 403, 403, 404, 404, 403]),
        // A media URL's signature is the permission, whoever asks: a wrong one is refused.
        get("/media/{project}/{*name}", None, [403, 403, 403, 403, 403, 403]).query("?expires=1&sig=00"),
        get("/api/v1/projects/{id}/progress", Project, [401, 403, 403, 200, 404, 403]),
        get("/api/v1/projects/{id}/answers", Project, [401, 403, 403, 200, 404, 403]),
        get("/api/v1/projects/{id}/labels", Project, [401, 403, 403, 200, 404, 403]),
        get("/api/v1/projects/{id}/submissions", Project, [401, 403, 403, 200, 404, 403]),
        get("/api/v1/projects/{id}/notices", Project, [401, 403, 403, 200, 404, 403]),
        // ---- work
        post("/api/v1/work/next", None, [401, 200, 200, 403, 403, 403])
            .json(|ids| json!({"project_id": ids.project})),
        // Anyone's own assignments (none but a worker's); another's is not found.
        get("/api/v1/assignments", None, [401, 200, 200, 200, 200, 200]),
        get("/api/v1/assignments/{id}", Lease, [401, 200, 404, 404, 404, 404]),
        post("/api/v1/assignments/{id}/submit", Lease, [401, 200, 404, 404, 404, 404])
            .json(|_| json!({"answer": "pos"})),
        post("/api/v1/assignments/{id}/return", Lease, [401, 200, 404, 404, 404, 404]),
        // ---- review
        // An answer is reviewed by its project's organisation; to anyone else it is not found.
        post("/api/v1/assignments/{id}/approve", Submitted, [401, 404, 404, 200, 404, 404]),
        post("/api/v1/assignments/{id}/reject", Submitted, [401, 404, 404, 200, 404, 404])
            .json(|_| json!({"reason": "instructions_not_followed", "message": MESSAGE})),
        post("/api/v1/assignments/{id}/bonus", Submitted, [401, 404, 404, 201, 404, 404])
            .json(|_| json!({"amount": "0.50", "message": "Thank you for the careful answer.", "idempotency_key": "matrix"})),
        get("/api/v1/assignments/{id}/review", Submitted, [401, 200, 404, 200, 404, 404]),
        // A batch: 200, with each answer's own refusal (404: not the caller's organisation's).
        post("/api/v1/reviews", Submitted, [401, 403, 403, 200, 404, 403])
            .per_item()
            .json(|ids| json!({"approve": [ids.id]})),
        // ---- disputes
        post("/api/v1/assignments/{id}/dispute", Rejected, [401, 201, 404, 403, 403, 403])
            .json(|_| json!({"message": "The review says it would buy again: the answer is right."})),
        get("/api/v1/disputes", None, [401, 200, 200, 200, 200, 200]),
        get("/api/v1/disputes/{id}", Dispute, [401, 200, 404, 200, 404, 200]),
        post("/api/v1/disputes/{id}/reverse", Dispute, [401, 403, 403, 200, 404, 403])
            .json(|_| json!({"message": "You are right, sorry."})),
        post("/api/v1/disputes/{id}/decide", Dispute, [401, 403, 403, 403, 403, 200])
            .json(|_| json!({"decision": "overturn", "message": "The answer follows the instructions."})),
        // ---- reviews of requesters: written by a worker who answered for the project
        // (the worker did in the rows above, the other worker did not), read by anyone,
        // answered by the organisation.
        get("/api/v1/organizations/{id}/reviews", Organization, [200, 200, 200, 200, 200, 200]),
        post("/api/v1/organizations/{id}/reviews", Organization, [401, 201, 403, 403, 403, 403])
            .json(|ids| json!({"project_id": ids.project, "rating": 4, "text": "Clear instructions."})),
        post("/api/v1/organizations/{id}/reviews/{review}/answer", Organization, [401, 403, 403, 200, 404, 403])
            .extra(Review)
            .json(|_| json!({"text": "Thank you."})),
        // ---- messages: any worker may write about an open project; its requester to
        // every worker who answered (the worker did above); operators are not a party.
        get("/api/v1/messages", None, [401, 200, 200, 200, 200, 403]),
        post("/api/v1/messages", None, [401, 201, 201, 201, 404, 403])
            .json(|ids| json!({"project_id": ids.project, "text": "About the instructions."})),
        // ---- the workers' forum: workers and operators read and write, requesters are
        // kept out, operators alone create categories and moderate.
        get("/api/v1/forum/categories", None, [401, 200, 200, 403, 403, 200]),
        post("/api/v1/forum/categories", None, [401, 403, 403, 403, 403, 201])
            .json(|_| json!({"name": "Matrix category", "description": "Rows."})),
        get("/api/v1/forum/categories/{id}", ForumCategory, [401, 200, 200, 403, 403, 200]),
        post("/api/v1/forum/categories/{id}", ForumCategory, [401, 201, 201, 403, 403, 201])
            .json(|_| json!({"title": "Matrix thread", "text": "Hello."})),
        get("/api/v1/forum/threads/{id}", ForumThread, [401, 200, 200, 403, 403, 200]),
        post("/api/v1/forum/threads/{id}", ForumThread, [401, 201, 201, 403, 403, 201])
            .json(|_| json!({"text": "A reply."})),
        post("/api/v1/forum/threads/{id}/moderation", ForumThread, [401, 403, 403, 403, 403, 204])
            .json(|_| json!({"action": "lock", "reason": "Settled."})),
        post("/api/v1/forum/posts/{id}/moderation", ForumPost, [401, 403, 403, 403, 403, 204])
            .json(|_| json!({"action": "hide", "reason": "Off topic."})),
        get("/api/v1/forum/search", None, [401, 200, 200, 403, 403, 200]).query("?q=matrix"),
        get("/api/v1/forum/moderation", None, [401, 403, 403, 403, 403, 200]),
        // ---- money
        get("/api/v1/balance", None, [401, 200, 200, 200, 200, 200]),
        get("/api/v1/statement", None, [401, 200, 200, 200, 200, 403]),
        // The other worker has earned nothing: refused for the amount.
        post("/api/v1/payouts", Earned, [401, 201, 422, 403, 403, 403])
            .json(|_| json!({"amount": "5.00", "destination": "M-Pesa +254 700 000 000"})),
        get("/api/v1/payouts", None, [401, 200, 200, 403, 403, 403]),
        // ---- operator
        post("/api/v1/operator/deposits", None, [401, 403, 403, 403, 403, 201])
            .json(|ids| json!({"organization_id": ids.organization, "amount": "1.00", "reference": "matrix-api"})),
        get("/api/v1/operator/payouts", None, [401, 403, 403, 403, 403, 200]),
        post("/api/v1/operator/payouts/{id}/paid", Payout, [401, 403, 403, 403, 403, 200])
            .json(|_| json!({"reference": "bank-matrix-1"})),
        post("/api/v1/operator/payouts/{id}/failed", Payout, [401, 403, 403, 403, 403, 200])
            .json(|_| json!({"reason": "The account number was wrong."})),
        get("/api/v1/operator/ledger", None, [401, 403, 403, 403, 403, 200]),
        get("/api/v1/operator/organizations", None, [401, 403, 403, 403, 403, 200]),
        // ---- trust and safety: operators only, each act with a reason
        post("/api/v1/operator/organizations/{id}/verification", Organization, [401, 403, 403, 403, 403, 201])
            .json(|_| json!({"checks": ["identity of the signatory"]})),
        post("/api/v1/operator/organizations/{id}/verification/revoke", Organization, [401, 403, 403, 403, 403, 204])
            .json(|_| json!({"reason": "the registration lapsed"})),
        get("/api/v1/operator/reports", None, [401, 403, 403, 403, 403, 200]),
        post("/api/v1/operator/reports/{id}/decision", Report, [401, 403, 403, 403, 403, 200])
            .json(|_| json!({"outcome": "dismiss", "reason": "the item is as declared"})),
        post("/api/v1/operator/projects/{id}/takedown", Active, [401, 403, 403, 403, 403, 201])
            .json(|_| json!({"reason": "undeclared graphic content"})),
        post("/api/v1/operator/accounts/{id}/suspension", Stranger, [401, 403, 403, 403, 403, 201])
            .json(|_| json!({"reason": "copied answers"})),
        get("/api/v1/operator/suspensions", None, [401, 403, 403, 403, 403, 200]),
        // The operator who suspended may not decide the appeal: another operator must.
        post("/api/v1/operator/suspensions/{id}/appeal/decision", Suspension, [401, 403, 403, 403, 403, 403])
            .json(|_| json!({"outcome": "uphold", "reason": "as before"})),
        get("/api/v1/operator/trust-log", None, [401, 403, 403, 403, 403, 200]),
        // Anyone's own suspension (none here) and appeal (nothing to appeal).
        get("/api/v1/me/suspension", None, [401, 200, 200, 200, 200, 200]),
        post("/api/v1/me/suspension/appeal", None, [401, 409, 409, 409, 409, 409])
            .json(|_| json!({"text": "please"})),
        get("/api/v1/me/takedowns", None, [401, 200, 200, 200, 200, 200]),
        post("/api/v1/assignments/{id}/report", FreshLease, [401, 200, 404, 404, 404, 404])
            .json(|_| json!({"reason": "unclear", "note": "the instructions contradict the item"})),
        // ---- eligibility, qualifications, worker lists
        row(Method::PATCH, "/api/v1/me", None, [401, 200, 200, 403, 403, 403]).json(|_| json!({"languages": ["fr", "mg"]})),
        get("/api/v1/me/settings", None, [401, 200, 200, 403, 403, 403]),
        row(Method::PUT, "/api/v1/me/settings", None, [401, 200, 200, 403, 403, 403]).json(|_| json!({"sensitive_opt_in": ["violence"], "languages": ["fr"], "alerts": {}})),
        // ---- job alerts: a worker's own notifications and feed address; the feed
        // itself answers whoever holds its secret (nobody holds this one).
        get("/api/v1/me/notifications", None, [401, 200, 200, 403, 403, 403]),
        post("/api/v1/me/notifications/read", None, [401, 200, 200, 403, 403, 403]),
        post("/api/v1/me/notifications/{id}/read", UnknownToken, [401, 404, 404, 403, 403, 403]),
        post("/api/v1/me/feed", None, [401, 201, 201, 403, 403, 403]),
        row(Method::DELETE, "/api/v1/me/feed", None, [401, 204, 204, 403, 403, 403]),
        get("/feeds/work/{token}", UnknownToken, [404, 404, 404, 404, 404, 404]),
        // Whoever may read the project reads why they may or may not work on it.
        get("/api/v1/projects/{id}/eligibility", Project, [401, 200, 200, 200, 404, 200]),
        // The worker quality table: the project's organisation and operators.
        get("/api/v1/projects/{id}/workers", Project, [401, 403, 403, 200, 404, 200]),
        post("/api/v1/qualifications", None, [401, 403, 403, 201, 201, 201])
            .json(|_| json!({"name": "Matrix reader", "description": "Granted by hand.", "kind": "manual"})),
        get("/api/v1/qualifications", None, [401, 200, 200, 200, 200, 200]),
        get("/api/v1/qualifications/{id}", Qualification, [401, 200, 200, 200, 404, 200]),
        row(Method::PATCH, "/api/v1/qualifications/{id}", Qualification, [401, 403, 403, 200, 404, 403])
            .json(|_| json!({"description": "Granted by hand after reading ten answers."})),
        post("/api/v1/qualifications/{id}/grants", Qualification, [401, 403, 403, 200, 404, 403])
            .extra(Pseudonym)
            .json(|ids| json!({"worker": ids.extra, "score": 75, "reason": "Read their answers: careful work."})),
        row(Method::DELETE, "/api/v1/qualifications/{id}/grants/{worker}", Granted, [401, 403, 403, 204, 404, 403])
            .extra(Pseudonym)
            .json(|_| json!({"reason": "Granted to the wrong worker by mistake."})),
        get("/api/v1/me/qualifications", None, [401, 200, 200, 403, 403, 403]),
        post("/api/v1/qualifications/{id}/items", Test, [401, 403, 403, 200, 404, 403])
            .body(Body::Ndjson("{\"text\": \"Great book\", \"known_answer\": \"pos\"}\n")),
        get("/api/v1/qualifications/available", None, [401, 200, 200, 403, 403, 403]),
        get("/api/v1/worker-lists", None, [401, 403, 403, 200, 200, 403]),
        // Include, never block: a block would keep the worker from the later rows' work.
        // Another organisation's requester names a pseudonym none of its projects knows: 422.
        row(Method::PUT, "/api/v1/worker-lists/{worker}", Pseudonym, [401, 403, 403, 200, 422, 403])
            .json(|_| json!({"list": "include", "reason": "Reliable on earlier batches."})),
        row(Method::DELETE, "/api/v1/worker-lists/{worker}", Pseudonym, [401, 403, 403, 204, 422, 403])
            .json(|_| json!({"reason": "Listed by mistake."})),
        // ---- the decision log: a worker's own decisions; the deciding organisation reviews
        get("/api/v1/me/decisions", None, [401, 200, 200, 403, 403, 403]),
        get("/api/v1/decisions", None, [401, 403, 403, 200, 200, 200]).query("?state=review_requested"),
        post("/api/v1/decisions/{id}/review", Decision, [401, 200, 404, 403, 403, 403])
            .json(|_| json!({"message": "Two of those controls had two right answers."})),
        // An organisation's decision: an operator may read it, not decide it.
        post("/api/v1/decisions/{id}/resolve", DecisionUnderReview, [401, 403, 403, 200, 404, 403])
            .json(|_| json!({"outcome": "reversed", "message": "The controls were ambiguous."})),
        // ---- handprints: open to anyone
        get("/.well-known/handprint-keys", None, [200, 200, 200, 200, 200, 200]),
        // Not an envelope: answered (200) with valid false, whoever asks.
        post("/api/v1/handprints/verify", None, [200, 200, 200, 200, 200, 200]).json(|_| json!({})),
        // ---- exports and kept handprints: the organisation's; an unpublished one is
        // not found for anyone else (a published one is anyone's: tests/it/exports.rs).
        post("/api/v1/projects/{id}/exports", Project, [401, 403, 403, 200, 404, 403]).json(|_| json!({"format": "csv"})),
        get("/api/v1/handprints", None, [401, 403, 403, 200, 200, 403]),
        get("/api/v1/handprints/{id}", HiddenHandprint, [404, 404, 404, 200, 404, 404]),
        row(Method::PATCH, "/api/v1/handprints/{id}", HiddenHandprint, [401, 403, 403, 200, 404, 403])
            .json(|_| json!({"published": false})),

        // ---- pages: for everyone
        get("/", None, [SIGNIN, 303, 303, 303, 303, 303]),
        get("/lang", None, [303, 303, 303, 303, 303, 303]).query("?l=fr&back=/work"),
        get("/static/{file}", Asset, [200, 200, 200, 200, 200, 200]),
        // Signed in, the forms send you home; their posts are refused for what they hold.
        get("/signin", None, [200, 303, 303, 303, 303, 303]),
        post("/signin", None, [401, 401, 401, 401, 401, 401])
            .form(|_| vec![("email", "nobody@authz.test".into()), ("password", String::new())]),
        get("/signup", None, [200, 303, 303, 303, 303, 303]),
        post("/signup", None, [422, 422, 422, 422, 422, 422])
            .form(|_| vec![("role", "worker".into()), ("email", "not an address".into())]),
        get("/forgot", None, [200, 200, 200, 200, 200, 200]),
        post("/forgot", None, [409, 409, 409, 409, 409, 409]).form(|_| vec![("email", "nobody@authz.test".into())]),
        get("/reset/{token}", UnknownToken, [404, 404, 404, 404, 404, 404]),
        post("/reset/{token}", UnknownToken, [404, 404, 404, 404, 404, 404])
            .form(|_| vec![("password", "a long enough password".into()), ("confirm", "a long enough password".into())]),
        get("/requesters/{id}", Organization, [200, 200, 200, 200, 200, 200]),
        post("/requesters/{id}/reviews", Organization, [SIGNIN, 303, 403, 403, 403, 403])
            .form(|ids| vec![("project_id", ids.project.clone()), ("rating", "4".into()), ("text", "Clear instructions.".into())]),
        post("/requesters/{id}/reviews/{review}/answer", Organization, [SIGNIN, 403, 403, 303, 404, 403])
            .extra(Review)
            .form(|_| vec![("text", "Thank you.".into())]),
        get("/forum", None, [SIGNIN, 200, 200, 403, 403, 200]),
        post("/forum/categories", None, [SIGNIN, 403, 403, 403, 403, 303])
            .form(|_| vec![("name", "Matrix page category".into()), ("description", "Rows.".into())]),
        get("/forum/c/{id}", ForumCategory, [SIGNIN, 200, 200, 403, 403, 200]),
        post("/forum/c/{id}", ForumCategory, [SIGNIN, 303, 303, 403, 403, 303])
            .form(|_| vec![("title", "Matrix thread".into()), ("text", "Hello.".into())]),
        get("/forum/t/{id}", ForumThread, [SIGNIN, 200, 200, 403, 403, 200]),
        post("/forum/t/{id}", ForumThread, [SIGNIN, 303, 303, 403, 403, 303])
            .form(|_| vec![("text", "A reply.".into())]),
        post("/forum/t/{id}/moderation", ForumThread, [SIGNIN, 403, 403, 403, 403, 303])
            .form(|_| vec![("action", "lock".into()), ("reason", "Settled.".into())]),
        post("/forum/p/{id}/moderation", ForumPost, [SIGNIN, 403, 403, 403, 403, 303])
            .form(|_| vec![("action", "hide".into()), ("reason", "Off topic.".into())]),
        get("/forum/search", None, [SIGNIN, 200, 200, 403, 403, 200]).query("?q=matrix"),
        get("/keys", None, [SIGNIN, 200, 200, 200, 200, 200]),
        // The form asks for the account's password again: the operator's is another.
        post("/keys", None, [SIGNIN, 200, 200, 200, 200, 422]).form(|_| vec![("label", "matrix".into()), ("password", PASSWORD.into())]),
        post("/keys/{id}/revoke", WorkerKey, [SIGNIN, 303, 404, 404, 404, 404]),
        get("/me/data", None, [SIGNIN, 200, 200, 200, 200, 200]),
        get("/me/data.json", None, [SIGNIN, 200, 200, 200, 200, 200]),
        // ---- worker pages
        // Find work: a requester is sent to its projects; an operator may look.
        get("/work", None, [SIGNIN, 200, 200, 303, 303, 200]),
        post("/work/next", None, [SIGNIN, 303, 303, 403, 403, 403]).form(|ids| vec![("project_id", ids.project.clone())]),
        get("/work/a/{id}", Lease, [SIGNIN, 200, 404, 403, 403, 403]),
        // A custom HTML task's frame: the matrix's lease is a single choice task, which
        // has no frame, so its own worker gets a 404 too (kinds_study tests the frame).
        get("/work/a/{id}/frame", Lease, [SIGNIN, 404, 404, 403, 403, 403]),
        post("/work/a/{id}/submit", Lease, [SIGNIN, 303, 404, 403, 403, 403])
            .form(|_| vec![("answer", "pos".into()), ("idempotency_key", "matrix-page".into())]),
        post("/work/a/{id}/return", Lease, [SIGNIN, 303, 404, 403, 403, 403]),
        post("/work/a/{id}/stop", Lease, [SIGNIN, 303, 404, 403, 403, 403]),
        post("/work/a/{id}/report", Lease, [SIGNIN, 303, 404, 403, 403, 403])
            .form(|_| vec![("reason", "unclear".into()), ("note", "The text is cut off.".into())]),
        get("/work/history", None, [SIGNIN, 200, 200, 403, 403, 403]),
        post("/work/a/{id}/dispute", Rejected, [SIGNIN, 303, 404, 403, 403, 403])
            .form(|_| vec![("message", "The review says it would buy again: the answer is right.".into())]),
        get("/earnings", None, [SIGNIN, 200, 200, 403, 403, 403]),
        // Both statement addresses give the caller's own statement (a worker's or its organisation's).
        get("/earnings/statement.csv", None, [SIGNIN, 200, 200, 200, 200, 403]),
        // The other worker has earned nothing: refused for the amount.
        post("/earnings/payout", Earned, [SIGNIN, 303, 422, 403, 403, 403])
            .form(|_| vec![("amount", "5.00".into()), ("destination", "M-Pesa +254 700 000 000".into())]),
        // ---- requester pages
        get("/funds", None, [SIGNIN, 403, 403, 200, 200, 403]),
        get("/funds/statement.csv", None, [SIGNIN, 200, 200, 200, 200, 403]),
        // A worker is sent to find work.
        get("/projects", None, [SIGNIN, 303, 303, 200, 200, 403]),
        get("/projects/new", None, [SIGNIN, 403, 403, 200, 200, 403]),
        post("/projects/new", None, [SIGNIN, 403, 403, 303, 303, 403]).form(|_| vec![("title", "Half a project".into())]),
        post("/projects/preview", None, [SIGNIN, 403, 403, 200, 200, 403]).form(|_| vec![("title", "Half a project".into())]),
        get("/projects/{id}", Project, [SIGNIN, 403, 403, 200, 404, 403]),
        get("/projects/{id}/edit", Draft, [SIGNIN, 403, 403, 200, 404, 403]),
        // The preview frame of a custom HTML project: the draft is another kind, so none.
        get("/projects/{id}/preview-frame", Draft, [SIGNIN, 403, 403, 404, 404, 403]),
        post("/projects/{id}/edit", Draft, [SIGNIN, 403, 403, 303, 404, 403]).form(|_| vec![("title", "Half a project".into())]),
        post("/projects/{id}/state", Paused, [SIGNIN, 403, 403, 303, 404, 403]).form(|_| vec![("action", "resume".into())]),
        post("/projects/{id}/items", Draft, [SIGNIN, 403, 403, 200, 404, 403])
            .body(Body::Upload("{\"external_id\": \"extra-2\", \"text\": \"Another review\"}\n")),
        get("/projects/{id}/answers", Project, [SIGNIN, 403, 403, 200, 404, 403]),
        get("/projects/{id}/workers", Project, [SIGNIN, 403, 403, 200, 404, 403]),
        get("/projects/{id}/download", Project, [SIGNIN, 403, 403, 200, 404, 403]),
        get("/projects/{id}/review", Project, [SIGNIN, 403, 403, 200, 404, 403]),
        post("/projects/{id}/review", Project, [SIGNIN, 403, 403, 303, 404, 403])
            .extra(Submitted)
            .form(|ids| vec![("action", "approve".into()), ("scope", "one".into()), ("assignment", ids.extra.clone())]),
        // ---- disputes and operator pages
        // A worker's disputes are in its history.
        get("/disputes", None, [SIGNIN, 303, 303, 200, 200, 200]),
        post("/disputes/{id}/reverse", Dispute, [SIGNIN, 403, 403, 303, 404, 403])
            .form(|_| vec![("message", "You are right, sorry.".into())]),
        post("/disputes/{id}/decide", Dispute, [SIGNIN, 403, 403, 403, 403, 303])
            .form(|_| vec![("decision", "overturn".into()), ("message", "The answer follows the instructions.".into())]),
        get("/operator", None, [SIGNIN, 403, 403, 403, 403, 200]),
        post("/operator/deposits", None, [SIGNIN, 403, 403, 403, 403, 303])
            .form(|ids| vec![("organization_id", ids.organization.clone()), ("amount", "1.00".into()), ("reference", "matrix-page".into())]),
        get("/operator/payouts", None, [SIGNIN, 403, 403, 403, 403, 200]),
        get("/operator/trust", None, [SIGNIN, 403, 403, 403, 403, 200]),
        post("/operator/trust/reports/{id}", Report, [SIGNIN, 403, 403, 403, 403, 303])
            .form(|_| vec![("outcome", "dismiss".into()), ("reason", "the item is as declared".into())]),
        post("/operator/trust/appeals/{id}", Suspension, [SIGNIN, 403, 403, 403, 403, 403])
            .form(|_| vec![("outcome", "lift".into()), ("reason", "as before".into())]),
        post("/operator/trust/suspend", StrangerEmail, [SIGNIN, 403, 403, 403, 403, 303])
            .form(|ids| vec![("email", ids.id.clone()), ("reason", "copied answers".into())]),
        post("/operator/trust/verify", None, [SIGNIN, 403, 403, 403, 403, 303])
            .form(|ids| vec![("organization_id", ids.organization.clone()), ("checks", "identity\nregistry".into())]),
        post("/operator/trust/revoke", None, [SIGNIN, 403, 403, 403, 403, 303])
            .form(|ids| vec![("organization_id", ids.organization.clone()), ("reason", "the registration lapsed".into())]),
        post("/operator/trust/takedown", Active, [SIGNIN, 403, 403, 403, 403, 303])
            .form(|ids| vec![("project_id", ids.id.clone()), ("reason", "undeclared graphic content".into())]),
        // A signed-in account that is not suspended is sent home.
        get("/suspended", None, [SIGNIN, 303, 303, 303, 303, 303]),
        post("/suspended/appeal", None, [SIGNIN, 303, 303, 303, 303, 303]).form(|_| vec![("text", "please".into())]),
        get("/operator/payouts.csv", None, [SIGNIN, 403, 403, 403, 403, 200]),
        post("/operator/payouts/{id}/paid", Payout, [SIGNIN, 403, 403, 403, 403, 303])
            .form(|_| vec![("reference", "bank-matrix-2".into())]),
        post("/operator/payouts/{id}/failed", Payout, [SIGNIN, 403, 403, 403, 403, 303])
            .form(|_| vec![("reason", "The account number was wrong.".into())]),
        // ---- worker settings, the public handprint check
        get("/me/settings", None, [SIGNIN, 200, 200, 403, 403, 403]),
        post("/me/settings", None, [SIGNIN, 303, 303, 403, 403, 403]).form(|_| vec![("languages", "fr, mg".into())]),
        post("/me/settings/sensitive", None, [SIGNIN, 303, 303, 403, 403, 403]).form(|_| vec![("sensitive_opt_in", "violence".into())]),
        get("/notifications", None, [SIGNIN, 200, 200, 403, 403, 403]),
        post("/notifications/read", None, [SIGNIN, 303, 303, 403, 403, 403]).form(|_| Vec::new()),
        post("/notifications/settings", None, [SIGNIN, 303, 303, 403, 403, 403]).form(|_| vec![("in_app", "1".into())]),
        post("/notifications/feed", None, [SIGNIN, 200, 200, 403, 403, 403]).form(|_| vec![("action", "new".into())]),
        // The messages pages: the API's rules (operators are not a party).
        get("/messages", None, [SIGNIN, 200, 200, 200, 200, 403]),
        post("/messages", None, [SIGNIN, 303, 303, 303, 404, 403])
            .form(|ids| vec![("project_id", ids.project.clone()), ("text", "About the instructions.".into())]),
        // ---- qualification tests: the worker's side, then the requester's
        get("/qualifications", None, [SIGNIN, 200, 200, 403, 403, 403]),
        post("/qualifications/{id}/take", TestItems, [SIGNIN, 303, 303, 403, 403, 403]),
        get("/qualifications/a/{id}", TestLease, [SIGNIN, 200, 404, 403, 403, 403]),
        post("/qualifications/a/{id}/submit", TestLease, [SIGNIN, 200, 404, 403, 403, 403])
            .form(|_| vec![("answer", "pos".into())]),
        get("/tests", None, [SIGNIN, 403, 403, 200, 200, 403]),
        post("/tests", None, [SIGNIN, 403, 403, 303, 303, 403]).form(|_| vec![
            ("name", "Matrix test".into()), ("description", "Two reviews.".into()),
            ("template", sentiment_project()["template"].to_string()), ("pass_score", "80".into()),
            ("retake_hours", "24".into()), ("reward", "0.10".into()),
            ("estimated_seconds", "20".into()), ("max_takers", "2".into())]),
        get("/tests/{id}", Test, [SIGNIN, 403, 403, 200, 404, 403]),
        post("/tests/{id}/items", Test, [SIGNIN, 403, 403, 200, 404, 403])
            .form(|_| vec![("items", "{\"text\": \"Great\", \"known_answer\": \"pos\"}\n".into())]),
        post("/tests/{id}/close", Test, [SIGNIN, 403, 403, 303, 404, 403]),
        // ---- manual qualifications on the pages (the requester's organisation's own)
        get("/grants", None, [SIGNIN, 403, 403, 200, 200, 403]),
        post("/grants", None, [SIGNIN, 403, 403, 303, 303, 403]).form(|_| vec![
            ("name", "Matrix reader".into()), ("description", "Reads carefully.".into())]),
        post("/grants/{id}", Qualification, [SIGNIN, 403, 403, 303, 404, 403])
            .extra(Pseudonym)
            .form(|ids| vec![("worker", ids.extra.clone()), ("score", "75".into()),
                ("reason", "Read their answers: careful work.".into())]),
        post("/grants/{id}/revoke", Granted, [SIGNIN, 403, 403, 303, 404, 403])
            .extra(Pseudonym)
            .form(|ids| vec![("worker", ids.extra.clone()),
                ("reason", "Granted to the wrong worker by mistake.".into())]),
        get("/handprints/verify", None, [200, 200, 200, 200, 200, 200]),
        get("/handprints/{id}", HiddenHandprint, [404, 404, 404, 200, 404, 404]),
        get("/handprints/{id}/handprint.dsse.json", HiddenHandprint, [404, 404, 404, 200, 404, 404]),
        post("/handprints/{id}/publication", HiddenHandprint, [SIGNIN, 403, 403, 303, 404, 403])
            .form(|_| vec![("published", "0".into())]),
        post("/projects/{id}/exports", Project, [SIGNIN, 403, 403, 200, 404, 403])
            .form(|_| vec![("format", "csv".into()), ("publish", "1".into())]),
        // A file that is not a handprint: refused (422) whoever sends it.
        post("/handprints/verify", None, [422, 422, 422, 422, 422, 422])
            .body(Body::Upload("{\"payload\": 1}")),
        // ---- decision log pages
        get("/me/decisions", None, [SIGNIN, 200, 200, 403, 403, 403]),
        post("/me/decisions/{id}/review", Decision, [SIGNIN, 303, 404, 403, 403, 403])
            .form(|_| vec![("message", "Two of those controls had two right answers.".into())]),
        // A worker is sent to their own decisions.
        get("/decisions", None, [SIGNIN, 303, 303, 200, 200, 200]),
        post("/decisions/{id}/resolve", DecisionUnderReview, [SIGNIN, 403, 403, 303, 404, 403])
            .form(|_| vec![("outcome", "upheld".into()), ("message", "The numbers hold.".into())]),
        // ---- last, since they end sessions: the password (the same again; the operator's
        // is another) and signing out everywhere, on the pages and then the API.
        post("/account/password", None, [SIGNIN, 200, 200, 200, 200, 422])
            .form(|_| vec![("current_password", PASSWORD.into()), ("new_password", PASSWORD.into())]),
        // Signed out everywhere, each account is sent to sign in again.
        post("/account/signout-everywhere", None, [SIGNIN, SIGNIN, SIGNIN, SIGNIN, SIGNIN, SIGNIN]),
        post("/signout", None, [SIGNIN, SIGNIN, SIGNIN, SIGNIN, SIGNIN, SIGNIN]).sign_in_again(),
        post("/api/v1/me/password", None, [401, 200, 200, 200, 200, 422])
            .json(|_| json!({"current_password": PASSWORD, "new_password": PASSWORD})),
        post("/api/v1/me/sessions/revoke", None, [401, 200, 200, 200, 200, 200]),
    ]
}

// ---------------------------------------------------------------------------
// The routes the server has, read from its sources.

/// Every (method, path) the server's routers declare: each `.route("path", …)` call in
/// `crates/server/src` (tests and the metrics listener's own router left out), with
/// the methods of its method router (`get(…).post(…)`).
fn server_routes() -> BTreeSet<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src");
    let mut routes = BTreeSet::new();
    for file in rust_files(&src) {
        // Its own listener (`metrics_listen`), not the public router; its test covers it.
        if file.ends_with("metrics.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read a source file");
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for unsupported in [
            ".nest(",
            ".nest_service(",
            ".route_service(",
            "MethodFilter",
        ] {
            assert!(
                !code.contains(unsupported),
                "{} uses `{unsupported}`: teach server_routes() in tests/it/authz.rs to read it",
                file.display()
            );
        }
        for (at, _) in code.match_indices(".route(") {
            let (path, methods) = parse_route(&code[at + ".route(".len()..])
                .unwrap_or_else(|| panic!("unreadable .route( in {}", file.display()));
            for method in methods {
                routes.insert((method, path.clone()));
            }
        }
    }
    routes
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read the server's sources") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The path and the methods of one `.route(` call's arguments (the text after it).
fn parse_route(args: &str) -> Option<(String, Vec<String>)> {
    let args = args.trim_start().strip_prefix('"')?;
    let (path, rest) = args.split_once('"')?;
    // The method router: up to the parenthesis that closes `.route(`.
    let mut depth = 1;
    let mut end = rest.len();
    for (i, c) in rest.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    end = i;
                    break;
                }
            }
            _ => {}
        }
    }
    const METHODS: [&str; 8] = [
        "get", "post", "put", "patch", "delete", "head", "options", "any",
    ];
    // Comments left out: only code names methods.
    let router: String = rest[..end]
        .lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let mut methods = Vec::new();
    let mut word = String::new();
    for c in router.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        // `get(handler)`, `.post(handler)`, `axum::routing::get(handler)`.
        if c == '(' && METHODS.contains(&word.as_str()) {
            methods.push(word.to_uppercase());
        }
        word.clear();
    }
    (!methods.is_empty()).then(|| (path.to_owned(), methods))
}

#[test]
fn every_route_of_the_server_has_a_row_in_the_authorisation_matrix() {
    let routes = server_routes();
    assert!(
        routes.len() > 80,
        "only {} routes found: {routes:?}",
        routes.len()
    );
    let table = rows();
    let rows: BTreeSet<(String, String)> = table
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    let missing: Vec<_> = routes.difference(&rows).collect();
    let stale: Vec<_> = rows.difference(&routes).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "routes without a row in tests/it/authz.rs rows() (add one: see docs/architecture.md, Tests): \
         {missing:?}\nrows without a route (remove them): {stale:?}"
    );
}

// ---------------------------------------------------------------------------
// The accounts, their fixtures, and the requests.

struct Accounts {
    app: TestApp,
    anonymous: Client,
    anonymous_page: Session,
    worker: Client,
    other_worker: Client,
    requester: Client,
    other_requester: Client,
    operator: Client,
    pages: Vec<(Who, Session)>,
    /// Ids of the worker's own things (assignments, disputes, payouts, keys), seen by
    /// the requester and the operator where they act on them, that no answer to the other worker or the other
    /// organisation's requester may contain.
    secrets: std::sync::Mutex<Vec<String>>,
    project: String,
    organization: String,
    asset: String,
}

impl Accounts {
    /// A new forum thread of the worker in a new category; its id and the worker's.
    async fn forum_thread(&self) -> (String, handprint_core::UserId) {
        let category = Box::pin(self.make(Fix::ForumCategory)).await;
        let db = &self.app.state.db;
        let author = db
            .user_by_email("authz-w@worker.test")
            .await
            .expect("a lookup")
            .expect("the worker")
            .id;
        // Written before the posting limit's window, so the worker's own rows may post.
        let now = self.app.state.now() - handprint_core::forum::POST_WINDOW - 1;
        let thread = db
            .create_forum_thread(&category, &author, "Fixture thread", "Fixture text.", now)
            .await
            .expect("a forum thread");
        (thread, author)
    }

    async fn new() -> Accounts {
        // The sign-in back-off is raised out of the way: every account here tries a
        // password on several rows from one address, and what is checked is who may do
        // what (the back-off has tests of its own in signin.rs).
        let app = TestApp::spawn_with(handprint_server::Settings {
            sign_in: handprint_server::throttle::SignInPolicy {
                account_failures: 1_000,
                address_failures: 1_000,
                ..Default::default()
            },
            ..Default::default()
        })
        .await;
        let worker = app.worker("authz-w").await;
        let other_worker = app.worker("authz-w2").await;
        let requester = app.requester("authz-r").await;
        let other_requester = app.requester("authz-r2").await;
        create_operator(&app, OPERATOR_EMAIL, OPERATOR_PASSWORD).await;
        let operator = app.key_for(OPERATOR_EMAIL, OPERATOR_PASSWORD).await;
        let mut pages = Vec::new();
        for who in &COLUMNS[1..] {
            let (email, password) = credentials(*who).expect("an account");
            pages.push((*who, Session::sign_in(&app, email, password).await));
        }
        let (cookie, csrf) = open_form(&app, "/signin").await;
        let anonymous_page = Session {
            base: app.base.clone(),
            cookie,
            csrf,
        };
        // Funding is explicit: the operator records a deposit the fixtures' projects
        // are published from (each asks its escrow of the organisation's balance).
        requester.fund("1000.00").await;
        let project = requester.published_from_balance(40, project_fields()).await;
        let organization = requester.organization_id().await;
        let (_, signin) = anonymous_page.get("/signin").await;
        let asset = signin
            .split("/static/")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a page links a static file")
            .to_string();
        Accounts {
            anonymous: app.anonymous(),
            app,
            anonymous_page,
            worker,
            other_worker,
            requester,
            other_requester,
            operator,
            pages,
            secrets: std::sync::Mutex::new(Vec::new()),
            project,
            organization,
            asset,
        }
    }

    fn api(&self, who: Who) -> &Client {
        match who {
            Who::Anonymous => &self.anonymous,
            Who::Worker => &self.worker,
            Who::OtherWorker => &self.other_worker,
            Who::Requester => &self.requester,
            Who::OtherRequester => &self.other_requester,
            Who::Operator => &self.operator,
        }
    }

    fn page(&self, who: Who) -> &Session {
        self.pages
            .iter()
            .find(|(w, _)| *w == who)
            .map_or(&self.anonymous_page, |(_, session)| session)
    }

    /// The id `fix` stands for, made now when it is a new one. What only the worker,
    /// the requester and the operator may see is kept as a secret.
    async fn resolve(&self, fix: Fix) -> String {
        let id = self.make(fix).await;
        // Projects are left out: published, they are for every worker to see.
        if matches!(
            fix,
            Fix::Lease
                | Fix::Submitted
                | Fix::Rejected
                | Fix::Dispute
                | Fix::Payout
                | Fix::WorkerKey
                | Fix::Decision
                | Fix::DecisionUnderReview
                | Fix::HiddenHandprint
        ) {
            self.secrets.lock().expect("secrets").push(id.clone());
        }
        id
    }

    async fn make(&self, fix: Fix) -> String {
        match fix {
            Fix::None => String::new(),
            Fix::Earned => {
                self.earn().await;
                String::new()
            }
            Fix::Project => self.project.clone(),
            Fix::Organization => self.organization.clone(),
            // The worker has answered for the project in the rows before.
            Fix::Review => {
                let (status, body) = self
                    .worker
                    .post(
                        &format!("/api/v1/organizations/{}/reviews", self.organization),
                        json!({"project_id": self.project, "rating": 3, "text": "Fair work."}),
                    )
                    .await;
                assert!(status.is_success(), "review: {body}");
                body["id"].as_str().expect("a review id").to_string()
            }
            Fix::ForumCategory => {
                let (status, body) = self
                    .operator
                    .post(
                        "/api/v1/forum/categories",
                        json!({"name": format!("Fixture {}", uuid::Uuid::new_v4())}),
                    )
                    .await;
                assert_eq!(status, StatusCode::CREATED, "category: {body}");
                body["id"].as_str().expect("a category id").to_string()
            }
            Fix::ForumThread => self.forum_thread().await.0,
            Fix::ForumPost => {
                let (thread, author) = self.forum_thread().await;
                let db = &self.app.state.db;
                let now = self.app.state.now() - handprint_core::forum::POST_WINDOW - 1;
                db.add_forum_post(&thread, &author, "A fixture reply.", now)
                    .await
                    .expect("a forum post")
            }
            Fix::Asset => self.asset.clone(),
            Fix::FreshLease => self.fresh_lease().await,
            Fix::Report => {
                let lease = self.fresh_lease().await;
                let (status, body) = self
                    .worker
                    .post(
                        &format!("/api/v1/assignments/{lease}/report"),
                        json!({"reason": "unclear", "note": "matrix"}),
                    )
                    .await;
                assert_eq!(status, StatusCode::OK, "report: {body}");
                let (_, queue) = self.operator.get("/api/v1/operator/reports").await;
                queue
                    .as_array()
                    .and_then(|q| q.last())
                    .and_then(|r| r["id"].as_str())
                    .expect("an open report")
                    .to_string()
            }
            Fix::Stranger | Fix::StrangerEmail | Fix::Suspension => self.stranger(fix).await,
            Fix::Draft => self.requester.draft_with_items(2, project_fields()).await,
            Fix::Active => self.active().await,
            Fix::Paused => {
                let id = self.active().await;
                let (status, body) = self
                    .requester
                    .post_empty(&format!("/api/v1/projects/{id}/pause"))
                    .await;
                assert_eq!(status, StatusCode::OK, "pause: {body}");
                id
            }
            Fix::Lease => self.lease().await,
            Fix::Submitted => self.submitted().await,
            Fix::Rejected => {
                let id = self.submitted().await;
                self.requester.reject(&id).await;
                id
            }
            Fix::Dispute => {
                let id = Box::pin(self.resolve(Fix::Rejected)).await;
                let dispute = self
                    .worker
                    .dispute(
                        &id,
                        "The review says it would buy again: the answer is right.",
                    )
                    .await;
                dispute["id"].as_str().expect("a dispute id").to_string()
            }
            Fix::Payout => {
                self.earn().await;
                let (status, payout) = self
                    .worker
                    .post(
                        "/api/v1/payouts",
                        json!({"amount": "5.00", "destination": "M-Pesa +254 700 000 001"}),
                    )
                    .await;
                assert_eq!(status, StatusCode::CREATED, "payout: {payout}");
                payout["id"].as_str().expect("a payout id").to_string()
            }
            Fix::Qualification => self.qualification().await,
            Fix::Granted => {
                let id = self.qualification().await;
                let worker = self.pseudonym().await;
                let (status, body) = self
                    .requester
                    .post(
                        &format!("/api/v1/qualifications/{id}/grants"),
                        json!({"worker": worker, "score": 80, "reason": "Read their answers: careful work."}),
                    )
                    .await;
                assert!(status.is_success(), "grant: {body}");
                id
            }
            Fix::Pseudonym => self.pseudonym().await,
            Fix::Decision => self.decision().await,
            Fix::DecisionUnderReview => {
                let id = self.decision().await;
                let (status, body) = self
                    .worker
                    .post(
                        &format!("/api/v1/decisions/{id}/review"),
                        json!({"message": "Two of those controls had two right answers."}),
                    )
                    .await;
                assert_eq!(status, StatusCode::OK, "review: {body}");
                id
            }
            Fix::UnknownToken => "matrix-token-nobody-was-sent".to_string(),
            Fix::TestItems => {
                let id = Box::pin(self.make(Fix::Test)).await;
                let (status, body) = self
                    .requester
                    .upload(
                        &format!("/api/v1/qualifications/{id}/items"),
                        "application/x-ndjson",
                        "{\"text\": \"Great\", \"known_answer\": \"pos\"}\n",
                    )
                    .await;
                assert_eq!(status, StatusCode::OK, "items: {body}");
                id
            }
            Fix::TestLease => {
                let id = Box::pin(self.make(Fix::TestItems)).await;
                let (status, lease) = self
                    .worker
                    .post("/api/v1/work/next", json!({"qualification_id": id}))
                    .await;
                assert_eq!(status, StatusCode::OK, "test item: {lease}");
                lease["assignment_id"].as_str().expect("an id").to_string()
            }
            Fix::Test => {
                self.requester.fund("5.00").await;
                let (status, body) = self
                    .requester
                    .post(
                        "/api/v1/qualifications",
                        json!({"name": format!("Sentiment test {}", uuid::Uuid::new_v4()),
                            "description": "Five reviews to label.", "kind": "test",
                            "template": sentiment_project()["template"], "pass_score": 80,
                            "retake_after_seconds": 86400, "reward": "0.10",
                            "estimated_seconds": 20, "max_takers": 2}),
                    )
                    .await;
                assert_eq!(status, StatusCode::CREATED, "test: {body}");
                body["id"].as_str().expect("a qualification id").to_string()
            }
            Fix::HiddenHandprint => self.hidden_handprint().await,
            Fix::WorkerKey => {
                let r = self
                    .app
                    .http
                    .post(format!("{}/api/v1/api-keys", self.app.base))
                    .basic_auth("authz-w@worker.test", Some(PASSWORD))
                    .send()
                    .await
                    .expect("request");
                assert_eq!(r.status(), StatusCode::CREATED);
                let key: Value = r.json().await.expect("json");
                key["id"].as_str().expect("a key id").to_string()
            }
        }
    }

    async fn qualification(&self) -> String {
        let (status, body) = self
            .requester
            .post(
                "/api/v1/qualifications",
                json!({"name": format!("Careful reader {}", uuid::Uuid::new_v4()), "description": "Granted by hand after a read of the answers.", "kind": "manual"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "qualification: {body}");
        body["id"].as_str().expect("a qualification id").to_string()
    }

    /// A restriction of the worker by the requester's organisation, recorded through
    /// the store as the quality rules (issue 13, another part) will record it; the
    /// merger switches this to the rule's real trigger.
    async fn decision(&self) -> String {
        let (status, me) = self.worker.get("/api/v1/me").await;
        assert_eq!(status, StatusCode::OK, "me: {me}");
        let worker = handprint_core::UserId::from(me["id"].as_str().expect("an id").to_string());
        let org = handprint_core::OrganizationId::from(self.organization.clone());
        let project = handprint_core::ProjectId::from(self.project.clone());
        let now = self.app.state.now();
        let inputs = json!({"controls_answered": 20, "controls_correct": 12, "threshold_percent": 80, "after_controls": 10});
        let id = self
            .app
            .state
            .db
            .write(|tx| {
                Box::pin(async move {
                    handprint_store::decisions::record_decision(
                        tx,
                        &handprint_store::decisions::NewDecision {
                            worker: &worker,
                            organization: Some(&org),
                            project: Some(&project),
                            qualification: None,
                            kind: handprint_core::decision::DecisionKind::Restricted,
                            rule: "control_accuracy",
                            inputs: &inputs,
                            reason: "control_accuracy",
                            // Already over: the later rows' work is not held up.
                            effect_until: Some(now),
                            made_by: "authz matrix",
                            now,
                        },
                    )
                    .await
                })
            })
            .await
            .expect("record a decision");
        id.to_string()
    }

    /// The worker's pseudonym as the requester's answers export shows it.
    async fn pseudonym(&self) -> String {
        let answered = self.submitted().await;
        let (status, body) = self
            .requester
            .get_text(&format!("/api/v1/projects/{}/answers", self.project))
            .await;
        assert_eq!(status, StatusCode::OK, "answers: {body}");
        body.lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .find(|a| a["assignment_id"] == answered.as_str())
            .and_then(|a| a["worker"].as_str().map(str::to_string))
            .expect("the worker's pseudonym")
    }

    /// Export the project with an unpublished handprint; its id.
    async fn hidden_handprint(&self) -> String {
        let r = self
            .requester
            .http
            .post(format!(
                "{}/api/v1/projects/{}/exports",
                self.app.base, self.project
            ))
            .bearer_auth(self.requester.key.as_deref().expect("a key"))
            .json(&json!({"publish": false}))
            .send()
            .await
            .expect("request");
        assert_eq!(r.status(), StatusCode::OK, "export");
        r.headers()
            .get("handprint-id")
            .and_then(|v| v.to_str().ok())
            .expect("the handprint's id")
            .to_string()
    }

    async fn active(&self) -> String {
        self.requester
            .published_from_balance(2, project_fields())
            .await
    }

    /// A new worker outside the matrix: its id, its email, or its suspension (by the
    /// matrix's operator, appealed by the worker).
    async fn stranger(&self, fix: Fix) -> String {
        let name = format!("stranger-{}", uuid::Uuid::new_v4().simple());
        let stranger = self.app.worker(&name).await;
        if fix == Fix::StrangerEmail {
            return format!("{name}@worker.test");
        }
        let (_, me) = stranger.get("/api/v1/me").await;
        let id = me["id"].as_str().expect("an id").to_string();
        if fix == Fix::Stranger {
            return id;
        }
        let (status, s) = self
            .operator
            .post(
                &format!("/api/v1/operator/accounts/{id}/suspension"),
                json!({"reason": "copied answers"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "suspend: {s}");
        let (status, body) = stranger
            .post(
                "/api/v1/me/suspension/appeal",
                json!({"text": "I worked alone"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "appeal: {body}");
        s["id"].as_str().expect("a suspension").to_string()
    }

    /// The worker's lease of an item of a new project of the requester.
    async fn fresh_lease(&self) -> String {
        let project = self.active().await;
        let (status, lease) = self
            .worker
            .post("/api/v1/work/next", json!({"project_id": project}))
            .await;
        assert_eq!(status, StatusCode::OK, "work/next: {lease}");
        lease["assignment_id"]
            .as_str()
            .expect("an assignment")
            .to_string()
    }

    /// The worker's live assignment in the project: the one held, else a new one.
    async fn lease(&self) -> String {
        let (status, lease) = self
            .worker
            .post("/api/v1/work/next", json!({"project_id": self.project}))
            .await;
        assert_eq!(status, StatusCode::OK, "work/next: {lease}");
        lease["assignment_id"]
            .as_str()
            .expect("an assignment")
            .to_string()
    }

    async fn submitted(&self) -> String {
        let id = self.lease().await;
        let (status, body) = self
            .worker
            .post(
                &format!("/api/v1/assignments/{id}/submit"),
                json!({"answer": "pos"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "submit: {body}");
        id
    }

    /// Two answers approved: 5.00 earned, the payout threshold.
    async fn earn(&self) {
        for _ in 0..2 {
            let id = Box::pin(self.resolve(Fix::Submitted)).await;
            let (status, body) = self
                .requester
                .post_empty(&format!("/api/v1/assignments/{id}/approve"))
                .await;
            assert_eq!(status, StatusCode::OK, "approve: {body}");
        }
    }

    /// The status `who` gets for `row` with these ids ([`SIGNIN`] for a 303 to the
    /// sign-in page), and the body.
    async fn send(&self, row: &Row, who: Who, ids: &Ids) -> (u16, String) {
        // `{worker}` (or `{review}`) is the second parameter after `{id}`, else the only one.
        let worker = if row.path.contains("{id}") {
            &ids.extra
        } else {
            &ids.id
        };
        let path = row
            .path
            .replace("{id}", &ids.id)
            .replace("{file}", &ids.id)
            .replace("{token}", &ids.id)
            .replace("{worker}", worker)
            .replace("{review}", worker)
            // A media source's name: the matrix registers none, so it is never found.
            .replace("{name}", "lab");
        let url = format!("{}{path}{}", self.app.base, row.query);
        let fresh;
        let response = if row.is_page() {
            let session = match credentials(who) {
                // A row after one that ended the sessions signs in again first.
                Some((email, password)) if row.sign_in_again => {
                    fresh = Session::sign_in(&self.app, email, password).await;
                    &fresh
                }
                _ => self.page(who),
            };
            let request = client()
                .request(row.method.clone(), &url)
                .header("cookie", &session.cookie);
            let request = match &row.body {
                Body::Empty if row.method == Method::GET => request,
                Body::Empty => request.form_body(&[("_csrf", session.csrf.as_str())]),
                Body::Form(form) => {
                    let pairs = form(ids);
                    let mut all = vec![("_csrf", session.csrf.as_str())];
                    all.extend(pairs.iter().map(|(k, v)| (*k, v.as_str())));
                    request.form_body(&all)
                }
                Body::Upload(file) => upload(request, &session.csrf, file),
                Body::Json(_) | Body::Ndjson(_) => panic!("{} is a page: send a form", row.path),
            };
            request.send().await.expect("request")
        } else {
            let request = self.app.http.request(row.method.clone(), &url);
            let request = match (&self.api(who).key, credentials(who)) {
                (_, Some((email, password))) if row.basic => {
                    request.basic_auth(email, Some(password))
                }
                (Some(key), _) if !row.basic => request.bearer_auth(key),
                _ => request,
            };
            let request = match &row.body {
                Body::Empty => request,
                Body::Json(body) => request.json(&body(ids)),
                Body::Ndjson(rows) => request
                    .header("content-type", "application/x-ndjson")
                    .body(*rows),
                Body::Form(_) | Body::Upload(_) => panic!("{} is the API: send JSON", row.path),
            };
            request.send().await.expect("request")
        };
        let status = response.status();
        let to_signin = response
            .headers()
            .get(LOCATION)
            .and_then(|l| l.to_str().ok())
            .is_some_and(|l| l.starts_with("/signin"));
        let body = response.text().await.unwrap_or_default();
        let code = if status == StatusCode::SEE_OTHER && to_signin {
            SIGNIN
        } else if row.per_item && status == StatusCode::OK {
            let batch: Value = serde_json::from_str(&body).expect("a batch's results");
            let first = &batch["results"][0];
            first["status"].as_u64().map_or(200, |s| s as u16)
        } else {
            status.as_u16()
        };
        (code, body)
    }

    /// The secrets of others this answer to `who` shows (none may show, to the other
    /// worker or the other organisation's requester, but what the request itself named).
    fn leaked(&self, who: Who, ids: &Ids, body: &str) -> Vec<String> {
        if !matches!(who, Who::OtherWorker | Who::OtherRequester) {
            return Vec::new();
        }
        let secrets = self.secrets.lock().expect("secrets");
        secrets
            .iter()
            .filter(|secret| **secret != ids.id && **secret != ids.extra)
            .filter(|secret| body.contains(secret.as_str()))
            .cloned()
            .collect()
    }
}

/// The email and password of an account.
fn credentials(who: Who) -> Option<(&'static str, &'static str)> {
    match who {
        Who::Anonymous => None,
        Who::Worker => Some(("authz-w@worker.test", PASSWORD)),
        Who::OtherWorker => Some(("authz-w2@worker.test", PASSWORD)),
        Who::Requester => Some(("authz-r@requester.test", PASSWORD)),
        Who::OtherRequester => Some(("authz-r2@requester.test", PASSWORD)),
        Who::Operator => Some((OPERATOR_EMAIL, OPERATOR_PASSWORD)),
    }
}

/// A multipart form as the project page's upload sends it: the token, then the file.
fn upload(request: reqwest::RequestBuilder, csrf: &str, file: &str) -> reqwest::RequestBuilder {
    const BOUNDARY: &str = "----matrix-boundary";
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"items.jsonl\"\r\n\
         Content-Type: application/x-ndjson\r\n\r\n{file}\r\n--{BOUNDARY}--\r\n"
    );
    request
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
}

fn show(code: u16) -> String {
    if code == SIGNIN {
        "SIGNIN".into()
    } else {
        code.to_string()
    }
}

/// The matrix itself: every row, every account, the exact status.
#[tokio::test]
async fn authz_every_route_answers_each_account_as_its_row_says() {
    let accounts = Accounts::new().await;
    let mut wrong = Vec::new();
    for row in rows() {
        let ids = Ids {
            id: accounts.resolve(row.id).await,
            extra: accounts.resolve(row.extra).await,
            project: accounts.project.clone(),
            organization: accounts.organization.clone(),
        };
        let mut got = [0u16; 6];
        for who in SENDING_ORDER {
            let column = COLUMNS.iter().position(|c| *c == who).expect("a column");
            let (code, body) = accounts.send(&row, who, &ids).await;
            got[column] = code;
            let leaked = accounts.leaked(who, &ids, &body);
            if !leaked.is_empty() {
                wrong.push(format!(
                    "{} {}: {who:?} was shown {leaked:?}",
                    row.method, row.path
                ));
            }
        }
        if got != row.expect {
            let cells = |codes: &[u16; 6]| codes.map(show).join(", ");
            wrong.push(format!(
                "{} {}: expected [{}], got [{}]",
                row.method,
                row.path,
                cells(&row.expect),
                cells(&got)
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} routes answer otherwise than their row (anonymous, worker, other worker, \
         requester, other organisation's requester, operator):\n{}",
        wrong.len(),
        rows().len(),
        wrong.join("\n")
    );
    openapi_lists_the_api_routes(&accounts).await;
}

/// The OpenAPI document describes exactly the API routes the sources declare.
async fn openapi_lists_the_api_routes(accounts: &Accounts) {
    let (status, document) = accounts.anonymous.get("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let documented: BTreeSet<(String, String)> = document["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, operations)| {
            operations
                .as_object()
                .into_iter()
                .flat_map(|o| o.keys())
                .map(|method| (method.to_uppercase(), path.clone()))
        })
        .collect();
    let served: BTreeSet<(String, String)> = server_routes()
        .into_iter()
        .filter(|(_, path)| path.starts_with("/api/v1/") || path.starts_with("/.well-known/"))
        .collect();
    assert_eq!(
        served.difference(&documented).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "API routes missing from /api/openapi.json"
    );
    assert_eq!(
        documented.difference(&served).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "documented routes the server does not have"
    );
}
