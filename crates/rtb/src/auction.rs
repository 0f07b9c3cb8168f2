//! The auction: ping every target in parallel over one shared keep-alive
//! client, stop when all have answered or at the deadline (whichever is
//! first), validate each answer, pick the winner. The only I/O of the
//! crate besides [`crate::mock`].
//!
//! Deadline guarantee: pings run as tasks of a `JoinSet`; the collector
//! waits with `timeout_at(deadline)` and then aborts every unfinished
//! task, so a hung or slow-drip bidder costs nothing past the deadline.
//! Each ping is also bounded by its target's own timeout, and its body
//! is read chunk by chunk and abandoned past [`BODY_CAP`] (a 10 MB answer
//! is never buffered).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use domain::Money;
use serde::Serialize;
use tokio::task::JoinSet;

use crate::request::{Prepared, prepare};
use crate::ssrf::GuardedResolver;
use crate::target::TargetConfig;
use crate::template::Variables;
use crate::validate::{BODY_CAP, BidResult, BidStatus, HttpOutcome, validate};

/// The shared HTTP client for pinging bidders, and the SSRF policy it
/// enforces. Cheap to clone (one connection pool).
#[derive(Clone, Debug)]
pub struct RtbClient {
    http: reqwest::Client,
    allow_private: bool,
}

impl RtbClient {
    /// Keep-alive pool (90 s idle, 32 idle connections per host),
    /// `TCP_NODELAY`, no redirects, no proxies, rustls, the
    /// [`GuardedResolver`], 3 s connect timeout.
    pub fn new(allow_private: bool) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("CallCenterPro-RTB/", env!("CARGO_PKG_VERSION")))
            .pool_idle_timeout(Duration::from_secs(90))
            .pool_max_idle_per_host(32)
            .tcp_nodelay(true)
            .tcp_keepalive(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(3))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(Arc::new(GuardedResolver { allow_private }))
            .build()?;
        Ok(Self {
            http,
            allow_private,
        })
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub fn allow_private(&self) -> bool {
        self.allow_private
    }
}

/// Build the shared auction client (see [`RtbClient::new`]). Build one
/// at startup and share it: the pool is what makes pings keep-alive.
pub fn client(allow_private: bool) -> Result<RtbClient, reqwest::Error> {
    RtbClient::new(allow_private)
}

/// One auction's results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuctionOutcome {
    /// One per target, in the order the targets were given.
    pub results: Vec<BidResult>,
    /// Index into `results` of the winning bid (`None`: use fallback
    /// routing).
    pub winner: Option<usize>,
    /// Wall time of the whole auction.
    pub total_ms: u32,
    /// When the auction started, milliseconds since the Unix epoch.
    pub started_at: i64,
}

impl AuctionOutcome {
    pub fn winning_bid(&self) -> Option<&BidResult> {
        self.winner.and_then(|i| self.results.get(i))
    }

    /// Valid bids (status `success`).
    pub fn successful_bids(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.status == BidStatus::Success)
            .count()
    }

    /// Every other result.
    pub fn failed_bids(&self) -> usize {
        self.results.len() - self.successful_bids()
    }

    /// Mean `response_ms` over all results (0 when none).
    pub fn average_response_ms(&self) -> u32 {
        let n = self.results.len() as u64;
        let sum: u64 = self.results.iter().map(|r| u64::from(r.response_ms)).sum();
        sum.checked_div(n).unwrap_or(0) as u32
    }
}

fn ms_since(start: Instant) -> u32 {
    u32::try_from(start.elapsed().as_millis()).unwrap_or(u32::MAX)
}

/// Run one auction. `floor` is the campaign's minimum acceptable bid;
/// `deadline` bounds the whole auction (the function returns within it
/// plus scheduling noise, whatever the bidders do).
pub async fn run(
    client: &RtbClient,
    targets: &[TargetConfig],
    vars: &Variables,
    floor: Money,
    deadline: Duration,
) -> AuctionOutcome {
    let started = Instant::now();
    let started_at = domain::now_ms();
    let end = tokio::time::Instant::now() + deadline;
    let hard_end = started + deadline;
    let mut results: Vec<Option<BidResult>> = vec![None; targets.len()];
    let mut raw_requests: Vec<String> = vec![String::new(); targets.len()];
    let mut tasks = JoinSet::new();
    let mut task_index = HashMap::new();
    for (i, target) in targets.iter().enumerate() {
        match prepare(target, vars, client.allow_private) {
            Err(e) => {
                let r = BidResult::empty(target, BidStatus::ConnectionError, String::new(), 0);
                results[i] = Some(BidResult {
                    error: Some(e),
                    ..r
                });
            }
            Ok(p) => {
                raw_requests[i] = p.raw();
                let http = client.http.clone();
                let target = target.clone();
                let timeout = target.timeout().min(deadline);
                let handle = tasks.spawn(async move {
                    let t0 = Instant::now();
                    let raw = p.raw();
                    let mut outcome = send(&http, p, timeout).await;
                    // A starved task may see its answer and its timer at
                    // once; an answer later than the timeout is a timeout.
                    if t0.elapsed() > timeout {
                        outcome = HttpOutcome::Timeout;
                    }
                    let r = validate(&target, floor, &outcome, raw, ms_since(t0));
                    (r, Instant::now())
                });
                task_index.insert(handle.id(), i);
            }
        }
    }
    let collect = async {
        while let Some(joined) = tasks.join_next_with_id().await {
            match joined {
                // Finished after the deadline (collected late): a timeout.
                Ok((_, (_, finished))) if finished > hard_end => {}
                Ok((id, (r, _))) => {
                    if let Some(&i) = task_index.get(&id) {
                        results[i] = Some(r);
                    }
                }
                Err(e) => {
                    // A panicking ping: report it on its own row.
                    if let Some(&i) = task_index.get(&e.id()) {
                        let r = BidResult::empty(
                            &targets[i],
                            BidStatus::ConnectionError,
                            String::new(),
                            ms_since(started),
                        );
                        results[i] = Some(BidResult {
                            error: Some("internal error while pinging".into()),
                            ..r
                        });
                    }
                }
            }
        }
    };
    let _ = tokio::time::timeout_at(end, collect).await;
    tasks.abort_all();
    drop(tasks);
    let elapsed = ms_since(started);
    let results: Vec<BidResult> = results
        .into_iter()
        .zip(raw_requests)
        .enumerate()
        .map(|(i, (r, raw))| {
            r.unwrap_or_else(|| {
                let r = BidResult::empty(&targets[i], BidStatus::Timeout, raw, elapsed);
                BidResult {
                    error: Some("no answer before the auction deadline".into()),
                    ..r
                }
            })
        })
        .collect();
    let winner = pick_winner(targets, &results);
    AuctionOutcome {
        results,
        winner,
        total_ms: ms_since(started),
        started_at,
    }
}

/// The winner among valid bids: highest amount, then higher target
/// priority, then faster response, then earlier in the target list.
pub fn pick_winner(targets: &[TargetConfig], results: &[BidResult]) -> Option<usize> {
    results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status == BidStatus::Success)
        .max_by(|(i, a), (j, b)| {
            let key = |k: usize, r: &BidResult| {
                (
                    r.amount.unwrap_or_default(),
                    targets.get(k).map_or(i64::MIN, |t| t.priority),
                    std::cmp::Reverse(r.response_ms),
                    std::cmp::Reverse(k),
                )
            };
            key(*i, a).cmp(&key(*j, b))
        })
        .map(|(i, _)| i)
}

/// Send one ping and read its body up to the cap, within `timeout`.
async fn send(http: &reqwest::Client, p: Prepared, timeout: Duration) -> HttpOutcome {
    let mut req = http.request(p.method, p.url).headers(p.headers);
    if let Some(body) = p.body {
        req = req.body(body);
    }
    let exchange = async move {
        let mut resp = req.send().await?;
        let status = resp.status().as_u16();
        if resp.content_length().is_some_and(|n| n > BODY_CAP as u64) {
            return Ok(HttpOutcome::TooLarge {
                status,
                prefix: Vec::new(),
            });
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await? {
            if body.len() + chunk.len() > BODY_CAP {
                let room = BODY_CAP - body.len();
                body.extend_from_slice(&chunk[..room]);
                // Dropping `resp` closes the connection: the rest is never read.
                return Ok(HttpOutcome::TooLarge {
                    status,
                    prefix: body,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok::<_, reqwest::Error>(HttpOutcome::Response { status, body })
    };
    match tokio::time::timeout(timeout, exchange).await {
        Err(_) => HttpOutcome::Timeout,
        Ok(Ok(outcome)) => outcome,
        Ok(Err(e)) if e.is_timeout() => HttpOutcome::Timeout,
        Ok(Err(e)) => HttpOutcome::ConnectionError(describe(e)),
    }
}

/// A reqwest error with its causes, without the URL (it may carry keys).
fn describe(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg.chars().take(300).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bid(target: &TargetConfig, amount: i64, ms: u32) -> BidResult {
        BidResult {
            status: BidStatus::Success,
            amount: Some(Money(amount)),
            ..BidResult::empty(target, BidStatus::Success, String::new(), ms)
        }
    }

    #[test]
    fn highest_then_priority_then_faster_then_first() {
        let mut ts: Vec<TargetConfig> = (0..4)
            .map(|i| TargetConfig::new(domain::RtbTargetId(i), "t", "x"))
            .collect();
        ts[2].priority = 5;
        let rs = vec![
            bid(&ts[0], 10, 50),
            bid(&ts[1], 20, 90),
            bid(&ts[2], 20, 99),
            bid(&ts[3], 20, 10),
        ];
        assert_eq!(
            pick_winner(&ts, &rs),
            Some(2),
            "equal amounts: higher priority"
        );
        ts[2].priority = 0;
        assert_eq!(pick_winner(&ts, &rs), Some(3), "equal priority: faster");
        let rs = vec![bid(&ts[0], 20, 10), bid(&ts[1], 20, 10)];
        assert_eq!(pick_winner(&ts, &rs), Some(0), "all equal: first listed");
        let mut rs = vec![bid(&ts[0], 99, 1), bid(&ts[1], 5, 1)];
        rs[0].status = BidStatus::Rejected;
        assert_eq!(pick_winner(&ts, &rs), Some(1), "only valid bids count");
        rs[1].status = BidStatus::NoBid;
        assert_eq!(pick_winner(&ts, &rs), None);
    }
}
