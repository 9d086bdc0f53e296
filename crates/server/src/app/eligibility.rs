//! Eligibility: the languages a worker declares, the checks on what a project asks
//! (its qualifications must exist and be the organisation's own or an operator's),
//! and, for a worker who does not qualify, why not and what would qualify them.
//! The claim itself applies the same rule in SQL (`store::work::ELIGIBLE_SQL`).

use crate::app::AppResult;
use crate::auth::Caller;
use crate::{AppError, AppState};
use handprint_core::account::Role;
use handprint_core::eligibility::{
    Eligibility, Language, Listed, Shortfall, WorkerStanding, parse_languages, shortfalls,
};
use handprint_core::template::FieldProblem;
use handprint_core::{Msg, OrganizationId, QualificationId};
use handprint_store::projects::ProjectRow;
use handprint_store::worker_lists::WorkerList;
use serde::Deserialize;

/// The languages a worker declares: `{languages: ["fr", "mg"]}`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguagesInput {
    /// ISO 639-1 codes; replaces the whole list.
    pub languages: Option<Vec<String>>,
}

/// The languages the caller declares.
pub async fn languages(state: &AppState, caller: &Caller) -> AppResult<Vec<Language>> {
    Ok(state.db.worker_languages(caller.id()).await?)
}

/// Replace the languages the calling worker declares.
pub async fn set_languages(
    state: &AppState,
    caller: &Caller,
    input: &LanguagesInput,
) -> AppResult<Vec<Language>> {
    caller.require(Role::Worker)?;
    let Some(list) = &input.languages else {
        return Ok(state.db.worker_languages(caller.id()).await?);
    };
    let languages = parse_languages(list, "/languages")
        .map_err(|p| AppError::invalid(Msg::coded("err-languages-invalid", Vec::new()), p))?;
    state
        .db
        .set_worker_languages(caller.id(), &languages)
        .await?;
    Ok(languages)
}

/// Problems with the qualifications `eligibility` asks for, for a project of
/// `organization`: each must exist and be that organisation's own or an operator's.
pub async fn requirement_problems(
    state: &AppState,
    organization: &OrganizationId,
    eligibility: &Eligibility,
) -> AppResult<Vec<FieldProblem>> {
    let mut problems = Vec::new();
    for (i, r) in eligibility.qualifications.iter().enumerate() {
        let path = format!("/eligibility/qualifications/{i}/id");
        match state.db.qualification(&r.id).await {
            Ok(q) => {
                if q.organization().is_some_and(|o| o != *organization) {
                    problems.push(FieldProblem::coded(
                        path,
                        "problem-qualification-other-organization",
                        vec![("id", r.id.to_string())],
                    ));
                }
            }
            Err(handprint_store::StoreError::NotFound(_)) => problems.push(FieldProblem::coded(
                path,
                "problem-qualification-unknown",
                vec![("id", r.id.to_string())],
            )),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(problems)
}

/// The problems of the qualifications the quality rules name (as for eligibility:
/// one that exists and the organisation may use).
pub async fn rule_problems(
    state: &AppState,
    organization: &OrganizationId,
    rules: &[handprint_core::quality::QualityRule],
) -> AppResult<Vec<FieldProblem>> {
    let mut problems = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let handprint_core::quality::Action::RequireQualification { qualification_id } =
            &rule.action
        else {
            continue;
        };
        let id = QualificationId::from(qualification_id.clone());
        let path = format!("/quality_rules/{i}/action/require_qualification/qualification_id");
        match state.db.qualification(&id).await {
            Ok(q) if q.organization().is_some_and(|o| o != *organization) => {
                problems.push(FieldProblem::coded(
                    path,
                    "problem-qualification-other-organization",
                    vec![("id", qualification_id.clone())],
                ));
            }
            Ok(_) => {}
            Err(handprint_store::StoreError::NotFound(_)) => problems.push(FieldProblem::coded(
                path,
                "problem-qualification-unknown",
                vec![("id", qualification_id.clone())],
            )),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(problems)
}

/// Why the calling worker may not work on `project`, one message per condition they
/// miss, each saying what would qualify them; empty when they may (and for anyone
/// but a worker).
pub async fn why_not(
    state: &AppState,
    caller: &Caller,
    project: &ProjectRow,
) -> AppResult<Vec<Msg>> {
    if caller.role() != Role::Worker {
        return Ok(Vec::new());
    }
    // A quality rule's restriction in force (read from the decision log, as the claim does).
    let restriction = state
        .db
        .decision_in_force(
            caller.id(),
            handprint_core::decision::DecisionKind::Restricted,
            Some(&project.id),
            None,
            state.now(),
        )
        .await?
        .map(|d| {
            Msg::coded(
                "why-restricted",
                vec![(
                    "until",
                    d.effect_until
                        .map(handprint_core::clock::to_rfc3339)
                        .unwrap_or_default(),
                )],
            )
        });
    let mut reasons: Vec<Msg> = restriction.into_iter().collect();
    reasons.extend(crate::app::sensitive::why_not(state, caller, &project.id).await?);
    if project.restricted == 0 {
        return Ok(reasons);
    }
    reasons.extend(eligibility_shortfalls(state, caller, project).await?);
    Ok(reasons)
}

/// The eligibility conditions of a restricted project the worker misses.
async fn eligibility_shortfalls(
    state: &AppState,
    caller: &Caller,
    project: &ProjectRow,
) -> AppResult<Vec<Msg>> {
    let eligibility = project.spec()?.eligibility;
    let languages = state.db.worker_languages(caller.id()).await?;
    let grants: Vec<(QualificationId, i64)> = state
        .db
        .held_qualifications(caller.id())
        .await?
        .into_iter()
        .map(|h| (h.qualification_id, h.score))
        .collect();
    let listed = match state
        .db
        .listed(&project.organization_id, caller.id())
        .await?
    {
        Some(row) if row.list == WorkerList::Block => Listed::Blocked(row.reason),
        Some(_) => Listed::Included,
        None => Listed::Nowhere,
    };
    let standing = WorkerStanding {
        country: &caller.0.country,
        languages: &languages,
        grants: &grants,
        listed: &listed,
    };
    let mut out = Vec::new();
    for s in shortfalls(&eligibility, &standing) {
        out.push(match s {
            Shortfall::Country { allowed } => Msg::coded(
                "why-country",
                vec![
                    ("countries", codes(allowed.iter().map(|c| c.as_str()))),
                    ("yours", caller.0.country.clone()),
                ],
            ),
            Shortfall::Blocked { reason } => Msg::coded("why-blocked", vec![("reason", reason)]),
            Shortfall::NotIncluded => Msg::coded("why-not-included", Vec::new()),
            Shortfall::Languages { missing } => Msg::coded(
                "why-languages",
                vec![("languages", codes(missing.iter().map(Language::as_str)))],
            ),
            Shortfall::Qualification {
                id,
                min_score,
                held,
            } => {
                let q = state.db.qualification(&id).await?;
                if q.kind == handprint_core::eligibility::QualificationKind::Test {
                    out.push(test_to_take(state, q, min_score, held));
                    continue;
                }
                let who = if q.organization_id.is_some() {
                    "requester"
                } else {
                    "operator"
                };
                let mut args = vec![
                    ("name", q.name),
                    ("min", min_score.to_string()),
                    ("who", who.to_string()),
                ];
                match held {
                    Some(score) => {
                        args.push(("score", score.to_string()));
                        Msg::coded("why-qualification-low", args)
                    }
                    None => Msg::coded("why-qualification-missing", args),
                }
            }
        });
    }
    Ok(out)
}

/// What to say of a test qualification the worker lacks (or holds below the minimum):
/// the test to take, its items and what each pays.
fn test_to_take(
    state: &AppState,
    q: handprint_store::qualifications::QualificationRow,
    min_score: i64,
    held: Option<i64>,
) -> Msg {
    let reward = handprint_core::Money(q.reward.unwrap_or(0)).format(&state.settings.currency);
    let mut args = vec![
        ("name", q.name),
        ("min", min_score.to_string()),
        ("count", (q.test_items + q.training_items).to_string()),
        ("reward", reward),
        ("id", q.id.into_string()),
    ];
    match held {
        Some(score) => {
            args.push(("score", score.to_string()));
            Msg::coded("why-qualification-test-low", args)
        }
        None => Msg::coded("why-qualification-test", args),
    }
}

fn codes<'a>(list: impl Iterator<Item = &'a str>) -> String {
    list.collect::<Vec<_>>().join(", ")
}
