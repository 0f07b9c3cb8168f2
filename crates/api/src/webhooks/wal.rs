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
//! ([`store::wal::DiskFiles`]), so that the writer's checkpoint has little
//! left to flush. The alternative, a RESTART
//! checkpoint that blocks the writer until the whole WAL is copied, held
//! every waiting webhook for 35-55 ms each time (measured at 1,000 calls/s
//! with status callbacks); it stays as the last resort past
//! `store`'s own limit, when readers kept the WAL from being reset.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use store::Store;
use store::wal::DiskFiles;
use store::writer::WriterConnection;
use tokio::task::JoinHandle;

/// How often the task checkpoints: often, so that each copy and flush is
/// short (they compete with the webhooks for the cores; at 250 ms the
/// longest answers were 16-38 ms, at 100 ms 11-13 ms, measured).
const EVERY: Duration = Duration::from_millis(100);
/// WAL size (4 KiB pages) past which the writer is asked to finish a
/// checkpoint so that the WAL starts over (64 MiB).
const HANDOFF_PAGES: i64 = 16_384;

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
        let pages = match pool.checkpoint().await {
            Ok(None) => return,
            Ok(Some(pages)) => pages,
            // The store was shut down (the server stopping): nothing left
            // to copy, and nothing to warn about.
            Err(e) if e.is_closed() => return,
            Err(e) => {
                tracing::warn!(error = %e, "WAL checkpoint failed");
                continue;
            }
        };
        if let Some(files) = &files
            && let Err(e) = files.sync().await
        {
            tracing::warn!(error = %e, "could not write the checkpointed database to disk");
        }
        if pages > HANDOFF_PAGES {
            asked.store(true, Ordering::Relaxed);
        }
    }
}
