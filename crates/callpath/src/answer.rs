//! The TwiML a live call is answered with: ring a destination (reporting
//! the leg's outcome to our dial webhook and its progress to our status
//! webhook), the campaign's fallback, or the same answer again for a call
//! already recorded. Pure functions of the decision, the snapshot and
//! our webhook addresses.

use routing::{Decision, Outcome, Snapshot};
use telephony::twiml;

use crate::record::CallState;

/// The apology played when we cannot route, whatever the reason.
pub const SORRY: &str =
    "We're sorry, we cannot take your call right now. Please try again later. Goodbye.";

/// The addresses of our webhooks that TwiML points the carrier at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Urls {
    /// The `<Dial action>` of a buyer's (or bidder's) leg.
    pub dial: String,
    /// The `<Dial action>` of the campaign's fallback number.
    pub fallback_dial: String,
    /// The status callback of a dialled leg.
    pub status: String,
    /// The flow webhook: each step of a call flow posts here.
    pub flow: String,
    /// The whisper of a flow's Dial node, played to whoever answers.
    pub whisper: String,
}

impl Urls {
    /// Our webhooks under `public_url` (the external base URL carriers
    /// call, without a trailing `/`).
    pub fn new(public_url: &str) -> Self {
        Self {
            dial: format!("{public_url}/api/webhooks/twilio/dial"),
            fallback_dial: format!("{public_url}/api/webhooks/twilio/dial?leg=fallback"),
            status: format!("{public_url}/api/webhooks/twilio/status"),
            flow: format!("{public_url}/api/webhooks/twilio/flow"),
            whisper: format!("{public_url}/api/webhooks/twilio/whisper"),
        }
    }

    /// TwiML that rings `number`, reporting the outcome to our dial webhook.
    pub fn dial(&self, number: &str, timeout: u32, record: bool) -> twiml::Response {
        let opts = twiml::DialBuyerOptions {
            timeout,
            record,
            action: Some(self.dial.clone()),
            status_callback: Some(self.status.clone()),
            ..Default::default()
        };
        twiml::dial_buyer(number, &opts)
    }

    /// The campaign's fallback when no buyer takes the call: its fallback
    /// number (its leg reported like any other), else its message (or
    /// ours) and hang up. A rejected call is refused as busy.
    pub fn fallback(&self, snapshot: &Snapshot, d: &Decision) -> twiml::Response {
        if matches!(d.outcome, Outcome::Rejected(_)) {
            return twiml::reject(twiml::RejectReason::Busy);
        }
        if let Some(number) = fallback_number(snapshot, d) {
            let opts = twiml::DialBuyerOptions {
                action: Some(self.fallback_dial.clone()),
                status_callback: Some(self.status.clone()),
                ..Default::default()
            };
            return twiml::dial_buyer(number, &opts);
        }
        let message = d
            .campaign_id
            .as_ref()
            .and_then(|id| snapshot.campaigns.get(id))
            .and_then(|c| c.fallback_message.as_deref())
            .unwrap_or(SORRY);
        twiml::say_and_hangup(message)
    }

    /// The same answer again for a call already recorded.
    pub fn replay(&self, snapshot: &Snapshot, stored: &CallState) -> twiml::Response {
        let decision: Option<Decision> = stored
            .decision
            .as_deref()
            .and_then(|j| routing::stored::decode(j).ok());
        match (
            stored.disposition.as_str(),
            stored.dialed_number.as_deref(),
            &decision,
        ) {
            ("routed", Some(number), Some(d)) if stored.ended_at.is_none() => {
                let record = recording(snapshot, d);
                let timeout = d.selected().map(|c| c.timeout_secs).unwrap_or(30);
                self.dial(number, timeout, record)
            }
            (_, _, Some(d)) => self.fallback(snapshot, d),
            _ => twiml::say_and_hangup(SORRY),
        }
    }
}

/// The fallback number of the decision's campaign, when a call that no
/// buyer takes is dialled to it (never for a rejected call).
pub fn fallback_number<'a>(snapshot: &'a Snapshot, d: &Decision) -> Option<&'a str> {
    if matches!(d.outcome, Outcome::Rejected(_)) {
        return None;
    }
    d.campaign_id
        .as_ref()
        .and_then(|id| snapshot.campaigns.get(id))
        .and_then(|c| c.fallback_number.as_deref())
}

/// Whether the decision's campaign records its calls.
pub fn recording(snapshot: &Snapshot, d: &Decision) -> bool {
    d.campaign_id
        .as_ref()
        .and_then(|id| snapshot.campaigns.get(id))
        .is_some_and(|c| c.recording_enabled)
}
