//! Typed views of the form parameters Twilio posts to voice webhooks.
//!
//! Each `from_params` takes the decoded `application/x-www-form-urlencoded`
//! pairs, in any order, and returns the typed struct or a [`WebhookError`]
//! naming the offending parameter. When a name is repeated the first value
//! wins. Optional parameters that are absent or empty become `None`; unknown
//! parameters are ignored. SignalWire (cXML) and Telnyx (TeXML) post the same
//! parameter names for the fields used here.
//!
//! Every text value is cleaned as it is read ([`clean`]): control
//! characters (NUL included) are dropped and the value is cut to
//! [`MAX_VALUE_CHARS`] characters, so that whatever a carrier (or a
//! forger who got past nothing) sends, the call can be recorded on either
//! database. Everything else (case, accents, emoji, any script) is kept
//! exactly as sent.

use domain::CallSid;
use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

/// Why a webhook's parameters could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    /// A required parameter is absent (or empty where a value is required).
    #[error("missing required webhook parameter `{0}`")]
    Missing(&'static str),
    /// A parameter has a value of the wrong shape (e.g. a non-numeric duration).
    #[error("invalid value {value:?} for webhook parameter `{name}`")]
    Invalid { name: &'static str, value: String },
}

/// The first value of parameter `name`, if present.
pub fn param<'a>(params: &'a [(impl AsRef<str>, impl AsRef<str>)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k.as_ref() == name)
        .map(|(_, v)| v.as_ref())
}

fn opt(params: &[(impl AsRef<str>, impl AsRef<str>)], name: &str) -> Option<String> {
    param(params, name).map(clean).filter(|v| !v.is_empty())
}

/// The longest text value kept, in characters; longer ones are cut.
pub const MAX_VALUE_CHARS: usize = 512;

/// `value` without control characters (NUL, C0, DEL, C1), cut to
/// [`MAX_VALUE_CHARS`] characters. Everything else is kept as sent.
pub fn clean(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_VALUE_CHARS)
        .collect()
}

/// Present and non-empty.
fn required(
    params: &[(impl AsRef<str>, impl AsRef<str>)],
    name: &'static str,
) -> Result<String, WebhookError> {
    opt(params, name).ok_or(WebhookError::Missing(name))
}

/// Present, possibly empty (withheld caller ids, client legs).
fn present(
    params: &[(impl AsRef<str>, impl AsRef<str>)],
    name: &'static str,
) -> Result<String, WebhookError> {
    param(params, name)
        .map(clean)
        .ok_or(WebhookError::Missing(name))
}

fn opt_num<T: FromStr>(
    params: &[(impl AsRef<str>, impl AsRef<str>)],
    name: &'static str,
) -> Result<Option<T>, WebhookError> {
    match param(params, name).map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| WebhookError::Invalid {
            name,
            value: v.to_owned(),
        }),
    }
}

fn opt_bool(
    params: &[(impl AsRef<str>, impl AsRef<str>)],
    name: &'static str,
) -> Result<Option<bool>, WebhookError> {
    match param(params, name).map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(v) => Err(WebhookError::Invalid {
            name,
            value: v.to_owned(),
        }),
    }
}

macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $($variant:ident => $text:literal),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)*
            /// A value this version does not know, kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// Parse a wire value (case-insensitive); unknown values are kept.
            pub fn parse(s: &str) -> Self {
                let t = s.trim();
                $(if t.eq_ignore_ascii_case($text) {
                    return Self::$variant;
                })*
                Self::Unknown(t.to_owned())
            }

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)*
                    Self::Unknown(s) => s,
                }
            }
        }

        impl FromStr for $name {
            type Err = Infallible;
            fn from_str(s: &str) -> Result<Self, Infallible> {
                Ok(Self::parse(s))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// `CallStatus`.
    CallStatus {
        Queued => "queued",
        Initiated => "initiated",
        Ringing => "ringing",
        InProgress => "in-progress",
        Completed => "completed",
        Busy => "busy",
        NoAnswer => "no-answer",
        Failed => "failed",
        Canceled => "canceled",
    }
}

impl CallStatus {
    /// The call is over (`completed`, `busy`, `no-answer`, `failed`, `canceled`).
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Busy | Self::NoAnswer | Self::Failed | Self::Canceled
        )
    }
}

string_enum! {
    /// `DialCallStatus`: outcome of a `<Dial>`, posted to its `action` URL.
    DialCallStatus {
        Completed => "completed",
        Answered => "answered",
        Busy => "busy",
        NoAnswer => "no-answer",
        Failed => "failed",
        Canceled => "canceled",
    }
}

impl DialCallStatus {
    /// The dialed party picked up (`completed` or `answered`).
    pub fn was_answered(&self) -> bool {
        matches!(self, Self::Completed | Self::Answered)
    }
}

string_enum! {
    /// `Direction`.
    Direction {
        Inbound => "inbound",
        OutboundApi => "outbound-api",
        OutboundDial => "outbound-dial",
        Trunking => "trunking",
    }
}

/// An incoming call: the parameters of the voice URL request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingCall {
    /// `CallSid` (required).
    pub call_sid: CallSid,
    /// `AccountSid` (required).
    pub account_sid: String,
    /// `From`: the caller (required, may be empty or e.g. `anonymous` when withheld).
    pub from: String,
    /// `To`: the number called (required, may be empty on client legs).
    pub to: String,
    /// `CallStatus` (required).
    pub call_status: CallStatus,
    /// `Direction`; `inbound` when absent.
    pub direction: Direction,
    /// `ApiVersion`.
    pub api_version: Option<String>,
    /// `CallerName` (CNAM, when enabled on the number).
    pub caller_name: Option<String>,
    /// `ForwardedFrom`.
    pub forwarded_from: Option<String>,
    /// `ParentCallSid`.
    pub parent_call_sid: Option<CallSid>,
    /// `FromCity`.
    pub caller_city: Option<String>,
    /// `FromState`.
    pub caller_state: Option<String>,
    /// `FromZip`.
    pub caller_zip: Option<String>,
    /// `FromCountry`.
    pub caller_country: Option<String>,
    /// `ToCity`.
    pub called_city: Option<String>,
    /// `ToState`.
    pub called_state: Option<String>,
    /// `ToZip`.
    pub called_zip: Option<String>,
    /// `ToCountry`.
    pub called_country: Option<String>,
    /// `StirVerstat` (SHAKEN/STIR attestation result, e.g. `TN-Validation-Passed-A`).
    pub stir_verstat: Option<String>,
}

impl IncomingCall {
    pub fn from_params(
        params: &[(impl AsRef<str>, impl AsRef<str>)],
    ) -> Result<Self, WebhookError> {
        Ok(Self {
            call_sid: CallSid(required(params, "CallSid")?),
            account_sid: required(params, "AccountSid")?,
            from: present(params, "From")?,
            to: present(params, "To")?,
            call_status: CallStatus::parse(&required(params, "CallStatus")?),
            direction: opt(params, "Direction")
                .map(|d| Direction::parse(&d))
                .unwrap_or(Direction::Inbound),
            api_version: opt(params, "ApiVersion"),
            caller_name: opt(params, "CallerName"),
            forwarded_from: opt(params, "ForwardedFrom"),
            parent_call_sid: opt(params, "ParentCallSid").map(CallSid),
            caller_city: opt(params, "FromCity"),
            caller_state: opt(params, "FromState"),
            caller_zip: opt(params, "FromZip"),
            caller_country: opt(params, "FromCountry"),
            called_city: opt(params, "ToCity"),
            called_state: opt(params, "ToState"),
            called_zip: opt(params, "ToZip"),
            called_country: opt(params, "ToCountry"),
            stir_verstat: opt(params, "StirVerstat"),
        })
    }
}

/// A call status callback (`statusCallback` of a call or of a `<Number>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCallback {
    /// `CallSid` (required).
    pub call_sid: CallSid,
    /// `CallStatus` (required).
    pub call_status: CallStatus,
    /// `AccountSid`.
    pub account_sid: Option<String>,
    /// `ParentCallSid`: the inbound call a dialed leg belongs to.
    pub parent_call_sid: Option<CallSid>,
    /// `From`.
    pub from: Option<String>,
    /// `To`.
    pub to: Option<String>,
    /// `Direction`.
    pub direction: Option<Direction>,
    /// `CallDuration`, seconds (sent once the call has ended).
    pub call_duration: Option<u32>,
    /// `RecordingUrl`.
    pub recording_url: Option<String>,
    /// `RecordingSid`.
    pub recording_sid: Option<String>,
    /// `RecordingDuration`, seconds.
    pub recording_duration: Option<u32>,
    /// `Price` as sent (a signed decimal string, e.g. `-0.0085`), where the carrier sends it.
    pub price: Option<String>,
    /// `PriceUnit`, e.g. `USD`.
    pub price_unit: Option<String>,
    /// `Timestamp` as sent (RFC 2822, e.g. `Mon, 16 Aug 2010 03:45:01 +0000`).
    pub timestamp: Option<String>,
    /// `SequenceNumber`: order of the callbacks of one call, from 0.
    pub sequence_number: Option<u32>,
    /// `CallbackSource`, e.g. `call-progress-events`.
    pub callback_source: Option<String>,
    /// `SipResponseCode`.
    pub sip_response_code: Option<u16>,
    /// `AnsweredBy` (answering machine detection).
    pub answered_by: Option<String>,
}

impl StatusCallback {
    pub fn from_params(
        params: &[(impl AsRef<str>, impl AsRef<str>)],
    ) -> Result<Self, WebhookError> {
        Ok(Self {
            call_sid: CallSid(required(params, "CallSid")?),
            call_status: CallStatus::parse(&required(params, "CallStatus")?),
            account_sid: opt(params, "AccountSid"),
            parent_call_sid: opt(params, "ParentCallSid").map(CallSid),
            from: opt(params, "From"),
            to: opt(params, "To"),
            direction: opt(params, "Direction").map(|d| Direction::parse(&d)),
            call_duration: opt_num(params, "CallDuration")?,
            recording_url: opt(params, "RecordingUrl"),
            recording_sid: opt(params, "RecordingSid"),
            recording_duration: opt_num(params, "RecordingDuration")?,
            price: opt(params, "Price"),
            price_unit: opt(params, "PriceUnit"),
            timestamp: opt(params, "Timestamp"),
            sequence_number: opt_num(params, "SequenceNumber")?,
            callback_source: opt(params, "CallbackSource"),
            sip_response_code: opt_num(params, "SipResponseCode")?,
            answered_by: opt(params, "AnsweredBy"),
        })
    }
}

/// The request to a `<Dial action>` URL once the dialed leg has ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialAction {
    /// `CallSid` of the original (inbound) call (required).
    pub call_sid: CallSid,
    /// `DialCallStatus` (required).
    pub dial_call_status: DialCallStatus,
    /// `DialCallSid`: the dialed leg (absent when no leg was created).
    pub dial_call_sid: Option<String>,
    /// `DialCallDuration`, seconds of the dialed leg.
    pub dial_call_duration: Option<u32>,
    /// `DialBridged`: whether the legs were bridged.
    pub dial_bridged: Option<bool>,
    /// `AccountSid`.
    pub account_sid: Option<String>,
    /// `CallStatus` of the original call.
    pub call_status: Option<CallStatus>,
    /// `RecordingUrl` (when the `<Dial>` recorded).
    pub recording_url: Option<String>,
    /// `RecordingSid`.
    pub recording_sid: Option<String>,
    /// `RecordingDuration`, seconds.
    pub recording_duration: Option<u32>,
}

impl DialAction {
    pub fn from_params(
        params: &[(impl AsRef<str>, impl AsRef<str>)],
    ) -> Result<Self, WebhookError> {
        Ok(Self {
            call_sid: CallSid(required(params, "CallSid")?),
            dial_call_status: DialCallStatus::parse(&required(params, "DialCallStatus")?),
            dial_call_sid: opt(params, "DialCallSid"),
            dial_call_duration: opt_num(params, "DialCallDuration")?,
            dial_bridged: opt_bool(params, "DialBridged")?,
            account_sid: opt(params, "AccountSid"),
            call_status: opt(params, "CallStatus").map(|s| CallStatus::parse(&s)),
            recording_url: opt(params, "RecordingUrl"),
            recording_sid: opt(params, "RecordingSid"),
            recording_duration: opt_num(params, "RecordingDuration")?,
        })
    }
}

/// A recording status callback (`recordingStatusCallback`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingStatus {
    /// `CallSid` (required).
    pub call_sid: CallSid,
    /// `RecordingSid` (required).
    pub recording_sid: String,
    /// `RecordingUrl` (required).
    pub recording_url: String,
    /// `RecordingStatus`, e.g. `completed`, `absent`, `failed` (required).
    pub recording_status: String,
    /// `AccountSid`.
    pub account_sid: Option<String>,
    /// `RecordingDuration`, seconds.
    pub recording_duration: Option<u32>,
    /// `RecordingChannels`.
    pub recording_channels: Option<u32>,
    /// `RecordingSource`, e.g. `DialVerb`.
    pub recording_source: Option<String>,
}

impl RecordingStatus {
    pub fn from_params(
        params: &[(impl AsRef<str>, impl AsRef<str>)],
    ) -> Result<Self, WebhookError> {
        Ok(Self {
            call_sid: CallSid(required(params, "CallSid")?),
            recording_sid: required(params, "RecordingSid")?,
            recording_url: required(params, "RecordingUrl")?,
            recording_status: required(params, "RecordingStatus")?,
            account_sid: opt(params, "AccountSid"),
            recording_duration: opt_num(params, "RecordingDuration")?,
            recording_channels: opt_num(params, "RecordingChannels")?,
            recording_source: opt(params, "RecordingSource"),
        })
    }
}

/// The request to a `<Gather action>` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatherAction {
    /// `CallSid` (required).
    pub call_sid: CallSid,
    /// `Digits` pressed (absent or empty when none).
    pub digits: Option<String>,
    /// `SpeechResult`.
    pub speech_result: Option<String>,
    /// `Confidence` of the speech result, as sent (0.0–1.0).
    pub confidence: Option<String>,
}

impl GatherAction {
    pub fn from_params(
        params: &[(impl AsRef<str>, impl AsRef<str>)],
    ) -> Result<Self, WebhookError> {
        Ok(Self {
            call_sid: CallSid(required(params, "CallSid")?),
            digits: opt(params, "Digits"),
            speech_result: opt(params, "SpeechResult"),
            confidence: opt(params, "Confidence"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn values_keep_everything_but_control_characters_and_excess_length() {
        let sent = "Montr\u{e9}al \u{1F4DE} \u{6771}\u{4EAC} ChIcAgO";
        let mut params = incoming();
        params.retain(|(k, _)| k != "FromCity" && k != "FromState");
        params.push(("FromCity".into(), sent.into()));
        params.push(("FromState".into(), "n\u{0}y\u{7}\u{9f}\t".into()));
        let call = IncomingCall::from_params(&params).unwrap();
        assert_eq!(call.caller_city.as_deref(), Some(sent));
        assert_eq!(call.caller_state.as_deref(), Some("ny"));
        let long: String = "\u{e9}".repeat(MAX_VALUE_CHARS + 10);
        assert_eq!(clean(&long).chars().count(), MAX_VALUE_CHARS);
        assert_eq!(
            clean(&long[..2 * MAX_VALUE_CHARS]),
            long[..2 * MAX_VALUE_CHARS]
        );
        // A value of nothing but control characters is no value.
        params.retain(|(k, _)| k != "FromZip");
        params.push(("FromZip".into(), "\u{0}\u{0}".into()));
        let call = IncomingCall::from_params(&params).unwrap();
        assert_eq!(call.caller_zip, None);
    }

    fn incoming() -> Vec<(String, String)> {
        pairs(&[
            ("AccountSid", "AC0123456789abcdef0123456789abcdef"),
            ("ApiVersion", "2010-04-01"),
            ("CallSid", "CA123456789"),
            ("CallStatus", "ringing"),
            ("Called", "+18562813889"),
            ("Caller", "+12129200892"),
            ("Direction", "inbound"),
            ("From", "+12129200892"),
            ("FromCity", "NEW YORK"),
            ("FromState", "NY"),
            ("FromZip", "10001"),
            ("FromCountry", "US"),
            ("To", "+18562813889"),
            ("ToCity", ""),
            ("ToState", "NJ"),
            ("ToCountry", "US"),
            ("StirVerstat", "TN-Validation-Passed-A"),
        ])
    }

    #[test]
    fn parses_incoming_call() {
        let call = IncomingCall::from_params(&incoming()).unwrap();
        assert_eq!(call.call_sid, "CA123456789");
        assert_eq!(call.account_sid, "AC0123456789abcdef0123456789abcdef");
        assert_eq!(call.from, "+12129200892");
        assert_eq!(call.to, "+18562813889");
        assert_eq!(call.call_status, CallStatus::Ringing);
        assert_eq!(call.direction, Direction::Inbound);
        assert_eq!(call.api_version.as_deref(), Some("2010-04-01"));
        assert_eq!(call.caller_city.as_deref(), Some("NEW YORK"));
        assert_eq!(call.caller_state.as_deref(), Some("NY"));
        assert_eq!(call.caller_zip.as_deref(), Some("10001"));
        assert_eq!(call.caller_country.as_deref(), Some("US"));
        assert_eq!(call.called_city, None, "empty values are absent");
        assert_eq!(call.called_state.as_deref(), Some("NJ"));
        assert_eq!(call.called_zip, None);
        assert_eq!(call.caller_name, None);
        assert_eq!(call.stir_verstat.as_deref(), Some("TN-Validation-Passed-A"));
    }

    #[test]
    fn incoming_call_names_the_missing_field() {
        for name in ["CallSid", "AccountSid", "From", "To", "CallStatus"] {
            let params: Vec<_> = incoming().into_iter().filter(|(k, _)| k != name).collect();
            assert_eq!(
                IncomingCall::from_params(&params),
                Err(WebhookError::Missing(name)),
                "{name}"
            );
        }
        let err = WebhookError::Missing("CallSid").to_string();
        assert!(err.contains("CallSid"), "{err}");
    }

    #[test]
    fn withheld_caller_and_defaults() {
        let params = pairs(&[
            ("CallSid", "CA1"),
            ("AccountSid", "AC1"),
            ("From", ""),
            ("To", "+18562813889"),
            ("CallStatus", "ringing"),
        ]);
        let call = IncomingCall::from_params(&params);
        assert_eq!(call.as_ref().map(|c| c.from.as_str()), Ok(""));
        assert_eq!(call.map(|c| c.direction), Ok(Direction::Inbound));
        // Empty required sid is missing.
        let params = pairs(&[
            ("CallSid", ""),
            ("AccountSid", "AC1"),
            ("From", "+1"),
            ("To", "+1"),
            ("CallStatus", "ringing"),
        ]);
        assert_eq!(
            IncomingCall::from_params(&params),
            Err(WebhookError::Missing("CallSid"))
        );
    }

    #[test]
    fn first_value_wins() {
        let mut params = incoming();
        params.push(("CallSid".into(), "CAattacker".into()));
        assert_eq!(
            IncomingCall::from_params(&params).map(|c| c.call_sid.0),
            Ok("CA123456789".to_owned())
        );
        assert_eq!(param(&params, "CallSid"), Some("CA123456789"));
        assert_eq!(param(&params, "Nope"), None);
    }

    #[test]
    fn parses_status_callback() {
        let params = pairs(&[
            ("CallSid", "CA123456789"),
            ("CallStatus", "completed"),
            ("CallDuration", "125"),
            ("AccountSid", "AC1"),
            ("ParentCallSid", "CA0"),
            ("Direction", "outbound-dial"),
            (
                "RecordingUrl",
                "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1",
            ),
            ("RecordingSid", "RE1"),
            ("RecordingDuration", "120"),
            ("Price", "-0.0085"),
            ("PriceUnit", "USD"),
            ("Timestamp", "Mon, 16 Aug 2010 03:45:01 +0000"),
            ("SequenceNumber", "3"),
            ("CallbackSource", "call-progress-events"),
            ("SipResponseCode", "200"),
        ]);
        let cb = StatusCallback::from_params(&params).unwrap();
        assert_eq!(cb.call_sid, "CA123456789");
        assert_eq!(cb.call_status, CallStatus::Completed);
        assert!(cb.call_status.is_final());
        assert_eq!(cb.call_duration, Some(125));
        assert_eq!(cb.parent_call_sid.as_deref(), Some("CA0"));
        assert_eq!(cb.direction, Some(Direction::OutboundDial));
        assert_eq!(cb.recording_sid.as_deref(), Some("RE1"));
        assert_eq!(cb.recording_duration, Some(120));
        assert_eq!(cb.price.as_deref(), Some("-0.0085"));
        assert_eq!(cb.price_unit.as_deref(), Some("USD"));
        assert_eq!(
            cb.timestamp.as_deref(),
            Some("Mon, 16 Aug 2010 03:45:01 +0000")
        );
        assert_eq!(cb.sequence_number, Some(3));
        assert_eq!(cb.callback_source.as_deref(), Some("call-progress-events"));
        assert_eq!(cb.sip_response_code, Some(200));
        assert_eq!(cb.answered_by, None);
    }

    #[test]
    fn status_callback_minimal_and_errors() {
        // The spec's example body.
        let params = pairs(&[
            ("CallSid", "CA123456789"),
            ("CallStatus", "completed"),
            ("CallDuration", "125"),
        ]);
        let cb = StatusCallback::from_params(&params);
        assert_eq!(cb.as_ref().map(|c| c.call_duration), Ok(Some(125)));
        assert_eq!(cb.map(|c| c.recording_url), Ok(None));

        let params = pairs(&[
            ("CallSid", "CA1"),
            ("CallStatus", "ringing"),
            ("CallDuration", ""),
        ]);
        assert_eq!(
            StatusCallback::from_params(&params).map(|c| c.call_duration),
            Ok(None)
        );

        let params = pairs(&[
            ("CallSid", "CA1"),
            ("CallStatus", "completed"),
            ("CallDuration", "-4"),
        ]);
        assert_eq!(
            StatusCallback::from_params(&params),
            Err(WebhookError::Invalid {
                name: "CallDuration",
                value: "-4".into()
            })
        );
        let params = pairs(&[
            ("CallSid", "CA1"),
            ("CallStatus", "completed"),
            ("SequenceNumber", "x"),
        ]);
        let err = StatusCallback::from_params(&params)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("SequenceNumber") && err.contains("\"x\""),
            "{err}"
        );

        let params = pairs(&[("CallSid", "CA1")]);
        assert_eq!(
            StatusCallback::from_params(&params),
            Err(WebhookError::Missing("CallStatus"))
        );
        let params = pairs(&[("CallStatus", "completed")]);
        assert_eq!(
            StatusCallback::from_params(&params),
            Err(WebhookError::Missing("CallSid"))
        );
    }

    #[test]
    fn call_status_values() {
        let all = [
            ("queued", CallStatus::Queued),
            ("initiated", CallStatus::Initiated),
            ("ringing", CallStatus::Ringing),
            ("in-progress", CallStatus::InProgress),
            ("completed", CallStatus::Completed),
            ("busy", CallStatus::Busy),
            ("no-answer", CallStatus::NoAnswer),
            ("failed", CallStatus::Failed),
            ("canceled", CallStatus::Canceled),
        ];
        for (text, status) in all {
            assert_eq!(CallStatus::parse(text), status);
            assert_eq!(status.as_str(), text);
            assert_eq!(status.to_string(), text);
            assert_eq!(text.parse::<CallStatus>(), Ok(status));
        }
        assert_eq!(CallStatus::parse(" In-Progress "), CallStatus::InProgress);
        assert_eq!(
            CallStatus::parse("answered"),
            CallStatus::Unknown("answered".into())
        );
        assert_eq!(CallStatus::Unknown("x".into()).as_str(), "x");
        assert!(!CallStatus::Ringing.is_final());
        assert!(!CallStatus::InProgress.is_final());
        assert!(CallStatus::NoAnswer.is_final());
        assert_eq!(Direction::parse("outbound-api"), Direction::OutboundApi);
        assert_eq!(Direction::parse("trunking"), Direction::Trunking);
    }

    #[test]
    fn parses_dial_action() {
        let params = pairs(&[
            ("CallSid", "CA0"),
            ("AccountSid", "AC1"),
            ("CallStatus", "in-progress"),
            ("DialCallStatus", "completed"),
            ("DialCallSid", "CA9"),
            ("DialCallDuration", "61"),
            ("DialBridged", "true"),
            ("RecordingUrl", "https://example.com/r"),
            ("RecordingSid", "RE1"),
            ("RecordingDuration", "60"),
        ]);
        let a = DialAction::from_params(&params).unwrap();
        assert_eq!(a.call_sid, "CA0");
        assert_eq!(a.dial_call_status, DialCallStatus::Completed);
        assert!(a.dial_call_status.was_answered());
        assert_eq!(a.dial_call_sid.as_deref(), Some("CA9"));
        assert_eq!(a.dial_call_duration, Some(61));
        assert_eq!(a.dial_bridged, Some(true));
        assert_eq!(a.call_status, Some(CallStatus::InProgress));
        assert_eq!(a.recording_duration, Some(60));

        for (text, status, answered) in [
            ("completed", DialCallStatus::Completed, true),
            ("answered", DialCallStatus::Answered, true),
            ("busy", DialCallStatus::Busy, false),
            ("no-answer", DialCallStatus::NoAnswer, false),
            ("failed", DialCallStatus::Failed, false),
            ("canceled", DialCallStatus::Canceled, false),
        ] {
            let params = pairs(&[("CallSid", "CA0"), ("DialCallStatus", text)]);
            let a = DialAction::from_params(&params);
            assert_eq!(a.as_ref().map(|a| a.dial_call_status.clone()), Ok(status));
            assert_eq!(a.map(|a| a.dial_call_status.was_answered()), Ok(answered));
        }

        let params = pairs(&[("CallSid", "CA0")]);
        assert_eq!(
            DialAction::from_params(&params),
            Err(WebhookError::Missing("DialCallStatus"))
        );
        let params = pairs(&[
            ("CallSid", "CA0"),
            ("DialCallStatus", "busy"),
            ("DialBridged", "yes"),
        ]);
        assert_eq!(
            DialAction::from_params(&params),
            Err(WebhookError::Invalid {
                name: "DialBridged",
                value: "yes".into()
            })
        );
        let params = pairs(&[
            ("CallSid", "CA0"),
            ("DialCallStatus", "busy"),
            ("DialCallDuration", "1.5"),
        ]);
        assert_eq!(
            DialAction::from_params(&params),
            Err(WebhookError::Invalid {
                name: "DialCallDuration",
                value: "1.5".into()
            })
        );
    }

    #[test]
    fn parses_recording_status_and_gather() {
        let params = pairs(&[
            ("CallSid", "CA1"),
            ("RecordingSid", "RE1"),
            ("RecordingUrl", "https://example.com/RE1"),
            ("RecordingStatus", "completed"),
            ("RecordingDuration", "42"),
            ("RecordingChannels", "2"),
            ("RecordingSource", "DialVerb"),
        ]);
        let r = RecordingStatus::from_params(&params);
        assert_eq!(r.as_ref().map(|r| r.recording_duration), Ok(Some(42)));
        assert_eq!(r.map(|r| r.recording_channels), Ok(Some(2)));
        assert_eq!(
            RecordingStatus::from_params(&params[..2]),
            Err(WebhookError::Missing("RecordingUrl"))
        );

        let params = pairs(&[("CallSid", "CA1"), ("Digits", "1"), ("SpeechResult", "")]);
        let g = GatherAction::from_params(&params);
        assert_eq!(g.as_ref().map(|g| g.digits.as_deref()), Ok(Some("1")));
        assert_eq!(g.map(|g| g.speech_result), Ok(None));
    }
}
