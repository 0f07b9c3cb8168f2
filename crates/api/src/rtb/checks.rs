//! Pure checks of single RTB target fields: endpoint URL shape, content
//! type, header names and values, the request template, response paths,
//! amounts and currency. Each names the API field at fault.

use std::collections::HashSet;

use axum::http::{HeaderName, HeaderValue};
use domain::{Money, validate};
use serde_json::Value;
use store::rtb_targets::RtbTargetFields;

use super::input::invalid;
use super::input_auth::auth_header_name;
use crate::error::{ApiError, ApiResult};

const TEMPLATE_LIMIT: usize = 20_000;
const HEADER_LIMIT: usize = 20;

/// Headers the HTTP client owns; a target may not set them.
const RESERVED_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "upgrade",
    "te",
    "trailer",
    "expect",
    "proxy-authorization",
    "proxy-connection",
    "content-type",
];

/// An absolute http(s) URL with a host and no `user:password@`
/// (credentials belong in `authentication`, which is never shown).
pub(super) fn endpoint_url(v: &str) -> ApiResult<String> {
    let url = validate::http_url(v).map_err(invalid("endpointUrl"))?;
    let authority = url
        .split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(""))
        .unwrap_or("");
    if authority.contains('@') {
        return Err(ApiError::validation(
            "endpointUrl",
            "must not contain credentials; use authentication",
        ));
    }
    Ok(url)
}

pub(super) fn content_type(v: &str) -> ApiResult<String> {
    let kind = match v.trim().to_ascii_lowercase().as_str() {
        "json" | "application/json" => "json",
        "xml" | "application/xml" | "text/xml" => "xml",
        "form" | "application/x-www-form-urlencoded" => "form",
        _ => {
            return Err(ApiError::validation(
                "contentType",
                "must be json, xml or form",
            ));
        }
    };
    Ok(kind.into())
}

/// A header name a target may set, in its given spelling.
pub(super) fn header_name(name: &str, field: &str) -> ApiResult<String> {
    let name = name.trim();
    if name.is_empty() || name.len() > 100 || HeaderName::from_bytes(name.as_bytes()).is_err() {
        return Err(ApiError::validation(
            field,
            format!("{name:?} is not a valid header name"),
        ));
    }
    if RESERVED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
        return Err(ApiError::validation(
            field,
            format!("{name} is set by the platform"),
        ));
    }
    Ok(name.to_string())
}

/// `{name: value}` as canonical JSON text; `null` means none.
pub(super) fn custom_headers(v: Option<Value>) -> ApiResult<String> {
    headers_of(v, "customHeaders")
}

/// Headers an outgoing request adds (`field` names them in errors):
/// `{name: value}` as canonical JSON text; `null` means none.
pub(crate) fn headers_of(v: Option<Value>, field: &str) -> ApiResult<String> {
    let map = match v {
        None | Some(Value::Null) => return Ok("{}".into()),
        Some(Value::Object(map)) => map,
        Some(_) => {
            return Err(ApiError::validation(
                field,
                "must be an object of header names to values",
            ));
        }
    };
    if map.len() > HEADER_LIMIT {
        return Err(ApiError::validation(
            field,
            format!("at most {HEADER_LIMIT} headers"),
        ));
    }
    let mut seen = HashSet::new();
    let mut out = serde_json::Map::new();
    for (name, value) in map {
        let name = header_name(&name, field)?;
        if !seen.insert(name.to_ascii_lowercase()) {
            return Err(ApiError::validation(
                field,
                format!("{name} is listed twice"),
            ));
        }
        let Value::String(value) = value else {
            return Err(ApiError::validation(
                field,
                format!("the value of {name} must be a string"),
            ));
        };
        if value.len() > 1000 || HeaderValue::from_str(&value).is_err() {
            return Err(ApiError::validation(
                field,
                format!("the value of {name} is not a valid header value"),
            ));
        }
        out.insert(name, Value::String(value));
    }
    serde_json::to_string(&out).map_err(ApiError::internal)
}

/// A custom header may not replace the one authentication sends.
pub(super) fn check_header_conflicts(t: &RtbTargetFields) -> ApiResult<()> {
    let Some(auth_header) = auth_header_name(&t.auth) else {
        return Ok(());
    };
    let headers: serde_json::Map<String, Value> =
        serde_json::from_str(&t.custom_headers).unwrap_or_default();
    match headers
        .keys()
        .find(|k| k.eq_ignore_ascii_case(&auth_header))
    {
        Some(k) => Err(ApiError::validation(
            "customHeaders",
            format!("{k} is sent by authentication; set it there"),
        )),
        None => Ok(()),
    }
}

/// The template as text: an object or array as compact JSON, a string as given.
pub(super) fn template(v: Value) -> ApiResult<String> {
    const FIELD: &str = "requestTemplate";
    let text = match v {
        Value::String(s) if s.trim().is_empty() => {
            return Err(ApiError::validation(FIELD, "must not be empty"));
        }
        Value::String(s) => s,
        v @ (Value::Object(_) | Value::Array(_)) => {
            serde_json::to_string(&v).map_err(ApiError::internal)?
        }
        _ => {
            return Err(ApiError::validation(
                FIELD,
                "must be a JSON object or a string",
            ));
        }
    };
    if text.chars().count() > TEMPLATE_LIMIT {
        return Err(ApiError::validation(
            FIELD,
            format!("must be at most {TEMPLATE_LIMIT} characters"),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(ApiError::validation(
            FIELD,
            "must not contain control characters",
        ));
    }
    Ok(text)
}

/// A response path naming exactly one value: `$.a.b`, `a.b`, `bidAmount`,
/// with `[0]` indices and `['key']` members, or the XML form `a/b`. No
/// wildcards, filters, slices or recursive descent.
// Mirrors rtb::path::Path::parse; the lead may call it instead.
pub(super) fn check_path(text: &str, field: &str) -> ApiResult<String> {
    let t = text.trim();
    let bad = |reason: &str| Err(ApiError::validation(field, reason.to_string()));
    if t.is_empty() {
        return bad("must not be empty");
    }
    if t.len() > 256 {
        return bad("must be at most 256 characters");
    }
    let member = |k: &str| {
        !k.is_empty()
            && !k.contains([
                '*', '?', '(', ')', '@', ' ', '\'', '"', '[', ']', '.', '/', '$',
            ])
    };
    let index = |k: &str| !k.is_empty() && k.len() <= 6 && k.bytes().all(|b| b.is_ascii_digit());
    let quoted = |k: &str| {
        k.len() >= 2
            && ((k.starts_with('\'') && k.ends_with('\''))
                || (k.starts_with('"') && k.ends_with('"')))
            && !k[1..k.len() - 1].contains(['\'', '"', '\\'])
    };
    // One step: `name`, `name[0]`, `name[0]['k']`, or (after `$`) `[0]`.
    let step = |s: &str, allow_bare_bracket: bool| -> bool {
        let (name, mut rest) = s.split_at(s.find('[').unwrap_or(s.len()));
        if !(member(name) || (name.is_empty() && allow_bare_bracket)) {
            return false;
        }
        while !rest.is_empty() {
            let Some(end) = rest.find(']').filter(|_| rest.starts_with('[')) else {
                return false;
            };
            let inner = rest[1..end].trim();
            if !(index(inner) || quoted(inner)) {
                return false;
            }
            rest = &rest[end + 1..];
        }
        true
    };
    let ok = if let Some(rest) = t.strip_prefix('$') {
        !rest.is_empty()
            && (rest.starts_with('.') || rest.starts_with('['))
            && !rest.contains("..")
            && rest
                .strip_prefix('.')
                .unwrap_or(rest)
                .split('.')
                .enumerate()
                .all(|(i, s)| step(s, i == 0 && rest.starts_with('[')))
    } else if t.contains('/') {
        t.trim_start_matches('/').split('/').all(|s| step(s, false))
    } else {
        t.split('.').all(|s| step(s, false))
    };
    if ok {
        Ok(t.to_string())
    } else {
        bad(
            "must be a path such as $.data.bid.amount, data.bid.amount or bidAmount (no wildcards or filters)",
        )
    }
}

pub(super) fn amount(v: &Value, field: &str) -> ApiResult<i64> {
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => {
            return Err(ApiError::validation(
                field,
                "must be a decimal amount such as \"25.00\"",
            ));
        }
    };
    Money::parse(&text).map(|m| m.0).map_err(invalid(field))
}

pub(super) fn currency(v: &str) -> ApiResult<String> {
    let c = v.trim().to_ascii_uppercase();
    if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(c)
    } else {
        Err(ApiError::validation(
            "currency",
            "must be a three-letter code such as USD",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field_of(e: ApiError) -> String {
        e.details.unwrap()["field"].as_str().unwrap().to_string()
    }

    #[test]
    fn paths_of_the_spec_and_indices_pass_and_wildcards_do_not() {
        for good in [
            "bidAmount",
            "$.bidAmount",
            "$.data.bid.amount",
            "data.bid.amount",
            "$.bids[0].amount",
            "$['the amount']",
            "$[0].x",
            "/response/bid[1]/amount",
            "bid-amount",
        ] {
            assert_eq!(check_path(good, "p").unwrap(), good, "{good}");
        }
        for bad in [
            "",
            " ",
            "$",
            "$.",
            "$..amount",
            "$.*",
            "$.bids[*]",
            "$.bids[?(@.x)]",
            "$.a[",
            "a.",
            ".a",
            "a b",
            "$.bids[-1]",
            "$.bids[0:2]",
            "$a",
        ] {
            assert!(check_path(bad, "p").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn endpoint_urls_are_absolute_http_without_credentials() {
        assert!(endpoint_url("https://api.bidder.com/bid?x=1").is_ok());
        for bad in [
            "ftp://bidder.com",
            "/bid",
            "https://user:pw@bidder.com/bid",
            "https://token@bidder.com",
        ] {
            assert_eq!(
                field_of(endpoint_url(bad).unwrap_err()),
                "endpointUrl",
                "{bad}"
            );
        }
        assert!(endpoint_url("https://bidder.com/a@b").is_ok());
    }

    #[test]
    fn custom_headers_are_valid_unique_and_not_the_clients() {
        let ok = custom_headers(Some(json!({"X-Partner": "acme", "X-Trace": "1"}))).unwrap();
        assert_eq!(ok, r#"{"X-Partner":"acme","X-Trace":"1"}"#);
        assert_eq!(custom_headers(None).unwrap(), "{}");
        for bad in [
            json!({"Bad Header": "x"}),
            json!({"Host": "evil"}),
            json!({"content-length": "1"}),
            json!({"X-A": "line\nbreak"}),
            json!({"X-A": 5}),
            json!({"x-a": "1", "X-A": "2"}),
            json!(["X-A"]),
        ] {
            assert!(custom_headers(Some(bad.clone())).is_err(), "{bad}");
        }
    }

    #[test]
    fn templates_amounts_and_currencies() {
        assert_eq!(
            template(json!({"a": "{requestId}"})).unwrap(),
            r#"{"a":"{requestId}"}"#
        );
        assert_eq!(
            template(json!("<bid>{requestId}</bid>")).unwrap(),
            "<bid>{requestId}</bid>"
        );
        assert!(template(json!(5)).is_err());
        assert!(template(json!("  ")).is_err());
        assert!(template(json!("x".repeat(TEMPLATE_LIMIT + 1))).is_err());
        assert_eq!(amount(&json!("12.5"), "minBid").unwrap(), 12_5000);
        assert_eq!(amount(&json!(3), "minBid").unwrap(), 3_0000);
        assert!(amount(&json!("-1"), "minBid").is_err());
        assert!(amount(&json!(true), "minBid").is_err());
        assert_eq!(currency(" usd ").unwrap(), "USD");
        assert!(currency("US").is_err());
        assert!(currency("U$D").is_err());
        assert_eq!(content_type("application/json").unwrap(), "json");
        assert!(content_type("yaml").is_err());
    }
}
