//! How a task looks in a page, for each template kind, and how the fields a
//! page posts become the answer the API validates. Used by the worker's task
//! page and by the requester's live preview, so both show the same thing.
//!
//! Field names: `answer` (single and multi choice, rating, text — repeated for
//! multi choice), `answer_json` (bounding boxes, spans, polygons, keypoints and
//! segments, filled by the script), `f_<name>` (each field of a form). Everything but
//! bounding boxes, spans, polygons, keypoints and segments works without JavaScript.
//!
//! The part a worker answers is an [`AnswerInput`], one variant per template kind,
//! each drawn by its own file in `templates/task/`: a new kind is a new variant,
//! its file, and its arm in `task_body.html` (askama's match is exhaustive, so a
//! forgotten arm does not compile).

use super::extract::Posted;
use handprint_core::template::{
    FieldInput, FormField, Keypoints, MediaKind, Pairwise, PairwiseShow, Preference, Rating,
    Segments, Template,
};
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

/// The item's media as a page shows it (`item_media.html`): an `<img>`,
/// `<audio controls>` or `<video controls>`, or a message saying why it cannot be
/// shown when the item's field holds no address a page may load.
#[derive(Clone, Debug)]
pub struct ShownMedia {
    /// image, audio or video.
    pub kind: &'static str,
    /// The address to load; empty when there is none to show (the message instead).
    pub src: String,
    /// The original of an uploaded image shown as its smaller rendition; else empty.
    pub original: String,
    /// The outside host the media is loaded from (which sees the worker's address),
    /// named in a notice; empty for media served by Handprint.
    pub outside_host: String,
}

impl ShownMedia {
    fn of(kind: MediaKind, data: &Value, field: &str) -> ShownMedia {
        ShownMedia {
            kind: kind.as_str(),
            src: map_str(data, field)
                .and_then(|url| media_url(kind, &url))
                .unwrap_or_default(),
            original: String::new(),
            outside_host: String::new(),
        }
    }

    /// With the signed `links` of uploaded media known: the original's link beside a
    /// rendition, and for an outside web address, the host it is shared with.
    fn with_links(mut self, links: &[crate::app::media::MediaLink]) -> ShownMedia {
        if let Some(link) = links
            .iter()
            .find(|l| l.small_url == self.src || l.url == self.src)
        {
            if link.small_url != link.url {
                self.original = link.url.clone();
            }
        } else {
            self.outside_host = outside_host(&self.src);
        }
        self
    }
}

/// The host of an `http(s)` address ("media.example"); empty for any other.
fn outside_host(src: &str) -> String {
    let lower = src.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.and_then(|r| r.split(['/', '?', '#']).next())
        .map(|h| h.rsplit('@').next().unwrap_or(h).to_string())
        .unwrap_or_default()
}

/// Everything a page needs to show one task.
#[derive(Clone, Debug, Default)]
pub struct TaskBody {
    pub kind: &'static str,
    pub question: String,
    /// The item's own fields as (label, text): the label is the field's name made
    /// readable ("Image url"), and empty for the main text (a field named `text`).
    pub data: Vec<(String, String)>,
    /// The item's media, shown above the question; None without media, and for
    /// bounding boxes, whose image is the drawing stage.
    pub media: Option<ShownMedia>,
    pub answer: AnswerInput,
    /// Sensitive content: media blurred and greyscale, text folded, until revealed.
    pub veiled: bool,
    /// The outside host the boxes' image is loaded from (see [`ShownMedia`]).
    pub outside_host: String,
}

/// The inputs a worker answers with, by template kind (`templates/task/<kind>.html`).
#[derive(Clone, Debug, Default)]
pub enum AnswerInput {
    /// Nothing to answer yet (a preview without a template).
    #[default]
    Nothing,
    SingleChoice(Choices),
    MultiChoice(Choices),
    Rating(Choices),
    Text(TextInput),
    BoundingBoxes(BoxInput),
    FormFields(FormInputs),
    Spans(SpanInput),
    ExternalStudy(StudyInput),
    Segments(SegmentInput),
    CustomHtml(FrameInput),
    Pairwise(PairInput),
    Polygons(PolygonInput),
    Keypoints(KeypointInput),
}

/// The options of a choice, or the points of a rating scale.
#[derive(Clone, Debug, Default)]
pub struct Choices {
    pub options: Vec<Choice>,
    /// How many a multi choice takes (1 and 1 for the others).
    pub min: usize,
    pub max: usize,
}

#[derive(Clone, Debug, Default)]
pub struct TextInput {
    pub multiline: bool,
    pub max_length: usize,
    pub value: String,
}

#[derive(Clone, Debug, Default)]
pub struct BoxInput {
    /// The image the boxes are drawn on; empty when it cannot be shown.
    pub image: String,
    pub labels: Vec<String>,
    pub min: usize,
    pub max: usize,
    /// The boxes as sent (JSON), when the page comes back with an error.
    pub value: String,
}

/// Spans marked over the item's text (`templates/task/spans.html`).
#[derive(Clone, Debug, Default)]
pub struct SpanInput {
    /// The text spans are marked on (the script splits it into words).
    pub text: String,
    /// The labels, each with the digit key that applies it.
    pub labels: Vec<Choice>,
    pub min: usize,
    pub max: usize,
    /// The spans as sent (JSON), when the page comes back with an error.
    pub value: String,
}

/// Polygons drawn on the item's image (`templates/task/polygons.html`).
#[derive(Clone, Debug, Default)]
pub struct PolygonInput {
    /// The image polygons are drawn on; empty when it cannot be shown.
    pub image: String,
    /// The labels, each with the digit key that picks it.
    pub labels: Vec<Choice>,
    pub min: usize,
    pub max: usize,
    /// The fewest points a polygon may have.
    pub min_points: usize,
    /// The polygons as sent (JSON), when the page comes back with an error.
    pub value: String,
}

/// A skeleton's points placed on the item's image (`templates/task/keypoints.html`).
#[derive(Clone, Debug, Default)]
pub struct KeypointInput {
    /// The image points are placed on; empty when it cannot be shown.
    pub image: String,
    /// The point names, each with the digit key that chooses it.
    pub points: Vec<Choice>,
    /// The skeleton's edges as JSON pairs of point indexes, for the script to draw.
    pub edges: String,
    /// The points as sent (JSON), when the page comes back with an error.
    pub value: String,
}

/// Time ranges marked on the item's sound or video (`templates/task/segments.html`),
/// which is shown above as the task's media; the script drives its player.
#[derive(Clone, Debug, Default)]
pub struct SegmentInput {
    /// The labels, each with the digit key that applies it.
    pub labels: Vec<Choice>,
    pub min: usize,
    pub max: usize,
    pub allow_overlap: bool,
    /// The segments as sent (JSON), when the page comes back with an error.
    pub value: String,
}

/// An external study: the link to follow and the completion code to bring back.
#[derive(Clone, Debug, Default)]
pub struct StudyInput {
    /// The study's address with the worker's pseudonym in it.
    pub link: String,
    /// The study's host name, said before the worker leaves for it.
    pub host: String,
    /// The pseudonym in the link (an example one outside the worker's own page).
    pub pseudonym: String,
    /// The code as sent, when the page comes back with an error.
    pub value: String,
}

/// A custom HTML task: the sandboxed frame showing the requester's page, whose
/// script hands the answer to the page (`static/app.js`) as JSON in `answer_json`.
#[derive(Clone, Debug, Default)]
pub struct FrameInput {
    /// The frame's address; empty where no frame is served (the page says so).
    pub src: String,
    pub height: usize,
    /// The answer as sent (JSON), when the page comes back with an error.
    pub value: String,
}

/// The pseudonym a study link shows where no worker is (the requester's preview).
pub const EXAMPLE_PSEUDONYM: &str = "w-0123456789ab";

/// Two options side by side (`templates/task/pairwise.html`): radio buttons, so the
/// page works as a plain form; the script adds the ← → (and ↓ for a tie) keys.
#[derive(Clone, Debug, Default)]
pub struct PairInput {
    /// text, image or audio.
    pub show: &'static str,
    /// The prompt both options answer ("" without one).
    pub prompt: String,
    pub sides: Vec<PairSide>,
    /// Whether "tie" may be answered, and whether it was.
    pub tie: bool,
    pub tie_checked: bool,
}

/// One side of a comparison.
#[derive(Clone, Debug)]
pub struct PairSide {
    /// left or right: the answer.
    pub value: &'static str,
    /// The catalogue key of its heading.
    pub heading: &'static str,
    /// The key that picks it.
    pub key: &'static str,
    /// The option's text (show text).
    pub text: String,
    /// The option's image or sound (show image or audio).
    pub media: Option<ShownMedia>,
    pub checked: bool,
}

#[derive(Clone, Debug, Default)]
pub struct FormInputs {
    pub fields: Vec<FormInput>,
}

/// Media addresses a page may load: web addresses (http, https), same-site paths,
/// and inline `data:` media of the same type (no network, no script in a media element).
fn media_url(kind: MediaKind, url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    let ok = lower.starts_with("https://")
        || lower.starts_with("http://")
        || (u.starts_with('/') && !u.starts_with("//"))
        || lower.starts_with(&format!("data:{}/", kind.as_str()));
    ok.then(|| u.to_string())
}

/// A task-data field's name as people read it: "image_url" and "imageUrl" become
/// "Image url"; an acronym ("ID", "URL") keeps its capitals.
pub fn field_label(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        let boundary = c == '_' || c == '-' || c == ' ' || c == '.';
        if (boundary || (c.is_uppercase() && previous_lower)) && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if !boundary {
            word.push(c);
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
    }
    if !word.is_empty() {
        words.push(word);
    }
    let words: Vec<String> = words
        .into_iter()
        .map(|w| {
            let acronym = w.chars().count() > 1 && w.chars().all(|c| !c.is_lowercase());
            if acronym { w } else { w.to_lowercase() }
        })
        .collect();
    let mut label = words.join(" ");
    if let Some(first) = label.chars().next() {
        label.replace_range(..first.len_utf8(), &first.to_uppercase().to_string());
    }
    label
}

/// The item's fields shown as text: all but the media's and the image size, the
/// main text first (unlabelled, so it never reads as the value of the label above it).
fn item_fields(template: &Template, data: &Value) -> Vec<(String, String)> {
    let Value::Object(map) = data else {
        return Vec::new();
    };
    let media = template.media().map(|m| m.field());
    // Fields shown in their own places: the text spans are marked on (the marking
    // stage), a comparison's options and prompt.
    let shown_apart: Vec<&str> = match template {
        Template::Spans(t) => vec![t.text_field()],
        Template::Pairwise(p) => [p.left_field(), p.right_field()]
            .into_iter()
            .chain(p.prompt_field())
            .collect(),
        _ => Vec::new(),
    };
    let mut fields: Vec<(String, String)> = map
        .iter()
        .filter(|(key, _)| Some(key.as_str()) != media)
        .filter(|(key, _)| !shown_apart.contains(&key.as_str()))
        .filter(|(key, _)| *key != "image_width" && *key != "image_height")
        .map(|(key, value)| {
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let label = if key.eq_ignore_ascii_case("text") {
                String::new()
            } else {
                field_label(key)
            };
            (label, text)
        })
        .collect();
    fields.sort_by_key(|(label, _)| !label.is_empty());
    fields
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
    /// The task `data` under `template`, with the fields `sent` already filled in
    /// (what the worker sent, when it comes back with an error).
    pub fn new(template: &Template, data: &Value, sent: &Posted) -> TaskBody {
        TaskBody {
            kind: template.kind().as_str(),
            question: template.question().unwrap_or("").to_string(),
            data: item_fields(template, data),
            media: template
                .media()
                .filter(|_| {
                    !matches!(
                        template,
                        Template::BoundingBoxes(_) | Template::Polygons(_) | Template::Keypoints(_)
                    )
                })
                .map(|m| ShownMedia::of(m.kind(), data, m.field())),
            answer: AnswerInput::new(template, data, sent),
            veiled: false,
            outside_host: String::new(),
        }
    }

    /// This body for a worker, with the signed links of its uploaded media (see
    /// [`ShownMedia::with_links`]).
    pub fn with_links(mut self, links: &[crate::app::media::MediaLink]) -> TaskBody {
        self.media = self.media.map(|m| m.with_links(links));
        // A comparison's images or sounds: an uploaded file's signed link is not an outside host.
        if let AnswerInput::Pairwise(pair) = &mut self.answer {
            for side in &mut pair.sides {
                side.media = side.media.take().map(|mut m| {
                    m.outside_host = String::new();
                    m.with_links(links)
                });
            }
        }
        let stage = self.stage_image();
        if !stage.is_empty() && !links.iter().any(|l| l.url == stage) {
            self.outside_host = outside_host(stage);
        }
        self
    }

    /// Whether digit keys pick something on this task (the keyboard hint says so):
    /// the options of single and multi choice, up to the ninth.
    pub fn digit_keys(&self) -> bool {
        match &self.answer {
            AnswerInput::SingleChoice(c) | AnswerInput::MultiChoice(c) => {
                c.options.iter().any(|o| !o.key.is_empty())
            }
            _ => false,
        }
    }

    /// The study link for one worker: their own per-project pseudonym in it (the
    /// other pages show [`EXAMPLE_PSEUDONYM`]). Other kinds are left as they are.
    pub fn for_worker(mut self, template: &Template, pseudonym: &str) -> TaskBody {
        if let (AnswerInput::ExternalStudy(input), Template::ExternalStudy(t)) =
            (&mut self.answer, template)
        {
            input.link = t.link_for(pseudonym);
            input.pseudonym = pseudonym.to_string();
        }
        self
    }

    /// A custom HTML task's frame served from `src` (the worker's task, the
    /// requester's preview). Other kinds are left as they are.
    pub fn with_frame(mut self, src: String) -> TaskBody {
        if let AnswerInput::CustomHtml(input) = &mut self.answer {
            input.src = src;
        }
        self
    }

    /// The image boxes are drawn on ("" for other kinds, or when it cannot be shown).
    pub fn box_image(&self) -> &str {
        match &self.answer {
            AnswerInput::BoundingBoxes(b) => &b.image,
            _ => "",
        }
    }

    /// The image drawn on: boxes', polygons' or keypoints' ("" for other kinds, or
    /// when it cannot be shown).
    pub fn stage_image(&self) -> &str {
        match &self.answer {
            AnswerInput::BoundingBoxes(b) => &b.image,
            AnswerInput::Polygons(p) => &p.image,
            AnswerInput::Keypoints(k) => &k.image,
            _ => "",
        }
    }

    /// The item's media as the requester's pages show it: the task's media, or the
    /// image boxes, polygons or keypoints are drawn on.
    pub fn item_media(&self) -> Option<ShownMedia> {
        match &self.answer {
            AnswerInput::BoundingBoxes(_)
            | AnswerInput::Polygons(_)
            | AnswerInput::Keypoints(_) => Some(ShownMedia {
                kind: MediaKind::Image.as_str(),
                src: self.stage_image().to_string(),
                original: String::new(),
                outside_host: String::new(),
            }),
            _ => self.media.clone(),
        }
    }
}

impl AnswerInput {
    fn new(template: &Template, data: &Value, sent: &Posted) -> AnswerInput {
        let chosen = sent.all("answer");
        let chosen: Vec<&str> = chosen.iter().map(String::as_str).collect();
        let options_of = |options: Vec<Choice>| Choices {
            options,
            min: 1,
            max: 1,
        };
        match template {
            Template::SingleChoice(t) => AnswerInput::SingleChoice(options_of(choices(
                t.options().iter().map(|o| (o.value(), o.label())),
                &chosen,
            ))),
            Template::MultiChoice(t) => AnswerInput::MultiChoice(Choices {
                options: choices(t.options().iter().map(|o| (o.value(), o.label())), &chosen),
                min: t.min_selected(),
                max: t.max_selected(),
            }),
            Template::Rating(t) => AnswerInput::Rating(options_of(scale(t, &chosen))),
            Template::Text(t) => AnswerInput::Text(TextInput {
                multiline: t.multiline(),
                max_length: t.max_length(),
                value: sent.get("answer").to_string(),
            }),
            Template::BoundingBoxes(t) => AnswerInput::BoundingBoxes(BoxInput {
                image: ShownMedia::of(MediaKind::Image, data, t.image_field()).src,
                labels: t.labels().to_vec(),
                min: t.min_boxes(),
                max: t.max_boxes(),
                value: sent.get("answer_json").to_string(),
            }),
            Template::Form(t) => AnswerInput::FormFields(FormInputs {
                fields: t.fields().iter().map(|f| form_input(f, sent)).collect(),
            }),
            Template::Spans(t) => AnswerInput::Spans(SpanInput {
                text: t.text_of(data).unwrap_or_default().to_string(),
                labels: choices(t.labels().iter().map(|l| (l.as_str(), l.as_str())), &[]),
                min: t.min_spans(),
                max: t.max_spans(),
                value: sent.get("answer_json").to_string(),
            }),
            Template::ExternalStudy(t) => AnswerInput::ExternalStudy(StudyInput {
                link: t.link_for(EXAMPLE_PSEUDONYM),
                host: url_host(t.study_url()),
                pseudonym: EXAMPLE_PSEUDONYM.to_string(),
                value: sent.get("answer").to_string(),
            }),
            Template::CustomHtml(t) => AnswerInput::CustomHtml(FrameInput {
                src: String::new(),
                height: t.height(),
                value: sent.get("answer_json").to_string(),
            }),
            Template::Pairwise(t) => AnswerInput::Pairwise(pair_input(t, data, &chosen)),
            Template::Polygons(t) => AnswerInput::Polygons(PolygonInput {
                image: ShownMedia::of(MediaKind::Image, data, t.image_field()).src,
                labels: choices(t.labels().iter().map(|l| (l.as_str(), l.as_str())), &[]),
                min: t.min_polygons(),
                max: t.max_polygons(),
                min_points: t.min_points(),
                value: sent.get("answer_json").to_string(),
            }),
            Template::Keypoints(t) => AnswerInput::Keypoints(keypoint_input(t, data, sent)),
            Template::Segments(t) => AnswerInput::Segments(segment_input(t, sent)),
        }
    }
}

fn segment_input(t: &Segments, sent: &Posted) -> SegmentInput {
    SegmentInput {
        labels: choices(t.labels().iter().map(|l| (l.as_str(), l.as_str())), &[]),
        min: t.min_segments(),
        max: t.max_segments(),
        allow_overlap: t.allow_overlap(),
        value: sent.get("answer_json").to_string(),
    }
}

/// The skeleton's points, with its edges as pairs of indexes for the script.
fn keypoint_input(t: &Keypoints, data: &Value, sent: &Posted) -> KeypointInput {
    let index = |name: &str| t.points().iter().position(|p| p == name);
    let edges: Vec<[usize; 2]> = t
        .edges()
        .iter()
        .filter_map(|[a, b]| Some([index(a)?, index(b)?]))
        .collect();
    KeypointInput {
        image: ShownMedia::of(MediaKind::Image, data, t.image_field()).src,
        points: choices(t.points().iter().map(|p| (p.as_str(), p.as_str())), &[]),
        edges: serde_json::to_string(&edges).unwrap_or_else(|_| "[]".into()),
        value: sent.get("answer_json").to_string(),
    }
}

/// The two options of a comparison from the item's fields.
fn pair_input(t: &Pairwise, data: &Value, chosen: &[&str]) -> PairInput {
    let side = |preference: Preference, heading, key| {
        let content = t.option(data, preference).unwrap_or_default();
        let value = preference.as_str();
        let media = match t.show() {
            PairwiseShow::Text => None,
            PairwiseShow::Image => Some(MediaKind::Image),
            PairwiseShow::Audio => Some(MediaKind::Audio),
        };
        PairSide {
            value,
            heading,
            key,
            media: media.map(|kind| {
                let src = media_url(kind, &content).unwrap_or_default();
                ShownMedia {
                    kind: kind.as_str(),
                    outside_host: outside_host(&src),
                    original: String::new(),
                    src,
                }
            }),
            text: if media.is_none() {
                content
            } else {
                String::new()
            },
            checked: chosen.contains(&value),
        }
    };
    PairInput {
        show: t.show().as_str(),
        prompt: t
            .prompt_field()
            .and_then(|field| data.get(field))
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .unwrap_or_default(),
        sides: vec![
            side(Preference::Left, "pairwise-left", "←"),
            side(Preference::Right, "pairwise-right", "→"),
        ],
        tie: t.allow_tie(),
        tie_checked: chosen.contains(&"tie"),
    }
}

/// The points of a rating scale, each with its label if it has one.
fn scale(t: &Rating, chosen: &[&str]) -> Vec<Choice> {
    (t.min()..=t.max())
        .map(|p| Choice {
            value: p.to_string(),
            label: t.labels().get(&p).cloned().unwrap_or_default(),
            // Digit keys would be ambiguous on scales from 0 or past 9: none.
            key: String::new(),
            checked: chosen.contains(&p.to_string().as_str()),
        })
        .collect()
}

fn form_input(f: &FormField, sent: &Posted) -> FormInput {
    let value = sent.get(&format!("f_{}", f.name())).to_string();
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
}

/// The host of an address ("survey.example.org" of "https://survey.example.org/s?x").
fn url_host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host)
        .to_string()
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
pub fn answer_from_fields(template: &Template, sent: &Posted) -> Value {
    let answers = sent.all("answer");
    match template {
        Template::SingleChoice(_) | Template::Pairwise(_) => answers
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
        Template::BoundingBoxes(_)
        | Template::Spans(_)
        | Template::CustomHtml(_)
        | Template::Polygons(_)
        | Template::Keypoints(_)
        | Template::Segments(_) => sent
            .all("answer_json")
            .first()
            .and_then(|v| serde_json::from_str(v).ok())
            .unwrap_or(Value::Null),
        Template::Form(_) => {
            let mut map = Map::new();
            for (k, v) in sent.pairs() {
                if let Some(name) = k.strip_prefix("f_") {
                    map.insert(name.to_string(), Value::String(v.replace("\r\n", "\n")));
                }
            }
            Value::Object(map)
        }
        Template::ExternalStudy(_) => answers
            .first()
            .map(|code| serde_json::json!({"completion_code": code}))
            .unwrap_or(Value::Null),
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
        Value::Object(map) if map.contains_key("spans") => spans_text(map.get("spans")),
        Value::Object(map) if map.contains_key("segments") => segments_text(map.get("segments")),
        Value::Object(map) if map.contains_key("polygons") => polygons_text(map.get("polygons")),
        Value::Object(map) if matches!(template, Some(Template::Keypoints(_))) => {
            keypoints_text(map.get("points"))
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

/// Drawn polygons as text: `2 ⬠ car (4 pts); road (5 pts)`.
fn polygons_text(polygons: Option<&Value>) -> String {
    let polygons = polygons
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let drawn: Vec<String> = polygons
        .iter()
        .map(|p| {
            let label = p.get("label").and_then(Value::as_str).unwrap_or("?");
            let points = p
                .get("points")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            format!("{label} ({points} pts)")
        })
        .collect();
    format!("{} ⬠ {}", polygons.len(), drawn.join("; "))
}

/// Placed keypoints as text: `2/3 ⌖ nose (50, 20); left_ear (40, 5); tail —`.
fn keypoints_text(points: Option<&Value>) -> String {
    let Some(points) = points.and_then(Value::as_object) else {
        return String::new();
    };
    let mut visible = 0;
    let placed: Vec<String> = points
        .iter()
        .map(|(name, p)| match (p.get("x"), p.get("y")) {
            (Some(x), Some(y)) if p.get("visible") != Some(&Value::Bool(false)) => {
                visible += 1;
                format!("{name} ({}, {})", number_of(x), number_of(y))
            }
            _ => format!("{name} —"),
        })
        .collect();
    format!("{visible}/{} ⌖ {}", points.len(), placed.join("; "))
}

/// A coordinate as a short text: whole numbers without a fraction, others to 0.1.
fn number_of(value: &Value) -> String {
    match value.as_f64() {
        Some(v) if v.fract() == 0.0 => number_text(Some(v)),
        Some(v) => format!("{v:.1}"),
        None => value.to_string(),
    }
}

/// Marked spans as text: `2 ⌶ “Ana” person; “Lyon” place`.
fn spans_text(spans: Option<&Value>) -> String {
    let spans = spans.and_then(Value::as_array).cloned().unwrap_or_default();
    let marked: Vec<String> = spans
        .iter()
        .map(|s| {
            let covered = match s.get("text").and_then(Value::as_str) {
                Some(text) => format!("“{text}”"),
                None => format!(
                    "{}–{}",
                    s.get("start").map(|v| v.to_string()).unwrap_or_default(),
                    s.get("end").map(|v| v.to_string()).unwrap_or_default()
                ),
            };
            let label = s.get("label").and_then(Value::as_str).unwrap_or("?");
            format!("{covered} {label}")
        })
        .collect();
    format!("{} ⌶ {}", spans.len(), marked.join("; "))
}

/// Marked segments as text: `2 ⏱ 0–2.5 s alice; 2.5–4.1 s bob`.
fn segments_text(segments: Option<&Value>) -> String {
    let segments = segments
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let marked: Vec<String> = segments
        .iter()
        .map(|s| {
            let time = |key| s.get(key).map(Value::to_string).unwrap_or_default();
            let label = s.get("label").and_then(Value::as_str).unwrap_or("?");
            format!("{}–{} s {label}", time("start"), time("end"))
        })
        .collect();
    format!("{} ⏱ {}", segments.len(), marked.join("; "))
}

/// Example task data for the preview of a project that has no items yet.
pub fn sample_data(template: &Template) -> Value {
    let mut map = Map::new();
    for (field, kind) in template.media_fields() {
        let url = match kind {
            MediaKind::Image => {
                "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='320' height='200'%3E%3Crect width='320' height='200' fill='%23dde3ea'/%3E%3Ccircle cx='110' cy='100' r='40' fill='%2390a4b8'/%3E%3Crect x='180' y='60' width='90' height='90' fill='%23b8c6d4'/%3E%3C/svg%3E"
            }
            MediaKind::Audio | MediaKind::Video => "",
        };
        map.insert(field.to_string(), Value::String(url.to_string()));
    }
    if let Template::Pairwise(p) = template {
        let sample = match p.show() {
            PairwiseShow::Text => "…",
            PairwiseShow::Image | PairwiseShow::Audio => "",
        };
        for field in [p.left_field(), p.right_field()] {
            map.insert(field.to_string(), Value::String(sample.to_string()));
        }
        return Value::Object(map);
    }
    if let Template::Spans(t) = template {
        map.insert(
            t.text_field().into(),
            Value::String("Ana Rakoto flew from Antananarivo to Lyon on Monday.".into()),
        );
    } else if map.is_empty() || matches!(template, Template::Text(_)) {
        map.insert("text".into(), Value::String("…".into()));
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn polygon_and_keypoint_answers_read_as_short_text_over_their_image() {
        let polygons = Template::parse(&json!({"kind": "polygons", "labels": ["car", "road"],
            "media": {"type": "image", "field": "photo"}}))
        .expect("a template");
        let answer = json!({"polygons": [
            {"label": "car", "points": [[0, 0], [10, 0], [10, 10], [0, 10]]},
            {"label": "road", "points": [[0, 0], [5, 0], [0, 5]]}]});
        assert_eq!(
            answer_text(Some(&polygons), &answer),
            "2 ⬠ car (4 pts); road (3 pts)"
        );
        let skeleton = Template::parse(&json!({"kind": "keypoints", "points": ["nose", "tail"],
            "media": {"type": "image", "field": "photo"}}))
        .expect("a template");
        let answer = json!({"points": {"nose": {"x": 50, "y": 20.25, "visible": true},
            "tail": {"visible": false}}});
        assert_eq!(
            answer_text(Some(&skeleton), &answer),
            "1/2 ⌖ nose (50, 20.2); tail —"
        );
        let body = TaskBody::new(
            &skeleton,
            &json!({"photo": "https://img.test/k1.jpg"}),
            &Posted::default(),
        );
        assert!(
            body.media.is_none(),
            "the image is the stage, not media above it"
        );
        assert_eq!(
            body.item_media().map(|m| m.src),
            Some("https://img.test/k1.jpg".to_string())
        );
        let AnswerInput::Keypoints(input) = &body.answer else {
            panic!("keypoint inputs")
        };
        assert_eq!(input.edges, "[]");
        assert_eq!(input.points[1].key, "2");
    }

    #[test]
    fn field_names_read_as_words() {
        assert_eq!(field_label("image_url"), "Image url");
        assert_eq!(field_label("reviewTitle"), "Review title");
        assert_eq!(field_label("IMAGE_URL"), "IMAGE URL");
        assert_eq!(field_label("product-ID"), "Product ID");
        assert_eq!(field_label("x"), "X");
        assert_eq!(field_label("été_2"), "Été 2");
    }

    #[test]
    fn only_web_addresses_and_inline_media_of_the_same_type_are_loaded() {
        let image = MediaKind::Image;
        assert_eq!(
            media_url(image, " https://example.org/a.png "),
            Some("https://example.org/a.png".into())
        );
        assert_eq!(
            media_url(image, "HTTP://example.org/a.png"),
            Some("HTTP://example.org/a.png".into())
        );
        assert_eq!(
            media_url(image, "/static/a.png"),
            Some("/static/a.png".into())
        );
        for refused in [
            "img11.png",
            "//evil.example/a.png",
            "javascript:alert(1)",
            "ftp://example.org/a.png",
            "data:text/html,<b>",
            "",
        ] {
            assert_eq!(media_url(image, refused), None, "{refused}");
        }
        assert!(media_url(MediaKind::Audio, "data:audio/wav;base64,AAAA").is_some());
        assert_eq!(
            media_url(MediaKind::Audio, "data:image/png;base64,AAAA"),
            None
        );
    }

    #[test]
    fn the_media_field_is_shown_as_media_and_not_as_text() {
        let template = Template::parse(&json!({"kind": "single_choice", "options": ["cat", "dog"],
            "media": {"type": "image", "field": "image_url"}}))
        .expect("a template");
        let body = TaskBody::new(
            &template,
            &json!({"image_url": "http://x.test/img11.png", "text": "Look", "shot_by": "Ana"}),
            &Posted::default(),
        );
        let media = body.media.clone().expect("the media");
        assert_eq!(
            (media.kind, media.src.as_str()),
            ("image", "http://x.test/img11.png")
        );
        assert_eq!(
            body.data,
            vec![
                (String::new(), "Look".to_string()),
                ("Shot by".to_string(), "Ana".to_string())
            ]
        );
        assert!(body.digit_keys());
        let unusable = TaskBody::new(
            &template,
            &json!({"image_url": "img11.png"}),
            &Posted::default(),
        );
        assert_eq!(unusable.media.map(|m| m.src), Some(String::new()));
    }
}
