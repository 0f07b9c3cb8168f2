//! `GET /api/call-flows/{id}/analytics`: what the flow's calls did in a
//! range (per node, per edge, per path, per split test), computed from
//! the path each call keeps ([`flows::analytics`]).

use axum::Json;
use axum::extract::State;
use flows::Graph;
use flows::analytics::{FlowAnalytics, FlowCall};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::{ApiPath, ApiQuery};
use crate::rtb::auctions::{RangeQuery, bound};

/// Calls analysed at most (the newest in the range).
const MAX_CALLS: i64 = 100_000;
const DAY_MS: i64 = 86_400_000;

/// The flow's analytics over `from`..`to` (default: the last 7 days),
/// on the graph of its published version (the draft's before any).
#[utoipa::path(get, path = "/api/call-flows/{id}/analytics", tag = "call-flows",
    params(("id" = i64, Path, description = "Call flow id"), RangeQuery),
    responses(
        (status = 200, body = FlowAnalytics),
        (status = 404, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "An invalid range"),
    ))]
pub async fn flow_analytics(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<RangeQuery>,
) -> ApiResult<Json<FlowAnalytics>> {
    let row = app.store.call_flow(user.account, id).await?;
    let time_zone = crate::auth::time_zone(&app, &user).await?;
    let to_ms = bound(q.to.as_deref(), &time_zone, true, "to")?.unwrap_or_else(domain::now_ms);
    let from_ms =
        bound(q.from.as_deref(), &time_zone, false, "from")?.unwrap_or(to_ms - 7 * DAY_MS);
    let graph_text = match row.published_version {
        Some(v) => {
            app.store
                .call_flow_version(user.account, id, v)
                .await?
                .graph
        }
        None => row.draft.clone(),
    };
    let graph: Graph = serde_json::from_str(&graph_text).unwrap_or_default();
    if from_ms >= to_ms {
        return Ok(Json(flows::analytics::analyse(&graph, &[])));
    }
    let rows = app
        .store
        .flow_calls(user.account, id, from_ms, to_ms, MAX_CALLS)
        .await?;
    let calls: Vec<FlowCall> = rows
        .into_iter()
        .filter_map(|(run, converted, revenue_e4, ended)| {
            let stored = callpath::flow::StoredFlow::parse(&run)?;
            Some(FlowCall {
                run: stored.run,
                converted,
                revenue_e4,
                ended,
            })
        })
        .collect();
    Ok(Json(flows::analytics::analyse(&graph, &calls)))
}
