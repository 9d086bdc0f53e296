//! Persistence for Handprint on embedded SQLite or PostgreSQL.
//!
//! SQL is written once in the portable subset and run on both backends through
//! [`Db`]; the few statements that must differ (claiming work under concurrency)
//! sit side by side in `work.rs`. Times are BIGINT microseconds, money BIGINT
//! minor units, JSON documents TEXT.

pub mod accounts;
pub mod alerts;
pub(crate) mod allocation;
pub mod audit;
pub mod browse;
pub mod decisions;
pub(crate) mod direct;
pub mod escrow;
pub mod forum;
pub mod handprint;
pub mod handprints;
pub mod ledger;
pub mod media;
pub mod media_sources;
pub mod messages;
pub mod my_data;
pub(crate) mod overlap;
pub mod password_resets;
pub mod payfloor;
pub mod payouts;
pub mod performance;
pub mod projects;
pub mod qualification_tests;
pub mod qualifications;
pub mod quality;
pub mod record;
pub mod reports;
pub mod results;
pub mod review;
pub mod reviews;
pub mod sensitive;
pub mod sessions;
pub mod sql;
pub mod tasks;
pub mod trust;
pub mod work;
pub mod worker_lists;
pub mod worktime;
mod writer;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// A connection pool on one of the two supported backends.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqliteDb),
    Postgres(PgPool),
}

/// A SQLite database: its connection pool, and the one writer every write of the
/// process goes through (group commit, see `writer.rs`).
#[derive(Debug, Clone)]
pub struct SqliteDb {
    pool: SqlitePool,
    pub(crate) writer: std::sync::Arc<writer::Writer>,
    /// The direct reads' connections (`direct.rs`).
    pub(crate) readers: std::sync::Arc<direct::Readers>,
}

impl SqliteDb {
    /// The pool, for reads and for statements outside the store's write path
    /// (migrations, tests that edit rows by hand).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

/// What went wrong in storage, by kind, so the HTTP layer can answer precisely.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row asked for does not exist (or is not visible to the caller).
    #[error("{0} not found")]
    NotFound(Entity),
    /// A uniqueness rule would be broken; the field names what is duplicated.
    #[error("{field} is already taken")]
    Duplicate { field: &'static str },
    /// The request does not fit the current state of the data.
    #[error("{0}")]
    Conflict(handprint_core::Msg),
    /// The database failed; logged with its cause, never shown to users.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The database failed on SQLite's direct write connection (the hot writes, see
    /// `writer.rs`); logged with its cause, never shown to users.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// An account cannot cover a movement: `missing` minor units more are needed.
    #[error("{account} is {missing} minor units short")]
    InsufficientFunds { account: String, missing: i64 },
    /// A stored JSON document could not be read back.
    #[error("stored document is malformed: {0}")]
    Corrupt(String),
    /// A stored state Handprint does not know (the database is newer than the
    /// binary, or was edited by hand): logged with its cause, shown as a 500.
    #[error("stored {column} cannot be read: {source}")]
    Decode {
        column: &'static str,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What a [`StoreError::NotFound`] did not find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Assignment,
    Decision,
    Dispute,
    Handprint,
    Organization,
    Payout,
    Project,
    Qualification,
    Report,
    Review,
    Suspension,
    Task,
    User,
}

impl Entity {
    /// Its name in messages and error codes: "project", "assignment", …
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Assignment => "assignment",
            Entity::Decision => "decision",
            Entity::Dispute => "dispute",
            Entity::Handprint => "handprint",
            Entity::Organization => "organization",
            Entity::Payout => "payout",
            Entity::Project => "project",
            Entity::Qualification => "qualification",
            Entity::Report => "report",
            Entity::Review => "review",
            Entity::Suspension => "suspension",
            Entity::Task => "task",
            Entity::User => "user",
        }
    }
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl StoreError {
    /// A [`StoreError::Conflict`] with its catalogue code and arguments (its English
    /// text is the English catalogue's).
    pub fn conflict(code: &'static str, args: Vec<(&'static str, String)>) -> StoreError {
        StoreError::Conflict(handprint_core::Msg::coded(code, args))
    }

    /// Whether PostgreSQL ended the transaction to break a deadlock (SQLSTATE 40P01):
    /// nothing of it was kept, and running it again is safe.
    pub fn is_deadlock(&self) -> bool {
        matches!(self, StoreError::Database(sqlx::Error::Database(db))
            if db.code().as_deref() == Some("40P01"))
    }

    /// Map a unique-constraint violation to [`StoreError::Duplicate`] naming `field`.
    pub fn unique_as(err: sqlx::Error, field: &'static str) -> StoreError {
        if let sqlx::Error::Database(db) = &err
            && db.is_unique_violation()
        {
            return StoreError::Duplicate { field };
        }
        StoreError::Database(err)
    }
}

impl From<handprint_core::review::UnknownReviewState> for StoreError {
    fn from(e: handprint_core::review::UnknownReviewState) -> Self {
        StoreError::Decode {
            column: "review_state",
            source: Box::new(e),
        }
    }
}

impl From<handprint_core::ledger::LedgerError> for StoreError {
    fn from(e: handprint_core::ledger::LedgerError) -> Self {
        match e {
            handprint_core::ledger::LedgerError::Insufficient {
                account, missing, ..
            } => StoreError::InsufficientFunds { account, missing },
            other => StoreError::Conflict(handprint_core::Msg::coded(
                "err-transfer-refused",
                vec![("why", other.to_string())],
            )),
        }
    }
}

/// An open transaction on one of the two backends. Run queries in it with
/// [`sql::query`] and friends (`.execute(&mut *tx)`); [`Db::write`] opens one,
/// commits it when the work succeeds and rolls it back when it fails.
///
/// `'t` holds nothing: it ties the transaction to the work [`Db::write`] was
/// given, so that work may borrow from its caller (the transaction itself is
/// owned, and on SQLite outlives the work, see `writer.rs`).
pub struct Tx<'t> {
    pub(crate) conn: Conn,
    /// On SQLite's write batch: the statements that open this write's savepoint, not
    /// yet run. They run just before the write's first statement; a write that runs
    /// no statement never opens one (see `writer.rs`).
    pub(crate) pending: Option<&'static str>,
    scope: std::marker::PhantomData<&'t ()>,
}

/// The connection a [`Tx`] runs on.
pub(crate) enum Conn {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
    /// Given back to SQLite's write batch (only seen while a [`Tx`] is dropped).
    Lent,
}

impl Conn {
    /// The error for a transaction used after SQLite's write batch took it back
    /// (it cannot happen: the batch takes it back only when the [`Tx`] is dropped).
    pub(crate) fn gone() -> sqlx::Error {
        sqlx::Error::Protocol("the transaction was given back to the write batch".into())
    }
}

impl Tx<'_> {
    pub(crate) fn new(conn: Conn) -> Self {
        Tx {
            conn,
            pending: None,
            scope: std::marker::PhantomData,
        }
    }

    /// Run the statements opening this write's savepoint, if they have not run yet.
    pub(crate) async fn open_savepoint(&mut self) -> std::result::Result<(), sqlx::Error> {
        if let (Some(sql), Conn::Sqlite(t)) = (self.pending, &mut self.conn) {
            self.pending = None;
            sqlx::raw_sql(sql).execute(&mut **t).await?;
        }
        Ok(())
    }

    /// Whether this is a PostgreSQL transaction (which locks rows, where SQLite
    /// holds the whole database).
    pub fn is_postgres(&self) -> bool {
        matches!(self.conn, Conn::Postgres(_))
    }

    /// The row-locking suffix for a SELECT that decides a write: " FOR UPDATE" on
    /// PostgreSQL; "" on SQLite, whose write transactions hold the database lock.
    pub fn lock(&self) -> &'static str {
        if self.is_postgres() {
            " FOR UPDATE"
        } else {
            ""
        }
    }
}

/// The work done inside [`Db::write`]: a future borrowing the transaction.
pub type TxWork<'c, T, E = StoreError> = futures::future::BoxFuture<'c, Result<T, E>>;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Where the data lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file `handprint.db` inside this directory (created if missing).
    DataDir(std::path::PathBuf),
    /// A `postgres://` URL.
    Postgres(String),
}

/// A PostgreSQL connection idle in the pool for longer than this is pinged before it is
/// lent again (and replaced if the server ended it).
pub const PG_PING_AFTER_IDLE: Duration = Duration::from_secs(5);

impl Db {
    /// Open (and create if needed) the database; does not migrate.
    pub async fn connect(location: &Location, max_connections: u32) -> Result<Db> {
        match location {
            Location::DataDir(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    StoreError::Database(sqlx::Error::Configuration(
                        format!("cannot create data directory {}: {e}", dir.display()).into(),
                    ))
                })?;
                Self::sqlite_file(&dir.join("handprint.db"), max_connections).await
            }
            Location::Postgres(url) => {
                let options = PgConnectOptions::from_str(url)?;
                let pool = PgPoolOptions::new()
                    .max_connections(max_connections)
                    .acquire_timeout(Duration::from_secs(30))
                    // A connection in steady use is not pinged each time it is lent (a
                    // round trip per statement or transaction on the hot path); one idle
                    // for a while is, so one the server ended meanwhile (a restart) is
                    // replaced before a request gets it.
                    .test_before_acquire(false)
                    .before_acquire(|conn, meta| {
                        Box::pin(async move {
                            if meta.idle_for > PG_PING_AFTER_IDLE {
                                sqlx::Connection::ping(conn).await?;
                            }
                            Ok(true)
                        })
                    })
                    .connect_with(options)
                    .await?;
                Ok(Db::Postgres(pool))
            }
        }
    }

    async fn sqlite_file(path: &Path, max_connections: u32) -> Result<Db> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: an acknowledged answer or payment survives a power cut.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30));
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections)
            // A file on this machine: nothing can hang up, so no ping (a round trip to
            // the connection's thread) before each read.
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await?;
        // The write batch has a connection of its own: its page cache stays warm from
        // one batch to the next (another connection's cache is dropped whenever the
        // database changed), and reads never wait for it.
        let writes = SqlitePoolOptions::new()
            .max_connections(1)
            // A file on this machine: no ping before each batch.
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options)
            .await?;
        Ok(Db::Sqlite(SqliteDb {
            writer: std::sync::Arc::new(writer::Writer::new(writes, path.to_path_buf())),
            readers: std::sync::Arc::new(direct::Readers::new(path.to_path_buf())),
            pool,
        }))
    }

    /// Apply every embedded migration not yet applied.
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Db::Sqlite(s) => SQLITE_MIGRATIONS.run(s.pool()).await?,
            Db::Postgres(p) => {
                POSTGRES_MIGRATIONS.run(p).await?;
                work::install_pg_functions(p).await?;
            }
        }
        self.fill_organization_name_keys().await
    }

    /// Apply the embedded migrations up to `version` only: the database as an older
    /// release left it (upgrade tests build on it, then [`Db::migrate`]).
    pub async fn migrate_to(&self, version: i64) -> Result<()> {
        match self {
            Db::Sqlite(s) => SQLITE_MIGRATIONS.run_to(version, s.pool()).await?,
            Db::Postgres(p) => POSTGRES_MIGRATIONS.run_to(version, p).await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(s) => {
                s.writer.close().await;
                s.pool.close().await;
            }
            Db::Postgres(p) => p.close().await,
        }
    }

    /// Write what the database's log holds into its files: PostgreSQL's `CHECKPOINT`
    /// (for a superuser or a member of `pg_checkpoint`), SQLite's
    /// `PRAGMA wal_checkpoint(TRUNCATE)`. For a benchmark about to start its clock
    /// after a large import, so the import's write-back does not fall inside the run.
    pub async fn checkpoint(&self) -> Result<()> {
        match self {
            Db::Sqlite(s) => {
                sqlx::raw_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(s.pool())
                    .await?;
            }
            Db::Postgres(p) => {
                sqlx::raw_sql("CHECKPOINT").execute(p).await?;
            }
        }
        Ok(())
    }

    /// A cheap round trip, for health checks.
    pub async fn ping(&self) -> Result<()> {
        sql::query("SELECT 1").execute(self).await?;
        Ok(())
    }

    /// Run `work` in a write transaction: committed when it returns `Ok`, rolled
    /// back when it returns `Err` (an early `?` included), so a failed money
    /// movement never leaves half its writes. On SQLite the work joins the
    /// process's one write batch (group commit, see `writer.rs`): it runs in a
    /// savepoint of a transaction that took the write lock up front, and this
    /// returns once the batch is committed. Call it as
    /// `db.write(|tx| Box::pin(async move { …; Ok(value) })).await`.
    pub async fn write<'a, T, F>(&'a self, work: F) -> Result<T>
    where
        F: for<'c> FnOnce(&'c mut Tx<'a>) -> TxWork<'c, T>,
    {
        let pool = match self {
            Db::Sqlite(s) => return s.writer.run(work).await,
            Db::Postgres(p) => p,
        };
        let mut tx = Tx::new(Conn::Postgres(pool.begin().await?));
        let result = work(&mut tx).await;
        let Conn::Postgres(t) = tx.conn else {
            unreachable!("a PostgreSQL pool begins PostgreSQL transactions")
        };
        match result {
            Ok(value) => {
                t.commit().await?;
                Ok(value)
            }
            Err(e) => {
                // The work's error is the one to report; a failed rollback means a
                // broken connection, which sqlx discards (rolling back) anyway.
                if let Err(rollback) = t.rollback().await {
                    tracing::warn!(error = %rollback, "rollback failed");
                }
                Err(e)
            }
        }
    }

    /// Tables and their columns (name, nullable), sorted: used to check that both schemas agree.
    pub async fn schema_summary(&self) -> Result<Vec<(String, String, bool)>> {
        let mut rows: Vec<(String, String, bool)> = match self {
            Db::Sqlite(s) => {
                let rows: Vec<(String, String, i64)> = sqlx::query_as(
                    r#"
                    SELECT m.name, c.name, c."notnull" FROM sqlite_master m
                    JOIN pragma_table_info(m.name) c
                    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'
                    "#,
                )
                .fetch_all(s.pool())
                .await?;
                rows.into_iter().map(|(t, c, nn)| (t, c, nn == 0)).collect()
            }
            Db::Postgres(p) => {
                let rows: Vec<(String, String, String)> = sqlx::query_as(
                    r#"
                    SELECT table_name::text, column_name::text, is_nullable::text FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%'
                    "#,
                )
                .fetch_all(p)
                .await?;
                rows.into_iter()
                    .map(|(t, c, n)| (t, c, n == "YES"))
                    .collect()
            }
        };
        // SQLite reports a TEXT PRIMARY KEY as nullable; PostgreSQL implies NOT NULL.
        for row in rows.iter_mut() {
            if row.1 == "id" {
                row.2 = false;
            }
        }
        rows.sort();
        Ok(rows)
    }
}

/// JSON text of a value, for TEXT columns.
pub(crate) fn to_json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

/// Read back a JSON TEXT column.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// A new time-ordered public id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
