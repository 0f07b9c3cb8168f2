//! `callcenter bench dni`: the public DNI track endpoint against a
//! fixed-string baseline (an axum handler that reads the body and answers
//! a constant JSON), on each database.
//!
//! Visitors of one tag with a pool of [`POOL`] numbers send page views and
//! heartbeats (after each visitor's first page view, one request in ten is
//! a page view, written to the database; the rest are heartbeats, which a
//! node answers from memory within the minute): [`VISITORS`] visitors, more than the pool holds, so that
//! leases are taken, kept, and refused (the fallback) in every run. Two
//! measures per database: throughput with [`CONCURRENCY`] clients in a
//! closed loop (ratio to the baseline's, goal at least 0.20), and latency
//! at a fixed rate (p99 goal 10 ms). After each run the live leases are
//! checked: no two live sessions may hold one number, and no visitor may
//! have been shown two different pool numbers.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::routing::post;

use super::servers::{self, Database, Running};
use crate::loadgen::stats::{Latencies, ms};

/// Numbers in the tag's pool.
const POOL: usize = 200;
/// Distinct visitors (sessions) sending tracks.
const VISITORS: usize = 300;
/// Clients of the throughput runs.
const CONCURRENCY: usize = 32;
const RATIO_GOAL: f64 = 0.20;
const P99_GOAL_MS: f64 = 10.0;
const PATH: &str = "/api/dni/track";
const TAG: &str = "bench_tag";
const FALLBACK: &str = "+18005550000";

#[derive(clap::Args, Debug)]
pub struct DniArgs {
    /// Seconds of each measurement (throughput, then latency) per server.
    #[arg(long, default_value_t = 5.0)]
    pub seconds: f64,
    /// Tracks per second offered in the latency runs.
    #[arg(long, default_value_t = 1000.0)]
    pub rate: f64,
    /// Database of our server (`both` skips PostgreSQL when none answers).
    #[arg(long, value_enum, default_value_t = Database::Both)]
    pub database: Database,
    /// Exit with an error when a goal is missed.
    #[arg(long)]
    pub strict: bool,
}

/// The fixed answer of the baseline.
const FIXED: &str = r#"{"success":true,"phoneNumber":"+18562813889","formattedNumber":"(856) 281-3889","sessionTracked":true,"sessionId":"s","leaseUntil":null,"reason":null,"selectors":".phone-number","swapNumbers":[],"sessionMinutes":30,"heartbeatSecs":60}"#;

async fn start_baseline() -> anyhow::Result<Running> {
    async fn fixed(_body: Bytes) -> ([(axum::http::HeaderName, &'static str); 1], &'static str) {
        (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            FIXED,
        )
    }
    Running::start(Router::new().route(PATH, post(fixed))).await
}

/// What one server did.
#[derive(Default)]
struct Measured {
    took: Latencies,
    errors: Vec<String>,
    /// Per visitor, the pool numbers it was shown.
    shown: HashMap<usize, HashSet<String>>,
    fallbacks: u64,
}

fn body(visitor: usize, heartbeat: bool) -> String {
    format!(
        r#"{{"tagCode":"{TAG}","sessionId":"bench-{visitor}","visitorId":"v-{visitor}","url":"https://landing.example/?utm_source=google&utm_medium=cpc","referrer":"https://www.google.com/","utmParams":{{"utm_source":"google","utm_medium":"cpc","gclid":"g{visitor}"}},"heartbeat":{heartbeat}}}"#
    )
}

/// Whether the `i`-th track is a heartbeat: each visitor's first is a
/// page view (a session and a lease are made), then one in ten is a page
/// view (written) and the rest heartbeats.
fn heartbeat(i: usize) -> bool {
    i >= VISITORS && !i.is_multiple_of(10)
}

/// One track: its latency, and the number shown.
async fn track(
    client: &reqwest::Client,
    url: &str,
    visitor: usize,
    heartbeat: bool,
    m: &Mutex<Measured>,
) {
    let started = Instant::now();
    let answer = client
        .post(url)
        .header("content-type", "text/plain")
        .header("origin", "https://landing.example")
        .header("user-agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0")
        .body(body(visitor, heartbeat))
        .send()
        .await;
    let answer = match answer {
        Ok(r) if r.status().is_success() => r.text().await.map_err(|e| e.to_string()),
        Ok(r) => Err(format!("status {}", r.status())),
        Err(e) => Err(e.to_string()),
    };
    let took = started.elapsed();
    let mut m = m.lock().unwrap_or_else(|p| p.into_inner());
    m.took.record(took);
    match answer.and_then(|text| {
        serde_json::from_str::<serde_json::Value>(&text).map_err(|e| e.to_string())
    }) {
        Ok(v) => match v["phoneNumber"].as_str() {
            Some(FALLBACK) | None => m.fallbacks += 1,
            Some(n) => {
                m.shown.entry(visitor).or_default().insert(n.to_string());
            }
        },
        Err(e) => m.errors.push(e),
    }
}

/// Tracks with `CONCURRENCY` clients for `seconds`: tracks per second.
async fn closed_loop(url: &str, seconds: f64) -> (f64, Measured) {
    let m = Arc::new(Mutex::new(Measured::default()));
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..CONCURRENCY {
        let (client, url, m) = (client.clone(), url.to_string(), m.clone());
        tasks.spawn(async move {
            let mut i = worker;
            while Instant::now() < deadline {
                track(&client, &url, i % VISITORS, heartbeat(i), &m).await;
                i += CONCURRENCY;
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    let elapsed = started.elapsed().as_secs_f64();
    let m = std::mem::take(&mut *m.lock().unwrap_or_else(|p| p.into_inner()));
    (m.took.summary().count as f64 / elapsed, m)
}

/// Tracks at `rate` per second for `seconds`.
async fn open_loop(url: &str, rate: f64, seconds: f64) -> Measured {
    let m = Arc::new(Mutex::new(Measured::default()));
    let client = reqwest::Client::new();
    let total = (rate * seconds).ceil() as usize;
    let every = Duration::from_secs_f64(1.0 / rate);
    let started = Instant::now();
    let slots = Arc::new(tokio::sync::Semaphore::new(512));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..total {
        tokio::time::sleep_until((started + every * i as u32).into()).await;
        let Ok(permit) = slots.clone().try_acquire_owned() else {
            m.lock()
                .unwrap_or_else(|p| p.into_inner())
                .errors
                .push("no free slot: the server fell behind".into());
            continue;
        };
        let (client, url, m) = (client.clone(), url.to_string(), m.clone());
        tasks.spawn(async move {
            track(&client, &url, i % VISITORS, heartbeat(i), &m).await;
            drop(permit);
        });
    }
    while tasks.join_next().await.is_some() {}
    std::mem::take(&mut *m.lock().unwrap_or_else(|p| p.into_inner()))
}

/// A pool of [`POOL`] numbers and a tag on the seeded campaign.
async fn seed_tag(ours: &servers::Ours) -> anyhow::Result<()> {
    let store = &ours.store;
    let pool = store
        .create_pool(
            ours.account,
            &store::pools::PoolFields {
                name: "Bench web pool".into(),
                description: None,
                country: "US".into(),
                status: "active".into(),
            },
        )
        .await?;
    let numbers: Vec<domain::number_import::NumberInput> = (0..POOL)
        .map(|i| -> anyhow::Result<_> {
            let text = format!("+1212556{:04}", i);
            Ok(domain::number_import::NumberInput {
                phone_number: domain::E164::parse(&text, "US")
                    .map_err(|e| anyhow::anyhow!("{text}: {e}"))?,
                friendly_name: None,
                kind: "local".into(),
                country: "US".into(),
            })
        })
        .collect::<anyhow::Result<_>>()?;
    store
        .add_numbers_to_pool(ours.account, pool.id, &[], &numbers)
        .await
        .map_err(|e| anyhow::anyhow!("could not fill the pool: {e}"))?;
    let settings = domain::dni::TagSettings {
        allowed_domains: vec!["landing.example".into()],
        ..Default::default()
    };
    store
        .create_tag(
            ours.account,
            &store::dni::TagFields {
                tag_code: TAG.into(),
                name: "Bench landing page".into(),
                description: None,
                campaign_id: Some(ours.campaign_id.clone()),
                status: "active".into(),
                number_source: "pool".into(),
                pool_id: Some(pool.id),
                static_number_id: None,
                fallback_number: Some(FALLBACK.into()),
                attribution_window_days: 30,
                session_minutes: 30,
                settings: serde_json::to_string(&settings)?,
            },
        )
        .await?;
    Ok(())
}

/// Collisions after a run: live sessions sharing a number, and visitors
/// shown more than one pool number.
async fn collisions(ours: &servers::Ours, runs: &[&Measured]) -> anyhow::Result<usize> {
    let now = domain::now_ms();
    let tag = ours
        .store
        .live_tag(TAG)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the bench tag is gone"))?;
    let sessions = ours.store.tag_sessions(ours.account, tag.id, 500).await?;
    let mut held = HashSet::new();
    let mut shared = 0;
    for s in sessions
        .iter()
        .filter(|s| s.lease_until.is_some_and(|u| u > now))
    {
        if let Some(n) = &s.phone_number
            && !held.insert(n.clone())
        {
            shared += 1;
        }
    }
    let mut shown: HashMap<usize, HashSet<&String>> = HashMap::new();
    for m in runs {
        for (visitor, numbers) in &m.shown {
            shown.entry(*visitor).or_default().extend(numbers.iter());
        }
    }
    let switched = shown.values().filter(|n| n.len() > 1).count();
    Ok(shared + switched)
}

pub async fn run(a: DniArgs) -> anyhow::Result<()> {
    if !(a.seconds > 0.0 && a.seconds <= 30.0) {
        anyhow::bail!("--seconds must be between 0 and 30");
    }
    if !(a.rate >= 1.0 && a.rate <= 20_000.0) {
        anyhow::bail!("--rate must be between 1 and 20000 tracks per second");
    }
    super::quiet_production_logs();
    println!(
        "CallCenter Pro DNI benchmark (build: {}): POST {PATH} from {VISITORS} visitors on a pool of {POOL}; \
         throughput with {CONCURRENCY} clients for {:.1} s against a fixed-string baseline, \
         then {:.0} tracks/s for {:.1} s; one process on loopback",
        super::build_kind(),
        a.seconds,
        a.rate,
        a.seconds
    );
    let baseline = start_baseline().await?;
    let url = format!("{}{PATH}", baseline.base_url);
    let (base_rate, base_closed) = closed_loop(&url, a.seconds).await;
    let base_open = open_loop(&url, a.rate, a.seconds).await;
    baseline.stop().await;
    let mut lines = vec![format!(
        "{:<9} {:>9.0} {:>7} {:>9} {:>9} {:>9} {:>10} {:>7}",
        "baseline",
        base_rate,
        "-",
        ms(base_open.took.summary().p50),
        ms(base_open.took.summary().p99),
        ms(base_open.took.summary().max),
        "-",
        base_closed.errors.len() + base_open.errors.len()
    )];
    let mut failed = false;
    let databases = match a.database {
        Database::Both => vec![Database::Sqlite, Database::Postgres],
        one => vec![one],
    };
    for db in databases {
        let name = if db == Database::Postgres {
            "postgres"
        } else {
            "sqlite"
        };
        let ours = match servers::start_ours(db).await {
            Ok(o) => o,
            Err(e) if a.database == Database::Both && db == Database::Postgres => {
                println!("postgres: skipped ({e:#}); set TEST_DATABASE_URL to include it");
                continue;
            }
            Err(e) => return Err(e.context(format!("could not start our server on {name}"))),
        };
        if let Err(e) = seed_tag(&ours).await {
            ours.stop().await;
            return Err(e.context("could not seed the DNI tag"));
        }
        let url = format!("{}{PATH}", ours.running.base_url);
        let (rate, closed) = closed_loop(&url, a.seconds).await;
        let open = open_loop(&url, a.rate, a.seconds).await;
        let clashes = collisions(&ours, &[&closed, &open]).await;
        ours.stop().await;
        let clashes = clashes?;
        let ratio = rate / base_rate;
        let s = open.took.summary();
        let errors = closed.errors.len() + open.errors.len();
        let met = ratio >= RATIO_GOAL
            && s.p99.is_some_and(|us| f64::from(us) / 1e3 <= P99_GOAL_MS)
            && errors == 0
            && clashes == 0
            && closed.fallbacks + open.fallbacks > 0;
        if let Some(e) = closed.errors.first().or(open.errors.first()) {
            println!("{name}: {errors} errors, the first: {e}");
        }
        failed |= !met;
        lines.push(format!(
            "{name:<9} {rate:>9.0} {ratio:>7.2} {:>9} {:>9} {:>9} {clashes:>10} {errors:>7}  {}",
            ms(s.p50),
            ms(s.p99),
            ms(s.max),
            if met { "met" } else { "MISSED" }
        ));
    }
    println!();
    println!(
        "{:<9} {:>9} {:>7} {:>9} {:>9} {:>9} {:>10} {:>7}  goal: ratio >= {RATIO_GOAL}, p99 <= {P99_GOAL_MS} ms at {:.0}/s, no collision",
        "server", "tracks/s", "ratio", "p50 ms", "p99 ms", "max ms", "collisions", "errors", a.rate
    );
    for l in lines {
        println!("{l}");
    }
    if a.strict && failed {
        anyhow::bail!("a goal was missed");
    }
    Ok(())
}
