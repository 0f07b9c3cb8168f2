//! The voice webhook's write path: group commit, and the answers already
//! given on this node.
//!
//! - [`CallWriter`]: one task receives the routed calls of every webhook in
//!   flight and writes all that are waiting in one statement (one commit,
//!   with the auctions of RTB calls in the same transaction), then
//!   acknowledges each; a webhook answers only once its call is
//!   acknowledged, so a `kill -9` after answering still loses nothing.
//!   Batches form by themselves under load (whatever queued while the
//!   previous batch was being written), with no waiting on purpose.
//! - [`Answers`]: CallSid → the TwiML answered, for a few minutes, so that a
//!   retried webhook on this node is answered the same without a query and
//!   without being counted again, and two deliveries racing on this node
//!   are answered once.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use store::calls::RoutedCall;
use store::{Store, StoreError};
use tokio::sync::{mpsc, oneshot, watch};

/// The most calls written in one statement.
const MAX_BATCH: usize = 256;
/// Calls waiting for the writer before webhooks wait to queue.
const QUEUE: usize = 4096;

/// What became of a call sent to the writer.
#[derive(Debug)]
pub enum Written {
    /// Stored under this id.
    New(i64),
    /// A call with this CallSid was already stored (another delivery won).
    Existing,
}

struct Job {
    call: RoutedCall,
    ack: oneshot::Sender<Result<Written, StoreError>>,
}

/// The handle of the group-commit writer task.
pub struct CallWriter {
    tx: mpsc::Sender<Job>,
}

impl CallWriter {
    /// Start the writer task on the current runtime.
    pub fn spawn(store: Store) -> Self {
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(store, rx));
        Self { tx }
    }

    /// Queue `call` and wait until it is committed (or refused).
    pub async fn write(&self, call: RoutedCall) -> Result<Written, StoreError> {
        let (ack, done) = oneshot::channel();
        if self.tx.send(Job { call, ack }).await.is_err() {
            return Err(writer_gone());
        }
        done.await.unwrap_or_else(|_| Err(writer_gone()))
    }

    /// Whether the task is still running (it stops with its runtime).
    pub fn is_alive(&self) -> bool {
        !self.tx.is_closed()
    }
}

fn writer_gone() -> StoreError {
    StoreError::closed()
}

async fn run(store: Store, mut rx: mpsc::Receiver<Job>) {
    let mut jobs: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        // Webhooks that gave up waiting have had their answer already;
        // their calls are still written (better late than lost).
        let calls: Vec<&RoutedCall> = jobs.iter().map(|j| &j.call).collect();
        match store.insert_routed_calls(&calls).await {
            Ok(ids) => {
                drop(calls);
                for (job, id) in jobs.drain(..).zip(ids) {
                    let _ = job.ack.send(Ok(match id {
                        Some(id) => Written::New(id),
                        None => Written::Existing,
                    }));
                }
            }
            Err(e) => {
                // One bad row (a campaign deleted meanwhile…) must not fail
                // the others: write them one by one.
                drop(calls);
                let mut batch_error = (jobs.len() == 1).then_some(e);
                if batch_error.is_none() {
                    tracing::debug!("batch of calls refused; writing one by one");
                }
                for mut job in jobs.drain(..) {
                    let r = match batch_error.take() {
                        Some(e) => Err(e),
                        None => write_one(&store, &job.call).await,
                    };
                    let r = match r {
                        Err(e) if job.call.auction.is_some() => {
                            // The auction must not cost the call its record.
                            tracing::error!(error = %e, call_sid = %job.call.call_sid,
                                "auction not recorded; writing the call without it");
                            job.call.auction = None;
                            write_one(&store, &job.call).await
                        }
                        r => r,
                    };
                    let _ = job.ack.send(r);
                }
            }
        }
    }
}

async fn write_one(store: &Store, call: &RoutedCall) -> Result<Written, StoreError> {
    let ids = store.insert_routed_calls(&[call]).await?;
    Ok(match ids.first().copied().flatten() {
        Some(id) => Written::New(id),
        None => Written::Existing,
    })
}

/// How long an answer is remembered.
const ANSWER_TTL: Duration = Duration::from_secs(300);
/// The most answers remembered.
const MAX_ANSWERS: usize = 200_000;

/// What this node knows of a CallSid.
#[derive(Clone)]
pub enum Known {
    /// Answered with this TwiML, and the call has not changed since.
    Answered(Bytes),
    /// Recorded, but changed since (dial result, final status): answer
    /// from the stored call; never count it again.
    Stored,
}

enum Slot {
    /// Being answered by another delivery: its answer arrives here.
    Pending(watch::Receiver<Option<Known>>),
    Done(Known),
}

/// The outcome of claiming a CallSid.
pub enum Claim<'a> {
    /// First sight of this CallSid on this node: answer it, then call
    /// [`Answers::finish`] (or let the guard drop, which forgets it).
    First(Pending<'a>),
    /// Known here already.
    Known(Known),
    /// Another delivery is being answered: wait for it.
    Wait(watch::Receiver<Option<Known>>),
}

/// The duty to publish the answer of a claimed CallSid.
pub struct Pending<'a> {
    answers: &'a Answers,
    sid: String,
    tx: Option<watch::Sender<Option<Known>>>,
}

#[derive(Default)]
struct Inner {
    map: HashMap<String, Slot>,
    order: VecDeque<(Instant, String)>,
}

/// Recent CallSids answered on this node.
#[derive(Default)]
pub struct Answers {
    inner: Mutex<Inner>,
}

impl Answers {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Claim `sid`: the first delivery answers, later ones reuse its answer.
    pub fn claim(&self, sid: &str) -> Claim<'_> {
        let mut inner = self.lock();
        match inner.map.get(sid) {
            Some(Slot::Done(k)) => return Claim::Known(k.clone()),
            Some(Slot::Pending(rx)) => return Claim::Wait(rx.clone()),
            None => {}
        }
        let (tx, rx) = watch::channel(None);
        inner.map.insert(sid.to_string(), Slot::Pending(rx));
        Claim::First(Pending {
            answers: self,
            sid: sid.to_string(),
            tx: Some(tx),
        })
    }

    /// Publish the answer of a claimed CallSid.
    fn finish(&self, pending: &mut Pending<'_>, known: Known) {
        let now = Instant::now();
        {
            let mut inner = self.lock();
            inner
                .map
                .insert(pending.sid.clone(), Slot::Done(known.clone()));
            inner
                .order
                .push_back((now, std::mem::take(&mut pending.sid)));
            while let Some((at, _)) = inner.order.front() {
                if now.duration_since(*at) < ANSWER_TTL && inner.order.len() <= MAX_ANSWERS {
                    break;
                }
                if let Some((_, old)) = inner.order.pop_front()
                    && matches!(inner.map.get(&old), Some(Slot::Done(_)))
                {
                    inner.map.remove(&old);
                }
            }
        }
        if let Some(tx) = pending.tx.take() {
            let _ = tx.send(Some(known));
        }
    }

    /// The call changed (dial result, final status): a retry must be
    /// answered from the stored call from now on.
    pub fn changed(&self, sid: &str) {
        let mut inner = self.lock();
        if let Some(slot @ Slot::Done(Known::Answered(_))) = inner.map.get_mut(sid) {
            *slot = Slot::Done(Known::Stored);
        }
    }
}

impl Pending<'_> {
    /// Publish the answer: retries on this node get it from now on.
    pub fn finish(mut self, known: Known) {
        let answers = self.answers;
        answers.finish(&mut self, known);
    }
}

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        // Not finished (the handler was cancelled): forget the claim so a
        // retry is answered afresh; waiters see the channel close.
        if self.tx.take().is_some() {
            let mut inner = self.answers.lock();
            if matches!(inner.map.get(&self.sid), Some(Slot::Pending(_))) {
                inner.map.remove(&self.sid);
            }
        }
    }
}
