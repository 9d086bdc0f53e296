//! The project form: every field of a project as the text a requester types,
//! turned into the API's `ProjectInput` (template included) and back. The
//! checking itself is `ProjectSpec::parse`/`apply` and `Template::parse`, by way
//! of the API handlers; this module only maps their problem paths back to the
//! form's fields so each message shows next to what caused it.

use super::auth::Errors;
use super::extract::Posted;
use super::form_fields::{self, FieldRow};
use super::i18n::Tr;
use handprint_core::eligibility::{EligibilityInput, RequirementInput};
use handprint_core::money::Currency;
use handprint_core::project::{ProjectInput, ProjectSpec};
use serde_json::{Map, Value, json};

#[derive(Clone, Debug, Default)]
pub struct ProjectForm {
    pub title: String,
    pub description: String,
    pub instructions: String,
    pub purpose: String,
    pub end_uses: Vec<String>,
    pub sensitive: Vec<String>,
    pub reward: String,
    pub estimated_seconds: String,
    pub answers_per_task: String,
    pub lease_seconds: String,
    pub review_window_seconds: String,
    pub language: String,
    pub kind: String,
    pub question: String,
    pub options: String,
    pub min_selected: String,
    pub max_selected: String,
    pub media_type: String,
    pub media_field: String,
    pub max_length: String,
    pub multiline: bool,
    pub rating_min: String,
    pub rating_max: String,
    pub rating_labels: String,
    pub image_field: String,
    pub box_labels: String,
    pub min_boxes: String,
    pub max_boxes: String,
    /// Spans: the item field with the text, and the labels (one a line).
    pub span_text_field: String,
    pub span_labels: String,
    /// Custom HTML: the requester's page, the frame's height, and the answer's JSON Schema.
    pub custom_html: String,
    pub custom_height: String,
    pub custom_answer_schema: String,
    /// Segments: the labels (one a line) and whether a worker's segments may overlap;
    /// the recording is the media above.
    pub seg_labels: String,
    pub seg_overlap: bool,
    /// Polygons: the labels (one a line); the image is the media above.
    pub poly_labels: String,
    /// Keypoints: the skeleton's point names (one a line), its edges (one pair a line,
    /// `nose - left_eye`) and what it is of; the image is the media above.
    pub kp_points: String,
    pub kp_edges: String,
    pub kp_category: String,
    /// The fields of a `form` template, one row each (see `form_fields`).
    pub form_fields: Vec<FieldRow>,
    /// Eligibility: country codes, separated by commas or spaces ("FR, BE").
    pub elig_countries: String,
    /// Eligibility: ISO 639-1 language codes ("fr, en").
    pub elig_languages: String,
    /// Eligibility: one qualification a line, its id and the minimum score ("ID 60").
    pub elig_qualifications: String,
    /// Eligibility: only workers on the organisation's include list.
    pub elig_included_only: bool,
    /// The share of control items, in percent.
    pub control_rate: String,
    /// The quality rules as JSON (the API's `quality_rules`).
    pub quality_rules: String,
}

fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

impl ProjectForm {
    pub fn blank() -> ProjectForm {
        ProjectForm {
            answers_per_task: "3".into(),
            lease_seconds: "600".into(),
            review_window_seconds: handprint_core::review::DEFAULT_REVIEW_WINDOW_SECONDS
                .to_string(),
            language: "en".into(),
            control_rate: "0".into(),
            quality_rules: "[]".into(),
            kind: "single_choice".into(),
            multiline: true,
            form_fields: vec![FieldRow::blank("0")],
            ..ProjectForm::default()
        }
    }

    pub fn from_posted(f: &Posted) -> ProjectForm {
        let s = |n: &str| f.get(n).to_string();
        ProjectForm {
            title: s("title"),
            description: s("description"),
            instructions: s("instructions").replace("\r\n", "\n"),
            purpose: s("purpose"),
            end_uses: f.all("end_uses"),
            sensitive: f.all("sensitive_content"),
            reward: s("reward"),
            estimated_seconds: s("estimated_seconds"),
            answers_per_task: s("answers_per_task"),
            lease_seconds: s("lease_seconds"),
            review_window_seconds: s("review_window_seconds"),
            language: s("language"),
            kind: s("kind"),
            question: s("question"),
            options: s("options").replace("\r\n", "\n"),
            min_selected: s("min_selected"),
            max_selected: s("max_selected"),
            media_type: s("media_type"),
            media_field: s("media_field"),
            max_length: s("max_length"),
            multiline: !f.get("multiline").is_empty(),
            rating_min: s("rating_min"),
            rating_max: s("rating_max"),
            rating_labels: s("rating_labels").replace("\r\n", "\n"),
            image_field: s("image_field"),
            box_labels: s("box_labels").replace("\r\n", "\n"),
            min_boxes: s("min_boxes"),
            max_boxes: s("max_boxes"),
            span_text_field: s("span_text_field"),
            span_labels: s("span_labels").replace("\r\n", "\n"),
            custom_html: s("custom_html").replace("\r\n", "\n"),
            custom_height: s("custom_height"),
            custom_answer_schema: s("custom_answer_schema").replace("\r\n", "\n"),
            seg_labels: s("seg_labels").replace("\r\n", "\n"),
            seg_overlap: !f.get("seg_overlap").is_empty(),
            poly_labels: s("poly_labels").replace("\r\n", "\n"),
            kp_points: s("kp_points").replace("\r\n", "\n"),
            kp_edges: s("kp_edges").replace("\r\n", "\n"),
            kp_category: s("kp_category"),
            form_fields: form_fields::from_posted(f),
            elig_countries: s("elig_countries"),
            elig_languages: s("elig_languages"),
            elig_qualifications: s("elig_qualifications").replace("\r\n", "\n"),
            elig_included_only: !f.get("elig_included_only").is_empty(),
            control_rate: s("control_rate"),
            quality_rules: s("quality_rules").replace("\r\n", "\n"),
        }
    }

    pub fn from_spec(spec: &ProjectSpec, currency: &Currency) -> ProjectForm {
        let mut f = ProjectForm {
            title: spec.title.clone(),
            description: spec.description.clone(),
            instructions: spec.instructions.clone(),
            purpose: spec.purpose.clone().unwrap_or_default(),
            end_uses: spec
                .end_uses
                .iter()
                .map(|e| e.as_str().to_string())
                .collect(),
            sensitive: spec
                .sensitive_content
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
            reward: spec.reward.map(|m| m.format(currency)).unwrap_or_default(),
            estimated_seconds: spec
                .estimated_seconds
                .map(|s| s.to_string())
                .unwrap_or_default(),
            answers_per_task: spec.answers_per_task.to_string(),
            lease_seconds: spec.lease_seconds.to_string(),
            review_window_seconds: spec.review_window_seconds.to_string(),
            language: spec.language.clone(),
            kind: String::new(),
            multiline: true,
            elig_countries: spec
                .eligibility
                .countries
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            elig_languages: spec
                .eligibility
                .languages
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            elig_qualifications: spec
                .eligibility
                .qualifications
                .iter()
                .map(|r| format!("{} {}", r.id, r.min_score))
                .collect::<Vec<_>>()
                .join("\n"),
            elig_included_only: spec.eligibility.included_only,
            control_rate: spec.control_rate.to_string(),
            quality_rules: rules_text(&spec.quality_rules),
            ..ProjectForm::default()
        };
        let Some(template) = &spec.template else {
            return f;
        };
        let v = serde_json::to_value(template).unwrap_or(Value::Null);
        f.kind = text_of(v.get("kind"));
        f.question = text_of(v.get("question"));
        if f.kind != "bounding_boxes" {
            f.media_type = text_of(v.pointer("/media/type"));
            f.media_field = text_of(v.pointer("/media/field"));
        }
        f.fill_template(&v);
        f
    }

    /// The kind's own inputs from a stored template (as JSON).
    fn fill_template(&mut self, v: &Value) {
        let f = self;
        let options_text = form_fields::options_text;
        match f.kind.as_str() {
            "single_choice" | "multi_choice" => {
                f.options = options_text(v.get("options"));
                f.min_selected = text_of(v.get("min_selected"));
                f.max_selected = text_of(v.get("max_selected"));
            }
            "text" => {
                f.max_length = text_of(v.get("max_length"));
                f.multiline = v.get("multiline").and_then(Value::as_bool).unwrap_or(false);
            }
            "rating" => {
                f.rating_min = text_of(v.get("min"));
                f.rating_max = text_of(v.get("max"));
                f.rating_labels = v
                    .get("labels")
                    .and_then(Value::as_object)
                    .map(|m| {
                        m.iter()
                            .map(|(k, l)| format!("{k} = {}", text_of(Some(l))))
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .unwrap_or_default();
            }
            "bounding_boxes" => {
                f.image_field = text_of(v.get("image_field"));
                f.box_labels = v
                    .get("labels")
                    .and_then(Value::as_array)
                    .map(|l| {
                        l.iter()
                            .map(|x| text_of(Some(x)))
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .unwrap_or_default();
                f.min_boxes = text_of(v.get("min_boxes"));
                f.max_boxes = text_of(v.get("max_boxes"));
            }
            "form" => f.form_fields = form_fields::from_template(v.get("fields")),
            "spans" => {
                f.span_text_field = text_of(v.get("text_field"));
                f.span_labels = lines_of(v.get("labels"));
            }
            "custom_html" => {
                f.custom_html = text_of(v.get("html"));
                f.custom_height = text_of(v.get("height"));
                f.custom_answer_schema = v
                    .get("answer_schema")
                    .and_then(|schema| serde_json::to_string_pretty(schema).ok())
                    .unwrap_or_default();
            }
            "segments" => {
                f.seg_labels = lines_of(v.get("labels"));
                f.seg_overlap = v
                    .get("allow_overlap")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
            }
            "polygons" => f.poly_labels = lines_of(v.get("labels")),
            "keypoints" => {
                f.kp_points = lines_of(v.get("points"));
                f.kp_edges = edges_text(v.get("edges"));
                f.kp_category = text_of(v.get("category"));
            }
            _ => {}
        }
    }

    /// The template definition the form describes (None when no kind is chosen).
    pub fn template_json(&self, tr: &Tr, errors: &mut Errors) -> Option<Value> {
        let kind = self.kind.trim();
        if kind.is_empty() {
            return None;
        }
        let mut t = Map::new();
        t.insert("kind".into(), json!(kind));
        if !self.question.trim().is_empty() {
            t.insert("question".into(), json!(self.question.trim()));
        }
        let mut number = |t: &mut Map<String, Value>, key: &str, text: &str, name: &str| {
            let text = text.trim();
            if text.is_empty() {
                return;
            }
            match text.parse::<i64>() {
                Ok(n) => {
                    t.insert(key.into(), json!(n));
                }
                Err(_) => errors.push(name, tr.t1("form-not-whole-number", "value", text)),
            }
        };
        // Bounding boxes name their image in `image_field`; every other kind may show media.
        if kind != "bounding_boxes" && !self.media_type.trim().is_empty() {
            t.insert(
                "media".into(),
                json!({"type": self.media_type.trim(), "field": self.media_field.trim()}),
            );
        }
        let lines = non_empty_lines;
        match kind {
            "single_choice" | "multi_choice" => {
                let options: Vec<Value> = lines(&self.options)
                    .into_iter()
                    .map(|l| match l.split_once('|') {
                        Some((v, label)) => json!({"value": v.trim(), "label": label.trim()}),
                        None => json!(l),
                    })
                    .collect();
                t.insert("options".into(), Value::Array(options));
                if kind == "multi_choice" {
                    number(&mut t, "min_selected", &self.min_selected, "min_selected");
                    number(&mut t, "max_selected", &self.max_selected, "max_selected");
                }
            }
            "text" => {
                number(&mut t, "max_length", &self.max_length, "max_length");
                t.insert("multiline".into(), json!(self.multiline));
            }
            "rating" => {
                number(&mut t, "min", &self.rating_min, "rating_min");
                number(&mut t, "max", &self.rating_max, "rating_max");
                let mut labels = Map::new();
                for l in lines(&self.rating_labels) {
                    match l.split_once('=') {
                        Some((p, label)) => {
                            labels.insert(p.trim().to_string(), json!(label.trim()));
                        }
                        None => errors
                            .push("rating_labels", tr.t1("form-rating-label-shape", "line", l)),
                    }
                }
                t.insert("labels".into(), Value::Object(labels));
            }
            "bounding_boxes" => {
                t.insert("image_field".into(), json!(self.image_field.trim()));
                t.insert("labels".into(), json!(lines(&self.box_labels)));
                number(&mut t, "min_boxes", &self.min_boxes, "min_boxes");
                number(&mut t, "max_boxes", &self.max_boxes, "max_boxes");
            }
            "spans" => self.spans_settings(&mut t),
            "custom_html" => self.custom_settings(&mut t, tr, errors),
            "segments" | "polygons" | "keypoints" => self.marks_settings(kind, &mut t, tr, errors),
            "form" => {
                t.insert(
                    "fields".into(),
                    form_fields::to_json(&self.form_fields, tr, errors),
                );
            }
            _ => {}
        }
        Some(Value::Object(t))
    }

    /// A custom HTML template's page, frame height (a whole number, said when not) and
    /// answer schema (JSON, said when not).
    fn custom_settings(&self, t: &mut Map<String, Value>, tr: &Tr, errors: &mut Errors) {
        t.insert("html".into(), json!(self.custom_html));
        let height = self.custom_height.trim();
        if !height.is_empty() {
            match height.parse::<i64>() {
                Ok(n) => {
                    t.insert("height".into(), json!(n));
                }
                Err(_) => errors.push(
                    "custom_height",
                    tr.t1("form-not-whole-number", "value", height),
                ),
            }
        }
        let text = self.custom_answer_schema.trim();
        if text.is_empty() {
            return;
        }
        match serde_json::from_str::<Value>(text) {
            Ok(schema) => {
                t.insert("answer_schema".into(), schema);
            }
            Err(e) => errors.push(
                "custom_answer_schema",
                tr.t1("form-custom-schema-json", "why", e.to_string()),
            ),
        }
    }

    /// A spans template's own settings: the text's field (when given) and the labels.
    fn spans_settings(&self, t: &mut Map<String, Value>) {
        if !self.span_text_field.trim().is_empty() {
            t.insert("text_field".into(), json!(self.span_text_field.trim()));
        }
        t.insert("labels".into(), json!(non_empty_lines(&self.span_labels)));
    }

    /// The settings of the kinds marked on media: segments, polygons and keypoints.
    fn marks_settings(&self, kind: &str, t: &mut Map<String, Value>, tr: &Tr, errors: &mut Errors) {
        match kind {
            "segments" => self.segments_settings(t),
            "polygons" => {
                t.insert("labels".into(), json!(non_empty_lines(&self.poly_labels)));
            }
            _ => self.keypoints_settings(t, tr, errors),
        }
    }

    /// A keypoints template's own settings: the point names, the edges (each line two
    /// names joined by " - ", said when not) and the category (when given).
    fn keypoints_settings(&self, t: &mut Map<String, Value>, tr: &Tr, errors: &mut Errors) {
        t.insert("points".into(), json!(non_empty_lines(&self.kp_points)));
        let mut edges = Vec::new();
        for line in non_empty_lines(&self.kp_edges) {
            match line.split_once(" - ") {
                Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                    edges.push(json!([a.trim(), b.trim()]));
                }
                _ => errors.push("kp_edges", tr.t1("form-kp-edge-shape", "line", line)),
            }
        }
        if !edges.is_empty() {
            t.insert("edges".into(), Value::Array(edges));
        }
        if !self.kp_category.trim().is_empty() {
            t.insert("category".into(), json!(self.kp_category.trim()));
        }
    }

    /// A segments template's own settings: the labels and the overlap switch (the
    /// recording is the media, set for every kind).
    fn segments_settings(&self, t: &mut Map<String, Value>) {
        t.insert("labels".into(), json!(non_empty_lines(&self.seg_labels)));
        t.insert("allow_overlap".into(), json!(self.seg_overlap));
    }

    /// The input of `app::projects::create` and `update` (the API reads the same
    /// from JSON). `frozen`: the project is published, so the
    /// template, overlap and reward are not sent (they may no longer change).
    pub fn to_input(&self, tr: &Tr, frozen: bool, errors: &mut Errors) -> ProjectInput {
        let opt = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        };
        let mut int = |s: &str, name: &str| -> Option<i64> {
            let s = s.trim();
            if s.is_empty() {
                return None;
            }
            match s.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.push(name, tr.t1("form-not-whole-number", "value", s));
                    None
                }
            }
        };
        let estimated_seconds = int(&self.estimated_seconds, "estimated_seconds");
        let answers_per_task = int(&self.answers_per_task, "answers_per_task");
        let lease_seconds = int(&self.lease_seconds, "lease_seconds");
        let review_window_seconds = int(&self.review_window_seconds, "review_window_seconds");
        let control_rate = int(&self.control_rate, "control_rate");
        let quality_rules = self.rules_input(tr, errors);
        let template = if frozen {
            None
        } else {
            self.template_json(tr, errors)
        };
        ProjectInput {
            title: Some(self.title.clone()),
            description: Some(self.description.clone()),
            instructions: Some(self.instructions.clone()),
            template,
            purpose: opt(&self.purpose),
            end_uses: Some(self.end_uses.clone()),
            sensitive_content: Some(self.sensitive.clone()),
            reward: if frozen { None } else { opt(&self.reward) },
            estimated_seconds,
            answers_per_task: if frozen { None } else { answers_per_task },
            lease_seconds,
            language: opt(&self.language),
            review_window_seconds,
            eligibility: Some(self.eligibility_input(tr, errors)),
            // Dynamic overlap is set through the API; the form leaves it as it is.
            overlap: None,
            control_rate,
            quality_rules,
        }
    }

    /// The quality rules typed as JSON (empty: no rules).
    fn rules_input(&self, tr: &Tr, errors: &mut Errors) -> Option<Value> {
        let text = self.quality_rules.trim();
        if text.is_empty() {
            return Some(Value::Array(Vec::new()));
        }
        match serde_json::from_str::<Value>(text) {
            Ok(v) => Some(v),
            Err(e) => {
                errors.push(
                    "quality_rules",
                    tr.t1("form-rules-json", "problem", e.to_string()),
                );
                None
            }
        }
    }

    /// The eligibility the three inputs describe (the whole of it: empty inputs
    /// restrict nothing).
    fn eligibility_input(&self, tr: &Tr, errors: &mut Errors) -> EligibilityInput {
        let words = |text: &str| -> Vec<String> {
            text.split(|c: char| c == ',' || c.is_whitespace())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        };
        let mut qualifications = Vec::new();
        for line in non_empty_lines(&self.elig_qualifications) {
            let mut parts = line.split_whitespace();
            let id = parts.next().unwrap_or_default().to_string();
            let min_score = match parts.next() {
                None => None,
                Some(n) => match n.parse::<i64>() {
                    Ok(n) => Some(n),
                    Err(_) => {
                        errors.push(
                            "elig_qualifications",
                            tr.t1("form-not-whole-number", "value", n),
                        );
                        None
                    }
                },
            };
            qualifications.push(RequirementInput { id, min_score });
        }
        EligibilityInput {
            countries: Some(words(&self.elig_countries)),
            languages: Some(words(&self.elig_languages)),
            qualifications: Some(qualifications),
            included_only: Some(self.elig_included_only),
        }
    }

    pub fn has_end_use(&self, e: &str) -> bool {
        self.end_uses.iter().any(|x| x == e)
    }
    pub fn has_sensitive(&self, s: &str) -> bool {
        self.sensitive.iter().any(|x| x == s)
    }

    /// Which input a problem path belongs to; a form template's field
    /// problems go to their own row's input.
    pub fn input_for_path(&self, path: &str) -> String {
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match parts.as_slice() {
            ["template", "fields", rest @ ..] if self.kind == "form" => {
                form_fields::input_for_path(&self.form_fields, rest)
            }
            _ => field_for_path(path, &self.kind),
        }
    }
}

/// Quality rules as the form shows them: pretty JSON, one rule a line.
fn rules_text(rules: &[handprint_core::quality::QualityRule]) -> String {
    let lines: Vec<String> = rules
        .iter()
        .map(|r| handprint_core::quality::rules_json(std::slice::from_ref(r))[0].to_string())
        .collect();
    if lines.is_empty() {
        "[]".into()
    } else {
        format!("[\n{}\n]", lines.join(",\n"))
    }
}

/// The lines of a text area that hold something, trimmed.
/// A skeleton's edges, one a line as `a - b` (empty when absent).
fn edges_text(edges: Option<&Value>) -> String {
    edges
        .and_then(Value::as_array)
        .map(|edges| {
            edges
                .iter()
                .filter_map(|e| Some(format!("{} - {}", e[0].as_str()?, e[1].as_str()?)))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

/// A list of strings in a definition, one a line (empty when absent).
fn lines_of(list: Option<&Value>) -> String {
    list.and_then(Value::as_array)
        .map(|l| l.iter().map(|x| text_of(Some(x))).collect::<Vec<_>>())
        .unwrap_or_default()
        .join("\n")
}

fn non_empty_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Which form field a problem path (from `ProjectSpec` or `Template`) belongs to.
pub fn field_for_path(path: &str, kind: &str) -> String {
    let mut parts = path.trim_start_matches('/').split('/');
    let first = parts.next().unwrap_or("");
    if first != "template" {
        return match first {
            "sensitive_content" => "sensitive_content".into(),
            "eligibility" => format!("elig_{}", parts.next().unwrap_or("countries")),
            "quality_rules" => "quality_rules".into(),
            other => other.to_string(),
        };
    }
    let key = parts.next().unwrap_or("");
    match (key, kind) {
        ("" | "kind", _) => "kind",
        ("question", _) => "question",
        ("options", _) => "options",
        ("min_selected", _) => "min_selected",
        ("max_selected", _) => "max_selected",
        ("media", "bounding_boxes") => "image_field",
        ("media", _) => "media_field",
        ("max_length", _) => "max_length",
        ("min", _) => "rating_min",
        ("max", _) => "rating_max",
        ("labels", "rating") => "rating_labels",
        ("labels" | "min_spans" | "max_spans", "spans") => "span_labels",
        ("labels" | "min_segments" | "max_segments", "segments") => "seg_labels",
        ("allow_overlap", _) => "seg_labels",
        ("labels" | "min_polygons" | "max_polygons" | "min_points", "polygons") => "poly_labels",
        ("points", _) => "kp_points",
        ("edges", _) => "kp_edges",
        ("category", _) => "kp_category",
        ("text_field", _) => "span_text_field",
        ("labels", _) => "box_labels",
        ("image_field", _) => "image_field",
        ("min_boxes", _) => "min_boxes",
        ("max_boxes", _) => "max_boxes",
        ("fields", _) => "form_fields",
        ("html", _) => "custom_html",
        ("height", _) => "custom_height",
        ("answer_schema", _) => "custom_answer_schema",
        _ => "kind",
    }
    .to_string()
}
