//! The thread the call writer runs on: its own, with a runtime of its own.
//!
//! Every incoming call waits for the writer's commit before its TwiML goes
//! out, so under load the writer is the pipeline's narrowest stage. On the
//! server's shared runtime its task waited its turn behind hundreds of
//! request tasks at each step of a batch (statement sent, rows back,
//! commit), and its SQLite connection's thread was descheduled as often
//! as not by request threads: measured at 64 concurrent calls, the writer
//! was busy 95% of the wall time while its thread used 45% of a core, and
//! the request threads sat idle half the time waiting for it. Here its
//! wake-ups go to a runtime that serves nothing else.

use std::future::Future;

/// Run `work` to completion on a new thread with a current-thread runtime.
/// The thread ends when `work` does.
pub fn start<F>(work: F)
where
    F: Future<Output = ()> + Send + 'static,
{
    let spawned = std::thread::Builder::new()
        .name("call-writer".into())
        .spawn(move || {
            match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime.block_on(work),
                Err(e) => {
                    tracing::error!(error = %e, "the call writer could not start its runtime")
                }
            }
        });
    if let Err(e) = spawned {
        // Its handle sees the channel closed and starts another on next use.
        tracing::error!(error = %e, "could not start the call writer's thread");
    }
}
