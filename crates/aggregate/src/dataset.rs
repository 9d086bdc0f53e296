//! Categorical answers, interned once into dense integer ids.
//!
//! Every algorithm works on [`Dataset`]: workers, tasks and labels are strings at the edge and
//! `u32` ids inside. Answers are stored grouped by task (in input order within a task) with a
//! second index grouped by worker, so the per-task E-steps and per-worker M-steps are plain loops
//! over contiguous slices that rayon can split.

use std::collections::HashMap;
use std::hash::BuildHasher;

use crate::AggregateError;

/// Dense worker id (index into [`Dataset::worker_names`]).
pub type WorkerId = u32;
/// Dense task id (index into [`Dataset::task_names`]).
pub type TaskId = u32;
/// Dense label id (index into [`Dataset::label_names`]; ids follow the sorted label order).
pub type LabelId = u32;

/// The hasher of every map in this crate: foldhash's fast variant with a fixed seed (see
/// docs/benchmarks.md, "Aggregation at scale", for why this one). Fixed, so a map's iteration
/// order, and any float sum taken in that order, is the same on every run. Inputs are the
/// caller's own strings, so hash flooding is not a concern here.
pub(crate) type IdHasher = foldhash::fast::FixedState;

pub(crate) type FxMap<K, V> = HashMap<K, V, IdHasher>;

/// Interns strings into dense ids in first-seen order.
///
/// The names are stored back to back in one buffer and the table holds only ids, so a look-up
/// touches a few dense arrays instead of one heap allocation per name: with a million items the
/// table of a few thousand workers stays in cache (the profile in docs/benchmarks.md showed the
/// old layout's look-ups waiting on memory). The last id found is tried first: answers usually
/// come grouped by task (exports and the store list them so), and then most task look-ups skip
/// the table.
#[derive(Clone)]
pub(crate) struct Interner {
    table: hashbrown::HashTable<u32>,
    hasher: IdHasher,
    /// Every name, back to back.
    text: String,
    /// Name `i` is `text[bounds[i]..bounds[i + 1]]`.
    bounds: Vec<usize>,
    last: Option<u32>,
}

impl Default for Interner {
    fn default() -> Self {
        Self {
            table: hashbrown::HashTable::new(),
            hasher: IdHasher::default(),
            text: String::new(),
            bounds: vec![0],
            last: None,
        }
    }
}

impl Interner {
    fn name(&self, id: u32) -> &str {
        let id = id as usize;
        &self.text[self.bounds[id]..self.bounds[id + 1]]
    }

    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        if let Some(last) = self.last
            && self.name(last) == s
        {
            return last;
        }
        let hash = self.hasher.hash_one(s.as_bytes());
        let (text, bounds) = (self.text.as_bytes(), &self.bounds);
        let same = |&id: &u32| &text[bounds[id as usize]..bounds[id as usize + 1]] == s.as_bytes();
        let id = match self.table.find(hash, same) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(self.len()).unwrap_or(u32::MAX);
                let (hasher, text, bounds) = (&self.hasher, self.text.as_bytes(), &self.bounds);
                self.table.insert_unique(hash, id, |&id| {
                    hasher.hash_one(&text[bounds[id as usize]..bounds[id as usize + 1]])
                });
                self.text.push_str(s);
                self.bounds.push(self.text.len());
                id
            }
        };
        self.last = Some(id);
        id
    }
    pub(crate) fn len(&self) -> usize {
        self.bounds.len() - 1
    }
    pub(crate) fn into_names(self) -> Vec<String> {
        (0..self.len() as u32)
            .map(|id| self.name(id).to_owned())
            .collect()
    }
}

/// Builds a [`Dataset`] from `(worker, task, label)` string triples.
#[derive(Default, Clone)]
pub struct DatasetBuilder {
    workers: Interner,
    tasks: Interner,
    labels: Interner,
    rows: Vec<(u32, u32, u32)>,
}

impl DatasetBuilder {
    /// An empty builder; `capacity` is the expected number of answers.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            rows: Vec::with_capacity(capacity),
            ..Self::default()
        }
    }

    /// Adds one answer. Repeated `(worker, task)` pairs are kept as separate votes, as in
    /// Crowd-Kit.
    pub fn push(&mut self, worker: &str, task: &str, label: &str) -> &mut Self {
        let w = self.workers.intern(worker);
        let t = self.tasks.intern(task);
        let l = self.labels.intern(label);
        self.rows.push((t, w, l));
        self
    }

    /// Number of answers pushed so far.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when no answer was pushed.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Freezes the answers: label ids are renumbered into the sorted label order (see
    /// [`compare_labels`]), answers are grouped by task and indexed by worker.
    pub fn build(self) -> Dataset {
        let first_seen_names = self.labels.into_names();
        let n_labels = first_seen_names.len();
        let mut order: Vec<usize> = (0..n_labels).collect();
        order.sort_by(|&a, &b| compare_labels(&first_seen_names[a], &first_seen_names[b]));
        // old (first-seen) id -> new (sorted) id
        let mut remap = vec![0u32; n_labels];
        for (new, &old) in order.iter().enumerate() {
            remap[old] = new as u32;
        }
        let label_names: Vec<String> = order.iter().map(|&o| first_seen_names[o].clone()).collect();
        let label_first_seen: Vec<u32> = order.iter().map(|&o| o as u32).collect();

        let n_tasks = self.tasks.len();
        let n_workers = self.workers.len();
        let n = self.rows.len();

        // Counting sort by task keeps input order inside a task.
        let mut task_start = vec![0u32; n_tasks + 1];
        for &(t, _, _) in &self.rows {
            task_start[t as usize + 1] += 1;
        }
        for i in 0..n_tasks {
            task_start[i + 1] += task_start[i];
        }
        let mut fill = task_start.clone();
        let mut worker = vec![0u32; n];
        let mut label = vec![0u32; n];
        let mut task = vec![0u32; n];
        let mut input_pos = vec![0u32; n];
        for (pos, &(t, w, l)) in self.rows.iter().enumerate() {
            let at = fill[t as usize] as usize;
            fill[t as usize] += 1;
            worker[at] = w;
            label[at] = remap[l as usize];
            task[at] = t;
            input_pos[at] = pos as u32;
        }

        // The rows are in the arrays now; freeing them before the worker index lowers the peak
        // (12 bytes an answer: 1.2 GB at 100 million answers).
        drop(self.rows);

        let mut worker_start = vec![0u32; n_workers + 1];
        for &w in &worker {
            worker_start[w as usize + 1] += 1;
        }
        for i in 0..n_workers {
            worker_start[i + 1] += worker_start[i];
        }
        let mut wfill = worker_start.clone();
        let mut by_worker = vec![0u32; n];
        for (a, &w) in worker.iter().enumerate() {
            by_worker[wfill[w as usize] as usize] = a as u32;
            wfill[w as usize] += 1;
        }

        // An answer repeating an earlier (task, worker, label) does not count twice in skill
        // accuracies (Crowd-Kit's `get_accuracy` drops such duplicates).
        let mut duplicate = vec![false; n];
        for t in 0..n_tasks {
            let (s, e) = (task_start[t] as usize, task_start[t + 1] as usize);
            if e - s <= 32 {
                for i in s..e {
                    if (s..i).any(|j| worker[j] == worker[i] && label[j] == label[i]) {
                        duplicate[i] = true;
                    }
                }
            } else {
                let mut seen: FxMap<(u32, u32), ()> = FxMap::default();
                for i in s..e {
                    if seen.insert((worker[i], label[i]), ()).is_some() {
                        duplicate[i] = true;
                    }
                }
            }
        }

        Dataset {
            worker_names: self.workers.into_names(),
            task_names: self.tasks.into_names(),
            label_names,
            label_first_seen,
            task_start,
            worker,
            label,
            task,
            input_pos,
            worker_start,
            by_worker,
            duplicate,
        }
    }
}

/// The order of labels, which is also the tie rule of every categorical method: when several
/// labels share the highest score, the **smallest** label in this order wins (Crowd-Kit takes the
/// first column of a pandas `unstack`, which sorts labels).
///
/// Labels that all parse as numbers sort numerically (so `"9" < "10"`, as pandas sorts integer
/// labels); otherwise labels sort by Unicode code point (Python's string order, so `"False" <
/// "True"` and `"Zebra" < "apple"`).
pub fn compare_labels(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
        (Ok(x), Ok(y)) if x.is_finite() && y.is_finite() => x.total_cmp(&y).then_with(|| a.cmp(b)),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        _ => a.cmp(b),
    }
}

/// Interned categorical answers. Build one with [`Dataset::builder`].
#[derive(Debug, Clone)]
pub struct Dataset {
    worker_names: Vec<String>,
    task_names: Vec<String>,
    label_names: Vec<String>,
    label_first_seen: Vec<u32>,
    /// Answers of task `t` are `task_start[t]..task_start[t+1]`.
    task_start: Vec<u32>,
    pub(crate) worker: Vec<WorkerId>,
    pub(crate) label: Vec<LabelId>,
    pub(crate) task: Vec<TaskId>,
    input_pos: Vec<u32>,
    worker_start: Vec<u32>,
    by_worker: Vec<u32>,
    pub(crate) duplicate: Vec<bool>,
}

impl Dataset {
    /// A builder taking `(worker, task, label)` strings.
    pub fn builder() -> DatasetBuilder {
        DatasetBuilder::default()
    }

    /// Convenience: a dataset from triples `(worker, task, label)`.
    pub fn from_triples<'a, I>(rows: I) -> Self
    where
        I: IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    {
        let mut b = Self::builder();
        for (w, t, l) in rows {
            b.push(w, t, l);
        }
        b.build()
    }

    /// Number of answers.
    pub fn n_answers(&self) -> usize {
        self.worker.len()
    }
    /// Number of distinct workers.
    pub fn n_workers(&self) -> usize {
        self.worker_names.len()
    }
    /// Number of distinct tasks.
    pub fn n_tasks(&self) -> usize {
        self.task_names.len()
    }
    /// Number of distinct labels (K).
    pub fn n_labels(&self) -> usize {
        self.label_names.len()
    }
    /// Worker names by id (first-seen order).
    pub fn worker_names(&self) -> &[String] {
        &self.worker_names
    }
    /// Task names by id (first-seen order).
    pub fn task_names(&self) -> &[String] {
        &self.task_names
    }
    /// Label names by id (sorted order, see [`compare_labels`]).
    pub fn label_names(&self) -> &[String] {
        &self.label_names
    }
    /// For each label id, its rank in order of first appearance in the input (MACE breaks ties
    /// by first appearance, as `pandas.factorize` does).
    pub fn label_first_seen_rank(&self) -> &[u32] {
        &self.label_first_seen
    }
    /// Id of a worker name.
    pub fn worker_id(&self, name: &str) -> Option<WorkerId> {
        self.worker_names
            .iter()
            .position(|n| n == name)
            .map(|i| i as u32)
    }
    /// Id of a label name.
    pub fn label_id(&self, name: &str) -> Option<LabelId> {
        self.label_names
            .iter()
            .position(|n| n == name)
            .map(|i| i as u32)
    }
    /// A name → id map of the tasks (built on demand; O(T)).
    pub fn task_index(&self) -> HashMap<&str, TaskId> {
        self.task_names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i as u32))
            .collect()
    }

    /// Answer positions of task `t` (positions index the internal task-grouped arrays).
    #[inline]
    pub(crate) fn task_range(&self, t: usize) -> std::ops::Range<usize> {
        self.task_start[t] as usize..self.task_start[t + 1] as usize
    }
    /// Positions of worker `w`'s answers.
    #[inline]
    pub(crate) fn worker_answers(&self, w: usize) -> &[u32] {
        &self.by_worker[self.worker_start[w] as usize..self.worker_start[w + 1] as usize]
    }
    /// Position of answer `a` in the caller's input order.
    pub(crate) fn input_position(&self, a: usize) -> usize {
        self.input_pos[a] as usize
    }

    /// Iterates over the answers as `(worker, task, label)` ids, grouped by task.
    pub fn answers(&self) -> impl Iterator<Item = (WorkerId, TaskId, LabelId)> + '_ {
        (0..self.n_answers()).map(|a| (self.worker[a], self.task[a], self.label[a]))
    }

    /// Turns `(task, label)` control answers into [`Gold`]. Tasks absent from the answers are
    /// skipped (as Crowd-Kit does); a label no worker gave is an error.
    pub fn gold<'a, I>(&self, pairs: I) -> Result<Gold, AggregateError>
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let tasks = self.task_index();
        let mut labels = vec![None; self.n_tasks()];
        for (task, label) in pairs {
            let Some(&t) = tasks.get(task) else { continue };
            let l = self
                .label_id(label)
                .ok_or_else(|| AggregateError::UnknownGoldLabel {
                    task: task.to_owned(),
                    label: label.to_owned(),
                })?;
            labels[t as usize] = Some(l);
        }
        Ok(Gold { labels })
    }
}

/// Known true labels of some tasks (control tasks), aligned with a [`Dataset`]'s task ids.
#[derive(Debug, Clone, PartialEq)]
pub struct Gold {
    /// `labels[task]` is the known label of that task, if any.
    pub labels: Vec<Option<LabelId>>,
}

impl Gold {
    /// Number of tasks with a known label.
    pub fn len(&self) -> usize {
        self.labels.iter().filter(|l| l.is_some()).count()
    }
    /// True when no task has a known label.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::Interner;

    #[test]
    fn ids_follow_first_appearance_whether_or_not_the_input_is_grouped() {
        let mut i = Interner::default();
        let got: Vec<u32> = ["b", "b", "a", "b", "", "a", "c", ""]
            .iter()
            .map(|s| i.intern(s))
            .collect();
        assert_eq!(got, [0, 0, 1, 0, 2, 1, 3, 2]);
        assert_eq!(i.len(), 4);
        assert_eq!(i.into_names(), ["b", "a", "", "c"]);
    }

    #[test]
    fn ids_that_differ_only_at_the_end_stay_distinct_through_the_table_growing() {
        let mut i = Interner::default();
        for n in 0..50_000u32 {
            assert_eq!(i.intern(&format!("t{n:07}")), n);
        }
        // Out of order, so the last-id shortcut does not answer.
        for n in (0..50_000u32).rev().step_by(7) {
            assert_eq!(i.intern(&format!("t{n:07}")), n);
        }
        let names = i.into_names();
        assert_eq!(names.len(), 50_000);
        assert_eq!(names[49_999], "t0049999");
    }
}
