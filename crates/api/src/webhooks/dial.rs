//! The `<Dial action>` webhook: the result of ringing a destination.
//! Verified, parsed, handed to the live call path
//! ([`callpath::CallPath::dial_result`]), serialised. `?leg=fallback`
//! marks the campaign's fallback number's leg.

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use callpath::Leg;
use telephony::twiml;
use telephony::webhook::DialAction;

use super::{twiml_response, verify};
use crate::AppState;

pub async fn result(
    State(app): State<AppState>,
    uri: OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = match verify(&app, &uri, &headers, &body) {
        Ok(p) => p.0,
        Err(refused) => return refused.into_response(),
    };
    let leg = match uri.0.query() {
        Some(q)
            if form_urlencoded::parse(q.as_bytes()).any(|(k, v)| k == "leg" && v == "fallback") =>
        {
            Leg::Fallback
        }
        _ => Leg::Destination,
    };
    let answer = match DialAction::from_params(&params) {
        Ok(action) => app.calls.dial_result(&action, leg).await,
        Err(e) => {
            tracing::warn!(error = %e, "dial webhook without the dial's parameters");
            twiml::Response::new().with(twiml::Verb::Hangup)
        }
    };
    twiml_response(StatusCode::OK, answer)
}
