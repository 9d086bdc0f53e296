//! Dynamic overlap: a project may collect between `min` and `max` answers per item,
//! stopping as soon as the item's aggregated confidence reaches a threshold. Escrow
//! covers `max` answers per item at publish; what a stopped item leaves unused goes
//! back to the requester.
//!
//! The confidence of an item is the share of its answers that agree with its
//! majority label (majority vote): 3 answers "pos", "pos", "neg" give 2/3. It is
//! computed once per answer past `min`, at submit time, for that one item (the claim
//! path stays a lookup of free slots). [`next_step`] is the stopping rule; the
//! server and the crowd simulation both call it.

use crate::template::FieldProblem;
use serde::{Deserialize, Serialize};

/// Basis points in one: a confidence of 0.9 is 9000.
pub const ONE: i64 = 10_000;

/// `overlap` as a requester sends it: `{min, max, confidence}`, confidence a number
/// strictly between 0 and 1 (0.9 for 90%).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverlapInput {
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub confidence: Option<f64>,
}

/// Checked dynamic overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Overlap {
    pub min: i64,
    pub max: i64,
    /// The agreement share that stops an item, in basis points (1 to 9999).
    pub confidence_bp: i64,
}

/// What an item needs after an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Fewer than `min` answers: the slots already open are enough.
    Wait,
    /// Past `min` without the confidence: open one more slot (never past `max`).
    OneMore,
    /// Confident, or at `max`: the item takes no more answers.
    Stop,
}

impl Overlap {
    /// Check `input`; problems are pushed at `/overlap/…`. `cap` is the most answers an
    /// item may take.
    pub fn parse(input: &OverlapInput, cap: i64, p: &mut Vec<FieldProblem>) -> Option<Overlap> {
        let before = p.len();
        let range = |n: Option<i64>, path: &str, p: &mut Vec<FieldProblem>| match n {
            Some(n) if (1..=cap).contains(&n) => n,
            Some(_) => {
                p.push(FieldProblem::coded(
                    path,
                    "problem-answers-range",
                    vec![("max", cap.to_string())],
                ));
                0
            }
            None => {
                p.push(FieldProblem::coded(path, "problem-required", Vec::new()));
                0
            }
        };
        let min = range(input.min, "/overlap/min", p);
        let max = range(input.max, "/overlap/max", p);
        if min > 0 && max > 0 && min > max {
            p.push(FieldProblem::coded(
                "/overlap/max",
                "problem-overlap-order",
                vec![("min", min.to_string())],
            ));
        }
        let confidence_bp = match input.confidence {
            Some(c) if c.is_finite() && c > 0.0 && c < 1.0 => {
                // Checked finite and inside (0, 1): the product fits.
                #[allow(clippy::cast_possible_truncation)]
                let bp = (c * ONE as f64).round() as i64;
                bp.clamp(1, ONE - 1)
            }
            Some(_) => {
                p.push(FieldProblem::coded(
                    "/overlap/confidence",
                    "problem-overlap-confidence",
                    Vec::new(),
                ));
                0
            }
            None => {
                p.push(FieldProblem::coded(
                    "/overlap/confidence",
                    "problem-required",
                    Vec::new(),
                ));
                0
            }
        };
        (p.len() == before).then_some(Overlap {
            min,
            max,
            confidence_bp,
        })
    }

    /// The confidence as the API shows it (0.9).
    pub fn confidence(&self) -> f64 {
        self.confidence_bp as f64 / ONE as f64
    }
}

/// The stopping rule: after an item's `answers`th answer, `majority` of which agree
/// with its most frequent label, what the item needs.
pub fn next_step(o: &Overlap, answers: i64, majority: i64) -> Step {
    if answers >= o.max {
        Step::Stop
    } else if answers < o.min {
        Step::Wait
    } else if majority.saturating_mul(ONE) >= o.confidence_bp.saturating_mul(answers) {
        Step::Stop
    } else {
        Step::OneMore
    }
}

/// The count of the most frequent label among `labels` (0 for none).
pub fn majority<T: Ord>(labels: impl IntoIterator<Item = T>) -> i64 {
    let mut counts = std::collections::BTreeMap::new();
    for label in labels {
        *counts.entry(label).or_insert(0_i64) += 1;
    }
    counts.into_values().max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(min: i64, max: i64, c: f64) -> Overlap {
        let mut p = Vec::new();
        let input = OverlapInput {
            min: Some(min),
            max: Some(max),
            confidence: Some(c),
        };
        Overlap::parse(&input, 100, &mut p).expect("valid")
    }

    #[test]
    fn agreeing_items_stop_at_min_and_disputed_ones_run_to_max() {
        let d = o(2, 5, 0.9);
        assert_eq!(d.confidence_bp, 9000);
        assert_eq!(next_step(&d, 1, 1), Step::Wait);
        assert_eq!(next_step(&d, 2, 2), Step::Stop);
        assert_eq!(next_step(&d, 2, 1), Step::OneMore);
        assert_eq!(next_step(&d, 3, 2), Step::OneMore);
        assert_eq!(next_step(&d, 4, 3), Step::OneMore);
        assert_eq!(next_step(&d, 5, 3), Step::Stop);
        // Exactly at the threshold stops: 9 of 10 is 0.9.
        let wide = o(2, 20, 0.9);
        assert_eq!(next_step(&wide, 10, 9), Step::Stop);
        assert_eq!(next_step(&wide, 11, 9), Step::OneMore);
        assert_eq!(majority(["pos", "neg", "pos"]), 2);
        assert_eq!(majority(Vec::<&str>::new()), 0);
    }

    #[test]
    fn bad_overlap_is_refused_at_each_field() {
        let mut p = Vec::new();
        let input = OverlapInput {
            min: Some(4),
            max: Some(2),
            confidence: Some(1.0),
        };
        assert_eq!(Overlap::parse(&input, 100, &mut p), None);
        let paths: Vec<&str> = p.iter().map(|x| x.path.as_str()).collect();
        assert_eq!(paths, ["/overlap/max", "/overlap/confidence"]);
        let mut p = Vec::new();
        let input = OverlapInput {
            min: Some(0),
            max: Some(101),
            confidence: None,
        };
        assert_eq!(Overlap::parse(&input, 100, &mut p), None);
        let paths: Vec<&str> = p.iter().map(|x| x.path.as_str()).collect();
        assert_eq!(
            paths,
            ["/overlap/min", "/overlap/max", "/overlap/confidence"]
        );
    }
}
