//! Reports: what a user may ask for (dimensions, metrics, a range of days,
//! filters, a chart), the sums a report adds up, and when a scheduled report
//! is next due. Pure: the store counts, the API shapes the answer.

mod days;
mod schedule;
mod sums;

pub use days::{DayRange, Range};
pub use schedule::{Frequency, ReportSchedule};
pub use sums::{MetricValue, Sums, percent};

use serde::{Deserialize, Serialize};

/// What a report groups by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum Dimension {
    Campaign,
    Buyer,
    Day,
    /// Hour of the day (0-23) in the user's time zone.
    Hour,
    /// The caller's state.
    State,
    Status,
    /// The RTB target whose bid won the call.
    RtbTarget,
    /// The call's `utm_source`.
    Source,
    /// The call's `utm_medium`.
    Medium,
    /// The call's `utm_campaign` (the ad campaign, not ours).
    UtmCampaign,
    /// The call's `utm_term`.
    Term,
    /// The call's `utm_content`.
    Content,
    /// The value of one tracked URL parameter (named by the spec's
    /// `parameter`).
    Parameter,
}

impl Dimension {
    pub const ALL: [Dimension; 13] = [
        Dimension::Campaign,
        Dimension::Buyer,
        Dimension::Day,
        Dimension::Hour,
        Dimension::State,
        Dimension::Status,
        Dimension::RtbTarget,
        Dimension::Source,
        Dimension::Medium,
        Dimension::UtmCampaign,
        Dimension::Term,
        Dimension::Content,
        Dimension::Parameter,
    ];

    /// The name used in the API and in exported headers.
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Campaign => "campaign",
            Dimension::Buyer => "buyer",
            Dimension::Day => "day",
            Dimension::Hour => "hour",
            Dimension::State => "state",
            Dimension::Status => "status",
            Dimension::RtbTarget => "rtbTarget",
            Dimension::Source => "source",
            Dimension::Medium => "medium",
            Dimension::UtmCampaign => "utmCampaign",
            Dimension::Term => "term",
            Dimension::Content => "content",
            Dimension::Parameter => "parameter",
        }
    }

    /// A heading for people.
    pub fn title(self) -> &'static str {
        match self {
            Dimension::Campaign => "Campaign",
            Dimension::Buyer => "Buyer",
            Dimension::Day => "Day",
            Dimension::Hour => "Hour",
            Dimension::State => "State",
            Dimension::Status => "Status",
            Dimension::RtbTarget => "RTB target",
            Dimension::Source => "Source",
            Dimension::Medium => "Medium",
            Dimension::UtmCampaign => "Ad campaign",
            Dimension::Term => "Term",
            Dimension::Content => "Content",
            Dimension::Parameter => "URL parameter",
        }
    }

    /// Day and hour rows come in time order (every one present); the
    /// others are ranked by the first metric.
    pub fn is_time(self) -> bool {
        matches!(self, Dimension::Day | Dimension::Hour)
    }
}

/// What a report adds up per row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum Metric {
    Calls,
    /// Answered: completed or in progress.
    Connected,
    Converted,
    /// Converted calls as a percentage of all calls.
    ConversionRate,
    Revenue,
    Payout,
    Cost,
    Profit,
    /// Mean duration (seconds) of connected calls.
    AverageDuration,
    /// Revenue per call.
    Rpc,
}

impl Metric {
    pub const ALL: [Metric; 10] = [
        Metric::Calls,
        Metric::Connected,
        Metric::Converted,
        Metric::ConversionRate,
        Metric::Revenue,
        Metric::Payout,
        Metric::Cost,
        Metric::Profit,
        Metric::AverageDuration,
        Metric::Rpc,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Metric::Calls => "calls",
            Metric::Connected => "connected",
            Metric::Converted => "converted",
            Metric::ConversionRate => "conversionRate",
            Metric::Revenue => "revenue",
            Metric::Payout => "payout",
            Metric::Cost => "cost",
            Metric::Profit => "profit",
            Metric::AverageDuration => "averageDuration",
            Metric::Rpc => "rpc",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Metric::Calls => "Calls",
            Metric::Connected => "Connected",
            Metric::Converted => "Converted",
            Metric::ConversionRate => "Conversion rate (%)",
            Metric::Revenue => "Revenue",
            Metric::Payout => "Payout",
            Metric::Cost => "Cost",
            Metric::Profit => "Profit",
            Metric::AverageDuration => "Avg. duration (s)",
            Metric::Rpc => "Revenue per call",
        }
    }
}

/// How a report is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum ChartType {
    #[default]
    Bar,
    Line,
    Pie,
    Table,
}

/// At most this many dimensions per report.
pub const MAX_DIMENSIONS: usize = 2;
/// At most this many rows per report (the rest is reported as truncated).
pub const MAX_ROWS: usize = 1000;

/// Check a report's dimensions and metrics: a `(field, reason)` for the
/// first problem.
pub fn check_shape(
    dimensions: &[Dimension],
    metrics: &[Metric],
) -> Result<(), (&'static str, String)> {
    if dimensions.len() > MAX_DIMENSIONS {
        return Err(("dimensions", format!("at most {MAX_DIMENSIONS} dimensions")));
    }
    if dimensions.len() == 2 && dimensions[0] == dimensions[1] {
        return Err(("dimensions", "must be two different dimensions".into()));
    }
    if metrics.is_empty() {
        return Err(("metrics", "choose at least one metric".into()));
    }
    let mut seen = Vec::new();
    for m in metrics {
        if seen.contains(m) {
            return Err(("metrics", format!("{} is listed twice", m.name())));
        }
        seen.push(*m);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_checked() {
        use Dimension::*;
        assert!(check_shape(&[], &[Metric::Calls]).is_ok());
        assert!(check_shape(&[Campaign, Day], &[Metric::Calls, Metric::Revenue]).is_ok());
        assert_eq!(
            check_shape(&[Campaign, Day, Hour], &[Metric::Calls])
                .unwrap_err()
                .0,
            "dimensions"
        );
        assert_eq!(
            check_shape(&[Day, Day], &[Metric::Calls]).unwrap_err().0,
            "dimensions"
        );
        assert_eq!(check_shape(&[Day], &[]).unwrap_err().0, "metrics");
        assert_eq!(
            check_shape(&[], &[Metric::Rpc, Metric::Rpc]).unwrap_err().0,
            "metrics"
        );
    }

    #[test]
    fn names_round_trip_through_json() {
        for d in Dimension::ALL {
            let json = serde_json::to_string(&d).unwrap();
            assert_eq!(json, format!("\"{}\"", d.name()));
        }
        for m in Metric::ALL {
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, format!("\"{}\"", m.name()));
        }
    }
}
