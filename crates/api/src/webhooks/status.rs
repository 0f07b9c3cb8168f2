//! Status callbacks, for the caller's leg (configured on the number) and for
//! the legs we dialled (`<Number statusCallback>`). Verified, parsed,
//! applied by the live call path ([`callpath::CallPath::status`]).
//! Callbacks may arrive late, twice, out of order or never: a final status
//! is never undone, repeats change nothing, and the stale-call sweeper
//! closes calls that never get one.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use telephony::webhook::StatusCallback;

use super::verify;
use crate::AppState;

pub async fn callback(
    State(app): State<AppState>,
    uri: OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = match verify(&app, &uri, &headers, &body) {
        Ok(p) => p.0,
        Err(refused) => return refused.into_response(),
    };
    let report = match StatusCallback::from_params(&params) {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(error = %e, "status callback without its parameters");
            return Json(json!({ "received": false, "callId": null, "status": null }))
                .into_response();
        }
    };
    let (call_id, status) = app.calls.status(&report).await;
    Json(json!({ "received": true, "callId": call_id, "status": status })).into_response()
}
