//! Salesforce (REST API): an access token from the OAuth 2.0 client
//! credentials flow (`POST /services/oauth2/token` at the login or My
//! Domain address), then either a Lead for every call, or a Task on the
//! Lead or Contact whose `Phone` is the caller's (a Lead is created when
//! there is none).

use std::collections::BTreeMap;
use std::time::Instant;

use reqwest::Method;
use serde_json::{Map, Value};

use super::{
    Body, Call, Connector, Fail, Field, Session, TOKEN_DEFAULT_LIFE, Token, TokenCache, choice,
    default, field, required, secret,
};

pub(super) const FIELDS: &[Field] = &[
    required(field(
        "clientId",
        "Consumer key",
        "Of a connected app with the client credentials flow enabled",
    )),
    secret(field(
        "clientSecret",
        "Consumer secret",
        "Of the same connected app",
    )),
    default(
        choice(
            field(
                "object",
                "Create",
                "Lead: a Lead per call. Task: a call Task on the caller's Lead or Contact",
            ),
            &["Lead", "Task"],
        ),
        "Lead",
    ),
    default(
        field("company", "Company of new Leads", "Salesforce requires one"),
        "Unknown",
    ),
    default(
        field("apiVersion", "API version", "As in /services/data/v62.0"),
        "v62.0",
    ),
];

pub(super) const MAPPING: &[(&str, &str)] = &[
    (
        "Description",
        "Call [call_sid] to [tracking_number] on [campaign_name], routed to [buyer].",
    ),
    ("LeadSource", "Phone Inquiry"),
];

/// A signed-in session: the token and the instance's address.
async fn token(s: &mut Session<'_>, tokens: &TokenCache, c: &Connector<'_>) -> Result<Token, Fail> {
    let key = c.token_key();
    if let Some(t) = tokens.get(&key) {
        return Ok(t);
    }
    let url = format!("{}/services/oauth2/token", c.base_url);
    let (_, got) = s
        .send(
            Method::POST,
            &url,
            &[],
            Body::Form(&[
                ("grant_type", "client_credentials"),
                ("client_id", &c.setting("clientId")),
                ("client_secret", c.secret("clientSecret")),
            ]),
        )
        .await?;
    let access = got["access_token"].as_str().unwrap_or_default();
    let instance = got["instance_url"].as_str().unwrap_or_default();
    if access.is_empty() || instance.is_empty() {
        return Err(Fail::plain(
            "Salesforce's token answer has no access_token or instance_url",
        ));
    }
    let t = Token {
        access: access.to_string(),
        instance: instance.trim_end_matches('/').to_string(),
        until: Instant::now() + TOKEN_DEFAULT_LIFE,
    };
    tokens.put(key, t.clone());
    Ok(t)
}

pub(super) async fn deliver(
    s: &mut Session<'_>,
    tokens: &TokenCache,
    c: &Connector<'_>,
    call: &Call,
    t: &BTreeMap<&'static str, String>,
) -> Result<String, Fail> {
    match steps(s, tokens, c, call, t).await {
        // An expired session: sign in again, once.
        Err(f) if f.status == Some(401) => {
            tokens.forget(&c.token_key());
            steps(s, tokens, c, call, t).await
        }
        other => other,
    }
}

async fn steps(
    s: &mut Session<'_>,
    tokens: &TokenCache,
    c: &Connector<'_>,
    call: &Call,
    t: &BTreeMap<&'static str, String>,
) -> Result<String, Fail> {
    let token = token(s, tokens, c).await?;
    let auth = format!("Bearer {}", token.access);
    let headers = [("authorization", auth.as_str())];
    let data = format!(
        "{}/services/data/{}",
        token.instance,
        c.setting("apiVersion")
    );
    let phone = call.caller_e164();
    let mut who: Option<(String, &str)> = None;
    if c.setting("object") == "Task" && !phone.is_empty() {
        // The number is `+` and digits only: safe inside the quotes.
        for object in ["Lead", "Contact"] {
            let extra = if object == "Lead" {
                " AND IsConverted = false"
            } else {
                ""
            };
            let soql = format!(
                "SELECT Id FROM {object} WHERE Phone = '{phone}'{extra} ORDER BY CreatedDate DESC LIMIT 1"
            );
            let url = format!("{data}/query?q={}", crate::pixel::encode(&soql));
            let (_, found) = s.send(Method::GET, &url, &headers, Body::None).await?;
            if let Some(id) = found["records"][0]["Id"].as_str() {
                who = Some((id.to_string(), object));
                break;
            }
        }
    }
    let mapped = c.mapped(t);
    let lead_id = match &who {
        Some((id, _)) => id.clone(),
        None => {
            let mut lead = Map::new();
            let name = if phone.is_empty() {
                "Unknown caller".to_string()
            } else {
                format!("Caller {phone}")
            };
            lead.insert("LastName".into(), Value::String(name));
            lead.insert("Company".into(), Value::String(c.setting("company")));
            if !phone.is_empty() {
                lead.insert("Phone".into(), Value::String(phone.clone()));
            }
            if c.setting("object") == "Lead" {
                for (k, v) in &mapped {
                    lead.insert(k.clone(), Value::String(v.clone()));
                }
            } else {
                lead.insert("LeadSource".into(), Value::String("Phone Inquiry".into()));
            }
            let url = format!("{data}/sobjects/Lead");
            let (_, made) = s
                .send(
                    Method::POST,
                    &url,
                    &headers,
                    Body::Json(&Value::Object(lead)),
                )
                .await?;
            let id = made["id"].as_str().unwrap_or_default().to_string();
            if c.setting("object") == "Lead" {
                return Ok(format!("Lead {id} created"));
            }
            who = Some((id.clone(), "Lead"));
            id
        }
    };
    let mut task = Map::new();
    let mut put = |k: &str, v: Value| {
        task.insert(k.to_string(), v);
    };
    put("WhoId", Value::String(lead_id.clone()));
    put(
        "Subject",
        Value::String(format!("Inbound call: {}", call.campaign)),
    );
    put("TaskSubtype", Value::String("Call".into()));
    put("CallType", Value::String("Inbound".into()));
    put(
        "CallDurationInSeconds",
        Value::from(call.duration_secs.max(0)),
    );
    put("Status", Value::String("Completed".into()));
    put(
        "ActivityDate",
        Value::String(super::local(call.started(), "UTC", "%Y-%m-%d")),
    );
    put("CallDisposition", Value::String(call.status.clone()));
    for (k, v) in mapped {
        if k != "LeadSource" {
            put(&k, Value::String(v));
        }
    }
    let url = format!("{data}/sobjects/Task");
    let (_, made) = s
        .send(
            Method::POST,
            &url,
            &headers,
            Body::Json(&Value::Object(task)),
        )
        .await?;
    let object = who.map(|(_, o)| o).unwrap_or("Lead");
    Ok(format!(
        "Task {} created on {object} {lead_id}",
        made["id"].as_str().unwrap_or("?")
    ))
}

pub(super) async fn test(
    s: &mut Session<'_>,
    tokens: &TokenCache,
    c: &Connector<'_>,
) -> Result<String, Fail> {
    tokens.forget(&c.token_key());
    let token = token(s, tokens, c).await?;
    let auth = format!("Bearer {}", token.access);
    let url = format!(
        "{}/services/data/{}/limits",
        token.instance,
        c.setting("apiVersion")
    );
    s.send(
        Method::GET,
        &url,
        &[("authorization", auth.as_str())],
        Body::None,
    )
    .await?;
    Ok(format!("Signed in to {}", token.instance))
}
