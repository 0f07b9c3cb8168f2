//! The call list: filters, sorts, paging, search; and tenancy.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::assert_error;
use crate::common::carrier::ok;
use crate::conformance;
use crate::seed::*;

conformance!(the_list_filters_sorts_pages_and_searches, |t| {
    let (c, alice) = t.signed_in("alice").await;
    let (_, bob) = t.signed_in("bob").await;
    let (a, x, _) = eight_calls(&t, alice, bob).await;

    let all = calls(&t, &c, "").await;
    assert_eq!(all["total"], 8);
    assert_eq!(all["hasMore"], false);
    assert_eq!(sids(&all)[0], "CAlist08", "newest first");
    assert_eq!(sids(&all)[7], "CAlist01");
    let first = &all["calls"][7];
    for (k, v) in [
        ("campaignName", json!("Health")),
        ("buyerName", json!("Xavier")),
        ("fromNumber", json!("+13105550101")),
        ("toNumber", json!("+18005550100")),
        ("dialedNumber", json!("+12125550111")),
        ("callerCity", json!("NEW YORK")),
        ("status", json!("completed")),
        ("disposition", json!("routed")),
        ("duration", json!(130)),
        ("converted", json!(true)),
        ("isDuplicate", json!(false)),
        ("cost", json!("0.0085")),
        ("payout", json!("0.00")),
        ("revenue", json!("25.00")),
        ("profit", json!("24.9915")),
        ("createdAt", json!("2026-06-01T12:00:00Z")),
        ("campaignId", json!(a)),
        ("buyerId", json!(x)),
    ] {
        assert_eq!(first[k], v, "{k} in {first}");
    }

    // Pages of 3: totals on every page, hasMore until the last, no overlap.
    let mut seen = vec![];
    for (offset, more) in [(0, true), (3, true), (6, false)] {
        let page = calls(&t, &c, &format!("limit=3&offset={offset}")).await;
        assert_eq!(
            (page["total"].clone(), page["hasMore"].clone()),
            (json!(8), json!(more))
        );
        seen.extend(sids(&page).into_iter().map(String::from));
    }
    assert_eq!(seen, sids(&all));

    let count = |q: String| {
        let (t, c) = (&t, &c);
        async move { calls(t, c, &q).await["total"].as_i64().unwrap() }
    };
    assert_eq!(count(format!("campaignId={a}")).await, 4);
    assert_eq!(count(format!("buyerId={x}")).await, 3);
    assert_eq!(count("status=completed".into()).await, 3);
    assert_eq!(count("status=no_route".into()).await, 2);
    assert_eq!(count("status=no-answer".into()).await, 1);
    assert_eq!(count("callerState=ny".into()).await, 3);
    assert_eq!(count("callerCity=austin".into()).await, 2);
    assert_eq!(count("minRevenue=10".into()).await, 3);
    assert_eq!(count("maxRevenue=9.99".into()).await, 5);
    assert_eq!(count("minRevenue=10.00&maxRevenue=30".into()).await, 2);
    // Ranges that contain nothing find nothing (they are not errors).
    assert_eq!(count("minRevenue=5&maxRevenue=1".into()).await, 0);
    assert_eq!(count("from=2026-06-03&to=2026-06-02".into()).await, 0);
    assert_eq!(count("from=2026-06-02&to=2026-06-03".into()).await, 2);
    assert_eq!(count("from=2026-06-07".into()).await, 2);
    assert_eq!(count("to=2026-06-01".into()).await, 1);
    assert_eq!(
        count(format!("campaignId={a}&status=completed&callerState=NY")).await,
        2
    );
    // Search: digits of a number in any format, or a CallSid prefix.
    assert_eq!(count("search=(310)%20555-01".into()).await, 3);
    assert_eq!(
        count("search=%2B1%20212-555-0122".into()).await,
        3,
        "dialled number"
    );
    assert_eq!(count("search=800%20555".into()).await, 8, "tracking number");
    assert_eq!(count("search=CAfind".into()).await, 1);
    assert_eq!(count("search=cafind7".into()).await, 1);
    assert_eq!(
        count("search=CAbob".into()).await,
        0,
        "another tenant's call"
    );
    let found = calls(&t, &c, "search=CAfind&status=failed").await;
    assert_eq!(sids(&found), ["CAfind77"]);

    let by_duration = calls(&t, &c, "sort=duration").await;
    let d: Vec<(i64, i64)> = by_duration["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["duration"].as_i64().unwrap(), c["id"].as_i64().unwrap()))
        .collect();
    assert!(
        d.windows(2).all(|w| w[0] <= w[1]),
        "ascending, ties by time then id: {d:?}"
    );
    assert_eq!(sids(&by_duration)[7], "CAlist04");
    let by_revenue = calls(&t, &c, "sort=revenue&order=desc&limit=3").await;
    assert_eq!(sids(&by_revenue), ["CAlist04", "CAlist01", "CAlist02"]);
    let oldest = calls(&t, &c, "sort=createdAt&order=asc&limit=1").await;
    assert_eq!(sids(&oldest), ["CAlist01"]);
    let by_status = calls(&t, &c, "sort=status").await;
    let statuses: Vec<&str> = by_status["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        &statuses[..4],
        ["busy", "completed", "completed", "completed"]
    );

    for (query, field) in [
        ("status=done", "status"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("offset=-1", "offset"),
        ("sort=cost", "sort"),
        ("order=up", "order"),
        ("from=2026-02-30", "from"),
        ("minRevenue=abc", "minRevenue"),
        ("buyerId=x", "buyerId"),
        ("search=hello", "search"),
    ] {
        assert_invalid(&t, &c, &format!("/api/calls?{query}"), field).await;
    }
    // A whole CallSid, pasted in any case, is found by its unique index.
    let sid = "CA0123456789abcdef0123456789abcdef";
    seed(
        &t,
        alice,
        Seed {
            sid,
            from: "+13105550199",
            status: "completed",
            at: T0,
            ..Seed::default()
        },
    )
    .await;
    let found = calls(&t, &c, "search=ca0123456789ABCDEF0123456789ABCDEF").await;
    assert_eq!(sids(&found), [sid]);
    assert_eq!(
        count("search=CA0123456789abcdef0123456789abcdeF0".into()).await,
        0
    );

    let r = c.get(t.url("/api/calls?limit=abc")).send().await.unwrap();
    assert_error(r, StatusCode::BAD_REQUEST, "BAD_REQUEST").await;
    let r = t.client().get(t.url("/api/calls")).send().await.unwrap();
    assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
    t.cleanup().await;
});

conformance!(a_second_account_never_sees_the_first_accounts_calls, |t| {
    let (alice_c, alice) = t.signed_in("alice").await;
    let (bob_c, bob) = t.signed_in("bob").await;
    let (a, x, bob_call) = eight_calls(&t, alice, bob).await;
    let now = domain::now_ms();
    seed(
        &t,
        alice,
        Seed {
            sid: "CAalicenow",
            from: "+13105550109",
            status: "completed",
            revenue_e4: 3_0000,
            duration: 70,
            at: now,
            ..Seed::default()
        },
    )
    .await;
    seed(
        &t,
        bob,
        Seed {
            sid: "CAbobnow",
            from: "+13105550101",
            status: "completed",
            revenue_e4: 9_0000,
            duration: 70,
            at: now,
            ..Seed::default()
        },
    )
    .await;
    let mine = calls(&t, &bob_c, "").await;
    assert_eq!(
        (mine["total"].clone(), sids(&mine)),
        (json!(2), vec!["CAbobnow", "CAbob0001"])
    );
    for q in [
        format!("campaignId={a}"),
        format!("buyerId={x}"),
        "search=CAlist".into(),
        "search=3105550109".into(),
        "status=busy".into(),
    ] {
        let r = calls(&t, &bob_c, &q).await;
        assert_eq!(
            (r["total"].clone(), r["calls"].clone()),
            (json!(0), json!([])),
            "{q}"
        );
    }
    let alices = calls(&t, &alice_c, "").await;
    assert_eq!(alices["total"], 9);
    assert!(!sids(&alices).iter().any(|s| s.starts_with("CAbob")));
    let alice_id = alices["calls"][0]["id"].as_i64().unwrap();
    for (client, id) in [(&bob_c, alice_id), (&alice_c, bob_call)] {
        let r = client
            .get(t.url(&format!("/api/calls/{id}")))
            .send()
            .await
            .unwrap();
        assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    }
    let csv = bob_c
        .get(t.url("/api/calls/export.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 3, "header and Bob's two calls: {csv}");
    assert!(csv.contains("CAbob0001") && !csv.contains("CAlist") && !csv.contains("CAalice"));
    for (client, revenue, active) in [(&bob_c, "9.00", 1), (&alice_c, "3.00", 2)] {
        let h = ok(client
            .get(t.url("/api/stats/historical?days=1"))
            .send()
            .await
            .unwrap())
        .await;
        assert_eq!(h["totalCalls"], 1, "{h}");
        assert_eq!(
            (h["totalRevenue"].clone(), h["activeCampaigns"].clone()),
            (json!(revenue), json!(active))
        );
        assert_eq!(h["callsByDay"][0]["calls"], 1);
        assert_eq!(h["topCampaigns"], json!([]));
    }
    t.cleanup().await;
});
