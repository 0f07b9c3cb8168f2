//! The acquire protocol: selection, failover, release, and the decision
//! as stored (JSON).

use routing::{Counters, Decision, MemoryCounters, Outcome, Scope, TraceResult, Window};
use serde_json::json;

use crate::common::*;

fn three_buyers() -> routing::Snapshot {
    snapshot(
        campaign(),
        vec![buyer(1), buyer(2), buyer(3)],
        vec![terms(1, 10, 1), terms(2, 8, 1), terms(3, 6, 1)],
    )
}

#[test]
fn acquire_selects_the_first_candidate_and_counts_every_scope() {
    let s = three_buyers();
    let c = MemoryCounters::new();
    let mut d = route_at(&s, &c, tuesday(), 1);
    assert_eq!(d.acquire(&c, tuesday()).map(|b| b.buyer_id.0), Some(1));
    assert_eq!(d.selected().map(|b| b.buyer_id.0), Some(1));
    assert!(d.acquire(&c, tuesday()).is_none(), "one buyer at a time");
    for scope in [
        Scope::Campaign(CAMPAIGN.into()),
        Scope::Buyer(BuyerId(1)),
        Scope::CampaignBuyer(CAMPAIGN.into(), BuyerId(1)),
    ] {
        assert_eq!(c.count(&scope, Window::Concurrent), 1, "{scope:?}");
        let [hour, day, month] = routing::buckets(&jiff::tz::TimeZone::UTC, tuesday());
        for w in [hour, day, month] {
            assert_eq!(c.count(&scope, w), 1, "{scope:?} {w:?}");
        }
    }
    assert!(c.release(&d.call_sid));
    assert_eq!(c.count(&Scope::Buyer(BuyerId(1)), Window::Concurrent), 0);
}

#[test]
fn failover_releases_the_buyer_and_takes_the_next() {
    let s = three_buyers();
    let c = MemoryCounters::new();
    let mut d = route_at(&s, &c, tuesday(), 1);
    d.acquire(&c, tuesday());
    let next = d
        .failover(&s, &c, "no answer", tuesday())
        .map(|b| b.buyer_id.0);
    assert_eq!(next, Some(2));
    assert_eq!(c.count(&Scope::Buyer(BuyerId(1)), Window::Concurrent), 0);
    assert_eq!(c.count(&Scope::Buyer(BuyerId(2)), Window::Concurrent), 1);
    assert_eq!(
        c.count(&Scope::Campaign(CAMPAIGN.into()), Window::Concurrent),
        1
    );
    assert_eq!(d.trace[0].reason.as_deref(), Some("no answer"));
    // One call counts once for the campaign's windows, however many
    // buyers it is offered to; each buyer counts the call it was sent.
    let [hour, day, month] = routing::buckets(&jiff::tz::TimeZone::UTC, tuesday());
    for w in [hour, day, month] {
        assert_eq!(c.count(&Scope::Campaign(CAMPAIGN.into()), w), 1, "{w:?}");
        assert_eq!(c.count(&Scope::Buyer(BuyerId(1)), w), 1, "{w:?}");
        assert_eq!(c.count(&Scope::Buyer(BuyerId(2)), w), 1, "{w:?}");
    }
    d.failover(&s, &c, "busy", tuesday());
    assert!(d.failover(&s, &c, "no answer", tuesday()).is_none());
    assert_eq!(no_route_reason(&d), "every buyer was tried");
    assert!(d.trace.iter().all(|t| t.result == TraceResult::Skipped));
    assert_eq!(c.leases(), 0);
}

#[test]
fn failover_does_not_make_the_call_its_own_duplicate() {
    let mut camp = campaign();
    camp.duplicate_window_secs = 3600;
    camp.duplicate_action = "reject".into();
    let s = snapshot(
        camp,
        vec![buyer(1), buyer(2)],
        vec![terms(1, 9, 1), terms(2, 1, 1)],
    );
    let c = MemoryCounters::new();
    let mut d = route_at(&s, &c, tuesday(), 1);
    d.acquire(&c, tuesday());
    assert_eq!(
        d.failover(&s, &c, "no answer", tuesday())
            .map(|b| b.buyer_id.0),
        Some(2)
    );
    assert!(d.paid && !d.duplicate);
}

#[test]
fn the_decision_round_trips_through_json() {
    let s = three_buyers();
    let c = MemoryCounters::new();
    let mut d = route_at(&s, &c, tuesday(), 1);
    d.acquire(&c, tuesday());
    let text = serde_json::to_string(&d).unwrap();
    let back: Decision = serde_json::from_str(&text).unwrap();
    let mut without_limits = d.clone();
    for c in &mut without_limits.candidates {
        c.limits.clear();
    }
    without_limits.campaign_limits.clear();
    assert_eq!(back, without_limits, "everything but the limits");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["outcome"], json!({"outcome": "routed"}));
    assert_eq!(v["candidates"][0]["payout"], json!("25.0000"));
    assert!(
        v["candidates"][0].get("limits").is_none(),
        "renewed, not stored"
    );
    let no = route_at(&snapshot(campaign(), vec![], vec![]), &c, tuesday(), 1);
    assert_eq!(
        serde_json::to_value(&no.outcome).unwrap(),
        json!({"outcome": "no_route", "reason": "campaign has no buyers"})
    );
}

/// The decision as the dial webhook gets it back from the call's row.
fn restored(d: &Decision) -> Decision {
    serde_json::from_str(&serde_json::to_string(d).unwrap()).unwrap()
}

#[test]
fn a_restored_decision_fails_over_under_the_caps_and_windows_of_now() {
    let s = three_buyers();
    let c = MemoryCounters::new();
    let mut d = route_at(&s, &c, tuesday(), 1);
    d.acquire(&c, tuesday());
    let mut back = restored(&d);
    // An hour later, buyer 2 got a daily cap it has already reached and
    // buyer 3 was taken off the campaign.
    let mut capped = buyer(2);
    capped.caps.daily = Some(0);
    let now = ts("2026-11-24T16:00:00Z");
    let changed = snapshot(
        campaign(),
        vec![buyer(1), capped, buyer(3)],
        vec![terms(1, 10, 1), terms(2, 8, 1)],
    );
    assert!(back.failover(&changed, &c, "no answer", now).is_none());
    assert_eq!(skip_reason(&back, 3), "no longer assigned to the campaign");
    assert_eq!(skip_reason(&back, 2), "reached a cap while acquiring");
    assert_eq!(c.leases(), 0, "nothing held once the chain is exhausted");

    // Unchanged configuration: the next buyer is counted in the new hour.
    let mut again = restored(&d);
    c.release(&d.call_sid);
    let next = again.failover(&s, &c, "busy", now).map(|b| b.buyer_id.0);
    assert_eq!(next, Some(2));
    let [hour, ..] = routing::buckets(&jiff::tz::TimeZone::UTC, now);
    assert_eq!(c.count(&Scope::Buyer(BuyerId(2)), hour), 1);
    assert_eq!(c.count(&Scope::Buyer(BuyerId(2)), Window::Concurrent), 1);
}

#[test]
fn a_restored_decision_never_routes_uncounted() {
    let s = three_buyers();
    let c = MemoryCounters::new();
    let mut back = restored(&route_at(&s, &c, tuesday(), 1));
    assert!(back.acquire(&c, tuesday()).is_none());
    assert_eq!(c.leases(), 0);
    assert_eq!(c.count(&Scope::Buyer(BuyerId(1)), Window::Concurrent), 0);
}

#[test]
fn the_stored_trace_names_each_buyer_and_reason() {
    let mut paused = buyer(2);
    paused.status = "paused".into();
    let s = snapshot(
        campaign(),
        vec![buyer(1), paused],
        vec![terms(1, 5, 1), terms(2, 5, 1)],
    );
    let c = MemoryCounters::new();
    let mut d = route_at(&s, &c, tuesday(), 1);
    d.acquire(&c, tuesday());
    let trace: serde_json::Value = serde_json::from_str(&d.trace_json()).unwrap();
    assert_eq!(
        trace,
        json!([
            {"buyer_id": 1, "buyer_name": "Buyer 1", "result": "selected"},
            {"buyer_id": 2, "buyer_name": "Buyer 2", "result": "skipped", "reason": "buyer paused"}
        ])
    );
    assert_eq!(d.outcome, Outcome::Routed);
}
