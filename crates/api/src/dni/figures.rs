//! What DNI did over a period: how many numbers a tag's visitors held at
//! once against its pool (with the pool size that would have covered the
//! 95th percentile), and calls, conversions, revenue and cost by traffic
//! source and medium.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiPath, ApiQuery};
use crate::rtb::auctions::{RangeQuery, bound};
use crate::stats::rfc3339;

const DAY_MS: i64 = 86_400_000;
/// Slices of the usage chart.
const BUCKETS: usize = 96;
/// How long a number rests after a lease (as the track endpoint).
const COOLDOWN_MS: i64 = 5 * 60_000;

/// The period of a request, in the account's time zone: `[from, to)`,
/// by default the last `default_days`, at most 92 days.
async fn period(
    app: &AppState,
    user: &CurrentUser,
    q: &RangeQuery,
    default_days: i64,
) -> ApiResult<(i64, i64)> {
    let time_zone = app.store.user(user.account).await?.time_zone;
    let to = bound(q.to.as_deref(), &time_zone, true, "to")?.unwrap_or_else(domain::now_ms);
    let from =
        bound(q.from.as_deref(), &time_zone, false, "from")?.unwrap_or(to - default_days * DAY_MS);
    if from >= to {
        return Err(ApiError::validation("from", "must be before to"));
    }
    if to - from > 92 * DAY_MS {
        return Err(ApiError::validation(
            "from",
            "the period may be at most 92 days",
        ));
    }
    Ok((from, to))
}

/// Numbers held at once over a period.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UsageOut {
    pub from: String,
    pub to: String,
    /// Each slice's start and the most numbers held at once in it
    /// (a number cooling down after its lease counts as held).
    pub buckets: Vec<UsageBucketOut>,
    /// Active numbers in the pool now.
    pub pool_size: i64,
    /// The 95th percentile of numbers held at once, sampled each minute.
    pub p95: u32,
    /// The pool size that covers it, with a fifth more and at least two
    /// spare.
    pub recommended_pool_size: u32,
    /// Visitors who found every number taken, all time.
    pub exhausted_count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UsageBucketOut {
    pub at: String,
    pub peak: u32,
}

/// How many of a tag's pool numbers were held at once (default: the last
/// 7 days), with a recommended pool size.
#[utoipa::path(get, path = "/api/dni/tags/{id}/usage", tag = "dni",
    params(("id" = i64, Path, description = "Tag id"), RangeQuery),
    responses((status = 200, body = UsageOut), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn tag_usage(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<RangeQuery>,
) -> ApiResult<Json<UsageOut>> {
    let tag = app.store.tag(user.account, id).await?;
    let (from, to) = period(&app, &user, &q, 7).await?;
    let holds: Vec<(i64, i64)> = app
        .store
        .tag_holds(user.account, id, from - COOLDOWN_MS, to)
        .await?
        .into_iter()
        .map(|(start, end)| (start, end + COOLDOWN_MS))
        .collect();
    let (peaks, p95) = domain::dni::concurrency(&holds, from, to, BUCKETS);
    let width = (to - from) / BUCKETS as i64;
    let figures = app
        .store
        .tag_figures(user.account, &tag, domain::now_ms() / DAY_MS * DAY_MS)
        .await?;
    Ok(Json(UsageOut {
        from: rfc3339(from),
        to: rfc3339(to),
        buckets: peaks
            .into_iter()
            .enumerate()
            .map(|(i, peak)| UsageBucketOut {
                at: rfc3339(from + i as i64 * width),
                peak,
            })
            .collect(),
        pool_size: figures.pool_size,
        p95,
        recommended_pool_size: domain::dni::recommended_pool_size(p95),
        exhausted_count: tag.exhausted_count,
    }))
}

/// Which tag the source report covers.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct SourcesQuery {
    /// One tag (default: all of the account's).
    pub tag_id: Option<i64>,
}

/// One traffic source and medium over a period.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SourceOut {
    /// `utm_source` (null: none).
    pub source: Option<String>,
    pub medium: Option<String>,
    /// Sessions that began in the period.
    pub sessions: i64,
    /// Calls that came in during the period credited to such sessions.
    pub calls: i64,
    pub conversions: i64,
    /// Conversions per call, in percent (one decimal).
    pub conversion_rate: f64,
    #[schema(example = "1250.00")]
    pub revenue: String,
    pub cost: String,
    /// Cost per call (null without calls).
    pub cost_per_call: Option<String>,
}

/// Sessions, calls, conversions, revenue and cost by traffic source and
/// medium (default: the last 30 days), the most calls first.
#[utoipa::path(get, path = "/api/dni/sources", tag = "dni",
    params(RangeQuery, SourcesQuery),
    responses((status = 200, body = Vec<SourceOut>), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn sources(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<RangeQuery>,
    ApiQuery(s): ApiQuery<SourcesQuery>,
) -> ApiResult<Json<Vec<SourceOut>>> {
    if let Some(tag) = s.tag_id {
        app.store.tag(user.account, tag).await?;
    }
    let (from, to) = period(&app, &user, &q, 30).await?;
    let rows = app
        .store
        .dni_sources(user.account, s.tag_id, from, to)
        .await?;
    let money = |e4: i64| domain::Money(e4).to_decimal_string(2);
    let none = |s: String| (!s.is_empty()).then_some(s);
    let mut out: Vec<SourceOut> = rows
        .into_iter()
        .map(|((source, medium), f)| SourceOut {
            source: none(source),
            medium: none(medium),
            sessions: f.sessions,
            calls: f.calls,
            conversions: f.conversions,
            conversion_rate: crate::phone_numbers::percent(f.conversions, f.calls),
            revenue: money(f.revenue_e4),
            cost: money(f.cost_e4),
            cost_per_call: (f.calls > 0).then(|| money(f.cost_e4 / f.calls)),
        })
        .collect();
    out.sort_by(|a, b| b.calls.cmp(&a.calls).then(b.sessions.cmp(&a.sessions)));
    Ok(Json(out))
}
