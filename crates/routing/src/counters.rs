//! Live counters: what the engine reads (calls in flight, calls in the
//! current hour, day and month) and what the webhook changes (acquiring a
//! buyer, releasing it, noting a caller). Everything live sits behind the
//! [`Counters`] trait so that a shared store (Redis) can replace the
//! in-process [`crate::MemoryCounters`] when several nodes serve calls.

use domain::{BuyerId, CallSid, CampaignId, RtbTargetId};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, RwLock};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

/// Who a count belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// The campaign's own caps, counted in the campaign's time zone.
    Campaign(CampaignKey),
    /// The buyer across all campaigns, counted in the buyer's time zone.
    Buyer(BuyerId),
    /// The buyer on one campaign, counted in the buyer's time zone.
    CampaignBuyer(CampaignKey, BuyerId),
    /// An RTB bidder, across every campaign that pings it.
    RtbTarget(RtbTargetId),
}

impl Scope {
    /// The label used in trace reasons: `campaign`, `buyer`, `campaign-buyer`.
    pub fn label(&self) -> &'static str {
        match self {
            Scope::Campaign(_) => "campaign",
            Scope::Buyer(_) => "buyer",
            Scope::CampaignBuyer(..) => "campaign-buyer",
            Scope::RtbTarget(_) => "rtb-target",
        }
    }
}

/// A campaign as the counters name it: a number given to its id the first
/// time this process counts it. Routing a call builds eight scopes per
/// buyer considered; a number is copied for free where a shared string's
/// every copy and drop updated its reference count, and it hashes in one
/// step. Ids are few and are kept for the life of the process; a shared
/// store (several nodes) names the campaign by [`CampaignKey::id`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CampaignKey(usize);

/// Every campaign id given a key, and the key of each.
#[derive(Default)]
struct Keys {
    of: HashMap<Arc<str>, usize>,
    ids: Vec<Arc<str>>,
}

fn keys() -> &'static RwLock<Keys> {
    static KEYS: std::sync::OnceLock<RwLock<Keys>> = std::sync::OnceLock::new();
    KEYS.get_or_init(Default::default)
}

impl CampaignKey {
    /// The key of campaign `id` (the same for the same id, always).
    pub fn of(id: &str) -> Self {
        let known = keys()
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .of
            .get(id)
            .copied();
        if let Some(k) = known {
            return Self(k);
        }
        let mut keys = keys().write().unwrap_or_else(|p| p.into_inner());
        if let Some(&k) = keys.of.get(id) {
            return Self(k);
        }
        let k = keys.ids.len();
        let id: Arc<str> = id.into();
        keys.ids.push(id.clone());
        keys.of.insert(id, k);
        Self(k)
    }

    /// The campaign's id.
    pub fn id(self) -> Arc<str> {
        keys().read().unwrap_or_else(|p| p.into_inner()).ids[self.0].clone()
    }
}

impl From<&str> for CampaignKey {
    fn from(id: &str) -> Self {
        Self::of(id)
    }
}

impl fmt::Debug for CampaignKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", &*self.id())
    }
}

/// What is counted. A time bucket is named by the Unix second at which it
/// starts on the local wall clock of the scope's zone, so the key is the
/// same on every node and the repeated hour of a DST fall-back is a bucket
/// of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "window", content = "start", rename_all = "snake_case")]
pub enum Window {
    /// Calls in flight: acquired and not yet released.
    Concurrent,
    Hour(i64),
    Day(i64),
    Month(i64),
}

impl Window {
    /// The label used in trace reasons: `concurrent`, `hourly`, `daily`, `monthly`.
    pub fn label(&self) -> &'static str {
        match self {
            Window::Concurrent => "concurrent",
            Window::Hour(_) => "hourly",
            Window::Day(_) => "daily",
            Window::Month(_) => "monthly",
        }
    }
}

/// One counter a call increments when it is routed, with its cap.
/// `max: None` counts without limiting, so that a cap set later in the
/// day already sees the calls made before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limit {
    pub scope: Scope,
    pub window: Window,
    pub max: Option<u64>,
}

impl Limit {
    /// Whether `count` calls leave room for one more.
    pub fn has_room(&self, count: u64) -> bool {
        self.max.is_none_or(|max| count < max)
    }
}

/// The live state of routing. Implementations must make
/// [`Counters::try_acquire`] atomic across every caller (threads, and
/// nodes for a shared store): it is what keeps caps exact.
pub trait Counters: Send + Sync {
    /// The current count of each limit's scope and window, in order (0
    /// when never counted). One call per routed call: a shared store
    /// answers it in one round trip.
    fn counts(&self, limits: &[&Limit]) -> Vec<u64>;

    /// The current count of `scope` in `window` (0 when never counted).
    fn count(&self, scope: &Scope, window: Window) -> u64 {
        let limit = Limit {
            scope: *scope,
            window,
            max: None,
        };
        self.counts(&[&limit]).first().copied().unwrap_or(0)
    }

    /// Atomically: if every capped limit has room, increment every limit,
    /// hold the `Concurrent` ones under `lease` (the inbound call's SID)
    /// and return `true`; otherwise change nothing and return `false`.
    /// Acquiring again under a held lease adds to it.
    fn try_acquire(&self, lease: &CallSid, limits: &[Limit], now: Timestamp) -> bool;

    /// [`Counters::try_acquire`] of the limits of every part, in order
    /// (a call's campaign limits and its buyer's), without gathering them
    /// first.
    fn try_acquire_parts(&self, lease: &CallSid, parts: &[&[Limit]], now: Timestamp) -> bool {
        let limits: Vec<Limit> = parts.iter().flat_map(|p| p.iter()).cloned().collect();
        self.try_acquire(lease, &limits, now)
    }

    /// Give back the concurrent slots held by `lease`. Idempotent: a
    /// repeated status callback releases nothing and returns `false`.
    fn release(&self, lease: &CallSid) -> bool;

    /// The round-robin cursor of a campaign: returns the current turn and
    /// advances it.
    fn next_turn(&self, campaign_id: &CampaignId) -> u64;

    /// The round-robin cursor of a campaign, without advancing it (what
    /// the next call's [`Counters::next_turn`] will return).
    fn peek_turn(&self, campaign_id: &CampaignId) -> u64;

    /// When `caller`'s last noted call to the campaign was, if any.
    fn last_call(&self, campaign_id: &CampaignId, caller: &str) -> Option<Timestamp>;

    /// Atomically: if `caller` has no noted call to the campaign within
    /// `window_secs` before `now`, note this one and return `true` (a
    /// first, paid call); otherwise change nothing and return `false`.
    fn note_call(
        &self,
        campaign_id: &CampaignId,
        caller: &str,
        now: Timestamp,
        window_secs: u64,
    ) -> bool;

    /// Load the state rebuilt from the stored calls on start
    /// ([`crate::restore::rebuild`]), before any call is routed: counts
    /// are added, leases held, cursors and callers set.
    fn restore(&self, state: crate::restore::Restored);
}

/// The hour, day and month buckets that contain `now` on the wall clock
/// of `tz`. DST-correct: the buckets come from jiff's zone rules, so a
/// local day may last 23 or 25 hours.
pub fn buckets(tz: &TimeZone, now: Timestamp) -> [Window; 3] {
    let local = now.to_zoned(tz.clone());
    let secs = |z: Result<jiff::Zoned, jiff::Error>, fallback: i64| {
        z.map(|z| z.timestamp().as_second()).unwrap_or(fallback)
    };
    // The fallbacks (UTC truncation) only serve at the edges of jiff's range.
    let utc = now.as_second();
    let hour = secs(
        local
            .with()
            .minute(0)
            .second(0)
            .subsec_nanosecond(0)
            .build(),
        utc - utc.rem_euclid(3600),
    );
    let day = secs(local.start_of_day(), utc - utc.rem_euclid(86_400));
    let month = secs(
        local.first_of_month().and_then(|z| z.start_of_day()),
        utc - utc.rem_euclid(86_400),
    );
    [Window::Hour(hour), Window::Day(day), Window::Month(month)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn buckets_follow_the_local_wall_clock() {
        let ny = TimeZone::get("America/New_York").unwrap();
        // 2026-03-08 is a DST start in New York: the day has 23 hours.
        let [h, d, m] = buckets(&ny, ts("2026-03-08T15:30:00Z"));
        assert_eq!(h, Window::Hour(ts("2026-03-08T15:00:00Z").as_second()));
        assert_eq!(d, Window::Day(ts("2026-03-08T05:00:00Z").as_second()));
        assert_eq!(m, Window::Month(ts("2026-03-01T05:00:00Z").as_second()));
        let [_, next_day, _] = buckets(&ny, ts("2026-03-09T03:59:00Z"));
        assert_eq!(next_day, d, "23:59 EDT is still March 8th");
        let [_, next_day, _] = buckets(&ny, ts("2026-03-09T04:00:00Z"));
        assert_eq!(
            next_day,
            Window::Day(ts("2026-03-09T04:00:00Z").as_second()),
            "the next local midnight comes 23 hours later"
        );
    }

    #[test]
    fn the_repeated_fall_back_hour_is_its_own_bucket() {
        let ny = TimeZone::get("America/New_York").unwrap();
        // 01:30 EDT and 01:30 EST on 2026-11-01.
        let [first, ..] = buckets(&ny, ts("2026-11-01T05:30:00Z"));
        let [second, ..] = buckets(&ny, ts("2026-11-01T06:30:00Z"));
        assert_eq!(first, Window::Hour(ts("2026-11-01T05:00:00Z").as_second()));
        assert_eq!(second, Window::Hour(ts("2026-11-01T06:00:00Z").as_second()));
    }

    #[test]
    fn half_hour_zones_start_hours_at_half_past_utc() {
        let kolkata = TimeZone::get("Asia/Kolkata").unwrap();
        let [h, d, _] = buckets(&kolkata, ts("2026-05-01T10:10:00Z"));
        assert_eq!(h, Window::Hour(ts("2026-05-01T09:30:00Z").as_second()));
        assert_eq!(d, Window::Day(ts("2026-04-30T18:30:00Z").as_second()));
    }

    #[test]
    fn a_campaign_keeps_one_key_and_its_id() {
        let a = CampaignKey::of("key-test-campaign-a");
        let b = CampaignKey::from("key-test-campaign-b");
        assert_ne!(a, b);
        assert_eq!(a, CampaignKey::of("key-test-campaign-a"));
        assert_eq!(&*b.id(), "key-test-campaign-b");
        assert_eq!(
            format!("{:?}", Scope::Campaign(a)),
            "Campaign(\"key-test-campaign-a\")"
        );
        // Keys given from many threads at once stay one per id.
        let keys: Vec<CampaignKey> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| s.spawn(|| CampaignKey::of("key-test-campaign-raced")))
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        assert_eq!(keys.len(), 8);
        assert!(keys.iter().all(|k| *k == keys[0]));
    }
}
