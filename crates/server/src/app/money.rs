//! Money as its owners see it: the caller's balance and statement, and a worker's
//! payouts (asking for one: the threshold and the available balance are checked here).

use crate::AppState;
use crate::app::{AppError, AppResult, Download};
use crate::auth::Caller;
use crate::payments::provider;
use handprint_core::account::Role;
use handprint_core::clock::to_rfc3339;
use handprint_core::ledger::BasisPoints;
use handprint_core::{Currency, Money, Msg, OrganizationId};
use handprint_store::ledger::{
    OrgBalance, ProjectEscrow, StatementLine, StatementOwner, WorkerBalance, kind_label,
};
use handprint_store::payouts::{NewPayout, PayoutFilter, PayoutRow};
use handprint_store::projects::ProjectRow;
use serde::{Deserialize, Serialize};

/// The most statement lines read at once.
const STATEMENT_LINES: i64 = 100_000;

/// An amount in the instance currency as decimal text ("12.50"), as views and
/// messages write it.
pub fn amount_text(state: &AppState, amount: Money) -> String {
    amount.format(&state.settings.currency)
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

/// A statement line as the API, the CSV and the data export show it.
pub fn line_view(state: &AppState, l: &StatementLine) -> StatementLineView {
    StatementLineView {
        at: to_rfc3339(l.created_at),
        reason: l.reason.clone(),
        account: kind_label(&l.account_kind).to_string(),
        amount: amount_text(state, l.amount),
        project_id: l.project_id.as_ref().map(ToString::to_string),
        assignment_id: l.assignment_id.as_ref().map(ToString::to_string),
        memo: l.memo.clone(),
        transfer_id: l.transfer_id.clone(),
    }
}

/// The statement as a CSV download (`statement.csv`): what the API's `format=csv`
/// answers and what the pages' "download as CSV" links serve.
pub fn statement_csv(state: &AppState, lines: &[StatementLine]) -> Download {
    let code = &state.settings.currency.code;
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
    for v in lines.iter().map(|l| line_view(state, l)) {
        let _ = w.write_record(handprint_core::spreadsheet::safe_record([
            v.at.as_str(),
            &v.reason,
            &v.account,
            &v.amount,
            code,
            v.project_id.as_deref().unwrap_or(""),
            v.assignment_id.as_deref().unwrap_or(""),
            &v.memo,
            &v.transfer_id,
        ]));
    }
    Download {
        filename: "statement.csv",
        content_type: "text/csv; charset=utf-8",
        body: w.into_inner().unwrap_or_default(),
    }
}

/// Whose balance the caller sees, by role.
#[derive(Debug, Clone)]
pub enum Balance {
    /// A worker's own money.
    Worker(WorkerBalance),
    /// A requester's organisation's money.
    Organization {
        organization_id: OrganizationId,
        balance: OrgBalance,
    },
    /// An operator's view: the total of every account kind, by kind.
    Platform(Vec<(String, Money)>),
}

/// The caller's balance: a worker's, a requester organisation's, or the platform's (operators).
pub async fn balance(state: &AppState, caller: &Caller) -> AppResult<Balance> {
    Ok(match caller.role() {
        Role::Worker => Balance::Worker(state.db.worker_balance(caller.id()).await?),
        Role::Requester => {
            let organization_id = caller.organization()?.clone();
            let balance = state.db.org_balance(&organization_id).await?;
            Balance::Organization {
                organization_id,
                balance,
            }
        }
        Role::Operator => Balance::Platform(state.db.platform_balances().await?),
    })
}

/// The caller's statement lines (a worker's, or the organisation's), oldest first.
/// Operators have no statement of their own: they read the platform's balances.
pub async fn statement(state: &AppState, caller: &Caller) -> AppResult<Vec<StatementLine>> {
    let owner = match caller.role() {
        Role::Worker => StatementOwner::Worker(caller.id()),
        Role::Requester => StatementOwner::Organization(caller.organization()?),
        Role::Operator => {
            return Err(AppError::Forbidden(Msg::coded(
                "err-operator-statement",
                Vec::new(),
            )));
        }
    };
    Ok(state.db.statement(owner, STATEMENT_LINES).await?)
}

/// What each project of the caller's organisation holds in escrow now (requesters).
pub async fn escrow_by_project(state: &AppState, caller: &Caller) -> AppResult<Vec<ProjectEscrow>> {
    let organization_id = caller.organization()?;
    Ok(state.db.escrow_by_project(organization_id).await?)
}

// A worker's request for a payout. Problems name `/amount` and `/destination` (the
// payout form's fields are named alike). Plain comments: a doc comment would become
// the schema's description in the OpenAPI document.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PayoutRequest {
    /// Decimal amount, at least the payout threshold, at most your available balance.
    pub amount: String,
    /// Where to send it, e.g. "M-Pesa +254 7xx xxx xxx" or an IBAN.
    pub destination: String,
    /// The same key on a retry marks it as the same request (at most 200 characters;
    /// the `Idempotency-Key` header does the same).
    #[serde(default)]
    pub idempotency_key: Option<String>,
}

/// Parse a positive amount in the instance currency for the field at `path`.
pub fn parse_amount(text: &str, currency: &Currency, path: &str) -> AppResult<Money> {
    match Money::parse(text, currency) {
        Ok(m) if m.0 > 0 => Ok(m),
        Ok(_) => Err(AppError::field(
            path,
            Msg::coded("err-amount-not-positive", Vec::new()),
        )),
        Err(e) => Err(AppError::field(path, e.msg())),
    }
}

/// Ask for a payout of available money (workers only): at least the payout threshold,
/// at most the available balance. It is pending until an operator sends it. A request
/// under an idempotency key the worker used before is that request (false: nothing
/// taken from the balance again), whatever this one says.
pub async fn request_payout(
    state: &AppState,
    caller: &Caller,
    req: &PayoutRequest,
) -> AppResult<(PayoutRow, bool)> {
    caller.require(Role::Worker)?;
    let key = match req.idempotency_key.as_deref() {
        Some(k) if k.len() <= 200 && !k.trim().is_empty() => Some(k),
        Some(_) => {
            return Err(AppError::field(
                "/idempotency_key",
                Msg::coded("err-idempotency-key-length", Vec::new()),
            ));
        }
        None => None,
    };
    if let Some(key) = key
        && let Some(earlier) = state.db.payout_by_key(caller.id(), key).await?
    {
        return Ok((earlier, false));
    }
    let currency = &state.settings.currency;
    let amount = parse_amount(&req.amount, currency, "/amount")?;
    let threshold = state.settings.payout_threshold;
    if amount < threshold {
        let threshold = format!("{} {}", threshold.format(currency), currency.code);
        return Err(AppError::field(
            "/amount",
            Msg::coded(
                "err-payout-under-threshold",
                vec![("threshold", threshold.clone())],
            ),
        ));
    }
    let destination = provider()
        .payout_destination(&req.destination)
        .map_err(|m| AppError::field("/destination", m))?;
    let available = state.db.worker_balance(caller.id()).await?.available;
    if amount > available {
        let balance = format!("{} {}", amount_text(state, available), currency.code);
        return Err(AppError::field(
            "/amount",
            Msg::coded(
                "err-payout-over-balance",
                vec![("balance", balance.clone())],
            ),
        ));
    }
    let request = NewPayout {
        worker_id: caller.id(),
        amount,
        provider: provider().name(),
        destination: &destination,
        key,
    };
    let (payout, created) = state
        .db
        .request_payout(request, state.now())
        .await
        .map_err(|e| AppError::funds(e, currency, "this payout"))?;
    if created {
        state.metrics.payout_requested();
    }
    Ok((payout, created))
}

/// The caller's payouts (workers only), oldest first.
pub async fn my_payouts(state: &AppState, caller: &Caller) -> AppResult<Vec<PayoutRow>> {
    caller.require(Role::Worker)?;
    Ok(state.db.payouts(PayoutFilter::Worker(caller.id())).await?)
}

/// The fee percent a project is charged: fixed at first publish, else the instance's.
pub fn project_fee(state: &AppState, row: &ProjectRow) -> BasisPoints {
    if row.published_at.is_some() {
        BasisPoints(row.fee_basis_points)
    } else {
        state.settings.fee
    }
}
