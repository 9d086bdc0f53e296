//! Pay per hour including unpaid time, as the ILO measures it (issue 16): the hours a
//! worker gives the platform are not only the time between taking a task and
//! submitting it, but also leases given back or left to expire, test items, and the
//! searching between tasks.
//!
//! Definitions (times in microseconds):
//! - **Task time**: from lease to submission, for every submitted answer.
//! - **Unpaid lease time**: from lease to its end, for leases given back (returned) or
//!   expired.
//! - **Test time**: from lease to answer, for every qualification test item.
//! - **Searching time**: the worker's *active session* is a run of these intervals in
//!   which each begins at most [`SESSION_GAP`] after the previous ones ended; the gaps
//!   inside a session are searching. Time before a session's first interval and after
//!   its last is not counted: nothing tells it from being away.
//! - **Pay per hour of task time** = pay ÷ task time; **pay per hour including unpaid
//!   time** = pay ÷ (task + unpaid lease + test + searching time).

use crate::clock::{MICROS_PER_SECOND, Timestamp};

/// The longest gap between two pieces of work that still counts as searching.
pub const SESSION_GAP: i64 = 10 * 60 * MICROS_PER_SECOND;

const MICROS_PER_HOUR: i128 = 3_600 * MICROS_PER_SECOND as i128;

/// What an interval of work was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A task answered and submitted.
    Task,
    /// A task lease given back or expired.
    Unanswered,
    /// A qualification test item.
    Test,
}

/// One interval: its kind, start and end, and whether it is counted (a requester's
/// figure counts its own projects' intervals and the searching that led to them; a
/// worker's counts everything).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub kind: Kind,
    pub start: Timestamp,
    pub end: Timestamp,
    pub counted: bool,
}

/// A worker's time, split as the ILO counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WorkTime {
    pub task: i64,
    pub unanswered: i64,
    pub test: i64,
    pub searching: i64,
}

impl WorkTime {
    /// Everything but task time.
    pub fn unpaid(&self) -> i64 {
        self.unanswered + self.test + self.searching
    }

    /// All the time counted.
    pub fn total(&self) -> i64 {
        self.task + self.unpaid()
    }
}

/// Split one worker's intervals (in any order) into the four kinds of time, for the
/// counted ones: their lengths, and the searching gap that ends at each.
pub fn measure(intervals: &[Interval]) -> WorkTime {
    let mut sorted: Vec<Interval> = intervals
        .iter()
        .copied()
        .filter(|i| i.end >= i.start)
        .collect();
    sorted.sort_by_key(|i| (i.start, i.end));
    let mut time = WorkTime::default();
    let mut reached: Option<Timestamp> = None;
    for i in &sorted {
        let length = i.end - i.start;
        match i.kind {
            _ if !i.counted => {}
            Kind::Task => time.task += length,
            Kind::Unanswered => time.unanswered += length,
            Kind::Test => time.test += length,
        }
        if let Some(until) = reached {
            let gap = i.start - until;
            if i.counted && gap > 0 && gap <= SESSION_GAP {
                time.searching += gap;
            }
        }
        reached = Some(reached.map_or(i.end, |r| r.max(i.end)));
    }
    time
}

/// `pay` (minor units) per hour of `micros`, rounded down; None without time.
pub fn per_hour(pay: i64, micros: i64) -> Option<i64> {
    if micros <= 0 {
        return None;
    }
    i64::try_from(i128::from(pay) * MICROS_PER_HOUR / i128::from(micros)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = MICROS_PER_SECOND;

    fn at(kind: Kind, start_s: i64, end_s: i64) -> Interval {
        Interval {
            kind,
            start: start_s * S,
            end: end_s * S,
            counted: true,
        }
    }

    #[test]
    fn gaps_inside_a_session_are_searching_and_longer_ones_are_away() {
        let time = measure(&[
            at(Kind::Task, 0, 60),
            at(Kind::Unanswered, 120, 420),
            at(Kind::Test, 480, 510),
            at(Kind::Task, 600, 660),
            // 20 minutes later: a new session, the gap is not counted.
            at(Kind::Task, 1_860, 1_920),
        ]);
        assert_eq!(
            time,
            WorkTime {
                task: 180 * S,
                unanswered: 300 * S,
                test: 30 * S,
                searching: (60 + 60 + 90) * S,
            }
        );
        assert_eq!(time.total(), 720 * S);
    }

    #[test]
    fn a_requester_counts_its_own_intervals_and_the_searching_before_them() {
        let other = Interval {
            counted: false,
            ..at(Kind::Task, 0, 60)
        };
        let time = measure(&[other, at(Kind::Task, 100, 160)]);
        assert_eq!(time.task, 60 * S);
        assert_eq!(time.searching, 40 * S);
    }

    #[test]
    fn overlapping_intervals_leave_no_negative_gap() {
        let time = measure(&[at(Kind::Task, 100, 200), at(Kind::Unanswered, 0, 300)]);
        assert_eq!(time.searching, 0);
        assert_eq!(time.task + time.unanswered, 400 * S);
    }

    #[test]
    fn pay_per_hour_rounds_down_and_needs_time() {
        assert_eq!(per_hour(100, 720 * S), Some(500));
        assert_eq!(per_hour(10, 7 * S), Some(5_142));
        assert_eq!(per_hour(10, 0), None);
    }
}
