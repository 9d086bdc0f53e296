//! The project editor's rows for a `form` template: one row per field (name,
//! label, kind, required and the kind's own settings), posted as plain form
//! fields `ff_<key>_<setting>`, in the order of the `ff` markers (one per row).
//! A row's key only ties its inputs together; the order on the page is the
//! field order. Buttons named `ff_action` add, remove and move rows without
//! JavaScript: the page comes back with the change and everything typed.

use super::auth::Errors;
use super::extract::Posted;
use super::i18n::Tr;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The kinds a form field may take (`FieldInput` in core), in the order offered.
pub const KINDS: [&str; 3] = ["text", "number", "choice"];

/// The settings of a row, as named after `ff_<key>_`.
const SETTINGS: [&str; 10] = [
    "name",
    "label",
    "type",
    "required",
    "max_length",
    "multiline",
    "min",
    "max",
    "integer",
    "options",
];

/// One field of a form template, as typed.
#[derive(Clone, Debug, Default)]
pub struct FieldRow {
    pub key: String,
    pub name: String,
    pub label: String,
    /// text, number or choice.
    pub kind: String,
    pub required: bool,
    pub max_length: String,
    pub multiline: bool,
    pub min: String,
    pub max: String,
    pub integer: bool,
    /// One option a line, `value | label` or just the value.
    pub options: String,
    /// Messages by setting, filled in before the page is rendered.
    pub errors: BTreeMap<String, String>,
}

impl FieldRow {
    pub fn blank(key: &str) -> FieldRow {
        FieldRow {
            key: key.to_string(),
            kind: "text".into(),
            ..FieldRow::default()
        }
    }

    /// The input name (and id) of one of this row's settings.
    pub fn input(&self, setting: &str) -> String {
        format!("ff_{}_{setting}", self.key)
    }

    /// The message for one of this row's settings ("" when none).
    pub fn err(&self, setting: &str) -> &str {
        self.errors.get(setting).map(String::as_str).unwrap_or("")
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The field definition the template takes; unparsable numbers are said in `errors`.
    fn to_json(&self, t: &Tr, errors: &mut Errors) -> Value {
        let mut f = Map::new();
        f.insert("name".into(), json!(self.name.trim()));
        f.insert("label".into(), json!(self.label.trim()));
        f.insert("type".into(), json!(self.kind.trim()));
        f.insert("required".into(), json!(self.required));
        match self.kind.trim() {
            "text" => {
                let text = self.max_length.trim();
                if !text.is_empty() {
                    match text.parse::<i64>() {
                        Ok(n) => {
                            f.insert("max_length".into(), json!(n));
                        }
                        Err(_) => errors.push(
                            &self.input("max_length"),
                            t.t1("form-not-whole-number", "value", text),
                        ),
                    }
                }
                f.insert("multiline".into(), json!(self.multiline));
            }
            "number" => {
                for (key, text) in [("min", &self.min), ("max", &self.max)] {
                    let text = text.trim();
                    if text.is_empty() {
                        continue;
                    }
                    let number = match text.parse::<i64>() {
                        Ok(n) => Some(json!(n)),
                        Err(_) => text
                            .parse::<f64>()
                            .ok()
                            .filter(|n| n.is_finite())
                            .map(|n| json!(n)),
                    };
                    match number {
                        Some(n) => {
                            f.insert(key.into(), n);
                        }
                        None => {
                            errors.push(&self.input(key), t.t1("form-not-number", "value", text))
                        }
                    }
                }
                f.insert("integer".into(), json!(self.integer));
            }
            "choice" => {
                f.insert("options".into(), Value::Array(option_lines(&self.options)));
            }
            // An unknown kind goes as typed: the template says what is wrong with it.
            _ => {}
        }
        Value::Object(f)
    }
}

/// `value | label` lines (or bare values) as the options a template takes.
pub fn option_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once('|') {
            Some((v, label)) => json!({"value": v.trim(), "label": label.trim()}),
            None => json!(l),
        })
        .collect()
}

/// Options as the lines the editor shows.
pub fn options_text(options: Option<&Value>) -> String {
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    options
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|o| {
                    if let Value::String(s) = o {
                        return s.clone();
                    }
                    let value = text(o.get("value"));
                    let label = text(o.get("label"));
                    if value == label || label.is_empty() {
                        value
                    } else {
                        format!("{value} | {label}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

/// A key as posted, when it can be one (it goes into input names and ids).
fn valid_key(key: &str) -> bool {
    (1..=24).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The rows as posted, in page order.
pub fn from_posted(f: &Posted) -> Vec<FieldRow> {
    let mut rows: Vec<FieldRow> = Vec::new();
    for key in f.all("ff") {
        if !valid_key(&key) || rows.iter().any(|r| r.key == key) {
            continue;
        }
        let s = |setting: &str| f.get(&format!("ff_{key}_{setting}")).to_string();
        rows.push(FieldRow {
            name: s("name"),
            label: s("label"),
            kind: s("type"),
            required: !s("required").is_empty(),
            max_length: s("max_length"),
            multiline: !s("multiline").is_empty(),
            min: s("min"),
            max: s("max"),
            integer: !s("integer").is_empty(),
            options: s("options").replace("\r\n", "\n"),
            key,
            errors: BTreeMap::new(),
        });
    }
    rows
}

/// The rows of a stored template's `fields`.
pub fn from_template(fields: Option<&Value>) -> Vec<FieldRow> {
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let flag = |v: Option<&Value>| v.and_then(Value::as_bool).unwrap_or(false);
    fields
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .enumerate()
                .map(|(i, f)| FieldRow {
                    key: i.to_string(),
                    name: text(f.get("name")),
                    label: text(f.get("label")),
                    kind: text(f.get("type")),
                    required: flag(f.get("required")),
                    max_length: text(f.get("max_length")),
                    multiline: flag(f.get("multiline")),
                    min: text(f.get("min")),
                    max: text(f.get("max")),
                    integer: flag(f.get("integer")),
                    options: options_text(f.get("options")),
                    errors: BTreeMap::new(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The template's `fields`.
pub fn to_json(rows: &[FieldRow], t: &Tr, errors: &mut Errors) -> Value {
    Value::Array(rows.iter().map(|r| r.to_json(t, errors)).collect())
}

/// A key no row has yet: the smallest free number (the script picks the same way).
fn free_key(rows: &[FieldRow]) -> String {
    (0..)
        .map(|n: usize| n.to_string())
        .find(|k| !rows.iter().any(|r| &r.key == k))
        .unwrap_or_default()
}

/// Apply a posted `ff_action` (`add`, `remove:<key>`, `up:<key>`, `down:<key>`).
/// Returns whether it was one (the page is then shown again, nothing saved).
pub fn apply_action(rows: &mut Vec<FieldRow>, action: &str) -> bool {
    let (verb, key) = action.split_once(':').unwrap_or((action, ""));
    let at = rows.iter().position(|r| r.key == key);
    match (verb, at) {
        ("add", _) => {
            let key = free_key(rows);
            rows.push(FieldRow::blank(&key));
        }
        ("remove", Some(i)) => {
            rows.remove(i);
        }
        ("up", Some(i)) if i > 0 => rows.swap(i - 1, i),
        ("down", Some(i)) if i + 1 < rows.len() => rows.swap(i, i + 1),
        ("remove" | "up" | "down", _) => {}
        _ => return false,
    }
    true
}

/// The input a problem path under `/template/fields` belongs to: the row at
/// that index and the setting named next (`/template/fields/2/options/0` is the
/// options of the third row); the whole list otherwise.
pub fn input_for_path(rows: &[FieldRow], rest: &[&str]) -> String {
    let row = rest
        .first()
        .and_then(|i| i.parse::<usize>().ok())
        .and_then(|i| rows.get(i));
    match (row, rest.get(1)) {
        (Some(row), Some(setting)) if SETTINGS.contains(setting) => row.input(setting),
        (Some(row), _) => row.input("name"),
        (None, _) => "form_fields".to_string(),
    }
}

/// Give each row the messages about its own inputs.
pub fn attach_errors(rows: &mut [FieldRow], errors: &Errors) {
    for row in rows.iter_mut() {
        row.errors = SETTINGS
            .iter()
            .filter(|s| errors.has(&row.input(s)))
            .map(|s| (s.to_string(), errors.get(&row.input(s))))
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posted(pairs: &[(&str, &str)]) -> Posted {
        Posted::new(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn rows_keep_page_order_and_become_the_templates_fields() {
        let rows = from_posted(&posted(&[
            ("ff", "7"),
            ("ff_7_name", "count"),
            ("ff_7_label", "Doors"),
            ("ff_7_type", "number"),
            ("ff_7_min", "0"),
            ("ff_7_max", "2.5"),
            ("ff_7_integer", "1"),
            ("ff", "2"),
            ("ff_2_name", "colour"),
            ("ff_2_label", "Colour"),
            ("ff_2_type", "choice"),
            ("ff_2_required", "1"),
            ("ff_2_options", "b | Blue\r\nred"),
            ("ff", "bad key!"),
        ]));
        let mut errors = Errors::default();
        assert_eq!(
            to_json(&rows, &Tr::default(), &mut errors),
            json!([
                {"name": "count", "label": "Doors", "type": "number", "required": false, "min": 0, "max": 2.5, "integer": true},
                {"name": "colour", "label": "Colour", "type": "choice", "required": true, "options": [{"value": "b", "label": "Blue"}, "red"]}
            ])
        );
        assert!(errors.is_empty());
        let back = from_template(Some(&to_json(&rows, &Tr::default(), &mut errors)));
        assert_eq!(back[1].options, "b | Blue\nred");
        assert_eq!((back[0].min.as_str(), back[0].max.as_str()), ("0", "2.5"));
    }

    #[test]
    fn actions_add_remove_and_move_rows() {
        let mut rows = vec![FieldRow::blank("0"), FieldRow::blank("1")];
        assert!(apply_action(&mut rows, "add"));
        assert_eq!(rows[2].key, "2");
        assert!(apply_action(&mut rows, "up:2"));
        assert!(apply_action(&mut rows, "remove:0"));
        let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["2", "1"]);
        assert!(apply_action(&mut rows, "down:1"));
        assert!(!apply_action(&mut rows, "explode"));
    }

    #[test]
    fn a_problem_path_names_the_rows_input() {
        let rows = vec![FieldRow::blank("a"), FieldRow::blank("b")];
        assert_eq!(
            input_for_path(&rows, &["1", "options", "0"]),
            "ff_b_options"
        );
        assert_eq!(input_for_path(&rows, &["0", "unknown"]), "ff_a_name");
        assert_eq!(input_for_path(&rows, &[]), "form_fields");
    }
}
