//! Tasks: bulk import in batches, and reading items back.

use crate::{Db, Result, StoreError, from_json, new_id, on_pool, to_json};
use handprint_core::Timestamp;
use handprint_core::import::ImportRow;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TaskRow {
    pub id: String,
    pub project_id: String,
    pub external_id: Option<String>,
    pub data: String,
    pub known_answer: Option<String>,
    pub remaining: i64,
    pub answers: i64,
    pub created_at: i64,
}

impl TaskRow {
    pub fn data_json(&self) -> Result<serde_json::Value> {
        from_json(&self.data)
    }
}

/// How many rows of one batch were stored, and how many were already there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    pub created: u64,
    pub skipped: u64,
}

/// Rows per INSERT statement: well under SQLite's bound-parameter limit.
pub const INSERT_CHUNK: usize = 500;

impl Db {
    /// Store a batch of imported rows atomically: all of it or none of it.
    /// Rows whose `external_id` already exists in the project are skipped. In a
    /// published project the new items' escrow is taken in the same transaction;
    /// when the organisation cannot cover it, nothing of the batch is stored
    /// (`StoreError::InsufficientFunds` names the amount missing).
    pub async fn insert_tasks(
        &self,
        project_id: &str,
        answers_per_task: i64,
        rows: &[ImportRow],
        now: Timestamp,
    ) -> Result<BatchOutcome> {
        if rows.is_empty() {
            return Ok(BatchOutcome::default());
        }
        let created = crate::write_tx!(self, |tx, lock| {
            // Locked first: publishing cannot slip between storing items and escrowing them.
            let project = crate::escrow::locked_project!(tx, lock, project_id);
            let mut created = 0;
            for chunk in rows.chunks(INSERT_CHUNK) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO tasks (id, project_id, external_id, data, known_answer, remaining, answers, created_at) ",
                );
                q.push_values(chunk, |mut b, row| {
                    b.push_bind(new_id())
                        .push_bind(project_id)
                        .push_bind(row.external_id.clone())
                        .push_bind(to_json(&row.data))
                        .push_bind(row.known_answer.as_ref().map(to_json))
                        .push_bind(answers_per_task)
                        .push_bind(0_i64)
                        .push_bind(now);
                });
                q.push(" ON CONFLICT (project_id, external_id) DO NOTHING");
                created += q.build().execute(&mut *tx).await?.rows_affected();
            }
            crate::escrow::escrow_new_items!(tx, &project, created as i64, now)?;
            created
        });
        Ok(BatchOutcome {
            created,
            skipped: rows.len() as u64 - created,
        })
    }

    pub async fn task(&self, id: &str) -> Result<TaskRow> {
        on_pool!(self, |p| sqlx::query_as::<_, TaskRow>(
            "SELECT id, project_id, external_id, data, known_answer, remaining, answers, created_at FROM tasks WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(p)
        .await)?
        .ok_or(StoreError::NotFound("task"))
    }

    pub async fn task_count(&self, project_id: &str) -> Result<i64> {
        Ok(on_pool!(self, |p| sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM tasks WHERE project_id = $1"
        )
        .bind(project_id)
        .fetch_one(p)
        .await)?)
    }

    /// A page of a project's tasks in import order, after `after_id`.
    pub async fn tasks_page(
        &self,
        project_id: &str,
        after_id: Option<&str>,
        limit: i64,
    ) -> Result<Vec<TaskRow>> {
        Ok(on_pool!(self, |p| {
            sqlx::query_as::<_, TaskRow>(
            "SELECT id, project_id, external_id, data, known_answer, remaining, answers, created_at FROM tasks \
             WHERE project_id = $1 AND id > $2 ORDER BY id LIMIT $3"
        )
        .bind(project_id)
        .bind(after_id.unwrap_or(""))
        .bind(limit)
        .fetch_all(p)
        .await
        })?)
    }
}

impl Db {
    /// The known answers of a project's control items: (task id, known answer JSON).
    pub async fn known_answers(&self, project_id: &str) -> Result<Vec<(String, String)>> {
        Ok(on_pool!(self, |p| sqlx::query_as::<_, (String, String)>(
            "SELECT id, known_answer FROM tasks WHERE project_id = $1 AND known_answer IS NOT NULL"
        )
        .bind(project_id)
        .fetch_all(p)
        .await)?)
    }
}
