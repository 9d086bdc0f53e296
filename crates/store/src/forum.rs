//! The workers' forum (issue 16): categories, threads, posts, search and the
//! moderation log. A hidden thread or post is read only by its author (with the
//! reason) and by operators; search never finds one. A post in a locked thread is
//! refused in the same transaction that writes it.

use crate::sql::{query, query_as, query_scalar};
use crate::{Db, Result, StoreError, new_id};
use handprint_core::forum::{Action, PAGE_SIZE, search_text};
use handprint_core::{Timestamp, UserId};

/// Who is reading: an operator reads everything; anyone else reads what is not
/// hidden, and what they wrote themselves.
#[derive(Clone, Copy)]
pub enum Reader<'a> {
    Operator,
    Member(&'a UserId),
}

impl Reader<'_> {
    /// The SQL condition for rows of `alias` (with `hidden` and `author_id`), with
    /// the reader bound as `$1`.
    fn sees(self, alias: &str) -> String {
        match self {
            Reader::Operator => "($1 = $1)".to_string(),
            Reader::Member(_) => format!("({alias}.hidden = 0 OR {alias}.author_id = $1)"),
        }
    }

    fn bind(self) -> String {
        match self {
            Reader::Operator => String::new(),
            Reader::Member(u) => u.as_str().to_string(),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CategoryRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub created_at: i64,
    /// Threads the reader sees in it.
    pub threads: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ThreadRow {
    pub id: String,
    pub category_id: String,
    pub category_name: String,
    #[sqlx(try_from = "String")]
    pub author_id: UserId,
    pub author_name: String,
    pub title: String,
    pub created_at: i64,
    pub last_post_at: i64,
    pub locked: i64,
    pub hidden: i64,
    /// Posts the reader sees in it.
    pub posts: i64,
    /// The reason of the latest hiding (meaningful while hidden).
    pub hidden_reason: Option<String>,
    /// The reason of the latest locking (meaningful while locked).
    pub lock_reason: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PostRow {
    pub id: String,
    pub thread_id: String,
    pub thread_title: String,
    #[sqlx(try_from = "String")]
    pub author_id: UserId,
    pub author_name: String,
    pub body: String,
    pub created_at: i64,
    pub hidden: i64,
    /// The reason of the latest hiding (meaningful while hidden).
    pub hidden_reason: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ModerationRow {
    pub id: String,
    pub operator_name: String,
    #[sqlx(try_from = "String")]
    pub action: Action,
    pub thread_id: String,
    pub thread_title: String,
    pub post_id: Option<String>,
    pub reason: String,
    pub created_at: i64,
}

/// One moderation act to apply and log.
pub struct Moderation<'a> {
    pub operator: &'a UserId,
    pub action: Action,
    pub thread_id: &'a str,
    pub post_id: Option<&'a str>,
    pub reason: &'a str,
}

fn offset(page: i64) -> i64 {
    (page.max(1) - 1) * PAGE_SIZE
}

const LATEST_HIDE_POST: &str = r#"(SELECT m.reason FROM forum_moderation m
    WHERE m.post_id = p.id AND m.action = 'hide_post'
    ORDER BY m.created_at DESC, m.id DESC LIMIT 1)"#;

fn thread_select(reader: Reader<'_>) -> String {
    let sees = reader.sees("p");
    format!(
        r#"
        SELECT t.id, t.category_id, c.name AS category_name, t.author_id, u.name AS author_name,
            t.title, t.created_at, t.last_post_at, t.locked, t.hidden,
            (SELECT COUNT(*) FROM forum_posts p WHERE p.thread_id = t.id AND {sees}) AS posts,
            (SELECT m.reason FROM forum_moderation m WHERE m.thread_id = t.id
                AND m.action = 'hide_thread' ORDER BY m.created_at DESC, m.id DESC LIMIT 1)
                AS hidden_reason,
            (SELECT m.reason FROM forum_moderation m WHERE m.thread_id = t.id
                AND m.action = 'lock_thread' ORDER BY m.created_at DESC, m.id DESC LIMIT 1)
                AS lock_reason
        FROM forum_threads t JOIN forum_categories c ON c.id = t.category_id
        JOIN users u ON u.id = t.author_id
        "#
    )
}

impl Db {
    /// A new category (409 naming `name` when one has that name already).
    pub async fn create_forum_category(
        &self,
        name: &str,
        description: &str,
        by: &UserId,
        now: Timestamp,
    ) -> Result<String> {
        let id = new_id();
        query(
            r#"
            INSERT INTO forum_categories (id, name, description, created_by, created_at)
            VALUES ($1, $2, $3, $4, $5)
            "#,
        )
        .bind(&id)
        .bind(name)
        .bind(description)
        .bind(by)
        .bind(now)
        .execute(self)
        .await
        .map_err(|e| StoreError::unique_as(e, "name"))?;
        Ok(id)
    }

    /// Every category by name, with the threads `reader` sees in each.
    pub async fn forum_categories(&self, reader: Reader<'_>) -> Result<Vec<CategoryRow>> {
        let sees = reader.sees("t");
        let sql = format!(
            r#"
            SELECT c.id, c.name, c.description, c.created_at,
                (SELECT COUNT(*) FROM forum_threads t WHERE t.category_id = c.id AND {sees})
                    AS threads
            FROM forum_categories c ORDER BY c.name, c.id
            "#
        );
        Ok(query_as::<CategoryRow>(sqlx::AssertSqlSafe(sql))
            .bind(reader.bind())
            .fetch_all(self)
            .await?)
    }

    /// One category, or None.
    pub async fn forum_category(
        &self,
        id: &str,
        reader: Reader<'_>,
    ) -> Result<Option<CategoryRow>> {
        Ok(self
            .forum_categories(reader)
            .await?
            .into_iter()
            .find(|c| c.id == id))
    }

    /// A page of a category's threads `reader` sees, the latest post first, and how
    /// many there are in all.
    pub async fn forum_threads(
        &self,
        category: &str,
        reader: Reader<'_>,
        page: i64,
    ) -> Result<(Vec<ThreadRow>, i64)> {
        let sees = reader.sees("t");
        let sql = format!(
            "{} WHERE t.category_id = $2 AND {sees}
            ORDER BY t.last_post_at DESC, t.id DESC LIMIT $3 OFFSET $4",
            thread_select(reader)
        );
        let rows = query_as::<ThreadRow>(sqlx::AssertSqlSafe(sql))
            .bind(reader.bind())
            .bind(category)
            .bind(PAGE_SIZE)
            .bind(offset(page))
            .fetch_all(self)
            .await?;
        let count =
            format!("SELECT COUNT(*) FROM forum_threads t WHERE t.category_id = $2 AND {sees}");
        let total: i64 = query_scalar(sqlx::AssertSqlSafe(count))
            .bind(reader.bind())
            .bind(category)
            .fetch_one(self)
            .await?;
        Ok((rows, total))
    }

    /// One thread as `reader` may see it, or None (also when it is hidden from them).
    pub async fn forum_thread(&self, id: &str, reader: Reader<'_>) -> Result<Option<ThreadRow>> {
        let sql = format!(
            "{} WHERE t.id = $2 AND {}",
            thread_select(reader),
            reader.sees("t")
        );
        Ok(query_as::<ThreadRow>(sqlx::AssertSqlSafe(sql))
            .bind(reader.bind())
            .bind(id)
            .fetch_optional(self)
            .await?)
    }

    /// A page of a thread's posts `reader` sees, oldest first, and how many in all.
    pub async fn forum_posts(
        &self,
        thread: &str,
        reader: Reader<'_>,
        page: i64,
    ) -> Result<(Vec<PostRow>, i64)> {
        let sees = reader.sees("p");
        let sql = format!(
            r#"
            SELECT p.id, p.thread_id, t.title AS thread_title, p.author_id,
                u.name AS author_name, p.body, p.created_at, p.hidden,
                {LATEST_HIDE_POST} AS hidden_reason
            FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id
            JOIN users u ON u.id = p.author_id
            WHERE p.thread_id = $2 AND {sees}
            ORDER BY p.created_at, p.id LIMIT $3 OFFSET $4
            "#
        );
        let rows = query_as::<PostRow>(sqlx::AssertSqlSafe(sql))
            .bind(reader.bind())
            .bind(thread)
            .bind(PAGE_SIZE)
            .bind(offset(page))
            .fetch_all(self)
            .await?;
        let count = format!("SELECT COUNT(*) FROM forum_posts p WHERE p.thread_id = $2 AND {sees}");
        let total: i64 = query_scalar(sqlx::AssertSqlSafe(count))
            .bind(reader.bind())
            .bind(thread)
            .fetch_one(self)
            .await?;
        Ok((rows, total))
    }

    /// One post with its thread's id, or None.
    pub async fn forum_post(&self, id: &str) -> Result<Option<PostRow>> {
        let sql = format!(
            r#"
            SELECT p.id, p.thread_id, t.title AS thread_title, p.author_id,
                u.name AS author_name, p.body, p.created_at, p.hidden,
                {LATEST_HIDE_POST} AS hidden_reason
            FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id
            JOIN users u ON u.id = p.author_id
            WHERE p.id = $1
            "#
        );
        Ok(query_as::<PostRow>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self)
            .await?)
    }

    /// Posts (threads' opening posts included) `author` wrote after `since`: the
    /// posting limit's count, the same for every instance of the server.
    pub async fn forum_posts_since(&self, author: &UserId, since: Timestamp) -> Result<i64> {
        Ok(query_scalar(
            "SELECT COUNT(*) FROM forum_posts WHERE author_id = $1 AND created_at > $2",
        )
        .bind(author)
        .bind(since)
        .fetch_one(self)
        .await?)
    }

    /// A new thread in `category` with its opening post; the thread's id.
    pub async fn create_forum_thread(
        &self,
        category: &str,
        author: &UserId,
        title: &str,
        body: &str,
        now: Timestamp,
    ) -> Result<String> {
        let thread = new_id();
        let t = &thread;
        self.write(move |tx| {
            Box::pin(async move {
                query(
                    r#"
                    INSERT INTO forum_threads (id, category_id, author_id, title, search_text,
                        created_at, last_post_at, locked, hidden)
                    VALUES ($1, $2, $3, $4, $5, $6, $6, 0, 0)
                    "#,
                )
                .bind(t)
                .bind(category)
                .bind(author)
                .bind(title)
                .bind(search_text(title))
                .bind(now)
                .execute(&mut *tx)
                .await?;
                insert_post(tx, t, author, body, now).await?;
                Ok(())
            })
        })
        .await?;
        Ok(thread)
    }

    /// A reply in `thread`; 409 when the thread is locked (checked as it is written).
    pub async fn add_forum_post(
        &self,
        thread: &str,
        author: &UserId,
        body: &str,
        now: Timestamp,
    ) -> Result<String> {
        self.write(move |tx| {
            Box::pin(async move {
                let open = query(
                    "UPDATE forum_threads SET last_post_at = $1 WHERE id = $2 AND locked = 0",
                )
                .bind(now)
                .bind(thread)
                .execute(&mut *tx)
                .await?;
                if open.rows_affected() == 0 {
                    return Err(StoreError::conflict("err-forum-thread-locked", Vec::new()));
                }
                insert_post(tx, thread, author, body, now).await
            })
        })
        .await
    }

    /// Search the posts of threads nobody hid (hidden posts left out, whoever asks)
    /// whose text or thread title matches `pattern` (a `LIKE` pattern over the
    /// lowercased text, `\` escaping): a page, the newest first, and how many in all.
    pub async fn forum_search(&self, pattern: &str, page: i64) -> Result<(Vec<PostRow>, i64)> {
        let from = r#"
            FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id
            JOIN users u ON u.id = p.author_id
            WHERE p.hidden = 0 AND t.hidden = 0
                AND (p.search_text LIKE $1 ESCAPE '\' OR t.search_text LIKE $1 ESCAPE '\')
        "#;
        let sql = format!(
            r#"
            SELECT p.id, p.thread_id, t.title AS thread_title, p.author_id,
                u.name AS author_name, p.body, p.created_at, p.hidden,
                CAST(NULL AS TEXT) AS hidden_reason
            {from} ORDER BY p.created_at DESC, p.id DESC LIMIT $2 OFFSET $3
            "#
        );
        let rows = query_as::<PostRow>(sqlx::AssertSqlSafe(sql))
            .bind(pattern)
            .bind(PAGE_SIZE)
            .bind(offset(page))
            .fetch_all(self)
            .await?;
        let total: i64 = query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) {from}")))
            .bind(pattern)
            .fetch_one(self)
            .await?;
        Ok((rows, total))
    }

    /// Apply a moderation act and log it, in one transaction.
    pub async fn moderate_forum(&self, m: &Moderation<'_>, now: Timestamp) -> Result<()> {
        let (sql, target) = match m.action {
            Action::HidePost => ("UPDATE forum_posts SET hidden = 1 WHERE id = $1", m.post_id),
            Action::RestorePost => ("UPDATE forum_posts SET hidden = 0 WHERE id = $1", m.post_id),
            Action::HideThread => (
                "UPDATE forum_threads SET hidden = 1 WHERE id = $1",
                Some(m.thread_id),
            ),
            Action::RestoreThread => (
                "UPDATE forum_threads SET hidden = 0 WHERE id = $1",
                Some(m.thread_id),
            ),
            Action::LockThread => (
                "UPDATE forum_threads SET locked = 1 WHERE id = $1",
                Some(m.thread_id),
            ),
            Action::UnlockThread => (
                "UPDATE forum_threads SET locked = 0 WHERE id = $1",
                Some(m.thread_id),
            ),
        };
        let target = target.unwrap_or(m.thread_id);
        self.write(move |tx| {
            Box::pin(async move {
                query(sql).bind(target).execute(&mut *tx).await?;
                query(
                    r#"
                    INSERT INTO forum_moderation (id, operator_id, action, thread_id, post_id,
                        reason, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    "#,
                )
                .bind(new_id())
                .bind(m.operator)
                .bind(m.action.as_str())
                .bind(m.thread_id)
                .bind(m.post_id)
                .bind(m.reason)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                Ok(())
            })
        })
        .await
    }

    /// The moderation log, the newest first (a page, and how many in all).
    pub async fn forum_moderation_log(&self, page: i64) -> Result<(Vec<ModerationRow>, i64)> {
        let rows = query_as::<ModerationRow>(
            r#"
            SELECT m.id, u.name AS operator_name, m.action, m.thread_id,
                t.title AS thread_title, m.post_id, m.reason, m.created_at
            FROM forum_moderation m JOIN users u ON u.id = m.operator_id
            JOIN forum_threads t ON t.id = m.thread_id
            ORDER BY m.created_at DESC, m.id DESC LIMIT $1 OFFSET $2
            "#,
        )
        .bind(PAGE_SIZE)
        .bind(offset(page))
        .fetch_all(self)
        .await?;
        let total: i64 = query_scalar("SELECT COUNT(*) FROM forum_moderation")
            .fetch_one(self)
            .await?;
        Ok((rows, total))
    }
}

async fn insert_post(
    tx: &mut crate::Tx<'_>,
    thread: &str,
    author: &UserId,
    body: &str,
    now: Timestamp,
) -> Result<String> {
    let id = new_id();
    query(
        r#"
        INSERT INTO forum_posts (id, thread_id, author_id, body, search_text, created_at, hidden)
        VALUES ($1, $2, $3, $4, $5, $6, 0)
        "#,
    )
    .bind(&id)
    .bind(thread)
    .bind(author)
    .bind(body)
    .bind(search_text(body))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(id)
}
