//! Outbound events: what happened in an account, told to the systems its
//! owner connects: webhook endpoints, pixels, and connectors that speak a
//! CRM's, an analytics property's or an ad platform's own API.
//!
//! Events are written to an outbox in the transaction of the change that
//! causes them (database triggers, so the call path's group commit writes
//! them with its calls); a dispatcher turns each into one message per
//! subscribed endpoint, and workers deliver the messages with retries.
//! This crate is the pure part and the HTTP client: the event types,
//! [Standard Webhooks](https://www.standardwebhooks.com/) signatures, the
//! retry schedule, what an answer means, and one delivery attempt.
#![forbid(unsafe_code)]

pub mod connectors;
mod deliver;
pub mod pixel;
mod schedule;
mod sign;

pub use deliver::{Attempt, DeliveryClient, Request, TIMEOUT};
pub use schedule::{FAIL_AFTER, MAX_ATTEMPTS, Verdict, judge, retry_delay_ms};
pub use sign::{SecretError, Signer, new_secret};

/// Every event type an endpoint may subscribe to, with what it means.
pub const EVENT_TYPES: &[(&str, &str)] = &[
    ("call.incoming", "A call came in to a tracking number"),
    (
        "call.routed",
        "A call was sent to a buyer or a winning bidder",
    ),
    ("call.answered", "The buyer's side answered"),
    ("call.completed", "A call ended normally"),
    (
        "call.failed",
        "A call ended without completing (busy, no answer, failed, no route)",
    ),
    (
        "call.converted",
        "A call converted: it talked long enough to pay",
    ),
    (
        "auction.completed",
        "An RTB auction finished (with or without a winner)",
    ),
    ("campaign.created", "A campaign was created"),
    ("campaign.updated", "A campaign's settings changed"),
    (
        "campaign.status_changed",
        "A campaign was activated, paused or completed",
    ),
    ("campaign.deleted", "A campaign was deleted"),
    ("buyer.created", "A buyer was created"),
    ("buyer.updated", "A buyer's settings changed"),
    ("buyer.status_changed", "A buyer was activated or paused"),
    ("buyer.deleted", "A buyer was deleted"),
    ("rtb_target.created", "An RTB target was created"),
    ("rtb_target.updated", "An RTB target's settings changed"),
    (
        "rtb_target.status_changed",
        "An RTB target was activated or paused",
    ),
    ("rtb_target.deleted", "An RTB target was deleted"),
    (
        "report.delivered",
        "A report was e-mailed (sent now or on its schedule)",
    ),
    (
        "alert.*",
        "A warning of the activity feed: cap reached, no buyer, bidder failing, pool exhausted, endpoint disabled",
    ),
];

/// The event sent by "Send test event".
pub const TEST_EVENT: &str = "webhook.test";

/// Whether `kind` is an event type an endpoint may subscribe to (`alert.*`
/// covers every alert).
pub fn is_event_type(kind: &str) -> bool {
    EVENT_TYPES.iter().any(|(t, _)| *t == kind)
}

/// Whether an endpoint subscribed to `types` (empty: every event) gets
/// `kind`.
pub fn subscribed(types: &[String], kind: &str) -> bool {
    kind == TEST_EVENT
        || types.is_empty()
        || types
            .iter()
            .any(|t| t == kind || (t == "alert.*" && kind.starts_with("alert.")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscriptions() {
        assert!(subscribed(&[], "call.completed"));
        let some = vec!["call.completed".to_string(), "alert.*".to_string()];
        assert!(subscribed(&some, "call.completed"));
        assert!(subscribed(&some, "alert.dni.pool_exhausted"));
        assert!(!subscribed(&some, "call.incoming"));
        assert!(subscribed(&some, TEST_EVENT));
        assert!(is_event_type("alert.*") && !is_event_type("call.Completed"));
    }
}
