//! The routing decision: a pure function of the snapshot, the live
//! counters (read, plus the round-robin cursor), the clock, the call and
//! a seed. It finds the campaign by the dialled number, applies the
//! duplicate-caller rule and the campaign's caps, checks every assigned
//! buyer (status, schedule, caps at both scopes) and orders the eligible
//! ones by the campaign's strategy.

use jiff::Timestamp;

use crate::counters::{CampaignKey, Counters, Limit, Scope, Window, buckets};
use crate::decision::{Candidate, Decision, IncomingCall, Outcome, TraceEntry, TraceResult};
use crate::memory::within;
use crate::snapshot::{
    BuyerConfig, CampaignBuyerConfig, CampaignConfig, Caps, DuplicateAction, Snapshot,
};
use crate::strategy;

/// Decide where `call` goes at `now`. `seed` drives tie-breaking and
/// weighted choice (use a fresh random value per call in production; a
/// fixed one replays a decision). The only write is advancing the
/// campaign's round-robin cursor; acquiring is [`Decision::acquire`].
pub fn route(
    snapshot: &Snapshot,
    counters: &dyn Counters,
    call: &IncomingCall,
    now: Timestamp,
    seed: u64,
) -> Decision {
    let mut d = Decision::new(call);
    let to = call.to.trim();
    let Some(number) = snapshot.numbers.get(to) else {
        return no_route(d, "unknown number");
    };
    d.account = Some(number.account);
    d.number_id = Some(number.number_id);
    if number.status != "active" {
        let reason = format!("number {}", number.status);
        return no_route(d, &reason);
    }
    let Some(campaign_id) = number.campaign_id.as_ref() else {
        return no_route(d, "number not assigned to a campaign");
    };
    d.campaign_id = Some(campaign_id.clone());
    let Some(campaign) = snapshot.campaigns.get(campaign_id) else {
        return no_route(d, "campaign not found");
    };
    if campaign.account != number.account {
        return no_route(d, "number and campaign belong to different accounts");
    }
    d.notes.extend(campaign.problem.clone());
    if campaign.status != domain::CampaignStatus::Active {
        let reason = format!("campaign {}", campaign.status);
        return no_route(d, &reason);
    }
    d.trace.reserve(campaign.buyers.len());
    d.candidates.reserve(campaign.buyers.len());
    d.duplicate_window_secs = campaign.duplicate_window_secs;
    d.duplicate_action = Some(campaign.duplicate_action);
    if let Some(reason) = duplicate(campaign, counters, &d.caller, now) {
        d.duplicate = true;
        if campaign.duplicate_action == DuplicateAction::Reject {
            d.outcome = Outcome::Rejected(reason);
            return d;
        }
        d.notes.push(format!("{reason}: routed unpaid"));
    }
    d.paid = !d.duplicate;

    // Every count this call needs, read in one batch (one round trip for a
    // shared store): the campaign's, then each available buyer's.
    let key = campaign.key;
    let scope = Scope::Campaign(key);
    let campaign_limits = limits(scope, &campaign.caps, buckets(&campaign.time_zone, now));
    let mut available = Vec::with_capacity(campaign.buyers.len());
    let mut skipped = Vec::with_capacity(campaign.buyers.len());
    let mut zones = Zones::default();
    for (rank, terms) in campaign.buyers.iter().enumerate() {
        let buyer = snapshot.buyers.get(&terms.buyer_id);
        match check(campaign, terms, buyer, now) {
            Ok(buyer) => {
                let own = buyer_limits(key, terms, buyer, zones.buckets(buyer, now));
                available.push((rank, terms, buyer, own));
            }
            Err(reason) => skipped.push((rank, skip(terms, buyer, reason))),
        }
    }
    // Only capped limits are read: the others decide nothing (they are
    // counted when the call is acquired).
    let keys: Vec<&Limit> = campaign_limits
        .iter()
        .chain(available.iter().flat_map(|(.., own)| own.iter()))
        .filter(|l| l.max.is_some())
        .collect();
    let counts = counters.counts(&keys);
    let mut counts = counts.into_iter().chain(std::iter::repeat(0));
    if let Some(full) = full(&campaign_limits, &mut counts, "") {
        let reason = format!("campaign {full} reached");
        return no_route(d, &reason);
    }

    let mut eligible = Vec::with_capacity(available.len());
    for (rank, terms, buyer, own) in available {
        let reasons: Vec<String> = [
            full(&own[..WINDOWS], &mut counts, " (campaign-buyer)"),
            full(&own[WINDOWS..], &mut counts, " (buyer)"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if reasons.is_empty() {
            eligible.push((terms, buyer, own));
        } else {
            skipped.push((rank, skip(terms, Some(buyer), reasons.join("; "))));
        }
    }
    skipped.sort_by_key(|(rank, _)| *rank);

    let terms: Vec<&CampaignBuyerConfig> = eligible.iter().map(|(t, ..)| *t).collect();
    let mut turn = None;
    let ordered = strategy::order(campaign.strategy, terms, seed, || {
        let t = counters.next_turn(&campaign.id);
        turn = Some(t);
        t
    });
    d.turn = turn;
    for terms in ordered {
        let Some((_, buyer, own)) = eligible
            .iter_mut()
            .find(|(t, ..)| t.buyer_id == terms.buyer_id)
        else {
            continue;
        };
        let limits = std::mem::take(own);
        d.trace.push(TraceEntry {
            buyer_id: buyer.id,
            buyer_name: buyer.name.clone(),
            result: TraceResult::Eligible,
            reason: None,
        });
        d.candidates.push(Candidate {
            buyer_id: buyer.id,
            buyer_name: buyer.name.clone(),
            number: buyer.phone.clone(),
            backup_number: buyer.backup_phone.clone(),
            payout: buyer.payout,
            limits,
            timeout_secs: campaign.call_timeout_secs,
        });
    }
    d.trace.extend(skipped.into_iter().map(|(_, entry)| entry));
    d.campaign_limits = campaign_limits;
    if d.candidates.is_empty() {
        let reason = if campaign.buyers.is_empty() {
            "campaign has no buyers"
        } else {
            "no eligible buyer"
        };
        return no_route(d, reason);
    }
    d.outcome = Outcome::Routed;
    d
}

fn skip(terms: &CampaignBuyerConfig, buyer: Option<&BuyerConfig>, reason: String) -> TraceEntry {
    TraceEntry {
        buyer_id: terms.buyer_id,
        buyer_name: buyer.map(|b| b.name.clone()).unwrap_or_default(),
        result: TraceResult::Skipped,
        reason: Some(reason),
    }
}

fn no_route(mut d: Decision, reason: &str) -> Decision {
    d.outcome = Outcome::NoRoute(reason.to_string());
    d.candidates.clear();
    d.paid = false;
    d
}

/// Whether a caller id can tell callers apart. Withheld numbers arrive as
/// words or as the carriers' placeholders for them (Twilio spells
/// ANONYMOUS, RESTRICTED, BLOCKED and UNAVAILABLE on a keypad).
pub(crate) fn identifiable(caller: &str) -> bool {
    const PLACEHOLDERS: &[&str] = &["+266696687", "+7378742833", "+2562533", "+8656696"];
    let digits = caller.bytes().filter(u8::is_ascii_digit).count();
    digits >= 5 && !PLACEHOLDERS.contains(&caller)
}

/// Why this call is a duplicate, if it is.
fn duplicate(
    campaign: &CampaignConfig,
    counters: &dyn Counters,
    caller: &str,
    now: Timestamp,
) -> Option<String> {
    let window = campaign.duplicate_window_secs;
    if window == 0 || !identifiable(caller) {
        return None;
    }
    let last = counters.last_call(&campaign.id, caller)?;
    within(last, now, window).then(|| {
        format!(
            "duplicate caller (last call {}s ago, window {window}s)",
            now.as_second() - last.as_second()
        )
    })
}

/// The hour, day and month buckets of each buyer zone met in one call
/// (buyers of an account mostly share a handful of zones).
#[derive(Default)]
struct Zones<'a>(Vec<(&'a str, [Window; 3])>);

impl<'a> Zones<'a> {
    fn buckets(&mut self, buyer: &'a BuyerConfig, now: Timestamp) -> [Window; 3] {
        let name = buyer.time_zone_name.as_str();
        if let Some((_, windows)) = self.0.iter().find(|(n, _)| *n == name) {
            return *windows;
        }
        let windows = buckets(&buyer.time_zone, now);
        self.0.push((name, windows));
        windows
    }
}

/// The campaign-buyer then the buyer's own counters, in the buyer's zone
/// (`windows`: its buckets now).
fn buyer_limits(
    campaign_key: CampaignKey,
    terms: &CampaignBuyerConfig,
    buyer: &BuyerConfig,
    windows: [Window; 3],
) -> Vec<Limit> {
    let mut own = Vec::with_capacity(8);
    let pair = Scope::CampaignBuyer(campaign_key, buyer.id);
    push_limits(&mut own, pair, &terms.caps, windows);
    push_limits(&mut own, Scope::Buyer(buyer.id), &buyer.caps, windows);
    own
}

/// Give every candidate not tried yet its limits as configured in
/// `snapshot` and counted in the windows of `now`. A stored decision keeps
/// no limits (they were most of its size, and a failover should count in
/// the hour it happens under today's caps). A candidate no longer
/// available (removed from the campaign, paused, outside its schedule) is
/// skipped with the reason.
pub(crate) fn renew_limits(d: &mut Decision, snapshot: &Snapshot, now: Timestamp) {
    let campaign = d
        .campaign_id
        .as_deref()
        .and_then(|id| snapshot.campaigns.get(id))
        .filter(|c| Some(c.account) == d.account);
    d.campaign_limits = campaign
        .map(|c| {
            let scope = Scope::Campaign(c.key);
            limits(scope, &c.caps, buckets(&c.time_zone, now))
        })
        .unwrap_or_default();
    let Decision {
        candidates, trace, ..
    } = d;
    for candidate in candidates.iter_mut() {
        let Some(entry) = trace
            .iter_mut()
            .find(|t| t.buyer_id == candidate.buyer_id && t.result == TraceResult::Eligible)
        else {
            continue;
        };
        let available = match campaign {
            Some(campaign) => campaign
                .buyers
                .iter()
                .find(|t| t.buyer_id == candidate.buyer_id)
                .ok_or_else(|| "no longer assigned to the campaign".to_string())
                .and_then(|terms| {
                    let buyer = snapshot.buyers.get(&terms.buyer_id);
                    check(campaign, terms, buyer, now).map(|buyer| {
                        let windows = buckets(&buyer.time_zone, now);
                        buyer_limits(campaign.key, terms, buyer, windows)
                    })
                }),
            None => Err("campaign not found".into()),
        };
        match available {
            Ok(own) => candidate.limits = own,
            Err(reason) => {
                candidate.limits.clear();
                entry.result = TraceResult::Skipped;
                entry.reason = Some(reason);
            }
        }
    }
}

/// Counters per scope: concurrent, hourly, daily, monthly.
const WINDOWS: usize = 4;

/// The four counters of `scope` (concurrent, then the hour, day and
/// month buckets of its zone) with their caps.
fn limits(scope: Scope, caps: &Caps, windows: [Window; 3]) -> Vec<Limit> {
    let mut out = Vec::with_capacity(4);
    push_limits(&mut out, scope, caps, windows);
    out
}

/// Push the four limits of `scope` (in flight, hour, day, month).
fn push_limits(out: &mut Vec<Limit>, scope: Scope, caps: &Caps, [hour, day, month]: [Window; 3]) {
    for (window, max) in [
        (Window::Concurrent, caps.concurrent),
        (hour, caps.hourly),
        (day, caps.daily),
        (month, caps.monthly),
    ] {
        out.push(Limit { scope, window, max });
    }
}

/// The caps that are full, as "daily cap 50/50{suffix}" joined by "; ".
/// `counts` holds the count of each capped limit, in order (uncapped
/// limits take none).
fn full(limits: &[Limit], counts: &mut impl Iterator<Item = u64>, suffix: &str) -> Option<String> {
    let mut reasons = Vec::new();
    for l in limits {
        let Some(max) = l.max else { continue };
        let count = counts.next().unwrap_or(0);
        if count >= max {
            reasons.push(format!("{} cap {count}/{max}{suffix}", l.window.label()));
        }
    }
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

/// The buyer, if its status, assignment, configuration and schedule let
/// it take a call now (caps are checked with the batch of counts).
fn check<'a>(
    campaign: &CampaignConfig,
    terms: &CampaignBuyerConfig,
    buyer: Option<&'a BuyerConfig>,
    now: Timestamp,
) -> Result<&'a BuyerConfig, String> {
    let Some(buyer) = buyer else {
        return Err("buyer not found".into());
    };
    if buyer.account != campaign.account {
        return Err("buyer belongs to another account".into());
    }
    if buyer.status != domain::BuyerStatus::Active {
        return Err(format!("buyer {}", buyer.status));
    }
    if terms.status != "active" {
        return Err(format!("{} on campaign", terms.status));
    }
    if let Some(problem) = &buyer.problem {
        return Err(format!("configuration problem: {problem}"));
    }
    if !buyer.schedule.is_open(&buyer.time_zone, now) {
        let local = now.to_zoned(buyer.time_zone.clone());
        return Err(format!(
            "outside schedule ({} {})",
            local.strftime("%a %Y-%m-%d %H:%M"),
            buyer.time_zone_name
        ));
    }
    Ok(buyer)
}
