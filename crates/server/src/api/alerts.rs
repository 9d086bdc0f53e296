//! Job alerts for workers: the in-app notifications (`/api/v1/me/notifications`),
//! the secret URL of their Atom feed of matching work (`/api/v1/me/feed`), and the
//! feed itself (`/feeds/work/{token}`, read by feed readers, which cannot sign in).
//! The rules are `app::alerts`'s.

use crate::AppState;
use crate::app::alerts as app;
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use handprint_core::clock::to_rfc3339;
use serde::Serialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/me/notifications", get(notifications))
        .route("/api/v1/me/notifications/read", post(read_all))
        .route("/api/v1/me/notifications/{id}/read", post(read_one))
        .route("/api/v1/me/feed", post(new_feed).delete(revoke_feed))
        .route("/feeds/work/{token}", get(feed))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct NotificationView {
    pub id: String,
    pub project_id: String,
    pub project_title: String,
    /// published, resumed or new_items.
    pub reason: String,
    pub created_at: String,
    pub read: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct NotificationsView {
    pub unread: i64,
    /// Newest first (at most 200).
    pub notifications: Vec<NotificationView>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct UnreadView {
    /// How many notifications stay unread.
    pub unread: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FeedUrlView {
    /// The feed's address, with its secret: shown once; a new one replaces it.
    pub url: String,
}

/// The calling worker's job alerts, newest first, and how many are unread.
#[utoipa::path(get, path = "/api/v1/me/notifications",
    responses((status = 200, body = NotificationsView), (status = 403, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn notifications(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<NotificationsView>> {
    let (unread, rows) = app::notifications(&state, &caller).await?;
    Ok(Json(NotificationsView {
        unread,
        notifications: rows
            .into_iter()
            .map(|n| NotificationView {
                id: n.id,
                project_id: n.project_id.to_string(),
                project_title: n.project_title,
                reason: n.reason,
                created_at: to_rfc3339(n.created_at),
                read: n.read_at.is_some(),
            })
            .collect(),
    }))
}

/// Mark one notification read; 404 when it is not one of yours.
#[utoipa::path(post, path = "/api/v1/me/notifications/{id}/read",
    params(("id" = String, Path, description = "The notification")),
    responses((status = 200, body = UnreadView), (status = 403, body = crate::error::Problem),
        (status = 404, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn read_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<UnreadView>> {
    let unread = app::mark_read(&state, &caller, Some(&id)).await?;
    Ok(Json(UnreadView { unread }))
}

/// Mark all your notifications read.
#[utoipa::path(post, path = "/api/v1/me/notifications/read",
    responses((status = 200, body = UnreadView), (status = 403, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn read_all(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<UnreadView>> {
    let unread = app::mark_read(&state, &caller, None).await?;
    Ok(Json(UnreadView { unread }))
}

/// A new secret address for your Atom feed of matching work (the previous one stops
/// working). The answer is the only time the secret is shown.
#[utoipa::path(post, path = "/api/v1/me/feed",
    responses((status = 201, body = FeedUrlView), (status = 403, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn new_feed(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> ApiResult<(StatusCode, Json<FeedUrlView>)> {
    let token = app::new_feed_token(&state, &caller).await?;
    Ok((
        StatusCode::CREATED,
        Json(FeedUrlView {
            url: format!(
                "{}{}",
                app::base_url(
                    &state,
                    headers.get(header::HOST).and_then(|h| h.to_str().ok()),
                ),
                app::feed_path(&token)
            ),
        }),
    ))
}

/// Revoke your feed's address: it answers 404 from now on. 404 when there is none.
#[utoipa::path(delete, path = "/api/v1/me/feed",
    responses((status = 204), (status = 403, body = crate::error::Problem),
        (status = 404, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn revoke_feed(State(state): State<AppState>, caller: Caller) -> ApiResult<StatusCode> {
    app::revoke_feed_token(&state, &caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Template)]
#[template(path = "feed.xml")]
struct FeedXml {
    id: String,
    self_url: String,
    work_url: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

struct FeedEntry {
    id: String,
    title: String,
    link: String,
    updated: String,
    summary: String,
}

/// An Atom feed (RFC 4287) of the work open to the feed's owner that matches their
/// alert settings, newest first. 404 for an unknown or revoked address.
/// Not in the OpenAPI document: it is read by feed readers, not API clients.
pub async fn feed(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let (worker, projects) = app::feed(&state, &token).await?;
    let base = app::base_url(
        &state,
        headers.get(header::HOST).and_then(|h| h.to_str().ok()),
    );
    let currency = &state.settings.currency;
    let mut entries = Vec::with_capacity(projects.len());
    for p in &projects {
        let spec = p.spec()?;
        let pay = spec
            .implied_hourly()
            .map(|h| format!("{} {}/h. ", h.format(currency), currency.code))
            .unwrap_or_default();
        entries.push(FeedEntry {
            id: format!("urn:handprint:project:{}", p.id),
            title: p.title.clone(),
            link: format!("{base}/work#p-{}", p.id),
            updated: to_rfc3339(p.published_at.unwrap_or(p.updated_at)),
            summary: format!("{pay}{}", p.description),
        });
    }
    let updated = projects
        .iter()
        .map(|p| p.published_at.unwrap_or(p.updated_at))
        .max()
        .unwrap_or(0);
    let xml = FeedXml {
        id: format!("urn:handprint:feed:{worker}"),
        self_url: format!("{base}{}", app::feed_path(&token)),
        work_url: format!("{base}/work"),
        updated: to_rfc3339(updated),
        entries,
    }
    .render()
    .map_err(crate::app::AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "private, no-cache"),
        ],
        xml,
    )
        .into_response())
}
