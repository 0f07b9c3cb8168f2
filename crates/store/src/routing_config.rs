//! Loading the routing snapshot: every live number, campaign, buyer and
//! assignment of every account, read in four queries and compiled by
//! `routing::Snapshot::build`. The webhook answers from the snapshot; it
//! never reads configuration per call.

use routing::{BuyerRow, CampaignBuyerRow, CampaignRow, Caps, NumberRow, Snapshot};

use crate::db::on_pool;
use crate::{Store, StoreError};

type NumberTuple = (
    domain::NumberId,
    domain::AccountId,
    String,
    String,
    Option<domain::CampaignId>,
    Option<domain::PoolId>,
    Option<i64>,
);

#[derive(sqlx::FromRow)]
struct Campaign {
    id: String,
    user_id: i64,
    name: String,
    r#type: String,
    status: String,
    call_routing_strategy: String,
    max_concurrent_calls: Option<i64>,
    hourly_cap: Option<i64>,
    call_cap: Option<i64>,
    monthly_cap: Option<i64>,
    time_zone: String,
    duplicate_caller_window_secs: i64,
    duplicate_caller_action: String,
    min_duration_secs: i64,
    call_timeout: i64,
    fallback_number: Option<String>,
    fallback_message: Option<String>,
    recording_enabled: bool,
    call_flow_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct Buyer {
    id: i64,
    user_id: i64,
    name: String,
    phone: String,
    backup_phone: Option<String>,
    status: String,
    priority: i64,
    max_concurrent_calls: Option<i64>,
    hourly_cap: Option<i64>,
    daily_cap: Option<i64>,
    monthly_cap: Option<i64>,
    time_zone: String,
    schedule: String,
    payout_e4: i64,
}

#[derive(sqlx::FromRow)]
struct Assignment {
    campaign_id: String,
    buyer_id: i64,
    priority: i64,
    weight: i64,
    max_concurrent_calls: Option<i64>,
    hourly_cap: Option<i64>,
    daily_cap: Option<i64>,
    monthly_cap: Option<i64>,
    status: String,
}

impl Store {
    /// The routing snapshot of the whole platform (all accounts: a carrier
    /// webhook arrives by dialled number, before any account is known).
    pub async fn load_routing_snapshot(&self) -> Result<Snapshot, StoreError> {
        let numbers = on_pool!(self, |p| {
            sqlx::query_as::<_, NumberTuple>(
            "SELECT id, user_id, phone_number, status, campaign_id, pool_id, call_flow_id FROM phone_numbers"
        )
        .fetch_all(p)
        .await
        })?;
        let campaigns = on_pool!(self, |p| {
            sqlx::query_as::<_, Campaign>(
            "SELECT id, user_id, name, type, status, call_routing_strategy, max_concurrent_calls, hourly_cap, \
                call_cap, monthly_cap, time_zone, duplicate_caller_window_secs, duplicate_caller_action, \
                min_duration_secs, call_timeout, fallback_number, fallback_message, recording_enabled, call_flow_id \
             FROM campaigns WHERE deleted_at IS NULL"
        )
        .fetch_all(p)
        .await
        })?;
        let buyers = on_pool!(self, |p| {
            sqlx::query_as::<_, Buyer>(
            "SELECT id, user_id, name, phone, backup_phone, status, priority, max_concurrent_calls, hourly_cap, \
                daily_cap, monthly_cap, time_zone, schedule, payout_e4 FROM buyers WHERE deleted_at IS NULL"
        )
        .fetch_all(p)
        .await
        })?;
        let assignments = on_pool!(self, |p| {
            sqlx::query_as::<_, Assignment>(
            "SELECT cb.campaign_id, cb.buyer_id, cb.priority, cb.weight, cb.max_concurrent_calls, cb.hourly_cap, \
                cb.daily_cap, cb.monthly_cap, cb.status \
             FROM campaign_buyers cb JOIN buyers b ON b.id = cb.buyer_id AND b.user_id = cb.user_id \
             WHERE b.deleted_at IS NULL"
        )
        .fetch_all(p)
        .await
        })?;
        Ok(Snapshot::build(
            numbers
                .into_iter()
                .map(
                    |(id, account, phone_number, status, campaign_id, pool_id, call_flow_id)| {
                        NumberRow {
                            id,
                            account,
                            phone_number,
                            status,
                            campaign_id,
                            pool_id,
                            call_flow_id,
                        }
                    },
                )
                .collect(),
            campaigns.into_iter().map(campaign_row).collect(),
            buyers.into_iter().map(buyer_row).collect(),
            assignments.into_iter().map(assignment_row).collect(),
        ))
    }
}

fn campaign_row(c: Campaign) -> CampaignRow {
    CampaignRow {
        caps: Caps::from_columns(
            c.max_concurrent_calls,
            c.hourly_cap,
            c.call_cap,
            c.monthly_cap,
        ),
        id: domain::CampaignId(c.id),
        account: domain::AccountId(c.user_id),
        name: c.name,
        kind: c.r#type,
        status: c.status,
        strategy: c.call_routing_strategy,
        time_zone: c.time_zone,
        duplicate_window_secs: c.duplicate_caller_window_secs,
        duplicate_action: c.duplicate_caller_action,
        min_duration_secs: c.min_duration_secs,
        call_timeout_secs: c.call_timeout,
        fallback_number: c.fallback_number,
        fallback_message: c.fallback_message,
        recording_enabled: c.recording_enabled,
        call_flow_id: c.call_flow_id,
    }
}

fn buyer_row(b: Buyer) -> BuyerRow {
    BuyerRow {
        caps: Caps::from_columns(
            b.max_concurrent_calls,
            b.hourly_cap,
            b.daily_cap,
            b.monthly_cap,
        ),
        id: domain::BuyerId(b.id),
        account: domain::AccountId(b.user_id),
        name: b.name,
        phone: b.phone,
        backup_phone: b.backup_phone,
        status: b.status,
        priority: b.priority,
        time_zone: b.time_zone,
        schedule: b.schedule,
        payout_e4: b.payout_e4,
    }
}

fn assignment_row(a: Assignment) -> CampaignBuyerRow {
    CampaignBuyerRow {
        caps: Caps::from_columns(
            a.max_concurrent_calls,
            a.hourly_cap,
            a.daily_cap,
            a.monthly_cap,
        ),
        campaign_id: domain::CampaignId(a.campaign_id),
        buyer_id: domain::BuyerId(a.buyer_id),
        priority: a.priority,
        weight: a.weight,
        status: a.status,
    }
}
