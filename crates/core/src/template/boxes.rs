//! `bounding_boxes`: labelled rectangles drawn on the task's image.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::fields::{Obj, Problems, What, describe_value, text_value, type_arg};
use super::media::{Common, Media, MediaKind};
use super::{AnswerError, quoted_list};

/// The keys of its own (besides those of every kind, [`super::media::COMMON_KEYS`]).
/// `image_field` is the older way to name the image, kept for the templates
/// stored before every kind had `media`.
pub(super) const KEYS: &[&str] = &["image_field", "labels", "min_boxes", "max_boxes"];

const MAX_LABELS: usize = 100;
const MAX_LABEL_CHARS: usize = 64;
const DEFAULT_MAX_BOXES: usize = 50;
const MAX_MAX_BOXES: usize = 1000;
const BOX_KEYS: [&str; 5] = ["x", "y", "w", "h", "label"];

/// Draw between `min_boxes` and `max_boxes` boxes, each with one of `labels`,
/// on the item's image: its `media`, always an image. The stored form also
/// repeats the image's field as `image_field`, for clients written before `media`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoundingBoxes {
    #[serde(flatten)]
    common: Common,
    image_field: String,
    labels: Vec<String>,
    min_boxes: usize,
    max_boxes: usize,
}

impl BoundingBoxes {
    pub fn question(&self) -> Option<&str> {
        self.common.question.as_deref()
    }

    pub(super) fn common(&self) -> &Common {
        &self.common
    }

    /// The task-data field holding the image URL.
    pub fn image_field(&self) -> &str {
        &self.image_field
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    pub fn min_boxes(&self) -> usize {
        self.min_boxes
    }

    pub fn max_boxes(&self) -> usize {
        self.max_boxes
    }

    pub(super) fn parse(obj: &Obj, mut common: Common, problems: &mut Problems) -> Option<Self> {
        let before = problems.len();
        let image_field = image(obj, &mut common, problems);
        let labels = parse_labels(obj, problems);
        let min_boxes = obj.count_or("min_boxes", 0, (0, MAX_MAX_BOXES), problems);
        let max_boxes = obj.count_or("max_boxes", DEFAULT_MAX_BOXES, (1, MAX_MAX_BOXES), problems);
        if let (Some(min), Some(max)) = (min_boxes, max_boxes)
            && min > max
        {
            problems.push(
                obj.path("min_boxes"),
                "problem-template-min-over-max",
                vec![
                    ("min_key", "min_boxes".to_owned()),
                    ("max_key", "max_boxes".to_owned()),
                    ("min", min.to_string()),
                    ("max", max.to_string()),
                ],
            );
        }
        (problems.len() == before).then_some(BoundingBoxes {
            common,
            image_field: image_field?,
            labels: labels?,
            min_boxes: min_boxes?,
            max_boxes: max_boxes?,
        })
    }

    pub(super) fn validate(&self, task_data: &Value, answer: &Value) -> Result<Value, AnswerError> {
        let boxes = match answer {
            Value::Object(map) => {
                if let Some(extra) = map.keys().find(|key| *key != "boxes") {
                    return Err(AnswerError::new(
                        format!("/{extra}"),
                        "answer-boxes-unknown-key",
                        vec![("key", extra.clone())],
                    ));
                }
                map.get("boxes")
                    .ok_or_else(|| AnswerError::new("/boxes", "answer-boxes-missing", Vec::new()))?
            }
            other => {
                return Err(AnswerError::new(
                    "",
                    "answer-boxes-not-object",
                    vec![type_arg(other)],
                ));
            }
        };
        let Value::Array(boxes) = boxes else {
            return Err(AnswerError::new(
                "/boxes",
                "answer-boxes-not-array",
                vec![type_arg(boxes)],
            ));
        };
        let count = boxes.len();
        if count < self.min_boxes {
            return Err(AnswerError::new(
                "/boxes",
                "answer-boxes-at-least",
                vec![
                    ("min", self.min_boxes.to_string()),
                    ("count", count.to_string()),
                ],
            ));
        }
        if count > self.max_boxes {
            return Err(AnswerError::new(
                "/boxes",
                "answer-boxes-at-most",
                vec![
                    ("max", self.max_boxes.to_string()),
                    ("count", count.to_string()),
                ],
            ));
        }
        let image = ImageSize::from_task_data(task_data);
        let boxes = boxes
            .iter()
            .enumerate()
            .map(|(index, drawn)| self.check_box(drawn, &format!("/boxes/{index}"), image))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(json!({"boxes": boxes}))
    }

    fn check_box(&self, drawn: &Value, path: &str, image: ImageSize) -> Result<Value, AnswerError> {
        let Value::Object(map) = drawn else {
            return Err(AnswerError::new(
                path,
                "answer-box-not-object",
                vec![type_arg(drawn)],
            ));
        };
        if let Some(extra) = map.keys().find(|key| !BOX_KEYS.contains(&key.as_str())) {
            return Err(AnswerError::new(
                format!("{path}/{extra}"),
                "answer-box-unknown-key",
                vec![("key", extra.clone())],
            ));
        }
        let x = box_coordinate(map, path, "x", "x", false)?;
        let y = box_coordinate(map, path, "y", "y", false)?;
        let w = box_coordinate(map, path, "w", "width", true)?;
        let h = box_coordinate(map, path, "h", "height", true)?;
        check_inside_image(path, [x, y, w, h], image)?;
        let label = self.box_label(map, path)?;
        // Keys in a fixed order and numbers exactly as sent.
        let mut normalised = Map::new();
        for key in ["x", "y", "w", "h"] {
            normalised.insert(key.to_owned(), map.get(key).cloned().unwrap_or_default());
        }
        normalised.insert("label".to_owned(), Value::String(label.clone()));
        Ok(Value::Object(normalised))
    }

    /// The label of a drawn box: a string, one of this template's labels.
    fn box_label<'a>(
        &self,
        map: &'a Map<String, Value>,
        path: &str,
    ) -> Result<&'a String, AnswerError> {
        let label_path = format!("{path}/label");
        match map.get("label") {
            Some(Value::String(label)) if self.labels.contains(label) => Ok(label),
            Some(Value::String(label)) => {
                let labels = quoted_list(self.labels.iter().map(String::as_str));
                Err(AnswerError::new(
                    label_path,
                    "answer-box-label-unknown",
                    vec![("label", label.clone()), ("labels", labels.clone())],
                ))
            }
            Some(other) => Err(AnswerError::new(
                label_path,
                "answer-box-label-not-string",
                vec![type_arg(other)],
            )),
            None => Err(AnswerError::new(
                label_path,
                "answer-box-label-missing",
                Vec::new(),
            )),
        }
    }

    pub(super) fn answer_schema(&self) -> Value {
        json!({
            "type": "object",
            "properties": {
                "boxes": {
                    "type": "array",
                    "minItems": self.min_boxes,
                    "maxItems": self.max_boxes,
                    "items": {
                        "type": "object",
                        "properties": {
                            "x": {"type": "number", "minimum": 0},
                            "y": {"type": "number", "minimum": 0},
                            "w": {"type": "number", "exclusiveMinimum": 0},
                            "h": {"type": "number", "exclusiveMinimum": 0},
                            "label": {"type": "string", "enum": self.labels},
                        },
                        "required": BOX_KEYS,
                        "additionalProperties": false,
                    },
                },
            },
            "required": ["boxes"],
            "additionalProperties": false,
        })
    }
}

/// The field of the image boxes are drawn on: `media` (an image) or the older
/// `image_field`; both may be given when they name the same field (the stored form).
/// Sets `common.media` to the image when only `image_field` is given.
fn image(obj: &Obj, common: &mut Common, problems: &mut Problems) -> Option<String> {
    let older = obj
        .get("image_field")
        .map(|_| obj.required_identifier("image_field", problems));
    if obj.get("media").is_none() {
        return match older {
            Some(field) => {
                let field = field?;
                common.media = Some(Media::image(field.clone()));
                Some(field)
            }
            None => {
                problems.push(
                    obj.path("media"),
                    "problem-template-boxes-image-required",
                    Vec::new(),
                );
                None
            }
        };
    }
    // An invalid `media` has been reported already.
    let media = common.media.as_ref()?;
    if media.kind() != MediaKind::Image {
        problems.push(
            format!("{}/type", obj.path("media")),
            "problem-template-boxes-media-image",
            vec![("value", media.kind().as_str().to_owned())],
        );
        return None;
    }
    match older {
        Some(Some(field)) if field != media.field() => {
            problems.push(
                obj.path("image_field"),
                "problem-template-image-field-conflict",
                vec![
                    ("value", field.clone()),
                    ("field", media.field().to_owned()),
                ],
            );
            None
        }
        _ => Some(media.field().to_owned()),
    }
}

pub(super) fn parse_labels(obj: &Obj, problems: &mut Problems) -> Option<Vec<String>> {
    let path = obj.path("labels");
    let items = match obj.get("labels") {
        Some(Value::Array(items)) => items,
        Some(other) => {
            problems.push(
                path,
                "problem-template-labels-not-array",
                vec![type_arg(other)],
            );
            return None;
        }
        None => {
            problems.push(path, "problem-template-labels-required", Vec::new());
            return None;
        }
    };
    if !(1..=MAX_LABELS).contains(&items.len()) {
        problems.push(
            &path,
            "problem-template-labels-count",
            vec![
                ("max", MAX_LABELS.to_string()),
                ("count", items.len().to_string()),
            ],
        );
    }
    let before = problems.len();
    let mut seen = HashSet::new();
    let mut labels = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let item_path = format!("{path}/{index}");
        let Some(label) = text_value(item, &item_path, What::Label, MAX_LABEL_CHARS, problems)
        else {
            continue;
        };
        if !seen.insert(label.clone()) {
            problems.push(
                item_path,
                "problem-template-label-twice",
                vec![("label", label.clone())],
            );
        }
        labels.push(label);
    }
    (problems.len() == before).then_some(labels)
}

/// The image size from the task data, when the requester supplied it.
#[derive(Clone, Copy)]
pub(super) struct ImageSize {
    pub(super) width: Option<f64>,
    pub(super) height: Option<f64>,
}

impl ImageSize {
    /// Numeric strings count too: every cell of a CSV import is a string.
    pub(super) fn from_task_data(task_data: &Value) -> Self {
        let dimension = |key| {
            let value = task_data.get(key)?;
            let size = match value {
                Value::String(text) => text.trim().parse::<f64>().ok(),
                other => other.as_f64(),
            };
            size.filter(|size| size.is_finite() && *size > 0.0)
        };
        ImageSize {
            width: dimension("image_width"),
            height: dimension("image_height"),
        }
    }
}

/// The number at `key` of a drawn box: present, finite, 0 or more, and above 0 when
/// `positive` (a width or height).
fn box_coordinate(
    map: &Map<String, Value>,
    path: &str,
    key: &str,
    what: &str,
    positive: bool,
) -> Result<f64, AnswerError> {
    let path = format!("{path}/{key}");
    let value = map.get(key).ok_or_else(|| {
        AnswerError::new(
            &path,
            "answer-box-coordinate-missing",
            vec![("key", key.to_owned()), ("what", what.to_owned())],
        )
    })?;
    let number = value
        .as_f64()
        .filter(|number| number.is_finite())
        .ok_or_else(|| {
            AnswerError::new(
                &path,
                "answer-box-coordinate-not-number",
                vec![
                    ("key", key.to_owned()),
                    ("what", what.to_owned()),
                    type_arg(value),
                ],
            )
        })?;
    if positive && number <= 0.0 {
        return Err(AnswerError::new(
            path,
            "answer-box-coordinate-positive",
            vec![
                ("key", key.to_owned()),
                ("what", what.to_owned()),
                ("value", describe_value(value)),
            ],
        ));
    }
    if number < 0.0 {
        return Err(AnswerError::new(
            path,
            "answer-box-coordinate-negative",
            vec![
                ("key", key.to_owned()),
                ("what", what.to_owned()),
                ("value", describe_value(value)),
            ],
        ));
    }
    Ok(number)
}

/// A box that stays inside the image, when the task data gives the image size.
fn check_inside_image(
    path: &str,
    [x, y, w, h]: [f64; 4],
    image: ImageSize,
) -> Result<(), AnswerError> {
    if let Some(width) = image.width
        && x + w > width
    {
        return Err(AnswerError::new(
            format!("{path}/w"),
            "answer-box-past-right",
            vec![("right", (x + w).to_string()), ("width", width.to_string())],
        ));
    }
    if let Some(height) = image.height
        && y + h > height
    {
        return Err(AnswerError::new(
            format!("{path}/h"),
            "answer-box-past-bottom",
            vec![
                ("bottom", (y + h).to_string()),
                ("height", height.to_string()),
            ],
        ));
    }
    Ok(())
}
