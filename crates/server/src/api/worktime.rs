//! Pay per hour including unpaid time (issue 16): the calling worker's, and a requester
//! organisation's (public, beside its record). What is counted is `app::worktime`'s.

use crate::AppState;
use crate::app::worktime::{self as app, WorktimeView};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use handprint_core::OrganizationId;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/me/worktime", get(mine))
        .route("/api/v1/organizations/{id}/worktime", get(of_org))
}

/// The calling worker's time (task, unanswered leases, tests, searching) and pay per
/// hour of task time and including unpaid time.
#[utoipa::path(get, path = "/api/v1/me/worktime",
    responses((status = 200, body = WorktimeView), (status = 403, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn mine(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<WorktimeView>> {
    Ok(Json(app::mine(&state, &caller).await?))
}

/// An organisation's pay per hour including the unpaid time of the workers who worked
/// for it; public, like its record.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/worktime",
    params(("id" = String, Path, description = "The organisation's id")),
    responses((status = 200, body = WorktimeView), (status = 404, body = crate::error::Problem)))]
pub async fn of_org(
    State(state): State<AppState>,
    Path(id): Path<OrganizationId>,
) -> ApiResult<Json<WorktimeView>> {
    Ok(Json(app::of_org(&state, &id).await?))
}
