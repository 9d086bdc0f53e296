//! Qualifications: define them, grant and revoke them (manual kind), and a worker's
//! own. The rules are `app::qualifications`'s.

use crate::AppState;
use crate::app::qualifications::{self as app, GrantInput, QualificationInput, RevokeInput};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use handprint_core::QualificationId;
use handprint_core::clock::to_rfc3339;
use handprint_store::qualifications::QualificationRow;
use serde::Serialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/qualifications", post(create).get(list))
        .route("/api/v1/qualifications/{id}", get(read).patch(update))
        .route("/api/v1/qualifications/{id}/grants", post(grant))
        .route(
            "/api/v1/qualifications/{id}/grants/{worker}",
            delete(revoke),
        )
        .route("/api/v1/me/qualifications", get(mine))
        .route(
            "/api/v1/qualifications/available",
            get(crate::api::qualification_tests::available),
        )
        .route(
            "/api/v1/qualifications/{id}/items",
            post(crate::api::qualification_tests::add_items),
        )
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QualificationView {
    pub id: String,
    pub name: String,
    pub description: String,
    /// "manual" (granted by a person), "test" (scored items) or "performance" (held
    /// while control accuracy is at least `pass_score` after `min_controls`).
    pub kind: String,
    /// The organisation that defined it; null for an operator's, open to every project.
    pub organization_id: Option<String>,
    /// How many workers hold it now.
    pub holders: i64,
    pub created_at: String,
    pub updated_at: String,
    /// A test's terms, items and takers (absent for the other kinds).
    #[serde(flatten)]
    pub test: Option<crate::api::qualification_tests::TestTermsView>,
    /// A performance qualification's terms (absent for the other kinds).
    #[serde(flatten)]
    pub performance: Option<PerformanceView>,
}

/// What a performance qualification is held by.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PerformanceView {
    /// Control answers needed before it is granted.
    pub min_controls: i64,
    /// Percent of control items answered right (over the latest 1000) to hold it.
    pub pass_score: i64,
}

pub(crate) fn view(state: &AppState, row: QualificationRow) -> QualificationView {
    let test = crate::api::qualification_tests::terms_view(state, &row);
    let performance = (row.kind == handprint_core::eligibility::QualificationKind::Performance)
        .then(|| PerformanceView {
            min_controls: row.min_controls.unwrap_or(1),
            pass_score: row.pass_score.unwrap_or(100),
        });
    QualificationView {
        test,
        performance,
        id: row.id.into_string(),
        name: row.name,
        description: row.description,
        kind: row.kind.as_str().to_string(),
        organization_id: row.organization_id,
        holders: row.holders,
        created_at: to_rfc3339(row.created_at),
        updated_at: to_rfc3339(row.updated_at),
    }
}

/// Define a qualification: the caller's organisation's (a requester) or one for
/// every project (an operator): `manual`, `test` or `performance`.
#[utoipa::path(post, path = "/api/v1/qualifications", request_body = QualificationInput,
    responses((status = 201, body = QualificationView), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<QualificationInput>,
) -> ApiResult<(StatusCode, Json<QualificationView>)> {
    let row = app::create(&state, &caller, &input).await?;
    Ok((StatusCode::CREATED, Json(view(&state, row))))
}

/// The qualifications the caller may use (a requester: its organisation's and the operators').
#[utoipa::path(get, path = "/api/v1/qualifications", responses((status = 200, body = [QualificationView])), security(("api_key" = [])))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<QualificationView>>> {
    let rows = app::list(&state, &caller).await?;
    Ok(Json(rows.into_iter().map(|r| view(&state, r)).collect()))
}

#[utoipa::path(get, path = "/api/v1/qualifications/{id}", responses((status = 200, body = QualificationView), (status = 404, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn read(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<QualificationId>,
) -> ApiResult<Json<QualificationView>> {
    Ok(Json(view(&state, app::read(&state, &caller, &id).await?)))
}

/// Change a qualification's name or description (its kind cannot change).
#[utoipa::path(patch, path = "/api/v1/qualifications/{id}", request_body = QualificationInput,
    responses((status = 200, body = QualificationView), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<QualificationId>,
    Json(input): Json<QualificationInput>,
) -> ApiResult<Json<QualificationView>> {
    Ok(Json(view(
        &state,
        app::update(&state, &caller, &id, &input).await?,
    )))
}

/// Grant the qualification to a worker (named by the pseudonym of the organisation's
/// exports) at a score from 0 to 100, with a written reason; a second grant changes
/// the score. Every grant is kept with who made it and when.
#[utoipa::path(post, path = "/api/v1/qualifications/{id}/grants", request_body = GrantInput,
    responses((status = 200, body = QualificationView), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn grant(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<QualificationId>,
    Json(input): Json<GrantInput>,
) -> ApiResult<Json<QualificationView>> {
    Ok(Json(view(
        &state,
        app::grant(&state, &caller, &id, &input).await?,
    )))
}

/// Revoke a worker's qualification, with a written reason (body `{"reason": "…"}`).
#[utoipa::path(delete, path = "/api/v1/qualifications/{id}/grants/{worker}", request_body = RevokeInput,
    responses((status = 204), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, worker)): Path<(String, String)>,
    Json(input): Json<RevokeInput>,
) -> ApiResult<StatusCode> {
    app::revoke(&state, &caller, &QualificationId::from(id), &worker, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct HeldView {
    pub qualification_id: String,
    pub name: String,
    pub kind: String,
    pub score: i64,
    pub granted_at: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QualificationEventView {
    pub qualification_id: String,
    pub name: String,
    /// "granted" or "revoked".
    pub action: String,
    pub score: Option<i64>,
    pub reason: String,
    pub at: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MyQualificationsView {
    pub qualifications: Vec<HeldView>,
    /// Every grant and revocation about the caller, newest first, with its reason.
    pub history: Vec<QualificationEventView>,
}

/// The calling worker's qualifications with their scores, and their history.
#[utoipa::path(get, path = "/api/v1/me/qualifications", responses((status = 200, body = MyQualificationsView), (status = 403, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn mine(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<MyQualificationsView>> {
    Ok(Json(my_view(app::mine(&state, &caller).await?)))
}

/// A worker's qualifications and their history as the API shows them (also in the
/// worker's data export).
pub fn my_view(mine: app::Mine) -> MyQualificationsView {
    MyQualificationsView {
        qualifications: mine
            .held
            .into_iter()
            .map(|h| HeldView {
                qualification_id: h.qualification_id.into_string(),
                name: h.name,
                kind: h.kind.as_str().to_string(),
                score: h.score,
                granted_at: to_rfc3339(h.granted_at),
            })
            .collect(),
        history: mine
            .history
            .into_iter()
            .map(|e| QualificationEventView {
                qualification_id: e.qualification_id.into_string(),
                name: e.name,
                action: e.action,
                score: e.score,
                reason: e.reason,
                at: to_rfc3339(e.at),
            })
            .collect(),
    }
}
