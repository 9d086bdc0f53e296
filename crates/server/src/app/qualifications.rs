//! Qualifications: defined by a requester organisation (its projects may ask for
//! them) or by an operator (any project may); granted and revoked by a person with a
//! written reason, every change kept (`qualification_events`). The API's
//! `/api/v1/qualifications…` and `/api/v1/me/qualifications` call these.
//!
//! A test's items, takings and pay are `app::qualification_tests`'s; a performance
//! qualification's terms (`min_controls`, `pass_score`) are checked here and its
//! grants are made and taken by `app::performance` after each answer.

use crate::app::AppResult;
use crate::auth::{Caller, pseudonym};
use crate::{AppError, AppState};
use handprint_core::account::Role;
use handprint_core::eligibility::{QualificationKind, parse_score};
use handprint_core::template::FieldProblem;
use handprint_core::{Msg, QualificationId, UserId};
use handprint_store::qualifications::{
    HeldRow, ManualChange, NewQualification, PerformanceTerms, QualificationEventRow,
    QualificationFilter, QualificationRow,
};
use serde::Deserialize;

/// A new qualification as sent: `{name, description, kind}`, and for a test its
/// template, pass score, cooldown, reward per item, time per item and funded takers.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QualificationInput {
    pub name: Option<String>,
    pub description: Option<String>,
    /// "manual" (granted by a person), "test" (scored items) or "performance"
    /// (control accuracy).
    pub kind: Option<String>,
    /// A test's template: the same definition as a project's.
    #[schema(value_type = Option<Object>)]
    pub template: Option<serde_json::Value>,
    /// A test's pass score, percent of test items answered right (0 to 100); a
    /// performance qualification's, percent of control items answered right.
    pub pass_score: Option<i64>,
    /// A performance qualification's control answers needed before it is granted
    /// (1 to 1000).
    pub min_controls: Option<i64>,
    /// How long after a failed taking the test may be taken again.
    pub retake_after_seconds: Option<i64>,
    /// Paid for every test and training item answered (a money amount, like a project's reward).
    pub reward: Option<String>,
    /// The time one item takes: the reward must meet the pay floor on it.
    pub estimated_seconds: Option<i64>,
    /// How many takings of every item adding items escrows (1 to 10000).
    pub max_takers: Option<i64>,
    /// PATCH only: `true` closes a test to new takings and returns its unused escrow.
    pub closed: Option<bool>,
}

/// A grant: the worker (as the requester sees them: the pseudonym of the exports;
/// an operator gives the account id), a score from 0 to 100, and why.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantInput {
    pub worker: Option<String>,
    pub score: Option<i64>,
    pub reason: Option<String>,
}

/// A revocation: why.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevokeInput {
    pub reason: Option<String>,
}

/// What a worker holds, and every grant and revocation about them.
#[derive(Debug, Clone)]
pub struct Mine {
    pub held: Vec<HeldRow>,
    pub history: Vec<QualificationEventRow>,
}

fn invalid(problems: Vec<FieldProblem>) -> AppError {
    AppError::invalid(
        Msg::coded("err-qualification-invalid", Vec::new()),
        problems,
    )
}

/// A required text of at most `max` characters, trimmed.
fn text(value: Option<&String>, path: &str, max: usize, p: &mut Vec<FieldProblem>) -> String {
    let t = value.map(|s| s.trim().to_string()).unwrap_or_default();
    if t.is_empty() {
        p.push(FieldProblem::coded(path, "problem-required", Vec::new()));
    } else if t.chars().count() > max {
        p.push(FieldProblem::coded(
            path,
            "problem-too-long",
            vec![("max", max.to_string())],
        ));
    }
    t
}

/// `min_controls` is only for performance qualifications.
fn no_performance_fields(input: &QualificationInput, p: &mut Vec<FieldProblem>) {
    if input.min_controls.is_some() {
        p.push(FieldProblem::coded(
            "/min_controls",
            "problem-qualification-performance-only",
            Vec::new(),
        ));
    }
}

/// A whole number in `min..=max` at `path`: required unless there is a `current` value.
fn bounded(
    value: Option<i64>,
    current: Option<i64>,
    (path, min, max): (&str, i64, i64),
    p: &mut Vec<FieldProblem>,
) -> i64 {
    match value.or(current) {
        Some(v) if (min..=max).contains(&v) => v,
        Some(_) => {
            p.push(FieldProblem::coded(
                path,
                "problem-qualification-between",
                vec![("min", min.to_string()), ("max", max.to_string())],
            ));
            0
        }
        None => {
            p.push(FieldProblem::coded(path, "problem-required", Vec::new()));
            0
        }
    }
}

/// A performance qualification's terms as sent (over `current` ones for a PATCH);
/// the fields of a test are refused.
fn performance_terms(
    input: &QualificationInput,
    current: Option<PerformanceTerms>,
    p: &mut Vec<FieldProblem>,
) -> Option<PerformanceTerms> {
    let given = [
        ("/template", input.template.is_some()),
        (
            "/retake_after_seconds",
            input.retake_after_seconds.is_some(),
        ),
        ("/reward", input.reward.is_some()),
        ("/estimated_seconds", input.estimated_seconds.is_some()),
        ("/max_takers", input.max_takers.is_some()),
    ];
    for (path, present) in given {
        if present {
            p.push(FieldProblem::coded(
                path,
                "problem-qualification-test-only",
                Vec::new(),
            ));
        }
    }
    let before = p.len();
    let min_controls = bounded(
        input.min_controls,
        current.map(|c| c.min_controls),
        ("/min_controls", 1, 1000),
        p,
    );
    let pass_score = bounded(
        input.pass_score,
        current.map(|c| c.pass_score),
        ("/pass_score", 0, 100),
        p,
    );
    (p.len() == before).then_some(PerformanceTerms {
        min_controls,
        pass_score,
    })
}

/// Who may define a qualification: a requester (for their organisation) or an operator
/// (for everyone).
fn definer(caller: &Caller) -> AppResult<Option<handprint_core::OrganizationId>> {
    match caller.role() {
        Role::Requester => Ok(Some(caller.organization()?.clone())),
        Role::Operator => Ok(None),
        Role::Worker => Err(AppError::Forbidden(Msg::coded(
            "err-qualification-definers",
            Vec::new(),
        ))),
    }
}

/// Create a qualification: the caller's organisation's, or an operator's for everyone.
pub async fn create(
    state: &AppState,
    caller: &Caller,
    input: &QualificationInput,
) -> AppResult<QualificationRow> {
    let organization = definer(caller)?;
    let mut p = Vec::new();
    let name = text(input.name.as_ref(), "/name", 200, &mut p);
    let description = text(input.description.as_ref(), "/description", 5_000, &mut p);
    let kind_text = input.kind.as_deref().unwrap_or("").trim();
    let kind = QualificationKind::parse(kind_text);
    let mut performance = None;
    let test = match kind {
        Some(QualificationKind::Test) => {
            no_performance_fields(input, &mut p);
            crate::app::qualification_tests::terms(state, caller, input, &mut p)
        }
        Some(QualificationKind::Performance) => {
            performance = performance_terms(input, None, &mut p);
            None
        }
        _ => {
            no_performance_fields(input, &mut p);
            crate::app::qualification_tests::no_test_fields(
                input,
                "problem-qualification-test-only",
                &mut p,
            );
            None
        }
    };
    if input.closed.is_some() {
        p.push(FieldProblem::coded(
            "/closed",
            "problem-qualification-closed-on-create",
            Vec::new(),
        ));
    }
    match kind {
        Some(_) => {}
        None => p.push(FieldProblem::coded(
            "/kind",
            "problem-qualification-kind",
            vec![("value", kind_text.to_string())],
        )),
    }
    if !p.is_empty() {
        return Err(invalid(p));
    }
    Ok(state
        .db
        .create_qualification(
            &NewQualification {
                organization: organization.as_ref(),
                kind: kind.unwrap_or(QualificationKind::Manual),
                name: &name,
                description: &description,
                created_by: caller.id(),
                test: test.as_ref(),
                performance,
            },
            state.now(),
        )
        .await?)
}

/// The qualifications the caller may use: a requester's organisation's and the
/// operators'; every one for an operator; the operators' and those of organisations
/// for a worker (what projects may ask of them).
pub async fn list(state: &AppState, caller: &Caller) -> AppResult<Vec<QualificationRow>> {
    let filter = match caller.role() {
        Role::Requester => QualificationFilter::UsableBy(caller.organization()?),
        Role::Operator | Role::Worker => QualificationFilter::All,
    };
    Ok(state.db.qualifications(filter).await?)
}

/// One qualification the caller may read: any of them (a worker reads what a project
/// asks of them), but only its definer changes it or grants it.
pub async fn read(
    state: &AppState,
    caller: &Caller,
    id: &QualificationId,
) -> AppResult<QualificationRow> {
    let row = state.db.qualification(id).await?;
    if caller.role() == Role::Requester
        && let Some(org) = row.organization()
        && caller.organization()? != &org
    {
        return Err(AppError::not_found("qualification"));
    }
    Ok(row)
}

/// A qualification the caller defined (its organisation's, or an operator's for an
/// operator): 404 for another organisation's, 403 for an operator's when the caller
/// is a requester.
async fn owned(
    state: &AppState,
    caller: &Caller,
    id: &QualificationId,
) -> AppResult<QualificationRow> {
    let row = read(state, caller, id).await?;
    let mine = match (caller.role(), row.organization()) {
        (Role::Operator, None) => true,
        (Role::Requester, Some(org)) => caller.organization()? == &org,
        _ => false,
    };
    if mine {
        Ok(row)
    } else {
        Err(AppError::Forbidden(Msg::coded(
            "err-qualification-not-yours",
            Vec::new(),
        )))
    }
}

/// Change a qualification's name or description (its kind stays).
pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: &QualificationId,
    input: &QualificationInput,
) -> AppResult<QualificationRow> {
    let row = owned(state, caller, id).await?;
    let mut p = Vec::new();
    let performance = if row.kind == QualificationKind::Performance {
        let current = PerformanceTerms {
            min_controls: row.min_controls.unwrap_or(1),
            pass_score: row.pass_score.unwrap_or(100),
        };
        performance_terms(input, Some(current), &mut p)
    } else {
        no_performance_fields(input, &mut p);
        crate::app::qualification_tests::no_test_fields(
            input,
            "problem-qualification-test-fixed",
            &mut p,
        );
        None
    };
    let close = match input.closed {
        Some(true) if row.kind == QualificationKind::Test => true,
        Some(true) => {
            p.push(FieldProblem::coded(
                "/closed",
                "problem-qualification-close-test-only",
                Vec::new(),
            ));
            false
        }
        Some(false) if row.closed_at.is_some() => {
            p.push(FieldProblem::coded(
                "/closed",
                "problem-qualification-reopen",
                Vec::new(),
            ));
            false
        }
        _ => false,
    };
    if input
        .kind
        .as_deref()
        .is_some_and(|k| k.trim() != row.kind.as_str())
    {
        p.push(FieldProblem::coded(
            "/kind",
            "problem-qualification-kind-fixed",
            Vec::new(),
        ));
    }
    let name = match &input.name {
        Some(_) => text(input.name.as_ref(), "/name", 200, &mut p),
        None => row.name.clone(),
    };
    let description = match &input.description {
        Some(_) => text(input.description.as_ref(), "/description", 5_000, &mut p),
        None => row.description.clone(),
    };
    if !p.is_empty() {
        return Err(invalid(p));
    }
    let now = state.now();
    state
        .db
        .update_qualification(id, &name, &description, now)
        .await?;
    if close {
        state.db.close_test(id, now).await?;
    }
    if let Some(terms) = performance {
        state.db.set_performance_terms(id, terms, now).await?;
    }
    Ok(state.db.qualification(id).await?)
}

/// The worker a requester names by the pseudonym of their exports (any project of the
/// organisation), or an operator by account id.
pub(crate) async fn resolve_worker(
    state: &AppState,
    caller: &Caller,
    worker: Option<&str>,
    path: &str,
) -> AppResult<UserId> {
    let named = worker.map(str::trim).unwrap_or_default();
    if named.is_empty() {
        return Err(invalid(vec![FieldProblem::coded(
            path,
            "problem-required",
            Vec::new(),
        )]));
    }
    let found = match caller.role() {
        Role::Operator => match state.db.user(&UserId::from(named)).await {
            Ok(user) => (user.role == Role::Worker).then_some(user.id),
            Err(handprint_store::StoreError::NotFound(_)) => None,
            Err(e) => return Err(e.into()),
        },
        _ => state
            .db
            .organization_workers(caller.organization()?)
            .await?
            .into_iter()
            .find(|(salt, w)| pseudonym(salt, w) == named)
            .map(|(_, w)| w),
    };
    found.ok_or_else(|| {
        invalid(vec![FieldProblem::coded(
            path,
            "problem-worker-unknown",
            vec![("value", named.to_string())],
        )])
    })
}

/// Grant a manual qualification to a worker at a score, with a written reason (or
/// change the score of a grant). Kept in the history with who did it and when.
pub async fn grant(
    state: &AppState,
    caller: &Caller,
    id: &QualificationId,
    input: &GrantInput,
) -> AppResult<QualificationRow> {
    let row = owned(state, caller, id).await?;
    let mut p = Vec::new();
    let reason = text(input.reason.as_ref(), "/reason", 2_000, &mut p);
    let score = match input.score {
        None => {
            p.push(FieldProblem::coded(
                "/score",
                "problem-required",
                Vec::new(),
            ));
            0
        }
        Some(s) => parse_score(s, "/score").unwrap_or_else(|e| {
            p.push(e);
            0
        }),
    };
    if !p.is_empty() {
        return Err(invalid(p));
    }
    let worker = resolve_worker(state, caller, input.worker.as_deref(), "/worker").await?;
    state
        .db
        .change_grant(&ManualChange {
            qualification: &row.id,
            worker: &worker,
            score: Some(score),
            reason: &reason,
            by: caller.id(),
            now: state.now(),
        })
        .await?;
    Ok(state.db.qualification(id).await?)
}

/// Revoke a worker's qualification with a written reason; 404 when they do not hold it.
pub async fn revoke(
    state: &AppState,
    caller: &Caller,
    id: &QualificationId,
    worker: &str,
    input: &RevokeInput,
) -> AppResult<()> {
    let row = owned(state, caller, id).await?;
    let mut p = Vec::new();
    let reason = text(input.reason.as_ref(), "/reason", 2_000, &mut p);
    if !p.is_empty() {
        return Err(invalid(p));
    }
    let worker = resolve_worker(state, caller, Some(worker), "/worker").await?;
    let revoked = state
        .db
        .change_grant(&ManualChange {
            qualification: &row.id,
            worker: &worker,
            score: None,
            reason: &reason,
            by: caller.id(),
            now: state.now(),
        })
        .await?;
    if revoked {
        Ok(())
    } else {
        Err(AppError::NotFound(Msg::coded(
            "err-qualification-not-held",
            Vec::new(),
        )))
    }
}

/// The calling worker's qualifications with their scores, and every grant and
/// revocation about them with its reason.
pub async fn mine(state: &AppState, caller: &Caller) -> AppResult<Mine> {
    caller.require(Role::Worker)?;
    Ok(Mine {
        held: state.db.held_qualifications(caller.id()).await?,
        history: state.db.qualification_events_of(caller.id()).await?,
    })
}
