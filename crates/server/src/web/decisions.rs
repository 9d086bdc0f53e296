//! The decision log's pages: a worker's "Decisions about me" (each automated
//! decision with its reason in the worker's language, a form to ask for a human
//! review, and the answer), and "Reviews to decide" for requesters (their
//! organisation's decisions) and operators (operator decisions to decide, and every
//! decision's counts for oversight). The texts here are also the API's `reason_text`.
//!
//! Listing, asking and deciding are `app::decisions`'s use cases, as in the API.

use super::auth::Errors;
use super::extract::{CsrfForm, WorkerPage};
use super::forms::finish;
use super::i18n::Tr;
use super::session::SignedIn;
use super::{Nav, WebError, render, see_other, when_text};
use crate::AppState;
use crate::app::decisions::{self, ResolveInput, ReviewInput};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use fluent_templates::fluent_bundle::FluentValue;
use handprint_core::DecisionId;
use handprint_core::account::Role;
use handprint_core::decision::{DecisionKind, DecisionState, MAX_REVIEW_MESSAGE_CHARS};
use handprint_store::decisions::{DecisionListed, OVERDUE_MESSAGE};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/decisions", get(mine_page))
        .route("/me/decisions/{id}/review", post(review_post))
        .route("/decisions", get(reviews_page))
        .route("/decisions/{id}/resolve", post(resolve_post))
}

// ---------------------------------------------------------------------------
// The texts of a decision, in the reader's language.

/// The arguments a decision's texts may use: every top-level input (integers as
/// numbers, so they select plurals), and `project`, `qualification`, `organization`
/// (names) and `until` (the end of its effect).
fn arguments(d: &DecisionListed) -> Vec<(String, FluentValue<'static>)> {
    let mut values: Vec<(String, FluentValue<'static>)> = Vec::new();
    if let serde_json::Value::Object(inputs) = d.row.inputs_json() {
        for (name, value) in inputs {
            let v = match value {
                serde_json::Value::Number(n) => match n.as_i64() {
                    Some(i) => FluentValue::from(i),
                    None => FluentValue::from(n.to_string()),
                },
                serde_json::Value::String(s) => FluentValue::from(s),
                other => FluentValue::from(other.to_string()),
            };
            values.push((name, v));
        }
    }
    let named = [
        ("project", d.project_title.clone()),
        ("qualification", d.qualification_name.clone()),
        ("organization", d.organization_name.clone()),
        ("until", d.row.effect_until.map(when_text)),
    ];
    for (name, value) in named {
        values.push((
            name.to_string(),
            FluentValue::from(value.unwrap_or_default()),
        ));
    }
    values
}

fn lookup(t: &Tr, id: &str, values: &[(String, FluentValue<'static>)]) -> Option<String> {
    let args: Vec<(&str, FluentValue<'static>)> = values
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    t.try_values(id, &args)
}

/// Why the decision was made, in the reader's language: the catalogue's
/// `decision-reason-<reason code>` with the inputs, else the kind's general text.
pub fn reason_text(t: &Tr, d: &DecisionListed) -> String {
    let values = arguments(d);
    lookup(t, &format!("decision-reason-{}", d.row.reason), &values)
        .or_else(|| {
            lookup(
                t,
                &format!("decision-about-{}", d.row.kind.as_str()),
                &values,
            )
        })
        .unwrap_or_else(|| d.row.reason.clone())
}

/// What reversing it undid (or that there was nothing to undo), once reversed.
pub fn undone_text(t: &Tr, d: &DecisionListed) -> Option<String> {
    (d.row.state == DecisionState::Reversed).then(|| {
        lookup(
            t,
            &format!("decision-undone-{}", d.row.kind.as_str()),
            &arguments(d),
        )
        .unwrap_or_default()
    })
}

/// The review's answer: the reviewer's words, or, for a review decided at its
/// deadline, the coded message in the reader's language.
pub fn answer_text(t: &Tr, d: &DecisionListed) -> Option<String> {
    let message = d.row.resolution_message.clone()?;
    Some(
        if d.row.resolved_automatically == 1 && message == OVERDUE_MESSAGE {
            t.t(OVERDUE_MESSAGE)
        } else {
            message
        },
    )
}

pub fn kind_label(t: &Tr, kind: DecisionKind) -> String {
    t.t(&format!("decision-kind-{}", kind.as_str()))
}

pub fn state_label(t: &Tr, state: DecisionState) -> String {
    t.t(&format!("decision-state-{}", state.as_str()))
}

// ---------------------------------------------------------------------------
// The pages.

/// One decision as both pages show it.
#[derive(Clone, Debug)]
pub struct DecisionCard {
    pub id: String,
    pub kind: String,
    pub kind_label: String,
    pub state: String,
    pub state_label: String,
    pub about: String,
    pub reason: String,
    pub rule: String,
    /// The inputs, each `name: value`, as stored.
    pub inputs: Vec<(String, String)>,
    pub at: String,
    pub until: String,
    pub review_message: String,
    pub asked: String,
    pub due: String,
    pub answer: String,
    pub undone: String,
    pub automatic: bool,
    /// The reader may ask for a review (a worker) or decide it (a reviewer) now.
    pub can_act: bool,
    pub typed: String,
    pub errors: Errors,
}

fn card(t: &Tr, d: &DecisionListed, can_act: bool) -> DecisionCard {
    let r = &d.row;
    let about = [&d.project_title, &d.qualification_name]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(" · ");
    let inputs = match r.inputs_json() {
        serde_json::Value::Object(map) => map
            .into_iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => (k, s),
                other => (k, other.to_string()),
            })
            .collect(),
        _ => Vec::new(),
    };
    DecisionCard {
        id: r.id.to_string(),
        kind: r.kind.as_str().to_string(),
        kind_label: kind_label(t, r.kind),
        state: r.state.as_str().to_string(),
        state_label: state_label(t, r.state),
        about,
        reason: reason_text(t, d),
        rule: r.rule.clone(),
        inputs,
        at: when_text(r.at),
        until: r.effect_until.map(when_text).unwrap_or_default(),
        review_message: r.review_message.clone().unwrap_or_default(),
        asked: r.review_requested_at.map(when_text).unwrap_or_default(),
        due: r.review_due_at.map(when_text).unwrap_or_default(),
        answer: answer_text(t, d).unwrap_or_default(),
        undone: undone_text(t, d).unwrap_or_default(),
        automatic: r.resolved_automatically == 1,
        can_act,
        typed: String::new(),
        errors: Errors::default(),
    }
}

#[derive(Template)]
#[template(path = "decisions_mine.html")]
struct MinePage {
    t: Tr,
    nav: Nav,
    decisions: Vec<DecisionCard>,
    max: usize,
    flash: String,
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
    state: Option<String>,
}

async fn mine(
    state: &AppState,
    t: Tr,
    signed: &SignedIn,
    failed: Option<(&str, &str, Errors)>,
    flash: String,
) -> Result<MinePage, WebError> {
    let found = decisions::mine(state, &signed.caller()).await?;
    let decisions = found
        .iter()
        .map(|d| {
            let open = d.row.state == DecisionState::InEffect && d.row.kind.is_adverse();
            let mut c = card(&t, d, open);
            if let Some((id, typed, errors)) = &failed
                && *id == c.id
            {
                c.typed = typed.to_string();
                c.errors = errors.clone();
            }
            c
        })
        .collect();
    Ok(MinePage {
        nav: Nav::new(&signed.visitor, "/me/decisions"),
        decisions,
        max: MAX_REVIEW_MESSAGE_CHARS,
        flash,
        t,
    })
}

async fn mine_page(
    State(state): State<AppState>,
    t: Tr,
    signed: WorkerPage,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let flash = match q.done.as_deref() {
        Some("asked") => t.t("decisions-done-asked"),
        _ => String::new(),
    };
    Ok(render(&mine(&state, t, &signed, None, flash).await?))
}

/// The worker's review request: why the decision is wrong.
#[derive(Deserialize, Default)]
#[serde(default)]
struct MessageForm {
    message: String,
}

async fn review_post(
    State(state): State<AppState>,
    t: Tr,
    signed: WorkerPage,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<MessageForm>,
) -> Result<Response, WebError> {
    let input = ReviewInput {
        message: Some(form.message.clone()),
    };
    let decision = DecisionId::from(id.clone());
    let outcome = decisions::request_review(&state, &signed.caller(), &decision, &input).await;
    finish(
        t,
        outcome,
        |d| format!("/me/decisions?done=asked#d-{}", d.row.id),
        |t, errors| async move {
            mine(
                &state,
                t,
                &signed,
                Some((&id, &form.message, errors)),
                String::new(),
            )
            .await
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "decisions_review.html")]
struct ReviewsPage {
    t: Tr,
    nav: Nav,
    operator: bool,
    wanted: String,
    states: Vec<(String, String)>,
    counts: Vec<String>,
    decisions: Vec<DecisionCard>,
    max: usize,
    flash: String,
}

const STATES: [&str; 4] = ["review_requested", "upheld", "reversed", "in_effect"];

async fn reviews(
    state: &AppState,
    t: Tr,
    signed: &SignedIn,
    wanted: Option<String>,
    failed: Option<(&str, &str, Errors)>,
    flash: String,
) -> Result<ReviewsPage, WebError> {
    let caller = signed.caller();
    let wanted = wanted
        .filter(|s| STATES.contains(&s.as_str()))
        .unwrap_or_else(|| "review_requested".into());
    let found = decisions::to_review(state, &caller, Some(&wanted)).await?;
    let c = found.counts;
    let counts = vec![
        t.count("decisions-count-requested", c.review_requested),
        t.count("decisions-count-overdue", c.overdue),
        t.count("decisions-count-upheld", c.upheld),
        t.count("decisions-count-reversed", c.reversed),
    ];
    let decisions = found
        .decisions
        .iter()
        .map(|d| {
            let open =
                d.row.state == DecisionState::ReviewRequested && decisions::decides(&caller, d);
            let mut card = card(&t, d, open);
            if let Some((id, typed, errors)) = &failed
                && *id == card.id
            {
                card.typed = typed.to_string();
                card.errors = errors.clone();
            }
            if caller.role() == Role::Operator {
                let org = d.organization_name.clone();
                card.about = [Some(card.about.clone()), org]
                    .into_iter()
                    .flatten()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · ");
            }
            card
        })
        .collect();
    Ok(ReviewsPage {
        nav: Nav::new(&signed.visitor, "/decisions"),
        operator: caller.role() == Role::Operator,
        states: STATES
            .iter()
            .map(|s| (s.to_string(), t.t(&format!("decision-state-{s}"))))
            .collect(),
        wanted,
        counts,
        decisions,
        max: MAX_REVIEW_MESSAGE_CHARS,
        flash,
        t,
    })
}

async fn reviews_page(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    if signed.user.role() == Role::Worker {
        return Ok(see_other("/me/decisions"));
    }
    let flash = match q.done.as_deref() {
        Some(d @ ("upheld" | "reversed")) => t.t(&format!("decisions-done-{d}")),
        _ => String::new(),
    };
    Ok(render(
        &reviews(&state, t, &signed, q.state, None, flash).await?,
    ))
}

/// A reviewer's answer: uphold or reverse, and why.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ResolveForm {
    outcome: String,
    message: String,
}

async fn resolve_post(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ResolveForm>,
) -> Result<Response, WebError> {
    let input = ResolveInput {
        outcome: Some(form.outcome.clone()),
        message: Some(form.message.clone()),
    };
    let decision = DecisionId::from(id.clone());
    let outcome = decisions::resolve(&state, &signed.caller(), &decision, &input).await;
    finish(
        t,
        outcome,
        |d| format!("/decisions?done={}", d.row.state.as_str()),
        |t, errors| async move {
            reviews(
                &state,
                t,
                &signed,
                None,
                Some((&id, &form.message, errors)),
                String::new(),
            )
            .await
        },
    )
    .await
}
