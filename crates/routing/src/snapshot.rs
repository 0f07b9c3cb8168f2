//! The routing snapshot: every number, campaign and buyer the engine needs,
//! compiled once from configuration rows and never changed afterwards (the
//! server swaps a new `Arc<Snapshot>` on every configuration change). The
//! store converts its rows into the plain `*Row` structs below; building
//! parses time zones and schedules once, so routing a call parses nothing.
//! Building never fails: a row that cannot be understood keeps a `problem`
//! that the engine reports in the trace.

use domain::{AccountId, BuyerId, CampaignId, NumberId, PoolId};
use std::collections::HashMap;

use domain::Money;
use domain::schedule::{Schedule, parse_time_zone};
use jiff::tz::TimeZone;

/// Caps as configured: `None` is no limit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Caps {
    pub concurrent: Option<u64>,
    pub hourly: Option<u64>,
    pub daily: Option<u64>,
    pub monthly: Option<u64>,
}

impl Caps {
    /// Caps from stored columns; a stored value below zero counts as 0
    /// (nothing allowed), never as "no limit".
    pub fn from_columns(
        concurrent: Option<i64>,
        hourly: Option<i64>,
        daily: Option<i64>,
        monthly: Option<i64>,
    ) -> Self {
        let cap = |v: Option<i64>| v.map(|v| v.max(0) as u64);
        Self {
            concurrent: cap(concurrent),
            hourly: cap(hourly),
            daily: cap(daily),
            monthly: cap(monthly),
        }
    }
}

/// `phone_numbers` as the engine needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberRow {
    pub id: NumberId,
    pub account: AccountId,
    /// E.164, exactly as the carrier sends `To`.
    pub phone_number: String,
    pub status: String,
    pub campaign_id: Option<CampaignId>,
    pub pool_id: Option<PoolId>,
    /// The call flow its calls run in place of their campaign's.
    pub call_flow_id: Option<i64>,
}

/// A live (not deleted) campaign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignRow {
    pub id: CampaignId,
    pub account: AccountId,
    pub name: String,
    /// `direct`, `pool` or `rtb`.
    pub kind: String,
    pub status: String,
    /// `priority`, `round_robin` or `weighted`.
    pub strategy: String,
    pub caps: Caps,
    pub time_zone: String,
    pub duplicate_window_secs: i64,
    /// `route_unpaid` or `reject`.
    pub duplicate_action: String,
    pub min_duration_secs: i64,
    pub call_timeout_secs: i64,
    pub fallback_number: Option<String>,
    pub fallback_message: Option<String>,
    pub recording_enabled: bool,
    /// The call flow its calls run before routing.
    pub call_flow_id: Option<i64>,
}

/// A live (not deleted) buyer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuyerRow {
    pub id: BuyerId,
    pub account: AccountId,
    pub name: String,
    pub phone: String,
    pub backup_phone: Option<String>,
    pub status: String,
    pub priority: i64,
    pub caps: Caps,
    pub time_zone: String,
    /// The schedule as stored (JSON of [`Schedule`]).
    pub schedule: String,
    pub payout_e4: i64,
}

/// `campaign_buyers`: one buyer's terms on one campaign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignBuyerRow {
    pub campaign_id: CampaignId,
    pub buyer_id: BuyerId,
    pub priority: i64,
    pub weight: i64,
    pub caps: Caps,
    pub status: String,
}

/// How a dialled number routes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberRoute {
    pub account: AccountId,
    pub number_id: NumberId,
    pub campaign_id: Option<CampaignId>,
    pub pool_id: Option<PoolId>,
    pub status: String,
    /// The call flow its calls run in place of their campaign's.
    pub call_flow_id: Option<i64>,
}

/// How a campaign orders its eligible buyers.
pub use domain::RoutingStrategy as Strategy;

/// What to do with a caller who called the campaign inside its window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateAction {
    RouteUnpaid,
    Reject,
}

/// A campaign compiled for routing.
#[derive(Clone, Debug)]
pub struct CampaignConfig {
    pub id: CampaignId,
    /// `id` as the counters name it.
    pub key: crate::counters::CampaignKey,
    pub account: AccountId,
    pub name: String,
    pub kind: domain::CampaignKind,
    pub status: domain::CampaignStatus,
    pub strategy: Strategy,
    pub caps: Caps,
    pub time_zone: TimeZone,
    pub time_zone_name: String,
    /// 0 turns duplicate detection off.
    pub duplicate_window_secs: u64,
    pub duplicate_action: DuplicateAction,
    pub min_duration_secs: i64,
    pub call_timeout_secs: u32,
    pub fallback_number: Option<String>,
    pub fallback_message: Option<String>,
    pub recording_enabled: bool,
    /// The call flow its calls run before routing.
    pub call_flow_id: Option<i64>,
    /// Assigned buyers by priority (10 first), then buyer id: the stable
    /// base order every strategy starts from.
    pub buyers: Vec<CampaignBuyerConfig>,
    /// Set when a setting could not be understood (the campaign then
    /// routes with a safe default and the decision names the problem).
    pub problem: Option<String>,
}

/// One buyer's terms on one campaign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignBuyerConfig {
    pub buyer_id: BuyerId,
    pub priority: i64,
    pub weight: u64,
    pub caps: Caps,
    /// `active` or `paused`.
    pub status: String,
}

/// A buyer compiled for routing.
#[derive(Clone, Debug)]
pub struct BuyerConfig {
    pub id: BuyerId,
    pub account: AccountId,
    pub name: String,
    pub phone: String,
    pub backup_phone: Option<String>,
    pub status: domain::BuyerStatus,
    pub priority: i64,
    pub caps: Caps,
    pub time_zone: TimeZone,
    pub time_zone_name: String,
    pub schedule: Schedule,
    pub payout: Money,
    /// Why this buyer cannot take calls although configured (an unknown
    /// time zone or a schedule that does not parse): it is skipped rather
    /// than called at the wrong hours.
    pub problem: Option<String>,
}

/// Everything routing reads, immutable once built.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// Keyed by E.164 number.
    pub numbers: HashMap<String, NumberRoute>,
    pub campaigns: HashMap<CampaignId, CampaignConfig>,
    pub buyers: HashMap<BuyerId, BuyerConfig>,
}

impl Snapshot {
    /// Compile rows into a snapshot. Assignments to unknown campaigns are
    /// dropped; assignments to unknown (e.g. deleted) buyers are kept and
    /// reported as skipped by the engine.
    pub fn build(
        numbers: Vec<NumberRow>,
        campaigns: Vec<CampaignRow>,
        buyers: Vec<BuyerRow>,
        campaign_buyers: Vec<CampaignBuyerRow>,
    ) -> Snapshot {
        let numbers = numbers
            .into_iter()
            .map(|n| {
                let route = NumberRoute {
                    account: n.account,
                    number_id: n.id,
                    campaign_id: n.campaign_id,
                    pool_id: n.pool_id,
                    status: n.status,
                    call_flow_id: n.call_flow_id,
                };
                (n.phone_number.trim().to_string(), route)
            })
            .collect();
        let mut campaigns: HashMap<CampaignId, CampaignConfig> = campaigns
            .into_iter()
            .map(|c| (c.id.clone(), campaign(c)))
            .collect();
        for cb in campaign_buyers {
            if let Some(c) = campaigns.get_mut(&cb.campaign_id) {
                c.buyers.push(CampaignBuyerConfig {
                    buyer_id: cb.buyer_id,
                    priority: cb.priority,
                    weight: cb.weight.clamp(1, 100) as u64,
                    caps: cb.caps,
                    status: cb.status,
                });
            }
        }
        for c in campaigns.values_mut() {
            c.buyers.sort_by(|a, b| {
                b.priority
                    .cmp(&a.priority)
                    .then(a.buyer_id.cmp(&b.buyer_id))
            });
        }
        let buyers = buyers.into_iter().map(|b| (b.id, buyer(b))).collect();
        Snapshot {
            numbers,
            campaigns,
            buyers,
        }
    }
}

fn zone(name: &str, problems: &mut Vec<String>) -> TimeZone {
    parse_time_zone(name).unwrap_or_else(|reason| {
        problems.push(format!("time zone: {reason}"));
        TimeZone::UTC
    })
}

fn campaign(c: CampaignRow) -> CampaignConfig {
    let mut problems = Vec::new();
    let time_zone = zone(&c.time_zone, &mut problems);
    let strategy = match c.strategy.as_str() {
        "round_robin" => Strategy::RoundRobin,
        "weighted" => Strategy::Weighted,
        "priority" => Strategy::Priority,
        other => {
            problems.push(format!("unknown strategy {other:?}, using priority"));
            Strategy::Priority
        }
    };
    let duplicate_action = match c.duplicate_action.as_str() {
        "reject" => DuplicateAction::Reject,
        _ => DuplicateAction::RouteUnpaid,
    };
    let kind = domain::CampaignKind::parse(&c.kind).unwrap_or_else(|| {
        problems.push(format!(
            "unknown campaign type {:?}, routed as direct",
            c.kind
        ));
        domain::CampaignKind::Direct
    });
    // A status not understood takes no calls.
    let status = domain::CampaignStatus::parse(&c.status).unwrap_or_else(|| {
        problems.push(format!("unknown status {:?}, taking no calls", c.status));
        domain::CampaignStatus::Paused
    });
    CampaignConfig {
        key: crate::counters::CampaignKey::of(&c.id),
        id: c.id,
        account: c.account,
        name: c.name,
        kind,
        status,
        strategy,
        caps: c.caps,
        time_zone,
        time_zone_name: c.time_zone,
        duplicate_window_secs: c.duplicate_window_secs.max(0) as u64,
        duplicate_action,
        min_duration_secs: c.min_duration_secs,
        call_timeout_secs: c.call_timeout_secs.clamp(5, 600) as u32,
        fallback_number: c.fallback_number,
        fallback_message: c.fallback_message,
        recording_enabled: c.recording_enabled,
        call_flow_id: c.call_flow_id,
        buyers: Vec::new(),
        problem: (!problems.is_empty()).then(|| problems.join("; ")),
    }
}

fn buyer(b: BuyerRow) -> BuyerConfig {
    let mut problems = Vec::new();
    let time_zone = zone(&b.time_zone, &mut problems);
    let schedule = serde_json::from_str::<Schedule>(&b.schedule)
        .map_err(|e| e.to_string())
        .and_then(|s| s.validate().map(|()| s))
        .unwrap_or_else(|reason| {
            problems.push(format!("schedule: {reason}"));
            Schedule::default()
        });
    if b.phone.trim().is_empty() {
        problems.push("no phone number".into());
    }
    // A status not understood takes no calls.
    let status = domain::BuyerStatus::parse(&b.status).unwrap_or_else(|| {
        problems.push(format!("unknown status {:?}", b.status));
        domain::BuyerStatus::Paused
    });
    BuyerConfig {
        id: b.id,
        account: b.account,
        name: b.name,
        phone: b.phone,
        backup_phone: b.backup_phone.filter(|p| !p.trim().is_empty()),
        status,
        priority: b.priority,
        caps: b.caps,
        time_zone,
        time_zone_name: b.time_zone,
        schedule,
        payout: Money(b.payout_e4),
        problem: (!problems.is_empty()).then(|| problems.join("; ")),
    }
}
