//! The flow webhook: each step of a call flow (keys or speech gathered,
//! a gather that timed out, a number the flow dialled, a voicemail
//! recorded). Verified, parsed, answered by the live call path
//! ([`callpath::CallPath::flow_step`]), serialised. Our URL carries the
//! answer the request follows (`seq`) and the event (`timeout`, `dial`,
//! `recorded`; none for a gather's result).

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use callpath::flow::{FlowEvent, FlowRequest};
use domain::CallSid;
use telephony::twiml;
use telephony::webhook::{DialCallStatus, GatherAction};

use super::{twiml_bytes, twiml_response, verify};
use crate::AppState;

fn param<'a, K: AsRef<str>, V: AsRef<str>>(params: &'a [(K, V)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k.as_ref() == name)
        .map(|(_, v)| v.as_ref())
        .filter(|v| !v.is_empty())
}

/// `/api/webhooks/twilio/whisper?parent=…&node=…`: what whoever answers a
/// flow's Dial node hears before the caller is connected.
pub async fn whisper(
    State(app): State<AppState>,
    uri: OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(refused) = verify(&app, &uri, &headers, &body) {
        return refused.into_response();
    }
    let query: Vec<(String, String)> = uri
        .0
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    match (param(&query, "parent"), param(&query, "node")) {
        (Some(parent), Some(node)) => {
            twiml_bytes(StatusCode::OK, app.calls.whisper(parent, node).await)
        }
        _ => twiml_response(StatusCode::OK, twiml::Response::new()),
    }
}

pub async fn step(
    State(app): State<AppState>,
    uri: OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = match verify(&app, &uri, &headers, &body) {
        Ok(p) => p.0,
        Err(refused) => return refused.into_response(),
    };
    let query: Vec<(String, String)> = uri
        .0
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    let seq = param(&query, "seq").and_then(|s| s.parse::<i64>().ok());
    let (Some(seq), Some(sid)) = (seq, param(&params, "CallSid")) else {
        tracing::warn!("flow webhook without its step or the call");
        return twiml_response(StatusCode::OK, twiml::say_and_hangup(callpath::SORRY));
    };
    let number = |name: &str| param(&params, name).and_then(|v| v.parse::<u32>().ok());
    let event = match param(&query, "event") {
        Some("timeout") => FlowEvent::Timeout,
        Some("dial") => {
            let status = DialCallStatus::parse(param(&params, "DialCallStatus").unwrap_or(""));
            FlowEvent::Dialed {
                answered: status.was_answered(),
                status: status.as_str().to_string(),
                duration_secs: number("DialCallDuration"),
            }
        }
        Some("recorded") => FlowEvent::Recorded {
            url: param(&params, "RecordingUrl").map(str::to_string),
            sid: param(&params, "RecordingSid").map(str::to_string),
            duration_secs: number("RecordingDuration"),
        },
        _ => match GatherAction::from_params(&params) {
            Ok(g) => FlowEvent::Answer {
                digits: g.digits,
                speech: g.speech_result,
            },
            Err(_) => FlowEvent::Timeout,
        },
    };
    let req = FlowRequest {
        call_sid: CallSid(sid.to_string()),
        seq,
        event,
    };
    twiml_bytes(StatusCode::OK, app.calls.flow_step(&req).await)
}
