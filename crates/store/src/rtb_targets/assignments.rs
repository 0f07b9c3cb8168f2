//! Which RTB targets a campaign's auctions ping, with a priority and an
//! on/off switch each. Both sides must belong to the account: an
//! assignment can never link one tenant's campaign to another's target.

use std::collections::HashMap;
use std::sync::Arc;

use callpath::auction::{Fallback, RtbCampaign};
use domain::{AccountId, Money, Secret, now_ms};
use rtb::{Auth, ContentType, Method, ResponsePaths, TargetConfig};

use super::{COLUMNS, RtbTargetRow};
use crate::db::on_pool;
use crate::{Store, StoreError};

/// One target's terms on one campaign. Priority 1-10, 10 pinged first.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RtbAssignment {
    pub rtb_target_id: i64,
    pub priority: i64,
    pub enabled: bool,
}

/// An assignment as listed, with the target's name and status.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CampaignRtbTarget {
    #[sqlx(flatten)]
    pub assignment: RtbAssignment,
    pub target_name: String,
    pub target_status: String,
}

/// A target an auction for a campaign must ping, with its priority there.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuctionTarget {
    pub priority: i64,
    #[sqlx(flatten)]
    pub target: RtbTargetRow,
}

impl Store {
    /// The live targets assigned to a live campaign, by priority (10
    /// first). `NotFound` if the campaign is not the account's.
    pub async fn campaign_rtb_targets(
        &self,
        account: AccountId,
        campaign_id: &str,
    ) -> Result<Vec<CampaignRtbTarget>, StoreError> {
        self.campaign(account, campaign_id).await?;
        Ok(on_pool!(self, |p| sqlx::query_as::<_, CampaignRtbTarget>(
            "SELECT a.rtb_target_id, a.priority, a.enabled, t.name AS target_name, \
                    t.status AS target_status \
             FROM campaign_rtb_targets a \
             JOIN rtb_targets t ON t.id = a.rtb_target_id AND t.user_id = a.user_id \
             WHERE a.campaign_id = $1 AND a.user_id = $2 AND t.deleted_at IS NULL \
             ORDER BY a.priority DESC, lower(t.name), a.rtb_target_id"
        )
        .bind(campaign_id)
        .bind(account.0)
        .fetch_all(p)
        .await)?)
    }

    /// Replace the campaign's targets with `assignments`, in one
    /// transaction. `NotFound` when the campaign or any target is not the
    /// account's (nothing is written then).
    pub async fn set_campaign_rtb_targets(
        &self,
        account: AccountId,
        campaign_id: &str,
        assignments: &[RtbAssignment],
    ) -> Result<(), StoreError> {
        let _refresh = self.config_write();
        self.campaign(account, campaign_id).await?;
        let now = now_ms();
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            sqlx::query("DELETE FROM campaign_rtb_targets WHERE campaign_id = $1 AND user_id = $2")
                .bind(campaign_id)
                .bind(account.0)
                .execute(&mut *tx)
                .await?;
            for a in assignments {
                let owned: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM rtb_targets \
                     WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL",
                )
                .bind(a.rtb_target_id)
                .bind(account.0)
                .fetch_one(&mut *tx)
                .await?;
                if owned == 0 {
                    return Err(StoreError::NotFound);
                }
                sqlx::query(
                    "INSERT INTO campaign_rtb_targets \
                         (user_id, campaign_id, rtb_target_id, priority, enabled, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(account.0)
                .bind(campaign_id)
                .bind(a.rtb_target_id)
                .bind(a.priority)
                .bind(a.enabled)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })
    }

    /// Take one target off the campaign; `NotFound` if it was not there.
    pub async fn remove_campaign_rtb_target(
        &self,
        account: AccountId,
        campaign_id: &str,
        rtb_target_id: i64,
    ) -> Result<(), StoreError> {
        let _refresh = self.config_write();
        self.campaign(account, campaign_id).await?;
        let gone = on_pool!(self, |p| sqlx::query(
            "DELETE FROM campaign_rtb_targets \
             WHERE campaign_id = $1 AND rtb_target_id = $2 AND user_id = $3"
        )
        .bind(campaign_id)
        .bind(rtb_target_id)
        .bind(account.0)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if gone == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// What an auction for the campaign pings: enabled assignments of live,
    /// `active` targets, by priority (10 first). Empty for another's campaign.
    pub async fn rtb_auction_targets(
        &self,
        account: AccountId,
        campaign_id: &str,
    ) -> Result<Vec<AuctionTarget>, StoreError> {
        let columns: Vec<String> = COLUMNS.split(", ").map(|c| format!("t.{c}")).collect();
        let sql = format!(
            "SELECT a.priority, {} FROM campaign_rtb_targets a \
             JOIN rtb_targets t ON t.id = a.rtb_target_id AND t.user_id = a.user_id \
             WHERE a.campaign_id = $1 AND a.user_id = $2 AND a.enabled = TRUE \
               AND t.deleted_at IS NULL AND t.status = 'active' \
             ORDER BY a.priority DESC, t.id",
            columns.join(", ")
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, AuctionTarget>(
            &sql
        )
        .bind(campaign_id)
        .bind(account.0)
        .fetch_all(p)
        .await)?)
    }
}

/// A live RTB campaign's auction settings and targets, for the webhook.
#[derive(Clone, Debug)]
pub struct RtbCampaignConfig {
    pub campaign_id: domain::CampaignId,
    pub auction_timeout_ms: i64,
    pub min_bid_e4: i64,
    pub currency: String,
    /// buyers | number | message
    pub fallback: String,
    pub targets: Vec<AuctionTarget>,
}

#[derive(sqlx::FromRow)]
struct RtbCampaignRow {
    id: domain::CampaignId,
    rtb_auction_timeout_ms: i64,
    rtb_min_bid_e4: i64,
    rtb_currency: String,
    rtb_fallback: String,
}

#[derive(sqlx::FromRow)]
struct CampaignTarget {
    campaign_id: domain::CampaignId,
    #[sqlx(flatten)]
    target: AuctionTarget,
}

impl Store {
    /// Every live RTB campaign of the platform with its enabled, active
    /// targets (highest priority first): the webhook's auction snapshot,
    /// loaded with the routing snapshot (all accounts: a call arrives by
    /// number, before any account is known).
    pub async fn load_rtb_snapshot(&self) -> Result<Vec<RtbCampaignConfig>, StoreError> {
        let campaigns = on_pool!(self, |p| {
            sqlx::query_as::<_, RtbCampaignRow>(
            "SELECT id, rtb_auction_timeout_ms, rtb_min_bid_e4, rtb_currency, rtb_fallback FROM campaigns \
             WHERE type = 'rtb' AND deleted_at IS NULL"
        )
        .fetch_all(p)
        .await
        })?;
        let columns: Vec<String> = COLUMNS.split(", ").map(|c| format!("t.{c}")).collect();
        let sql = format!(
            "SELECT a.campaign_id, a.priority, {} FROM campaign_rtb_targets a \
             JOIN rtb_targets t ON t.id = a.rtb_target_id AND t.user_id = a.user_id \
             WHERE a.enabled = TRUE AND t.deleted_at IS NULL AND t.status = 'active' \
             ORDER BY a.campaign_id, a.priority DESC, t.id",
            columns.join(", ")
        );
        let mut targets = on_pool!(self, |p| sqlx::query_as::<_, CampaignTarget>(&sql)
            .fetch_all(p)
            .await)?;
        Ok(campaigns
            .into_iter()
            .map(|c| {
                let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut targets)
                    .into_iter()
                    .partition(|t| t.campaign_id == c.id);
                targets = rest;
                RtbCampaignConfig {
                    campaign_id: c.id,
                    auction_timeout_ms: c.rtb_auction_timeout_ms,
                    min_bid_e4: c.rtb_min_bid_e4,
                    currency: c.rtb_currency,
                    fallback: c.rtb_fallback,
                    targets: mine.into_iter().map(|t| t.target).collect(),
                }
            })
            .collect())
    }
}

impl RtbTargetRow {
    /// The auction's view of this target, at `priority` on a campaign.
    pub fn auction_config(&self, priority: i64) -> TargetConfig {
        let f = &self.fields;
        let secret = || Secret::new(f.auth.secret.clone().unwrap_or_default());
        let auth = match f.auth.kind.as_str() {
            "api_key" => Auth::ApiKeyHeader {
                header: f.auth.header.clone().unwrap_or_else(|| "X-API-Key".into()),
                key: secret(),
            },
            "bearer" => Auth::Bearer { token: secret() },
            "basic" => Auth::Basic {
                user: f.auth.username.clone().unwrap_or_default(),
                password: secret(),
            },
            _ => Auth::None,
        };
        let headers: Vec<(String, String)> =
            serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&f.custom_headers)
                .map(|m| {
                    m.into_iter()
                        .filter_map(|(k, v)| v.as_str().map(|v| (k, v.to_string())))
                        .collect()
                })
                .unwrap_or_default();
        let nonempty = |s: &str| Some(s.to_string()).filter(|s| !s.trim().is_empty());
        TargetConfig {
            id: domain::RtbTargetId(self.id),
            name: f.name.clone(),
            priority,
            endpoint_url: f.endpoint_url.clone(),
            method: match f.request_method.as_str() {
                "GET" => Method::Get,
                "PUT" => Method::Put,
                _ => Method::Post,
            },
            content_type: match f.content_type.as_str() {
                "xml" => ContentType::Xml,
                "form" => ContentType::Form,
                _ => ContentType::Json,
            },
            auth,
            headers,
            timeout_ms: f.timeout_ms.clamp(100, 10_000) as u32,
            request_template: f.request_template.clone(),
            response_paths: ResponsePaths {
                bid_amount: nonempty(&f.bid_amount_path),
                destination: nonempty(&f.destination_path),
                acceptance: f.acceptance_path.clone().filter(|s| !s.trim().is_empty()),
                currency: f.currency_path.clone().filter(|s| !s.trim().is_empty()),
            },
            min_bid: Money(f.min_bid_e4),
            max_bid: Money(f.max_bid_e4),
            currency: f.currency.clone(),
        }
    }
}

impl RtbCampaignConfig {
    /// The campaign's auction, ready for live calls.
    pub fn compile(&self) -> RtbCampaign {
        let cap = |v: Option<i64>| v.map(|v| v.max(0) as u64);
        RtbCampaign::new(
            self.auction_timeout_ms,
            Money(self.min_bid_e4),
            // Anything not understood plays the message: nobody is dialled who
            // was not chosen.
            Fallback::parse(&self.fallback).unwrap_or(Fallback::Message),
            self.targets
                .iter()
                .map(|t| {
                    let f = &t.target.fields;
                    (
                        t.target.auction_config(t.priority),
                        [
                            cap(f.max_concurrent_calls),
                            cap(f.hourly_cap),
                            cap(f.daily_cap),
                        ],
                    )
                })
                .collect(),
        )
    }
}

impl Store {
    /// Every live RTB campaign's auction, by campaign id
    /// ([`Store::load_rtb_snapshot`], compiled).
    pub async fn load_auctions(
        &self,
    ) -> Result<HashMap<domain::CampaignId, Arc<RtbCampaign>>, StoreError> {
        Ok(self
            .load_rtb_snapshot()
            .await?
            .into_iter()
            .map(|c| {
                let compiled = Arc::new(c.compile());
                (c.campaign_id, compiled)
            })
            .collect())
    }
}
