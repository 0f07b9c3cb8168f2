//! Where the call path writes what it decided and reads what it needs of
//! calls it answered before: the [`CallLog`]. The store implements it
//! (group commit, one implementation per database, a local spool while
//! the database cannot be reached); tests can give a log in memory.

use std::future::Future;
use std::pin::Pin;

use domain::AccountId;

use crate::record::{AuctionRecord, CallState, CallUpdate, RoutedCall, Updated, Written};

/// A future the log returns (the trait is used as `dyn CallLog`).
pub type LogFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, LogError>> + Send + 'a>>;

/// Why the log could not do what was asked.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LogError {
    /// The database refused or could not be reached; the message says why.
    #[error("{0}")]
    Database(String),
    /// The log (or its writer) is shut down.
    #[error("the call log is shut down")]
    Closed,
    /// No answer within the webhook's deadline.
    #[error("the database did not answer within {0} ms")]
    Timeout(u64),
}

/// The durable side of live calls.
pub trait CallLog: Send + Sync {
    /// Write a call as answered; returns once it is durable (committed,
    /// or spooled while the database is unreachable).
    fn write(&self, call: RoutedCall) -> LogFuture<'_, Written>;

    /// Apply a change reported by the carrier; returns once durable.
    fn change(&self, change: CallUpdate) -> LogFuture<'_, Updated>;

    /// The stored state of a call by CallSid.
    fn state<'a>(&'a self, call_sid: &'a str) -> LogFuture<'a, Option<CallState>>;

    /// Write what waits to be written (calls kept while the database was
    /// unreachable); returns how many writes still wait.
    fn settle(&self) -> LogFuture<'_, usize>;

    /// The graph (JSON) of version `version` of call flow `flow_id`, for a
    /// call that started on a version no longer live. A log that keeps no
    /// flows has none.
    fn flow_graph(&self, flow_id: i64, version: i64) -> LogFuture<'_, Option<String>> {
        let _ = (flow_id, version);
        Box::pin(async { Ok(None) })
    }

    /// Record an auction run after its call was written (an auction a
    /// call flow ran): idempotent by the auction's request id. A log that
    /// keeps no auctions drops it.
    fn auction(&self, account: AccountId, record: AuctionRecord) -> LogFuture<'_, ()> {
        let _ = (account, record);
        Box::pin(async { Ok(()) })
    }

    /// Note a call to a number no account owns (idempotent by CallSid).
    fn unrouted<'a>(
        &'a self,
        call_sid: &'a str,
        from: &'a str,
        to: &'a str,
        reason: &'a str,
    ) -> LogFuture<'a, ()>;
}
