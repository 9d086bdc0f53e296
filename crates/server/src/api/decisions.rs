//! The decision log: a worker's own automated decisions and their review requests;
//! the reviews requesters (their organisation's) and operators (operator decisions,
//! and every decision for oversight) decide. The rules are `app::decisions`'s; the
//! texts (`reason_text`…) are the pages' (`web::decisions`), in the language of the
//! request (the language cookie, else `Accept-Language`).

use crate::AppState;
use crate::app::decisions::{self as app, ResolveInput, ReviewInput};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use crate::web::decisions::{answer_text, reason_text, undone_text};
use crate::web::i18n::Tr;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use handprint_core::DecisionId;
use handprint_core::clock::to_rfc3339;
use handprint_store::decisions::{DecisionListed, ReviewCounts};
use serde::{Deserialize, Serialize};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/me/decisions", get(mine))
        .route("/api/v1/decisions", get(list))
        .route("/api/v1/decisions/{id}/review", post(review))
        .route("/api/v1/decisions/{id}/resolve", post(resolve))
}

/// An automated decision about a worker, with its human review.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DecisionView {
    pub id: String,
    /// qualification_granted, qualification_refused, qualification_lost, warned,
    /// restricted, requalification_required, second_opinion or score_changed.
    pub kind: String,
    /// The rule that made it, coded.
    pub rule: String,
    /// The numbers the rule looked at.
    #[schema(value_type = Object)]
    pub inputs: serde_json::Value,
    /// The coded reason.
    pub reason: String,
    /// The reason in the request's language, with its numbers.
    pub reason_text: String,
    pub project_id: Option<String>,
    pub project_title: Option<String>,
    pub qualification_id: Option<String>,
    pub qualification_name: Option<String>,
    /// The organisation whose rule it was (it reviews it); null for an operator's.
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    pub at: String,
    /// When its effect ends (a restriction, a test's cooldown); null if it has no end.
    pub effect_until: Option<String>,
    /// in_effect, review_requested, upheld or reversed.
    pub state: String,
    pub review_message: Option<String>,
    pub review_requested_at: Option<String>,
    /// The review's deadline: past it, the review is decided for the worker.
    pub review_due_at: Option<String>,
    /// The reviewer's written answer (for a review decided at its deadline, that
    /// message in the request's language).
    pub resolution_message: Option<String>,
    pub resolved_at: Option<String>,
    /// True when nobody answered by the deadline and it was decided for the worker.
    pub resolved_automatically: bool,
    /// Once reversed: what reversing undid (or that there was nothing to undo).
    pub undone_text: Option<String>,
}

pub(crate) fn view(t: &Tr, d: &DecisionListed) -> DecisionView {
    let r = &d.row;
    DecisionView {
        id: r.id.to_string(),
        kind: r.kind.as_str().to_string(),
        rule: r.rule.clone(),
        inputs: r.inputs_json(),
        reason: r.reason.clone(),
        reason_text: reason_text(t, d),
        project_id: r.project_id.clone(),
        project_title: d.project_title.clone(),
        qualification_id: r.qualification_id.clone(),
        qualification_name: d.qualification_name.clone(),
        organization_id: r.organization_id.clone(),
        organization_name: d.organization_name.clone(),
        at: to_rfc3339(r.at),
        effect_until: r.effect_until.map(to_rfc3339),
        state: r.state.as_str().to_string(),
        review_message: r.review_message.clone(),
        review_requested_at: r.review_requested_at.map(to_rfc3339),
        review_due_at: r.review_due_at.map(to_rfc3339),
        resolution_message: answer_text(t, d),
        resolved_at: r.resolved_at.map(to_rfc3339),
        resolved_automatically: r.resolved_automatically == 1,
        undone_text: undone_text(t, d),
    }
}

/// The calling worker's decisions, newest first.
#[utoipa::path(get, path = "/api/v1/me/decisions", responses((status = 200, body = [DecisionView]), (status = 403, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn mine(
    State(state): State<AppState>,
    t: Tr,
    caller: Caller,
) -> ApiResult<Json<Vec<DecisionView>>> {
    let found = app::mine(&state, &caller).await?;
    Ok(Json(found.iter().map(|d| view(&t, d)).collect()))
}

/// Ask a person to review an adverse decision about you, once, with a message
/// (at most 4000 characters). The review is due `decision_review_days` later.
#[utoipa::path(post, path = "/api/v1/decisions/{id}/review", request_body = ReviewInput,
    responses((status = 200, body = DecisionView), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn review(
    State(state): State<AppState>,
    t: Tr,
    caller: Caller,
    Path(id): Path<DecisionId>,
    Json(input): Json<ReviewInput>,
) -> ApiResult<Json<DecisionView>> {
    let d = app::request_review(&state, &caller, &id, &input).await?;
    Ok(Json(view(&t, &d)))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// in_effect, review_requested, upheld or reversed; every state when absent.
    pub state: Option<String>,
}

/// Review counts over the decisions the caller sees.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CountsView {
    /// Reviews asked for and not decided yet (overdue ones included).
    pub review_requested: i64,
    /// Of those, past their deadline.
    pub overdue: i64,
    pub upheld: i64,
    pub reversed: i64,
    /// Of the reversed, decided for the worker at the review's deadline.
    pub reversed_automatically: i64,
}

impl From<ReviewCounts> for CountsView {
    fn from(c: ReviewCounts) -> Self {
        CountsView {
            review_requested: c.review_requested,
            overdue: c.overdue,
            upheld: c.upheld,
            reversed: c.reversed,
            reversed_automatically: c.reversed_automatically,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DecisionsView {
    pub decisions: Vec<DecisionView>,
    pub counts: CountsView,
}

/// Decisions to review: a requester's organisation's; an operator's view holds every
/// decision (operators decide those without an organisation). Oldest deadline first.
#[utoipa::path(get, path = "/api/v1/decisions", params(ListQuery), responses((status = 200, body = DecisionsView), (status = 400, body = crate::error::Problem), (status = 403, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn list(
    State(state): State<AppState>,
    t: Tr,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<DecisionsView>> {
    let found = app::to_review(&state, &caller, q.state.as_deref()).await?;
    Ok(Json(DecisionsView {
        decisions: found.decisions.iter().map(|d| view(&t, d)).collect(),
        counts: found.counts.into(),
    }))
}

/// Uphold or reverse a decision whose review was asked for, with a written answer.
/// Reversing undoes its effect (a restriction or a cooldown ends; a lost grant comes
/// back at its previous score).
#[utoipa::path(post, path = "/api/v1/decisions/{id}/resolve", request_body = ResolveInput,
    responses((status = 200, body = DecisionView), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn resolve(
    State(state): State<AppState>,
    t: Tr,
    caller: Caller,
    Path(id): Path<DecisionId>,
    Json(input): Json<ResolveInput>,
) -> ApiResult<Json<DecisionView>> {
    let d = app::resolve(&state, &caller, &id, &input).await?;
    Ok(Json(view(&t, &d)))
}
