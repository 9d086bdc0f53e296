//! `polygons`: labelled polygons drawn on the task's image (segmentation). Points
//! are `[x, y]` in the image's pixels from its top-left corner, as COCO's
//! `segmentation` writes them; a polygon is closed (its last point joins its first).

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::boxes::{ImageSize, parse_labels};
use super::fields::{Obj, Problems, describe_value, type_arg};
use super::media::{Common, MediaKind};
use super::spans::mark_label;
use super::{AnswerError, TemplateKind};

/// The keys of its own (besides those of every kind).
pub(super) const KEYS: &[&str] = &["labels", "min_polygons", "max_polygons", "min_points"];

const DEFAULT_MAX_POLYGONS: usize = 50;
const MAX_MAX_POLYGONS: usize = 1000;
/// A polygon has at least three points (and a template may ask for more).
const MIN_POINTS: usize = 3;
/// The most points one polygon may have.
pub const MAX_POINTS: usize = 1000;
const POLYGON_KEYS: [&str; 2] = ["label", "points"];

/// Draw between `min_polygons` and `max_polygons` polygons, each with one of
/// `labels` and at least `min_points` points, on the item's image (its `media`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Polygons {
    #[serde(flatten)]
    common: Common,
    labels: Vec<String>,
    min_polygons: usize,
    max_polygons: usize,
    min_points: usize,
}

impl Polygons {
    pub(super) fn common(&self) -> &Common {
        &self.common
    }

    /// The task-data field holding the image polygons are drawn on.
    pub fn image_field(&self) -> &str {
        self.common.media.as_ref().map_or("", |m| m.field())
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    pub fn min_polygons(&self) -> usize {
        self.min_polygons
    }

    pub fn max_polygons(&self) -> usize {
        self.max_polygons
    }

    pub fn min_points(&self) -> usize {
        self.min_points
    }

    pub(super) fn parse(obj: &Obj, common: Common, problems: &mut Problems) -> Option<Self> {
        let before = problems.len();
        image_media(obj, &common, TemplateKind::Polygons, problems);
        let labels = parse_labels(obj, problems);
        let min_polygons = obj.count_or("min_polygons", 0, (0, MAX_MAX_POLYGONS), problems);
        let max_polygons = obj.count_or(
            "max_polygons",
            DEFAULT_MAX_POLYGONS,
            (1, MAX_MAX_POLYGONS),
            problems,
        );
        let min_points = obj.count_or("min_points", MIN_POINTS, (MIN_POINTS, MAX_POINTS), problems);
        if let (Some(min), Some(max)) = (min_polygons, max_polygons)
            && min > max
        {
            problems.push(
                obj.path("min_polygons"),
                "problem-template-min-over-max",
                vec![
                    ("min_key", "min_polygons".to_owned()),
                    ("max_key", "max_polygons".to_owned()),
                    ("min", min.to_string()),
                    ("max", max.to_string()),
                ],
            );
        }
        (problems.len() == before).then_some(Polygons {
            common,
            labels: labels?,
            min_polygons: min_polygons?,
            max_polygons: max_polygons?,
            min_points: min_points?,
        })
    }

    /// The answer `{"polygons": [{"label", "points": [[x, y], …]}]}`, stored with
    /// the keys in that order and the numbers as sent.
    pub(super) fn validate(&self, task_data: &Value, answer: &Value) -> Result<Value, AnswerError> {
        let polygons = match answer {
            Value::Object(map) => {
                if let Some(extra) = map.keys().find(|key| *key != "polygons") {
                    return Err(AnswerError::new(
                        format!("/{extra}"),
                        "answer-polygons-unknown-key",
                        vec![("key", extra.clone())],
                    ));
                }
                map.get("polygons").ok_or_else(|| {
                    AnswerError::new("/polygons", "answer-polygons-missing", Vec::new())
                })?
            }
            other => {
                return Err(AnswerError::new(
                    "",
                    "answer-polygons-not-object",
                    vec![type_arg(other)],
                ));
            }
        };
        let Value::Array(polygons) = polygons else {
            return Err(AnswerError::new(
                "/polygons",
                "answer-polygons-not-array",
                vec![type_arg(polygons)],
            ));
        };
        let count = polygons.len();
        if count < self.min_polygons || count > self.max_polygons {
            let (code, key, bound) = if count < self.min_polygons {
                ("answer-polygons-at-least", "min", self.min_polygons)
            } else {
                ("answer-polygons-at-most", "max", self.max_polygons)
            };
            return Err(AnswerError::new(
                "/polygons",
                code,
                vec![(key, bound.to_string()), ("count", count.to_string())],
            ));
        }
        let image = ImageSize::from_task_data(task_data);
        let polygons = polygons
            .iter()
            .enumerate()
            .map(|(index, drawn)| self.check_polygon(drawn, &format!("/polygons/{index}"), image))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(json!({"polygons": polygons}))
    }

    fn check_polygon(
        &self,
        drawn: &Value,
        path: &str,
        image: ImageSize,
    ) -> Result<Value, AnswerError> {
        let Value::Object(map) = drawn else {
            return Err(AnswerError::new(
                path,
                "answer-polygon-not-object",
                vec![type_arg(drawn)],
            ));
        };
        if let Some(extra) = map.keys().find(|key| !POLYGON_KEYS.contains(&key.as_str())) {
            return Err(AnswerError::new(
                format!("{path}/{extra}"),
                "answer-polygon-unknown-key",
                vec![("key", extra.clone())],
            ));
        }
        let label = mark_label(&self.labels, map, path)?;
        let points_path = format!("{path}/points");
        let points = match map.get("points") {
            Some(Value::Array(points)) => points,
            Some(other) => {
                return Err(AnswerError::new(
                    points_path,
                    "answer-polygon-points-not-array",
                    vec![type_arg(other)],
                ));
            }
            None => {
                return Err(AnswerError::new(
                    points_path,
                    "answer-polygon-points-missing",
                    Vec::new(),
                ));
            }
        };
        if points.len() < self.min_points || points.len() > MAX_POINTS {
            let (code, key, bound) = if points.len() < self.min_points {
                ("answer-polygon-too-few-points", "min", self.min_points)
            } else {
                ("answer-polygon-too-many-points", "max", MAX_POINTS)
            };
            return Err(AnswerError::new(
                points_path,
                code,
                vec![
                    (key, bound.to_string()),
                    ("count", points.len().to_string()),
                ],
            ));
        }
        let corners = points
            .iter()
            .enumerate()
            .map(|(i, point)| polygon_point(point, &format!("{points_path}/{i}"), image))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some((edge, other)) = self_crossing(&corners) {
            return Err(AnswerError::new(
                format!("{points_path}/{edge}"),
                "answer-polygon-self-intersecting",
                vec![
                    ("edge", edge.to_string()),
                    ("next", ((edge + 1) % corners.len()).to_string()),
                    ("other", other.to_string()),
                    ("other_next", ((other + 1) % corners.len()).to_string()),
                ],
            ));
        }
        // A polygon folded onto one line crosses itself but for a triangle.
        if area(&corners) == 0.0 {
            return Err(AnswerError::new(
                points_path,
                "answer-polygon-no-area",
                Vec::new(),
            ));
        }
        let mut normalised = Map::new();
        normalised.insert("label".to_owned(), Value::String(label));
        normalised.insert("points".to_owned(), Value::Array(points.clone()));
        Ok(Value::Object(normalised))
    }

    pub(super) fn answer_schema(&self) -> Value {
        json!({
            "type": "object",
            "properties": {
                "polygons": {
                    "type": "array",
                    "minItems": self.min_polygons,
                    "maxItems": self.max_polygons,
                    "items": {
                        "type": "object",
                        "properties": {
                            "label": {"type": "string", "enum": self.labels},
                            "points": {
                                "type": "array",
                                "minItems": self.min_points,
                                "maxItems": MAX_POINTS,
                                "items": {
                                    "type": "array",
                                    "prefixItems": [{"type": "number", "minimum": 0}, {"type": "number", "minimum": 0}],
                                    "minItems": 2,
                                    "maxItems": 2,
                                },
                            },
                        },
                        "required": POLYGON_KEYS,
                        "additionalProperties": false,
                    },
                },
            },
            "required": ["polygons"],
            "additionalProperties": false,
        })
    }
}

/// Checks that the template's `media` is an image (polygons and keypoints are drawn
/// on one): a problem when it is missing or of another type.
pub(super) fn image_media(obj: &Obj, common: &Common, kind: TemplateKind, problems: &mut Problems) {
    if obj.get("media").is_none() {
        problems.push(
            obj.path("media"),
            "problem-template-image-required",
            vec![("kind", kind.as_str().to_owned())],
        );
        return;
    }
    // An invalid `media` has been reported already.
    if let Some(media) = &common.media
        && media.kind() != MediaKind::Image
    {
        problems.push(
            format!("{}/type", obj.path("media")),
            "problem-template-media-image",
            vec![
                ("kind", kind.as_str().to_owned()),
                ("value", media.kind().as_str().to_owned()),
            ],
        );
    }
}

/// One point `[x, y]`: two finite numbers, 0 or more, inside the image when its size is known.
fn polygon_point(point: &Value, path: &str, image: ImageSize) -> Result<[f64; 2], AnswerError> {
    let pair = match point {
        Value::Array(pair) if pair.len() == 2 => pair,
        other => {
            return Err(AnswerError::new(
                path,
                "answer-polygon-point-not-pair",
                vec![("value", describe_value(other))],
            ));
        }
    };
    let mut xy = [0.0; 2];
    for (axis, value) in pair.iter().enumerate() {
        let coordinate_path = format!("{path}/{axis}");
        let number = value.as_f64().filter(|n| n.is_finite()).ok_or_else(|| {
            AnswerError::new(
                &coordinate_path,
                "answer-polygon-point-not-number",
                vec![type_arg(value)],
            )
        })?;
        let limit = if axis == 0 { image.width } else { image.height };
        if number < 0.0 || limit.is_some_and(|limit| number > limit) {
            return Err(AnswerError::new(
                coordinate_path,
                "answer-polygon-point-outside",
                vec![
                    ("axis", if axis == 0 { "x" } else { "y" }.to_owned()),
                    ("value", describe_value(value)),
                    (
                        "limit",
                        limit.map_or_else(|| "-".to_owned(), |l| l.to_string()),
                    ),
                ],
            ));
        }
        xy[axis] = number;
    }
    Ok(xy)
}

/// The polygon's area (shoelace formula), in square pixels.
pub fn area(points: &[[f64; 2]]) -> f64 {
    let n = points.len();
    let twice: f64 = (0..n)
        .map(|i| {
            let [x1, y1] = points[i];
            let [x2, y2] = points[(i + 1) % n];
            x1 * y2 - x2 * y1
        })
        .sum();
    twice.abs() / 2.0
}

/// The first two edges that cross or touch without being neighbours, by the index
/// of the point each starts at (the later one first); None for a simple polygon.
fn self_crossing(points: &[[f64; 2]]) -> Option<(usize, usize)> {
    let n = points.len();
    let edge = |i: usize| (points[i], points[(i + 1) % n]);
    for later in 1..n {
        for earlier in 0..later {
            let neighbours = later == earlier + 1 || (earlier == 0 && later == n - 1);
            if !neighbours && segments_meet(edge(earlier), edge(later)) {
                return Some((later, earlier));
            }
        }
    }
    None
}

fn orientation(a: [f64; 2], b: [f64; 2], c: [f64; 2]) -> f64 {
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}

fn on_segment(a: [f64; 2], b: [f64; 2], p: [f64; 2]) -> bool {
    p[0] >= a[0].min(b[0])
        && p[0] <= a[0].max(b[0])
        && p[1] >= a[1].min(b[1])
        && p[1] <= a[1].max(b[1])
}

/// Whether two segments share a point (crossing, touching, or overlapping).
fn segments_meet((a, b): ([f64; 2], [f64; 2]), (c, d): ([f64; 2], [f64; 2])) -> bool {
    let (d1, d2) = (orientation(c, d, a), orientation(c, d, b));
    let (d3, d4) = (orientation(a, b, c), orientation(a, b, d));
    if ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0))
        && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
    {
        return true;
    }
    (d1 == 0.0 && on_segment(c, d, a))
        || (d2 == 0.0 && on_segment(c, d, b))
        || (d3 == 0.0 && on_segment(a, b, c))
        || (d4 == 0.0 && on_segment(a, b, d))
}
