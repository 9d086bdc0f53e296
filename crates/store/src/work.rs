//! Work: leasing tasks to workers, submissions, returns and expiry.
//!
//! Invariants kept here, on both backends and with several server processes:
//! a worker holds at most one assignment per task, ever; a task is offered only
//! while live leases plus submitted answers stay below its overlap
//! (`tasks.remaining > 0`); each assignment ends exactly once.
//!
//! Claiming is the one place where the dialects differ: PostgreSQL locks the
//! chosen task row with `FOR UPDATE SKIP LOCKED` (after an advisory lock on the
//! worker, so one worker's parallel requests queue: [`PG_WORKER_LOCK_SQL`]) and takes
//! it in the same statement ([`TAKE_SQL`]; the common case runs whole in one function
//! call, [`PG_QUICK_CLAIM_SQL`]), SQLite takes the write lock up front with
//! `BEGIN IMMEDIATE`.
//! Who may claim what is one composable fragment, [`may_work_sql`], that every
//! claim query embeds: a new condition on eligibility belongs there.

use crate::projects::{PROJECT_COLUMNS, ProjectRow};
use crate::sql::{query, query_as, query_scalar};
use crate::tasks::TaskRow;
use crate::{Db, Result, StoreError, Tx, new_id};
use handprint_core::ProjectId;
use handprint_core::clock::to_rfc3339;
use handprint_core::{AssignmentId, TaskId, Timestamp, UserId};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AssignmentRow {
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
    pub expires_at: i64,
    pub ended_at: Option<i64>,
    pub answer: Option<String>,
    pub working_micros: Option<i64>,
    pub idempotency_key: Option<String>,
}

const ASSIGNMENT_COLUMNS: &str = r#"
    id, task_id, project_id, worker_id, state, leased_at, expires_at, ended_at, answer,
    working_micros, idempotency_key
"#;

/// A lease handed to a worker, with what they need to do the work.
#[derive(Debug, Clone)]
pub struct Lease {
    pub assignment: AssignmentRow,
    pub task: TaskRow,
    pub project: ProjectRow,
    /// The name of the project's organisation (the requester a worker sees).
    pub requester: String,
}

/// A lease read in one statement ([`LEASE_SQL`]): the project's columns under their
/// own names, the assignment's prefixed `a_`, the task's `t_`.
#[derive(sqlx::FromRow)]
struct LeaseJoin {
    #[sqlx(flatten)]
    project: ProjectRow,
    requester: String,
    #[sqlx(try_from = "String")]
    a_id: AssignmentId,
    #[sqlx(try_from = "String")]
    a_worker_id: UserId,
    #[sqlx(try_from = "String")]
    a_state: handprint_core::work::AssignmentState,
    a_leased_at: i64,
    a_expires_at: i64,
    a_ended_at: Option<i64>,
    a_answer: Option<String>,
    a_working_micros: Option<i64>,
    a_idempotency_key: Option<String>,
    #[sqlx(try_from = "String")]
    t_id: TaskId,
    t_external_id: Option<String>,
    t_data: String,
    t_known_answer: Option<String>,
    t_remaining: i64,
    t_answers: i64,
    t_created_at: i64,
}

/// What a lease is read as ([`LeaseJoin`]): the project's columns (`{project}`), its
/// organisation's name, the assignment's columns prefixed `a_` (from `a`) and the
/// task's `t_` (from `t`).
const LEASE_COLUMNS_SQL: &str = r#"
    SELECT {project}, o.name AS requester,
        a.id AS a_id, a.worker_id AS a_worker_id, a.state AS a_state,
        a.leased_at AS a_leased_at, a.expires_at AS a_expires_at, a.ended_at AS a_ended_at,
        a.answer AS a_answer, a.working_micros AS a_working_micros,
        a.idempotency_key AS a_idempotency_key,
        t.id AS t_id, t.external_id AS t_external_id, t.data AS t_data,
        t.known_answer AS t_known_answer, t.remaining AS t_remaining, t.answers AS t_answers,
        t.created_at AS t_created_at
    "#;

/// [`LEASE_COLUMNS_SQL`] with the project's columns in it.
fn lease_columns() -> String {
    let columns = PROJECT_COLUMNS
        .split(',')
        .map(|c| format!("p.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    LEASE_COLUMNS_SQL.replace("{project}", &columns)
}

/// An assignment ($1) with its task, project and organisation's name: one round trip
/// where three reads were (the claim's answer and the submit's checks both need them).
/// Built once: every submit reads a lease, and so does every claim on SQLite (the quick
/// claim on the writer's direct connection, the long way after its commit).
static LEASE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{}    FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN projects p ON p.id = a.project_id
    JOIN organizations o ON o.id = p.organization_id
    WHERE a.id = $1",
        lease_columns()
    )
});

/// A lease from a row of [`LEASE`] on a direct connection (`crate::direct`), decoded
/// as sqlx decodes a [`LeaseJoin`].
fn lease_of(row: &rusqlite::Row<'_>) -> Result<Lease> {
    let mut c = crate::direct::Columns::new(row);
    // A struct expression evaluates its fields in the order written: the columns'.
    Ok(Lease::from(LeaseJoin {
        project: ProjectRow::from_columns(&mut c)?,
        requester: c.next("requester")?,
        a_id: c.parsed("a_id")?,
        a_worker_id: c.parsed("a_worker_id")?,
        a_state: c.parsed("a_state")?,
        a_leased_at: c.next("a_leased_at")?,
        a_expires_at: c.next("a_expires_at")?,
        a_ended_at: c.next("a_ended_at")?,
        a_answer: c.next("a_answer")?,
        a_working_micros: c.next("a_working_micros")?,
        a_idempotency_key: c.next("a_idempotency_key")?,
        t_id: c.parsed("t_id")?,
        t_external_id: c.next("t_external_id")?,
        t_data: c.next("t_data")?,
        t_known_answer: c.next("t_known_answer")?,
        t_remaining: c.next("t_remaining")?,
        t_answers: c.next("t_answers")?,
        t_created_at: c.next("t_created_at")?,
    }))
}

/// The lease of assignment `id` ([`LEASE`]) read on the direct connection `conn`;
/// None when there is no such assignment.
fn direct_lease(conn: &rusqlite::Connection, id: &AssignmentId) -> Result<Option<Lease>> {
    let mut stmt = conn.prepare_cached(LEASE.as_str())?;
    crate::writer::bind(&mut stmt, &[&id.as_str()])?;
    let mut rows = stmt.raw_query();
    rows.next()?.map(lease_of).transpose()
}

impl From<LeaseJoin> for Lease {
    fn from(j: LeaseJoin) -> Lease {
        Lease {
            assignment: AssignmentRow {
                id: j.a_id,
                task_id: j.t_id.clone(),
                project_id: j.project.id.clone(),
                worker_id: j.a_worker_id,
                state: j.a_state,
                leased_at: j.a_leased_at,
                expires_at: j.a_expires_at,
                ended_at: j.a_ended_at,
                answer: j.a_answer,
                working_micros: j.a_working_micros,
                idempotency_key: j.a_idempotency_key,
            },
            task: TaskRow {
                id: j.t_id,
                project_id: j.project.id.clone(),
                external_id: j.t_external_id,
                data: j.t_data,
                known_answer: j.t_known_answer,
                remaining: j.t_remaining,
                answers: j.t_answers,
                created_at: j.t_created_at,
            },
            project: j.project,
            requester: j.requester,
        }
    }
}

/// The result of a submission.
#[derive(Debug, Clone)]
pub enum Submitted {
    /// Stored now.
    Accepted(AssignmentRow),
    /// The same submission had already been stored (a retry); nothing changed.
    Repeated(AssignmentRow),
}

/// Whether the worker ($1) may work on project `p`: every project without
/// eligibility (`restricted = 0`) stops at the first test, so an open project's claim
/// reads nothing more; otherwise their country must be one of the project's (when it
/// names any), they must declare each of its languages, hold each of its
/// qualifications at its minimum score, be on the organisation's include list when
/// the project admits listed workers only, and not be on its block list
/// (`handprint_core::eligibility::shortfalls`
/// says the same in Rust, for the pages that tell a worker why not). Each probe is a
/// primary-key lookup on a small table.
pub(crate) const ELIGIBLE_SQL: &str = r#"
    (p.restricted = 0 OR (
        (NOT EXISTS (SELECT 1 FROM project_countries pc WHERE pc.project_id = p.id)
         OR EXISTS (SELECT 1 FROM project_countries pc JOIN users u ON u.country = pc.country
                    WHERE pc.project_id = p.id AND u.id = $1))
        AND NOT EXISTS (SELECT 1 FROM project_languages pl WHERE pl.project_id = p.id
            AND NOT EXISTS (SELECT 1 FROM worker_languages wl
                            WHERE wl.worker_id = $1 AND wl.language = pl.language))
        AND NOT EXISTS (SELECT 1 FROM project_qualifications pq WHERE pq.project_id = p.id
            AND NOT EXISTS (SELECT 1 FROM qualification_grants g
                            WHERE g.qualification_id = pq.qualification_id
                            AND g.worker_id = $1 AND g.score >= pq.min_score))
        AND (p.included_only = 0 OR EXISTS (SELECT 1 FROM worker_lists il
            WHERE il.organization_id = p.organization_id AND il.worker_id = $1
            AND il.list = 'include'))
        AND NOT EXISTS (SELECT 1 FROM worker_lists bl
            WHERE bl.organization_id = p.organization_id AND bl.worker_id = $1
            AND bl.list = 'block')))
"#;

/// Not restricted from project `p` by a rule: no `restricted` decision about the
/// worker ($1) for it in force at `{now}` (the decision log's own test,
/// [`crate::decisions::IN_FORCE_SQL`]; a reversal or the end of the restriction lifts
/// it). One probe of the index `decisions_effect (worker_id, kind, project_id, …)`.
const NOT_RESTRICTED_SQL: &str = r#"
    NOT EXISTS (SELECT 1 FROM decisions d WHERE d.worker_id = $1 AND d.kind = 'restricted'
        AND d.project_id = p.id AND {in_force})
"#;

/// [`ELIGIBLE_SQL`], [`NOT_RESTRICTED_SQL`] and the sensitive-content opt-in and daily
/// cap ([`crate::sensitive::sensitive_sql`]), with the time as parameter `now` ("$3").
pub(crate) fn may_work_sql(now: &str) -> String {
    let in_force = crate::decisions::IN_FORCE_SQL.replace("$now", now);
    format!(
        "({ELIGIBLE_SQL} AND {} AND {})",
        NOT_RESTRICTED_SQL.replace("{in_force}", &in_force),
        crate::sensitive::sensitive_sql(now)
    )
}

/// The first open item of one active project ($2) that the worker ($1) has not
/// had and may work on at $3 ({eligible} is [`may_work_sql`]); `{kind}` narrows it to
/// control items or to the others when the project mixes controls in. Through the
/// partial index `tasks_open (project_id, id) WHERE remaining > 0` (or
/// `tasks_open_control`), so its cost does not grow with the project's answered
/// items, nor with any other project (a large draft included). `{tasks}` is [`open_tasks`].
///
/// "Not had" is [`not_had`], read per item looked at.
const PROJECT_CANDIDATE_SQL: &str = r#"
    SELECT t.id FROM {tasks}
    WHERE t.project_id = $2 AND t.remaining > 0{kind} AND {not_had}
    AND EXISTS (SELECT 1 FROM projects p WHERE p.id = $2 AND p.state = 'active' AND {eligible})
    ORDER BY t.id LIMIT 1
    "#;

/// Each active project the worker ($1) may work on at $2 with its control rate and
/// its first open item they have not had (NULL when none): one index probe per active
/// project instead of a sort of every open item of every project.
const FIRST_CANDIDATES_SQL: &str = r#"
    SELECT p.id, p.control_rate, (
        SELECT t.id FROM {tasks}
        WHERE t.project_id = p.id AND t.remaining > 0 AND {not_had}
        ORDER BY t.id LIMIT 1
    )
    FROM projects p WHERE p.state = 'active' AND {eligible}
    "#;

/// The tasks table as the claim queries read it. Without statistics SQLite's
/// planner takes `tasks_project (project_id, id)` over the partial `tasks_open`,
/// and then walks every answered item of the project before the first open one;
/// `INDEXED BY` names the right index. PostgreSQL's planner picks it by its costs.
pub(crate) fn open_tasks(postgres: bool) -> &'static str {
    if postgres {
        "tasks t"
    } else {
        "tasks t INDEXED BY tasks_open"
    }
}

/// "Worker `worker` (`$1`, or a column) has not had item `t`", for one backend: read
/// for every item a claim looks at, so it must cost the same however much the worker
/// and the project have done. It reads the item's own assignments (its overlap and the
/// few given back) through the unique index `(task_id, worker_id)` and nothing else.
///
/// On PostgreSQL it is written `NOT IN`, which the planner neither pulls up into a join
/// nor can answer from an index led by the worker. As `NOT EXISTS` with both columns
/// it was planned two wrong ways: as a merge anti-join that walked the assignments of
/// every item before the candidate (fenced off with `LIMIT 1 OFFSET 0`; docs/benchmarks.md,
/// "Flat on PostgreSQL"), and, in a generic plan made while the table was nearly empty
/// and without statistics, through `assignments_worker_project` by the worker alone,
/// every item the worker ever had filtered for this one; such a plan stays in the
/// connection's cache for good when nothing analyses the table. `worker_id` is never
/// NULL, so `NOT IN` means what `NOT EXISTS` would. SQLite's planner takes the unique
/// index for the two equalities and runs the correlated probe per item as written.
pub(crate) fn not_had(worker: &str, postgres: bool) -> String {
    if postgres {
        format!("{worker} NOT IN (SELECT a.worker_id FROM assignments a WHERE a.task_id = t.id)")
    } else {
        format!(
            "NOT EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = t.id AND a.worker_id = {worker})"
        )
    }
}

/// The assignments as the probes of a worker's live leases read them (`{leases}`):
/// through the partial index of leased rows, a handful per worker whatever their
/// history. Without statistics SQLite's planner may take `assignments_worker_project`
/// instead (of two indexes that fit it equally, the one created last), and then walks
/// every item the worker ever had in the project (a claim's cost grew with each answer:
/// 1,523 and 1,795 cycles/s instead of 3,041–3,790 at 20,000 items, docs/benchmarks.md);
/// `INDEXED BY` names the right one.
/// PostgreSQL's planner picks it by its costs.
pub(crate) fn live_leases(postgres: bool) -> &'static str {
    if postgres {
        "assignments a"
    } else {
        "assignments a INDEXED BY assignments_worker_leased"
    }
}

/// The worker's ($1) live lease at $3 in any active project ($2 empty) or in $2.
const LIVE_LEASE_SQL: &str = r#"
    SELECT a.id FROM {leases} WHERE a.worker_id = $1 AND a.state = 'leased'
    AND a.expires_at > $3 AND ($2 = '' OR a.project_id = $2) ORDER BY a.leased_at LIMIT 1
    "#;

/// [`LIVE_LEASE_SQL`] for one backend, built once each.
fn live_lease_sql(postgres: bool) -> &'static str {
    static SQLITE: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| LIVE_LEASE_SQL.replace("{leases}", live_leases(false)));
    static POSTGRES: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| LIVE_LEASE_SQL.replace("{leases}", live_leases(true)));
    if postgres { &POSTGRES } else { &SQLITE }
}

/// A claim in a named project ($2) starts here, in one round trip: the project's
/// state and control rate, the worker's ($1) live lease there at $3 (NULL when
/// none; when there is one, it is the answer), whether anyone else waits for work
/// there (1 or 0, [`crate::allocation::OTHERS_WAIT_SQL`]: when 0 it is the worker's
/// turn without reading the queue) and since when the worker waits (NULL: not
/// waiting, so a lease writes nothing to the queue). No row: no such project. On
/// PostgreSQL the project row is read under a share lock ([`share_lock`]).
const NAMED_HEAD_SQL: &str = r#"
    SELECT p.state, p.control_rate, (
        SELECT a.id FROM {leases} WHERE a.worker_id = $1 AND a.state = 'leased'
        AND a.expires_at > $3 AND a.project_id = $2 ORDER BY a.leased_at LIMIT 1
    ), {others_wait}, {me_waiting}{more}
    FROM projects p WHERE p.id = $2
    "#;

/// [`NAMED_HEAD_SQL`] for one backend with the allocation's probes written in, built
/// once each.
fn named_head(postgres: bool) -> &'static str {
    static SQLITE: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| named_head_with(false, ""));
    static POSTGRES: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| named_head_with(true, ""));
    if postgres { &POSTGRES } else { &SQLITE }
}

/// [`NAMED_HEAD_SQL`] for one backend, with `more` (", column…") after its columns.
fn named_head_with(postgres: bool, more: &str) -> String {
    NAMED_HEAD_SQL
        .replace("{leases}", live_leases(postgres))
        .replace("{others_wait}", &crate::allocation::others_wait_sql())
        .replace("{me_waiting}", crate::allocation::ME_WAITING_SQL)
        .replace("{more}", more)
}

/// The head's row: state, control rate, live lease, others waiting (0 or 1), and
/// since when the worker waits.
type Head = (String, i64, Option<String>, i64, Option<i64>);

/// On SQLite, a new lease in one round trip: the assignment, made from the task and
/// project rows (its lease length is the project's; $1 the new id, $2 the worker, $3
/// now, $4 the task), and the slot it takes. sqlx's SQLite driver runs the statements
/// of one query text one after the other in its connection thread, each reading the
/// arguments by number.
const SQLITE_LEASE_SQL: &str = r#"
    INSERT INTO assignments (id, task_id, project_id, worker_id, state, leased_at, expires_at)
    SELECT $1, t.id, t.project_id, $2, 'leased', $3, $3 + p.lease_seconds * 1000000
    FROM tasks t JOIN projects p ON p.id = t.project_id WHERE t.id = $4;
    UPDATE tasks SET remaining = remaining - 1 WHERE id = $4
    "#;

/// On SQLite, a pick in one round trip: the first open item the worker may answer
/// (`{candidate}`, [`PROJECT_CANDIDATE_SQL`] with $1 the worker, $2 the project, $3
/// now) gets the new assignment ($4 its id), and the slot it took is counted. Two rows
/// change when an item was found, none otherwise. SQLite's write transaction holds the
/// database, so nothing can take the item between the two statements.
const SQLITE_TAKE_SQL: &str = r#"
    INSERT INTO assignments (id, task_id, project_id, worker_id, state, leased_at, expires_at)
    SELECT $4, t.id, t.project_id, $1, 'leased', $3, $3 + p.lease_seconds * 1000000
    FROM tasks t JOIN projects p ON p.id = t.project_id WHERE t.id = ({candidate});
    UPDATE tasks SET remaining = remaining - 1
    WHERE id = (SELECT a.task_id FROM assignments a WHERE a.id = $4)
    "#;

/// Take one slot of `task_id` for `worker` inside the (SQLite) transaction; returns the
/// new assignment id.
async fn lease_task(
    tx: &mut Tx<'_>,
    task_id: &TaskId,
    worker: &UserId,
    now: Timestamp,
) -> Result<AssignmentId> {
    let id = AssignmentId::from(new_id());
    query(SQLITE_LEASE_SQL)
        .bind(&id)
        .bind(worker)
        .bind(now)
        .bind(task_id)
        .execute(&mut *tx)
        .await?;
    Ok(id)
}

/// On SQLite, the usual claim in a named project ($2), run as a direct write (see
/// `writer.rs`): when the project is active and mixes in no control items, the worker
/// ($1) holds no live lease there at $3 and nobody else waits for its work
/// ([`NAMED_HEAD_SQL`]'s answers, so it is the worker's turn), the first open item they
/// may answer (`{candidate}`) gets the new assignment ($4). One row inserted: then its
/// slot is taken ([`SQLITE_TAKE_SLOT_SQL`]) and, if the worker was waiting, they leave
/// the queue ([`SQLITE_SERVED_SQL`]). No row: nothing changed, and [`claim_in`] takes
/// the long way, which says why.
const SQLITE_QUICK_CLAIM_SQL: &str = r#"
    INSERT INTO assignments (id, task_id, project_id, worker_id, state, leased_at, expires_at)
    SELECT $4, t.id, t.project_id, $1, 'leased', $3, $3 + p.lease_seconds * 1000000
    FROM projects p JOIN tasks t ON t.id = ({candidate})
    WHERE p.id = $2 AND p.state = 'active' AND p.control_rate <= 0
    AND NOT EXISTS (SELECT 1 FROM {leases} WHERE a.worker_id = $1 AND a.state = 'leased'
        AND a.expires_at > $3 AND a.project_id = $2)
    AND {others_wait} = 0
    "#;

/// The slot the new assignment ($1) took on its item.
const SQLITE_TAKE_SLOT_SQL: &str = r#"
    UPDATE tasks SET remaining = remaining - 1
    WHERE id = (SELECT a.task_id FROM assignments a WHERE a.id = $1)
    "#;

/// A worker ($1) who was waiting for work leaves the allocation queue.
const SQLITE_SERVED_SQL: &str = r#"
    UPDATE allocation_queue SET waiting_since = NULL
    WHERE worker_id = $1 AND waiting_since IS NOT NULL
    "#;

/// [`SQLITE_QUICK_CLAIM_SQL`] with its candidate and the allocation's probe written in.
static SQLITE_QUICK_CLAIM: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    SQLITE_QUICK_CLAIM_SQL
        .replace("{candidate}", &project_candidate_sql(false))
        .replace("{leases}", live_leases(false))
        .replace("{others_wait}", &crate::allocation::others_wait_sql())
});

/// SQLite's quick claim on the direct connection, inside the writer's savepoint: the
/// worker's new lease (assignment `id`, read back in the same savepoint, where the
/// connection's pages are warm), or None when nothing changed.
fn direct_quick_claim(
    conn: &rusqlite::Connection,
    worker: &UserId,
    project: &ProjectId,
    now: Timestamp,
    id: &AssignmentId,
) -> Result<Option<Lease>> {
    use crate::writer::bind;
    let mut insert = conn.prepare_cached(SQLITE_QUICK_CLAIM.as_str())?;
    bind(
        &mut insert,
        &[&worker.as_str(), &project.as_str(), &now, &id.as_str()],
    )?;
    if insert.raw_execute()? == 0 {
        return Ok(None);
    }
    let mut slot = conn.prepare_cached(SQLITE_TAKE_SLOT_SQL)?;
    bind(&mut slot, &[&id.as_str()])?;
    slot.raw_execute()?;
    let mut served = conn.prepare_cached(SQLITE_SERVED_SQL)?;
    bind(&mut served, &[&worker.as_str()])?;
    served.raw_execute()?;
    match direct_lease(conn, id)? {
        Some(lease) => Ok(Some(lease)),
        None => Err(StoreError::Database(sqlx::Error::Protocol(format!(
            "the new assignment {id} cannot be read back in its own transaction"
        )))),
    }
}

/// The statements of a claim in one named project on SQLite the long way, as
/// [`Db::claim_slot`] runs them inside its write batch when the quick claim (tried
/// first, as a direct write: `SQLITE_QUICK_CLAIM_SQL`) took nothing, in order: the
/// project's state with the worker's live lease there (if any, it is the answer; a project not active offers
/// nothing), else the take: the first open item they may answer, the new assignment and
/// the slot it takes, in one round trip. Given out for the claim benchmark
/// (`crates/store/benches/claim`), which runs this very text through sqlx's `Any` driver
/// to compare drivers: it holds no copy that could drift from the claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqliteClaim {
    /// $1 the worker, $2 the project, $3 now: the project's state, control rate,
    /// the id of the worker's live lease there (NULL when none), whether another
    /// worker waits for work there (1 or 0) and since when this one waits (NULL: not).
    pub head: &'static str,
    /// $1 the worker, $2 the project, $3 now, $4 the new assignment's id: the first
    /// open item they may answer (eligibility and restrictions included; a project
    /// mixing control items in chooses between the two kinds first, which this leaves
    /// out) gets the assignment and its slot is taken. Two rows change when an item
    /// was found, none otherwise.
    pub take: String,
}

impl SqliteClaim {
    pub fn statements() -> SqliteClaim {
        SqliteClaim {
            head: named_head(false),
            take: SQLITE_TAKE_SQL.replace("{candidate}", &project_candidate_sql(false)),
        }
    }
}

/// PostgreSQL's statements of a claim that read the tasks, as [`Db::claim_slot`] and
/// [`Db::claim_next`] run them (the first kind of pick and the first lock of
/// [`candidate_of`]). Given out for the test that plans them as a prepared
/// statement's generic plan beside a large project
/// (`crates/handprint/tests/it/hot_path.rs`), so it holds no copy that could drift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgClaim {
    /// $1 the worker, $2 the project, $3 now, $4 the new assignment's id: the first
    /// open item of the project they may answer, locked, its slot taken and the
    /// assignment made; the new id, no row when there was no item.
    pub take: String,
    /// $1 the worker, $2 now: each active project they may work on, its control
    /// rate and its first open item they have not had.
    pub first_candidates: String,
    /// The quick claim's take in a project open to the worker (see
    /// `PG_QUICK_CLAIM_SQL`), $1 the worker, $2 the project, $3 now, $4 the new
    /// assignment's id: the first open item they have not had, locked (passing over
    /// items others hold), its slot taken and the assignment made; its id.
    pub open_take: String,
    /// The name of the quick claim's function (`PG_QUICK_CLAIM_SQL`), which
    /// [`Db::migrate`] creates (empty when no database was migrated in this process):
    /// `SELECT * FROM name($1 worker, $2 project, $3 now, $4 new id)`, the lease.
    pub quick_claim: String,
}

impl PgClaim {
    pub fn statements() -> PgClaim {
        PgClaim {
            take: TAKE.replace(
                "{candidate}",
                &format!("{}{}", project_candidate_sql(true), PG_LOCKS[0]),
            ),
            first_candidates: first_candidates_sql(true),
            open_take: pg_open_take(),
            quick_claim: PG_QUICK_CLAIM
                .get()
                .map(|f| f.name.clone())
                .unwrap_or_default(),
        }
    }
}

/// [`FIRST_CANDIDATES_SQL`] for one backend.
fn first_candidates_sql(postgres: bool) -> String {
    FIRST_CANDIDATES_SQL
        .replace("{tasks}", open_tasks(postgres))
        .replace("{not_had}", &not_had("$1", postgres))
        .replace("{eligible}", &may_work_sql("$2"))
}

/// [`PROJECT_CANDIDATE_SQL`] for one backend, without PostgreSQL's lock suffix.
fn project_candidate_sql(postgres: bool) -> String {
    PROJECT_CANDIDATE_SQL
        .replace("{tasks}", open_tasks(postgres))
        .replace("{not_had}", &not_had("$1", postgres))
        .replace("{kind}", Pick::Any.filter())
        .replace("{eligible}", &may_work_sql("$3"))
}

/// The worker's live lease, else a new one on the first open item, inside the transaction.
async fn claim_in(
    tx: &mut Tx<'_>,
    worker: &UserId,
    project: &ProjectId,
    now: Timestamp,
) -> Result<Option<Claimed>> {
    if tx.is_postgres() {
        // One worker's concurrent requests queue here, so they cannot take two tasks at once.
        query(PG_WORKER_LOCK_SQL)
            .bind(worker)
            .execute(&mut *tx)
            .await?;
    }
    // Whether the worker may be in the allocation queue (a lease then takes them out).
    let mut waiting = true;
    let task_id = if project.as_str().is_empty() {
        if let Some(id) = query_scalar::<String>(live_lease_sql(tx.is_postgres()))
            .bind(worker)
            .bind(project)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?
        {
            return Ok(Some(Claimed::Id(AssignmentId::from(id))));
        }
        candidate(tx, worker, now).await?
    } else {
        // On SQLite the quick claim ([`direct_quick_claim`]) came first and took nothing.
        let sql = format!("{}{}", named_head(tx.is_postgres()), share_lock(tx));
        let head = query_as::<Head>(sqlx::AssertSqlSafe(sql))
            .bind(worker)
            .bind(project)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
        match head {
            Some((_, _, Some(live), _, _)) => {
                return Ok(Some(Claimed::Id(AssignmentId::from(live))));
            }
            Some((state, rate, None, others_wait, me_waiting))
                if state == "active"
                    && (others_wait == 0
                        || crate::allocation::my_turn(tx, worker, project, now).await?) =>
            {
                waiting = me_waiting.is_some();
                candidate_of(tx, worker, project, rate, now).await?
            }
            _ => None,
        }
    };
    let Some(taken) = task_id else {
        crate::allocation::asked(tx, worker, project, now).await?;
        return Ok(None);
    };
    if waiting {
        crate::allocation::served(tx, worker).await?;
    }
    Ok(Some(match taken {
        Taken::Item(task_id) => Claimed::Id(lease_task(tx, &task_id, worker, now).await?),
        Taken::Lease(id) => Claimed::Id(id),
        Taken::Leased(lease) => Claimed::Lease(lease),
    }))
}

/// What a claim's search found: on SQLite the item, which [`lease_task`] then leases,
/// or the new lease's id when the search took it in the same query text; on
/// PostgreSQL the new lease itself, taken and read in the search's own statement
/// ([`TAKE_SQL`]).
enum Taken {
    Item(TaskId),
    Lease(AssignmentId),
    Leased(Box<Lease>),
}

/// How often a claim ended by PostgreSQL to break a deadlock is run ([`Db::claim`]).
const CLAIM_TRIES: u32 = 5;

/// What a claim gave the worker: the lease's id (to be read after the commit), or on
/// PostgreSQL the lease itself, as the take read it.
enum Claimed {
    Id(AssignmentId),
    Lease(Box<Lease>),
}

impl Claimed {
    fn id(self) -> AssignmentId {
        match self {
            Claimed::Id(id) => id,
            Claimed::Lease(lease) => lease.assignment.id,
        }
    }
}

/// PostgreSQL's claim of an item in one statement: `{candidate}` (a
/// [`PROJECT_CANDIDATE_SQL`] with its row lock, $1 the worker, $2 the project, $3 now)
/// finds and locks the item, its slot is taken and the assignment ($4 its id) made from
/// the task and project rows; the new lease comes back as [`LEASE`] reads it (the
/// task as it is after the slot was taken), so the claim needs no read of its own
/// afterwards. No row when there was no item.
const TAKE_SQL: &str = r#"
    WITH found AS ({candidate}),
    slot AS (
        UPDATE tasks SET remaining = remaining - 1 WHERE id IN (SELECT id FROM found)
        RETURNING id, project_id, external_id, data, known_answer, remaining, answers, created_at
    ),
    made AS (
        INSERT INTO assignments (id, task_id, project_id, worker_id, state, leased_at, expires_at)
        SELECT $4, s.id, s.project_id, $1, 'leased', $3, $3 + p.lease_seconds * 1000000
        FROM slot s JOIN projects p ON p.id = s.project_id
        RETURNING {assignment}
    )
    {lease} FROM made a JOIN slot t ON t.id = a.task_id JOIN projects p ON p.id = a.project_id
    JOIN organizations o ON o.id = p.organization_id
    "#;

/// [`TAKE_SQL`] with the lease's columns written in (its candidate still to fill in),
/// built once.
static TAKE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    TAKE_SQL
        .replace("{assignment}", ASSIGNMENT_COLUMNS.trim())
        .replace("{lease}", lease_columns().trim())
});

/// PostgreSQL's take ([`TAKE`] with its candidate): the new lease, None when there
/// was no item.
async fn pg_take(
    tx: &mut Tx<'_>,
    candidate: &str,
    worker: &UserId,
    project: &ProjectId,
    now: Timestamp,
) -> Result<Option<Lease>> {
    let sql = TAKE.replace("{candidate}", candidate);
    let id = AssignmentId::from(new_id());
    Ok(query_as::<LeaseJoin>(sqlx::AssertSqlSafe(sql))
        .bind(worker)
        .bind(project)
        .bind(now)
        .bind(&id)
        .fetch_optional(&mut *tx)
        .await?
        .map(Lease::from))
}

/// PostgreSQL's quick claim, the common case of a claim in a named project in one
/// round trip where BEGIN, the worker's lock, the head, the take and COMMIT were five:
/// a PL/pgSQL function (`$1` the worker, `$2` the project, `$3` now, `$4` the new
/// assignment's id) that takes the worker's lock ([`PG_WORKER_LOCK_SQL`]), reads the
/// head ([`NAMED_HEAD_SQL`] under its share lock, and whether the project is open to
/// the worker without more checks: [`PG_OPEN_SQL`]) and, when the project is active,
/// mixes no control items in and nobody else waits for work there, takes the first
/// open item the worker may answer with `SKIP LOCKED` and takes the worker out of the
/// allocation queue if they were in it. It returns the worker's live lease there, or
/// the new one, as [`LEASE`] reads it (its columns' types read from the database when
/// the function is made: [`install_pg_functions`]); no row when it took nothing, and
/// then nothing changed and [`claim_in`] takes the long way, which says why (or waits
/// for a row someone holds).
///
/// The take is [`PG_QUICK_TAKE_SQL`] around the lean candidate
/// ([`PG_OPEN_CANDIDATE_SQL`]) when the project is open, around the whole
/// [`PROJECT_CANDIDATE_SQL`] otherwise: PostgreSQL sets up every subquery of a plan on
/// each execution, run or not, and eligibility's are a dozen. The project's row is
/// share-locked from the head on, so what made it open cannot change before the take.
///
/// A function, not one statement, because each of its statements takes a new
/// snapshot: the take sees a lease the worker's other request committed while this
/// one waited for the worker's lock, as the long way's statements do. Its text is
/// built from the same fragments as the long way's, so it cannot drift; its name
/// carries a hash of the text ([`PgFunction`]), created by [`Db::migrate`]: a build
/// with another text makes its own, and processes of two builds can share a database.
const PG_QUICK_CLAIM_SQL: &str = r#"
CREATE FUNCTION {name}(text, text, bigint, text) RETURNS TABLE ({columns})
LANGUAGE plpgsql AS $quick_claim$
#variable_conflict use_column
DECLARE
    v_state text;
    v_rate bigint;
    v_live text;
    v_others bigint;
    v_waiting bigint;
    v_open bigint;
    v_id text;
BEGIN
    {lock};
    {head} INTO v_state, v_rate, v_live, v_others, v_waiting, v_open;
    IF v_state IS DISTINCT FROM 'active' THEN
        RETURN;
    END IF;
    IF v_live IS NOT NULL THEN
        RETURN QUERY {lease_of_live};
        RETURN;
    END IF;
    IF v_others <> 0 OR v_rate > 0 THEN
        RETURN;
    END IF;
    IF v_open = 1 THEN
        {open_take} INTO v_id;
    ELSE
        {take} INTO v_id;
    END IF;
    IF v_id IS NULL THEN
        RETURN;
    END IF;
    IF v_waiting IS NOT NULL THEN
        UPDATE allocation_queue SET waiting_since = NULL
        WHERE worker_id = $1 AND waiting_since IS NOT NULL;
    END IF;
    RETURN QUERY {lease_of_new};
END
$quick_claim$
"#;

/// One worker's claims on PostgreSQL queue here ($1 the worker), so their concurrent
/// requests cannot take two items at once: a transaction-scoped advisory lock, held in
/// memory only, where a row lock on the worker's `users` row wrote the row and the log
/// on every claim. Two workers whose ids hash alike only wait for each other.
const PG_WORKER_LOCK_SQL: &str = "SELECT pg_advisory_xact_lock(1752, hashtext($1))";

/// 1 when project `p` is open to the worker ($1) at $3 with nothing more to check: it
/// has no eligibility (`restricted = 0`), declares no sensitive content, and no
/// restriction by a rule is in force for the worker there; else 0 (then the take
/// checks everything, [`may_work_sql`]).
const PG_OPEN_SQL: &str = r#"
    CAST(CASE WHEN p.restricted = 0
        AND NOT EXISTS (SELECT 1 FROM project_sensitive ps WHERE ps.project_id = p.id)
        AND {not_restricted} THEN 1 ELSE 0 END AS BIGINT)
"#;

/// The first open item of the active project $2, open to the worker ($1, see
/// [`PG_OPEN_SQL`]), that they have not had: [`PROJECT_CANDIDATE_SQL`] without what the
/// head already answered.
const PG_OPEN_CANDIDATE_SQL: &str = r#"
    SELECT t.id FROM tasks t
    WHERE t.project_id = $2 AND t.remaining > 0 AND {not_had}
    ORDER BY t.id LIMIT 1
    "#;

/// The quick claim's take: [`TAKE_SQL`]'s steps (`{candidate}` passes over locked
/// items), answering the new assignment's id only.
const PG_QUICK_TAKE_SQL: &str = r#"
    WITH found AS ({candidate}),
    slot AS (
        UPDATE tasks SET remaining = remaining - 1 WHERE id IN (SELECT id FROM found)
        RETURNING id, project_id
    ),
    made AS (
        INSERT INTO assignments (id, task_id, project_id, worker_id, state, leased_at, expires_at)
        SELECT $4, s.id, s.project_id, $1, 'leased', $3, $3 + p.lease_seconds * 1000000
        FROM slot s JOIN projects p ON p.id = s.project_id
        RETURNING id
    )
    SELECT id FROM made
    "#;

/// [`PG_QUICK_TAKE_SQL`] around `candidate` (with its row lock).
fn pg_quick_take(candidate: &str) -> String {
    PG_QUICK_TAKE_SQL.replace(
        "{candidate}",
        &format!("{}{}", candidate.trim_end(), PG_LOCKS[0]),
    )
}

/// [`PG_QUICK_TAKE_SQL`] around [`PG_OPEN_CANDIDATE_SQL`]: the quick claim's take in a
/// project open to the worker ($1 the worker, $2 the project, $3 now, $4 the new id).
fn pg_open_take() -> String {
    pg_quick_take(&PG_OPEN_CANDIDATE_SQL.replace("{not_had}", &not_had("$1", true)))
}

/// A PL/pgSQL function the store creates on PostgreSQL: its name (a prefix and the
/// first 16 hex digits of the SHA-256 of its text) and the statement that creates it.
pub(crate) struct PgFunction {
    pub(crate) name: String,
    pub(crate) create: String,
}

impl PgFunction {
    /// `sql` with `{name}` where the name goes.
    fn new(prefix: &str, sql: &str) -> PgFunction {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(sql.as_bytes());
        let name = format!("{prefix}_{}", &hex::encode(digest)[..16]);
        let create = sql.replace("{name}", &name);
        PgFunction { name, create }
    }
}

/// [`PG_QUICK_CLAIM_SQL`] with its head, takes and lease written in; `columns` the
/// result's columns with their types ("name TYPE, …", as [`LEASE`] reads them).
fn pg_quick_claim_function(columns: &str) -> PgFunction {
    let in_force = crate::decisions::IN_FORCE_SQL.replace("$now", "$3");
    let open = PG_OPEN_SQL.replace(
        "{not_restricted}",
        &NOT_RESTRICTED_SQL.replace("{in_force}", &in_force),
    );
    // The head's columns, and whether the project is open.
    let head = named_head_with(true, &format!(", {}", open.trim()));
    let lease_of = |id: &str| LEASE.replace("WHERE a.id = $1", &format!("WHERE a.id = {id}"));
    let sql = PG_QUICK_CLAIM_SQL
        .replace("{columns}", columns)
        .replace(
            "{lock}",
            &PG_WORKER_LOCK_SQL.replacen("SELECT", "PERFORM", 1),
        )
        .replace("{head}", &format!("{} FOR SHARE", head.trim()))
        .replace("{lease_of_live}", lease_of("v_live").trim())
        .replace("{lease_of_new}", lease_of("v_id").trim())
        .replace("{open_take}", pg_open_take().trim())
        .replace("{take}", pg_quick_take(&project_candidate_sql(true)).trim());
    PgFunction::new("handprint_quick_claim", &sql)
}

/// The quick claim's function as this process made or found it ([`install_pg_functions`],
/// run by [`Db::migrate`]); unset until then, and the claim takes the long way.
static PG_QUICK_CLAIM: std::sync::OnceLock<PgFunction> = std::sync::OnceLock::new();

/// Create the store's PostgreSQL functions that this build's text names and the
/// database does not have yet, under an advisory lock (several processes may start
/// at once). The quick claim's result columns are [`LEASE`]'s, with the types the
/// database gives them (prepared, not run), so its text follows the schema.
pub(crate) async fn install_pg_functions(pool: &sqlx::PgPool) -> Result<()> {
    use sqlx::{Column, Executor, Statement, TypeInfo};
    let mut tx = pool.begin().await?;
    // The key is arbitrary and fixed: "handprint functions".
    sqlx::query("SELECT pg_advisory_xact_lock(7093416231)")
        .execute(&mut *tx)
        .await?;
    let lease = (&mut *tx)
        .prepare(sqlx::SqlSafeStr::into_sql_str(sqlx::AssertSqlSafe(
            LEASE.as_str(),
        )))
        .await?;
    let columns = lease
        .columns()
        .iter()
        .map(|c| format!("\"{}\" {}", c.name(), c.type_info().name()))
        .collect::<Vec<_>>()
        .join(", ");
    let quick_claim = pg_quick_claim_function(&columns);
    for function in [&quick_claim] {
        let exists: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
             WHERE p.proname = $1 AND n.nspname = current_schema())",
        )
        .bind(&function.name)
        .fetch_one(&mut *tx)
        .await?;
        if !exists {
            sqlx::raw_sql(sqlx::AssertSqlSafe(function.create.clone()))
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    // Every database this build migrates has the same schema, so the same function.
    let _ = PG_QUICK_CLAIM.set(quick_claim);
    Ok(())
}

/// The quick claim ([`PG_QUICK_CLAIM_SQL`]) run for `worker` in `project` at `now`: the
/// live or new lease, None when it took nothing (or the function was not made here).
async fn pg_quick_claim(
    pool: &sqlx::PgPool,
    worker: &UserId,
    project: &ProjectId,
    now: Timestamp,
) -> Result<Option<Lease>> {
    static CALL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let Some(function) = PG_QUICK_CLAIM.get() else {
        return Ok(None);
    };
    let call = CALL.get_or_init(|| format!("SELECT * FROM {}($1, $2, $3, $4)", function.name));
    let id = AssignmentId::from(new_id());
    Ok(
        sqlx::query_as::<_, LeaseJoin>(sqlx::AssertSqlSafe(call.as_str()))
            .bind(worker.as_str())
            .bind(project.as_str())
            .bind(now)
            .bind(id.as_str())
            .fetch_optional(pool)
            .await?
            .map(Lease::from),
    )
}

/// The project row is read under a share lock on PostgreSQL: closing a project locks
/// it for update, so a claim either finishes before the close counts the leases it
/// must keep escrow for, or waits and then sees the project closed — never a lease on
/// a slot whose escrow was just released. (SQLite's write transaction already
/// excludes the close.)
fn share_lock(tx: &Tx<'_>) -> &'static str {
    if tx.is_postgres() { " FOR SHARE" } else { "" }
}

/// The first item the worker may answer in any active project (the first of all,
/// by id).
async fn candidate(tx: &mut Tx<'_>, worker: &UserId, now: Timestamp) -> Result<Option<Taken>> {
    let sql = first_candidates_sql(tx.is_postgres());
    let mut firsts: Vec<(String, i64, String)> =
        query_as::<(String, i64, Option<String>)>(sqlx::AssertSqlSafe(sql))
            .bind(worker)
            .bind(now)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .filter_map(|(project, rate, task)| Some((project, rate, task?)))
            .collect();
    firsts.sort_by(|a, b| a.2.cmp(&b.2));
    if !tx.is_postgres() {
        // SQLite's write transaction holds the database: the first is free where it is
        // the worker's turn, unless its project mixes control items in (then its own
        // claim chooses which).
        for (project, rate, task) in firsts {
            let project = ProjectId::from(project);
            if rate > 0 {
                if let Some(taken) = candidate_in(tx, worker, &project, now).await? {
                    return Ok(Some(taken));
                }
            } else if crate::allocation::my_turn(tx, worker, &project, now).await? {
                return Ok(Some(Taken::Item(TaskId::from(task))));
            }
        }
        return Ok(None);
    }
    // PostgreSQL: another transaction may hold or just have taken that item;
    // look again in each project, in the same order, with row locks.
    for (project, _, _) in firsts {
        let project = ProjectId::from(project);
        if let Some(taken) = candidate_in(tx, worker, &project, now).await? {
            return Ok(Some(taken));
        }
    }
    Ok(None)
}

/// Which items of a project to look at first: `{kind}` of [`PROJECT_CANDIDATE_SQL`]
/// and the tasks index that serves it.
#[derive(Clone, Copy)]
enum Pick {
    Any,
    Controls,
    Others,
}

impl Pick {
    fn filter(self) -> &'static str {
        match self {
            Pick::Any => "",
            Pick::Controls => " AND t.known_answer IS NOT NULL",
            Pick::Others => " AND t.known_answer IS NULL",
        }
    }

    fn tasks(self, tx: &Tx<'_>) -> &'static str {
        match self {
            Pick::Controls if !tx.is_postgres() => "tasks t INDEXED BY tasks_open_control",
            _ => open_tasks(tx.is_postgres()),
        }
    }
}

/// How many items the worker ($1) holds or answered in the project ($2), and how many
/// of them are control items: through `assignments_worker_project`, the worker's items
/// of that project only.
const PICKS_SQL: &str = r#"
    SELECT COUNT(*), COUNT(t.known_answer) FROM assignments a JOIN tasks t ON t.id = a.task_id
    WHERE a.worker_id = $1 AND a.project_id = $2 AND a.state IN ('leased', 'submitted')
    "#;

/// In which order to look for the worker's next item of a project whose control
/// rate is `rate`: a control item first when one is due
/// ([`handprint_core::quality::control_due`], counting the items the worker holds or
/// answered there), else another item first; either way the other kind next, so work
/// goes on when one kind runs out. At rate 0, every open item in id order.
async fn picks(
    tx: &mut Tx<'_>,
    worker: &UserId,
    project: &ProjectId,
    rate: i64,
) -> Result<Vec<Pick>> {
    if rate <= 0 {
        return Ok(vec![Pick::Any]);
    }
    let (items, controls) = query_as::<(i64, i64)>(PICKS_SQL)
        .bind(worker)
        .bind(project)
        .fetch_one(&mut *tx)
        .await?;
    Ok(
        if handprint_core::quality::control_due(rate, items, controls) {
            vec![Pick::Controls, Pick::Others]
        } else {
            vec![Pick::Others, Pick::Controls]
        },
    )
}

/// The first item of `project` the worker may answer. SQLite's write transaction
/// already holds the database lock. On PostgreSQL, SKIP LOCKED spreads concurrent
/// workers over different items; but it also passes over an item whose row
/// someone else's submit, return or claim holds for a moment, so when it finds
/// nothing, look again waiting for those locks, or a worker hears "no work" while
/// a slot is free.
async fn candidate_in(
    tx: &mut Tx<'_>,
    worker: &UserId,
    project: &ProjectId,
    now: Timestamp,
) -> Result<Option<Taken>> {
    // Under a share lock on PostgreSQL ([`share_lock`]).
    let sql = format!(
        "SELECT state, control_rate FROM projects WHERE id = $1{}",
        share_lock(tx)
    );
    let Some((state, rate)) = query_as::<(String, i64)>(sqlx::AssertSqlSafe(sql))
        .bind(project)
        .fetch_optional(&mut *tx)
        .await?
    else {
        return Ok(None);
    };
    if state != "active" || !crate::allocation::my_turn(tx, worker, project, now).await? {
        return Ok(None);
    }
    candidate_of(tx, worker, project, rate, now).await
}

/// The row locks a PostgreSQL candidate is tried with, in order ([`candidate_in`]):
/// passing over items others hold, then waiting for them.
const PG_LOCKS: [&str; 2] = [" FOR UPDATE OF t SKIP LOCKED", " FOR UPDATE OF t"];

/// The first item of the active `project` (control rate `rate`, its row already
/// read, under a share lock on PostgreSQL) the worker may answer; see [`candidate_in`].
async fn candidate_of(
    tx: &mut Tx<'_>,
    worker: &UserId,
    project: &ProjectId,
    rate: i64,
    now: Timestamp,
) -> Result<Option<Taken>> {
    let locks: &[&str] = if tx.is_postgres() { &PG_LOCKS } else { &[""] };
    let eligible = may_work_sql("$3");
    let not_had = not_had("$1", tx.is_postgres());
    for pick in picks(tx, worker, project, rate).await? {
        for lock in locks {
            let candidate = format!(
                "{}{lock}",
                PROJECT_CANDIDATE_SQL
                    .replace("{tasks}", pick.tasks(tx))
                    .replace("{not_had}", &not_had)
                    .replace("{kind}", pick.filter())
                    .replace("{eligible}", &eligible)
            );
            if tx.is_postgres() {
                if let Some(lease) = pg_take(tx, &candidate, worker, project, now).await? {
                    return Ok(Some(Taken::Leased(Box::new(lease))));
                }
                continue;
            }
            let id = AssignmentId::from(new_id());
            let sql = SQLITE_TAKE_SQL.replace("{candidate}", &candidate);
            let changed = query(sqlx::AssertSqlSafe(sql))
                .bind(worker)
                .bind(project)
                .bind(now)
                .bind(&id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed > 0 {
                return Ok(Some(Taken::Lease(id)));
            }
        }
    }
    Ok(None)
}

/// A worker's answer to store.
struct Submission<'a> {
    assignment_id: &'a AssignmentId,
    worker_id: &'a UserId,
    answer_json: &'a str,
    idempotency_key: Option<&'a str>,
    now: Timestamp,
    grace: i64,
}

/// The common case of a submission in one statement: the worker's live lease ($5,
/// $6) on a project without dynamic overlap, within its time ($1 now, $3 the grace),
/// becomes submitted; the stored row comes back. No row when any of that does not
/// hold: [`submit_other`] then reads the assignment and says what to do.
const SUBMIT_LEASED_SQL: &str = r#"
    UPDATE assignments SET state = 'submitted', ended_at = $1, answer = $2,
        working_micros = CASE WHEN $1 > leased_at THEN $1 - leased_at ELSE 0 END,
        idempotency_key = $4
    WHERE id = $5 AND worker_id = $6 AND state = 'leased' AND $1 <= expires_at + $3
    AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = assignments.project_id
                    AND p.overlap_min IS NOT NULL)
    RETURNING {columns}
    "#;

/// The item's count of answers after one more (and the slot a late answer takes
/// again, $1): $2 the item. A stopped item (dynamic overlap) keeps no free slot to take.
const COUNT_ANSWER_SQL: &str = r#"
    UPDATE tasks SET answers = answers + 1,
        remaining = remaining - CASE WHEN stopped = 1 THEN 0 ELSE $1 END
    WHERE id = $2
    "#;

/// On SQLite, [`SUBMIT_LEASED_SQL`] with the assignment's columns, run as a direct
/// write ([`direct_submit`]).
static SQLITE_SUBMIT_LEASED: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| SUBMIT_LEASED_SQL.replace("{columns}", ASSIGNMENT_COLUMNS));

/// The item ($1) has one more answer.
const SQLITE_COUNT_ONE_SQL: &str = "UPDATE tasks SET answers = answers + 1 WHERE id = $1";

/// SQLite's common submission on the direct connection, inside the writer's
/// savepoint: the stored row, its item's count moved; None when [`SUBMIT_LEASED_SQL`]
/// changed nothing (the long way, [`submit_other`], says what to do).
fn direct_submit(conn: &rusqlite::Connection, s: &Submission<'_>) -> Result<Option<AssignmentRow>> {
    use crate::writer::bind;
    let mut update = conn.prepare_cached(SQLITE_SUBMIT_LEASED.as_str())?;
    bind(
        &mut update,
        &[
            &s.now,
            &s.answer_json,
            &s.grace,
            &s.idempotency_key,
            &s.assignment_id.as_str(),
            &s.worker_id.as_str(),
        ],
    )?;
    let stored = {
        let mut rows = update.raw_query();
        match rows.next()? {
            Some(row) => assignment_of(row)?,
            None => return Ok(None),
        }
    };
    let mut count = conn.prepare_cached(SQLITE_COUNT_ONE_SQL)?;
    bind(&mut count, &[&stored.task_id.as_str()])?;
    count.raw_execute()?;
    Ok(Some(stored))
}

/// An [`AssignmentRow`] from a row of [`ASSIGNMENT_COLUMNS`] on the direct connection.
fn assignment_of(row: &rusqlite::Row<'_>) -> Result<AssignmentRow> {
    fn parsed<T: TryFrom<String>>(
        row: &rusqlite::Row<'_>,
        at: usize,
        column: &'static str,
    ) -> Result<T>
    where
        T::Error: std::error::Error + Send + Sync + 'static,
    {
        T::try_from(row.get::<_, String>(at)?).map_err(|e| StoreError::Decode {
            column,
            source: Box::new(e),
        })
    }
    Ok(AssignmentRow {
        id: parsed(row, 0, "assignments.id")?,
        task_id: parsed(row, 1, "assignments.task_id")?,
        project_id: parsed(row, 2, "assignments.project_id")?,
        worker_id: parsed(row, 3, "assignments.worker_id")?,
        state: parsed(row, 4, "assignments.state")?,
        leased_at: row.get(5)?,
        expires_at: row.get(6)?,
        ended_at: row.get(7)?,
        answer: row.get(8)?,
        working_micros: row.get(9)?,
        idempotency_key: row.get(10)?,
    })
}

/// On PostgreSQL, [`SUBMIT_LEASED_SQL`] and the item's count of answers in one
/// statement, run on its own (a statement is a transaction): the count moves only
/// when the answer was stored now, and the stored row comes back. No row: the long
/// way ([`submit_other`]) says what to do.
static PG_SUBMIT_LEASED: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "WITH stored AS ({}),\n    counted AS (UPDATE tasks SET answers = answers + 1 WHERE id IN (SELECT task_id FROM stored))\n    SELECT {ASSIGNMENT_COLUMNS} FROM stored",
        SUBMIT_LEASED_SQL
            .replace("{columns}", ASSIGNMENT_COLUMNS)
            .trim()
    )
});

/// A submission that is not the common case ([`SUBMIT_LEASED_SQL`] changed nothing):
/// a repeat, a late answer, an answer on a project with dynamic overlap, or an error.
/// Inside the transaction: [`Submitted::Repeated`] when the same answer was already
/// stored (nothing changes), else the row stored now.
async fn submit_other(tx: &mut Tx<'_>, s: &Submission<'_>) -> Result<Submitted> {
    let sql = format!(
        "SELECT {ASSIGNMENT_COLUMNS} FROM assignments WHERE id = $1 AND worker_id = $2{}",
        tx.lock()
    );
    let a = query_as::<AssignmentRow>(sqlx::AssertSqlSafe(sql))
        .bind(s.assignment_id)
        .bind(s.worker_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound(crate::Entity::Assignment))?;
    if submittable(&a, s)? {
        return Ok(Submitted::Repeated(a));
    }
    // A project with dynamic overlap is locked before the item (the claim's order).
    let dynamic = crate::overlap::locked_if_dynamic(tx, &a.project_id).await?;
    let deadline = a.expires_at + s.grace;
    let working = s.now.min(deadline) - a.leased_at;
    query(
        r#"
        UPDATE assignments SET state = 'submitted', ended_at = $1, answer = $2, working_micros =
            $3,
          idempotency_key = $4
        WHERE id = $5
        "#,
    )
    .bind(s.now)
    .bind(s.answer_json)
    .bind(working.max(0))
    .bind(s.idempotency_key)
    .bind(s.assignment_id)
    .execute(&mut *tx)
    .await?;
    // An expired lease had given its slot back; the late answer takes one again.
    let slot = if a.state == handprint_core::work::AssignmentState::Expired {
        1_i64
    } else {
        0
    };
    query(COUNT_ANSWER_SQL)
        .bind(slot)
        .bind(&a.task_id)
        .execute(&mut *tx)
        .await?;
    if let Some(project) = dynamic {
        crate::overlap::after_answer(tx, &project, &a.task_id, s.now).await?;
    }
    Ok(Submitted::Accepted(AssignmentRow {
        state: handprint_core::work::AssignmentState::Submitted,
        ended_at: Some(s.now),
        answer: Some(s.answer_json.to_string()),
        working_micros: Some(working.max(0)),
        idempotency_key: s.idempotency_key.map(str::to_string),
        ..a
    }))
}

/// Whether `a` may take the submission: Ok(true) when it is a repeat of the
/// stored one, Ok(false) when it may be stored now, an error saying why not.
fn submittable(a: &AssignmentRow, s: &Submission<'_>) -> Result<bool> {
    match a.state.as_str() {
        "submitted" => {
            let same_key =
                s.idempotency_key.is_some() && a.idempotency_key.as_deref() == s.idempotency_key;
            let same_answer =
                a.answer.as_deref().map(same_json).unwrap_or(None) == same_json(s.answer_json);
            if same_key || same_answer {
                return Ok(true);
            }
            return Err(StoreError::conflict(
                "err-submit-different-answer",
                Vec::new(),
            ));
        }
        "returned" => {
            return Err(StoreError::conflict("err-submit-returned", Vec::new()));
        }
        _ => {}
    }
    let deadline = a.expires_at + s.grace;
    if s.now > deadline {
        let (ended, closed) = (to_rfc3339(a.expires_at), to_rfc3339(deadline));
        return Err(StoreError::conflict(
            "err-submit-too-late",
            vec![("ended", ended.clone()), ("closed", closed.clone())],
        ));
    }
    Ok(false)
}

impl Db {
    /// Give the worker a lease on a task, or None when nothing is available.
    /// A worker who already holds a live lease (in that project, if one is named)
    /// gets it back: a reconnecting phone resumes its task instead of taking another.
    pub async fn claim_next(
        &self,
        worker_id: &UserId,
        project_id: Option<&ProjectId>,
        now: Timestamp,
    ) -> Result<Option<Lease>> {
        // The empty id stands for "any project" in the claim queries.
        let any = ProjectId::default();
        let project = project_id.unwrap_or(&any);
        let mut claimed = self.claim(worker_id, project, now).await?;
        if claimed.is_none() && self.expire_leases(now).await? > 0 {
            claimed = self.claim(worker_id, project, now).await?;
        }
        match claimed {
            Some(Claimed::Lease(lease)) => Ok(Some(*lease)),
            Some(Claimed::Id(id)) => Ok(Some(self.lease(&id).await?)),
            None => Ok(None),
        }
    }

    /// The claim alone, in one write transaction: the worker's live lease in `project`
    /// (any active project when its id is empty), else a new one on the first open item
    /// they may answer; None when there is none. [`Db::claim_next`] adds the sweep of
    /// expired leases and reads the lease where the claim did not (SQLite's quick claim
    /// reads it back in its own savepoint); the claim benchmark times this.
    pub async fn claim_slot(
        &self,
        worker: &UserId,
        project: &ProjectId,
        now: Timestamp,
    ) -> Result<Option<AssignmentId>> {
        Ok(self.claim(worker, project, now).await?.map(Claimed::id))
    }

    /// [`Db::claim_slot`], with the new lease itself where the claim read it.
    ///
    /// On PostgreSQL two claims can deadlock near the end of the open items: an item
    /// updated since the statement began is locked before it is checked again, and
    /// stays locked by the claim when the check fails (it had no slot left), so a claim
    /// that passed over one item in its first search and waits in its second can wait
    /// for another claim that holds the item it waits for in the same way. PostgreSQL
    /// ends one of them (after `deadlock_timeout`); its transaction is rolled back whole
    /// and is run again here.
    async fn claim(
        &self,
        worker: &UserId,
        project: &ProjectId,
        now: Timestamp,
    ) -> Result<Option<Claimed>> {
        if let Db::Sqlite(sqlite) = self
            && !project.as_str().is_empty()
        {
            let id = AssignmentId::from(new_id());
            let taken = sqlite
                .writer
                .run_direct(|conn| direct_quick_claim(conn, worker, project, now, &id))
                .await?;
            if let Some(lease) = taken {
                return Ok(Some(Claimed::Lease(Box::new(lease))));
            }
        }
        if let Db::Postgres(pool) = self
            && !project.as_str().is_empty()
        {
            match pg_quick_claim(pool, worker, project, now).await {
                Ok(Some(lease)) => return Ok(Some(Claimed::Lease(Box::new(lease)))),
                Ok(None) => {}
                // The long way runs it again, as it does its own.
                Err(e) if e.is_deadlock() => {}
                // Dropped by hand since this process made it: the long way still works.
                Err(StoreError::Database(sqlx::Error::Database(db)))
                    if db.code().as_deref() == Some("42883") =>
                {
                    tracing::warn!(
                        error = %db,
                        "the quick claim's function is missing (run `handprint migrate`); claiming the long way"
                    );
                }
                Err(e) => return Err(e),
            }
        }
        let mut tries = 1;
        loop {
            let claimed = self
                .write(|tx| Box::pin(async move { claim_in(tx, worker, project, now).await }))
                .await;
            match claimed {
                Err(e) if e.is_deadlock() && tries < CLAIM_TRIES => {
                    tracing::warn!(
                        tries,
                        "a claim was ended to break a deadlock; claiming again"
                    );
                    tries += 1;
                }
                claimed => return claimed,
            }
        }
    }

    /// An assignment with its task and project, in one statement.
    /// On SQLite a direct read (`crate::direct`): every submit starts with it.
    pub async fn lease(&self, assignment_id: &AssignmentId) -> Result<Lease> {
        if let Db::Sqlite(sqlite) = self {
            return sqlite
                .readers
                .read(|conn| direct_lease(conn, assignment_id))?
                .ok_or(StoreError::NotFound(crate::Entity::Assignment));
        }
        (query_as::<LeaseJoin>(sqlx::AssertSqlSafe(LEASE.as_str()))
            .bind(assignment_id)
            .fetch_optional(self)
            .await)?
            .map(Lease::from)
            .ok_or(StoreError::NotFound(crate::Entity::Assignment))
    }

    pub async fn assignment(&self, id: &AssignmentId) -> Result<AssignmentRow> {
        let sql = format!("SELECT {ASSIGNMENT_COLUMNS} FROM assignments WHERE id = $1");
        (query_as::<AssignmentRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id)
            .fetch_optional(self)
            .await)?
            .ok_or(StoreError::NotFound(crate::Entity::Assignment))
    }

    /// Store the worker's answer. Accepted while the lease is live or within
    /// `grace` microseconds after it expired; a repeat of a stored submission
    /// (same idempotency key, or same answer) is answered as before.
    pub async fn submit(
        &self,
        assignment_id: &AssignmentId,
        worker_id: &UserId,
        answer_json: &str,
        idempotency_key: Option<&str>,
        now: Timestamp,
        grace: i64,
    ) -> Result<Submitted> {
        let submission = Submission {
            assignment_id,
            worker_id,
            answer_json,
            idempotency_key,
            now,
            grace,
        };
        let submission = &submission;
        let stored = match self {
            // The common case as a direct write, without a thread hop.
            Db::Sqlite(sqlite) => {
                sqlite
                    .writer
                    .run_direct(|conn| direct_submit(conn, submission))
                    .await?
            }
            // The common case in one statement, without a transaction around it: one
            // round trip where BEGIN, the answer, the count and COMMIT were four.
            Db::Postgres(_) => {
                query_as::<AssignmentRow>(sqlx::AssertSqlSafe(PG_SUBMIT_LEASED.as_str()))
                    .bind(now)
                    .bind(answer_json)
                    .bind(grace)
                    .bind(idempotency_key)
                    .bind(assignment_id)
                    .bind(worker_id)
                    .fetch_optional(self)
                    .await?
            }
        };
        if let Some(stored) = stored {
            return Ok(Submitted::Accepted(stored));
        }
        let submission = &submission;
        self.write(|tx| Box::pin(async move { submit_other(tx, submission).await }))
            .await
    }

    /// Give a leased task back, free of charge; repeating it is harmless.
    pub async fn return_assignment(
        &self,
        assignment_id: &AssignmentId,
        worker_id: &UserId,
        now: Timestamp,
    ) -> Result<AssignmentRow> {
        let a = self.assignment(assignment_id).await?;
        if a.worker_id != *worker_id {
            return Err(StoreError::NotFound(crate::Entity::Assignment));
        }
        match a.state.as_str() {
            "returned" => return Ok(a),
            "submitted" => {
                return Err(StoreError::conflict("err-return-submitted", Vec::new()));
            }
            _ => {}
        }
        self.write(|tx| {
            Box::pin(async move {
                let n = query(
                    r#"
                    UPDATE assignments SET state = 'returned', ended_at = $1 WHERE id = $2 AND
                        state
                    = 'leased'
                    "#,
                )
                .bind(now)
                .bind(assignment_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 1 {
                    // A stopped item (dynamic overlap) gives no slot back.
                    query("UPDATE tasks SET remaining = remaining + 1 - stopped WHERE id = $1")
                        .bind(&a.task_id)
                        .execute(&mut *tx)
                        .await?;
                } else {
                    // Expired meanwhile: the slot is already free; record the return all the same.
                    query(
                    "UPDATE assignments SET state = 'returned' WHERE id = $1 AND state = 'expired'",
                )
                .bind(assignment_id)
                .execute(&mut *tx)
                .await?;
                }
                Ok(())
            })
        })
        .await?;
        self.assignment(assignment_id).await
    }

    /// End every lease whose time is up and give its slot back. Safe to run from
    /// several processes at once: each lease is ended by exactly one of them.
    pub async fn expire_leases(&self, now: Timestamp) -> Result<u64> {
        let expired = self
            .write(|tx| {
                Box::pin(async move {
                    let tasks: Vec<String> = query_scalar(
                        r#"
                        UPDATE assignments SET state = 'expired', ended_at = expires_at
                        WHERE state = 'leased' AND expires_at <= $1 RETURNING task_id
                        "#,
                    )
                    .bind(now)
                    .fetch_all(&mut *tx)
                    .await?;
                    // Task rows are updated in id order, one update per task, so two processes
                    // sweeping at once lock them in the same order and cannot deadlock.
                    let mut slots: std::collections::BTreeMap<&str, i64> =
                        std::collections::BTreeMap::new();
                    for task in &tasks {
                        *slots.entry(task.as_str()).or_default() += 1;
                    }
                    for (task, n) in &slots {
                        query(
                            "UPDATE tasks SET remaining = remaining + $1 * (1 - stopped) WHERE id = $2",
                        )
                            .bind(*n)
                            .bind(*task)
                            .execute(&mut *tx)
                            .await?;
                    }
                    Ok(tasks.len() as u64)
                })
            })
            .await?;
        Ok(expired)
    }

    /// A worker's assignments, newest first.
    pub async fn worker_assignments(
        &self,
        worker_id: &UserId,
        limit: i64,
    ) -> Result<Vec<AssignmentRow>> {
        let sql = format!(
            r#"
            SELECT {ASSIGNMENT_COLUMNS} FROM assignments WHERE worker_id = $1 ORDER BY leased_at
            DESC, id DESC LIMIT $2
            "#
        );
        Ok(
            (query_as::<AssignmentRow>(sqlx::AssertSqlSafe(sql.as_str()))
                .bind(worker_id)
                .bind(limit)
                .fetch_all(self)
                .await)?,
        )
    }

    /// The project that an assignment belongs to.
    pub async fn project_of_assignment(&self, assignment_id: &AssignmentId) -> Result<ProjectRow> {
        let sql = format!(
            "SELECT {} FROM projects WHERE id = (SELECT project_id FROM assignments WHERE id = $1)",
            PROJECT_COLUMNS
        );
        (query_as::<ProjectRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(assignment_id)
            .fetch_optional(self)
            .await)?
            .ok_or(StoreError::NotFound(crate::Entity::Assignment))
    }
}

/// Two JSON texts compared as values (key order and spacing ignored).
fn same_json(text: &str) -> Option<serde_json::Value> {
    serde_json::from_str(text).ok()
}

impl Db {
    /// The active projects where `worker_id` would be given a task now: an open item
    /// they have not answered yet in a project they may work on, or a live lease of
    /// theirs (find-work offers "Start a task" only there).
    pub async fn projects_with_work_for(
        &self,
        worker_id: &UserId,
        now: Timestamp,
    ) -> Result<Vec<ProjectId>> {
        let eligible = may_work_sql("$2");
        let postgres = matches!(self, Db::Postgres(_));
        let tasks = open_tasks(postgres);
        let leases = live_leases(postgres);
        let not_had = not_had("$1", postgres);
        let sql = format!(
            r#"
            SELECT p.id FROM projects p WHERE p.state = 'active' AND ((
            {eligible} AND EXISTS (SELECT 1 FROM {tasks} WHERE t.project_id = p.id
                                   AND t.remaining > 0 AND {not_had}))
            OR EXISTS (SELECT 1 FROM {leases} WHERE a.project_id = p.id
                       AND a.worker_id = $1 AND a.state = 'leased' AND a.expires_at > $2))
            "#
        );
        Ok((query_scalar::<String>(sqlx::AssertSqlSafe(sql))
            .bind(worker_id)
            .bind(now)
            .fetch_all(self)
            .await)?
            .into_iter()
            .map(ProjectId::from)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::allocation::tests::Planned;

    use super::*;

    /// The steps of `sql`'s SQLite plan that read assignments.
    async fn assignment_steps(db: &Planned, sql: &str) -> Vec<String> {
        db.plan(sql)
            .await
            .into_iter()
            .filter(|step| step.contains("assignments"))
            .collect()
    }

    #[tokio::test]
    async fn the_probes_of_live_leases_and_of_a_workers_items_keep_their_indexes_on_sqlite() {
        let db = Planned::new().await;
        let leased = "USING INDEX assignments_worker_leased (worker_id=?";
        for (name, sql) in [
            ("the quick claim", SQLITE_QUICK_CLAIM.as_str()),
            ("the named claim's head", named_head(false)),
            ("the live lease in any project", live_lease_sql(false)),
        ] {
            let steps = assignment_steps(&db, sql).await;
            assert!(
                steps.iter().any(|step| step.contains(leased)),
                "{name}: {steps:?}"
            );
            // The quick claim also probes (task_id, worker_id) for items already had.
            assert!(
                steps.iter().all(|step| step.contains(leased)
                    || step.contains("sqlite_autoindex_assignments_2 (task_id=? AND worker_id=?)")),
                "{name}: {steps:?}"
            );
        }
        assert_eq!(
            assignment_steps(&db, PICKS_SQL).await,
            ["SEARCH a USING INDEX assignments_worker_project (worker_id=? AND project_id=?)"]
        );
        db.db.close().await;
    }
}
