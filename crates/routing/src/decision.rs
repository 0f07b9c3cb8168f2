//! What the engine decides for one call, and the acquire step that turns
//! the ordered candidates into one buyer holding the call. The decision
//! (trace included) serialises to JSON and is stored with the call.

use domain::Money;
use domain::{AccountId, BuyerId, CallSid, CampaignId, NumberId};
use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::counters::{Counters, Limit};
use crate::snapshot::{DuplicateAction, Snapshot};

/// The inbound call as the carrier describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomingCall {
    /// The carrier's id of the inbound leg; also the lease of its slots.
    pub call_sid: CallSid,
    /// The dialled number, E.164.
    pub to: String,
    /// The caller, as sent (E.164 when known; may be `anonymous`).
    pub from: String,
    pub caller_state: Option<String>,
    pub caller_city: Option<String>,
    pub caller_zip: Option<String>,
}

/// How the call ends up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", content = "reason", rename_all = "snake_case")]
pub enum Outcome {
    /// `candidates` holds at least one buyer to try, in order.
    Routed,
    /// Nothing to dial: play the campaign's fallback if there is a campaign,
    /// else hang up.
    NoRoute(String),
    /// Refuse the call (duplicate caller with action `reject`).
    Rejected(String),
}

/// What became of one buyer in the trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceResult {
    /// Passed every check; listed in `candidates`.
    Eligible,
    /// Acquired: this buyer got the call.
    Selected,
    /// Not dialled; `reason` says why.
    Skipped,
}

/// One buyer considered for the call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceEntry {
    pub buyer_id: BuyerId,
    pub buyer_name: String,
    pub result: TraceResult,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<String>,
}

/// A buyer to dial, with what acquiring it counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub buyer_id: BuyerId,
    pub buyer_name: String,
    pub number: String,
    pub backup_number: Option<String>,
    #[serde(serialize_with = "to_decimal", deserialize_with = "from_decimal")]
    pub payout: Money,
    /// The campaign-buyer and buyer counters, every window: with the
    /// decision's `campaign_limits`, what [`Counters::try_acquire`] checks
    /// and increments for this buyer. Not stored:
    /// [`Decision::failover`] renews them from the snapshot.
    #[serde(skip)]
    pub limits: Vec<Limit>,
    pub timeout_secs: u32,
}

fn to_decimal<S: Serializer>(m: &Money, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&m.to_decimal_string(4))
}

fn from_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
    let text = String::deserialize(d)?;
    Money::parse(&text).map_err(serde::de::Error::custom)
}

/// The engine's answer for one call. It round-trips through JSON, so a
/// webhook on another node can restore it for a failover.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub call_sid: CallSid,
    pub caller: String,
    /// The number's account (`None` for a number nobody owns here).
    pub account: Option<AccountId>,
    pub number_id: Option<NumberId>,
    pub campaign_id: Option<CampaignId>,
    pub outcome: Outcome,
    /// The caller called this campaign inside its duplicate window.
    pub duplicate: bool,
    /// Whether the call may earn a payout (not a duplicate).
    pub paid: bool,
    /// Buyers to try, best first.
    pub candidates: Vec<Candidate>,
    /// Every buyer considered: eligible ones in candidate order, then the
    /// skipped ones with their reasons.
    pub trace: Vec<TraceEntry>,
    /// Remarks that did not stop routing: configuration problems, a
    /// duplicate routed unpaid.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub notes: Vec<String>,
    /// The campaign's duplicate rule, applied again when acquiring.
    pub duplicate_window_secs: u64,
    pub duplicate_action: Option<DuplicateAction>,
    /// The caller has been noted for duplicate detection (first acquire).
    #[serde(default)]
    pub caller_noted: bool,
    /// The round-robin turn this call took (round-robin campaigns): the
    /// cursor resumes after the last stored one on a restart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turn: Option<u64>,
    /// The campaign's counters, every window, shared by every candidate.
    /// Not stored, like [`Candidate::limits`].
    #[serde(skip)]
    pub campaign_limits: Vec<Limit>,
}

impl Decision {
    pub(crate) fn new(call: &IncomingCall) -> Decision {
        Decision {
            call_sid: call.call_sid.clone(),
            caller: call.from.trim().to_string(),
            account: None,
            number_id: None,
            campaign_id: None,
            outcome: Outcome::NoRoute(String::new()),
            duplicate: false,
            paid: false,
            candidates: Vec::new(),
            trace: Vec::new(),
            notes: Vec::new(),
            duplicate_window_secs: 0,
            duplicate_action: None,
            caller_noted: false,
            turn: None,
            campaign_limits: Vec::new(),
        }
    }

    /// The trace as stored with the call (JSON array).
    pub fn trace_json(&self) -> String {
        serde_json::to_string(&self.trace).unwrap_or_else(|_| "[]".into())
    }

    /// The buyer that holds the call, once [`Decision::acquire`] succeeded.
    pub fn selected(&self) -> Option<&Candidate> {
        let id = self
            .trace
            .iter()
            .find(|t| t.result == TraceResult::Selected)?
            .buyer_id;
        self.candidates.iter().find(|c| c.buyer_id == id)
    }

    /// Try the candidates not tried yet, in order, with
    /// [`Counters::try_acquire`] under the call's SID; the first that fits
    /// every cap gets the call (marked `selected` in the trace), the ones
    /// that filled up since routing are marked skipped. Then the caller is
    /// noted for duplicate detection; if a simultaneous call from the same
    /// caller was noted first, this call becomes a duplicate too (unpaid,
    /// or released and rejected under action `reject`).
    ///
    /// Returns `None` (and sets a `NoRoute` or `Rejected` outcome) when no
    /// candidate can take the call. Does nothing while a buyer is selected.
    pub fn acquire(&mut self, counters: &dyn Counters, now: Timestamp) -> Option<&Candidate> {
        if self.outcome != Outcome::Routed || self.selected().is_some() {
            return None;
        }
        let (mut chosen, mut tried) = (None, false);
        for (i, candidate) in self.candidates.iter().enumerate() {
            let Some(entry) = self
                .trace
                .iter_mut()
                .find(|t| t.buyer_id == candidate.buyer_id && t.result == TraceResult::Eligible)
            else {
                continue;
            };
            tried = true;
            if candidate.limits.is_empty() || self.campaign_limits.is_empty() {
                // Restored from JSON without renewing: never route uncounted.
                entry.result = TraceResult::Skipped;
                entry.reason = Some("caps unknown (decision not renewed)".into());
                continue;
            }
            let parts = [&self.campaign_limits[..], &candidate.limits[..]];
            if counters.try_acquire_parts(&self.call_sid, &parts, now) {
                entry.result = TraceResult::Selected;
                chosen = Some(i);
                break;
            }
            entry.result = TraceResult::Skipped;
            entry.reason = Some("reached a cap while acquiring".into());
        }
        let Some(i) = chosen else {
            let reason = if tried {
                "no buyer had capacity when acquiring"
            } else {
                "every buyer was tried"
            };
            self.outcome = Outcome::NoRoute(reason.into());
            return None;
        };
        let first = !std::mem::replace(&mut self.caller_noted, true);
        if first
            && self.duplicate_window_secs > 0
            && !self.duplicate
            && let Some(campaign_id) = self.campaign_id.as_ref()
            && crate::engine::identifiable(&self.caller)
            && !counters.note_call(campaign_id, &self.caller, now, self.duplicate_window_secs)
        {
            self.duplicate = true;
            self.paid = false;
            if self.duplicate_action == Some(DuplicateAction::Reject) {
                let reason = "duplicate caller (a simultaneous call was first)";
                self.end_selected(counters, reason);
                self.outcome = Outcome::Rejected(reason.into());
                return None;
            }
        }
        self.candidates.get(i)
    }

    /// Make a decision restored from its stored form ready to
    /// [`Decision::acquire`] (a call that waited in its call flow before
    /// routing): the caps configured now, counted in the windows of `now`;
    /// candidates no longer available (removed, paused, outside their
    /// schedule now) are skipped with the reason.
    pub fn renew(&mut self, snapshot: &Snapshot, now: Timestamp) {
        crate::engine::renew_limits(self, snapshot, now);
    }

    /// The selected buyer did not take the call (`reason`: "no answer",
    /// "busy", …): release its slots, mark it skipped, and acquire the
    /// next candidate still available in `snapshot`, under the caps
    /// configured now and counted in the windows of `now`. Its hourly,
    /// daily and monthly counts stay: caps count calls sent to a buyer,
    /// answered or not.
    pub fn failover(
        &mut self,
        snapshot: &Snapshot,
        counters: &dyn Counters,
        reason: &str,
        now: Timestamp,
    ) -> Option<&Candidate> {
        self.end_selected(counters, reason);
        crate::engine::renew_limits(self, snapshot, now);
        // The call counted for the campaign's hour, day and month when it
        // was first given to a buyer: only its slot in flight is taken
        // again (the release above gave it back).
        self.campaign_limits
            .retain(|l| l.window == crate::counters::Window::Concurrent);
        self.acquire(counters, now)
    }

    fn end_selected(&mut self, counters: &dyn Counters, reason: &str) {
        counters.release(&self.call_sid);
        for entry in &mut self.trace {
            if entry.result == TraceResult::Selected {
                entry.result = TraceResult::Skipped;
                entry.reason = Some(reason.to_string());
            }
        }
    }
}
