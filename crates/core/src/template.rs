//! Task templates: what a task of a project looks like and what a valid
//! answer to it is. A requester's definition is checked once by
//! [`Template::parse`]; a worker's answer is checked on every submit by
//! [`Template::validate_answer`], which also returns the normalised form to store.
//!
//! # Definitions
//!
//! A definition is a JSON object tagged by `"kind"`. Every kind accepts an
//! optional `"question"` (text, at most 1000 characters) and an optional
//! `"media"`: the item's image, sound or video shown with the task,
//! `{"type": "image" | "audio" | "video", "field": "image_url"}`, where `field`
//! names the task-data field holding its address. Unknown keys are
//! refused with the key named, so a typo never silently falls back to a default.
//! Settings marked "default" may be left out; the stored form
//! ([`serde::Serialize`]) always has them filled in, and parsing it again gives
//! the same template.
//!
//! `single_choice`: 2 to 50 options, values unique, non-empty, at most 64
//! characters. An option may also be written as a bare string (value = label).
//! The answer is one of the values, as a string or as `{"value": "pos"}`.
//! ```json
//! {"kind": "single_choice", "question": "Which animal is in the picture?",
//!  "media": {"type": "image", "field": "image_url"}, "options": ["cat", "dog"]}
//! {"kind": "single_choice", "question": "Is this review positive?",
//!  "options": [{"value": "pos", "label": "Positive"}, {"value": "neg", "label": "Negative"}]}
//! ```
//!
//! `multi_choice`: options as above (values may not contain `|`, which joins
//! them in a categorical label); `min_selected` (default 1) and `max_selected`
//! (default: the number of options). The answer is an array of distinct values.
//! ```json
//! {"kind": "multi_choice", "question": "Which animals are in the picture?",
//!  "options": [{"value": "cat", "label": "Cat"}, {"value": "dog", "label": "Dog"}],
//!  "min_selected": 0, "max_selected": 2}
//! ```
//!
//! `text`: free text or a transcription (of its `media`, say); `max_length` in characters
//! (default 2000, at most 100000); `multiline` (default false: the answer may
//! not contain line breaks). The answer is a string, stored trimmed.
//! ```json
//! {"kind": "text", "question": "Transcribe the recording.",
//!  "media": {"type": "audio", "field": "audio_url"}, "max_length": 500, "multiline": true}
//! ```
//!
//! `rating`: a whole-number scale `min` (default 1) to `max` (default 5), at
//! most 100 steps, with optional labels for some points. The answer is a number
//! on the scale (`3` or `3.0`, not `3.5` or `"3"`).
//! ```json
//! {"kind": "rating", "question": "How fluent is the translation?",
//!  "min": 1, "max": 5, "labels": {"1": "Bad", "5": "Excellent"}}
//! ```
//!
//! `bounding_boxes`: `media` (required, an image) is what boxes are drawn on;
//! the older `"image_field": "image_url"` is read as that image too, and the
//! stored form keeps both; 1 to 100 `labels`; `min_boxes` (default 0) and `max_boxes`
//! (default 50, at most 1000). The answer is `{"boxes": [{"x", "y", "w", "h",
//! "label"}]}` in image pixels; when the task data has numeric `image_width`
//! and `image_height`, every box must lie inside the image.
//! ```json
//! {"kind": "bounding_boxes", "question": "Draw a box around every road user.",
//!  "media": {"type": "image", "field": "image_url"}, "labels": ["pedestrian", "cyclist"],
//!  "min_boxes": 0, "max_boxes": 50}
//! ```
//!
//! `form`: 1 to 50 typed `fields`, each with a unique identifier `name`, a
//! `label`, a `type` and `required` (default false). `text` fields take
//! `max_length` (default 2000) and `multiline` (default false); `number` fields
//! take optional `min` and `max` and `integer` (default false); `choice` fields
//! take `options` as above. The answer is an object keyed by field name; empty
//! strings count as left out (that is what an HTML form sends), numbers may be
//! sent as numeric strings and are stored as numbers.
//! ```json
//! {"kind": "form", "fields": [
//!   {"name": "title", "label": "Title", "type": "text", "required": true, "max_length": 200},
//!   {"name": "count", "label": "How many?", "type": "number", "required": true, "min": 0, "max": 100, "integer": true},
//!   {"name": "lang", "label": "Language", "type": "choice", "required": false,
//!    "options": [{"value": "en", "label": "English"}, {"value": "fr", "label": "French"}]}]}
//! ```
//!
//! `spans`: labelled character ranges over the item's text (named entities);
//! `text_field` (default `"text"`) names the task-data field holding the text;
//! 1 to 100 `labels`; `min_spans` (default 0) and `max_spans` (default 50, at
//! most 1000). The answer is `{"spans": [{"start", "end", "label"}]}`, offsets
//! in Unicode characters from 0 with the end excluded; spans may not overlap.
//! The stored answer has the spans sorted, each with the `text` it covers.
//! ```json
//! {"kind": "spans", "question": "Mark every person and place.",
//!  "text_field": "text", "labels": ["person", "place"], "max_spans": 20}
//! ```
//!
//! `external_study`: a study on the requester's site. `study_url` is an `https`
//! address with `{pseudonym}` where the worker's per-project pseudonym goes;
//! `completion_codes` are 1 to 20 codes (letters, digits, `-`, `_`; at most 64
//! characters) the study shows at its end. The codes are never described to
//! workers. The answer is `{"completion_code": "…"}`, compared regardless of case
//! and stored as the project spells it.
//! ```json
//! {"kind": "external_study", "question": "Take our 10-minute survey.",
//!  "study_url": "https://survey.example.org/s/42?pid={pseudonym}",
//!  "completion_codes": ["C7D2K9"]}
//! ```
//!
//! `custom_html`: the requester's own page. `html` (at most 100000 characters) is
//! shown in a sandboxed frame without Handprint's origin; `answer_schema` is a JSON
//! Schema (checked against its meta-schema and compiled when saved; no remote
//! `$ref`); `height` is the frame's height in CSS pixels (default 400, 100 to 2000).
//! The page answers by calling `handprint.submit(answer)`; the answer is any JSON
//! value the schema accepts, stored as sent.
//! ```json
//! {"kind": "custom_html", "html": "<button onclick=\"handprint.submit({ok: true})\">OK</button>",
//!  "answer_schema": {"type": "object", "required": ["ok"],
//!                    "properties": {"ok": {"type": "boolean"}}}}
//! `pairwise`: which of two options is better. `left_field` and `right_field` (default
//! `left` and `right`, different) name the task-data fields holding the two options;
//! `show` (default `text`; or `image`, `audio`) says what they hold (for images and
//! sounds, their addresses); `prompt_field` (optional) names a field holding the prompt
//! both options answer, shown above them and exported as preference data's `prompt`;
//! `allow_tie` (default false). The answer is `"left"`, `"right"` or, when ties are
//! allowed, `"tie"`.
//! ```json
//! {"kind": "pairwise", "question": "Which reply is more helpful?",
//!  "prompt_field": "prompt", "left_field": "reply_a", "right_field": "reply_b",
//!  "show": "text", "allow_tie": true}
//! ```
//!
//! `polygons`: `media` (required, an image) is what polygons are drawn on; 1 to 100
//! `labels`; `min_polygons` (default 0) and `max_polygons` (default 50, at most 1000);
//! `min_points` per polygon (default 3, at least 3; at most 1000 points). The answer is
//! `{"polygons": [{"label", "points": [[x, y], …]}]}` in image pixels from the top-left
//! corner, the polygon closed implicitly; a polygon must have an area and may not cross
//! itself, and when the task data has `image_width` and `image_height`, every point must
//! lie inside the image.
//! ```json
//! {"kind": "polygons", "question": "Outline every car.",
//!  "media": {"type": "image", "field": "image_url"}, "labels": ["car", "road"]}
//! ```
//!
//! `keypoints`: `media` (required, an image); `points`, the skeleton's 1 to 100 point
//! names; `edges` (optional) pairs of point names drawn as the skeleton's bones;
//! `category` (default `object`), what the skeleton is of. The answer places every
//! point: `{"points": {"nose": {"x", "y"}, "tail": {"visible": false}}}` in image pixels
//! (`visible` defaults to true; a point not visible has no coordinates). Stored with
//! `visible` written out.
//! ```json
//! {"kind": "keypoints", "question": "Place the cat's nose and ears.",
//!  "media": {"type": "image", "field": "image_url"}, "category": "cat",
//!  "points": ["nose", "left_ear", "right_ear"],
//!  "edges": [["nose", "left_ear"], ["nose", "right_ear"]]}
//! ```
//!
//! `segments`: labelled time ranges on the item's sound or video. `media` is required
//! and of type `audio` or `video` (its field holds an address or an uploaded file's
//! name); 1 to 100 `labels`; `min_segments` (default 0) and `max_segments` (default 50,
//! at most 1000); `allow_overlap` (default false). The answer is `{"segments":
//! [{"start", "end", "label"}]}` in seconds from the media's start (decimals allowed,
//! 0 ≤ start < end); the server does not know the media's duration. Stored sorted by
//! start, the times as sent.
//! ```json
//! {"kind": "segments", "question": "Mark who speaks when.",
//!  "media": {"type": "audio", "field": "audio"}, "labels": ["alice", "bob"],
//!  "allow_overlap": true}
//! ```

mod boxes;
mod choice;
mod custom_html;
mod external_study;
mod fields;
mod form;
mod keypoints;
mod media;
mod pairwise;
mod polygons;
mod rating;
mod segments;
mod spans;
mod text;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Value, json};

pub use boxes::BoundingBoxes;
pub use choice::{ChoiceOption, MultiChoice, SingleChoice};
pub use custom_html::CustomHtml;
pub use external_study::ExternalStudy;
pub use form::{FieldInput, Form, FormField};
pub use keypoints::Keypoints;
pub use media::{Media, MediaKind};
pub use pairwise::{Pairwise, PairwiseShow, Preference};
pub use polygons::{MAX_POINTS as MAX_POLYGON_POINTS, Polygons, area as polygon_area};
pub use rating::Rating;
pub use segments::Segments;
pub use spans::Spans;
pub use text::Text;

use fields::{Obj, Problems, What};
pub(crate) use fields::{describe_value, type_arg, type_name};
use media::Common;

/// The longest question a template may ask.
const MAX_QUESTION_CHARS: usize = 1000;

/// A project's task template: what a task looks like and what a valid answer is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Template {
    SingleChoice(SingleChoice),
    MultiChoice(MultiChoice),
    Text(Text),
    Rating(Rating),
    BoundingBoxes(BoundingBoxes),
    Form(Form),
    Spans(Spans),
    ExternalStudy(ExternalStudy),
    CustomHtml(CustomHtml),
    Pairwise(Pairwise),
    Segments(Segments),
    Polygons(Polygons),
    Keypoints(Keypoints),
}

impl Template {
    /// Parse and check a template definition as sent by a requester (JSON object with "kind").
    /// Every problem is reported (not just the first), each with a JSON-pointer
    /// path like "/options/2/value" and a message that says how to fix it.
    pub fn parse(value: &Value) -> Result<Template, TemplateErrors> {
        let mut problems = Problems::default();
        match parse_definition(value, &mut problems) {
            Some(template) if problems.0.is_empty() => Ok(template),
            _ => Err(TemplateErrors(problems.0)),
        }
    }

    pub fn kind(&self) -> TemplateKind {
        match self {
            Template::SingleChoice(_) => TemplateKind::SingleChoice,
            Template::MultiChoice(_) => TemplateKind::MultiChoice,
            Template::Text(_) => TemplateKind::Text,
            Template::Rating(_) => TemplateKind::Rating,
            Template::BoundingBoxes(_) => TemplateKind::BoundingBoxes,
            Template::Form(_) => TemplateKind::Form,
            Template::Spans(_) => TemplateKind::Spans,
            Template::ExternalStudy(_) => TemplateKind::ExternalStudy,
            Template::Segments(_) => TemplateKind::Segments,
            Template::CustomHtml(_) => TemplateKind::CustomHtml,
            Template::Pairwise(_) => TemplateKind::Pairwise,
            Template::Polygons(_) => TemplateKind::Polygons,
            Template::Keypoints(_) => TemplateKind::Keypoints,
        }
    }

    /// The question shown above the task, if the requester wrote one.
    pub fn question(&self) -> Option<&str> {
        self.common().question.as_deref()
    }

    /// The item's media shown with the task, if any (always an image for bounding boxes).
    pub fn media(&self) -> Option<&Media> {
        self.common().media.as_ref()
    }

    fn common(&self) -> &Common {
        match self {
            Template::SingleChoice(t) => t.common(),
            Template::MultiChoice(t) => t.common(),
            Template::Text(t) => t.common(),
            Template::Rating(t) => t.common(),
            Template::BoundingBoxes(t) => t.common(),
            Template::Form(t) => t.common(),
            Template::Segments(t) => t.common(),
            Template::Spans(t) => t.common(),
            Template::ExternalStudy(t) => t.common(),
            Template::CustomHtml(t) => t.common(),
            Template::Pairwise(t) => t.common(),
            Template::Polygons(t) => t.common(),
            Template::Keypoints(t) => t.common(),
        }
    }

    /// Validate a worker's answer for one task. `task_data` is the task's data
    /// object (the bounding-box kind reads the image size from it).
    /// Returns the normalised answer to store: trimmed text, multi_choice
    /// values in option order, numbers as numbers.
    pub fn validate_answer(&self, task_data: &Value, answer: &Value) -> Result<Value, AnswerError> {
        match self {
            Template::SingleChoice(t) => t.validate(answer),
            Template::MultiChoice(t) => t.validate(answer),
            Template::Text(t) => t.validate(answer),
            Template::Rating(t) => t.validate(answer),
            Template::Segments(t) => t.validate(answer),
            Template::BoundingBoxes(t) => t.validate(task_data, answer),
            Template::Form(t) => t.validate(answer),
            Template::Spans(t) => t.validate(task_data, answer),
            Template::ExternalStudy(t) => t.validate(answer),
            Template::CustomHtml(t) => t.validate(answer),
            Template::Pairwise(t) => t.validate(answer),
            Template::Polygons(t) => t.validate(task_data, answer),
            Template::Keypoints(t) => t.validate(task_data, answer),
        }
    }

    /// The JSON description a page or client renders: the stored definition
    /// (kind and every setting, defaults filled in; an external study's completion
    /// codes left out, since workers read it), `"media_fields"` (which
    /// task-data fields carry media, as `[{"field", "type"}]`) and
    /// `"answer_schema"`, a JSON Schema (2020-12) of a valid answer.
    pub fn describe(&self) -> Value {
        let mut description = serde_json::to_value(self)
            .expect("a template holds only strings, numbers and string-keyed maps");
        let media: Vec<Value> = self
            .media_fields()
            .into_iter()
            .map(|(field, kind)| json!({"field": field, "type": kind.as_str()}))
            .collect();
        let mut schema = match self {
            Template::SingleChoice(t) => t.answer_schema(),
            Template::MultiChoice(t) => t.answer_schema(),
            Template::Segments(t) => t.answer_schema(),
            Template::Text(t) => t.answer_schema(),
            Template::Rating(t) => t.answer_schema(),
            Template::BoundingBoxes(t) => t.answer_schema(),
            Template::Form(t) => t.answer_schema(),
            Template::Spans(t) => t.answer_schema(),
            Template::ExternalStudy(t) => t.answer_schema(),
            Template::CustomHtml(t) => t.answer_schema(),
            Template::Pairwise(t) => t.answer_schema(),
            Template::Polygons(t) => t.answer_schema(),
            Template::Keypoints(t) => t.answer_schema(),
        };
        if let Value::Object(schema) = &mut schema {
            // A requester's own schema (custom_html) may name its draft: kept.
            schema
                .entry("$schema")
                .or_insert_with(|| "https://json-schema.org/draft/2020-12/schema".into());
        }
        if let Value::Object(description) = &mut description {
            description.insert("media_fields".into(), media.into());
            description.insert("answer_schema".into(), schema);
            if let Template::ExternalStudy(_) = self {
                ExternalStudy::hide_codes(description);
            }
        }
        description
    }

    /// The task-data fields that carry media, with the kind of media in each: the
    /// template's `media`, and a comparison's two options when they are images or sounds.
    pub fn media_fields(&self) -> Vec<(&str, MediaKind)> {
        let options = match self {
            Template::Pairwise(p) => match p.show() {
                PairwiseShow::Text => Vec::new(),
                PairwiseShow::Image => vec![MediaKind::Image; 2],
                PairwiseShow::Audio => vec![MediaKind::Audio; 2],
            }
            .into_iter()
            .zip([p.left_field(), p.right_field()])
            .map(|(kind, field)| (field, kind))
            .collect(),
            _ => Vec::new(),
        };
        self.media()
            .map(|m| (m.field(), m.kind()))
            .into_iter()
            .chain(options)
            .collect()
    }

    /// For aggregation: the answer as a categorical label if the kind has one
    /// (single_choice value; rating value as text; multi_choice as sorted values
    /// joined by "|"); None for text/boxes/form, and for an invalid answer.
    pub fn categorical_label(&self, answer: &Value) -> Option<String> {
        if !matches!(
            self,
            Template::SingleChoice(_) | Template::MultiChoice(_) | Template::Rating(_)
        ) {
            return None;
        }
        // Going through validation makes `"pos"` and `{"value": "pos"}`, or 3
        // and 3.0, the same category.
        match self.validate_answer(&Value::Null, answer).ok()? {
            Value::String(value) => Some(value),
            Value::Number(rating) => Some(rating.to_string()),
            Value::Array(values) => {
                let mut values: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
                values.sort_unstable();
                Some(values.join("|"))
            }
            _ => None,
        }
    }
}

/// Stored templates are read back through [`Template::parse`], so a template
/// deserialised from the database carries the same guarantees as a new one.
impl<'de> Deserialize<'de> for Template {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Template::parse(&value).map_err(serde::de::Error::custom)
    }
}

fn parse_definition(value: &Value, problems: &mut Problems) -> Option<Template> {
    let Value::Object(map) = value else {
        problems.push(
            "",
            "problem-template-not-object",
            vec![("kinds", TemplateKind::list()), type_arg(value)],
        );
        return None;
    };
    let kind = match map.get("kind") {
        None | Some(Value::Null) => {
            problems.push(
                "/kind",
                "problem-template-kind-missing",
                vec![("kinds", TemplateKind::list())],
            );
            return None;
        }
        Some(Value::String(name)) => match name.parse::<TemplateKind>() {
            Ok(kind) => kind,
            Err(unknown) => {
                problems.push(
                    "/kind",
                    "problem-template-kind-unknown",
                    vec![("kind", unknown.0.clone()), ("kinds", TemplateKind::list())],
                );
                return None;
            }
        },
        Some(other) => {
            problems.push(
                "/kind",
                "problem-template-kind-not-string",
                vec![("kinds", TemplateKind::list()), type_arg(other)],
            );
            return None;
        }
    };
    let obj = Obj::open(value, "", What::Template(kind), &kind.keys(), problems)?;
    let common = Common::parse(&obj, problems);
    Some(match kind {
        TemplateKind::SingleChoice => {
            Template::SingleChoice(SingleChoice::parse(&obj, common, problems)?)
        }
        TemplateKind::MultiChoice => {
            Template::MultiChoice(MultiChoice::parse(&obj, common, problems)?)
        }
        TemplateKind::Text => Template::Text(Text::parse(&obj, common, problems)?),
        TemplateKind::Rating => Template::Rating(Rating::parse(&obj, common, problems)?),
        TemplateKind::BoundingBoxes => {
            Template::BoundingBoxes(BoundingBoxes::parse(&obj, common, problems)?)
        }
        TemplateKind::Form => Template::Form(Form::parse(&obj, common, problems)?),
        TemplateKind::Spans => Template::Spans(Spans::parse(&obj, common, problems)?),
        TemplateKind::ExternalStudy => {
            Template::ExternalStudy(ExternalStudy::parse(&obj, common, problems)?)
        }
        TemplateKind::CustomHtml => {
            Template::CustomHtml(CustomHtml::parse(&obj, common, problems)?)
        }
        TemplateKind::Pairwise => Template::Pairwise(Pairwise::parse(&obj, common, problems)?),
        TemplateKind::Segments => Template::Segments(Segments::parse(&obj, common, problems)?),
        TemplateKind::Polygons => Template::Polygons(Polygons::parse(&obj, common, problems)?),
        TemplateKind::Keypoints => Template::Keypoints(Keypoints::parse(&obj, common, problems)?),
    })
}

/// The kinds of template, named as in a definition's `"kind"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateKind {
    SingleChoice,
    MultiChoice,
    Text,
    Rating,
    BoundingBoxes,
    Form,
    Spans,
    ExternalStudy,
    CustomHtml,
    Pairwise,
    Polygons,
    Keypoints,
    Segments,
}

impl TemplateKind {
    pub const ALL: [TemplateKind; 13] = [
        TemplateKind::SingleChoice,
        TemplateKind::MultiChoice,
        TemplateKind::Text,
        TemplateKind::Rating,
        TemplateKind::BoundingBoxes,
        TemplateKind::Form,
        TemplateKind::Spans,
        TemplateKind::ExternalStudy,
        TemplateKind::CustomHtml,
        TemplateKind::Pairwise,
        TemplateKind::Polygons,
        TemplateKind::Keypoints,
        TemplateKind::Segments,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TemplateKind::SingleChoice => "single_choice",
            TemplateKind::MultiChoice => "multi_choice",
            TemplateKind::Text => "text",
            TemplateKind::Rating => "rating",
            TemplateKind::Segments => "segments",
            TemplateKind::BoundingBoxes => "bounding_boxes",
            TemplateKind::Form => "form",
            TemplateKind::Spans => "spans",
            TemplateKind::ExternalStudy => "external_study",
            TemplateKind::CustomHtml => "custom_html",
            TemplateKind::Pairwise => "pairwise",
            TemplateKind::Polygons => "polygons",
            TemplateKind::Keypoints => "keypoints",
        }
    }

    /// The keys a definition of this kind accepts: those of every kind
    /// (`kind`, `question`, `media`), then its own.
    pub fn keys(self) -> Vec<&'static str> {
        let own = match self {
            TemplateKind::SingleChoice => choice::SINGLE_KEYS,
            TemplateKind::MultiChoice => choice::MULTI_KEYS,
            TemplateKind::Segments => segments::KEYS,
            TemplateKind::Text => text::KEYS,
            TemplateKind::Rating => rating::KEYS,
            TemplateKind::BoundingBoxes => boxes::KEYS,
            TemplateKind::Form => form::KEYS,
            TemplateKind::Spans => spans::KEYS,
            TemplateKind::ExternalStudy => external_study::KEYS,
            TemplateKind::CustomHtml => custom_html::KEYS,
            TemplateKind::Pairwise => pairwise::KEYS,
            TemplateKind::Polygons => polygons::KEYS,
            TemplateKind::Keypoints => keypoints::KEYS,
        };
        [media::COMMON_KEYS.as_slice(), own].concat()
    }

    fn list() -> String {
        Self::ALL.map(Self::as_str).join(", ")
    }
}

impl fmt::Display for TemplateKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TemplateKind {
    type Err = UnknownTemplateKind;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .ok_or_else(|| UnknownTemplateKind(name.to_owned()))
    }
}

/// A template kind name that is not one of [`TemplateKind::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown template kind \"{0}\"; use one of: {list}", list = TemplateKind::list())]
pub struct UnknownTemplateKind(pub String);

/// Everything wrong with a template definition; shown to the requester as a
/// 422 listing each problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateErrors(pub Vec<FieldProblem>);

impl fmt::Display for TemplateErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [only] => write!(f, "the template is invalid: {only}"),
            problems => {
                write!(f, "the template has {} problems:", problems.len())?;
                problems
                    .iter()
                    .try_for_each(|problem| write!(f, "\n  {problem}"))
            }
        }
    }
}

impl std::error::Error for TemplateErrors {}

/// One problem in a template definition, at a JSON-pointer `path` ("" is the
/// whole definition).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    pub path: String,
    /// The English message, as the API shows it.
    pub message: String,
    /// A stable machine code (a message id of the pages' catalogues) for translating
    /// the message; None when there is none yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// The named values the coded message needs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(&'static str, String)>,
}

impl FieldProblem {
    /// A problem at `path` with its catalogue `code` and the named `args` the code's
    /// message uses; the English `message` the API shows is the English catalogue's
    /// (see [`crate::msg::english`]). Core builds every problem this way (or with
    /// [`FieldProblem::from_msg`]).
    pub fn coded(
        path: impl Into<String>,
        code: &'static str,
        args: Vec<(&'static str, String)>,
    ) -> Self {
        FieldProblem {
            path: path.into(),
            message: crate::msg::english_or_code(code, &args),
            code: Some(code),
            args,
        }
    }

    /// A problem with English text only, for the server's own messages that have
    /// no code yet. Core never uses it: a test in crates/core/tests checks the sources.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        FieldProblem {
            path: path.into(),
            message: message.into(),
            code: None,
            args: Vec::new(),
        }
    }

    /// A problem at `path` saying `msg` (its code and arguments kept).
    pub fn from_msg(path: impl Into<String>, msg: crate::Msg) -> Self {
        FieldProblem {
            path: path.into(),
            message: msg.text,
            code: msg.code,
            args: msg.args,
        }
    }

    /// What this problem says, with its code and arguments (without the path).
    pub fn msg(&self) -> crate::Msg {
        crate::Msg {
            text: self.message.clone(),
            code: self.code,
            args: self.args.clone(),
        }
    }
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path.as_str() {
            "" => f.write_str(&self.message),
            path => write!(f, "{path}: {}", self.message),
        }
    }
}

/// Why a worker's answer was refused, at a JSON-pointer `path` into the
/// answer ("" is the whole answer); shown to the worker as a 422.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}{message}", if path.is_empty() { String::new() } else { format!("{path}: ") })]
pub struct AnswerError {
    pub path: String,
    /// The English message, as the API shows it.
    pub message: String,
    /// A stable machine code (a message id of the pages' catalogues); None when there is none yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// The named values the coded message needs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(&'static str, String)>,
}

impl AnswerError {
    /// What this error says, with its code and arguments (without the path).
    pub fn msg(&self) -> crate::Msg {
        crate::Msg {
            text: self.message.clone(),
            code: self.code,
            args: self.args.clone(),
        }
    }

    /// An error at `path` with its catalogue `code` (`answer-…`) and the named `args`
    /// the code's message uses; the English `message` the API shows is the English
    /// catalogue's.
    pub(crate) fn new(
        path: impl Into<String>,
        code: &'static str,
        args: Vec<(&'static str, String)>,
    ) -> Self {
        AnswerError {
            path: path.into(),
            message: crate::msg::english_or_code(code, &args),
            code: Some(code),
            args,
        }
    }

    /// The problem this error is at `prefix` (e.g. "/answer") in a request, keeping its code.
    pub fn into_problem(self, prefix: &str) -> FieldProblem {
        FieldProblem {
            path: format!("{prefix}{}", self.path),
            message: self.message,
            code: self.code,
            args: self.args,
        }
    }
}

/// `"a", "b", "c"` for messages listing the allowed values, cut short after ten.
fn quoted_list<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    let values: Vec<&str> = values.into_iter().collect();
    let mut listed: Vec<String> = values.iter().take(10).map(|v| format!("\"{v}\"")).collect();
    if values.len() > 10 {
        listed.push(format!("… ({} more)", values.len() - 10));
    }
    listed.join(", ")
}
