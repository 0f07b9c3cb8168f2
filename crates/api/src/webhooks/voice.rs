//! The voice webhook: an incoming call. The decision comes from the
//! in-memory snapshot and counters; the call is written before the TwiML
//! goes out (so a crash after answering loses nothing), with a deadline so
//! that a slow database never holds the caller.

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::now_ms;
use routing::{Decision, Outcome};
use store::calls::{CallState, RoutedCall};
use telephony::twiml;
use telephony::webhook::IncomingCall;

use super::answers::{Claim, Known};
use super::writer::Written;
use super::{SORRY, twiml_bytes, twiml_response, url, verify, within};
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
            return twiml_response(StatusCode::OK, twiml::say_and_hangup(SORRY));
        }
    };
    metrics::counter!("calls_incoming_total").increment(1);
    twiml_bytes(StatusCode::OK, answer(&app, &call).await)
}

fn xml(r: twiml::Response) -> Bytes {
    Bytes::from(r.to_xml())
}

async fn answer(app: &AppState, call: &IncomingCall) -> Bytes {
    // A retried webhook: answer exactly as before, count nothing again.
    // This node remembers its recent answers; two deliveries racing here
    // are answered once.
    let answers = &app.routing.answers;
    let mut waited = false;
    let pending = loop {
        match answers.claim(&call.call_sid) {
            Claim::First(p) => break p,
            Claim::Known(Known::Answered(body)) => return body,
            Claim::Known(Known::Stored) => return from_store(app, &call.call_sid).await,
            Claim::Wait(mut rx) if !waited => {
                waited = true;
                let got = tokio::time::timeout(
                    std::time::Duration::from_millis(3500),
                    rx.wait_for(|k| k.is_some()),
                )
                .await
                .map(|r| r.map(|k| k.clone()));
                match got {
                    Ok(Ok(k)) => match k {
                        Some(Known::Answered(body)) => return body,
                        _ => return from_store(app, &call.call_sid).await,
                    },
                    // The other delivery was cancelled: answer this one.
                    Ok(Err(_)) => continue,
                    Err(_) => return from_store(app, &call.call_sid).await,
                }
            }
            Claim::Wait(_) => return from_store(app, &call.call_sid).await,
        }
    };
    let now = jiff::Timestamp::now();
    let snapshot = app.routing.snapshot();
    let counters = app.routing.counters.clone();
    let incoming = routing::IncomingCall {
        call_sid: call.call_sid.clone(),
        to: call.to.clone(),
        from: call.from.clone(),
        caller_state: call.caller_state.clone(),
        caller_city: call.caller_city.clone(),
        caller_zip: call.caller_zip.clone(),
    };
    let mut decision = routing::route(&snapshot, counters.as_ref(), &incoming, now, rand::random());
    let campaign = decision
        .campaign_id
        .as_ref()
        .and_then(|id| snapshot.campaigns.get(id));
    // An active RTB campaign with bidders auctions the call first; its
    // buyers (if any, and if its fallback says so) take it when nobody wins.
    let auction = match (campaign, decision.account) {
        (Some(c), Some(_))
            if c.kind == "rtb"
                && c.status == "active"
                && !matches!(decision.outcome, Outcome::Rejected(_)) =>
        {
            match app.routing.auction(&c.id) {
                Some(rtb) => Some((super::auction::run(app, &c.id, &rtb, call).await, rtb)),
                None => None,
            }
        }
        _ => None,
    };
    let (won, auction_record, buyers_fallback) = match auction {
        Some((ran, rtb)) => match ran {
            Some(ran) => (ran.won, Some(ran.record), rtb.fallback == "buyers"),
            None => (None, None, rtb.fallback == "buyers"),
        },
        None => (None, None, true),
    };
    let won = won.as_ref();
    let chosen = if won.is_none() && buyers_fallback {
        decision.acquire(counters.as_ref(), now).cloned()
    } else {
        None
    };
    let record_audio = campaign.is_some_and(|c| c.recording_enabled);
    let timeout = campaign.map(|c| c.call_timeout_secs).unwrap_or(30);
    let response = xml(match (won, &chosen) {
        (Some(w), _) => dial(app, &w.destination, timeout, record_audio),
        (None, Some(buyer)) => dial(app, &buyer.number, buyer.timeout_secs, record_audio),
        _ => fallback(app, &decision),
    });
    let Some(account) = decision.account else {
        let reason = outcome_reason(&decision);
        if let Err(e) =
            within(
                app.store
                    .record_unrouted_call(&call.call_sid, &call.from, &call.to, &reason),
            )
            .await
        {
            tracing::warn!(error = %e, "could not record an unrouted call");
        }
        metrics::counter!("calls_unrouted_total").increment(1);
        pending.finish(Known::Answered(response.clone()));
        return response;
    };
    if won.is_none()
        && chosen.is_none()
        && let (Outcome::NoRoute(reason), Some(c)) = (&decision.outcome, campaign)
    {
        super::alerts::call_turned_away(app, account, &c.id, &c.name, reason);
    }
    let mut record = routed_call(account, call, &decision, chosen.as_ref(), &snapshot);
    if let Some(w) = won {
        // The winning bid is the call's revenue when it converts.
        record.disposition = "routed".into();
        record.status = "ringing".into();
        record.dialed_number = Some(w.destination.clone());
        record.buyer_payout_e4 = w.amount.0;
        record.rtb_target_id = Some(w.target_id);
        record.payable = !decision.duplicate;
        record.ended_at = None;
    }
    // Written with the call, in its commit: kept exactly when the call is.
    record.auction = auction_record.map(Box::new);
    drop(snapshot);
    let (sid, status) = (record.call_sid.clone(), record.status.clone());
    let writer = app.routing.writer(&app.store);
    match within(writer.write(record)).await {
        Ok(Written::New(_)) => app.events.call(account, "call.created", &sid, &status),
        Ok(Written::Existing) => {
            // Already stored (a delivery through another node, or long
            // ago): give back what we took and answer as it was answered.
            counters.release(&call.call_sid);
            if let Ok(Some(stored)) = within(app.store.call_state(&call.call_sid)).await {
                pending.finish(Known::Stored);
                return xml(replay(app, &stored));
            }
        }
        Err(e) => {
            // Answering beats failing the caller: the slot is kept and the
            // stale-call sweeper releases it; the error is loud in the logs.
            // A retry here is answered the same and not counted again.
            tracing::error!(error = %e, call_sid = %call.call_sid, "call routed but not recorded");
            metrics::counter!("calls_not_recorded_total").increment(1);
        }
    }
    pending.finish(Known::Answered(response.clone()));
    response
}

/// The answer for a call this node knows is stored.
async fn from_store(app: &AppState, sid: &str) -> Bytes {
    match within(app.store.call_state(sid)).await {
        Ok(Some(stored)) => xml(replay(app, &stored)),
        Ok(None) => xml(twiml::say_and_hangup(SORRY)),
        Err(e) => {
            tracing::warn!(error = %e, call_sid = %sid, "could not read a retried call");
            xml(twiml::say_and_hangup(SORRY))
        }
    }
}

fn outcome_reason(d: &Decision) -> String {
    match &d.outcome {
        Outcome::Routed => "routed".into(),
        Outcome::NoRoute(r) | Outcome::Rejected(r) => r.clone(),
    }
}

fn routed_call(
    account: i64,
    call: &IncomingCall,
    d: &Decision,
    chosen: Option<&routing::Candidate>,
    snapshot: &routing::Snapshot,
) -> RoutedCall {
    let campaign = d
        .campaign_id
        .as_ref()
        .and_then(|id| snapshot.campaigns.get(id));
    let number = snapshot.numbers.get(call.to.trim());
    let created_at = now_ms();
    let (disposition, status) = match (&d.outcome, chosen) {
        (Outcome::Rejected(_), _) => ("rejected", "rejected"),
        (_, Some(_)) => ("routed", "ringing"),
        _ => ("no_route", "no_route"),
    };
    RoutedCall {
        account,
        call_sid: call.call_sid.clone(),
        account_sid: Some(call.account_sid.clone()).filter(|s| !s.is_empty()),
        from_number: call.from.clone(),
        to_number: call.to.clone(),
        campaign_id: d.campaign_id.clone(),
        phone_number_id: d.number_id,
        number_pool_id: number.and_then(|n| n.pool_id),
        buyer_id: chosen.map(|c| c.buyer_id),
        dialed_number: chosen.map(|c| c.number.clone()),
        disposition: disposition.into(),
        status: status.into(),
        is_duplicate: d.duplicate,
        payable: d.paid,
        min_duration_secs: campaign.map(|c| c.min_duration_secs).unwrap_or(0),
        buyer_payout_e4: chosen.map(|c| c.payout.0).unwrap_or(0),
        caller_city: call.caller_city.clone(),
        caller_state: call.caller_state.clone(),
        caller_zip: call.caller_zip.clone(),
        caller_country: call.caller_country.clone(),
        decision: routing::stored::encode(d),
        created_at,
        ended_at: (disposition != "routed").then_some(created_at),
        rtb_target_id: None,
        auction: None,
    }
}

/// TwiML that rings `number`, reporting the outcome to our dial webhook.
pub(super) fn dial(app: &AppState, number: &str, timeout: u32, record: bool) -> twiml::Response {
    let opts = twiml::DialBuyerOptions {
        timeout,
        record,
        action: Some(url(app, "/api/webhooks/twilio/dial")),
        status_callback: Some(url(app, "/api/webhooks/twilio/status")),
        ..Default::default()
    };
    twiml::dial_buyer(number, &opts)
}

/// The campaign's fallback when no buyer takes the call: its fallback
/// number, else its message (or ours) and hang up.
pub(super) fn fallback(app: &AppState, d: &Decision) -> twiml::Response {
    let snapshot = app.routing.snapshot();
    let campaign = d
        .campaign_id
        .as_ref()
        .and_then(|id| snapshot.campaigns.get(id));
    if matches!(d.outcome, Outcome::Rejected(_)) {
        return twiml::reject(twiml::RejectReason::Busy);
    }
    if let Some(number) = campaign.and_then(|c| c.fallback_number.as_deref()) {
        return twiml::dial_buyer(number, &twiml::DialBuyerOptions::default());
    }
    let message = campaign
        .and_then(|c| c.fallback_message.as_deref())
        .unwrap_or(SORRY);
    twiml::say_and_hangup(message)
}

/// The same answer again for a call already recorded.
fn replay(app: &AppState, stored: &CallState) -> twiml::Response {
    let decision: Option<Decision> = stored
        .decision
        .as_deref()
        .and_then(|j| routing::stored::decode(j).ok());
    match (
        stored.disposition.as_str(),
        stored.dialed_number.as_deref(),
        &decision,
    ) {
        ("routed", Some(number), Some(d)) if stored.ended_at.is_none() => {
            let snapshot = app.routing.snapshot();
            let record = d
                .campaign_id
                .as_ref()
                .and_then(|id| snapshot.campaigns.get(id))
                .is_some_and(|c| c.recording_enabled);
            let timeout = d.selected().map(|c| c.timeout_secs).unwrap_or(30);
            dial(app, number, timeout, record)
        }
        (_, _, Some(d)) => fallback(app, d),
        _ => twiml::say_and_hangup(SORRY),
    }
}
