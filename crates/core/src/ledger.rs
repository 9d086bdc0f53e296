//! The double-entry ledger's rules: accounts, balanced transfers, fees, and the
//! escrow a project must hold. Pure: the store applies these plans in one
//! database transaction each, and the property tests run them in memory.
//!
//! Every amount is integer minor units of the instance currency. A transfer is a
//! set of legs summing to zero, named by an idempotency key: applying the same key
//! twice changes nothing. Only the external deposits account may go negative (it
//! is the mirror of money that came in from outside); every user account stays at
//! zero or above.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::{BTreeMap, HashSet};
use std::str::FromStr;

use crate::{OrganizationId, ProjectId, UserId};

/// What an account holds. Stored by [`AccountKind::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccountKind {
    /// A requester organisation's money not committed to any project.
    OrgAvailable,
    /// One project's escrow (owned by the project, belonging to its organisation):
    /// the rewards and fees of every funded, unsettled assignment slot, plus the top-up reserve.
    Escrow,
    /// A worker's money they may ask to be paid out.
    WorkerAvailable,
    /// A worker's money in a payout that an operator has not yet confirmed.
    WorkerPending,
    /// External payouts, one account per worker: what has left the platform to them
    /// (their "paid out" figure).
    PaidOut,
    /// The platform's fees.
    PlatformFees,
    /// The mirror of every deposit: minus what came in from outside.
    ExternalDeposits,
}

impl AccountKind {
    pub const ALL: [AccountKind; 7] = [
        AccountKind::OrgAvailable,
        AccountKind::Escrow,
        AccountKind::WorkerAvailable,
        AccountKind::WorkerPending,
        AccountKind::PaidOut,
        AccountKind::PlatformFees,
        AccountKind::ExternalDeposits,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::OrgAvailable => "org_available",
            AccountKind::Escrow => "escrow",
            AccountKind::WorkerAvailable => "worker_available",
            AccountKind::WorkerPending => "worker_pending",
            AccountKind::PaidOut => "paid_out",
            AccountKind::PlatformFees => "platform_fees",
            AccountKind::ExternalDeposits => "external_deposits",
        }
    }
    pub fn parse(text: &str) -> Option<AccountKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
    /// Only the external mirror of deposits may go below zero.
    pub fn may_go_negative(self) -> bool {
        self == AccountKind::ExternalDeposits
    }
}

/// One account: its kind and owner (organisation, project or user; none for platform accounts).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Account {
    pub kind: AccountKind,
    /// The id of the organisation, project or user owning the account, as stored
    /// (`owner_id`): one column for three kinds of owner, so it stays text here.
    pub owner: Option<String>,
    /// The organisation an escrow or organisation account belongs to.
    pub organization: Option<OrganizationId>,
}

impl Account {
    pub fn org_available(org: &OrganizationId) -> Account {
        Account {
            kind: AccountKind::OrgAvailable,
            owner: Some(org.to_string()),
            organization: Some(org.clone()),
        }
    }
    pub fn escrow(project: &ProjectId, org: &OrganizationId) -> Account {
        Account {
            kind: AccountKind::Escrow,
            owner: Some(project.to_string()),
            organization: Some(org.clone()),
        }
    }
    pub fn worker_available(worker: &UserId) -> Account {
        Self::of_worker(AccountKind::WorkerAvailable, worker)
    }
    pub fn worker_pending(worker: &UserId) -> Account {
        Self::of_worker(AccountKind::WorkerPending, worker)
    }
    pub fn paid_out(worker: &UserId) -> Account {
        Self::of_worker(AccountKind::PaidOut, worker)
    }
    fn of_worker(kind: AccountKind, worker: &UserId) -> Account {
        Account {
            kind,
            owner: Some(worker.to_string()),
            organization: None,
        }
    }
    pub fn platform_fees() -> Account {
        Account {
            kind: AccountKind::PlatformFees,
            owner: None,
            organization: None,
        }
    }
    pub fn external_deposits() -> Account {
        Account {
            kind: AccountKind::ExternalDeposits,
            owner: None,
            organization: None,
        }
    }
    /// The stable id the account is stored under, e.g. "escrow:0193…".
    pub fn id(&self) -> String {
        match &self.owner {
            Some(owner) => format!("{}:{owner}", self.kind.as_str()),
            None => self.kind.as_str().to_string(),
        }
    }
}

/// Why money moved; every statement line shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// Money from outside into an organisation (an operator recorded a bank or mobile-money transfer).
    Deposit,
    /// An organisation's money set aside for a project (publish, new items, on-demand funding).
    Escrow,
    /// What a closed project no longer needs, back to its organisation.
    Release,
    /// A rejected answer's reward and fee back to the organisation, once the rejection is final.
    RejectionSettled,
    /// An approved answer's reward to the worker and the fee to the platform.
    Approval,
    /// Pay raised to the hourly floor on measured time.
    Topup,
    /// A requester's bonus to a worker.
    Bonus,
    /// A worker asked to be paid out.
    PayoutRequested,
    /// An operator sent the payout.
    PayoutPaid,
    /// The payout failed; the money is the worker's again.
    PayoutFailed,
}

impl Reason {
    pub const ALL: [Reason; 10] = [
        Reason::Deposit,
        Reason::Escrow,
        Reason::Release,
        Reason::RejectionSettled,
        Reason::Approval,
        Reason::Topup,
        Reason::Bonus,
        Reason::PayoutRequested,
        Reason::PayoutPaid,
        Reason::PayoutFailed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Deposit => "deposit",
            Reason::Escrow => "escrow",
            Reason::Release => "release",
            Reason::RejectionSettled => "rejection_settled",
            Reason::Approval => "approval",
            Reason::Topup => "topup",
            Reason::Bonus => "bonus",
            Reason::PayoutRequested => "payout_requested",
            Reason::PayoutPaid => "payout_paid",
            Reason::PayoutFailed => "payout_failed",
        }
    }
    pub fn parse(text: &str) -> Option<Reason> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// A balanced movement of money, applied all at once or not at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// Applying a transfer whose key was already applied changes nothing.
    pub key: String,
    pub reason: Reason,
    /// (account, signed amount); summing to zero.
    pub legs: Vec<(Account, i64)>,
    pub memo: String,
}

/// Why a transfer cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("the transfer's legs sum to {0}, not zero")]
    Unbalanced(i64),
    #[error("a transfer needs at least two accounts")]
    TooFewLegs,
    #[error("an amount does not fit in 64 bits")]
    Overflow,
    /// The account would go below zero; `missing` is how much more it would need.
    #[error("{account} holds {balance}, {missing} short of what is needed")]
    Insufficient {
        account: String,
        balance: i64,
        missing: i64,
    },
}

impl Transfer {
    pub fn new(key: impl Into<String>, reason: Reason, memo: impl Into<String>) -> Transfer {
        Transfer {
            key: key.into(),
            reason,
            legs: Vec::new(),
            memo: memo.into(),
        }
    }
    /// Move `amount` from one account to another (no leg for a zero amount).
    pub fn movement(mut self, from: &Account, to: &Account, amount: i64) -> Transfer {
        if amount != 0 {
            self.legs.push((from.clone(), -amount));
            self.legs.push((to.clone(), amount));
        }
        self
    }

    /// The legs merged per account (zero legs dropped), sorted by account id so
    /// concurrent transfers lock accounts in one order; refused unless balanced.
    pub fn normalized(&self) -> Result<Vec<(Account, i64)>, LedgerError> {
        let mut merged: BTreeMap<String, (Account, i64)> = BTreeMap::new();
        let mut sum: i64 = 0;
        for (account, amount) in &self.legs {
            sum = sum.checked_add(*amount).ok_or(LedgerError::Overflow)?;
            let slot = merged
                .entry(account.id())
                .or_insert_with(|| (account.clone(), 0));
            slot.1 = slot.1.checked_add(*amount).ok_or(LedgerError::Overflow)?;
        }
        if sum != 0 {
            return Err(LedgerError::Unbalanced(sum));
        }
        let legs: Vec<(Account, i64)> = merged.into_values().filter(|(_, a)| *a != 0).collect();
        if legs.len() < 2 {
            return Err(LedgerError::TooFewLegs);
        }
        Ok(legs)
    }
}

/// A rate in basis points (hundredths of a percent): 1000 = 10 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct BasisPoints(pub i64);

impl BasisPoints {
    /// Parse "10", "12.5" or "10%" (percent, at most two decimals, 0 to 1000 %).
    pub fn parse_percent(text: &str) -> Result<BasisPoints, String> {
        let t = text.trim().trim_end_matches('%').trim();
        let value = Decimal::from_str(t).map_err(|_| {
            format!("\"{text}\" is not a percentage: write it like \"10\" or \"12.5\"")
        })?;
        let bp = value * Decimal::from(100);
        if bp.fract() != Decimal::ZERO {
            return Err(format!("\"{text}\" has more than two decimal places"));
        }
        match bp.to_i64() {
            Some(n) if (0..=100_000).contains(&n) => Ok(BasisPoints(n)),
            _ => Err(format!("\"{text}\" must be between 0 and 1000 percent")),
        }
    }
    /// "10" or "12.5".
    pub fn as_percent(self) -> String {
        Decimal::new(self.0, 2).normalize().to_string()
    }
    /// `amount` × this rate, rounded half up to a minor unit.
    pub fn of(self, amount: i64) -> i64 {
        let n = i128::from(amount) * i128::from(self.0);
        i64::try_from((n + 5_000).div_euclid(10_000)).unwrap_or(i64::MAX)
    }
    /// `amount` × this rate, rounded up.
    pub fn of_ceil(self, amount: i64) -> i64 {
        let n = i128::from(amount) * i128::from(self.0);
        i64::try_from((n + 9_999).div_euclid(10_000)).unwrap_or(i64::MAX)
    }
}

/// How a project is charged the platform fee, fixed on it when it is first published
/// (stored with the project as [`FeeRule::as_str`]). Both charge the fee on top of
/// what workers are paid, never deducted; they differ in rounding, and so in what
/// escrow holds per answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FeeRule {
    /// The rule before the fee was rounded over a project, kept by projects escrowed
    /// under it until they end: each payment's fee is the rate of that payment rounded
    /// half up on its own, and escrow holds reward + that fee per answer (nothing
    /// returns when an answer is paid).
    PerAnswer,
    /// The fee rounded once over the project ([`FeeTally`]): escrow holds each
    /// answer's fee rounded *up*, and what a payment is not charged of it returns
    /// to the organisation.
    #[default]
    PerProject,
}

/// A stored fee rule that Handprint does not know (the database is newer than the
/// binary, or was edited by hand).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown fee rule \"{0}\" (known: per_answer, per_project)")]
pub struct UnknownFeeRule(pub String);

impl FeeRule {
    pub const ALL: [FeeRule; 2] = [FeeRule::PerAnswer, FeeRule::PerProject];
    pub fn as_str(self) -> &'static str {
        match self {
            FeeRule::PerAnswer => "per_answer",
            FeeRule::PerProject => "per_project",
        }
    }
    pub fn parse(text: &str) -> Result<FeeRule, UnknownFeeRule> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == text)
            .ok_or_else(|| UnknownFeeRule(text.to_string()))
    }
    /// The fee escrow holds for one answer of `reward`: at least whatever a payment
    /// of `reward` is charged under this rule.
    pub fn slot_fee(self, reward: i64, rate: BasisPoints) -> i64 {
        match self {
            FeeRule::PerAnswer => rate.of(reward),
            FeeRule::PerProject => rate.of_ceil(reward),
        }
    }
    /// The fee on a new payment of `amount` to a worker of a project whose payments
    /// so far are `tally`.
    pub fn fee_on(self, tally: &FeeTally, amount: i64, rate: BasisPoints) -> i64 {
        match self {
            FeeRule::PerAnswer => rate.of(amount),
            FeeRule::PerProject => tally.fee_on(amount, rate),
        }
    }
    /// Record a payment of `amount` in `tally`; returns the fee charged on it.
    pub fn charge(self, tally: &mut FeeTally, amount: i64, rate: BasisPoints) -> i64 {
        let fee = self.fee_on(tally, amount, rate);
        tally.paid = tally.paid.saturating_add(amount);
        tally.charged = tally.charged.saturating_add(fee);
        fee
    }
}

impl TryFrom<String> for FeeRule {
    type Error = UnknownFeeRule;
    fn try_from(text: String) -> Result<FeeRule, UnknownFeeRule> {
        FeeRule::parse(&text)
    }
}

/// The running sums of [`FeeRule::PerProject`]: the fee is rounded once over a
/// project rather than once per payment, so after every payment the fees charged on
/// a project equal `rate` × everything paid to its workers (rewards, top-ups,
/// bonuses), rounded half up to a minor unit. A 10 % fee on ten 0.05 rewards is
/// 0.05 in all, not 0.10. Under [`FeeRule::PerAnswer`] the sums are kept too but
/// do not change what a payment is charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FeeTally {
    /// Paid to workers on the project so far (rewards, top-ups, bonuses).
    pub paid: i64,
    /// Fees charged on those payments so far.
    pub charged: i64,
}

impl FeeTally {
    /// The fee due on everything paid so far, rounded half up once.
    pub fn due(&self, rate: BasisPoints) -> i64 {
        rate.of(self.paid)
    }
    /// The per-project fee on a new payment of `amount`: the fee due on the new
    /// total minus the fees already charged, kept between zero and the slot fee of
    /// `amount` (so the escrow held per answer always covers it, and fees charged
    /// under an older rule never make a payment cost more than that).
    pub fn fee_on(&self, amount: i64, rate: BasisPoints) -> i64 {
        let after = FeeTally {
            paid: self.paid.saturating_add(amount),
            ..*self
        };
        (after.due(rate) - self.charged).clamp(0, FeeRule::PerProject.slot_fee(amount.max(0), rate))
    }
    /// Record a payment of `amount` under the per-project rule; returns the fee charged on it.
    pub fn charge(&mut self, amount: i64, rate: BasisPoints) -> i64 {
        FeeRule::PerProject.charge(self, amount, rate)
    }
}

/// A project's escrow position. The escrow account must always hold exactly
/// [`EscrowState::commitment`]: every funded slot not yet settled (paid, or its
/// rejection final, or released) at the current reward plus fee, and the reserve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EscrowState {
    /// Assignment slots paid for so far (publish, new items, on-demand), minus those released.
    pub funded_slots: i64,
    /// Slots settled: answers paid, rejections final.
    pub settled_slots: i64,
    /// Money for top-ups (and for answers beyond the overlap), drawn before the organisation's.
    pub reserve: i64,
    /// The current reward per answer.
    pub reward: i64,
    pub fee: BasisPoints,
    /// How the fee is rounded, and so what each slot holds for it.
    pub rule: FeeRule,
}

/// What funding a project takes from its organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Funding {
    pub slots: i64,
    pub reserve: i64,
}

/// What funding costs, part by part (minor units): what a refusal for lack of
/// funds shows the requester.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FundingQuote {
    /// Answers funded.
    pub answers: i64,
    /// Their rewards.
    pub rewards: i64,
    /// Their fees as escrow holds them by the project's [`FeeRule`] (per project: each
    /// rounded up, and what the rule does not charge comes back as answers are paid).
    pub fees: i64,
    /// The top-up reserve.
    pub reserve: i64,
    pub total: i64,
}

impl EscrowState {
    /// One answer's cost held in escrow: reward plus its fee as the rule holds it.
    /// Paying the answer charges the fee [`EscrowState::charge`] gives, and sends what
    /// the slot held beyond it back to the organisation.
    pub fn slot_cost(&self) -> i64 {
        self.reward.saturating_add(self.slot_fee())
    }
    /// The fee held for one answer at the current reward.
    pub fn slot_fee(&self) -> i64 {
        self.rule.slot_fee(self.reward, self.fee)
    }
    /// The fee on a payment of `amount` by the project's rule, `tally` its payments so far.
    pub fn fee_on(&self, tally: &FeeTally, amount: i64) -> i64 {
        self.rule.fee_on(tally, amount, self.fee)
    }
    /// Record a payment of `amount` in `tally` by the project's rule; returns its fee.
    pub fn charge(&self, tally: &mut FeeTally, amount: i64) -> i64 {
        self.rule.charge(tally, amount, self.fee)
    }
    pub fn unsettled_slots(&self) -> i64 {
        self.funded_slots - self.settled_slots
    }
    /// What the escrow account must hold.
    pub fn commitment(&self) -> i64 {
        self.unsettled_slots()
            .saturating_mul(self.slot_cost())
            .saturating_add(self.reserve)
    }
    /// Funding needed so that `needed_slots` (open slots plus unsettled answers) are
    /// covered, with `reserve_rate` of the new rewards added to the reserve.
    pub fn funding_for(&self, needed_slots: i64, reserve_rate: BasisPoints) -> Funding {
        let slots = (needed_slots - self.unsettled_slots()).max(0);
        Funding {
            slots,
            reserve: reserve_rate.of_ceil(slots.saturating_mul(self.reward)),
        }
    }
    /// The amount `funding` costs.
    pub fn cost_of(&self, funding: Funding) -> i64 {
        self.quote(funding).total
    }
    /// What `funding` costs, part by part.
    pub fn quote(&self, funding: Funding) -> FundingQuote {
        let rewards = funding.slots.saturating_mul(self.reward);
        let fees = funding.slots.saturating_mul(self.slot_fee());
        FundingQuote {
            answers: funding.slots,
            rewards,
            fees,
            reserve: funding.reserve,
            total: rewards.saturating_add(fees).saturating_add(funding.reserve),
        }
    }
    pub fn with_funding(mut self, funding: Funding) -> EscrowState {
        self.funded_slots += funding.slots;
        self.reserve += funding.reserve;
        self
    }
    /// Keep only `keep_slots` unsettled slots and no reserve; returns the state and the amount released.
    pub fn release_to(mut self, keep_slots: i64) -> (EscrowState, i64) {
        let before = self.commitment();
        let keep = keep_slots.clamp(0, self.unsettled_slots().max(0));
        self.funded_slots = self.settled_slots + keep;
        self.reserve = 0;
        let released = before - self.commitment();
        (self, released)
    }
    /// The extra escrow a raise of the reward to `new_reward` needs for the unsettled slots.
    pub fn raise_cost(&self, new_reward: i64) -> i64 {
        let raised = EscrowState {
            reward: new_reward,
            ..*self
        };
        raised.commitment() - self.commitment()
    }
}

/// An in-memory ledger with the same rules as the database one: for tests and
/// for reasoning. Balances by account id, and the keys already applied.
#[derive(Debug, Clone, Default)]
pub struct Book {
    pub balances: BTreeMap<String, (AccountKind, i64)>,
    pub applied: HashSet<String>,
    pub transfers: Vec<Transfer>,
}

impl Book {
    /// Apply a transfer; Ok(false) when its key was already applied (nothing changes).
    pub fn apply(&mut self, t: &Transfer) -> Result<bool, LedgerError> {
        if self.applied.contains(&t.key) {
            return Ok(false);
        }
        let legs = t.normalized()?;
        for (account, amount) in &legs {
            let balance = self.balance(&account.id());
            let after = balance.checked_add(*amount).ok_or(LedgerError::Overflow)?;
            if after < 0 && !account.kind.may_go_negative() {
                return Err(LedgerError::Insufficient {
                    account: account.id(),
                    balance,
                    missing: -after,
                });
            }
        }
        for (account, amount) in legs {
            let slot = self
                .balances
                .entry(account.id())
                .or_insert((account.kind, 0));
            slot.1 += amount;
        }
        self.applied.insert(t.key.clone());
        self.transfers.push(t.clone());
        Ok(true)
    }
    pub fn balance(&self, id: &str) -> i64 {
        self.balances.get(id).map(|(_, b)| *b).unwrap_or(0)
    }
    /// Every broken rule: sum not zero, a user account below zero.
    pub fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        let sum: i128 = self.balances.values().map(|(_, b)| i128::from(*b)).sum();
        if sum != 0 {
            p.push(format!("balances sum to {sum}, not zero"));
        }
        for (id, (kind, b)) in &self.balances {
            if *b < 0 && !kind.may_go_negative() {
                p.push(format!("{id} is negative: {b}"));
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fees_round_half_up_and_reserves_round_up() {
        let ten = BasisPoints(1000);
        assert_eq!(ten.of(10), 1);
        assert_eq!(ten.of(15), 2);
        assert_eq!(ten.of(14), 1);
        assert_eq!(BasisPoints(2500).of_ceil(1), 1);
        assert_eq!(BasisPoints(2500).of_ceil(8), 2);
    }

    /// The fees charged on each of `n` payments of `amount`, one after another.
    fn fees_over(n: usize, amount: i64, rate: BasisPoints) -> Vec<i64> {
        let mut tally = FeeTally::default();
        (0..n).map(|_| tally.charge(amount, rate)).collect()
    }

    #[test]
    fn the_fee_is_rounded_once_over_a_project_not_once_per_payment() {
        let ten = BasisPoints(1000);
        assert_eq!(fees_over(10, 5, ten), vec![1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
        assert_eq!(fees_over(10, 4, ten), vec![0, 1, 0, 1, 0, 0, 1, 0, 1, 0]);
        assert_eq!(fees_over(3, 15, ten), vec![2, 1, 2]);
        assert_eq!(fees_over(4, 1, ten), vec![0, 0, 0, 0]);
        assert_eq!(fees_over(1, 0, ten), vec![0]);
    }

    #[test]
    fn the_escrow_holds_each_answers_fee_rounded_up() {
        let ten = BasisPoints(1000);
        let slot_fee = |reward| FeeRule::PerProject.slot_fee(reward, ten);
        assert_eq!(slot_fee(5), 1);
        assert_eq!(slot_fee(4), 1);
        assert_eq!(slot_fee(15), 2);
        assert_eq!(slot_fee(10), 1);
        assert_eq!(slot_fee(0), 0);
        let s = EscrowState {
            reward: 4,
            fee: ten,
            ..Default::default()
        };
        assert_eq!(s.slot_cost(), 5);
    }

    /// The fees charged on each of `n` payments of `amount` under `rule`.
    fn fees_by_rule(rule: FeeRule, n: usize, amount: i64, rate: BasisPoints) -> Vec<i64> {
        let mut tally = FeeTally::default();
        (0..n)
            .map(|_| rule.charge(&mut tally, amount, rate))
            .collect()
    }

    #[test]
    fn the_per_answer_rule_rounds_each_payment_half_up_and_holds_exactly_that() {
        let ten = BasisPoints(1000);
        let rule = FeeRule::PerAnswer;
        assert_eq!(fees_by_rule(rule, 4, 4, ten), vec![0, 0, 0, 0]);
        assert_eq!(fees_by_rule(rule, 3, 5, ten), vec![1, 1, 1]);
        assert_eq!(fees_by_rule(rule, 3, 14, ten), vec![1, 1, 1]);
        assert_eq!(fees_by_rule(rule, 2, 15, ten), vec![2, 2]);
        assert_eq!(rule.slot_fee(4, ten), 0);
        assert_eq!(rule.slot_fee(14, ten), 1);
        assert_eq!(rule.slot_fee(15, ten), 2);
        let s = EscrowState {
            reward: 14,
            fee: ten,
            rule,
            ..Default::default()
        };
        assert_eq!(s.slot_cost(), 15);
        // Fees already charged on the project change nothing under this rule.
        let tally = FeeTally {
            paid: 80,
            charged: 0,
        };
        assert_eq!(s.fee_on(&tally, 14), 1);
        assert_eq!(s.fee_on(&tally, 4), 0);
    }

    #[test]
    fn the_per_project_rule_is_the_fee_tally_and_the_default() {
        let ten = BasisPoints(1000);
        assert_eq!(FeeRule::default(), FeeRule::PerProject);
        assert_eq!(
            fees_by_rule(FeeRule::PerProject, 10, 4, ten),
            fees_over(10, 4, ten)
        );
        assert_eq!(fees_by_rule(FeeRule::PerProject, 3, 14, ten), vec![1, 2, 1]);
        assert_eq!(
            EscrowState {
                reward: 14,
                fee: ten,
                ..Default::default()
            }
            .slot_cost(),
            16
        );
    }

    #[test]
    fn fee_rules_are_stored_by_name_and_an_unknown_name_is_an_error() {
        for rule in FeeRule::ALL {
            assert_eq!(FeeRule::parse(rule.as_str()), Ok(rule));
        }
        assert_eq!(FeeRule::parse("per_answer"), Ok(FeeRule::PerAnswer));
        assert_eq!(FeeRule::parse("per_project"), Ok(FeeRule::PerProject));
        assert_eq!(
            FeeRule::try_from("per_item".to_string()),
            Err(UnknownFeeRule("per_item".into()))
        );
        assert_eq!(FeeRule::parse(""), Err(UnknownFeeRule(String::new())));
    }

    #[test]
    fn fees_charged_under_an_older_rule_are_caught_up_without_a_payment_costing_more() {
        let ten = BasisPoints(1000);
        // Charged 1 on each of two 0.05 answers (the old per-answer rounding): 2 for 10 paid.
        let over = FeeTally {
            paid: 10,
            charged: 2,
        };
        assert_eq!(over.fee_on(5, ten), 0);
        // Charged nothing on twenty 0.04 answers: the next fee is at most the slot's 1.
        let under = FeeTally {
            paid: 80,
            charged: 0,
        };
        assert_eq!(under.fee_on(4, ten), 1);
    }

    #[test]
    fn percentages_parse_exactly() {
        assert_eq!(BasisPoints::parse_percent("10"), Ok(BasisPoints(1000)));
        assert_eq!(BasisPoints::parse_percent("12.5%"), Ok(BasisPoints(1250)));
        assert!(BasisPoints::parse_percent("0.001").is_err());
        assert!(BasisPoints::parse_percent("-1").is_err());
        assert!(BasisPoints::parse_percent("ten").is_err());
        assert_eq!(BasisPoints(1250).as_percent(), "12.5");
        assert_eq!(BasisPoints(1000).as_percent(), "10");
    }

    #[test]
    fn an_unbalanced_transfer_is_refused_and_a_repeated_key_changes_nothing() {
        let mut book = Book::default();
        let org = Account::org_available(&"o".into());
        let bad = Transfer {
            key: "x".into(),
            reason: Reason::Deposit,
            legs: vec![(org.clone(), 5)],
            memo: String::new(),
        };
        assert!(book.apply(&bad).is_err());
        let deposit = Transfer::new("d1", Reason::Deposit, "").movement(
            &Account::external_deposits(),
            &org,
            500,
        );
        assert_eq!(book.apply(&deposit), Ok(true));
        assert_eq!(book.apply(&deposit), Ok(false));
        assert_eq!(book.balance(&org.id()), 500);
        let overdraw = Transfer::new("e1", Reason::Escrow, "").movement(
            &org,
            &Account::escrow(&"p".into(), &"o".into()),
            600,
        );
        assert_eq!(
            book.apply(&overdraw),
            Err(LedgerError::Insufficient {
                account: org.id(),
                balance: 500,
                missing: 100
            })
        );
        assert!(book.problems().is_empty());
    }

    #[test]
    fn escrow_funding_covers_missing_slots_with_a_reserve() {
        let s = EscrowState {
            reward: 10,
            fee: BasisPoints(1000),
            ..Default::default()
        };
        let f = s.funding_for(30, BasisPoints(2500));
        assert_eq!(
            f,
            Funding {
                slots: 30,
                reserve: 75
            }
        );
        assert_eq!(s.cost_of(f), 30 * 11 + 75);
        let funded = s.with_funding(f);
        assert_eq!(funded.commitment(), 405);
        assert_eq!(
            funded.funding_for(30, BasisPoints(2500)),
            Funding::default()
        );
        let (after, released) = funded.release_to(2);
        assert_eq!(released, 405 - 22);
        assert_eq!(after.commitment(), 22);
    }
}
