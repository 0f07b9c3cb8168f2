//! Recent CallSids answered on this node: CallSid → the TwiML answered,
//! for a few minutes, so that a retried voice webhook on this node is
//! answered the same without a query and without being counted again, and
//! two deliveries racing on this node are answered once.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use tokio::sync::watch;

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
