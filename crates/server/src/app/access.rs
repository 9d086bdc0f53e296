//! Who may see and change what: the rules every use case starts from.

use crate::AppState;
use crate::app::AppError;
use crate::auth::Caller;
use handprint_core::ProjectId;
use handprint_core::account::Role;
use handprint_core::project::ProjectState;
use handprint_store::projects::ProjectRow;

/// A project the caller may read: its own organisation's (requester), any (operator),
/// or an open one (worker). Others are answered 404, so ids reveal nothing.
pub async fn readable_project(
    state: &AppState,
    caller: &Caller,
    id: &ProjectId,
) -> Result<ProjectRow, AppError> {
    let row = state.db.project(id).await?;
    let visible = match caller.role() {
        Role::Operator => true,
        Role::Requester => caller.0.organization_id.as_ref() == Some(&row.organization_id),
        Role::Worker => matches!(row.state(), ProjectState::Active | ProjectState::Paused),
    };
    if visible {
        Ok(row)
    } else {
        Err(AppError::not_found("project"))
    }
}

/// A project the caller may change or read the results of: only its own organisation's.
pub async fn owned_project(
    state: &AppState,
    caller: &Caller,
    id: &ProjectId,
) -> Result<ProjectRow, AppError> {
    let org = caller.organization()?;
    let row = state.db.project(id).await?;
    if row.organization_id == *org {
        Ok(row)
    } else {
        Err(AppError::not_found("project"))
    }
}
