//! Live counters rebuilt from the stored calls, so that a restart forgets
//! nothing that caps, concurrency, duplicate callers or round robin
//! depend on. A pure function of what the store reports (calls still
//! open, routed calls per quarter hour, recent callers, each round-robin
//! campaign's last turn), the snapshot (time zones) and the clock; the
//! result is loaded into the counters before the first webhook is
//! answered ([`crate::Counters::restore`]).
//!
//! What a stored call counts is what acquiring it counted: a call given
//! to a buyer counts for its campaign, the campaign-buyer pair and the
//! buyer, in the hour, day and month of each one's own time zone; a call
//! won in an auction counts for its RTB target in the UTC hour and day.
//! A call still open (no final status, younger than the longest call)
//! holds its concurrent slots under its CallSid again, until its final
//! status or the lease's expiry.

use domain::{BuyerId, CallSid, CampaignId, RtbTargetId};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::counters::{CampaignKey, Scope, Window, buckets};
use crate::snapshot::Snapshot;

/// A stored call that still holds its concurrent slots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenCall {
    pub call_sid: CallSid,
    pub campaign_id: Option<CampaignId>,
    pub buyer_id: Option<BuyerId>,
    pub rtb_target_id: Option<RtbTargetId>,
    /// Epoch ms.
    pub created_at: i64,
}

/// Routed calls of one destination in one quarter hour.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoutedSlice {
    pub campaign_id: Option<CampaignId>,
    pub buyer_id: Option<BuyerId>,
    pub rtb_target_id: Option<RtbTargetId>,
    /// Quarter hours since the epoch (`created_at / 900_000`).
    pub quarter: i64,
    pub calls: u64,
}

/// A caller's last paid call to a campaign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecentCaller {
    pub campaign_id: CampaignId,
    pub caller: String,
    /// Epoch ms.
    pub at: i64,
}

/// The counters' state, as rebuilt.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Restored {
    /// Counts to add, per scope and window (the windows of now only).
    pub counts: Vec<(Scope, Window, u64)>,
    /// Leases held again: CallSid, acquired at (epoch seconds), the
    /// scopes whose concurrent slot it holds.
    pub leases: Vec<(CallSid, i64, Vec<Scope>)>,
    /// Round-robin cursors: campaign id, next turn.
    pub turns: Vec<(CampaignId, u64)>,
    /// Recent callers: campaign id, caller, last noted call.
    pub callers: Vec<(CampaignId, String, Timestamp)>,
}

/// How far back the stored calls must be read: the start of the oldest
/// month any zone can be in now (a month and two days).
pub fn counts_since_ms(now: Timestamp) -> i64 {
    now.as_millisecond() - 33 * 86_400_000
}

/// Rebuild the counters' state at `now` from what the store holds.
pub fn rebuild(
    snapshot: &Snapshot,
    now: Timestamp,
    open: &[OpenCall],
    slices: &[RoutedSlice],
    callers: &[RecentCaller],
    turns: Vec<(CampaignId, u64)>,
) -> Restored {
    let mut counts: std::collections::HashMap<(Scope, Window), u64> = Default::default();
    let mut add = |scope: Scope, tz: &TimeZone, at: Timestamp, n: u64, windows: usize| {
        let current = buckets(tz, now);
        let then = buckets(tz, at);
        for (a, b) in then.iter().zip(current.iter()).take(windows) {
            if a == b {
                *counts.entry((scope, *a)).or_default() += n;
            }
        }
    };
    for s in slices {
        let Some(at) = Timestamp::from_millisecond(s.quarter.saturating_mul(900_000)).ok() else {
            continue;
        };
        for (scope, tz, windows) in scopes(
            snapshot,
            s.campaign_id.as_ref(),
            s.buyer_id,
            s.rtb_target_id,
        ) {
            add(scope, &tz, at, s.calls, windows);
        }
    }
    let mut leases = Vec::with_capacity(open.len());
    for call in open {
        let held: Vec<Scope> = scopes(
            snapshot,
            call.campaign_id.as_ref(),
            call.buyer_id,
            call.rtb_target_id,
        )
        .into_iter()
        .map(|(scope, ..)| scope)
        .collect();
        if held.is_empty() {
            continue;
        }
        for scope in &held {
            *counts.entry((*scope, Window::Concurrent)).or_default() += 1;
        }
        leases.push((call.call_sid.clone(), call.created_at / 1000, held));
    }
    let callers = callers
        .iter()
        .filter_map(|c| {
            let window = snapshot
                .campaigns
                .get(&c.campaign_id)?
                .duplicate_window_secs;
            let at = Timestamp::from_millisecond(c.at).ok()?;
            let age = now.as_second() - at.as_second();
            (window > 0 && age >= 0 && (age as u64) < window)
                .then(|| (c.campaign_id.clone(), c.caller.clone(), at))
        })
        .collect();
    let mut counts: Vec<(Scope, Window, u64)> =
        counts.into_iter().map(|((s, w), n)| (s, w, n)).collect();
    counts.sort();
    Restored {
        counts,
        leases,
        turns,
        callers,
    }
}

/// The scopes a call to these destinations counts in, each with its time
/// zone and how many of the hour, day and month windows it keeps.
fn scopes(
    snapshot: &Snapshot,
    campaign_id: Option<&CampaignId>,
    buyer_id: Option<BuyerId>,
    rtb_target_id: Option<RtbTargetId>,
) -> Vec<(Scope, TimeZone, usize)> {
    let mut out = Vec::with_capacity(3);
    if let Some(target) = rtb_target_id {
        // Bidders' caps count in UTC, by the hour and the day.
        out.push((Scope::RtbTarget(target), TimeZone::UTC, 2));
        return out;
    }
    let (Some(campaign_id), Some(buyer_id)) = (campaign_id, buyer_id) else {
        return out;
    };
    let key = CampaignKey::of(campaign_id);
    if let Some(c) = snapshot.campaigns.get(campaign_id) {
        out.push((Scope::Campaign(key), c.time_zone.clone(), 3));
    }
    if let Some(b) = snapshot.buyers.get(&buyer_id) {
        out.push((Scope::CampaignBuyer(key, buyer_id), b.time_zone.clone(), 3));
        out.push((Scope::Buyer(buyer_id), b.time_zone.clone(), 3));
    }
    out
}
