//! `handprint ledger check`: verify every invariant of the books, through
//! `handprint_server::app::operator` (the same check as `GET /api/v1/operator/ledger`).

use crate::config::{Config, DbFlags};
use handprint_core::SystemClock;
use handprint_server::AppState;
use handprint_server::app::operator::console_ledger_check;
use std::sync::Arc;

#[derive(clap::Subcommand)]
pub enum LedgerCommand {
    /// Verify the ledger: every transfer balanced, balances equal to their entries and
    /// summing to zero, no user account negative, each project's escrow equal to its
    /// open commitments, every approved answer paid exactly once. Exits non-zero with
    /// the details when one fails.
    Check,
}

pub async fn run(db: DbFlags, command: LedgerCommand) -> anyhow::Result<()> {
    let config = Config::load(db.config.as_deref(), &db)?;
    super::init_logging(&config);
    let settings = config.settings()?;
    let store = config.open_db().await?;
    let state = AppState::new(store.clone(), Arc::new(SystemClock), settings);
    let LedgerCommand::Check = command;
    let report = console_ledger_check(&state).await;
    store.close().await;
    let report = report?;
    if report.problems.is_empty() {
        println!(
            "ledger ok: {} accounts, {} transfers, balances sum to {}",
            report.accounts, report.transfers, report.total
        );
        return Ok(());
    }
    for p in &report.problems {
        println!("problem: {p}");
    }
    anyhow::bail!(
        "the ledger check found {} problem(s) in {} accounts and {} transfers",
        report.problems.len(),
        report.accounts,
        report.transfers
    )
}
