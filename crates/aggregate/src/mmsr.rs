//! M-MSR (Ma & Olshevsky, "Adversarial crowdsourcing through robust rank-one matrix completion",
//! NeurIPS 2020): worker reliabilities from a robust rank-one completion of the workers'
//! agreement matrix, then a vote weighted by log-odds skills.
//!
//! Crowd-Kit 1.4.2 builds dense workers × tasks and workers × workers matrices; we keep only the
//! pairs of workers that share a task, so memory grows with those pairs, not with W². The
//! behaviour follows Crowd-Kit's (see [`Mmsr`] for the few places it does not).

use rayon::prelude::*;

use crate::dataset::Dataset;
use crate::result::CategoricalResult;
use crate::special::Mt19937;
use crate::vote::{OnMissingSkill, weighted_vote};
use crate::{AggregateError, CategoricalAggregator};

/// M-MSR. Crowd-Kit: `MMSR(n_iter=10000, tol=1e-10, random_state=0)`.
///
/// `skills` are log((K−1)·p/(1−p)) for the estimated probability p that a worker is right (can
/// be negative); `probas` are Crowd-Kit's `scores_`: skill-weighted vote shares, which can be
/// below 0 or above 1; `loss_history` is the Frobenius change of the rank-one estimate.
///
/// As in Crowd-Kit: a worker's repeated answer to a task counts once (the last one) in the
/// agreement matrix but every answer votes; the starting point is the same uniform draws
/// (`scipy.stats.uniform.rvs(random_state=0)`, Mersenne Twister); pairs of workers that share no
/// task count as disagreeing pairs in the sign step. The sign step needs the eigenvector of the
/// smallest eigenvalue of a signed-graph walk matrix: Crowd-Kit asks ARPACK, we use power
/// iteration on the equivalent symmetric matrix, capped at `sign_max_iter` products, so on large
/// crowds whose two smallest eigenvalues are very close the signs may be those of a not fully
/// converged vector.
#[derive(Debug, Clone)]
pub struct Mmsr {
    /// Maximum rank-one iterations (10000).
    pub n_iter: usize,
    /// Stop when the rank-one estimate moves less than this in Frobenius norm (1e-10).
    pub tol: f64,
    /// Seed of the starting point (0).
    pub random_state: u32,
    /// Cap on the matrix–vector products of the sign step (20000).
    pub sign_max_iter: usize,
}

impl Default for Mmsr {
    fn default() -> Self {
        Self {
            n_iter: 10_000,
            tol: 1e-10,
            random_state: 0,
            sign_max_iter: 20_000,
        }
    }
}

/// The observed part of the workers' covariance matrix, one sorted row per worker.
struct Covariance {
    /// Row `i` is `start[i]..start[i+1]` of `other` / `value`.
    start: Vec<usize>,
    other: Vec<u32>,
    /// C_ij = (agreement share · K − 1)/(K − 1).
    value: Vec<f64>,
}

impl Covariance {
    fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let r = self.start[i]..self.start[i + 1];
        (&self.other[r.clone()], &self.value[r])
    }

    fn build(data: &Dataset) -> Self {
        let nw = data.n_workers();
        let k = data.n_labels() as f64;
        // Last answer of each worker per task (Crowd-Kit overwrites its observation matrix).
        let mut pairs: Vec<u64> = Vec::new();
        let mut last: Vec<(u32, u32)> = Vec::new();
        for t in 0..data.n_tasks() {
            last.clear();
            for a in data.task_range(t) {
                let (w, l) = (data.worker[a], data.label[a]);
                match last.iter_mut().find(|(lw, _)| *lw == w) {
                    Some(e) => e.1 = l,
                    None => last.push((w, l)),
                }
            }
            for (x, &(wi, li)) in last.iter().enumerate() {
                for &(wj, lj) in &last[x + 1..] {
                    let agree = u64::from(li == lj);
                    pairs.push((u64::from(wi) << 33) | (u64::from(wj) << 1) | agree);
                    pairs.push((u64::from(wj) << 33) | (u64::from(wi) << 1) | agree);
                }
            }
        }
        pairs.par_sort_unstable();
        let mut start = vec![0usize; nw + 1];
        let (mut other, mut value) = (Vec::new(), Vec::new());
        let mut i = 0;
        while i < pairs.len() {
            let key = pairs[i] >> 1;
            let (mut common, mut agree) = (0u32, 0u32);
            while i < pairs.len() && pairs[i] >> 1 == key {
                common += 1;
                agree += (pairs[i] & 1) as u32;
                i += 1;
            }
            let (a, b) = ((key >> 32) as usize, (key & 0xffff_ffff) as u32);
            start[a + 1] += 1;
            other.push(b);
            let share = f64::from(agree) / f64::from(common);
            value.push(share * k / (k - 1.0) - 1.0 / (k - 1.0));
        }
        for w in 0..nw {
            start[w + 1] += start[w];
        }
        Self {
            start,
            other,
            value,
        }
    }
}

/// Python's `y[i:]` start (or `y[:i]` end) for a list of `len` items.
fn py_index(len: usize, i: i64) -> usize {
    if i < 0 {
        len.saturating_sub(i.unsigned_abs() as usize)
    } else {
        (i as usize).min(len)
    }
}

/// Crowd-Kit's trimming around the current estimate `a`, then the mean: drop the F smallest
/// values (or, when fewer than F lie below `a`, everything below `a`), then likewise the F
/// largest; Python's slicing rules apply, so F = −1 keeps only the largest value. Crowd-Kit sorts;
/// we only partition (`select_nth_unstable`), which keeps the same values in O(n).
fn trimmed_mean(y: &mut Vec<f64>, f: i64, a: f64, n_tasks: usize) -> Option<f64> {
    if (y.iter().filter(|&&v| v < a).count() as i64) < f {
        y.retain(|&v| v >= a);
    } else {
        let s = py_index(y.len(), f);
        if s > 0 && s < y.len() {
            y.select_nth_unstable_by(s, f64::total_cmp);
        }
        y.drain(..s);
    }
    let m = y.len() as i64;
    if (y.iter().filter(|&&v| v > a).count() as i64) < f {
        y.retain(|&v| v <= a);
    } else {
        let e = py_index(y.len(), m - f);
        if e < y.len() {
            y.select_nth_unstable_by(e, f64::total_cmp);
        }
        y.truncate(e);
    }
    if y.len() == 1 && y[0] == 0.0 {
        y[0] = 1.0 / (n_tasks as f64).sqrt();
    }
    (!y.is_empty()).then(|| y.iter().sum::<f64>() / y.len() as f64)
}

impl Mmsr {
    /// Robust rank-one completion of |C|: alternately, each v_j (then u_i) becomes the trimmed
    /// mean of |C_ij|/u_i over the workers i sharing a task with j.
    fn rank_one(
        &self,
        cov: &Covariance,
        nw: usize,
        n_tasks: usize,
        loss: &mut Vec<f64>,
    ) -> Vec<f64> {
        let sparsity = (0..nw)
            .map(|w| cov.start[w + 1] - cov.start[w])
            .min()
            .unwrap_or(0) as i64;
        let f = sparsity / 2 - 1;
        let mut rng = Mt19937::new(self.random_state);
        let mut u: Vec<f64> = (0..nw).map(|_| rng.next_f64()).collect();
        let mut v = u.clone();
        let update = |target: &mut [f64], by: &[f64]| {
            target
                .par_iter_mut()
                .enumerate()
                .for_each_init(Vec::new, |buf, (j, tj)| {
                    let (others, values) = cov.row(j);
                    buf.clear();
                    buf.extend(
                        others
                            .iter()
                            .zip(values)
                            .map(|(&i, c)| c.abs() / by[i as usize]),
                    );
                    if let Some(m) = trimmed_mean(buf, f, *tj, n_tasks) {
                        *tj = m;
                    }
                });
        };
        for _ in 0..self.n_iter {
            let (u_prev, v_prev) = (u.clone(), v.clone());
            update(&mut v, &u);
            update(&mut u, &v);
            // ‖u vᵀ − u' v'ᵀ‖_F without forming W × W: with du = u − u', dv = v − v',
            // u vᵀ − u' v'ᵀ = du vᵀ + u' dvᵀ.
            let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
            let du: Vec<f64> = u.iter().zip(&u_prev).map(|(a, b)| a - b).collect();
            let dv: Vec<f64> = v.iter().zip(&v_prev).map(|(a, b)| a - b).collect();
            let sq = dot(&du, &du) * dot(&v, &v)
                + dot(&u_prev, &u_prev) * dot(&dv, &dv)
                + 2.0 * dot(&du, &u_prev) * dot(&v, &dv);
            let l = sq.max(0.0).sqrt();
            loss.push(l);
            if l < self.tol {
                break;
            }
        }
        let norm = |x: &[f64]| x.iter().map(|a| a * a).sum::<f64>().sqrt();
        let scale = (norm(&u) / norm(&v)).sqrt();
        u.iter().map(|x| x / scale).collect()
    }

    /// Signs of the workers' reliabilities (+1, −1, 0) from the signed graph of C: positive pairs
    /// are joined through an extra node, negative pairs (including pairs without a common task,
    /// whose C is −1/(K−1) in Crowd-Kit's dense matrix) and each worker's own diagonal directly;
    /// the signs are those of the eigenvector of the smallest eigenvalue of the walk matrix.
    #[allow(
        clippy::too_many_lines,
        reason = "kept whole to read side by side with Crowd-Kit's MMSR sign step; split it when it next changes"
    )]
    fn signs(&self, cov: &Covariance, nw: usize, k: usize) -> Vec<f64> {
        let neg = -1.0 / (k as f64 - 1.0);
        // Row sums of the dense C: observed entries, then −1/(K−1) for the diagonal and every
        // worker without a common task.
        let valid: Vec<usize> = (0..nw)
            .filter(|&i| {
                let (_, values) = cov.row(i);
                let unobserved = (nw - values.len()) as f64;
                values.iter().sum::<f64>() + unobserved * neg != 0.0
            })
            .collect();
        let n = valid.len();
        if n == 0 {
            return vec![0.0; nw];
        }
        let mut index = vec![usize::MAX; nw];
        for (x, &i) in valid.iter().enumerate() {
            index[i] = x;
        }
        // Per valid worker: observed neighbours among the valid ones, by sign.
        let mut negative: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut observed: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut positive_pairs: Vec<(usize, usize)> = Vec::new();
        for (x, &i) in valid.iter().enumerate() {
            let (others, values) = cov.row(i);
            for (&j, &c) in others.iter().zip(values) {
                let y = index[j as usize];
                if y == usize::MAX {
                    continue;
                }
                observed[x].push(y);
                if c < 0.0 {
                    negative[x].push(y);
                } else if c > 0.0 && x < y {
                    positive_pairs.push((x, y));
                }
            }
        }
        let m = positive_pairs.len();
        let mut degree = vec![0.0; n + m];
        for x in 0..n {
            // self loop + unobserved valid workers + observed negative ones
            degree[x] = (1 + (n - 1 - observed[x].len()) + negative[x].len()) as f64;
        }
        for (p, &(x, y)) in positive_pairs.iter().enumerate() {
            degree[x] += 1.0;
            degree[y] += 1.0;
            degree[n + p] = 2.0;
        }
        let inv_sqrt: Vec<f64> = degree.iter().map(|d| 1.0 / d.sqrt()).collect();
        // y = (I − D^{-1/2} A D^{-1/2}) x, whose largest eigenvalue is 1 − the smallest of the
        // walk matrix D^{-1}A (same eigenvalues; eigenvectors differ by D^{-1/2} > 0).
        let apply = |x: &[f64], out: &mut [f64]| {
            let z: Vec<f64> = x.iter().zip(&inv_sqrt).map(|(a, b)| a * b).collect();
            let total: f64 = z[..n].iter().sum();
            for xi in 0..n {
                let observed_sum: f64 = observed[xi].iter().map(|&y| z[y]).sum();
                let neg_sum: f64 = negative[xi].iter().map(|&y| z[y]).sum();
                // self loop (z_i) + unobserved (total − z_i − observed) + observed negatives
                out[xi] = total - observed_sum + neg_sum;
            }
            for (p, &(a, b)) in positive_pairs.iter().enumerate() {
                out[a] += z[n + p];
                out[b] += z[n + p];
                out[n + p] = z[a] + z[b];
            }
            for ((o, s), xv) in out.iter_mut().zip(&inv_sqrt).zip(x) {
                *o = xv - *o * s;
            }
        };
        let mut rng = Mt19937::new(self.random_state);
        let mut x: Vec<f64> = (0..n + m).map(|_| rng.next_f64() - 0.5).collect();
        let mut y = vec![0.0; n + m];
        let normalise = |v: &mut [f64]| {
            let s = v.iter().map(|a| a * a).sum::<f64>().sqrt();
            if s > 0.0 {
                v.iter_mut().for_each(|a| *a /= s);
            }
        };
        normalise(&mut x);
        for _ in 0..self.sign_max_iter {
            apply(&x, &mut y);
            let mu: f64 = x.iter().zip(&y).map(|(a, b)| a * b).sum();
            let residual = x
                .iter()
                .zip(&y)
                .map(|(a, b)| (b - mu * a).powi(2))
                .sum::<f64>()
                .sqrt();
            std::mem::swap(&mut x, &mut y);
            normalise(&mut x);
            if residual <= 1e-12 * mu.abs().max(1.0) {
                break;
            }
        }
        let sign = |v: f64| {
            if v > 0.0 {
                1.0
            } else if v < 0.0 {
                -1.0
            } else {
                0.0
            }
        };
        let global = sign(x[..n].iter().map(|&v| sign(v)).sum());
        let mut out = vec![0.0; nw];
        for (xi, &i) in valid.iter().enumerate() {
            out[i] = global * sign(x[xi]);
        }
        out
    }
}

impl CategoricalAggregator for Mmsr {
    fn fit(&self, data: &Dataset) -> Result<CategoricalResult, AggregateError> {
        let (nw, nt, k) = (data.n_workers(), data.n_tasks(), data.n_labels());
        if data.n_answers() == 0 {
            return Ok(CategoricalResult::new(nt, k));
        }
        if k < 2 {
            return Err(AggregateError::InvalidParameter {
                name: "labels",
                reason: "M-MSR needs at least two distinct labels".into(),
            });
        }
        let cov = Covariance::build(data);
        let mut loss = Vec::new();
        let magnitude = self.rank_one(&cov, nw, nt, &mut loss);
        let signs = self.signs(&cov, nw, k);
        let kf = k as f64;
        let root = (nt as f64).sqrt();
        let skills: Vec<f64> = magnitude
            .iter()
            .zip(&signs)
            .map(|(m, s)| {
                let x = (s * m)
                    .min(1.0 - 1.0 / root)
                    .max(-1.0 / (kf - 1.0) + 1.0 / root);
                let p = x * (kf - 1.0) / kf + 1.0 / kf;
                (p * (kf - 1.0) / (1.0 - p)).ln()
            })
            .collect();
        let mut res = weighted_vote(data, Some(&skills), OnMissingSkill::Error)?;
        res.skills = Some(skills);
        res.loss_history = loss;
        Ok(res)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimming_follows_crowdkit_including_negative_f() {
        let mut y = vec![1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(trimmed_mean(&mut y, 1, 3.0, 4), Some(3.0));
        let mut y = vec![1.0, 2.0, 9.0];
        assert_eq!(trimmed_mean(&mut y, -1, 2.0, 4), Some(9.0));
        let mut y = vec![0.0];
        assert_eq!(trimmed_mean(&mut y, 0, 1.0, 4), Some(0.5));
    }
}
