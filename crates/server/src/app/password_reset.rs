//! Password reset by e-mail (issue 12, finding 14): ask for a link, then set a new
//! password with it. The API and the pages both come here.
//!
//! Asking answers alike whether or not the address has an account (nothing tells who
//! has one), is counted by the sign-in back-off per email and per client address (so
//! it cannot flood someone's mailbox), and sends the link beside the request. The link
//! holds 32 random bytes; only their SHA-256 is stored; it works once, for an hour on
//! the app clock, and a newer link replaces it. Using it sets the password (the same
//! rules as at sign-up) and ends every web session of the account, as "sign out
//! everywhere" does; API keys stay (revoke them one by one).

use crate::AppState;
use crate::app::{AppError, AppResult};
use crate::auth::{hash_bounded, hash_key};
use crate::mail::Letter;
use crate::throttle::Attempt;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use handprint_core::Msg;
use handprint_core::account::{Email, Password};
use handprint_core::clock::{MICROS_PER_SECOND, to_rfc3339};
use handprint_store::password_resets::ResetUse;
use rand::RngCore;
use serde::Deserialize;
use std::net::IpAddr;

/// How long a reset link works.
pub const RESET_MINUTES: i64 = 60;

// Asking for a reset link. The problem path is `/email`, as the form's field. Plain
// comments: a doc comment would become the schema's description.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetRequest {
    pub email: String,
}

// A new password set with a reset link. The problem path is `/password`.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPassword {
    pub password: String,
}

/// Whether this instance can send reset links (a relay is configured and it knows
/// where it is served, for the link).
pub fn available(state: &AppState) -> bool {
    state.mailer.is_on() && state.settings.public_url.is_some()
}

fn no_mail() -> AppError {
    AppError::Conflict(Msg::coded("err-reset-no-mail", Vec::new()))
}

/// Ask for a reset link for `req.email`, from `address`. Ok whether or not the email
/// has an account, in the same time: looking the account up, keeping the token and
/// sending the link happen beside the request ([`send_link`]), so neither the answer
/// nor its timing tells who has an account. The link is written in the account's
/// language, else in `language` (the asker's).
pub async fn request_reset(
    state: &AppState,
    req: &ResetRequest,
    address: Option<IpAddr>,
    language: &str,
) -> AppResult<()> {
    let Some(public_url) = state
        .settings
        .public_url
        .clone()
        .filter(|_| available(state))
    else {
        return Err(no_mail());
    };
    let email = Email::parse(&req.email).map_err(|m| AppError::field("/email", m))?;
    let attempt = Attempt::new(email.as_str(), address);
    let now = state.now();
    if let Some(seconds) = state.sign_in.locked(&attempt, now) {
        return Err(AppError::TooManyAttempts {
            message: Msg::coded("err-reset-throttled", vec![("count", seconds.to_string())]),
            retry_after: seconds,
        });
    }
    // Every request counts, whoever the address belongs to: a few links an hour, then
    // the back-off, for the email and for the address asking.
    state.sign_in.failed(&attempt, now);
    let link = LinkRequest {
        email,
        public_url,
        language: language.to_string(),
        now,
    };
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = send_link(&state, &link).await {
            // The whole cause (the relay's answer, a database error), never shown to anyone.
            let mut cause = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                cause.push_str(": ");
                cause.push_str(&s.to_string());
                source = s.source();
            }
            tracing::error!(error = %cause, "password reset link not sent");
        }
    });
    Ok(())
}

/// A reset link asked for, to send beside the request.
struct LinkRequest {
    email: Email,
    public_url: String,
    language: String,
    /// When it was asked for (the token's life starts then).
    now: handprint_core::Timestamp,
}

/// Keep a new token for the account with this email, if there is one, and mail it the
/// link. Nothing is sent to an address without an account.
async fn send_link(state: &AppState, asked: &LinkRequest) -> AppResult<()> {
    let Some(user) = state.db.user_by_email(asked.email.as_str()).await? else {
        return Ok(());
    };
    let token = new_token();
    let ends = asked.now + RESET_MINUTES * 60 * MICROS_PER_SECOND;
    state
        .db
        .create_password_reset(&user.id, &hash_key(&token), asked.now, ends)
        .await?;
    let language = state
        .db
        .user_language(&user.id)
        .await?
        .unwrap_or_else(|| asked.language.clone());
    let link = format!("{}/reset/{token}", asked.public_url.trim_end_matches('/'));
    let letter = Letter::PasswordReset {
        name: &user.name,
        link: &link,
        minutes: RESET_MINUTES,
    };
    state
        .mailer
        .send(&letter.write(&user.email, &language), asked.now)
        .await
        .map_err(AppError::internal)
}

/// 32 random bytes, URL-safe base64 (43 characters).
pub(crate) fn new_token() -> String {
    let mut secret = [0_u8; 32];
    rand::rng().fill_bytes(&mut secret);
    URL_SAFE_NO_PAD.encode(secret)
}

/// Refuse a token that cannot be used now: unknown (404), used or expired (409).
fn refusal(state: ResetUse) -> AppResult<handprint_core::UserId> {
    match state {
        ResetUse::Done(user) => Ok(user),
        ResetUse::Unknown => Err(AppError::NotFound(Msg::coded(
            "err-reset-unknown",
            Vec::new(),
        ))),
        ResetUse::Used(at) => Err(AppError::Conflict(Msg::coded(
            "err-reset-used",
            vec![("at", to_rfc3339(at))],
        ))),
        ResetUse::Expired(at) => Err(AppError::Conflict(Msg::coded(
            "err-reset-expired",
            vec![("at", to_rfc3339(at))],
        ))),
    }
}

/// Whether `token` may be used now (the reset page checks it before showing its form).
pub async fn check_reset_link(state: &AppState, token: &str) -> AppResult<()> {
    let found = state
        .db
        .password_reset_state(&hash_key(token), state.now())
        .await?;
    refusal(found).map(|_| ())
}

/// Set the account's password with a reset link's `token`; the token is used up and
/// every web session of the account ends. Returns how many ended.
pub async fn reset_password(state: &AppState, token: &str, req: &NewPassword) -> AppResult<u64> {
    let password = Password::parse(&req.password).map_err(|m| AppError::field("/password", m))?;
    // Refused before any hashing when the token cannot be used.
    check_reset_link(state, token).await?;
    let hash = hash_bounded(state, password.expose()).await?;
    let used = state
        .db
        .use_password_reset(&hash_key(token), &hash, state.now())
        .await?;
    let user_id = refusal(used)?;
    let user = state.db.user(&user_id).await?;
    // The account is proven by the mailbox: its sign-in failures are forgotten.
    state.sign_in.succeeded(&Attempt::new(&user.email, None));
    Ok(state.db.end_user_sessions(&user_id, None).await?)
}

/// Set an account's password from the command line (`handprint users set-password`),
/// for an instance that cannot send reset links: the same rules as a reset, and every
/// web session of the account ends. Returns how many ended.
pub async fn set_password(state: &AppState, email: &str, password: &str) -> AppResult<u64> {
    let email = Email::parse(email).map_err(|m| AppError::field("email", m))?;
    let password = Password::parse(password).map_err(|m| AppError::field("password", m))?;
    let Some(user) = state.db.user_by_email(email.as_str()).await? else {
        return Err(AppError::NotFound(Msg::coded(
            "err-set-password-no-account",
            vec![("email", email.to_string())],
        )));
    };
    let hash = hash_bounded(state, password.expose()).await?;
    state.db.set_password_hash(&user.id, &hash).await?;
    state.sign_in.succeeded(&Attempt::new(&user.email, None));
    Ok(state.db.end_user_sessions(&user.id, None).await?)
}
