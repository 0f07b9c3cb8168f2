//! Business hours in the buyer's zone, holidays, breaks, DST days, and
//! buyers whose configuration cannot be read.

use routing::{Caps, Counters, MemoryCounters, Outcome, TraceResult, route};

use crate::common::*;

/// A New York buyer open 09:00-17:00 every day, closed on Christmas,
/// with a lunch break on Mondays.
fn ny_buyer(id: i64) -> routing::BuyerRow {
    let mut b = buyer(id);
    b.time_zone = "America/New_York".into();
    let day = r#"[{"start":"09:00","end":"17:00"}]"#;
    b.schedule = format!(
        r#"{{"enabled":true,"hours":{{"mon":{day},"tue":{day},"wed":{day},"thu":{day},"fri":{day},"sat":{day},"sun":{day}}},
            "holidays":["2026-12-25"],"breaks":[{{"days":["mon"],"start":"12:00","end":"13:00"}}]}}"#
    );
    b
}

fn with_ny_buyer() -> routing::Snapshot {
    snapshot(
        campaign(),
        vec![ny_buyer(1), buyer(2)],
        vec![terms(1, 10, 1), terms(2, 1, 1)],
    )
}

fn eligible(d: &routing::Decision, id: i64) -> bool {
    d.trace
        .iter()
        .any(|t| t.buyer_id == domain::BuyerId(id) && t.result == TraceResult::Eligible)
}

#[test]
fn closed_hours_are_read_in_the_buyers_zone() {
    let s = with_ny_buyer();
    let c = MemoryCounters::new();
    // Tuesday 2026-11-24 13:30 UTC is 08:30 in New York.
    let d = route_at(&s, &c, ts("2026-11-24T13:30:00Z"), 1);
    assert_eq!(
        skip_reason(&d, 1),
        "outside schedule (Tue 2026-11-24 08:30 America/New_York)"
    );
    assert_eq!(order(&d), vec![2], "the always-open buyer still routes");
    let d = route_at(&s, &c, ts("2026-11-24T14:00:00Z"), 1);
    assert_eq!(order(&d), vec![1, 2]);
}

#[test]
fn dst_end_day_opens_at_nine_local() {
    let s = with_ny_buyer();
    let c = MemoryCounters::new();
    // Sunday 2026-11-01: clocks fall back at 02:00; 09:00 EST is 14:00 UTC.
    assert!(!eligible(
        &route_at(&s, &c, ts("2026-11-01T13:30:00Z"), 1),
        1
    ));
    assert!(eligible(
        &route_at(&s, &c, ts("2026-11-01T14:00:00Z"), 1),
        1
    ));
    // The Friday before, still EDT: 09:00 is 13:00 UTC.
    assert!(eligible(
        &route_at(&s, &c, ts("2026-10-30T13:00:00Z"), 1),
        1
    ));
    // 17:00 EST closes at 22:00 UTC.
    assert!(eligible(
        &route_at(&s, &c, ts("2026-11-01T21:59:00Z"), 1),
        1
    ));
    assert!(!eligible(
        &route_at(&s, &c, ts("2026-11-01T22:00:00Z"), 1),
        1
    ));
}

#[test]
fn dst_start_day_opens_an_hour_earlier_in_utc() {
    let s = with_ny_buyer();
    let c = MemoryCounters::new();
    // Sunday 2026-03-08: clocks spring forward; 09:00 EDT is 13:00 UTC.
    assert!(!eligible(
        &route_at(&s, &c, ts("2026-03-08T12:59:00Z"), 1),
        1
    ));
    let d = route_at(&s, &c, ts("2026-03-08T13:00:00Z"), 1);
    assert!(eligible(&d, 1), "{:?}", d.trace);
}

#[test]
fn holidays_and_breaks_close_the_buyer() {
    let s = with_ny_buyer();
    let c = MemoryCounters::new();
    let d = route_at(&s, &c, ts("2026-12-25T16:00:00Z"), 1);
    assert!(skip_reason(&d, 1).starts_with("outside schedule (Fri 2026-12-25"));
    // Monday 2026-11-23 12:30 EST is the lunch break.
    let d = route_at(&s, &c, ts("2026-11-23T17:30:00Z"), 1);
    assert!(skip_reason(&d, 1).contains("12:30"));
    let d = route_at(&s, &c, ts("2026-11-24T17:30:00Z"), 1);
    assert!(eligible(&d, 1), "no break on Tuesday");
}

#[test]
fn daily_caps_follow_the_buyers_local_day_across_dst() {
    let mut b = buyer(1);
    b.time_zone = "America/New_York".into();
    b.caps = Caps {
        daily: Some(2),
        ..Caps::default()
    };
    let s = snapshot(campaign(), vec![b], vec![terms(1, 5, 1)]);
    let c = MemoryCounters::new();
    // 00:30 EDT and 23:30 EST of the 25-hour day 2026-11-01.
    for (i, at) in ["2026-11-01T04:30:00Z", "2026-11-02T04:30:00Z"]
        .iter()
        .enumerate()
    {
        let mut d = route(&s, &c, &call(&format!("CA{i}"), "+15550000001"), ts(at), 1);
        assert!(d.acquire(&c, ts(at)).is_some(), "{at}");
        c.release(&d.call_sid);
    }
    let d = route_at(&s, &c, ts("2026-11-02T04:59:00Z"), 1);
    assert_eq!(skip_reason(&d, 1), "daily cap 2/2 (buyer)");
    let d = route_at(&s, &c, ts("2026-11-02T05:00:00Z"), 1);
    assert_eq!(order(&d), vec![1], "a new local day starts at 00:00 EST");
}

#[test]
fn unreadable_configuration_skips_the_buyer() {
    let mut bad_zone = buyer(1);
    bad_zone.time_zone = "Mars/Olympus".into();
    let mut bad_schedule = buyer(2);
    bad_schedule.schedule = "{not json".into();
    let s = snapshot(
        campaign(),
        vec![bad_zone, bad_schedule, buyer(3)],
        vec![terms(1, 5, 1), terms(2, 5, 1), terms(3, 5, 1)],
    );
    let d = route_at(&s, &MemoryCounters::new(), tuesday(), 1);
    assert!(skip_reason(&d, 1).starts_with("configuration problem: time zone"));
    assert!(skip_reason(&d, 2).starts_with("configuration problem: schedule"));
    assert_eq!(d.outcome, Outcome::Routed);
    assert_eq!(order(&d), vec![3]);
}
