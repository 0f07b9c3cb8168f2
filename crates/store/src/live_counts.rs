//! What the live routing counters are rebuilt from on start
//! (`routing::restore`): calls still open, routed calls per quarter hour,
//! recent callers, and the last round-robin turn of a campaign. Read
//! across accounts, like the routing snapshot: counters are per campaign,
//! buyer and bidder, whoever owns them.

use domain::{BuyerId, CallSid, CampaignId, RtbTargetId};
use routing::restore::{OpenCall, RecentCaller, RoutedSlice};

use crate::db::on_pool;
use crate::{Store, StoreError};

type OpenTuple = (
    CallSid,
    Option<CampaignId>,
    Option<BuyerId>,
    Option<RtbTargetId>,
    i64,
);
type SliceTuple = (
    Option<CampaignId>,
    Option<BuyerId>,
    Option<RtbTargetId>,
    i64,
    i64,
);

impl Store {
    /// Calls given to a buyer or a bidder that have no final status yet
    /// and started at or after `since_ms`.
    pub async fn open_routed_calls(&self, since_ms: i64) -> Result<Vec<OpenCall>, StoreError> {
        let rows = on_pool!(self, |p| sqlx::query_as::<_, OpenTuple>(
            "SELECT call_sid, campaign_id, buyer_id, rtb_target_id, created_at FROM calls \
             WHERE ended_at IS NULL AND created_at >= $1 \
               AND (buyer_id IS NOT NULL OR rtb_target_id IS NOT NULL)"
        )
        .bind(since_ms)
        .fetch_all(p)
        .await)?;
        Ok(rows
            .into_iter()
            .map(
                |(call_sid, campaign_id, buyer_id, rtb_target_id, created_at)| OpenCall {
                    call_sid,
                    campaign_id,
                    buyer_id,
                    rtb_target_id,
                    created_at,
                },
            )
            .collect())
    }

    /// Calls given to a buyer or a bidder since `since_ms`, counted per
    /// destination and quarter hour.
    pub async fn routed_call_slices(&self, since_ms: i64) -> Result<Vec<RoutedSlice>, StoreError> {
        let rows = on_pool!(self, |p| {
            sqlx::query_as::<_, SliceTuple>(
            "SELECT campaign_id, buyer_id, rtb_target_id, created_at / 900000 AS quarter, COUNT(*) \
             FROM calls WHERE created_at >= $1 \
               AND (buyer_id IS NOT NULL OR rtb_target_id IS NOT NULL) \
             GROUP BY campaign_id, buyer_id, rtb_target_id, created_at / 900000"
        )
        .bind(since_ms)
        .fetch_all(p)
        .await
        })?;
        Ok(rows
            .into_iter()
            .map(
                |(campaign_id, buyer_id, rtb_target_id, quarter, calls)| RoutedSlice {
                    campaign_id,
                    buyer_id,
                    rtb_target_id,
                    quarter,
                    calls: calls.max(0) as u64,
                },
            )
            .collect())
    }

    /// Each caller's last paid call (given to a buyer or a bidder, not a
    /// duplicate) to each campaign since `since_ms`.
    pub async fn recent_callers(&self, since_ms: i64) -> Result<Vec<RecentCaller>, StoreError> {
        let rows = on_pool!(self, |p| sqlx::query_as::<_, (CampaignId, String, i64)>(
            "SELECT campaign_id, from_number, MAX(created_at) FROM calls \
             WHERE created_at >= $1 AND campaign_id IS NOT NULL AND is_duplicate = FALSE \
               AND (buyer_id IS NOT NULL OR rtb_target_id IS NOT NULL) \
             GROUP BY campaign_id, from_number"
        )
        .bind(since_ms)
        .fetch_all(p)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|(campaign_id, caller, at)| RecentCaller {
                campaign_id,
                caller,
                at,
            })
            .collect())
    }

    /// The stored decisions of a campaign's latest calls, newest first.
    pub async fn latest_decisions(
        &self,
        campaign_id: &CampaignId,
        limit: i64,
    ) -> Result<Vec<String>, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query_scalar::<_, String>(
            "SELECT decision FROM calls WHERE campaign_id = $1 AND decision IS NOT NULL \
             ORDER BY created_at DESC, id DESC LIMIT $2"
        )
        .bind(campaign_id)
        .bind(limit)
        .fetch_all(p)
        .await)?)
    }
}
