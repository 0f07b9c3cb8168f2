//! Members and roles on both databases: invitations (accept once, within
//! 7 days), roles changed and members removed under the owner rules, one
//! account's people never reachable from another, and every operation of
//! the OpenAPI document tried as every role against the role table.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, assert_error};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

async fn ok(r: reqwest::Response) -> Value {
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{status}: {body}");
    body
}

/// Invite `username@example.com` as `role`; the answer with the link.
async fn invite(t: &TestApp, by: &Client, username: &str, role: &str) -> Value {
    let r = by
        .post(t.url("/api/settings/members/invitations"))
        .json(&json!({ "email": format!("{username}@Example.com"), "role": role }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json().await.unwrap()
}

fn token_of(created: &Value) -> String {
    let link = created["link"].as_str().unwrap();
    link.rsplit('/').next().unwrap().to_string()
}

/// A member with `role` on `by`'s account, signed in on their own client.
async fn member(t: &TestApp, by: &Client, username: &str, role: &str) -> (Client, i64) {
    let token = token_of(&invite(t, by, username, role).await);
    let client = t.client();
    let r = client
        .post(t.url(&format!("/api/auth/invitations/{token}/accept")))
        .json(&json!({ "username": username, "password": "correct horse" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    (client, body["user"]["id"].as_i64().unwrap())
}

async fn me(t: &TestApp, c: &Client) -> Value {
    ok(c.get(t.url("/api/auth/user")).send().await.unwrap()).await
}

conformance!(an_invitation_makes_a_member_of_the_same_account, |t| {
    let (owner, account) = t.signed_in("olga").await;
    let created = invite(&t, &owner, "Zoë", "manager").await;
    // Usernames are ASCII: the address is kept, the username is chosen.
    assert_eq!(created["invitation"]["email"], "zoë@example.com");
    assert_eq!(created["invitation"]["status"], "pending");
    assert_eq!(created["emailed"], false);
    assert!(
        created["emailError"]
            .as_str()
            .unwrap()
            .contains("not configured")
    );
    let token = token_of(&created);
    assert_eq!(token.len(), 64);

    let anyone = t.client();
    let preview = ok(anyone
        .get(t.url(&format!("/api/auth/invitations/{token}")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(preview["role"], "manager");
    assert_eq!(preview["account"], "olga");
    assert_eq!(preview["invitedBy"], "olga");

    // Bad input changes nothing: the invitation stays open.
    let r = anyone
        .post(t.url(&format!("/api/auth/invitations/{token}/accept")))
        .json(&json!({ "username": "zo e", "password": "correct horse" }))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    let r = anyone
        .post(t.url(&format!("/api/auth/invitations/{token}/accept")))
        .json(&json!({ "username": "olga", "password": "correct horse" }))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;

    let r = anyone
        .post(t.url(&format!("/api/auth/invitations/{token}/accept")))
        .json(&json!({ "username": "zoe", "password": "correct horse",
                       "firstName": " Zoë ", "lastName": "Ünal 🚀" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let who = me(&t, &anyone).await;
    assert_eq!(who["username"], "zoe");
    assert_eq!(who["firstName"], "Zoë");
    assert_eq!(who["role"], "manager");
    assert_eq!(who["accountId"], account.0);
    assert_eq!(who["permissions"]["campaigns"], "write");
    assert_eq!(who["permissions"]["integrations"], "read");
    assert_eq!(who["permissions"]["apiKeys"], "none");

    // The member works on the account's data.
    let made = ok(anyone
        .post(t.url("/api/buyers"))
        .json(&json!({ "name": "Zoë's buyer", "phone": "+14155550100" }))
        .send()
        .await
        .unwrap())
    .await;
    let listed = ok(owner.get(t.url("/api/buyers")).send().await.unwrap()).await;
    assert!(listed.to_string().contains(made["id"].to_string().as_str()));

    // A link works once.
    let again = t.client();
    let r = again
        .post(t.url(&format!("/api/auth/invitations/{token}/accept")))
        .json(&json!({ "username": "zoe2", "password": "correct horse" }))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let r = again
        .get(t.url(&format!("/api/auth/invitations/{token}")))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;

    // Signing in again works with the chosen password.
    let later = t.client();
    assert_eq!(
        t.login(&later, "ZOE", "correct horse").await.status(),
        StatusCode::OK
    );
    let people = ok(owner
        .get(t.url("/api/settings/members"))
        .send()
        .await
        .unwrap())
    .await;
    let names: Vec<&str> = people["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["olga", "zoe"]);
    assert_eq!(people["members"][0]["founder"], true);
    assert_eq!(people["members"][0]["you"], true);
    assert_eq!(people["invitations"], json!([]));
    t.cleanup().await;
});

conformance!(expired_withdrawn_and_replaced_links_do_not_work, |t| {
    let (owner, account) = t.signed_in("olga").await;
    // An invitation that ran out a moment ago.
    let token = domain::password::new_token();
    t.store
        .create_invitation(
            account,
            "late@example.com",
            domain::Role::Analyst,
            &domain::password::token_digest(&token),
            account.0,
            domain::now_ms() - 1,
        )
        .await
        .unwrap();
    let r = t
        .client()
        .post(t.url(&format!("/api/auth/invitations/{token}/accept")))
        .json(&json!({ "username": "late", "password": "correct horse" }))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let people = ok(owner
        .get(t.url("/api/settings/members"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(people["invitations"][0]["status"], "expired");

    // Inviting again replaces the earlier link.
    let first = token_of(&invite(&t, &owner, "ann", "analyst").await);
    let second = invite(&t, &owner, "ann", "admin").await;
    let r = t
        .client()
        .get(t.url(&format!("/api/auth/invitations/{first}")))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    // Withdrawn: the link stops working.
    let id = second["invitation"]["id"].as_i64().unwrap();
    let r = owner
        .delete(t.url(&format!("/api/settings/members/invitations/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = t
        .client()
        .get(t.url(&format!("/api/auth/invitations/{}", token_of(&second))))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;

    // Malformed tokens and bad input.
    for bad in ["abc", &"z".repeat(64), "%00"] {
        let r = t
            .client()
            .get(t.url(&format!("/api/auth/invitations/{bad}")))
            .send()
            .await
            .unwrap();
        assert!(
            matches!(r.status().as_u16(), 400 | 404),
            "{bad}: {}",
            r.status()
        );
    }
    for body in [
        json!({ "email": "not an address", "role": "analyst" }),
        json!({ "email": "a@example.com", "role": "Owner" }),
        json!({ "email": "a@example.com", "role": "root" }),
        json!({ "email": "a\u{0}b@example.com", "role": "analyst" }),
        json!({ "email": "olga@example.com", "role": "analyst" }),
    ] {
        let r = owner
            .post(t.url("/api/settings/members/invitations"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(
            matches!(r.status().as_u16(), 400 | 409 | 422),
            "{body}: {}",
            r.status()
        );
    }
    let people = ok(owner
        .get(t.url("/api/settings/members"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(
        people["invitations"].as_array().unwrap().len(),
        1,
        "{people}"
    );
    t.cleanup().await;
});

conformance!(owners_rule_owners_and_an_account_keeps_one, |t| {
    let (owner, account) = t.signed_in("olga").await;
    let (admin, admin_id) = member(&t, &owner, "adam", "admin").await;
    let (analyst, analyst_id) = member(&t, &owner, "ana", "analyst").await;

    // An admin manages non-owners but never owners.
    let r = admin
        .post(t.url("/api/settings/members/invitations"))
        .json(&json!({ "email": "o2@example.com", "role": "owner" }))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    let r = admin
        .patch(t.url(&format!("/api/settings/members/{}", account.0)))
        .json(&json!({ "role": "analyst" }))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    let r = admin
        .patch(t.url(&format!("/api/settings/members/{analyst_id}")))
        .json(&json!({ "role": "owner" }))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    let changed = ok(admin
        .patch(t.url(&format!("/api/settings/members/{analyst_id}")))
        .json(&json!({ "role": "manager" }))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(changed["role"], "manager");
    // The new role applies to the member's live session at once.
    assert_eq!(me(&t, &analyst).await["role"], "manager");

    // The last owner cannot step down; with a second owner they can.
    let r = owner
        .patch(t.url(&format!("/api/settings/members/{}", account.0)))
        .json(&json!({ "role": "admin" }))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;
    ok(owner
        .patch(t.url(&format!("/api/settings/members/{admin_id}")))
        .json(&json!({ "role": "owner" }))
        .send()
        .await
        .unwrap())
    .await;
    ok(owner
        .patch(t.url(&format!("/api/settings/members/{}", account.0)))
        .json(&json!({ "role": "admin" }))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(me(&t, &owner).await["role"], "admin");

    // The founder stays a member; nobody removes themselves.
    let r = admin
        .delete(t.url(&format!("/api/settings/members/{}", account.0)))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;
    let r = admin
        .delete(t.url(&format!("/api/settings/members/{admin_id}")))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;

    // A removed member is signed out and cannot sign in again.
    let r = admin
        .delete(t.url(&format!("/api/settings/members/{analyst_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = analyst.get(t.url("/api/auth/user")).send().await.unwrap();
    assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
    let r = t.login(&t.client(), "ana", "correct horse").await;
    assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
    // Their address can be invited again.
    invite(&t, &admin, "ana", "analyst").await;
    t.cleanup().await;
});

conformance!(one_accounts_people_are_out_of_anothers_reach, |t| {
    let (alice, _) = t.signed_in("alice").await;
    let (bob, _) = t.signed_in("bob").await;
    let (_, alice_member) = member(&t, &alice, "amy", "analyst").await;
    let invited = invite(&t, &alice, "art", "manager").await;
    let invite_id = invited["invitation"]["id"].as_i64().unwrap();

    let theirs = ok(bob
        .get(t.url("/api/settings/members"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(theirs["members"].as_array().unwrap().len(), 1);
    assert_eq!(theirs["invitations"], json!([]));
    let r = bob
        .patch(t.url(&format!("/api/settings/members/{alice_member}")))
        .json(&json!({ "role": "owner" }))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let r = bob
        .delete(t.url(&format!("/api/settings/members/{alice_member}")))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let r = bob
        .delete(t.url(&format!("/api/settings/members/invitations/{invite_id}")))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    // Alice's member and invitation are untouched.
    let mine = ok(alice
        .get(t.url("/api/settings/members"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(mine["members"][1]["role"], "analyst");
    assert_eq!(mine["invitations"].as_array().unwrap().len(), 1);
    t.cleanup().await;
});

/// The role table as the docs state it: the least role for a request.
fn least_role(method: &Method, path: &str) -> &'static str {
    let read = *method == Method::GET;
    if path.starts_with("/api/settings/api-keys") || path.starts_with("/api/audit-log") {
        return "admin";
    }
    if read {
        return if path == "/api/campaigns/{id}/postback" {
            "manager"
        } else {
            "analyst"
        };
    }
    let runs = [
        "/api/reports/run",
        "/api/reports/run.csv",
        "/api/reports/run.pdf",
        "/api/reports/run.xlsx",
        "/api/campaigns/{id}/simulate",
        "/api/call-flows/{id}/simulate",
    ];
    if runs.contains(&path) {
        return "analyst";
    }
    // A member's own profile, password, sessions and sign-ins.
    let own = ["profile", "password", "sessions", "sign-ins", "two-factor"];
    if own
        .iter()
        .any(|o| path.starts_with(&format!("/api/settings/{o}")))
    {
        return "analyst";
    }
    if path == "/api/settings/security" {
        return "owner";
    }
    if path.starts_with("/api/settings/") || path.starts_with("/api/integrations/") {
        return "admin";
    }
    "manager"
}

const RANK: [&str; 4] = ["analyst", "manager", "admin", "owner"];

fn rank(role: &str) -> usize {
    RANK.iter().position(|r| *r == role).unwrap()
}

conformance!(every_operation_as_every_role_follows_the_table, |t| {
    let (owner, _) = t.signed_in("olga").await;
    let mut clients = vec![("owner", owner.clone())];
    for role in ["admin", "manager", "analyst"] {
        clients.push((role, member(&t, &owner, &format!("m{role}"), role).await.0));
    }
    let doc: Value = ok(owner.get(t.url("/api/openapi.json")).send().await.unwrap()).await;
    let mut tried = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        // Sign-in and the endpoints with credentials of their own.
        if path.starts_with("/api/auth/") || path == "/api/dni/track" || path == "/api/conversions"
        {
            continue;
        }
        for method in item.as_object().unwrap().keys() {
            let method: Method = method.to_uppercase().parse().unwrap();
            if method == Method::OPTIONS {
                continue;
            }
            let least = least_role(&method, path);
            // Ids that exist nowhere: an allowed request fails later
            // (404, 400, 422), never with a 403.
            let url = t.url(
                &path
                    .split('/')
                    .map(|s| if s.starts_with('{') { "999999" } else { s })
                    .collect::<Vec<_>>()
                    .join("/"),
            );
            for (role, client) in &clients {
                let mut req = client.request(method.clone(), &url);
                if method != Method::GET && method != Method::DELETE {
                    req = req.json(&json!({}));
                }
                let r = tokio::time::timeout(std::time::Duration::from_secs(20), req.send())
                    .await
                    .expect("an answer within 20 s")
                    .unwrap();
                let status = r.status();
                let forbidden = if status == StatusCode::FORBIDDEN {
                    let body: Value = r.json().await.unwrap();
                    assert_eq!(body["error"]["code"], "FORBIDDEN", "{method} {path}");
                    true
                } else {
                    drop(r);
                    false
                };
                let allowed = rank(role) >= rank(least);
                assert_eq!(
                    forbidden, !allowed,
                    "{method} {path} as {role} (least {least}): {status}"
                );
                tried += 1;
            }
        }
    }
    assert!(tried >= 4 * 140, "only {tried} requests");
    t.cleanup().await;
});
