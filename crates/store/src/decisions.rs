//! The decision log: every automated decision about a worker, with the rule that
//! made it, its inputs and coded reason, and the human review of it.
//!
//! Producers record a decision inside the transaction that makes its effect
//! ([`record_decision`]), so a decision and what it did are stored together or not at
//! all. Effects that can be are read from the log itself: a decision of a kind that is
//! not reversed and whose `effect_until` is still ahead is in force
//! ([`Db::decision_in_force`], and [`IN_FORCE_SQL`] for queries such as the claim).

use crate::sql::{query, query_as};
use crate::{Db, Entity, Result, StoreError, Tx, new_id};
use handprint_core::decision::{DecisionKind, DecisionState};
use handprint_core::{DecisionId, OrganizationId, ProjectId, QualificationId, UserId};

/// A decision being made.
#[derive(Debug, Clone)]
pub struct NewDecision<'a> {
    pub worker: &'a UserId,
    /// Whose rule or test it was (it reviews the decision); None for an operator's.
    pub organization: Option<&'a OrganizationId>,
    pub project: Option<&'a ProjectId>,
    pub qualification: Option<&'a QualificationId>,
    pub kind: DecisionKind,
    /// The rule that made it, coded (e.g. "test_score", "control_accuracy").
    pub rule: &'a str,
    /// The numbers the rule looked at, as a JSON object.
    pub inputs: &'a serde_json::Value,
    /// The coded reason, rendered in the reader's language.
    pub reason: &'a str,
    /// Until when the effect lasts (a restriction, a cooldown); None if it has no end
    /// or no duration.
    pub effect_until: Option<i64>,
    /// What made it: a rule's id, a test's id, a job's name.
    pub made_by: &'a str,
    pub now: i64,
}

/// One decision as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DecisionRow {
    #[sqlx(try_from = "String")]
    pub id: DecisionId,
    #[sqlx(try_from = "String")]
    pub worker_id: UserId,
    pub organization_id: Option<String>,
    pub project_id: Option<String>,
    pub qualification_id: Option<String>,
    #[sqlx(try_from = "String")]
    pub kind: DecisionKind,
    pub rule: String,
    /// JSON text.
    pub inputs: String,
    pub reason: String,
    pub effect_until: Option<i64>,
    pub made_by: String,
    pub at: i64,
    #[sqlx(try_from = "String")]
    pub state: DecisionState,
    pub review_message: Option<String>,
    pub review_requested_at: Option<i64>,
    pub review_due_at: Option<i64>,
    pub resolution_message: Option<String>,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<i64>,
    /// 1 when the review's deadline passed and it was decided for the worker.
    pub resolved_automatically: i64,
}

impl DecisionRow {
    pub fn organization(&self) -> Option<OrganizationId> {
        self.organization_id.clone().map(OrganizationId::from)
    }

    pub fn project(&self) -> Option<ProjectId> {
        self.project_id.clone().map(ProjectId::from)
    }

    pub fn qualification(&self) -> Option<QualificationId> {
        self.qualification_id.clone().map(QualificationId::from)
    }

    /// The inputs as JSON (an empty object if the stored text were unreadable).
    pub fn inputs_json(&self) -> serde_json::Value {
        serde_json::from_str(&self.inputs).unwrap_or_else(|_| serde_json::json!({}))
    }
}

pub(crate) const DECISION_COLUMNS: &str = r#"
    d.id, d.worker_id, d.organization_id, d.project_id, d.qualification_id, d.kind, d.rule,
    d.inputs, d.reason, d.effect_until, d.made_by, d.at, d.state, d.review_message,
    d.review_requested_at, d.review_due_at, d.resolution_message, d.resolved_by,
    d.resolved_at, d.resolved_automatically
"#;

/// A condition true when decision `d` is in force at time `$now` (bind it yourself):
/// not reversed, and its effect has no end or ends after now.
pub const IN_FORCE_SQL: &str =
    "d.state <> 'reversed' AND (d.effect_until IS NULL OR d.effect_until > $now)";

/// Record a decision in the transaction that makes its effect.
pub async fn record_decision(tx: &mut Tx<'_>, d: &NewDecision<'_>) -> Result<DecisionId> {
    let id = DecisionId::from(new_id());
    query(
        r#"
        INSERT INTO decisions (id, worker_id, organization_id, project_id, qualification_id,
            kind, rule, inputs, reason, effect_until, made_by, at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        "#,
    )
    .bind(&id)
    .bind(d.worker)
    .bind(d.organization)
    .bind(d.project)
    .bind(d.qualification)
    .bind(d.kind.as_str())
    .bind(d.rule)
    .bind(d.inputs.to_string())
    .bind(d.reason)
    .bind(d.effect_until)
    .bind(d.made_by)
    .bind(d.now)
    .execute(&mut *tx)
    .await?;
    Ok(id)
}

impl Db {
    /// One decision.
    pub async fn decision(&self, id: &DecisionId) -> Result<DecisionRow> {
        query_as::<DecisionRow>(sqlx::AssertSqlSafe(format!(
            "SELECT {DECISION_COLUMNS} FROM decisions d WHERE d.id = $1"
        )))
        .bind(id)
        .fetch_optional(self)
        .await?
        .ok_or(StoreError::NotFound(Entity::Decision))
    }

    /// Every decision about a worker, newest first.
    pub async fn decisions_of_worker(&self, worker: &UserId) -> Result<Vec<DecisionRow>> {
        Ok(query_as::<DecisionRow>(sqlx::AssertSqlSafe(format!(
            "SELECT {DECISION_COLUMNS} FROM decisions d WHERE d.worker_id = $1 ORDER BY d.at DESC, d.id DESC"
        )))
        .bind(worker)
        .fetch_all(self)
        .await?)
    }

    /// The latest decision of this kind about the worker (on this project and/or
    /// qualification when given) that is in force at `now`.
    pub async fn decision_in_force(
        &self,
        worker: &UserId,
        kind: DecisionKind,
        project: Option<&ProjectId>,
        qualification: Option<&QualificationId>,
        now: i64,
    ) -> Result<Option<DecisionRow>> {
        let in_force = IN_FORCE_SQL.replace("$now", "$5");
        // Built from constants only: the bound values stay parameters.
        Ok(query_as::<DecisionRow>(sqlx::AssertSqlSafe(format!(
            r#"
            SELECT {DECISION_COLUMNS} FROM decisions d
            WHERE d.worker_id = $1 AND d.kind = $2
              AND ($3 IS NULL OR d.project_id = $3)
              AND ($4 IS NULL OR d.qualification_id = $4)
              AND {in_force}
            ORDER BY d.at DESC, d.id DESC
            LIMIT 1
            "#
        )))
        .bind(worker)
        .bind(kind.as_str())
        .bind(project)
        .bind(qualification)
        .bind(now)
        .fetch_optional(self)
        .await?)
    }
}
