//! Performance qualifications (issue 13): a qualification held while the worker's
//! control accuracy — the percent of control items answered right, over their latest
//! [`SCORE_WINDOW`] control answers on the defining organisation's projects (every
//! project for an operator's qualification) — is at least its `pass_score`, once
//! `min_controls` control answers count.
//!
//! Recomputed after each submitted control answer (a bounded read; an answer to any
//! other item leaves every score as it was, and costs no read): reaching the pass score
//! grants it (decision `qualification_granted`), falling below takes it away
//! (`qualification_lost`, with `qualification_id` and `previous_score` in the inputs
//! so a reversal on review gives it back), and a score that moves on the same side
//! only updates the grant. After a loss is reversed, only control answers submitted
//! since count (the reviewer judged the earlier ones not to count against the worker).

use crate::AppState;
use crate::app::AppResult;
use handprint_core::decision::DecisionKind;
use handprint_core::quality::answer_matches;
use handprint_core::template::Template;
use handprint_core::{OrganizationId, UserId};
use handprint_store::decisions::NewDecision;
use handprint_store::performance::{ControlAnswer, PerformanceRow, SCORE_WINDOW};
use handprint_store::projects::ProjectRow;
use handprint_store::tasks::TaskRow;
use serde_json::{Value, json};

/// The rule and reason code of every performance decision.
pub const RULE: &str = "performance_score";

/// Recompute the worker's performance qualifications after an answer to `task` of
/// `project`, if it is a control item (only those count in a score); a failure is
/// logged (the answer itself is stored and paid either way).
pub async fn after_answer(state: &AppState, project: &ProjectRow, task: &TaskRow, worker: &UserId) {
    if task.known_answer.is_none() {
        return;
    }
    if let Err(e) = recompute(state, &project.organization_id, worker).await {
        tracing::error!(error = ?e, project = %project.id, "the performance qualifications could not be recomputed");
    }
}

async fn recompute(
    state: &AppState,
    organization: &OrganizationId,
    worker: &UserId,
) -> AppResult<()> {
    for q in state.db.performance_qualifications(organization).await? {
        rescore(state, &q, worker).await?;
    }
    Ok(())
}

/// Of these control answers, how many were answered and how many right.
fn counts(answers: &[ControlAnswer]) -> (i64, i64) {
    let (mut n, mut ok) = (0, 0);
    for a in answers {
        let parsed = (
            a.template
                .as_deref()
                .and_then(|t| serde_json::from_str::<Value>(t).ok())
                .and_then(|t| Template::parse(&t).ok()),
            serde_json::from_str::<Value>(&a.known_answer).ok(),
            serde_json::from_str::<Value>(&a.answer).ok(),
        );
        if let (Some(template), Some(known), Some(answer)) = parsed {
            n += 1;
            ok += i64::from(answer_matches(&template, &known, &answer));
        }
    }
    (n, ok)
}

async fn rescore(state: &AppState, q: &PerformanceRow, worker: &UserId) -> AppResult<()> {
    let since = state
        .db
        .performance_reversed_at(worker, &q.id)
        .await?
        .unwrap_or(i64::MIN);
    let answers = state
        .db
        .control_answers(worker, q.organization_id.as_deref(), since)
        .await?;
    let (answered, correct) = counts(&answers);
    if answered == 0 || answered < q.min_controls {
        return Ok(());
    }
    let score = correct * 100 / answered;
    let held = state.db.held_score(&q.id, worker).await?;
    let inputs = json!({
        "controls_answered": answered, "controls_correct": correct, "score": score,
        "pass_score": q.pass_score, "min_controls": q.min_controls, "window": SCORE_WINDOW,
        "qualification_id": q.id.to_string(),
    });
    let organization = q.organization_id.clone().map(OrganizationId::from);
    let decision = |kind| NewDecision {
        worker,
        organization: organization.as_ref(),
        project: None,
        qualification: Some(&q.id),
        kind,
        rule: RULE,
        inputs: &inputs,
        reason: RULE,
        effect_until: None,
        made_by: RULE,
        now: state.now(),
    };
    match held {
        None if score >= q.pass_score => {
            let d = decision(DecisionKind::QualificationGranted);
            state.db.grant_by_rule(&d, &q.id, score).await?;
        }
        Some(_) if score < q.pass_score => {
            let d = decision(DecisionKind::QualificationLost);
            state.db.revoke_by_rule(&d, &q.id).await?;
        }
        Some(held) if held != score => state.db.set_grant_score(&q.id, worker, score).await?,
        _ => {}
    }
    Ok(())
}
