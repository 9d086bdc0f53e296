//! Performance qualifications (issue 13): what the recomputation after each answer
//! reads (the qualifications that apply, the worker's latest control answers) and
//! writes (a grant with its decision, a changed score; a loss is `revoke_by_rule`).

use crate::decisions::{NewDecision, record_decision};
use crate::qualifications::PerformanceTerms;
use crate::sql::{query, query_as, query_scalar};
use crate::{Db, Result};
use handprint_core::{DecisionId, OrganizationId, QualificationId, Timestamp, UserId};

/// How many of a worker's latest control answers a performance score weighs: the
/// recomputation after each answer reads at most this many rows.
pub const SCORE_WINDOW: i64 = 1000;

/// A performance qualification that applies to a project's answers.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PerformanceRow {
    #[sqlx(try_from = "String")]
    pub id: QualificationId,
    /// None for an operator's (scored on every project).
    pub organization_id: Option<String>,
    pub min_controls: i64,
    pub pass_score: i64,
}

/// One control answer: the project's template (JSON), the known answer, the answer.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ControlAnswer {
    pub template: Option<String>,
    pub known_answer: String,
    pub answer: String,
}

impl Db {
    /// The performance qualifications scored on an organisation's projects: its own
    /// and the operators'.
    pub async fn performance_qualifications(
        &self,
        organization: &OrganizationId,
    ) -> Result<Vec<PerformanceRow>> {
        Ok(query_as::<PerformanceRow>(
            r#"
            SELECT id, organization_id, COALESCE(min_controls, 1) AS min_controls,
                COALESCE(pass_score, 100) AS pass_score
            FROM qualifications WHERE kind = 'performance'
              AND (organization_id IS NULL OR organization_id = $1)
            ORDER BY id
            "#,
        )
        .bind(organization)
        .fetch_all(self)
        .await?)
    }

    /// The worker's latest [`SCORE_WINDOW`] control answers submitted after `since`, on
    /// the organisation's projects (every project for None), newest first.
    pub async fn control_answers(
        &self,
        worker: &UserId,
        organization: Option<&str>,
        since: Timestamp,
    ) -> Result<Vec<ControlAnswer>> {
        Ok(query_as::<ControlAnswer>(
            r#"
            SELECT p.template, t.known_answer, a.answer
            FROM assignments a JOIN tasks t ON t.id = a.task_id
            JOIN projects p ON p.id = a.project_id
            WHERE a.worker_id = $1 AND a.state = 'submitted' AND t.known_answer IS NOT NULL
              AND a.answer IS NOT NULL AND a.ended_at > $3
              AND ($2 IS NULL OR p.organization_id = $2)
            ORDER BY a.ended_at DESC, a.id DESC LIMIT $4
            "#,
        )
        .bind(worker)
        .bind(organization)
        .bind(since)
        .bind(SCORE_WINDOW)
        .fetch_all(self)
        .await?)
    }

    /// When a loss of this qualification was last reversed on review (the control
    /// answers before it no longer count against the worker).
    pub async fn performance_reversed_at(
        &self,
        worker: &UserId,
        qualification: &QualificationId,
    ) -> Result<Option<Timestamp>> {
        Ok(query_scalar::<Option<i64>>(
            r#"
            SELECT MAX(resolved_at) FROM decisions WHERE worker_id = $1
              AND qualification_id = $2 AND kind = 'qualification_lost' AND state = 'reversed'
            "#,
        )
        .bind(worker)
        .bind(qualification)
        .fetch_one(self)
        .await?)
    }

    /// The score the worker holds the qualification at, if they hold it.
    pub async fn held_score(
        &self,
        qualification: &QualificationId,
        worker: &UserId,
    ) -> Result<Option<i64>> {
        Ok(query_scalar::<i64>(
            "SELECT score FROM qualification_grants WHERE qualification_id = $1 AND worker_id = $2",
        )
        .bind(qualification)
        .bind(worker)
        .fetch_optional(self)
        .await?)
    }

    /// Grant the qualification by a rule at `score`, recording the decision in the same
    /// transaction. None when the worker already holds it (nothing recorded).
    pub async fn grant_by_rule(
        &self,
        d: &NewDecision<'_>,
        qualification: &QualificationId,
        score: i64,
    ) -> Result<Option<DecisionId>> {
        self.write(|tx| {
            Box::pin(async move {
                let added = query(
                    r#"
                    INSERT INTO qualification_grants (qualification_id, worker_id, score, granted_at)
                    VALUES ($1, $2, $3, $4) ON CONFLICT (qualification_id, worker_id) DO NOTHING
                    "#,
                )
                .bind(qualification)
                .bind(d.worker)
                .bind(score)
                .bind(d.now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if added == 0 {
                    return Ok(None);
                }
                Ok(Some(record_decision(tx, d).await?))
            })
        })
        .await
    }

    /// Change the score a worker holds the qualification at (no decision: access is
    /// the same).
    pub async fn set_grant_score(
        &self,
        qualification: &QualificationId,
        worker: &UserId,
        score: i64,
    ) -> Result<()> {
        query("UPDATE qualification_grants SET score = $1 WHERE qualification_id = $2 AND worker_id = $3")
            .bind(score)
            .bind(qualification)
            .bind(worker)
            .execute(self)
            .await?;
        Ok(())
    }

    /// Change a performance qualification's terms.
    pub async fn set_performance_terms(
        &self,
        id: &QualificationId,
        terms: PerformanceTerms,
        now: Timestamp,
    ) -> Result<()> {
        query("UPDATE qualifications SET min_controls = $1, pass_score = $2, updated_at = $3 WHERE id = $4")
            .bind(terms.min_controls)
            .bind(terms.pass_score)
            .bind(now)
            .bind(id)
            .execute(self)
            .await?;
        Ok(())
    }
}
