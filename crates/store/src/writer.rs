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
//!    savepoint is opened with the write's first statement: ahead of it in the
//!    same query text when the write asks for that (the claim and the submit do,
//!    [`Tx::savepoint_prefix`]: one round trip each), else on its own just before
//!    it; a write that runs no statement opens none.
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

use crate::{Conn, Tx, TxWork};
use sqlx::{Sqlite, SqlitePool};
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
}

/// The open write transaction that concurrent writes share.
struct Batch {
    id: u64,
    /// The transaction; lent to one write at a time (see [`Lent`]).
    tx: Option<sqlx::Transaction<'static, Sqlite>>,
    /// The savepoint named `write`, if one is open (see [`Savepoint`]).
    savepoint: Savepoint,
    /// Tells the batch's writes how it ended.
    done: watch::Sender<Outcome>,
}

impl std::fmt::Debug for Batch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch")
            .field("id", &self.id)
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
/// savepoint is opened with its first statement ([`Tx::savepoint_prefix`]); on the
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

    /// Commit, and tell every write of the batch how it went.
    async fn commit(mut self) {
        // A finished write's savepoint needs no `RELEASE` of its own: `COMMIT` ends every
        // savepoint still open with the transaction, keeping what they hold.
        let outcome = match self.recover().await {
            Ok(()) => match self.tx.take() {
                Some(t) => t.commit().await,
                None => Err(sqlx::Error::Protocol(
                    "the write batch lost its transaction".into(),
                )),
            },
            Err(e) => Err(e),
        };
        let outcome = outcome.map_err(|e| {
            tracing::error!(error = %e, "commit of a write batch failed");
            Arc::from(e.to_string())
        });
        self.done.send_replace(Some(outcome));
    }
}

impl Writer {
    pub(crate) fn new(pool: SqlitePool) -> Writer {
        Writer {
            pool,
            open: Mutex::new(None),
            batches: AtomicU64::new(0),
        }
    }

    /// Close the write connection, once the open batch (if any) is committed.
    pub(crate) async fn close(&self) {
        self.pool.close().await;
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
                Some(batch) => batch,
                None => {
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
        let outcome = done
            .wait_for(Option::is_some)
            .await
            .map(|o| o.clone())
            .unwrap_or(None);
        match outcome {
            Some(Ok(())) => Ok(value),
            Some(Err(why)) => Err(sqlx::Error::Protocol(format!("commit failed: {why}")).into()),
            None => Err(sqlx::Error::Protocol("the write batch was abandoned".into()).into()),
        }
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
                batch.commit().await;
            }
        });
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
        let results = futures::future::join_all(writes).await;
        let failed: Vec<usize> = results
            .iter()
            .enumerate()
            .filter(|(_, r)| !matches!(r, Ok(Ok(()))))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(failed, vec![30], "only the failing write fails");
        let stored = rows(&db).await;
        let expected: Vec<String> = (0..60)
            .filter(|i| *i != 30)
            .map(|i| format!("s{i:02}"))
            .collect();
        assert_eq!(stored, expected);
        assert!(
            batches(&db) < 59,
            "59 writes at once were committed in fewer batches, took {}",
            batches(&db)
        );
        db.close().await;
        drop(dir);
    }

    /// A write that opens its savepoint in its own first statement's text, as the
    /// claim and the submit do.
    async fn insert_with_prefix(tx: &mut Tx<'_>, id: &str) -> Result<(), StoreError> {
        let sql = format!(
            "{} INSERT INTO web_sessions (id, csrf_token, created_at, expires_at) VALUES ($1, 'csrf', 0, 0)",
            tx.savepoint_prefix()
        );
        query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        Ok(())
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_savepoint_opened_with_the_first_statement_or_never_undoes_only_its_own_write() {
        let (db, dir) = db().await;
        // The five writes below share one batch: they queue while a first write
        // holds the lock (its batch's commit queued before them, so it is alone in
        // the first batch).
        let gate = std::sync::Arc::new(tokio::sync::Notify::new());
        let first = {
            let (db, gate) = (db.clone(), gate.clone());
            tokio::spawn(async move {
                db.write(|tx| {
                    Box::pin(async move {
                        insert(tx, "a-first").await?;
                        gate.notified().await;
                        Ok(())
                    })
                })
                .await
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        let spawn = |id: &'static str, fail: bool, statement: bool| {
            let db = db.clone();
            tokio::spawn(async move {
                db.write(move |tx| {
                    Box::pin(async move {
                        if statement {
                            insert_with_prefix(tx, id).await?;
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
            spawn("b-prefixed", false, true),
            // Failing after b, having run nothing: b must stand.
            spawn("d-nothing-then-failed", true, false),
            spawn("c-prefixed-then-failed", true, true),
            spawn("e-nothing", false, false),
            spawn("f-prefixed", false, true),
        ];
        tokio::time::sleep(Duration::from_millis(50)).await;
        gate.notify_one();
        assert!(matches!(first.await, Ok(Ok(()))));
        let mut outcomes = Vec::new();
        for w in writes {
            outcomes.push(w.await.expect("the task").is_ok());
        }
        assert_eq!(outcomes, vec![true, false, false, true, true]);
        assert_eq!(rows(&db).await, vec!["a-first", "b-prefixed", "f-prefixed"]);
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
}
