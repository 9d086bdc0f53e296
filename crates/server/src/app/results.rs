//! Results: where a project stands, its answers (read page by page, exported as
//! JSONL or CSV) and its aggregated labels. The API's `…/progress`, `…/answers`
//! and `…/labels`, the answers page, the monitor and the CLI's `export` read here.

mod aggregate;
mod pairwise;

pub use aggregate::{LabelRecord, LabelsFeed, aggregate, encode_labels};
pub use pairwise::RankedOption;

use crate::app::AppResult;
use crate::app::access::owned_project;
use crate::auth::{Caller, pseudonym};
use crate::{AppError, AppState};
use futures::{Stream, StreamExt, TryStreamExt};
use handprint_core::Msg;
use handprint_core::clock::to_rfc3339;
use handprint_core::spreadsheet::safe_record;
use handprint_core::template::Template;
use handprint_core::{AssignmentId, ProjectId, TaskId};
use handprint_store::Db;
use handprint_store::projects::ProjectRow;
use handprint_store::results::{AnswerRow, Progress};
use handprint_store::tasks::TaskRow;
use serde::{Deserialize, Serialize};

/// Measured microseconds as seconds, to the millisecond.
fn micros_to_seconds(micros: i64) -> f64 {
    (micros / 1_000) as f64 / 1_000.0
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
            assignment_id: r.assignment_id.into_string(),
            task_id: r.task_id.into_string(),
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
    // The first page is after the empty id.
    futures::stream::try_unfold(Some(AssignmentId::default()), move |after| {
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
pub async fn item_fields(db: &Db, project_id: &ProjectId) -> Result<Vec<String>, AppError> {
    let mut fields = std::collections::BTreeSet::new();
    let mut after: Option<TaskId> = None;
    loop {
        let tasks = db.tasks_page(project_id, after.as_ref(), PAGE).await?;
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
pub(crate) fn cell(value: Option<&serde_json::Value>) -> String {
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
                let _ = w.write_record(safe_record(row.iter().map(String::as_str)));
            }
            let _ = w.flush();
            drop(w);
        }
    }
    out
}

impl ExportFormat {
    /// The format asked for by name (`jsonl`, also `ndjson`, or `csv`; jsonl when none).
    pub fn parse(asked: Option<&str>) -> AppResult<ExportFormat> {
        match asked.unwrap_or("jsonl") {
            "jsonl" | "ndjson" => Ok(ExportFormat::Jsonl),
            "csv" => Ok(ExportFormat::Csv),
            other => Err(AppError::not_offered("format", other, "jsonl or csv")),
        }
    }

    /// The media type of a file in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Jsonl => "application/x-ndjson",
            ExportFormat::Csv => "text/csv; charset=utf-8",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Csv => "csv",
        }
    }
}

/// A project and where it stands.
pub struct ProjectProgress {
    pub project: ProjectRow,
    pub progress: Progress,
}

/// Where one of the caller's organisation's projects stands.
pub async fn progress(
    state: &AppState,
    caller: &Caller,
    id: &ProjectId,
) -> AppResult<ProjectProgress> {
    let project = owned_project(state, caller, id).await?;
    let progress = state
        .db
        .progress(&project.id, project.answers_per_task, state.now())
        .await?;
    Ok(ProjectProgress { project, progress })
}

/// Every answer of a project, ready to be streamed as a file.
pub struct AnswerExport {
    pub project: ProjectRow,
    pub format: ExportFormat,
    /// The items' data fields (CSV columns `item.<field>`); empty for JSONL.
    item_fields: Vec<String>,
}

impl AnswerExport {
    /// `answers-<project>.<ext>`.
    pub fn file_name(&self) -> String {
        format!("answers-{}.{}", self.project.id, self.format.extension())
    }

    /// The file, chunk by chunk: the CSV header first, then one chunk per page of answers.
    pub fn chunks(self, db: Db) -> impl Stream<Item = AppResult<bytes::Bytes>> + Send + 'static {
        let AnswerExport {
            project,
            format,
            item_fields,
        } = self;
        let header = match format {
            ExportFormat::Csv => Some(Ok(bytes::Bytes::from(csv_header(&item_fields)))),
            ExportFormat::Jsonl => None,
        };
        futures::stream::iter(header).chain(answer_pages(db, project).map(move |page| {
            page.map(|records| bytes::Bytes::from(encode_page(format, &item_fields, &records)))
        }))
    }
}

/// Export every answer of one of the caller's organisation's projects.
pub async fn export_answers(
    state: &AppState,
    caller: &Caller,
    id: &ProjectId,
    format: ExportFormat,
) -> AppResult<AnswerExport> {
    let project = owned_project(state, caller, id).await?;
    let item_fields = match format {
        ExportFormat::Csv => item_fields(&state.db, &project.id).await?,
        ExportFormat::Jsonl => Vec::new(),
    };
    Ok(AnswerExport {
        project,
        format,
        item_fields,
    })
}

/// How labels are shown: one JSON document, or a JSONL or CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelFormat {
    Json,
    File(ExportFormat),
}

impl LabelFormat {
    pub fn extension(self) -> &'static str {
        match self {
            LabelFormat::Json => "json",
            LabelFormat::File(f) => f.extension(),
        }
    }
}

/// What labels are asked for, as sent (checked by [`labels`], in the API's order).
#[derive(Debug, Clone, Default)]
pub struct LabelsAsked {
    /// The aggregation method; the template's default when None.
    pub method: Option<String>,
    /// json (default), jsonl or csv.
    pub format: Option<String>,
}

/// A project's aggregated labels.
pub struct Labels {
    pub project: ProjectRow,
    /// The method used.
    pub method: String,
    pub format: LabelFormat,
    pub labels: Vec<LabelRecord>,
    /// A pairwise project's options ranked (method `bt`); None for other kinds.
    pub ranking: Option<Vec<RankedOption>>,
}

/// Labels as a JSON document: what the API answers and the answers page serves.
#[derive(Serialize, utoipa::ToSchema)]
pub struct LabelsView {
    pub project_id: String,
    pub method: String,
    pub tasks: usize,
    pub labels: Vec<LabelRecord>,
    /// With `method=bt` (pairwise projects): every option compared, best first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ranking: Option<Vec<RankedOption>>,
}

impl From<Labels> for LabelsView {
    fn from(labels: Labels) -> Self {
        LabelsView {
            project_id: labels.project.id.into_string(),
            method: labels.method,
            tasks: labels.labels.len(),
            labels: labels.labels,
            ranking: labels.ranking,
        }
    }
}

/// Aggregate the answers of one of the caller's organisation's projects.
pub async fn labels(
    state: &AppState,
    caller: &Caller,
    id: &ProjectId,
    asked: &LabelsAsked,
) -> AppResult<Labels> {
    let project = owned_project(state, caller, id).await?;
    let template = project
        .spec()?
        .template
        .ok_or_else(|| AppError::Conflict(Msg::coded("err-labels-no-template", Vec::new())))?;
    let format = match asked.format.as_deref().unwrap_or("json") {
        "json" => LabelFormat::Json,
        "jsonl" => LabelFormat::File(ExportFormat::Jsonl),
        "csv" => LabelFormat::File(ExportFormat::Csv),
        other => return Err(AppError::not_offered("format", other, "json, jsonl or csv")),
    };
    let aggregated =
        aggregate_project_ranked(&state.db, &project, template, asked.method.as_deref()).await?;
    Ok(Labels {
        project,
        method: aggregated.method,
        format,
        labels: aggregated.labels,
        ranking: aggregated.ranking,
    })
}

/// Every answer of `project` aggregated with `method` (or the template's default), off
/// the async threads. Returns the method used and one label per answered item.
pub async fn aggregate_project(
    db: &Db,
    project: &ProjectRow,
    template: Template,
    method: Option<&str>,
) -> AppResult<(String, Vec<LabelRecord>)> {
    let aggregated = aggregate_project_ranked(db, project, template, method).await?;
    Ok((aggregated.method, aggregated.labels))
}

/// A project's answers aggregated: the method used, the labels, and for a pairwise
/// project the ranking of its options.
pub struct Aggregated {
    pub method: String,
    pub labels: Vec<LabelRecord>,
    pub ranking: Option<Vec<RankedOption>>,
}

/// [`aggregate_project`] with the ranking of a pairwise project's options.
pub async fn aggregate_project_ranked(
    db: &Db,
    project: &ProjectRow,
    template: Template,
    method: Option<&str>,
) -> AppResult<Aggregated> {
    // Page by page into the aggregation's builder: never every answer row at once.
    let mut feed = LabelsFeed::new(template, method)?;
    let mut pages = std::pin::pin!(answer_pages(db.clone(), project.clone()));
    while let Some(page) = pages.try_next().await? {
        feed.push(page);
    }
    let known = db.known_answers(&project.id).await?;
    tokio::task::spawn_blocking(move || {
        let ranking = feed.ranking()?;
        let (method, labels) = feed.finish(&known)?;
        Ok(Aggregated {
            method,
            labels,
            ranking,
        })
    })
    .await
    .map_err(AppError::internal)?
}

/// One page of a project's items with their answers and the labels they come to.
pub struct ItemsPage {
    pub project: ProjectRow,
    /// The items of the page, in a stable order.
    pub tasks: Vec<TaskRow>,
    /// The answers to these items.
    pub answers: Vec<AnswerRecord>,
    /// The method and labels of the template's default aggregation; None when there
    /// are no answers, no template, or the answers are not aggregated (forms).
    pub labels: Option<(String, Vec<LabelRecord>)>,
}

/// The items after `after` (at most `per_page`) of one of the caller's organisation's
/// projects, each with its answers and its label.
pub async fn items_page(
    state: &AppState,
    caller: &Caller,
    id: &ProjectId,
    after: Option<&TaskId>,
    per_page: i64,
) -> AppResult<ItemsPage> {
    let project = owned_project(state, caller, id).await?;
    let template = project.spec()?.template;
    let tasks = state.db.tasks_page(&project.id, after, per_page).await?;
    let ids: Vec<TaskId> = tasks.iter().map(|t| t.id.clone()).collect();
    let answers: Vec<AnswerRecord> = state
        .db
        .answers_for_tasks(&project.id, &ids)
        .await?
        .into_iter()
        .map(|r| AnswerRecord::from_row(&project.pseudonym_salt, r))
        .collect();
    // The default method of each kind works item by item, so this page's answers suffice;
    // Bradley–Terry ranks over every item, so a pairwise page shows none (the labels do).
    let known: Vec<(String, String)> = tasks
        .iter()
        .filter_map(|t| t.known_answer.clone().map(|k| (t.id.to_string(), k)))
        .collect();
    let labels = match &template {
        Some(Template::Pairwise(_)) => None,
        Some(tpl) if !answers.is_empty() => aggregate(tpl, None, &answers, &known).ok(),
        _ => None,
    };
    Ok(ItemsPage {
        project,
        tasks,
        answers,
        labels,
    })
}
