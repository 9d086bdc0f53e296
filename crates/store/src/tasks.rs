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
    /// Each item opens with the project's initial slots (`answers_per_task`, or the
    /// dynamic overlap's `min`). Rows whose `external_id` already exists in the project are skipped. In a
    /// published project the new items' escrow is taken in the same transaction;
    /// when the organisation cannot cover it, nothing of the batch is stored
    /// (`StoreError::InsufficientFunds` names the amount missing). In a project never
    /// published, the organisation's unpublished projects must stay within `quota`
    /// together, or nothing of the batch is stored (a conflict naming the limit).
    pub async fn insert_tasks(
        &self,
        project_id: &ProjectId,
        rows: &[ImportRow],
        quota: Option<DraftQuota>,
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
                    let (mut created, mut bytes) = (0, 0);
                    for chunk in rows.chunks(INSERT_CHUNK) {
                        let (n, b) =
                            insert_chunk(tx, project_id, project.initial_slots(), chunk, now)
                                .await?;
                        created += n;
                        bytes += b;
                    }
                    count_items(tx, project_id, created as i64, bytes).await?;
                    if let Some(quota) = quota.filter(|_| project.published_at.is_none()) {
                        check_draft_quota(tx, &project.organization_id, quota, created, bytes)
                            .await?;
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

/// The most an organisation's projects never published (drafts, and drafts
/// cancelled) may hold together: they cost no escrow, so only this bounds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DraftQuota {
    pub items: i64,
    pub bytes: i64,
}

/// Keep a project's item count and bytes up to date (the draft quota reads them).
async fn count_items(
    tx: &mut Tx<'_>,
    project_id: &ProjectId,
    items: i64,
    bytes: i64,
) -> Result<()> {
    if items > 0 {
        query(
            r#"
            UPDATE projects SET item_count = item_count + $1, item_bytes = item_bytes + $2
            WHERE id = $3
            "#,
        )
        .bind(items)
        .bind(bytes)
        .bind(project_id)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Refuse (a conflict naming the limit, what is used and what was to be added) when
/// the organisation's unpublished projects, this batch counted, hold more than `quota`.
async fn check_draft_quota(
    tx: &mut Tx<'_>,
    organization: &handprint_core::OrganizationId,
    quota: DraftQuota,
    adding: u64,
    adding_bytes: i64,
) -> Result<()> {
    let (items, bytes) = query_as::<(i64, i64)>(
        r#"
        SELECT COALESCE(CAST(SUM(item_count) AS BIGINT), 0),
            COALESCE(CAST(SUM(item_bytes) AS BIGINT), 0)
        FROM projects WHERE organization_id = $1 AND published_at IS NULL
        "#,
    )
    .bind(organization)
    .fetch_one(&mut *tx)
    .await?;
    let over = |code: &'static str, limit: i64, total: i64, adding: i64| {
        StoreError::conflict(
            code,
            vec![
                ("limit", limit.to_string()),
                ("used", (total - adding).to_string()),
                ("adding", adding.to_string()),
            ],
        )
    };
    if items > quota.items {
        return Err(over(
            "err-draft-quota-items",
            quota.items,
            items,
            adding as i64,
        ));
    }
    if bytes > quota.bytes {
        return Err(over(
            "err-draft-quota-bytes",
            quota.bytes,
            bytes,
            adding_bytes,
        ));
    }
    Ok(())
}

/// Insert one chunk of items in one statement, skipping external ids already
/// stored; returns how many were stored, and the bytes of their data.
async fn insert_chunk(
    tx: &mut Tx<'_>,
    project_id: &ProjectId,
    answers_per_task: i64,
    chunk: &[ImportRow],
    now: Timestamp,
) -> Result<(u64, i64)> {
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
    let ids: Vec<String> = chunk.iter().map(|_| new_id()).collect();
    let data: Vec<String> = chunk.iter().map(|row| to_json(&row.data)).collect();
    let sizes: Vec<i64> = data.iter().map(|d| d.len() as i64).collect();
    let mut q = query(sqlx::AssertSqlSafe(sql));
    for ((row, id), data) in chunk.iter().zip(&ids).zip(data) {
        q = q
            .bind(id.clone())
            .bind(project_id)
            .bind(row.external_id.clone())
            .bind(data)
            .bind(row.known_answer.as_ref().map(to_json))
            .bind(answers_per_task)
            .bind(0_i64)
            .bind(now);
    }
    let created = q.execute(&mut *tx).await?.rows_affected();
    let bytes = if created == chunk.len() as u64 {
        sizes.iter().sum()
    } else {
        // Some external ids were there already (an import run again): count the rows stored.
        stored_bytes(tx, &ids, &sizes).await?
    };
    Ok((created, bytes))
}

/// The bytes of the data (`sizes`, in the order of `ids`) of those of `ids` that were stored.
async fn stored_bytes(tx: &mut Tx<'_>, ids: &[String], sizes: &[i64]) -> Result<i64> {
    let params: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!("SELECT id FROM tasks WHERE id IN ({})", params.join(", "));
    let mut q = query_scalar::<String>(sqlx::AssertSqlSafe(sql));
    for id in ids {
        q = q.bind(id.clone());
    }
    let stored: std::collections::HashSet<String> =
        q.fetch_all(&mut *tx).await?.into_iter().collect();
    Ok(ids
        .iter()
        .zip(sizes)
        .filter(|(id, _)| stored.contains(*id))
        .map(|(_, size)| size)
        .sum())
}
