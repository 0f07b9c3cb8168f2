//! The store's side of the live call path: [`callpath::CallLog`] over the
//! group-commit writer ([`crate::group_commit`]) for what is written, and
//! the pool for what is read. The writer starts with the first call (and
//! again should its runtime have gone).

use std::sync::{Arc, Mutex};

use callpath::log::{CallLog, LogError, LogFuture};
use callpath::record::{CallState, CallUpdate, RoutedCall, Updated, Written};

use crate::group_commit::CallWriter;
use crate::{Store, StoreError};

/// The call log of one store.
pub struct StoreLog {
    store: Store,
    writer: Mutex<Option<Arc<CallWriter>>>,
}

impl Store {
    /// The log the live call path writes to (one per process: it owns
    /// the group-commit writer).
    pub fn call_log(&self) -> Arc<StoreLog> {
        Arc::new(StoreLog {
            store: self.clone(),
            writer: Mutex::new(None),
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
                let fresh = Arc::new(CallWriter::spawn(self.store.clone()));
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
        Box::pin(async move { self.store.call_state(call_sid).await.map_err(log_error) })
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
