//! Doing the work: a worker claims the next task, reads their assignments, submits
//! an answer (once, however often it is sent), gives a task back or reports it.
//! The API (`api::work`) and the worker's pages (`web::worker`) both call these.

use crate::AppState;
use crate::app::{AppError, AppResult};
use crate::auth::Caller;
use handprint_core::ProjectId;
use handprint_core::account::Role;
use handprint_core::clock::MICROS_PER_SECOND;
use handprint_core::project::ProjectState;
use handprint_core::template::Template;
use handprint_core::{AssignmentId, Msg};
use handprint_store::StoreError;
use handprint_store::review::{DisputeFilter, DisputeRow, WorkerHistory};
use handprint_store::work::{AssignmentRow, Lease, Submitted};
use serde::Deserialize;

// Which work to offer: any project's, or one project's only.
#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NextRequest {
    /// Only offer work from this project.
    #[schema(value_type = Option<String>)]
    pub project_id: Option<ProjectId>,
    /// The next item of this test qualification instead (starting a taking when none
    /// is in progress); not with `project_id`.
    #[schema(value_type = Option<String>)]
    pub qualification_id: Option<handprint_core::QualificationId>,
}

// An answer to an assignment, and the key that marks a retry as the same submission.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitRequest {
    #[schema(value_type = Object)]
    pub answer: serde_json::Value,
    /// Optional: the same key on a retried submission marks it as the same one.
    pub idempotency_key: Option<String>,
}

/// What is wrong with a task, as a worker reports it: one of the listed reasons and a note.
#[derive(Debug, Default)]
pub struct Report {
    pub reason: String,
    pub note: String,
}

/// An assignment as its worker opens it.
pub enum Held {
    /// Still to be answered (leased, or expired but within the grace period).
    Open(Box<Lease>),
    /// Answered already.
    Submitted,
    /// Given back or otherwise over.
    Ended,
}

/// Seconds with millisecond precision, for display and export.
pub fn micros_to_seconds(micros: i64) -> f64 {
    (micros / 1_000) as f64 / 1_000.0
}

/// Lease the next task for the calling worker (of `project_id` only, when given);
/// None when nothing is available now. A worker who already holds a live lease
/// gets that one back.
pub async fn claim_next(
    state: &AppState,
    caller: &Caller,
    project_id: Option<&ProjectId>,
) -> AppResult<Option<Lease>> {
    caller.require(Role::Worker)?;
    let now = state.now();
    // The claim offers items of active projects only; a named project paused since
    // the worker's live lease there was granted offers nothing.
    let lease = state
        .db
        .claim_next(caller.id(), project_id, now)
        .await?
        .filter(|l| project_id.is_none() || l.project.state() == ProjectState::Active);
    if lease.is_none()
        && let Some(pid) = project_id
    {
        // An unknown project is a 404, not "no work".
        state.db.project(pid).await?;
    }
    // A live lease handed back began earlier: only new ones count as granted.
    if let Some(l) = &lease
        && l.assignment.leased_at == now
    {
        state.metrics.lease_granted();
    }
    Ok(lease)
}

/// The caller's own assignments, newest first (the last 500).
pub async fn mine(state: &AppState, caller: &Caller) -> AppResult<Vec<AssignmentRow>> {
    Ok(state.db.worker_assignments(caller.id(), 500).await?)
}

/// One of the caller's own assignments (404 for anyone else's).
pub async fn read(
    state: &AppState,
    caller: &Caller,
    id: &AssignmentId,
) -> AppResult<AssignmentRow> {
    let row = state.db.assignment(id).await?;
    if row.worker_id != *caller.id() {
        return Err(AppError::not_found("assignment"));
    }
    Ok(row)
}

/// The template an answer to the caller's assignment `id` must fit.
pub async fn answer_template(
    state: &AppState,
    caller: &Caller,
    id: &AssignmentId,
) -> AppResult<Template> {
    template_of(state, &read(state, caller, id).await?).await
}

async fn template_of(state: &AppState, assignment: &AssignmentRow) -> AppResult<Template> {
    let project = state.db.project(&assignment.project_id).await?;
    project
        .spec()?
        .template
        .ok_or_else(|| AppError::Internal("a project with leases has no template".into()))
}

/// What an answer sent to an id is for.
pub enum AnswerTarget {
    /// One of the caller's assignments, read with its task and project.
    Assignment(Box<Lease>),
    /// An item of a qualification test (`app::qualification_tests::submit`).
    TestItem,
}

/// Whether `id` is one of the caller's assignments (the common case, read in one
/// statement with what the submission needs) or a test item's answer; 404 for
/// anything else, and for another worker's assignment.
pub async fn answer_target(
    state: &AppState,
    caller: &Caller,
    id: &AssignmentId,
) -> AppResult<AnswerTarget> {
    match state.db.lease(id).await {
        Ok(lease) if lease.assignment.worker_id == *caller.id() => {
            Ok(AnswerTarget::Assignment(Box::new(lease)))
        }
        Ok(_) => Err(AppError::not_found("assignment")),
        Err(StoreError::NotFound(_))
            if crate::app::qualification_tests::is_test_answer(state, id.as_str()).await? =>
        {
            Ok(AnswerTarget::TestItem)
        }
        Err(e) => Err(e.into()),
    }
}

/// Submit the answer for the caller's assignment. Retrying the same submission
/// (the same idempotency key) is safe and returns the stored one.
pub async fn submit(
    state: &AppState,
    caller: &Caller,
    id: &AssignmentId,
    req: SubmitRequest,
) -> AppResult<AssignmentRow> {
    let lease = state.db.lease(id).await?;
    if lease.assignment.worker_id != *caller.id() {
        return Err(AppError::not_found("assignment"));
    }
    submit_to(state, caller, &lease, req).await
}

/// Submit the answer for the caller's assignment `lease` (read by [`answer_target`]
/// or [`submit`]): checked against the project's template and the item, then stored.
pub async fn submit_to(
    state: &AppState,
    caller: &Caller,
    lease: &Lease,
    req: SubmitRequest,
) -> AppResult<AssignmentRow> {
    let spec = lease.project.spec()?;
    let template = spec
        .template
        .clone()
        .ok_or_else(|| AppError::Internal("a project with leases has no template".into()))?;
    let answer = template
        .validate_answer(&lease.task.data_json()?, &req.answer)
        .map_err(|e| {
            AppError::invalid(
                Msg::coded("err-answer-does-not-fit", Vec::new()),
                vec![e.into_problem("/answer")],
            )
        })?;
    let key = req.idempotency_key;
    if key.as_ref().is_some_and(|k| k.len() > 200) {
        return Err(AppError::field(
            "/idempotency_key",
            Msg::coded("err-idempotency-key-length", Vec::new()),
        ));
    }
    let stored = serde_json::to_string(&answer).map_err(AppError::internal)?;
    let outcome = state
        .db
        .submit(
            &lease.assignment.id,
            caller.id(),
            &stored,
            key.as_deref(),
            state.now(),
            state.settings.grace_seconds * MICROS_PER_SECOND,
        )
        .await?;
    Ok(match outcome {
        Submitted::Accepted(a) => {
            state.metrics.answer_submitted();
            crate::app::quality::after_answer(state, &lease.project, caller.id()).await;
            crate::app::performance::after_answer(state, &lease.project, &lease.task, caller.id())
                .await;
            crate::app::sensitive::after_answer(state, &spec, &a).await;
            a
        }
        Submitted::Repeated(a) => a,
    })
}

/// Give a task back, free and without penalty (409 when it is no longer held).
pub async fn give_back(
    state: &AppState,
    caller: &Caller,
    id: &AssignmentId,
) -> AppResult<AssignmentRow> {
    Ok(state
        .db
        .return_assignment(id, caller.id(), state.now())
        .await?)
}

/// Skip or stop: give the caller's task back if it is still held (a task already
/// answered or ended is left as it is). Returns the assignment as it was found.
pub async fn skip(
    state: &AppState,
    caller: &Caller,
    id: &AssignmentId,
) -> AppResult<AssignmentRow> {
    let a = read(state, caller, id).await?;
    if matches!(
        a.state,
        handprint_core::work::AssignmentState::Leased
            | handprint_core::work::AssignmentState::Expired
    ) {
        give_back(state, caller, id).await?;
    }
    Ok(a)
}

/// What a worker may report about a task (the task page's choices).
pub const REPORT_REASONS: [&str; 5] = [
    "media-missing",
    "unclear",
    "wrong-language",
    "offensive",
    "other",
];

/// The longest note a report may carry, in characters.
pub const MAX_REPORT_NOTE: usize = 1000;

/// Report a broken task: recorded for the requester ("reason: note"; "other" when no
/// reason is given), then the task is given back. A reason not in [`REPORT_REASONS`]
/// (422 at `/reason` listing them) or a note over [`MAX_REPORT_NOTE`] characters (422
/// at `/note`) is refused, and nothing is recorded.
pub async fn report(
    state: &AppState,
    caller: &Caller,
    id: &AssignmentId,
    report: &Report,
) -> AppResult<AssignmentRow> {
    let reason = match report.reason.trim() {
        "" => "other",
        r if REPORT_REASONS.contains(&r) => r,
        r => {
            return Err(AppError::field(
                "/reason",
                Msg::coded(
                    "err-report-reason",
                    vec![
                        ("value", r.chars().take(40).collect()),
                        ("choices", REPORT_REASONS.join(", ")),
                    ],
                ),
            ));
        }
    };
    let note = report.note.trim();
    let length = note.chars().count();
    if length > MAX_REPORT_NOTE {
        return Err(AppError::field(
            "/note",
            Msg::coded(
                "err-report-note-long",
                vec![
                    ("max", MAX_REPORT_NOTE.to_string()),
                    ("length", length.to_string()),
                ],
            ),
        ));
    }
    let recorded = if note.is_empty() {
        reason.to_string()
    } else {
        format!("{reason}: {note}")
    };
    state
        .db
        .report_task(id, caller.id(), &recorded, state.now())
        .await?;
    skip(state, caller, id).await
}

/// The caller's assignment `id` as they open it to answer: 404 for anyone else's,
/// 409 once the time to answer (the lease and its grace period) has ended.
pub async fn held(state: &AppState, caller: &Caller, id: &AssignmentId) -> AppResult<Held> {
    let lease = state.db.lease(id).await?;
    if lease.assignment.worker_id != *caller.id() {
        return Err(AppError::not_found("assignment"));
    }
    match lease.assignment.state.as_str() {
        "leased" | "expired" => {}
        "submitted" => return Ok(Held::Submitted),
        _ => return Ok(Held::Ended),
    }
    if lease.assignment.expires_at + state.settings.grace_seconds * MICROS_PER_SECOND <= state.now()
    {
        return Err(AppError::Conflict(Msg::coded("task-too-late", Vec::new())));
    }
    Ok(Held::Open(Box::new(lease)))
}

/// A worker's recent answers (the last 500) with their reviews and projects, and
/// their disputes: what "My work" shows.
pub struct History {
    pub answers: WorkerHistory,
    pub disputes: Vec<DisputeRow>,
}

/// The caller's history, in a fixed number of queries whatever its length.
pub async fn history(state: &AppState, caller: &Caller) -> AppResult<History> {
    let answers = state.db.worker_history(caller.id(), 500).await?;
    let disputes = state
        .db
        .disputes(DisputeFilter::Worker(caller.id()))
        .await?;
    Ok(History { answers, disputes })
}
