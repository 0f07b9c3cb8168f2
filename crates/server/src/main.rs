//! `callcenter`: the one binary of CallCenter Pro.
//!
//! `callcenter` (or `callcenter serve`) runs the product; `migrate`, `user
//! create` and `openapi` are the operator's tools.

#![forbid(unsafe_code)]
mod bench;
mod cli;
mod config;
mod demo;
mod demo_flows;
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

/// Transparent huge pages off for this process: the first touch of each
/// 2 MiB page the allocator asks for is a fault that zeroes all of it at
/// once, long enough on a virtual machine to hold a webhook past its
/// latency goal; 4 KiB pages spread the same work thin. See
/// docs/decisions/memory.md.
fn no_huge_pages() {
    // Failure (an old kernel) is harmless: the process runs as before.
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_thp_disable(true);
}
