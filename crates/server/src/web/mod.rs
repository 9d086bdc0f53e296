//! The web app: server-rendered pages for workers and requesters, one small
//! stylesheet and one small script per side, in English and French.
//!
//! Pages are thin: they turn typed forms into the same inputs the JSON API
//! gives the application layer and call its use cases (`crate::app::*`) with the
//! signed-in account, so a page and the API can never disagree on a rule
//! (validation, publishing checks, leasing, idempotent submission). One router per page group:
//! `auth` (sign-up, sign-in), `worker` (finding and doing work), `requester`
//! (projects, upload, lifecycle, monitor), `answers` (browse, download), `keys`;
//! the money pages: `history` (my work, with reviews and disputes), `earnings`
//! (a worker's balance and payouts), `review` (approve / reject / bonus), `funds`
//! (an organisation's money), `disputes`, `operator` (deposits, payouts, ledger).
//! Their form posts end through `forms::finish` (redirect, or the page again with
//! inline errors and what was typed). A handler says who may use it and what its
//! form holds with the extractors of `extract` (`WorkerPage`, `CsrfForm<T>`…).

pub mod alert_form;
pub mod alerts;
pub mod answers;
pub mod assets;
pub mod auth;
pub mod box_view;
pub mod charts;
pub mod custom_frame;
pub mod decisions;
pub mod disputes;
pub mod earnings;
pub mod extract;
pub mod form_fields;
pub mod forms;
pub mod forum;
pub mod funds;
pub mod grants;
pub mod handprints;
pub mod history;
pub mod i18n;
pub mod keys;
pub mod markdown;
pub mod messages;
pub mod monitor;
pub mod my_data;
pub mod operator;
pub mod password_reset;
pub mod project_form;
pub mod qualification_tests;
pub mod quality;
pub mod record;
pub mod requester;
pub mod review;
pub mod session;
pub mod settings;
pub mod task;
pub mod trust;
pub mod worker;

use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::Request;
use axum::http::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE, HOST, ORIGIN};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use handprint_core::Msg;
use handprint_core::account::Role;
use handprint_store::StoreError;
use i18n::Tr;
use session::Visitor;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/lang", get(i18n::switch))
        .merge(auth::router())
        .merge(password_reset::router())
        .merge(worker::router())
        .merge(custom_frame::router())
        .merge(history::router())
        .merge(earnings::router())
        .merge(requester::router())
        .merge(answers::router())
        .merge(quality::router())
        .merge(review::router())
        .merge(funds::router())
        .merge(disputes::router())
        .merge(decisions::router())
        .merge(operator::router())
        .merge(trust::router())
        .merge(keys::router())
        .merge(my_data::router())
        .merge(settings::router())
        .merge(alerts::router())
        .merge(messages::router())
        .merge(qualification_tests::router())
        .merge(grants::router())
        .merge(record::router())
        .merge(forum::router())
        .merge(handprints::router())
        .layer(axum::middleware::from_fn(guard_cross_site))
        .merge(assets::router())
}

async fn home(visitor: Visitor) -> Redirect {
    match visitor.user.as_ref().map(|u| u.role()) {
        Some(Role::Requester) => Redirect::to("/projects"),
        Some(Role::Operator) => Redirect::to("/operator"),
        Some(_) => Redirect::to("/work"),
        None => Redirect::to("/signin"),
    }
}

/// What every page's frame needs: who is signed in, the CSRF token for the
/// sign-out form, the current path (for the language switch), the asset URLs.
#[derive(Clone, Debug)]
pub struct Nav {
    pub user_name: String,
    pub role: String,
    pub csrf: String,
    pub path: String,
    pub css: &'static str,
    pub js: &'static str,
    /// A worker's unread job alerts.
    pub unread: i64,
}

impl Nav {
    pub fn new(visitor: &Visitor, path: &str) -> Nav {
        Nav {
            user_name: visitor
                .user
                .as_ref()
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            role: visitor
                .user
                .as_ref()
                .map(|u| u.role.as_str().to_string())
                .unwrap_or_default(),
            csrf: visitor.csrf(),
            path: path.to_string(),
            css: assets::css_url(),
            js: assets::js_url(),
            unread: visitor.unread,
        }
    }
    pub fn signed_in(&self) -> bool {
        !self.user_name.is_empty()
    }
    pub fn is_requester(&self) -> bool {
        self.role == "requester"
    }
    pub fn is_operator(&self) -> bool {
        self.role == "operator"
    }
    pub fn back(&self) -> String {
        url_encode(&self.path)
    }
}

/// Render a page; a template failure is our fault and logged.
pub fn render<T: Template>(page: &T) -> Response {
    match page.render() {
        Ok(html) => (
            [(CACHE_CONTROL, HeaderValue::from_static("no-store"))],
            Html(html),
        )
            .into_response(),
        Err(e) => WebError::Api(AppError::internal(e)).into_response(),
    }
}

/// A page response with a status other than 200 (inline form errors are 422).
pub fn render_status<T: Template>(status: StatusCode, page: &T) -> Response {
    let mut r = render(page);
    if r.status() == StatusCode::OK {
        *r.status_mut() = status;
    }
    r
}

/// See other: where a form post goes next (so reloading does not post again).
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// Why a page could not be shown; rendered as an HTML error page in the
/// visitor's language by [`html_errors`].
#[derive(Debug)]
pub enum WebError {
    /// Whatever the API would have answered, with the same status.
    Api(AppError),
    /// 403: the form's CSRF token is missing or stale (an old tab, or a forged form).
    Csrf,
    /// 403: a cross-site request trying to change something.
    CrossSite,
    /// 422: a form post whose fields do not fit the page's form (not one of our pages).
    UnreadableForm,
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        WebError::Api(e)
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        WebError::Api(e.into())
    }
}

/// Carried from a failed handler to [`html_errors`], which knows the language.
#[derive(Clone, Debug)]
pub struct ErrorInfo {
    pub status: StatusCode,
    /// A message id of the catalogue, or None to show the refusal.
    pub message_id: Option<&'static str>,
    pub refusal: Option<Refusal>,
}

/// What a person reads of a refusal: its message and each field's problem, still
/// coded, so that it can be shown in the reader's language.
#[derive(Clone, Debug)]
pub struct Refusal {
    pub head: Msg,
    /// (field path without the leading slash, its problem).
    pub fields: Vec<(String, Msg)>,
}

impl Refusal {
    /// None for internal errors: their cause is logged, never shown.
    pub fn of(e: &AppError) -> Option<Refusal> {
        let head = e.message()?.clone();
        let fields = match e {
            AppError::Invalid { problems, .. } => problems
                .iter()
                .map(|p| (p.path.trim_start_matches('/').to_string(), p.msg()))
                .collect(),
            _ => Vec::new(),
        };
        Some(Refusal { head, fields })
    }

    /// The refusal in `t`'s language, one line per field problem.
    pub fn text(&self, t: &Tr) -> String {
        let mut text = t.msg(&self.head);
        for (path, m) in &self.fields {
            text.push_str("\n• ");
            let problem = t.msg(m);
            // A top-level field by its label; a path into a document (template/options/2) as is.
            let label = (!path.contains('/'))
                .then(|| forms::field_label(t, path))
                .flatten();
            match label {
                Some(label) => {
                    text.push_str(&t.t2("form-error-line", "field", label, "problem", problem))
                }
                None if !path.is_empty() => {
                    text.push_str(&t.t2("form-error-line", "field", path, "problem", problem))
                }
                None => text.push_str(&problem),
            }
        }
        text
    }
}

/// An API refusal in the visitor's language (the English text where a message has
/// no code); empty for internal errors.
pub fn refusal_text(t: &Tr, e: &AppError) -> String {
    Refusal::of(e).map(|r| r.text(t)).unwrap_or_default()
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let info = match self {
            WebError::Csrf => ErrorInfo {
                status: StatusCode::FORBIDDEN,
                message_id: Some("error-csrf"),
                refusal: None,
            },
            WebError::CrossSite => ErrorInfo {
                status: StatusCode::FORBIDDEN,
                message_id: Some("error-cross-site"),
                refusal: None,
            },
            WebError::UnreadableForm => ErrorInfo {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                message_id: Some("error-form-unreadable"),
                refusal: None,
            },
            WebError::Api(e) => {
                let refusal = Refusal::of(&e);
                // Logs internal causes, and gives the status.
                let status = e.into_response().status();
                ErrorInfo {
                    status,
                    message_id: (status == StatusCode::INTERNAL_SERVER_ERROR)
                        .then_some("error-internal"),
                    refusal,
                }
            }
        };
        let mut r = info.status.into_response();
        r.extensions_mut().insert(info);
        r
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    t: Tr,
    nav: Nav,
    status: u16,
    title: String,
    detail: String,
}

/// Error pages in HTML: for the pages' own errors, and for the API's 404/405 when
/// a browser asks for a page that does not exist.
pub async fn html_errors(req: Request, next: Next) -> Response {
    let t = Tr::from_headers(req.headers());
    let path = req.uri().path().to_string();
    let wants_html = req
        .headers()
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let mut response = next.run(req).await;
    let info = match response.extensions_mut().remove::<ErrorInfo>() {
        Some(info) => info,
        None => {
            let status = response.status();
            let problem = response
                .headers()
                .get(CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
            if !(wants_html
                && problem
                && !path.starts_with("/api/")
                && matches!(
                    status,
                    StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED
                ))
            {
                return response;
            }
            ErrorInfo {
                status,
                message_id: Some(if status == StatusCode::NOT_FOUND {
                    "error-no-page"
                } else {
                    "error-method"
                }),
                refusal: None,
            }
        }
    };
    let title_id = match info.status.as_u16() {
        400 | 413 | 415 | 422 => "error-title-request",
        401 | 403 => "error-title-forbidden",
        404 => "error-title-not-found",
        402 | 409 => "error-title-conflict",
        _ => "error-title-internal",
    };
    let detail = match (info.message_id, &info.refusal) {
        (Some(id), _) => t.t(id),
        (None, Some(refusal)) => refusal.text(&t),
        (None, None) => String::new(),
    };
    let page = ErrorPage {
        title: t.t(title_id),
        nav: Nav {
            user_name: String::new(),
            role: String::new(),
            csrf: String::new(),
            path: path.clone(),
            css: assets::css_url(),
            js: assets::js_url(),
            unread: 0,
        },
        t,
        status: info.status.as_u16(),
        detail,
    };
    render_status(info.status, &page)
}

/// Refuse state-changing requests a browser marks as cross-site, or whose
/// `Origin` is another site. (The synchronizer token is checked by `extract::CsrfForm`.)
async fn guard_cross_site(req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        let headers = req.headers();
        let site = headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if site.eq_ignore_ascii_case("cross-site") {
            return WebError::CrossSite.into_response();
        }
        if let Some(origin) = headers.get(ORIGIN).and_then(|v| v.to_str().ok()) {
            let host = headers
                .get(HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
            // Behind a proxy that rewrites Host, the public host is in X-Forwarded-Host.
            let forwarded = headers
                .get("x-forwarded-host")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let same = origin_host.eq_ignore_ascii_case(host)
                || (!forwarded.is_empty() && origin_host.eq_ignore_ascii_case(forwarded));
            if origin_host.is_empty() || !same {
                return WebError::CrossSite.into_response();
            }
        }
    }
    next.run(req).await
}

/// A path on this site, safe to redirect to: it starts with one `/`, holds only visible
/// ASCII (no control character, space or non-ASCII: browsers drop tabs and newlines, so
/// `/\t/evil.example` would become `//evil.example`), no backslash (browsers read it as
/// `/`), and parses as a path with no scheme or host. `next=` (sign-in) and `back=`
/// (`/lang`) both go through it.
pub fn is_local_path(p: &str) -> bool {
    let mut chars = p.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/'))
        && p.chars().all(|c| c.is_ascii_graphic() && c != '\\')
        && axum::http::Uri::try_from(p).is_ok_and(|u| u.scheme().is_none() && u.host().is_none())
}

/// Percent-encoding for a query-string value.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The errors of a refused form action, by field: a problem's path is mapped to its
/// last segment (`/reject/0/message` → `message`); refusals without a field (409,
/// 402, 400) go under `form`. Anything else is not the visitor's to fix.
/// Messages with a code are shown in the visitor's language.
pub fn form_errors(t: &Tr, e: AppError) -> Result<auth::Errors, WebError> {
    let mut errors = auth::Errors::default();
    match e {
        AppError::Invalid { problems, .. } => {
            for p in problems {
                let name = p.path.rsplit('/').next().unwrap_or("").to_string();
                let name = if name.is_empty() { "form".into() } else { name };
                errors.push(&name, t.problem(&p));
            }
        }
        e @ (AppError::Conflict(_)
        | AppError::BadRequest(_)
        | AppError::InsufficientFunds { .. }) => errors.push("form", refusal_text(t, &e)),
        other => return Err(other.into()),
    }
    Ok(errors)
}

/// "45 s", "2 min", "1 h 30 min".
pub fn duration_text(seconds: i64) -> String {
    if seconds < 60 {
        format!("{seconds} s")
    } else if seconds < 3600 {
        let m = (seconds + 30) / 60;
        format!("{m} min")
    } else {
        let m = (seconds + 30) / 60;
        if m % 60 == 0 {
            format!("{} h", m / 60)
        } else {
            format!("{} h {} min", m / 60, m % 60)
        }
    }
}

/// "2026-01-01 14:05" (UTC).
pub fn when_text(at: i64) -> String {
    let text = handprint_core::clock::to_rfc3339(at);
    text.get(..16).unwrap_or(&text).replace('T', " ")
}

/// An RFC 3339 time from an API view, as [`when_text`] shows it.
pub fn rfc_text(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_a_plain_path_on_this_site_is_local() {
        for ok in [
            "/",
            "/work",
            "/projects/p1?tab=monitor#top",
            "/lang?l=fr&back=%2Fwork",
        ] {
            assert!(is_local_path(ok), "{ok}");
        }
        for bad in [
            "",
            "work",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/x\\y",
            "/ /evil.example",
            "/\u{7f}/evil.example",
            "/\u{85}/evil.example",
            "/é",
            "https://evil.example/",
            " /work",
        ] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
    }
}
