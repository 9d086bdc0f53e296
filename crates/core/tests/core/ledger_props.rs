//! Random sequences of deposits, publishes, submissions, approvals, rejections,
//! disputes, top-ups, bonuses, payouts and closings, run on the in-memory ledger
//! with the same rules the store applies: no sequence breaks an invariant.

use handprint_core::ledger::{
    Account, AccountKind, BasisPoints, Book, EscrowState, FeeRule, FeeTally, Reason, Transfer,
};
use handprint_core::money::Currency;
use handprint_core::payfloor::{FloorFunds, FloorSettlement, PaidAnswer, plan, settle};
use handprint_core::{AssignmentId, OrganizationId, ProjectId, UserId};
use proptest::prelude::*;
use std::sync::LazyLock;

#[derive(Debug, Clone)]
enum Op {
    Deposit(i64),
    Publish {
        slots: i64,
        reward: i64,
        rule: FeeRule,
    },
    Submit {
        project: usize,
        worker: usize,
        micros: i64,
    },
    Approve(usize),
    Reject(usize),
    Overturn(usize),
    Finalize(usize),
    Floor(usize),
    Bonus {
        answer: usize,
        amount: i64,
    },
    Payout {
        worker: usize,
        amount: i64,
    },
    SettlePayout {
        paid: bool,
    },
    Close(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1_i64..5_000).prop_map(Op::Deposit),
        (1_i64..20, 1_i64..50, fee_rule()).prop_map(|(slots, reward, rule)| Op::Publish {
            slots,
            reward,
            rule
        }),
        (0_usize..4, 0_usize..3, 1_i64..200_000_000).prop_map(|(project, worker, micros)| {
            Op::Submit {
                project,
                worker,
                micros,
            }
        }),
        (0_usize..30).prop_map(Op::Approve),
        (0_usize..30).prop_map(Op::Reject),
        (0_usize..30).prop_map(Op::Overturn),
        (0_usize..30).prop_map(Op::Finalize),
        (0_usize..4).prop_map(Op::Floor),
        (0_usize..30, 1_i64..100).prop_map(|(answer, amount)| Op::Bonus { answer, amount }),
        (0_usize..3, 1_i64..300).prop_map(|(worker, amount)| Op::Payout { worker, amount }),
        any::<bool>().prop_map(|paid| Op::SettlePayout { paid }),
        (0_usize..4).prop_map(Op::Close),
    ]
}

/// Projects escrowed under the old rule (before an upgrade) live beside new ones.
fn fee_rule() -> impl Strategy<Value = FeeRule> {
    prop_oneof![Just(FeeRule::PerAnswer), Just(FeeRule::PerProject)]
}

#[derive(Debug, Clone, PartialEq)]
enum Review {
    Pending,
    Paid,
    Rejected,
    Final,
}

struct Answer {
    id: AssignmentId,
    project: usize,
    worker: UserId,
    micros: i64,
    review: Review,
    paid: i64,
}

struct Project {
    id: ProjectId,
    escrow: EscrowState,
    open: bool,
    /// Slots not yet answered.
    unanswered: i64,
    /// The fee rule's running sums, as the store keeps them (from the ledger).
    fees: FeeTally,
    /// Paid to workers and charged in fees on this project, summed from the
    /// transfers' legs as they apply: the check compares them with the rule.
    paid_total: i64,
    fees_total: i64,
    /// The fees of those payments each rounded on its own: what the per-answer rule charges.
    fees_per_payment: i64,
}

struct Market {
    book: Book,
    projects: Vec<Project>,
    answers: Vec<Answer>,
    payouts: Vec<(UserId, i64, bool)>,
    next: usize,
}

static ORG: LazyLock<OrganizationId> = LazyLock::new(|| OrganizationId::from("org"));
const FEE: BasisPoints = BasisPoints(1000);
const RESERVE: BasisPoints = BasisPoints(2500);
const FLOOR: i64 = 1200;

impl Market {
    fn key(&mut self, what: &str) -> String {
        self.next += 1;
        format!("{what}:{}", self.next)
    }
    fn escrow_account(p: &Project) -> Account {
        Account::escrow(&p.id, &ORG)
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::Deposit(amount) => {
                let key = self.key("deposit");
                let t = Transfer::new(key, Reason::Deposit, "").movement(
                    &Account::external_deposits(),
                    &Account::org_available(&ORG),
                    amount,
                );
                self.book.apply(&t).expect("a deposit always applies");
            }
            Op::Publish {
                slots,
                reward,
                rule,
            } => {
                let mut p = Project {
                    id: ProjectId::from(format!("p{}", self.projects.len())),
                    escrow: EscrowState {
                        reward,
                        fee: FEE,
                        rule,
                        ..Default::default()
                    },
                    open: true,
                    unanswered: slots,
                    fees: FeeTally::default(),
                    paid_total: 0,
                    fees_total: 0,
                    fees_per_payment: 0,
                };
                let funding = p.escrow.funding_for(slots, RESERVE);
                let t = Transfer::new(self.key("escrow"), Reason::Escrow, "").movement(
                    &Account::org_available(&ORG),
                    &Self::escrow_account(&p),
                    p.escrow.cost_of(funding),
                );
                // Not enough money: publishing is refused and nothing changes.
                if self.book.apply(&t).is_ok() {
                    p.escrow = p.escrow.with_funding(funding);
                    self.projects.push(p);
                }
            }
            Op::Submit {
                project,
                worker,
                micros,
            } => {
                let Some(p) = self.projects.get_mut(project) else {
                    return;
                };
                if !p.open || p.unanswered == 0 {
                    return;
                }
                p.unanswered -= 1;
                let id = AssignmentId::from(format!("a{}", self.answers.len()));
                self.answers.push(Answer {
                    id,
                    project,
                    worker: UserId::from(format!("w{worker}")),
                    micros,
                    review: Review::Pending,
                    paid: 0,
                });
            }
            Op::Approve(i) => self.pay(i, Review::Pending),
            Op::Overturn(i) => self.pay(i, Review::Rejected),
            Op::Reject(i) => {
                if let Some(a) = self.answers.get_mut(i)
                    && a.review == Review::Pending
                {
                    a.review = Review::Rejected;
                }
            }
            Op::Finalize(i) => {
                let Some(a) = self.answers.get(i) else { return };
                if a.review != Review::Rejected {
                    return;
                }
                let p = &self.projects[a.project];
                let cost = p.escrow.slot_cost();
                let t = Transfer::new(
                    format!("reject-settle:{}", a.id),
                    Reason::RejectionSettled,
                    "",
                )
                .movement(
                    &Self::escrow_account(p),
                    &Account::org_available(&ORG),
                    cost,
                );
                self.book.apply(&t).expect("an unsettled slot is in escrow");
                let project = a.project;
                self.answers[i].review = Review::Final;
                self.projects[project].escrow.settled_slots += 1;
            }
            Op::Floor(project) => self.floor(project),
            Op::Bonus { answer, amount } => {
                let Some((worker, project)) = self
                    .answers
                    .get(answer)
                    .map(|a| (a.worker.clone(), a.project))
                else {
                    return;
                };
                let p = &self.projects[project];
                let fee = p.escrow.fee_on(&p.fees, amount);
                let org = Account::org_available(&ORG);
                let t = Transfer::new(self.key("bonus"), Reason::Bonus, "")
                    .movement(&org, &Account::worker_available(&worker), amount)
                    .movement(&org, &Account::platform_fees(), fee);
                if self.book.apply(&t).is_ok() {
                    let p = &mut self.projects[project];
                    p.escrow.charge(&mut p.fees, amount);
                    self.count_payment(project, &t);
                }
            }
            Op::Payout { worker, amount } => {
                let w = UserId::from(format!("w{worker}"));
                let t = Transfer::new(self.key("payout"), Reason::PayoutRequested, "").movement(
                    &Account::worker_available(&w),
                    &Account::worker_pending(&w),
                    amount,
                );
                if self.book.apply(&t).is_ok() {
                    self.payouts.push((w, amount, false));
                }
            }
            Op::SettlePayout { paid } => {
                let Some(slot) = self.payouts.iter_mut().find(|p| !p.2) else {
                    return;
                };
                slot.2 = true;
                let (w, amount) = (slot.0.clone(), slot.1);
                let to = if paid {
                    Account::paid_out(&w)
                } else {
                    Account::worker_available(&w)
                };
                let t = Transfer::new(self.key("payout-settle"), Reason::PayoutPaid, "").movement(
                    &Account::worker_pending(&w),
                    &to,
                    amount,
                );
                self.book.apply(&t).expect("pending money is there");
            }
            Op::Close(project) => {
                let Some(p) = self.projects.get(project) else {
                    return;
                };
                if !p.open {
                    return;
                }
                let keep = self
                    .answers
                    .iter()
                    .filter(|a| {
                        a.project == project
                            && matches!(a.review, Review::Pending | Review::Rejected)
                    })
                    .count() as i64;
                let (after, released) = p.escrow.release_to(keep);
                let account = Self::escrow_account(p);
                let t = Transfer::new(self.key("release"), Reason::Release, "").movement(
                    &account,
                    &Account::org_available(&ORG),
                    released,
                );
                if released > 0 {
                    self.book.apply(&t).expect("release what escrow holds");
                }
                let p = &mut self.projects[project];
                p.escrow = after;
                p.open = false;
                p.unanswered = 0;
            }
        }
    }

    /// Approve or overturn: fund a slot on demand if none is left, then pay once.
    fn pay(&mut self, i: usize, from: Review) {
        let Some(a) = self.answers.get(i) else { return };
        if a.review != from {
            return;
        }
        let project = a.project;
        let (id, worker) = (a.id.clone(), a.worker.clone());
        let mut escrow = self.projects[project].escrow;
        let escrow_account = Self::escrow_account(&self.projects[project]);
        if escrow.unsettled_slots() <= 0 {
            if escrow.reserve >= escrow.slot_cost() {
                escrow.reserve -= escrow.slot_cost();
            } else {
                let t = Transfer::new(self.key("escrow"), Reason::Escrow, "").movement(
                    &Account::org_available(&ORG),
                    &escrow_account,
                    escrow.slot_cost(),
                );
                if self.book.apply(&t).is_err() {
                    return; // refused: the answer stays unpaid until the requester is funded
                }
            }
            escrow.funded_slots += 1;
        }
        let mut fees = self.projects[project].fees;
        let fee = escrow.charge(&mut fees, escrow.reward);
        let t = Transfer::new(format!("pay:{id}"), Reason::Approval, "")
            .movement(
                &escrow_account,
                &Account::worker_available(&worker),
                escrow.reward,
            )
            .movement(&escrow_account, &Account::platform_fees(), fee)
            .movement(
                &escrow_account,
                &Account::org_available(&ORG),
                escrow.slot_fee() - fee,
            );
        assert_eq!(self.book.apply(&t), Ok(true), "paid exactly once");
        self.projects[project].fees = fees;
        self.count_payment(project, &t);
        escrow.settled_slots += 1;
        self.projects[project].escrow = escrow;
        self.answers[i].review = Review::Paid;
        self.answers[i].paid = escrow.reward;
    }

    /// The pay floor, settled by the same core function the store runs.
    fn floor(&mut self, project: usize) {
        let Some(p) = self.projects.get(project) else {
            return;
        };
        if !p.open {
            return;
        }
        let paid: Vec<PaidAnswer> = self
            .answers
            .iter()
            .filter(|a| a.project == project && a.review == Review::Paid)
            .map(|a| PaidAnswer {
                assignment_id: a.id.clone(),
                worker_id: a.worker.clone(),
                paid: a.paid,
                working_micros: a.micros,
            })
            .collect();
        let Some(plan) = plan(p.escrow.reward, FLOOR, &paid) else {
            return;
        };
        let currency = Currency::default();
        let funds = FloorFunds {
            project_id: &p.id,
            organization_id: &ORG,
            active: true,
            escrow: p.escrow,
            fees: p.fees,
            available: self.book.balance(&Account::org_available(&ORG).id()),
            floor_per_hour: FLOOR,
            currency: &currency,
        };
        let top_up = match settle(&plan, &funds) {
            // The project pauses until funded; nothing moves.
            FloorSettlement::Unfunded { .. } => return,
            FloorSettlement::TopUp(top_up) => top_up,
        };
        if let Some(funding) = &top_up.funding {
            assert_eq!(
                self.book.apply(funding),
                Ok(true),
                "the organisation covers what the reserve does not"
            );
        }
        for topup in &top_up.topups {
            assert_eq!(
                self.book.apply(&topup.transfer),
                Ok(true),
                "the escrow was funded for the top-ups"
            );
            self.count_payment(project, &topup.transfer);
            if let Some(a) = self
                .answers
                .iter_mut()
                .find(|a| a.id == topup.assignment_id)
            {
                a.paid += topup.amount;
            }
        }
        let p = &mut self.projects[project];
        p.fees = top_up.fees;
        p.escrow.reserve = top_up.reserve;
        p.escrow.reward = top_up.reward;
    }

    /// Add what a payment transfer gave workers and the platform to its project's sums.
    fn count_payment(&mut self, project: usize, t: &Transfer) {
        let p = &mut self.projects[project];
        for (account, amount) in &t.legs {
            match account.kind {
                AccountKind::WorkerAvailable => {
                    p.paid_total += amount;
                    p.fees_per_payment += FEE.of(*amount);
                }
                AccountKind::PlatformFees => p.fees_total += amount,
                _ => {}
            }
        }
    }

    fn check(&self) {
        assert_eq!(self.book.problems(), Vec::<String>::new());
        for p in &self.projects {
            assert_eq!(
                self.book.balance(&Self::escrow_account(p).id()),
                p.escrow.commitment(),
                "escrow of {} equals its open commitments",
                p.id
            );
            assert!(p.escrow.reserve >= 0 && p.escrow.unsettled_slots() >= 0);
            match p.escrow.rule {
                FeeRule::PerProject => assert_eq!(
                    p.fees_total,
                    FEE.of(p.paid_total),
                    "the fees of {} are the rate of what its workers were paid, rounded once",
                    p.id
                ),
                FeeRule::PerAnswer => assert_eq!(
                    p.fees_total, p.fees_per_payment,
                    "the fees of {} are the rate of each payment, each rounded half up",
                    p.id
                ),
            }
        }
        for a in &self.answers {
            let paid = self
                .book
                .transfers
                .iter()
                .filter(|t| t.key == format!("pay:{}", a.id))
                .count();
            assert_eq!(
                paid,
                usize::from(a.review == Review::Paid),
                "{} paid once if approved",
                a.id
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn no_sequence_of_money_operations_breaks_an_invariant(ops in prop::collection::vec(op(), 1..80)) {
        let mut m = Market { book: Book::default(), projects: Vec::new(), answers: Vec::new(), payouts: Vec::new(), next: 0 };
        for op in &ops {
            m.apply(op);
            m.check();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Whatever the payments (rewards, top-ups, bonuses) and the rate, the fees
    /// charged over them sum to the rate of their total rounded once, and no single
    /// payment's fee is below zero or above what the escrow holds for it.
    #[test]
    fn fees_over_any_payments_sum_to_the_rate_of_their_total(
        rate in 0_i64..10_000,
        amounts in prop::collection::vec(0_i64..5_000, 1..60),
    ) {
        let rate = BasisPoints(rate);
        let mut tally = FeeTally::default();
        let mut charged = 0;
        for amount in &amounts {
            let fee = tally.charge(*amount, rate);
            prop_assert!(fee >= 0 && fee <= FeeRule::PerProject.slot_fee(*amount, rate));
            charged += fee;
        }
        let total: i64 = amounts.iter().sum();
        prop_assert_eq!(charged, rate.of(total));
        prop_assert_eq!(tally, FeeTally { paid: total, charged });
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// A project escrowed under the per-answer rule (published before the fee was
    /// rounded over a project) is charged exactly as it was then: whatever the fees
    /// already charged on it, each payment's fee is the rate of that payment rounded
    /// half up, a slot holds reward + that fee, and paying an answer takes all of it
    /// (nothing returns, nothing is missing).
    #[test]
    fn under_the_per_answer_rule_a_slot_holds_exactly_what_its_payment_takes(
        rate in 0_i64..10_000,
        reward in 0_i64..100_000,
        paid in 0_i64..10_000_000,
        charged in 0_i64..1_000_000,
        extra in 0_i64..5_000,
    ) {
        let rate = BasisPoints(rate);
        let escrow = EscrowState { reward, fee: rate, rule: FeeRule::PerAnswer, funded_slots: 1, ..Default::default() };
        let mut tally = FeeTally { paid, charged };
        let fee = escrow.charge(&mut tally, reward);
        prop_assert_eq!(fee, rate.of(reward));
        prop_assert_eq!(escrow.slot_fee(), fee);
        prop_assert_eq!(escrow.commitment(), reward + fee);
        prop_assert_eq!(tally, FeeTally { paid: paid + reward, charged: charged + fee });
        // Top-ups and bonuses too: the rate of the amount, rounded half up on its own.
        prop_assert_eq!(escrow.fee_on(&tally, extra), rate.of(extra));
    }
}
