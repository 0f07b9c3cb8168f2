//! Google Analytics 4 (Measurement Protocol): an event per call with
//! the web visitor's client id (from the `_ga` cookie the tracking
//! snippet reads), `POST /mp/collect?measurement_id=…&api_secret=…`.
//! The collect endpoint answers 2xx to anything, so the connection test
//! uses the validation server (`/debug/mp/collect`) and reports its
//! messages. A call without a client id is not sent: an invented one
//! would count a visitor who never was.

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{Map, Value, json};

use super::{Body, Call, Connector, Fail, Field, Session, default, field, required, secret};

pub(super) const FIELDS: &[Field] = &[
    required(field(
        "measurementId",
        "Measurement ID",
        "G-XXXXXXXXXX, under Admin → Data streams",
    )),
    secret(field(
        "apiSecret",
        "Measurement Protocol API secret",
        "Admin → Data streams → the stream → Measurement Protocol API secrets",
    )),
    default(
        field(
            "callEvent",
            "Event of a call",
            "Sent for every call event but conversions",
        ),
        "phone_call",
    ),
    default(
        field(
            "conversionEvent",
            "Event of a conversion",
            "Mark it as a key event in GA4",
        ),
        "call_converted",
    ),
    default(field("currency", "Currency", "ISO 4217"), "USD"),
];

pub(super) const MAPPING: &[(&str, &str)] = &[
    ("campaign", "[utm_campaign]"),
    ("source", "[utm_source]"),
    ("medium", "[utm_medium]"),
    ("call_campaign", "[campaign_name]"),
    ("call_status", "[status]"),
];

fn event(c: &Connector<'_>, call: &Call, tokens: &BTreeMap<&'static str, String>) -> Value {
    let name = if call.event == "call.converted" {
        c.setting("conversionEvent")
    } else {
        c.setting("callEvent")
    };
    let mut params = Map::new();
    params.insert("call_id".into(), Value::String(call.id.to_string()));
    params.insert(
        "call_duration".into(),
        Value::from(call.duration_secs.max(0)),
    );
    params.insert("value".into(), json!(call.revenue));
    params.insert("currency".into(), Value::String(c.setting("currency")));
    params.insert("engagement_time_msec".into(), Value::from(1));
    for (k, v) in c.mapped(tokens) {
        if !v.is_empty() {
            params.insert(k, Value::String(v.chars().take(100).collect()));
        }
    }
    json!({"name": name, "params": params})
}

fn url(c: &Connector<'_>, debug: bool) -> String {
    format!(
        "{}{}/mp/collect?measurement_id={}&api_secret={}",
        c.base_url,
        if debug { "/debug" } else { "" },
        crate::pixel::encode(&c.setting("measurementId")),
        crate::pixel::encode(c.secret("apiSecret"))
    )
}

pub(super) async fn deliver(
    s: &mut Session<'_>,
    c: &Connector<'_>,
    call: &Call,
    tokens: &BTreeMap<&'static str, String>,
) -> Result<String, Fail> {
    let Some(client_id) = &call.ga_client_id else {
        return Ok(
            "not sent: the call has no Google Analytics client id (no tracked web visit with a _ga cookie)"
                .into(),
        );
    };
    let body = json!({
        "client_id": client_id,
        "timestamp_micros": call.at_ms.saturating_mul(1000),
        "events": [event(c, call, tokens)],
    });
    s.send(Method::POST, &url(c, false), &[], Body::Json(&body))
        .await?;
    Ok(format!(
        "{} sent for client {client_id}",
        body["events"][0]["name"].as_str().unwrap_or("?")
    ))
}

pub(super) async fn test(s: &mut Session<'_>, c: &Connector<'_>) -> Result<String, Fail> {
    let sample = Call {
        id: 1,
        event: "call.completed".into(),
        duration_secs: 60,
        at_ms: jiff::Timestamp::now().as_millisecond(),
        ..Call::default()
    };
    let body = json!({
        "client_id": "1234567890.1700000000",
        "events": [event(c, &sample, &BTreeMap::new())],
    });
    let (_, answer) = s
        .send(Method::POST, &url(c, true), &[], Body::Json(&body))
        .await?;
    let messages = answer["validationMessages"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if let Some(first) = messages.first() {
        return Err(Fail::permanent(
            s.last_status,
            format!(
                "GA4's validation server refused the event: {} ({})",
                first["description"].as_str().unwrap_or("no description"),
                first["validationCode"].as_str().unwrap_or("?")
            ),
        ));
    }
    Ok("GA4's validation server accepted a sample event (it does not check the API secret)".into())
}
