//! `text`: free text or a transcription, optionally of media in the task data.

use serde::Serialize;
use serde_json::{Value, json};

use super::AnswerError;
use super::fields::{Obj, Problems, What, type_arg, type_name};

pub(super) const KEYS: &[&str] = &["kind", "question", "media", "max_length", "multiline"];

/// Default and ceiling of `max_length`, shared with the text fields of forms.
pub(super) const DEFAULT_MAX_LENGTH: usize = 2000;
pub(super) const MAX_MAX_LENGTH: usize = 100_000;

/// Write or transcribe text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Text {
    #[serde(skip_serializing_if = "Option::is_none")]
    question: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    media: Option<Media>,
    max_length: usize,
    multiline: bool,
}

/// Media shown with a task: the task-data field that holds its URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Media {
    #[serde(rename = "type")]
    kind: MediaKind,
    field: String,
}

impl Media {
    pub fn kind(&self) -> MediaKind {
        self.kind
    }

    pub fn field(&self) -> &str {
        &self.field
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Audio,
    Image,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Audio => "audio",
            MediaKind::Image => "image",
        }
    }
}

impl Text {
    pub fn question(&self) -> Option<&str> {
        self.question.as_deref()
    }

    pub fn media(&self) -> Option<&Media> {
        self.media.as_ref()
    }

    pub fn max_length(&self) -> usize {
        self.max_length
    }

    pub fn multiline(&self) -> bool {
        self.multiline
    }

    pub(super) fn parse(
        obj: &Obj,
        question: Option<String>,
        problems: &mut Problems,
    ) -> Option<Self> {
        let before = problems.len();
        let media = obj
            .get("media")
            .and_then(|value| parse_media(value, &obj.path("media"), problems));
        let max_length = obj.count_or(
            "max_length",
            DEFAULT_MAX_LENGTH,
            (1, MAX_MAX_LENGTH),
            problems,
        );
        let multiline = obj.bool_or("multiline", false, problems);
        (problems.len() == before).then_some(Text {
            question,
            media,
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
                format!(
                    "the answer must be a string of text, not {}",
                    type_name(answer)
                ),
            ));
        };
        check_text(text, "", self.max_length, self.multiline).map(Value::from)
    }

    pub(super) fn answer_schema(&self) -> Value {
        text_schema(self.max_length, self.multiline)
    }
}

fn parse_media(value: &Value, path: &str, problems: &mut Problems) -> Option<Media> {
    let media = Obj::open(value, path, What::Media, &["type", "field"], problems)?;
    let kind = match media.get("type") {
        Some(Value::String(kind)) if kind == "audio" => Some(MediaKind::Audio),
        Some(Value::String(kind)) if kind == "image" => Some(MediaKind::Image),
        None => {
            problems.push(
                media.path("type"),
                "problem-template-media-type-missing",
                Vec::new(),
                "the media \"type\" must be \"audio\" or \"image\" (got nothing)",
            );
            None
        }
        Some(other) => {
            problems.push(
                media.path("type"),
                "problem-template-media-type",
                vec![("value", other.to_string())],
                format!("the media \"type\" must be \"audio\" or \"image\" (got {other})"),
            );
            None
        }
    };
    let field = media.required_identifier("field", problems);
    Some(Media {
        kind: kind?,
        field: field?,
    })
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
        return Err(AnswerError::new(
            path,
            "answer-text-empty",
            Vec::new(),
            "the answer is empty; write some text",
        ));
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
            format!("the text is {length} characters long; shorten it to at most {max_length}"),
        ));
    }
    if !multiline && trimmed.contains(['\n', '\r']) {
        return Err(AnswerError::new(
            path,
            "answer-text-one-line",
            Vec::new(),
            "the text must be a single line; remove the line breaks",
        ));
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
