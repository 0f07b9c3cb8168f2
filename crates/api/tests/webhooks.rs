//! Carrier webhooks end to end: signed Twilio-format requests against the
//! running server, routing by the snapshot, failover, status callbacks,
//! money, idempotency, caps under concurrency, and answers when the
//! database is gone.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::carrier::{
    PUBLIC, TRACKING, assert_valid_twiml, campaign, carrier, incoming, ok, signed_call,
};
use common::{AUTH_TOKEN, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

conformance!(an_incoming_call_rings_the_top_buyer_and_is_recorded, |t| {
    let (c, _) = t.signed_in("alice").await;
    campaign(
        &t,
        &c,
        &[
            ("Low", "+12125550101", None, 3, None, None, "10.00"),
            ("Top", "+12125550102", None, 9, None, None, "25.00"),
        ],
        json!({}),
    )
    .await;
    let twiml = incoming(&t, "CA0001", "+13105550100", TRACKING).await;
    assert!(twiml.contains("<Dial"), "{twiml}");
    assert!(twiml.contains(">+12125550102</Number>"), "{twiml}");
    assert!(
        twiml.contains("action=\"http://localhost:5000/api/webhooks/twilio/dial\""),
        "{twiml}"
    );
    let call = t
        .store
        .call_state("CA0001")
        .await
        .unwrap()
        .expect("recorded");
    assert_eq!(call.disposition, "routed");
    assert_eq!(call.dialed_number.as_deref(), Some("+12125550102"));
    let decision = routing::stored::decode(call.decision.as_deref().unwrap()).unwrap();
    assert_eq!(decision.trace.len(), 2, "both buyers are in the trace");
    let dash = ok(c.get(t.url("/api/stats/dashboard")).send().await.unwrap()).await;
    assert_eq!(dash["totalCalls"], 1);
    t.cleanup().await;
});

conformance!(
    a_forged_or_missing_signature_is_refused_and_routes_nothing,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        campaign(
            &t,
            &c,
            &[("Top", "+12125550102", None, 9, None, None, "25.00")],
            json!({}),
        )
        .await;
        let params = [
            ("CallSid", "CAforged"),
            ("From", "+13105550100"),
            ("To", TRACKING),
            ("CallStatus", "ringing"),
        ];
        let forged = Client::new()
            .post(t.url("/api/webhooks/twilio"))
            .header("X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJl")
            .form(&params)
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), StatusCode::FORBIDDEN);
        let missing = Client::new()
            .post(t.url("/api/webhooks/twilio"))
            .form(&params)
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), StatusCode::FORBIDDEN);
        // Signed for other parameters: the To was changed in flight.
        let pairs: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let sig = telephony::signature::compute(
            AUTH_TOKEN,
            &format!("{PUBLIC}/api/webhooks/twilio"),
            &pairs,
        );
        let tampered = [
            ("CallSid", "CAforged"),
            ("From", "+13105550100"),
            ("To", "+18005550000"),
            ("CallStatus", "ringing"),
        ];
        let r = Client::new()
            .post(t.url("/api/webhooks/twilio"))
            .header("X-Twilio-Signature", sig)
            .form(&tampered)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert!(t.store.call_state("CAforged").await.unwrap().is_none());
        t.cleanup().await;
    }
);

conformance!(an_unknown_number_gets_a_polite_goodbye, |t| {
    let twiml = incoming(&t, "CAunknown", "+13105550100", "+19995550100").await;
    assert!(
        twiml.contains("<Say") && twiml.contains("<Hangup/>"),
        "{twiml}"
    );
    let garbage = carrier(&t, "/api/webhooks/twilio", &[("Nonsense", "1")]).await;
    assert_eq!(garbage.0, StatusCode::OK);
    assert_valid_twiml(&garbage.1);
    t.cleanup().await;
});

conformance!(
    a_retried_webhook_gets_the_same_answer_and_counts_once,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        campaign(
            &t,
            &c,
            &[
                ("Capped", "+12125550102", None, 9, Some(1), None, "25.00"),
                ("Second", "+12125550103", None, 5, None, None, "5.00"),
            ],
            json!({}),
        )
        .await;
        let first = incoming(&t, "CAretry", "+13105550100", TRACKING).await;
        let again = incoming(&t, "CAretry", "+13105550100", TRACKING).await;
        assert_eq!(first, again);
        assert!(first.contains("+12125550102"));
        // The retry did not use up the daily cap of 1 a second time... but the
        // first call did: the next caller goes to the second buyer.
        let other = incoming(&t, "CAother", "+13105550101", TRACKING).await;
        assert!(other.contains("+12125550103"), "{other}");
        let dash = ok(c.get(t.url("/api/stats/dashboard")).send().await.unwrap()).await;
        assert_eq!(dash["totalCalls"], 2);
        t.cleanup().await;
    }
);

conformance!(
    no_answer_moves_to_the_backup_then_the_next_buyer_then_the_fallback,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        campaign(
            &t,
            &c,
            &[
                (
                    "First",
                    "+12125550102",
                    Some("+12125550199"),
                    9,
                    None,
                    None,
                    "25.00",
                ),
                ("Second", "+12125550103", None, 5, None, None, "5.00"),
            ],
            json!({}),
        )
        .await;
        incoming(&t, "CAchain", "+13105550100", TRACKING).await;
        async fn dial(t: &TestApp, status: &str) -> (StatusCode, String) {
            carrier(
                t,
                "/api/webhooks/twilio/dial",
                &[
                    ("CallSid", "CAchain"),
                    ("DialCallStatus", status),
                    ("CallStatus", "in-progress"),
                ],
            )
            .await
        }
        let (_, backup) = dial(&t, "no-answer").await;
        assert!(backup.contains(">+12125550199</Number>"), "{backup}");
        let (_, next) = dial(&t, "busy").await;
        assert!(next.contains(">+12125550103</Number>"), "{next}");
        let (_, last) = dial(&t, "failed").await;
        assert!(
            last.contains("All agents are busy.") && last.contains("<Hangup/>"),
            "{last}"
        );
        let call = t.store.call_state("CAchain").await.unwrap().unwrap();
        assert!(call.ended_at.is_some());
        let decision = routing::stored::decode(call.decision.as_deref().unwrap()).unwrap();
        let reasons: Vec<&str> = decision
            .trace
            .iter()
            .filter_map(|e| e.reason.as_deref())
            .collect();
        assert!(
            reasons.iter().any(|r| r.contains("busy"))
                && reasons.iter().any(|r| r.contains("failed")),
            "{reasons:?}"
        );
        t.cleanup().await;
    }
);

conformance!(status_callbacks_convert_the_call_and_record_money, |t| {
    let (c, _) = t.signed_in("alice").await;
    campaign(
        &t,
        &c,
        &[("Top", "+12125550102", None, 9, None, None, "25.00")],
        json!({}),
    )
    .await;
    // A callback for a call we never saw, and one before the call: harmless.
    let (s, body) = carrier(
        &t,
        "/api/webhooks/twilio/status",
        &[("CallSid", "CAnever"), ("CallStatus", "completed")],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["callId"],
        Value::Null
    );

    incoming(&t, "CApaid", "+13105550100", TRACKING).await;
    incoming(&t, "CAshort", "+13105550101", TRACKING).await;
    // Buyer legs: one long enough to convert, one too short.
    carrier(
        &t,
        "/api/webhooks/twilio/status",
        &[
            ("CallSid", "CAleg1"),
            ("ParentCallSid", "CApaid"),
            ("CallStatus", "in-progress"),
        ],
    )
    .await;
    carrier(
        &t,
        "/api/webhooks/twilio/status",
        &[
            ("CallSid", "CAleg1"),
            ("ParentCallSid", "CApaid"),
            ("CallStatus", "completed"),
            ("CallDuration", "125"),
        ],
    )
    .await;
    carrier(
        &t,
        "/api/webhooks/twilio/status",
        &[
            ("CallSid", "CAleg2"),
            ("ParentCallSid", "CAshort"),
            ("CallStatus", "completed"),
            ("CallDuration", "20"),
        ],
    )
    .await;
    for sid in ["CApaid", "CAshort"] {
        let (s, body) = carrier(
            &t,
            "/api/webhooks/twilio/status",
            &[
                ("CallSid", sid),
                ("CallStatus", "completed"),
                ("CallDuration", "130"),
                ("Price", "-0.0085"),
                ("PriceUnit", "USD"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["received"], true);
        assert_eq!(v["status"], "completed");
    }
    // Twice, and a late non-final one: nothing moves back.
    carrier(
        &t,
        "/api/webhooks/twilio/status",
        &[
            ("CallSid", "CApaid"),
            ("CallStatus", "completed"),
            ("CallDuration", "130"),
        ],
    )
    .await;
    carrier(
        &t,
        "/api/webhooks/twilio/status",
        &[("CallSid", "CApaid"), ("CallStatus", "ringing")],
    )
    .await;
    let paid = t.store.call_state("CApaid").await.unwrap().unwrap();
    assert!(paid.converted);
    assert_eq!(paid.status, "completed");
    assert!(
        !t.store
            .call_state("CAshort")
            .await
            .unwrap()
            .unwrap()
            .converted
    );
    let dash = ok(c.get(t.url("/api/stats/dashboard")).send().await.unwrap()).await;
    assert_eq!(dash["totalRevenue"], "25.00");
    assert_eq!(dash["successRate"], 100.0);
    t.cleanup().await;
});

conformance!(caps_hold_under_200_concurrent_calls, |t| {
    let (c, _) = t.signed_in("alice").await;
    campaign(
        &t,
        &c,
        &[
            ("Daily50", "+12125550102", None, 9, Some(50), None, "25.00"),
            (
                "Concurrent10",
                "+12125550103",
                None,
                5,
                None,
                Some(10),
                "5.00",
            ),
        ],
        json!({}),
    )
    .await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..200 {
        tasks.spawn(signed_call(
            t.base.clone(),
            format!("CAload{i:04}"),
            format!("+1310555{i:04}"),
        ));
    }
    let answers = tasks.join_all().await;
    let to_a = answers
        .iter()
        .filter(|a| a.contains("+12125550102"))
        .count();
    let to_b = answers
        .iter()
        .filter(|a| a.contains("+12125550103"))
        .count();
    assert_eq!(to_a, 50, "daily cap 50 is exact");
    assert_eq!(to_b, 10, "concurrent cap 10 is exact");
    assert_eq!(
        answers
            .iter()
            .filter(|a| a.contains("All agents are busy."))
            .count(),
        140
    );
    t.cleanup().await;
});

conformance!(the_caller_still_gets_twiml_when_the_database_is_gone, |t| {
    let (c, _) = t.signed_in("alice").await;
    campaign(
        &t,
        &c,
        &[("Top", "+12125550102", None, 9, None, None, "25.00")],
        json!({}),
    )
    .await;
    t.store.close().await;
    let twiml = incoming(&t, "CAdbdown", "+13105550100", TRACKING).await;
    assert!(
        twiml.contains("+12125550102"),
        "routing works from memory: {twiml}"
    );
    let (s, body) = carrier(
        &t,
        "/api/webhooks/twilio/dial",
        &[("CallSid", "CAdbdown"), ("DialCallStatus", "no-answer")],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_valid_twiml(&body);
    let (s, _) = carrier(
        &t,
        "/api/webhooks/twilio/status",
        &[("CallSid", "CAdbdown"), ("CallStatus", "completed")],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    t.cleanup().await;
});

conformance!(a_paused_campaign_routes_nowhere_but_the_call_is_kept, |t| {
    let (c, _) = t.signed_in("alice").await;
    let id = campaign(
        &t,
        &c,
        &[("Top", "+12125550102", None, 9, None, None, "25.00")],
        json!({}),
    )
    .await;
    ok(c.patch(t.url(&format!("/api/campaigns/{id}")))
        .json(&json!({"status": "paused"}))
        .send()
        .await
        .unwrap())
    .await;
    let twiml = incoming(&t, "CApaused", "+13105550100", TRACKING).await;
    assert!(
        twiml.contains("<Hangup/>") && !twiml.contains("<Dial"),
        "{twiml}"
    );
    let call = t.store.call_state("CApaused").await.unwrap().unwrap();
    assert_eq!(call.disposition, "no_route");
    t.cleanup().await;
});

conformance!(
    a_test_call_shows_the_buyer_and_trace_without_counting,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        let id = campaign(
            &t,
            &c,
            &[
                ("Capped", "+12125550102", None, 9, Some(1), None, "25.00"),
                ("Second", "+12125550103", None, 5, None, None, "5.00"),
            ],
            json!({}),
        )
        .await;
        let sim = |body: Value| {
            c.post(t.url(&format!("/api/campaigns/{id}/simulate")))
                .json(&body)
                .send()
        };
        for _ in 0..2 {
            let s = ok(
                sim(json!({"callerNumber": "(310) 555-0100", "callerState": "CA"}))
                    .await
                    .unwrap(),
            )
            .await;
            assert_eq!(s["outcome"], "routed");
            assert_eq!(
                s["buyer"]["buyerName"], "Capped",
                "simulations never use up a cap: {s}"
            );
            assert_eq!(s["trace"].as_array().unwrap().len(), 2);
        }
        incoming(&t, "CAreal", "+13105550100", TRACKING).await;
        let s = ok(sim(json!({"callerNumber": "+13105550199"})).await.unwrap()).await;
        assert_eq!(s["buyer"]["buyerName"], "Second");
        let capped = s["trace"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["buyerName"] == "Capped")
            .unwrap()
            .clone();
        assert_eq!(capped["result"], "skipped");
        assert!(
            capped["reason"].as_str().unwrap().contains("daily cap"),
            "{capped}"
        );
        let bad = sim(json!({"callerNumber": "12ab"})).await.unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let (mallory, _) = t.signed_in("mallory").await;
        let r = mallory
            .post(t.url(&format!("/api/campaigns/{id}/simulate")))
            .json(&json!({"callerNumber": "+13105550100"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        t.cleanup().await;
    }
);

conformance!(
    a_call_turned_away_raises_one_alert_in_the_activity_feed,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        let (bob, _) = t.signed_in("bob").await;
        campaign(
            &t,
            &c,
            &[("Only", "+12125550102", None, 5, None, Some(1), "25.00")],
            json!({}),
        )
        .await;
        let first = incoming(&t, "CAalert1", "+13105550100", TRACKING).await;
        assert!(first.contains("<Dial"), "{first}");
        // The only buyer is on the phone: the next two calls are turned away.
        for sid in ["CAalert2", "CAalert3"] {
            let twiml = incoming(&t, sid, "+13105550101", TRACKING).await;
            assert!(!twiml.contains("<Dial"), "{twiml}");
        }
        let alerts = |c: Client| {
            let t = &t;
            async move {
                let feed = ok(c.get(t.url("/api/activity")).send().await.unwrap()).await;
                feed["activity"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|a| a["kind"] == "alert.no_buyer")
                    .cloned()
                    .collect::<Vec<Value>>()
            }
        };
        // Raised off the answer's path: give it a moment.
        let mut found = vec![];
        for _ in 0..50 {
            found = alerts(c.clone()).await;
            if !found.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0]["severity"], "warning");
        let message = found[0]["message"].as_str().unwrap();
        assert!(
            message.contains("Health") && message.contains("no eligible buyer"),
            "{message}"
        );
        assert!(alerts(bob).await.is_empty(), "another tenant's alert");
        t.cleanup().await;
    }
);
