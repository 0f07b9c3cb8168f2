//! The routing engine of CallCenter Pro: a pure module with no I/O.
//!
//! Inputs are an immutable [`Snapshot`] of configuration, the live
//! [`Counters`], the clock (`now`), the [`IncomingCall`] and a seed; the
//! output is a [`Decision`]: the ordered [`Candidate`] buyers and a trace
//! of every buyer considered and why it was skipped (stored with the call
//! as JSON).
//!
//! # Rules
//!
//! - The campaign is found by the dialled number (`phone_numbers.campaign_id`;
//!   pool numbers are allocated to a campaign the same way).
//! - A buyer is eligible when it and its assignment are active, its
//!   schedule is open in its IANA zone (holidays, breaks, DST through
//!   jiff), and every cap has room: concurrent, hourly, daily and monthly,
//!   for the campaign-buyer pair and for the buyer across campaigns
//!   (windows on the buyer's wall clock). The campaign's own caps (windows
//!   on the campaign's wall clock) are checked first.
//! - Strategies: `priority` (10 first, equal priorities shuffled by the
//!   seed), `round_robin` (a per-campaign cursor kept in the counters),
//!   `weighted` (seeded weighted order, weights 1-100).
//! - A caller who called the campaign inside `duplicate_caller_window_secs`
//!   is a duplicate: routed unpaid, or rejected, by campaign setting.
//!
//! # The acquire protocol
//!
//! [`route`] reads every count it needs in one [`Counters::counts`] batch
//! (its only write is the round-robin cursor), so two simultaneous calls
//! may both see room for the last slot. Caps are kept exact by the second
//! step:
//! [`Decision::acquire`] takes the candidates in order and calls
//! [`Counters::try_acquire`]`(call_sid, campaign + candidate limits, now)`, which
//! atomically checks every capped limit and increments all of them or
//! nothing. The first candidate that succeeds gets the call. Its concurrent
//! slots are held under the call's SID until a status callback calls
//! [`Counters::release`]`(call_sid)` (idempotent; leases that never see a
//! callback expire). When the buyer does not answer,
//! [`Decision::failover`] releases it and acquires the next candidate.
//!
//! ```text
//! voice webhook:  d = route(&snapshot, &*counters, &call, now, random_seed)
//!                 d.acquire(&*counters, now)  -> dial it, or fallback / reject
//!                 store d (trace_json) with the call
//! status webhook: counters.release(call_sid)      (call ended)
//! dial action:    d.failover(&snapshot, &*counters, "no answer", now) -> dial the next
//! ```

#![forbid(unsafe_code)]
pub mod counters;
pub mod decision;
pub mod engine;
pub mod memory;
pub mod restore;
pub mod simulate;
pub mod snapshot;
pub mod stored;
pub mod strategy;

pub use counters::{CampaignKey, Counters, Limit, Scope, Window, buckets};
pub use decision::{Candidate, Decision, IncomingCall, Outcome, TraceEntry, TraceResult};
pub use engine::route;
pub use memory::MemoryCounters;
pub use simulate::simulate;
pub use snapshot::{
    BuyerConfig, BuyerRow, CampaignBuyerConfig, CampaignBuyerRow, CampaignConfig, CampaignRow,
    Caps, DuplicateAction, NumberRoute, NumberRow, Snapshot, Strategy,
};
