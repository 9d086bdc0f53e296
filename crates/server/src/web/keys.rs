//! API keys: list, create (the key is shown once), revoke — through `app::accounts`,
//! as the API. Creating one asks for the account's password again, as the API does
//! (HTTP Basic): a session alone, if stolen, must not mint a lasting key (issue 12,
//! finding 14); a wrong password counts as a failed sign-in.

use super::extract::CsrfForm;
use super::i18n::Tr;
use super::session::SignedIn;
use super::{Nav, WebError, refusal_text, render, render_status, see_other, when_text};
use crate::app::accounts::{self as app, NewKeyRequest, check_password};
use crate::auth::ClientAddress;
use crate::throttle::Attempt;
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use handprint_core::clock::to_rfc3339;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/keys", get(page).post(create))
        .route("/keys/{id}/revoke", post(revoke))
        .route("/account/password", post(change_password))
        .route("/account/signout-everywhere", post(signout_everywhere))
}

#[derive(Clone, Debug)]
pub struct KeyLine {
    pub id: String,
    pub prefix: String,
    pub label: String,
    pub created: String,
    pub revoked: String,
    /// When it ends (empty for keys made before keys had an end).
    pub expires: String,
}

#[derive(Template)]
#[template(path = "keys.html")]
struct KeysPage {
    t: Tr,
    nav: Nav,
    keys: Vec<KeyLine>,
    new_key: String,
    error: String,
    /// The password's problem (wrong, or too many failures), if any.
    password_error: String,
    label: String,
    /// The password change's problems, by field (`current_password`, `new_password`).
    change_errors: super::auth::Errors,
    /// A line saying what was just done (the password changed).
    notice: String,
}

async fn lines(state: &AppState, signed: &SignedIn) -> Result<Vec<KeyLine>, WebError> {
    let minutes = |at: i64| to_rfc3339(at).get(..16).unwrap_or("").replace('T', " ");
    Ok(app::keys(state, &signed.caller())
        .await?
        .into_iter()
        .map(|k| KeyLine {
            id: k.id,
            prefix: k.prefix,
            label: k.label,
            created: minutes(k.created_at),
            revoked: k.revoked_at.map(minutes).unwrap_or_default(),
            expires: k.expires_at.map(minutes).unwrap_or_default(),
        })
        .collect())
}

async fn page(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
) -> Result<Response, WebError> {
    let keys = lines(&state, &signed).await?;
    let _ = when_text;
    Ok(render(&KeysPage {
        nav: Nav::new(&signed.visitor, "/keys"),
        keys,
        new_key: String::new(),
        error: String::new(),
        password_error: String::new(),
        label: String::new(),
        change_errors: super::auth::Errors::default(),
        notice: String::new(),
        t,
    }))
}

/// A new key's label, and the account's password.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct KeyForm {
    label: String,
    password: String,
}

/// A button that sends its token only.
#[derive(serde::Deserialize)]
struct Button {}

async fn create(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<KeyForm>,
) -> Result<Response, WebError> {
    let label = form.label.trim().to_string();
    let attempt = Attempt::new(&signed.user.email, address);
    let (new_key, error, password_error, status) =
        match check_password(&state, &attempt, &form.password).await {
            Ok(_) => made_key(&state, &t, &signed, &label).await?,
            Err(AppError::Unauthorized(_)) => (
                String::new(),
                String::new(),
                t.t("keys-password-wrong"),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            Err(e @ (AppError::TooManyAttempts { .. } | AppError::Busy { .. })) => {
                let status = if matches!(e, AppError::Busy { .. }) {
                    StatusCode::SERVICE_UNAVAILABLE
                } else {
                    StatusCode::TOO_MANY_REQUESTS
                };
                (String::new(), String::new(), refusal_text(&t, &e), status)
            }
            Err(e) => return Err(e.into()),
        };
    let keys = lines(&state, &signed).await?;
    Ok(render_status(
        status,
        &KeysPage {
            nav: Nav::new(&signed.visitor, "/keys"),
            keys,
            new_key,
            error,
            password_error,
            label: if status == StatusCode::OK {
                String::new()
            } else {
                label
            },
            change_errors: super::auth::Errors::default(),
            notice: String::new(),
            t,
        },
    ))
}

/// Make the key once the password is checked: (key, label error, "", status).
async fn made_key(
    state: &AppState,
    t: &Tr,
    signed: &SignedIn,
    label: &str,
) -> Result<(String, String, String, StatusCode), WebError> {
    let request = NewKeyRequest {
        label: Some(if label.is_empty() {
            "web".to_string()
        } else {
            label.to_string()
        }),
        expires_in_days: None,
    };
    match app::create_key(state, &signed.caller(), &request).await {
        Ok(k) => Ok((k.key, String::new(), String::new(), StatusCode::OK)),
        Err(AppError::Invalid { problems, .. }) => Ok((
            String::new(),
            problems
                .into_iter()
                .map(|p| t.problem(&p))
                .collect::<Vec<_>>()
                .join(" "),
            String::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        Err(e) => Err(e.into()),
    }
}

async fn revoke(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    CsrfForm(Button {}): CsrfForm<Button>,
) -> Result<Response, WebError> {
    app::revoke_key(&state, &signed.caller(), &id).await?;
    Ok(see_other("/keys"))
}

/// The password change form.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct PasswordForm {
    current_password: String,
    new_password: String,
}

/// Change the password (through `app::accounts::change_password`, as the API): every
/// other session of the account ends, this one stays.
async fn change_password(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, WebError> {
    let change = app::PasswordChange {
        current_password: form.current_password,
        new_password: form.new_password,
    };
    let keep = signed.visitor.session.as_ref().map(|s| s.id.clone());
    let outcome =
        app::change_password(&state, &signed.caller(), address, &change, keep.as_deref()).await;
    let mut change_errors = super::auth::Errors::default();
    let (status, notice) = match outcome {
        Ok(ended) => (
            StatusCode::OK,
            t.count(
                "account-password-changed",
                i64::try_from(ended).unwrap_or(i64::MAX),
            ),
        ),
        Err(AppError::Invalid { problems, .. }) => {
            for p in problems {
                change_errors.push(p.path.trim_start_matches('/'), t.problem(&p));
            }
            (StatusCode::UNPROCESSABLE_ENTITY, String::new())
        }
        Err(e @ AppError::TooManyAttempts { .. }) => {
            change_errors.push("current_password", refusal_text(&t, &e));
            (StatusCode::TOO_MANY_REQUESTS, String::new())
        }
        Err(e) => return Err(e.into()),
    };
    let keys = lines(&state, &signed).await?;
    Ok(render_status(
        status,
        &KeysPage {
            nav: Nav::new(&signed.visitor, "/keys"),
            keys,
            new_key: String::new(),
            error: String::new(),
            password_error: String::new(),
            label: String::new(),
            change_errors,
            notice,
            t,
        },
    ))
}

/// Sign out everywhere: every session of the account ends, this one too.
async fn signout_everywhere(
    State(state): State<AppState>,
    signed: SignedIn,
    CsrfForm(Button {}): CsrfForm<Button>,
) -> Result<Response, WebError> {
    app::end_all_sessions(&state, &signed.caller()).await?;
    let cookie = super::session::sign_out(&state, &signed.visitor).await?;
    let mut response = see_other("/signin");
    response
        .headers_mut()
        .append(axum::http::header::SET_COOKIE, cookie);
    Ok(response)
}
