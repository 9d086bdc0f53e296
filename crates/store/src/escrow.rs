//! Escrow: money set aside before work starts. Publishing (or resuming) a project,
//! and adding items to a published one, move reward × open slots + fee + top-up
//! reserve from the organisation's available balance into the project's escrow in
//! the same transaction as the state change; completing or cancelling releases
//! what outstanding work no longer needs.

use crate::ledger::{TransferMeta, post_transfer, post_transfer_once};
use crate::projects::ProjectRow;
use crate::sql::{query, query_as, query_scalar};
use crate::{Db, Result, StoreError, Tx};
use handprint_core::ledger::{
    Account, BasisPoints, EscrowState, FeeRule, Funding, FundingQuote, Reason, Transfer,
};
use handprint_core::project::ProjectState;
use handprint_core::{ProjectId, Timestamp};

/// The instance's money terms, fixed on a project when it is first published
/// (with the fee rule of this release, [`FeeRule::PerProject`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    pub fee: BasisPoints,
    pub reserve: BasisPoints,
}

impl Terms {
    /// Fix the terms on a project not yet published. A published project keeps the
    /// ones its escrow was computed with, its fee rule too: a project escrowed under
    /// the per-answer rule before an upgrade keeps it when resumed, until it ends.
    fn fix_on(self, project: &mut ProjectRow) {
        if project.published_at.is_none() {
            project.fee_basis_points = self.fee.0;
            project.reserve_basis_points = self.reserve.0;
            project.fee_rule = FeeRule::PerProject;
        }
    }
}

/// Read a project row inside a transaction, locking it on PostgreSQL.
pub(crate) async fn locked_project(tx: &mut Tx<'_>, id: &ProjectId) -> Result<ProjectRow> {
    let sql = format!(
        "SELECT {} FROM projects WHERE id = $1{}",
        crate::projects::PROJECT_COLUMNS,
        tx.lock()
    );
    query_as::<ProjectRow>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound(crate::Entity::Project))
}

/// Slots a project must have funded now: every unfilled slot of every item, and
/// every submitted answer not yet settled.
async fn needed_slots(tx: &mut Tx<'_>, project: &ProjectRow) -> Result<i64> {
    let open: i64 = query_scalar(
        r#"
        SELECT COALESCE(CAST(SUM(CASE WHEN answers < $2 AND stopped = 0 THEN $2 - answers ELSE 0
            END) AS BIGINT), 0)
        FROM tasks WHERE project_id = $1
        "#,
    )
    .bind(&project.id)
    .bind(project.answers_per_task)
    .fetch_one(&mut *tx)
    .await?;
    let outstanding: i64 = query_scalar(
        r#"
        SELECT COUNT(*) FROM assignments
        WHERE project_id = $1 AND state = 'submitted' AND settled_at IS NULL
        "#,
    )
    .bind(&project.id)
    .fetch_one(&mut *tx)
    .await?;
    Ok(open + outstanding)
}

fn meta(project: &ProjectRow) -> TransferMeta {
    TransferMeta {
        organization: Some(project.organization_id.clone()),
        project: Some(project.id.clone()),
        assignment: None,
    }
}

fn escrow_account(project: &ProjectRow) -> Account {
    Account::escrow(&project.id, &project.organization_id)
}

impl Db {
    /// Publish or resume: move the project from `from` to active, escrowing first
    /// whatever its open slots and unsettled answers are missing. False when the
    /// project was no longer in `from`; `InsufficientFunds` names the amount missing
    /// (and nothing changes).
    pub async fn open_project(
        &self,
        id: &ProjectId,
        from: ProjectState,
        terms: Terms,
        now: Timestamp,
    ) -> Result<bool> {
        self.write(|tx| {
            Box::pin(async move {
                let mut project = locked_project(tx, id).await?;
                if project.state() != from {
                    return Ok(false);
                }
                terms.fix_on(&mut project);
                let escrow = project.escrow();
                let needed = needed_slots(tx, &project).await?;
                let funding = escrow.funding_for(needed, BasisPoints(project.reserve_basis_points));
                let cost = escrow.cost_of(funding);
                if cost > 0 {
                    let t = Transfer::new(
                        format!(
                            "escrow:{id}:{}-{}",
                            escrow.funded_slots,
                            escrow.funded_slots + funding.slots
                        ),
                        Reason::Escrow,
                        format!(
                            "escrow for {} answers of \"{}\" with fees and top-up reserve",
                            funding.slots, project.title
                        ),
                    )
                    .movement(
                        &Account::org_available(&project.organization_id),
                        &escrow_account(&project),
                        cost,
                    );
                    post_transfer(tx, &t, &meta(&project), now).await?;
                }
                let after = escrow.with_funding(funding);
                query(
                    r#"
                    UPDATE projects SET state = 'active', updated_at = $1, published_at =
                        COALESCE(published_at, $1),
                    fee_basis_points = $2, reserve_basis_points = $3, funded_slots = $4, reserve =
                        $5, paused_reason = NULL,
                    fee_rule = $7 WHERE id = $6
                    "#,
                )
                .bind(now)
                .bind(project.fee_basis_points)
                .bind(project.reserve_basis_points)
                .bind(after.funded_slots)
                .bind(after.reserve)
                .bind(id)
                .bind(project.fee_rule.as_str())
                .execute(&mut *tx)
                .await?;
                Ok(true)
            })
        })
        .await
    }

    /// What publishing (or resuming) the project would take from its organisation now, part by part.
    pub async fn funding_quote(&self, id: &ProjectId, terms: Terms) -> Result<FundingQuote> {
        self.write(|tx| {
            Box::pin(async move {
                let mut project = locked_project(tx, id).await?;
                terms.fix_on(&mut project);
                let escrow = project.escrow();
                let needed = needed_slots(tx, &project).await?;
                Ok(escrow
                    .quote(escrow.funding_for(needed, BasisPoints(project.reserve_basis_points))))
            })
        })
        .await
    }

    /// Complete or cancel: move the project from `from` to `to` and give back what
    /// is left in escrow beyond the answers still owed (submitted and unsettled, or
    /// on a lease that may still be submitted within `grace` microseconds).
    pub async fn close_project(
        &self,
        id: &ProjectId,
        from: ProjectState,
        to: ProjectState,
        now: Timestamp,
        grace: i64,
    ) -> Result<bool> {
        self.release(id, Some((from, to)), now, grace).await
    }

    /// Give back what a closed project's escrow no longer needs (leases have
    /// ended since it closed, rejections were settled). Safe to repeat.
    pub async fn release_unneeded(
        &self,
        id: &ProjectId,
        now: Timestamp,
        grace: i64,
    ) -> Result<bool> {
        self.release(id, None, now, grace).await
    }

    async fn release(
        &self,
        id: &ProjectId,
        transition: Option<(ProjectState, ProjectState)>,
        now: Timestamp,
        grace: i64,
    ) -> Result<bool> {
        self.write(|tx| {
            Box::pin(async move {
                let project = locked_project(tx, id).await?;
                match transition {
                    Some((from, _)) if project.state() != from => return Ok(false),
                    None if !matches!(
                        project.state(),
                        ProjectState::Completed | ProjectState::Cancelled
                    ) =>
                    {
                        return Ok(false);
                    }
                    _ => {}
                }
                let keep: i64 = query_scalar(
                    r#"
                    SELECT COUNT(*) FROM assignments WHERE project_id = $1 AND settled_at IS NULL
                        AND
                    (state IN ('submitted', 'leased') OR (state = 'expired' AND expires_at + $2 >
                        $3))
                    "#,
                )
                .bind(id)
                .bind(grace)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                let escrow = project.escrow();
                let (after, released) = escrow.release_to(keep);
                if transition.is_none() && released == 0 {
                    return Ok(false);
                }
                if released > 0 {
                    let t = Transfer::new(
                        format!(
                            "release:{id}:{}:{}:{}",
                            escrow.funded_slots, escrow.settled_slots, escrow.reserve
                        ),
                        Reason::Release,
                        format!("escrow \"{}\" no longer needs", project.title),
                    )
                    .movement(
                        &escrow_account(&project),
                        &Account::org_available(&project.organization_id),
                        released,
                    );
                    post_transfer(tx, &t, &meta(&project), now).await?;
                }
                let state = transition.map(|(_, to)| to).unwrap_or(project.state());
                query(
                    r#"
                    UPDATE projects SET state = $1, updated_at = $2, funded_slots = $3, reserve =
                        $4,
                    paused_reason = NULL WHERE id = $5
                    "#,
                )
                .bind(state.as_str())
                .bind(now)
                .bind(after.funded_slots)
                .bind(after.reserve)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                Ok(true)
            })
        })
        .await
    }

    /// Closed projects whose escrow still holds money that may be released.
    pub async fn closed_projects_holding_escrow(&self) -> Result<Vec<ProjectId>> {
        Ok((query_scalar::<String>(
            r#"
            SELECT id FROM projects WHERE state IN ('completed', 'cancelled') AND (funded_slots >
            settled_slots OR reserve > 0)
            "#,
        )
        .fetch_all(self)
        .await)?
            .into_iter()
            .map(ProjectId::from)
            .collect())
    }
}

/// Escrow for newly stored items of a published project, in the transaction that
/// stores them: `created` items × overlap slots, fees and reserve.
/// `InsufficientFunds` fails the transaction, so the batch is not stored.
pub(crate) async fn escrow_new_items(
    tx: &mut Tx<'_>,
    project: &ProjectRow,
    created: i64,
    now: Timestamp,
) -> Result<()> {
    if created == 0 || project.state() == ProjectState::Draft {
        return Ok(());
    }
    let slots = created * project.answers_per_task;
    let key = format!(
        "escrow:{}:{}-{}",
        project.id,
        project.funded_slots,
        project.funded_slots + slots
    );
    let memo = format!("escrow for {created} new items of \"{}\"", project.title);
    escrow_slots(tx, project, slots, key, memo, now).await
}

/// Escrow `slots` more answers of a published project (rewards, fees and their
/// reserve) from its organisation, under the transfer `key`. `InsufficientFunds`
/// fails the transaction.
pub(crate) async fn escrow_slots(
    tx: &mut Tx<'_>,
    project: &ProjectRow,
    slots: i64,
    key: String,
    memo: String,
    now: Timestamp,
) -> Result<()> {
    let escrow = project.escrow();
    let funding = Funding {
        slots,
        reserve: BasisPoints(project.reserve_basis_points)
            .of_ceil(slots.saturating_mul(escrow.reward)),
    };
    let t = Transfer::new(key, Reason::Escrow, memo).movement(
        &Account::org_available(&project.organization_id),
        &escrow_account(project),
        escrow.cost_of(funding),
    );
    post_transfer(tx, &t, &meta(project), now).await?;
    let after = escrow.with_funding(funding);
    query("UPDATE projects SET funded_slots = $1, reserve = $2 WHERE id = $3")
        .bind(after.funded_slots)
        .bind(after.reserve)
        .bind(&project.id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Fund one more slot on demand for `answer` (an answer beyond the overlap, a late
/// answer whose slot was given away): from the reserve, else from the organisation.
/// Returns the escrow state after funding. The transfer's key names the answer: a
/// slot count can come round again after a release, an answer is paid once; a key
/// found applied with another amount is a conflict, never a slot counted unpaid.
pub(crate) async fn fund_one_slot(
    tx: &mut Tx<'_>,
    project: &ProjectRow,
    answer: &handprint_core::AssignmentId,
    why: &str,
    now: Timestamp,
) -> Result<EscrowState> {
    let mut escrow = project.escrow();
    let cost = escrow.slot_cost();
    if escrow.reserve >= cost {
        escrow.reserve -= cost;
        escrow.funded_slots += 1;
        return Ok(escrow);
    }
    let t = Transfer::new(
        format!("escrow:{}:answer:{answer}", project.id),
        Reason::Escrow,
        format!(
            "escrow for one more answer of \"{}\" ({why})",
            project.title
        ),
    )
    .movement(
        &Account::org_available(&project.organization_id),
        &escrow_account(project),
        cost,
    );
    post_transfer_once(tx, &t, &meta(project), now).await?;
    escrow.funded_slots += 1;
    Ok(escrow)
}
