//! `form`: a list of typed fields (text, number, choice) answered together.

use std::collections::HashMap;

use serde::{Serialize, Serializer};
use serde_json::{Map, Value, json};

use super::AnswerError;
use super::choice::{ChoiceOption, Separator, find_option, options_schema, parse_options};
use super::fields::{Obj, Problems, What, pointer, type_arg, value_args};
use super::media::Common;
use super::text::{DEFAULT_MAX_LENGTH, MAX_MAX_LENGTH, check_text, text_schema};

/// The keys of its own (besides those of every kind, [`super::media::COMMON_KEYS`]).
pub(super) const KEYS: &[&str] = &["fields"];

const MAX_FIELDS: usize = 50;
const MAX_LABEL_CHARS: usize = 200;
const COMMON_KEYS: [&str; 4] = ["name", "label", "type", "required"];
const TEXT_KEYS: [&str; 2] = ["max_length", "multiline"];
const NUMBER_KEYS: [&str; 3] = ["min", "max", "integer"];
const CHOICE_KEYS: [&str; 1] = ["options"];
const ANY_SETTING_KEYS: [&str; 6] = [
    "max_length",
    "multiline",
    "min",
    "max",
    "integer",
    "options",
];

/// Fill in a form of typed fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Form {
    #[serde(flatten)]
    common: Common,
    fields: Vec<FormField>,
}

/// One field of a form: the `name` it has in the answer, the `label` shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormField {
    name: String,
    label: String,
    required: bool,
    #[serde(flatten)]
    input: FieldInput,
}

/// What a form field takes, tagged by `"type"` in the definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum FieldInput {
    Text {
        max_length: usize,
        multiline: bool,
    },
    Number {
        #[serde(
            skip_serializing_if = "Option::is_none",
            serialize_with = "whole_as_integer"
        )]
        min: Option<f64>,
        #[serde(
            skip_serializing_if = "Option::is_none",
            serialize_with = "whole_as_integer"
        )]
        max: Option<f64>,
        integer: bool,
    },
    Choice {
        options: Vec<ChoiceOption>,
    },
}

impl Form {
    pub fn question(&self) -> Option<&str> {
        self.common.question.as_deref()
    }

    pub(super) fn common(&self) -> &Common {
        &self.common
    }

    pub fn fields(&self) -> &[FormField] {
        &self.fields
    }

    pub(super) fn parse(obj: &Obj, common: Common, problems: &mut Problems) -> Option<Self> {
        let path = obj.path("fields");
        let items = match obj.get("fields") {
            Some(Value::Array(items)) => items,
            Some(other) => {
                problems.push(
                    path,
                    "problem-template-fields-not-array",
                    vec![type_arg(other)],
                );
                return None;
            }
            None => {
                problems.push(path, "problem-template-fields-required", Vec::new());
                return None;
            }
        };
        if !(1..=MAX_FIELDS).contains(&items.len()) {
            problems.push(
                &path,
                "problem-template-fields-count",
                vec![
                    ("max", MAX_FIELDS.to_string()),
                    ("count", items.len().to_string()),
                ],
            );
        }
        let before = problems.len();
        let mut first_index: HashMap<String, usize> = HashMap::new();
        let mut fields = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let Some(field) = parse_field(item, &format!("{path}/{index}"), problems) else {
                continue;
            };
            if let Some(first) = first_index.get(&field.name) {
                problems.push(
                    format!("{path}/{index}/name"),
                    "problem-template-field-twice",
                    vec![("value", field.name.clone()), ("first", first.to_string())],
                );
            } else {
                first_index.insert(field.name.clone(), index);
            }
            fields.push(field);
        }
        (problems.len() == before).then_some(Form { common, fields })
    }

    pub(super) fn validate(&self, answer: &Value) -> Result<Value, AnswerError> {
        let names = || {
            self.fields
                .iter()
                .map(|field| field.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let Value::Object(given) = answer else {
            return Err(AnswerError::new(
                "",
                "answer-form-not-object",
                vec![("fields", names()), type_arg(answer)],
            ));
        };
        if let Some(unknown) = given
            .keys()
            .find(|key| !self.fields.iter().any(|field| field.name == **key))
        {
            return Err(AnswerError::new(
                pointer("", unknown),
                "answer-form-unknown-field",
                vec![("field", unknown.clone()), ("fields", names())],
            ));
        }
        let mut normalised = Map::new();
        for field in &self.fields {
            let path = pointer("", &field.name);
            // An HTML form sends an untouched optional input as "".
            let value = given.get(&field.name).filter(|value| match value {
                Value::Null => false,
                Value::String(text) => !text.trim().is_empty(),
                _ => true,
            });
            match value {
                Some(value) => {
                    normalised.insert(field.name.clone(), field.check(value, &path)?);
                }
                None if field.required => {
                    return Err(AnswerError::new(
                        path,
                        "answer-form-required",
                        vec![("label", field.label.clone())],
                    ));
                }
                None => {}
            }
        }
        Ok(Value::Object(normalised))
    }

    pub(super) fn answer_schema(&self) -> Value {
        let properties: Map<String, Value> = self
            .fields
            .iter()
            .map(|field| (field.name.clone(), field.schema()))
            .collect();
        let required: Vec<&str> = self
            .fields
            .iter()
            .filter(|field| field.required)
            .map(|field| field.name.as_str())
            .collect();
        json!({
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": false,
        })
    }
}

impl FormField {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    pub fn required(&self) -> bool {
        self.required
    }

    pub fn input(&self) -> &FieldInput {
        &self.input
    }

    fn check(&self, value: &Value, path: &str) -> Result<Value, AnswerError> {
        let label = &self.label;
        match &self.input {
            FieldInput::Text {
                max_length,
                multiline,
            } => match value {
                Value::String(text) => {
                    check_text(text, path, *max_length, *multiline).map(Value::from)
                }
                other => Err(AnswerError::new(
                    path,
                    "answer-form-not-text",
                    vec![("label", label.clone()), type_arg(other)],
                )),
            },
            FieldInput::Number { min, max, integer } => {
                self.check_number(value, path, *min, *max, *integer)
            }
            FieldInput::Choice { options } => match value {
                Value::String(chosen) => {
                    find_option(options, chosen, path).map(|option| Value::from(option.value()))
                }
                other => Err(AnswerError::new(
                    path,
                    "answer-form-not-option",
                    vec![("label", label.clone()), type_arg(other)],
                )),
            },
        }
    }

    /// A number answer: a JSON number or a numeric string (HTML forms send every input
    /// as a string), finite, whole when `integer`, and within `min` and `max`.
    fn check_number(
        &self,
        value: &Value,
        path: &str,
        min: Option<f64>,
        max: Option<f64>,
        integer: bool,
    ) -> Result<Value, AnswerError> {
        let label = &self.label;
        let number = match value {
            Value::Number(number) => number.as_f64(),
            // HTML forms send every input as a string.
            Value::String(text) => text.trim().parse::<f64>().ok(),
            _ => None,
        };
        let Some(number) = number.filter(|number| number.is_finite()) else {
            return Err(AnswerError::new(
                path,
                "answer-form-not-number",
                [vec![("label", label.clone())], value_args(value)].concat(),
            ));
        };
        if integer && whole(number).is_none() {
            return Err(AnswerError::new(
                path,
                "answer-form-not-whole",
                vec![("label", label.clone()), ("value", number.to_string())],
            ));
        }
        if let Some(min) = min
            && number < min
        {
            return Err(AnswerError::new(
                path,
                "answer-form-at-least",
                vec![
                    ("label", label.clone()),
                    ("min", min.to_string()),
                    ("value", number.to_string()),
                ],
            ));
        }
        if let Some(max) = max
            && number > max
        {
            return Err(AnswerError::new(
                path,
                "answer-form-at-most",
                vec![
                    ("label", label.clone()),
                    ("max", max.to_string()),
                    ("value", number.to_string()),
                ],
            ));
        }
        Ok(value
            .as_i64()
            .map_or_else(|| number_value(number), Value::from))
    }

    fn schema(&self) -> Value {
        let mut schema = match &self.input {
            FieldInput::Text {
                max_length,
                multiline,
            } => text_schema(*max_length, *multiline),
            FieldInput::Number { min, max, integer } => {
                let mut schema = json!({"type": if *integer { "integer" } else { "number" }});
                if let Some(min) = min {
                    schema["minimum"] = number_value(*min);
                }
                if let Some(max) = max {
                    schema["maximum"] = number_value(*max);
                }
                schema
            }
            FieldInput::Choice { options } => options_schema(options),
        };
        schema["title"] = Value::from(self.label.as_str());
        schema
    }
}

fn parse_field(item: &Value, path: &str, problems: &mut Problems) -> Option<FormField> {
    let kind = item.get("type").and_then(Value::as_str);
    let extra: &[&str] = match kind {
        Some("text") => &TEXT_KEYS,
        Some("number") => &NUMBER_KEYS,
        Some("choice") => &CHOICE_KEYS,
        _ => {
            if let Value::Object(map) = item {
                match map.get("type") {
                    None | Some(Value::Null) => problems.push(
                        format!("{path}/type"),
                        "problem-template-field-type-missing",
                        Vec::new(),
                    ),
                    Some(value) => problems.push(
                        format!("{path}/type"),
                        "problem-template-field-type",
                        vec![("value", value.to_string())],
                    ),
                }
            }
            // Without a type the settings cannot be judged; do not call them unknown too.
            &ANY_SETTING_KEYS
        }
    };
    let allowed = [COMMON_KEYS.as_slice(), extra].concat();
    let obj = Obj::open(item, path, What::Field(kind), &allowed, problems)?;
    let name = obj.required_identifier("name", problems);
    let label = obj.required_text("label", MAX_LABEL_CHARS, problems);
    let required = obj.bool_or("required", false, problems);
    let input = match kind {
        Some("text") => {
            let limits = (1, MAX_MAX_LENGTH);
            let max_length = obj.count_or("max_length", DEFAULT_MAX_LENGTH, limits, problems);
            let multiline = obj.bool_or("multiline", false, problems);
            Some(FieldInput::Text {
                max_length: max_length?,
                multiline: multiline?,
            })
        }
        Some("number") => {
            let min = obj.optional_number("min", problems);
            let max = obj.optional_number("max", problems);
            if let (Some(min), Some(max)) = (min, max)
                && min > max
            {
                problems.push(
                    obj.path("min"),
                    "problem-template-min-over-max",
                    vec![
                        ("min_key", "min".to_owned()),
                        ("max_key", "max".to_owned()),
                        ("min", min.to_string()),
                        ("max", max.to_string()),
                    ],
                );
            }
            let integer = obj.bool_or("integer", false, problems);
            integer.map(|integer| FieldInput::Number { min, max, integer })
        }
        Some("choice") => parse_options(&obj, "options", Separator::Allowed, problems)
            .map(|options| FieldInput::Choice { options }),
        _ => None,
    };
    Some(FormField {
        name: name?,
        label: label?,
        required: required?,
        input: input?,
    })
}

/// Writes `0.0` as `0` so a stored definition reads like the one sent.
fn whole_as_integer<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    value.map(number_value).serialize(serializer)
}

/// A number as JSON, whole numbers as integers (`3`, not `3.0`).
fn number_value(number: f64) -> Value {
    match whole(number) {
        Some(whole) => Value::from(whole),
        None => Value::from(number),
    }
}

fn whole(number: f64) -> Option<i64> {
    // Beyond 2^53 an f64 no longer holds every whole number exactly.
    (number.fract() == 0.0 && number.abs() < 9.0e15).then_some(number as i64)
}
