//! The "by whom, in aggregate" figures of a handprint, from per-worker sums: never a
//! worker id or pseudonym, countries with small groups merged, pay per hour as a
//! distribution over workers. Pure: the store reads the sums, this computes.
//!
//! Definitions (../shared/research/fairwork.md, section 0): a worker's *effective
//! hourly pay* is what they were paid for the project's answers (rewards, pay-floor
//! top-ups and bonuses; fees are borne by the requester) per hour of measured working
//! time of their paid answers (D1); the *including unpaid time* variant adds the time
//! the platform measured on their returned and expired leases and on answers whose
//! rejection became final (D2, the part Handprint measures).

use crate::Money;
use std::collections::BTreeMap;

/// Groups of fewer workers than this are merged into "other" (configurable by the caller).
pub const DEFAULT_K: i64 = 5;

const MICROS_PER_HOUR: i128 = 3_600_000_000;

/// One worker's sums over one project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerSums {
    /// ISO 3166-1 alpha-2, as the worker declared it ("" when unknown).
    pub country: String,
    /// Answers they submitted.
    pub answers: i64,
    /// Measured working time of all their submitted answers, microseconds.
    pub submitted_micros: i64,
    /// Time they held leases they gave back or let expire, microseconds.
    pub abandoned_micros: i64,
    /// Measured working time of their paid answers, microseconds.
    pub paid_micros: i64,
    /// Paid to them for those answers: rewards, top-ups and bonuses, minor units.
    pub paid: i64,
    /// Measured time that earned nothing: returned and expired leases, answers whose
    /// rejection is final.
    pub unpaid_micros: i64,
}

/// A distribution of hourly pay over workers, minor units per hour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayDistribution {
    /// Workers it is over (those with measured paid time).
    pub workers: i64,
    pub p10: i64,
    pub median: i64,
    pub p90: i64,
    /// Of those workers, how many earned at least the pay floor per hour.
    pub at_or_above_floor: i64,
}

/// The aggregate figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByWhom {
    pub workers: i64,
    /// Measured time on the items: submitted answers and abandoned leases.
    pub measured_micros: i64,
    /// Workers per country, largest first (ties by code); groups under k merged into
    /// "other" (last), which is left out when empty.
    pub countries: Vec<(String, i64)>,
    pub paid_micros: i64,
    pub unpaid_micros: i64,
    pub hourly: Option<PayDistribution>,
    pub hourly_including_unpaid: Option<PayDistribution>,
}

/// The figures of `workers` (one entry per worker) with groups under `k` merged and
/// `floor` the pay floor per hour.
pub fn by_whom(workers: &[WorkerSums], k: i64, floor: Money) -> ByWhom {
    let mut by_country: BTreeMap<&str, i64> = BTreeMap::new();
    for w in workers {
        let code = if w.country.is_empty() {
            "unknown"
        } else {
            &w.country
        };
        *by_country.entry(code).or_default() += 1;
    }
    ByWhom {
        workers: workers.len() as i64,
        measured_micros: workers
            .iter()
            .map(|w| w.submitted_micros + w.abandoned_micros)
            .sum(),
        countries: merge_small(by_country, k),
        paid_micros: workers.iter().map(|w| w.paid_micros).sum(),
        unpaid_micros: workers.iter().map(|w| w.unpaid_micros).sum(),
        hourly: distribution(workers, floor, |w| w.paid_micros),
        hourly_including_unpaid: distribution(workers, floor, |w| w.paid_micros + w.unpaid_micros),
    }
}

/// Groups of at least `k`, largest first, then "other" with the rest (when any).
pub fn merge_small(counts: BTreeMap<&str, i64>, k: i64) -> Vec<(String, i64)> {
    let mut kept: Vec<(String, i64)> = Vec::new();
    let mut other = 0;
    for (code, n) in counts {
        if n >= k {
            kept.push((code.to_string(), n));
        } else {
            other += n;
        }
    }
    kept.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if other > 0 {
        kept.push(("other".to_string(), other));
    }
    kept
}

fn distribution(
    workers: &[WorkerSums],
    floor: Money,
    micros: impl Fn(&WorkerSums) -> i64,
) -> Option<PayDistribution> {
    let mut rates: Vec<i64> = workers
        .iter()
        .filter(|w| micros(w) > 0)
        .filter_map(|w| {
            i64::try_from(i128::from(w.paid) * MICROS_PER_HOUR / i128::from(micros(w))).ok()
        })
        .collect();
    if rates.is_empty() {
        return None;
    }
    rates.sort_unstable();
    Some(PayDistribution {
        workers: rates.len() as i64,
        p10: nearest_rank(&rates, 10),
        median: nearest_rank(&rates, 50),
        p90: nearest_rank(&rates, 90),
        at_or_above_floor: rates.iter().filter(|&&r| r >= floor.minor()).count() as i64,
    })
}

/// The `p`-th percentile of sorted, non-empty `values` by the nearest-rank method:
/// the value at rank ⌈p/100 × n⌉ (1-based), so always one of the values.
pub fn nearest_rank(values: &[i64], p: usize) -> i64 {
    let n = values.len();
    let rank = (p * n).div_ceil(100).clamp(1, n);
    values[rank - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn worker(country: &str, paid_micros: i64, paid: i64, unpaid_micros: i64) -> WorkerSums {
        WorkerSums {
            country: country.into(),
            answers: 1,
            submitted_micros: paid_micros,
            abandoned_micros: unpaid_micros,
            paid_micros,
            paid,
            unpaid_micros,
        }
    }

    #[test]
    fn small_country_groups_merge_into_other() {
        let counts = BTreeMap::from([("FR", 6), ("KE", 2), ("IN", 9), ("PH", 1), ("BR", 6)]);
        assert_eq!(
            merge_small(counts, 5),
            vec![
                ("IN".to_string(), 9),
                ("BR".to_string(), 6),
                ("FR".to_string(), 6),
                ("other".to_string(), 3)
            ]
        );
        assert_eq!(
            merge_small(BTreeMap::from([("FR", 2)]), 5),
            vec![("other".to_string(), 2)]
        );
        assert_eq!(merge_small(BTreeMap::new(), 5), Vec::new());
    }

    #[test]
    fn nearest_rank_percentiles() {
        let v = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
        assert_eq!(nearest_rank(&v, 10), 10);
        assert_eq!(nearest_rank(&v, 50), 50);
        assert_eq!(nearest_rank(&v, 90), 90);
        assert_eq!(nearest_rank(&[7], 10), 7);
        assert_eq!(nearest_rank(&[1, 2, 3], 50), 2);
    }

    #[test]
    fn hourly_pay_is_per_worker_and_unpaid_time_lowers_it() {
        // 1.00 for 5 minutes = 12.00/h; 1.00 for 10 min = 6.00/h; 3.00 for 10 min = 18.00/h.
        let min = 60_000_000;
        let ws = [
            worker("FR", 5 * min, 100, 5 * min),
            worker("FR", 10 * min, 100, 0),
            worker("", 10 * min, 300, 0),
            worker("KE", 0, 0, 3 * min),
        ];
        let f = by_whom(&ws, 2, Money(1200));
        assert_eq!(f.workers, 4);
        assert_eq!(
            f.countries,
            vec![("FR".to_string(), 2), ("other".to_string(), 2)]
        );
        assert_eq!(f.paid_micros, 25 * min);
        assert_eq!(f.measured_micros, 33 * min);
        assert_eq!(f.unpaid_micros, 8 * min);
        assert_eq!(
            f.hourly,
            Some(PayDistribution {
                workers: 3,
                p10: 600,
                median: 1200,
                p90: 1800,
                at_or_above_floor: 2
            })
        );
        // The first worker's 1.00 over 10 minutes in all: 6.00/h. The fourth, with
        // nothing paid for 3 minutes: 0.00/h.
        assert_eq!(
            f.hourly_including_unpaid,
            Some(PayDistribution {
                workers: 4,
                p10: 0,
                median: 600,
                p90: 1800,
                at_or_above_floor: 1
            })
        );
    }

    #[test]
    fn no_measured_time_gives_no_distribution() {
        let f = by_whom(&[], DEFAULT_K, Money(1200));
        assert_eq!(f.workers, 0);
        assert_eq!(f.hourly, None);
        assert!(f.countries.is_empty());
    }
}
