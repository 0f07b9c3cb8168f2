//! Building one ping: the template rendered for the target (with its bid
//! range as `minBid`/`maxBid`), the URL (GET: template as query string),
//! headers and auth. Pure; the auction sends what this builds.

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use url::Url;

use crate::ssrf::check_literal;
use crate::target::{Auth, Method, TargetConfig};
use crate::template::{Rendered, Variables, names, render};

/// Headers a target may not set: they belong to the transport.
const RESERVED: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "upgrade",
    "te",
    "trailer",
    "keep-alive",
    "proxy-authorization",
    "proxy-connection",
];

/// A ping ready to send.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub method: reqwest::Method,
    pub url: Url,
    pub headers: HeaderMap,
    /// `None` for GET.
    pub body: Option<String>,
    /// Placeholders the template used that had no value.
    pub unknown: Vec<String>,
    /// The rendered template (body, or for GET the added query string);
    /// never the endpoint URL's own query, which may hold a key.
    pub rendered: String,
}

impl Prepared {
    /// What the auction view shows as the request.
    pub fn raw(&self) -> String {
        self.rendered.clone()
    }
}

/// The variables for one target: the call's, plus `minBid`, `maxBid`
/// (the target's bid range, 2 decimals; an unset max is empty) and
/// `targetId`.
pub fn target_variables(target: &TargetConfig, vars: &Variables) -> Variables {
    let max = if target.max_bid.0 > 0 {
        target.max_bid.to_decimal_string(2)
    } else {
        String::new()
    };
    vars.clone()
        .with(names::MIN_BID, target.min_bid.to_decimal_string(2))
        .with(names::MAX_BID, max)
        .with(names::TARGET_ID, target.id.to_string())
}

/// Build the ping for `target`. Fails (before any I/O) when the endpoint
/// is refused by [`check_literal`].
pub fn prepare(
    target: &TargetConfig,
    vars: &Variables,
    allow_private: bool,
) -> Result<Prepared, String> {
    let mut url = check_literal(&target.endpoint_url, allow_private)?;
    let vars = target_variables(target, vars);
    let mut headers = HeaderMap::new();
    headers.insert(
        ACCEPT,
        HeaderValue::from_static(
            "application/json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
        ),
    );
    let (method, body, unknown, rendered) = match target.method {
        Method::Get => {
            let Rendered { text, unknown } = render(
                &target.request_template,
                &vars,
                crate::target::ContentType::Form,
            );
            let text = text.trim().trim_start_matches(['?', '&']);
            if !text.is_empty() {
                let query = match url.query() {
                    Some(q) if !q.is_empty() => format!("{q}&{text}"),
                    _ => text.to_string(),
                };
                url.set_query(Some(&query));
            }
            (reqwest::Method::GET, None, unknown, text.to_string())
        }
        Method::Post | Method::Put => {
            let Rendered { text, unknown } =
                render(&target.request_template, &vars, target.content_type);
            headers.insert(
                CONTENT_TYPE,
                HeaderValue::from_static(target.content_type.mime()),
            );
            let m = if target.method == Method::Put {
                reqwest::Method::PUT
            } else {
                reqwest::Method::POST
            };
            (m, Some(text.clone()), unknown, text)
        }
    };
    match &target.auth {
        Auth::None => {}
        Auth::ApiKeyHeader { header, key } => set(&mut headers, header, key.expose()),
        Auth::Bearer { token } => {
            set(
                &mut headers,
                "authorization",
                &format!("Bearer {}", token.expose()),
            );
        }
        Auth::Basic { user, password } => {
            let encoded = base64(format!("{user}:{}", password.expose()).as_bytes());
            set(&mut headers, "authorization", &format!("Basic {encoded}"));
        }
    }
    for (name, value) in &target.headers {
        set(&mut headers, name, value);
    }
    Ok(Prepared {
        method,
        url,
        headers,
        body,
        unknown,
        rendered,
    })
}

/// Insert a header, skipping reserved names and invalid names/values
/// (a configured header can never smuggle a line break).
fn set(headers: &mut HeaderMap, name: &str, value: &str) {
    let lower = name.trim().to_ascii_lowercase();
    if RESERVED.contains(&lower.as_str()) {
        return;
    }
    let (Ok(name), Ok(mut value)) = (
        HeaderName::from_bytes(lower.as_bytes()),
        HeaderValue::from_str(value.trim()),
    ) else {
        return;
    };
    if lower == "authorization" || lower.contains("key") || lower.contains("token") {
        value.set_sensitive(true);
    }
    headers.insert(name, value);
}

/// Standard base64 (RFC 4648, with padding), for Basic auth.
fn base64(input: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::ContentType;
    use domain::{Money, Secret};

    fn target() -> TargetConfig {
        TargetConfig {
            request_template: r#"{"callerId":"{callerId}","min":{minBid},"max":"{maxBid}"}"#.into(),
            min_bid: Money(5_0000),
            max_bid: Money(50_0000),
            ..TargetConfig::new(
                domain::RtbTargetId(7),
                "T",
                "https://bidder.example/ping?k=1",
            )
        }
    }

    #[test]
    fn post_json_with_bid_range_and_auth() {
        let t = TargetConfig {
            auth: Auth::Basic {
                user: "Aladdin".into(),
                password: Secret::new("open sesame".into()),
            },
            headers: vec![
                ("X-Source".into(), "ccp".into()),
                ("Host".into(), "evil".into()),
                ("X-Bad".into(), "a\r\nInjected: 1".into()),
            ],
            ..target()
        };
        let vars = Variables::new().with("callerId", "+1\"212");
        let p = prepare(&t, &vars, false).unwrap();
        assert_eq!(p.method, reqwest::Method::POST);
        let body: serde_json::Value = serde_json::from_str(p.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["callerId"], "+1\"212");
        assert_eq!(body["min"], serde_json::json!(5.0));
        assert_eq!(body["max"], "50.00");
        assert_eq!(
            p.headers["authorization"],
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(p.headers["content-type"], "application/json");
        assert_eq!(p.headers["x-source"], "ccp");
        assert!(p.headers.get("host").is_none());
        assert!(p.headers.get("x-bad").is_none());
        assert!(!format!("{p:?}").contains("QWxhZGRpbjpvcGVuIHNlc2FtZQ"));
    }

    #[test]
    fn get_fills_the_query_string() {
        let t = TargetConfig {
            method: Method::Get,
            content_type: ContentType::Json,
            request_template: "caller={callerId}&state={callerState}&utm={utm_source}".into(),
            auth: Auth::ApiKeyHeader {
                header: "X-API-Key".into(),
                key: Secret::new("k1".into()),
            },
            ..target()
        };
        let vars = Variables::new()
            .with("callerId", "+1 212&x=y")
            .with("callerState", "CA");
        let p = prepare(&t, &vars, false).unwrap();
        assert!(p.body.is_none());
        let q: Vec<(String, String)> = p.url.query_pairs().into_owned().collect();
        assert_eq!(q[0], ("k".into(), "1".into()));
        assert_eq!(q[1], ("caller".into(), "+1 212&x=y".into()));
        assert_eq!(q[3], ("utm".into(), String::new()));
        assert_eq!(p.unknown, vec!["utm_source".to_string()]);
        assert_eq!(p.headers["x-api-key"], "k1");
        assert!(
            p.raw().starts_with("caller="),
            "the URL's own query is not logged"
        );
    }

    #[test]
    fn forbidden_endpoints_are_refused_before_any_io() {
        let t = TargetConfig::new(domain::RtbTargetId(1), "T", "http://169.254.169.254/latest");
        assert!(prepare(&t, &Variables::new(), false).is_err());
        assert!(prepare(&t, &Variables::new(), true).is_ok());
    }

    #[test]
    fn base64_matches_rfc4648() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
        }
    }
}
