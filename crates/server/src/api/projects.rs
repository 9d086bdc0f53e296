//! Projects: create, read, edit, and move through their lifecycle.

use crate::api::views::{ProjectView, project_view};
use crate::app::access::{owned_project, readable_project};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use handprint_core::Msg;
use handprint_core::account::Role;
use handprint_core::project::{ProjectAction, ProjectInput, ProjectSpec, ProjectState};
use handprint_store::payfloor::FloorOutcome;
use handprint_store::projects::{ProjectFilter, ProjectRow};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/projects", post(create).get(list))
        .route("/api/v1/projects/{id}", get(read).patch(update))
        .route("/api/v1/projects/{id}/publish", post(publish))
        .route("/api/v1/projects/{id}/pause", post(pause))
        .route("/api/v1/projects/{id}/resume", post(resume))
        .route("/api/v1/projects/{id}/complete", post(complete))
        .route("/api/v1/projects/{id}/cancel", post(cancel))
}

/// The project fields a requester sends (all optional on update; `title` required on create).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ProjectRequest {
    title: Option<String>,
    description: Option<String>,
    instructions: Option<String>,
    #[schema(value_type = Object)]
    template: Option<serde_json::Value>,
    purpose: Option<String>,
    end_uses: Option<Vec<String>>,
    sensitive_content: Option<Vec<String>>,
    /// Decimal string in the instance currency, e.g. "0.10".
    reward: Option<String>,
    estimated_seconds: Option<i64>,
    answers_per_task: Option<i64>,
    lease_seconds: Option<i64>,
    language: Option<String>,
    /// Unreviewed answers are approved automatically this long after submission
    /// (default 259200 = 72 hours; 3600 to 604800).
    review_window_seconds: Option<i64>,
}

/// Create a draft project in the caller's organisation.
#[utoipa::path(post, path = "/api/v1/projects", request_body = ProjectRequest,
    responses((status = 201, body = ProjectView), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<ProjectInput>,
) -> ApiResult<(StatusCode, Json<ProjectView>)> {
    let org = caller.organization()?.to_string();
    let spec = ProjectSpec::parse(&input, &state.settings.currency)
        .map_err(|p| AppError::invalid(invalid_fields(), p))?;
    let row = state
        .db
        .create_project(&org, caller.id(), &spec, state.now())
        .await?;
    Ok((StatusCode::CREATED, Json(project_view(&state, &row).await?)))
}

/// Projects: a requester's organisation's, or the open ones for a worker.
#[utoipa::path(get, path = "/api/v1/projects", responses((status = 200, body = [ProjectView])), security(("api_key" = [])))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<ProjectView>>> {
    let rows = match caller.role() {
        Role::Requester => {
            state
                .db
                .projects(ProjectFilter::Organization(caller.organization()?))
                .await?
        }
        Role::Worker | Role::Operator => state.db.projects(ProjectFilter::Active).await?,
    };
    let mut views = Vec::with_capacity(rows.len());
    for row in &rows {
        views.push(project_view(&state, row).await?);
    }
    Ok(Json(views))
}

#[utoipa::path(get, path = "/api/v1/projects/{id}", responses((status = 200, body = ProjectView), (status = 404, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn read(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ProjectView>> {
    let row = readable_project(&state, &caller, &id).await?;
    Ok(Json(project_view(&state, &row).await?))
}

/// Change a project's fields. Drafts may change anything; a paused or active
/// project may not change its template or overlap (work was done against them).
#[utoipa::path(patch, path = "/api/v1/projects/{id}", request_body = ProjectRequest,
    responses((status = 200, body = ProjectView), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(input): Json<ProjectInput>,
) -> ApiResult<Json<ProjectView>> {
    let row = owned_project(&state, &caller, &id).await?;
    let current = row.state();
    if !matches!(
        current,
        ProjectState::Draft | ProjectState::Active | ProjectState::Paused
    ) {
        return Err(AppError::Conflict(Msg::coded(
            "err-project-not-editable",
            vec![("state", current.as_str().to_string())],
            format!(
                "{} project can no longer be edited",
                crate::error::a_or_an(current.as_str())
            ),
        )));
    }
    if current != ProjectState::Draft {
        let mut frozen = Vec::new();
        if input.template.is_some() {
            frozen.push("template");
        }
        if input.answers_per_task.is_some() {
            frozen.push("answers_per_task");
        }
        if input.reward.is_some() {
            frozen.push("reward");
        }
        if !frozen.is_empty() {
            let fields = frozen.join(", ");
            return Err(AppError::Conflict(Msg::coded(
                "err-project-frozen",
                vec![("fields", fields.clone())],
                format!(
                    "{fields} cannot change once a project is published (workers accepted its tasks on those terms); create a new project instead"
                ),
            )));
        }
    }
    let spec = row
        .spec()?
        .apply(&input, &state.settings.currency)
        .map_err(|p| AppError::invalid(invalid_fields(), p))?;
    if current == ProjectState::Active {
        let problems =
            spec.publish_problems(state.settings.pay_floor_per_hour, &state.settings.currency);
        if !problems.is_empty() {
            return Err(AppError::invalid(
                Msg::coded(
                    "err-project-active-incomplete",
                    Vec::new(),
                    "an active project must keep its declarations complete",
                ),
                problems,
            ));
        }
    }
    let row = state
        .db
        .update_project(&id, &spec, current, state.now())
        .await?;
    Ok(Json(project_view(&state, &row).await?))
}

async fn transition(
    state: &AppState,
    caller: &Caller,
    id: &str,
    action: ProjectAction,
) -> ApiResult<Json<ProjectView>> {
    let row = owned_project(state, caller, id).await?;
    let from = row.state();
    let Some(to) = from.after(action) else {
        return Err(AppError::Conflict(Msg::coded(
            "err-project-transition",
            vec![
                ("state", from.as_str().to_string()),
                ("action", action.past_participle().to_string()),
            ],
            format!(
                "{} project cannot be {}",
                crate::error::a_or_an(from.as_str()),
                action.past_participle()
            ),
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
            "the project changed state meanwhile; reload it and try again",
        )));
    }
    let row = state.db.project(id).await?;
    Ok(Json(project_view(state, &row).await?))
}

/// Opens a draft or paused project to work: it must pass the publish checks, a paused
/// one first pays what it owes under the pay floor, and the escrow is taken. Returns
/// whether the state changed (false when it changed meanwhile).
async fn publish_or_resume(
    state: &AppState,
    id: &str,
    row: &ProjectRow,
    from: ProjectState,
    now: handprint_core::Timestamp,
) -> ApiResult<bool> {
    let spec = row.spec()?;
    let problems =
        spec.publish_problems(state.settings.pay_floor_per_hour, &state.settings.currency);
    if !problems.is_empty() {
        return Err(AppError::invalid(
            Msg::coded(
                "err-project-publish-problems",
                Vec::new(),
                "the project cannot be published until these are fixed",
            ),
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
        crate::api::money::project_fee(state, row).as_percent(),
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

/// Open the project to workers. Every declaration must be complete and the pay at or above the floor;
/// the organisation's available balance must cover the escrow (402 names the amount missing).
#[utoipa::path(post, path = "/api/v1/projects/{id}/publish", responses((status = 200, body = ProjectView), (status = 402, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ProjectView>> {
    transition(&state, &caller, &id, ProjectAction::Publish).await
}

/// Stop offering new tasks; live leases may still be submitted.
#[utoipa::path(post, path = "/api/v1/projects/{id}/pause", responses((status = 200, body = ProjectView), (status = 409, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn pause(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ProjectView>> {
    transition(&state, &caller, &id, ProjectAction::Pause).await
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/resume", responses((status = 200, body = ProjectView), (status = 409, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn resume(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ProjectView>> {
    transition(&state, &caller, &id, ProjectAction::Resume).await
}

/// Close the project for good; answers stay available. Escrow not needed by
/// answers still owed goes back to the organisation's available balance.
#[utoipa::path(post, path = "/api/v1/projects/{id}/complete", responses((status = 200, body = ProjectView), (status = 409, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn complete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ProjectView>> {
    transition(&state, &caller, &id, ProjectAction::Complete).await
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/cancel", responses((status = 200, body = ProjectView), (status = 409, body = crate::error::Problem)), security(("api_key" = [])))]
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ProjectView>> {
    transition(&state, &caller, &id, ProjectAction::Cancel).await
}

fn invalid_fields() -> Msg {
    Msg::coded(
        "err-project-invalid",
        Vec::new(),
        "the project has invalid fields",
    )
}
