//! A small typed TwiML builder.
//!
//! A [`Response`] is a list of [`Verb`]s; [`Response::to_xml`] renders a complete
//! document (`<?xml version="1.0" encoding="UTF-8"?><Response>…</Response>`) on
//! one line. Every text node and attribute value goes through one escaping
//! function, so a caller-controlled string (a campaign greeting, a buyer's SIP
//! URI, a URL with `&` in its query) can never change the document's structure:
//! `&`, `<`, `>`, `"` and `'` are escaped, tab/newline/carriage return inside
//! attributes are written as character references (so XML attribute-value
//! normalisation keeps them), and characters that XML 1.0 forbids (most C0
//! controls, U+FFFE, U+FFFF) are dropped.
//!
//! The same documents are accepted by SignalWire (cXML) and Telnyx (TeXML) for
//! the verbs and attributes used here.
//!
//! ```
//! use telephony::twiml::{self, DialBuyerOptions};
//!
//! let xml = twiml::dial_buyer("+18005551234", &DialBuyerOptions {
//!     record: true,
//!     action: Some("https://cc.example.com/api/webhooks/twilio/dial?call=1&leg=2".into()),
//!     ..DialBuyerOptions::default()
//! })
//! .to_xml();
//! assert!(xml.contains(r#"record="record-from-answer""#));
//! assert!(xml.contains("call=1&amp;leg=2"));
//! ```

use std::fmt;

/// HTTP method Twilio uses to request a callback or action URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    Get,
    Post,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

/// `record` attribute of `<Dial>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DialRecord {
    DoNotRecord,
    RecordFromAnswer,
    RecordFromRinging,
    RecordFromAnswerDual,
    RecordFromRingingDual,
}

impl DialRecord {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DoNotRecord => "do-not-record",
            Self::RecordFromAnswer => "record-from-answer",
            Self::RecordFromRinging => "record-from-ringing",
            Self::RecordFromAnswerDual => "record-from-answer-dual",
            Self::RecordFromRingingDual => "record-from-ringing-dual",
        }
    }
}

/// Call progress events a `<Number>`/`<Sip>` status callback can subscribe to
/// (`statusCallbackEvent`, space separated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallProgressEvent {
    Initiated,
    Ringing,
    Answered,
    Completed,
}

impl CallProgressEvent {
    /// All four events, in call order.
    pub const ALL: [CallProgressEvent; 4] = [
        Self::Initiated,
        Self::Ringing,
        Self::Answered,
        Self::Completed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Initiated => "initiated",
            Self::Ringing => "ringing",
            Self::Answered => "answered",
            Self::Completed => "completed",
        }
    }
}

/// `reason` attribute of `<Reject>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RejectReason {
    #[default]
    Rejected,
    Busy,
}

impl RejectReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rejected => "rejected",
            Self::Busy => "busy",
        }
    }
}

/// `input` attribute of `<Gather>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GatherInput {
    Dtmf,
    Speech,
    DtmfSpeech,
}

impl GatherInput {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dtmf => "dtmf",
            Self::Speech => "speech",
            Self::DtmfSpeech => "dtmf speech",
        }
    }
}

/// `<Say>`: read `text` to the caller with text-to-speech.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Say {
    pub text: String,
    /// e.g. `alice`, `man`, `woman`, `Polly.Joanna`.
    pub voice: Option<String>,
    /// e.g. `en-US`.
    pub language: Option<String>,
    /// `loop`: repeat count (0 = until the call ends).
    pub repeat: Option<u32>,
}

impl Say {
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }
}

/// `<Play>`: play an audio file (or DTMF `digits`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Play {
    pub url: String,
    /// `loop`: repeat count (0 = until the call ends).
    pub repeat: Option<u32>,
    /// `digits`: DTMF tones to play instead of / before the URL.
    pub digits: Option<String>,
}

impl Play {
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            ..Self::default()
        }
    }
}

/// `<Pause>`: silence for `length` seconds (Twilio's default is 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pause {
    pub length: Option<u32>,
}

/// `<Number>` noun of `<Dial>`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Number {
    /// E.164 number, e.g. `+18005551234`.
    pub number: String,
    /// `sendDigits`: DTMF to send once the call is answered (`w` = half a second).
    pub send_digits: Option<String>,
    /// `url`: TwiML run for the called party before the parties are bridged (whisper).
    pub url: Option<String>,
    /// `method` for `url`.
    pub method: Option<HttpMethod>,
    pub status_callback: Option<String>,
    pub status_callback_method: Option<HttpMethod>,
    /// Rendered space separated; omitted when empty (Twilio then sends `completed` only).
    pub status_callback_events: Vec<CallProgressEvent>,
}

impl Number {
    pub fn new(number: impl Into<String>) -> Self {
        Self {
            number: number.into(),
            ..Self::default()
        }
    }
}

/// `<Sip>` noun of `<Dial>`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sip {
    /// e.g. `sip:buyer@pbx.example.com;transport=tls`.
    pub uri: String,
    pub username: Option<String>,
    pub password: Option<String>,
    /// `url`: TwiML run for the called party before the parties are bridged.
    pub url: Option<String>,
    pub method: Option<HttpMethod>,
    pub status_callback: Option<String>,
    pub status_callback_method: Option<HttpMethod>,
    pub status_callback_events: Vec<CallProgressEvent>,
}

impl Sip {
    pub fn new(uri: impl Into<String>) -> Self {
        Self {
            uri: uri.into(),
            ..Self::default()
        }
    }
}

/// What a `<Dial>` connects to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialNoun {
    Number(Number),
    Sip(Sip),
}

impl From<Number> for DialNoun {
    fn from(n: Number) -> Self {
        Self::Number(n)
    }
}

impl From<Sip> for DialNoun {
    fn from(s: Sip) -> Self {
        Self::Sip(s)
    }
}

/// `<Dial>`: connect the caller to one or more parties (up to ten are rung at
/// once; the first to answer wins).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dial {
    /// Seconds to ring before giving up (Twilio: 5..=600, default 30).
    pub timeout: Option<u32>,
    pub record: Option<DialRecord>,
    /// URL Twilio requests when the dialed call ends (see [`crate::webhook::DialAction`]).
    pub action: Option<String>,
    /// `method` for `action`.
    pub method: Option<HttpMethod>,
    /// `callerId` shown to the called party.
    pub caller_id: Option<String>,
    /// `timeLimit`: maximum call length in seconds.
    pub time_limit: Option<u32>,
    /// `answerOnBridge`: keep the inbound leg ringing until the called party answers.
    pub answer_on_bridge: Option<bool>,
    /// `hangupOnStar`.
    pub hangup_on_star: Option<bool>,
    pub recording_status_callback: Option<String>,
    pub recording_status_callback_method: Option<HttpMethod>,
    pub children: Vec<DialNoun>,
}

impl Dial {
    pub fn new(children: Vec<DialNoun>) -> Self {
        Self {
            children,
            ..Self::default()
        }
    }
}

/// `<Redirect>`: continue with the TwiML at `url`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Redirect {
    pub url: String,
    pub method: Option<HttpMethod>,
}

impl Redirect {
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            method: None,
        }
    }
}

/// `<Record>`: record the caller's voice (voicemail).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Record {
    pub action: Option<String>,
    pub method: Option<HttpMethod>,
    /// Seconds of silence that end the recording.
    pub timeout: Option<u32>,
    /// `maxLength` in seconds.
    pub max_length: Option<u32>,
    /// `finishOnKey`: DTMF keys that end the recording.
    pub finish_on_key: Option<String>,
    pub play_beep: Option<bool>,
    /// `trim`: `trim-silence` or `do-not-trim`.
    pub trim: Option<String>,
    pub recording_status_callback: Option<String>,
    pub recording_status_callback_method: Option<HttpMethod>,
    /// `transcribe`: ask the carrier for a transcription of the recording.
    pub transcribe: Option<bool>,
}

/// What a `<Gather>` may contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GatherChild {
    Say(Say),
    Play(Play),
    Pause(Pause),
}

impl From<Say> for GatherChild {
    fn from(v: Say) -> Self {
        Self::Say(v)
    }
}

impl From<Play> for GatherChild {
    fn from(v: Play) -> Self {
        Self::Play(v)
    }
}

impl From<Pause> for GatherChild {
    fn from(v: Pause) -> Self {
        Self::Pause(v)
    }
}

/// `<Gather>`: collect DTMF digits or speech (IVR menus).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Gather {
    pub input: Option<GatherInput>,
    pub action: Option<String>,
    pub method: Option<HttpMethod>,
    /// Seconds to wait for input.
    pub timeout: Option<u32>,
    /// `numDigits`.
    pub num_digits: Option<u32>,
    /// `finishOnKey`.
    pub finish_on_key: Option<String>,
    pub language: Option<String>,
    /// `actionOnEmptyResult`.
    pub action_on_empty_result: Option<bool>,
    pub children: Vec<GatherChild>,
}

/// One TwiML verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verb {
    Say(Say),
    Play(Play),
    Pause(Pause),
    Gather(Gather),
    Dial(Dial),
    Record(Record),
    Redirect(Redirect),
    /// `<Reject>`: refuse the call without answering it (no charge on Twilio).
    Reject(RejectReason),
    Hangup,
}

macro_rules! verb_from {
    ($($t:ident),*) => {$(
        impl From<$t> for Verb {
            fn from(v: $t) -> Self {
                Self::$t(v)
            }
        }
    )*};
}
verb_from!(Say, Play, Pause, Gather, Dial, Record, Redirect);

/// A TwiML document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Response {
    pub verbs: Vec<Verb>,
}

impl Response {
    pub fn new() -> Self {
        Self::default()
    }

    /// Append a verb (builder style).
    #[must_use]
    pub fn with(mut self, verb: impl Into<Verb>) -> Self {
        self.verbs.push(verb.into());
        self
    }

    /// Append a verb in place.
    pub fn push(&mut self, verb: impl Into<Verb>) -> &mut Self {
        self.verbs.push(verb.into());
        self
    }

    /// Render the whole document, XML declaration included.
    pub fn to_xml(&self) -> String {
        let mut out = String::with_capacity(128);
        out.push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
        out.push_str("<Response>");
        for verb in &self.verbs {
            write_verb(&mut out, verb);
        }
        out.push_str("</Response>");
        out
    }
}

impl fmt::Display for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_xml())
    }
}

/// MIME type to send TwiML with.
pub const CONTENT_TYPE: &str = "text/xml; charset=utf-8";

/// Options of [`dial_buyer`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialBuyerOptions {
    /// Seconds to ring the buyer (default 30).
    pub timeout: u32,
    /// Record from answer (`record-from-answer`) or not (`do-not-record`).
    pub record: bool,
    /// `<Dial action>`: where the dial outcome is posted (POST).
    pub action: Option<String>,
    /// Status callback of the buyer leg; subscribes to all four progress events (POST).
    pub status_callback: Option<String>,
    pub caller_id: Option<String>,
    /// Whisper TwiML URL played to the buyer before bridging.
    pub whisper_url: Option<String>,
    /// Maximum call length in seconds.
    pub time_limit: Option<u32>,
    /// Keep the caller hearing ringback until the buyer answers.
    pub answer_on_bridge: bool,
    /// Recording status callback (only rendered when `record` is set).
    pub recording_status_callback: Option<String>,
}

impl Default for DialBuyerOptions {
    fn default() -> Self {
        Self {
            timeout: 30,
            record: false,
            action: None,
            status_callback: None,
            caller_id: None,
            whisper_url: None,
            time_limit: None,
            answer_on_bridge: false,
            recording_status_callback: None,
        }
    }
}

/// `true` when `destination` is a SIP URI (`sip:`/`sips:`, any case) rather than a phone number.
pub fn is_sip_uri(destination: &str) -> bool {
    let d = destination.trim_start();
    let lower = |n: usize| d.get(..n).map(str::to_ascii_lowercase);
    lower(4).as_deref() == Some("sip:") || lower(5).as_deref() == Some("sips:")
}

/// The `<Dial>` that connects a caller to a buyer: a `<Number>`, or a `<Sip>`
/// when `destination` is a SIP URI.
pub fn dial_buyer(destination: &str, opts: &DialBuyerOptions) -> Response {
    let events = if opts.status_callback.is_some() {
        CallProgressEvent::ALL.to_vec()
    } else {
        Vec::new()
    };
    let callback_method = opts.status_callback.as_ref().map(|_| HttpMethod::Post);
    let whisper_method = opts.whisper_url.as_ref().map(|_| HttpMethod::Post);
    let noun = if is_sip_uri(destination) {
        DialNoun::Sip(Sip {
            uri: destination.trim().to_owned(),
            url: opts.whisper_url.clone(),
            method: whisper_method,
            status_callback: opts.status_callback.clone(),
            status_callback_method: callback_method,
            status_callback_events: events,
            ..Sip::default()
        })
    } else {
        DialNoun::Number(Number {
            number: destination.trim().to_owned(),
            url: opts.whisper_url.clone(),
            method: whisper_method,
            status_callback: opts.status_callback.clone(),
            status_callback_method: callback_method,
            status_callback_events: events,
            ..Number::default()
        })
    };
    let dial = Dial {
        timeout: Some(opts.timeout),
        record: Some(if opts.record {
            DialRecord::RecordFromAnswer
        } else {
            DialRecord::DoNotRecord
        }),
        method: opts.action.as_ref().map(|_| HttpMethod::Post),
        action: opts.action.clone(),
        caller_id: opts.caller_id.clone(),
        time_limit: opts.time_limit,
        answer_on_bridge: opts.answer_on_bridge.then_some(true),
        recording_status_callback: opts
            .recording_status_callback
            .clone()
            .filter(|_| opts.record),
        recording_status_callback_method: opts
            .recording_status_callback
            .as_ref()
            .filter(|_| opts.record)
            .map(|_| HttpMethod::Post),
        children: vec![noun],
        ..Dial::default()
    };
    Response::new().with(dial)
}

/// `<Say>message</Say><Hangup/>`: tell the caller something and end the call.
pub fn say_and_hangup(message: &str) -> Response {
    Response::new().with(Say::new(message)).with(Verb::Hangup)
}

/// `<Reject reason="…"/>`: refuse a call without answering it (blocked callers).
pub fn reject(reason: RejectReason) -> Response {
    Response::new().with(Verb::Reject(reason))
}

// ---------------------------------------------------------------------------
// Rendering

/// Whether `c` may appear in an XML 1.0 document at all.
fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\u{9}' | '\u{A}' | '\u{D}'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// Append `s` escaped for a text node (`attr == false`) or a double-quoted
/// attribute value (`attr == true`); characters illegal in XML 1.0 are dropped.
fn push_escaped(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Parsers turn CR / CRLF into LF, and whitespace in attribute values
            // into spaces; character references survive both.
            '\r' => out.push_str("&#13;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Escape `s` for use as XML text or attribute content (see [`Response`]).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s, true);
    out
}

/// Attributes of one element, in render order; `None` values are skipped.
struct Attrs(Vec<(&'static str, Option<String>)>);

impl Attrs {
    fn new() -> Self {
        Self(Vec::new())
    }

    fn add(mut self, name: &'static str, value: Option<impl ToString>) -> Self {
        self.0.push((name, value.map(|v| v.to_string())));
        self
    }

    fn method(self, name: &'static str, m: Option<HttpMethod>) -> Self {
        self.add(name, m.map(HttpMethod::as_str))
    }

    fn events(self, events: &[CallProgressEvent]) -> Self {
        let joined = (!events.is_empty()).then(|| {
            events
                .iter()
                .map(|e| e.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        });
        self.add("statusCallbackEvent", joined)
    }
}

fn open_tag(out: &mut String, name: &str, attrs: &Attrs) {
    out.push('<');
    out.push_str(name);
    for (key, value) in &attrs.0 {
        if let Some(value) = value {
            out.push(' ');
            out.push_str(key);
            out.push_str("=\"");
            push_escaped(out, value, true);
            out.push('"');
        }
    }
}

fn empty_element(out: &mut String, name: &str, attrs: &Attrs) {
    open_tag(out, name, attrs);
    out.push_str("/>");
}

fn text_element(out: &mut String, name: &str, attrs: &Attrs, text: &str) {
    open_tag(out, name, attrs);
    out.push('>');
    push_escaped(out, text, false);
    close_tag(out, name);
}

fn close_tag(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn write_say(out: &mut String, say: &Say) {
    let attrs = Attrs::new()
        .add("voice", say.voice.as_ref())
        .add("language", say.language.as_ref())
        .add("loop", say.repeat);
    text_element(out, "Say", &attrs, &say.text);
}

fn write_play(out: &mut String, play: &Play) {
    let attrs = Attrs::new()
        .add("loop", play.repeat)
        .add("digits", play.digits.as_ref());
    text_element(out, "Play", &attrs, &play.url);
}

fn write_pause(out: &mut String, pause: &Pause) {
    empty_element(out, "Pause", &Attrs::new().add("length", pause.length));
}

fn write_verb(out: &mut String, verb: &Verb) {
    match verb {
        Verb::Say(say) => write_say(out, say),
        Verb::Play(play) => write_play(out, play),
        Verb::Pause(pause) => write_pause(out, pause),
        Verb::Hangup => empty_element(out, "Hangup", &Attrs::new()),
        Verb::Reject(reason) => empty_element(
            out,
            "Reject",
            &Attrs::new().add("reason", Some(reason.as_str())),
        ),
        Verb::Redirect(r) => {
            let attrs = Attrs::new().method("method", r.method);
            text_element(out, "Redirect", &attrs, &r.url);
        }
        Verb::Record(r) => {
            let attrs = Attrs::new()
                .add("action", r.action.as_ref())
                .method("method", r.method)
                .add("timeout", r.timeout)
                .add("maxLength", r.max_length)
                .add("finishOnKey", r.finish_on_key.as_ref())
                .add("playBeep", r.play_beep)
                .add("transcribe", r.transcribe)
                .add("trim", r.trim.as_ref())
                .add(
                    "recordingStatusCallback",
                    r.recording_status_callback.as_ref(),
                )
                .method(
                    "recordingStatusCallbackMethod",
                    r.recording_status_callback_method,
                );
            empty_element(out, "Record", &attrs);
        }
        Verb::Gather(g) => {
            let attrs = Attrs::new()
                .add("input", g.input.map(GatherInput::as_str))
                .add("action", g.action.as_ref())
                .method("method", g.method)
                .add("timeout", g.timeout)
                .add("numDigits", g.num_digits)
                .add("finishOnKey", g.finish_on_key.as_ref())
                .add("language", g.language.as_ref())
                .add("actionOnEmptyResult", g.action_on_empty_result);
            if g.children.is_empty() {
                empty_element(out, "Gather", &attrs);
            } else {
                open_tag(out, "Gather", &attrs);
                out.push('>');
                for child in &g.children {
                    match child {
                        GatherChild::Say(s) => write_say(out, s),
                        GatherChild::Play(p) => write_play(out, p),
                        GatherChild::Pause(p) => write_pause(out, p),
                    }
                }
                close_tag(out, "Gather");
            }
        }
        Verb::Dial(d) => write_dial(out, d),
    }
}

fn write_dial(out: &mut String, d: &Dial) {
    let attrs = Attrs::new()
        .add("action", d.action.as_ref())
        .method("method", d.method)
        .add("timeout", d.timeout)
        .add("record", d.record.map(DialRecord::as_str))
        .add("callerId", d.caller_id.as_ref())
        .add("timeLimit", d.time_limit)
        .add("answerOnBridge", d.answer_on_bridge)
        .add("hangupOnStar", d.hangup_on_star)
        .add(
            "recordingStatusCallback",
            d.recording_status_callback.as_ref(),
        )
        .method(
            "recordingStatusCallbackMethod",
            d.recording_status_callback_method,
        );
    open_tag(out, "Dial", &attrs);
    out.push('>');
    for child in &d.children {
        match child {
            DialNoun::Number(n) => {
                let attrs = Attrs::new()
                    .add("sendDigits", n.send_digits.as_ref())
                    .add("url", n.url.as_ref())
                    .method("method", n.method)
                    .add("statusCallback", n.status_callback.as_ref())
                    .method("statusCallbackMethod", n.status_callback_method)
                    .events(&n.status_callback_events);
                text_element(out, "Number", &attrs, &n.number);
            }
            DialNoun::Sip(s) => {
                let attrs = Attrs::new()
                    .add("username", s.username.as_ref())
                    .add("password", s.password.as_ref())
                    .add("url", s.url.as_ref())
                    .method("method", s.method)
                    .add("statusCallback", s.status_callback.as_ref())
                    .method("statusCallbackMethod", s.status_callback_method)
                    .events(&s.status_callback_events);
                text_element(out, "Sip", &attrs, &s.uri);
            }
        }
    }
    close_tag(out, "Dial");
}

#[cfg(test)]
mod tests {
    use super::*;

    const DECL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

    fn parse(xml: &str) -> roxmltree::Document<'_> {
        match roxmltree::Document::parse(xml) {
            Ok(doc) => doc,
            Err(e) => panic!("not well-formed XML ({e}): {xml}"),
        }
    }

    /// What a conforming parser should give back for `s`: the legal characters only.
    fn legal(s: &str) -> String {
        s.chars().filter(|c| is_xml_char(*c)).collect()
    }

    #[test]
    fn empty_response() {
        let xml = Response::new().to_xml();
        assert_eq!(xml, format!("{DECL}<Response></Response>"));
        let doc = parse(&xml);
        assert_eq!(doc.root_element().tag_name().name(), "Response");
    }

    #[test]
    fn say_and_hangup_renders_exactly() {
        assert_eq!(
            say_and_hangup("Sorry, no one is available.").to_xml(),
            format!("{DECL}<Response><Say>Sorry, no one is available.</Say><Hangup/></Response>")
        );
    }

    #[test]
    fn dial_buyer_number_renders_exactly() {
        let opts = DialBuyerOptions {
            timeout: 25,
            record: true,
            action: Some("https://cc.example.com/api/webhooks/twilio/dial?c=1&b=2".into()),
            status_callback: Some("https://cc.example.com/api/webhooks/twilio/status".into()),
            caller_id: Some("+12129200892".into()),
            ..DialBuyerOptions::default()
        };
        let xml = dial_buyer(" +18005551234 ", &opts).to_xml();
        assert_eq!(
            xml,
            format!(
                "{DECL}<Response><Dial action=\"https://cc.example.com/api/webhooks/twilio/dial?c=1&amp;b=2\" \
                 method=\"POST\" timeout=\"25\" record=\"record-from-answer\" callerId=\"+12129200892\">\
                 <Number statusCallback=\"https://cc.example.com/api/webhooks/twilio/status\" \
                 statusCallbackMethod=\"POST\" statusCallbackEvent=\"initiated ringing answered completed\">\
                 +18005551234</Number></Dial></Response>"
            )
        );
        let doc = parse(&xml);
        let dial = doc.root_element().first_element_child();
        let dial = dial
            .as_ref()
            .map(|d| (d.tag_name().name(), d.attribute("action")));
        assert_eq!(
            dial,
            Some((
                "Dial",
                Some("https://cc.example.com/api/webhooks/twilio/dial?c=1&b=2")
            ))
        );
    }

    #[test]
    fn dial_buyer_defaults_and_sip() {
        let xml = dial_buyer("+18005551234", &DialBuyerOptions::default()).to_xml();
        assert_eq!(
            xml,
            format!(
                "{DECL}<Response><Dial timeout=\"30\" record=\"do-not-record\">\
                 <Number>+18005551234</Number></Dial></Response>"
            )
        );

        let opts = DialBuyerOptions {
            whisper_url: Some("https://cc.example.com/whisper".into()),
            answer_on_bridge: true,
            time_limit: Some(3600),
            recording_status_callback: Some("https://cc.example.com/rec".into()),
            ..DialBuyerOptions::default()
        };
        let xml = dial_buyer("SIPS:buyer@pbx.example.com;transport=tls", &opts).to_xml();
        assert_eq!(
            xml,
            format!(
                "{DECL}<Response><Dial timeout=\"30\" record=\"do-not-record\" timeLimit=\"3600\" \
                 answerOnBridge=\"true\"><Sip url=\"https://cc.example.com/whisper\" method=\"POST\">\
                 SIPS:buyer@pbx.example.com;transport=tls</Sip></Dial></Response>"
            )
        );
        parse(&xml);
    }

    #[test]
    fn sip_detection() {
        assert!(is_sip_uri("sip:a@b"));
        assert!(is_sip_uri("  Sip:a@b"));
        assert!(is_sip_uri("sips:a@b"));
        assert!(!is_sip_uri("+18005551234"));
        assert!(!is_sip_uri("si"));
        assert!(!is_sip_uri("sipx:a"));
        assert!(!is_sip_uri("é"));
    }

    #[test]
    fn escapes_markup_in_text_and_attributes() {
        let evil = r#"</Say><Dial><Number>+19005550000</Number></Dial><Say a="'b'">&amp; &lt;"#;
        let resp = Response::new().with(Say {
            text: evil.into(),
            voice: Some(evil.into()),
            language: Some("en-US\" injected=\"1".into()),
            repeat: None,
        });
        let xml = resp.to_xml();
        assert!(!xml.contains("<Dial"));
        assert!(xml.contains("&lt;/Say&gt;"));
        assert!(xml.contains("&amp;amp;"));
        assert!(xml.contains("&quot;"));
        assert!(xml.contains("&apos;"));
        let doc = parse(&xml);
        let root = doc.root_element();
        let children: Vec<_> = root.children().filter(|n| n.is_element()).collect();
        assert_eq!(children.len(), 1, "exactly one verb: {xml}");
        let say = &children[0];
        assert_eq!(say.tag_name().name(), "Say");
        assert_eq!(say.text(), Some(evil));
        assert_eq!(say.attribute("voice"), Some(evil));
        assert_eq!(say.attribute("language"), Some("en-US\" injected=\"1"));
        assert_eq!(say.attribute("injected"), None);
    }

    #[test]
    fn strips_characters_illegal_in_xml_1_0() {
        let nasty = "a\u{0}b\u{1}c\u{8}d\u{B}e\u{C}f\u{1F}g\u{FFFE}h\u{FFFF}i\u{7F}\u{85}j";
        let xml = Response::new()
            .with(Say {
                text: nasty.into(),
                voice: Some(nasty.into()),
                ..Say::default()
            })
            .to_xml();
        for bad in [
            '\u{0}', '\u{1}', '\u{8}', '\u{B}', '\u{C}', '\u{1F}', '\u{FFFE}', '\u{FFFF}',
        ] {
            assert!(!xml.contains(bad), "{bad:?} survived");
        }
        let doc = parse(&xml);
        let say = doc.root_element().first_element_child();
        // U+007F and U+0085 are legal (if discouraged) XML 1.0 characters: kept.
        assert_eq!(say.and_then(|s| s.text()), Some("abcdefghi\u{7F}\u{85}j"));
        assert_eq!(
            say.and_then(|s| s.attribute("voice")),
            Some("abcdefghi\u{7F}\u{85}j")
        );
    }

    #[test]
    fn whitespace_survives_in_text_and_attributes() {
        let s = "line1\nline2\r\nline3\ttab";
        let xml = Response::new()
            .with(Say {
                text: s.into(),
                voice: Some(s.into()),
                ..Say::default()
            })
            .to_xml();
        let doc = parse(&xml);
        let say = doc.root_element().first_element_child();
        assert_eq!(say.and_then(|s| s.text()), Some(s));
        assert_eq!(say.and_then(|s| s.attribute("voice")), Some(s));
    }

    #[test]
    fn every_char_below_0x180_round_trips_or_is_dropped() {
        let all: String = (0u32..0x180).filter_map(char::from_u32).collect();
        let samples = [
            all.clone(),
            format!("{all}\u{FFFD}\u{FFFE}\u{FFFF}\u{10000}\u{10FFFF}\u{E000}\u{D7FF}"),
            "]]><![CDATA[x]]>".to_owned(),
            "&#0;&#x1;&lt;".to_owned(),
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]>&e;".to_owned(),
        ];
        for s in &samples {
            let dial = Dial {
                caller_id: Some(s.clone()),
                action: Some(s.clone()),
                children: vec![
                    Number {
                        number: s.clone(),
                        url: Some(s.clone()),
                        ..Number::default()
                    }
                    .into(),
                    Sip {
                        uri: s.clone(),
                        username: Some(s.clone()),
                        password: Some(s.clone()),
                        ..Sip::default()
                    }
                    .into(),
                ],
                ..Dial::default()
            };
            let xml = Response::new()
                .with(Say::new(s.clone()))
                .with(dial)
                .with(Redirect::new(s.clone()))
                .to_xml();
            let doc = parse(&xml);
            let expected = legal(s);
            let elements: Vec<_> = doc.descendants().filter(|n| n.is_element()).collect();
            let names: Vec<_> = elements.iter().map(|n| n.tag_name().name()).collect();
            assert_eq!(
                names,
                ["Response", "Say", "Dial", "Number", "Sip", "Redirect"]
            );
            for el in &elements[1..] {
                if el.tag_name().name() != "Dial" {
                    assert_eq!(el.text().unwrap_or(""), expected, "text of {el:?}");
                }
                for attr in el.attributes() {
                    assert_eq!(attr.value(), expected, "attribute {}", attr.name());
                }
            }
        }
    }

    #[test]
    fn all_verbs_render_and_parse() {
        let resp = Response::new()
            .with(Say {
                text: "Welcome".into(),
                voice: Some("Polly.Joanna".into()),
                language: Some("en-US".into()),
                repeat: Some(2),
            })
            .with(Pause { length: Some(2) })
            .with(Play {
                url: "https://cdn.example.com/hold.mp3".into(),
                repeat: Some(0),
                digits: None,
            })
            .with(Gather {
                input: Some(GatherInput::Dtmf),
                action: Some("https://cc.example.com/ivr?node=1".into()),
                method: Some(HttpMethod::Post),
                num_digits: Some(1),
                timeout: Some(5),
                children: vec![
                    Say::new("Press 1 for sales.").into(),
                    Pause::default().into(),
                ],
                ..Gather::default()
            })
            .with(Record {
                action: Some("https://cc.example.com/vm".into()),
                max_length: Some(120),
                play_beep: Some(true),
                finish_on_key: Some("#".into()),
                ..Record::default()
            })
            .with(Redirect {
                url: "https://cc.example.com/next".into(),
                method: Some(HttpMethod::Get),
            })
            .with(Verb::Reject(RejectReason::Busy))
            .with(Verb::Hangup);
        let xml = resp.to_xml();
        assert_eq!(
            xml,
            format!(
                "{DECL}<Response><Say voice=\"Polly.Joanna\" language=\"en-US\" loop=\"2\">Welcome</Say>\
                 <Pause length=\"2\"/><Play loop=\"0\">https://cdn.example.com/hold.mp3</Play>\
                 <Gather input=\"dtmf\" action=\"https://cc.example.com/ivr?node=1\" method=\"POST\" \
                 timeout=\"5\" numDigits=\"1\"><Say>Press 1 for sales.</Say><Pause/></Gather>\
                 <Record action=\"https://cc.example.com/vm\" maxLength=\"120\" finishOnKey=\"#\" playBeep=\"true\"/>\
                 <Redirect method=\"GET\">https://cc.example.com/next</Redirect>\
                 <Reject reason=\"busy\"/><Hangup/></Response>"
            )
        );
        parse(&xml);
        assert_eq!(resp.to_string(), xml);
    }

    #[test]
    fn push_and_escape_helpers() {
        let mut resp = Response::new();
        resp.push(Say::new("a")).push(Verb::Hangup);
        assert_eq!(resp.verbs.len(), 2);
        assert_eq!(
            escape("a<b>&\"'\n\u{0}"),
            "a&lt;b&gt;&amp;&quot;&apos;&#10;"
        );
        assert_eq!(
            reject(RejectReason::default()).to_xml(),
            format!("{DECL}<Response><Reject reason=\"rejected\"/></Response>")
        );
    }
}
