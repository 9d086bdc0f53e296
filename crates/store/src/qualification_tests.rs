//! Test qualifications in the database: their items, a worker's takings (attempts)
//! item by item, and the money. Every item answered is paid at the test's reward from
//! the test's escrow at once (scored automatically, never rejected), under the ledger
//! key `pay:<answer>` like an approved answer; adding items escrows reward and fee for
//! `max_takers` takings of each, and closing the test returns what no taking in
//! progress needs. The escrow follows a project's rules ([`EscrowState`]), with the
//! qualification as the owner of the escrow account.
//!
//! The last test item of a taking scores it: passed, the qualification is granted at
//! the score; failed, it is refused until the cooldown ends. Both are decisions in the
//! log, recorded in the transaction that makes them.

use crate::decisions::{NewDecision, record_decision};
use crate::ledger::{TransferMeta, post_transfer};
use crate::qualifications::QualificationRow;
use crate::sql::{query, query_as, query_scalar};
use crate::{Db, Entity, Result, StoreError, Tx, new_id};
use handprint_core::clock::MICROS_PER_SECOND;
use handprint_core::decision::DecisionKind;
use handprint_core::ledger::{
    Account, BasisPoints, EscrowState, FeeRule, FeeTally, Reason, Transfer,
};
use handprint_core::quality::{answer_matches, percent};
use handprint_core::template::Template;
use handprint_core::{AssignmentId, OrganizationId, ProjectId, QualificationId, Timestamp, UserId};

/// A test item to store.
#[derive(Debug, Clone)]
pub struct NewTestItem {
    pub external_id: Option<String>,
    /// The item's data (JSON object).
    pub data: String,
    /// The normalised known answer (JSON).
    pub known_answer: String,
    pub training: bool,
    pub explanation: Option<String>,
}

/// What adding items did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ItemsAdded {
    pub created: i64,
    /// Rows whose external_id the test already had.
    pub skipped: i64,
    /// Escrowed for them, minor units.
    pub escrowed: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TestItemRow {
    pub id: String,
    pub qualification_id: String,
    pub position: i64,
    pub external_id: Option<String>,
    pub data: String,
    pub known_answer: String,
    pub training: i64,
    pub explanation: Option<String>,
}

impl TestItemRow {
    pub fn is_training(&self) -> bool {
        self.training == 1
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TestAnswerRow {
    pub id: String,
    pub attempt_id: String,
    pub item_id: String,
    #[sqlx(try_from = "String")]
    pub worker_id: UserId,
    pub leased_at: i64,
    pub answer: Option<String>,
    pub submitted_at: Option<i64>,
    pub correct: Option<i64>,
    pub paid: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttemptRow {
    pub id: String,
    pub qualification_id: String,
    #[sqlx(try_from = "String")]
    pub worker_id: UserId,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub items: Option<i64>,
    pub correct: Option<i64>,
    pub score: Option<i64>,
    pub passed: Option<i64>,
}

/// An item of a taking, handed to the worker.
#[derive(Debug, Clone)]
pub struct TestLease {
    pub answer: TestAnswerRow,
    pub item: TestItemRow,
    /// Which item of the taking this is (1-based), of how many.
    pub number: i64,
    pub of: i64,
}

/// Why a worker may not start a test now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotStartable {
    Closed,
    Held,
    /// Refused after a failed taking: may retake from then.
    Cooldown {
        until: Timestamp,
    },
    /// No test item yet.
    NoItems,
    /// Its escrow covers no further taking.
    Unfunded,
}

/// What answering a test item did.
#[derive(Debug, Clone)]
pub struct TestSubmitted {
    pub answer: TestAnswerRow,
    pub item: TestItemRow,
    /// The same answer had been stored before (a retry): nothing changed.
    pub repeated: bool,
    /// The taking as it stands after this answer (finished when this was the last test item).
    pub attempt: AttemptRow,
    /// When the worker may take the test again, after a failed taking.
    pub retake_at: Option<Timestamp>,
}

/// A test as a worker sees it in the list of those open to them.
#[derive(Debug, Clone)]
pub struct OpenTest {
    pub qualification: QualificationRow,
    /// Why it cannot be started now (None: it can, or a taking is in progress).
    pub blocked: Option<NotStartable>,
    /// The worker's taking in progress, with how many items they answered.
    pub in_progress: Option<(AttemptRow, i64)>,
}

const ITEM_COLUMNS: &str = r#"
    id, qualification_id, position, external_id, data, known_answer, training, explanation
"#;
const ANSWER_COLUMNS: &str = r#"
    id, attempt_id, item_id, worker_id, leased_at, answer, submitted_at, correct, paid
"#;
const ATTEMPT_COLUMNS: &str = r#"
    id, qualification_id, worker_id, started_at, finished_at, items, correct, score, passed
"#;

/// The qualification row inside a transaction, locked on PostgreSQL.
async fn locked_test(tx: &mut Tx<'_>, id: &QualificationId) -> Result<QualificationRow> {
    let sql = format!(
        "SELECT id FROM qualifications WHERE id = $1 AND kind = 'test'{}",
        tx.lock()
    );
    query_scalar::<String>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound(Entity::Qualification))?;
    qualification_in(tx, id).await
}

async fn qualification_in(tx: &mut Tx<'_>, id: &QualificationId) -> Result<QualificationRow> {
    let sql = format!(
        "SELECT {} FROM qualifications q WHERE q.id = $1",
        crate::qualifications::QUALIFICATION_COLUMNS
    );
    query_as::<QualificationRow>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound(Entity::Qualification))
}

/// A test's escrow position, by a project's rules (no top-up reserve: a test's pay
/// is its reward, known in advance).
pub fn test_escrow(q: &QualificationRow) -> EscrowState {
    EscrowState {
        funded_slots: q.funded_slots,
        settled_slots: q.settled_slots,
        reserve: 0,
        reward: q.reward.unwrap_or(0),
        fee: BasisPoints(q.fee_basis_points),
        rule: FeeRule::PerProject,
    }
}

fn organization_of(q: &QualificationRow) -> Result<OrganizationId> {
    q.organization()
        .ok_or_else(|| StoreError::Corrupt(format!("test {} has no organisation", q.id)))
}

fn escrow_account(q: &QualificationRow, org: &OrganizationId) -> Account {
    // The escrow account's owner is the qualification (the ledger's owner column is text).
    Account::escrow(&ProjectId::from(q.id.as_str()), org)
}

/// A test's transfers name its organisation and the answer paid, never a project (the
/// statements look a transfer's project up by that column).
fn meta(org: &OrganizationId, answer: Option<&str>) -> TransferMeta {
    TransferMeta {
        organization: Some(org.clone()),
        project: None,
        assignment: answer.map(AssignmentId::from),
    }
}

/// The test's fee tally (as `fee_tally_in` is a project's): what its answers were paid
/// and the fees charged on them, summed from the payments out of its escrow account.
async fn test_fee_tally(tx: &mut Tx<'_>, escrow: &Account) -> Result<FeeTally> {
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
        WHERE t.reason = 'approval' AND t.id IN (SELECT x.transfer_id FROM ledger_entries x
            WHERE x.account_id = $1)
        "#,
    )
    .bind(escrow.id())
    .fetch_one(&mut *tx)
    .await?;
    Ok(FeeTally { paid, charged })
}

/// Slots the takings in progress still need: each one's test and training items not
/// answered yet.
async fn slots_in_progress(tx: &mut Tx<'_>, q: &QualificationId) -> Result<i64> {
    Ok(query_scalar::<i64>(
        r#"
        SELECT COALESCE(CAST(SUM((SELECT COUNT(*) FROM qualification_items i
            WHERE i.qualification_id = t.qualification_id)
          - (SELECT COUNT(*) FROM qualification_answers a
            WHERE a.attempt_id = t.id AND a.submitted_at IS NOT NULL)) AS BIGINT), 0)
        FROM qualification_attempts t WHERE t.qualification_id = $1 AND t.finished_at IS NULL
        "#,
    )
    .bind(q)
    .fetch_one(&mut *tx)
    .await?)
}

/// Until when a failed taking keeps the worker from taking the test again (a refusal
/// decision not reversed on review, whose effect has not ended).
async fn cooldown_until(
    tx: &mut Tx<'_>,
    q: &QualificationId,
    worker: &UserId,
    now: Timestamp,
) -> Result<Option<Timestamp>> {
    Ok(query_scalar::<Option<i64>>(
        r#"
        SELECT MAX(effect_until) FROM decisions WHERE worker_id = $1 AND qualification_id = $2
        AND kind = 'qualification_refused' AND state <> 'reversed' AND effect_until > $3
        "#,
    )
    .bind(worker)
    .bind(q)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?)
}

/// Why the worker may not start a new taking of `q` now; None when they may.
async fn not_startable(
    tx: &mut Tx<'_>,
    q: &QualificationRow,
    worker: &UserId,
    now: Timestamp,
) -> Result<Option<NotStartable>> {
    if q.closed_at.is_some() {
        return Ok(Some(NotStartable::Closed));
    }
    let held: i64 = query_scalar(
        "SELECT COUNT(*) FROM qualification_grants WHERE qualification_id = $1 AND worker_id = $2",
    )
    .bind(&q.id)
    .bind(worker)
    .fetch_one(&mut *tx)
    .await?;
    if held > 0 {
        return Ok(Some(NotStartable::Held));
    }
    if let Some(until) = cooldown_until(tx, &q.id, worker, now).await? {
        return Ok(Some(NotStartable::Cooldown { until }));
    }
    if q.test_items == 0 {
        return Ok(Some(NotStartable::NoItems));
    }
    let free = test_escrow(q).unsettled_slots() - slots_in_progress(tx, &q.id).await?;
    if free < q.test_items + q.training_items {
        return Ok(Some(NotStartable::Unfunded));
    }
    Ok(None)
}

async fn open_attempt(
    tx: &mut Tx<'_>,
    q: &QualificationId,
    worker: &UserId,
) -> Result<Option<AttemptRow>> {
    let sql = format!(
        "SELECT {ATTEMPT_COLUMNS} FROM qualification_attempts WHERE qualification_id = $1 \
         AND worker_id = $2 AND finished_at IS NULL"
    );
    Ok(query_as::<AttemptRow>(sqlx::AssertSqlSafe(sql))
        .bind(q)
        .bind(worker)
        .fetch_optional(&mut *tx)
        .await?)
}

async fn item_in(tx: &mut Tx<'_>, id: &str) -> Result<TestItemRow> {
    let sql = format!("SELECT {ITEM_COLUMNS} FROM qualification_items WHERE id = $1");
    Ok(query_as::<TestItemRow>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?)
}

/// The taking's item to answer now: the one leased and not answered, else a new lease
/// on the next item not had (training items first, then test items, in order).
async fn lease_in_attempt(
    tx: &mut Tx<'_>,
    attempt: &AttemptRow,
    now: Timestamp,
) -> Result<Option<TestLease>> {
    let sql = format!(
        "SELECT {ANSWER_COLUMNS} FROM qualification_answers WHERE attempt_id = $1 \
         AND submitted_at IS NULL"
    );
    let mut answer = query_as::<TestAnswerRow>(sqlx::AssertSqlSafe(sql))
        .bind(&attempt.id)
        .fetch_optional(&mut *tx)
        .await?;
    if answer.is_none() {
        let next: Option<String> = query_scalar(
            r#"
            SELECT i.id FROM qualification_items i WHERE i.qualification_id = $1
            AND NOT EXISTS (SELECT 1 FROM qualification_answers a WHERE a.attempt_id = $2
                AND a.item_id = i.id)
            ORDER BY i.training DESC, i.position LIMIT 1
            "#,
        )
        .bind(&attempt.qualification_id)
        .bind(&attempt.id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(item) = next else {
            return Ok(None);
        };
        let sql = format!(
            "INSERT INTO qualification_answers (id, attempt_id, item_id, worker_id, leased_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {ANSWER_COLUMNS}"
        );
        answer = Some(
            query_as::<TestAnswerRow>(sqlx::AssertSqlSafe(sql))
                .bind(new_id())
                .bind(&attempt.id)
                .bind(&item)
                .bind(&attempt.worker_id)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?,
        );
    }
    let Some(answer) = answer else {
        return Ok(None);
    };
    let item = item_in(tx, &answer.item_id).await?;
    let (number, of): (i64, i64) = query_as(
        r#"
        SELECT (SELECT COUNT(*) FROM qualification_answers a WHERE a.attempt_id = $1),
               (SELECT COUNT(*) FROM qualification_items i WHERE i.qualification_id = $2)
        "#,
    )
    .bind(&attempt.id)
    .bind(&attempt.qualification_id)
    .fetch_one(&mut *tx)
    .await?;
    Ok(Some(TestLease {
        answer,
        item,
        number,
        of,
    }))
}

/// Store the items and escrow them, inside the transaction.
async fn add_items_in(
    tx: &mut Tx<'_>,
    id: &QualificationId,
    items: &[NewTestItem],
    now: Timestamp,
) -> Result<ItemsAdded> {
    let q = locked_test(tx, id).await?;
    if q.closed_at.is_some() {
        return Err(StoreError::conflict("err-test-closed", Vec::new()));
    }
    let mut position: i64 = query_scalar(
        "SELECT COALESCE(MAX(position), 0) FROM qualification_items WHERE qualification_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let mut added = ItemsAdded::default();
    for item in items {
        let inserted = query(
            r#"
            INSERT INTO qualification_items (id, qualification_id, position, external_id, data,
                known_answer, training, explanation, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (qualification_id, external_id) DO NOTHING
            "#,
        )
        .bind(new_id())
        .bind(id)
        .bind(position + 1)
        .bind(&item.external_id)
        .bind(&item.data)
        .bind(&item.known_answer)
        .bind(i64::from(item.training))
        .bind(&item.explanation)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 1 {
            position += 1;
            added.created += 1;
        } else {
            added.skipped += 1;
        }
    }
    let org = organization_of(&q)?;
    let escrow = test_escrow(&q);
    let slots = added.created * q.max_takers.unwrap_or(0);
    let cost = escrow.cost_of(handprint_core::ledger::Funding { slots, reserve: 0 });
    if cost > 0 {
        let t = Transfer::new(
            format!(
                "escrow:{id}:{}-{}",
                escrow.funded_slots,
                escrow.funded_slots + slots
            ),
            Reason::Escrow,
            // Read back by `handprint_core::memo` for the pages' languages.
            format!(
                "escrow for the test \"{}\" (items: {}, takers: {})",
                q.name,
                added.created,
                q.max_takers.unwrap_or(0)
            ),
        )
        .movement(
            &Account::org_available(&org),
            &escrow_account(&q, &org),
            cost,
        );
        post_transfer(tx, &t, &meta(&org, None), now).await?;
    }
    query(
        "UPDATE qualifications SET funded_slots = funded_slots + $1, updated_at = $2 WHERE id = $3",
    )
    .bind(slots)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    added.escrowed = cost;
    Ok(added)
}

/// Pay the answer `answer` (of the worker) its reward from the test's escrow: the
/// reward to the worker, the fee to the platform, and what the slot held for the fee
/// beyond it back to the organisation.
async fn pay_in(
    tx: &mut Tx<'_>,
    q: &QualificationRow,
    answer: &TestAnswerRow,
    now: Timestamp,
) -> Result<i64> {
    let org = organization_of(q)?;
    let escrow = test_escrow(q);
    let account = escrow_account(q, &org);
    let mut tally = test_fee_tally(tx, &account).await?;
    let fee = escrow.charge(&mut tally, escrow.reward);
    let t = Transfer::new(
        format!("pay:{}", answer.id),
        Reason::Approval,
        format!("reward for a test answer in \"{}\"", q.name),
    )
    .movement(
        &account,
        &Account::worker_available(&answer.worker_id),
        escrow.reward,
    )
    .movement(&account, &Account::platform_fees(), fee)
    .movement(
        &account,
        &Account::org_available(&org),
        escrow.slot_fee() - fee,
    );
    post_transfer(tx, &t, &meta(&org, Some(&answer.id)), now).await?;
    query("UPDATE qualifications SET settled_slots = settled_slots + 1 WHERE id = $1")
        .bind(&q.id)
        .execute(&mut *tx)
        .await?;
    Ok(escrow.reward)
}

/// Score the taking if its last test item is answered: grant or refuse, and log the
/// decision. Returns the taking as it stands and, after a failure, when a retake is allowed.
async fn finish_if_done(
    tx: &mut Tx<'_>,
    q: &QualificationRow,
    attempt_id: &str,
    now: Timestamp,
) -> Result<(AttemptRow, Option<Timestamp>)> {
    let (left, counted, correct): (i64, i64, i64) = query_as(
        r#"
        SELECT (SELECT COUNT(*) FROM qualification_items i WHERE i.qualification_id = $1
                AND i.training = 0 AND NOT EXISTS (SELECT 1 FROM qualification_answers a
                WHERE a.attempt_id = $2 AND a.item_id = i.id AND a.submitted_at IS NOT NULL)),
            (SELECT COUNT(*) FROM qualification_answers a WHERE a.attempt_id = $2
                AND a.correct IS NOT NULL),
            (SELECT COUNT(*) FROM qualification_answers a WHERE a.attempt_id = $2
                AND a.correct = 1)
        "#,
    )
    .bind(&q.id)
    .bind(attempt_id)
    .fetch_one(&mut *tx)
    .await?;
    let sql = format!("SELECT {ATTEMPT_COLUMNS} FROM qualification_attempts WHERE id = $1");
    let attempt = query_as::<AttemptRow>(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(attempt_id)
        .fetch_one(&mut *tx)
        .await?;
    if left > 0 || attempt.finished_at.is_some() {
        return Ok((attempt, None));
    }
    let pass_score = q.pass_score.unwrap_or(100);
    let score = percent(correct, counted);
    let passed = score >= pass_score;
    query(
        r#"
        UPDATE qualification_attempts SET finished_at = $1, items = $2, correct = $3, score = $4,
            passed = $5 WHERE id = $6
        "#,
    )
    .bind(now)
    .bind(counted)
    .bind(correct)
    .bind(score)
    .bind(i64::from(passed))
    .bind(attempt_id)
    .execute(&mut *tx)
    .await?;
    let retake = q.retake_after_seconds.unwrap_or(0);
    let retake_at = (!passed).then(|| now + retake.saturating_mul(MICROS_PER_SECOND));
    if passed {
        grant_in(tx, q, &attempt.worker_id, score, now).await?;
    }
    let org = q.organization();
    let inputs = serde_json::json!({
        "score": score, "pass_score": pass_score, "items": counted, "correct": correct,
        "retake_after_seconds": retake, "attempt": attempt_id,
    });
    record_decision(
        tx,
        &NewDecision {
            worker: &attempt.worker_id,
            organization: org.as_ref(),
            project: None,
            qualification: Some(&q.id),
            kind: if passed {
                DecisionKind::QualificationGranted
            } else {
                DecisionKind::QualificationRefused
            },
            rule: "test_score",
            inputs: &inputs,
            reason: if passed { "test_passed" } else { "test_failed" },
            effect_until: retake_at,
            made_by: q.id.as_str(),
            now,
        },
    )
    .await?;
    let attempt = query_as::<AttemptRow>(sqlx::AssertSqlSafe(sql))
        .bind(attempt_id)
        .fetch_one(&mut *tx)
        .await?;
    Ok((attempt, retake_at))
}

/// Grant the qualification at `score` after a passed taking, kept in its history
/// with no person behind it (`by_user` NULL).
async fn grant_in(
    tx: &mut Tx<'_>,
    q: &QualificationRow,
    worker: &UserId,
    score: i64,
    now: Timestamp,
) -> Result<()> {
    query(
        r#"
        INSERT INTO qualification_grants (qualification_id, worker_id, score, granted_at)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (qualification_id, worker_id)
        DO UPDATE SET score = excluded.score, granted_at = excluded.granted_at
        "#,
    )
    .bind(&q.id)
    .bind(worker)
    .bind(score)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    query(
        r#"
        INSERT INTO qualification_events (id, qualification_id, worker_id, action, score, reason,
            by_user, at)
        VALUES ($1, $2, $3, 'granted', $4, $5, NULL, $6)
        "#,
    )
    .bind(new_id())
    .bind(&q.id)
    .bind(worker)
    .bind(score)
    .bind(format!(
        "passed the test with a score of {score} (pass score {})",
        q.pass_score.unwrap_or(100)
    ))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The answer to store: Ok(None) when `answer` may take it, Ok(Some(repeat)) for the
/// same answer sent again, a conflict for a different one.
fn repeat_of(stored: &TestAnswerRow, answer_json: &str) -> Result<bool> {
    let Some(before) = stored.answer.as_deref() else {
        return Ok(false);
    };
    let same = serde_json::from_str::<serde_json::Value>(before).ok()
        == serde_json::from_str::<serde_json::Value>(answer_json).ok();
    if same {
        Ok(true)
    } else {
        Err(StoreError::conflict(
            "err-submit-different-answer",
            Vec::new(),
        ))
    }
}

async fn answer_in(tx: &mut Tx<'_>, id: &str, lock: bool) -> Result<Option<TestAnswerRow>> {
    let suffix = if lock { tx.lock() } else { "" };
    let sql = format!("SELECT {ANSWER_COLUMNS} FROM qualification_answers WHERE id = $1{suffix}");
    Ok(query_as::<TestAnswerRow>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?)
}

/// A test answer to store.
pub struct TestSubmission<'a> {
    pub answer_id: &'a str,
    pub worker: &'a UserId,
    /// The answer as the template's validation normalised it (JSON).
    pub answer_json: &'a str,
    pub now: Timestamp,
}

async fn submit_in(tx: &mut Tx<'_>, s: &TestSubmission<'_>) -> Result<TestSubmitted> {
    let found = answer_in(tx, s.answer_id, false).await?;
    let Some(found) = found.filter(|a| a.worker_id == *s.worker) else {
        return Err(StoreError::NotFound(Entity::Assignment));
    };
    let item = item_in(tx, &found.item_id).await?;
    let q = locked_test(tx, &QualificationId::from(item.qualification_id.as_str())).await?;
    let stored = answer_in(tx, s.answer_id, true)
        .await?
        .ok_or(StoreError::NotFound(Entity::Assignment))?;
    if repeat_of(&stored, s.answer_json)? {
        let sql = format!("SELECT {ATTEMPT_COLUMNS} FROM qualification_attempts WHERE id = $1");
        let attempt = query_as::<AttemptRow>(sqlx::AssertSqlSafe(sql))
            .bind(&stored.attempt_id)
            .fetch_one(&mut *tx)
            .await?;
        let retake_at = match attempt.passed {
            Some(0) => cooldown_until(tx, &q.id, s.worker, s.now).await?,
            _ => None,
        };
        return Ok(TestSubmitted {
            answer: stored,
            item,
            repeated: true,
            attempt,
            retake_at,
        });
    }
    let correct = if item.is_training() {
        None
    } else {
        let template: Template = serde_json::from_str(q.template.as_deref().unwrap_or("null"))
            .map_err(|e| StoreError::Corrupt(format!("test {}'s template: {e}", q.id)))?;
        let answer: serde_json::Value =
            serde_json::from_str(s.answer_json).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let known: serde_json::Value = serde_json::from_str(&item.known_answer)
            .map_err(|e| StoreError::Corrupt(format!("test item {}: {e}", item.id)))?;
        Some(i64::from(answer_matches(&template, &known, &answer)))
    };
    let paid = pay_in(tx, &q, &stored, s.now).await?;
    query(
        r#"
        UPDATE qualification_answers SET answer = $1, submitted_at = $2, correct = $3, paid = $4
        WHERE id = $5
        "#,
    )
    .bind(s.answer_json)
    .bind(s.now)
    .bind(correct)
    .bind(paid)
    .bind(s.answer_id)
    .execute(&mut *tx)
    .await?;
    let (attempt, retake_at) = finish_if_done(tx, &q, &stored.attempt_id, s.now).await?;
    let answer = answer_in(tx, s.answer_id, false)
        .await?
        .ok_or(StoreError::NotFound(Entity::Assignment))?;
    Ok(TestSubmitted {
        answer,
        item,
        repeated: false,
        attempt,
        retake_at,
    })
}

/// Start or continue the worker's taking of `q` and hand them its item to answer,
/// inside the transaction. Err(NotStartable) when no taking is in progress and a new
/// one may not start; Ok(None) when the taking has nothing left to answer.
async fn next_in(
    tx: &mut Tx<'_>,
    q: &QualificationId,
    worker: &UserId,
    now: Timestamp,
) -> Result<std::result::Result<Option<TestLease>, NotStartable>> {
    if tx.is_postgres() {
        // One worker's concurrent requests queue here (as in the project claim).
        query("SELECT id FROM users WHERE id = $1 FOR UPDATE")
            .bind(worker)
            .execute(&mut *tx)
            .await?;
    }
    let row = locked_test(tx, q).await?;
    let attempt = match open_attempt(tx, q, worker).await? {
        Some(a) => a,
        None => {
            if let Some(why) = not_startable(tx, &row, worker, now).await? {
                return Ok(Err(why));
            }
            let sql = format!(
                "INSERT INTO qualification_attempts (id, qualification_id, worker_id, started_at) \
                 VALUES ($1, $2, $3, $4) RETURNING {ATTEMPT_COLUMNS}"
            );
            query_as::<AttemptRow>(sqlx::AssertSqlSafe(sql))
                .bind(new_id())
                .bind(q)
                .bind(worker)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?
        }
    };
    Ok(Ok(lease_in_attempt(tx, &attempt, now).await?))
}

impl Db {
    /// Store test or training items and escrow reward and fee for `max_takers` takings
    /// of each, in one transaction: `InsufficientFunds` (naming the amount missing)
    /// stores nothing. Items whose external_id the test has are skipped.
    pub async fn add_test_items(
        &self,
        id: &QualificationId,
        items: &[NewTestItem],
        now: Timestamp,
    ) -> Result<ItemsAdded> {
        self.write(|tx| Box::pin(async move { add_items_in(tx, id, items, now).await }))
            .await
    }

    /// The worker's next item of test `q` (starting a taking when none is in progress).
    pub async fn next_test_item(
        &self,
        q: &QualificationId,
        worker: &UserId,
        now: Timestamp,
    ) -> Result<std::result::Result<Option<TestLease>, NotStartable>> {
        self.write(|tx| Box::pin(async move { next_in(tx, q, worker, now).await }))
            .await
    }

    /// The test item behind an answer id (what the submit route is given), if it is one.
    pub async fn test_answer(&self, id: &str) -> Result<Option<(TestAnswerRow, TestItemRow)>> {
        let sql = format!("SELECT {ANSWER_COLUMNS} FROM qualification_answers WHERE id = $1");
        let Some(answer) = query_as::<TestAnswerRow>(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self)
            .await?
        else {
            return Ok(None);
        };
        let sql = format!("SELECT {ITEM_COLUMNS} FROM qualification_items WHERE id = $1");
        let item = query_as::<TestItemRow>(sqlx::AssertSqlSafe(sql))
            .bind(&answer.item_id)
            .fetch_one(self)
            .await?;
        Ok(Some((answer, item)))
    }

    /// Which item of its taking an answer is (the items leased so far), of how many.
    pub async fn test_progress(&self, attempt: &str, q: &QualificationId) -> Result<(i64, i64)> {
        Ok(query_as(
            r#"
            SELECT (SELECT COUNT(*) FROM qualification_answers a WHERE a.attempt_id = $1),
                   (SELECT COUNT(*) FROM qualification_items i WHERE i.qualification_id = $2)
            "#,
        )
        .bind(attempt)
        .bind(q)
        .fetch_one(self)
        .await?)
    }

    /// Store a test answer, pay it, and score the taking when it was the last test item.
    pub async fn submit_test_answer(&self, s: &TestSubmission<'_>) -> Result<TestSubmitted> {
        self.write(|tx| Box::pin(async move { submit_in(tx, s).await }))
            .await
    }

    /// Every test not closed, with whether the worker may start it now and their taking
    /// in progress: what the worker's list of tests shows.
    pub async fn tests_for_worker(&self, worker: &UserId, now: Timestamp) -> Result<Vec<OpenTest>> {
        self.write(|tx| {
            Box::pin(async move {
                let sql = format!(
                    "SELECT {} FROM qualifications q WHERE q.kind = 'test' AND q.closed_at IS NULL \
                     ORDER BY q.name, q.id",
                    crate::qualifications::QUALIFICATION_COLUMNS
                );
                let rows = query_as::<QualificationRow>(sqlx::AssertSqlSafe(sql))
                    .fetch_all(&mut *tx)
                    .await?;
                let mut tests = Vec::with_capacity(rows.len());
                for q in rows {
                    let in_progress = match open_attempt(tx, &q.id, worker).await? {
                        Some(a) => {
                            let answered: i64 = query_scalar(
                                "SELECT COUNT(*) FROM qualification_answers WHERE attempt_id = $1 \
                                 AND submitted_at IS NOT NULL",
                            )
                            .bind(&a.id)
                            .fetch_one(&mut *tx)
                            .await?;
                            Some((a, answered))
                        }
                        None => None,
                    };
                    let blocked = match in_progress {
                        Some(_) => None,
                        None => not_startable(tx, &q, worker, now).await?,
                    };
                    tests.push(OpenTest {
                        qualification: q,
                        blocked,
                        in_progress,
                    });
                }
                Ok(tests)
            })
        })
        .await
    }

    /// Close a test to new takings and return to the organisation what its escrow holds
    /// beyond the items the takings in progress still need. False when it was closed already.
    pub async fn close_test(&self, id: &QualificationId, now: Timestamp) -> Result<bool> {
        self.write(|tx| {
            Box::pin(async move {
                let q = locked_test(tx, id).await?;
                if q.closed_at.is_some() {
                    return Ok(false);
                }
                let keep = slots_in_progress(tx, id).await?;
                let escrow = test_escrow(&q);
                let (after, released) = escrow.release_to(keep);
                if released > 0 {
                    let org = organization_of(&q)?;
                    let t = Transfer::new(
                        format!(
                            "release:{id}:{}:{}",
                            escrow.funded_slots, escrow.settled_slots
                        ),
                        Reason::Release,
                        format!("escrow of the closed test \"{}\" no longer needs", q.name),
                    )
                    .movement(
                        &escrow_account(&q, &org),
                        &Account::org_available(&org),
                        released,
                    );
                    post_transfer(tx, &t, &meta(&org, None), now).await?;
                }
                query(
                    "UPDATE qualifications SET closed_at = $1, updated_at = $1, funded_slots = $2 \
                     WHERE id = $3",
                )
                .bind(now)
                .bind(after.funded_slots)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                Ok(true)
            })
        })
        .await
    }

    /// Every test whose escrow account disagrees with its open commitments (the ledger
    /// check's part for tests).
    pub(crate) async fn test_escrow_problems(&self) -> Result<Vec<String>> {
        let sql = format!(
            "SELECT {} FROM qualifications q WHERE q.kind = 'test'",
            crate::qualifications::QUALIFICATION_COLUMNS
        );
        let tests = query_as::<QualificationRow>(sqlx::AssertSqlSafe(sql))
            .fetch_all(self)
            .await?;
        let mut problems = Vec::new();
        for q in tests {
            let Some(org) = q.organization() else {
                continue;
            };
            let escrow = test_escrow(&q);
            let balance = self
                .balance_of(&escrow_account(&q, &org).id())
                .await?
                .minor();
            let paid: i64 = query_scalar(
                r#"
                SELECT COUNT(*) FROM qualification_answers a JOIN qualification_items i
                    ON i.id = a.item_id
                WHERE i.qualification_id = $1 AND a.submitted_at IS NOT NULL
                "#,
            )
            .bind(&q.id)
            .fetch_one(self)
            .await?;
            if paid != q.settled_slots {
                problems.push(format!(
                    "test {}: {paid} answers are paid but the test counts {}",
                    q.id, q.settled_slots
                ));
            }
            if balance != escrow.commitment() {
                problems.push(format!(
                    "test {}: escrow holds {balance} but its open commitments are {} ({} unsettled slots x {})",
                    q.id,
                    escrow.commitment(),
                    escrow.unsettled_slots(),
                    escrow.slot_cost()
                ));
            }
        }
        Ok(problems)
    }
}
