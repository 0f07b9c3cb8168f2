//! Call records. This first cut holds what the dashboard shows; live
//! routing extends it.

use domain::{AccountId, Money};

use crate::db::on_pool;
use crate::{Store, StoreError};

/// A call to record.
#[derive(Clone, Debug)]
pub struct NewCall<'a> {
    pub campaign_id: Option<&'a str>,
    pub call_sid: &'a str,
    pub from_number: &'a str,
    pub to_number: &'a str,
    pub status: &'a str,
    pub duration_secs: i64,
    pub revenue: Money,
    pub created_at: i64,
}

impl Store {
    /// Record a call for `account`; returns its id. A repeated CallSid is a
    /// `Conflict`.
    pub async fn record_call(
        &self,
        account: AccountId,
        call: &NewCall<'_>,
    ) -> Result<i64, StoreError> {
        if let Some(campaign) = call.campaign_id {
            self.require_campaign(account, campaign).await?;
        }
        Ok(on_pool!(self, |p| sqlx::query_scalar::<_, i64>(
            "INSERT INTO calls (user_id, campaign_id, call_sid, from_number, to_number, status, \
                                duration, revenue_e4, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id"
        )
        .bind(account.0)
        .bind(call.campaign_id)
        .bind(call.call_sid)
        .bind(call.from_number)
        .bind(call.to_number)
        .bind(call.status)
        .bind(call.duration_secs)
        .bind(call.revenue.0)
        .bind(call.created_at)
        .fetch_one(p)
        .await)?)
    }

    /// `NotFound` unless the campaign exists and belongs to `account`, so
    /// a call can never be filed under another tenant's campaign.
    async fn require_campaign(&self, account: AccountId, id: &str) -> Result<(), StoreError> {
        let found = on_pool!(self, |p| sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM campaigns WHERE id = $1 AND user_id = $2"
        )
        .bind(id)
        .bind(account.0)
        .fetch_one(p)
        .await)?;
        if found == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
