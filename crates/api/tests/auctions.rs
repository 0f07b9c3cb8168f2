//! Real-time bidding on live calls: an incoming call on an active RTB
//! campaign pings its bidders in parallel, ends by the deadline even with a
//! hung bidder, dials the best bid, records the auction, and books the
//! winning bid as revenue when the call converts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::TestApp;
use common::carrier::{TRACKING, carrier, incoming, ok};
use reqwest::{Client, StatusCode};
use rtb::mock::{MockBidder, spawn_fleet};
use serde_json::{Value, json};

/// An active RTB campaign on TRACKING whose bidders behave as `fleet`.
async fn rtb_campaign(t: &TestApp, c: &Client, fleet: Vec<MockBidder>, fallback: &str) -> String {
    rtb_campaign_with(t, c, fleet, fallback, &[]).await
}

/// As [`rtb_campaign`], with extra target fields per bidder (caps, …).
async fn rtb_campaign_with(
    t: &TestApp,
    c: &Client,
    fleet: Vec<MockBidder>,
    fallback: &str,
    extra: &[Value],
) -> String {
    let addrs = spawn_fleet(fleet).await.unwrap();
    let id = ok(c.post(t.url("/api/campaigns")).json(&json!({
        "name": "Auctioned", "type": "rtb", "minDurationSecs": 60, "fallbackMessage": "No buyer right now.",
        "rtb": {"auctionTimeoutMs": 300, "minBid": "5.00", "fallback": fallback}
    })).send().await.unwrap()).await["id"].as_str().unwrap().to_string();
    let number = ok(c
        .post(t.url("/api/phone-numbers"))
        .json(&json!({"phoneNumber": TRACKING}))
        .send()
        .await
        .unwrap())
    .await["id"]
        .as_i64()
        .unwrap();
    ok(c.post(t.url(&format!("/api/campaigns/{id}/numbers")))
        .json(&json!({"phoneNumberId": number}))
        .send()
        .await
        .unwrap())
    .await;
    let mut assignments = vec![];
    for (i, addr) in addrs.iter().enumerate() {
        let mut body = json!({
            "name": format!("Bidder {i}"), "endpointUrl": format!("http://{addr}/bid"), "timeoutMs": 1000,
            "responseConfig": {"bidAmountPath": "bidAmount", "destinationNumberPath": "destinationNumber", "acceptancePath": "accepted"}
        });
        if let Some(Value::Object(more)) = extra.get(i) {
            for (k, v) in more {
                body[k] = v.clone();
            }
        }
        let target = ok(c
            .post(t.url("/api/rtb/targets"))
            .json(&body)
            .send()
            .await
            .unwrap())
        .await;
        assignments.push(json!({"rtbTargetId": target["id"], "priority": 5, "enabled": true}));
    }
    ok(c.put(t.url(&format!("/api/rtb/campaigns/{id}/targets")))
        .json(&assignments)
        .send()
        .await
        .unwrap())
    .await;
    ok(c.patch(t.url(&format!("/api/campaigns/{id}")))
        .json(&json!({"status": "active"}))
        .send()
        .await
        .unwrap())
    .await;
    id
}

conformance!(
    a_live_call_is_auctioned_and_the_best_bid_is_dialled_within_the_deadline,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        rtb_campaign(
            &t,
            &c,
            vec![
                MockBidder::bid("10.00", 5),
                MockBidder::bid("25.00", 30),
                MockBidder::Hung,
                MockBidder::Error500,
            ],
            "message",
        )
        .await;
        let started = std::time::Instant::now();
        let twiml = incoming(&t, "CAauction1", "+13105550100", TRACKING).await;
        let took = started.elapsed();
        assert!(
            twiml.contains(&format!(">{}</Number>", rtb::mock::MOCK_DESTINATION)),
            "{twiml}"
        );
        assert!(
            took < std::time::Duration::from_millis(2000),
            "the hung bidder held the call for {took:?}"
        );

        let auctions: Value = ok(c.get(t.url("/api/rtb/bid-requests")).send().await.unwrap()).await;
        let a = &auctions[0];
        assert_eq!(a["totalTargets"], 4);
        assert_eq!(a["successfulResponses"], 2);
        assert_eq!(a["winningBid"], "25.00");
        let request_id = a["requestId"].as_str().unwrap();
        let responses: Value = ok(c
            .get(t.url(&format!("/api/rtb/bid-requests/{request_id}/responses")))
            .send()
            .await
            .unwrap())
        .await;
        let statuses: Vec<&str> = responses
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["responseStatus"].as_str().unwrap())
            .collect();
        assert!(
            statuses.contains(&"timeout") && statuses.contains(&"http_error"),
            "{statuses:?}"
        );

        // The buyer leg talks long enough: the winning bid is the revenue.
        carrier(
            &t,
            "/api/webhooks/twilio/status",
            &[
                ("CallSid", "CAleg"),
                ("ParentCallSid", "CAauction1"),
                ("CallStatus", "completed"),
                ("CallDuration", "120"),
            ],
        )
        .await;
        carrier(
            &t,
            "/api/webhooks/twilio/status",
            &[
                ("CallSid", "CAauction1"),
                ("CallStatus", "completed"),
                ("CallDuration", "125"),
            ],
        )
        .await;
        let dash: Value = ok(c.get(t.url("/api/stats/dashboard")).send().await.unwrap()).await;
        assert_eq!(dash["totalRevenue"], "25.00");
        t.cleanup().await;
    }
);

conformance!(no_valid_bid_falls_back_to_the_campaign_message, |t| {
    let (c, _) = t.signed_in("alice").await;
    rtb_campaign(
        &t,
        &c,
        vec![
            MockBidder::NoBid,
            MockBidder::bid("1.00", 5),
            MockBidder::BadDestination,
        ],
        "message",
    )
    .await;
    let twiml = incoming(&t, "CAnobid", "+13105550100", TRACKING).await;
    assert!(
        twiml.contains("No buyer right now.") && !twiml.contains("<Dial"),
        "{twiml}"
    );
    let auctions: Value = ok(c.get(t.url("/api/rtb/bid-requests")).send().await.unwrap()).await;
    assert_eq!(auctions[0]["winningBid"], Value::Null);
    let request_id = auctions[0]["requestId"].as_str().unwrap();
    let responses: Value = ok(c
        .get(t.url(&format!("/api/rtb/bid-requests/{request_id}/responses")))
        .send()
        .await
        .unwrap())
    .await;
    let below_floor = responses
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["bidAmount"] == "1.00")
        .unwrap()
        .clone();
    assert_eq!(below_floor["responseStatus"], "rejected", "{below_floor}");
    let (s, _) = carrier(
        &t,
        "/api/webhooks/twilio/status",
        &[("CallSid", "CAnobid"), ("CallStatus", "completed")],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    t.cleanup().await;
});

conformance!(
    a_bidder_at_its_daily_cap_is_not_pinged_and_the_next_bid_wins,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        rtb_campaign_with(
            &t,
            &c,
            vec![MockBidder::bid("30.00", 5), MockBidder::bid("10.00", 5)],
            "message",
            &[
                json!({"dailyCap": 1, "hourlyCap": 1, "maxConcurrentCalls": 1}),
                json!({}),
            ],
        )
        .await;
        incoming(&t, "CAcap1", "+13105550100", TRACKING).await;
        // The first call holds the capped bidder's only slot; end it so only the daily cap is left.
        carrier(
            &t,
            "/api/webhooks/twilio/status",
            &[
                ("CallSid", "CAcap1"),
                ("CallStatus", "completed"),
                ("CallDuration", "70"),
            ],
        )
        .await;
        let twiml = incoming(&t, "CAcap2", "+13105550101", TRACKING).await;
        assert!(twiml.contains("<Dial"), "{twiml}");
        let auctions: Value = ok(c.get(t.url("/api/rtb/bid-requests")).send().await.unwrap()).await;
        let latest = auctions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["callSid"] == "CAcap2")
            .unwrap()
            .clone();
        assert_eq!(latest["winningBid"], "10.00", "{latest}");
        let request_id = latest["requestId"].as_str().unwrap();
        let responses: Value = ok(c
            .get(t.url(&format!("/api/rtb/bid-requests/{request_id}/responses")))
            .send()
            .await
            .unwrap())
        .await;
        let capped = responses
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["responseStatus"] == "rejected")
            .unwrap()
            .clone();
        assert_eq!(
            capped["rejectionReason"], "Daily cap exceeded (Code: 1002)",
            "{capped}"
        );
        t.cleanup().await;
    }
);
