//! Projects: create, read, edit, and move through their lifecycle.

use crate::AppState;
use crate::api::views::{ProjectView, project_view};
use crate::app::projects::{self as app, ProjectInput};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use handprint_core::ProjectId;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/projects", post(create).get(list))
        .route("/api/v1/projects/{id}", get(read).patch(update))
        .route("/api/v1/projects/{id}/publish", post(publish))
        .route("/api/v1/projects/{id}/pause", post(pause))
        .route("/api/v1/projects/{id}/resume", post(resume))
        .route("/api/v1/projects/{id}/complete", post(complete))
        .route("/api/v1/projects/{id}/cancel", post(cancel))
        .route("/api/v1/projects/{id}/eligibility", get(eligibility))
}

/// Whether the calling worker may work on the project, and if not, each condition
/// they miss with what would qualify them.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct EligibilityView {
    pub eligible: bool,
    pub reasons: Vec<ReasonView>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ReasonView {
    /// A stable code: why-country, why-languages, why-qualification-missing, why-qualification-low.
    pub code: String,
    pub message: String,
}

/// For a worker: whether they may work on this project, and why not.
#[utoipa::path(get, path = "/api/v1/projects/{id}/eligibility", responses((status = 200, body = EligibilityView), (status = 404, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn eligibility(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
) -> ApiResult<Json<EligibilityView>> {
    let row = app::read(&state, &caller, &id).await?;
    let reasons = crate::app::eligibility::why_not(&state, &caller, &row).await?;
    Ok(Json(EligibilityView {
        eligible: reasons.is_empty(),
        reasons: reasons
            .into_iter()
            .map(|m| ReasonView {
                code: m.code.unwrap_or_default().to_string(),
                message: m.text,
            })
            .collect(),
    }))
}

/// The project fields a requester sends (all optional on update; `title` required on create).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ProjectRequest {
    title: Option<String>,
    description: Option<String>,
    instructions: Option<String>,
    #[schema(value_type = Object)]
    template: Option<serde_json::Value>,
    purpose: Option<String>,
    end_uses: Option<Vec<String>>,
    /// "violence", "sexual", "hate", "self-harm", a category the operator added (the
    /// instance's list: `GET /api/v1/me/settings` `sensitive_categories`), or ["none"].
    sensitive_content: Option<Vec<String>>,
    /// Decimal string in the instance currency, e.g. "0.10".
    reward: Option<String>,
    estimated_seconds: Option<i64>,
    answers_per_task: Option<i64>,
    lease_seconds: Option<i64>,
    language: Option<String>,
    /// Unreviewed answers are approved automatically this long after submission
    /// (default 259200 = 72 hours; 3600 to 604800).
    review_window_seconds: Option<i64>,
    /// Who may work on it: `{countries: ["FR"], languages: ["fr"], qualifications:
    /// [{id, min_score}]}` (replaces the whole eligibility; empty lists restrict nothing).
    #[schema(value_type = Option<Object>)]
    eligibility: Option<serde_json::Value>,
    /// Dynamic overlap `{min, max, confidence}`: 1 ≤ min ≤ max ≤ 100, confidence
    /// strictly between 0 and 1 (e.g. 0.9); single-choice templates only. `max`
    /// becomes `answers_per_task` (escrow covers it); `null` returns to a fixed overlap.
    #[schema(value_type = Option<Object>)]
    overlap: Option<serde_json::Value>,
    /// The share of each worker's items that are control items, 0 to 100 (percent).
    control_rate: Option<i64>,
    /// Quality rules, replacing the current ones: `[{when: {control_accuracy_below:
    /// {threshold_percent, after_controls}}, action: {restrict: {days}}}, …]` (docs/api.md).
    #[schema(value_type = Option<Vec<Object>>)]
    quality_rules: Option<serde_json::Value>,
}

/// Create a draft project in the caller's organisation.
#[utoipa::path(post, path = "/api/v1/projects", request_body = ProjectRequest,
    responses((status = 201, body = ProjectView), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<ProjectInput>,
) -> ApiResult<(StatusCode, Json<ProjectView>)> {
    let row = app::create(&state, &caller, &input).await?;
    Ok((StatusCode::CREATED, Json(project_view(&state, &row).await?)))
}

/// Projects: a requester's organisation's, or the open ones for a worker.
#[utoipa::path(get, path = "/api/v1/projects", responses((status = 200, body = [ProjectView])), security(("api_key" = [])))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<ProjectView>>> {
    let rows = app::list(&state, &caller).await?;
    let mut views = Vec::with_capacity(rows.len());
    for row in &rows {
        views.push(project_view(&state, row).await?);
    }
    Ok(Json(views))
}

#[utoipa::path(get, path = "/api/v1/projects/{id}", responses((status = 200, body = ProjectView), (status = 404, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn read(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
) -> ApiResult<Json<ProjectView>> {
    let row = app::read(&state, &caller, &id).await?;
    Ok(Json(project_view(&state, &row).await?))
}

/// Change a project's fields. Drafts may change anything; a paused or active
/// project may not change its template or overlap (work was done against them).
#[utoipa::path(patch, path = "/api/v1/projects/{id}", request_body = ProjectRequest,
    responses((status = 200, body = ProjectView), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
    Json(input): Json<ProjectInput>,
) -> ApiResult<Json<ProjectView>> {
    let row = app::update(&state, &caller, &id, &input).await?;
    Ok(Json(project_view(&state, &row).await?))
}

/// Open the project to workers. Every declaration must be complete and the pay at or above the floor;
/// the organisation's available balance must cover the escrow (402 names the amount missing).
#[utoipa::path(post, path = "/api/v1/projects/{id}/publish", responses((status = 200, body = ProjectView), (status = 402, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
) -> ApiResult<Json<ProjectView>> {
    let row = app::publish(&state, &caller, &id).await?;
    Ok(Json(project_view(&state, &row).await?))
}

/// Stop offering new tasks; live leases may still be submitted.
#[utoipa::path(post, path = "/api/v1/projects/{id}/pause", responses((status = 200, body = ProjectView), (status = 409, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn pause(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
) -> ApiResult<Json<ProjectView>> {
    let row = app::pause(&state, &caller, &id).await?;
    Ok(Json(project_view(&state, &row).await?))
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/resume", responses((status = 200, body = ProjectView), (status = 409, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn resume(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
) -> ApiResult<Json<ProjectView>> {
    let row = app::resume(&state, &caller, &id).await?;
    Ok(Json(project_view(&state, &row).await?))
}

/// Close the project for good; answers stay available. Escrow not needed by
/// answers still owed goes back to the organisation's available balance.
#[utoipa::path(post, path = "/api/v1/projects/{id}/complete", responses((status = 200, body = ProjectView), (status = 409, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn complete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
) -> ApiResult<Json<ProjectView>> {
    let row = app::complete(&state, &caller, &id).await?;
    Ok(Json(project_view(&state, &row).await?))
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/cancel", responses((status = 200, body = ProjectView), (status = 409, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
) -> ApiResult<Json<ProjectView>> {
    let row = app::cancel(&state, &caller, &id).await?;
    Ok(Json(project_view(&state, &row).await?))
}
