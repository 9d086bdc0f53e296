//! The operator's pages: the platform's balances and the ledger check, the
//! organisations with their balances, recording a requester's deposit (the
//! organisation chosen by name), and the payouts queue (CSV batch, then paid or failed).
//! Disputes awaiting a decision are on `/disputes` (module `disputes`).
//!
//! Everything calls `app::operator` and `app::money`, as the API does.

use super::auth::Errors;
use super::extract::{CsrfForm, OperatorPage};
use super::forms::finish;
use super::i18n::Tr;
use super::{Nav, WebError, render, rfc_text, url_encode};
use crate::AppState;
use crate::app::money::{self as money, Balance, amount_text};
use crate::app::operator::{self as app, DepositRequest, FailedRequest, PaidRequest};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use handprint_core::clock::to_rfc3339;
use handprint_store::ledger::LedgerReport;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/operator", get(home))
        .route("/operator/deposits", post(deposit_post))
        .route("/operator/payouts", get(payouts_page))
        .route("/operator/payouts.csv", get(payouts_csv))
        .route("/operator/payouts/{id}/paid", post(paid_post))
        .route("/operator/payouts/{id}/failed", post(failed_post))
}

#[derive(Template)]
#[template(path = "operator.html")]
struct HomePage {
    t: Tr,
    nav: Nav,
    currency: String,
    /// The platform's totals: (what it is, the amount, a hint saying what it means).
    accounts: Vec<(String, String, String)>,
    check: LedgerCheck,
    /// The decision reviews over every organisation: requested, overdue, upheld, reversed.
    reviews: Vec<String>,
    organizations: Vec<OrgLine>,
    amount: String,
    reference: String,
    errors: Errors,
    flash: String,
}

/// The ledger check as the page shows it.
#[derive(Clone, Debug)]
pub struct LedgerCheck {
    pub ok: bool,
    pub accounts: i64,
    pub transfers: i64,
    pub problems: Vec<String>,
}

impl From<LedgerReport> for LedgerCheck {
    fn from(r: LedgerReport) -> Self {
        LedgerCheck {
            ok: r.problems.is_empty(),
            accounts: r.accounts,
            transfers: r.transfers,
            problems: r.problems,
        }
    }
}

/// An organisation in the operator's list and in the deposit form's choice.
#[derive(Clone, Debug)]
pub struct OrgLine {
    pub id: String,
    pub name: String,
    /// How the deposit form's choice names it: its name, and its contact to tell
    /// organisations of the same name apart.
    pub label: String,
    pub members: i64,
    pub contact: String,
    pub available: String,
    pub escrow: String,
    /// The one chosen in the form as sent.
    pub selected: bool,
    /// Other organisations whose names look like this one's, joined for the page.
    pub looks_like: String,
}

#[derive(Deserialize, Default)]
struct HomeQuery {
    deposited: Option<String>,
    available: Option<String>,
    repeated: Option<String>,
}

async fn home_page(
    state: &AppState,
    t: Tr,
    signed: &OperatorPage,
    form: (String, String, String),
    errors: Errors,
    flash: String,
) -> Result<HomePage, WebError> {
    let caller = signed.caller();
    let totals = match money::balance(state, &caller).await? {
        Balance::Platform(totals) => totals,
        _ => Vec::new(),
    };
    let check = app::ledger_check(state, &caller).await?.into();
    let c = crate::app::decisions::counts(state, &caller).await?;
    let reviews = vec![
        t.count("decisions-count-requested", c.review_requested),
        t.count("decisions-count-overdue", c.overdue),
        t.count("decisions-count-upheld", c.upheld),
        t.count("decisions-count-reversed", c.reversed),
    ];
    let code = &state.settings.currency.code;
    let organizations = app::organizations(state, &caller)
        .await?
        .into_iter()
        .map(|entry| {
            let (o, looks_like) = (entry.summary, entry.looks_like);
            let contact = o.contact_email.unwrap_or_default();
            OrgLine {
                label: if contact.is_empty() {
                    o.name.clone()
                } else {
                    format!("{} ({contact})", o.name)
                },
                selected: o.id == form.0,
                looks_like: looks_like.join(", "),
                members: o.members,
                available: format!("{} {code}", t.amount(amount_text(state, o.available))),
                escrow: format!("{} {code}", t.amount(amount_text(state, o.escrow))),
                contact,
                name: o.name,
                id: o.id.into_string(),
            }
        })
        .collect();
    Ok(HomePage {
        reviews,
        organizations,
        nav: Nav::new(&signed.visitor, "/operator"),
        currency: code.clone(),
        accounts: totals
            .into_iter()
            .map(|(kind, total)| {
                let id = format!("pkind-{}", kind.replace('_', "-"));
                let hint = format!("{id}-hint");
                let hint = if t.has(&hint) {
                    t.t(&hint)
                } else {
                    String::new()
                };
                (t.t(&id), t.amount(amount_text(state, total)), hint)
            })
            .collect(),
        check,
        amount: form.1,
        reference: form.2,
        errors,
        flash,
        t,
    })
}

async fn home(
    State(state): State<AppState>,
    t: Tr,
    signed: OperatorPage,
    Query(q): Query<HomeQuery>,
) -> Result<Response, WebError> {
    let flash = match (&q.deposited, &q.available) {
        (Some(amount), Some(available)) if q.repeated.is_some() => {
            let (amount, available) = (t.amount(amount), t.amount(available));
            t.t2("deposit-repeated", "amount", amount, "available", available)
        }
        (Some(amount), Some(available)) => {
            let (amount, available) = (t.amount(amount), t.amount(available));
            t.t2("deposit-recorded", "amount", amount, "available", available)
        }
        _ => String::new(),
    };
    let page = home_page(
        &state,
        t,
        &signed,
        Default::default(),
        Errors::default(),
        flash,
    )
    .await?;
    Ok(render(&page))
}

/// A requester's deposit as the operator records it.
#[derive(Deserialize, Default)]
#[serde(default)]
struct DepositForm {
    organization_id: String,
    amount: String,
    /// The bank's reference: a deposit is recorded once per reference.
    reference: String,
}

async fn deposit_post(
    State(state): State<AppState>,
    t: Tr,
    signed: OperatorPage,
    CsrfForm(sent): CsrfForm<DepositForm>,
) -> Result<Response, WebError> {
    let form = (
        sent.organization_id.trim().to_string(),
        sent.amount.trim().to_string(),
        sent.reference,
    );
    let req = DepositRequest {
        organization_id: form.0.clone().into(),
        amount: form.1.clone(),
        reference: form.2.clone(),
    };
    let outcome = app::deposit(&state, &signed.caller(), &req).await;
    let code = state.settings.currency.code.clone();
    finish(
        t,
        outcome,
        |d| {
            format!(
                "/operator?deposited={}&available={}{}",
                url_encode(&format!("{} {code}", amount_text(&state, d.amount))),
                url_encode(&format!("{} {code}", amount_text(&state, d.available))),
                if d.created { "" } else { "&repeated=1" }
            )
        },
        |t, errors| home_page(&state, t, &signed, form, errors, String::new()),
    )
    .await
}

#[derive(Template)]
#[template(path = "payouts.html")]
struct PayoutsPage {
    t: Tr,
    nav: Nav,
    wanted: String,
    states: Vec<(String, String)>,
    payouts: Vec<PayoutLine>,
    flash: String,
}

#[derive(Clone, Debug)]
pub struct PayoutLine {
    pub id: String,
    pub worker: String,
    pub amount: String,
    pub destination: String,
    pub requested: String,
    pub state: String,
    pub note: String,
    /// What was typed in this payout's forms, and what was wrong.
    pub typed: String,
    pub errors: Errors,
}

#[derive(Deserialize, Default)]
struct PayoutsPageQuery {
    state: Option<String>,
    done: Option<String>,
}

async fn payouts_list(
    state: &AppState,
    t: Tr,
    signed: &OperatorPage,
    wanted: Option<String>,
    failed: Option<(&str, &str, Errors)>,
    flash: String,
) -> Result<PayoutsPage, WebError> {
    let wanted = wanted
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "requested".into());
    let rows = app::payouts(state, &signed.caller(), Some(&wanted)).await?;
    let code = &state.settings.currency.code;
    let payouts = rows
        .into_iter()
        .map(|p| {
            let mut line = PayoutLine {
                requested: rfc_text(&to_rfc3339(p.requested_at)),
                state: t.t(&format!("payout-{}", p.state)),
                note: p.reference.or(p.note).unwrap_or_default(),
                amount: format!("{} {code}", amount_text(state, p.amount)),
                worker: p.worker_id.into_string(),
                destination: p.destination,
                typed: String::new(),
                errors: Errors::default(),
                id: p.id,
            };
            if let Some((id, typed, errors)) = &failed
                && *id == line.id
            {
                line.typed = typed.to_string();
                line.errors = errors.clone();
            }
            line
        })
        .collect();
    Ok(PayoutsPage {
        nav: Nav::new(&signed.visitor, "/operator/payouts"),
        states: ["requested", "paid", "failed"]
            .iter()
            .map(|s| (s.to_string(), t.t(&format!("payout-{s}"))))
            .collect(),
        wanted,
        payouts,
        flash,
        t,
    })
}

async fn payouts_page(
    State(state): State<AppState>,
    t: Tr,
    signed: OperatorPage,
    Query(q): Query<PayoutsPageQuery>,
) -> Result<Response, WebError> {
    let flash = match q.done.as_deref() {
        Some(d @ ("paid" | "failed")) => t.t(&format!("payout-done-{d}")),
        _ => String::new(),
    };
    let page = payouts_list(&state, t, &signed, q.state, None, flash).await?;
    Ok(render(&page))
}

/// The batch to send, as the API's CSV export gives it.
async fn payouts_csv(
    State(state): State<AppState>,
    signed: OperatorPage,
    Query(q): Query<PayoutsPageQuery>,
) -> Result<Response, WebError> {
    let rows = app::payouts(&state, &signed.caller(), q.state.as_deref()).await?;
    Ok(axum::response::IntoResponse::into_response(
        app::payouts_csv(&state, &rows),
    ))
}

/// A payout marked paid, with the transfer's reference.
#[derive(Deserialize, Default)]
#[serde(default)]
struct PaidForm {
    reference: String,
}

async fn paid_post(
    State(state): State<AppState>,
    t: Tr,
    signed: OperatorPage,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<PaidForm>,
) -> Result<Response, WebError> {
    let reference = form.reference.as_str();
    let req = PaidRequest {
        reference: reference.to_string(),
    };
    let outcome = app::mark_paid(&state, &signed.caller(), &id, &req).await;
    finish(
        t,
        outcome,
        |_| "/operator/payouts?done=paid".into(),
        |t, errors| payouts_again(&state, t, &signed, &id, reference, errors),
    )
    .await
}

/// The payouts queue again after a refused action on payout `id`.
async fn payouts_again(
    state: &AppState,
    t: Tr,
    signed: &OperatorPage,
    id: &str,
    typed: &str,
    errors: Errors,
) -> Result<PayoutsPage, WebError> {
    payouts_list(
        state,
        t,
        signed,
        None,
        Some((id, typed, errors)),
        String::new(),
    )
    .await
}

/// A payout marked failed, and why.
#[derive(Deserialize, Default)]
#[serde(default)]
struct FailedForm {
    reason: String,
}

async fn failed_post(
    State(state): State<AppState>,
    t: Tr,
    signed: OperatorPage,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<FailedForm>,
) -> Result<Response, WebError> {
    let reason = form.reason.as_str();
    let req = FailedRequest {
        reason: reason.to_string(),
    };
    let outcome = app::mark_failed(&state, &signed.caller(), &id, &req).await;
    finish(
        t,
        outcome,
        |_| "/operator/payouts?done=failed".into(),
        |t, errors| payouts_again(&state, t, &signed, &id, reason, errors),
    )
    .await
}
