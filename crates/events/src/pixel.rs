//! Pixels: a request templated with `[tokens]` fired on call events
//! (Ringba's "pixels"), when its conditions hold.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// When a pixel may fire, and the event type each means. `payout` is a
/// conversion with revenue.
pub const FIRE_ON: &[(&str, &str)] = &[
    ("incoming", "call.incoming"),
    ("connected", "call.answered"),
    ("completed", "call.completed"),
    ("converted", "call.converted"),
    ("error", "call.failed"),
    ("payout", "call.converted"),
];

/// The tokens a template may use, with what each is.
pub const TOKENS: &[(&str, &str)] = &[
    ("call_id", "The call's id"),
    ("call_sid", "The carrier's CallSid"),
    ("caller_id", "The caller's number (E.164)"),
    ("tracking_number", "The number called"),
    ("campaign_id", "The campaign's id"),
    ("campaign_name", "The campaign's name"),
    ("buyer", "Where the call went: buyer or RTB target name"),
    ("buyer_id", "That buyer's or target's id"),
    ("revenue", "The call's revenue (decimal)"),
    ("payout", "What the call paid out (decimal)"),
    ("cost", "The call's carrier cost (decimal)"),
    ("duration", "Seconds the call lasted"),
    ("talk_time", "Seconds the buyer talked"),
    ("status", "The call's status"),
    ("converted", "true or false"),
    ("caller_city", "The caller's city"),
    ("caller_state", "The caller's state"),
    ("utm_source", "The web visit's utm_source"),
    ("utm_medium", "utm_medium"),
    ("utm_campaign", "utm_campaign"),
    ("utm_term", "utm_term"),
    ("utm_content", "utm_content"),
    ("gclid", "Google click id"),
    ("fbclid", "Meta click id"),
    ("msclkid", "Microsoft click id"),
    ("recording_url", "The call's recording, when recorded"),
    ("event", "The event: call.completed…"),
    ("timestamp", "When it happened (RFC 3339)"),
];

/// One condition on a token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    pub token: String,
    pub operator: Operator,
    #[serde(default)]
    pub value: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operator {
    Equals,
    NotEquals,
    Contains,
    GreaterThan,
    LessThan,
    Exists,
}

/// Whether `name` is a token.
pub fn is_token(name: &str) -> bool {
    TOKENS.iter().any(|(t, _)| *t == name)
}

/// The tokens of an event body (`{event, timestamp, call: {…}}`).
pub fn tokens_of(body: &Value) -> BTreeMap<&'static str, String> {
    let call = &body["call"];
    let text = |v: &Value| match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut out = BTreeMap::new();
    let mut put = |k: &'static str, v: &Value| {
        out.insert(k, text(v));
    };
    put("call_id", &call["id"]);
    put("call_sid", &call["callSid"]);
    put("caller_id", &call["fromNumber"]);
    put("tracking_number", &call["toNumber"]);
    put("campaign_id", &call["campaignId"]);
    put("campaign_name", &call["campaignName"]);
    put("buyer", &call["destination"]["name"]);
    put("buyer_id", &call["destination"]["id"]);
    put("revenue", &call["revenue"]);
    put("payout", &call["payout"]);
    put("cost", &call["cost"]);
    put("duration", &call["duration"]);
    put("talk_time", &call["talkTime"]);
    put("status", &call["status"]);
    put("converted", &call["converted"]);
    put("caller_city", &call["callerCity"]);
    put("caller_state", &call["callerState"]);
    for k in [
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_term",
        "utm_content",
        "gclid",
        "fbclid",
        "msclkid",
    ] {
        put(k, &call["attribution"][k]);
    }
    put("recording_url", &call["recordingUrl"]);
    put("event", &body["event"]);
    put("timestamp", &body["timestamp"]);
    out
}

/// How a token's value is written into a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escape {
    /// As it is (plain text).
    None,
    /// Percent-encoded (a URL, a form body).
    Url,
    /// Escaped for the inside of a JSON string (a JSON body): a value
    /// cannot close its string and add fields.
    Json,
}

impl Escape {
    /// How a body template's values are written: JSON-escaped when the
    /// template is JSON, percent-encoded when the request says it is a
    /// form, else as they are.
    pub fn for_body(template: &str, content_type: Option<&str>) -> Escape {
        let ct = content_type.unwrap_or("").to_ascii_lowercase();
        let t = template.trim_start();
        if ct.contains("json") || (ct.is_empty() && (t.starts_with('{') || t.starts_with('['))) {
            Escape::Json
        } else if ct.contains("x-www-form-urlencoded") {
            Escape::Url
        } else {
            Escape::None
        }
    }
}

/// `template` with each `[token]` replaced by its value, written as
/// `escape` says; brackets around anything else stay as they are.
pub fn render(template: &str, tokens: &BTreeMap<&'static str, String>, escape: Escape) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(']') {
            Some(close) if is_token(&after[..close]) => {
                let value = tokens
                    .get(&after[..close])
                    .map(String::as_str)
                    .unwrap_or("");
                match escape {
                    Escape::None => out.push_str(value),
                    Escape::Url => out.push_str(&encode(value)),
                    Escape::Json => {
                        let quoted = Value::String(value.to_string()).to_string();
                        out.push_str(&quoted[1..quoted.len() - 1]);
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Percent-encode everything but unreserved characters (RFC 3986).
pub(crate) fn encode(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether every condition holds.
pub fn holds(conditions: &[Condition], tokens: &BTreeMap<&'static str, String>) -> bool {
    conditions.iter().all(|c| {
        let have = tokens
            .get(c.token.as_str())
            .map(String::as_str)
            .unwrap_or("");
        let number = |s: &str| s.trim().parse::<f64>().ok();
        match c.operator {
            Operator::Exists => !have.is_empty(),
            Operator::Equals => have.eq_ignore_ascii_case(c.value.trim()),
            Operator::NotEquals => !have.eq_ignore_ascii_case(c.value.trim()),
            Operator::Contains => have.to_lowercase().contains(&c.value.trim().to_lowercase()),
            Operator::GreaterThan => {
                matches!((number(have), number(&c.value)), (Some(a), Some(b)) if a > b)
            }
            Operator::LessThan => {
                matches!((number(have), number(&c.value)), (Some(a), Some(b)) if a < b)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body() -> Value {
        json!({"event": "call.completed", "timestamp": "2026-12-07T10:00:00Z", "call": {
            "id": 42, "callSid": "CA1", "fromNumber": "+12125550123", "toNumber": "+18005550100",
            "campaignId": "c-1", "campaignName": "Été & co", "destination": {"type": "buyer", "id": 7, "name": "Ann"},
            "revenue": "45.50", "payout": "0.00", "cost": "0.10", "duration": 125, "talkTime": 100,
            "status": "completed", "converted": true, "callerCity": "NEW YORK", "callerState": "NY",
            "attribution": {"utm_source": "google", "gclid": "abc"}
        }})
    }

    #[test]
    fn templates() {
        let t = tokens_of(&body());
        assert_eq!(
            render(
                "https://t.example/pb?cid=[call_id]&rev=[revenue]&c=[campaign_name]&x=[nope]&u=[utm_medium]",
                &t,
                Escape::Url
            ),
            "https://t.example/pb?cid=42&rev=45.50&c=%C3%89t%C3%A9%20%26%20co&x=[nope]&u="
        );
        assert_eq!(
            render(
                r#"{"caller":"[caller_id]","buyer":"[buyer]","g":"[gclid]"}"#,
                &t,
                Escape::None
            ),
            r#"{"caller":"+12125550123","buyer":"Ann","g":"abc"}"#
        );
        assert_eq!(render("[[call_id]] [", &t, Escape::None), "[42] [");
        let mut evil = t.clone();
        evil.insert("utm_source", "x\",\"admin\":true,\"y\":\"\n".into());
        let body = render(r#"{"s":"[utm_source]"}"#, &evil, Escape::Json);
        let parsed: Value = serde_json::from_str(&body).expect("still JSON");
        assert_eq!(parsed.as_object().map(|o| o.len()), Some(1));
        assert_eq!(parsed["s"], evil["utm_source"].as_str());
        assert_eq!(Escape::for_body(" {\"a\":1}", None), Escape::Json);
        assert_eq!(
            Escape::for_body("a=1", Some("application/x-www-form-urlencoded")),
            Escape::Url
        );
        assert_eq!(Escape::for_body("{x}", Some("text/plain")), Escape::None);
    }

    #[test]
    fn conditions() {
        let t = tokens_of(&body());
        let c = |token: &str, operator: Operator, value: &str| Condition {
            token: token.into(),
            operator,
            value: value.into(),
        };
        assert!(holds(&[], &t));
        assert!(holds(
            &[
                c("revenue", Operator::GreaterThan, "45"),
                c("duration", Operator::LessThan, "200")
            ],
            &t
        ));
        assert!(!holds(&[c("revenue", Operator::GreaterThan, "50")], &t));
        assert!(holds(&[c("caller_state", Operator::Equals, "ny")], &t));
        assert!(!holds(&[c("utm_medium", Operator::Exists, "")], &t));
        assert!(holds(&[c("campaign_name", Operator::Contains, "été")], &t));
        assert!(!holds(&[c("revenue", Operator::GreaterThan, "abc")], &t));
    }
}
