//! An organisation's worker lists: workers it includes (projects open to listed
//! workers only admit them) and workers it blocks from all its projects, with every
//! change and its reason kept (`worker_list_events`).

use crate::sql::{query, query_as, query_scalar};
use crate::{Db, Result, new_id};
use handprint_core::{OrganizationId, Timestamp, UserId};

/// Which of an organisation's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerList {
    Include,
    Block,
}

impl WorkerList {
    pub fn as_str(self) -> &'static str {
        match self {
            WorkerList::Include => "include",
            WorkerList::Block => "block",
        }
    }

    pub fn parse(text: &str) -> Option<WorkerList> {
        match text {
            "include" => Some(WorkerList::Include),
            "block" => Some(WorkerList::Block),
            _ => None,
        }
    }
}

/// An unknown stored list name.
#[derive(Debug, thiserror::Error)]
#[error("unknown worker list {0:?}")]
pub struct UnknownWorkerList(pub String);

impl TryFrom<String> for WorkerList {
    type Error = UnknownWorkerList;
    fn try_from(text: String) -> std::result::Result<Self, Self::Error> {
        WorkerList::parse(&text).ok_or(UnknownWorkerList(text))
    }
}

/// A worker on one of an organisation's lists.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ListedRow {
    #[sqlx(try_from = "String")]
    pub worker_id: UserId,
    #[sqlx(try_from = "String")]
    pub list: WorkerList,
    /// The pseudonym the requester named them by.
    pub named_as: String,
    pub reason: String,
    pub at: i64,
}

/// [`ListedRow`] with its organisation.
#[derive(Debug, Clone, sqlx::FromRow)]
struct OrganizationListedRow {
    #[sqlx(try_from = "String")]
    organization_id: OrganizationId,
    #[sqlx(try_from = "String")]
    worker_id: UserId,
    #[sqlx(try_from = "String")]
    list: WorkerList,
    named_as: String,
    reason: String,
    at: i64,
}

/// Put a worker on a list, or take them off (`list` None), with a reason.
pub struct ListChange<'a> {
    pub organization: &'a OrganizationId,
    pub worker: &'a UserId,
    pub named_as: &'a str,
    pub list: Option<WorkerList>,
    pub reason: &'a str,
    pub by: &'a UserId,
    pub now: Timestamp,
}

impl Db {
    /// Change a worker's place on the organisation's lists and record it; refresh the
    /// "blocks anyone" bit of the organisation's projects. Returns false when a
    /// removal found the worker on no list.
    pub async fn change_worker_list(&self, c: &ListChange<'_>) -> Result<bool> {
        self.write(|tx| {
            Box::pin(async move {
                let before: Option<String> = query_scalar(
                    "SELECT list FROM worker_lists WHERE organization_id = $1 AND worker_id = $2",
                )
                .bind(c.organization)
                .bind(c.worker)
                .fetch_optional(&mut *tx)
                .await?;
                let event = |list: &str, action: &'static str| {
                    query(
                        r#"
                        INSERT INTO worker_list_events (id, organization_id, worker_id, list,
                            action, reason, by_user, at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                        "#,
                    )
                    .bind(new_id())
                    .bind(c.organization)
                    .bind(c.worker)
                    .bind(list.to_string())
                    .bind(action)
                    .bind(c.reason)
                    .bind(c.by)
                    .bind(c.now)
                };
                if let Some(old) = &before {
                    query("DELETE FROM worker_lists WHERE organization_id = $1 AND worker_id = $2")
                        .bind(c.organization)
                        .bind(c.worker)
                        .execute(&mut *tx)
                        .await?;
                    event(old, "removed").execute(&mut *tx).await?;
                }
                if let Some(list) = c.list {
                    query(
                        r#"
                        INSERT INTO worker_lists (organization_id, worker_id, list, named_as,
                            reason, by_user, at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)
                        "#,
                    )
                    .bind(c.organization)
                    .bind(c.worker)
                    .bind(list.as_str())
                    .bind(c.named_as)
                    .bind(c.reason)
                    .bind(c.by)
                    .bind(c.now)
                    .execute(&mut *tx)
                    .await?;
                    event(list.as_str(), "added").execute(&mut *tx).await?;
                }
                query(
                    r#"
                    UPDATE projects SET restricted = (restricted & 1) + CASE WHEN EXISTS (
                        SELECT 1 FROM worker_lists wl WHERE wl.organization_id = $1
                        AND wl.list = 'block') THEN 2 ELSE 0 END
                    WHERE organization_id = $1
                    "#,
                )
                .bind(c.organization)
                .execute(&mut *tx)
                .await?;
                Ok(before.is_some() || c.list.is_some())
            })
        })
        .await
    }

    /// The organisation's lists, newest first.
    pub async fn worker_lists(&self, organization: &OrganizationId) -> Result<Vec<ListedRow>> {
        Ok(query_as::<ListedRow>(
            r#"
            SELECT worker_id, list, named_as, reason, at FROM worker_lists
            WHERE organization_id = $1 ORDER BY at DESC, worker_id
            "#,
        )
        .bind(organization)
        .fetch_all(self)
        .await?)
    }

    /// Every organisation's list naming `worker`, with the organisation (for the
    /// worker's own data export), oldest first.
    pub async fn lists_naming(&self, worker: &UserId) -> Result<Vec<(OrganizationId, ListedRow)>> {
        let rows = query_as::<OrganizationListedRow>(
            r#"
            SELECT organization_id, worker_id, list, named_as, reason, at FROM worker_lists
            WHERE worker_id = $1 ORDER BY at, organization_id
            "#,
        )
        .bind(worker)
        .fetch_all(self)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                (
                    r.organization_id,
                    ListedRow {
                        worker_id: r.worker_id,
                        list: r.list,
                        named_as: r.named_as,
                        reason: r.reason,
                        at: r.at,
                    },
                )
            })
            .collect())
    }

    /// Where a worker stands on the organisation's lists.
    pub async fn listed(
        &self,
        organization: &OrganizationId,
        worker: &UserId,
    ) -> Result<Option<ListedRow>> {
        Ok(query_as::<ListedRow>(
            r#"
            SELECT worker_id, list, named_as, reason, at FROM worker_lists
            WHERE organization_id = $1 AND worker_id = $2
            "#,
        )
        .bind(organization)
        .bind(worker)
        .fetch_optional(self)
        .await?)
    }
}
