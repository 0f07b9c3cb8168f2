//! Conversions reported from outside, on both databases: a campaign's
//! postback token reports conversions of that campaign's calls only,
//! found by id, CallSid or caller number; a repeated idempotency key
//! changes nothing; every report is kept; a signed-in user reports for
//! the account; tags annotate a call; other accounts touch nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::carrier::{TRACKING, carrier, incoming, ok};
use common::{TestApp, assert_error};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn post(t: &TestApp, token: Option<&str>, body: Value) -> reqwest::Response {
    let mut req = Client::new().post(t.url("/api/conversions")).json(&body);
    if let Some(token) = token {
        req = req.header("X-Postback-Token", token);
    }
    req.send().await.unwrap()
}

conformance!(postbacks_convert_calls_once_per_key, |t| {
    let (c, _) = t.signed_in("alice").await;
    let campaign = common::carrier::campaign(
        &t,
        &c,
        &[("Ann", "+13105550111", None, 1, None, None, "20.00")],
        json!({}),
    )
    .await;
    incoming(&t, "CAconv1", "+12125550123", TRACKING).await;
    carrier(
        &t,
        "/api/webhooks/twilio/status",
        &[
            ("CallSid", "CAconv1"),
            ("CallStatus", "completed"),
            ("CallDuration", "30"),
        ],
    )
    .await;
    let list = ok(c.get(t.url("/api/calls")).send().await.unwrap()).await;
    let call = list["calls"][0]["id"].as_i64().unwrap();
    let postback = ok(c
        .get(t.url(&format!("/api/campaigns/{campaign}/postback")))
        .send()
        .await
        .unwrap())
    .await;
    let token = postback["token"].as_str().unwrap().to_string();
    assert!(token.starts_with("pb_"));
    assert!(
        postback["url"]
            .as_str()
            .unwrap()
            .ends_with("/api/conversions")
    );
    // The same token is given again.
    let again = ok(c
        .get(t.url(&format!("/api/campaigns/{campaign}/postback")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(again["token"], token.as_str());

    // By CallSid, with revenue and a key.
    let first = ok(post(
        &t,
        Some(&token),
        json!({"callSid": "CAconv1", "revenue": "45.50", "idempotencyKey": "order-1", "note": "Sold ✓"}),
    )
    .await)
    .await;
    assert_eq!(first["callId"], call);
    assert_eq!(first["converted"], true);
    assert_eq!(first["revenue"], "45.50");
    assert_eq!(first["previousConverted"], false);
    assert_eq!(first["previousRevenue"], "0.00");
    assert_eq!(first["via"], "postback");
    assert_eq!(first["duplicate"], false);
    // The same key again changes nothing, whatever it says.
    let repeat = ok(post(
        &t,
        Some(&token),
        json!({"callSid": "CAconv1", "revenue": "99", "idempotencyKey": "order-1"}),
    )
    .await)
    .await;
    assert_eq!(repeat["duplicate"], true);
    assert_eq!(repeat["conversionId"], first["conversionId"]);
    assert_eq!(repeat["revenue"], "45.50");
    let listed = ok(c.get(t.url("/api/calls")).send().await.unwrap()).await;
    assert_eq!(listed["calls"][0]["revenue"], "45.50", "{listed}");
    // By caller number without revenue: kept; undone: 0.
    let kept = ok(post(&t, Some(&token), json!({"callerNumber": "(212) 555-0123"})).await).await;
    assert_eq!(
        (kept["callId"].as_i64(), kept["revenue"].as_str()),
        (Some(call), Some("45.50"))
    );
    let undone = ok(post(
        &t,
        Some(&token),
        json!({"callId": call, "converted": false}),
    )
    .await)
    .await;
    assert_eq!(
        (undone["converted"].as_bool(), undone["revenue"].as_str()),
        (Some(false), Some("0.00"))
    );
    // Converted again without revenue: the buyer's payout.
    let payout = ok(post(&t, Some(&token), json!({"callId": call})).await).await;
    assert_eq!(payout["revenue"], "20.00", "{payout}");

    // Every report is kept, with where it came from.
    let log = ok(c
        .get(t.url(&format!("/api/calls/{call}/conversions")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(log.as_array().unwrap().len(), 4, "{log}");
    assert_eq!(log[0]["note"], "Sold ✓");
    assert_eq!(log[0]["address"], "127.0.0.1");

    // Refused: no credentials, an unknown token, two ways of naming the
    // call, bad revenue, NUL, a call the token's campaign does not have.
    assert_error(
        post(&t, None, json!({"callId": call})).await,
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
    )
    .await;
    assert_error(
        post(&t, Some("pb_nope"), json!({"callId": call})).await,
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
    )
    .await;
    for bad in [
        json!({"callId": call, "callSid": "CAconv1"}),
        json!({}),
        json!({"callId": call, "revenue": "-5"}),
        json!({"callId": call, "revenue": "1.23456"}),
        json!({"callId": call, "revenue": true}),
        json!({"callId": call, "idempotencyKey": "a\u{0}b"}),
        json!({"callerNumber": "not a number"}),
        json!({"callerNumber": "+12125550123", "at": "yesterday"}),
        json!({"callId": call, "note": "x".repeat(501)}),
    ] {
        let r = post(&t, Some(&token), bad.clone()).await;
        assert!(r.status().is_client_error(), "{bad}: {}", r.status());
    }
    let other = common::carrier::campaign_on(
        &t,
        &c,
        "+18005550199",
        &[("Bo", "+13105550112", None, 1, None, None, "10.00")],
        json!({"name": "Other"}),
    )
    .await;
    let other_token = ok(c
        .get(t.url(&format!("/api/campaigns/{other}/postback")))
        .send()
        .await
        .unwrap())
    .await["token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_error(
        post(&t, Some(&other_token), json!({"callId": call})).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    assert_error(
        post(&t, Some(&token), json!({"callSid": "CAnone"})).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    let log = ok(c
        .get(t.url(&format!("/api/calls/{call}/conversions")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(log.as_array().unwrap().len(), 4, "refusals changed nothing");

    // One key sent ten times at once: one conversion.
    let mut sends = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let (url, token) = (t.url("/api/conversions"), token.clone());
        sends.spawn(async move {
            let r = Client::new()
                .post(url)
                .header("X-Postback-Token", token)
                .header("Idempotency-Key", "burst-7")
                .json(&json!({"callId": call, "revenue": "7.00"}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            r.json::<Value>().await.unwrap()["conversionId"]
                .as_i64()
                .unwrap()
        });
    }
    let mut ids = std::collections::HashSet::new();
    while let Some(id) = sends.join_next().await {
        ids.insert(id.unwrap());
    }
    assert_eq!(ids.len(), 1, "{ids:?}");
    let log = ok(c
        .get(t.url(&format!("/api/calls/{call}/conversions")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(log.as_array().unwrap().len(), 5);

    // A rotated token: the old one stops working.
    let rotated = ok(c
        .post(t.url(&format!("/api/campaigns/{campaign}/postback/rotate")))
        .send()
        .await
        .unwrap())
    .await;
    assert_ne!(rotated["token"], token.as_str());
    assert_error(
        post(&t, Some(&token), json!({"callId": call})).await,
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
    )
    .await;

    // Signed in: the account's calls; another account's are not found.
    let by_user = ok(c
        .post(t.url("/api/conversions"))
        .json(&json!({"callId": call, "revenue": 12}))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(
        (by_user["via"].as_str(), by_user["revenue"].as_str()),
        (Some("user"), Some("12.00"))
    );
    let (b, _) = t.signed_in("bob").await;
    let r = b
        .post(t.url("/api/conversions"))
        .json(&json!({"callId": call}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    for path in [
        format!("/api/campaigns/{campaign}/postback"),
        format!("/api/calls/{call}/conversions"),
        format!("/api/calls/{call}/tags"),
    ] {
        let r = b.get(t.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let r = b
        .post(t.url(&format!("/api/campaigns/{campaign}/postback/rotate")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    t.cleanup().await;
});

conformance!(tags_annotate_a_call, |t| {
    let (c, _) = t.signed_in("alice").await;
    common::carrier::campaign(
        &t,
        &c,
        &[("Ann", "+13105550111", None, 1, None, None, "20.00")],
        json!({}),
    )
    .await;
    incoming(&t, "CAtag1", "+12125550123", TRACKING).await;
    let list = ok(c.get(t.url("/api/calls")).send().await.unwrap()).await;
    let call = list["calls"][0]["id"].as_i64().unwrap();
    let url = t.url(&format!("/api/calls/{call}/tags"));
    let tags = ok(c
        .post(&url)
        .json(&json!({"tags": ["qualified", " Ünïcode 🚀 "]}))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(tags["tags"], json!(["qualified", "Ünïcode 🚀"]));
    let again = ok(c
        .post(&url)
        .json(&json!({"tags": ["qualified", "Spanish"]}))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(again["tags"], json!(["qualified", "Ünïcode 🚀", "Spanish"]));
    let removed = ok(c
        .delete(t.url(&format!("/api/calls/{call}/tags/qualified")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(removed["tags"], json!(["Ünïcode 🚀", "Spanish"]));
    for bad in [
        json!({"tags": []}),
        json!({"tags": ["x".repeat(51)]}),
        json!({"tags": ["a\u{7}b"]}),
        json!({"tags": [""]}),
    ] {
        let r = c.post(&url).json(&bad).send().await.unwrap();
        assert!(r.status().is_client_error(), "{bad}");
    }
    assert_eq!(
        ok(c.get(&url).send().await.unwrap()).await["tags"],
        json!(["Ünïcode 🚀", "Spanish"])
    );
    let r = c
        .post(t.url("/api/calls/999999/tags"))
        .json(&json!({"tags": ["a"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let (b, _) = t.signed_in("bob").await;
    let r = b
        .post(&url)
        .json(&json!({"tags": ["mine"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = b
        .delete(t.url(&format!("/api/calls/{call}/tags/Spanish")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        ok(c.get(&url).send().await.unwrap()).await["tags"],
        json!(["Ünïcode 🚀", "Spanish"])
    );
    t.cleanup().await;
});

conformance!(url_parameters_are_kept_with_calls_and_filter_them, |t| {
    let (c, _) = t.signed_in("alice").await;
    let campaign = common::carrier::campaign(
        &t,
        &c,
        &[("Ann", "+13105550111", None, 1, None, None, "20.00")],
        json!({}),
    )
    .await;
    let url = t.url("/api/integrations/url-parameters");
    for body in [
        json!({"parameterName": "affiliate", "displayName": "Affiliate ✓"}),
        json!({"parameterName": "Promo", "defaultValue": "none"}),
        json!({"parameterName": "score", "parameterType": "number"}),
        json!({"parameterName": "vip", "parameterType": "boolean", "trackingScope": "campaign", "campaignId": campaign}),
    ] {
        ok(c.post(&url).json(&body).send().await.unwrap()).await;
    }
    for (bad, status) in [
        (
            json!({"parameterName": "a b"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (json!({"parameterName": "AFFILIATE"}), StatusCode::CONFLICT),
        (
            json!({"parameterName": "x", "trackingScope": "campaign"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"parameterName": "x", "parameterType": "number", "defaultValue": "ten"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"parameterName": "x", "parameterType": "date"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"parameterName": "x\u{0}"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let r = c.post(&url).json(&bad).send().await.unwrap();
        assert_eq!(r.status(), status, "{bad}");
    }
    assert_eq!(
        ok(c.get(&url).send().await.unwrap())
            .await
            .as_array()
            .unwrap()
            .len(),
        4
    );

    // A call whose voice URL carries parameters.
    let (status, twiml) = carrier(
        &t,
        "/api/webhooks/twilio?AFFILIATE=A%C3%BC1&score=abc&vip=yes&other=x",
        &[
            ("CallSid", "CAparam1"),
            ("AccountSid", "AC123"),
            ("From", "+12125550123"),
            ("To", TRACKING),
            ("CallStatus", "ringing"),
            ("Direction", "inbound"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{twiml}");
    let list = ok(c.get(t.url("/api/calls")).send().await.unwrap()).await;
    let call = list["calls"][0]["id"].as_i64().unwrap();
    let mut params = Value::Null;
    for _ in 0..100 {
        let d = ok(c
            .get(t.url(&format!("/api/calls/{call}")))
            .send()
            .await
            .unwrap())
        .await;
        params = d["parameters"].clone();
        if params.as_array().is_some_and(|p| p.len() == 3) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    }
    assert_eq!(
        params,
        json!([
            {"name": "Promo", "displayName": "Promo", "value": "none"},
            {"name": "affiliate", "displayName": "Affiliate ✓", "value": "Aü1"},
            {"name": "vip", "displayName": "vip", "value": "true"},
        ]),
        "score was not a number; other is not tracked"
    );
    let found = ok(c
        .get(t.url("/api/calls?param=Affiliate:A%C3%BC1"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(found["calls"].as_array().unwrap().len(), 1);
    let none = ok(c
        .get(t.url("/api/calls?param=affiliate:a%C3%BC1"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(
        none["calls"].as_array().unwrap().len(),
        0,
        "values are exact"
    );
    let r = c
        .get(t.url("/api/calls?param=nocolon"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The report builder groups and filters by a parameter, named in any
    // case; calls without it are "Not set".
    common::carrier::incoming(&t, "CAparam2", "+12125550124", TRACKING).await;
    let run = |spec: Value| {
        let c = c.clone();
        let url = t.url("/api/reports/run");
        async move { c.post(url).json(&spec).send().await.unwrap() }
    };
    let report = ok(run(
        json!({"dimensions": ["parameter"], "parameter": "AFFILIATE",
        "metrics": ["calls"], "range": "today"}),
    )
    .await)
    .await;
    let mut rows: Vec<(String, i64)> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["labels"][0].as_str().unwrap().to_string(),
                r["values"]["calls"].as_i64().unwrap(),
            )
        })
        .collect();
    rows.sort();
    assert_eq!(
        rows,
        vec![("Aü1".to_string(), 1), ("Not set".to_string(), 1)],
        "{report}"
    );
    let filtered = ok(
        run(json!({"dimensions": ["parameter"], "parameter": "promo",
        "metrics": ["calls"], "range": "today", "filters": {"param": "Affiliate:Aü1"}}))
        .await,
    )
    .await;
    assert_eq!(filtered["rows"].as_array().unwrap().len(), 1, "{filtered}");
    assert_eq!(filtered["rows"][0]["labels"][0], "none", "{filtered}");
    for bad in [
        json!({"dimensions": ["parameter"], "metrics": ["calls"]}),
        json!({"dimensions": ["parameter"], "parameter": "a\u{0}b", "metrics": ["calls"]}),
    ] {
        let r = run(bad.clone()).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }

    // Another account sees and changes none of it.
    let id = ok(c.get(&url).send().await.unwrap()).await[0]["id"]
        .as_i64()
        .unwrap();
    let (b, _) = t.signed_in("bob").await;
    assert_eq!(ok(b.get(&url).send().await.unwrap()).await, json!([]));
    for method in ["GET", "PUT", "DELETE"] {
        let req = b.request(method.parse().unwrap(), format!("{url}/{id}"));
        let req = if method == "PUT" {
            req.json(&json!({"parameterName": "mine"}))
        } else {
            req
        };
        assert_eq!(
            req.send().await.unwrap().status(),
            StatusCode::NOT_FOUND,
            "{method}"
        );
    }
    let theirs = ok(b
        .get(t.url("/api/calls?param=affiliate:A%C3%BC1"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(theirs["calls"].as_array().unwrap().len(), 0);
    // Deleted: calls keep their values.
    ok(c.delete(format!("{url}/{id}")).send().await.unwrap()).await;
    let d = ok(c
        .get(t.url(&format!("/api/calls/{call}")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(d["parameters"].as_array().unwrap().len(), 3);
    t.cleanup().await;
});
