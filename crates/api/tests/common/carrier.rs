//! The carrier's side of a test: signed Twilio-format webhooks, and an
//! active campaign with buyers on a tracking number for them to reach.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use devtools::mock::{MockBidder, spawn_fleet};

use super::{AUTH_TOKEN, TestApp};

/// The public URL webhooks are signed for (`settings().public_url`).
pub const PUBLIC: &str = "http://localhost:5000";
/// The tracking number [`campaign`] buys.
pub const TRACKING: &str = "+18562813889";

/// POST a form to one of our webhooks, signed as Twilio signs it.
pub async fn carrier(t: &TestApp, path: &str, params: &[(&str, &str)]) -> (StatusCode, String) {
    let pairs: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let signature = telephony::signature::compute(AUTH_TOKEN, &format!("{PUBLIC}{path}"), &pairs);
    let r = Client::new()
        .post(t.url(path))
        .header("X-Twilio-Signature", signature)
        .form(&pairs)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.text().await.unwrap())
}

/// An inbound call from `from` to `to`, from New York; returns the TwiML.
pub async fn incoming(t: &TestApp, sid: &str, from: &str, to: &str) -> String {
    let (status, body) = carrier(
        t,
        "/api/webhooks/twilio",
        &[
            ("CallSid", sid),
            ("AccountSid", "AC123"),
            ("From", from),
            ("To", to),
            ("CallStatus", "ringing"),
            ("Direction", "inbound"),
            ("FromCity", "NEW YORK"),
            ("FromState", "NY"),
            ("FromZip", "10001"),
            ("FromCountry", "US"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_valid_twiml(&body);
    body
}

pub fn assert_valid_twiml(body: &str) {
    assert!(body.starts_with("<?xml"), "{body}");
    assert!(
        body.contains("<Response>") && body.ends_with("</Response>"),
        "{body}"
    );
}

/// The JSON of a successful answer.
pub async fn ok(r: reqwest::Response) -> Value {
    let s = r.status();
    let v: Value = r.json().await.unwrap();
    assert!(s.is_success(), "{s} {v}");
    v
}

/// A buyer of [`campaign`]: name, phone, backup, priority, daily cap,
/// concurrent cap, payout.
pub type BuyerSpec<'a> = (
    &'a str,
    &'a str,
    Option<&'a str>,
    i64,
    Option<i64>,
    Option<i64>,
    &'a str,
);

/// An active direct campaign on [`TRACKING`] with the given buyers and
/// extra campaign fields; returns its id.
pub async fn campaign(t: &TestApp, c: &Client, buyers: &[BuyerSpec<'_>], extra: Value) -> String {
    campaign_on(t, c, TRACKING, buyers, extra).await
}

/// [`campaign`] on another tracking number (numbers are platform-unique).
pub async fn campaign_on(
    t: &TestApp,
    c: &Client,
    tracking: &str,
    buyers: &[BuyerSpec<'_>],
    extra: Value,
) -> String {
    let mut body = json!({"name": "Health", "type": "direct", "minDurationSecs": 60, "fallbackMessage": "All agents are busy."});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let id = ok(c
        .post(t.url("/api/campaigns"))
        .json(&body)
        .send()
        .await
        .unwrap())
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let number = ok(c
        .post(t.url("/api/phone-numbers"))
        .json(&json!({"phoneNumber": tracking}))
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
    let mut terms = vec![];
    for (name, phone, backup, priority, daily, concurrent, payout) in buyers {
        let b = ok(c
            .post(t.url("/api/buyers"))
            .json(&json!({
                "name": name, "phone": phone, "backupPhone": backup, "dailyCallCap": daily,
                "maxConcurrentCalls": concurrent, "payout": payout
            }))
            .send()
            .await
            .unwrap())
        .await;
        terms.push(json!({"buyerId": b["id"], "priority": priority}));
    }
    ok(c.put(t.url(&format!("/api/campaigns/{id}/buyers")))
        .json(&terms)
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

/// A signed incoming call from `from` to [`TRACKING`] on the server at
/// `base` (owned arguments: it can run in a task of its own); the TwiML.
pub async fn signed_call(base: String, sid: String, from: String) -> String {
    let pairs: Vec<(String, String)> = [
        ("CallSid", sid.as_str()),
        ("AccountSid", "AC123"),
        ("From", from.as_str()),
        ("To", TRACKING),
        ("CallStatus", "ringing"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let sig =
        telephony::signature::compute(AUTH_TOKEN, &format!("{PUBLIC}/api/webhooks/twilio"), &pairs);
    Client::new()
        .post(format!("{base}/api/webhooks/twilio"))
        .header("X-Twilio-Signature", sig)
        .form(&pairs)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// An active RTB campaign on TRACKING whose bidders behave as `fleet`.
pub async fn rtb_campaign(
    t: &TestApp,
    c: &Client,
    fleet: Vec<MockBidder>,
    fallback: &str,
) -> String {
    rtb_campaign_with(t, c, fleet, fallback, &[]).await
}

/// As [`rtb_campaign`], with extra target fields per bidder (caps, …).
pub async fn rtb_campaign_with(
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
