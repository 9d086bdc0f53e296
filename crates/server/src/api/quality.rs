//! The worker quality table of a project: answers, control accuracy with its
//! interval, skill from the aggregation model, and the decisions in force.

use crate::AppState;
use crate::app::quality::{self as app, WorkerQuality};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use handprint_core::ProjectId;
use handprint_core::clock::to_rfc3339;
use serde::Serialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/projects/{id}/workers", get(workers))
}

/// One worker of the project.
#[derive(Serialize, utoipa::ToSchema)]
pub struct WorkerQualityView {
    /// The pseudonym the requester sees in exports.
    pub worker: String,
    pub answers: i64,
    pub controls: ControlsView,
    pub skill: SkillView,
    /// The median working time of the worker's answers, in seconds.
    pub median_seconds: Option<f64>,
    /// Decisions about the worker on this project in force now.
    pub restrictions: Vec<RestrictionView>,
}

/// Control items answered and matched, the accuracy and its 95 % Wilson interval
/// (null at 0 answered).
#[derive(Serialize, utoipa::ToSchema)]
pub struct ControlsView {
    pub answered: i64,
    pub correct: i64,
    pub accuracy: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// Skill from the aggregation model, for choice and rating projects (null otherwise).
#[derive(Serialize, utoipa::ToSchema)]
pub struct SkillView {
    /// Dawid–Skene: the confusion matrix's diagonal weighted by the class priors.
    pub dawid_skene: Option<f64>,
    /// GLAD: the worker's ability (alpha).
    pub glad: Option<f64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RestrictionView {
    /// The decision's kind: restricted, warned…
    pub kind: String,
    /// When its effect ends (null: no end).
    pub until: Option<String>,
    pub decision: String,
}

impl From<WorkerQuality> for WorkerQualityView {
    fn from(w: WorkerQuality) -> Self {
        WorkerQualityView {
            worker: w.worker,
            answers: w.answers,
            controls: ControlsView {
                answered: w.controls_answered,
                correct: w.controls_correct,
                accuracy: w.accuracy.map(|a| a.accuracy),
                low: w.accuracy.map(|a| a.low),
                high: w.accuracy.map(|a| a.high),
            },
            skill: SkillView {
                dawid_skene: w.dawid_skene,
                glad: w.glad,
            },
            median_seconds: w.median_seconds,
            restrictions: w
                .decisions
                .into_iter()
                .map(|d| RestrictionView {
                    kind: d.kind.as_str().to_string(),
                    until: d.effect_until.map(to_rfc3339),
                    decision: d.id.to_string(),
                })
                .collect(),
        }
    }
}

/// The project's workers with their quality figures (requesters of its organisation, operators).
#[utoipa::path(get, path = "/api/v1/projects/{id}/workers", responses((status = 200, body = [WorkerQualityView]), (status = 404, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn workers(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
) -> ApiResult<Json<Vec<WorkerQualityView>>> {
    let (_, rows) = app::workers(&state, &caller, &id).await?;
    Ok(Json(
        rows.into_iter().map(WorkerQualityView::from).collect(),
    ))
}
