//! The "test call": which buyer a campaign would give a call to, and why,
//! without dialling and without changing any counter. Draft and paused
//! campaigns are simulated as if active, so a campaign can be checked
//! before it goes live.

use domain::{CallSid, CampaignId};
use std::collections::HashMap;

use jiff::Timestamp;

use crate::counters::{Counters, Limit, Scope, Window};
use crate::decision::{Decision, IncomingCall};
use crate::snapshot::{NumberRoute, Snapshot};

/// The number a simulated call is dialled to.
pub const SIMULATED_NUMBER: &str = "+10000000000";

/// Route `call` as campaign `campaign_id` would, reading live counts but
/// writing none. `None` when the snapshot has no such campaign.
pub fn simulate(
    snapshot: &Snapshot,
    counters: &dyn Counters,
    campaign_id: &CampaignId,
    call: &IncomingCall,
    now: Timestamp,
    seed: u64,
) -> Option<Decision> {
    let mut campaign = snapshot.campaigns.get(campaign_id)?.clone();
    campaign.status = domain::CampaignStatus::Active;
    let buyers = campaign
        .buyers
        .iter()
        .filter_map(|b| {
            snapshot
                .buyers
                .get(&b.buyer_id)
                .map(|c| (b.buyer_id, c.clone()))
        })
        .collect();
    let number = NumberRoute {
        account: campaign.account,
        number_id: domain::NumberId(0),
        campaign_id: Some(campaign_id.clone()),
        pool_id: None,
        status: "active".into(),
        call_flow_id: None,
    };
    let single = Snapshot {
        numbers: HashMap::from([(SIMULATED_NUMBER.to_string(), number)]),
        campaigns: HashMap::from([(campaign_id.clone(), campaign)]),
        buyers,
    };
    let call = IncomingCall {
        to: SIMULATED_NUMBER.into(),
        ..call.clone()
    };
    Some(crate::engine::route(
        &single,
        &ReadOnly(counters),
        &call,
        now,
        seed,
    ))
}

/// Live counts, no writes: acquiring always fails, cursors do not move
/// (the simulated call takes the turn the next live call would).
struct ReadOnly<'a>(&'a dyn Counters);

impl Counters for ReadOnly<'_> {
    fn counts(&self, limits: &[&Limit]) -> Vec<u64> {
        self.0.counts(limits)
    }

    fn count(&self, scope: &Scope, window: Window) -> u64 {
        self.0.count(scope, window)
    }

    fn try_acquire(&self, _lease: &CallSid, _limits: &[Limit], _now: Timestamp) -> bool {
        false
    }

    fn release(&self, _lease: &CallSid) -> bool {
        false
    }

    /// The turn live routing would take next (the cursor does not move).
    fn next_turn(&self, campaign_id: &CampaignId) -> u64 {
        self.0.peek_turn(campaign_id)
    }

    fn peek_turn(&self, campaign_id: &CampaignId) -> u64 {
        self.0.peek_turn(campaign_id)
    }

    fn last_call(&self, campaign_id: &CampaignId, caller: &str) -> Option<Timestamp> {
        self.0.last_call(campaign_id, caller)
    }

    fn note_call(
        &self,
        _campaign_id: &CampaignId,
        _caller: &str,
        _now: Timestamp,
        _window_secs: u64,
    ) -> bool {
        true
    }

    fn restore(&self, _state: crate::restore::Restored) {}
}
