//! Carrier-agnostic telephony edge of CallCenter Pro, as pure functions.
//!
//! We speak TwiML and Twilio's webhook format; SignalWire (cXML) and Telnyx
//! (TeXML) accept the same documents and post the same parameter names. This
//! crate does no I/O: handlers parse the request, call in here, and serialise.
//!
//! - [`twiml`]: a typed TwiML builder ([`Response`], [`Verb`], [`Dial`], …) whose
//!   output is always well-formed XML, whatever strings go in, plus the
//!   helpers [`twiml::dial_buyer`] and [`twiml::say_and_hangup`].
//! - [`signature`]: `X-Twilio-Signature` computation and constant-time
//!   validation ([`signature::compute`], [`signature::validate`]), following
//!   Twilio's documented algorithm and its helpers' port handling.
//! - [`webhook`]: typed parsing of voice webhook form parameters
//!   ([`IncomingCall`], [`StatusCallback`], [`DialAction`], …) with errors that
//!   name the missing or malformed parameter.
//!
//! ```
//! use telephony::{signature, twiml, IncomingCall};
//!
//! let url = "https://cc.example.com/api/webhooks/twilio";
//! let form: Vec<(String, String)> = [
//!     ("CallSid", "CA123456789"),
//!     ("AccountSid", "AC1"),
//!     ("From", "+12129200892"),
//!     ("To", "+18562813889"),
//!     ("CallStatus", "ringing"),
//! ]
//! .iter()
//! .map(|(k, v)| (k.to_string(), v.to_string()))
//! .collect();
//! let header = signature::compute("auth-token", url, &form); // what Twilio sends
//!
//! assert!(signature::validate("auth-token", url, &form, &header));
//! let call = IncomingCall::from_params(&form)?;
//! let xml = twiml::dial_buyer("+18005551234", &twiml::DialBuyerOptions::default()).to_xml();
//! assert_eq!(call.to, "+18562813889");
//! assert!(xml.ends_with("<Number>+18005551234</Number></Dial></Response>"));
//! # Ok::<(), telephony::WebhookError>(())
//! ```

#![forbid(unsafe_code)]
pub mod signature;
pub mod twiml;
pub mod webhook;

pub use twiml::{
    CallProgressEvent, Dial, DialBuyerOptions, DialNoun, DialRecord, Gather, GatherChild,
    GatherInput, HttpMethod, Number, Pause, Play, Record, Redirect, RejectReason, Response, Say,
    Sip, Verb,
};
pub use webhook::{
    CallStatus, DialAction, DialCallStatus, Direction, GatherAction, IncomingCall, RecordingStatus,
    StatusCallback, WebhookError,
};
