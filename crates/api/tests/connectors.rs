//! Connectors through the API, on both databases, against a local fake
//! of each vendor that speaks its documented requests and answers:
//! HubSpot finds or creates the contact and logs the call; Salesforce
//! signs in (client credentials) and adds a Task on the Contact with the
//! caller's phone, or a Lead; Pipedrive adds a person and a call
//! activity; GA4 gets the visit's client id; Meta gets the hashed number
//! and an event id; Google Ads gets the call conversion, and a
//! `TOO_RECENT_CALL` row waits 12 hours. Credentials are never shown,
//! connection tests report the vendor's answer, and another account
//! sees and touches nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;
use common::carrier::{TRACKING, carrier, incoming, ok};
use common::{TestApp, assert_error};
use reqwest::Client;
use serde_json::{Value, json};
use sha2::Digest;

/// A request the fake got.
#[derive(Clone, Debug)]
struct Got {
    method: String,
    path: String,
    query: String,
    headers: HeaderMap,
    body: String,
}

impl Got {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    fn form(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.body.as_bytes())
            .into_owned()
            .collect()
    }
    fn query_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_bytes())
            .into_owned()
            .collect()
    }
}

/// Every vendor's API on one loopback port.
struct Fake {
    url: String,
    got: Arc<Mutex<Vec<Got>>>,
    /// Google Ads answers the next upload with `TOO_RECENT_CALL`.
    too_recent: Arc<AtomicBool>,
}

fn answer(status: u16, body: Value) -> axum::response::Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn vendor(g: &Got, too_recent: &AtomicBool, base: &str) -> axum::response::Response {
    let m = g.method.as_str();
    let p = g.path.as_str();
    let bearer = g.header("authorization");
    match (m, p) {
        // HubSpot
        (_, p) if p.starts_with("/crm/") && bearer != "Bearer pat-na1-good-token" => answer(
            401,
            json!({"status": "error", "message": "Authentication credentials not found.", "category": "INVALID_AUTHENTICATION"}),
        ),
        ("POST", "/crm/v3/objects/contacts/search") => {
            answer(200, json!({"total": 0, "results": []}))
        }
        ("POST", "/crm/v3/objects/contacts") => answer(
            201,
            json!({"id": "501", "properties": g.json()["properties"]}),
        ),
        ("POST", "/crm/v3/objects/calls") => answer(201, json!({"id": "9001"})),
        ("GET", "/crm/v3/objects/contacts") => answer(200, json!({"results": []})),
        // Salesforce
        ("POST", "/services/oauth2/token") => {
            let f = g.form();
            let has = |k: &str, v: &str| f.iter().any(|(a, b)| a == k && b == v);
            if has("grant_type", "client_credentials")
                && has("client_id", "3MVG9-key")
                && has("client_secret", "sf-secret-value")
            {
                answer(
                    200,
                    json!({"access_token": "00Dxx!session", "instance_url": base, "token_type": "Bearer", "issued_at": "1796637600000"}),
                )
            } else {
                answer(
                    400,
                    json!({"error": "invalid_client", "error_description": "invalid client credentials"}),
                )
            }
        }
        (_, p) if p.starts_with("/services/data/") && bearer != "Bearer 00Dxx!session" => answer(
            401,
            json!([{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]),
        ),
        ("GET", "/services/data/v62.0/query") => {
            let q = g
                .query_pairs()
                .into_iter()
                .find(|(k, _)| k == "q")
                .unwrap()
                .1;
            if q.starts_with("SELECT Id FROM Contact WHERE Phone = '+12125550123'") {
                answer(
                    200,
                    json!({"totalSize": 1, "done": true, "records": [{"attributes": {"type": "Contact"}, "Id": "003CONTACT"}]}),
                )
            } else {
                answer(200, json!({"totalSize": 0, "done": true, "records": []}))
            }
        }
        ("POST", "/services/data/v62.0/sobjects/Lead") => {
            answer(201, json!({"id": "00QLEAD", "success": true, "errors": []}))
        }
        ("POST", "/services/data/v62.0/sobjects/Task") => {
            answer(201, json!({"id": "00TTASK", "success": true, "errors": []}))
        }
        ("GET", "/services/data/v62.0/limits") => answer(
            200,
            json!({"DailyApiRequests": {"Max": 15000, "Remaining": 14998}}),
        ),
        // Pipedrive
        (_, p) if p.starts_with("/v1/") && g.header("x-api-token") != "pd-token-1234567" => answer(
            401,
            json!({"success": false, "error": "unauthorized access", "errorCode": 401}),
        ),
        ("GET", "/v1/persons/search") => {
            answer(200, json!({"success": true, "data": {"items": []}}))
        }
        ("POST", "/v1/persons") => answer(201, json!({"success": true, "data": {"id": 77}})),
        ("POST", "/v1/activities") => answer(201, json!({"success": true, "data": {"id": 4242}})),
        ("GET", "/v1/users/me") => answer(
            200,
            json!({"success": true, "data": {"name": "Ann Owner", "company_name": "Acme"}}),
        ),
        // GA4: collect answers 2xx to anything; debug validates.
        ("POST", "/mp/collect") => (StatusCode::NO_CONTENT, "").into_response(),
        ("POST", "/debug/mp/collect") => {
            if g.query.contains("measurement_id=G-GOOD") {
                answer(200, json!({"validationMessages": []}))
            } else {
                answer(
                    200,
                    json!({"validationMessages": [{"fieldPath": "measurement_id", "description": "Unable to find a stream", "validationCode": "VALUE_INVALID"}]}),
                )
            }
        }
        // Meta
        ("POST", "/v23.0/1234567890/events") => {
            if g.query.contains("access_token=EAAB-meta-token") {
                answer(
                    200,
                    json!({"events_received": 1, "messages": [], "fbtrace_id": "AbCdEf"}),
                )
            } else {
                answer(
                    400,
                    json!({"error": {"message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190}}),
                )
            }
        }
        ("GET", "/v23.0/1234567890") => {
            answer(200, json!({"id": "1234567890", "name": "Web dataset"}))
        }
        // Google OAuth and Ads
        ("POST", "/token") => {
            let f = g.form();
            if f.iter()
                .any(|(k, v)| k == "refresh_token" && v == "1//refresh-good")
            {
                answer(
                    200,
                    json!({"access_token": "ya29.ads", "expires_in": 3599, "token_type": "Bearer", "scope": "https://www.googleapis.com/auth/adwords"}),
                )
            } else {
                answer(
                    400,
                    json!({"error": "invalid_grant", "error_description": "Bad Request"}),
                )
            }
        }
        (_, p)
            if p.starts_with("/v22/")
                && (bearer != "Bearer ya29.ads"
                    || g.header("developer-token") != "dev-token-abcdef") =>
        {
            answer(
                401,
                json!({"error": {"code": 401, "message": "Request is missing required authentication credential.", "status": "UNAUTHENTICATED"}}),
            )
        }
        ("POST", "/v22/customers/1234567890:uploadCallConversions") => {
            if too_recent.swap(false, Ordering::SeqCst) {
                answer(
                    200,
                    json!({
                        "partialFailureError": {"code": 3, "message": "The call occurred too recently, at conversions[0]",
                            "details": [{"@type": "type.googleapis.com/google.ads.googleads.v22.errors.GoogleAdsFailure",
                                "errors": [{"errorCode": {"conversionUploadError": "TOO_RECENT_CALL"},
                                    "message": "The call occurred too recently.",
                                    "location": {"fieldPathElements": [{"fieldName": "conversions", "index": 0}]}}]}]},
                        "results": [{}]
                    }),
                )
            } else {
                let c = &g.json()["conversions"][0];
                answer(
                    200,
                    json!({"results": [{"callerId": c["callerId"], "callStartDateTime": c["callStartDateTime"],
                    "conversionAction": c["conversionAction"], "conversionDateTime": c["conversionDateTime"]}]}),
                )
            }
        }
        ("GET", "/v22/customers:listAccessibleCustomers") => {
            answer(200, json!({"resourceNames": ["customers/1234567890"]}))
        }
        _ => answer(404, json!({"error": format!("no route {m} {p}")})),
    }
}

impl Fake {
    async fn start() -> Fake {
        let got = Arc::new(Mutex::new(Vec::new()));
        let too_recent = Arc::new(AtomicBool::new(false));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (g, tr, base) = (got.clone(), too_recent.clone(), url.clone());
        let app = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: String| {
                let (g, tr, base) = (g.clone(), tr.clone(), base.clone());
                async move {
                    let got = Got {
                        method: method.to_string(),
                        path: uri.path().to_string(),
                        query: uri.query().unwrap_or("").to_string(),
                        headers,
                        body,
                    };
                    let r = vendor(&got, &tr, &base);
                    g.lock().unwrap().push(got);
                    r
                }
            },
        );
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Fake {
            url,
            got,
            too_recent,
        }
    }

    fn requests(&self, method: &str, path: &str) -> Vec<Got> {
        self.got
            .lock()
            .unwrap()
            .iter()
            .filter(|g| g.method == method && g.path == path)
            .cloned()
            .collect()
    }

    /// Wait (up to 10 s) for `n` requests to a path.
    async fn wait(&self, method: &str, path: &str, n: usize) -> Vec<Got> {
        for _ in 0..200 {
            let found = self.requests(method, path);
            if found.len() >= n {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let all: Vec<String> = self
            .got
            .lock()
            .unwrap()
            .iter()
            .map(|g| format!("{} {}", g.method, g.path))
            .collect();
        panic!("no {method} {path} came; got {all:?}");
    }
}

async fn create(c: &Client, t: &TestApp, body: Value) -> Value {
    ok(c.post(t.url("/api/integrations/connectors"))
        .json(&body)
        .send()
        .await
        .unwrap())
    .await
}

/// A signed call from the usual caller that completes after 125 s.
async fn completed_call(t: &TestApp, sid: &str, to: &str) {
    incoming(t, sid, "+12125550123", to).await;
    carrier(
        t,
        "/api/webhooks/twilio/status",
        &[
            ("CallSid", sid),
            ("CallStatus", "completed"),
            ("CallDuration", "125"),
        ],
    )
    .await;
}

/// The connector's messages, once `n` have an attempt.
async fn settled(c: &Client, t: &TestApp, id: i64, n: usize) -> Vec<Value> {
    for _ in 0..200 {
        let list = ok(c
            .get(t.url(&format!("/api/integrations/connectors/{id}/messages")))
            .send()
            .await
            .unwrap())
        .await;
        let list = list.as_array().unwrap().clone();
        if list
            .iter()
            .filter(|m| m["attempts"].as_i64() > Some(0))
            .count()
            >= n
        {
            return list;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("connector {id} has no {n} attempted messages");
}

conformance!(crm_connectors_log_each_call, |t| {
    let (c, _) = t.signed_in("alice").await;
    api::integrations::worker::spawn(t.state.clone());
    let fake = Fake::start().await;
    common::carrier::campaign(
        &t,
        &c,
        &[("Ann", "+13105550111", None, 1, None, None, "20.00")],
        json!({}),
    )
    .await;

    let hubspot = create(
        &c,
        &t,
        json!({"name": "HubSpot ✓", "vendor": "hubspot", "baseUrl": fake.url,
            "credentials": {"accessToken": "pat-na1-good-token"},
            "mapping": {"hs_call_title": "Call about [campaign_name] 🌞", "hs_call_body": ""}}),
    )
    .await;
    // The token is never shown: only that it is set, and its end.
    assert_eq!(
        hubspot["credentials"],
        json!([{"key": "accessToken", "set": true, "hint": "…oken"}])
    );
    assert!(!hubspot.to_string().contains("pat-na1-good-token"));
    assert_eq!(hubspot["eventTypes"], json!(["call.completed"]));
    let salesforce = create(
        &c,
        &t,
        json!({"name": "SF", "vendor": "salesforce", "baseUrl": fake.url,
            "settings": {"clientId": "3MVG9-key", "object": "Task"},
            "credentials": {"clientSecret": "sf-secret-value"}}),
    )
    .await;
    let pipedrive = create(
        &c,
        &t,
        json!({"name": "PD", "vendor": "pipedrive", "baseUrl": fake.url,
            "credentials": {"apiToken": "pd-token-1234567"}}),
    )
    .await;

    completed_call(&t, "CAcrm1", TRACKING).await;

    // HubSpot: searched by phone, created the contact, logged the call
    // on it.
    let search = fake
        .wait("POST", "/crm/v3/objects/contacts/search", 1)
        .await;
    assert_eq!(
        search[0].json()["filterGroups"][0]["filters"][0],
        json!({"propertyName": "phone", "operator": "EQ", "value": "+12125550123"})
    );
    let contact = fake.wait("POST", "/crm/v3/objects/contacts", 1).await;
    assert_eq!(contact[0].json()["properties"]["phone"], "+12125550123");
    let logged = fake.wait("POST", "/crm/v3/objects/calls", 1).await;
    let call = logged[0].json();
    let p = &call["properties"];
    assert_eq!(p["hs_call_duration"], "125000", "{call}");
    assert_eq!(p["hs_call_direction"], "INBOUND");
    assert_eq!(p["hs_call_status"], "COMPLETED");
    assert_eq!(
        p["hs_call_disposition"],
        "f240bbac-87c9-4f6e-bf70-924b57d47db7"
    );
    assert_eq!(p["hs_call_from_number"], "+12125550123");
    assert_eq!(p["hs_call_to_number"], TRACKING);
    assert_eq!(p["hs_call_title"], "Call about Health 🌞");
    assert!(
        p.get("hs_call_body").is_none(),
        "an empty template removes it"
    );
    assert!(p["hs_timestamp"].as_str().unwrap().ends_with('Z'));
    assert_eq!(call["associations"][0]["to"]["id"], "501");
    assert_eq!(
        call["associations"][0]["types"][0]["associationTypeId"],
        194
    );
    assert_eq!(logged[0].header("content-type"), "application/json");

    // Salesforce: a token by client credentials, the Contact found by
    // phone (no Lead had it), a call Task on it.
    let token = fake.wait("POST", "/services/oauth2/token", 1).await;
    assert_eq!(
        token[0].header("content-type"),
        "application/x-www-form-urlencoded"
    );
    let task = fake
        .wait("POST", "/services/data/v62.0/sobjects/Task", 1)
        .await;
    let task = task[0].json();
    assert_eq!(task["WhoId"], "003CONTACT", "{task}");
    assert_eq!(task["TaskSubtype"], "Call");
    assert_eq!(task["CallType"], "Inbound");
    assert_eq!(task["CallDurationInSeconds"], 125);
    assert_eq!(task["Subject"], "Inbound call: Health");
    assert!(
        fake.requests("POST", "/services/data/v62.0/sobjects/Lead")
            .is_empty()
    );
    let queries = fake.requests("GET", "/services/data/v62.0/query");
    assert_eq!(queries.len(), 2, "Lead, then Contact");

    // Pipedrive: no person had the number: one is made, then the call.
    let person = fake.wait("POST", "/v1/persons", 1).await;
    assert_eq!(person[0].json()["phone"][0]["value"], "+12125550123");
    let activity = fake.wait("POST", "/v1/activities", 1).await;
    let a = activity[0].json();
    assert_eq!(a["type"], "call");
    assert_eq!(a["person_id"], 77);
    assert_eq!(a["duration"], "00:02");
    assert_eq!(a["done"], 1);
    assert_eq!(a["subject"], "Inbound call: Health");

    // Each connector's log shows a delivered message with its steps, and
    // its health counts the success.
    for (id, steps) in [
        (
            hubspot["id"].as_i64().unwrap(),
            "POST /crm/v3/objects/calls → 201",
        ),
        (
            salesforce["id"].as_i64().unwrap(),
            "Task 00TTASK created on Contact 003CONTACT",
        ),
        (
            pipedrive["id"].as_i64().unwrap(),
            "call activity 4242 added to person 77",
        ),
    ] {
        let list = settled(&c, &t, id, 1).await;
        assert_eq!(list[0]["status"], "delivered", "{list:?}");
        let detail = ok(c
            .get(t.url(&format!(
                "/api/integrations/webhooks/{id}/messages/{}",
                list[0]["id"]
            )))
            .send()
            .await
            .unwrap())
        .await;
        let response = detail["attemptsLog"][0]["response"].as_str().unwrap();
        assert!(response.contains(steps), "{response}");
        let one = ok(c
            .get(t.url(&format!("/api/integrations/connectors/{id}")))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(one["figures"]["successRate"], 100.0, "{one}");
        assert_eq!(one["lastError"], Value::Null);
    }
    // No credential reached a log.
    let all = ok(c
        .get(t.url("/api/integrations/connectors"))
        .send()
        .await
        .unwrap())
    .await
    .to_string();
    for secret in [
        "pat-na1-good-token",
        "sf-secret-value",
        "pd-token-1234567",
        "00Dxx!session",
    ] {
        assert!(!all.contains(secret), "{secret} shown");
    }

    // Connection tests: good, then a revoked token gives the vendor's
    // words; saving without credentials keeps the stored ones.
    for id in [&hubspot, &salesforce, &pipedrive].map(|c| c["id"].as_i64().unwrap()) {
        let r = ok(c
            .post(t.url(&format!("/api/integrations/connectors/{id}/test")))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(r["ok"], true, "{r}");
    }
    let pid = pipedrive["id"].as_i64().unwrap();
    let saved = ok(c
        .put(t.url(&format!("/api/integrations/connectors/{pid}")))
        .json(&json!({"name": "PD renamed", "vendor": "pipedrive", "baseUrl": fake.url}))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(saved["credentials"][0]["set"], true);
    let r = ok(c
        .post(t.url(&format!("/api/integrations/connectors/{pid}/test")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(r["message"], "Signed in as Ann Owner of Acme", "{r}");
    ok(c.put(t.url(&format!("/api/integrations/connectors/{pid}")))
        .json(
            &json!({"name": "PD", "vendor": "pipedrive", "baseUrl": fake.url,
            "credentials": {"apiToken": "revoked-token-000"}}),
        )
        .send()
        .await
        .unwrap())
    .await;
    let r = ok(c
        .post(t.url(&format!("/api/integrations/connectors/{pid}/test")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(r["ok"], false);
    assert_eq!(r["status"], 401);
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .contains("unauthorized access"),
        "{r}"
    );
    t.cleanup().await;
});

conformance!(ad_and_analytics_connectors_send_conversions, |t| {
    let (c, _) = t.signed_in("alice").await;
    api::integrations::worker::spawn(t.state.clone());
    let fake = Fake::start().await;
    common::carrier::campaign(
        &t,
        &c,
        &[("Ann", "+13105550111", None, 1, None, None, "20.00")],
        json!({}),
    )
    .await;
    let ga4 = create(
        &c,
        &t,
        json!({"name": "GA4", "vendor": "ga4", "baseUrl": fake.url,
            "settings": {"measurementId": "G-GOOD"},
            "credentials": {"apiSecret": "ga-api-secret-xyz"}}),
    )
    .await;
    assert_eq!(
        ga4["eventTypes"],
        json!(["call.completed", "call.converted"])
    );
    let meta = create(
        &c,
        &t,
        json!({"name": "Meta", "vendor": "meta", "baseUrl": fake.url,
            "eventTypes": ["call.completed", "call.converted"],
            "settings": {"pixelId": "1234567890", "testEventCode": "TEST4242"},
            "credentials": {"accessToken": "EAAB-meta-token"}}),
    )
    .await;
    let ads = create(
        &c,
        &t,
        json!({"name": "Ads", "vendor": "google_ads", "baseUrl": fake.url,
            "settings": {"customerId": "123-456-7890", "conversionActionId": "555",
                "clientId": "client.apps.googleusercontent.com", "oauthUrl": fake.url,
                "timeZone": "America/New_York"},
            "credentials": {"developerToken": "dev-token-abcdef", "clientSecret": "GOCSPX-secret",
                "refreshToken": "1//refresh-good"}}),
    )
    .await;
    fake.too_recent.store(true, Ordering::SeqCst);

    // The call comes after a web visit whose browser has a GA client id
    // and a Meta click id: a tracking number leased by DNI.
    let (pool_campaign, _) = {
        let pool = ok(c
            .post(t.url("/api/pools"))
            .json(&json!({"name": "Web"}))
            .send()
            .await
            .unwrap())
        .await["id"]
            .as_i64()
            .unwrap();
        let n = ok(c
            .post(t.url("/api/phone-numbers"))
            .json(&json!({"phoneNumber": "+12125550700"}))
            .send()
            .await
            .unwrap())
        .await["id"]
            .as_i64()
            .unwrap();
        ok(c.post(t.url(&format!("/api/pools/{pool}/numbers")))
            .json(&json!({"phoneNumberIds": [n]}))
            .send()
            .await
            .unwrap())
        .await;
        let campaign = ok(c
            .post(t.url("/api/campaigns"))
            .json(&json!({"name": "Web", "type": "pool", "poolId": pool}))
            .send()
            .await
            .unwrap())
        .await["id"]
            .as_str()
            .unwrap()
            .to_string();
        let buyer = ok(c
            .post(t.url("/api/buyers"))
            .json(&json!({"name": "Web buyer", "phone": "+13105550222", "payout": "20.00"}))
            .send()
            .await
            .unwrap())
        .await;
        ok(c.post(t.url(&format!("/api/campaigns/{campaign}/numbers")))
            .json(&json!({"phoneNumberId": n}))
            .send()
            .await
            .unwrap())
        .await;
        ok(c.put(t.url(&format!("/api/campaigns/{campaign}/buyers")))
            .json(&json!([{"buyerId": buyer["id"], "priority": 1}]))
            .send()
            .await
            .unwrap())
        .await;
        ok(c.patch(t.url(&format!("/api/campaigns/{campaign}")))
            .json(&json!({"status": "active"}))
            .send()
            .await
            .unwrap())
        .await;
        (campaign, pool)
    };
    ok(c.post(t.url("/api/dni/tags"))
        .json(&json!({"tagCode": "site", "campaignId": pool_campaign}))
        .send()
        .await
        .unwrap())
    .await;
    let shown = ok(Client::new()
        .post(t.url("/api/dni/track"))
        .header("content-type", "text/plain")
        .header("user-agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0")
        .body(
            json!({"tagCode": "site", "sessionId": "s1", "visitorId": "v_1",
                "gaClientId": "1234567890.1700000000",
                "utmParams": {"utm_source": "facebook", "fbclid": "IwAR-click"}})
            .to_string(),
        )
        .send()
        .await
        .unwrap())
    .await;
    let number = shown["phoneNumber"].as_str().unwrap().to_string();
    completed_call(&t, "CAads1", &number).await;
    let calls = ok(c.get(t.url("/api/calls")).send().await.unwrap()).await;
    let call_id = calls["calls"][0]["id"].as_i64().unwrap();
    ok(c.post(t.url("/api/conversions"))
        .json(&json!({"callId": call_id, "revenue": "45.50"}))
        .send()
        .await
        .unwrap())
    .await;

    // GA4: phone_call and call_converted with the visit's client id (the
    // events credit the call to its visit: nobody opened its detail yet).
    fake.wait("POST", "/mp/collect", 2).await;
    let detail = ok(c
        .get(t.url(&format!("/api/calls/{call_id}")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(detail["dni"]["attributed"], true, "{detail}");
    assert_eq!(detail["status"], "completed", "{detail}");
    let collected = fake.wait("POST", "/mp/collect", 2).await;
    let mut names = Vec::new();
    for g in &collected {
        assert!(g.query.contains("measurement_id=G-GOOD"), "{}", g.query);
        assert!(g.query.contains("api_secret=ga-api-secret-xyz"));
        let b = g.json();
        assert_eq!(b["client_id"], "1234567890.1700000000", "{b}");
        assert!(b["timestamp_micros"].as_i64().unwrap() > 1_700_000_000_000_000);
        let e = &b["events"][0];
        names.push(e["name"].as_str().unwrap().to_string());
        assert_eq!(e["params"]["call_id"], call_id.to_string());
        assert_eq!(e["params"]["source"], "facebook");
        if e["name"] == "call_converted" {
            assert_eq!(e["params"]["value"], 45.5, "{e}");
            assert_eq!(e["params"]["currency"], "USD");
        }
    }
    names.sort();
    assert_eq!(names, vec!["call_converted", "phone_call"]);

    // Meta: Lead on completion, Purchase on conversion, with the hashed
    // caller, fbc from the click id, an event id and the test code.
    let sent = fake.wait("POST", "/v23.0/1234567890/events", 2).await;
    let hashed = format!("{:x}", sha2::Sha256::digest(b"12125550123"));
    let mut seen = Vec::new();
    for g in &sent {
        let b = g.json();
        assert_eq!(b["test_event_code"], "TEST4242");
        let d = &b["data"][0];
        assert_eq!(d["action_source"], "phone_call");
        assert_eq!(d["user_data"]["ph"], json!([hashed]));
        assert!(
            d["user_data"]["fbc"]
                .as_str()
                .unwrap()
                .ends_with(".IwAR-click")
        );
        let time = d["event_time"].as_i64().unwrap();
        assert!(
            (1_700_000_000..4_000_000_000).contains(&time),
            "seconds: {time}"
        );
        seen.push((
            d["event_name"].as_str().unwrap().to_string(),
            d["event_id"].as_str().unwrap().to_string(),
        ));
    }
    seen.sort();
    assert_eq!(
        seen,
        vec![
            ("Lead".to_string(), format!("call_{call_id}_completed")),
            ("Purchase".to_string(), format!("call_{call_id}_converted")),
        ]
    );
    let purchase = sent
        .iter()
        .map(Got::json)
        .find(|b| b["data"][0]["event_name"] == "Purchase")
        .unwrap();
    assert_eq!(purchase["data"][0]["custom_data"]["value"], 45.5);

    // Google Ads: the first upload is too recent: the message waits 12
    // hours; replayed, the conversion is uploaded.
    let uploads = fake
        .wait("POST", "/v22/customers/1234567890:uploadCallConversions", 1)
        .await;
    let up = uploads[0].json();
    let conv = &up["conversions"][0];
    assert_eq!(up["partialFailure"], true);
    assert_eq!(conv["callerId"], "+12125550123");
    assert_eq!(
        conv["conversionAction"],
        "customers/1234567890/conversionActions/555"
    );
    assert_eq!(conv["conversionValue"], 45.5);
    assert_eq!(conv["currencyCode"], "USD");
    let re = regex_like(conv["callStartDateTime"].as_str().unwrap());
    assert!(re, "{conv}");
    assert!(regex_like(conv["conversionDateTime"].as_str().unwrap()));
    assert!(
        conv["callStartDateTime"]
            .as_str()
            .unwrap()
            .ends_with("-05:00"),
        "New York in December"
    );
    assert_eq!(uploads[0].header("developer-token"), "dev-token-abcdef");
    let token = fake.requests("POST", "/token");
    assert!(
        token[0]
            .form()
            .contains(&("grant_type".into(), "refresh_token".into()))
    );
    let ads_id = ads["id"].as_i64().unwrap();
    let list = settled(&c, &t, ads_id, 1).await;
    let m = &list[0];
    assert_eq!(m["status"], "pending", "{m}");
    let wait_ms = m["nextAttemptAt"]
        .as_str()
        .unwrap()
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_millisecond()
        - domain::now_ms();
    assert!(
        (11 * 3_600_000..=12 * 3_600_000).contains(&wait_ms),
        "{wait_ms}"
    );
    assert!(
        m["lastError"].as_str().unwrap().contains("TOO_RECENT_CALL"),
        "{m}"
    );
    let one = ok(c
        .get(t.url(&format!("/api/integrations/connectors/{ads_id}")))
        .send()
        .await
        .unwrap())
    .await;
    assert!(
        one["lastError"]["message"]
            .as_str()
            .unwrap()
            .contains("TOO_RECENT_CALL"),
        "{one}"
    );
    assert_eq!(
        one["figures"]["successRate"], 0.0,
        "a 200 with a row error is no success"
    );
    ok(c.post(t.url(&format!(
        "/api/integrations/webhooks/{ads_id}/messages/{}/replay",
        m["id"]
    )))
    .send()
    .await
    .unwrap())
    .await;
    fake.wait("POST", "/v22/customers/1234567890:uploadCallConversions", 2)
        .await;
    for _ in 0..100 {
        let list = settled(&c, &t, ads_id, 1).await;
        if list[0]["status"] == "delivered" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let list = settled(&c, &t, ads_id, 1).await;
    assert_eq!(list[0]["status"], "delivered", "{list:?}");

    // Connection tests: GA4 through the validation server, Meta with a
    // test event, Ads listing the reachable accounts.
    for (id, expect) in [
        (ga4["id"].as_i64().unwrap(), "validation server accepted"),
        (meta["id"].as_i64().unwrap(), "Test event sent"),
        (ads_id, "customers/1234567890 is reachable"),
    ] {
        let r = ok(c
            .post(t.url(&format!("/api/integrations/connectors/{id}/test")))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(r["ok"], true, "{r}");
        assert!(r["message"].as_str().unwrap().contains(expect), "{r}");
    }
    let gid = ga4["id"].as_i64().unwrap();
    ok(c.put(t.url(&format!("/api/integrations/connectors/{gid}")))
        .json(&json!({"name": "GA4", "vendor": "ga4", "baseUrl": fake.url,
            "settings": {"measurementId": "G-WRONG"}}))
        .send()
        .await
        .unwrap())
    .await;
    let r = ok(c
        .post(t.url(&format!("/api/integrations/connectors/{gid}/test")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(r["ok"], false);
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .contains("Unable to find a stream"),
        "{r}"
    );
    t.cleanup().await;
});

/// A 422 in the envelope naming `field`.
async fn refused(r: reqwest::Response, field: &str) {
    let e = assert_error(
        r,
        reqwest::StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
    assert_eq!(e["error"]["details"]["field"], field, "{e}");
}

/// `yyyy-mm-dd hh:mm:ss+hh:mm`.
fn regex_like(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 25
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b' ',
            13 | 16 | 22 => *c == b':',
            19 => *c == b'+' || *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

conformance!(bad_connectors_are_refused_and_accounts_kept_apart, |t| {
    let (c, _) = t.signed_in("alice").await;
    let (bob, _) = t.signed_in("bob").await;
    let base = json!({"name": "HubSpot", "vendor": "hubspot", "credentials": {"accessToken": "pat-token-12345678"}});
    let cases: Vec<(Value, &str)> = vec![
        (json!({"vendor": "zoho"}), "vendor"),
        (json!({"vendor": "HubSpot"}), "vendor"),
        (json!({"name": ""}), "name"),
        (json!({"name": "a\u{0}b"}), "name"),
        (json!({"name": "x".repeat(101)}), "name"),
        (json!({"credentials": {}}), "credentials.accessToken"),
        (
            json!({"credentials": {"accessToken": "a\u{7}b"}}),
            "credentials.accessToken",
        ),
        (
            json!({"credentials": {"accessToken": 5}}),
            "credentials.accessToken",
        ),
        (
            json!({"credentials": {"accessToken": "ok-token", "apiKey": "x"}}),
            "credentials.apiKey",
        ),
        (
            json!({"settings": {"createContacts": "maybe"}}),
            "settings.createContacts",
        ),
        (
            json!({"settings": {"accessToken": "in the wrong place"}}),
            "settings.accessToken",
        ),
        (json!({"eventTypes": ["campaign.created"]}), "eventTypes"),
        (json!({"eventTypes": []}), "eventTypes"),
        (json!({"campaignIds": ["nope"]}), "campaignIds"),
        (json!({"baseUrl": "ftp://x.example"}), "baseUrl"),
        (json!({"mapping": {"bad key": "x"}}), "mapping"),
        (
            json!({"mapping": {"hs_call_title": "a\u{0}"}}),
            "mapping.hs_call_title",
        ),
    ];
    for (patch, field) in cases {
        let mut body = base.clone();
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let r = c
            .post(t.url("/api/integrations/connectors"))
            .json(&body)
            .send()
            .await
            .unwrap();
        refused(r, field).await;
    }
    let r = c
        .post(t.url("/api/integrations/connectors"))
        .json(&json!({"name": "Ads", "vendor": "google_ads", "eventTypes": ["call.completed"],
            "settings": {"customerId": "123-456-7890", "conversionActionId": "2", "clientId": "c", "timeZone": "Mars/Base"},
            "credentials": {"developerToken": "d", "clientSecret": "s", "refreshToken": "r"}}))
        .send()
        .await
        .unwrap();
    refused(r, "eventTypes").await;
    let r = c
        .post(t.url("/api/integrations/connectors"))
        .json(&json!({"name": "Ads", "vendor": "google_ads",
            "settings": {"customerId": "123-456-7890", "conversionActionId": "2", "clientId": "c", "timeZone": "Mars/Base"},
            "credentials": {"developerToken": "d", "clientSecret": "s", "refreshToken": "r"}}))
        .send()
        .await
        .unwrap();
    refused(r, "settings.timeZone").await;
    for (vendor, settings, credentials, field) in [
        (
            "ga4",
            json!({"measurementId": "bad"}),
            json!({"apiSecret": "s"}),
            "settings.measurementId",
        ),
        (
            "meta",
            json!({"pixelId": "12ab"}),
            json!({"accessToken": "t"}),
            "settings.pixelId",
        ),
    ] {
        let r = c
            .post(t.url("/api/integrations/connectors"))
            .json(&json!({"name": "x", "vendor": vendor, "settings": settings, "credentials": credentials}))
            .send()
            .await
            .unwrap();
        refused(r, field).await;
    }
    assert_eq!(
        ok(c.get(t.url("/api/integrations/connectors"))
            .send()
            .await
            .unwrap())
        .await,
        json!([])
    );

    // Made by alice: bob neither sees nor touches it, nor its log.
    let mine = ok(c
        .post(t.url("/api/integrations/connectors"))
        .json(&base)
        .send()
        .await
        .unwrap())
    .await;
    let id = mine["id"].as_i64().unwrap();
    // The vendor is fixed.
    let r = c
        .put(t.url(&format!("/api/integrations/connectors/{id}")))
        .json(&json!({"name": "x", "vendor": "pipedrive", "credentials": {"apiToken": "t-123"}}))
        .send()
        .await
        .unwrap();
    refused(r, "vendor").await;
    assert_eq!(
        ok(bob
            .get(t.url("/api/integrations/connectors"))
            .send()
            .await
            .unwrap())
        .await,
        json!([])
    );
    for (method, path) in [
        ("GET", format!("/api/integrations/connectors/{id}")),
        ("PUT", format!("/api/integrations/connectors/{id}")),
        ("DELETE", format!("/api/integrations/connectors/{id}")),
        ("POST", format!("/api/integrations/connectors/{id}/test")),
        ("GET", format!("/api/integrations/connectors/{id}/messages")),
        ("GET", format!("/api/integrations/webhooks/{id}/messages")),
    ] {
        let r = bob
            .request(method.parse().unwrap(), t.url(&path))
            .json(&base)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{method} {path}");
    }
    // A connector is not a webhook or a pixel, nor they a connector.
    let r = c
        .get(t.url(&format!("/api/integrations/webhooks/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(
        ok(c.get(t.url(&format!("/api/integrations/connectors/{id}")))
            .send()
            .await
            .unwrap())
        .await["name"],
        "HubSpot"
    );
    ok(
        c.delete(t.url(&format!("/api/integrations/connectors/{id}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let types = ok(c
        .get(t.url("/api/integrations/connector-types"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(types.as_array().unwrap().len(), 6);
    assert!(types.as_array().unwrap().iter().all(|v| {
        v["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["secret"] == true)
    }));
    t.cleanup().await;
});
