//! Dynamic overlap at submit time (see [`handprint_core::overlap`]): after an
//! answer to an item of a project with dynamic overlap, in the submission's
//! transaction, the item either waits (fewer than `min` answers), opens one more
//! slot (past `min`, not confident, below `max`), or stops: it takes no more answers
//! and the escrow of its unused slots goes back to the organisation, exactly
//! `unused × slot cost` (reward and fee), as closing a project gives back what it
//! no longer needs. Slots held by live leases stay funded.
//!
//! On PostgreSQL the submission locks the project row first (before the item's), the
//! order the claim takes them in, so a stop that changes the project's escrow cannot
//! deadlock with a claim.

use crate::escrow::locked_project;
use crate::ledger::{TransferMeta, post_transfer};
use crate::projects::ProjectRow;
use crate::sql::{query, query_as, query_scalar};
use crate::{Result, Tx};
use handprint_core::ledger::{Account, Reason, Transfer};
use handprint_core::overlap::{Step, majority, next_step};
use handprint_core::{ProjectId, TaskId, Timestamp};

/// The project, locked, when it has dynamic overlap; None otherwise (nothing is locked).
pub(crate) async fn locked_if_dynamic(
    tx: &mut Tx<'_>,
    project: &ProjectId,
) -> Result<Option<ProjectRow>> {
    let dynamic: Option<i64> = query_scalar("SELECT overlap_min FROM projects WHERE id = $1")
        .bind(project)
        .fetch_optional(&mut *tx)
        .await?
        .flatten();
    if dynamic.is_none() {
        return Ok(None);
    }
    Ok(Some(locked_project(tx, project).await?))
}

/// Decide the item's next step after an answer (see the module's notes).
pub(crate) async fn after_answer(
    tx: &mut Tx<'_>,
    project: &ProjectRow,
    task: &TaskId,
    now: Timestamp,
) -> Result<Step> {
    let Some(overlap) = project.overlap() else {
        return Ok(Step::Wait);
    };
    let (answers, remaining, stopped): (i64, i64, i64) =
        query_as("SELECT answers, remaining, stopped FROM tasks WHERE id = $1")
            .bind(task)
            .fetch_one(&mut *tx)
            .await?;
    if stopped == 1 {
        return Ok(Step::Stop);
    }
    let submitted: Vec<Option<String>> =
        query_scalar("SELECT answer FROM assignments WHERE task_id = $1 AND state = 'submitted'")
            .bind(task)
            .fetch_all(&mut *tx)
            .await?;
    // One label per distinct answer value (the JSON read back, so spacing or key
    // order cannot split a label).
    let labels = submitted.iter().flatten().map(|a| {
        serde_json::from_str::<serde_json::Value>(a).map_or_else(|_| a.clone(), |v| v.to_string())
    });
    let step = next_step(&overlap, answers, majority(labels));
    let live: i64 =
        query_scalar("SELECT COUNT(*) FROM assignments WHERE task_id = $1 AND state = 'leased'")
            .bind(task)
            .fetch_one(&mut *tx)
            .await?;
    match step {
        Step::Wait => {}
        Step::OneMore => {
            if answers + live + remaining < overlap.max {
                query("UPDATE tasks SET remaining = remaining + 1 WHERE id = $1")
                    .bind(task)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        Step::Stop => stop(tx, project, task, overlap.max - answers - live, now).await?,
    }
    Ok(step)
}

/// Stop the item and give back the escrow of its `unused` slots.
async fn stop(
    tx: &mut Tx<'_>,
    project: &ProjectRow,
    task: &TaskId,
    unused: i64,
    now: Timestamp,
) -> Result<()> {
    query("UPDATE tasks SET stopped = 1, remaining = 0 WHERE id = $1")
        .bind(task)
        .execute(&mut *tx)
        .await?;
    let escrow = project.escrow();
    let slots = unused.clamp(0, escrow.unsettled_slots().max(0));
    let released = slots.saturating_mul(escrow.slot_cost());
    if released == 0 {
        return Ok(());
    }
    let t = Transfer::new(
        format!("release:{}:task:{task}", project.id),
        Reason::Release,
        format!(
            "escrow of {slots} answers \"{}\" no longer needs: an item reached its confidence",
            project.title
        ),
    )
    .movement(
        &Account::escrow(&project.id, &project.organization_id),
        &Account::org_available(&project.organization_id),
        released,
    );
    let meta = TransferMeta {
        organization: Some(project.organization_id.clone()),
        project: Some(project.id.clone()),
        assignment: None,
    };
    post_transfer(tx, &t, &meta, now).await?;
    query("UPDATE projects SET funded_slots = funded_slots - $1 WHERE id = $2")
        .bind(slots)
        .bind(&project.id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
