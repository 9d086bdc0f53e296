//! Pay per hour including unpaid time (issue 16): a worker's own figure (their earnings
//! page and `GET /api/v1/me/worktime`) and a requester organisation's (beside the public
//! record's pay per hour of task time). The definitions are `handprint_core::worktime`'s.

use crate::AppState;
use crate::app::AppResult;
use crate::app::money::amount_text;
use crate::auth::Caller;
use handprint_core::account::Role;
use handprint_core::worktime::{WorkTime, measure, per_hour};
use handprint_core::{Money, OrganizationId};
use serde::Serialize;

/// Time split as the ILO counts it, the pay it earned, and the two hourly figures.
/// Seconds are rounded down; money is a decimal string in `currency`, hourly figures
/// rounded down to the minor unit (`null` without time to divide by).
#[derive(Serialize, utoipa::ToSchema, Debug, Clone)]
pub struct WorktimeView {
    pub currency: String,
    /// From lease to submission, over submitted answers.
    pub task_seconds: i64,
    /// Leases given back or left to expire, from lease to their end.
    pub unanswered_lease_seconds: i64,
    /// Qualification test items, from lease to answer.
    pub test_seconds: i64,
    /// Gaps of at most 10 minutes between pieces of work (searching for the next).
    pub searching_seconds: i64,
    /// The three above.
    pub unpaid_seconds: i64,
    /// Rewards and top-ups of paid answers and pay for test items (bonuses left out).
    pub pay: String,
    /// `pay` per hour of `task_seconds`.
    pub hourly_pay_task_time: Option<String>,
    /// `pay` per hour of task and unpaid time together.
    pub hourly_pay_including_unpaid: Option<String>,
}

fn view(state: &AppState, time: WorkTime, pay: i64) -> WorktimeView {
    let hourly = |micros| per_hour(pay, micros).map(|p| amount_text(state, Money::from(p)));
    let s = |micros: i64| micros / handprint_core::clock::MICROS_PER_SECOND;
    WorktimeView {
        currency: state.settings.currency.code.clone(),
        task_seconds: s(time.task),
        unanswered_lease_seconds: s(time.unanswered),
        test_seconds: s(time.test),
        searching_seconds: s(time.searching),
        unpaid_seconds: s(time.unpaid()),
        pay: amount_text(state, Money::from(pay)),
        hourly_pay_task_time: hourly(time.task),
        hourly_pay_including_unpaid: hourly(time.total()),
    }
}

/// The calling worker's figure.
pub async fn mine(state: &AppState, caller: &Caller) -> AppResult<WorktimeView> {
    caller.require(Role::Worker)?;
    let (intervals, pay) = state.db.worker_worktime(caller.id()).await?;
    Ok(view(state, measure(&intervals), pay))
}

/// An organisation's figure, over every worker who worked for it: its projects' and
/// tests' intervals and the searching that led to them, and what it paid for them
/// (404 for an unknown organisation).
pub async fn of_org(state: &AppState, org: &OrganizationId) -> AppResult<WorktimeView> {
    state.db.organization(org).await?;
    let (workers, pay) = state.db.org_worktime(org).await?;
    let mut time = WorkTime::default();
    for intervals in workers {
        let t = measure(&intervals);
        time.task += t.task;
        time.unanswered += t.unanswered;
        time.test += t.test;
        time.searching += t.searching;
    }
    Ok(view(state, time, pay))
}
