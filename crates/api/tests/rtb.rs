//! RTB management (`/api/rtb/…`): targets (CRUD, validation, a credential
//! that is never returned), campaign assignment, auctions recorded through
//! the store and read back in the spec's shapes, analytics, and tenancy,
//! on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestApp, assert_error};
use domain::now_ms;
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use store::AccountId;
use store::campaigns::CampaignFields;
use store::rtb_auctions::{AuctionRecord, BidResponseRecord};

const SECRET: &str = "sk_live_51HxQ9zTOPSECRET9876";

async fn send(c: &Client, method: &str, url: String, body: Option<Value>) -> Response {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut req = c.request(m, url);
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap()
}

async fn ok(r: Response) -> Value {
    let status = r.status();
    let text = r.text().await.unwrap();
    assert!(status.is_success(), "{status}: {text}");
    serde_json::from_str(&text).unwrap()
}

/// 422 naming `field`.
async fn assert_invalid(r: Response, field: &str) {
    let body = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    assert_eq!(body["error"]["details"]["field"], field, "{body}");
}

fn spec_target(name: &str) -> Value {
    json!({
        "name": name,
        "company": "Bidding Company",
        "endpointUrl": "https://api.bidder.com/bid",
        "requestMethod": "POST",
        "requestTemplate": {
            "requestId": "{requestId}",
            "campaignId": "{campaignId}",
            "callerId": "{callerId}",
            "bidParams": {"minBid": "{minBid}", "maxBid": "{maxBid}"}
        },
        "responseConfig": {
            "bidAmountPath": "bidAmount",
            "destinationNumberPath": "destinationNumber",
            "acceptancePath": "accepted"
        },
        "timeoutMs": 5000,
        "maxConcurrentCalls": 10
    })
}

async fn create(t: &TestApp, c: &Client, body: Value) -> i64 {
    let r = send(c, "POST", t.url("/api/rtb/targets"), Some(body.clone())).await;
    assert_eq!(r.status(), StatusCode::CREATED, "create {body}");
    let out = ok(r).await;
    assert_eq!(out["created"], true);
    assert_eq!(out["name"], body["name"]);
    out["id"].as_i64().unwrap()
}

async fn list(t: &TestApp, c: &Client, path: &str) -> (Vec<Value>, i64, String) {
    let r = c.get(t.url(path)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    let total = r.headers()["x-total-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let text = r.text().await.unwrap();
    (serde_json::from_str(&text).unwrap(), total, text)
}

async fn campaign(t: &TestApp, account: AccountId, name: &str) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    t.store
        .create_campaign(account, &id, &CampaignFields::new(name, "rtb"))
        .await
        .unwrap();
    id
}

fn bid(target: i64, status: &str, ms: Option<i64>, amount_e4: Option<i64>) -> BidResponseRecord {
    BidResponseRecord {
        rtb_target_id: domain::RtbTargetId(target),
        request_sent_at: now_ms(),
        response_time_ms: ms,
        http_status_code: ms.map(|_| 200),
        response_status: status.into(),
        bid_amount_e4: amount_e4,
        bid_currency: Some("USD".into()),
        raw_request: Some(r#"{"requestId":"r"}"#.into()),
        ..BidResponseRecord::default()
    }
}

/// An auction over `targets` [winner, rejected 1006, timeout].
fn auction(request_id: &str, campaign_id: &str, targets: [i64; 3]) -> AuctionRecord {
    let now = now_ms();
    let mut win = bid(targets[0], "success", Some(300), Some(12_5000));
    win.is_winning_bid = true;
    win.is_accepted = true;
    win.destination_number = Some("+18005550199".into());
    win.raw_response = Some(r#"{"bidAmount":12.5,"accepted":true}"#.into());
    let mut rejected = bid(targets[1], "rejected", Some(459), Some(0));
    rejected.rejection_code = Some(1006);
    rejected.rejection_reason = Some("Final capacity check".into());
    let mut late = bid(targets[2], "timeout", None, None);
    late.error_message = Some("no answer within 5000 ms".into());
    AuctionRecord {
        request_id: request_id.into(),
        campaign_id: campaign_id.into(),
        call_sid: Some(format!("CA{request_id}").into()),
        call_start_time: now,
        caller_number: Some("+12125550100".into()),
        inbound_number: Some("+18005550100".into()),
        caller_state: Some("NY".into()),
        total_response_time_ms: 5003,
        auction_status: "won".into(),
        created_at: now,
        completed_at: Some(now + 5003),
        responses: vec![win, rejected, late],
        ..AuctionRecord::default()
    }
}

conformance!(targets_round_trip_in_the_specs_shapes, |t| {
    let (c, alice) = t.signed_in("alice").await;
    let mut body = spec_target("New RTB Target");
    body["authentication"] = json!({"type": "api_key", "header": "X-Partner-Key", "key": SECRET});
    body["customHeaders"] = json!({"X-Partner": "acme"});
    body["minBid"] = json!("2.50");
    body["maxBid"] = json!(40);
    body["contactPhone"] = json!("(212) 555-0100");
    let id = create(&t, &c, body).await;

    let text = c
        .get(t.url(&format!("/api/rtb/targets/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !text.contains(SECRET) && !text.contains("TOPSECRET"),
        "{text}"
    );
    let got: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(got["id"], id);
    assert_eq!(got["endpointUrl"], "https://api.bidder.com/bid");
    assert_eq!(got["contactPhone"], "+12125550100");
    assert_eq!(got["requestMethod"], "POST");
    assert_eq!(got["contentType"], "json");
    assert_eq!(got["requestTemplate"]["bidParams"]["maxBid"], "{maxBid}");
    assert_eq!(
        got["responseConfig"],
        json!({"bidAmountPath": "bidAmount", "destinationNumberPath": "destinationNumber",
               "acceptancePath": "accepted", "currencyPath": null})
    );
    assert_eq!(
        got["authentication"],
        json!({"type": "api_key", "header": "X-Partner-Key", "username": null,
               "hasSecret": true, "maskedSecret": "••••9876"})
    );
    assert_eq!(got["customHeaders"], json!({"X-Partner": "acme"}));
    assert_eq!(
        (got["minBid"].as_str(), got["maxBid"].as_str()),
        (Some("2.50"), Some("40.00"))
    );
    assert_eq!(
        (
            got["timeoutMs"].as_i64(),
            got["maxConcurrentCalls"].as_i64()
        ),
        (Some(5000), Some(10))
    );
    // A cap the user did not set is no cap.
    assert_eq!(
        (got["hourlyCap"].as_i64(), got["dailyCap"].as_i64()),
        (None, None)
    );
    assert_eq!(
        (got["currency"].as_str(), got["status"].as_str()),
        (Some("USD"), Some("active"))
    );
    assert_eq!(got["responseTimeMs"], Value::Null);
    assert_eq!(
        (got["successRate"].as_f64(), got["winRate"].as_f64()),
        (Some(0.0), Some(0.0))
    );
    assert_eq!(got["totalBids"], 0);

    let (items, total, text) = list(&t, &c, "/api/rtb/targets").await;
    assert!(!text.contains(SECRET), "{text}");
    assert_eq!((total, items.len()), (1, 1));
    assert_eq!(items[0], got);

    // A string template (XML) is kept as text; a change that leaves the key
    // out keeps it; only real changes are reported.
    let patch = json!({"name": "New RTB Target", "contentType": "xml",
        "requestTemplate": "<bid><id>{requestId}</id></bid>",
        "authentication": {"type": "api_key", "header": "X-Key"},
        "responseConfig": {"currencyPath": "$.bid.currency"}, "hourlyCap": 40});
    let out = ok(send(
        &c,
        "PATCH",
        t.url(&format!("/api/rtb/targets/{id}")),
        Some(patch),
    )
    .await)
    .await;
    assert_eq!(
        out["changes"],
        json!([
            "contentType",
            "authentication",
            "requestTemplate",
            "responseConfig",
            "hourlyCap"
        ])
    );
    let got = ok(c
        .get(t.url(&format!("/api/rtb/targets/{id}")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(got["requestTemplate"], "<bid><id>{requestId}</id></bid>");
    assert_eq!(got["hourlyCap"], 40);
    assert_eq!(got["authentication"]["header"], "X-Key");
    let stored = t.store.rtb_target(alice, id).await.unwrap();
    assert_eq!(
        stored.fields.auth.secret.as_deref(),
        Some(SECRET),
        "the key was kept"
    );
    assert!(
        !format!("{stored:?}").contains(SECRET),
        "Debug never shows the key"
    );

    let out = ok(send(
        &c,
        "PUT",
        t.url(&format!("/api/rtb/targets/{id}")),
        Some(json!({"status": "testing", "authentication": null})),
    )
    .await)
    .await;
    assert_eq!(
        out,
        json!({"id": id, "updated": true, "changes": ["authentication", "status"]})
    );
    let got = ok(c
        .get(t.url(&format!("/api/rtb/targets/{id}")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(got["authentication"]["hasSecret"], false);

    let (items, _, _) = list(&t, &c, "/api/rtb/targets?status=active").await;
    assert!(items.is_empty());
    let out = ok(send(&c, "DELETE", t.url(&format!("/api/rtb/targets/{id}")), None).await).await;
    assert_eq!(out, json!({"id": id, "deleted": true}));
    let r = c
        .get(t.url(&format!("/api/rtb/targets/{id}")))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let (_, total, _) = list(&t, &c, "/api/rtb/targets").await;
    assert_eq!(total, 0);
    t.cleanup().await;
});

conformance!(every_invalid_field_is_a_422_that_writes_nothing, |t| {
    let (c, _) = t.signed_in("alice").await;
    let cases: Vec<(Value, &str)> = vec![
        (json!({"name": ""}), "name"),
        (json!({"name": "x".repeat(256)}), "name"),
        (json!({"endpointUrl": "ftp://bidder.com"}), "endpointUrl"),
        (json!({"endpointUrl": "/bid"}), "endpointUrl"),
        (
            json!({"endpointUrl": "https://user:pw@bidder.com"}),
            "endpointUrl",
        ),
        (json!({"requestMethod": "DELETE"}), "requestMethod"),
        (json!({"contentType": "yaml"}), "contentType"),
        (json!({"timeoutMs": 99}), "timeoutMs"),
        (json!({"timeoutMs": 10001}), "timeoutMs"),
        (json!({"maxConcurrentCalls": 0}), "maxConcurrentCalls"),
        (json!({"hourlyCap": -5}), "hourlyCap"),
        (json!({"hourlyCap": 500, "dailyCap": 100}), "hourlyCap"),
        (json!({"dailyCap": 0}), "dailyCap"),
        (json!({"minBid": "50.00", "maxBid": "10.00"}), "minBid"),
        (json!({"minBid": "-1"}), "minBid"),
        (json!({"maxBid": "1.23456"}), "maxBid"),
        (json!({"currency": "usdollar"}), "currency"),
        (json!({"status": "paused"}), "status"),
        (json!({"contactEmail": "not-an-email"}), "contactEmail"),
        (json!({"contactPhone": "123"}), "contactPhone"),
        (
            json!({"customHeaders": {"Bad Header": "x"}}),
            "customHeaders",
        ),
        (
            json!({"customHeaders": {"Host": "internal"}}),
            "customHeaders",
        ),
        (
            json!({"customHeaders": {"X-A": "a\r\nX-Injected: 1"}}),
            "customHeaders",
        ),
        (json!({"requestTemplate": 42}), "requestTemplate"),
        (json!({"requestTemplate": ""}), "requestTemplate"),
        (
            json!({"contentType": "form", "requestTemplate": null}),
            "requestTemplate",
        ),
        (
            json!({"responseConfig": {"bidAmountPath": ""}}),
            "responseConfig.bidAmountPath",
        ),
        (
            json!({"responseConfig": {"bidAmountPath": "$..amount"}}),
            "responseConfig.bidAmountPath",
        ),
        (
            json!({"responseConfig": {"destinationNumberPath": "$.bids[*].to"}}),
            "responseConfig.destinationNumberPath",
        ),
        (
            json!({"responseConfig": {"acceptancePath": "a b"}}),
            "responseConfig.acceptancePath",
        ),
        (
            json!({"responseConfig": {"currencyPath": "$."}}),
            "responseConfig.currencyPath",
        ),
        (
            json!({"authentication": {"type": "oauth"}}),
            "authentication.type",
        ),
        (
            json!({"authentication": {"type": "api_key"}}),
            "authentication.key",
        ),
        (
            json!({"authentication": {"type": "api_key", "header": "X Key", "key": "k"}}),
            "authentication.header",
        ),
        (
            json!({"authentication": {"type": "bearer"}}),
            "authentication.token",
        ),
        (
            json!({"authentication": {"type": "basic", "password": "p"}}),
            "authentication.username",
        ),
        (
            json!({"authentication": {"type": "basic", "username": "u"}}),
            "authentication.password",
        ),
        (
            json!({"authentication": {"type": "bearer", "token": "t"}, "customHeaders": {"Authorization": "x"}}),
            "customHeaders",
        ),
    ];
    for (overrides, field) in &cases {
        let mut body = spec_target("T");
        for (k, v) in overrides.as_object().unwrap() {
            body[k] = v.clone();
        }
        let r = send(&c, "POST", t.url("/api/rtb/targets"), Some(body)).await;
        assert_invalid(r, field).await;
    }
    for (body, field) in [
        (json!({"endpointUrl": "https://b.example"}), "name"),
        (json!({"name": "T"}), "endpointUrl"),
    ] {
        assert_invalid(
            send(&c, "POST", t.url("/api/rtb/targets"), Some(body)).await,
            field,
        )
        .await;
    }
    let (_, total, _) = list(&t, &c, "/api/rtb/targets").await;
    assert_eq!(total, 0);

    // Updates are checked the same way and leave the target as it was.
    let id = create(&t, &c, spec_target("T")).await;
    let url = t.url(&format!("/api/rtb/targets/{id}"));
    for (overrides, field) in cases.into_iter().chain([
        (json!({"timeoutMs": null}), "timeoutMs"),
        (json!({"name": null}), "name"),
    ]) {
        assert_invalid(send(&c, "PATCH", url.clone(), Some(overrides)).await, field).await;
    }
    let got = ok(c.get(url.clone()).send().await.unwrap()).await;
    assert_eq!(
        (got["timeoutMs"].as_i64(), got["name"].as_str()),
        (Some(5000), Some("T"))
    );
    let r = send(&c, "POST", t.url("/api/rtb/targets"), None).await;
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = c.get(t.url("/api/rtb/targets/abc")).send().await.unwrap();
    assert_error(r, StatusCode::BAD_REQUEST, "BAD_REQUEST").await;
    let r = t
        .client()
        .get(t.url("/api/rtb/targets"))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
    t.cleanup().await;
});

conformance!(campaigns_ping_only_the_accounts_own_targets, |t| {
    let (c, alice) = t.signed_in("alice").await;
    let (bob_c, bob) = t.signed_in("bob").await;
    let camp = campaign(&t, alice, "Health").await;
    let a = create(&t, &c, spec_target("A")).await;
    let b = create(&t, &c, spec_target("B")).await;
    let off = create(
        &t,
        &c,
        json!({"name": "Off", "endpointUrl": "https://off.example", "status": "inactive"}),
    )
    .await;
    let theirs = create(&t, &bob_c, spec_target("Bob's")).await;
    let bob_camp = campaign(&t, bob, "Bob's campaign").await;
    let url = t.url(&format!("/api/rtb/campaigns/{camp}/targets"));

    let set = json!([{"rtbTargetId": a, "priority": 3}, {"rtbTargetId": b, "priority": 9, "enabled": false},
                     {"rtbTargetId": off}]);
    let out = ok(send(&c, "PUT", url.clone(), Some(set)).await).await;
    assert_eq!(
        out,
        json!([
            {"rtbTargetId": b, "name": "B", "status": "active", "priority": 9, "enabled": false},
            {"rtbTargetId": off, "name": "Off", "status": "inactive", "priority": 5, "enabled": true},
            {"rtbTargetId": a, "name": "A", "status": "active", "priority": 3, "enabled": true},
        ])
    );
    assert_eq!(ok(c.get(url.clone()).send().await.unwrap()).await, out);
    // The auction pings enabled assignments of active targets only.
    let pinged = t.store.rtb_auction_targets(alice, &camp).await.unwrap();
    assert_eq!(
        pinged.iter().map(|p| p.target.id).collect::<Vec<_>>(),
        vec![a]
    );
    assert_eq!(pinged[0].target.fields.bid_amount_path, "bidAmount");

    for (body, field) in [
        (json!([{"rtbTargetId": theirs}]), "rtbTargetId"),
        (json!([{"rtbTargetId": 999_999}]), "rtbTargetId"),
        (
            json!([{"rtbTargetId": a}, {"rtbTargetId": a}]),
            "[1].rtbTargetId",
        ),
        (json!([{"rtbTargetId": a, "priority": 0}]), "[0].priority"),
        (json!([{"rtbTargetId": a, "priority": 11}]), "[0].priority"),
    ] {
        assert_invalid(send(&c, "PUT", url.clone(), Some(body)).await, field).await;
    }
    assert_eq!(
        ok(c.get(url.clone()).send().await.unwrap()).await,
        out,
        "nothing written"
    );
    // Another tenant's campaign is not found, whatever the body.
    let r = send(
        &c,
        "PUT",
        t.url(&format!("/api/rtb/campaigns/{bob_camp}/targets")),
        Some(json!([{"rtbTargetId": a}])),
    )
    .await;
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    assert!(
        t.store
            .campaign_rtb_targets(bob, &bob_camp)
            .await
            .unwrap()
            .is_empty()
    );

    let out = ok(send(
        &c,
        "DELETE",
        t.url(&format!("/api/rtb/campaigns/{camp}/targets/{off}")),
        None,
    )
    .await)
    .await;
    assert_eq!(out, json!({"id": off, "deleted": true}));
    let r = send(
        &c,
        "DELETE",
        t.url(&format!("/api/rtb/campaigns/{camp}/targets/{off}")),
        None,
    )
    .await;
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    // Deleting a target takes it off its campaigns.
    ok(send(&c, "DELETE", t.url(&format!("/api/rtb/targets/{b}")), None).await).await;
    let left = ok(c.get(url.clone()).send().await.unwrap()).await;
    assert_eq!(left.as_array().unwrap().len(), 1);
    assert_eq!(left[0]["rtbTargetId"], a);
    let r = c
        .get(t.url("/api/rtb/campaigns/no-such-campaign/targets"))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    t.cleanup().await;
});

conformance!(a_call_and_its_auction_commit_together, |t| {
    let (c, alice) = t.signed_in("alice").await;
    let camp = campaign(&t, alice, "Health Campaign").await;
    let ids = [
        create(&t, &c, spec_target("A")).await,
        create(&t, &c, spec_target("B")).await,
        create(&t, &c, spec_target("C")).await,
    ];
    let call = |sid: &str, a: AuctionRecord| store::calls::RoutedCall {
        account: alice,
        call_sid: sid.into(),
        from_number: "+12125550100".into(),
        to_number: "+18005550100".into(),
        campaign_id: Some(domain::CampaignId(camp.clone())),
        disposition: "routed".into(),
        status: "ringing".into(),
        created_at: now_ms(),
        auction: Some(Box::new(a)),
        ..Default::default()
    };
    let first = call("CAcommit_1", auction("commit_1", &camp, ids));
    t.store.insert_routed_call(&first).await.unwrap();
    // A second delivery of the same call: neither call nor auction again.
    let ids_again = t.store.insert_routed_calls(&[&first]).await.unwrap();
    assert_eq!(ids_again, [None]);
    let (items, total, _) = list(&t, &c, "/api/rtb/bid-requests").await;
    assert_eq!(
        (total, items[0]["callSid"].as_str()),
        (1, Some("CAcommit_1"))
    );
    let responses = ok(c
        .get(t.url("/api/rtb/bid-requests/commit_1/responses"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(responses.as_array().unwrap().len(), 3);

    // An auction that cannot be written takes its call down with it
    // (the webhook's writer then writes the call alone).
    let bad = call(
        "CAcommit_2",
        auction("commit_2", &camp, [ids[0], ids[1], 987_654]),
    );
    assert!(t.store.insert_routed_call(&bad).await.is_err());
    assert!(t.store.call_state("CAcommit_2").await.unwrap().is_none());
    let (_, total, _) = list(&t, &c, "/api/rtb/bid-requests").await;
    assert_eq!(total, 1);
    t.cleanup().await;
});

conformance!(recorded_auctions_read_back_in_the_specs_shapes, |t| {
    let (c, alice) = t.signed_in("alice").await;
    let camp = campaign(&t, alice, "Health Campaign").await;
    let other = campaign(&t, alice, "Other").await;
    let ids = [
        create(&t, &c, spec_target("Winner")).await,
        create(&t, &c, spec_target("Medi - Naked - RTB T3")).await,
        create(&t, &c, spec_target("Slow")).await,
    ];
    let first = t
        .store
        .record_auction(alice, &auction("pool_16_CA540901", &camp, ids))
        .await
        .unwrap();
    // A retry of the same auction writes nothing new.
    let again = t
        .store
        .record_auction(alice, &auction("pool_16_CA540901", &camp, ids))
        .await
        .unwrap();
    assert_eq!(first, again);
    let mut lost = auction("pool_16_CA540902", &other, ids);
    for r in &mut lost.responses {
        r.is_winning_bid = false;
    }
    lost.auction_status = "no_winner".into();
    t.store.record_auction(alice, &lost).await.unwrap();

    let (items, total, _) = list(&t, &c, "/api/rtb/bid-requests?limit=20").await;
    assert_eq!((total, items.len()), (2, 2));
    let (items, total, _) = list(&t, &c, &format!("/api/rtb/bid-requests?campaignId={camp}")).await;
    assert_eq!(total, 1);
    let a = &items[0];
    assert_eq!(a["id"], first);
    assert_eq!(a["requestId"], "pool_16_CA540901");
    assert_eq!(a["campaignId"], camp.as_str());
    assert_eq!(a["campaignName"], "Health Campaign");
    assert_eq!(a["callSid"], "CApool_16_CA540901");
    assert!(a["callStartTime"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        (
            a["totalTargets"].as_i64(),
            a["successfulResponses"].as_i64()
        ),
        (Some(3), Some(1))
    );
    assert_eq!(
        (
            a["failedResponses"].as_i64(),
            a["timeoutResponses"].as_i64()
        ),
        (Some(2), Some(1))
    );
    assert_eq!(
        (
            a["totalResponseTimeMs"].as_i64(),
            a["averageResponseTimeMs"].as_i64()
        ),
        (Some(5003), Some(380))
    );
    assert_eq!(
        (a["winningBid"].as_str(), a["winningTarget"].as_i64()),
        (Some("12.50"), Some(ids[0]))
    );
    assert_eq!(
        (
            a["winningTargetName"].as_str(),
            a["winningDestination"].as_str()
        ),
        (Some("Winner"), Some("+18005550199"))
    );
    assert_eq!(a["auctionStatus"], "won");
    let (items, _, _) = list(&t, &c, "/api/rtb/bid-requests?hasWinner=false").await;
    assert_eq!(items[0]["requestId"], "pool_16_CA540902");
    assert_eq!(
        (
            items[0]["winningBid"].clone(),
            items[0]["winningTarget"].clone()
        ),
        (Value::Null, Value::Null)
    );
    let (_, total, _) = list(
        &t,
        &c,
        "/api/rtb/bid-requests?from=2000-01-01&to=2000-01-31",
    )
    .await;
    assert_eq!(total, 0);
    let (_, total, _) = list(&t, &c, "/api/rtb/bid-requests?callSid=CApool_16_CA540902").await;
    assert_eq!(total, 1);
    let r = c
        .get(t.url("/api/rtb/bid-requests?from=yesterday"))
        .send()
        .await
        .unwrap();
    assert_invalid(r, "from").await;
    let one = ok(c
        .get(t.url("/api/rtb/bid-requests/pool_16_CA540901"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(&one, a);

    let responses = ok(c
        .get(t.url("/api/rtb/bid-requests/pool_16_CA540901/responses"))
        .send()
        .await
        .unwrap())
    .await;
    let r = responses.as_array().unwrap();
    assert_eq!(r.len(), 3);
    assert_eq!(
        (r[0]["rtbTargetId"].as_i64(), r[0]["isWinningBid"].as_bool()),
        (Some(ids[0]), Some(true))
    );
    assert_eq!(
        (
            r[0]["bidAmount"].as_str(),
            r[0]["destinationNumber"].as_str()
        ),
        (Some("12.50"), Some("+18005550199"))
    );
    assert_eq!(r[0]["rawResponse"], r#"{"bidAmount":12.5,"accepted":true}"#);
    assert_eq!(r[1]["requestId"], "pool_16_CA540901");
    assert_eq!(r[1]["targetName"], "Medi - Naked - RTB T3");
    assert_eq!(r[1]["bidAmount"], "0.00");
    assert_eq!(r[1]["responseTimeMs"], 459);
    assert_eq!(r[1]["responseStatus"], "rejected");
    assert_eq!(r[1]["isWinningBid"], false);
    assert_eq!(r[1]["rejectionCode"], 1006);
    assert_eq!(r[1]["rejectionReason"], "Final capacity check (Code: 1006)");
    assert_eq!(r[1]["httpStatusCode"], 200);
    assert_eq!(r[2]["responseStatus"], "timeout");
    assert_eq!(
        (r[2]["bidAmount"].clone(), r[2]["responseTimeMs"].clone()),
        (Value::Null, Value::Null)
    );
    assert_eq!(r[2]["errorMessage"], "no answer within 5000 ms");
    let r = c
        .get(t.url("/api/rtb/bid-requests/nope/responses"))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;

    // Target figures: 2 responses each; the winner won one of its two.
    let (items, _, _) = list(&t, &c, "/api/rtb/targets?sort=name&order=asc").await;
    let by_name = |n: &str| items.iter().find(|i| i["name"] == n).unwrap().clone();
    let w = by_name("Winner");
    assert_eq!(
        (
            w["totalBids"].as_i64(),
            w["successRate"].as_f64(),
            w["winRate"].as_f64()
        ),
        (Some(2), Some(100.0), Some(50.0))
    );
    assert_eq!(w["responseTimeMs"], 300);
    let slow = by_name("Slow");
    assert_eq!(
        (slow["totalBids"].as_i64(), slow["successRate"].as_f64()),
        (Some(2), Some(0.0))
    );
    assert_eq!(slow["responseTimeMs"], Value::Null);

    // Analytics over the range.
    let an = ok(c.get(t.url("/api/rtb/analytics")).send().await.unwrap()).await;
    assert_eq!(an["summary"]["totalAuctions"], 2);
    assert_eq!(an["summary"]["auctionsWithWinner"], 1);
    assert_eq!(an["summary"]["successRate"], 50.0);
    assert_eq!(an["summary"]["revenuePerAuction"], "6.25");
    assert_eq!(
        an["rejectionReasons"],
        json!([{"code": 1006, "reason": "Final capacity check", "count": 2}])
    );
    let bidders = an["bidders"].as_array().unwrap();
    assert_eq!(bidders.len(), 3);
    let winner = bidders.iter().find(|b| b["targetId"] == ids[0]).unwrap();
    assert_eq!(
        winner,
        &json!({"targetId": ids[0], "name": "Winner", "bids": 2, "successes": 2,
        "wins": 1, "winRate": 50.0, "successRate": 100.0, "averageResponseMs": 300})
    );
    let empty = ok(c
        .get(t.url("/api/rtb/analytics?from=2000-01-01&to=2000-01-02"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(empty["summary"]["totalAuctions"], 0);
    assert_eq!(empty["bidders"], json!([]));
    // A range that ends before it starts holds nothing.
    let inverted = ok(c
        .get(t.url("/api/rtb/analytics?from=2025-02-01&to=2025-01-01"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(inverted["summary"]["totalAuctions"], 0);
    // A deleted target keeps its history.
    ok(send(
        &c,
        "DELETE",
        t.url(&format!("/api/rtb/targets/{}", ids[2])),
        None,
    )
    .await)
    .await;
    let responses = ok(c
        .get(t.url("/api/rtb/bid-requests/pool_16_CA540901/responses"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(responses[2]["targetName"], "Slow");
    t.cleanup().await;
});

conformance!(
    a_second_account_never_sees_or_touches_the_firsts_rtb_data,
    |t| {
        let (alice_c, alice) = t.signed_in("alice").await;
        let (bob_c, bob) = t.signed_in("bob").await;
        let camp = campaign(&t, alice, "Alice's").await;
        let bob_camp = campaign(&t, bob, "Bob's").await;
        let ids = [
            create(&t, &alice_c, spec_target("A1")).await,
            create(&t, &alice_c, spec_target("A2")).await,
            create(&t, &alice_c, spec_target("A3")).await,
        ];
        ok(send(
            &alice_c,
            "PUT",
            t.url(&format!("/api/rtb/campaigns/{camp}/targets")),
            Some(json!([{"rtbTargetId": ids[0]}])),
        )
        .await)
        .await;
        t.store
            .record_auction(alice, &auction("alice_req", &camp, ids))
            .await
            .unwrap();

        let id = ids[0];
        for (method, path, body) in [
            ("GET", format!("/api/rtb/targets/{id}"), None),
            (
                "PUT",
                format!("/api/rtb/targets/{id}"),
                Some(json!({"name": "Mine"})),
            ),
            (
                "PATCH",
                format!("/api/rtb/targets/{id}"),
                Some(json!({"status": "inactive"})),
            ),
            ("DELETE", format!("/api/rtb/targets/{id}"), None),
            ("GET", format!("/api/rtb/campaigns/{camp}/targets"), None),
            (
                "PUT",
                format!("/api/rtb/campaigns/{camp}/targets"),
                Some(json!([])),
            ),
            (
                "DELETE",
                format!("/api/rtb/campaigns/{camp}/targets/{id}"),
                None,
            ),
            ("GET", "/api/rtb/bid-requests/alice_req".to_string(), None),
            (
                "GET",
                "/api/rtb/bid-requests/alice_req/responses".to_string(),
                None,
            ),
        ] {
            let r = send(&bob_c, method, t.url(&path), body).await;
            assert_eq!(r.status(), StatusCode::NOT_FOUND, "{method} {path}");
        }
        // Bob cannot put Alice's target on his own campaign either.
        let r = send(
            &bob_c,
            "PUT",
            t.url(&format!("/api/rtb/campaigns/{bob_camp}/targets")),
            Some(json!([{"rtbTargetId": id}])),
        )
        .await;
        assert_invalid(r, "rtbTargetId").await;
        for path in [
            "/api/rtb/targets",
            "/api/rtb/bid-requests",
            &format!("/api/rtb/bid-requests?campaignId={camp}"),
        ] {
            let (items, total, _) = list(&t, &bob_c, path).await;
            assert_eq!((items.len(), total), (0, 0), "{path}");
        }
        let an = ok(bob_c.get(t.url("/api/rtb/analytics")).send().await.unwrap()).await;
        assert_eq!(an["summary"]["totalAuctions"], 0);
        assert_eq!(
            (an["rejectionReasons"].clone(), an["bidders"].clone()),
            (json!([]), json!([]))
        );

        // The store refuses to file an auction under the wrong account.
        let err = t
            .store
            .record_auction(bob, &auction("bob_req", &camp, ids))
            .await
            .unwrap_err();
        assert!(matches!(err, store::StoreError::NotFound), "{err:?}");
        let err = t
            .store
            .record_auction(bob, &auction("bob_req", &bob_camp, ids))
            .await
            .unwrap_err();
        assert!(matches!(err, store::StoreError::NotFound), "{err:?}");
        let bob_ids = [
            create(&t, &bob_c, spec_target("B1")).await,
            create(&t, &bob_c, spec_target("B2")).await,
            create(&t, &bob_c, spec_target("B3")).await,
        ];
        let err = t
            .store
            .record_auction(bob, &auction("alice_req", &bob_camp, bob_ids))
            .await
            .unwrap_err();
        assert!(matches!(err, store::StoreError::Conflict { .. }), "{err:?}");
        assert!(
            t.store
                .rtb_auction_targets(bob, &camp)
                .await
                .unwrap()
                .is_empty()
        );

        // Alice's data is untouched.
        let got = ok(alice_c
            .get(t.url(&format!("/api/rtb/targets/{id}")))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(
            (got["name"].as_str(), got["status"].as_str()),
            (Some("A1"), Some("active"))
        );
        let assigned = ok(alice_c
            .get(t.url(&format!("/api/rtb/campaigns/{camp}/targets")))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(assigned.as_array().unwrap().len(), 1);
        let (_, total, _) = list(&t, &alice_c, "/api/rtb/bid-requests").await;
        assert_eq!(total, 1);
        t.cleanup().await;
    }
);

conformance!(
    test_bidding_shows_the_request_response_and_parsed_bid,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        let fleet = devtools::mock::spawn_fleet(vec![
            devtools::mock::MockBidder::bid("12.50", 5),
            devtools::mock::MockBidder::Hung,
        ])
        .await
        .unwrap();
        let mut ids = vec![];
        for addr in &fleet {
            let r = c.post(t.url("/api/rtb/targets")).json(&json!({
            "name": format!("Bidder {addr}"), "endpointUrl": format!("http://{addr}/bid"), "timeoutMs": 300,
            "responseConfig": {"bidAmountPath": "bidAmount", "destinationNumberPath": "destinationNumber", "acceptancePath": "accepted"}
        })).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::CREATED);
            ids.push(r.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
        }
        let ok: Value = c
            .post(t.url(&format!("/api/rtb/targets/{}/test", ids[0])))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(ok["status"], "success", "{ok}");
        assert_eq!(ok["bidAmount"], "12.50");
        assert!(
            ok["request"].as_str().unwrap().contains("+12125550100"),
            "{ok}"
        );
        assert!(
            ok["response"].as_str().unwrap().contains("bidAmount"),
            "{ok}"
        );
        let hung: Value = c
            .post(t.url(&format!("/api/rtb/targets/{}/test", ids[1])))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(hung["status"], "timeout", "{hung}");
        let (m, _) = t.signed_in("mallory").await;
        let r = m
            .post(t.url(&format!("/api/rtb/targets/{}/test", ids[0])))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        t.cleanup().await;
    }
);

conformance!(
    private_bidder_addresses_are_refused_unless_allowed,
    api::Settings {
        rtb_allow_private_endpoints: false,
        ..common::settings()
    },
    |t| {
        let (c, _) = t.signed_in("alice").await;
        for url in [
            "http://127.0.0.1:9/bid",
            "http://169.254.169.254/latest",
            "http://10.0.0.5/bid",
            "http://[::1]/bid",
            "http://localhost/bid",
        ] {
            let r = c
                .post(t.url("/api/rtb/targets"))
                .json(&json!({"name": "Sneaky", "endpointUrl": url}))
                .send()
                .await
                .unwrap();
            let body =
                common::assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
            assert_eq!(body["error"]["details"]["field"], "endpointUrl", "{url}");
        }
        t.cleanup().await;
    }
);

conformance!(credential_custom_headers_are_write_only, |t| {
    let (c, alice) = t.signed_in("alice").await;
    let created = ok(c
        .post(t.url("/api/rtb/targets"))
        .json(&json!({
            "name": "Headers", "endpointUrl": "https://bidder.example/bid",
            "customHeaders": {"X-Api-Key": "supersecretvalue123", "X-Partner": "acme"}
        }))
        .send()
        .await
        .unwrap())
    .await;
    let id = created["id"].as_i64().unwrap();
    let got = ok(c
        .get(t.url(&format!("/api/rtb/targets/{id}")))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(got["customHeaders"]["X-Api-Key"], "••••e123", "{got}");
    assert_eq!(got["customHeaders"]["X-Partner"], "acme");
    let listed = c
        .get(t.url("/api/rtb/targets"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!listed.contains("supersecretvalue123"), "{listed}");
    // Sent back as shown (with another change): the secret is kept.
    let patch = json!({"name": "Headers 2", "customHeaders": got["customHeaders"]});
    let r = c
        .patch(t.url(&format!("/api/rtb/targets/{id}")))
        .json(&patch)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let stored = t.store.rtb_target(alice, id).await.unwrap();
    let headers: Value = serde_json::from_str(&stored.fields.custom_headers).unwrap();
    assert_eq!(headers["X-Api-Key"], "supersecretvalue123");
    t.cleanup().await;
});
