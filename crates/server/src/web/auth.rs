//! Sign-up, sign-in and sign-out. Sign-up goes through `app::accounts::signup`, as
//! the API (same checks, same messages); passwords are Argon2id (`crate::auth`).

use super::extract::CsrfForm;
use super::i18n::Tr;
use super::session::{Visitor, sign_in, sign_out};
use super::{Nav, WebError, is_local_path, render, render_status, see_other};
use crate::app::accounts::{SignedUp, SignupRequest, check_password, signup};
use crate::auth::ClientAddress;
use crate::throttle::Attempt;
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::header::{RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use handprint_core::account::{Password, countries};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/signin", get(signin_page).post(signin))
        .route("/signup", get(signup_page).post(signup_post))
        .route("/signout", post(signout))
}

/// Field errors of a form, by field name, in the order found.
#[derive(Clone, Debug, Default)]
pub struct Errors(pub Vec<(String, String)>);

impl Errors {
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn push(&mut self, name: &str, message: impl Into<String>) {
        self.0.push((name.to_string(), message.into()));
    }
    pub fn all(&self) -> &[(String, String)] {
        &self.0
    }
    /// Every message, whatever its field, in one line.
    pub fn joined(&self) -> String {
        self.0
            .iter()
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn with_cookie(mut response: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(c) = cookie {
        response.headers_mut().append(SET_COOKIE, c);
    }
    response
}

#[derive(Template)]
#[template(path = "signin.html")]
struct SigninPage {
    t: Tr,
    nav: Nav,
    email: String,
    next: String,
    error: String,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn signin_page(
    State(state): State<AppState>,
    t: Tr,
    mut visitor: Visitor,
    Query(q): Query<NextQuery>,
) -> Result<Response, WebError> {
    if visitor.user.is_some() {
        return Ok(see_other("/"));
    }
    let (csrf, cookie) = visitor.form_token(&state).await?;
    let mut nav = Nav::new(&visitor, "/signin");
    nav.csrf = csrf;
    let page = SigninPage {
        t,
        nav,
        email: String::new(),
        next: q.next.filter(|n| is_local_path(n)).unwrap_or_default(),
        error: String::new(),
    };
    Ok(with_cookie(render(&page), cookie))
}

/// The sign-in form.
#[derive(Deserialize, Default)]
#[serde(default)]
struct SigninForm {
    email: String,
    password: String,
    /// Where to go once signed in (a path on this site, else home).
    next: String,
}

async fn signin(
    State(state): State<AppState>,
    t: Tr,
    visitor: Visitor,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<SigninForm>,
) -> Result<Response, WebError> {
    let attempt = Attempt::new(&form.email, address);
    let next = form.next;
    match check_password(&state, &attempt, &form.password).await {
        Ok(user) => {
            // What e-mail to this account is written in (a password reset link).
            state.db.set_user_language(&user.id, &t.lang()).await?;
            let cookie = sign_in(&state, &visitor, &user).await?;
            let to = if is_local_path(&next) {
                next
            } else {
                "/".into()
            };
            Ok(with_cookie(see_other(&to), Some(cookie)))
        }
        Err(e) => {
            let (status, error) = sign_in_refusal(&t, e)?;
            let page = SigninPage {
                nav: Nav::new(&visitor, "/signin"),
                error,
                t,
                email: attempt.email,
                next,
            };
            Ok(render_refused(status, &page))
        }
    }
}

/// How the pages show a refused password check: a wrong password as the sign-in
/// page's own message (401); too many failures (429) and a busy server (503) with
/// their message and `Retry-After`. Anything else is an error page.
pub(super) fn sign_in_refusal(t: &Tr, e: AppError) -> Result<(RefusalStatus, String), WebError> {
    match &e {
        AppError::Unauthorized(_) => Ok((
            RefusalStatus(StatusCode::UNAUTHORIZED, None),
            t.t("signin-wrong"),
        )),
        AppError::TooManyAttempts { message, .. } | AppError::Busy { message, .. } => {
            let status = if matches!(e, AppError::Busy { .. }) {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::TOO_MANY_REQUESTS
            };
            Ok((RefusalStatus(status, e.retry_after()), t.msg(message)))
        }
        _ => Err(e.into()),
    }
}

/// A status and, when it says when to come back, its `Retry-After` in seconds.
pub(super) struct RefusalStatus(pub StatusCode, pub Option<u64>);

pub(super) fn render_refused<T: Template>(refusal: RefusalStatus, page: &T) -> Response {
    let mut response = render_status(refusal.0, page);
    if let Some(seconds) = refusal.1 {
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

#[derive(Template)]
#[template(path = "signup.html")]
struct SignupPage {
    t: Tr,
    nav: Nav,
    role: String,
    name: String,
    email: String,
    /// The code chosen, upper-cased (the list's values).
    country: String,
    /// Every country as (ISO 3166-1 alpha-2 code, name in the page's language), by name.
    countries: Vec<(&'static str, &'static str)>,
    /// The server's own minimum (`Password::MIN_CHARS`), for the hint and `minlength`.
    min_password: usize,
    organization: String,
    errors: Errors,
}

fn country_list(t: &Tr) -> Vec<(&'static str, &'static str)> {
    countries(&t.lang()).collect()
}

#[derive(Deserialize)]
struct RoleQuery {
    role: Option<String>,
}

async fn signup_page(
    State(state): State<AppState>,
    t: Tr,
    mut visitor: Visitor,
    Query(q): Query<RoleQuery>,
) -> Result<Response, WebError> {
    if visitor.user.is_some() {
        return Ok(see_other("/"));
    }
    let (csrf, cookie) = visitor.form_token(&state).await?;
    let mut nav = Nav::new(&visitor, "/signup");
    nav.csrf = csrf;
    let page = SignupPage {
        nav,
        role: match q.role.as_deref() {
            Some("requester") => "requester".into(),
            _ => "worker".into(),
        },
        name: String::new(),
        email: String::new(),
        country: String::new(),
        countries: country_list(&t),
        min_password: Password::MIN_CHARS,
        organization: String::new(),
        errors: Errors::default(),
        t,
    };
    Ok(with_cookie(render(&page), cookie))
}

/// The sign-up form.
#[derive(Deserialize, Default)]
#[serde(default)]
struct SignupForm {
    email: String,
    password: String,
    name: String,
    /// worker or requester.
    role: String,
    /// An ISO 3166 code, from the list.
    country: String,
    /// A requester's organisation (ignored for a worker).
    organization: String,
}

async fn signup_post(
    State(state): State<AppState>,
    t: Tr,
    visitor: Visitor,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<SignupForm>,
) -> Result<Response, WebError> {
    let role = form.role.clone();
    let organization = form.organization.trim().to_string();
    let request = SignupRequest {
        email: form.email.clone(),
        password: form.password.clone(),
        name: form.name.clone(),
        role: role.clone(),
        country: form.country.trim().to_string(),
        organization: (role != "worker").then(|| organization.clone()),
    };
    let mut errors = Errors::default();
    let status = match signup(&state, &request).await {
        Ok(SignedUp::Created(account)) => {
            state
                .db
                .set_user_language(&account.user.id, &t.lang())
                .await?;
            let cookie = sign_in(&state, &visitor, &account.user).await?;
            return Ok(with_cookie(see_other("/"), Some(cookie)));
        }
        // The address has an account: its owner, with their own password, is signed
        // in as from the sign-in form (and anyone else is counted as a failed sign-in).
        Ok(SignedUp::AlreadyTaken(_)) => {
            let attempt = Attempt::new(&request.email, address);
            match check_password(&state, &attempt, &request.password).await {
                Ok(user) => {
                    let cookie = sign_in(&state, &visitor, &user).await?;
                    return Ok(with_cookie(see_other("/"), Some(cookie)));
                }
                Err(AppError::Unauthorized(_)) => {
                    errors.push("email", t.t("signup-not-possible"));
                    RefusalStatus(StatusCode::UNPROCESSABLE_ENTITY, None)
                }
                Err(e) => {
                    let (status, message) = sign_in_refusal(&t, e)?;
                    errors.push("email", message);
                    status
                }
            }
        }
        Err(AppError::Invalid { problems, .. }) => {
            for p in problems {
                errors.push(p.path.trim_start_matches('/'), t.problem(&p));
            }
            RefusalStatus(StatusCode::UNPROCESSABLE_ENTITY, None)
        }
        Err(e) => {
            let (status, message) = sign_in_refusal(&t, e)?;
            errors.push("email", message);
            status
        }
    };
    let page = SignupPage {
        nav: Nav::new(&visitor, "/signup"),
        role,
        name: form.name,
        email: request.email,
        country: form.country.trim().to_ascii_uppercase(),
        countries: country_list(&t),
        min_password: Password::MIN_CHARS,
        organization,
        errors,
        t,
    };
    Ok(render_refused(status, &page))
}

/// The sign-out button: its token only.
#[derive(Deserialize)]
struct SignoutForm {}

async fn signout(
    State(state): State<AppState>,
    visitor: Visitor,
    CsrfForm(SignoutForm {}): CsrfForm<SignoutForm>,
) -> Result<Response, WebError> {
    let cookie = sign_out(&state, &visitor).await?;
    Ok(with_cookie(see_other("/signin"), Some(cookie)).into_response())
}
