//! The worker quality table of a project, for its requester: each worker by their
//! pseudonym with their answers, control accuracy and its interval, skill from the
//! aggregation model, median time and the decisions in force (`app::quality`).

use super::extract::RequesterPage;
use super::i18n::Tr;
use super::{Nav, WebError, render, when_text};
use crate::AppState;
use crate::app::quality::{self as app, WorkerQuality};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use handprint_core::ProjectId;

pub fn router() -> Router<AppState> {
    Router::new().route("/projects/{id}/workers", get(page))
}

/// One row of the table, as text.
struct Row {
    worker: String,
    answers: i64,
    controls: String,
    interval: String,
    dawid_skene: String,
    glad: String,
    median: String,
    decisions: Vec<String>,
}

#[derive(Template)]
#[template(path = "workers_quality.html")]
struct QualityPage {
    t: Tr,
    nav: Nav,
    id: String,
    title: String,
    control_rate: i64,
    rows: Vec<Row>,
}

fn percent(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

fn row(t: &Tr, w: WorkerQuality) -> Row {
    let dash = || "—".to_string();
    let (controls, interval) = match w.accuracy {
        Some(a) => (
            format!(
                "{} / {} · {}",
                w.controls_correct,
                w.controls_answered,
                percent(a.accuracy)
            ),
            format!("{}–{}", percent(a.low), percent(a.high)),
        ),
        None => (dash(), dash()),
    };
    Row {
        worker: w.worker,
        answers: w.answers,
        controls,
        interval,
        dawid_skene: w.dawid_skene.map_or_else(dash, percent),
        glad: w.glad.map_or_else(dash, |g| format!("{g:.2}")),
        median: w.median_seconds.map_or_else(dash, |s| format!("{s:.1} s")),
        decisions: w
            .decisions
            .iter()
            .map(|d| {
                let kind = t.t(&format!("quality-decision-{}", d.kind.as_str()));
                match d.effect_until {
                    Some(until) => t.t2(
                        "quality-decision-until",
                        "kind",
                        kind,
                        "until",
                        when_text(until),
                    ),
                    None => kind,
                }
            })
            .collect(),
    }
}

async fn page(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    Path(id): Path<ProjectId>,
) -> Result<Response, WebError> {
    let (project, workers) = app::workers(&state, &signed.caller(), &id).await?;
    let rows = workers.into_iter().map(|w| row(&t, w)).collect();
    Ok(render(&QualityPage {
        nav: Nav::new(&signed.visitor, &format!("/projects/{id}/workers")),
        id: id.to_string(),
        title: project.title.clone(),
        control_rate: project.control_rate,
        rows,
        t,
    }))
}
