//! Campaigns: routing settings, soft delete, list with call figures, and the
//! figures that decide whether a campaign may go live. Buyers assigned to a
//! campaign live in [`crate::campaign_buyers`]; numbers in `phone_numbers`.

use domain::{AccountId, now_ms};

use crate::db::on_pool;
use crate::{Page, Store, StoreError};

/// Every setting of a campaign, as written by create and update. The API
/// validates it; the store writes it as is.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CampaignFields {
    pub name: String,
    pub description: Option<String>,
    pub r#type: String,
    pub status: String,
    pub pool_id: Option<i64>,
    pub pool_strategy: String,
    pub call_routing_strategy: String,
    pub max_concurrent_calls: Option<i64>,
    pub hourly_cap: Option<i64>,
    pub call_cap: Option<i64>,
    pub monthly_cap: Option<i64>,
    pub call_timeout: i64,
    pub time_zone: String,
    pub duplicate_caller_window_secs: i64,
    pub duplicate_caller_action: String,
    pub min_duration_secs: i64,
    pub fallback_number: Option<String>,
    pub fallback_message: Option<String>,
    pub recording_enabled: bool,
    pub transcription_enabled: bool,
    pub webhook_url: Option<String>,
    pub tracking_pixel_url: Option<String>,
    pub rtb_auction_timeout_ms: i64,
    pub rtb_min_bid_e4: i64,
    pub rtb_currency: String,
    pub rtb_fallback: String,
    /// The call flow its calls run before routing (its published version).
    pub call_flow_id: Option<i64>,
}

impl CampaignFields {
    /// A new campaign's settings: the schema's defaults.
    pub fn new(name: &str, kind: &str) -> Self {
        Self {
            name: name.to_string(),
            description: None,
            r#type: kind.to_string(),
            status: "draft".into(),
            pool_id: None,
            pool_strategy: "round_robin".into(),
            call_routing_strategy: "priority".into(),
            max_concurrent_calls: None,
            hourly_cap: None,
            call_cap: None,
            monthly_cap: None,
            call_timeout: 30,
            time_zone: "UTC".into(),
            duplicate_caller_window_secs: 0,
            duplicate_caller_action: "route_unpaid".into(),
            min_duration_secs: 60,
            fallback_number: None,
            fallback_message: None,
            recording_enabled: true,
            transcription_enabled: false,
            webhook_url: None,
            tracking_pixel_url: None,
            rtb_auction_timeout_ms: 3000,
            rtb_min_bid_e4: 0,
            rtb_currency: "USD".into(),
            rtb_fallback: "buyers".into(),
            call_flow_id: None,
        }
    }
}

/// A stored campaign.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Campaign {
    pub id: String,
    #[sqlx(flatten)]
    pub fields: CampaignFields,
    pub pool_name: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A campaign as listed, with its figures.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CampaignSummary {
    pub id: String,
    pub name: String,
    pub r#type: String,
    pub status: String,
    pub phone_number: Option<String>,
    pub buyers_count: i64,
    pub calls_count: i64,
    pub completed_calls: i64,
    pub revenue_e4: i64,
    pub created_at: i64,
}

/// Filters of the campaign list.
#[derive(Clone, Debug, Default)]
pub struct CampaignFilter {
    pub status: Option<String>,
    pub r#type: Option<String>,
    /// Created at or after (epoch ms).
    pub from_ms: Option<i64>,
    /// Created before (epoch ms).
    pub to_ms: Option<i64>,
}

/// What a campaign has, for the activation rules.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Readiness {
    /// Active buyers assigned with an active assignment.
    pub active_buyers: i64,
    /// Numbers assigned to the campaign.
    pub numbers: i64,
    /// Active numbers in the campaign's pool (0 without a pool).
    pub pool_numbers: i64,
    /// Enabled, active RTB targets assigned.
    pub rtb_targets: i64,
}

const FIELDS: &str = "name, description, type, status, pool_id, pool_strategy, call_routing_strategy, \
    max_concurrent_calls, hourly_cap, call_cap, monthly_cap, call_timeout, time_zone, \
    duplicate_caller_window_secs, duplicate_caller_action, min_duration_secs, fallback_number, \
    fallback_message, recording_enabled, transcription_enabled, webhook_url, tracking_pixel_url, \
    rtb_auction_timeout_ms, rtb_min_bid_e4, rtb_currency, rtb_fallback, call_flow_id";

/// Bind every field in `FIELDS` order, starting at the query's next placeholder.
macro_rules! bind_fields {
    ($q:expr, $f:expr) => {
        $q.bind(&$f.name)
            .bind(&$f.description)
            .bind(&$f.r#type)
            .bind(&$f.status)
            .bind($f.pool_id)
            .bind(&$f.pool_strategy)
            .bind(&$f.call_routing_strategy)
            .bind($f.max_concurrent_calls)
            .bind($f.hourly_cap)
            .bind($f.call_cap)
            .bind($f.monthly_cap)
            .bind($f.call_timeout)
            .bind(&$f.time_zone)
            .bind($f.duplicate_caller_window_secs)
            .bind(&$f.duplicate_caller_action)
            .bind($f.min_duration_secs)
            .bind(&$f.fallback_number)
            .bind(&$f.fallback_message)
            .bind($f.recording_enabled)
            .bind($f.transcription_enabled)
            .bind(&$f.webhook_url)
            .bind(&$f.tracking_pixel_url)
            .bind($f.rtb_auction_timeout_ms)
            .bind($f.rtb_min_bid_e4)
            .bind(&$f.rtb_currency)
            .bind(&$f.rtb_fallback)
            .bind($f.call_flow_id)
    };
}

fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// Create a campaign with id `id` (a UUID chosen by the caller).
    pub async fn create_campaign(
        &self,
        account: AccountId,
        id: &str,
        fields: &CampaignFields,
    ) -> Result<Campaign, StoreError> {
        let _refresh = self.config_write();
        let now = now_ms();
        let sql = format!(
            "INSERT INTO campaigns (id, user_id, created_at, updated_at, {FIELDS}) VALUES ($1, $2, $3, $3, {})",
            placeholders(4, 27)
        );
        on_pool!(self, |p| bind_fields!(
            sqlx::query(&sql).bind(id).bind(account.0).bind(now),
            fields
        )
        .execute(p)
        .await
        .map(|_| ()))?;
        self.campaign(account, id).await
    }

    /// One live (not deleted) campaign of the account.
    pub async fn campaign(&self, account: AccountId, id: &str) -> Result<Campaign, StoreError> {
        let sql = format!(
            "SELECT c.id, c.created_at, c.updated_at, p.name AS pool_name, {} \
             FROM campaigns c LEFT JOIN number_pools p ON p.id = c.pool_id AND p.user_id = c.user_id \
             WHERE c.id = $1 AND c.user_id = $2 AND c.deleted_at IS NULL",
            FIELDS
                .split(", ")
                .map(|f| format!("c.{}", f.trim()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        on_pool!(self, |p| sqlx::query_as::<_, Campaign>(&sql)
            .bind(id)
            .bind(account.0)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// Replace every setting of a live campaign.
    pub async fn update_campaign(
        &self,
        account: AccountId,
        id: &str,
        fields: &CampaignFields,
    ) -> Result<Campaign, StoreError> {
        let _refresh = self.config_write();
        let sets = FIELDS
            .split(", ")
            .enumerate()
            .map(|(i, f)| format!("{} = ${}", f.trim(), i + 4))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "UPDATE campaigns SET updated_at = $3, {sets} WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL"
        );
        let changed = on_pool!(self, |p| bind_fields!(
            sqlx::query(&sql).bind(id).bind(account.0).bind(now_ms()),
            fields
        )
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.campaign(account, id).await
    }

    /// Soft-delete: the row stays for the calls that point at it.
    pub async fn delete_campaign(&self, account: AccountId, id: &str) -> Result<(), StoreError> {
        let _refresh = self.config_write();
        let now = now_ms();
        let changed = on_pool!(self, |p| sqlx::query(
            "UPDATE campaigns SET deleted_at = $1, updated_at = $1, status = 'completed' \
             WHERE id = $2 AND user_id = $3 AND deleted_at IS NULL"
        )
        .bind(now)
        .bind(id)
        .bind(account.0)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// A page of the account's live campaigns with their figures, and the total.
    pub async fn list_campaigns(
        &self,
        account: AccountId,
        filter: &CampaignFilter,
        page: &Page,
    ) -> Result<(Vec<CampaignSummary>, i64), StoreError> {
        let conditions = "c.user_id = $1 AND c.deleted_at IS NULL \
            AND ($2 IS NULL OR c.status = $2) AND ($3 IS NULL OR c.type = $3) \
            AND ($4 IS NULL OR c.created_at >= $4) AND ($5 IS NULL OR c.created_at < $5) \
            AND ($6 IS NULL OR lower(c.name) LIKE $6 ESCAPE '\\')";
        let order = page.order_by(match page.sort {
            "name" => "lower(c.name)",
            "status" => "c.status",
            "type" => "c.type",
            "callsCount" => "calls_count",
            "revenue" => "revenue_e4",
            _ => "c.created_at",
        });
        let order = order.replace(", id ", ", c.id ");
        let sql = format!(
            "SELECT c.id, c.name, c.type, c.status, c.created_at, \
               (SELECT n.phone_number FROM phone_numbers n WHERE n.campaign_id = c.id AND n.user_id = c.user_id \
                 ORDER BY n.id LIMIT 1) AS phone_number, \
               (SELECT COUNT(*) FROM campaign_buyers cb JOIN buyers b ON b.id = cb.buyer_id \
                 WHERE cb.campaign_id = c.id AND b.deleted_at IS NULL) AS buyers_count, \
               COALESCE(s.calls_count, 0) AS calls_count, \
               COALESCE(s.completed_calls, 0) AS completed_calls, \
               COALESCE(s.revenue_e4, 0) AS revenue_e4 \
             FROM campaigns c LEFT JOIN ( \
               SELECT campaign_id, COUNT(*) AS calls_count, \
                 CAST(SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END) AS BIGINT) AS completed_calls, \
                 CAST(SUM(revenue_e4) AS BIGINT) AS revenue_e4 \
               FROM calls WHERE user_id = $1 AND campaign_id IS NOT NULL GROUP BY campaign_id \
             ) s ON s.campaign_id = c.id \
             WHERE {conditions} {order} LIMIT $7 OFFSET $8"
        );
        let count_sql = format!("SELECT COUNT(*) FROM campaigns c WHERE {conditions}");
        let like = page.like();
        let rows = on_pool!(self, |p| sqlx::query_as::<_, CampaignSummary>(&sql)
            .bind(account.0)
            .bind(&filter.status)
            .bind(&filter.r#type)
            .bind(filter.from_ms)
            .bind(filter.to_ms)
            .bind(&like)
            .bind(page.limit)
            .bind(page.offset)
            .fetch_all(p)
            .await)?;
        let total = on_pool!(self, |p| sqlx::query_scalar::<_, i64>(&count_sql)
            .bind(account.0)
            .bind(&filter.status)
            .bind(&filter.r#type)
            .bind(filter.from_ms)
            .bind(filter.to_ms)
            .bind(&like)
            .fetch_one(p)
            .await)?;
        Ok((rows, total))
    }

    /// Call figures of one campaign: (calls, completed, revenue_e4).
    pub async fn campaign_figures(
        &self,
        account: AccountId,
        id: &str,
    ) -> Result<(i64, i64, i64), StoreError> {
        Ok(on_pool!(self, |p| sqlx::query_as::<_, (i64, i64, i64)>(
            "SELECT COUNT(*), \
               CAST(COALESCE(SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END), 0) AS BIGINT), \
               CAST(COALESCE(SUM(revenue_e4), 0) AS BIGINT) \
             FROM calls WHERE user_id = $1 AND campaign_id = $2"
        )
        .bind(account.0)
        .bind(id)
        .fetch_one(p)
        .await)?)
    }

    /// What the campaign has that activation needs, counting the pool
    /// `pool_id` (the campaign's pool after the change being checked).
    pub async fn campaign_readiness(
        &self,
        account: AccountId,
        id: &str,
        pool_id: Option<i64>,
    ) -> Result<Readiness, StoreError> {
        on_pool!(self, |p| sqlx::query_as::<_, Readiness>(
            "SELECT \
               (SELECT COUNT(*) FROM campaign_buyers cb JOIN buyers b ON b.id = cb.buyer_id \
                 WHERE cb.campaign_id = c.id AND cb.user_id = c.user_id AND cb.status = 'active' \
                   AND b.status = 'active' AND b.deleted_at IS NULL) AS active_buyers, \
               (SELECT COUNT(*) FROM phone_numbers n \
                 WHERE n.campaign_id = c.id AND n.user_id = c.user_id) AS numbers, \
               (SELECT COUNT(*) FROM phone_numbers n \
                 WHERE n.pool_id = $3 AND n.user_id = c.user_id AND n.status = 'active') AS pool_numbers, \
               (SELECT COUNT(*) FROM campaign_rtb_targets a JOIN rtb_targets t ON t.id = a.rtb_target_id \
                 WHERE a.campaign_id = c.id AND a.user_id = c.user_id AND a.enabled = TRUE \
                   AND t.status = 'active' AND t.deleted_at IS NULL) AS rtb_targets \
             FROM campaigns c WHERE c.id = $1 AND c.user_id = $2 AND c.deleted_at IS NULL"
        )
        .bind(id)
        .bind(account.0)
        .bind(pool_id)
        .fetch_optional(p)
        .await)?
        .ok_or(StoreError::NotFound)
    }

    /// Active numbers in one of the account's pools; `None` when the
    /// account has no pool with this id.
    pub async fn pool_active_numbers(
        &self,
        account: AccountId,
        pool_id: i64,
    ) -> Result<Option<i64>, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query_scalar::<_, i64>(
            "SELECT (SELECT COUNT(*) FROM phone_numbers n \
                      WHERE n.pool_id = np.id AND n.user_id = np.user_id AND n.status = 'active') \
             FROM number_pools np WHERE np.id = $1 AND np.user_id = $2"
        )
        .bind(pool_id)
        .bind(account.0)
        .fetch_optional(p)
        .await)?)
    }
}
