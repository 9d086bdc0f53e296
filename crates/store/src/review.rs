//! Review and disputes in the database: approving pays at once from escrow,
//! rejecting keeps the money in escrow until the rejection is final, disputes
//! either pay in full or make the rejection final.
//!
//! Every change locks the project row first, then the assignment (PostgreSQL
//! `FOR UPDATE`; SQLite `BEGIN IMMEDIATE`), and pays under the idempotency key
//! `pay:<assignment>`: with several processes, bulk approval racing auto-approval,
//! an answer is paid exactly once.

use crate::Tx;
use crate::escrow::{fund_one_slot, locked_project};
use crate::ledger::{TransferMeta, fee_tally_in, post_transfer};
use crate::projects::ProjectRow;
use crate::sql::{query, query_as, query_scalar};
use crate::{Db, Result, StoreError, new_id};
use handprint_core::ProjectId;
use handprint_core::clock::MICROS_PER_SECOND;
use handprint_core::ledger::{Account, EscrowState, Reason, Transfer};
use handprint_core::review::{
    DISPUTE_DECISION_SECONDS, DISPUTE_WINDOW_SECONDS, DisputeState, RejectionReason, ReviewState,
};
use handprint_core::work::AssignmentState;
use handprint_core::{AssignmentId, Money, OrganizationId, TaskId, Timestamp, UserId};

/// An answer with its review.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReviewRow {
    #[sqlx(try_from = "String")]
    pub id: AssignmentId,
    #[sqlx(try_from = "String")]
    pub task_id: TaskId,
    #[sqlx(try_from = "String")]
    pub project_id: ProjectId,
    #[sqlx(try_from = "String")]
    pub worker_id: UserId,
    #[sqlx(try_from = "String")]
    pub state: handprint_core::work::AssignmentState,
    pub leased_at: i64,
    pub ended_at: Option<i64>,
    pub answer: Option<String>,
    pub working_micros: Option<i64>,
    pub review_state: Option<String>,
    pub reviewed_at: Option<i64>,
    pub rejection_reason: Option<String>,
    pub rejection_message: Option<String>,
    pub paid_reward: Option<i64>,
    pub topped_up: i64,
    pub settled_at: Option<i64>,
}

impl ReviewRow {
    /// The answer's review state, decoded strictly: a stored value Handprint does
    /// not know is a [`StoreError::Decode`], never read as pending.
    pub fn review(&self) -> Result<ReviewState> {
        Ok(ReviewState::from_column(self.review_state.as_deref())?)
    }
}

/// Fail a read whose rows hold a review state Handprint does not know
/// ([`StoreError::Decode`]) rather than show it as something else.
pub(crate) fn known_review_states<'a>(
    states: impl IntoIterator<Item = Option<&'a str>>,
) -> Result<()> {
    for state in states {
        ReviewState::from_column(state)?;
    }
    Ok(())
}

pub(crate) const REVIEW_COLUMNS: &str = r#"
    id, task_id, project_id, worker_id, state, leased_at, ended_at, answer,
    working_micros, review_state, reviewed_at, rejection_reason, rejection_message,
    paid_reward, topped_up, settled_at
    "#;

/// A worker's answers with their reviews (newest first) and the projects they belong to.
#[derive(Debug, Clone)]
pub struct WorkerHistory {
    pub rows: Vec<ReviewRow>,
    pub projects: Vec<crate::projects::ProjectRow>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DisputeRow {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub assignment_id: AssignmentId,
    #[sqlx(try_from = "String")]
    pub project_id: ProjectId,
    #[sqlx(try_from = "String")]
    pub worker_id: UserId,
    pub worker_message: String,
    pub requester_message: Option<String>,
    pub operator_message: Option<String>,
    /// Decoded when read: an unknown state is an error.
    #[sqlx(try_from = "crate::sql::Strict<DisputeState>")]
    pub state: DisputeState,
    pub opened_at: i64,
    pub deadline_at: i64,
    pub decided_at: Option<i64>,
    #[sqlx(try_from = "crate::sql::NullableText")]
    pub decided_by: Option<UserId>,
}

const DISPUTE_COLUMNS: &str = r#"
    id, assignment_id, project_id, worker_id, worker_message, requester_message,
    operator_message, state, opened_at, deadline_at, decided_at, decided_by
    "#;

/// What a review action did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reviewed {
    /// Paid now: the reward (the fee went to the platform on top).
    Paid { reward: Money },
    /// Rejected now; the money waits in escrow for the dispute window.
    Rejected,
    /// The rejection became final; the slot's money went back to the requester.
    RejectionFinal,
    /// It was already in the asked-for state (a retry, or another process got there first).
    Unchanged,
}

/// How a dispute is closed.
#[derive(Debug, Clone)]
pub struct DisputeClose<'a> {
    pub state: DisputeState,
    /// Who decided: their message is kept as theirs.
    pub decider: DisputeDecider,
    pub message: Option<&'a str>,
    pub decided_by: &'a str,
}

/// Who decides a dispute: the requester taking the rejection back, or an operator
/// (or the deadline, decided in the operators' name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisputeDecider {
    Requester,
    Operator,
}

/// Why an answer is paid: which review it leaves and which it reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payment {
    /// Approving a pending answer.
    Approval,
    /// Overturning a rejection (the requester reversed it, or the dispute went for the worker).
    Overturn,
}

impl Payment {
    /// The review an answer must have to be paid this way.
    fn before(self) -> ReviewState {
        match self {
            Payment::Approval => ReviewState::Pending,
            Payment::Overturn => ReviewState::Rejected,
        }
    }
    /// The review it has once paid.
    fn after(self) -> ReviewState {
        match self {
            Payment::Approval => ReviewState::Approved,
            Payment::Overturn => ReviewState::Overturned,
        }
    }
}

/// Which submissions to list.
#[derive(Debug, Clone, Copy)]
pub enum ReviewFilter {
    Pending,
    All,
}

/// Lock and read an assignment with its review inside a transaction.
async fn locked_review(tx: &mut Tx<'_>, id: &AssignmentId) -> Result<ReviewRow> {
    let sql = format!(
        "SELECT {REVIEW_COLUMNS} FROM assignments WHERE id = $1{}",
        tx.lock()
    );
    query_as::<ReviewRow>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound(crate::Entity::Assignment))
}

/// Close the assignment's open dispute, if a decision was given, with the decider's words.
async fn close_dispute(
    tx: &mut Tx<'_>,
    assignment_id: &AssignmentId,
    close: Option<DisputeClose<'_>>,
    now: Timestamp,
) -> Result<()> {
    let Some(close) = close else {
        return Ok(());
    };
    // The column is chosen here, from the decider, never given by a caller.
    let sql = match close.decider {
        DisputeDecider::Requester => {
            r#"
            UPDATE disputes SET state = $1, requester_message = COALESCE($2, requester_message),
              decided_at = $3, decided_by = $4
            WHERE assignment_id = $5 AND state = 'open'
            "#
        }
        DisputeDecider::Operator => {
            r#"
            UPDATE disputes SET state = $1, operator_message = COALESCE($2, operator_message),
              decided_at = $3, decided_by = $4
            WHERE assignment_id = $5 AND state = 'open'
            "#
        }
    };
    query(sql)
        .bind(close.state.as_str())
        .bind(close.message)
        .bind(now)
        .bind(close.decided_by)
        .bind(assignment_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

impl Db {
    async fn project_id_of(&self, assignment_id: &AssignmentId) -> Result<ProjectId> {
        (query_scalar::<String>("SELECT project_id FROM assignments WHERE id = $1")
            .bind(assignment_id)
            .fetch_optional(self)
            .await)?
            .map(ProjectId::from)
            .ok_or(StoreError::NotFound(crate::Entity::Assignment))
    }

    /// A worker's assignments with their reviews, newest first, and the projects they
    /// belong to: what "My work" shows, in two queries however many rows there are.
    pub async fn worker_history(&self, worker_id: &UserId, limit: i64) -> Result<WorkerHistory> {
        let sql = format!(
            r#"
            SELECT {REVIEW_COLUMNS} FROM assignments WHERE worker_id = $1 ORDER BY leased_at
            DESC, id DESC LIMIT $2
            "#
        );
        let rows: Vec<ReviewRow> = (query_as::<ReviewRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(worker_id)
            .bind(limit)
            .fetch_all(self)
            .await)?;
        known_review_states(rows.iter().map(|r| r.review_state.as_deref()))?;
        let mut ids: Vec<ProjectId> = rows.iter().map(|r| r.project_id.clone()).collect();
        ids.sort_unstable();
        ids.dedup();
        let projects = self.projects_by_ids(&ids).await?;
        Ok(WorkerHistory { rows, projects })
    }

    pub async fn review_row(&self, assignment_id: &AssignmentId) -> Result<ReviewRow> {
        let sql = format!("SELECT {REVIEW_COLUMNS} FROM assignments WHERE id = $1");
        let row = (query_as::<ReviewRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(assignment_id)
            .fetch_optional(self)
            .await)?
            .ok_or(StoreError::NotFound(crate::Entity::Assignment))?;
        row.review()?;
        Ok(row)
    }

    /// The review rows of these answers (those that exist, in no particular order):
    /// one query however many.
    pub async fn review_rows(&self, ids: &[AssignmentId]) -> Result<Vec<ReviewRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {REVIEW_COLUMNS} FROM assignments WHERE id IN ({})",
            crate::sql::marks(ids.len())
        );
        let rows = ({
            let mut q = query_as::<ReviewRow>(sqlx::AssertSqlSafe(sql.as_str()));
            for id in ids {
                q = q.bind(id);
            }
            q.fetch_all(self).await
        })?;
        for row in &rows {
            row.review()?;
        }
        Ok(rows)
    }

    /// Pay a submitted answer its reward from escrow (fee to the platform): approving
    /// a pending answer or overturning a rejection, as `payment` says.
    pub async fn pay_answer(
        &self,
        assignment_id: &AssignmentId,
        payment: Payment,
        dispute: Option<DisputeClose<'_>>,
        now: Timestamp,
    ) -> Result<Reviewed> {
        let project_id = self.project_id_of(assignment_id).await?;
        self.write(|tx| {
            Box::pin(async move {
                let project = locked_project(tx, &project_id).await?;
                let a = locked_review(tx, assignment_id).await?;
                if a.state != AssignmentState::Submitted {
                    return Err(not_submitted(a.state));
                }
                if !payable(&a, payment)? {
                    return Ok(Reviewed::Unchanged);
                }
                let mut escrow = project.escrow();
                if escrow.unsettled_slots() <= 0 {
                    escrow = fund_one_slot(
                        tx,
                        &project,
                        assignment_id,
                        "an answer beyond the funded slots",
                        now,
                    )
                    .await?;
                }
                let reward = escrow.reward;
                let fee_amount = escrow.fee_on(&fee_tally_in(tx, &project.id).await?, reward);
                let (t, meta) = payment_transfer(&project, &escrow, &a, payment, fee_amount);
                if !post_transfer(tx, &t, &meta, now).await? {
                    return Err(StoreError::conflict("err-answer-already-paid", Vec::new()));
                }
                settle_paid(tx, &a, &project, &escrow, payment.after(), now).await?;
                close_dispute(tx, assignment_id, dispute, now).await?;
                Ok(Reviewed::Paid {
                    reward: Money(reward),
                })
            })
        })
        .await
    }

    /// Reject a pending answer with a listed reason and a message the worker reads.
    /// Nothing is paid or returned yet: the money waits in escrow for the dispute window.
    pub async fn reject_answer(
        &self,
        assignment_id: &AssignmentId,
        reason: RejectionReason,
        message: &str,
        now: Timestamp,
    ) -> Result<Reviewed> {
        let project_id = self.project_id_of(assignment_id).await?;
        self.write(|tx| {
            Box::pin(async move {
                let _project = locked_project(tx, &project_id).await?;
                let a = locked_review(tx, assignment_id).await?;
                if a.state != AssignmentState::Submitted {
                    return Err(not_submitted(a.state));
                }
                match a.review()? {
                    ReviewState::Pending => {}
                    ReviewState::Rejected
                        if a.rejection_reason.as_deref() == Some(reason.as_str()) =>
                    {
                        return Ok(Reviewed::Unchanged);
                    }
                    s => {
                        return Err(already_reviewed(s.as_str()));
                    }
                }
                query(
                    r#"
                    UPDATE assignments SET review_state = 'rejected', reviewed_at = $1,
                        rejection_reason = $2,
                    rejection_message = $3 WHERE id = $4 AND review_state IS NULL
                    "#,
                )
                .bind(now)
                .bind(reason.as_str())
                .bind(message)
                .bind(assignment_id)
                .execute(&mut *tx)
                .await?;
                Ok(Reviewed::Rejected)
            })
        })
        .await
    }

    /// Make a rejection final (no dispute in time, or the dispute upheld): the
    /// answer's reward and fee go back from escrow to the organisation.
    pub async fn finalize_rejection(
        &self,
        assignment_id: &AssignmentId,
        dispute: Option<DisputeClose<'_>>,
        now: Timestamp,
    ) -> Result<Reviewed> {
        let project_id = self.project_id_of(assignment_id).await?;
        self.write(|tx| {
            Box::pin(async move {
                let project = locked_project(tx, &project_id).await?;
                let a = locked_review(tx, assignment_id).await?;
                let review = a.review()?;
                if review == ReviewState::RejectionFinal {
                    return Ok(Reviewed::Unchanged);
                }
                if review != ReviewState::Rejected || a.settled_at.is_some() {
                    return Err(StoreError::conflict("err-answer-not-rejected", Vec::new()));
                }
                if dispute.is_none() && !undisputed_past_window(tx, &a, now).await? {
                    return Ok(Reviewed::Unchanged);
                }
                let mut escrow = project.escrow();
                if escrow.unsettled_slots() <= 0 {
                    // A slot that was never funded (an answer beyond the overlap): nothing to return.
                    escrow.funded_slots += 1;
                } else {
                    return_rejected_slot(tx, &project, &escrow, assignment_id, now).await?;
                }
                query(
                    r#"
                    UPDATE assignments SET review_state = 'rejection_final', settled_at = $1
                    WHERE id = $2
                    "#,
                )
                .bind(now)
                .bind(assignment_id)
                .execute(&mut *tx)
                .await?;
                query(
                    r#"
                    UPDATE projects SET funded_slots = $1, settled_slots = settled_slots + 1
                    WHERE id = $2
                    "#,
                )
                .bind(escrow.funded_slots)
                .bind(&project.id)
                .execute(&mut *tx)
                .await?;
                close_dispute(tx, assignment_id, dispute, now).await?;
                Ok(Reviewed::RejectionFinal)
            })
        })
        .await
    }

    /// A worker disputes a rejection of their answer (within the dispute window).
    pub async fn open_dispute(
        &self,
        assignment_id: &AssignmentId,
        worker_id: &UserId,
        message: &str,
        now: Timestamp,
    ) -> Result<DisputeRow> {
        let project_id = self.project_id_of(assignment_id).await?;
        let id = new_id();
        let id = &id;
        self.write(|tx| {
            Box::pin(async move {
                let _project = locked_project(tx, &project_id).await?;
                let a = locked_review(tx, assignment_id).await?;
                if a.worker_id != *worker_id {
                    return Err(StoreError::NotFound(crate::Entity::Assignment));
                }
                let review = a.review()?;
                if review != ReviewState::Rejected {
                    return Err(match review {
                        ReviewState::RejectionFinal => dispute_window_closed(),
                        _ => StoreError::conflict("err-dispute-not-rejected", Vec::new()),
                    });
                }
                let until =
                    a.reviewed_at.unwrap_or(now) + DISPUTE_WINDOW_SECONDS * MICROS_PER_SECOND;
                if now > until {
                    return Err(dispute_window_closed());
                }
                query(
                    r#"
                    INSERT INTO disputes (id, assignment_id, project_id, worker_id,
                        worker_message,
                        state, opened_at, deadline_at)
                    VALUES ($1, $2, $3, $4, $5, 'open', $6, $7)
                    "#,
                )
                .bind(id)
                .bind(assignment_id)
                .bind(&project_id)
                .bind(worker_id)
                .bind(message)
                .bind(now)
                .bind(now + DISPUTE_DECISION_SECONDS * MICROS_PER_SECOND)
                .execute(&mut *tx)
                .await
                .map_err(|e| StoreError::unique_as(e, "dispute"))?;
                Ok(())
            })
        })
        .await?;
        self.dispute(id).await
    }

    pub async fn dispute(&self, id: &str) -> Result<DisputeRow> {
        let sql = format!("SELECT {DISPUTE_COLUMNS} FROM disputes WHERE id = $1");
        (query_as::<DisputeRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id)
            .fetch_optional(self)
            .await)?
            .ok_or(StoreError::NotFound(crate::Entity::Dispute))
    }

    /// Disputes: a worker's own, an organisation's, or every open one (operators).
    pub async fn disputes(&self, filter: DisputeFilter<'_>) -> Result<Vec<DisputeRow>> {
        let (cond, arg) = match filter {
            DisputeFilter::Worker(w) => ("worker_id = $1", w.as_str()),
            DisputeFilter::Organization(o) => (
                "project_id IN (SELECT id FROM projects WHERE organization_id = $1)",
                o.as_str(),
            ),
            DisputeFilter::State(s) => ("state = $1", s.as_str()),
        };
        let sql = format!(
            r#"
            SELECT {DISPUTE_COLUMNS} FROM disputes WHERE {cond} ORDER BY opened_at DESC, id LIMIT
            1000
            "#
        );
        Ok((query_as::<DisputeRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(arg)
            .fetch_all(self)
            .await)?)
    }

    /// A project's submitted answers with their review, in id order after `after`.
    pub async fn submissions(
        &self,
        project_id: &ProjectId,
        filter: ReviewFilter,
        after: &str,
        limit: i64,
    ) -> Result<Vec<ReviewRow>> {
        let cond = match filter {
            ReviewFilter::Pending => " AND review_state IS NULL",
            ReviewFilter::All => "",
        };
        let sql = format!(
            r#"
            SELECT {REVIEW_COLUMNS} FROM assignments WHERE project_id = $1 AND state =
                'submitted'{cond}
            AND id > $2 ORDER BY id LIMIT $3
            "#
        );
        let rows = (query_as::<ReviewRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(project_id)
            .bind(after)
            .bind(limit)
            .fetch_all(self)
            .await)?;
        known_review_states(rows.iter().map(|r| r.review_state.as_deref()))?;
        Ok(rows)
    }

    /// The answers of the other workers on the same item (for the agreement rule).
    pub async fn item_answers(&self, task_id: &TaskId) -> Result<Vec<String>> {
        Ok((query_scalar::<String>(
            r#"
            SELECT answer FROM assignments WHERE task_id = $1 AND state = 'submitted' AND answer
            IS NOT NULL
            "#,
        )
        .bind(task_id)
        .fetch_all(self)
        .await)?)
    }

    /// Answers unreviewed past their project's review window, oldest first, after
    /// `after` (the last one a pass has seen), of projects not backed off
    /// ([`Db::defer_auto_approval`]): a pass walks through them all, so answers it
    /// cannot pay never hold up the ones behind them.
    pub async fn due_for_auto_approval(
        &self,
        now: Timestamp,
        after: &DueCursor,
        limit: i64,
    ) -> Result<Vec<DueAnswer>> {
        let rows = (query_as::<(String, String, i64)>(
            r#"
            SELECT a.id, a.project_id, a.ended_at FROM assignments a JOIN projects p ON p.id =
                a.project_id
            WHERE a.state = 'submitted' AND a.review_state IS NULL
            AND a.ended_at + p.review_window_seconds * 1000000 <= $1
            AND (p.auto_approve_retry_at IS NULL OR p.auto_approve_retry_at <= $1)
            AND (a.ended_at > $2 OR (a.ended_at = $2 AND a.id > $3))
            ORDER BY a.ended_at, a.id LIMIT $4
            "#,
        )
        .bind(now)
        .bind(after.ended_at)
        .bind(after.id.as_str())
        .bind(limit)
        .fetch_all(self)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|(id, project, ended_at)| DueAnswer {
                id: AssignmentId::from(id),
                project: ProjectId::from(project),
                ended_at,
            })
            .collect())
    }

    /// Have auto-approval pass over `project`'s answers until `until` (it could not
    /// pay one of them); manual reviews are not affected.
    pub async fn defer_auto_approval(&self, project: &ProjectId, until: Timestamp) -> Result<()> {
        query("UPDATE projects SET auto_approve_retry_at = $1 WHERE id = $2")
            .bind(until)
            .bind(project)
            .execute(self)
            .await?;
        Ok(())
    }

    /// Undisputed rejections whose dispute window has closed.
    pub async fn due_rejections(&self, now: Timestamp, limit: i64) -> Result<Vec<AssignmentId>> {
        let ids = (query_scalar::<String>(
            r#"
            SELECT a.id FROM assignments a WHERE a.review_state = 'rejected' AND a.reviewed_at <=
                $1
            AND NOT EXISTS (SELECT 1 FROM disputes d WHERE d.assignment_id = a.id) ORDER BY
                a.reviewed_at LIMIT $2
            "#,
        )
        .bind(now - DISPUTE_WINDOW_SECONDS * MICROS_PER_SECOND)
        .bind(limit)
        .fetch_all(self)
        .await)?;
        Ok(ids.into_iter().map(AssignmentId::from).collect())
    }

    /// Open disputes nobody decided within the dispute window.
    pub async fn undecided_disputes(
        &self,
        now: Timestamp,
        limit: i64,
    ) -> Result<Vec<AssignmentId>> {
        let ids = (query_scalar::<String>(
            r#"
            SELECT assignment_id FROM disputes WHERE state = 'open' AND deadline_at <= $1 ORDER
            BY deadline_at LIMIT $2
            "#,
        )
        .bind(now)
        .bind(limit)
        .fetch_all(self)
        .await)?;
        Ok(ids.into_iter().map(AssignmentId::from).collect())
    }

    /// A bonus from the organisation's available money to the worker of an answer,
    /// the fee on top by the project's fee rule (`FeeRule`), if the answer's bonuses
    /// stay within `cap` ([`BonusOutcome::OverCap`] otherwise, nothing moves). `key`
    /// makes a retried bonus the same bonus: `created` is false then, and `amount` and
    /// `fee` are what was paid the first time.
    pub async fn bonus(&self, bonus: NewBonus<'_>, now: Timestamp) -> Result<BonusOutcome> {
        let assignment_id = bonus.assignment;
        let project_id = self.project_id_of(assignment_id).await?;
        let a = self.review_row(assignment_id).await?;
        if a.state != AssignmentState::Submitted {
            return Err(StoreError::conflict("err-bonus-not-submitted", Vec::new()));
        }
        let key = format!("bonus:{assignment_id}:{}", bonus.key);
        let worker = Account::worker_available(&a.worker_id);
        self.write(|tx| {
            Box::pin(async move {
                // Locked so two bonuses on one project see each other's fees, and
                // each other's amounts against the cap.
                let project = locked_project(tx, &project_id).await?;
                if let Some(paid) = bonus_paid_in(tx, &key, &worker).await? {
                    return Ok(BonusOutcome::Paid(paid));
                }
                let so_far = bonuses_on_in(tx, assignment_id, &worker).await?;
                if so_far.saturating_add(bonus.amount.0) > bonus.cap.0 {
                    return Ok(BonusOutcome::OverCap {
                        so_far: Money(so_far),
                    });
                }
                let amount = bonus.amount.0; // the ledger counts minor units
                let fee_amount = project
                    .escrow()
                    .fee_on(&fee_tally_in(tx, &project.id).await?, amount);
                let org = Account::org_available(&project.organization_id);
                let t = Transfer::new(key.as_str(), Reason::Bonus, bonus.message)
                    .movement(&org, &worker, amount)
                    .movement(&org, &Account::platform_fees(), fee_amount);
                let meta = TransferMeta {
                    organization: Some(project.organization_id.clone()),
                    project: Some(project.id.clone()),
                    assignment: Some(assignment_id.clone()),
                };
                post_transfer(tx, &t, &meta, now).await?;
                Ok(BonusOutcome::Paid(BonusPaid {
                    created: true,
                    amount: bonus.amount,
                    fee: Money(fee_amount),
                }))
            })
        })
        .await
    }

    /// Notices the platform left for a project's requester, newest first.
    /// (kind, English message, its named values as a JSON object if stored, when).
    pub async fn notices(
        &self,
        project_id: &ProjectId,
    ) -> Result<Vec<(String, String, Option<String>, i64)>> {
        Ok((query_as::<(String, String, Option<String>, i64)>(
            r#"
            SELECT kind, message, args, created_at FROM project_notices WHERE project_id = $1
            ORDER BY created_at DESC, id DESC LIMIT 200
            "#,
        )
        .bind(project_id)
        .fetch_all(self)
        .await)?)
    }
}

/// An answer due for auto-approval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueAnswer {
    pub id: AssignmentId,
    pub project: ProjectId,
    pub ended_at: Timestamp,
}

/// Where a pass of auto-approval has got to: after this answer (by end time, then id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueCursor {
    pub ended_at: Timestamp,
    pub id: AssignmentId,
}

impl DueCursor {
    /// Before every answer.
    pub fn start() -> DueCursor {
        DueCursor {
            ended_at: Timestamp::MIN,
            id: AssignmentId::from(""),
        }
    }
}

impl From<&DueAnswer> for DueCursor {
    fn from(a: &DueAnswer) -> DueCursor {
        DueCursor {
            ended_at: a.ended_at,
            id: a.id.clone(),
        }
    }
}

/// A bonus to pay: how much, why (for the worker), its idempotency key, and the most
/// the answer may receive in bonuses altogether.
#[derive(Debug, Clone, Copy)]
pub struct NewBonus<'a> {
    pub assignment: &'a AssignmentId,
    pub amount: Money,
    pub message: &'a str,
    pub key: &'a str,
    pub cap: Money,
}

/// What asking for a bonus came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BonusOutcome {
    /// Paid now, or found paid already under the same key.
    Paid(BonusPaid),
    /// The answer's bonuses would pass the cap: `so_far` is what it already received.
    OverCap { so_far: Money },
}

/// A bonus paid (or found already paid under its key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BonusPaid {
    /// False when the key was already used: nothing moved this time.
    pub created: bool,
    /// The bonus paid to the worker (the first time, for a repeated key).
    pub amount: Money,
    /// The fee charged on the bonus.
    pub fee: Money,
}

/// The bonus already paid under `key` (the whole, transfer-wide key), if any.
async fn bonus_paid_in(tx: &mut Tx<'_>, key: &str, worker: &Account) -> Result<Option<BonusPaid>> {
    let legs = query_as::<(String, i64)>(
        r#"
        SELECT e.account_id, e.amount
        FROM ledger_transfers t JOIN ledger_entries e ON e.transfer_id = t.id
        WHERE t.idempotency_key = $1
        "#,
    )
    .bind(key)
    .fetch_all(&mut *tx)
    .await?;
    if legs.is_empty() {
        return Ok(None);
    }
    let leg = |account: String| {
        legs.iter()
            .filter(|(a, _)| *a == account)
            .map(|(_, amount)| *amount)
            .sum::<i64>()
    };
    Ok(Some(BonusPaid {
        created: false,
        amount: Money(leg(worker.id())),
        fee: Money(leg(Account::platform_fees().id())),
    }))
}

/// What the worker of an answer has received in bonuses on it so far.
async fn bonuses_on_in(
    tx: &mut Tx<'_>,
    assignment: &AssignmentId,
    worker: &Account,
) -> Result<i64> {
    Ok(query_scalar::<i64>(
        r#"
        SELECT COALESCE(CAST(SUM(e.amount) AS BIGINT), 0)
        FROM ledger_transfers t JOIN ledger_entries e ON e.transfer_id = t.id
        WHERE t.assignment_id = $1 AND t.reason = 'bonus' AND e.account_id = $2
        "#,
    )
    .bind(assignment)
    .bind(worker.id())
    .fetch_one(&mut *tx)
    .await?)
}

/// Whose disputes.
#[derive(Debug, Clone, Copy)]
pub enum DisputeFilter<'a> {
    Worker(&'a UserId),
    Organization(&'a OrganizationId),
    State(DisputeState),
}

/// 409: the assignment has no answer to review (leased, returned, expired).
fn not_submitted(state: AssignmentState) -> StoreError {
    let state = state.as_str();
    StoreError::conflict(
        "err-review-not-submitted",
        vec![("state", state.to_string())],
    )
}

/// 409: the answer was reviewed already (`state` is its review state).
fn already_reviewed(state: &str) -> StoreError {
    StoreError::conflict("err-answer-already", vec![("state", state.to_string())])
}

fn dispute_window_closed() -> StoreError {
    StoreError::conflict("err-dispute-window-closed", Vec::new())
}

/// Whether the answer may be paid as `payment` says: `false` when it already was
/// (nothing to do), a conflict when it is in another review state.
fn payable(a: &ReviewRow, payment: Payment) -> Result<bool> {
    let review = a.review()?;
    if review == payment.before() && a.settled_at.is_none() {
        return Ok(true);
    }
    if review == payment.after() {
        return Ok(false);
    }
    Err(match review {
        ReviewState::Pending => StoreError::conflict("err-answer-not-rejected", Vec::new()),
        s => already_reviewed(s.as_str()),
    })
}

/// The transfer paying answer `a`: its reward to the worker and its fee to the
/// platform from the project's escrow; what the slot held for the fee beyond
/// `fee_amount` goes back to the organisation.
fn payment_transfer(
    project: &ProjectRow,
    escrow: &EscrowState,
    a: &ReviewRow,
    payment: Payment,
    fee_amount: i64,
) -> (Transfer, TransferMeta) {
    let escrow_account = Account::escrow(&project.id, &project.organization_id);
    let memo = match payment {
        Payment::Overturn => format!(
            "reward for an answer in \"{}\" (rejection overturned)",
            project.title
        ),
        Payment::Approval => format!("reward for an approved answer in \"{}\"", project.title),
    };
    let t = Transfer::new(format!("pay:{}", a.id), Reason::Approval, memo)
        .movement(
            &escrow_account,
            &Account::worker_available(&a.worker_id),
            escrow.reward,
        )
        .movement(&escrow_account, &Account::platform_fees(), fee_amount)
        // The slot held its fee as the rule holds it (per project: rounded up);
        // what the rule did not take goes back (per answer: nothing).
        .movement(
            &escrow_account,
            &Account::org_available(&project.organization_id),
            escrow.slot_fee() - fee_amount,
        );
    let meta = TransferMeta {
        organization: Some(project.organization_id.clone()),
        project: Some(project.id.clone()),
        assignment: Some(a.id.clone()),
    };
    (t, meta)
}

/// Record a paid answer as `review` and its slot as settled.
async fn settle_paid(
    tx: &mut Tx<'_>,
    a: &ReviewRow,
    project: &ProjectRow,
    escrow: &EscrowState,
    review: ReviewState,
    now: Timestamp,
) -> Result<()> {
    query(
        r#"
        UPDATE assignments SET review_state = $1, reviewed_at = $2, paid_reward = $3,
        settled_at = $2 WHERE id = $4
        "#,
    )
    .bind(review.to_column())
    .bind(now)
    .bind(escrow.reward)
    .bind(&a.id)
    .execute(&mut *tx)
    .await?;
    query(
        r#"
        UPDATE projects SET funded_slots = $1, settled_slots = settled_slots + 1, reserve = $2
        WHERE id = $3
        "#,
    )
    .bind(escrow.funded_slots)
    .bind(escrow.reserve)
    .bind(&project.id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Without a decision, only an undisputed rejection past its dispute window becomes final.
async fn undisputed_past_window(tx: &mut Tx<'_>, a: &ReviewRow, now: Timestamp) -> Result<bool> {
    let open: i64 = query_scalar("SELECT COUNT(*) FROM disputes WHERE assignment_id = $1")
        .bind(&a.id)
        .fetch_one(&mut *tx)
        .await?;
    let window_end = a.reviewed_at.unwrap_or(now) + DISPUTE_WINDOW_SECONDS * MICROS_PER_SECOND;
    Ok(open == 0 && window_end <= now)
}

/// A final rejection's reward and fee go back from escrow to the organisation.
async fn return_rejected_slot(
    tx: &mut Tx<'_>,
    project: &ProjectRow,
    escrow: &EscrowState,
    assignment_id: &AssignmentId,
    now: Timestamp,
) -> Result<()> {
    let t = Transfer::new(
        format!("reject-settle:{assignment_id}"),
        Reason::RejectionSettled,
        format!(
            "a final rejection in \"{}\": the answer's reward and fee return",
            project.title
        ),
    )
    .movement(
        &Account::escrow(&project.id, &project.organization_id),
        &Account::org_available(&project.organization_id),
        escrow.slot_cost(),
    );
    let meta = TransferMeta {
        organization: Some(project.organization_id.clone()),
        project: Some(project.id.clone()),
        assignment: Some(assignment_id.clone()),
    };
    post_transfer(tx, &t, &meta, now).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Location;

    /// A database holding one submitted answer whose review state was edited by
    /// hand to a value Handprint does not know (foreign keys off, so no project,
    /// task or worker is needed around it).
    async fn db_with_unknown_review_state() -> (Db, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("handprint-store-test-{}", new_id()));
        let db = Db::connect(&Location::DataDir(dir.clone()), 1)
            .await
            .expect("a SQLite database");
        db.migrate().await.expect("migrations");
        let Db::Sqlite(sqlite) = &db else {
            panic!("a data directory opens SQLite");
        };
        let pool = sqlite.pool();
        sqlx::query("PRAGMA foreign_keys = OFF")
            .execute(pool)
            .await
            .expect("pragma");
        sqlx::query(
            r#"
            INSERT INTO tasks (id, project_id, data, remaining, answers, created_at)
            VALUES ('t', 'p', '{}', 0, 1, 0)
            "#,
        )
        .execute(pool)
        .await
        .expect("the item");
        sqlx::query(
            r#"
            INSERT INTO assignments (id, task_id, project_id, worker_id, state, leased_at,
                expires_at, answer, review_state)
            VALUES ('a', 't', 'p', 'w', 'submitted', 0, 0, '"yes"', 'aproved')
            "#,
        )
        .execute(pool)
        .await
        .expect("the answer");
        (db, dir)
    }

    #[tokio::test]
    async fn an_unknown_review_state_fails_the_read_instead_of_reading_as_pending() {
        let (db, dir) = db_with_unknown_review_state().await;
        let decode_error = |r: Result<()>| match r {
            Err(StoreError::Decode { column, source }) => {
                assert_eq!(column, "review_state");
                assert!(source.to_string().contains("\"aproved\""), "{source}");
            }
            other => panic!("expected a decode error, got {other:?}"),
        };
        decode_error(db.review_row(&"a".into()).await.map(|_| ()));
        decode_error(
            db.submissions(&"p".into(), ReviewFilter::All, "", 10)
                .await
                .map(|_| ()),
        );
        decode_error(db.worker_history(&"w".into(), 10).await.map(|_| ()));
        decode_error(
            db.answers_page(&"p".into(), &AssignmentId::default(), 10)
                .await
                .map(|_| ()),
        );
        decode_error(
            db.answers_for_tasks(&"p".into(), &[TaskId::from("t")])
                .await
                .map(|_| ()),
        );
        db.close().await;
        std::fs::remove_dir_all(dir).expect("remove the test database");
    }
}
