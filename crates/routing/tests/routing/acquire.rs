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
    assert_eq!(d.acquire(&c, tuesday()).map(|b| b.buyer_id), Some(1));
    assert_eq!(d.selected().map(|b| b.buyer_id), Some(1));
    assert!(d.acquire(&c, tuesday()).is_none(), "one buyer at a time");
    for scope in [
        Scope::Campaign(CAMPAIGN.into()),
        Scope::Buyer(1),
        Scope::CampaignBuyer(CAMPAIGN.into(), 1),
    ] {
        assert_eq!(c.count(&scope, Window::Concurrent), 1, "{scope:?}");
        let [hour, day, month] = routing::buckets(&jiff::tz::TimeZone::UTC, tuesday());
        for w in [hour, day, month] {
            assert_eq!(c.count(&scope, w), 1, "{scope:?} {w:?}");
        }
    }
    assert!(c.release(&d.call_sid));
    assert_eq!(c.count(&Scope::Buyer(1), Window::Concurrent), 0);
}

#[test]
fn failover_releases_the_buyer_and_takes_the_next() {
    let s = three_buyers();
    let c = MemoryCounters::new();
    let mut d = route_at(&s, &c, tuesday(), 1);
    d.acquire(&c, tuesday());
    let next = d.failover(&c, "no answer", tuesday()).map(|b| b.buyer_id);
    assert_eq!(next, Some(2));
    assert_eq!(c.count(&Scope::Buyer(1), Window::Concurrent), 0);
    assert_eq!(c.count(&Scope::Buyer(2), Window::Concurrent), 1);
    assert_eq!(
        c.count(&Scope::Campaign(CAMPAIGN.into()), Window::Concurrent),
        1
    );
    assert_eq!(d.trace[0].reason.as_deref(), Some("no answer"));
    d.failover(&c, "busy", tuesday());
    assert!(d.failover(&c, "no answer", tuesday()).is_none());
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
        d.failover(&c, "no answer", tuesday()).map(|b| b.buyer_id),
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
    assert_eq!(back, d);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["outcome"], json!({"outcome": "routed"}));
    assert_eq!(v["candidates"][0]["payout"], json!("25.0000"));
    assert_eq!(
        v["candidates"][0]["limits"][0],
        json!({"scope": {"scope": "campaign", "id": CAMPAIGN}, "window": {"window": "concurrent"}, "max": null})
    );
    let no = route_at(&snapshot(campaign(), vec![], vec![]), &c, tuesday(), 1);
    assert_eq!(
        serde_json::to_value(&no.outcome).unwrap(),
        json!({"outcome": "no_route", "reason": "campaign has no buyers"})
    );
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
