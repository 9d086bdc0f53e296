//! The pay floor on measured time. A project's effective hourly pay is its reward
//! over the median working time the server measured on approved answers; under the
//! floor, every paid answer is topped up to what the floor would have paid for the
//! median time, and the reward of the remaining work is raised to match.

use crate::clock::MICROS_PER_SECOND;

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
    pub assignment_id: String,
    pub worker_id: String,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(id: &str, paid: i64, seconds: i64) -> PaidAnswer {
        PaidAnswer {
            assignment_id: id.into(),
            worker_id: format!("w-{id}"),
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
}
