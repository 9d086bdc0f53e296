//! Vote-counting methods: majority vote, Wawa, zero-based skill and gold majority vote.
//!
//! They share two pieces: a (skill-)weighted vote per task, and a worker's accuracy against
//! reference labels (Crowd-Kit's `get_accuracy`: a repeated identical answer counts once).

use rayon::prelude::*;

use crate::dataset::{Dataset, Gold, LabelId};
use crate::result::{CategoricalResult, argmax};
use crate::{AggregateError, CategoricalAggregator};

/// What a skill-weighted vote does with a worker whose skill is unknown (`NaN`), as Crowd-Kit's
/// `on_missing_skill`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum OnMissingSkill {
    /// Refuse ([`AggregateError::MissingSkill`]). Crowd-Kit's default.
    #[default]
    Error,
    /// Drop that worker's answers; a task left without answers is an error.
    Ignore,
    /// Use this skill instead.
    Value(f64),
}

/// Weighted vote. `skills[w]` weights worker `w` (`None` = every vote weighs 1). Returns the
/// result with labels and probabilities (vote shares) filled in.
///
/// Tie rule: the smallest label in sorted order wins. A task whose answers all weigh 0 (every
/// worker has skill 0) falls back to the unweighted vote for that task; Crowd-Kit would give it
/// `NaN` probabilities and no label.
pub(crate) fn weighted_vote(
    data: &Dataset,
    skills: Option<&[f64]>,
    on_missing: OnMissingSkill,
) -> Result<CategoricalResult, AggregateError> {
    let k = data.n_labels();
    let n_tasks = data.n_tasks();
    let mut res = CategoricalResult::new(n_tasks, k);
    if let Some(sk) = skills {
        let missing: Vec<usize> = (0..data.n_answers())
            .filter(|&a| sk[data.worker[a] as usize].is_nan())
            .collect();
        if !missing.is_empty() && on_missing == OnMissingSkill::Error {
            return Err(AggregateError::MissingSkill {
                count: missing.len(),
                example: data.worker_names()[data.worker[missing[0]] as usize].clone(),
            });
        }
    }
    let weight = |a: usize| -> Option<f64> {
        match skills {
            None => Some(1.0),
            Some(sk) => {
                let s = sk[data.worker[a] as usize];
                if s.is_nan() {
                    match on_missing {
                        OnMissingSkill::Value(v) => Some(v),
                        _ => None,
                    }
                } else {
                    Some(s)
                }
            }
        }
    };
    let empty: Vec<bool> = res
        .probas
        .par_chunks_mut(k.max(1))
        .zip(res.labels.par_iter_mut())
        .enumerate()
        .map(|(t, (row, label))| {
            let mut any = false;
            for a in data.task_range(t) {
                if let Some(w) = weight(a) {
                    row[data.label[a] as usize] += w;
                    any = true;
                }
            }
            let mut total: f64 = row.iter().sum();
            if total == 0.0 && any {
                for a in data.task_range(t) {
                    row[data.label[a] as usize] += 1.0;
                }
                total = row.iter().sum();
            }
            if total != 0.0 {
                for v in row.iter_mut() {
                    *v /= total;
                }
            }
            *label = argmax(row) as LabelId;
            !any
        })
        .collect();
    if let Some(t) = empty.iter().position(|&e| e) {
        return Err(AggregateError::TaskWithoutSkilledAnswer {
            count: empty.iter().filter(|&&e| e).count(),
            example: data.task_names()[t].clone(),
        });
    }
    Ok(res)
}

/// Accuracy of each worker against reference labels: among the worker's answers on tasks with a
/// reference (a repeated identical answer counted once), the share that equals it. `NaN` for a
/// worker with no such answer.
pub fn worker_accuracy(data: &Dataset, truth: &[Option<LabelId>]) -> Vec<f64> {
    // One pass over the answers in task order, counting per worker: the reference of each
    // answer's task is then read in order, where walking each worker's answers read it at
    // random (at ten million answers that was most of majority vote's time, waiting on memory).
    let n_workers = data.n_workers();
    let counts = (0..data.n_answers())
        .into_par_iter()
        .with_min_len(1 << 16)
        .fold(
            || vec![(0u64, 0u64); n_workers],
            |mut counts, a| {
                if !data.duplicate[a]
                    && let Some(t) = truth[data.task[a] as usize]
                {
                    let c = &mut counts[data.worker[a] as usize];
                    c.0 += u64::from(t == data.label[a]);
                    c.1 += 1;
                }
                counts
            },
        )
        .reduce(
            || vec![(0u64, 0u64); n_workers],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    x.0 += y.0;
                    x.1 += y.1;
                }
                a
            },
        );
    counts
        .into_iter()
        .map(|(hit, total)| {
            if total == 0 {
                f64::NAN
            } else {
                hit as f64 / total as f64
            }
        })
        .collect()
}

fn as_truth(labels: &[LabelId]) -> Vec<Option<LabelId>> {
    labels.iter().map(|&l| Some(l)).collect()
}

/// Majority vote: each answer is one vote; probabilities are vote shares; ties go to the
/// smallest label in sorted order ([`crate::compare_labels`]). Skills are each worker's accuracy
/// against the result. Crowd-Kit: `MajorityVote`.
#[derive(Debug, Clone, Default)]
pub struct MajorityVote {
    /// What to do with workers lacking a skill when [`MajorityVote::fit_weighted`] is used.
    pub on_missing_skill: OnMissingSkill,
}

impl MajorityVote {
    /// Vote weighted by `skills[worker]` (`NaN` = unknown), Crowd-Kit's `fit(data, skills)`.
    pub fn fit_weighted(
        &self,
        data: &Dataset,
        skills: &[f64],
    ) -> Result<CategoricalResult, AggregateError> {
        let mut res = weighted_vote(data, Some(skills), self.on_missing_skill)?;
        res.skills = Some(worker_accuracy(data, &as_truth(&res.labels)));
        Ok(res)
    }
}

impl CategoricalAggregator for MajorityVote {
    fn fit(&self, data: &Dataset) -> Result<CategoricalResult, AggregateError> {
        let mut res = weighted_vote(data, None, self.on_missing_skill)?;
        res.skills = Some(worker_accuracy(data, &as_truth(&res.labels)));
        Ok(res)
    }
}

/// Worker Agreement With Aggregate: skills = accuracy against the plain majority vote, then a
/// vote weighted by those skills. One pass. Crowd-Kit: `Wawa`.
#[derive(Debug, Clone, Default)]
pub struct Wawa;

impl CategoricalAggregator for Wawa {
    fn fit(&self, data: &Dataset) -> Result<CategoricalResult, AggregateError> {
        let mv = weighted_vote(data, None, OnMissingSkill::Error)?;
        let skills = worker_accuracy(data, &as_truth(&mv.labels));
        let mut res = weighted_vote(data, Some(&skills), OnMissingSkill::Error)?;
        res.skills = Some(skills);
        Ok(res)
    }
}

/// Zero-Based Skill: skills start at `1/K + eps` and move towards each worker's accuracy against
/// the weighted vote with a decaying learning rate. As in Crowd-Kit it always runs `n_iter`
/// iterations (no early stop). Crowd-Kit: `ZeroBasedSkill`.
#[derive(Debug, Clone)]
pub struct ZeroBasedSkill {
    /// Iterations (100).
    pub n_iter: usize,
    /// Initial learning rate (1.0).
    pub lr_init: f64,
    /// The rate is multiplied by `lr_reduce_factor` on every iteration divisible by this (20).
    pub lr_steps_to_reduce: usize,
    /// Learning-rate decay (0.5).
    pub lr_reduce_factor: f64,
    /// Added to the initial skill `1/K` (1e-5).
    pub eps: f64,
}

impl Default for ZeroBasedSkill {
    fn default() -> Self {
        Self {
            n_iter: 100,
            lr_init: 1.0,
            lr_steps_to_reduce: 20,
            lr_reduce_factor: 0.5,
            eps: 1e-5,
        }
    }
}

impl CategoricalAggregator for ZeroBasedSkill {
    fn fit(&self, data: &Dataset) -> Result<CategoricalResult, AggregateError> {
        if self.lr_steps_to_reduce == 0 {
            return Err(AggregateError::InvalidParameter {
                name: "lr_steps_to_reduce",
                reason: "must be at least 1".into(),
            });
        }
        let k = data.n_labels().max(1);
        let mut skills = vec![1.0 / k as f64 + self.eps; data.n_workers()];
        let mut lr = self.lr_init;
        for it in 1..=self.n_iter {
            if it % self.lr_steps_to_reduce == 0 {
                lr *= self.lr_reduce_factor;
            }
            let mv = weighted_vote(data, Some(&skills), OnMissingSkill::Error)?;
            let acc = worker_accuracy(data, &as_truth(&mv.labels));
            for (s, a) in skills.iter_mut().zip(acc) {
                *s += lr * (a - *s);
            }
        }
        let mut res = weighted_vote(data, Some(&skills), OnMissingSkill::Error)?;
        res.skills = Some(skills);
        Ok(res)
    }
}

/// Gold majority vote: skills = accuracy on control tasks only, then a skill-weighted vote.
/// A worker without any control answer has no skill; by default that is an error, as in
/// Crowd-Kit. Crowd-Kit: `GoldMajorityVote`.
#[derive(Debug, Clone, Default)]
pub struct GoldMajorityVote {
    /// Policy for workers without a control answer.
    pub on_missing_skill: OnMissingSkill,
}

impl GoldMajorityVote {
    /// Skills from `gold`, then the weighted vote.
    pub fn fit(&self, data: &Dataset, gold: &Gold) -> Result<CategoricalResult, AggregateError> {
        let skills = worker_accuracy(data, &gold.labels);
        let mut res = weighted_vote(data, Some(&skills), self.on_missing_skill)?;
        res.skills = Some(skills);
        Ok(res)
    }
}
