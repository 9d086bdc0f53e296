//! Security headers on every response, and the limits that keep one client from
//! exhausting the server (issue 12, findings 7 and 13).
//!
//! The Content-Security-Policy is strict: scripts, styles and fetches from this site only,
//! no inline script or style (the pages have none: a browser test loads the main ones and
//! sees no violation), no framing (`frame-ancestors 'none'`, clickjacking). Item media
//! are the requester's own web addresses or `data:` media (see `web::task::media_url`),
//! so images, audio and video may come from any http(s) address.

use axum::Router;
use axum::http::HeaderValue;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy every response carries.
pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self'; img-src 'self' http: https: data:; media-src 'self' http: https: data:; \
    connect-src 'self'; font-src 'self'; manifest-src 'self'; form-action 'self'; \
    base-uri 'none'; frame-ancestors 'none'";

/// HSTS for a year, sent only when the instance says it is served over https
/// (`cookie_secure`): on plain http it would be ignored, and behind a proxy that
/// terminates TLS only the operator knows that every address is https.
pub const HSTS_VALUE: &str = "max-age=31536000; includeSubDomains";

/// Add the security headers to every response of `router` (a handler's own value wins).
pub fn with_headers<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    https_only: bool,
) -> Router<S> {
    let router = router
        .layer(SetResponseHeaderLayer::if_not_present(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // For browsers older than frame-ancestors.
        .layer(SetResponseHeaderLayer::if_not_present(
            X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        // Project and task addresses stay on this site; other sites see only the origin.
        .layer(SetResponseHeaderLayer::if_not_present(
            REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ));
    if https_only {
        router.layer(SetResponseHeaderLayer::if_not_present(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS_VALUE),
        ))
    } else {
        router
    }
}
