//! The voice webhooks' write path: group commit. One task receives the
//! routed calls of every voice webhook in flight, and the changes reported
//! by status callbacks, and writes all that are waiting together: the
//! calls in one statement (with the auctions of RTB calls, in the same
//! transaction), then the changes in one transaction. It acknowledges each
//! only once committed; a webhook answers only after that, so a `kill -9`
//! after answering loses nothing. Batches form by themselves under load
//! (whatever queued while the previous batch was being written); on
//! SQLite a small one waits a moment for more when the writer is behind
//! ([`next_batch`]). On SQLite the task runs on a thread of its own
//! ([`crate::writer_thread`]), and one writer also means the hot path's
//! writes never wait on each other's locks; its WAL is checkpointed
//! beside it ([`crate::checkpoints`]). PostgreSQL takes writes side by side, so
//! there the changes have tasks of their own ([`CHANGE_TASKS`], a call's
//! changes always in the same one, in order) and an incoming call never
//! waits behind a batch of status callbacks. A change still comes after
//! its call: the carrier reports on a call only once it was answered,
//! which was after the call was committed.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use crate::call_updates::{CallUpdate, Updated};
use crate::calls::RoutedCall;
use crate::spool::{Entry, Spool};
use crate::writer::{WriterConnection, unreachable};
use crate::{Backend, Store, StoreError};

/// The most jobs taken in one batch.
const MAX_BATCH: usize = 256;
/// Jobs queued during a batch that say the writer is behind: at 1,000
/// calls/s with their status callbacks about one job arrives while a
/// batch is written, and lingering then only delayed answers (+0.5 ms at
/// the median, measured); under saturation a dozen or more do.
const BEHIND: usize = 4;
/// Batches smaller than this wait [`LINGER`] for more when the writer is
/// behind ([`next_batch`]): at 64 concurrent calls, 32 gave +5% calls/s
/// over 16 (measured side by side; a longer wait for 48 lost calls/s and
/// doubled the median at 1,000 calls/s).
const LINGER_BELOW: usize = 32;
/// What a small batch waits under load: on SQLite each commit writes every
/// page it touched, and the pages most calls share (the newest of each
/// report index, one per state, number, buyer…) are written once per
/// commit, so a call in a batch of 10 cost ~8.8 pages of WAL, in one of
/// 20 ~7.1 and of 32 ~6.1 (measured on the schema; at 64 concurrent
/// calls +10% calls/s with 300-500 us, no change to p99 at 1,000 calls/s).
const LINGER: std::time::Duration = std::time::Duration::from_micros(300);
/// Jobs waiting for the writer before webhooks wait to queue.
const QUEUE: usize = 4096;
/// Tasks applying changes on PostgreSQL: each batch is one statement after
/// another on one connection, so several batches go side by side.
const CHANGE_TASKS: usize = 4;

pub use callpath::record::Written;

enum Job {
    Insert {
        call: Box<RoutedCall>,
        ack: oneshot::Sender<Result<Written, StoreError>>,
    },
    Update {
        update: CallUpdate,
        ack: oneshot::Sender<Result<Updated, StoreError>>,
    },
    /// Nothing to write: a chance to replay the spool.
    Tick,
}

/// The handle of the group-commit writer task(s).
pub struct CallWriter {
    /// Where calls go.
    tx: mpsc::Sender<Job>,
    /// Where changes go: the calls' task on SQLite, tasks of their own on
    /// PostgreSQL (chosen by the call's CallSid).
    changes: Vec<mpsc::Sender<Job>>,
}

impl CallWriter {
    /// Start the writer task(s). On SQLite, one task on a thread of its
    /// own ([`crate::writer_thread`]): its connection's thread does the
    /// work, and must not wait behind request threads. On PostgreSQL, the
    /// tasks on the current runtime: there the writing is the server's,
    /// and the protocol work done here spreads over the runtime's threads
    /// (on one thread it was the bottleneck: p99 rose to 12-17 ms).
    ///
    /// With a `spool`, writes the database cannot take (it is unreachable)
    /// go there instead, and are replayed once it answers
    /// ([`crate::spool`]); a task checks on a waiting spool every second.
    pub fn spawn(store: Store, spool: Option<Arc<Spool>>) -> Self {
        let (tx, rx) = mpsc::channel(QUEUE);
        let writer = match store.backend() {
            Backend::Sqlite => {
                crate::writer_thread::start(run(store, rx, spool.clone()));
                Self {
                    changes: vec![tx.clone()],
                    tx,
                }
            }
            Backend::Postgres => {
                let changes = (0..CHANGE_TASKS)
                    .map(|_| {
                        let (changes, rx) = mpsc::channel(QUEUE / CHANGE_TASKS);
                        tokio::spawn(run(store.clone(), rx, spool.clone()));
                        changes
                    })
                    .collect();
                tokio::spawn(run(store, rx, spool.clone()));
                Self { tx, changes }
            }
        };
        if let Some(spool) = spool {
            let tx = writer.tx.downgrade();
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
                loop {
                    tick.tick().await;
                    let Some(tx) = tx.upgrade() else { return };
                    if spool.depth() > 0 {
                        let _ = tx.try_send(Job::Tick);
                    }
                }
            });
        }
        writer
    }

    /// Queue `call` and wait until it is committed (or refused).
    pub async fn write(&self, call: RoutedCall) -> Result<Written, StoreError> {
        let (ack, done) = oneshot::channel();
        let call = Box::new(call);
        if self.tx.send(Job::Insert { call, ack }).await.is_err() {
            return Err(writer_gone());
        }
        done.await.unwrap_or_else(|_| Err(writer_gone()))
    }

    /// Queue a change to a stored call and wait until it is committed.
    pub async fn update(&self, update: CallUpdate) -> Result<Updated, StoreError> {
        let (ack, done) = oneshot::channel();
        let task = &self.changes[domain::shard::shard(&[update.sid()], self.changes.len())];
        if task.send(Job::Update { update, ack }).await.is_err() {
            return Err(writer_gone());
        }
        done.await.unwrap_or_else(|_| Err(writer_gone()))
    }

    /// Whether the tasks are still running (they stop with their runtime,
    /// or should they panic).
    pub fn is_alive(&self) -> bool {
        !self.tx.is_closed() && self.changes.iter().all(|c| !c.is_closed())
    }
}

fn writer_gone() -> StoreError {
    StoreError::closed()
}

type InsertAck = oneshot::Sender<Result<Written, StoreError>>;
type UpdateAck = oneshot::Sender<Result<Updated, StoreError>>;

async fn run(pool: Store, mut rx: mpsc::Receiver<Job>, spool: Option<Arc<Spool>>) {
    // Its connection opens on this thread, with its first batch.
    let mut store = pool.writer_connection();
    let wal = crate::checkpoints::Checkpoints::start(pool);
    let mut jobs: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    let mut inserts: Vec<(RoutedCall, InsertAck)> = Vec::with_capacity(MAX_BATCH);
    let mut updates: Vec<(CallUpdate, UpdateAck)> = Vec::with_capacity(MAX_BATCH);
    let linger = store.backend() == Backend::Sqlite;
    while next_batch(&mut rx, &mut jobs, linger).await {
        for job in jobs.drain(..) {
            match job {
                Job::Insert { call, ack } => inserts.push((*call, ack)),
                Job::Update { update, ack } => updates.push((update, ack)),
                Job::Tick => {}
            }
        }
        // While the spool holds writes, new ones queue behind them: a
        // change never overtakes its call.
        if let Some(spool) = &spool
            && spool.depth() > 0
            && !spool.replay(&mut store).await
        {
            keep(spool, &mut inserts, &mut updates).await;
            continue;
        }
        // Webhooks that gave up waiting have had their answer already;
        // their calls are still written (better late than lost). Calls
        // first: a change never comes before its call is acknowledged.
        // Both in one commit when they can; a refused batch is written
        // again the separate ways, which isolate a bad row.
        if !inserts.is_empty() && !updates.is_empty() {
            together(&mut store, &mut inserts, &mut updates).await;
        }
        if !inserts.is_empty() {
            insert(&mut store, &mut inserts, spool.as_deref()).await;
        }
        if !updates.is_empty() {
            apply(&mut store, &mut updates, spool.as_deref()).await;
        }
        wal.finish_if_asked(&mut store).await;
    }
}

/// Put `inserts` and `updates` in the spool and acknowledge them as kept
/// (or, should the spool itself fail, as failed).
async fn keep(
    spool: &Spool,
    inserts: &mut Vec<(RoutedCall, InsertAck)>,
    updates: &mut Vec<(CallUpdate, UpdateAck)>,
) {
    let entries: Vec<Entry> = inserts
        .iter()
        .map(|(c, _)| Entry::Call(Box::new(c.clone())))
        .chain(updates.iter().map(|(u, _)| Entry::Change(u.clone())))
        .collect();
    match spool.append(&entries).await {
        Ok(()) => {
            for (_, ack) in inserts.drain(..) {
                let _ = ack.send(Ok(Written::Spooled));
            }
            for (update, ack) in updates.drain(..) {
                let _ = ack.send(Ok(spool.updated(&update)));
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "could not write to the call spool");
            for (_, ack) in inserts.drain(..) {
                let _ = ack.send(Err(StoreError::Database(sqlx::Error::Io(
                    std::io::Error::other("the call spool could not be written"),
                ))));
            }
            for (_, ack) in updates.drain(..) {
                let _ = ack.send(Err(StoreError::Database(sqlx::Error::Io(
                    std::io::Error::other("the call spool could not be written"),
                ))));
            }
        }
    }
}

/// Wait for the next jobs (false: every sender is gone). When
/// [`BEHIND`] jobs or more queued while the last batch was being written,
/// the writer is the bottleneck: a small batch then waits [`LINGER`] once
/// for more (`linger`: SQLite).
/// This blocks the writer's own thread ([`crate::writer_thread`]), which
/// serves nothing that would wait on it meanwhile.
async fn next_batch(rx: &mut mpsc::Receiver<Job>, jobs: &mut Vec<Job>, linger: bool) -> bool {
    let behind = rx.len() >= BEHIND;
    if rx.recv_many(jobs, MAX_BATCH).await == 0 {
        return false;
    }
    if linger && behind && jobs.len() < LINGER_BELOW {
        std::thread::sleep(LINGER);
        while jobs.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
    }
    true
}

/// Write `inserts` and `updates` in one transaction and acknowledge them
/// (leaving both empty); on an error leave them for the separate paths.
async fn together(
    store: &mut WriterConnection,
    inserts: &mut Vec<(RoutedCall, InsertAck)>,
    updates: &mut Vec<(CallUpdate, UpdateAck)>,
) {
    let calls: Vec<&RoutedCall> = inserts.iter().map(|j| &j.0).collect();
    let changes: Vec<&CallUpdate> = updates.iter().map(|j| &j.0).collect();
    let outcome = store.write_calls_and_changes(&calls, &changes).await;
    drop((calls, changes));
    let Ok((ids, done)) = outcome else {
        tracing::debug!("batch of calls and changes refused; writing them apart");
        return;
    };
    for ((_, ack), new) in inserts.drain(..).zip(ids) {
        let _ = ack.send(Ok(written(new)));
    }
    for ((_, ack), d) in updates.drain(..).zip(done) {
        let _ = ack.send(Ok(d));
    }
}

async fn insert(
    store: &mut WriterConnection,
    jobs: &mut Vec<(RoutedCall, InsertAck)>,
    spool: Option<&Spool>,
) {
    let calls: Vec<&RoutedCall> = jobs.iter().map(|j| &j.0).collect();
    let outcome = store.write_calls(&calls).await;
    drop(calls);
    let e = match outcome {
        Ok(new) => {
            for ((_, ack), new) in jobs.drain(..).zip(new) {
                let _ = ack.send(Ok(written(new)));
            }
            return;
        }
        Err(e) => e,
    };
    if let Some(spool) = spool
        && unreachable(&e)
    {
        tracing::warn!(error = %e, "the database is unreachable; spooling the calls");
        keep(spool, jobs, &mut Vec::new()).await;
        return;
    }
    // One bad row (a campaign deleted meanwhile…) must not fail the
    // others: write them one by one.
    let mut batch_error = (jobs.len() == 1).then_some(e);
    if batch_error.is_none() {
        tracing::debug!("batch of calls refused; writing one by one");
    }
    for (mut call, ack) in jobs.drain(..) {
        let r = match batch_error.take() {
            Some(e) => Err(e),
            None => write_one(store, &call).await,
        };
        let r = match r {
            Err(e) if call.auction.is_some() => {
                // The auction must not cost the call its record.
                tracing::error!(error = %e, call_sid = %call.call_sid,
                    "auction not recorded; writing the call without it");
                call.auction = None;
                write_one(store, &call).await
            }
            r => r,
        };
        let _ = ack.send(r);
    }
}

async fn write_one(store: &mut WriterConnection, call: &RoutedCall) -> Result<Written, StoreError> {
    let new = store.write_calls(&[call]).await?;
    Ok(written(new.first().copied().unwrap_or(false)))
}

/// What became of a call (`false`: it was stored already).
fn written(new: bool) -> Written {
    if new { Written::New } else { Written::Existing }
}

async fn apply(
    store: &mut WriterConnection,
    jobs: &mut Vec<(CallUpdate, UpdateAck)>,
    spool: Option<&Spool>,
) {
    let updates: Vec<&CallUpdate> = jobs.iter().map(|j| &j.0).collect();
    let outcome = store.apply_call_updates(&updates).await;
    drop(updates);
    match outcome {
        Err(e) if spool.is_some() && unreachable(&e) => {
            if let Some(spool) = spool {
                tracing::warn!(error = %e, "the database is unreachable; spooling the changes");
                keep(spool, &mut Vec::new(), jobs).await;
            }
        }
        Ok(done) => {
            for ((_, ack), d) in jobs.drain(..).zip(done) {
                let _ = ack.send(Ok(d));
            }
        }
        Err(e) if jobs.len() == 1 => {
            if let Some((_, ack)) = jobs.pop() {
                let _ = ack.send(Err(e));
            }
        }
        Err(e) => {
            tracing::debug!(error = %e, "batch of call changes refused; applying one by one");
            for (update, ack) in jobs.drain(..) {
                let r = store
                    .apply_call_updates(&[&update])
                    .await
                    .and_then(|mut d| d.pop().ok_or(StoreError::NotFound));
                let _ = ack.send(r);
            }
        }
    }
}
