//! The voice webhook: an incoming call. Verified, parsed, answered by the
//! live call path ([`callpath::CallPath::incoming`]), serialised.

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use telephony::twiml;
use telephony::webhook::IncomingCall;

use super::{twiml_bytes, twiml_response, verify};
use crate::AppState;

pub async fn incoming(
    State(app): State<AppState>,
    uri: OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = match verify(&app, &uri, &headers, &body) {
        Ok(p) => p.0,
        Err(refused) => return refused.into_response(),
    };
    let call = match IncomingCall::from_params(&params) {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "voice webhook without the call's parameters");
            return twiml_response(StatusCode::OK, twiml::say_and_hangup(callpath::SORRY));
        }
    };
    metrics::counter!("calls_incoming_total").increment(1);
    twiml_bytes(StatusCode::OK, app.calls.incoming(&call).await)
}
