//! A restart forgets nothing routing depends on: the live counters are
//! rebuilt from the stored calls before the first webhook is answered
//! (caps in every window, concurrent slots of calls still open, duplicate
//! callers, the round-robin cursor).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::carrier::{TRACKING, campaign, carrier, incoming, ok, signed_call};
use reqwest::StatusCode;
use serde_json::json;

const TOP: &str = "+12125550102";
const OTHER: &str = "+12125550103";

async fn completed(t: &common::TestApp, sid: &str) {
    let (s, _) = carrier(
        t,
        "/api/webhooks/twilio/status",
        &[
            ("CallSid", sid),
            ("CallStatus", "completed"),
            ("CallDuration", "30"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
}

conformance!(an_hourly_cap_holds_across_a_restart, |t| {
    let (c, _) = t.signed_in("alice").await;
    campaign(
        &t,
        &c,
        &[("Top", TOP, None, 9, None, None, "25.00")],
        json!({"hourlyCap": 5}),
    )
    .await;
    for i in 0..3 {
        let sid = format!("CAhour{i}");
        let twiml = incoming(&t, &sid, &format!("+1310555010{i}"), TRACKING).await;
        assert!(twiml.contains(TOP), "{twiml}");
        completed(&t, &sid).await;
    }
    let t = t.restart(common::settings()).await;
    let mut routed = 0;
    for i in 3..10 {
        let twiml = incoming(
            &t,
            &format!("CAhour{i}"),
            &format!("+1310555010{i}"),
            TRACKING,
        )
        .await;
        routed += usize::from(twiml.contains(TOP));
    }
    assert_eq!(
        routed, 2,
        "5 calls in the hour, 3 of them before the restart"
    );
    t.cleanup().await;
});

conformance!(
    open_calls_keep_their_concurrent_slots_across_a_restart,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        campaign(
            &t,
            &c,
            &[("Three", TOP, None, 9, None, Some(3), "25.00")],
            json!({}),
        )
        .await;
        for i in 0..3 {
            let twiml = incoming(
                &t,
                &format!("CAopen{i}"),
                &format!("+1310555020{i}"),
                TRACKING,
            )
            .await;
            assert!(twiml.contains(TOP), "{twiml}");
        }
        let t = t.restart(common::settings()).await;
        let twiml = incoming(&t, "CAopen3", "+13105550203", TRACKING).await;
        assert!(
            !twiml.contains(TOP),
            "three calls still hold the three slots: {twiml}"
        );
        // One of them ends: its slot is free again.
        completed(&t, "CAopen1").await;
        let twiml = incoming(&t, "CAopen4", "+13105550204", TRACKING).await;
        assert!(twiml.contains(TOP), "{twiml}");
        let twiml = incoming(&t, "CAopen5", "+13105550205", TRACKING).await;
        assert!(!twiml.contains(TOP), "{twiml}");
        t.cleanup().await;
    }
);

conformance!(a_duplicate_caller_is_still_one_after_a_restart, |t| {
    let (c, _) = t.signed_in("alice").await;
    campaign(
        &t,
        &c,
        &[("Top", TOP, None, 9, None, None, "25.00")],
        json!({"duplicateCallerWindowSecs": 3600, "duplicateCallerAction": "reject"}),
    )
    .await;
    let twiml = incoming(&t, "CAdup1", "+13105550300", TRACKING).await;
    assert!(twiml.contains(TOP), "{twiml}");
    completed(&t, "CAdup1").await;
    let t = t.restart(common::settings()).await;
    let twiml = incoming(&t, "CAdup2", "+13105550300", TRACKING).await;
    assert!(
        twiml.contains("<Reject"),
        "rejected, not routed and paid: {twiml}"
    );
    let stored = t.store.call_state("CAdup2").await.unwrap().unwrap();
    assert_eq!(stored.disposition, "rejected");
    // Another caller is not a duplicate.
    let twiml = incoming(&t, "CAdup3", "+13105550301", TRACKING).await;
    assert!(twiml.contains(TOP), "{twiml}");
    t.cleanup().await;
});

conformance!(round_robin_resumes_its_turn_after_a_restart, |t| {
    let (c, _) = t.signed_in("alice").await;
    campaign(
        &t,
        &c,
        &[
            ("A", TOP, None, 5, None, None, "25.00"),
            ("B", OTHER, None, 5, None, None, "25.00"),
        ],
        json!({"callRoutingStrategy": "round_robin"}),
    )
    .await;
    let mut order = Vec::new();
    for i in 0..3 {
        let twiml = incoming(
            &t,
            &format!("CArr{i}"),
            &format!("+1310555040{i}"),
            TRACKING,
        )
        .await;
        order.push(twiml.contains(TOP));
    }
    assert_eq!(order, [order[0], !order[0], order[0]], "alternates");
    let t = t.restart(common::settings()).await;
    let twiml = incoming(&t, "CArr3", "+13105550403", TRACKING).await;
    assert_eq!(twiml.contains(TOP), !order[2], "the next in turn: {twiml}");
    // The test panel names the buyer live routing would ring next.
    let list = ok(c.get(t.url("/api/calls?limit=1")).send().await.unwrap()).await;
    assert_eq!(list["calls"].as_array().unwrap().len(), 1);
    t.cleanup().await;
});

conformance!(
    two_hundred_concurrent_calls_after_a_restart_respect_the_caps,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        campaign(
            &t,
            &c,
            &[("Daily50", TOP, None, 9, Some(50), None, "25.00")],
            json!({}),
        )
        .await;
        for i in 0..30 {
            let sid = format!("CAbefore{i:03}");
            let twiml = incoming(&t, &sid, &format!("+1310555{i:04}"), TRACKING).await;
            assert!(twiml.contains(TOP), "{twiml}");
            completed(&t, &sid).await;
        }
        let t = t.restart(common::settings()).await;
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..200 {
            tasks.spawn(signed_call(
                t.base.clone(),
                format!("CAafter{i:04}"),
                format!("+1646555{i:04}"),
            ));
        }
        let answers = tasks.join_all().await;
        let routed = answers.iter().filter(|a| a.contains(TOP)).count();
        assert_eq!(routed, 20, "50 a day, 30 of them before the restart");
        t.cleanup().await;
    }
);
