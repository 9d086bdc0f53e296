//! How a task looks in a page, for each template kind, and how the fields a
//! page posts become the answer the API validates. Used by the worker's task
//! page and by the requester's live preview, so both show the same thing.
//!
//! Field names: `answer` (single and multi choice, rating, text — repeated for
//! multi choice), `answer_json` (bounding boxes, filled by the script), `f_<name>`
//! (each field of a form). Everything but bounding boxes works without JavaScript.

use handprint_core::template::{FieldInput, MediaKind, Template};
use serde_json::{Map, Value};

/// One option of a choice or a point of a rating scale.
#[derive(Clone, Debug)]
pub struct Choice {
    pub value: String,
    pub label: String,
    /// The digit key that picks it ("" past 9).
    pub key: String,
    pub checked: bool,
}

/// One field of a form template.
#[derive(Clone, Debug)]
pub struct FormInput {
    pub name: String,
    pub label: String,
    pub required: bool,
    /// text, textarea, number or choice.
    pub input: &'static str,
    pub max_length: usize,
    pub min: String,
    pub max: String,
    pub step: String,
    pub options: Vec<Choice>,
    pub value: String,
}

/// Everything a page needs to show one task.
#[derive(Clone, Debug, Default)]
pub struct TaskBody {
    pub kind: &'static str,
    pub question: String,
    /// The item's own fields, shown as text.
    pub data: Vec<(String, String)>,
    pub images: Vec<String>,
    pub audio: Vec<String>,
    pub options: Vec<Choice>,
    pub min_selected: usize,
    pub max_selected: usize,
    pub text_multiline: bool,
    pub text_max: usize,
    pub text_value: String,
    pub box_image: String,
    pub box_labels: Vec<String>,
    pub box_min: usize,
    pub box_max: usize,
    pub box_value: String,
    pub form: Vec<FormInput>,
}

/// Media URLs that may go into a page: web addresses, same-site paths, inline images and sounds.
fn safe_url(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    let ok = lower.starts_with("https://")
        || lower.starts_with("http://")
        || (u.starts_with('/') && !u.starts_with("//"))
        || lower.starts_with("data:image/")
        || lower.starts_with("data:audio/");
    ok.then(|| u.to_string())
}

fn posted<'a>(fields: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    fields
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

fn digit(i: usize) -> String {
    if i < 9 {
        (i + 1).to_string()
    } else {
        String::new()
    }
}

fn number_text(n: Option<f64>) -> String {
    match n {
        Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{}", v as i64),
        Some(v) => v.to_string(),
        None => String::new(),
    }
}

impl TaskBody {
    /// The task `data` under `template`, with the fields `fields` already filled in
    /// (what the worker sent, when it comes back with an error).
    pub fn new(template: &Template, data: &Value, fields: &[(String, String)]) -> TaskBody {
        let media: Vec<(&str, MediaKind)> = template.media_fields();
        let mut body = TaskBody {
            kind: template.kind().as_str(),
            question: template.question().unwrap_or("").to_string(),
            ..TaskBody::default()
        };
        if let Value::Object(map) = data {
            for (key, value) in map {
                let text = match value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                match media.iter().find(|(f, _)| *f == key) {
                    Some((_, MediaKind::Image)) => {
                        if !matches!(template, Template::BoundingBoxes(_)) {
                            body.images.extend(safe_url(&text));
                        }
                    }
                    Some((_, MediaKind::Audio)) => body.audio.extend(safe_url(&text)),
                    None if key == "image_width" || key == "image_height" => {}
                    None => body.data.push((key.clone(), text)),
                }
            }
        }
        let chosen = posted(fields, "answer");
        match template {
            Template::SingleChoice(t) => {
                body.options = choices(t.options().iter().map(|o| (o.value(), o.label())), &chosen);
            }
            Template::MultiChoice(t) => {
                body.options = choices(t.options().iter().map(|o| (o.value(), o.label())), &chosen);
                body.min_selected = t.min_selected();
                body.max_selected = t.max_selected();
            }
            Template::Rating(t) => {
                let points: Vec<(String, String)> = (t.min()..=t.max())
                    .map(|p| {
                        (
                            p.to_string(),
                            t.labels().get(&p).cloned().unwrap_or_default(),
                        )
                    })
                    .collect();
                body.options = points
                    .iter()
                    .enumerate()
                    .map(|(i, (v, l))| Choice {
                        value: v.clone(),
                        label: l.clone(),
                        key: if points.len() <= 10 {
                            ((i + 1) % 10).to_string()
                        } else {
                            String::new()
                        },
                        checked: chosen.contains(&v.as_str()),
                    })
                    .collect();
            }
            Template::Text(t) => {
                body.text_multiline = t.multiline();
                body.text_max = t.max_length();
                body.text_value = chosen.first().copied().unwrap_or("").to_string();
            }
            Template::BoundingBoxes(t) => {
                body.box_image = map_str(data, t.image_field())
                    .and_then(|u| safe_url(&u))
                    .unwrap_or_default();
                body.box_labels = t.labels().to_vec();
                body.box_min = t.min_boxes();
                body.box_max = t.max_boxes();
                body.box_value = posted(fields, "answer_json")
                    .first()
                    .copied()
                    .unwrap_or("")
                    .to_string();
            }
            Template::Form(t) => {
                body.form = t
                    .fields()
                    .iter()
                    .map(|f| {
                        let value = posted(fields, &format!("f_{}", f.name()))
                            .first()
                            .copied()
                            .unwrap_or("")
                            .to_string();
                        let mut input = FormInput {
                            name: f.name().to_string(),
                            label: f.label().to_string(),
                            required: f.required(),
                            input: "text",
                            max_length: 0,
                            min: String::new(),
                            max: String::new(),
                            step: "any".into(),
                            options: Vec::new(),
                            value: value.clone(),
                        };
                        match f.input() {
                            FieldInput::Text {
                                max_length,
                                multiline,
                            } => {
                                input.input = if *multiline { "textarea" } else { "text" };
                                input.max_length = *max_length;
                            }
                            FieldInput::Number { min, max, integer } => {
                                input.input = "number";
                                input.min = number_text(*min);
                                input.max = number_text(*max);
                                if *integer {
                                    input.step = "1".into();
                                }
                            }
                            FieldInput::Choice { options } => {
                                input.input = "choice";
                                input.options = choices(
                                    options.iter().map(|o| (o.value(), o.label())),
                                    &[value.as_str()],
                                );
                            }
                        }
                        input
                    })
                    .collect();
            }
        }
        body
    }
}

fn map_str(data: &Value, key: &str) -> Option<String> {
    data.get(key).and_then(Value::as_str).map(str::to_string)
}

fn choices<'a>(options: impl Iterator<Item = (&'a str, &'a str)>, chosen: &[&str]) -> Vec<Choice> {
    options
        .enumerate()
        .map(|(i, (value, label))| Choice {
            value: value.to_string(),
            label: label.to_string(),
            key: digit(i),
            checked: chosen.contains(&value),
        })
        .collect()
}

/// The answer, as the API takes it, from a task form's fields. Whatever is
/// missing or malformed is left for [`Template::validate_answer`] to explain.
pub fn answer_from_fields(template: &Template, fields: &[(String, String)]) -> Value {
    let answers = posted(fields, "answer");
    match template {
        Template::SingleChoice(_) => answers
            .first()
            .map(|v| Value::String(v.to_string()))
            .unwrap_or(Value::Null),
        Template::MultiChoice(_) => Value::Array(
            answers
                .iter()
                .map(|v| Value::String(v.to_string()))
                .collect(),
        ),
        Template::Rating(_) => answers
            .first()
            .and_then(|v| v.trim().parse::<i64>().ok())
            .map(Value::from)
            .unwrap_or(Value::Null),
        Template::Text(_) => answers
            .first()
            .map(|v| Value::String(v.replace("\r\n", "\n")))
            .unwrap_or(Value::Null),
        Template::BoundingBoxes(_) => posted(fields, "answer_json")
            .first()
            .and_then(|v| serde_json::from_str(v).ok())
            .unwrap_or(Value::Null),
        Template::Form(_) => {
            let mut map = Map::new();
            for (k, v) in fields {
                if let Some(name) = k.strip_prefix("f_") {
                    map.insert(name.to_string(), Value::String(v.replace("\r\n", "\n")));
                }
            }
            Value::Object(map)
        }
    }
}

/// A short, readable text of a stored answer, for history and answer pages.
pub fn answer_text(template: Option<&Template>, answer: &Value) -> String {
    let label_of = |v: &str| -> String {
        match template {
            Some(Template::SingleChoice(t)) => t
                .options()
                .iter()
                .find(|o| o.value() == v)
                .map(|o| o.label().to_string()),
            Some(Template::MultiChoice(t)) => t
                .options()
                .iter()
                .find(|o| o.value() == v)
                .map(|o| o.label().to_string()),
            _ => None,
        }
        .unwrap_or_else(|| v.to_string())
    };
    match answer {
        Value::String(s) => label_of(s),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(label_of).unwrap_or_else(|| i.to_string()))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(map) if map.contains_key("boxes") => {
            let boxes = map
                .get("boxes")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let labels: Vec<String> = boxes
                .iter()
                .map(|b| {
                    format!(
                        "{} ({}, {}, {}×{})",
                        b.get("label").and_then(Value::as_str).unwrap_or("?"),
                        b.get("x").map(|v| v.to_string()).unwrap_or_default(),
                        b.get("y").map(|v| v.to_string()).unwrap_or_default(),
                        b.get("w").map(|v| v.to_string()).unwrap_or_default(),
                        b.get("h").map(|v| v.to_string()).unwrap_or_default()
                    )
                })
                .collect();
            format!("{} ⬚ {}", boxes.len(), labels.join("; "))
        }
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| {
                format!(
                    "{k}: {}",
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string())
                )
            })
            .collect::<Vec<_>>()
            .join(" · "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Example task data for the preview of a project that has no items yet.
pub fn sample_data(template: &Template) -> Value {
    let mut map = Map::new();
    for (field, kind) in template.media_fields() {
        let url = match kind {
            MediaKind::Image => {
                "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='320' height='200'%3E%3Crect width='320' height='200' fill='%23dde3ea'/%3E%3Ccircle cx='110' cy='100' r='40' fill='%2390a4b8'/%3E%3Crect x='180' y='60' width='90' height='90' fill='%23b8c6d4'/%3E%3C/svg%3E"
            }
            MediaKind::Audio => "",
        };
        map.insert(field.to_string(), Value::String(url.to_string()));
    }
    if map.is_empty() || matches!(template, Template::Text(_)) {
        map.insert("text".into(), Value::String("…".into()));
    }
    Value::Object(map)
}
