//! The workers' forum under `/api/v1/forum`: categories (created by operators),
//! threads, posts, search, and moderation by operators with a written reason each.
//! Workers and operators read and write; requesters get 403. The rules are
//! `app::forum`'s.

use crate::AppState;
use crate::app::forum::{self as app, Page};
pub use crate::app::forum::{CategoryRequest, ModerationRequest, PostRequest, ThreadRequest};
use crate::auth::Caller;
use crate::error::{ApiResult, Json};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use handprint_core::clock::to_rfc3339;
use handprint_store::forum::{CategoryRow, ModerationRow, PostRow, ThreadRow};
use serde::{Deserialize, Serialize};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/forum/categories",
            get(categories).post(create_category),
        )
        .route(
            "/api/v1/forum/categories/{id}",
            get(category).post(create_thread),
        )
        .route("/api/v1/forum/threads/{id}", get(thread).post(reply))
        .route(
            "/api/v1/forum/threads/{id}/moderation",
            post(moderate_thread),
        )
        .route("/api/v1/forum/posts/{id}/moderation", post(moderate_post))
        .route("/api/v1/forum/search", get(search))
        .route("/api/v1/forum/moderation", get(moderation_log))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// The page, from 1 (20 rows a page).
    pub page: Option<String>,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct SearchQuery {
    /// Words to find, in this order, in any case, in posts and thread titles.
    pub q: Option<String>,
    /// The page, from 1 (20 results a page).
    pub page: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ForumCategoryView {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Threads you can see in it.
    pub threads: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ForumThreadView {
    pub id: String,
    pub category_id: String,
    pub category_name: String,
    pub title: String,
    /// The author's account name.
    pub author: String,
    pub created_at: String,
    pub last_post_at: String,
    /// Posts you can see in it.
    pub posts: i64,
    /// A locked thread refuses posts; `lock_reason` says why.
    pub locked: bool,
    pub lock_reason: Option<String>,
    /// Only its author and operators see a hidden thread; `hidden_reason` says why.
    pub hidden: bool,
    pub hidden_reason: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ForumPostView {
    pub id: String,
    pub thread_id: String,
    pub thread_title: String,
    pub author: String,
    pub text: String,
    pub created_at: String,
    /// Only its author and operators see a hidden post; `hidden_reason` says why.
    pub hidden: bool,
    pub hidden_reason: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ForumCategoryPageView {
    pub category: ForumCategoryView,
    /// The latest post first.
    pub threads: Vec<ForumThreadView>,
    pub page: i64,
    pub pages: i64,
    pub total: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ForumThreadPageView {
    pub thread: ForumThreadView,
    /// Oldest first; the first is the opening post.
    pub posts: Vec<ForumPostView>,
    pub page: i64,
    pub pages: i64,
    pub total: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ForumSearchView {
    /// Newest first; hidden posts and posts of hidden threads are never found.
    pub results: Vec<ForumPostView>,
    pub page: i64,
    pub pages: i64,
    pub total: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ForumModerationView {
    pub id: String,
    pub operator: String,
    /// hide_post, restore_post, hide_thread, restore_thread, lock_thread or unlock_thread.
    pub action: String,
    pub thread_id: String,
    pub thread_title: String,
    pub post_id: Option<String>,
    pub reason: String,
    pub at: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ForumModerationLogView {
    /// Newest first.
    pub actions: Vec<ForumModerationView>,
    pub page: i64,
    pub pages: i64,
    pub total: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ForumCreatedView {
    pub id: String,
}

fn category_view(c: &CategoryRow) -> ForumCategoryView {
    ForumCategoryView {
        id: c.id.clone(),
        name: c.name.clone(),
        description: c.description.clone(),
        threads: c.threads,
    }
}

pub fn thread_view(t: &ThreadRow) -> ForumThreadView {
    ForumThreadView {
        id: t.id.clone(),
        category_id: t.category_id.clone(),
        category_name: t.category_name.clone(),
        title: t.title.clone(),
        author: t.author_name.clone(),
        created_at: to_rfc3339(t.created_at),
        last_post_at: to_rfc3339(t.last_post_at),
        posts: t.posts,
        locked: t.locked == 1,
        lock_reason: t.lock_reason.clone().filter(|_| t.locked == 1),
        hidden: t.hidden == 1,
        hidden_reason: t.hidden_reason.clone().filter(|_| t.hidden == 1),
    }
}

pub fn post_view(p: &PostRow) -> ForumPostView {
    ForumPostView {
        id: p.id.clone(),
        thread_id: p.thread_id.clone(),
        thread_title: p.thread_title.clone(),
        author: p.author_name.clone(),
        text: p.body.clone(),
        created_at: to_rfc3339(p.created_at),
        hidden: p.hidden == 1,
        hidden_reason: p.hidden_reason.clone().filter(|_| p.hidden == 1),
    }
}

fn moderation_view(m: &ModerationRow) -> ForumModerationView {
    ForumModerationView {
        id: m.id.clone(),
        operator: m.operator_name.clone(),
        action: m.action.as_str().to_string(),
        thread_id: m.thread_id.clone(),
        thread_title: m.thread_title.clone(),
        post_id: m.post_id.clone(),
        reason: m.reason.clone(),
        at: to_rfc3339(m.created_at),
    }
}

fn rows<T, V>(p: &Page<T>, view: fn(&T) -> V) -> Vec<V> {
    p.rows.iter().map(view).collect()
}

/// The categories, by name.
#[utoipa::path(get, path = "/api/v1/forum/categories",
    responses((status = 200, body = [ForumCategoryView]), (status = 403, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn categories(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<ForumCategoryView>>> {
    let found = app::categories(&state, &caller).await?;
    Ok(Json(found.iter().map(category_view).collect()))
}

/// Create a category (operators only); 409 when the name is taken.
#[utoipa::path(post, path = "/api/v1/forum/categories", request_body = CategoryRequest,
    responses((status = 201, body = ForumCreatedView), (status = 403, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn create_category(
    State(state): State<AppState>,
    caller: Caller,
    Json(req): Json<CategoryRequest>,
) -> ApiResult<(StatusCode, Json<ForumCreatedView>)> {
    let id = app::create_category(&state, &caller, &req).await?;
    Ok((StatusCode::CREATED, Json(ForumCreatedView { id })))
}

/// A category and a page of its threads, the latest post first.
#[utoipa::path(get, path = "/api/v1/forum/categories/{id}", params(("id" = String, Path), PageQuery),
    responses((status = 200, body = ForumCategoryPageView), (status = 400, body = crate::error::Problem),
        (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn category(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<ForumCategoryPageView>> {
    let page = app::page_number(q.page.as_deref())?;
    let (c, threads) = app::category(&state, &caller, &id, page).await?;
    Ok(Json(ForumCategoryPageView {
        category: category_view(&c),
        threads: rows(&threads, thread_view),
        page: threads.page,
        pages: threads.pages,
        total: threads.total,
    }))
}

/// Start a thread in the category: its title and opening post. 429 past the posting
/// limit (10 posts in 10 minutes).
#[utoipa::path(post, path = "/api/v1/forum/categories/{id}", request_body = ThreadRequest,
    params(("id" = String, Path)),
    responses((status = 201, body = ForumCreatedView), (status = 403, body = crate::error::Problem),
        (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem),
        (status = 429, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn create_thread(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<ThreadRequest>,
) -> ApiResult<(StatusCode, Json<ForumCreatedView>)> {
    let id = app::create_thread(&state, &caller, &id, &req).await?;
    Ok((StatusCode::CREATED, Json(ForumCreatedView { id })))
}

/// A thread and a page of its posts, oldest first. A hidden thread or post is shown
/// only to its author (with the reason) and to operators.
#[utoipa::path(get, path = "/api/v1/forum/threads/{id}", params(("id" = String, Path), PageQuery),
    responses((status = 200, body = ForumThreadPageView), (status = 400, body = crate::error::Problem),
        (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn thread(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<ForumThreadPageView>> {
    let page = app::page_number(q.page.as_deref())?;
    let (t, posts) = app::thread(&state, &caller, &id, page).await?;
    Ok(Json(ForumThreadPageView {
        thread: thread_view(&t),
        posts: rows(&posts, post_view),
        page: posts.page,
        pages: posts.pages,
        total: posts.total,
    }))
}

/// Reply in a thread; 409 when it is locked, 429 past the posting limit.
#[utoipa::path(post, path = "/api/v1/forum/threads/{id}", request_body = PostRequest,
    params(("id" = String, Path)),
    responses((status = 201, body = ForumCreatedView), (status = 403, body = crate::error::Problem),
        (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem), (status = 429, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn reply(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<PostRequest>,
) -> ApiResult<(StatusCode, Json<ForumCreatedView>)> {
    let id = app::reply(&state, &caller, &id, &req).await?;
    Ok((StatusCode::CREATED, Json(ForumCreatedView { id })))
}

/// Search posts and thread titles (`q`: words in this order, any case).
#[utoipa::path(get, path = "/api/v1/forum/search", params(SearchQuery),
    responses((status = 200, body = ForumSearchView), (status = 400, body = crate::error::Problem),
        (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn search(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<SearchQuery>,
) -> ApiResult<Json<ForumSearchView>> {
    let page = app::page_number(q.page.as_deref())?;
    let found = app::search(&state, &caller, q.q.as_deref().unwrap_or(""), page).await?;
    Ok(Json(ForumSearchView {
        results: rows(&found, post_view),
        page: found.page,
        pages: found.pages,
        total: found.total,
    }))
}

/// Hide or restore a post (operators only), with a reason shown to its author.
#[utoipa::path(post, path = "/api/v1/forum/posts/{id}/moderation", request_body = ModerationRequest,
    params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = crate::error::Problem),
        (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn moderate_post(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<ModerationRequest>,
) -> ApiResult<StatusCode> {
    app::moderate_post(&state, &caller, &id, &req).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Hide, restore, lock or unlock a thread (operators only), with a reason.
#[utoipa::path(post, path = "/api/v1/forum/threads/{id}/moderation", request_body = ModerationRequest,
    params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = crate::error::Problem),
        (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn moderate_thread(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<ModerationRequest>,
) -> ApiResult<StatusCode> {
    app::moderate_thread(&state, &caller, &id, &req).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The moderation log, newest first: who did what, when and why (operators only).
#[utoipa::path(get, path = "/api/v1/forum/moderation", params(PageQuery),
    responses((status = 200, body = ForumModerationLogView), (status = 400, body = crate::error::Problem),
        (status = 403, body = crate::error::Problem)),
    security(("api_key" = [])))]
pub async fn moderation_log(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<ForumModerationLogView>> {
    let page = app::page_number(q.page.as_deref())?;
    let log = app::moderation_log(&state, &caller, page).await?;
    Ok(Json(ForumModerationLogView {
        actions: rows(&log, moderation_view),
        page: log.page,
        pages: log.pages,
        total: log.total,
    }))
}
