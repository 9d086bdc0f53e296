//! Projects: their declarations (purpose, end uses, sensitive content), their
//! settings (reward, estimate, overlap, lease) and their lifecycle.
//!
//! A draft may be incomplete; [`ProjectSpec::publish_problems`] lists every
//! declaration still missing before work can be offered to anyone.

use crate::money::{Currency, Money, hourly_rate};
use crate::template::{FieldProblem, Template};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// What the data will be used for. The last three are always flagged to workers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum EndUse {
    Search,
    ContentModeration,
    AutonomousDriving,
    Medical,
    BiometricIdentification,
    Surveillance,
    Military,
    Research,
    LanguageModels,
    Accessibility,
    Other,
}

impl EndUse {
    pub const ALL: [EndUse; 11] = [
        EndUse::Search,
        EndUse::ContentModeration,
        EndUse::AutonomousDriving,
        EndUse::Medical,
        EndUse::BiometricIdentification,
        EndUse::Surveillance,
        EndUse::Military,
        EndUse::Research,
        EndUse::LanguageModels,
        EndUse::Accessibility,
        EndUse::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            EndUse::Search => "search",
            EndUse::ContentModeration => "content-moderation",
            EndUse::AutonomousDriving => "autonomous-driving",
            EndUse::Medical => "medical",
            EndUse::BiometricIdentification => "biometric-identification",
            EndUse::Surveillance => "surveillance",
            EndUse::Military => "military",
            EndUse::Research => "research",
            EndUse::LanguageModels => "language-models",
            EndUse::Accessibility => "accessibility",
            EndUse::Other => "other",
        }
    }
    pub fn parse(text: &str) -> Option<EndUse> {
        Self::ALL.into_iter().find(|e| e.as_str() == text)
    }
    /// End uses shown to every worker with a warning flag.
    pub fn is_flagged(self) -> bool {
        matches!(
            self,
            EndUse::BiometricIdentification | EndUse::Surveillance | EndUse::Military
        )
    }
}

/// A kind of distressing content a task may show: one of the built-in categories,
/// one an operator added (`[sensitive] categories`), or [`SensitiveContent::NONE`].
///
/// [`SensitiveContent::parse`] checks only the name's form; whether the operator
/// offers the category is the application's check (it knows the policy). A stored
/// category is read back as written ([`SensitiveContent::stored`]), even one the
/// operator removed since: the claim then leases its items to nobody.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct SensitiveContent(Cow<'static, str>);

impl SensitiveContent {
    pub const VIOLENCE: SensitiveContent = SensitiveContent(Cow::Borrowed("violence"));
    pub const SEXUAL: SensitiveContent = SensitiveContent(Cow::Borrowed("sexual"));
    pub const HATE: SensitiveContent = SensitiveContent(Cow::Borrowed("hate"));
    pub const SELF_HARM: SensitiveContent = SensitiveContent(Cow::Borrowed("self-harm"));
    /// The declaration that the project shows nothing distressing.
    pub const NONE: SensitiveContent = SensitiveContent(Cow::Borrowed("none"));
    /// The built-in categories, in the order they are offered.
    pub const BUILT_IN: [SensitiveContent; 4] = [
        SensitiveContent::VIOLENCE,
        SensitiveContent::SEXUAL,
        SensitiveContent::HATE,
        SensitiveContent::SELF_HARM,
    ];

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is the "none" declaration rather than a category.
    pub fn is_none(&self) -> bool {
        *self == SensitiveContent::NONE
    }

    /// A category name of the right form (see [`is_category_name`]), or "none".
    pub fn parse(text: &str) -> Option<SensitiveContent> {
        if let Some(b) = Self::BUILT_IN
            .iter()
            .chain([&SensitiveContent::NONE])
            .find(|c| c.as_str() == text)
        {
            return Some(b.clone());
        }
        is_category_name(text).then(|| SensitiveContent(Cow::Owned(text.to_string())))
    }

    /// A category as stored, taken as written (it was checked when saved).
    pub fn stored(text: &str) -> SensitiveContent {
        Self::parse(text).unwrap_or_else(|| SensitiveContent(Cow::Owned(text.to_string())))
    }

    /// Where it sorts: the built-ins in their order, "none", then the operator's by name.
    fn rank(&self) -> (usize, &str) {
        let i = Self::BUILT_IN
            .iter()
            .position(|b| b == self)
            .unwrap_or(if self.is_none() { 4 } else { 5 });
        (i, self.as_str())
    }
}

impl PartialOrd for SensitiveContent {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SensitiveContent {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

impl std::fmt::Display for SensitiveContent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether `text` has a category name's form: lower-case ASCII letters and digits,
/// words joined by "-", at most 40 characters (e.g. "animal-cruelty").
pub fn is_category_name(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 40
        && text.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit())
        })
}

/// Where a project is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectState {
    Draft,
    Active,
    Paused,
    Completed,
    Cancelled,
}

impl ProjectState {
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectState::Draft => "draft",
            ProjectState::Active => "active",
            ProjectState::Paused => "paused",
            ProjectState::Completed => "completed",
            ProjectState::Cancelled => "cancelled",
        }
    }
    pub fn parse(text: &str) -> Option<ProjectState> {
        [
            ProjectState::Draft,
            ProjectState::Active,
            ProjectState::Paused,
            ProjectState::Completed,
            ProjectState::Cancelled,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
    /// The state an action leads to from here, or None when the action is not allowed.
    pub fn after(self, action: ProjectAction) -> Option<ProjectState> {
        use ProjectAction as A;
        use ProjectState as S;
        match (self, action) {
            (S::Draft, A::Publish) | (S::Paused, A::Publish) | (S::Paused, A::Resume) => {
                Some(S::Active)
            }
            (S::Active, A::Pause) => Some(S::Paused),
            (S::Active | S::Paused, A::Complete) => Some(S::Completed),
            (S::Draft | S::Active | S::Paused, A::Cancel) => Some(S::Cancelled),
            _ => None,
        }
    }
    /// Whether tasks can still be added.
    pub fn accepts_tasks(self) -> bool {
        matches!(
            self,
            ProjectState::Draft | ProjectState::Active | ProjectState::Paused
        )
    }
}

/// A stored project state Handprint does not know (the database is newer than the
/// binary, or was edited by hand).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown project state \"{0}\" (known: draft, active, paused, completed, cancelled)")]
pub struct UnknownProjectState(pub String);

impl TryFrom<String> for ProjectState {
    type Error = UnknownProjectState;
    fn try_from(text: String) -> Result<ProjectState, UnknownProjectState> {
        ProjectState::parse(&text).ok_or(UnknownProjectState(text))
    }
}

/// A change of state a requester asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectAction {
    Publish,
    Resume,
    Pause,
    Complete,
    Cancel,
}

impl ProjectAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectAction::Publish => "publish",
            ProjectAction::Resume => "resume",
            ProjectAction::Pause => "pause",
            ProjectAction::Complete => "complete",
            ProjectAction::Cancel => "cancel",
        }
    }
    /// For messages: "a completed project cannot be published".
    pub fn past_participle(self) -> &'static str {
        match self {
            ProjectAction::Publish => "published",
            ProjectAction::Resume => "resumed",
            ProjectAction::Pause => "paused",
            ProjectAction::Complete => "completed",
            ProjectAction::Cancel => "cancelled",
        }
    }
}

/// A project's fields as a requester sends them (create or update); every field optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectInput {
    pub title: Option<String>,
    pub description: Option<String>,
    pub instructions: Option<String>,
    pub template: Option<serde_json::Value>,
    pub purpose: Option<String>,
    pub end_uses: Option<Vec<String>>,
    pub sensitive_content: Option<Vec<String>>,
    pub reward: Option<String>,
    pub estimated_seconds: Option<i64>,
    pub answers_per_task: Option<i64>,
    pub lease_seconds: Option<i64>,
    pub language: Option<String>,
    /// Unreviewed answers are approved automatically after this long (at most seven days).
    pub review_window_seconds: Option<i64>,
    /// Who may work on it (replaces the whole eligibility when given).
    pub eligibility: Option<crate::eligibility::EligibilityInput>,
    /// The share of each worker's items that are control items, in percent (0 to 100).
    pub control_rate: Option<i64>,
    /// The quality rules (replaces them all when given); see [`crate::quality`].
    pub quality_rules: Option<serde_json::Value>,
    /// Dynamic overlap `{min, max, confidence}` (replaces `answers_per_task`, which
    /// becomes `max`); `null` goes back to the fixed `answers_per_task`.
    #[serde(default, deserialize_with = "present")]
    pub overlap: Option<Option<crate::overlap::OverlapInput>>,
}

/// A field that may be sent as `null` (Some(None)) or left out (None).
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// A project's settings once checked. Optional fields are declarations a draft may still lack.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectSpec {
    pub title: String,
    pub description: String,
    pub instructions: String,
    pub template: Option<Template>,
    pub purpose: Option<String>,
    pub end_uses: Vec<EndUse>,
    pub sensitive_content: Vec<SensitiveContent>,
    pub reward: Option<Money>,
    pub estimated_seconds: Option<i64>,
    pub answers_per_task: i64,
    pub lease_seconds: i64,
    pub language: String,
    pub review_window_seconds: i64,
    pub eligibility: crate::eligibility::Eligibility,
    /// Dynamic overlap, when the project has it (then `answers_per_task` is its `max`).
    pub overlap: Option<crate::overlap::Overlap>,
    pub control_rate: i64,
    pub quality_rules: Vec<crate::quality::QualityRule>,
}

pub const DEFAULT_ANSWERS_PER_TASK: i64 = 3;
pub const DEFAULT_LEASE_SECONDS: i64 = 600;
pub const MAX_ANSWERS_PER_TASK: i64 = 100;

/// A problem with its machine code (a message id of the pages' catalogues) and no arguments.
fn problem(path: &str, code: &'static str) -> FieldProblem {
    FieldProblem::coded(path, code, Vec::new())
}

/// A problem with its machine code and named arguments.
fn problem_with(path: &str, code: &'static str, args: Vec<(&'static str, String)>) -> FieldProblem {
    FieldProblem::coded(path, code, args)
}

fn text_field(
    value: Option<&String>,
    path: &str,
    max: usize,
    problems: &mut Vec<FieldProblem>,
) -> Option<String> {
    let v = value?.trim().to_string();
    if v.chars().count() > max {
        problems.push(problem_with(
            path,
            "problem-too-long",
            vec![("max", max.to_string())],
        ));
    }
    Some(v)
}

impl ProjectSpec {
    /// Check a new project's fields. Declarations may be missing (a draft); present ones must be valid.
    pub fn parse(
        input: &ProjectInput,
        currency: &Currency,
    ) -> Result<ProjectSpec, Vec<FieldProblem>> {
        let empty = ProjectSpec {
            title: String::new(),
            description: String::new(),
            instructions: String::new(),
            template: None,
            purpose: None,
            end_uses: Vec::new(),
            sensitive_content: Vec::new(),
            reward: None,
            estimated_seconds: None,
            answers_per_task: DEFAULT_ANSWERS_PER_TASK,
            lease_seconds: DEFAULT_LEASE_SECONDS,
            language: "en".into(),
            review_window_seconds: crate::review::DEFAULT_REVIEW_WINDOW_SECONDS,
            eligibility: crate::eligibility::Eligibility::default(),
            overlap: None,
            control_rate: 0,
            quality_rules: Vec::new(),
        };
        let spec = empty.apply(input, currency)?;
        if spec.title.is_empty() {
            return Err(vec![problem("/title", "problem-title-missing")]);
        }
        Ok(spec)
    }

    /// This spec with the given fields changed.
    pub fn apply(
        &self,
        input: &ProjectInput,
        currency: &Currency,
    ) -> Result<ProjectSpec, Vec<FieldProblem>> {
        let mut p = Vec::new();
        let mut spec = self.clone();
        spec.apply_texts(input, &mut p);
        if let Some(list) = &input.end_uses {
            spec.end_uses = end_uses(list, &mut p);
        }
        if let Some(list) = &input.sensitive_content {
            spec.sensitive_content = sensitive_content(list, &mut p);
        }
        spec.apply_numbers(input, currency, &mut p);
        spec.apply_language_and_review_window(input, &mut p);
        if let Some(e) = &input.eligibility {
            match crate::eligibility::Eligibility::parse(e) {
                Ok(e) => spec.eligibility = e,
                Err(problems) => p.extend(problems),
            }
        }
        spec.apply_quality(input, &mut p);
        spec.apply_overlap(input, &mut p);
        if p.is_empty() { Ok(spec) } else { Err(p) }
    }

    /// Dynamic overlap given in `input`: on a single-choice template only (its
    /// confidence is the agreement on one label); `max` becomes `answers_per_task`.
    fn apply_overlap(&mut self, input: &ProjectInput, p: &mut Vec<FieldProblem>) {
        match &input.overlap {
            None => {}
            Some(None) => self.overlap = None,
            Some(Some(o)) => {
                if let Some(o) = crate::overlap::Overlap::parse(o, MAX_ANSWERS_PER_TASK, p) {
                    self.overlap = Some(o);
                }
            }
        }
        if let Some(o) = self.overlap {
            self.answers_per_task = o.max;
            if self
                .template
                .as_ref()
                .is_some_and(|t| t.kind() != crate::template::TemplateKind::SingleChoice)
            {
                p.push(problem("/overlap", "problem-overlap-single-choice"));
            }
        }
    }

    /// The control rate and quality rules given in `input`.
    fn apply_quality(&mut self, input: &ProjectInput, p: &mut Vec<FieldProblem>) {
        if let Some(rate) = input.control_rate {
            match crate::quality::parse_control_rate(rate) {
                Ok(rate) => self.control_rate = rate,
                Err(problem) => p.push(problem),
            }
        }
        if let Some(rules) = &input.quality_rules {
            match crate::quality::parse_rules(rules) {
                Ok(rules) => self.quality_rules = rules,
                Err(problems) => p.extend(problems),
            }
        }
    }

    /// The answer slots each new item opens with: `min` under dynamic overlap, else
    /// `answers_per_task`.
    pub fn initial_slots(&self) -> i64 {
        self.overlap.map_or(self.answers_per_task, |o| o.min)
    }

    /// The title, description, instructions, template and purpose given in `input`.
    fn apply_texts(&mut self, input: &ProjectInput, p: &mut Vec<FieldProblem>) {
        if let Some(t) = text_field(input.title.as_ref(), "/title", 200, p) {
            if t.is_empty() {
                p.push(problem("/title", "problem-title-empty"));
            }
            self.title = t;
        }
        if let Some(t) = text_field(input.description.as_ref(), "/description", 5_000, p) {
            self.description = t;
        }
        if let Some(t) = text_field(input.instructions.as_ref(), "/instructions", 100_000, p) {
            self.instructions = t;
        }
        if let Some(value) = &input.template {
            match Template::parse(value) {
                Ok(t) => self.template = Some(t),
                Err(errors) => p.extend(errors.0.into_iter().map(|mut e| {
                    e.path = format!("/template{}", e.path);
                    e
                })),
            }
        }
        if let Some(t) = text_field(input.purpose.as_ref(), "/purpose", 5_000, p) {
            if !purpose_is_a_sentence(&t) {
                p.push(problem("/purpose", "problem-purpose-short"));
            }
            self.purpose = Some(t);
        }
    }

    /// The reward, time estimate, answers per task and lease given in `input`.
    fn apply_numbers(
        &mut self,
        input: &ProjectInput,
        currency: &Currency,
        p: &mut Vec<FieldProblem>,
    ) {
        if let Some(text) = &input.reward {
            match Money::parse(text, currency) {
                Ok(m) if m.0 == 0 => p.push(problem("/reward", "problem-reward-zero")),
                Ok(m) => self.reward = Some(m),
                Err(e) => p.push(FieldProblem::from_msg("/reward", e.msg())),
            }
        }
        if let Some(s) = input.estimated_seconds {
            if !(1..=86_400).contains(&s) {
                p.push(problem("/estimated_seconds", "problem-estimate-range"));
            }
            self.estimated_seconds = Some(s);
        }
        if let Some(n) = input.answers_per_task {
            if !(1..=MAX_ANSWERS_PER_TASK).contains(&n) {
                p.push(problem_with(
                    "/answers_per_task",
                    "problem-answers-range",
                    vec![("max", MAX_ANSWERS_PER_TASK.to_string())],
                ));
            }
            self.answers_per_task = n;
        }
        if let Some(s) = input.lease_seconds {
            if !(30..=86_400).contains(&s) {
                p.push(problem("/lease_seconds", "problem-lease-range"));
            }
            self.lease_seconds = s;
        }
    }

    /// The task language and review window given in `input`.
    fn apply_language_and_review_window(
        &mut self,
        input: &ProjectInput,
        p: &mut Vec<FieldProblem>,
    ) {
        if let Some(lang) = &input.language {
            let l = lang.trim();
            if l.len() < 2
                || l.len() > 35
                || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                p.push(problem("/language", "problem-language-tag"));
            }
            self.language = l.to_string();
        }
        if let Some(s) = input.review_window_seconds {
            if let Err(msg) = crate::review::check_review_window(s) {
                p.push(FieldProblem::from_msg("/review_window_seconds", msg));
            }
            self.review_window_seconds = s;
        }
    }

    /// Everything that stops this project being published; empty when it can be.
    pub fn publish_problems(
        &self,
        pay_floor_per_hour: Money,
        currency: &Currency,
    ) -> Vec<FieldProblem> {
        let mut p = Vec::new();
        if self.instructions.is_empty() {
            p.push(problem("/instructions", "problem-instructions-missing"));
        }
        if self.template.is_none() {
            p.push(problem("/template", "problem-template-missing"));
        }
        match &self.purpose {
            None => p.push(problem("/purpose", "problem-purpose-missing")),
            Some(t) => {
                if !purpose_is_a_sentence(t) {
                    p.push(problem("/purpose", "problem-purpose-short"));
                }
            }
        }
        if self.end_uses.is_empty() {
            p.push(problem("/end_uses", "problem-end-uses-missing"));
        }
        if self.sensitive_content.is_empty() {
            p.push(problem("/sensitive_content", "problem-sensitive-missing"));
        }
        if self.reward.is_none() {
            p.push(problem("/reward", "problem-reward-missing"));
        }
        if self.estimated_seconds.is_none() {
            p.push(problem("/estimated_seconds", "problem-estimate-missing"));
        }
        if let (Some(reward), Some(seconds)) = (self.reward, self.estimated_seconds)
            && let Some(rate) = hourly_rate(reward, seconds)
            && rate < pay_floor_per_hour
        {
            let needed = min_reward(pay_floor_per_hour, seconds);
            p.push(problem_with(
                "/reward",
                "problem-pay-floor",
                vec![
                    ("reward", reward.format(currency)),
                    ("seconds", seconds.to_string()),
                    ("rate", rate.format(currency)),
                    ("floor", pay_floor_per_hour.format(currency)),
                    ("needed", needed.format(currency)),
                ],
            ));
        }
        p
    }

    /// The hourly pay implied by reward and estimate.
    pub fn implied_hourly(&self) -> Option<Money> {
        hourly_rate(self.reward?, self.estimated_seconds?)
    }
}

/// The smallest reward that meets `floor_per_hour` for `seconds` of work (rounded up).
pub fn min_reward(floor_per_hour: Money, seconds: i64) -> Money {
    let num = i128::from(floor_per_hour.0) * i128::from(seconds);
    Money(i64::try_from((num + 3599) / 3600).unwrap_or(i64::MAX))
}

/// A purpose must be at least a sentence: it is what workers read to decide.
/// (20 characters, 4 words or more; `problem-purpose-short` says so).
fn purpose_is_a_sentence(text: &str) -> bool {
    text.chars().count() >= 20 && text.split_whitespace().count() >= 4
}

/// The end uses named in `list`, sorted, each once; an unknown name is a problem.
fn end_uses(list: &[String], p: &mut Vec<FieldProblem>) -> Vec<EndUse> {
    let mut uses = Vec::new();
    for (i, item) in list.iter().enumerate() {
        match EndUse::parse(item.trim()) {
            Some(u) if !uses.contains(&u) => uses.push(u),
            Some(_) => {}
            None => p.push(problem_with(
                &format!("/end_uses/{i}"),
                "problem-end-use-unknown",
                vec![
                    ("item", item.clone()),
                    ("choices", EndUse::ALL.map(EndUse::as_str).join(", ")),
                ],
            )),
        }
    }
    uses.sort();
    uses
}

/// The sensitive-content categories named in `list`, sorted, each once; a name not
/// of a category's form, or "none" with another category, is a problem. Whether the
/// operator offers each category is checked by the caller, who knows the policy
/// ([`crate::sensitive::SensitivePolicy::unknown_declared`]).
fn sensitive_content(list: &[String], p: &mut Vec<FieldProblem>) -> Vec<SensitiveContent> {
    let mut cats = Vec::new();
    for (i, item) in list.iter().enumerate() {
        match SensitiveContent::parse(item.trim()) {
            Some(c) if !cats.contains(&c) => cats.push(c),
            Some(_) => {}
            None => p.push(problem_with(
                &format!("/sensitive_content/{i}"),
                "problem-sensitive-name",
                vec![("item", item.chars().take(40).collect())],
            )),
        }
    }
    if cats.contains(&SensitiveContent::NONE) && cats.len() > 1 {
        p.push(problem(
            "/sensitive_content",
            "problem-sensitive-none-combined",
        ));
    }
    cats.sort();
    cats
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProjectInput {
        ProjectInput {
            title: Some("Sentiment".into()),
            instructions: Some("Pick the sentiment.".into()),
            template: Some(
                serde_json::json!({"kind":"single_choice","options":[{"value":"pos","label":"Positive"},{"value":"neg","label":"Negative"}]}),
            ),
            purpose: Some("Train a review classifier for a small bookshop.".into()),
            end_uses: Some(vec!["search".into()]),
            sensitive_content: Some(vec!["none".into()]),
            reward: Some("0.10".into()),
            estimated_seconds: Some(20),
            ..Default::default()
        }
    }

    #[test]
    fn sensitive_categories_may_be_the_operator_s_if_their_name_has_the_form() {
        let mut i = input();
        i.sensitive_content = Some(vec![
            "animal-cruelty".into(),
            "hate".into(),
            " violence".into(),
            "hate".into(),
        ]);
        let spec = ProjectSpec::parse(&i, &Currency::default()).expect("valid");
        let names: Vec<&str> = spec
            .sensitive_content
            .iter()
            .map(SensitiveContent::as_str)
            .collect();
        assert_eq!(names, ["violence", "hate", "animal-cruelty"]);

        i.sensitive_content = Some(vec!["gore".into(), "Gore!".into(), "a--b".into()]);
        let errs = ProjectSpec::parse(&i, &Currency::default()).expect_err("bad names");
        let paths: Vec<&str> = errs.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["/sensitive_content/1", "/sensitive_content/2"]);
        assert_eq!(errs[0].code, Some("problem-sensitive-name"));
        assert_eq!(
            SensitiveContent::stored("Kept As Written").as_str(),
            "Kept As Written"
        );
    }

    #[test]
    fn a_complete_project_has_no_publish_problems() {
        let spec = ProjectSpec::parse(&input(), &Currency::default()).expect("valid");
        assert!(
            spec.publish_problems(Money(1200), &Currency::default())
                .is_empty()
        );
    }

    #[test]
    fn a_draft_without_declarations_lists_each_missing_one() {
        let spec = ProjectSpec::parse(
            &ProjectInput {
                title: Some("x".into()),
                ..Default::default()
            },
            &Currency::default(),
        )
        .expect("a draft may be incomplete");
        let paths: Vec<_> = spec
            .publish_problems(Money(1200), &Currency::default())
            .into_iter()
            .map(|p| p.path)
            .collect();
        for want in [
            "/instructions",
            "/template",
            "/purpose",
            "/end_uses",
            "/sensitive_content",
            "/reward",
            "/estimated_seconds",
        ] {
            assert!(
                paths.contains(&want.to_string()),
                "{want} missing from {paths:?}"
            );
        }
    }

    #[test]
    fn a_reward_under_the_pay_floor_names_the_minimum() {
        let mut i = input();
        i.reward = Some("0.05".into());
        i.estimated_seconds = Some(60);
        let spec = ProjectSpec::parse(&i, &Currency::default()).expect("valid");
        let problems = spec.publish_problems(Money(1200), &Currency::default());
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].message.contains("at least 0.20"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn unknown_end_uses_and_bad_numbers_are_reported_with_their_path() {
        let mut i = input();
        i.end_uses = Some(vec!["search".into(), "spying".into()]);
        i.answers_per_task = Some(0);
        let errs = ProjectSpec::parse(&i, &Currency::default()).expect_err("invalid");
        let paths: Vec<_> = errs.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["/end_uses/1", "/answers_per_task"]);
    }

    #[test]
    fn lifecycle_moves_only_along_allowed_edges() {
        use ProjectAction as A;
        use ProjectState as S;
        assert_eq!(S::Draft.after(A::Publish), Some(S::Active));
        assert_eq!(S::Active.after(A::Pause), Some(S::Paused));
        assert_eq!(S::Paused.after(A::Resume), Some(S::Active));
        assert_eq!(S::Draft.after(A::Pause), None);
        assert_eq!(S::Completed.after(A::Publish), None);
        assert_eq!(S::Cancelled.after(A::Cancel), None);
    }

    #[test]
    fn the_minimum_reward_rounds_up() {
        assert_eq!(min_reward(Money(1200), 60), Money(20));
        assert_eq!(min_reward(Money(1200), 61), Money(21));
    }
}
