//! Operators' money work: listing organisations with their balances, recording
//! deposits, sending payouts (CSV export, then paid or failed), and checking the ledger.
//! The rules are `app::operator`'s; this module reads requests and writes the JSON views.

use crate::api::money::{PayoutView, fmt, payout_view};
use crate::app::operator as app;
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use handprint_core::clock::to_rfc3339;
use serde::{Deserialize, Serialize};

pub use crate::app::operator::{DepositRequest, FailedRequest, PaidRequest};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/operator/deposits", post(deposit))
        .route("/api/v1/operator/payouts", get(payouts))
        .route("/api/v1/operator/payouts/{id}/paid", post(mark_paid))
        .route("/api/v1/operator/payouts/{id}/failed", post(mark_failed))
        .route("/api/v1/operator/ledger", get(ledger))
        .route("/api/v1/operator/organizations", get(organizations))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OperatorOrganizationView {
    /// The id a deposit is recorded for (requesters quote it with their transfer).
    pub id: String,
    pub name: String,
    pub created_at: String,
    /// How many users belong to the organisation.
    pub members: i64,
    /// The email of its first member (who signed it up), to contact about a transfer.
    pub contact_email: Option<String>,
    /// Its available balance and what its projects hold in escrow, in `currency`.
    pub available: String,
    pub escrow: String,
    pub currency: String,
    /// The names of other organisations that look like this one's (the same
    /// confusable skeleton, e.g. a Cyrillic "А" for a Latin "A"): worth a look.
    pub looks_like: Vec<String>,
}

/// Every requester organisation with its members, contact and balances, by name:
/// whom a deposit can be recorded for.
#[utoipa::path(get, path = "/api/v1/operator/organizations",
    responses((status = 200, body = [OperatorOrganizationView]), (status = 403, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn organizations(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<OperatorOrganizationView>>> {
    let rows = app::organizations(&state, &caller).await?;
    Ok(Json(
        rows.into_iter()
            .map(|entry| (entry.summary, entry.looks_like))
            .map(|(o, looks_like)| OperatorOrganizationView {
                looks_like,
                available: fmt(&state, o.available),
                escrow: fmt(&state, o.escrow),
                currency: state.settings.currency.code.clone(),
                created_at: to_rfc3339(o.created_at),
                members: o.members,
                contact_email: o.contact_email,
                name: o.name,
                id: o.id.into_string(),
            })
            .collect(),
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DepositView {
    pub transfer_id: String,
    pub organization_id: String,
    pub amount: String,
    pub currency: String,
    pub reference: String,
    /// False when this reference had already been recorded (nothing changed).
    pub created: bool,
    /// The organisation's available balance now.
    pub available: String,
}

/// Record money a requester organisation sent (by bank or mobile-money transfer).
#[utoipa::path(post, path = "/api/v1/operator/deposits", request_body = DepositRequest,
    responses((status = 201, body = DepositView), (status = 200, body = DepositView, description = "already recorded"), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn deposit(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<DepositRequest>,
) -> ApiResult<(StatusCode, Json<DepositView>)> {
    let d = app::deposit(&state, &caller, &req).await?;
    let status = if d.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(DepositView {
            transfer_id: d.transfer_id,
            organization_id: d.organization_id.into_string(),
            amount: fmt(&state, d.amount),
            currency: state.settings.currency.code.clone(),
            reference: d.reference,
            created: d.created,
            available: fmt(&state, d.available),
        }),
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PayoutsQuery {
    /// requested (default), paid or failed.
    pub state: Option<String>,
    /// json (default) or csv (the batch to send, from the payment provider).
    pub format: Option<String>,
}

/// Payouts by state; `format=csv` gives the pending ones as the batch to send.
#[utoipa::path(get, path = "/api/v1/operator/payouts", params(PayoutsQuery),
    responses((status = 200, body = [PayoutView]), (status = 200, content_type = "text/csv", description = "format=csv")), security(("api_key" = [])))]
pub async fn payouts(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<PayoutsQuery>,
) -> ApiResult<Response> {
    let rows = app::payouts(&state, &caller, q.state.as_deref()).await?;
    match q.format.as_deref().unwrap_or("json") {
        "json" => Ok(axum::Json(
            rows.iter()
                .map(|p| payout_view(&state, p))
                .collect::<Vec<_>>(),
        )
        .into_response()),
        "csv" => Ok(app::payouts_csv(&state, &rows).into_response()),
        other => Err(AppError::not_offered("format", other, "json or csv")),
    }
}

/// The payout was sent: the money leaves the platform.
#[utoipa::path(post, path = "/api/v1/operator/payouts/{id}/paid", request_body = PaidRequest,
    responses((status = 200, body = PayoutView), (status = 409, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn mark_paid(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<PaidRequest>,
) -> ApiResult<Json<PayoutView>> {
    let p = app::mark_paid(&state, &caller, &id, &req).await?;
    Ok(Json(payout_view(&state, &p)))
}

/// The payout failed: the money returns to the worker's available balance.
#[utoipa::path(post, path = "/api/v1/operator/payouts/{id}/failed", request_body = FailedRequest,
    responses((status = 200, body = PayoutView), (status = 409, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn mark_failed(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<FailedRequest>,
) -> ApiResult<Json<PayoutView>> {
    let p = app::mark_failed(&state, &caller, &id, &req).await?;
    Ok(Json(payout_view(&state, &p)))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LedgerCheckView {
    pub ok: bool,
    pub accounts: i64,
    pub transfers: i64,
    pub problems: Vec<String>,
}

/// Verify the ledger's invariants (the same check as `handprint ledger check`).
#[utoipa::path(get, path = "/api/v1/operator/ledger", responses((status = 200, body = LedgerCheckView)), security(("api_key" = [])))]
pub async fn ledger(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<LedgerCheckView>> {
    let r = app::ledger_check(&state, &caller).await?;
    Ok(Json(LedgerCheckView {
        ok: r.problems.is_empty(),
        accounts: r.accounts,
        transfers: r.transfers,
        problems: r.problems,
    }))
}
