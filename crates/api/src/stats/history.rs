//! `GET /api/stats/historical?days=N`: figures over the last N days in the
//! user's time zone, every day present (zeros included), and the top
//! campaigns by revenue.
//!
//! Days are folded from epoch-time buckets, DST-correct: see
//! [`domain::report::DayRange`].

use axum::Json;
use axum::extract::State;
use domain::Money;
use domain::report::DayRange;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use store::call_reports::CallBucket;
use utoipa::{IntoParams, ToSchema};

use super::percent;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::ApiQuery;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoricalQuery {
    /// Days ending today (1-366, default 30).
    pub days: Option<i64>,
}

/// Figures over a range of days.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HistoricalOut {
    /// Campaigns whose status is `active` now.
    pub active_campaigns: i64,
    /// Calls in the range.
    pub total_calls: i64,
    /// Percentage (0-100, one decimal) of those calls that completed.
    pub success_rate: f64,
    #[schema(example = "125.50")]
    pub total_revenue: String,
    /// Mean duration in seconds of the completed calls, rounded.
    pub average_duration: i64,
    /// Every day of the range, oldest first.
    pub calls_by_day: Vec<DayOut>,
    /// Up to 5 campaigns with the most revenue in the range.
    pub top_campaigns: Vec<TopCampaignOut>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DayOut {
    /// The day in your time zone.
    #[schema(example = "2026-11-25")]
    pub date: String,
    pub calls: i64,
    #[schema(example = "125.50")]
    pub revenue: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TopCampaignOut {
    pub campaign_id: String,
    pub name: String,
    pub calls: i64,
    #[schema(example = "125.50")]
    pub revenue: String,
}

/// Calls, success rate, revenue and duration per day over the last `days`
/// days (today included) in the user's time zone.
#[utoipa::path(get, path = "/api/stats/historical", tag = "stats", params(HistoricalQuery),
    responses(
        (status = 200, body = HistoricalOut),
        (status = 400, body = ErrorEnvelope, description = "days is not an integer"),
        (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "days is out of range"),
    ))]
pub(super) async fn historical(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<HistoricalQuery>,
) -> ApiResult<Json<HistoricalOut>> {
    let days = q.days.unwrap_or(30);
    if !(1..=366).contains(&days) {
        return Err(ApiError::validation("days", "must be between 1 and 366"));
    }
    let time_zone = crate::auth::time_zone(&app, &user).await?;
    let tz = TimeZone::get(&time_zone).unwrap_or(TimeZone::UTC);
    let today = jiff::Timestamp::now().to_zoned(tz.clone()).date();
    let Some((range, (start, end))) =
        DayRange::ending(&tz, today, days).and_then(|r| r.span().map(|s| (r, s)))
    else {
        return Err(ApiError::internal("day range out of bounds"));
    };
    // Independent aggregates: run side by side.
    let (buckets, top, active_campaigns) = tokio::try_join!(
        app.store
            .call_buckets(user.account, start, end, range.bucket_ms),
        app.store.top_campaigns(user.account, start, end, 5),
        app.store.active_campaign_count(user.account),
    )?;

    let per_day = fold(&range, &buckets);
    let total = per_day.iter().fold(Totals::default(), |a, d| a.add(d));
    Ok(Json(HistoricalOut {
        active_campaigns,
        total_calls: total.calls,
        success_rate: percent(total.completed, total.calls),
        total_revenue: Money(total.revenue_e4).to_decimal_string(2),
        average_duration: if total.completed == 0 {
            0
        } else {
            (total.completed_duration as f64 / total.completed as f64).round() as i64
        },
        calls_by_day: range
            .dates
            .iter()
            .zip(&per_day)
            .map(|(date, d)| DayOut {
                date: date.to_string(),
                calls: d.calls,
                revenue: Money(d.revenue_e4).to_decimal_string(2),
            })
            .collect(),
        top_campaigns: top
            .into_iter()
            .map(|c| TopCampaignOut {
                campaign_id: c.campaign_id,
                name: c.name,
                calls: c.calls,
                revenue: Money(c.revenue_e4).to_decimal_string(2),
            })
            .collect(),
    }))
}

/// Sums of one day (or of the range).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Totals {
    calls: i64,
    completed: i64,
    revenue_e4: i64,
    completed_duration: i64,
}

impl Totals {
    fn add(self, o: &Totals) -> Totals {
        Totals {
            calls: self.calls + o.calls,
            completed: self.completed + o.completed,
            revenue_e4: self.revenue_e4 + o.revenue_e4,
            completed_duration: self.completed_duration + o.completed_duration,
        }
    }
}

/// Add each bucket to the day it starts in; every day gets an entry.
fn fold(range: &DayRange, buckets: &[CallBucket]) -> Vec<Totals> {
    let mut days = vec![Totals::default(); range.dates.len()];
    for b in buckets {
        if let Some(day) = range.day_of(b.bucket).and_then(|i| days.get_mut(i)) {
            *day = day.add(&Totals {
                calls: b.calls,
                completed: b.completed,
                revenue_e4: b.revenue_e4,
                completed_duration: b.completed_duration,
            });
        }
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_fold_into_local_days_with_zeros_kept() {
        let tz = TimeZone::get("America/New_York").unwrap();
        let r = DayRange::ending(&tz, "2026-11-02".parse().unwrap(), 3).unwrap();
        let bucket = |ms: i64, calls| CallBucket {
            bucket: ms / r.bucket_ms,
            calls,
            completed: calls,
            revenue_e4: calls * 10_000,
            completed_duration: 60 * calls,
        };
        // 2026-11-02 04:30Z is 23:30 EST on Nov 1 (the 25-hour day), not Nov 2.
        let late_nov_1 = 1_793_593_800_000;
        let per_day = fold(&r, &[bucket(r.starts[0], 2), bucket(late_nov_1, 3)]);
        let calls: Vec<i64> = per_day.iter().map(|d| d.calls).collect();
        assert_eq!(calls, [2, 3, 0]);
    }
}
