//! `text`: free text or a transcription, optionally of media in the task data.

use serde::Serialize;
use serde_json::{Value, json};

use super::AnswerError;
use super::fields::{Obj, Problems, type_arg};
use super::media::{Common, Media};

/// The keys of its own (besides those of every kind, [`super::media::COMMON_KEYS`]).
pub(super) const KEYS: &[&str] = &["max_length", "multiline"];

/// Default and ceiling of `max_length`, shared with the text fields of forms.
pub(super) const DEFAULT_MAX_LENGTH: usize = 2000;
pub(super) const MAX_MAX_LENGTH: usize = 100_000;

/// Write or transcribe text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Text {
    #[serde(flatten)]
    common: Common,
    max_length: usize,
    multiline: bool,
}

impl Text {
    pub fn question(&self) -> Option<&str> {
        self.common.question.as_deref()
    }

    pub fn media(&self) -> Option<&Media> {
        self.common.media.as_ref()
    }

    pub(super) fn common(&self) -> &Common {
        &self.common
    }

    pub fn max_length(&self) -> usize {
        self.max_length
    }

    pub fn multiline(&self) -> bool {
        self.multiline
    }

    pub(super) fn parse(obj: &Obj, common: Common, problems: &mut Problems) -> Option<Self> {
        let before = problems.len();
        let max_length = obj.count_or(
            "max_length",
            DEFAULT_MAX_LENGTH,
            (1, MAX_MAX_LENGTH),
            problems,
        );
        let multiline = obj.bool_or("multiline", false, problems);
        (problems.len() == before).then_some(Text {
            common,
            max_length: max_length?,
            multiline: multiline?,
        })
    }

    pub(super) fn validate(&self, answer: &Value) -> Result<Value, AnswerError> {
        let Value::String(text) = answer else {
            return Err(AnswerError::new(
                "",
                "answer-not-text",
                vec![type_arg(answer)],
            ));
        };
        check_text(text, "", self.max_length, self.multiline).map(Value::from)
    }

    pub(super) fn answer_schema(&self) -> Value {
        text_schema(self.max_length, self.multiline)
    }
}

/// Trims `text` and checks it is not empty, at most `max_length` characters
/// (not bytes: a worker counts characters), and one line unless `multiline`.
pub(super) fn check_text(
    text: &str,
    path: &str,
    max_length: usize,
    multiline: bool,
) -> Result<String, AnswerError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(AnswerError::new(path, "answer-text-empty", Vec::new()));
    }
    let length = trimmed.chars().count();
    if length > max_length {
        return Err(AnswerError::new(
            path,
            "answer-text-too-long",
            vec![
                ("length", length.to_string()),
                ("max", max_length.to_string()),
            ],
        ));
    }
    if !multiline && trimmed.contains(['\n', '\r']) {
        return Err(AnswerError::new(path, "answer-text-one-line", Vec::new()));
    }
    Ok(trimmed.to_owned())
}

pub(super) fn text_schema(max_length: usize, multiline: bool) -> Value {
    let mut schema = json!({"type": "string", "minLength": 1, "maxLength": max_length});
    if !multiline {
        schema["pattern"] = "^[^\\r\\n]*$".into();
    }
    schema
}
