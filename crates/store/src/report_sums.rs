//! The sums behind reports: calls matching a filter, grouped by up to two
//! keys, with every metric's parts added up in SQL. Every grouped, filtered
//! and summed column is in the `calls_report` index (0006), so a report over
//! a month of a busy account reads that index alone.

use std::collections::HashMap;

use domain::AccountId;
use domain::report::Sums;

use crate::call_reports::{CallFilter, bind_args, conditions};
use crate::db::on_pool;
use crate::{Store, StoreError};

/// What a report row is keyed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    Campaign,
    /// Who took the call: its buyer's id, or for a call won in an auction
    /// (no buyer) its RTB target's id negated ([`BIDDER_KEY`] in keys).
    Buyer,
    State,
    Status,
    RtbTarget,
    Source,
    Medium,
    UtmCampaign,
    Term,
    Content,
    /// The value of the URL parameter named by the filter's
    /// `group_parameter` (bound, never written into the query).
    Parameter,
    /// `created_at / width`: the caller folds buckets into days or hours.
    Bucket(i64),
}

impl GroupBy {
    /// The key as stored (grouping integers sorts faster than grouping
    /// their text). Never user input.
    fn expr(self) -> String {
        match self {
            GroupBy::Campaign => "c.campaign_id".into(),
            GroupBy::Buyer => {
                "CASE WHEN c.buyer_id IS NULL THEN -c.rtb_target_id ELSE c.buyer_id END".into()
            }
            // States are stored as sent: "ca" and "CA" are one group.
            GroupBy::State => "upper(c.caller_state)".into(),
            GroupBy::Status => "c.status".into(),
            GroupBy::RtbTarget => "c.rtb_target_id".into(),
            GroupBy::Source => "c.utm_source".into(),
            GroupBy::Medium => "c.utm_medium".into(),
            GroupBy::UtmCampaign => "c.utm_campaign".into(),
            GroupBy::Term => "c.utm_term".into(),
            GroupBy::Content => "c.utm_content".into(),
            GroupBy::Parameter => "(SELECT p.value FROM call_parameters p \
                 WHERE p.call_id = c.id AND p.user_id = c.user_id AND p.name = $param)"
                .into(),
            GroupBy::Bucket(width) => format!("c.created_at / {}", width.max(1)),
        }
    }
}

/// How a [`GroupBy::Buyer`] key names an RTB target: `rtb:` and its id
/// (the store groups it by the negated id, which no buyer has).
pub const BIDDER_KEY: &str = "rtb:";

/// One group's keys (in the order asked) and sums.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SumRow {
    pub keys: Vec<Option<String>>,
    pub sums: Sums,
}

#[derive(sqlx::FromRow)]
struct Raw {
    k1: Option<String>,
    k2: Option<String>,
    calls: i64,
    connected: i64,
    converted: i64,
    revenue_e4: i64,
    payout_e4: i64,
    cost_e4: i64,
    profit_e4: i64,
    connected_duration: i64,
}

/// Whose names a report shows for ids.
#[derive(Clone, Copy, Debug)]
pub enum Named {
    Campaigns,
    Buyers,
    RtbTargets,
}

/// Ranges at least this long (ms) are summed in parallel parts.
const SPLIT_FROM_MS: i64 = 2 * 86_400_000;

/// `[from, to)` cut into `parts` consecutive ranges (fewer when short).
pub(crate) fn split_range(from: i64, to: i64, parts: usize) -> Vec<(i64, i64)> {
    let parts = if to - from >= SPLIT_FROM_MS {
        parts.max(1) as i64
    } else {
        1
    };
    let step = (to - from) / parts;
    (0..parts)
        .map(|i| {
            let start = from + i * step;
            let end = if i == parts - 1 { to } else { start + step };
            (start, end)
        })
        .collect()
}

/// How many parts a long aggregate is cut into: one per core (at most
/// four), each summed on its own connection at the same time. Sums add up
/// exactly, so the merged result is the same as one query's.
pub(crate) fn parallel_parts() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

impl Store {
    /// `FROM calls c` for an aggregate over a period: on SQLite pinned to
    /// the covering `calls_report` index, whose (account, time) prefix
    /// bounds the work by the period. Left to itself the planner may walk
    /// another index in group order and read each call from the table,
    /// several times slower for a month of calls. PostgreSQL plans this
    /// well on its own.
    pub(crate) fn report_from(&self) -> &'static str {
        match self.backend() {
            crate::Backend::Sqlite => "FROM calls c INDEXED BY calls_report",
            crate::Backend::Postgres => "FROM calls c",
        }
    }

    /// Sums of the account's calls matching `filter`, one row per distinct
    /// value of `keys` (at most two; none gives one row of totals). A long
    /// date range is summed in parallel parts, merged by key.
    pub async fn report_sums(
        &self,
        account: AccountId,
        filter: &CallFilter,
        keys: &[GroupBy],
    ) -> Result<Vec<SumRow>, StoreError> {
        let ranges = match (filter.from_ms, filter.to_ms) {
            (Some(from), Some(to)) => split_range(from, to, parallel_parts()),
            _ => Vec::new(),
        };
        if ranges.len() < 2 {
            return self.report_sums_once(account, filter, keys).await;
        }
        let parts = futures_util::future::try_join_all(ranges.into_iter().map(|(from, to)| {
            let part = CallFilter {
                from_ms: Some(from),
                to_ms: Some(to),
                ..filter.clone()
            };
            async move { self.report_sums_once(account, &part, keys).await }
        }))
        .await?;
        let mut merged: Vec<SumRow> = Vec::new();
        let mut index: HashMap<Vec<Option<String>>, usize> = HashMap::new();
        for row in parts.into_iter().flatten() {
            match index.get(&row.keys) {
                Some(&i) => merged[i].sums.add(&row.sums),
                None => {
                    index.insert(row.keys.clone(), merged.len());
                    merged.push(row);
                }
            }
        }
        Ok(merged)
    }

    async fn report_sums_once(
        &self,
        account: AccountId,
        filter: &CallFilter,
        keys: &[GroupBy],
    ) -> Result<Vec<SumRow>, StoreError> {
        let (cond, mut args) = conditions(account, filter);
        let mut k1 = keys.first().map_or("NULL".into(), |k| k.expr());
        let mut k2 = keys.get(1).map_or("NULL".into(), |k| k.expr());
        if keys.contains(&GroupBy::Parameter) {
            args.push(crate::call_reports::Arg::Text(
                filter.group_parameter.clone().unwrap_or_default(),
            ));
            let at = format!("${}", args.len());
            k1 = k1.replace("$param", &at);
            k2 = k2.replace("$param", &at);
        }
        let group = match keys.len() {
            0 => "",
            1 => "GROUP BY 1",
            _ => "GROUP BY 1, 2",
        };
        // Grouped on the stored values, turned into text once per group.
        let sql = format!(
            "SELECT CAST(k1 AS TEXT) AS k1, CAST(k2 AS TEXT) AS k2, calls, connected, converted, \
               revenue_e4, payout_e4, cost_e4, profit_e4, connected_duration FROM (\
             SELECT {k1} AS k1, {k2} AS k2, COUNT(*) AS calls, \
               CAST(COALESCE(SUM(CASE WHEN c.status IN ('completed', 'in-progress') THEN 1 ELSE 0 END), 0) AS BIGINT) AS connected, \
               CAST(COALESCE(SUM(CASE WHEN c.converted THEN 1 ELSE 0 END), 0) AS BIGINT) AS converted, \
               CAST(COALESCE(SUM(c.revenue_e4), 0) AS BIGINT) AS revenue_e4, \
               CAST(COALESCE(SUM(c.payout_e4), 0) AS BIGINT) AS payout_e4, \
               CAST(COALESCE(SUM(c.cost_e4), 0) AS BIGINT) AS cost_e4, \
               CAST(COALESCE(SUM(c.profit_e4), 0) AS BIGINT) AS profit_e4, \
               CAST(COALESCE(SUM(CASE WHEN c.status IN ('completed', 'in-progress') THEN c.duration ELSE 0 END), 0) AS BIGINT) \
                 AS connected_duration \
             {from} {cond} {group}) AS g",
            from = self.report_from()
        );
        let rows = on_pool!(self, |p| bind_args!(sqlx::query_as::<_, Raw>(&sql), &args)
            .fetch_all(p)
            .await)?;
        Ok(rows
            .into_iter()
            // Totals of no calls: COUNT(*) is 0 and there is nothing to show.
            .filter(|r| r.calls > 0)
            .map(|r| SumRow {
                keys: [r.k1, r.k2].into_iter().take(keys.len()).collect(),
                sums: Sums {
                    calls: r.calls,
                    connected: r.connected,
                    converted: r.converted,
                    revenue_e4: r.revenue_e4,
                    payout_e4: r.payout_e4,
                    cost_e4: r.cost_e4,
                    profit_e4: r.profit_e4,
                    connected_duration: r.connected_duration,
                },
            })
            .collect())
    }

    /// How many calls the account has.
    pub async fn count_calls(&self, account: AccountId) -> Result<i64, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM calls WHERE user_id = $1"
        )
        .bind(account.0)
        .fetch_one(p)
        .await)?)
    }

    /// Refresh the planner's statistics of the calls table after a bulk
    /// load (PostgreSQL also gets its visibility map, for index-only scans).
    pub async fn analyze_calls(&self) -> Result<(), StoreError> {
        let sql = match self.backend() {
            crate::Backend::Postgres => "VACUUM (ANALYZE) calls",
            crate::Backend::Sqlite => "ANALYZE calls",
        };
        on_pool!(self, |p| sqlx::query(sql).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Id → name of the account's campaigns, buyers or RTB targets,
    /// deleted ones included (old calls still name them).
    pub async fn names(
        &self,
        account: AccountId,
        which: Named,
    ) -> Result<HashMap<String, String>, StoreError> {
        let sql = match which {
            Named::Campaigns => "SELECT id, name FROM campaigns WHERE user_id = $1",
            Named::Buyers => "SELECT CAST(id AS TEXT), name FROM buyers WHERE user_id = $1",
            Named::RtbTargets => {
                "SELECT CAST(id AS TEXT), name FROM rtb_targets WHERE user_id = $1"
            }
        };
        let rows: Vec<(String, String)> = on_pool!(self, |p| sqlx::query_as(sql)
            .bind(account.0)
            .fetch_all(p)
            .await)?;
        Ok(rows.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_ranges_are_cut_into_consecutive_parts_that_cover_them() {
        let day = 86_400_000;
        assert_eq!(split_range(0, day, 4), [(0, day)]);
        let parts = split_range(5, 30 * day + 7, 3);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].0, 5);
        assert_eq!(parts[2].1, 30 * day + 7);
        assert!(parts.windows(2).all(|w| w[0].1 == w[1].0));
        assert_eq!(split_range(0, 30 * day, 0), [(0, 30 * day)]);
    }
}
