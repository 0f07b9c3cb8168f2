//! Duplicate callers: the same caller to the same campaign inside the
//! campaign's window is routed unpaid or rejected.

use jiff::Timestamp;
use routing::{Decision, MemoryCounters, Outcome, Snapshot, TraceResult, route};

use crate::common::*;

const CALLER: &str = "+15557654321";

fn with_window(secs: i64, action: &str) -> Snapshot {
    let mut camp = campaign();
    camp.duplicate_window_secs = secs;
    camp.duplicate_action = action.into();
    snapshot(camp, vec![buyer(1)], vec![terms(1, 5, 1)])
}

/// Route and acquire a call from `from` at `now`.
fn dial(s: &Snapshot, c: &MemoryCounters, sid: &str, from: &str, now: Timestamp) -> Decision {
    let mut d = route(s, c, &call(sid, from), now, 1);
    d.acquire(c, now);
    d
}

#[test]
fn repeat_calls_inside_the_window_route_unpaid() {
    let s = with_window(3600, "route_unpaid");
    let c = MemoryCounters::new();
    let t0 = ts("2026-11-24T15:00:00Z");
    let first = dial(&s, &c, "CA1", CALLER, t0);
    assert!(first.paid && !first.duplicate);
    let again = dial(&s, &c, "CA2", CALLER, ts("2026-11-24T15:59:59Z"));
    assert_eq!(again.outcome, Outcome::Routed);
    assert!(again.duplicate && !again.paid);
    assert!(again.selected().is_some(), "routed although unpaid");
    assert!(again.notes.iter().any(|n| n.contains("duplicate caller")));
    let other = dial(&s, &c, "CA3", "+15550009999", ts("2026-11-24T15:30:00Z"));
    assert!(other.paid, "another caller is not a duplicate");
    // The window runs from the last paid call, so an hour after it the
    // caller is new again.
    let later = dial(&s, &c, "CA4", CALLER, ts("2026-11-24T16:00:00Z"));
    assert!(later.paid && !later.duplicate);
}

#[test]
fn repeat_calls_inside_the_window_are_rejected_by_setting() {
    let s = with_window(600, "reject");
    let c = MemoryCounters::new();
    let t0 = ts("2026-11-24T15:00:00Z");
    assert!(dial(&s, &c, "CA1", CALLER, t0).paid);
    let again = dial(&s, &c, "CA2", CALLER, ts("2026-11-24T15:05:00Z"));
    match &again.outcome {
        Outcome::Rejected(reason) => assert!(reason.starts_with("duplicate caller"), "{reason}"),
        other => panic!("expected a rejection, got {other:?}"),
    }
    assert!(again.duplicate && !again.paid && again.candidates.is_empty());
    let after = dial(&s, &c, "CA3", CALLER, ts("2026-11-24T15:10:00Z"));
    assert_eq!(after.outcome, Outcome::Routed);
    assert!(after.paid);
}

#[test]
fn calls_that_did_not_route_do_not_start_a_window() {
    let mut camp = campaign();
    camp.duplicate_window_secs = 3600;
    let mut b = buyer(1);
    b.status = "paused".into();
    let paused = snapshot(camp.clone(), vec![b], vec![terms(1, 5, 1)]);
    let c = MemoryCounters::new();
    let missed = dial(&paused, &c, "CA1", CALLER, tuesday());
    assert_eq!(no_route_reason(&missed), "no eligible buyer");
    let live = snapshot(camp, vec![buyer(1)], vec![terms(1, 5, 1)]);
    assert!(dial(&live, &c, "CA2", CALLER, tuesday()).paid);
}

#[test]
fn a_zero_window_and_withheld_numbers_are_never_duplicates() {
    let off = with_window(0, "reject");
    let c = MemoryCounters::new();
    for i in 0..3 {
        assert!(dial(&off, &c, &format!("CA{i}"), CALLER, tuesday()).paid);
    }
    let on = with_window(3600, "reject");
    for (i, anonymous) in ["anonymous", "", "+266696687", "+266696687"]
        .iter()
        .enumerate()
    {
        let d = dial(&on, &c, &format!("CB{i}"), anonymous, tuesday());
        assert_eq!(d.outcome, Outcome::Routed, "{anonymous:?}");
    }
}

#[test]
fn simultaneous_calls_from_one_caller_pay_once() {
    let s = with_window(3600, "route_unpaid");
    let c = MemoryCounters::new();
    let mut a = route(&s, &c, &call("CA1", CALLER), tuesday(), 1);
    let mut b = route(&s, &c, &call("CA2", CALLER), tuesday(), 2);
    assert!(a.paid && b.paid, "neither saw the other when routing");
    a.acquire(&c, tuesday());
    b.acquire(&c, tuesday());
    assert!(a.paid);
    assert!(b.duplicate && !b.paid && b.selected().is_some());

    let s = with_window(3600, "reject");
    let c = MemoryCounters::new();
    let mut a = route(&s, &c, &call("CA1", CALLER), tuesday(), 1);
    let mut b = route(&s, &c, &call("CA2", CALLER), tuesday(), 2);
    a.acquire(&c, tuesday());
    assert!(b.acquire(&c, tuesday()).is_none());
    assert!(matches!(b.outcome, Outcome::Rejected(_)));
    assert_eq!(b.trace[0].result, TraceResult::Skipped);
    assert_eq!(c.leases(), 1, "the rejected call gave its slot back");
}
