//! The group-commit writer's SQLite connection, driven from the writer's
//! own thread for the calls it inserts.
//!
//! sqlx runs each SQLite connection on a thread of its own: every
//! statement is a message to that thread and an answer back, so each batch
//! of calls woke two threads on the serial path of every voice webhook
//! (the writer's, then the connection's, then the writer's again), and on
//! a busy 2-core machine each wake-up waited for a core about as long as
//! the work it did (`perf` of the scheduler under `callcenter bench
//! webhook`). Here the writer takes the connection's lock (sqlx's
//! `lock_handle`) and keeps it between batches: the calls of a batch are
//! inserted with SQLite's own API, on the writer's thread, by the same
//! multi-row statement as before (one statement keeps its cursors on
//! every index open from row to row: single-row inserts in a transaction
//! took 45% more of SQLite's time, each seeking every index from its
//! root), prepared once for each batch size and returning the ids written.
//! Whatever else the writer does on the connection (status changes,
//! auctions, checkpoints) goes through sqlx as before: the lock is given
//! back first and taken again with the next batch of calls alone.
//!
//! The statements prepared here are used only while the lock is held and
//! are finalized before the connection is closed: sqlx acts on the
//! connection only when the writer asks it to, never while the writer
//! holds the lock or is being dropped.

use std::borrow::Cow;
use std::ffi::{CStr, c_int};
use std::ptr::{NonNull, null_mut};

use libsqlite3_sys as ffi;
use sqlx::SqliteConnection;
use sqlx::error::{DatabaseError, ErrorKind};
use sqlx::sqlite::LockedSqliteHandle;

use crate::calls::{RoutedCall, Value, insert_calls_sql, values};

/// Rows per statement at most: larger batches are written in parts (in
/// one transaction), so that at most this many statements are kept.
const MAX_ROWS: usize = 64;

/// The writer's connection, and its lock while the writer holds it.
pub(crate) struct SqliteWriter {
    /// The insert of `n` calls at `n - 1`, prepared when first needed.
    /// Declared first: finalized before the connection closes.
    inserts: Vec<Option<Statement>>,
    /// The connection's lock while held. Dropped (given back) before the
    /// connection is.
    guard: Option<LockedSqliteHandle<'static>>,
    /// Boxed so that it stays where the lock's guard was taken from.
    conn: Box<SqliteConnection>,
}

impl SqliteWriter {
    pub(crate) fn new(conn: SqliteConnection) -> Self {
        Self {
            inserts: (0..MAX_ROWS).map(|_| None).collect(),
            guard: None,
            conn: Box::new(conn),
        }
    }

    /// The connection for sqlx, the lock given back first.
    pub(crate) fn sqlx(&mut self) -> &mut SqliteConnection {
        self.guard = None;
        &mut self.conn
    }

    /// Insert `calls` (none with an auction) in one transaction, skipping
    /// CallSids stored already: the `(id, call_sid)` of the calls written.
    pub(crate) async fn insert_calls(
        &mut self,
        calls: &[&RoutedCall],
    ) -> Result<Vec<(i64, String)>, sqlx::Error> {
        let guard = match &mut self.guard {
            Some(guard) => guard,
            none => {
                let guard = self.conn.lock_handle().await?;
                // SAFETY: the guard borrows the lock inside the
                // connection's shared state, which the boxed connection
                // keeps alive and in place; the guard is always dropped
                // before `conn` (field order, and `sqlx()` drops it before
                // lending the connection out), so it never outlives what
                // it borrows nor overlaps a use of sqlx.
                none.insert(unsafe {
                    std::mem::transmute::<LockedSqliteHandle<'_>, LockedSqliteHandle<'static>>(
                        guard,
                    )
                })
            }
        };
        let db = guard.as_raw_handle();
        let parts = calls.len().div_ceil(MAX_ROWS);
        if parts > 1 {
            exec(db, c"BEGIN")?;
        }
        let mut rows = Vec::with_capacity(calls.len());
        let mut written = Ok(());
        for part in calls.chunks(MAX_ROWS) {
            written = self.insert_part(db, part, &mut rows);
            if written.is_err() {
                break;
            }
        }
        if parts > 1 {
            written = written.and_then(|()| exec(db, c"COMMIT"));
            if written.is_err() {
                // Fails only when no transaction is open, which is fine.
                let _ = exec(db, c"ROLLBACK");
            }
        }
        written.map(|()| rows)
    }

    /// Insert `part` (at most [`MAX_ROWS`] calls) on `db`, whose lock is
    /// held, adding the `(id, call_sid)` of the calls written to `rows`.
    fn insert_part(
        &mut self,
        db: NonNull<ffi::sqlite3>,
        part: &[&RoutedCall],
        rows: &mut Vec<(i64, String)>,
    ) -> Result<(), sqlx::Error> {
        let stmt = match &mut self.inserts[part.len() - 1] {
            Some(stmt) => stmt,
            none => {
                let mut sql = insert_calls_sql(crate::Backend::Sqlite, part.len());
                sql.push_str(" RETURNING id, call_sid");
                none.insert(Statement::prepare(db, &sql)?)
            }
        };
        let mut i = 0;
        let mut bound = Ok(());
        for call in part {
            for value in values(call) {
                i += 1;
                bound = bound.and_then(|()| stmt.bind(db, i, &value));
            }
        }
        let done = bound.and_then(|()| stmt.run(db, rows));
        // The bound strings are borrowed: never left bound past here.
        stmt.clear();
        done
    }
}

impl Drop for SqliteWriter {
    fn drop(&mut self) {
        // Finalized before the connection closes (sqlx refuses to close a
        // connection with statements left), with the lock if held; sqlx
        // uses the connection only when asked, and nothing asks it now.
        self.inserts.clear();
        self.guard = None;
    }
}

/// Run `sql` (no parameters, no rows) on `db`, whose lock is held.
fn exec(db: NonNull<ffi::sqlite3>, sql: &CStr) -> Result<(), sqlx::Error> {
    // SAFETY: `db` is open and its lock held; `sql` is a C string.
    let rc = unsafe { ffi::sqlite3_exec(db.as_ptr(), sql.as_ptr(), None, null_mut(), null_mut()) };
    if rc == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(error(db))
    }
}

/// A prepared statement of the held connection.
struct Statement(NonNull<ffi::sqlite3_stmt>);

// SAFETY: used only by the thread holding the connection's lock, with it.
unsafe impl Send for Statement {}

impl Statement {
    fn prepare(db: NonNull<ffi::sqlite3>, sql: &str) -> Result<Self, sqlx::Error> {
        let mut stmt = null_mut();
        let len = c_int::try_from(sql.len())
            .map_err(|_| sqlx::Error::Protocol("statement too long".into()))?;
        // SAFETY: `db` is open and its lock held; `sql` outlives the call,
        // its length given; `stmt` receives the statement or null.
        let rc = unsafe {
            ffi::sqlite3_prepare_v3(
                db.as_ptr(),
                sql.as_ptr().cast(),
                len,
                ffi::SQLITE_PREPARE_PERSISTENT,
                &mut stmt,
                null_mut(),
            )
        };
        match NonNull::new(stmt) {
            Some(stmt) if rc == ffi::SQLITE_OK => Ok(Self(stmt)),
            _ => Err(error(db)),
        }
    }

    /// Bind parameter `i` (from 1). Text is bound without a copy: it must
    /// stay alive until [`Statement::clear`].
    fn bind(
        &mut self,
        db: NonNull<ffi::sqlite3>,
        i: c_int,
        value: &Value<'_>,
    ) -> Result<(), sqlx::Error> {
        let s = self.0.as_ptr();
        // SAFETY: the statement is live; text pointers and lengths come
        // from live `str`s that outlive the step (cleared right after).
        let rc = unsafe {
            match value {
                Value::Int(v) | Value::OptInt(Some(v)) => ffi::sqlite3_bind_int64(s, i, *v),
                Value::Bool(b) => ffi::sqlite3_bind_int64(s, i, i64::from(*b)),
                Value::Text(t) => bind_text(s, i, t),
                Value::OptText(Some(t)) => bind_text(s, i, t),
                Value::OptInt(None) | Value::OptText(None) => ffi::sqlite3_bind_null(s, i),
            }
        };
        if rc == ffi::SQLITE_OK {
            Ok(())
        } else {
            Err(error(db))
        }
    }

    /// Step the statement to its end, adding the rows it returns (an
    /// integer, then text) to `rows`, and reset it.
    fn run(
        &mut self,
        db: NonNull<ffi::sqlite3>,
        rows: &mut Vec<(i64, String)>,
    ) -> Result<(), sqlx::Error> {
        let s = self.0.as_ptr();
        let outcome = loop {
            // SAFETY: the statement is live, its connection's lock held;
            // the text read is copied before the next step.
            unsafe {
                match ffi::sqlite3_step(s) {
                    ffi::SQLITE_ROW => {
                        let id = ffi::sqlite3_column_int64(s, 0);
                        let text = ffi::sqlite3_column_text(s, 1);
                        let len = usize::try_from(ffi::sqlite3_column_bytes(s, 1)).unwrap_or(0);
                        let sid = if text.is_null() {
                            String::new()
                        } else {
                            let bytes = std::slice::from_raw_parts(text, len);
                            String::from_utf8_lossy(bytes).into_owned()
                        };
                        rows.push((id, sid));
                    }
                    ffi::SQLITE_DONE => break Ok(()),
                    _ => break Err(error(db)),
                }
            }
        };
        // SAFETY: as above; reset reports the step's error again, which
        // was taken already.
        unsafe { ffi::sqlite3_reset(s) };
        outcome
    }

    /// Unbind every parameter.
    fn clear(&mut self) {
        // SAFETY: the statement is live.
        unsafe { ffi::sqlite3_clear_bindings(self.0.as_ptr()) };
    }
}

impl Drop for Statement {
    fn drop(&mut self) {
        // SAFETY: finalized once, while nothing else uses the connection
        // ([`SqliteWriter`]'s drop).
        unsafe { ffi::sqlite3_finalize(self.0.as_ptr()) };
    }
}

/// # Safety
/// `s` is a live statement; `t` outlives its binding.
unsafe fn bind_text(s: *mut ffi::sqlite3_stmt, i: c_int, t: &str) -> c_int {
    let Ok(len) = c_int::try_from(t.len()) else {
        return ffi::SQLITE_TOOBIG;
    };
    // SAFETY: as the caller promises; SQLITE_STATIC: SQLite does not copy.
    unsafe { ffi::sqlite3_bind_text(s, i, t.as_ptr().cast(), len, ffi::SQLITE_STATIC()) }
}

/// The connection's last error, as sqlx reports SQLite's.
fn error(db: NonNull<ffi::sqlite3>) -> sqlx::Error {
    // SAFETY: `db` is open; the message is copied before anything else
    // runs on the connection.
    let (code, message) = unsafe {
        let code = ffi::sqlite3_extended_errcode(db.as_ptr());
        let message = ffi::sqlite3_errmsg(db.as_ptr());
        let message = if message.is_null() {
            String::new()
        } else {
            CStr::from_ptr(message).to_string_lossy().into_owned()
        };
        (code, message)
    };
    sqlx::Error::Database(Box::new(SqliteError { code, message }))
}

/// An error SQLite reported on the writer's own statements: as sqlx's,
/// its code is SQLite's extended result code.
#[derive(Debug)]
struct SqliteError {
    code: c_int,
    message: String,
}

impl std::fmt::Display for SqliteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "(code: {}) {}", self.code, self.message)
    }
}

impl std::error::Error for SqliteError {}

impl DatabaseError for SqliteError {
    fn message(&self) -> &str {
        &self.message
    }

    fn code(&self) -> Option<Cow<'_, str>> {
        Some(self.code.to_string().into())
    }

    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }

    fn kind(&self) -> ErrorKind {
        match self.code {
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                ErrorKind::UniqueViolation
            }
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => ErrorKind::ForeignKeyViolation,
            ffi::SQLITE_CONSTRAINT_NOTNULL => ErrorKind::NotNullViolation,
            ffi::SQLITE_CONSTRAINT_CHECK => ErrorKind::CheckViolation,
            _ => ErrorKind::Other,
        }
    }
}
