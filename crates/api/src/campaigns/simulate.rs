//! The campaign "Test call" (`POST /api/campaigns/{id}/simulate`): which
//! buyer would get a call and the full decision trace, without dialling
//! and without touching any counter.

use axum::Json;
use axum::extract::State;
use routing::{Decision, Outcome};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(simulate))
}

/// A call to try.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SimulateIn {
    /// The caller's number, any common format.
    pub caller_number: String,
    pub caller_state: Option<String>,
    pub caller_city: Option<String>,
    pub caller_zip: Option<String>,
    /// When the call happens (RFC 3339); now when absent.
    pub at: Option<String>,
    /// RTB campaigns: also run a real test auction (every bidder that a
    /// call would ping now is asked; nothing is dialled, recorded or
    /// counted).
    #[serde(default)]
    pub run_auction: bool,
}

/// A buyer in the order the campaign would try them.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SimulatedBuyerOut {
    pub buyer_id: i64,
    pub buyer_name: String,
    pub number: String,
    pub backup_number: Option<String>,
    #[schema(example = "25.00")]
    pub payout: String,
}

/// One buyer considered, and why it was or was not eligible.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TraceOut {
    pub buyer_id: i64,
    pub buyer_name: String,
    /// eligible | selected | skipped
    pub result: String,
    pub reason: Option<String>,
}

/// What would happen.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SimulationOut {
    pub campaign_id: String,
    /// routed | no_route | rejected
    pub outcome: String,
    pub reason: Option<String>,
    /// The buyer that would be rung first.
    pub buyer: Option<SimulatedBuyerOut>,
    /// Every eligible buyer in the order they would be tried.
    pub candidates: Vec<SimulatedBuyerOut>,
    pub duplicate: bool,
    /// Whether the call would be payable (duplicates are not).
    pub paid: bool,
    pub trace: Vec<TraceOut>,
    pub notes: Vec<String>,
    /// The moment simulated (RFC 3339).
    pub at: String,
    /// RTB campaigns: the auction a call would run now.
    pub auction: Option<AuctionPreviewOut>,
    /// What the simulation cannot know.
    pub unknowns: Vec<String>,
}

/// An RTB campaign's auction as the next call would run it.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuctionPreviewOut {
    #[schema(example = "5.00")]
    pub floor: String,
    pub deadline_ms: u64,
    pub fallback: domain::RtbFallback,
    /// Every bidder, best priority first.
    pub targets: Vec<TargetPreviewOut>,
    /// The test auction, when one was asked for.
    pub test: Option<SimulatedAuctionOut>,
}

/// A bidder of the preview.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TargetPreviewOut {
    pub rtb_target_id: i64,
    pub name: String,
    pub priority: i64,
    /// Whether a call now would ping it.
    pub pinged: bool,
    /// Why not (a cap, with its code).
    pub reason: Option<String>,
}

/// A test auction's outcome.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SimulatedAuctionOut {
    pub total_ms: u32,
    /// The bidder whose bid would win, if any.
    pub winner_rtb_target_id: Option<i64>,
    pub bids: Vec<SimulatedBidOut>,
}

/// One bidder's answer in a test auction.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SimulatedBidOut {
    pub rtb_target_id: i64,
    /// success | no_bid | rejected | timeout | http_error | parse_error | connection_error
    pub status: String,
    #[schema(example = "25.00")]
    pub bid: Option<String>,
    pub response_ms: u32,
    pub destination: Option<String>,
    pub rejection_code: Option<u16>,
    pub rejection_reason: Option<String>,
    pub error: Option<String>,
}

/// Try a call against a campaign (draft and paused campaigns as if active).
#[utoipa::path(post, path = "/api/campaigns/{id}/simulate", operation_id = "simulate_campaign_call", tag = "campaigns", request_body = SimulateIn,
    params(("id" = String, Path, description = "Campaign id (UUID)")),
    responses((status = 200, body = SimulationOut), (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn simulate(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<domain::CampaignId>,
    ApiJson(input): ApiJson<SimulateIn>,
) -> ApiResult<Json<SimulationOut>> {
    app.store.campaign(user.account, &id).await?;
    let caller = domain::E164::parse(&input.caller_number, "US")
        .map_err(|r| ApiError::validation("callerNumber", r))?;
    let at = match input.at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => jiff::Timestamp::now(),
        Some(t) => t.parse::<jiff::Timestamp>().map_err(|_| {
            ApiError::validation(
                "at",
                "must be an RFC 3339 time such as 2026-11-25T14:00:00Z",
            )
        })?,
    };
    let call = routing::IncomingCall {
        call_sid: "simulation".into(),
        to: String::new(),
        from: caller.into_string(),
        caller_state: input.caller_state,
        caller_city: input.caller_city,
        caller_zip: input.caller_zip,
    };
    let bidder = if input.run_auction {
        Some(app.rtb_client()?)
    } else {
        None
    };
    let sim = callpath::simulate::simulate(app.live(), bidder, &id, &call, at, rand::random())
        .await
        .ok_or_else(|| ApiError::not_found("Resource not found"))?;
    Ok(Json(out(id.0, sim, at)))
}

fn auction_out(a: callpath::simulate::AuctionPreview) -> AuctionPreviewOut {
    AuctionPreviewOut {
        floor: a.floor.to_decimal_string(2),
        deadline_ms: a.deadline_ms,
        fallback: a.fallback,
        targets: a
            .targets
            .into_iter()
            .map(|t| TargetPreviewOut {
                rtb_target_id: t.id.into(),
                name: t.name,
                priority: t.priority,
                pinged: t.pinged,
                reason: t.reason,
            })
            .collect(),
        test: a.test.map(|test| SimulatedAuctionOut {
            total_ms: test.total_ms,
            winner_rtb_target_id: test
                .winner
                .and_then(|i| test.bids.get(i))
                .map(|b| b.target_id.0),
            bids: test
                .bids
                .into_iter()
                .map(|b| SimulatedBidOut {
                    rtb_target_id: b.target_id.into(),
                    status: b.status.as_str().into(),
                    bid: b.amount.map(|m| m.to_decimal_string(2)),
                    response_ms: b.response_ms,
                    destination: b.destination,
                    rejection_code: b.rejection.map(|r| r.code),
                    rejection_reason: b.rejection.map(|r| r.reason.to_string()),
                    error: b.error,
                })
                .collect(),
        }),
    }
}

fn out(
    campaign_id: String,
    sim: callpath::simulate::Simulation,
    at: jiff::Timestamp,
) -> SimulationOut {
    let d: Decision = sim.decision;
    let (outcome, reason) = match d.outcome {
        Outcome::Routed => ("routed", None),
        Outcome::NoRoute(r) => ("no_route", Some(r)),
        Outcome::Rejected(r) => ("rejected", Some(r)),
    };
    let candidates: Vec<SimulatedBuyerOut> = d
        .candidates
        .into_iter()
        .map(|c| SimulatedBuyerOut {
            buyer_id: c.buyer_id.into(),
            buyer_name: c.buyer_name,
            number: c.number,
            backup_number: c.backup_number,
            payout: c.payout.to_decimal_string(2),
        })
        .collect();
    let buyer = (outcome == "routed")
        .then(|| candidates.first())
        .flatten()
        .map(|c| SimulatedBuyerOut {
            buyer_id: c.buyer_id,
            buyer_name: c.buyer_name.clone(),
            number: c.number.clone(),
            backup_number: c.backup_number.clone(),
            payout: c.payout.clone(),
        });
    SimulationOut {
        campaign_id,
        outcome: outcome.into(),
        reason,
        buyer,
        candidates,
        duplicate: d.duplicate,
        paid: d.paid,
        trace: d
            .trace
            .into_iter()
            .map(|t| TraceOut {
                buyer_id: t.buyer_id.into(),
                buyer_name: t.buyer_name,
                result: serde_json::to_value(t.result)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                reason: t.reason,
            })
            .collect(),
        notes: d.notes,
        // To the second: what a person reads.
        at: at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        auction: sim.auction.map(auction_out),
        unknowns: sim.unknowns,
    }
}
