//! Trust and safety decided by people (issue 16): operators verify requesters, decide
//! workers' reports, take projects down, suspend accounts and decide appeals; a
//! suspended holder reads their suspension and appeals once. The rules are
//! `app::trust`'s; this module reads requests and writes the JSON views.

use crate::AppState;
use crate::app::record::{VerificationView, verification_view};
use crate::app::trust as app;
use crate::auth::{Caller, Holder};
use crate::error::{ApiResult, Json};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use handprint_core::clock::to_rfc3339;
use handprint_core::{AssignmentId, OrganizationId, ProjectId, UserId};
use handprint_store::trust::{QueuedReport, SuspensionRow, TakedownRow};
use serde::{Deserialize, Serialize};

pub use crate::app::trust::{AppealRequest, DecideRequest, ReasonRequest, VerifyRequest};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/operator/organizations/{id}/verification",
            post(verify),
        )
        .route(
            "/api/v1/operator/organizations/{id}/verification/revoke",
            post(revoke),
        )
        .route("/api/v1/operator/reports", get(reports))
        .route(
            "/api/v1/operator/reports/{id}/decision",
            post(decide_report),
        )
        .route("/api/v1/operator/projects/{id}/takedown", post(take_down))
        .route("/api/v1/operator/accounts/{id}/suspension", post(suspend))
        .route("/api/v1/operator/suspensions", get(suspensions))
        .route(
            "/api/v1/operator/suspensions/{id}/appeal/decision",
            post(decide_appeal),
        )
        .route("/api/v1/operator/trust-log", get(trust_log))
        .route("/api/v1/me/suspension", get(own_suspension))
        .route("/api/v1/me/suspension/appeal", post(appeal))
        .route("/api/v1/me/takedowns", get(my_takedowns))
        .route("/api/v1/assignments/{id}/report", post(report_task))
}

// A worker's report of a task or its project. Problems name `/reason` and `/note`.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    /// media-missing, unclear, wrong-language, offensive or other (the default).
    #[serde(default)]
    pub reason: String,
    /// What is wrong, in the worker's words (at most 1000 characters).
    #[serde(default)]
    pub note: String,
}

/// Report a task (and its project) to the requester and the operators' queue; the task
/// is given back, free. The same as the task page's "Report".
#[utoipa::path(post, path = "/api/v1/assignments/{id}/report", request_body = ReportRequest,
    responses((status = 200, body = crate::api::work::AssignmentView), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn report_task(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<AssignmentId>,
    Json(req): Json<ReportRequest>,
) -> ApiResult<Json<crate::api::work::AssignmentView>> {
    let report = crate::app::work::Report {
        reason: req.reason,
        note: req.note,
    };
    crate::app::work::report(&state, &caller, &id, &report).await?;
    let row = crate::app::work::read(&state, &caller, &id).await?;
    Ok(Json(crate::api::work::assignment_view(&row)))
}

/// Record what was checked about a requester organisation: it shows as verified.
#[utoipa::path(post, path = "/api/v1/operator/organizations/{id}/verification", request_body = VerifyRequest,
    responses((status = 201, body = VerificationView), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn verify(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<OrganizationId>,
    Json(req): Json<VerifyRequest>,
) -> ApiResult<(StatusCode, Json<VerificationView>)> {
    let v = app::verify(&state, &caller, &id, &req).await?;
    Ok((StatusCode::CREATED, Json(verification_view(&v)?)))
}

/// Revoke an organisation's verification, with a reason.
#[utoipa::path(post, path = "/api/v1/operator/organizations/{id}/verification/revoke", request_body = ReasonRequest,
    responses((status = 204), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<OrganizationId>,
    Json(req): Json<ReasonRequest>,
) -> ApiResult<StatusCode> {
    app::revoke(&state, &caller, &id, &req).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReportView {
    pub id: String,
    pub project_id: String,
    pub project_title: String,
    pub organization_id: String,
    pub worker_id: String,
    /// The worker's words.
    pub reason: String,
    pub created_at: String,
    /// "open", "dismissed" or "taken_down".
    pub state: String,
    pub decision_reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
}

fn report_view(r: QueuedReport) -> ReportView {
    ReportView {
        id: r.id,
        project_id: r.project_id.into_string(),
        project_title: r.project_title,
        organization_id: r.organization_id.into_string(),
        worker_id: r.worker_id.into_string(),
        reason: r.reason,
        created_at: to_rfc3339(r.created_at),
        state: r.outcome.unwrap_or_else(|| "open".into()),
        decision_reason: r.decision_reason,
        decided_by: r.decided_by,
        decided_at: r.decided_at.map(to_rfc3339),
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ReportsQuery {
    /// open (default) or closed.
    pub state: Option<String>,
}

/// Workers' reports on projects: the open ones oldest first, or the closed ones.
#[utoipa::path(get, path = "/api/v1/operator/reports", params(ReportsQuery),
    responses((status = 200, body = [ReportView]), (status = 403, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn reports(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ReportsQuery>,
) -> ApiResult<Json<Vec<ReportView>>> {
    let rows = app::reports(&state, &caller, q.state.as_deref()).await?;
    Ok(Json(rows.into_iter().map(report_view).collect()))
}

/// Decide a report: "dismiss", or "take_down" its project (the reason is shown to the
/// project's workers and requester).
#[utoipa::path(post, path = "/api/v1/operator/reports/{id}/decision", request_body = DecideRequest,
    responses((status = 200, body = ReportView), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn decide_report(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<DecideRequest>,
) -> ApiResult<Json<ReportView>> {
    let r = app::decide_report(&state, &caller, &id, &req).await?;
    Ok(Json(report_view(r)))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TakedownView {
    pub project_id: String,
    pub project_title: String,
    pub reason: String,
    pub taken_at: String,
}

fn takedown_view(t: TakedownRow) -> TakedownView {
    TakedownView {
        project_id: t.project_id.into_string(),
        project_title: t.project_title,
        reason: t.reason,
        taken_at: to_rfc3339(t.taken_at),
    }
}

/// Take a project down: no new leases, submitted answers approved and paid, leases
/// given back, the rest of the escrow returned to the requester.
#[utoipa::path(post, path = "/api/v1/operator/projects/{id}/takedown", request_body = ReasonRequest,
    responses((status = 201, body = TakedownView), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn take_down(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ProjectId>,
    Json(req): Json<ReasonRequest>,
) -> ApiResult<(StatusCode, Json<TakedownView>)> {
    let t = app::take_down(&state, &caller, &id, &req).await?;
    Ok((StatusCode::CREATED, Json(takedown_view(t))))
}

/// The takedowns of projects the calling worker worked on, with their reasons.
#[utoipa::path(get, path = "/api/v1/me/takedowns",
    responses((status = 200, body = [TakedownView])), security(("api_key" = [])))]
pub async fn my_takedowns(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<TakedownView>>> {
    let rows = app::takedowns_for(&state, caller.id()).await?;
    Ok(Json(rows.into_iter().map(takedown_view).collect()))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SuspensionView {
    pub id: String,
    pub user_id: String,
    pub email: String,
    /// The operator's written reason, shown to the holder.
    pub reason: String,
    pub suspended_by: String,
    pub suspended_at: String,
    pub appeal_text: Option<String>,
    pub appealed_at: Option<String>,
    /// "lifted" or "upheld" once another operator decided the appeal.
    pub appeal_outcome: Option<String>,
    pub appeal_reason: Option<String>,
    pub appeal_decided_by: Option<String>,
    pub appeal_decided_at: Option<String>,
    pub lifted_at: Option<String>,
}

fn suspension_view(s: SuspensionRow) -> SuspensionView {
    SuspensionView {
        id: s.id,
        user_id: s.user_id.into_string(),
        email: s.email,
        reason: s.reason,
        suspended_by: s.suspended_by.into_string(),
        suspended_at: to_rfc3339(s.suspended_at),
        appeal_text: s.appeal_text,
        appealed_at: s.appealed_at.map(to_rfc3339),
        appeal_outcome: s.appeal_outcome,
        appeal_reason: s.appeal_reason,
        appeal_decided_by: s.appeal_decided_by,
        appeal_decided_at: s.appeal_decided_at.map(to_rfc3339),
        lifted_at: s.lifted_at.map(to_rfc3339),
    }
}

/// Suspend an account with a written reason (shown to the holder, who may appeal once).
#[utoipa::path(post, path = "/api/v1/operator/accounts/{id}/suspension", request_body = ReasonRequest,
    responses((status = 201, body = SuspensionView), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn suspend(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<UserId>,
    Json(req): Json<ReasonRequest>,
) -> ApiResult<(StatusCode, Json<SuspensionView>)> {
    let s = app::suspend(&state, &caller, &id, &req).await?;
    Ok((StatusCode::CREATED, Json(suspension_view(s))))
}

/// The suspensions in force, newest first, with their appeals.
#[utoipa::path(get, path = "/api/v1/operator/suspensions",
    responses((status = 200, body = [SuspensionView]), (status = 403, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn suspensions(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<SuspensionView>>> {
    let rows = app::suspensions(&state, &caller).await?;
    Ok(Json(rows.into_iter().map(suspension_view).collect()))
}

/// Decide an appeal ("lift" or "uphold", with a reason): only an operator other than
/// the one who suspended may (403 otherwise).
#[utoipa::path(post, path = "/api/v1/operator/suspensions/{id}/appeal/decision", request_body = DecideRequest,
    responses((status = 200, body = SuspensionView), (status = 403, body = crate::error::Problem), (status = 409, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn decide_appeal(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<DecideRequest>,
) -> ApiResult<Json<SuspensionView>> {
    let s = app::decide_appeal(&state, &caller, &id, &req).await?;
    Ok(Json(suspension_view(s)))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TrustLogView {
    pub actor_id: String,
    pub actor_email: String,
    /// verify, revoke_verification, dismiss_report, take_down, suspend, appeal,
    /// lift_suspension or uphold_suspension.
    pub action: String,
    /// The organisation, report, project, account or suspension acted on.
    pub subject: String,
    pub reason: String,
    pub at: String,
}

/// Every trust-and-safety act, newest first: who, when, what, and why.
#[utoipa::path(get, path = "/api/v1/operator/trust-log",
    responses((status = 200, body = [TrustLogView]), (status = 403, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn trust_log(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<TrustLogView>>> {
    let rows = app::log(&state, &caller).await?;
    Ok(Json(
        rows.into_iter()
            .map(|l| TrustLogView {
                actor_id: l.actor_id.into_string(),
                actor_email: l.actor_email,
                action: l.action,
                subject: l.subject,
                reason: l.reason,
                at: to_rfc3339(l.created_at),
            })
            .collect(),
    ))
}

/// The caller's own suspension in force, or null: the only routes a suspended account
/// may call are this one and the appeal.
#[utoipa::path(get, path = "/api/v1/me/suspension",
    responses((status = 200, body = Option<SuspensionView>)), security(("api_key" = [])))]
pub async fn own_suspension(
    State(state): State<AppState>,
    Holder(holder): Holder,
) -> ApiResult<Json<Option<SuspensionView>>> {
    let s = app::own_suspension(&state, &holder).await?;
    Ok(Json(s.map(suspension_view)))
}

/// Appeal one's suspension, once, in one's own words; another operator decides it.
#[utoipa::path(post, path = "/api/v1/me/suspension/appeal", request_body = AppealRequest,
    responses((status = 201, body = SuspensionView), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn appeal(
    State(state): State<AppState>,
    Holder(holder): Holder,
    Json(req): Json<AppealRequest>,
) -> ApiResult<(StatusCode, Json<SuspensionView>)> {
    let s = app::appeal(&state, &holder, &req).await?;
    Ok((StatusCode::CREATED, Json(suspension_view(s))))
}
