//! "My work": every assignment of the worker with its time, pay and review — pending,
//! approved, rejected (with the requester's reason and message), disputed, and how
//! a dispute ended — and the dispute form on a rejection still within its window.
//!
//! Opening a dispute is `app::disputes::open`, as `POST /api/v1/assignments/{id}/dispute` does it.

use super::auth::Errors;
use super::extract::{CsrfForm, WorkerPage};
use super::forms::finish;
use super::i18n::Tr;
use super::session::SignedIn;
use super::task::answer_text;
use super::worker::money;
use super::{Nav, WebError, duration_text, render, when_text};
use crate::AppState;
use crate::app::disputes::{self, DisputeRequest};
use crate::app::work;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use handprint_core::AssignmentId;
use handprint_core::clock::MICROS_PER_SECOND;
use handprint_core::money::{Money, hourly_rate};
use handprint_core::project::ProjectSpec;
use handprint_core::review::{DISPUTE_WINDOW_SECONDS, auto_approval_at};
use handprint_store::StoreError;
use handprint_store::review::{DisputeRow, ReviewRow};
use serde::Deserialize;
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/work/history", get(history))
        .route("/work/a/{id}/dispute", post(dispute))
}

/// One line of the worker's history.
#[derive(Clone, Debug, Default)]
pub struct HistoryRow {
    pub id: String,
    pub project: String,
    pub state: String,
    pub when: String,
    pub answer: String,
    pub reward: String,
    pub seconds: String,
    pub hourly: String,
    /// The review as the worker reads it ("Approved", "Rejected", "Disputed" …), empty before submission.
    pub review: String,
    /// A CSS class for the review badge.
    pub review_class: String,
    /// When a pending answer is approved by itself.
    pub review_note: String,
    /// The rejection's reason and message, when rejected.
    pub reason: String,
    pub message: String,
    /// The decider's words on a closed dispute.
    pub decision: String,
    /// A rejection that may still be disputed: until when.
    pub dispute_until: String,
    /// The dispute form as sent, and what was wrong with it.
    pub dispute_text: String,
    pub dispute_error: String,
}

impl HistoryRow {
    pub fn has_details(&self) -> bool {
        !self.reason.is_empty() || !self.decision.is_empty() || !self.dispute_until.is_empty()
    }
}

/// Totals over a period, of the answers submitted in it. `earned` and
/// `under_review` mean what they mean on Earnings: approved and paid (reward and
/// top-ups), and the rewards of answers not yet settled; final rejections count in
/// neither.
#[derive(Clone, Debug, Default)]
pub struct Totals {
    pub answers: i64,
    pub earned: String,
    pub under_review: String,
    pub time: String,
    pub hourly: String,
}

/// Sums over a period, in minor units and microseconds.
#[derive(Clone, Copy, Debug, Default)]
struct Sums {
    earned: i64,
    under_review: i64,
    micros: i64,
    answers: i64,
}

impl Sums {
    /// Count a submitted answer: `paid` once approved, else `pending` while unsettled.
    fn add(&mut self, paid: Option<i64>, pending: Option<i64>, micros: i64) {
        self.earned += paid.unwrap_or(0);
        self.under_review += pending.unwrap_or(0);
        self.micros += micros;
        self.answers += 1;
    }
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    t: Tr,
    nav: Nav,
    rows: Vec<HistoryRow>,
    today: Totals,
    week: Totals,
    flash: String,
}

fn totals(state: &AppState, t: &Tr, sums: Sums) -> Totals {
    let seconds = sums.micros / MICROS_PER_SECOND;
    // What the period's work pays if what waits for review is approved.
    let pay = Money(sums.earned + sums.under_review);
    Totals {
        answers: sums.answers,
        earned: money(state, t, Money(sums.earned)),
        under_review: money(state, t, Money(sums.under_review)),
        time: duration_text(seconds),
        hourly: hourly_rate(pay, seconds.max(1))
            .filter(|_| sums.answers > 0)
            .map(|m| money(state, t, m))
            .unwrap_or_else(|| "—".into()),
    }
}

#[derive(Deserialize, Default)]
struct HistoryQuery {
    sent: Option<String>,
    disputed: Option<String>,
}

/// The message id of a review as the worker reads it, from the answer's review state
/// and its dispute, if any.
fn review_id(review_state: Option<&str>, dispute: Option<&DisputeRow>) -> &'static str {
    let dispute = dispute.map(|d| d.state.as_str());
    match (review_state.unwrap_or("pending"), dispute) {
        ("approved", _) => "review-approved",
        ("rejected", Some("open")) => "review-disputed",
        ("rejected", _) => "review-rejected",
        ("overturned", Some("reversed")) => "review-reversed",
        ("overturned", _) => "review-overturned",
        ("rejection_final", Some("upheld")) => "review-upheld",
        ("rejection_final", _) => "review-rejected-final",
        _ => "review-pending",
    }
}

/// The start of today and of this week (Monday), UTC.
fn day_and_week_start(now: i64) -> (i64, i64) {
    let day = 24 * 3600 * MICROS_PER_SECOND;
    let today_start = now - now.rem_euclid(day);
    // The Unix epoch was a Thursday: weeks here start on Monday, UTC.
    let days_since_monday = ((now.div_euclid(day)) + 3).rem_euclid(7);
    (today_start, today_start - days_since_monday * day)
}

/// A submitted answer's review as its line shows it: the state, when it approves
/// itself, the requester's reason and message, the dispute's outcome, and until
/// when a rejection may still be disputed.
fn review_columns(
    t: &Tr,
    line: &mut HistoryRow,
    review: &ReviewRow,
    dispute: Option<&DisputeRow>,
    window: i64,
    now: i64,
) {
    let id = review_id(review.review_state.as_deref(), dispute);
    line.review = t.t(id);
    line.review_class = id.to_string();
    if review.review_state.is_none()
        && let Some(ended) = review.ended_at
    {
        line.review_note = t.t1(
            "review-auto-by",
            "when",
            when_text(auto_approval_at(ended, window)),
        );
    }
    if let Some(reason) = &review.rejection_reason {
        line.reason = t.t(&format!("reason-{reason}"));
        line.message = review.rejection_message.clone().unwrap_or_default();
    }
    if let Some(d) = dispute {
        line.decision = d
            .operator_message
            .clone()
            .or_else(|| d.requester_message.clone())
            .unwrap_or_default();
    }
    if review.review_state.as_deref() == Some("rejected")
        && dispute.is_none()
        && let Some(at) = review.reviewed_at
    {
        let until = at + DISPUTE_WINDOW_SECONDS * MICROS_PER_SECOND;
        if until > now {
            line.dispute_until = when_text(until);
        }
    }
}

/// The dispute form's state after a refused dispute: (assignment, typed message, errors).
type DisputeForm<'a> = Option<(&'a str, &'a str, Errors)>;

async fn history_page(
    state: &AppState,
    t: Tr,
    signed: &SignedIn,
    flash: String,
    form: DisputeForm<'_>,
) -> Result<HistoryPage, WebError> {
    // Three queries whatever the number of rows: the answers with their reviews, their
    // projects, the worker's disputes.
    let work::History {
        answers: history,
        disputes,
    } = work::history(state, &signed.caller()).await?;
    let disputes: HashMap<AssignmentId, DisputeRow> = disputes
        .into_iter()
        .map(|d| (d.assignment_id.clone(), d))
        .collect();
    let mut projects: HashMap<String, (ProjectSpec, i64)> = HashMap::new();
    for row in &history.projects {
        projects.insert(row.id.to_string(), (row.spec()?, row.review_window_seconds));
    }
    let now = state.now();
    let (today_start, week_start) = day_and_week_start(now);
    let (mut day_sums, mut week_sums) = (Sums::default(), Sums::default());
    let mut out = Vec::with_capacity(history.rows.len());
    for a in &history.rows {
        let (spec, window) = projects
            .get(a.project_id.as_str())
            .ok_or(StoreError::NotFound(handprint_store::Entity::Project))?;
        let submitted = a.state == handprint_core::work::AssignmentState::Submitted;
        let reward = spec.reward.unwrap_or_default();
        let micros = a.working_micros.unwrap_or(0);
        if submitted {
            let at = a.ended_at.unwrap_or(a.leased_at);
            let approved = matches!(a.review_state.as_deref(), Some("approved" | "overturned"));
            let paid = approved.then(|| a.paid_reward.unwrap_or(0) + a.topped_up);
            let pending = a.settled_at.is_none().then_some(reward.0);
            if at >= today_start {
                day_sums.add(paid, pending, micros);
            }
            if at >= week_start {
                week_sums.add(paid, pending, micros);
            }
        }
        let answer = a
            .answer
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
            .map(|v| answer_text(spec.template.as_ref(), &v))
            .unwrap_or_default();
        let seconds = micros / MICROS_PER_SECOND;
        let mut line = HistoryRow {
            id: a.id.to_string(),
            project: spec.title.clone(),
            state: t.t(&format!("state-{}", a.state.as_str())),
            when: when_text(a.ended_at.unwrap_or(a.leased_at)),
            answer,
            ..HistoryRow::default()
        };
        if submitted {
            line.reward = money(state, &t, reward);
            line.seconds = duration_text(seconds);
            line.hourly = hourly_rate(reward, seconds.max(1))
                .map(|m| money(state, &t, m))
                .unwrap_or_default();
            review_columns(&t, &mut line, a, disputes.get(&a.id), *window, now);
            if let Some((id, text, errors)) = &form
                && *id == a.id.as_str()
            {
                line.dispute_text = text.to_string();
                line.dispute_error = errors.joined();
            }
        }
        out.push(line);
    }
    Ok(HistoryPage {
        nav: Nav::new(&signed.visitor, "/work/history"),
        rows: out,
        today: totals(state, &t, day_sums),
        week: totals(state, &t, week_sums),
        flash,
        t,
    })
}

async fn history(
    State(state): State<AppState>,
    t: Tr,
    signed: WorkerPage,
    Query(q): Query<HistoryQuery>,
) -> Result<Response, WebError> {
    let flash = if q.sent.is_some() {
        t.t("task-sent")
    } else if q.disputed.is_some() {
        t.t("dispute-sent")
    } else {
        String::new()
    };
    Ok(render(
        &history_page(&state, t, &signed, flash, None).await?,
    ))
}

/// Dispute a rejection; a refusal comes back inline with what was typed.
/// A worker's dispute of a rejection: why the answer was right.
#[derive(Deserialize, Default)]
#[serde(default)]
struct DisputeSent {
    message: String,
}

async fn dispute(
    State(state): State<AppState>,
    t: Tr,
    signed: WorkerPage,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<DisputeSent>,
) -> Result<Response, WebError> {
    let message = form.message.as_str();
    let request = DisputeRequest {
        message: message.to_string(),
    };
    let outcome = disputes::open(
        &state,
        &signed.caller(),
        &AssignmentId::from(id.as_str()),
        &request,
    )
    .await;
    finish(
        t,
        outcome,
        |_| format!("/work/history?disputed=1#a-{id}"),
        |t, errors| {
            history_page(
                &state,
                t,
                &signed,
                String::new(),
                Some((&id, message, errors)),
            )
        },
    )
    .await
}
