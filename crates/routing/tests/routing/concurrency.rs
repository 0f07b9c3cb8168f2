//! Caps are never exceeded, not even by one, when 200 calls race: route
//! reads counts without locking, and the atomic acquire settles who wins.

use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use routing::{Caps, Counters, MemoryCounters, Outcome, Scope, Snapshot, Window, route};

use crate::common::*;

const THREADS: usize = 200;
const ROUNDS: usize = 5;

/// Keeps the highest value `in_flight` reached.
fn enter(in_flight: &AtomicUsize, peak: &AtomicUsize) {
    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    peak.fetch_max(now, Ordering::SeqCst);
}

#[test]
fn daily_cap_50_and_concurrent_cap_10_hold_under_200_threads() {
    let mut b = buyer(1);
    b.caps = Caps {
        concurrent: Some(10),
        daily: Some(50),
        ..Caps::default()
    };
    let s = snapshot(campaign(), vec![b], vec![terms(1, 5, 1)]);
    for round in 0..ROUNDS {
        let c = MemoryCounters::new();
        let (acquired, in_flight, peak) = (
            AtomicUsize::new(0),
            AtomicUsize::new(0),
            AtomicUsize::new(0),
        );
        let start = Barrier::new(THREADS);
        let seq = AtomicU64::new(0);
        thread::scope(|scope| {
            for t in 0..THREADS {
                let (s, c, start, seq) = (&s, &c, &start, &seq);
                let (acquired, in_flight, peak) = (&acquired, &in_flight, &peak);
                scope.spawn(move || {
                    start.wait();
                    for _ in 0..1_000_000 {
                        let n = seq.fetch_add(1, Ordering::Relaxed);
                        let incoming = call(&format!("CA{t}-{n}"), &format!("+1555{n:07}"));
                        let mut d = route(s, c, &incoming, tuesday(), n);
                        if let Outcome::NoRoute(_) = d.outcome {
                            if d.trace.iter().any(|e| {
                                e.reason.as_deref().is_some_and(|r| r.contains("daily cap"))
                            }) {
                                return;
                            }
                            thread::yield_now();
                            continue;
                        }
                        if d.acquire(c, tuesday()).is_some() {
                            enter(in_flight, peak);
                            acquired.fetch_add(1, Ordering::SeqCst);
                            thread::sleep(Duration::from_micros(300));
                            in_flight.fetch_sub(1, Ordering::SeqCst);
                            assert!(c.release(&d.call_sid));
                        }
                    }
                    panic!("thread {t} never saw the daily cap");
                });
            }
        });
        assert_eq!(acquired.load(Ordering::SeqCst), 50, "round {round}");
        assert!(
            peak.load(Ordering::SeqCst) <= 10,
            "round {round}: peak {peak:?}"
        );
        let [_, day, _] = routing::buckets(&jiff::tz::TimeZone::UTC, tuesday());
        assert_eq!(c.count(&Scope::Buyer(BuyerId(1)), day), 50);
        assert_eq!(c.count(&Scope::Buyer(BuyerId(1)), Window::Concurrent), 0);
    }
}

/// 200 calls at once, one attempt each; returns how many got a buyer.
fn burst(s: &Snapshot, c: &MemoryCounters, release: bool) -> usize {
    let acquired = AtomicUsize::new(0);
    let start = Barrier::new(THREADS);
    thread::scope(|scope| {
        for t in 0..THREADS {
            let (acquired, start) = (&acquired, &start);
            scope.spawn(move || {
                start.wait();
                let mut d = route(
                    s,
                    c,
                    &call(&format!("CA{t}"), &format!("+1555{t:07}")),
                    tuesday(),
                    t as u64,
                );
                if d.acquire(c, tuesday()).is_some() {
                    acquired.fetch_add(1, Ordering::SeqCst);
                    if release {
                        c.release(&d.call_sid);
                    }
                }
            });
        }
    });
    acquired.into_inner()
}

#[test]
fn a_burst_of_200_fills_a_concurrent_cap_exactly() {
    let mut b = buyer(1);
    b.caps = Caps {
        concurrent: Some(10),
        ..Caps::default()
    };
    let s = snapshot(campaign(), vec![b], vec![terms(1, 5, 1)]);
    for _ in 0..ROUNDS {
        let c = MemoryCounters::new();
        assert_eq!(burst(&s, &c, false), 10);
        assert_eq!(c.count(&Scope::Buyer(BuyerId(1)), Window::Concurrent), 10);
    }
}

#[test]
fn a_burst_of_200_fills_campaign_caps_exactly_across_buyers() {
    let mut daily = campaign();
    daily.caps = Caps {
        daily: Some(50),
        ..Caps::default()
    };
    let mut concurrent = campaign();
    concurrent.caps = Caps {
        concurrent: Some(10),
        ..Caps::default()
    };
    concurrent.strategy = "weighted".into();
    for (camp, release, expected) in [(daily, true, 50), (concurrent, false, 10)] {
        let s = snapshot(
            camp,
            vec![buyer(1), buyer(2), buyer(3)],
            vec![terms(1, 5, 1), terms(2, 5, 2), terms(3, 5, 3)],
        );
        for _ in 0..ROUNDS {
            let c = MemoryCounters::new();
            assert_eq!(burst(&s, &c, release), expected);
        }
    }
}

#[test]
fn a_burst_of_200_fills_a_campaign_buyer_daily_cap_then_falls_back() {
    let mut t = terms(1, 10, 1);
    t.caps = Caps {
        daily: Some(50),
        ..Caps::default()
    };
    let s = snapshot(
        campaign(),
        vec![buyer(1), buyer(2)],
        vec![t, terms(2, 1, 1)],
    );
    for _ in 0..ROUNDS {
        let c = MemoryCounters::new();
        assert_eq!(
            burst(&s, &c, true),
            THREADS,
            "the second buyer takes the rest"
        );
        let [_, day, _] = routing::buckets(&jiff::tz::TimeZone::UTC, tuesday());
        assert_eq!(
            c.count(&Scope::CampaignBuyer(CAMPAIGN.into(), BuyerId(1)), day),
            50
        );
        assert_eq!(c.count(&Scope::Buyer(BuyerId(2)), day), 150);
    }
}
