//! Auctions inside the voice webhook: an incoming call on an active RTB
//! campaign pings the campaign's bidders in parallel (ending at the
//! campaign's deadline at the latest), dials the highest valid bid, and
//! records the auction with every bidder's result before answering.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use domain::{Money, now_ms};
use rtb::{AuctionOutcome, TargetConfig};
use store::rtb_auctions::{AuctionRecord, BidResponseRecord};
use store::rtb_targets::RtbCampaignConfig;
use telephony::webhook::IncomingCall;

use super::within;
use crate::AppState;
use crate::rtb::bidding::{status_name, target_config};

/// One RTB campaign ready to auction: targets compiled once per snapshot.
pub struct RtbCampaign {
    pub deadline: Duration,
    pub floor: Money,
    /// buyers | number | message
    pub fallback: String,
    pub targets: Vec<TargetConfig>,
}

/// Compile the stored RTB configuration into auction-ready campaigns.
pub fn compile(configs: Vec<RtbCampaignConfig>) -> HashMap<String, Arc<RtbCampaign>> {
    configs
        .into_iter()
        .map(|c| {
            let campaign = RtbCampaign {
                deadline: Duration::from_millis(c.auction_timeout_ms.clamp(100, 10_000) as u64),
                floor: Money(c.min_bid_e4),
                fallback: c.fallback,
                targets: c
                    .targets
                    .iter()
                    .map(|t| target_config(&t.target, t.priority))
                    .collect(),
            };
            (c.campaign_id, Arc::new(campaign))
        })
        .collect()
}

/// The winning bid of an auction: where to send the call, and what it pays.
pub struct Won {
    pub destination: String,
    pub amount: Money,
}

/// Run the auction for `call` and record it. `None` when nobody won.
pub async fn run(
    app: &AppState,
    account: i64,
    campaign_id: &str,
    rtb: &RtbCampaign,
    call: &IncomingCall,
) -> Option<Won> {
    let client = app.rtb_client().ok()?;
    let request_id = format!("rtb_{}", call.call_sid);
    let vars: rtb::Variables = rtb::CallVariables {
        request_id: request_id.clone(),
        campaign_id: campaign_id.to_string(),
        caller_id: call.from.clone(),
        caller_state: call.caller_state.clone().unwrap_or_default(),
        caller_zip: call.caller_zip.clone().unwrap_or_default(),
        caller_city: call.caller_city.clone().unwrap_or_default(),
        call_start_time: jiff::Timestamp::now().to_string(),
        to_number: call.to.clone(),
        call_sid: call.call_sid.clone(),
    }
    .into();
    let outcome = rtb::run(client, &rtb.targets, &vars, rtb.floor, rtb.deadline).await;
    metrics::histogram!("rtb_auction_seconds").record(f64::from(outcome.total_ms) / 1000.0);
    let won = outcome.winning_bid().and_then(|bid| {
        Some(Won {
            destination: bid.destination.clone()?,
            amount: bid.amount?,
        })
    });
    let record = record(request_id, campaign_id, call, &outcome, &rtb.targets);
    if let Err(e) = within(app.store.record_auction(store::AccountId(account), &record)).await {
        tracing::error!(error = %e, call_sid = %call.call_sid, "auction ran but was not recorded");
    }
    won
}

fn record(
    request_id: String,
    campaign_id: &str,
    call: &IncomingCall,
    outcome: &AuctionOutcome,
    targets: &[TargetConfig],
) -> AuctionRecord {
    let responses = outcome
        .results
        .iter()
        .enumerate()
        .map(|(i, r)| BidResponseRecord {
            rtb_target_id: targets.get(i).map(|t| t.id).unwrap_or(r.target_id),
            request_sent_at: outcome.started_at,
            response_time_ms: Some(i64::from(r.response_ms)),
            http_status_code: r.http_status.map(i64::from),
            response_status: status_name(r.status).to_string(),
            bid_amount_e4: r.amount.map(|m| m.0),
            bid_currency: Some(r.currency.clone()),
            destination_number: r.destination.clone(),
            is_accepted: r.accepted,
            is_winning_bid: outcome.winner == Some(i),
            rejection_code: r.rejection.map(|x| i64::from(x.code)),
            rejection_reason: r.rejection.map(|x| x.reason.to_string()),
            error_message: r.error.clone(),
            raw_request: Some(r.raw_request.clone()),
            raw_response: r.raw_response.clone(),
        })
        .collect();
    AuctionRecord {
        request_id,
        campaign_id: campaign_id.to_string(),
        call_sid: Some(call.call_sid.clone()),
        call_start_time: outcome.started_at,
        caller_number: Some(call.from.clone()),
        inbound_number: Some(call.to.clone()),
        caller_state: call.caller_state.clone(),
        caller_city: call.caller_city.clone(),
        caller_zip: call.caller_zip.clone(),
        total_response_time_ms: i64::from(outcome.total_ms),
        auction_status: if outcome.winner.is_some() {
            "won"
        } else {
            "no_winner"
        }
        .into(),
        created_at: outcome.started_at,
        completed_at: Some(now_ms()),
        responses,
    }
}
