//! Trust and safety decided by people (issue 16): requester verifications, the queue of
//! workers' reports and operators' decisions on them, project takedowns, account
//! suspensions with their one appeal, and the trust log every act writes in the same
//! transaction as its effect.

use crate::sql::{query, query_as, query_scalar};
use crate::{Db, Entity, Result, StoreError, Tx, new_id};
use handprint_core::trust::{AppealOutcome, ReportOutcome, TrustAction};
use handprint_core::{AssignmentId, OrganizationId, ProjectId, Timestamp, UserId};

/// A requester organisation's verification as an operator recorded it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VerificationRow {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub organization_id: OrganizationId,
    /// A JSON list of what was checked.
    pub checks: String,
    #[sqlx(try_from = "String")]
    pub verified_by: UserId,
    /// The operator's name, as the record shows it.
    pub verified_by_name: String,
    pub verified_at: i64,
}

impl VerificationRow {
    /// What was checked, as the operator wrote it.
    pub fn check_list(&self) -> Result<Vec<String>> {
        serde_json::from_str(&self.checks).map_err(|e| StoreError::Corrupt(e.to_string()))
    }
}

/// A worker's report in the operators' queue, with its project and any decision.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueuedReport {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub project_id: ProjectId,
    pub project_title: String,
    #[sqlx(try_from = "String")]
    pub organization_id: OrganizationId,
    #[sqlx(try_from = "String")]
    pub worker_id: UserId,
    pub reason: String,
    pub created_at: i64,
    /// None while the report is open.
    pub outcome: Option<String>,
    pub decision_reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
}

/// A project an operator took down.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TakedownRow {
    #[sqlx(try_from = "String")]
    pub project_id: ProjectId,
    pub project_title: String,
    pub reason: String,
    #[sqlx(try_from = "String")]
    pub taken_by: UserId,
    pub taken_at: i64,
}

/// An account suspension with its appeal.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SuspensionRow {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub user_id: UserId,
    /// The holder's email, for the operators' list.
    pub email: String,
    pub reason: String,
    #[sqlx(try_from = "String")]
    pub suspended_by: UserId,
    pub suspended_at: i64,
    pub appeal_text: Option<String>,
    pub appealed_at: Option<i64>,
    pub appeal_outcome: Option<String>,
    pub appeal_reason: Option<String>,
    pub appeal_decided_by: Option<String>,
    pub appeal_decided_at: Option<i64>,
    pub lifted_at: Option<i64>,
}

/// One act of the trust log.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TrustLogRow {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub actor_id: UserId,
    pub actor_email: String,
    pub action: String,
    pub subject: String,
    pub reason: String,
    pub created_at: i64,
}

/// Which reports of the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFilter {
    Open,
    Closed,
}

const SUSPENSION_COLUMNS: &str = r#"
    s.id, s.user_id, u.email, s.reason, s.suspended_by, s.suspended_at, s.appeal_text,
    s.appealed_at, s.appeal_outcome, s.appeal_reason, s.appeal_decided_by,
    s.appeal_decided_at, s.lifted_at
"#;

/// Write one act to the trust log, inside the transaction that makes its effect.
async fn log(
    tx: &mut Tx<'_>,
    actor: &UserId,
    action: TrustAction,
    subject: &str,
    reason: &str,
    now: Timestamp,
) -> Result<()> {
    query(
        r#"
        INSERT INTO trust_log (id, actor_id, action, subject, reason, created_at)
        VALUES ($1, $2, $3, $4, $5, $6)
        "#,
    )
    .bind(new_id())
    .bind(actor)
    .bind(action.as_str())
    .bind(subject)
    .bind(reason)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

impl Db {
    /// Record what an operator checked about an organisation; it replaces (revokes
    /// nothing of) an earlier verification: the latest unrevoked one is shown.
    pub async fn verify_organization(
        &self,
        organization: &OrganizationId,
        checks: &[String],
        by: &UserId,
        now: Timestamp,
    ) -> Result<VerificationRow> {
        self.organization(organization).await?;
        let checks_json =
            serde_json::to_string(checks).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let checks_json = &checks_json;
        self.write(|tx| {
            Box::pin(async move {
                query(
                    r#"
                    INSERT INTO organization_verifications (id, organization_id, checks,
                        verified_by, verified_at)
                    VALUES ($1, $2, $3, $4, $5)
                    "#,
                )
                .bind(new_id())
                .bind(organization)
                .bind(checks_json)
                .bind(by)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                log(
                    tx,
                    by,
                    TrustAction::Verify,
                    organization.as_str(),
                    checks_json,
                    now,
                )
                .await
            })
        })
        .await?;
        self.organization_verification(organization)
            .await?
            .ok_or(StoreError::NotFound(Entity::Organization))
    }

    /// Revoke the organisation's verification, with the operator's reason; 409 when it
    /// has none in force.
    pub async fn revoke_verification(
        &self,
        organization: &OrganizationId,
        reason: &str,
        by: &UserId,
        now: Timestamp,
    ) -> Result<()> {
        self.organization(organization).await?;
        self.write(|tx| {
            Box::pin(async move {
                let n = query(
                    r#"
                    UPDATE organization_verifications SET revoked_by = $1, revoked_at = $2,
                        revoke_reason = $3
                    WHERE organization_id = $4 AND revoked_at IS NULL
                    "#,
                )
                .bind(by)
                .bind(now)
                .bind(reason)
                .bind(organization)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err(StoreError::conflict("err-not-verified", Vec::new()));
                }
                log(
                    tx,
                    by,
                    TrustAction::RevokeVerification,
                    organization.as_str(),
                    reason,
                    now,
                )
                .await
            })
        })
        .await
    }

    /// The organisation's verification in force, if any.
    pub async fn organization_verification(
        &self,
        organization: &OrganizationId,
    ) -> Result<Option<VerificationRow>> {
        Ok(query_as::<VerificationRow>(
            r#"
            SELECT v.id, v.organization_id, v.checks, v.verified_by, u.name AS verified_by_name,
                v.verified_at
            FROM organization_verifications v JOIN users u ON u.id = v.verified_by
            WHERE v.organization_id = $1 AND v.revoked_at IS NULL
            ORDER BY v.verified_at DESC, v.id DESC LIMIT 1
            "#,
        )
        .bind(organization)
        .fetch_optional(self)
        .await?)
    }

    /// The ids of every organisation with a verification in force, for the badges.
    pub async fn verified_organizations(&self) -> Result<std::collections::HashSet<String>> {
        Ok(query_scalar::<String>(
            "SELECT DISTINCT organization_id FROM organization_verifications WHERE revoked_at IS NULL",
        )
        .fetch_all(self)
        .await?
        .into_iter()
        .collect())
    }

    /// The operators' queue: open reports oldest first, or closed ones newest first.
    pub async fn report_queue(
        &self,
        filter: ReportFilter,
        limit: i64,
    ) -> Result<Vec<QueuedReport>> {
        let (wanted, order) = match filter {
            ReportFilter::Open => ("d.report_id IS NULL", "r.created_at, r.id"),
            ReportFilter::Closed => ("d.report_id IS NOT NULL", "d.decided_at DESC, r.id"),
        };
        let sql = format!(
            r#"
            SELECT r.id, r.project_id, p.title AS project_title, p.organization_id, r.worker_id,
                r.reason, r.created_at, d.outcome, d.reason AS decision_reason, d.decided_by,
                d.decided_at
            FROM task_reports r JOIN projects p ON p.id = r.project_id
            LEFT JOIN report_decisions d ON d.report_id = r.id
            WHERE {wanted} ORDER BY {order} LIMIT $1
            "#
        );
        Ok(query_as::<QueuedReport>(sqlx::AssertSqlSafe(sql))
            .bind(limit)
            .fetch_all(self)
            .await?)
    }

    /// One report of the queue.
    pub async fn queued_report(&self, id: &str) -> Result<QueuedReport> {
        query_as::<QueuedReport>(
            r#"
            SELECT r.id, r.project_id, p.title AS project_title, p.organization_id, r.worker_id,
                r.reason, r.created_at, d.outcome, d.reason AS decision_reason, d.decided_by,
                d.decided_at
            FROM task_reports r JOIN projects p ON p.id = r.project_id
            LEFT JOIN report_decisions d ON d.report_id = r.id
            WHERE r.id = $1
            "#,
        )
        .bind(id)
        .fetch_optional(self)
        .await?
        .ok_or(StoreError::NotFound(Entity::Report))
    }

    /// Close a report with the operator's decision and reason; 409 when it was decided.
    /// (Taking the project down is the caller's next step, `take_down_project` and the rest.)
    pub async fn decide_report(
        &self,
        id: &str,
        outcome: ReportOutcome,
        reason: &str,
        by: &UserId,
        now: Timestamp,
    ) -> Result<()> {
        self.write(|tx| {
            Box::pin(async move {
                let inserted = query(
                    r#"
                    INSERT INTO report_decisions (report_id, outcome, reason, decided_by,
                        decided_at)
                    VALUES ($1, $2, $3, $4, $5) ON CONFLICT (report_id) DO NOTHING
                    "#,
                )
                .bind(id)
                .bind(outcome.as_str())
                .bind(reason)
                .bind(by)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if inserted == 0 {
                    return Err(StoreError::conflict("err-report-decided", Vec::new()));
                }
                if outcome == ReportOutcome::Dismissed {
                    log(tx, by, TrustAction::DismissReport, id, reason, now).await?;
                }
                Ok(())
            })
        })
        .await
    }

    /// Record that a project is taken down; 409 when it already was. The project is
    /// then paused, its leases given back, its answers paid and closed by the caller.
    pub async fn record_takedown(
        &self,
        project: &ProjectId,
        reason: &str,
        by: &UserId,
        now: Timestamp,
    ) -> Result<()> {
        self.write(|tx| {
            Box::pin(async move {
                let inserted = query(
                    r#"
                    INSERT INTO project_takedowns (project_id, reason, taken_by, taken_at)
                    VALUES ($1, $2, $3, $4) ON CONFLICT (project_id) DO NOTHING
                    "#,
                )
                .bind(project)
                .bind(reason)
                .bind(by)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if inserted == 0 {
                    return Err(StoreError::conflict("err-project-taken-down", Vec::new()));
                }
                log(tx, by, TrustAction::TakeDown, project.as_str(), reason, now).await
            })
        })
        .await
    }

    /// The project's takedown, if it was taken down.
    pub async fn takedown(&self, project: &ProjectId) -> Result<Option<TakedownRow>> {
        Ok(query_as::<TakedownRow>(
            r#"
            SELECT t.project_id, p.title AS project_title, t.reason, t.taken_by, t.taken_at
            FROM project_takedowns t JOIN projects p ON p.id = t.project_id
            WHERE t.project_id = $1
            "#,
        )
        .bind(project)
        .fetch_optional(self)
        .await?)
    }

    /// The takedowns of projects the worker worked on, newest first.
    pub async fn takedowns_for_worker(&self, worker: &UserId) -> Result<Vec<TakedownRow>> {
        Ok(query_as::<TakedownRow>(
            r#"
            SELECT t.project_id, p.title AS project_title, t.reason, t.taken_by, t.taken_at
            FROM project_takedowns t JOIN projects p ON p.id = t.project_id
            WHERE EXISTS (SELECT 1 FROM assignments a WHERE a.project_id = t.project_id
                AND a.worker_id = $1)
            ORDER BY t.taken_at DESC
            "#,
        )
        .bind(worker)
        .fetch_all(self)
        .await?)
    }

    /// A project's leases that were not submitted (live or expired, not settled), with
    /// their workers: what a takedown gives back.
    pub async fn unsubmitted_leases(
        &self,
        project: &ProjectId,
    ) -> Result<Vec<(AssignmentId, UserId)>> {
        let rows = query_as::<(String, String)>(
            r#"
            SELECT id, worker_id FROM assignments WHERE project_id = $1
                AND state IN ('leased', 'expired') ORDER BY id
            "#,
        )
        .bind(project)
        .fetch_all(self)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(a, w)| (AssignmentId::from(a), UserId::from(w)))
            .collect())
    }

    /// A project's submitted answers not yet reviewed: what a takedown pays.
    pub async fn unreviewed_answers(&self, project: &ProjectId) -> Result<Vec<AssignmentId>> {
        let rows = query_scalar::<String>(
            r#"
            SELECT id FROM assignments WHERE project_id = $1 AND state = 'submitted'
                AND settled_at IS NULL AND review_state IS NULL ORDER BY id
            "#,
        )
        .bind(project)
        .fetch_all(self)
        .await?;
        Ok(rows.into_iter().map(AssignmentId::from).collect())
    }

    /// Suspend an account with the operator's reason; a requester's organisation's
    /// active projects are paused in the same transaction. 409 when it is suspended.
    pub async fn suspend_account(
        &self,
        user: &UserId,
        reason: &str,
        by: &UserId,
        now: Timestamp,
    ) -> Result<SuspensionRow> {
        let holder = self.user(user).await?;
        let id = new_id();
        let id_ref = &id;
        self.write(|tx| {
            Box::pin(async move {
                let n = query(
                    "UPDATE users SET suspension_id = $1 WHERE id = $2 AND suspension_id IS NULL",
                )
                .bind(id_ref)
                .bind(user)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err(StoreError::conflict("err-already-suspended", Vec::new()));
                }
                query(
                    r#"
                    INSERT INTO account_suspensions (id, user_id, reason, suspended_by,
                        suspended_at)
                    VALUES ($1, $2, $3, $4, $5)
                    "#,
                )
                .bind(id_ref)
                .bind(user)
                .bind(reason)
                .bind(by)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                if let Some(org) = &holder.organization_id {
                    query(
                        r#"
                        UPDATE projects SET state = 'paused', updated_at = $1
                        WHERE organization_id = $2 AND state = 'active'
                        "#,
                    )
                    .bind(now)
                    .bind(org)
                    .execute(&mut *tx)
                    .await?;
                }
                log(tx, by, TrustAction::Suspend, user.as_str(), reason, now).await
            })
        })
        .await?;
        self.suspension(&id).await
    }

    pub async fn suspension(&self, id: &str) -> Result<SuspensionRow> {
        let sql = format!(
            "SELECT {SUSPENSION_COLUMNS} FROM account_suspensions s JOIN users u ON u.id = s.user_id WHERE s.id = $1"
        );
        query_as::<SuspensionRow>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self)
            .await?
            .ok_or(StoreError::NotFound(Entity::Suspension))
    }

    /// Every suspension in force (lifted ones are in the log), newest first.
    pub async fn suspensions_in_force(&self) -> Result<Vec<SuspensionRow>> {
        let sql = format!(
            r#"
            SELECT {SUSPENSION_COLUMNS} FROM account_suspensions s JOIN users u
                ON u.id = s.user_id
            WHERE s.lifted_at IS NULL ORDER BY s.suspended_at DESC, s.id
            "#
        );
        Ok(query_as::<SuspensionRow>(sqlx::AssertSqlSafe(sql))
            .fetch_all(self)
            .await?)
    }

    /// The holder's one appeal of a suspension in force; 409 when it was appealed.
    pub async fn appeal_suspension(
        &self,
        id: &str,
        holder: &UserId,
        text: &str,
        now: Timestamp,
    ) -> Result<SuspensionRow> {
        self.write(|tx| {
            Box::pin(async move {
                let n = query(
                    r#"
                    UPDATE account_suspensions SET appeal_text = $1, appealed_at = $2
                    WHERE id = $3 AND user_id = $4 AND appealed_at IS NULL AND lifted_at IS NULL
                    "#,
                )
                .bind(text)
                .bind(now)
                .bind(id)
                .bind(holder)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err(StoreError::conflict("err-appeal-once", Vec::new()));
                }
                log(tx, holder, TrustAction::Appeal, id, text, now).await
            })
        })
        .await?;
        self.suspension(id).await
    }

    /// Decide an appeal: lifted ends the suspension. The caller checked that `by` is
    /// not the operator who suspended; 409 when there is no appeal to decide.
    pub async fn decide_appeal(
        &self,
        id: &str,
        outcome: AppealOutcome,
        reason: &str,
        by: &UserId,
        now: Timestamp,
    ) -> Result<SuspensionRow> {
        let s = self.suspension(id).await?;
        let user = s.user_id.clone();
        let user = &user;
        self.write(|tx| {
            Box::pin(async move {
                let lifted = (outcome == AppealOutcome::Lifted).then_some(now);
                let n = query(
                    r#"
                    UPDATE account_suspensions SET appeal_outcome = $1, appeal_reason = $2,
                        appeal_decided_by = $3, appeal_decided_at = $4, lifted_at = $5
                    WHERE id = $6 AND appealed_at IS NOT NULL AND appeal_outcome IS NULL
                        AND suspended_by <> $3
                    "#,
                )
                .bind(outcome.as_str())
                .bind(reason)
                .bind(by)
                .bind(now)
                .bind(lifted)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err(StoreError::conflict("err-appeal-not-open", Vec::new()));
                }
                if lifted.is_some() {
                    query("UPDATE users SET suspension_id = NULL WHERE id = $1 AND suspension_id = $2")
                        .bind(user)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                let action = match outcome {
                    AppealOutcome::Lifted => TrustAction::LiftSuspension,
                    AppealOutcome::Upheld => TrustAction::UpholdSuspension,
                };
                log(tx, by, action, id, reason, now).await
            })
        })
        .await?;
        self.suspension(id).await
    }

    /// The trust log, newest first.
    pub async fn trust_log(&self, limit: i64) -> Result<Vec<TrustLogRow>> {
        Ok(query_as::<TrustLogRow>(
            r#"
            SELECT l.id, l.actor_id, u.email AS actor_email, l.action, l.subject, l.reason,
                l.created_at
            FROM trust_log l JOIN users u ON u.id = l.actor_id
            ORDER BY l.created_at DESC, l.id DESC LIMIT $1
            "#,
        )
        .bind(limit)
        .fetch_all(self)
        .await?)
    }
}
