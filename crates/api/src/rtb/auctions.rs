//! Auctions the voice webhook ran (`/api/rtb/bid-requests`), each bidder's
//! response, and analytics over a date range (`/api/rtb/analytics`):
//! rejection reasons and per-bidder performance. Read-only: auctions are
//! written with their calls by the voice webhook (or `Store::record_auction`).

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use store::StoreError;
use store::rtb_auctions::{AuctionFilter, AuctionRow, BidResponseRow};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{mean, money, percent};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiPath, ApiQuery};
use crate::shapes::{ListParams, day_start, list_response};
use crate::stats::rfc3339;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_bid_requests))
        .routes(routes!(get_bid_request))
        .routes(routes!(list_bid_responses))
        .routes(routes!(analytics))
}

/// Analytics cover the last 30 days unless told otherwise.
const DEFAULT_RANGE_MS: i64 = 30 * 86_400_000;

/// One auction, as in the spec plus names and the caller's details.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BidRequestOut {
    pub id: i64,
    #[schema(example = "pool_16_CA540901")]
    pub request_id: String,
    pub campaign_id: String,
    pub campaign_name: Option<String>,
    pub call_sid: Option<String>,
    /// RFC 3339 UTC.
    pub call_start_time: String,
    pub caller_number: Option<String>,
    pub inbound_number: Option<String>,
    pub caller_state: Option<String>,
    pub caller_city: Option<String>,
    pub caller_zip: Option<String>,
    /// Bidders pinged.
    pub total_targets: i64,
    /// Responses with a valid bid; the rest count as failed.
    pub successful_responses: i64,
    pub failed_responses: i64,
    pub timeout_responses: i64,
    /// Duration of the whole auction, ms.
    pub total_response_time_ms: i64,
    /// Mean bidder response time, ms.
    pub average_response_time_ms: i64,
    /// Decimal string, null without a winner.
    pub winning_bid: Option<String>,
    /// The winning target's id, null without a winner.
    pub winning_target: Option<i64>,
    pub winning_target_name: Option<String>,
    pub winning_destination: Option<String>,
    /// pending, won, no_winner or error.
    pub auction_status: String,
    pub created_at: String,
    pub completed_at: Option<String>,
}

impl From<AuctionRow> for BidRequestOut {
    fn from(r: AuctionRow) -> Self {
        Self {
            id: r.id,
            request_id: r.request_id,
            campaign_id: r.campaign_id,
            campaign_name: r.campaign_name,
            call_sid: r.call_sid,
            call_start_time: rfc3339(r.call_start_time),
            caller_number: r.caller_number,
            inbound_number: r.inbound_number,
            caller_state: r.caller_state,
            caller_city: r.caller_city,
            caller_zip: r.caller_zip,
            total_targets: r.total_targets,
            successful_responses: r.successful_responses,
            failed_responses: r.failed_responses,
            timeout_responses: r.timeout_responses,
            total_response_time_ms: r.total_response_time_ms,
            average_response_time_ms: r.average_response_time_ms,
            winning_bid: r.winning_bid_e4.map(money),
            winning_target: r.winning_target_id,
            winning_target_name: r.winning_target_name,
            winning_destination: r.winning_destination,
            auction_status: r.auction_status,
            created_at: rfc3339(r.created_at),
            completed_at: r.completed_at.map(rfc3339),
        }
    }
}

/// One bidder's response in an auction.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BidResponseOut {
    pub id: i64,
    pub request_id: String,
    pub rtb_target_id: i64,
    pub target_name: Option<String>,
    /// Decimal string, null when the bidder sent none.
    #[schema(example = "0.00")]
    pub bid_amount: Option<String>,
    pub bid_currency: Option<String>,
    pub destination_number: Option<String>,
    pub response_time_ms: Option<i64>,
    /// success, no_bid, rejected, timeout, http_error, parse_error or connection_error.
    pub response_status: String,
    pub is_accepted: bool,
    pub is_winning_bid: bool,
    pub error_message: Option<String>,
    pub rejection_code: Option<i64>,
    /// The reason with its code, as shown in the auction view.
    #[schema(example = "Final capacity check (Code: 1006)")]
    pub rejection_reason: Option<String>,
    pub http_status_code: Option<i64>,
    /// RFC 3339 UTC.
    pub request_sent_at: String,
    pub raw_request: Option<String>,
    pub raw_response: Option<String>,
}

/// "Final capacity check (Code: 1006)", or whichever part is known.
fn rejection_text(code: Option<i64>, reason: Option<String>) -> Option<String> {
    match (code, reason) {
        (Some(c), Some(r)) => Some(format!("{r} (Code: {c})")),
        (Some(c), None) => Some(format!("Code: {c}")),
        (None, r) => r,
    }
}

impl From<BidResponseRow> for BidResponseOut {
    fn from(r: BidResponseRow) -> Self {
        Self {
            id: r.id,
            request_id: r.request_id,
            rtb_target_id: r.rtb_target_id,
            target_name: r.target_name,
            bid_amount: r.bid_amount_e4.map(money),
            bid_currency: r.bid_currency,
            destination_number: r.destination_number,
            response_time_ms: r.response_time_ms,
            response_status: r.response_status,
            is_accepted: r.is_accepted,
            is_winning_bid: r.is_winning_bid,
            error_message: r.error_message,
            rejection_code: r.rejection_code,
            rejection_reason: rejection_text(r.rejection_code, r.rejection_reason),
            http_status_code: r.http_status_code,
            request_sent_at: rfc3339(r.request_sent_at),
            raw_request: r.raw_request,
            raw_response: r.raw_response,
        }
    }
}

/// Filters of `GET /api/rtb/bid-requests` (plus `limit`, `offset`, `order`).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct BidRequestQuery {
    pub campaign_id: Option<String>,
    /// The call the auction was run for.
    pub call_sid: Option<String>,
    /// From this day (YYYY-MM-DD, your time zone) or instant (RFC 3339).
    pub from: Option<String>,
    /// Up to this day, inclusive, or instant, exclusive.
    pub to: Option<String>,
    /// true: only auctions with a winner; false: only those without.
    pub has_winner: Option<bool>,
}

/// The range of analytics.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RangeQuery {
    /// From this day (YYYY-MM-DD, your time zone) or instant (RFC 3339);
    /// default 30 days before `to`.
    pub from: Option<String>,
    /// Up to this day, inclusive, or instant, exclusive; default now.
    pub to: Option<String>,
}

/// Epoch ms of a `from`/`to` bound: an RFC 3339 instant, or the start of a
/// day in `time_zone` (the day after, for `to`).
pub(crate) fn bound(
    text: Option<&str>,
    time_zone: &str,
    end: bool,
    field: &str,
) -> ApiResult<Option<i64>> {
    // Empty is no bound; blanks are not a day (as everywhere else).
    let Some(t) = text.filter(|t| !t.is_empty()).map(str::trim) else {
        return Ok(None);
    };
    if let Ok(ts) = t.parse::<jiff::Timestamp>() {
        return Ok(Some(ts.as_millisecond()));
    }
    day_start(t, time_zone, i64::from(end), field).map(Some)
}

/// The account's auctions, newest first; total in `X-Total-Count`.
#[utoipa::path(get, path = "/api/rtb/bid-requests", tag = "rtb", params(BidRequestQuery, ListParams),
    responses(
        (status = 200, body = Vec<BidRequestOut>, headers(("x-total-count" = i64, description = "Auctions matching the filters"))),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "Invalid filter or paging"),
    ))]
async fn list_bid_requests(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<BidRequestQuery>,
    ApiQuery(list): ApiQuery<ListParams>,
) -> ApiResult<Response> {
    let page = list.page(&["createdAt"])?;
    let time_zone = crate::auth::time_zone(&app, &user).await?;
    let from_ms = bound(q.from.as_deref(), &time_zone, false, "from")?;
    let to_ms = bound(q.to.as_deref(), &time_zone, true, "to")?;
    let nonempty = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let filter = AuctionFilter {
        campaign_id: nonempty(q.campaign_id),
        call_sid: nonempty(q.call_sid),
        from_ms,
        to_ms,
        has_winner: q.has_winner,
    };
    let (rows, total) = app
        .store
        .list_auctions(user.account, &filter, &page)
        .await?;
    Ok(list_response(
        rows.into_iter().map(BidRequestOut::from).collect(),
        total,
    ))
}

fn no_auction(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::not_found("No such bid request"),
        other => other.into(),
    }
}

/// One auction by its request id.
#[utoipa::path(get, path = "/api/rtb/bid-requests/{requestId}", tag = "rtb",
    params(("requestId" = String, Path, description = "The auction's request id")),
    responses(
        (status = 200, body = BidRequestOut), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "No such auction in this account"),
    ))]
async fn get_bid_request(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(request_id): ApiPath<String>,
) -> ApiResult<Json<BidRequestOut>> {
    let row = app
        .store
        .auction(user.account, &request_id)
        .await
        .map_err(no_auction)?;
    Ok(Json(row.into()))
}

/// Every bidder's response in one auction: the winner first, then by bid.
#[utoipa::path(get, path = "/api/rtb/bid-requests/{requestId}/responses", tag = "rtb",
    params(("requestId" = String, Path, description = "The auction's request id")),
    responses(
        (status = 200, body = Vec<BidResponseOut>), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "No such auction in this account"),
    ))]
async fn list_bid_responses(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(request_id): ApiPath<String>,
) -> ApiResult<Json<Vec<BidResponseOut>>> {
    let rows = app
        .store
        .auction_responses(user.account, &request_id)
        .await
        .map_err(no_auction)?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// RTB analytics over a range.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RtbAnalyticsOut {
    /// The range covered, RFC 3339 (`to` exclusive).
    pub from: String,
    pub to: String,
    pub summary: AuctionSummaryOut,
    /// Most frequent first.
    pub rejection_reasons: Vec<RejectionOut>,
    /// Most bids first.
    pub bidders: Vec<BidderOut>,
}

/// Auction totals over the range.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuctionSummaryOut {
    pub total_auctions: i64,
    pub auctions_with_winner: i64,
    /// Percentage of auctions with a winning bid.
    pub success_rate: f64,
    /// Mean of the auctions' average bidder response times, ms.
    pub average_response_ms: Option<i64>,
    /// Sum of winning bids divided by auctions.
    #[schema(example = "12.50")]
    pub revenue_per_auction: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RejectionOut {
    pub code: Option<i64>,
    pub reason: Option<String>,
    pub count: i64,
}

/// One bidder's performance over the range.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BidderOut {
    pub target_id: i64,
    pub name: String,
    /// Responses recorded (pings).
    pub bids: i64,
    /// Responses with a valid bid.
    pub successes: i64,
    pub wins: i64,
    /// wins / bids, percent.
    pub win_rate: f64,
    /// successes / bids, percent.
    pub success_rate: f64,
    pub average_response_ms: Option<i64>,
}

/// Rejection reasons and per-bidder performance of the account's auctions.
#[utoipa::path(get, path = "/api/rtb/analytics", tag = "rtb", params(RangeQuery),
    responses(
        (status = 200, body = RtbAnalyticsOut), (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope, description = "Invalid range"),
    ))]
async fn analytics(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<RangeQuery>,
) -> ApiResult<Json<RtbAnalyticsOut>> {
    let time_zone = crate::auth::time_zone(&app, &user).await?;
    let to_ms =
        bound(q.to.as_deref(), &time_zone, true, "to")?.unwrap_or_else(|| domain::now_ms() + 1);
    let from_ms =
        bound(q.from.as_deref(), &time_zone, false, "from")?.unwrap_or(to_ms - DEFAULT_RANGE_MS);
    let a = app
        .store
        .rtb_analytics(user.account, from_ms, to_ms)
        .await?;
    let t = a.totals;
    Ok(Json(RtbAnalyticsOut {
        from: rfc3339(from_ms),
        to: rfc3339(to_ms),
        summary: AuctionSummaryOut {
            total_auctions: t.auctions,
            auctions_with_winner: t.with_winner,
            success_rate: percent(t.with_winner, t.auctions),
            average_response_ms: mean(t.average_response_ms_sum, t.auctions),
            revenue_per_auction: money(mean(t.winning_bids_e4, t.auctions).unwrap_or(0)),
        },
        rejection_reasons: a
            .rejections
            .into_iter()
            .map(|r| RejectionOut {
                code: r.code,
                reason: r.reason,
                count: r.count,
            })
            .collect(),
        bidders: a
            .bidders
            .into_iter()
            .map(|b| BidderOut {
                target_id: b.rtb_target_id,
                name: b.name,
                win_rate: percent(b.wins, b.bids),
                success_rate: percent(b.successes, b.bids),
                average_response_ms: mean(b.response_ms_sum, b.timed_responses),
                bids: b.bids,
                successes: b.successes,
                wins: b.wins,
            })
            .collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejection_text_reads_like_the_auction_view() {
        assert_eq!(
            rejection_text(Some(1006), Some("Final capacity check".into())).as_deref(),
            Some("Final capacity check (Code: 1006)")
        );
        assert_eq!(rejection_text(None, Some("x".into())).as_deref(), Some("x"));
        assert_eq!(rejection_text(None, None), None);
    }

    #[test]
    fn bounds_take_days_or_instants() {
        let day = bound(Some("2025-08-04"), "UTC", false, "from").unwrap();
        assert_eq!(day, Some(1_754_265_600_000));
        let end = bound(Some("2025-08-04"), "UTC", true, "to").unwrap();
        assert_eq!(end, Some(1_754_265_600_000 + 86_400_000));
        let instant = bound(Some("2025-08-04T12:30:45Z"), "UTC", true, "to").unwrap();
        assert_eq!(instant, Some(1_754_310_645_000));
        assert!(bound(Some("yesterday"), "UTC", false, "from").is_err());
        assert_eq!(bound(Some(""), "UTC", false, "from").unwrap(), None);
        assert!(bound(Some(" "), "UTC", false, "from").is_err());
    }
}
