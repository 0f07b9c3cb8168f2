//! Campaigns: CRUD, validation, activation rules, buyers and numbers,
//! exclusivity under concurrency, soft delete and tenancy.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, assert_error};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn post(t: &TestApp, c: &Client, path: &str, body: Value) -> reqwest::Response {
    c.post(t.url(path)).json(&body).send().await.unwrap()
}

async fn json_ok(r: reqwest::Response) -> Value {
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert!(status.is_success(), "{status}: {body}");
    body
}

async fn new_campaign(t: &TestApp, c: &Client, body: Value) -> String {
    let r = post(t, c, "/api/campaigns", body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    json_ok(r).await["id"].as_str().unwrap().to_string()
}

async fn new_buyer(t: &TestApp, c: &Client, name: &str) -> i64 {
    let b = json_ok(
        post(
            t,
            c,
            "/api/buyers",
            json!({"name": name, "phone": "(212) 555-0100"}),
        )
        .await,
    )
    .await;
    b["id"].as_i64().unwrap()
}

async fn new_number(t: &TestApp, c: &Client, number: &str) -> i64 {
    let n = json_ok(post(t, c, "/api/phone-numbers", json!({"phoneNumber": number})).await).await;
    n["id"].as_i64().unwrap()
}

conformance!(create_get_and_list_in_the_spec_shapes, |t| {
    let (c, _) = t.signed_in("alice").await;
    let r = post(
        &t,
        &c,
        "/api/campaigns",
        json!({
            "name": "Health Campaign", "description": "Medicare leads", "type": "direct",
            "callRoutingStrategy": "weighted", "maxConcurrentCalls": 10, "callCap": 100,
            "timeZone": "America/New_York", "rtb": {"minBid": "2.50"}
        }),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let created = r.json::<Value>().await.unwrap();
    assert_eq!(created["created"], true);
    assert_eq!(created["status"], "draft");
    let id = created["id"].as_str().unwrap();

    let one = json_ok(
        c.get(t.url(&format!("/api/campaigns/{id}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(one["name"], "Health Campaign");
    assert_eq!(one["routingType"], "direct");
    assert_eq!(one["callRoutingStrategy"], "weighted");
    assert_eq!(one["callCap"], 100);
    assert_eq!(one["hourlyCap"], Value::Null);
    assert_eq!(one["rtb"]["minBid"], "2.50");
    assert_eq!(one["revenue"], "0.00");
    assert_eq!(one["phoneNumbers"], json!([]));

    let r = c.get(t.url("/api/campaigns")).send().await.unwrap();
    assert_eq!(r.headers()["x-total-count"], "1");
    let list = json_ok(r).await;
    let item = &list[0];
    for key in [
        "id",
        "name",
        "type",
        "status",
        "phoneNumber",
        "buyersCount",
        "callsCount",
        "successRate",
        "revenue",
    ] {
        assert!(item.get(key).is_some(), "{key} missing in {item}");
    }
    t.cleanup().await;
});

conformance!(
    every_out_of_range_value_is_refused_and_nothing_is_written,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        let cases = [
            (json!({"name": "x"}), "type"),
            (json!({"type": "direct"}), "name"),
            (json!({"name": "x".repeat(300), "type": "direct"}), "name"),
            (
                json!({"name": "x", "type": "direct", "status": "live"}),
                "status",
            ),
            (
                json!({"name": "x", "type": "direct", "maxConcurrentCalls": -1}),
                "maxConcurrentCalls",
            ),
            (
                json!({"name": "x", "type": "direct", "hourlyCap": 50, "callCap": 10}),
                "hourlyCap",
            ),
            (
                json!({"name": "x", "type": "direct", "timeZone": "Mars/Olympus"}),
                "timeZone",
            ),
            (
                json!({"name": "x", "type": "direct", "webhookUrl": "not a url"}),
                "webhookUrl",
            ),
            (
                json!({"name": "x", "type": "direct", "fallbackNumber": "12ab"}),
                "fallbackNumber",
            ),
            (
                json!({"name": "x", "type": "pool", "poolId": 999999}),
                "poolId",
            ),
        ];
        for (body, field) in cases {
            let b = assert_error(
                post(&t, &c, "/api/campaigns", body.clone()).await,
                StatusCode::UNPROCESSABLE_ENTITY,
                "VALIDATION_ERROR",
            )
            .await;
            assert_eq!(b["error"]["details"]["field"], field, "{body}");
        }
        // Just over the 64 KiB test limit: sent whole before the server answers
        // 413 (a much larger body can see the connection close mid-upload).
        let huge = json!({"name": "x".repeat(66 * 1024), "type": "direct"});
        assert_error(
            post(&t, &c, "/api/campaigns", huge).await,
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
        )
        .await;
        let r = c.get(t.url("/api/campaigns")).send().await.unwrap();
        assert_eq!(r.headers()["x-total-count"], "0");
        t.cleanup().await;
    }
);

conformance!(activation_needs_a_number_and_an_active_buyer, |t| {
    let (c, _) = t.signed_in("alice").await;
    let id = new_campaign(&t, &c, json!({"name": "Direct", "type": "direct"})).await;
    let path = format!("/api/campaigns/{id}");
    let activate = || {
        c.patch(t.url(&path))
            .json(&json!({"status": "active"}))
            .send()
    };
    let b = assert_error(
        activate().await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
    assert_eq!(b["error"]["details"]["field"], "phoneNumbers");

    let number = new_number(&t, &c, "+1 (856) 281-3889").await;
    json_ok(
        post(
            &t,
            &c,
            &format!("{path}/numbers"),
            json!({"phoneNumberId": number}),
        )
        .await,
    )
    .await;
    let b = assert_error(
        activate().await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
    assert_eq!(b["error"]["details"]["field"], "buyers");

    let buyer = new_buyer(&t, &c, "Premium Buyer").await;
    let buyers = json_ok(
        c.put(t.url(&format!("{path}/buyers")))
            .json(&json!([{"buyerId": buyer, "priority": 8, "weight": 3}]))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(buyers[0]["buyerName"], "Premium Buyer");
    assert_eq!(buyers[0]["priority"], 8);

    let done = json_ok(activate().await.unwrap()).await;
    assert_eq!(
        done,
        json!({"id": id, "updated": true, "changes": ["status"]})
    );
    let one = json_ok(c.get(t.url(&path)).send().await.unwrap()).await;
    assert_eq!(one["status"], "active");
    assert_eq!(one["phoneNumbers"][0]["phoneNumber"], "+18562813889");
    assert_eq!(one["buyersCount"], 1);

    let rtb = new_campaign(&t, &c, json!({"name": "Auction", "type": "rtb"})).await;
    let r = c
        .put(t.url(&format!("/api/campaigns/{rtb}")))
        .json(&json!({"status": "active"}))
        .send()
        .await
        .unwrap();
    let b = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    assert_eq!(b["error"]["details"]["field"], "rtbTargets");
    t.cleanup().await;
});

conformance!(updates_report_their_changes_and_null_clears, |t| {
    let (c, _) = t.signed_in("alice").await;
    let id = new_campaign(
        &t,
        &c,
        json!({"name": "A", "type": "direct", "webhookUrl": "https://hooks.example.com/a"}),
    )
    .await;
    let path = t.url(&format!("/api/campaigns/{id}"));
    let r = json_ok(
        c.put(&path)
            .json(&json!({"name": "B", "status": "paused", "maxConcurrentCalls": 15}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        r["changes"],
        json!(["name", "status", "maxConcurrentCalls"])
    );
    let r = json_ok(
        c.patch(&path)
            .json(&json!({"webhookUrl": null, "name": "B"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r["changes"], json!(["webhookUrl"]));
    let r = json_ok(
        c.patch(&path)
            .json(&json!({"name": "B"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r, json!({"id": id, "updated": false, "changes": []}));
    let one = json_ok(c.get(&path).send().await.unwrap()).await;
    assert_eq!(one["webhookUrl"], Value::Null);
    assert_eq!(one["maxConcurrentCalls"], 15);
    let r = c
        .patch(&path)
        .json(&json!({"unknownField": 1}))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    t.cleanup().await;
});

conformance!(the_list_filters_sorts_and_pages_on_the_server, |t| {
    let (c, _) = t.signed_in("alice").await;
    for (name, kind, status) in [
        ("Alpha", "direct", "draft"),
        ("beta", "pool", "paused"),
        ("Gamma", "rtb", "draft"),
        ("Delta", "direct", "paused"),
    ] {
        new_campaign(
            &t,
            &c,
            json!({"name": name, "type": kind, "status": status}),
        )
        .await;
    }
    let names = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let get = |q: &str| c.get(t.url(&format!("/api/campaigns?{q}"))).send();
    let r = get("sort=name&order=asc").await.unwrap();
    assert_eq!(
        names(&json_ok(r).await),
        ["Alpha", "beta", "Delta", "Gamma"]
    );
    let r = get("status=paused&sort=name").await.unwrap();
    assert_eq!(r.headers()["x-total-count"], "2");
    assert_eq!(names(&json_ok(r).await), ["beta", "Delta"]);
    let r = get("type=direct&search=ELT").await.unwrap();
    assert_eq!(names(&json_ok(r).await), ["Delta"]);
    let r = get("sort=name&order=asc&limit=2&offset=2").await.unwrap();
    assert_eq!(r.headers()["x-total-count"], "4");
    assert_eq!(names(&json_ok(r).await), ["Delta", "Gamma"]);
    let today = jiff::Zoned::now().date().to_string();
    let r = get(&format!("from={today}&to={today}")).await.unwrap();
    assert_eq!(r.headers()["x-total-count"], "4");
    let r = get("from=2001-01-01&to=2001-01-02").await.unwrap();
    assert_eq!(r.headers()["x-total-count"], "0");
    assert_error(
        get("sort=password").await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
    assert_error(
        get("limit=0").await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
    assert_error(
        get("from=yesterday").await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
    assert_error(
        get("limit=abc").await.unwrap(),
        StatusCode::BAD_REQUEST,
        "BAD_REQUEST",
    )
    .await;
    t.cleanup().await;
});

conformance!(campaign_buyers_are_validated_and_replaceable, |t| {
    let (c, _) = t.signed_in("alice").await;
    let id = new_campaign(&t, &c, json!({"name": "A", "type": "direct"})).await;
    let path = t.url(&format!("/api/campaigns/{id}/buyers"));
    let (b1, b2) = (
        new_buyer(&t, &c, "One").await,
        new_buyer(&t, &c, "Two").await,
    );
    for (body, field) in [
        (json!([{"buyerId": b1, "priority": 0}]), "[0].priority"),
        (json!([{"buyerId": b1, "priority": 11}]), "[0].priority"),
        (json!([{"buyerId": b1}, {"buyerId": b1}]), "[1].buyerId"),
        (
            json!([{"buyerId": b1, "hourlyCap": 10, "dailyCap": 5}]),
            "[0].hourlyCap",
        ),
        (json!([{"buyerId": 987654}]), "buyerId"),
    ] {
        let b = assert_error(
            c.put(&path).json(&body).send().await.unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_ERROR",
        )
        .await;
        assert_eq!(b["error"]["details"]["field"], field, "{body}");
    }
    let set = json_ok(
        c.put(&path)
            .json(&json!([{"buyerId": b1, "priority": 3}, {"buyerId": b2, "priority": 9}]))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        set.as_array()
            .unwrap()
            .iter()
            .map(|b| b["buyerId"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [b2, b1]
    );
    let after = json_ok(
        post(
            &t,
            &c,
            &format!("/api/campaigns/{id}/buyers"),
            json!({"buyerId": b1, "priority": 10}),
        )
        .await,
    )
    .await;
    assert_eq!(after[0]["buyerId"], b1);
    json_ok(
        c.delete(t.url(&format!("/api/campaigns/{id}/buyers/{b2}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let one = json_ok(
        c.get(t.url(&format!("/api/campaigns/{id}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(one["buyersCount"], 1);
    let r = c
        .delete(t.url(&format!("/api/campaigns/{id}/buyers/abc")))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::BAD_REQUEST, "BAD_REQUEST").await;
    t.cleanup().await;
});

conformance!(
    a_number_is_held_by_one_campaign_even_under_concurrent_requests,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        let a = new_campaign(&t, &c, json!({"name": "A", "type": "direct"})).await;
        let b = new_campaign(&t, &c, json!({"name": "B", "type": "direct"})).await;
        let number = new_number(&t, &c, "+12125550111").await;
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..20 {
            let (c, url) = (
                c.clone(),
                t.url(&format!(
                    "/api/campaigns/{}/numbers",
                    if i % 2 == 0 { &a } else { &b }
                )),
            );
            tasks.spawn(async move {
                c.post(url)
                    .json(&json!({"phoneNumberId": number}))
                    .send()
                    .await
                    .unwrap()
                    .status()
            });
        }
        let statuses = tasks.join_all().await;
        assert_eq!(
            statuses.iter().filter(|s| s.is_success()).count(),
            1,
            "{statuses:?}"
        );
        assert!(
            statuses
                .iter()
                .all(|s| s.is_success() || *s == StatusCode::CONFLICT),
            "{statuses:?}"
        );

        let holder = json_ok(
            c.get(t.url(&format!("/api/phone-numbers/{number}")))
                .send()
                .await
                .unwrap(),
        )
        .await;
        let winner = holder["campaignId"].as_str().unwrap().to_string();
        let loser = if winner == a { &b } else { &a };
        let r = post(
            &t,
            &c,
            &format!("/api/campaigns/{loser}/numbers"),
            json!({"phoneNumberId": number}),
        )
        .await;
        let body = assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;
        assert_eq!(body["error"]["details"]["heldBy"]["kind"], "campaign");
        assert_eq!(body["error"]["details"]["heldBy"]["id"], winner.as_str());

        // Released, it can go to the other campaign.
        json_ok(
            c.delete(t.url(&format!("/api/campaigns/{winner}/numbers/{number}")))
                .send()
                .await
                .unwrap(),
        )
        .await;
        json_ok(
            post(
                &t,
                &c,
                &format!("/api/campaigns/{loser}/numbers"),
                json!({"phoneNumberId": number}),
            )
            .await,
        )
        .await;
        t.cleanup().await;
    }
);

conformance!(a_pool_campaign_takes_numbers_from_its_pool, |t| {
    let (c, _) = t.signed_in("alice").await;
    let pool =
        json_ok(post(&t, &c, "/api/pools", json!({"name": "Health Pool"})).await).await["id"]
            .as_i64()
            .unwrap();
    let added = post(
        &t,
        &c,
        &format!("/api/pools/{pool}/numbers"),
        json!({"phoneNumbers": ["+12125550121", "+12125550122", "+12125550123"]}),
    )
    .await;
    json_ok(added).await;
    let id = new_campaign(
        &t,
        &c,
        json!({"name": "Pooled", "type": "pool", "poolId": pool, "poolStrategy": "priority"}),
    )
    .await;
    let got = json_ok(
        post(
            &t,
            &c,
            &format!("/api/campaigns/{id}/numbers/allocate"),
            json!({"count": 2}),
        )
        .await,
    )
    .await;
    assert_eq!(got.as_array().unwrap().len(), 2);
    let buyer = new_buyer(&t, &c, "B").await;
    json_ok(
        c.put(t.url(&format!("/api/campaigns/{id}/buyers")))
            .json(&json!([{"buyerId": buyer}]))
            .send()
            .await
            .unwrap(),
    )
    .await;
    json_ok(
        c.patch(t.url(&format!("/api/campaigns/{id}")))
            .json(&json!({"status": "active"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let p = json_ok(
        c.get(t.url(&format!("/api/pools/{pool}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (
            p["assignedNumbers"].as_i64(),
            p["availableNumbers"].as_i64()
        ),
        (Some(2), Some(1))
    );
    let one = json_ok(
        c.get(t.url(&format!("/api/campaigns/{id}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(one["poolName"], "Health Pool");
    let r = post(
        &t,
        &c,
        &format!("/api/campaigns/{id}/numbers/allocate"),
        json!({"count": 0}),
    )
    .await;
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    t.cleanup().await;
});

conformance!(delete_is_soft_and_releases_numbers, |t| {
    let (c, account) = t.signed_in("alice").await;
    let id = new_campaign(&t, &c, json!({"name": "Gone", "type": "direct"})).await;
    let number = new_number(&t, &c, "+12125550131").await;
    json_ok(
        post(
            &t,
            &c,
            &format!("/api/campaigns/{id}/numbers"),
            json!({"phoneNumberId": number}),
        )
        .await,
    )
    .await;
    t.store
        .record_call(
            account,
            &store::calls::NewCall {
                campaign_id: Some(&id),
                call_sid: "CAdeleted1",
                from_number: "+12125550100",
                to_number: "+12125550131",
                status: "completed",
                duration_secs: 60,
                revenue: domain::Money(10_0000),
                created_at: domain::now_ms(),
            },
        )
        .await
        .unwrap();
    let r = json_ok(
        c.delete(t.url(&format!("/api/campaigns/{id}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r, json!({"id": id, "deleted": true}));
    assert_error(
        c.get(t.url(&format!("/api/campaigns/{id}")))
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    let r = c.get(t.url("/api/campaigns")).send().await.unwrap();
    assert_eq!(r.headers()["x-total-count"], "0");
    let n = json_ok(
        c.get(t.url(&format!("/api/phone-numbers/{number}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(n["campaignId"], Value::Null);
    let dash = json_ok(c.get(t.url("/api/stats/dashboard")).send().await.unwrap()).await;
    assert_eq!(dash["totalCalls"], 1, "the call is kept");
    t.cleanup().await;
});

conformance!(another_tenant_gets_404_on_every_campaign_endpoint, |t| {
    let (alice, _) = t.signed_in("alice").await;
    let (mallory, _) = t.signed_in("mallory").await;
    let id = new_campaign(&t, &alice, json!({"name": "Secret", "type": "direct"})).await;
    let buyer = new_buyer(&t, &alice, "Alice's buyer").await;
    let number = new_number(&t, &alice, "+12125550141").await;
    let pool =
        json_ok(post(&t, &alice, "/api/pools", json!({"name": "Alice pool"})).await).await["id"]
            .as_i64()
            .unwrap();
    let base = format!("/api/campaigns/{id}");
    let m = &mallory;
    let attempts = [
        m.get(t.url(&base)).send().await.unwrap(),
        m.put(t.url(&base))
            .json(&json!({"name": "pwned"}))
            .send()
            .await
            .unwrap(),
        m.patch(t.url(&base))
            .json(&json!({"status": "paused"}))
            .send()
            .await
            .unwrap(),
        m.delete(t.url(&base)).send().await.unwrap(),
        m.put(t.url(&format!("{base}/buyers")))
            .json(&json!([]))
            .send()
            .await
            .unwrap(),
        m.post(t.url(&format!("{base}/buyers")))
            .json(&json!({"buyerId": buyer}))
            .send()
            .await
            .unwrap(),
        m.delete(t.url(&format!("{base}/buyers/{buyer}")))
            .send()
            .await
            .unwrap(),
        m.post(t.url(&format!("{base}/numbers")))
            .json(&json!({"phoneNumberId": number}))
            .send()
            .await
            .unwrap(),
        m.post(t.url(&format!("{base}/numbers/allocate")))
            .json(&json!({"count": 1}))
            .send()
            .await
            .unwrap(),
        m.delete(t.url(&format!("{base}/numbers/{number}")))
            .send()
            .await
            .unwrap(),
    ];
    for r in attempts {
        assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    }
    let list = json_ok(m.get(t.url("/api/campaigns")).send().await.unwrap()).await;
    assert_eq!(list, json!([]));
    // Mallory's own campaign cannot reach Alice's buyer, number or pool.
    let mine = new_campaign(&t, m, json!({"name": "Mine", "type": "direct"})).await;
    let r = m
        .put(t.url(&format!("/api/campaigns/{mine}/buyers")))
        .json(&json!([{"buyerId": buyer}]))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    let r = post(
        &t,
        m,
        &format!("/api/campaigns/{mine}/numbers"),
        json!({"phoneNumberId": number}),
    )
    .await;
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let r = m
        .patch(t.url(&format!("/api/campaigns/{mine}")))
        .json(&json!({"poolId": pool}))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    // Nothing of Alice's changed.
    let one = json_ok(alice.get(t.url(&base)).send().await.unwrap()).await;
    assert_eq!(one["name"], "Secret");
    t.cleanup().await;
});

conformance!(campaign_names_are_unique_per_account_in_any_case, |t| {
    let (alice, _) = t.signed_in("alice").await;
    let (bob, _) = t.signed_in("bob").await;
    let create = |c: &Client, name: &str| {
        c.post(t.url("/api/campaigns"))
            .json(&json!({"name": name, "type": "direct"}))
            .send()
    };
    let r = create(&alice, "Médicare Leads 🚀").await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let first: Value = r.json().await.unwrap();
    // The same name in another case: 409 naming the field, nothing created.
    let r = create(&alice, "MéDICARE leads 🚀").await.unwrap();
    let e = assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;
    assert_eq!(e["error"]["details"]["field"], "name");
    let list: Value = alice
        .get(t.url("/api/campaigns"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    // Another account may use it.
    let r = create(&bob, "Médicare Leads 🚀").await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    // Renaming onto a name in use is refused too; renaming to itself is not.
    let second: Value = create(&alice, "Auto").await.unwrap().json().await.unwrap();
    let id = second["id"].as_str().unwrap();
    let r = alice
        .patch(t.url(&format!("/api/campaigns/{id}")))
        .json(&json!({"name": "médicare LEADS 🚀"}))
        .send()
        .await
        .unwrap();
    let e = assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;
    assert_eq!(e["error"]["details"]["field"], "name");
    let r = alice
        .patch(t.url(&format!("/api/campaigns/{id}")))
        .json(&json!({"name": "AUTO"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // A deleted campaign's name is free again.
    let first_id = first["id"].as_str().unwrap();
    let r = alice
        .delete(t.url(&format!("/api/campaigns/{first_id}")))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let r = create(&alice, "Médicare Leads 🚀").await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    t.cleanup().await;
});

conformance!(the_activation_checklist_says_what_is_missing, |t| {
    let (alice, _) = t.signed_in("alice").await;
    let readiness = |c: &Client, id: &str| {
        c.get(t.url(&format!("/api/campaigns/{id}/readiness")))
            .send()
    };
    let check = |r: &Value, key: &str| {
        r["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == key)
            .cloned()
            .unwrap_or_else(|| panic!("no check {key}: {r}"))
    };
    // A new draft: no number, no buyer; the status is a warning only.
    let draft: Value = alice
        .post(t.url("/api/campaigns"))
        .json(&json!({"name": "Draft", "type": "direct"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let draft_id = draft["id"].as_str().unwrap();
    let r: Value = readiness(&alice, draft_id)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["ready"], false, "{r}");
    assert_eq!(r["status"], "draft");
    let keys: Vec<&str> = r["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys[..2],
        ["numbers", "buyers"],
        "required first, in activation order: {r}"
    );
    let numbers = check(&r, "numbers");
    assert_eq!(
        (numbers["ok"].as_bool(), numbers["required"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(numbers["field"], "phoneNumbers");
    assert_eq!(
        numbers["message"],
        "assign at least one phone number before activating"
    );
    let status = check(&r, "status");
    assert_eq!(
        (status["ok"].as_bool(), status["required"].as_bool()),
        (Some(false), Some(false))
    );
    // Activation refuses with the first failing required item.
    let refused = alice
        .patch(t.url(&format!("/api/campaigns/{draft_id}")))
        .json(&json!({"status": "active"}))
        .send()
        .await
        .unwrap();
    let e = assert_error(
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_ERROR",
    )
    .await;
    assert_eq!(e["error"]["details"]["field"], "phoneNumbers");

    // A live campaign with a buyer open around the clock: ready, no warning.
    let live = common::carrier::campaign(
        &t,
        &alice,
        &[("Always", "+12125550102", None, 5, None, None, "20.00")],
        json!({"name": "Live"}),
    )
    .await;
    let r: Value = readiness(&alice, &live)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["ready"], true, "{r}");
    assert!(
        r["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["ok"] == true),
        "{r}"
    );
    assert_eq!(check(&r, "numbers")["message"], "1 tracking number");
    assert_eq!(check(&r, "buyersOpenNow")["ok"], true);

    // An RTB campaign that falls back to buyers it does not have.
    let rtb: Value = alice
        .post(t.url("/api/campaigns"))
        .json(&json!({"name": "Auction", "type": "rtb", "rtb": {"fallback": "buyers"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let r: Value = readiness(&alice, rtb["id"].as_str().unwrap())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(check(&r, "rtbTargets")["ok"], false, "{r}");
    let fallback = check(&r, "fallback");
    assert_eq!(
        (fallback["ok"].as_bool(), fallback["required"].as_bool()),
        (Some(false), Some(false)),
        "{r}"
    );

    // Another account's campaign is not found.
    let (bob, _) = t.signed_in("bob").await;
    let r = readiness(&bob, &live).await.unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    t.cleanup().await;
});
