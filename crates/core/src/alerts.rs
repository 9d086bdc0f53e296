//! Job alerts (issue 16): what a worker wants to hear about and how. The `alerts`
//! object of a worker's settings is parsed here once, each problem named by its path
//! (`/alerts/kinds/0`), and [`AlertSettings::matches`] is the one test of whether a
//! project is work they asked to hear about. Eligibility (qualifications, lists,
//! sensitive opt-ins and caps) is the claim's own rule and is applied before this.

use crate::eligibility::Language;
use crate::money::{Currency, Money};
use crate::project::{EndUse, ProjectSpec, SensitiveContent};
use crate::template::{FieldProblem, TemplateKind};
use serde_json::{Map, Value};

/// A worker's job alerts. The defaults: in-app alerts on, e-mail off, no filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertSettings {
    /// Alerts in the notifications list (and the counter in the pages' navigation).
    pub in_app: bool,
    /// One e-mail per publication pass listing the matching projects.
    pub email: bool,
    /// An e-mail notice of each new message from a requester.
    pub message_email: bool,
    /// Template kinds to hear about; empty: any.
    pub kinds: Vec<TemplateKind>,
    /// Project languages to hear about; empty: any.
    pub languages: Vec<Language>,
    /// End uses to hear about; empty: any.
    pub end_uses: Vec<EndUse>,
    /// The least pay per hour (the reward over the estimated time).
    pub min_pay_per_hour: Option<Money>,
    /// Leave out projects that declare sensitive content (even opted-in categories).
    pub no_sensitive: bool,
}

impl Default for AlertSettings {
    fn default() -> Self {
        AlertSettings {
            in_app: true,
            email: false,
            message_email: false,
            kinds: Vec::new(),
            languages: Vec::new(),
            end_uses: Vec::new(),
            min_pay_per_hour: None,
            no_sensitive: false,
        }
    }
}

/// The keys of the `alerts` object.
pub const KEYS: [&str; 8] = [
    "in_app",
    "email",
    "message_email",
    "kinds",
    "languages",
    "end_uses",
    "min_pay_per_hour",
    "no_sensitive",
];

impl AlertSettings {
    /// The alerts object at `path` (e.g. "/alerts"): keys left out keep their
    /// default; every problem is reported, each at its own path.
    pub fn parse(
        object: &Map<String, Value>,
        currency: &Currency,
        path: &str,
    ) -> Result<AlertSettings, Vec<FieldProblem>> {
        let mut out = AlertSettings::default();
        let mut problems = Vec::new();
        for (key, value) in object {
            let at = format!("{path}/{key}");
            match key.as_str() {
                "in_app" => flag(value, &at, &mut problems, &mut out.in_app),
                "email" => flag(value, &at, &mut problems, &mut out.email),
                "message_email" => flag(value, &at, &mut problems, &mut out.message_email),
                "no_sensitive" => flag(value, &at, &mut problems, &mut out.no_sensitive),
                "kinds" => {
                    out.kinds = list(value, &at, &mut problems, |text, at| {
                        text.parse::<TemplateKind>().map_err(|_| {
                            FieldProblem::coded(
                                at,
                                "problem-alerts-kind",
                                vec![
                                    ("value", text.to_string()),
                                    (
                                        "kinds",
                                        TemplateKind::ALL.map(TemplateKind::as_str).join(", "),
                                    ),
                                ],
                            )
                        })
                    });
                }
                "languages" => {
                    out.languages = list(value, &at, &mut problems, |text, at| {
                        Language::parse(text).map_err(|m| FieldProblem::from_msg(at, m))
                    });
                }
                "end_uses" => {
                    out.end_uses = list(value, &at, &mut problems, |text, at| {
                        EndUse::parse(text).ok_or_else(|| {
                            FieldProblem::coded(
                                at,
                                "problem-alerts-end-use",
                                vec![
                                    ("value", text.to_string()),
                                    ("end_uses", EndUse::ALL.map(EndUse::as_str).join(", ")),
                                ],
                            )
                        })
                    });
                }
                "min_pay_per_hour" => match value {
                    Value::Null => out.min_pay_per_hour = None,
                    Value::String(text) => match Money::parse(text, currency) {
                        Ok(m) => out.min_pay_per_hour = Some(m),
                        Err(e) => problems.push(FieldProblem::from_msg(at, e.msg())),
                    },
                    _ => problems.push(FieldProblem::coded(
                        at,
                        "problem-alerts-amount",
                        vec![("currency", currency.code.clone())],
                    )),
                },
                _ => problems.push(FieldProblem::coded(
                    at,
                    "problem-alerts-key",
                    vec![("key", key.clone()), ("keys", KEYS.join(", "))],
                )),
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }

    /// The object as the API shows it and the store keeps it: every key, amounts as
    /// decimal text in the instance currency.
    pub fn to_json(&self, currency: &Currency) -> Map<String, Value> {
        let strings = |v: Vec<&str>| Value::Array(v.into_iter().map(Value::from).collect());
        let mut m = Map::new();
        m.insert("in_app".into(), Value::Bool(self.in_app));
        m.insert("email".into(), Value::Bool(self.email));
        m.insert("message_email".into(), Value::Bool(self.message_email));
        m.insert(
            "kinds".into(),
            strings(self.kinds.iter().map(|k| k.as_str()).collect()),
        );
        m.insert(
            "languages".into(),
            strings(self.languages.iter().map(Language::as_str).collect()),
        );
        m.insert(
            "end_uses".into(),
            strings(self.end_uses.iter().map(|e| e.as_str()).collect()),
        );
        m.insert(
            "min_pay_per_hour".into(),
            self.min_pay_per_hour
                .map_or(Value::Null, |p| Value::from(p.format(currency))),
        );
        m.insert("no_sensitive".into(), Value::Bool(self.no_sensitive));
        m
    }

    /// Whether the worker asked to hear about work like `spec` (the find-work filters:
    /// kind, language, end use, pay per hour, sensitive content). A project whose pay
    /// per hour cannot be computed never meets a minimum.
    pub fn matches(&self, spec: &ProjectSpec) -> bool {
        let kind_ok = self.kinds.is_empty()
            || spec
                .template
                .as_ref()
                .is_some_and(|t| self.kinds.contains(&t.kind()));
        let language_ok = self.languages.is_empty()
            || self
                .languages
                .iter()
                .any(|l| l.as_str().eq_ignore_ascii_case(&spec.language));
        let end_use_ok =
            self.end_uses.is_empty() || spec.end_uses.iter().any(|e| self.end_uses.contains(e));
        let pay_ok = self
            .min_pay_per_hour
            .is_none_or(|min| spec.implied_hourly().is_some_and(|h| h >= min));
        let sensitive_ok =
            !self.no_sensitive || spec.sensitive_content.iter().all(SensitiveContent::is_none);
        kind_ok && language_ok && end_use_ok && pay_ok && sensitive_ok
    }

    /// Whether any alert is delivered at all (in the list or by e-mail).
    pub fn wants_alerts(&self) -> bool {
        self.in_app || self.email
    }
}

fn flag(value: &Value, at: &str, problems: &mut Vec<FieldProblem>, into: &mut bool) {
    match value {
        Value::Bool(b) => *into = *b,
        _ => problems.push(FieldProblem::coded(
            at,
            "problem-alerts-boolean",
            Vec::new(),
        )),
    }
}

/// A list of strings, each parsed by `one`; at most [`MAX_ENTRIES`].
fn list<T: PartialEq>(
    value: &Value,
    at: &str,
    problems: &mut Vec<FieldProblem>,
    one: impl Fn(&str, String) -> Result<T, FieldProblem>,
) -> Vec<T> {
    let Value::Array(items) = value else {
        problems.push(FieldProblem::coded(at, "problem-alerts-list", Vec::new()));
        return Vec::new();
    };
    if items.len() > MAX_ENTRIES {
        problems.push(FieldProblem::coded(
            at,
            "problem-eligibility-too-many",
            vec![("max", MAX_ENTRIES.to_string())],
        ));
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let here = format!("{at}/{i}");
        match item.as_str() {
            Some(text) => match one(text.trim(), here) {
                Ok(v) if !out.contains(&v) => out.push(v),
                Ok(_) => {}
                Err(p) => problems.push(p),
            },
            None => problems.push(FieldProblem::coded(here, "problem-alerts-text", Vec::new())),
        }
    }
    out
}

/// The longest list a filter takes.
pub const MAX_ENTRIES: usize = 50;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn eur() -> Currency {
        Currency::new("EUR", 2)
    }

    fn parse(v: Value) -> Result<AlertSettings, Vec<FieldProblem>> {
        let Value::Object(m) = v else {
            panic!("an object")
        };
        AlertSettings::parse(&m, &eur(), "/alerts")
    }

    #[test]
    fn an_empty_object_is_the_defaults_and_they_read_back_the_same() {
        let s = parse(json!({})).expect("the defaults");
        assert_eq!(s, AlertSettings::default());
        assert!(s.in_app && !s.email && !s.message_email);
        let again = parse(Value::Object(s.to_json(&eur()))).expect("read back");
        assert_eq!(again, s);
    }

    #[test]
    fn each_problem_is_named_by_its_path() {
        let problems = parse(json!({"email": "yes", "kinds": ["text", "essay"],
            "languages": "fr", "min_pay_per_hour": "12.345", "colour": 1}))
        .expect_err("problems");
        let mut paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        paths.sort_unstable();
        assert_eq!(
            paths,
            vec![
                "/alerts/colour",
                "/alerts/email",
                "/alerts/kinds/1",
                "/alerts/languages",
                "/alerts/min_pay_per_hour"
            ]
        );
        let kind = problems
            .iter()
            .find(|p| p.path == "/alerts/kinds/1")
            .expect("the kind");
        assert_eq!(kind.code, Some("problem-alerts-kind"));
    }

    #[test]
    fn a_full_object_round_trips() {
        let s = parse(json!({"in_app": false, "email": true, "kinds": ["text"],
            "languages": ["FR"], "end_uses": ["search"], "min_pay_per_hour": "12.5",
            "no_sensitive": true, "message_email": true}))
        .expect("a full object");
        assert_eq!(s.min_pay_per_hour, Some(Money(1250)));
        assert_eq!(
            Value::Object(s.to_json(&eur())),
            json!({"in_app": false, "email": true, "message_email": true, "kinds": ["text"],
                "languages": ["fr"], "end_uses": ["search"], "min_pay_per_hour": "12.50",
                "no_sensitive": true})
        );
    }
}
