//! The routing engine's behaviour through its public API: strategies,
//! eligibility (schedules, caps), duplicate callers, numbers and
//! campaigns that do not route, the acquire protocol, and caps held
//! exactly under 200 concurrent callers. No I/O.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod acquire;
mod caps;
mod concurrency;
mod duplicates;
mod numbers;
mod restore;
mod schedules;
mod strategies;
