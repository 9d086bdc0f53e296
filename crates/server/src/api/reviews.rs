//! Workers' reviews of requester organisations: written by a worker who submitted an
//! answer to one of its projects (a second POST about the same project changes the
//! review), answered publicly by the organisation, read by anyone. Anonymous: no
//! worker id or pseudonym is shown, only a name the worker chose to sign with.

use crate::AppState;
use crate::app::reviews::{self, Reviews};
pub use crate::app::reviews::{RequesterReviewRequest, ReviewAnswerRequest};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use handprint_core::OrganizationId;
use handprint_core::clock::to_rfc3339;
use handprint_store::reviews::ReviewRow;
use serde::Serialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/organizations/{id}/reviews", get(list).post(put))
        .route(
            "/api/v1/organizations/{id}/reviews/{review}/answer",
            post(answer),
        )
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RequesterReviewView {
    pub id: String,
    pub project_id: String,
    pub project_title: String,
    /// 1 (worst) to 5 (best).
    pub rating: i64,
    pub text: String,
    /// The name the worker chose to sign with; null: anonymous.
    pub signed_as: Option<String>,
    pub created_at: String,
    /// When the worker last changed it.
    pub updated_at: String,
    /// The organisation's public answer.
    pub answer: Option<String>,
    pub answered_at: Option<String>,
}

pub fn review_view(r: &ReviewRow) -> RequesterReviewView {
    RequesterReviewView {
        id: r.id.clone(),
        project_id: r.project_id.to_string(),
        project_title: r.project_title.clone(),
        rating: r.rating,
        text: r.body.clone(),
        signed_as: r.signed_as.clone(),
        created_at: to_rfc3339(r.created_at),
        updated_at: to_rfc3339(r.updated_at),
        answer: r.answer.clone(),
        answered_at: r.answered_at.map(to_rfc3339),
    }
}

/// How many reviews gave each rating.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RatingDistribution {
    #[serde(rename = "1")]
    pub one: i64,
    #[serde(rename = "2")]
    pub two: i64,
    #[serde(rename = "3")]
    pub three: i64,
    #[serde(rename = "4")]
    pub four: i64,
    #[serde(rename = "5")]
    pub five: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RequesterReviewsView {
    pub organization_id: String,
    pub count: i64,
    /// The mean rating with one decimal ("4.5"); null without reviews.
    pub average: Option<String>,
    pub distribution: RatingDistribution,
    /// Most recently written or changed first.
    pub reviews: Vec<RequesterReviewView>,
}

fn reviews_view(org: &OrganizationId, r: &Reviews) -> RequesterReviewsView {
    let [one, two, three, four, five] = r.distribution;
    RequesterReviewsView {
        organization_id: org.to_string(),
        count: r.count(),
        average: r.average(),
        distribution: RatingDistribution {
            one,
            two,
            three,
            four,
            five,
        },
        reviews: r.reviews.iter().map(review_view).collect(),
    }
}

/// Review a requester organisation about one of its projects you submitted an answer
/// to: 201 the first time, 200 when it changes your review of that project.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/reviews", request_body = RequesterReviewRequest,
    params(("id" = String, Path, description = "The organisation's id")),
    responses((status = 201, body = RequesterReviewView), (status = 200, body = RequesterReviewView),
        (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn put(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<OrganizationId>,
    Json(req): Json<RequesterReviewRequest>,
) -> ApiResult<(StatusCode, Json<RequesterReviewView>)> {
    let (row, created) = reviews::put(&state, &caller, &id, &req).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(review_view(&row))))
}

/// An organisation's reviews and their distribution; no account needed.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/reviews",
    params(("id" = String, Path, description = "The organisation's id")),
    responses((status = 200, body = RequesterReviewsView), (status = 404, body = crate::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    Path(id): Path<OrganizationId>,
) -> ApiResult<Json<RequesterReviewsView>> {
    let found = reviews::list(&state, &id).await?;
    Ok(Json(reviews_view(&id, &found)))
}

/// The organisation answers a review publicly (again: replaces its answer).
#[utoipa::path(post, path = "/api/v1/organizations/{id}/reviews/{review}/answer",
    request_body = ReviewAnswerRequest,
    params(("id" = String, Path, description = "The organisation's id"),
        ("review" = String, Path, description = "The review's id")),
    responses((status = 200, body = RequesterReviewView), (status = 404, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn answer(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, review)): Path<(OrganizationId, String)>,
    Json(req): Json<ReviewAnswerRequest>,
) -> ApiResult<Json<RequesterReviewView>> {
    let row = reviews::answer(&state, &caller, &id, &review, &req).await?;
    Ok(Json(review_view(&row)))
}
