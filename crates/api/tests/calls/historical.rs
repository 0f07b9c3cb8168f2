//! Historical statistics in the user's time zone, across a DST change.

use jiff::civil::Date;
use reqwest::StatusCode;
use serde_json::json;

use crate::common::assert_error;
use crate::common::carrier::ok;
use crate::conformance;
use crate::seed::*;

/// The most recent day before yesterday that is not 24 hours long.
fn last_dst_change(tz: &jiff::tz::TimeZone, today: Date) -> Date {
    let mut day = today.yesterday().unwrap().yesterday().unwrap();
    loop {
        let start = day.to_zoned(tz.clone()).unwrap().timestamp();
        let end = day
            .tomorrow()
            .unwrap()
            .to_zoned(tz.clone())
            .unwrap()
            .timestamp();
        if end.as_millisecond() - start.as_millisecond() != DAY {
            return day;
        }
        day = day.yesterday().unwrap();
    }
}

conformance!(historical_days_follow_the_users_time_zone_across_dst, |t| {
    let (c, alice) = t.signed_in("alice").await;
    let (_, bob) = t.signed_in("bob").await;
    t.store
        .set_user_time_zone(alice, "America/New_York")
        .await
        .unwrap();
    let tz = jiff::tz::TimeZone::get("America/New_York").unwrap();
    let today = jiff::Timestamp::now().to_zoned(tz.clone()).date();
    // 2026-11-01 (25 hours) when this was written.
    let change = last_dst_change(&tz, today);
    let at = |day: Date, h: i8, m: i8, later: bool| {
        let amb = tz.to_ambiguous_zoned(day.at(h, m, 0, 0));
        let z = if later { amb.later() } else { amb.earlier() };
        z.unwrap().timestamp().as_millisecond()
    };
    let (before, after) = (change.yesterday().unwrap(), change.tomorrow().unwrap());
    let health = new_campaign(&t, alice, "Health").await;
    let auto = new_campaign(&t, alice, "Auto").await;
    #[rustfmt::skip]
    let rows = [
        ("CAh1", at(before, 23, 30, false), &health, "completed", 10_0000, 100),
        ("CAh2", at(change, 0, 30, false), &health, "completed", 20_0000, 200),
        ("CAh3", at(change, 1, 30, false), &auto, "failed", 0, 0),
        ("CAh4", at(change, 1, 30, true), &auto, "completed", 5_0000, 60),
        // 23:30 on the long day: a fixed-offset grouping would file it a day late.
        ("CAh5", at(change, 23, 30, false), &health, "busy", 0, 0),
        ("CAh6", at(after, 0, 30, false), &auto, "completed", 7_5000, 90),
    ];
    for (sid, when, campaign, status, revenue_e4, duration) in rows {
        seed(
            &t,
            alice,
            Seed {
                sid,
                from: "+13105550100",
                campaign: Some(campaign.as_str()),
                status,
                revenue_e4,
                duration,
                at: when,
                ..Seed::default()
            },
        )
        .await;
    }
    seed(
        &t,
        bob,
        Seed {
            sid: "CAbobh",
            from: "+13105550100",
            status: "completed",
            at: at(change, 12, 0, false),
            ..Seed::default()
        },
    )
    .await;

    let days = (today - change).get_days() as i64 + 3;
    let h = ok(c
        .get(t.url(&format!("/api/stats/historical?days={days}")))
        .send()
        .await
        .unwrap())
    .await;
    let by_day = h["callsByDay"].as_array().unwrap();
    assert_eq!(by_day.len() as i64, days, "every day present");
    assert_eq!(
        by_day[0]["date"],
        change.yesterday().unwrap().yesterday().unwrap().to_string()
    );
    assert_eq!(by_day[by_day.len() - 1]["date"], today.to_string());
    let day = |d: Date| {
        by_day
            .iter()
            .find(|e| e["date"] == d.to_string())
            .unwrap()
            .clone()
    };
    assert_eq!(
        day(before.yesterday().unwrap()),
        json!({"date": before.yesterday().unwrap().to_string(), "calls": 0, "revenue": "0.00"})
    );
    assert_eq!(
        day(before),
        json!({"date": before.to_string(), "calls": 1, "revenue": "10.00"})
    );
    assert_eq!(
        day(change),
        json!({"date": change.to_string(), "calls": 4, "revenue": "25.00"})
    );
    assert_eq!(
        day(after),
        json!({"date": after.to_string(), "calls": 1, "revenue": "7.50"})
    );
    assert_eq!(
        by_day
            .iter()
            .map(|d| d["calls"].as_i64().unwrap())
            .sum::<i64>(),
        6
    );
    assert_eq!(h["totalCalls"], 6);
    assert_eq!(h["successRate"], 66.7);
    assert_eq!(h["totalRevenue"], "42.50");
    assert_eq!(
        h["averageDuration"], 113,
        "(100+200+60+90)/4 completed calls"
    );
    assert_eq!(h["activeCampaigns"], 2);
    let top = h["topCampaigns"].as_array().unwrap();
    assert_eq!(top.len(), 2);
    assert_eq!(
        top[0],
        json!({"campaignId": health, "name": "Health", "calls": 3, "revenue": "30.00"})
    );
    assert_eq!(top[1]["revenue"], "12.50");

    let default = ok(c.get(t.url("/api/stats/historical")).send().await.unwrap()).await;
    assert_eq!(default["callsByDay"].as_array().unwrap().len(), 30);
    for q in ["days=0", "days=367"] {
        assert_invalid(&t, &c, &format!("/api/stats/historical?{q}"), "days").await;
    }
    let r = c
        .get(t.url("/api/stats/historical?days=abc"))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::BAD_REQUEST, "BAD_REQUEST").await;
    t.cleanup().await;
});
