//! Job alerts (issue 16), so nobody has to watch the find-work page. Publishing,
//! resuming or adding items to an active project queues an event ([`queue`]); the
//! background job ([`deliver`]) claims the events, finds the workers who may take
//! an item now (the claim's own eligibility: private and sensitive projects reach
//! only those allowed) and whose `alerts` settings match, and writes their in-app
//! notifications and one e-mail per worker per pass (when the instance has a relay
//! and the worker opted in). Each worker also has an Atom feed of the matching work
//! open to them, at a secret URL they can replace or revoke.

use crate::AppState;
use crate::app::{AppError, AppResult};
use crate::auth::{Caller, hash_key};
use crate::mail::Letter;
use handprint_core::account::Role;
use handprint_core::alerts::AlertSettings;
use handprint_core::{Msg, ProjectId, Timestamp, UserId};
use handprint_store::alerts::{AlertEvent, AlertReason, AlertRecipient, NotificationRow};
use handprint_store::projects::ProjectRow;
use std::collections::BTreeMap;

/// The most notifications a list shows (the newest).
pub const LIST_LIMIT: i64 = 200;
/// Events one pass of the job claims.
const EVENTS_PER_PASS: i64 = 100;

/// Queue an alert about `project`; a failure is logged, never the caller's problem
/// (the project is published all the same).
pub async fn queue(state: &AppState, project: &ProjectId, reason: AlertReason) {
    if let Err(e) = state.db.queue_alert(project, reason, state.now()).await {
        tracing::warn!(project = %project, error = %e, "queueing a job alert failed");
    }
}

/// A worker's alert settings as stored; settings saved before alerts were defined
/// (any object was kept then) read as the defaults.
pub fn parse_stored(state: &AppState, text: Option<&str>) -> AlertSettings {
    let Some(text) = text else {
        return AlertSettings::default();
    };
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text)
        .ok()
        .and_then(|m| AlertSettings::parse(&m, &state.settings.currency, "/alerts").ok())
        .unwrap_or_default()
}

/// The alert settings of one worker.
pub async fn settings_of(state: &AppState, worker: &UserId) -> AppResult<AlertSettings> {
    Ok(parse_stored(
        state,
        state.db.worker_alerts(worker).await?.as_deref(),
    ))
}

/// One matching project for one worker's e-mail.
struct Mentioned {
    recipient: AlertRecipient,
    projects: Vec<(String, ProjectId)>,
}

/// One pass of the job: every queued event delivered. Returns how many
/// notifications and e-mails went out.
pub async fn deliver(state: &AppState, now: Timestamp) -> AppResult<(usize, usize)> {
    let events = state.db.claim_alert_events(now, EVENTS_PER_PASS).await?;
    let mut notified = 0;
    let mut mail: BTreeMap<String, Mentioned> = BTreeMap::new();
    for event in &events {
        let Some((project, recipients)) = matching(state, event, now).await? else {
            continue;
        };
        let in_app: Vec<UserId> = recipients
            .iter()
            .filter(|(_, s)| s.in_app)
            .map(|(r, _)| r.id.clone())
            .collect();
        state.db.add_notifications(event, &in_app, now).await?;
        notified += in_app.len();
        for (r, _) in recipients.into_iter().filter(|(_, s)| s.email) {
            let projects = &mut mail
                .entry(r.id.to_string())
                .or_insert_with(|| Mentioned {
                    recipient: r,
                    projects: Vec::new(),
                })
                .projects;
            // A project resumed and given items in the same pass is listed once.
            if !projects.iter().any(|(_, id)| *id == project.id) {
                projects.push((project.title.clone(), project.id.clone()));
            }
        }
    }
    let mailed = send_mail(state, mail.into_values().collect(), now).await;
    Ok((notified, mailed))
}

/// The project of `event` and the workers to alert with their settings (None when
/// the project is gone or no longer active).
async fn matching(
    state: &AppState,
    event: &AlertEvent,
    now: Timestamp,
) -> AppResult<Option<(ProjectRow, Vec<(AlertRecipient, AlertSettings)>)>> {
    let project = match state.db.project(&event.project_id).await {
        Ok(p) => p,
        Err(handprint_store::StoreError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let spec = project.spec()?;
    let recipients = state
        .db
        .alert_recipients(&project.id, now)
        .await?
        .into_iter()
        .map(|r| {
            let s = parse_stored(state, r.alerts.as_deref());
            (r, s)
        })
        .filter(|(_, s)| s.wants_alerts() && s.matches(&spec))
        .collect();
    Ok(Some((project, recipients)))
}

/// One e-mail per worker listing the projects of this pass; none without a relay or
/// without the address the links need. Returns how many the relay took.
async fn send_mail(state: &AppState, to: Vec<Mentioned>, now: Timestamp) -> usize {
    let Some(base) = state.settings.public_url.as_deref() else {
        return 0;
    };
    if !state.mailer.is_on() || to.is_empty() {
        return 0;
    }
    let base = base.trim_end_matches('/');
    let settings_link = format!("{base}/notifications#alerts");
    let mut sent = 0;
    for m in to {
        let projects: Vec<(String, String)> = m
            .projects
            .iter()
            .map(|(title, id)| (title.clone(), format!("{base}/work#p-{id}")))
            .collect();
        let letter = Letter::JobAlert {
            name: &m.recipient.name,
            projects: &projects,
            settings_link: &settings_link,
        };
        let language = m.recipient.language.as_deref().unwrap_or("en");
        match state
            .mailer
            .send(&letter.write(&m.recipient.email, language), now)
            .await
        {
            Ok(()) => sent += 1,
            Err(e) => {
                tracing::error!(worker = %m.recipient.id, error = %e, "job alert e-mail not sent")
            }
        }
    }
    sent
}

/// The calling worker's notifications, newest first, and how many are unread.
pub async fn notifications(
    state: &AppState,
    caller: &Caller,
) -> AppResult<(i64, Vec<NotificationRow>)> {
    caller.require(Role::Worker)?;
    let rows = state.db.notifications(caller.id(), LIST_LIMIT).await?;
    let unread = state.db.unread_notifications(caller.id()).await?;
    Ok((unread, rows))
}

/// Mark one of the caller's notifications read (404 when it is not theirs), or all
/// of them (`id` None). Returns how many stay unread.
pub async fn mark_read(state: &AppState, caller: &Caller, id: Option<&str>) -> AppResult<i64> {
    caller.require(Role::Worker)?;
    if !state
        .db
        .mark_notifications_read(caller.id(), id, state.now())
        .await?
    {
        return Err(AppError::not_found("notification"));
    }
    Ok(state.db.unread_notifications(caller.id()).await?)
}

/// Make a new secret for the caller's feed (the old URL stops working); returns
/// the secret, shown once.
pub async fn new_feed_token(state: &AppState, caller: &Caller) -> AppResult<String> {
    caller.require(Role::Worker)?;
    let token = crate::app::password_reset::new_token();
    state
        .db
        .set_feed_token(caller.id(), &hash_key(&token), state.now())
        .await?;
    Ok(token)
}

/// Revoke the caller's feed URL (404 when there is none).
pub async fn revoke_feed_token(state: &AppState, caller: &Caller) -> AppResult<()> {
    caller.require(Role::Worker)?;
    if state.db.delete_feed_token(caller.id()).await? {
        Ok(())
    } else {
        Err(AppError::NotFound(Msg::coded("err-feed-none", Vec::new())))
    }
}

/// The address links to this instance start with: its public URL, else the host the
/// request was sent to (`host`, from its Host header).
pub fn base_url(state: &AppState, host: Option<&str>) -> String {
    match &state.settings.public_url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => format!("http://{}", host.unwrap_or("localhost")),
    }
}

/// The path of a feed with this secret.
pub fn feed_path(token: &str) -> String {
    format!("/feeds/work/{token}")
}

/// The work a feed lists: the active projects with an item the feed's owner may
/// take now that match their alert settings, newest first. 404 for an unknown or
/// revoked secret.
pub async fn feed(state: &AppState, token: &str) -> AppResult<(UserId, Vec<ProjectRow>)> {
    let Some(worker) = state.db.feed_owner(&hash_key(token)).await? else {
        return Err(AppError::NotFound(Msg::coded(
            "err-feed-unknown",
            Vec::new(),
        )));
    };
    let settings = settings_of(state, &worker).await?;
    let open = state
        .db
        .projects_with_work_for(&worker, state.now())
        .await?;
    let mut projects = Vec::new();
    for id in open {
        let project = state.db.project(&id).await?;
        if settings.matches(&project.spec()?) {
            projects.push(project);
        }
    }
    projects.sort_by_key(|p| std::cmp::Reverse((p.published_at, p.id.to_string())));
    Ok((worker, projects))
}
