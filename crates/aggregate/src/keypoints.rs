//! Keypoints: a skeleton's points placed by several workers are fused point by point. A point is
//! visible when at least half of the workers placed it (a tie keeps it); its place is the median
//! of x and the median of y over the workers who placed it, and its spread is the median distance
//! of their places from it, in pixels.

use crate::numeric::median;

/// One fused point of the skeleton.
#[derive(Debug, Clone, PartialEq)]
pub struct FusedPoint {
    /// Whether the point is visible (placed by at least half of the workers).
    pub visible: bool,
    /// The median place, when visible.
    pub place: Option<[f64; 2]>,
    /// The median distance of the workers' places from the median place, when visible.
    pub spread: Option<f64>,
    /// Share of the workers who agree on the point's visibility.
    pub agreement: f64,
}

/// Per-point median fusion.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeypointMedian;

impl KeypointMedian {
    /// Fuses one item's answers: `answers[w][p]` is where worker `w` placed point `p` of the
    /// skeleton (None: not visible), every answer with the skeleton's `points` points (missing
    /// ones count as not visible).
    pub fn fuse(&self, points: usize, answers: &[Vec<Option<[f64; 2]>>]) -> Vec<FusedPoint> {
        let workers = answers.len().max(1) as f64;
        (0..points)
            .map(|p| {
                let placed: Vec<[f64; 2]> = answers
                    .iter()
                    .filter_map(|a| a.get(p).copied().flatten())
                    .collect();
                let seen = placed.len() as f64;
                let visible = !placed.is_empty() && 2.0 * seen >= workers;
                if !visible {
                    return FusedPoint {
                        visible,
                        place: None,
                        spread: None,
                        agreement: (workers - seen) / workers,
                    };
                }
                let x = median(&placed.iter().map(|q| q[0]).collect::<Vec<_>>());
                let y = median(&placed.iter().map(|q| q[1]).collect::<Vec<_>>());
                let distances: Vec<f64> =
                    placed.iter().map(|q| (q[0] - x).hypot(q[1] - y)).collect();
                FusedPoint {
                    visible,
                    place: Some([x, y]),
                    spread: Some(median(&distances)),
                    agreement: seen / workers,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_point_is_the_median_of_those_who_placed_it() {
        let answers = vec![
            vec![Some([10.0, 20.0]), None, Some([0.0, 0.0])],
            vec![Some([13.0, 24.0]), None, None],
            vec![Some([11.0, 20.0]), Some([5.0, 5.0]), None],
        ];
        let fused = KeypointMedian.fuse(3, &answers);
        // The nose: median (11, 20); distances 1, 4.47…, 0 → spread 1.
        assert_eq!(
            fused[0],
            FusedPoint {
                visible: true,
                place: Some([11.0, 20.0]),
                spread: Some(1.0),
                agreement: 1.0
            }
        );
        // Placed by one of three: not visible, two of three agree.
        assert_eq!(
            fused[1],
            FusedPoint {
                visible: false,
                place: None,
                spread: None,
                agreement: 2.0 / 3.0
            }
        );
        assert!(!fused[2].visible);
    }

    #[test]
    fn a_tie_keeps_the_point_and_an_even_count_averages_the_middle_two() {
        let answers = vec![
            vec![Some([10.0, 10.0])],
            vec![None],
            vec![Some([20.0, 30.0])],
            vec![None],
        ];
        let fused = KeypointMedian.fuse(1, &answers);
        assert_eq!(fused[0].place, Some([15.0, 20.0]));
        assert_eq!(fused[0].agreement, 0.5);
        assert_eq!(fused[0].spread, Some(5.0f64.hypot(10.0)));
    }
}
