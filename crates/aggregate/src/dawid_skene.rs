//! Dawid–Skene (full confusion matrix per worker) and its one-coin variant, by EM.
//!
//! Follows Crowd-Kit 1.4.2 step by step so results agree to rounding: majority-vote
//! initialisation, E-step in log2, confusion rows only for labels a worker gave, ELBO per answer as
//! the stopping rule, and the `1e-10` floor the ELBO leaves on the returned probabilities.

use rayon::prelude::*;

use crate::dataset::{Dataset, Gold};
use crate::result::CategoricalResult;
use crate::vote::{OnMissingSkill, weighted_vote};
use crate::{AggregateError, CategoricalAggregator};

const EPS: f64 = 1e-10;

/// Dawid–Skene EM. Crowd-Kit: `DawidSkene(n_iter=100, tol=1e-5)`.
///
/// Stops after `n_iter` iterations or when the ELBO per answer grows by less than `tol` (the
/// first iteration never stops). With [`DawidSkene::fit_with_gold`], control tasks are pinned to
/// their known label after the initialisation and after every E-step, so they anchor the
/// confusion matrices.
#[derive(Debug, Clone)]
pub struct DawidSkene {
    /// Maximum EM iterations (100).
    pub n_iter: usize,
    /// ELBO tolerance (1e-5).
    pub tol: f64,
}

impl Default for DawidSkene {
    fn default() -> Self {
        Self {
            n_iter: 100,
            tol: 1e-5,
        }
    }
}

/// One-coin Dawid–Skene: one accuracy per worker, errors spread evenly over the other labels.
/// Crowd-Kit: `OneCoinDawidSkene(n_iter=100, tol=1e-5)`. Skills are the accuracies.
#[derive(Debug, Clone)]
pub struct OneCoinDawidSkene {
    /// Maximum EM iterations (100).
    pub n_iter: usize,
    /// ELBO tolerance (1e-5).
    pub tol: f64,
}

impl Default for OneCoinDawidSkene {
    fn default() -> Self {
        Self {
            n_iter: 100,
            tol: 1e-5,
        }
    }
}

impl CategoricalAggregator for DawidSkene {
    fn fit(&self, data: &Dataset) -> Result<CategoricalResult, AggregateError> {
        run(data, None, self.n_iter, self.tol, false)
    }
}

impl DawidSkene {
    /// Dawid–Skene with known labels for some tasks (Crowd-Kit's `fit(data, true_labels)`).
    pub fn fit_with_gold(
        &self,
        data: &Dataset,
        gold: &Gold,
    ) -> Result<CategoricalResult, AggregateError> {
        run(data, Some(gold), self.n_iter, self.tol, false)
    }
}

impl CategoricalAggregator for OneCoinDawidSkene {
    fn fit(&self, data: &Dataset) -> Result<CategoricalResult, AggregateError> {
        run(data, None, self.n_iter, self.tol, true)
    }
}

struct Model {
    k: usize,
    /// `n_workers × K × K`: `[w][observed][true]`.
    errors: Vec<f64>,
    /// Per-worker one-coin skill (one-coin only).
    skills: Option<Vec<f64>>,
}

fn correct_with_gold(q: &mut [f64], k: usize, gold: Option<&Gold>) {
    let Some(gold) = gold else { return };
    for (row, g) in q.chunks_mut(k).zip(&gold.labels) {
        if let Some(l) = g {
            row.fill(0.0);
            row[*l as usize] = 1.0;
        }
    }
}

fn priors_of(q: &[f64], k: usize) -> Vec<f64> {
    let n = (q.len() / k).max(1) as f64;
    let mut p = vec![0.0; k];
    for row in q.chunks(k) {
        for (pc, v) in p.iter_mut().zip(row) {
            *pc += v;
        }
    }
    p.iter_mut().for_each(|v| *v /= n);
    p
}

/// Σ over a worker's answers of the task posteriors, per (observed, true) pair.
fn counts(data: &Dataset, q: &[f64], k: usize) -> (Vec<f64>, Vec<bool>) {
    let mut counts = vec![0.0; data.n_workers() * k * k];
    let mut observed = vec![false; data.n_workers() * k];
    counts
        .par_chunks_mut(k * k)
        .zip(observed.par_chunks_mut(k))
        .enumerate()
        .for_each(|(w, (c, obs))| {
            for &a in data.worker_answers(w) {
                let a = a as usize;
                let y = data.label[a] as usize;
                let t = data.task[a] as usize;
                obs[y] = true;
                let row = &mut c[y * k..(y + 1) * k];
                for (rc, qv) in row.iter_mut().zip(&q[t * k..(t + 1) * k]) {
                    *rc += qv;
                }
            }
        });
    (counts, observed)
}

fn m_step_full(data: &Dataset, q: &[f64], k: usize) -> Model {
    let (mut errors, observed) = counts(data, q, k);
    errors
        .par_chunks_mut(k * k)
        .zip(observed.par_chunks(k))
        .for_each(|(e, obs)| {
            let mut col = vec![0.0; k];
            for y in 0..k {
                if obs[y] {
                    for c in 0..k {
                        let v = e[y * k + c].max(EPS);
                        e[y * k + c] = v;
                        col[c] += v;
                    }
                }
            }
            for y in 0..k {
                if obs[y] {
                    for c in 0..k {
                        e[y * k + c] /= col[c];
                    }
                }
            }
        });
    Model {
        k,
        errors,
        skills: None,
    }
}

fn m_step_one_coin(data: &Dataset, q: &[f64], k: usize) -> Model {
    let skills: Vec<f64> = (0..data.n_workers())
        .into_par_iter()
        .map(|w| {
            let ans = data.worker_answers(w);
            let s: f64 = ans
                .iter()
                .map(|&a| q[data.task[a as usize] as usize * k + data.label[a as usize] as usize])
                .sum();
            s / ans.len().max(1) as f64
        })
        .collect();
    let mut errors = vec![0.0; data.n_workers() * k * k];
    let others = (k.max(2) - 1) as f64;
    errors
        .par_chunks_mut(k * k)
        .zip(skills.par_iter())
        .for_each(|(e, &s)| {
            for y in 0..k {
                for c in 0..k {
                    let v = if y == c { s } else { (1.0 - s) / others };
                    e[y * k + c] = v.clamp(EPS, 1.0 - EPS);
                }
            }
        });
    Model {
        k,
        errors,
        skills: Some(skills),
    }
}

fn e_step(data: &Dataset, priors: &[f64], m: &Model, q: &mut [f64]) {
    let k = m.k;
    let log_priors: Vec<f64> = priors.iter().map(|p| p.max(EPS).log2()).collect();
    // log2 of every confusion entry once, instead of once per answer.
    let log_err: Vec<f64> = m.errors.par_iter().map(|e| e.log2()).collect();
    q.par_chunks_mut(k).enumerate().for_each(|(t, row)| {
        row.copy_from_slice(&log_priors);
        for a in data.task_range(t) {
            let w = data.worker[a] as usize;
            let y = data.label[a] as usize;
            let e = &log_err[(w * k + y) * k..(w * k + y + 1) * k];
            for (r, ev) in row.iter_mut().zip(e) {
                *r += ev;
            }
        }
        let max = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut sum = 0.0;
        for r in row.iter_mut() {
            *r = (*r - max).exp2();
            sum += *r;
        }
        for r in row.iter_mut() {
            *r /= sum;
        }
    });
}

/// Evidence lower bound; floors `q` at 1e-10 in place, as Crowd-Kit's does.
fn elbo(data: &Dataset, q: &mut [f64], priors: &[f64], m: &Model) -> f64 {
    let k = m.k;
    let log_priors: Vec<f64> = priors.iter().map(|p| p.max(EPS).ln()).collect();
    let ln_err: Vec<f64> = m.errors.par_iter().map(|e| e.ln()).collect();
    q.par_chunks_mut(k)
        .enumerate()
        .map(|(t, row)| {
            let mut joint = 0.0;
            for a in data.task_range(t) {
                let w = data.worker[a] as usize;
                let y = data.label[a] as usize;
                let e = &ln_err[(w * k + y) * k..(w * k + y + 1) * k];
                for c in 0..k {
                    joint += row[c] * (e[c] + log_priors[c]);
                }
            }
            let mut entropy = 0.0;
            for v in row.iter_mut() {
                *v = v.max(EPS);
                entropy -= v.ln() * *v;
            }
            joint + entropy
        })
        .sum()
}

fn run(
    data: &Dataset,
    gold: Option<&Gold>,
    n_iter: usize,
    tol: f64,
    one_coin: bool,
) -> Result<CategoricalResult, AggregateError> {
    let k = data.n_labels();
    let mut res = weighted_vote(data, None, OnMissingSkill::Error)?;
    if data.n_answers() == 0 || k == 0 {
        return Ok(res);
    }
    let m_step = |q: &[f64]| {
        if one_coin {
            m_step_one_coin(data, q, k)
        } else {
            m_step_full(data, q, k)
        }
    };
    let mut q = std::mem::take(&mut res.probas);
    correct_with_gold(&mut q, k, gold);
    let mut priors = priors_of(&q, k);
    let mut model = m_step(&q);
    let mut loss = f64::NEG_INFINITY;
    let n = data.n_answers() as f64;
    for _ in 0..n_iter {
        e_step(data, &priors, &model, &mut q);
        correct_with_gold(&mut q, k, gold);
        priors = priors_of(&q, k);
        model = m_step(&q);
        let new_loss = elbo(data, &mut q, &priors, &model) / n;
        res.loss_history.push(new_loss);
        if new_loss - loss < tol {
            break;
        }
        loss = new_loss;
    }
    res.probas = q;
    res.argmax_labels();
    res.priors = Some(priors);
    res.skills = model.skills;
    res.confusion = Some(model.errors);
    Ok(res)
}
