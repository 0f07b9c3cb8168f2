//! `callcenter bench rtb`: our auction ([`::rtb::run`]) against mock
//! bidders on loopback, and against a bare parallel HTTP fan-out to the
//! same bidders in the same run (plain reqwest POSTs, no templates,
//! parsing or validation): the ceiling.
//!
//! (a) bidders with latencies spread 1..20 ms, all bidding: median and
//!     p99 auction time against the slowest bidder (goal: median within
//!     3 ms of it);
//! (b) throughput at 8 concurrent auctions, ours / bare fan-out (goal
//!     >= 0.70);
//! (c) one hung bidder among them, 100 ms deadline: the longest auction
//!     (goal <= 110 ms).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ::devtools::mock::{self, MockBidder};
use ::rtb::{CallVariables, TargetConfig, Variables};
use domain::Money;

const MEDIAN_GOAL_MS: f64 = 3.0;
const RATIO_GOAL: f64 = 0.70;
const HUNG_GOAL_MS: f64 = 110.0;
const CONCURRENCY: usize = 8;
const SLOWEST_MS: u64 = 20;

#[derive(clap::Args, Debug)]
pub struct RtbArgs {
    /// Auctions in each measurement.
    #[arg(long, default_value_t = 200)]
    pub auctions: usize,
    /// Mock bidders (latencies spread 1..20 ms).
    #[arg(long, default_value_t = 33)]
    pub bidders: usize,
    /// Exit with an error when a goal is missed.
    #[arg(long)]
    pub strict: bool,
}

/// Run `n` jobs on `concurrency` workers: wall time and each job's ms.
async fn concurrent<F, Fut>(n: usize, concurrency: usize, job: F) -> (Duration, Vec<f64>)
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let times = Arc::new(Mutex::new(Vec::with_capacity(n)));
    let start = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let (next, times, job) = (next.clone(), times.clone(), job.clone());
        workers.spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < n {
                let t = Instant::now();
                job().await;
                let ms = t.elapsed().as_secs_f64() * 1e3;
                if let Ok(mut v) = times.lock() {
                    v.push(ms);
                }
            }
        });
    }
    while workers.join_next().await.is_some() {}
    let wall = start.elapsed();
    let mut v = times.lock().map(|v| v.clone()).unwrap_or_default();
    v.sort_by(f64::total_cmp);
    (wall, v)
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn vars() -> Variables {
    CallVariables {
        request_id: "bench".into(),
        campaign_id: "1".into(),
        caller_id: "+18562813800".into(),
        caller_state: "NJ".into(),
        caller_zip: "08002".into(),
        call_start_time: "2026-01-01T00:00:00Z".into(),
        ..CallVariables::default()
    }
    .into()
}

struct Ours {
    client: ::rtb::RtbClient,
    targets: Arc<Vec<TargetConfig>>,
    vars: Arc<Variables>,
    deadline: Duration,
    /// Auctions without the expected number of valid bids.
    short: Arc<AtomicUsize>,
    expected_bids: usize,
}

impl Ours {
    fn job(
        &self,
    ) -> impl Fn() -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>> + Clone + Send + 'static
    {
        let (client, targets, vars, short) = (
            self.client.clone(),
            self.targets.clone(),
            self.vars.clone(),
            self.short.clone(),
        );
        let (deadline, expected) = (self.deadline, self.expected_bids);
        move || {
            let (client, targets, vars, short) =
                (client.clone(), targets.clone(), vars.clone(), short.clone());
            Box::pin(async move {
                let out = ::rtb::run(&client, &targets, &vars, Money(0), deadline).await;
                if out.successful_bids() != expected || out.winner.is_none() {
                    short.fetch_add(1, Ordering::Relaxed);
                }
            })
        }
    }
}

/// The ceiling: POST the same body to every bidder at once and read each
/// answer whole; nothing else.
fn bare_job(
    http: reqwest::Client,
    urls: Arc<Vec<String>>,
    failed: Arc<AtomicUsize>,
) -> impl Fn() -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>> + Clone + Send + 'static {
    let body = bytes_body();
    move || {
        let (http, urls, failed, body) = (http.clone(), urls.clone(), failed.clone(), body.clone());
        Box::pin(async move {
            let mut set = tokio::task::JoinSet::new();
            for url in urls.iter() {
                let req = http
                    .post(url)
                    .header("content-type", "application/json")
                    .body(body.clone());
                set.spawn(async move { req.send().await?.bytes().await });
            }
            while let Some(r) = set.join_next().await {
                if !matches!(r, Ok(Ok(_))) {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
        })
    }
}

fn bytes_body() -> String {
    ::rtb::render(
        ::rtb::template::EXAMPLE_JSON_TEMPLATE,
        &vars(),
        ::rtb::ContentType::Json,
    )
    .text
}

/// PASS, or FAIL with the reasons that apply.
fn verdict(problems: &[(bool, String)]) -> (bool, String) {
    let why: Vec<&str> = problems
        .iter()
        .filter(|(bad, _)| *bad)
        .map(|(_, w)| w.as_str())
        .collect();
    if why.is_empty() {
        (true, "PASS".into())
    } else {
        (false, format!("FAIL ({})", why.join("; ")))
    }
}

pub async fn run(a: RtbArgs) -> anyhow::Result<()> {
    if !(1..=100_000).contains(&a.auctions) {
        anyhow::bail!("--auctions must be between 1 and 100000");
    }
    if !(2..=500).contains(&a.bidders) {
        anyhow::bail!("--bidders must be between 2 and 500");
    }
    let n = a.auctions;
    println!(
        "CallCenter Pro RTB auction benchmark (build: {})",
        build_kind()
    );
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{cores} CPU core(s) shared by {} mock bidders and the auctions (one process, loopback); \
         compare ratios, not absolute figures",
        a.bidders
    );
    let latencies = crate::mock_bidders::spread(a.bidders, 1, SLOWEST_MS);
    let specs: Vec<MockBidder> = latencies
        .iter()
        .enumerate()
        .map(|(i, &ms)| MockBidder::bid(&format!("{}.00", 5 + i % 40), ms))
        .collect();
    let addrs: Vec<SocketAddr> = mock::spawn_fleet(specs).await?;
    let targets: Vec<TargetConfig> = addrs
        .iter()
        .enumerate()
        .map(|(i, &addr)| mock::target(i as i64 + 1, addr))
        .collect();
    let client = ::rtb::client(true)?;
    let ours = Ours {
        client: client.clone(),
        targets: Arc::new(targets.clone()),
        vars: Arc::new(vars()),
        deadline: Duration::from_millis(200),
        short: Arc::new(AtomicUsize::new(0)),
        expected_bids: a.bidders,
    };
    let http = reqwest::Client::builder()
        .pool_idle_timeout(Duration::from_secs(90))
        .pool_max_idle_per_host(32)
        .tcp_nodelay(true)
        .no_proxy()
        .build()?;
    let urls: Arc<Vec<String>> =
        Arc::new(addrs.iter().map(|a| format!("http://{a}/bid")).collect());
    let bare_failed = Arc::new(AtomicUsize::new(0));
    let bare = bare_job(http, urls, bare_failed.clone());

    // Warm both pools (connections to every bidder), then forget the tallies.
    concurrent(2 * CONCURRENCY, CONCURRENCY, ours.job()).await;
    concurrent(2 * CONCURRENCY, CONCURRENCY, bare.clone()).await;
    ours.short.store(0, Ordering::Relaxed);
    bare_failed.store(0, Ordering::Relaxed);

    // (a) one auction at a time.
    println!("(a) {n} auctions one at a time…");
    let (_, times) = concurrent(n, 1, ours.job()).await;
    let (median, p99) = (quantile(&times, 0.5), quantile(&times, 0.99));
    let over = median - SLOWEST_MS as f64;
    let a_short = ours.short.swap(0, Ordering::Relaxed);

    // (b) 8 at a time, ours and the bare fan-out alternating in halves.
    println!("(b) {n} auctions, {CONCURRENCY} at a time, ours and the bare fan-out…");
    let (mut ours_wall, mut bare_wall) = (Duration::ZERO, Duration::ZERO);
    let mut done = 0;
    for half in [n / 2, n - n / 2] {
        if half == 0 {
            continue;
        }
        bare_wall += concurrent(half, CONCURRENCY, bare.clone()).await.0;
        ours_wall += concurrent(half, CONCURRENCY, ours.job()).await.0;
        done += half;
    }
    let ours_rate = done as f64 / ours_wall.as_secs_f64().max(1e-9);
    let bare_rate = done as f64 / bare_wall.as_secs_f64().max(1e-9);
    let ratio = ours_rate / bare_rate.max(1e-9);
    let b_short = ours.short.swap(0, Ordering::Relaxed);
    let b_failed = bare_failed.load(Ordering::Relaxed);

    // (c) one hung bidder replaces the first, 100 ms deadline, 8 at a time.
    println!("(c) {n} auctions, one hung bidder, 100 ms deadline, {CONCURRENCY} at a time…");
    let hung = mock::spawn_fleet(vec![MockBidder::Hung]).await?;
    let mut with_hung = targets;
    if let Some(&addr) = hung.first() {
        with_hung[0] = mock::target(1, addr);
    }
    let hung_ours = Ours {
        targets: Arc::new(with_hung),
        deadline: Duration::from_millis(100),
        short: Arc::new(AtomicUsize::new(0)),
        expected_bids: a.bidders - 1,
        ..ours
    };
    let (_, hung_times) = concurrent(n, CONCURRENCY, hung_ours.job()).await;
    let hung_max = hung_times.last().copied().unwrap_or(f64::NAN);
    let c_short = hung_ours.short.load(Ordering::Relaxed);

    println!();
    println!(
        "{:<44} {:>10} {:>10} {:>10}  verdict",
        "measure", "value", "goal", "detail"
    );
    let (a_ok, a_text) = verdict(&[
        (
            over.is_nan() || over > MEDIAN_GOAL_MS,
            "median above goal".into(),
        ),
        (a_short > 0, format!("{a_short} auctions short of bids")),
    ]);
    println!(
        "{:<44} {:>7.2} ms {:>7} ms {:>10}  {}",
        "(a) median auction - slowest bidder (20 ms)",
        over,
        format!("<= {MEDIAN_GOAL_MS}"),
        format!("p99 {p99:.1}"),
        a_text
    );
    let (b_ok, b_text) = verdict(&[
        (
            ratio.is_nan() || ratio < RATIO_GOAL,
            "ratio below goal".into(),
        ),
        (b_short > 0, format!("{b_short} auctions short of bids")),
        (b_failed > 0, format!("{b_failed} bare requests failed")),
    ]);
    println!(
        "{:<44} {:>10.3} {:>10} {:>10}  {}",
        "(b) throughput ours / bare fan-out, 8 conc.",
        ratio,
        format!(">= {RATIO_GOAL}"),
        format!("{ours_rate:.0}/{bare_rate:.0}/s"),
        b_text
    );
    let (c_ok, c_text) = verdict(&[
        (
            hung_max.is_nan() || hung_max > HUNG_GOAL_MS,
            "an auction overran".into(),
        ),
        (c_short > 0, format!("{c_short} auctions short of bids")),
    ]);
    println!(
        "{:<44} {:>7.1} ms {:>7} ms {:>10}  {}",
        "(c) max auction, 1 hung bidder, 100 ms dl.",
        hung_max,
        format!("<= {HUNG_GOAL_MS}"),
        format!("med {:.1}", quantile(&hung_times, 0.5)),
        c_text
    );
    println!(
        "(a) median {median:.2} ms, p99 {p99:.2} ms over {n} auctions of {} bidders",
        a.bidders
    );
    if a.strict && !(a_ok && b_ok && c_ok) {
        anyhow::bail!("a goal was missed");
    }
    Ok(())
}

fn build_kind() -> &'static str {
    if cfg!(debug_assertions) {
        "debug: figures are not meaningful, use `cargo run --release -- bench rtb`"
    } else {
        "release"
    }
}
