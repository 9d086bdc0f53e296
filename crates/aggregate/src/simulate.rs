//! A crowd simulator: workers with known confusion matrices answer tasks with known true labels,
//! so tests and benchmarks can check that a method recovers the truth and the workers' quality.
//!
//! Deterministic for a given seed (own SplitMix64 generator, independent of any crate version).

use crate::dataset::{Dataset, DatasetBuilder};

/// SplitMix64 (Steele, Lea & Flood 2014): small, fast, good enough for simulation.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform integer in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
    /// Index drawn from unnormalised weights.
    pub fn pick(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.next_f64() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }
}

/// How a simulated worker answers.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerKind {
    /// Right with probability `accuracy`, otherwise a uniformly random wrong label.
    Uniform {
        /// P(correct).
        accuracy: f64,
    },
    /// Right with probability `accuracy`, otherwise mostly the "next" class (a structured
    /// confusion that a single accuracy cannot describe but a confusion matrix can).
    Confuser {
        /// P(correct).
        accuracy: f64,
    },
    /// Systematically answers the next class `(true + 1) mod K` with probability `flip`.
    Adversarial {
        /// P(answer = next class).
        flip: f64,
    },
    /// Ignores the task: answers from a fixed distribution (e.g. always the same label).
    Spammer {
        /// Answer distribution over labels (unnormalised).
        distribution: Vec<f64>,
    },
}

impl WorkerKind {
    /// Confusion matrix `K × K`, row = true label, column = answer.
    pub fn confusion(&self, k: usize) -> Vec<f64> {
        let mut m = vec![0.0; k * k];
        for t in 0..k {
            let row = &mut m[t * k..(t + 1) * k];
            match self {
                WorkerKind::Uniform { accuracy } => {
                    for (c, v) in row.iter_mut().enumerate() {
                        *v = if c == t {
                            *accuracy
                        } else {
                            (1.0 - accuracy) / (k - 1).max(1) as f64
                        };
                    }
                }
                WorkerKind::Confuser { accuracy } => {
                    let rest = 1.0 - accuracy;
                    for (c, v) in row.iter_mut().enumerate() {
                        *v = if c == t {
                            *accuracy
                        } else if c == (t + 1) % k {
                            rest * 0.8 + rest * 0.2 / (k - 1).max(1) as f64
                        } else {
                            rest * 0.2 / (k - 1).max(1) as f64
                        };
                    }
                }
                WorkerKind::Adversarial { flip } => {
                    for (c, v) in row.iter_mut().enumerate() {
                        *v = if c == (t + 1) % k {
                            *flip
                        } else if c == t {
                            1.0 - flip
                        } else {
                            0.0
                        };
                    }
                }
                WorkerKind::Spammer { distribution } => {
                    let total: f64 = distribution.iter().take(k).sum();
                    for (c, v) in row.iter_mut().enumerate() {
                        *v = distribution.get(c).copied().unwrap_or(0.0) / total;
                    }
                }
            }
        }
        m
    }
}

/// What to simulate.
#[derive(Debug, Clone)]
pub struct CrowdSpec {
    /// Number of tasks.
    pub n_tasks: usize,
    /// Number of classes (K).
    pub n_classes: usize,
    /// Relative frequency of each true class (class imbalance); empty = balanced.
    pub class_weights: Vec<f64>,
    /// The workers, one entry each.
    pub workers: Vec<WorkerKind>,
    /// Relative activity of each worker (how often they are picked); empty = equal.
    pub activity: Vec<f64>,
    /// Answers per task (distinct workers); capped at the number of workers.
    pub overlap: usize,
    /// Seed.
    pub seed: u64,
}

/// A simulated crowd: answers and the truth behind them.
#[derive(Debug, Clone)]
pub struct SimulatedCrowd {
    /// Number of classes.
    pub n_classes: usize,
    /// `(worker, task, label)` as indices.
    pub answers: Vec<(u32, u32, u32)>,
    /// True label of each task.
    pub truth: Vec<u32>,
    /// True confusion matrix of each worker (`K × K`, row = truth).
    pub confusion: Vec<Vec<f64>>,
}

/// Zero-padded names sort like their numbers, so sorted and first-seen orders agree with ids.
pub fn worker_name(i: usize) -> String {
    format!("w{i:06}")
}
/// Name of task `i`.
pub fn task_name(i: usize) -> String {
    format!("t{i:07}")
}
/// Name of class `i`.
pub fn class_name(i: usize) -> String {
    format!("c{i}")
}

/// Runs the simulation.
pub fn simulate(spec: &CrowdSpec) -> SimulatedCrowd {
    let mut sim = Simulator::new(spec);
    let mut truth = Vec::with_capacity(spec.n_tasks);
    let mut answers = Vec::with_capacity(spec.n_tasks * sim.overlap);
    let mut task = Vec::with_capacity(sim.overlap);
    while let Some(y) = sim.next_task(&mut task) {
        let t = truth.len() as u32;
        truth.push(y);
        answers.extend(task.iter().map(|&(w, l)| (w, t, l)));
    }
    SimulatedCrowd {
        n_classes: sim.k,
        answers,
        truth,
        confusion: sim.confusion,
    }
}

/// The simulation one task at a time, for crowds too large to hold (the scale benchmark streams
/// 100 million answers to a file). [`simulate`] is this loop collected, so both give the same
/// answers for the same spec.
#[derive(Debug, Clone)]
pub struct Simulator {
    k: usize,
    rng: SplitMix64,
    class_weights: Vec<f64>,
    confusion: Vec<Vec<f64>>,
    activity: Vec<f64>,
    uniform_activity: bool,
    overlap: usize,
    n_tasks: usize,
    next: usize,
    chosen: Vec<usize>,
}

impl Simulator {
    /// A simulator at the first task of `spec`.
    pub fn new(spec: &CrowdSpec) -> Self {
        let k = spec.n_classes.max(1);
        let class_weights = if spec.class_weights.len() == k {
            spec.class_weights.clone()
        } else {
            vec![1.0; k]
        };
        let nw = spec.workers.len();
        let activity = if spec.activity.len() == nw {
            spec.activity.clone()
        } else {
            vec![1.0; nw]
        };
        let uniform_activity = activity.iter().all(|a| *a == activity[0]);
        Self {
            k,
            rng: SplitMix64::new(spec.seed),
            class_weights,
            confusion: spec.workers.iter().map(|w| w.confusion(k)).collect(),
            activity,
            uniform_activity,
            overlap: spec.overlap.min(nw),
            n_tasks: spec.n_tasks,
            next: 0,
            chosen: Vec::with_capacity(spec.overlap.min(nw)),
        }
    }

    /// Simulates the next task: fills `answers` with its `(worker, label)` pairs and returns its
    /// true label, or `None` after the last task.
    pub fn next_task(&mut self, answers: &mut Vec<(u32, u32)>) -> Option<u32> {
        if self.next >= self.n_tasks {
            return None;
        }
        self.next += 1;
        let k = self.k;
        let nw = self.confusion.len();
        let y = self.rng.pick(&self.class_weights);
        self.chosen.clear();
        while self.chosen.len() < self.overlap {
            let w = if self.uniform_activity {
                self.rng.below(nw)
            } else {
                self.rng.pick(&self.activity)
            };
            if !self.chosen.contains(&w) {
                self.chosen.push(w);
            }
        }
        answers.clear();
        for &w in &self.chosen {
            let l = self.rng.pick(&self.confusion[w][y * k..(y + 1) * k]);
            answers.push((w as u32, l as u32));
        }
        Some(y as u32)
    }
}

impl SimulatedCrowd {
    /// The answers as a [`Dataset`] with names from [`worker_name`], [`task_name`],
    /// [`class_name`].
    pub fn dataset(&self) -> Dataset {
        let mut b = DatasetBuilder::with_capacity(self.answers.len());
        let names: Vec<String> = (0..self.n_classes).map(class_name).collect();
        for &(w, t, l) in &self.answers {
            b.push(
                &worker_name(w as usize),
                &task_name(t as usize),
                &names[l as usize],
            );
        }
        b.build()
    }

    /// Share of tasks whose label (by task name, label name) equals the truth.
    pub fn accuracy_of(&self, data: &Dataset, labels: &[u32]) -> f64 {
        let mut hit = 0usize;
        for (t, name) in data.task_names().iter().enumerate() {
            let idx: usize = name[1..].parse().unwrap_or(usize::MAX);
            let want = class_name(self.truth.get(idx).copied().unwrap_or(u32::MAX) as usize);
            hit += usize::from(data.label_names()[labels[t] as usize] == want);
        }
        hit as f64 / data.n_tasks().max(1) as f64
    }
}
