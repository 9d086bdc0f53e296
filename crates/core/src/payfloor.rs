//! The pay floor on measured time. A project's effective hourly pay is its reward
//! over the median working time the server measured on approved answers; under the
//! floor, every paid answer is topped up to what the floor would have paid for the
//! median time, and the reward of the remaining work is raised to match.
//!
//! [`plan`] says what the floor asks; [`settle`] turns a plan into what to do with
//! a project's money (transfers, new reward and reserve, or a pause) and the
//! notice its requester reads. The store runs the result in one transaction; the
//! property tests run it on the in-memory ledger.

use crate::Msg;
use crate::clock::MICROS_PER_SECOND;
use crate::ledger::{Account, EscrowState, FeeTally, Reason, Transfer};
use crate::money::{Currency, Money};
use crate::{AssignmentId, OrganizationId, ProjectId, UserId};

/// Approved answers needed before measured time overrides the estimate.
pub const MIN_SAMPLE: usize = 3;

const MICROS_PER_HOUR: i128 = 3_600 * MICROS_PER_SECOND as i128;

/// The median of measured working times; with an even count, the mean of the two
/// middle ones rounded up (in the worker's favour).
pub fn median_micros(values: &[i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    if n % 2 == 1 {
        Some(v[n / 2])
    } else {
        let sum = i128::from(v[n / 2 - 1]) + i128::from(v[n / 2]);
        i64::try_from((sum + 1) / 2).ok()
    }
}

/// Pay per hour for `reward` over `micros` of work, rounded down.
pub fn hourly(reward: i64, micros: i64) -> Option<i64> {
    if micros <= 0 {
        return None;
    }
    i64::try_from(i128::from(reward) * MICROS_PER_HOUR / i128::from(micros)).ok()
}

/// The smallest reward paying `floor_per_hour` for `micros` of work (rounded up).
pub fn floor_reward(floor_per_hour: i64, micros: i64) -> i64 {
    let n = i128::from(floor_per_hour) * i128::from(micros.max(0));
    i64::try_from((n + MICROS_PER_HOUR - 1) / MICROS_PER_HOUR).unwrap_or(i64::MAX)
}

/// One approved answer as the top-up rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidAnswer {
    pub assignment_id: AssignmentId,
    pub worker_id: UserId,
    /// What the answer has been paid so far: its reward and earlier top-ups (not bonuses).
    pub paid: i64,
    pub working_micros: i64,
}

/// What the floor asks of a project now.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FloorPlan {
    pub median_micros: i64,
    /// The reward the floor requires for the median time.
    pub target_reward: i64,
    /// The reward for remaining work, when it must rise.
    pub raise_to: Option<i64>,
    /// (assignment, top-up amount) for each paid answer under the target.
    pub topups: Vec<(PaidAnswer, i64)>,
}

/// Compare a project's pay on measured time with the floor; None when there are not
/// enough approved answers yet or nothing is owed.
pub fn plan(reward: i64, floor_per_hour: i64, approved: &[PaidAnswer]) -> Option<FloorPlan> {
    if approved.len() < MIN_SAMPLE {
        return None;
    }
    let times: Vec<i64> = approved.iter().map(|a| a.working_micros).collect();
    let median = median_micros(&times)?;
    let target = floor_reward(floor_per_hour, median);
    let topups: Vec<(PaidAnswer, i64)> = approved
        .iter()
        .filter(|a| a.paid < target)
        .map(|a| (a.clone(), target - a.paid))
        .collect();
    let raise_to = (reward < target).then_some(target);
    if topups.is_empty() && raise_to.is_none() {
        return None;
    }
    Some(FloorPlan {
        median_micros: median,
        target_reward: target,
        raise_to,
        topups,
    })
}

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

/// The project a plan is settled for, and the money it can draw on.
#[derive(Debug, Clone, Copy)]
pub struct FloorFunds<'a> {
    pub project_id: &'a ProjectId,
    pub organization_id: &'a OrganizationId,
    /// Whether the project is active (a paused project is not paused again).
    pub active: bool,
    /// The project's escrow position (its reward, reserve and fee rule).
    pub escrow: EscrowState,
    /// What the project's workers were paid and charged in fees so far.
    pub fees: FeeTally,
    /// The organisation's available money.
    pub available: i64,
    pub floor_per_hour: i64,
    /// The currency the notice writes amounts in.
    pub currency: &'a Currency,
}

/// A notice to a project's requester: the kind it is stored under and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorNotice {
    pub kind: &'static str,
    pub msg: Msg,
}

/// What to do with a project whose pay is under the floor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FloorSettlement {
    /// Neither the reserve nor the organisation's available money covers it.
    Unfunded {
        missing: i64,
        /// For an active project: pause it, leaving this notice. None when it is already paused.
        pause: Option<FloorNotice>,
    },
    /// Top the answers up and raise the reward, paid from escrow.
    TopUp(FloorTopUp),
}

/// One paid answer's top-up: the transfer paying it (and its fee).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topup {
    pub assignment_id: AssignmentId,
    pub amount: i64,
    pub transfer: Transfer,
}

/// The money moves of a funded top-up, in the order they apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloorTopUp {
    /// The organisation's money moved into escrow for what the reserve does not cover.
    pub funding: Option<Transfer>,
    pub topups: Vec<Topup>,
    /// The project's reward and reserve afterwards.
    pub reward: i64,
    pub reserve: i64,
    /// The raised reward, when it rose.
    pub raise_to: Option<i64>,
    /// The project's fee sums once every top-up is paid.
    pub fees: FeeTally,
    why: Why,
}

/// The figures every floor notice and memo explains itself with.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Why {
    /// "approved answers took a median of …, under the floor of …".
    text: String,
    /// The same figures by name, for the notice in the requester's language.
    args: Vec<(&'static str, String)>,
    /// The reward before the raise, formatted.
    reward: String,
    currency: Currency,
}

impl Why {
    fn new(plan: &FloorPlan, funds: &FloorFunds<'_>) -> Why {
        let fmt = |m: i64| Money(m).format(funds.currency);
        let seconds = plan.median_micros / MICROS_PER_SECOND;
        let reward = fmt(funds.escrow.reward);
        let rate = fmt(hourly(funds.escrow.reward, plan.median_micros).unwrap_or(0));
        let floor = fmt(funds.floor_per_hour);
        Why {
            text: format!(
                "approved answers took a median of {seconds} s, so a reward of {reward} pays {rate} per hour, under the floor of {floor}"
            ),
            args: vec![
                ("seconds", seconds.to_string()),
                ("reward", reward.clone()),
                ("rate", rate),
                ("floor", floor),
            ],
            reward,
            currency: funds.currency.clone(),
        }
    }

    fn fmt(&self, m: i64) -> String {
        Money(m).format(&self.currency)
    }

    /// The notice pausing a project the floor cannot fund.
    fn paused(&self, target: i64, missing: i64) -> FloorNotice {
        let (target, missing) = (self.fmt(target), self.fmt(missing));
        let mut args = self.args.clone();
        args.extend([("target", target), ("missing", missing)]);
        FloorNotice {
            kind: "paused_for_pay_floor",
            msg: Msg::coded("notice-paused-for-pay-floor", args),
        }
    }
}

/// Settle `plan` on the project's money: each top-up carries its fee by the
/// project's rule (per project, the fees charged stay the rate of everything paid,
/// rounded once; per answer, each top-up's own fee rounded half up); what the
/// top-ups and the raised reward's escrow cost comes from the reserve first, then
/// from the organisation's available money; when that is not enough, the project
/// pauses, `missing` short.
pub fn settle(plan: &FloorPlan, funds: &FloorFunds<'_>) -> FloorSettlement {
    let escrow = funds.escrow;
    let mut fees = funds.fees;
    let topup_fees: Vec<i64> = plan
        .topups
        .iter()
        .map(|(_, t)| escrow.charge(&mut fees, *t))
        .collect();
    let topups_cost: i64 =
        plan.topups.iter().map(|(_, t)| t).sum::<i64>() + topup_fees.iter().sum::<i64>();
    let raise_cost = plan.raise_to.map(|r| escrow.raise_cost(r)).unwrap_or(0);
    let need = topups_cost + raise_cost;
    let from_reserve = need.min(escrow.reserve);
    let from_org = need - from_reserve;
    let why = Why::new(plan, funds);
    if from_org > 0 && funds.available < from_org {
        let missing = from_org - funds.available;
        return FloorSettlement::Unfunded {
            missing,
            pause: funds
                .active
                .then(|| why.paused(plan.target_reward, missing)),
        };
    }
    let org_account = Account::org_available(funds.organization_id);
    let escrow_account = Account::escrow(funds.project_id, funds.organization_id);
    let funding = (from_org > 0).then(|| {
        Transfer::new(
            format!(
                "floor-fund:{}:{}:{}:{}",
                funds.project_id, plan.target_reward, escrow.settled_slots, escrow.reserve
            ),
            Reason::Escrow,
            format!("escrow for top-ups to the pay floor: {}", why.text),
        )
        .movement(&org_account, &escrow_account, from_org)
    });
    let topups = plan
        .topups
        .iter()
        .zip(topup_fees)
        .map(|((answer, amount), fee)| Topup {
            assignment_id: answer.assignment_id.clone(),
            amount: *amount,
            transfer: Transfer::new(
                format!("topup:{}:{}", answer.assignment_id, plan.target_reward),
                Reason::Topup,
                format!("top-up to the pay floor: {}", why.text),
            )
            .movement(
                &escrow_account,
                &Account::worker_available(&answer.worker_id),
                *amount,
            )
            .movement(&escrow_account, &Account::platform_fees(), fee),
        })
        .collect();
    FloorSettlement::TopUp(FloorTopUp {
        funding,
        topups,
        reward: plan.raise_to.unwrap_or(escrow.reward),
        reserve: escrow.reserve - from_reserve,
        raise_to: plan.raise_to,
        fees,
        why,
    })
}

impl FloorTopUp {
    /// What the top-up did and the notice telling the requester, once top-ups paying
    /// `paid` in all were applied (one already applied under its key is not paid twice).
    pub fn done(&self, paid: i64) -> (FloorOutcome, FloorNotice) {
        let answers = self.topups.len();
        let mut args = self.why.args.clone();
        args.extend([
            ("answers", answers.to_string()),
            ("paid", self.why.fmt(paid)),
            (
                "raised_to",
                self.raise_to.map(|r| self.why.fmt(r)).unwrap_or_default(),
            ),
        ]);
        let outcome = FloorOutcome::ToppedUp {
            answers,
            amount: paid,
            reward: self.raise_to,
        };
        let mut msg = Msg::coded("notice-pay-floor-topup", args);
        // The raise is its own sentence, as the pages add it.
        if self.raise_to.is_some()
            && let Some(raised) = crate::msg::english("notice-reward-raised", &msg.args)
        {
            msg.text.push(' ');
            msg.text.push_str(&raised);
        }
        let notice = FloorNotice {
            kind: "pay_floor_topup",
            msg,
        };
        (outcome, notice)
    }

    /// Everything the top-ups pay workers, when each of them applies.
    pub fn total(&self) -> i64 {
        self.topups.iter().map(|t| t.amount).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{BasisPoints, FeeRule};
    use std::sync::LazyLock;

    fn answer(id: &str, paid: i64, seconds: i64) -> PaidAnswer {
        PaidAnswer {
            assignment_id: id.into(),
            worker_id: UserId::from(format!("w-{id}")),
            paid,
            working_micros: seconds * MICROS_PER_SECOND,
        }
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median_micros(&[3, 1, 2]), Some(2));
        assert_eq!(median_micros(&[1, 2, 3, 4]), Some(3));
        assert_eq!(median_micros(&[]), None);
    }

    #[test]
    fn twice_the_estimate_doubles_the_reward_for_everyone() {
        // 0.10 for 30 s is 12.00/h; measured 60 s halves it.
        let approved = [
            answer("a", 10, 60),
            answer("b", 10, 50),
            answer("c", 10, 70),
        ];
        let p = plan(10, 1200, &approved).expect("under the floor");
        assert_eq!(p.target_reward, 20);
        assert_eq!(p.raise_to, Some(20));
        assert_eq!(p.topups.iter().map(|t| t.1).sum::<i64>(), 30);
        assert!(hourly(p.target_reward, p.median_micros).expect("rate") >= 1200);
        assert_eq!(plan(10, 1200, &approved[..2]), None, "too few answers yet");
        assert_eq!(
            plan(
                10,
                1200,
                &[
                    answer("a", 10, 30),
                    answer("b", 10, 20),
                    answer("c", 10, 25)
                ]
            ),
            None
        );
    }

    /// Three answers paid 0.10 for a median of 60 s: at 12.00/h each is owed 0.10
    /// more (0.01 fee each), and the 7 open slots' escrow rises from 0.11 to 0.22.
    fn under_the_floor() -> FloorPlan {
        let approved = [
            answer("a", 10, 60),
            answer("b", 10, 50),
            answer("c", 10, 70),
        ];
        plan(10, 1200, &approved).expect("under the floor")
    }

    static PROJECT: LazyLock<ProjectId> = LazyLock::new(|| "p".into());
    static ORG: LazyLock<OrganizationId> = LazyLock::new(|| "o".into());

    fn funds(reserve: i64, available: i64, currency: &Currency) -> FloorFunds<'_> {
        FloorFunds {
            project_id: &PROJECT,
            organization_id: &ORG,
            active: true,
            escrow: EscrowState {
                funded_slots: 10,
                settled_slots: 3,
                reserve,
                reward: 10,
                fee: BasisPoints(1000),
                rule: FeeRule::PerProject,
            },
            fees: FeeTally::default(),
            available,
            floor_per_hour: 1200,
            currency,
        }
    }

    const WHY: &str = "approved answers took a median of 60 s, so a reward of 0.10 pays 6.00 per hour, under the floor of 12.00";

    fn top_up(settlement: FloorSettlement) -> FloorTopUp {
        match settlement {
            FloorSettlement::TopUp(t) => t,
            other => panic!("expected a top-up, got {other:?}"),
        }
    }

    #[test]
    fn pay_at_the_floor_asks_nothing() {
        let approved = [
            answer("a", 20, 60),
            answer("b", 20, 50),
            answer("c", 20, 70),
        ];
        assert_eq!(plan(20, 1200, &approved), None);
        assert_eq!(hourly(20, 60 * MICROS_PER_SECOND), Some(1200));
    }

    #[test]
    fn a_reserve_that_covers_everything_pays_the_top_ups_alone() {
        let usd = Currency::default();
        let t = top_up(settle(&under_the_floor(), &funds(200, 0, &usd)));
        // 3 × (0.10 + 0.01 fee) + 7 × (0.22 − 0.11) = 1.10 from the reserve of 2.00.
        assert_eq!(t.funding, None);
        assert_eq!((t.reward, t.reserve, t.raise_to), (20, 90, Some(20)));
        assert_eq!(
            t.fees,
            FeeTally {
                paid: 30,
                charged: 3
            }
        );
        let escrow = Account::escrow(&"p".into(), &"o".into());
        assert_eq!(
            t.topups[0],
            Topup {
                assignment_id: "a".into(),
                amount: 10,
                transfer: Transfer {
                    key: "topup:a:20".into(),
                    reason: Reason::Topup,
                    legs: vec![
                        (escrow.clone(), -10),
                        (Account::worker_available(&"w-a".into()), 10),
                        (escrow.clone(), -1),
                        (Account::platform_fees(), 1),
                    ],
                    memo: format!("top-up to the pay floor: {WHY}"),
                },
            }
        );
        assert_eq!(
            t.topups
                .iter()
                .map(|t| t.transfer.key.as_str())
                .collect::<Vec<_>>(),
            ["topup:a:20", "topup:b:20", "topup:c:20"]
        );
        assert_eq!(t.total(), 30);
        let (outcome, notice) = t.done(30);
        assert_eq!(
            outcome,
            FloorOutcome::ToppedUp {
                answers: 3,
                amount: 30,
                reward: Some(20)
            }
        );
        assert_eq!(notice.kind, "pay_floor_topup");
        assert_eq!(notice.msg.code, Some("notice-pay-floor-topup"));
        assert_eq!(
            notice.msg.text,
            format!(
                "Pay raised to the floor: {WHY}. 3 answers were topped up by 0.30 in all (plus fees), paid from escrow. The reward for the remaining work is raised from 0.10 to 0.20."
            )
        );
        assert_eq!(
            notice.msg.args,
            [
                ("seconds", "60"),
                ("reward", "0.10"),
                ("rate", "6.00"),
                ("floor", "12.00"),
                ("answers", "3"),
                ("paid", "0.30"),
                ("raised_to", "0.20"),
            ]
            .map(|(k, v)| (k, v.to_string()))
        );
    }

    #[test]
    fn what_the_reserve_does_not_cover_comes_from_the_organisation() {
        let usd = Currency::default();
        let t = top_up(settle(&under_the_floor(), &funds(50, 100, &usd)));
        assert_eq!(
            t.funding,
            Some(Transfer {
                key: "floor-fund:p:20:3:50".into(),
                reason: Reason::Escrow,
                legs: vec![
                    (Account::org_available(&"o".into()), -60),
                    (Account::escrow(&"p".into(), &"o".into()), 60),
                ],
                memo: format!("escrow for top-ups to the pay floor: {WHY}"),
            })
        );
        assert_eq!((t.reward, t.reserve), (20, 0));
        assert_eq!(t.topups.len(), 3);
        // Exactly enough is enough.
        let exact = top_up(settle(&under_the_floor(), &funds(50, 60, &usd)));
        assert_eq!(exact.funding, t.funding);
    }

    #[test]
    fn when_neither_covers_it_an_active_project_pauses_with_the_missing_amount() {
        let usd = Currency::default();
        let settlement = settle(&under_the_floor(), &funds(50, 40, &usd));
        let FloorSettlement::Unfunded {
            missing,
            pause: Some(notice),
        } = settlement
        else {
            panic!("expected a pause, got {settlement:?}");
        };
        assert_eq!(missing, 20);
        assert_eq!(notice.kind, "paused_for_pay_floor");
        assert_eq!(notice.msg.code, Some("notice-paused-for-pay-floor"));
        assert_eq!(
            notice.msg.text,
            format!(
                "Paused: {WHY}. Topping up paid answers and raising the reward to 0.20 needs 0.20 more than the escrow and your available balance hold; deposit it, then resume the project."
            )
        );
        assert_eq!(
            notice.msg.args[4..],
            [
                ("target", "0.20".to_string()),
                ("missing", "0.20".to_string())
            ]
        );
        let paused = FloorFunds {
            active: false,
            ..funds(50, 40, &usd)
        };
        assert_eq!(
            settle(&under_the_floor(), &paused),
            FloorSettlement::Unfunded {
                missing: 20,
                pause: None
            },
            "a paused project is not paused again"
        );
    }

    #[test]
    fn a_raise_alone_tops_up_nobody_and_says_so() {
        let usd = Currency::default();
        // Paid the target already (topped up before), but the reward is still 0.10.
        let approved = [
            answer("a", 20, 60),
            answer("b", 20, 50),
            answer("c", 20, 70),
        ];
        let p = plan(10, 1200, &approved).expect("the reward is under the floor");
        let t = top_up(settle(&p, &funds(200, 0, &usd)));
        assert!(t.topups.is_empty());
        assert_eq!((t.reward, t.reserve), (20, 200 - 77));
        let (outcome, notice) = t.done(0);
        assert_eq!(
            outcome,
            FloorOutcome::ToppedUp {
                answers: 0,
                amount: 0,
                reward: Some(20)
            }
        );
        assert!(
            notice
                .msg
                .text
                .contains("0 answers were topped up by 0.00 in all")
        );
    }
}
