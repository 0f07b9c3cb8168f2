//! `callcenter mock-bidders`: a fleet of local bidders (loopback only) for
//! the demo data, the tests and `callcenter bench rtb`, built on
//! [`devtools::mock`]. Each bidder answers every request with its behaviour:
//! a bid after a latency, or a failure mode (hung, slow drip, 500,
//! malformed JSON, 10 MB body, no bid).
//!
//! With `--port 0` the bidders are [`devtools::mock::spawn_fleet`]'s own
//! listeners (random ports). With a fixed first port, bidder `i` listens
//! on `port + i` and forwards each connection to its `spawn_fleet`
//! listener, so the behaviours are exactly the crate's.

use std::net::SocketAddr;

use anyhow::Context;
use devtools::mock::MockBidder;
use rand::{Rng, SeedableRng};

#[derive(clap::Args, Debug)]
pub struct MockBiddersArgs {
    /// Number of bidders.
    #[arg(long, default_value_t = 33)]
    pub count: usize,
    /// First port (bidder i listens on port + i); 0: random ports.
    #[arg(long, default_value_t = 7000)]
    pub port: u16,
    /// Latency range of the bidding bidders, `LO..HI` in ms (spread evenly).
    #[arg(long, default_value = "5..20")]
    pub latency_ms: String,
    /// Failure modes and how many bidders have each, e.g.
    /// `hung=1,slow=1,error500=1,malformed=1,huge=1,nobid=2`.
    #[arg(long, default_value = "")]
    pub failures: String,
    /// Seed of the bid amounts.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// `LO..HI` (or a single number) in milliseconds.
pub fn parse_latency(s: &str) -> anyhow::Result<(u64, u64)> {
    let bad = || format!("--latency-ms must be LO..HI in ms, got {s:?}");
    let (lo, hi) = match s.split_once("..") {
        Some((lo, hi)) => (lo.trim(), hi.trim()),
        None => (s.trim(), s.trim()),
    };
    let lo: u64 = lo.parse().with_context(bad)?;
    let hi: u64 = hi.parse().with_context(bad)?;
    if lo > hi || hi > 60_000 {
        anyhow::bail!(bad());
    }
    Ok((lo, hi))
}

/// `name=count,…` into behaviours, in the order given.
pub fn parse_failures(s: &str) -> anyhow::Result<Vec<(&'static str, MockBidder)>> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, n) = part.split_once('=').unwrap_or((part, "1"));
        let n: usize = n
            .trim()
            .parse()
            .with_context(|| format!("bad count in --failures {part:?}"))?;
        let (label, spec) = match name.trim() {
            "hung" => ("hung", MockBidder::Hung),
            "slow" => ("slow (one byte per 100 ms)", MockBidder::SlowDrip),
            "error500" | "500" => ("error 500", MockBidder::Error500),
            "malformed" => ("malformed JSON", MockBidder::MalformedJson),
            "huge" => ("huge body (10 MB)", MockBidder::HugeBody),
            "nobid" => ("no bid", MockBidder::NoBid),
            other => anyhow::bail!(
                "unknown failure mode {other:?} (hung, slow, error500, malformed, huge, nobid)"
            ),
        };
        out.extend(std::iter::repeat_n((label, spec), n));
    }
    Ok(out)
}

/// `count` bidders with latencies spread evenly over `lo..=hi` ms.
pub fn spread(count: usize, lo: u64, hi: u64) -> Vec<u64> {
    (0..count)
        .map(|i| match count {
            1 => hi,
            _ => lo + (hi - lo) * i as u64 / (count as u64 - 1),
        })
        .collect()
}

/// The fleet's behaviours: the failures first, then bidders.
pub fn plan(a: &MockBiddersArgs) -> anyhow::Result<Vec<(String, MockBidder)>> {
    let (lo, hi) = parse_latency(&a.latency_ms)?;
    let failures = parse_failures(&a.failures)?;
    if a.count == 0 || a.count > 1000 || failures.len() > a.count {
        anyhow::bail!(
            "--count must be 1-1000 and at least the number of failures ({})",
            failures.len()
        );
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(a.seed);
    let bidders = a.count - failures.len();
    let mut out: Vec<(String, MockBidder)> = failures
        .into_iter()
        .map(|(l, s)| (l.to_string(), s))
        .collect();
    for ms in spread(bidders, lo, hi) {
        let cents: u32 = rng.gen_range(500..=5000);
        let amount = format!("{}.{:02}", cents / 100, cents % 100);
        out.push((
            format!("bid {amount} USD after {ms} ms"),
            MockBidder::bid(&amount, ms),
        ));
    }
    Ok(out)
}

/// Start the fleet; addresses in the order of `specs`.
pub async fn start(specs: Vec<MockBidder>, first_port: u16) -> anyhow::Result<Vec<SocketAddr>> {
    let inner = devtools::mock::spawn_fleet(specs).await?;
    if first_port == 0 {
        return Ok(inner);
    }
    let mut addrs = Vec::with_capacity(inner.len());
    for (i, to) in inner.into_iter().enumerate() {
        let port = u16::try_from(usize::from(first_port) + i)
            .ok()
            .context("--port + --count exceeds 65535")?;
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .with_context(|| format!("could not listen on 127.0.0.1:{port}"))?;
        addrs.push(listener.local_addr()?);
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let _ = inbound.set_nodelay(true);
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(to).await {
                        let _ = outbound.set_nodelay(true);
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
    }
    Ok(addrs)
}

pub async fn run(a: MockBiddersArgs) -> anyhow::Result<()> {
    let plan = plan(&a)?;
    let (labels, specs): (Vec<String>, Vec<MockBidder>) = plan.into_iter().unzip();
    let addrs = start(specs, a.port).await?;
    for (addr, label) in addrs.iter().zip(&labels) {
        println!("http://{addr}/bid  {label}");
    }
    let targets: Vec<serde_json::Value> = addrs
        .iter()
        .enumerate()
        .map(|(i, addr)| {
            serde_json::json!({
                "name": format!("Mock bidder {}", i + 1),
                "endpoint_url": format!("http://{addr}/bid"),
                "request_method": "POST",
                "content_type": "json",
            })
        })
        .collect();
    println!();
    println!(
        "# targets for POST /api/rtb/targets (loopback: set rtb_allow_private_endpoints = true):"
    );
    println!("{}", serde_json::to_string_pretty(&targets)?);
    println!("# {} bidders running; Ctrl-C to stop", addrs.len());
    tokio::signal::ctrl_c().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_latency_and_failures() {
        assert_eq!(parse_latency("5..20").ok(), Some((5, 20)));
        assert_eq!(parse_latency("7").ok(), Some((7, 7)));
        assert!(parse_latency("20..5").is_err());
        let f = parse_failures("hung=1,nobid=2").unwrap_or_default();
        assert_eq!(f.len(), 3);
        assert!(parse_failures("bogus=1").is_err());
        assert_eq!(spread(3, 1, 21), vec![1, 11, 21]);
    }
}
