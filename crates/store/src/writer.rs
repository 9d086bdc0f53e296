//! SQLite's group commit: every write of the process goes through one writer.
//!
//! SQLite lets one connection write at a time, and each commit with
//! `synchronous = FULL` waits for the disk. With many workers claiming and
//! submitting at once, separate transactions would queue in SQLite's busy
//! handler (which sleeps in growing steps rather than queueing) and pay one
//! disk flush each. Instead the process keeps at most one open write
//! transaction, the *batch*, behind a fair (first-come, first-served) lock:
//!
//! 1. A write takes the lock, opens the batch if none is open (`BEGIN
//!    IMMEDIATE`, on the batch's own connection), and runs its work inside a
//!    savepoint: rolled back when the work fails, so a failed write leaves nothing
//!    of itself in the batch and the others' writes stand; released, when it
//!    succeeds, by the next write in the same round trip as that write's own
//!    `SAVEPOINT` (or ended by the `COMMIT`, which keeps what it holds). The
//!    savepoint is opened just before the write's first statement; a write that
//!    runs no statement opens none. (The claim and the submit are direct writes,
//!    below.)
//! 2. The write that opened the batch also queued its commit, on a task of its
//!    own, behind every write already waiting for the lock: those join the same
//!    batch, and one commit makes them all durable. Writes that come later wait
//!    behind the commit and open the next batch.
//! 3. Each write answers only after its batch is committed (durable on disk), so
//!    an acknowledged answer survives a crash exactly as before; if the commit
//!    fails, every write of the batch reports the failure and none is
//!    acknowledged.
//!
//! A write whose future is dropped halfway (its client went away) leaves its
//! savepoint open; the next holder of the lock rolls it back before going on.
//!
//! **Direct writes.** sqlx's SQLite driver runs each statement on a thread of the
//! connection's own and wakes the waiting task when it is done: two thread hops a
//! round trip, taken while the lock is held, so they bound how many writes a second
//! the process can make (about 220 µs a write under load, the SQL itself a small part
//! of it). The two writes every unit of work makes, the common claim and the common
//! submit, run instead on a connection the writer opens itself (rusqlite), from the
//! thread that holds the lock, without a hop ([`Writer::run_direct`]): a few tens of
//! microseconds each. A batch is of one kind, sqlx's or direct: a write of the other
//! kind commits the open batch first (its writes are acknowledged then, as by any
//! commit) and opens one of its own. Only the batch's `BEGIN IMMEDIATE` and `COMMIT`
//! (which may wait for another process's lock or for the disk) leave the runtime's
//! threads, once a batch each. A direct write runs to its end without an `.await`, so
//! it is never dropped halfway; it runs in a savepoint all the same, so a failed one
//! leaves nothing of itself in the batch.

use crate::{Conn, StoreError, Tx, TxWork};
use sqlx::{Sqlite, SqlitePool};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::{Mutex, watch};

/// How a batch ended: committed, or the reason it was not.
type Outcome = Option<Result<(), Arc<str>>>;

/// The one write path of a SQLite database.
#[derive(Debug)]
pub(crate) struct Writer {
    pool: SqlitePool,
    open: Mutex<Option<Batch>>,
    /// Numbers the batches, so a write knows whether its own is still open.
    batches: AtomicU64,
    /// The database file, for the direct connection.
    path: PathBuf,
    /// The connection of the direct writes, opened by the first of them. Used only by
    /// the holder of `open`'s lock (or by the batch's commit, which holds it too), so
    /// this lock is never waited for; it lets `BEGIN` and `COMMIT` run on a blocking
    /// thread.
    direct: Arc<std::sync::Mutex<Option<rusqlite::Connection>>>,
}

/// The open write transaction that concurrent writes share.
struct Batch {
    id: u64,
    /// The transaction; lent to one write at a time (see [`Lent`]). None in a direct
    /// batch, whose transaction is open on the writer's direct connection.
    tx: Option<sqlx::Transaction<'static, Sqlite>>,
    /// Whether this batch is the direct connection's.
    direct: bool,
    /// The savepoint named `write`, if one is open (see [`Savepoint`]).
    savepoint: Savepoint,
    /// Tells the batch's writes how it ended.
    done: watch::Sender<Outcome>,
}

impl std::fmt::Debug for Batch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch")
            .field("id", &self.id)
            .field("direct", &self.direct)
            .field("savepoint", &self.savepoint)
            .finish_non_exhaustive()
    }
}

/// The batch's savepoint: each write runs in one, and a write that succeeded leaves
/// it open for the next write (or the commit) to release in the same round trip as
/// its own `SAVEPOINT`, since each statement costs two thread hops in sqlx's SQLite
/// driver. Nothing of a write is acknowledged before the batch's `COMMIT` anyway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Savepoint {
    None,
    /// Holds a finished write: released before the next one opens its own.
    Done,
    /// A write is running in it; if it is still so when the lock is next taken, the
    /// write was dropped halfway, and what it did is rolled back.
    Running,
}

/// The batch's transaction lent to one write as a [`Tx`]; given back to the batch
/// when dropped, also when the write's future is dropped halfway. The write's
/// savepoint is opened just before its first statement ([`Tx::open_savepoint`]); on the
/// way back the batch learns whether it was: [`Savepoint::Running`] if so, else
/// the state it had before (the write ran nothing).
struct Lent<'b, 'a> {
    slot: &'b mut Option<sqlx::Transaction<'static, Sqlite>>,
    savepoint: &'b mut Savepoint,
    before: Savepoint,
    tx: Tx<'a>,
}

impl Drop for Lent<'_, '_> {
    fn drop(&mut self) {
        let conn = std::mem::replace(&mut self.tx.conn, Conn::Lent);
        if let Conn::Sqlite(t) = conn {
            *self.slot = Some(t);
        }
        *self.savepoint = if self.tx.pending.is_none() {
            Savepoint::Running
        } else {
            self.before
        };
    }
}

impl Batch {
    async fn begin(pool: &SqlitePool, id: u64) -> Result<Batch, sqlx::Error> {
        let tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        Ok(Batch {
            id,
            tx: Some(tx),
            direct: false,
            savepoint: Savepoint::None,
            done: watch::channel(None).0,
        })
    }

    /// Open a batch on the direct connection (opened first if it is not yet):
    /// `BEGIN IMMEDIATE` on a blocking thread, since it waits when another process
    /// holds the write lock.
    async fn begin_direct(writer: &Writer, id: u64) -> Result<Batch, StoreError> {
        let (direct, path) = (Arc::clone(&writer.direct), writer.path.clone());
        blocking(move || {
            let mut slot = lock(&direct);
            let conn = match slot.take() {
                Some(conn) => conn,
                None => open_direct(&path)?,
            };
            // A transaction left open (a begin whose write went away before it could
            // record the batch) holds nothing acknowledged: rolled back.
            if !conn.is_autocommit() {
                conn.execute_batch("ROLLBACK")?;
            }
            conn.execute_batch("BEGIN IMMEDIATE")?;
            *slot = Some(conn);
            Ok(())
        })
        .await?;
        Ok(Batch {
            id,
            tx: None,
            direct: true,
            savepoint: Savepoint::None,
            done: watch::channel(None).0,
        })
    }

    async fn exec(&mut self, sql: &'static str) -> Result<(), sqlx::Error> {
        let Some(tx) = self.tx.as_mut() else {
            return Err(sqlx::Error::Protocol(
                "the write batch lost its transaction".into(),
            ));
        };
        sqlx::raw_sql(sql).execute(&mut **tx).await.map(|_| ())
    }

    /// Roll back what a write dropped halfway left in the batch.
    async fn recover(&mut self) -> Result<(), sqlx::Error> {
        if self.savepoint == Savepoint::Running {
            self.exec("ROLLBACK TO write; RELEASE write").await?;
            self.savepoint = Savepoint::None;
        }
        Ok(())
    }

    /// Run `work` in a savepoint of the batch.
    async fn run<'a, T, E, F>(&mut self, work: F) -> Result<Result<T, E>, sqlx::Error>
    where
        F: for<'c> FnOnce(&'c mut Tx<'a>) -> TxWork<'c, T, E>,
    {
        self.recover().await?;
        // Opened by the write's first statement, in the same round trip when the
        // write puts it ahead of its own text (the hot path does).
        let open = match self.savepoint {
            Savepoint::Done => "RELEASE write; SAVEPOINT write;",
            _ => "SAVEPOINT write;",
        };
        let Some(tx) = self.tx.take() else {
            return Err(sqlx::Error::Protocol(
                "the write batch lost its transaction".into(),
            ));
        };
        let before = self.savepoint;
        let result = {
            let mut tx = Tx::new(Conn::Sqlite(tx));
            tx.pending = Some(open);
            let mut lent = Lent {
                slot: &mut self.tx,
                savepoint: &mut self.savepoint,
                before,
                tx,
            };
            work(&mut lent.tx).await
        };
        match (self.savepoint, result.is_err()) {
            (Savepoint::Running, true) => {
                self.exec("ROLLBACK TO write; RELEASE write").await?;
                self.savepoint = Savepoint::None;
            }
            (Savepoint::Running, false) => self.savepoint = Savepoint::Done,
            // The write ran no statement: nothing of it to keep or undo.
            _ => {}
        }
        Ok(result)
    }

    /// Roll the batch back (its transaction is dropped) and tell its writes why.
    fn abandon(self, why: &sqlx::Error) {
        tracing::error!(error = %why, "a write batch was rolled back");
        self.done.send_replace(Some(Err(Arc::from(format!(
            "the write batch failed: {why}"
        )))));
    }

    /// Roll a direct batch back and tell its writes why.
    async fn abandon_direct(
        self,
        direct: &Arc<std::sync::Mutex<Option<rusqlite::Connection>>>,
        why: &StoreError,
    ) {
        let direct = Arc::clone(direct);
        let rolled_back = blocking(move || {
            if let Some(conn) = lock(&direct).as_ref()
                && !conn.is_autocommit()
            {
                conn.execute_batch("ROLLBACK")?;
            }
            Ok(())
        })
        .await;
        if let Err(e) = rolled_back {
            tracing::warn!(error = %e, "rolling back a direct write batch failed");
        }
        tracing::error!(error = %why, "a write batch was rolled back");
        self.done.send_replace(Some(Err(Arc::from(format!(
            "the write batch failed: {why}"
        )))));
    }

    /// Commit, and tell every write of the batch how it went. `direct` is the
    /// writer's direct connection, which a direct batch commits on.
    async fn commit(mut self, direct: &Arc<std::sync::Mutex<Option<rusqlite::Connection>>>) {
        let outcome = if self.direct {
            let direct = Arc::clone(direct);
            blocking(move || {
                let slot = lock(&direct);
                let Some(conn) = slot.as_ref() else {
                    return Err(lost());
                };
                conn.execute_batch("COMMIT").map_err(|e| {
                    // Nothing of it is kept: the next batch begins from a clean state.
                    if let Err(rollback) = conn.execute_batch("ROLLBACK") {
                        tracing::warn!(error = %rollback, "rollback after a failed commit failed");
                    }
                    StoreError::from(e)
                })
            })
            .await
            .map_err(|e| e.to_string())
        } else {
            // A finished write's savepoint needs no `RELEASE` of its own: `COMMIT` ends
            // every savepoint still open with the transaction, keeping what they hold.
            match self.recover().await {
                Ok(()) => match self.tx.take() {
                    Some(t) => t.commit().await,
                    None => Err(sqlx::Error::Protocol(
                        "the write batch lost its transaction".into(),
                    )),
                },
                Err(e) => Err(e),
            }
            .map_err(|e| e.to_string())
        };
        let outcome = outcome.map_err(|e| {
            tracing::error!(error = %e, "commit of a write batch failed");
            Arc::from(e)
        });
        self.done.send_replace(Some(outcome));
    }

    /// Run a direct write in a savepoint of this (direct) batch, on `conn`; with its
    /// result, whether it changed any row.
    fn run_direct<T, E>(
        &mut self,
        conn: &rusqlite::Connection,
        work: impl FnOnce(&rusqlite::Connection) -> Result<T, E>,
    ) -> Result<(Result<T, E>, bool), rusqlite::Error> {
        conn.prepare_cached("SAVEPOINT write")?.execute([])?;
        let before = conn.total_changes();
        let result = work(conn);
        let changed = conn.total_changes() != before;
        if result.is_ok() {
            conn.prepare_cached("RELEASE write")?.execute([])?;
        } else {
            conn.execute_batch("ROLLBACK TO write; RELEASE write")?;
        }
        Ok((result, changed))
    }
}

/// The error of a direct write that finds no connection in its open batch (the writer
/// was closed meanwhile): the batch fails; a batch opened later opens another.
fn lost() -> StoreError {
    StoreError::Database(sqlx::Error::Protocol(
        "the direct write connection was lost".into(),
    ))
}

/// The direct connection's lock. Poisoned only by a panic while it was held, which
/// cannot leave a half-run statement behind (SQLite's calls return before Rust code
/// runs again): the connection is usable, and the batch it was in failed anyway.
fn lock(
    direct: &std::sync::Mutex<Option<rusqlite::Connection>>,
) -> std::sync::MutexGuard<'_, Option<rusqlite::Connection>> {
    direct
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Run `work` on a blocking thread (a statement that may wait: a lock, the disk).
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        StoreError::Database(sqlx::Error::Protocol(format!(
            "a write's blocking step failed: {e}"
        )))
    })?
}

/// Bind `args` to a statement written for sqlx, whose parameters are `$1`, `$2`, …
/// by number (SQLite reads `$1` as a name): `args[0]` to `$1` and so on, each where
/// the statement uses it.
pub(crate) fn bind(
    stmt: &mut rusqlite::Statement<'_>,
    args: &[&dyn rusqlite::ToSql],
) -> rusqlite::Result<()> {
    const NAMES: [&str; 9] = ["$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9"];
    if args.len() > NAMES.len() {
        return Err(rusqlite::Error::InvalidParameterCount(
            args.len(),
            NAMES.len(),
        ));
    }
    for (name, arg) in NAMES.iter().zip(args) {
        if let Some(at) = stmt.parameter_index(name)? {
            stmt.raw_bind_parameter(at, arg)?;
        }
    }
    Ok(())
}

/// The direct writes' connection to the database file, set as the pool's are (WAL,
/// `synchronous = FULL`, foreign keys, a 30 s busy timeout).
fn open_direct(path: &std::path::Path) -> Result<rusqlite::Connection, StoreError> {
    let conn = rusqlite::Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
    )?;
    Ok(conn)
}

impl Writer {
    /// The writer of the database file at `path`, its sqlx batches on `pool` (of one
    /// connection).
    pub(crate) fn new(pool: SqlitePool, path: PathBuf) -> Writer {
        Writer {
            pool,
            open: Mutex::new(None),
            batches: AtomicU64::new(0),
            path,
            direct: Arc::new(std::sync::Mutex::new(None)),
        }
    }

    /// Commit the open batch (if any) and close the write connections.
    pub(crate) async fn close(&self) {
        let mut open = self.open.lock().await;
        if let Some(batch) = open.take() {
            batch.commit(&self.direct).await;
        }
        drop(lock(&self.direct).take());
        self.pool.close().await;
    }

    /// Commit `batch` now, for a write of the other kind. On a task of its own, so it
    /// finishes (and its writes hear how it went) even if this write goes away.
    async fn commit_now(&self, batch: Batch) {
        let direct = Arc::clone(&self.direct);
        if let Err(e) = tokio::spawn(async move { batch.commit(&direct).await }).await {
            tracing::error!(error = %e, "the commit of a write batch did not finish");
        }
    }

    /// Run `work` as a direct write (see the module's documentation) in the open
    /// direct batch; answer once the batch is committed. A failed `work`, or one that
    /// changed no row, is answered at once: nothing of it is in the batch.
    pub(crate) async fn run_direct<T, E>(
        self: &Arc<Self>,
        work: impl FnOnce(&rusqlite::Connection) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let (value, mut done) = {
            let mut open = self.open.lock().await;
            let batch = match open.take() {
                Some(batch) if batch.direct => batch,
                other => {
                    if let Some(batch) = other {
                        self.commit_now(batch).await;
                    }
                    let id = self.batches.fetch_add(1, Ordering::Relaxed);
                    let batch = Batch::begin_direct(self, id).await?;
                    self.commit_later(id);
                    batch
                }
            };
            let batch = open.insert(batch);
            let ran = {
                let slot = lock(&self.direct);
                match slot.as_ref() {
                    Some(conn) => batch.run_direct(conn, work).map_err(StoreError::from),
                    None => Err(lost()),
                }
            };
            match ran {
                // Nothing of it to commit: answered at once.
                Ok((Ok(value), false)) => return Ok(value),
                Ok((Ok(value), true)) => (value, batch.done.subscribe()),
                Ok((Err(e), _)) => return Err(e),
                Err(broken) => {
                    // The savepoint could not be opened or closed: none of the batch
                    // is committed, and its other writes hear that it failed.
                    if let Some(batch) = open.take() {
                        batch.abandon_direct(&self.direct, &broken).await;
                    }
                    return Err(broken.into());
                }
            }
        };
        acknowledged(value, &mut done)
            .await
            .map_err(|e| E::from(StoreError::Database(sqlx::Error::Protocol(e))))
    }

    /// Run `work` as part of the open batch; answer once the batch is committed.
    /// A failed `work` is answered at once: nothing of it is in the batch.
    pub(crate) async fn run<'a, T, E, F>(self: &Arc<Self>, work: F) -> Result<T, E>
    where
        E: From<sqlx::Error>,
        F: for<'c> FnOnce(&'c mut Tx<'a>) -> TxWork<'c, T, E>,
    {
        let (value, mut done) = {
            let mut open = self.open.lock().await;
            let batch = match open.take() {
                Some(batch) if !batch.direct => batch,
                other => {
                    if let Some(batch) = other {
                        self.commit_now(batch).await;
                    }
                    let id = self.batches.fetch_add(1, Ordering::Relaxed);
                    let batch = Batch::begin(&self.pool, id).await?;
                    self.commit_later(id);
                    batch
                }
            };
            let batch = open.insert(batch);
            match batch.run(work).await {
                Ok(Ok(value)) => (value, batch.done.subscribe()),
                Ok(Err(e)) => return Err(e),
                Err(broken) => {
                    // The savepoint could not be opened or closed: what the batch holds
                    // cannot be trusted, so none of it is committed and its other
                    // writes hear that it failed.
                    if let Some(batch) = open.take() {
                        batch.abandon(&broken);
                    }
                    return Err(broken.into());
                }
            }
        };
        acknowledged(value, &mut done)
            .await
            .map_err(|e| E::from(sqlx::Error::Protocol(e)))
    }

    /// Commit batch `id` once the writes queued now have joined it. Called by the
    /// write that opens the batch, while it holds the lock: the lock is fair, so
    /// the commit comes after every write already waiting, and before any that
    /// comes later (those open the next batch). On its own task, so a write whose
    /// client goes away cannot leave its batch open.
    fn commit_later(self: &Arc<Self>, id: u64) {
        let writer = Arc::clone(self);
        tokio::spawn(async move {
            let mut open = writer.open.lock().await;
            if open.as_ref().is_some_and(|batch| batch.id == id)
                && let Some(batch) = open.take()
            {
                batch.commit(&writer.direct).await;
            }
        });
    }
}

/// `value`, once its batch is committed; why not, if it was not.
async fn acknowledged<T>(value: T, done: &mut watch::Receiver<Outcome>) -> Result<T, String> {
    let outcome = done
        .wait_for(Option::is_some)
        .await
        .map(|o| o.clone())
        .unwrap_or(None);
    match outcome {
        Some(Ok(())) => Ok(value),
        Some(Err(why)) => Err(format!("commit failed: {why}")),
        None => Err("the write batch was abandoned".into()),
    }
}

#[cfg(test)]
mod tests {
    use crate::sql::{query, query_scalar};
    use crate::{Db, Location, StoreError, Tx};
    use std::time::Duration;

    /// A migrated SQLite database in a fresh directory, with a pool of four.
    async fn db() -> (Db, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("a directory");
        let db = Db::connect(&Location::DataDir(dir.path().to_path_buf()), 4)
            .await
            .expect("a SQLite database");
        db.migrate().await.expect("migrations");
        (db, dir)
    }

    /// A row in a table with no foreign keys, by its id, inside `tx`.
    async fn insert(tx: &mut Tx<'_>, id: &str) -> Result<(), StoreError> {
        query(
            r#"
            INSERT INTO web_sessions (id, csrf_token, created_at, expires_at)
            VALUES ($1, 'csrf', 0, 0)
            "#,
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        Ok(())
    }

    /// That row, written on its own.
    async fn put(db: &Db, id: &str) -> Result<(), StoreError> {
        let id = id.to_string();
        db.write(|tx| Box::pin(async move { insert(tx, &id).await }))
            .await
    }

    async fn rows(db: &Db) -> Vec<String> {
        query_scalar("SELECT id FROM web_sessions ORDER BY id")
            .fetch_all(db)
            .await
            .expect("rows")
    }

    fn batches(db: &Db) -> u64 {
        match db {
            Db::Sqlite(s) => s.writer.batches.load(std::sync::atomic::Ordering::Relaxed),
            Db::Postgres(_) => unreachable!("a data directory opens SQLite"),
        }
    }

    /// The 60 writes `s00`…`s59` sent at once, of which `s30` fails after writing its
    /// row: only it failed, the others' rows are there and not its own, and they were
    /// committed in fewer batches than writes.
    async fn sixty_stored_but_the_failed_one(
        db: &Db,
        writes: impl Iterator<Item = tokio::task::JoinHandle<Result<(), StoreError>>>,
    ) {
        let results = futures::future::join_all(writes).await;
        let failed: Vec<usize> = results
            .iter()
            .enumerate()
            .filter(|(_, r)| !matches!(r, Ok(Ok(()))))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(failed, vec![30], "only the failing write fails");
        let expected: Vec<String> = (0..60)
            .filter(|i| *i != 30)
            .map(|i| format!("s{i:02}"))
            .collect();
        assert_eq!(rows(db).await, expected);
        assert!(
            batches(db) < 59,
            "59 writes at once were committed in fewer batches, took {}",
            batches(db)
        );
    }

    /// A first write of row `id` that holds the writer's lock until the gate opens.
    fn held_write(
        db: &Db,
        id: &'static str,
    ) -> (
        std::sync::Arc<tokio::sync::Notify>,
        tokio::task::JoinHandle<Result<(), StoreError>>,
    ) {
        let gate = std::sync::Arc::new(tokio::sync::Notify::new());
        let (db, held) = (db.clone(), gate.clone());
        let first = tokio::spawn(async move {
            db.write(|tx| {
                Box::pin(async move {
                    insert(tx, id).await?;
                    held.notified().await;
                    Ok(())
                })
            })
            .await
        });
        (gate, first)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_writes_share_commits_and_a_failed_one_leaves_nothing() {
        let (db, dir) = db().await;
        let writes = (0..60).map(|i| {
            let db = db.clone();
            tokio::spawn(async move {
                let id = format!("s{i:02}");
                if i == 30 {
                    // Writes its row, then fails: the row must not stay.
                    db.write(|tx| {
                        Box::pin(async move {
                            insert(tx, &id).await?;
                            Err::<(), _>(StoreError::conflict("err-submit-returned", Vec::new()))
                        })
                    })
                    .await
                } else {
                    put(&db, &id).await
                }
            })
        });
        sixty_stored_but_the_failed_one(&db, writes).await;
        db.close().await;
        drop(dir);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_savepoint_opened_with_the_first_statement_or_never_undoes_only_its_own_write() {
        let (db, dir) = db().await;
        // The five writes below share one batch: they queue while a first write
        // holds the lock (its batch's commit queued before them, so it is alone in
        // the first batch).
        let (gate, first) = held_write(&db, "a-first");
        tokio::time::sleep(Duration::from_millis(50)).await;
        let spawn = |id: &'static str, fail: bool, statement: bool| {
            let db = db.clone();
            tokio::spawn(async move {
                db.write(move |tx| {
                    Box::pin(async move {
                        if statement {
                            insert(tx, id).await?;
                        }
                        if fail {
                            return Err(StoreError::conflict("err-submit-returned", Vec::new()));
                        }
                        Ok(())
                    })
                })
                .await
            })
        };
        let writes = vec![
            spawn("b-written", false, true),
            // Failing after b, having run nothing: b must stand.
            spawn("d-nothing-then-failed", true, false),
            spawn("c-written-then-failed", true, true),
            spawn("e-nothing", false, false),
            spawn("f-written", false, true),
        ];
        tokio::time::sleep(Duration::from_millis(50)).await;
        gate.notify_one();
        assert!(matches!(first.await, Ok(Ok(()))));
        let mut outcomes = Vec::new();
        for w in writes {
            outcomes.push(w.await.expect("the task").is_ok());
        }
        assert_eq!(outcomes, vec![true, false, false, true, true]);
        assert_eq!(rows(&db).await, vec!["a-first", "b-written", "f-written"]);
        assert_eq!(batches(&db), 2, "the first write's batch, then the five's");
        db.close().await;
        drop(dir);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_write_dropped_halfway_leaves_nothing_and_the_batch_commits_the_rest() {
        let (db, dir) = db().await;
        put(&db, "before").await.expect("a first write");
        let abandoned = tokio::time::timeout(
            Duration::from_millis(200),
            db.write(|tx| {
                Box::pin(async move {
                    insert(tx, "dropped").await?;
                    // Its client goes away here.
                    std::future::pending::<()>().await;
                    Ok(())
                })
            }),
        )
        .await;
        assert!(abandoned.is_err(), "the write was dropped halfway");
        put(&db, "after").await.expect("the next write");
        assert_eq!(rows(&db).await, vec!["after", "before"]);
        // And nothing holds the write lock: another connection can write.
        let other = Db::connect(&Location::DataDir(dir.path().to_path_buf()), 1)
            .await
            .expect("a second connection");
        put(&other, "elsewhere")
            .await
            .expect("a write from elsewhere");
        other.close().await;
        assert_eq!(rows(&db).await, vec!["after", "before", "elsewhere"]);
        db.close().await;
        drop(dir);
    }

    /// That row, as a direct write (the hot path's kind), failing after it when
    /// `fail`.
    async fn put_direct(db: &Db, id: &str, fail: bool) -> Result<(), StoreError> {
        let Db::Sqlite(s) = db else {
            unreachable!("a data directory opens SQLite")
        };
        s.writer
            .run_direct(|conn| {
                let mut insert = conn.prepare_cached(
                    "INSERT INTO web_sessions (id, csrf_token, created_at, expires_at) \
                     VALUES ($1, 'csrf', 0, 0)",
                )?;
                super::bind(&mut insert, &[&id])?;
                insert.raw_execute()?;
                if fail {
                    return Err(StoreError::conflict("err-submit-returned", Vec::new()));
                }
                Ok(())
            })
            .await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_direct_writes_share_commits_and_a_failed_one_leaves_nothing() {
        let (db, dir) = db().await;
        let writes = (0..60).map(|i| {
            let db = db.clone();
            tokio::spawn(async move { put_direct(&db, &format!("s{i:02}"), i == 30).await })
        });
        sixty_stored_but_the_failed_one(&db, writes).await;
        db.close().await;
        drop(dir);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_write_of_the_other_kind_commits_the_open_batch_and_opens_its_own() {
        let (db, dir) = db().await;
        // A first write holds the lock; its batch's commit queues behind it, then the
        // four writes below, in this order (the lock is fair).
        let (gate, first) = held_write(&db, "a-other");
        let mut writes = Vec::new();
        for (id, direct, fail) in [
            ("b-direct", true, false),
            ("c-other", false, false),
            ("d-direct-failed", true, true),
            ("e-direct", true, false),
        ] {
            tokio::time::sleep(Duration::from_millis(30)).await;
            let db = db.clone();
            writes.push(tokio::spawn(async move {
                if direct {
                    put_direct(&db, id, fail).await
                } else {
                    put(&db, id).await
                }
            }));
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
        gate.notify_one();
        assert!(matches!(first.await, Ok(Ok(()))));
        let mut outcomes = Vec::new();
        for w in writes {
            outcomes.push(w.await.expect("the task").is_ok());
        }
        assert_eq!(outcomes, vec![true, true, false, true]);
        assert_eq!(
            rows(&db).await,
            vec!["a-other", "b-direct", "c-other", "e-direct"]
        );
        // a's; b's (direct), committed by c; c's, committed by d; d's and e's.
        assert_eq!(batches(&db), 4);
        db.close().await;
        drop(dir);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_answered_direct_write_is_committed_and_a_failed_one_is_not() {
        let (db, dir) = db().await;
        let other = Db::connect(&Location::DataDir(dir.path().to_path_buf()), 1)
            .await
            .expect("a second connection");
        let mut seen = Vec::new();
        for (id, direct, fail) in [
            ("a-direct", true, false),
            ("b-other", false, false),
            ("c-direct-failed", true, true),
            ("d-direct", true, false),
        ] {
            let outcome = if direct {
                put_direct(&db, id, fail).await
            } else {
                put(&db, id).await
            };
            assert_eq!(outcome.is_ok(), !fail, "{id}");
            if !fail {
                seen.push(id.to_string());
            }
            // Another connection reads it at once: it was committed before the answer.
            assert_eq!(rows(&other).await, seen, "after {id}");
        }
        other.close().await;
        db.close().await;
        drop(dir);
    }
}
