//! Outbound webhooks through the API, on both databases: an endpoint gets
//! the account's events (a signed call's, a campaign's) as Standard
//! Webhooks messages signed with its secret; subscriptions and campaign
//! filters hold; failures are logged, retried on replay with the same
//! `webhook-id`, and a 410 disables the endpoint with an alert; events
//! written while no worker ran survive a restart; rotation signs with both
//! secrets; another account sees and touches nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::HeaderMap;
use common::carrier::{TRACKING, carrier, incoming, ok};
use common::{TestApp, assert_error};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A request the receiver got.
#[derive(Clone, Debug)]
struct Got {
    method: String,
    uri: String,
    headers: HeaderMap,
    body: String,
}

impl Got {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }
    fn header(&self, name: &str) -> String {
        self.headers[name].to_str().unwrap().to_string()
    }
}

/// A local endpoint that records what it gets and answers `status`.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Got>>>,
    status: Arc<AtomicU16>,
}

impl Receiver {
    async fn start() -> Receiver {
        let got = Arc::new(Mutex::new(Vec::new()));
        let status = Arc::new(AtomicU16::new(200));
        let (g, s) = (got.clone(), status.clone());
        let app = axum::Router::new().fallback(
            move |method: axum::http::Method,
                  uri: axum::http::Uri,
                  headers: HeaderMap,
                  body: String| {
                let (g, s) = (g.clone(), s.clone());
                async move {
                    g.lock().unwrap().push(Got {
                        method: method.to_string(),
                        uri: uri.to_string(),
                        headers,
                        body,
                    });
                    (
                        StatusCode::from_u16(s.load(Ordering::SeqCst)).unwrap(),
                        "thanks",
                    )
                }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Receiver { url, got, status }
    }

    fn events(&self) -> Vec<String> {
        self.got
            .lock()
            .unwrap()
            .iter()
            .map(|g| g.json()["event"].as_str().unwrap().to_string())
            .collect()
    }

    /// Wait (up to 10 s) until a message of `event` came; all of them.
    async fn wait_for(&self, event: &str) -> Vec<Got> {
        for _ in 0..200 {
            let found: Vec<Got> = self
                .got
                .lock()
                .unwrap()
                .iter()
                .filter(|g| g.json()["event"] == event)
                .cloned()
                .collect();
            if !found.is_empty() {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no {event} came; got {:?}", self.events());
    }
}

/// The signature header checks out with `secret`.
fn signed_by(g: &Got, secret: &str) -> bool {
    let id = g.header("webhook-id");
    let ts: i64 = g.header("webhook-timestamp").parse().unwrap();
    let expected = events::Signer::new(secret, None)
        .unwrap()
        .sign(&id, ts, &g.body);
    g.header("webhook-signature")
        .split(' ')
        .any(|s| s == expected)
}

async fn create(t: &TestApp, c: &reqwest::Client, body: Value) -> reqwest::Response {
    c.post(t.url("/api/integrations/webhooks"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

conformance!(events_reach_subscribed_endpoints_signed, |t| {
    let (c, _) = t.signed_in("alice").await;
    api::integrations::worker::spawn(t.state.clone());
    let all = Receiver::start().await;
    let only = Receiver::start().await;
    let made = ok(create(&t, &c, json!({"url": all.url, "description": "CRM ✓"})).await).await;
    let secret = made["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("whsec_"), "{made}");
    assert_eq!(
        made["secretHint"],
        format!("whsec_…{}", &secret[secret.len() - 4..])
    );
    ok(create(
        &t,
        &c,
        json!({"url": only.url, "eventTypes": ["call.completed", "alert.*"]}),
    )
    .await)
    .await;

    // A campaign and a signed call that completes.
    let campaign = common::carrier::campaign(
        &t,
        &c,
        &[("Ann", "+13105550111", None, 1, None, None, "20.00")],
        json!({}),
    )
    .await;
    incoming(&t, "CAhook1", "+12125550123", TRACKING).await;
    carrier(
        &t,
        "/api/webhooks/twilio/status",
        &[
            ("CallSid", "CAhook1"),
            ("CallStatus", "completed"),
            ("CallDuration", "125"),
        ],
    )
    .await;
    let completed = all.wait_for("call.completed").await;
    let g = &completed[0];
    assert!(signed_by(g, &secret), "{:?}", g.headers);
    assert!(g.header("webhook-id").starts_with("msg_"));
    let body = g.json();
    assert_eq!(body["call"]["fromNumber"], "+12125550123", "{body}");
    assert_eq!(body["call"]["toNumber"], TRACKING);
    assert_eq!(body["call"]["campaignId"], campaign.as_str());
    assert_eq!(body["call"]["status"], "completed");
    assert_eq!(body["call"]["duration"], 125);
    assert!(body["eventId"].as_str().unwrap().starts_with("evt_"));
    all.wait_for("call.incoming").await;
    all.wait_for("call.routed").await;
    let created = all.wait_for("campaign.created").await;
    assert_eq!(created[0].json()["campaign"]["name"], "Health");
    all.wait_for("campaign.status_changed").await;
    // The filtered endpoint got the completion only.
    only.wait_for("call.completed").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(only.events(), vec!["call.completed"], "{:?}", only.events());

    // The delivery log shows it, with its attempt.
    let endpoints = ok(c
        .get(t.url("/api/integrations/webhooks"))
        .send()
        .await
        .unwrap())
    .await;
    let id = endpoints[0]["id"].as_i64().unwrap();
    let messages = ok(c
        .get(t.url(&format!(
            "/api/integrations/webhooks/{id}/messages?status=delivered"
        )))
        .send()
        .await
        .unwrap())
    .await;
    let done = messages
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["eventType"] == "call.completed")
        .unwrap();
    assert_eq!(done["webhookId"], g.header("webhook-id"));
    let detail = ok(c
        .get(t.url(&format!(
            "/api/integrations/webhooks/{id}/messages/{}",
            done["id"]
        )))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(detail["body"], g.body.as_str());
    assert_eq!(detail["attemptsLog"][0]["statusCode"], 200);
    assert_eq!(detail["attemptsLog"][0]["response"], "thanks");
    let one = ok(c
        .get(t.url(&format!("/api/integrations/webhooks/{id}")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(one["figures"]["successRate"], 100.0, "{one}");
    assert_eq!(one["description"], "CRM ✓");
    t.cleanup().await;
});

conformance!(failures_are_logged_replayed_and_a_410_disables, |t| {
    let (c, _) = t.signed_in("alice").await;
    api::integrations::worker::spawn(t.state.clone());
    let r = Receiver::start().await;
    r.status.store(503, Ordering::SeqCst);
    let made = ok(create(&t, &c, json!({"url": r.url})).await).await;
    let id = made["id"].as_i64().unwrap();
    ok(
        c.post(t.url(&format!("/api/integrations/webhooks/{id}/test")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let first = r.wait_for("webhook.test").await;
    // Logged as failed once, waiting for its next attempt.
    let mut message = Value::Null;
    for _ in 0..100 {
        let list = ok(c
            .get(t.url(&format!("/api/integrations/webhooks/{id}/messages")))
            .send()
            .await
            .unwrap())
        .await;
        message = list[0].clone();
        if message["attempts"] == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(message["status"], "pending", "{message}");
    assert_eq!(message["lastStatus"], 503);
    assert!(message["nextAttemptAt"].is_string());
    let endpoint = ok(c
        .get(t.url(&format!("/api/integrations/webhooks/{id}")))
        .send()
        .await
        .unwrap())
    .await;
    assert!(endpoint["failingSince"].is_string(), "{endpoint}");

    // Replayed now: the same webhook-id; a 410 disables the endpoint.
    r.status.store(410, Ordering::SeqCst);
    ok(c.post(t.url(&format!(
        "/api/integrations/webhooks/{id}/messages/{}/replay",
        message["id"]
    )))
    .send()
    .await
    .unwrap())
    .await;
    for _ in 0..200 {
        if r.got.lock().unwrap().len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let all = r.got.lock().unwrap().clone();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].header("webhook-id"), first[0].header("webhook-id"));
    let mut endpoint = Value::Null;
    for _ in 0..100 {
        endpoint = ok(c
            .get(t.url(&format!("/api/integrations/webhooks/{id}")))
            .send()
            .await
            .unwrap())
        .await;
        if endpoint["enabled"] == false {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(endpoint["enabled"], false, "{endpoint}");
    assert_eq!(endpoint["disabledReason"], "the endpoint answered 410 Gone");
    assert_eq!(endpoint["figures"]["failed"], 1, "{endpoint}");
    let feed = ok(c.get(t.url("/api/activity")).send().await.unwrap()).await;
    assert!(
        feed["activity"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["kind"] == "webhook.endpoint_disabled"),
        "{feed}"
    );
    // A disabled endpoint gets nothing; enabled again, replaying the
    // failed messages since a time sends them.
    ok(
        c.post(t.url(&format!("/api/integrations/webhooks/{id}/test")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(r.got.lock().unwrap().len(), 2);
    r.status.store(204, Ordering::SeqCst);
    ok(c.put(t.url(&format!("/api/integrations/webhooks/{id}")))
        .json(&json!({"url": r.url, "enabled": true}))
        .send()
        .await
        .unwrap())
    .await;
    let replayed = ok(c
        .post(t.url(&format!("/api/integrations/webhooks/{id}/replay")))
        .json(&json!({"since": "2020-01-01T00:00:00Z"}))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(replayed["queued"], 1);
    for _ in 0..200 {
        if r.got.lock().unwrap().len() >= 4 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        r.got.lock().unwrap().len(),
        4,
        "the waiting test event and the replayed one"
    );
    t.cleanup().await;
});

conformance!(events_survive_a_restart_and_rotation_signs_twice, |t| {
    let (c, _) = t.signed_in("alice").await;
    let r = Receiver::start().await;
    let made = ok(create(
        &t,
        &c,
        json!({"url": r.url, "eventTypes": ["campaign.created"]}),
    )
    .await)
    .await;
    let id = made["id"].as_i64().unwrap();
    let old = made["secret"].as_str().unwrap().to_string();
    // Written while no worker runs, then the server restarts.
    ok(c.post(t.url("/api/campaigns"))
        .json(&json!({"name": "Before restart", "type": "direct"}))
        .send()
        .await
        .unwrap())
    .await;
    let t = t.restart(common::settings()).await;
    api::integrations::worker::spawn(t.state.clone());
    let got = r.wait_for("campaign.created").await;
    assert_eq!(got[0].json()["campaign"]["name"], "Before restart");
    assert!(signed_by(&got[0], &old));

    let c = t.client();
    assert_eq!(
        t.login(&c, "alice", "correct horse").await.status(),
        StatusCode::OK
    );
    let rotated = ok(c
        .post(t.url(&format!("/api/integrations/webhooks/{id}/rotate-secret")))
        .send()
        .await
        .unwrap())
    .await;
    let new = rotated["secret"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    assert!(rotated["previousSecretUntil"].is_string(), "{rotated}");
    ok(c.post(t.url("/api/campaigns"))
        .json(&json!({"name": "After rotation", "type": "direct"}))
        .send()
        .await
        .unwrap())
    .await;
    let mut both = None;
    for _ in 0..200 {
        both = r
            .got
            .lock()
            .unwrap()
            .iter()
            .find(|g| g.json()["campaign"]["name"] == "After rotation")
            .cloned();
        if both.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let both = both.expect("the second campaign's event");
    assert!(signed_by(&both, &new) && signed_by(&both, &old));
    assert_eq!(both.header("webhook-signature").split(' ').count(), 2);
    t.cleanup().await;
});

conformance!(
    endpoints_are_checked_masked_and_private_to_their_account,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        let r = Receiver::start().await;
        for (body, field) in [
            (json!({"url": "ftp://example.com/x"}), "url"),
            (json!({"url": ""}), "url"),
            (json!({"url": format!("{}\u{0}", r.url)}), "url"),
            (
                json!({"url": r.url, "eventTypes": ["call.Completed"]}),
                "eventTypes",
            ),
            (
                json!({"url": r.url, "campaignIds": ["nope"]}),
                "campaignIds",
            ),
            (
                json!({"url": r.url, "headers": {"webhook-id": "x"}}),
                "headers",
            ),
            (
                json!({"url": r.url, "headers": {"X-Bad": "a\nb"}}),
                "headers",
            ),
            (
                json!({"url": r.url, "description": "x".repeat(501)}),
                "description",
            ),
        ] {
            let e = assert_error(
                create(&t, &c, body.clone()).await,
                StatusCode::UNPROCESSABLE_ENTITY,
                "VALIDATION_ERROR",
            )
            .await;
            assert!(e.to_string().contains(field), "{body}: {e}");
        }
        assert_eq!(
            ok(c.get(t.url("/api/integrations/webhooks"))
                .send()
                .await
                .unwrap())
            .await,
            json!([]),
            "nothing was made"
        );
        // Credential headers are masked, and kept when sent back masked.
        let made = ok(create(
        &t,
        &c,
        json!({"url": r.url, "headers": {"Authorization": "Bearer s3cr3t-value", "X-Team": "Ünïcode 🚀"}}),
    )
    .await)
    .await;
        let id = made["id"].as_i64().unwrap();
        let masked = made["headers"]["Authorization"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(!masked.contains("s3cr3t"), "{made}");
        assert_eq!(made["headers"]["X-Team"], "Ünïcode 🚀");
        let saved = ok(c
            .put(t.url(&format!("/api/integrations/webhooks/{id}")))
            .json(&json!({"url": r.url, "headers": {"Authorization": masked}}))
            .send()
            .await
            .unwrap())
        .await;
        assert!(!saved.to_string().contains("s3cr3t"));
        assert!(!saved.to_string().contains(made["secret"].as_str().unwrap()));
        assert!(
            t.store
                .endpoint(domain::AccountId(i64::MAX), id)
                .await
                .is_err(),
            "another account's id finds nothing"
        );
        let event_types = ok(c
            .get(t.url("/api/integrations/event-types"))
            .send()
            .await
            .unwrap())
        .await;
        assert!(event_types.as_array().unwrap().len() >= 19);

        // Bob sees none of it and changes nothing.
        let (b, _) = t.signed_in("bob").await;
        assert_eq!(
            ok(b.get(t.url("/api/integrations/webhooks"))
                .send()
                .await
                .unwrap())
            .await,
            json!([])
        );
        let base = format!("/api/integrations/webhooks/{id}");
        for (method, path) in [
            ("GET", base.clone()),
            ("PUT", base.clone()),
            ("DELETE", base.clone()),
            ("POST", format!("{base}/test")),
            ("POST", format!("{base}/rotate-secret")),
            ("GET", format!("{base}/messages")),
            ("GET", format!("{base}/messages/1")),
            ("POST", format!("{base}/messages/1/replay")),
            ("POST", format!("{base}/replay")),
        ] {
            let req = b.request(method.parse().unwrap(), t.url(&path));
            let req = match method {
                "PUT" => req.json(&json!({"url": r.url})),
                "POST" if path.ends_with("/replay") && !path.contains("messages") => {
                    req.json(&json!({"since": "2020-01-01T00:00:00Z"}))
                }
                _ => req,
            };
            let resp = req.send().await.unwrap();
            assert_eq!(resp.status(), StatusCode::NOT_FOUND, "{method} {path}");
        }
        // Bob's campaign makes no event for Alice's endpoint.
        ok(b.post(t.url("/api/campaigns"))
            .json(&json!({"name": "Bob's", "type": "direct"}))
            .send()
            .await
            .unwrap())
        .await;
        api::integrations::worker::spawn(t.state.clone());
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert!(r.events().is_empty(), "{:?}", r.events());
        assert_eq!(
            ok(c.get(t.url(&base)).send().await.unwrap()).await["headers"]["X-Team"],
            Value::Null,
            "the saved headers are the ones sent"
        );
        t.cleanup().await;
    }
);

conformance!(
    pixels_fire_templated_requests_when_their_conditions_hold,
    |t| {
        let (c, alice) = t.signed_in("alice").await;
        api::integrations::worker::spawn(t.state.clone());
        let r = Receiver::start().await;
        let base = r.url.trim_end_matches("/hook").to_string();
        let campaign = common::carrier::campaign(
            &t,
            &c,
            &[("Ann", "+13105550111", None, 1, None, None, "20.00")],
            json!({"name": "Été & co"}),
        )
        .await;
        let long = ok(c
            .post(t.url("/api/integrations/pixels"))
            .json(&json!({
                "name": "Long calls", "fireOn": ["completed"],
                "url": format!("{base}/px?cid=[call_id]&c=[campaign_name]&d=[duration]&x=[nope]"),
                "basicAuth": {"username": "aff", "password": "pa ss"},
                "conditions": [{"token": "duration", "operator": "greater_than", "value": "60"}],
                "maxFiresPerCall": 1
            }))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(long["basicAuthUsername"], "aff");
        assert!(!long.to_string().contains("pa ss"), "{long}");
        let posted = ok(c
        .post(t.url("/api/integrations/pixels"))
        .json(&json!({
            "name": "CRM", "fireOn": ["incoming", "payout"], "method": "post", "campaignId": campaign,
            "url": format!("{base}/crm"), "body": "{\"caller\":\"[caller_id]\",\"event\":\"[event]\",\"revenue\":\"[revenue]\"}",
            "headers": {"X-Key": "k1"}
        }))
        .send()
        .await
        .unwrap())
    .await;
        assert_eq!(posted["method"], "POST");

        // A long call: both fire; a short one: only the CRM's incoming.
        for (sid, secs) in [("CApx1", "125"), ("CApx2", "30")] {
            incoming(&t, sid, "+12125550123", TRACKING).await;
            carrier(
                &t,
                "/api/webhooks/twilio/status",
                &[
                    ("CallSid", sid),
                    ("CallStatus", "completed"),
                    ("CallDuration", secs),
                ],
            )
            .await;
        }
        let calls = ok(c.get(t.url("/api/calls")).send().await.unwrap()).await;
        let id_of = |sid: &str| {
            calls["calls"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["callSid"] == sid)
                .unwrap()["id"]
                .as_i64()
                .unwrap()
        };
        let (first, _second) = (id_of("CApx1"), id_of("CApx2"));
        // A conversion with revenue: the payout fire.
        ok(c.post(t.url("/api/conversions"))
            .json(&json!({"callId": first, "revenue": "45.50"}))
            .send()
            .await
            .unwrap())
        .await;
        for _ in 0..200 {
            if r.got.lock().unwrap().len() >= 4 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let got = r.got.lock().unwrap().clone();
        let gets: Vec<&Got> = got.iter().filter(|g| g.uri.starts_with("/px")).collect();
        assert_eq!(gets.len(), 1, "{got:?}");
        assert_eq!(gets[0].method, "GET");
        assert_eq!(
            gets[0].uri,
            format!("/px?cid={first}&c=%C3%89t%C3%A9%20%26%20co&d=125&x=[nope]")
        );
        assert!(gets[0].header("authorization").starts_with("Basic "));
        assert!(!gets[0].headers.contains_key("webhook-signature"));
        let crm: Vec<Value> = got
            .iter()
            .filter(|g| g.uri == "/crm")
            .map(|g| {
                assert_eq!(g.method, "POST");
                assert_eq!(g.header("x-key"), "k1");
                g.json()
            })
            .collect();
        let events: Vec<&str> = crm.iter().map(|b| b["event"].as_str().unwrap()).collect();
        assert_eq!(
            events.iter().filter(|e| **e == "call.incoming").count(),
            2,
            "{crm:?}"
        );
        assert!(
            crm.iter()
                .any(|b| b["event"] == "call.converted" && b["revenue"] == "45.50"),
            "{crm:?}"
        );
        assert_eq!(crm[0]["caller"], "+12125550123");

        // The firing log shows the rendered request.
        let fires = ok(c
            .get(t.url(&format!("/api/integrations/pixels/{}/fires", long["id"])))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(fires.as_array().unwrap().len(), 1, "{fires}");
        assert_eq!(fires[0]["requestMethod"], "GET");
        assert!(
            fires[0]["requestUrl"]
                .as_str()
                .unwrap()
                .contains(&format!("cid={first}"))
        );

        // Refused settings change nothing.
        for (bad, field) in [
            (
                json!({"name": "x", "fireOn": [], "url": format!("{base}/a")}),
                "fireOn",
            ),
            (
                json!({"name": "x", "fireOn": ["sold"], "url": format!("{base}/a")}),
                "fireOn",
            ),
            (
                json!({"name": "x", "fireOn": ["completed"], "method": "DELETE", "url": format!("{base}/a")}),
                "method",
            ),
            (
                json!({"name": "x", "fireOn": ["completed"], "url": "http://[call_id].example.com/a"}),
                "url",
            ),
            (
                json!({"name": "x", "fireOn": ["completed"], "url": "ftp://example.com/[call_id]"}),
                "url",
            ),
            (
                json!({"name": "x", "fireOn": ["completed"], "url": format!("{base}/a"), "body": "x"}),
                "body",
            ),
            (
                json!({"name": "x", "fireOn": ["completed"], "url": format!("{base}/a"),
                "conditions": [{"token": "secret", "operator": "exists"}]}),
                "conditions",
            ),
            (
                json!({"name": "", "fireOn": ["completed"], "url": format!("{base}/a")}),
                "name",
            ),
            (
                json!({"name": "x", "fireOn": ["completed"], "url": format!("{base}/a"), "maxFiresPerCall": 0}),
                "maxFiresPerCall",
            ),
        ] {
            let e = assert_error(
                c.post(t.url("/api/integrations/pixels"))
                    .json(&bad)
                    .send()
                    .await
                    .unwrap(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "VALIDATION_ERROR",
            )
            .await;
            assert!(e.to_string().contains(field), "{bad}: {e}");
        }
        let pixels = ok(c
            .get(t.url("/api/integrations/pixels"))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(pixels.as_array().unwrap().len(), 2);
        // Saved without the password: the stored one is kept.
        let id = long["id"].as_i64().unwrap();
        ok(c.put(t.url(&format!("/api/integrations/pixels/{id}")))
            .json(
                &json!({"name": "Long calls", "fireOn": ["completed"], "url": format!("{base}/px2"),
                      "basicAuth": {"username": "aff2"}}),
            )
            .send()
            .await
            .unwrap())
        .await;
        let row = t.store.endpoint(alice, id).await.unwrap();
        assert_eq!(row.basic_auth.as_deref(), Some("aff2:pa ss"));

        // A pixel is not a webhook endpoint; another account finds neither.
        let r = c
            .get(t.url(&format!("/api/integrations/webhooks/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let (b, _) = t.signed_in("bob").await;
        assert_eq!(
            ok(b.get(t.url("/api/integrations/pixels"))
                .send()
                .await
                .unwrap())
            .await,
            json!([])
        );
        for (method, path) in [
            ("GET", format!("/api/integrations/pixels/{id}")),
            ("PUT", format!("/api/integrations/pixels/{id}")),
            ("DELETE", format!("/api/integrations/pixels/{id}")),
            ("GET", format!("/api/integrations/pixels/{id}/fires")),
        ] {
            let req = b.request(method.parse().unwrap(), t.url(&path));
            let req = if method == "PUT" {
                req.json(
                    &json!({"name": "mine", "fireOn": ["completed"], "url": format!("{base}/b")}),
                )
            } else {
                req
            };
            assert_eq!(
                req.send().await.unwrap().status(),
                StatusCode::NOT_FOUND,
                "{method} {path}"
            );
        }
        t.cleanup().await;
    }
);

/// A report e-mailed (here: sent now) is a `report.delivered` event.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_emailed_report_is_an_event() {
    for backend in [common::Backend::Sqlite, common::Backend::Postgres] {
        let smtp = common::smtp::FakeSmtp::start().await;
        let mut s = common::settings();
        s.smtp = Some(api::reports::delivery::SmtpSettings {
            url: domain::Secret::new(smtp.url()),
            from: "reports@callcenter.test".into(),
        });
        let Some(t) = TestApp::start(backend, s).await else {
            eprintln!("skipped: {backend:?} is not available");
            continue;
        };
        let (c, _) = t.signed_in("alice").await;
        api::integrations::worker::spawn(t.state.clone());
        let r = Receiver::start().await;
        ok(create(
            &t,
            &c,
            json!({"url": r.url, "eventTypes": ["report.delivered"]}),
        )
        .await)
        .await;
        let saved = ok(c
            .post(t.url("/api/reports"))
            .json(&json!({
                "name": "Daily revenue ✓",
                "spec": {"dimensions": ["campaign"], "metrics": ["calls"], "range": "today"},
                "schedule": {"frequency": "daily", "hour": 7, "recipients": ["ops@example.com"]}
            }))
            .send()
            .await
            .unwrap())
        .await;
        let id = saved["id"].as_i64().unwrap();
        let sent = c
            .post(t.url(&format!("/api/reports/{id}/send")))
            .send()
            .await
            .unwrap();
        assert_eq!(sent.status(), StatusCode::ACCEPTED);
        let got = r.wait_for("report.delivered").await;
        let body = got[0].json();
        assert_eq!(body["report"]["reportId"], id, "{body}");
        assert_eq!(body["report"]["name"], "Daily revenue ✓");
        assert_eq!(body["report"]["recipients"], json!(["ops@example.com"]));
        assert!(body["report"]["sentAt"].is_string(), "{body}");
        assert_eq!(smtp.messages().len(), 1);
        t.cleanup().await;
    }
}
