//! Sign-in sessions and CSRF protection for the pages.
//!
//! The `hp_session` cookie carries 256 random bits; the database keeps only their
//! SHA-256 (`crates/store/src/sessions.rs`). The cookie is `HttpOnly`,
//! `SameSite=Lax`, and `Secure` when the instance says it is served over https
//! (`cookie_secure`) or the request came through a proxy saying so — decided per
//! request, which a session layer with one fixed setting (tower-sessions) could not do.
//!
//! Every form carries the session's synchronizer token (`_csrf`, checked by
//! `super::extract::CsrfForm` before the form is read); a visitor who has not signed in
//! has no session row (an anonymous GET writes nothing) and their token is derived from
//! their cookie instead. Besides, any
//! state-changing request that a browser marks as cross-site (`Sec-Fetch-Site`)
//! or that comes from a foreign `Origin` is refused before reaching a handler
//! (see [`super::guard_cross_site`]). Old phone browsers send neither header,
//! which is why the token is needed too.

use super::WebError;
use super::i18n::cookie;
use crate::AppState;
use crate::auth::hash_key;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use handprint_store::accounts::UserRow;
use handprint_store::sessions::SessionRow;
use rand::RngCore;

pub const SESSION_COOKIE: &str = "hp_session";
/// Where a suspended account is sent from every signed-in page.
pub const SUSPENDED_PAGE: &str = "/suspended";
/// A signed-in session ends when unused for `session_idle_minutes` (12 hours by default)
/// or `session_max_days` after sign-in (30), whichever comes first (`Settings::session`);
/// an anonymous visitor's cookie (forms only) lasts a day.
/// (The background jobs forget anonymous sessions older than this, whatever their end.)
pub const ANONYMOUS_SESSION_SECONDS: i64 = 24 * 3600;

fn random_token() -> String {
    let mut bytes = [0_u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether the request reached us over https.
pub fn is_https(headers: &HeaderMap) -> bool {
    let forwarded_proto = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    let forwarded = headers
        .get("forwarded")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("proto=https"));
    forwarded_proto || forwarded
}

fn cookie_header(token: &str, max_age: i64, https: bool) -> HeaderValue {
    let secure = if https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("hp_session=; Path=/; Max-Age=0"))
}

/// Whoever is asking: maybe a session, maybe a signed-in user.
#[derive(Clone, Debug, Default)]
pub struct Visitor {
    pub session: Option<SessionRow>,
    pub user: Option<UserRow>,
    pub https: bool,
    /// A signed-in worker's unread job alerts (the counter in the navigation).
    pub unread: i64,
    /// The cookie of a visitor with no session row: someone who opened a form (sign-in,
    /// sign-up) without signing in. No row is written for them — anonymous GETs would
    /// otherwise each take the database's write lock — and their form's CSRF token is
    /// derived from this cookie ([`anonymous_csrf`]).
    anonymous: Option<String>,
}

/// The CSRF token of an anonymous visitor's forms: a hash of their cookie, which only
/// their browser holds (`HttpOnly`, never sent cross-site with `SameSite=Lax` posts).
fn anonymous_csrf(cookie_token: &str) -> String {
    hash_key(&format!("csrf:{cookie_token}"))
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = WebError;

    /// Looked up once per request: a role extractor and `CsrfForm` both need it.
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        if let Some(known) = parts.extensions.get::<Visitor>() {
            return Ok(known.clone());
        }
        let visitor = Visitor::look_up(parts, state).await?;
        parts.extensions.insert(visitor.clone());
        Ok(visitor)
    }
}

impl Visitor {
    async fn look_up(parts: &Parts, state: &AppState) -> Result<Visitor, WebError> {
        let https = state.settings.cookie_secure || is_https(&parts.headers);
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Ok(Visitor {
                https,
                ..Visitor::default()
            });
        };
        let now = state.now();
        let found = state.db.session(&hash_key(&token), now).await?;
        Ok(match found {
            Some((mut session, user)) => {
                let policy = state.settings.session;
                if user.is_some()
                    && policy.worth_extending(session.expires_at, session.created_at, now)
                {
                    session.expires_at = policy.end(session.created_at, now);
                    state
                        .db
                        .extend_session(&session.id, session.expires_at)
                        .await?;
                }
                let unread = match &user {
                    Some(u) if u.role() == handprint_core::account::Role::Worker => {
                        state.db.unread_notifications(&u.id).await?
                    }
                    _ => 0,
                };
                Visitor {
                    session: Some(session),
                    user,
                    https,
                    unread,
                    anonymous: None,
                }
            }
            None => Visitor {
                https,
                anonymous: Some(token),
                ..Visitor::default()
            },
        })
    }
}

impl Visitor {
    /// The CSRF token for a form. A visitor with neither a session nor a cookie gets a
    /// new cookie (then it must be set on the response); nothing is written to the
    /// database until they sign in or up.
    pub async fn form_token(
        &mut self,
        _state: &AppState,
    ) -> Result<(String, Option<HeaderValue>), WebError> {
        if self.session.is_some() || self.anonymous.is_some() {
            return Ok((self.csrf(), None));
        }
        let token = random_token();
        let cookie = cookie_header(&token, ANONYMOUS_SESSION_SECONDS, self.https);
        self.anonymous = Some(token);
        Ok((self.csrf(), Some(cookie)))
    }

    /// The token of the current session, or of the anonymous visitor's cookie (empty
    /// without either: forms then fail the check).
    pub fn csrf(&self) -> String {
        match (&self.session, &self.anonymous) {
            (Some(s), _) => s.csrf_token.clone(),
            (None, Some(token)) => anonymous_csrf(token),
            (None, None) => String::new(),
        }
    }

    /// Refuse a form whose `_csrf` is not this session's token (`extract::CsrfForm`
    /// calls this for every urlencoded form; the multipart upload calls it itself).
    pub fn check_token(&self, sent: &str) -> Result<(), WebError> {
        let expected = self.csrf();
        if expected.is_empty() {
            return Err(WebError::Csrf);
        }
        if constant_time_eq(sent.as_bytes(), expected.as_bytes()) {
            Ok(())
        } else {
            Err(WebError::Csrf)
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Start a signed-in session for `user`, ending the visitor's previous one (so a
/// session id planted before sign-in is worth nothing after). Returns the cookie.
pub async fn sign_in(
    state: &AppState,
    visitor: &Visitor,
    user: &UserRow,
) -> Result<HeaderValue, WebError> {
    let now = state.now();
    if let Some(old) = &visitor.session {
        state.db.delete_session(&old.id).await?;
    }
    // Housekeeping where it costs nothing noticeable: sign-ins are rare.
    state.db.delete_expired_sessions(now).await?;
    let token = random_token();
    state
        .db
        .create_session(
            &hash_key(&token),
            Some(&user.id),
            &random_token(),
            now,
            state.settings.session.end(now, now),
        )
        .await?;
    // The browser may keep the cookie as long as the session could last; the server
    // decides when it has ended.
    Ok(cookie_header(
        &token,
        state.settings.session.max_seconds,
        visitor.https,
    ))
}

/// End the session; returns the cookie that clears it.
pub async fn sign_out(state: &AppState, visitor: &Visitor) -> Result<HeaderValue, WebError> {
    if let Some(s) = &visitor.session {
        state.db.delete_session(&s.id).await?;
    }
    Ok(cookie_header("", 0, visitor.https))
}

/// A signed-in visitor; anyone else is sent to the sign-in page and brought back.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub user: UserRow,
    pub visitor: Visitor,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let visitor = Visitor::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match visitor.user.clone() {
            // A suspended account sees its suspension, and nothing else, until it is
            // lifted (issue 16): the reason and the appeal are on `/suspended`.
            Some(user)
                if user.suspension_id.is_some()
                    && !parts.uri.path().starts_with(SUSPENDED_PAGE) =>
            {
                Err(Redirect::to(SUSPENDED_PAGE).into_response())
            }
            Some(user) => Ok(SignedIn { user, visitor }),
            None => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/");
                let target = if parts.method == axum::http::Method::GET {
                    format!("/signin?next={}", super::url_encode(next))
                } else {
                    "/signin".into()
                };
                Err(Redirect::to(&target).into_response())
            }
        }
    }
}

impl SignedIn {
    pub fn caller(&self) -> crate::auth::Caller {
        crate::auth::Caller(self.user.clone())
    }
}
