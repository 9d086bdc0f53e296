//! Disputes: a worker contests a rejection within 7 days; the requester may
//! reverse it, otherwise an operator decides with both sides' messages and the
//! answer in front of them. Overturned (or undecided by the deadline) → paid in
//! full; upheld → the rejection is final and counts on the worker's record.

use crate::AppState;
use crate::api::review::{ReviewView, review_view};
use crate::app::disputes::{self, Dispute};
pub use crate::app::disputes::{DecideRequest, DisputeRequest, ReverseRequest};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use handprint_core::AssignmentId;
use handprint_core::clock::to_rfc3339;
use serde::{Deserialize, Serialize};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/assignments/{id}/dispute", post(open))
        .route("/api/v1/disputes", get(list))
        .route("/api/v1/disputes/{id}", get(read))
        .route("/api/v1/disputes/{id}/reverse", post(reverse))
        .route("/api/v1/disputes/{id}/decide", post(decide))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DisputeView {
    pub id: String,
    pub assignment_id: String,
    pub project_id: String,
    /// open, reversed (by the requester), overturned (by an operator, or undecided by the deadline), upheld.
    pub state: String,
    pub worker_message: String,
    pub requester_message: Option<String>,
    pub operator_message: Option<String>,
    pub opened_at: String,
    /// Undecided by then, the dispute is overturned in the worker's favour.
    pub decide_by: String,
    pub decided_at: Option<String>,
    /// The answer, the task and the rejection being disputed.
    #[schema(value_type = Object)]
    pub answer: Option<serde_json::Value>,
    #[schema(value_type = Object)]
    pub task: Option<serde_json::Value>,
    pub review: ReviewView,
}

fn dispute_view(state: &AppState, d: &Dispute) -> DisputeView {
    let (row, r) = (&d.row, &d.review);
    DisputeView {
        id: row.id.clone(),
        assignment_id: row.assignment_id.to_string(),
        project_id: row.project_id.to_string(),
        state: row.state.as_str().to_string(),
        worker_message: row.worker_message.clone(),
        requester_message: row.requester_message.clone(),
        operator_message: row.operator_message.clone(),
        opened_at: to_rfc3339(row.opened_at),
        decide_by: to_rfc3339(row.deadline_at),
        decided_at: row.decided_at.map(to_rfc3339),
        answer: r
            .answer
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok()),
        task: d.task.data_json().ok(),
        review: review_view(state, r, &d.project),
    }
}

/// Dispute a rejection of your answer, within 7 days of it.
#[utoipa::path(post, path = "/api/v1/assignments/{id}/dispute", request_body = DisputeRequest,
    responses((status = 201, body = DisputeView), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn open(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<AssignmentId>,
    Json(req): Json<DisputeRequest>,
) -> ApiResult<(StatusCode, Json<DisputeView>)> {
    let d = disputes::open(&state, &caller, &id, &req).await?;
    Ok((StatusCode::CREATED, Json(dispute_view(&state, &d))))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct DisputesQuery {
    /// For operators: open (default), reversed, overturned or upheld.
    pub state: Option<String>,
}

/// Disputes: your own (worker), your organisation's (requester), or by state (operator; open by default).
#[utoipa::path(get, path = "/api/v1/disputes", params(DisputesQuery), responses((status = 200, body = [DisputeView])), security(("api_key" = [])))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<DisputesQuery>,
) -> ApiResult<Json<Vec<DisputeView>>> {
    let found = disputes::list(&state, &caller, q.state.as_deref()).await?;
    Ok(Json(
        found.iter().map(|d| dispute_view(&state, d)).collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/disputes/{id}", responses((status = 200, body = DisputeView), (status = 404, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn read(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<DisputeView>> {
    let d = disputes::read(&state, &caller, &id).await?;
    Ok(Json(dispute_view(&state, &d)))
}

/// The requester takes the rejection back: the answer is paid in full now.
#[utoipa::path(post, path = "/api/v1/disputes/{id}/reverse", request_body = ReverseRequest,
    responses((status = 200, body = DisputeView), (status = 409, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn reverse(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<ReverseRequest>,
) -> ApiResult<Json<DisputeView>> {
    let d = disputes::reverse(&state, &caller, &id, &req).await?;
    Ok(Json(dispute_view(&state, &d)))
}

/// An operator decides an open dispute.
#[utoipa::path(post, path = "/api/v1/disputes/{id}/decide", request_body = DecideRequest,
    responses((status = 200, body = DisputeView), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<DecideRequest>,
) -> ApiResult<Json<DisputeView>> {
    let d = disputes::decide(&state, &caller, &id, &req).await?;
    Ok(Json(dispute_view(&state, &d)))
}
