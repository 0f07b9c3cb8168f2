//! Calls API and historical statistics on both engines: every filter, sort
//! and paging, search by number and CallSid, detail with the routing trace
//! (calls made through signed webhooks), CSV export parsed back, days in
//! the user's time zone across a DST change, and tenancy throughout.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

mod detail;
mod export;
mod historical;
mod list;
mod reports;
mod seed;
