//! An organisation's worker lists: workers it includes (projects open to listed
//! workers only admit them) and workers it blocks from all its projects, each change
//! with a written reason, who made it and when. Workers are named by the pseudonym of
//! the organisation's exports. `/api/v1/worker-lists…` calls these; the claim applies
//! them (`store::work::ELIGIBLE_SQL`) and a blocked worker reads the reason.

use crate::app::AppResult;
use crate::app::qualifications::resolve_worker;
use crate::auth::Caller;
use crate::{AppError, AppState};
use handprint_core::Msg;
use handprint_core::account::Role;
use handprint_core::template::FieldProblem;
use handprint_store::worker_lists::{ListChange, ListedRow, WorkerList};
use serde::Deserialize;

/// Put a worker on a list: `{list: "include"|"block", reason}` (a reason is required).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ListInput {
    pub list: Option<String>,
    pub reason: Option<String>,
}

/// Take a worker off the lists: `{reason}`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnlistInput {
    pub reason: Option<String>,
}

fn reason(text: Option<&String>, p: &mut Vec<FieldProblem>) -> String {
    let t = text.map(|s| s.trim().to_string()).unwrap_or_default();
    if t.is_empty() {
        p.push(FieldProblem::coded(
            "/reason",
            "problem-required",
            Vec::new(),
        ));
    } else if t.chars().count() > 2_000 {
        p.push(FieldProblem::coded(
            "/reason",
            "problem-too-long",
            vec![("max", "2000".to_string())],
        ));
    }
    t
}

fn invalid(problems: Vec<FieldProblem>) -> AppError {
    AppError::invalid(Msg::coded("err-worker-list-invalid", Vec::new()), problems)
}

/// The caller's organisation's lists.
pub async fn list(state: &AppState, caller: &Caller) -> AppResult<Vec<ListedRow>> {
    caller.require(Role::Requester)?;
    Ok(state.db.worker_lists(caller.organization()?).await?)
}

/// Put the worker named `worker` (a pseudonym of the organisation's exports) on a list.
pub async fn put(
    state: &AppState,
    caller: &Caller,
    worker: &str,
    input: &ListInput,
) -> AppResult<ListedRow> {
    caller.require(Role::Requester)?;
    let org = caller.organization()?;
    let mut p = Vec::new();
    let named = input.list.as_deref().unwrap_or("").trim();
    let list = WorkerList::parse(named);
    if list.is_none() {
        p.push(FieldProblem::coded(
            "/list",
            "problem-worker-list",
            vec![("value", named.to_string())],
        ));
    }
    let reason = reason(input.reason.as_ref(), &mut p);
    if !p.is_empty() {
        return Err(invalid(p));
    }
    let id = resolve_worker(state, caller, Some(worker), "/worker").await?;
    state
        .db
        .change_worker_list(&ListChange {
            organization: org,
            worker: &id,
            named_as: worker.trim(),
            list,
            reason: &reason,
            by: caller.id(),
            now: state.now(),
        })
        .await?;
    state
        .db
        .listed(org, &id)
        .await?
        .ok_or_else(|| AppError::not_found("worker"))
}

/// Take the worker off the organisation's lists, with a reason; 404 when on none.
pub async fn remove(
    state: &AppState,
    caller: &Caller,
    worker: &str,
    input: &UnlistInput,
) -> AppResult<()> {
    caller.require(Role::Requester)?;
    let org = caller.organization()?;
    let mut p = Vec::new();
    let reason = reason(input.reason.as_ref(), &mut p);
    if !p.is_empty() {
        return Err(invalid(p));
    }
    let id = resolve_worker(state, caller, Some(worker), "/worker").await?;
    let removed = state
        .db
        .change_worker_list(&ListChange {
            organization: org,
            worker: &id,
            named_as: worker.trim(),
            list: None,
            reason: &reason,
            by: caller.id(),
            now: state.now(),
        })
        .await?;
    if removed {
        Ok(())
    } else {
        Err(AppError::NotFound(Msg::coded(
            "err-worker-not-listed",
            Vec::new(),
        )))
    }
}
