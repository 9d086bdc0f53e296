//! Tasks: bulk import in batches, and reading items back.

use crate::escrow::{escrow_new_items, locked_project};
use crate::sql::{query, query_as, query_scalar};
use crate::{Db, Result, StoreError, Tx, from_json, new_id, to_json};
use handprint_core::ProjectId;
use handprint_core::import::ImportRow;
use handprint_core::{TaskId, Timestamp};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TaskRow {
    #[sqlx(try_from = "String")]
    pub id: TaskId,
    #[sqlx(try_from = "String")]
    pub project_id: ProjectId,
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

/// Rows per INSERT statement (8 parameters each). Small on purpose: sqlx binds a SQLite
/// statement's parameters by name, and SQLite finds each name by scanning the statement's
/// list, so binding costs grow with the square of the parameters per statement; at 500 rows
/// (4,000 parameters) that scan took two thirds of an import's time (perf, docs/benchmarks.md).
pub const INSERT_CHUNK: usize = 50;

impl Db {
    /// Store a batch of imported rows atomically: all of it or none of it.
    /// Rows whose `external_id` already exists in the project are skipped. In a
    /// published project the new items' escrow is taken in the same transaction;
    /// when the organisation cannot cover it, nothing of the batch is stored
    /// (`StoreError::InsufficientFunds` names the amount missing).
    pub async fn insert_tasks(
        &self,
        project_id: &ProjectId,
        answers_per_task: i64,
        rows: &[ImportRow],
        now: Timestamp,
    ) -> Result<BatchOutcome> {
        if rows.is_empty() {
            return Ok(BatchOutcome::default());
        }
        let created = self
            .write(|tx| {
                Box::pin(async move {
                    // Locked first: publishing cannot slip between storing items and escrowing them.
                    let project = locked_project(tx, project_id).await?;
                    let mut created = 0;
                    for chunk in rows.chunks(INSERT_CHUNK) {
                        created +=
                            insert_chunk(tx, project_id, answers_per_task, chunk, now).await?;
                    }
                    escrow_new_items(tx, &project, created as i64, now).await?;
                    Ok(created)
                })
            })
            .await?;
        Ok(BatchOutcome {
            created,
            skipped: rows.len() as u64 - created,
        })
    }

    pub async fn task(&self, id: &TaskId) -> Result<TaskRow> {
        (query_as::<TaskRow>(
            r#"
            SELECT id, project_id, external_id, data, known_answer, remaining, answers,
            created_at FROM tasks WHERE id = $1
            "#,
        )
        .bind(id)
        .fetch_optional(self)
        .await)?
            .ok_or(StoreError::NotFound(crate::Entity::Task))
    }

    /// The tasks with these ids (those that exist, in no particular order): one
    /// query however many, for lists that show each row's task.
    pub async fn tasks_by_ids(&self, ids: &[TaskId]) -> Result<Vec<TaskRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            r#"
            SELECT id, project_id, external_id, data, known_answer, remaining, answers,
            created_at FROM tasks WHERE id IN ({})
            "#,
            crate::sql::marks(ids.len())
        );
        Ok(({
            let mut q = query_as::<TaskRow>(sqlx::AssertSqlSafe(sql.as_str()));
            for id in ids {
                q = q.bind(id);
            }
            q.fetch_all(self).await
        })?)
    }

    pub async fn task_count(&self, project_id: &ProjectId) -> Result<i64> {
        Ok(
            (query_scalar::<i64>("SELECT COUNT(*) FROM tasks WHERE project_id = $1")
                .bind(project_id)
                .fetch_one(self)
                .await)?,
        )
    }

    /// A page of a project's tasks in import order, after `after_id`.
    pub async fn tasks_page(
        &self,
        project_id: &ProjectId,
        after_id: Option<&TaskId>,
        limit: i64,
    ) -> Result<Vec<TaskRow>> {
        Ok((query_as::<TaskRow>(
            r#"
            SELECT id, project_id, external_id, data, known_answer, remaining, answers,
                created_at FROM tasks
            WHERE project_id = $1 AND id > $2 ORDER BY id LIMIT $3
            "#,
        )
        .bind(project_id)
        .bind(after_id.map_or("", TaskId::as_str))
        .bind(limit)
        .fetch_all(self)
        .await)?)
    }
}

impl Db {
    /// The known answers of a project's control items: (task id, known answer JSON).
    pub async fn known_answers(&self, project_id: &ProjectId) -> Result<Vec<(String, String)>> {
        Ok((query_as::<(String, String)>(
            "SELECT id, known_answer FROM tasks WHERE project_id = $1 AND known_answer IS NOT NULL",
        )
        .bind(project_id)
        .fetch_all(self)
        .await)?)
    }
}

/// Insert one chunk of items in one statement, skipping external ids already
/// stored; returns how many were stored.
async fn insert_chunk(
    tx: &mut Tx<'_>,
    project_id: &ProjectId,
    answers_per_task: i64,
    chunk: &[ImportRow],
    now: Timestamp,
) -> Result<u64> {
    const COLUMNS: usize = 8;
    let rows: Vec<String> = (0..chunk.len())
        .map(|r| {
            let params: Vec<String> = (1..=COLUMNS)
                .map(|c| format!("${}", r * COLUMNS + c))
                .collect();
            format!("({})", params.join(", "))
        })
        .collect();
    let sql = format!(
        r#"
        INSERT INTO tasks (id, project_id, external_id, data, known_answer, remaining, answers,
            created_at)
        VALUES {} ON CONFLICT (project_id, external_id) DO NOTHING
        "#,
        rows.join(", ")
    );
    let mut q = query(sqlx::AssertSqlSafe(sql));
    for row in chunk {
        q = q
            .bind(new_id())
            .bind(project_id)
            .bind(row.external_id.clone())
            .bind(to_json(&row.data))
            .bind(row.known_answer.as_ref().map(to_json))
            .bind(answers_per_task)
            .bind(0_i64)
            .bind(now);
    }
    Ok(q.execute(&mut *tx).await?.rows_affected())
}
