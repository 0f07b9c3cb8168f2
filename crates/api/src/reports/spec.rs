//! The report spec as the API reads it, checked into a [`Plan`]: the
//! days it covers in the user's time zone and the call filter it counts.

use domain::report::{ChartType, DayRange, Dimension, Metric, Range, check_shape};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use store::call_reports::CallFilter;
use utoipa::ToSchema;

use crate::calls::CallQuery;
use crate::error::{ApiError, ApiResult};

/// What a report shows: dimensions, metrics, a range of days, filters and
/// a chart.
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportSpec {
    /// 0 to 2 dimensions.
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
    /// 1 or more metrics.
    pub metrics: Vec<Metric>,
    #[serde(default)]
    pub range: Range,
    /// First day of a custom range (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day of a custom range (YYYY-MM-DD, included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, deserialize_with = "crate::extract::object")]
    pub filters: ReportFilters,
    #[serde(default)]
    pub chart_type: ChartType,
    /// The tracked URL parameter the `parameter` dimension groups by
    /// (required with it; its name in any case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
}

/// Optional filters, meaning what they mean in the call list.
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportFilters {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rtb_target_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medium: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_campaign: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_term: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_content: Option<String>,
    /// A tracked URL parameter's value, `name:value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
}

/// A checked spec, ready to count.
#[derive(Clone, Debug)]
pub struct Plan {
    pub spec: ReportSpec,
    pub days: DayRange,
    pub filter: CallFilter,
}

fn date(field: &str, v: &Option<String>) -> ApiResult<Option<Date>> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<Date>()
                .map_err(|_| ApiError::validation(field, "must be a date (YYYY-MM-DD)"))
        })
        .transpose()
}

impl ReportSpec {
    /// Check the spec and resolve its range against today in `time_zone`.
    pub fn plan(self, time_zone: &str) -> ApiResult<Plan> {
        check_shape(&self.dimensions, &self.metrics)
            .map_err(|(field, reason)| ApiError::validation(field, reason))?;
        let tz = TimeZone::get(time_zone).unwrap_or(TimeZone::UTC);
        let today = jiff::Timestamp::now().to_zoned(tz.clone()).date();
        let (first, last) = self
            .range
            .days(today, date("from", &self.from)?, date("to", &self.to)?)
            .map_err(|(field, reason)| ApiError::validation(field, reason))?;
        let days = DayRange::between(&tz, first, last)
            .ok_or_else(|| ApiError::validation("range", "is out of bounds"))?;
        let f = &self.filters;
        let query = CallQuery {
            campaign_id: f.campaign_id.clone(),
            buyer_id: f.buyer_id.map(|b| b.to_string()),
            status: f.status.clone(),
            caller_state: f.caller_state.clone(),
            rtb_target_id: f.rtb_target_id.map(|t| t.to_string()),
            source: f.source.clone(),
            medium: f.medium.clone(),
            utm_campaign: f.utm_campaign.clone(),
            utm_term: f.utm_term.clone(),
            utm_content: f.utm_content.clone(),
            param: f.param.clone(),
            ..CallQuery::default()
        };
        let mut filter =
            crate::calls::filter(query, time_zone).map_err(|e| e.prefix_field("filters."))?;
        let (start, end) = days
            .span()
            .ok_or_else(|| ApiError::validation("range", "is out of bounds"))?;
        filter.from_ms = Some(start);
        filter.to_ms = Some(end);
        let parameter = self
            .parameter
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty());
        match (self.dimensions.contains(&Dimension::Parameter), parameter) {
            (true, None) => {
                return Err(ApiError::validation(
                    "parameter",
                    "name the URL parameter to group by",
                ));
            }
            (_, Some(p)) => {
                let p = domain::validate::text(p, 100, true)
                    .map_err(|r| ApiError::validation("parameter", r))?;
                filter.group_parameter = Some(p);
            }
            (false, None) => {}
        }
        Ok(Plan {
            spec: self,
            days,
            filter,
        })
    }
}
