//! `single_choice` and `multi_choice`, and the option lists they share with
//! the choice fields of a form.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Value, json};

use super::fields::{Obj, Problems, What, pointer, text_value, type_arg};
use super::media::Common;
use super::{AnswerError, quoted_list};

/// The keys of their own (besides those of every kind, [`super::media::COMMON_KEYS`]).
pub(super) const SINGLE_KEYS: &[&str] = &["options"];
pub(super) const MULTI_KEYS: &[&str] = &["options", "min_selected", "max_selected"];

const MIN_OPTIONS: usize = 2;
const MAX_OPTIONS: usize = 50;
const MAX_VALUE_CHARS: usize = 64;
const MAX_LABEL_CHARS: usize = 200;

/// One choice: the `value` stored in answers and the `label` shown to workers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChoiceOption {
    value: String,
    label: String,
}

impl ChoiceOption {
    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn label(&self) -> &str {
        &self.label
    }
}

/// Pick exactly one option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SingleChoice {
    #[serde(flatten)]
    common: Common,
    options: Vec<ChoiceOption>,
}

impl SingleChoice {
    pub fn question(&self) -> Option<&str> {
        self.common.question.as_deref()
    }

    pub(super) fn common(&self) -> &Common {
        &self.common
    }

    pub fn options(&self) -> &[ChoiceOption] {
        &self.options
    }

    pub(super) fn parse(obj: &Obj, common: Common, problems: &mut Problems) -> Option<Self> {
        let options = parse_options(obj, "options", Separator::Allowed, problems)?;
        Some(SingleChoice { common, options })
    }

    pub(super) fn validate(&self, answer: &Value) -> Result<Value, AnswerError> {
        let (chosen, path) = match answer {
            Value::String(chosen) => (chosen, ""),
            Value::Object(map) => {
                if let Some(extra) = map.keys().find(|key| *key != "value") {
                    return Err(AnswerError::new(
                        pointer("", extra),
                        "answer-unknown-key",
                        vec![("key", extra.clone())],
                    ));
                }
                match map.get("value") {
                    Some(Value::String(chosen)) => (chosen, "/value"),
                    Some(other) => {
                        return Err(AnswerError::new(
                            "/value",
                            "answer-value-not-string",
                            vec![type_arg(other)],
                        ));
                    }
                    None => {
                        return Err(AnswerError::new(
                            "/value",
                            "answer-value-missing",
                            Vec::new(),
                        ));
                    }
                }
            }
            other => {
                return Err(AnswerError::new(
                    "",
                    "answer-not-one-option",
                    vec![("choices", option_list(&self.options)), type_arg(other)],
                ));
            }
        };
        find_option(&self.options, chosen, path).map(|option| Value::String(option.value.clone()))
    }

    pub(super) fn answer_schema(&self) -> Value {
        options_schema(&self.options)
    }
}

/// Pick between `min_selected` and `max_selected` distinct options.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MultiChoice {
    #[serde(flatten)]
    common: Common,
    options: Vec<ChoiceOption>,
    min_selected: usize,
    max_selected: usize,
}

impl MultiChoice {
    pub fn question(&self) -> Option<&str> {
        self.common.question.as_deref()
    }

    pub(super) fn common(&self) -> &Common {
        &self.common
    }

    pub fn options(&self) -> &[ChoiceOption] {
        &self.options
    }

    pub fn min_selected(&self) -> usize {
        self.min_selected
    }

    pub fn max_selected(&self) -> usize {
        self.max_selected
    }

    pub(super) fn parse(obj: &Obj, common: Common, problems: &mut Problems) -> Option<Self> {
        let options = parse_options(obj, "options", Separator::Forbidden, problems);
        let count = options.as_ref().map_or(MAX_OPTIONS, Vec::len);
        let min_selected = obj.count_or("min_selected", 1, (0, count), problems);
        let max_selected = obj.count_or("max_selected", count, (1, count), problems);
        if let (Some(min), Some(max)) = (min_selected, max_selected)
            && min > max
        {
            problems.push(
                obj.path("min_selected"),
                "problem-template-min-over-max",
                vec![
                    ("min_key", "min_selected".to_owned()),
                    ("max_key", "max_selected".to_owned()),
                    ("min", min.to_string()),
                    ("max", max.to_string()),
                ],
            );
        }
        Some(MultiChoice {
            common,
            options: options?,
            min_selected: min_selected?,
            max_selected: max_selected?,
        })
    }

    pub(super) fn validate(&self, answer: &Value) -> Result<Value, AnswerError> {
        let Value::Array(chosen) = answer else {
            return Err(AnswerError::new(
                "",
                "answer-not-option-list",
                vec![("choices", option_list(&self.options)), type_arg(answer)],
            ));
        };
        let mut selected = vec![false; self.options.len()];
        for (index, item) in chosen.iter().enumerate() {
            let path = format!("/{index}");
            let Value::String(value) = item else {
                return Err(AnswerError::new(
                    path,
                    "answer-item-not-string",
                    vec![type_arg(item)],
                ));
            };
            let position = self
                .options
                .iter()
                .position(|option| option.value == *value)
                .ok_or_else(|| not_an_option(&self.options, value, &path))?;
            if std::mem::replace(&mut selected[position], true) {
                return Err(AnswerError::new(
                    path,
                    "answer-selected-twice",
                    vec![("value", value.clone())],
                ));
            }
        }
        let count = chosen.len();
        if count < self.min_selected {
            return Err(AnswerError::new(
                "",
                "answer-select-at-least",
                vec![
                    ("min", self.min_selected.to_string()),
                    ("count", count.to_string()),
                ],
            ));
        }
        if count > self.max_selected {
            return Err(AnswerError::new(
                "",
                "answer-select-at-most",
                vec![
                    ("max", self.max_selected.to_string()),
                    ("count", count.to_string()),
                ],
            ));
        }
        let in_option_order = self
            .options
            .iter()
            .zip(selected)
            .filter(|(_, selected)| *selected)
            .map(|(option, _)| Value::String(option.value.clone()))
            .collect();
        Ok(Value::Array(in_option_order))
    }

    pub(super) fn answer_schema(&self) -> Value {
        json!({
            "type": "array",
            "items": options_schema(&self.options),
            "uniqueItems": true,
            "minItems": self.min_selected,
            "maxItems": self.max_selected,
        })
    }
}

/// Whether option values may contain `|`, which joins multi_choice values
/// into one categorical label.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Separator {
    Allowed,
    Forbidden,
}

/// Reads the option list under `key`: 2 to 50 options with unique values.
pub(super) fn parse_options(
    obj: &Obj,
    key: &str,
    separator: Separator,
    problems: &mut Problems,
) -> Option<Vec<ChoiceOption>> {
    let path = obj.path(key);
    let Some(value) = obj.get(key) else {
        problems.push(
            path,
            "problem-template-options-required",
            vec![("key", key.to_owned())],
        );
        return None;
    };
    let Value::Array(items) = value else {
        problems.push(
            path,
            "problem-template-options-not-array",
            vec![("key", key.to_owned()), type_arg(value)],
        );
        return None;
    };
    if !(MIN_OPTIONS..=MAX_OPTIONS).contains(&items.len()) {
        problems.push(
            &path,
            "problem-template-options-count",
            vec![
                ("min", MIN_OPTIONS.to_string()),
                ("max", MAX_OPTIONS.to_string()),
                ("count", items.len().to_string()),
            ],
        );
    }
    let before = problems.len();
    let mut first_index: HashMap<String, usize> = HashMap::new();
    let mut options = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let item_path = format!("{path}/{index}");
        let option = match item {
            // A bare string is shorthand for an option labelled by its value.
            Value::String(_) => text_value(item, &item_path, What::Opt, MAX_VALUE_CHARS, problems)
                .map(|value| (value.clone(), value, item_path.clone())),
            _ => parse_option(item, &item_path, problems),
        };
        let Some((value, label, value_path)) = option else {
            continue;
        };
        if separator == Separator::Forbidden && value.contains('|') {
            problems.push(
                &value_path,
                "problem-template-option-separator",
                vec![("value", value.clone())],
            );
        }
        if let Some(first) = first_index.get(&value) {
            problems.push(
                &value_path,
                "problem-template-option-twice",
                vec![("value", value.clone()), ("first", first.to_string())],
            );
        } else {
            first_index.insert(value.clone(), index);
        }
        options.push(ChoiceOption { value, label });
    }
    (problems.len() == before).then_some(options)
}

fn parse_option(
    item: &Value,
    path: &str,
    problems: &mut Problems,
) -> Option<(String, String, String)> {
    let option = Obj::open(item, path, What::Opt, &["value", "label"], problems)?;
    let value = option.required_text("value", MAX_VALUE_CHARS, problems);
    let label = option.required_text("label", MAX_LABEL_CHARS, problems);
    Some((value?, label?, option.path("value")))
}

/// The option whose value is `chosen`, or an answer error at `path`.
pub(super) fn find_option<'o>(
    options: &'o [ChoiceOption],
    chosen: &str,
    path: &str,
) -> Result<&'o ChoiceOption, AnswerError> {
    options
        .iter()
        .find(|option| option.value == chosen)
        .ok_or_else(|| not_an_option(options, chosen, path))
}

fn not_an_option(options: &[ChoiceOption], chosen: &str, path: &str) -> AnswerError {
    AnswerError::new(
        path,
        "answer-not-an-option",
        vec![
            ("value", chosen.to_string()),
            ("choices", option_list(options)),
        ],
    )
}

fn option_list(options: &[ChoiceOption]) -> String {
    quoted_list(options.iter().map(|option| option.value.as_str()))
}

/// A string schema whose alternatives carry the labels as titles.
pub(super) fn options_schema(options: &[ChoiceOption]) -> Value {
    let alternatives: Vec<Value> = options
        .iter()
        .map(|option| json!({"const": option.value, "title": option.label}))
        .collect();
    json!({"type": "string", "oneOf": alternatives})
}
