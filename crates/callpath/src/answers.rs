//! Recent CallSids answered on this node: CallSid → the TwiML answered,
//! for a few minutes, so that a retried voice webhook on this node is
//! answered the same without a query and without being counted again, and
//! two deliveries racing on this node are answered once.
//!
//! The answers are split in [`SHARDS`] tables, each behind its own lock
//! and sized up front: one table of 100,000 answers held its lock for
//! 57 ms while growing (measured), and every webhook waiting on that lock
//! blocked its runtime thread, so the whole server stalled.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::sync::watch;

/// How long an answer is remembered.
const ANSWER_TTL: Duration = Duration::from_secs(300);
/// The most answers remembered.
const MAX_ANSWERS: usize = 200_000;
/// Tables the answers are split in, by CallSid.
const SHARDS: usize = 16;
/// The answers one table holds at most (pending ones come on top).
const PER_SHARD: usize = MAX_ANSWERS / SHARDS;

/// Keys come from carriers: seeded per process, and fast.
type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

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

struct Inner {
    map: Map<String, Slot>,
    order: VecDeque<(Instant, String)>,
}

impl Default for Inner {
    fn default() -> Self {
        // Room for a full table and as many pending, so that it never
        // grows while webhooks wait on its lock.
        Self {
            map: Map::with_capacity_and_hasher(2 * PER_SHARD, Default::default()),
            order: VecDeque::with_capacity(PER_SHARD + 1),
        }
    }
}

/// Recent CallSids answered on this node.
pub struct Answers {
    shards: Box<[Mutex<Inner>]>,
}

impl Default for Answers {
    fn default() -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }
}

impl Answers {
    fn lock(&self, sid: &str) -> MutexGuard<'_, Inner> {
        self.shards[domain::shard::shard(&[sid], SHARDS)]
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// Claim `sid`: the first delivery answers, later ones reuse its answer.
    pub fn claim(&self, sid: &str) -> Claim<'_> {
        let mut inner = self.lock(sid);
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
            let mut inner = self.lock(&pending.sid);
            // The claim's entry takes the answer in place (no key copied).
            match inner.map.get_mut(&pending.sid) {
                Some(slot) => *slot = Slot::Done(known.clone()),
                None => {
                    inner
                        .map
                        .insert(pending.sid.clone(), Slot::Done(known.clone()));
                }
            }
            inner
                .order
                .push_back((now, std::mem::take(&mut pending.sid)));
            while let Some((at, _)) = inner.order.front() {
                if now.duration_since(*at) < ANSWER_TTL && inner.order.len() <= PER_SHARD {
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
        let mut inner = self.lock(sid);
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
            let mut inner = self.answers.lock(&self.sid);
            if matches!(inner.map.get(&self.sid), Some(Slot::Pending(_))) {
                inner.map.remove(&self.sid);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    fn answered(claim: Claim<'_>) -> Option<Bytes> {
        match claim {
            Claim::Known(Known::Answered(b)) => Some(b),
            _ => None,
        }
    }

    #[test]
    fn every_table_remembers_its_calls_answers_until_they_change() {
        let answers = Answers::default();
        let sids: Vec<String> = (0..2_000).map(|i| format!("CA{i:032x}")).collect();
        for sid in &sids {
            let Claim::First(p) = answers.claim(sid) else {
                panic!("{sid} claimed twice")
            };
            p.finish(Known::Answered(Bytes::from(sid.clone())));
        }
        // Spread over every table, each found again where it was put.
        let used: std::collections::HashSet<usize> = sids
            .iter()
            .map(|s| domain::shard::shard(&[s.as_str()], SHARDS))
            .collect();
        assert_eq!(used.len(), SHARDS);
        for sid in &sids {
            assert_eq!(answered(answers.claim(sid)).unwrap(), sid.as_str());
        }
        answers.changed(&sids[7]);
        assert!(matches!(
            answers.claim(&sids[7]),
            Claim::Known(Known::Stored)
        ));
    }

    #[test]
    fn a_claim_never_finished_is_forgotten_and_a_racing_one_waits() {
        let answers = Answers::default();
        let first = answers.claim("CAracing");
        assert!(matches!(answers.claim("CAracing"), Claim::Wait(_)));
        drop(first);
        assert!(matches!(answers.claim("CAracing"), Claim::First(_)));
    }
}
