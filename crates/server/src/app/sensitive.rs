//! Sensitive content (issue 16) around the work itself: measured time on an answered
//! item of a project declaring categories is added to the worker's exposure of the
//! day (what the claim's cap reads, `store::sensitive`), and the task page and the
//! settings page show it. Time on a skipped item is not counted: skipping costs nothing.

use crate::AppState;
use crate::app::AppResult;
use crate::auth::Caller;
use handprint_core::ProjectId;
use handprint_core::project::ProjectSpec;
use handprint_store::sensitive::{MICROS_PER_DAY, day_of};
use handprint_store::work::AssignmentRow;

/// Whether skips must not count in the project's rules: it declares sensitive content.
pub fn skips_are_free(spec: &ProjectSpec) -> bool {
    spec.sensitive_content.iter().any(|c| !c.is_none())
}

/// After an answer is stored: add its measured time to the worker's exposure of the
/// day in each category its project declares (`spec`, the project row the submit
/// already read: a project without sensitive content costs no statement). Logged,
/// never failing the submission (the answer is kept either way).
pub async fn after_answer(state: &AppState, spec: &ProjectSpec, answer: &AssignmentRow) {
    if let Err(e) = record(state, spec, answer).await {
        tracing::error!(error = ?e, assignment = %answer.id, "exposure could not be recorded");
    }
}

async fn record(state: &AppState, spec: &ProjectSpec, answer: &AssignmentRow) -> AppResult<()> {
    let policy = &state.settings.sensitive;
    let mut caps: Vec<(String, i64)> = spec
        .sensitive_content
        .iter()
        .filter(|c| !c.is_none())
        .map(|c| (c.as_str().to_string(), policy.cap_micros(c.as_str())))
        .collect();
    if caps.is_empty() {
        return Ok(());
    }
    caps.sort();
    caps.dedup();
    let micros = answer.working_micros.unwrap_or(0);
    Ok(state
        .db
        .add_exposure(&answer.worker_id, &caps, state.now(), micros)
        .await?)
}

/// At start-up: drop workers' opt-ins to categories the operator no longer offers.
/// Projects keep declaring such a category (their text is never dropped), so with no
/// opt-in left nobody is leased their items until the requester changes them; a
/// category added back needs the workers' consent again.
pub async fn drop_removed_opt_ins(state: &AppState) -> AppResult<()> {
    let dropped = state
        .db
        .drop_opt_ins_except(&state.settings.sensitive.categories())
        .await?;
    if dropped > 0 {
        tracing::info!(
            dropped,
            "opt-ins to sensitive categories no longer configured were dropped"
        );
    }
    Ok(())
}

/// One category's exposure today against its cap, in whole minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Today {
    pub category: String,
    pub minutes: i64,
    pub cap_minutes: i64,
}

/// What a page of a sensitive project shows the worker: each category's minutes today,
/// whether a break is due, and the operator's wellbeing link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wellbeing {
    pub today: Vec<Today>,
    pub break_due: bool,
    pub wellbeing_url: Option<String>,
}

/// The wellbeing panel for the caller on `project`; None when it declares no category.
pub async fn for_project(
    state: &AppState,
    caller: &Caller,
    project: &ProjectId,
) -> AppResult<Option<Wellbeing>> {
    let categories = state.db.project_sensitive(project).await?;
    if categories.is_empty() {
        return Ok(None);
    }
    let now = state.now();
    let policy = &state.settings.sensitive;
    let exposure = state.db.exposure(caller.id(), day_of(now)).await?;
    let today = categories
        .into_iter()
        .map(|category| Today {
            minutes: exposure
                .iter()
                .filter(|e| e.category == category && e.day == day_of(now))
                .map(|e| e.micros)
                .sum::<i64>()
                / 60_000_000,
            cap_minutes: policy.cap_minutes(&category),
            category,
        })
        .collect();
    // A stretch is at most a day long in practice; reading a day back is enough.
    let spells: Vec<(i64, i64)> = state
        .db
        .sensitive_spells(caller.id(), now - MICROS_PER_DAY)
        .await?
        .into_iter()
        .map(|s| (s.from, s.to))
        .collect();
    Ok(Some(Wellbeing {
        today,
        break_due: policy.break_due(&spells, now),
        wellbeing_url: policy.wellbeing_url.clone(),
    }))
}

/// A category's exposure over recent days, in minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExposureLine {
    pub category: String,
    pub today_minutes: i64,
    pub week_minutes: i64,
    pub month_minutes: i64,
}

/// The caller's exposure per category: today, the last 7 and the last 30 UTC days
/// (today included); categories without any are left out, and kept even after the
/// operator removed them from the configuration.
pub async fn exposure(state: &AppState, caller: &Caller) -> AppResult<Vec<ExposureLine>> {
    let today = day_of(state.now());
    let rows = state.db.exposure(caller.id(), today - 29).await?;
    let mut lines: Vec<ExposureLine> = Vec::new();
    // The operator's categories in their order, then any the operator removed since.
    let mut categories = state.settings.sensitive.categories();
    for r in &rows {
        if !categories.contains(&r.category) {
            categories.push(r.category.clone());
        }
    }
    for category in categories {
        let sum = |from: i64| {
            rows.iter()
                .filter(|r| r.category == category && r.day >= from)
                .map(|r| r.micros)
                .sum::<i64>()
                / 60_000_000
        };
        if rows.iter().any(|r| r.category == category) {
            lines.push(ExposureLine {
                today_minutes: sum(today),
                week_minutes: sum(today - 6),
                month_minutes: sum(today - 29),
                category,
            });
        }
    }
    Ok(lines)
}

/// Why the caller is not offered `project`'s items for its sensitive content: the
/// categories they have not opted in to, then each whose cap they reached today (the
/// claim's own condition, said in words for the find-work card and the API).
pub async fn why_not(
    state: &AppState,
    caller: &Caller,
    project: &ProjectId,
) -> AppResult<Vec<handprint_core::Msg>> {
    let categories = state.db.project_sensitive(project).await?;
    if categories.is_empty() {
        return Ok(Vec::new());
    }
    let opted = state.db.sensitive_opt_ins(caller.id()).await?;
    let missing: Vec<&str> = categories
        .iter()
        .filter(|c| !opted.contains(c))
        .map(String::as_str)
        .collect();
    let mut reasons = Vec::new();
    if !missing.is_empty() {
        reasons.push(handprint_core::Msg::coded(
            "why-sensitive-opt-in",
            vec![("kinds", missing.join(", "))],
        ));
    }
    let today = day_of(state.now());
    for e in state.db.exposure(caller.id(), today).await? {
        let cap = state.settings.sensitive.cap_micros(&e.category);
        if categories.contains(&e.category) && e.micros >= cap {
            reasons.push(handprint_core::Msg::coded(
                "why-sensitive-cap",
                vec![
                    ("kind", e.category.clone()),
                    ("minutes", (cap / 60_000_000).to_string()),
                ],
            ));
        }
    }
    Ok(reasons)
}
