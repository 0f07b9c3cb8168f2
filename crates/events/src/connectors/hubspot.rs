//! HubSpot (CRM v3): the caller's contact found by phone
//! (`POST /crm/v3/objects/contacts/search`) or created, then a call
//! engagement (`POST /crm/v3/objects/calls`) associated with it. A
//! private app's access token authenticates (`Authorization: Bearer`).

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{Map, Value, json};

use super::{Body, Call, Connector, Fail, Field, Session, choice, default, field, secret};

pub(super) const FIELDS: &[Field] = &[
    secret(field(
        "accessToken",
        "Private app access token",
        "Settings → Integrations → Private apps; scopes crm.objects.contacts.read and .write",
    )),
    default(
        choice(
            field(
                "createContacts",
                "Create missing contacts",
                "Create a contact for a caller HubSpot does not know (else the call is logged without one)",
            ),
            &["yes", "no"],
        ),
        "yes",
    ),
];

pub(super) const MAPPING: &[(&str, &str)] = &[
    ("hs_call_title", "Inbound call: [campaign_name]"),
    (
        "hs_call_body",
        "Call [call_sid] to [tracking_number], routed to [buyer]. Revenue [revenue].",
    ),
];

/// HubSpot's association type of a call with a contact.
const CALL_TO_CONTACT: i64 = 194;

/// HubSpot's default call outcomes.
fn disposition(status: &str) -> &'static str {
    match status {
        "completed" | "in-progress" | "answered" => "f240bbac-87c9-4f6e-bf70-924b57d47db7",
        "busy" => "9d9162e7-6cf3-4944-bf63-4dff82258764",
        _ => "73a0d17f-1163-4015-bdd5-ec830791da20",
    }
}

fn call_status(status: &str) -> &'static str {
    match status {
        "completed" => "COMPLETED",
        "busy" => "BUSY",
        "no-answer" => "NO_ANSWER",
        "failed" | "canceled" | "no_route" => "FAILED",
        "ringing" | "queued" | "initiated" => "RINGING",
        _ => "IN_PROGRESS",
    }
}

fn auth(c: &Connector<'_>) -> String {
    format!("Bearer {}", c.secret("accessToken"))
}

pub(super) async fn deliver(
    s: &mut Session<'_>,
    c: &Connector<'_>,
    call: &Call,
    tokens: &BTreeMap<&'static str, String>,
) -> Result<String, Fail> {
    let auth = auth(c);
    let headers = [("authorization", auth.as_str())];
    let phone = call.caller_e164();
    let mut contact: Option<String> = None;
    if !phone.is_empty() {
        let search = json!({
            "filterGroups": [{"filters": [{"propertyName": "phone", "operator": "EQ", "value": phone}]}],
            "properties": ["phone", "firstname", "lastname"],
            "limit": 1
        });
        let url = format!("{}/crm/v3/objects/contacts/search", c.base_url);
        let (_, found) = s
            .send(Method::POST, &url, &headers, Body::Json(&search))
            .await?;
        contact = found["results"][0]["id"].as_str().map(str::to_string);
        if contact.is_none() && c.setting("createContacts") != "no" {
            let create = json!({"properties": {"phone": phone}});
            let url = format!("{}/crm/v3/objects/contacts", c.base_url);
            let (_, made) = s
                .send(Method::POST, &url, &headers, Body::Json(&create))
                .await?;
            contact = made["id"].as_str().map(str::to_string);
        }
    }
    let mut properties = Map::new();
    let mut put = |k: &str, v: String| {
        properties.insert(k.to_string(), Value::String(v));
    };
    put("hs_timestamp", jiff_iso(call.started()));
    put("hs_call_direction", "INBOUND".into());
    put(
        "hs_call_duration",
        (call.duration_secs.max(0) * 1000).to_string(),
    );
    put("hs_call_from_number", phone.clone());
    put("hs_call_to_number", call.tracking_number.clone());
    put("hs_call_status", call_status(&call.status).into());
    put("hs_call_disposition", disposition(&call.status).into());
    if let Some(r) = &call.recording_url {
        put("hs_call_recording_url", r.clone());
    }
    for (k, v) in c.mapped(tokens) {
        put(&k, v);
    }
    let mut engagement = json!({ "properties": properties });
    if let Some(id) = &contact {
        engagement["associations"] = json!([{
            "to": {"id": id},
            "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": CALL_TO_CONTACT}]
        }]);
    }
    let url = format!("{}/crm/v3/objects/calls", c.base_url);
    let (_, made) = s
        .send(Method::POST, &url, &headers, Body::Json(&engagement))
        .await?;
    let call_id = made["id"].as_str().unwrap_or("?");
    Ok(match contact {
        Some(id) => format!("call {call_id} logged on contact {id}"),
        None => format!("call {call_id} logged without a contact"),
    })
}

pub(super) async fn test(s: &mut Session<'_>, c: &Connector<'_>) -> Result<String, Fail> {
    let auth = auth(c);
    let url = format!("{}/crm/v3/objects/contacts?limit=1", c.base_url);
    s.send(
        Method::GET,
        &url,
        &[("authorization", auth.as_str())],
        Body::None,
    )
    .await?;
    Ok("HubSpot accepted the token and contacts can be read".into())
}

/// RFC 3339 in UTC.
fn jiff_iso(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_string()
}
