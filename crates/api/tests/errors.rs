//! Bad input of every kind gets a clean error envelope and changes nothing.

mod common;

use common::assert_error;
use reqwest::StatusCode;

conformance!(malformed_requests_get_envelopes, |t| {
    let c = t.client();
    let login = t.url("/api/auth/login");
    let r = c
        .post(&login)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::BAD_REQUEST, "BAD_REQUEST").await;
    let r = c
        .post(&login)
        .header("content-type", "text/plain")
        .body("username=x")
        .send()
        .await
        .unwrap();
    assert_error(
        r,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
    )
    .await;
    let r = c
        .post(&login)
        .header("content-type", "application/json")
        .body(r#"{"username": 5}"#)
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    let huge = format!(
        r#"{{"username":"{}","password":"x"}}"#,
        "a".repeat(66 * 1024)
    );
    let r = c
        .post(&login)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE").await;
    t.cleanup().await;
});

conformance!(
    unknown_api_paths_and_methods_get_envelopes_not_the_web_app,
    |t| {
        let c = t.client();
        assert_error(
            c.get(t.url("/api/no-such-thing")).send().await.unwrap(),
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        )
        .await;
        assert_error(
            c.get(t.url("/api")).send().await.unwrap(),
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        )
        .await;
        assert_error(
            c.delete(t.url("/api/auth/login")).send().await.unwrap(),
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
        )
        .await;
        t.cleanup().await;
    }
);

conformance!(protected_endpoints_require_a_session, |t| {
    let c = t.client();
    for path in ["/api/auth/user", "/api/stats/dashboard"] {
        assert_error(
            c.get(t.url(path)).send().await.unwrap(),
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
        )
        .await;
    }
    assert_error(
        c.post(t.url("/api/auth/logout")).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
    )
    .await;
    t.cleanup().await;
});
