//! Priority, round robin and weighted ordering.

use std::collections::HashMap;

use routing::{MemoryCounters, Outcome};

use crate::common::*;

#[test]
fn priority_puts_10_first_and_the_rest_in_order() {
    let s = snapshot(
        campaign(),
        vec![buyer(1), buyer(2), buyer(3)],
        vec![terms(1, 3, 1), terms(2, 10, 1), terms(3, 7, 1)],
    );
    let c = MemoryCounters::new();
    for seed in 0..20 {
        let d = route_at(&s, &c, tuesday(), seed);
        assert_eq!(d.outcome, Outcome::Routed);
        assert_eq!(order(&d), vec![2, 3, 1]);
    }
}

#[test]
fn equal_priorities_share_first_place_fairly() {
    let s = snapshot(
        campaign(),
        vec![buyer(1), buyer(2), buyer(3), buyer(4)],
        vec![
            terms(1, 8, 1),
            terms(2, 8, 1),
            terms(3, 8, 1),
            terms(4, 2, 1),
        ],
    );
    let c = MemoryCounters::new();
    let mut first = HashMap::new();
    for seed in 0..3000 {
        let d = route_at(&s, &c, tuesday(), seed);
        let o = order(&d);
        assert_eq!(o[3], 4, "lower priority always last");
        *first.entry(o[0]).or_insert(0) += 1;
    }
    for id in 1..=3 {
        let n = first[&id];
        assert!((900..=1100).contains(&n), "buyer {id} first {n} of 3000");
    }
}

#[test]
fn the_same_seed_gives_the_same_order() {
    let s = snapshot(
        campaign(),
        (1..=6).map(buyer).collect(),
        (1..=6).map(|id| terms(id, 5, 1)).collect(),
    );
    let c = MemoryCounters::new();
    let a = order(&route_at(&s, &c, tuesday(), 42));
    let b = order(&route_at(&s, &c, tuesday(), 42));
    assert_eq!(a, b);
    let others: Vec<_> = (0..10)
        .map(|seed| order(&route_at(&s, &c, tuesday(), seed)))
        .collect();
    assert!(others.iter().any(|o| *o != a), "seeds change the order");
}

#[test]
fn round_robin_cycles_through_eligible_buyers() {
    let mut camp = campaign();
    camp.strategy = "round_robin".into();
    let s = snapshot(
        camp,
        vec![buyer(1), buyer(2), buyer(3)],
        vec![terms(1, 5, 1), terms(2, 9, 1), terms(3, 5, 1)],
    );
    let c = MemoryCounters::new();
    let firsts: Vec<i64> = (0..7)
        .map(|seed| order(&route_at(&s, &c, tuesday(), seed))[0])
        .collect();
    // Base order: priority 9 (buyer 2), then buyers 1 and 3.
    assert_eq!(firsts, vec![2, 1, 3, 2, 1, 3, 2]);
    let d = route_at(&s, &c, tuesday(), 0);
    assert_eq!(order(&d), vec![1, 3, 2], "the rest follow in turn");
}

#[test]
fn weighted_choice_follows_the_weights() {
    let mut camp = campaign();
    camp.strategy = "weighted".into();
    let s = snapshot(
        camp,
        vec![buyer(1), buyer(2), buyer(3)],
        vec![terms(1, 5, 10), terms(2, 5, 30), terms(3, 5, 60)],
    );
    let c = MemoryCounters::new();
    let mut first = HashMap::new();
    for seed in 0..10_000u64 {
        let d = route_at(&s, &c, tuesday(), seed.wrapping_mul(0x9E37_79B9));
        assert_eq!(d.candidates.len(), 3, "everyone stays a fallback");
        *first.entry(order(&d)[0]).or_insert(0u32) += 1;
    }
    for (id, expected) in [(1, 1000), (2, 3000), (3, 6000)] {
        let n = first[&id] as i32;
        assert!(
            (n - expected).abs() <= expected / 10 + 60,
            "buyer {id}: {n} firsts, expected about {expected}"
        );
    }
}
