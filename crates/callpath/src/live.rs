//! The live state every webhook answers from: the routing snapshot and
//! the auction-ready RTB campaigns (immutable, swapped whole after every
//! configuration change), the live counters, this node's recent answers,
//! and its alert limiter.

use domain::CampaignId;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use routing::{Counters, MemoryCounters, Snapshot};

use crate::alerts::Alerts;
use crate::answers::Answers;
use crate::auction::RtbCampaign;
use crate::flow::LiveFlow;

/// Snapshot + counters, shared by every webhook.
pub struct LiveState {
    snapshot: RwLock<Arc<Snapshot>>,
    /// Live RTB campaigns with their compiled bidders, by campaign id.
    auctions: RwLock<Arc<HashMap<CampaignId, Arc<RtbCampaign>>>>,
    /// Published call flows that live campaigns run, by flow id.
    flows: RwLock<Arc<HashMap<i64, LiveFlow>>>,
    pub counters: Arc<dyn Counters>,
    /// Recent voice-webhook answers of this node (retries, races).
    pub answers: Answers,
    /// When this node last raised each system alert.
    pub alerts: Alerts,
}

impl Default for LiveState {
    fn default() -> Self {
        Self::with_counters(Arc::new(MemoryCounters::new()))
    }
}

impl LiveState {
    /// Live state over `counters` (in process, or shared by several nodes).
    pub fn with_counters(counters: Arc<dyn Counters>) -> Self {
        Self {
            snapshot: RwLock::new(Arc::new(Snapshot::default())),
            auctions: RwLock::new(Arc::new(HashMap::new())),
            flows: RwLock::new(Arc::new(HashMap::new())),
            counters,
            answers: Answers::default(),
            alerts: Alerts::default(),
        }
    }

    /// The current snapshot (a cheap `Arc` clone; never blocks on I/O).
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .map(|s| s.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    /// The auction settings of an RTB campaign, when it has bidders.
    pub fn auction(&self, campaign_id: &str) -> Option<Arc<RtbCampaign>> {
        let map = self
            .auctions
            .read()
            .map(|m| m.clone())
            .unwrap_or_else(|p| p.into_inner().clone());
        map.get(campaign_id)
            .filter(|c| !c.targets.is_empty())
            .cloned()
    }

    /// Every RTB campaign's auction settings (those without bidders too).
    pub fn auction_settings(&self, campaign_id: &CampaignId) -> Option<Arc<RtbCampaign>> {
        let map = self
            .auctions
            .read()
            .map(|m| m.clone())
            .unwrap_or_else(|p| p.into_inner().clone());
        map.get(campaign_id).cloned()
    }

    /// The published version of call flow `id`, when a live campaign runs it.
    pub fn flow(&self, id: i64) -> Option<LiveFlow> {
        let map = self
            .flows
            .read()
            .map(|m| m.clone())
            .unwrap_or_else(|p| p.into_inner().clone());
        map.get(&id).cloned()
    }

    /// Swap in the call flows live campaigns run.
    pub fn swap_flows(&self, flows: HashMap<i64, LiveFlow>) {
        let flows = Arc::new(flows);
        match self.flows.write() {
            Ok(mut f) => *f = flows,
            Err(p) => *p.into_inner() = flows,
        }
    }

    /// Swap in a new configuration: what the next call routes by.
    pub fn swap(&self, snapshot: Snapshot, auctions: HashMap<CampaignId, Arc<RtbCampaign>>) {
        let (snapshot, auctions) = (Arc::new(snapshot), Arc::new(auctions));
        match self.snapshot.write() {
            Ok(mut s) => *s = snapshot,
            Err(p) => *p.into_inner() = snapshot,
        }
        match self.auctions.write() {
            Ok(mut a) => *a = auctions,
            Err(p) => *p.into_inner() = auctions,
        }
    }
}
