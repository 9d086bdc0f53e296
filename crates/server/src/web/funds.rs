//! The requester organisation's money: available, escrow (per project), deposits,
//! spend and fees, every statement line, and the statement as CSV
//! (`/funds/statement.csv`, served by `earnings`). Through `app::money`, as the API.
//! Also the shortfall a project page shows when publishing lacks funds.

use super::earnings::{Line, page_lines};
use super::extract::RequesterPage;
use super::i18n::Tr;
use super::worker::money;
use super::{Nav, WebError, render};
use crate::app::money::{self as app, Balance, amount_text, project_fee};
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use handprint_core::Money;

pub fn router() -> Router<AppState> {
    Router::new().route("/funds", get(funds))
}

#[derive(Clone, Debug)]
pub struct EscrowLine {
    pub id: String,
    pub title: String,
    /// The project's state, in words.
    pub state: String,
    pub amount: String,
}

/// An organisation's balance as the page shows it: amounts as decimal text in the
/// instance currency.
#[derive(Clone, Debug)]
pub struct OrgMoney {
    pub organization_id: String,
    pub available: String,
    pub escrow: String,
    pub deposits: String,
    pub spend: String,
    pub fees: String,
}

#[derive(Template)]
#[template(path = "funds.html")]
struct FundsPage {
    t: Tr,
    nav: Nav,
    currency: String,
    fee_percent: String,
    organization: String,
    balance: OrgMoney,
    escrow: Vec<EscrowLine>,
    lines: Vec<Line>,
}

async fn funds(
    State(state): State<AppState>,
    t: Tr,
    signed: RequesterPage,
) -> Result<Response, WebError> {
    let caller = signed.caller();
    let Balance::Organization {
        organization_id,
        balance: b,
    } = app::balance(&state, &caller).await?
    else {
        return Err(AppError::Internal("a requester without an organisation".into()).into());
    };
    let m = |amount: Money| amount_text(&state, amount);
    let balance = OrgMoney {
        available: m(b.available),
        escrow: m(b.escrow),
        deposits: m(b.deposits),
        spend: m(b.spend),
        fees: m(b.fees),
        organization_id: organization_id.into_string(),
    };
    let organization = crate::app::accounts::me(&state, &caller)
        .await?
        .organization
        .map(|o| o.name)
        .unwrap_or_default();
    let raw = app::statement(&state, &caller).await?;
    // Escrow per project: what each project's escrow account holds now.
    let currency = &state.settings.currency;
    let escrow = app::escrow_by_project(&state, &caller)
        .await?
        .into_iter()
        .map(|e| EscrowLine {
            amount: money(&state, &t, e.held),
            state: t.t(&format!("pstate-{}", e.state.as_str())),
            title: e.title,
            id: e.id.into_string(),
        })
        .collect();
    let lines = page_lines(&state, &t, raw).await?;
    let page = FundsPage {
        nav: Nav::new(&signed.visitor, "/funds"),
        currency: currency.code.clone(),
        fee_percent: state.settings.fee.as_percent(),
        organization,
        balance,
        escrow,
        lines,
        t,
    };
    Ok(render(&page))
}

/// Why publishing (or resuming) a project was refused for lack of funds, part by
/// part: what escrow would hold, what the organisation has, what is missing. Each
/// amount with its currency.
#[derive(Clone, Debug)]
pub struct Shortfall {
    pub answers: i64,
    pub rewards: String,
    pub fee_percent: String,
    pub fees: String,
    pub reserve_percent: String,
    pub reserve: String,
    pub total: String,
    pub available: String,
    pub missing: String,
}

/// The shortfall of publishing `row` now (the figures the store's escrow uses).
pub async fn shortfall(
    state: &AppState,
    t: &Tr,
    row: &handprint_store::projects::ProjectRow,
) -> Result<Shortfall, WebError> {
    let quote = state
        .db
        .funding_quote(&row.id, state.settings.terms())
        .await?;
    // The quote is in minor units, as core's escrow rules count them.
    let available = state
        .db
        .org_balance(&row.organization_id)
        .await?
        .available
        .minor();
    let reserve_rate = if row.published_at.is_some() {
        handprint_core::ledger::BasisPoints(row.reserve_basis_points)
    } else {
        state.settings.topup_reserve
    };
    let m = |amount: i64| money(state, t, Money(amount));
    Ok(Shortfall {
        answers: quote.answers,
        rewards: m(quote.rewards),
        fee_percent: project_fee(state, row).as_percent(),
        fees: m(quote.fees),
        reserve_percent: reserve_rate.as_percent(),
        reserve: m(quote.reserve),
        total: m(quote.total),
        available: m(available),
        missing: m((quote.total - available).max(0)),
    })
}

#[cfg(test)]
mod tests {
    use super::Tr;

    #[test]
    fn the_shortfall_counts_answers_in_both_languages() {
        let (en, fr) = (Tr::for_tag("en"), Tr::for_tag("fr"));
        let said = |t: &Tr| -> Vec<String> {
            [0_i64, 1, 2]
                .iter()
                .map(|n| t.count("shortfall-rewards", n))
                .collect()
        };
        assert_eq!(
            said(&en),
            [
                "Rewards for 0 answers",
                "Rewards for 1 answer",
                "Rewards for 2 answers"
            ]
        );
        assert_eq!(
            said(&fr),
            [
                "Récompenses pour 0 réponse",
                "Récompenses pour 1 réponse",
                "Récompenses pour 2 réponses"
            ]
        );
    }
}
