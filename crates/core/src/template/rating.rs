//! `rating`: a point on a whole-number scale, with labels for some points.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use super::AnswerError;
use super::fields::{Obj, Problems, What, pointer, text_value, type_arg, value_args};
use super::media::Common;

/// The keys of its own (besides those of every kind, [`super::media::COMMON_KEYS`]).
pub(super) const KEYS: &[&str] = &["min", "max", "labels"];

const MAX_STEPS: i64 = 100;
const MAX_LABEL_CHARS: usize = 200;

/// Rate on a scale from `min` to `max`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rating {
    #[serde(flatten)]
    common: Common,
    min: i64,
    max: i64,
    labels: BTreeMap<i64, String>,
}

impl Rating {
    pub fn question(&self) -> Option<&str> {
        self.common.question.as_deref()
    }

    pub(super) fn common(&self) -> &Common {
        &self.common
    }

    pub fn min(&self) -> i64 {
        self.min
    }

    pub fn max(&self) -> i64 {
        self.max
    }

    /// Labels of some points of the scale, by point.
    pub fn labels(&self) -> &BTreeMap<i64, String> {
        &self.labels
    }

    pub(super) fn parse(obj: &Obj, common: Common, problems: &mut Problems) -> Option<Self> {
        let before = problems.len();
        let min = obj.integer_or("min", 1, problems);
        let max = obj.integer_or("max", 5, problems);
        let range = match (min, max) {
            (Some(min), Some(max)) if min >= max => {
                problems.push(
                    obj.path("max"),
                    "problem-template-max-not-over-min",
                    vec![("min", min.to_string()), ("max", max.to_string())],
                );
                None
            }
            (Some(min), Some(max)) if max.abs_diff(min) > MAX_STEPS.unsigned_abs() => {
                problems.push(
                    obj.path("max"),
                    "problem-template-scale-too-long",
                    vec![
                        ("steps", MAX_STEPS.to_string()),
                        ("min", min.to_string()),
                        ("max", max.to_string()),
                    ],
                );
                None
            }
            (Some(min), Some(max)) => Some(min..=max),
            _ => None,
        };
        let mut labels = BTreeMap::new();
        match obj.get("labels") {
            None => {}
            Some(Value::Object(map)) => {
                for (key, label) in map {
                    let path = pointer(&obj.path("labels"), key);
                    let label = text_value(label, &path, What::Label, MAX_LABEL_CHARS, problems);
                    match key.parse::<i64>() {
                        Ok(point) if point.to_string() == *key => {
                            if let Some(range) = &range
                                && !range.contains(&point)
                            {
                                problems.push(
                                    &path,
                                    "problem-template-label-off-scale",
                                    vec![
                                        ("point", point.to_string()),
                                        ("min", range.start().to_string()),
                                        ("max", range.end().to_string()),
                                    ],
                                );
                            }
                            labels.extend(label.map(|label| (point, label)));
                        }
                        _ => problems.push(
                            &path,
                            "problem-template-label-key",
                            vec![("key", key.clone())],
                        ),
                    }
                }
            }
            Some(other) => problems.push(
                obj.path("labels"),
                "problem-template-rating-labels-not-object",
                vec![type_arg(other)],
            ),
        }
        let range = range?;
        (problems.len() == before).then_some(Rating {
            common,
            min: *range.start(),
            max: *range.end(),
            labels,
        })
    }

    pub(super) fn validate(&self, answer: &Value) -> Result<Value, AnswerError> {
        let Value::Number(number) = answer else {
            return Err(AnswerError::new(
                "",
                "answer-rating-not-number",
                vec![
                    ("min", self.min.to_string()),
                    ("max", self.max.to_string()),
                    type_arg(answer),
                ],
            ));
        };
        let point = number.as_i64().or_else(|| {
            let float = number.as_f64()?;
            (float.fract() == 0.0 && float.abs() < 9.0e15).then_some(float as i64)
        });
        let Some(point) = point else {
            return Err(AnswerError::new(
                "",
                "answer-rating-not-whole",
                value_args(answer),
            ));
        };
        if !(self.min..=self.max).contains(&point) {
            return Err(AnswerError::new(
                "",
                "answer-rating-range",
                vec![
                    ("min", self.min.to_string()),
                    ("max", self.max.to_string()),
                    ("value", point.to_string()),
                ],
            ));
        }
        Ok(Value::from(point))
    }

    pub(super) fn answer_schema(&self) -> Value {
        json!({"type": "integer", "minimum": self.min, "maximum": self.max})
    }
}
