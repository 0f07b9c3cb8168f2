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

/// Configuration paths whose writes change routing.
const CONFIG_PATHS: &[&str] = &[
    "/api/campaigns",
    "/api/buyers",
    "/api/phone-numbers",
    "/api/pools",
];

/// Middleware: after a successful write to routing configuration, rebuild
/// the snapshot before answering, so the next call routes by it.
pub async fn refresh_after_change(
    axum::extract::State(app): axum::extract::State<crate::AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::Method;
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && CONFIG_PATHS.iter().any(|p| req.uri().path().starts_with(p));
    let response = next.run(req).await;
    if writes
        && response.status().is_success()
        && let Err(e) = app.refresh_routing().await
    {
        tracing::warn!(error = %e, "could not refresh the routing snapshot after a change");
    }
    response
}
