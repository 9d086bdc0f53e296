//! An organisation's worker lists (include, block), by pseudonym, each change with a
//! reason. The rules are `app::worker_lists`'s.

use crate::AppState;
use crate::app::worker_lists::{self as app, ListInput, UnlistInput};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use handprint_core::clock::to_rfc3339;
use handprint_store::worker_lists::ListedRow;
use serde::Serialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/worker-lists", get(list))
        .route("/api/v1/worker-lists/{worker}", put(set).delete(remove))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ListedView {
    /// The pseudonym the worker was listed by.
    pub worker: String,
    /// "include" or "block".
    pub list: String,
    pub reason: String,
    pub at: String,
}

fn view(row: ListedRow) -> ListedView {
    ListedView {
        worker: row.named_as,
        list: row.list.as_str().to_string(),
        reason: row.reason,
        at: to_rfc3339(row.at),
    }
}

/// The organisation's included and blocked workers, newest first.
#[utoipa::path(get, path = "/api/v1/worker-lists", responses((status = 200, body = [ListedView]), (status = 403, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<ListedView>>> {
    let rows = app::list(&state, &caller).await?;
    Ok(Json(rows.into_iter().map(view).collect()))
}

/// Put a worker (the pseudonym of the organisation's exports) on the include or the
/// block list, with a written reason: a block keeps them out of every project of the
/// organisation; "include" admits them to projects open to listed workers only.
#[utoipa::path(put, path = "/api/v1/worker-lists/{worker}", request_body = ListInput,
    responses((status = 200, body = ListedView), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn set(
    State(state): State<AppState>,
    caller: Caller,
    Path(worker): Path<String>,
    Json(input): Json<ListInput>,
) -> ApiResult<Json<ListedView>> {
    Ok(Json(view(
        app::put(&state, &caller, &worker, &input).await?,
    )))
}

/// Take a worker off the lists, with a written reason (`{"reason": "…"}`).
#[utoipa::path(delete, path = "/api/v1/worker-lists/{worker}", request_body = UnlistInput,
    responses((status = 204), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(worker): Path<String>,
    Json(input): Json<UnlistInput>,
) -> ApiResult<StatusCode> {
    app::remove(&state, &caller, &worker, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}
