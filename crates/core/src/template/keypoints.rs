//! `keypoints`: a named skeleton placed on the task's image (a pose, a face's
//! landmarks). Each point of the skeleton is answered: where it is, in the image's
//! pixels, or that it is not visible.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::boxes::ImageSize;
use super::fields::{Obj, Problems, What, describe_value, text_value, type_arg};
use super::media::Common;
use super::polygons::image_media;
use super::{AnswerError, TemplateKind, quoted_list};

/// The keys of its own (besides those of every kind).
pub(super) const KEYS: &[&str] = &["points", "edges", "category"];

const MAX_POINT_NAMES: usize = 100;
const MAX_NAME_CHARS: usize = 64;
const DEFAULT_CATEGORY: &str = "object";
const POINT_KEYS: [&str; 3] = ["x", "y", "visible"];

/// Place every one of `points` (or say it is not visible) on the item's image
/// (its `media`); `edges` join pairs of points into a skeleton, and `category` names
/// what the skeleton is of (COCO's category).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Keypoints {
    #[serde(flatten)]
    common: Common,
    category: String,
    points: Vec<String>,
    edges: Vec<[String; 2]>,
}

impl Keypoints {
    pub(super) fn common(&self) -> &Common {
        &self.common
    }

    /// The task-data field holding the image points are placed on.
    pub fn image_field(&self) -> &str {
        self.common.media.as_ref().map_or("", |m| m.field())
    }

    /// The skeleton's point names, in order.
    pub fn points(&self) -> &[String] {
        &self.points
    }

    /// The skeleton's edges, each a pair of point names.
    pub fn edges(&self) -> &[[String; 2]] {
        &self.edges
    }

    /// What the skeleton is of ("person").
    pub fn category(&self) -> &str {
        &self.category
    }

    pub(super) fn parse(obj: &Obj, common: Common, problems: &mut Problems) -> Option<Self> {
        let before = problems.len();
        image_media(obj, &common, TemplateKind::Keypoints, problems);
        let category = match obj.get("category") {
            None => Some(DEFAULT_CATEGORY.to_owned()),
            Some(_) => obj.required_text("category", MAX_NAME_CHARS, problems),
        };
        let points = point_names(obj, problems);
        let edges = points
            .as_ref()
            .and_then(|names| parse_edges(obj, names, problems));
        (problems.len() == before).then_some(Keypoints {
            common,
            category: category?,
            points: points?,
            edges: edges?,
        })
    }

    /// The answer `{"points": {"nose": {"x", "y", "visible": true}, "tail": {"visible": false}}}`:
    /// every point of the skeleton, placed (`visible` may be left out) or not visible (its
    /// coordinates dropped). Stored with `visible` always written.
    pub(super) fn validate(&self, task_data: &Value, answer: &Value) -> Result<Value, AnswerError> {
        let points = match answer {
            Value::Object(map) => {
                if let Some(extra) = map.keys().find(|key| *key != "points") {
                    return Err(AnswerError::new(
                        format!("/{extra}"),
                        "answer-keypoints-unknown-key",
                        vec![("key", extra.clone())],
                    ));
                }
                map.get("points").ok_or_else(|| {
                    AnswerError::new("/points", "answer-keypoints-missing", Vec::new())
                })?
            }
            other => {
                return Err(AnswerError::new(
                    "",
                    "answer-keypoints-not-object",
                    vec![type_arg(other)],
                ));
            }
        };
        let Value::Object(points) = points else {
            return Err(AnswerError::new(
                "/points",
                "answer-keypoints-not-map",
                vec![type_arg(points)],
            ));
        };
        if let Some(unknown) = points.keys().find(|name| !self.points.contains(name)) {
            return Err(AnswerError::new(
                format!("/points/{}", escape(unknown)),
                "answer-keypoint-unknown",
                vec![
                    ("name", unknown.clone()),
                    (
                        "points",
                        quoted_list(self.points.iter().map(String::as_str)),
                    ),
                ],
            ));
        }
        let image = ImageSize::from_task_data(task_data);
        let mut stored = Map::new();
        for name in &self.points {
            let path = format!("/points/{}", escape(name));
            let placed = points.get(name).ok_or_else(|| {
                AnswerError::new(
                    &path,
                    "answer-keypoint-missing",
                    vec![("name", name.clone())],
                )
            })?;
            stored.insert(name.clone(), check_point(placed, &path, image)?);
        }
        Ok(json!({"points": stored}))
    }

    pub(super) fn answer_schema(&self) -> Value {
        let point = json!({
            "type": "object",
            "properties": {
                "x": {"type": "number", "minimum": 0},
                "y": {"type": "number", "minimum": 0},
                "visible": {"type": "boolean", "default": true},
            },
            "additionalProperties": false,
        });
        let properties: Map<String, Value> = self
            .points
            .iter()
            .map(|name| (name.clone(), point.clone()))
            .collect();
        json!({
            "type": "object",
            "properties": {
                "points": {
                    "type": "object",
                    "properties": properties,
                    "required": self.points,
                    "additionalProperties": false,
                },
            },
            "required": ["points"],
            "additionalProperties": false,
        })
    }
}

/// A JSON-pointer token for a point name.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// One placed point: `{"x", "y"}` (visible unless `"visible": false`) or `{"visible": false}`.
fn check_point(placed: &Value, path: &str, image: ImageSize) -> Result<Value, AnswerError> {
    let Value::Object(map) = placed else {
        return Err(AnswerError::new(
            path,
            "answer-keypoint-not-object",
            vec![type_arg(placed)],
        ));
    };
    if let Some(extra) = map.keys().find(|key| !POINT_KEYS.contains(&key.as_str())) {
        return Err(AnswerError::new(
            format!("{path}/{extra}"),
            "answer-keypoint-unknown-key",
            vec![("key", extra.clone())],
        ));
    }
    let visible = match map.get("visible") {
        None => true,
        Some(Value::Bool(flag)) => *flag,
        Some(other) => {
            return Err(AnswerError::new(
                format!("{path}/visible"),
                "answer-keypoint-visible-not-flag",
                vec![type_arg(other)],
            ));
        }
    };
    if !visible {
        return Ok(json!({"visible": false}));
    }
    let mut stored = Map::new();
    for (key, limit) in [("x", image.width), ("y", image.height)] {
        let coordinate_path = format!("{path}/{key}");
        let value = map.get(key).ok_or_else(|| {
            AnswerError::new(
                &coordinate_path,
                "answer-keypoint-coordinate-missing",
                vec![("key", key.to_owned())],
            )
        })?;
        let number = value.as_f64().filter(|n| n.is_finite()).ok_or_else(|| {
            AnswerError::new(
                &coordinate_path,
                "answer-keypoint-coordinate-not-number",
                vec![("key", key.to_owned()), type_arg(value)],
            )
        })?;
        if number < 0.0 || limit.is_some_and(|limit| number > limit) {
            return Err(AnswerError::new(
                coordinate_path,
                "answer-polygon-point-outside",
                vec![
                    ("axis", key.to_owned()),
                    ("value", describe_value(value)),
                    (
                        "limit",
                        limit.map_or_else(|| "-".to_owned(), |l| l.to_string()),
                    ),
                ],
            ));
        }
        stored.insert(key.to_owned(), value.clone());
    }
    stored.insert("visible".to_owned(), Value::Bool(true));
    Ok(Value::Object(stored))
}

/// The skeleton's point names: 1 to 100 distinct names.
fn point_names(obj: &Obj, problems: &mut Problems) -> Option<Vec<String>> {
    let path = obj.path("points");
    let items = match obj.get("points") {
        Some(Value::Array(items)) => items,
        Some(other) => {
            problems.push(
                path,
                "problem-template-points-not-array",
                vec![type_arg(other)],
            );
            return None;
        }
        None => {
            problems.push(path, "problem-template-points-required", Vec::new());
            return None;
        }
    };
    if !(1..=MAX_POINT_NAMES).contains(&items.len()) {
        problems.push(
            &path,
            "problem-template-points-count",
            vec![
                ("max", MAX_POINT_NAMES.to_string()),
                ("count", items.len().to_string()),
            ],
        );
    }
    let before = problems.len();
    let mut seen = HashSet::new();
    let mut names = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let item_path = format!("{path}/{index}");
        let Some(name) = text_value(
            item,
            &item_path,
            What::Key("points"),
            MAX_NAME_CHARS,
            problems,
        ) else {
            continue;
        };
        if !seen.insert(name.clone()) {
            problems.push(
                item_path,
                "problem-template-point-twice",
                vec![("name", name.clone())],
            );
        }
        names.push(name);
    }
    (problems.len() == before).then_some(names)
}

/// The skeleton's edges: pairs of two different known points, each pair once.
fn parse_edges(obj: &Obj, names: &[String], problems: &mut Problems) -> Option<Vec<[String; 2]>> {
    let path = obj.path("edges");
    let items = match obj.get("edges") {
        None => return Some(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => {
            problems.push(
                path,
                "problem-template-edges-not-array",
                vec![type_arg(other)],
            );
            return None;
        }
    };
    let before = problems.len();
    let mut seen = HashSet::new();
    let mut edges = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let item_path = format!("{path}/{index}");
        let pair = match item {
            Value::Array(pair) if pair.len() == 2 => pair,
            other => {
                problems.push(
                    item_path,
                    "problem-template-edge-not-pair",
                    vec![("value", describe_value(other))],
                );
                continue;
            }
        };
        let mut ends = Vec::with_capacity(2);
        for (end, value) in pair.iter().enumerate() {
            match value.as_str() {
                Some(name) if names.iter().any(|n| n == name) => ends.push(name.to_owned()),
                _ => problems.push(
                    format!("{item_path}/{end}"),
                    "problem-template-edge-unknown-point",
                    vec![
                        ("value", describe_value(value)),
                        ("points", quoted_list(names.iter().map(String::as_str))),
                    ],
                ),
            }
        }
        let Ok([a, b]) = <[String; 2]>::try_from(ends) else {
            continue;
        };
        if a == b {
            problems.push(
                item_path,
                "problem-template-edge-loop",
                vec![("name", a.clone())],
            );
            continue;
        }
        let key = if a < b {
            (a.clone(), b.clone())
        } else {
            (b.clone(), a.clone())
        };
        if !seen.insert(key) {
            problems.push(
                item_path,
                "problem-template-edge-twice",
                vec![("a", a.clone()), ("b", b.clone())],
            );
        }
        edges.push([a, b]);
    }
    (problems.len() == before).then_some(edges)
}
