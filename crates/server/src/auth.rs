//! Who is calling: API keys (`Authorization: Bearer hp_…`), HTTP Basic for
//! creating keys only, the client's address, and Argon2id password hashing (bounded
//! in number at once where a request asks for it).

use crate::throttle::Attempt;
use crate::{AppError, AppState};
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use handprint_core::account::Role;
use handprint_core::clock::to_rfc3339;
use handprint_core::{Msg, OrganizationId, UserId};
use handprint_store::accounts::UserRow;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::net::{IpAddr, SocketAddr};

/// An authenticated account.
#[derive(Debug, Clone)]
pub struct Caller(pub UserRow);

impl Caller {
    pub fn role(&self) -> Role {
        self.0.role()
    }
    pub fn id(&self) -> &UserId {
        &self.0.id
    }
    /// The caller's organisation, or 403 for accounts without one (workers).
    pub fn organization(&self) -> Result<&OrganizationId, AppError> {
        self.0
            .organization_id
            .as_ref()
            .ok_or_else(|| AppError::Forbidden(Msg::coded("err-requesters-only", Vec::new())))
    }
    pub fn require(&self, role: Role) -> Result<(), AppError> {
        if self.role() == role {
            Ok(())
        } else {
            Err(AppError::Forbidden(Msg::coded(
                "err-role-needed",
                vec![
                    ("needed", role.as_str().to_string()),
                    ("role", self.role().as_str().to_string()),
                ],
            )))
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    /// A suspended account is refused here, on every route but its own suspension's
    /// ([`Holder`]): 403 with the operator's reason.
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let user = key_owner(parts, state).await?;
        if let Some(suspension) = &user.suspension_id {
            return Err(crate::app::trust::suspended_refusal(state, suspension).await);
        }
        Ok(Caller(user))
    }
}

/// The account behind the request's key, suspended or not: for the holder's own
/// suspension and appeal (every other route takes [`Caller`]).
pub struct Holder(pub UserRow);

impl FromRequestParts<AppState> for Holder {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        key_owner(parts, state).await.map(Holder)
    }
}

/// The owner of the request's API key.
async fn key_owner(parts: &Parts, state: &AppState) -> Result<UserRow, AppError> {
    let header = parts
        .headers
        .get(AUTHORIZATION)
        .ok_or_else(|| AppError::Unauthorized(Msg::coded("err-auth-missing", Vec::new())))?
        .to_str()
        .map_err(|_| AppError::Unauthorized(Msg::coded("err-auth-unreadable", Vec::new())))?;
    if let Some(key) = header.strip_prefix("Bearer ") {
        let hash = hash_key(key.trim());
        let now = state.now();
        let owner = match state.key_cache.fresh(&hash, now) {
            Some(owner) => owner,
            None => {
                let owner = state.db.api_key_owner(&hash).await?.ok_or_else(|| {
                    AppError::Unauthorized(Msg::coded("err-auth-key-unknown", Vec::new()))
                })?;
                state.key_cache.keep(&hash, now, &owner);
                owner
            }
        };
        if let Some(end) = owner.key_expires_at
            && end <= now
        {
            return Err(AppError::Unauthorized(Msg::coded(
                "err-auth-key-expired",
                vec![("when", to_rfc3339(end))],
            )));
        }
        return Ok(owner.user);
    }
    // A password is checked only where a key is made: each check costs 19 MiB of
    // Argon2, and a key costs one (issue 12, finding 2).
    if header.starts_with("Basic ") {
        return Err(AppError::Unauthorized(Msg::coded(
            "err-auth-basic-here",
            Vec::new(),
        )));
    }
    Err(AppError::Unauthorized(Msg::coded(
        "err-auth-scheme",
        Vec::new(),
    )))
}

/// The client's address, for the sign-in back-off: the connection's peer, or, when
/// the instance says a proxy is trusted (`trusted_proxy`), the last address of
/// `X-Forwarded-For` (the one that proxy appended). None when neither is known.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        if !state.settings.sign_in.trust_forwarded_for {
            return Ok(ClientAddress(peer));
        }
        // The last entry only: what the trusted proxy appended (those before it are
        // the client's to write).
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .next_back()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|a| a.trim().parse::<IpAddr>().ok());
        Ok(ClientAddress(forwarded.or(peer)))
    }
}

/// A caller who proved their password with HTTP Basic (needed to create API keys),
/// through the sign-in back-off and the hashing bound (`app::accounts::check_password`).
pub struct PasswordCaller(pub UserRow);

impl FromRequestParts<AppState> for PasswordCaller {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .ok_or_else(|| {
                AppError::Unauthorized(Msg::coded("err-auth-basic-needed", Vec::new()))
            })?;
        let (email, password) = basic_credentials(header)?;
        let ClientAddress(address) = match ClientAddress::from_request_parts(parts, state).await {
            Ok(a) => a,
            Err(never) => match never {},
        };
        let attempt = Attempt::new(&email, address);
        let user = crate::app::accounts::check_password(state, &attempt, &password).await?;
        Ok(PasswordCaller(user))
    }
}

/// (email, password) of an HTTP Basic header.
fn basic_credentials(header: &str) -> Result<(String, String), AppError> {
    let encoded = header
        .strip_prefix("Basic ")
        .ok_or_else(|| AppError::Unauthorized(Msg::coded("err-auth-basic-needed", Vec::new())))?;
    let decoded = STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| AppError::Unauthorized(Msg::coded("err-auth-basic-base64", Vec::new())))?;
    let (email, password) = decoded
        .split_once(':')
        .ok_or_else(|| AppError::Unauthorized(Msg::coded("err-auth-basic-form", Vec::new())))?;
    Ok((email.to_string(), password.to_string()))
}

/// 503 when every hashing slot stayed taken for `hash_wait`.
fn busy() -> AppError {
    AppError::Busy {
        message: Msg::coded("err-signin-busy", Vec::new()),
        retry_after: 1,
    }
}

/// Check `password` against `stored` (None: an unknown email, checked against a dummy
/// hash so that the time taken does not tell which emails have accounts), holding one
/// of the instance's hashing slots (`max_concurrent_hashes`).
pub async fn verify_bounded(
    state: &AppState,
    password: &str,
    stored: Option<String>,
) -> Result<bool, AppError> {
    let _permit = state.sign_in.hashing_permit().await.ok_or_else(busy)?;
    match stored {
        Some(stored) => verify_password(password.to_string(), stored).await,
        None => {
            verify_against_dummy(password.to_string()).await?;
            Ok(false)
        }
    }
}

/// Hash a new password holding one of the instance's hashing slots.
pub async fn hash_bounded(state: &AppState, password: &str) -> Result<String, AppError> {
    let _permit = state.sign_in.hashing_permit().await.ok_or_else(busy)?;
    hash_password(password.to_string()).await
}

/// Verify `password` against a hash no password matches, made once per process with
/// the same Argon2 parameters as every account's.
async fn verify_against_dummy(password: String) -> Result<(), AppError> {
    static DUMMY: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    tokio::task::spawn_blocking(move || {
        let dummy = DUMMY.get_or_init(|| {
            let mut secret = [0_u8; 32];
            rand::rng().fill_bytes(&mut secret);
            Argon2::default()
                .hash_password(&secret)
                .map(|h| h.to_string())
                .ok()
        });
        if let Some(parsed) = dummy.as_deref().and_then(|d| PasswordHash::new(d).ok()) {
            let _ = Argon2::default().verify_password(password.as_bytes(), &parsed);
        }
    })
    .await
    .map_err(AppError::internal)
}

/// Hash a password with Argon2id (off the async threads: it is slow on purpose).
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("password hashing failed: {e}").into()))
    })
    .await
    .map_err(AppError::internal)?
}

/// Check a password against its stored hash.
pub async fn verify_password(password: String, stored: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&stored).map_err(|e| {
            AppError::Internal(format!("stored password hash unreadable: {e}").into())
        })?;
        Ok(Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await
    .map_err(AppError::internal)?
}

/// A fresh API key: (the key shown once, its public prefix, its stored hash).
pub fn new_api_key() -> (String, String, String) {
    let mut secret = [0_u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let mut prefix_bytes = [0_u8; 6];
    rand::rng().fill_bytes(&mut prefix_bytes);
    let prefix = hex::encode(prefix_bytes);
    let key = format!("hp_{prefix}_{}", URL_SAFE_NO_PAD.encode(secret));
    let hash = hash_key(&key);
    (key, prefix, hash)
}

/// API keys carry 256 bits of entropy, so a fast hash is the right one.
pub fn hash_key(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// A worker's stable pseudonym within one project: never their id or email.
pub fn pseudonym(project_salt: &str, worker_id: &UserId) -> String {
    let digest = Sha256::digest(format!("{project_salt}:{worker_id}").as_bytes());
    format!("w-{}", &hex::encode(digest)[..12])
}

/// The caller when the request carries credentials, None when it carries none (routes
/// open to anyone that show more to some). Wrong credentials are still refused.
impl axum::extract::OptionalFromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Self::Rejection> {
        if parts.headers.contains_key(AUTHORIZATION) {
            <Caller as FromRequestParts<AppState>>::from_request_parts(parts, state)
                .await
                .map(Some)
        } else {
            Ok(None)
        }
    }
}
