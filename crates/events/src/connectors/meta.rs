//! Meta Conversions API: `POST /{version}/{pixel id}/events` with one
//! server event per call: `event_time` in Unix seconds, `action_source`
//! `phone_call`, the caller's number normalised to digits with its
//! country code and hashed with SHA-256, the click id as `fbc` when the
//! visit had one, and an `event_id` (`call_<id>_<event>`) that lets Meta
//! drop a second copy. A test event code sends the events to Events
//! Manager's test tab instead.

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{Map, Value, json};

use super::{Body, Call, Connector, Fail, Field, Session, default, field, required, secret};

pub(super) const FIELDS: &[Field] = &[
    required(field(
        "pixelId",
        "Pixel (dataset) ID",
        "Events Manager → the dataset's settings",
    )),
    secret(field(
        "accessToken",
        "Access token",
        "Events Manager → the dataset → Settings → Conversions API → Generate access token",
    )),
    default(
        field(
            "callEvent",
            "Event of a call",
            "A standard event name, e.g. Lead or Contact",
        ),
        "Lead",
    ),
    default(
        field(
            "conversionEvent",
            "Event of a conversion",
            "Purchase sends the call's revenue",
        ),
        "Purchase",
    ),
    default(field("currency", "Currency", "ISO 4217"), "USD"),
    field(
        "testEventCode",
        "Test event code",
        "While set, events go to the Test events tab (e.g. TEST12345)",
    ),
    default(
        field("apiVersion", "Graph API version", "As in v23.0"),
        "v23.0",
    ),
];

pub(super) const MAPPING: &[(&str, &str)] = &[("content_name", "[campaign_name]")];

fn events_url(c: &Connector<'_>) -> String {
    format!(
        "{}/{}/{}/events?access_token={}",
        c.base_url,
        c.setting("apiVersion"),
        crate::pixel::encode(&c.setting("pixelId")),
        crate::pixel::encode(c.secret("accessToken"))
    )
}

fn server_event(c: &Connector<'_>, call: &Call, tokens: &BTreeMap<&'static str, String>) -> Value {
    let converted = call.event == "call.converted";
    let name = if converted {
        c.setting("conversionEvent")
    } else {
        c.setting("callEvent")
    };
    let mut user = Map::new();
    let digits = call.caller_digits();
    if !digits.is_empty() {
        user.insert("ph".into(), json!([super::sha256_hex(&digits)]));
    }
    if let Some(fbclid) = &call.fbclid {
        user.insert(
            "fbc".into(),
            Value::String(format!("fb.1.{}.{fbclid}", call.started())),
        );
    }
    if let Some(v) = &call.visitor_id {
        user.insert("external_id".into(), json!([super::sha256_hex(v)]));
    }
    let mut custom = Map::new();
    custom.insert("currency".into(), Value::String(c.setting("currency")));
    custom.insert("value".into(), json!(call.revenue));
    for (k, v) in c.mapped(tokens) {
        custom.insert(k, Value::String(v));
    }
    json!({
        "event_name": name,
        "event_time": call.at_ms / 1000,
        "event_id": format!("call_{}_{}", call.id, call.event.trim_start_matches("call.")),
        "action_source": "phone_call",
        "user_data": user,
        "custom_data": custom,
    })
}

async fn send(s: &mut Session<'_>, c: &Connector<'_>, event: Value) -> Result<String, Fail> {
    let mut body = json!({ "data": [event] });
    let code = c.setting("testEventCode");
    if !code.is_empty() {
        body["test_event_code"] = Value::String(code);
    }
    let (_, answer) = s
        .send(Method::POST, &events_url(c), &[], Body::Json(&body))
        .await?;
    let received = answer["events_received"].as_i64().unwrap_or_default();
    if received < 1 {
        return Err(Fail::permanent(
            s.last_status,
            format!("Meta received no event: {answer}"),
        ));
    }
    Ok(format!(
        "{} received (fbtrace_id {})",
        body["data"][0]["event_name"].as_str().unwrap_or("?"),
        answer["fbtrace_id"].as_str().unwrap_or("?")
    ))
}

pub(super) async fn deliver(
    s: &mut Session<'_>,
    c: &Connector<'_>,
    call: &Call,
    tokens: &BTreeMap<&'static str, String>,
) -> Result<String, Fail> {
    send(s, c, server_event(c, call, tokens)).await
}

/// With a test event code, a test event; without one, a read of the
/// dataset (nothing recorded).
pub(super) async fn test(s: &mut Session<'_>, c: &Connector<'_>) -> Result<String, Fail> {
    if !c.setting("testEventCode").is_empty() {
        let sample = Call {
            id: 0,
            event: "call.completed".into(),
            caller: "+15555550100".into(),
            at_ms: jiff::Timestamp::now().as_millisecond(),
            ..Call::default()
        };
        return send(s, c, server_event(c, &sample, &BTreeMap::new()))
            .await
            .map(|m| format!("Test event sent: {m}"));
    }
    let url = format!(
        "{}/{}/{}?fields=id,name&access_token={}",
        c.base_url,
        c.setting("apiVersion"),
        crate::pixel::encode(&c.setting("pixelId")),
        crate::pixel::encode(c.secret("accessToken"))
    );
    let (_, found) = s.send(Method::GET, &url, &[], Body::None).await?;
    Ok(format!(
        "The token reads dataset {}",
        found["name"]
            .as_str()
            .or(found["id"].as_str())
            .unwrap_or("?")
    ))
}
