//! The live call of CallCenter Pro: everything between a carrier's webhook
//! and the record of the call, without HTTP and without SQL.
//!
//! - [`path::CallPath`]: an incoming call (idempotent by CallSid, routed by
//!   the snapshot and the live counters, auctioned on RTB campaigns,
//!   written before the TwiML goes out), the result of each dialled leg
//!   (failover), the carrier's status reports (slots freed, money booked).
//! - [`live::LiveState`]: the routing snapshot, the auction-ready RTB
//!   campaigns, the counters, this node's recent answers.
//! - [`auction`]: auctions on live calls.
//! - [`answer`]: the TwiML answered.
//! - [`record`] and [`log::CallLog`]: what is written, and the trait the
//!   store implements to write it.
//!
//! - [`flow`]: call flows (IVR) on live calls, before routing and auctions.

#![forbid(unsafe_code)]

pub mod alerts;
pub mod answer;
pub mod answers;
pub mod auction;
pub mod flow;
pub mod live;
pub mod log;
pub mod path;
pub mod record;
pub mod simulate;

pub use answer::{SORRY, Urls};
pub use live::LiveState;
pub use log::{CallLog, LogError, LogFuture};
pub use path::{CallPath, Leg, Observer, Unobserved};
