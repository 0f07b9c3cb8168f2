//! Reports: the builder's sums against known calls, days and hours in the
//! user's time zone, validation, saved and scheduled reports e-mailed to a
//! fake SMTP server (with retries), every export opened by a reader, the
//! activity feed, and tenancy throughout.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::carrier::ok;
use crate::common::smtp::FakeSmtp;
use crate::common::{TestApp, assert_error, settings};
use crate::conformance;
use crate::seed::*;

fn spec(dimensions: Value, metrics: Value) -> Value {
    json!({
        "dimensions": dimensions,
        "metrics": metrics,
        "range": "custom",
        "from": "2026-06-01",
        "to": "2026-06-07",
    })
}

async fn report(t: &TestApp, c: &reqwest::Client, body: &Value) -> Value {
    ok(c.post(t.url("/api/reports/run"))
        .json(body)
        .send()
        .await
        .unwrap())
    .await
}

async fn bytes(
    t: &TestApp,
    c: &reqwest::Client,
    path: &str,
    body: Option<&Value>,
) -> (String, Vec<u8>) {
    let r = match body {
        Some(b) => c.post(t.url(path)).json(b).send().await.unwrap(),
        None => c.get(t.url(path)).send().await.unwrap(),
    };
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    let ct = r.headers()["content-type"].to_str().unwrap().to_string();
    (ct, r.bytes().await.unwrap().to_vec())
}

conformance!(reports_sum_by_campaign_and_day_for_one_tenant, |t| {
    let (c, alice) = t.signed_in("alice").await;
    let (bob_client, bob) = t.signed_in("bob").await;
    let (a, x, _) = eight_calls(&t, alice, bob).await;

    let r = report(
        &t,
        &c,
        &spec(
            json!(["campaign"]),
            json!(["calls", "converted", "revenue", "conversionRate"]),
        ),
    )
    .await;
    let rows: Vec<(String, i64, i64, String)> = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let v = &row["values"];
            (
                row["labels"][0].as_str().unwrap().to_string(),
                v["calls"].as_i64().unwrap(),
                v["converted"].as_i64().unwrap(),
                v["revenue"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Health".to_string(), 4, 2, "35.00".to_string()),
            ("Auto".to_string(), 3, 1, "40.00".to_string()),
            ("No campaign".to_string(), 1, 0, "0.00".to_string()),
        ],
        "{r}"
    );
    assert_eq!(r["totals"]["calls"], 8);
    assert_eq!(r["totals"]["revenue"], "75.00");
    assert_eq!(r["totals"]["conversionRate"], 37.5);
    assert_eq!(
        (r["from"].as_str(), r["to"].as_str()),
        (Some("2026-06-01"), Some("2026-06-07"))
    );

    // By day: every day of the range, in order, zeros included.
    let r = report(&t, &c, &spec(json!(["day"]), json!(["calls"]))).await;
    let days: Vec<(&str, i64)> = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["labels"][0].as_str().unwrap(),
                row["values"]["calls"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(days.len(), 7);
    assert_eq!(days[0], ("2026-06-01", 1));
    assert_eq!(days[6], ("2026-06-07", 2));

    // Hours follow the user's zone: 12:00Z is 08:00 in New York (EDT).
    t.store
        .set_user_time_zone(alice, "America/New_York")
        .await
        .unwrap();
    let r = report(&t, &c, &spec(json!(["hour"]), json!(["calls"]))).await;
    let hours = r["rows"].as_array().unwrap();
    assert_eq!(hours.len(), 24);
    assert_eq!(hours[8]["labels"][0], "08:00");
    assert_eq!(hours[8]["values"]["calls"], 7, "{r}");
    t.store.set_user_time_zone(alice, "UTC").await.unwrap();

    // Two dimensions and filters.
    let mut s = spec(
        json!(["campaign", "buyer"]),
        json!(["calls", "averageDuration", "rpc"]),
    );
    s["filters"] = json!({"campaignId": a, "buyerId": x});
    let r = report(&t, &c, &s).await;
    assert_eq!(r["rows"].as_array().unwrap().len(), 1, "{r}");
    assert_eq!(r["rows"][0]["labels"], json!(["Health", "Xavier"]));
    assert_eq!(r["rows"][0]["values"]["calls"], 2);
    assert_eq!(r["rows"][0]["values"]["averageDuration"], 113);
    assert_eq!(r["rows"][0]["values"]["rpc"], "17.50");

    // Bob sees only his own call, and Alice's campaign filter finds nothing.
    let r = report(
        &t,
        &bob_client,
        &spec(json!([]), json!(["calls", "revenue"])),
    )
    .await;
    assert_eq!(r["totals"]["calls"], 1);
    assert_eq!(r["totals"]["revenue"], "9.00");
    let mut s = spec(json!(["campaign"]), json!(["calls"]));
    s["filters"] = json!({"campaignId": a});
    let r = report(&t, &bob_client, &s).await;
    assert_eq!(r["rows"], json!([]));
    assert_eq!(r["totals"]["calls"], 0);
});

conformance!(bad_specs_are_refused_naming_the_field, |t| {
    let (c, _) = t.signed_in("alice").await;
    let cases = [
        (
            spec(json!(["day", "hour", "campaign"]), json!(["calls"])),
            "dimensions",
        ),
        (spec(json!(["day", "day"]), json!(["calls"])), "dimensions"),
        (spec(json!(["day"]), json!([])), "metrics"),
        (
            json!({"metrics": ["calls"], "range": "custom", "to": "2026-06-01"}),
            "from",
        ),
        (
            json!({"metrics": ["calls"], "range": "custom", "from": "2026-06-02", "to": "2026-06-01"}),
            "to",
        ),
        (
            json!({"metrics": ["calls"], "range": "custom", "from": "2024-01-01", "to": "2026-06-01"}),
            "to",
        ),
        (
            json!({"metrics": ["calls"], "range": "custom", "from": "June", "to": "2026-06-01"}),
            "from",
        ),
        (
            json!({"metrics": ["calls"], "filters": {"status": "great"}}),
            "filters.status",
        ),
    ];
    for (body, field) in cases {
        let r = c
            .post(t.url("/api/reports/run"))
            .json(&body)
            .send()
            .await
            .unwrap();
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
        assert_eq!(e["error"]["details"]["field"], field, "{body}: {e}");
    }
    let r = c
        .post(t.url("/api/reports/run"))
        .json(&json!({"metrics": ["calls"], "dimensions": ["weather"]}))
        .send()
        .await
        .unwrap();
    assert!(
        r.status().is_client_error(),
        "an unknown dimension is refused"
    );
    let anonymous = t.client();
    let r = anonymous
        .post(t.url("/api/reports/run"))
        .json(&spec(json!([]), json!(["calls"])))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::UNAUTHORIZED, "UNAUTHORIZED").await;
});

conformance!(without_a_mail_server_reports_say_email_is_off, |t| {
    let (c, _) = t.signed_in("alice").await;
    let status = ok(c
        .get(t.url("/api/reports/email-status"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(status, json!({"configured": false, "from": null}));
    let anonymous = reqwest::Client::new()
        .get(t.url("/api/reports/email-status"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    t.cleanup().await;
});

conformance!(saved_reports_are_kept_scheduled_and_private, |t| {
    let (c, _) = t.signed_in("alice").await;
    let (bob_client, _) = t.signed_in("bob").await;
    let body = json!({
        "name": "Weekly by campaign",
        "spec": spec(json!(["campaign"]), json!(["calls", "revenue"])),
        "schedule": {"frequency": "weekly", "weekday": 1, "hour": 8,
                     "recipients": ["Ops@Example.com", "ops@example.com", "boss@example.com"]}
    });
    let r = c
        .post(t.url("/api/reports"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let saved: Value = r.json().await.unwrap();
    let id = saved["id"].as_i64().unwrap();
    assert_eq!(
        saved["schedule"]["recipients"],
        json!(["ops@example.com", "boss@example.com"])
    );
    assert!(
        saved["nextRunAt"].as_str().unwrap().ends_with("T08:00:00Z"),
        "{saved}"
    );
    assert_eq!(saved["spec"]["dimensions"], json!(["campaign"]));

    // Scheduled without recipients, or with a bad one: refused.
    for (schedule, field) in [
        (
            json!({"frequency": "daily", "recipients": []}),
            "schedule.recipients",
        ),
        (
            json!({"frequency": "daily", "recipients": ["not-an-address"]}),
            "schedule.recipients",
        ),
        (
            json!({"frequency": "weekly", "weekday": 8, "recipients": ["a@b.co"]}),
            "schedule.weekday",
        ),
        (
            json!({"frequency": "daily", "hour": 24, "recipients": ["a@b.co"]}),
            "schedule.hour",
        ),
    ] {
        let mut b = body.clone();
        b["schedule"] = schedule;
        let r = c
            .put(t.url(&format!("/api/reports/{id}")))
            .json(&b)
            .send()
            .await
            .unwrap();
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
        assert_eq!(e["error"]["details"]["field"], field);
    }
    let mut b = body.clone();
    b["spec"]["metrics"] = json!([]);
    let r = c.post(t.url("/api/reports")).json(&b).send().await.unwrap();
    let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    assert_eq!(e["error"]["details"]["field"], "spec.metrics");

    // Unscheduling clears the next run.
    let mut b = body.clone();
    b["name"] = json!("Ad hoc");
    b["schedule"] = json!({"frequency": "none"});
    let updated = ok(c
        .put(t.url(&format!("/api/reports/{id}")))
        .json(&b)
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(updated["name"], "Ad hoc");
    assert_eq!(updated["nextRunAt"], Value::Null);

    let list = ok(c.get(t.url("/api/reports")).send().await.unwrap()).await;
    assert_eq!(list["reports"].as_array().unwrap().len(), 1);
    let theirs = ok(bob_client.get(t.url("/api/reports")).send().await.unwrap()).await;
    assert_eq!(theirs["reports"], json!([]));
    for r in [
        bob_client
            .get(t.url(&format!("/api/reports/{id}")))
            .send()
            .await
            .unwrap(),
        bob_client
            .put(t.url(&format!("/api/reports/{id}")))
            .json(&body)
            .send()
            .await
            .unwrap(),
        bob_client
            .post(t.url(&format!("/api/reports/{id}/send")))
            .send()
            .await
            .unwrap(),
        bob_client
            .get(t.url(&format!("/api/reports/{id}/deliveries")))
            .send()
            .await
            .unwrap(),
        bob_client
            .get(t.url(&format!("/api/reports/{id}/export.csv")))
            .send()
            .await
            .unwrap(),
        bob_client
            .delete(t.url(&format!("/api/reports/{id}")))
            .send()
            .await
            .unwrap(),
    ] {
        assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    }
    let r = c
        .delete(t.url(&format!("/api/reports/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = c
        .get(t.url(&format!("/api/reports/{id}")))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::NOT_FOUND, "NOT_FOUND").await;
});

async fn deliveries(t: &TestApp, c: &reqwest::Client, id: i64) -> Vec<Value> {
    let d = ok(c
        .get(t.url(&format!("/api/reports/{id}/deliveries")))
        .send()
        .await
        .unwrap())
    .await;
    d["deliveries"].as_array().unwrap().clone()
}

/// Wait (at most 10 s) until the latest delivery's attempt number
/// `attempts` has ended (sent, failed, or failed with a retry due).
async fn attempted(t: &TestApp, c: &reqwest::Client, id: i64, attempts: i64) -> Value {
    for _ in 0..200 {
        let list = deliveries(t, c, id).await;
        if let Some(d) = list.first().filter(|d| {
            d["attempts"] == attempts && (d["status"] != "pending" || d["lastError"].is_string())
        }) {
            return d.clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!(
        "no delivery with {attempts} attempts: {:?}",
        deliveries(t, c, id).await
    );
}

fn report_body(recipients: Value, frequency: &str) -> Value {
    json!({
        "name": "Daily revenue",
        "spec": spec(json!(["campaign"]), json!(["calls", "revenue"])),
        "schedule": {"frequency": frequency, "hour": 7, "recipients": recipients}
    })
}

#[tokio::test]
async fn reports_are_emailed_with_attachments_and_retried() {
    let smtp = FakeSmtp::start().await;
    let mut s = settings();
    s.smtp = Some(api::reports::delivery::SmtpSettings {
        url: domain::Secret::new(smtp.url()),
        from: "reports@callcenter.test".into(),
    });
    let t = TestApp::start(crate::common::Backend::Sqlite, s)
        .await
        .unwrap();
    let (c, alice) = t.signed_in("alice").await;
    let (_, bob) = t.signed_in("bob").await;
    // The page can say up front whether e-mail works, and from whom.
    let status = ok(c
        .get(t.url("/api/reports/email-status"))
        .send()
        .await
        .unwrap())
    .await;
    assert_eq!(
        status,
        json!({"configured": true, "from": "reports@callcenter.test"})
    );
    eight_calls(&t, alice, bob).await;
    let saved = ok(c
        .post(t.url("/api/reports"))
        .json(&report_body(json!(["ops@example.com"]), "daily"))
        .send()
        .await
        .unwrap())
    .await;
    let id = saved["id"].as_i64().unwrap();

    // The first try is refused (451): pending, with the server's answer.
    smtp.refuse.store(1, std::sync::atomic::Ordering::SeqCst);
    let r = c
        .post(t.url(&format!("/api/reports/{id}/send")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let d = attempted(&t, &c, id, 1).await;
    assert_eq!(d["status"], "pending", "{d}");
    assert!(d["lastError"].as_str().unwrap().contains("451"), "{d}");
    assert!(smtp.messages().is_empty());

    // Not before its retry time; then sent.
    let now = domain::now_ms();
    api::reports::delivery::tick(&t.state, now + 1_000).await;
    assert_eq!(deliveries(&t, &c, id).await[0]["attempts"], 1);
    api::reports::delivery::tick(&t.state, now + 61_000).await;
    let d = &deliveries(&t, &c, id).await[0];
    assert_eq!(d["status"], "sent", "{d}");
    assert_eq!(d["attempts"], 2);
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    let (to, data) = &messages[0];
    assert_eq!(to, &["ops@example.com".to_string()]);
    assert!(data.contains("Subject: Daily revenue"), "{data}");
    for name in [
        "daily-revenue-2026-06-07.csv",
        "daily-revenue-2026-06-07.xlsx",
        "daily-revenue-2026-06-07.pdf",
    ] {
        assert!(data.contains(name), "attachment {name}");
    }
    assert!(data.contains("Revenue: 75.00"), "{data}");

    // A due schedule files a delivery and sends it; the next run moves on.
    let saved = ok(c
        .get(t.url(&format!("/api/reports/{id}")))
        .send()
        .await
        .unwrap())
    .await;
    let next: jiff::Timestamp = saved["nextRunAt"].as_str().unwrap().parse().unwrap();
    api::reports::delivery::tick(&t.state, next.as_millisecond() + 1_000).await;
    assert_eq!(smtp.messages().len(), 2);
    let again = ok(c
        .get(t.url(&format!("/api/reports/{id}")))
        .send()
        .await
        .unwrap())
    .await;
    let later: jiff::Timestamp = again["nextRunAt"].as_str().unwrap().parse().unwrap();
    assert_eq!(later.as_millisecond() - next.as_millisecond(), 86_400_000);
    assert_eq!(again["lastDelivery"]["status"], "sent");
    t.cleanup().await;
}

#[tokio::test]
async fn a_delivery_that_keeps_failing_stops_and_raises_an_alert() {
    // No SMTP configured: every attempt fails, saying why.
    let t = TestApp::start(crate::common::Backend::Sqlite, settings())
        .await
        .unwrap();
    let (c, _) = t.signed_in("alice").await;
    let (bob_client, _) = t.signed_in("bob").await;
    let saved = ok(c
        .post(t.url("/api/reports"))
        .json(&report_body(json!(["ops@example.com"]), "none"))
        .send()
        .await
        .unwrap())
    .await;
    let id = saved["id"].as_i64().unwrap();
    let r = c
        .post(t.url(&format!("/api/reports/{id}/send")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    attempted(&t, &c, id, 1).await;
    let now = domain::now_ms();
    for minutes in [2, 10, 30, 120] {
        api::reports::delivery::tick(&t.state, now + minutes * 60_000).await;
    }
    let d = &deliveries(&t, &c, id).await[0];
    assert_eq!(d["status"], "failed", "{d}");
    assert_eq!(d["attempts"], 5);
    assert!(d["lastError"].as_str().unwrap().contains("not configured"));
    let feed = ok(c.get(t.url("/api/activity")).send().await.unwrap()).await;
    assert_eq!(
        feed["activity"][0]["kind"], "report.delivery_failed",
        "{feed}"
    );
    assert_eq!(feed["activity"][0]["severity"], "error");
    let theirs = ok(bob_client.get(t.url("/api/activity")).send().await.unwrap()).await;
    assert_eq!(theirs["activity"], json!([]));

    // A report without recipients cannot be sent.
    let bare = ok(c
        .post(t.url("/api/reports"))
        .json(&report_body(json!([]), "none"))
        .send()
        .await
        .unwrap())
    .await;
    let r = c
        .post(t.url(&format!("/api/reports/{}/send", bare["id"])))
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
    t.cleanup().await;
}

/// Render a PDF's first page with poppler (required on CI), so a PDF that
/// only looks like one fails.
fn renders(pdf: &[u8]) {
    let dir = std::env::temp_dir().join(format!("ccp-pdf-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    match std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "50", "-f", "1", "-l", "1"])
        .arg(&path)
        .arg(dir.join("page"))
        .output()
    {
        Ok(out) => {
            assert!(
                out.status.success(),
                "pdftoppm: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let png = std::fs::read_dir(&dir)
                .unwrap()
                .filter_map(Result::ok)
                .find(|e| e.path().extension().is_some_and(|x| x == "png"));
            assert!(
                png.is_some_and(|p| p.metadata().unwrap().len() > 1000),
                "a rendered page"
            );
        }
        Err(_) => assert!(
            std::env::var("CI").is_err(),
            "pdftoppm (poppler-utils) is required on CI"
        ),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn sheet(xlsx: Vec<u8>, name: &str) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

conformance!(every_export_opens_in_a_reader, |t| {
    let (c, alice) = t.signed_in("alice").await;
    let (bob_client, bob) = t.signed_in("bob").await;
    eight_calls(&t, alice, bob).await;
    let s = spec(json!(["campaign"]), json!(["calls", "revenue"]));

    let (ct, csv) = bytes(&t, &c, "/api/reports/run.csv", Some(&s)).await;
    assert!(ct.starts_with("text/csv"));
    let text = String::from_utf8(csv).unwrap();
    assert_eq!(text.lines().next(), Some("Campaign,Calls,Revenue"));
    assert!(text.contains("Auto,3,40.00"));
    assert!(text.trim_end().ends_with("Total,8,75.00"), "{text}");

    let (ct, xlsx) = bytes(&t, &c, "/api/reports/run.xlsx", Some(&s)).await;
    assert!(ct.contains("spreadsheetml"));
    let rows = sheet(xlsx, "Report");
    let header = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "Campaign"))
        .unwrap();
    assert_eq!(
        rows[header + 1][..3],
        ["Health".to_string(), "4".into(), "35".into()]
    );
    assert_eq!(
        rows[header + 2][..3],
        ["Auto".to_string(), "3".into(), "40".into()]
    );

    let (ct, pdf) = bytes(&t, &c, "/api/reports/run.pdf", Some(&s)).await;
    assert_eq!(ct, "application/pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    renders(&pdf);

    // The call list: every matching call in Excel, a readable PDF.
    let (_, xlsx) = bytes(&t, &c, "/api/calls/export.xlsx?status=completed", None).await;
    let calls = sheet(xlsx.clone(), "Calls");
    assert_eq!(calls[0][1], "CallSid");
    let mut sids: Vec<&str> = calls[1..].iter().map(|r| r[1].as_str()).collect();
    sids.sort();
    assert_eq!(sids, ["CAlist01", "CAlist02", "CAlist04"]);
    let summary = sheet(xlsx, "Summary");
    assert!(
        summary
            .iter()
            .any(|r| r.len() > 1 && r[0] == "Revenue" && r[1] == "75.00"),
        "{summary:?}"
    );
    let (_, pdf) = bytes(
        &t,
        &c,
        "/api/calls/export.pdf?from=2026-06-01&to=2026-06-07",
        None,
    )
    .await;
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(
        String::from_utf8_lossy(&pdf).contains("(Auto)"),
        "campaign table in the PDF"
    );
    renders(&pdf);

    // Bob's exports hold only his call.
    let (_, xlsx) = bytes(&t, &bob_client, "/api/calls/export.xlsx", None).await;
    let calls = sheet(xlsx, "Calls");
    assert_eq!(calls.len(), 2, "header and Bob's one call");
    assert_eq!(calls[1][1], "CAbob0001");
    let (_, csv) = bytes(&t, &bob_client, "/api/reports/run.csv", Some(&s)).await;
    assert!(!String::from_utf8(csv).unwrap().contains("Auto"));
});

conformance!(configuration_changes_appear_in_the_activity_feed, |t| {
    let (c, _) = t.signed_in("alice").await;
    let (bob_client, _) = t.signed_in("bob").await;
    let r = c
        .post(t.url("/api/buyers"))
        .json(&json!({"name": "Xavier", "phone": "+12125550111"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let r = c
        .patch(t.url(&format!("/api/buyers/{id}")))
        .json(&json!({"priority": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let feed = ok(c.get(t.url("/api/activity?limit=5")).send().await.unwrap()).await;
    let kinds: Vec<&str> = feed["activity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["buyer.updated", "buyer.created"]);
    assert!(
        feed["activity"][0]["message"]
            .as_str()
            .unwrap()
            .contains("priority")
    );
    let theirs = ok(bob_client.get(t.url("/api/activity")).send().await.unwrap()).await;
    assert_eq!(theirs["activity"], json!([]));
    let r = c.get(t.url("/api/activity?limit=0")).send().await.unwrap();
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_ERROR").await;
});
