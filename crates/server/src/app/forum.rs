//! The workers' forum (issue 16). Workers read and write; operators read everything,
//! write, create categories and moderate; requesters may neither read nor write (it
//! is the workers' own place to talk, requesters included). Moderation is by people
//! only: every act (hide or restore a post or thread, lock or unlock a thread) needs a
//! written reason and is logged with who and when; the author of a hidden post or
//! thread still sees it with the reason, nobody else but operators does, and search
//! never finds it. A locked thread refuses posts. Posting is limited per account
//! (`handprint_core::forum::POSTS_PER_WINDOW`). Nothing automated reads posts.

use crate::AppState;
use crate::app::{AppError, AppResult};
use crate::auth::Caller;
use handprint_core::Msg;
use handprint_core::account::Role;
use handprint_core::clock::MICROS_PER_SECOND;
use handprint_core::forum::{
    Action, POST_WINDOW, POSTS_PER_WINDOW, pages, parse_title, search_pattern,
};
use handprint_core::review::parse_note;
use handprint_core::template::FieldProblem;
use handprint_store::forum::{CategoryRow, Moderation, ModerationRow, PostRow, Reader, ThreadRow};
use serde::Deserialize;

// A new category (operators). Problems name `/name` and `/description`.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryRequest {
    pub name: String,
    /// What belongs in it; may be empty.
    #[serde(default)]
    pub description: String,
}

// A new thread: its title and opening post. Problems name `/title` and `/text`.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThreadRequest {
    pub title: String,
    pub text: String,
}

// A reply. Problems name `/text`.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostRequest {
    pub text: String,
}

// A moderation act (operators): `action` is hide or restore for a post; hide,
// restore, lock or unlock for a thread. The reason is required and shown to the
// author. Problems name `/action` and `/reason`.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModerationRequest {
    pub action: String,
    pub reason: String,
}

/// A page of rows, with which page it is and how many pages there are.
pub struct Page<T> {
    pub rows: Vec<T>,
    pub page: i64,
    pub pages: i64,
    pub total: i64,
}

fn paged<T>(rows: Vec<T>, total: i64, page: i64) -> Page<T> {
    Page {
        rows,
        page,
        pages: pages(total),
        total,
    }
}

/// The page asked for (`?page=`): 1 when none, 400 for anything but a whole number
/// from 1.
pub fn page_number(page: Option<&str>) -> AppResult<i64> {
    match page.map(str::trim) {
        None | Some("") => Ok(1),
        Some(p) => match p.parse::<i64>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(AppError::BadRequest(Msg::coded(
                "err-forum-page",
                vec![("value", p.to_string())],
            ))),
        },
    }
}

/// How `caller` reads the forum; 403 for requesters.
pub fn reader(caller: &Caller) -> AppResult<Reader<'_>> {
    match caller.role() {
        Role::Worker => Ok(Reader::Member(caller.id())),
        Role::Operator => Ok(Reader::Operator),
        Role::Requester => Err(AppError::Forbidden(Msg::coded(
            "err-forum-workers-only",
            Vec::new(),
        ))),
    }
}

fn no_category(id: &str) -> AppError {
    AppError::NotFound(Msg::coded(
        "err-forum-no-category",
        vec![("id", id.to_string())],
    ))
}

fn no_thread(id: &str) -> AppError {
    AppError::NotFound(Msg::coded(
        "err-forum-no-thread",
        vec![("id", id.to_string())],
    ))
}

fn no_post(id: &str) -> AppError {
    AppError::NotFound(Msg::coded(
        "err-forum-no-post",
        vec![("id", id.to_string())],
    ))
}

pub async fn categories(state: &AppState, caller: &Caller) -> AppResult<Vec<CategoryRow>> {
    Ok(state.db.forum_categories(reader(caller)?).await?)
}

/// Create a category (operators only); its id.
pub async fn create_category(
    state: &AppState,
    caller: &Caller,
    req: &CategoryRequest,
) -> AppResult<String> {
    caller.require(Role::Operator)?;
    let mut problems = Vec::new();
    let name = parse_title(&req.name)
        .map_err(|m| problems.push(FieldProblem::from_msg("/name", m)))
        .ok();
    let description = req.description.trim();
    if !description.is_empty()
        && let Err(m) = parse_note(description)
    {
        problems.push(FieldProblem::from_msg("/description", m));
    }
    let Some(name) = name.filter(|_| problems.is_empty()) else {
        return Err(AppError::invalid(
            Msg::coded("err-forum-invalid", Vec::new()),
            problems,
        ));
    };
    Ok(state
        .db
        .create_forum_category(&name, description, caller.id(), state.now())
        .await?)
}

/// A category and a page of its threads.
pub async fn category(
    state: &AppState,
    caller: &Caller,
    id: &str,
    page: i64,
) -> AppResult<(CategoryRow, Page<ThreadRow>)> {
    let reader = reader(caller)?;
    let category = state
        .db
        .forum_category(id, reader)
        .await?
        .ok_or_else(|| no_category(id))?;
    let (rows, total) = state.db.forum_threads(id, reader, page).await?;
    Ok((category, paged(rows, total, page)))
}

/// A thread and a page of its posts (404 when it is hidden from the caller).
pub async fn thread(
    state: &AppState,
    caller: &Caller,
    id: &str,
    page: i64,
) -> AppResult<(ThreadRow, Page<PostRow>)> {
    let reader = reader(caller)?;
    let thread = state
        .db
        .forum_thread(id, reader)
        .await?
        .ok_or_else(|| no_thread(id))?;
    let (rows, total) = state.db.forum_posts(id, reader, page).await?;
    Ok((thread, paged(rows, total, page)))
}

/// 429 when the caller wrote [`POSTS_PER_WINDOW`] posts within the last
/// [`POST_WINDOW`].
async fn check_rate(state: &AppState, caller: &Caller) -> AppResult<()> {
    let written = state
        .db
        .forum_posts_since(caller.id(), state.now() - POST_WINDOW)
        .await?;
    if written >= POSTS_PER_WINDOW {
        let seconds = u64::try_from(POST_WINDOW / MICROS_PER_SECOND).unwrap_or(600);
        return Err(AppError::TooManyAttempts {
            message: Msg::coded(
                "err-forum-too-many-posts",
                vec![
                    ("posts", POSTS_PER_WINDOW.to_string()),
                    ("count", (seconds / 60).to_string()),
                ],
            ),
            retry_after: seconds,
        });
    }
    Ok(())
}

/// Start a thread in category `id`; the thread's id.
pub async fn create_thread(
    state: &AppState,
    caller: &Caller,
    id: &str,
    req: &ThreadRequest,
) -> AppResult<String> {
    let reader = reader(caller)?;
    state
        .db
        .forum_category(id, reader)
        .await?
        .ok_or_else(|| no_category(id))?;
    let mut problems = Vec::new();
    let title = parse_title(&req.title)
        .map_err(|m| problems.push(FieldProblem::from_msg("/title", m)))
        .ok();
    let text = parse_note(&req.text)
        .map_err(|m| problems.push(FieldProblem::from_msg("/text", m)))
        .ok();
    let (Some(title), Some(text)) = (title, text) else {
        return Err(AppError::invalid(
            Msg::coded("err-forum-invalid", Vec::new()),
            problems,
        ));
    };
    check_rate(state, caller).await?;
    Ok(state
        .db
        .create_forum_thread(id, caller.id(), &title, &text, state.now())
        .await?)
}

/// Reply in thread `id`; the post's id. 409 when the thread is locked or hidden.
pub async fn reply(
    state: &AppState,
    caller: &Caller,
    id: &str,
    req: &PostRequest,
) -> AppResult<String> {
    let reader = reader(caller)?;
    let thread = state
        .db
        .forum_thread(id, reader)
        .await?
        .ok_or_else(|| no_thread(id))?;
    let text = parse_note(&req.text).map_err(|m| AppError::field("/text", m))?;
    if thread.hidden == 1 {
        return Err(AppError::Conflict(Msg::coded(
            "err-forum-thread-hidden",
            Vec::new(),
        )));
    }
    check_rate(state, caller).await?;
    Ok(state
        .db
        .add_forum_post(id, caller.id(), &text, state.now())
        .await?)
}

/// Posts matching `q` (its words in order, any case), hidden ones never included.
pub async fn search(
    state: &AppState,
    caller: &Caller,
    q: &str,
    page: i64,
) -> AppResult<Page<PostRow>> {
    reader(caller)?;
    let pattern = search_pattern(q).map_err(|m| AppError::field("/q", m))?;
    let (rows, total) = state.db.forum_search(&pattern, page).await?;
    Ok(paged(rows, total, page))
}

/// The reason, or the problems of the request (422).
fn moderation_reason(
    req: &ModerationRequest,
    action: Option<Action>,
    choices: &str,
) -> AppResult<(Action, String)> {
    let mut problems = Vec::new();
    if action.is_none() {
        problems.push(FieldProblem::coded(
            "/action",
            "problem-forum-action",
            vec![
                ("value", req.action.clone()),
                ("choices", choices.to_string()),
            ],
        ));
    }
    let reason = parse_note(&req.reason)
        .map_err(|m| problems.push(FieldProblem::from_msg("/reason", m)))
        .ok();
    match (action, reason) {
        (Some(a), Some(r)) => Ok((a, r)),
        _ => Err(AppError::invalid(
            Msg::coded("err-forum-moderation-invalid", Vec::new()),
            problems,
        )),
    }
}

/// An operator hides or restores post `id`, with a reason; the post's thread id.
pub async fn moderate_post(
    state: &AppState,
    caller: &Caller,
    id: &str,
    req: &ModerationRequest,
) -> AppResult<String> {
    caller.require(Role::Operator)?;
    let post = state.db.forum_post(id).await?.ok_or_else(|| no_post(id))?;
    let (action, reason) =
        moderation_reason(req, Action::on_post(req.action.trim()), "hide, restore")?;
    state
        .db
        .moderate_forum(
            &Moderation {
                operator: caller.id(),
                action,
                thread_id: &post.thread_id,
                post_id: Some(id),
                reason: &reason,
            },
            state.now(),
        )
        .await?;
    Ok(post.thread_id)
}

/// An operator hides, restores, locks or unlocks thread `id`, with a reason.
pub async fn moderate_thread(
    state: &AppState,
    caller: &Caller,
    id: &str,
    req: &ModerationRequest,
) -> AppResult<()> {
    caller.require(Role::Operator)?;
    state
        .db
        .forum_thread(id, Reader::Operator)
        .await?
        .ok_or_else(|| no_thread(id))?;
    let (action, reason) = moderation_reason(
        req,
        Action::on_thread(req.action.trim()),
        "hide, restore, lock, unlock",
    )?;
    Ok(state
        .db
        .moderate_forum(
            &Moderation {
                operator: caller.id(),
                action,
                thread_id: id,
                post_id: None,
                reason: &reason,
            },
            state.now(),
        )
        .await?)
}

/// The moderation log, newest first (operators only).
pub async fn moderation_log(
    state: &AppState,
    caller: &Caller,
    page: i64,
) -> AppResult<Page<ModerationRow>> {
    caller.require(Role::Operator)?;
    let (rows, total) = state.db.forum_moderation_log(page).await?;
    Ok(paged(rows, total, page))
}
