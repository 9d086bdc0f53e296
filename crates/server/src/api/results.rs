//! Results: progress, and every answer streamed as JSONL or CSV.

use crate::api::work::micros_to_seconds;
use crate::app::access::owned_project;
use crate::auth::{Caller, pseudonym};
use crate::error::{ApiResult, Json};
use crate::{AppError, AppState};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures::Stream;
use handprint_core::clock::to_rfc3339;
use handprint_store::Db;
use handprint_store::projects::ProjectRow;
use handprint_store::results::AnswerRow;
use serde::{Deserialize, Serialize};

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
    Path(id): Path<String>,
) -> ApiResult<Json<ProgressView>> {
    let project = owned_project(&state, &caller, &id).await?;
    let p = state
        .db
        .progress(&project.id, project.answers_per_task, state.now())
        .await?;
    Ok(Json(ProgressView {
        project_id: project.id.clone(),
        state: project.state.clone(),
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

/// One answer as exported: the worker appears only by their per-project pseudonym.
#[derive(Serialize, Deserialize, utoipa::ToSchema, Debug, Clone, PartialEq)]
pub struct AnswerRecord {
    pub assignment_id: String,
    pub task_id: String,
    pub external_id: Option<String>,
    /// Stable within the project, never the account id or email.
    pub worker: String,
    #[schema(value_type = Object)]
    pub answer: serde_json::Value,
    /// Working time measured by the server, from lease to submission.
    pub seconds: f64,
    pub leased_at: String,
    pub submitted_at: String,
    /// Where the answer's review stands.
    #[serde(default)]
    pub review: ReviewRecord,
    /// The item's data as imported (without `external_id` and `known_answer`).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub item: serde_json::Value,
}

/// An answer's review as exported.
#[derive(Serialize, Deserialize, utoipa::ToSchema, Debug, Clone, PartialEq, Default)]
pub struct ReviewRecord {
    /// pending, approved, rejected (still disputable), rejection_final or overturned.
    pub state: String,
    /// The listed reason (e.g. `instructions_not_followed`) while the answer stands
    /// rejected; null otherwise.
    pub reason: Option<String>,
}

impl AnswerRecord {
    /// The exported form of a stored answer; `salt` is the project's pseudonym salt.
    pub fn from_row(salt: &str, r: AnswerRow) -> AnswerRecord {
        let state = r.review_state.unwrap_or_else(|| "pending".into());
        let rejected = matches!(state.as_str(), "rejected" | "rejection_final");
        AnswerRecord {
            worker: pseudonym(salt, &r.worker_id),
            answer: serde_json::from_str(&r.answer).unwrap_or(serde_json::Value::Null),
            seconds: micros_to_seconds(r.working_micros),
            leased_at: to_rfc3339(r.leased_at),
            submitted_at: to_rfc3339(r.submitted_at),
            review: ReviewRecord {
                reason: r.rejection_reason.filter(|_| rejected),
                state,
            },
            item: serde_json::from_str(&r.data).unwrap_or(serde_json::Value::Null),
            assignment_id: r.assignment_id,
            task_id: r.task_id,
            external_id: r.external_id,
        }
    }
}

/// Export formats.
#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    #[default]
    Jsonl,
    Csv,
}

const PAGE: i64 = 2000;

/// Every answer of a project, page by page, in a stable order.
pub fn answer_pages(
    db: Db,
    project: ProjectRow,
) -> impl Stream<Item = Result<Vec<AnswerRecord>, AppError>> {
    futures::stream::try_unfold(Some(String::new()), move |after| {
        let db = db.clone();
        let project = project.clone();
        async move {
            let Some(after) = after else { return Ok(None) };
            let rows = db.answers_page(&project.id, &after, PAGE).await?;
            if rows.is_empty() {
                return Ok(None);
            }
            let next =
                (rows.len() as i64 == PAGE).then(|| rows[rows.len() - 1].assignment_id.clone());
            let records = rows
                .into_iter()
                .map(|r| AnswerRecord::from_row(&project.pseudonym_salt, r))
                .collect();
            Ok(Some((records, next)))
        }
    })
}

/// The columns every CSV export has, before the item's data fields.
const CSV_COLUMNS: [&str; 10] = [
    "assignment_id",
    "task_id",
    "external_id",
    "worker",
    "answer",
    "seconds",
    "leased_at",
    "submitted_at",
    "review_state",
    "rejection_reason",
];

/// The data fields of a project's items (the keys of every item's data), in
/// alphabetical order: the CSV has one `item.<field>` column for each.
pub async fn item_fields(db: &Db, project_id: &str) -> Result<Vec<String>, AppError> {
    let mut fields = std::collections::BTreeSet::new();
    let mut after: Option<String> = None;
    loop {
        let tasks = db.tasks_page(project_id, after.as_deref(), PAGE).await?;
        for task in &tasks {
            if let Ok(serde_json::Value::Object(data)) = serde_json::from_str(&task.data) {
                fields.extend(data.keys().cloned());
            }
        }
        match tasks.last() {
            Some(last) if tasks.len() as i64 == PAGE => after = Some(last.id.clone()),
            _ => return Ok(fields.into_iter().collect()),
        }
    }
}

/// The CSV header line for a project whose items have these data fields.
pub fn csv_header(item_fields: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut w = csv::Writer::from_writer(&mut out);
    let items = item_fields.iter().map(|f| format!("item.{f}"));
    let columns: Vec<String> = CSV_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .chain(items)
        .collect();
    let _ = w.write_record(&columns);
    let _ = w.flush();
    drop(w);
    out
}

/// A JSON value as one CSV cell: text as it is, null and absent as empty, others as JSON.
fn cell(value: Option<&serde_json::Value>) -> String {
    match value {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Encode one page in the export format; CSV rows have one cell per `item_fields`.
pub fn encode_page(
    format: ExportFormat,
    item_fields: &[String],
    records: &[AnswerRecord],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(records.len() * 200);
    match format {
        ExportFormat::Jsonl => {
            for r in records {
                if serde_json::to_writer(&mut out, r).is_ok() {
                    out.push(b'\n');
                }
            }
        }
        ExportFormat::Csv => {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(&mut out);
            for r in records {
                let mut row = vec![
                    r.assignment_id.clone(),
                    r.task_id.clone(),
                    r.external_id.clone().unwrap_or_default(),
                    r.worker.clone(),
                    cell(Some(&r.answer)),
                    r.seconds.to_string(),
                    r.leased_at.clone(),
                    r.submitted_at.clone(),
                    r.review.state.clone(),
                    r.review.reason.clone().unwrap_or_default(),
                ];
                row.extend(item_fields.iter().map(|f| cell(r.item.get(f))));
                let _ = w.write_record(&row);
            }
            let _ = w.flush();
            drop(w);
        }
    }
    out
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
    Path(id): Path<String>,
    Query(q): Query<AnswersQuery>,
) -> ApiResult<Response> {
    let format = match q.format.as_deref().unwrap_or("jsonl") {
        "jsonl" | "ndjson" => ExportFormat::Jsonl,
        "csv" => ExportFormat::Csv,
        other => {
            return Err(AppError::not_offered("format", other, "jsonl or csv"));
        }
    };
    let project = owned_project(&state, &caller, &id).await?;
    let (content_type, ext) = match format {
        ExportFormat::Jsonl => ("application/x-ndjson", "jsonl"),
        ExportFormat::Csv => ("text/csv; charset=utf-8", "csv"),
    };
    let filename = format!("answers-{}.{ext}", project.id);
    let fields = match format {
        ExportFormat::Csv => item_fields(&state.db, &project.id).await?,
        ExportFormat::Jsonl => Vec::new(),
    };
    let header_chunk = match format {
        ExportFormat::Csv => Some(Ok::<_, AppError>(bytes::Bytes::from(csv_header(&fields)))),
        ExportFormat::Jsonl => None,
    };
    use futures::StreamExt;
    let body = futures::stream::iter(header_chunk).chain(
        answer_pages(state.db.clone(), project).map(move |page| {
            page.map(|records| bytes::Bytes::from(encode_page(format, &fields, &records)))
        }),
    );
    // Fused: the compression layer polls a body once more after its end (for trailers),
    // and a stream may panic when polled after it ended.
    let body = body
        .map(|r| r.map_err(|e| std::io::Error::other(e.to_string())))
        .fuse();
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        Body::from_stream(body),
    )
        .into_response())
}
