//! A member's own settings on both databases: profile, password change
//! (other sessions signed out), sessions with revoke, and sign-in
//! history; always the member's own, never another's.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, assert_error};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn ok(r: reqwest::Response) -> Value {
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{status}: {body}");
    body
}

async fn get(t: &TestApp, c: &Client, path: &str) -> Value {
    ok(c.get(t.url(path)).send().await.unwrap()).await
}

/// A second signed-in client of an existing user.
async fn another_session(t: &TestApp, username: &str, password: &str, agent: &str) -> Client {
    let c = Client::builder()
        .cookie_store(true)
        .user_agent(agent)
        .build()
        .unwrap();
    assert_eq!(
        t.login(&c, username, password).await.status(),
        StatusCode::OK
    );
    c
}

conformance!(a_member_edits_their_own_profile, |t| {
    let (alice, _) = t.signed_in("alice").await;
    let (bob, _) = t.signed_in("bob").await;
    let profile = get(&t, &alice, "/api/settings/profile").await;
    assert_eq!(profile["username"], "alice");
    assert_eq!(profile["timeZone"], "UTC");
    assert_eq!(profile["role"], "owner");

    let saved = ok(alice
        .put(t.url("/api/settings/profile"))
        .json(
            &json!({ "email": " Alice.Ünal@Example.com ", "firstName": "  Álice 🚀 ",
                       "lastName": "", "timeZone": "America/New_York", "language": "en" }),
        )
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(saved["email"], "alice.Ünal@example.com");
    assert_eq!(saved["firstName"], "Álice 🚀");
    assert_eq!(saved["lastName"], Value::Null);
    assert_eq!(saved["timeZone"], "America/New_York");
    assert_eq!(
        get(&t, &alice, "/api/auth/user").await["timeZone"],
        "America/New_York"
    );

    // Bad input names the field and changes nothing.
    for (body, field) in [
        (
            json!({ "timeZone": "Mars/Olympus", "language": "en" }),
            "timeZone",
        ),
        (json!({ "timeZone": "UTC", "language": "fr" }), "language"),
        (
            json!({ "timeZone": "UTC", "language": "en", "email": "nope" }),
            "email",
        ),
        (
            json!({ "timeZone": "UTC", "language": "en", "firstName": "x".repeat(101) }),
            "firstName",
        ),
    ] {
        let r = alice
            .put(t.url("/api/settings/profile"))
            .json(&body)
            .send()
            .await
            .unwrap();
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
        assert_eq!(e["error"]["details"]["field"], field, "{body}");
    }
    let r = alice
        .put(t.url("/api/settings/profile"))
        .json(&json!({ "timeZone": "UTC", "language": "en", "lastName": "a\u{0}b" }))
        .send()
        .await
        .unwrap();
    assert!(matches!(r.status().as_u16(), 400 | 422), "{}", r.status());
    // Someone else's address.
    let r = alice
        .put(t.url("/api/settings/profile"))
        .json(&json!({ "timeZone": "UTC", "language": "en", "email": "BOB@example.com" }))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;
    assert_eq!(get(&t, &alice, "/api/settings/profile").await, saved);
    // Bob's profile is his own.
    assert_eq!(
        get(&t, &bob, "/api/settings/profile").await["email"],
        "bob@example.com"
    );
    t.cleanup().await;
});

conformance!(a_password_change_signs_out_the_other_sessions, |t| {
    let (here, _) = t.signed_in("carol").await;
    let there = another_session(&t, "carol", "correct horse", "Firefox/1 (Windows)").await;

    for (current, new, field) in [
        ("wrong horse", "battery staple 42", "currentPassword"),
        ("correct horse", "short", "newPassword"),
        ("correct horse", "password123", "newPassword"),
        ("correct horse", "my carol pass", "newPassword"),
        ("correct horse", "correct horse", "newPassword"),
    ] {
        let r = here
            .post(t.url("/api/settings/password"))
            .json(&json!({ "currentPassword": current, "newPassword": new }))
            .send()
            .await
            .unwrap();
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
        assert_eq!(e["error"]["details"]["field"], field, "{new}");
    }
    // Nothing changed yet: both sessions live.
    get(&t, &there, "/api/auth/user").await;

    let done = ok(here
        .post(t.url("/api/settings/password"))
        .json(&json!({ "currentPassword": "correct horse", "newPassword": "Ünïcode 🐎 staple" }))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(done["signedOutSessions"], 1);
    get(&t, &here, "/api/auth/user").await;
    let r = there.get(t.url("/api/auth/user")).send().await.unwrap();
    assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
    let r = t.login(&t.client(), "carol", "correct horse").await;
    assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
    assert_eq!(
        t.login(&t.client(), "carol", "Ünïcode 🐎 staple")
            .await
            .status(),
        StatusCode::OK
    );
    t.cleanup().await;
});

conformance!(sessions_are_listed_and_ended_by_their_member_only, |t| {
    let (mine, _) = t.signed_in("dave").await;
    let phone = another_session(
        &t,
        "dave",
        "correct horse",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile Safari/604.1",
    )
    .await;
    let laptop = another_session(&t, "dave", "correct horse", "curl/8.5.0").await;
    let (eve, _) = t.signed_in("eve").await;

    let list = get(&t, &mine, "/api/settings/sessions").await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list.iter().filter(|s| s["current"] == true).count(), 1);
    let phone_session = list
        .iter()
        .find(|s| s["device"] == "Safari on iOS")
        .unwrap();
    assert_eq!(phone_session["ipAddress"], "127.0.0.1");
    let id = phone_session["id"].as_str().unwrap();
    assert_eq!(id.len(), 16);

    // Another member cannot end it; bad ids are 404s.
    for bad in [id, "zz", "0000000000000000"] {
        let r = eve
            .delete(t.url(&format!("/api/settings/sessions/{bad}")))
            .send()
            .await
            .unwrap();
        assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    }
    get(&t, &phone, "/api/auth/user").await;

    let r = mine
        .delete(t.url(&format!("/api/settings/sessions/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = phone.get(t.url("/api/auth/user")).send().await.unwrap();
    assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;

    // Everything but this one.
    let ended = ok(mine
        .delete(t.url("/api/settings/sessions"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(ended["signedOutSessions"], 1);
    let r = laptop.get(t.url("/api/auth/user")).send().await.unwrap();
    assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
    assert_eq!(
        get(&t, &mine, "/api/settings/sessions")
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        get(&t, &eve, "/api/settings/sessions")
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    t.cleanup().await;
});

conformance!(sign_in_history_shows_failures_and_successes, |t| {
    t.user("fay", "correct horse").await;
    let (other, _) = t.signed_in("gus").await;
    let r = t.login(&t.client(), "fay", "wrong horse").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let fay = another_session(
        &t,
        "FAY",
        "correct horse",
        "Firefox/120 (X11; Linux x86_64)",
    )
    .await;
    let history = get(&t, &fay, "/api/settings/sign-ins").await;
    let history = history.as_array().unwrap();
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(history[0]["success"], true);
    assert_eq!(history[0]["device"], "Firefox on Linux");
    assert_eq!(history[1]["success"], false);
    assert_eq!(history[1]["reason"], "wrong password");
    assert_eq!(history[1]["ipAddress"], "127.0.0.1");
    // Gus sees only his own.
    let his = get(&t, &other, "/api/settings/sign-ins").await;
    assert_eq!(his.as_array().unwrap().len(), 1);
    // A key is no member: these are the member's own.
    let key: Value = ok(other
        .post(t.url("/api/settings/api-keys"))
        .json(&json!({ "name": "k", "scopes": ["calls:read"] }))
        .send()
        .await
        .unwrap())
    .await;
    let r = Client::new()
        .get(t.url("/api/settings/sign-ins"))
        .bearer_auth(key["key"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    t.cleanup().await;
});
