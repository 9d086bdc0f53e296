//! A project's bucket sources (`crate::app::media_sources`): registering an
//! S3-compatible bucket prefix whose objects items name as "SOURCE:key", listing the
//! sources (never their secret keys) and removing one.

use crate::AppState;
use crate::app::media_sources::{self as app, NewSource, SourceView};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use handprint_core::ProjectId;
use serde::Serialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/projects/{id}/media/sources",
            get(list).post(register),
        )
        .route("/api/v1/projects/{id}/media/sources/{name}", delete(remove))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SourceList {
    pub sources: Vec<SourceView>,
}

/// Register an S3-compatible bucket prefix for the project: items then name its
/// objects as "SOURCE:key", and workers get them through this instance's signed URLs.
/// The prefix is listed once with the credentials given: 422 naming `/endpoint` when
/// that fails (unreachable server, unknown bucket, refused credentials), 409 when the
/// project has a source of that name. The secret key is stored sealed, never returned.
#[utoipa::path(post, path = "/api/v1/projects/{id}/media/sources", request_body = NewSource,
    responses((status = 201, body = SourceView), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem), (status = 404, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn register(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
    Json(input): Json<NewSource>,
) -> ApiResult<(StatusCode, Json<SourceView>)> {
    let view = app::register(&state, &caller, &id, input).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// The project's bucket sources, by name (without their secret keys).
#[utoipa::path(get, path = "/api/v1/projects/{id}/media/sources",
    responses((status = 200, body = SourceList), (status = 404, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
) -> ApiResult<Json<SourceList>> {
    Ok(Json(SourceList {
        sources: app::list(&state, &caller, &id).await?,
    }))
}

/// Remove a bucket source and its credentials; items naming it are then shown to
/// workers as unavailable media.
#[utoipa::path(delete, path = "/api/v1/projects/{id}/media/sources/{name}",
    responses((status = 204), (status = 404, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, name)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    app::remove(&state, &caller, &ProjectId::from(id), &name).await?;
    Ok(StatusCode::NO_CONTENT)
}
