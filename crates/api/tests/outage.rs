//! A database outage loses no call and leaks no slot: calls answered
//! while PostgreSQL is unreachable, and the dial results and status
//! reports that follow them, go to the local spool and are written, in
//! order, once it answers again; a status report frees the buyer's slot
//! whatever becomes of its write.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::carrier::{TRACKING, campaign, carrier, incoming};
use common::proxy::Proxy;
use common::{TestApp, settings};
use reqwest::StatusCode;
use routing::{Scope, Window};
use serde_json::json;

const BUYER: &str = "+12125550102";

#[tokio::test]
async fn calls_during_an_outage_are_spooled_and_written_once_the_database_is_back() {
    let Some(pg) = common::postgres_url() else {
        return;
    };
    let proxy = Proxy::start("127.0.0.1:5432".parse().unwrap()).await;
    let through = pg.replacen("127.0.0.1:5432", &proxy.addr.to_string(), 1);
    assert_ne!(through, pg, "the test database is at 127.0.0.1:5432");
    let t = TestApp::start_postgres_at(&through, settings())
        .await
        .unwrap();
    let (c, alice) = t.signed_in("alice").await;
    campaign(
        &t,
        &c,
        &[("Three at a time", BUYER, None, 9, None, Some(3), "25.00")],
        json!({"minDurationSecs": 60}),
    )
    .await;

    proxy.block();
    for i in 0..24 {
        let sid = format!("CAout{i:02}");
        let twiml = incoming(&t, &sid, &format!("+1310555{i:04}"), TRACKING).await;
        assert!(
            twiml.contains(BUYER),
            "call {i}: routed from memory, the slot of every ended call free: {twiml}"
        );
        // The dial result of a call that is only in the spool still ends it.
        let (s, body) = carrier(
            &t,
            "/api/webhooks/twilio/dial",
            &[
                ("CallSid", sid.as_str()),
                ("DialCallStatus", "completed"),
                ("DialCallDuration", "90"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert!(body.contains("<Hangup/>"), "{body}");
        let (s, _) = carrier(
            &t,
            "/api/webhooks/twilio/status",
            &[
                ("CallSid", sid.as_str()),
                ("CallStatus", "completed"),
                ("CallDuration", "95"),
                ("Price", "-0.0100"),
            ],
        )
        .await;
        assert_eq!(s, StatusCode::OK);
    }
    let metrics = reqwest::get(t.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let depth = metrics
        .lines()
        .find(|l| l.starts_with("call_spool_depth"))
        .unwrap_or_else(|| panic!("the spool's depth is a metric: {metrics}"));
    assert!(!depth.ends_with(" 0"), "{depth}");

    proxy.restore();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let stored = t.store.count_calls(alice).await.unwrap_or(0);
        let done = t.store.call_state("CAout23").await.ok().flatten();
        if stored == 24 && done.is_some_and(|d| d.ended_at.is_some()) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the spool was not written: {stored} calls"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    for i in 0..24 {
        let sid = format!("CAout{i:02}");
        let call = t.store.call_state(&sid).await.unwrap().unwrap();
        assert_eq!(call.status, "completed", "{sid}");
        assert!(call.ended_at.is_some(), "{sid}");
        assert!(call.converted, "{sid}: 90 s of talk convert");
    }
    let dash =
        common::carrier::ok(c.get(t.url("/api/stats/dashboard")).send().await.unwrap()).await;
    assert_eq!(dash["totalCalls"], 24);
    let list = common::carrier::ok(c.get(t.url("/api/calls?limit=50")).send().await.unwrap()).await;
    let revenue: f64 = list["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["revenue"].as_str().unwrap().parse::<f64>().unwrap())
        .sum();
    assert_eq!(revenue, 24.0 * 25.0);
    let cost: f64 = list["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["cost"].as_str().unwrap().parse::<f64>().unwrap())
        .sum();
    assert!((cost - 0.24).abs() < 1e-9, "{cost}");
    // Every slot is free.
    let buyers = common::carrier::ok(c.get(t.url("/api/buyers")).send().await.unwrap()).await;
    let buyer = buyers[0]["id"].as_i64().unwrap();
    let live = t.state.live();
    assert_eq!(
        live.counters
            .count(&Scope::Buyer(domain::BuyerId(buyer)), Window::Concurrent),
        0
    );
    let metrics = reqwest::get(t.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.lines().any(|l| l == "call_spool_depth 0"),
        "{metrics}"
    );
    t.cleanup().await;
}

fn spooled_call(account: i64, sid: &str) -> store::calls::RoutedCall {
    store::calls::RoutedCall {
        account: domain::AccountId(account),
        call_sid: sid.into(),
        from_number: "+13105550100".into(),
        to_number: TRACKING.into(),
        disposition: "routed".into(),
        status: "ringing".into(),
        decision: "{}".into(),
        created_at: domain::now_ms(),
        caller_city: Some("Montr\u{e9}al \u{1F4DE}".into()),
        ..Default::default()
    }
}

conformance!(
    a_spool_left_by_a_killed_process_is_written_once_and_whole,
    |t| {
        use store::call_updates::CallUpdate;
        use store::calls::StatusUpdate;
        use store::spool::{Entry, FILE, Spool};
        let (_, alice) = t.signed_in("alice").await;
        let dir = std::env::temp_dir().join(format!("spool-{}", uuid::Uuid::new_v4()));
        {
            let spool = Spool::open(&dir).unwrap();
            spool
                .append(&[
                    Entry::Call(Box::new(spooled_call(alice.0, "CAsp1"))),
                    Entry::Change(CallUpdate::Status {
                        sid: "CAsp1".into(),
                        update: StatusUpdate {
                            status: "completed".into(),
                            duration_secs: Some(42),
                            ended: true,
                            ..Default::default()
                        },
                    }),
                ])
                .await
                .unwrap();
            spool
                .append(&[Entry::Call(Box::new(spooled_call(alice.0, "CAsp2")))])
                .await
                .unwrap();
            // Dropped without replaying: the process is gone.
        }
        // A crash in the middle of an append leaves half a line.
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(dir.join(FILE))
            .unwrap();
        f.write_all(b"{\"Call\":{\"account\":").unwrap();
        drop(f);
        let spool = Spool::open(&dir).unwrap();
        assert_eq!(spool.depth(), 3);
        let seen = spool.state("CAsp1").unwrap();
        assert_eq!(
            (seen.status.as_str(), seen.ended_at.is_some()),
            ("completed", true)
        );
        let mut conn = t.store.writer_connection();
        assert!(spool.replay(&mut conn).await, "everything written");
        assert_eq!(spool.depth(), 0);
        assert!(!dir.join(FILE).exists());
        let one = t.store.call_state("CAsp1").await.unwrap().unwrap();
        assert_eq!(one.status, "completed");
        assert!(one.ended_at.is_some());
        assert!(t.store.call_state("CAsp2").await.unwrap().is_some());
        assert_eq!(t.store.count_calls(alice).await.unwrap(), 2);
        // Replaying the same entries again (a crash before the file was cut)
        // changes nothing.
        let again = Spool::open(&dir).unwrap();
        again
            .append(&[
                Entry::Call(Box::new(spooled_call(alice.0, "CAsp1"))),
                Entry::Change(CallUpdate::Status {
                    sid: "CAsp1".into(),
                    update: StatusUpdate {
                        status: "failed".into(),
                        ended: true,
                        ..Default::default()
                    },
                }),
            ])
            .await
            .unwrap();
        assert!(again.replay(&mut conn).await);
        assert_eq!(t.store.count_calls(alice).await.unwrap(), 2);
        let one = t.store.call_state("CAsp1").await.unwrap().unwrap();
        assert_eq!(one.status, "completed", "the first final status stays");
        let page = store::Page {
            limit: 10,
            offset: 0,
            sort: "createdAt",
            descending: true,
            search: None,
        };
        let (rows, _) = t
            .store
            .list_calls(alice, &store::call_reports::CallFilter::default(), &page)
            .await
            .unwrap();
        assert!(
            rows.iter()
                .all(|r| r.caller_city.as_deref() == Some("Montr\u{e9}al \u{1F4DE}"))
        );
        let _ = std::fs::remove_dir_all(&dir);
        t.cleanup().await;
    }
);
