//! Money as its owners see it: balances, statements (JSON or CSV), and a
//! worker's payouts. The rules are `app::money`'s; this module reads requests and
//! writes the JSON views.

use crate::app::money::{self as app, Balance};
pub use crate::app::money::{StatementLineView, line_view};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use handprint_core::Money;
use handprint_core::clock::to_rfc3339;
use handprint_store::payouts::PayoutRow;
use serde::{Deserialize, Serialize};

pub use crate::app::money::PayoutRequest;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/balance", get(balance))
        .route("/api/v1/statement", get(statement))
        .route("/api/v1/payouts", post(request_payout).get(my_payouts))
}

pub(crate) fn fmt(state: &AppState, amount: Money) -> String {
    app::amount_text(state, amount)
}

/// Balances: a worker's, a requester organisation's, or the platform's (operators).
#[derive(Serialize, utoipa::ToSchema)]
pub struct BalanceView {
    pub currency: String,
    /// The platform fee requesters pay on top of every payment to a worker, in percent.
    pub platform_fee_percent: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worker: Option<WorkerBalanceView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrgBalanceView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<Vec<PlatformAccountView>>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct WorkerBalanceView {
    /// May be paid out.
    pub available: String,
    /// In a payout an operator has not yet confirmed.
    pub pending: String,
    pub paid_out: String,
    /// Everything earned: approved answers, top-ups to the pay floor, bonuses.
    pub earned: String,
    /// Rewards of answers awaiting review or in dispute.
    pub under_review: String,
    /// The smallest payout that may be requested.
    pub payout_threshold: String,
    pub approved_answers: i64,
    /// Rejections that count on your record (dispute window closed, or dispute upheld).
    pub rejections_counted: i64,
    /// Rejections still disputable or in dispute: not counted.
    pub rejections_open: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OrgBalanceView {
    pub organization_id: String,
    /// Not committed to any project.
    pub available: String,
    /// Held for open work in published projects.
    pub escrow: String,
    pub deposits: String,
    /// Paid to workers: rewards, top-ups, bonuses.
    pub spend: String,
    pub fees: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PlatformAccountView {
    /// Account kind: org_available, escrow, worker_available, worker_pending, paid_out, platform_fees, external_deposits.
    pub kind: String,
    pub total: String,
}

#[utoipa::path(get, path = "/api/v1/balance", responses((status = 200, body = BalanceView)), security(("api_key" = [])))]
pub async fn balance(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<BalanceView>> {
    let balance = app::balance(&state, &caller).await?;
    Ok(Json(balance_view(&state, balance)))
}

fn balance_view(state: &AppState, balance: Balance) -> BalanceView {
    let mut view = BalanceView {
        currency: state.settings.currency.code.clone(),
        platform_fee_percent: state.settings.fee.as_percent(),
        worker: None,
        organization: None,
        platform: None,
    };
    match balance {
        Balance::Worker(b) => {
            view.worker = Some(WorkerBalanceView {
                available: fmt(state, b.available),
                pending: fmt(state, b.pending),
                paid_out: fmt(state, b.paid_out),
                earned: fmt(state, b.earned),
                under_review: fmt(state, b.under_review),
                payout_threshold: fmt(state, state.settings.payout_threshold),
                approved_answers: b.approved,
                rejections_counted: b.rejections_counted,
                rejections_open: b.rejections_open,
            });
        }
        Balance::Organization {
            organization_id,
            balance: b,
        } => {
            view.organization = Some(OrgBalanceView {
                organization_id: organization_id.into_string(),
                available: fmt(state, b.available),
                escrow: fmt(state, b.escrow),
                deposits: fmt(state, b.deposits),
                spend: fmt(state, b.spend),
                fees: fmt(state, b.fees),
            });
        }
        Balance::Platform(totals) => {
            view.platform = Some(
                totals
                    .into_iter()
                    .map(|(kind, total)| PlatformAccountView {
                        kind,
                        total: fmt(state, total),
                    })
                    .collect(),
            );
        }
    }
    view
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct StatementQuery {
    /// json (default) or csv.
    pub format: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct StatementView {
    pub currency: String,
    pub lines: Vec<StatementLineView>,
}

/// Every movement of your money (a worker's, or your organisation's), oldest first.
#[utoipa::path(get, path = "/api/v1/statement", params(StatementQuery),
    responses((status = 200, body = StatementView), (status = 200, content_type = "text/csv", description = "format=csv")), security(("api_key" = [])))]
pub async fn statement(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<StatementQuery>,
) -> ApiResult<Response> {
    let lines = app::statement(&state, &caller).await?;
    match q.format.as_deref().unwrap_or("json") {
        "json" => Ok(axum::Json(StatementView {
            currency: state.settings.currency.code.clone(),
            lines: lines.iter().map(|l| line_view(&state, l)).collect(),
        })
        .into_response()),
        "csv" => Ok(app::statement_csv(&state, &lines).into_response()),
        other => Err(AppError::not_offered("format", other, "json or csv")),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PayoutView {
    pub id: String,
    pub worker_id: String,
    pub amount: String,
    pub currency: String,
    pub provider: String,
    pub destination: String,
    /// requested, paid or failed.
    pub state: String,
    /// The transfer's reference, once paid.
    pub reference: Option<String>,
    /// Why it failed.
    pub note: Option<String>,
    pub requested_at: String,
    pub decided_at: Option<String>,
}

pub(crate) fn payout_view(state: &AppState, p: &PayoutRow) -> PayoutView {
    PayoutView {
        id: p.id.clone(),
        worker_id: p.worker_id.to_string(),
        amount: fmt(state, p.amount),
        currency: state.settings.currency.code.clone(),
        provider: p.provider.clone(),
        destination: p.destination.clone(),
        state: p.state.as_str().to_string(),
        reference: p.reference.clone(),
        note: p.note.clone(),
        requested_at: to_rfc3339(p.requested_at),
        decided_at: p.decided_at.map(to_rfc3339),
    }
}

/// Ask for a payout of available money; it is pending until an operator sends it.
/// The same idempotency key (field or `Idempotency-Key` header) again answers 200 with
/// the first request, and takes nothing more from the balance.
#[utoipa::path(post, path = "/api/v1/payouts", request_body = PayoutRequest,
    responses((status = 201, body = PayoutView), (status = 200, body = PayoutView), (status = 402, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn request_payout(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Json(mut req): Json<PayoutRequest>,
) -> ApiResult<(StatusCode, Json<PayoutView>)> {
    if req.idempotency_key.is_none() {
        req.idempotency_key = headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
    }
    let (payout, created) = app::request_payout(&state, &caller, &req).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(payout_view(&state, &payout))))
}

/// Your payouts, oldest first.
#[utoipa::path(get, path = "/api/v1/payouts", responses((status = 200, body = [PayoutView])), security(("api_key" = [])))]
pub async fn my_payouts(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<PayoutView>>> {
    let rows = app::my_payouts(&state, &caller).await?;
    Ok(Json(rows.iter().map(|p| payout_view(&state, p)).collect()))
}
