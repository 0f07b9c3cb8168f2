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
    let answer = app.calls.incoming(&call).await;
    // Custom parameters on the voice URL's query (`…/twilio?affiliate=a1`):
    // the tracked ones are kept with the call, after it was written.
    if let Some(query) = uri.query().filter(|q| !q.is_empty()) {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let (store, sid) = (app.store.clone(), call.call_sid.to_string());
        tokio::spawn(async move {
            if let Err(e) = store.capture_params_of_sid(&sid, &pairs).await {
                tracing::warn!(error = %e, "could not keep a call's URL parameters");
            }
        });
    }
    twiml_bytes(StatusCode::OK, answer)
}
