//! The SQLite claim path run two ways on one seeded database: the store's own
//! [`Db::claim_slot`] (through [`Db::write`] and its `Tx`), and the very statements it
//! runs ([`SqliteClaim::statements`]: the project with the worker's live lease, the first open item they
//! may answer, the new assignment, the slot it takes) through sqlx's `Any` driver in a
//! `BEGIN IMMEDIATE` transaction. Shared by the benchmark (`main.rs`) and its
//! correctness check (`check.rs`).

use handprint_store::sql::query;
use handprint_store::work::SqliteClaim;
use handprint_store::{Db, Location};
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

/// The project every benchmark claims in.
pub const PROJECT: &str = "p-bench";

/// The time of every claim (microseconds): leases seeded as submitted are over.
pub const NOW: i64 = 1_800_000_000_000_000;

/// What a claim took: the new assignment (or the live one the worker holds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    pub assignment: String,
}

/// A SQLite database seeded with one active project, opened through both drivers.
pub struct Seeded {
    /// Removed with the database when dropped.
    _dir: tempfile::TempDir,
    pub db: Db,
    pub any: AnyPool,
    pub workers: Vec<String>,
}

/// The shape of the seeded project.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Items in the project.
    pub tasks: i64,
    /// Answers wanted per item.
    pub overlap: i64,
    /// Items, from the first, already answered (a project under way): the even
    /// ones `overlap` times, the odd ones `overlap - 1` times (one slot still open).
    pub answered: i64,
    /// Worker accounts; the answers of the answered items are spread over them.
    pub workers: i64,
}

/// Item `i`'s id: zero-padded so the id order is the seeding order.
pub fn task_id(i: i64) -> String {
    format!("t{i:06}")
}

fn worker_id(i: i64) -> String {
    format!("w{i:04}")
}

/// How many answers item `i` holds in the seeded state.
pub fn answers_given(shape: Shape, i: i64) -> i64 {
    match (i < shape.answered, i % 2 == 0) {
        (false, _) => 0,
        (true, true) => shape.overlap,
        (true, false) => shape.overlap - 1,
    }
}

/// Which worker gave answer `k` of item `i` in the seeded state.
pub fn seeded_answerer(shape: Shape, i: i64, k: i64) -> String {
    worker_id((i * shape.overlap + k) % shape.workers)
}

/// How commits reach the disk in [`seed_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sync {
    /// The store's setting: every commit waits for an fsync of the WAL.
    Full,
    /// No fsync at all, to see what the drivers cost without the disk.
    Off,
}

impl Sync {
    fn pragma(self) -> &'static str {
        match self {
            Sync::Full => "PRAGMA synchronous = FULL",
            Sync::Off => "PRAGMA synchronous = OFF",
        }
    }
}

/// A migrated SQLite database (the store's settings: WAL, and synchronous FULL
/// unless `sync` says otherwise) seeded with `shape`, opened through the store's
/// `Db` and through an `Any` pool, one connection each (the claims run one at a time).
pub async fn seed_with(shape: Shape, sync: Sync) -> Result<Seeded, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let db = Db::connect(&Location::DataDir(dir.path().to_path_buf()), 1).await?;
    db.migrate().await?;
    seed_rows(&db, shape).await?;
    // The pool's one connection, so the setting holds for every claim. On the pool
    // itself: a statement through the store would join the write batch, and
    // SQLite refuses this pragma inside a transaction.
    let Db::Sqlite(sqlite) = &db else {
        return Err("a data directory opens SQLite".into());
    };
    sqlx::query(sync.pragma()).execute(sqlite.pool()).await?;
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}", dir.path().join("handprint.db").display());
    // The store's own settings, which a URL cannot carry: the file is already in
    // WAL mode; synchronous and the busy timeout are per connection.
    let any = AnyPoolOptions::new()
        .max_connections(1)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                sqlx::query(sync.pragma()).execute(&mut *conn).await?;
                sqlx::query("PRAGMA busy_timeout = 30000")
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            })
        })
        .connect(&url)
        .await?;
    let workers = (0..shape.workers).map(worker_id).collect();
    Ok(Seeded {
        _dir: dir,
        db,
        any,
        workers,
    })
}

async fn seed_rows(db: &Db, shape: Shape) -> Result<(), handprint_store::StoreError> {
    db.write(|tx| {
        Box::pin(async move {
            query(
                "INSERT INTO organizations (id, name, created_at) VALUES ('o-bench', 'Bench', 0)",
            )
            .execute(&mut *tx)
            .await?;
            for i in 0..shape.workers {
                query(
                    r#"
                    INSERT INTO users (id, email, password_hash, name, role, country, created_at)
                    VALUES ($1, $2, 'x', $1, 'worker', 'FR', 0)
                    "#,
                )
                .bind(worker_id(i))
                .bind(format!("{}@bench.test", worker_id(i)))
                .execute(&mut *tx)
                .await?;
            }
            query(
                r#"
                INSERT INTO projects (id, organization_id, created_by, title, description,
                    instructions, end_uses, sensitive_content, answers_per_task, lease_seconds,
                    language, state, pseudonym_salt, created_at, updated_at)
                VALUES ($1, 'o-bench', 'w0000', 'Bench', '', '', '[]', '[]', $2, 600, 'en',
                    'active', 'salt', 0, 0)
                "#,
            )
            .bind(PROJECT)
            .bind(shape.overlap)
            .execute(&mut *tx)
            .await?;
            for i in 0..shape.tasks {
                seed_task(tx, shape, i).await?;
            }
            Ok(())
        })
    })
    .await
}

async fn seed_task(
    tx: &mut handprint_store::Tx<'_>,
    shape: Shape,
    i: i64,
) -> Result<(), sqlx::Error> {
    let given = answers_given(shape, i);
    query(
        r#"
        INSERT INTO tasks (id, project_id, external_id, data, remaining, answers, created_at)
        VALUES ($1, $2, $1, '{"text":"an item to label"}', $3, $4, 0)
        "#,
    )
    .bind(task_id(i))
    .bind(PROJECT)
    .bind(shape.overlap - given)
    .bind(given)
    .execute(&mut *tx)
    .await?;
    for k in 0..given {
        query(
            r#"
            INSERT INTO assignments (id, task_id, project_id, worker_id, state, leased_at,
                expires_at, ended_at, answer, working_micros)
            VALUES ($1, $2, $3, $4, 'submitted', 0, 600000000, 1000000, '{"label":"a"}', 1000000)
            "#,
        )
        .bind(format!("a-{}-{k}", task_id(i)))
        .bind(task_id(i))
        .bind(PROJECT)
        .bind(seeded_answerer(shape, i, k))
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// The claim through the store: [`Db::claim_slot`] (`BEGIN IMMEDIATE` in the write batch).
pub async fn claim_store(
    db: &Db,
    worker: &str,
) -> Result<Option<Claimed>, handprint_store::StoreError> {
    let claimed = db.claim_slot(&worker.into(), &PROJECT.into(), NOW).await?;
    Ok(claimed.map(|id| Claimed {
        assignment: id.into_string(),
    }))
}

/// The claim's head row: state, control rate, live lease, others waiting (0 or 1),
/// since when this worker waits.
type ClaimHead = (String, i64, Option<String>, i64, Option<i64>);

/// The same statements through sqlx's `Any` driver. A live lease is the answer, as in
/// the store (nothing new is taken).
pub async fn claim_any(pool: &AnyPool, worker: &str) -> Result<Option<Claimed>, sqlx::Error> {
    let sql = SqliteClaim::statements();
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let head: Option<ClaimHead> = sqlx::query_as(sql.head)
        .bind(worker)
        .bind(PROJECT)
        .bind(NOW)
        .fetch_optional(&mut *tx)
        .await?;
    match head {
        Some((_, _, Some(assignment), _, _)) => {
            tx.rollback().await?;
            return Ok(Some(Claimed { assignment }));
        }
        Some((state, _, None, _, _)) if state == "active" => {}
        _ => {
            tx.rollback().await?;
            return Ok(None);
        }
    }
    let assignment = handprint_store::new_id();
    let changed = sqlx::query(sqlx::AssertSqlSafe(sql.take))
        .bind(worker)
        .bind(PROJECT)
        .bind(NOW)
        .bind(&assignment)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed == 0 {
        tx.rollback().await?;
        return Ok(None);
    }
    tx.commit().await?;
    Ok(Some(Claimed { assignment }))
}

/// Give a claim back (the assignment deleted, its slot freed), so every measured
/// claim starts from the seeded state. Not part of what is measured.
pub async fn undo(db: &Db, claimed: &Claimed) -> Result<(), handprint_store::StoreError> {
    db.write(|tx| {
        Box::pin(async move {
            query(
                r#"
                UPDATE tasks SET remaining = remaining + 1
                WHERE id = (SELECT task_id FROM assignments WHERE id = $1)
                "#,
            )
            .bind(&claimed.assignment)
            .execute(&mut *tx)
            .await?;
            query("DELETE FROM assignments WHERE id = $1")
                .bind(&claimed.assignment)
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    })
    .await
}
