//! The decision log's human side: a worker reads the automated decisions about them
//! and asks for a review; the organisation whose rule it was (or an operator, for an
//! operator's rule) upholds or reverses it with a written answer; a review left past
//! its deadline is decided for the worker ([`decide_overdue`], run by the jobs).
//! The API's `/api/v1/me/decisions` and `/api/v1/decisions…` and the pages
//! "Decisions about me" and "Reviews to decide" call these.

use crate::app::AppResult;
use crate::auth::Caller;
use crate::{AppError, AppState};
use handprint_core::account::Role;
use handprint_core::clock::MICROS_PER_SECOND;
use handprint_core::decision::{DecisionState, MAX_REVIEW_MESSAGE_CHARS};
use handprint_core::template::FieldProblem;
use handprint_core::{DecisionId, Msg, Timestamp};
use handprint_store::StoreError;
use handprint_store::decisions::{
    DecisionListed, OVERDUE_MESSAGE, Outcome, Resolution, ReviewCounts, ReviewScope, Reviewer,
};
use serde::Deserialize;

/// A review request: why the worker thinks the decision is wrong.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    pub message: Option<String>,
}

/// A review's answer: `outcome` "upheld" or "reversed", and the written reason.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveInput {
    pub outcome: Option<String>,
    pub message: Option<String>,
}

/// The decisions a reviewer sees, and the counts over them.
#[derive(Debug, Clone)]
pub struct ToReview {
    pub decisions: Vec<DecisionListed>,
    pub counts: ReviewCounts,
}

/// The calling worker's decisions, newest first (never another worker's).
pub async fn mine(state: &AppState, caller: &Caller) -> AppResult<Vec<DecisionListed>> {
    caller.require(Role::Worker)?;
    Ok(state.db.decisions_listed_of_worker(caller.id()).await?)
}

/// A required message of at most [`MAX_REVIEW_MESSAGE_CHARS`], trimmed.
fn message(value: Option<&String>, p: &mut Vec<FieldProblem>) -> String {
    let t = value.map(|s| s.trim().to_string()).unwrap_or_default();
    if t.is_empty() {
        p.push(FieldProblem::coded(
            "/message",
            "problem-required",
            Vec::new(),
        ));
    } else if t.chars().count() > MAX_REVIEW_MESSAGE_CHARS {
        p.push(FieldProblem::coded(
            "/message",
            "problem-too-long",
            vec![("max", MAX_REVIEW_MESSAGE_CHARS.to_string())],
        ));
    }
    t
}

fn invalid(problems: Vec<FieldProblem>) -> AppError {
    AppError::invalid(Msg::coded("err-decision-invalid", Vec::new()), problems)
}

/// The worker asks a person to review an adverse decision about them, once, with a
/// message; the review is due `decision_review_days` later.
pub async fn request_review(
    state: &AppState,
    caller: &Caller,
    id: &DecisionId,
    input: &ReviewInput,
) -> AppResult<DecisionListed> {
    caller.require(Role::Worker)?;
    let mut p = Vec::new();
    let text = message(input.message.as_ref(), &mut p);
    if !p.is_empty() {
        return Err(invalid(p));
    }
    let now = state.now();
    let due = now + state.settings.decision_review_days * 86_400 * MICROS_PER_SECOND;
    state
        .db
        .request_review(id, caller.id(), &text, due, now)
        .await?;
    tracing::info!(decision = %id, "a worker asked for a review of a decision");
    Ok(state.db.decision_listed(id).await?)
}

/// Who the caller reviews for: a requester its organisation, an operator the
/// operators' decisions; a worker none (403).
fn reviewer(caller: &Caller) -> AppResult<Reviewer<'_>> {
    match caller.role() {
        Role::Requester => Ok(Reviewer::Organization(caller.organization()?)),
        Role::Operator => Ok(Reviewer::Operator),
        Role::Worker => Err(AppError::Forbidden(Msg::coded(
            "err-decision-reviewers",
            Vec::new(),
        ))),
    }
}

/// The decisions a reviewer sees, in `filter` state when given: a requester its
/// organisation's; an operator every one (operator decisions to decide, the others
/// for oversight), with the counts over the same scope.
pub async fn to_review(
    state: &AppState,
    caller: &Caller,
    filter: Option<&str>,
) -> AppResult<ToReview> {
    let scope = match reviewer(caller)? {
        Reviewer::Organization(org) => ReviewScope::Organization(org),
        Reviewer::Operator => ReviewScope::All,
    };
    let wanted = match filter.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => Some(DecisionState::parse(text).ok_or_else(|| {
            AppError::not_offered(
                "state",
                text,
                "in_effect, review_requested, upheld or reversed",
            )
        })?),
    };
    let decisions = state.db.decisions_to_review(scope, wanted).await?;
    let counts = state.db.review_counts(scope, state.now()).await?;
    Ok(ToReview { decisions, counts })
}

/// The review counts over what the caller reviews or oversees (an operator: every
/// decision).
pub async fn counts(state: &AppState, caller: &Caller) -> AppResult<ReviewCounts> {
    let scope = match reviewer(caller)? {
        Reviewer::Organization(org) => ReviewScope::Organization(org),
        Reviewer::Operator => ReviewScope::All,
    };
    Ok(state.db.review_counts(scope, state.now()).await?)
}

/// Whether `caller` decides this decision's review: its organisation's requesters, or
/// operators for an operator's decision.
pub fn decides(caller: &Caller, d: &DecisionListed) -> bool {
    match (reviewer(caller), d.row.organization()) {
        (Ok(Reviewer::Organization(org)), Some(of)) => org == &of,
        (Ok(Reviewer::Operator), None) => true,
        _ => false,
    }
}

/// Uphold or reverse a decision whose review was asked for, with a written answer.
/// Another organisation's decision is not found; an operator may read every decision
/// but decides only the operators' (403 for an organisation's).
pub async fn resolve(
    state: &AppState,
    caller: &Caller,
    id: &DecisionId,
    input: &ResolveInput,
) -> AppResult<DecisionListed> {
    reviewer(caller)?;
    let d = state.db.decision_listed(id).await?;
    if !decides(caller, &d) {
        return Err(match caller.role() {
            Role::Operator => AppError::Forbidden(Msg::coded("err-decision-not-yours", Vec::new())),
            _ => AppError::not_found("decision"),
        });
    }
    let mut p = Vec::new();
    let outcome_text = input.outcome.as_deref().unwrap_or("").trim();
    let outcome = match outcome_text {
        "upheld" => Some(Outcome::Upheld),
        "reversed" => Some(Outcome::Reversed),
        _ => {
            p.push(FieldProblem::coded(
                "/outcome",
                "problem-decision-outcome",
                vec![("value", outcome_text.to_string())],
            ));
            None
        }
    };
    let text = message(input.message.as_ref(), &mut p);
    let Some(outcome) = outcome.filter(|_| p.is_empty()) else {
        return Err(invalid(p));
    };
    state
        .db
        .resolve_review(
            id,
            &Resolution {
                outcome,
                message: &text,
                by: Some(caller.id()),
                now: state.now(),
            },
        )
        .await?;
    tracing::info!(decision = %id, outcome = outcome.state().as_str(), "a decision's review was decided");
    Ok(state.db.decision_listed(id).await?)
}

/// Decide every review past its deadline for the worker: reversed, marked as decided
/// automatically, with a coded message; each one logged. Returns how many.
pub async fn decide_overdue(state: &AppState, now: Timestamp) -> Result<usize, StoreError> {
    let mut decided = 0;
    loop {
        let due = state.db.overdue_reviews(now, OVERDUE_BATCH).await?;
        for id in &due {
            let r = Resolution {
                outcome: Outcome::Reversed,
                message: OVERDUE_MESSAGE,
                by: None,
                now,
            };
            match state.db.resolve_review(id, &r).await {
                Ok(_) => {
                    decided += 1;
                    tracing::info!(decision = %id, "a review past its deadline was decided for the worker");
                }
                // Decided by a person (or another process) meanwhile.
                Err(StoreError::Conflict(_)) => {}
                Err(e) => return Err(e),
            }
        }
        if (due.len() as i64) < OVERDUE_BATCH {
            return Ok(decided);
        }
    }
}

const OVERDUE_BATCH: i64 = 200;
