//! Phone numbers: registration, list, change, delete, CSV import, history,
//! the campaign-side assignment operations, and tenancy, on SQLite and
//! PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, assert_error, settings};
use domain::{Money, now_ms};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use store::AccountId;
use store::calls::NewCall;
use store::campaigns::CampaignFields;
use store::phone_numbers::AssignError;

async fn add(t: &TestApp, client: &Client, body: Value) -> Value {
    let r = client
        .post(t.url("/api/phone-numbers"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED, "add {body}");
    r.json().await.unwrap()
}

async fn get(client: &Client, url: String) -> (StatusCode, Value) {
    let r = client.get(url).send().await.unwrap();
    (r.status(), r.json().await.unwrap())
}

async fn list(t: &TestApp, client: &Client, query: &str) -> (Vec<Value>, i64) {
    let r = client
        .get(t.url(&format!("/api/phone-numbers?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "list {query}");
    let total = r.headers()["x-total-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    (r.json::<Vec<Value>>().await.unwrap(), total)
}

async fn import(t: &TestApp, client: &Client, body: Value) -> (StatusCode, Value) {
    let r = client
        .post(t.url("/api/phone-numbers/import"))
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

/// A live campaign of `account` (through the campaigns store).
async fn campaign(t: &TestApp, account: AccountId, name: &str) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    t.store
        .create_campaign(account, &id, &CampaignFields::new(name, "direct"))
        .await
        .unwrap();
    id
}

async fn call(t: &TestApp, account: AccountId, to: &str, status: &str) {
    let sid = format!("CA{}", uuid::Uuid::new_v4().simple());
    t.store
        .record_call(
            account,
            &NewCall {
                campaign_id: None,
                call_sid: &sid,
                from_number: "+13125550100",
                to_number: to,
                status,
                duration_secs: 60,
                revenue: Money(0),
                created_at: now_ms(),
            },
        )
        .await
        .unwrap();
}

fn statuses(rows: &Value) -> Vec<(i64, String)> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["line"].as_i64().unwrap(),
                r["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

conformance!(a_number_is_stored_in_e164_with_the_carrier_webhooks, |t| {
    let (alice, _) = t.signed_in("alice").await;
    let n = add(
        &t,
        &alice,
        json!({"phoneNumber": "(856) 281-3889", "friendlyName": " Main "}),
    )
    .await;
    assert_eq!(n["phoneNumber"], "+18562813889");
    assert_eq!(n["formattedNumber"], "+1 (856) 281-3889");
    assert_eq!(n["friendlyName"], "Main");
    assert_eq!(
        (n["country"].as_str(), n["type"].as_str()),
        (Some("US"), Some("local"))
    );
    assert_eq!(n["status"], "active");
    assert_eq!(n["webhookUrl"], "http://localhost:5000/api/webhooks/twilio");
    assert_eq!(
        n["statusCallbackUrl"],
        "http://localhost:5000/api/webhooks/twilio/status"
    );
    assert_eq!(
        (n["totalCalls"].as_i64(), n["successRate"].as_f64()),
        (Some(0), Some(0.0))
    );
    assert!(n["campaignId"].is_null() && n["poolId"].is_null() && n["poolName"].is_null());
    assert!(n["createdAt"].as_str().unwrap().ends_with('Z'));

    let (status, same) = get(&alice, t.url(&format!("/api/phone-numbers/{}", n["id"]))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(same, n);

    let free = add(
        &t,
        &alice,
        json!({"phoneNumber": "1-800-555-0199", "status": "inactive"}),
    )
    .await;
    assert_eq!(
        (free["type"].as_str(), free["status"].as_str()),
        (Some("toll_free"), Some("inactive"))
    );
    let uk = add(
        &t,
        &alice,
        json!({"phoneNumber": "020 7946 0958", "country": "gb", "type": "mobile"}),
    )
    .await;
    assert_eq!(
        (uk["phoneNumber"].as_str(), uk["country"].as_str()),
        (Some("+442079460958"), Some("GB"))
    );

    // Another format of the same number, by the same or another account:
    // the same 409, which never says who holds it.
    let again = alice
        .post(t.url("/api/phone-numbers"))
        .json(&json!({"phoneNumber": "856.281.3889"}))
        .send()
        .await
        .unwrap();
    let mine = assert_error(again, StatusCode::CONFLICT, "CONFLICT").await;
    let (bob, _) = t.signed_in("bob").await;
    let theirs = bob
        .post(t.url("/api/phone-numbers"))
        .json(&json!({"phoneNumber": "+1 856 281 3889"}))
        .send()
        .await
        .unwrap();
    let theirs = assert_error(theirs, StatusCode::CONFLICT, "CONFLICT").await;
    assert_eq!(mine["error"], theirs["error"]);
    assert_eq!(theirs["error"]["details"]["field"], "phoneNumber");
    t.cleanup().await;
});

conformance!(
    numbers_are_filtered_searched_sorted_and_paged_with_call_figures,
    |t| {
        let (alice, account) = t.signed_in("alice").await;
        let a = add(
            &t,
            &alice,
            json!({"phoneNumber": "2125550100", "friendlyName": "Sales"}),
        )
        .await;
        let b = add(
            &t,
            &alice,
            json!({"phoneNumber": "2125550101", "friendlyName": "Support 100%"}),
        )
        .await;
        let c = add(
            &t,
            &alice,
            json!({"phoneNumber": "8005550199", "status": "suspended"}),
        )
        .await;
        for status in ["completed", "completed", "completed", "failed"] {
            call(&t, account, "+12125550101", status).await;
        }
        call(&t, account, "+18005550199", "completed").await;

        let (all, total) = list(&t, &alice, "").await;
        assert_eq!(total, 3);
        let ids: Vec<&Value> = all.iter().map(|n| &n["id"]).collect();
        assert_eq!(
            ids,
            vec![&c["id"], &b["id"], &a["id"]],
            "newest first by default"
        );
        assert_eq!(all[1]["totalCalls"], 4);
        assert_eq!(all[1]["successRate"], 75.0);

        let (busiest, _) = list(&t, &alice, "sort=totalCalls&order=desc").await;
        assert_eq!(busiest[0]["id"], b["id"]);
        assert_eq!(busiest[2]["id"], a["id"]);
        let (by_number, _) = list(&t, &alice, "sort=phoneNumber&order=asc&limit=2&offset=1").await;
        assert_eq!(by_number.len(), 2);
        assert_eq!(by_number[0]["id"], b["id"]);

        let (free, n) = list(&t, &alice, "type=toll_free").await;
        assert_eq!((n, &free[0]["id"]), (1, &c["id"]));
        let (suspended, n) = list(&t, &alice, "status=suspended").await;
        assert_eq!((n, &suspended[0]["id"]), (1, &c["id"]));
        let (typed, n) = list(&t, &alice, "search=(212)%20555-0100").await;
        assert_eq!((n, &typed[0]["id"]), (1, &a["id"]));
        let (named, n) = list(&t, &alice, "search=SALES").await;
        assert_eq!((n, &named[0]["id"]), (1, &a["id"]));
        let (_, n) = list(&t, &alice, "search=100%25").await;
        assert_eq!(n, 1, "% is a literal, not a wildcard");
        let (_, n) = list(&t, &alice, "unassigned=true").await;
        assert_eq!(n, 3);
        let (_, n) = list(&t, &alice, "unassigned=false").await;
        assert_eq!(n, 0);

        for (query, field) in [
            ("status=gone", "status"),
            ("type=fax", "type"),
            ("sort=friendlyName", "sort"),
            ("limit=500", "limit"),
        ] {
            let r = alice
                .get(t.url(&format!("/api/phone-numbers?{query}")))
                .send()
                .await
                .unwrap();
            let body = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
            assert_eq!(body["error"]["details"]["field"], field, "{query}");
        }
        let r = alice
            .get(t.url("/api/phone-numbers?poolId=x"))
            .send()
            .await
            .unwrap();
        assert_error(r, StatusCode::BAD_REQUEST, "BAD_REQUEST").await;
        t.cleanup().await;
    }
);

conformance!(a_number_is_changed_and_deleted, |t| {
    let (alice, _) = t.signed_in("alice").await;
    let n = add(
        &t,
        &alice,
        json!({"phoneNumber": "2125550100", "friendlyName": "Old"}),
    )
    .await;
    let url = t.url(&format!("/api/phone-numbers/{}", n["id"]));
    let r = alice
        .patch(&url)
        .json(&json!({"friendlyName": "New", "type": "Toll-Free", "status": "inactive"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let changed: Value = r.json().await.unwrap();
    assert_eq!(changed["friendlyName"], "New");
    assert_eq!(
        (changed["type"].as_str(), changed["status"].as_str()),
        (Some("toll_free"), Some("inactive"))
    );
    assert_eq!(changed["phoneNumber"], "+12125550100");

    let cleared: Value = alice
        .patch(&url)
        .json(&json!({"friendlyName": null}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(cleared["friendlyName"].is_null());
    assert_eq!(cleared["status"], "inactive", "absent fields stay");

    for (body, field) in [
        (json!({"type": "fax"}), "type"),
        (json!({"status": "deleted"}), "status"),
        (json!({"friendlyName": "x".repeat(101)}), "friendlyName"),
    ] {
        let r = alice.patch(&url).json(&body).send().await.unwrap();
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
        assert_eq!(e["error"]["details"]["field"], field);
    }

    let r = alice.delete(&url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"id": n["id"], "deleted": true})
    );
    let (status, _) = get(&alice, url.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let r = alice.delete(&url).send().await.unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let r = alice
        .get(t.url("/api/phone-numbers/abc"))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::BAD_REQUEST, "BAD_REQUEST").await;
    t.cleanup().await;
});

conformance!(
    malformed_numbers_and_values_are_refused_and_nothing_is_written,
    |t| {
        let (alice, _) = t.signed_in("alice").await;
        for (body, field) in [
            (json!({"phoneNumber": "123"}), "phoneNumber"),
            (json!({"phoneNumber": "call me"}), "phoneNumber"),
            (json!({"phoneNumber": ""}), "phoneNumber"),
            (
                json!({"phoneNumber": "2125550100", "type": "landline"}),
                "type",
            ),
            (
                json!({"phoneNumber": "2125550100", "status": "paused"}),
                "status",
            ),
            (
                json!({"phoneNumber": "2125550100", "country": "USA"}),
                "country",
            ),
        ] {
            let r = alice
                .post(t.url("/api/phone-numbers"))
                .json(&body)
                .send()
                .await
                .unwrap();
            let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
            assert_eq!(e["error"]["details"]["field"], field, "{body}");
        }
        let r = alice
            .post(t.url("/api/phone-numbers"))
            .json(&json!({"friendlyName": "no number"}))
            .send()
            .await
            .unwrap();
        assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
        assert_eq!(list(&t, &alice, "").await.1, 0);
        t.cleanup().await;
    }
);

const MIXED: &str = "number,friendly_name,type,country\n\
    (212) 555-0100,Main,local,US\n\
    not-a-number,Broken,local,US\n\
    212.555.0100,Repeat,local,US\n\
    +44 20 7946 0958,London,,GB\n\
    2125550102,Fax,fax,US\n\
    8005550199,Free,toll free,\n";

conformance!(
    an_all_or_nothing_import_with_a_bad_row_writes_nothing,
    |t| {
        let (alice, _) = t.signed_in("alice").await;
        let (status, body) = import(&t, &alice, json!({"csv": MIXED})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["error"]["code"], "VALIDATION_ERROR");
        assert_eq!(body["error"]["details"]["field"], "csv");
        let rows = &body["error"]["details"]["rows"];
        assert_eq!(
            statuses(rows),
            vec![
                (2, "ok".into()),
                (3, "error".into()),
                (4, "duplicate".into()),
                (5, "ok".into()),
                (6, "error".into()),
                (7, "ok".into())
            ]
        );
        assert!(rows[1]["reason"].as_str().unwrap().starts_with("number:"));
        assert!(rows[4]["reason"].as_str().unwrap().starts_with("type:"));
        assert_eq!(rows[2]["reason"], "repeats line 2");
        assert_eq!(rows[0]["phoneNumber"], "+12125550100");
        assert_eq!(list(&t, &alice, "").await.1, 0, "nothing written");

        // A dry run answers the same and writes nothing either.
        let (status, dry) = import(&t, &alice, json!({"csv": MIXED, "dryRun": true})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(dry["error"]["details"]["rows"], *rows);
        let (status, dry) = import(
            &t,
            &alice,
            json!({"csv": MIXED, "dryRun": true, "importValidRows": true}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            (dry["imported"].as_i64(), dry["skipped"].as_i64()),
            (Some(3), Some(3))
        );
        assert_eq!(list(&t, &alice, "").await.1, 0, "a dry run writes nothing");
        t.cleanup().await;
    }
);

conformance!(import_valid_rows_writes_the_good_rows_once, |t| {
    let (alice, _) = t.signed_in("alice").await;
    let (status, body) = import(&t, &alice, json!({"csv": MIXED, "importValidRows": true})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["imported"].as_i64(), body["skipped"].as_i64()),
        (Some(3), Some(3))
    );
    let (numbers, total) = list(&t, &alice, "sort=phoneNumber&order=asc").await;
    assert_eq!(total, 3);
    let got: Vec<(&str, &str, &str)> = numbers
        .iter()
        .map(|n| {
            (
                n["phoneNumber"].as_str().unwrap(),
                n["type"].as_str().unwrap(),
                n["country"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("+12125550100", "local", "US"),
            ("+18005550199", "toll_free", "US"),
            ("+442079460958", "local", "GB")
        ]
    );

    // The same file again: every good row is now a duplicate; nothing new.
    let (status, again) = import(&t, &alice, json!({"csv": MIXED, "importValidRows": true})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["imported"], 0);
    let rows = &again["rows"];
    assert_eq!(rows[0]["status"], "duplicate");
    assert_eq!(rows[0]["reason"], "is already registered");
    assert_eq!(list(&t, &alice, "").await.1, 3);

    // Another account gets the same answer, without learning whose they are.
    let (bob, _) = t.signed_in("bob").await;
    let (status, theirs) =
        import(&t, &bob, json!({"csv": "number\n2125550100\n2125550109\n"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(theirs["rows"][0]["status"], "duplicate");
    assert_eq!(theirs["rows"][0]["reason"], "is already registered");
    assert_eq!(theirs["imported"], 1);
    assert_eq!(list(&t, &bob, "").await.1, 1);
    assert_eq!(list(&t, &alice, "").await.1, 3);
    t.cleanup().await;
});

conformance!(
    an_import_takes_10000_rows_and_refuses_10001,
    api::Settings {
        max_body_bytes: 1024 * 1024,
        ..settings()
    },
    |t| {
        let (alice, _) = t.signed_in("alice").await;
        let mut csv = String::from("number\n");
        for i in 0..10_000 {
            csv.push_str(&format!("+1212{:03}{:04}\n", 200 + i / 10_000, i));
        }
        let (status, body) = import(&t, &alice, json!({"csv": csv})).await;
        assert_eq!(status, StatusCode::OK, "{}", body["error"]);
        assert_eq!(body["imported"], 10_000);
        assert_eq!(list(&t, &alice, "limit=1").await.1, 10_000);

        csv.push_str("+13125550100\n");
        let (status, body) = import(&t, &alice, json!({"csv": csv})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["error"]["details"]["field"], "csv");
        assert!(
            body["error"]["details"]["reason"]
                .as_str()
                .unwrap()
                .contains("at most 10000")
        );

        for bad in ["", "number\n", "name\nfoo\n"] {
            let (status, body) = import(&t, &alice, json!({"csv": bad})).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
            assert_eq!(body["error"]["details"]["field"], "csv");
        }
        assert_eq!(list(&t, &alice, "limit=1").await.1, 10_000);
        t.cleanup().await;
    }
);

conformance!(
    the_history_lists_every_assignment_change_newest_first,
    |t| {
        let (alice, account) = t.signed_in("alice").await;
        let n = add(&t, &alice, json!({"phoneNumber": "2125550100"})).await;
        let id = n["id"].as_i64().unwrap();
        let pool: Value = alice
            .post(t.url("/api/pools"))
            .json(&json!({"name": "Main pool"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let r = alice
            .post(t.url(&format!("/api/pools/{}/numbers", pool["id"])))
            .json(&json!({"phoneNumberIds": [id]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let summer = campaign(&t, account, "Summer").await;
        t.store
            .assign_number_to_campaign(account, id, &summer)
            .await
            .unwrap();
        let (_, assigned) = get(&alice, t.url(&format!("/api/phone-numbers/{id}"))).await;
        assert_eq!(assigned["campaignId"], summer.as_str());
        assert_eq!(assigned["campaignName"], "Summer");
        assert_eq!(assigned["poolName"], "Main pool");
        t.store.release_number(account, id).await.unwrap();
        let r = alice
            .delete(t.url(&format!("/api/pools/{}/numbers/{id}", pool["id"])))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);

        let (status, history) =
            get(&alice, t.url(&format!("/api/phone-numbers/{id}/history"))).await;
        assert_eq!(status, StatusCode::OK);
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
        assert_eq!(history[0]["poolId"], pool["id"]);
        assert_eq!(history[0]["poolName"], "Main pool");
        assert_eq!(history[1]["campaignId"], summer.as_str());
        assert_eq!(history[1]["campaignName"], "Summer");
        assert!(history[2]["at"].as_str().unwrap().ends_with('Z'));
        t.cleanup().await;
    }
);

conformance!(
    a_number_is_assigned_to_one_campaign_of_its_own_account_only,
    |t| {
        let (alice, account) = t.signed_in("alice").await;
        let bob = t.user("bob", "correct horse").await;
        let n = add(&t, &alice, json!({"phoneNumber": "2125550100"})).await;
        let id = n["id"].as_i64().unwrap();
        let first = campaign(&t, account, "First").await;
        let second = campaign(&t, account, "Second").await;
        let theirs = campaign(&t, bob, "Bob's").await;

        let err = t
            .store
            .assign_number_to_campaign(account, id, &theirs)
            .await
            .unwrap_err();
        assert!(matches!(err, AssignError::NotFound), "{err:?}");
        let err = t
            .store
            .assign_number_to_campaign(bob, id, &theirs)
            .await
            .unwrap_err();
        assert!(
            matches!(err, AssignError::NotFound),
            "another tenant's number: {err:?}"
        );
        let err = t.store.release_number(bob, id).await.unwrap_err();
        assert!(matches!(err, AssignError::NotFound), "{err:?}");

        t.store
            .assign_number_to_campaign(account, id, &first)
            .await
            .unwrap();
        match t.store.assign_number_to_campaign(account, id, &first).await {
            Err(AssignError::HeldBy { id: held, .. }) => {
                assert_eq!(held, first, "a repeat is refused")
            }
            other => panic!("expected HeldBy, got {other:?}"),
        }
        match t
            .store
            .assign_number_to_campaign(account, id, &second)
            .await
        {
            Err(AssignError::HeldBy {
                kind,
                id: held,
                name,
            }) => {
                assert_eq!(
                    (kind, held.as_str(), name.as_str()),
                    ("campaign", first.as_str(), "First")
                );
            }
            other => panic!("expected HeldBy, got {other:?}"),
        }
        let numbers = t.store.campaign_numbers(account, &first).await.unwrap();
        assert_eq!(numbers.len(), 1);
        assert!(
            t.store
                .campaign_numbers(bob, &first)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            t.store.release_campaign_numbers(bob, &first).await.unwrap(),
            0
        );
        assert_eq!(
            t.store
                .release_campaign_numbers(account, &first)
                .await
                .unwrap(),
            1
        );
        t.store.release_number(account, id).await.unwrap();

        // A deleted campaign takes no numbers and shows no name.
        t.store
            .assign_number_to_campaign(account, id, &second)
            .await
            .unwrap();
        t.store.delete_campaign(account, &second).await.unwrap();
        let (_, shown) = get(&alice, t.url(&format!("/api/phone-numbers/{id}"))).await;
        assert!(shown["campaignName"].is_null());
        t.store.release_number(account, id).await.unwrap();
        let err = t
            .store
            .assign_number_to_campaign(account, id, &second)
            .await
            .unwrap_err();
        assert!(matches!(err, AssignError::NotFound), "{err:?}");

        let history = t.store.number_history(account, id).await.unwrap();
        let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
        assert_eq!(
            actions,
            vec!["released", "assigned", "released", "assigned"]
        );
        t.cleanup().await;
    }
);

conformance!(
    concurrent_campaign_assignments_of_one_number_have_one_winner,
    |t| {
        let (alice, account) = t.signed_in("alice").await;
        let n = add(&t, &alice, json!({"phoneNumber": "2125550100"})).await;
        let id = n["id"].as_i64().unwrap();
        let a = campaign(&t, account, "A").await;
        let b = campaign(&t, account, "B").await;
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..20 {
            let c = if i % 2 == 0 { a.clone() } else { b.clone() };
            let store = t.store.clone();
            tasks.spawn(async move { (store.assign_number_to_campaign(account, id, &c).await, c) });
        }
        let mut winners = Vec::new();
        let mut holders = Vec::new();
        while let Some(done) = tasks.join_next().await {
            match done.unwrap() {
                (Ok(()), c) => winners.push(c),
                (
                    Err(AssignError::HeldBy {
                        kind: "campaign",
                        id,
                        ..
                    }),
                    _,
                ) => holders.push(id),
                (Err(e), _) => panic!("unexpected {e:?}"),
            }
        }
        assert_eq!(winners.len(), 1, "exactly one request wins");
        assert_eq!(holders.len(), 19);
        assert!(
            holders.iter().all(|h| *h == winners[0]),
            "every 409 names the winner"
        );
        let (_, shown) = get(&alice, t.url(&format!("/api/phone-numbers/{id}"))).await;
        assert_eq!(shown["campaignId"], winners[0].as_str());
        assert_eq!(t.store.number_history(account, id).await.unwrap().len(), 1);
        t.cleanup().await;
    }
);

conformance!(another_account_never_sees_or_touches_the_numbers, |t| {
    let (alice, _) = t.signed_in("alice").await;
    let (bob, _) = t.signed_in("bob").await;
    let n = add(&t, &alice, json!({"phoneNumber": "2125550100"})).await;
    let url = t.url(&format!("/api/phone-numbers/{}", n["id"]));
    let r = bob.get(&url).send().await.unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let r = bob.get(format!("{url}/history")).send().await.unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let r = bob
        .patch(&url)
        .json(&json!({"friendlyName": "mine"}))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let r = bob.delete(&url).send().await.unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    assert_eq!(list(&t, &bob, "").await.1, 0);
    assert_eq!(list(&t, &bob, "search=555").await.1, 0);

    let (_, still) = get(&alice, url).await;
    assert!(still["friendlyName"].is_null());
    let r = t
        .client()
        .get(t.url("/api/phone-numbers"))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
    t.cleanup().await;
});
