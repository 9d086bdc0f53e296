//! Browser sessions of the web app. The cookie carries a random token; the row
//! is keyed by the token's SHA-256 (computed by the caller), so a database copy
//! holds nothing that signs anyone in.

use crate::accounts::UserRow;
use crate::sql::{query, query_as};
use crate::{Db, Result};
use handprint_core::{Timestamp, UserId};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: String,
    #[sqlx(try_from = "crate::sql::NullableText")]
    pub user_id: Option<UserId>,
    pub csrf_token: String,
    pub created_at: i64,
    pub expires_at: i64,
}

impl Db {
    /// Store a new session (anonymous when `user_id` is None).
    pub async fn create_session(
        &self,
        id_hash: &str,
        user_id: Option<&UserId>,
        csrf_token: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<SessionRow> {
        (query(
            r#"
            INSERT INTO web_sessions (id, user_id, csrf_token, created_at, expires_at) VALUES
            ($1, $2, $3, $4, $5)
            "#,
        )
        .bind(id_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(now)
        .bind(expires_at)
        .execute(self)
        .await
        .map(|_| ()))?;
        Ok(SessionRow {
            id: id_hash.to_string(),
            user_id: user_id.cloned(),
            csrf_token: csrf_token.to_string(),
            created_at: now,
            expires_at,
        })
    }

    /// A live session and its user (None when unknown or expired).
    pub async fn session(
        &self,
        id_hash: &str,
        now: Timestamp,
    ) -> Result<Option<(SessionRow, Option<UserRow>)>> {
        let row: Option<SessionRow> = (query_as::<SessionRow>(
            r#"
            SELECT id, user_id, csrf_token, created_at, expires_at FROM web_sessions WHERE id =
            $1 AND expires_at > $2
            "#,
        )
        .bind(id_hash)
        .bind(now)
        .fetch_optional(self)
        .await)?;
        let Some(row) = row else { return Ok(None) };
        let user = match &row.user_id {
            Some(id) => Some(self.user(id).await?),
            None => None,
        };
        Ok(Some((row, user)))
    }

    /// Move a live session's end to `expires_at` (it was used: the idle timeout).
    pub async fn extend_session(&self, id_hash: &str, expires_at: Timestamp) -> Result<()> {
        (query("UPDATE web_sessions SET expires_at = $1 WHERE id = $2")
            .bind(expires_at)
            .bind(id_hash)
            .execute(self)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// End every session of `user_id` but `keep` (a session id hash), if given; returns
    /// how many ended (a password change keeps the session that made it; "sign out
    /// everywhere" keeps none).
    pub async fn end_user_sessions(&self, user_id: &UserId, keep: Option<&str>) -> Result<u64> {
        Ok(
            (query("DELETE FROM web_sessions WHERE user_id = $1 AND id <> $2")
                .bind(user_id)
                .bind(keep.unwrap_or(""))
                .execute(self)
                .await
                .map(|r| r.rows_affected()))?,
        )
    }

    /// End a session (sign-out, or replaced at sign-in).
    pub async fn delete_session(&self, id_hash: &str) -> Result<()> {
        (query("DELETE FROM web_sessions WHERE id = $1")
            .bind(id_hash)
            .execute(self)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Forget every session past its end, and every anonymous one (opened only for
    /// the CSRF token of a sign-in or sign-up form) created at or before
    /// `anonymous_created_before`, whatever its end; returns how many.
    pub async fn prune_sessions(
        &self,
        now: Timestamp,
        anonymous_created_before: Timestamp,
    ) -> Result<u64> {
        Ok((query(
            r#"
            DELETE FROM web_sessions WHERE expires_at <= $1 OR (user_id IS NULL AND created_at <=
            $2)
            "#,
        )
        .bind(now)
        .bind(anonymous_created_before)
        .execute(self)
        .await
        .map(|r| r.rows_affected()))?)
    }

    /// Forget every session past its end; returns how many.
    pub async fn delete_expired_sessions(&self, now: Timestamp) -> Result<u64> {
        Ok((query("DELETE FROM web_sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(self)
            .await
            .map(|r| r.rows_affected()))?)
    }
}
