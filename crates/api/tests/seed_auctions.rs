//! Seeded calls with their auctions (`callcenter seed-calls` on an RTB
//! campaign), written in bulk by `Store::seed_calls` on both engines and
//! read back through the API: auctions exist for the RTB calls only, each
//! winner is the highest valid bid and the call's RTB target, re-seeding
//! writes nothing twice, and another account sees none of it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{HashMap, HashSet};

use common::TestApp;
use common::carrier::ok;
use reqwest::Client;
use serde_json::Value;
use store::AccountId;
use store::campaigns::CampaignFields;
use store::rtb_auctions::{AuctionRecord, BidResponseRecord};
use store::rtb_targets::{RtbAssignment, RtbTargetFields, TargetAuth};
use store::seed::SeedCall;

/// 2026-06-01T12:00:00Z.
const T0: i64 = 1_780_315_200_000;
const FLOOR: i64 = 12_0000;

async fn campaign(t: &TestApp, account: AccountId, name: &str, kind: &str) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    let fields = CampaignFields {
        rtb_min_bid_e4: FLOOR,
        ..CampaignFields::new(name, kind)
    };
    t.store
        .create_campaign(account, &id, &fields)
        .await
        .unwrap();
    id
}

async fn target(t: &TestApp, account: AccountId, name: &str) -> i64 {
    let fields = RtbTargetFields {
        name: name.into(),
        company: Some(format!("{name} LLC")),
        contact_email: None,
        contact_phone: None,
        endpoint_url: "https://bidder.example/bid".into(),
        request_method: "POST".into(),
        content_type: "json".into(),
        auth: TargetAuth {
            kind: "none".into(),
            ..TargetAuth::default()
        },
        custom_headers: "{}".into(),
        request_template: "{}".into(),
        bid_amount_path: "bidAmount".into(),
        destination_path: "destinationNumber".into(),
        acceptance_path: Some("accepted".into()),
        currency_path: None,
        timeout_ms: 1000,
        max_concurrent_calls: None,
        hourly_cap: None,
        daily_cap: None,
        min_bid_e4: 0,
        max_bid_e4: 100_0000,
        currency: "USD".into(),
        status: "active".into(),
    };
    t.store.create_rtb_target(account, &fields).await.unwrap()
}

/// One bidder's answer: (status, bid).
fn response(target: i64, at: i64, status: &str, bid: i64, ms: i64) -> BidResponseRecord {
    let answered = !matches!(status, "timeout" | "connection_error");
    BidResponseRecord {
        rtb_target_id: domain::RtbTargetId(target),
        request_sent_at: at,
        response_time_ms: answered.then_some(ms),
        http_status_code: answered.then_some(if status == "http_error" { 500 } else { 200 }),
        response_status: status.into(),
        bid_amount_e4: (status == "success" || status == "rejected").then_some(bid),
        bid_currency: Some("USD".into()),
        destination_number: (status == "success").then(|| format!("+1800555{:04}", bid / 1_0000)),
        is_accepted: status == "success",
        rejection_code: (status == "rejected").then_some(1103),
        rejection_reason: (status == "rejected").then(|| "Bid below campaign floor".into()),
        raw_response: answered.then(|| r#"{"accepted":true}"#.into()),
        ..BidResponseRecord::default()
    }
}

/// `n` calls, every other one on the RTB campaign with an auction between
/// bidders `a` and `b` (statuses and bids cycling, some with no winner).
fn calls(n: usize, direct: &str, rtb: &str, a: i64, b: i64, prefix: &str) -> Vec<SeedCall> {
    const STATUSES: [&str; 6] = [
        "success",
        "no_bid",
        "success",
        "timeout",
        "rejected",
        "http_error",
    ];
    (0..n)
        .map(|i| {
            let at = T0 + i as i64 * 60_000;
            let call_sid = format!("CA{prefix}{i:030}");
            let converted = i % 3 != 0;
            let mut call = SeedCall {
                call_sid: domain::CallSid(call_sid.clone()),
                campaign_id: Some(direct.into()),
                from_number: format!("+1310555{:04}", i),
                to_number: "+18005550100".into(),
                disposition: "routed".into(),
                status: "completed".into(),
                duration: 120,
                talk_time: 100,
                converted,
                revenue_e4: if converted { 20_0000 } else { 0 },
                cost_e4: 100,
                created_at: at,
                ended_at: at + 120_000,
                ..SeedCall::default()
            };
            if i % 2 == 1 {
                let bid_a = 12_0000 + (i as i64 % 7) * 3_0000;
                let bid_b = 13_0000 + (i as i64 % 5) * 4_0000;
                let mut responses = vec![
                    response(a, at, STATUSES[(i / 2) % 6], bid_a, 40 + i as i64 % 50),
                    response(b, at, STATUSES[(i / 12) % 6], bid_b, 25 + i as i64 % 90),
                ];
                // The highest success wins (bids are already at the floor or rejected).
                let best = responses
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.response_status == "success")
                    .max_by_key(|(_, r)| r.bid_amount_e4)
                    .map(|(k, _)| k);
                let won = best.map(|k| {
                    responses[k].is_winning_bid = true;
                    &responses[k]
                });
                call.campaign_id = Some(rtb.into());
                call.rtb_target_id = won.map(|w| w.rtb_target_id);
                call.dialed_number = won.and_then(|w| w.destination_number.clone());
                call.revenue_e4 = match won {
                    Some(w) if converted => w.bid_amount_e4.unwrap(),
                    _ => 0,
                };
                if won.is_none() {
                    call.disposition = "no_route".into();
                    call.status = "no_route".into();
                    call.converted = false;
                }
                call.auction = Some(AuctionRecord {
                    request_id: format!("rtb_{call_sid}"),
                    campaign_id: rtb.into(),
                    call_sid: Some(domain::CallSid(call_sid)),
                    call_start_time: at,
                    caller_number: Some(call.from_number.clone()),
                    inbound_number: Some(call.to_number.clone()),
                    caller_state: Some("FL".into()),
                    caller_city: Some("MIAMI".into()),
                    caller_zip: Some("33130".into()),
                    total_response_time_ms: 150,
                    auction_status: if won.is_some() { "won" } else { "no_winner" }.into(),
                    created_at: at,
                    completed_at: Some(at + 150),
                    responses,
                });
            }
            call
        })
        .collect()
}

async fn get(t: &TestApp, c: &Client, path: &str) -> (Value, i64) {
    let r = c.get(t.url(path)).send().await.unwrap();
    let total = r
        .headers()
        .get("x-total-count")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(-1);
    (ok(r).await, total)
}

/// Every call of the list (all pages) matching `query`.
async fn all_calls(t: &TestApp, c: &Client, query: &str) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    loop {
        let path = format!("/api/calls?limit=200&offset={}&{query}", out.len());
        let (body, _) = get(t, c, &path).await;
        out.extend(body["calls"].as_array().unwrap().iter().cloned());
        if body["hasMore"] != true {
            return out;
        }
    }
}

conformance!(seeded_rtb_calls_carry_their_auctions, |t| {
    let (c, alice) = t.signed_in("alice").await;
    let direct = campaign(&t, alice, "Direct", "direct").await;
    let rtb = campaign(&t, alice, "Auctioned", "rtb").await;
    let (a, b) = (
        target(&t, alice, "Bidder A").await,
        target(&t, alice, "Bidder B").await,
    );
    let assignments = [(a, 9), (b, 5)].map(|(id, priority)| RtbAssignment {
        rtb_target_id: id,
        priority,
        enabled: true,
    });
    t.store
        .set_campaign_rtb_targets(alice, &rtb, &assignments)
        .await
        .unwrap();

    let seeded = calls(200, &direct, &rtb, a, b, "al");
    assert_eq!(t.store.seed_calls(alice, &seeded).await.unwrap(), 200);
    // The same calls again: nothing written, no auction doubled.
    assert_eq!(t.store.seed_calls(alice, &seeded).await.unwrap(), 0);

    let rtb_sids: HashSet<&str> = seeded
        .iter()
        .filter(|s| s.auction.is_some())
        .map(|s| s.call_sid.as_str())
        .collect();
    let (auctions, total) = get(&t, &c, "/api/rtb/bid-requests?limit=200").await;
    let auctions = auctions.as_array().unwrap();
    assert_eq!((total, auctions.len()), (100, 100));
    let by_sid: HashMap<&str, &SeedCall> =
        seeded.iter().map(|s| (s.call_sid.as_str(), s)).collect();
    // target id -> CallSids it won
    let mut wins: HashMap<i64, HashSet<String>> = HashMap::new();
    let mut no_winner = 0;
    for auction in auctions {
        let sid = auction["callSid"].as_str().unwrap();
        assert!(
            rtb_sids.contains(sid),
            "an auction for a non-RTB call: {auction}"
        );
        assert_eq!(auction["requestId"], format!("rtb_{sid}"));
        assert_eq!(auction["campaignId"], rtb.as_str());
        assert_eq!(auction["campaignName"], "Auctioned");
        assert_eq!(auction["totalTargets"], 2);
        let request_id = auction["requestId"].as_str().unwrap();
        let (responses, _) = get(
            &t,
            &c,
            &format!("/api/rtb/bid-requests/{request_id}/responses"),
        )
        .await;
        let responses = responses.as_array().unwrap();
        assert_eq!(responses.len(), 2, "{auction}");
        let bid = |r: &Value| r["bidAmount"].as_str().map(|b| b.parse::<f64>().unwrap());
        let successes: Vec<&Value> = responses
            .iter()
            .filter(|r| r["responseStatus"] == "success")
            .collect();
        assert_eq!(auction["successfulResponses"], successes.len());
        let best = successes
            .iter()
            .map(|r| bid(r).unwrap())
            .fold(None, |m: Option<f64>, b| Some(m.map_or(b, |m| m.max(b))));
        let winners: Vec<&Value> = responses
            .iter()
            .filter(|r| r["isWinningBid"] == true)
            .collect();
        let call = by_sid[sid];
        match best {
            Some(best) => {
                assert_eq!(winners.len(), 1, "{responses:?}");
                let w = winners[0];
                assert_eq!(bid(w), Some(best), "the highest valid bid wins");
                assert!(best >= FLOOR as f64 / 10_000.0);
                assert_eq!(w["isAccepted"], true);
                assert_eq!(auction["auctionStatus"], "won");
                assert_eq!(auction["winningTarget"], w["rtbTargetId"]);
                assert_eq!(auction["winningBid"], w["bidAmount"]);
                assert_eq!(auction["winningDestination"], w["destinationNumber"]);
                let target = w["rtbTargetId"].as_i64().unwrap();
                assert_eq!(call.rtb_target_id, Some(domain::RtbTargetId(target)));
                // Given to its bidder: one routing attempt, answered when it talked.
                let state = t.store.call_state(sid).await.unwrap().unwrap();
                assert_eq!(state.routing_attempts, 1, "{sid}");
                assert_eq!(state.connected_at.is_some(), call.talk_time > 0, "{sid}");
                wins.entry(target).or_default().insert(sid.to_string());
            }
            None => {
                assert!(winners.is_empty(), "{responses:?}");
                assert_eq!(auction["auctionStatus"], "no_winner");
                assert_eq!(auction["winningTarget"], Value::Null);
                no_winner += 1;
            }
        }
        for r in responses {
            if matches!(
                r["responseStatus"].as_str(),
                Some("timeout" | "connection_error")
            ) {
                assert_eq!(r["responseTimeMs"], Value::Null, "{r}");
            }
            if r["responseStatus"] == "rejected" {
                assert_eq!(
                    r["rejectionReason"],
                    "Bid below campaign floor (Code: 1103)"
                );
            }
        }
    }
    assert!(no_winner > 0 && wins.len() == 2, "{no_winner} {wins:?}");

    // The calls each target won are the calls filed under it, with the
    // winning bid as revenue when they converted.
    for id in [a, b] {
        let won = all_calls(&t, &c, &format!("rtbTargetId={id}")).await;
        let sids: HashSet<String> = won
            .iter()
            .map(|c| c["callSid"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(sids, wins.remove(&id).unwrap_or_default(), "target {id}");
        for call in &won {
            let seeded = by_sid[call["callSid"].as_str().unwrap()];
            let winning = seeded
                .auction
                .as_ref()
                .and_then(|a| a.responses.iter().find(|r| r.is_winning_bid))
                .and_then(|r| r.bid_amount_e4)
                .unwrap();
            let revenue: f64 = call["revenue"].as_str().unwrap().parse().unwrap();
            let expected = if seeded.converted { winning } else { 0 };
            assert_eq!(revenue, expected as f64 / 10_000.0, "{call}");
            assert_eq!(call["campaignId"], rtb.as_str());
        }
    }
    let everything = all_calls(&t, &c, "").await;
    assert_eq!(everything.len(), 200);

    // Another account sees none of it, and cannot file auctions under
    // Alice's bidders or campaign.
    let (bob_client, bob) = t.signed_in("bob").await;
    let (theirs, total) = get(&t, &bob_client, "/api/rtb/bid-requests").await;
    assert_eq!((total, theirs.as_array().unwrap().len()), (0, 0));
    let (page, _) = get(&t, &bob_client, "/api/calls").await;
    assert_eq!(page["total"], 0);
    let bobs = campaign(&t, bob, "Bob's", "rtb").await;
    let sneaky = calls(4, &bobs, &bobs, a, b, "bo");
    assert!(matches!(
        t.store.seed_calls(bob, &sneaky).await,
        Err(store::StoreError::NotFound)
    ));
    let foreign_campaign = calls(4, &direct, &rtb, a, b, "bx");
    assert!(matches!(
        t.store.seed_calls(bob, &foreign_campaign).await,
        Err(store::StoreError::NotFound)
    ));
    let (page, _) = get(&t, &bob_client, "/api/calls").await;
    assert_eq!(page["total"], 0, "nothing written");
    t.cleanup().await;
});
