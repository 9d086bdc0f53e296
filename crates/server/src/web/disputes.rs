//! Disputes as the two deciders see them: a requester, the disputes on their
//! organisation's projects with "reverse the rejection"; an operator, the disputes
//! awaiting a decision with both sides' messages, the item and the answer, and the
//! overturn / uphold buttons. (Workers follow theirs on "My work".)
//!
//! Listing, reversing and deciding are `app::disputes`'s use cases, as in the API.

use super::auth::Errors;
use super::extract::Posted;
use super::extract::{CsrfForm, OperatorPage, RequesterPage};
use super::forms::finish;
use super::i18n::Tr;
use super::review::review_label;
use super::session::SignedIn;
use super::task::{TaskBody, answer_text};
use super::{Nav, WebError, render, see_other, when_text};
use crate::AppState;
use crate::app::disputes::{self, DecideRequest, Dispute, ReverseRequest};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use handprint_core::account::Role;
use handprint_core::review::DisputeState;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/disputes", get(disputes_page))
        .route("/disputes/{id}/reverse", post(reverse_post))
        .route("/disputes/{id}/decide", post(decide_post))
}

#[derive(Clone, Debug)]
pub struct DisputeCard {
    pub id: String,
    pub project: String,
    pub project_id: String,
    pub state: String,
    pub state_label: String,
    pub open: bool,
    pub data: Vec<(String, String)>,
    pub answer: String,
    pub reason: String,
    pub rejection_message: String,
    pub worker_message: String,
    pub requester_message: String,
    pub operator_message: String,
    pub opened: String,
    pub decide_by: String,
    pub review: String,
    /// What was typed into this dispute's form, and what was wrong.
    pub typed: String,
    pub errors: Errors,
}

#[derive(Template)]
#[template(path = "disputes.html")]
struct DisputesPage {
    t: Tr,
    nav: Nav,
    operator: bool,
    wanted: String,
    states: Vec<(String, String)>,
    disputes: Vec<DisputeCard>,
    flash: String,
}

#[derive(Deserialize, Default)]
struct DisputesPageQuery {
    state: Option<String>,
    done: Option<String>,
}

fn card(t: &Tr, d: Dispute) -> Result<DisputeCard, WebError> {
    let spec = d.project.spec()?;
    let template = spec.template.as_ref();
    let data = match (template, d.task.data_json().ok()) {
        (Some(tpl), Some(task)) => TaskBody::new(tpl, &task, &Posted::default()).data,
        _ => Vec::new(),
    };
    let (row, review) = (d.row, d.review);
    let review_state = review.review_state.as_deref().unwrap_or("pending");
    Ok(DisputeCard {
        project: spec.title.clone(),
        project_id: row.project_id.to_string(),
        state_label: t.t(&format!("dstate-{}", row.state.as_str())),
        open: row.state == DisputeState::Open,
        data,
        answer: review
            .answer
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok())
            .map(|a| answer_text(template, &a))
            .unwrap_or_default(),
        reason: review
            .rejection_reason
            .as_deref()
            .map(|r| t.t(&format!("reason-{r}")))
            .unwrap_or_default(),
        rejection_message: review.rejection_message.clone().unwrap_or_default(),
        worker_message: row.worker_message,
        requester_message: row.requester_message.unwrap_or_default(),
        operator_message: row.operator_message.unwrap_or_default(),
        opened: when_text(row.opened_at),
        decide_by: when_text(row.deadline_at),
        review: review_label(t, review_state),
        state: row.state.as_str().to_string(),
        typed: String::new(),
        errors: Errors::default(),
        id: row.id,
    })
}

async fn page(
    state: &AppState,
    t: Tr,
    signed: &SignedIn,
    wanted: Option<String>,
    failed: Option<(&str, &str, Errors)>,
    flash: String,
) -> Result<DisputesPage, WebError> {
    let caller = signed.caller();
    let operator = caller.role() == Role::Operator;
    let wanted = wanted
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "open".into());
    let found = disputes::list(state, &caller, Some(&wanted)).await?;
    let mut disputes = Vec::with_capacity(found.len());
    for d in found {
        let mut c = card(&t, d)?;
        if let Some((id, typed, errors)) = &failed
            && *id == c.id
        {
            c.typed = typed.to_string();
            c.errors = errors.clone();
        }
        disputes.push(c);
    }
    // Requesters see all of theirs, open ones first.
    disputes.sort_by_key(|d| !d.open);
    Ok(DisputesPage {
        nav: Nav::new(&signed.visitor, "/disputes"),
        operator,
        states: ["open", "overturned", "upheld", "reversed"]
            .iter()
            .map(|s| (s.to_string(), t.t(&format!("dstate-{s}"))))
            .collect(),
        wanted,
        disputes,
        flash,
        t,
    })
}

async fn disputes_page(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
    Query(q): Query<DisputesPageQuery>,
) -> Result<Response, WebError> {
    if signed.user.role() == Role::Worker {
        return Ok(see_other("/work/history"));
    }
    let flash = match q.done.as_deref() {
        Some(d @ ("reversed" | "overturned" | "upheld")) => t.t(&format!("dispute-done-{d}")),
        _ => String::new(),
    };
    Ok(render(
        &page(&state, t, &signed, q.state, None, flash).await?,
    ))
}

/// A requester's "reverse the rejection", with an optional word to the worker.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ReverseForm {
    message: String,
}

async fn reverse_post(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ReverseForm>,
) -> Result<Response, WebError> {
    let message = form.message.as_str();
    let req = ReverseRequest {
        message: Some(message.to_string()).filter(|m| !m.trim().is_empty()),
    };
    let outcome = disputes::reverse(&state, &signed.caller(), &id, &req).await;
    finish(
        t,
        outcome,
        |_| "/disputes?done=reversed".into(),
        |t, errors| page_again(&state, t, &signed, &id, message, errors),
    )
    .await
}

/// The disputes page again after a refused action on dispute `id`.
async fn page_again(
    state: &AppState,
    t: Tr,
    signed: &SignedIn,
    id: &str,
    typed: &str,
    errors: Errors,
) -> Result<DisputesPage, WebError> {
    page(
        state,
        t,
        signed,
        None,
        Some((id, typed, errors)),
        String::new(),
    )
    .await
}

/// An operator's decision on a dispute: overturn or uphold, and why.
#[derive(Deserialize, Default)]
#[serde(default)]
struct DecideForm {
    decision: String,
    message: String,
}

async fn decide_post(
    State(state): State<AppState>,
    t: Tr,
    signed: OperatorPage,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<DecideForm>,
) -> Result<Response, WebError> {
    let message = form.message.as_str();
    let req = DecideRequest {
        decision: form.decision.clone(),
        message: message.to_string(),
    };
    let outcome = disputes::decide(&state, &signed.caller(), &id, &req).await;
    finish(
        t,
        outcome,
        |d| format!("/disputes?done={}", d.row.state.as_str()),
        |t, errors| page_again(&state, t, &signed, &id, message, errors),
    )
    .await
}
