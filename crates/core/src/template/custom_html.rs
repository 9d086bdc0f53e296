//! `custom_html`: the requester's own HTML page for a task, as MTurk's
//! HTMLQuestion. The server shows it in a sandboxed frame of its own origin-less
//! document; the page hands its answer to Handprint through a small script API
//! (postMessage), and the answer is checked against the JSON Schema the requester
//! supplied. The schema itself is checked when the definition is saved.

use serde::Serialize;
use serde_json::Value;

use super::AnswerError;
use super::fields::{Obj, Problems, type_arg};
use super::media::Common;

/// The keys of its own (besides those of every kind, [`super::media::COMMON_KEYS`]).
pub(super) const KEYS: &[&str] = &["html", "answer_schema", "height"];

const MAX_HTML_CHARS: usize = 100_000;
const DEFAULT_HEIGHT: usize = 400;
const HEIGHTS: (usize, usize) = (100, 2000);
/// An answer's errors shown at once (a schema can find many).
const MAX_ERRORS: usize = 5;

/// The requester's HTML, answered through the script API.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomHtml {
    #[serde(flatten)]
    common: Common,
    html: String,
    answer_schema: Value,
    /// The frame's height in CSS pixels.
    height: usize,
}

impl CustomHtml {
    pub(super) fn common(&self) -> &Common {
        &self.common
    }

    /// The requester's HTML, shown only inside the sandboxed frame.
    pub fn html(&self) -> &str {
        &self.html
    }

    /// The frame's height in CSS pixels.
    pub fn height(&self) -> usize {
        self.height
    }

    pub(super) fn parse(obj: &Obj, common: Common, problems: &mut Problems) -> Option<Self> {
        let before = problems.len();
        let html = obj.required_text("html", MAX_HTML_CHARS, problems);
        let height = obj.count_or("height", DEFAULT_HEIGHT, HEIGHTS, problems);
        let path = obj.path("answer_schema");
        let schema = match obj.get("answer_schema") {
            None => {
                problems.push(
                    &path,
                    "problem-template-key-required",
                    vec![("key", "answer_schema".to_owned())],
                );
                None
            }
            Some(schema @ Value::Object(_)) => check_schema(schema, &path, problems),
            Some(other) => {
                problems.push(
                    &path,
                    "problem-template-schema-not-object",
                    vec![type_arg(other)],
                );
                None
            }
        };
        (problems.len() == before).then_some(CustomHtml {
            common,
            html: html?,
            answer_schema: schema?,
            height: height?,
        })
    }

    /// The answer is whatever the page hands over, if the requester's schema accepts
    /// it; it is stored as sent. Each refusal is at the answer's part that is wrong.
    pub(super) fn validate(&self, answer: &Value) -> Result<Value, AnswerError> {
        // The schema compiled when the definition was parsed (stored ones are parsed
        // again when read), so this cannot fail; if it did, nothing is accepted.
        let validator = jsonschema::validator_for(&self.answer_schema).map_err(|e| {
            AnswerError::new("", "answer-custom-schema", vec![("why", e.to_string())])
        })?;
        let mut errors = validator.iter_errors(answer).take(MAX_ERRORS).peekable();
        let Some(first) = errors.next() else {
            return Ok(answer.clone());
        };
        let path = first.instance_path().as_str().to_owned();
        let mut why = vec![first.to_string()];
        why.extend(errors.map(|e| {
            let at = e.instance_path().as_str().to_owned();
            if at.is_empty() {
                e.to_string()
            } else {
                format!("{at}: {e}")
            }
        }));
        Err(AnswerError::new(
            path,
            "answer-custom-schema",
            vec![("why", why.join("; "))],
        ))
    }

    pub(super) fn answer_schema(&self) -> Value {
        self.answer_schema.clone()
    }
}

/// A schema that is valid against its draft's meta-schema and compiles (so every
/// `$ref` resolves: remote references are not fetched, and are refused here).
fn check_schema(schema: &Value, path: &str, problems: &mut Problems) -> Option<Value> {
    if let Err(e) = jsonschema::meta::validate(schema) {
        let at = e.instance_path().as_str().to_owned();
        problems.push(
            format!("{path}{at}"),
            "problem-template-schema-invalid",
            vec![("why", e.to_string())],
        );
        return None;
    }
    match jsonschema::validator_for(schema) {
        Ok(_) => Some(schema.clone()),
        Err(e) => {
            problems.push(
                path,
                "problem-template-schema-invalid",
                vec![("why", e.to_string())],
            );
            None
        }
    }
}
