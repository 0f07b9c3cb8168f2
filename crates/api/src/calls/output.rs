//! Call answers: the list item, the list page, and the detail with its
//! campaign, buyer and routing (from the stored decision).

use routing::{Decision, Outcome, TraceResult};
use serde::Serialize;
use store::call_reports::{CallDetail, CallRow};
use store::rtb_auctions::{AuctionRow, BidResponseRow};
use utoipa::ToSchema;

use crate::rtb::auctions::{BidRequestOut, BidResponseOut};
use crate::stats::rfc3339;

pub(crate) use crate::shapes::money;

/// A call as listed (`CallSummary`).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallSummaryOut {
    pub id: i64,
    #[schema(example = "CA62900b63849fc3eaaaab5cd85e25e582")]
    pub call_sid: String,
    pub campaign_id: Option<String>,
    pub campaign_name: Option<String>,
    /// The buyer the call was given to (null for a call won in an
    /// auction, unless it failed over to a buyer).
    pub buyer_id: Option<i64>,
    pub buyer_name: Option<String>,
    /// The RTB target whose bid won the call, if an auction placed it.
    pub rtb_target_id: Option<i64>,
    pub rtb_target_name: Option<String>,
    /// The caller.
    pub from_number: String,
    /// The tracking number called.
    pub to_number: String,
    /// The number the call was sent to (the buyer's, or the winning
    /// bidder's destination).
    pub dialed_number: Option<String>,
    pub caller_city: Option<String>,
    pub caller_state: Option<String>,
    /// Seconds.
    pub duration: i64,
    #[schema(value_type = domain::CallStatus)]
    pub status: String,
    #[schema(value_type = domain::Disposition)]
    pub disposition: String,
    pub is_duplicate: bool,
    pub converted: bool,
    /// Carrier cost.
    #[schema(example = "0.0085")]
    pub cost: String,
    /// Payout to the publisher.
    #[schema(example = "0.00")]
    pub payout: String,
    /// What the buyer pays.
    #[schema(example = "15.50")]
    pub revenue: String,
    /// Revenue less payout and cost (may be negative).
    #[schema(example = "15.4915")]
    pub profit: String,
    /// RFC 3339 UTC timestamp.
    pub created_at: String,
}

impl From<CallRow> for CallSummaryOut {
    fn from(c: CallRow) -> Self {
        Self {
            id: c.id,
            call_sid: c.call_sid,
            campaign_id: c.campaign_id,
            campaign_name: c.campaign_name,
            buyer_id: c.buyer_id,
            buyer_name: c.buyer_name,
            rtb_target_id: c.rtb_target_id,
            rtb_target_name: c.rtb_target_name,
            from_number: c.from_number,
            to_number: c.to_number,
            dialed_number: c.dialed_number,
            caller_city: c.caller_city,
            caller_state: c.caller_state,
            duration: c.duration,
            status: c.status,
            disposition: c.disposition,
            is_duplicate: c.is_duplicate,
            converted: c.converted,
            cost: money(c.cost_e4),
            payout: money(c.payout_e4),
            revenue: money(c.revenue_e4),
            profit: money(c.profit_e4),
            created_at: rfc3339(c.created_at),
        }
    }
}

/// Who took the call, as one label: the buyer, or the winning bidder
/// marked "(RTB)" (a call that failed over from a bidder to a buyer names
/// the buyer).
pub fn destination_name(c: &CallRow) -> Option<String> {
    match (&c.buyer_name, &c.rtb_target_name, c.rtb_target_id) {
        (Some(buyer), _, _) => Some(buyer.clone()),
        (None, Some(target), _) => Some(format!("{target} (RTB)")),
        (None, None, Some(id)) => Some(format!("RTB target #{id}")),
        (None, None, None) => None,
    }
}

/// A page of the call list.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallsPageOut {
    pub calls: Vec<CallSummaryOut>,
    /// Calls matching the filters, over every page.
    pub total: i64,
    /// More calls follow this page.
    pub has_more: bool,
}

/// The call's campaign.
#[derive(Serialize, ToSchema)]
pub struct CampaignRefOut {
    pub name: String,
    #[serde(rename = "type")]
    #[schema(value_type = domain::CampaignKind)]
    pub kind: String,
}

/// The buyer that got the call.
#[derive(Serialize, ToSchema)]
pub struct BuyerRefOut {
    pub name: String,
    pub company: Option<String>,
}

/// How the routing engine decided, as stored with the call.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoutingOut {
    /// routed, no_route or rejected.
    pub outcome: String,
    /// Why the call was not routed.
    pub reason: Option<String>,
    /// The caller called this campaign within its duplicate window.
    pub duplicate: bool,
    /// Whether the call could earn a payout.
    pub paid: bool,
    /// Every buyer considered, with what became of it.
    pub trace: Vec<TraceOut>,
    /// The buyers that could take the call, best first.
    pub candidates: Vec<CandidateOut>,
    pub notes: Vec<String>,
}

/// One buyer considered.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TraceOut {
    pub buyer_id: i64,
    pub buyer_name: String,
    /// eligible, selected or skipped.
    pub result: String,
    pub reason: Option<String>,
}

/// One buyer the call could go to.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CandidateOut {
    pub buyer_id: i64,
    pub buyer_name: String,
    pub number: String,
    pub backup_number: Option<String>,
    #[schema(example = "25.00")]
    pub payout: String,
}

/// Tracking parameters of the visit behind the call.
#[derive(Serialize, ToSchema)]
pub struct UtmOut {
    pub source: Option<String>,
    pub medium: Option<String>,
    pub campaign: Option<String>,
    pub content: Option<String>,
    pub term: Option<String>,
}

/// One call in full: the list fields plus what the detail tabs show.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallDetailOut {
    #[serde(flatten)]
    pub call: CallSummaryOut,
    /// Not measured yet: always null.
    pub call_quality: Option<String>,
    pub recording_url: Option<String>,
    pub recording_sid: Option<String>,
    /// Seconds.
    pub recording_duration: Option<i64>,
    /// Not transcribed yet: always null.
    pub transcription: Option<String>,
    /// "City, ST" from the carrier's caller data.
    #[schema(example = "New York, NY")]
    pub geo_location: Option<String>,
    pub caller_zip: Option<String>,
    pub caller_country: Option<String>,
    /// Seconds the buyer talked.
    pub talk_time: i64,
    pub connected_at: Option<String>,
    pub ended_at: Option<String>,
    pub routing_attempts: i64,
    /// Talk time the call needed to convert.
    pub min_duration_secs: i64,
    pub campaign: Option<CampaignRefOut>,
    pub buyer: Option<BuyerRefOut>,
    /// Null when the call has no stored decision.
    pub routing: Option<RoutingOut>,
    /// The auction run for the call (RTB campaigns), null when none ran.
    pub auction: Option<CallAuctionOut>,
    /// The call flow the call ran and the path it took, null when none.
    pub flow: Option<CallFlowPathOut>,
    pub utm: UtmOut,
    /// The web visit the call is credited to by DNI, or why none is.
    pub dni: Option<crate::dni::attribution::CallDniOut>,
    /// Tracked URL parameters the call carries (from its web visit or
    /// the voice webhook's query).
    pub parameters: Vec<CallParamOut>,
}

/// A tracked URL parameter's value on a call.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallParamOut {
    #[schema(example = "affiliate")]
    pub name: String,
    /// The parameter's display name (its name when no longer tracked).
    pub display_name: String,
    pub value: String,
}

/// The call flow a call ran, and its path through it.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallFlowPathOut {
    pub flow_id: i64,
    /// Null once the flow is deleted.
    pub flow_name: Option<String>,
    pub version: i64,
    /// The nodes visited, in order.
    pub path: Vec<FlowVisitOut>,
    /// Where the call left the flow (routeToBuyers, rtbAuction, dial,
    /// voicemail, hangup, failed); null while it is in the flow or when
    /// the caller hung up in it.
    pub end: Option<String>,
    /// The node the call waits at (or where the caller hung up).
    pub waiting_at: Option<String>,
    pub variables: std::collections::BTreeMap<String, String>,
}

/// One node a call passed through.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowVisitOut {
    pub node_id: String,
    pub node_type: String,
    pub output: Option<String>,
    pub edge_id: Option<String>,
    /// Keys or speech the caller gave here (`""`: nothing).
    pub input: Option<String>,
    pub entered_at: String,
    /// Milliseconds spent at the node.
    pub duration_ms: Option<i64>,
    pub note: Option<String>,
}

fn flow_path(d: &CallDetail) -> Option<CallFlowPathOut> {
    let flow_id = d.call_flow_id?;
    let stored = d
        .flow_run
        .as_deref()
        .and_then(callpath::flow::StoredFlow::parse)?;
    let run = stored.run;
    Some(CallFlowPathOut {
        flow_id,
        flow_name: d.call_flow_name.clone(),
        version: d.flow_version.unwrap_or(run.version),
        path: run
            .path
            .into_iter()
            .map(|v| FlowVisitOut {
                duration_ms: v.left_ms.map(|l| (l - v.entered_ms).max(0)),
                entered_at: rfc3339(v.entered_ms),
                node_id: v.node_id,
                node_type: v.node_type,
                output: v.output,
                edge_id: v.edge_id,
                input: v.input,
                note: v.note,
            })
            .collect(),
        end: run.end.as_ref().map(|e| e.kind().to_string()),
        waiting_at: run.waiting,
        variables: run.vars,
    })
}

/// The auction run for a call, with every bidder's response.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallAuctionOut {
    #[serde(flatten)]
    pub request: BidRequestOut,
    /// The winner first, then by bid (highest first), then by response time.
    pub bids: Vec<CallBidOut>,
}

/// One bidder's response, with its place among the valid bids.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallBidOut {
    #[serde(flatten)]
    pub response: BidResponseOut,
    /// 1 for the winning bid, then the other valid bids by amount; null
    /// for responses that were not a valid bid (no bid, timeout, rejected…).
    pub rank: Option<i64>,
}

impl CallAuctionOut {
    pub fn new(request: AuctionRow, responses: Vec<BidResponseRow>) -> Self {
        let mut rank = 0;
        let bids = responses
            .into_iter()
            .map(|r| {
                let valid = r.response_status == "success" && r.bid_amount_e4.is_some();
                CallBidOut {
                    rank: valid.then(|| {
                        rank += 1;
                        rank
                    }),
                    response: r.into(),
                }
            })
            .collect();
        Self {
            request: request.into(),
            bids,
        }
    }
}

impl CallDetailOut {
    /// The detail of `d`, with the auction run for it if any.
    pub fn new(d: CallDetail, auction: Option<(AuctionRow, Vec<BidResponseRow>)>) -> Self {
        let flow = flow_path(&d);
        let campaign = d
            .call
            .campaign_name
            .clone()
            .zip(d.campaign_type)
            .map(|(name, kind)| CampaignRefOut { name, kind });
        let buyer = d.call.buyer_name.clone().map(|name| BuyerRefOut {
            name,
            company: d.buyer_company,
        });
        let won_at_auction = d.call.rtb_target_id.is_some();
        let routing = d.decision.as_deref().filter(|j| !j.is_empty()).and_then(|json| {
            routing::stored::decode(json)
                .map_err(|e| tracing::warn!(call = d.call.id, error = %e, "unreadable routing decision"))
                .ok()
                .map(|decision| routing_out(decision, won_at_auction))
        });
        Self {
            geo_location: geo_location(
                d.call.caller_city.as_deref(),
                d.call.caller_state.as_deref(),
            ),
            call_quality: None,
            recording_url: d.recording_url,
            recording_sid: d.recording_sid,
            recording_duration: d.recording_duration,
            transcription: None,
            caller_zip: d.caller_zip,
            caller_country: d.caller_country,
            talk_time: d.talk_time,
            connected_at: d.connected_at.map(rfc3339),
            ended_at: d.ended_at.map(rfc3339),
            routing_attempts: d.routing_attempts,
            min_duration_secs: d.min_duration_secs,
            campaign,
            buyer,
            routing,
            auction: auction.map(|(request, responses)| CallAuctionOut::new(request, responses)),
            flow,
            dni: None,
            parameters: Vec::new(),
            utm: UtmOut {
                source: d.call.utm_source.clone(),
                medium: d.call.utm_medium.clone(),
                campaign: d.call.utm_campaign.clone(),
                content: d.call.utm_content.clone(),
                term: d.call.utm_term.clone(),
            },
            call: d.call.into(),
        }
    }
}

/// The decision as shown. A call won in an auction was routed (to its
/// bidder) whatever its campaign's buyers could have done: the decision
/// stored with it is theirs, kept for a failover.
fn routing_out(d: Decision, won_at_auction: bool) -> RoutingOut {
    let (outcome, reason) = match d.outcome {
        Outcome::Rejected(r) => ("rejected", Some(r)),
        _ if won_at_auction => ("routed", None),
        Outcome::Routed => ("routed", None),
        Outcome::NoRoute(r) => ("no_route", Some(r)),
    };
    RoutingOut {
        outcome: outcome.into(),
        reason: reason.filter(|r| !r.is_empty()),
        duplicate: d.duplicate,
        paid: d.paid,
        trace: d
            .trace
            .into_iter()
            .map(|t| TraceOut {
                buyer_id: t.buyer_id.into(),
                buyer_name: t.buyer_name,
                result: match t.result {
                    TraceResult::Eligible => "eligible",
                    TraceResult::Selected => "selected",
                    TraceResult::Skipped => "skipped",
                }
                .into(),
                reason: t.reason,
            })
            .collect(),
        candidates: d
            .candidates
            .into_iter()
            .map(|c| CandidateOut {
                buyer_id: c.buyer_id.into(),
                buyer_name: c.buyer_name,
                number: c.number,
                backup_number: c.backup_number,
                payout: money(c.payout.0),
            })
            .collect(),
        notes: d.notes,
    }
}

/// "New York, NY": the carrier sends cities in capitals; states stay as sent.
fn geo_location(city: Option<&str>, state: Option<&str>) -> Option<String> {
    let city = city.map(str::trim).filter(|c| !c.is_empty()).map(|c| {
        if c.chars().any(char::is_lowercase) {
            c.to_string()
        } else {
            title_case(c)
        }
    });
    let state = state.map(str::trim).filter(|s| !s.is_empty());
    match (city, state) {
        (Some(c), Some(s)) => Some(format!("{c}, {s}")),
        (Some(c), None) => Some(c),
        (None, Some(s)) => Some(s.to_string()),
        (None, None) => None,
    }
}

fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = true;
    for ch in text.chars() {
        if start {
            out.extend(ch.to_uppercase());
        } else {
            out.extend(ch.to_lowercase());
        }
        start = ch == ' ' || ch == '-';
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geo_location_reads_like_an_address() {
        assert_eq!(
            geo_location(Some("NEW YORK"), Some("NY")).as_deref(),
            Some("New York, NY")
        );
        assert_eq!(
            geo_location(Some("McAllen"), None).as_deref(),
            Some("McAllen")
        );
        assert_eq!(geo_location(Some(" "), Some("TX")).as_deref(), Some("TX"));
        assert_eq!(geo_location(None, None), None);
    }

    #[test]
    fn money_keeps_sub_cent_digits() {
        assert_eq!(money(15_5000), "15.50");
        assert_eq!(money(850), "0.0850");
        assert_eq!(money(-85), "-0.0085");
    }
}
