//! The ledger in the database: accounts with balances, transfers named by an
//! idempotency key, one entry per (transfer, account). Every money movement in
//! Handprint goes through [`post_transfer`] inside the transaction that changes
//! the state it pays for, so money and state never disagree.
//!
//! A balance changes only by a conditional `UPDATE … WHERE balance + amount >= 0`
//! (on accounts that may not go negative): two processes can never both spend the
//! same money. Legs are applied in account-id order so concurrent transfers lock
//! rows in one order (no deadlocks on PostgreSQL).

use crate::sql::{query, query_as, query_scalar};
use crate::{Db, Result, StoreError, Tx};
use handprint_core::ProjectId;
use handprint_core::ledger::{Account, AccountKind, FeeTally, Reason, Transfer};
use handprint_core::{AssignmentId, Money, OrganizationId, Timestamp, UserId};

/// Where a transfer belongs, for statements and checks.
#[derive(Debug, Clone, Default)]
pub struct TransferMeta {
    pub organization: Option<OrganizationId>,
    pub project: Option<ProjectId>,
    pub assignment: Option<AssignmentId>,
}

/// Apply `transfer` inside the open transaction. Ok(false) when its idempotency
/// key was already applied (nothing changed); `StoreError::InsufficientFunds` when
/// an account would go negative (the caller's `?` then fails the whole
/// transaction, which [`Db::write`] rolls back).
pub async fn post_transfer(
    tx: &mut Tx<'_>,
    transfer: &Transfer,
    meta: &TransferMeta,
    now: Timestamp,
) -> Result<bool> {
    let legs = transfer.normalized()?;
    let id = crate::new_id();
    let inserted = query(
        r#"
        INSERT INTO ledger_transfers
          (id, idempotency_key, reason, organization_id, project_id, assignment_id, memo,
              created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (idempotency_key) DO NOTHING
        "#,
    )
    .bind(&id)
    .bind(&transfer.key)
    .bind(transfer.reason.as_str())
    .bind(&meta.organization)
    .bind(&meta.project)
    .bind(&meta.assignment)
    .bind(&transfer.memo)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(false);
    }
    for (account, amount) in &legs {
        post_leg(tx, &id, account, *amount, now).await?;
    }
    Ok(true)
}

/// Apply `transfer` once, where its key names one movement for good: Ok(true) when
/// applied now, Ok(false) when the same movement (the same legs) was applied under
/// this key before (nothing changes), and a conflict when the key was used for a
/// different movement — never a silent success that moved nothing.
pub async fn post_transfer_once(
    tx: &mut Tx<'_>,
    transfer: &Transfer,
    meta: &TransferMeta,
    now: Timestamp,
) -> Result<bool> {
    if post_transfer(tx, transfer, meta, now).await? {
        return Ok(true);
    }
    let stored = query_as::<(String, i64)>(
        r#"
        SELECT e.account_id, e.amount
        FROM ledger_transfers t JOIN ledger_entries e ON e.transfer_id = t.id
        WHERE t.idempotency_key = $1 ORDER BY e.account_id
        "#,
    )
    .bind(&transfer.key)
    .fetch_all(&mut *tx)
    .await?;
    let mut wanted: Vec<(String, i64)> = transfer
        .normalized()?
        .into_iter()
        .map(|(account, amount)| (account.id(), amount))
        .collect();
    wanted.sort();
    if stored == wanted {
        return Ok(false);
    }
    Err(StoreError::conflict(
        "err-idempotency-key-reused",
        vec![("key", transfer.key.clone())],
    ))
}

/// One leg of a transfer: create the account if new, move its balance (refused
/// below zero, but for the mirror of outside money), and record the entry.
async fn post_leg(
    tx: &mut Tx<'_>,
    transfer_id: &str,
    account: &Account,
    amount: i64,
    now: Timestamp,
) -> Result<()> {
    let account_id = account.id();
    query(
        r#"
        INSERT INTO ledger_accounts (id, kind, owner_id, organization_id, balance, created_at)
        VALUES ($1, $2, $3, $4, 0, $5) ON CONFLICT (id) DO NOTHING
        "#,
    )
    .bind(&account_id)
    .bind(account.kind.as_str())
    .bind(&account.owner)
    .bind(&account.organization)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let changed = query(
        r#"
        UPDATE ledger_accounts SET balance = balance + $1
        WHERE id = $2 AND (balance + $1 >= 0 OR kind = 'external_deposits')
        "#,
    )
    .bind(amount)
    .bind(&account_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        let balance: i64 = query_scalar("SELECT balance FROM ledger_accounts WHERE id = $1")
            .bind(&account_id)
            .fetch_one(&mut *tx)
            .await?;
        return Err(StoreError::InsufficientFunds {
            account: account_id,
            missing: -(balance + amount),
        });
    }
    query(
        r#"
        INSERT INTO ledger_entries (transfer_id, account_id, amount, created_at) VALUES ($1, $2,
        $3, $4)
        "#,
    )
    .bind(transfer_id)
    .bind(&account_id)
    .bind(amount)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The balance of one account inside a transaction (0 when it does not exist yet).
pub async fn balance_in(tx: &mut Tx<'_>, account_id: &str) -> Result<i64> {
    Ok(
        query_scalar::<i64>("SELECT balance FROM ledger_accounts WHERE id = $1")
            .bind(account_id)
            .fetch_optional(&mut *tx)
            .await?
            .unwrap_or(0),
    )
}

/// A project's fee tally inside a transaction: what its workers were paid
/// (approvals, top-ups, bonuses) and the fees charged on that, summed from the
/// ledger.
pub async fn fee_tally_in(tx: &mut Tx<'_>, project_id: &ProjectId) -> Result<FeeTally> {
    let (paid, charged) = query_as::<(i64, i64)>(
        r#"
        SELECT
          COALESCE(CAST(SUM(CASE WHEN a.kind = 'worker_available' THEN e.amount ELSE 0 END) AS
              BIGINT), 0),
          COALESCE(CAST(SUM(CASE WHEN a.kind = 'platform_fees' THEN e.amount ELSE 0 END) AS
              BIGINT), 0)
        FROM ledger_transfers t
        JOIN ledger_entries e ON e.transfer_id = t.id
        JOIN ledger_accounts a ON a.id = e.account_id
        WHERE t.project_id = $1 AND t.reason IN ('approval', 'topup', 'bonus')
        "#,
    )
    .bind(project_id)
    .fetch_one(&mut *tx)
    .await?;
    Ok(FeeTally { paid, charged })
}

/// A notice to a project's requester: its catalogue code, arguments and English.
#[derive(Debug, Clone)]
pub struct Notice<'a> {
    pub kind: &'a str,
    pub message: &'a str,
    pub args: Vec<(&'static str, String)>,
}

/// Record a notice to a project's requester inside a transaction.
pub async fn notice_in(
    tx: &mut Tx<'_>,
    project_id: &ProjectId,
    notice: Notice<'_>,
    now: Timestamp,
) -> Result<()> {
    let args = serde_json::Value::Object(
        notice
            .args
            .into_iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v)))
            .collect(),
    );
    query(
        r#"
        INSERT INTO project_notices (id, project_id, kind, message, args, created_at)
        VALUES ($1, $2, $3, $4, $5, $6)
        "#,
    )
    .bind(crate::new_id())
    .bind(project_id)
    .bind(notice.kind)
    .bind(notice.message)
    .bind(args.to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// One line of a statement: one entry on one of the owner's accounts.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StatementLine {
    pub created_at: i64,
    pub transfer_id: String,
    pub reason: String,
    pub account_kind: String,
    #[sqlx(try_from = "i64")]
    pub amount: Money,
    #[sqlx(try_from = "crate::sql::NullableText")]
    pub organization_id: Option<OrganizationId>,
    #[sqlx(try_from = "crate::sql::NullableText")]
    pub project_id: Option<ProjectId>,
    #[sqlx(try_from = "crate::sql::NullableText")]
    pub assignment_id: Option<AssignmentId>,
    pub memo: String,
}

/// A worker's money.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkerBalance {
    pub available: Money,
    pub pending: Money,
    pub paid_out: Money,
    /// Everything ever earned: approvals, top-ups, bonuses.
    pub earned: Money,
    /// Rewards of submitted answers not yet settled (awaiting review or in dispute).
    pub under_review: Money,
    /// Rejections that count against the worker (final ones).
    pub rejections_counted: i64,
    /// Rejections still disputable or in dispute (not counted).
    pub rejections_open: i64,
    pub approved: i64,
}

/// A requester organisation's money.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgBalance {
    pub available: Money,
    pub escrow: Money,
    pub deposits: Money,
    /// Paid to workers: rewards, top-ups, bonuses.
    pub spend: Money,
    pub fees: Money,
}

/// One project's escrow now.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProjectEscrow {
    #[sqlx(try_from = "String")]
    pub id: ProjectId,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub state: handprint_core::project::ProjectState,
    /// What the project's escrow account holds.
    #[sqlx(try_from = "i64")]
    pub held: Money,
}

/// What `handprint ledger check` found.
#[derive(Debug, Clone, Default)]
pub struct LedgerReport {
    pub accounts: i64,
    pub transfers: i64,
    pub total: i64,
    pub problems: Vec<String>,
}

impl Db {
    /// Record money that arrived from outside for an organisation. The same
    /// reference for the same organisation is the same deposit: repeating it
    /// changes nothing (a different amount under a used reference is refused).
    /// Returns the transfer's id and whether it was new.
    pub async fn deposit(
        &self,
        organization_id: &OrganizationId,
        amount: Money,
        reference: &str,
        now: Timestamp,
    ) -> Result<(String, bool)> {
        let amount = amount.0; // the ledger counts minor units
        if amount <= 0 {
            return Err(StoreError::conflict("err-deposit-not-positive", Vec::new()));
        }
        self.organization(organization_id).await?;
        let key = format!("deposit:{organization_id}:{reference}");
        let transfer = Transfer::new(
            &key,
            Reason::Deposit,
            format!("deposit, reference {reference}"),
        )
        .movement(
            &Account::external_deposits(),
            &Account::org_available(organization_id),
            amount,
        );
        let meta = TransferMeta {
            organization: Some(organization_id.clone()),
            ..Default::default()
        };
        let created = self
            .write(|tx| Box::pin(async move { post_transfer(tx, &transfer, &meta, now).await }))
            .await?;
        let (id, stored): (String, i64) = (query_as(
            r#"
            SELECT t.id, e.amount FROM ledger_transfers t JOIN ledger_entries e ON e.transfer_id
                = t.id
            WHERE t.idempotency_key = $1 AND e.account_id = $2
            "#,
        )
        .bind(&key)
        .bind(Account::org_available(organization_id).id())
        .fetch_one(self)
        .await)?;
        if stored != amount {
            return Err(StoreError::Conflict(handprint_core::Msg::coded_worded(
                "err-deposit-reference-used",
                "api-minor-units",
                vec![
                    ("reference", reference.to_string()),
                    ("stored", stored.to_string()),
                ],
            )));
        }
        Ok((id, created))
    }

    pub(crate) async fn balance_of(&self, account_id: &str) -> Result<Money> {
        Ok(Money(
            (query_scalar::<i64>("SELECT balance FROM ledger_accounts WHERE id = $1")
                .bind(account_id)
                .fetch_optional(self)
                .await)?
                .unwrap_or(0),
        ))
    }

    pub async fn worker_balance(&self, worker_id: &UserId) -> Result<WorkerBalance> {
        let available = self
            .balance_of(&Account::worker_available(worker_id).id())
            .await?;
        let pending = self
            .balance_of(&Account::worker_pending(worker_id).id())
            .await?;
        let paid_out = self.balance_of(&Account::paid_out(worker_id).id()).await?;
        let earned: i64 = (query_scalar(
            r#"
            SELECT COALESCE(CAST(SUM(e.amount) AS BIGINT), 0) FROM ledger_entries e
            JOIN ledger_transfers t ON t.id = e.transfer_id
            WHERE e.account_id = $1 AND t.reason IN ('approval', 'topup', 'bonus')
            "#,
        )
        .bind(Account::worker_available(worker_id).id())
        .fetch_one(self)
        .await)?;
        let (under_review, final_rejections, open_rejections, approved): (i64, i64, i64, i64) =
            (query_as(
                r#"
                SELECT COALESCE(CAST(SUM(CASE WHEN a.settled_at IS NULL THEN COALESCE(p.reward,
                    0) ELSE 0 END) AS BIGINT), 0),
                COALESCE(CAST(SUM(CASE WHEN a.review_state = 'rejection_final' THEN 1 ELSE 0 END)
                    AS BIGINT), 0),
                COALESCE(CAST(SUM(CASE WHEN a.review_state = 'rejected' THEN 1 ELSE 0 END) AS
                    BIGINT), 0),
                COALESCE(CAST(SUM(CASE WHEN a.review_state IN ('approved', 'overturned') THEN 1
                    ELSE 0 END) AS BIGINT), 0)
                FROM assignments a JOIN projects p ON p.id = a.project_id
                WHERE a.worker_id = $1 AND a.state = 'submitted'
                "#,
            )
            .bind(worker_id)
            .fetch_one(self)
            .await)?;
        Ok(WorkerBalance {
            available,
            pending,
            paid_out,
            earned: Money(earned),
            under_review: Money(under_review),
            rejections_counted: final_rejections,
            rejections_open: open_rejections,
            approved,
        })
    }

    pub async fn org_balance(&self, organization_id: &OrganizationId) -> Result<OrgBalance> {
        let available = self
            .balance_of(&Account::org_available(organization_id).id())
            .await?;
        let escrow: i64 = (query_scalar(
            r#"
            SELECT COALESCE(CAST(SUM(balance) AS BIGINT), 0) FROM ledger_accounts WHERE
            organization_id = $1 AND kind = 'escrow'
            "#,
        )
        .bind(organization_id)
        .fetch_one(self)
        .await)?;
        let (deposits, spend, fees): (i64, i64, i64) = (query_as(
            r#"
            SELECT
            COALESCE(CAST(SUM(CASE WHEN t.reason = 'deposit' AND a.kind = 'org_available' THEN
                e.amount ELSE 0 END) AS BIGINT), 0),
            COALESCE(CAST(SUM(CASE WHEN a.kind = 'worker_available' THEN e.amount ELSE 0 END) AS
                BIGINT), 0),
            COALESCE(CAST(SUM(CASE WHEN a.kind = 'platform_fees' THEN e.amount ELSE 0 END) AS
                BIGINT), 0)
            FROM ledger_transfers t JOIN ledger_entries e ON e.transfer_id = t.id
            JOIN ledger_accounts a ON a.id = e.account_id WHERE t.organization_id = $1
            "#,
        )
        .bind(organization_id)
        .fetch_one(self)
        .await)?;
        Ok(OrgBalance {
            available,
            escrow: Money(escrow),
            deposits: Money(deposits),
            spend: Money(spend),
            fees: Money(fees),
        })
    }

    /// What each of an organisation's projects holds in escrow now (the balance of
    /// its escrow account, so the amounts sum to the organisation's escrow): every
    /// project holding money, and open ones holding none; closed projects with
    /// nothing held are left out. Oldest project first.
    pub async fn escrow_by_project(
        &self,
        organization_id: &OrganizationId,
    ) -> Result<Vec<ProjectEscrow>> {
        Ok((query_as::<ProjectEscrow>(
            r#"
            SELECT p.id, p.title, p.state, a.balance AS held
            FROM ledger_accounts a JOIN projects p ON p.id = a.owner_id
            WHERE a.kind = 'escrow' AND a.organization_id = $1
              AND (a.balance <> 0 OR p.state NOT IN ('completed', 'cancelled'))
            ORDER BY p.created_at, p.id
            "#,
        )
        .bind(organization_id)
        .fetch_all(self)
        .await)?)
    }

    /// Every entry on the accounts a worker owns, or an organisation holds, oldest first.
    pub async fn statement(
        &self,
        owner: StatementOwner<'_>,
        limit: i64,
    ) -> Result<Vec<StatementLine>> {
        let (cond, arg) = match owner {
            StatementOwner::Worker(id) => {
                ("a.owner_id = $1 AND a.organization_id IS NULL", id.as_str())
            }
            StatementOwner::Organization(id) => ("a.organization_id = $1", id.as_str()),
        };
        let sql = format!(
            r#"
            SELECT e.created_at, t.id AS transfer_id, t.reason, a.kind AS account_kind, e.amount,
            t.organization_id, t.project_id, t.assignment_id, t.memo
            FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
            JOIN ledger_transfers t ON t.id = e.transfer_id WHERE {cond}
            ORDER BY e.created_at, t.id, a.kind LIMIT $2
            "#
        );
        Ok(
            (query_as::<StatementLine>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(arg)
                .bind(limit)
                .fetch_all(self)
                .await)?,
        )
    }

    /// The platform's own accounts: fees, and the mirror of deposits.
    pub async fn platform_balances(&self) -> Result<Vec<(String, Money)>> {
        Ok((query_as::<(String, i64)>(
            r#"
            SELECT kind, COALESCE(CAST(SUM(balance) AS BIGINT), 0) FROM ledger_accounts GROUP BY
            kind ORDER BY kind
            "#,
        )
        .fetch_all(self)
        .await)?
            .into_iter()
            .map(|(kind, total)| (kind, Money(total)))
            .collect())
    }

    /// Verify every invariant of the books; an empty `problems` means they hold.
    pub async fn ledger_check(&self) -> Result<LedgerReport> {
        let mut r = LedgerReport::default();
        let (accounts, transfers, total): (i64, i64, i64) = (query_as(
            r#"
            SELECT (SELECT COUNT(*) FROM ledger_accounts), (SELECT COUNT(*) FROM
                ledger_transfers),
            (SELECT COALESCE(CAST(SUM(balance) AS BIGINT), 0) FROM ledger_accounts)
            "#,
        )
        .fetch_one(self)
        .await)?;
        r.accounts = accounts;
        r.transfers = transfers;
        r.total = total;
        if total != 0 {
            r.problems.push(format!(
                "the balances of all accounts sum to {total}, not zero"
            ));
        }
        let unbalanced: Vec<(String, String, i64, i64)> = (query_as(
            r#"
            SELECT t.id, t.idempotency_key, COALESCE(CAST(SUM(e.amount) AS BIGINT), 0),
                COUNT(e.account_id)
            FROM ledger_transfers t LEFT JOIN ledger_entries e ON e.transfer_id = t.id
            GROUP BY t.id, t.idempotency_key HAVING COALESCE(SUM(e.amount), 0) <> 0 OR
                COUNT(e.account_id) < 2
            "#,
        )
        .fetch_all(self)
        .await)?;
        for (id, key, sum, legs) in unbalanced {
            r.problems.push(format!(
                "transfer {id} ({key}) is not balanced: its {legs} entries sum to {sum}"
            ));
        }
        let drifted: Vec<(String, i64, i64)> = (query_as(
            r#"
            SELECT a.id, a.balance, COALESCE((SELECT CAST(SUM(e.amount) AS BIGINT) FROM
                ledger_entries e WHERE e.account_id = a.id), 0) AS entries
            FROM ledger_accounts a
            WHERE a.balance <> COALESCE((SELECT CAST(SUM(e.amount) AS BIGINT) FROM ledger_entries
                e WHERE e.account_id = a.id), 0)
            "#,
        )
        .fetch_all(self)
        .await)?;
        for (id, balance, entries) in drifted {
            r.problems.push(format!(
                "account {id} has balance {balance} but its entries sum to {entries}"
            ));
        }
        let negative: Vec<(String, i64)> = (query_as(
            r#"
            SELECT id, balance FROM ledger_accounts WHERE balance < 0 AND kind <>
            'external_deposits'
            "#,
        )
        .fetch_all(self)
        .await)?;
        for (id, balance) in negative {
            r.problems
                .push(format!("account {id} is negative: {balance}"));
        }
        self.check_escrow(&mut r.problems).await?;
        r.problems.extend(self.test_escrow_problems().await?);
        self.check_payments(&mut r.problems).await?;
        Ok(r)
    }

    async fn check_escrow(&self, problems: &mut Vec<String>) -> Result<()> {
        let sql = format!(
            r#"
            SELECT {} FROM projects WHERE funded_slots > 0 OR reserve <> 0 OR settled_slots <> 0
            OR EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.kind = 'escrow' AND a.owner_id =
                projects.id)
            "#,
            crate::projects::PROJECT_COLUMNS
        );
        let projects: Vec<crate::projects::ProjectRow> =
            (query_as(sqlx::AssertSqlSafe(sql.as_str()))
                .fetch_all(self)
                .await)?;
        for project in projects {
            let escrow = project.escrow();
            let account = Account::escrow(&project.id, &project.organization_id).id();
            // The ledger check reports minor units, as the escrow rules count them.
            let balance = self.balance_of(&account).await?.minor();
            let settled: i64 = (query_scalar(
                "SELECT COUNT(*) FROM assignments WHERE project_id = $1 AND settled_at IS NOT NULL",
            )
            .bind(&project.id)
            .fetch_one(self)
            .await)?;
            if settled != project.settled_slots {
                problems.push(format!(
                    "project {}: {settled} answers are settled but the project counts {}",
                    project.id, project.settled_slots
                ));
            }
            if escrow.unsettled_slots() < 0 || escrow.reserve < 0 {
                problems.push(format!(
                    "project {}: {} funded slots, {} settled, reserve {}",
                    project.id, escrow.funded_slots, escrow.settled_slots, escrow.reserve
                ));
            }
            if balance != escrow.commitment() {
                problems.push(format!(
                    "project {}: escrow holds {balance} but its open commitments are {} ({} unsettled slots x {} + reserve {}, fee rule {})",
                    project.id,
                    escrow.commitment(),
                    escrow.unsettled_slots(),
                    escrow.slot_cost(),
                    escrow.reserve,
                    escrow.rule.as_str()
                ));
            }
        }
        let orphans: Vec<String> = (query_scalar(
            r#"
            SELECT id FROM ledger_accounts WHERE kind = 'escrow' AND balance <> 0
            AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = ledger_accounts.owner_id)
            AND NOT EXISTS (SELECT 1 FROM qualifications q WHERE q.id = ledger_accounts.owner_id)
            "#,
        )
        .fetch_all(self)
        .await)?;
        for id in orphans {
            problems.push(format!("escrow account {id} belongs to no project"));
        }
        Ok(())
    }

    async fn check_payments(&self, problems: &mut Vec<String>) -> Result<()> {
        let unpaid: Vec<String> = (query_scalar(
            r#"
            SELECT a.id FROM assignments a WHERE a.review_state IN ('approved', 'overturned')
            AND (a.settled_at IS NULL OR NOT EXISTS (SELECT 1 FROM ledger_transfers t WHERE
                t.idempotency_key = 'pay:' || a.id))
            "#,
        )
        .fetch_all(self)
        .await)?;
        for id in unpaid {
            problems.push(format!("assignment {id} is approved but has no payment"));
        }
        let stray: Vec<String> = (query_scalar(
            r#"
            SELECT t.assignment_id FROM ledger_transfers t WHERE t.reason = 'approval' AND NOT
                EXISTS
            (SELECT 1 FROM assignments a WHERE a.id = t.assignment_id AND a.review_state IN
                ('approved', 'overturned'))
            AND NOT EXISTS (SELECT 1 FROM qualification_answers q WHERE q.id = t.assignment_id
                AND q.submitted_at IS NOT NULL)
            "#,
        )
        .fetch_all(self)
        .await)?;
        for id in stray {
            problems.push(format!("assignment {id} was paid but is not approved"));
        }
        let twice: Vec<(String, i64)> = (query_as(
            r#"
            SELECT assignment_id, COUNT(*) FROM ledger_transfers WHERE reason = 'approval'
            GROUP BY assignment_id HAVING COUNT(*) > 1
            "#,
        )
        .fetch_all(self)
        .await)?;
        for (id, n) in twice {
            problems.push(format!("assignment {id} was paid {n} times"));
        }
        let unsettled_final: Vec<String> = (query_scalar(
            r#"
            SELECT id FROM assignments WHERE review_state = 'rejection_final' AND settled_at IS
            NULL
            "#,
        )
        .fetch_all(self)
        .await)?;
        for id in unsettled_final {
            problems.push(format!(
                "assignment {id}: a final rejection whose escrow was not returned"
            ));
        }
        Ok(())
    }
}

/// Whose statement.
#[derive(Debug, Clone, Copy)]
pub enum StatementOwner<'a> {
    Worker(&'a UserId),
    Organization(&'a OrganizationId),
}

/// The account kinds, for statements.
pub fn kind_label(kind: &str) -> &'static str {
    match AccountKind::parse(kind) {
        Some(AccountKind::OrgAvailable) => "available",
        Some(AccountKind::Escrow) => "escrow",
        Some(AccountKind::WorkerAvailable) => "available",
        Some(AccountKind::WorkerPending) => "pending payout",
        Some(AccountKind::PaidOut) => "paid out",
        Some(AccountKind::PlatformFees) => "platform fees",
        Some(AccountKind::ExternalDeposits) => "external deposits",
        None => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Location, new_id};

    #[tokio::test]
    async fn a_key_applied_again_is_a_no_op_for_the_same_movement_and_a_conflict_for_another() {
        let dir = std::env::temp_dir().join(format!("handprint-store-test-{}", new_id()));
        let db = Db::connect(&Location::DataDir(dir.clone()), 1)
            .await
            .expect("a SQLite database");
        db.migrate().await.expect("migrations");
        let org = OrganizationId::from("org");
        let deposit = |amount: i64| {
            Transfer::new("k-1", Reason::Deposit, "a deposit").movement(
                &Account::external_deposits(),
                &Account::org_available(&org),
                amount,
            )
        };
        let post = |t: Transfer| {
            let db = db.clone();
            async move {
                db.write(|tx| {
                    Box::pin(async move {
                        post_transfer_once(tx, &t, &TransferMeta::default(), 0).await
                    })
                })
                .await
            }
        };
        assert!(post(deposit(500)).await.expect("applied"));
        assert!(
            !post(deposit(500))
                .await
                .expect("the same movement: nothing moves")
        );
        match post(deposit(700)).await {
            Err(StoreError::Conflict(m)) => {
                assert_eq!(m.code, Some("err-idempotency-key-reused"))
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        let balance: i64 = query_scalar("SELECT balance FROM ledger_accounts WHERE id = $1")
            .bind(Account::org_available(&org).id())
            .fetch_one(&db)
            .await
            .expect("balance");
        assert_eq!(balance, 500, "moved once");
        db.close().await;
        std::fs::remove_dir_all(dir).expect("remove the test database");
    }
}
