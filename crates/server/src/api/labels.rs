//! Aggregated labels: every item's answers turned into one label with a
//! confidence, recomputed on demand (the aggregation library handles millions
//! of answers in seconds).

use crate::AppState;
pub use crate::app::results::LabelsView;
use crate::app::results::{self as app, LabelFormat, Labels, LabelsAsked, encode_labels};
use crate::auth::Caller;
use crate::error::ApiResult;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use handprint_core::ProjectId;
use serde::Deserialize;

pub use crate::app::results::LabelRecord;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/projects/{id}/labels", get(labels))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct LabelsQuery {
    /// mv (default for choices and ratings), wawa, zbs, gold-mv, ds, onecoin-ds, glad, mace;
    /// median (ratings); rover (texts, the default there); boxes (bounding boxes, the default there);
    /// spans (text spans, the only one there: a token-level vote); segments (audio and video
    /// segments, the only one there: a 10 ms frame vote fusing the workers' segments);
    /// bt (pairwise comparisons, the only one there: Bradley–Terry, with the options' `ranking`);
    /// polygons (polygons: the best-agreeing worker's set by mask IoU); keypoints (keypoints:
    /// each point's median place, visibility by majority).
    pub method: Option<String>,
    /// json (default), jsonl or csv.
    pub format: Option<String>,
}

/// The project's aggregated labels.
#[utoipa::path(get, path = "/api/v1/projects/{id}/labels", params(LabelsQuery),
    responses((status = 200, body = LabelsView), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn labels(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
    Query(q): Query<LabelsQuery>,
) -> ApiResult<Response> {
    let asked = LabelsAsked {
        method: q.method,
        format: q.format,
    };
    let labels = app::labels(&state, &caller, &id, &asked).await?;
    Ok(labels_response(labels))
}

/// Labels in the format asked for: a JSON document, or a JSONL or CSV body.
fn labels_response(labels: Labels) -> Response {
    match labels.format {
        LabelFormat::File(format) => (
            [(header::CONTENT_TYPE, format.content_type())],
            encode_labels(format, &labels.labels),
        )
            .into_response(),
        LabelFormat::Json => axum::Json(LabelsView::from(labels)).into_response(),
    }
}
