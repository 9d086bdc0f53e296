//! The pay floor on measured time, applied: top-ups of paid answers and a raised
//! reward for the rest, paid from the project's reserve (then the organisation's
//! available money); when neither covers it, the project pauses until funded.

use crate::escrow::locked_project;
use crate::ledger::{Notice, TransferMeta, balance_in, fee_tally_in, notice_in, post_transfer};
use crate::sql::{query, query_as, query_scalar};
use crate::{Db, Result};
use handprint_core::Timestamp;
use handprint_core::clock::MICROS_PER_SECOND;
use handprint_core::ledger::{Account, Reason, Transfer};
use handprint_core::money::{Currency, Money};
use handprint_core::payfloor::{PaidAnswer, hourly, plan};
use handprint_core::project::ProjectState;

/// What applying the floor did to a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FloorOutcome {
    /// Pay on measured time is at or above the floor (or too few answers to tell).
    AtFloor,
    /// `answers` answers topped up by `amount` in all; the reward raised to `reward` if it rose.
    ToppedUp {
        answers: usize,
        amount: i64,
        reward: Option<i64>,
    },
    /// Escrow and the organisation together are `missing` short: the project is paused.
    Unfunded { missing: i64 },
}

impl Db {
    /// Projects the floor applies to: active or paused, with answers settled since the last check.
    pub async fn projects_with_paid_answers(&self) -> Result<Vec<String>> {
        Ok((query_scalar::<String>(
            "SELECT id FROM projects WHERE state IN ('active', 'paused') AND settled_slots >= 1 \
             AND settled_slots <> floor_checked_settled ORDER BY id",
        )
        .fetch_all(self)
        .await)?)
    }

    /// Compare the project's pay on the median measured time of its approved
    /// answers with `floor_per_hour`, and top up / raise / pause as the rule says.
    pub async fn apply_pay_floor(
        &self,
        project_id: &str,
        floor_per_hour: i64,
        currency: &Currency,
        now: Timestamp,
    ) -> Result<FloorOutcome> {
        self.write(|tx| {
            Box::pin(async move {
            let project = locked_project(tx, project_id).await?;
            if !matches!(project.state(), ProjectState::Active | ProjectState::Paused) {
                return Ok(FloorOutcome::AtFloor);
            }
            let paid: Vec<(String, String, i64, i64)> = query_as(
                "SELECT id, worker_id, COALESCE(paid_reward, 0) + topped_up, COALESCE(working_micros, 0) \
                 FROM assignments WHERE project_id = $1 AND review_state IN ('approved', 'overturned')",
            )
            .bind(project_id)
            .fetch_all(&mut *tx)
            .await?;
            let answers: Vec<PaidAnswer> = paid
                .into_iter()
                .map(
                    |(assignment_id, worker_id, paid, working_micros)| PaidAnswer {
                        assignment_id,
                        worker_id,
                        paid,
                        working_micros,
                    },
                )
                .collect();
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
            // Top-ups carry the fee by the project's rule: per project, the fees charged
            // stay the rate of everything paid, rounded once; per answer, each top-up's
            // own fee rounded half up.
            let mut tally = fee_tally_in(tx, project_id).await?;
            let topup_fees: Vec<i64> = plan
                .topups
                .iter()
                .map(|(_, t)| escrow.charge(&mut tally, *t))
                .collect();
            let topups_cost: i64 =
                plan.topups.iter().map(|(_, t)| t).sum::<i64>() + topup_fees.iter().sum::<i64>();
            let raise_cost = plan.raise_to.map(|r| escrow.raise_cost(r)).unwrap_or(0);
            let need = topups_cost + raise_cost;
            let from_reserve = need.min(escrow.reserve);
            let from_org = need - from_reserve;
            let org_account = Account::org_available(&project.organization_id);
            let escrow_account = Account::escrow(&project.id, &project.organization_id);
            let meta = TransferMeta {
                organization: Some(project.organization_id.clone()),
                project: Some(project.id.clone()),
                assignment: None,
            };
            let fmt = |m: i64| Money(m).format(currency);
            let seconds = plan.median_micros / MICROS_PER_SECOND;
            let rate = hourly(escrow.reward, plan.median_micros).unwrap_or(0);
            let why = format!(
                "approved answers took a median of {seconds} s, so a reward of {} pays {} per hour, under the floor of {}",
                fmt(escrow.reward),
                fmt(rate),
                fmt(floor_per_hour)
            );
            // The same figures by name, for the notice in the requester's language.
            let why_args: [(&str, String); 4] = [
                ("seconds", seconds.to_string()),
                ("reward", fmt(escrow.reward)),
                ("rate", fmt(rate)),
                ("floor", fmt(floor_per_hour)),
            ];
            if from_org > 0 {
                let available = balance_in(tx, &org_account.id()).await?;
                if available < from_org {
                    let missing = from_org - available;
                    if project.state() == ProjectState::Active {
                        query(
                            "UPDATE projects SET state = 'paused', paused_reason = 'pay_floor', updated_at = $1 WHERE id = $2",
                        )
                        .bind(now)
                        .bind(project_id)
                        .execute(&mut *tx)
                        .await?;
                        notice_in(
    tx,
    project_id,
    Notice {
        kind: "paused_for_pay_floor",
        message: &format!(
                                "Paused: {why}. Topping up paid answers and raising the reward to {} needs {} more than the escrow and your available balance hold; deposit it, then resume the project.",
                                fmt(plan.target_reward),
                                fmt(missing)
                            ),
        args: why_args
                                .iter()
                                .cloned()
                                .chain([
                                    ("target", fmt(plan.target_reward)),
                                    ("missing", fmt(missing)),
                                ])
                                .collect::<Vec<_>>(),
    },
    now,
).await?;
                    }
                    // The pause and its notice are kept: returning Ok commits them.
                        return Ok(FloorOutcome::Unfunded { missing });
                }
                let t = Transfer::new(
                    format!(
                        "floor-fund:{project_id}:{}:{}:{}",
                        plan.target_reward, escrow.settled_slots, escrow.reserve
                    ),
                    Reason::Escrow,
                    format!("escrow for top-ups to the pay floor: {why}"),
                )
                .movement(&org_account, &escrow_account, from_org);
                post_transfer(tx, &t, &meta, now).await?;
            }
            let mut paid_total = 0;
            for ((answer, amount), fee) in plan.topups.iter().zip(topup_fees) {
                let t = Transfer::new(
                    format!("topup:{}:{}", answer.assignment_id, plan.target_reward),
                    Reason::Topup,
                    format!("top-up to the pay floor: {why}"),
                )
                .movement(
                    &escrow_account,
                    &Account::worker_available(&answer.worker_id),
                    *amount,
                )
                .movement(&escrow_account, &Account::platform_fees(), fee);
                let meta = TransferMeta {
                    assignment: Some(answer.assignment_id.clone()),
                    ..meta.clone()
                };
                if post_transfer(tx, &t, &meta, now).await? {
                    query("UPDATE assignments SET topped_up = topped_up + $1 WHERE id = $2")
                        .bind(*amount)
                        .bind(&answer.assignment_id)
                        .execute(&mut *tx)
                        .await?;
                    paid_total += amount;
                }
            }
            let reward = plan.raise_to.unwrap_or(escrow.reward);
            query(
                "UPDATE projects SET reward = $1, reserve = $2, updated_at = $3, floor_checked_settled = settled_slots \
                 WHERE id = $4",
            )
            .bind(reward)
            .bind(escrow.reserve - from_reserve)
            .bind(now)
            .bind(project_id)
            .execute(&mut *tx)
            .await?;
            let raised = plan
                .raise_to
                .map(|r| {
                    format!(
                        " The reward for the remaining work is raised from {} to {}.",
                        fmt(escrow.reward),
                        fmt(r)
                    )
                })
                .unwrap_or_default();
            notice_in(
    tx,
    project_id,
    Notice {
        kind: "pay_floor_topup",
        message: &format!(
                    "{}: {why}. {} answers were topped up by {} in all (plus fees), paid from escrow.{raised}",
                    "Pay raised to the floor",
                    plan.topups.len(),
                    fmt(paid_total)
                ),
        args: why_args
                    .iter()
                    .cloned()
                    .chain([
                        ("answers", plan.topups.len().to_string()),
                        ("paid", fmt(paid_total)),
                        ("raised_to", plan.raise_to.map(fmt).unwrap_or_default()),
                    ])
                    .collect::<Vec<_>>(),
    },
    now,
).await?;
            Ok(FloorOutcome::ToppedUp {
                answers: plan.topups.len(),
                amount: paid_total,
                reward: plan.raise_to,
            })
            })
        })
        .await
    }
}
