//! Aggregated labels: every item's answers turned into one label with a
//! confidence, recomputed on demand (the aggregation library handles millions
//! of answers in seconds).

use crate::AppState;
use crate::app::results::{self as app, LabelFormat, Labels, LabelsAsked, encode_labels};
use crate::auth::Caller;
use crate::error::ApiResult;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use handprint_core::ProjectId;
use serde::{Deserialize, Serialize};

pub use crate::app::results::LabelRecord;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/projects/{id}/labels", get(labels))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct LabelsQuery {
    /// mv (default for choices and ratings), wawa, zbs, gold-mv, ds, onecoin-ds, glad, mace;
    /// median (ratings); rover (texts, the default there); boxes (bounding boxes, the default there).
    pub method: Option<String>,
    /// json (default), jsonl or csv.
    pub format: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LabelsView {
    pub project_id: String,
    pub method: String,
    pub tasks: usize,
    pub labels: Vec<LabelRecord>,
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

impl From<Labels> for LabelsView {
    fn from(labels: Labels) -> Self {
        LabelsView {
            project_id: labels.project.id.into_string(),
            method: labels.method,
            tasks: labels.labels.len(),
            labels: labels.labels,
        }
    }
}
