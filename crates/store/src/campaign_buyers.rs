//! Buyers assigned to a campaign, with per-campaign priority, weight and
//! caps. Both sides must belong to the account: an assignment can never
//! link one tenant's campaign to another's buyer.

use domain::{AccountId, now_ms};

use crate::db::on_pool;
use crate::{Store, StoreError};

/// One buyer's terms on one campaign.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CampaignBuyerTerms {
    pub buyer_id: i64,
    pub priority: i64,
    pub weight: i64,
    pub max_concurrent_calls: Option<i64>,
    pub hourly_cap: Option<i64>,
    pub daily_cap: Option<i64>,
    pub monthly_cap: Option<i64>,
    pub status: String,
}

/// An assignment as listed, with the buyer's name and own status.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CampaignBuyer {
    #[sqlx(flatten)]
    pub terms: CampaignBuyerTerms,
    pub buyer_name: String,
    pub buyer_status: String,
}

const INSERT: &str = "INSERT INTO campaign_buyers (user_id, campaign_id, buyer_id, priority, weight, \
    max_concurrent_calls, hourly_cap, daily_cap, monthly_cap, status, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

impl Store {
    /// The live buyers assigned to a live campaign, by priority (10 first).
    pub async fn campaign_buyers(
        &self,
        account: AccountId,
        campaign_id: &str,
    ) -> Result<Vec<CampaignBuyer>, StoreError> {
        self.campaign(account, campaign_id).await?;
        Ok(on_pool!(self, |p| {
            sqlx::query_as::<_, CampaignBuyer>(
            "SELECT cb.buyer_id, cb.priority, cb.weight, cb.max_concurrent_calls, cb.hourly_cap, \
                    cb.daily_cap, cb.monthly_cap, cb.status, b.name AS buyer_name, b.status AS buyer_status \
             FROM campaign_buyers cb JOIN buyers b ON b.id = cb.buyer_id AND b.user_id = cb.user_id \
             WHERE cb.campaign_id = $1 AND cb.user_id = $2 AND b.deleted_at IS NULL \
             ORDER BY cb.priority DESC, b.name, cb.buyer_id"
        )
        .bind(campaign_id)
        .bind(account.0)
        .fetch_all(p)
        .await
        })?)
    }

    /// Replace the campaign's buyers with `terms`, in one transaction.
    /// `NotFound` when the campaign or any buyer is not the account's.
    pub async fn set_campaign_buyers(
        &self,
        account: AccountId,
        campaign_id: &str,
        terms: &[CampaignBuyerTerms],
    ) -> Result<(), StoreError> {
        let _refresh = self.config_write();
        self.campaign(account, campaign_id).await?;
        let now = now_ms();
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            sqlx::query("DELETE FROM campaign_buyers WHERE campaign_id = $1 AND user_id = $2")
                .bind(campaign_id)
                .bind(account.0)
                .execute(&mut *tx)
                .await?;
            for t in terms {
                let owned: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM buyers WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL",
                )
                .bind(t.buyer_id)
                .bind(account.0)
                .fetch_one(&mut *tx)
                .await?;
                if owned == 0 {
                    return Err(StoreError::NotFound);
                }
                sqlx::query(INSERT)
                    .bind(account.0)
                    .bind(campaign_id)
                    .bind(t.buyer_id)
                    .bind(t.priority)
                    .bind(t.weight)
                    .bind(t.max_concurrent_calls)
                    .bind(t.hourly_cap)
                    .bind(t.daily_cap)
                    .bind(t.monthly_cap)
                    .bind(&t.status)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })
    }

    /// Add one buyer to the campaign, or update its terms.
    pub async fn upsert_campaign_buyer(
        &self,
        account: AccountId,
        campaign_id: &str,
        terms: &CampaignBuyerTerms,
    ) -> Result<(), StoreError> {
        let _refresh = self.config_write();
        let mut all: Vec<CampaignBuyerTerms> = self
            .campaign_buyers(account, campaign_id)
            .await?
            .into_iter()
            .map(|b| b.terms)
            .filter(|t| t.buyer_id != terms.buyer_id)
            .collect();
        all.push(terms.clone());
        self.set_campaign_buyers(account, campaign_id, &all).await
    }

    /// Remove one buyer from the campaign; `NotFound` if it was not there.
    pub async fn remove_campaign_buyer(
        &self,
        account: AccountId,
        campaign_id: &str,
        buyer_id: i64,
    ) -> Result<(), StoreError> {
        let _refresh = self.config_write();
        self.campaign(account, campaign_id).await?;
        let gone = on_pool!(self, |p| {
            sqlx::query(
            "DELETE FROM campaign_buyers WHERE campaign_id = $1 AND buyer_id = $2 AND user_id = $3"
        )
        .bind(campaign_id)
        .bind(buyer_id)
        .bind(account.0)
        .execute(p)
        .await
        .map(|r| r.rows_affected())
        })?;
        if gone == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
