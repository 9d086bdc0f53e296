//! A worker's settings as one JSON object: `GET`/`PUT /api/v1/me/settings`. The rules
//! are `app::settings`'s.

use crate::AppState;
use crate::app::settings::{self as app, SettingsInput, WorkerSettings};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use axum::Router;
use axum::extract::State;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/me/settings", get(read).put(replace))
}

/// The calling worker's settings: sensitive categories opted in to, languages, alerts,
/// and the categories this instance knows.
#[utoipa::path(get, path = "/api/v1/me/settings",
    responses((status = 200, body = WorkerSettings), (status = 403, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn read(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<WorkerSettings>> {
    Ok(Json(app::get(&state, &caller).await?))
}

/// Change the calling worker's settings: each field given replaces that setting. An
/// unknown sensitive category is a 422 naming it and listing the known ones.
#[utoipa::path(put, path = "/api/v1/me/settings", request_body = SettingsInput,
    responses((status = 200, body = WorkerSettings), (status = 403, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn replace(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<SettingsInput>,
) -> ApiResult<Json<WorkerSettings>> {
    Ok(Json(app::put(&state, &caller, &input).await?))
}
