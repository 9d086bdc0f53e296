//! `handprint bench allocation`: who gets the work when there is less of it than
//! people who want it (issue 16). A simulated day: a few workers online all day who
//! poll every few seconds, many online for a short window who poll less often; work
//! arrives in batches. Three allocators side by side: first come first served (the
//! fastest poller wins), a uniform lottery among the workers who asked within the ask
//! window, and the server's fair rule, `handprint_core::allocation::decide` (least
//! recently served first, with the share cap). Reported: the Gini coefficient of
//! earnings per hour online, and the share of the work done by the top 10% of workers.

use handprint_aggregate::simulate::SplitMix64;
use handprint_core::allocation::{Place, Policy, Share, Turn, decide};
use handprint_core::clock::MICROS_PER_SECOND;

#[derive(clap::Args, Debug, Clone)]
pub struct AllocationArgs {
    /// Seed of the simulated crowd and its timing
    #[arg(long, default_value_t = 16)]
    pub seed: u64,
    /// Workers in the crowd (a tenth of them online all day)
    #[arg(long, default_value_t = 100)]
    pub workers: usize,
    /// Length of the simulated day, in hours
    #[arg(long, default_value_t = 8)]
    pub hours: u64,
}

/// The allocators compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allocator {
    FirstCome,
    Random,
    Fair,
}

impl Allocator {
    pub const ALL: [Allocator; 3] = [Allocator::FirstCome, Allocator::Random, Allocator::Fair];

    pub fn name(self) -> &'static str {
        match self {
            Allocator::FirstCome => "first come, first served",
            Allocator::Random => "uniform random",
            Allocator::Fair => "fair (least recently served, share cap)",
        }
    }
}

/// What one allocator gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub allocator: Allocator,
    /// Gini coefficient of earnings per hour online, over every worker.
    pub gini: f64,
    /// Share of the items done by the tenth of the workers who did most.
    pub top_tenth_share: f64,
    /// Items done in the day.
    pub items: u64,
}

/// Seconds an item takes; items per batch and minutes between batches.
const ITEM_SECONDS: u64 = 60;
const BATCH_ITEMS: u64 = 10;
const BATCH_MINUTES: u64 = 20;

#[derive(Debug, Clone)]
struct Worker {
    online_from: u64,
    online_to: u64,
    poll_every: u64,
    poll_offset: u64,
    busy_until: u64,
    waiting_since: Option<u64>,
    asked_at: u64,
    served_at: Option<u64>,
    leases: Vec<u64>,
}

impl Worker {
    fn online(&self, t: u64) -> bool {
        (self.online_from..self.online_to).contains(&t)
    }

    fn waiting(&self, t: u64, window: u64) -> bool {
        self.waiting_since.is_some() && self.asked_at + window >= t && self.busy_until <= t
    }

    fn ask(&mut self, t: u64, window: u64) {
        if self.waiting_since.is_none() || self.asked_at + window < t {
            self.waiting_since = Some(t);
        }
        self.asked_at = t;
    }

    fn serve(&mut self, t: u64) {
        self.busy_until = t + ITEM_SECONDS;
        self.served_at = Some(t);
        self.waiting_since = None;
        self.leases.push(t);
    }

    fn place(&self, id: usize, now: u64) -> Place {
        let micros = |s: u64| i64::try_from(s).unwrap_or(i64::MAX) * MICROS_PER_SECOND;
        Place {
            served_at: self.served_at.map(micros),
            asked_at: micros(self.waiting_since.unwrap_or(now)),
            worker: format!("{id:06}"),
        }
    }
}

/// The crowd: a tenth online all day polling every 5 s; the others online for 30 to
/// 120 minutes somewhere in the day, polling every 60 s.
fn crowd(rng: &mut SplitMix64, workers: usize, day: u64) -> Vec<Worker> {
    let all_day = (workers / 10).max(1);
    (0..workers)
        .map(|i| {
            let (from, to, every) = if i < all_day {
                (0, day, 5)
            } else {
                let length = 1_800 + rng.below(5_401) as u64;
                let from = rng.below(day.saturating_sub(length).max(1) as usize) as u64;
                (from, (from + length).min(day), 60)
            };
            Worker {
                online_from: from,
                online_to: to,
                poll_every: every,
                poll_offset: rng.below(every as usize) as u64,
                busy_until: 0,
                waiting_since: None,
                asked_at: 0,
                served_at: None,
                leases: Vec::new(),
            }
        })
        .collect()
}

/// Run one allocator over the day.
pub fn simulate(args: &AllocationArgs, allocator: Allocator) -> Outcome {
    let policy = Policy::DEFAULT;
    let window = u64::try_from(policy.ask_window / MICROS_PER_SECOND).unwrap_or(u64::MAX);
    let share_window = u64::try_from(policy.share_window / MICROS_PER_SECOND).unwrap_or(0);
    let day = args.hours * 3_600;
    let mut rng = SplitMix64::new(args.seed);
    let mut workers = crowd(&mut rng, args.workers, day);
    // The same crowd for every allocator; their own draws come after.
    let mut rng = SplitMix64::new(args.seed ^ 0x5eed);
    let mut open = 0u64;
    let mut project_leases: Vec<u64> = Vec::new();
    for t in 0..day {
        if t.is_multiple_of(BATCH_MINUTES * 60) {
            open += BATCH_ITEMS;
        }
        let mut polling: Vec<usize> = (0..workers.len())
            .filter(|&i| {
                let w = &workers[i];
                w.online(t) && w.busy_until <= t && (t + w.poll_offset).is_multiple_of(w.poll_every)
            })
            .collect();
        shuffle(&mut rng, &mut polling);
        for i in polling {
            let take = open > 0
                && match allocator {
                    Allocator::FirstCome => true,
                    Allocator::Random => false,
                    Allocator::Fair => fair_turn(&workers, i, t, open, &project_leases, &policy),
                };
            if take {
                open -= 1;
                workers[i].serve(t);
                project_leases.push(t);
            } else {
                workers[i].ask(t, window);
            }
        }
        if allocator == Allocator::Random {
            while open > 0 {
                let pool: Vec<usize> = (0..workers.len())
                    .filter(|&i| workers[i].online(t) && workers[i].waiting(t, window))
                    .collect();
                if pool.is_empty() {
                    break;
                }
                let i = pool[rng.below(pool.len())];
                open -= 1;
                workers[i].serve(t);
            }
        }
        project_leases.retain(|&l| l + share_window > t);
    }
    outcome(allocator, &workers)
}

/// The server's rule for worker `i` at `t`.
fn fair_turn(
    workers: &[Worker],
    i: usize,
    t: u64,
    open: u64,
    project_leases: &[u64],
    policy: &Policy,
) -> bool {
    let window = u64::try_from(policy.ask_window / MICROS_PER_SECOND).unwrap_or(u64::MAX);
    let others: Vec<Place> = (0..workers.len())
        .filter(|&j| j != i && workers[j].online(t) && workers[j].waiting(t, window))
        .map(|j| workers[j].place(j, t))
        .collect();
    let share_window = u64::try_from(policy.share_window / MICROS_PER_SECOND).unwrap_or(0);
    let mine = workers[i]
        .leases
        .iter()
        .filter(|&&l| l + share_window > t)
        .count();
    let share = Share {
        mine: i64::try_from(mine).unwrap_or(i64::MAX),
        total: i64::try_from(project_leases.len()).unwrap_or(i64::MAX),
    };
    let slots = i64::try_from(open).unwrap_or(i64::MAX);
    decide(&workers[i].place(i, t), &others, slots, share, policy) == Turn::Take
}

fn shuffle(rng: &mut SplitMix64, v: &mut [usize]) {
    for i in (1..v.len()).rev() {
        v.swap(i, rng.below(i + 1));
    }
}

fn outcome(allocator: Allocator, workers: &[Worker]) -> Outcome {
    let rates: Vec<f64> = workers
        .iter()
        .map(|w| w.leases.len() as f64 / ((w.online_to - w.online_from) as f64 / 3_600.0))
        .collect();
    let mut done: Vec<u64> = workers.iter().map(|w| w.leases.len() as u64).collect();
    done.sort_unstable_by(|a, b| b.cmp(a));
    let items: u64 = done.iter().sum();
    let top = done.iter().take(workers.len().div_ceil(10)).sum::<u64>();
    Outcome {
        allocator,
        gini: gini(&rates),
        top_tenth_share: if items == 0 {
            0.0
        } else {
            top as f64 / items as f64
        },
        items,
    }
}

/// The Gini coefficient of non-negative values (0: all equal; towards 1: one has all).
pub fn gini(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len() as f64;
    let sum: f64 = v.iter().sum();
    if v.is_empty() || sum == 0.0 {
        return 0.0;
    }
    let weighted: f64 = v
        .iter()
        .enumerate()
        .map(|(i, x)| (i as f64 + 1.0) * x)
        .sum();
    (2.0 * weighted) / (n * sum) - (n + 1.0) / n
}

/// Run the three allocators and print them side by side.
pub fn run(args: &AllocationArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.workers >= 10 && args.hours >= 1,
        "--workers must be at least 10 and --hours at least 1"
    );
    println!(
        "crowd: {} workers ({} online all day polling every 5 s, the others 30-120 min polling every 60 s), {} h, seed {}",
        args.workers,
        (args.workers / 10).max(1),
        args.hours,
        args.seed
    );
    println!(
        "work: {BATCH_ITEMS} items every {BATCH_MINUTES} min, {ITEM_SECONDS} s each; queue window {} s, share cap {}% of the last hour",
        Policy::DEFAULT.ask_window / MICROS_PER_SECOND,
        Policy::DEFAULT.share_cap_percent
    );
    println!(
        "{:<42} {:>10} {:>14} {:>7}",
        "allocator", "gini pay/h", "top 10% share", "items"
    );
    for allocator in Allocator::ALL {
        let o = simulate(args, allocator);
        println!(
            "{:<42} {:>10.3} {:>13.1}% {:>7}",
            o.allocator.name(),
            o.gini,
            o.top_tenth_share * 100.0,
            o.items
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gini_of_equal_values_is_zero_and_of_one_holder_nearly_one() {
        assert!(gini(&[2.0, 2.0, 2.0]).abs() < 1e-12);
        assert!((gini(&[0.0, 0.0, 0.0, 4.0]) - 0.75).abs() < 1e-12);
    }
}
