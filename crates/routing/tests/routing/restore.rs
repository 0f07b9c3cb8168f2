//! Counters rebuilt from stored calls: what a restart must not forget.

use routing::restore::{OpenCall, RecentCaller, RoutedSlice, rebuild};
use routing::{Counters, MemoryCounters, Scope, Window, buckets};

use crate::common::*;

fn slice(buyer: i64, at: &str, calls: u64) -> RoutedSlice {
    RoutedSlice {
        campaign_id: Some(CAMPAIGN.into()),
        buyer_id: Some(domain::BuyerId(buyer)),
        rtb_target_id: None,
        quarter: ts(at).as_millisecond() / 900_000,
        calls,
    }
}

#[test]
fn only_the_current_windows_of_each_zone_are_counted_again() {
    let mut c = campaign();
    c.time_zone = "America/New_York".into();
    let mut b = buyer(1);
    b.time_zone = "Asia/Kolkata".into();
    let s = snapshot(c, vec![b], vec![terms(1, 5, 1)]);
    // 15:00 UTC: 10:00 in New York, 20:30 in Kolkata.
    let now = ts("2026-11-24T15:10:00Z");
    let slices = [
        slice(1, "2026-11-24T15:00:00Z", 3), // this hour everywhere
        slice(1, "2026-11-24T14:45:00Z", 2), // New York's hour 9; Kolkata's 20:15 hour
        slice(1, "2026-11-24T04:00:00Z", 4), // New York's day before (23:00); Kolkata's today
        slice(1, "2026-10-31T12:00:00Z", 9), // last month everywhere
    ];
    let r = rebuild(&s, now, &[], &slices, &[], vec![]);
    let counters = MemoryCounters::new();
    counters.restore(r);
    let campaign = Scope::Campaign(CAMPAIGN.into());
    let [hour, day, month] = buckets(&jiff::tz::TimeZone::get("America/New_York").unwrap(), now);
    assert_eq!(counters.count(&campaign, hour), 3);
    assert_eq!(counters.count(&campaign, day), 5);
    assert_eq!(counters.count(&campaign, month), 9);
    let [hour, day, month] = buckets(&jiff::tz::TimeZone::get("Asia/Kolkata").unwrap(), now);
    // Kolkata's hour started at 14:30 UTC: both the 14:45 and 15:00 slices.
    assert_eq!(counters.count(&Scope::Buyer(BuyerId(1)), hour), 5);
    assert_eq!(counters.count(&Scope::Buyer(BuyerId(1)), day), 9);
    assert_eq!(counters.count(&Scope::Buyer(BuyerId(1)), month), 9);
    assert_eq!(
        counters.count(&Scope::CampaignBuyer(CAMPAIGN.into(), BuyerId(1)), day),
        9
    );
}

#[test]
fn open_calls_hold_their_slots_until_released() {
    let s = snapshot(campaign(), vec![buyer(1)], vec![terms(1, 5, 1)]);
    let now = tuesday();
    let open = [OpenCall {
        call_sid: "CAopen".into(),
        campaign_id: Some(CAMPAIGN.into()),
        buyer_id: Some(domain::BuyerId(1)),
        rtb_target_id: None,
        created_at: now.as_millisecond() - 60_000,
    }];
    let bidder = [OpenCall {
        call_sid: "CAbid".into(),
        campaign_id: Some(CAMPAIGN.into()),
        buyer_id: None,
        rtb_target_id: Some(domain::RtbTargetId(44)),
        created_at: now.as_millisecond() - 60_000,
    }];
    let all: Vec<OpenCall> = open.iter().chain(&bidder).cloned().collect();
    let counters = MemoryCounters::new();
    counters.restore(rebuild(&s, now, &all, &[], &[], vec![]));
    assert_eq!(
        counters.count(&Scope::Buyer(BuyerId(1)), Window::Concurrent),
        1
    );
    assert_eq!(
        counters.count(&Scope::Campaign(CAMPAIGN.into()), Window::Concurrent),
        1
    );
    assert_eq!(
        counters.count(&Scope::RtbTarget(RtbTargetId(44)), Window::Concurrent),
        1
    );
    assert!(counters.release(&"CAopen".into()));
    assert!(counters.release(&"CAbid".into()));
    assert_eq!(
        counters.count(&Scope::Buyer(BuyerId(1)), Window::Concurrent),
        0
    );
    assert_eq!(
        counters.count(&Scope::RtbTarget(RtbTargetId(44)), Window::Concurrent),
        0
    );
}

#[test]
fn recent_callers_inside_the_window_are_duplicates_again() {
    let mut c = campaign();
    c.duplicate_window_secs = 3600;
    let s = snapshot(c, vec![buyer(1)], vec![terms(1, 5, 1)]);
    let now = tuesday();
    let callers = [
        RecentCaller {
            campaign_id: CAMPAIGN.into(),
            caller: "+13105550100".into(),
            at: now.as_millisecond() - 600_000,
        },
        RecentCaller {
            campaign_id: CAMPAIGN.into(),
            caller: "+13105550101".into(),
            at: now.as_millisecond() - 7_200_000,
        },
    ];
    let counters = MemoryCounters::new();
    counters.restore(rebuild(
        &s,
        now,
        &[],
        &[],
        &callers,
        vec![(CAMPAIGN.into(), 7)],
    ));
    assert!(
        counters
            .last_call(&CAMPAIGN.into(), "+13105550100")
            .is_some()
    );
    assert!(
        counters
            .last_call(&CAMPAIGN.into(), "+13105550101")
            .is_none(),
        "window over"
    );
    assert_eq!(counters.peek_turn(&CAMPAIGN.into()), 7);
}
