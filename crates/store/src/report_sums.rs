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
    Buyer,
    State,
    Status,
    RtbTarget,
    Source,
    /// `created_at / width`: the caller folds buckets into days or hours.
    Bucket(i64),
}

impl GroupBy {
    /// The key as stored (grouping integers sorts faster than grouping
    /// their text). Never user input.
    fn expr(self) -> String {
        match self {
            GroupBy::Campaign => "c.campaign_id".into(),
            GroupBy::Buyer => "c.buyer_id".into(),
            GroupBy::State => "c.caller_state".into(),
            GroupBy::Status => "c.status".into(),
            GroupBy::RtbTarget => "c.rtb_target_id".into(),
            GroupBy::Source => "c.utm_source".into(),
            GroupBy::Bucket(width) => format!("c.created_at / {}", width.max(1)),
        }
    }
}

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

impl Store {
    /// Sums of the account's calls matching `filter`, one row per distinct
    /// value of `keys` (at most two; none gives one row of totals).
    pub async fn report_sums(
        &self,
        account: AccountId,
        filter: &CallFilter,
        keys: &[GroupBy],
    ) -> Result<Vec<SumRow>, StoreError> {
        let (cond, args) = conditions(account, filter);
        let k1 = keys.first().map_or("NULL".into(), |k| k.expr());
        let k2 = keys.get(1).map_or("NULL".into(), |k| k.expr());
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
             FROM calls c {cond} {group}) AS g"
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
