//! Auctions inside the voice webhook: an incoming call on an active RTB
//! campaign pings the campaign's bidders in parallel (ending at the
//! campaign's deadline at the latest) and dials the highest valid bid that
//! can still take the call. The auction's record, with every bidder's
//! result, is written with the call: one commit, no extra wait before
//! answering, and kept whenever the call is.

use domain::RtbTargetId;
use std::time::Duration;

use domain::{Money, now_ms};
use routing::{Counters, Limit, Scope, Window};
use rtb::{AuctionOutcome, BidResult, BidStatus, Rejection, TargetConfig};

use crate::record::{AuctionRecord, BidResponseRecord};

pub use domain::RtbFallback as Fallback;

/// One RTB campaign ready to auction: targets compiled once per snapshot.
pub struct RtbCampaign {
    pub deadline: Duration,
    pub floor: Money,
    pub fallback: Fallback,
    pub targets: Vec<TargetConfig>,
    /// Per target (same order): concurrent, hourly and daily caps (UTC windows).
    pub caps: Vec<[Option<u64>; 3]>,
}

impl RtbCampaign {
    /// A campaign's auction: its deadline (clamped to 100 ms-10 s), floor,
    /// fallback, and its targets, best priority first, with their caps.
    pub fn new(
        deadline_ms: i64,
        floor: Money,
        fallback: Fallback,
        targets: Vec<(TargetConfig, [Option<u64>; 3])>,
    ) -> Self {
        let (targets, caps) = targets.into_iter().unzip();
        Self {
            deadline: Duration::from_millis(deadline_ms.clamp(100, 10_000) as u64),
            floor,
            fallback,
            targets,
            caps,
        }
    }
}

/// The winning bid of an auction: where to send the call, and what it pays.
pub struct Won {
    pub target_id: RtbTargetId,
    pub target_name: String,
    pub destination: String,
    pub amount: Money,
}

/// An auction that ran: its winner, if any, and its record (written by
/// the caller with the call, in the same commit).
pub struct Ran {
    pub won: Option<Won>,
    pub record: AuctionRecord,
}

/// Run the auction for `call`. `None` when the RTB client cannot be built
/// (then no bidder was pinged and nothing is recorded).
pub async fn run(
    client: Option<&rtb::RtbClient>,
    counters: &dyn Counters,
    campaign_id: &str,
    rtb: &RtbCampaign,
    call: &routing::IncomingCall,
) -> Option<Ran> {
    let client = client?;
    let request_id = format!("rtb_{}", call.call_sid);
    let vars = variables(&request_id, campaign_id, call);
    // Bidders at a cap are not pinged: they get a rejection in the record.
    let now = jiff::Timestamp::now();
    let (limits, capped) = capped(counters, rtb, now);
    let open: Vec<TargetConfig> = rtb
        .targets
        .iter()
        .zip(&capped)
        .filter(|(_, c)| c.is_none())
        .map(|(t, _)| t.clone())
        .collect();
    let ran = rtb::run(client, &open, &vars, rtb.floor, rtb.deadline).await;
    metrics::histogram!("rtb_auction_seconds").record(f64::from(ran.total_ms) / 1000.0);
    let mut outcome = merge(ran, &rtb.targets, &capped, &open);
    // The winner's slot is taken under the CallSid (released at the call's
    // end). A bidder that filled up since it was pinged (a concurrent call
    // took its last slot) loses with 1006, and the next valid bid in order
    // gets the call: the record names the bidder that really got it.
    let won = loop {
        let Some(i) = outcome.winner else {
            break None;
        };
        let taken = outcome.results.get(i).and_then(|bid| {
            Some(Won {
                target_id: rtb.targets.get(i).map(|t| t.id).unwrap_or(bid.target_id),
                target_name: rtb
                    .targets
                    .get(i)
                    .map(|t| t.name.clone())
                    .unwrap_or_default(),
                destination: bid.destination.clone()?,
                amount: bid.amount?,
            })
        });
        if let Some(won) = taken
            && counters.try_acquire(&call.call_sid, &limits[i], now)
        {
            break Some(won);
        }
        if let Some(lost) = outcome.results.get_mut(i) {
            lost.status = BidStatus::Rejected;
            lost.rejection = Some(Rejection::FINAL_CAPACITY);
        }
        outcome.winner = rtb::pick_winner(&rtb.targets, &outcome.results);
    };
    let record = record(request_id, campaign_id, call, &outcome, &rtb.targets);
    Some(Ran { won, record })
}

/// Each target's limits now, and the cap that keeps it from being pinged
/// (`None`: it is pinged).
pub fn capped(
    counters: &dyn Counters,
    rtb: &RtbCampaign,
    now: jiff::Timestamp,
) -> (Vec<Vec<Limit>>, Vec<Option<Rejection>>) {
    let limits: Vec<Vec<Limit>> = rtb
        .targets
        .iter()
        .zip(&rtb.caps)
        .map(|(t, caps)| target_limits(t.id, caps, now))
        .collect();
    let capped = limits
        .iter()
        .map(|l| {
            let counts = counters.counts(&l.iter().collect::<Vec<_>>());
            // The daily cap is named first when several are full.
            l.iter()
                .zip(counts)
                .rev()
                .find(|(l, n)| !l.has_room(*n))
                .map(|(l, _)| match l.window {
                    Window::Day(_) => Rejection::DAILY_CAP,
                    _ => Rejection::FINAL_CAPACITY,
                })
        })
        .collect();
    (limits, capped)
}

/// The bid request variables of `call` on campaign `campaign_id`.
pub fn variables(
    request_id: &str,
    campaign_id: &str,
    call: &routing::IncomingCall,
) -> rtb::Variables {
    rtb::CallVariables {
        request_id: request_id.to_string(),
        campaign_id: campaign_id.to_string(),
        caller_id: call.from.clone(),
        caller_state: call.caller_state.clone().unwrap_or_default(),
        caller_zip: call.caller_zip.clone().unwrap_or_default(),
        caller_city: call.caller_city.clone().unwrap_or_default(),
        call_start_time: jiff::Timestamp::now().to_string(),
        to_number: call.to.clone(),
        call_sid: call.call_sid.to_string(),
    }
    .into()
}

/// The limits of one bidder: calls in flight, this UTC hour, this UTC day.
fn target_limits(id: RtbTargetId, caps: &[Option<u64>; 3], now: jiff::Timestamp) -> Vec<Limit> {
    let [hour, day, _] = routing::buckets(&jiff::tz::TimeZone::UTC, now);
    let scope = Scope::RtbTarget(id);
    [
        (Window::Concurrent, caps[0]),
        (hour, caps[1]),
        (day, caps[2]),
    ]
    .into_iter()
    .map(|(window, max)| Limit { scope, window, max })
    .collect()
}

/// The results of every target in configuration order: the auction's for
/// the bidders pinged, a cap rejection for the others.
fn merge(
    ran: AuctionOutcome,
    targets: &[TargetConfig],
    capped: &[Option<Rejection>],
    open: &[TargetConfig],
) -> AuctionOutcome {
    let winner_id = ran.winner.and_then(|i| open.get(i)).map(|t| t.id);
    let mut pinged = ran.results.into_iter();
    let results: Vec<BidResult> = targets
        .iter()
        .zip(capped)
        .map(|(t, cap)| match cap {
            Some(rejection) => BidResult {
                rejection: Some(*rejection),
                ..BidResult::empty(t, BidStatus::Rejected, String::new(), 0)
            },
            None => pinged.next().unwrap_or_else(|| {
                BidResult::empty(t, BidStatus::ConnectionError, String::new(), 0)
            }),
        })
        .collect();
    AuctionOutcome {
        winner: targets.iter().position(|t| Some(t.id) == winner_id),
        results,
        ..ran
    }
}

fn record(
    request_id: String,
    campaign_id: &str,
    call: &routing::IncomingCall,
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
            response_status: r.status.as_str().to_string(),
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
        campaign_id: domain::CampaignId(campaign_id.to_string()),
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
