//! Status callbacks, for the caller's leg (configured on the number) and for
//! the buyer's leg (`<Number statusCallback>`). Callbacks may arrive late,
//! twice, out of order or never: a final status is never undone, repeats
//! change nothing, and the stale-call sweeper closes calls that never get one.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use domain::Money;
use serde_json::json;
use store::call_updates::{CallUpdate, Updated};
use store::calls::StatusUpdate;
use telephony::webhook::{CallStatus, StatusCallback};

use super::{verify, within};
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
    let (call_id, status) = apply(&app, &report).await;
    Json(json!({ "received": true, "callId": call_id, "status": status })).into_response()
}

/// Apply one report; returns the call's id and status when it is known.
async fn apply(app: &AppState, r: &StatusCallback) -> (Option<i64>, Option<String>) {
    // A report with a parent is about a buyer's leg we dialled (the
    // carrier gives the caller's leg none): file it under the caller's
    // call, without first looking for a call of its own CallSid.
    if let Some(filed) = buyer_leg(app, r).await {
        return filed;
    }
    // One statement, group-committed with other webhooks' writes: the
    // update returns the call's state, or nothing when the CallSid is not
    // a caller's leg we recorded.
    let update = StatusUpdate {
        status: r.call_status.as_str().to_string(),
        duration_secs: r.call_duration.map(i64::from),
        cost: r.price.as_deref().and_then(parse_price),
        recording_url: r.recording_url.clone(),
        recording_sid: r.recording_sid.clone(),
        recording_duration: r.recording_duration.map(i64::from),
        ended: r.call_status.is_final(),
    };
    // The call is over for routing whatever becomes of the write: its
    // slots go back now (a buyer must not lose capacity to a database
    // outage), and a retried voice webhook is answered from the store.
    if r.call_status.is_final() {
        app.routing.answers.changed(&r.call_sid);
        app.routing.counters.release(&r.call_sid);
    }
    let writer = app.routing.writer(&app.store);
    let change = CallUpdate::Status {
        sid: r.call_sid.clone(),
        update,
    };
    let after = match within(writer.update(change)).await {
        Ok(Updated::Status(Some(after))) => after,
        Ok(_) => return (None, None),
        Err(e) => {
            tracing::error!(error = %e, call_sid = %r.call_sid, "could not apply a status callback");
            return (None, None);
        }
    };
    app.events.call(
        after.user_id,
        "call.updated",
        &after.call_sid,
        &after.status,
    );
    (Some(after.id), Some(after.status))
}

/// A report about the buyer's leg, filed under the caller's call; `None`
/// when it has no parent or the parent is not a call we recorded.
async fn buyer_leg(app: &AppState, r: &StatusCallback) -> Option<(Option<i64>, Option<String>)> {
    let parent = r.parent_call_sid.as_deref()?;
    let stored = match within(app.store.call_state(parent)).await {
        Ok(Some(s)) => s,
        _ => return None,
    };
    let change = match (&r.call_status, r.call_duration) {
        (CallStatus::InProgress, _) => Some(CallUpdate::Connected {
            sid: parent.to_string(),
            at: domain::now_ms(),
        }),
        (CallStatus::Completed, Some(d)) => Some(CallUpdate::TalkTime {
            sid: parent.to_string(),
            secs: i64::from(d),
        }),
        _ => None,
    };
    if let Some(change) = change
        && let Err(e) = within(app.routing.writer(&app.store).update(change)).await
    {
        tracing::error!(error = %e, call_sid = %parent, "could not apply the buyer leg's status");
    }
    Some((Some(stored.id), Some(stored.status)))
}

/// Twilio reports price as a negative decimal string ("-0.0085").
fn parse_price(text: &str) -> Option<Money> {
    Money::parse(text.trim().trim_start_matches('-')).ok()
}
