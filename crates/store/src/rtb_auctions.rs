//! RTB auction records: one `rtb_bid_requests` row per auction and one
//! `rtb_bid_responses` row per bidder pinged, written together by
//! [`Store::record_auction`]; read back as pages of auctions, one
//! auction's responses, and analytics over a date range. Every query is
//! scoped to one account.

use domain::AccountId;

mod analytics;
pub(crate) mod write;

pub use analytics::{AuctionTotals, BidderPerformance, RejectionCount, RtbAnalytics};

pub use callpath::record::{AuctionRecord, BidResponseRecord};

use crate::db::on_pool;
use crate::{Page, Store, StoreError};

/// Raw request and response texts are kept up to this many characters.
pub const RAW_TEXT_LIMIT: usize = 64 * 1024;

/// An auction as listed, with the campaign's and the winner's names.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuctionRow {
    pub id: i64,
    pub request_id: String,
    pub campaign_id: String,
    pub campaign_name: Option<String>,
    pub call_sid: Option<String>,
    pub call_start_time: i64,
    pub caller_number: Option<String>,
    pub inbound_number: Option<String>,
    pub caller_state: Option<String>,
    pub caller_city: Option<String>,
    pub caller_zip: Option<String>,
    pub total_targets: i64,
    pub successful_responses: i64,
    pub failed_responses: i64,
    pub timeout_responses: i64,
    pub total_response_time_ms: i64,
    pub average_response_time_ms: i64,
    pub winning_bid_e4: Option<i64>,
    pub winning_target_id: Option<i64>,
    pub winning_target_name: Option<String>,
    pub winning_destination: Option<String>,
    pub auction_status: String,
    pub created_at: i64,
    pub completed_at: Option<i64>,
}

/// Filters of the auction list; times are epoch ms on the auction's start
/// (`from` inclusive, `to` exclusive).
#[derive(Clone, Debug, Default)]
pub struct AuctionFilter {
    pub campaign_id: Option<String>,
    pub call_sid: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub has_winner: Option<bool>,
}

/// One bidder's response as listed, with the target's name.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct BidResponseRow {
    pub id: i64,
    pub request_id: String,
    pub rtb_target_id: i64,
    pub target_name: Option<String>,
    pub request_sent_at: i64,
    pub response_time_ms: Option<i64>,
    pub http_status_code: Option<i64>,
    pub response_status: String,
    pub bid_amount_e4: Option<i64>,
    pub bid_currency: Option<String>,
    pub destination_number: Option<String>,
    pub is_accepted: bool,
    pub is_winning_bid: bool,
    pub rejection_code: Option<i64>,
    pub rejection_reason: Option<String>,
    pub error_message: Option<String>,
    pub raw_request: Option<String>,
    pub raw_response: Option<String>,
}

const AUCTION_COLUMNS: &str = "r.id, r.request_id, r.campaign_id, c.name AS campaign_name, \
     r.call_sid, r.call_start_time, r.caller_number, r.inbound_number, r.caller_state, \
     r.caller_city, r.caller_zip, r.total_targets, r.successful_responses, r.failed_responses, \
     r.timeout_responses, r.total_response_time_ms, r.average_response_time_ms, \
     r.winning_bid_e4, r.winning_target_id, t.name AS winning_target_name, \
     r.winning_destination, r.auction_status, r.created_at, r.completed_at";

const AUCTION_FROM: &str = "FROM rtb_bid_requests r \
     LEFT JOIN campaigns c ON c.id = r.campaign_id AND c.user_id = r.user_id \
     LEFT JOIN rtb_targets t ON t.id = r.winning_target_id AND t.user_id = r.user_id";

/// The request's counters and winner, derived from its responses.
pub(crate) struct Summary {
    pub(crate) successes: i64,
    pub(crate) timeouts: i64,
    pub(crate) average_ms: i64,
    pub(crate) winner: Option<(domain::RtbTargetId, Option<i64>, Option<String>)>,
}

pub(crate) fn summarise(responses: &[BidResponseRecord]) -> Summary {
    let successes = responses
        .iter()
        .filter(|r| r.response_status == "success")
        .count() as i64;
    let timeouts = responses
        .iter()
        .filter(|r| r.response_status == "timeout")
        .count() as i64;
    let times: Vec<i64> = responses
        .iter()
        .filter_map(|r| r.response_time_ms)
        .collect();
    let average_ms = if times.is_empty() {
        0
    } else {
        let n = times.len() as i64;
        (times.iter().sum::<i64>() + n / 2) / n
    };
    let winners: Vec<&BidResponseRecord> = responses.iter().filter(|r| r.is_winning_bid).collect();
    if winners.len() > 1 {
        tracing::warn!(
            count = winners.len(),
            "auction recorded with several winning bids; the first counts"
        );
    }
    let winner = winners.first().map(|w| {
        (
            w.rtb_target_id,
            w.bid_amount_e4,
            w.destination_number.clone(),
        )
    });
    Summary {
        successes,
        timeouts,
        average_ms,
        winner,
    }
}

/// At most `RAW_TEXT_LIMIT` characters of `text`.
pub(crate) fn clip(text: &Option<String>) -> Option<String> {
    text.as_ref()
        .map(|t| t.chars().take(RAW_TEXT_LIMIT).collect())
}

/// `WHERE` text of the auction list and its text arguments (numbered from
/// `$2`), and the integer arguments that follow them.
fn auction_conditions(f: &AuctionFilter, page: &Page) -> (String, Vec<String>, Vec<i64>) {
    let mut sql = String::from("WHERE r.user_id = $1");
    let mut texts = Vec::new();
    for (column, value) in [
        ("r.campaign_id", &f.campaign_id),
        ("r.call_sid", &f.call_sid),
    ] {
        if let Some(v) = value {
            texts.push(v.clone());
            sql.push_str(&format!(" AND {column} = ${}", texts.len() + 1));
        }
    }
    // The search: part of the request id, the CallSid, or the caller's or
    // the tracking number (in any case).
    if let Some(like) = page.like() {
        texts.push(like);
        let n = texts.len() + 1;
        sql.push_str(&format!(
            " AND (lower(r.request_id) LIKE ${n} ESCAPE '\\' OR lower(r.call_sid) LIKE ${n} ESCAPE '\\' \
             OR r.caller_number LIKE ${n} ESCAPE '\\' OR r.inbound_number LIKE ${n} ESCAPE '\\')"
        ));
    }
    let mut ints = Vec::new();
    for (op, value) in [(">=", f.from_ms), ("<", f.to_ms)] {
        if let Some(v) = value {
            ints.push(v);
            sql.push_str(&format!(
                " AND r.created_at {op} ${}",
                texts.len() + ints.len() + 1
            ));
        }
    }
    match f.has_winner {
        Some(true) => sql.push_str(" AND r.winning_target_id IS NOT NULL"),
        Some(false) => sql.push_str(" AND r.winning_target_id IS NULL"),
        None => {}
    }
    (sql, texts, ints)
}

impl Store {
    /// A page of the account's auctions, newest first, and the total matching.
    pub async fn list_auctions(
        &self,
        account: AccountId,
        filter: &AuctionFilter,
        page: &Page,
    ) -> Result<(Vec<AuctionRow>, i64), StoreError> {
        let (conditions, texts, ints) = auction_conditions(filter, page);
        let n = texts.len() + ints.len();
        let dir = if page.descending { "DESC" } else { "ASC" };
        let sql = format!(
            "SELECT {AUCTION_COLUMNS} {AUCTION_FROM} {conditions} \
             ORDER BY r.created_at {dir}, r.id {dir} LIMIT ${} OFFSET ${}",
            n + 2,
            n + 3
        );
        let rows = on_pool!(self, |p| {
            let mut q = sqlx::query_as::<_, AuctionRow>(&sql).bind(account.0);
            for v in &texts {
                q = q.bind(v);
            }
            for v in &ints {
                q = q.bind(v);
            }
            q.bind(page.limit).bind(page.offset).fetch_all(p).await
        })?;
        let count_sql = format!("SELECT COUNT(*) FROM rtb_bid_requests r {conditions}");
        let total = on_pool!(self, |p| {
            let mut q = sqlx::query_scalar::<_, i64>(&count_sql).bind(account.0);
            for v in &texts {
                q = q.bind(v);
            }
            for v in &ints {
                q = q.bind(v);
            }
            q.fetch_one(p).await
        })?;
        Ok((rows, total))
    }

    /// One auction of the account by its request id; `NotFound` otherwise.
    pub async fn auction(
        &self,
        account: AccountId,
        request_id: &str,
    ) -> Result<AuctionRow, StoreError> {
        let sql = format!(
            "SELECT {AUCTION_COLUMNS} {AUCTION_FROM} WHERE r.request_id = $1 AND r.user_id = $2"
        );
        on_pool!(self, |p| sqlx::query_as::<_, AuctionRow>(&sql)
            .bind(request_id)
            .bind(account.0)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// The auction run for the account's call `call_sid` and its
    /// responses (ordered as [`Store::auction_responses`]); `None` when the
    /// call was not auctioned (or is not the account's).
    pub async fn call_auction(
        &self,
        account: AccountId,
        call_sid: &str,
    ) -> Result<Option<(AuctionRow, Vec<BidResponseRow>)>, StoreError> {
        let filter = AuctionFilter {
            call_sid: Some(call_sid.to_string()),
            ..AuctionFilter::default()
        };
        let page = Page {
            limit: 1,
            offset: 0,
            sort: "r.created_at",
            descending: true,
            search: None,
        };
        let Some(auction) = self.list_auctions(account, &filter, &page).await?.0.pop() else {
            return Ok(None);
        };
        let responses = self.auction_responses(account, &auction.request_id).await?;
        Ok(Some((auction, responses)))
    }

    /// The responses of one auction of the account: the winner first, then
    /// by bid (highest first), then by response time. `NotFound` when the
    /// auction is not the account's.
    pub async fn auction_responses(
        &self,
        account: AccountId,
        request_id: &str,
    ) -> Result<Vec<BidResponseRow>, StoreError> {
        let auction = self.auction(account, request_id).await?;
        Ok(on_pool!(self, |p| {
            sqlx::query_as::<_, BidResponseRow>(
            "SELECT b.id, r.request_id, b.rtb_target_id, t.name AS target_name, b.request_sent_at, \
                    b.response_time_ms, b.http_status_code, b.response_status, b.bid_amount_e4, \
                    b.bid_currency, b.destination_number, b.is_accepted, b.is_winning_bid, \
                    b.rejection_code, b.rejection_reason, b.error_message, b.raw_request, \
                    b.raw_response \
             FROM rtb_bid_responses b \
             JOIN rtb_bid_requests r ON r.id = b.bid_request_id AND r.user_id = b.user_id \
             LEFT JOIN rtb_targets t ON t.id = b.rtb_target_id AND t.user_id = b.user_id \
             WHERE b.bid_request_id = $1 AND b.user_id = $2 \
             ORDER BY CASE WHEN b.is_winning_bid THEN 0 ELSE 1 END, \
                      CASE WHEN b.bid_amount_e4 IS NULL THEN 1 ELSE 0 END, b.bid_amount_e4 DESC, \
                      CASE WHEN b.response_time_ms IS NULL THEN 1 ELSE 0 END, b.response_time_ms, b.id"
        )
        .bind(auction.id)
        .bind(account.0)
        .fetch_all(p)
        .await
        })?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(target: i64, status: &str, ms: Option<i64>, wins: bool) -> BidResponseRecord {
        BidResponseRecord {
            rtb_target_id: domain::RtbTargetId(target),
            response_status: status.into(),
            response_time_ms: ms,
            is_winning_bid: wins,
            bid_amount_e4: Some(target * 1_0000),
            destination_number: Some(format!("+1212555010{target}")),
            ..BidResponseRecord::default()
        }
    }

    #[test]
    fn counters_and_winner_come_from_the_responses() {
        let s = summarise(&[
            response(1, "success", Some(100), false),
            response(2, "success", Some(201), true),
            response(3, "timeout", None, false),
            response(4, "rejected", Some(50), false),
        ]);
        assert_eq!((s.successes, s.timeouts, s.average_ms), (2, 1, 117));
        assert_eq!(
            s.winner,
            Some((
                domain::RtbTargetId(2),
                Some(2_0000),
                Some("+12125550102".into())
            ))
        );
        let none = summarise(&[]);
        assert_eq!((none.successes, none.average_ms, none.winner), (0, 0, None));
    }

    #[test]
    fn filters_number_texts_then_times() {
        let f = AuctionFilter {
            campaign_id: Some("c".into()),
            from_ms: Some(1),
            to_ms: Some(2),
            has_winner: Some(false),
            ..AuctionFilter::default()
        };
        let page = Page {
            limit: 10,
            offset: 0,
            sort: "createdAt",
            descending: true,
            search: Some("CA_1".into()),
        };
        let (sql, texts, ints) = auction_conditions(&f, &page);
        assert!(sql.contains("r.campaign_id = $2"), "{sql}");
        assert!(sql.contains("lower(r.request_id) LIKE $3"), "{sql}");
        assert!(sql.contains("r.created_at >= $4"), "{sql}");
        assert!(sql.contains("r.created_at < $5"), "{sql}");
        assert!(sql.contains("winning_target_id IS NULL"), "{sql}");
        assert_eq!(
            (texts, ints),
            (vec!["c".to_string(), "%ca\\_1%".to_string()], vec![1, 2])
        );
    }

    #[test]
    fn raw_texts_are_clipped_on_character_boundaries() {
        let long = Some("é".repeat(RAW_TEXT_LIMIT + 5));
        assert_eq!(clip(&long).map(|t| t.chars().count()), Some(RAW_TEXT_LIMIT));
        assert_eq!(clip(&None), None);
    }
}
