//! Reading a bidder's answer: the body (JSON or XML, sniffed from its
//! first character because bidders' `Content-Type` headers lie), the four
//! configured fields, and the bidder's own rejection code.
//!
//! XML is turned into the same tree as JSON ([`crate::xml`]): the root
//! element is the only member of the document (`{"response": {...}}`).
//! A path is tried from the document first and then from inside the root
//! element,
//! so `$.bidAmount`, `response/bidAmount` and `bidAmount` all read
//! `<response><bidAmount>12</bidAmount></response>`. DTDs are refused.
//!
//! Amounts: JSON numbers or strings holding a plain decimal (`"12.50"`).
//! A currency symbol (`"$12.50"`) is **refused** (it cannot say which
//! dollar), as are exponents in strings, booleans and objects. More than
//! 4 decimals are truncated, never rounded up.

use domain::Money;
use serde_json::Value;

use crate::path::Path;
use crate::target::ResponsePaths;

/// The bid amount as found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Amount {
    /// No value at the path (or `null`, or an empty string).
    Missing,
    Valid(Money),
    /// Below zero: the value as received.
    Negative(String),
    /// Numeric but beyond any plausible bid (over 1,000,000,000): the
    /// value as received.
    TooLarge(String),
    /// Not a plain decimal: the value as received.
    Invalid(String),
}

/// The acceptance flag as found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Acceptance {
    /// No path configured or no value there.
    NotGiven,
    Yes,
    No,
    /// Something that is neither yes nor no (`"maybe"`): treated as no.
    Unclear,
}

/// What the bidder said, before validation against the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extracted {
    pub amount: Amount,
    pub destination: Option<String>,
    pub acceptance: Acceptance,
    pub currency: Option<String>,
    /// `rejectionCode` / `rejection_code` / `rejectCode` when present and
    /// not zero.
    pub rejection_code: Option<u16>,
    /// `rejectionReason` / `rejection_reason` when present and not empty.
    pub rejection_reason: Option<String>,
}

/// Whether a body is XML (`true`) or JSON, judged from its first
/// non-blank character after any BOM.
fn looks_like_xml(body: &str) -> bool {
    body.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
}

/// Parse a response body (at most the capped size) into a JSON tree.
pub fn parse_body(body: &[u8]) -> Result<Value, String> {
    let text = std::str::from_utf8(body).map_err(|_| "body is not UTF-8".to_string())?;
    if looks_like_xml(text) {
        crate::xml::to_json(text)
    } else {
        serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|e| format!("invalid JSON: {e}"))
    }
}

/// The value at `path`: from the document, then from inside an XML root
/// element (which is the single member of the document).
fn find<'a>(doc: &'a Value, path: &Path, xml: bool) -> Option<&'a Value> {
    if let Some(v) = path.lookup(doc, xml) {
        return Some(v);
    }
    match doc {
        Value::Object(map) if xml && map.len() == 1 => map
            .values()
            .next()
            .and_then(|inner| path.lookup(inner, true)),
        _ => None,
    }
}

/// Read the configured fields from a body. Errors are parse errors: an
/// unparseable body or a path that is not valid syntax.
pub fn extract(body: &[u8], paths: &ResponsePaths) -> Result<Extracted, String> {
    let doc = parse_body(body)?;
    let xml = std::str::from_utf8(body).is_ok_and(looks_like_xml);
    let get = |path: Option<&str>| -> Result<Option<&Value>, String> {
        match path.map(str::trim).filter(|p| !p.is_empty()) {
            None => Ok(None),
            Some(p) => {
                let path = Path::parse(p).map_err(|e| format!("response path {p:?}: {e}"))?;
                Ok(find(&doc, &path, xml).filter(|v| !v.is_null()))
            }
        }
    };
    let amount_path = paths.bid_amount.as_deref().unwrap_or("$.bidAmount");
    let amount = get(Some(amount_path))?.map_or(Amount::Missing, amount);
    let destination = get(paths.destination.as_deref())?
        .and_then(text)
        .filter(|s| !s.is_empty());
    let acceptance = get(paths.acceptance.as_deref())?.map_or(Acceptance::NotGiven, acceptance);
    let currency = get(paths.currency.as_deref())?
        .and_then(text)
        .filter(|s| !s.is_empty())
        .map(|s| s.to_ascii_uppercase());
    let first = |names: &[&str]| -> Option<&Value> {
        names.iter().find_map(|n| {
            let path = Path(vec![crate::path::Step::Key((*n).to_string())]);
            find(&doc, &path, xml).filter(|v| !v.is_null())
        })
    };
    let rejection_code = first(&[
        "rejectionCode",
        "rejection_code",
        "rejectCode",
        "reject_code",
    ])
    .and_then(text)
    .and_then(|t| t.parse::<u16>().ok())
    .filter(|&c| c != 0);
    let rejection_reason = first(&["rejectionReason", "rejection_reason", "rejectReason"])
        .and_then(text)
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().take(200).collect());
    Ok(Extracted {
        amount,
        destination,
        acceptance,
        currency,
        rejection_code,
        rejection_reason,
    })
}

/// A scalar as trimmed text (`None` for objects, arrays, null).
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Read a bid amount (see the module docs for what is accepted).
pub fn amount(v: &Value) -> Amount {
    match v {
        Value::Null => Amount::Missing,
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                if i < 0 {
                    return Amount::Negative(i.to_string());
                }
                return decimal(&i.to_string());
            }
            if n.as_u64().is_some() {
                return Amount::TooLarge(n.to_string());
            }
            match n.as_f64() {
                Some(f) if f.is_finite() && f < 0.0 => Amount::Negative(n.to_string()),
                Some(f) if f.is_finite() && f <= 1e12 => decimal(&format!("{f:.6}")),
                Some(f) if f.is_finite() => Amount::TooLarge(n.to_string()),
                _ => Amount::Invalid(n.to_string()),
            }
        }
        Value::String(s) => {
            let t = s.trim();
            if t.is_empty() {
                Amount::Missing
            } else if let Some(rest) = t.strip_prefix('-') {
                match decimal(rest) {
                    Amount::Valid(m) if m.0 == 0 => Amount::Valid(m),
                    Amount::Valid(_) | Amount::TooLarge(_) => Amount::Negative(short(t)),
                    _ => Amount::Invalid(short(t)),
                }
            } else {
                match decimal(t) {
                    Amount::TooLarge(_) => Amount::TooLarge(short(t)),
                    other => other,
                }
            }
        }
        other => Amount::Invalid(short(&other.to_string())),
    }
}

/// A negative amount as sent, in money when it is a plain decimal that
/// money can hold (so that a record keeps what the bidder sent).
pub fn negative_money(sent: &str) -> Option<Money> {
    let rest = sent.trim().strip_prefix('-')?;
    let rest = rest.parse::<f64>().ok().map(|f| format!("{f:.6}"))?;
    match decimal(&rest) {
        Amount::Valid(m) => Some(Money(-m.0)),
        _ => None,
    }
}

/// A plain non-negative decimal, decimals past the 4th truncated.
fn decimal(t: &str) -> Amount {
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) {
        return Amount::Invalid(short(t));
    }
    let whole = whole.trim_start_matches('0');
    if whole.len() > 10 {
        return Amount::TooLarge(short(t));
    }
    let whole = if whole.is_empty() { "0" } else { whole };
    let frac = &frac[..frac.len().min(4)];
    let text = if frac.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}.{frac}")
    };
    match Money::parse(&text) {
        Ok(m) => Amount::Valid(m),
        Err(_) => Amount::TooLarge(short(t)),
    }
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Read an acceptance flag: `true`/`false`, 1/0, "yes"/"no", "accepted"…
pub fn acceptance(v: &Value) -> Acceptance {
    let t = match v {
        Value::Bool(true) => return Acceptance::Yes,
        Value::Bool(false) => return Acceptance::No,
        Value::Null => return Acceptance::NotGiven,
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_ascii_lowercase(),
        _ => return Acceptance::Unclear,
    };
    match t.as_str() {
        "true" | "yes" | "y" | "1" | "1.0" | "accept" | "accepted" | "ok" | "bid" => {
            Acceptance::Yes
        }
        "false" | "no" | "n" | "0" | "0.0" | "reject" | "rejected" | "declined" | "nobid"
        | "no_bid" => Acceptance::No,
        "" => Acceptance::NotGiven,
        _ => Acceptance::Unclear,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn paths(amount: &str, dest: &str, acc: &str, cur: &str) -> ResponsePaths {
        ResponsePaths {
            bid_amount: Some(amount.into()),
            destination: Some(dest.into()),
            acceptance: Some(acc.into()),
            currency: Some(cur.into()),
        }
    }

    #[test]
    fn spec_bare_and_nested_forms() {
        let body = br#"{"bidAmount": 12.5, "destinationNumber": "+12125550100", "accepted": true, "currency": "usd"}"#;
        let e = extract(body, &ResponsePaths::spec_default()).unwrap();
        assert_eq!(e.amount, Amount::Valid(Money(12_5000)));
        assert_eq!(e.destination.as_deref(), Some("+12125550100"));
        assert_eq!(e.acceptance, Acceptance::Yes);
        assert_eq!(e.currency.as_deref(), Some("USD"));

        let body = br#"{"data": {"bid": {"amount": "7.25", "currency": "USD"}, "accepted": "yes"},
                        "routing": {"phone": 2125550100}}"#;
        let p = paths(
            "$.data.bid.amount",
            "routing.phone",
            "data.accepted",
            "$.data.bid.currency",
        );
        let e = extract(body, &p).unwrap();
        assert_eq!(e.amount, Amount::Valid(Money(7_2500)));
        assert_eq!(e.destination.as_deref(), Some("2125550100"));
        assert_eq!(e.acceptance, Acceptance::Yes);
    }

    #[test]
    fn xml_answers_read_with_the_same_paths() {
        let body = br#"<?xml version="1.0"?>
            <response status="ok"><bidAmount>9.75</bidAmount>
              <routing><phone>+12125550100</phone></routing>
              <accepted>1</accepted><rejectionCode>0</rejectionCode></response>"#;
        for p in [
            paths("$.bidAmount", "$.routing.phone", "accepted", "currency"),
            paths(
                "response/bidAmount",
                "/response/routing/phone",
                "$.response.accepted",
                "x",
            ),
            paths(
                "bidAmount",
                "routing/phone[0]",
                "$['response']['accepted']",
                "x",
            ),
        ] {
            let e = extract(body, &p).unwrap();
            assert_eq!(e.amount, Amount::Valid(Money(9_7500)), "{p:?}");
            assert_eq!(e.destination.as_deref(), Some("+12125550100"));
            assert_eq!(e.acceptance, Acceptance::Yes);
            assert_eq!(e.currency, None);
            assert_eq!(e.rejection_code, None);
        }
        let doc = parse_body(body).unwrap();
        assert_eq!(doc["response"]["@status"], "ok");
    }

    #[test]
    fn garbage_bodies_are_parse_errors() {
        for body in [
            &b"{not json"[..],
            b"<unclosed>",
            b"\xff\xfe",
            b"12 13",
            b"OK",
        ] {
            assert!(extract(body, &ResponsePaths::spec_default()).is_err());
        }
        let bad_path = paths("$..x", "a", "b", "c");
        assert!(extract(b"{}", &bad_path).is_err());
    }

    #[test]
    fn amounts_as_numbers_or_strings() {
        let cases = [
            (json!(12), Amount::Valid(Money(12_0000))),
            (json!(12.5), Amount::Valid(Money(12_5000))),
            (json!("12.50"), Amount::Valid(Money(12_5000))),
            (json!(" 0012.123456 "), Amount::Valid(Money(12_1234))),
            (json!(1e3), Amount::Valid(Money(1000_0000))),
            (json!(0), Amount::Valid(Money(0))),
            (json!("-0"), Amount::Valid(Money(0))),
            (json!(null), Amount::Missing),
            (json!(""), Amount::Missing),
            (json!(-5), Amount::Negative("-5".into())),
            (json!(-0.01), Amount::Negative("-0.01".into())),
            (json!("-3.50"), Amount::Negative("-3.50".into())),
            (json!(1e300), Amount::TooLarge("1e+300".into())),
            (json!(u64::MAX), Amount::TooLarge(u64::MAX.to_string())),
            (
                json!("99999999999999999999"),
                Amount::TooLarge("99999999999999999999".into()),
            ),
            (json!("$12.50"), Amount::Invalid("$12.50".into())),
            (json!("1e3"), Amount::Invalid("1e3".into())),
            (json!("12,50"), Amount::Invalid("12,50".into())),
            (json!(true), Amount::Invalid("true".into())),
            (json!({"v": 1}), Amount::Invalid("{\"v\":1}".into())),
        ];
        for (v, want) in cases {
            assert_eq!(amount(&v), want, "{v}");
        }
    }

    #[test]
    fn acceptance_flags() {
        for yes in [
            json!(true),
            json!("true"),
            json!("YES"),
            json!(1),
            json!("1"),
        ] {
            assert_eq!(acceptance(&yes), Acceptance::Yes, "{yes}");
        }
        for no in [json!(false), json!("no"), json!(0), json!("declined")] {
            assert_eq!(acceptance(&no), Acceptance::No, "{no}");
        }
        assert_eq!(acceptance(&json!("maybe")), Acceptance::Unclear);
        assert_eq!(acceptance(&json!([1])), Acceptance::Unclear);
    }

    #[test]
    fn bidder_rejection_fields() {
        let e = extract(
            br#"{"accepted": false, "rejectionCode": "1002", "rejection_reason": "Daily cap exceeded"}"#,
            &ResponsePaths::spec_default(),
        )
        .unwrap();
        assert_eq!(e.rejection_code, Some(1002));
        assert_eq!(e.rejection_reason.as_deref(), Some("Daily cap exceeded"));
        assert_eq!(e.acceptance, Acceptance::No);
        assert_eq!(e.amount, Amount::Missing);
    }
}
