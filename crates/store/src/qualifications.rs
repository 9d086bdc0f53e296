//! Qualifications and what a worker brings to a project's eligibility: the
//! languages they declare, the qualifications they hold (with a score), and the
//! history of every manual grant and revocation with its written reason.

use crate::sql::{query, query_as, query_scalar};
use crate::{Db, Result, StoreError, new_id};
use handprint_core::eligibility::{Language, QualificationKind};
use handprint_core::{OrganizationId, QualificationId, Timestamp, UserId};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QualificationRow {
    #[sqlx(try_from = "String")]
    pub id: QualificationId,
    /// None for an operator's qualification, open to every organisation's projects.
    pub organization_id: Option<String>,
    #[sqlx(try_from = "String")]
    pub kind: QualificationKind,
    pub name: String,
    pub description: String,
    #[sqlx(try_from = "String")]
    pub created_by: UserId,
    pub created_at: i64,
    pub updated_at: i64,
    /// How many workers hold it now.
    pub holders: i64,
    /// A test's template (JSON); None for the other kinds.
    pub template: Option<String>,
    pub pass_score: Option<i64>,
    pub retake_after_seconds: Option<i64>,
    /// A test's reward per item answered, minor units.
    pub reward: Option<i64>,
    pub estimated_seconds: Option<i64>,
    /// How many takings of every item the test's escrow is funded for.
    pub max_takers: Option<i64>,
    pub funded_slots: i64,
    pub settled_slots: i64,
    pub fee_basis_points: i64,
    /// When a test was closed to new takers (its unused escrow returned).
    pub closed_at: Option<i64>,
    /// A test's items that count in the score.
    pub test_items: i64,
    /// A test's training items (answer and explanation shown, never counted).
    pub training_items: i64,
    /// Workers who have started the test.
    pub takers: i64,
    /// Takings finished, and of those passed.
    pub attempts_finished: i64,
    pub attempts_passed: i64,
    /// A performance qualification's control answers needed before it is granted.
    pub min_controls: Option<i64>,
}

impl QualificationRow {
    /// The organisation that defined it; None for an operator's.
    pub fn organization(&self) -> Option<OrganizationId> {
        self.organization_id.clone().map(OrganizationId::from)
    }
}

pub(crate) const QUALIFICATION_COLUMNS: &str = r#"
    q.id, q.organization_id, q.kind, q.name, q.description, q.created_by, q.created_at,
    q.updated_at,
    (SELECT COUNT(*) FROM qualification_grants g WHERE g.qualification_id = q.id) AS holders,
    q.template, q.pass_score, q.retake_after_seconds, q.reward, q.estimated_seconds,
    q.max_takers, q.funded_slots, q.settled_slots, q.fee_basis_points, q.closed_at,
    (SELECT COUNT(*) FROM qualification_items i WHERE i.qualification_id = q.id
        AND i.training = 0) AS test_items,
    (SELECT COUNT(*) FROM qualification_items i WHERE i.qualification_id = q.id
        AND i.training = 1) AS training_items,
    (SELECT COUNT(DISTINCT t.worker_id) FROM qualification_attempts t
        WHERE t.qualification_id = q.id) AS takers,
    (SELECT COUNT(*) FROM qualification_attempts t WHERE t.qualification_id = q.id
        AND t.finished_at IS NOT NULL) AS attempts_finished,
    (SELECT COUNT(*) FROM qualification_attempts t WHERE t.qualification_id = q.id
        AND t.passed = 1) AS attempts_passed, q.min_controls
"#;

/// A new qualification.
pub struct NewQualification<'a> {
    /// None: an operator's, for everyone.
    pub organization: Option<&'a OrganizationId>,
    pub kind: QualificationKind,
    pub name: &'a str,
    pub description: &'a str,
    pub created_by: &'a UserId,
    /// A test's terms; None for the other kinds.
    pub test: Option<&'a TestTerms>,
    /// A performance qualification's terms; None for the other kinds.
    pub performance: Option<PerformanceTerms>,
}

/// What a performance qualification is granted by: a control accuracy of at least
/// `pass_score` percent once `min_controls` control answers count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerformanceTerms {
    pub min_controls: i64,
    pub pass_score: i64,
}

/// What a test qualification is scored and paid by.
#[derive(Debug, Clone)]
pub struct TestTerms {
    /// The template's definition (JSON), checked by `Template::parse`.
    pub template: String,
    pub pass_score: i64,
    pub retake_after_seconds: i64,
    /// Paid for every item answered, minor units.
    pub reward: i64,
    pub estimated_seconds: i64,
    pub max_takers: i64,
    /// The instance's platform fee, fixed on the test when it is created.
    pub fee_basis_points: i64,
}

/// Which qualifications a listing shows.
pub enum QualificationFilter<'a> {
    /// An organisation's own and the operators' (those its projects may ask for).
    UsableBy(&'a OrganizationId),
    /// Every one (an operator's view).
    All,
}

/// A qualification a worker holds.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HeldRow {
    #[sqlx(try_from = "String")]
    pub qualification_id: QualificationId,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: QualificationKind,
    pub score: i64,
    pub granted_at: i64,
}

/// One grant or revocation, as the worker it was about reads it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QualificationEventRow {
    #[sqlx(try_from = "String")]
    pub qualification_id: QualificationId,
    pub name: String,
    /// "granted" or "revoked".
    pub action: String,
    pub score: Option<i64>,
    pub reason: String,
    pub at: i64,
}

/// A grant or a revocation made by a person, with the reason they wrote.
pub struct ManualChange<'a> {
    pub qualification: &'a QualificationId,
    pub worker: &'a UserId,
    /// Some(score) grants (or changes the score), None revokes.
    pub score: Option<i64>,
    pub reason: &'a str,
    pub by: &'a UserId,
    pub now: Timestamp,
}

impl Db {
    pub async fn create_qualification(
        &self,
        q: &NewQualification<'_>,
        now: Timestamp,
    ) -> Result<QualificationRow> {
        let id = QualificationId::from(new_id());
        query(
            r#"
            INSERT INTO qualifications (id, organization_id, kind, name, description, created_by,
                created_at, updated_at, template, pass_score, retake_after_seconds, reward,
                estimated_seconds, max_takers, fee_basis_points, min_controls)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            "#,
        )
        .bind(&id)
        .bind(q.organization)
        .bind(q.kind.as_str())
        .bind(q.name)
        .bind(q.description)
        .bind(q.created_by)
        .bind(now)
        .bind(q.test.map(|t| t.template.as_str()))
        .bind(
            q.test
                .map(|t| t.pass_score)
                .or(q.performance.map(|t| t.pass_score)),
        )
        .bind(q.test.map(|t| t.retake_after_seconds))
        .bind(q.test.map(|t| t.reward))
        .bind(q.test.map(|t| t.estimated_seconds))
        .bind(q.test.map(|t| t.max_takers))
        .bind(q.test.map_or(0, |t| t.fee_basis_points))
        .bind(q.performance.map(|t| t.min_controls))
        .execute(self)
        .await?;
        self.qualification(&id).await
    }

    pub async fn qualification(&self, id: &QualificationId) -> Result<QualificationRow> {
        let sql = format!("SELECT {QUALIFICATION_COLUMNS} FROM qualifications q WHERE q.id = $1");
        query_as::<QualificationRow>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self)
            .await?
            .ok_or(StoreError::NotFound(crate::Entity::Qualification))
    }

    pub async fn qualifications(
        &self,
        filter: QualificationFilter<'_>,
    ) -> Result<Vec<QualificationRow>> {
        let (cond, org) = match filter {
            QualificationFilter::UsableBy(org) => (
                "q.organization_id = $1 OR q.organization_id IS NULL",
                org.as_str(),
            ),
            QualificationFilter::All => ("$1 = $1", ""),
        };
        let sql = format!(
            "SELECT {QUALIFICATION_COLUMNS} FROM qualifications q WHERE {cond} ORDER BY q.name, q.id"
        );
        Ok(query_as::<QualificationRow>(sqlx::AssertSqlSafe(sql))
            .bind(org)
            .fetch_all(self)
            .await?)
    }

    /// Change a qualification's name and description.
    pub async fn update_qualification(
        &self,
        id: &QualificationId,
        name: &str,
        description: &str,
        now: Timestamp,
    ) -> Result<QualificationRow> {
        query(
            "UPDATE qualifications SET name = $1, description = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(name)
        .bind(description)
        .bind(now)
        .bind(id)
        .execute(self)
        .await?;
        self.qualification(id).await
    }

    /// Grant (or change the score of) or revoke a qualification, and record it with its
    /// reason. Returns false when a revocation found nothing to revoke (nothing is recorded).
    pub async fn change_grant(&self, c: &ManualChange<'_>) -> Result<bool> {
        self.write(|tx| {
            Box::pin(async move {
                let changed = match c.score {
                    Some(score) => {
                        query(
                            r#"
                            INSERT INTO qualification_grants (qualification_id, worker_id, score,
                                granted_at)
                            VALUES ($1, $2, $3, $4)
                            ON CONFLICT (qualification_id, worker_id)
                            DO UPDATE SET score = excluded.score, granted_at = excluded.granted_at
                            "#,
                        )
                        .bind(c.qualification)
                        .bind(c.worker)
                        .bind(score)
                        .bind(c.now)
                        .execute(&mut *tx)
                        .await?;
                        true
                    }
                    None => {
                        query(
                            "DELETE FROM qualification_grants WHERE qualification_id = $1 AND worker_id = $2",
                        )
                        .bind(c.qualification)
                        .bind(c.worker)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected()
                            == 1
                    }
                };
                if changed {
                    query(
                        r#"
                        INSERT INTO qualification_events (id, qualification_id, worker_id, action,
                            score, reason, by_user, at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                        "#,
                    )
                    .bind(new_id())
                    .bind(c.qualification)
                    .bind(c.worker)
                    .bind(if c.score.is_some() { "granted" } else { "revoked" })
                    .bind(c.score)
                    .bind(c.reason)
                    .bind(c.by)
                    .bind(c.now)
                    .execute(&mut *tx)
                    .await?;
                }
                Ok(changed)
            })
        })
        .await
    }

    /// The qualifications a worker holds, with their scores.
    pub async fn held_qualifications(&self, worker: &UserId) -> Result<Vec<HeldRow>> {
        Ok(query_as::<HeldRow>(
            r#"
            SELECT g.qualification_id, q.name, q.kind, g.score, g.granted_at
            FROM qualification_grants g JOIN qualifications q ON q.id = g.qualification_id
            WHERE g.worker_id = $1 ORDER BY q.name, q.id
            "#,
        )
        .bind(worker)
        .fetch_all(self)
        .await?)
    }

    /// Every grant and revocation about a worker, newest first.
    pub async fn qualification_events_of(
        &self,
        worker: &UserId,
    ) -> Result<Vec<QualificationEventRow>> {
        Ok(query_as::<QualificationEventRow>(
            r#"
            SELECT e.qualification_id, q.name, e.action, e.score, e.reason, e.at
            FROM qualification_events e JOIN qualifications q ON q.id = e.qualification_id
            WHERE e.worker_id = $1 ORDER BY e.at DESC, e.id DESC
            "#,
        )
        .bind(worker)
        .fetch_all(self)
        .await?)
    }

    /// The languages a worker declares, by code.
    pub async fn worker_languages(&self, worker: &UserId) -> Result<Vec<Language>> {
        let codes: Vec<String> = query_scalar(
            "SELECT language FROM worker_languages WHERE worker_id = $1 ORDER BY language",
        )
        .bind(worker)
        .fetch_all(self)
        .await?;
        codes
            .iter()
            .map(|c| Language::parse(c).map_err(|m| StoreError::Corrupt(m.text)))
            .collect()
    }

    /// Replace the languages a worker declares.
    pub async fn set_worker_languages(
        &self,
        worker: &UserId,
        languages: &[Language],
    ) -> Result<()> {
        self.write(|tx| {
            Box::pin(async move {
                query("DELETE FROM worker_languages WHERE worker_id = $1")
                    .bind(worker)
                    .execute(&mut *tx)
                    .await?;
                for l in languages {
                    query("INSERT INTO worker_languages (worker_id, language) VALUES ($1, $2)")
                        .bind(worker)
                        .bind(l.as_str())
                        .execute(&mut *tx)
                        .await?;
                }
                Ok(())
            })
        })
        .await
    }

    /// (pseudonym salt of the project, worker) for every worker who has had an
    /// assignment in one of the organisation's projects: what a requester's
    /// pseudonym is resolved against.
    pub async fn organization_workers(
        &self,
        organization: &OrganizationId,
    ) -> Result<Vec<(String, UserId)>> {
        let rows: Vec<(String, String)> = query_as(
            r#"
            SELECT DISTINCT p.pseudonym_salt, a.worker_id
            FROM assignments a JOIN projects p ON p.id = a.project_id
            WHERE p.organization_id = $1
            "#,
        )
        .bind(organization)
        .fetch_all(self)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(salt, w)| (salt, UserId::from(w)))
            .collect())
    }
}
