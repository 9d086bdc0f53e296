//! Fair allocation: who may take an open item when several workers want work
//! (issue 16). Without it the fastest poller wins every item the moment it appears,
//! which rewards being online all day and refreshing the page.
//!
//! The rule, applied to a worker asking for an item of one project:
//! - **Waiting workers.** A worker *waits* for a project from the moment a claim of
//!   theirs (in that project, or in any project) found nothing or was told to wait,
//!   for [`Policy::ask_window`] after their last ask, until they are served. Only
//!   workers eligible for the project and with an item of it left to answer count.
//! - **Least recently served first.** Waiting workers are ranked by when they were last
//!   given an item anywhere (never first), then by when they first asked, then by id.
//!   A worker may take an item only when fewer of the waiting workers rank before them
//!   than the project has open slots: the first `slots` in the order are served and
//!   the others told to wait (their asks keep their place).
//! - **Share cap while others wait.** A worker who took at least
//!   [`Policy::share_cap_percent`] of the project's leases of the last
//!   [`Policy::share_window`] (once it had [`Policy::share_min_leases`]) may take no
//!   more of them while another eligible worker waits for it. With nobody waiting,
//!   nothing is held back.
//!
//! The store gathers the figures (the claim, `handprint_store::allocation`) and calls
//! [`decide`]; the simulation (`handprint bench allocation`) calls the same function.

use crate::clock::{MICROS_PER_SECOND, Timestamp};

/// The allocation's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// How long an ask keeps a worker in the queue, in microseconds.
    pub ask_window: i64,
    /// The period over which shares of a project's leases are counted, in microseconds.
    pub share_window: i64,
    /// The share of a project's leases (percent) past which a worker waits for others.
    pub share_cap_percent: i64,
    /// The leases a project must have had in the share window before shares count
    /// (a share of very few leases says nothing about hogging).
    pub share_min_leases: i64,
}

impl Policy {
    /// Two minutes in the queue per ask; at most a quarter of a project's leases of
    /// the last hour to one worker while others wait, once it had eight.
    pub const DEFAULT: Policy = Policy {
        ask_window: 120 * MICROS_PER_SECOND,
        share_window: 3_600 * MICROS_PER_SECOND,
        share_cap_percent: 25,
        share_min_leases: 8,
    };
}

impl Default for Policy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A worker's place in the order: compared as a tuple (never served first, then the
/// earliest served, then the earliest ask, then the id).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    /// When they were last given an item (None: never).
    pub served_at: Option<Timestamp>,
    /// When their current ask began (the asker's own: now).
    pub asked_at: Timestamp,
    /// The worker's id, the last tie-break.
    pub worker: String,
}

/// A worker's leases of the project within the share window, and everyone's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Share {
    pub mine: i64,
    pub total: i64,
}

impl Share {
    /// Whether this share reached the cap (never below the project's minimum of leases).
    pub fn capped(self, policy: &Policy) -> bool {
        self.total >= policy.share_min_leases
            && self.mine * 100 >= policy.share_cap_percent * self.total
    }

    /// How many of the project's leases need counting, at most, for a worker with
    /// `mine` of them: [`Share::capped`] answers the same for every `total` at or past
    /// this bound (past `mine` × 100 / cap the share is under the cap, and the bound is
    /// past the minimum too), so the store counts up to it and no further. A large
    /// project's last items are claimed while many workers wait, each claim asking for
    /// the share: counting all of an hour's leases there cost tens of milliseconds a
    /// claim, inside SQLite's one writer.
    pub fn total_that_decides(mine: i64, policy: &Policy) -> i64 {
        let cap = policy.share_cap_percent.max(1);
        policy
            .share_min_leases
            .max(mine.saturating_mul(100) / cap)
            .saturating_add(1)
    }
}

/// What the asking worker is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// They may take an item now.
    Take,
    /// Others ranked before them take the open slots first.
    WaitBehind { ahead: usize },
    /// They took their share of the project's recent leases while others wait.
    WaitShare,
}

/// The rule: `me` asks with `others` (the other waiting, eligible workers) in the queue,
/// `slots` open slots in the project, and `share` their recent share of its leases.
pub fn decide(me: &Place, others: &[Place], slots: i64, share: Share, policy: &Policy) -> Turn {
    if others.is_empty() {
        return Turn::Take;
    }
    let ahead = others.iter().filter(|o| *o < me).count();
    if i64::try_from(ahead).unwrap_or(i64::MAX) >= slots {
        return Turn::WaitBehind { ahead };
    }
    if share.capped(policy) {
        return Turn::WaitShare;
    }
    Turn::Take
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_total_counted_up_to_the_bound_decides_as_the_whole_total_would() {
        let policies = [
            Policy::DEFAULT,
            Policy {
                share_cap_percent: 0,
                ..Policy::DEFAULT
            },
            Policy {
                share_cap_percent: 100,
                share_min_leases: 0,
                ..Policy::DEFAULT
            },
            Policy {
                share_cap_percent: 33,
                share_min_leases: 50,
                ..Policy::DEFAULT
            },
        ];
        for policy in &policies {
            for mine in 0..60 {
                let bound = Share::total_that_decides(mine, policy);
                for total in mine..400 {
                    let whole = Share { mine, total }.capped(policy);
                    let counted = Share {
                        mine,
                        total: total.min(bound),
                    }
                    .capped(policy);
                    assert_eq!(counted, whole, "{policy:?}, mine {mine}, total {total}");
                }
            }
        }
        // The default policy: a worker with 601 of the leases needs 2,405 counted.
        assert_eq!(Share::total_that_decides(601, &Policy::DEFAULT), 2_405);
        assert_eq!(Share::total_that_decides(0, &Policy::DEFAULT), 9);
    }

    fn place(served_at: Option<Timestamp>, asked_at: Timestamp, worker: &str) -> Place {
        Place {
            served_at,
            asked_at,
            worker: worker.into(),
        }
    }

    const P: Policy = Policy::DEFAULT;

    #[test]
    fn a_worker_alone_in_the_queue_takes_the_item() {
        let me = place(Some(10), 20, "a");
        let share = Share { mine: 9, total: 10 };
        assert_eq!(decide(&me, &[], 1, share, &P), Turn::Take);
    }

    #[test]
    fn the_worker_never_served_goes_before_the_one_served_recently() {
        let fast = place(Some(100), 200, "fast");
        let new = place(None, 150, "new");
        assert_eq!(
            decide(&fast, std::slice::from_ref(&new), 1, Share::default(), &P),
            Turn::WaitBehind { ahead: 1 }
        );
        assert_eq!(
            decide(&new, std::slice::from_ref(&fast), 1, Share::default(), &P),
            Turn::Take
        );
    }

    #[test]
    fn the_least_recently_served_go_first_and_as_many_as_there_are_slots() {
        let others = [
            place(Some(50), 10, "b"),
            place(Some(70), 10, "c"),
            place(Some(90), 10, "d"),
        ];
        let me = place(Some(80), 10, "a");
        // b and c were served before a: with two slots a waits, with three a takes one.
        assert_eq!(
            decide(&me, &others, 2, Share::default(), &P),
            Turn::WaitBehind { ahead: 2 }
        );
        assert_eq!(decide(&me, &others, 3, Share::default(), &P), Turn::Take);
    }

    #[test]
    fn among_equals_the_first_to_ask_goes_first_then_the_smaller_id() {
        let early = place(None, 10, "z");
        let late = place(None, 20, "a");
        assert!(early < late);
        assert!(place(None, 10, "a") < place(None, 10, "b"));
    }

    #[test]
    fn the_share_cap_holds_back_a_worker_only_while_others_wait() {
        let me = place(None, 10, "a");
        let behind = [place(Some(5), 10, "b")];
        let quarter = Share { mine: 2, total: 8 };
        let under = Share { mine: 2, total: 9 };
        assert_eq!(decide(&me, &behind, 5, quarter, &P), Turn::WaitShare);
        assert_eq!(decide(&me, &behind, 5, under, &P), Turn::Take);
        assert_eq!(decide(&me, &[], 5, quarter, &P), Turn::Take);
        // Below the project's minimum of leases, shares do not count.
        assert!(!Share { mine: 7, total: 7 }.capped(&P));
        assert!(Share { mine: 8, total: 8 }.capped(&P));
    }
}
