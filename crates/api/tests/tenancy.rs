//! Tenancy: one account never sees another's data. Each new resource adds
//! its ids to these checks.

mod common;

use domain::{Money, now_ms};
use reqwest::StatusCode;
use serde_json::Value;
use store::calls::NewCall;
use store::campaigns::CampaignFields;

fn active(name: &str, kind: &str) -> CampaignFields {
    CampaignFields {
        status: "active".into(),
        ..CampaignFields::new(name, kind)
    }
}

conformance!(the_dashboard_counts_only_the_callers_own_data, |t| {
    let (alice, _) = t.signed_in("alice").await;
    let (bob, bob_account) = t.signed_in("bob").await;
    let campaign = uuid::Uuid::new_v4().to_string();
    t.store
        .create_campaign(bob_account, &campaign, &active("Bob's campaign", "direct"))
        .await
        .unwrap();
    for (i, status) in ["completed", "completed", "failed"].iter().enumerate() {
        let sid = format!("CA{}{i}", uuid::Uuid::new_v4().simple());
        t.store
            .record_call(
                bob_account,
                &NewCall {
                    campaign_id: Some(&campaign),
                    call_sid: &sid,
                    from_number: "+12125550100",
                    to_number: "+18005550199",
                    status,
                    duration_secs: 90,
                    revenue: Money(12_5000),
                    created_at: now_ms(),
                },
            )
            .await
            .unwrap();
    }

    let mine: Value = bob
        .get(t.url("/api/stats/dashboard"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine["activeCampaigns"], 1);
    assert_eq!(mine["totalCalls"], 3);
    assert_eq!(mine["successRate"], 66.7);
    assert_eq!(mine["totalRevenue"], "37.50");
    assert_eq!(mine["recentCalls"].as_array().unwrap().len(), 3);
    assert_eq!(mine["recentCalls"][0]["revenue"], "12.50");

    let theirs: Value = alice
        .get(t.url("/api/stats/dashboard"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["activeCampaigns"], 0);
    assert_eq!(theirs["totalCalls"], 0);
    assert_eq!(theirs["totalRevenue"], "0.00");
    assert_eq!(theirs["recentCalls"], serde_json::json!([]));
    t.cleanup().await;
});

conformance!(a_call_cannot_be_filed_under_another_tenants_campaign, |t| {
    let alice = t.user("alice", "correct horse").await;
    let bob = t.user("bob", "correct horse").await;
    let campaign = uuid::Uuid::new_v4().to_string();
    t.store
        .create_campaign(bob, &campaign, &active("Bob's", "pool"))
        .await
        .unwrap();
    let err = t
        .store
        .record_call(
            alice,
            &NewCall {
                campaign_id: Some(&campaign),
                call_sid: "CAx",
                from_number: "+1",
                to_number: "+2",
                status: "completed",
                duration_secs: 1,
                revenue: Money(0),
                created_at: now_ms(),
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, store::StoreError::NotFound), "{err:?}");
    let me: Value = t
        .client()
        .get(t.url("/api/auth/user"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["error"]["code"], "UNAUTHORIZED");
    let _ = StatusCode::OK;
    t.cleanup().await;
});

conformance!(a_session_only_ever_reveals_its_own_user, |t| {
    let (alice, _) = t.signed_in("alice").await;
    let (bob, _) = t.signed_in("bob").await;
    let a: Value = alice
        .get(t.url("/api/auth/user"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let b: Value = bob
        .get(t.url("/api/auth/user"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(a["username"], "alice");
    assert_eq!(b["username"], "bob");
    assert_ne!(a["id"], b["id"]);
    t.cleanup().await;
});
