//! The messages pages (`/messages`), for workers and requesters: their threads
//! (project, worker), both sides' messages in each, a reply form under each thread,
//! and a form for a new message — a worker's about a project (`?project=`, linked
//! from the project and assignment pages), a requester's to every worker of one of
//! its projects. Everything goes through `app::messages`, so the API's rules hold
//! here: a requester never reaches a worker who has not worked for it.

use super::extract::CsrfForm;
use super::i18n::Tr;
use super::session::SignedIn;
use super::{Nav, WebError, refusal_text, render, render_status, see_other};
use crate::AppState;
use crate::app::messages::{self, MessageRequest};
use crate::app::{AppError, projects};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use handprint_core::ProjectId;
use handprint_core::account::Role;
use handprint_core::project::ProjectState;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/messages", get(page).post(send))
}

/// One message as the page shows it.
pub struct Line {
    pub mine: bool,
    pub who: String,
    pub text: String,
    pub at: String,
}

/// One thread with its reply form's fields.
pub struct ThreadBox {
    pub anchor: String,
    pub heading: String,
    pub project_id: String,
    /// The `to` of a requester's reply (the worker's pseudonym); empty for workers.
    pub to: String,
    pub lines: Vec<Line>,
}

#[derive(Template)]
#[template(path = "messages.html")]
struct MessagesPage {
    t: Tr,
    nav: Nav,
    threads: Vec<ThreadBox>,
    is_requester: bool,
    /// The project a worker's new message is about (`?project=`), with its title.
    new_project: Option<(String, String)>,
    /// A requester's projects that have workers to write to: (id, title).
    projects: Vec<(String, String)>,
    error: String,
    sent: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Params {
    project: String,
    sent: Option<String>,
}

async fn view(
    state: &AppState,
    t: Tr,
    signed: &SignedIn,
    project: &str,
    error: String,
    sent: bool,
) -> Result<MessagesPage, WebError> {
    let caller = signed.caller();
    let is_requester = caller.role() == Role::Requester;
    let rows = messages::list(state, &caller).await?;
    let threads = messages::threads(rows)
        .into_iter()
        .enumerate()
        .map(|(i, th)| thread_box(&t, i, &th, is_requester))
        .collect();
    let new_project = if is_requester || project.is_empty() {
        None
    } else {
        match state.db.project(&ProjectId::from(project)).await {
            Ok(p) => Some((p.id.to_string(), p.title)),
            Err(handprint_store::StoreError::NotFound(_)) => {
                return Err(AppError::not_found("project").into());
            }
            Err(e) => return Err(e.into()),
        }
    };
    let projects = if is_requester {
        projects::organization_projects(state, &caller)
            .await?
            .into_iter()
            .filter(|p| p.state() != ProjectState::Draft)
            .map(|p| (p.id.to_string(), p.title))
            .collect()
    } else {
        Vec::new()
    };
    Ok(MessagesPage {
        nav: Nav::new(&signed.visitor, "/messages"),
        threads,
        is_requester,
        new_project,
        projects,
        error,
        sent,
        t,
    })
}

/// One thread as the page shows it, numbered `i` (its anchor `t-{i}`).
fn thread_box(t: &Tr, i: usize, th: &messages::Thread, is_requester: bool) -> ThreadBox {
    ThreadBox {
        anchor: format!("t-{i}"),
        heading: if is_requester {
            t.t2(
                "messages-thread-worker",
                "project",
                &th.project_title,
                "worker",
                &th.worker,
            )
        } else {
            t.t2(
                "messages-thread-requester",
                "project",
                &th.project_title,
                "organization",
                &th.organization_name,
            )
        },
        project_id: th.project_id.to_string(),
        to: if is_requester {
            th.worker.clone()
        } else {
            String::new()
        },
        lines: th
            .messages
            .iter()
            .map(|m| {
                let from_worker = m.from_worker == 1;
                let mine = from_worker != is_requester;
                let who = match (mine, from_worker, m.to_all == 1) {
                    (true, _, _) => t.t("messages-you"),
                    (false, true, _) => t.t("messages-worker"),
                    (false, false, true) => t.t1(
                        "messages-requester-all",
                        "organization",
                        &th.organization_name,
                    ),
                    (false, false, false) => th.organization_name.clone(),
                };
                Line {
                    mine,
                    who,
                    text: m.body.clone(),
                    at: handprint_core::clock::to_rfc3339(m.created_at)
                        .get(..16)
                        .unwrap_or("")
                        .replace('T', " "),
                }
            })
            .collect(),
    }
}

async fn page(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
    Query(q): Query<Params>,
) -> Result<Response, WebError> {
    Ok(render(
        &view(
            &state,
            t,
            &signed,
            &q.project,
            String::new(),
            q.sent.is_some(),
        )
        .await?,
    ))
}

/// A message: the project, the worker's pseudonym for a requester's reply (none:
/// every worker of the project), and the text.
#[derive(Deserialize, Default)]
#[serde(default)]
struct MessageForm {
    project_id: String,
    to: String,
    text: String,
}

async fn send(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
    CsrfForm(form): CsrfForm<MessageForm>,
) -> Result<Response, WebError> {
    let req = MessageRequest {
        project_id: ProjectId::from(form.project_id.as_str()),
        to: Some(form.to.clone()).filter(|s| !s.trim().is_empty()),
        assignment_id: None,
        text: form.text.clone(),
    };
    match messages::send(&state, &signed.caller(), &req).await {
        Ok(_) => Ok(see_other("/messages?sent=1")),
        // A refusal (an empty text, a worker the requester may not reach) is shown
        // on the page, above the forms; anything else is the error page.
        Err(e @ (AppError::Invalid { .. } | AppError::Forbidden(_) | AppError::Conflict(_))) => {
            let status = if matches!(e, AppError::Forbidden(_)) {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let error = refusal_text(&t, &e);
            let project = if signed.caller().role() == Role::Worker {
                form.project_id.as_str()
            } else {
                ""
            };
            Ok(render_status(
                status,
                &view(&state, t, &signed, project, error, false).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}
