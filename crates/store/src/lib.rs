//! Storage for CallCenter Pro: one set of repositories over SQLite (the
//! embedded default) or PostgreSQL (chosen by the URL at start).
//!
//! Every query is written once, in SQL that both engines accept (`$1`
//! placeholders, `RETURNING`, `ON CONFLICT`), and run on whichever pool is
//! configured through [`on_pool!`]. Every method that reads or writes
//! customer data takes the [`AccountId`] it is scoped to: there is no way to
//! ask for a row without saying whose it is.

#![forbid(unsafe_code)]
pub mod activity;
pub mod api_keys;
pub mod audio_files;
pub mod audit;
pub mod buyers;
pub mod call_flows;
pub mod call_log;
pub mod call_reports;
pub mod call_updates;
pub mod calls;
pub mod campaign_buyers;
pub mod campaigns;
mod checkpoints;
pub mod conversions;
mod db;
pub mod dni;
mod error;
pub mod group_commit;
pub mod live_counts;
pub mod members;
pub mod outbox;
mod page;
pub mod phone_numbers;
pub mod pools;
pub mod report_sums;
pub mod routing_config;
pub mod rtb_auctions;
pub mod rtb_targets;
pub mod saved_reports;
pub mod seed;
pub mod sessions;
pub mod sign_ins;
pub mod spool;
pub mod stats;
pub mod two_factor;
pub mod url_params;
pub mod users;
pub mod wal;
pub mod writer;
mod writer_thread;

pub use db::{Backend, Store};
pub use domain::AccountId;
pub use error::StoreError;
pub use page::Page;
