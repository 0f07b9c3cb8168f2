//! Numbers and campaigns that do not route, and buyers skipped for their
//! status: each with its reason.

use routing::{MemoryCounters, NumberRow, Outcome, Snapshot, TraceResult, route};

use crate::common::*;

fn routed_to(s: &Snapshot, to: &str) -> routing::Decision {
    let mut c = call("CA1", "+15557654321");
    c.to = to.into();
    route(s, &MemoryCounters::new(), &c, tuesday(), 1)
}

fn one_buyer() -> Snapshot {
    snapshot(campaign(), vec![buyer(1)], vec![terms(1, 5, 1)])
}

#[test]
fn unknown_numbers_do_not_route() {
    let d = routed_to(&one_buyer(), "+19999999999");
    assert_eq!(no_route_reason(&d), "unknown number");
    assert_eq!((d.account, d.campaign_id.as_deref()), (None, None));
    assert!(d.trace.is_empty() && !d.paid);
}

#[test]
fn inactive_or_unassigned_numbers_do_not_route() {
    for (status, campaign_id, reason) in [
        ("inactive", Some(CAMPAIGN), "number inactive"),
        ("suspended", Some(CAMPAIGN), "number suspended"),
        ("active", None, "number not assigned to a campaign"),
    ] {
        let n = NumberRow {
            status: status.into(),
            campaign_id: campaign_id.map(Into::into),
            ..number()
        };
        let s = Snapshot::build(
            vec![n],
            vec![campaign()],
            vec![buyer(1)],
            vec![terms(1, 5, 1)],
        );
        let d = routed_to(&s, NUMBER);
        assert_eq!(no_route_reason(&d), reason);
        assert_eq!(
            d.account,
            Some(ACCOUNT),
            "the owner is known for the call log"
        );
    }
}

#[test]
fn pool_numbers_route_to_the_campaign_they_are_allocated_to() {
    let n = NumberRow {
        pool_id: Some(domain::PoolId(3)),
        phone_number: " +15550003333 ".into(),
        ..number()
    };
    let s = Snapshot::build(
        vec![n],
        vec![campaign()],
        vec![buyer(1)],
        vec![terms(1, 5, 1)],
    );
    let d = routed_to(&s, "+15550003333");
    assert_eq!(d.outcome, Outcome::Routed);
    assert_eq!(d.campaign_id.as_deref(), Some(CAMPAIGN));
}

#[test]
fn campaigns_that_are_not_active_do_not_route() {
    for status in ["paused", "draft", "completed"] {
        let mut camp = campaign();
        camp.status = status.into();
        let d = routed_to(
            &snapshot(camp, vec![buyer(1)], vec![terms(1, 5, 1)]),
            NUMBER,
        );
        assert_eq!(no_route_reason(&d), format!("campaign {status}"));
    }
    let s = Snapshot::build(vec![number()], vec![], vec![buyer(1)], vec![]);
    assert_eq!(
        no_route_reason(&routed_to(&s, NUMBER)),
        "campaign not found"
    );
    let d = routed_to(&snapshot(campaign(), vec![], vec![]), NUMBER);
    assert_eq!(no_route_reason(&d), "campaign has no buyers");
}

#[test]
fn another_accounts_campaign_or_buyer_is_never_used() {
    let mut camp = campaign();
    camp.account = AccountId(ACCOUNT.0 + 1);
    let d = routed_to(
        &snapshot(camp, vec![buyer(1)], vec![terms(1, 5, 1)]),
        NUMBER,
    );
    assert_eq!(
        no_route_reason(&d),
        "number and campaign belong to different accounts"
    );
    let mut foreign = buyer(2);
    foreign.account = AccountId(ACCOUNT.0 + 1);
    let s = snapshot(
        campaign(),
        vec![buyer(1), foreign],
        vec![terms(1, 5, 1), terms(2, 9, 1)],
    );
    let d = routed_to(&s, NUMBER);
    assert_eq!(skip_reason(&d, 2), "buyer belongs to another account");
    assert_eq!(order(&d), vec![1]);
}

#[test]
fn no_eligible_buyer_still_traces_every_buyer() {
    let mut inactive = buyer(1);
    inactive.status = "inactive".into();
    let mut paused = buyer(2);
    paused.status = "paused".into();
    let mut off_campaign = terms(3, 5, 1);
    off_campaign.status = "paused".into();
    let s = snapshot(
        campaign(),
        vec![inactive, paused, buyer(3)],
        vec![terms(1, 5, 1), terms(2, 5, 1), off_campaign, terms(4, 5, 1)],
    );
    let d = routed_to(&s, NUMBER);
    assert_eq!(no_route_reason(&d), "no eligible buyer");
    assert_eq!(d.trace.len(), 4);
    assert_eq!(skip_reason(&d, 1), "buyer inactive");
    assert_eq!(skip_reason(&d, 2), "buyer paused");
    assert_eq!(skip_reason(&d, 3), "paused on campaign");
    assert_eq!(skip_reason(&d, 4), "buyer not found");
    assert_eq!(d.account, Some(ACCOUNT));
}

#[test]
fn the_trace_lists_eligible_buyers_in_order_then_skipped_ones() {
    let mut paused = buyer(2);
    paused.status = "paused".into();
    let s = snapshot(
        campaign(),
        vec![buyer(1), paused, buyer(3)],
        vec![terms(1, 4, 1), terms(2, 10, 1), terms(3, 8, 1)],
    );
    let d = routed_to(&s, NUMBER);
    let trace: Vec<(i64, TraceResult)> = d.trace.iter().map(|t| (t.buyer_id.0, t.result)).collect();
    assert_eq!(
        trace,
        vec![
            (3, TraceResult::Eligible),
            (1, TraceResult::Eligible),
            (2, TraceResult::Skipped)
        ]
    );
    let c = &d.candidates[0];
    assert_eq!((c.number.as_str(), c.timeout_secs), ("+15551000003", 30));
    assert_eq!(c.payout, domain::Money(25_0000));
    assert_eq!(c.limits.len(), 8, "4 windows x pair and buyer");
    assert_eq!(d.campaign_limits.len(), 4, "4 windows, shared");
}
