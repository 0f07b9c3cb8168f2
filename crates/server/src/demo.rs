//! The demo account (`sumit` / `demo123`) and its data, created on first
//! start when demo mode is on: 10 buyers with varied schedules and caps, 40
//! tracking numbers, 2 pools, 5 campaigns across the three routing types, and
//! 5 RTB bidders on the RTB campaign: they live on loopback, where
//! `callcenter mock-bidders --count 5` answers (with
//! `CALLCENTER_RTB_ALLOW_PRIVATE_ENDPOINTS=true`; without them the auctions
//! record connection errors and the campaign's buyer takes the call).
//! Nothing is created again once the account exists.

use anyhow::anyhow;
use domain::AccountId;
use domain::number_import::number_input;
use serde_json::json;
use store::Store;
use store::buyers::BuyerFields;
use store::campaign_buyers::CampaignBuyerTerms;
use store::campaigns::CampaignFields;
use store::pools::PoolFields;
use store::rtb_targets::{RtbAssignment, RtbTargetFields, TargetAuth};

pub const DEMO_USERNAME: &str = "sumit";
pub const DEMO_PASSWORD: &str = "demo123";
const DEMO_EMAIL: &str = "sumit@example.com";

/// Create the demo user and its data if the user does not exist yet.
/// Never resets a password.
pub async fn ensure(store: &Store) -> anyhow::Result<()> {
    if store.user_by_username(DEMO_USERNAME).await?.is_some() {
        return Ok(());
    }
    let hash = domain::password::hash(DEMO_PASSWORD).map_err(|e| anyhow!("{e}"))?;
    let user = match store
        .create_user(DEMO_USERNAME, Some(DEMO_EMAIL), &hash)
        .await
    {
        Ok(user) => user,
        // Another node created it at the same moment; it seeds the data.
        Err(store::StoreError::Conflict { .. }) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    seed(store, user.account()).await?;
    tracing::info!(
        user_id = user.id,
        "created demo account {DEMO_USERNAME} with demo data"
    );
    Ok(())
}

/// (name, company, phone, backup, priority, concurrent, hourly, daily, monthly, zone, schedule, payout)
type DemoBuyer = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    &'static str,
    &'static str,
    i64,
);

const BUYERS: [DemoBuyer; 10] = [
    (
        "Premium Buyer",
        "Health Solutions Inc",
        "+12125550101",
        Some("+12125550111"),
        8,
        Some(5),
        Some(20),
        Some(100),
        Some(2000),
        "America/New_York",
        "weekdays",
        45_0000,
    ),
    (
        "Medicare Direct Line",
        "Senior Care Partners",
        "+13055550102",
        None,
        7,
        Some(3),
        Some(15),
        Some(60),
        None,
        "America/New_York",
        "extended",
        38_0000,
    ),
    (
        "Coast Health Agency",
        "Coast Health LLC",
        "+13105550103",
        None,
        6,
        Some(4),
        None,
        Some(80),
        Some(1500),
        "America/Los_Angeles",
        "weekdays",
        32_0000,
    ),
    (
        "AutoShield Sales",
        "AutoShield Insurance",
        "+13125550104",
        Some("+13125550114"),
        9,
        Some(10),
        Some(40),
        Some(200),
        None,
        "America/Chicago",
        "lunch",
        28_0000,
    ),
    (
        "DriveSafe Quotes",
        "DriveSafe Group",
        "+14155550105",
        None,
        5,
        Some(2),
        Some(10),
        Some(40),
        Some(800),
        "America/Los_Angeles",
        "always",
        22_5000,
    ),
    (
        "Night Owl Health",
        "24/7 Benefits Co",
        "+17025550106",
        None,
        4,
        Some(6),
        None,
        None,
        None,
        "America/Denver",
        "always",
        18_0000,
    ),
    (
        "Weekend Coverage Team",
        "Benefit Hotline",
        "+16025550107",
        None,
        3,
        Some(2),
        Some(8),
        Some(30),
        None,
        "America/Phoenix",
        "weekends",
        20_0000,
    ),
    (
        "HomeGuard Agents",
        "HomeGuard Mutual",
        "+12145550108",
        None,
        7,
        Some(5),
        Some(25),
        Some(120),
        None,
        "America/Chicago",
        "weekdays",
        35_0000,
    ),
    (
        "Property Plus",
        "Property Plus Insurance",
        "+14045550109",
        Some("+14045550119"),
        6,
        Some(3),
        None,
        Some(50),
        Some(1000),
        "America/New_York",
        "extended",
        30_0000,
    ),
    (
        "Final Expense Partners",
        "Legacy Life",
        "+16175550110",
        None,
        5,
        Some(4),
        Some(12),
        Some(60),
        None,
        "America/New_York",
        "weekdays",
        50_0000,
    ),
];

/// (name, company, contact, priority, concurrent, hourly, daily, min bid, max bid)
type DemoBidder = (
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
);

/// Bidder `i` is `http://127.0.0.1:{7000 + i}/bid`: the default ports of
/// `callcenter mock-bidders`.
const BIDDERS: [DemoBidder; 5] = [
    (
        "Demo Bidder A",
        "Apex Lead Exchange",
        "+12125550121",
        9,
        10,
        60,
        500,
        5_0000,
        80_0000,
    ),
    (
        "Demo Bidder B",
        "BlueRiver Media",
        "+13125550122",
        8,
        8,
        50,
        400,
        8_0000,
        60_0000,
    ),
    (
        "Demo Bidder C",
        "Cardinal Call Partners",
        "+14045550123",
        7,
        6,
        40,
        300,
        10_0000,
        50_0000,
    ),
    (
        "Demo Bidder D",
        "Delta Insurance Leads",
        "+16175550124",
        6,
        5,
        30,
        250,
        12_0000,
        45_0000,
    ),
    (
        "Demo Bidder E",
        "Evergreen Senior Marketing",
        "+17025550125",
        5,
        4,
        25,
        200,
        5_0000,
        40_0000,
    ),
];

/// The first port of the demo bidders (`callcenter mock-bidders`' default).
const BIDDER_PORT: u16 = 7000;

fn schedule(kind: &str) -> serde_json::Value {
    let window = |start: &str, end: &str| json!([{ "start": start, "end": end }]);
    let days = |days: &[&str], w: serde_json::Value| {
        serde_json::Value::Object(days.iter().map(|d| (d.to_string(), w.clone())).collect())
    };
    let weekdays = ["mon", "tue", "wed", "thu", "fri"];
    match kind {
        "weekdays" => json!({"enabled": true, "hours": days(&weekdays, window("09:00", "17:00")),
                             "holidays": ["2026-12-25", "2027-01-01"], "breaks": []}),
        "extended" => {
            json!({"enabled": true, "hours": days(&["mon", "tue", "wed", "thu", "fri", "sat"], window("08:00", "20:00")),
                             "holidays": ["2026-12-25"], "breaks": []})
        }
        "lunch" => {
            json!({"enabled": true, "hours": days(&weekdays, window("08:00", "18:00")), "holidays": [],
                          "breaks": [{"days": weekdays, "start": "12:00", "end": "13:00"}]})
        }
        "weekends" => {
            json!({"enabled": true, "hours": days(&["sat", "sun"], window("10:00", "18:00")),
                             "holidays": [], "breaks": []})
        }
        _ => json!({"enabled": false, "hours": {}, "holidays": [], "breaks": []}),
    }
}

async fn seed(store: &Store, account: AccountId) -> anyhow::Result<()> {
    let mut buyers = Vec::new();
    for (
        name,
        company,
        phone,
        backup,
        priority,
        concurrent,
        hourly,
        daily,
        monthly,
        zone,
        hours,
        payout,
    ) in BUYERS
    {
        let fields = BuyerFields {
            name: name.into(),
            company: Some(company.into()),
            email: Some(format!(
                "{}@example.com",
                name.to_lowercase().replace(' ', ".")
            )),
            phone: phone.into(),
            backup_phone: backup.map(Into::into),
            priority,
            status: "active".into(),
            max_concurrent_calls: concurrent,
            hourly_cap: hourly,
            daily_cap: daily,
            monthly_cap: monthly,
            time_zone: zone.into(),
            schedule: schedule(hours).to_string(),
            payout_e4: payout,
        };
        buyers.push(store.create_buyer(account, &fields).await?.id);
    }

    let mut numbers = Vec::new();
    for i in 0..40 {
        let input = number_input(
            &format!("+1856281{:04}", 3800 + i),
            Some(&format!("Tracking {}", i + 1)),
            Some("local"),
            Some("US"),
            "US",
        )
        .map_err(|e| anyhow!("demo number: {e:?}"))?;
        numbers.push(store.create_number(account, &input, "active").await?.id);
    }
    let pool = |name: &str, description: &str| PoolFields {
        name: name.into(),
        description: Some(description.into()),
        country: "US".into(),
        status: "active".into(),
    };
    let health = store
        .create_pool(account, &pool("Health Pool", "Healthcare campaign numbers"))
        .await?
        .id;
    let home = store
        .create_pool(
            account,
            &pool("Insurance Pool", "Home and auto insurance numbers"),
        )
        .await?
        .id;
    store
        .add_numbers_to_pool(account, health, &numbers[10..25], &[])
        .await
        .map_err(|e| anyhow!("{e}"))?;
    store
        .add_numbers_to_pool(account, home, &numbers[25..40], &[])
        .await
        .map_err(|e| anyhow!("{e}"))?;

    let terms = |buyer: i64, priority: i64, weight: i64| CampaignBuyerTerms {
        buyer_id: buyer,
        priority,
        weight,
        max_concurrent_calls: None,
        hourly_cap: None,
        daily_cap: None,
        monthly_cap: None,
        status: "active".into(),
    };
    let campaign = |name: &str, kind: &str, description: &str| CampaignFields {
        description: Some(description.into()),
        time_zone: "America/New_York".into(),
        fallback_message: Some(
            "All of our agents are busy right now. Please call again later.".into(),
        ),
        ..CampaignFields::new(name, kind)
    };

    // Direct campaigns: one number each, then activated.
    let medicare = new_id();
    store
        .create_campaign(
            account,
            &medicare,
            &CampaignFields {
                max_concurrent_calls: Some(10),
                call_cap: Some(300),
                duplicate_caller_window_secs: 86_400,
                min_duration_secs: 90,
                ..campaign(
                    "Medicare Direct",
                    "direct",
                    "Medicare Advantage inbound leads",
                )
            },
        )
        .await?;
    store
        .assign_number_to_campaign(account, numbers[0], &medicare)
        .await
        .map_err(|e| anyhow!("{e:?}"))?;
    store
        .set_campaign_buyers(
            account,
            &medicare,
            &[
                terms(buyers[0], 9, 1),
                terms(buyers[1], 7, 1),
                terms(buyers[2], 5, 1),
            ],
        )
        .await?;

    let auto = new_id();
    store
        .create_campaign(
            account,
            &auto,
            &CampaignFields {
                call_routing_strategy: "weighted".into(),
                hourly_cap: Some(60),
                call_cap: Some(400),
                min_duration_secs: 60,
                time_zone: "America/Chicago".into(),
                ..campaign(
                    "Auto Insurance Direct",
                    "direct",
                    "Auto insurance quotes, split by weight",
                )
            },
        )
        .await?;
    store
        .assign_number_to_campaign(account, numbers[1], &auto)
        .await
        .map_err(|e| anyhow!("{e:?}"))?;
    store
        .set_campaign_buyers(
            account,
            &auto,
            &[terms(buyers[3], 8, 70), terms(buyers[4], 8, 30)],
        )
        .await?;

    // Pool campaigns: numbers allocated from their pools.
    let health_campaign = new_id();
    store
        .create_campaign(
            account,
            &health_campaign,
            &CampaignFields {
                pool_id: Some(health),
                call_routing_strategy: "round_robin".into(),
                max_concurrent_calls: Some(15),
                ..campaign(
                    "Health Pool Campaign",
                    "pool",
                    "Under-65 health plans from search ads",
                )
            },
        )
        .await?;
    store
        .allocate_pool_numbers(account, health, &health_campaign, 8)
        .await
        .map_err(|e| anyhow!("{e:?}"))?;
    store
        .set_campaign_buyers(
            account,
            &health_campaign,
            &[
                terms(buyers[1], 6, 1),
                terms(buyers[5], 6, 1),
                terms(buyers[6], 4, 1),
            ],
        )
        .await?;

    let home_campaign = new_id();
    store
        .create_campaign(
            account,
            &home_campaign,
            &CampaignFields {
                pool_id: Some(home),
                pool_strategy: "priority".into(),
                status: "paused".into(),
                ..campaign(
                    "Home Insurance Pool",
                    "pool",
                    "Homeowners insurance, paused for the season",
                )
            },
        )
        .await?;
    store
        .allocate_pool_numbers(account, home, &home_campaign, 5)
        .await
        .map_err(|e| anyhow!("{e:?}"))?;
    store
        .set_campaign_buyers(
            account,
            &home_campaign,
            &[terms(buyers[7], 8, 1), terms(buyers[8], 6, 1)],
        )
        .await?;

    // RTB: five bidders on loopback, a tracking number, and the buyer as
    // the fallback when nobody wins.
    let rtb = new_id();
    store
        .create_campaign(
            account,
            &rtb,
            &CampaignFields {
                rtb_auction_timeout_ms: 1500,
                rtb_min_bid_e4: 12_0000,
                rtb_fallback: "buyers".into(),
                ..campaign(
                    "Final Expense RTB",
                    "rtb",
                    "Final expense calls sold by auction",
                )
            },
        )
        .await?;
    store
        .set_campaign_buyers(account, &rtb, &[terms(buyers[9], 5, 1)])
        .await?;
    store
        .assign_number_to_campaign(account, numbers[2], &rtb)
        .await
        .map_err(|e| anyhow!("{e:?}"))?;
    let mut assignments = Vec::new();
    for (i, bidder) in BIDDERS.iter().enumerate() {
        let id = store
            .create_rtb_target(account, &bidder_fields(i, bidder))
            .await?;
        assignments.push(RtbAssignment {
            rtb_target_id: id,
            priority: bidder.3,
            enabled: true,
        });
    }
    store
        .set_campaign_rtb_targets(account, &rtb, &assignments)
        .await?;

    // Two campaigns that run call flows: an IVR intake, and a split test
    // of two greetings.
    let flow = |name: &str, description: &str, graph: serde_json::Value| {
        (
            store::call_flows::CallFlowFields {
                name: name.into(),
                description: Some(description.into()),
                draft: graph.to_string(),
            },
            graph.to_string(),
        )
    };
    let mut flow_campaigns = Vec::new();
    for (i, (fields, graph), campaign_fields, buyer_terms) in [
        (
            3,
            flow(
                "Medicare intake",
                "Business hours, language, zip code and state before the buyers",
                crate::demo_flows::intake(),
            ),
            CampaignFields {
                min_duration_secs: 90,
                ..campaign(
                    "Medicare IVR",
                    "direct",
                    "Medicare leads qualified by an IVR",
                )
            },
            vec![terms(buyers[0], 9, 1), terms(buyers[1], 7, 1)],
        ),
        (
            4,
            flow(
                "Auto greeting test",
                "A split test of a short and a long greeting, with a tracking pixel",
                crate::demo_flows::greeting_test(),
            ),
            CampaignFields {
                min_duration_secs: 60,
                ..campaign(
                    "Auto Greeting Test",
                    "direct",
                    "Auto insurance calls greeted by a split test",
                )
            },
            vec![terms(buyers[3], 8, 1), terms(buyers[4], 8, 1)],
        ),
    ] {
        let flow_id = store.create_call_flow(account, &fields).await?.id;
        store
            .publish_call_flow(account, flow_id, &graph, Some("Demo flow"))
            .await?;
        let id = new_id();
        store
            .create_campaign(
                account,
                &id,
                &CampaignFields {
                    call_flow_id: Some(flow_id),
                    ..campaign_fields
                },
            )
            .await?;
        store
            .assign_number_to_campaign(account, numbers[i], &id)
            .await
            .map_err(|e| anyhow!("{e:?}"))?;
        store
            .set_campaign_buyers(account, &id, &buyer_terms)
            .await?;
        flow_campaigns.push(id);
    }

    for id in [&medicare, &auto, &health_campaign, &rtb]
        .into_iter()
        .chain(flow_campaigns.iter())
    {
        let mut fields = store.campaign(account, id).await?.fields;
        fields.status = "active".into();
        store.update_campaign(account, id, &fields).await?;
    }
    Ok(())
}

/// Demo bidder `i`: JSON over POST to its mock bidder, which answers
/// `{"accepted": …, "bidAmount": …, "destinationNumber": …, "currency": …}`.
fn bidder_fields(i: usize, b: &DemoBidder) -> RtbTargetFields {
    let &(name, company, phone, _, concurrent, hourly, daily, min_bid, max_bid) = b;
    let port = usize::from(BIDDER_PORT) + i;
    RtbTargetFields {
        name: name.into(),
        company: Some(company.into()),
        contact_email: Some(format!(
            "bids@{}.example.com",
            company.to_lowercase().replace(' ', "")
        )),
        contact_phone: Some(phone.into()),
        endpoint_url: format!("http://127.0.0.1:{port}/bid"),
        request_method: "POST".into(),
        content_type: "json".into(),
        auth: TargetAuth {
            kind: "none".into(),
            ..TargetAuth::default()
        },
        custom_headers: "{}".into(),
        request_template: rtb::template::EXAMPLE_JSON_TEMPLATE.into(),
        bid_amount_path: "bidAmount".into(),
        destination_path: "destinationNumber".into(),
        acceptance_path: Some("accepted".into()),
        currency_path: Some("currency".into()),
        timeout_ms: 1000,
        max_concurrent_calls: Some(concurrent),
        hourly_cap: Some(hourly),
        daily_cap: Some(daily),
        min_bid_e4: min_bid,
        max_bid_e4: max_bid,
        currency: "USD".into(),
        status: "active".into(),
    }
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
