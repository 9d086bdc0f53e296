//! Who is calling: API keys (`Authorization: Bearer hp_…`), HTTP Basic for
//! creating keys, and Argon2id password hashing.

use crate::{AppError, AppState};
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use handprint_core::account::Role;
use handprint_core::{Msg, OrganizationId, UserId};
use handprint_store::accounts::UserRow;
use rand::RngCore;
use sha2::{Digest, Sha256};

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

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or_else(|| AppError::Unauthorized(Msg::coded("err-auth-missing", Vec::new())))?
            .to_str()
            .map_err(|_| AppError::Unauthorized(Msg::coded("err-auth-unreadable", Vec::new())))?;
        if let Some(key) = header.strip_prefix("Bearer ") {
            let user = state
                .db
                .user_by_api_key_hash(&hash_key(key.trim()))
                .await?
                .ok_or_else(|| {
                    AppError::Unauthorized(Msg::coded("err-auth-key-unknown", Vec::new()))
                })?;
            return Ok(Caller(user));
        }
        if header.starts_with("Basic ") {
            return Ok(Caller(basic_user(header, state).await?));
        }
        Err(AppError::Unauthorized(Msg::coded(
            "err-auth-scheme",
            Vec::new(),
        )))
    }
}

/// A caller who proved their password with HTTP Basic (needed to create API keys).
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
        Ok(PasswordCaller(basic_user(header, state).await?))
    }
}

async fn basic_user(header: &str, state: &AppState) -> Result<UserRow, AppError> {
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
    let wrong = || AppError::Unauthorized(Msg::coded("err-auth-wrong", Vec::new()));
    let Some(user) = state.db.user_by_email(&email.trim().to_lowercase()).await? else {
        // The same Argon2 work as for a known email, so the time taken does not tell
        // which emails have accounts (issue 12, finding 12).
        verify_against_dummy(password.to_string()).await?;
        return Err(wrong());
    };
    if verify_password(password.to_string(), user.password_hash.clone()).await? {
        Ok(user)
    } else {
        Err(wrong())
    }
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
