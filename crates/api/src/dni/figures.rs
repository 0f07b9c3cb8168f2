//! What DNI did over a period: how many numbers a tag's visitors held at
//! once against its pool (with the pool size that would have covered the
//! 95th percentile), and calls, conversions, revenue and cost by traffic
//! source and medium.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use domain::dni::AttributionModel;
use serde::{Deserialize, Serialize};
use store::dni::CallTouch;
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
    let time_zone = crate::auth::time_zone(app, user).await?;
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

/// Which tag the source report covers, and how calls are credited.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct SourcesQuery {
    /// One tag (default: all of the account's).
    pub tag_id: Option<i64>,
    /// How a call is credited across its visitor's sessions: `tag` (each
    /// tag's own model, the default), `first_touch`, `last_touch`,
    /// `linear` or `time_decay`.
    #[param(value_type = Option<String>, example = "linear")]
    pub model: Option<String>,
    /// Half-life of `time_decay` in days, 1-365 (default: each tag's).
    pub half_life_days: Option<u32>,
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
    /// Calls that came in during the period credited to such sessions:
    /// under a multi-touch model a call's credit is shared among its
    /// visitor's sessions, so this may have decimals (two at most).
    pub calls: f64,
    pub conversions: f64,
    /// Conversions per call, in percent (one decimal).
    pub conversion_rate: f64,
    /// Revenue and cost shared as the calls are; the rows add up to the
    /// calls' totals to the cent.
    #[schema(example = "1250.00")]
    pub revenue: String,
    pub cost: String,
    /// Cost per call (null without calls).
    pub cost_per_call: Option<String>,
}

/// Figures of one source and medium as they add up.
#[derive(Default)]
struct Credited {
    sessions: i64,
    calls: f64,
    conversions: f64,
    revenue_e4: i64,
    cost_e4: i64,
}

/// The model a report asks for: `None` for each tag's own.
fn model_of(q: &SourcesQuery) -> ApiResult<Option<AttributionModel>> {
    if let Some(h) = q.half_life_days
        && !(1..=365).contains(&h)
    {
        return Err(ApiError::validation("halfLifeDays", "must be 1-365 days"));
    }
    match q.model.as_deref().map(str::trim) {
        None | Some("") | Some("tag") => Ok(None),
        Some(m) => serde_json::from_value(serde_json::Value::String(m.to_string()))
            .map(Some)
            .map_err(|_| {
                ApiError::validation(
                    "model",
                    "must be tag, first_touch, last_touch, linear or time_decay",
                )
            }),
    }
}

/// Sessions, calls, conversions, revenue and cost by traffic source and
/// medium (default: the last 30 days), the most calls first. Calls are
/// credited under each tag's attribution model, or the one asked for.
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
    let model = model_of(&s)?;
    if let Some(tag) = s.tag_id {
        app.store.tag(user.account, tag).await?;
    }
    let (from, to) = period(&app, &user, &q, 30).await?;
    let mut rows: BTreeMap<(String, String), Credited> = BTreeMap::new();
    for (source, medium, n) in app
        .store
        .dni_source_sessions(user.account, s.tag_id, from, to)
        .await?
    {
        rows.entry((source, medium)).or_default().sessions = n;
    }
    let touches = app
        .store
        .dni_call_touches(user.account, s.tag_id, from, to)
        .await?;
    for call in touches.chunk_by(|a, b| a.call_id == b.call_id) {
        credit_call(call, model, s.half_life_days, &mut rows);
    }
    let money = |e4: i64| domain::Money(e4).to_decimal_string(2);
    let none = |s: String| (!s.is_empty()).then_some(s);
    let two = |x: f64| (x * 100.0).round() / 100.0;
    let mut out: Vec<SourceOut> = rows
        .into_iter()
        .map(|((source, medium), f)| SourceOut {
            source: none(source),
            medium: none(medium),
            sessions: f.sessions,
            calls: two(f.calls),
            conversions: two(f.conversions),
            conversion_rate: if f.calls > 0.0 {
                (f.conversions / f.calls * 1000.0).round() / 10.0
            } else {
                0.0
            },
            revenue: money(f.revenue_e4),
            cost: money(f.cost_e4),
            cost_per_call: (f.calls > 0.0)
                .then(|| money((f.cost_e4 as f64 / f.calls).round() as i64)),
        })
        .collect();
    out.sort_by(|a, b| {
        b.calls
            .total_cmp(&a.calls)
            .then(b.sessions.cmp(&a.sessions))
    });
    Ok(Json(out))
}

/// Share one call (its touches, oldest first) among its sessions' sources.
fn credit_call(
    call: &[CallTouch],
    model: Option<AttributionModel>,
    half_life_days: Option<u32>,
    rows: &mut BTreeMap<(String, String), Credited>,
) {
    let Some(first) = call.first() else {
        return;
    };
    let settings = super::stored_settings(&first.settings);
    let sessions: Vec<(i64, i64)> = call.iter().map(|t| (t.session, t.first_visit)).collect();
    let credits = domain::dni::credits(
        model.unwrap_or(settings.attribution_model),
        half_life_days.unwrap_or(settings.half_life_days),
        &sessions,
        first.credited,
        first.call_at,
        first.window_days * DAY_MS,
    );
    let shares: Vec<f64> = credits.iter().map(|(_, share)| *share).collect();
    let revenue = domain::dni::split_e4(first.revenue_e4, &shares);
    let cost = domain::dni::split_e4(first.cost_e4, &shares);
    for (i, (session, share)) in credits.iter().enumerate() {
        let key = call
            .iter()
            .find(|t| t.session == *session)
            .map(|t| (t.source.clone(), t.medium.clone()))
            .unwrap_or_default();
        let f = rows.entry(key).or_default();
        f.calls += share;
        if first.converted {
            f.conversions += share;
        }
        f.revenue_e4 += revenue[i];
        f.cost_e4 += cost[i];
    }
}
