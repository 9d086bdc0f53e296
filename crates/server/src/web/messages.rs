//! The messages pages (`/messages`), for workers and requesters: their threads
//! (project, worker — and one per assignment talked about, with a link to each
//! side's own view of it), both sides' messages in each, a reply form under each
//! thread, and a form for a new message — a worker's about a project (`?project=`,
//! linked from the project cards) or about one of their assignments
//! (`?assignment=`, linked from their history), a requester's about an assignment
//! (the review page's form, or `?assignment=`) or to every worker of one of its
//! projects. Everything goes through `app::messages`, so the API's rules hold here:
//! a requester never reaches a worker who has not worked for it, a worker writes
//! only about their own assignments; a refusal is shown above the forms with what
//! was typed kept.

use super::extract::CsrfForm;
use super::i18n::Tr;
use super::session::SignedIn;
use super::task::answer_text;
use super::{Nav, WebError, refusal_text, render, render_status, see_other, when_text};
use crate::AppState;
use crate::app::messages::{self, Grouping, MessageRequest};
use crate::app::{AppError, projects};
use crate::auth::Caller;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use handprint_core::account::Role;
use handprint_core::project::ProjectState;
use handprint_core::{AssignmentId, ProjectId};
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

/// An assignment a thread or a form is about, as the reader sees it.
pub struct About {
    /// "About an assignment: item 7 (2026-12-06 10:00)".
    pub text: String,
    /// The answer given, as the review and history pages show it.
    pub answer: String,
    /// The reader's own view of it: the worker's history line, the requester's review.
    pub link: String,
}

/// One thread with its reply form's fields.
pub struct ThreadBox {
    pub anchor: String,
    pub heading: String,
    pub project_id: String,
    /// The `to` of a requester's reply (the worker's pseudonym); empty for workers.
    pub to: String,
    /// The assignment of an assignment's thread (its replies are about it too).
    pub assignment_id: String,
    pub about: Option<About>,
    pub lines: Vec<Line>,
}

/// A form for a new message: its heading, the fields it posts, and what was typed.
pub struct Compose {
    pub heading: String,
    pub about: Option<About>,
    pub project_id: String,
    pub to: String,
    pub assignment_id: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "messages.html")]
struct MessagesPage {
    t: Tr,
    nav: Nav,
    threads: Vec<ThreadBox>,
    is_requester: bool,
    compose: Option<Compose>,
    /// A requester's projects that have workers to write to: (id, title).
    projects: Vec<(String, String)>,
    /// The to-all form's text after a refusal, and its project.
    all_text: String,
    all_project: String,
    error: String,
    sent: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Params {
    project: String,
    assignment: String,
    sent: Option<String>,
}

/// The anchor of a thread: its assignment's, or its place on the page.
fn anchor(i: usize, assignment: Option<&str>) -> String {
    match assignment {
        Some(a) => format!("a-{a}"),
        None => format!("t-{i}"),
    }
}

/// The assignment `id` as `caller` sees it, with the project's id, title and the
/// worker's pseudonym; None when it is not one they may write about.
async fn describe(
    state: &AppState,
    t: &Tr,
    caller: &Caller,
    id: &str,
) -> Result<Option<(About, messages::AssignmentAbout)>, WebError> {
    let found = match messages::about_assignment(state, caller, &AssignmentId::from(id)).await {
        Ok(a) => a,
        Err(AppError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let task = state.db.task(&found.row.task_id).await?;
    let template = found.project.spec()?.template;
    let item = task.external_id.unwrap_or_else(|| id.to_string());
    let when = when_text(found.row.ended_at.unwrap_or(found.row.leased_at));
    let answer = found
        .row
        .answer
        .as_deref()
        .and_then(|a| serde_json::from_str(a).ok())
        .map(|a| answer_text(template.as_ref(), &a))
        .unwrap_or_default();
    let link = match caller.role() {
        Role::Requester => format!(
            "/projects/{}/review?assignment={id}#r-{id}",
            found.project.id
        ),
        _ => format!("/work/history#a-{id}"),
    };
    let about = About {
        text: t.t2("messages-about-assignment", "item", item, "when", when),
        answer,
        link,
    };
    Ok(Some((about, found)))
}

/// The heading of a form about an assignment, for the writer's side.
fn assignment_heading(t: &Tr, is_requester: bool) -> String {
    t.t(if is_requester {
        "messages-new-assignment-worker"
    } else {
        "messages-new-assignment"
    })
}

/// The new-message form a link asked for: about an assignment (`?assignment=`, 404
/// when it is not the caller's to write about) or, for workers, about a project.
async fn asked_compose(
    state: &AppState,
    t: &Tr,
    caller: &Caller,
    q: &Params,
) -> Result<Option<Compose>, WebError> {
    let is_requester = caller.role() == Role::Requester;
    if !q.assignment.is_empty() {
        let Some((about, found)) = describe(state, t, caller, &q.assignment).await? else {
            return Err(AppError::not_found("assignment").into());
        };
        return Ok(Some(Compose {
            heading: assignment_heading(t, is_requester),
            about: Some(about),
            project_id: found.project.id.to_string(),
            to: if is_requester {
                found.worker
            } else {
                String::new()
            },
            assignment_id: q.assignment.clone(),
            text: String::new(),
        }));
    }
    if is_requester || q.project.is_empty() {
        return Ok(None);
    }
    match state.db.project(&ProjectId::from(q.project.as_str())).await {
        Ok(p) => Ok(Some(Compose {
            heading: t.t1("messages-new-about", "project", &p.title),
            about: None,
            project_id: p.id.to_string(),
            to: String::new(),
            assignment_id: String::new(),
            text: String::new(),
        })),
        Err(handprint_store::StoreError::NotFound(_)) => Err(AppError::not_found("project").into()),
        Err(e) => Err(e.into()),
    }
}

/// What the page shows besides the threads: the new-message form, the to-all
/// form's text and project, an error, a confirmation.
#[derive(Default)]
struct Extras {
    compose: Option<Compose>,
    all_text: String,
    all_project: String,
    error: String,
    sent: bool,
}

async fn view(
    state: &AppState,
    t: Tr,
    signed: &SignedIn,
    extras: Extras,
) -> Result<MessagesPage, WebError> {
    let caller = signed.caller();
    let is_requester = caller.role() == Role::Requester;
    let rows = messages::list(state, &caller).await?;
    let mut threads = Vec::new();
    for (i, th) in messages::grouped(rows, Grouping::Assignment)
        .into_iter()
        .enumerate()
    {
        let about = match &th.assignment_id {
            Some(a) => describe(state, &t, &caller, a)
                .await?
                .map(|(about, _)| about),
            None => None,
        };
        threads.push(thread_box(&t, i, &th, is_requester, about));
    }
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
        compose: extras.compose,
        projects,
        all_text: extras.all_text,
        all_project: extras.all_project,
        error: extras.error,
        sent: extras.sent,
        t,
    })
}

/// Who wrote a message, as the reader reads it.
fn who(
    t: &Tr,
    m: &handprint_store::messages::MessageRow,
    org: &str,
    is_requester: bool,
) -> (bool, String) {
    let from_worker = m.from_worker == 1;
    let mine = from_worker != is_requester;
    let who = match (mine, from_worker, m.to_all == 1) {
        (true, _, _) => t.t("messages-you"),
        (false, true, _) => t.t("messages-worker"),
        (false, false, true) => t.t1("messages-requester-all", "organization", org),
        (false, false, false) => org.to_string(),
    };
    (mine, who)
}

/// One thread as the page shows it, numbered `i`.
fn thread_box(
    t: &Tr,
    i: usize,
    th: &messages::Thread,
    is_requester: bool,
    about: Option<About>,
) -> ThreadBox {
    ThreadBox {
        anchor: anchor(i, th.assignment_id.as_deref()),
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
        assignment_id: th.assignment_id.clone().unwrap_or_default(),
        about,
        lines: th
            .messages
            .iter()
            .map(|m| {
                let (mine, who) = who(t, m, &th.organization_name, is_requester);
                Line {
                    mine,
                    who,
                    text: m.body.clone(),
                    at: when_text(m.created_at),
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
    let compose = asked_compose(&state, &t, &signed.caller(), &q).await?;
    let extras = Extras {
        compose,
        sent: q.sent.is_some(),
        ..Extras::default()
    };
    Ok(render(&view(&state, t, &signed, extras).await?))
}

/// A message: the project, the worker's pseudonym for a requester's (none: every
/// worker of the project), the assignment it is about (none: the project), the text.
#[derive(Deserialize, Default)]
#[serde(default)]
struct MessageForm {
    project_id: String,
    to: String,
    assignment_id: String,
    text: String,
}

/// The form a refused message is shown again in, with its text: the to-all form,
/// or a new-message form with the refused one's fields.
async fn refused_extras(
    state: &AppState,
    t: &Tr,
    caller: &Caller,
    form: &MessageForm,
    error: String,
) -> Result<Extras, WebError> {
    let is_requester = caller.role() == Role::Requester;
    let mut extras = Extras {
        error,
        ..Extras::default()
    };
    if is_requester && form.to.trim().is_empty() && form.assignment_id.trim().is_empty() {
        extras.all_text = form.text.clone();
        extras.all_project = form.project_id.clone();
        return Ok(extras);
    }
    let assignment = form.assignment_id.trim();
    let about = if assignment.is_empty() {
        None
    } else {
        describe(state, t, caller, assignment)
            .await?
            .map(|(a, _)| a)
    };
    let heading = if !assignment.is_empty() {
        assignment_heading(t, is_requester)
    } else {
        let title = match state
            .db
            .project(&ProjectId::from(form.project_id.as_str()))
            .await
        {
            Ok(p) => p.title,
            Err(handprint_store::StoreError::NotFound(_)) => form.project_id.clone(),
            Err(e) => return Err(e.into()),
        };
        if is_requester {
            t.t2(
                "messages-thread-worker",
                "project",
                title,
                "worker",
                form.to.trim(),
            )
        } else {
            t.t1("messages-new-about", "project", title)
        }
    };
    extras.compose = Some(Compose {
        heading,
        about,
        project_id: form.project_id.clone(),
        to: form.to.clone(),
        assignment_id: assignment.to_string(),
        text: form.text.clone(),
    });
    Ok(extras)
}

async fn send(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
    CsrfForm(form): CsrfForm<MessageForm>,
) -> Result<Response, WebError> {
    let assignment = Some(form.assignment_id.trim()).filter(|s| !s.is_empty());
    let req = MessageRequest {
        project_id: ProjectId::from(form.project_id.as_str()),
        to: Some(form.to.clone()).filter(|s| !s.trim().is_empty()),
        assignment_id: assignment.map(AssignmentId::from),
        text: form.text.clone(),
    };
    let caller = signed.caller();
    match messages::send(&state, &caller, &req).await {
        Ok(_) => Ok(see_other(&match assignment {
            Some(a) => format!("/messages?sent=1#a-{a}"),
            None => "/messages?sent=1".into(),
        })),
        // A refusal (an empty text, a worker the requester may not reach, an
        // assignment not the worker's) is shown on the page, above the forms, with
        // what was typed; anything else is the error page.
        Err(e @ (AppError::Invalid { .. } | AppError::Forbidden(_) | AppError::Conflict(_))) => {
            let status = if matches!(e, AppError::Forbidden(_)) {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let error = refusal_text(&t, &e);
            let extras = refused_extras(&state, &t, &caller, &form, error).await?;
            Ok(render_status(
                status,
                &view(&state, t, &signed, extras).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}
