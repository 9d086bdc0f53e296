//! Polygons: each worker's polygons of an item are rasterised into one mask per label, and the
//! item's label is the polygon set of the best-agreeing worker, the one whose masks have the
//! highest mean IoU with the other workers' masks. Averaging outlines point by point has no
//! meaning when workers click different numbers of points; choosing a whole answer keeps a
//! polygon set someone actually drew.

use std::collections::BTreeMap;

/// A labelled polygon: its corners `[x, y]` in image pixels, closed implicitly.
#[derive(Debug, Clone, PartialEq)]
pub struct Polygon {
    /// Class.
    pub label: String,
    /// Corners, in order around the shape.
    pub points: Vec<[f64; 2]>,
}

/// The chosen answer of one item.
#[derive(Debug, Clone, PartialEq)]
pub struct PolygonChoice {
    /// Index of the chosen worker's answer in the item's answers.
    pub worker: usize,
    /// The mean mask IoU of that answer with each other answer; None with a single answer.
    pub agreement: Option<f64>,
}

/// Mask-IoU vote: the grid cells are whole pixels, or larger squares when the drawn area is wider
/// than `max_cells` pixels, so the cost per item is bounded.
#[derive(Debug, Clone)]
pub struct PolygonVote {
    /// The most cells along the longer side of the grid (512).
    pub max_cells: usize,
}

impl Default for PolygonVote {
    fn default() -> Self {
        Self { max_cells: 512 }
    }
}

/// The pixel grid over the area every answer's polygons cover.
struct Grid {
    left: f64,
    top: f64,
    cell: f64,
    columns: usize,
    rows: usize,
}

impl Grid {
    fn over(answers: &[Vec<Polygon>], max_cells: usize) -> Option<Grid> {
        let mut corners = answers.iter().flatten().flat_map(|p| p.points.iter());
        let first = corners.next()?;
        let (mut x0, mut y0, mut x1, mut y1) = (first[0], first[1], first[0], first[1]);
        for [x, y] in corners {
            x0 = x0.min(*x);
            y0 = y0.min(*y);
            x1 = x1.max(*x);
            y1 = y1.max(*y);
        }
        let (left, top) = (x0.floor(), y0.floor());
        let extent = (x1.ceil() - left).max(y1.ceil() - top).max(1.0);
        let cell = (extent / max_cells.max(1) as f64).ceil().max(1.0);
        Some(Grid {
            left,
            top,
            cell,
            columns: ((x1.ceil() - left) / cell).ceil().max(1.0) as usize,
            rows: ((y1.ceil() - top) / cell).ceil().max(1.0) as usize,
        })
    }

    /// The cells whose centres lie inside the polygon (even-odd rule), set in `mask`.
    fn fill(&self, points: &[[f64; 2]], mask: &mut [bool]) {
        let n = points.len();
        let mut crossings = Vec::new();
        for row in 0..self.rows {
            let y = self.top + (row as f64 + 0.5) * self.cell;
            crossings.clear();
            for i in 0..n {
                let ([xa, ya], [xb, yb]) = (points[i], points[(i + 1) % n]);
                if (ya <= y) != (yb <= y) {
                    crossings.push(xa + (y - ya) * (xb - xa) / (yb - ya));
                }
            }
            crossings.sort_by(f64::total_cmp);
            for pair in crossings.chunks_exact(2) {
                // Cells whose centre x is in [pair[0], pair[1]).
                let first = ((pair[0] - self.left) / self.cell - 0.5).ceil().max(0.0) as usize;
                let end = (((pair[1] - self.left) / self.cell - 0.5).ceil().max(0.0) as usize)
                    .min(self.columns);
                for column in first..end {
                    mask[row * self.columns + column] = true;
                }
            }
        }
    }

    /// One mask per label of an answer's polygons.
    fn masks<'a>(&self, polygons: &'a [Polygon]) -> BTreeMap<&'a str, Vec<bool>> {
        let mut masks: BTreeMap<&str, Vec<bool>> = BTreeMap::new();
        for polygon in polygons {
            let mask = masks
                .entry(polygon.label.as_str())
                .or_insert_with(|| vec![false; self.columns * self.rows]);
            self.fill(&polygon.points, mask);
        }
        masks
    }
}

/// The IoU of two answers' masks over every label: the cells both cover with the same label over
/// the cells either covers (1 when neither drew anything).
fn iou(a: &BTreeMap<&str, Vec<bool>>, b: &BTreeMap<&str, Vec<bool>>) -> f64 {
    let (mut inter, mut union) = (0usize, 0usize);
    let labels: std::collections::BTreeSet<&str> = a.keys().chain(b.keys()).copied().collect();
    for label in labels {
        match (a.get(label), b.get(label)) {
            (Some(x), Some(y)) => {
                for (p, q) in x.iter().zip(y) {
                    inter += usize::from(*p && *q);
                    union += usize::from(*p || *q);
                }
            }
            (Some(only), None) | (None, Some(only)) => {
                union += only.iter().filter(|c| **c).count();
            }
            (None, None) => {}
        }
    }
    if union == 0 {
        1.0
    } else {
        inter as f64 / union as f64
    }
}

impl PolygonVote {
    /// The mask IoU of two polygon sets (per label, as [`PolygonVote::choose`] compares them).
    pub fn iou(&self, a: &[Polygon], b: &[Polygon]) -> f64 {
        let pair = [a.to_vec(), b.to_vec()];
        match Grid::over(&pair, self.max_cells) {
            Some(grid) => iou(&grid.masks(a), &grid.masks(b)),
            None => 1.0,
        }
    }

    /// Chooses one item's answer: `answers[i]` are the polygons worker `i` drew (possibly none).
    /// The first of the best-agreeing answers wins a tie; None without answers.
    pub fn choose(&self, answers: &[Vec<Polygon>]) -> Option<PolygonChoice> {
        if answers.is_empty() {
            return None;
        }
        if answers.len() == 1 {
            return Some(PolygonChoice {
                worker: 0,
                agreement: None,
            });
        }
        let masks: Vec<BTreeMap<&str, Vec<bool>>> = match Grid::over(answers, self.max_cells) {
            Some(grid) => answers.iter().map(|a| grid.masks(a)).collect(),
            // Nobody drew anything: they all agree.
            None => vec![BTreeMap::new(); answers.len()],
        };
        let n = answers.len();
        let mut sums = vec![0.0; n];
        for i in 0..n {
            for j in i + 1..n {
                let v = iou(&masks[i], &masks[j]);
                sums[i] += v;
                sums[j] += v;
            }
        }
        let (worker, best) =
            sums.iter()
                .enumerate()
                .fold((0, f64::NEG_INFINITY), |(bi, bv), (i, v)| {
                    if *v > bv { (i, *v) } else { (bi, bv) }
                });
        Some(PolygonChoice {
            worker,
            agreement: Some(best / (n - 1) as f64),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(label: &str, x: f64, y: f64, side: f64) -> Polygon {
        Polygon {
            label: label.into(),
            points: vec![[x, y], [x + side, y], [x + side, y + side], [x, y + side]],
        }
    }

    #[test]
    fn the_iou_of_pixel_aligned_shapes_is_exact() {
        let vote = PolygonVote::default();
        let a = [square("car", 0.0, 0.0, 10.0)];
        let b = [square("car", 5.0, 0.0, 10.0)];
        assert_eq!(vote.iou(&a, &b), 50.0 / 150.0);
        // A right triangle over half of the square: 45 of the square's 100 pixel centres
        // lie inside it (the diagonal's cells have their centres on the line, outside).
        let triangle = [Polygon {
            label: "car".into(),
            points: vec![[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]],
        }];
        assert_eq!(vote.iou(&a, &triangle), 45.0 / 100.0);
        // Different labels never overlap.
        assert_eq!(vote.iou(&a, &[square("road", 0.0, 0.0, 10.0)]), 0.0);
        assert_eq!(vote.iou(&[], &[]), 1.0);
    }

    #[test]
    fn the_worker_closest_to_the_others_is_chosen() {
        let answers = vec![
            vec![square("car", 0.0, 0.0, 10.0)],
            vec![square("car", 1.0, 0.0, 10.0)],
            vec![square("car", 5.0, 0.0, 10.0)],
        ];
        let choice = PolygonVote::default().choose(&answers).expect("a choice");
        // Worker 1 overlaps worker 0 by 90/110 and worker 2 by 60/140.
        assert_eq!(choice.worker, 1);
        assert_eq!(choice.agreement, Some((90.0 / 110.0 + 60.0 / 140.0) / 2.0));
        let alone = PolygonVote::default()
            .choose(&answers[..1])
            .expect("a choice");
        assert_eq!((alone.worker, alone.agreement), (0, None));
    }

    #[test]
    fn a_large_image_is_rasterised_on_coarser_cells() {
        let vote = PolygonVote { max_cells: 150 };
        let a = [square("car", 0.0, 0.0, 1000.0)];
        let b = [square("car", 500.0, 0.0, 1000.0)];
        assert_eq!(vote.iou(&a, &b), 1.0 / 3.0);
    }
}
