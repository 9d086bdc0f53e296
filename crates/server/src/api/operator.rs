//! Operators' money work: listing organisations with their balances, recording
//! deposits, sending payouts (CSV export, then paid or failed), and checking the ledger.

use crate::api::money::{PayoutView, fmt, parse_amount, payout_view};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use crate::payments::provider;
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use handprint_core::Msg;
use handprint_core::account::Role;
use handprint_core::clock::to_rfc3339;
use handprint_core::review::parse_note;
use handprint_store::payouts::{PayoutFilter, PayoutRow};
use serde::{Deserialize, Serialize};

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
    caller.require(Role::Operator)?;
    let rows = state.db.organization_summaries().await?;
    Ok(Json(
        rows.into_iter()
            .map(|o| OperatorOrganizationView {
                available: fmt(&state, o.available),
                escrow: fmt(&state, o.escrow),
                currency: state.settings.currency.code.clone(),
                created_at: to_rfc3339(o.created_at),
                members: o.members,
                contact_email: o.contact_email,
                name: o.name,
                id: o.id,
            })
            .collect(),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepositRequest {
    pub organization_id: String,
    /// Decimal amount in the instance currency, e.g. "250.00".
    pub amount: String,
    /// The bank or mobile-money reference of the transfer: recording it twice is recording it once.
    pub reference: String,
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

/// A reference already recorded for another amount: the store knows the amount in
/// minor units, people read it as money ("20.00 USD").
fn reference_used(state: &AppState, reference: &str, m: &Msg) -> Msg {
    let minor = m
        .args
        .iter()
        .find(|(k, _)| *k == "stored")
        .and_then(|(_, v)| v.parse::<i64>().ok())
        .unwrap_or_default();
    let stored = format!("{} {}", fmt(state, minor), state.settings.currency.code);
    Msg::coded(
        "err-deposit-reference-used",
        vec![
            ("reference", reference.to_string()),
            ("stored", stored.clone()),
        ],
        format!(
            "the reference \"{reference}\" was already recorded for a deposit of {stored}; use the bank's reference of this transfer"
        ),
    )
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
    caller.require(Role::Operator)?;
    if req.organization_id.trim().is_empty() {
        return Err(AppError::field(
            "/organization_id",
            Msg::coded(
                "err-deposit-organization-missing",
                Vec::new(),
                "choose the organisation the money came from",
            ),
        ));
    }
    let amount = parse_amount(&req.amount, &state.settings.currency, "/amount")?;
    let reference = provider()
        .deposit_reference(&req.reference)
        .map_err(|m| AppError::field("/reference", m))?;
    let (transfer_id, created) = state
        .db
        .deposit(&req.organization_id, amount, &reference, state.now())
        .await
        .map_err(|e| match e {
            handprint_store::StoreError::NotFound(_) => AppError::field(
                "/organization_id",
                Msg::coded(
                    "err-no-such-organization",
                    vec![("id", req.organization_id.clone())],
                    format!("there is no organisation {}", req.organization_id),
                ),
            ),
            handprint_store::StoreError::Conflict(m)
                if m.code == Some("err-deposit-reference-used") =>
            {
                AppError::Conflict(reference_used(&state, &reference, &m))
            }
            other => other.into(),
        })?;
    let available = state.db.org_balance(&req.organization_id).await?.available;
    Ok((
        if created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        },
        Json(DepositView {
            transfer_id,
            organization_id: req.organization_id,
            amount: fmt(&state, amount),
            currency: state.settings.currency.code.clone(),
            reference,
            created,
            available: fmt(&state, available),
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

/// The payouts in one state (requested by default), oldest first: what
/// `GET /api/v1/operator/payouts` lists and the web app's payouts queue shows.
pub async fn payout_rows(
    state: &AppState,
    caller: &Caller,
    wanted: Option<String>,
) -> ApiResult<Vec<PayoutRow>> {
    caller.require(Role::Operator)?;
    let wanted = wanted.unwrap_or_else(|| "requested".into());
    if !matches!(wanted.as_str(), "requested" | "paid" | "failed") {
        return Err(AppError::not_offered(
            "state",
            &wanted,
            "requested, paid or failed",
        ));
    }
    Ok(state.db.payouts(PayoutFilter::State(&wanted)).await?)
}

/// Payouts by state; `format=csv` gives the pending ones as the batch to send.
#[utoipa::path(get, path = "/api/v1/operator/payouts", params(PayoutsQuery),
    responses((status = 200, body = [PayoutView]), (status = 200, content_type = "text/csv", description = "format=csv")), security(("api_key" = [])))]
pub async fn payouts(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<PayoutsQuery>,
) -> ApiResult<Response> {
    let rows = payout_rows(&state, &caller, q.state).await?;
    match q.format.as_deref().unwrap_or("json") {
        "json" => Ok(axum::Json(
            rows.iter()
                .map(|p| payout_view(&state, p))
                .collect::<Vec<_>>(),
        )
        .into_response()),
        "csv" => Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"payouts.csv\"",
                ),
            ],
            provider().export(&rows, &state.settings.currency),
        )
            .into_response()),
        other => Err(AppError::not_offered("format", other, "json or csv")),
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaidRequest {
    /// The reference of the transfer that was sent.
    pub reference: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FailedRequest {
    /// Why it failed (shown to the worker); the money becomes available to them again.
    pub reason: String,
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
    caller.require(Role::Operator)?;
    let reference = provider()
        .deposit_reference(&req.reference)
        .map_err(|m| AppError::field("/reference", m))?;
    let p = state
        .db
        .settle_payout(&id, true, &reference, caller.id(), state.now())
        .await?;
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
    caller.require(Role::Operator)?;
    let reason = parse_note(&req.reason).map_err(|m| AppError::field("/reason", m))?;
    let p = state
        .db
        .settle_payout(&id, false, &reason, caller.id(), state.now())
        .await?;
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
    caller.require(Role::Operator)?;
    let r = state.db.ledger_check().await?;
    Ok(Json(LedgerCheckView {
        ok: r.problems.is_empty(),
        accounts: r.accounts,
        transfers: r.transfers,
        problems: r.problems,
    }))
}
