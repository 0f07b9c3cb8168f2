//! Checkpoints of the call writer's WAL (SQLite; nothing on PostgreSQL).
//!
//! A task beside the writer copies the WAL into the database file every
//! [`EVERY`] on a pooled connection, in parallel with the writer's commits.
//! Under steady load that never lets the WAL start over: by the time a
//! checkpoint ends, the writer has appended more, and SQLite resets the
//! WAL only when a write begins with every frame copied. So once the WAL
//! passes [`HANDOFF_PAGES`], the task asks the writer to finish the job
//! between two batches: a checkpoint on the writer's own connection that
//! copies only what was appended meanwhile, after which its next commit
//! starts the WAL over. The task writes what it copied to disk itself
//! ([`crate::wal::DiskFiles`]), so that the writer's checkpoint has little
//! left to flush. The alternative, a RESTART
//! checkpoint that blocks the writer until the whole WAL is copied, held
//! every waiting webhook for 35-55 ms each time (measured at 1,000 calls/s
//! with status callbacks); it stays as the last resort past
//! the store's own limit, when readers kept the WAL from being reset.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::task::JoinHandle;

use crate::Store;
use crate::wal::DiskFiles;
use crate::writer::WriterConnection;

/// How often the task checkpoints: often, so that each copy and flush is
/// short (they compete with the webhooks for the cores; at 250 ms the
/// longest answers were 16-38 ms, at 100 ms 11-13 ms, measured).
const EVERY: Duration = Duration::from_millis(100);
/// WAL size (4 KiB pages) past which the writer is asked to finish a
/// checkpoint so that the WAL starts over (192 MiB). Each time, the writer
/// stops its batches to copy what was appended since the last checkpoint
/// beside it and waits on `fsync` for it, while the webhooks wait on the
/// writer: timed in `callcenter bench webhook --rounds 3 --seconds 15`,
/// 84 hand-overs held the writer 1.24 s in all at 64 MiB (four a second
/// under saturation), 35 held it 0.50 s at 192 MiB, and 0.41 s with the
/// second pass of [`run`]. It stays below the store's last resort (256 MiB),
/// which blocks the writer for the whole copy.
const HANDOFF_PAGES: i64 = 49_152;

/// The background checkpoints of one writer; stopped when dropped.
pub struct Checkpoints {
    asked: Arc<AtomicBool>,
    task: JoinHandle<()>,
}

impl Checkpoints {
    /// Start checkpointing `pool`'s database beside the writer.
    pub fn start(pool: Store) -> Self {
        let asked = Arc::new(AtomicBool::new(false));
        let task = tokio::spawn(run(pool, asked.clone()));
        Self { asked, task }
    }

    /// Called by the writer between batches: finish the checkpoint on
    /// its own connection when the task asked for it.
    pub async fn finish_if_asked(&self, writer: &mut WriterConnection) {
        if self.asked.swap(false, Ordering::Relaxed)
            && let Err(e) = writer.checkpoint().await
        {
            tracing::warn!(error = %e, "WAL checkpoint by the writer failed");
        }
    }
}

impl Drop for Checkpoints {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn run(pool: Store, asked: Arc<AtomicBool>) {
    let files = DiskFiles::open(&pool);
    let mut tick = tokio::time::interval(EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let pages = match copy(&pool, files.as_ref()).await {
            Pass::Copied(pages) => pages,
            Pass::Failed => continue,
            Pass::Over => return,
        };
        if pages > HANDOFF_PAGES {
            // Once more first: what the writer is left to copy is then
            // only what it appended during this pass, shorter than the
            // last (its checkpoint took 9.0 ms at the median instead of
            // 12.4, measured as for [`HANDOFF_PAGES`]).
            if let Pass::Over = copy(&pool, files.as_ref()).await {
                return;
            }
            asked.store(true, Ordering::Relaxed);
        }
    }
}

/// What one checkpoint beside the writer did.
enum Pass {
    /// Copied what it could; the WAL's size in pages.
    Copied(i64),
    /// Failed (warned); the next may succeed.
    Failed,
    /// Nothing to checkpoint any more: PostgreSQL, or the store was shut
    /// down (the server stopping), which is nothing to warn about.
    Over,
}

/// Checkpoint beside the writer, then write what was copied to disk.
async fn copy(pool: &Store, files: Option<&Arc<DiskFiles>>) -> Pass {
    let pages = match pool.checkpoint().await {
        Ok(None) => return Pass::Over,
        Ok(Some(pages)) => pages,
        Err(e) if e.is_closed() => return Pass::Over,
        Err(e) => {
            tracing::warn!(error = %e, "WAL checkpoint failed");
            return Pass::Failed;
        }
    };
    if let Some(files) = files
        && let Err(e) = files.sync().await
    {
        tracing::warn!(error = %e, "could not write the checkpointed database to disk");
    }
    Pass::Copied(pages)
}
