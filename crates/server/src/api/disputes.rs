//! Disputes: a worker contests a rejection within 7 days; the requester may
//! reverse it, otherwise an operator decides with both sides' messages and the
//! answer in front of them. Overturned (or undecided by the deadline) → paid in
//! full; upheld → the rejection is final and counts on the worker's record.

use crate::api::review::{ReviewView, review_view};
use crate::app::access::owned_project;
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use handprint_core::Msg;
use handprint_core::account::Role;
use handprint_core::clock::to_rfc3339;
use handprint_core::review::DisputeState;
use handprint_core::review::parse_note;
use handprint_store::review::{DisputeClose, DisputeDecider, DisputeFilter, DisputeRow, Payment};
use serde::{Deserialize, Serialize};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/assignments/{id}/dispute", post(open))
        .route("/api/v1/disputes", get(list))
        .route("/api/v1/disputes/{id}", get(read))
        .route("/api/v1/disputes/{id}/reverse", post(reverse))
        .route("/api/v1/disputes/{id}/decide", post(decide))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisputeRequest {
    /// Why the rejection is wrong, for the requester and the operator.
    pub message: String,
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

async fn dispute_view(state: &AppState, d: &DisputeRow) -> ApiResult<DisputeView> {
    let row = state.db.review_row(&d.assignment_id).await?;
    let project = state.db.project(&d.project_id).await?;
    let task = state.db.task(&row.task_id).await?;
    Ok(DisputeView {
        id: d.id.clone(),
        assignment_id: d.assignment_id.clone(),
        project_id: d.project_id.clone(),
        state: d.state.clone(),
        worker_message: d.worker_message.clone(),
        requester_message: d.requester_message.clone(),
        operator_message: d.operator_message.clone(),
        opened_at: to_rfc3339(d.opened_at),
        decide_by: to_rfc3339(d.deadline_at),
        decided_at: d.decided_at.map(to_rfc3339),
        answer: row
            .answer
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok()),
        task: task.data_json().ok(),
        review: review_view(state, &row, &project),
    })
}

/// A dispute the caller may see: their own (worker), their organisation's (requester), any (operator).
async fn visible(state: &AppState, caller: &Caller, id: &str) -> ApiResult<DisputeRow> {
    let d = state.db.dispute(id).await?;
    let ok = match caller.role() {
        Role::Operator => true,
        Role::Worker => d.worker_id == caller.id(),
        Role::Requester => owned_project(state, caller, &d.project_id).await.is_ok(),
    };
    if ok {
        Ok(d)
    } else {
        Err(AppError::not_found("dispute"))
    }
}

/// Dispute a rejection of your answer, within 7 days of it.
#[utoipa::path(post, path = "/api/v1/assignments/{id}/dispute", request_body = DisputeRequest,
    responses((status = 201, body = DisputeView), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn open(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<DisputeRequest>,
) -> ApiResult<(StatusCode, Json<DisputeView>)> {
    caller.require(Role::Worker)?;
    let message = parse_note(&req.message).map_err(|m| AppError::field("/message", m))?;
    let d = state
        .db
        .open_dispute(&id, caller.id(), &message, state.now())
        .await
        .map_err(|e| match e {
            handprint_store::StoreError::Duplicate { .. } => AppError::Conflict(Msg::coded(
                "err-dispute-exists",
                Vec::new(),
                "this rejection is already disputed",
            )),
            other => other.into(),
        })?;
    state.metrics.dispute_opened();
    Ok((StatusCode::CREATED, Json(dispute_view(&state, &d).await?)))
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
    let wanted = q.state.unwrap_or_else(|| "open".into());
    let rows = match caller.role() {
        Role::Worker => {
            state
                .db
                .disputes(DisputeFilter::Worker(caller.id()))
                .await?
        }
        Role::Requester => {
            state
                .db
                .disputes(DisputeFilter::Organization(caller.organization()?))
                .await?
        }
        Role::Operator => state.db.disputes(DisputeFilter::State(&wanted)).await?,
    };
    let mut out = Vec::with_capacity(rows.len());
    for d in &rows {
        out.push(dispute_view(&state, d).await?);
    }
    Ok(Json(out))
}

#[utoipa::path(get, path = "/api/v1/disputes/{id}", responses((status = 200, body = DisputeView), (status = 404, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn read(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<DisputeView>> {
    let d = visible(&state, &caller, &id).await?;
    Ok(Json(dispute_view(&state, &d).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReverseRequest {
    /// Optional word to the worker.
    pub message: Option<String>,
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
    caller.require(Role::Requester)?;
    let d = visible(&state, &caller, &id).await?;
    if d.state != "open" {
        return Err(already_decided(&d.state));
    }
    let message = match req.message.as_deref() {
        Some(m) => Some(parse_note(m).map_err(|m| AppError::field("/message", m))?),
        None => None,
    };
    state
        .db
        .pay_answer(
            &d.assignment_id,
            Payment::Overturn,
            Some(DisputeClose {
                state: DisputeState::Reversed,
                decider: DisputeDecider::Requester,
                message: message.as_deref(),
                decided_by: caller.id(),
            }),
            state.now(),
        )
        .await
        .map_err(|e| AppError::funds(e, &state.settings.currency, "paying this answer"))?;
    let d = state.db.dispute(&id).await?;
    Ok(Json(dispute_view(&state, &d).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecideRequest {
    /// overturn (the worker is paid in full) or uphold (the rejection is final).
    pub decision: String,
    /// The reasoning, shown to both sides.
    pub message: String,
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
    caller.require(Role::Operator)?;
    let message = parse_note(&req.message).map_err(|m| AppError::field("/message", m))?;
    let d = state.db.dispute(&id).await?;
    if d.state != "open" {
        return Err(already_decided(&d.state));
    }
    let now = state.now();
    match req.decision.as_str() {
        "overturn" => {
            state
                .db
                .pay_answer(
                    &d.assignment_id,
                    Payment::Overturn,
                    Some(DisputeClose {
                        state: DisputeState::Overturned,
                        decider: DisputeDecider::Operator,
                        message: Some(&message),
                        decided_by: caller.id(),
                    }),
                    now,
                )
                .await
                .map_err(|e| AppError::funds(e, &state.settings.currency, "paying this answer"))?;
        }
        "uphold" => {
            state
                .db
                .finalize_rejection(
                    &d.assignment_id,
                    Some(DisputeClose {
                        state: DisputeState::Upheld,
                        decider: DisputeDecider::Operator,
                        message: Some(&message),
                        decided_by: caller.id(),
                    }),
                    now,
                )
                .await?;
        }
        other => {
            return Err(AppError::field(
                "/decision",
                Msg::coded(
                    "err-dispute-decision",
                    vec![("value", other.to_string())],
                    format!("\"{other}\" is not a decision: use overturn or uphold"),
                ),
            ));
        }
    }
    let d = state.db.dispute(&id).await?;
    Ok(Json(dispute_view(&state, &d).await?))
}

/// 409: the dispute was decided already (`state`: overturned, upheld, reversed).
fn already_decided(state: &str) -> AppError {
    AppError::Conflict(Msg::coded(
        "err-dispute-already",
        vec![("state", state.to_string())],
        format!("this dispute is already {state}"),
    ))
}
