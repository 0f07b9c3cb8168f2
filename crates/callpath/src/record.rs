//! The records of a live call: what the call path writes when it answers
//! (a [`RoutedCall`], with its auction), the changes the carrier's later
//! reports make ([`CallUpdate`]), and what a follow-up webhook reads back
//! ([`CallState`]). The store writes and reads them; nothing here knows a
//! database.

use domain::{
    AccountId, BuyerId, CallId, CallSid, CampaignId, Money, NumberId, PoolId, RtbTargetId,
};

/// A call as the voice webhook first records it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RoutedCall {
    pub account: AccountId,
    pub call_sid: CallSid,
    pub account_sid: Option<String>,
    pub from_number: String,
    pub to_number: String,
    pub campaign_id: Option<CampaignId>,
    pub phone_number_id: Option<NumberId>,
    pub number_pool_id: Option<PoolId>,
    pub buyer_id: Option<BuyerId>,
    pub dialed_number: Option<String>,
    /// routed | no_route | rejected
    pub disposition: String,
    pub status: String,
    pub is_duplicate: bool,
    pub payable: bool,
    pub min_duration_secs: i64,
    pub buyer_payout_e4: i64,
    pub caller_city: Option<String>,
    pub caller_state: Option<String>,
    pub caller_zip: Option<String>,
    pub caller_country: Option<String>,
    /// The routing decision, in its stored form (`routing::stored`).
    pub decision: String,
    pub created_at: i64,
    /// Set when the call ends at once (no route, rejected).
    pub ended_at: Option<i64>,
    /// The RTB target whose bid won the call, if an auction placed it.
    pub rtb_target_id: Option<RtbTargetId>,
    /// The auction run for the call, written in the same transaction.
    pub auction: Option<Box<AuctionRecord>>,
    /// The call flow the call runs, its version, and the call's place in
    /// it (the flows crate's `Run` as JSON).
    #[serde(default)]
    pub call_flow_id: Option<i64>,
    #[serde(default)]
    pub flow_version: Option<i64>,
    #[serde(default)]
    pub flow_run: Option<String>,
}

/// What follow-up webhooks need of a stored call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallState {
    pub id: CallId,
    pub user_id: AccountId,
    pub call_sid: CallSid,
    pub campaign_id: Option<CampaignId>,
    pub buyer_id: Option<BuyerId>,
    pub disposition: String,
    pub status: String,
    pub dialed_number: Option<String>,
    pub routing_attempts: i64,
    pub payable: bool,
    pub converted: bool,
    pub min_duration_secs: i64,
    pub buyer_payout_e4: i64,
    pub connected_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub decision: Option<String>,
    /// Answers the call's flow has given (0: it runs none).
    pub flow_seq: i64,
    /// The call's place in its flow (the flows crate's `Run` as JSON).
    pub flow_run: Option<String>,
}

/// A carrier status report to apply.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct StatusUpdate {
    pub status: String,
    pub duration_secs: Option<i64>,
    pub cost: Option<Money>,
    pub recording_url: Option<String>,
    pub recording_sid: Option<String>,
    pub recording_duration: Option<i64>,
    /// The call has ended (a final status).
    pub ended: bool,
}

/// One change to apply to the call with CallSid `sid`.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub enum CallUpdate {
    /// A status report of the caller's leg.
    Status { sid: CallSid, update: StatusUpdate },
    /// The buyer's leg was answered at `at` (epoch ms).
    Connected { sid: CallSid, at: i64 },
    /// The buyer's leg ended after `secs` of talk.
    TalkTime { sid: CallSid, secs: i64 },
    /// The call moved to another destination after a failed leg: its
    /// buyer (none once the chain is exhausted), the number dialled, the
    /// payout, the decision as it stands, and the attempts so far (an
    /// absolute number: applying the change twice changes nothing more).
    Route {
        sid: CallSid,
        buyer_id: Option<BuyerId>,
        dialed_number: Option<String>,
        buyer_payout_e4: i64,
        decision: String,
        attempts: i64,
    },
    /// The campaign's fallback number talked with the caller for `secs`
    /// (kept as talk time; no buyer, so no conversion).
    FallbackTalk { sid: CallSid, secs: i64 },
    /// The call moved on in its flow: its place after answer `seq`
    /// (applied only over an earlier answer, so a retried step changes
    /// nothing), and where the flow sent it when it left the flow.
    Flow {
        sid: CallSid,
        seq: i64,
        run: String,
        route: Option<FlowRoute>,
    },
}

/// Where a call leaving its flow goes: a buyer (with its payout), the
/// winning bidder, or a number; with the routing decision as it stands.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FlowRoute {
    pub buyer_id: Option<BuyerId>,
    pub rtb_target_id: Option<RtbTargetId>,
    pub dialed_number: Option<String>,
    pub buyer_payout_e4: i64,
    pub decision: String,
    /// Whether a buyer pays for the call.
    pub payable: bool,
}

impl CallUpdate {
    /// The CallSid of the call it changes.
    pub fn sid(&self) -> &CallSid {
        match self {
            CallUpdate::Status { sid, .. }
            | CallUpdate::Connected { sid, .. }
            | CallUpdate::TalkTime { sid, .. }
            | CallUpdate::Route { sid, .. }
            | CallUpdate::FallbackTalk { sid, .. }
            | CallUpdate::Flow { sid, .. } => sid,
        }
    }
}

/// What an update found. `None`: no call has that CallSid.
#[derive(Clone, Debug)]
pub enum Updated {
    /// The call as it is after the report.
    Status(Option<Box<CallState>>),
    /// Whether a call was there to mark.
    Connected(bool),
    /// Whether the call converted (`None`: no call).
    TalkTime(Option<bool>),
    /// Whether a call was there to change (route, fallback talk time).
    Changed(bool),
}

/// What became of a call sent to be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    /// Written now.
    New,
    /// A call with this CallSid was already stored (another delivery won).
    Existing,
    /// The database could not be reached: kept in the local spool, to be
    /// written in order as soon as it answers again.
    Spooled,
}

/// One auction as the voice webhook ran it. The request's counters
/// (targets pinged, successes, failures, timeouts, average response time)
/// and the winner (bid, target, destination) are derived from `responses`
/// when recorded, so they cannot disagree with them.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuctionRecord {
    /// Unique across the platform (e.g. `pool_16_CA540901`).
    pub request_id: String,
    pub campaign_id: CampaignId,
    pub call_sid: Option<CallSid>,
    /// Epoch ms.
    pub call_start_time: i64,
    pub caller_number: Option<String>,
    pub inbound_number: Option<String>,
    pub caller_state: Option<String>,
    pub caller_city: Option<String>,
    pub caller_zip: Option<String>,
    /// Wall-clock duration of the whole auction, ms.
    pub total_response_time_ms: i64,
    /// pending, won, no_winner or error.
    pub auction_status: String,
    /// Epoch ms when the auction started, and when it finished.
    pub created_at: i64,
    pub completed_at: Option<i64>,
    pub responses: Vec<BidResponseRecord>,
}

/// One bidder's part in an auction. At most one response of an auction
/// has `is_winning_bid`; if several do, the first is recorded as the winner.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BidResponseRecord {
    pub rtb_target_id: RtbTargetId,
    /// Epoch ms.
    pub request_sent_at: i64,
    /// None when no answer arrived (timeout, connection error).
    pub response_time_ms: Option<i64>,
    pub http_status_code: Option<i64>,
    /// success, no_bid, rejected, timeout, http_error, parse_error or
    /// connection_error.
    pub response_status: String,
    pub bid_amount_e4: Option<i64>,
    pub bid_currency: Option<String>,
    pub destination_number: Option<String>,
    pub is_accepted: bool,
    pub is_winning_bid: bool,
    /// Our rejection code (e.g. 1006) and its text ("Final capacity check").
    pub rejection_code: Option<i64>,
    pub rejection_reason: Option<String>,
    pub error_message: Option<String>,
    /// The body sent and received (never the credential headers);
    /// truncated to `RAW_TEXT_LIMIT` (the store's) characters.
    pub raw_request: Option<String>,
    pub raw_response: Option<String>,
}
