//! Google Ads offline call conversions:
//! `POST /{version}/customers/{id}:uploadCallConversions` with the
//! caller's number, the call's start and the conversion's time as
//! `yyyy-mm-dd hh:mm:ss+hh:mm` in the account's time zone, the
//! conversion action and the call's value, in partial-failure mode.
//! OAuth 2.0 with a refresh token (`POST /token` at Google's OAuth
//! server) and the developer token authenticate.
//!
//! Partial failures come back per row: `TOO_RECENT_CALL` (Google has not
//! processed the call yet) is tried again after 12 hours; any other row
//! error fails the message with Google's words.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Map, Value, json};

use super::{
    Body, Call, Connector, Fail, Field, Session, Token, TokenCache, default, field, required,
    secret,
};
use crate::Verdict;

pub(super) const FIELDS: &[Field] = &[
    required(field(
        "customerId",
        "Customer ID",
        "The Google Ads account, e.g. 123-456-7890",
    )),
    required(field(
        "conversionActionId",
        "Conversion action ID",
        "Of an \"Import from clicks/calls\" conversion action",
    )),
    field(
        "loginCustomerId",
        "Manager account ID",
        "When access goes through a manager account",
    ),
    secret(field(
        "developerToken",
        "Developer token",
        "API Center of the manager account",
    )),
    required(field(
        "clientId",
        "OAuth client ID",
        "Of the Google Cloud project",
    )),
    secret(field(
        "clientSecret",
        "OAuth client secret",
        "Of the same project",
    )),
    secret(field(
        "refreshToken",
        "Refresh token",
        "Of a user with access to the account (scope https://www.googleapis.com/auth/adwords)",
    )),
    default(
        field(
            "timeZone",
            "Account time zone",
            "IANA name, as set in the Google Ads account",
        ),
        "UTC",
    ),
    default(field("currency", "Currency", "ISO 4217"), "USD"),
    default(
        field(
            "oauthUrl",
            "OAuth server",
            "Google's token endpoint's address",
        ),
        "https://oauth2.googleapis.com",
    ),
    default(field("apiVersion", "API version", "As in v22"), "v22"),
];

pub(super) const MAPPING: &[(&str, &str)] = &[];

/// How long Google wants before a too-recent call is tried again.
pub(super) const TOO_RECENT_WAIT_MS: i64 = 12 * 3_600_000;

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

async fn token(s: &mut Session<'_>, tokens: &TokenCache, c: &Connector<'_>) -> Result<Token, Fail> {
    let key = c.token_key();
    if let Some(t) = tokens.get(&key) {
        return Ok(t);
    }
    let url = format!("{}/token", c.setting("oauthUrl").trim_end_matches('/'));
    let (_, got) = s
        .send(
            Method::POST,
            &url,
            &[],
            Body::Form(&[
                ("grant_type", "refresh_token"),
                ("client_id", &c.setting("clientId")),
                ("client_secret", c.secret("clientSecret")),
                ("refresh_token", c.secret("refreshToken")),
            ]),
        )
        .await?;
    let access = got["access_token"].as_str().unwrap_or_default();
    if access.is_empty() {
        return Err(Fail::plain("Google's token answer has no access_token"));
    }
    let life = got["expires_in"]
        .as_u64()
        .unwrap_or(3_600)
        .saturating_sub(60);
    let t = Token {
        access: access.to_string(),
        instance: String::new(),
        until: Instant::now() + Duration::from_secs(life),
    };
    tokens.put(key, t.clone());
    Ok(t)
}

fn headers(c: &Connector<'_>, token: &Token) -> Vec<(&'static str, String)> {
    let mut h = vec![
        ("authorization", format!("Bearer {}", token.access)),
        ("developer-token", c.secret("developerToken").to_string()),
    ];
    let login = digits(&c.setting("loginCustomerId"));
    if !login.is_empty() {
        h.push(("login-customer-id", login));
    }
    h
}

/// The row errors of a partial failure: `(code, message)`.
fn row_errors(answer: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(details) = answer["partialFailureError"]["details"].as_array() else {
        return out;
    };
    for d in details {
        for e in d["errors"].as_array().into_iter().flatten() {
            let code = e["errorCode"]
                .as_object()
                .and_then(|o| o.values().next())
                .and_then(Value::as_str)
                .unwrap_or("UNKNOWN")
                .to_string();
            out.push((code, e["message"].as_str().unwrap_or("").to_string()));
        }
    }
    if out.is_empty() {
        out.push((
            "UNKNOWN".into(),
            answer["partialFailureError"]["message"]
                .as_str()
                .unwrap_or("")
                .to_string(),
        ));
    }
    out
}

pub(super) async fn deliver(
    s: &mut Session<'_>,
    tokens: &TokenCache,
    c: &Connector<'_>,
    call: &Call,
    _mapped: &BTreeMap<&'static str, String>,
) -> Result<String, Fail> {
    if call.event != "call.converted" {
        return Ok(format!(
            "{} is not a conversion: nothing to upload",
            call.event
        ));
    }
    let caller = call.caller_e164();
    if caller.is_empty() {
        return Err(Fail::permanent(
            None,
            "the call has no caller number to upload",
        ));
    }
    let token = token(s, tokens, c).await?;
    let customer = digits(&c.setting("customerId"));
    let tz = c.setting("timeZone");
    let format = "%Y-%m-%d %H:%M:%S%:z";
    let mut conversion = Map::new();
    conversion.insert("callerId".into(), Value::String(caller));
    conversion.insert(
        "callStartDateTime".into(),
        Value::String(super::local(call.started(), &tz, format)),
    );
    conversion.insert(
        "conversionDateTime".into(),
        Value::String(super::local(
            call.ended_ms.unwrap_or(call.at_ms),
            &tz,
            format,
        )),
    );
    conversion.insert(
        "conversionAction".into(),
        Value::String(format!(
            "customers/{customer}/conversionActions/{}",
            digits(&c.setting("conversionActionId"))
        )),
    );
    conversion.insert("conversionValue".into(), json!(call.revenue));
    conversion.insert("currencyCode".into(), Value::String(c.setting("currency")));
    let body = json!({ "conversions": [conversion], "partialFailure": true });
    let url = format!(
        "{}/{}/customers/{customer}:uploadCallConversions",
        c.base_url,
        c.setting("apiVersion")
    );
    let h = headers(c, &token);
    let h: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let answer = match s.send(Method::POST, &url, &h, Body::Json(&body)).await {
        Err(f) if f.status == Some(401) => {
            tokens.forget(&c.token_key());
            return Err(f);
        }
        other => other?.1,
    };
    if answer["partialFailureError"].is_object() {
        let errors = row_errors(&answer);
        let text = errors
            .iter()
            .map(|(code, m)| format!("{code}: {m}"))
            .collect::<Vec<_>>()
            .join("; ");
        if errors.iter().all(|(code, _)| code == "TOO_RECENT_CALL") {
            return Err(Fail {
                status: s.last_status,
                message: format!("row 1 not yet accepted, tried again in 12 hours: {text}"),
                retry_after_ms: None,
                verdict: Some(Verdict::Retry(TOO_RECENT_WAIT_MS)),
            });
        }
        return Err(Fail::permanent(
            s.last_status,
            format!("row 1 refused: {text}"),
        ));
    }
    Ok("call conversion uploaded".into())
}

pub(super) async fn test(
    s: &mut Session<'_>,
    tokens: &TokenCache,
    c: &Connector<'_>,
) -> Result<String, Fail> {
    tokens.forget(&c.token_key());
    let token = token(s, tokens, c).await?;
    let url = format!(
        "{}/{}/customers:listAccessibleCustomers",
        c.base_url,
        c.setting("apiVersion")
    );
    let h = headers(c, &token);
    let h: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (_, answer) = s.send(Method::GET, &url, &h, Body::None).await?;
    let names: Vec<String> = answer["resourceNames"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    let want = format!("customers/{}", digits(&c.setting("customerId")));
    let login = format!("customers/{}", digits(&c.setting("loginCustomerId")));
    if names.contains(&want) || names.contains(&login) {
        Ok(format!("Signed in; {want} is reachable"))
    } else {
        Err(Fail::permanent(
            s.last_status,
            format!(
                "Signed in, but {want} is not among the accounts this user reaches ({})",
                names.join(", ")
            ),
        ))
    }
}
