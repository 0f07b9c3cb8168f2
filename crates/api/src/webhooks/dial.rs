//! The `<Dial action>` webhook: the result of ringing a buyer. Answered →
//! the call is over (talk time decides conversion). Not answered → the
//! buyer's backup number, then the next eligible buyer, then the
//! campaign's fallback.

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use store::call_updates::{CallUpdate, Updated};
use store::calls::{CallState, StatusUpdate};
use telephony::twiml;
use telephony::webhook::{DialAction, DialCallStatus};

use super::voice::{dial, fallback};
use super::{SORRY, twiml_response, verify, within};
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
    let answer = match DialAction::from_params(&params) {
        Ok(action) => next_step(&app, &action).await,
        Err(e) => {
            tracing::warn!(error = %e, "dial webhook without the dial's parameters");
            twiml::Response::new().with(twiml::Verb::Hangup)
        }
    };
    twiml_response(StatusCode::OK, answer)
}

async fn next_step(app: &AppState, action: &DialAction) -> twiml::Response {
    let sid = &action.call_sid;
    // Whatever happens next, a retried voice webhook must now be answered
    // from the stored call.
    app.routing.answers.changed(sid);
    let stored = match within(app.store.call_state(sid)).await {
        Ok(Some(s)) => s,
        Ok(None) => {
            tracing::warn!(call_sid = %sid, "dial result for an unknown call");
            return twiml::Response::new().with(twiml::Verb::Hangup);
        }
        Err(e) => {
            tracing::error!(error = %e, call_sid = %sid, "could not read the call for its dial result");
            return twiml::say_and_hangup(SORRY);
        }
    };
    if stored.ended_at.is_some() {
        return twiml::Response::new().with(twiml::Verb::Hangup);
    }
    match &action.dial_call_status {
        status if status.was_answered() => {
            let talk = i64::from(action.dial_call_duration.unwrap_or(0));
            finish(app, &stored, "completed", Some(talk)).await;
            twiml::Response::new().with(twiml::Verb::Hangup)
        }
        DialCallStatus::Canceled => {
            finish(app, &stored, "canceled", None).await;
            twiml::Response::new().with(twiml::Verb::Hangup)
        }
        status => retry(app, stored, status.as_str()).await,
    }
}

/// End the call: talk time (conversion), final status, slot released.
async fn finish(app: &AppState, stored: &CallState, status: &str, talk_secs: Option<i64>) {
    let writer = app.routing.writer(&app.store);
    let sid = stored.call_sid.clone();
    if let Some(secs) = talk_secs
        && let Err(e) = within(writer.update(CallUpdate::TalkTime {
            sid: sid.clone(),
            secs,
        }))
        .await
    {
        tracing::error!(error = %e, call_sid = %sid, "could not record talk time");
    }
    let update = StatusUpdate {
        status: status.into(),
        ended: true,
        ..Default::default()
    };
    match within(writer.update(CallUpdate::Status { sid, update })).await {
        Ok(Updated::Status(Some(after))) => app.events.call(
            after.user_id,
            "call.updated",
            &after.call_sid,
            &after.status,
        ),
        Ok(_) => {}
        Err(e) => {
            tracing::error!(error = %e, call_sid = %stored.call_sid, "could not close the call")
        }
    }
    app.routing.counters.release(&stored.call_sid);
}

/// The buyer did not take the call: try the backup, then the next buyer.
async fn retry(app: &AppState, stored: CallState, why: &str) -> twiml::Response {
    let Some(mut decision) = stored
        .decision
        .as_deref()
        .and_then(|j| routing::stored::decode(j).ok())
    else {
        finish(app, &stored, why, None).await;
        return twiml::say_and_hangup(SORRY);
    };
    let snapshot = app.routing.snapshot();
    let record = decision
        .campaign_id
        .as_ref()
        .and_then(|id| snapshot.campaigns.get(id))
        .is_some_and(|c| c.recording_enabled);
    // Same buyer, backup line, when the primary line was the one that failed.
    if let Some(current) = decision.selected()
        && stored.dialed_number.as_deref() == Some(current.number.as_str())
        && let Some(backup) = current.backup_number.clone()
    {
        let (buyer, payout, timeout) = (current.buyer_id, current.payout.0, current.timeout_secs);
        let json = routing::stored::encode(&decision);
        if let Err(e) = within(app.store.update_call_route(
            &stored.call_sid,
            Some(buyer),
            Some(&backup),
            payout,
            &json,
        ))
        .await
        {
            tracing::error!(error = %e, "could not record the move to the backup number");
        }
        return dial(app, &backup, timeout, record);
    }
    let now = jiff::Timestamp::now();
    let counters = app.routing.counters.clone();
    let next = decision
        .failover(
            &snapshot,
            counters.as_ref(),
            &format!(
                "{why} on {}",
                stored.dialed_number.as_deref().unwrap_or("?")
            ),
            now,
        )
        .cloned();
    let json = routing::stored::encode(&decision);
    match next {
        Some(buyer) => {
            if let Err(e) = within(app.store.update_call_route(
                &stored.call_sid,
                Some(buyer.buyer_id),
                Some(&buyer.number),
                buyer.payout.0,
                &json,
            ))
            .await
            {
                tracing::error!(error = %e, "could not record the move to the next buyer");
            }
            dial(app, &buyer.number, buyer.timeout_secs, record)
        }
        None => {
            if let Err(e) =
                within(
                    app.store
                        .update_call_route(&stored.call_sid, None, None, 0, &json),
                )
                .await
            {
                tracing::error!(error = %e, "could not record the exhausted chain");
            }
            let answer = fallback(app, &decision);
            finish(app, &stored, why, None).await;
            answer
        }
    }
}
