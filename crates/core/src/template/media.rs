//! What every kind shares: the question asked and the item's media (an image, a
//! sound or a video whose address is in a field of the task data). Read once
//! for every kind by [`Common::parse`], so `media` means the same everywhere.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::MAX_QUESTION_CHARS;
use super::fields::{Obj, Problems, What};

/// The keys every kind accepts besides its own.
pub(super) const COMMON_KEYS: [&str; 3] = ["kind", "question", "media"];

/// The question and the media of a template, whatever its kind.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub(super) struct Common {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) question: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) media: Option<Media>,
}

impl Common {
    /// Reads `question` and `media`; a problem in either is recorded and the
    /// setting left out (the definition is refused anyway).
    pub(super) fn parse(obj: &Obj, problems: &mut Problems) -> Common {
        Common {
            question: obj.optional_text("question", MAX_QUESTION_CHARS, problems),
            media: obj
                .get("media")
                .and_then(|value| Media::parse(value, &obj.path("media"), problems)),
        }
    }
}

/// Media shown with a task: the task-data field that holds its address.
/// `{"type": "image", "field": "image_url"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Media {
    #[serde(rename = "type")]
    kind: MediaKind,
    field: String,
}

impl Media {
    /// An image in `field` (the older `image_field` of bounding boxes).
    pub(super) fn image(field: String) -> Media {
        Media {
            kind: MediaKind::Image,
            field,
        }
    }

    pub fn kind(&self) -> MediaKind {
        self.kind
    }

    /// The task-data field holding the media's address.
    pub fn field(&self) -> &str {
        &self.field
    }

    fn parse(value: &Value, path: &str, problems: &mut Problems) -> Option<Media> {
        let media = Obj::open(value, path, What::Media, &["type", "field"], problems)?;
        let kind = match media.get("type") {
            None => {
                problems.push(
                    media.path("type"),
                    "problem-template-media-type-required",
                    vec![("types", MediaKind::list())],
                );
                None
            }
            Some(value) => {
                let kind = value.as_str().and_then(MediaKind::from_name);
                if kind.is_none() {
                    problems.push(
                        media.path("type"),
                        "problem-template-media-type-unknown",
                        vec![("value", value.to_string()), ("types", MediaKind::list())],
                    );
                }
                kind
            }
        };
        let field = match media.get("field") {
            Some(Value::String(name)) if !name.trim().is_empty() => {
                media.required_identifier("field", problems)
            }
            Some(Value::String(_)) | None => {
                problems.push(
                    media.path("field"),
                    "problem-template-media-field-required",
                    Vec::new(),
                );
                None
            }
            Some(_) => media.required_identifier("field", problems),
        };
        Some(Media {
            kind: kind?,
            field: field?,
        })
    }
}

/// What a media field holds, named as in a definition's `"type"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Image,
    Audio,
    Video,
}

impl MediaKind {
    pub const ALL: [MediaKind; 3] = [MediaKind::Image, MediaKind::Audio, MediaKind::Video];

    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Audio => "audio",
            MediaKind::Video => "video",
        }
    }

    fn from_name(name: &str) -> Option<MediaKind> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    fn list() -> String {
        Self::ALL.map(Self::as_str).join(", ")
    }
}

impl fmt::Display for MediaKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
