//! Real-time bidding on live calls: an incoming call on an active RTB
//! campaign pings its bidders in parallel, ends by the deadline even with a
//! hung bidder, dials the best bid, records the auction, and books the
//! winning bid as revenue when the call converts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::carrier::{
    TRACKING, carrier, incoming, ok, rtb_campaign, rtb_campaign_with, signed_call,
};
use devtools::mock::MockBidder;
use reqwest::StatusCode;
use serde_json::{Value, json};

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
            twiml.contains(&format!(">{}</Number>", devtools::mock::MOCK_DESTINATION)),
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

conformance!(
    a_winner_without_room_loses_to_the_next_bid_not_to_the_fallback,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        let (a, b) = ("+12125550171", "+12125550172");
        rtb_campaign_with(
            &t,
            &c,
            vec![
                MockBidder::Bid {
                    amount: domain::Money::parse("40.00").unwrap(),
                    latency_ms: 20,
                    destination: a.into(),
                },
                MockBidder::Bid {
                    amount: domain::Money::parse("20.00").unwrap(),
                    latency_ms: 5,
                    destination: b.into(),
                },
            ],
            "message",
            &[json!({"maxConcurrentCalls": 1}), json!({})],
        )
        .await;
        // Eight calls at once: every auction sees bidder A with room and A
        // wins each, but only one call can take A's single slot.
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                tokio::spawn(signed_call(
                    t.base.clone(),
                    format!("CArace{i:02}"),
                    format!("+13105551{i:03}"),
                ))
            })
            .collect();
        let mut answers = Vec::new();
        for task in tasks {
            answers.push(task.await.unwrap());
        }
        let to_a = answers.iter().filter(|x| x.contains(a)).count();
        let to_b = answers.iter().filter(|x| x.contains(b)).count();
        assert_eq!((to_a, to_b), (1, 7), "{answers:?}");
        // Every record names the bidder that got the call, and its bid.
        let auctions: Value = ok(c
            .get(t.url("/api/rtb/bid-requests?limit=50"))
            .send()
            .await
            .unwrap())
        .await;
        let auctions = auctions.as_array().unwrap();
        assert_eq!(auctions.len(), 8);
        let won_by = |amount: &str| {
            auctions
                .iter()
                .filter(|x| x["winningBid"] == amount)
                .count()
        };
        assert_eq!((won_by("40.00"), won_by("20.00")), (1, 7));
        let lost = auctions
            .iter()
            .find(|x| x["winningBid"] == "20.00")
            .unwrap();
        let request_id = lost["requestId"].as_str().unwrap();
        let responses: Value = ok(c
            .get(t.url(&format!("/api/rtb/bid-requests/{request_id}/responses")))
            .send()
            .await
            .unwrap())
        .await;
        let full = responses
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["bidAmount"] == "40.00")
            .unwrap();
        assert_eq!(full["responseStatus"], "rejected", "{full}");
        assert_eq!(full["isWinningBid"], false, "{full}");
        assert_eq!(
            full["rejectionReason"], "Final capacity check (Code: 1006)",
            "{full}"
        );
        // The call's revenue is the bid that got it.
        for (i, answer) in answers.iter().enumerate() {
            let sid = format!("CArace{i:02}");
            let stored = t.store.call_state(&sid).await.unwrap().unwrap();
            let expected = if answer.contains(a) { 40_0000 } else { 20_0000 };
            assert_eq!(stored.buyer_payout_e4, expected, "{sid}");
        }
        t.cleanup().await;
    }
);

conformance!(changes_to_bidders_reach_the_next_call_at_once, |t| {
    let (c, _) = t.signed_in("alice").await;
    let id = rtb_campaign(&t, &c, vec![MockBidder::bid("25.00", 5)], "message").await;
    let dialled = format!(">{}</Number>", devtools::mock::MOCK_DESTINATION);
    let twiml = incoming(&t, "CAcfg1", "+13105550100", TRACKING).await;
    assert!(twiml.contains(&dialled), "{twiml}");
    let targets = ok(c.get(t.url("/api/rtb/targets")).send().await.unwrap()).await;
    let target = targets[0]["id"].as_i64().unwrap();
    let patch = |body: Value| {
        let c = c.clone();
        let url = t.url(&format!("/api/rtb/targets/{target}"));
        async move { ok(c.patch(url).json(&body).send().await.unwrap()).await }
    };
    // Made inactive: the very next call is not auctioned to it.
    patch(json!({"status": "inactive"})).await;
    let twiml = incoming(&t, "CAcfg2", "+13105550101", TRACKING).await;
    assert!(
        !twiml.contains(&dialled),
        "inactive bidder still dialled: {twiml}"
    );
    patch(json!({"status": "active"})).await;
    let twiml = incoming(&t, "CAcfg3", "+13105550102", TRACKING).await;
    assert!(twiml.contains(&dialled), "{twiml}");
    // Taken off the campaign: the same.
    ok(c.put(t.url(&format!("/api/rtb/campaigns/{id}/targets")))
        .json(&json!([]))
        .send()
        .await
        .unwrap())
    .await;
    let twiml = incoming(&t, "CAcfg4", "+13105550103", TRACKING).await;
    assert!(
        !twiml.contains(&dialled),
        "unassigned bidder dialled: {twiml}"
    );
    ok(c.put(t.url(&format!("/api/rtb/campaigns/{id}/targets")))
        .json(&json!([{"rtbTargetId": target, "priority": 5, "enabled": true}]))
        .send()
        .await
        .unwrap())
    .await;
    let twiml = incoming(&t, "CAcfg5", "+13105550104", TRACKING).await;
    assert!(twiml.contains(&dialled), "{twiml}");
    // Deleted: the same.
    let r = c
        .delete(t.url(&format!("/api/rtb/targets/{target}")))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let twiml = incoming(&t, "CAcfg6", "+13105550105", TRACKING).await;
    assert!(!twiml.contains(&dialled), "deleted bidder dialled: {twiml}");
    t.cleanup().await;
});
