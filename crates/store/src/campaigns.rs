//! Campaigns. This first cut holds what the dashboard counts; the campaign
//! management feature extends it.

use domain::{AccountId, now_ms};

use crate::db::on_pool;
use crate::{Store, StoreError};

/// A campaign row (the columns that exist so far).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CampaignRow {
    pub id: String,
    pub user_id: i64,
    pub name: String,
    pub r#type: String,
    pub status: String,
    pub created_at: i64,
}

impl Store {
    /// Create a campaign for `account`. `kind` is direct, pool or rtb;
    /// `status` is active, paused, completed or draft (checked by the schema).
    pub async fn create_campaign(
        &self,
        account: AccountId,
        id: &str,
        name: &str,
        kind: &str,
        status: &str,
    ) -> Result<CampaignRow, StoreError> {
        let now = now_ms();
        Ok(on_pool!(self, |p| sqlx::query_as::<_, CampaignRow>(
            "INSERT INTO campaigns (id, user_id, name, type, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) \
             RETURNING id, user_id, name, type, status, created_at"
        )
        .bind(id)
        .bind(account.0)
        .bind(name)
        .bind(kind)
        .bind(status)
        .bind(now)
        .fetch_one(p)
        .await)?)
    }
}
