//! What quality control reads: a project's answers with their items' known answers
//! (control accuracy, the workers' table, the aggregation's skills), one worker's
//! numbers on one project for the quality rules (each query bounded by that worker's
//! work on the project), and the decisions a rule makes, stored with their effect.

use crate::decisions::{DecisionRow, IN_FORCE_SQL, NewDecision, record_decision};
use crate::sql::{query_as, query_scalar};
use crate::{Db, Result};
use handprint_core::decision::DecisionKind;
use handprint_core::{DecisionId, ProjectId, TaskId, Timestamp, UserId};

/// One submitted answer of a project, with its item's known answer if it is a control.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ScoredAnswer {
    #[sqlx(try_from = "String")]
    pub worker_id: UserId,
    #[sqlx(try_from = "String")]
    pub task_id: TaskId,
    /// JSON text.
    pub answer: String,
    /// JSON text; None for an ordinary item.
    pub known_answer: Option<String>,
    pub working_micros: i64,
    /// The item's data (JSON text; box answers are checked against its image size).
    pub data: String,
    /// When the answer was submitted.
    pub ended_at: Option<i64>,
}

const SCORED_COLUMNS: &str = r#"
    a.worker_id, a.task_id, a.answer, t.known_answer, COALESCE(a.working_micros, 0) AS working_micros,
    t.data, a.ended_at
"#;

/// How many items the rules look back on for a project's median working time.
pub const MEDIAN_WINDOW: i64 = 501;

impl Db {
    /// Every submitted answer of the project, oldest first.
    pub async fn scored_answers(&self, project: &ProjectId) -> Result<Vec<ScoredAnswer>> {
        Ok(query_as::<ScoredAnswer>(sqlx::AssertSqlSafe(format!(
            r#"
            SELECT {SCORED_COLUMNS} FROM assignments a JOIN tasks t ON t.id = a.task_id
            WHERE a.project_id = $1 AND a.state = 'submitted' ORDER BY a.id
            "#
        )))
        .bind(project)
        .fetch_all(self)
        .await?)
    }

    /// One worker's submitted answers on the project, oldest first.
    pub async fn worker_scored_answers(
        &self,
        project: &ProjectId,
        worker: &UserId,
    ) -> Result<Vec<ScoredAnswer>> {
        Ok(query_as::<ScoredAnswer>(sqlx::AssertSqlSafe(format!(
            r#"
            SELECT {SCORED_COLUMNS} FROM assignments a JOIN tasks t ON t.id = a.task_id
            WHERE a.worker_id = $1 AND a.project_id = $2 AND a.state = 'submitted' ORDER BY a.id
            "#
        )))
        .bind(worker)
        .bind(project)
        .fetch_all(self)
        .await?)
    }

    /// The working times of the project's latest [`MEDIAN_WINDOW`] answers.
    pub async fn recent_working_times(&self, project: &ProjectId) -> Result<Vec<i64>> {
        Ok(query_scalar::<i64>(
            r#"
            SELECT COALESCE(working_micros, 0) FROM assignments
            WHERE project_id = $1 AND state = 'submitted' ORDER BY id DESC LIMIT $2
            "#,
        )
        .bind(project)
        .bind(MEDIAN_WINDOW)
        .fetch_all(self)
        .await?)
    }

    /// The items a worker leased on the project, and how many of them they gave back.
    pub async fn worker_returns(&self, project: &ProjectId, worker: &UserId) -> Result<(i64, i64)> {
        Ok(query_as::<(i64, i64)>(
            r#"
            SELECT COUNT(*), COALESCE(CAST(SUM(CASE WHEN state = 'returned' THEN 1 ELSE 0 END)
                AS BIGINT), 0)
            FROM assignments WHERE worker_id = $1 AND project_id = $2
            "#,
        )
        .bind(worker)
        .bind(project)
        .fetch_one(self)
        .await?)
    }

    /// Every answer (JSON text) to the items the worker answered on the project, the
    /// worker's own included, by item: `(item, answer, whether it is the worker's)`.
    pub async fn answers_beside_worker(
        &self,
        project: &ProjectId,
        worker: &UserId,
    ) -> Result<Vec<(String, String, bool)>> {
        let rows = query_as::<(String, String, String)>(
            r#"
            SELECT o.task_id, o.answer, o.worker_id FROM assignments a
            JOIN assignments o ON o.task_id = a.task_id AND o.state = 'submitted'
            WHERE a.worker_id = $1 AND a.project_id = $2 AND a.state = 'submitted'
            ORDER BY o.task_id, o.id
            "#,
        )
        .bind(worker)
        .bind(project)
        .fetch_all(self)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(task, answer, who)| (task, answer, who == worker.as_str()))
            .collect())
    }

    /// The decisions about workers on this project in force at `now` (restrictions,
    /// warnings…), newest first.
    pub async fn project_decisions_in_force(
        &self,
        project: &ProjectId,
        now: Timestamp,
    ) -> Result<Vec<DecisionRow>> {
        let in_force = IN_FORCE_SQL.replace("$now", "$2");
        Ok(query_as::<DecisionRow>(sqlx::AssertSqlSafe(format!(
            r#"
            SELECT {} FROM decisions d WHERE d.project_id = $1 AND {in_force}
            ORDER BY d.at DESC, d.id DESC
            "#,
            crate::decisions::DECISION_COLUMNS
        )))
        .bind(project)
        .bind(now)
        .fetch_all(self)
        .await?)
    }

    /// Whether a decision made by `made_by` (a rule) about the worker on the project
    /// is in force at `now`: a rule decides once while its decision holds.
    pub async fn rule_decision_in_force(
        &self,
        worker: &UserId,
        project: &ProjectId,
        kind: DecisionKind,
        made_by: &str,
        now: Timestamp,
    ) -> Result<bool> {
        let in_force = IN_FORCE_SQL.replace("$now", "$5");
        let found = query_scalar::<String>(sqlx::AssertSqlSafe(format!(
            r#"
            SELECT d.id FROM decisions d WHERE d.worker_id = $1 AND d.kind = $2
              AND d.project_id = $3 AND d.made_by = $4 AND {in_force}
            LIMIT 1
            "#
        )))
        .bind(worker)
        .bind(kind.as_str())
        .bind(project)
        .bind(made_by)
        .bind(now)
        .fetch_optional(self)
        .await?;
        Ok(found.is_some())
    }

    /// When a decision made by `made_by` (a rule) about the worker on the project was
    /// last reversed on review, if ever: the answers it weighed were judged not to
    /// count against the worker, so the rule weighs only those submitted after.
    pub async fn rule_reversed_at(
        &self,
        worker: &UserId,
        project: &ProjectId,
        made_by: &str,
    ) -> Result<Option<Timestamp>> {
        Ok(query_scalar::<Option<i64>>(
            r#"
            SELECT MAX(d.resolved_at) FROM decisions d WHERE d.worker_id = $1
              AND d.project_id = $2 AND d.made_by = $3 AND d.state = 'reversed'
            "#,
        )
        .bind(worker)
        .bind(project)
        .bind(made_by)
        .fetch_one(self)
        .await?)
    }

    /// Record a rule's decision whose effect is the decision itself (a warning, a
    /// restriction read by the claim).
    pub async fn record_rule_decision(&self, d: &NewDecision<'_>) -> Result<DecisionId> {
        self.write(|tx| Box::pin(async move { record_decision(tx, d).await }))
            .await
    }
}

impl Db {
    /// Take a qualification away from the worker by a rule, recording the decision
    /// (kind `requalification_required`) in the same transaction, with the grant's
    /// score and time added to its inputs (`previous_score`, `granted_at`) so a
    /// reversal can restore it. None when the worker does not hold it (nothing is
    /// taken, nothing recorded).
    pub async fn revoke_by_rule(
        &self,
        d: &NewDecision<'_>,
        qualification: &handprint_core::QualificationId,
    ) -> Result<Option<DecisionId>> {
        self.write(|tx| {
            Box::pin(async move {
                let held = query_as::<(i64, i64)>(
                    r#"
                    DELETE FROM qualification_grants WHERE qualification_id = $1 AND worker_id = $2
                    RETURNING score, granted_at
                    "#,
                )
                .bind(qualification)
                .bind(d.worker)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((score, granted_at)) = held else {
                    return Ok(None);
                };
                let mut inputs = d.inputs.clone();
                if let Some(map) = inputs.as_object_mut() {
                    map.insert("previous_score".into(), score.into());
                    map.insert("granted_at".into(), granted_at.into());
                }
                let decision = NewDecision {
                    inputs: &inputs,
                    qualification: Some(qualification),
                    ..d.clone()
                };
                Ok(Some(record_decision(tx, &decision).await?))
            })
        })
        .await
    }
}

/// What a second opinion did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondOpinion {
    /// `items` of the worker's answered items each got the extra answers, escrowed.
    Funded { items: i64, slots: i64 },
    /// The organisation could not fund them: nothing was added (`missing` minor units).
    Unfunded { items: i64, missing: i64 },
    /// The project no longer takes answers (or the worker answered nothing): nothing added.
    Nothing,
}

impl Db {
    /// A rule's second opinion: `extra` more answers on each item the worker answered
    /// on the project, each slot escrowed like any other (rewards, fees, reserve) from
    /// the organisation, with the decision recorded in the same transaction (its inputs
    /// gain `items`, `extra_answers`, `slots`, `funded`). When the organisation cannot
    /// fund them, nothing is added and the decision records that (`funded: false`, `missing`).
    pub async fn second_opinion_by_rule(
        &self,
        d: &NewDecision<'_>,
        extra: i64,
    ) -> Result<SecondOpinion> {
        let project = d
            .project
            .ok_or(crate::StoreError::NotFound(crate::Entity::Project))?;
        let funded = self
            .write(|tx| Box::pin(async move { add_opinions(tx, d, project, extra).await }))
            .await;
        match funded {
            Err(crate::StoreError::InsufficientFunds { missing, .. }) => {
                let items = self.worker_items(project, d.worker).await?.len() as i64;
                let inputs = with_inputs(
                    d.inputs,
                    serde_json::json!({"items": items, "extra_answers": extra, "slots": 0,
                        "funded": false, "missing": missing}),
                );
                let decision = NewDecision {
                    inputs: &inputs,
                    ..d.clone()
                };
                self.record_rule_decision(&decision).await?;
                Ok(SecondOpinion::Unfunded { items, missing })
            }
            other => other,
        }
    }

    /// The items the worker answered on the project, in id order.
    async fn worker_items(&self, project: &ProjectId, worker: &UserId) -> Result<Vec<String>> {
        Ok(query_scalar::<String>(
            r#"
            SELECT task_id FROM assignments
            WHERE worker_id = $1 AND project_id = $2 AND state = 'submitted' ORDER BY task_id
            "#,
        )
        .bind(worker)
        .bind(project)
        .fetch_all(self)
        .await?)
    }
}

/// `base` (a JSON object) with the entries of `more` added.
fn with_inputs(base: &serde_json::Value, more: serde_json::Value) -> serde_json::Value {
    let mut out = base.clone();
    if let (Some(map), serde_json::Value::Object(more)) = (out.as_object_mut(), more) {
        map.extend(more);
    }
    out
}

async fn add_opinions(
    tx: &mut crate::Tx<'_>,
    d: &NewDecision<'_>,
    project: &ProjectId,
    extra: i64,
) -> Result<SecondOpinion> {
    let row = crate::escrow::locked_project(tx, project).await?;
    if row.state() != handprint_core::project::ProjectState::Active
        && row.state() != handprint_core::project::ProjectState::Paused
    {
        return Ok(SecondOpinion::Nothing);
    }
    let items = query_scalar::<String>(
        r#"
        SELECT task_id FROM assignments
        WHERE worker_id = $1 AND project_id = $2 AND state = 'submitted' ORDER BY task_id
        "#,
    )
    .bind(d.worker)
    .bind(project)
    .fetch_all(&mut *tx)
    .await?;
    if items.is_empty() {
        return Ok(SecondOpinion::Nothing);
    }
    let n = items.len() as i64;
    let slots = n * extra;
    let inputs = with_inputs(
        d.inputs,
        serde_json::json!({"items": n, "extra_answers": extra, "slots": slots, "funded": true}),
    );
    let decision = NewDecision {
        inputs: &inputs,
        ..d.clone()
    };
    let id = record_decision(tx, &decision).await?;
    crate::escrow::escrow_slots(
        tx,
        &row,
        slots,
        format!("escrow:{project}:second_opinion:{id}"),
        format!(
            "escrow for a second opinion on {n} items of \"{}\"",
            row.title
        ),
        d.now,
    )
    .await?;
    for task in &items {
        crate::sql::query("UPDATE tasks SET remaining = remaining + $1 WHERE id = $2")
            .bind(extra)
            .bind(task)
            .execute(&mut *tx)
            .await?;
    }
    Ok(SecondOpinion::Funded { items: n, slots })
}
