//! Fixtures: a small account with one campaign on one number, buyers
//! added per test, and helpers to route calls.

pub use domain::{AccountId, BuyerId, NumberId, RtbTargetId};
use jiff::Timestamp;
use routing::{
    BuyerRow, CampaignBuyerRow, CampaignRow, Caps, Decision, IncomingCall, MemoryCounters,
    NumberRow, Outcome, Snapshot, TraceResult, route,
};

pub const ACCOUNT: AccountId = AccountId(7);
pub const NUMBER: &str = "+15550001111";
pub const CAMPAIGN: &str = "c-1";

pub fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// Tuesday 2026-11-24 15:00 UTC (10:00 in New York).
pub fn tuesday() -> Timestamp {
    ts("2026-11-24T15:00:00Z")
}

pub fn campaign() -> CampaignRow {
    CampaignRow {
        id: CAMPAIGN.into(),
        account: ACCOUNT,
        name: "Medicare".into(),
        kind: "direct".into(),
        status: "active".into(),
        strategy: "priority".into(),
        caps: Caps::default(),
        time_zone: "UTC".into(),
        duplicate_window_secs: 0,
        duplicate_action: "route_unpaid".into(),
        min_duration_secs: 60,
        call_timeout_secs: 30,
        fallback_number: None,
        fallback_message: None,
        recording_enabled: true,
        call_flow_id: None,
    }
}

pub fn buyer(id: i64) -> BuyerRow {
    BuyerRow {
        id: BuyerId(id),
        account: ACCOUNT,
        name: format!("Buyer {id}"),
        phone: format!("+1555100{id:04}"),
        backup_phone: None,
        status: "active".into(),
        priority: 5,
        caps: Caps::default(),
        time_zone: "UTC".into(),
        schedule: r#"{"enabled":false}"#.into(),
        payout_e4: 25_0000,
    }
}

/// An active assignment with priority and weight.
pub fn terms(buyer_id: i64, priority: i64, weight: i64) -> CampaignBuyerRow {
    CampaignBuyerRow {
        campaign_id: CAMPAIGN.into(),
        buyer_id: BuyerId(buyer_id),
        priority,
        weight,
        caps: Caps::default(),
        status: "active".into(),
    }
}

pub fn number() -> NumberRow {
    NumberRow {
        id: NumberId(1),
        account: ACCOUNT,
        phone_number: NUMBER.into(),
        status: "active".into(),
        campaign_id: Some(CAMPAIGN.into()),
        pool_id: None,
        call_flow_id: None,
    }
}

/// One campaign on [`NUMBER`] with `buyers` assigned by `terms`.
pub fn snapshot(c: CampaignRow, buyers: Vec<BuyerRow>, t: Vec<CampaignBuyerRow>) -> Snapshot {
    Snapshot::build(vec![number()], vec![c], buyers, t)
}

pub fn call(sid: &str, from: &str) -> IncomingCall {
    IncomingCall {
        call_sid: sid.into(),
        to: NUMBER.into(),
        from: from.into(),
        ..IncomingCall::default()
    }
}

/// Route a call from a fixed caller.
pub fn route_at(s: &Snapshot, c: &MemoryCounters, now: Timestamp, seed: u64) -> Decision {
    route(s, c, &call(&format!("CA{seed}"), "+15557654321"), now, seed)
}

pub fn order(d: &Decision) -> Vec<i64> {
    d.candidates.iter().map(|c| c.buyer_id.0).collect()
}

/// The trace reason for `buyer_id`, asserting it was skipped.
pub fn skip_reason(d: &Decision, buyer_id: i64) -> String {
    let entry = d
        .trace
        .iter()
        .find(|t| t.buyer_id.0 == buyer_id)
        .unwrap_or_else(|| panic!("buyer {buyer_id} not in trace: {:?}", d.trace));
    assert_eq!(entry.result, TraceResult::Skipped, "{entry:?}");
    entry.reason.clone().unwrap_or_default()
}

pub fn no_route_reason(d: &Decision) -> String {
    match &d.outcome {
        Outcome::NoRoute(r) => r.clone(),
        other => panic!("expected no route, got {other:?}"),
    }
}
