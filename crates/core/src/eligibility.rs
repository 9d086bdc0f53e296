//! Who may work on a project: the countries, the languages a worker declares, and
//! the qualifications (with a minimum score) a project asks for; and, for a worker
//! who does not qualify, which of those conditions fails (`shortfalls`).
//!
//! Qualifications come in three kinds: `manual` (granted and revoked by a person, with
//! a written reason), `test` (paid items scored automatically, `crate::quality`), and
//! `performance` (held while the worker's control accuracy reaches a pass score, the
//! server's `app::performance`).

use crate::account::Country;
use crate::ids::QualificationId;
use crate::languages::LANGUAGES;
use crate::msg::Msg;
use crate::template::FieldProblem;
use serde::{Deserialize, Serialize};

/// Scores run from 0 to this, whatever the kind of qualification.
pub const MAX_SCORE: i64 = 100;
/// At most this many entries in each list of a project's eligibility.
pub const MAX_ENTRIES: usize = 50;

/// An ISO 639-1 language code, lower-cased: one of the codes of `crate::languages`
/// (generated from Debian's iso-codes).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Language(String);

impl Language {
    /// A known code, in either case; anything else is refused, saying which code a
    /// language's name stands for when the name was given instead.
    pub fn parse(text: &str) -> Result<Language, Msg> {
        let value = text.trim();
        let code = value.to_ascii_lowercase();
        if LANGUAGES.iter().any(|(c, _, _)| *c == code) {
            return Ok(Language(code));
        }
        let lower = value.to_lowercase();
        let named = LANGUAGES
            .iter()
            .find(|(_, en, fr)| en.to_lowercase() == lower || fr.to_lowercase() == lower);
        Err(match named {
            Some((code, _, _)) => Msg::coded(
                "problem-language-name",
                vec![("value", value.to_owned()), ("code", (*code).to_owned())],
            ),
            None => Msg::coded("problem-language-code", vec![("value", value.to_owned())]),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The language's name in `lang` (French for "fr…", else English).
    pub fn name(&self, lang: &str) -> &'static str {
        LANGUAGES
            .iter()
            .find(|(c, _, _)| *c == self.0)
            .map_or(
                "",
                |(_, en, fr)| if lang.starts_with("fr") { fr } else { en },
            )
    }
}

/// Parse a list of language codes; problems are reported at `path/index`.
/// Repeats are dropped; order is kept.
pub fn parse_languages(list: &[String], path: &str) -> Result<Vec<Language>, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut out: Vec<Language> = Vec::new();
    if list.len() > MAX_ENTRIES {
        problems.push(too_many(path));
    }
    for (i, text) in list.iter().enumerate() {
        match Language::parse(text) {
            Ok(l) if !out.contains(&l) => out.push(l),
            Ok(_) => {}
            Err(msg) => problems.push(FieldProblem::from_msg(format!("{path}/{i}"), msg)),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn too_many(path: &str) -> FieldProblem {
    FieldProblem::coded(
        path,
        "problem-eligibility-too-many",
        vec![("max", MAX_ENTRIES.to_string())],
    )
}

/// The kind of a qualification: how a worker comes to hold it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QualificationKind {
    /// Items with known answers, scored automatically (paid; not offered yet).
    Test,
    /// Granted or revoked by a person of the organisation, with a written reason.
    Manual,
    /// Control accuracy on earlier projects (not offered yet).
    Performance,
}

impl QualificationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QualificationKind::Test => "test",
            QualificationKind::Manual => "manual",
            QualificationKind::Performance => "performance",
        }
    }

    pub fn parse(text: &str) -> Option<QualificationKind> {
        match text {
            "test" => Some(QualificationKind::Test),
            "manual" => Some(QualificationKind::Manual),
            "performance" => Some(QualificationKind::Performance),
            _ => None,
        }
    }
}

/// A stored kind Handprint does not know.
#[derive(Debug, thiserror::Error)]
#[error("unknown qualification kind {0:?}")]
pub struct UnknownQualificationKind(pub String);

impl TryFrom<String> for QualificationKind {
    type Error = UnknownQualificationKind;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        QualificationKind::parse(&text).ok_or(UnknownQualificationKind(text))
    }
}

/// A score from 0 to [`MAX_SCORE`]; `path` names the field in the problem.
pub fn parse_score(score: i64, path: &str) -> Result<i64, FieldProblem> {
    if (0..=MAX_SCORE).contains(&score) {
        Ok(score)
    } else {
        Err(FieldProblem::coded(
            path,
            "problem-score-range",
            vec![("value", score.to_string()), ("max", MAX_SCORE.to_string())],
        ))
    }
}

/// One qualification a project asks for, at a minimum score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requirement {
    pub id: QualificationId,
    pub min_score: i64,
}

/// Who may work on a project. Empty lists restrict nothing. A worker qualifies when
/// their country is one of `countries`, they declare every one of `languages`, they
/// hold every one of `qualifications` at its minimum score or above, and, with
/// `included_only`, the organisation has them on its include list. (A worker on the
/// organisation's block list is kept out of all its projects, whatever this says.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Eligibility {
    pub countries: Vec<Country>,
    pub languages: Vec<Language>,
    pub qualifications: Vec<Requirement>,
    pub included_only: bool,
}

/// A project's eligibility as a requester sends it; each list optional (a missing
/// one is empty).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EligibilityInput {
    pub countries: Option<Vec<String>>,
    pub languages: Option<Vec<String>>,
    pub qualifications: Option<Vec<RequirementInput>>,
    /// Only workers on the organisation's include list (default false).
    pub included_only: Option<bool>,
}

/// One requirement as sent: `{id, min_score}` (min_score 0 when left out).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementInput {
    pub id: String,
    pub min_score: Option<i64>,
}

impl Eligibility {
    /// Whether anyone is kept out: false for a project open to every worker.
    pub fn restricts(&self) -> bool {
        !(self.countries.is_empty()
            && self.languages.is_empty()
            && self.qualifications.is_empty()
            && !self.included_only)
    }

    /// Check the lists' form (known codes, scores in range). Whether each
    /// qualification exists and may be used is the caller's to check (it needs the
    /// database). Problems are reported under `/eligibility/…`.
    pub fn parse(input: &EligibilityInput) -> Result<Eligibility, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut out = Eligibility {
            included_only: input.included_only.unwrap_or(false),
            ..Eligibility::default()
        };
        let countries = input.countries.as_deref().unwrap_or_default();
        if countries.len() > MAX_ENTRIES {
            problems.push(too_many("/eligibility/countries"));
        }
        for (i, text) in countries.iter().enumerate() {
            match Country::parse(text) {
                Ok(c) if !out.countries.contains(&c) => out.countries.push(c),
                Ok(_) => {}
                Err(msg) => problems.push(FieldProblem::from_msg(
                    format!("/eligibility/countries/{i}"),
                    msg,
                )),
            }
        }
        match parse_languages(
            input.languages.as_deref().unwrap_or_default(),
            "/eligibility/languages",
        ) {
            Ok(list) => out.languages = list,
            Err(p) => problems.extend(p),
        }
        let requirements = input.qualifications.as_deref().unwrap_or_default();
        if requirements.len() > MAX_ENTRIES {
            problems.push(too_many("/eligibility/qualifications"));
        }
        for (i, r) in requirements.iter().enumerate() {
            let path = format!("/eligibility/qualifications/{i}");
            let id = r.id.trim();
            if id.is_empty() {
                problems.push(FieldProblem::coded(
                    format!("{path}/id"),
                    "problem-qualification-id-empty",
                    Vec::new(),
                ));
                continue;
            }
            if out.qualifications.iter().any(|q| q.id == id) {
                problems.push(FieldProblem::coded(
                    format!("{path}/id"),
                    "problem-qualification-repeated",
                    vec![("id", id.to_owned())],
                ));
                continue;
            }
            match parse_score(r.min_score.unwrap_or(0), &format!("{path}/min_score")) {
                Ok(min_score) => out.qualifications.push(Requirement {
                    id: QualificationId::from(id),
                    min_score,
                }),
                Err(p) => problems.push(p),
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }

    /// Back from its stored JSON (written by `serde_json::to_string` of this type).
    pub fn from_stored(text: &str) -> Result<Eligibility, String> {
        let input: EligibilityInput = serde_json::from_str(text).map_err(|e| e.to_string())?;
        Eligibility::parse(&input).map_err(|p| {
            p.iter()
                .map(|p| format!("{}: {}", p.path, p.message))
                .collect::<Vec<_>>()
                .join("; ")
        })
    }
}

/// One condition of a project's eligibility that a worker does not meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shortfall {
    /// Their country is not one of these.
    Country { allowed: Vec<Country> },
    /// They have not declared these languages.
    Languages { missing: Vec<Language> },
    /// They do not hold this qualification (`held` None), or hold it below the minimum.
    Qualification {
        id: QualificationId,
        min_score: i64,
        held: Option<i64>,
    },
    /// The project admits workers on the organisation's include list only.
    NotIncluded,
    /// The organisation blocked them, for this written reason.
    Blocked { reason: String },
}

/// Where a worker stands on an organisation's lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listed {
    Nowhere,
    Included,
    /// Blocked, with the reason the organisation wrote.
    Blocked(String),
}

/// What a worker brings to a project's eligibility.
pub struct WorkerStanding<'a> {
    pub country: &'a str,
    pub languages: &'a [Language],
    /// (qualification, score) of each qualification they hold.
    pub grants: &'a [(QualificationId, i64)],
    /// Their place on the project's organisation's lists.
    pub listed: &'a Listed,
}

/// Every condition of `eligibility` the worker does not meet; empty when they qualify.
/// The claim SQL (`store::work`) applies the same rule.
pub fn shortfalls(eligibility: &Eligibility, worker: &WorkerStanding<'_>) -> Vec<Shortfall> {
    let mut out = Vec::new();
    match worker.listed {
        Listed::Blocked(reason) => out.push(Shortfall::Blocked {
            reason: reason.clone(),
        }),
        Listed::Nowhere if eligibility.included_only => out.push(Shortfall::NotIncluded),
        _ => {}
    }
    if !eligibility.countries.is_empty()
        && !eligibility
            .countries
            .iter()
            .any(|c| c.as_str() == worker.country)
    {
        out.push(Shortfall::Country {
            allowed: eligibility.countries.clone(),
        });
    }
    let missing: Vec<Language> = eligibility
        .languages
        .iter()
        .filter(|l| !worker.languages.contains(l))
        .cloned()
        .collect();
    if !missing.is_empty() {
        out.push(Shortfall::Languages { missing });
    }
    for r in &eligibility.qualifications {
        let held = worker
            .grants
            .iter()
            .find(|(id, _)| *id == r.id)
            .map(|(_, s)| *s);
        if held.is_none_or(|s| s < r.min_score) {
            out.push(Shortfall::Qualification {
                id: r.id.clone(),
                min_score: r.min_score,
                held,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_iso_639_1_and_a_name_is_refused_with_its_code() {
        assert_eq!(Language::parse(" FR ").map(|l| l.0), Ok("fr".into()));
        assert_eq!(Language::parse("mg").map(|l| l.name("fr")), Ok("malgache"));
        let named = Language::parse("French").expect_err("a name is not a code");
        assert_eq!(named.code, Some("problem-language-name"));
        assert_eq!(
            named.text,
            "\"French\" is a language's name: the language must be its ISO 639-1 code, \"fr\""
        );
        let unknown = Language::parse("fra").expect_err("three letters are not ISO 639-1");
        assert_eq!(unknown.code, Some("problem-language-code"));
        assert_eq!(LANGUAGES.len(), 184);
    }

    #[test]
    fn eligibility_problems_name_the_entry() {
        let input = EligibilityInput {
            countries: Some(vec!["FR".into(), "XX".into()]),
            languages: Some(vec!["en".into(), "zz".into()]),
            qualifications: Some(vec![RequirementInput {
                id: "q".into(),
                min_score: Some(101),
            }]),
            included_only: None,
        };
        let problems = Eligibility::parse(&input).expect_err("three problems");
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/eligibility/countries/1",
                "/eligibility/languages/1",
                "/eligibility/qualifications/0/min_score"
            ]
        );
    }

    #[test]
    fn a_worker_falls_short_on_each_condition_they_miss() {
        let eligibility = Eligibility {
            countries: vec![Country::parse("FR").expect("a country")],
            languages: vec![Language("fr".into()), Language("en".into())],
            qualifications: vec![
                Requirement {
                    id: "a".into(),
                    min_score: 50,
                },
                Requirement {
                    id: "b".into(),
                    min_score: 0,
                },
            ],
            included_only: false,
        };
        let grants = [(QualificationId::from("a"), 49)];
        let langs = [Language("fr".into())];
        let worker = WorkerStanding {
            country: "MG",
            languages: &langs,
            grants: &grants,
            listed: &Listed::Nowhere,
        };
        let short = shortfalls(&eligibility, &worker);
        assert_eq!(short.len(), 4);
        assert_eq!(
            short[1],
            Shortfall::Languages {
                missing: vec![Language("en".into())]
            }
        );
        assert_eq!(
            short[2],
            Shortfall::Qualification {
                id: "a".into(),
                min_score: 50,
                held: Some(49)
            }
        );
        let grants = [(QualificationId::from("a"), 50), ("b".into(), 0)];
        let langs = [Language("en".into()), Language("fr".into())];
        let worker = WorkerStanding {
            country: "FR",
            languages: &langs,
            grants: &grants,
            listed: &Listed::Nowhere,
        };
        assert_eq!(shortfalls(&eligibility, &worker), Vec::new());
        let blocked = Listed::Blocked("Copied answers.".into());
        let worker = WorkerStanding {
            listed: &blocked,
            ..worker
        };
        assert_eq!(
            shortfalls(&eligibility, &worker),
            [Shortfall::Blocked {
                reason: "Copied answers.".into()
            }]
        );
        let only_listed = Eligibility {
            included_only: true,
            ..Eligibility::default()
        };
        assert!(only_listed.restricts());
        let worker = WorkerStanding {
            listed: &Listed::Nowhere,
            ..worker
        };
        assert_eq!(shortfalls(&only_listed, &worker), [Shortfall::NotIncluded]);
        assert!(!Eligibility::default().restricts());
    }
}
