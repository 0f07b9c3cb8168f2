//! `callcenter`: the one binary of CallCenter Pro.
//!
//! `callcenter` (or `callcenter serve`) runs the product; `migrate`, `user
//! create` and `openapi` are the operator's tools.

#![forbid(unsafe_code)]
mod bench;
mod cli;
mod config;
mod demo;
mod loadgen;
mod logging;
mod mock_bidders;
mod seed_calls;
mod serve;
mod simulate;

use clap::Parser;

/// mimalloc rather than the system allocator: every webhook allocates and
/// frees many small buffers across threads, where glibc's allocator spent
/// about a third of the request threads' time (profiled under load).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    no_huge_pages();
    let cli = cli::Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(cli::run(cli))
}

/// Transparent huge pages off for this process. mimalloc asks the kernel
/// for them (`madvise`), and the first touch of each 2 MiB page is a
/// fault that zeroes all of it at once: on a virtual machine whose memory
/// the host backs lazily it held the faulting thread 5-7 ms, long enough
/// to miss the p99 goal when it lands on the thread pacing the load
/// generator or on the call writer, and it landed somewhere in every
/// run while the heap grew (`perf record`, `callcenter bench webhook`).
/// With 4 KiB pages the same zeroing comes in pieces too small to see.
/// Throughput did not change (ratio 0.276-0.297 against 0.283-0.290 in
/// four alternating pairs); the calls sent late went from 0-12 a run to
/// none. Databases that answer in milliseconds advise the same (Redis,
/// MongoDB). See docs/decisions/live-routing.md.
fn no_huge_pages() {
    // Failure (an old kernel) is harmless: the process runs as before.
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_thp_disable(true);
}
