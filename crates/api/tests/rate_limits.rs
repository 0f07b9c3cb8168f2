//! API rate limits: per member, per API key and per client address, with
//! `RateLimit-*` and `X-RateLimit-*` headers on every answer and a 429
//! with `Retry-After` in the envelope past the limit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::assert_error;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn limited() -> api::Settings {
    api::Settings {
        api_requests_per_minute: 6,
        api_requests_per_address_minute: 40,
        ..common::settings()
    }
}

fn header(r: &reqwest::Response, name: &str) -> u64 {
    r.headers()
        .get(name)
        .unwrap_or_else(|| panic!("{name} missing"))
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

conformance!(each_member_and_key_has_its_own_quota, limited(), |t| {
    let (alice, _) = t.signed_in("alice").await;
    let (bob, _) = t.signed_in("bob").await;
    // Signing in spent none of the member's quota (it was not yet known).
    let mut left = Vec::new();
    for _ in 0..6 {
        let r = alice.get(t.url("/api/campaigns")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(header(&r, "ratelimit-limit"), 6);
        assert_eq!(header(&r, "x-ratelimit-limit"), 6);
        let reset = header(&r, "ratelimit-reset");
        assert!((1..=60).contains(&reset), "{reset}");
        assert!(header(&r, "x-ratelimit-reset") > 1_700_000_000);
        left.push(header(&r, "ratelimit-remaining"));
    }
    assert_eq!(left, [5, 4, 3, 2, 1, 0]);
    let r = alice.get(t.url("/api/campaigns")).send().await.unwrap();
    let retry = header(&r, "retry-after");
    assert!((1..=60).contains(&retry));
    assert_eq!(header(&r, "ratelimit-remaining"), 0);
    let e = assert_error(r, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMIT_EXCEEDED").await;
    assert_eq!(e["error"]["retryAfter"], retry);
    assert_eq!(e["error"]["message"], "API rate limit exceeded");

    // Bob is not held by Alice's use.
    let r = bob.get(t.url("/api/campaigns")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "ratelimit-remaining"), 5);
    let key: Value = bob
        .post(t.url("/api/settings/api-keys"))
        .json(&json!({ "name": "k", "scopes": ["campaigns:read"] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // A key counts on its own.
    let r = reqwest::Client::new()
        .get(t.url("/api/campaigns"))
        .bearer_auth(key["key"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "ratelimit-remaining"), 5);
    t.cleanup().await;
});

conformance!(
    one_address_is_held_across_members_and_anonymous_requests,
    limited(),
    |t| {
        let anonymous = t.client();
        let mut last = None;
        for _ in 0..40 {
            let r = anonymous.get(t.url("/api/campaigns")).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
            last = Some(header(&r, "ratelimit-remaining"));
        }
        assert_eq!(last, Some(0));
        let r = t.login(&t.client(), "nobody", "whatever1").await;
        assert_error(r, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMIT_EXCEEDED").await;
        t.cleanup().await;
    }
);

fn cors() -> api::Settings {
    api::Settings {
        cors_origins: vec!["https://crm.example.com".into()],
        ..common::settings()
    }
}

conformance!(
    configured_origins_may_call_the_api_with_a_key,
    cors(),
    |t| {
        let (c, _) = t.signed_in("olga").await;
        let key: Value = c
            .post(t.url("/api/settings/api-keys"))
            .json(&json!({ "name": "CRM", "scopes": ["campaigns:read"] }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let client = reqwest::Client::new();
        // The browser's preflight.
        let r = client
            .request(reqwest::Method::OPTIONS, t.url("/api/campaigns"))
            .header("origin", "https://crm.example.com")
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
        assert_eq!(
            r.headers()["access-control-allow-origin"],
            "https://crm.example.com"
        );
        assert!(
            r.headers()
                .get("access-control-allow-credentials")
                .is_none()
        );
        let r = client
            .get(t.url("/api/campaigns"))
            .header("origin", "https://crm.example.com")
            .bearer_auth(key["key"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(
            r.headers()["access-control-allow-origin"],
            "https://crm.example.com"
        );
        // Another origin gets no permission.
        let r = client
            .get(t.url("/api/campaigns"))
            .header("origin", "https://evil.example")
            .bearer_auth(key["key"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert!(r.headers().get("access-control-allow-origin").is_none());
        t.cleanup().await;
    }
);
