//! The result of a categorical aggregation.

use crate::dataset::{Dataset, LabelId};

/// What every categorical method returns: per task a label and class probabilities, per worker
/// whatever quality estimate the method has.
///
/// Probabilities are stored row-major, `n_tasks × n_labels`, columns in the dataset's sorted
/// label order. For M-MSR they are Crowd-Kit's `scores_` (weighted vote shares), for KOS they are
/// one-hot (KOS has no probabilities).
#[derive(Debug, Clone, PartialEq)]
pub struct CategoricalResult {
    /// Number of label columns (K).
    pub n_labels: usize,
    /// `labels[task]`: the chosen label id. Ties go to the smallest label in sorted order
    /// (MACE: first-seen order), see [`crate::compare_labels`].
    pub labels: Vec<LabelId>,
    /// `probas[task * n_labels + label]`.
    pub probas: Vec<f64>,
    /// Per-worker skill, where the method has one: accuracy against the aggregate (MV, Wawa, ZBS,
    /// GoldMV), one-coin accuracy (OneCoinDS), GLAD's alpha, MACE's probability of not
    /// spamming, M-MSR's log-odds skill. `NaN` means "no estimate" (e.g. a worker with no
    /// control answer in GoldMV).
    pub skills: Option<Vec<f64>>,
    /// Per-worker confusion matrix, `n_workers × K × K`, entry `[w][observed][true]` =
    /// P(worker answers `observed` | true label is `true`). Dawid–Skene keeps rows only for labels
    /// the worker actually gave (others are 0), as Crowd-Kit does.
    pub confusion: Option<Vec<f64>>,
    /// Class priors (Dawid–Skene, GLAD).
    pub priors: Option<Vec<f64>>,
    /// GLAD's per-task `beta` (log-scale inverse difficulty).
    pub task_difficulty: Option<Vec<f64>>,
    /// MACE's per-worker strategy distribution `n_workers × K` (used when spamming).
    pub strategies: Option<Vec<f64>>,
    /// Objective per iteration (ELBO for Dawid–Skene, Q for GLAD, ...), as Crowd-Kit's
    /// `loss_history_`.
    pub loss_history: Vec<f64>,
}

impl CategoricalResult {
    pub(crate) fn new(n_tasks: usize, n_labels: usize) -> Self {
        Self {
            n_labels,
            labels: vec![0; n_tasks],
            probas: vec![0.0; n_tasks * n_labels],
            skills: None,
            confusion: None,
            priors: None,
            task_difficulty: None,
            strategies: None,
            loss_history: Vec::new(),
        }
    }

    /// Class probabilities of one task.
    pub fn task_probas(&self, task: usize) -> &[f64] {
        &self.probas[task * self.n_labels..(task + 1) * self.n_labels]
    }

    /// Probability of the chosen label of a task: the "confidence" written by the CLI.
    pub fn confidence(&self, task: usize) -> f64 {
        self.task_probas(task)[self.labels[task] as usize]
    }

    /// Confusion matrix entry P(observed | true) of a worker, if the method has one.
    pub fn confusion_entry(&self, worker: usize, observed: usize, truth: usize) -> Option<f64> {
        let k = self.n_labels;
        self.confusion
            .as_ref()
            .map(|c| c[(worker * k + observed) * k + truth])
    }

    /// A worker's overall accuracy from their confusion matrix: the diagonal weighted by
    /// the class priors, Σₖ P(true = k) · P(answers k | true = k). None without a
    /// confusion matrix and priors (methods other than Dawid–Skene).
    pub fn confusion_accuracy(&self, worker: usize) -> Option<f64> {
        let priors = self.priors.as_ref()?;
        let mut total = 0.0;
        for (k, prior) in priors.iter().enumerate() {
            total += prior * self.confusion_entry(worker, k, k)?;
        }
        Some(total)
    }

    /// `(task name, label name, confidence)` rows, in task-id order.
    pub fn rows<'a>(
        &'a self,
        data: &'a Dataset,
    ) -> impl Iterator<Item = (&'a str, &'a str, f64)> + 'a {
        (0..self.labels.len()).map(move |t| {
            (
                data.task_names()[t].as_str(),
                data.label_names()[self.labels[t] as usize].as_str(),
                self.confidence(t),
            )
        })
    }

    /// Sets every label to the argmax of its row (ties → smallest label id).
    pub(crate) fn argmax_labels(&mut self) {
        let k = self.n_labels;
        if k == 0 {
            return;
        }
        for (t, row) in self.probas.chunks(k).enumerate() {
            self.labels[t] = argmax(row) as u32;
        }
    }
}

/// Index of the first maximal element (pandas `idxmax` semantics: NaN is skipped; an all-NaN
/// row gives 0).
pub(crate) fn argmax(row: &[f64]) -> usize {
    let mut best = 0;
    let mut best_v = f64::NEG_INFINITY;
    let mut found = false;
    for (i, &v) in row.iter().enumerate() {
        if v.is_nan() {
            continue;
        }
        if !found || v > best_v {
            best = i;
            best_v = v;
            found = true;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use crate::{CategoricalAggregator, Dataset, DawidSkene, MajorityVote};

    #[test]
    fn confusion_accuracy_weights_the_diagonal_by_the_priors() {
        let mut b = Dataset::builder();
        for t in 0..6 {
            let truth = if t % 2 == 0 { "a" } else { "b" };
            let task = format!("t{t}");
            b.push("good1", &task, truth);
            b.push("good2", &task, truth);
            b.push("bad", &task, "a");
        }
        let data = b.build();
        let ds = DawidSkene::default().fit(&data).expect("fits");
        let good = data.worker_id("good1").expect("worker") as usize;
        let bad = data.worker_id("bad").expect("worker") as usize;
        let good_acc = ds.confusion_accuracy(good).expect("a confusion matrix");
        let bad_acc = ds.confusion_accuracy(bad).expect("a confusion matrix");
        // Priors 1/2 each; the good worker is right on both classes, the other always says "a".
        assert!((good_acc - 1.0).abs() < 1e-3, "{good_acc}");
        assert!((bad_acc - 0.5).abs() < 1e-3, "{bad_acc}");
        let mv = MajorityVote::default().fit(&data).expect("fits");
        assert_eq!(mv.confusion_accuracy(good), None);
    }
}
