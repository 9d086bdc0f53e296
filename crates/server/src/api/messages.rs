//! Messages between workers and requesters about a project: a worker writes to the
//! project's requester; a requester writes to one worker who worked for it (`to`,
//! the worker's pseudonym in the project) or to every worker of the project (no
//! `to`). `GET` answers the caller's threads, both sides' messages in each.

use crate::AppState;
pub use crate::app::messages::MessageRequest;
use crate::app::messages::{self, Thread};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use handprint_core::clock::to_rfc3339;
use serde::Serialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/messages", get(list).post(send))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MessageView {
    pub id: String,
    /// worker or requester.
    pub from: String,
    /// True for a requester's message to every worker of the project.
    pub to_all: bool,
    pub assignment_id: Option<String>,
    pub text: String,
    pub sent_at: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ThreadView {
    pub project_id: String,
    pub project_title: String,
    pub organization_id: String,
    pub organization_name: String,
    /// The worker's pseudonym in the project (what a requester writes `to`).
    pub worker: String,
    /// Oldest first.
    pub messages: Vec<MessageView>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SentView {
    /// How many workers received it (one thread each).
    pub recipients: usize,
    pub ids: Vec<String>,
}

fn thread_view(t: &Thread) -> ThreadView {
    ThreadView {
        project_id: t.project_id.to_string(),
        project_title: t.project_title.clone(),
        organization_id: t.organization_id.clone(),
        organization_name: t.organization_name.clone(),
        worker: t.worker.clone(),
        messages: t
            .messages
            .iter()
            .map(|m| MessageView {
                id: m.id.clone(),
                from: if m.from_worker == 1 {
                    "worker"
                } else {
                    "requester"
                }
                .into(),
                to_all: m.to_all == 1,
                assignment_id: m.assignment_id.clone(),
                text: m.body.clone(),
                sent_at: to_rfc3339(m.created_at),
            })
            .collect(),
    }
}

/// Send a message (see the module's rules): 201 with how many received it; 403 for a
/// worker who never worked for the requester, or for operators (not a party).
#[utoipa::path(post, path = "/api/v1/messages", request_body = MessageRequest,
    responses((status = 201, body = SentView), (status = 403, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn send(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<MessageRequest>,
) -> ApiResult<(StatusCode, Json<SentView>)> {
    let ids = messages::send(&state, &caller, &req).await?;
    Ok((
        StatusCode::CREATED,
        Json(SentView {
            recipients: ids.len(),
            ids,
        }),
    ))
}

/// Your threads, the one with the newest message first.
#[utoipa::path(get, path = "/api/v1/messages",
    responses((status = 200, body = [ThreadView]), (status = 403, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<ThreadView>>> {
    let rows = messages::list(&state, &caller).await?;
    Ok(Json(
        messages::threads(rows).iter().map(thread_view).collect(),
    ))
}
