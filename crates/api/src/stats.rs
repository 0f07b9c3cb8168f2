//! Dashboard statistics (`/api/stats/*`): today's cards here, figures over
//! a range of days in [`history`].

mod history;

use axum::Json;
use axum::extract::State;
use domain::Money;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorEnvelope};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(dashboard))
        .routes(routes!(history::historical))
}

/// The dashboard's stat cards and recent calls.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DashboardOut {
    /// Campaigns whose status is `active`.
    pub active_campaigns: i64,
    /// Calls since midnight today in the user's time zone.
    pub total_calls: i64,
    /// Percentage (0-100) of today's calls that completed.
    pub success_rate: f64,
    /// Today's revenue, a decimal string.
    #[schema(example = "125.50")]
    pub total_revenue: String,
    /// The latest calls, newest first (at most 10).
    pub recent_calls: Vec<RecentCallOut>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecentCallOut {
    pub id: i64,
    pub from_number: String,
    pub to_number: String,
    #[schema(value_type = domain::CallStatus)]
    pub status: String,
    /// Seconds.
    pub duration: i64,
    #[schema(example = "15.50")]
    pub revenue: String,
    /// RFC 3339 UTC timestamp.
    pub created_at: String,
}

/// Figures for the dashboard's cards, for the signed-in account.
#[utoipa::path(get, path = "/api/stats/dashboard", tag = "stats",
    responses(
        (status = 200, body = DashboardOut),
        (status = 401, body = ErrorEnvelope),
    ))]
async fn dashboard(
    State(app): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<DashboardOut>> {
    let time_zone = crate::auth::time_zone(&app, &user).await?;
    let since = start_of_today_ms(&time_zone);
    let counts = app.store.dashboard_counts(user.account, since).await?;
    let recent = app.store.recent_calls(user.account, 10).await?;
    let success_rate = percent(counts.completed_calls, counts.calls);
    Ok(Json(DashboardOut {
        active_campaigns: counts.active_campaigns,
        total_calls: counts.calls,
        success_rate,
        total_revenue: Money(counts.revenue_e4).to_decimal_string(2),
        recent_calls: recent
            .into_iter()
            .map(|c| RecentCallOut {
                id: c.id,
                from_number: c.from_number,
                to_number: c.to_number,
                status: c.status,
                duration: c.duration,
                revenue: Money(c.revenue_e4).to_decimal_string(2),
                created_at: rfc3339(c.created_at),
            })
            .collect(),
    }))
}

pub(crate) use domain::report::percent;

/// Midnight today in `time_zone` (UTC when the zone is unknown), as epoch ms.
pub(crate) fn start_of_today_ms(time_zone: &str) -> i64 {
    let tz = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::now()
        .to_zoned(tz)
        .start_of_day()
        .map(|z| z.timestamp().as_millisecond())
        .unwrap_or(0)
}

/// Epoch milliseconds as an RFC 3339 UTC timestamp.
pub(crate) fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_starts_at_local_midnight() {
        let utc = start_of_today_ms("UTC");
        assert_eq!(utc % 86_400_000, 0);
        let ny = start_of_today_ms("America/New_York");
        let offset_h = (ny - utc).rem_euclid(86_400_000) / 3_600_000;
        assert!(
            offset_h == 4 || offset_h == 5,
            "New York midnight is 04:00 or 05:00 UTC, got {offset_h}"
        );
        assert_eq!(start_of_today_ms("Not/AZone"), utc);
    }

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(rfc3339(1_754_310_645_000), "2025-08-04T12:30:45Z");
    }
}
