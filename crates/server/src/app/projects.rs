//! Projects: create and edit a draft, read them, and move them through their
//! lifecycle (publish, pause, resume, complete, cancel). The API's
//! `/api/v1/projects…` and the requester's pages call these.

use crate::app::AppResult;
use crate::app::access::{owned_project, readable_project};
use crate::auth::Caller;
use crate::{AppError, AppState};
use handprint_core::Msg;
use handprint_core::ProjectId;
use handprint_core::account::Role;
use handprint_core::project::{ProjectAction, ProjectSpec, ProjectState, SensitiveContent};
use handprint_core::template::FieldProblem;
use handprint_store::alerts::AlertReason;
use handprint_store::payfloor::FloorOutcome;
use handprint_store::projects::{ProjectFilter, ProjectRow};

use crate::app::money::project_fee;
pub use handprint_core::project::ProjectInput;

/// Create a draft project in the caller's organisation.
pub async fn create(
    state: &AppState,
    caller: &Caller,
    input: &ProjectInput,
) -> AppResult<ProjectRow> {
    let org = caller.organization()?.clone();
    let spec = with_offered_categories(
        ProjectSpec::parse(input, &state.settings.currency),
        state,
        input,
        &[],
    )?;
    check_requirements(state, &org, &spec).await?;
    Ok(state
        .db
        .create_project(&org, caller.id(), &spec, state.now())
        .await?)
}

/// The projects the caller sees listed: a requester's organisation's, the open
/// ones for a worker or an operator.
pub async fn list(state: &AppState, caller: &Caller) -> AppResult<Vec<ProjectRow>> {
    match caller.role() {
        Role::Requester => organization_projects(state, caller).await,
        Role::Worker | Role::Operator => Ok(state.db.projects(ProjectFilter::Active).await?),
    }
}

/// Every project of the caller's organisation.
pub async fn organization_projects(
    state: &AppState,
    caller: &Caller,
) -> AppResult<Vec<ProjectRow>> {
    Ok(state
        .db
        .projects(ProjectFilter::Organization(caller.organization()?))
        .await?)
}

/// One project the caller may read.
pub async fn read(state: &AppState, caller: &Caller, id: &ProjectId) -> AppResult<ProjectRow> {
    readable_project(state, caller, id).await
}

/// Change a project's fields. Drafts may change anything; a paused or active
/// project may not change its template, overlap or reward (work was done against them).
pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: &ProjectId,
    input: &ProjectInput,
) -> AppResult<ProjectRow> {
    let row = owned_project(state, caller, id).await?;
    let current = row.state();
    if !matches!(
        current,
        ProjectState::Draft | ProjectState::Active | ProjectState::Paused
    ) {
        return Err(AppError::Conflict(Msg::coded(
            "err-project-not-editable",
            vec![("state", current.as_str().to_string())],
        )));
    }
    if current != ProjectState::Draft {
        frozen_fields(input)?;
    }
    let before = row.spec()?;
    let spec = with_offered_categories(
        before.apply(input, &state.settings.currency),
        state,
        input,
        &before.sensitive_content,
    )?;
    if input.eligibility.is_some() || input.quality_rules.is_some() {
        check_requirements(state, &row.organization_id, &spec).await?;
    }
    if current == ProjectState::Active {
        let problems =
            spec.publish_problems(state.settings.pay_floor_per_hour, &state.settings.currency);
        if !problems.is_empty() {
            return Err(AppError::invalid(
                Msg::coded("err-project-active-incomplete", Vec::new()),
                problems,
            ));
        }
    }
    Ok(state
        .db
        .update_project(&row.id, &spec, current, state.now())
        .await?)
}

/// The checked spec, or one 422 with its problems and one per sensitive category of
/// `input` the operator does not offer (their list is known here, not in
/// `ProjectSpec::parse`); categories in `kept` (declared before this save) pass even
/// if the operator has removed them since.
fn with_offered_categories(
    checked: Result<ProjectSpec, Vec<FieldProblem>>,
    state: &AppState,
    input: &ProjectInput,
    kept: &[SensitiveContent],
) -> AppResult<ProjectSpec> {
    let unknown = match &input.sensitive_content {
        Some(list) => state.settings.sensitive.unknown_declared(list, kept),
        None => Vec::new(),
    };
    match checked {
        Ok(spec) if unknown.is_empty() => Ok(spec),
        Ok(_) => Err(AppError::invalid(invalid_fields(), unknown)),
        Err(mut problems) => {
            problems.extend(unknown);
            Err(AppError::invalid(invalid_fields(), problems))
        }
    }
}

/// 409 when a published project's input would change what workers accepted.
fn frozen_fields(input: &ProjectInput) -> AppResult<()> {
    let mut frozen = Vec::new();
    if input.template.is_some() {
        frozen.push("template");
    }
    if input.answers_per_task.is_some() {
        frozen.push("answers_per_task");
    }
    if input.overlap.is_some() {
        frozen.push("overlap");
    }
    if input.reward.is_some() {
        frozen.push("reward");
    }
    if frozen.is_empty() {
        return Ok(());
    }
    let fields = frozen.join(", ");
    Err(AppError::Conflict(Msg::coded(
        "err-project-frozen",
        vec![("fields", fields.clone())],
    )))
}

/// Open the project to workers. Every declaration must be complete and the pay at
/// or above the floor; the organisation's available balance must cover the escrow.
pub async fn publish(state: &AppState, caller: &Caller, id: &ProjectId) -> AppResult<ProjectRow> {
    change_state(state, caller, id, ProjectAction::Publish).await
}

/// Stop offering new tasks; live leases may still be submitted.
pub async fn pause(state: &AppState, caller: &Caller, id: &ProjectId) -> AppResult<ProjectRow> {
    change_state(state, caller, id, ProjectAction::Pause).await
}

/// Offer a paused project's tasks again (after paying what it owes under the pay floor).
pub async fn resume(state: &AppState, caller: &Caller, id: &ProjectId) -> AppResult<ProjectRow> {
    change_state(state, caller, id, ProjectAction::Resume).await
}

/// Close the project for good; answers stay available. Escrow not needed by
/// answers still owed goes back to the organisation's available balance.
pub async fn complete(state: &AppState, caller: &Caller, id: &ProjectId) -> AppResult<ProjectRow> {
    change_state(state, caller, id, ProjectAction::Complete).await
}

/// Close the project without completing it.
pub async fn cancel(state: &AppState, caller: &Caller, id: &ProjectId) -> AppResult<ProjectRow> {
    change_state(state, caller, id, ProjectAction::Cancel).await
}

/// Move one of the caller's organisation's projects by `action`; 409 when its state
/// does not allow it. Returns the project as it is now.
pub async fn change_state(
    state: &AppState,
    caller: &Caller,
    id: &ProjectId,
    action: ProjectAction,
) -> AppResult<ProjectRow> {
    let row = owned_project(state, caller, id).await?;
    let from = row.state();
    let Some(to) = from.after(action) else {
        return Err(AppError::Conflict(Msg::coded(
            "err-project-transition",
            vec![
                ("state", from.as_str().to_string()),
                ("action", action.past_participle().to_string()),
            ],
        )));
    };
    let now = state.now();
    let changed = match to {
        ProjectState::Active => publish_or_resume(state, id, &row, from, now).await?,
        ProjectState::Completed | ProjectState::Cancelled => {
            state
                .db
                .close_project(
                    id,
                    from,
                    to,
                    now,
                    state.settings.grace_seconds * handprint_core::clock::MICROS_PER_SECOND,
                )
                .await?
        }
        _ => state.db.set_project_state(id, from, to, now).await?,
    };
    if !changed {
        return Err(AppError::Conflict(Msg::coded(
            "err-project-changed",
            Vec::new(),
        )));
    }
    if to == ProjectState::Active {
        let reason = if from == ProjectState::Draft {
            AlertReason::Published
        } else {
            AlertReason::Resumed
        };
        crate::app::alerts::queue(state, id, reason).await;
    }
    Ok(state.db.project(id).await?)
}

/// Opens a draft or paused project to work: it must pass the publish checks, a paused
/// one first pays what it owes under the pay floor, and the escrow is taken. Returns
/// whether the state changed (false when it changed meanwhile).
async fn publish_or_resume(
    state: &AppState,
    id: &ProjectId,
    row: &ProjectRow,
    from: ProjectState,
    now: handprint_core::Timestamp,
) -> AppResult<bool> {
    let spec = row.spec()?;
    let problems =
        spec.publish_problems(state.settings.pay_floor_per_hour, &state.settings.currency);
    if !problems.is_empty() {
        return Err(AppError::invalid(
            Msg::coded("err-project-publish-problems", Vec::new()),
            problems,
        ));
    }
    let currency = &state.settings.currency;
    if from == ProjectState::Paused {
        // Top-ups owed under the pay floor come first: resuming must not leave them unpaid.
        if let FloorOutcome::Unfunded { missing } = state
            .db
            .apply_pay_floor(id, state.settings.pay_floor_per_hour.0, currency, now)
            .await?
        {
            return Err(AppError::short_of(
                missing,
                currency,
                "topping up this project's paid answers to the pay floor",
            ));
        }
    }
    let doing = format!(
        "{} this project (escrow of reward x open answers + {}% fee + {}% top-up reserve)",
        if from == ProjectState::Draft {
            "publishing"
        } else {
            "resuming"
        },
        project_fee(state, row).as_percent(),
        if row.published_at.is_some() {
            handprint_core::ledger::BasisPoints(row.reserve_basis_points)
        } else {
            state.settings.topup_reserve
        }
        .as_percent()
    );
    state
        .db
        .open_project(id, from, state.settings.terms(), now)
        .await
        .map_err(|e| AppError::funds(e, currency, &doing))
}

/// 422 when the project asks for a qualification that does not exist or that its
/// organisation may not use (another organisation's).
async fn check_requirements(
    state: &AppState,
    organization: &handprint_core::OrganizationId,
    spec: &ProjectSpec,
) -> AppResult<()> {
    let mut problems =
        crate::app::eligibility::requirement_problems(state, organization, &spec.eligibility)
            .await?;
    problems.extend(
        crate::app::eligibility::rule_problems(state, organization, &spec.quality_rules).await?,
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid(invalid_fields(), problems))
    }
}

fn invalid_fields() -> Msg {
    Msg::coded("err-project-invalid", Vec::new())
}
