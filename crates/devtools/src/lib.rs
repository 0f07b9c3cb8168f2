//! Tools for developing, testing and measuring CallCenter Pro. The
//! product's library crates never depend on this one: only tests, the
//! benchmarks and the `callcenter mock-bidders` command do.
//!
//! - [`mock`]: a fleet of mock RTB bidders on loopback.

#![forbid(unsafe_code)]

pub mod mock;
