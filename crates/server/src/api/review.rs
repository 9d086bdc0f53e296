//! Reviewing answers: approve (paid at once from escrow), reject (a listed reason
//! and a message the worker reads; never an answer that agrees with the item's
//! majority label), in bulk, and bonuses. Unreviewed answers are approved by the
//! background job when the project's review window ends.

use crate::api::money::fmt;
use crate::app::review::{self, Notice};
pub use crate::app::review::{
    BonusFields, BonusRequest, BulkRejection, BulkReviewRequest, RejectRequest, SubmissionsQuery,
};
use crate::app::work::micros_to_seconds;
use crate::auth::{Caller, pseudonym};
use crate::error::{ApiResult, Json};
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use handprint_core::ProjectId;
use handprint_core::clock::{MICROS_PER_SECOND, to_rfc3339};
use handprint_core::review::{DISPUTE_WINDOW_SECONDS, RejectionReason, auto_approval_at};
use handprint_core::{AssignmentId, Money};
use handprint_store::projects::ProjectRow;
use handprint_store::review::{ReviewRow, Reviewed};
use serde::Serialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/assignments/{id}/approve", post(approve))
        .route("/api/v1/assignments/{id}/reject", post(reject))
        .route("/api/v1/assignments/{id}/bonus", post(bonus))
        .route("/api/v1/assignments/{id}/review", get(read_review))
        .route("/api/v1/reviews", post(bulk))
        .route("/api/v1/projects/{id}/submissions", get(submissions))
        .route("/api/v1/projects/{id}/notices", get(notices))
}

/// An answer's review as the requester (and the worker) sees it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ReviewView {
    pub assignment_id: String,
    pub project_id: String,
    /// pending, approved, rejected (disputable), rejection_final, or overturned.
    pub review_state: String,
    /// The reward paid for the answer (approved or overturned).
    pub paid: Option<String>,
    /// Top-ups to the pay floor on measured time.
    pub topped_up: String,
    pub rejection_reason: Option<String>,
    /// The reason as the worker reads it.
    pub rejection_reason_text: Option<String>,
    pub rejection_message: Option<String>,
    pub reviewed_at: Option<String>,
    /// Pending answers are approved automatically at this time.
    pub auto_approval_at: Option<String>,
    /// A rejection may be disputed until then.
    pub dispute_until: Option<String>,
}

pub(crate) fn review_view(state: &AppState, row: &ReviewRow, project: &ProjectRow) -> ReviewView {
    let review_state = row.review_state.clone().unwrap_or_else(|| "pending".into());
    ReviewView {
        assignment_id: row.id.to_string(),
        project_id: row.project_id.to_string(),
        paid: row.paid_reward.map(|m| fmt(state, Money(m))),
        topped_up: fmt(state, Money(row.topped_up)),
        rejection_reason_text: row
            .rejection_reason
            .as_deref()
            .and_then(|r| RejectionReason::parse(r).ok())
            .map(|r| r.describe().to_string()),
        rejection_reason: row.rejection_reason.clone(),
        rejection_message: row.rejection_message.clone(),
        reviewed_at: row.reviewed_at.map(to_rfc3339),
        auto_approval_at: (row.review_state.is_none())
            .then(|| {
                row.ended_at
                    .map(|e| to_rfc3339(auto_approval_at(e, project.review_window_seconds)))
            })
            .flatten(),
        dispute_until: (review_state == "rejected")
            .then(|| {
                row.reviewed_at
                    .map(|r| to_rfc3339(r + DISPUTE_WINDOW_SECONDS * MICROS_PER_SECOND))
            })
            .flatten(),
        review_state,
    }
}

/// An answer's review: for its worker (with the rejection's reason and message) or its requester.
#[utoipa::path(get, path = "/api/v1/assignments/{id}/review", responses((status = 200, body = ReviewView), (status = 404, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn read_review(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<AssignmentId>,
) -> ApiResult<Json<ReviewView>> {
    let a = review::read(&state, &caller, &id).await?;
    Ok(Json(review_view(&state, &a.row, &a.project)))
}

/// Approve one answer: its reward goes from escrow to the worker's available balance now.
#[utoipa::path(post, path = "/api/v1/assignments/{id}/approve",
    responses((status = 200, body = ReviewView), (status = 402, body = crate::error::Problem), (status = 409, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<AssignmentId>,
) -> ApiResult<Json<ReviewView>> {
    let a = review::approve(&state, &caller, &id).await?;
    Ok(Json(review_view(&state, &a.row, &a.project)))
}

/// Reject one answer. The worker sees the reason and message and may dispute within 7 days;
/// until then (or until a dispute is upheld) the rejection does not count against them.
#[utoipa::path(post, path = "/api/v1/assignments/{id}/reject", request_body = RejectRequest,
    responses((status = 200, body = ReviewView), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn reject(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<AssignmentId>,
    Json(req): Json<RejectRequest>,
) -> ApiResult<Json<ReviewView>> {
    let a = review::reject(&state, &caller, &id, &req).await?;
    Ok(Json(review_view(&state, &a.row, &a.project)))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct BonusView {
    pub assignment_id: String,
    pub amount: String,
    pub fee: String,
    pub message: String,
    /// False when this bonus (same idempotency key) had already been paid.
    pub created: bool,
}

/// Pay the worker of an answer a bonus, with a message. The same idempotency key (field
/// or `Idempotency-Key` header) again answers 200 with the first bonus and pays nothing.
#[utoipa::path(post, path = "/api/v1/assignments/{id}/bonus", request_body = BonusRequest,
    responses((status = 201, body = BonusView), (status = 402, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn bonus(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<AssignmentId>,
    headers: HeaderMap,
    Json(mut req): Json<BonusRequest>,
) -> ApiResult<(StatusCode, Json<BonusView>)> {
    // The `Idempotency-Key` header stands for the field (the field wins if both are sent).
    if req.idempotency_key.is_none() {
        req.idempotency_key = headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
    }
    let paid = review::bonus(&state, &caller, &id, req, BonusFields::API).await?;
    Ok((
        if paid.created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        },
        Json(BonusView {
            assignment_id: id.into_string(),
            amount: fmt(&state, paid.amount),
            fee: fmt(&state, paid.fee),
            message: paid.message,
            created: paid.created,
        }),
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct BulkResult {
    pub assignment_id: String,
    /// paid, rejected, unchanged (already so), or error.
    pub outcome: String,
    /// For errors: the problem's status and detail.
    pub status: Option<u16>,
    pub error: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct BulkReviewView {
    pub results: Vec<BulkResult>,
}

fn outcome(id: &str, r: ApiResult<Reviewed>) -> BulkResult {
    match r {
        Ok(reviewed) => BulkResult {
            assignment_id: id.to_string(),
            outcome: match reviewed {
                Reviewed::Paid { .. } => "paid",
                Reviewed::Rejected => "rejected",
                Reviewed::RejectionFinal => "rejection_final",
                Reviewed::Unchanged => "unchanged",
            }
            .into(),
            status: None,
            error: None,
        },
        Err(e) => {
            let code = match &e {
                AppError::NotFound(_) => 404,
                AppError::Conflict(_) => 409,
                AppError::Invalid { .. } => 422,
                AppError::InsufficientFunds { .. } => 402,
                AppError::Forbidden(_) => 403,
                AppError::BadRequest(_) => 400,
                _ => 500,
            };
            let text = match &e {
                AppError::Invalid { problems, .. } => problems
                    .iter()
                    .map(|p| format!("{}: {}", p.path, p.message))
                    .collect::<Vec<_>>()
                    .join("; "),
                AppError::Internal(_) => "internal error".into(),
                other => other.to_string(),
            };
            BulkResult {
                assignment_id: id.to_string(),
                outcome: "error".into(),
                status: Some(code),
                error: Some(text),
            }
        }
    }
}

/// Review many answers at once; each is done (or refused) on its own.
#[utoipa::path(post, path = "/api/v1/reviews", request_body = BulkReviewRequest,
    responses((status = 200, body = BulkReviewView)), security(("api_key" = [])))]
pub async fn bulk(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<BulkReviewRequest>,
) -> ApiResult<Json<BulkReviewView>> {
    let results = review::bulk(&state, &caller, &req).await?;
    Ok(Json(BulkReviewView {
        results: results
            .into_iter()
            .map(|(id, r)| outcome(id.as_str(), r))
            .collect(),
    }))
}

/// A submitted answer for review; the worker appears by their per-project pseudonym.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SubmissionView {
    pub assignment_id: String,
    pub task_id: String,
    pub worker: String,
    #[schema(value_type = Object)]
    pub answer: Option<serde_json::Value>,
    pub seconds: Option<f64>,
    pub submitted_at: Option<String>,
    pub review: ReviewView,
}

/// A project's submitted answers with their review, in id order.
#[utoipa::path(get, path = "/api/v1/projects/{id}/submissions", params(SubmissionsQuery),
    responses((status = 200, body = [SubmissionView])), security(("api_key" = [])))]
pub async fn submissions(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
    Query(q): Query<SubmissionsQuery>,
) -> ApiResult<Json<Vec<SubmissionView>>> {
    let (project, rows) = review::submissions(&state, &caller, &id, &q).await?;
    Ok(Json(
        rows.iter()
            .map(|r| SubmissionView {
                assignment_id: r.id.to_string(),
                task_id: r.task_id.to_string(),
                worker: pseudonym(&project.pseudonym_salt, &r.worker_id),
                answer: r
                    .answer
                    .as_deref()
                    .and_then(|a| serde_json::from_str(a).ok()),
                seconds: r.working_micros.map(micros_to_seconds),
                submitted_at: r.ended_at.map(to_rfc3339),
                review: review_view(&state, r, &project),
            })
            .collect(),
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct NoticeView {
    /// e.g. pay_floor_topup, paused_for_pay_floor.
    pub kind: String,
    pub message: String,
    pub at: String,
}

/// What the platform told the requester about this project (top-ups to the pay floor, pauses), newest first.
#[utoipa::path(get, path = "/api/v1/projects/{id}/notices", responses((status = 200, body = [NoticeView])), security(("api_key" = [])))]
pub async fn notices(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
) -> ApiResult<Json<Vec<NoticeView>>> {
    let found = review::notices(&state, &caller, &id).await?;
    Ok(Json(found.into_iter().map(notice_view).collect()))
}

/// A notice as the API shows it.
fn notice_view(n: Notice) -> NoticeView {
    NoticeView {
        kind: n.kind,
        message: n.message,
        at: to_rfc3339(n.at),
    }
}
