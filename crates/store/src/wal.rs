//! Checkpoints of SQLite's write-ahead log for a store with one busy
//! writer (the voice webhooks' group commit); nothing on PostgreSQL.
//!
//! A PASSIVE checkpoint copies the WAL's frames into the database file
//! beside the writer, but SQLite writes that file to disk (fsync) only when
//! a checkpoint reaches the WAL's end, which under steady load only one on
//! the writer's own connection, between two of its batches, does. Its
//! fsync then flushed every page copied since the last one: 18 ms held on
//! the writer, measured at 1,000 calls/s with status callbacks. So the
//! checkpoints beside the writer flush the database file and the WAL
//! themselves ([`DiskFiles`]), and the writer's own checkpoint finds
//! almost nothing left to write.

use std::fs::File;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::db::Db;
use crate::{Store, StoreError};

/// The WAL size (4 KiB pages) past which a checkpoint waits for the
/// writer and starts the WAL over (256 MiB): the last resort when the
/// writer never finished a checkpoint (readers kept the WAL busy).
const WAL_RESTART_PAGES: i64 = 65_536;

impl Store {
    /// Copy what the WAL holds into the database file without waiting for
    /// anyone (the writer keeps appending meanwhile). Past
    /// [`WAL_RESTART_PAGES`], wait for the writer once and start the WAL
    /// over. Returns the WAL's size in pages (`None`: PostgreSQL).
    pub async fn checkpoint(&self) -> Result<Option<i64>, StoreError> {
        let Some(pool) = self.sqlite() else {
            return Ok(None);
        };
        let mut conn = pool.acquire().await?;
        Ok(checkpoint_on(Db::Sqlite(&mut conn)).await?)
    }
}

impl Store {
    /// PostgreSQL: write every dirty buffer of the cluster out now
    /// (`CHECKPOINT`; superuser or `pg_checkpoint` only), so that a
    /// checkpoint other work left due does not run inside what comes next.
    /// SQLite: nothing (its WAL is checkpointed beside the writer).
    pub async fn checkpoint_cluster(&self) -> Result<(), StoreError> {
        if let Some(pool) = self.postgres() {
            sqlx::query("CHECKPOINT").execute(pool).await?;
        }
        Ok(())
    }
}

/// [`Store::checkpoint`] on connection `db`.
pub(crate) async fn checkpoint_on(db: Db<'_>) -> Result<Option<i64>, sqlx::Error> {
    let Db::Sqlite(conn) = db else {
        return Ok(None);
    };
    let (_, log, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(&mut *conn)
        .await?;
    if log > WAL_RESTART_PAGES {
        sqlx::query("PRAGMA wal_checkpoint(RESTART)")
            .execute(&mut *conn)
            .await?;
    }
    Ok(Some(log))
}

/// A SQLite database file and its WAL, held open to write their pages to
/// disk away from the writer.
///
/// They stay open as long as this value lives, which must be as long as
/// the store is in use: closing any descriptor of a file drops every POSIX
/// lock this process holds on it, SQLite's own included, and another
/// process could then take the database from under it.
pub struct DiskFiles {
    db: File,
    wal_path: std::path::PathBuf,
    /// Opened once the WAL exists (never closed before `self`).
    wal: Mutex<Option<Arc<File>>>,
}

impl DiskFiles {
    /// The files of `store`'s database (`None`: PostgreSQL, or a database
    /// that is not a file).
    pub fn open(store: &Store) -> Option<Arc<Self>> {
        let pool = store.sqlite()?;
        let path = pool.connect_options().get_filename().to_path_buf();
        let db = File::open(&path).ok()?;
        let mut wal_path = path.into_os_string();
        wal_path.push("-wal");
        Some(Arc::new(Self {
            db,
            wal_path: wal_path.into(),
            wal: Mutex::new(None),
        }))
    }

    /// Write what the database file and the WAL hold in the page cache to
    /// disk (fdatasync), on a blocking thread.
    pub async fn sync(self: &Arc<Self>) -> std::io::Result<()> {
        let files = self.clone();
        tokio::task::spawn_blocking(move || {
            files.db.sync_data()?;
            match files.wal_file() {
                Some(wal) => wal.sync_data(),
                None => Ok(()),
            }
        })
        .await
        .map_err(std::io::Error::other)?
    }

    fn wal_file(&self) -> Option<Arc<File>> {
        let mut held = self.wal.lock().unwrap_or_else(|e| e.into_inner());
        if held.is_none() {
            *held = File::open(Path::new(&self.wal_path)).ok().map(Arc::new);
        }
        held.clone()
    }
}
