//! Accounts: signing up (workers and requesters), creating an operator (the command
//! line's), the account behind the credentials, and API keys (create, list, revoke).

use crate::AppState;
use crate::app::{AppError, AppResult};
use crate::auth::{Caller, hash_bounded, hash_password, new_api_key, verify_bounded};
use crate::throttle::Attempt;
use handprint_core::Msg;
use handprint_core::account::{
    Country, Email, Password, Role, parse_name, parse_organization_name,
};
use handprint_core::template::FieldProblem;
use handprint_store::accounts::{ApiKeyRow, NewUser, OrganizationRow, UserRow};
use serde::Deserialize;

// A sign-up as typed. Problems name `/email`, `/password`, `/name`, `/role`,
// `/country` and `/organization` (the sign-up form's fields are named alike). Plain
// comments: a doc comment would become the schema's description in the OpenAPI document.
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

/// An account with its organisation (requesters).
#[derive(Debug, Clone)]
pub struct Account {
    pub user: UserRow,
    pub organization: Option<OrganizationRow>,
}

fn problem(path: &str, message: Msg) -> FieldProblem {
    FieldProblem::from_msg(path, message)
}

/// Every field of a sign-up, read once into its type.
struct SignupFields {
    email: Email,
    password: Password,
    name: String,
    country: Country,
    role: Role,
    organization: Option<String>,
}

fn signup_fields(req: &SignupRequest) -> AppResult<SignupFields> {
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
            Msg::coded("err-signup-invalid", Vec::new()),
            problems,
        ));
    };
    Ok(SignupFields {
        email,
        password,
        name,
        country,
        role,
        organization,
    })
}

/// Create a worker or requester account (and a requester's organisation).
///
/// An email that already has an account gets the same answer as a new one — an
/// account of the same shape, with ids of its own — and nothing is created or
/// changed: the reply does not tell who has an account (issue 12, finding 12). The
/// password is hashed either way, so the time taken does not tell either.
pub async fn signup(state: &AppState, req: &SignupRequest) -> AppResult<SignedUp> {
    let f = signup_fields(req)?;
    let hash = hash_bounded(state, f.password.expose()).await?;
    if state.db.user_by_email(f.email.as_str()).await?.is_some() {
        return Ok(SignedUp::AlreadyTaken(unstored_account(state, &f)));
    }
    let created = state
        .db
        .create_user(
            NewUser {
                email: f.email.as_str(),
                password_hash: &hash,
                name: &f.name,
                role: f.role,
                country: f.country.as_str(),
                organization: f.organization.as_deref(),
            },
            state.now(),
        )
        .await;
    match created {
        Ok(user) => Ok(SignedUp::Created(account_of(state, &user).await?)),
        // Another organisation holds that name (up to case, width and spacing).
        Err(handprint_store::StoreError::Duplicate {
            field: "organization",
        }) => Err(AppError::Conflict(Msg::coded(
            "err-signup-organization-taken",
            vec![("name", f.organization.clone().unwrap_or_default())],
        ))),
        // Signed up at the same moment by someone else: the same answer as above.
        Err(handprint_store::StoreError::Duplicate { .. }) => {
            Ok(SignedUp::AlreadyTaken(unstored_account(state, &f)))
        }
        Err(e) => Err(e.into()),
    }
}

/// What a sign-up answers for an email that already has an account: the shape of a
/// new account, stored nowhere (its ids match nothing).
fn unstored_account(state: &AppState, f: &SignupFields) -> Account {
    let now = state.now();
    let organization = f.organization.as_ref().map(|name| OrganizationRow {
        id: handprint_store::new_id().into(),
        name: name.clone(),
        created_at: now,
    });
    Account {
        user: UserRow {
            id: handprint_store::new_id().into(),
            email: f.email.to_string(),
            password_hash: String::new(),
            name: f.name.clone(),
            role: f.role,
            country: f.country.as_str().to_string(),
            organization_id: organization.as_ref().map(|o| o.id.clone()),
            created_at: now,
            suspension_id: None,
        },
        organization,
    }
}

/// What a sign-up did. Both carry the account the reply shows, so the API answers
/// both alike; the pages sign a new account in.
#[derive(Debug, Clone)]
pub enum SignedUp {
    Created(Account),
    /// The email had an account already: nothing was stored, and the account shown
    /// (ids of its own, no password) is the reply's shape only.
    AlreadyTaken(Account),
}

impl SignedUp {
    /// The account the reply shows.
    pub fn reply(&self) -> &Account {
        match self {
            SignedUp::Created(a) | SignedUp::AlreadyTaken(a) => a,
        }
    }
}

/// Check an email and password (the sign-in form, and HTTP Basic where a key is made).
/// Refused at once, without hashing, while the email or the client's address is locked
/// (429, "try again in N seconds"); a wrong password counts against both, a right one
/// forgets the email's failures.
pub async fn check_password(
    state: &AppState,
    attempt: &Attempt,
    password: &str,
) -> AppResult<UserRow> {
    if let Some(seconds) = state.sign_in.locked(attempt, state.now()) {
        return Err(AppError::too_many_sign_ins(seconds));
    }
    let user = state.db.user_by_email(&attempt.email).await?;
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    match (verify_bounded(state, password, stored).await?, user) {
        (true, Some(user)) => {
            state.sign_in.succeeded(attempt);
            Ok(user)
        }
        _ => {
            state.sign_in.failed(attempt, state.now());
            Err(AppError::Unauthorized(Msg::coded(
                "err-auth-wrong",
                Vec::new(),
            )))
        }
    }
}

/// The role asked for at sign-up: a worker or a requester (operators are made by an
/// operator, never by signing up).
fn signup_role(asked: &str, problems: &mut Vec<FieldProblem>) -> Option<Role> {
    match Role::parse(asked.trim()) {
        Some(r @ (Role::Worker | Role::Requester)) => Some(r),
        _ => {
            problems.push(problem(
                "/role",
                Msg::coded("err-signup-role", vec![("role", asked.to_string())]),
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
        (Some(Role::Requester), Some(org)) => parse_organization_name(org)
            .map_err(|m| problems.push(problem("/organization", m)))
            .ok(),
        (Some(Role::Requester), None) => {
            problems.push(problem(
                "/organization",
                Msg::coded("err-signup-organization-missing", Vec::new()),
            ));
            None
        }
        (Some(Role::Worker), Some(_)) => {
            problems.push(problem(
                "/organization",
                Msg::coded("err-signup-organization-worker", Vec::new()),
            ));
            None
        }
        _ => None,
    }
}

/// An operator account to create from the command line. Problems name `email`,
/// `password` and `country` (the command's options are named alike).
pub struct NewOperator {
    pub email: String,
    pub password: String,
    pub name: String,
    /// ISO 3166-1 alpha-2; none leaves the country empty.
    pub country: Option<String>,
}

/// Create an operator account (`handprint users create-operator`): operators are made
/// by whoever holds the database's credentials, never by signing up.
pub async fn create_operator(state: &AppState, new: &NewOperator) -> AppResult<UserRow> {
    let email = Email::parse(&new.email).map_err(|m| AppError::field("email", m))?;
    let password = Password::parse(&new.password).map_err(|m| AppError::field("password", m))?;
    let country = match &new.country {
        Some(c) => Country::parse(c)
            .map_err(|m| AppError::field("country", m))?
            .as_str()
            .to_string(),
        None => String::new(),
    };
    if state.db.user_by_email(email.as_str()).await?.is_some() {
        return Err(AppError::Conflict(Msg::coded(
            "err-signup-email-taken",
            vec![("email", email.to_string())],
        )));
    }
    let hash = hash_password(password.expose().to_string()).await?;
    Ok(state
        .db
        .create_user(
            NewUser {
                email: email.as_str(),
                password_hash: &hash,
                name: &new.name,
                role: Role::Operator,
                country: &country,
                organization: None,
            },
            state.now(),
        )
        .await?)
}

/// An account with its organisation, if it has one.
pub async fn account_of(state: &AppState, user: &UserRow) -> AppResult<Account> {
    let organization = match &user.organization_id {
        Some(id) => Some(state.db.organization(id).await?),
        None => None,
    };
    Ok(Account {
        user: user.clone(),
        organization,
    })
}

/// The account behind the credentials.
pub async fn me(state: &AppState, caller: &Caller) -> AppResult<Account> {
    account_of(state, &caller.0).await
}

// A new API key's label. The problem path is `/label`, as the form's field. Plain
// comments: a doc comment would become the schema's description.
#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewKeyRequest {
    /// A name to recognise the key by, e.g. "labelling script".
    pub label: Option<String>,
    /// Days until the key ends, 1 to 366; the instance's `api_key_days` (90) when absent.
    pub expires_in_days: Option<i64>,
}

/// The longest life a key may ask for: a key must end.
pub const MAX_KEY_DAYS: i64 = 366;

/// A key just made: the key itself (shown this once, stored only as a hash) and its row.
#[derive(Debug, Clone)]
pub struct NewKey {
    pub key: String,
    pub row: ApiKeyRow,
}

/// Create an API key for the caller (labelled "API key" when no label is given).
pub async fn create_key(
    state: &AppState,
    caller: &Caller,
    req: &NewKeyRequest,
) -> AppResult<NewKey> {
    let label = req.label.as_deref().unwrap_or("API key");
    let label = parse_name(label, "label").map_err(|m| AppError::field("/label", m))?;
    let days = req.expires_in_days.unwrap_or(state.settings.api_key_days);
    if !(1..=MAX_KEY_DAYS).contains(&days) {
        return Err(AppError::field(
            "/expires_in_days",
            Msg::coded(
                "err-key-days",
                vec![
                    ("days", days.to_string()),
                    ("max", MAX_KEY_DAYS.to_string()),
                ],
            ),
        ));
    }
    let (key, prefix, hash) = new_api_key();
    let now = state.now();
    let ends = now + days * 24 * 3600 * handprint_core::clock::MICROS_PER_SECOND;
    let row = state
        .db
        .create_api_key(caller.id(), &prefix, &hash, &label, now, ends)
        .await?;
    Ok(NewKey { key, row })
}

/// The caller's API keys, oldest first (never the keys themselves).
pub async fn keys(state: &AppState, caller: &Caller) -> AppResult<Vec<ApiKeyRow>> {
    Ok(state.db.api_keys(caller.id()).await?)
}

/// Revoke one of the caller's live keys; any other id is not found.
pub async fn revoke_key(state: &AppState, caller: &Caller, id: &str) -> AppResult<()> {
    if state
        .db
        .revoke_api_key(caller.id(), id, state.now())
        .await?
    {
        // This process stops accepting it at once; others within `key_cache::KEPT_MICROS`.
        state.key_cache.forget_user(caller.id());
        Ok(())
    } else {
        Err(AppError::NotFound(Msg::coded(
            "err-key-not-found",
            Vec::new(),
        )))
    }
}

// A password change. Problems name `/current_password` and `/new_password` (the page's
// fields are named alike). Plain comments: a doc comment would become the schema's
// description.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// Change the caller's password: the current one is checked as a sign-in (throttled,
/// counted), the new one as at sign-up. Every web session of the account but `keep`
/// (the one making the change, on the pages) ends; API keys stay (revoke them one by
/// one). Returns how many sessions ended.
pub async fn change_password(
    state: &AppState,
    caller: &Caller,
    attempt_from: Option<std::net::IpAddr>,
    change: &PasswordChange,
    keep: Option<&str>,
) -> AppResult<u64> {
    let new =
        Password::parse(&change.new_password).map_err(|m| AppError::field("/new_password", m))?;
    let attempt = Attempt::new(&caller.0.email, attempt_from);
    match check_password(state, &attempt, &change.current_password).await {
        Ok(_) => {}
        Err(AppError::Unauthorized(_)) => {
            return Err(AppError::field(
                "/current_password",
                Msg::coded("err-password-current-wrong", Vec::new()),
            ));
        }
        Err(e) => return Err(e),
    }
    let hash = hash_bounded(state, new.expose()).await?;
    state.db.set_password_hash(caller.id(), &hash).await?;
    Ok(state.db.end_user_sessions(caller.id(), keep).await?)
}

/// End every web session of the caller ("sign out everywhere"); API keys stay. Returns
/// how many ended.
pub async fn end_all_sessions(state: &AppState, caller: &Caller) -> AppResult<u64> {
    Ok(state.db.end_user_sessions(caller.id(), None).await?)
}
