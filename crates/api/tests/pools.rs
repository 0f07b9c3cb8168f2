//! Number pools: CRUD, counts, adding and removing numbers, exclusive
//! membership under concurrent requests, deletion, allocation to campaigns,
//! and tenancy, on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, assert_error};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use store::AccountId;
use store::campaigns::CampaignFields;

async fn pool(t: &TestApp, client: &Client, name: &str) -> i64 {
    let r = client
        .post(t.url("/api/pools"))
        .json(&json!({"name": name}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED, "create pool {name}");
    r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

async fn number(t: &TestApp, client: &Client, phone: &str) -> i64 {
    let r = client
        .post(t.url("/api/phone-numbers"))
        .json(&json!({"phoneNumber": phone}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED, "add {phone}");
    r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

async fn add_numbers(t: &TestApp, client: &Client, pool: i64, body: Value) -> reqwest::Response {
    client
        .post(t.url(&format!("/api/pools/{pool}/numbers")))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn get(client: &Client, url: String) -> (StatusCode, Value) {
    let r = client.get(url).send().await.unwrap();
    (r.status(), r.json().await.unwrap())
}

/// A live campaign of `account` drawing from `pool`.
async fn campaign(t: &TestApp, account: AccountId, name: &str, pool: Option<i64>) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    let mut fields = CampaignFields::new(name, if pool.is_some() { "pool" } else { "direct" });
    fields.pool_id = pool;
    t.store
        .create_campaign(account, &id, &fields)
        .await
        .unwrap();
    id
}

conformance!(pools_are_created_listed_changed_and_deleted, |t| {
    let (alice, _) = t.signed_in("alice").await;
    let r = alice
        .post(t.url("/api/pools"))
        .json(&json!({"name": "Health Pool", "description": "Healthcare", "country": "us"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let created: Value = r.json().await.unwrap();
    assert_eq!(
        (created["name"].as_str(), created["created"].as_bool()),
        (Some("Health Pool"), Some(true))
    );
    let health = created["id"].as_i64().unwrap();

    let r = alice
        .post(t.url("/api/pools"))
        .json(&json!({"name": "HEALTH pool"}))
        .send()
        .await
        .unwrap();
    let e = assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;
    assert_eq!(e["error"]["details"]["field"], "name");
    let insurance = pool(&t, &alice, "Insurance").await;

    let r = alice
        .get(t.url("/api/pools?sort=name&order=asc"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-total-count"], "2");
    let pools: Vec<Value> = r.json().await.unwrap();
    assert_eq!(pools[0]["name"], "Health Pool");
    assert_eq!(pools[0]["country"], "US");
    assert_eq!(pools[0]["status"], "active");
    assert_eq!(pools[0]["description"], "Healthcare");
    assert_eq!(pools[0]["totalNumbers"], 0);
    assert_eq!(pools[0]["usageRate"], 0.0);
    let (_, found) = get(&alice, t.url("/api/pools?search=insur")).await;
    assert_eq!(found.as_array().unwrap().len(), 1);
    let (_, inactive) = get(&alice, t.url("/api/pools?status=inactive")).await;
    assert_eq!(inactive, json!([]));

    let url = t.url(&format!("/api/pools/{health}"));
    let r = alice
        .patch(&url)
        .json(&json!({"name": "Health", "status": "inactive", "description": "Healthcare"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"id": health, "updated": true, "changes": ["name", "status"]})
    );
    let r = alice
        .put(&url)
        .json(&json!({"description": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.json::<Value>().await.unwrap()["changes"],
        json!(["description"])
    );
    let r = alice
        .patch(&url)
        .json(&json!({"name": "insurance"}))
        .send()
        .await
        .unwrap();
    let e = assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;
    assert_eq!(e["error"]["details"]["field"], "name");
    let (status, detail) = get(&alice, url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (detail["name"].as_str(), detail["status"].as_str()),
        (Some("Health"), Some("inactive"))
    );
    assert!(detail["description"].is_null());
    assert_eq!(detail["numbers"], json!([]));

    let r = alice.delete(&url).send().await.unwrap();
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"id": health, "deleted": true})
    );
    let (status, _) = get(&alice, url).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, left) = get(&alice, t.url("/api/pools")).await;
    assert_eq!(left[0]["id"], insurance);
    t.cleanup().await;
});

conformance!(out_of_range_pool_values_are_refused, |t| {
    let (alice, _) = t.signed_in("alice").await;
    for (body, field) in [
        (json!({"name": "  "}), "name"),
        (json!({"name": "x".repeat(101)}), "name"),
        (
            json!({"name": "A", "description": "d".repeat(1001)}),
            "description",
        ),
        (json!({"name": "A", "country": "USA"}), "country"),
        (json!({"name": "A", "country": "1"}), "country"),
        (json!({"name": "A", "status": "paused"}), "status"),
    ] {
        let r = alice
            .post(t.url("/api/pools"))
            .json(&body)
            .send()
            .await
            .unwrap();
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
        assert_eq!(e["error"]["details"]["field"], field);
    }
    let r = alice
        .get(t.url("/api/pools?status=paused"))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    let id = pool(&t, &alice, "P").await;
    let url = t.url(&format!("/api/pools/{id}/numbers"));
    for body in [
        json!({}),
        json!({"phoneNumberIds": []}),
        json!({"phoneNumberIds": [1], "csv": "number\n2125550100\n"}),
        json!({"phoneNumbers": ["2125550100", "12"]}),
        json!({"csv": "number\n2125550100\nnope\n"}),
    ] {
        let r = alice.post(&url).json(&body).send().await.unwrap();
        assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    }
    let r = alice
        .post(&url)
        .json(&json!({"csv": "number\n2125550100\nnope\n"}))
        .send()
        .await
        .unwrap();
    let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    assert_eq!(e["error"]["details"]["rows"][1]["status"], "error");
    let (_, numbers) = get(&alice, t.url("/api/phone-numbers")).await;
    assert_eq!(numbers, json!([]), "nothing written");
    t.cleanup().await;
});

conformance!(numbers_join_by_id_by_number_or_by_csv_all_or_nothing, |t| {
    let (alice, _) = t.signed_in("alice").await;
    let main = pool(&t, &alice, "Main").await;
    let other = pool(&t, &alice, "Other").await;
    let a = number(&t, &alice, "2125550100").await;
    let b = number(&t, &alice, "2125550101").await;

    let r = add_numbers(&t, &alice, main, json!({"phoneNumberIds": [b, a, a]})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let out: Value = r.json().await.unwrap();
    assert_eq!(out["added"], 2);
    assert_eq!(out["numbers"][0]["id"], a);
    assert_eq!(out["numbers"][0]["poolName"], "Main");

    // A number already in the pool refuses the request; nothing is kept.
    let r = add_numbers(
        &t,
        &alice,
        main,
        json!({"phoneNumbers": ["(212) 555-0100", "212-555-0102"]}),
    )
    .await;
    let e = assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;
    assert_eq!(e["error"]["details"]["heldBy"]["id"], main);
    let (_, none) = get(&alice, t.url("/api/phone-numbers?search=0102")).await;
    assert_eq!(none, json!([]));
    // New numbers are registered; known free ones are taken as they are.
    let r = add_numbers(&t, &alice, main, json!({"phoneNumbers": ["212-555-0102"]})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let out: Value = r.json().await.unwrap();
    assert_eq!(out["added"], 1);
    assert_eq!(out["numbers"][0]["phoneNumber"], "+12125550102");
    let r = add_numbers(
        &t,
        &alice,
        other,
        json!({"csv": "number,friendly_name,type\n2125550103,Desk,mobile\n2125550103,Again,mobile\n"}),
    )
    .await;
    let out: Value = r.json().await.unwrap();
    assert_eq!(out["added"], 1);
    assert_eq!(out["numbers"][0]["friendlyName"], "Desk");
    assert_eq!(out["numbers"][0]["type"], "mobile");
    let c = out["numbers"][0]["id"].as_i64().unwrap();

    // One number held by another pool refuses the whole request.
    let free = number(&t, &alice, "2125550104").await;
    let r = add_numbers(&t, &alice, main, json!({"phoneNumberIds": [free, c]})).await;
    let e = assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;
    let details = &e["error"]["details"];
    assert_eq!(details["field"], "phoneNumberIds");
    assert_eq!(
        details["heldBy"],
        json!({"kind": "pool", "id": other, "name": "Other"})
    );
    assert!(
        details["reason"]
            .as_str()
            .unwrap()
            .contains("+1 (212) 555-0103")
    );
    let (_, untouched) = get(&alice, t.url(&format!("/api/phone-numbers/{free}"))).await;
    assert!(untouched["poolId"].is_null(), "all or nothing");

    // A number another account registered: 409, never doubled, holder unnamed.
    let (bob, _) = t.signed_in("bob").await;
    number(&t, &bob, "2125550199").await;
    let r = add_numbers(
        &t,
        &alice,
        main,
        json!({"phoneNumbers": ["2125550105", "2125550199"]}),
    )
    .await;
    let e = assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;
    assert!(e["error"]["details"].get("heldBy").is_none());
    assert!(!e.to_string().contains("bob"));
    let (_, mine) = get(&alice, t.url("/api/phone-numbers?search=0105")).await;
    assert_eq!(mine, json!([]), "the new number was not kept either");

    let (_, detail) = get(&alice, t.url(&format!("/api/pools/{main}"))).await;
    assert_eq!(detail["totalNumbers"], 3);
    let (_, filtered) = get(&alice, t.url(&format!("/api/phone-numbers?poolId={main}"))).await;
    assert_eq!(filtered.as_array().unwrap().len(), 3);
    t.cleanup().await;
});

conformance!(pool_counts_follow_status_and_campaign_assignment, |t| {
    let (alice, account) = t.signed_in("alice").await;
    let p = pool(&t, &alice, "Counted").await;
    let mut ids = Vec::new();
    for phone in ["2125550100", "2125550101", "2125550102"] {
        ids.push(number(&t, &alice, phone).await);
    }
    let r = add_numbers(&t, &alice, p, json!({"phoneNumberIds": ids})).await;
    assert_eq!(r.status(), StatusCode::OK);
    alice
        .patch(t.url(&format!("/api/phone-numbers/{}", ids[2])))
        .json(&json!({"status": "inactive"}))
        .send()
        .await
        .unwrap();
    let c = campaign(&t, account, "Pool campaign", Some(p)).await;
    let got = t
        .store
        .allocate_pool_numbers(account, p, &c, 5)
        .await
        .unwrap();
    assert_eq!(
        got,
        vec![ids[0], ids[1]],
        "only active numbers are allocated"
    );
    let again = t
        .store
        .allocate_pool_numbers(account, p, &c, 5)
        .await
        .unwrap();
    assert!(again.is_empty());
    t.store.release_number(account, ids[1]).await.unwrap();

    let (_, pools) = get(&alice, t.url("/api/pools")).await;
    let row = &pools[0];
    assert_eq!(
        (
            row["totalNumbers"].as_i64(),
            row["assignedNumbers"].as_i64(),
            row["availableNumbers"].as_i64()
        ),
        (Some(3), Some(1), Some(1))
    );
    assert_eq!(row["usageRate"], 33.3);
    let (_, detail) = get(&alice, t.url(&format!("/api/pools/{p}"))).await;
    assert_eq!(detail["assignedNumbers"], 1);
    assert_eq!(detail["numbers"][0]["campaignName"], "Pool campaign");
    t.cleanup().await;
});

conformance!(
    twenty_concurrent_adds_of_one_number_have_exactly_one_winner,
    |t| {
        let (alice, _) = t.signed_in("alice").await;
        let n = number(&t, &alice, "2125550100").await;
        let mut pools = Vec::new();
        for i in 0..20 {
            pools.push(pool(&t, &alice, &format!("Pool {i}")).await);
        }
        let mut tasks = tokio::task::JoinSet::new();
        for p in pools.clone() {
            let (client, url) = (alice.clone(), t.url(&format!("/api/pools/{p}/numbers")));
            tasks.spawn(async move {
                let r = client
                    .post(url)
                    .json(&json!({"phoneNumberIds": [n]}))
                    .send()
                    .await
                    .unwrap();
                let status = r.status();
                (p, status, r.json::<Value>().await.unwrap())
            });
        }
        let mut wins = Vec::new();
        let mut conflicts = Vec::new();
        while let Some(done) = tasks.join_next().await {
            let (p, status, body) = done.unwrap();
            match status {
                StatusCode::OK => wins.push(p),
                StatusCode::CONFLICT => conflicts.push(body),
                other => panic!("unexpected {other}: {body}"),
            }
        }
        assert_eq!(wins.len(), 1, "exactly one 200");
        assert_eq!(conflicts.len(), 19, "the rest 409");
        for body in &conflicts {
            assert_eq!(body["error"]["details"]["heldBy"]["id"], wins[0]);
        }
        let (_, shown) = get(&alice, t.url(&format!("/api/phone-numbers/{n}"))).await;
        assert_eq!(shown["poolId"], wins[0]);
        let (_, history) = get(&alice, t.url(&format!("/api/phone-numbers/{n}/history"))).await;
        assert_eq!(history.as_array().unwrap().len(), 1);

        // Two pools racing for two numbers: the same outcome, and requests
        // naming the numbers in opposite orders never deadlock.
        let (x, y) = (
            number(&t, &alice, "2125550101").await,
            number(&t, &alice, "2125550102").await,
        );
        let (a, b) = (pools[0], pools[1]);
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..20 {
            let (target, ids) = if i % 2 == 0 { (a, [x, y]) } else { (b, [y, x]) };
            let (client, url) = (
                alice.clone(),
                t.url(&format!("/api/pools/{target}/numbers")),
            );
            tasks.spawn(async move {
                let r = client
                    .post(url)
                    .json(&json!({"phoneNumberIds": ids}))
                    .send()
                    .await
                    .unwrap();
                let status = r.status();
                (target, status, r.json::<Value>().await.unwrap())
            });
        }
        let mut wins = Vec::new();
        while let Some(done) = tasks.join_next().await {
            let (target, status, body) = done.unwrap();
            match status {
                StatusCode::OK => wins.push((target, body["added"].as_i64().unwrap())),
                StatusCode::CONFLICT => {}
                other => panic!("unexpected {other}: {body}"),
            }
        }
        assert_eq!(wins.len(), 1, "exactly one 200: {wins:?}");
        assert_eq!(wins[0].1, 2, "it adds both numbers");
        let winner = wins[0].0;
        for id in [x, y] {
            let (_, shown) = get(&alice, t.url(&format!("/api/phone-numbers/{id}"))).await;
            assert_eq!(shown["poolId"], winner);
        }
        t.cleanup().await;
    }
);

conformance!(concurrent_allocations_never_hand_out_a_number_twice, |t| {
    let (alice, account) = t.signed_in("alice").await;
    let p = pool(&t, &alice, "Shared").await;
    let csv: String = (0..10).fold("number\n".into(), |s, i| format!("{s}212555010{i}\n"));
    let r = add_numbers(&t, &alice, p, json!({"csv": csv})).await;
    assert_eq!(r.json::<Value>().await.unwrap()["added"], 10);
    let mut campaigns = Vec::new();
    for i in 0..5 {
        campaigns.push(campaign(&t, account, &format!("C{i}"), Some(p)).await);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for c in campaigns {
        let store = t.store.clone();
        tasks.spawn(async move {
            store
                .allocate_pool_numbers(account, p, &c, 3)
                .await
                .unwrap()
        });
    }
    let mut all = Vec::new();
    while let Some(done) = tasks.join_next().await {
        all.extend(done.unwrap());
    }
    let distinct: std::collections::HashSet<i64> = all.iter().copied().collect();
    assert_eq!(all.len(), 10, "every number handed out: {all:?}");
    assert_eq!(distinct.len(), 10, "never twice: {all:?}");
    let (_, detail) = get(&alice, t.url(&format!("/api/pools/{p}"))).await;
    assert_eq!(
        (
            detail["assignedNumbers"].as_i64(),
            detail["usageRate"].as_f64()
        ),
        (Some(10), Some(100.0))
    );
    t.cleanup().await;
});

conformance!(
    deleting_a_pool_releases_its_numbers_unless_a_live_campaign_uses_it,
    |t| {
        let (alice, account) = t.signed_in("alice").await;
        let p = pool(&t, &alice, "Busy").await;
        let n = number(&t, &alice, "2125550100").await;
        add_numbers(&t, &alice, p, json!({"phoneNumberIds": [n]})).await;
        let c = campaign(&t, account, "Uses the pool", Some(p)).await;
        assert_eq!(
            t.store
                .allocate_pool_numbers(account, p, &c, 1)
                .await
                .unwrap(),
            vec![n]
        );

        let url = t.url(&format!("/api/pools/{p}"));
        let r = alice.delete(&url).send().await.unwrap();
        let e = assert_error(r, StatusCode::CONFLICT, "CONFLICT").await;
        assert_eq!(
            e["error"]["details"]["heldBy"],
            json!({"kind": "campaign", "id": c, "name": "Uses the pool"})
        );

        t.store.delete_campaign(account, &c).await.unwrap();
        let r = alice.delete(&url).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let (_, shown) = get(&alice, t.url(&format!("/api/phone-numbers/{n}"))).await;
        assert!(shown["poolId"].is_null() && shown["campaignId"].is_null());
        let (_, history) = get(&alice, t.url(&format!("/api/phone-numbers/{n}/history"))).await;
        let actions: Vec<&str> = history
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions,
            vec!["removed_from_pool", "released", "assigned", "added_to_pool"]
        );
        assert!(history[0]["poolName"].is_null(), "the pool is gone");
        assert_eq!(history[0]["poolId"], p);
        t.cleanup().await;
    }
);

conformance!(removing_a_number_from_a_pool_releases_it, |t| {
    let (alice, account) = t.signed_in("alice").await;
    let p = pool(&t, &alice, "P").await;
    let n = number(&t, &alice, "2125550100").await;
    let outside = number(&t, &alice, "2125550101").await;
    add_numbers(&t, &alice, p, json!({"phoneNumberIds": [n]})).await;
    let c = campaign(&t, account, "C", Some(p)).await;
    t.store
        .allocate_pool_numbers(account, p, &c, 1)
        .await
        .unwrap();

    let url = t.url(&format!("/api/pools/{p}/numbers/{n}"));
    let r = alice.delete(&url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let (_, shown) = get(&alice, t.url(&format!("/api/phone-numbers/{n}"))).await;
    assert!(shown["poolId"].is_null() && shown["campaignId"].is_null());
    assert!(
        t.store
            .campaign_numbers(account, &c)
            .await
            .unwrap()
            .is_empty()
    );
    let r = alice.delete(&url).send().await.unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let r = alice
        .delete(t.url(&format!("/api/pools/{p}/numbers/{outside}")))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    t.cleanup().await;
});

conformance!(another_account_never_sees_or_touches_the_pools, |t| {
    let (alice, alice_account) = t.signed_in("alice").await;
    let (bob, bob_account) = t.signed_in("bob").await;
    let p = pool(&t, &alice, "Alice's").await;
    let n = number(&t, &alice, "2125550100").await;
    add_numbers(&t, &alice, p, json!({"phoneNumberIds": [n]})).await;
    let bobs_pool = pool(&t, &bob, "Alice's").await;
    let bobs_number = number(&t, &bob, "2125550101").await;

    let url = t.url(&format!("/api/pools/{p}"));
    for r in [
        bob.get(&url).send().await.unwrap(),
        bob.patch(&url)
            .json(&json!({"name": "Mine"}))
            .send()
            .await
            .unwrap(),
        bob.put(&url)
            .json(&json!({"name": "Mine"}))
            .send()
            .await
            .unwrap(),
        bob.delete(&url).send().await.unwrap(),
        add_numbers(&t, &bob, p, json!({"phoneNumberIds": [bobs_number]})).await,
        add_numbers(&t, &bob, p, json!({"phoneNumbers": ["2125550102"]})).await,
        add_numbers(&t, &bob, bobs_pool, json!({"phoneNumberIds": [n]})).await,
        bob.delete(format!("{url}/numbers/{n}"))
            .send()
            .await
            .unwrap(),
    ] {
        assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    }
    let (_, listed) = get(&bob, t.url("/api/pools")).await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["id"], bobs_pool);
    assert_eq!(listed[0]["totalNumbers"], 0);

    let (_, detail) = get(&alice, url).await;
    assert_eq!(detail["name"], "Alice's");
    assert_eq!(detail["numbers"][0]["id"], n);
    let (_, bobs) = get(&bob, t.url("/api/phone-numbers")).await;
    assert_eq!(
        bobs.as_array().unwrap().len(),
        1,
        "nothing was created for bob"
    );

    // The store refuses the other tenant's pool and campaign too.
    let theirs = campaign(&t, alice_account, "Alice's campaign", Some(p)).await;
    assert!(
        t.store
            .allocate_pool_numbers(bob_account, p, &theirs, 1)
            .await
            .is_err()
    );
    let mine = campaign(&t, bob_account, "Bob's campaign", Some(bobs_pool)).await;
    assert!(
        t.store
            .allocate_pool_numbers(bob_account, p, &mine, 1)
            .await
            .is_err()
    );
    assert!(
        t.store
            .allocate_pool_numbers(alice_account, p, &mine, 1)
            .await
            .is_err()
    );
    assert!(
        t.store
            .campaign_numbers(alice_account, &theirs)
            .await
            .unwrap()
            .is_empty()
    );
    t.cleanup().await;
});
