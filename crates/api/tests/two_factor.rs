//! Two-factor sign-in on both databases: enrolment with a code, the
//! second sign-in step with clock skew and replay refused, recovery codes
//! used once, five wrong codes ending an attempt, the owner's requirement,
//! and the secret never stored in plain text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{DbLocation, TestApp, assert_error};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use totp_rs::{Builder, Secret, Totp};

async fn ok(r: reqwest::Response) -> Value {
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{status}: {body}");
    body
}

fn totp_of(secret: &str) -> Totp {
    let bytes = Secret::try_from_base32(secret).unwrap();
    Builder::new()
        .with_secret(bytes.as_bytes())
        .build()
        .unwrap()
}

fn code_at(totp: &Totp, offset_secs: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    totp.generate(now.saturating_add_signed(offset_secs))
        .to_string()
}

/// Turn two-factor on for a signed-in client; the secret and recovery codes.
async fn enrol(t: &TestApp, c: &Client, offset_secs: i64) -> (String, Vec<String>) {
    let setup = ok(c
        .post(t.url("/api/settings/two-factor/setup"))
        .send()
        .await
        .unwrap())
    .await;
    let secret = setup["secret"].as_str().unwrap().to_string();
    let codes = ok(c
        .post(t.url("/api/settings/two-factor/enable"))
        .json(&json!({ "code": code_at(&totp_of(&secret), offset_secs) }))
        .send()
        .await
        .unwrap())
    .await;
    let codes = codes["recoveryCodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    (secret, codes)
}

/// Sign in with the password: the challenge of the second step.
async fn first_step(t: &TestApp, c: &Client, username: &str) -> String {
    let r = t.login(c, username, "correct horse").await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    assert!(r.headers().get("set-cookie").is_none());
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["twoFactorRequired"], true);
    body["challenge"].as_str().unwrap().to_string()
}

async fn second_step(t: &TestApp, c: &Client, body: Value) -> reqwest::Response {
    c.post(t.url("/api/auth/two-factor"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

conformance!(enrolment_and_the_second_sign_in_step, |t| {
    let (c, _) = t.signed_in("olga").await;
    let state = ok(c
        .get(t.url("/api/settings/two-factor"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(state["enabled"], false);

    let setup = ok(c
        .post(t.url("/api/settings/two-factor/setup"))
        .send()
        .await
        .unwrap())
    .await;
    let secret = setup["secret"].as_str().unwrap().to_string();
    let url = setup["otpauthUrl"].as_str().unwrap();
    assert!(url.starts_with("otpauth://totp/"), "{url}");
    assert!(
        url.contains("olga") && url.contains("issuer=CallCenter"),
        "{url}"
    );
    assert!(setup["qrSvg"].as_str().unwrap().contains("<svg"));
    // Wrong codes do not turn it on.
    for bad in ["000000", "12345", "abcdef", ""] {
        let r = c
            .post(t.url("/api/settings/two-factor/enable"))
            .json(&json!({ "code": bad }))
            .send()
            .await
            .unwrap();
        assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    }
    let totp = totp_of(&secret);
    // A device clock 30 s behind is accepted.
    let codes = ok(c
        .post(t.url("/api/settings/two-factor/enable"))
        .json(&json!({ "code": code_at(&totp, -30) }))
        .send()
        .await
        .unwrap())
    .await;
    let codes: Vec<String> = codes["recoveryCodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 10);
    let state = ok(c
        .get(t.url("/api/settings/two-factor"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(state["enabled"], true);
    assert_eq!(state["recoveryCodesLeft"], 10);
    let r = c
        .post(t.url("/api/settings/two-factor/setup"))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;

    // Signing in now takes a code.
    let b = t.client();
    let challenge = first_step(&t, &b, "olga").await;
    let r = b.get(t.url("/api/auth/user")).send().await.unwrap();
    assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
    let r = second_step(&t, &b, json!({ "challenge": challenge, "code": "000000" })).await;
    assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
    let code = code_at(&totp, 0);
    let r = second_step(&t, &b, json!({ "challenge": challenge, "code": code })).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().get("set-cookie").is_some());
    assert_eq!(
        ok(b.get(t.url("/api/auth/user")).send().await.unwrap()).await["username"],
        "olga"
    );
    // The challenge is spent, and so is the code.
    let r = second_step(&t, &b, json!({ "challenge": challenge, "code": code })).await;
    assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
    let again = first_step(&t, &t.client(), "olga").await;
    let r = second_step(&t, &t.client(), json!({ "challenge": again, "code": code })).await;
    assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
    // A device 30 s ahead works; 2 minutes ahead does not.
    let r = second_step(
        &t,
        &t.client(),
        json!({ "challenge": again, "code": code_at(&totp, 120) }),
    )
    .await;
    assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
    let r = second_step(
        &t,
        &t.client(),
        json!({ "challenge": again, "code": code_at(&totp, 30) }),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);

    // A recovery code works once, written loosely.
    let loose = codes[3].to_uppercase().replace('-', " ");
    let challenge = first_step(&t, &t.client(), "olga").await;
    let r = second_step(
        &t,
        &t.client(),
        json!({ "challenge": challenge, "recoveryCode": loose }),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let challenge = first_step(&t, &t.client(), "olga").await;
    let r = second_step(
        &t,
        &t.client(),
        json!({ "challenge": challenge, "recoveryCode": codes[3] }),
    )
    .await;
    assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
    let state = ok(c
        .get(t.url("/api/settings/two-factor"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(state["recoveryCodesLeft"], 9);

    // New recovery codes replace the old ones.
    let r = c
        .post(t.url("/api/settings/two-factor/recovery-codes"))
        .json(&json!({ "password": "wrong horse" }))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    let fresh = ok(c
        .post(t.url("/api/settings/two-factor/recovery-codes"))
        .json(&json!({ "password": "correct horse" }))
        .send()
        .await
        .unwrap())
    .await;
    assert_ne!(fresh["recoveryCodes"][0], codes[0].as_str());
    let challenge = first_step(&t, &t.client(), "olga").await;
    let r = second_step(
        &t,
        &t.client(),
        json!({ "challenge": challenge, "recoveryCode": codes[0] }),
    )
    .await;
    assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;

    // Sign-in history names the failures.
    let history = ok(c.get(t.url("/api/settings/sign-ins")).send().await.unwrap()).await;
    assert!(history.to_string().contains("wrong two-factor code"));

    // Off again, with the password.
    let r = c
        .post(t.url("/api/settings/two-factor/disable"))
        .json(&json!({ "password": "nope" }))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    ok(c.post(t.url("/api/settings/two-factor/disable"))
        .json(&json!({ "password": "correct horse" }))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(
        t.login(&t.client(), "olga", "correct horse").await.status(),
        StatusCode::OK
    );
    t.cleanup().await;
});

conformance!(five_wrong_codes_end_the_attempt, |t| {
    let (c, _) = t.signed_in("olga").await;
    let (secret, _) = enrol(&t, &c, 0).await;
    let b = t.client();
    let challenge = first_step(&t, &b, "olga").await;
    for _ in 0..5 {
        let r = second_step(&t, &b, json!({ "challenge": challenge, "code": "111111" })).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = second_step(
        &t,
        &b,
        json!({ "challenge": challenge, "code": code_at(&totp_of(&secret), 30) }),
    )
    .await;
    let e = assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("sign in again")
    );
    for bad in [
        json!({ "challenge": "x", "code": "1" }),
        json!({ "challenge": "a".repeat(64) }),
    ] {
        let r = second_step(&t, &b, bad).await;
        assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
    }
    t.cleanup().await;
});

conformance!(an_owner_can_require_two_factor_of_everyone, |t| {
    let (owner, _) = t.signed_in("olga").await;
    // Not before having it themselves.
    let r = owner
        .put(t.url("/api/settings/security"))
        .json(&json!({ "requireTwoFactor": true }))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;
    enrol(&t, &owner, 0).await;

    let invite = ok(owner
        .post(t.url("/api/settings/members/invitations"))
        .json(&json!({ "email": "adam@example.com", "role": "admin" }))
        .send()
        .await
        .unwrap())
    .await;
    let token = invite["link"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let admin = t.client();
    assert_eq!(
        admin
            .post(t.url(&format!("/api/auth/invitations/{token}/accept")))
            .json(&json!({ "username": "adam", "password": "correct horse" }))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::CREATED
    );
    // Owners only.
    let r = admin
        .put(t.url("/api/settings/security"))
        .json(&json!({ "requireTwoFactor": true }))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    let set = ok(owner
        .put(t.url("/api/settings/security"))
        .json(&json!({ "requireTwoFactor": true }))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(set["requireTwoFactor"], true);

    // The admin's session is held to setting it up first.
    let r = admin.get(t.url("/api/campaigns")).send().await.unwrap();
    assert_error(r, StatusCode::FORBIDDEN, "TWO_FACTOR_SETUP_REQUIRED").await;
    ok(admin.get(t.url("/api/auth/user")).send().await.unwrap()).await;
    let state = ok(admin
        .get(t.url("/api/settings/two-factor"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(state["requiredByAccount"], true);
    enrol(&t, &admin, 0).await;
    ok(admin.get(t.url("/api/campaigns")).send().await.unwrap()).await;
    // And cannot turn it off while it is required.
    let r = admin
        .post(t.url("/api/settings/two-factor/disable"))
        .json(&json!({ "password": "correct horse" }))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;
    // Another account is not held to it.
    let (other, _) = t.signed_in("bob").await;
    ok(other.get(t.url("/api/campaigns")).send().await.unwrap()).await;
    let theirs = ok(other
        .get(t.url("/api/settings/security"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(theirs["requireTwoFactor"], false);
    t.cleanup().await;
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secret_is_not_stored_in_plain_text() {
    let t = TestApp::start(common::Backend::Sqlite, common::settings())
        .await
        .unwrap();
    let (c, _) = t.signed_in("olga").await;
    let (secret, codes) = enrol(&t, &c, 0).await;
    let DbLocation::Sqlite(url) = &t.db else {
        panic!("SQLite expected")
    };
    let path = url
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let mut bytes = std::fs::read(&path).unwrap();
    if let Ok(wal) = std::fs::read(format!("{path}-wal")) {
        bytes.extend(wal);
    }
    t.cleanup().await;
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("olga"), "the database file was read");
    assert!(
        !text.contains(&secret),
        "the TOTP secret is in the database"
    );
    assert!(
        !text.contains(&codes[0]),
        "a recovery code is in the database"
    );
}

conformance!(an_owner_can_limit_the_account_to_some_addresses, |t| {
    let (owner, _) = t.signed_in("olga").await;
    let key = ok(owner
        .post(t.url("/api/settings/api-keys"))
        .json(&json!({ "name": "BI", "scopes": ["campaigns:read"] }))
        .send()
        .await
        .unwrap())
    .await;
    let key = key["key"].as_str().unwrap().to_string();
    // A list without this address would shut the owner out: refused, and
    // nothing changes.
    let r = owner
        .put(t.url("/api/settings/security"))
        .json(&json!({ "allowedIps": ["203.0.113.0/24"] }))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;
    for bad in [
        json!(["not an address"]),
        json!(["10.0.0.0/99"]),
        json!(["a\u{0}b"]),
    ] {
        let r = owner
            .put(t.url("/api/settings/security"))
            .json(&json!({ "allowedIps": bad }))
            .send()
            .await
            .unwrap();
        assert!(
            matches!(r.status().as_u16(), 400 | 422),
            "{bad}: {}",
            r.status()
        );
    }
    let now = ok(owner
        .get(t.url("/api/settings/security"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(now["allowedIps"], json!([]));
    let r = owner
        .put(t.url("/api/settings/security"))
        .json(&json!([null, null]))
        .send()
        .await
        .unwrap();
    assert!(matches!(r.status().as_u16(), 400 | 422), "{}", r.status());

    let set = ok(owner
        .put(t.url("/api/settings/security"))
        .json(&json!({ "allowedIps": [" 127.0.0.0/8 ", "2001:db8::/32"] }))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(set["allowedIps"], json!(["127.0.0.0/8", "2001:db8::/32"]));
    assert_eq!(set["requireTwoFactor"], false);
    ok(owner.get(t.url("/api/campaigns")).send().await.unwrap()).await;
    ok(Client::new()
        .get(t.url("/api/campaigns"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap())
    .await;

    // From outside the list (the database changed behind the API, as if
    // the owner had listed another network): sessions, keys and sign-in
    // are refused.
    t.store
        .set_account_allowlist(
            t.store
                .user_by_username("olga")
                .await
                .unwrap()
                .unwrap()
                .account(),
            "[\"203.0.113.0/24\"]",
        )
        .await
        .unwrap();
    let r = owner.get(t.url("/api/campaigns")).send().await.unwrap();
    assert_error(r, StatusCode::FORBIDDEN, "ADDRESS_NOT_ALLOWED").await;
    let r = Client::new()
        .get(t.url("/api/campaigns"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::FORBIDDEN, "ADDRESS_NOT_ALLOWED").await;
    let r = t.login(&t.client(), "olga", "correct horse").await;
    assert_error(r, StatusCode::FORBIDDEN, "ADDRESS_NOT_ALLOWED").await;
    // Another account is not held to it.
    let (bob, _) = t.signed_in("bob").await;
    ok(bob.get(t.url("/api/campaigns")).send().await.unwrap()).await;
    t.cleanup().await;
});
