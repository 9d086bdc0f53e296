//! Reading one object of a template definition. Every getter records what is
//! wrong, with its JSON-pointer path, and carries on, so a requester sees all
//! the problems of a definition at once instead of fixing them one per request.

use serde_json::{Map, Value};

use super::{FieldProblem, TemplateKind};

/// Named arguments of a coded message.
pub(crate) type Args = Vec<(&'static str, String)>;

/// The problems found so far in a definition.
#[derive(Debug, Default)]
pub(super) struct Problems(pub(super) Vec<FieldProblem>);

impl Problems {
    /// Records a problem at `path`: its catalogue `code` (`problem-template-…`) and the
    /// named `args` the code's message uses (its English is the catalogue's).
    pub(super) fn push(&mut self, path: impl Into<String>, code: &'static str, args: Args) {
        self.0.push(FieldProblem::coded(path, code, args));
    }

    pub(super) fn len(&self) -> usize {
        self.0.len()
    }
}

/// What a part of a definition is, as messages name it: the arguments `what` and
/// `name` of the catalogues' `template-what` (in English for the API's text too).
#[derive(Debug, Clone, Copy)]
pub(super) enum What<'a> {
    /// "a single_choice template"
    Template(TemplateKind),
    /// "an option"
    Opt,
    /// "\"media\""
    Media,
    /// "a text field", or "a form field" when its type is unknown
    Field(Option<&'a str>),
    /// A setting named by its key: "\"question\""
    Key(&'a str),
    /// "a label"
    Label,
}

impl What<'_> {
    /// The arguments naming this part, followed by `more`.
    pub(super) fn args(self, more: Args) -> Args {
        let (what, name) = match self {
            What::Template(kind) => ("template", kind.as_str()),
            What::Opt => ("option", ""),
            What::Media => ("media", ""),
            What::Field(Some(kind)) => ("field", kind),
            What::Field(None) => ("form-field", ""),
            What::Key(key) => ("key", key),
            What::Label => ("label", ""),
        };
        let mut args = vec![("what", what.to_owned()), ("name", name.to_owned())];
        args.extend(more);
        args
    }
}

/// One JSON object of a definition, at a known path.
pub(super) struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

impl<'a> Obj<'a> {
    /// Opens `value` as an object whose keys must all be in `allowed`; `what`
    /// names it in messages ("a single_choice template", "a number field").
    /// An unknown key is reported (usually a typo), the known ones still read.
    pub(super) fn open(
        value: &'a Value,
        path: &str,
        what: What,
        allowed: &[&str],
        problems: &mut Problems,
    ) -> Option<Self> {
        let Value::Object(map) = value else {
            problems.push(
                path,
                "problem-template-not-an-object",
                what.args(vec![type_arg(value)]),
            );
            return None;
        };
        let obj = Obj {
            map,
            path: path.to_owned(),
        };
        for key in map.keys().filter(|key| !allowed.contains(&key.as_str())) {
            let keys = allowed.join(", ");
            let args = vec![("key", key.clone()), ("keys", keys.clone())];
            match closest(key, allowed) {
                Some(near) => problems.push(
                    obj.path(key),
                    "problem-template-unknown-key-near",
                    what.args([args, vec![("near", near.to_owned())]].concat()),
                ),
                None => problems.push(
                    obj.path(key),
                    "problem-template-unknown-key",
                    what.args(args),
                ),
            }
        }
        Some(obj)
    }

    pub(super) fn path(&self, key: &str) -> String {
        pointer(&self.path, key)
    }

    /// The value under `key`; `null` counts as absent.
    pub(super) fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|value| !value.is_null())
    }

    /// A text setting that must be present and not blank.
    pub(super) fn required_text(
        &self,
        key: &str,
        max_chars: usize,
        problems: &mut Problems,
    ) -> Option<String> {
        if self.get(key).is_none() {
            problems.push(
                self.path(key),
                "problem-template-key-required",
                vec![("key", key.to_owned())],
            );
            return None;
        }
        self.optional_text(key, max_chars, problems)
    }

    /// A text setting that may be left out; `None` when absent or invalid.
    pub(super) fn optional_text(
        &self,
        key: &str,
        max_chars: usize,
        problems: &mut Problems,
    ) -> Option<String> {
        let value = self.get(key)?;
        text_value(value, &self.path(key), What::Key(key), max_chars, problems)
    }

    /// An identifier naming a field (of the task data or of a form answer).
    pub(super) fn required_identifier(&self, key: &str, problems: &mut Problems) -> Option<String> {
        let before = problems.len();
        let name = self.required_text(key, MAX_IDENTIFIER_CHARS, problems)?;
        if problems.len() == before && !is_identifier(&name) {
            problems.push(
                self.path(key),
                "problem-template-field-name",
                vec![("value", name.clone())],
            );
            return None;
        }
        Some(name)
    }

    /// A whole number; `Some(default)` when absent, `None` when invalid.
    pub(super) fn integer_or(
        &self,
        key: &str,
        default: i64,
        problems: &mut Problems,
    ) -> Option<i64> {
        match self.get(key) {
            None => Some(default),
            Some(value) => integer_value(value, &self.path(key), key, problems),
        }
    }

    /// A count between `min` and `max`; `Some(default)` when absent.
    pub(super) fn count_or(
        &self,
        key: &str,
        default: usize,
        (min, max): (usize, usize),
        problems: &mut Problems,
    ) -> Option<usize> {
        let number = self.integer_or(key, i64::try_from(default).unwrap_or(i64::MAX), problems)?;
        match usize::try_from(number) {
            Ok(count) if (min..=max).contains(&count) => Some(count),
            _ => {
                problems.push(
                    self.path(key),
                    "problem-template-count-range",
                    vec![
                        ("key", key.to_owned()),
                        ("min", min.to_string()),
                        ("max", max.to_string()),
                        ("value", number.to_string()),
                    ],
                );
                None
            }
        }
    }

    /// Any finite number that may be left out; `None` when absent or invalid.
    pub(super) fn optional_number(&self, key: &str, problems: &mut Problems) -> Option<f64> {
        let value = self.get(key)?;
        match value.as_f64() {
            Some(number) if number.is_finite() => Some(number),
            _ => {
                problems.push(
                    self.path(key),
                    "problem-template-not-a-number",
                    vec![("key", key.to_owned()), type_arg(value)],
                );
                None
            }
        }
    }

    /// A flag; `Some(default)` when absent, `None` when invalid.
    pub(super) fn bool_or(
        &self,
        key: &str,
        default: bool,
        problems: &mut Problems,
    ) -> Option<bool> {
        match self.get(key) {
            None => Some(default),
            Some(Value::Bool(flag)) => Some(*flag),
            Some(other) => {
                problems.push(
                    self.path(key),
                    "problem-template-not-a-flag",
                    vec![("key", key.to_owned()), type_arg(other)],
                );
                None
            }
        }
    }
}

/// The longest field name a definition may declare.
pub(super) const MAX_IDENTIFIER_CHARS: usize = 64;

/// Checks one text value: a string, not blank, at most `max_chars` characters.
pub(super) fn text_value(
    value: &Value,
    path: &str,
    what: What,
    max_chars: usize,
    problems: &mut Problems,
) -> Option<String> {
    let Value::String(text) = value else {
        problems.push(
            path,
            "problem-template-not-a-string",
            what.args(vec![type_arg(value)]),
        );
        return None;
    };
    let chars = text.chars().count();
    if text.trim().is_empty() {
        problems.push(path, "problem-template-empty", what.args(Vec::new()));
        None
    } else if chars > max_chars {
        problems.push(
            path,
            "problem-template-too-long",
            what.args(vec![
                ("length", chars.to_string()),
                ("max", max_chars.to_string()),
            ]),
        );
        None
    } else {
        Some(text.clone())
    }
}

fn integer_value(value: &Value, path: &str, key: &str, problems: &mut Problems) -> Option<i64> {
    let number = value.as_i64().or_else(|| {
        // 3.0 is a whole number written as a float; 3.5 is not.
        let float = value.as_f64()?;
        let in_range = float.fract() == 0.0 && float.abs() < 9.0e15;
        in_range.then_some(float as i64)
    });
    if number.is_none() {
        problems.push(
            path,
            "problem-template-not-whole",
            [vec![("key", key.to_owned())], value_args(value)].concat(),
        );
    }
    number
}

/// Whether `name` is `[A-Za-z_][A-Za-z0-9_]*`: safe as a task-data key, a
/// form field name and an HTML form input name alike.
pub(super) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Appends one reference token to a JSON pointer (RFC 6901 escaping).
pub(super) fn pointer(base: &str, token: &str) -> String {
    format!("{base}/{}", token.replace('~', "~0").replace('/', "~1"))
}

/// "a string", "a number", … for messages about the wrong type.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The catalogue's key for a JSON type ("string", "object", …): the argument
/// `type` that the catalogues' `json-type` turns into "a string", "an object", ….
pub(crate) fn type_key(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The argument `type` of a message that names `value`'s JSON type with [`type_name`].
pub(crate) fn type_arg(value: &Value) -> (&'static str, String) {
    ("type", type_key(value).to_owned())
}

/// The arguments of a message showing `value` with [`describe_value`]: `value` (the
/// English description), `type` (see [`type_key`]) and `text` (a number as written, a
/// string quoted and cut at 40 characters), so a catalogue can say it its own way.
pub(crate) fn value_args(value: &Value) -> Args {
    let text = match value {
        Value::String(text) if text.chars().count() > 40 => {
            format!("\"{}…\"", text.chars().take(40).collect::<String>())
        }
        Value::Number(_) | Value::String(_) => value.to_string(),
        _ => String::new(),
    };
    vec![
        ("value", describe_value(value)),
        type_arg(value),
        ("text", text),
    ]
}

/// The value itself when it is short and scalar, else its type.
pub(crate) fn describe_value(value: &Value) -> String {
    match value {
        Value::Number(number) => number.to_string(),
        Value::String(text) if text.chars().count() <= 40 => format!("the string {value}"),
        other => type_name(other).to_owned(),
    }
}

/// The allowed key nearest to a misspelt one, if it is near enough to be a typo.
fn closest<'k>(key: &str, allowed: &[&'k str]) -> Option<&'k str> {
    allowed
        .iter()
        .map(|candidate| (edit_distance(key, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 4))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_near_miss_is_suggested_and_a_stranger_is_not() {
        let allowed = ["kind", "question", "options"];
        assert_eq!(closest("optoins", &allowed), Some("options"));
        assert_eq!(closest("qestion", &allowed), Some("question"));
        assert_eq!(closest("colour", &allowed), None);
    }

    #[test]
    fn identifiers_are_ascii_words() {
        assert!(is_identifier("image_url"));
        assert!(is_identifier("_x1"));
        assert!(!is_identifier("1x"));
        assert!(!is_identifier("image-url"));
        assert!(!is_identifier(""));
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(pointer("/labels", "a/b~c"), "/labels/a~1b~0c");
    }
}
