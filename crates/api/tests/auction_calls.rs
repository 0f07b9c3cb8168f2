//! A call won in an auction is a routed call everywhere: the call list and
//! its export name the winning bidder, the detail says routed (connected,
//! one routing attempt, the auction with every bid ranked), and reports
//! grouped by buyer put it under its bidder, not under "No buyer".
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::carrier::{TRACKING, carrier, incoming, ok, rtb_campaign};
use devtools::mock::MockBidder;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn webhook(t: &common::TestApp, path: &str, params: &[(&str, &str)]) -> String {
    let (s, body) = carrier(t, path, params).await;
    assert_eq!(s, StatusCode::OK, "{path}: {body}");
    body
}

conformance!(
    a_call_won_at_auction_is_routed_to_its_bidder_everywhere,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        rtb_campaign(
            &t,
            &c,
            vec![
                MockBidder::bid("10.00", 5),
                MockBidder::bid("48.85", 5),
                MockBidder::NoBid,
            ],
            "message",
        )
        .await;
        let twiml = incoming(&t, "CAwonAtAuction", "+13105550100", TRACKING).await;
        assert!(
            twiml.contains(&format!(">{}</Number>", devtools::mock::MOCK_DESTINATION)),
            "{twiml}"
        );
        // The bidder's leg rings, is answered, talks 75 s; the caller hangs up.
        let leg = [
            ("CallSid", "CAbidderLeg"),
            ("ParentCallSid", "CAwonAtAuction"),
        ];
        webhook(
            &t,
            "/api/webhooks/twilio/status",
            &[leg[0], leg[1], ("CallStatus", "in-progress")],
        )
        .await;
        webhook(
            &t,
            "/api/webhooks/twilio/dial",
            &[
                ("CallSid", "CAwonAtAuction"),
                ("DialCallStatus", "completed"),
                ("DialCallDuration", "75"),
            ],
        )
        .await;
        webhook(
            &t,
            "/api/webhooks/twilio/status",
            &[
                leg[0],
                leg[1],
                ("CallStatus", "completed"),
                ("CallDuration", "75"),
            ],
        )
        .await;
        webhook(
            &t,
            "/api/webhooks/twilio/status",
            &[
                ("CallSid", "CAwonAtAuction"),
                ("CallStatus", "completed"),
                ("CallDuration", "80"),
            ],
        )
        .await;

        // The list and its export name the winner.
        let list = ok(c.get(t.url("/api/calls")).send().await.unwrap()).await;
        let call = &list["calls"][0];
        assert_eq!(call["callSid"], "CAwonAtAuction");
        assert_eq!(call["buyerName"], Value::Null, "{call}");
        assert_eq!(call["rtbTargetName"], "Bidder 1", "{call}");
        assert!(call["rtbTargetId"].is_i64(), "{call}");
        assert_eq!(call["revenue"], "48.85");
        assert_eq!(call["converted"], true);
        let csv = c
            .get(t.url("/api/calls/export.csv"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
        let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        assert_eq!(row[col("rtbTargetName")], "Bidder 1", "{csv}");

        // The detail: routed, connected, one attempt, the auction ranked.
        let id = call["id"].as_i64().unwrap();
        let d = ok(c
            .get(t.url(&format!("/api/calls/{id}")))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(d["routing"]["outcome"], "routed", "{d}");
        assert_eq!(d["routing"]["reason"], Value::Null, "{d}");
        assert!(d["connectedAt"].is_string(), "{d}");
        assert_eq!(d["talkTime"], 75);
        assert_eq!(d["routingAttempts"], 1);
        let a = &d["auction"];
        assert_eq!(a["auctionStatus"], "won", "{a}");
        assert_eq!(a["winningTargetName"], "Bidder 1");
        assert_eq!(a["winningBid"], "48.85");
        let bids = a["bids"].as_array().unwrap();
        assert_eq!(bids.len(), 3, "{a}");
        let ranked: Vec<(Value, Value, Value)> = bids
            .iter()
            .map(|b| {
                (
                    b["rank"].clone(),
                    b["targetName"].clone(),
                    b["bidAmount"].clone(),
                )
            })
            .collect();
        assert_eq!(
            ranked,
            [
                (json!(1), json!("Bidder 1"), json!("48.85")),
                (json!(2), json!("Bidder 0"), json!("10.00")),
                (Value::Null, json!("Bidder 2"), json!("0.00")),
            ]
        );
        assert!(bids.iter().all(|b| b["responseStatus"].is_string()));
        assert!(bids[0]["responseTimeMs"].is_i64());
        assert_eq!(bids[2]["responseStatus"], "no_bid");
        assert_eq!(bids[2]["isWinningBid"], false);

        // Reports by buyer: the bidder is the call's destination.
        let r = ok(c
        .post(t.url("/api/reports/run"))
        .json(&json!({"dimensions": ["buyer"], "metrics": ["calls", "revenue"], "range": "today"}))
        .send()
        .await
        .unwrap())
    .await;
        let labels: Vec<&str> = r["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["labels"][0].as_str().unwrap())
            .collect();
        assert_eq!(labels, ["Bidder 1 (RTB)"], "{r}");
        assert_eq!(r["rows"][0]["values"]["revenue"], "48.85");

        // The auction list's search finds it by part of its CallSid, in any case.
        let found = ok(c
            .get(t.url("/api/rtb/bid-requests?search=WONatAUCT"))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
        let none = ok(c
            .get(t.url("/api/rtb/bid-requests?search=nothing_like_it"))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(none.as_array().map(Vec::len), Some(0), "{none}");

        // Another account sees neither the call nor its auction.
        let (bob, _) = t.signed_in("bob").await;
        let other = bob
            .get(t.url(&format!("/api/calls/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(other.status(), StatusCode::NOT_FOUND);
        t.cleanup().await;
    }
);

conformance!(a_call_with_no_auction_says_so, |t| {
    let (c, _) = t.signed_in("alice").await;
    rtb_campaign(&t, &c, vec![MockBidder::NoBid], "message").await;
    incoming(&t, "CAnobody", "+13105550100", TRACKING).await;
    let list = ok(c.get(t.url("/api/calls")).send().await.unwrap()).await;
    let id = list["calls"][0]["id"].as_i64().unwrap();
    assert_eq!(list["calls"][0]["rtbTargetName"], Value::Null);
    let d = ok(c
        .get(t.url(&format!("/api/calls/{id}")))
        .send()
        .await
        .unwrap())
    .await;
    // The auction ran and nobody won: it is there, with its one bidder.
    assert_eq!(d["auction"]["auctionStatus"], "no_winner", "{d}");
    assert_eq!(d["auction"]["bids"].as_array().unwrap().len(), 1);
    assert_eq!(d["routing"]["outcome"], "no_route");
    assert_eq!(d["routingAttempts"], 0);
    t.cleanup().await;
});
