//! The connection of the voice webhooks' group-commit writer: one of its
//! own, held for the writer's lifetime instead of taken from a pool for
//! each batch.
//!
//! A pooled connection costs every batch a round trip more than its
//! statements: sqlx pings a connection each time it goes back to its pool
//! (in a task spawned when it is dropped), and the next batch's acquire
//! waits for that. On SQLite each trip is a hand-over to the connection's
//! thread and back, and under load each hand-over waits for a core.
//!
//! On SQLite it also keeps a larger page cache than the pool's
//! connections, so the index pages every call touches stay in memory (in
//! WAL mode a connection drops its whole cache whenever another connection
//! committed since its last transaction, so a writer landing on a
//! different connection each batch re-read every page it touched), and it
//! never checkpoints inside one of its commits (see [`crate::wal`]).
//!
//! Everything goes through sqlx's safe API.
//!
//! A connection that breaks (PostgreSQL restarted, a network cut) is
//! dropped; a batch that found it broken is tried once more on a new one,
//! and a writer without a connection opens one on its next batch.

use std::time::Duration;

use sqlx::{ConnectOptions, PgConnection, SqliteConnection};

use crate::call_updates::{CallUpdate, Updated};
use crate::calls::RoutedCall;
use crate::db::Db;
use crate::{Backend, Store, StoreError};

/// The page cache of the SQLite writer, in KiB (SQLite fills it only as
/// pages are read). Larger than the pool's, so that the index pages calls
/// share stay in memory; not much larger: at the end of every transaction
/// SQLite's own page cache may walk its whole table of pages (it does so
/// while the database is smaller than 1 GiB, because a B-tree rebalance
/// parks a page under the number of the page at 1 GiB), so each cached
/// page costs every commit a little. See docs/decisions/group-commit.md.
const WRITER_CACHE_KIB: u32 = 16 * 1024;
/// How long opening the connection may take before the batch fails (as
/// the pool's acquire timeout).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The group-commit writer's own connection (opened again when broken).
pub struct WriterConnection {
    store: Store,
    conn: Option<Conn>,
}

enum Conn {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

impl Store {
    /// The connection of a long-lived writer of calls, opened with its
    /// first batch (on the task that writes).
    pub fn writer_connection(&self) -> WriterConnection {
        WriterConnection {
            store: self.clone(),
            conn: None,
        }
    }
}

/// Run `$body` (an expression using `$db`, what `$self.$open()` gives,
/// and giving a future of a `Result<_, sqlx::Error>`) on the writer's
/// connection, opening one when it has none, and once more on a new one
/// when the connection it had turned out broken.
macro_rules! on_conn {
    ($self:ident, $open:ident, |$db:ident| $body:expr) => {{
        let reused = $self.conn.is_some();
        let mut r = match $self.$open().await {
            Ok($db) => $body.await,
            Err(e) => Err(e),
        };
        if reused && r.as_ref().is_err_and(broken) {
            $self.conn = None;
            r = match $self.$open().await {
                Ok($db) => $body.await,
                Err(e) => Err(e),
            };
        }
        if r.as_ref().is_err_and(broken) {
            $self.conn = None;
        }
        Ok(r?)
    }};
}

impl WriterConnection {
    pub fn backend(&self) -> Backend {
        self.store.backend()
    }

    /// As [`Store::insert_routed_calls`].
    pub async fn insert_routed_calls(
        &mut self,
        calls: &[&RoutedCall],
    ) -> Result<Vec<Option<domain::CallId>>, StoreError> {
        on_conn!(self, connected, |db| crate::calls::insert_routed_on(
            db, calls
        ))
    }

    /// Write `calls` in one commit (their auctions with them) and tell
    /// which were written (`false`: the CallSid was stored already).
    pub async fn write_calls(&mut self, calls: &[&RoutedCall]) -> Result<Vec<bool>, StoreError> {
        let plain = calls.iter().all(|c| c.auction.is_none());
        if plain && self.backend() == Backend::Sqlite {
            return on_conn!(self, connected, |db| async {
                match db {
                    Db::Sqlite(c) => crate::calls::sqlite_write_calls(c, calls).await,
                    Db::Postgres(_) => Err(sqlx::Error::Protocol("not SQLite".into())),
                }
            });
        }
        let ids = self.insert_routed_calls(calls).await?;
        Ok(ids.into_iter().map(|id| id.is_some()).collect())
    }

    /// As [`Store::apply_call_updates`].
    pub async fn apply_call_updates(
        &mut self,
        updates: &[&CallUpdate],
    ) -> Result<Vec<Updated>, StoreError> {
        on_conn!(self, connected, |db| crate::call_updates::apply_on(
            db, updates
        ))
    }

    /// As [`Store::write_calls_and_changes`].
    pub async fn write_calls_and_changes(
        &mut self,
        calls: &[&RoutedCall],
        changes: &[&CallUpdate],
    ) -> Result<(Vec<bool>, Vec<Updated>), StoreError> {
        on_conn!(self, connected, |db| crate::call_updates::write_both_on(
            db, calls, changes
        ))
    }

    /// As [`Store::checkpoint`], on this connection (between two of its
    /// batches, so that its next commit starts the WAL over).
    pub async fn checkpoint(&mut self) -> Result<Option<i64>, StoreError> {
        on_conn!(self, connected, |db| crate::wal::checkpoint_on(db))
    }

    async fn connected(&mut self) -> Result<Db<'_>, sqlx::Error> {
        let conn = match &mut self.conn {
            Some(conn) => conn,
            none => none.insert(open(&self.store).await?),
        };
        Ok(match conn {
            Conn::Sqlite(c) => Db::Sqlite(c),
            Conn::Postgres(c) => Db::Postgres(c),
        })
    }
}

/// Whether `e` says the connection itself failed (rather than a
/// statement): anything but the database's answer to a statement, or an
/// answer that the session is over (PostgreSQL's SQLSTATE class 08,
/// connection exceptions, and 57P01-57P03, the server shutting down).
pub(crate) fn broken(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|c| c.starts_with("08") || c.starts_with("57P")),
        sqlx::Error::RowNotFound
        | sqlx::Error::TypeNotFound { .. }
        | sqlx::Error::ColumnIndexOutOfBounds { .. }
        | sqlx::Error::ColumnNotFound(_)
        | sqlx::Error::ColumnDecode { .. }
        | sqlx::Error::Encode(_)
        | sqlx::Error::Decode(_) => false,
        _ => true,
    }
}

async fn open(store: &Store) -> Result<Conn, sqlx::Error> {
    let opening = async {
        Ok(match (store.sqlite(), store.postgres()) {
            (Some(pool), _) => {
                let options = (*pool.connect_options())
                    .clone()
                    .pragma("cache_size", format!("-{WRITER_CACHE_KIB}"))
                    // Checkpoints run beside it ([`crate::wal`]), never
                    // inside one of its commits, where they stalled every
                    // webhook waiting on the writer for an fsync.
                    .pragma("wal_autocheckpoint", "0");
                Conn::Sqlite(options.connect().await?)
            }
            (None, Some(pool)) => Conn::Postgres(pool.connect_options().connect().await?),
            (None, None) => return Err(sqlx::Error::PoolClosed),
        })
    };
    tokio::time::timeout(CONNECT_TIMEOUT, opening)
        .await
        .unwrap_or(Err(sqlx::Error::PoolTimedOut))
}

/// Whether `e` says the database could not be reached (or would not let
/// the writer in): the connection failed, or SQLite stayed locked past its
/// busy timeout. Such writes go to the spool ([`crate::spool`]) rather
/// than fail.
pub(crate) fn unreachable(e: &StoreError) -> bool {
    match e {
        StoreError::Database(sqlx::Error::Database(db)) => {
            // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with extended codes.
            let sqlite_locked = db
                .code()
                .and_then(|c| c.parse::<i64>().ok())
                .is_some_and(|c| matches!(c & 0xff, 5 | 6));
            sqlite_locked
                || db
                    .code()
                    .is_some_and(|c| c.starts_with("08") || c.starts_with("57P"))
        }
        StoreError::Database(e) => broken(e),
        _ => false,
    }
}
