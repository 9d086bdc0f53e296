//! Browsing answers item by item (each worker by their per-project pseudonym,
//! with the aggregated label of the item), and downloading results exported by
//! the same use cases as the API's (`crate::app::results`).

use super::box_view::{BoxView, Colours, FUSED_COLOUR};
use super::extract::{Posted, RequesterPage};
use super::i18n::Tr;
use super::task::{TaskBody, answer_text};
use super::{Nav, WebError, duration_text, render};
use crate::app::results::{
    self as results, AnswerRecord, ExportFormat, ItemsPage, LabelFormat, LabelRecord, LabelsAsked,
    LabelsView, encode_labels,
};
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use handprint_core::template::Template as TaskTemplate;
use handprint_core::{ProjectId, TaskId};
use handprint_store::tasks::TaskRow;
use serde::Deserialize;

const ITEMS_PER_PAGE: i64 = 20;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/projects/{id}/answers", get(browse))
        .route("/projects/{id}/download", get(download))
}

#[derive(Clone, Debug)]
pub struct ItemAnswer {
    pub worker: String,
    pub answer: String,
    pub seconds: String,
}

#[derive(Clone, Debug)]
pub struct Item {
    pub id: String,
    pub external_id: String,
    pub body: TaskBody,
    pub answers: Vec<ItemAnswer>,
    pub label: String,
    pub confidence: String,
    pub known: String,
    /// Bounding-box items: the image with every answer's boxes drawn on it.
    pub drawing: Option<BoxView>,
}

#[derive(Template)]
#[template(path = "answers.html")]
struct BrowsePage {
    t: Tr,
    nav: Nav,
    id: String,
    title: String,
    items: Vec<Item>,
    next: String,
    method: String,
    aggregated: bool,
    fused_colour: &'static str,
}

#[derive(Deserialize)]
struct BrowseQuery {
    after: Option<TaskId>,
}

/// One item of the page: its task, each worker's answer, the label they come to
/// and, for boxes, the drawing of them all.
fn item(
    task: &TaskRow,
    template: Option<&TaskTemplate>,
    records: &[AnswerRecord],
    label: Option<&LabelRecord>,
    colours: &mut Colours,
) -> Result<Item, WebError> {
    let data = task.data_json()?;
    let body = template
        .map(|tpl| TaskBody::new(tpl, &data, &Posted::default()))
        .unwrap_or_default();
    let answers = records
        .iter()
        .filter(|r| r.task_id == task.id)
        .map(|r| ItemAnswer {
            worker: r.worker.clone(),
            answer: answer_text(template, &r.answer),
            seconds: duration_text(r.seconds.round() as i64),
        })
        .collect();
    let drawing = (!body.box_image().is_empty()).then(|| {
        let mut view = BoxView::new(body.box_image(), &data);
        for r in records.iter().filter(|r| r.task_id == task.id) {
            let colour = colours.of(&r.worker);
            view.add_answer(&r.worker, &colour, &r.answer);
        }
        if let Some(l) = label {
            view.add_fused(&l.label);
        }
        view
    });
    Ok(Item {
        id: task.id.to_string(),
        external_id: task.external_id.clone().unwrap_or_default(),
        body,
        answers,
        label: label
            .map(|l| answer_text(template, &l.label))
            .unwrap_or_default(),
        confidence: label
            .and_then(|l| l.confidence)
            .map(|c| format!("{:.0} %", c * 100.0))
            .unwrap_or_default(),
        known: task
            .known_answer
            .as_deref()
            .and_then(|k| serde_json::from_str(k).ok())
            .map(|v| answer_text(template, &v))
            .unwrap_or_default(),
        drawing,
    })
}

async fn browse(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    Path(id): Path<ProjectId>,
    Query(q): Query<BrowseQuery>,
) -> Result<Response, WebError> {
    let ItemsPage {
        project: row,
        tasks,
        answers: records,
        labels,
    } = results::items_page(
        &state,
        &signed.caller(),
        &id,
        q.after.as_ref(),
        ITEMS_PER_PAGE,
    )
    .await?;
    let spec = row.spec()?;
    let template = spec.template.clone();
    let (method, labels_found) = match labels {
        Some((m, l)) => (m, Some(l)),
        None => (String::new(), None),
    };
    let mut colours = Colours::default();
    let items = tasks
        .iter()
        .map(|task| {
            let label = labels_found
                .as_ref()
                .and_then(|ls| ls.iter().find(|l| l.task_id == task.id));
            item(task, template.as_ref(), &records, label, &mut colours)
        })
        .collect::<Result<Vec<Item>, WebError>>()?;
    let next = if tasks.len() as i64 == ITEMS_PER_PAGE {
        tasks.last().map(|t| t.id.to_string()).unwrap_or_default()
    } else {
        String::new()
    };
    let page = BrowsePage {
        nav: Nav::new(&signed.visitor, &format!("/projects/{id}/answers")),
        id: row.id.to_string(),
        title: spec.title.clone(),
        items,
        next,
        aggregated: labels_found.is_some(),
        method,
        fused_colour: FUSED_COLOUR,
        t,
    };
    Ok(render(&page))
}

#[derive(Deserialize)]
struct DownloadQuery {
    what: Option<String>,
    format: Option<String>,
    method: Option<String>,
}

/// Answers (JSONL, CSV) or aggregated labels (JSON, JSONL, CSV), exactly as the API exports them.
async fn download(
    State(state): State<AppState>,
    signed: RequesterPage,
    Path(id): Path<ProjectId>,
    Query(q): Query<DownloadQuery>,
) -> Result<Response, WebError> {
    Ok(match q.what.as_deref().unwrap_or("answers") {
        "answers" => {
            let format = ExportFormat::parse(q.format.as_deref())?;
            let export = results::export_answers(&state, &signed.caller(), &id, format).await?;
            let content_type = export.format.content_type();
            let disposition = format!("attachment; filename=\"{}\"", export.file_name());
            // Fused: the compression layer polls a body once more after its end.
            let body = futures::StreamExt::fuse(futures::StreamExt::map(
                export.chunks(state.db.clone()),
                |r| r.map_err(|e| std::io::Error::other(e.to_string())),
            ));
            (
                [
                    (header::CONTENT_TYPE, content_type.to_string()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                Body::from_stream(body),
            )
                .into_response()
        }
        "labels" => {
            let asked = LabelsAsked {
                method: q.method,
                format: q.format.clone(),
            };
            let labels = results::labels(&state, &signed.caller(), &id, &asked).await?;
            let ext = labels.format.extension();
            let mut r = match labels.format {
                LabelFormat::File(format) => (
                    [(header::CONTENT_TYPE, format.content_type())],
                    encode_labels(format, &labels.labels),
                )
                    .into_response(),
                LabelFormat::Json => axum::Json(LabelsView::from(labels)).into_response(),
            };
            if let Ok(v) = axum::http::HeaderValue::from_str(&format!(
                "attachment; filename=\"labels-{id}.{ext}\""
            )) {
                r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            r
        }
        other => {
            return Err(AppError::not_offered("what", other, "answers or labels").into());
        }
    })
}
