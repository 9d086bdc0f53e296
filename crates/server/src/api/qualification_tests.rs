//! Test qualifications in the API: a test's terms in its view, adding items, the
//! tests open to a worker, and the views of a test item leased through
//! `POST /api/v1/work/next {qualification_id}` and answered through the submit route.
//! The rules are `app::qualification_tests`'s.

use crate::AppState;
use crate::app::qualification_tests as app;
pub use crate::app::qualification_tests::{
    AvailableTestView, TestTermsView, available_view, terms_view,
};
use crate::app::tasks::FormatHint;
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use handprint_core::clock::to_rfc3339;
use handprint_core::{Money, QualificationId};
use handprint_store::qualification_tests::{ItemsAdded, TestLease, TestSubmitted};
use handprint_store::qualifications::QualificationRow;
use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema)]
pub struct ItemsAddedView {
    /// Items stored by this upload.
    pub created: i64,
    /// Rows whose external_id the test already had.
    pub skipped: i64,
    /// Escrowed for them: reward and fee for max_takers takings of each.
    pub escrowed: String,
}

/// Add test or training items to a test: a JSON array, JSONL, or CSV with a header,
/// as a project's items. Reserved fields: `external_id`, `known_answer` (required),
/// `training` (true for a training item) and `explanation` (required on a training
/// item, shown with its answer). Every row must be good, or nothing is stored (422
/// naming each bad line at `/lines/<line>`); the escrow for max_takers takings of each
/// new item is taken from the organisation's balance (402 naming what is missing).
#[utoipa::path(post, path = "/api/v1/qualifications/{id}/items",
    request_body(content = String, description = "JSON array, JSONL or CSV", content_type = "application/x-ndjson"),
    responses((status = 200, body = ItemsAddedView), (status = 402, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn add_items(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<QualificationId>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<ItemsAddedView>> {
    let hint = FormatHint {
        content_type: headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        file_name: None,
    };
    let added: ItemsAdded = app::add_items(&state, &caller, &id, &body, &hint).await?;
    Ok(Json(ItemsAddedView {
        created: added.created,
        skipped: added.skipped,
        escrowed: Money(added.escrowed).format(&state.settings.currency),
    }))
}

/// The tests the calling worker may take now (or is taking), with what they pay and
/// the time they take, and those in a cooldown with when a retake is allowed.
#[utoipa::path(get, path = "/api/v1/qualifications/available", responses((status = 200, body = [AvailableTestView]), (status = 403, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn available(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<AvailableTestView>>> {
    let tests = app::open_to_worker(&state, &caller).await?;
    Ok(Json(
        tests
            .into_iter()
            .filter_map(|t| available_view(&state, t))
            .collect(),
    ))
}

/// A test item leased to a worker (`POST /api/v1/work/next {qualification_id}`).
#[derive(Serialize, utoipa::ToSchema)]
pub struct TestLeaseView {
    /// Submit the answer with `POST /api/v1/assignments/{assignment_id}/submit`.
    pub assignment_id: String,
    pub task: crate::api::work::TaskView,
    pub qualification: TestOfLeaseView,
    /// A training item: its answer and explanation are shown once answered; it never counts.
    pub training: bool,
    /// Which item of the taking this is, of how many.
    pub item: i64,
    pub items: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TestOfLeaseView {
    pub id: String,
    pub name: String,
    pub description: String,
    #[schema(value_type = Object)]
    pub template: serde_json::Value,
    pub reward: String,
    pub currency: String,
    pub estimated_seconds: i64,
    pub pass_score: i64,
}

pub fn lease_view(
    state: &AppState,
    lease: &TestLease,
    q: &QualificationRow,
) -> ApiResult<TestLeaseView> {
    let terms = terms_view(state, q)
        .ok_or_else(|| crate::AppError::Internal("a test lease outside a test".into()))?;
    let data: serde_json::Value =
        serde_json::from_str(&lease.item.data).map_err(crate::AppError::internal)?;
    Ok(TestLeaseView {
        assignment_id: lease.answer.id.clone(),
        task: crate::api::work::TaskView {
            id: lease.item.id.clone(),
            data,
            media: Vec::new(),
        },
        qualification: TestOfLeaseView {
            id: q.id.to_string(),
            name: q.name.clone(),
            description: q.description.clone(),
            template: terms.template,
            reward: terms.reward,
            currency: terms.currency,
            estimated_seconds: terms.estimated_seconds,
            pass_score: terms.pass_score,
        },
        training: lease.item.is_training(),
        item: lease.number,
        items: lease.of,
    })
}

/// What answering a test item returns.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TestAnswerView {
    pub id: String,
    pub qualification_id: String,
    /// "submitted".
    pub state: String,
    #[schema(value_type = Object)]
    pub answer: Option<serde_json::Value>,
    /// Paid for this answer, at once.
    pub paid: String,
    pub training: bool,
    /// A training item's correct answer and its explanation (absent for a test item).
    #[schema(value_type = Option<Object>)]
    pub correct_answer: Option<serde_json::Value>,
    pub explanation: Option<String>,
    /// The taking's result once its last test item is answered.
    pub result: Option<TestResultView>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TestResultView {
    /// Percent of test items answered right.
    pub score: i64,
    pub pass_score: i64,
    pub passed: bool,
    /// Test items counted and answered right.
    pub items: i64,
    pub correct: i64,
    /// After a failure: when the test may be taken again.
    pub retake_at: Option<String>,
}

pub fn answer_view(state: &AppState, s: &TestSubmitted, q: &QualificationRow) -> TestAnswerView {
    let training = s.item.is_training();
    let result = s.attempt.finished_at.map(|_| TestResultView {
        score: s.attempt.score.unwrap_or(0),
        pass_score: q.pass_score.unwrap_or(0),
        passed: s.attempt.passed == Some(1),
        items: s.attempt.items.unwrap_or(0),
        correct: s.attempt.correct.unwrap_or(0),
        retake_at: s.retake_at.map(to_rfc3339),
    });
    TestAnswerView {
        id: s.answer.id.clone(),
        qualification_id: q.id.to_string(),
        state: "submitted".to_string(),
        answer: s
            .answer
            .answer
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok()),
        paid: Money(s.answer.paid.unwrap_or(0)).format(&state.settings.currency),
        training,
        correct_answer: training
            .then(|| serde_json::from_str(&s.item.known_answer).ok())
            .flatten(),
        explanation: if training {
            s.item.explanation.clone()
        } else {
            None
        },
        result,
    }
}
