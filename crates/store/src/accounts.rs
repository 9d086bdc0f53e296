//! Accounts: organisations, users and their API keys.

use crate::sql::{query, query_as};
use crate::{Db, Result, StoreError, new_id};
use handprint_core::account::Role;
use handprint_core::account::organization_name_key;
use handprint_core::{Money, OrganizationId, Timestamp, UserId};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    #[sqlx(try_from = "String")]
    pub id: UserId,
    pub email: String,
    pub password_hash: String,
    pub name: String,
    /// Decoded when read: an unknown role is an error, never a default.
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub country: String,
    #[sqlx(try_from = "crate::sql::NullableText")]
    pub organization_id: Option<OrganizationId>,
    pub created_at: i64,
    /// The account's suspension in force (an operator's act, issue 16), if any.
    pub suspension_id: Option<String>,
}

impl UserRow {
    pub fn role(&self) -> Role {
        self.role
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrganizationRow {
    #[sqlx(try_from = "String")]
    pub id: OrganizationId,
    pub name: String,
    pub created_at: i64,
}

/// An organisation as an operator lists it: who is in it and what money it holds.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrganizationSummary {
    #[sqlx(try_from = "String")]
    pub id: OrganizationId,
    pub name: String,
    pub created_at: i64,
    /// How many users belong to it.
    pub members: i64,
    /// The email of its first member (the one who signed it up), if any.
    pub contact_email: Option<String>,
    /// Its available balance and what it holds in escrow for its projects, minor units.
    #[sqlx(try_from = "i64")]
    pub available: Money,
    #[sqlx(try_from = "i64")]
    pub escrow: Money,
}

/// A user to create; the password is already hashed.
pub struct NewUser<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub country: &'a str,
    /// For requesters: the organisation to create with them.
    pub organization: Option<&'a str>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiKeyRow {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub user_id: UserId,
    pub prefix: String,
    pub label: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    /// None for keys made before keys had an end (migration 0008).
    pub expires_at: Option<i64>,
}

/// The account behind a live (not revoked) key, and when the key ends.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeyOwner {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub key_expires_at: Option<i64>,
}

const USER_COLUMNS: &str =
    "id, email, password_hash, name, role, country, organization_id, created_at, suspension_id";

impl Db {
    /// Give the organisations created before migration 0009 their name key. When two
    /// of them already share one, the older keeps it and the other stays without (it is
    /// not renamed; operators see both); later sign-ups are compared with both.
    pub async fn fill_organization_name_keys(&self) -> Result<()> {
        let rows = query_as::<(String, String)>(
            "SELECT id, name FROM organizations WHERE name_key IS NULL ORDER BY created_at, id",
        )
        .fetch_all(self)
        .await?;
        for (id, name) in rows {
            let filled = query("UPDATE organizations SET name_key = $1 WHERE id = $2")
                .bind(organization_name_key(&name))
                .bind(&id)
                .execute(self)
                .await;
            match filled.map_err(|e| StoreError::unique_as(e, "organization")) {
                Ok(_) | Err(StoreError::Duplicate { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Create a user (and, for a requester, their organisation) in one transaction.
    pub async fn create_user(&self, new: NewUser<'_>, now: Timestamp) -> Result<UserRow> {
        let id = new_id();
        let org_id = new.organization.map(|_| new_id());
        let id = &id;
        self.write(|tx| {
            Box::pin(async move {
                if let (Some(org_id), Some(name)) = (&org_id, new.organization) {
                    // A name another organisation holds, up to case, width and spacing, is
                    // refused by the unique name_key: `Duplicate { field: "organization" }`.
                    query(
                        r#"
                        INSERT INTO organizations (id, name, name_key, created_at)
                        VALUES ($1, $2, $3, $4)
                        "#,
                    )
                    .bind(org_id)
                    .bind(name)
                    .bind(organization_name_key(name))
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| StoreError::unique_as(e, "organization"))?;
                }
                query(
                    r#"
                    INSERT INTO users (id, email, password_hash, name, role, country,
                        organization_id, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    "#,
                )
                .bind(id)
                .bind(new.email)
                .bind(new.password_hash)
                .bind(new.name)
                .bind(new.role.as_str())
                .bind(new.country)
                .bind(&org_id)
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(|e| StoreError::unique_as(e, "email"))?;
                Ok(())
            })
        })
        .await?;
        self.user(&UserId::from(id.as_str())).await
    }

    pub async fn user(&self, id: &UserId) -> Result<UserRow> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        (query_as::<UserRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id)
            .fetch_optional(self)
            .await)?
            .ok_or(StoreError::NotFound(crate::Entity::User))
    }

    /// How many accounts have an email outside `domain` (e.g. "@demo.handprint.test"):
    /// `serve --demo` refuses a database holding any.
    pub async fn users_outside(&self, domain: &str) -> Result<i64> {
        Ok(
            (crate::sql::query_scalar::<i64>(
                "SELECT COUNT(*) FROM users WHERE email NOT LIKE $1",
            )
            .bind(format!("%{domain}"))
            .fetch_one(self)
            .await)?,
        )
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
        Ok((query_as::<UserRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(email)
            .fetch_optional(self)
            .await)?)
    }

    pub async fn organization(&self, id: &OrganizationId) -> Result<OrganizationRow> {
        (query_as::<OrganizationRow>(
            "SELECT id, name, created_at FROM organizations WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self)
        .await)?
            .ok_or(StoreError::NotFound(crate::Entity::Organization))
    }

    /// Every organisation with its members' count, contact and balances, by name.
    pub async fn organization_summaries(&self) -> Result<Vec<OrganizationSummary>> {
        Ok((query_as::<OrganizationSummary>(
            r#"
            SELECT o.id, o.name, o.created_at,
            (SELECT COUNT(*) FROM users u WHERE u.organization_id = o.id) AS members,
            (SELECT u.email FROM users u WHERE u.organization_id = o.id
             ORDER BY u.created_at, u.id LIMIT 1) AS contact_email,
            COALESCE((SELECT CAST(SUM(a.balance) AS BIGINT) FROM ledger_accounts a
             WHERE a.organization_id = o.id AND a.kind = 'org_available'), 0) AS available,
            COALESCE((SELECT CAST(SUM(a.balance) AS BIGINT) FROM ledger_accounts a
             WHERE a.organization_id = o.id AND a.kind = 'escrow'), 0) AS escrow
            FROM organizations o ORDER BY o.name, o.id
            "#,
        )
        .fetch_all(self)
        .await)?)
    }

    /// Store a new API key by its hash; the key itself is never stored.
    pub async fn create_api_key(
        &self,
        user_id: &UserId,
        prefix: &str,
        key_hash: &str,
        label: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<ApiKeyRow> {
        let id = new_id();
        (query(
            r#"
            INSERT INTO api_keys (id, user_id, prefix, key_hash, label, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            "#,
        )
        .bind(&id)
        .bind(user_id)
        .bind(prefix)
        .bind(key_hash)
        .bind(label)
        .bind(now)
        .bind(expires_at)
        .execute(self)
        .await
        .map(|_| ()))?;
        Ok(ApiKeyRow {
            id,
            user_id: user_id.clone(),
            prefix: prefix.to_string(),
            label: label.to_string(),
            created_at: now,
            revoked_at: None,
            expires_at: Some(expires_at),
        })
    }

    /// The user owning a live (not revoked) key with this hash, and the key's end (the
    /// caller refuses an expired key with its own message).
    pub async fn api_key_owner(&self, key_hash: &str) -> Result<Option<KeyOwner>> {
        let sql = format!(
            r#"
            SELECT {}, k.expires_at AS key_expires_at FROM users u JOIN api_keys k
            ON k.user_id = u.id
            WHERE k.key_hash = $1 AND k.revoked_at IS NULL
            "#,
            USER_COLUMNS
                .split(", ")
                .map(|c| format!("u.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        Ok((query_as::<KeyOwner>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(key_hash)
            .fetch_optional(self)
            .await)?)
    }

    pub async fn api_keys(&self, user_id: &UserId) -> Result<Vec<ApiKeyRow>> {
        Ok((query_as::<ApiKeyRow>(
            r#"
            SELECT id, user_id, prefix, label, created_at, revoked_at, expires_at FROM api_keys
            WHERE user_id = $1 ORDER BY created_at
            "#,
        )
        .bind(user_id)
        .fetch_all(self)
        .await)?)
    }

    /// Store a new password hash for the user.
    pub async fn set_password_hash(&self, user_id: &UserId, hash: &str) -> Result<()> {
        (query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(user_id)
            .execute(self)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Revoke one of the user's keys; returns false when no such live key exists.
    pub async fn revoke_api_key(
        &self,
        user_id: &UserId,
        key_id: &str,
        now: Timestamp,
    ) -> Result<bool> {
        let done = (query(
            r#"
            UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS
            NULL
            "#,
        )
        .bind(now)
        .bind(key_id)
        .bind(user_id)
        .execute(self)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }
}
