//! Campaign answers.

use domain::Money;
use serde::Serialize;
use store::campaign_buyers::CampaignBuyer;
use store::campaigns::{Campaign, CampaignSummary};
use utoipa::ToSchema;

use crate::stats::rfc3339;

/// A campaign as listed (the spec's `GET /api/campaigns` item).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CampaignSummaryOut {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    #[schema(value_type = domain::CampaignKind)]
    pub kind: String,
    #[schema(value_type = domain::CampaignStatus)]
    pub status: String,
    /// The first number assigned, if any.
    pub phone_number: Option<String>,
    pub buyers_count: i64,
    pub calls_count: i64,
    /// Percentage of calls that completed.
    pub success_rate: f64,
    #[schema(example = "125.50")]
    pub revenue: String,
    pub created_at: String,
}

/// Percentage with one decimal; 0 when there is nothing to divide.
pub fn rate(part: i64, whole: i64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

impl From<CampaignSummary> for CampaignSummaryOut {
    fn from(c: CampaignSummary) -> Self {
        Self {
            success_rate: rate(c.completed_calls, c.calls_count),
            revenue: Money(c.revenue_e4).to_decimal_string(2),
            created_at: rfc3339(c.created_at),
            id: c.id,
            name: c.name,
            kind: c.r#type,
            status: c.status,
            phone_number: c.phone_number,
            buyers_count: c.buyers_count,
            calls_count: c.calls_count,
        }
    }
}

/// Auction settings of a campaign.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RtbOut {
    pub auction_timeout_ms: i64,
    #[schema(example = "5.00")]
    pub min_bid: String,
    pub currency: String,
    #[schema(value_type = domain::RtbFallback)]
    pub fallback: String,
}

/// A number assigned to the campaign.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CampaignNumberOut {
    pub id: i64,
    pub phone_number: String,
    pub pool_id: Option<i64>,
}

/// A buyer's terms on the campaign.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CampaignBuyerOut {
    pub buyer_id: i64,
    pub buyer_name: String,
    /// The buyer's own status (active, inactive, paused).
    pub buyer_status: String,
    pub priority: i64,
    pub weight: i64,
    pub max_concurrent_calls: Option<i64>,
    pub hourly_cap: Option<i64>,
    pub daily_cap: Option<i64>,
    pub monthly_cap: Option<i64>,
    /// Status of the assignment (active, paused).
    pub status: String,
}

impl From<CampaignBuyer> for CampaignBuyerOut {
    fn from(b: CampaignBuyer) -> Self {
        let t = b.terms;
        Self {
            buyer_id: t.buyer_id,
            buyer_name: b.buyer_name,
            buyer_status: b.buyer_status,
            priority: t.priority,
            weight: t.weight,
            max_concurrent_calls: t.max_concurrent_calls,
            hourly_cap: t.hourly_cap,
            daily_cap: t.daily_cap,
            monthly_cap: t.monthly_cap,
            status: t.status,
        }
    }
}

/// Everything about one campaign.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CampaignOut {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    #[serde(rename = "type")]
    #[schema(value_type = domain::CampaignKind)]
    pub kind: String,
    /// Same as `type` (the spec names both).
    #[schema(value_type = domain::CampaignKind)]
    pub routing_type: String,
    #[schema(value_type = domain::CampaignStatus)]
    pub status: String,
    pub pool_id: Option<i64>,
    pub pool_name: Option<String>,
    pub pool_strategy: String,
    #[schema(value_type = domain::RoutingStrategy)]
    pub call_routing_strategy: String,
    pub max_concurrent_calls: Option<i64>,
    pub hourly_cap: Option<i64>,
    /// Daily cap.
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
    pub rtb: RtbOut,
    /// The call flow the campaign's calls run before routing.
    pub call_flow_id: Option<i64>,
    pub phone_numbers: Vec<CampaignNumberOut>,
    pub buyers: Vec<CampaignBuyerOut>,
    pub buyers_count: i64,
    pub calls_count: i64,
    pub success_rate: f64,
    pub revenue: String,
    pub created_at: String,
    pub updated_at: String,
}

/// Parts of a campaign's answer that come from other tables.
pub struct Related {
    pub numbers: Vec<CampaignNumberOut>,
    pub buyers: Vec<CampaignBuyer>,
    /// (calls, completed, revenue_e4)
    pub figures: (i64, i64, i64),
}

impl CampaignOut {
    pub fn new(c: Campaign, related: Related) -> Self {
        let f = c.fields;
        let (calls, completed, revenue) = related.figures;
        Self {
            id: c.id,
            name: f.name,
            description: f.description,
            routing_type: f.r#type.clone(),
            kind: f.r#type,
            status: f.status,
            pool_id: f.pool_id,
            pool_name: c.pool_name,
            pool_strategy: f.pool_strategy,
            call_routing_strategy: f.call_routing_strategy,
            max_concurrent_calls: f.max_concurrent_calls,
            hourly_cap: f.hourly_cap,
            call_cap: f.call_cap,
            monthly_cap: f.monthly_cap,
            call_timeout: f.call_timeout,
            time_zone: f.time_zone,
            duplicate_caller_window_secs: f.duplicate_caller_window_secs,
            duplicate_caller_action: f.duplicate_caller_action,
            min_duration_secs: f.min_duration_secs,
            fallback_number: f.fallback_number,
            fallback_message: f.fallback_message,
            recording_enabled: f.recording_enabled,
            transcription_enabled: f.transcription_enabled,
            webhook_url: f.webhook_url,
            tracking_pixel_url: f.tracking_pixel_url,
            call_flow_id: f.call_flow_id,
            rtb: RtbOut {
                auction_timeout_ms: f.rtb_auction_timeout_ms,
                min_bid: Money(f.rtb_min_bid_e4).to_decimal_string(2),
                currency: f.rtb_currency,
                fallback: f.rtb_fallback,
            },
            phone_numbers: related.numbers,
            buyers_count: related.buyers.len() as i64,
            buyers: related.buyers.into_iter().map(Into::into).collect(),
            calls_count: calls,
            success_rate: rate(completed, calls),
            revenue: Money(revenue).to_decimal_string(2),
            created_at: rfc3339(c.created_at),
            updated_at: rfc3339(c.updated_at),
        }
    }
}
