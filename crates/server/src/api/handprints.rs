//! Handprints: the instance's public signing keys, and the check of a signed handprint.
//! Both open to anyone, like the public records.

use crate::AppState;
pub use crate::app::handprints::{KeyView, KeysView, SubjectView, VerifyView};
use crate::error::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/.well-known/handprint-keys", get(keys))
        .route("/api/v1/handprints/verify", post(verify))
}

#[utoipa::path(get, path = "/.well-known/handprint-keys",
    responses((status = 200, body = KeysView)))]
pub async fn keys(State(state): State<AppState>) -> Json<KeysView> {
    Json(crate::app::handprints::keys(&state))
}

/// The body is the DSSE envelope (`handprint.dsse.json`). 200 either way: `valid`
/// says whether this instance signed it unchanged, `reason` why not.
#[utoipa::path(post, path = "/api/v1/handprints/verify",
    request_body(content = Object, content_type = "application/json"),
    responses((status = 200, body = VerifyView)))]
pub async fn verify(State(state): State<AppState>, body: Bytes) -> Json<VerifyView> {
    Json(crate::app::handprints::verify(&state, &body))
}
