//! Reviewing answers: approve (paid at once from escrow), reject (a listed reason
//! and a message the worker reads; never an answer that agrees with the item's
//! majority label), in bulk, and bonuses. Unreviewed answers are approved by the
//! background job when the project's review window ends.

use crate::api::money::{fmt, parse_amount};
use crate::api::work::micros_to_seconds;
use crate::app::access::owned_project;
use crate::auth::{Caller, pseudonym};
use crate::error::{ApiResult, Json};
use crate::metrics::ApprovedBy;
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use handprint_core::Msg;
use handprint_core::clock::{MICROS_PER_SECOND, to_rfc3339};
use handprint_core::review::{
    DISPUTE_WINDOW_SECONDS, RejectionReason, agrees_with_majority, auto_approval_at, parse_message,
    parse_note, text_label,
};
use handprint_core::template::{FieldProblem, Template, TemplateKind};
use handprint_store::projects::ProjectRow;
use handprint_store::review::{Payment, ReviewFilter, ReviewRow, Reviewed};
use serde::{Deserialize, Serialize};

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
        assignment_id: row.id.clone(),
        project_id: row.project_id.clone(),
        paid: row.paid_reward.map(|m| fmt(state, m)),
        topped_up: fmt(state, row.topped_up),
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

/// The answer and its project, if the caller's organisation owns it (404 otherwise).
async fn owned_answer(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> ApiResult<(ReviewRow, ProjectRow)> {
    let row = state.db.review_row(id).await?;
    let project = owned_project(state, caller, &row.project_id)
        .await
        .map_err(|_| AppError::not_found("assignment"))?;
    Ok((row, project))
}

/// An answer's review: for its worker (with the rejection's reason and message) or its requester.
#[utoipa::path(get, path = "/api/v1/assignments/{id}/review", responses((status = 200, body = ReviewView), (status = 404, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn read_review(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ReviewView>> {
    let row = state.db.review_row(&id).await?;
    let project = if row.worker_id == caller.id() {
        state.db.project(&row.project_id).await?
    } else {
        owned_answer(&state, &caller, &id).await?.1
    };
    Ok(Json(review_view(&state, &row, &project)))
}

/// Approve one answer: its reward goes from escrow to the worker's available balance now.
#[utoipa::path(post, path = "/api/v1/assignments/{id}/approve",
    responses((status = 200, body = ReviewView), (status = 402, body = crate::error::Problem), (status = 409, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ReviewView>> {
    let (_, project) = owned_answer(&state, &caller, &id).await?;
    do_approve(&state, &id).await?;
    let row = state.db.review_row(&id).await?;
    Ok(Json(review_view(&state, &row, &project)))
}

async fn do_approve(state: &AppState, id: &str) -> ApiResult<Reviewed> {
    let reviewed = state
        .db
        .pay_answer(id, Payment::Approval, None, state.now())
        .await
        .map_err(|e| {
            AppError::funds(
                e,
                &state.settings.currency,
                "paying this answer (its escrow slot was used by a late answer)",
            )
        })?;
    if let Reviewed::Paid { .. } = reviewed {
        state.metrics.answer_approved(ApprovedBy::Requester);
    }
    Ok(reviewed)
}

#[derive(Deserialize, utoipa::ToSchema, Clone)]
#[serde(deny_unknown_fields)]
pub struct RejectRequest {
    /// One of: instructions_not_followed, failed_control_items, empty_or_nonsensical, duplicate_answer.
    pub reason: Option<String>,
    /// What was wrong, for the worker: at least 50 characters.
    pub message: Option<String>,
}

/// Reject one answer. The worker sees the reason and message and may dispute within 7 days;
/// until then (or until a dispute is upheld) the rejection does not count against them.
#[utoipa::path(post, path = "/api/v1/assignments/{id}/reject", request_body = RejectRequest,
    responses((status = 200, body = ReviewView), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn reject(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<RejectRequest>,
) -> ApiResult<Json<ReviewView>> {
    let (row, project) = owned_answer(&state, &caller, &id).await?;
    do_reject(&state, &row, &project, &req, "").await?;
    let row = state.db.review_row(&id).await?;
    Ok(Json(review_view(&state, &row, &project)))
}

async fn do_reject(
    state: &AppState,
    row: &ReviewRow,
    project: &ProjectRow,
    req: &RejectRequest,
    path_prefix: &str,
) -> ApiResult<Reviewed> {
    let mut problems = Vec::new();
    let reason = match req.reason.as_deref() {
        None => {
            problems.push(
                FieldProblem::new(
                    format!("{path_prefix}/reason"),
                    format!(
                        "a rejection needs a reason, one of: {}",
                        RejectionReason::ALL.map(RejectionReason::as_str).join(", ")
                    ),
                )
                .with_code("err-reject-reason-missing", Vec::new()),
            );
            None
        }
        Some(r) => RejectionReason::parse(r)
            .map_err(|m| problems.push(FieldProblem::from_msg(format!("{path_prefix}/reason"), m)))
            .ok(),
    };
    let typed = req.message.as_deref().unwrap_or("");
    let message = parse_message(typed)
        .map_err(|m| problems.push(FieldProblem::from_msg(format!("{path_prefix}/message"), m)))
        .ok();
    let (Some(reason), Some(message)) = (reason, message) else {
        return Err(AppError::invalid(
            Msg::coded(
                "err-reject-incomplete",
                Vec::new(),
                "the rejection is incomplete",
            ),
            problems,
        ));
    };
    if row.state == "submitted"
        && row.review_state.is_none()
        && agrees_with_label(state, row, project).await?
    {
        return Err(AppError::Conflict(Msg::coded(
            "err-reject-agrees",
            Vec::new(),
            "this answer agrees with the item's aggregated label (majority vote of its answers), so it cannot be rejected",
        )));
    }
    let reviewed = state
        .db
        .reject_answer(&row.id, reason, &message, state.now())
        .await?;
    if let Reviewed::Rejected = reviewed {
        state.metrics.answer_rejected();
    }
    Ok(reviewed)
}

/// Whether the answer equals the item's label under majority vote (see docs/api.md):
/// choices and ratings by category, texts by their words; other kinds have no such label.
async fn agrees_with_label(
    state: &AppState,
    row: &ReviewRow,
    project: &ProjectRow,
) -> ApiResult<bool> {
    let Some(template) = project.spec()?.template else {
        return Ok(false);
    };
    let Some(own) = row
        .answer
        .as_deref()
        .and_then(|a| serde_json::from_str(a).ok())
    else {
        return Ok(false);
    };
    let label = |t: &Template, v: &serde_json::Value| match t.kind() {
        TemplateKind::Text => v.as_str().map(text_label),
        _ => t.categorical_label(v),
    };
    let Some(own) = label(&template, &own) else {
        return Ok(false);
    };
    let all: Vec<String> = state
        .db
        .item_answers(&row.task_id)
        .await?
        .iter()
        .filter_map(|a| serde_json::from_str(a).ok())
        .filter_map(|v| label(&template, &v))
        .collect();
    Ok(agrees_with_majority(&own, &all))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BonusRequest {
    /// Decimal amount paid from the organisation's available balance (the platform fee is added on top).
    pub amount: String,
    /// Why, for the worker.
    pub message: String,
    /// The same key on a retry marks it as the same bonus.
    pub idempotency_key: Option<String>,
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

/// Pay the worker of an answer a bonus, with a message.
#[utoipa::path(post, path = "/api/v1/assignments/{id}/bonus", request_body = BonusRequest,
    responses((status = 201, body = BonusView), (status = 402, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn bonus(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<BonusRequest>,
) -> ApiResult<(StatusCode, Json<BonusView>)> {
    let _ = owned_answer(&state, &caller, &id).await?;
    let currency = &state.settings.currency;
    let amount = parse_amount(&req.amount, currency, "/amount")?;
    let message = parse_note(&req.message).map_err(|m| AppError::field("/message", m))?;
    let key = match req.idempotency_key {
        Some(k) if k.len() <= 200 && !k.trim().is_empty() => k,
        Some(_) => {
            return Err(AppError::field(
                "/idempotency_key",
                Msg::coded(
                    "err-idempotency-key-length",
                    Vec::new(),
                    "must be 1 to 200 characters",
                ),
            ));
        }
        None => handprint_store::new_id(),
    };
    let paid = state
        .db
        .bonus(&id, amount, &message, &key, state.now())
        .await
        .map_err(|e| AppError::funds(e, currency, "this bonus"))?;
    let (created, fee) = (paid.created, paid.fee);
    Ok((
        if created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        },
        Json(BonusView {
            assignment_id: id,
            amount: fmt(&state, amount),
            fee: fmt(&state, fee),
            message,
            created,
        }),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkReviewRequest {
    /// Assignments to approve.
    #[serde(default)]
    pub approve: Vec<String>,
    /// Assignments to reject, each with its reason and message.
    #[serde(default)]
    pub reject: Vec<BulkRejection>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkRejection {
    pub assignment_id: String,
    pub reason: Option<String>,
    pub message: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct BulkResult {
    pub assignment_id: String,
    /// paid, rejected, unchanged (already so), or error.
    pub outcome: String,
    /// For errors: the problem's status and detail.
    pub status: Option<u16>,
    pub error: Option<String>,
    /// The same refusal, coded, for the web pages to show in the reader's language.
    #[serde(skip)]
    #[schema(ignore)]
    pub messages: Vec<Msg>,
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
            messages: Vec::new(),
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
            let messages = match &e {
                AppError::Invalid { problems, .. } => {
                    problems.iter().map(FieldProblem::msg).collect()
                }
                other => other.message().cloned().into_iter().collect(),
            };
            BulkResult {
                assignment_id: id.to_string(),
                outcome: "error".into(),
                status: Some(code),
                error: Some(text),
                messages,
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
    caller.organization()?;
    if req.approve.len() + req.reject.len() > 10_000 {
        return Err(AppError::BadRequest(Msg::coded(
            "err-review-too-many",
            vec![("max", "10000".into())],
            "review at most 10000 answers per request",
        )));
    }
    let mut results = Vec::with_capacity(req.approve.len() + req.reject.len());
    for id in &req.approve {
        let r = async {
            owned_answer(&state, &caller, id).await?;
            do_approve(&state, id).await
        }
        .await;
        results.push(outcome(id, r));
    }
    for (i, item) in req.reject.iter().enumerate() {
        let r = async {
            let (row, project) = owned_answer(&state, &caller, &item.assignment_id).await?;
            let one = RejectRequest {
                reason: item.reason.clone(),
                message: item.message.clone(),
            };
            do_reject(&state, &row, &project, &one, &format!("/reject/{i}")).await
        }
        .await;
        results.push(outcome(&item.assignment_id, r));
    }
    Ok(Json(BulkReviewView { results }))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct SubmissionsQuery {
    /// pending (default) or all.
    pub review: Option<String>,
    /// Continue after this assignment id.
    pub after: Option<String>,
    /// At most this many (default 500, at most 5000).
    pub limit: Option<i64>,
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
    Path(id): Path<String>,
    Query(q): Query<SubmissionsQuery>,
) -> ApiResult<Json<Vec<SubmissionView>>> {
    let project = owned_project(&state, &caller, &id).await?;
    let filter = match q.review.as_deref().unwrap_or("pending") {
        "pending" => ReviewFilter::Pending,
        "all" => ReviewFilter::All,
        other => {
            return Err(AppError::BadRequest(Msg::coded(
                "err-review-filter",
                vec![("value", other.to_string())],
                format!("review=\"{other}\" is not offered: use pending or all"),
            )));
        }
    };
    let rows = state
        .db
        .submissions(
            &project.id,
            filter,
            q.after.as_deref().unwrap_or(""),
            q.limit.unwrap_or(500).clamp(1, 5000),
        )
        .await?;
    Ok(Json(
        rows.iter()
            .map(|r| SubmissionView {
                assignment_id: r.id.clone(),
                task_id: r.task_id.clone(),
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
    /// The message's named values, for the pages to show it in the reader's language.
    #[serde(skip)]
    #[schema(ignore)]
    pub args: Vec<(String, String)>,
}

/// What the platform told the requester about this project (top-ups to the pay floor, pauses), newest first.
#[utoipa::path(get, path = "/api/v1/projects/{id}/notices", responses((status = 200, body = [NoticeView])), security(("api_key" = [])))]
pub async fn notices(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<NoticeView>>> {
    let project = owned_project(&state, &caller, &id).await?;
    Ok(Json(
        state
            .db
            .notices(&project.id)
            .await?
            .into_iter()
            .map(|(kind, message, args, at)| NoticeView {
                kind,
                message,
                at: to_rfc3339(at),
                args: args
                    .and_then(|a| {
                        serde_json::from_str::<std::collections::BTreeMap<String, String>>(&a).ok()
                    })
                    .map(|a| a.into_iter().collect())
                    .unwrap_or_default(),
            })
            .collect(),
    ))
}
