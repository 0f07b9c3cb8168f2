//! Campaign input: one shape for create and update (absent = keep, `null`
//! = clear), applied onto stored settings and validated as a whole.

use domain::campaign::{self as rules, one_of};
use domain::validate;
use domain::{E164, Money};
use serde::Deserialize;
use serde_json::Value;
use store::campaigns::CampaignFields;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::shapes::double_option;

/// Campaign settings to create or change. On create `name` and `type` are
/// required; on update every field is optional and `null` clears a
/// nullable one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CampaignIn {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    #[serde(rename = "type")]
    #[schema(value_type = Option<domain::CampaignKind>)]
    pub kind: Option<String>,
    /// Alias of `type`, as in the spec's examples.
    #[schema(value_type = Option<domain::CampaignKind>)]
    pub routing_type: Option<String>,
    #[schema(value_type = Option<domain::CampaignStatus>)]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub pool_id: Option<Option<i64>>,
    /// round_robin | priority
    pub pool_strategy: Option<String>,
    #[schema(value_type = Option<domain::RoutingStrategy>)]
    pub call_routing_strategy: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub max_concurrent_calls: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub hourly_cap: Option<Option<i64>>,
    /// Daily cap.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub call_cap: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub monthly_cap: Option<Option<i64>>,
    /// Seconds each buyer rings, 5-120.
    pub call_timeout: Option<i64>,
    pub time_zone: Option<String>,
    pub duplicate_caller_window_secs: Option<i64>,
    /// route_unpaid | reject
    pub duplicate_caller_action: Option<String>,
    /// A call converts when answered and at least this long.
    pub min_duration_secs: Option<i64>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub fallback_number: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub fallback_message: Option<Option<String>>,
    pub recording_enabled: Option<bool>,
    pub transcription_enabled: Option<bool>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub webhook_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub tracking_pixel_url: Option<Option<String>>,
    pub rtb: Option<RtbIn>,
    /// The call flow (IVR) the campaign's calls run before routing, by
    /// its published version; `null` for none.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub call_flow_id: Option<Option<i64>>,
}

/// Auction settings (used by RTB campaigns).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RtbIn {
    /// Overall auction deadline, 100-10000 ms.
    pub auction_timeout_ms: Option<i64>,
    /// Floor bid, a decimal string or number.
    #[schema(value_type = Option<String>, example = "5.00")]
    pub min_bid: Option<Value>,
    /// ISO 4217 code.
    pub currency: Option<String>,
    #[schema(value_type = Option<domain::RtbFallback>)]
    pub fallback: Option<String>,
}

fn invalid(field: &str) -> impl Fn(String) -> ApiError + '_ {
    move |reason| ApiError::validation(field, reason)
}

/// An amount given as `"5.00"` or `5`.
pub fn money_value(value: &Value) -> Result<Money, String> {
    match value {
        Value::String(s) => Money::parse(s),
        Value::Number(n) => Money::parse(&n.to_string()),
        _ => Err("must be an amount such as \"5.00\"".into()),
    }
}

/// The name of each setting in the API, for `changes`.
const NAMES: &[&str] = &[
    "name",
    "description",
    "type",
    "status",
    "poolId",
    "poolStrategy",
    "callRoutingStrategy",
    "maxConcurrentCalls",
    "hourlyCap",
    "callCap",
    "monthlyCap",
    "callTimeout",
    "timeZone",
    "duplicateCallerWindowSecs",
    "duplicateCallerAction",
    "minDurationSecs",
    "fallbackNumber",
    "fallbackMessage",
    "recordingEnabled",
    "transcriptionEnabled",
    "webhookUrl",
    "trackingPixelUrl",
    "rtb.auctionTimeoutMs",
    "rtb.minBid",
    "rtb.currency",
    "rtb.fallback",
    "callFlowId",
];

/// The API names of the settings that differ between `a` and `b`.
pub fn changes(a: &CampaignFields, b: &CampaignFields) -> Vec<String> {
    let differs = [
        a.name != b.name,
        a.description != b.description,
        a.r#type != b.r#type,
        a.status != b.status,
        a.pool_id != b.pool_id,
        a.pool_strategy != b.pool_strategy,
        a.call_routing_strategy != b.call_routing_strategy,
        a.max_concurrent_calls != b.max_concurrent_calls,
        a.hourly_cap != b.hourly_cap,
        a.call_cap != b.call_cap,
        a.monthly_cap != b.monthly_cap,
        a.call_timeout != b.call_timeout,
        a.time_zone != b.time_zone,
        a.duplicate_caller_window_secs != b.duplicate_caller_window_secs,
        a.duplicate_caller_action != b.duplicate_caller_action,
        a.min_duration_secs != b.min_duration_secs,
        a.fallback_number != b.fallback_number,
        a.fallback_message != b.fallback_message,
        a.recording_enabled != b.recording_enabled,
        a.transcription_enabled != b.transcription_enabled,
        a.webhook_url != b.webhook_url,
        a.tracking_pixel_url != b.tracking_pixel_url,
        a.rtb_auction_timeout_ms != b.rtb_auction_timeout_ms,
        a.rtb_min_bid_e4 != b.rtb_min_bid_e4,
        a.rtb_currency != b.rtb_currency,
        a.rtb_fallback != b.rtb_fallback,
        a.call_flow_id != b.call_flow_id,
    ];
    NAMES
        .iter()
        .zip(differs)
        .filter(|(_, d)| *d)
        .map(|(n, _)| n.to_string())
        .collect()
}

impl CampaignIn {
    /// Settings for a new campaign; `name` and `type` are required.
    pub fn into_new(self) -> Result<CampaignFields, ApiError> {
        let kind = self
            .kind
            .clone()
            .or_else(|| self.routing_type.clone())
            .ok_or_else(|| ApiError::validation("type", "is required (direct, pool or rtb)"))?;
        let name = self
            .name
            .clone()
            .ok_or_else(|| ApiError::validation("name", "is required"))?;
        let mut fields = CampaignFields::new(&name, &kind);
        self.apply(&mut fields)?;
        Ok(fields)
    }

    /// Apply the given settings onto `f`, then validate every setting.
    pub fn apply(self, f: &mut CampaignFields) -> Result<(), ApiError> {
        if let (Some(k), Some(r)) = (&self.kind, &self.routing_type)
            && k != r
        {
            return Err(ApiError::validation(
                "routingType",
                "must match type when both are given",
            ));
        }
        if let Some(v) = self.name {
            f.name = validate::text(&v, 255, true).map_err(invalid("name"))?;
        }
        if let Some(v) = self.description {
            f.description =
                validate::optional_text(v.as_deref(), 2000).map_err(invalid("description"))?;
        }
        if let Some(v) = self.kind.or(self.routing_type) {
            f.r#type = one_of(&v, rules::TYPES).map_err(invalid("type"))?;
        }
        if let Some(v) = self.status {
            f.status = one_of(&v, rules::STATUSES).map_err(invalid("status"))?;
        }
        if let Some(v) = self.pool_id {
            f.pool_id = v;
        }
        if let Some(v) = self.pool_strategy {
            f.pool_strategy =
                one_of(&v, rules::POOL_STRATEGIES).map_err(invalid("poolStrategy"))?;
        }
        if let Some(v) = self.call_routing_strategy {
            f.call_routing_strategy =
                one_of(&v, rules::ROUTING_STRATEGIES).map_err(invalid("callRoutingStrategy"))?;
        }
        if let Some(v) = self.max_concurrent_calls {
            f.max_concurrent_calls = v;
        }
        if let Some(v) = self.hourly_cap {
            f.hourly_cap = v;
        }
        if let Some(v) = self.call_cap {
            f.call_cap = v;
        }
        if let Some(v) = self.monthly_cap {
            f.monthly_cap = v;
        }
        validate::caps(
            f.max_concurrent_calls,
            f.hourly_cap,
            f.call_cap,
            f.monthly_cap,
        )
        .map_err(|(field, reason)| {
            ApiError::validation(
                if field == "dailyCap" {
                    "callCap"
                } else {
                    field
                },
                reason,
            )
        })?;
        if let Some(v) = self.call_timeout {
            f.call_timeout = validate::in_range(v, 5..=120).map_err(invalid("callTimeout"))?;
        }
        if let Some(v) = self.time_zone {
            domain::schedule::parse_time_zone(&v).map_err(invalid("timeZone"))?;
            f.time_zone = v;
        }
        if let Some(v) = self.duplicate_caller_window_secs {
            f.duplicate_caller_window_secs = validate::in_range(v, 0..=30 * 86_400)
                .map_err(invalid("duplicateCallerWindowSecs"))?;
        }
        if let Some(v) = self.duplicate_caller_action {
            f.duplicate_caller_action =
                one_of(&v, rules::DUPLICATE_ACTIONS).map_err(invalid("duplicateCallerAction"))?;
        }
        if let Some(v) = self.min_duration_secs {
            f.min_duration_secs =
                validate::in_range(v, 0..=3600).map_err(invalid("minDurationSecs"))?;
        }
        if let Some(v) = self.fallback_number {
            f.fallback_number = match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => None,
                Some(n) => Some(
                    E164::parse(n, "US")
                        .map_err(invalid("fallbackNumber"))?
                        .into_string(),
                ),
            };
        }
        if let Some(v) = self.fallback_message {
            f.fallback_message =
                validate::optional_text(v.as_deref(), 500).map_err(invalid("fallbackMessage"))?;
        }
        if let Some(v) = self.recording_enabled {
            f.recording_enabled = v;
        }
        if let Some(v) = self.transcription_enabled {
            f.transcription_enabled = v;
        }
        if let Some(v) = self.webhook_url {
            f.webhook_url = optional_url(v, "webhookUrl")?;
        }
        if let Some(v) = self.tracking_pixel_url {
            f.tracking_pixel_url = optional_url(v, "trackingPixelUrl")?;
        }
        if let Some(rtb) = self.rtb {
            apply_rtb(rtb, f)?;
        }
        if let Some(v) = self.call_flow_id {
            f.call_flow_id = v;
        }
        Ok(())
    }
}

fn optional_url(value: Option<String>, field: &str) -> Result<Option<String>, ApiError> {
    match value.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(u) => validate::http_url(u).map(Some).map_err(invalid(field)),
    }
}

fn apply_rtb(rtb: RtbIn, f: &mut CampaignFields) -> Result<(), ApiError> {
    if let Some(v) = rtb.auction_timeout_ms {
        f.rtb_auction_timeout_ms =
            validate::in_range(v, 100..=10_000).map_err(invalid("rtb.auctionTimeoutMs"))?;
    }
    if let Some(v) = rtb.min_bid {
        f.rtb_min_bid_e4 = money_value(&v).map_err(invalid("rtb.minBid"))?.0;
    }
    if let Some(v) = rtb.currency {
        let ok = v.len() == 3 && v.bytes().all(|b| b.is_ascii_uppercase());
        if !ok {
            return Err(ApiError::validation(
                "rtb.currency",
                "must be a 3-letter ISO 4217 code such as USD",
            ));
        }
        f.rtb_currency = v;
    }
    if let Some(v) = rtb.fallback {
        f.rtb_fallback = one_of(&v, rules::RTB_FALLBACKS).map_err(invalid("rtb.fallback"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(json: &str) -> CampaignIn {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn create_requires_name_and_type_and_accepts_routing_type() {
        assert!(input(r#"{"name":"x"}"#).into_new().is_err());
        let f = input(r#"{"name":"Health","routingType":"pool"}"#)
            .into_new()
            .unwrap();
        assert_eq!((f.r#type.as_str(), f.status.as_str()), ("pool", "draft"));
    }

    #[test]
    fn every_bad_value_names_its_field() {
        let cases = [
            (r#"{"name":"x","type":"fax"}"#, "type"),
            (r#"{"name":" ","type":"direct"}"#, "name"),
            (r#"{"name":"x","type":"direct","callCap":0}"#, "callCap"),
            (
                r#"{"name":"x","type":"direct","hourlyCap":50,"callCap":10}"#,
                "hourlyCap",
            ),
            (
                r#"{"name":"x","type":"direct","callCap":100,"monthlyCap":10}"#,
                "callCap",
            ),
            (
                r#"{"name":"x","type":"direct","timeZone":"Mars/Olympus"}"#,
                "timeZone",
            ),
            (
                r#"{"name":"x","type":"direct","webhookUrl":"ftp://x"}"#,
                "webhookUrl",
            ),
            (
                r#"{"name":"x","type":"direct","fallbackNumber":"12ab"}"#,
                "fallbackNumber",
            ),
            (
                r#"{"name":"x","type":"direct","rtb":{"minBid":"-1"}}"#,
                "rtb.minBid",
            ),
            (
                r#"{"name":"x","type":"direct","callTimeout":500}"#,
                "callTimeout",
            ),
            (
                r#"{"name":"x","type":"direct","routingType":"pool"}"#,
                "routingType",
            ),
        ];
        for (json, field) in cases {
            let err = input(json).into_new().unwrap_err();
            assert_eq!(err.details.as_ref().unwrap()["field"], field, "{json}");
        }
    }

    #[test]
    fn changes_name_only_what_differs_and_null_clears() {
        let mut f = input(r#"{"name":"x","type":"direct","webhookUrl":"https://a.example/h"}"#)
            .into_new()
            .unwrap();
        let before = f.clone();
        input(r#"{"name":"x","status":"paused","webhookUrl":null,"rtb":{"minBid":2.5}}"#)
            .apply(&mut f)
            .unwrap();
        assert_eq!(changes(&before, &f), ["status", "webhookUrl", "rtb.minBid"]);
        assert_eq!(f.webhook_url, None);
        assert_eq!(f.rtb_min_bid_e4, 2_5000);
    }
}
