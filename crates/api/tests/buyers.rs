//! Buyers (`/api/buyers`): create, read, list, update and delete, input
//! checks that write nothing, and tenancy, on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, assert_error};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

async fn post(t: &TestApp, c: &Client, body: &Value) -> Response {
    c.post(t.url("/api/buyers"))
        .json(body)
        .send()
        .await
        .unwrap()
}

/// Create a buyer and return its id.
async fn create(t: &TestApp, c: &Client, body: Value) -> i64 {
    let r = post(t, c, &body).await;
    assert_eq!(r.status(), StatusCode::CREATED, "create {body}");
    let out: Value = r.json().await.unwrap();
    assert_eq!(out["created"], true);
    assert_eq!(out["name"], body["name"].as_str().unwrap().trim());
    out["id"].as_i64().unwrap()
}

async fn get(t: &TestApp, c: &Client, id: i64) -> Response {
    c.get(t.url(&format!("/api/buyers/{id}")))
        .send()
        .await
        .unwrap()
}

async fn get_ok(t: &TestApp, c: &Client, id: i64) -> Value {
    let r = get(t, c, id).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn patch(t: &TestApp, c: &Client, id: i64, body: Value) -> Response {
    c.patch(t.url(&format!("/api/buyers/{id}")))
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// A list with its `X-Total-Count`.
async fn list(t: &TestApp, c: &Client, query: &str) -> (Vec<Value>, i64) {
    let r = c
        .get(t.url(&format!("/api/buyers{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "list {query}");
    let total = r.headers()["x-total-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    (r.json().await.unwrap(), total)
}

fn names(items: &[Value]) -> Vec<&str> {
    items.iter().map(|b| b["name"].as_str().unwrap()).collect()
}

/// 422 naming `field`.
async fn assert_invalid(r: Response, field: &str) {
    let body = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    assert_eq!(body["error"]["details"]["field"], field, "{body}");
    assert!(body["error"]["details"]["reason"].is_string(), "{body}");
}

fn schedule() -> Value {
    json!({
        "enabled": true,
        "hours": {
            "mon": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}],
            "tue": [{"start": "09:00", "end": "17:00"}],
            "sun": []
        },
        "holidays": ["2026-12-25"],
        "breaks": [{"days": ["mon", "tue"], "start": "12:00", "end": "13:00"}]
    })
}

conformance!(create_read_update_delete_round_trip, |t| {
    let (c, _) = t.signed_in("alice").await;
    let id = create(
        &t,
        &c,
        json!({
            "name": "  Premium Buyer ",
            "company": "Health Solutions Inc",
            "email": "Contact@Health.example",
            "phone": "(212) 555-0100",
            "priority": 8,
            "maxConcurrentCalls": 5,
            "hourlyCap": 10,
            "dailyCallCap": 50,
            "monthlyCap": 1000,
            "timeZone": "America/New_York",
            "payout": "25.00"
        }),
    )
    .await;
    let b = get_ok(&t, &c, id).await;
    assert_eq!(b["id"], id);
    assert_eq!(b["name"], "Premium Buyer");
    assert_eq!(b["company"], "Health Solutions Inc");
    assert_eq!(b["email"], "contact@health.example");
    assert_eq!(b["phone"], "+12125550100");
    assert_eq!(b["backupPhone"], Value::Null);
    assert_eq!(b["priority"], 8);
    assert_eq!(b["status"], "active");
    assert_eq!(b["maxConcurrentCalls"], 5);
    assert_eq!(b["hourlyCap"], 10);
    assert_eq!(b["dailyCallCap"], 50);
    assert_eq!(b["monthlyCap"], 1000);
    assert_eq!(b["timeZone"], "America/New_York");
    assert_eq!(b["schedule"]["enabled"], false);
    assert_eq!(b["payout"], "25.00");
    assert_eq!(b["currentCalls"], 0);
    assert_eq!(b["totalCalls"], 0);
    assert_eq!(b["successRate"], 0.0);
    assert_eq!(b["revenue"], "0.00");
    assert_eq!(b["campaigns"], json!([]));
    assert!(b["createdAt"].as_str().unwrap().ends_with('Z'));

    let (items, total) = list(&t, &c, "").await;
    assert_eq!(total, 1);
    assert_eq!(items[0], b);

    // Only what really changed is reported.
    let r = patch(
        &t,
        &c,
        id,
        json!({"name": "Premium Buyer", "backupPhone": "212.555.0199", "priority": 3}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let out: Value = r.json().await.unwrap();
    assert_eq!(
        out,
        json!({"id": id, "updated": true, "changes": ["backupPhone", "priority"]})
    );
    let b = get_ok(&t, &c, id).await;
    assert_eq!(b["backupPhone"], "+12125550199");
    assert_eq!(b["priority"], 3);
    assert_eq!(b["company"], "Health Solutions Inc", "absent stays");

    // null clears nullable fields; PUT behaves like PATCH.
    let r = c
        .put(t.url(&format!("/api/buyers/{id}")))
        .json(
            &json!({"backupPhone": null, "monthlyCap": null, "company": null, "status": "paused"}),
        )
        .send()
        .await
        .unwrap();
    let out: Value = r.json().await.unwrap();
    assert_eq!(
        out["changes"],
        json!(["company", "backupPhone", "status", "monthlyCap"])
    );
    let b = get_ok(&t, &c, id).await;
    assert_eq!(b["backupPhone"], Value::Null);
    assert_eq!(b["monthlyCap"], Value::Null);
    assert_eq!(b["company"], Value::Null);
    assert_eq!(b["status"], "paused");
    assert_eq!(b["dailyCallCap"], 50);

    // Sending the buyer back unchanged changes nothing.
    let out: Value = patch(&t, &c, id, b.clone()).await.json().await.unwrap();
    assert_eq!(out["changes"], json!([]));
    assert_eq!(get_ok(&t, &c, id).await, b);

    let r = c
        .delete(t.url(&format!("/api/buyers/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"id": id, "deleted": true})
    );
    assert_error(get(&t, &c, id).await, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    assert_error(
        patch(&t, &c, id, json!({"name": "x"})).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    let again = c
        .delete(t.url(&format!("/api/buyers/{id}")))
        .send()
        .await
        .unwrap();
    assert_error(again, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    assert_eq!(list(&t, &c, "").await, (vec![], 0));
    t.cleanup().await;
});

conformance!(schedules_and_payouts_round_trip, |t| {
    let (c, _) = t.signed_in("alice").await;
    let id = create(
        &t,
        &c,
        json!({"name": "Sched", "phone": "+44 20 7946 0958", "schedule": schedule(), "payout": 12.5}),
    )
    .await;
    let b = get_ok(&t, &c, id).await;
    assert_eq!(b["phone"], "+442079460958");
    assert_eq!(b["schedule"], schedule());
    assert_eq!(b["payout"], "12.50");
    assert_eq!(b["timeZone"], "UTC");

    let out: Value = patch(
        &t,
        &c,
        id,
        json!({"schedule": schedule(), "payout": "0.0850"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        out["changes"],
        json!(["payout"]),
        "same schedule is no change"
    );
    let b = get_ok(&t, &c, id).await;
    assert_eq!(b["payout"], "0.0850", "fine amounts are not rounded away");

    let off = json!({"enabled": false, "hours": {}, "holidays": [], "breaks": []});
    let out: Value = patch(&t, &c, id, json!({"schedule": off}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(out["changes"], json!(["schedule"]));
    assert_eq!(get_ok(&t, &c, id).await["schedule"], off);
    t.cleanup().await;
});

conformance!(lists_filter_search_sort_and_page, |t| {
    let (c, _) = t.signed_in("alice").await;
    for (name, priority, status, phone) in [
        ("Alpha", 5, "active", "(212) 555-0101"),
        ("bravo", 9, "paused", "(212) 555-0102"),
        ("Charlie_1", 1, "active", "(415) 555-0103"),
        ("Delta", 7, "inactive", "(212) 555-0104"),
        ("Echo 100%", 3, "active", "(212) 555-0105"),
    ] {
        create(
            &t,
            &c,
            json!({"name": name, "priority": priority, "status": status, "phone": phone}),
        )
        .await;
    }
    let (items, total) = list(&t, &c, "").await;
    assert_eq!(total, 5);
    assert_eq!(
        names(&items),
        ["Echo 100%", "Delta", "Charlie_1", "bravo", "Alpha"],
        "newest first by default"
    );
    let (items, _) = list(&t, &c, "?sort=name").await;
    assert_eq!(
        names(&items),
        ["Alpha", "bravo", "Charlie_1", "Delta", "Echo 100%"]
    );
    let (items, _) = list(&t, &c, "?sort=priority&order=desc").await;
    assert_eq!(
        names(&items),
        ["bravo", "Delta", "Alpha", "Echo 100%", "Charlie_1"]
    );
    let (items, total) = list(&t, &c, "?status=active&sort=name").await;
    assert_eq!(
        (names(&items), total),
        (vec!["Alpha", "Charlie_1", "Echo 100%"], 3)
    );
    let (items, total) = list(&t, &c, "?search=BRAV").await;
    assert_eq!((names(&items), total), (vec!["bravo"], 1));
    let (items, _) = list(&t, &c, "?search=415").await;
    assert_eq!(names(&items), ["Charlie_1"]);
    let (items, _) = list(&t, &c, "?search=555-0104").await;
    assert_eq!(names(&items), ["Delta"], "formatted digits find E.164");
    let (items, _) = list(&t, &c, "?search=_").await;
    assert_eq!(names(&items), ["Charlie_1"], "LIKE wildcards are literal");
    let (items, _) = list(&t, &c, "?search=%25").await;
    assert_eq!(names(&items), ["Echo 100%"]);
    let (items, total) = list(&t, &c, "?sort=name&limit=2&offset=2").await;
    assert_eq!((names(&items), total), (vec!["Charlie_1", "Delta"], 5));
    let (items, total) = list(&t, &c, "?status=active&sort=name&limit=1&offset=1").await;
    assert_eq!((names(&items), total), (vec!["Charlie_1"], 3));
    let (items, total) = list(&t, &c, "?status=&search=&sort=&order=&limit=&offset=").await;
    assert_eq!((items.len(), total), (5, 5), "blank parameters are absent");
    for sort in ["totalCalls", "revenue", "status", "createdAt"] {
        let (items, _) = list(&t, &c, &format!("?sort={sort}&order=asc")).await;
        assert_eq!(items.len(), 5, "{sort}");
    }
    for (query, field) in [
        ("?status=gone", "status"),
        ("?sort=password", "sort"),
        ("?order=sideways", "order"),
        ("?limit=0", "limit"),
        ("?limit=201", "limit"),
        ("?offset=-1", "offset"),
    ] {
        let r = c
            .get(t.url(&format!("/api/buyers{query}")))
            .send()
            .await
            .unwrap();
        assert_invalid(r, field).await;
    }
    let r = c.get(t.url("/api/buyers?limit=ten")).send().await.unwrap();
    assert_error(r, StatusCode::BAD_REQUEST, "BAD_REQUEST").await;
    t.cleanup().await;
});

conformance!(every_invalid_field_is_named_and_nothing_is_written, |t| {
    let (c, _) = t.signed_in("alice").await;
    let base = json!({"name": "Valid", "phone": "(212) 555-0100"});
    let with = |extra: Value| {
        let mut b = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let cases = [
        (json!({"priority": 0}), "priority"),
        (json!({"priority": 11}), "priority"),
        (json!({"maxConcurrentCalls": -1}), "maxConcurrentCalls"),
        (json!({"hourlyCap": 0}), "hourlyCap"),
        (json!({"dailyCallCap": -5}), "dailyCallCap"),
        (json!({"monthlyCap": -1}), "monthlyCap"),
        (json!({"hourlyCap": 50, "dailyCallCap": 10}), "hourlyCap"),
        (
            json!({"dailyCallCap": 500, "monthlyCap": 100}),
            "dailyCallCap",
        ),
        (json!({"timeZone": "Mars/Olympus"}), "timeZone"),
        (json!({"phone": "12ab"}), "phone"),
        (json!({"phone": ""}), "phone"),
        (json!({"backupPhone": "12ab"}), "backupPhone"),
        (json!({"email": "not-an-email"}), "email"),
        (json!({"payout": "-1"}), "payout"),
        (json!({"payout": -1}), "payout"),
        (json!({"payout": "1.23456"}), "payout"),
        (json!({"payout": true}), "payout"),
        (json!({"status": "deleted"}), "status"),
        (json!({"name": "x".repeat(300)}), "name"),
        (json!({"name": "   "}), "name"),
        (json!({"company": "c".repeat(256)}), "company"),
        (
            json!({"schedule": {"enabled": true, "hours": {"mon": [{"start": "17:00", "end": "09:00"}]}}}),
            "schedule",
        ),
        (
            json!({"schedule": {"enabled": true, "holidays": ["Christmas"]}}),
            "schedule",
        ),
        (json!({"schedule": {"hours": {"funday": []}}}), "schedule"),
        (json!({"schedule": "always"}), "schedule"),
    ];
    for (extra, field) in &cases {
        assert_invalid(post(&t, &c, &with(extra.clone())).await, field).await;
    }
    assert_invalid(post(&t, &c, &json!({"phone": "2125550100"})).await, "name").await;
    assert_invalid(post(&t, &c, &json!({"name": "No phone"})).await, "phone").await;
    assert_invalid(
        post(&t, &c, &json!({"name": null, "phone": "2125550100"})).await,
        "name",
    )
    .await;
    assert_eq!(list(&t, &c, "").await, (vec![], 0), "nothing was written");

    // The same checks guard updates, against the stored values too.
    let id = create(&t, &c, with(json!({"dailyCallCap": 100}))).await;
    let before = get_ok(&t, &c, id).await;
    for (extra, field) in &cases {
        assert_invalid(patch(&t, &c, id, extra.clone()).await, field).await;
    }
    assert_invalid(
        patch(&t, &c, id, json!({"hourlyCap": 101})).await,
        "hourlyCap",
    )
    .await;
    assert_invalid(
        patch(&t, &c, id, json!({"monthlyCap": 99})).await,
        "dailyCallCap",
    )
    .await;
    for field in [
        "name", "phone", "priority", "status", "timeZone", "schedule", "payout",
    ] {
        assert_invalid(patch(&t, &c, id, json!({ field: null })).await, field).await;
    }
    assert_eq!(get_ok(&t, &c, id).await, before, "nothing was written");

    // Wrong JSON types are 422 too; oversized bodies 413, never a 500.
    let r = post(&t, &c, &with(json!({"priority": "high"}))).await;
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    // Over the body limit (64 KiB in tests). Kept small enough to be sent
    // whole: the server answers 413 without reading the rest, so a client
    // still writing a much larger body may see the connection close first.
    let over = with(json!({"name": "n".repeat(66 * 1024)}));
    let r = post(&t, &c, &over).await;
    assert_error(r, StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE").await;
    let r = c
        .post(t.url("/api/buyers"))
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::BAD_REQUEST, "BAD_REQUEST").await;
    assert_eq!(list(&t, &c, "").await.1, 1);
    t.cleanup().await;
});

conformance!(
    a_ten_megabyte_name_within_the_body_limit_is_422,
    api::Settings {
        max_body_bytes: 16 * 1024 * 1024,
        ..common::settings()
    },
    |t| {
        let (c, _) = t.signed_in("alice").await;
        let huge = json!({"name": "n".repeat(10 * 1024 * 1024), "phone": "2125550100"});
        assert_invalid(post(&t, &c, &huge).await, "name").await;
        assert_eq!(list(&t, &c, "").await, (vec![], 0));
        t.cleanup().await;
    }
);

conformance!(
    buyers_need_a_session_and_unknown_ids_are_404_malformed_400,
    |t| {
        let anonymous = t.client();
        for r in [
            anonymous.get(t.url("/api/buyers")).send().await.unwrap(),
            post(&t, &anonymous, &json!({"name": "x", "phone": "2125550100"})).await,
            get(&t, &anonymous, 1).await,
        ] {
            assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
        }
        let (c, _) = t.signed_in("alice").await;
        assert_error(get(&t, &c, 999).await, StatusCode::NOT_FOUND, "NOT_FOUND").await;
        let r = c.get(t.url("/api/buyers/abc")).send().await.unwrap();
        assert_error(r, StatusCode::BAD_REQUEST, "BAD_REQUEST").await;
        let r = c
            .patch(t.url("/api/buyers/99999999999999999999"))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_error(r, StatusCode::BAD_REQUEST, "BAD_REQUEST").await;
        t.cleanup().await;
    }
);

conformance!(another_account_never_sees_or_touches_a_buyer, |t| {
    let (alice, _) = t.signed_in("alice").await;
    let (bob, _) = t.signed_in("bob").await;
    let id = create(
        &t,
        &alice,
        json!({"name": "Alice's", "phone": "2125550100"}),
    )
    .await;
    let before = get_ok(&t, &alice, id).await;
    let url = t.url(&format!("/api/buyers/{id}"));

    assert_error(get(&t, &bob, id).await, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let r = bob
        .put(&url)
        .json(&json!({"name": "Bob's now"}))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let r = patch(&t, &bob, id, json!({"priority": 1})).await;
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    // An invalid body for someone else's id reveals nothing either.
    let r = patch(&t, &bob, id, json!({"priority": 0})).await;
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let r = bob.delete(&url).send().await.unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    assert_eq!(list(&t, &bob, "").await, (vec![], 0));
    assert_eq!(list(&t, &bob, "?search=Alice").await, (vec![], 0));

    let mine = create(&t, &bob, json!({"name": "Bob's", "phone": "2125550100"})).await;
    let (items, total) = list(&t, &bob, "").await;
    assert_eq!((names(&items), total), (vec!["Bob's"], 1));
    assert_eq!(get_ok(&t, &alice, id).await, before, "untouched");
    assert_error(
        get(&t, &alice, mine).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    let (items, total) = list(&t, &alice, "").await;
    assert_eq!((names(&items), total), (vec!["Alice's"], 1));
    t.cleanup().await;
});
