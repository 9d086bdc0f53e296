//! Money as its owners see it: balances, statements (JSON or CSV), and a
//! worker's payouts.

use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use crate::payments::provider;
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use handprint_core::account::Role;
use handprint_core::clock::to_rfc3339;
use handprint_core::ledger::BasisPoints;
use handprint_core::{Currency, Money, Msg};
use handprint_store::ledger::{StatementLine, StatementOwner, kind_label};
use handprint_store::payouts::{PayoutFilter, PayoutRow};
use serde::{Deserialize, Serialize};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/balance", get(balance))
        .route("/api/v1/statement", get(statement))
        .route("/api/v1/payouts", post(request_payout).get(my_payouts))
}

pub(crate) fn fmt(state: &AppState, minor: i64) -> String {
    Money(minor).format(&state.settings.currency)
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
    let mut view = BalanceView {
        currency: state.settings.currency.code.clone(),
        platform_fee_percent: state.settings.fee.as_percent(),
        worker: None,
        organization: None,
        platform: None,
    };
    match caller.role() {
        Role::Worker => {
            let b = state.db.worker_balance(caller.id()).await?;
            view.worker = Some(WorkerBalanceView {
                available: fmt(&state, b.available),
                pending: fmt(&state, b.pending),
                paid_out: fmt(&state, b.paid_out),
                earned: fmt(&state, b.earned),
                under_review: fmt(&state, b.under_review),
                payout_threshold: fmt(&state, state.settings.payout_threshold.0),
                approved_answers: b.approved,
                rejections_counted: b.rejections_counted,
                rejections_open: b.rejections_open,
            });
        }
        Role::Requester => {
            let org = caller.organization()?.to_string();
            let b = state.db.org_balance(&org).await?;
            view.organization = Some(OrgBalanceView {
                organization_id: org,
                available: fmt(&state, b.available),
                escrow: fmt(&state, b.escrow),
                deposits: fmt(&state, b.deposits),
                spend: fmt(&state, b.spend),
                fees: fmt(&state, b.fees),
            });
        }
        Role::Operator => {
            view.platform = Some(
                state
                    .db
                    .platform_balances()
                    .await?
                    .into_iter()
                    .map(|(kind, total)| PlatformAccountView {
                        kind,
                        total: fmt(&state, total),
                    })
                    .collect(),
            );
        }
    }
    Ok(Json(view))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct StatementQuery {
    /// json (default) or csv.
    pub format: Option<String>,
}

/// One line of a statement: one movement on one of your accounts, with where it came from.
#[derive(Serialize, utoipa::ToSchema)]
pub struct StatementLineView {
    pub at: String,
    /// deposit, escrow, release, rejection_settled, approval, topup, bonus, payout_requested, payout_paid, payout_failed.
    pub reason: String,
    /// Which of your balances moved: available, escrow, pending payout, paid out.
    pub account: String,
    /// Signed: positive when money came into this balance.
    pub amount: String,
    pub project_id: Option<String>,
    pub assignment_id: Option<String>,
    pub memo: String,
    pub transfer_id: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct StatementView {
    pub currency: String,
    pub lines: Vec<StatementLineView>,
}

fn line_view(state: &AppState, l: &StatementLine) -> StatementLineView {
    StatementLineView {
        at: to_rfc3339(l.created_at),
        reason: l.reason.clone(),
        account: kind_label(&l.account_kind).to_string(),
        amount: fmt(state, l.amount),
        project_id: l.project_id.clone(),
        assignment_id: l.assignment_id.clone(),
        memo: l.memo.clone(),
        transfer_id: l.transfer_id.clone(),
    }
}

/// The caller's statement lines, oldest first: what `GET /api/v1/statement` serialises
/// and what the web app's balance pages list.
pub async fn statement_lines(
    state: &AppState,
    caller: &Caller,
) -> ApiResult<Vec<StatementLineView>> {
    let owner = match caller.role() {
        Role::Worker => StatementOwner::Worker(caller.id()),
        Role::Requester => StatementOwner::Organization(caller.organization()?),
        Role::Operator => {
            return Err(AppError::Forbidden(Msg::coded(
                "err-operator-statement",
                Vec::new(),
                "operators read the platform's balances at GET /api/v1/balance",
            )));
        }
    };
    let lines = state.db.statement(owner, 100_000).await?;
    Ok(lines.iter().map(|l| line_view(state, l)).collect())
}

/// Every movement of your money (a worker's, or your organisation's), oldest first.
#[utoipa::path(get, path = "/api/v1/statement", params(StatementQuery),
    responses((status = 200, body = StatementView), (status = 200, content_type = "text/csv", description = "format=csv")), security(("api_key" = [])))]
pub async fn statement(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<StatementQuery>,
) -> ApiResult<Response> {
    let views = statement_lines(&state, &caller).await?;
    match q.format.as_deref().unwrap_or("json") {
        "json" => Ok(axum::Json(StatementView {
            currency: state.settings.currency.code.clone(),
            lines: views,
        })
        .into_response()),
        "csv" => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record([
                "at",
                "reason",
                "account",
                "amount",
                "currency",
                "project_id",
                "assignment_id",
                "memo",
                "transfer_id",
            ]);
            for v in &views {
                let _ = w.write_record([
                    v.at.as_str(),
                    &v.reason,
                    &v.account,
                    &v.amount,
                    &state.settings.currency.code,
                    v.project_id.as_deref().unwrap_or(""),
                    v.assignment_id.as_deref().unwrap_or(""),
                    &v.memo,
                    &v.transfer_id,
                ]);
            }
            Ok((
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"statement.csv\"",
                    ),
                ],
                w.into_inner().unwrap_or_default(),
            )
                .into_response())
        }
        other => Err(AppError::not_offered("format", other, "json or csv")),
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PayoutRequest {
    /// Decimal amount, at least the payout threshold, at most your available balance.
    pub amount: String,
    /// Where to send it, e.g. "M-Pesa +254 7xx xxx xxx" or an IBAN.
    pub destination: String,
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
        worker_id: p.worker_id.clone(),
        amount: fmt(state, p.amount),
        currency: state.settings.currency.code.clone(),
        provider: p.provider.clone(),
        destination: p.destination.clone(),
        state: p.state.clone(),
        reference: p.reference.clone(),
        note: p.note.clone(),
        requested_at: to_rfc3339(p.requested_at),
        decided_at: p.decided_at.map(to_rfc3339),
    }
}

/// Parse a positive amount in the instance currency for the field at `path`.
pub(crate) fn parse_amount(text: &str, currency: &Currency, path: &str) -> ApiResult<i64> {
    match Money::parse(text, currency) {
        Ok(m) if m.0 > 0 => Ok(m.0),
        Ok(_) => Err(AppError::field(
            path,
            Msg::coded(
                "err-amount-not-positive",
                Vec::new(),
                "must be more than zero",
            ),
        )),
        Err(e) => Err(AppError::field(path, e.msg())),
    }
}

/// Ask for a payout of available money; it is pending until an operator sends it.
#[utoipa::path(post, path = "/api/v1/payouts", request_body = PayoutRequest,
    responses((status = 201, body = PayoutView), (status = 402, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn request_payout(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<PayoutRequest>,
) -> ApiResult<(StatusCode, Json<PayoutView>)> {
    caller.require(Role::Worker)?;
    let currency = &state.settings.currency;
    let amount = parse_amount(&req.amount, currency, "/amount")?;
    let threshold = state.settings.payout_threshold;
    if amount < threshold.0 {
        let threshold = format!("{} {}", threshold.format(currency), currency.code);
        return Err(AppError::field(
            "/amount",
            Msg::coded(
                "err-payout-under-threshold",
                vec![("threshold", threshold.clone())],
                format!(
                    "payouts start at {threshold}: ask again when your balance reaches it (balances never expire)"
                ),
            ),
        ));
    }
    let destination = provider()
        .payout_destination(&req.destination)
        .map_err(|m| AppError::field("/destination", m))?;
    let available = state.db.worker_balance(caller.id()).await?.available;
    if amount > available {
        let balance = format!("{} {}", fmt(&state, available), currency.code);
        return Err(AppError::field(
            "/amount",
            Msg::coded(
                "err-payout-over-balance",
                vec![("balance", balance.clone())],
                format!("your available balance is {balance}"),
            ),
        ));
    }
    let payout = state
        .db
        .request_payout(
            caller.id(),
            amount,
            provider().name(),
            &destination,
            state.now(),
        )
        .await
        .map_err(|e| AppError::funds(e, currency, "this payout"))?;
    state.metrics.payout_requested();
    Ok((StatusCode::CREATED, Json(payout_view(&state, &payout))))
}

/// Your payouts, oldest first.
#[utoipa::path(get, path = "/api/v1/payouts", responses((status = 200, body = [PayoutView])), security(("api_key" = [])))]
pub async fn my_payouts(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<PayoutView>>> {
    caller.require(Role::Worker)?;
    let rows = state.db.payouts(PayoutFilter::Worker(caller.id())).await?;
    Ok(Json(rows.iter().map(|p| payout_view(&state, p)).collect()))
}

/// The fee percent a project is charged: fixed at first publish, else the instance's.
pub(crate) fn project_fee(
    state: &AppState,
    row: &handprint_store::projects::ProjectRow,
) -> BasisPoints {
    if row.published_at.is_some() {
        BasisPoints(row.fee_basis_points)
    } else {
        state.settings.fee
    }
}
