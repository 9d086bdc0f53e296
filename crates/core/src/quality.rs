//! Quality control: control items (a share of items with a known answer mixed into a
//! worker's work), whether an answer matches a known answer, the Wilson interval of a
//! worker's control accuracy, and a project's quality rules with what each looks at.
//!
//! Rules never reject work and never suspend an account: their actions are a warning,
//! a restriction from the project for some days, a qualification to pass again, and a
//! second opinion on the worker's answers (more answers on the items they answered). The server evaluates them after each
//! submitted answer, for the submitting worker on that project only.

use crate::template::{FieldProblem, Template};
use serde::Serialize;
use serde_json::{Map, Value, json};

/// At most this many quality rules per project.
pub const MAX_RULES: usize = 20;
/// The longest restriction a rule may impose, in days.
pub const MAX_RESTRICT_DAYS: i64 = 365;
/// At most this many extra answers per item a second opinion may ask for.
pub const MAX_EXTRA_ANSWERS: i64 = 10;
/// A worker's box matches a known box at this intersection-over-union or more (the
/// aggregation's box fusion default).
pub const BOX_IOU_THRESHOLD: f64 = 0.5;

/// How far (in seconds) a worker's segment boundary may be from a control answer's and
/// still match it: people mark a boundary by ear, a quarter of a second either way.
pub const SEGMENT_TOLERANCE_SECONDS: f64 = 0.25;

/// The share of a worker's items that are control items, in percent (0 to 100).
pub fn parse_control_rate(value: i64) -> Result<i64, FieldProblem> {
    if (0..=100).contains(&value) {
        Ok(value)
    } else {
        Err(FieldProblem::coded(
            "/control_rate",
            "problem-control-rate-range",
            vec![("value", value.to_string())],
        ))
    }
}

/// Whether the worker's next item on a project should be a control item: while the
/// controls they have had are fewer than `rate` percent of their items including this
/// next one. At 10 %, their 1st, 11th, 21st… items are controls (when any is left).
pub fn control_due(rate: i64, items_so_far: i64, controls_so_far: i64) -> bool {
    rate > 0 && controls_so_far * 100 < rate * (items_so_far + 1)
}

/// Whether a worker's (normalised) `answer` matches a control item's (normalised)
/// `known` answer: choices, ratings and forms by equal values (multi_choice in any
/// order; pairwise sides too), texts by their words with case and spacing ignored (as majority vote and
/// ROVER compare them), boxes when each known box has its own worker box of the same
/// label at [`BOX_IOU_THRESHOLD`] or more and there is no extra box, spans when
/// they are the same ranges with the same labels, segments when they have the same
/// labels in the same order with every boundary within [`SEGMENT_TOLERANCE_SECONDS`];
/// polygons and keypoints when they are the same points (a control item of these
/// kinds is best left to review).
pub fn answer_matches(template: &Template, known: &Value, answer: &Value) -> bool {
    match template {
        Template::SingleChoice(_) | Template::MultiChoice(_) | Template::Rating(_) => {
            match (
                template.categorical_label(known),
                template.categorical_label(answer),
            ) {
                (Some(k), Some(a)) => k == a,
                _ => false,
            }
        }
        Template::Text(_) => match (known.as_str(), answer.as_str()) {
            (Some(k), Some(a)) => crate::review::text_label(k) == crate::review::text_label(a),
            _ => false,
        },
        Template::BoundingBoxes(_) => boxes_match(&boxes(known), &boxes(answer)),
        Template::Spans(_) => {
            let spans = |v: &Value| -> Option<Vec<(u64, u64, String)>> {
                v["spans"]
                    .as_array()?
                    .iter()
                    .map(|s| {
                        Some((
                            s["start"].as_u64()?,
                            s["end"].as_u64()?,
                            s["label"].as_str()?.to_owned(),
                        ))
                    })
                    .collect()
            };
            matches!((spans(known), spans(answer)), (Some(k), Some(a)) if k == a)
        }
        Template::Form(_)
        | Template::ExternalStudy(_)
        | Template::CustomHtml(_)
        | Template::Pairwise(_)
        | Template::Polygons(_)
        | Template::Keypoints(_) => known == answer,
        Template::Segments(_) => segments_match(known, answer),
    }
}

/// The score of `correct` right answers out of `counted`, in percent rounded down
/// (0 when nothing was counted): a test's score.
pub fn percent(correct: i64, counted: i64) -> i64 {
    if counted <= 0 {
        return 0;
    }
    correct.clamp(0, counted) * 100 / counted
}

/// Both stored answers are sorted by start, so segments pair up in order.
fn segments_match(known: &Value, answer: &Value) -> bool {
    let segments = |v: &Value| -> Option<Vec<(f64, f64, String)>> {
        v["segments"]
            .as_array()?
            .iter()
            .map(|s| {
                Some((
                    s["start"].as_f64()?,
                    s["end"].as_f64()?,
                    s["label"].as_str()?.to_owned(),
                ))
            })
            .collect()
    };
    let (Some(known), Some(answer)) = (segments(known), segments(answer)) else {
        return false;
    };
    known.len() == answer.len()
        && known.iter().zip(&answer).all(|(k, a)| {
            k.2 == a.2
                && (k.0 - a.0).abs() <= SEGMENT_TOLERANCE_SECONDS
                && (k.1 - a.1).abs() <= SEGMENT_TOLERANCE_SECONDS
        })
}

/// A box: x, y, width, height and label.
type Rect = (f64, f64, f64, f64, String);

fn boxes(value: &Value) -> Vec<Rect> {
    value["boxes"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|b| {
                    Some((
                        b["x"].as_f64()?,
                        b["y"].as_f64()?,
                        b["w"].as_f64()?,
                        b["h"].as_f64()?,
                        b["label"].as_str().unwrap_or("").to_owned(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn iou(a: &Rect, b: &Rect) -> f64 {
    let w = (a.0 + a.2).min(b.0 + b.2) - a.0.max(b.0);
    let h = (a.1 + a.3).min(b.1 + b.3) - a.1.max(b.1);
    let inter = w.max(0.0) * h.max(0.0);
    let union = a.2 * a.3 + b.2 * b.3 - inter;
    if union > 0.0 { inter / union } else { 0.0 }
}

/// Each known box paired greedily (best overlap first) with a distinct worker box.
fn boxes_match(known: &[Rect], answer: &[Rect]) -> bool {
    if known.len() != answer.len() {
        return false;
    }
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, k) in known.iter().enumerate() {
        for (j, a) in answer.iter().enumerate() {
            let overlap = iou(k, a);
            if k.4 == a.4 && overlap >= BOX_IOU_THRESHOLD {
                pairs.push((overlap, i, j));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0));
    let (mut used_k, mut used_a) = (vec![false; known.len()], vec![false; answer.len()]);
    let mut matched = 0;
    for (_, i, j) in pairs {
        if !used_k[i] && !used_a[j] {
            used_k[i] = true;
            used_a[j] = true;
            matched += 1;
        }
    }
    matched == known.len()
}

/// A share with its 95 % Wilson score interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Accuracy {
    pub accuracy: f64,
    pub low: f64,
    pub high: f64,
}

/// z for a two-sided 95 % interval.
const Z95: f64 = 1.959_963_984_540_054;

/// `correct` out of `answered` with its 95 % Wilson score interval; None at 0 answered.
pub fn wilson(correct: i64, answered: i64) -> Option<Accuracy> {
    if answered <= 0 {
        return None;
    }
    let n = answered as f64;
    let p = correct.clamp(0, answered) as f64 / n;
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(Accuracy {
        accuracy: p,
        low: (centre - half).max(0.0),
        high: (centre + half).min(1.0),
    })
}

/// What a rule looks at.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Control accuracy under `threshold_percent` once `after_controls` controls are answered.
    ControlAccuracyBelow {
        threshold_percent: i64,
        after_controls: i64,
    },
    /// `times` answers or more given in less than `share_of_median_percent` of the
    /// project's median working time.
    TooFast {
        share_of_median_percent: i64,
        times: i64,
    },
    /// More than `percent` of the worker's answers disagree with the item's majority
    /// label, once `after_answers` of their answers are on items with two answers or more.
    DisagreementAbove { percent: i64, after_answers: i64 },
    /// Items given back (returned) on this project: `count` or more of them, or more
    /// than `percent` of the items leased once `after_leases` were leased.
    SkipsAbove {
        count: Option<i64>,
        percent: Option<i64>,
        after_leases: Option<i64>,
    },
}

/// What a rule does when its condition holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Tell the worker; nothing else changes.
    Warn {},
    /// Keep the worker from the project's items for `days` days.
    Restrict { days: i64 },
    /// Take the qualification away: the worker must pass it again.
    RequireQualification { qualification_id: String },
    /// `extra_answers` more answers on each item the worker answered on the project.
    SecondOpinion { extra_answers: i64 },
}

/// One quality rule of a project.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityRule {
    pub when: Condition,
    pub action: Action,
}

impl Condition {
    /// The coded name, as rules are written and decisions record them.
    pub fn name(&self) -> &'static str {
        match self {
            Condition::ControlAccuracyBelow { .. } => "control_accuracy_below",
            Condition::TooFast { .. } => "too_fast",
            Condition::DisagreementAbove { .. } => "disagreement_above",
            Condition::SkipsAbove { .. } => "skips_above",
        }
    }
}

impl Action {
    pub fn name(&self) -> &'static str {
        match self {
            Action::Warn {} => "warn",
            Action::Restrict { .. } => "restrict",
            Action::RequireQualification { .. } => "require_qualification",
            Action::SecondOpinion { .. } => "second_opinion",
        }
    }
}

const CONDITIONS: &str = "control_accuracy_below, too_fast, disagreement_above, skips_above";
const ACTIONS: &str = "warn, restrict, require_qualification, second_opinion";

/// Reads the settings object of one condition or action, reporting problems at `path`.
struct Settings<'a> {
    map: &'a Map<String, Value>,
    path: String,
    problems: &'a mut Vec<FieldProblem>,
}

impl Settings<'_> {
    /// Refuse settings other than `known`.
    fn only(&mut self, name: &str, known: &[&str]) {
        for key in self.map.keys() {
            if !known.contains(&key.as_str()) {
                self.problems.push(FieldProblem::coded(
                    format!("{}/{key}", self.path),
                    "problem-rule-setting-unknown",
                    vec![
                        ("setting", key.clone()),
                        ("name", name.to_owned()),
                        ("choices", known.join(", ")),
                    ],
                ));
            }
        }
    }

    /// A whole number from `min` to `max` (a problem when missing and `required`).
    fn number(&mut self, key: &str, min: i64, max: i64, required: bool) -> Option<i64> {
        let path = format!("{}/{key}", self.path);
        let Some(value) = self.map.get(key) else {
            if required {
                self.problems.push(FieldProblem::coded(
                    path,
                    "problem-rule-setting-missing",
                    vec![("min", min.to_string()), ("max", max.to_string())],
                ));
            }
            return None;
        };
        match value.as_i64().filter(|n| (min..=max).contains(n)) {
            Some(n) => Some(n),
            None => {
                self.problems.push(FieldProblem::coded(
                    path,
                    "problem-rule-number",
                    vec![
                        ("value", value.to_string()),
                        ("min", min.to_string()),
                        ("max", max.to_string()),
                    ],
                ));
                None
            }
        }
    }
}

/// The one `{name: {settings}}` entry of `value` at `path`, or a problem.
fn single_entry<'a>(
    value: Option<&'a Value>,
    path: &str,
    choices: &str,
    problems: &mut Vec<FieldProblem>,
) -> Option<(&'a str, &'a Map<String, Value>)> {
    let entry = value
        .and_then(Value::as_object)
        .filter(|m| m.len() == 1)
        .and_then(|m| m.iter().next())
        .and_then(|(k, v)| Some((k.as_str(), v.as_object()?)));
    if entry.is_none() {
        problems.push(FieldProblem::coded(
            path,
            "problem-rule-entry",
            vec![("choices", choices.to_owned())],
        ));
    }
    entry
}

fn unknown_name(path: String, name: &str, choices: &str) -> FieldProblem {
    FieldProblem::coded(
        path,
        "problem-rule-name-unknown",
        vec![("value", name.to_owned()), ("choices", choices.to_owned())],
    )
}

fn parse_condition(
    value: Option<&Value>,
    path: &str,
    p: &mut Vec<FieldProblem>,
) -> Option<Condition> {
    let (name, map) = single_entry(value, path, CONDITIONS, p)?;
    let before = p.len();
    let mut s = Settings {
        map,
        path: format!("{path}/{name}"),
        problems: p,
    };
    let condition = match name {
        "control_accuracy_below" => {
            s.only(name, &["threshold_percent", "after_controls"]);
            Condition::ControlAccuracyBelow {
                threshold_percent: s.number("threshold_percent", 1, 100, true).unwrap_or(0),
                after_controls: s.number("after_controls", 1, 10_000, true).unwrap_or(0),
            }
        }
        "too_fast" => {
            s.only(name, &["share_of_median_percent", "times"]);
            Condition::TooFast {
                share_of_median_percent: s
                    .number("share_of_median_percent", 1, 100, true)
                    .unwrap_or(0),
                times: s.number("times", 1, 10_000, true).unwrap_or(0),
            }
        }
        "disagreement_above" => {
            s.only(name, &["percent", "after_answers"]);
            Condition::DisagreementAbove {
                percent: s.number("percent", 0, 99, true).unwrap_or(0),
                after_answers: s.number("after_answers", 1, 10_000, true).unwrap_or(0),
            }
        }
        "skips_above" => parse_skips(&mut s, name)?,
        other => {
            p.push(unknown_name(format!("{path}/{other}"), other, CONDITIONS));
            return None;
        }
    };
    (p.len() == before).then_some(condition)
}

fn parse_skips(s: &mut Settings<'_>, name: &str) -> Option<Condition> {
    s.only(name, &["count", "percent", "after_leases"]);
    let count = s.number("count", 1, 10_000, false);
    let percent = s.number("percent", 0, 99, false);
    let after_leases = s.number("after_leases", 1, 10_000, false);
    let shape_ok = match (s.map.contains_key("count"), s.map.contains_key("percent")) {
        (true, false) => !s.map.contains_key("after_leases"),
        (false, true) => s.map.contains_key("after_leases"),
        _ => false,
    };
    if !shape_ok {
        s.problems.push(FieldProblem::coded(
            s.path.clone(),
            "problem-rule-skips-shape",
            Vec::new(),
        ));
        return None;
    }
    Some(Condition::SkipsAbove {
        count,
        percent,
        after_leases,
    })
}

fn parse_action(value: Option<&Value>, path: &str, p: &mut Vec<FieldProblem>) -> Option<Action> {
    let (name, map) = single_entry(value, path, ACTIONS, p)?;
    let before = p.len();
    let mut s = Settings {
        map,
        path: format!("{path}/{name}"),
        problems: p,
    };
    let action = match name {
        "warn" => {
            s.only(name, &[]);
            Action::Warn {}
        }
        "restrict" => {
            s.only(name, &["days"]);
            Action::Restrict {
                days: s.number("days", 1, MAX_RESTRICT_DAYS, true).unwrap_or(0),
            }
        }
        "require_qualification" => {
            s.only(name, &["qualification_id"]);
            let id = map
                .get("qualification_id")
                .and_then(Value::as_str)
                .map(str::trim);
            match id {
                Some(id) if !id.is_empty() => Action::RequireQualification {
                    qualification_id: id.to_owned(),
                },
                _ => {
                    s.problems.push(FieldProblem::coded(
                        format!("{path}/{name}/qualification_id"),
                        "problem-qualification-id-empty",
                        Vec::new(),
                    ));
                    return None;
                }
            }
        }
        "second_opinion" => {
            s.only(name, &["extra_answers"]);
            Action::SecondOpinion {
                extra_answers: s
                    .number("extra_answers", 1, MAX_EXTRA_ANSWERS, true)
                    .unwrap_or(0),
            }
        }
        other => {
            p.push(unknown_name(format!("{path}/{other}"), other, ACTIONS));
            return None;
        }
    };
    (p.len() == before).then_some(action)
}

/// A project's quality rules as a requester sends them: a list of
/// `{"when": {condition: {settings}}, "action": {action: {settings}}}`. Every problem
/// is reported at `/quality_rules/{index}/…`.
pub fn parse_rules(value: &Value) -> Result<Vec<QualityRule>, Vec<FieldProblem>> {
    let Some(list) = value.as_array() else {
        return Err(vec![FieldProblem::coded(
            "/quality_rules",
            "problem-rules-not-list",
            Vec::new(),
        )]);
    };
    let mut problems = Vec::new();
    if list.len() > MAX_RULES {
        problems.push(FieldProblem::coded(
            "/quality_rules",
            "problem-rules-too-many",
            vec![("max", MAX_RULES.to_string())],
        ));
    }
    let mut rules = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let path = format!("/quality_rules/{i}");
        let Some(map) = item.as_object() else {
            problems.push(FieldProblem::coded(
                path,
                "problem-rule-not-object",
                Vec::new(),
            ));
            continue;
        };
        for key in map.keys().filter(|k| *k != "when" && *k != "action") {
            problems.push(FieldProblem::coded(
                format!("{path}/{key}"),
                "problem-rule-setting-unknown",
                vec![
                    ("setting", key.clone()),
                    ("name", "a rule".to_owned()),
                    ("choices", "when, action".to_owned()),
                ],
            ));
        }
        let when = parse_condition(map.get("when"), &format!("{path}/when"), &mut problems);
        let action = parse_action(map.get("action"), &format!("{path}/action"), &mut problems);
        if let (Some(when), Some(action)) = (when, action) {
            rules.push(QualityRule { when, action });
        }
    }
    if problems.is_empty() {
        Ok(rules)
    } else {
        Err(problems)
    }
}

/// The rules as stored and shown: the same shape a requester sends.
pub fn rules_json(rules: &[QualityRule]) -> Value {
    Value::Array(rules.iter().map(rule_json).collect())
}

fn rule_json(rule: &QualityRule) -> Value {
    let when = match &rule.when {
        Condition::ControlAccuracyBelow {
            threshold_percent,
            after_controls,
        } => json!({"threshold_percent": threshold_percent, "after_controls": after_controls}),
        Condition::TooFast {
            share_of_median_percent,
            times,
        } => json!({"share_of_median_percent": share_of_median_percent, "times": times}),
        Condition::DisagreementAbove {
            percent,
            after_answers,
        } => json!({"percent": percent, "after_answers": after_answers}),
        Condition::SkipsAbove {
            count: Some(count), ..
        } => json!({"count": count}),
        Condition::SkipsAbove {
            percent,
            after_leases,
            ..
        } => json!({"percent": percent, "after_leases": after_leases}),
    };
    let action = match &rule.action {
        Action::Warn {} => json!({}),
        Action::Restrict { days } => json!({"days": days}),
        Action::RequireQualification { qualification_id } => {
            json!({"qualification_id": qualification_id})
        }
        Action::SecondOpinion { extra_answers } => json!({"extra_answers": extra_answers}),
    };
    json!({"when": {rule.when.name(): when}, "action": {rule.action.name(): action}})
}

/// Stored rules read back (they were checked when written).
pub fn rules_from_stored(text: &str) -> Result<Vec<QualityRule>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    parse_rules(&value).map_err(|problems| {
        problems
            .into_iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// What the rules know about one worker on one project.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct WorkerCounts {
    /// Control items answered, and how many of those answers matched.
    pub controls_answered: i64,
    pub controls_correct: i64,
    /// Answers given faster than the rule's share of the project's median time.
    pub fast_answers: i64,
    /// Answers on items with a majority label (two answers or more), and how many
    /// of them disagree with it.
    pub compared_answers: i64,
    pub disagreements: i64,
    /// Items leased, and of them given back.
    pub leases: i64,
    pub returned: i64,
}

impl Condition {
    /// The numbers the condition looked at when it holds for `c` (recorded as the
    /// decision's inputs), None when it does not hold.
    pub fn holds(&self, c: &WorkerCounts) -> Option<Value> {
        match *self {
            Condition::ControlAccuracyBelow {
                threshold_percent,
                after_controls,
            } => (c.controls_answered >= after_controls
                && c.controls_correct * 100 < threshold_percent * c.controls_answered)
                .then(|| {
                    json!({"controls_answered": c.controls_answered,
                        "controls_correct": c.controls_correct,
                        "threshold_percent": threshold_percent, "after_controls": after_controls})
                }),
            Condition::TooFast {
                share_of_median_percent,
                times,
            } => (c.fast_answers >= times).then(|| {
                json!({"fast_answers": c.fast_answers, "times": times,
                    "share_of_median_percent": share_of_median_percent})
            }),
            Condition::DisagreementAbove {
                percent,
                after_answers,
            } => (c.compared_answers >= after_answers
                && c.disagreements * 100 > percent * c.compared_answers)
                .then(|| {
                    json!({"compared_answers": c.compared_answers,
                        "disagreements": c.disagreements, "percent": percent,
                        "after_answers": after_answers})
                }),
            Condition::SkipsAbove {
                count,
                percent,
                after_leases,
            } => {
                let holds = match (count, percent, after_leases) {
                    (Some(count), _, _) => c.returned >= count,
                    (None, Some(percent), Some(after)) => {
                        c.leases >= after && c.returned * 100 > percent * c.leases
                    }
                    _ => false,
                };
                holds.then(|| {
                    json!({"returned": c.returned, "leases": c.leases, "count": count,
                        "percent": percent, "after_leases": after_leases})
                })
            }
        }
    }
}

/// The median of some working times (the lower middle one of an even count); None when empty.
pub fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    Some(values[(values.len() - 1) / 2])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-5
    }

    #[test]
    fn the_wilson_interval_matches_published_values() {
        // 8 of 10: 0.4902 to 0.9433 (Wilson 1927; as R's prop.test without correction).
        let a = wilson(8, 10).expect("answered");
        assert!(close(a.accuracy, 0.8));
        assert!(close(a.low, 0.4902), "{a:?}");
        assert!(close(a.high, 0.9433), "{a:?}");
        // 0 of 5: 0 to 0.4345; 5 of 5: 0.5655 to 1.
        let z = wilson(0, 5).expect("answered");
        assert!(close(z.low, 0.0) && close(z.high, 0.4345), "{z:?}");
        let f = wilson(5, 5).expect("answered");
        assert!(close(f.low, 0.5655) && close(f.high, 1.0), "{f:?}");
        assert_eq!(wilson(0, 0), None);
    }

    #[test]
    fn controls_are_due_in_the_declared_share() {
        let mut controls = 0;
        let mut due = Vec::new();
        for items in 0..30 {
            if control_due(10, items, controls) {
                controls += 1;
                due.push(items + 1);
            }
        }
        assert_eq!(due, [1, 11, 21]);
        assert!(!control_due(0, 0, 0));
        assert!(control_due(100, 5, 5));
    }

    #[test]
    fn answers_match_known_answers_by_kind() {
        let choice = Template::parse(&json!({"kind": "single_choice", "options": [
            {"value": "pos", "label": "P"}, {"value": "neg", "label": "N"}]}))
        .expect("template");
        assert!(answer_matches(&choice, &json!("pos"), &json!("pos")));
        assert!(!answer_matches(&choice, &json!("pos"), &json!("neg")));
        let multi = Template::parse(&json!({"kind": "multi_choice", "options": [
            {"value": "a", "label": "A"}, {"value": "b", "label": "B"}]}))
        .expect("template");
        assert!(answer_matches(
            &multi,
            &json!(["a", "b"]),
            &json!(["b", "a"])
        ));
        assert!(!answer_matches(&multi, &json!(["a", "b"]), &json!(["a"])));
        let text = Template::parse(&json!({"kind": "text"})).expect("template");
        assert!(answer_matches(&text, &json!("The  cat"), &json!("the cat")));
        assert!(!answer_matches(
            &text,
            &json!("the cat"),
            &json!("the cats")
        ));
    }

    #[test]
    fn boxes_match_by_overlap_and_label() {
        let known = vec![(0.0, 0.0, 10.0, 10.0, "cat".to_owned())];
        let near = vec![(1.0, 1.0, 10.0, 10.0, "cat".to_owned())];
        let far = vec![(6.0, 6.0, 10.0, 10.0, "cat".to_owned())];
        let other = vec![(1.0, 1.0, 10.0, 10.0, "dog".to_owned())];
        assert!(boxes_match(&known, &near)); // IoU 81/119 = 0.68
        assert!(!boxes_match(&known, &far)); // IoU 16/184
        assert!(!boxes_match(&known, &other));
        assert!(!boxes_match(&known, &[]));
    }

    #[test]
    fn rules_read_back_what_they_write_and_name_each_problem() {
        let rules = json!([
            {"when": {"control_accuracy_below": {"threshold_percent": 70, "after_controls": 5}},
             "action": {"restrict": {"days": 7}}},
            {"when": {"skips_above": {"count": 3}}, "action": {"warn": {}}}
        ]);
        let parsed = parse_rules(&rules).expect("valid");
        assert_eq!(rules_json(&parsed), rules);
        let bad = json!([
            {"when": {"too_fast": {"share_of_median_percent": 0, "times": 2}},
             "action": {"restrict": {}}},
            {"when": {"sleepy": {}}, "action": {"ban": {}}},
            {"when": {"skips_above": {"count": 2, "percent": 5}}, "action": {"warn": {"x": 1}}}
        ]);
        let problems = parse_rules(&bad).expect_err("invalid");
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/quality_rules/0/when/too_fast/share_of_median_percent",
                "/quality_rules/0/action/restrict/days",
                "/quality_rules/1/when/sleepy",
                "/quality_rules/1/action/ban",
                "/quality_rules/2/when/skips_above",
                "/quality_rules/2/action/warn/x",
            ]
        );
    }

    #[test]
    fn conditions_hold_on_the_declared_numbers() {
        let rule = Condition::ControlAccuracyBelow {
            threshold_percent: 70,
            after_controls: 4,
        };
        let mut c = WorkerCounts {
            controls_answered: 3,
            controls_correct: 0,
            ..WorkerCounts::default()
        };
        assert_eq!(rule.holds(&c), None);
        c.controls_answered = 4;
        c.controls_correct = 2;
        assert!(rule.holds(&c).is_some());
        c.controls_correct = 3; // 75 %
        assert_eq!(rule.holds(&c), None);
        let skips = Condition::SkipsAbove {
            count: None,
            percent: Some(50),
            after_leases: Some(4),
        };
        c.leases = 4;
        c.returned = 2;
        assert_eq!(skips.holds(&c), None);
        c.returned = 3;
        assert!(skips.holds(&c).is_some());
        assert_eq!(median(&mut [5, 1, 3, 2]), Some(2));
    }

    #[test]
    fn percent_rounds_down_and_is_zero_for_nothing_counted() {
        assert_eq!(percent(2, 3), 66);
        assert_eq!(percent(3, 3), 100);
        assert_eq!(percent(0, 0), 0);
    }
}
