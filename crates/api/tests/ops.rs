//! Operations endpoints, API docs and the web app's serving rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use reqwest::StatusCode;
use serde_json::Value;

/// What `/metrics` shows now.
async fn metrics_text(t: &common::TestApp) -> String {
    let r = t.client().get(t.url("/metrics")).send().await.unwrap();
    r.text().await.unwrap()
}

conformance!(health_readiness_and_metrics_answer, |t| {
    let c = t.client();
    let h: Value = c
        .get(t.url("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(h["status"], "ok");
    let r: Value = c
        .get(t.url("/readyz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["database"], "ok");
    let m = metrics_text(&t).await;
    assert!(m.contains("http_requests_total"), "{m}");
    assert!(m.contains("db_pool_connections"), "{m}");
    t.cleanup().await;
});

conformance!(readiness_fails_when_the_database_is_gone, |t| {
    t.store.close().await;
    let r = t.client().get(t.url("/readyz")).send().await.unwrap();
    common::assert_error(r, StatusCode::SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE").await;
    t.cleanup().await;
});

conformance!(every_response_carries_a_request_id, |t| {
    let r = t.client().get(t.url("/healthz")).send().await.unwrap();
    assert!(
        r.headers()
            .get("x-request-id")
            .is_some_and(|v| v.len() >= 32)
    );
    let r = t
        .client()
        .get(t.url("/healthz"))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "abc-123");
    // Carrier webhooks have a stack of their own, with the same ids and
    // metrics: an unsigned one is refused in TwiML, and counted.
    let hook = t
        .client()
        .post(t.url("/api/webhooks/twilio"))
        .form(&[("CallSid", "CAops")])
        .send()
        .await
        .unwrap();
    assert_eq!(hook.status(), StatusCode::FORBIDDEN);
    let id = hook.headers()["x-request-id"].to_str().unwrap().to_string();
    let id = uuid::Uuid::parse_str(&id).unwrap();
    assert_eq!(id.get_version_num(), 4);
    // The wrong method gets the API's error envelope.
    let get = t
        .client()
        .get(t.url("/api/webhooks/twilio"))
        .send()
        .await
        .unwrap();
    common::assert_error(get, StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED").await;
    let m = metrics_text(&t).await;
    assert!(
        m.lines().any(|l| l.starts_with("http_requests_total")
            && l.contains(r#"route="/api/webhooks/twilio""#)
            && l.contains(r#"status="403""#)
            && l.contains(r#"method="POST""#)),
        "{m}"
    );
    t.cleanup().await;
});

conformance!(openapi_and_docs_are_served, |t| {
    let c = t.client();
    let doc: Value = c
        .get(t.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(doc["paths"]["/api/auth/login"].is_object());
    let docs = c.get(t.url("/api/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(docs.text().await.unwrap().contains("swagger"));
    t.cleanup().await;
});

conformance!(app_routes_get_the_web_app_and_assets_are_cached_long, |t| {
    let c = t.client();
    let page = c
        .get(t.url("/campaigns/some/deep/link"))
        .send()
        .await
        .unwrap();
    let ct = page.headers()["content-type"].to_str().unwrap().to_string();
    assert!(
        ct.starts_with("text/html") || ct.starts_with("text/plain"),
        "{ct}"
    );
    if page.status() == StatusCode::OK {
        assert_eq!(page.headers()["cache-control"], "no-cache");
        let html = page.text().await.unwrap();
        let asset = html
            .split("\"/assets/")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("index.html links a hashed asset");
        let a = c
            .get(t.url(&format!("/assets/{asset}")))
            .send()
            .await
            .unwrap();
        assert_eq!(a.status(), StatusCode::OK);
        assert!(
            a.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
    } else {
        assert_eq!(
            page.status(),
            StatusCode::SERVICE_UNAVAILABLE,
            "only an unbuilt web app may fail"
        );
        assert!(
            std::env::var("CALLCENTER_EXPECT_WEB").is_err(),
            "the web app was built (CALLCENTER_EXPECT_WEB) but is not served"
        );
    }
    let missing = c.get(t.url("/assets/nope-123.js")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    t.cleanup().await;
});
