//! One RTB target as the auction sees it: where and how to ping the
//! bidder, how to read its answer, and the bid range it may answer with.
//! Built by the caller from stored configuration (the routing snapshot);
//! this crate never reads the database.

use domain::RtbTargetId;
use std::time::Duration;

use domain::{Money, Secret};

/// Per-bidder timeout when the target does not set one (the spec's 5000 ms).
pub const DEFAULT_TIMEOUT_MS: u32 = 5_000;

/// HTTP method of the ping.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Method {
    #[default]
    Post,
    /// The rendered template becomes the query string; no body is sent.
    Get,
    Put,
}

/// How the request template is escaped and which `Content-Type` is sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ContentType {
    #[default]
    Json,
    Xml,
    /// `application/x-www-form-urlencoded` (`a={x}&b={y}`).
    Form,
}

impl ContentType {
    /// The `Content-Type` header value sent with the request body.
    pub fn mime(self) -> &'static str {
        match self {
            ContentType::Json => "application/json",
            ContentType::Xml => "application/xml; charset=utf-8",
            ContentType::Form => "application/x-www-form-urlencoded",
        }
    }
}

/// How the platform authenticates to the bidder. Secrets print as `***`.
#[derive(Clone, Debug, Default)]
pub enum Auth {
    #[default]
    None,
    /// `header: key`, e.g. `X-API-Key: abc`.
    ApiKeyHeader { header: String, key: Secret<String> },
    /// `Authorization: Bearer token`.
    Bearer { token: Secret<String> },
    /// `Authorization: Basic base64(user:password)`.
    Basic {
        user: String,
        password: Secret<String>,
    },
}

/// Where the fields live in the bidder's answer. Each path is `$.a.b[0]`,
/// `$['a']`, dotted `a.b`, bare `bidAmount`, or for XML also `a/b`
/// (see [`crate::parse`]). `None` means "not configured":
///
/// - `bid_amount: None` falls back to `$.bidAmount`;
/// - `destination: None` means the bidder does not send one (the caller
///   routes a winner to the target's configured number);
/// - `acceptance: None` means "accepted when the amount is above zero";
/// - `currency: None` means the bid is in the target's currency.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResponsePaths {
    pub bid_amount: Option<String>,
    pub destination: Option<String>,
    pub acceptance: Option<String>,
    pub currency: Option<String>,
}

impl ResponsePaths {
    /// The spec's bare form: `bidAmount`, `destinationNumber`, `accepted`,
    /// `currency`.
    pub fn spec_default() -> Self {
        Self {
            bid_amount: Some("$.bidAmount".into()),
            destination: Some("$.destinationNumber".into()),
            acceptance: Some("$.accepted".into()),
            currency: Some("$.currency".into()),
        }
    }
}

/// One bidder endpoint.
///
/// Invariants the caller keeps: `endpoint_url` passed
/// [`crate::ssrf::check_endpoint`] when it was saved; `min_bid <= max_bid`
/// unless `max_bid` is zero, which means "no maximum" (the platform
/// ceiling [`crate::validate::BID_CEILING`] still applies).
#[derive(Clone, Debug, Default)]
pub struct TargetConfig {
    pub id: RtbTargetId,
    pub name: String,
    /// Breaks ties between equal bids: higher wins (10 before 1).
    pub priority: i64,
    pub endpoint_url: String,
    pub method: Method,
    pub content_type: ContentType,
    pub auth: Auth,
    /// Extra headers sent as given (after auth; hop-by-hop and invalid
    /// names are skipped).
    pub headers: Vec<(String, String)>,
    /// Per-bidder timeout; 0 means [`DEFAULT_TIMEOUT_MS`]. The auction's
    /// overall deadline bounds it too.
    pub timeout_ms: u32,
    /// JSON, XML or form text with `{variables}`; for GET it fills the
    /// query string (form encoding).
    pub request_template: String,
    pub response_paths: ResponsePaths,
    pub min_bid: Money,
    pub max_bid: Money,
    /// ISO 4217 code the bids must be in (`USD`).
    pub currency: String,
}

impl TargetConfig {
    /// A POST/JSON target with the spec's response paths, no bid range,
    /// USD and the default timeout: the usual starting point.
    pub fn new(id: RtbTargetId, name: impl Into<String>, endpoint_url: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            endpoint_url: endpoint_url.into(),
            response_paths: ResponsePaths::spec_default(),
            currency: "USD".into(),
            ..Self::default()
        }
    }

    /// The per-bidder timeout in force.
    pub fn timeout(&self) -> Duration {
        let ms = if self.timeout_ms == 0 {
            DEFAULT_TIMEOUT_MS
        } else {
            self.timeout_ms
        };
        Duration::from_millis(u64::from(ms))
    }

    /// The currency bids must be in (`USD` when unset).
    pub fn currency(&self) -> &str {
        let c = self.currency.trim();
        if c.is_empty() { "USD" } else { c }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_spec() {
        let t = TargetConfig::new(domain::RtbTargetId(1), "A", "https://bidder.example/ping");
        assert_eq!(t.timeout(), Duration::from_millis(5_000));
        assert_eq!(t.method, Method::Post);
        assert_eq!(t.content_type.mime(), "application/json");
        assert_eq!(t.currency(), "USD");
        assert_eq!(t.response_paths.bid_amount.as_deref(), Some("$.bidAmount"));
    }

    #[test]
    fn secrets_never_print() {
        let t = TargetConfig {
            auth: Auth::Bearer {
                token: Secret::new("tok-123".into()),
            },
            ..TargetConfig::new(domain::RtbTargetId(1), "A", "https://x")
        };
        assert!(!format!("{t:?}").contains("tok-123"));
    }
}
