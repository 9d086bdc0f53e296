//! The job alerts form of `/notifications`: every key of a worker's `alerts`
//! settings (how they are alerted, and the filters: kinds, languages, end uses, the
//! least pay per hour, no sensitive content), shown from the stored settings or from
//! what was just typed, and turned back into the `alerts` object the API takes, so
//! the page and `PUT /api/v1/me/settings` share one parser (`AlertSettings::parse`).

use super::auth::Errors;
use super::i18n::Tr;
use super::worker::end_use_label;
use handprint_core::alerts::AlertSettings;
use handprint_core::eligibility::Language;
use handprint_core::money::Currency;
use handprint_core::project::EndUse;
use handprint_core::template::TemplateKind;
use serde::Deserialize;
use serde_json::{Map, Value};

/// What the form posts; an unticked box is absent, a list is its ticked boxes.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AlertsForm {
    in_app: Option<String>,
    email: Option<String>,
    message_email: Option<String>,
    no_sensitive: Option<String>,
    kinds: Vec<String>,
    languages: Vec<String>,
    end_uses: Vec<String>,
    min_pay_per_hour: String,
}

impl AlertsForm {
    /// The `alerts` object of the settings, as the API takes it: every key the form
    /// shows (so all of them), an empty amount meaning no minimum.
    pub fn to_json(&self) -> Map<String, Value> {
        let strings =
            |v: &[String]| Value::Array(v.iter().map(|s| Value::from(s.trim())).collect());
        let mut m = Map::new();
        m.insert("in_app".into(), Value::Bool(self.in_app.is_some()));
        m.insert("email".into(), Value::Bool(self.email.is_some()));
        m.insert(
            "message_email".into(),
            Value::Bool(self.message_email.is_some()),
        );
        m.insert("kinds".into(), strings(&self.kinds));
        m.insert("languages".into(), strings(&self.languages));
        m.insert("end_uses".into(), strings(&self.end_uses));
        let amount = self.min_pay_per_hour.trim();
        m.insert(
            "min_pay_per_hour".into(),
            if amount.is_empty() {
                Value::Null
            } else {
                Value::from(amount)
            },
        );
        m.insert(
            "no_sensitive".into(),
            Value::Bool(self.no_sensitive.is_some()),
        );
        m
    }
}

/// One checkbox of a list: the value posted, its label, whether it is ticked.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// The form as the page shows it.
pub struct AlertsShown {
    pub in_app: bool,
    pub email: bool,
    pub message_email: bool,
    pub no_sensitive: bool,
    pub kinds: Vec<Choice>,
    pub languages: Vec<Choice>,
    pub end_uses: Vec<Choice>,
    /// The least pay per hour as typed (or as stored), empty for none.
    pub min_pay: String,
    pub errors: Errors,
}

impl AlertsShown {
    /// The stored settings; `project_languages` are the languages of open projects
    /// (the find-work list's), to which the worker's chosen ones are added.
    pub fn stored(
        t: &Tr,
        s: &AlertSettings,
        currency: &Currency,
        project_languages: &[String],
    ) -> AlertsShown {
        let kinds: Vec<&str> = s.kinds.iter().map(|k| k.as_str()).collect();
        let languages: Vec<&str> = s.languages.iter().map(Language::as_str).collect();
        let end_uses: Vec<&str> = s.end_uses.iter().map(|e| e.as_str()).collect();
        AlertsShown {
            in_app: s.in_app,
            email: s.email,
            message_email: s.message_email,
            no_sensitive: s.no_sensitive,
            kinds: kind_choices(t, &kinds),
            languages: language_choices(t, &languages, project_languages),
            end_uses: end_use_choices(t, &end_uses),
            min_pay: s
                .min_pay_per_hour
                .map(|m| m.format(currency))
                .unwrap_or_default(),
            errors: Errors::default(),
        }
    }

    /// What was typed, with what was wrong with it.
    pub fn typed(
        t: &Tr,
        f: &AlertsForm,
        project_languages: &[String],
        errors: Errors,
    ) -> AlertsShown {
        let (kinds, languages, end_uses) = (
            trimmed(&f.kinds),
            trimmed(&f.languages),
            trimmed(&f.end_uses),
        );
        AlertsShown {
            in_app: f.in_app.is_some(),
            email: f.email.is_some(),
            message_email: f.message_email.is_some(),
            no_sensitive: f.no_sensitive.is_some(),
            kinds: kind_choices(t, &kinds),
            languages: language_choices(t, &languages, project_languages),
            end_uses: end_use_choices(t, &end_uses),
            min_pay: f.min_pay_per_hour.clone(),
            errors,
        }
    }

    /// The problems not about the amount (a list value the page never offers, sent
    /// by hand), in one line.
    pub fn other_errors(&self) -> String {
        self.errors
            .all()
            .iter()
            .filter(|(k, _)| k != "min_pay_per_hour")
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The values of a list as typed, trimmed.
fn trimmed(values: &[String]) -> Vec<&str> {
    values.iter().map(|s| s.trim()).collect()
}

fn kind_choices(t: &Tr, ticked: &[&str]) -> Vec<Choice> {
    TemplateKind::ALL
        .iter()
        .map(|k| Choice {
            value: k.as_str().to_string(),
            label: t.t(&format!("kind-{}", k.as_str())),
            checked: ticked.contains(&k.as_str()),
        })
        .collect()
}

fn end_use_choices(t: &Tr, ticked: &[&str]) -> Vec<Choice> {
    EndUse::ALL
        .iter()
        .map(|e| Choice {
            value: e.as_str().to_string(),
            label: end_use_label(t, *e),
            checked: ticked.contains(&e.as_str()),
        })
        .collect()
}

/// The open projects' languages and the ticked ones, by code, each named in the
/// page's language ("French (fr)"); a code that is not a language is shown as typed.
fn language_choices(t: &Tr, ticked: &[&str], project_languages: &[String]) -> Vec<Choice> {
    let mut codes: Vec<String> = project_languages
        .iter()
        .filter_map(|l| Language::parse(l).ok())
        .map(|l| l.as_str().to_string())
        .collect();
    for code in ticked {
        let code = code.to_ascii_lowercase();
        if !code.is_empty() && !codes.contains(&code) {
            codes.push(code);
        }
    }
    codes.sort();
    codes.dedup();
    let lang = t.lang();
    codes
        .into_iter()
        .map(|code| Choice {
            label: match Language::parse(&code) {
                Ok(l) => format!("{} ({code})", l.name(&lang)),
                Err(_) => code.clone(),
            },
            checked: ticked.iter().any(|c| c.eq_ignore_ascii_case(&code)),
            value: code,
        })
        .collect()
}
