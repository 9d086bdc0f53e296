//! "Export all my data" (data portability, GDPR art. 20): everything the platform
//! holds about the caller, and nothing about anyone else. A worker's assignments are
//! read a page at a time (keyset paging), so a long history is never held whole.

use crate::AppState;
use crate::app::AppResult;
use crate::app::accounts::{self, Account};
use crate::app::money;
use crate::auth::Caller;
use handprint_core::Timestamp;
use handprint_core::account::Role;
use handprint_store::accounts::ApiKeyRow;
use handprint_store::ledger::StatementLine;
use handprint_store::my_data::{AssignmentCursor, ExportAssignmentRow, OwnReportRow};
use handprint_store::payouts::{PayoutFilter, PayoutRow};

/// Assignments read from the store per page while a whole export is written.
pub const PAGE: i64 = 500;

/// What the export holds, read before the first byte is sent; a worker's further
/// pages of assignments come from [`assignment_page`].
#[derive(Debug, Clone)]
pub struct MyData {
    pub generated_at: Timestamp,
    pub account: Account,
    /// Label, prefix, created, revoked: the keys and their hashes are never exported.
    pub keys: Vec<ApiKeyRow>,
    /// Workers only: their money, reports and first page of assignments.
    pub worker: Option<WorkerData>,
}

/// What a worker's export holds besides the account.
#[derive(Debug, Clone)]
pub struct WorkerData {
    pub statement: Vec<StatementLine>,
    pub payouts: Vec<PayoutRow>,
    pub reports: Vec<OwnReportRow>,
    /// The languages they declared.
    pub languages: Vec<handprint_core::eligibility::Language>,
    /// Their qualifications and every grant and revocation about them.
    pub qualifications: crate::app::qualifications::Mine,
    /// The organisations' lists naming them (include or block), with the reasons.
    pub lists: Vec<(
        handprint_core::OrganizationId,
        handprint_store::worker_lists::ListedRow,
    )>,
    /// Every automated decision about them, newest first, with its review.
    pub decisions: Vec<handprint_store::decisions::DecisionListed>,
    /// The first `page` assignments, oldest first; a full page means there may be more.
    pub first_page: Vec<ExportAssignmentRow>,
}

/// The caller's data, with at most `page` (at least 1) assignments of a worker read yet.
pub async fn my_data(state: &AppState, caller: &Caller, page: i64) -> AppResult<MyData> {
    let generated_at = state.now();
    let keys = accounts::keys(state, caller).await?;
    let account = accounts::me(state, caller).await?;
    let worker = if caller.role() == Role::Worker {
        let statement = money::statement(state, caller).await?;
        let payouts = state.db.payouts(PayoutFilter::Worker(caller.id())).await?;
        let reports = state.db.reports_by_worker(caller.id()).await?;
        let first_page = assignment_page(state, caller, &AssignmentCursor::start(), page).await?;
        Some(WorkerData {
            statement,
            payouts,
            reports,
            languages: state.db.worker_languages(caller.id()).await?,
            qualifications: crate::app::qualifications::mine(state, caller).await?,
            lists: state.db.lists_naming(caller.id()).await?,
            decisions: crate::app::decisions::mine(state, caller).await?,
            first_page,
        })
    } else {
        None
    };
    Ok(MyData {
        generated_at,
        account,
        keys,
        worker,
    })
}

/// The caller's next `size` (at least 1) assignments after `after`, oldest first.
pub async fn assignment_page(
    state: &AppState,
    caller: &Caller,
    after: &AssignmentCursor,
    size: i64,
) -> AppResult<Vec<ExportAssignmentRow>> {
    Ok(state
        .db
        .worker_export_page(caller.id(), after, size.max(1))
        .await?)
}
