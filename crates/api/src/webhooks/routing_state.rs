//! The glue between the store and the live call path's state: the
//! routing snapshot and auctions loaded from the database (on start, after
//! every configuration change made through this node's API, and every
//! 30 s for changes made through other nodes), the live counters rebuilt
//! from the stored calls on start, and the sweeper of calls whose final
//! status never came.

use std::time::Duration;

use callpath::LiveState;
use store::Store;

/// Load the configuration from the database and swap it in. Concurrent
/// refreshes queue, so the last one always reads the latest.
pub async fn refresh(live: &LiveState, store: &Store) -> Result<(), store::StoreError> {
    static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _one = ONE_AT_A_TIME.lock().await;
    let snapshot = store.load_routing_snapshot().await?;
    let auctions = store.load_auctions().await?;
    let flows = store
        .live_call_flows()
        .await?
        .into_iter()
        .filter_map(|(flow_id, version, graph)| match serde_json::from_str(&graph) {
            Ok(graph) => Some((
                flow_id,
                callpath::flow::LiveFlow {
                    flow_id,
                    version,
                    graph: std::sync::Arc::new(graph),
                },
            )),
            Err(e) => {
                tracing::error!(flow_id, version, error = %e, "a published call flow does not read");
                None
            }
        })
        .collect();
    live.swap(snapshot, auctions);
    live.swap_flows(flows);
    Ok(())
}

/// Rebuild the live counters from the stored calls (on start, after the
/// first snapshot and before the first webhook): calls still open that
/// started within `max_call` hold their slots again; the hour, day and
/// month counts, recent callers and round-robin cursors are as they were
/// before the restart. Returns how many open calls hold slots again.
pub async fn restore_counters(
    live: &LiveState,
    store: &Store,
    max_call: Duration,
) -> Result<usize, store::StoreError> {
    let now = jiff::Timestamp::now();
    let snapshot = live.snapshot();
    let since = routing::restore::counts_since_ms(now);
    let open_since = now.as_millisecond() - max_call.as_millis() as i64;
    let open = store.open_routed_calls(open_since).await?;
    let slices = store.routed_call_slices(since).await?;
    let longest = snapshot
        .campaigns
        .values()
        .map(|c| c.duplicate_window_secs)
        .max()
        .unwrap_or(0);
    let callers = if longest > 0 {
        store
            .recent_callers(now.as_millisecond() - longest as i64 * 1000)
            .await?
    } else {
        Vec::new()
    };
    let mut turns = Vec::new();
    for c in snapshot
        .campaigns
        .values()
        .filter(|c| c.strategy == routing::Strategy::RoundRobin)
    {
        let last = store
            .latest_decisions(&c.id, 20)
            .await?
            .iter()
            .filter_map(|d| routing::stored::decode(d).ok()?.turn)
            .next();
        if let Some(turn) = last {
            turns.push((c.id.clone(), turn.wrapping_add(1)));
        }
    }
    let restored = routing::restore::rebuild(&snapshot, now, &open, &slices, &callers, turns);
    let held = restored.leases.len();
    live.counters.restore(restored);
    Ok(held)
}

/// Refresh every `every` in the background (other nodes' changes).
pub fn spawn_periodic_refresh(app: crate::AppState, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = app.refresh_routing().await {
                tracing::warn!(error = %e, "could not refresh the routing snapshot");
            }
        }
    });
}

/// Close calls that never got a final status within `max_call` and free
/// their concurrency slots (a lost callback must not block a buyer forever).
pub fn spawn_stale_call_sweeper(app: crate::AppState, max_call: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            let before = domain::now_ms() - max_call.as_millis() as i64;
            let stale = match app.store.stale_open_calls(before).await {
                Ok(s) => s,
                Err(e) => {
                    tracing::warn!(error = %e, "could not look for stale calls");
                    continue;
                }
            };
            for sid in stale {
                if let Err(e) = app.store.close_stale_call(&sid).await {
                    tracing::warn!(error = %e, call_sid = %sid, "could not close a stale call");
                    continue;
                }
                app.live().counters.release(&sid);
                tracing::info!(call_sid = %sid, "closed a call with no final status; its slot is free");
            }
        }
    });
}

/// Middleware: when a request wrote routing configuration (the store's
/// configuration version moved while it ran: every repository method that
/// writes campaigns, buyers, numbers, pools, RTB targets or their
/// assignments moves it), rebuild the snapshot before answering, so that
/// the next call routes by the change. Driven by the writes themselves,
/// whatever the route that made them.
pub async fn refresh_after_change(
    axum::extract::State(app): axum::extract::State<crate::AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let before = app.store.config_version();
    let response = next.run(req).await;
    if app.store.config_version() != before
        && let Err(e) = app.refresh_routing().await
    {
        tracing::warn!(error = %e, "could not refresh the routing snapshot after a change");
    }
    response
}
