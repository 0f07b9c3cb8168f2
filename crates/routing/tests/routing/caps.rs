//! Every cap kind at every scope: the campaign-buyer pair, the buyer
//! across campaigns, and the campaign itself; each named in the trace.

use jiff::Timestamp;
use routing::{Caps, Counters, MemoryCounters, NumberRow, Outcome, Snapshot, TraceResult, route};

use crate::common::*;

#[derive(Clone, Copy, Debug)]
enum Kind {
    Concurrent,
    Hourly,
    Daily,
    Monthly,
}

const KINDS: [Kind; 4] = [Kind::Concurrent, Kind::Hourly, Kind::Daily, Kind::Monthly];

fn cap_of(kind: Kind, n: u64) -> Caps {
    let mut caps = Caps::default();
    match kind {
        Kind::Concurrent => caps.concurrent = Some(n),
        Kind::Hourly => caps.hourly = Some(n),
        Kind::Daily => caps.daily = Some(n),
        Kind::Monthly => caps.monthly = Some(n),
    }
    caps
}

fn label(kind: Kind) -> &'static str {
    match kind {
        Kind::Concurrent => "concurrent",
        Kind::Hourly => "hourly",
        Kind::Daily => "daily",
        Kind::Monthly => "monthly",
    }
}

/// Route and acquire `n` calls at `now`; ended calls release their slot
/// unless `hold` (concurrent caps need calls still in progress).
fn take(s: &Snapshot, c: &MemoryCounters, n: usize, now: Timestamp, hold: bool) {
    for i in 0..n {
        let sid = format!("CA-{}-{i}", now.as_second());
        let mut d = route(s, c, &call(&sid, "+15550000001"), now, i as u64);
        assert!(d.acquire(c, now).is_some(), "call {i}: {:?}", d.outcome);
        if !hold {
            c.release(&sid.into());
        }
    }
}

#[test]
fn campaign_buyer_caps_skip_the_buyer_with_the_reason() {
    for kind in KINDS {
        let mut t = terms(1, 9, 1);
        t.caps = cap_of(kind, 2);
        let s = snapshot(
            campaign(),
            vec![buyer(1), buyer(2)],
            vec![t, terms(2, 1, 1)],
        );
        let c = MemoryCounters::new();
        let hold = matches!(kind, Kind::Concurrent);
        take(&s, &c, 2, tuesday(), hold);
        let d = route_at(&s, &c, tuesday(), 9);
        assert_eq!(
            skip_reason(&d, 1),
            format!("{} cap 2/2 (campaign-buyer)", label(kind))
        );
        assert_eq!(order(&d), vec![2], "{kind:?}: the next buyer takes over");
    }
}

#[test]
fn buyer_caps_skip_the_buyer_with_the_reason() {
    for kind in KINDS {
        let mut b = buyer(1);
        b.caps = cap_of(kind, 3);
        let s = snapshot(
            campaign(),
            vec![b, buyer(2)],
            vec![terms(1, 9, 1), terms(2, 1, 1)],
        );
        let c = MemoryCounters::new();
        take(&s, &c, 3, tuesday(), matches!(kind, Kind::Concurrent));
        let d = route_at(&s, &c, tuesday(), 9);
        assert_eq!(
            skip_reason(&d, 1),
            format!("{} cap 3/3 (buyer)", label(kind))
        );
    }
}

#[test]
fn campaign_caps_stop_routing_with_the_reason() {
    for kind in KINDS {
        let mut camp = campaign();
        camp.caps = cap_of(kind, 2);
        let s = snapshot(camp, vec![buyer(1)], vec![terms(1, 5, 1)]);
        let c = MemoryCounters::new();
        take(&s, &c, 2, tuesday(), matches!(kind, Kind::Concurrent));
        let d = route_at(&s, &c, tuesday(), 9);
        assert_eq!(
            no_route_reason(&d),
            format!("campaign {} cap 2/2 reached", label(kind))
        );
        assert_eq!(d.campaign_id.as_deref(), Some(CAMPAIGN));
        assert!(d.candidates.is_empty());
    }
}

#[test]
fn released_calls_free_concurrent_slots() {
    let mut b = buyer(1);
    b.caps = cap_of(Kind::Concurrent, 1);
    let s = snapshot(campaign(), vec![b], vec![terms(1, 5, 1)]);
    let c = MemoryCounters::new();
    let mut d = route_at(&s, &c, tuesday(), 1);
    assert!(d.acquire(&c, tuesday()).is_some());
    assert_eq!(
        no_route_reason(&route_at(&s, &c, tuesday(), 2)),
        "no eligible buyer"
    );
    assert!(c.release(&d.call_sid));
    assert_eq!(route_at(&s, &c, tuesday(), 3).outcome, Outcome::Routed);
}

#[test]
fn windows_roll_over() {
    let mut t = terms(1, 5, 1);
    t.caps = Caps {
        hourly: Some(1),
        ..Caps::default()
    };
    let mut b = buyer(1);
    b.caps = Caps {
        monthly: Some(2),
        ..Caps::default()
    };
    let s = snapshot(campaign(), vec![b], vec![t]);
    let c = MemoryCounters::new();
    take(&s, &c, 1, ts("2026-11-30T10:59:00Z"), false);
    assert!(skip_reason(&route_at(&s, &c, ts("2026-11-30T10:59:59Z"), 1), 1).contains("hourly"));
    take(&s, &c, 1, ts("2026-11-30T11:00:00Z"), false);
    let d = route_at(&s, &c, ts("2026-11-30T12:00:00Z"), 1);
    assert_eq!(skip_reason(&d, 1), "monthly cap 2/2 (buyer)");
    take(&s, &c, 1, ts("2026-12-01T00:00:00Z"), false);
}

#[test]
fn buyer_caps_count_calls_from_every_campaign() {
    let mut b = buyer(1);
    b.caps = cap_of(Kind::Daily, 1);
    let mut other = campaign();
    other.id = "c-2".into();
    let mut other_terms = terms(1, 5, 1);
    other_terms.campaign_id = "c-2".into();
    let second = NumberRow {
        id: domain::NumberId(2),
        phone_number: "+15550002222".into(),
        campaign_id: Some("c-2".into()),
        ..number()
    };
    let s = Snapshot::build(
        vec![number(), second],
        vec![campaign(), other],
        vec![b],
        vec![terms(1, 5, 1), other_terms],
    );
    let c = MemoryCounters::new();
    take(&s, &c, 1, tuesday(), false);
    let mut on_other = call("CA-2", "+15550000009");
    on_other.to = "+15550002222".into();
    let d = route(&s, &c, &on_other, tuesday(), 1);
    assert_eq!(d.campaign_id.as_deref(), Some("c-2"));
    assert_eq!(skip_reason(&d, 1), "daily cap 1/1 (buyer)");
}

#[test]
fn campaign_caps_count_in_the_campaigns_zone() {
    let mut camp = campaign();
    camp.time_zone = "Asia/Tokyo".into();
    camp.caps = cap_of(Kind::Daily, 1);
    let s = snapshot(camp, vec![buyer(1)], vec![terms(1, 5, 1)]);
    let c = MemoryCounters::new();
    // 23:00 in Tokyo, then midnight: a new campaign day (still the same UTC day).
    take(&s, &c, 1, ts("2026-11-24T14:00:00Z"), false);
    assert!(no_route_reason(&route_at(&s, &c, ts("2026-11-24T14:59:00Z"), 1)).contains("daily"));
    take(&s, &c, 1, ts("2026-11-24T15:00:00Z"), false);
}

#[test]
fn a_cap_filled_between_route_and_acquire_moves_to_the_next_buyer() {
    let mut t = terms(1, 9, 1);
    t.caps = cap_of(Kind::Daily, 1);
    let s = snapshot(
        campaign(),
        vec![buyer(1), buyer(2)],
        vec![t, terms(2, 1, 1)],
    );
    let c = MemoryCounters::new();
    let mut first = route_at(&s, &c, tuesday(), 1);
    let mut second = route_at(&s, &c, tuesday(), 2);
    assert_eq!(order(&second), vec![1, 2], "both saw room");
    assert_eq!(first.acquire(&c, tuesday()).map(|c| c.buyer_id.0), Some(1));
    assert_eq!(second.acquire(&c, tuesday()).map(|c| c.buyer_id.0), Some(2));
    let lost = &second.trace[0];
    assert_eq!((lost.buyer_id.0, lost.result), (1, TraceResult::Skipped));
    assert_eq!(
        lost.reason.as_deref(),
        Some("reached a cap while acquiring")
    );
}

#[test]
fn each_cap_is_checked_against_its_own_count() {
    // Capped and uncapped windows mixed over the campaign and two buyers:
    // only capped ones are read, and each must meet its own count.
    let mut camp = campaign();
    camp.caps = Caps {
        daily: Some(100),
        ..Caps::default()
    };
    let mut first_terms = terms(1, 9, 1);
    first_terms.caps = Caps {
        hourly: Some(50),
        ..Caps::default()
    };
    let mut first = buyer(1);
    first.caps = Caps {
        monthly: Some(2),
        ..Caps::default()
    };
    let mut second_terms = terms(2, 1, 1);
    second_terms.caps = Caps {
        concurrent: Some(1),
        daily: Some(2),
        ..Caps::default()
    };
    let s = snapshot(camp, vec![first, buyer(2)], vec![first_terms, second_terms]);
    let c = MemoryCounters::new();
    take(&s, &c, 2, tuesday(), false);
    let d = route_at(&s, &c, tuesday(), 9);
    assert_eq!(skip_reason(&d, 1), "monthly cap 2/2 (buyer)");
    assert_eq!(order(&d), vec![2], "the second buyer has room");
    take(&s, &c, 2, tuesday(), false);
    let d = route_at(&s, &c, tuesday(), 9);
    assert_eq!(skip_reason(&d, 2), "daily cap 2/2 (campaign-buyer)");
    assert_eq!(no_route_reason(&d), "no eligible buyer");
}
