//! Messages between workers and requesters about a project (issue 16). A thread is
//! (project, worker) and both sides read all of it; a requester's message to every
//! worker of a project is stored once per recipient (`to_all`), so who received it
//! is fixed when it is sent. Nothing reads messages but their two sides.

use crate::sql::{query, query_as};
use crate::{Db, Result, new_id};
use handprint_core::{AssignmentId, OrganizationId, ProjectId, Timestamp, UserId};

/// One message with what its thread is about.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageRow {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub project_id: ProjectId,
    pub project_title: String,
    pub pseudonym_salt: String,
    #[sqlx(try_from = "String")]
    pub organization_id: OrganizationId,
    pub organization_name: String,
    #[sqlx(try_from = "String")]
    pub worker_id: UserId,
    pub assignment_id: Option<String>,
    pub from_worker: i64,
    pub to_all: i64,
    pub body: String,
    pub created_at: i64,
}

/// Whose side of the threads to read.
pub enum MessagesOf<'a> {
    Worker(&'a UserId),
    Organization(&'a OrganizationId),
}

/// A message to write in thread (project, worker).
pub struct NewMessage<'a> {
    pub project_id: &'a ProjectId,
    pub organization_id: &'a OrganizationId,
    pub worker_id: &'a UserId,
    pub assignment_id: Option<&'a AssignmentId>,
    pub sender_id: &'a UserId,
    /// The worker wrote it (else the requester).
    pub from_worker: bool,
    pub to_all: bool,
    pub body: &'a str,
}

impl Db {
    /// Workers with at least one submitted answer in `project_id`: the recipients of a
    /// message to all of its workers.
    pub async fn project_workers(&self, project_id: &ProjectId) -> Result<Vec<UserId>> {
        let rows: Vec<(String,)> = query_as(
            r#"
            SELECT DISTINCT worker_id FROM assignments
            WHERE project_id = $1 AND state = 'submitted' ORDER BY worker_id
            "#,
        )
        .bind(project_id)
        .fetch_all(self)
        .await?;
        Ok(rows.into_iter().map(|(w,)| UserId::from(w)).collect())
    }

    /// Workers a requester of `org` may write to: those with a submitted answer in one
    /// of its projects, and those who wrote to it about `project_id`.
    pub async fn writable_workers(
        &self,
        org: &OrganizationId,
        project_id: &ProjectId,
    ) -> Result<Vec<UserId>> {
        let rows: Vec<(String,)> = query_as(
            r#"
            SELECT a.worker_id FROM assignments a JOIN projects p ON p.id = a.project_id
            WHERE p.organization_id = $1 AND a.state = 'submitted'
            UNION
            SELECT worker_id FROM messages WHERE project_id = $2 AND from_worker = 1
            "#,
        )
        .bind(org)
        .bind(project_id)
        .fetch_all(self)
        .await?;
        Ok(rows.into_iter().map(|(w,)| UserId::from(w)).collect())
    }

    /// Write one message per recipient in `workers` (one when a single thread is meant).
    pub async fn send_messages(
        &self,
        m: &NewMessage<'_>,
        workers: &[UserId],
        now: Timestamp,
    ) -> Result<Vec<String>> {
        let m_ref = &m;
        self.write(move |tx| {
            Box::pin(async move {
                let mut ids = Vec::with_capacity(workers.len());
                for worker in workers {
                    let id = new_id();
                    query(
                        r#"
                        INSERT INTO messages (id, project_id, organization_id, worker_id,
                            assignment_id, sender_id, from_worker, to_all, body, created_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                        "#,
                    )
                    .bind(&id)
                    .bind(m_ref.project_id)
                    .bind(m_ref.organization_id)
                    .bind(worker)
                    .bind(m_ref.assignment_id)
                    .bind(m_ref.sender_id)
                    .bind(i64::from(m_ref.from_worker))
                    .bind(i64::from(m_ref.to_all))
                    .bind(m_ref.body)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    ids.push(id);
                }
                Ok(ids)
            })
        })
        .await
    }

    /// The messages of a worker's threads or of an organisation's, oldest first
    /// (at most `limit`, the newest kept).
    pub async fn messages(&self, of: MessagesOf<'_>, limit: i64) -> Result<Vec<MessageRow>> {
        let (filter, id) = match of {
            MessagesOf::Worker(w) => ("m.worker_id = $1", w.as_str().to_string()),
            MessagesOf::Organization(o) => ("m.organization_id = $1", o.as_str().to_string()),
        };
        let sql = format!(
            r#"
            SELECT * FROM (
                SELECT m.id, m.project_id, p.title AS project_title, p.pseudonym_salt,
                    m.organization_id, o.name AS organization_name, m.worker_id,
                    m.assignment_id, m.from_worker, m.to_all, m.body, m.created_at
                FROM messages m JOIN projects p ON p.id = m.project_id
                JOIN organizations o ON o.id = m.organization_id
                WHERE {filter} ORDER BY m.created_at DESC, m.id DESC LIMIT $2
            ) newest ORDER BY created_at, id
            "#
        );
        Ok(query_as::<MessageRow>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .bind(limit)
            .fetch_all(self)
            .await?)
    }
}
