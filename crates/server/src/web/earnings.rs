//! The worker's money: available, pending payout, paid out; every statement line with
//! where it came from; the statement as CSV; payout requests.
//!
//! Everything goes through `app::money` (`balance`, `statement`, `request_payout`,
//! `my_payouts`), as the API does, so the threshold and the available-balance check
//! are the same.

use super::auth::Errors;
use super::extract::{CsrfForm, WorkerPage};
use super::forms::finish;
use super::i18n::Tr;
use super::session::SignedIn;
use super::{Nav, WebError, render, rfc_text};
use crate::AppState;
use crate::app::money::{self as app, Balance, PayoutRequest, amount_text};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use handprint_core::clock::to_rfc3339;
use handprint_core::{Money, ProjectId};
use handprint_store::ledger::{StatementLine, WorkerBalance, kind_label};
use serde::Deserialize;
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/earnings", get(earnings))
        .route("/earnings/statement.csv", get(statement_csv))
        .route("/earnings/payout", post(payout))
        .route("/funds/statement.csv", get(statement_csv))
}

/// One statement line as a page shows it.
#[derive(Clone, Debug)]
pub struct Line {
    pub when: String,
    pub reason: String,
    pub account: String,
    pub amount: String,
    pub incoming: bool,
    /// Where it came from: the project's title (or empty) and the memo.
    pub project: String,
    pub memo: String,
    /// For one of two lines of the same transfer (money moving between two of the
    /// owner's balances): which side this is, in words; else empty.
    pub note: String,
}

/// The note of a line whose transfer shows as `lines_of_transfer` lines here.
fn pair_note(t: &Tr, l: &StatementLine, lines_of_transfer: usize) -> String {
    let id = format!(
        "line-note-{}-{}",
        l.reason.replace('_', "-"),
        kind_label(&l.account_kind).replace(' ', "-")
    );
    if lines_of_transfer > 1 && t.has(&id) {
        t.t(&id)
    } else {
        String::new()
    }
}

/// Statement lines for a page, newest first, with project titles looked up once each.
pub async fn page_lines(
    state: &AppState,
    t: &Tr,
    lines: Vec<StatementLine>,
) -> Result<Vec<Line>, WebError> {
    let mut titles: HashMap<ProjectId, String> = HashMap::new();
    let mut per_transfer: HashMap<String, usize> = HashMap::new();
    for l in &lines {
        *per_transfer.entry(l.transfer_id.clone()).or_default() += 1;
    }
    let mut out = Vec::with_capacity(lines.len());
    for l in lines.into_iter().rev() {
        let project = match &l.project_id {
            Some(id) => {
                if !titles.contains_key(id) {
                    let title = state.db.project(id).await?.spec()?.title;
                    titles.insert(id.clone(), title);
                }
                titles[id].clone()
            }
            None => String::new(),
        };
        let account = kind_label(&l.account_kind).replace(' ', "-");
        let amount = amount_text(state, l.amount);
        out.push(Line {
            note: pair_note(t, &l, per_transfer[&l.transfer_id]),
            when: rfc_text(&to_rfc3339(l.created_at)),
            reason: t.t(&format!("line-{}", l.reason.replace('_', "-"))),
            account: t.t(&format!("account-{account}")),
            incoming: !amount.starts_with('-'),
            amount,
            project,
            memo: t.memo(&l.memo),
        });
    }
    Ok(out)
}

#[derive(Clone, Debug)]
pub struct PayoutLine {
    pub when: String,
    pub amount: String,
    pub destination: String,
    pub state: String,
    pub note: String,
}

/// A worker's balance as the page shows it: amounts as decimal text in the instance
/// currency, counts of answers.
#[derive(Clone, Debug)]
pub struct WorkerMoney {
    pub available: String,
    pub pending: String,
    pub paid_out: String,
    pub earned: String,
    pub under_review: String,
    pub payout_threshold: String,
    pub approved_answers: i64,
    pub rejections_counted: i64,
    pub rejections_open: i64,
}

impl WorkerMoney {
    fn new(state: &AppState, b: &WorkerBalance) -> Self {
        let m = |amount: Money| amount_text(state, amount);
        WorkerMoney {
            available: m(b.available),
            pending: m(b.pending),
            paid_out: m(b.paid_out),
            earned: m(b.earned),
            under_review: m(b.under_review),
            payout_threshold: m(state.settings.payout_threshold),
            approved_answers: b.approved,
            rejections_counted: b.rejections_counted,
            rejections_open: b.rejections_open,
        }
    }
}

#[derive(Template)]
#[template(path = "earnings.html")]
struct EarningsPage {
    t: Tr,
    nav: Nav,
    currency: String,
    balance: WorkerMoney,
    /// The balance has reached the payout threshold.
    can_pay_out: bool,
    /// Why a payout cannot be asked for yet (under the threshold), in words.
    under_threshold: String,
    lines: Vec<Line>,
    payouts: Vec<PayoutLine>,
    amount: String,
    destination: String,
    errors: Errors,
    flash: String,
    /// The idempotency key of this page's payout form.
    payout_key: String,
    /// Pay per hour of task time and including unpaid time.
    worktime: crate::app::worktime::WorktimeView,
}

#[derive(Deserialize, Default)]
struct EarningsQuery {
    requested: Option<String>,
}

async fn earnings_page(
    state: &AppState,
    t: Tr,
    signed: &SignedIn,
    amount: String,
    destination: String,
    errors: Errors,
    flash: String,
) -> Result<EarningsPage, WebError> {
    let caller = signed.caller();
    let Balance::Worker(raw) = app::balance(state, &caller).await? else {
        return Err(crate::AppError::Internal("a worker without a balance".into()).into());
    };
    let balance = WorkerMoney::new(state, &raw);
    let currency = &state.settings.currency;
    let can_pay_out = raw.available >= state.settings.payout_threshold;
    let lines = page_lines(state, &t, app::statement(state, &caller).await?).await?;
    let payouts = app::my_payouts(state, &caller)
        .await?
        .into_iter()
        .rev()
        .map(|p| PayoutLine {
            when: rfc_text(&to_rfc3339(p.requested_at)),
            amount: amount_text(state, p.amount),
            destination: p.destination,
            state: t.t(&format!("payout-{}", p.state)),
            note: p.reference.or(p.note).unwrap_or_default(),
        })
        .collect();
    // msg("payout-under"): the threshold, what is available, and that balances never expire.
    let under_threshold = t.args(
        "payout-under",
        &[
            ("threshold", t.amount(&balance.payout_threshold)),
            ("available", t.amount(&balance.available)),
            ("currency", currency.code.clone()),
        ],
    );
    Ok(EarningsPage {
        under_threshold,
        nav: Nav::new(&signed.visitor, "/earnings"),
        currency: currency.code.clone(),
        amount: if amount.is_empty() && can_pay_out {
            balance.available.clone()
        } else {
            amount
        },
        balance,
        can_pay_out,
        lines,
        payouts,
        destination,
        errors,
        flash,
        payout_key: super::worker::new_key(),
        worktime: crate::app::worktime::mine(state, &caller).await?,
        t,
    })
}

async fn earnings(
    State(state): State<AppState>,
    t: Tr,
    signed: WorkerPage,
    Query(q): Query<EarningsQuery>,
) -> Result<Response, WebError> {
    let flash = match q.requested.as_deref() {
        Some("again") => t.t("payout-asked-already"),
        Some(_) => t.t("payout-asked"),
        None => String::new(),
    };
    let page = earnings_page(
        &state,
        t,
        &signed,
        String::new(),
        String::new(),
        Errors::default(),
        flash,
    )
    .await?;
    Ok(render(&page))
}

/// The statement as CSV, exactly as `GET /api/v1/statement?format=csv` gives it
/// (a worker's at /earnings, an organisation's at /funds).
async fn statement_csv(
    State(state): State<AppState>,
    signed: SignedIn,
) -> Result<Response, WebError> {
    let lines = app::statement(&state, &signed.caller()).await?;
    Ok(axum::response::IntoResponse::into_response(
        app::statement_csv(&state, &lines),
    ))
}

/// A payout request: how much, and where to.
#[derive(Deserialize, Default)]
#[serde(default)]
struct PayoutForm {
    amount: String,
    destination: String,
    /// The rendered form's idempotency key: a re-post of it asks for nothing more.
    payout_key: String,
}

async fn payout(
    State(state): State<AppState>,
    t: Tr,
    signed: WorkerPage,
    CsrfForm(form): CsrfForm<PayoutForm>,
) -> Result<Response, WebError> {
    let amount = form.amount.trim().to_string();
    let destination = form.destination.trim().to_string();
    let key = form.payout_key.trim().to_string();
    let request = PayoutRequest {
        amount: amount.clone(),
        destination: destination.clone(),
        idempotency_key: (!key.is_empty()).then_some(key),
    };
    let outcome = app::request_payout(&state, &signed.caller(), &request).await;
    finish(
        t,
        outcome,
        |(_, created)| {
            if created {
                "/earnings?requested=1".into()
            } else {
                "/earnings?requested=again".into()
            }
        },
        |t, errors| {
            earnings_page(
                &state,
                t,
                &signed,
                amount,
                destination,
                errors,
                String::new(),
            )
        },
    )
    .await
}
