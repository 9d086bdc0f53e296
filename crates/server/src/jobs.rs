//! Background jobs: lease expiry, auto-approval after the review window, final
//! rejections and undecided disputes, top-ups to the pay floor, releasing the
//! escrow of closed projects, deciding overdue reviews of automated decisions for
//! the worker, forgetting old web sessions, and delivering job alerts. Each is safe to run
//! in several server processes at once: the store's updates are conditional on the row's state (and money moves
//! under idempotency keys), so every lease expires and every answer is paid exactly
//! once. Time comes from the state's clock, so tests move it instead of sleeping.

use crate::AppState;
use crate::metrics::ApprovedBy;
use crate::web::session::ANONYMOUS_SESSION_SECONDS;
use handprint_core::clock::MICROS_PER_SECOND;
use handprint_core::review::DisputeState;
use handprint_core::{ProjectId, Timestamp};
use handprint_store::StoreError;
use handprint_store::payfloor::FloorOutcome;
use handprint_store::review::{
    DisputeClose, DisputeDecider, DueAnswer, DueCursor, Payment, Reviewed,
};
use std::collections::HashSet;
use std::time::Duration;
use tokio::task::JoinHandle;

/// Start the periodic jobs; abort the handle to stop them.
pub fn spawn(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(
            state.settings.sweep_interval_seconds.max(1),
        ));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            run_once(&state).await;
        }
    })
}

/// One pass of every job (tests call this directly after moving the clock).
pub async fn run_once(state: &AppState) {
    let now = state.now();
    match state.db.expire_leases(now).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(expired = n, "expired leases returned to the pool"),
        Err(e) => tracing::warn!(error = %e, "lease expiry failed; will retry"),
    }
    auto_approve(state, now).await;
    settle_rejections(state, now).await;
    apply_pay_floor(state, now).await;
    release_closed(state, now).await;
    decide_overdue_reviews(state, now).await;
    prune_sessions(state, now).await;
    media_retention(state).await;
    job_alerts(state, now).await;
}

/// Queued job alerts (a project published, resumed or given new items) delivered:
/// notifications and e-mail (`app::alerts::deliver`).
async fn job_alerts(state: &AppState, now: Timestamp) {
    match crate::app::alerts::deliver(state, now).await {
        Ok((0, 0)) => {}
        Ok((notified, mailed)) => tracing::info!(notified, mailed, "job alerts delivered"),
        Err(e) => {
            tracing::warn!(error = %e, "delivering job alerts failed (the events claimed in this pass are not retried)")
        }
    }
}

/// The media of projects completed or cancelled longer than the retention ago are
/// deleted, from the storage and then from the index (`app::media::apply_retention`).
async fn media_retention(state: &AppState) {
    match crate::app::media::apply_retention(state).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(projects = n, "media past their retention deleted"),
        Err(e) => tracing::warn!(error = %e, "deleting media past retention failed; will retry"),
    }
}

/// Reviews of automated decisions nobody answered by their deadline are decided for
/// the worker (each logged by `app::decisions::decide_overdue`).
async fn decide_overdue_reviews(state: &AppState, now: Timestamp) {
    match crate::app::decisions::decide_overdue(state, now).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(
            decided = n,
            "overdue decision reviews decided for the worker"
        ),
        Err(e) => {
            tracing::warn!(error = %e, "deciding overdue decision reviews failed; will retry")
        }
    }
}

/// Sessions past their end, and anonymous ones (opened for a sign-in form's CSRF
/// token) older than their one-day life, are forgotten: visitors who never sign in
/// would otherwise leave a row each.
async fn prune_sessions(state: &AppState, now: Timestamp) {
    let anonymous_before = now - ANONYMOUS_SESSION_SECONDS * MICROS_PER_SECOND;
    match state.db.prune_sessions(now, anonymous_before).await {
        Ok(0) => {}
        Ok(n) => tracing::debug!(pruned = n, "old web sessions forgotten"),
        Err(e) => tracing::warn!(error = %e, "pruning web sessions failed; will retry"),
    }
}

/// Answers left unreviewed past their project's review window are approved and paid.
/// One pass walks through every due answer (a cursor, in batches): an answer that
/// cannot be paid (the organisation cannot fund an answer beyond its escrow, say) is
/// logged and its project backed off for [`AUTO_APPROVE_BACKOFF_SECONDS`], so it
/// never holds up other projects' workers, in this pass or the next.
async fn auto_approve(state: &AppState, now: Timestamp) {
    let batch = state.settings.quotas.auto_approve_batch.max(1);
    let mut cursor = DueCursor::start();
    let mut backed_off: HashSet<ProjectId> = HashSet::new();
    let mut paid = 0;
    for _ in 0..MAX_BATCHES {
        let due = match state.db.due_for_auto_approval(now, &cursor, batch).await {
            Ok(due) => due,
            Err(e) => {
                tracing::warn!(error = %e, "auto-approval failed; will retry");
                break;
            }
        };
        for answer in &due {
            if backed_off.contains(&answer.project) {
                continue;
            }
            match approve_due(state, answer, now).await {
                Ok(true) => paid += 1,
                Ok(false) => {}
                Err(()) => {
                    backed_off.insert(answer.project.clone());
                }
            }
        }
        match due.last() {
            Some(last) if due.len() as i64 == batch => cursor = last.into(),
            _ => break,
        }
    }
    if paid > 0 {
        tracing::info!(
            paid,
            "answers approved automatically after the review window"
        );
    }
}

/// Approve and pay one due answer: Ok(true) when paid now, Ok(false) when someone
/// else reviewed it meanwhile, Err when it could not be paid (its project is then
/// backed off, and the failure logged with the project and the cause).
async fn approve_due(state: &AppState, answer: &DueAnswer, now: Timestamp) -> Result<bool, ()> {
    match state
        .db
        .pay_answer(&answer.id, Payment::Approval, None, now)
        .await
    {
        Ok(Reviewed::Paid { .. }) => {
            state.metrics.answer_approved(ApprovedBy::Auto);
            Ok(true)
        }
        // Another process reviewed it meanwhile.
        Ok(_) | Err(StoreError::Conflict(_)) => Ok(false),
        Err(e) => {
            let until = now + AUTO_APPROVE_BACKOFF_SECONDS * MICROS_PER_SECOND;
            tracing::warn!(
                project = %answer.project,
                assignment = %answer.id,
                error = %e,
                retry_in_seconds = AUTO_APPROVE_BACKOFF_SECONDS,
                "auto-approval could not pay an answer; its project is passed over until the retry"
            );
            if let Err(e) = state.db.defer_auto_approval(&answer.project, until).await {
                tracing::warn!(project = %answer.project, error = %e, "backing off auto-approval failed");
            }
            Err(())
        }
    }
}

/// Rejections not disputed within the window become final (the money returns to
/// the requester); disputes nobody decided in time are overturned for the worker.
async fn settle_rejections(state: &AppState, now: Timestamp) {
    match state.db.due_rejections(now, BATCH).await {
        Ok(due) => {
            for id in &due {
                if let Err(e) = state.db.finalize_rejection(id, None, now).await {
                    tracing::warn!(assignment = %id, error = %e, "finalising a rejection failed; will retry");
                }
            }
        }
        Err(e) => tracing::warn!(error = %e, "finding final rejections failed; will retry"),
    }
    match state.db.undecided_disputes(now, BATCH).await {
        Ok(due) => {
            for id in &due {
                let close = DisputeClose {
                    state: DisputeState::Overturned,
                    decider: DisputeDecider::Operator,
                    message: Some(
                        "Nobody decided this dispute within the dispute window, so it is decided for the worker: the answer is paid in full.",
                    ),
                    decided_by: "handprint",
                };
                match state
                    .db
                    .pay_answer(id, Payment::Overturn, Some(close), now)
                    .await
                {
                    Ok(_) | Err(StoreError::Conflict(_)) => {}
                    Err(e) => {
                        tracing::warn!(assignment = %id, error = %e, "overturning an undecided dispute failed; will retry")
                    }
                }
            }
        }
        Err(e) => tracing::warn!(error = %e, "finding undecided disputes failed; will retry"),
    }
}

/// Effective hourly pay on the median measured time, topped up to the floor.
async fn apply_pay_floor(state: &AppState, now: Timestamp) {
    let projects = match state.db.projects_with_paid_answers().await {
        Ok(p) => p,
        Err(e) => return tracing::warn!(error = %e, "pay-floor check failed; will retry"),
    };
    for id in projects {
        match state
            .db
            .apply_pay_floor(
                &id,
                state.settings.pay_floor_per_hour.0,
                &state.settings.currency,
                now,
            )
            .await
        {
            Ok(FloorOutcome::AtFloor) => {}
            Ok(outcome) => {
                if let FloorOutcome::ToppedUp { answers, .. } = outcome {
                    state.metrics.payfloor_topped_up(answers);
                }
                tracing::info!(project = %id, ?outcome, "pay floor applied")
            }
            Err(e) => {
                tracing::warn!(project = %id, error = %e, "pay-floor top-up failed; will retry")
            }
        }
    }
}

/// Closed projects give back escrow their remaining leases no longer need.
async fn release_closed(state: &AppState, now: Timestamp) {
    let grace = state.settings.grace_seconds * MICROS_PER_SECOND;
    match state.db.closed_projects_holding_escrow().await {
        Ok(ids) => {
            for id in ids {
                if let Err(e) = state.db.release_unneeded(&id, now, grace).await {
                    tracing::warn!(project = %id, error = %e, "releasing escrow failed; will retry");
                }
            }
        }
        Err(e) => tracing::warn!(error = %e, "finding closed projects failed; will retry"),
    }
}

const BATCH: i64 = 500;
/// How long auto-approval passes over a project after failing to pay one of its answers.
pub const AUTO_APPROVE_BACKOFF_SECONDS: i64 = 600;
const MAX_BATCHES: usize = 20;
