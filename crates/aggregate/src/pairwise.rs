//! Pairwise comparisons: Bradley–Terry scores by Hunter's MM algorithm (Ann. Statist. 2004).

use crate::AggregateError;
use crate::dataset::{Interner, compare_labels};

/// Comparisons "winner beat loser". Items are interned; ids follow sorted item order (Crowd-Kit
/// uses `np.unique`, which sorts).
#[derive(Debug, Clone)]
pub struct Comparisons {
    items: Vec<String>,
    /// `(winner, loser)` ids.
    pairs: Vec<(u32, u32)>,
}

impl Comparisons {
    /// From `(left, right, label)` rows where `label` is the preferred of `left`/`right`
    /// (Crowd-Kit's input). A label that is neither side is an error naming the row.
    pub fn from_rows<'a, I>(rows: I) -> Result<Self, AggregateError>
    where
        I: IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    {
        let mut interner = Interner::default();
        let mut raw = Vec::new();
        for (i, (left, right, label)) in rows.into_iter().enumerate() {
            let (l, r) = (interner.intern(left), interner.intern(right));
            let _ = interner.intern(label);
            if label == left {
                raw.push((l, r));
            } else if label == right {
                raw.push((r, l));
            } else {
                return Err(AggregateError::InvalidInput(format!(
                    "comparison {}: winner {label:?} is neither {left:?} nor {right:?}",
                    i + 1
                )));
            }
        }
        let names = interner.into_names();
        let mut order: Vec<usize> = (0..names.len()).collect();
        order.sort_by(|&a, &b| compare_labels(&names[a], &names[b]));
        let mut remap = vec![0u32; names.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old] = new as u32;
        }
        Ok(Self {
            items: order.iter().map(|&o| names[o].clone()).collect(),
            pairs: raw
                .into_iter()
                .map(|(w, l)| (remap[w as usize], remap[l as usize]))
                .collect(),
        })
    }
    /// Item names by id.
    pub fn items(&self) -> &[String] {
        &self.items
    }
}

/// Bradley–Terry. Crowd-Kit: `BradleyTerry(n_iter, tol=1e-5)` (Crowd-Kit has no default
/// `n_iter`; ours is 100).
///
/// Scores sum to 1; an item that never wins gets 0. Stops when the L1 change of the scores is
/// below `tol`. Crowd-Kit 1.4.2 compares the scores with *themselves* (an aliasing slip), so with
/// any `tol > 0` it always stops after the second iteration; `crowdkit_two_step_stop: true`
/// reproduces that for conformance.
#[derive(Debug, Clone)]
pub struct BradleyTerry {
    /// Maximum iterations (100).
    pub n_iter: usize,
    /// L1 tolerance (1e-5).
    pub tol: f64,
    /// Reproduce Crowd-Kit's stop after two iterations (false).
    pub crowdkit_two_step_stop: bool,
}

impl Default for BradleyTerry {
    fn default() -> Self {
        Self {
            n_iter: 100,
            tol: 1e-5,
            crowdkit_two_step_stop: false,
        }
    }
}

impl BradleyTerry {
    /// Scores per item id.
    pub fn fit(&self, data: &Comparisons) -> Vec<f64> {
        let n = data.items.len();
        if n == 0 {
            return Vec::new();
        }
        // Sparse: per item, its opponents with total comparison counts.
        let mut wins = vec![0.0; n];
        let mut games: Vec<crate::dataset::FxMap<u32, f64>> = vec![Default::default(); n];
        for &(w, l) in &data.pairs {
            wins[w as usize] += 1.0;
            *games[w as usize].entry(l).or_insert(0.0) += 1.0;
            *games[l as usize].entry(w).or_insert(0.0) += 1.0;
        }
        let mut p = vec![1.0; n];
        let mut new = vec![1.0 / n as f64; n];
        for it in 0..self.n_iter {
            for j in 0..n {
                let z: f64 = games[j]
                    .iter()
                    .map(|(&i, &t)| t / (p[i as usize] + p[j]))
                    .sum();
                new[j] = wins[j] / z;
            }
            let total: f64 = new.iter().sum();
            new.iter_mut().for_each(|v| *v /= total);
            let change: f64 = new.iter().zip(&p).map(|(a, b)| (a - b).abs()).sum();
            p.copy_from_slice(&new);
            if it >= 1
                && (if self.crowdkit_two_step_stop {
                    0.0 < self.tol
                } else {
                    change < self.tol
                })
            {
                break;
            }
        }
        new
    }
}
