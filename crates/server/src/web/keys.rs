//! API keys: list, create (the key is shown once), revoke — through the API's handlers.

use super::extract::CsrfForm;
use super::i18n::Tr;
use super::session::SignedIn;
use super::{Nav, WebError, render, render_status, see_other, when_text};
use crate::api::accounts::{create_key, list_keys, revoke_key};
use crate::auth::PasswordCaller;
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/keys", get(page).post(create))
        .route("/keys/{id}/revoke", post(revoke))
}

#[derive(Clone, Debug)]
pub struct KeyLine {
    pub id: String,
    pub prefix: String,
    pub label: String,
    pub created: String,
    pub revoked: String,
}

#[derive(Template)]
#[template(path = "keys.html")]
struct KeysPage {
    t: Tr,
    nav: Nav,
    keys: Vec<KeyLine>,
    new_key: String,
    error: String,
    label: String,
}

async fn lines(state: &AppState, signed: &SignedIn) -> Result<Vec<KeyLine>, WebError> {
    let crate::error::Json(keys) = list_keys(State(state.clone()), signed.caller()).await?;
    Ok(keys
        .into_iter()
        .map(|k| KeyLine {
            id: k.id,
            prefix: k.prefix,
            label: k.label,
            created: k.created_at.get(..16).unwrap_or("").replace('T', " "),
            revoked: k
                .revoked_at
                .map(|r| r.get(..16).unwrap_or("").replace('T', " "))
                .unwrap_or_default(),
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
        label: String::new(),
        t,
    }))
}

/// A new key's label.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct KeyForm {
    label: String,
}

/// A button that sends its token only.
#[derive(serde::Deserialize)]
struct Button {}

async fn create(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
    CsrfForm(form): CsrfForm<KeyForm>,
) -> Result<Response, WebError> {
    let label = form.label.trim().to_string();
    let body = serde_json::json!({"label": if label.is_empty() { "web".to_string() } else { label.clone() }});
    let outcome = create_key(
        State(state.clone()),
        PasswordCaller(signed.user.clone()),
        axum::body::Bytes::from(body.to_string()),
    )
    .await;
    let (new_key, error, status) = match outcome {
        Ok((_, crate::error::Json(k))) => (k.key, String::new(), StatusCode::OK),
        Err(AppError::Invalid { problems, .. }) => (
            String::new(),
            problems
                .into_iter()
                .map(|p| t.problem(&p))
                .collect::<Vec<_>>()
                .join(" "),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
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
            label: if status == StatusCode::OK {
                String::new()
            } else {
                label
            },
            t,
        },
    ))
}

async fn revoke(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    CsrfForm(Button {}): CsrfForm<Button>,
) -> Result<Response, WebError> {
    revoke_key(State(state.clone()), signed.caller(), Path(id)).await?;
    Ok(see_other("/keys"))
}
