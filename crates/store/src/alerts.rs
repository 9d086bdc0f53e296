//! Job alerts (issue 16): the events that publishing, resuming or adding items
//! queues, each claimed once by the background job (so several `serve` processes
//! alert each worker once); the workers who may take work in a project now (the
//! claim's own eligibility, turned round); the in-app notifications; and the secret
//! of each worker's Atom feed (kept as its SHA-256).

use crate::sql::{query, query_as, query_scalar};
use crate::work::may_work_sql;
use crate::{Db, Result, new_id};
use handprint_core::{ProjectId, Timestamp, UserId};

/// Why a project's workers are alerted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertReason {
    Published,
    Resumed,
    NewItems,
}

impl AlertReason {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertReason::Published => "published",
            AlertReason::Resumed => "resumed",
            AlertReason::NewItems => "new_items",
        }
    }

    pub fn parse(text: &str) -> Option<AlertReason> {
        [
            AlertReason::Published,
            AlertReason::Resumed,
            AlertReason::NewItems,
        ]
        .into_iter()
        .find(|r| r.as_str() == text)
    }
}

/// A queued event, as the job claims it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AlertEvent {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub project_id: ProjectId,
    pub reason: String,
    pub created_at: i64,
}

/// A worker who may be alerted, with what the alert needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AlertRecipient {
    #[sqlx(try_from = "String")]
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub language: Option<String>,
    /// The `alerts` object of their settings (None: never saved, the defaults).
    pub alerts: Option<String>,
}

/// One in-app notification with its project's title.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub project_id: ProjectId,
    pub project_title: String,
    pub reason: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

impl Db {
    /// Queue an alert about `project` (the job delivers it).
    pub async fn queue_alert(
        &self,
        project: &ProjectId,
        reason: AlertReason,
        now: Timestamp,
    ) -> Result<()> {
        query(
            r#"
            INSERT INTO alert_events (id, project_id, reason, created_at) VALUES ($1, $2, $3, $4)
            "#,
        )
        .bind(new_id())
        .bind(project)
        .bind(reason.as_str())
        .bind(now)
        .execute(self)
        .await?;
        Ok(())
    }

    /// Claim up to `limit` queued events, oldest first: each is returned to one
    /// caller only (a conditional update), however many processes ask at once.
    pub async fn claim_alert_events(&self, now: Timestamp, limit: i64) -> Result<Vec<AlertEvent>> {
        let pending: Vec<AlertEvent> = query_as(
            r#"
            SELECT id, project_id, reason, created_at FROM alert_events
            WHERE claimed_at IS NULL ORDER BY created_at, id LIMIT $1
            "#,
        )
        .bind(limit)
        .fetch_all(self)
        .await?;
        let mut claimed = Vec::with_capacity(pending.len());
        for event in pending {
            let done = query(
                "UPDATE alert_events SET claimed_at = $2 WHERE id = $1 AND claimed_at IS NULL",
            )
            .bind(&event.id)
            .bind(now)
            .execute(self)
            .await?;
            if done.rows_affected() == 1 {
                claimed.push(event);
            }
        }
        Ok(claimed)
    }

    /// Workers who may take an item of `project` at `now` and have not had one of its
    /// open items: the claim's eligibility (`work::may_work_sql`: countries,
    /// languages, qualifications, lists, restrictions, sensitive opt-ins and caps)
    /// with the worker as the unknown. A project that is not active has none.
    pub async fn alert_recipients(
        &self,
        project: &ProjectId,
        now: Timestamp,
    ) -> Result<Vec<AlertRecipient>> {
        // The fragment names the worker $1; here the worker is each row `w`.
        let eligible = may_work_sql("$now")
            .replace("$1", "w.id")
            .replace("$now", "$1");
        let postgres = matches!(self, Db::Postgres(_));
        let tasks = crate::work::open_tasks(postgres);
        let not_had = crate::work::not_had("w.id", postgres);
        let sql = format!(
            r#"
            SELECT w.id, w.email, w.name, w.language, s.alerts
            FROM projects p CROSS JOIN users w
            LEFT JOIN worker_settings s ON s.worker_id = w.id
            WHERE p.id = $2 AND p.state = 'active' AND w.role = 'worker' AND {eligible}
            AND EXISTS (SELECT 1 FROM {tasks} WHERE t.project_id = p.id AND t.remaining > 0
                AND {not_had})
            ORDER BY w.id
            "#
        );
        Ok(query_as::<AlertRecipient>(sqlx::AssertSqlSafe(sql))
            .bind(now)
            .bind(project)
            .fetch_all(self)
            .await?)
    }

    /// Write `event`'s notification for each of `workers` (once each, however often
    /// this runs).
    pub async fn add_notifications(
        &self,
        event: &AlertEvent,
        workers: &[UserId],
        now: Timestamp,
    ) -> Result<()> {
        self.write(move |tx| {
            Box::pin(async move {
                for worker in workers {
                    query(
                        r#"
                        INSERT INTO notifications (id, worker_id, event_id, project_id, reason,
                            created_at)
                        VALUES ($1, $2, $3, $4, $5, $6)
                        ON CONFLICT (event_id, worker_id) DO NOTHING
                        "#,
                    )
                    .bind(new_id())
                    .bind(worker)
                    .bind(&event.id)
                    .bind(&event.project_id)
                    .bind(&event.reason)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                Ok(())
            })
        })
        .await
    }

    /// A worker's notifications, newest first (at most `limit`).
    pub async fn notifications(&self, worker: &UserId, limit: i64) -> Result<Vec<NotificationRow>> {
        Ok(query_as::<NotificationRow>(
            r#"
            SELECT n.id, n.project_id, p.title AS project_title, n.reason, n.created_at, n.read_at
            FROM notifications n JOIN projects p ON p.id = n.project_id
            WHERE n.worker_id = $1 ORDER BY n.created_at DESC, n.id DESC LIMIT $2
            "#,
        )
        .bind(worker)
        .bind(limit)
        .fetch_all(self)
        .await?)
    }

    /// How many of a worker's notifications are unread.
    pub async fn unread_notifications(&self, worker: &UserId) -> Result<i64> {
        Ok(query_scalar::<i64>(
            "SELECT COUNT(*) FROM notifications WHERE worker_id = $1 AND read_at IS NULL",
        )
        .bind(worker)
        .fetch_one(self)
        .await?)
    }

    /// Mark one of the worker's notifications read (`id` None: all of them). False
    /// when `id` names none of theirs.
    pub async fn mark_notifications_read(
        &self,
        worker: &UserId,
        id: Option<&str>,
        now: Timestamp,
    ) -> Result<bool> {
        match id {
            Some(id) => {
                let found = query_scalar::<String>(
                    "SELECT id FROM notifications WHERE id = $1 AND worker_id = $2",
                )
                .bind(id)
                .bind(worker)
                .fetch_optional(self)
                .await?;
                if found.is_none() {
                    return Ok(false);
                }
                query(
                    r#"
                    UPDATE notifications SET read_at = $3
                    WHERE id = $1 AND worker_id = $2 AND read_at IS NULL
                    "#,
                )
                .bind(id)
                .bind(worker)
                .bind(now)
                .execute(self)
                .await?;
            }
            None => {
                query(
                    "UPDATE notifications SET read_at = $2 WHERE worker_id = $1 AND read_at IS NULL",
                )
                .bind(worker)
                .bind(now)
                .execute(self)
                .await?;
            }
        }
        Ok(true)
    }

    /// Keep the hash of the worker's new feed secret (replacing the old one).
    pub async fn set_feed_token(&self, worker: &UserId, hash: &str, now: Timestamp) -> Result<()> {
        query(
            r#"
            INSERT INTO feed_tokens (worker_id, token_hash, created_at) VALUES ($1, $2, $3)
            ON CONFLICT (worker_id) DO UPDATE SET token_hash = excluded.token_hash,
                created_at = excluded.created_at
            "#,
        )
        .bind(worker)
        .bind(hash)
        .bind(now)
        .execute(self)
        .await?;
        Ok(())
    }

    /// Forget the worker's feed secret; false when there was none.
    pub async fn delete_feed_token(&self, worker: &UserId) -> Result<bool> {
        let done = query("DELETE FROM feed_tokens WHERE worker_id = $1")
            .bind(worker)
            .execute(self)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// When the worker's current feed secret was made, if they have one.
    pub async fn feed_token_made(&self, worker: &UserId) -> Result<Option<i64>> {
        Ok(
            query_scalar::<i64>("SELECT created_at FROM feed_tokens WHERE worker_id = $1")
                .bind(worker)
                .fetch_optional(self)
                .await?,
        )
    }

    /// The worker whose feed secret hashes to `hash`.
    pub async fn feed_owner(&self, hash: &str) -> Result<Option<UserId>> {
        Ok(
            query_scalar::<String>("SELECT worker_id FROM feed_tokens WHERE token_hash = $1")
                .bind(hash)
                .fetch_optional(self)
                .await?
                .map(UserId::from),
        )
    }
}
