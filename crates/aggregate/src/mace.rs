//! MACE, Multi-Annotator Competence Estimation (Hovy et al., NAACL 2013): each worker either
//! knows the answer or spams with a personal label distribution.
//!
//! Crowd-Kit 1.4.2 behaviour kept: initialisation from `U[1, 2.5]` draws of NumPy's
//! `RandomState(random_state)`, fixed `n_iter` iterations, raw products over a task's answers,
//! variational (`vb`, default) or plain EM M-step with smoothing `0.01/K`, ties to the label seen
//! first. Differences: see [`Mace::crowdkit_strategy_order`] and [`Mace::n_restarts`].

use rayon::prelude::*;

use crate::dataset::Dataset;
use crate::result::CategoricalResult;
use crate::special::{Mt19937, digamma};
use crate::{AggregateError, CategoricalAggregator};

/// M-step flavour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MaceMethod {
    /// Variational Bayes with Beta(α, β) and Dirichlet(10) priors (Crowd-Kit's default).
    #[default]
    Vb,
    /// Maximum likelihood with additive smoothing.
    Em,
}

/// MACE. Crowd-Kit: `MACE(n_restarts=10, n_iter=50, method="vb", default_noise=0.5, alpha=0.5,
/// beta=0.5, random_state=0)`. Skills are P(worker answers knowingly); `strategies` are the
/// spamming label distributions.
#[derive(Debug, Clone)]
pub struct Mace {
    /// Restarts (10). Crowd-Kit reseeds every restart with the same `random_state`, so all its
    /// restarts are identical; with `distinct_restarts == false` we compute that one restart
    /// once (same answer, a tenth of the work). With `true`, restart r uses seed
    /// `random_state + r` and the most likely restart wins.
    pub n_restarts: usize,
    /// See [`Mace::n_restarts`] (default false, Crowd-Kit's behaviour).
    pub distinct_restarts: bool,
    /// Iterations per restart (50).
    pub n_iter: usize,
    /// `Vb` (default) or `Em`.
    pub method: MaceMethod,
    /// Width of the initial uniform draws, `U[1, 1 + (1 + default_noise)]` (0.5).
    pub default_noise: f64,
    /// Beta prior on "knowing" (0.5).
    pub alpha: f64,
    /// Beta prior on "spamming" (0.5).
    pub beta: f64,
    /// Seed (0).
    pub random_state: u32,
    /// Crowd-Kit 1.4.2 stores the re-estimated strategy matrix with workers and labels in
    /// *sorted* order but reads it by first-appearance order, so a worker may be scored with
    /// another worker's spamming distribution whenever the input is not sorted by worker and
    /// label. `false` (our default) uses each worker's own distribution; `true` reproduces
    /// Crowd-Kit exactly (the conformance tests use it).
    pub crowdkit_strategy_order: bool,
}

impl Default for Mace {
    fn default() -> Self {
        Self {
            n_restarts: 10,
            distinct_restarts: false,
            n_iter: 50,
            method: MaceMethod::Vb,
            default_noise: 0.5,
            alpha: 0.5,
            beta: 0.5,
            random_state: 0,
            crowdkit_strategy_order: false,
        }
    }
}

struct Params {
    /// `[w][0]` = P(spam), `[w][1]` = P(knows).
    spamming: Vec<[f64; 2]>,
    /// Strategy used when scoring worker `w`'s label `l`: `theta[w * k + l]` (label ids).
    theta: Vec<f64>,
}

struct Expectation {
    log_marginal: f64,
    /// Unnormalised label marginals per task, `[t][l]`.
    gold: Vec<f64>,
    /// Per worker: expected (spam, knowing) counts.
    knowing: Vec<[f64; 2]>,
    /// Per worker and label: expected spam counts.
    strategy: Vec<f64>,
}

impl Mace {
    fn init(&self, data: &Dataset, seed: u32) -> Params {
        let (nw, k) = (data.n_workers(), data.n_labels());
        let width = 1.0 + self.default_noise;
        let mut rng = Mt19937::new(seed);
        let spamming = (0..nw)
            .map(|_| {
                let a = 1.0 + width * rng.next_f64();
                let b = 1.0 + width * rng.next_f64();
                [a / (a + b), b / (a + b)]
            })
            .collect();
        let mut rng = Mt19937::new(seed);
        let first_seen = data.label_first_seen_rank();
        let mut theta = vec![0.0; nw * k];
        for w in 0..nw {
            let draws: Vec<f64> = (0..k).map(|_| 1.0 + width * rng.next_f64()).collect();
            let sum: f64 = draws.iter().sum();
            for l in 0..k {
                theta[w * k + l] = draws[first_seen[l] as usize] / sum;
            }
        }
        Params { spamming, theta }
    }

    fn e_step(&self, data: &Dataset, p: &Params) -> Expectation {
        let k = data.n_labels();
        let (nt, nw) = (data.n_tasks(), data.n_workers());
        // One pass over fixed blocks of tasks: label marginals, then each answer's expected
        // spam and knowing indicators added into the block's own per-worker sums; the blocks
        // are added in order, so the result does not depend on rayon's scheduling.
        let by_memory = (64 << 20) / (8 * (nw * (k + 2)).max(1));
        let n_blocks = nt.div_ceil(2048).min(by_memory).clamp(1, 8);
        let block_tasks = nt.div_ceil(n_blocks).max(1);
        let mut gold = vec![1.0; nt * k];
        let blocks: Vec<(f64, Vec<[f64; 2]>, Vec<f64>)> = gold
            .par_chunks_mut(block_tasks * k)
            .enumerate()
            .map(|(b, gb)| {
                let mut log_marginal = 0.0;
                let mut knowing = vec![[0.0; 2]; nw];
                let mut strategy = vec![0.0; nw * k];
                for (i, row) in gb.chunks_mut(k).enumerate() {
                    let t = b * block_tasks + i;
                    for a in data.task_range(t) {
                        let w = data.worker[a] as usize;
                        let y = data.label[a] as usize;
                        let spam = p.spamming[w][0] * p.theta[w * k + y];
                        for (l, r) in row.iter_mut().enumerate() {
                            *r *= spam + if l == y { p.spamming[w][1] } else { 0.0 };
                        }
                    }
                    for r in row.iter_mut() {
                        *r /= k as f64;
                    }
                    let instance: f64 = row.iter().sum();
                    log_marginal += (instance + 1e-8).ln();
                    for a in data.task_range(t) {
                        let w = data.worker[a] as usize;
                        let y = data.label[a] as usize;
                        let spam = p.spamming[w][0] * p.theta[w * k + y];
                        let know = p.spamming[w][1];
                        let s: f64 = row
                            .iter()
                            .enumerate()
                            .map(|(l, g)| g / (spam + if l == y { know } else { 0.0 }))
                            .sum();
                        let st = s * spam / instance;
                        knowing[w][0] += st;
                        knowing[w][1] += row[y] * know / (spam + know) / instance;
                        strategy[w * k + y] += st;
                    }
                }
                (log_marginal, knowing, strategy)
            })
            .collect();
        let mut iter = blocks.into_iter();
        let (mut log_marginal, mut knowing, mut strategy) = iter
            .next()
            .unwrap_or_else(|| (0.0, vec![[0.0; 2]; nw], vec![0.0; nw * k]));
        for (lm, kn, st) in iter {
            log_marginal += lm;
            for (a, b) in knowing.iter_mut().zip(&kn) {
                a[0] += b[0];
                a[1] += b[1];
            }
            for (a, b) in strategy.iter_mut().zip(&st) {
                *a += b;
            }
        }
        Expectation {
            log_marginal,
            gold,
            knowing,
            strategy,
        }
    }

    fn m_step(&self, data: &Dataset, e: &Expectation, p: &mut Params) {
        let k = data.n_labels();
        let nw = data.n_workers();
        let smoothing = 0.01 / k as f64;
        let normalise = |x: &[f64], prior: &[f64], out: &mut [f64]| match self.method {
            MaceMethod::Vb => {
                let total: f64 = x.iter().zip(prior).map(|(a, b)| a + b).sum();
                let norm = digamma(total).exp();
                for ((o, a), b) in out.iter_mut().zip(x).zip(prior) {
                    *o = if norm.abs() <= 1e-8 {
                        0.0
                    } else {
                        digamma(a + b).exp() / norm
                    };
                }
            }
            MaceMethod::Em => {
                let total: f64 = x.iter().map(|a| a + smoothing).sum();
                for (o, a) in out.iter_mut().zip(x) {
                    *o = if total.abs() <= 1e-8 {
                        0.0
                    } else {
                        (a + smoothing) / total
                    };
                }
            }
        };
        let beta_prior = [self.alpha, self.beta];
        for w in 0..nw {
            normalise(&e.knowing[w], &beta_prior, &mut p.spamming[w]);
        }
        let strategy_prior = vec![10.0; k];
        let mut own = vec![0.0; nw * k];
        for w in 0..nw {
            normalise(
                &e.strategy[w * k..(w + 1) * k],
                &strategy_prior,
                &mut own[w * k..(w + 1) * k],
            );
        }
        if self.crowdkit_strategy_order {
            // Row i of Crowd-Kit's matrix belongs to the i-th worker in sorted-name order and
            // column j to the j-th label in sorted order, but it is read as if row i were the
            // i-th worker seen and column j the j-th label seen.
            let mut sorted: Vec<usize> = (0..nw).collect();
            sorted.sort_by(|&a, &b| data.worker_names()[a].cmp(&data.worker_names()[b]));
            let first_seen = data.label_first_seen_rank();
            for w in 0..nw {
                for l in 0..k {
                    p.theta[w * k + l] = own[sorted[w] * k + first_seen[l] as usize];
                }
            }
        } else {
            p.theta = own;
        }
    }
}

impl CategoricalAggregator for Mace {
    fn fit(&self, data: &Dataset) -> Result<CategoricalResult, AggregateError> {
        let k = data.n_labels();
        let mut res = CategoricalResult::new(data.n_tasks(), k);
        if data.n_answers() == 0 {
            return Ok(res);
        }
        let restarts = if self.distinct_restarts {
            self.n_restarts.max(1)
        } else {
            1
        };
        let mut best: Option<(f64, Params, Expectation)> = None;
        for r in 0..restarts {
            let mut p = self.init(data, self.random_state.wrapping_add(r as u32));
            let mut e = self.e_step(data, &p);
            for _ in 0..self.n_iter {
                self.m_step(data, &e, &mut p);
                e = self.e_step(data, &p);
            }
            if best.as_ref().is_none_or(|b| e.log_marginal > b.0) {
                best = Some((e.log_marginal, p, e));
            }
        }
        let Some((_, p, e)) = best else {
            return Ok(res);
        };
        let first_seen = data.label_first_seen_rank();
        for (t, row) in e.gold.chunks(k).enumerate() {
            let total: f64 = row.iter().sum();
            let out = &mut res.probas[t * k..(t + 1) * k];
            for (o, g) in out.iter_mut().zip(row) {
                *o = g / total;
            }
            // Ties go to the label seen first (pandas.factorize column order).
            let mut best_l = 0usize;
            for l in 1..k {
                let (v, bv) = (out[l], out[best_l]);
                if v > bv || (v == bv && first_seen[l] < first_seen[best_l]) {
                    best_l = l;
                }
            }
            res.labels[t] = best_l as u32;
        }
        res.skills = Some(p.spamming.iter().map(|s| s[1]).collect());
        // Report each worker's own distribution, not Crowd-Kit's mixed-up reading of it.
        res.strategies = Some(if self.crowdkit_strategy_order && self.n_iter > 0 {
            own_strategies(data, &p)
        } else {
            p.theta.clone()
        });
        Ok(res)
    }
}

/// Inverts the Crowd-Kit row/column mix-up to report each worker's own distribution.
fn own_strategies(data: &Dataset, p: &Params) -> Vec<f64> {
    let (nw, k) = (data.n_workers(), data.n_labels());
    let mut sorted: Vec<usize> = (0..nw).collect();
    sorted.sort_by(|&a, &b| data.worker_names()[a].cmp(&data.worker_names()[b]));
    let first_seen = data.label_first_seen_rank();
    let mut own = vec![0.0; nw * k];
    for w in 0..nw {
        for l in 0..k {
            own[sorted[w] * k + first_seen[l] as usize] = p.theta[w * k + l];
        }
    }
    own
}
