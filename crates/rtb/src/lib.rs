//! Real-time bidding for CallCenter Pro: request templates, response
//! parsing, bid validation with the spec's rejection codes, a deadline
//! fan-out auction and an SSRF guard. (Mock bidders for tests and demos
//! live in the `devtools` crate.)
//!
//! Everything but [`auction::run`] is pure.
//!
//! ```text
//! startup:  let rtb = rtb::client(config.rtb_allow_private_endpoints)?;   // share it
//! save:     rtb::check_endpoint(&url, allow_private).await?;              // target form
//!           rtb::Path::parse(path)?;                                      // each response path
//! call:     targets = assigned, active targets that pass the caps (else record
//!                     BidResult with Rejection::DAILY_CAP etc. yourself)
//!           let vars: Variables = CallVariables { .. }.into(); vars.extend_tracking(utm);
//!           let out = rtb::run(&rtb, &targets, &vars, floor, deadline).await;
//!           match out.winning_bid() { Some(bid) => dial bid.destination, None => fallback }
//!           store out (serde_json) with the call
//! ```

#![forbid(unsafe_code)]
pub mod auction;
mod escape;
pub mod parse;
pub mod path;
pub mod rejection;
pub mod request;
pub mod ssrf;
pub mod target;
pub mod template;
pub mod validate;
pub mod xml;

pub use auction::{AuctionOutcome, RtbClient, client, pick_winner, run};
pub use path::Path;
pub use rejection::Rejection;
pub use ssrf::{check_endpoint, check_literal, is_forbidden_ip};
pub use target::{Auth, ContentType, Method, ResponsePaths, TargetConfig};
pub use template::{CallVariables, Rendered, Variables, render};
pub use validate::{BID_CEILING, BODY_CAP, BidResult, BidStatus, HttpOutcome, validate};

#[cfg(test)]
mod validate_tests;
