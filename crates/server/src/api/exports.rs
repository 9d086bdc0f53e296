//! Exports with their handprint, as a zip download: the data (answers or labels, JSONL
//! or CSV), `croissant.json` and the signed `handprint.dsse.json`. The work is
//! `app::exports`', the CLI's too.

use crate::AppError;
use crate::AppState;
use crate::app::exports::{self as app, DataFormat, ExportAsked};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use handprint_core::{Msg, ProjectId};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/projects/{id}/exports", post(export))
}

/// What to export.
#[derive(Deserialize, utoipa::ToSchema, Default)]
pub struct ExportRequest {
    /// jsonl (default), csv, parquet or hf (the Hugging Face datasets layout: Parquet
    /// files under data/ and a README.md dataset card) or coco (bounding-box projects: the
    /// boxes aggregated with `boxes` as COCO object detection; polygon projects: the polygons
    /// chosen with `polygons` as COCO segmentation; keypoint projects: the points fused with
    /// `keypoints` as COCO keypoints) or yolo (the same boxes as
    /// YOLO label files; the items need image_width and image_height) or preferences
    /// (pairwise projects: preferences.jsonl, one {prompt, chosen, rejected} record per
    /// answer that prefers a side, as TRL's DPO and reward trainers read it).
    pub format: Option<String>,
    /// Aggregated labels with this method (mv, wawa, zbs, gold-mv, ds, onecoin-ds, glad,
    /// mace, median, rover, boxes, bt, polygons, keypoints) instead of the answers.
    pub labels: Option<String>,
    /// Sign a handprint and describe the data in `croissant.json` (default true).
    pub handprint: Option<bool>,
    /// Whether the handprint's page is public (default true); false keeps it to the
    /// organisation. Change it later with `PATCH /api/v1/handprints/{id}`.
    pub publish: Option<bool>,
}

impl ExportRequest {
    /// The request as checked: a format offered, a method named plainly.
    pub fn parse(self) -> ApiResult<ExportAsked> {
        let asked = self.format.as_deref().unwrap_or("jsonl");
        let Some(format) = DataFormat::parse(asked) else {
            return Err(not_offered(
                "format",
                asked,
                "jsonl, csv, parquet, hf, coco, yolo or preferences",
            ));
        };
        if let Some(method) = &self.labels
            && !method
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(not_offered(
                "labels",
                method,
                "mv, wawa, zbs, gold-mv, ds, onecoin-ds, glad, mace, median, rover, boxes, bt, polygons or keypoints",
            ));
        }
        Ok(ExportAsked {
            format,
            labels: self.labels,
            handprint: self.handprint.unwrap_or(true),
            publish: self.publish.unwrap_or(true),
        })
    }
}

fn not_offered(field: &str, value: &str, choices: &str) -> AppError {
    AppError::field(
        &format!("/{field}"),
        Msg::coded(
            "err-not-offered",
            vec![
                ("param", field.to_string()),
                ("value", value.to_string()),
                ("choices", choices.to_string()),
            ],
        ),
    )
}

/// The project's export as a zip: the data file, and with a handprint `croissant.json`
/// and `handprint.dsse.json` (check it with `handprint verify export.zip`). The kept
/// handprint's id is in the `Handprint-Id` header; its page is `/handprints/{id}`.
#[utoipa::path(post, path = "/api/v1/projects/{id}/exports", request_body = ExportRequest,
    responses((status = 200, description = "application/zip: the export", content_type = "application/zip"),
        (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
    Json(request): Json<ExportRequest>,
) -> ApiResult<Response> {
    let asked = request.parse()?;
    let download = app::download(&state, &caller, &id, &asked)
        .await
        .map_err(labels_field)?;
    Ok(download.into_response())
}

/// A method the labels cannot use is a problem with the body's `labels`.
pub fn labels_field(e: AppError) -> AppError {
    match e {
        AppError::Invalid {
            title,
            mut problems,
        } => {
            for p in &mut problems {
                if p.path == "/method" {
                    p.path = "/labels".into();
                }
            }
            AppError::Invalid { title, problems }
        }
        other => other,
    }
}
