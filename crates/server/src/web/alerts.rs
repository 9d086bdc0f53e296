//! A worker's job alerts page (`/notifications`): the alerts, newest first, marked
//! read one by one or all at once; how they are alerted (in the list, by e-mail, and
//! e-mail notices of messages) and which work they hear about (the filters, see
//! `alert_form`); and the secret address of their Atom feed. The rules are
//! `app::alerts`'s and `app::settings`'s, as the API's.

use super::alert_form::{AlertsForm, AlertsShown};
use super::extract::{CsrfForm, WorkerPage};
use super::i18n::Tr;
use super::{Nav, WebError, form_errors, render, render_status, see_other};
use crate::AppState;
use crate::app::settings::{self, SettingsInput};
use crate::app::{AppError, alerts};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use handprint_store::projects::ProjectFilter;
use serde::Deserialize;

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
    form: AlertsShown,
    currency: String,
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

/// The languages of the open projects (the find-work page's list), each once.
async fn project_languages(state: &AppState) -> Result<Vec<String>, WebError> {
    let mut out: Vec<String> = Vec::new();
    for row in state.db.projects(ProjectFilter::Active).await? {
        let language = row.spec()?.language;
        if !out.contains(&language) {
            out.push(language);
        }
    }
    Ok(out)
}

/// The page, its alerts form from the stored settings or, after a refused save,
/// from what was typed (`typed`).
async fn view(
    state: &AppState,
    t: Tr,
    signed: &WorkerPage,
    (flags, typed): (&Flags, Option<(&AlertsForm, super::auth::Errors)>),
    feed_url: String,
) -> Result<NotificationsPage, WebError> {
    let caller = signed.caller();
    let (unread, rows) = alerts::notifications(state, &caller).await?;
    let languages = project_languages(state).await?;
    let form = match typed {
        Some((f, errors)) => AlertsShown::typed(&t, f, &languages, errors),
        None => {
            let current = alerts::settings_of(state, caller.id()).await?;
            AlertsShown::stored(&t, &current, &state.settings.currency, &languages)
        }
    };
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
        form,
        currency: state.settings.currency.code.clone(),
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
        &view(&state, t, &signed, (&flags, None), String::new()).await?,
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

/// Save the whole alerts form. Only the `alerts` object is written: sensitive
/// opt-ins and the worker's languages stay as they are. A refusal (an amount that is
/// not one) comes back on the page with what was typed and where it was wrong.
async fn save_settings(
    State(state): State<AppState>,
    t: Tr,
    signed: WorkerPage,
    CsrfForm(form): CsrfForm<AlertsForm>,
) -> Result<Response, WebError> {
    let input = SettingsInput {
        alerts: Some(form.to_json()),
        ..SettingsInput::default()
    };
    match settings::put(&state, &signed.caller(), &input).await {
        Ok(_) => Ok(see_other("/notifications?saved=1#alerts")),
        Err(e @ AppError::Invalid { .. }) => {
            let errors = form_errors(&t, e)?;
            let page = view(
                &state,
                t,
                &signed,
                (&Flags::default(), Some((&form, errors))),
                String::new(),
            )
            .await?;
            Ok(render_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(e.into()),
    }
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
        &view(&state, t, &signed, (&Flags::default(), None), url).await?,
    ))
}
