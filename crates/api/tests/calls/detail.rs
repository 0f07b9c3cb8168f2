//! One call in full, made through signed webhooks.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::assert_error;
use crate::common::carrier::{TRACKING, campaign, carrier, incoming, ok};
use crate::conformance;
use crate::seed::calls;

conformance!(the_detail_shows_the_routing_trace_campaign_and_buyer, |t| {
    let (c, _) = t.signed_in("alice").await;
    campaign(
        &t,
        &c,
        &[
            ("Top", "+12125550102", None, 9, None, None, "25.00"),
            ("Second", "+12125550103", None, 5, None, None, "5.00"),
        ],
        json!({}),
    )
    .await;
    incoming(&t, "CAdetail1", "+13105550100", TRACKING).await;
    carrier(
        &t,
        "/api/webhooks/twilio/dial",
        &[
            ("CallSid", "CAdetail1"),
            ("DialCallStatus", "no-answer"),
            ("CallStatus", "in-progress"),
        ],
    )
    .await;
    for (status, duration) in [("in-progress", None), ("completed", Some("125"))] {
        let mut p = vec![
            ("CallSid", "CAleg1"),
            ("ParentCallSid", "CAdetail1"),
            ("CallStatus", status),
        ];
        p.extend(duration.map(|d| ("CallDuration", d)));
        carrier(&t, "/api/webhooks/twilio/status", &p).await;
    }
    carrier(
        &t,
        "/api/webhooks/twilio/status",
        &[
            ("CallSid", "CAdetail1"),
            ("CallStatus", "completed"),
            ("CallDuration", "130"),
            ("Price", "-0.0085"),
            ("PriceUnit", "USD"),
            ("RecordingUrl", "https://api.twilio.com/rec/RE1"),
            ("RecordingSid", "RE1"),
            ("RecordingDuration", "120"),
        ],
    )
    .await;

    let listed = calls(&t, &c, "search=CAdetail").await;
    assert_eq!(listed["total"], 1);
    let id = listed["calls"][0]["id"].as_i64().unwrap();
    let d = ok(c
        .get(t.url(&format!("/api/calls/{id}")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(d["callSid"], "CAdetail1");
    assert_eq!(d["campaign"], json!({"name": "Health", "type": "direct"}));
    assert_eq!(d["buyer"], json!({"name": "Second", "company": null}));
    assert_eq!(d["buyerName"], "Second");
    assert_eq!(d["dialedNumber"], "+12125550103");
    assert_eq!(d["geoLocation"], "New York, NY");
    assert_eq!(
        (d["callerZip"].clone(), d["callerCountry"].clone()),
        (json!("10001"), json!("US"))
    );
    assert_eq!(
        (
            d["status"].clone(),
            d["duration"].clone(),
            d["talkTime"].clone()
        ),
        (json!("completed"), json!(130), json!(125))
    );
    assert_eq!(
        (
            d["converted"].clone(),
            d["revenue"].clone(),
            d["cost"].clone()
        ),
        (json!(true), json!("5.00"), json!("0.0085"))
    );
    assert_eq!(d["recordingUrl"], "https://api.twilio.com/rec/RE1");
    assert_eq!(
        (d["recordingSid"].clone(), d["recordingDuration"].clone()),
        (json!("RE1"), json!(120))
    );
    assert_eq!(
        (d["callQuality"].clone(), d["transcription"].clone()),
        (Value::Null, Value::Null)
    );
    assert_eq!(
        (d["routingAttempts"].clone(), d["minDurationSecs"].clone()),
        (json!(2), json!(60))
    );
    assert!(
        d["connectedAt"].as_str().unwrap().ends_with('Z') && d["endedAt"].is_string(),
        "{d}"
    );
    assert_eq!(
        d["utm"],
        json!({"source": null, "medium": null, "campaign": null, "content": null, "term": null})
    );
    let routing = &d["routing"];
    assert_eq!(
        (routing["outcome"].clone(), routing["reason"].clone()),
        (json!("routed"), Value::Null)
    );
    assert_eq!(
        (routing["duplicate"].clone(), routing["paid"].clone()),
        (json!(false), json!(true))
    );
    let trace = routing["trace"].as_array().unwrap();
    assert_eq!(trace.len(), 2, "{routing}");
    assert_eq!(
        (trace[0]["buyerName"].clone(), trace[0]["result"].clone()),
        (json!("Top"), json!("skipped"))
    );
    assert!(
        trace[0]["reason"].as_str().unwrap().contains("no-answer"),
        "{routing}"
    );
    assert_eq!(
        (trace[1]["buyerName"].clone(), trace[1]["result"].clone()),
        (json!("Second"), json!("selected"))
    );
    let candidates = routing["candidates"].as_array().unwrap();
    assert_eq!(candidates[0]["number"], "+12125550102");
    assert_eq!(
        (
            candidates[0]["payout"].clone(),
            candidates[1]["payout"].clone()
        ),
        (json!("25.00"), json!("5.00"))
    );
    assert!(candidates[0]["buyerId"].is_i64() && candidates[0].get("backupNumber").is_some());
    assert_eq!(routing["notes"], json!([]));

    let r = c.get(t.url("/api/calls/999999")).send().await.unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let r = c.get(t.url("/api/calls/abc")).send().await.unwrap();
    assert_error(r, StatusCode::BAD_REQUEST, "BAD_REQUEST").await;
    t.cleanup().await;
});
