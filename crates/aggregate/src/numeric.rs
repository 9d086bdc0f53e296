//! Numeric answers (ratings, counts, measurements): median and trimmed mean per task.
//! Not in Crowd-Kit; definitions follow NumPy's `median` and SciPy's `trim_mean`.

use crate::dataset::Interner;

/// Numeric answers grouped by task. Build with [`NumericDataset::builder`].
#[derive(Debug, Clone, Default)]
pub struct NumericDataset {
    task_names: Vec<String>,
    values: Vec<Vec<f64>>,
}

/// Builder of a [`NumericDataset`].
#[derive(Default, Clone)]
pub struct NumericBuilder {
    tasks: Interner,
    values: Vec<Vec<f64>>,
}

impl NumericBuilder {
    /// Adds one answer (the worker does not matter to these estimators).
    pub fn push(&mut self, task: &str, value: f64) -> &mut Self {
        let t = self.tasks.intern(task) as usize;
        if t == self.values.len() {
            self.values.push(Vec::new());
        }
        self.values[t].push(value);
        self
    }
    /// Freezes the answers.
    pub fn build(self) -> NumericDataset {
        NumericDataset {
            task_names: self.tasks.into_names(),
            values: self.values,
        }
    }
}

impl NumericDataset {
    /// An empty builder.
    pub fn builder() -> NumericBuilder {
        NumericBuilder::default()
    }
    /// Task names by id (first-seen order).
    pub fn task_names(&self) -> &[String] {
        &self.task_names
    }
    /// Values of each task.
    pub fn values(&self) -> &[Vec<f64>] {
        &self.values
    }
}

/// Median; the mean of the two middle values for an even count (NumPy). `NaN` for no value.
pub fn median(values: &[f64]) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Mean after cutting `floor(proportion · n)` values from each end (SciPy `trim_mean`).
pub fn trimmed_mean(values: &[f64], proportion: f64) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let cut =
        ((proportion.clamp(0.0, 0.5) * v.len() as f64).floor() as usize).min((v.len() - 1) / 2);
    let kept = &v[cut..v.len() - cut];
    kept.iter().sum::<f64>() / kept.len() as f64
}

/// Aggregated numbers: one value per task, with the median absolute deviation as a spread.
#[derive(Debug, Clone, PartialEq)]
pub struct NumericResult {
    /// Aggregate per task id.
    pub values: Vec<f64>,
    /// Median absolute deviation of the answers from the median, per task.
    pub spread: Vec<f64>,
}

fn mad(values: &[f64]) -> f64 {
    let m = median(values);
    let dev: Vec<f64> = values.iter().map(|v| (v - m).abs()).collect();
    median(&dev)
}

/// Median per task.
#[derive(Debug, Clone, Default)]
pub struct Median;

impl Median {
    /// Aggregates every task.
    pub fn fit(&self, data: &NumericDataset) -> NumericResult {
        NumericResult {
            values: data.values.iter().map(|v| median(v)).collect(),
            spread: data.values.iter().map(|v| mad(v)).collect(),
        }
    }
}

/// Trimmed mean per task.
#[derive(Debug, Clone)]
pub struct TrimmedMean {
    /// Share cut from each end (0.1).
    pub proportion: f64,
}

impl Default for TrimmedMean {
    fn default() -> Self {
        Self { proportion: 0.1 }
    }
}

impl TrimmedMean {
    /// Aggregates every task.
    pub fn fit(&self, data: &NumericDataset) -> NumericResult {
        NumericResult {
            values: data
                .values
                .iter()
                .map(|v| trimmed_mean(v, self.proportion))
                .collect(),
            spread: data.values.iter().map(|v| mad(v)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_trimmed_mean_resist_an_outlier() {
        assert_eq!(median(&[1.0, 3.0, 2.0, 100.0]), 2.5);
        assert_eq!(median(&[5.0, 1.0, 3.0]), 3.0);
        assert_eq!(trimmed_mean(&[1.0, 2.0, 3.0, 4.0, 1000.0], 0.2), 3.0);
        assert_eq!(trimmed_mean(&[2.0, 4.0], 0.4), 3.0);
        assert!(median(&[]).is_nan());
    }
}
