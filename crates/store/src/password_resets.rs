//! Password resets by e-mail: tokens kept by their SHA-256 only (computed by the
//! caller), single use, with an end; and the language an account's e-mail is written in.

use crate::sql::{query, query_as, query_scalar};
use crate::{Db, Result};
use handprint_core::{Timestamp, UserId};

/// What using a reset token did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResetUse {
    /// The password of this account was replaced and the token marked used.
    Done(UserId),
    /// No token has this hash (never made, mistyped, or replaced by a newer one).
    Unknown,
    /// The token was used already, at this time.
    Used(Timestamp),
    /// The token ended at this time, unused.
    Expired(Timestamp),
}

/// A reset token's state, read without changing it.
#[derive(Debug, Clone, sqlx::FromRow)]
struct ResetRow {
    #[sqlx(try_from = "String")]
    user_id: UserId,
    expires_at: i64,
    used_at: Option<i64>,
}

impl ResetRow {
    fn state(self, now: Timestamp) -> ResetUse {
        match self.used_at {
            Some(at) => ResetUse::Used(at),
            None if self.expires_at <= now => ResetUse::Expired(self.expires_at),
            None => ResetUse::Done(self.user_id),
        }
    }
}

impl Db {
    /// Keep a new reset token of `user_id` (by its hash), ending at `expires_at`; the
    /// account's earlier unused tokens are removed in the same transaction, so only the
    /// newest link works.
    pub async fn create_password_reset(
        &self,
        user_id: &UserId,
        token_hash: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<()> {
        self.write(|tx| {
            Box::pin(async move {
                query("DELETE FROM password_resets WHERE user_id = $1 AND used_at IS NULL")
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
                query(
                    r#"
                    INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)
                    VALUES ($1, $2, $3, $4)
                    "#,
                )
                .bind(token_hash)
                .bind(user_id)
                .bind(now)
                .bind(expires_at)
                .execute(&mut *tx)
                .await?;
                Ok(())
            })
        })
        .await
    }

    /// Where the token with this hash stands at `now`: `Done(user)` means it may be
    /// used (nothing is changed here).
    pub async fn password_reset_state(&self, token_hash: &str, now: Timestamp) -> Result<ResetUse> {
        let row = query_as::<ResetRow>(
            "SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(self)
        .await?;
        Ok(row.map_or(ResetUse::Unknown, |r| r.state(now)))
    }

    /// Use the token with this hash: when it is unused and not past its end, mark it
    /// used and store `password_hash` as its account's password, in one transaction
    /// (two uses at once: one wins, the other reads `Used`).
    pub async fn use_password_reset(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: Timestamp,
    ) -> Result<ResetUse> {
        self.write(|tx| {
            Box::pin(async move {
                let sql = format!(
                    "SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = $1{}",
                    tx.lock()
                );
                let row = query_as::<ResetRow>(sqlx::AssertSqlSafe(sql))
                    .bind(token_hash)
                    .fetch_optional(&mut *tx)
                    .await?;
                let state = row.map_or(ResetUse::Unknown, |r| r.state(now));
                if let ResetUse::Done(user_id) = &state {
                    query("UPDATE password_resets SET used_at = $1 WHERE token_hash = $2")
                        .bind(now)
                        .bind(token_hash)
                        .execute(&mut *tx)
                        .await?;
                    query("UPDATE users SET password_hash = $1 WHERE id = $2")
                        .bind(password_hash)
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?;
                }
                Ok(state)
            })
        })
        .await
    }

    /// The language the account last used the pages in, if known.
    pub async fn user_language(&self, user_id: &UserId) -> Result<Option<String>> {
        Ok(
            query_scalar::<Option<String>>("SELECT language FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(self)
                .await?
                .flatten(),
        )
    }

    /// Remember the language the account uses the pages in (written only when it changed).
    pub async fn set_user_language(&self, user_id: &UserId, language: &str) -> Result<()> {
        query(
            r#"
            UPDATE users SET language = $1
            WHERE id = $2 AND (language IS NULL OR language <> $1)
            "#,
        )
        .bind(language)
        .bind(user_id)
        .execute(self)
        .await?;
        Ok(())
    }
}
