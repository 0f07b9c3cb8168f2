//! `callcenter`: the one binary of CallCenter Pro.
//!
//! `callcenter` (or `callcenter serve`) runs the product; `migrate`, `user
//! create` and `openapi` are the operator's tools.

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
    let cli = cli::Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(cli::run(cli))
}
