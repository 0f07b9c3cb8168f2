//! In-process [`Counters`]: one mutex over plain maps. Enough for one node
//! (a critical section is a few hash lookups); several nodes need a shared
//! store behind the same trait. Old buckets, forgotten callers and leases
//! whose status callback never came are pruned as time passes.
//!
//! Recent callers (duplicate detection) are kept apart, in
//! [`CALLER_SHARDS`] tables with locks of their own: with a 30-day window
//! they number millions, and one table growing or being pruned under the
//! counters' lock would hold every call's routing (a table of 115,000
//! answers held its lock 57 ms while growing, measured), blocking the
//! runtime threads waiting on it.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use domain::{CallSid, CampaignId};
use jiff::Timestamp;

use crate::counters::{Counters, Limit, Scope, Window};

/// How long a lease may hold concurrent slots without a status callback:
/// the carrier's own limit on a call's length (Twilio: 4 hours).
pub const DEFAULT_LEASE_TTL_SECS: i64 = 4 * 3600;
/// The longest duplicate-caller window a campaign may set (30 days).
pub const MAX_DUPLICATE_WINDOW_SECS: i64 = 30 * 86_400;
const PRUNE_EVERY_SECS: i64 = 60;
/// Tables the recent callers are split in, by campaign and caller.
const CALLER_SHARDS: usize = 64;

/// The maps' hasher: fast, still seeded per process (keys come from
/// carriers and callers). SipHash was a tenth of routing a call.
type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

#[derive(Default)]
struct State {
    counts: Map<Scope, Map<Window, u64>>,
    /// lease -> (acquired at, concurrent scopes held)
    leases: Map<CallSid, (i64, Vec<Scope>)>,
    /// campaign id -> next turn
    turns: Map<CampaignId, u64>,
    pruned_at: i64,
}

/// (campaign id, caller) -> last noted call
type Callers = Map<(CampaignId, String), Timestamp>;

/// Counters kept in this process (lost on restart, which only forgets
/// today's counts and recent callers).
pub struct MemoryCounters {
    state: Mutex<State>,
    callers: Box<[Mutex<Callers>]>,
    lease_ttl_secs: i64,
}

impl Default for MemoryCounters {
    fn default() -> Self {
        Self::new()
    }
}

impl MemoryCounters {
    pub fn new() -> Self {
        Self::with_lease_ttl(DEFAULT_LEASE_TTL_SECS)
    }

    /// Counters whose leases expire after `secs` without a release.
    pub fn with_lease_ttl(secs: i64) -> Self {
        Self {
            state: Mutex::new(State::default()),
            callers: (0..CALLER_SHARDS).map(|_| Mutex::default()).collect(),
            lease_ttl_secs: secs,
        }
    }

    /// How many leases hold concurrent slots now.
    pub fn leases(&self) -> usize {
        self.lock().leases.len()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the maps half-changed
        // in a way that matters more than losing routing altogether.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The recent-callers table of `campaign_id` and `caller`.
    fn callers(&self, campaign_id: &CampaignId, caller: &str) -> MutexGuard<'_, Callers> {
        self.callers[domain::shard::shard(&[campaign_id.as_str(), caller], CALLER_SHARDS)]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Forget callers older than the longest window, one table at a time
    /// (never under the counters' lock).
    fn prune_callers(&self, now: Timestamp) {
        let now = now.as_second();
        for table in &self.callers {
            table
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .retain(|_, at| now - at.as_second() <= MAX_DUPLICATE_WINDOW_SECS);
        }
    }

    /// Prune the counters when it is time; true when it was (the callers
    /// are then due too: [`MemoryCounters::prune_callers`]).
    fn maybe_prune(&self, state: &mut State, now: Timestamp) -> bool {
        let now = now.as_second();
        if now - state.pruned_at < PRUNE_EVERY_SECS {
            return false;
        }
        state.pruned_at = now;
        let expired: Vec<CallSid> = state
            .leases
            .iter()
            .filter(|(_, (at, _))| now - at > self.lease_ttl_secs)
            .map(|(lease, _)| lease.clone())
            .collect();
        for lease in expired {
            release_lease(state, &lease);
        }
        for windows in state.counts.values_mut() {
            windows.retain(|window, count| match *window {
                Window::Concurrent => *count > 0,
                // Margins cover 25-hour days and 31-day months.
                Window::Hour(start) => now - start < 3 * 3600,
                Window::Day(start) => now - start < 2 * 86_400,
                Window::Month(start) => now - start < 40 * 86_400,
            });
        }
        state.counts.retain(|_, windows| !windows.is_empty());
        true
    }
}

impl State {
    fn current(&self, scope: &Scope, window: Window) -> u64 {
        self.counts
            .get(scope)
            .and_then(|w| w.get(&window))
            .copied()
            .unwrap_or(0)
    }
}

fn release_lease(state: &mut State, lease: &CallSid) -> bool {
    let Some((_, scopes)) = state.leases.remove(lease) else {
        return false;
    };
    for scope in scopes {
        if let Some(count) = state
            .counts
            .get_mut(&scope)
            .and_then(|w| w.get_mut(&Window::Concurrent))
        {
            *count = count.saturating_sub(1);
        }
    }
    true
}

impl Counters for MemoryCounters {
    fn counts(&self, limits: &[&Limit]) -> Vec<u64> {
        let state = self.lock();
        limits
            .iter()
            .map(|l| state.current(&l.scope, l.window))
            .collect()
    }

    fn try_acquire(&self, lease: &CallSid, limits: &[Limit], now: Timestamp) -> bool {
        self.try_acquire_parts(lease, &[limits], now)
    }

    fn try_acquire_parts(&self, lease: &CallSid, parts: &[&[Limit]], now: Timestamp) -> bool {
        let limits = || parts.iter().flat_map(|p| p.iter());
        let mut state = self.lock();
        if self.maybe_prune(&mut state, now) {
            drop(state);
            self.prune_callers(now);
            state = self.lock();
        }
        let full = limits().any(|l| !l.has_room(state.current(&l.scope, l.window)));
        if full {
            return false;
        }
        let mut held = Vec::new();
        for limit in limits() {
            let windows = state.counts.entry(limit.scope).or_default();
            *windows.entry(limit.window).or_default() += 1;
            if limit.window == Window::Concurrent {
                held.push(limit.scope);
            }
        }
        let entry = state
            .leases
            .entry(lease.clone())
            .or_insert_with(|| (now.as_second(), Vec::new()));
        entry.1.extend(held);
        true
    }

    fn release(&self, lease: &CallSid) -> bool {
        release_lease(&mut self.lock(), lease)
    }

    fn next_turn(&self, campaign_id: &CampaignId) -> u64 {
        let mut state = self.lock();
        let turn = state.turns.entry(campaign_id.clone()).or_default();
        let current = *turn;
        *turn = turn.wrapping_add(1);
        current
    }

    fn peek_turn(&self, campaign_id: &CampaignId) -> u64 {
        self.lock().turns.get(campaign_id).copied().unwrap_or(0)
    }

    fn last_call(&self, campaign_id: &CampaignId, caller: &str) -> Option<Timestamp> {
        let key = (campaign_id.clone(), caller.to_string());
        self.callers(campaign_id, caller).get(&key).copied()
    }

    fn note_call(
        &self,
        campaign_id: &CampaignId,
        caller: &str,
        now: Timestamp,
        window_secs: u64,
    ) -> bool {
        let due = self.maybe_prune(&mut self.lock(), now);
        if due {
            self.prune_callers(now);
        }
        let key = (campaign_id.clone(), caller.to_string());
        let mut callers = self.callers(campaign_id, caller);
        if let Some(last) = callers.get(&key)
            && within(*last, now, window_secs)
        {
            return false;
        }
        callers.insert(key, now);
        true
    }

    fn restore(&self, state: crate::restore::Restored) {
        self.restore_state(state);
    }
}

impl MemoryCounters {
    fn restore_state(&self, r: crate::restore::Restored) {
        {
            let mut state = self.lock();
            for (scope, window, n) in r.counts {
                *state
                    .counts
                    .entry(scope)
                    .or_default()
                    .entry(window)
                    .or_default() += n;
            }
            for (lease, at, scopes) in r.leases {
                state
                    .leases
                    .entry(lease)
                    .or_insert_with(|| (at, Vec::new()))
                    .1
                    .extend(scopes);
            }
            for (campaign, turn) in r.turns {
                state.turns.insert(campaign, turn);
            }
        }
        for (campaign, caller, at) in r.callers {
            let key = (campaign, caller);
            let mut table = self.callers(&key.0, &key.1);
            let last = table.entry(key).or_insert(at);
            *last = (*last).max(at);
        }
    }
}

/// Whether `now` lies less than `window_secs` after `last`.
pub(crate) fn within(last: Timestamp, now: Timestamp, window_secs: u64) -> bool {
    let elapsed = now.as_second() - last.as_second();
    elapsed >= 0 && (elapsed as u64) < window_secs
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::BuyerId;

    fn ts(secs: i64) -> Timestamp {
        Timestamp::from_second(secs).unwrap()
    }

    fn limit(scope: Scope, window: Window, max: Option<u64>) -> Limit {
        Limit { scope, window, max }
    }

    #[test]
    fn acquire_is_all_or_nothing() {
        let c = MemoryCounters::new();
        let a = Scope::Buyer(BuyerId(1));
        let b = Scope::Campaign("c".into());
        let limits = [
            limit(a, Window::Day(0), Some(2)),
            limit(b, Window::Concurrent, Some(1)),
        ];
        assert!(c.try_acquire(&"call-1".into(), &limits, ts(10)));
        assert!(
            !c.try_acquire(&"call-2".into(), &limits, ts(10)),
            "concurrent full"
        );
        assert_eq!(c.count(&a, Window::Day(0)), 1, "nothing changed");
        assert!(c.release(&"call-1".into()));
        assert!(!c.release(&"call-1".into()), "release is idempotent");
        assert_eq!(c.count(&b, Window::Concurrent), 0);
        assert!(c.try_acquire(&"call-2".into(), &limits, ts(10)));
        assert!(c.release(&"call-2".into()));
        assert!(
            !c.try_acquire(&"call-3".into(), &limits, ts(10)),
            "daily full"
        );
    }

    #[test]
    fn uncapped_limits_count_without_limiting() {
        let c = MemoryCounters::new();
        let l = [limit(Scope::Buyer(BuyerId(1)), Window::Hour(0), None)];
        for i in 0..5 {
            assert!(c.try_acquire(&(format!("call-{i}")).into(), &l, ts(10)));
        }
        assert_eq!(c.count(&Scope::Buyer(BuyerId(1)), Window::Hour(0)), 5);
    }

    #[test]
    fn old_buckets_and_stale_leases_are_pruned() {
        let c = MemoryCounters::with_lease_ttl(600);
        let conc = limit(Scope::Buyer(BuyerId(1)), Window::Concurrent, Some(1));
        let hour = limit(Scope::Buyer(BuyerId(1)), Window::Hour(0), None);
        assert!(c.try_acquire(&"lost".into(), &[conc.clone(), hour], ts(100)));
        assert!(!c.try_acquire(&"next".into(), std::slice::from_ref(&conc), ts(200)));
        // Eleven minutes later the lost call's slot comes back.
        assert!(c.try_acquire(&"next".into(), &[conc], ts(760)));
        assert_eq!(c.leases(), 1);
        // The hour bucket that started at 0 is gone after three hours.
        assert!(c.try_acquire(&"later".into(), &[], ts(4 * 3600)));
        assert_eq!(c.count(&Scope::Buyer(BuyerId(1)), Window::Hour(0)), 0);
    }

    #[test]
    fn callers_are_noted_once_per_window() {
        let c = MemoryCounters::new();
        assert!(c.note_call(&"c".into(), "+1555", ts(1000), 3600));
        assert!(!c.note_call(&"c".into(), "+1555", ts(2000), 3600));
        assert_eq!(c.last_call(&"c".into(), "+1555"), Some(ts(1000)));
        assert!(c.note_call(&"other".into(), "+1555", ts(2000), 3600));
        assert!(
            c.note_call(&"c".into(), "+1555", ts(4600), 3600),
            "window over"
        );
        assert_eq!(c.last_call(&"c".into(), "+1555"), Some(ts(4600)));
    }

    #[test]
    fn callers_in_every_table_are_found_and_forgotten_after_the_longest_window() {
        let c = MemoryCounters::new();
        let callers: Vec<String> = (0..500).map(|i| format!("+1212555{i:04}")).collect();
        for caller in &callers {
            assert!(c.note_call(&"c".into(), caller, ts(1000), 3600));
        }
        for caller in &callers {
            assert!(
                !c.note_call(&"c".into(), caller, ts(1500), 3600),
                "{caller}"
            );
        }
        let tables = c.callers.iter().filter(|t| !t.lock().unwrap().is_empty());
        assert_eq!(tables.count(), CALLER_SHARDS);
        // Past the longest window a prune (due once a minute) forgets them.
        let later = ts(1000 + MAX_DUPLICATE_WINDOW_SECS + 120);
        assert!(c.note_call(&"other".into(), "+19175550100", later, 3600));
        assert_eq!(c.last_call(&"c".into(), &callers[3]), None);
    }

    #[test]
    fn turns_advance_per_campaign() {
        let c = MemoryCounters::new();
        assert_eq!(
            (
                c.next_turn(&"a".into()),
                c.next_turn(&"a".into()),
                c.next_turn(&"b".into())
            ),
            (0, 1, 0)
        );
    }
}
