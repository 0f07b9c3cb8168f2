//! Turning one bidder's HTTP outcome into a [`BidResult`]: a pure
//! function of the target, the campaign floor and what came back.
//!
//! Order of the checks (the first that fails decides):
//!
//! 1. timeout / connection error;
//! 2. HTTP status not 2xx → `http_error`;
//! 3. body over the cap → `parse_error` "body too large";
//! 4. `204` or an empty body → `no_bid`;
//! 5. unparseable body or invalid path → `parse_error`;
//! 6. a bidder rejection code (`rejectionCode` …) → `rejected` with it; a
//!    rejection reason text alone counts only when there is no positive bid;
//! 7. acceptance false or unclear, amount missing or 0 → `no_bid` (with
//!    no acceptance path, any non-zero amount counts as accepted);
//! 8. amount negative or not a plain decimal → `rejected` 1104; over the
//!    platform ceiling → 1107;
//! 9. currency other than the target's → 1105;
//! 10. above the target's max (when set) → 1102, below its min → 1101,
//!     below the campaign floor → 1103;
//! 11. destination (when a destination path is configured) neither a
//!     valid phone number (read in the US, stored as E.164) nor a
//!     `sip:`/`sips:` URI → 1106;
//! 12. otherwise `success`.

use domain::{E164, Money};
use serde::{Serialize, Serializer};

use crate::parse::{Acceptance, Amount, extract};
use crate::rejection::Rejection;
use crate::target::TargetConfig;

/// Largest body read from a bidder; reading stops past it.
pub const BODY_CAP: usize = 64 * 1024;
/// How much of a request/response is kept for the auction view.
pub const RAW_KEEP: usize = 8 * 1024;
/// No bid above this is plausible for one call, whatever the target says.
pub const BID_CEILING: Money = Money(10_000 * Money::SCALE);

/// What became of one ping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BidStatus {
    Success,
    NoBid,
    Rejected,
    Timeout,
    HttpError,
    ParseError,
    ConnectionError,
}

impl BidStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BidStatus::Success => "success",
            BidStatus::NoBid => "no_bid",
            BidStatus::Rejected => "rejected",
            BidStatus::Timeout => "timeout",
            BidStatus::HttpError => "http_error",
            BidStatus::ParseError => "parse_error",
            BidStatus::ConnectionError => "connection_error",
        }
    }
}

/// What the transport produced for one ping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HttpOutcome {
    /// A complete response whose body is at most [`BODY_CAP`].
    Response {
        status: u16,
        body: Vec<u8>,
    },
    /// The body went past [`BODY_CAP`]; `prefix` is what was read.
    TooLarge {
        status: u16,
        prefix: Vec<u8>,
    },
    Timeout,
    ConnectionError(String),
}

/// One bidder's result, as stored with the call and shown in the
/// auction view. `status == Success` iff this is a valid bid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BidResult {
    pub target_id: domain::RtbTargetId,
    pub status: BidStatus,
    /// The bid as read (also on rejected bids, when it was a number).
    #[serde(serialize_with = "money_opt")]
    pub amount: Option<Money>,
    /// The bid's currency (the target's when the bidder sent none).
    pub currency: String,
    /// E.164 or a SIP URI; only set when it passed validation.
    pub destination: Option<String>,
    /// Whether the bidder said yes (explicitly, or by a positive amount).
    pub accepted: bool,
    pub rejection: Option<Rejection>,
    pub http_status: Option<u16>,
    pub response_ms: u32,
    pub error: Option<String>,
    /// The request as sent (body, or the query string for GET).
    pub raw_request: String,
    /// The response body, lossy UTF-8, cut at [`RAW_KEEP`] bytes.
    pub raw_response: Option<String>,
}

fn money_opt<S: Serializer>(m: &Option<Money>, s: S) -> Result<S::Ok, S::Error> {
    match m {
        Some(m) => s.serialize_str(&m.to_decimal_string(4)),
        None => s.serialize_none(),
    }
}

/// At most `max` bytes of `bytes` as text, cut on a character boundary.
pub fn keep_text(bytes: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(max)]);
    let mut s = text.into_owned();
    if bytes.len() > max {
        // Drop a replacement char produced by a cut inside a character.
        if s.ends_with('\u{FFFD}') {
            s.pop();
        }
        s.push('…');
    }
    s
}

impl BidResult {
    /// A result with no response yet: the starting point of every status.
    pub fn empty(target: &TargetConfig, status: BidStatus, raw_request: String, ms: u32) -> Self {
        BidResult {
            target_id: target.id,
            status,
            amount: None,
            currency: target.currency().to_string(),
            destination: None,
            accepted: false,
            rejection: None,
            http_status: None,
            response_ms: ms,
            error: None,
            raw_request,
            raw_response: None,
        }
    }

    fn fail(mut self, status: BidStatus, error: impl Into<String>) -> Self {
        self.status = status;
        self.error = Some(error.into());
        self
    }

    fn reject(mut self, rejection: Rejection, error: Option<String>) -> Self {
        self.status = BidStatus::Rejected;
        self.rejection = Some(rejection);
        self.error = error;
        self
    }
}

/// Validate one outcome. Pure: see the module docs for the rules.
pub fn validate(
    target: &TargetConfig,
    floor: Money,
    outcome: &HttpOutcome,
    raw_request: String,
    response_ms: u32,
) -> BidResult {
    let mut r = BidResult::empty(target, BidStatus::NoBid, raw_request, response_ms);
    let (status, body, too_large) = match outcome {
        HttpOutcome::Timeout => return r.fail(BidStatus::Timeout, "no answer before the deadline"),
        HttpOutcome::ConnectionError(e) => return r.fail(BidStatus::ConnectionError, e.clone()),
        HttpOutcome::Response { status, body } => (*status, body, false),
        HttpOutcome::TooLarge { status, prefix } => (*status, prefix, true),
    };
    r.http_status = Some(status);
    r.raw_response = Some(keep_text(body, RAW_KEEP));
    if !(200..300).contains(&status) {
        return r.fail(BidStatus::HttpError, format!("HTTP {status}"));
    }
    if too_large {
        return r.fail(
            BidStatus::ParseError,
            format!("body too large (over {BODY_CAP} bytes)"),
        );
    }
    if status == 204 || body.iter().all(u8::is_ascii_whitespace) {
        r.error = Some("empty response".into());
        return r;
    }
    let e = match extract(body, &target.response_paths) {
        Ok(e) => e,
        Err(err) => return r.fail(BidStatus::ParseError, err),
    };
    if let Amount::Valid(m) = e.amount {
        r.amount = Some(m);
    }
    let positive = matches!(e.amount, Amount::Valid(m) if m.0 > 0);
    // Without a flag, any amount other than zero is an attempt to bid
    // (a negative or garbled one is then rejected, not ignored).
    let attempted = !matches!(e.amount, Amount::Missing | Amount::Valid(Money(0)));
    r.accepted = match e.acceptance {
        Acceptance::Yes => true,
        Acceptance::NotGiven => attempted,
        Acceptance::No | Acceptance::Unclear => false,
    };
    if e.rejection_code.is_some() || (e.rejection_reason.is_some() && !(positive && r.accepted)) {
        let rejection = Rejection::from_bidder(e.rejection_code, e.rejection_reason.as_deref());
        r.accepted = false;
        return r.reject(rejection, e.rejection_reason);
    }
    if e.acceptance == Acceptance::Unclear {
        r.error = Some("acceptance flag is neither yes nor no".into());
        return r;
    }
    if !r.accepted {
        return r;
    }
    let amount = match e.amount {
        Amount::Missing => {
            r.error = Some("accepted without an amount".into());
            return r;
        }
        Amount::Valid(m) if m.0 == 0 => return r,
        Amount::Valid(m) => m,
        Amount::Negative(sent) => {
            // The record keeps what the bidder sent.
            r.amount = crate::parse::negative_money(&sent);
            let msg = format!("negative amount {sent}");
            return r.reject(Rejection::INVALID_AMOUNT, Some(msg));
        }
        Amount::Invalid(v) => {
            let msg = format!("{v:?} is not a plain decimal amount");
            return r.reject(Rejection::INVALID_AMOUNT, Some(msg));
        }
        Amount::TooLarge(sent) => {
            let msg = format!("amount {sent} above the ceiling");
            return r.reject(Rejection::ABOVE_CEILING, Some(msg));
        }
    };
    if amount > BID_CEILING {
        return r.reject(Rejection::ABOVE_CEILING, None);
    }
    let wrong_currency = e
        .currency
        .filter(|c| !c.eq_ignore_ascii_case(target.currency()));
    if let Some(cur) = wrong_currency {
        let msg = format!("bid in {cur}, target takes {}", target.currency());
        r.currency = cur;
        return r.reject(Rejection::CURRENCY_MISMATCH, Some(msg));
    }
    let money = |m: Money| m.to_decimal_string(2);
    if target.max_bid.0 > 0 && amount > target.max_bid {
        let msg = format!("{} above max {}", money(amount), money(target.max_bid));
        return r.reject(Rejection::ABOVE_TARGET_MAX, Some(msg));
    }
    if amount < target.min_bid {
        let msg = format!("{} below min {}", money(amount), money(target.min_bid));
        return r.reject(Rejection::BELOW_TARGET_MIN, Some(msg));
    }
    if amount < floor {
        let msg = format!("{} below floor {}", money(amount), money(floor));
        return r.reject(Rejection::BELOW_FLOOR, Some(msg));
    }
    if target.response_paths.destination.is_some() {
        match e.destination.as_deref().map(destination) {
            Some(Ok(d)) => r.destination = Some(d),
            Some(Err(msg)) => return r.reject(Rejection::INVALID_DESTINATION, Some(msg)),
            None => {
                let msg = "no destination in the bid".to_string();
                return r.reject(Rejection::INVALID_DESTINATION, Some(msg));
            }
        }
    }
    r.status = BidStatus::Success;
    r
}

/// A dialable destination: E.164 (numbers without `+` read as US) or a
/// `sip:`/`sips:` URI of safe characters with a user and a host.
pub fn destination(text: &str) -> Result<String, String> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    if let Some(rest) = lower
        .strip_prefix("sip:")
        .or_else(|| lower.strip_prefix("sips:"))
    {
        let safe = |c: char| c.is_ascii_alphanumeric() || "-_.!~*'()&=+$,;?/%:@[]".contains(c);
        let ok = t.len() <= 256
            && t.chars().all(safe)
            && rest
                .split_once('@')
                .is_some_and(|(user, host)| !user.is_empty() && !host.is_empty());
        return if ok {
            Ok(t.to_string())
        } else {
            Err("destination is not a valid SIP URI".into())
        };
    }
    E164::parse(t, "US")
        .map(E164::into_string)
        .map_err(|e| format!("destination {e}"))
}
