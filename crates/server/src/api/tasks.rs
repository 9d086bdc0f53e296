//! Task upload: JSON array, JSONL or CSV, streamed in batches of any size
//! (the import itself is `crate::app::tasks`; this counts the body's bytes).

use crate::app::tasks as app;
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use crate::{AppError, AppState};
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::HeaderMap;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::routing::post;
use futures::StreamExt;
use handprint_core::Msg;
use handprint_core::ProjectId;
use tokio_util::io::{StreamReader, SyncIoBridge};

pub use crate::app::tasks::{FormatHint, ImportReport, RowErrorView};

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/api/v1/projects/{id}/tasks",
        // The handler counts the bytes itself, so the limit is reported as a problem document.
        post(import).layer(DefaultBodyLimit::disable()),
    )
}

/// Upload tasks to a project. Body: a JSON array, JSONL, or CSV with a header
/// (format from Content-Type, else sniffed). Reserved fields: `external_id`, `known_answer`.
#[utoipa::path(post, path = "/api/v1/projects/{id}/tasks",
    request_body(content = String, description = "JSON array, JSONL or CSV", content_type = "text/csv"),
    responses((status = 200, body = ImportReport), (status = 402, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 413, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn import(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Json<ImportReport>> {
    let project = app::importable_project(&state, &caller, &id).await?;
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let max = state.settings.max_import_bytes;
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large(max, 0));
    }
    let mut seen = 0_usize;
    let limited = body.into_data_stream().map(move |chunk| {
        let chunk = chunk.map_err(std::io::Error::other)?;
        seen += chunk.len();
        if seen > max {
            return Err(std::io::Error::other(LIMIT_EXCEEDED));
        }
        Ok(chunk)
    });
    let reader = SyncIoBridge::new(StreamReader::new(limited));
    let hint = FormatHint {
        content_type,
        file_name: None,
    };
    let (report, outcome) = app::import(&state, &project, reader, hint).await?;
    match outcome {
        Ok(()) => Ok(Json(report)),
        Err(e) if e.to_string() == LIMIT_EXCEEDED => Err(too_large(max, report.created)),
        Err(e) => Err(AppError::BadRequest(Msg::coded(
            "err-upload-unreadable",
            vec![
                ("stored", report.created.to_string()),
                ("why", e.to_string()),
            ],
        ))),
    }
}

const LIMIT_EXCEEDED: &str = "upload size limit exceeded";

fn too_large(max: usize, stored: u64) -> AppError {
    AppError::TooLarge(Msg::coded(
        "err-upload-too-large",
        vec![("max", max.to_string()), ("stored", stored.to_string())],
    ))
}
