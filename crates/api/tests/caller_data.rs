//! Caller data as the carrier sends it, kept byte for byte: signed voice
//! webhooks with cities, states and zips in every case and script, read
//! back through the call list, the call detail and the CSV and Excel
//! exports; and random strings driven through the call writer itself.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::carrier::{TRACKING, campaign, carrier, ok};
use domain::now_ms;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use reqwest::StatusCode;
use serde_json::{Value, json};
use store::calls::RoutedCall;

/// (city, state, zip) as sent, one call each.
fn places() -> Vec<(String, String, String)> {
    let longest: String = "\u{e9}".repeat(telephony::webhook::MAX_VALUE_CHARS);
    let emoji: String = "\u{1F4DE}".repeat(telephony::webhook::MAX_VALUE_CHARS);
    vec![
        ("Chicago".into(), "Il".into(), "60601".into()),
        ("nEw YoRk".into(), "ny".into(), "10001".into()),
        (
            "Montr\u{e9}al".into(),
            "Qu\u{e9}bec".into(),
            "H2X 1Y4".into(),
        ),
        (
            "\u{6771}\u{4EAC}\u{90FD}".into(),
            "\u{6771}\u{4EAC}".into(),
            "100-0001".into(),
        ),
        (
            "Stra\u{df}e \u{1F3D9}\u{FE0F}".into(),
            "\u{1F600}".into(),
            "\u{1F4EE}".into(),
        ),
        ("".into(), "".into(), "".into()),
        (longest.clone(), longest, emoji),
        (
            "S\u{e3}o Paulo \"quoted\", comma".into(),
            "SP".into(),
            "01000-000".into(),
        ),
    ]
}

async fn call(t: &common::TestApp, sid: &str, city: &str, state: &str, zip: &str) {
    let (status, body) = carrier(
        t,
        "/api/webhooks/twilio",
        &[
            ("CallSid", sid),
            ("AccountSid", "AC123"),
            ("From", "+13105550100"),
            ("To", TRACKING),
            ("CallStatus", "ringing"),
            ("FromCity", city),
            ("FromState", state),
            ("FromZip", zip),
            ("FromCountry", "US"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("<Dial"), "{body}");
}

fn sent(v: &str) -> Value {
    if v.is_empty() { Value::Null } else { json!(v) }
}

conformance!(caller_places_survive_byte_for_byte_to_every_read, |t| {
    let (c, _) = t.signed_in("alice").await;
    campaign(
        &t,
        &c,
        &[("Top", "+12125550102", None, 9, None, None, "25.00")],
        json!({}),
    )
    .await;
    let places = places();
    for (i, (city, state, zip)) in places.iter().enumerate() {
        call(&t, &format!("CAplace{i:02}"), city, state, zip).await;
    }
    let list = ok(c.get(t.url("/api/calls?limit=50")).send().await.unwrap()).await;
    let rows = list["calls"].as_array().unwrap();
    assert_eq!(rows.len(), places.len());
    for (i, (city, state, _)) in places.iter().enumerate() {
        let sid = format!("CAplace{i:02}");
        let row = rows.iter().find(|r| r["callSid"] == sid.as_str()).unwrap();
        assert_eq!(row["callerCity"], sent(city), "{sid}");
        assert_eq!(row["callerState"], sent(state), "{sid}");
        let id = row["id"].as_i64().unwrap();
        let detail = ok(c
            .get(t.url(&format!("/api/calls/{id}")))
            .send()
            .await
            .unwrap())
        .await;
        let text = detail.to_string();
        if !city.is_empty() {
            assert!(
                text.contains(&json!(city).to_string()),
                "{sid}: {text:.300}"
            );
        }
    }
    // A filter finds a city whatever case it is typed in.
    let found = ok(c
        .get(t.url("/api/calls?callerCity=CHICAGO"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(found["calls"].as_array().unwrap().len(), 1);
    assert_eq!(found["calls"][0]["callerCity"], "Chicago");

    // CSV: parsed back, every value as sent.
    let csv = c
        .get(t.url("/api/calls/export.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (sid_col, city_col, state_col) = (col("callSid"), col("callerCity"), col("callerState"));
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), places.len());
    for (i, (city, state, _)) in places.iter().enumerate() {
        let sid = format!("CAplace{i:02}");
        let r = records
            .iter()
            .find(|r| &r[sid_col] == sid.as_str())
            .unwrap();
        assert_eq!(&r[city_col], city.as_str(), "{sid}");
        assert_eq!(&r[state_col], state.as_str(), "{sid}");
    }

    // Excel: the same.
    let xlsx = c
        .get(t.url("/api/calls/export.xlsx"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.to_vec())).unwrap();
    let sheet = book.worksheet_range("Calls").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let at = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let (sid_col, city_col) = (at("CallSid"), at("City"));
    for (i, (city, _, _)) in places.iter().enumerate() {
        let sid = format!("CAplace{i:02}");
        let r = rows.iter().find(|r| r[sid_col] == sid).unwrap();
        assert_eq!(&r[city_col], city, "{sid}");
    }
    t.cleanup().await;
});

conformance!(
    control_characters_are_dropped_and_the_call_is_recorded,
    |t| {
        let (c, _) = t.signed_in("alice").await;
        campaign(
            &t,
            &c,
            &[("Top", "+12125550102", None, 9, None, None, "25.00")],
            json!({}),
        )
        .await;
        let (status, body) = carrier(
            &t,
            "/api/webhooks/twilio",
            &[
                ("CallSid", "CAnul\u{0}"),
                ("AccountSid", "AC123"),
                ("From", "+1310\u{0}5550100"),
                ("To", TRACKING),
                ("CallStatus", "ringing"),
                ("FromCity", "Chi\u{0}cago\u{1b}[31m"),
                ("FromState", "I\u{0}L"),
                ("CallerName", "A\u{0}B"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("<Dial"), "{body}");
        let stored = t
            .store
            .call_state("CAnul")
            .await
            .unwrap()
            .expect("recorded");
        assert_eq!(stored.status, "ringing");
        let list = ok(c.get(t.url("/api/calls")).send().await.unwrap()).await;
        assert_eq!(list["calls"][0]["callerCity"], "Chicago[31m");
        assert_eq!(list["calls"][0]["callerState"], "IL");
        assert_eq!(list["calls"][0]["fromNumber"], "+13105550100");
        // A status callback whose CallSid carries a NUL finds the same call.
        let (status, _) = carrier(
            &t,
            "/api/webhooks/twilio/status",
            &[
                ("CallSid", "CA\u{0}nul"),
                ("CallStatus", "completed"),
                ("CallDuration", "12"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let stored = t.store.call_state("CAnul").await.unwrap().unwrap();
        assert_eq!(stored.status, "completed");
        t.cleanup().await;
    }
);

conformance!(random_strings_go_through_the_writer_unchanged, |t| {
    let (_, alice) = t.signed_in("alice").await;
    let mut writer = t.store.writer_connection();
    // Any text without control characters (what the webhooks let in), up
    // to the longest value kept.
    let text = proptest::string::string_regex("\\PC{0,512}").unwrap();
    let mut runner = TestRunner::deterministic();
    let mut calls = Vec::new();
    for i in 0..200 {
        let mut value = || text.new_tree(&mut runner).unwrap().current();
        calls.push(RoutedCall {
            account: alice,
            call_sid: format!("CAprop{i:04}").into(),
            from_number: value(),
            to_number: value(),
            disposition: "no_route".into(),
            status: "no_route".into(),
            caller_city: Some(value()),
            caller_state: Some(value()),
            caller_zip: Some(value()),
            caller_country: Some(value()),
            decision: "{}".into(),
            created_at: now_ms(),
            ended_at: Some(now_ms()),
            ..Default::default()
        });
    }
    for batch in calls.chunks(37) {
        let refs: Vec<&RoutedCall> = batch.iter().collect();
        let ids = writer.insert_routed_calls(&refs).await.unwrap();
        assert!(ids.iter().all(Option::is_some));
    }
    let page = store::Page {
        limit: 500,
        offset: 0,
        sort: "createdAt",
        descending: true,
        search: None,
    };
    let (rows, total) = t
        .store
        .list_calls(alice, &store::call_reports::CallFilter::default(), &page)
        .await
        .unwrap();
    assert_eq!(total, 200);
    for c in &calls {
        let row = rows
            .iter()
            .find(|r| c.call_sid == r.call_sid.as_str())
            .unwrap();
        assert_eq!(row.from_number, c.from_number, "{}", c.call_sid);
        assert_eq!(row.to_number, c.to_number, "{}", c.call_sid);
        assert_eq!(row.caller_city, c.caller_city, "{}", c.call_sid);
        assert_eq!(row.caller_state, c.caller_state, "{}", c.call_sid);
    }
    t.cleanup().await;
});
