//! Sign-up and API keys. The rules are `app::accounts`'s; this module reads requests
//! and writes the JSON views.

use crate::app::accounts::{self as app, Account};
use crate::app::eligibility;
use crate::auth::{Caller, ClientAddress, PasswordCaller};
use crate::error::{ApiResult, Json};
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, post};
use handprint_core::Msg;
use handprint_core::clock::to_rfc3339;
use handprint_store::accounts::ApiKeyRow;
use serde::Serialize;

pub use crate::app::accounts::{NewKeyRequest, PasswordChange, SignupRequest};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/signup", post(signup))
        .route("/api/v1/api-keys", post(create_key).get(list_keys))
        .route("/api/v1/api-keys/{id}", delete(revoke_key))
        .route("/api/v1/me", axum::routing::get(me).patch(update_me))
        .route("/api/v1/me/password", post(change_password))
        .route("/api/v1/me/sessions/revoke", post(end_sessions))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AccountView {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: String,
    pub country: String,
    /// The languages a worker declares (ISO 639-1 codes), checked against projects'
    /// eligibility.
    pub languages: Vec<String>,
    pub organization: Option<OrganizationView>,
    pub created_at: String,
}

#[derive(Serialize, utoipa::ToSchema, Clone)]
pub struct OrganizationView {
    pub id: String,
    pub name: String,
}

/// Create a worker or requester account. An email that has an account already gets
/// the same 201 and the same shape, and nothing is created: the reply never tells
/// whether an address has an account (then the password given does not sign in).
#[utoipa::path(post, path = "/api/v1/signup", request_body = SignupRequest,
    responses((status = 201, body = AccountView), (status = 422, body = crate::error::Problem), (status = 503, body = crate::error::Problem)))]
pub async fn signup(
    State(state): State<AppState>,
    Json(req): Json<SignupRequest>,
) -> ApiResult<(StatusCode, Json<AccountView>)> {
    let signed_up = app::signup(&state, &req).await?;
    Ok((StatusCode::CREATED, Json(account_view(signed_up.reply()))))
}

pub(crate) fn account_view(account: &Account) -> AccountView {
    let user = &account.user;
    AccountView {
        id: user.id.to_string(),
        email: user.email.clone(),
        name: user.name.clone(),
        role: user.role.as_str().to_string(),
        country: user.country.clone(),
        languages: Vec::new(),
        organization: account.organization.as_ref().map(|org| OrganizationView {
            id: org.id.to_string(),
            name: org.name.clone(),
        }),
        created_at: to_rfc3339(user.created_at),
    }
}

/// The account behind the credentials.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = AccountView)), security(("api_key" = [])))]
pub async fn me(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<AccountView>> {
    let mut view = account_view(&app::me(&state, &caller).await?);
    view.languages = eligibility::languages(&state, &caller)
        .await?
        .iter()
        .map(|l| l.as_str().to_string())
        .collect();
    Ok(Json(view))
}

/// Change the caller's settings: for a worker, the languages they declare
/// (`{"languages": ["fr", "mg"]}`, ISO 639-1 codes, replacing the list).
#[utoipa::path(patch, path = "/api/v1/me", request_body = eligibility::LanguagesInput,
    responses((status = 200, body = AccountView), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn update_me(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<eligibility::LanguagesInput>,
) -> ApiResult<Json<AccountView>> {
    let languages = eligibility::set_languages(&state, &caller, &input).await?;
    let mut view = account_view(&app::me(&state, &caller).await?);
    view.languages = languages.iter().map(|l| l.as_str().to_string()).collect();
    Ok(Json(view))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct NewKeyView {
    pub id: String,
    /// The key itself: shown this once, stored only as a hash.
    pub key: String,
    pub prefix: String,
    pub label: String,
    pub created_at: String,
    /// When the key stops working (RFC 3339).
    pub expires_at: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct KeyView {
    pub id: String,
    pub prefix: String,
    pub label: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
    /// When the key stops working; null for keys made before keys had an end.
    pub expires_at: Option<String>,
}

/// Create an API key, authenticating with HTTP Basic email:password (the one route
/// that takes a password; failures are throttled per email and per address: 429).
#[utoipa::path(post, path = "/api/v1/api-keys", request_body(content = Option<NewKeyRequest>),
    responses((status = 201, body = NewKeyView), (status = 401, body = crate::error::Problem), (status = 429, body = crate::error::Problem), (status = 503, body = crate::error::Problem)), security(("basic" = [])))]
pub async fn create_key(
    State(state): State<AppState>,
    PasswordCaller(user): PasswordCaller,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<NewKeyView>)> {
    let req: NewKeyRequest = if body.iter().all(u8::is_ascii_whitespace) {
        NewKeyRequest::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            AppError::BadRequest(Msg::coded("err-key-request", vec![("why", e.to_string())]))
        })?
    };
    let app::NewKey { key, row } = app::create_key(&state, &Caller(user), &req).await?;
    Ok((
        StatusCode::CREATED,
        Json(NewKeyView {
            id: row.id,
            key,
            prefix: row.prefix,
            label: row.label,
            created_at: to_rfc3339(row.created_at),
            expires_at: row.expires_at.map(to_rfc3339),
        }),
    ))
}

/// The caller's API keys (never the keys themselves).
#[utoipa::path(get, path = "/api/v1/api-keys", responses((status = 200, body = [KeyView])), security(("api_key" = [])))]
pub async fn list_keys(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<KeyView>>> {
    let keys = app::keys(&state, &caller).await?;
    Ok(Json(keys.into_iter().map(key_view).collect()))
}

pub(crate) fn key_view(k: ApiKeyRow) -> KeyView {
    KeyView {
        id: k.id,
        prefix: k.prefix,
        label: k.label,
        created_at: to_rfc3339(k.created_at),
        revoked_at: k.revoked_at.map(to_rfc3339),
        expires_at: k.expires_at.map(to_rfc3339),
    }
}

/// Revoke one of the caller's keys.
#[utoipa::path(delete, path = "/api/v1/api-keys/{id}", responses((status = 204), (status = 404, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn revoke_key(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    app::revoke_key(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SessionsEnded {
    /// How many web sessions of the account ended.
    pub ended: u64,
}

/// Change the account's password (the current one is checked as a sign-in: 429 after
/// too many failures). Every web session of the account ends; API keys stay.
#[utoipa::path(post, path = "/api/v1/me/password", request_body = PasswordChange,
    responses((status = 200, body = SessionsEnded), (status = 422, body = crate::error::Problem), (status = 429, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn change_password(
    State(state): State<AppState>,
    caller: Caller,
    ClientAddress(address): ClientAddress,
    Json(change): Json<PasswordChange>,
) -> ApiResult<Json<SessionsEnded>> {
    let ended = app::change_password(&state, &caller, address, &change, None).await?;
    Ok(Json(SessionsEnded { ended }))
}

/// Sign out everywhere: end every web session of the account (API keys stay; revoke
/// them with `DELETE /api/v1/api-keys/{id}`).
#[utoipa::path(post, path = "/api/v1/me/sessions/revoke",
    responses((status = 200, body = SessionsEnded)), security(("api_key" = [])))]
pub async fn end_sessions(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<SessionsEnded>> {
    let ended = app::end_all_sessions(&state, &caller).await?;
    Ok(Json(SessionsEnded { ended }))
}
