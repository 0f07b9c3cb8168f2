//! One delivery attempt: a signed POST with a 15 s timeout, no redirects
//! followed, through the same request-forgery guard as RTB pings (the
//! address connected to is checked at connection time).

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::Signer;

/// How long an endpoint has to answer.
pub const TIMEOUT: Duration = Duration::from_secs(15);
/// How much of an answer's body the delivery log keeps.
const EXCERPT: usize = 1_000;

/// The shared HTTP client of webhook deliveries.
#[derive(Clone, Debug)]
pub struct DeliveryClient {
    http: reqwest::Client,
    allow_private: bool,
}

/// A message to deliver.
#[derive(Debug)]
pub struct Request<'a> {
    /// GET, POST, PUT or PATCH.
    pub method: &'a str,
    pub url: &'a str,
    /// `webhook-id`: the same on every attempt of the message.
    pub id: &'a str,
    /// Sent unless empty (a GET sends none).
    pub body: &'a str,
    /// The endpoint's own headers (never overriding the signature's).
    pub headers: &'a [(String, String)],
    /// A webhook's signer; a pixel is not signed.
    pub signer: Option<&'a Signer>,
    /// `(user, password)` of HTTP basic authentication.
    pub basic_auth: Option<(&'a str, &'a str)>,
}

/// What one attempt found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub status: Option<u16>,
    pub latency_ms: i64,
    /// The start of the answer's body.
    pub response: Option<String>,
    /// Why there was no answer.
    pub error: Option<String>,
    /// A `Retry-After` in seconds, as ms.
    pub retry_after_ms: Option<i64>,
}

impl DeliveryClient {
    /// `allow_private` lets endpoints live on loopback and private
    /// addresses (tests and local demos), like RTB's setting.
    pub fn new(allow_private: bool) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .user_agent(concat!(
                "CallCenterPro-Webhooks/",
                env!("CARGO_PKG_VERSION")
            ))
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .pool_idle_timeout(Duration::from_secs(60))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(Arc::new(rtb::ssrf::GuardedResolver { allow_private }))
            .build()?;
        Ok(Self {
            http,
            allow_private,
        })
    }

    pub fn allow_private(&self) -> bool {
        self.allow_private
    }

    /// The guarded client, for connectors' own requests.
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// Send one attempt now, signed with the time of sending.
    pub async fn send(&self, r: &Request<'_>, now_secs: i64) -> Attempt {
        let started = Instant::now();
        let failed = |error: String| Attempt {
            status: None,
            latency_ms: started.elapsed().as_millis() as i64,
            response: None,
            error: Some(error),
            retry_after_ms: None,
        };
        if let Err(e) = rtb::check_literal(r.url, self.allow_private) {
            return failed(format!("the address is not allowed: {e}"));
        }
        let method = match r.method {
            "GET" => reqwest::Method::GET,
            "PUT" => reqwest::Method::PUT,
            "PATCH" => reqwest::Method::PATCH,
            _ => reqwest::Method::POST,
        };
        let mut req = self.http.request(method.clone(), r.url);
        let signed = r.signer.is_some();
        let mut typed = false;
        for (name, value) in r.headers {
            let lower = name.to_ascii_lowercase();
            typed |= lower == "content-type";
            let reserved = (signed && lower == "content-type") || lower.starts_with("webhook-");
            if !reserved {
                req = req.header(name.as_str(), value.as_str());
            }
        }
        if let Some((user, password)) = r.basic_auth {
            req = req.basic_auth(user, Some(password));
        }
        if let Some(signer) = r.signer {
            req = req
                .header("webhook-id", r.id)
                .header("webhook-timestamp", now_secs.to_string())
                .header("webhook-signature", signer.sign(r.id, now_secs, r.body));
        }
        if method != reqwest::Method::GET && !r.body.is_empty() {
            if signed || !typed {
                req = req.header("content-type", "application/json");
            }
            req = req.body(r.body.to_string());
        }
        let answer = req.send().await;
        let response = match answer {
            Ok(a) => a,
            Err(e) if e.is_timeout() => return failed("no answer within 15 s".into()),
            Err(e) if e.is_connect() => return failed(format!("could not connect: {}", root(&e))),
            Err(e) => return failed(root(&e)),
        };
        let status = response.status().as_u16();
        let retry_after_ms = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<i64>().ok())
            .map(|s| s.saturating_mul(1000));
        let body = excerpt_of(response).await.ok();
        Attempt {
            status: Some(status),
            latency_ms: started.elapsed().as_millis() as i64,
            response: body,
            error: None,
            retry_after_ms,
        }
    }
}

/// The start of a body, read up to [`EXCERPT`] characters.
pub(crate) async fn excerpt_of(mut response: reqwest::Response) -> Result<String, reqwest::Error> {
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() >= EXCERPT * 4 {
            break;
        }
    }
    let text = String::from_utf8_lossy(&bytes);
    Ok(text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .take(EXCERPT)
        .collect())
}

/// The innermost cause of an error, for the log.
pub(crate) fn root(e: &(dyn std::error::Error + 'static)) -> String {
    let mut inner = e;
    while let Some(next) = inner.source() {
        inner = next;
    }
    inner.to_string()
}
