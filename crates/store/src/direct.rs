//! SQLite reads on connections of our own (rusqlite), and the decoding of their rows.
//!
//! sqlx's SQLite driver runs each statement on a thread of the connection's own and
//! wakes the waiting task when it is done: two thread hops a read, and on a machine
//! whose cores are busy each hop waits for a core. The direct writes (`writer.rs`)
//! avoid them for the two writes of every unit of work; [`Readers`] does the same for
//! the read every submit starts with (the lease: the assignment, its item and its
//! project, read by primary key). A direct read runs on the calling thread, to its
//! end without an `.await`, on a connection taken from a small stack of idle ones, so
//! as many exist as reads ever ran at once (at most the runtime's threads).
//!
//! Rows are decoded by position, in the order of the statement's columns, and each
//! column's name is checked against the name the decoder expects ([`Columns`]): a
//! statement whose columns were reordered fails to decode instead of filling a field
//! with its neighbour's value.

use crate::StoreError;
use std::path::PathBuf;
use std::sync::Mutex;

/// A row's columns, read one after the other.
pub(crate) struct Columns<'r, 's> {
    row: &'r rusqlite::Row<'s>,
    at: usize,
}

impl<'r, 's> Columns<'r, 's> {
    pub(crate) fn new(row: &'r rusqlite::Row<'s>) -> Self {
        Columns { row, at: 0 }
    }

    /// The next column, which the statement must name `name`.
    pub(crate) fn next<T: rusqlite::types::FromSql>(
        &mut self,
        name: &'static str,
    ) -> Result<T, StoreError> {
        let at = self.at;
        let named = self.row.as_ref().column_name(at)?;
        if named != name {
            return Err(StoreError::Decode {
                column: name,
                source: format!("column {at} of the statement is {named}, not {name}").into(),
            });
        }
        self.at += 1;
        Ok(self.row.get(at)?)
    }

    /// The next column, a text decoded into `T` (an id, a state), named `name`.
    pub(crate) fn parsed<T: TryFrom<String>>(&mut self, name: &'static str) -> Result<T, StoreError>
    where
        T::Error: std::error::Error + Send + Sync + 'static,
    {
        T::try_from(self.next::<String>(name)?).map_err(|e| StoreError::Decode {
            column: name,
            source: Box::new(e),
        })
    }
}

/// Idle read connections to one database file, opened as they are first needed.
#[derive(Debug)]
pub(crate) struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<rusqlite::Connection>>,
}

impl Readers {
    pub(crate) fn new(path: PathBuf) -> Readers {
        Readers {
            path,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Run `read` on an idle connection (a new one when none is idle), here on the
    /// calling thread. A read is a few index probes: it does not wait for a lock (in
    /// WAL mode readers never wait for the writer) and only reads from the disk what
    /// the operating system has not cached.
    pub(crate) fn read<T>(
        &self,
        read: impl FnOnce(&rusqlite::Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let conn = match self.idle().pop() {
            Some(conn) => conn,
            None => open_reader(&self.path)?,
        };
        let out = read(&conn);
        // Statements are reset when their rows are dropped, so the connection holds
        // no read transaction open and is fit for the next read, whatever this one
        // returned.
        self.idle().push(conn);
        out
    }

    /// The idle connections. Poisoned only by a panic between a pop and a push, which
    /// leaves the stack whole.
    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<rusqlite::Connection>> {
        self.idle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A read connection: `query_only`, so nothing it runs can write, and the same busy
/// timeout as the others (a reader waits only while a checkpoint resets the log).
fn open_reader(path: &std::path::Path) -> Result<rusqlite::Connection, StoreError> {
    let conn = rusqlite::Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    conn.execute_batch("PRAGMA query_only = ON;")?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(dir: &std::path::Path) -> PathBuf {
        let path = dir.join("direct.db");
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; CREATE TABLE t (id TEXT, n INTEGER);
             INSERT INTO t VALUES ('a', 1);",
        )
        .expect("create");
        path
    }

    #[test]
    fn columns_are_read_in_order_and_checked_by_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let readers = Readers::new(table(dir.path()));
        let read = readers
            .read(|conn| {
                let mut stmt = conn.prepare("SELECT id, n FROM t")?;
                let mut rows = stmt.query([])?;
                let row = rows.next()?.expect("a row");
                let mut c = Columns::new(row);
                Ok((c.next::<String>("id")?, c.next::<i64>("n")?))
            })
            .expect("read");
        assert_eq!(read, ("a".to_string(), 1));
        let swapped = readers.read(|conn| {
            let mut stmt = conn.prepare("SELECT n, id FROM t")?;
            let mut rows = stmt.query([])?;
            let row = rows.next()?.expect("a row");
            let mut c = Columns::new(row);
            c.next::<String>("id")
        });
        match swapped {
            Err(StoreError::Decode { column, source }) => {
                assert_eq!(column, "id");
                assert_eq!(source.to_string(), "column 0 of the statement is n, not id");
            }
            other => panic!("expected a decoding error, got {other:?}"),
        }
    }

    #[test]
    fn readers_reuse_their_connections_and_never_write() {
        let dir = tempfile::tempdir().expect("tempdir");
        let readers = Readers::new(table(dir.path()));
        for _ in 0..3 {
            readers
                .read(|conn| {
                    Ok(conn.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0))?)
                })
                .expect("read");
        }
        assert_eq!(readers.idle().len(), 1);
        let write = readers.read(|conn| Ok(conn.execute("DELETE FROM t", [])?));
        assert!(
            matches!(&write, Err(StoreError::Sqlite(e)) if e.to_string().contains("readonly")),
            "{write:?}"
        );
        let left = readers
            .read(|conn| Ok(conn.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0))?))
            .expect("read");
        assert_eq!(left, 1);
    }
}
