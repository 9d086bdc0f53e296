//! Messages between workers and requesters about a project (issue 16). A worker
//! writes to the organisation of a project they may see or have worked on; a
//! requester writes to one worker (`to`, the worker's pseudonym in that project, as
//! the exports show it) who submitted an answer to one of its projects or wrote to it
//! about this one, or to every worker who submitted an answer to the project (no
//! `to`, as MTurk's NotifyWorkers) — never to anyone else. Threads are (project,
//! worker); both sides read all of it. Operators are not a party: nothing but the
//! two sides reads messages.

use crate::AppState;
use crate::app::access::owned_project;
use crate::app::{AppError, AppResult};
use crate::auth::{Caller, pseudonym};
use handprint_core::account::Role;
use handprint_core::project::ProjectState;
use handprint_core::review::parse_note;
use handprint_core::{AssignmentId, Msg, ProjectId, UserId};
use handprint_store::StoreError;
use handprint_store::messages::{MessageRow, MessagesOf, NewMessage};
use handprint_store::projects::ProjectRow;
use handprint_store::review::ReviewRow;
use serde::Deserialize;

/// The most messages a list shows (the newest).
pub const LIST_LIMIT: i64 = 1_000;

// A message. Problems name `/project_id`, `/to`, `/assignment_id` and `/text`.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageRequest {
    #[schema(value_type = String)]
    pub project_id: ProjectId,
    /// Requesters: the worker's pseudonym in this project; absent: every worker who
    /// submitted an answer to it. Workers leave it out (they write to the requester).
    #[serde(default)]
    pub to: Option<String>,
    /// An assignment of the thread's worker in this project the message is about.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub assignment_id: Option<AssignmentId>,
    pub text: String,
}

/// Send a message; the ids written (one per recipient).
pub async fn send(
    state: &AppState,
    caller: &Caller,
    req: &MessageRequest,
) -> AppResult<Vec<String>> {
    let text = parse_note(&req.text).map_err(|m| AppError::field("/text", m))?;
    match caller.role() {
        Role::Worker => from_worker(state, caller, req, &text).await,
        Role::Requester => from_requester(state, caller, req, &text).await,
        Role::Operator => Err(not_a_party()),
    }
}

fn not_a_party() -> AppError {
    AppError::Forbidden(Msg::coded("err-messages-not-a-party", Vec::new()))
}

/// The assignment named, when it is `worker`'s in `project` (422 otherwise).
async fn assignment_of(
    state: &AppState,
    req: &MessageRequest,
    worker: &UserId,
) -> AppResult<Option<AssignmentId>> {
    let Some(id) = &req.assignment_id else {
        return Ok(None);
    };
    match state.db.assignment(id).await {
        Ok(a) if a.worker_id == *worker && a.project_id == req.project_id => Ok(Some(id.clone())),
        Ok(_) | Err(StoreError::NotFound(_)) => Err(AppError::field(
            "/assignment_id",
            Msg::coded(
                "problem-message-assignment",
                vec![("value", id.to_string())],
            ),
        )),
        Err(e) => Err(e.into()),
    }
}

async fn from_worker(
    state: &AppState,
    caller: &Caller,
    req: &MessageRequest,
    text: &str,
) -> AppResult<Vec<String>> {
    if req.to.is_some() {
        return Err(AppError::field(
            "/to",
            Msg::coded("problem-message-worker-to", Vec::new()),
        ));
    }
    let project = match state.db.project(&req.project_id).await {
        Ok(p) => p,
        Err(StoreError::NotFound(_)) => return Err(AppError::not_found("project")),
        Err(e) => return Err(e.into()),
    };
    let open = matches!(project.state(), ProjectState::Active | ProjectState::Paused);
    if !open && !state.db.worked_on_project(caller.id(), &project.id).await? {
        return Err(AppError::not_found("project"));
    }
    let assignment = assignment_of(state, req, caller.id()).await?;
    let worker = caller.id().clone();
    Ok(state
        .db
        .send_messages(
            &NewMessage {
                project_id: &project.id,
                organization_id: &project.organization_id,
                worker_id: &worker,
                assignment_id: assignment.as_ref(),
                sender_id: caller.id(),
                from_worker: true,
                to_all: false,
                body: text,
            },
            std::slice::from_ref(&worker),
            state.now(),
        )
        .await?)
}

async fn from_requester(
    state: &AppState,
    caller: &Caller,
    req: &MessageRequest,
    text: &str,
) -> AppResult<Vec<String>> {
    let project = owned_project(state, caller, &req.project_id).await?;
    let org = project.organization_id.clone();
    let (recipients, to_all) = match req.to.as_deref().map(str::trim) {
        None | Some("") => (state.db.project_workers(&project.id).await?, true),
        Some(named) => {
            let found = state
                .db
                .writable_workers(&org, &project.id)
                .await?
                .into_iter()
                .find(|w| pseudonym(&project.pseudonym_salt, w) == named);
            match found {
                Some(w) => (vec![w], false),
                None => {
                    return Err(AppError::Forbidden(Msg::coded(
                        "err-message-not-your-worker",
                        vec![("worker", named.to_string())],
                    )));
                }
            }
        }
    };
    if recipients.is_empty() {
        return Err(AppError::Conflict(Msg::coded(
            "err-message-no-workers",
            vec![("project", project.title.clone())],
        )));
    }
    let assignment = match (&req.assignment_id, recipients.as_slice()) {
        (Some(_), [one]) => assignment_of(state, req, one).await?,
        (Some(_), _) => {
            return Err(AppError::field(
                "/assignment_id",
                Msg::coded("problem-message-assignment-all", Vec::new()),
            ));
        }
        (None, _) => None,
    };
    let ids = state
        .db
        .send_messages(
            &NewMessage {
                project_id: &project.id,
                organization_id: &org,
                worker_id: &recipients[0],
                assignment_id: assignment.as_ref(),
                sender_id: caller.id(),
                from_worker: false,
                to_all,
                body: text,
            },
            &recipients,
            state.now(),
        )
        .await?;
    notify_by_mail(state, &project.title, &org, &recipients, text).await?;
    Ok(ids)
}

/// An e-mail notice of a requester's message to each recipient who turned message
/// notices on (`alerts.message_email`, off by default), when the instance has a
/// relay and knows its address (for the link). Sent beside the request.
async fn notify_by_mail(
    state: &AppState,
    project: &str,
    org: &handprint_core::OrganizationId,
    recipients: &[UserId],
    text: &str,
) -> AppResult<()> {
    let Some(base) = state.settings.public_url.as_deref() else {
        return Ok(());
    };
    if !state.mailer.is_on() {
        return Ok(());
    }
    let base = base.trim_end_matches('/');
    let organization = state.db.organization(org).await?.name;
    let link = format!("{base}/messages");
    let settings_link = format!("{base}/notifications#alerts");
    for worker in recipients {
        if !crate::app::alerts::settings_of(state, worker)
            .await?
            .message_email
        {
            continue;
        }
        let user = state.db.user(worker).await?;
        let language = state
            .db
            .user_language(worker)
            .await?
            .unwrap_or_else(|| "en".into());
        let letter = crate::mail::Letter::NewMessage {
            name: &user.name,
            project,
            organization: &organization,
            text,
            link: &link,
            settings_link: &settings_link,
        };
        state.mailer.send_later(
            letter.write(&user.email, &language),
            state.now(),
            "message notice",
        );
    }
    Ok(())
}

/// The caller's threads' messages, oldest first: a worker's own, a requester's
/// organisation's. Operators are not a party (403).
pub async fn list(state: &AppState, caller: &Caller) -> AppResult<Vec<MessageRow>> {
    let of = match caller.role() {
        Role::Worker => MessagesOf::Worker(caller.id()),
        Role::Requester => MessagesOf::Organization(caller.organization()?),
        Role::Operator => return Err(not_a_party()),
    };
    Ok(state.db.messages(of, LIST_LIMIT).await?)
}

/// An assignment as one side of its thread sees it: its project, the
/// worker's pseudonym there (what a requester writes `to`) and its row.
pub struct AssignmentAbout {
    pub project: ProjectRow,
    pub worker: String,
    pub row: ReviewRow,
}

/// The assignment `id`, when the caller may write about it: a worker's own, or one
/// of a requester's organisation's projects; 404 for anything else (as the
/// assignment pages answer), 403 for operators (not a party).
pub async fn about_assignment(
    state: &AppState,
    caller: &Caller,
    id: &AssignmentId,
) -> AppResult<AssignmentAbout> {
    let row = match state.db.review_row(id).await {
        Ok(r) => r,
        Err(StoreError::NotFound(_)) => return Err(AppError::not_found("assignment")),
        Err(e) => return Err(e.into()),
    };
    let project = match caller.role() {
        Role::Operator => return Err(not_a_party()),
        Role::Requester => match owned_project(state, caller, &row.project_id).await {
            Ok(p) => p,
            Err(AppError::NotFound(_)) => return Err(AppError::not_found("assignment")),
            Err(e) => return Err(e),
        },
        Role::Worker if row.worker_id == *caller.id() => state.db.project(&row.project_id).await?,
        Role::Worker => return Err(AppError::not_found("assignment")),
    };
    Ok(AssignmentAbout {
        worker: pseudonym(&project.pseudonym_salt, &row.worker_id),
        project,
        row,
    })
}

/// A thread of messages, in the order they were first written in.
pub struct Thread {
    pub project_id: ProjectId,
    pub project_title: String,
    pub organization_id: String,
    pub organization_name: String,
    /// The worker's pseudonym in the project (what a requester writes `to`).
    pub worker: String,
    /// The assignment the thread is about, when threads are split by assignment.
    pub assignment_id: Option<String>,
    pub messages: Vec<MessageRow>,
}

/// How messages are grouped into threads.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// (project, worker): the API's threads, whatever the messages are about.
    Project,
    /// (project, worker, assignment): the pages' threads, one per assignment talked
    /// about beside the project's own.
    Assignment,
}

/// Messages grouped into threads (project, worker), the thread with the newest
/// message first.
pub fn threads(rows: Vec<MessageRow>) -> Vec<Thread> {
    grouped(rows, Grouping::Project)
}

/// Messages grouped as `by` says, the thread with the newest message first.
pub fn grouped(rows: Vec<MessageRow>, by: Grouping) -> Vec<Thread> {
    let mut out: Vec<Thread> = Vec::new();
    for m in rows {
        let worker = pseudonym(&m.pseudonym_salt, &m.worker_id);
        let assignment = match by {
            Grouping::Project => None,
            Grouping::Assignment => m.assignment_id.clone(),
        };
        match out.iter_mut().find(|t| {
            t.project_id == m.project_id && t.worker == worker && t.assignment_id == assignment
        }) {
            Some(t) => t.messages.push(m),
            None => out.push(Thread {
                project_id: m.project_id.clone(),
                project_title: m.project_title.clone(),
                organization_id: m.organization_id.to_string(),
                organization_name: m.organization_name.clone(),
                worker,
                assignment_id: assignment,
                messages: vec![m],
            }),
        }
    }
    out.sort_by_key(|t| std::cmp::Reverse(t.messages.last().map(|m| m.created_at)));
    out
}

#[cfg(test)]
mod tests {
    use super::{Grouping, grouped, threads};
    use handprint_core::{OrganizationId, ProjectId, UserId};
    use handprint_store::messages::MessageRow;

    fn row(worker: &str, assignment: Option<&str>, body: &str, at: i64) -> MessageRow {
        MessageRow {
            id: format!("m-{at}"),
            project_id: ProjectId::from("p-1"),
            project_title: "Street names".into(),
            pseudonym_salt: "salt".into(),
            organization_id: OrganizationId::from("o-1"),
            organization_name: "Org".into(),
            worker_id: UserId::from(worker),
            assignment_id: assignment.map(str::to_string),
            from_worker: 1,
            to_all: 0,
            body: body.into(),
            created_at: at,
        }
    }

    fn shape(list: &[super::Thread]) -> Vec<(Option<&str>, Vec<&str>)> {
        list.iter()
            .map(|t| {
                (
                    t.assignment_id.as_deref(),
                    t.messages.iter().map(|m| m.body.as_str()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn the_pages_give_each_assignment_its_thread_and_the_api_keeps_one_per_worker() {
        let rows = || {
            vec![
                row("u-1", None, "about the project", 1),
                row("u-1", Some("a-1"), "about item 1", 2),
                row("u-2", Some("a-2"), "the other worker", 3),
                row("u-1", Some("a-1"), "again item 1", 4),
                row("u-1", None, "the project again", 5),
            ]
        };
        assert_eq!(
            shape(&grouped(rows(), Grouping::Assignment)),
            vec![
                (None, vec!["about the project", "the project again"]),
                (Some("a-1"), vec!["about item 1", "again item 1"]),
                (Some("a-2"), vec!["the other worker"]),
            ]
        );
        assert_eq!(
            shape(&threads(rows())),
            vec![
                (
                    None,
                    vec![
                        "about the project",
                        "about item 1",
                        "again item 1",
                        "the project again"
                    ]
                ),
                (None, vec!["the other worker"]),
            ]
        );
    }
}
