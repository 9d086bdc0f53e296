//! Trust and safety decided by people (issue 16): requester verification, the queue of
//! workers' reports, takedowns (done work paid, leases given back, the rest of the
//! escrow returned), suspensions with one appeal decided by another operator, and the
//! trust log. Only operators act here, each act with a written reason; nothing
//! automated calls these.

use crate::AppState;
use crate::app::{AppError, AppResult};
use crate::auth::Caller;
use handprint_core::account::Role;
use handprint_core::project::ProjectState;
use handprint_core::trust::{AppealOutcome, ReportOutcome, parse_checks, parse_reason};
use handprint_core::{Msg, OrganizationId, ProjectId, UserId};
use handprint_store::accounts::UserRow;
use handprint_store::review::Payment;
use handprint_store::trust::{
    QueuedReport, ReportFilter, SuspensionRow, TakedownRow, TrustLogRow, VerificationRow,
};
use serde::Deserialize;

/// How many reports and log entries a list shows at most.
const LIST_LIMIT: i64 = 200;

// What an operator checked about a requester. The problem path is `/checks`.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    /// What was checked, e.g. ["identity of the signatory", "company registry entry"].
    pub checks: Vec<String>,
}

// A written reason for an operator's act. The problem path is `/reason`.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    /// Why (shown to whom the act concerns).
    pub reason: String,
}

// An operator's decision on a report or an appeal. Problems name `/outcome` and `/reason`.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecideRequest {
    /// A report: "dismiss" or "take_down"; an appeal: "lift" or "uphold".
    pub outcome: String,
    pub reason: String,
}

// The holder's appeal of their suspension. The problem path is `/text`.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppealRequest {
    pub text: String,
}

fn reason_at(text: &str, path: &str) -> AppResult<String> {
    parse_reason(text).map_err(|m| AppError::field(path, m))
}

/// Record what an operator checked about organisation `id`: its projects and its public
/// record show it as verified.
pub async fn verify(
    state: &AppState,
    caller: &Caller,
    id: &OrganizationId,
    req: &VerifyRequest,
) -> AppResult<VerificationRow> {
    caller.require(Role::Operator)?;
    let checks = parse_checks(&req.checks).map_err(|m| AppError::field("/checks", m))?;
    Ok(state
        .db
        .verify_organization(id, &checks, caller.id(), state.now())
        .await?)
}

/// Revoke organisation `id`'s verification, with a reason.
pub async fn revoke(
    state: &AppState,
    caller: &Caller,
    id: &OrganizationId,
    req: &ReasonRequest,
) -> AppResult<()> {
    caller.require(Role::Operator)?;
    let reason = reason_at(&req.reason, "/reason")?;
    Ok(state
        .db
        .revoke_verification(id, &reason, caller.id(), state.now())
        .await?)
}

/// Organisation `id`'s verification in force, for anyone (the public record).
pub async fn verification(
    state: &AppState,
    id: &OrganizationId,
) -> AppResult<Option<VerificationRow>> {
    Ok(state.db.organization_verification(id).await?)
}

/// The report queue: `open` (default, oldest first) or `closed` (newest first).
pub async fn reports(
    state: &AppState,
    caller: &Caller,
    wanted: Option<&str>,
) -> AppResult<Vec<QueuedReport>> {
    caller.require(Role::Operator)?;
    let filter = match wanted.unwrap_or("open") {
        "open" => ReportFilter::Open,
        "closed" => ReportFilter::Closed,
        other => return Err(AppError::not_offered("state", other, "open or closed")),
    };
    Ok(state.db.report_queue(filter, LIST_LIMIT).await?)
}

/// Decide report `id`: dismiss it, or take its project down (the reason is then the
/// takedown's, shown to the project's workers and requester).
pub async fn decide_report(
    state: &AppState,
    caller: &Caller,
    id: &str,
    req: &DecideRequest,
) -> AppResult<QueuedReport> {
    caller.require(Role::Operator)?;
    let outcome = ReportOutcome::parse(&req.outcome).map_err(|m| AppError::field("/outcome", m));
    let reason = reason_at(&req.reason, "/reason");
    let (outcome, reason) = match (outcome, reason) {
        (Ok(o), Ok(r)) => (o, r),
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let report = state.db.queued_report(id).await?;
    state
        .db
        .decide_report(id, outcome, &reason, caller.id(), state.now())
        .await?;
    if outcome == ReportOutcome::TakenDown && state.db.takedown(&report.project_id).await?.is_none()
    {
        take_down_now(state, caller.id(), &report.project_id, &reason).await?;
    }
    Ok(state.db.queued_report(id).await?)
}

/// Take project `id` down with a reason: no new leases; submitted answers are approved
/// and paid through the usual approval; leases not submitted are given back; the rest
/// of the escrow returns to the requester's available balance.
pub async fn take_down(
    state: &AppState,
    caller: &Caller,
    id: &ProjectId,
    req: &ReasonRequest,
) -> AppResult<TakedownRow> {
    caller.require(Role::Operator)?;
    let reason = reason_at(&req.reason, "/reason")?;
    take_down_now(state, caller.id(), id, &reason).await
}

async fn take_down_now(
    state: &AppState,
    by: &UserId,
    id: &ProjectId,
    reason: &str,
) -> AppResult<TakedownRow> {
    let project = state.db.project(id).await?;
    let from = project.state();
    if matches!(from, ProjectState::Completed | ProjectState::Cancelled) {
        return Err(AppError::Conflict(Msg::coded(
            "err-takedown-closed",
            vec![("state", from.as_str().to_string())],
        )));
    }
    let now = state.now();
    state.db.record_takedown(id, reason, by, now).await?;
    // First no new leases, then give back what was leased, then pay what was done.
    let from = if from == ProjectState::Active {
        state
            .db
            .set_project_state(id, ProjectState::Active, ProjectState::Paused, now)
            .await?;
        ProjectState::Paused
    } else {
        from
    };
    for (assignment, worker) in state.db.unsubmitted_leases(id).await? {
        state
            .db
            .return_assignment(&assignment, &worker, now)
            .await?;
    }
    for assignment in state.db.unreviewed_answers(id).await? {
        state
            .db
            .pay_answer(&assignment, Payment::Approval, None, now)
            .await
            .map_err(|e| {
                AppError::funds(e, &state.settings.currency, "paying this project's answers")
            })?;
    }
    state
        .db
        .close_project(id, from, ProjectState::Cancelled, now, 0)
        .await?;
    state
        .db
        .takedown(id)
        .await?
        .ok_or_else(|| AppError::not_found("project"))
}

/// Project `id`'s takedown, if any: the reason its workers and requester are shown.
pub async fn takedown(state: &AppState, id: &ProjectId) -> AppResult<Option<TakedownRow>> {
    Ok(state.db.takedown(id).await?)
}

/// The takedowns of projects this worker worked on.
pub async fn takedowns_for(state: &AppState, worker: &UserId) -> AppResult<Vec<TakedownRow>> {
    Ok(state.db.takedowns_for_worker(worker).await?)
}

/// Suspend account `id` with a written reason, shown to its holder. A requester's
/// organisation's active projects are paused (they resume it themselves once it is
/// lifted). An operator cannot suspend themselves.
pub async fn suspend(
    state: &AppState,
    caller: &Caller,
    id: &UserId,
    req: &ReasonRequest,
) -> AppResult<SuspensionRow> {
    caller.require(Role::Operator)?;
    let reason = reason_at(&req.reason, "/reason")?;
    if id == caller.id() {
        return Err(AppError::Conflict(Msg::coded(
            "err-suspend-self",
            Vec::new(),
        )));
    }
    let row = state
        .db
        .suspend_account(id, &reason, caller.id(), state.now())
        .await?;
    state.key_cache.forget_user(id);
    Ok(row)
}

/// The suspensions in force, for operators.
pub async fn suspensions(state: &AppState, caller: &Caller) -> AppResult<Vec<SuspensionRow>> {
    caller.require(Role::Operator)?;
    Ok(state.db.suspensions_in_force().await?)
}

/// The holder's own suspension in force, if any.
pub async fn own_suspension(
    state: &AppState,
    holder: &UserRow,
) -> AppResult<Option<SuspensionRow>> {
    match &holder.suspension_id {
        Some(id) => Ok(Some(state.db.suspension(id).await?)),
        None => Ok(None),
    }
}

/// The holder's one appeal of their suspension, in their words.
pub async fn appeal(
    state: &AppState,
    holder: &UserRow,
    req: &AppealRequest,
) -> AppResult<SuspensionRow> {
    let Some(id) = &holder.suspension_id else {
        return Err(AppError::Conflict(Msg::coded(
            "err-not-suspended",
            Vec::new(),
        )));
    };
    let text = reason_at(&req.text, "/text")?;
    Ok(state
        .db
        .appeal_suspension(id, &holder.id, &text, state.now())
        .await?)
}

/// Decide suspension `id`'s appeal: only an operator other than the one who suspended
/// may (403 otherwise); 409 when there is no appeal waiting.
pub async fn decide_appeal(
    state: &AppState,
    caller: &Caller,
    id: &str,
    req: &DecideRequest,
) -> AppResult<SuspensionRow> {
    caller.require(Role::Operator)?;
    let outcome = AppealOutcome::parse(&req.outcome).map_err(|m| AppError::field("/outcome", m));
    let reason = reason_at(&req.reason, "/reason");
    let (outcome, reason) = match (outcome, reason) {
        (Ok(o), Ok(r)) => (o, r),
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let s = state.db.suspension(id).await?;
    if s.suspended_by == *caller.id() {
        return Err(AppError::Forbidden(Msg::coded(
            "err-appeal-same-operator",
            Vec::new(),
        )));
    }
    if s.appealed_at.is_none() || s.appeal_outcome.is_some() {
        return Err(AppError::Conflict(Msg::coded(
            "err-appeal-not-open",
            Vec::new(),
        )));
    }
    let row = state
        .db
        .decide_appeal(id, outcome, &reason, caller.id(), state.now())
        .await?;
    state.key_cache.forget_user(&row.user_id);
    Ok(row)
}

/// The trust log, newest first.
pub async fn log(state: &AppState, caller: &Caller) -> AppResult<Vec<TrustLogRow>> {
    caller.require(Role::Operator)?;
    Ok(state.db.trust_log(LIST_LIMIT).await?)
}

/// The refusal every API call of a suspended account gets: 403 with the reason.
pub async fn suspended_refusal(state: &AppState, suspension_id: &str) -> AppError {
    match state.db.suspension(suspension_id).await {
        Ok(s) => AppError::Forbidden(Msg::coded(
            "err-account-suspended",
            vec![("reason", s.reason)],
        )),
        Err(e) => e.into(),
    }
}

/// The id of the account with this email, for an operator naming it on a page.
pub async fn account_by_email(state: &AppState, caller: &Caller, email: &str) -> AppResult<UserId> {
    caller.require(Role::Operator)?;
    match state.db.user_by_email(email.trim()).await? {
        Some(u) => Ok(u.id),
        None => Err(AppError::field(
            "/email",
            Msg::coded(
                "err-no-such-account",
                vec![("email", email.trim().to_string())],
            ),
        )),
    }
}
