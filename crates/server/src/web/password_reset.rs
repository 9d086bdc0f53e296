//! Forgotten password: `/forgot` asks for a reset link by e-mail, `/reset/{token}` sets
//! a new password with it — through `app::password_reset`, as the API.

use super::auth::{Errors, RefusalStatus, render_refused, sign_in_refusal};
use super::extract::CsrfForm;
use super::i18n::Tr;
use super::session::Visitor;
use super::{Nav, WebError, render};
use crate::app::password_reset::{self as app, NewPassword, ResetRequest};
use crate::auth::ClientAddress;
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::Response;
use axum::routing::get;
use handprint_core::account::Password;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/forgot", get(forgot_page).post(forgot))
        .route("/reset/{token}", get(reset_page).post(reset))
}

#[derive(Template)]
#[template(path = "forgot.html")]
struct ForgotPage {
    t: Tr,
    nav: Nav,
    /// A relay is configured: the form is shown.
    available: bool,
    email: String,
    errors: Errors,
    /// Said once a link was asked for.
    sent: String,
    /// How long a link works.
    minutes: i64,
}

/// The page's frame with a CSRF token for its form (a new anonymous cookie if needed).
async fn form_nav(
    state: &AppState,
    visitor: &mut Visitor,
    path: &str,
) -> Result<(Nav, Option<axum::http::HeaderValue>), WebError> {
    let (csrf, cookie) = visitor.form_token(state).await?;
    let mut nav = Nav::new(visitor, path);
    nav.csrf = csrf;
    Ok((nav, cookie))
}

fn with_cookie(mut response: Response, cookie: Option<axum::http::HeaderValue>) -> Response {
    if let Some(c) = cookie {
        response.headers_mut().append(SET_COOKIE, c);
    }
    response
}

async fn forgot_page(
    State(state): State<AppState>,
    t: Tr,
    mut visitor: Visitor,
) -> Result<Response, WebError> {
    let (nav, cookie) = form_nav(&state, &mut visitor, "/forgot").await?;
    let page = ForgotPage {
        t,
        nav,
        available: app::available(&state),
        email: String::new(),
        errors: Errors::default(),
        sent: String::new(),
        minutes: app::RESET_MINUTES,
    };
    Ok(with_cookie(render(&page), cookie))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ForgotForm {
    email: String,
}

async fn forgot(
    State(state): State<AppState>,
    t: Tr,
    visitor: Visitor,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<ForgotForm>,
) -> Result<Response, WebError> {
    let request = ResetRequest {
        email: form.email.clone(),
    };
    let mut errors = Errors::default();
    let mut sent = String::new();
    let status = match app::request_reset(&state, &request, address, &t.lang()).await {
        Ok(()) => {
            sent = t.t1("reset-requested", "minutes", app::RESET_MINUTES);
            RefusalStatus(StatusCode::OK, None)
        }
        Err(AppError::Invalid { problems, .. }) => {
            for p in problems {
                errors.push(p.path.trim_start_matches('/'), t.problem(&p));
            }
            RefusalStatus(StatusCode::UNPROCESSABLE_ENTITY, None)
        }
        // No relay: the page says so instead of the form.
        Err(AppError::Conflict(_)) => RefusalStatus(StatusCode::CONFLICT, None),
        Err(e) => {
            let (status, message) = sign_in_refusal(&t, e)?;
            errors.push("email", message);
            status
        }
    };
    let page = ForgotPage {
        nav: Nav::new(&visitor, "/forgot"),
        available: app::available(&state),
        email: form.email.trim().to_string(),
        errors,
        sent,
        minutes: app::RESET_MINUTES,
        t,
    };
    Ok(render_refused(status, &page))
}

#[derive(Template)]
#[template(path = "reset.html")]
struct ResetPage {
    t: Tr,
    nav: Nav,
    token: String,
    min_password: usize,
    errors: Errors,
    /// Why the link cannot be used (unknown, used, expired); the form is not shown.
    refused: String,
    /// Said once the password is set.
    done: String,
}

impl ResetPage {
    fn new(t: Tr, nav: Nav, token: String) -> ResetPage {
        ResetPage {
            t,
            nav,
            token,
            min_password: Password::MIN_CHARS,
            errors: Errors::default(),
            refused: String::new(),
            done: String::new(),
        }
    }
}

/// The status and message of a link that cannot be used; anything else is an error page.
fn token_refusal(t: &Tr, e: AppError) -> Result<(StatusCode, String), WebError> {
    match &e {
        AppError::NotFound(m) => Ok((StatusCode::NOT_FOUND, t.msg(m))),
        AppError::Conflict(m) => Ok((StatusCode::CONFLICT, t.msg(m))),
        _ => Err(e.into()),
    }
}

async fn reset_page(
    State(state): State<AppState>,
    t: Tr,
    mut visitor: Visitor,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let (nav, cookie) = form_nav(&state, &mut visitor, &format!("/reset/{token}")).await?;
    let checked = app::check_reset_link(&state, &token).await;
    let mut page = ResetPage::new(t, nav, token);
    let status = match checked {
        Ok(()) => StatusCode::OK,
        Err(e) => {
            let (status, message) = token_refusal(&page.t, e)?;
            page.refused = message;
            status
        }
    };
    Ok(with_cookie(
        render_refused(RefusalStatus(status, None), &page),
        cookie,
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ResetForm {
    password: String,
    /// The same password again.
    confirm: String,
}

async fn reset(
    State(state): State<AppState>,
    t: Tr,
    visitor: Visitor,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> Result<Response, WebError> {
    let nav = Nav::new(&visitor, &format!("/reset/{token}"));
    let mut page = ResetPage::new(t, nav, token);
    if form.password != form.confirm {
        page.errors
            .push("confirm", page.t.t("reset-confirm-differs"));
        return Ok(render_refused(
            RefusalStatus(StatusCode::UNPROCESSABLE_ENTITY, None),
            &page,
        ));
    }
    let request = NewPassword {
        password: form.password,
    };
    let status = match app::reset_password(&state, &page.token, &request).await {
        Ok(ended) => {
            page.done = page
                .t
                .count("reset-done", i64::try_from(ended).unwrap_or(i64::MAX));
            RefusalStatus(StatusCode::OK, None)
        }
        Err(AppError::Invalid { problems, .. }) => {
            for p in problems {
                page.errors
                    .push(p.path.trim_start_matches('/'), page.t.problem(&p));
            }
            RefusalStatus(StatusCode::UNPROCESSABLE_ENTITY, None)
        }
        Err(e @ (AppError::NotFound(_) | AppError::Conflict(_))) => {
            let (status, message) = token_refusal(&page.t, e)?;
            page.refused = message;
            RefusalStatus(status, None)
        }
        Err(e) => {
            let (status, message) = sign_in_refusal(&page.t, e)?;
            page.errors.push("password", message);
            status
        }
    };
    Ok(render_refused(status, &page))
}
