//! Reviewing answers: approve (paid at once from escrow), reject (a listed reason
//! and a message the worker reads; never an answer that agrees with the item's
//! majority label), in bulk, and bonuses; a project's answers to review and the
//! platform's notices about it. The API (`api::review`) and the review page
//! (`web::review`) both call these.

use crate::AppState;
use crate::app::access::owned_project;
use crate::app::{AppError, AppResult};
use crate::auth::Caller;
use crate::metrics::ApprovedBy;
use handprint_core::ProjectId;
use handprint_core::money::Money;
use handprint_core::review::{
    RejectionReason, agrees_with_majority, parse_message, parse_note, text_label,
};
use handprint_core::template::{FieldProblem, Template, TemplateKind};
use handprint_core::{AssignmentId, Msg};
use handprint_store::StoreError;
use handprint_store::projects::ProjectRow;
use handprint_store::review::{BonusOutcome, NewBonus, Payment, ReviewFilter, ReviewRow, Reviewed};
use serde::Deserialize;

// A rejection as the requester writes it; both parts are checked here.
#[derive(Deserialize, utoipa::ToSchema, Clone, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RejectRequest {
    /// One of: instructions_not_followed, failed_control_items, empty_or_nonsensical, duplicate_answer.
    pub reason: Option<String>,
    /// What was wrong, for the worker: at least 50 characters.
    pub message: Option<String>,
}

// A bonus to the worker of an answer.
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

/// Where a bonus's problems are reported: at the JSON API's fields
/// ([`BonusFields::API`]), or at a form's, which names its inputs as its page needs.
#[derive(Debug, Clone, Copy)]
pub struct BonusFields {
    pub amount: &'static str,
    pub message: &'static str,
}

impl BonusFields {
    /// `/amount` and `/message`, as [`BonusRequest`] names them.
    pub const API: BonusFields = BonusFields {
        amount: "/amount",
        message: "/message",
    };
}

// Many reviews at once.
#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct BulkReviewRequest {
    /// Assignments to approve.
    #[serde(default)]
    #[schema(value_type = Vec<String>)]
    pub approve: Vec<AssignmentId>,
    /// Assignments to reject, each with its reason and message.
    #[serde(default)]
    pub reject: Vec<BulkRejection>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkRejection {
    #[schema(value_type = String)]
    pub assignment_id: AssignmentId,
    pub reason: Option<String>,
    pub message: Option<String>,
}

// Which of a project's answers to list, from where, and how many.
#[derive(Deserialize, utoipa::IntoParams, Default)]
pub struct SubmissionsQuery {
    /// pending (default) or all.
    pub review: Option<String>,
    /// Continue after this assignment id.
    pub after: Option<String>,
    /// At most this many (default 500, at most 5000).
    pub limit: Option<i64>,
}

/// An answer with its review, and the project it belongs to.
pub struct Answer {
    pub row: ReviewRow,
    pub project: ProjectRow,
}

/// A bonus paid (or found paid already, under the same idempotency key).
pub struct Bonus {
    pub amount: Money,
    pub fee: Money,
    pub message: String,
    /// False when this bonus (same idempotency key) had already been paid.
    pub created: bool,
}

/// What the platform told the requester about a project.
pub struct Notice {
    /// e.g. pay_floor_topup, paused_for_pay_floor.
    pub kind: String,
    pub message: String,
    /// The message's named values, for showing it in the reader's language.
    pub args: Vec<(String, String)>,
    pub at: handprint_core::Timestamp,
}

/// The answer and its project, if the caller's organisation owns it (404 otherwise).
async fn owned_answer(state: &AppState, caller: &Caller, id: &AssignmentId) -> AppResult<Answer> {
    let row = state.db.review_row(id).await?;
    let project = owned_project(state, caller, &row.project_id)
        .await
        .map_err(|_| AppError::not_found("assignment"))?;
    Ok(Answer { row, project })
}

/// An answer's review: for its worker or its requester (404 for anyone else).
pub async fn read(state: &AppState, caller: &Caller, id: &AssignmentId) -> AppResult<Answer> {
    let row = state.db.review_row(id).await?;
    if row.worker_id == *caller.id() {
        let project = state.db.project(&row.project_id).await?;
        Ok(Answer { row, project })
    } else {
        owned_answer(state, caller, id).await
    }
}

/// Approve one answer: its reward goes from escrow to the worker's available balance now.
/// Returns the answer as it is afterwards.
pub async fn approve(state: &AppState, caller: &Caller, id: &AssignmentId) -> AppResult<Answer> {
    let Answer { project, .. } = owned_answer(state, caller, id).await?;
    pay(state, id).await?;
    let row = state.db.review_row(id).await?;
    Ok(Answer { row, project })
}

async fn pay(state: &AppState, id: &AssignmentId) -> AppResult<Reviewed> {
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

/// Reject one answer. The worker sees the reason and message and may dispute within 7 days.
/// Problems are reported at `/reason` and `/message`. Returns the answer as it is afterwards.
pub async fn reject(
    state: &AppState,
    caller: &Caller,
    id: &AssignmentId,
    req: &RejectRequest,
) -> AppResult<Answer> {
    let Answer { row, project } = owned_answer(state, caller, id).await?;
    refuse(state, &row, &project, req, "").await?;
    let row = state.db.review_row(id).await?;
    Ok(Answer { row, project })
}

/// The rejection's reason and message, or every problem with them (at `{path_prefix}/reason`
/// and `{path_prefix}/message`).
fn rejection(req: &RejectRequest, path_prefix: &str) -> AppResult<(RejectionReason, String)> {
    let mut problems = Vec::new();
    let reason = match req.reason.as_deref() {
        None => {
            problems.push(FieldProblem::coded(
                format!("{path_prefix}/reason"),
                "err-reject-reason-missing",
                vec![(
                    "all",
                    RejectionReason::ALL.map(RejectionReason::as_str).join(", "),
                )],
            ));
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
    match (reason, message) {
        (Some(reason), Some(message)) => Ok((reason, message)),
        _ => Err(AppError::invalid(
            Msg::coded("err-reject-incomplete", Vec::new()),
            problems,
        )),
    }
}

async fn refuse(
    state: &AppState,
    row: &ReviewRow,
    project: &ProjectRow,
    req: &RejectRequest,
    path_prefix: &str,
) -> AppResult<Reviewed> {
    let (reason, message) = rejection(req, path_prefix)?;
    if row.state == handprint_core::work::AssignmentState::Submitted
        && row.review_state.is_none()
        && agrees_with_label(state, row, project).await?
    {
        return Err(AppError::Conflict(Msg::coded(
            "err-reject-agrees",
            Vec::new(),
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
) -> AppResult<bool> {
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

/// A positive amount in the instance currency for the field at `path`.
fn positive_amount(state: &AppState, text: &str, path: &str) -> AppResult<Money> {
    match Money::parse(text, &state.settings.currency) {
        Ok(m) if m.0 > 0 => Ok(m),
        Ok(_) => Err(AppError::field(
            path,
            Msg::coded("err-amount-not-positive", Vec::new()),
        )),
        Err(e) => Err(AppError::field(path, e.msg())),
    }
}

/// Pay the worker of an answer a bonus, with a message, from the organisation's
/// available balance (the platform fee on top). Problems at `fields` (the amount
/// and the message) and `/idempotency_key`; 402 when the balance does not cover it.
pub async fn bonus(
    state: &AppState,
    caller: &Caller,
    id: &AssignmentId,
    req: BonusRequest,
    fields: BonusFields,
) -> AppResult<Bonus> {
    owned_answer(state, caller, id).await?;
    let amount = positive_amount(state, &req.amount, fields.amount)?;
    let message = parse_note(&req.message).map_err(|m| AppError::field(fields.message, m))?;
    let key = match req.idempotency_key {
        Some(k) if k.len() <= 200 && !k.trim().is_empty() => k,
        Some(_) => {
            return Err(AppError::field(
                "/idempotency_key",
                Msg::coded("err-idempotency-key-length", Vec::new()),
            ));
        }
        None => handprint_store::new_id(),
    };
    let cap = state.settings.quotas.max_bonus_per_answer;
    let bonus = NewBonus {
        assignment: id,
        amount,
        message: &message,
        key: &key,
        cap,
    };
    let paid = match state.db.bonus(bonus, state.now()).await {
        Ok(BonusOutcome::Paid(paid)) => paid,
        Ok(BonusOutcome::OverCap { so_far }) => {
            let currency = &state.settings.currency;
            return Err(AppError::field(
                fields.amount,
                Msg::coded(
                    "err-bonus-over-cap",
                    vec![
                        ("cap", cap.format(currency)),
                        ("paid", so_far.format(currency)),
                        ("left", Money((cap.0 - so_far.0).max(0)).format(currency)),
                    ],
                ),
            ));
        }
        Err(e) => return Err(AppError::funds(e, &state.settings.currency, "this bonus")),
    };
    Ok(Bonus {
        amount: paid.amount,
        fee: paid.fee,
        message,
        created: paid.created,
    })
}

/// Review many answers at once; each is done (or refused) on its own, approvals
/// first, in the order given. A rejection's problems are at `/reject/{i}/…`.
pub async fn bulk(
    state: &AppState,
    caller: &Caller,
    req: &BulkReviewRequest,
) -> AppResult<Vec<(AssignmentId, AppResult<Reviewed>)>> {
    caller.organization()?;
    if req.approve.len() + req.reject.len() > 10_000 {
        return Err(AppError::BadRequest(Msg::coded(
            "err-review-too-many",
            vec![("max", "10000".into())],
        )));
    }
    let mut results = Vec::with_capacity(req.approve.len() + req.reject.len());
    for id in &req.approve {
        let r = async {
            owned_answer(state, caller, id).await?;
            pay(state, id).await
        }
        .await;
        results.push((id.clone(), r));
    }
    for (i, item) in req.reject.iter().enumerate() {
        let r = async {
            let Answer { row, project } = owned_answer(state, caller, &item.assignment_id).await?;
            let one = RejectRequest {
                reason: item.reason.clone(),
                message: item.message.clone(),
            };
            refuse(state, &row, &project, &one, &format!("/reject/{i}")).await
        }
        .await;
        results.push((item.assignment_id.clone(), r));
    }
    Ok(results)
}

/// A project's submitted answers with their review, in id order, and the project.
pub async fn submissions(
    state: &AppState,
    caller: &Caller,
    project_id: &ProjectId,
    q: &SubmissionsQuery,
) -> AppResult<(ProjectRow, Vec<ReviewRow>)> {
    let project = owned_project(state, caller, project_id).await?;
    let filter = match q.review.as_deref().unwrap_or("pending") {
        "pending" => ReviewFilter::Pending,
        "all" => ReviewFilter::All,
        other => {
            return Err(AppError::BadRequest(Msg::coded(
                "err-review-filter",
                vec![("value", other.to_string())],
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
    Ok((project, rows))
}

/// One submitted answer of one of the caller's projects, as [`submissions`] lists
/// them (the review page's view of one assignment, linked from its messages); 404
/// when `assignment` is not a submission to that project.
pub async fn submission(
    state: &AppState,
    caller: &Caller,
    project_id: &ProjectId,
    assignment: &AssignmentId,
) -> AppResult<(ProjectRow, Vec<ReviewRow>)> {
    let project = owned_project(state, caller, project_id).await?;
    match state.db.review_row(assignment).await {
        Ok(row)
            if row.project_id == project.id
                && row.state == handprint_core::work::AssignmentState::Submitted =>
        {
            Ok((project, vec![row]))
        }
        Ok(_) | Err(StoreError::NotFound(_)) => Err(AppError::not_found("assignment")),
        Err(e) => Err(e.into()),
    }
}

/// What the platform told the requester about this project (top-ups to the pay
/// floor, pauses), newest first.
pub async fn notices(
    state: &AppState,
    caller: &Caller,
    project_id: &ProjectId,
) -> AppResult<Vec<Notice>> {
    let project = owned_project(state, caller, project_id).await?;
    Ok(state
        .db
        .notices(&project.id)
        .await?
        .into_iter()
        .map(|(kind, message, args, at)| Notice {
            kind,
            message,
            at,
            args: args
                .and_then(|a| {
                    serde_json::from_str::<std::collections::BTreeMap<String, String>>(&a).ok()
                })
                .map(|a| a.into_iter().collect())
                .unwrap_or_default(),
        })
        .collect())
}
