//! The audit log on both databases: every change through the API with the
//! object before and after (secrets redacted), exports as sensitive reads,
//! filters, one account's log out of another's reach, and a chain that
//! shows a changed or removed entry.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{DbLocation, TestApp, assert_error};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn ok(r: reqwest::Response) -> Value {
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{status}: {body}");
    body
}

async fn log(t: &TestApp, c: &Client, query: &str) -> Vec<Value> {
    ok(c.get(t.url(&format!("/api/audit-log{query}")))
        .send()
        .await
        .unwrap())
    .await
    .as_array()
    .unwrap()
    .clone()
}

conformance!(changes_are_logged_with_before_and_after, |t| {
    let (c, _) = t.signed_in("olga").await;
    let made = ok(c
        .post(t.url("/api/buyers"))
        .json(&json!({ "name": "Zoë's buyer 🚀", "phone": "+14155550100" }))
        .send()
        .await
        .unwrap())
    .await;
    let id = made["id"].clone();
    ok(c.patch(t.url(&format!("/api/buyers/{id}")))
        .json(&json!({ "name": "Renamed" }))
        .send()
        .await
        .unwrap())
    .await;
    let r = c
        .delete(t.url(&format!("/api/buyers/{id}")))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    // A refused change is logged with its status; reads are not.
    let r = c
        .post(t.url("/api/buyers"))
        .json(&json!({ "name": "" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    c.get(t.url("/api/buyers")).send().await.unwrap();
    // An export is a sensitive read.
    let r = c.get(t.url("/api/calls/export.csv")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    let entries = log(&t, &c, "").await;
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "export calls",
            "create buyers",
            "delete buyers",
            "update buyers",
            "create buyers"
        ]
    );
    let [export, refused, deleted, updated, created] = entries.as_slice() else {
        panic!()
    };
    assert_eq!(created["after"]["name"], "Zoë's buyer 🚀");
    assert_eq!(created["actor"], "olga");
    assert_eq!(created["ipAddress"], "127.0.0.1");
    assert_eq!(created["status"], 201);
    assert_eq!(updated["before"]["name"], "Zoë's buyer 🚀");
    assert_eq!(updated["after"]["name"], "Renamed");
    assert_eq!(deleted["before"]["name"], "Renamed");
    assert_eq!(deleted["after"], Value::Null);
    assert_eq!(refused["status"], 422);
    assert_eq!(export["method"], "GET");

    // Filters.
    assert_eq!(log(&t, &c, "?search=UPDATE").await.len(), 1);
    assert_eq!(log(&t, &c, "?limit=2").await.len(), 2);
    assert_eq!(log(&t, &c, "?search=%25").await.len(), 0);
    let r = c.get(t.url("/api/audit-log?limit=0")).send().await.unwrap();
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    let r = c
        .get(t.url("/api/audit-log?from=yesterday"))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    let csv = c
        .get(t.url("/api/audit-log/export.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("id,at,actor"));
    assert!(csv.contains("update buyers"));
    let check = ok(c.get(t.url("/api/audit-log/verify")).send().await.unwrap()).await;
    assert_eq!(check["valid"], true);
    assert!(check["checked"].as_i64().unwrap() >= 5);
    t.cleanup().await;
});

conformance!(secrets_never_reach_the_log, |t| {
    let (c, _) = t.signed_in("olga").await;
    let key = ok(c
        .post(t.url("/api/settings/api-keys"))
        .json(&json!({ "name": "BI", "scopes": ["calls:read"] }))
        .send()
        .await
        .unwrap())
    .await;
    let full = key["key"].as_str().unwrap();
    let r = c
        .post(t.url("/api/settings/password"))
        .json(&json!({ "currentPassword": "correct horse", "newPassword": "another horse 42" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let text = serde_json::to_string(&log(&t, &c, "").await).unwrap();
    assert!(text.contains("create settings api-keys"), "{text}");
    assert!(!text.contains(full), "the API key is in the log");
    assert!(!text.contains("another horse"), "a password is in the log");
    // Using the key is logged under it.
    let r = Client::new()
        .get(t.url("/api/calls/export.csv"))
        .bearer_auth(full)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let newest = &log(&t, &c, "?limit=1").await[0];
    assert_eq!(newest["apiKeyId"], key["id"]);
    assert!(newest["actor"].as_str().unwrap().starts_with("API key"));
    t.cleanup().await;
});

conformance!(the_log_is_the_accounts_own_and_for_admins, |t| {
    let (alice, _) = t.signed_in("alice").await;
    let (bob, _) = t.signed_in("bob").await;
    ok(alice
        .post(t.url("/api/buyers"))
        .json(&json!({ "name": "A", "phone": "+14155550100" }))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(log(&t, &bob, "").await.len(), 0);
    assert!(!log(&t, &alice, "").await.is_empty());
    // An analyst of Alice's account may not read it.
    let invite = ok(alice
        .post(t.url("/api/settings/members/invitations"))
        .json(&json!({ "email": "ann@example.com", "role": "analyst" }))
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
    let ann = t.client();
    ann.post(t.url(&format!("/api/auth/invitations/{token}/accept")))
        .json(&json!({ "username": "ann", "password": "correct horse" }))
        .send()
        .await
        .unwrap();
    let r = ann.get(t.url("/api/audit-log")).send().await.unwrap();
    assert_error(r, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    // The invitation itself is in the log, its link redacted.
    let text = serde_json::to_string(&log(&t, &alice, "").await).unwrap();
    assert!(
        text.contains("create settings members invitations"),
        "{text}"
    );
    assert!(!text.contains(&token));
    t.cleanup().await;
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_or_removed_entry_breaks_the_chain() {
    let t = TestApp::start(common::Backend::Sqlite, common::settings())
        .await
        .unwrap();
    let (c, _) = t.signed_in("olga").await;
    for name in ["one", "two", "three"] {
        ok(c.post(t.url("/api/buyers"))
            .json(&json!({ "name": name, "phone": "+14155550100" }))
            .send()
            .await
            .unwrap())
        .await;
    }
    let entries = log(&t, &c, "").await;
    let middle = entries[1]["id"].as_i64().unwrap();
    let DbLocation::Sqlite(url) = &t.db else {
        panic!("SQLite expected")
    };
    let raw = sqlx::SqlitePool::connect(url).await.unwrap();
    // The log refuses changes and deletions.
    let refused = sqlx::query("UPDATE audit_log SET actor = 'mallory'")
        .execute(&raw)
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("append-only"), "{refused}");
    assert!(
        sqlx::query("DELETE FROM audit_log")
            .execute(&raw)
            .await
            .is_err()
    );
    // Around the triggers, the chain shows it.
    sqlx::query("DROP TRIGGER audit_log_no_update")
        .execute(&raw)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_log SET after_json = '{\"name\":\"forged\"}' WHERE id = $1")
        .bind(middle)
        .execute(&raw)
        .await
        .unwrap();
    let check = ok(c.get(t.url("/api/audit-log/verify")).send().await.unwrap()).await;
    assert_eq!(check["valid"], false);
    assert_eq!(check["firstBrokenId"], middle);
    raw.close().await;
    t.cleanup().await;
}
