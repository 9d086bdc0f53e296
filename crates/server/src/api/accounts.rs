//! Sign-up and API keys.

use crate::auth::{Caller, PasswordCaller, hash_password, new_api_key};
use crate::error::{ApiResult, Json};
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, post};
use handprint_core::Msg;
use handprint_core::account::{Country, Email, Password, Role, parse_name};
use handprint_core::clock::to_rfc3339;
use handprint_core::template::FieldProblem;
use handprint_store::accounts::NewUser;
use serde::{Deserialize, Serialize};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/signup", post(signup))
        .route("/api/v1/api-keys", post(create_key).get(list_keys))
        .route("/api/v1/api-keys/{id}", delete(revoke_key))
        .route("/api/v1/me", axum::routing::get(me))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignupRequest {
    pub email: String,
    pub password: String,
    pub name: String,
    /// "worker" or "requester" (operators are created with `handprint users create-operator`).
    pub role: String,
    /// ISO 3166-1 alpha-2 code, e.g. "MG".
    pub country: String,
    /// Required for requesters: the organisation the projects belong to.
    pub organization: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AccountView {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: String,
    pub country: String,
    pub organization: Option<OrganizationView>,
    pub created_at: String,
}

#[derive(Serialize, utoipa::ToSchema, Clone)]
pub struct OrganizationView {
    pub id: String,
    pub name: String,
}

fn problem(path: &str, message: Msg) -> FieldProblem {
    FieldProblem::from_msg(path, message)
}

/// Create a worker or requester account.
#[utoipa::path(post, path = "/api/v1/signup", request_body = SignupRequest,
    responses((status = 201, body = AccountView), (status = 422, body = crate::error::Problem), (status = 409, body = crate::error::Problem)))]
pub async fn signup(
    State(state): State<AppState>,
    Json(req): Json<SignupRequest>,
) -> ApiResult<(StatusCode, Json<AccountView>)> {
    let mut problems = Vec::new();
    let email = Email::parse(&req.email)
        .map_err(|m| problems.push(problem("/email", m)))
        .ok();
    let password = Password::parse(&req.password)
        .map_err(|m| problems.push(problem("/password", m)))
        .ok();
    let name = parse_name(&req.name, "name")
        .map_err(|m| problems.push(problem("/name", m)))
        .ok();
    let country = Country::parse(&req.country)
        .map_err(|m| problems.push(problem("/country", m)))
        .ok();
    let role = signup_role(&req.role, &mut problems);
    let organization = signup_organization(role, req.organization.as_deref(), &mut problems);
    let (Some(email), Some(password), Some(name), Some(country), Some(role), true) =
        (email, password, name, country, role, problems.is_empty())
    else {
        return Err(AppError::invalid(
            Msg::coded(
                "err-signup-invalid",
                Vec::new(),
                "the sign-up form has invalid fields",
            ),
            problems,
        ));
    };
    if state.db.user_by_email(email.as_str()).await?.is_some() {
        return Err(AppError::Conflict(Msg::coded(
            "err-signup-email-taken",
            vec![("email", email.to_string())],
            format!("an account with the email {email} already exists; sign in instead"),
        )));
    }
    let hash = hash_password(password.expose().to_string()).await?;
    let user = state
        .db
        .create_user(
            NewUser {
                email: email.as_str(),
                password_hash: &hash,
                name: &name,
                role,
                country: country.as_str(),
                organization: organization.as_deref(),
            },
            state.now(),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(account_view(&state, &user).await?),
    ))
}

/// The role asked for at sign-up: a worker or a requester (operators are made by an
/// operator, never by signing up).
fn signup_role(asked: &str, problems: &mut Vec<FieldProblem>) -> Option<Role> {
    match Role::parse(asked.trim()) {
        Some(r @ (Role::Worker | Role::Requester)) => Some(r),
        _ => {
            problems.push(problem(
                "/role",
                Msg::coded(
                    "err-signup-role",
                    vec![("role", asked.to_string())],
                    format!(
                        "\"{}\" is not a role you can sign up as: use \"worker\" or \"requester\"",
                        asked
                    ),
                ),
            ));
            None
        }
    }
}

/// The organisation named at sign-up: a requester must name one, a worker must not.
fn signup_organization(
    role: Option<Role>,
    organization: Option<&str>,
    problems: &mut Vec<FieldProblem>,
) -> Option<String> {
    match (role, organization) {
        (Some(Role::Requester), Some(org)) => parse_name(org, "organization")
            .map_err(|m| problems.push(problem("/organization", m)))
            .ok(),
        (Some(Role::Requester), None) => {
            problems.push(problem(
                "/organization",
                Msg::coded(
                    "err-signup-organization-missing",
                    Vec::new(),
                    "requesters must name their organisation: the projects are published under it",
                ),
            ));
            None
        }
        (Some(Role::Worker), Some(_)) => {
            problems.push(problem(
                "/organization",
                Msg::coded(
                    "err-signup-organization-worker",
                    Vec::new(),
                    "workers do not belong to an organisation; leave it out",
                ),
            ));
            None
        }
        _ => None,
    }
}

pub(crate) async fn account_view(
    state: &AppState,
    user: &handprint_store::accounts::UserRow,
) -> ApiResult<AccountView> {
    let organization = match &user.organization_id {
        Some(id) => {
            let org = state.db.organization(id).await?;
            Some(OrganizationView {
                id: org.id,
                name: org.name,
            })
        }
        None => None,
    };
    Ok(AccountView {
        id: user.id.clone(),
        email: user.email.clone(),
        name: user.name.clone(),
        role: user.role.clone(),
        country: user.country.clone(),
        organization,
        created_at: to_rfc3339(user.created_at),
    })
}

/// The account behind the credentials.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = AccountView)), security(("api_key" = [])))]
pub async fn me(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<AccountView>> {
    Ok(Json(account_view(&state, &caller.0).await?))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewKeyRequest {
    /// A name to recognise the key by, e.g. "labelling script".
    pub label: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct NewKeyView {
    pub id: String,
    /// The key itself: shown this once, stored only as a hash.
    pub key: String,
    pub prefix: String,
    pub label: String,
    pub created_at: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct KeyView {
    pub id: String,
    pub prefix: String,
    pub label: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// Create an API key, authenticating with HTTP Basic email:password.
#[utoipa::path(post, path = "/api/v1/api-keys", request_body(content = Option<NewKeyRequest>),
    responses((status = 201, body = NewKeyView), (status = 401, body = crate::error::Problem)), security(("basic" = [])))]
pub async fn create_key(
    State(state): State<AppState>,
    PasswordCaller(user): PasswordCaller,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<NewKeyView>)> {
    let req: NewKeyRequest = if body.iter().all(u8::is_ascii_whitespace) {
        NewKeyRequest::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            AppError::BadRequest(Msg::coded(
                "err-key-request",
                vec![("why", e.to_string())],
                format!("the body is not a valid key request: {e}"),
            ))
        })?
    };
    let label = req.label.unwrap_or_else(|| "API key".into());
    let label = parse_name(&label, "label").map_err(|m| AppError::field("/label", m))?;
    let (key, prefix, hash) = new_api_key();
    let row = state
        .db
        .create_api_key(&user.id, &prefix, &hash, &label, state.now())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(NewKeyView {
            id: row.id,
            key,
            prefix,
            label,
            created_at: to_rfc3339(row.created_at),
        }),
    ))
}

/// The caller's API keys (never the keys themselves).
#[utoipa::path(get, path = "/api/v1/api-keys", responses((status = 200, body = [KeyView])), security(("api_key" = [])))]
pub async fn list_keys(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<KeyView>>> {
    let keys = state.db.api_keys(caller.id()).await?;
    Ok(Json(
        keys.into_iter()
            .map(|k| KeyView {
                id: k.id,
                prefix: k.prefix,
                label: k.label,
                created_at: to_rfc3339(k.created_at),
                revoked_at: k.revoked_at.map(to_rfc3339),
            })
            .collect(),
    ))
}

/// Revoke one of the caller's keys.
#[utoipa::path(delete, path = "/api/v1/api-keys/{id}", responses((status = 204), (status = 404, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn revoke_key(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    if state
        .db
        .revoke_api_key(caller.id(), &id, state.now())
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound(Msg::coded(
            "err-key-not-found",
            Vec::new(),
            "no live API key with this id belongs to you",
        )))
    }
}
