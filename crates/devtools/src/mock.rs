//! A fleet of mock bidders on loopback, for tests, demos and benchmarks
//! (`callcenter mock-bidders`). Each bidder listens on its own port of
//! 127.0.0.1 and answers every request with its behaviour. Not used by
//! the auction itself.
//!
//! Bids are answered in the spec's bare form, which
//! [`rtb::ResponsePaths::spec_default`] reads:
//! `{"accepted": true, "bidAmount": 12.5, "destinationNumber": "+1…", "currency": "USD"}`.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::Money;
use futures_util::stream;
use serde_json::json;

use rtb::TargetConfig;
use rtb::template::EXAMPLE_JSON_TEMPLATE;

/// The destination the mock bidders answer with.
pub const MOCK_DESTINATION: &str = "+12125550100";

/// How one mock bidder answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MockBidder {
    /// A valid JSON bid after `latency_ms`.
    Bid {
        amount: Money,
        latency_ms: u64,
        destination: String,
    },
    /// `{"accepted": false, "bidAmount": 0}`.
    NoBid,
    /// Accepts the connection and never answers.
    Hung,
    /// `200` and headers at once, then one body byte every 100 ms.
    SlowDrip,
    /// `500` with a JSON error body.
    Error500,
    /// A truncated JSON document.
    MalformedJson,
    /// A 10 MB chunked body (no `Content-Length`).
    HugeBody,
    /// The bid as XML (`text/xml`).
    Xml { amount: Money },
    /// The amount as a string (`"12.50"`), sent as `text/plain`.
    BidAsString { amount: Money },
    /// `bidAmount: -5`.
    Negative,
    /// `bidAmount: 1000000000`.
    Absurd,
    /// A destination that is not a phone number.
    BadDestination,
    /// The bidder's own rejection: `accepted: false` with `rejectionCode`.
    Reject(u16),
    /// Bids 1.00 and echoes the request (`received`: method, query,
    /// headers, body) so tests can see what was sent.
    Echo,
}

impl MockBidder {
    /// A valid bid of `amount` (e.g. `"12.50"`) after `latency_ms`; an
    /// unparseable amount bids 0.
    pub fn bid(amount: &str, latency_ms: u64) -> Self {
        MockBidder::Bid {
            amount: Money::parse(amount).unwrap_or_default(),
            latency_ms,
            destination: MOCK_DESTINATION.into(),
        }
    }
}

/// Start one server per bidder on `127.0.0.1:0`; the servers run until
/// the runtime shuts down. Addresses are in the order of `specs`.
pub async fn spawn_fleet(specs: Vec<MockBidder>) -> std::io::Result<Vec<SocketAddr>> {
    let mut addrs = Vec::with_capacity(specs.len());
    for spec in specs {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        addrs.push(listener.local_addr()?);
        let app = Router::new().fallback(move |req: Request| {
            let spec = spec.clone();
            async move { answer(spec, req).await }
        });
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
    }
    Ok(addrs)
}

/// A JSON/POST target for a mock bidder at `addr`, with the spec's
/// example template and response paths, bid range 0-500 USD.
pub fn target(id: i64, addr: SocketAddr) -> TargetConfig {
    TargetConfig {
        request_template: EXAMPLE_JSON_TEMPLATE.into(),
        max_bid: Money(500 * Money::SCALE),
        timeout_ms: 2_000,
        ..TargetConfig::new(
            domain::RtbTargetId(id),
            format!("Mock bidder {id}"),
            format!("http://{addr}/bid"),
        )
    }
}

fn json_bid(amount: serde_json::Value, destination: &str) -> Response {
    let body = json!({
        "accepted": true,
        "bidAmount": amount,
        "destinationNumber": destination,
        "currency": "USD",
    });
    axum::Json(body).into_response()
}

fn number(m: Money) -> serde_json::Value {
    m.to_decimal_string(4)
        .parse::<f64>()
        .map(serde_json::Value::from)
        .unwrap_or_default()
}

async fn answer(spec: MockBidder, req: Request) -> Response {
    match spec {
        MockBidder::Bid {
            amount,
            latency_ms,
            destination,
        } => {
            tokio::time::sleep(Duration::from_millis(latency_ms)).await;
            json_bid(number(amount), &destination)
        }
        MockBidder::NoBid => axum::Json(json!({"accepted": false, "bidAmount": 0})).into_response(),
        MockBidder::Hung => std::future::pending::<Response>().await,
        MockBidder::SlowDrip => {
            let text =
                br#"{"accepted": true, "bidAmount": 5, "destinationNumber": "+12125550100"}"#;
            let body = stream::unfold(0usize, move |i| async move {
                if i >= text.len() {
                    return None;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
                Some((
                    Ok::<_, Infallible>(Bytes::copy_from_slice(&text[i..=i])),
                    i + 1,
                ))
            });
            (
                [(header::CONTENT_TYPE, "application/json")],
                Body::from_stream(body),
            )
                .into_response()
        }
        MockBidder::Error500 => (
            StatusCode::INTERNAL_SERVER_ERROR,
            axum::Json(json!({"error": "internal"})),
        )
            .into_response(),
        MockBidder::MalformedJson => (
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"accepted": true, "bidAmount": 12.5, "destinationNumber": "#,
        )
            .into_response(),
        MockBidder::HugeBody => {
            const CHUNK: usize = 64 * 1024;
            const TOTAL: usize = 10 * 1024 * 1024;
            let body = stream::unfold(0usize, |sent| async move {
                if sent >= TOTAL {
                    return None;
                }
                let chunk = if sent == 0 {
                    let mut c = br#"{"bidAmount": 5, "pad": ""#.to_vec();
                    c.resize(CHUNK, b'x');
                    c
                } else {
                    vec![b'x'; CHUNK]
                };
                Some((Ok::<_, Infallible>(Bytes::from(chunk)), sent + CHUNK))
            });
            (
                [(header::CONTENT_TYPE, "application/json")],
                Body::from_stream(body),
            )
                .into_response()
        }
        MockBidder::Xml { amount } => {
            let xml = format!(
                "<?xml version=\"1.0\"?><response><accepted>true</accepted>\
                 <bidAmount>{}</bidAmount><destinationNumber>{MOCK_DESTINATION}</destinationNumber>\
                 <currency>USD</currency></response>",
                amount.to_decimal_string(2)
            );
            ([(header::CONTENT_TYPE, "text/xml")], xml).into_response()
        }
        MockBidder::BidAsString { amount } => {
            let body = json!({
                "accepted": "yes",
                "bidAmount": amount.to_decimal_string(2),
                "destinationNumber": MOCK_DESTINATION,
            });
            ([(header::CONTENT_TYPE, "text/plain")], body.to_string()).into_response()
        }
        MockBidder::Negative => json_bid(json!(-5), MOCK_DESTINATION),
        MockBidder::Absurd => json_bid(json!(1_000_000_000), MOCK_DESTINATION),
        MockBidder::BadDestination => json_bid(json!(9.5), "call-me-maybe"),
        MockBidder::Reject(code) => {
            let reason = rtb::Rejection::from_code(code).map_or("Rejected", |r| r.reason);
            axum::Json(json!({
                "accepted": false,
                "bidAmount": 0,
                "rejectionCode": code,
                "rejectionReason": reason,
            }))
            .into_response()
        }
        MockBidder::Echo => echo(req).await,
    }
}

async fn echo(req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, 1024 * 1024)
        .await
        .unwrap_or_default();
    let headers: serde_json::Map<String, serde_json::Value> = parts
        .headers
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v.to_str().unwrap_or(""))))
        .collect();
    axum::Json(json!({
        "accepted": true,
        "bidAmount": 1,
        "destinationNumber": MOCK_DESTINATION,
        "received": {
            "method": parts.method.as_str(),
            "query": parts.uri.query().unwrap_or(""),
            "headers": headers,
            "body": String::from_utf8_lossy(&body),
        }
    }))
    .into_response()
}
