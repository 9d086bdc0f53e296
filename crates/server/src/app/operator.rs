//! Operators' money work: the organisations with their balances, recording deposits,
//! the payouts queue (then paid or failed), and checking the ledger. Every use case
//! here is for operators only; the ledger check is also the command line's.

use crate::AppState;
use crate::app::money::{amount_text, parse_amount};
use crate::app::{AppError, AppResult, Download};
use crate::auth::Caller;
use crate::payments::provider;
use handprint_core::account::Role;
use handprint_core::payout::PayoutState;
use handprint_core::review::parse_note;
use handprint_core::{Money, Msg, OrganizationId};
use handprint_store::StoreError;
use handprint_store::accounts::OrganizationSummary;
use handprint_store::ledger::LedgerReport;
use handprint_store::payouts::{PayoutFilter, PayoutRow};
use serde::Deserialize;

/// Every requester organisation with its members, contact and balances, by name:
/// whom a deposit can be recorded for.
pub async fn organizations(state: &AppState, caller: &Caller) -> AppResult<Vec<OrganizationEntry>> {
    caller.require(Role::Operator)?;
    let rows = state.db.organization_summaries().await?;
    let keys: Vec<String> = rows
        .iter()
        .map(|o| handprint_core::account::organization_look_alike_key(&o.name))
        .collect();
    let mut by_key: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, key) in keys.iter().enumerate() {
        by_key.entry(key.as_str()).or_default().push(i);
    }
    let looks_like: Vec<Vec<String>> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            by_key[key.as_str()]
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| rows[j].name.clone())
                .collect()
        })
        .collect();
    Ok(rows
        .into_iter()
        .zip(looks_like)
        .map(|(summary, looks_like)| OrganizationEntry {
            summary,
            looks_like,
        })
        .collect())
}

/// An organisation as operators list it, with the other organisations whose names
/// look like its name (same confusable skeleton): a requester passing itself off as
/// another is for an operator to look at.
pub struct OrganizationEntry {
    pub summary: OrganizationSummary,
    pub looks_like: Vec<String>,
}

// Money a requester organisation sent, as an operator records it. Problems name
// `/organization_id`, `/amount` and `/reference` (the deposit form's fields are named
// alike). Plain comments: a doc comment would become the schema's description.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepositRequest {
    #[schema(value_type = String)]
    pub organization_id: OrganizationId,
    /// Decimal amount in the instance currency, e.g. "250.00".
    pub amount: String,
    /// The bank or mobile-money reference of the transfer: recording it twice is recording it once.
    pub reference: String,
}

/// A deposit as recorded.
#[derive(Debug, Clone)]
pub struct Deposit {
    pub transfer_id: String,
    pub organization_id: OrganizationId,
    pub amount: Money,
    /// The reference as the payment provider writes it.
    pub reference: String,
    /// False when this reference had already been recorded (nothing changed).
    pub created: bool,
    /// The organisation's available balance now.
    pub available: Money,
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
    let stored = format!(
        "{} {}",
        amount_text(state, Money(minor)),
        state.settings.currency.code
    );
    Msg::coded(
        "err-deposit-reference-used",
        vec![
            ("reference", reference.to_string()),
            ("stored", stored.clone()),
        ],
    )
}

/// Record money a requester organisation sent (by bank or mobile-money transfer).
/// The same reference twice is one deposit (`created` is false the second time).
pub async fn deposit(
    state: &AppState,
    caller: &Caller,
    req: &DepositRequest,
) -> AppResult<Deposit> {
    caller.require(Role::Operator)?;
    let organization_id = &req.organization_id;
    if organization_id.as_str().trim().is_empty() {
        return Err(AppError::field(
            "/organization_id",
            Msg::coded("err-deposit-organization-missing", Vec::new()),
        ));
    }
    let amount = parse_amount(&req.amount, &state.settings.currency, "/amount")?;
    let reference = provider()
        .deposit_reference(&req.reference)
        .map_err(|m| AppError::field("/reference", m))?;
    let (transfer_id, created) = state
        .db
        .deposit(organization_id, amount, &reference, state.now())
        .await
        .map_err(|e| match e {
            StoreError::NotFound(_) => AppError::field(
                "/organization_id",
                Msg::coded(
                    "err-no-such-organization",
                    vec![("id", organization_id.to_string())],
                ),
            ),
            StoreError::Conflict(m) if m.code == Some("err-deposit-reference-used") => {
                AppError::Conflict(reference_used(state, &reference, &m))
            }
            other => other.into(),
        })?;
    let available = state.db.org_balance(organization_id).await?.available;
    Ok(Deposit {
        transfer_id,
        organization_id: organization_id.clone(),
        amount,
        reference,
        created,
        available,
    })
}

/// Payouts as the payment provider's batch file (`payouts.csv`): what the API's
/// `format=csv` answers and what the operator's page serves.
pub fn payouts_csv(state: &AppState, rows: &[PayoutRow]) -> Download {
    Download {
        filename: "payouts.csv",
        content_type: "text/csv; charset=utf-8",
        body: provider().export(rows, &state.settings.currency),
    }
}

/// The payouts in one state (`requested` when none is named), oldest first.
pub async fn payouts(
    state: &AppState,
    caller: &Caller,
    wanted: Option<&str>,
) -> AppResult<Vec<PayoutRow>> {
    caller.require(Role::Operator)?;
    let wanted = wanted.unwrap_or("requested");
    let wanted = PayoutState::parse(wanted)
        .map_err(|_| AppError::not_offered("state", wanted, "requested, paid or failed"))?;
    Ok(state.db.payouts(PayoutFilter::State(wanted)).await?)
}

// A payout marked paid. The problem path is `/reference`, as the form's field.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaidRequest {
    /// The reference of the transfer that was sent.
    pub reference: String,
}

// A payout marked failed. The problem path is `/reason`, as the form's field.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FailedRequest {
    /// Why it failed (shown to the worker); the money becomes available to them again.
    pub reason: String,
}

/// The payout `id` was sent, with this transfer reference: the money leaves the platform.
pub async fn mark_paid(
    state: &AppState,
    caller: &Caller,
    id: &str,
    req: &PaidRequest,
) -> AppResult<PayoutRow> {
    caller.require(Role::Operator)?;
    let reference = provider()
        .deposit_reference(&req.reference)
        .map_err(|m| AppError::field("/reference", m))?;
    Ok(state
        .db
        .settle_payout(id, true, &reference, caller.id(), state.now())
        .await?)
}

/// The payout `id` failed: the money returns to the worker's available balance.
pub async fn mark_failed(
    state: &AppState,
    caller: &Caller,
    id: &str,
    req: &FailedRequest,
) -> AppResult<PayoutRow> {
    caller.require(Role::Operator)?;
    let reason = parse_note(&req.reason).map_err(|m| AppError::field("/reason", m))?;
    Ok(state
        .db
        .settle_payout(id, false, &reason, caller.id(), state.now())
        .await?)
}

/// Verify the ledger's invariants, for an operator's account.
pub async fn ledger_check(state: &AppState, caller: &Caller) -> AppResult<LedgerReport> {
    caller.require(Role::Operator)?;
    console_ledger_check(state).await
}

/// Verify the ledger's invariants from the command line (`handprint ledger check`):
/// whoever runs it holds the database's credentials, so no account is asked for.
pub async fn console_ledger_check(state: &AppState) -> AppResult<LedgerReport> {
    Ok(state.db.ledger_check().await?)
}
