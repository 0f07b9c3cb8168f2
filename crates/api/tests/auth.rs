//! Sign-in, sessions, logout, throttling and registration, on SQLite and
//! PostgreSQL.

mod common;

use common::{assert_error, settings};
use reqwest::StatusCode;
use serde_json::{Value, json};

conformance!(login_sets_a_httponly_lax_cookie_and_reveals_the_user, |t| {
    t.user("alice", "correct horse").await;
    let client = t.client();
    let r = t.login(&client, "alice", "correct horse").await;
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("ccp_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain http must not set Secure");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["success"], true);
    assert_eq!(body["user"]["username"], "alice");
    assert!(body["user"].get("passwordHash").is_none());

    let me: Value = client
        .get(t.url("/api/auth/user"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["username"], "alice");
    assert_eq!(me["email"], "alice@example.com");
    assert_eq!(me["timeZone"], "UTC");
    t.cleanup().await;
});

conformance!(
    the_cookie_is_secure_when_served_over_https,
    api::Settings {
        cookie_secure: true,
        ..settings()
    },
    |t| {
        t.user("alice", "correct horse").await;
        let r = t.login(&t.client(), "alice", "correct horse").await;
        assert!(
            r.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .contains("; Secure")
        );
        t.cleanup().await;
    }
);

conformance!(wrong_password_and_unknown_user_get_the_same_answer, |t| {
    t.user("alice", "correct horse").await;
    let client = t.client();
    let wrong = assert_error(
        t.login(&client, "alice", "wrong").await,
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
    )
    .await;
    let unknown = assert_error(
        t.login(&client, "nobody", "wrong").await,
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
    )
    .await;
    assert_eq!(wrong, unknown);
    assert_error(
        client.get(t.url("/api/auth/user")).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
    )
    .await;
    t.cleanup().await;
});

conformance!(usernames_are_case_insensitive, |t| {
    t.user("Alice", "correct horse").await;
    let r = t.login(&t.client(), "alice", "correct horse").await;
    assert_eq!(r.status(), StatusCode::OK);
    t.cleanup().await;
});

conformance!(
    repeated_failures_are_throttled_even_with_the_right_password,
    |t| {
        t.user("alice", "correct horse").await;
        let client = t.client();
        for _ in 0..5 {
            assert_eq!(
                t.login(&client, "alice", "nope").await.status(),
                StatusCode::UNAUTHORIZED
            );
        }
        let r = t.login(&client, "alice", "correct horse").await;
        assert!(r.headers().contains_key("retry-after"));
        let body = assert_error(r, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMIT_EXCEEDED").await;
        assert!(body["error"]["retryAfter"].as_u64().unwrap() > 0);
        t.cleanup().await;
    }
);

conformance!(a_guesser_elsewhere_cannot_lock_the_real_user_out, |t| {
    t.user("alice", "correct horse").await;
    // The guesser comes from another loopback address.
    let guesser = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .cookie_store(true)
        .build()
        .unwrap();
    for _ in 0..5 {
        assert_eq!(
            t.login(&guesser, "alice", "nope").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let r = t.login(&guesser, "alice", "correct horse").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    // The real user, from her own address, signs in.
    let r = t.login(&t.client(), "alice", "correct horse").await;
    assert_eq!(r.status(), StatusCode::OK);
    t.cleanup().await;
});

conformance!(logout_revokes_the_session_on_the_server, |t| {
    let (client, _) = t.signed_in("alice").await;
    // Keep the raw cookie, as an attacker who copied it would.
    let r = t.login(&client, "alice", "correct horse").await;
    let cookie = r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let stolen = reqwest::Client::new();
    let me = stolen
        .get(t.url("/api/auth/user"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);

    let out = client.post(t.url("/api/auth/logout")).send().await.unwrap();
    assert_eq!(out.status(), StatusCode::OK);
    assert!(
        out.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let me = stolen
        .get(t.url("/api/auth/user"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_error(me, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
    t.cleanup().await;
});

conformance!(forged_and_garbage_cookies_are_refused, |t| {
    let c = reqwest::Client::new();
    for cookie in [
        format!("ccp_session={}", "0".repeat(64)),
        "ccp_session=garbage".into(),
        "ccp_session=".into(),
    ] {
        let r = c
            .get(t.url("/api/auth/user"))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
    }
    t.cleanup().await;
});

conformance!(sessions_survive_a_restart, |t| {
    let (client, _) = t.signed_in("alice").await;
    let t = t.restart(settings()).await;
    let me = client.get(t.url("/api/auth/user")).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    t.cleanup().await;
});

conformance!(
    an_idle_session_expires,
    api::Settings {
        session: store::sessions::SessionPolicy {
            idle_ms: 800,
            absolute_ms: 60_000
        },
        ..settings()
    },
    |t| {
        let (client, _) = t.signed_in("alice").await;
        assert_eq!(
            client
                .get(t.url("/api/auth/user"))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::OK
        );
        tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
        assert_error(
            client.get(t.url("/api/auth/user")).send().await.unwrap(),
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
        )
        .await;
        t.cleanup().await;
    }
);

conformance!(
    a_session_ends_at_its_absolute_timeout_even_when_used,
    api::Settings {
        session: store::sessions::SessionPolicy {
            idle_ms: 800,
            absolute_ms: 800
        },
        ..settings()
    },
    |t| {
        let (client, _) = t.signed_in("alice").await;
        for _ in 0..3 {
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            let _ = client.get(t.url("/api/auth/user")).send().await.unwrap();
        }
        assert_error(
            client.get(t.url("/api/auth/user")).send().await.unwrap(),
            StatusCode::UNAUTHORIZED,
            "UNAUTHORIZED",
        )
        .await;
        let purged = t
            .store
            .purge_expired_sessions(store::sessions::SessionPolicy {
                idle_ms: 800,
                absolute_ms: 800,
            })
            .await
            .unwrap();
        assert_eq!(
            purged, 0,
            "the expired session was already deleted when it was refused"
        );
        t.cleanup().await;
    }
);

conformance!(registration_is_off_unless_enabled, |t| {
    let r = t
        .client()
        .post(t.url("/api/auth/register"))
        .json(&json!({"username": "mallory", "password": "long enough"}))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    assert!(t.store.user_by_username("mallory").await.unwrap().is_none());
    t.cleanup().await;
});

conformance!(
    registration_creates_a_signed_in_account_and_refuses_duplicates,
    api::Settings {
        allow_registration: true,
        ..settings()
    },
    |t| {
        let client = t.client();
        let r = client
            .post(t.url("/api/auth/register"))
            .json(
                &json!({"username": "bob", "email": "Bob@Example.com", "password": "long enough"}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        let me: Value = client
            .get(t.url("/api/auth/user"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me["email"], "bob@example.com");

        let again = t
            .client()
            .post(t.url("/api/auth/register"))
            .json(&json!({"username": "BOB", "password": "long enough"}))
            .send()
            .await
            .unwrap();
        let body = assert_error(again, StatusCode::CONFLICT, "CONFLICT").await;
        assert_eq!(body["error"]["details"]["field"], "username");

        let bad = t
            .client()
            .post(t.url("/api/auth/register"))
            .json(&json!({"username": "carol", "password": "short"}))
            .send()
            .await
            .unwrap();
        let body = assert_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
        assert_eq!(body["error"]["details"]["field"], "password");
        assert!(t.store.user_by_username("carol").await.unwrap().is_none());
        t.cleanup().await;
    }
);
