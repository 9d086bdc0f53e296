//! `spans`: labelled character ranges over a text of the item (named entities,
//! say). Offsets count Unicode characters (code points) from 0, the end excluded,
//! so `{"start": 0, "end": 3}` over "Ana lives in Lyon" is "Ana".

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::boxes::parse_labels;
use super::fields::{Obj, Problems, type_arg};
use super::media::Common;
use super::{AnswerError, quoted_list};

/// The keys of its own (besides those of every kind).
pub(super) const KEYS: &[&str] = &["text_field", "labels", "min_spans", "max_spans"];

const DEFAULT_TEXT_FIELD: &str = "text";
const DEFAULT_MAX_SPANS: usize = 50;
const MAX_MAX_SPANS: usize = 1000;
/// The keys a span may have; `text` is read back from the item, whatever was sent.
const SPAN_KEYS: [&str; 4] = ["start", "end", "label", "text"];

/// Mark between `min_spans` and `max_spans` spans, each with one of `labels`,
/// over the item's text in `text_field`; spans may not overlap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spans {
    #[serde(flatten)]
    common: Common,
    text_field: String,
    labels: Vec<String>,
    min_spans: usize,
    max_spans: usize,
}

/// One checked span: characters `start..end` of the item's text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
    label: String,
}

impl Spans {
    pub(super) fn common(&self) -> &Common {
        &self.common
    }

    /// The task-data field holding the text spans are marked on.
    pub fn text_field(&self) -> &str {
        &self.text_field
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    pub fn min_spans(&self) -> usize {
        self.min_spans
    }

    pub fn max_spans(&self) -> usize {
        self.max_spans
    }

    /// The item's text, when its task data has one.
    pub fn text_of<'a>(&self, task_data: &'a Value) -> Option<&'a str> {
        task_data.get(&self.text_field).and_then(Value::as_str)
    }

    pub(super) fn parse(obj: &Obj, common: Common, problems: &mut Problems) -> Option<Self> {
        let before = problems.len();
        let text_field = match obj.get("text_field") {
            None => Some(DEFAULT_TEXT_FIELD.to_owned()),
            Some(_) => obj.required_identifier("text_field", problems),
        };
        let labels = parse_labels(obj, problems);
        let min_spans = obj.count_or("min_spans", 0, (0, MAX_MAX_SPANS), problems);
        let max_spans = obj.count_or("max_spans", DEFAULT_MAX_SPANS, (1, MAX_MAX_SPANS), problems);
        if let (Some(min), Some(max)) = (min_spans, max_spans)
            && min > max
        {
            problems.push(
                obj.path("min_spans"),
                "problem-template-min-over-max",
                vec![
                    ("min_key", "min_spans".to_owned()),
                    ("max_key", "max_spans".to_owned()),
                    ("min", min.to_string()),
                    ("max", max.to_string()),
                ],
            );
        }
        (problems.len() == before).then_some(Spans {
            common,
            text_field: text_field?,
            labels: labels?,
            min_spans: min_spans?,
            max_spans: max_spans?,
        })
    }

    /// The answer `{"spans": [{"start", "end", "label"}]}`; stored sorted by start,
    /// each span with the `text` it covers when the item has its text.
    pub(super) fn validate(&self, task_data: &Value, answer: &Value) -> Result<Value, AnswerError> {
        let spans = match answer {
            Value::Object(map) => {
                if let Some(extra) = map.keys().find(|key| *key != "spans") {
                    return Err(AnswerError::new(
                        format!("/{extra}"),
                        "answer-spans-unknown-key",
                        vec![("key", extra.clone())],
                    ));
                }
                map.get("spans")
                    .ok_or_else(|| AnswerError::new("/spans", "answer-spans-missing", Vec::new()))?
            }
            other => {
                return Err(AnswerError::new(
                    "",
                    "answer-spans-not-object",
                    vec![type_arg(other)],
                ));
            }
        };
        let Value::Array(spans) = spans else {
            return Err(AnswerError::new(
                "/spans",
                "answer-spans-not-array",
                vec![type_arg(spans)],
            ));
        };
        let count = spans.len().to_string();
        if spans.len() < self.min_spans {
            return Err(AnswerError::new(
                "/spans",
                "answer-spans-at-least",
                vec![("min", self.min_spans.to_string()), ("count", count)],
            ));
        }
        if spans.len() > self.max_spans {
            return Err(AnswerError::new(
                "/spans",
                "answer-spans-at-most",
                vec![("max", self.max_spans.to_string()), ("count", count)],
            ));
        }
        let text: Option<Vec<char>> = self.text_of(task_data).map(|t| t.chars().collect());
        let mut checked = spans
            .iter()
            .enumerate()
            .map(|(index, span)| {
                let path = format!("/spans/{index}");
                self.check_span(span, &path, text.as_deref())
                    .map(|span| (index, span))
            })
            .collect::<Result<Vec<_>, _>>()?;
        checked.sort_by_key(|(_, span)| (span.start, span.end));
        for pair in checked.windows(2) {
            let [(first, a), (second, b)] = pair else {
                continue;
            };
            if b.start < a.end {
                return Err(AnswerError::new(
                    format!("/spans/{second}/start"),
                    "answer-span-overlap",
                    vec![("other", (first + 1).to_string())],
                ));
            }
        }
        let stored: Vec<Value> = checked
            .into_iter()
            .map(|(_, span)| {
                let mut out = Map::new();
                out.insert("start".into(), span.start.into());
                out.insert("end".into(), span.end.into());
                out.insert("label".into(), span.label.into());
                if let Some(text) = &text {
                    let covered: String = text[span.start..span.end].iter().collect();
                    out.insert("text".into(), covered.into());
                }
                Value::Object(out)
            })
            .collect();
        Ok(json!({"spans": stored}))
    }

    fn check_span(
        &self,
        span: &Value,
        path: &str,
        text: Option<&[char]>,
    ) -> Result<Span, AnswerError> {
        let Value::Object(map) = span else {
            return Err(AnswerError::new(
                path,
                "answer-span-not-object",
                vec![type_arg(span)],
            ));
        };
        if let Some(extra) = map.keys().find(|key| !SPAN_KEYS.contains(&key.as_str())) {
            return Err(AnswerError::new(
                format!("{path}/{extra}"),
                "answer-span-unknown-key",
                vec![("key", extra.clone())],
            ));
        }
        let start = offset(map, path, "start")?;
        let end = offset(map, path, "end")?;
        if end <= start {
            return Err(AnswerError::new(
                format!("{path}/end"),
                "answer-span-empty",
                vec![("start", start.to_string()), ("end", end.to_string())],
            ));
        }
        if let Some(text) = text
            && end > text.len()
        {
            return Err(AnswerError::new(
                format!("{path}/end"),
                "answer-span-past-end",
                vec![("end", end.to_string()), ("length", text.len().to_string())],
            ));
        }
        let label = mark_label(&self.labels, map, path)?;
        Ok(Span { start, end, label })
    }

    pub(super) fn answer_schema(&self) -> Value {
        json!({
            "type": "object",
            "properties": {
                "spans": {
                    "type": "array",
                    "minItems": self.min_spans,
                    "maxItems": self.max_spans,
                    "items": {
                        "type": "object",
                        "description": "Characters start..end (end excluded, counted in Unicode code points) of the item's text; spans may not overlap.",
                        "properties": {
                            "start": {"type": "integer", "minimum": 0},
                            "end": {"type": "integer", "minimum": 1},
                            "label": {"type": "string", "enum": self.labels},
                            "text": {"type": "string", "description": "Ignored: read back from the item."},
                        },
                        "required": ["start", "end", "label"],
                        "additionalProperties": false,
                    },
                },
            },
            "required": ["spans"],
            "additionalProperties": false,
        })
    }
}

/// A character offset at `key`: a whole number, 0 or more.
fn offset(map: &Map<String, Value>, path: &str, key: &str) -> Result<usize, AnswerError> {
    let path = format!("{path}/{key}");
    let value = map.get(key).ok_or_else(|| {
        AnswerError::new(
            &path,
            "answer-span-offset-missing",
            vec![("key", key.to_owned())],
        )
    })?;
    value
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| {
            AnswerError::new(
                &path,
                "answer-span-offset-not-count",
                vec![("key", key.to_owned()), ("value", value.to_string())],
            )
        })
}

/// The label of a mark (a span, a polygon): a string, one of the template's labels.
pub(super) fn mark_label(
    labels: &[String],
    map: &Map<String, Value>,
    path: &str,
) -> Result<String, AnswerError> {
    let label_path = format!("{path}/label");
    match map.get("label") {
        Some(Value::String(label)) if labels.contains(label) => Ok(label.clone()),
        Some(Value::String(label)) => Err(AnswerError::new(
            label_path,
            "answer-box-label-unknown",
            vec![
                ("label", label.clone()),
                ("labels", quoted_list(labels.iter().map(String::as_str))),
            ],
        )),
        Some(other) => Err(AnswerError::new(
            label_path,
            "answer-mark-label-not-string",
            vec![type_arg(other)],
        )),
        None => Err(AnswerError::new(
            label_path,
            "answer-mark-label-missing",
            Vec::new(),
        )),
    }
}
