//! Results: progress, and every answer streamed as JSONL or CSV.

use crate::api::work::micros_to_seconds;
use crate::app::results as app;
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use crate::{AppError, AppState};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures::StreamExt;
use handprint_core::ProjectId;
use serde::{Deserialize, Serialize};

pub use crate::app::results::{AnswerRecord, ExportFormat, ReviewRecord};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/projects/{id}/progress", get(progress))
        .route("/api/v1/projects/{id}/answers", get(answers))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ProgressView {
    pub project_id: String,
    pub state: String,
    pub tasks: i64,
    /// Items that have collected `answers_per_task` answers.
    pub tasks_complete: i64,
    pub answers: i64,
    /// tasks × answers_per_task.
    pub answers_expected: i64,
    pub live_leases: i64,
    /// Distinct workers who have answered.
    pub workers: i64,
    /// Mean measured seconds per answer (null before the first answer).
    pub mean_seconds: Option<f64>,
    /// Share of items complete, 0 to 1.
    pub completion: f64,
}

/// Where the project stands.
#[utoipa::path(get, path = "/api/v1/projects/{id}/progress", responses((status = 200, body = ProgressView), (status = 404, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn progress(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
) -> ApiResult<Json<ProgressView>> {
    let app::ProjectProgress {
        project,
        progress: p,
    } = app::progress(&state, &caller, &id).await?;
    Ok(Json(ProgressView {
        project_id: project.id.to_string(),
        state: project.state.as_str().to_string(),
        tasks: p.tasks,
        tasks_complete: p.tasks_complete,
        answers: p.answers,
        answers_expected: p.tasks * project.answers_per_task,
        live_leases: p.live_leases,
        workers: p.workers,
        mean_seconds: (p.answers > 0).then(|| micros_to_seconds(p.working_micros / p.answers)),
        completion: if p.tasks == 0 {
            0.0
        } else {
            p.tasks_complete as f64 / p.tasks as f64
        },
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AnswersQuery {
    /// jsonl (default) or csv.
    pub format: Option<String>,
}

/// Every answer of the project, streamed.
#[utoipa::path(get, path = "/api/v1/projects/{id}/answers", params(AnswersQuery),
    responses((status = 200, description = "JSONL (application/x-ndjson) or CSV (text/csv) stream of answers", body = AnswerRecord)), security(("api_key" = [])))]
pub async fn answers(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
    Query(q): Query<AnswersQuery>,
) -> ApiResult<Response> {
    let format = ExportFormat::parse(q.format.as_deref())?;
    let export = app::export_answers(&state, &caller, &id, format).await?;
    Ok(export_response(export, state.db.clone()))
}

/// An answer export as a streamed download.
fn export_response(export: app::AnswerExport, db: handprint_store::Db) -> Response {
    let content_type = export.format.content_type();
    let disposition = format!("attachment; filename=\"{}\"", export.file_name());
    // Fused: the compression layer polls a body once more after its end (for trailers),
    // and a stream may panic when polled after it ended.
    let body = export
        .chunks(db)
        .map(|r: Result<_, AppError>| r.map_err(|e| std::io::Error::other(e.to_string())))
        .fuse();
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        Body::from_stream(body),
    )
        .into_response()
}
