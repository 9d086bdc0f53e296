//! `external_study`: a study on the requester's own site (a survey, an experiment),
//! as Prolific runs them. The worker follows a link carrying their per-project
//! pseudonym, does the study there, and comes back with the completion code the
//! study shows at its end. The codes are the project's secret: they are stored with
//! the definition but never described to workers ([`ExternalStudy::public_view`]),
//! and a wrong code is refused without naming the right ones.

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::AnswerError;
use super::fields::{Obj, Problems, pointer, type_arg};
use super::media::Common;

/// The keys of its own (besides those of every kind, [`super::media::COMMON_KEYS`]).
pub(super) const KEYS: &[&str] = &["study_url", "completion_codes"];

/// Where the worker's pseudonym goes in `study_url`.
pub const PSEUDONYM_PLACEHOLDER: &str = "{pseudonym}";

/// The answer's one key.
pub const CODE_KEY: &str = "completion_code";

const MAX_URL_CHARS: usize = 2000;
const MAX_CODES: usize = 20;
const MAX_CODE_CHARS: usize = 64;

/// A study on the requester's site, finished with a completion code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExternalStudy {
    #[serde(flatten)]
    common: Common,
    study_url: String,
    completion_codes: Vec<String>,
}

impl ExternalStudy {
    pub(super) fn common(&self) -> &Common {
        &self.common
    }

    /// The study's address as the requester wrote it, with `{pseudonym}` in it.
    pub fn study_url(&self) -> &str {
        &self.study_url
    }

    /// The codes a finished study gives (secret: for the requester's pages only).
    pub fn completion_codes(&self) -> &[String] {
        &self.completion_codes
    }

    /// The address one worker follows: `{pseudonym}` replaced by theirs (a pseudonym
    /// is `w-` and hex digits, so it needs no escaping in a URL).
    pub fn link_for(&self, pseudonym: &str) -> String {
        self.study_url.replace(PSEUDONYM_PLACEHOLDER, pseudonym)
    }

    pub(super) fn parse(obj: &Obj, common: Common, problems: &mut Problems) -> Option<Self> {
        let before = problems.len();
        let study_url = obj
            .required_text("study_url", MAX_URL_CHARS, problems)
            .and_then(|url| check_url(url.trim(), &obj.path("study_url"), problems));
        let codes = parse_codes(obj, problems);
        (problems.len() == before).then_some(ExternalStudy {
            common,
            study_url: study_url?,
            completion_codes: codes?,
        })
    }

    /// The answer is `{"completion_code": "…"}` (or the code alone, as a string). The
    /// code is compared without surrounding spaces and without regard to case, since
    /// workers copy it by hand; the project's own spelling of it is stored.
    pub(super) fn validate(&self, answer: &Value) -> Result<Value, AnswerError> {
        let (given, path) = match answer {
            Value::String(code) => (code, String::new()),
            Value::Object(map) => {
                if let Some(key) = map.keys().find(|key| *key != CODE_KEY) {
                    return Err(AnswerError::new(
                        pointer("", key),
                        "answer-study-unknown-key",
                        vec![("key", key.clone())],
                    ));
                }
                match map.get(CODE_KEY) {
                    Some(Value::String(code)) => (code, format!("/{CODE_KEY}")),
                    Some(other) => {
                        return Err(AnswerError::new(
                            format!("/{CODE_KEY}"),
                            "answer-study-code-not-text",
                            vec![type_arg(other)],
                        ));
                    }
                    None => {
                        return Err(AnswerError::new(
                            format!("/{CODE_KEY}"),
                            "answer-study-code-missing",
                            Vec::new(),
                        ));
                    }
                }
            }
            other => {
                return Err(AnswerError::new(
                    "",
                    "answer-study-not-object",
                    vec![type_arg(other)],
                ));
            }
        };
        let path = if path.is_empty() {
            format!("/{CODE_KEY}")
        } else {
            path
        };
        let given = given.trim();
        if given.is_empty() {
            return Err(AnswerError::new(
                path,
                "answer-study-code-missing",
                Vec::new(),
            ));
        }
        match self
            .completion_codes
            .iter()
            .find(|code| code.eq_ignore_ascii_case(given))
        {
            Some(code) => Ok(json!({ CODE_KEY: code })),
            // Never the right codes in the message: they are the proof of completion.
            None => Err(AnswerError::new(
                path,
                "answer-study-code-wrong",
                vec![("code", given.chars().take(MAX_CODE_CHARS).collect())],
            )),
        }
    }

    /// The answer's shape, without the codes themselves (workers read this schema).
    pub(super) fn answer_schema(&self) -> Value {
        json!({"type": "object", "required": [CODE_KEY], "additionalProperties": false,
               "properties": {CODE_KEY: {"type": "string", "minLength": 1, "maxLength": MAX_CODE_CHARS}}})
    }

    /// What a worker's client is told: everything but the codes.
    pub(super) fn hide_codes(description: &mut Map<String, Value>) {
        description.remove("completion_codes");
    }
}

/// An `https` address with `{pseudonym}` in it, and no other `{…}` placeholder.
fn check_url(url: &str, path: &str, problems: &mut Problems) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    let host = lower.strip_prefix("https://").map(|rest| {
        rest.split(['/', '?', '#'])
            .next()
            .unwrap_or_default()
            .to_owned()
    });
    let problem = match host {
        None => Some("problem-template-study-url-https"),
        Some(host) if host.is_empty() || host.contains(char::is_whitespace) => {
            Some("problem-template-study-url-host")
        }
        Some(_) if url.contains(char::is_whitespace) => Some("problem-template-study-url-space"),
        Some(_) if !url.contains(PSEUDONYM_PLACEHOLDER) => {
            Some("problem-template-study-url-pseudonym")
        }
        Some(_) if url.replace(PSEUDONYM_PLACEHOLDER, "").contains(['{', '}']) => {
            Some("problem-template-study-url-placeholder")
        }
        Some(_) => None,
    };
    match problem {
        Some(code) => {
            problems.push(path, code, vec![("url", url.to_owned())]);
            None
        }
        None => Some(url.to_owned()),
    }
}

/// 1 to 20 codes, each 1 to 64 letters, digits, `-` or `_`, distinct regardless of case.
fn parse_codes(obj: &Obj, problems: &mut Problems) -> Option<Vec<String>> {
    let path = obj.path("completion_codes");
    let items = match obj.get("completion_codes") {
        None => {
            problems.push(
                &path,
                "problem-template-key-required",
                vec![("key", "completion_codes".to_owned())],
            );
            return None;
        }
        Some(Value::Array(items)) => items,
        Some(other) => {
            problems.push(
                &path,
                "problem-template-study-codes-not-list",
                vec![type_arg(other)],
            );
            return None;
        }
    };
    if items.is_empty() || items.len() > MAX_CODES {
        problems.push(
            &path,
            "problem-template-study-codes-count",
            vec![
                ("max", MAX_CODES.to_string()),
                ("count", items.len().to_string()),
            ],
        );
        return None;
    }
    let before = problems.len();
    let mut codes: Vec<String> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = pointer(&path, &i.to_string());
        let Value::String(code) = item else {
            problems.push(
                at,
                "problem-template-study-code-not-text",
                vec![type_arg(item)],
            );
            continue;
        };
        let code = code.trim();
        let well_formed = !code.is_empty()
            && code.chars().count() <= MAX_CODE_CHARS
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !well_formed {
            problems.push(
                at,
                "problem-template-study-code-form",
                vec![
                    ("code", code.to_owned()),
                    ("max", MAX_CODE_CHARS.to_string()),
                ],
            );
        } else if codes.iter().any(|c| c.eq_ignore_ascii_case(code)) {
            problems.push(
                at,
                "problem-template-study-code-twice",
                vec![("code", code.to_owned())],
            );
        } else {
            codes.push(code.to_owned());
        }
    }
    (problems.len() == before).then_some(codes)
}
