//! Pipedrive (API v1): the caller's person found by phone
//! (`GET /v1/persons/search`) or created (`POST /v1/persons`), then a
//! done activity of type `call` (`POST /v1/activities`). The API token
//! travels in the `x-api-token` header.

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{Map, Value, json};

use super::{Body, Call, Connector, Fail, Field, Session, field, secret};

pub(super) const FIELDS: &[Field] = &[secret(field(
    "apiToken",
    "API token",
    "Personal preferences → API in Pipedrive",
))];

pub(super) const MAPPING: &[(&str, &str)] = &[
    ("subject", "Inbound call: [campaign_name]"),
    (
        "note",
        "Call [call_sid] to [tracking_number], routed to [buyer]. Revenue [revenue].",
    ),
];

/// Pipedrive answers `{"success": false, "error": …}` on failures.
fn refused(answer: &Value, what: &str) -> Option<Fail> {
    (answer["success"] == Value::Bool(false)).then(|| {
        Fail::permanent(
            None,
            format!(
                "Pipedrive refused {what}: {}",
                answer["error"].as_str().unwrap_or("no reason given")
            ),
        )
    })
}

pub(super) async fn deliver(
    s: &mut Session<'_>,
    c: &Connector<'_>,
    call: &Call,
    tokens: &BTreeMap<&'static str, String>,
) -> Result<String, Fail> {
    let headers = [("x-api-token", c.secret("apiToken"))];
    let phone = call.caller_e164();
    let mut person: Option<i64> = None;
    if !phone.is_empty() {
        let url = format!(
            "{}/v1/persons/search?term={}&fields=phone&exact_match=true&limit=1",
            c.base_url,
            crate::pixel::encode(&phone)
        );
        let (_, found) = s.send(Method::GET, &url, &headers, Body::None).await?;
        if let Some(f) = refused(&found, "the person search") {
            return Err(f);
        }
        person = found["data"]["items"][0]["item"]["id"].as_i64();
        if person.is_none() {
            let body = json!({
                "name": format!("Caller {phone}"),
                "phone": [{"value": phone, "primary": true, "label": "work"}]
            });
            let url = format!("{}/v1/persons", c.base_url);
            let (_, made) = s
                .send(Method::POST, &url, &headers, Body::Json(&body))
                .await?;
            if let Some(f) = refused(&made, "the new person") {
                return Err(f);
            }
            person = made["data"]["id"].as_i64();
        }
    }
    let secs = call.duration_secs.max(0);
    let mut activity = Map::new();
    let mut put = |k: &str, v: Value| {
        activity.insert(k.to_string(), v);
    };
    put("type", Value::String("call".into()));
    put("done", Value::from(1));
    put(
        "due_date",
        Value::String(super::local(call.started(), "UTC", "%Y-%m-%d")),
    );
    put(
        "due_time",
        Value::String(super::local(call.started(), "UTC", "%H:%M")),
    );
    put(
        "duration",
        Value::String(format!("{:02}:{:02}", secs / 3600, (secs % 3600) / 60)),
    );
    if let Some(p) = person {
        put("person_id", Value::from(p));
    }
    for (k, v) in c.mapped(tokens) {
        put(&k, Value::String(v));
    }
    let url = format!("{}/v1/activities", c.base_url);
    let (_, made) = s
        .send(
            Method::POST,
            &url,
            &headers,
            Body::Json(&Value::Object(activity)),
        )
        .await?;
    if let Some(f) = refused(&made, "the activity") {
        return Err(f);
    }
    let id = made["data"]["id"].as_i64().unwrap_or_default();
    Ok(match person {
        Some(p) => format!("call activity {id} added to person {p}"),
        None => format!("call activity {id} added without a person"),
    })
}

pub(super) async fn test(s: &mut Session<'_>, c: &Connector<'_>) -> Result<String, Fail> {
    let url = format!("{}/v1/users/me", c.base_url);
    let (_, me) = s
        .send(
            Method::GET,
            &url,
            &[("x-api-token", c.secret("apiToken"))],
            Body::None,
        )
        .await?;
    if let Some(f) = refused(&me, "the token") {
        return Err(f);
    }
    Ok(format!(
        "Signed in as {} of {}",
        me["data"]["name"].as_str().unwrap_or("?"),
        me["data"]["company_name"].as_str().unwrap_or("?")
    ))
}
