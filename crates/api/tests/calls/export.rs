//! The CSV export, parsed back.

use reqwest::StatusCode;
use serde_json::Value;

use crate::conformance;
use crate::seed::*;

conformance!(the_export_streams_every_matching_call_as_csv, |t| {
    let (c, alice) = t.signed_in("alice").await;
    let (_, bob) = t.signed_in("bob").await;
    eight_calls(&t, alice, bob).await;
    seed(
        &t,
        alice,
        Seed {
            sid: "CAquote",
            from: "Smith, \"Bob\" <1005>",
            status: "completed",
            city: "NEW YORK",
            at: T0 + 7 * DAY,
            ..Seed::default()
        },
    )
    .await;
    seed(
        &t,
        alice,
        Seed {
            sid: "CAformula",
            from: "=1+2",
            status: "failed",
            at: T0 + 7 * DAY + 1,
            ..Seed::default()
        },
    )
    .await;
    for i in 0..600 {
        let sid = format!("CAbulk{i:04}");
        seed(
            &t,
            alice,
            Seed {
                sid: &sid,
                from: "+13125550000",
                status: "busy",
                at: T0 - DAY - i,
                ..Seed::default()
            },
        )
        .await;
    }

    let r = c.get(t.url("/api/calls/export.csv")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    assert_eq!(
        r.headers()["content-disposition"],
        format!("attachment; filename=\"calls-{today}.csv\"")
    );
    let text = r.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[..3], ["id", "callSid", "createdAt"]);
    assert_eq!(header.len(), 34);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 610, "every call, no paging");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][col("callSid")], "CAformula", "newest first");
    assert_eq!(
        &rows[0][col("fromNumber")],
        "'=1+2",
        "formulas are neutralised"
    );
    assert_eq!(
        &rows[1][col("fromNumber")],
        "Smith, \"Bob\" <1005>",
        "a comma and a quote survive"
    );
    assert_eq!(&rows[1][col("callerCity")], "NEW YORK");
    assert_eq!(&rows[609][col("callSid")], "CAbulk0599");
    let list = calls(&t, &c, "limit=3&offset=2").await;
    for (i, call) in list["calls"].as_array().unwrap().iter().enumerate() {
        let row = &rows[i + 2];
        for name in [
            "id",
            "callSid",
            "createdAt",
            "campaignName",
            "buyerName",
            "fromNumber",
            "status",
            "revenue",
            "cost",
            "profit",
        ] {
            let expected = match &call[name] {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                v => v.to_string(),
            };
            assert_eq!(row[col(name)], expected, "{name} of row {i}");
        }
    }

    let filtered = c
        .get(t.url("/api/calls/export.csv?status=completed&callerState=NY&sort=revenue&order=asc"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let sids: Vec<String> = csv::Reader::from_reader(filtered.as_bytes())
        .records()
        .map(|r| r.unwrap()[1].to_string())
        .collect();
    assert_eq!(sids, ["CAlist02", "CAlist01"]);
    assert_invalid(&t, &c, "/api/calls/export.csv?status=done", "status").await;

    // Clients that leave after the first chunk: their queries stop and give
    // their connections back (more abandoned exports than the pool holds).
    for _ in 0..20 {
        let mut r = c.get(t.url("/api/calls/export.csv")).send().await.unwrap();
        assert!(r.chunk().await.unwrap().is_some());
    }
    let after =
        tokio::time::timeout(std::time::Duration::from_secs(10), calls(&t, &c, "limit=1")).await;
    assert_eq!(after.unwrap()["total"], 610);
    t.cleanup().await;
});
