//! Writing auctions: [`Store::record_auction`] on its own, and
//! [`insert_auction!`] inside another transaction (the voice webhook's
//! group commit writes a call and its auction in one commit).

use domain::AccountId;

use super::AuctionRecord;
use crate::db::on_pool;
use crate::{Store, StoreError};

/// Insert auction `$a` of account `$account` and all its responses on the
/// open transaction `$tx` of engine `$backend`; evaluates to `Ok(Some(id))`, or `Ok(None)` when
/// its `request_id` was recorded already (nothing written). Ownership is
/// the caller's to check. A macro so that one text serves both engines.
macro_rules! insert_auction {
    ($tx:ident, $backend:expr, $account:expr, $a:expr) => {
        async {
            let a: &$crate::rtb_auctions::AuctionRecord = $a;
            let account: i64 = $account;
            let s = $crate::rtb_auctions::summarise(&a.responses);
            let total = a.responses.len() as i64;
            let inserted: Option<i64> = sqlx::query_scalar(
                "INSERT INTO rtb_bid_requests (user_id, request_id, campaign_id, call_sid, \
                     call_start_time, caller_number, inbound_number, caller_state, caller_city, \
                     caller_zip, total_targets, successful_responses, failed_responses, \
                     timeout_responses, total_response_time_ms, average_response_time_ms, \
                     winning_bid_e4, winning_target_id, winning_destination, auction_status, \
                     created_at, completed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
                     $17, $18, $19, $20, $21, $22) \
                 ON CONFLICT (request_id) DO NOTHING RETURNING id",
            )
            .bind(account)
            .bind(&a.request_id)
            .bind(&*a.campaign_id)
            .bind(&a.call_sid)
            .bind(a.call_start_time)
            .bind(&a.caller_number)
            .bind(&a.inbound_number)
            .bind(&a.caller_state)
            .bind(&a.caller_city)
            .bind(&a.caller_zip)
            .bind(total)
            .bind(s.successes)
            .bind(total - s.successes)
            .bind(s.timeouts)
            .bind(a.total_response_time_ms)
            .bind(s.average_ms)
            .bind(s.winner.as_ref().and_then(|w| w.1))
            .bind(s.winner.as_ref().map(|w| w.0))
            .bind(s.winner.as_ref().and_then(|w| w.2.clone()))
            .bind(&a.auction_status)
            .bind(a.created_at)
            .bind(a.completed_at)
            .fetch_optional(&mut *$tx)
            .await?;
            if let Some(request) = inserted
                && !a.responses.is_empty()
            {
                let sql = $crate::rtb_auctions::write::responses_sql($backend, a.responses.len());
                let mut q = sqlx::query(&sql);
                for r in &a.responses {
                    q = $crate::rtb_auctions::write::bind_response!(q, account, request, a.created_at, r);
                }
                q.execute(&mut *$tx).await?;
            }
            Ok::<Option<i64>, sqlx::Error>(inserted)
        }
    };
}
pub(crate) use insert_auction;

/// Bind one response row (the 18 columns of [`responses_sql`], in order)
/// of auction row `$request`, account `$account`, to query `$q`.
macro_rules! bind_response {
    ($q:expr, $account:expr, $request:expr, $created_at:expr, $r:expr) => {{
        let r: &$crate::rtb_auctions::BidResponseRecord = $r;
        $q.bind($account)
            .bind($request)
            .bind(r.rtb_target_id)
            .bind(r.request_sent_at)
            .bind(r.response_time_ms)
            .bind(r.http_status_code)
            .bind(&r.response_status)
            .bind(r.bid_amount_e4)
            .bind(&r.bid_currency)
            .bind(&r.destination_number)
            .bind(r.is_accepted)
            .bind(r.is_winning_bid)
            .bind(r.rejection_code)
            .bind(&r.rejection_reason)
            .bind(&r.error_message)
            .bind($crate::rtb_auctions::clip(&r.raw_request))
            .bind($crate::rtb_auctions::clip(&r.raw_response))
            .bind($created_at)
    }};
}
pub(crate) use bind_response;

/// One `INSERT` of `n` responses (18 columns each).
pub(crate) fn responses_sql(backend: crate::Backend, n: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO rtb_bid_responses (user_id, bid_request_id, rtb_target_id, \
             request_sent_at, response_time_ms, http_status_code, response_status, \
             bid_amount_e4, bid_currency, destination_number, is_accepted, \
             is_winning_bid, rejection_code, rejection_reason, error_message, \
             raw_request, raw_response, created_at) VALUES ",
    );
    crate::db::push_value_rows(&mut sql, backend, n, 18);
    sql
}

impl Store {
    /// Record one auction and all its responses in one transaction;
    /// returns the auction's row id. The campaign and every target must be
    /// the account's (targets may be deleted since), else `NotFound` and
    /// nothing is written. Recording a `request_id` the account already
    /// recorded is a no-op that returns the existing id (webhook retries);
    /// another account's `request_id` is a `Conflict`.
    pub async fn record_auction(
        &self,
        account: AccountId,
        a: &AuctionRecord,
    ) -> Result<i64, StoreError> {
        let mut target_ids: Vec<domain::RtbTargetId> =
            a.responses.iter().map(|r| r.rtb_target_id).collect();
        target_ids.sort_unstable();
        target_ids.dedup();
        let owned_sql = format!(
            "SELECT COUNT(*) FROM rtb_targets WHERE user_id = $1 AND id IN ({})",
            (0..target_ids.len())
                .map(|i| format!("${}", i + 2))
                .collect::<Vec<_>>()
                .join(", ")
        );
        // Ownership never changes, so it is checked before the transaction:
        // on SQLite a transaction that reads first cannot always upgrade to
        // a write when another connection wrote meanwhile.
        let campaign: i64 = on_pool!(self, |p| sqlx::query_scalar(
            "SELECT COUNT(*) FROM campaigns WHERE id = $1 AND user_id = $2"
        )
        .bind(&*a.campaign_id)
        .bind(account.0)
        .fetch_one(p)
        .await)?;
        if campaign == 0 {
            return Err(StoreError::NotFound);
        }
        if !target_ids.is_empty() {
            let owned: i64 = on_pool!(self, |p| {
                let mut q = sqlx::query_scalar::<_, i64>(&owned_sql).bind(account.0);
                for id in &target_ids {
                    q = q.bind(id);
                }
                q.fetch_one(p).await
            })?;
            if owned != target_ids.len() as i64 {
                return Err(StoreError::NotFound);
            }
        }
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let inserted = insert_auction!(tx, self.backend(), account.0, a).await?;
            let Some(request) = inserted else {
                let existing: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM rtb_bid_requests WHERE request_id = $1 AND user_id = $2",
                )
                .bind(&a.request_id)
                .bind(account.0)
                .fetch_optional(&mut *tx)
                .await?;
                // End the transaction now rather than on drop, so the write
                // lock is not held while the connection waits in the pool.
                tx.rollback().await?;
                return existing.ok_or_else(|| StoreError::Conflict {
                    constraint: "rtb_bid_requests_request_id_key".into(),
                });
            };
            tx.commit().await?;
            Ok::<i64, StoreError>(request)
        })
    }
}
