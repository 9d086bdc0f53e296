//! A worker's job alerts page (`/notifications`): the alerts, newest first, marked
//! read one by one or all at once; how they are alerted (in the list, by e-mail, and
//! e-mail notices of messages); and the secret address of their Atom feed. The rules
//! are `app::alerts`'s and `app::settings`'s, as the API's.

use super::extract::{CsrfForm, WorkerPage};
use super::i18n::Tr;
use super::{Nav, WebError, render, see_other};
use crate::AppState;
use crate::app::alerts;
use crate::app::settings::{self, SettingsInput};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::Value;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(page))
        .route("/notifications/read", post(mark_read))
        .route("/notifications/settings", post(save_settings))
        .route("/notifications/feed", post(feed))
}

/// One alert as the page lists it.
pub struct AlertLine {
    pub id: String,
    pub project_id: String,
    pub title: String,
    pub reason: String,
    pub at: String,
    pub read: bool,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    t: Tr,
    nav: Nav,
    unread_text: String,
    alerts: Vec<AlertLine>,
    in_app: bool,
    email: bool,
    message_email: bool,
    mail_on: bool,
    saved: bool,
    has_feed: bool,
    /// The feed's address just made (shown once), or empty.
    feed_url: String,
    revoked: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Flags {
    saved: Option<String>,
    revoked: Option<String>,
}

async fn view(
    state: &AppState,
    t: Tr,
    signed: &WorkerPage,
    flags: &Flags,
    feed_url: String,
) -> Result<NotificationsPage, WebError> {
    let caller = signed.caller();
    let (unread, rows) = alerts::notifications(state, &caller).await?;
    let current = alerts::settings_of(state, caller.id()).await?;
    let has_feed = state.db.feed_token_made(caller.id()).await?.is_some();
    let mut visitor = signed.visitor.clone();
    // The counter in the navigation as it is now (after a mark-read).
    visitor.unread = unread;
    Ok(NotificationsPage {
        nav: Nav::new(&visitor, "/notifications"),
        unread_text: t.count("notifications-unread", unread),
        alerts: rows
            .into_iter()
            .map(|n| AlertLine {
                reason: t.t(&format!("notifications-reason-{}", n.reason)),
                at: handprint_core::clock::to_rfc3339(n.created_at)
                    .get(..16)
                    .unwrap_or("")
                    .replace('T', " "),
                id: n.id,
                project_id: n.project_id.to_string(),
                title: n.project_title,
                read: n.read_at.is_some(),
            })
            .collect(),
        in_app: current.in_app,
        email: current.email,
        message_email: current.message_email,
        mail_on: state.mailer.is_on(),
        saved: flags.saved.is_some(),
        has_feed: has_feed || !feed_url.is_empty(),
        feed_url,
        revoked: flags.revoked.is_some(),
        t,
    })
}

async fn page(
    State(state): State<AppState>,
    t: Tr,
    signed: WorkerPage,
    Query(flags): Query<Flags>,
) -> Result<Response, WebError> {
    Ok(render(
        &view(&state, t, &signed, &flags, String::new()).await?,
    ))
}

/// "Mark read": one alert (`id`), or all of them (no `id`).
#[derive(Deserialize, Default)]
#[serde(default)]
struct ReadForm {
    id: String,
}

async fn mark_read(
    State(state): State<AppState>,
    signed: WorkerPage,
    CsrfForm(form): CsrfForm<ReadForm>,
) -> Result<Response, WebError> {
    let id = Some(form.id.as_str()).filter(|s| !s.is_empty());
    alerts::mark_read(&state, &signed.caller(), id).await?;
    Ok(see_other("/notifications"))
}

/// How the worker is alerted; an unticked box is absent from the form.
#[derive(Deserialize, Default)]
#[serde(default)]
struct AlertsForm {
    in_app: Option<String>,
    email: Option<String>,
    message_email: Option<String>,
}

async fn save_settings(
    State(state): State<AppState>,
    signed: WorkerPage,
    CsrfForm(form): CsrfForm<AlertsForm>,
) -> Result<Response, WebError> {
    let caller = signed.caller();
    // The filters set through the API are kept; the three switches are replaced.
    let mut object = alerts::settings_of(&state, caller.id())
        .await?
        .to_json(&state.settings.currency);
    object.insert("in_app".into(), Value::Bool(form.in_app.is_some()));
    object.insert("email".into(), Value::Bool(form.email.is_some()));
    object.insert(
        "message_email".into(),
        Value::Bool(form.message_email.is_some()),
    );
    let input = SettingsInput {
        alerts: Some(object),
        ..SettingsInput::default()
    };
    settings::put(&state, &caller, &input).await?;
    Ok(see_other("/notifications?saved=1#alerts"))
}

/// "Make a new feed address" (`new`) or "Revoke" (`revoke`).
#[derive(Deserialize, Default)]
#[serde(default)]
struct FeedForm {
    action: String,
}

async fn feed(
    State(state): State<AppState>,
    t: Tr,
    signed: WorkerPage,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<FeedForm>,
) -> Result<Response, WebError> {
    let caller = signed.caller();
    if form.action == "revoke" {
        alerts::revoke_feed_token(&state, &caller).await?;
        return Ok(see_other("/notifications?revoked=1#feed"));
    }
    let token = alerts::new_feed_token(&state, &caller).await?;
    let url = format!(
        "{}{}",
        alerts::base_url(
            &state,
            headers.get(header::HOST).and_then(|h| h.to_str().ok()),
        ),
        alerts::feed_path(&token)
    );
    Ok(render(
        &view(&state, t, &signed, &Flags::default(), url).await?,
    ))
}
