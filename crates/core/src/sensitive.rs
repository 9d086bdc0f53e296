//! Sensitive content (issue 16): the categories a worker may opt in to, the daily
//! exposure cap per category and its ceiling, and the break prompt's measure of a
//! stretch of work. Pure rules; the claim applies the opt-in and the cap in SQL
//! (`store::sensitive`).

use crate::project::{SensitiveContent, is_category_name};
use crate::template::FieldProblem;
use std::collections::BTreeMap;

/// The most measured time per category and UTC day an operator may allow, in minutes:
/// the default, which configuration may lower and never raise.
pub const CAP_CEILING_MINUTES: i64 = 120;

/// The operator's choices about sensitive content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SensitivePolicy {
    /// Categories beyond the built-in four (lower-case words joined by "-").
    pub extra_categories: Vec<String>,
    /// Minutes of measured time per category and UTC day, 1 to [`CAP_CEILING_MINUTES`].
    pub daily_cap_minutes: i64,
    /// A lower cap for some categories.
    pub category_caps: BTreeMap<String, i64>,
    /// A break is suggested after this many minutes of sensitive work in one stretch.
    pub break_after_minutes: i64,
    /// A pause at least this long ends a stretch.
    pub break_gap_minutes: i64,
    /// Where workers find wellbeing support (shown on every sensitive page).
    pub wellbeing_url: Option<String>,
}

impl Default for SensitivePolicy {
    fn default() -> Self {
        SensitivePolicy {
            extra_categories: Vec::new(),
            daily_cap_minutes: CAP_CEILING_MINUTES,
            category_caps: BTreeMap::new(),
            break_after_minutes: 30,
            break_gap_minutes: 10,
            wellbeing_url: None,
        }
    }
}

const MICROS_PER_MINUTE: i64 = 60_000_000;

impl SensitivePolicy {
    /// Every category a worker may opt in to: the built-in ones, then the operator's.
    pub fn categories(&self) -> Vec<String> {
        let mut all: Vec<String> = SensitiveContent::BUILT_IN
            .iter()
            .map(|c| c.as_str().to_string())
            .collect();
        for c in &self.extra_categories {
            if !all.contains(c) {
                all.push(c.clone());
            }
        }
        all
    }

    /// The day's cap of `category`, in minutes.
    pub fn cap_minutes(&self, category: &str) -> i64 {
        self.category_caps
            .get(category)
            .copied()
            .unwrap_or(self.daily_cap_minutes)
            .min(self.daily_cap_minutes)
    }

    /// The day's cap of `category`, in microseconds.
    pub fn cap_micros(&self, category: &str) -> i64 {
        self.cap_minutes(category) * MICROS_PER_MINUTE
    }

    /// What is wrong with the policy, one sentence per problem naming the key and what
    /// it may be (checked at start-up).
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !(1..=CAP_CEILING_MINUTES).contains(&self.daily_cap_minutes) {
            out.push(format!(
                "sensitive.daily_cap_minutes must be 1 to {CAP_CEILING_MINUTES} (got {}): an operator may lower the cap, never raise it",
                self.daily_cap_minutes
            ));
        }
        for (c, m) in &self.category_caps {
            if !self.categories().contains(c) {
                out.push(format!(
                    "sensitive.caps names \"{c}\", which is not a category (known: {})",
                    self.categories().join(", ")
                ));
            }
            if !(1..=self.daily_cap_minutes.min(CAP_CEILING_MINUTES)).contains(m) {
                out.push(format!(
                    "sensitive.caps.{c} must be 1 to {} minutes (got {m}): a category's cap may only be lower than daily_cap_minutes",
                    self.daily_cap_minutes.min(CAP_CEILING_MINUTES)
                ));
            }
        }
        for c in &self.extra_categories {
            if !is_category_name(c) || c == "none" {
                out.push(format!(
                    "sensitive.categories: \"{c}\" is not a category name (lower-case letters and digits, words joined by \"-\", e.g. \"animal-cruelty\"; not \"none\")"
                ));
            }
        }
        if self.break_after_minutes < 1 {
            out.push(format!(
                "sensitive.break_after_minutes must be 1 or more (got {})",
                self.break_after_minutes
            ));
        }
        if self.break_gap_minutes < 1 {
            out.push(format!(
                "sensitive.break_gap_minutes must be 1 or more (got {})",
                self.break_gap_minutes
            ));
        }
        out
    }

    /// The categories of a project's `list` (as sent, checked for form by
    /// `ProjectSpec::parse`) that the operator does not offer: one problem at
    /// `/sensitive_content/{i}` each, naming it and listing the choices. Categories in
    /// `kept` (what the project declared before this save) pass, so a category the
    /// operator removed later does not block saving the project's other fields.
    pub fn unknown_declared(
        &self,
        list: &[String],
        kept: &[SensitiveContent],
    ) -> Vec<FieldProblem> {
        let known = self.categories();
        let mut choices = known.clone();
        choices.push(SensitiveContent::NONE.as_str().to_string());
        list.iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let c = SensitiveContent::parse(item.trim())?;
                let offered = c.is_none() || known.iter().any(|k| k == c.as_str());
                (!offered && !kept.contains(&c)).then(|| {
                    FieldProblem::coded(
                        format!("/sensitive_content/{i}"),
                        "problem-sensitive-unknown",
                        vec![
                            ("item", c.as_str().to_string()),
                            ("choices", choices.join(", ")),
                        ],
                    )
                })
            })
            .collect()
    }

    /// Whether a break should be suggested now, after `spells` (answered sensitive
    /// items, oldest first) — see [`stretch_micros`].
    pub fn break_due(&self, spells: &[(i64, i64)], now: i64) -> bool {
        stretch_micros(spells, now, self.break_gap_minutes * MICROS_PER_MINUTE)
            >= self.break_after_minutes * MICROS_PER_MINUTE
    }
}

/// The measured time of the current stretch: the latest run of spells `(from, to)`
/// (oldest first) in which no pause between one's end and the next one's start, nor
/// between the last one's end and `now`, reaches `gap`. 0 when the worker paused for
/// `gap` since their last spell.
pub fn stretch_micros(spells: &[(i64, i64)], now: i64, gap: i64) -> i64 {
    let mut total = 0;
    let mut next_start = now;
    for &(from, to) in spells.iter().rev() {
        if next_start - to >= gap {
            break;
        }
        total += (to - from).max(0);
        next_start = from;
    }
    total
}

/// The categories a worker opts in to, checked against `known`: each must be one of
/// them (422 at `{path}/{i}` naming the value and listing the known ones); duplicates
/// are kept once, in the known order.
pub fn parse_opt_ins(
    list: &[String],
    known: &[String],
    path: &str,
) -> Result<Vec<String>, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    for (i, text) in list.iter().enumerate() {
        if !known.iter().any(|k| k == text.trim()) {
            problems.push(FieldProblem::coded(
                format!("{path}/{i}"),
                "problem-sensitive-opt-in-unknown",
                vec![
                    ("value", text.chars().take(40).collect()),
                    ("known", known.join(", ")),
                ],
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(known
        .iter()
        .filter(|k| list.iter().any(|t| t.trim() == k.as_str()))
        .cloned()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = MICROS_PER_MINUTE;

    #[test]
    fn a_stretch_runs_back_to_the_first_pause_as_long_as_the_gap() {
        let spells = [(0, 20 * MIN), (40 * MIN, 50 * MIN), (52 * MIN, 60 * MIN)];
        assert_eq!(stretch_micros(&spells, 61 * MIN, 10 * MIN), 18 * MIN);
        assert_eq!(stretch_micros(&spells, 70 * MIN, 10 * MIN), 0);
        assert_eq!(stretch_micros(&spells, 61 * MIN, 30 * MIN), 38 * MIN);
        assert_eq!(stretch_micros(&[], 61 * MIN, 10 * MIN), 0);
    }

    #[test]
    fn unknown_categories_are_named_with_the_known_ones() {
        let known = SensitivePolicy::default().categories();
        let err = parse_opt_ins(
            &["violence".into(), "gore".into()],
            &known,
            "/sensitive_opt_in",
        )
        .expect_err("gore is unknown");
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].path, "/sensitive_opt_in/1");
        assert_eq!(
            err[0].args,
            vec![
                ("value", "gore".to_string()),
                ("known", "violence, sexual, hate, self-harm".to_string())
            ]
        );
        let ok = parse_opt_ins(
            &["hate".into(), "violence".into(), "hate".into()],
            &known,
            "/x",
        );
        assert_eq!(ok, Ok(vec!["violence".to_string(), "hate".to_string()]));
    }

    #[test]
    fn a_project_may_declare_only_the_operator_s_categories_or_ones_it_kept() {
        let p = SensitivePolicy {
            extra_categories: vec!["animal-cruelty".into()],
            ..SensitivePolicy::default()
        };
        let list: Vec<String> = ["hate", "animal-cruelty", "gore", "none", "Bad Name"]
            .map(String::from)
            .to_vec();
        let problems = p.unknown_declared(&list, &[]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "/sensitive_content/2");
        assert_eq!(
            problems[0].args,
            vec![
                ("item", "gore".to_string()),
                (
                    "choices",
                    "violence, sexual, hate, self-harm, animal-cruelty, none".to_string()
                )
            ]
        );
        let gore = SensitiveContent::parse("gore").expect("a category's form");
        assert!(p.unknown_declared(&list, &[gore]).is_empty());
    }

    #[test]
    fn the_cap_may_be_lowered_but_never_raised() {
        let mut p = SensitivePolicy::default();
        assert!(p.problems().is_empty());
        p.daily_cap_minutes = 121;
        assert_eq!(p.problems().len(), 1);
        p.daily_cap_minutes = 60;
        p.category_caps.insert("violence".into(), 90);
        assert_eq!(p.problems().len(), 1);
        p.category_caps.insert("violence".into(), 30);
        assert!(p.problems().is_empty());
        assert_eq!(p.cap_minutes("violence"), 30);
        assert_eq!(p.cap_minutes("hate"), 60);
    }
}
