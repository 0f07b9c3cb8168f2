//! Connectors: call events sent to a CRM, an analytics property or an ad
//! platform in the vendor's own API, as the vendor documents it.
//!
//! A connector rides the same outbox, messages and retries as a webhook:
//! each message is one call event, delivered by [`deliver`] in one or
//! more requests (find the contact, create it, log the call…). What the
//! vendor answered decides the verdict: a 2xx of the last step delivers,
//! a failure is judged by the usual schedule unless the vendor says more
//! (Google Ads' `TOO_RECENT_CALL` waits 12 hours; a row the vendor
//! refuses for good fails at once).
//!
//! Every request goes through the webhook client, with its
//! request-forgery guard and 15 s timeout. The delivery log keeps each
//! step's method, path and status, never a query string (GA4's API secret
//! travels there) nor a credential.

mod ga4;
mod google_ads;
mod hubspot;
mod meta;
mod pipedrive;
mod salesforce;

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::{Attempt, DeliveryClient, Verdict};

/// The vendors a connector may speak to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vendor {
    Hubspot,
    Salesforce,
    Pipedrive,
    Ga4,
    Meta,
    GoogleAds,
}

/// A setting or credential of a vendor, as the setup form shows it.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    /// Kept write-only: never shown again once saved.
    pub secret: bool,
    pub required: bool,
    /// Options of a choice (empty: free text).
    pub options: &'static [&'static str],
    /// Used when left empty.
    pub default: &'static str,
    pub help: &'static str,
}

const fn field(key: &'static str, label: &'static str, help: &'static str) -> Field {
    Field {
        key,
        label,
        secret: false,
        required: false,
        options: &[],
        default: "",
        help,
    }
}

const fn required(f: Field) -> Field {
    Field {
        required: true,
        ..f
    }
}

const fn secret(f: Field) -> Field {
    Field {
        secret: true,
        required: true,
        ..f
    }
}

const fn default(f: Field, value: &'static str) -> Field {
    Field {
        default: value,
        ..f
    }
}

const fn choice(f: Field, options: &'static [&'static str]) -> Field {
    Field { options, ..f }
}

/// The call events a connector may send.
pub const CALL_EVENTS: &[&str] = &[
    "call.incoming",
    "call.answered",
    "call.completed",
    "call.converted",
    "call.failed",
];

impl Vendor {
    pub const ALL: [Vendor; 6] = [
        Vendor::Hubspot,
        Vendor::Salesforce,
        Vendor::Pipedrive,
        Vendor::Ga4,
        Vendor::Meta,
        Vendor::GoogleAds,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Vendor::Hubspot => "hubspot",
            Vendor::Salesforce => "salesforce",
            Vendor::Pipedrive => "pipedrive",
            Vendor::Ga4 => "ga4",
            Vendor::Meta => "meta",
            Vendor::GoogleAds => "google_ads",
        }
    }

    pub fn parse(id: &str) -> Option<Vendor> {
        Vendor::ALL.into_iter().find(|v| v.id() == id)
    }

    pub fn name(self) -> &'static str {
        match self {
            Vendor::Hubspot => "HubSpot",
            Vendor::Salesforce => "Salesforce",
            Vendor::Pipedrive => "Pipedrive",
            Vendor::Ga4 => "Google Analytics 4",
            Vendor::Meta => "Meta Conversions API",
            Vendor::GoogleAds => "Google Ads offline call conversions",
        }
    }

    /// What the connector does with each call event.
    pub fn summary(self) -> &'static str {
        match self {
            Vendor::Hubspot => {
                "Finds the caller's contact by phone (or creates it) and logs a call engagement with its duration, outcome and recording link."
            }
            Vendor::Salesforce => {
                "Signs in with OAuth 2.0 (client credentials) and creates a Lead, or a Task on the Lead or Contact with the caller's phone."
            }
            Vendor::Pipedrive => {
                "Finds the caller's person by phone (or creates it) and adds a call activity."
            }
            Vendor::Ga4 => {
                "Sends phone_call and call_converted events with the web visitor's Google Analytics client id (Measurement Protocol)."
            }
            Vendor::Meta => {
                "Sends Lead and Purchase events with the hashed caller number and an event id for deduplication."
            }
            Vendor::GoogleAds => {
                "Uploads converted calls as offline call conversions (caller id, call start, conversion time and value)."
            }
        }
    }

    /// The API's address when none is set.
    pub fn default_base_url(self) -> &'static str {
        match self {
            Vendor::Hubspot => "https://api.hubapi.com",
            Vendor::Salesforce => "https://login.salesforce.com",
            Vendor::Pipedrive => "https://api.pipedrive.com",
            Vendor::Ga4 => "https://www.google-analytics.com",
            Vendor::Meta => "https://graph.facebook.com",
            Vendor::GoogleAds => "https://googleads.googleapis.com",
        }
    }

    /// The events a new connector sends.
    pub fn default_events(self) -> &'static [&'static str] {
        match self {
            Vendor::Ga4 => &["call.completed", "call.converted"],
            Vendor::Meta | Vendor::GoogleAds => &["call.converted"],
            _ => &["call.completed"],
        }
    }

    /// The events it may send.
    pub fn events(self) -> &'static [&'static str] {
        match self {
            Vendor::GoogleAds => &["call.converted"],
            _ => CALL_EVENTS,
        }
    }

    /// Its settings and credentials.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Vendor::Hubspot => hubspot::FIELDS,
            Vendor::Salesforce => salesforce::FIELDS,
            Vendor::Pipedrive => pipedrive::FIELDS,
            Vendor::Ga4 => ga4::FIELDS,
            Vendor::Meta => meta::FIELDS,
            Vendor::GoogleAds => google_ads::FIELDS,
        }
    }

    /// What the field mapping sets, and the fields it sets by default.
    pub fn mapping(self) -> (&'static str, &'static [(&'static str, &'static str)]) {
        match self {
            Vendor::Hubspot => ("Properties of the call engagement", hubspot::MAPPING),
            Vendor::Salesforce => ("Fields of the Lead or Task", salesforce::MAPPING),
            Vendor::Pipedrive => ("Fields of the call activity", pipedrive::MAPPING),
            Vendor::Ga4 => ("Parameters of the event", ga4::MAPPING),
            Vendor::Meta => ("custom_data of the event", meta::MAPPING),
            Vendor::GoogleAds => ("Fields of the call conversion", google_ads::MAPPING),
        }
    }
}

/// A connector as stored, ready to send.
#[derive(Debug)]
pub struct Connector<'a> {
    /// The endpoint's id (access tokens are cached per connector).
    pub id: i64,
    pub vendor: Vendor,
    /// The API's address, without a trailing `/`.
    pub base_url: &'a str,
    pub settings: &'a Map<String, Value>,
    pub credentials: &'a Map<String, Value>,
}

impl Connector<'_> {
    /// A setting, trimmed, or its default.
    fn setting(&self, key: &str) -> String {
        let set = self
            .settings
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or("");
        if !set.is_empty() {
            return set.to_string();
        }
        self.vendor
            .fields()
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.default.to_string())
            .unwrap_or_default()
    }

    fn secret(&self, key: &str) -> &str {
        self.credentials
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// The mapped fields with their templates filled in (defaults first,
    /// then the user's, which win; an empty template removes a field).
    fn mapped(&self, tokens: &BTreeMap<&'static str, String>) -> Vec<(String, String)> {
        let mut out: BTreeMap<String, String> = self
            .vendor
            .mapping()
            .1
            .iter()
            .map(|(k, t)| ((*k).to_string(), (*t).to_string()))
            .collect();
        if let Some(Value::Object(user)) = self.settings.get("mapping") {
            for (k, v) in user {
                out.insert(k.clone(), v.as_str().unwrap_or("").to_string());
            }
        }
        out.into_iter()
            .filter(|(_, t)| !t.is_empty())
            .map(|(k, t)| {
                let v = crate::pixel::render(&t, tokens, crate::pixel::Escape::None);
                (k, v)
            })
            .collect()
    }

    /// A key for this connector's cached access token: a change of
    /// address or credentials makes a new one.
    fn token_key(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.id.to_be_bytes());
        h.update(self.base_url.as_bytes());
        h.update(Value::Object(self.credentials.clone()).to_string());
        h.update(Value::Object(self.settings.clone()).to_string());
        h.finalize().into()
    }
}

/// Access tokens of OAuth connectors, kept until shortly before they
/// expire (Salesforce's, which do not say, for an hour).
#[derive(Debug, Default)]
pub struct TokenCache {
    tokens: Mutex<HashMap<[u8; 32], Token>>,
}

#[derive(Clone, Debug)]
struct Token {
    access: String,
    /// Salesforce's instance URL.
    instance: String,
    until: Instant,
}

impl TokenCache {
    fn get(&self, key: &[u8; 32]) -> Option<Token> {
        let map = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key).filter(|t| t.until > Instant::now()).cloned()
    }

    fn put(&self, key: [u8; 32], token: Token) {
        let mut map = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|_, t| t.until > Instant::now());
        map.insert(key, token);
    }

    fn forget(&self, key: &[u8; 32]) {
        let mut map = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(key);
    }
}

/// What one delivery (all its steps) came to.
#[derive(Debug)]
pub struct Outcome {
    pub attempt: Attempt,
    /// The vendor's answer decides, not the usual schedule.
    pub verdict: Option<Verdict>,
}

/// A connection test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    pub ok: bool,
    pub status: Option<u16>,
    pub message: String,
    pub latency_ms: i64,
}

/// A step that did not get a 2xx.
#[derive(Debug)]
struct Fail {
    status: Option<u16>,
    message: String,
    retry_after_ms: Option<i64>,
    /// The vendor's verdict, when it gives one.
    verdict: Option<Verdict>,
}

impl Fail {
    fn plain(message: impl Into<String>) -> Self {
        Fail {
            status: None,
            message: message.into(),
            retry_after_ms: None,
            verdict: None,
        }
    }

    /// A refusal that no retry will change.
    fn permanent(status: Option<u16>, message: impl Into<String>) -> Self {
        Fail {
            status,
            message: message.into(),
            retry_after_ms: None,
            verdict: Some(Verdict::Failed),
        }
    }
}

/// A request's body.
enum Body<'a> {
    None,
    Json(&'a Value),
    Form(&'a [(&'a str, &'a str)]),
}

/// The steps of one delivery: their log and the last status.
struct Session<'a> {
    client: &'a DeliveryClient,
    started: Instant,
    log: Vec<String>,
    last_status: Option<u16>,
}

/// How much of an answer a failure message quotes.
const QUOTE: usize = 300;

impl<'a> Session<'a> {
    fn new(client: &'a DeliveryClient) -> Self {
        Session {
            client,
            started: Instant::now(),
            log: Vec::new(),
            last_status: None,
        }
    }

    /// One request; its answer's JSON (null when empty or not JSON) on a
    /// 2xx.
    async fn send(
        &mut self,
        method: reqwest::Method,
        url: &str,
        headers: &[(&str, &str)],
        body: Body<'_>,
    ) -> Result<(u16, Value), Fail> {
        let parsed = rtb::check_literal(url, self.client.allow_private())
            .map_err(|e| Fail::plain(format!("the address is not allowed: {e}")))?;
        let path = parsed.path().to_string();
        let mut req = self.client.http().request(method.clone(), parsed);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req = match body {
            Body::None => req,
            Body::Json(v) => req
                .header("content-type", "application/json")
                .body(v.to_string()),
            Body::Form(fields) => req.form(fields),
        };
        let answer = match req.send().await {
            Ok(a) => a,
            Err(e) => {
                let why = if e.is_timeout() {
                    "no answer within 15 s".to_string()
                } else {
                    crate::deliver::root(&e.without_url())
                };
                self.log.push(format!("{method} {path}: {why}"));
                return Err(Fail::plain(format!("{method} {path}: {why}")));
            }
        };
        let status = answer.status().as_u16();
        self.last_status = Some(status);
        let retry_after_ms = answer
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<i64>().ok())
            .map(|s| s.saturating_mul(1000));
        let text = crate::deliver::excerpt_of(answer).await.unwrap_or_default();
        self.log.push(format!("{method} {path} → {status}"));
        if !(200..300).contains(&status) {
            let quoted: String = text.chars().take(QUOTE).collect();
            return Err(Fail {
                status: Some(status),
                message: format!("{method} {path} answered {status}: {quoted}"),
                retry_after_ms,
                verdict: None,
            });
        }
        Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
    }

    /// The attempt as logged: the steps, then what came of them.
    fn finish(self, result: Result<String, Fail>) -> Outcome {
        let latency_ms = self.started.elapsed().as_millis() as i64;
        let mut response = self.log.join("\n");
        match result {
            Ok(note) => {
                if !note.is_empty() {
                    response.push_str(if response.is_empty() { "" } else { "\n" });
                    response.push_str(&note);
                }
                Outcome {
                    attempt: Attempt {
                        status: Some(self.last_status.unwrap_or(200)),
                        latency_ms,
                        response: Some(response.chars().take(1000).collect()),
                        error: None,
                        retry_after_ms: None,
                    },
                    verdict: Some(Verdict::Delivered),
                }
            }
            Err(f) => Outcome {
                attempt: Attempt {
                    status: f.status,
                    latency_ms,
                    response: (!response.is_empty()).then(|| response.chars().take(1000).collect()),
                    error: Some(f.message.chars().take(1000).collect()),
                    retry_after_ms: f.retry_after_ms,
                },
                verdict: f.verdict,
            },
        }
    }
}

/// Deliver one event (`{event, timestamp, call: {…}}`) to a connector.
pub async fn deliver(
    client: &DeliveryClient,
    tokens: &TokenCache,
    c: &Connector<'_>,
    body: &Value,
) -> Outcome {
    let mut s = Session::new(client);
    let event = body["event"].as_str().unwrap_or_default();
    if event == crate::TEST_EVENT {
        let r = test_steps(&mut s, tokens, c).await;
        return s.finish(r);
    }
    if !event.starts_with("call.") {
        return s.finish(Ok(format!("{event} is not a call event: nothing to send")));
    }
    let call = Call::of(body);
    let t = crate::pixel::tokens_of(body);
    let r = match c.vendor {
        Vendor::Hubspot => hubspot::deliver(&mut s, c, &call, &t).await,
        Vendor::Salesforce => salesforce::deliver(&mut s, tokens, c, &call, &t).await,
        Vendor::Pipedrive => pipedrive::deliver(&mut s, c, &call, &t).await,
        Vendor::Ga4 => ga4::deliver(&mut s, c, &call, &t).await,
        Vendor::Meta => meta::deliver(&mut s, c, &call, &t).await,
        Vendor::GoogleAds => google_ads::deliver(&mut s, tokens, c, &call, &t).await,
    };
    s.finish(r)
}

/// Check that the connector's address and credentials work, without
/// writing anything at the vendor (Meta: a test event when a test event
/// code is set).
pub async fn test(client: &DeliveryClient, tokens: &TokenCache, c: &Connector<'_>) -> TestResult {
    let mut s = Session::new(client);
    let r = test_steps(&mut s, tokens, c).await;
    let latency_ms = s.started.elapsed().as_millis() as i64;
    match r {
        Ok(message) => TestResult {
            ok: true,
            status: s.last_status,
            message,
            latency_ms,
        },
        Err(f) => TestResult {
            ok: false,
            status: f.status,
            message: f.message,
            latency_ms,
        },
    }
}

async fn test_steps(
    s: &mut Session<'_>,
    tokens: &TokenCache,
    c: &Connector<'_>,
) -> Result<String, Fail> {
    match c.vendor {
        Vendor::Hubspot => hubspot::test(s, c).await,
        Vendor::Salesforce => salesforce::test(s, tokens, c).await,
        Vendor::Pipedrive => pipedrive::test(s, c).await,
        Vendor::Ga4 => ga4::test(s, c).await,
        Vendor::Meta => meta::test(s, c).await,
        Vendor::GoogleAds => google_ads::test(s, tokens, c).await,
    }
}

/// The parts of a call event the connectors use.
#[derive(Debug, Default)]
struct Call {
    id: i64,
    event: String,
    caller: String,
    tracking_number: String,
    campaign: String,
    duration_secs: i64,
    status: String,
    revenue: f64,
    started_ms: Option<i64>,
    ended_ms: Option<i64>,
    /// When the event happened.
    at_ms: i64,
    recording_url: Option<String>,
    ga_client_id: Option<String>,
    fbclid: Option<String>,
    visitor_id: Option<String>,
}

impl Call {
    fn of(body: &Value) -> Self {
        let call = &body["call"];
        let text = |v: &Value| v.as_str().map(str::to_string).filter(|s| !s.is_empty());
        let ms = |v: &Value| {
            v.as_str()
                .and_then(|s| s.parse::<jiff::Timestamp>().ok())
                .map(|t| t.as_millisecond())
        };
        let at_ms =
            ms(&body["timestamp"]).unwrap_or_else(|| jiff::Timestamp::now().as_millisecond());
        Call {
            id: call["id"].as_i64().unwrap_or_default(),
            event: body["event"].as_str().unwrap_or_default().to_string(),
            caller: text(&call["fromNumber"]).unwrap_or_default(),
            tracking_number: text(&call["toNumber"]).unwrap_or_default(),
            campaign: text(&call["campaignName"]).unwrap_or_default(),
            duration_secs: call["duration"].as_i64().unwrap_or_default(),
            status: text(&call["status"]).unwrap_or_default(),
            revenue: call["revenue"]
                .as_str()
                .and_then(|r| r.parse().ok())
                .unwrap_or_default(),
            started_ms: ms(&call["startedAt"]),
            ended_ms: ms(&call["endedAt"]),
            at_ms,
            recording_url: text(&call["recordingUrl"]),
            ga_client_id: text(&call["attribution"]["ga_client_id"]),
            fbclid: text(&call["attribution"]["fbclid"]),
            visitor_id: text(&call["attribution"]["visitor_id"]),
        }
    }

    /// The caller's number as digits with its country code (E.164
    /// without `+`), for matching and hashing.
    fn caller_digits(&self) -> String {
        self.caller.chars().filter(char::is_ascii_digit).collect()
    }

    /// The caller's number as `+digits`, or empty.
    fn caller_e164(&self) -> String {
        let d = self.caller_digits();
        if d.is_empty() { d } else { format!("+{d}") }
    }

    fn started(&self) -> i64 {
        self.started_ms.unwrap_or(self.at_ms)
    }
}

/// `ms` as a date and time in `tz` (an IANA name; UTC when unknown),
/// formatted with `format` (strftime).
fn local(ms: i64, tz: &str, format: &str) -> String {
    let ts = jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let zone = jiff::tz::TimeZone::get(tz).unwrap_or(jiff::tz::TimeZone::UTC);
    ts.to_zoned(zone).strftime(format).to_string()
}

/// Lowercase hex SHA-256.
fn sha256_hex(s: &str) -> String {
    let digest = Sha256::digest(s.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// How long a token without a stated lifetime is kept.
const TOKEN_DEFAULT_LIFE: Duration = Duration::from_secs(3_600);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendors_round_trip_and_have_required_fields() {
        for v in Vendor::ALL {
            assert_eq!(Vendor::parse(v.id()), Some(v));
            assert!(
                v.fields().iter().any(|f| f.secret),
                "{v:?} has a credential"
            );
            assert!(v.default_events().iter().all(|e| v.events().contains(e)));
        }
        assert_eq!(Vendor::parse("HubSpot"), None);
    }

    #[test]
    fn caller_numbers_normalise() {
        let body = serde_json::json!({"event": "call.completed", "timestamp": "2026-12-07T10:00:00.000Z",
            "call": {"id": 5, "fromNumber": "+1 (212) 555-0123", "attribution": {}}});
        let c = Call::of(&body);
        assert_eq!(c.caller_digits(), "12125550123");
        assert_eq!(c.caller_e164(), "+12125550123");
        assert_eq!(c.at_ms, 1_796_637_600_000);
        assert_eq!(
            local(c.at_ms, "America/New_York", "%Y-%m-%d %H:%M:%S%:z"),
            "2026-12-07 05:00:00-05:00"
        );
        assert_eq!(
            local(c.at_ms, "Nowhere/Else", "%Y-%m-%d %H:%M:%S%:z"),
            "2026-12-07 10:00:00+00:00"
        );
        assert_eq!(
            sha256_hex("12125550123"),
            "53ed517fa8e01227bd3ebdc60c78b3f7a7f3a199decdf492af61584ed4ac608d"
        );
    }
}
