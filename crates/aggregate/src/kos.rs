//! KOS, the message-passing estimator of Karger, Oh & Shah (NeurIPS 2011), binary tasks only.

use rayon::prelude::*;

use crate::dataset::Dataset;
use crate::result::CategoricalResult;
use crate::special::Mt19937;
use crate::{AggregateError, CategoricalAggregator};

/// Messages larger than this stop the iteration early (Crowd-Kit's guard).
const MAX_MESSAGE: f64 = 1e300;

/// KOS. Crowd-Kit: `KOS(n_iter=100, random_state=0)`.
///
/// The label seen first is +1, the other −1; edge reliabilities start from N(1, 1) draws of
/// NumPy's `RandomState(random_state)` in input order, so labels equal Crowd-Kit's. KOS has no
/// probabilities: the result's are one-hot. Difference: a task whose final sum is exactly 0
/// gets the smaller label by the usual tie rule (Crowd-Kit raises a `KeyError`).
#[derive(Debug, Clone)]
pub struct Kos {
    /// Message-passing rounds (100).
    pub n_iter: usize,
    /// Seed (0).
    pub random_state: u32,
}

impl Default for Kos {
    fn default() -> Self {
        Self {
            n_iter: 100,
            random_state: 0,
        }
    }
}

impl CategoricalAggregator for Kos {
    fn fit(&self, data: &Dataset) -> Result<CategoricalResult, AggregateError> {
        let k = data.n_labels();
        let mut res = CategoricalResult::new(data.n_tasks(), k);
        if data.n_answers() == 0 {
            return Ok(res);
        }
        if k != 2 {
            return Err(AggregateError::NotBinary {
                method: "KOS",
                found: k,
            });
        }
        let first_seen = data.label_first_seen_rank();
        let sign_of = |l: u32| {
            if first_seen[l as usize] == 0 {
                1.0
            } else {
                -1.0
            }
        };
        let n = data.n_answers();
        let y: Vec<f64> = (0..n).map(|a| sign_of(data.label[a])).collect();
        let mut rng = Mt19937::new(self.random_state);
        let draws: Vec<f64> = (0..n).map(|_| 1.0 + rng.next_normal()).collect();
        let mut rel: Vec<f64> = (0..n).map(|a| draws[data.input_position(a)]).collect();
        let mut inferred = vec![0.0; n];
        'rounds: for _ in 0..self.n_iter {
            // Task → worker messages.
            let mut overflow = false;
            for t in 0..data.n_tasks() {
                let r = data.task_range(t);
                let s: f64 = r.clone().map(|a| y[a] * rel[a]).sum();
                overflow |= s.abs() > MAX_MESSAGE;
                for a in r {
                    inferred[a] = s - y[a] * rel[a];
                }
            }
            if overflow {
                break 'rounds;
            }
            // Worker → task messages.
            let sums: Vec<f64> = (0..data.n_workers())
                .into_par_iter()
                .map(|w| {
                    data.worker_answers(w)
                        .iter()
                        .map(|&a| y[a as usize] * inferred[a as usize])
                        .sum()
                })
                .collect();
            if sums.iter().any(|s: &f64| s.abs() > MAX_MESSAGE) {
                break 'rounds;
            }
            for (w, sum) in sums.iter().enumerate() {
                for &a in data.worker_answers(w) {
                    let a = a as usize;
                    rel[a] = sum - y[a] * inferred[a];
                }
            }
        }
        for t in 0..data.n_tasks() {
            let s: f64 = data.task_range(t).map(|a| y[a] * rel[a]).sum();
            let plus = (0..k as u32).find(|&l| sign_of(l) > 0.0).unwrap_or(0);
            let label = if s > 0.0 {
                plus
            } else if s < 0.0 {
                1 - plus
            } else {
                0
            };
            res.labels[t] = label;
            res.probas[t * k + label as usize] = 1.0;
        }
        Ok(res)
    }
}
