//! Escrow: money set aside before work starts. Publishing (or resuming) a project,
//! and adding items to a published one, move reward × open slots + fee + top-up
//! reserve from the organisation's available balance into the project's escrow in
//! the same transaction as the state change; completing or cancelling releases
//! what outstanding work no longer needs.

use crate::ledger::{TransferMeta, post_transfer};
use crate::projects::ProjectRow;
use crate::{Db, Result, write_tx};
use handprint_core::Timestamp;
use handprint_core::ledger::{Account, BasisPoints, FeeRule, FundingQuote, Reason, Transfer};
use handprint_core::project::ProjectState;

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
macro_rules! locked_project {
    ($tx:ident, $lock:ident, $id:expr) => {{
        let sql = format!(
            "SELECT {} FROM projects WHERE id = $1{}",
            $crate::projects::PROJECT_COLUMNS,
            $lock
        );
        sqlx::query_as::<_, $crate::projects::ProjectRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind($id)
            .fetch_optional(&mut *$tx)
            .await?
            .ok_or($crate::StoreError::NotFound("project"))?
    }};
}
pub(crate) use locked_project;

/// Slots a project must have funded now: every unfilled slot of every item, and
/// every submitted answer not yet settled.
macro_rules! needed_slots {
    ($tx:ident, $project:expr) => {{
        let project: &$crate::projects::ProjectRow = $project;
        let open: i64 = sqlx::query_scalar(
            "SELECT COALESCE(CAST(SUM(CASE WHEN answers < $2 THEN $2 - answers ELSE 0 END) AS BIGINT), 0) \
             FROM tasks WHERE project_id = $1",
        )
        .bind(&project.id)
        .bind(project.answers_per_task)
        .fetch_one(&mut *$tx)
        .await?;
        let outstanding: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM assignments WHERE project_id = $1 AND state = 'submitted' AND settled_at IS NULL",
        )
        .bind(&project.id)
        .fetch_one(&mut *$tx)
        .await?;
        open + outstanding
    }};
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
        id: &str,
        from: ProjectState,
        terms: Terms,
        now: Timestamp,
    ) -> Result<bool> {
        Ok(write_tx!(self, |tx, lock| {
            let mut project = locked_project!(tx, lock, id);
            if project.state() != from {
                return Ok(false);
            }
            terms.fix_on(&mut project);
            let escrow = project.escrow();
            let needed = needed_slots!(tx, &project);
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
                post_transfer!(tx, &t, &meta(&project), now)?;
            }
            let after = escrow.with_funding(funding);
            sqlx::query(
                "UPDATE projects SET state = 'active', updated_at = $1, published_at = COALESCE(published_at, $1), \
                 fee_basis_points = $2, reserve_basis_points = $3, funded_slots = $4, reserve = $5, paused_reason = NULL, \
                 fee_rule = $7 WHERE id = $6",
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
            true
        }))
    }

    /// What publishing (or resuming) the project would take from its organisation now, part by part.
    pub async fn funding_quote(&self, id: &str, terms: Terms) -> Result<FundingQuote> {
        Ok(write_tx!(self, |tx, lock| {
            let mut project = locked_project!(tx, lock, id);
            terms.fix_on(&mut project);
            let escrow = project.escrow();
            let needed = needed_slots!(tx, &project);
            escrow.quote(escrow.funding_for(needed, BasisPoints(project.reserve_basis_points)))
        }))
    }

    /// Complete or cancel: move the project from `from` to `to` and give back what
    /// is left in escrow beyond the answers still owed (submitted and unsettled, or
    /// on a lease that may still be submitted within `grace` microseconds).
    pub async fn close_project(
        &self,
        id: &str,
        from: ProjectState,
        to: ProjectState,
        now: Timestamp,
        grace: i64,
    ) -> Result<bool> {
        self.release(id, Some((from, to)), now, grace).await
    }

    /// Give back what a closed project's escrow no longer needs (leases have
    /// ended since it closed, rejections were settled). Safe to repeat.
    pub async fn release_unneeded(&self, id: &str, now: Timestamp, grace: i64) -> Result<bool> {
        self.release(id, None, now, grace).await
    }

    async fn release(
        &self,
        id: &str,
        transition: Option<(ProjectState, ProjectState)>,
        now: Timestamp,
        grace: i64,
    ) -> Result<bool> {
        Ok(write_tx!(self, |tx, lock| {
            let project = locked_project!(tx, lock, id);
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
            let keep: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM assignments WHERE project_id = $1 AND settled_at IS NULL AND \
                 (state IN ('submitted', 'leased') OR (state = 'expired' AND expires_at + $2 > $3))",
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
                post_transfer!(tx, &t, &meta(&project), now)?;
            }
            let state = transition.map(|(_, to)| to).unwrap_or(project.state());
            sqlx::query(
                "UPDATE projects SET state = $1, updated_at = $2, funded_slots = $3, reserve = $4, paused_reason = NULL WHERE id = $5",
            )
            .bind(state.as_str())
            .bind(now)
            .bind(after.funded_slots)
            .bind(after.reserve)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            true
        }))
    }

    /// Closed projects whose escrow still holds money that may be released.
    pub async fn closed_projects_holding_escrow(&self) -> Result<Vec<String>> {
        Ok(crate::on_pool!(self, |p| {
            sqlx::query_scalar::<_, String>(
            "SELECT id FROM projects WHERE state IN ('completed', 'cancelled') AND (funded_slots > settled_slots OR reserve > 0)"
        )
        .fetch_all(p)
        .await
        })?)
    }
}

/// Escrow for newly stored items of a published project, in the transaction that
/// stores them: `created` items × overlap slots, fees and reserve. Evaluates to
/// `Result<()>`; `InsufficientFunds` rolls the batch back.
macro_rules! escrow_new_items {
    ($tx:ident, $project:expr, $created:expr, $now:expr) => {
        async {
            let project: &$crate::projects::ProjectRow = $project;
            let created: i64 = $created;
            if created == 0 || project.state() == handprint_core::project::ProjectState::Draft {
                return Ok::<(), $crate::StoreError>(());
            }
            let escrow = project.escrow();
            let slots = created * project.answers_per_task;
            let funding = handprint_core::ledger::Funding {
                slots,
                reserve: handprint_core::ledger::BasisPoints(project.reserve_basis_points)
                    .of_ceil(slots.saturating_mul(escrow.reward)),
            };
            let t = handprint_core::ledger::Transfer::new(
                format!(
                    "escrow:{}:{}-{}",
                    project.id,
                    escrow.funded_slots,
                    escrow.funded_slots + slots
                ),
                handprint_core::ledger::Reason::Escrow,
                format!("escrow for {created} new items of \"{}\"", project.title),
            )
            .movement(
                &handprint_core::ledger::Account::org_available(&project.organization_id),
                &handprint_core::ledger::Account::escrow(&project.id, &project.organization_id),
                escrow.cost_of(funding),
            );
            $crate::ledger::post_transfer!(
                $tx,
                &t,
                &$crate::ledger::TransferMeta {
                    organization: Some(project.organization_id.clone()),
                    project: Some(project.id.clone()),
                    assignment: None,
                },
                $now
            )?;
            let after = escrow.with_funding(funding);
            sqlx::query("UPDATE projects SET funded_slots = $1, reserve = $2 WHERE id = $3")
                .bind(after.funded_slots)
                .bind(after.reserve)
                .bind(&project.id)
                .execute(&mut *$tx)
                .await?;
            Ok(())
        }
        .await
    };
}
pub(crate) use escrow_new_items;

/// Fund one more slot on demand (an answer beyond the overlap, a late answer
/// whose slot was given away): from the reserve, else from the organisation.
/// Evaluates to `Result<EscrowState>` (the state after funding).
macro_rules! fund_one_slot {
    ($tx:ident, $project:expr, $why:expr, $now:expr) => {
        async {
            let project: &$crate::projects::ProjectRow = $project;
            let mut escrow = project.escrow();
            let cost = escrow.slot_cost();
            if escrow.reserve >= cost {
                escrow.reserve -= cost;
                escrow.funded_slots += 1;
                return Ok::<handprint_core::ledger::EscrowState, $crate::StoreError>(escrow);
            }
            let t = handprint_core::ledger::Transfer::new(
                format!(
                    "escrow:{}:{}-{}",
                    project.id,
                    escrow.funded_slots,
                    escrow.funded_slots + 1
                ),
                handprint_core::ledger::Reason::Escrow,
                format!(
                    "escrow for one more answer of \"{}\" ({})",
                    project.title, $why
                ),
            )
            .movement(
                &handprint_core::ledger::Account::org_available(&project.organization_id),
                &handprint_core::ledger::Account::escrow(&project.id, &project.organization_id),
                cost,
            );
            $crate::ledger::post_transfer!(
                $tx,
                &t,
                &$crate::ledger::TransferMeta {
                    organization: Some(project.organization_id.clone()),
                    project: Some(project.id.clone()),
                    assignment: None,
                },
                $now
            )?;
            escrow.funded_slots += 1;
            Ok(escrow)
        }
        .await
    };
}
pub(crate) use fund_one_slot;
