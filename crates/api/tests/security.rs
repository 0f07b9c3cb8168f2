//! Defence in depth: security headers on every page and answer, changes
//! from another site refused even with the session cookie, and only plain
//! request ids kept.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use reqwest::StatusCode;
use serde_json::json;

conformance!(every_answer_carries_the_security_headers, |t| {
    let (c, _) = t.signed_in("alice").await;
    for path in [
        "/",
        "/campaigns",
        "/api/auth/user",
        "/api/campaigns",
        "/api/docs/",
        "/healthz",
    ] {
        let r = c.get(t.url(path)).send().await.unwrap();
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert!(h.contains_key("referrer-policy"), "{path}");
        if path.starts_with("/api/") && !path.starts_with("/api/docs") {
            assert_eq!(h["cache-control"], "no-store", "{path}");
        }
        assert!(
            !h.contains_key("strict-transport-security"),
            "plain http: {path}"
        );
    }
    t.cleanup().await;
});

conformance!(
    changes_from_another_site_are_refused_even_with_the_cookie,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        let body = json!({"name": "Cross-site", "type": "direct"});
        let r = c
            .post(t.url("/api/campaigns"))
            .header("Origin", "https://evil.example")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["error"]["code"], "FORBIDDEN", "{v}");
        let r = c
            .post(t.url("/api/campaigns"))
            .header("Sec-Fetch-Site", "cross-site")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        // A body-less POST too: the session survives a forged logout.
        let r = c
            .post(t.url("/api/auth/logout"))
            .header("Origin", "https://evil.example")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let me = c.get(t.url("/api/auth/user")).send().await.unwrap();
        assert_eq!(me.status(), StatusCode::OK);
        let list: serde_json::Value = c
            .get(t.url("/api/campaigns"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list.as_array().unwrap().len(), 0, "{list}");
        // From our own page it goes through.
        let own = t.base.clone();
        let r = c
            .post(t.url("/api/campaigns"))
            .header("Origin", own)
            .header("Sec-Fetch-Site", "same-origin")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
        t.cleanup().await;
    }
);

conformance!(only_short_plain_request_ids_are_echoed, |t| {
    let c = t.client();
    let r = c
        .get(t.url("/healthz"))
        .header("x-request-id", "trace-42_a.b:c")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "trace-42_a.b:c");
    for bad in [
        "has spaces in it",
        &"x".repeat(200),
        "<script>alert(1)</script>",
    ] {
        let r = c
            .get(t.url("/healthz"))
            .header("x-request-id", bad)
            .send()
            .await
            .unwrap();
        let echoed = r.headers()["x-request-id"].to_str().unwrap();
        assert_ne!(echoed, bad);
        assert!(uuid::Uuid::parse_str(echoed).is_ok(), "{echoed}");
    }
    t.cleanup().await;
});

conformance!(
    an_answer_before_the_body_was_read_closes_the_connection,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        // Over the body limit (64 KiB in the tests' settings).
        let big = "x".repeat(200 * 1024);
        let r = c
            .post(t.url("/api/campaigns"))
            .header("content-type", "application/json")
            .body(format!("{{\"name\":\"{big}\"}}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(r.headers()["connection"], "close");
        // Refused before the body is read: not signed in.
        let r = t
            .client()
            .post(t.url("/api/campaigns"))
            .json(&json!({"name": "x", "type": "direct"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(r.headers()["connection"], "close");
        // An ordinary answer keeps the connection.
        let r = c.get(t.url("/api/campaigns")).send().await.unwrap();
        assert!(r.headers().get("connection").is_none_or(|v| v != "close"));
        t.cleanup().await;
    }
);
