//! A requester organisation's public record (pay per hour, rejections, time to pay,
//! disputes), for anyone choosing work: no authentication, read-only, and no worker
//! appears in it. The figures and their definitions are `handprint_store::record`'s.

use crate::AppState;
pub use crate::app::record::RecordView;
use crate::app::record::{self, record_view};
use crate::error::{ApiResult, Json};
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use handprint_core::OrganizationId;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/organizations/{id}/record", get(read))
}

#[utoipa::path(get, path = "/api/v1/organizations/{id}/record",
    params(("id" = String, Path, description = "The organisation's id (the find-work page links to it)")),
    responses((status = 200, body = RecordView), (status = 404, body = crate::error::Problem)))]
pub async fn read(
    State(state): State<AppState>,
    Path(id): Path<OrganizationId>,
) -> ApiResult<Json<RecordView>> {
    let found = record::read(&state, &id).await?;
    Ok(Json(record_view(&state, found)?))
}
