//! Smaller faults of the live call path, pinned down: the carrier's status
//! lifecycle, the campaign's fallback number tracked like any leg, a
//! rejected bid's amount kept, and an auction's trace kept through a
//! failover.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::carrier::{TRACKING, campaign, carrier, incoming, ok, rtb_campaign};
use reqwest::StatusCode;
use serde_json::json;

async fn status(t: &common::TestApp, sid: &str, status: &str, duration: Option<&str>) {
    let mut params = vec![("CallSid", sid), ("CallStatus", status)];
    if let Some(d) = duration {
        params.push(("CallDuration", d));
    }
    let (s, _) = carrier(t, "/api/webhooks/twilio/status", &params).await;
    assert_eq!(s, StatusCode::OK);
}

conformance!(
    a_final_status_is_never_replaced_and_a_call_never_goes_back,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        campaign(
            &t,
            &c,
            &[("Top", "+12125550102", None, 9, None, None, "25.00")],
            json!({}),
        )
        .await;
        incoming(&t, "CAlife", "+13105550100", TRACKING).await;
        status(&t, "CAlife", "in-progress", None).await;
        status(&t, "CAlife", "ringing", None).await;
        let call = t.store.call_state("CAlife").await.unwrap().unwrap();
        assert_eq!(call.status, "in-progress", "never back to ringing");
        status(&t, "CAlife", "completed", Some("61")).await;
        status(&t, "CAlife", "failed", None).await;
        status(&t, "CAlife", "busy", Some("0")).await;
        let call = t.store.call_state("CAlife").await.unwrap().unwrap();
        assert_eq!(call.status, "completed", "the first final status stays");
        assert!(call.ended_at.is_some());
        t.cleanup().await;
    }
);

conformance!(the_fallback_numbers_leg_is_tracked_like_any_other, |t| {
    let (c, alice) = t.signed_in("alice").await;
    campaign(
        &t,
        &c,
        &[(
            "Busy all day",
            "+12125550102",
            None,
            9,
            Some(1),
            None,
            "25.00",
        )],
        json!({"fallbackNumber": "+12125550199"}),
    )
    .await;
    // The only buyer takes one call a day: the second goes to the
    // campaign's fallback number.
    incoming(&t, "CAfb1", "+13105550100", TRACKING).await;
    let twiml = incoming(&t, "CAfb2", "+13105550101", TRACKING).await;
    assert!(twiml.contains(">+12125550199</Number>"), "{twiml}");
    assert!(
        twiml.contains("action=\"http://localhost:5000/api/webhooks/twilio/dial?leg=fallback\""),
        "{twiml}"
    );
    assert!(
        twiml.contains("statusCallback=\"http://localhost:5000/api/webhooks/twilio/status\""),
        "{twiml}"
    );
    let open = t.store.call_state("CAfb2").await.unwrap().unwrap();
    assert_eq!(open.dialed_number.as_deref(), Some("+12125550199"));
    assert!(
        open.ended_at.is_none(),
        "open until the fallback's leg ends"
    );
    let (s, body) = carrier(
        &t,
        "/api/webhooks/twilio/dial?leg=fallback",
        &[
            ("CallSid", "CAfb2"),
            ("DialCallStatus", "completed"),
            ("DialCallDuration", "44"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("<Hangup/>"), "{body}");
    let done = t.store.call_state("CAfb2").await.unwrap().unwrap();
    assert!(done.ended_at.is_some());
    assert!(!done.converted, "no buyer, no conversion");
    let detail = t.store.call_detail(alice, done.id.into()).await.unwrap();
    assert_eq!(detail.talk_time, 44);
    t.cleanup().await;
});

conformance!(a_rejected_bid_keeps_the_amount_the_bidder_sent, |t| {
    use devtools::mock::MockBidder;
    let (c, _) = t.signed_in("alice").await;
    rtb_campaign(&t, &c, vec![MockBidder::Negative], "message").await;
    incoming(&t, "CAneg", "+13105550100", TRACKING).await;
    let auctions = ok(c.get(t.url("/api/rtb/bid-requests")).send().await.unwrap()).await;
    let request_id = auctions[0]["requestId"].as_str().unwrap().to_string();
    let responses = ok(c
        .get(t.url(&format!("/api/rtb/bid-requests/{request_id}/responses")))
        .send()
        .await
        .unwrap())
    .await;
    let r = &responses[0];
    assert_eq!(r["responseStatus"], "rejected", "{r}");
    assert_eq!(r["bidAmount"], "-5.00", "{r}");
    t.cleanup().await;
});

conformance!(
    an_rtb_winner_that_does_not_answer_leaves_the_auction_in_the_trace,
    |t| {
        use devtools::mock::MockBidder;
        let (c, _) = t.signed_in("alice").await;
        // An RTB campaign whose fallback is its own buyers.
        let id = rtb_campaign(&t, &c, vec![MockBidder::bid("30.00", 5)], "buyers").await;
        let buyer = ok(c
            .post(t.url("/api/buyers"))
            .json(&json!({"name": "House buyer", "phone": "+12125550102", "payout": "10.00"}))
            .send()
            .await
            .unwrap())
        .await;
        ok(c.put(t.url(&format!("/api/campaigns/{id}/buyers")))
            .json(&json!([{"buyerId": buyer["id"], "priority": 9}]))
            .send()
            .await
            .unwrap())
        .await;
        let twiml = incoming(&t, "CAwinner", "+13105550100", TRACKING).await;
        assert!(
            twiml.contains(&format!(">{}</Number>", devtools::mock::MOCK_DESTINATION)),
            "{twiml}"
        );
        let (_, next) = carrier(
            &t,
            "/api/webhooks/twilio/dial",
            &[("CallSid", "CAwinner"), ("DialCallStatus", "no-answer")],
        )
        .await;
        assert!(
            next.contains(">+12125550102</Number>"),
            "the campaign's buyer: {next}"
        );
        let call = t.store.call_state("CAwinner").await.unwrap().unwrap();
        let decision = routing::stored::decode(call.decision.as_deref().unwrap()).unwrap();
        let notes = decision.notes.join(" | ");
        assert!(notes.contains("RTB auction: won by Bidder"), "{notes}");
        assert!(
            notes.contains("no-answer; trying the campaign's buyers"),
            "{notes}"
        );
        t.cleanup().await;
    }
);

conformance!(every_configuration_change_reaches_the_next_call, |t| {
    let (c, _) = t.signed_in("alice").await;
    let id = campaign(
        &t,
        &c,
        &[
            ("First", "+12125550102", None, 9, None, None, "25.00"),
            ("Second", "+12125550103", None, 5, None, None, "10.00"),
        ],
        json!({"fallbackMessage": "Nobody."}),
    )
    .await;
    let buyers = ok(c.get(t.url("/api/buyers")).send().await.unwrap()).await;
    let first = buyers
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == "First")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let mut n = 0;
    let mut next = || {
        n += 1;
        (format!("CAcfgr{n:02}"), format!("+131055507{n:02}"))
    };
    let send = |method: reqwest::Method, path: String, body: serde_json::Value| {
        let c = c.clone();
        let url = t.url(&path);
        async move {
            let r = c.request(method, url).json(&body).send().await.unwrap();
            assert!(r.status().is_success(), "{}", r.status());
        }
    };
    let (sid, from) = next();
    assert!(
        incoming(&t, &sid, &from, TRACKING)
            .await
            .contains("+12125550102")
    );
    // The buyer paused.
    send(
        reqwest::Method::PATCH,
        format!("/api/buyers/{first}"),
        json!({"status": "paused"}),
    )
    .await;
    let (sid, from) = next();
    assert!(
        incoming(&t, &sid, &from, TRACKING)
            .await
            .contains("+12125550103")
    );
    send(
        reqwest::Method::PATCH,
        format!("/api/buyers/{first}"),
        json!({"status": "active"}),
    )
    .await;
    let (sid, from) = next();
    assert!(
        incoming(&t, &sid, &from, TRACKING)
            .await
            .contains("+12125550102")
    );
    // Taken off the campaign.
    let r = c
        .delete(t.url(&format!("/api/campaigns/{id}/buyers/{first}")))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let (sid, from) = next();
    assert!(
        incoming(&t, &sid, &from, TRACKING)
            .await
            .contains("+12125550103")
    );
    // The campaign paused.
    send(
        reqwest::Method::PATCH,
        format!("/api/campaigns/{id}"),
        json!({"status": "paused"}),
    )
    .await;
    let (sid, from) = next();
    let twiml = incoming(&t, &sid, &from, TRACKING).await;
    assert!(!twiml.contains("<Dial"), "{twiml}");
    send(
        reqwest::Method::PATCH,
        format!("/api/campaigns/{id}"),
        json!({"status": "active"}),
    )
    .await;
    let (sid, from) = next();
    assert!(
        incoming(&t, &sid, &from, TRACKING)
            .await
            .contains("+12125550103")
    );
    // The number released from the campaign.
    let numbers = ok(c.get(t.url("/api/phone-numbers")).send().await.unwrap()).await;
    let number = numbers.as_array().unwrap()[0]["id"].as_i64().unwrap();
    let r = c
        .delete(t.url(&format!("/api/campaigns/{id}/numbers/{number}")))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let (sid, from) = next();
    let twiml = incoming(&t, &sid, &from, TRACKING).await;
    assert!(!twiml.contains("<Dial"), "{twiml}");
    t.cleanup().await;
});
