//! Audio and video segments: workers' labelled time ranges on one recording fused into
//! one timeline. Not in Crowd-Kit.
//!
//! The timeline is cut into frames (10 ms by default) from 0 to the last end any worker
//! marked (the recording's duration is not known). In each frame every worker votes for
//! the label of each of their segments covering the frame's middle, or for "none" when
//! none does; the label with the most votes wins the frame, "none" wins a tie with a label
//! (a segment needs more workers marking it than leaving the time unmarked) and a tie
//! between two labels goes to the smaller name. Runs of frames won by one label become the
//! fused segments; a run is cut where most of the workers voting that label begin a
//! segment of their own, so two back-to-back turns of one speaker stay two segments.
//! Fused segments never overlap, even where a template lets workers' segments overlap.
//!
//! The work is done on the pieces between workers' boundaries (every frame of a piece
//! votes alike), so a long recording costs no more than a short one.

/// A segment: seconds `start..end` from the beginning of the recording, with its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Seconds from the beginning.
    pub start: f64,
    /// Seconds from the beginning; after `start`.
    pub end: f64,
    /// Class.
    pub label: String,
}

/// A segment of the fused answer with its confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct FusedSegment {
    /// The segment, its times on the frame grid.
    pub segment: Segment,
    /// The mean share of workers who gave each of its frames this label.
    pub confidence: f64,
}

/// The fused segments of one recording.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentFusionResult {
    /// The segments, in the order of the timeline.
    pub segments: Vec<FusedSegment>,
    /// The mean share of workers agreeing with the winner over every frame up to the last
    /// end marked (unmarked frames included); 1 when no worker marked anything.
    pub agreement: f64,
}

/// The frame-level vote.
#[derive(Debug, Clone, Copy)]
pub struct SegmentFusion {
    /// The length of a frame in milliseconds (at least 1).
    pub frame_ms: u32,
}

impl Default for SegmentFusion {
    fn default() -> Self {
        SegmentFusion { frame_ms: 10 }
    }
}

/// A worker's segment on the frame grid: frames `start..end`.
struct Framed<'a> {
    start: i64,
    end: i64,
    label: &'a str,
}

/// One label's votes on a piece of the timeline: the workers voting it, and how many of
/// them begin a segment where the piece begins.
struct Votes<'a> {
    label: Option<&'a str>,
    count: usize,
    beginning: usize,
}

impl SegmentFusion {
    /// Fuses `answers` (one list of segments per worker, in any order).
    pub fn fuse(&self, answers: &[Vec<Segment>]) -> SegmentFusionResult {
        let frame_ms = f64::from(self.frame_ms.max(1));
        let to_frame = |seconds: f64| (seconds * 1000.0 / frame_ms).round() as i64;
        let framed: Vec<Vec<Framed<'_>>> = answers
            .iter()
            .map(|answer| {
                answer
                    .iter()
                    .map(|s| Framed {
                        start: to_frame(s.start.max(0.0)),
                        end: to_frame(s.end),
                        label: &s.label,
                    })
                    .filter(|s| s.end > s.start)
                    .collect()
            })
            .collect();
        let mut bounds: Vec<i64> = framed
            .iter()
            .flatten()
            .flat_map(|s| [s.start, s.end])
            .chain([0])
            .collect();
        bounds.sort_unstable();
        bounds.dedup();
        let workers = answers.len().max(1) as f64;
        let mut runs: Vec<Run<'_>> = Vec::new();
        let (mut agreeing, mut frames) = (0.0, 0.0);
        for piece in bounds.windows(2) {
            let [from, to] = [piece[0], piece[1]];
            let winner = winner(&framed, from);
            let length = (to - from) as f64;
            let share = winner.count as f64 / workers;
            agreeing += share * length;
            frames += length;
            let Some(label) = winner.label else {
                continue;
            };
            match runs.last_mut() {
                Some(run)
                    if run.label == label
                        && run.end == from
                        && winner.beginning * 2 <= winner.count =>
                {
                    run.end = to;
                    run.agreeing += share * length;
                }
                _ => runs.push(Run {
                    label,
                    start: from,
                    end: to,
                    agreeing: share * length,
                }),
            }
        }
        let seconds = |frame: i64| frame as f64 * frame_ms / 1000.0;
        SegmentFusionResult {
            segments: runs
                .into_iter()
                .map(|run| FusedSegment {
                    confidence: run.agreeing / (run.end - run.start) as f64,
                    segment: Segment {
                        start: seconds(run.start),
                        end: seconds(run.end),
                        label: run.label.to_owned(),
                    },
                })
                .collect(),
            agreement: if frames > 0.0 { agreeing / frames } else { 1.0 },
        }
    }
}

/// Frames `start..end` won by one label, and the sum of their vote shares.
struct Run<'a> {
    label: &'a str,
    start: i64,
    end: i64,
    agreeing: f64,
}

/// The winning votes on the piece beginning at frame `from` (every frame up to the next
/// boundary votes alike).
fn winner<'a>(framed: &[Vec<Framed<'a>>], from: i64) -> Votes<'a> {
    let mut votes: Vec<Votes<'a>> = vec![Votes {
        label: None,
        count: 0,
        beginning: 0,
    }];
    for answer in framed {
        let mut labels: Vec<(&str, bool)> = Vec::new();
        for s in answer.iter().filter(|s| s.start <= from && from < s.end) {
            match labels.iter_mut().find(|(l, _)| *l == s.label) {
                Some((_, begins)) => *begins |= s.start == from,
                None => labels.push((s.label, s.start == from)),
            }
        }
        if labels.is_empty() {
            votes[0].count += 1;
        }
        for (label, begins) in labels {
            let at = match votes.iter().position(|v| v.label == Some(label)) {
                Some(at) => at,
                None => {
                    votes.push(Votes {
                        label: Some(label),
                        count: 0,
                        beginning: 0,
                    });
                    votes.len() - 1
                }
            };
            votes[at].count += 1;
            votes[at].beginning += usize::from(begins);
        }
    }
    // "none" first, then labels by name: the first of the most voted wins.
    votes.sort_by(|a, b| a.label.cmp(&b.label));
    let best = votes.iter().map(|v| v.count).max().unwrap_or(0);
    votes
        .into_iter()
        .find(|v| v.count == best)
        .unwrap_or(Votes {
            label: None,
            count: 0,
            beginning: 0,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(start: f64, end: f64, label: &str) -> Segment {
        Segment {
            start,
            end,
            label: label.to_owned(),
        }
    }

    fn fused(result: &SegmentFusionResult) -> Vec<(f64, f64, &str, f64)> {
        result
            .segments
            .iter()
            .map(|f| {
                (
                    f.segment.start,
                    f.segment.end,
                    f.segment.label.as_str(),
                    f.confidence,
                )
            })
            .collect()
    }

    #[test]
    fn four_workers_fuse_to_the_majority_boundaries() {
        let answers = vec![
            vec![seg(1.0, 3.0, "speech")],
            vec![seg(1.2, 3.0, "speech")],
            vec![seg(0.8, 2.6, "speech"), seg(5.0, 6.0, "music")],
            vec![seg(1.0, 2.6, "speech")],
        ];
        let result = SegmentFusion::default().fuse(&answers);
        // 1.0–1.2: speech 3 of 4; 1.2–2.6: 4 of 4; 2.6–3.0: 2 of 4, a tie none wins;
        // 5–6: music 1 of 4 loses.
        assert_eq!(fused(&result), vec![(1.0, 2.6, "speech", 155.0 / 160.0)]);
        // Frames to 6 s: 0–0.8 none 4/4, 0.8–1.0 none 3/4, 1.0–1.2 speech 3/4, 1.2–2.6
        // speech 4/4, 2.6–3.0 none 2/4, 3.0–5.0 none 4/4, 5.0–6.0 none 3/4.
        let agreeing = 80.0 + 15.0 + 15.0 + 140.0 + 20.0 + 200.0 + 75.0;
        assert_eq!(result.agreement, agreeing / 600.0);
    }

    #[test]
    fn none_wins_a_tie_and_labels_tie_to_the_smaller_name() {
        let answers = vec![
            vec![seg(0.0, 1.0, "bob")],
            vec![seg(0.0, 1.0, "alice")],
            vec![seg(0.0, 2.0, "bob")],
            vec![seg(0.0, 2.0, "alice")],
        ];
        let result = SegmentFusion::default().fuse(&answers);
        // 0–1: alice 2, bob 2, none 0 → alice; 1–2: alice 1, bob 1, none 2 → none.
        assert_eq!(fused(&result), vec![(0.0, 1.0, "alice", 0.5)]);
        assert_eq!(result.agreement, 0.5);
    }

    #[test]
    fn back_to_back_turns_stay_two_segments_when_most_workers_cut_there() {
        let answers = vec![
            vec![seg(0.0, 1.5, "alice"), seg(1.5, 3.0, "alice")],
            vec![seg(0.0, 1.5, "alice"), seg(1.5, 3.0, "alice")],
            vec![seg(0.0, 3.0, "alice")],
        ];
        let result = SegmentFusion::default().fuse(&answers);
        assert_eq!(
            fused(&result),
            vec![(0.0, 1.5, "alice", 1.0), (1.5, 3.0, "alice", 1.0)]
        );
        assert_eq!(result.agreement, 1.0);
    }

    #[test]
    fn times_snap_to_the_frame_grid_and_overlaps_of_one_worker_count_once_per_label() {
        let answers = vec![
            vec![seg(0.004, 0.996, "x"), seg(0.5, 1.0, "x")],
            vec![seg(0.0, 1.0, "x")],
        ];
        let result = SegmentFusion { frame_ms: 10 }.fuse(&answers);
        assert_eq!(fused(&result), vec![(0.0, 1.0, "x", 1.0)]);
        let coarse = SegmentFusion { frame_ms: 250 }.fuse(&[vec![seg(0.1, 0.9, "x")]]);
        assert_eq!(fused(&coarse), vec![(0.0, 1.0, "x", 1.0)]);
    }

    #[test]
    fn no_segments_fuse_to_nothing_in_full_agreement() {
        let result = SegmentFusion::default().fuse(&[vec![], vec![]]);
        assert_eq!(fused(&result), vec![]);
        assert_eq!(result.agreement, 1.0);
        let none = SegmentFusion::default().fuse(&[]);
        assert_eq!(none.agreement, 1.0);
    }

    #[test]
    fn a_huge_time_costs_no_frames() {
        let result = SegmentFusion::default().fuse(&[vec![seg(0.0, 1.0e12, "x")]]);
        assert_eq!(fused(&result), vec![(0.0, 1.0e12, "x", 1.0)]);
    }
}
