//! `segments`: labelled time ranges on the item's sound or video (speakers, events,
//! scenes). Times are seconds from the start of the media, decimals allowed; the
//! server never knows the media's duration, so it checks only that each range is a
//! finite, non-negative, non-empty interval with a known label.

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::AnswerError;
use super::boxes::parse_labels;
use super::fields::{Obj, Problems, type_arg};
use super::media::{Common, MediaKind};
use super::spans::mark_label;

/// The keys of its own (besides those of every kind).
pub(super) const KEYS: &[&str] = &["labels", "min_segments", "max_segments", "allow_overlap"];

const DEFAULT_MAX_SEGMENTS: usize = 50;
const MAX_MAX_SEGMENTS: usize = 1000;
const SEGMENT_KEYS: [&str; 3] = ["start", "end", "label"];

/// Mark between `min_segments` and `max_segments` time ranges on the item's audio or
/// video (`media`, required), each with one of `labels`; ranges overlap only when
/// `allow_overlap`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segments {
    #[serde(flatten)]
    common: Common,
    labels: Vec<String>,
    min_segments: usize,
    max_segments: usize,
    allow_overlap: bool,
}

/// One checked segment: seconds `start..end` with its label, the numbers as sent.
#[derive(Debug, Clone, PartialEq)]
struct Segment {
    start: f64,
    end: f64,
    start_sent: Value,
    end_sent: Value,
    label: String,
}

impl Segments {
    pub(super) fn common(&self) -> &Common {
        &self.common
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    pub fn min_segments(&self) -> usize {
        self.min_segments
    }

    pub fn max_segments(&self) -> usize {
        self.max_segments
    }

    pub fn allow_overlap(&self) -> bool {
        self.allow_overlap
    }

    /// The task-data field holding the sound or video.
    pub fn media_field(&self) -> &str {
        self.common.media.as_ref().map_or("", |m| m.field())
    }

    pub(super) fn parse(obj: &Obj, common: Common, problems: &mut Problems) -> Option<Self> {
        let before = problems.len();
        check_timeline(obj, &common, problems);
        let labels = parse_labels(obj, problems);
        let min_segments = obj.count_or("min_segments", 0, (0, MAX_MAX_SEGMENTS), problems);
        let max_segments = obj.count_or(
            "max_segments",
            DEFAULT_MAX_SEGMENTS,
            (1, MAX_MAX_SEGMENTS),
            problems,
        );
        let allow_overlap = obj.bool_or("allow_overlap", false, problems);
        if let (Some(min), Some(max)) = (min_segments, max_segments)
            && min > max
        {
            problems.push(
                obj.path("min_segments"),
                "problem-template-min-over-max",
                vec![
                    ("min_key", "min_segments".to_owned()),
                    ("max_key", "max_segments".to_owned()),
                    ("min", min.to_string()),
                    ("max", max.to_string()),
                ],
            );
        }
        (problems.len() == before).then_some(Segments {
            common,
            labels: labels?,
            min_segments: min_segments?,
            max_segments: max_segments?,
            allow_overlap: allow_overlap?,
        })
    }

    /// The answer `{"segments": [{"start", "end", "label"}]}`; stored sorted by start
    /// (then end), each time exactly as sent.
    pub(super) fn validate(&self, answer: &Value) -> Result<Value, AnswerError> {
        let segments = segment_list(answer)?;
        let count = segments.len().to_string();
        if segments.len() < self.min_segments {
            return Err(AnswerError::new(
                "/segments",
                "answer-segments-at-least",
                vec![("min", self.min_segments.to_string()), ("count", count)],
            ));
        }
        if segments.len() > self.max_segments {
            return Err(AnswerError::new(
                "/segments",
                "answer-segments-at-most",
                vec![("max", self.max_segments.to_string()), ("count", count)],
            ));
        }
        let mut checked = segments
            .iter()
            .enumerate()
            .map(|(index, segment)| {
                self.check_segment(segment, &format!("/segments/{index}"))
                    .map(|segment| (index, segment))
            })
            .collect::<Result<Vec<_>, _>>()?;
        checked.sort_by(|(_, a), (_, b)| a.start.total_cmp(&b.start).then(a.end.total_cmp(&b.end)));
        if !self.allow_overlap {
            // Sorted by start, a segment overlaps another only if it overlaps the
            // furthest-reaching one before it.
            let mut reach: Option<(usize, f64)> = None;
            for (index, segment) in &checked {
                if let Some((other, end)) = reach
                    && segment.start < end
                {
                    return Err(AnswerError::new(
                        format!("/segments/{index}/start"),
                        "answer-segment-overlap",
                        vec![("other", (other + 1).to_string())],
                    ));
                }
                if reach.is_none_or(|(_, end)| segment.end > end) {
                    reach = Some((*index, segment.end));
                }
            }
        }
        let stored: Vec<Value> = checked
            .into_iter()
            .map(|(_, s)| json!({"start": s.start_sent, "end": s.end_sent, "label": s.label}))
            .collect();
        Ok(json!({"segments": stored}))
    }

    fn check_segment(&self, segment: &Value, path: &str) -> Result<Segment, AnswerError> {
        let Value::Object(map) = segment else {
            return Err(AnswerError::new(
                path,
                "answer-segment-not-object",
                vec![type_arg(segment)],
            ));
        };
        if let Some(extra) = map.keys().find(|key| !SEGMENT_KEYS.contains(&key.as_str())) {
            return Err(AnswerError::new(
                format!("{path}/{extra}"),
                "answer-segment-unknown-key",
                vec![("key", extra.clone())],
            ));
        }
        let (start, start_sent) = seconds(map, path, "start")?;
        let (end, end_sent) = seconds(map, path, "end")?;
        if end <= start {
            return Err(AnswerError::new(
                format!("{path}/end"),
                "answer-segment-empty",
                vec![
                    ("start", start_sent.to_string()),
                    ("end", end_sent.to_string()),
                ],
            ));
        }
        let label = mark_label(&self.labels, map, path)?;
        Ok(Segment {
            start,
            end,
            start_sent,
            end_sent,
            label,
        })
    }

    pub(super) fn answer_schema(&self) -> Value {
        let overlap = if self.allow_overlap {
            "Segments may overlap."
        } else {
            "Segments may not overlap (one may start where another ends)."
        };
        json!({
            "type": "object",
            "properties": {
                "segments": {
                    "type": "array",
                    "minItems": self.min_segments,
                    "maxItems": self.max_segments,
                    "items": {
                        "type": "object",
                        "description": format!("Seconds start..end from the beginning of the item's media, end after start. {overlap}"),
                        "properties": {
                            "start": {"type": "number", "minimum": 0},
                            "end": {"type": "number", "exclusiveMinimum": 0},
                            "label": {"type": "string", "enum": self.labels},
                        },
                        "required": ["start", "end", "label"],
                        "additionalProperties": false,
                    },
                },
            },
            "required": ["segments"],
            "additionalProperties": false,
        })
    }
}

/// `media` is required and must be a sound or a video: the timeline marked on.
fn check_timeline(obj: &Obj, common: &Common, problems: &mut Problems) {
    match &common.media {
        Some(media) if matches!(media.kind(), MediaKind::Audio | MediaKind::Video) => {}
        Some(media) => problems.push(
            format!("{}/type", obj.path("media")),
            "problem-template-segments-media-timeline",
            vec![("value", media.kind().as_str().to_owned())],
        ),
        // An invalid `media` has been reported already.
        None if obj.get("media").is_some() => {}
        None => problems.push(
            obj.path("media"),
            "problem-template-segments-media-required",
            Vec::new(),
        ),
    }
}

/// The answer's list of segments, or why the answer is not `{"segments": [...]}`.
fn segment_list(answer: &Value) -> Result<&Vec<Value>, AnswerError> {
    let segments = match answer {
        Value::Object(map) => {
            if let Some(extra) = map.keys().find(|key| *key != "segments") {
                return Err(AnswerError::new(
                    format!("/{extra}"),
                    "answer-segments-unknown-key",
                    vec![("key", extra.clone())],
                ));
            }
            map.get("segments").ok_or_else(|| {
                AnswerError::new("/segments", "answer-segments-missing", Vec::new())
            })?
        }
        other => {
            return Err(AnswerError::new(
                "",
                "answer-segments-not-object",
                vec![type_arg(other)],
            ));
        }
    };
    match segments {
        Value::Array(segments) => Ok(segments),
        other => Err(AnswerError::new(
            "/segments",
            "answer-segments-not-array",
            vec![type_arg(other)],
        )),
    }
}

/// A time at `key`: a finite number of seconds, 0 or more; with the number as sent.
fn seconds(map: &Map<String, Value>, path: &str, key: &str) -> Result<(f64, Value), AnswerError> {
    let path = format!("{path}/{key}");
    let value = map.get(key).ok_or_else(|| {
        AnswerError::new(
            &path,
            "answer-segment-time-missing",
            vec![("key", key.to_owned())],
        )
    })?;
    match value.as_f64() {
        Some(time) if time.is_finite() && time >= 0.0 => Ok((time, value.clone())),
        _ => Err(AnswerError::new(
            &path,
            "answer-segment-time-not-seconds",
            vec![("key", key.to_owned()), ("value", value.to_string())],
        )),
    }
}
