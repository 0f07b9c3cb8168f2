//! Analytics of a tenant's auctions over a date range: totals, rejection
//! reasons (code, text, count) and per-bidder performance, each one
//! aggregate query over the `(user_id, created_at)` indexes.

use domain::AccountId;

use crate::db::on_pool;
use crate::{Store, StoreError};

/// How often one rejection (code and text) occurred.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RejectionCount {
    pub code: Option<i64>,
    pub reason: Option<String>,
    pub count: i64,
}

/// One bidder's figures over a range: responses, successes, wins, and
/// the response times measured (sum and count).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct BidderPerformance {
    pub rtb_target_id: i64,
    pub name: String,
    pub bids: i64,
    pub successes: i64,
    pub wins: i64,
    pub response_ms_sum: i64,
    pub timed_responses: i64,
}

/// Auction totals over a range: auctions, those with a winner, the sum of
/// winning bids, and the sum of the auctions' average response times.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct AuctionTotals {
    pub auctions: i64,
    pub with_winner: i64,
    pub winning_bids_e4: i64,
    pub average_response_ms_sum: i64,
}

/// Analytics of the account's auctions over a range.
#[derive(Clone, Debug, Default)]
pub struct RtbAnalytics {
    pub totals: AuctionTotals,
    /// Most frequent first.
    pub rejections: Vec<RejectionCount>,
    /// Most bids first.
    pub bidders: Vec<BidderPerformance>,
}

/// `1` per row whose condition holds, summed as BIGINT on both engines.
macro_rules! count_if {
    ($cond:literal) => {
        concat!(
            "CAST(COALESCE(SUM(CASE WHEN ",
            $cond,
            " THEN 1 ELSE 0 END), 0) AS BIGINT)"
        )
    };
}

impl Store {
    /// Totals, rejection reasons and per-bidder figures of the account's
    /// auctions that started in `[from_ms, to_ms)`. Deleted targets keep
    /// their history here.
    pub async fn rtb_analytics(
        &self,
        account: AccountId,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<RtbAnalytics, StoreError> {
        let totals = on_pool!(self, |p| {
            sqlx::query_as::<_, AuctionTotals>(
            "SELECT COUNT(*) AS auctions, COUNT(winning_target_id) AS with_winner, \
                 CAST(COALESCE(SUM(CASE WHEN winning_target_id IS NOT NULL \
                     THEN winning_bid_e4 ELSE 0 END), 0) AS BIGINT) AS winning_bids_e4, \
                 CAST(COALESCE(SUM(average_response_time_ms), 0) AS BIGINT) AS average_response_ms_sum \
             FROM rtb_bid_requests WHERE user_id = $1 AND created_at >= $2 AND created_at < $3"
        )
        .bind(account.0)
        .bind(from_ms)
        .bind(to_ms)
        .fetch_one(p)
        .await
        })?;
        let rejections = on_pool!(self, |p| sqlx::query_as::<_, RejectionCount>(
            "SELECT rejection_code AS code, rejection_reason AS reason, COUNT(*) AS count \
             FROM rtb_bid_responses \
             WHERE user_id = $1 AND created_at >= $2 AND created_at < $3 \
               AND (rejection_code IS NOT NULL OR rejection_reason IS NOT NULL) \
             GROUP BY rejection_code, rejection_reason \
             ORDER BY COUNT(*) DESC, rejection_code, rejection_reason"
        )
        .bind(account.0)
        .bind(from_ms)
        .bind(to_ms)
        .fetch_all(p)
        .await)?;
        let bidders_sql = concat!(
            "SELECT s.rtb_target_id, t.name, s.bids, s.successes, s.wins, s.response_ms_sum, \
                    s.timed_responses \
             FROM (SELECT rtb_target_id, COUNT(*) AS bids, ",
            count_if!("response_status = 'success'"),
            " AS successes, ",
            count_if!("is_winning_bid"),
            " AS wins, \
                   CAST(COALESCE(SUM(response_time_ms), 0) AS BIGINT) AS response_ms_sum, \
                   COUNT(response_time_ms) AS timed_responses \
                   FROM rtb_bid_responses \
                   WHERE user_id = $1 AND created_at >= $2 AND created_at < $3 \
                   GROUP BY rtb_target_id) s \
             JOIN rtb_targets t ON t.id = s.rtb_target_id AND t.user_id = $1 \
             ORDER BY s.bids DESC, s.rtb_target_id"
        );
        let bidders = on_pool!(self, |p| sqlx::query_as::<_, BidderPerformance>(
            bidders_sql
        )
        .bind(account.0)
        .bind(from_ms)
        .bind(to_ms)
        .fetch_all(p)
        .await)?;
        Ok(RtbAnalytics {
            totals,
            rejections,
            bidders,
        })
    }
}
