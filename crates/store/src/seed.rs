//! Bulk writing of synthetic calls (`callcenter seed-calls`): many rows per
//! statement, many statements per transaction, so a million calls load in
//! minutes on either engine. A call on an RTB campaign may carry its
//! auction, written in the same transaction (and only when the call is).

use std::collections::{BTreeSet, HashMap, HashSet};

use domain::AccountId;

use crate::db::{Backend, on_pool, push_value_rows};
use crate::rtb_auctions::{AuctionRecord, BidResponseRecord, Summary, summarise};
use crate::{Store, StoreError};

/// A finished call to write as is (money in ten-thousandths, times in ms).
#[derive(Clone, Debug, Default)]
pub struct SeedCall {
    pub call_sid: domain::CallSid,
    pub campaign_id: Option<domain::CampaignId>,
    pub buyer_id: Option<domain::BuyerId>,
    pub from_number: String,
    pub to_number: String,
    pub dialed_number: Option<String>,
    pub caller_city: Option<String>,
    pub caller_state: Option<String>,
    pub caller_zip: Option<String>,
    pub disposition: String,
    pub status: String,
    pub duration: i64,
    pub talk_time: i64,
    pub converted: bool,
    pub revenue_e4: i64,
    pub cost_e4: i64,
    pub created_at: i64,
    pub ended_at: i64,
    /// The RTB target whose bid won the call, if one did.
    pub rtb_target_id: Option<domain::RtbTargetId>,
    /// The auction run for the call (RTB campaigns), recorded under the
    /// call's CallSid whatever its own `call_sid` says. Its counters and
    /// winner are derived from its responses, as for live auctions.
    pub auction: Option<AuctionRecord>,
    /// The call flow the call ran (id, version) and its place in it (the
    /// call path's stored flow, JSON).
    pub call_flow_id: Option<i64>,
    pub flow_version: Option<i64>,
    pub flow_run: Option<String>,
}

const COLUMNS: &str = "user_id, call_sid, campaign_id, buyer_id, from_number, to_number, dialed_number, \
    caller_city, caller_state, caller_zip, disposition, status, duration, talk_time, converted, revenue_e4, \
    cost_e4, profit_e4, created_at, updated_at, ended_at, rtb_target_id, routing_attempts, connected_at, call_flow_id, flow_version, \
    flow_seq, flow_run";
const PER_ROW: usize = 28;
/// Rows per statement (PostgreSQL allows 65,535 parameters, SQLite
/// 32,766; SQLite gets anonymous placeholders, see `push_value_rows`).
const ROWS: usize = 200;
/// Calls per transaction.
const TX_ROWS: usize = 10_000;
/// Ids per ownership check.
const IDS: usize = 500;

const REQUEST_COLUMNS: &str = "user_id, request_id, campaign_id, call_sid, call_start_time, \
    caller_number, inbound_number, caller_state, caller_city, caller_zip, total_targets, \
    successful_responses, failed_responses, timeout_responses, total_response_time_ms, \
    average_response_time_ms, winning_bid_e4, winning_target_id, winning_destination, \
    auction_status, created_at, completed_at";
const REQUEST_PER_ROW: usize = 22;
/// Auctions per statement.
const REQUEST_ROWS: usize = 200;

/// Responses per statement.
const RESPONSE_ROWS: usize = 200;

/// Bind one call's values (in [`COLUMNS`] order) to `$q`.
macro_rules! bind_call {
    ($q:ident, $account:expr, $c:expr) => {{
        let c: &SeedCall = $c;
        $q.bind($account)
            .bind(&c.call_sid)
            .bind(&c.campaign_id)
            .bind(c.buyer_id)
            .bind(&c.from_number)
            .bind(&c.to_number)
            .bind(&c.dialed_number)
            .bind(&c.caller_city)
            .bind(&c.caller_state)
            .bind(&c.caller_zip)
            .bind(&c.disposition)
            .bind(&c.status)
            .bind(c.duration)
            .bind(c.talk_time)
            .bind(c.converted)
            .bind(c.revenue_e4)
            .bind(c.cost_e4)
            .bind(c.revenue_e4 - c.cost_e4)
            .bind(c.created_at)
            .bind(c.ended_at)
            .bind(c.ended_at)
            .bind(c.rtb_target_id)
            // Sent to a buyer or a bidder: one attempt; answered when the
            // call talked, the talk ending with the call.
            .bind(i64::from(c.buyer_id.is_some() || c.rtb_target_id.is_some()))
            .bind((c.talk_time > 0).then(|| c.ended_at - c.talk_time * 1000))
            .bind(c.call_flow_id)
            .bind(c.flow_version)
            .bind(i64::from(c.flow_run.is_some()))
            .bind(&c.flow_run)
    }};
}

impl Store {
    /// Write `calls` for `account` (one transaction per 10,000 rows), each
    /// with its auction if it has one; CallSids already stored are skipped
    /// with their auctions. Returns how many calls were written. The
    /// campaigns and RTB targets the auctions (and `rtb_target_id`) name
    /// must be the account's, else `NotFound` and nothing is written.
    pub async fn seed_calls(
        &self,
        account: AccountId,
        calls: &[SeedCall],
    ) -> Result<u64, StoreError> {
        self.check_seeded_auctions(account, calls).await?;
        let backend = self.backend();
        let mut written = 0;
        for chunk in calls.chunks(TX_ROWS) {
            written += on_pool!(self, |p| {
                let mut tx = p.begin().await?;
                let mut n = 0;
                // The auctions of the calls written, with their CallSids.
                let mut auctions: Vec<(&str, &AuctionRecord)> = Vec::new();
                for rows in chunk.chunks(ROWS) {
                    if rows.iter().all(|c| c.auction.is_none()) {
                        let sql = insert_sql(backend, rows.len(), "");
                        let mut q = sqlx::query(&sql);
                        for c in rows {
                            q = bind_call!(q, account.0, c);
                        }
                        n += q.execute(&mut *tx).await?.rows_affected();
                        continue;
                    }
                    // Which calls were new decides which auctions are written.
                    let sql = insert_sql(backend, rows.len(), " RETURNING call_sid");
                    let mut q = sqlx::query_scalar::<_, domain::CallSid>(&sql);
                    for c in rows {
                        q = bind_call!(q, account.0, c);
                    }
                    let new: HashSet<domain::CallSid> =
                        q.fetch_all(&mut *tx).await?.into_iter().collect();
                    n += new.len() as u64;
                    auctions.extend(rows.iter().filter_map(|c| {
                        let a = c.auction.as_ref()?;
                        new.contains(&c.call_sid)
                            .then_some((c.call_sid.as_str(), a))
                    }));
                }
                for batch in auctions.chunks(REQUEST_ROWS) {
                    let sql = values_sql(
                        backend,
                        &format!("INSERT INTO rtb_bid_requests ({REQUEST_COLUMNS}) VALUES "),
                        batch.len(),
                        REQUEST_PER_ROW,
                        " ON CONFLICT (request_id) DO NOTHING RETURNING id, request_id",
                    );
                    let summaries: Vec<Summary> =
                        batch.iter().map(|(_, a)| summarise(&a.responses)).collect();
                    let mut q = sqlx::query_as::<_, (i64, String)>(&sql);
                    for ((sid, a), s) in batch.iter().zip(&summaries) {
                        let total = a.responses.len() as i64;
                        let winner = s.winner.as_ref();
                        q = q
                            .bind(account.0)
                            .bind(&a.request_id)
                            .bind(&*a.campaign_id)
                            .bind(*sid)
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
                            .bind(winner.and_then(|w| w.1))
                            .bind(winner.map(|w| w.0))
                            .bind(winner.and_then(|w| w.2.as_deref()))
                            .bind(&a.auction_status)
                            .bind(a.created_at)
                            .bind(a.completed_at);
                    }
                    let ids: HashMap<String, i64> = q
                        .fetch_all(&mut *tx)
                        .await?
                        .into_iter()
                        .map(|(id, request)| (request, id))
                        .collect();
                    let responses: Vec<(i64, i64, &BidResponseRecord)> = batch
                        .iter()
                        .filter_map(|(_, a)| Some((*ids.get(&a.request_id)?, a)))
                        .flat_map(|(id, a)| a.responses.iter().map(move |r| (id, a.created_at, r)))
                        .collect();
                    for rs in responses.chunks(RESPONSE_ROWS) {
                        let sql = crate::rtb_auctions::write::responses_sql(backend, rs.len());
                        let mut q = sqlx::query(&sql);
                        for (request, created_at, r) in rs {
                            q = crate::rtb_auctions::write::bind_response!(
                                q,
                                account.0,
                                *request,
                                *created_at,
                                *r
                            );
                        }
                        q.execute(&mut *tx).await?;
                    }
                }
                tx.commit().await?;
                Ok::<u64, StoreError>(n)
            })?;
        }
        Ok(written)
    }

    /// `NotFound` unless every campaign and RTB target the calls' auctions
    /// (and winners) name is the account's; deleted ones count, as their
    /// auction history stays.
    async fn check_seeded_auctions(
        &self,
        account: AccountId,
        calls: &[SeedCall],
    ) -> Result<(), StoreError> {
        let mut campaigns = BTreeSet::new();
        let mut targets = BTreeSet::new();
        for c in calls {
            targets.extend(c.rtb_target_id);
            if let Some(a) = &c.auction {
                campaigns.insert(a.campaign_id.clone());
                targets.extend(a.responses.iter().map(|r| r.rtb_target_id));
            }
        }
        let campaigns: Vec<domain::CampaignId> = campaigns.into_iter().collect();
        for ids in campaigns.chunks(IDS) {
            let sql = format!(
                "SELECT COUNT(*) FROM campaigns WHERE user_id = $1 AND id IN ({})",
                placeholders(ids.len())
            );
            let owned: i64 = on_pool!(self, |p| {
                let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(account.0);
                for id in ids {
                    q = q.bind(id);
                }
                q.fetch_one(p).await
            })?;
            if owned != ids.len() as i64 {
                return Err(StoreError::NotFound);
            }
        }
        let targets: Vec<domain::RtbTargetId> = targets.into_iter().collect();
        for ids in targets.chunks(IDS) {
            let sql = format!(
                "SELECT COUNT(*) FROM rtb_targets WHERE user_id = $1 AND id IN ({})",
                placeholders(ids.len())
            );
            let owned: i64 = on_pool!(self, |p| {
                let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(account.0);
                for id in ids {
                    q = q.bind(id);
                }
                q.fetch_one(p).await
            })?;
            if owned != ids.len() as i64 {
                return Err(StoreError::NotFound);
            }
        }
        Ok(())
    }
}

/// `$2, $3, …` for `n` values after the account's `$1`.
fn placeholders(n: usize) -> String {
    (0..n)
        .map(|i| format!("${}", i + 2))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The calls' `INSERT` of `rows` rows, skipping stored CallSids, then `tail`.
fn insert_sql(backend: Backend, rows: usize, tail: &str) -> String {
    values_sql(
        backend,
        &format!("INSERT INTO calls ({COLUMNS}) VALUES "),
        rows,
        PER_ROW,
        &format!(" ON CONFLICT (call_sid) DO NOTHING{tail}"),
    )
}

/// `head`, then `rows` groups of `per_row` placeholders, then `tail`.
fn values_sql(backend: Backend, head: &str, rows: usize, per_row: usize, tail: &str) -> String {
    let mut sql = String::with_capacity(head.len() + tail.len() + rows * per_row * 8);
    sql.push_str(head);
    push_value_rows(&mut sql, backend, rows, per_row);
    sql.push_str(tail);
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_placeholder_per_value() {
        let sql = insert_sql(Backend::Postgres, 2, "");
        assert!(sql.contains("($1, $2,") && sql.contains("$56)") && !sql.contains("$57"));
        assert!(sql.ends_with("ON CONFLICT (call_sid) DO NOTHING"), "{sql}");
        assert_eq!(COLUMNS.split(", ").count(), PER_ROW);
        assert_eq!(REQUEST_COLUMNS.split(", ").count(), REQUEST_PER_ROW);
    }

    #[test]
    fn statements_stay_under_both_engines_parameter_limits() {
        for (rows, per_row) in [
            (ROWS, PER_ROW),
            (REQUEST_ROWS, REQUEST_PER_ROW),
            (RESPONSE_ROWS, 18), // rtb_auctions::write::responses_sql
        ] {
            assert!(rows * per_row <= 32_766, "{rows} x {per_row}");
        }
        let sql = values_sql(
            Backend::Postgres,
            "INSERT INTO t (a, b) VALUES ",
            2,
            2,
            " RETURNING id",
        );
        assert_eq!(
            sql,
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) RETURNING id"
        );
        assert_eq!(
            values_sql(Backend::Sqlite, "V ", 2, 2, ""),
            "V (?, ?), (?, ?)"
        );
        assert_eq!(placeholders(3), "$2, $3, $4");
    }
}
