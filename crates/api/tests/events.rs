//! Live updates: a signed-in client hears about its own calls as they
//! happen, and never about another account's.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::carrier::{TRACKING, campaign, carrier, incoming};
use serde_json::json;

async fn next_chunk(r: &mut reqwest::Response, wait: Duration) -> Option<String> {
    match tokio::time::timeout(wait, r.chunk()).await {
        Ok(Ok(Some(bytes))) => Some(String::from_utf8_lossy(&bytes).to_string()),
        _ => None,
    }
}

conformance!(calls_stream_to_their_own_account_only, |t| {
    let (alice, _) = t.signed_in("alice").await;
    let (bob, _) = t.signed_in("bob").await;
    campaign(
        &t,
        &alice,
        &[("Top", "+12125550102", None, 9, None, None, "25.00")],
        json!({}),
    )
    .await;
    let mut mine = alice.get(t.url("/api/events")).send().await.unwrap();
    assert_eq!(mine.headers()["content-type"], "text/event-stream");
    let mut theirs = bob.get(t.url("/api/events")).send().await.unwrap();

    incoming(&t, "CAlive1", "+13105550100", TRACKING).await;
    let created = next_chunk(&mut mine, Duration::from_secs(5))
        .await
        .expect("an event");
    assert!(
        created.contains("event: call")
            && created.contains("CAlive1")
            && created.contains("call.created"),
        "{created}"
    );
    carrier(
        &t,
        "/api/webhooks/twilio/status",
        &[
            ("CallSid", "CAlive1"),
            ("CallStatus", "completed"),
            ("CallDuration", "30"),
        ],
    )
    .await;
    let updated = next_chunk(&mut mine, Duration::from_secs(5))
        .await
        .expect("an update");
    assert!(
        updated.contains("call.updated") && updated.contains("completed"),
        "{updated}"
    );

    assert_eq!(
        next_chunk(&mut theirs, Duration::from_millis(500)).await,
        None,
        "bob hears nothing of alice's calls"
    );
    let anonymous = reqwest::get(t.url("/api/events")).await.unwrap();
    assert_eq!(anonymous.status(), 401);
    t.cleanup().await;
});
