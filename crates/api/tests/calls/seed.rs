//! Calls written straight into the store, and small request helpers.

use domain::Money;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use store::AccountId;
use store::buyers::BuyerFields;
use store::calls::{RoutedCall, StatusUpdate};
use store::campaigns::CampaignFields;

use crate::common::carrier::ok;
use crate::common::{TestApp, assert_error};

/// 2026-06-01T12:00:00Z.
pub const T0: i64 = 1_780_315_200_000;
pub const DAY: i64 = 86_400_000;

/// One call to write straight into the store.
#[derive(Clone, Copy, Default)]
pub struct Seed<'a> {
    pub sid: &'a str,
    pub from: &'a str,
    pub campaign: Option<&'a str>,
    pub buyer: Option<i64>,
    pub dialed: Option<&'a str>,
    pub status: &'a str,
    pub city: &'a str,
    pub state: &'a str,
    pub revenue_e4: i64,
    pub duration: i64,
    pub at: i64,
}

/// Record a call as the webhooks would: routed, then its final status
/// (cost 0.0085), then talk time that converts it when it has revenue.
pub async fn seed(t: &TestApp, account: AccountId, s: Seed<'_>) -> i64 {
    let text = |v: &str| Some(v.to_string()).filter(|v| !v.is_empty());
    let routed = s.status != "no_route";
    let id = t
        .store
        .insert_routed_call(&RoutedCall {
            account,
            call_sid: s.sid.into(),
            from_number: s.from.into(),
            to_number: "+18005550100".into(),
            campaign_id: s.campaign.map(Into::into),
            buyer_id: s.buyer.map(domain::BuyerId),
            dialed_number: s.dialed.map(Into::into),
            disposition: if routed { "routed" } else { "no_route" }.into(),
            status: if routed { "ringing" } else { "no_route" }.into(),
            payable: true,
            buyer_payout_e4: s.revenue_e4,
            caller_city: text(s.city),
            caller_state: text(s.state),
            created_at: s.at,
            ..RoutedCall::default()
        })
        .await
        .unwrap();
    let update = StatusUpdate {
        status: s.status.into(),
        duration_secs: Some(s.duration),
        cost: Some(Money(85)),
        ended: true,
        ..StatusUpdate::default()
    };
    t.store.apply_call_status(s.sid, &update).await.unwrap();
    if s.revenue_e4 > 0 {
        t.store.record_talk_time(s.sid, s.duration).await.unwrap();
    }
    id.into()
}

pub async fn new_campaign(t: &TestApp, account: AccountId, name: &str) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    let fields = CampaignFields {
        status: "active".into(),
        ..CampaignFields::new(name, "direct")
    };
    t.store
        .create_campaign(account, &id, &fields)
        .await
        .unwrap();
    id
}

pub async fn new_buyer(t: &TestApp, account: AccountId, name: &str, phone: &str) -> i64 {
    let b = BuyerFields {
        name: name.into(),
        company: Some(format!("{name} Inc")),
        email: None,
        phone: phone.into(),
        backup_phone: None,
        priority: 5,
        status: "active".into(),
        max_concurrent_calls: None,
        hourly_cap: None,
        daily_cap: None,
        monthly_cap: None,
        time_zone: "UTC".into(),
        schedule: r#"{"enabled":false,"hours":{},"holidays":[],"breaks":[]}"#.into(),
        payout_e4: 0,
    };
    t.store.create_buyer(account, &b).await.unwrap().id
}

/// GET a list and return it.
pub async fn calls(t: &TestApp, c: &Client, query: &str) -> Value {
    ok(c.get(t.url(&format!("/api/calls?{query}")))
        .send()
        .await
        .unwrap())
    .await
}

pub fn sids(page: &Value) -> Vec<&str> {
    page["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["callSid"].as_str().unwrap())
        .collect()
}

pub async fn assert_invalid(t: &TestApp, c: &Client, path: &str, field: &str) {
    let r = c.get(t.url(path)).send().await.unwrap();
    let body = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    assert_eq!(body["error"]["details"]["field"], field, "{path}: {body}");
}

/// Alice's eight calls over seven days and Bob's one; returns Alice's
/// campaign A and buyer X ids, and Bob's call id.
pub async fn eight_calls(t: &TestApp, alice: AccountId, bob: AccountId) -> (String, i64, i64) {
    let a = new_campaign(t, alice, "Health").await;
    let b = new_campaign(t, alice, "Auto").await;
    let x = new_buyer(t, alice, "Xavier", "+12125550111").await;
    let y = new_buyer(t, alice, "Yolanda", "+12125550122").await;
    let (dx, dy) = (Some("+12125550111"), Some("+12125550122"));
    #[rustfmt::skip]
    let rows = [
        ("CAlist01", "+13105550101", Some(&a), Some(x), dx, "completed", "NEW YORK", "NY", 25_0000, 130, T0),
        ("CAlist02", "+13105550102", Some(&a), Some(x), dx, "completed", "BROOKLYN", "NY", 10_0000, 95, T0 + DAY),
        ("CAlist03", "+13105550103", Some(&a), Some(y), dy, "busy", "AUSTIN", "TX", 0, 0, T0 + 2 * DAY),
        ("CAlist04", "+14155550104", Some(&b), Some(y), dy, "completed", "Austin", "TX", 40_0000, 300, T0 + 3 * DAY),
        ("CAlist05", "+14155550105", Some(&b), None, None, "no_route", "DALLAS", "TX", 0, 0, T0 + 4 * DAY),
        ("CAlist06", "+14155550106", Some(&b), Some(x), dx, "no-answer", "", "", 0, 0, T0 + 5 * DAY),
        ("CAfind77", "+16465550107", Some(&a), Some(y), dy, "failed", "NEW YORK", "NY", 0, 10, T0 + 6 * DAY),
        ("CAlist08", "+16465550108", None, None, None, "no_route", "", "", 0, 0, T0 + 6 * DAY + 3_600_000),
    ];
    for (sid, from, campaign, buyer, dialed, status, city, state, revenue_e4, duration, at) in rows
    {
        let s = Seed {
            sid,
            from,
            campaign: campaign.map(String::as_str),
            buyer,
            dialed,
            status,
            city,
            state,
            revenue_e4,
            duration,
            at,
        };
        seed(t, alice, s).await;
    }
    let theirs = new_campaign(t, bob, "Bob's").await;
    let bob_call = seed(
        t,
        bob,
        Seed {
            sid: "CAbob0001",
            from: "+13105550101",
            campaign: Some(theirs.as_str()),
            status: "completed",
            revenue_e4: 9_0000,
            duration: 70,
            at: T0,
            ..Seed::default()
        },
    )
    .await;
    (a, x, bob_call)
}
