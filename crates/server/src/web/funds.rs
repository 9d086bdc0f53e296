//! The requester organisation's money: available, escrow (per project), deposits,
//! spend and fees, every statement line, and the statement as CSV
//! (`/funds/statement.csv`, served by `earnings`). Through `api::money`'s handlers.

use super::earnings::{Line, page_lines};
use super::i18n::Tr;
use super::session::SignedIn;
use super::worker::money;
use super::{Nav, WebError, render};
use crate::api::money::{OrgBalanceView, balance, statement_lines};
use crate::error::Json;
use crate::{ApiError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use handprint_core::Money;
use handprint_core::account::Role;

pub fn router() -> Router<AppState> {
    Router::new().route("/funds", get(funds))
}

#[derive(Clone, Debug)]
pub struct EscrowLine {
    pub id: String,
    pub title: String,
    pub amount: String,
}

#[derive(Template)]
#[template(path = "funds.html")]
struct FundsPage {
    t: Tr,
    nav: Nav,
    currency: String,
    fee_percent: String,
    organization: String,
    balance: OrgBalanceView,
    escrow: Vec<EscrowLine>,
    lines: Vec<Line>,
}

async fn funds(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
) -> Result<Response, WebError> {
    let caller = signed.caller();
    caller.require(Role::Requester)?;
    let Json(view) = balance(State(state.clone()), caller.clone()).await?;
    let balance = view
        .organization
        .ok_or_else(|| ApiError::Internal("a requester without an organisation".into()))?;
    let organization = state.db.organization(&balance.organization_id).await?.name;
    let raw = statement_lines(&state, &caller).await?;
    // Escrow per project: the sum of the escrow lines of each project (what it still holds).
    let currency = &state.settings.currency;
    let mut held: Vec<(String, i64)> = Vec::new();
    for l in raw.iter().filter(|l| l.account == "escrow") {
        let (Some(project), Ok(amount)) = (&l.project_id, Money::parse(&l.amount, currency)) else {
            continue;
        };
        match held.iter_mut().find(|(p, _)| p == project) {
            Some((_, sum)) => *sum += amount.0,
            None => held.push((project.clone(), amount.0)),
        }
    }
    let mut escrow = Vec::new();
    for (id, sum) in held.into_iter().filter(|(_, sum)| *sum != 0) {
        escrow.push(EscrowLine {
            title: state.db.project(&id).await?.spec()?.title,
            amount: money(&state, &t, Money(sum)),
            id,
        });
    }
    let lines = page_lines(&state, &t, raw).await?;
    let page = FundsPage {
        nav: Nav::new(&signed.visitor, "/funds"),
        currency: currency.code.clone(),
        fee_percent: view.platform_fee_percent,
        organization,
        balance,
        escrow,
        lines,
        t,
    };
    Ok(render(&page))
}
