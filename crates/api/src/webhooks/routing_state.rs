//! The routing snapshot the webhooks answer from, and the live counters.
//! The snapshot is rebuilt from the database after every configuration
//! change made through this node's API, and every 30 s to pick up changes
//! made through other nodes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use routing::{Counters, MemoryCounters, Snapshot};
use store::Store;

/// Snapshot + counters, shared by every webhook.
pub struct RoutingState {
    snapshot: RwLock<Arc<Snapshot>>,
    pub counters: Arc<dyn Counters>,
    rebuild: tokio::sync::Mutex<()>,
    /// Recent voice-webhook answers of this node (retries, races).
    pub answers: super::answers::Answers,
    writer: Mutex<Option<Arc<super::writer::CallWriter>>>,
    /// Live RTB campaigns with their compiled bidders, by campaign id.
    auctions: RwLock<Arc<HashMap<String, Arc<super::auction::RtbCampaign>>>>,
    /// When this node last raised each system alert.
    pub alerts: super::alerts::Alerts,
}

impl Default for RoutingState {
    fn default() -> Self {
        Self {
            snapshot: RwLock::new(Arc::new(Snapshot::default())),
            counters: Arc::new(MemoryCounters::new()),
            rebuild: tokio::sync::Mutex::new(()),
            answers: Default::default(),
            writer: Mutex::new(None),
            auctions: RwLock::new(Arc::new(HashMap::new())),
            alerts: Default::default(),
        }
    }
}

impl RoutingState {
    /// The current snapshot (a cheap `Arc` clone; never blocks on the database).
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .map(|s| s.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    /// The auction settings of an RTB campaign, when it has bidders.
    pub fn auction(&self, campaign_id: &str) -> Option<Arc<super::auction::RtbCampaign>> {
        let map = self
            .auctions
            .read()
            .map(|m| m.clone())
            .unwrap_or_else(|p| p.into_inner().clone());
        map.get(campaign_id)
            .filter(|c| !c.targets.is_empty())
            .cloned()
    }

    /// The group-commit writer of voice-webhook calls, started on first
    /// use (and again should its runtime have gone).
    pub fn writer(&self, store: &Store) -> Arc<super::writer::CallWriter> {
        let mut w = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        match &*w {
            Some(writer) if writer.is_alive() => writer.clone(),
            _ => {
                let fresh = Arc::new(super::writer::CallWriter::spawn(store.clone()));
                *w = Some(fresh.clone());
                fresh
            }
        }
    }

    /// Rebuild the snapshot from the database and swap it in. Concurrent
    /// calls queue, so the last one always reads the latest configuration.
    pub async fn refresh(&self, store: &Store) -> Result<(), store::StoreError> {
        let _one_at_a_time = self.rebuild.lock().await;
        let fresh = Arc::new(store.load_routing_snapshot().await?);
        let auctions = Arc::new(super::auction::compile(store.load_rtb_snapshot().await?));
        match self.snapshot.write() {
            Ok(mut s) => *s = fresh,
            Err(p) => *p.into_inner() = fresh,
        }
        match self.auctions.write() {
            Ok(mut a) => *a = auctions,
            Err(p) => *p.into_inner() = auctions,
        }
        Ok(())
    }

    /// Rebuild the live counters from the stored calls (on start, after
    /// the first snapshot and before the first webhook): calls still open
    /// that started within `max_call` hold their slots again, the hour,
    /// day and month counts, recent callers and round-robin cursors are
    /// as they were before the restart. Returns how many open calls hold
    /// slots again.
    pub async fn restore_counters(
        &self,
        store: &Store,
        max_call: Duration,
    ) -> Result<usize, store::StoreError> {
        let now = jiff::Timestamp::now();
        let snapshot = self.snapshot();
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
        self.counters.restore(restored);
        Ok(held)
    }

    /// Refresh every `every` in the background (other nodes' changes).
    pub fn spawn_periodic_refresh(self: &Arc<Self>, store: Store, every: Duration) {
        let me = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                if let Err(e) = me.refresh(&store).await {
                    tracing::warn!(error = %e, "could not refresh the routing snapshot");
                }
            }
        });
    }
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
                app.routing.counters.release(&sid);
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
