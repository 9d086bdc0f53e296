//! The pay floor on measured time, applied: reads the project's approved answers,
//! escrow and organisation balance, asks core what the floor requires
//! ([`handprint_core::payfloor::settle`]), and runs it: the transfers, the raised
//! reward, the pause when neither the reserve nor the organisation covers it, and
//! the requester's notice.

use crate::Tx;
use crate::escrow::locked_project;
use crate::ledger::{Notice, TransferMeta, balance_in, fee_tally_in, notice_in, post_transfer};
use crate::projects::ProjectRow;
use crate::sql::{query, query_as, query_scalar};
use crate::{Db, Result};
use handprint_core::ProjectId;
use handprint_core::Timestamp;
use handprint_core::ledger::Account;
use handprint_core::money::Currency;
use handprint_core::payfloor::{
    FloorFunds, FloorNotice, FloorSettlement, FloorTopUp, PaidAnswer, plan, settle,
};
use handprint_core::project::ProjectState;

pub use handprint_core::payfloor::FloorOutcome;

impl Db {
    /// Projects the floor applies to: active or paused, with answers settled since the last check.
    pub async fn projects_with_paid_answers(&self) -> Result<Vec<ProjectId>> {
        Ok((query_scalar::<String>(
            r#"
            SELECT id FROM projects WHERE state IN ('active', 'paused') AND settled_slots >= 1
            AND settled_slots <> floor_checked_settled ORDER BY id
            "#,
        )
        .fetch_all(self)
        .await)?
            .into_iter()
            .map(ProjectId::from)
            .collect())
    }

    /// Compare the project's pay on the median measured time of its approved
    /// answers with `floor_per_hour`, and top up / raise / pause as the rule says.
    pub async fn apply_pay_floor(
        &self,
        project_id: &ProjectId,
        floor_per_hour: i64,
        currency: &Currency,
        now: Timestamp,
    ) -> Result<FloorOutcome> {
        self.write(|tx| {
            Box::pin(async move {
                let project = locked_project(tx, project_id).await?;
                let active = match project.state() {
                    ProjectState::Active => true,
                    ProjectState::Paused => false,
                    _ => return Ok(FloorOutcome::AtFloor),
                };
                let answers = paid_answers(tx, project_id).await?;
                let escrow = project.escrow();
                let Some(plan) = plan(escrow.reward, floor_per_hour, &answers) else {
                    // Nothing owed on these answers: the job need not look again until more are settled.
                    query(
                        "UPDATE projects SET floor_checked_settled = settled_slots WHERE id = $1",
                    )
                    .bind(project_id)
                    .execute(&mut *tx)
                    .await?;
                    return Ok(FloorOutcome::AtFloor);
                };
                let funds = FloorFunds {
                    project_id,
                    organization_id: &project.organization_id,
                    active,
                    escrow,
                    fees: fee_tally_in(tx, project_id).await?,
                    available: balance_in(
                        tx,
                        &Account::org_available(&project.organization_id).id(),
                    )
                    .await?,
                    floor_per_hour,
                    currency,
                };
                match settle(&plan, &funds) {
                    FloorSettlement::Unfunded { missing, pause } => {
                        if let Some(notice) = pause {
                            pause_for_floor(tx, project_id, notice, now).await?;
                        }
                        // The pause and its notice are kept: returning Ok commits them.
                        Ok(FloorOutcome::Unfunded { missing })
                    }
                    FloorSettlement::TopUp(top_up) => pay_top_up(tx, &project, &top_up, now).await,
                }
            })
        })
        .await
    }
}

/// The project's approved (or overturned) answers, with what each has been paid so far.
async fn paid_answers(tx: &mut Tx<'_>, project_id: &ProjectId) -> Result<Vec<PaidAnswer>> {
    let paid: Vec<(String, String, i64, i64)> = query_as(
        r#"
        SELECT id, worker_id, COALESCE(paid_reward, 0) + topped_up, COALESCE(working_micros, 0)
        FROM assignments WHERE project_id = $1 AND review_state IN ('approved', 'overturned')
        "#,
    )
    .bind(project_id)
    .fetch_all(&mut *tx)
    .await?;
    Ok(paid
        .into_iter()
        .map(
            |(assignment_id, worker_id, paid, working_micros)| PaidAnswer {
                assignment_id: assignment_id.into(),
                worker_id: worker_id.into(),
                paid,
                working_micros,
            },
        )
        .collect())
}

/// Pause an active project the floor cannot fund, telling its requester why.
async fn pause_for_floor(
    tx: &mut Tx<'_>,
    project_id: &ProjectId,
    notice: FloorNotice,
    now: Timestamp,
) -> Result<()> {
    query(
        r#"
        UPDATE projects SET state = 'paused', paused_reason = 'pay_floor', updated_at = $1 WHERE
        id = $2
        "#,
    )
    .bind(now)
    .bind(project_id)
    .execute(&mut *tx)
    .await?;
    write_notice(tx, project_id, notice, now).await
}

/// Post the funding and the top-ups, raise the reward, spend the reserve, and tell
/// the requester.
async fn pay_top_up(
    tx: &mut Tx<'_>,
    project: &ProjectRow,
    top_up: &FloorTopUp,
    now: Timestamp,
) -> Result<FloorOutcome> {
    let meta = TransferMeta {
        organization: Some(project.organization_id.clone()),
        project: Some(project.id.clone()),
        assignment: None,
    };
    if let Some(funding) = &top_up.funding {
        post_transfer(tx, funding, &meta, now).await?;
    }
    let mut paid = 0;
    for topup in &top_up.topups {
        let meta = TransferMeta {
            assignment: Some(topup.assignment_id.clone()),
            ..meta.clone()
        };
        // A top-up already applied under its key is not paid (or counted) twice.
        if post_transfer(tx, &topup.transfer, &meta, now).await? {
            query("UPDATE assignments SET topped_up = topped_up + $1 WHERE id = $2")
                .bind(topup.amount)
                .bind(&topup.assignment_id)
                .execute(&mut *tx)
                .await?;
            paid += topup.amount;
        }
    }
    query(
        r#"
        UPDATE projects SET reward = $1, reserve = $2, updated_at = $3, floor_checked_settled =
            settled_slots
        WHERE id = $4
        "#,
    )
    .bind(top_up.reward)
    .bind(top_up.reserve)
    .bind(now)
    .bind(&project.id)
    .execute(&mut *tx)
    .await?;
    let (outcome, notice) = top_up.done(paid);
    write_notice(tx, &project.id, notice, now).await?;
    Ok(outcome)
}

async fn write_notice(
    tx: &mut Tx<'_>,
    project_id: &ProjectId,
    notice: FloorNotice,
    now: Timestamp,
) -> Result<()> {
    let notice = Notice {
        kind: notice.kind,
        message: &notice.msg.text,
        args: notice.msg.args,
    };
    notice_in(tx, project_id, notice, now).await
}
