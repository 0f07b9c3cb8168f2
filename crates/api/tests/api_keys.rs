//! API keys on both databases: made with a session and shown once,
//! `Authorization: Bearer` works within the key's scopes on the account's
//! own data only, from allowed addresses, until revoked or expired; keys
//! never manage keys or sign-in; bad input changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, assert_error};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn ok(r: reqwest::Response) -> Value {
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert!(status.is_success(), "{status}: {body}");
    body
}

async fn make_key(t: &TestApp, c: &Client, body: Value) -> Value {
    let r = c
        .post(t.url("/api/settings/api-keys"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json().await.unwrap()
}

fn bearer(key: &str) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("authorization", format!("Bearer {key}").parse().unwrap());
    Client::builder().default_headers(headers).build().unwrap()
}

async fn refused(r: reqwest::Response, status: StatusCode, code: &str) -> Value {
    assert_error(r, status, code).await
}

conformance!(keys_work_within_their_scopes_and_account, |t| {
    let (c, _) = t.signed_in("alice").await;
    let (bob, _) = t.signed_in("bob").await;
    ok(bob
        .post(t.url("/api/campaigns"))
        .json(&json!({"name": "Bob's", "type": "direct"}))
        .send()
        .await
        .unwrap())
    .await;

    let made = make_key(
        &t,
        &c,
        json!({"name": "CRM sync ✓", "scopes": ["calls:read", "campaigns:write", "conversions:write", "calls:read"]}),
    )
    .await;
    let key = made["key"].as_str().unwrap().to_string();
    assert!(key.starts_with("cc_live_") && key.len() == 48, "{key}");
    assert_eq!(made["prefix"], &key[..12]);
    assert_eq!(made["status"], "active");
    assert_eq!(
        made["scopes"],
        json!(["calls:read", "campaigns:write", "conversions:write"])
    );
    let list = ok(c.get(t.url("/api/settings/api-keys")).send().await.unwrap()).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(!list.to_string().contains(&key), "the key is shown once");
    assert_eq!(list[0]["lastUsedAt"], Value::Null);

    let k = bearer(&key);
    // Reads and writes within the scopes, in alice's account only.
    let calls = ok(k.get(t.url("/api/calls")).send().await.unwrap()).await;
    assert_eq!(calls["calls"], json!([]));
    let made_campaign = ok(k
        .post(t.url("/api/campaigns"))
        .header("origin", "https://elsewhere.example")
        .json(&json!({"name": "Via key", "type": "direct"}))
        .send()
        .await
        .unwrap())
    .await;
    let campaigns = ok(c.get(t.url("/api/campaigns")).send().await.unwrap()).await;
    assert!(campaigns.to_string().contains("Via key"), "{campaigns}");
    let through_key = ok(k.get(t.url("/api/campaigns")).send().await.unwrap()).await;
    assert!(!through_key.to_string().contains("Bob's"), "{through_key}");
    let _ = made_campaign;
    // Outside them: 403 naming the scope.
    let e = refused(
        k.get(t.url("/api/buyers")).send().await.unwrap(),
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    )
    .await;
    assert!(e.to_string().contains("buyers:read"), "{e}");
    let e = refused(
        k.delete(t.url("/api/calls/1/tags/x")).send().await.unwrap(),
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    )
    .await;
    assert!(e.to_string().contains("calls:write"), "{e}");
    // Never keys or sign-in.
    for (method, path) in [
        ("GET", "/api/settings/api-keys"),
        ("POST", "/api/settings/api-keys"),
        ("POST", "/api/auth/logout"),
        ("GET", "/api/auth/user"),
    ] {
        let r = k
            .request(method.parse().unwrap(), t.url(path))
            .json(&json!({"name": "x", "scopes": ["calls:read"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{method} {path}");
    }
    // Its use is noted.
    let mut used = Value::Null;
    for _ in 0..100 {
        let list = ok(c.get(t.url("/api/settings/api-keys")).send().await.unwrap()).await;
        used = list[0].clone();
        if !used["lastUsedAt"].is_null() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(used["lastUsedIp"], "127.0.0.1", "{used}");

    // Bad keys: malformed, unknown, and a bad key beside a good cookie.
    for bad in [
        "cc_live_short",
        "cc_live_0000000000000000000000000000000000000000",
        "Bearer",
    ] {
        let r = bearer(bad).get(t.url("/api/calls")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{bad}");
    }
    let r = c
        .get(t.url("/api/calls"))
        .header(
            "authorization",
            "Bearer cc_live_0000000000000000000000000000000000000000",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "a key wins over the cookie"
    );

    // Bob cannot see or revoke alice's key; alice revokes it and it stops.
    let id = made["id"].as_i64().unwrap();
    assert_eq!(
        ok(bob
            .get(t.url("/api/settings/api-keys"))
            .send()
            .await
            .unwrap())
        .await,
        json!([])
    );
    let r = bob
        .delete(t.url(&format!("/api/settings/api-keys/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    ok(k.get(t.url("/api/calls")).send().await.unwrap()).await;
    let revoked = ok(c
        .delete(t.url(&format!("/api/settings/api-keys/{id}")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(revoked["status"], "revoked");
    let e = refused(
        k.get(t.url("/api/calls")).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
    )
    .await;
    assert!(e.to_string().contains("revoked"), "{e}");
    t.cleanup().await;
});

conformance!(addresses_expiry_and_bad_input, |t| {
    let (c, _) = t.signed_in("alice").await;
    // An allowlist without this address refuses; with it, works.
    let far = make_key(&t, &c, json!({"name": "Far", "scopes": ["calls:read"], "allowedIps": ["203.0.113.0/24", "2001:db8::/32"]})).await;
    let r = bearer(far["key"].as_str().unwrap())
        .get(t.url("/api/calls"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let near = make_key(
        &t,
        &c,
        json!({"name": "Near", "scopes": ["calls:read"], "allowedIps": ["127.0.0.0/8"]}),
    )
    .await;
    ok(bearer(near["key"].as_str().unwrap())
        .get(t.url("/api/calls"))
        .send()
        .await
        .unwrap())
    .await;
    // An expiry: works until then.
    let soon = (jiff::Timestamp::now() + jiff::SignedDuration::from_millis(1500)).to_string();
    let brief = make_key(
        &t,
        &c,
        json!({"name": "Brief", "scopes": ["reports:read"], "expiresAt": soon}),
    )
    .await;
    let k = bearer(brief["key"].as_str().unwrap());
    ok(k.get(t.url("/api/stats/dashboard")).send().await.unwrap()).await;
    tokio::time::sleep(std::time::Duration::from_millis(1700)).await;
    let e = refused(
        k.get(t.url("/api/stats/dashboard")).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
    )
    .await;
    assert!(e.to_string().contains("expired"), "{e}");
    let list = ok(c.get(t.url("/api/settings/api-keys")).send().await.unwrap()).await;
    let brief_row = list
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == "Brief")
        .unwrap();
    assert_eq!(brief_row["status"], "expired");

    // Bad input: refused, nothing made.
    let before = list.as_array().unwrap().len();
    for (body, field) in [
        (json!({"name": "", "scopes": ["calls:read"]}), "name"),
        (json!({"name": "a\u{0}b", "scopes": ["calls:read"]}), "name"),
        (
            json!({"name": "x".repeat(101), "scopes": ["calls:read"]}),
            "name",
        ),
        (json!({"name": "x", "scopes": []}), "scopes"),
        (json!({"name": "x", "scopes": ["calls:admin"]}), "scopes"),
        (json!({"name": "x", "scopes": ["Calls:read"]}), "scopes"),
        (json!({"name": "x", "scopes": ["settings:write"]}), "scopes"),
        (
            json!({"name": "x", "scopes": ["calls:read"], "allowedIps": ["10.0.0.0/33"]}),
            "allowedIps",
        ),
        (
            json!({"name": "x", "scopes": ["calls:read"], "allowedIps": ["evil"]}),
            "allowedIps",
        ),
        (
            json!({"name": "x", "scopes": ["calls:read"], "expiresAt": "2001-01-01T00:00:00Z"}),
            "expiresAt",
        ),
        (
            json!({"name": "x", "scopes": ["calls:read"], "expiresAt": "tomorrow"}),
            "expiresAt",
        ),
    ] {
        let r = c
            .post(t.url("/api/settings/api-keys"))
            .json(&body)
            .send()
            .await
            .unwrap();
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
        assert_eq!(e["error"]["details"]["field"], field, "{body}: {e}");
    }
    let after = ok(c.get(t.url("/api/settings/api-keys")).send().await.unwrap()).await;
    assert_eq!(after.as_array().unwrap().len(), before);
    let r = c
        .delete(t.url("/api/settings/api-keys/99999"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    t.cleanup().await;
});

conformance!(a_key_reports_conversions, |t| {
    let (c, _) = t.signed_in("alice").await;
    common::carrier::campaign(
        &t,
        &c,
        &[("Ann", "+13105550111", None, 1, None, None, "20.00")],
        json!({}),
    )
    .await;
    common::carrier::incoming(&t, "CAkey1", "+12125550123", common::carrier::TRACKING).await;
    let calls = ok(c.get(t.url("/api/calls")).send().await.unwrap()).await;
    let call = calls["calls"][0]["id"].as_i64().unwrap();
    let read_only = make_key(&t, &c, json!({"name": "Read", "scopes": ["calls:read"]})).await;
    let r = bearer(read_only["key"].as_str().unwrap())
        .post(t.url("/api/conversions"))
        .json(&json!({"callId": call, "revenue": "12.50"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let writer = make_key(
        &t,
        &c,
        json!({"name": "CRM", "scopes": ["conversions:write"]}),
    )
    .await;
    let done = ok(bearer(writer["key"].as_str().unwrap())
        .post(t.url("/api/conversions"))
        .json(&json!({"callId": call, "revenue": "12.50"}))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(done["converted"], true, "{done}");
    assert_eq!(done["revenue"], "12.50");
    // Another account's key finds no such call.
    let (bob, _) = t.signed_in("bob").await;
    let theirs = make_key(
        &t,
        &bob,
        json!({"name": "Bob CRM", "scopes": ["conversions:write"]}),
    )
    .await;
    let r = bearer(theirs["key"].as_str().unwrap())
        .post(t.url("/api/conversions"))
        .json(&json!({"callId": call, "revenue": "99.00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    t.cleanup().await;
});
