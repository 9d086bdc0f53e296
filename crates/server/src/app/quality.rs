//! Quality control for requesters and the rules engine.
//!
//! The workers' table of a project: per worker their answers, control accuracy with
//! its 95 % Wilson interval, skill from the aggregation model (Dawid–Skene confusion
//! accuracy, GLAD ability) and the decisions in force about them on the project.
//!
//! The rules engine runs after each accepted answer (`app::work::submit`), for the
//! submitting worker on that project only: each rule's numbers come from queries
//! bounded by that worker's work on the project (and the project's latest
//! `MEDIAN_WINDOW` working times for `too_fast`), and a rule whose decision about
//! the worker is still in force is not evaluated again.

use crate::AppState;
use crate::app::access::owned_project;
use crate::app::{AppError, AppResult};
use crate::auth::{Caller, pseudonym};
use handprint_aggregate::{CategoricalAggregator, DatasetBuilder, DawidSkene, Glad};
use handprint_core::account::Role;
use handprint_core::decision::DecisionKind;
use handprint_core::quality::{
    Accuracy, Action, Condition, QualityRule, WorkerCounts, answer_matches, median, wilson,
};
use handprint_core::review::{agrees_with_majority, text_label};
use handprint_core::template::{Template, TemplateKind};
use handprint_core::{ProjectId, Timestamp, UserId};
use handprint_store::decisions::{DecisionRow, NewDecision};
use handprint_store::projects::ProjectRow;
use handprint_store::quality::ScoredAnswer;
use std::collections::BTreeMap;

/// One worker's row of the quality table.
#[derive(Debug, Clone)]
pub struct WorkerQuality {
    /// The pseudonym the requester sees in exports.
    pub worker: String,
    pub answers: i64,
    pub controls_answered: i64,
    pub controls_correct: i64,
    /// None at 0 controls answered.
    pub accuracy: Option<Accuracy>,
    /// Dawid–Skene accuracy and GLAD ability; None where not computable (not a
    /// choice project, or the model did not fit).
    pub dawid_skene: Option<f64>,
    pub glad: Option<f64>,
    /// The median working time of the worker's answers, in seconds.
    pub median_seconds: Option<f64>,
    /// Decisions about the worker on this project in force now.
    pub decisions: Vec<DecisionRow>,
}

/// A project the caller may read quality figures of: its own organisation's
/// (requester) or any (operator).
async fn quality_project(
    state: &AppState,
    caller: &Caller,
    id: &ProjectId,
) -> AppResult<ProjectRow> {
    if caller.role() == Role::Operator {
        return Ok(state.db.project(id).await?);
    }
    owned_project(state, caller, id).await
}

/// Whether an answer (JSON text) matches its control item's known answer.
fn correct(template: &Template, a: &ScoredAnswer) -> Option<bool> {
    let known: serde_json::Value = serde_json::from_str(a.known_answer.as_deref()?).ok()?;
    let answer: serde_json::Value = serde_json::from_str(&a.answer).ok()?;
    Some(answer_matches(template, &known, &answer))
}

/// The quality table of a project, one row per worker who answered, in pseudonym order.
pub async fn workers(
    state: &AppState,
    caller: &Caller,
    id: &ProjectId,
) -> AppResult<(ProjectRow, Vec<WorkerQuality>)> {
    let project = quality_project(state, caller, id).await?;
    let template = project.spec()?.template;
    let answers = state.db.scored_answers(&project.id).await?;
    let decisions = state
        .db
        .project_decisions_in_force(&project.id, state.now())
        .await?;
    let skills = match &template {
        Some(t) => {
            let (t, rows) = (t.clone(), answers.clone());
            tokio::task::spawn_blocking(move || skills(&t, &rows))
                .await
                .map_err(AppError::internal)?
        }
        None => BTreeMap::new(),
    };
    let mut by_worker: BTreeMap<String, Vec<&ScoredAnswer>> = BTreeMap::new();
    for a in &answers {
        by_worker
            .entry(a.worker_id.to_string())
            .or_default()
            .push(a);
    }
    let mut rows: Vec<WorkerQuality> = by_worker
        .into_iter()
        .map(|(worker_id, list)| {
            let worker = UserId::from(worker_id.clone());
            let (mut answered, mut right) = (0, 0);
            for a in &list {
                if let Some(t) = &template
                    && a.known_answer.is_some()
                {
                    answered += 1;
                    right += i64::from(correct(t, a) == Some(true));
                }
            }
            let mut times: Vec<i64> = list.iter().map(|a| a.working_micros).collect();
            let (ds, glad) = skills.get(&worker_id).copied().unwrap_or((None, None));
            WorkerQuality {
                worker: pseudonym(&project.pseudonym_salt, &worker),
                answers: list.len() as i64,
                controls_answered: answered,
                controls_correct: right,
                accuracy: wilson(right, answered),
                dawid_skene: ds,
                glad,
                median_seconds: median(&mut times).map(|m| m as f64 / 1e6),
                decisions: decisions
                    .iter()
                    .filter(|d| d.worker_id == worker)
                    .cloned()
                    .collect(),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.worker.cmp(&b.worker));
    Ok((project, rows))
}

/// Per worker id: Dawid–Skene accuracy and GLAD ability, for choice and rating
/// projects (None where a model does not fit).
fn skills(
    template: &Template,
    answers: &[ScoredAnswer],
) -> BTreeMap<String, (Option<f64>, Option<f64>)> {
    let mut out = BTreeMap::new();
    if !matches!(
        template.kind(),
        TemplateKind::SingleChoice | TemplateKind::MultiChoice | TemplateKind::Rating
    ) {
        return out;
    }
    let mut builder = DatasetBuilder::default();
    for a in answers {
        let label = serde_json::from_str(&a.answer)
            .ok()
            .and_then(|v| template.categorical_label(&v));
        if let Some(label) = label {
            builder.push(a.worker_id.as_str(), a.task_id.as_str(), &label);
        }
    }
    let data = builder.build();
    if data.n_workers() == 0 {
        return out;
    }
    let ds = DawidSkene::default().fit(&data).ok();
    let glad = Glad::default().fit(&data).ok();
    for (w, name) in data.worker_names().iter().enumerate() {
        let d = ds
            .as_ref()
            .and_then(|r| r.confusion_accuracy(w))
            .filter(|x| x.is_finite());
        let g = glad
            .as_ref()
            .and_then(|r| r.skills.as_ref()?.get(w).copied())
            .filter(|x| x.is_finite());
        out.insert(name.clone(), (d, g));
    }
    out
}

/// Evaluate the project's quality rules for `worker` after an accepted answer, and
/// record what they decide. Never fails the submission: a problem is logged.
pub async fn after_answer(state: &AppState, project: &ProjectRow, worker: &UserId) {
    if let Err(e) = evaluate(state, project, worker).await {
        tracing::error!(error = ?e, project = %project.id, "the quality rules could not be evaluated");
    }
}

/// The decision kind each action records.
fn kind_of(action: &Action) -> DecisionKind {
    match action {
        Action::Warn {} => DecisionKind::Warned,
        Action::Restrict { .. } => DecisionKind::Restricted,
        Action::RequireQualification { .. } => DecisionKind::RequalificationRequired,
        Action::SecondOpinion { .. } => DecisionKind::SecondOpinion,
    }
}

async fn evaluate(state: &AppState, project: &ProjectRow, worker: &UserId) -> AppResult<()> {
    let project_id = &project.id;
    let spec = project.spec()?;
    if spec.quality_rules.is_empty() {
        return Ok(());
    }
    let now = state.now();
    let mut numbers = Numbers::default();
    for (i, rule) in spec.quality_rules.iter().enumerate() {
        // On sensitive content, "Skip, no cost" is never held against the worker.
        if crate::app::sensitive::skips_are_free(&spec)
            && matches!(rule.when, Condition::SkipsAbove { .. })
        {
            continue;
        }
        let made_by = format!("quality_rule:{i}");
        let kind = kind_of(&rule.action);
        if state
            .db
            .rule_decision_in_force(worker, project_id, kind, &made_by, now)
            .await?
        {
            continue;
        }
        // After a reversal on review, the rule weighs only answers submitted since.
        let since = state
            .db
            .rule_reversed_at(worker, project_id, &made_by)
            .await?;
        let mut fresh = Numbers {
            since,
            ..Numbers::default()
        };
        let numbers = if since.is_some() {
            &mut fresh
        } else {
            &mut numbers
        };
        let counts = numbers
            .for_rule(state, project, spec.template.as_ref(), worker, rule)
            .await?;
        let Some(inputs) = rule.when.holds(&counts) else {
            continue;
        };
        decide(state, project, worker, rule, &made_by, &inputs).await?;
    }
    Ok(())
}

/// The numbers the rules read, each fetched once per evaluation and only if a rule needs it.
/// With `since`, the worker's own answers count only if submitted after it.
#[derive(Default)]
struct Numbers {
    since: Option<Timestamp>,
    controls: Option<(i64, i64)>,
    fast: BTreeMap<i64, i64>,
    disagreement: Option<(i64, i64)>,
    returns: Option<(i64, i64)>,
    own: Option<Vec<ScoredAnswer>>,
}

impl Numbers {
    async fn own<'a>(
        &'a mut self,
        state: &AppState,
        project: &ProjectId,
        worker: &UserId,
    ) -> AppResult<&'a [ScoredAnswer]> {
        if self.own.is_none() {
            let mut own = state.db.worker_scored_answers(project, worker).await?;
            if let Some(since) = self.since {
                own.retain(|a| a.ended_at.is_some_and(|t| t > since));
            }
            self.own = Some(own);
        }
        Ok(self.own.as_deref().unwrap_or_default())
    }

    async fn for_rule(
        &mut self,
        state: &AppState,
        project: &ProjectRow,
        template: Option<&Template>,
        worker: &UserId,
        rule: &QualityRule,
    ) -> AppResult<WorkerCounts> {
        let mut c = WorkerCounts::default();
        match rule.when {
            Condition::ControlAccuracyBelow { .. } => {
                if self.controls.is_none() {
                    let own = self.own(state, &project.id, worker).await?;
                    let (mut n, mut ok) = (0, 0);
                    if let Some(t) = template {
                        for a in own.iter().filter(|a| a.known_answer.is_some()) {
                            n += 1;
                            ok += i64::from(correct(t, a) == Some(true));
                        }
                    }
                    self.controls = Some((n, ok));
                }
                (c.controls_answered, c.controls_correct) = self.controls.unwrap_or_default();
            }
            Condition::TooFast {
                share_of_median_percent,
                ..
            } => {
                if !self.fast.contains_key(&share_of_median_percent) {
                    let mut times = state.db.recent_working_times(&project.id).await?;
                    let m = median(&mut times).unwrap_or(0);
                    let own = self.own(state, &project.id, worker).await?;
                    let fast = own
                        .iter()
                        .filter(|a| a.working_micros * 100 < share_of_median_percent * m)
                        .count() as i64;
                    self.fast.insert(share_of_median_percent, fast);
                }
                c.fast_answers = self
                    .fast
                    .get(&share_of_median_percent)
                    .copied()
                    .unwrap_or(0);
            }
            Condition::DisagreementAbove { .. } => {
                if self.disagreement.is_none() {
                    let beside = state.db.answers_beside_worker(&project.id, worker).await?;
                    self.disagreement =
                        Some(template.map_or((0, 0), |t| disagreements(t, &beside)));
                }
                (c.compared_answers, c.disagreements) = self.disagreement.unwrap_or_default();
            }
            Condition::SkipsAbove { .. } => {
                if self.returns.is_none() {
                    self.returns = Some(state.db.worker_returns(&project.id, worker).await?);
                }
                (c.leases, c.returned) = self.returns.unwrap_or_default();
            }
        }
        Ok(c)
    }
}

/// Of the worker's answers on items with two answers or more, how many were
/// compared with the majority label and how many disagree with it.
fn disagreements(template: &Template, beside: &[(String, String, bool)]) -> (i64, i64) {
    let label = |text: &str| -> Option<String> {
        let v: serde_json::Value = serde_json::from_str(text).ok()?;
        match template.kind() {
            TemplateKind::Text => v.as_str().map(text_label),
            _ => template.categorical_label(&v),
        }
    };
    let mut by_item: BTreeMap<&str, (Option<String>, Vec<String>)> = BTreeMap::new();
    for (item, answer, own) in beside {
        let entry = by_item.entry(item.as_str()).or_default();
        if let Some(l) = label(answer) {
            if *own {
                entry.0 = Some(l.clone());
            }
            entry.1.push(l);
        }
    }
    let (mut compared, mut disagree) = (0, 0);
    for (own, all) in by_item.values() {
        if let (Some(own), true) = (own, all.len() >= 2) {
            compared += 1;
            disagree += i64::from(!agrees_with_majority(own, all));
        }
    }
    (compared, disagree)
}

/// Make the rule's decision about the worker, with its effect, in one transaction.
async fn decide(
    state: &AppState,
    project: &ProjectRow,
    worker: &UserId,
    rule: &QualityRule,
    made_by: &str,
    inputs: &serde_json::Value,
) -> AppResult<()> {
    let now = state.now();
    let effect_until = match rule.action {
        Action::Restrict { days } => Some(now + days * 86_400 * 1_000_000),
        _ => None,
    };
    let decision = NewDecision {
        worker,
        organization: Some(&project.organization_id),
        project: Some(&project.id),
        qualification: None,
        kind: kind_of(&rule.action),
        rule: rule.when.name(),
        inputs,
        reason: reason_code(&rule.when),
        effect_until,
        made_by,
        now,
    };
    match &rule.action {
        Action::RequireQualification { qualification_id } => {
            let id = handprint_core::QualificationId::from(qualification_id.clone());
            state.db.revoke_by_rule(&decision, &id).await?;
        }
        Action::SecondOpinion { extra_answers } => {
            state
                .db
                .second_opinion_by_rule(&decision, *extra_answers)
                .await?;
        }
        Action::Warn {} | Action::Restrict { .. } => {
            state.db.record_rule_decision(&decision).await?;
        }
    }
    Ok(())
}

/// The coded reason of a rule's decision: the catalogue renders
/// `decision-reason-<code>` with the decision's inputs in the reader's language.
fn reason_code(condition: &Condition) -> &'static str {
    match condition {
        Condition::ControlAccuracyBelow { .. } => "control_accuracy",
        Condition::TooFast { .. } => "fast_answers",
        Condition::DisagreementAbove { .. } => "disagreement",
        Condition::SkipsAbove { .. } => "skips",
    }
}
