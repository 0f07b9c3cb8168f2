//! "Who would get this call" has one answer: the campaign's Test call
//! names the buyer the next live call gets (round robin included, caps
//! as counted live), and on an RTB campaign lists the bidders a call
//! would ping and runs a real test auction on request.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::carrier::{TRACKING, campaign, incoming, ok, rtb_campaign_with};
use serde_json::{Value, json};

const A: &str = "+12125550102";
const B: &str = "+12125550103";

async fn simulate(t: &common::TestApp, c: &reqwest::Client, id: &str, body: Value) -> Value {
    ok(c.post(t.url(&format!("/api/campaigns/{id}/simulate")))
        .json(&body)
        .send()
        .await
        .unwrap())
    .await
}

conformance!(the_test_call_names_the_buyer_round_robin_rings_next, |t| {
    let (c, _) = t.signed_in("alice").await;
    let id = campaign(
        &t,
        &c,
        &[
            ("A", A, None, 5, None, None, "25.00"),
            ("B", B, None, 5, None, None, "25.00"),
        ],
        json!({"callRoutingStrategy": "round_robin"}),
    )
    .await;
    for i in 0..5 {
        // Asked four times, the panel names the same buyer (it takes no
        // turn), and the live call then rings exactly that buyer.
        let mut named = Vec::new();
        for _ in 0..4 {
            let sim = simulate(&t, &c, &id, json!({"callerNumber": "+13105550199"})).await;
            named.push(sim["buyer"]["number"].as_str().unwrap().to_string());
        }
        assert!(named.iter().all(|n| *n == named[0]), "{named:?}");
        let twiml = incoming(
            &t,
            &format!("CAsim{i}"),
            &format!("+1310555030{i}"),
            TRACKING,
        )
        .await;
        assert!(
            twiml.contains(&format!(">{}</Number>", named[0])),
            "call {i}: the panel said {}, live routing rang: {twiml}",
            named[0]
        );
    }
    t.cleanup().await;
});

conformance!(
    the_test_call_sees_caps_and_duplicates_as_live_routing_does,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        let id = campaign(
            &t,
            &c,
            &[
                ("One a day", A, None, 9, Some(1), None, "25.00"),
                ("Other", B, None, 5, None, None, "10.00"),
            ],
            json!({"duplicateCallerWindowSecs": 3600, "duplicateCallerAction": "reject"}),
        )
        .await;
        let twiml = incoming(&t, "CAcap", "+13105550400", TRACKING).await;
        assert!(twiml.contains(A), "{twiml}");
        let sim = simulate(&t, &c, &id, json!({"callerNumber": "+13105550401"})).await;
        assert_eq!(
            sim["buyer"]["number"], B,
            "the capped buyer is skipped: {sim}"
        );
        let capped = sim["trace"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["buyerName"] == "One a day")
            .unwrap();
        assert!(
            capped["reason"].as_str().unwrap().contains("daily cap 1/1"),
            "{capped}"
        );
        let dup = simulate(&t, &c, &id, json!({"callerNumber": "+13105550400"})).await;
        assert_eq!(dup["outcome"], "rejected", "{dup}");
        assert!(!dup["unknowns"].as_array().unwrap().is_empty());
        t.cleanup().await;
    }
);

conformance!(
    an_rtb_test_call_lists_the_bidders_and_runs_a_test_auction,
    |t| {
        use devtools::mock::MockBidder;
        let (c, _) = t.signed_in("alice").await;
        let id = rtb_campaign_with(
            &t,
            &c,
            vec![
                MockBidder::bid("30.00", 5),
                MockBidder::bid("12.00", 5),
                MockBidder::NoBid,
            ],
            "message",
            &[json!({"maxConcurrentCalls": 1})],
        )
        .await;
        let targets: Vec<i64> = ok(c.get(t.url("/api/rtb/targets")).send().await.unwrap())
            .await
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_i64().unwrap())
            .collect();
        let sim = simulate(&t, &c, &id, json!({"callerNumber": "+13105550500"})).await;
        let auction = &sim["auction"];
        assert_eq!(auction["targets"].as_array().unwrap().len(), 3, "{sim}");
        assert!(auction["test"].is_null());
        assert!(
            sim["unknowns"]
                .as_array()
                .unwrap()
                .iter()
                .any(|u| u.as_str().unwrap().contains("test auction")),
            "{sim}"
        );
        let run = simulate(
            &t,
            &c,
            &id,
            json!({"callerNumber": "+13105550500", "runAuction": true}),
        )
        .await;
        let test = &run["auction"]["test"];
        let bids = test["bids"].as_array().unwrap();
        assert_eq!(bids.len(), 3, "{run}");
        let winner = test["winnerRtbTargetId"].as_i64().unwrap();
        assert_eq!(Some(winner), targets.iter().min().copied(), "{run}");
        let top = bids.iter().find(|b| b["rtbTargetId"] == winner).unwrap();
        assert_eq!(top["bid"], "30.00");
        // Nothing was recorded: no call, no auction.
        let auctions = ok(c.get(t.url("/api/rtb/bid-requests")).send().await.unwrap()).await;
        assert_eq!(auctions.as_array().unwrap().len(), 0);
        // A live call holds the top bidder's only slot: the next call would
        // not ping it, and the panel says why.
        let twiml = incoming(&t, "CArtbsim", "+13105550501", TRACKING).await;
        assert!(twiml.contains("<Dial"), "{twiml}");
        let sim = simulate(&t, &c, &id, json!({"callerNumber": "+13105550502"})).await;
        let top = &sim["auction"]["targets"][0];
        assert_eq!(top["pinged"], false, "{sim}");
        assert_eq!(top["reason"], "Final capacity check (code 1006)", "{sim}");
        t.cleanup().await;
    }
);
