//! Handprints: the instance's public signing keys, and the check of a signed handprint
//! (both open to anyone, like the public records); the kept handprints of exports (a
//! published one to anyone, an unpublished one to its organisation only).

use crate::AppState;
use crate::app::handprints as app;
pub use crate::app::handprints::{HandprintView, KeyView, KeysView, SubjectView, VerifyView};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use handprint_core::HandprintId;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/.well-known/handprint-keys", get(keys))
        .route("/api/v1/handprints/verify", post(verify))
        .route("/api/v1/handprints", get(list))
        .route("/api/v1/handprints/{id}", get(read).patch(update))
}

/// The organisation's kept handprints (one per export made with one), newest first.
#[utoipa::path(get, path = "/api/v1/handprints",
    responses((status = 200, body = [HandprintView]), (status = 403, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<HandprintView>>> {
    let rows = app::of_organization(&state, &caller).await?;
    Ok(Json(
        rows.iter()
            .map(HandprintView::from_row)
            .collect::<Result<_, _>>()?,
    ))
}

/// A kept handprint: to anyone when published, else to its organisation only (404 for
/// others). No key needed for a published one.
#[utoipa::path(get, path = "/api/v1/handprints/{id}",
    responses((status = 200, body = HandprintView), (status = 404, body = crate::error::Problem)))]
pub async fn read(
    State(state): State<AppState>,
    caller: Option<Caller>,
    Path(id): Path<HandprintId>,
) -> ApiResult<Json<HandprintView>> {
    let viewer = caller.as_ref().and_then(|c| c.organization().ok());
    let row = app::visible(&state, viewer, &id).await?;
    Ok(Json(HandprintView::from_row(&row)?))
}

/// What may change in a kept handprint: whether it is published.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct HandprintUpdate {
    /// true: its page is public; false: its organisation's only (the signed file is
    /// the requester's either way).
    pub published: bool,
}

/// Publish one of the organisation's handprints, or keep it to the organisation.
#[utoipa::path(patch, path = "/api/v1/handprints/{id}", request_body = HandprintUpdate,
    responses((status = 200, body = HandprintView), (status = 404, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<HandprintId>,
    Json(update): Json<HandprintUpdate>,
) -> ApiResult<Json<HandprintView>> {
    let row = app::set_published(&state, &caller, &id, update.published).await?;
    Ok(Json(HandprintView::from_row(&row)?))
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
