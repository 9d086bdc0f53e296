//! The workers' forum pages: `/forum` (categories, search, an operator's new
//! category), `/forum/c/{id}` (a category's threads and a new thread),
//! `/forum/t/{id}` (a thread's posts, the reply form, and the operators' moderation
//! controls), `/forum/search`. Thin adapters over `app::forum`, which holds every
//! rule (who may read, post and moderate; reasons; locking; the posting limit).

use super::extract::{CsrfForm, OperatorPage};
use super::i18n::Tr;
use super::session::SignedIn;
use super::{Nav, WebError, render, render_status, see_other, url_encode, when_text};
use crate::app::forum::{
    self as app, CategoryRequest, ModerationRequest, Page, PostRequest, ThreadRequest,
};
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use handprint_store::forum::{CategoryRow, PostRow, ThreadRow};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/forum", get(index))
        .route("/forum/categories", post(create_category))
        .route("/forum/c/{id}", get(category).post(create_thread))
        .route("/forum/t/{id}", get(thread).post(reply))
        .route("/forum/t/{id}/moderation", post(moderate_thread))
        .route("/forum/p/{id}/moderation", post(moderate_post))
        .route("/forum/search", get(search))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PageQuery {
    page: Option<String>,
    done: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchQuery {
    q: String,
    page: Option<String>,
}

/// What a form holds, as typed (kept when the page comes back with errors).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct Typed {
    name: String,
    description: String,
    title: String,
    text: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ModerationForm {
    action: String,
    reason: String,
}

/// Links to the previous and next pages of a list at `base` (which ends with `?` or `&`).
struct Pager {
    page: i64,
    pages: i64,
    base: String,
}

impl Pager {
    fn new<T>(p: &Page<T>, base: &str) -> Pager {
        Pager {
            page: p.page,
            pages: p.pages,
            base: base.to_string(),
        }
    }
    fn previous(&self) -> Option<String> {
        (self.page > 1).then(|| format!("{}page={}", self.base, self.page - 1))
    }
    fn next(&self) -> Option<String> {
        (self.page < self.pages).then(|| format!("{}page={}", self.base, self.page + 1))
    }
}

#[derive(Template)]
#[template(path = "forum.html")]
struct IndexPage {
    t: Tr,
    nav: Nav,
    categories: Vec<CategoryRow>,
    typed: Typed,
    errors: Vec<String>,
    done: Option<String>,
}

#[derive(Template)]
#[template(path = "forum_category.html")]
struct CategoryPage {
    t: Tr,
    nav: Nav,
    category: CategoryRow,
    threads: Vec<ThreadRow>,
    pager: Pager,
    typed: Typed,
    errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "forum_thread.html")]
struct ThreadPage {
    t: Tr,
    nav: Nav,
    thread: ThreadRow,
    posts: Vec<PostRow>,
    pager: Pager,
    typed: Typed,
    errors: Vec<String>,
    done: Option<String>,
}

#[derive(Template)]
#[template(path = "forum_search.html")]
struct SearchPage {
    t: Tr,
    nav: Nav,
    q: String,
    results: Vec<PostRow>,
    total: i64,
    pager: Pager,
}

/// Times as the pages write them (`{{ when(at) }}` in the templates).
trait Whens {
    fn when(&self, at: &i64) -> String {
        when_text(*at)
    }
}
impl Whens for CategoryPage {}
impl Whens for ThreadPage {}
impl Whens for SearchPage {}

/// Why a form was refused, in the reader's language, with the page's status; other
/// refusals become the error page.
fn refusal(t: &Tr, e: AppError) -> Result<(StatusCode, Vec<String>), WebError> {
    match e {
        AppError::Invalid { problems, .. } => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            problems
                .iter()
                .map(|p| format!("{}: {}", p.path, t.msg(&p.msg())))
                .collect(),
        )),
        AppError::Conflict(msg) => Ok((StatusCode::CONFLICT, vec![t.msg(&msg)])),
        AppError::TooManyAttempts { message, .. } => {
            Ok((StatusCode::TOO_MANY_REQUESTS, vec![t.msg(&message)]))
        }
        e => Err(e.into()),
    }
}

async fn index_page(
    state: &AppState,
    t: Tr,
    signed: &SignedIn,
    typed: Typed,
    errors: Vec<String>,
) -> Result<IndexPage, WebError> {
    let categories = app::categories(state, &signed.caller()).await?;
    Ok(IndexPage {
        nav: Nav::new(&signed.visitor, "/forum"),
        t,
        categories,
        typed,
        errors,
        done: None,
    })
}

async fn index(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let mut p = index_page(&state, t, &signed, Typed::default(), Vec::new()).await?;
    if q.done.as_deref() == Some("category") {
        p.done = Some(p.t.t("forum-category-done"));
    }
    Ok(render(&p))
}

async fn create_category(
    State(state): State<AppState>,
    t: Tr,
    signed: OperatorPage,
    CsrfForm(typed): CsrfForm<Typed>,
) -> Result<Response, WebError> {
    let req = CategoryRequest {
        name: typed.name.clone(),
        description: typed.description.clone(),
    };
    match app::create_category(&state, &signed.caller(), &req).await {
        Ok(_) => Ok(see_other("/forum?done=category")),
        Err(AppError::Conflict(msg)) => {
            let errors = vec![t.msg(&msg)];
            let p = index_page(&state, t, &signed, typed, errors).await?;
            Ok(render_status(StatusCode::CONFLICT, &p))
        }
        Err(e) => {
            let (status, errors) = refusal(&t, e)?;
            let p = index_page(&state, t, &signed, typed, errors).await?;
            Ok(render_status(status, &p))
        }
    }
}

async fn category_page(
    state: &AppState,
    t: Tr,
    signed: &SignedIn,
    id: &str,
    page: Option<&str>,
    (typed, errors): (Typed, Vec<String>),
) -> Result<CategoryPage, WebError> {
    let page = app::page_number(page)?;
    let (category, threads) = app::category(state, &signed.caller(), id, page).await?;
    let path = format!("/forum/c/{id}");
    Ok(CategoryPage {
        nav: Nav::new(&signed.visitor, &path),
        t,
        pager: Pager::new(&threads, &format!("{path}?")),
        category,
        threads: threads.rows,
        typed,
        errors,
    })
}

async fn category(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let p = category_page(
        &state,
        t,
        &signed,
        &id,
        q.page.as_deref(),
        Default::default(),
    )
    .await?;
    Ok(render(&p))
}

async fn create_thread(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm<Typed>,
) -> Result<Response, WebError> {
    let req = ThreadRequest {
        title: typed.title.clone(),
        text: typed.text.clone(),
    };
    match app::create_thread(&state, &signed.caller(), &id, &req).await {
        Ok(thread) => Ok(see_other(&format!("/forum/t/{thread}"))),
        Err(e) => {
            let (status, errors) = refusal(&t, e)?;
            let p = category_page(&state, t, &signed, &id, None, (typed, errors)).await?;
            Ok(render_status(status, &p))
        }
    }
}

async fn thread_page(
    state: &AppState,
    t: Tr,
    signed: &SignedIn,
    id: &str,
    page: Option<&str>,
    (typed, errors): (Typed, Vec<String>),
) -> Result<ThreadPage, WebError> {
    let page = app::page_number(page)?;
    let (thread, posts) = app::thread(state, &signed.caller(), id, page).await?;
    let path = format!("/forum/t/{id}");
    Ok(ThreadPage {
        nav: Nav::new(&signed.visitor, &path),
        t,
        pager: Pager::new(&posts, &format!("{path}?")),
        thread,
        posts: posts.rows,
        typed,
        errors,
        done: None,
    })
}

async fn thread(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let mut p = thread_page(
        &state,
        t,
        &signed,
        &id,
        q.page.as_deref(),
        Default::default(),
    )
    .await?;
    if q.done.as_deref() == Some("moderated") {
        p.done = Some(p.t.t("forum-done-moderated"));
    }
    Ok(render(&p))
}

async fn reply(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
    Path(id): Path<String>,
    CsrfForm(typed): CsrfForm<Typed>,
) -> Result<Response, WebError> {
    let req = PostRequest {
        text: typed.text.clone(),
    };
    match app::reply(&state, &signed.caller(), &id, &req).await {
        Ok(post) => {
            // The last page, where the new post is.
            let (_, posts) = app::thread(&state, &signed.caller(), &id, 1).await?;
            Ok(see_other(&format!(
                "/forum/t/{id}?page={}#post-{post}",
                posts.pages
            )))
        }
        Err(e) => {
            let (status, errors) = refusal(&t, e)?;
            let p = thread_page(&state, t, &signed, &id, None, (typed, errors)).await?;
            Ok(render_status(status, &p))
        }
    }
}

async fn moderate_post(
    State(state): State<AppState>,
    t: Tr,
    signed: OperatorPage,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ModerationForm>,
) -> Result<Response, WebError> {
    let req = ModerationRequest {
        action: form.action,
        reason: form.reason,
    };
    match app::moderate_post(&state, &signed.caller(), &id, &req).await {
        Ok(thread) => Ok(see_other(&format!(
            "/forum/t/{thread}?done=moderated#post-{id}"
        ))),
        Err(e) => {
            let thread = state
                .db
                .forum_post(&id)
                .await?
                .map(|p| p.thread_id)
                .ok_or_else(|| AppError::not_found("post"))?;
            let (status, errors) = refusal(&t, e)?;
            let typed = (Typed::default(), errors);
            let p = thread_page(&state, t, &signed, &thread, None, typed).await?;
            Ok(render_status(status, &p))
        }
    }
}

async fn moderate_thread(
    State(state): State<AppState>,
    t: Tr,
    signed: OperatorPage,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ModerationForm>,
) -> Result<Response, WebError> {
    let req = ModerationRequest {
        action: form.action,
        reason: form.reason,
    };
    match app::moderate_thread(&state, &signed.caller(), &id, &req).await {
        Ok(()) => Ok(see_other(&format!("/forum/t/{id}?done=moderated"))),
        Err(e) => {
            let (status, errors) = refusal(&t, e)?;
            let typed = (Typed::default(), errors);
            let p = thread_page(&state, t, &signed, &id, None, typed).await?;
            Ok(render_status(status, &p))
        }
    }
}

async fn search(
    State(state): State<AppState>,
    t: Tr,
    signed: SignedIn,
    Query(q): Query<SearchQuery>,
) -> Result<Response, WebError> {
    if q.q.trim().is_empty() {
        return Ok(see_other("/forum"));
    }
    let page = app::page_number(q.page.as_deref())?;
    let found = app::search(&state, &signed.caller(), &q.q, page).await?;
    let base = format!("/forum/search?q={}&", url_encode(q.q.trim()));
    let p = SearchPage {
        nav: Nav::new(
            &signed.visitor,
            &format!("/forum/search?q={}", url_encode(&q.q)),
        ),
        t,
        q: q.q.trim().to_string(),
        pager: Pager::new(&found, &base),
        total: found.total,
        results: found.rows,
    };
    Ok(render(&p))
}
