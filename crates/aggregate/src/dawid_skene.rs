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

impl DawidSkene {
    /// Dawid–Skene whose first M-step also uses historical confusion counts (Crowd-Kit's
    /// `DawidSkene(initial_error_strategy=…).fit(data, true_labels, initial_error)`).
    ///
    /// Rows of workers absent from `data` are ignored. With [`InitialErrorStrategy::Assign`]
    /// every (worker, label) pair present in `data` needs a row, and when every value is ≤ 1 the
    /// rows are probabilities whose columns must sum to 1 per worker; otherwise an
    /// [`AggregateError::InvalidParameter`] says what is missing.
    pub fn fit_with_initial_error(
        &self,
        data: &Dataset,
        gold: Option<&Gold>,
        initial: &InitialError,
    ) -> Result<CategoricalResult, AggregateError> {
        run_with(data, gold, self.n_iter, self.tol, false, Some(initial))
    }
}

/// How [`InitialError`] enters the first M-step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitialErrorStrategy {
    /// Replace the counts from the majority-vote initialisation (Crowd-Kit `"assign"`).
    Assign,
    /// Add to them (Crowd-Kit `"addition"`); rows may cover only some workers.
    Addition,
}

/// Historical confusion counts (or, for `Assign`, probabilities) per worker.
#[derive(Debug, Clone, PartialEq)]
pub struct InitialError {
    /// Assign or add.
    pub strategy: InitialErrorStrategy,
    /// `(worker, observed label, values per true label in the dataset's sorted label order)`:
    /// how often (or how likely) the worker answered `observed` when the truth was each label.
    pub rows: Vec<(String, String, Vec<f64>)>,
}

impl CategoricalAggregator for OneCoinDawidSkene {
    fn fit(&self, data: &Dataset) -> Result<CategoricalResult, AggregateError> {
        run(data, None, self.n_iter, self.tol, true)
    }
}

/// The first M-step's counts and row mask with `initial` applied, as Crowd-Kit's
/// `initial_error_apply`.
fn apply_initial_error(
    data: &Dataset,
    initial: &InitialError,
    counts: &mut [f64],
    observed: &mut [bool],
) -> Result<(), AggregateError> {
    let k = data.n_labels();
    let bad = |reason: String| AggregateError::InvalidParameter {
        name: "initial_error",
        reason,
    };
    let workers: std::collections::HashMap<&str, usize> = data
        .worker_names()
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let mut given = vec![false; observed.len()];
    let mut values = vec![0.0; counts.len()];
    for (worker, label, row) in &initial.rows {
        let Some(&w) = workers.get(worker.as_str()) else {
            continue;
        };
        let y = data.label_id(label).ok_or_else(|| {
            bad(format!(
                "label {label:?} of worker {worker:?} is not among the labels in the answers"
            ))
        })? as usize;
        if row.len() != k {
            return Err(bad(format!(
                "worker {worker:?}, label {label:?}: {} values for {k} labels",
                row.len()
            )));
        }
        given[w * k + y] = true;
        values[(w * k + y) * k..(w * k + y + 1) * k].copy_from_slice(row);
    }
    match initial.strategy {
        InitialErrorStrategy::Assign => {
            let missing: Vec<usize> = (0..data.n_workers())
                .filter(|&w| (0..k).any(|y| observed[w * k + y] && !given[w * k + y]))
                .collect();
            if let Some(&w) = missing.first() {
                return Err(bad(format!(
                    "with the assign strategy every worker in the answers needs a row for each label they gave; {} workers lack one, e.g. {:?}",
                    missing.len(),
                    data.worker_names()[w]
                )));
            }
            let all_probabilities = initial
                .rows
                .iter()
                .all(|(_, _, r)| r.iter().all(|&v| v <= 1.0));
            if all_probabilities {
                for w in 0..data.n_workers() {
                    for c in 0..k {
                        let col: f64 = (0..k)
                            .filter(|&y| given[w * k + y])
                            .map(|y| values[(w * k + y) * k + c])
                            .sum();
                        let any = (0..k).any(|y| given[w * k + y]);
                        if any && (col - 1.0).abs() > 1e-8 + 1e-5 {
                            return Err(bad(format!(
                                "the probabilities of worker {:?} sum to {col} for true label {:?}, not 1",
                                data.worker_names()[w],
                                data.label_names()[c]
                            )));
                        }
                    }
                }
            }
            counts.copy_from_slice(&values);
            observed.copy_from_slice(&given);
        }
        InitialErrorStrategy::Addition => {
            for (c, v) in counts.iter_mut().zip(&values) {
                *c += v;
            }
            for (o, g) in observed.iter_mut().zip(&given) {
                *o |= g;
            }
        }
    }
    Ok(())
}

/// The model between two E-steps: confusion matrices and their logarithms.
struct Model {
    k: usize,
    /// `n_workers × K × K`: `[w][observed][true]`; rows of labels a worker never gave are 0.
    errors: Vec<f64>,
    /// log2 of `errors` (what the E-step adds up); `-inf` where `errors` is 0.
    log2_errors: Vec<f64>,
    /// Per-worker one-coin skill (one-coin only).
    skills: Option<Vec<f64>>,
}

/// What one pass over the tasks adds up for the following M-step and ELBO. Each fixed block of
/// tasks has its own, summed in block order afterwards, so results do not depend on how rayon
/// schedules the blocks.
struct Sums {
    /// `[w][observed][true]`: Σ over the worker's answers of the task posterior.
    counts: Vec<f64>,
    /// Σ_t q_t (for the priors).
    q_sum: Vec<f64>,
    /// Σ_t n_t · q_t, n_t = answers of task t (the ELBO counts the prior once per answer).
    q_answer_sum: Vec<f64>,
    /// Σ_t H(q_t) with q floored at 1e-10.
    entropy: f64,
}

impl Sums {
    fn new(n_workers: usize, k: usize) -> Self {
        Self {
            counts: vec![0.0; n_workers * k * k],
            q_sum: vec![0.0; k],
            q_answer_sum: vec![0.0; k],
            entropy: 0.0,
        }
    }
    fn clear(&mut self) {
        self.counts.fill(0.0);
        self.q_sum.fill(0.0);
        self.q_answer_sum.fill(0.0);
        self.entropy = 0.0;
    }
}

/// Task blocks per pass: a few per core for balance, at most 8 (each holds a copy of the counts)
/// and fewer when the counts are large. Depends on the data only, so results are reproducible on
/// any machine.
fn n_blocks(n_tasks: usize, counts_len: usize) -> usize {
    let by_memory = (64 << 20) / (8 * counts_len.max(1));
    let by_work = n_tasks.div_ceil(2048);
    by_memory.min(by_work).clamp(1, 8)
}

/// One fused pass over the tasks. With `e_step`, first recomputes each task's posterior from
/// `priors` and `model` (log2 space, as Crowd-Kit), pins gold tasks, then adds the task into
/// `sums` (M-step counts, prior sums, entropy) and floors the posterior at 1e-10 as Crowd-Kit's
/// ELBO does in place. Without `e_step` the posteriors in `q` are only added up.
#[allow(clippy::too_many_arguments)]
fn pass(
    data: &Dataset,
    rows: &[u32],
    gold: Option<&Gold>,
    q: &mut [f64],
    log2_priors: &[f64],
    model: Option<&Model>,
    blocks: &mut [Sums],
    block_tasks: usize,
    k: usize,
) {
    // The inner loops run over K labels; with K known at compile time they unroll and lose
    // their bounds checks (about twice as fast for the usual small K).
    macro_rules! dispatch {
        ($($n:literal)*) => {
            match k {
                $($n => pass_k::<$n>(data, rows, gold, q, log2_priors, model, blocks, block_tasks, k),)*
                _ => pass_k::<0>(data, rows, gold, q, log2_priors, model, blocks, block_tasks, k),
            }
        };
    }
    dispatch!(2 3 4 5 6 7 8 10);
}

/// [`pass`] for `K` labels (`K = 0`: any number, given by `k`).
#[allow(clippy::too_many_arguments)]
fn pass_k<const K: usize>(
    data: &Dataset,
    rows: &[u32],
    gold: Option<&Gold>,
    q: &mut [f64],
    log2_priors: &[f64],
    model: Option<&Model>,
    blocks: &mut [Sums],
    block_tasks: usize,
    k: usize,
) {
    let k = if K == 0 { k } else { K };
    q.par_chunks_mut(block_tasks * k)
        .zip(blocks.par_iter_mut())
        .enumerate()
        .for_each(|(b, (qb, sums))| {
            sums.clear();
            let first = b * block_tasks;
            // The log-posterior being summed lives on the stack for K ≤ 16, so with K fixed at
            // compile time it stays in registers instead of a store/load per answer and label.
            let mut stack = [0.0f64; 16];
            let mut heap = if k > 16 { vec![0.0; k] } else { Vec::new() };
            let row_log: &mut [f64] = if k > 16 { &mut heap } else { &mut stack[..k] };
            for (i, row) in qb.chunks_mut(k).enumerate() {
                let t = first + i;
                let range = data.task_range(t);
                let pinned = gold.and_then(|g| g.labels[t]);
                let mut entropy_known = None;
                if let Some(m) = model {
                    if let Some(l) = pinned {
                        row.fill(0.0);
                        row[l as usize] = 1.0;
                    } else {
                        row_log.copy_from_slice(log2_priors);
                        for &wy in &rows[range.clone()] {
                            let wy = wy as usize;
                            let e = &m.log2_errors[wy * k..(wy + 1) * k];
                            for (r, ev) in row_log.iter_mut().zip(e) {
                                *r += ev;
                            }
                        }
                        let max = row_log.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                        let mut sum = 0.0;
                        for (r, lr) in row.iter_mut().zip(row_log.iter()) {
                            *r = (lr - max).exp2();
                            sum += *r;
                        }
                        // ln q_c = (log2 part − max)·ln 2 − ln Σ: one logarithm per task for
                        // the entropy instead of K.
                        let ln_sum = sum.ln();
                        let mut h = 0.0;
                        for (r, lr) in row.iter_mut().zip(row_log.iter()) {
                            *r /= sum;
                            h -= if *r > EPS {
                                *r * ((lr - max) * std::f64::consts::LN_2 - ln_sum)
                            } else {
                                EPS * EPS.ln()
                            };
                        }
                        entropy_known = Some(h);
                    }
                }
                let n_t = range.len() as f64;
                for ((qs, qa), &v) in sums.q_sum.iter_mut().zip(&mut sums.q_answer_sum).zip(&*row) {
                    *qs += v;
                    *qa += n_t * v;
                }
                for &wy in &rows[range] {
                    let wy = wy as usize;
                    let cnt = &mut sums.counts[wy * k..(wy + 1) * k];
                    for (cv, qv) in cnt.iter_mut().zip(row.iter()) {
                        *cv += qv;
                    }
                }
                if model.is_some() {
                    sums.entropy += match entropy_known {
                        Some(h) => h,
                        None => row.iter().map(|v| -v.max(EPS).ln() * v.max(EPS)).sum(),
                    };
                    for v in row.iter_mut() {
                        *v = v.max(EPS);
                    }
                }
            }
        });
}

/// Adds the blocks' sums in block order into the first block.
fn reduce(blocks: &mut [Sums], k: usize) {
    let Some((first, rest)) = blocks.split_first_mut() else {
        return;
    };
    let width = 64 * k * k;
    first
        .counts
        .par_chunks_mut(width)
        .enumerate()
        .for_each(|(i, c)| {
            for other in rest.iter() {
                for (a, b) in c.iter_mut().zip(&other.counts[i * width..]) {
                    *a += b;
                }
            }
        });
    for other in rest.iter() {
        for c in 0..k {
            first.q_sum[c] += other.q_sum[c];
            first.q_answer_sum[c] += other.q_answer_sum[c];
        }
        first.entropy += other.entropy;
    }
}

/// M-step from the summed posteriors into `model`; returns the ELBO's expected log-likelihood
/// of the answers, Σ counts · ln P(observed | true), under the new confusion matrices.
fn m_step(data: &Dataset, sums: &Sums, model: &mut Model, observed: &[bool]) -> f64 {
    let k = model.k;
    if let Some(skills) = model.skills.as_mut() {
        // One coin: accuracy = Σ posterior of the given label / answers.
        skills.par_iter_mut().enumerate().for_each(|(w, s)| {
            let c = &sums.counts[w * k * k..(w + 1) * k * k];
            let hit: f64 = (0..k).map(|y| c[y * k + y]).sum();
            *s = hit / data.worker_answers(w).len().max(1) as f64;
        });
    }
    let skills = model.skills.as_deref();
    let others = (k.max(2) - 1) as f64;
    model
        .errors
        .par_chunks_mut(k * k)
        .zip(model.log2_errors.par_chunks_mut(k * k))
        .zip(sums.counts.par_chunks(k * k))
        .zip(observed.par_chunks(k))
        .enumerate()
        .map(|(w, (((e, le), cnt), obs))| {
            if let Some(skills) = skills {
                let s = skills[w];
                for y in 0..k {
                    for c in 0..k {
                        let v = if y == c { s } else { (1.0 - s) / others };
                        e[y * k + c] = v.clamp(EPS, 1.0 - EPS);
                    }
                }
            } else {
                let mut col = [0.0; 16];
                let mut col_vec;
                let col: &mut [f64] = if k <= 16 {
                    &mut col[..k]
                } else {
                    col_vec = vec![0.0; k];
                    &mut col_vec
                };
                for y in (0..k).filter(|&y| obs[y]) {
                    for c in 0..k {
                        let v = cnt[y * k + c].max(EPS);
                        e[y * k + c] = v;
                        col[c] += v;
                    }
                }
                for y in 0..k {
                    for c in 0..k {
                        e[y * k + c] = if obs[y] { e[y * k + c] / col[c] } else { 0.0 };
                    }
                }
            }
            let mut joint = 0.0;
            for y in 0..k {
                for c in 0..k {
                    let ln = e[y * k + c].ln();
                    le[y * k + c] = ln * std::f64::consts::LOG2_E;
                    if obs[y] {
                        joint += cnt[y * k + c] * ln;
                    }
                }
            }
            joint
        })
        .sum::<f64>()
}

fn run(
    data: &Dataset,
    gold: Option<&Gold>,
    n_iter: usize,
    tol: f64,
    one_coin: bool,
) -> Result<CategoricalResult, AggregateError> {
    run_with(data, gold, n_iter, tol, one_coin, None)
}

#[allow(
    clippy::too_many_lines,
    reason = "the EM loop kept whole to read side by side with Crowd-Kit's DawidSkene.fit; split it when it next changes"
)]
fn run_with(
    data: &Dataset,
    gold: Option<&Gold>,
    n_iter: usize,
    tol: f64,
    one_coin: bool,
    initial: Option<&InitialError>,
) -> Result<CategoricalResult, AggregateError> {
    let k = data.n_labels();
    let mut res = weighted_vote(data, None, OnMissingSkill::Error)?;
    if data.n_answers() == 0 || k == 0 {
        return Ok(res);
    }
    let (nw, nt) = (data.n_workers(), data.n_tasks());
    let mut observed = vec![false; nw * k];
    for (w, _, y) in data.answers() {
        observed[w as usize * k + y as usize] = true;
    }
    let n_blocks = n_blocks(nt, nw * k * k);
    let block_tasks = nt.div_ceil(n_blocks);
    let mut blocks: Vec<Sums> = (0..nt.div_ceil(block_tasks))
        .map(|_| Sums::new(nw, k))
        .collect();
    let mut model = Model {
        k,
        errors: vec![0.0; nw * k * k],
        log2_errors: vec![0.0; nw * k * k],
        skills: one_coin.then(|| vec![0.0; nw]),
    };
    let mut q = std::mem::take(&mut res.probas);
    correct_with_gold(&mut q, k, gold);
    let priors_from = |s: &Sums| -> Vec<f64> { s.q_sum.iter().map(|v| v / nt as f64).collect() };

    // Initialisation: priors and confusion matrices from the (gold-corrected) vote shares.
    // Confusion row of every answer, `worker·K + label`, in task order: one load per answer
    // in the passes instead of two and a multiplication.
    let rows: Vec<u32> = data
        .answers()
        .map(|(w, _, y)| (w as usize * k + y as usize) as u32)
        .collect();
    pass(
        data,
        &rows,
        gold,
        &mut q,
        &[],
        None,
        &mut blocks,
        block_tasks,
        k,
    );
    reduce(&mut blocks, k);
    let mut priors = priors_from(&blocks[0]);
    match initial {
        Some(init) => {
            let mut first = Sums::new(0, k);
            first.counts = blocks[0].counts.clone();
            let mut first_observed = observed.clone();
            apply_initial_error(data, init, &mut first.counts, &mut first_observed)?;
            m_step(data, &first, &mut model, &first_observed);
        }
        None => {
            m_step(data, &blocks[0], &mut model, &observed);
        }
    }

    let mut loss = f64::NEG_INFINITY;
    let n = data.n_answers() as f64;
    for _ in 0..n_iter {
        let log2_priors: Vec<f64> = priors.iter().map(|p| p.max(EPS).log2()).collect();
        pass(
            data,
            &rows,
            gold,
            &mut q,
            &log2_priors,
            Some(&model),
            &mut blocks,
            block_tasks,
            k,
        );
        reduce(&mut blocks, k);
        let sums = &blocks[0];
        priors = priors_from(sums);
        let joint_answers = m_step(data, sums, &mut model, &observed);
        let joint_priors: f64 = sums
            .q_answer_sum
            .iter()
            .zip(&priors)
            .map(|(s, p)| s * p.max(EPS).ln())
            .sum();
        let new_loss = (joint_answers + joint_priors + sums.entropy) / n;
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

fn correct_with_gold(q: &mut [f64], k: usize, gold: Option<&Gold>) {
    let Some(gold) = gold else { return };
    for (row, g) in q.chunks_mut(k).zip(&gold.labels) {
        if let Some(l) = g {
            row.fill(0.0);
            row[*l as usize] = 1.0;
        }
    }
}
