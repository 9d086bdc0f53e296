//! Disputes: a worker contests a rejection within 7 days; the requester may
//! reverse it, otherwise an operator decides with both sides' messages and the
//! answer in front of them. Overturned (or undecided by the deadline) → paid in
//! full; upheld → the rejection is final. The API (`api::disputes`), the disputes
//! page and the worker's history page call these.

use crate::AppState;
use crate::app::access::owned_project;
use crate::app::{AppError, AppResult};
use crate::auth::Caller;
use handprint_core::account::Role;
use handprint_core::review::{DisputeState, parse_note};
use handprint_core::{AssignmentId, Msg, ProjectId, TaskId};
use handprint_store::StoreError;
use handprint_store::projects::ProjectRow;
use handprint_store::review::{
    DisputeClose, DisputeDecider, DisputeFilter, DisputeRow, Payment, ReviewRow,
};
use handprint_store::tasks::TaskRow;
use serde::Deserialize;
use std::collections::HashMap;

// A worker's dispute of a rejection.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisputeRequest {
    /// Why the rejection is wrong, for the requester and the operator.
    pub message: String,
}

// A requester's reversal of the rejection.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReverseRequest {
    /// Optional word to the worker.
    pub message: Option<String>,
}

// An operator's decision.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecideRequest {
    /// overturn (the worker is paid in full) or uphold (the rejection is final).
    pub decision: String,
    /// The reasoning, shown to both sides.
    pub message: String,
}

/// A dispute with what it is about: the answer and its review, the task and the project.
pub struct Dispute {
    pub row: DisputeRow,
    pub review: ReviewRow,
    pub task: TaskRow,
    pub project: ProjectRow,
}

async fn with_details(state: &AppState, row: DisputeRow) -> AppResult<Dispute> {
    let review = state.db.review_row(&row.assignment_id).await?;
    let project = state.db.project(&row.project_id).await?;
    let task = state.db.task(&review.task_id).await?;
    Ok(Dispute {
        row,
        review,
        task,
        project,
    })
}

/// A dispute the caller may see: their own (worker), their organisation's (requester), any (operator).
async fn visible(state: &AppState, caller: &Caller, id: &str) -> AppResult<DisputeRow> {
    let d = state.db.dispute(id).await?;
    let ok = match caller.role() {
        Role::Operator => true,
        Role::Worker => d.worker_id == *caller.id(),
        Role::Requester => owned_project(state, caller, &d.project_id).await.is_ok(),
    };
    if ok {
        Ok(d)
    } else {
        Err(AppError::not_found("dispute"))
    }
}

/// Dispute a rejection of the caller's answer `assignment_id`, within 7 days of it.
/// The message's problems are at `/message`; 409 when it is disputed already.
pub async fn open(
    state: &AppState,
    caller: &Caller,
    assignment_id: &AssignmentId,
    req: &DisputeRequest,
) -> AppResult<Dispute> {
    caller.require(Role::Worker)?;
    let message = parse_note(&req.message).map_err(|m| AppError::field("/message", m))?;
    let d = state
        .db
        .open_dispute(assignment_id, caller.id(), &message, state.now())
        .await
        .map_err(|e| match e {
            StoreError::Duplicate { .. } => {
                AppError::Conflict(Msg::coded("err-dispute-exists", Vec::new()))
            }
            other => other.into(),
        })?;
    state.metrics.dispute_opened();
    with_details(state, d).await
}

/// Disputes: the caller's own (worker), their organisation's (requester), or those
/// in state `wanted` (operator; open by default).
pub async fn list(
    state: &AppState,
    caller: &Caller,
    wanted: Option<&str>,
) -> AppResult<Vec<Dispute>> {
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
        Role::Operator => match DisputeState::try_from(wanted.unwrap_or("open").to_string()) {
            Ok(wanted) => state.db.disputes(DisputeFilter::State(wanted)).await?,
            // No dispute is in a state Handprint does not know.
            Err(_) => Vec::new(),
        },
    };
    all_with_details(state, rows).await
}

/// [`with_details`] for a whole list in three queries, whatever its length (a list
/// holds up to 1,000 disputes).
async fn all_with_details(state: &AppState, rows: Vec<DisputeRow>) -> AppResult<Vec<Dispute>> {
    fn unique<T: Ord + Clone>(ids: impl Iterator<Item = T>) -> Vec<T> {
        let mut ids: Vec<T> = ids.collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
    let answers = unique(rows.iter().map(|d| d.assignment_id.clone()));
    let mut reviews: HashMap<AssignmentId, ReviewRow> = (state.db.review_rows(&answers).await?)
        .into_iter()
        .map(|r| (r.id.clone(), r))
        .collect();
    let project_ids = unique(rows.iter().map(|d| d.project_id.clone()));
    let projects: HashMap<ProjectId, ProjectRow> = (state.db.projects_by_ids(&project_ids).await?)
        .into_iter()
        .map(|p| (p.id.clone(), p))
        .collect();
    let task_ids = unique(reviews.values().map(|r| r.task_id.clone()));
    let tasks: HashMap<TaskId, TaskRow> = (state.db.tasks_by_ids(&task_ids).await?)
        .into_iter()
        .map(|t| (t.id.clone(), t))
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        // A dispute's answer, task and project are never deleted.
        let review = reviews
            .remove(&row.assignment_id)
            .ok_or_else(|| AppError::not_found("assignment"))?;
        let task = tasks
            .get(&review.task_id)
            .cloned()
            .ok_or_else(|| AppError::not_found("task"))?;
        let project = projects
            .get(&row.project_id)
            .cloned()
            .ok_or_else(|| AppError::not_found("project"))?;
        out.push(Dispute {
            row,
            review,
            task,
            project,
        });
    }
    Ok(out)
}

/// One dispute the caller may see (404 otherwise).
pub async fn read(state: &AppState, caller: &Caller, id: &str) -> AppResult<Dispute> {
    let d = visible(state, caller, id).await?;
    with_details(state, d).await
}

/// The requester takes the rejection back: the answer is paid in full now.
/// The optional message's problems are at `/message`; 409 once decided.
pub async fn reverse(
    state: &AppState,
    caller: &Caller,
    id: &str,
    req: &ReverseRequest,
) -> AppResult<Dispute> {
    caller.require(Role::Requester)?;
    let d = visible(state, caller, id).await?;
    if d.state != DisputeState::Open {
        return Err(already_decided(d.state));
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
                decided_by: caller.id().as_str(),
            }),
            state.now(),
        )
        .await
        .map_err(|e| AppError::funds(e, &state.settings.currency, "paying this answer"))?;
    let d = state.db.dispute(id).await?;
    with_details(state, d).await
}

/// An operator decides an open dispute: `overturn` (paid in full) or `uphold` (the
/// rejection is final). Problems at `/message` and `/decision`; 409 once decided.
pub async fn decide(
    state: &AppState,
    caller: &Caller,
    id: &str,
    req: &DecideRequest,
) -> AppResult<Dispute> {
    caller.require(Role::Operator)?;
    let message = parse_note(&req.message).map_err(|m| AppError::field("/message", m))?;
    let d = state.db.dispute(id).await?;
    if d.state != DisputeState::Open {
        return Err(already_decided(d.state));
    }
    let now = state.now();
    let close = |state| {
        Some(DisputeClose {
            state,
            decider: DisputeDecider::Operator,
            message: Some(&message),
            decided_by: caller.id().as_str(),
        })
    };
    match req.decision.as_str() {
        "overturn" => {
            state
                .db
                .pay_answer(
                    &d.assignment_id,
                    Payment::Overturn,
                    close(DisputeState::Overturned),
                    now,
                )
                .await
                .map_err(|e| AppError::funds(e, &state.settings.currency, "paying this answer"))?;
        }
        "uphold" => {
            state
                .db
                .finalize_rejection(&d.assignment_id, close(DisputeState::Upheld), now)
                .await?;
        }
        other => {
            return Err(AppError::field(
                "/decision",
                Msg::coded("err-dispute-decision", vec![("value", other.to_string())]),
            ));
        }
    }
    let d = state.db.dispute(id).await?;
    with_details(state, d).await
}

/// 409: the dispute was decided already (`state`: overturned, upheld, reversed).
fn already_decided(state: DisputeState) -> AppError {
    let state = state.as_str();
    AppError::Conflict(Msg::coded(
        "err-dispute-already",
        vec![("state", state.to_string())],
    ))
}
