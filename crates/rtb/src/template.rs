//! Request templates: `{name}` (or `{{name}}`) placeholders filled from a
//! [`Variables`] map, each value escaped for where it lands, so a hostile
//! caller id can never break the JSON, XML or form body.
//!
//! - **JSON**: inside a string literal the value is JSON-string escaped
//!   (`"`, `\`, control characters, U+2028/2029). Outside a string
//!   (`"minBid": {minBid}`) a JSON number, `true`, `false` or `null` is
//!   written raw, an empty value becomes `null`, anything else becomes a
//!   quoted, escaped string.
//! - **XML**: `& < > " '` become entities and characters XML 1.0 forbids
//!   are dropped; inside `<![CDATA[…]]>` only `]]>` is split.
//! - **Form** (and GET query strings): `application/x-www-form-urlencoded`
//!   percent-encoding.
//!
//! A `{` that does not start a well-formed placeholder (a JSON object, a
//! name with spaces) is copied as is. Unknown variables render as the
//! empty string (`null` outside JSON strings) and are listed in
//! [`Rendered::unknown`] so the caller can log the misconfiguration.

use std::collections::BTreeMap;

use crate::escape::{
    cdata_escape_into, form_encode, json_escape_into, json_raw_into, xml_escape_into,
};
use crate::target::ContentType;

/// Names of the variables the platform fills for every ping.
pub mod names {
    pub const REQUEST_ID: &str = "requestId";
    pub const CAMPAIGN_ID: &str = "campaignId";
    pub const CALLER_ID: &str = "callerId";
    pub const CALLER_STATE: &str = "callerState";
    pub const CALLER_ZIP: &str = "callerZip";
    pub const CALLER_CITY: &str = "callerCity";
    pub const CALL_START_TIME: &str = "callStartTime";
    pub const TO_NUMBER: &str = "toNumber";
    pub const CALL_SID: &str = "callSid";
    /// Filled per target by the auction from the target's bid range.
    pub const MIN_BID: &str = "minBid";
    /// Filled per target by the auction from the target's bid range.
    pub const MAX_BID: &str = "maxBid";
    /// Filled per target by the auction.
    pub const TARGET_ID: &str = "targetId";
}

/// The spec's example request template (RTB Management, step 3).
pub const EXAMPLE_JSON_TEMPLATE: &str = r#"{
  "requestId": "{requestId}",
  "campaignId": "{campaignId}",
  "callerId": "{callerId}",
  "callStartTime": "{callStartTime}",
  "geoLocation": {
    "state": "{callerState}",
    "zip": "{callerZip}"
  },
  "bidParams": {
    "minBid": "{minBid}",
    "maxBid": "{maxBid}",
    "currency": "USD"
  }
}"#;

const MAX_NAME_LEN: usize = 64;

/// Whether `name` can be a placeholder: `[A-Za-z_][A-Za-z0-9_.-]{0,63}`.
pub fn is_valid_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
        && name.len() <= MAX_NAME_LEN
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// The values a template is filled from: the call's details plus any
/// tracking parameters (`utm_source`, custom tags).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Variables(BTreeMap<String, String>);

impl Variables {
    pub fn new() -> Self {
        Self::default()
    }

    /// Set `name` (replacing any value). Returns `false`, and sets nothing,
    /// when `name` is not a valid placeholder name.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) -> bool {
        let name = name.into();
        if !is_valid_name(&name) {
            return false;
        }
        self.0.insert(name, value.into());
        true
    }

    /// Builder form of [`Variables::insert`].
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.insert(name, value);
        self
    }

    /// Add tracking parameters (`utm_*`, custom tags). They never replace a
    /// variable already set (a `callerId` query parameter cannot spoof the
    /// caller); invalid names are skipped.
    pub fn extend_tracking<K, V>(&mut self, params: impl IntoIterator<Item = (K, V)>)
    where
        K: Into<String>,
        V: Into<String>,
    {
        for (k, v) in params {
            let k = k.into();
            if !self.0.contains_key(&k) {
                self.insert(k, v);
            }
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// The call's standard variables, spelled once so callers cannot
/// misspell a key. Empty strings are fine for unknown values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallVariables {
    pub request_id: String,
    pub campaign_id: String,
    pub caller_id: String,
    pub caller_state: String,
    pub caller_zip: String,
    pub caller_city: String,
    /// RFC 3339, e.g. `2024-05-01T14:03:00Z`.
    pub call_start_time: String,
    pub to_number: String,
    pub call_sid: String,
}

impl From<CallVariables> for Variables {
    fn from(c: CallVariables) -> Self {
        Variables::new()
            .with(names::REQUEST_ID, c.request_id)
            .with(names::CAMPAIGN_ID, c.campaign_id)
            .with(names::CALLER_ID, c.caller_id)
            .with(names::CALLER_STATE, c.caller_state)
            .with(names::CALLER_ZIP, c.caller_zip)
            .with(names::CALLER_CITY, c.caller_city)
            .with(names::CALL_START_TIME, c.call_start_time)
            .with(names::TO_NUMBER, c.to_number)
            .with(names::CALL_SID, c.call_sid)
    }
}

/// A filled template.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    /// Placeholders with no value, each once, in order of appearance.
    pub unknown: Vec<String>,
}

/// Fill `template` for `kind`. Never fails: see the module docs for how
/// each value is escaped.
pub fn render(template: &str, vars: &Variables, kind: ContentType) -> Rendered {
    let mut out = Rendered {
        text: String::with_capacity(template.len() + 64),
        unknown: Vec::new(),
    };
    let mut in_json_string = false;
    let mut in_cdata = false;
    let mut rest = template;
    while let Some(c) = rest.chars().next() {
        if let Some((name, len)) = (c == '{').then(|| placeholder(rest)).flatten() {
            let value = match vars.get(name) {
                Some(v) => v,
                None => {
                    if !out.unknown.iter().any(|u| u == name) {
                        out.unknown.push(name.to_string());
                    }
                    ""
                }
            };
            match kind {
                ContentType::Json if in_json_string => json_escape_into(&mut out.text, value),
                ContentType::Json => json_raw_into(&mut out.text, value),
                ContentType::Xml if in_cdata => cdata_escape_into(&mut out.text, value),
                ContentType::Xml => xml_escape_into(&mut out.text, value),
                ContentType::Form => out.text.extend(form_encode(value)),
            }
            rest = &rest[len..];
            continue;
        }
        match kind {
            ContentType::Json if in_json_string && c == '\\' => {
                // Copy the escape and the escaped character together.
                let mut chars = rest.chars();
                chars.next();
                out.text.push('\\');
                if let Some(next) = chars.next() {
                    out.text.push(next);
                }
                rest = chars.as_str();
                continue;
            }
            ContentType::Json if c == '"' => in_json_string = !in_json_string,
            ContentType::Xml if !in_cdata && rest.starts_with("<![CDATA[") => {
                out.text.push_str("<![CDATA[");
                rest = &rest["<![CDATA[".len()..];
                in_cdata = true;
                continue;
            }
            ContentType::Xml if in_cdata && rest.starts_with("]]>") => in_cdata = false,
            _ => {}
        }
        out.text.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `{name}` or `{{name}}` at the start of `s`: the name and the length
/// of the whole placeholder.
fn placeholder(s: &str) -> Option<(&str, usize)> {
    if let Some(inner) = s.strip_prefix("{{") {
        let end = inner.find("}}")?;
        let name = &inner[..end];
        if is_valid_name(name) {
            return Some((name, end + 4));
        }
    }
    let inner = s.strip_prefix('{')?;
    let end = inner.find('}')?;
    let name = &inner[..end];
    is_valid_name(name).then_some((name, end + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str =
        "a\"b\\c</x>&d\n\re\t'f\u{0}g\u{1f}\u{2028}h ünï 📞 ]]> {callerId} %&=+?#";

    fn vars() -> Variables {
        Variables::new()
            .with("callerId", HOSTILE)
            .with("minBid", "12.50")
            .with("callerState", "CA")
    }

    #[test]
    fn json_strings_survive_hostile_values() {
        let t = r#"{"callerId": "{callerId}", "state": "{callerState}", "n": "x-{callerId}-y"}"#;
        let r = render(t, &vars(), ContentType::Json);
        let v: serde_json::Value = serde_json::from_str(&r.text).unwrap();
        assert_eq!(v["callerId"], HOSTILE);
        assert_eq!(v["state"], "CA");
        assert_eq!(v["n"], format!("x-{HOSTILE}-y"));
        assert!(r.unknown.is_empty());
        assert!(r.text.contains("\\u2028"), "U+2028 escaped for JS readers");
    }

    #[test]
    fn json_bare_placeholders_become_numbers_or_safe_strings() {
        let t = r#"{"minBid": {minBid}, "caller": {callerId}, "missing": {nope}, "b": {flag}}"#;
        let vars = vars().with("flag", "true");
        let r = render(t, &vars, ContentType::Json);
        let v: serde_json::Value = serde_json::from_str(&r.text).unwrap();
        assert_eq!(v["minBid"], serde_json::json!(12.50));
        assert_eq!(v["caller"], HOSTILE);
        assert!(v["missing"].is_null());
        assert_eq!(v["b"], true);
        assert_eq!(r.unknown, vec!["nope".to_string()]);
    }

    #[test]
    fn spec_example_template_renders_valid_json() {
        let t = r#"{
  "requestId": "{requestId}",
  "callerId": "{callerId}",
  "geoLocation": { "state": "{callerState}", "zip": "{callerZip}" },
  "bidParams": { "minBid": "{minBid}", "maxBid": "{maxBid}", "currency": "USD" },
  "literal": "keep {not a var} and \"{callerState}\" and \\{callerState}"
}"#;
        let r = render(t, &vars().with("requestId", "r1"), ContentType::Json);
        let v: serde_json::Value = serde_json::from_str(&r.text).unwrap();
        assert_eq!(v["requestId"], "r1");
        assert_eq!(v["geoLocation"]["state"], "CA");
        assert_eq!(v["geoLocation"]["zip"], "");
        assert_eq!(v["bidParams"]["minBid"], "12.50");
        assert_eq!(v["literal"], "keep {not a var} and \"CA\" and \\CA");
        assert_eq!(
            r.unknown,
            vec!["callerZip".to_string(), "maxBid".to_string()]
        );
    }

    #[test]
    fn double_braces_work_too() {
        let r = render("{\"c\":\"{{callerState}}\"}", &vars(), ContentType::Json);
        assert_eq!(r.text, "{\"c\":\"CA\"}");
    }

    #[test]
    fn xml_values_are_escaped() {
        let t = "<bid><caller>{callerId}</caller><raw><![CDATA[{callerId}]]></raw></bid>";
        let r = render(t, &vars(), ContentType::Xml);
        let doc = roxmltree::Document::parse(&r.text).unwrap();
        let caller = doc
            .descendants()
            .find(|n| n.has_tag_name("caller"))
            .unwrap();
        let expected: String = HOSTILE
            .chars()
            .filter(|&c| crate::escape::xml_allowed(c))
            .collect();
        // XML parsers normalise a literal \r\n / \r to \n.
        let norm = |s: &str| s.replace("\r\n", "\n").replace('\r', "\n");
        assert_eq!(norm(caller.text().unwrap()), norm(&expected));
        let raw = doc.descendants().find(|n| n.has_tag_name("raw")).unwrap();
        let text: String = raw.children().filter_map(|c| c.text()).collect();
        assert_eq!(norm(&text), norm(&expected));
    }

    #[test]
    fn form_values_are_percent_encoded() {
        let r = render(
            "caller={callerId}&state={callerState}",
            &vars(),
            ContentType::Form,
        );
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(r.text.as_bytes())
            .into_owned()
            .collect();
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[0], ("caller".into(), HOSTILE.into()));
        assert_eq!(pairs[1], ("state".into(), "CA".into()));
    }

    #[test]
    fn tracking_parameters_cannot_override_call_variables() {
        let mut v = Variables::new().with("callerId", "+12125550100");
        v.extend_tracking([
            ("callerId", "spoof"),
            ("utm_source", "google"),
            ("bad name", "x"),
        ]);
        assert_eq!(v.get("callerId"), Some("+12125550100"));
        assert_eq!(v.get("utm_source"), Some("google"));
        assert_eq!(v.get("bad name"), None);
    }
}
