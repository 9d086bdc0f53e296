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

// ---------------------------------------------------------------------------
// The human review.
//
// Reversing undoes the effect. Effects read from the log (a restriction, a test's
// cooldown, a requalification demanded) end with the state `reversed`. A grant taken
// away (`qualification_lost`, `requalification_required`) is restored from the
// decision's inputs, which their producers write as
// - `qualification_id`: the qualification the grant was of (else the decision's own
//   `qualification_id` column), and
// - `previous_score`: the score the worker held before (0 to 100).
// A decision of those kinds without a previous score restores nothing (there was no
// grant). A second opinion has nothing to undo: the extra answers were paid.

/// Who may decide a decision's review.
#[derive(Debug, Clone, Copy)]
pub enum Reviewer<'a> {
    /// A requester of this organisation: its own organisation's decisions.
    Organization(&'a OrganizationId),
    /// An operator: operator decisions (no organisation).
    Operator,
}

/// Which decisions a reviewing list shows.
#[derive(Debug, Clone, Copy)]
pub enum ReviewScope<'a> {
    /// One organisation's decisions.
    Organization(&'a OrganizationId),
    /// Every decision (an operator's oversight).
    All,
}

/// How a review ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Upheld,
    Reversed,
}

impl Outcome {
    pub fn state(self) -> DecisionState {
        match self {
            Outcome::Upheld => DecisionState::Upheld,
            Outcome::Reversed => DecisionState::Reversed,
        }
    }
}

/// A review being decided: by a person (`by` set) or, past its deadline, for the
/// worker by Handprint (`by` None, outcome reversed).
#[derive(Debug, Clone, Copy)]
pub struct Resolution<'a> {
    pub outcome: Outcome,
    pub message: &'a str,
    pub by: Option<&'a UserId>,
    pub now: i64,
}

/// A decision with the names a reader needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DecisionListed {
    #[sqlx(flatten)]
    pub row: DecisionRow,
    pub project_title: Option<String>,
    pub qualification_name: Option<String>,
    pub organization_name: Option<String>,
}

/// Review counts for an operator's oversight (or an organisation's own).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReviewCounts {
    /// Reviews asked for and not decided yet (overdue ones included).
    pub review_requested: i64,
    /// Of those, past their deadline (the job decides them for the worker).
    pub overdue: i64,
    pub upheld: i64,
    pub reversed: i64,
    /// Of the reversed, decided for the worker because nobody answered in time.
    pub reversed_automatically: i64,
}

const LISTED_COLUMNS: &str = r#"
    p.title AS project_title, q.name AS qualification_name, o.name AS organization_name
    FROM decisions d
    LEFT JOIN projects p ON p.id = d.project_id
    LEFT JOIN qualifications q ON q.id = d.qualification_id
    LEFT JOIN organizations o ON o.id = d.organization_id
"#;

/// The message of a review decided for the worker at its deadline (rendered from
/// its code in the reader's language).
pub const OVERDUE_MESSAGE: &str = "decision-review-overdue";

impl Db {
    /// Every decision about a worker, newest first, with names.
    pub async fn decisions_listed_of_worker(&self, worker: &UserId) -> Result<Vec<DecisionListed>> {
        Ok(query_as::<DecisionListed>(sqlx::AssertSqlSafe(format!(
            "SELECT {DECISION_COLUMNS}, {LISTED_COLUMNS} WHERE d.worker_id = $1 ORDER BY d.at DESC, d.id DESC"
        )))
        .bind(worker)
        .fetch_all(self)
        .await?)
    }

    /// One decision with names.
    pub async fn decision_listed(&self, id: &DecisionId) -> Result<DecisionListed> {
        query_as::<DecisionListed>(sqlx::AssertSqlSafe(format!(
            "SELECT {DECISION_COLUMNS}, {LISTED_COLUMNS} WHERE d.id = $1"
        )))
        .bind(id)
        .fetch_optional(self)
        .await?
        .ok_or(StoreError::NotFound(Entity::Decision))
    }

    /// The decisions in `scope` (in `state` when given), the oldest review due first,
    /// then newest made.
    pub async fn decisions_to_review(
        &self,
        scope: ReviewScope<'_>,
        state: Option<DecisionState>,
    ) -> Result<Vec<DecisionListed>> {
        let org = match scope {
            ReviewScope::Organization(org) => Some(org),
            ReviewScope::All => None,
        };
        Ok(query_as::<DecisionListed>(sqlx::AssertSqlSafe(format!(
            r#"
            SELECT {DECISION_COLUMNS}, {LISTED_COLUMNS}
            WHERE ($1 IS NULL OR d.organization_id = $1) AND ($2 IS NULL OR d.state = $2)
            ORDER BY CASE WHEN d.review_due_at IS NULL THEN 1 ELSE 0 END, d.review_due_at,
                d.at DESC, d.id DESC
            LIMIT 1000
            "#
        )))
        .bind(org)
        .bind(state.map(DecisionState::as_str))
        .fetch_all(self)
        .await?)
    }

    /// How many reviews in `scope` are asked for, overdue at `now`, upheld, reversed.
    pub async fn review_counts(&self, scope: ReviewScope<'_>, now: i64) -> Result<ReviewCounts> {
        let org = match scope {
            ReviewScope::Organization(org) => Some(org),
            ReviewScope::All => None,
        };
        let (review_requested, overdue, upheld, reversed, reversed_automatically): (
            i64,
            i64,
            i64,
            i64,
            i64,
        ) = query_as(
            r#"
            SELECT
            COALESCE(CAST(SUM(CASE WHEN state = 'review_requested' THEN 1 ELSE 0 END) AS BIGINT), 0),
            COALESCE(CAST(SUM(CASE WHEN state = 'review_requested' AND review_due_at <= $2
                THEN 1 ELSE 0 END) AS BIGINT), 0),
            COALESCE(CAST(SUM(CASE WHEN state = 'upheld' THEN 1 ELSE 0 END) AS BIGINT), 0),
            COALESCE(CAST(SUM(CASE WHEN state = 'reversed' THEN 1 ELSE 0 END) AS BIGINT), 0),
            COALESCE(CAST(SUM(CASE WHEN state = 'reversed' AND resolved_automatically = 1
                THEN 1 ELSE 0 END) AS BIGINT), 0)
            FROM decisions WHERE ($1 IS NULL OR organization_id = $1)
            "#,
        )
        .bind(org)
        .bind(now)
        .fetch_one(self)
        .await?;
        Ok(ReviewCounts {
            review_requested,
            overdue,
            upheld,
            reversed,
            reversed_automatically,
        })
    }

    /// The worker asks for a human review of an adverse decision of theirs, once:
    /// [`StoreError::NotFound`] when it is not theirs, a conflict when it is not
    /// adverse or a review was already asked for.
    pub async fn request_review(
        &self,
        id: &DecisionId,
        worker: &UserId,
        message: &str,
        due_at: i64,
        now: i64,
    ) -> Result<DecisionRow> {
        let row = self.decision(id).await?;
        if &row.worker_id != worker {
            return Err(StoreError::NotFound(Entity::Decision));
        }
        if !row.kind.is_adverse() {
            return Err(StoreError::conflict(
                "err-decision-not-adverse",
                vec![("kind", row.kind.as_str().to_string())],
            ));
        }
        let changed = query(
            r#"
            UPDATE decisions SET state = 'review_requested', review_message = $1,
                review_requested_at = $2, review_due_at = $3
            WHERE id = $4 AND worker_id = $5 AND state = 'in_effect'
            "#,
        )
        .bind(message)
        .bind(now)
        .bind(due_at)
        .bind(id)
        .bind(worker)
        .execute(self)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::conflict(
                "err-decision-review-once",
                vec![("state", row.state.as_str().to_string())],
            ));
        }
        self.decision(id).await
    }

    /// Decide a review: only while it is asked for (a conflict otherwise). Reversing
    /// undoes the effect in the same transaction (see the notes above).
    pub async fn resolve_review(&self, id: &DecisionId, r: &Resolution<'_>) -> Result<DecisionRow> {
        let id2 = id.clone();
        let r = *r;
        let message = r.message.to_string();
        let by = r.by.cloned();
        self.write(move |tx| {
            Box::pin(async move {
                let changed = query(
                    r#"
                    UPDATE decisions SET state = $1, resolution_message = $2, resolved_by = $3,
                        resolved_at = $4, resolved_automatically = $5
                    WHERE id = $6 AND state = 'review_requested'
                    "#,
                )
                .bind(r.outcome.state().as_str())
                .bind(&message)
                .bind(by.as_ref())
                .bind(r.now)
                .bind(i64::from(by.is_none()))
                .bind(&id2)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 0 {
                    return Err(StoreError::conflict(
                        "err-decision-not-under-review",
                        vec![],
                    ));
                }
                if r.outcome == Outcome::Reversed {
                    restore_grant(tx, &id2, by.as_ref(), r.now).await?;
                }
                Ok(())
            })
        })
        .await?;
        self.decision(id).await
    }

    /// Reviews asked for whose deadline is at or before `now`, oldest first.
    pub async fn overdue_reviews(&self, now: i64, limit: i64) -> Result<Vec<DecisionId>> {
        let ids: Vec<String> = crate::sql::query_scalar(
            r#"
            SELECT id FROM decisions WHERE state = 'review_requested' AND review_due_at <= $1
            ORDER BY review_due_at, id LIMIT $2
            "#,
        )
        .bind(now)
        .bind(limit)
        .fetch_all(self)
        .await?;
        Ok(ids.into_iter().map(DecisionId::from).collect())
    }

    /// An organisation's automated restrictions: how many were made, and how many of
    /// them were reversed on review (by a person or at the review's deadline).
    pub async fn restrictions_of_org(&self, org: &OrganizationId) -> Result<(i64, i64)> {
        Ok(query_as(
            r#"
            SELECT COUNT(*),
            COALESCE(CAST(SUM(CASE WHEN state = 'reversed' THEN 1 ELSE 0 END) AS BIGINT), 0)
            FROM decisions WHERE organization_id = $1 AND kind = 'restricted'
            "#,
        )
        .bind(org)
        .fetch_one(self)
        .await?)
    }
}

/// Give back the grant a reversed `qualification_lost` or `requalification_required`
/// took away, at its previous score (see the notes above); nothing for other kinds.
async fn restore_grant(
    tx: &mut Tx<'_>,
    id: &DecisionId,
    by: Option<&UserId>,
    now: i64,
) -> Result<()> {
    let row: DecisionRow = query_as::<DecisionRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {DECISION_COLUMNS} FROM decisions d WHERE d.id = $1"
    )))
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    if !matches!(
        row.kind,
        DecisionKind::QualificationLost | DecisionKind::RequalificationRequired
    ) {
        return Ok(());
    }
    let inputs = row.inputs_json();
    let qualification = inputs
        .get("qualification_id")
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .or(row.qualification_id.clone());
    let score = inputs
        .get("previous_score")
        .and_then(serde_json::Value::as_i64);
    let (Some(qualification), Some(score)) = (qualification, score) else {
        return Ok(());
    };
    query(
        r#"
        INSERT INTO qualification_grants (qualification_id, worker_id, score, granted_at)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (qualification_id, worker_id)
        DO UPDATE SET score = excluded.score, granted_at = excluded.granted_at
        "#,
    )
    .bind(&qualification)
    .bind(&row.worker_id)
    .bind(score)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    // The qualification's history names the person who acted; a review decided at its
    // deadline has none, and the decision log records it.
    if let Some(by) = by {
        query(
            r#"
            INSERT INTO qualification_events (id, qualification_id, worker_id, action, score,
                reason, by_user, at)
            VALUES ($1, $2, $3, 'granted', $4, $5, $6, $7)
            "#,
        )
        .bind(new_id())
        .bind(&qualification)
        .bind(&row.worker_id)
        .bind(score)
        .bind(format!(
            "Restored: the decision {id} was reversed on review."
        ))
        .bind(by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}
