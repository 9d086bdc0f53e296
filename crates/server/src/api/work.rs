//! Doing the work: getting the next task, submitting, returning.

use crate::api::accounts::OrganizationView;
use crate::app::work;
pub use crate::app::work::{NextRequest, SubmitRequest, micros_to_seconds};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use handprint_core::account::Role;
use handprint_core::clock::{MICROS_PER_SECOND, to_rfc3339};
use handprint_core::{AssignmentId, Msg};
use handprint_store::work::{AssignmentRow, Lease};
use serde::Serialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/work/next", post(next))
        .route("/api/v1/assignments", get(mine))
        .route("/api/v1/assignments/{id}", get(read))
        .route("/api/v1/assignments/{id}/submit", post(submit))
        .route("/api/v1/assignments/{id}/return", post(give_back))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LeaseView {
    pub assignment_id: String,
    pub expires_at: String,
    /// Submissions are still accepted until then (lost connections must not cost the work).
    pub grace_until: String,
    pub task: TaskView,
    pub project: LeaseProjectView,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TaskView {
    pub id: String,
    /// The item's data; a media field naming an uploaded file holds a short-lived
    /// signed URL of this instance instead (see `media`).
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
    /// The uploaded files the item's media fields name, with their signed URLs (the
    /// original and the smaller rendition) and when these expire.
    pub media: Vec<crate::app::media::MediaLink>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LeaseProjectView {
    pub id: String,
    pub title: String,
    pub instructions: String,
    /// The template description a client renders (kind, settings, answer_schema; for
    /// an external study also `study_link`, the study's address for this worker).
    #[schema(value_type = Object)]
    pub template: serde_json::Value,
    pub reward: String,
    pub currency: String,
    pub estimated_seconds: i64,
    pub implied_hourly_pay: Option<String>,
    pub purpose: String,
    pub end_uses: Vec<String>,
    pub sensitive_content: Vec<String>,
    pub requester: OrganizationView,
    /// The requester pays this platform fee on top of your reward; it is never taken from it.
    pub platform_fee_percent: String,
    /// Unreviewed answers are approved (and paid) automatically this long after submission.
    pub review_window_seconds: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AssignmentView {
    pub id: String,
    pub task_id: String,
    pub project_id: String,
    /// leased, submitted, returned or expired.
    pub state: String,
    pub leased_at: String,
    pub expires_at: String,
    pub ended_at: Option<String>,
    #[schema(value_type = Object)]
    pub answer: Option<serde_json::Value>,
    /// Working time measured by the server, from lease to submission.
    pub seconds: Option<f64>,
}

pub fn assignment_view(a: &AssignmentRow) -> AssignmentView {
    AssignmentView {
        id: a.id.to_string(),
        task_id: a.task_id.to_string(),
        project_id: a.project_id.to_string(),
        state: a.state.as_str().to_string(),
        leased_at: to_rfc3339(a.leased_at),
        expires_at: to_rfc3339(a.expires_at),
        ended_at: a.ended_at.map(to_rfc3339),
        answer: a
            .answer
            .as_deref()
            .and_then(|t| serde_json::from_str(t).ok()),
        seconds: a.working_micros.map(micros_to_seconds),
    }
}

async fn lease_view(state: &AppState, lease: Lease) -> ApiResult<LeaseView> {
    let spec = lease.project.spec()?;
    let template = spec
        .template
        .as_ref()
        .ok_or_else(|| AppError::Internal("an active project has no template".into()))?;
    let currency = &state.settings.currency;
    let mut data = lease.task.data_json()?;
    let media =
        crate::app::media::for_worker(state, &lease.project.id, template, &mut data, false).await?;
    Ok(LeaseView {
        assignment_id: lease.assignment.id.to_string(),
        expires_at: to_rfc3339(lease.assignment.expires_at),
        grace_until: to_rfc3339(
            lease.assignment.expires_at + state.settings.grace_seconds * MICROS_PER_SECOND,
        ),
        task: TaskView {
            id: lease.task.id.to_string(),
            data,
            media,
        },
        project: LeaseProjectView {
            id: lease.project.id.to_string(),
            title: spec.title.clone(),
            instructions: spec.instructions.clone(),
            template: worker_description(template, &lease),
            reward: spec.reward.map(|m| m.format(currency)).unwrap_or_default(),
            currency: currency.code.clone(),
            estimated_seconds: spec.estimated_seconds.unwrap_or_default(),
            implied_hourly_pay: spec.implied_hourly().map(|m| m.format(currency)),
            purpose: spec.purpose.clone().unwrap_or_default(),
            end_uses: spec
                .end_uses
                .iter()
                .map(|e| e.as_str().to_string())
                .collect(),
            sensitive_content: spec
                .sensitive_content
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
            requester: OrganizationView {
                id: lease.project.organization_id.to_string(),
                name: lease.requester.clone(),
            },
            platform_fee_percent: crate::app::money::project_fee(state, &lease.project)
                .as_percent(),
            review_window_seconds: lease.project.review_window_seconds,
        },
    })
}

/// The template as its worker reads it: an external study's description gains
/// `study_link`, the study's address with this worker's per-project pseudonym in it
/// (the completion codes are never in a description).
fn worker_description(
    template: &handprint_core::template::Template,
    lease: &Lease,
) -> serde_json::Value {
    let mut description = template.describe();
    if let (
        handprint_core::template::Template::ExternalStudy(study),
        serde_json::Value::Object(map),
    ) = (template, &mut description)
    {
        let pseudonym =
            crate::auth::pseudonym(&lease.project.pseudonym_salt, &lease.assignment.worker_id);
        map.insert("study_link".into(), study.link_for(&pseudonym).into());
    }
    description
}

/// Lease the next task for the calling worker; 204 when nothing is available.
/// A worker who already holds a live lease gets that one back. With
/// `qualification_id`, the next item of that test instead (a `TestLeaseView`; 409
/// when the worker may not take it now, saying why and, in a cooldown, until when).
#[utoipa::path(post, path = "/api/v1/work/next", request_body(content = Option<NextRequest>),
    responses((status = 200, body = LeaseView), (status = 204, description = "no work available now"), (status = 409, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn next(
    State(state): State<AppState>,
    caller: Caller,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    // Checked (again in the app) before the body is read: a non-worker is refused for its role.
    caller.require(Role::Worker)?;
    let req: NextRequest = if body.iter().all(u8::is_ascii_whitespace) {
        NextRequest::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            AppError::BadRequest(Msg::coded("err-work-request", vec![("why", e.to_string())]))
        })?
    };
    if let Some(test) = &req.qualification_id {
        if req.project_id.is_some() {
            return Err(AppError::field(
                "/qualification_id",
                Msg::coded("err-work-test-and-project", Vec::new()),
            ));
        }
        return match crate::app::qualification_tests::next_item(&state, &caller, test).await? {
            Some((lease, q)) => Ok(axum::Json(crate::api::qualification_tests::lease_view(
                &state, &lease, &q,
            )?)
            .into_response()),
            None => Ok(StatusCode::NO_CONTENT.into_response()),
        };
    }
    match work::claim_next(&state, &caller, req.project_id.as_ref()).await? {
        Some(lease) => Ok(axum::Json(lease_view(&state, lease).await?).into_response()),
        None => Ok(StatusCode::NO_CONTENT.into_response()),
    }
}

/// Submit the answer for an assignment. Retrying the same submission is safe.
/// A test item's answer (an id from `work/next {qualification_id}`) returns a
/// `TestAnswerView`: what it paid, a training item's answer and explanation, and the
/// taking's result after its last test item.
#[utoipa::path(post, path = "/api/v1/assignments/{id}/submit", request_body = SubmitRequest,
    responses((status = 200, body = AssignmentView), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<AssignmentId>,
    headers: HeaderMap,
    Json(mut req): Json<SubmitRequest>,
) -> ApiResult<Response> {
    let lease = match work::answer_target(&state, &caller, &id).await? {
        work::AnswerTarget::Assignment(lease) => lease,
        work::AnswerTarget::TestItem => {
            let (submitted, q) =
                crate::app::qualification_tests::submit(&state, &caller, id.as_str(), &req.answer)
                    .await?;
            let view = crate::api::qualification_tests::answer_view(&state, &submitted, &q);
            return Ok(axum::Json(view).into_response());
        }
    };
    if req.idempotency_key.is_none() {
        req.idempotency_key = headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
    }
    let row = work::submit_to(&state, &caller, &lease, req).await?;
    Ok(axum::Json(assignment_view(&row)).into_response())
}

/// Give a task back, free and without penalty.
#[utoipa::path(post, path = "/api/v1/assignments/{id}/return", responses((status = 200, body = AssignmentView), (status = 409, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn give_back(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<AssignmentId>,
) -> ApiResult<Json<AssignmentView>> {
    let row = work::give_back(&state, &caller, &id).await?;
    Ok(Json(assignment_view(&row)))
}

/// The caller's own assignments, newest first (the last 500).
#[utoipa::path(get, path = "/api/v1/assignments", responses((status = 200, body = [AssignmentView])), security(("api_key" = [])))]
pub async fn mine(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<AssignmentView>>> {
    let rows = work::mine(&state, &caller).await?;
    Ok(Json(rows.iter().map(assignment_view).collect()))
}

#[utoipa::path(get, path = "/api/v1/assignments/{id}", responses((status = 200, body = AssignmentView), (status = 404, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn read(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<AssignmentId>,
) -> ApiResult<Json<AssignmentView>> {
    let row = work::read(&state, &caller, &id).await?;
    Ok(Json(assignment_view(&row)))
}
