//! Dashboard figures, always for one account.

use domain::AccountId;

use crate::db::on_pool;
use crate::{Store, StoreError};

/// Counts and sums behind the dashboard's stat cards.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct DashboardCounts {
    pub active_campaigns: i64,
    pub calls: i64,
    pub completed_calls: i64,
    pub revenue_e4: i64,
}

/// A call as listed in "recent calls".
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RecentCall {
    pub id: i64,
    pub from_number: String,
    pub to_number: String,
    pub status: String,
    pub duration: i64,
    pub revenue_e4: i64,
    pub created_at: i64,
}

impl Store {
    /// Active campaigns now, and calls/completed/revenue since `since_ms`.
    pub async fn dashboard_counts(
        &self,
        account: AccountId,
        since_ms: i64,
    ) -> Result<DashboardCounts, StoreError> {
        Ok(on_pool!(self, |p| {
            sqlx::query_as::<_, DashboardCounts>(
            "SELECT \
               (SELECT COUNT(*) FROM campaigns \
                 WHERE user_id = $1 AND status = 'active' AND deleted_at IS NULL) AS active_campaigns, \
               COUNT(*) AS calls, \
               CAST(COALESCE(SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END), 0) AS BIGINT) AS completed_calls, \
               CAST(COALESCE(SUM(revenue_e4), 0) AS BIGINT) AS revenue_e4 \
             FROM calls WHERE user_id = $1 AND created_at >= $2"
        )
        .bind(account.0)
        .bind(since_ms)
        .fetch_one(p)
        .await
        })?)
    }

    /// The account's latest calls, newest first.
    pub async fn recent_calls(
        &self,
        account: AccountId,
        limit: i64,
    ) -> Result<Vec<RecentCall>, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query_as::<_, RecentCall>(
            "SELECT id, from_number, to_number, status, duration, revenue_e4, created_at \
             FROM calls WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"
        )
        .bind(account.0)
        .bind(limit)
        .fetch_all(p)
        .await)?)
    }
}
