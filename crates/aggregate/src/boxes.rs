//! Bounding boxes: boxes from different workers that overlap (IoU ≥ threshold, same label) are
//! clustered, clusters supported by enough workers are kept, and each is fused into one box by
//! the per-coordinate median. Not in Crowd-Kit.

/// An axis-aligned box: top-left corner, width, height, label.
#[derive(Debug, Clone, PartialEq)]
pub struct BBox {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
    /// Class.
    pub label: String,
}

impl BBox {
    /// Intersection over union (0 for disjoint or degenerate boxes).
    pub fn iou(&self, other: &BBox) -> f64 {
        let ix = (self.x + self.w).min(other.x + other.w) - self.x.max(other.x);
        let iy = (self.y + self.h).min(other.y + other.h) - self.y.max(other.y);
        if ix <= 0.0 || iy <= 0.0 {
            return 0.0;
        }
        let inter = ix * iy;
        let union = self.w * self.h + other.w * other.h - inter;
        if union <= 0.0 { 0.0 } else { inter / union }
    }
}

/// A fused box with its support.
#[derive(Debug, Clone, PartialEq)]
pub struct FusedBox {
    /// The fused coordinates and label.
    pub bbox: BBox,
    /// Share of the task's workers who drew a box in this cluster.
    pub support: f64,
    /// Mean IoU of the cluster's boxes with the fused box.
    pub agreement: f64,
}

/// IoU clustering + median fusion.
#[derive(Debug, Clone)]
pub struct BoxFusion {
    /// Minimum IoU with a cluster's current fused box to join it (0.5).
    pub iou_threshold: f64,
    /// Minimum share of the task's workers a cluster needs to be kept (0.5).
    pub min_support: f64,
}

impl Default for BoxFusion {
    fn default() -> Self {
        Self {
            iou_threshold: 0.5,
            min_support: 0.5,
        }
    }
}

fn fuse(boxes: &[&BBox]) -> BBox {
    let med = |f: &dyn Fn(&BBox) -> f64| {
        crate::numeric::median(&boxes.iter().map(|b| f(b)).collect::<Vec<_>>())
    };
    let x1 = med(&|b| b.x);
    let y1 = med(&|b| b.y);
    let x2 = med(&|b| b.x + b.w);
    let y2 = med(&|b| b.y + b.h);
    BBox {
        x: x1,
        y: y1,
        w: x2 - x1,
        h: y2 - y1,
        label: boxes[0].label.clone(),
    }
}

impl BoxFusion {
    /// Fuses one task's answers: `answers[i]` are the boxes worker `i` drew (possibly none).
    /// Each worker contributes at most one box to a cluster. Clusters come out sorted by
    /// support (descending), then position.
    pub fn fuse_task(&self, answers: &[Vec<BBox>]) -> Vec<FusedBox> {
        let n_workers = answers.len();
        if n_workers == 0 {
            return Vec::new();
        }
        // Larger boxes first makes the greedy pass insensitive to worker order for nested boxes.
        let mut all: Vec<(usize, &BBox)> = answers
            .iter()
            .enumerate()
            .flat_map(|(w, bs)| bs.iter().map(move |b| (w, b)))
            .collect();
        all.sort_by(|a, b| {
            (b.1.w * b.1.h)
                .total_cmp(&(a.1.w * a.1.h))
                .then(a.0.cmp(&b.0))
        });
        let mut clusters: Vec<(Vec<(usize, &BBox)>, BBox)> = Vec::new();
        for (w, b) in all {
            let best = clusters
                .iter()
                .enumerate()
                .filter(|(_, (members, centre))| {
                    centre.label == b.label && !members.iter().any(|(mw, _)| *mw == w)
                })
                .map(|(i, (_, centre))| (i, centre.iou(b)))
                .filter(|(_, iou)| *iou >= self.iou_threshold)
                .max_by(|a, b| a.1.total_cmp(&b.1));
            match best {
                Some((i, _)) => {
                    clusters[i].0.push((w, b));
                    let members: Vec<&BBox> = clusters[i].0.iter().map(|(_, b)| *b).collect();
                    clusters[i].1 = fuse(&members);
                }
                None => clusters.push((vec![(w, b)], b.clone())),
            }
        }
        let mut out: Vec<FusedBox> = clusters
            .into_iter()
            .filter_map(|(members, centre)| {
                let support = members.len() as f64 / n_workers as f64;
                (support >= self.min_support).then(|| {
                    let agreement = members.iter().map(|(_, b)| b.iou(&centre)).sum::<f64>()
                        / members.len() as f64;
                    FusedBox {
                        bbox: centre,
                        support,
                        agreement,
                    }
                })
            })
            .collect();
        out.sort_by(|a, b| {
            b.support
                .total_cmp(&a.support)
                .then(a.bbox.x.total_cmp(&b.bbox.x))
                .then(a.bbox.y.total_cmp(&b.bbox.y))
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(x: f64, y: f64, w: f64, h: f64, l: &str) -> BBox {
        BBox {
            x,
            y,
            w,
            h,
            label: l.into(),
        }
    }

    #[test]
    fn overlapping_boxes_of_a_majority_fuse_and_a_lone_box_is_dropped() {
        let answers = vec![
            vec![
                b(10.0, 10.0, 100.0, 50.0, "car"),
                b(300.0, 300.0, 10.0, 10.0, "dog"),
            ],
            vec![b(12.0, 8.0, 98.0, 54.0, "car")],
            vec![b(9.0, 11.0, 103.0, 49.0, "car")],
        ];
        let fused = BoxFusion::default().fuse_task(&answers);
        assert_eq!(fused.len(), 1);
        let f = &fused[0];
        assert_eq!(f.bbox.label, "car");
        assert_eq!((f.bbox.x, f.bbox.y), (10.0, 10.0));
        assert_eq!(f.bbox.x + f.bbox.w, 110.0);
        assert!((f.support - 1.0).abs() < 1e-12 && f.agreement > 0.9);
    }

    #[test]
    fn boxes_with_different_labels_never_merge() {
        let answers = vec![
            vec![b(0.0, 0.0, 10.0, 10.0, "a")],
            vec![b(0.0, 0.0, 10.0, 10.0, "b")],
        ];
        let fused = BoxFusion::default().fuse_task(&answers);
        assert_eq!(fused.len(), 2);
    }
}
