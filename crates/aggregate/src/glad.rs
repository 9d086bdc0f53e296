//! GLAD: per-worker ability α and per-task inverse difficulty exp(β) (Whitehill et al., NeurIPS
//! 2009), by EM with a conjugate-gradient M-step.
//!
//! P(worker answers correctly) = σ(α·e^β); a wrong answer is spread evenly over the other K−1
//! labels. Gaussian N(mean, 1) priors on α and β. As in Crowd-Kit, the class priors are fixed
//! (never re-estimated), the M-step is stopped early (gradient ∞-norm ≤ `m_step_tol` or
//! `m_step_max_iter` iterations), and the returned probabilities are those of the last E-step.

use rayon::prelude::*;

use crate::dataset::Dataset;
use crate::optim::{Objective, minimize_cg};
use crate::result::CategoricalResult;
use crate::{AggregateError, CategoricalAggregator};

/// GLAD. Crowd-Kit: `GLAD(n_iter=100, tol=1e-5, m_step_max_iter=25, m_step_tol=1e-2)`.
///
/// Outputs: `skills` = α per worker, `task_difficulty` = β per task (log scale; larger is
/// easier), `priors` = the fixed class priors, `loss_history` = Q per melted row.
#[derive(Debug, Clone)]
pub struct Glad {
    /// Maximum EM iterations (100).
    pub n_iter: usize,
    /// Stop when Q per (answer × label) grows by less than this (1e-5).
    pub tol: f64,
    /// Class priors in sorted label order; `None` = uniform.
    pub labels_priors: Option<Vec<f64>>,
    /// Prior means of α per worker (id order); `None` = 1.0 each.
    pub alphas_priors_mean: Option<Vec<f64>>,
    /// Prior means of β per task (id order); `None` = 1.0 each.
    pub betas_priors_mean: Option<Vec<f64>>,
    /// Conjugate-gradient iterations per M-step (25).
    pub m_step_max_iter: usize,
    /// Gradient ∞-norm at which the M-step stops (1e-2).
    pub m_step_tol: f64,
}

impl Default for Glad {
    fn default() -> Self {
        Self {
            n_iter: 100,
            tol: 1e-5,
            labels_priors: None,
            alphas_priors_mean: None,
            betas_priors_mean: None,
            m_step_max_iter: 25,
            m_step_tol: 1e-2,
        }
    }
}

/// `(log σ(x), log(1 − σ(x)), σ(x))` from one `exp` and one `ln_1p`, with Crowd-Kit's softplus
/// cut-offs at ±30 for the logs.
#[inline]
fn log_sigmoids(x: f64) -> (f64, f64, f64) {
    let e = (-x.abs()).exp();
    let l = ln_1p_fast(e);
    let sig = if x >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    };
    let ls = if x > 30.0 {
        0.0
    } else if x < -30.0 {
        x
    } else {
        -((-x).max(0.0) + l)
    };
    let l1s = if x > 30.0 {
        -x
    } else if x < -30.0 {
        0.0
    } else {
        -(x.max(0.0) + l)
    };
    (ls, l1s, sig)
}

/// ln(1 + e) for e in [0, 1], accurate to a few ulp: `ln(u)·e/(u − 1)` with u = 1 + e corrects
/// the rounding of u (Goldberg, "What every computer scientist should know about floating-point
/// arithmetic", thm. 4). libm's `log1p` is about three times slower and was half of GLAD's time.
#[inline]
fn ln_1p_fast(e: f64) -> f64 {
    let u = 1.0 + e;
    if u == 1.0 { e } else { u.ln() * e / (u - 1.0) }
}

const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;

struct Problem<'a> {
    data: &'a Dataset,
    /// Posterior of the given label, per answer (fixed during an M-step).
    p_given: Vec<f64>,
    ln_km1: f64,
    alpha_mean: Vec<f64>,
    beta_mean: Vec<f64>,
    /// Tasks per block: every evaluation splits the tasks into the same blocks and adds the
    /// blocks' results in block order, so results do not depend on rayon's scheduling.
    block_tasks: usize,
    /// Per block: Σ over its answers of ∂Q/∂α, per worker (reused between evaluations).
    alpha_grads: Vec<Vec<f64>>,
}

impl Problem<'_> {
    fn new<'a>(
        data: &'a Dataset,
        ln_km1: f64,
        alpha_mean: Vec<f64>,
        beta_mean: Vec<f64>,
    ) -> Problem<'a> {
        let nt = data.n_tasks();
        // A few blocks per core for balance, at most 8 (each holds a per-worker gradient);
        // the count depends on the data only.
        let by_memory = (64 << 20) / (8 * data.n_workers().max(1));
        let n_blocks = nt.div_ceil(2048).min(by_memory).clamp(1, 8);
        let block_tasks = nt.div_ceil(n_blocks).max(1);
        Problem {
            data,
            p_given: vec![0.0; data.n_answers()],
            ln_km1,
            alpha_mean,
            beta_mean,
            block_tasks,
            alpha_grads: vec![vec![0.0; data.n_workers()]; nt.div_ceil(block_tasks)],
        }
    }

    /// Q(α, β) and (optionally) its gradient, for parameters `x = [α…, β…]`.
    fn q_and_grad(&mut self, x: &[f64], grad: Option<&mut [f64]>) -> f64 {
        let data = self.data;
        let nw = data.n_workers();
        let (alpha, beta) = x.split_at(nw);
        let p_given = &self.p_given;
        let ln_km1 = self.ln_km1;
        let bt = self.block_tasks;
        let (ga, gb) = match grad {
            Some(g) => {
                let (a, b) = g.split_at_mut(nw);
                (Some(a), Some(b))
            }
            None => (None, None),
        };
        let want_grad = gb.is_some();
        let mut no_beta_grad: Vec<f64> = Vec::new();
        let gb_blocks: Vec<&mut [f64]> = match gb {
            Some(g) => g.chunks_mut(bt).collect(),
            None => {
                no_beta_grad.resize(self.alpha_grads.len(), 0.0);
                no_beta_grad.chunks_mut(1).collect()
            }
        };
        // Per block: Q of its answers; ∂Q/∂β of its tasks; ∂Q/∂α of its answers per worker.
        let block_q: Vec<f64> = self
            .alpha_grads
            .par_iter_mut()
            .zip(gb_blocks)
            .enumerate()
            .map(|(b, (ga_block, gb_block))| {
                if want_grad {
                    ga_block.fill(0.0);
                }
                let first = b * bt;
                let last = (first + bt).min(data.n_tasks());
                let mut q = 0.0;
                for t in first..last {
                    let eb = beta[t].exp();
                    let mut d = 0.0;
                    for a in data.task_range(t) {
                        let w = data.worker[a] as usize;
                        let al = alpha[w];
                        let p = p_given[a];
                        let (ls, l1s, sig) = log_sigmoids(al * eb);
                        q += p * ls + (1.0 - p) * (l1s - ln_km1);
                        if want_grad {
                            let g = (p - sig) * eb;
                            d += g * al;
                            ga_block[w] += g;
                        }
                    }
                    if want_grad {
                        gb_block[t - first] = -(d - (beta[t] - self.beta_mean[t]));
                    }
                }
                q
            })
            .collect();
        let mut q: f64 = block_q.iter().sum();
        for (a, m) in alpha.iter().zip(&self.alpha_mean) {
            q += -0.5 * (a - m).powi(2) - HALF_LN_2PI;
        }
        for (b, m) in beta.iter().zip(&self.beta_mean) {
            q += -0.5 * (b - m).powi(2) - HALF_LN_2PI;
        }
        if let Some(ga) = ga {
            let blocks = &self.alpha_grads;
            ga.par_chunks_mut(256).enumerate().for_each(|(i, g)| {
                for (j, gw) in g.iter_mut().enumerate() {
                    let w = i * 256 + j;
                    let s: f64 = blocks.iter().map(|b| b[w]).sum();
                    *gw = -(s - (alpha[w] - self.alpha_mean[w]));
                }
            });
        }
        if q.is_nan() { f64::NEG_INFINITY } else { q }
    }
}

impl Objective for Problem<'_> {
    fn eval(&mut self, x: &[f64], grad: &mut [f64]) -> f64 {
        -self.q_and_grad(x, Some(grad))
    }
}

impl Glad {
    fn e_step(&self, data: &Dataset, x: &[f64], log_priors: &[f64], ln_km1: f64, q: &mut [f64]) {
        let k = log_priors.len();
        let (alpha, beta) = x.split_at(data.n_workers());
        q.par_chunks_mut(k).enumerate().for_each(|(t, row)| {
            row.fill(0.0);
            let eb = beta[t].exp();
            let mut wrong_total = 0.0;
            for a in data.task_range(t) {
                let ab = alpha[data.worker[a] as usize] * eb;
                let (ls, l1s, _) = log_sigmoids(ab);
                let l1s = l1s - ln_km1;
                // Every label gets the "wrong" term, the given label trades it for the right one.
                wrong_total += l1s;
                row[data.label[a] as usize] += ls - l1s;
            }
            for (r, lp) in row.iter_mut().zip(log_priors) {
                *r += wrong_total + lp;
            }
            let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let lse = max + row.iter().map(|v| (v - max).exp()).sum::<f64>().ln();
            for r in row.iter_mut() {
                *r = (*r - lse).exp();
            }
        });
    }
}

impl CategoricalAggregator for Glad {
    fn fit(&self, data: &Dataset) -> Result<CategoricalResult, AggregateError> {
        let k = data.n_labels();
        let (nw, nt) = (data.n_workers(), data.n_tasks());
        let mut res = CategoricalResult::new(nt, k);
        if data.n_answers() == 0 {
            return Ok(res);
        }
        if k < 2 {
            res.probas.fill(1.0);
            res.skills = Some(vec![1.0; nw]);
            res.task_difficulty = Some(vec![1.0; nt]);
            res.priors = Some(vec![1.0]);
            return Ok(res);
        }
        let priors = match &self.labels_priors {
            Some(p) if p.len() == k => p.clone(),
            Some(p) => {
                return Err(AggregateError::InvalidParameter {
                    name: "labels_priors",
                    reason: format!("{} values for {k} labels", p.len()),
                });
            }
            None => vec![1.0 / k as f64; k],
        };
        let check_len = |v: &Option<Vec<f64>>,
                         n: usize,
                         name: &'static str|
         -> Result<Vec<f64>, AggregateError> {
            match v {
                Some(v) if v.len() == n => Ok(v.clone()),
                Some(v) => Err(AggregateError::InvalidParameter {
                    name,
                    reason: format!("{} values for {n}", v.len()),
                }),
                None => Ok(vec![1.0; n]),
            }
        };
        let alpha_mean = check_len(&self.alphas_priors_mean, nw, "alphas_priors_mean")?;
        let beta_mean = check_len(&self.betas_priors_mean, nt, "betas_priors_mean")?;
        let log_priors: Vec<f64> = priors.iter().map(|p| p.ln()).collect();
        let ln_km1 = ((k - 1) as f64).ln();
        let mut x = vec![1.0; nw + nt];
        let mut q = vec![0.0; nt * k];
        let mut problem = Problem::new(data, ln_km1, alpha_mean, beta_mean);
        let set_p = |problem: &mut Problem<'_>, q: &[f64]| {
            problem
                .p_given
                .par_iter_mut()
                .enumerate()
                .for_each(|(a, p)| {
                    *p = q[data.task[a] as usize * k + data.label[a] as usize];
                });
        };
        self.e_step(data, &x, &log_priors, ln_km1, &mut q);
        set_p(&mut problem, &q);
        let mut big_q = problem.q_and_grad(&x, None);
        let rows = (data.n_answers() * k) as f64;
        for _ in 0..self.n_iter {
            let last = big_q;
            self.e_step(data, &x, &log_priors, ln_km1, &mut q);
            set_p(&mut problem, &q);
            minimize_cg(&mut problem, &mut x, self.m_step_tol, self.m_step_max_iter);
            big_q = problem.q_and_grad(&x, None) / rows;
            res.loss_history.push(big_q);
            if big_q - last < self.tol {
                break;
            }
        }
        res.probas = q;
        res.argmax_labels();
        let (alpha, beta) = x.split_at(nw);
        res.skills = Some(alpha.to_vec());
        res.task_difficulty = Some(beta.to_vec());
        res.priors = Some(priors);
        Ok(res)
    }
}
