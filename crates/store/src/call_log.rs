//! The store's side of the live call path: [`callpath::CallLog`] over the
//! group-commit writer ([`crate::group_commit`]) for what is written, and
//! the pool for what is read. The writer starts with the first call (and
//! again should its runtime have gone).

use std::path::Path;
use std::sync::{Arc, Mutex};

use callpath::log::{CallLog, LogError, LogFuture};
use callpath::record::{AuctionRecord, CallState, CallUpdate, RoutedCall, Updated, Written};
use domain::AccountId;

use crate::group_commit::CallWriter;
use crate::spool::Spool;
use crate::{Store, StoreError};

/// The call log of one store.
pub struct StoreLog {
    store: Store,
    writer: Mutex<Option<Arc<CallWriter>>>,
    spool: Option<Arc<Spool>>,
}

impl Store {
    /// The log the live call path writes to (one per process: it owns
    /// the group-commit writer). With `spool_dir`, what the database
    /// cannot take while it is unreachable is kept in a spool there
    /// ([`crate::spool`]); without, such writes fail (and are logged).
    pub fn call_log(&self, spool_dir: Option<&Path>) -> Arc<StoreLog> {
        let spool = spool_dir.and_then(|dir| match Spool::open(dir) {
            Ok(s) => Some(Arc::new(s)),
            Err(e) => {
                tracing::error!(error = %e, dir = %dir.display(),
                    "could not open the call spool: calls answered while the database is unreachable will not be kept");
                None
            }
        });
        Arc::new(StoreLog {
            store: self.clone(),
            writer: Mutex::new(None),
            spool,
        })
    }
}

impl StoreLog {
    /// The group-commit writer, started on first use.
    fn writer(&self) -> Arc<CallWriter> {
        let mut w = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        match &*w {
            Some(writer) if writer.is_alive() => writer.clone(),
            _ => {
                let fresh = Arc::new(CallWriter::spawn(self.store.clone(), self.spool.clone()));
                *w = Some(fresh.clone());
                fresh
            }
        }
    }
}

/// A store error as the call path sees it.
pub(crate) fn log_error(e: StoreError) -> LogError {
    if e.is_closed() {
        LogError::Closed
    } else {
        LogError::Database(e.to_string())
    }
}

impl CallLog for StoreLog {
    fn write(&self, call: RoutedCall) -> LogFuture<'_, Written> {
        Box::pin(async move { self.writer().write(call).await.map_err(log_error) })
    }

    fn change(&self, change: CallUpdate) -> LogFuture<'_, Updated> {
        Box::pin(async move { self.writer().update(change).await.map_err(log_error) })
    }

    fn state<'a>(&'a self, call_sid: &'a str) -> LogFuture<'a, Option<CallState>> {
        Box::pin(async move {
            // A call only in the spool is known by its spooled state,
            // without asking a database that may be away.
            if let Some(state) = self.spool.as_ref().and_then(|s| s.state(call_sid)) {
                return Ok(Some(state));
            }
            self.store.call_state(call_sid).await.map_err(log_error)
        })
    }

    fn settle(&self) -> LogFuture<'_, usize> {
        Box::pin(async move {
            let Some(spool) = &self.spool else {
                return Ok(0);
            };
            if spool.depth() > 0 {
                let mut conn = self.store.writer_connection();
                spool.replay(&mut conn).await;
            }
            Ok(spool.depth())
        })
    }

    fn flow_graph(&self, flow_id: i64, version: i64) -> LogFuture<'_, Option<String>> {
        Box::pin(async move {
            self.store
                .call_flow_graph(flow_id, version)
                .await
                .map_err(log_error)
        })
    }

    fn auction(&self, account: AccountId, record: AuctionRecord) -> LogFuture<'_, ()> {
        Box::pin(async move {
            self.store
                .record_auction(account, &record)
                .await
                .map(|_| ())
                .map_err(log_error)
        })
    }

    fn unrouted<'a>(
        &'a self,
        call_sid: &'a str,
        from: &'a str,
        to: &'a str,
        reason: &'a str,
    ) -> LogFuture<'a, ()> {
        Box::pin(async move {
            self.store
                .record_unrouted_call(call_sid, from, to, reason)
                .await
                .map_err(log_error)
        })
    }
}
