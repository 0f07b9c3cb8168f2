//! `callcenter bench reports`: reporting at scale. Seeds N synthetic calls
//! (default one million) for the demo account on SQLite and/or PostgreSQL,
//! serves the real app over it on loopback, and times through HTTP, as a
//! browser would: the first page of the call list with each single filter,
//! and 30-day aggregates (dashboard history, report builder). Each is
//! reported as p50/p95 and as a ratio to a baseline measured in the same
//! run (`GET /api/auth/user`: a signed-in request that reads one row).
//!
//! Seeding a million calls takes minutes, so the seeded database is kept
//! (under the system temp folder, or schema `bench_reports_N`) and reused
//! by the next run; `--fresh` seeds again.

use std::time::Instant;

use anyhow::Context;
use serde_json::{Value, json};
use store::Store;

use super::servers::{Database, postgres_url};
use crate::loadgen::stats::percentile;

/// First page of the call list with one filter: p95 goal.
const LIST_GOAL_MS: f64 = 100.0;
/// A 30-day aggregate: p95 goal.
const AGGREGATE_GOAL_MS: f64 = 200.0;

#[derive(clap::Args, Debug)]
pub struct ReportsArgs {
    /// Calls in the account.
    #[arg(long, default_value_t = 1_000_000)]
    pub calls: u64,
    #[arg(long, value_enum, default_value_t = Database::Both)]
    pub database: Database,
    /// Timed requests per query.
    #[arg(long, default_value_t = 20)]
    pub samples: usize,
    /// Seed a new database even when a seeded one is kept from a past run.
    #[arg(long)]
    pub fresh: bool,
}

pub async fn run(args: ReportsArgs) -> anyhow::Result<()> {
    let kinds: Vec<Database> = match args.database {
        Database::Both => vec![Database::Sqlite, Database::Postgres],
        one => vec![one],
    };
    println!(
        "reporting at scale: {} calls, {} samples per query, loopback HTTP, 2 cores shared by client and server",
        args.calls, args.samples
    );
    let mut missed = 0;
    for kind in kinds {
        let store = match open(kind, &args).await {
            Ok(store) => store,
            Err(e) if args.database == Database::Both && kind == Database::Postgres => {
                println!("\nPostgreSQL skipped: {e:#}");
                continue;
            }
            Err(e) => return Err(e),
        };
        missed += measure(kind, &store, &args).await?;
        store.close().await;
    }
    if missed > 0 {
        println!("\n{missed} goal(s) missed");
    }
    Ok(())
}

/// The kept database of `kind` with `args.calls` calls, seeded if needed.
async fn open(kind: Database, args: &ReportsArgs) -> anyhow::Result<Store> {
    let store = match kind {
        Database::Postgres => {
            let schema = format!("bench_reports_{}", args.calls);
            if args.fresh {
                let _ = Store::drop_postgres_schema(&postgres_url(), &schema).await;
            }
            Store::connect_postgres_in_schema(&postgres_url(), &schema).await
        }
        _ => {
            let dir = std::env::temp_dir().join("callcenter-bench-reports");
            std::fs::create_dir_all(&dir)?;
            let path = dir.join(format!("{}.db", args.calls));
            if args.fresh {
                for ext in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
                }
            }
            Store::connect(&format!("sqlite://{}", path.display())).await
        }
    }
    .context("could not open the benchmark database")?;
    store.migrate().await.context("could not migrate")?;
    crate::demo::ensure(&store).await?;
    let user = store
        .user_by_username(crate::demo::DEMO_USERNAME)
        .await?
        .context("no demo user")?;
    let have = store.count_calls(user.account()).await?;
    if have < args.calls as i64 {
        println!(
            "\nseeding {} calls ({kind:?}; kept for later runs)…",
            args.calls - have as u64
        );
        let started = Instant::now();
        let seed = crate::seed_calls::SeedArgs {
            count: args.calls - have as u64,
            username: crate::demo::DEMO_USERNAME.into(),
            days: 90,
            seed: 7 + have as u64,
        };
        crate::seed_calls::seed(&store, &seed).await?;
        println!("\rseeded in {:.0} s", started.elapsed().as_secs_f64());
        store.analyze_calls().await?;
    }
    Ok(store)
}

struct Timed {
    name: String,
    p50: f64,
    p95: f64,
    goal: Option<f64>,
}

async fn time(
    client: &reqwest::Client,
    samples: usize,
    name: &str,
    goal: Option<f64>,
    request: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
) -> anyhow::Result<Timed> {
    // One warm-up request, then the samples.
    let mut micros = Vec::with_capacity(samples);
    for i in 0..=samples {
        let started = Instant::now();
        let r = request(client).send().await?;
        let status = r.status();
        let _ = r.bytes().await?;
        anyhow::ensure!(status.is_success(), "{name}: HTTP {status}");
        if i > 0 {
            micros.push(started.elapsed().as_micros().min(u32::MAX as u128) as u32);
        }
    }
    micros.sort_unstable();
    let ms = |p| percentile(&micros, p).map_or(0.0, |us| f64::from(us) / 1000.0);
    Ok(Timed {
        name: name.into(),
        p50: ms(50.0),
        p95: ms(95.0),
        goal,
    })
}

async fn measure(kind: Database, store: &Store, args: &ReportsArgs) -> anyhow::Result<usize> {
    let state = api::AppState::new(
        store.clone(),
        super::servers::settings_for("http://127.0.0.1".into()),
    );
    let running = super::servers::Running::start(api::app(state)).await?;
    let base = running.base_url.clone();
    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let r = client
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"username": crate::demo::DEMO_USERNAME, "password": crate::demo::DEMO_PASSWORD}))
        .send()
        .await?;
    anyhow::ensure!(r.status().is_success(), "could not sign in: {}", r.status());

    // Values that exist in the seeded data.
    let first: Value = client
        .get(format!("{base}/api/calls?limit=1"))
        .send()
        .await?
        .json()
        .await?;
    let call = &first["calls"][0];
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let (campaign, buyer) = (
        text(&call["campaignId"]),
        call["buyerId"].as_i64().unwrap_or(0),
    );
    let (caller, sid) = (text(&call["fromNumber"]), text(&call["callSid"]));
    let today = jiff::Zoned::now().date();
    let week_ago = today.checked_sub(jiff::Span::new().days(6))?;

    let n = args.samples;
    let mut rows = vec![
        time(&client, n, "baseline: GET /api/auth/user", None, |c| {
            c.get(format!("{base}/api/auth/user"))
        })
        .await?,
    ];
    let lists: [(&str, String); 12] = [
        ("no filter", String::new()),
        ("status=completed", "status=completed".into()),
        ("campaign", format!("campaignId={campaign}")),
        ("buyer", format!("buyerId={buyer}")),
        ("caller state", "callerState=TX".into()),
        ("caller city", "callerCity=miami".into()),
        ("last 7 days", format!("from={week_ago}&to={today}")),
        ("revenue >= 50", "minRevenue=50".into()),
        (
            "whole number",
            format!("search={}", caller.replace('+', "%2B")),
        ),
        ("CallSid", format!("search={sid}")),
        (
            "CallSid prefix",
            format!("search={}", sid.get(..10).unwrap_or(&sid)),
        ),
        ("sorted by revenue", "sort=revenue&order=desc".into()),
    ];
    for (name, query) in lists {
        let url = format!("{base}/api/calls?limit=50&{query}");
        rows.push(
            time(
                &client,
                n,
                &format!("call list, {name}"),
                Some(LIST_GOAL_MS),
                |c| c.get(&url),
            )
            .await?,
        );
    }
    let run = |dims: Value, metrics: Value| json!({"dimensions": dims, "metrics": metrics, "range": "last30"});
    let aggregates: [(&str, Option<Value>); 6] = [
        ("dashboard history, 30 days", None),
        (
            "report by campaign",
            Some(run(
                json!(["campaign"]),
                json!(["calls", "converted", "revenue", "profit"]),
            )),
        ),
        (
            "report by day",
            Some(run(
                json!(["day"]),
                json!(["calls", "revenue", "conversionRate"]),
            )),
        ),
        (
            "report by hour of day",
            Some(run(json!(["hour"]), json!(["calls"]))),
        ),
        (
            "report by buyer x state",
            Some(run(
                json!(["buyer", "state"]),
                json!(["calls", "revenue", "averageDuration"]),
            )),
        ),
        (
            "report by campaign x day",
            Some(run(json!(["campaign", "day"]), json!(["calls", "revenue"]))),
        ),
    ];
    for (name, body) in aggregates {
        let timed = match body {
            None => {
                time(&client, n, name, Some(AGGREGATE_GOAL_MS), |c| {
                    c.get(format!("{base}/api/stats/historical?days=30"))
                })
                .await?
            }
            Some(b) => {
                time(&client, n, name, Some(AGGREGATE_GOAL_MS), |c| {
                    c.post(format!("{base}/api/reports/run")).json(&b)
                })
                .await?
            }
        };
        rows.push(timed);
    }
    running.stop().await;

    let baseline = rows[0].p95.max(0.001);
    println!("\n{kind:?} ({} calls)", args.calls);
    println!(
        "{:<40} {:>9} {:>9} {:>10} {:>8}  goal",
        "query", "p50 ms", "p95 ms", "p95/base", ""
    );
    let mut missed = 0;
    for r in &rows {
        let verdict = match r.goal {
            Some(g) if r.p95 <= g => format!("ok (<= {g:.0} ms)"),
            Some(g) => {
                missed += 1;
                format!("MISSED (<= {g:.0} ms)")
            }
            None => String::new(),
        };
        println!(
            "{:<40} {:>9.1} {:>9.1} {:>9.1}x  {verdict}",
            r.name,
            r.p50,
            r.p95,
            r.p95 / baseline
        );
    }
    Ok(missed)
}
