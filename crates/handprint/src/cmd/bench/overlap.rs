//! `handprint bench overlap`: label accuracy and cost per item of a fixed overlap
//! against dynamic overlap, on a simulated crowd with spammers (issue 13). The crowd
//! is `handprint_aggregate::simulate`'s (worker confusion matrices, its random
//! generator); the stopping rule is the server's own, `handprint_core::overlap::next_step`.
//!
//! The allocation, item by item: workers are drawn at random among those not
//! restricted (never twice for one item); a share of the items are controls with a
//! known answer, answered like the others and paid alike; the quality rule restricts a
//! worker whose control accuracy falls below a threshold after enough controls (as a
//! project's rule would). An item's label is its majority answer (ties: the smallest
//! label). Accuracy is measured over the items that are not controls; cost counts every
//! paid answer, controls included, per such item.

use handprint_aggregate::simulate::{SplitMix64, WorkerKind};
use handprint_core::overlap::{Overlap, Step, next_step};

#[derive(clap::Args, Debug, Clone)]
pub struct OverlapArgs {
    /// Items (controls included)
    #[arg(long, default_value_t = 5000)]
    pub items: usize,
    /// Seed of the simulated crowd
    #[arg(long, default_value_t = 13)]
    pub seed: u64,
    /// Reward per answer in minor units (the fee is added on top)
    #[arg(long, default_value_t = 10)]
    pub reward: i64,
}

/// How items are allocated.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub name: &'static str,
    /// Fixed overlap, or dynamic.
    pub overlap: Overlap,
    /// Share of items that are controls, in percent (0: none, and no rule).
    pub control_percent: u64,
}

/// What a policy gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub name: &'static str,
    /// Share of labelled (non-control) items whose label is the truth.
    pub accuracy: f64,
    /// Paid answers (controls included) per labelled item.
    pub answers_per_item: f64,
    /// Workers the rule restricted.
    pub restricted: usize,
}

/// The quality rule of the simulation: restricted below 60% after 5 controls.
const RULE_MIN_CONTROLS: u32 = 5;
const RULE_MIN_ACCURACY_PERCENT: u32 = 60;
const CLASSES: usize = 3;

/// 40 workers: 28 careful (80% right), 4 confusing the next class (70% right), and 8
/// spammers who always answer the first class (20% of the crowd).
pub fn crowd() -> Vec<WorkerKind> {
    let mut workers = vec![WorkerKind::Uniform { accuracy: 0.8 }; 28];
    workers.extend(vec![WorkerKind::Confuser { accuracy: 0.7 }; 4]);
    workers.extend(vec![
        WorkerKind::Spammer {
            distribution: vec![1.0, 0.0, 0.0]
        };
        8
    ]);
    workers
}

/// The three policies the benchmark compares.
pub fn policies() -> [Policy; 3] {
    let fixed = Overlap {
        min: 3,
        max: 3,
        confidence_bp: 9_999,
    };
    [
        Policy {
            name: "fixed 3",
            overlap: fixed,
            control_percent: 0,
        },
        Policy {
            name: "fixed 3, 10% controls + rule",
            overlap: fixed,
            control_percent: 10,
        },
        Policy {
            name: "dynamic 2-5 @0.66, 10% controls + rule",
            overlap: Overlap {
                min: 2,
                max: 5,
                confidence_bp: 6_600,
            },
            control_percent: 10,
        },
    ]
}

struct Worker {
    confusion: Vec<f64>,
    controls: u32,
    right: u32,
    restricted: bool,
}

/// Run one policy on the crowd.
pub fn run_policy(policy: &Policy, items: usize, seed: u64) -> Outcome {
    let mut rng = SplitMix64::new(seed);
    let mut workers: Vec<Worker> = crowd()
        .iter()
        .map(|w| Worker {
            confusion: w.confusion(CLASSES),
            controls: 0,
            right: 0,
            restricted: false,
        })
        .collect();
    let (mut labelled, mut correct, mut paid) = (0_usize, 0_usize, 0_usize);
    for _ in 0..items {
        let truth = rng.below(CLASSES);
        let control = rng.below(100) < policy.control_percent as usize;
        let answers = answer_item(policy, &mut workers, &mut rng, truth);
        paid += answers.len();
        if control {
            grade(&mut workers, &answers, truth);
        } else {
            labelled += 1;
            correct += usize::from(label_of(&answers) == Some(truth));
        }
    }
    Outcome {
        name: policy.name,
        accuracy: correct as f64 / labelled.max(1) as f64,
        answers_per_item: paid as f64 / labelled.max(1) as f64,
        restricted: workers.iter().filter(|w| w.restricted).count(),
    }
}

/// One item's answers `(worker, label)`, drawn until the stopping rule says stop.
fn answer_item(
    policy: &Policy,
    workers: &mut [Worker],
    rng: &mut SplitMix64,
    truth: usize,
) -> Vec<(usize, usize)> {
    let mut answers: Vec<(usize, usize)> = Vec::new();
    let mut counts = [0_i64; CLASSES];
    loop {
        let open: Vec<usize> = (0..workers.len())
            .filter(|w| !workers[*w].restricted && !answers.iter().any(|(a, _)| a == w))
            .collect();
        if open.is_empty() {
            return answers;
        }
        let w = open[rng.below(open.len())];
        let row = &workers[w].confusion[truth * CLASSES..(truth + 1) * CLASSES];
        let label = rng.pick(row);
        answers.push((w, label));
        counts[label] += 1;
        let majority = counts.iter().copied().max().unwrap_or(0);
        if next_step(&policy.overlap, answers.len() as i64, majority) == Step::Stop {
            return answers;
        }
    }
}

/// Score a control's answers and apply the rule.
fn grade(workers: &mut [Worker], answers: &[(usize, usize)], truth: usize) {
    for &(w, label) in answers {
        let worker = &mut workers[w];
        worker.controls += 1;
        worker.right += u32::from(label == truth);
        if worker.controls >= RULE_MIN_CONTROLS
            && worker.right * 100 < RULE_MIN_ACCURACY_PERCENT * worker.controls
        {
            worker.restricted = true;
        }
    }
}

/// The majority label (ties: the smallest label).
fn label_of(answers: &[(usize, usize)]) -> Option<usize> {
    let mut counts = [0_usize; CLASSES];
    for &(_, l) in answers {
        counts[l] += 1;
    }
    let best = counts.iter().copied().max().filter(|n| *n > 0)?;
    counts.iter().position(|n| *n == best)
}

/// Print the table.
pub fn run(args: &OverlapArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.items > 0, "--items must be more than 0");
    let fee = args.reward / 10;
    println!(
        "{} items, seed {}, {} workers (8 spammers), reward {} + fee {} per answer (minor units)",
        args.items,
        args.seed,
        crowd().len(),
        args.reward,
        fee
    );
    println!("| policy | label accuracy | answers per item | cost per item | workers restricted |");
    println!("|---|---|---|---|---|");
    for policy in policies() {
        let o = run_policy(&policy, args.items, args.seed);
        println!(
            "| {} | {:.2}% | {:.3} | {:.2} | {} |",
            o.name,
            o.accuracy * 100.0,
            o.answers_per_item,
            o.answers_per_item * (args.reward + fee) as f64,
            o.restricted
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynamic_overlap_reaches_fixed_accuracy_at_lower_cost_on_the_default_seed() {
        let [fixed, fixed_rules, dynamic] = policies().map(|p| run_policy(&p, 3000, 13));
        assert!(fixed.answers_per_item == 3.0, "{fixed:?}");
        assert!(
            dynamic.accuracy >= fixed.accuracy,
            "{dynamic:?} vs {fixed:?}"
        );
        assert!(
            dynamic.accuracy >= fixed_rules.accuracy,
            "{dynamic:?} vs {fixed_rules:?}"
        );
        assert!(
            dynamic.answers_per_item < fixed.answers_per_item,
            "{dynamic:?}"
        );
        assert!(
            dynamic.answers_per_item < fixed_rules.answers_per_item,
            "{dynamic:?}"
        );
        assert!(
            dynamic.restricted > 0,
            "the rule restricts spammers: {dynamic:?}"
        );
    }
}
