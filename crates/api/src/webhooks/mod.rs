//! Carrier webhooks (`/api/webhooks/twilio*`): Twilio's voice webhook
//! format, which SignalWire and Telnyx TeXML speak too. Each handler only
//! verifies the signature, parses the form, calls the live call path
//! (`callpath`) and serialises its answer.
//!
//! - [`voice`]: an incoming call.
//! - [`dial`]: the `<Dial action>` result of a dialled leg.
//! - [`status`]: status callbacks of the caller's and the dialled legs.
//! - [`flow`]: each step of a call flow.
//!
//! Every request must carry a valid `X-Twilio-Signature` (unless validation
//! is switched off for local development). The voice and dial webhooks
//! always answer valid TwiML, whatever fails inside; so does the flow webhook.

pub mod alerts;
mod dial;
mod flow;
pub mod routing_state;
mod status;
mod voice;

use std::borrow::Cow;

use axum::Router;
use axum::body::Bytes;
use axum::extract::OriginalUri;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use telephony::twiml;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/webhooks/twilio", post(voice::incoming))
        .route("/api/webhooks/twilio/dial", post(dial::result))
        .route("/api/webhooks/twilio/status", post(status::callback))
        .route("/api/webhooks/twilio/flow", post(flow::step))
        .route("/api/webhooks/twilio/whisper", post(flow::whisper))
}

/// A panic inside a webhook (a bug) still answers the carrier with valid
/// TwiML: the apology and a hangup, never a 500.
pub fn panic_answer(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or_default();
    tracing::error!(panic = %detail, "carrier webhook panicked; answered with the apology");
    twiml_response(StatusCode::OK, twiml::say_and_hangup(SORRY))
}

/// The apology played when we cannot route, whatever the reason.
pub use callpath::SORRY;

/// A TwiML answer with the right content type.
pub fn twiml_response(status: StatusCode, body: twiml::Response) -> Response {
    (
        status,
        [(axum::http::header::CONTENT_TYPE, twiml::CONTENT_TYPE)],
        body.to_xml(),
    )
        .into_response()
}

/// A TwiML answer already rendered.
pub fn twiml_bytes(status: StatusCode, body: Bytes) -> Response {
    (
        status,
        [(axum::http::header::CONTENT_TYPE, twiml::CONTENT_TYPE)],
        body,
    )
        .into_response()
}

/// The form parameters of a carrier request whose signature checked out,
/// borrowed from its body where they needed no decoding.
pub struct Signed<'a>(pub Vec<(Cow<'a, str>, Cow<'a, str>)>);

/// A carrier request refused for its signature: answered 403 with TwiML.
pub struct Refused;

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        twiml_response(StatusCode::FORBIDDEN, twiml::say_and_hangup(SORRY))
    }
}

/// Parse the form body and check `X-Twilio-Signature` against the public
/// URL the carrier called.
pub fn verify<'a>(
    app: &AppState,
    uri: &OriginalUri,
    headers: &HeaderMap,
    body: &'a Bytes,
) -> Result<Signed<'a>, Refused> {
    // Malformed escapes and invalid UTF-8 decode lossily: never an error.
    let params: Vec<_> = form_urlencoded::parse(body).collect();
    let settings = &app.settings;
    if !settings.validate_webhook_signatures {
        return Ok(Signed(params));
    }
    let path_and_query = uri.0.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let url = format!("{}{}", settings.public_url, path_and_query);
    let signature = headers
        .get(telephony::signature::HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let token = settings
        .twilio_auth_token
        .as_ref()
        .map(|t| t.expose().as_str())
        .unwrap_or_default();
    if token.is_empty() {
        tracing::error!(
            "carrier webhook refused: no carrier auth token is configured (CALLCENTER_TWILIO_AUTH_TOKEN)"
        );
    } else if telephony::signature::validate(token, &url, &params, signature) {
        return Ok(Signed(params));
    } else {
        tracing::warn!(url = %url, has_signature = !signature.is_empty(), "carrier webhook refused: bad signature");
    }
    metrics::counter!("webhook_signature_failures_total").increment(1);
    Err(Refused)
}

#[cfg(test)]
mod tests {
    use axum::body::to_bytes;

    #[tokio::test]
    async fn a_panic_answers_the_apology_in_twiml() {
        let res = super::panic_answer(Box::new("index out of bounds".to_string()));
        assert_eq!(res.status(), axum::http::StatusCode::OK);
        assert_eq!(
            res.headers()[axum::http::header::CONTENT_TYPE],
            telephony::twiml::CONTENT_TYPE
        );
        let body = to_bytes(res.into_body(), 1 << 16).await.expect("body");
        let body = String::from_utf8(body.to_vec()).expect("UTF-8");
        assert!(body.contains("<Say>We&apos;re sorry"), "{body}");
        assert!(body.contains("<Hangup/>"), "{body}");
        assert!(!body.contains("index out of bounds"), "{body}");
    }
}
