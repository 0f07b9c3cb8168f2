//! `callcenter bench events`: outbound events end to end, on each
//! database, on loopback.
//!
//! The seeded account gets a webhook endpoint subscribed to
//! `call.incoming` that points at a local receiver, and the outbound
//! workers run as in `serve`. Two measures:
//! - Delivery: `--events` signed incoming calls at `--event-rate` calls
//!   per second, one event each. For every message the receiver takes the
//!   time from the event's `timestamp` (when the call was written, in the
//!   same transaction as its event) to its arrival: p50, p99 and the
//!   maximum, goal p99 ≤ 1 s; every event must arrive, once.
//! - The call path: the voice webhook's latency at `--rate` calls/s for
//!   `--seconds`, first with the endpoint disabled (the database triggers
//!   then write no event: the baseline of the same run), then enabled
//!   with deliveries running; goal p99 ≤ 10 ms with deliveries.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::HeaderMap;
use axum::routing::post;

use super::servers::{self, AUTH_TOKEN, Database, Running};
use crate::loadgen::stats::{Latencies, ms};
use crate::loadgen::{self, Carrier, Plan, Report};

const DELIVERY_P99_GOAL_MS: f64 = 1_000.0;
const P99_GOAL_MS: f64 = 10.0;
/// How long the receiver waits for stragglers after the last call.
const DRAIN: Duration = Duration::from_secs(30);

#[derive(clap::Args, Debug)]
pub struct EventsArgs {
    /// Calls (one event each) of the delivery measure.
    #[arg(long, default_value_t = 10_000)]
    pub events: u64,
    /// Calls per second of the delivery measure.
    #[arg(long, default_value_t = 500.0)]
    pub event_rate: f64,
    /// Calls per second of the call-path measure.
    #[arg(long, default_value_t = 1000.0)]
    pub rate: f64,
    /// Seconds of each call-path run (without, then with deliveries).
    #[arg(long, default_value_t = 5.0)]
    pub seconds: f64,
    /// Database of our server (`both` skips PostgreSQL when none answers).
    #[arg(long, value_enum, default_value_t = Database::Both)]
    pub database: Database,
    /// Exit with an error when a goal is missed.
    #[arg(long)]
    pub strict: bool,
}

/// What the receiver saw.
#[derive(Default)]
struct Seen {
    took: Latencies,
    ids: HashSet<String>,
    duplicates: u64,
    unreadable: u64,
}

async fn start_receiver(seen: Arc<Mutex<Seen>>) -> anyhow::Result<Running> {
    let hook = move |headers: HeaderMap, body: String| {
        let seen = seen.clone();
        async move {
            let now = jiff::Timestamp::now();
            let id = headers
                .get("webhook-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            let written = serde_json::from_str::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v["timestamp"].as_str()?.parse::<jiff::Timestamp>().ok());
            let mut s = seen.lock().unwrap_or_else(|p| p.into_inner());
            match written {
                Some(at) => {
                    let us = now.as_microsecond() - at.as_microsecond();
                    if s.ids.insert(id) {
                        s.took.record(Duration::from_micros(us.max(0) as u64));
                    } else {
                        s.duplicates += 1;
                    }
                }
                None => s.unreadable += 1,
            }
            "ok"
        }
    };
    Running::start(Router::new().route("/hook", post(hook))).await
}

fn plan(carrier: &Carrier, to: &[String], rate: f64, seconds: f64) -> Plan {
    Plan {
        carrier: carrier.clone(),
        to: to.to_vec(),
        rate,
        duration: Duration::from_secs_f64(seconds),
        concurrency: 512,
        status_callbacks: false,
        time_scale: 100.0,
    }
}

/// The p99 of a run, and why it is unsound (none: sound).
fn judged(r: &Report, rate: f64) -> (Option<u32>, Vec<String>) {
    let mut why = Vec::new();
    if r.calls.error_count() > 0 {
        why.push(format!("errors {}", r.calls.errors_text()));
    }
    if r.missed > 0 || r.achieved_rate() < 0.95 * rate {
        why.push(format!(
            "rate not kept ({} missed, {:.0} calls/s)",
            r.missed,
            r.achieved_rate()
        ));
    }
    (r.calls.latencies.summary().p99, why)
}

pub async fn run(a: EventsArgs) -> anyhow::Result<()> {
    if !(1..=200_000).contains(&a.events) {
        anyhow::bail!("--events must be between 1 and 200000");
    }
    if !(a.event_rate >= 1.0 && a.event_rate <= 5_000.0) {
        anyhow::bail!("--event-rate must be between 1 and 5000");
    }
    if !(a.rate >= 1.0 && a.rate <= 20_000.0) {
        anyhow::bail!("--rate must be between 1 and 20000");
    }
    if !(a.seconds > 0.0 && a.seconds <= 30.0) {
        anyhow::bail!("--seconds must be between 0 and 30");
    }
    super::quiet_production_logs();
    println!(
        "CallCenter Pro events benchmark (build: {}): {} call.incoming events at {:.0}/s to a local webhook receiver, \
         then the voice webhook at {:.0} calls/s for {:.1} s without and with deliveries; one process on loopback",
        super::build_kind(),
        a.events,
        a.event_rate,
        a.rate,
        a.seconds
    );
    let databases = match a.database {
        Database::Both => vec![Database::Sqlite, Database::Postgres],
        one => vec![one],
    };
    let mut lines = Vec::new();
    let mut failed = false;
    for db in databases {
        let name = if db == Database::Postgres {
            "postgres"
        } else {
            "sqlite"
        };
        let ours = match servers::start_ours_with_events(db).await {
            Ok(o) => o,
            Err(e) if a.database == Database::Both && db == Database::Postgres => {
                println!("postgres: skipped ({e:#}); set TEST_DATABASE_URL to include it");
                continue;
            }
            Err(e) => return Err(e.context(format!("could not start our server on {name}"))),
        };
        let r = measure(&a, name, &ours).await;
        ours.stop().await;
        let (line, met) = r?;
        failed |= !met;
        lines.push(line);
    }
    println!();
    println!(
        "{:<9} {:>9} {:>10} {:>10} {:>10} {:>6} {:>13} {:>13}  goal: delivery p99 <= {DELIVERY_P99_GOAL_MS:.0} ms, all once; webhook p99 <= {P99_GOAL_MS} ms with deliveries",
        "server", "delivered", "p50 ms", "p99 ms", "max ms", "dupes", "hook p99 off", "hook p99 on"
    );
    for l in lines {
        println!("{l}");
    }
    if a.strict && failed {
        anyhow::bail!("a goal was missed");
    }
    Ok(())
}

/// One database: its table line, and whether every goal was met.
async fn measure(
    a: &EventsArgs,
    name: &str,
    ours: &servers::Ours,
) -> anyhow::Result<(String, bool)> {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let receiver = start_receiver(seen.clone()).await?;
    let endpoint = store::outbox::EndpointFields {
        kind: "webhook",
        name: None,
        url: format!("{}/hook", receiver.base_url),
        description: Some("bench receiver".into()),
        event_types: r#"["call.incoming"]"#.into(),
        campaign_ids: "[]".into(),
        headers: "{}".into(),
        enabled: false,
        method: "POST".into(),
        body_template: None,
        basic_auth: None,
        conditions: "[]".into(),
        max_fires: None,
        connector: None,
        settings: "{}".into(),
        credentials: None,
    };
    let made = ours
        .store
        .create_endpoint(ours.account, &endpoint, &events::new_secret())
        .await?;
    let url = &ours.running.base_url;
    let carrier = Carrier::new(url, url, AUTH_TOKEN, 64, 5.0)?;

    // The call path without events: the endpoint is disabled.
    let off = loadgen::open_loop(&plan(&carrier, &ours.numbers, a.rate, a.seconds)).await;
    let (off_p99, off_why) = judged(&off, a.rate);

    // Deliveries: every event once, within the goal.
    let on = store::outbox::EndpointFields {
        enabled: true,
        ..endpoint
    };
    ours.store
        .update_endpoint(ours.account, made.id, &on)
        .await?;
    println!("{name}: delivering {} events…", a.events);
    let seconds = a.events as f64 / a.event_rate;
    let sent = loadgen::open_loop(&plan(&carrier, &ours.numbers, a.event_rate, seconds)).await;
    let expected = sent.calls.latencies.summary().count as u64;
    let deadline = tokio::time::Instant::now() + DRAIN;
    while tokio::time::Instant::now() < deadline {
        if seen.lock().unwrap_or_else(|p| p.into_inner()).ids.len() as u64 >= expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The delivery measure ends here; later events are the call path's.
    let s = std::mem::take(&mut *seen.lock().unwrap_or_else(|p| p.into_inner()));

    // The call path while deliveries run.
    let during = loadgen::open_loop(&plan(&carrier, &ours.numbers, a.rate, a.seconds)).await;
    let (on_p99, on_why) = judged(&during, a.rate);
    tokio::time::sleep(Duration::from_secs(2)).await;
    receiver.stop().await;
    let d = s.took.summary();
    let mut why = Vec::new();
    if d.p99
        .is_none_or(|us| f64::from(us) / 1e3 > DELIVERY_P99_GOAL_MS)
    {
        why.push(format!("delivery p99 above {DELIVERY_P99_GOAL_MS:.0} ms"));
    }
    if (d.count as u64) < expected {
        why.push(format!("{} of {expected} events arrived in time", d.count));
    }
    if s.duplicates > 0 || s.unreadable > 0 {
        why.push(format!(
            "{} duplicates, {} unreadable",
            s.duplicates, s.unreadable
        ));
    }
    if sent.calls.error_count() > 0 {
        why.push(format!("call errors {}", sent.calls.errors_text()));
    }
    if on_p99.is_none_or(|us| f64::from(us) / 1e3 > P99_GOAL_MS) {
        why.push(format!(
            "webhook p99 above {P99_GOAL_MS} ms with deliveries"
        ));
    }
    why.extend(
        off_why
            .into_iter()
            .map(|w| format!("without deliveries: {w}")),
    );
    why.extend(on_why.into_iter().map(|w| format!("with deliveries: {w}")));
    let met = why.is_empty();
    let line = format!(
        "{name:<9} {:>9} {:>10} {:>10} {:>10} {:>6} {:>13} {:>13}  {}",
        format!("{}/{expected}", d.count),
        ms(d.p50),
        ms(d.p99),
        ms(d.max),
        s.duplicates,
        ms(off_p99),
        ms(on_p99),
        if met {
            "met".to_string()
        } else {
            format!("MISSED: {}", why.join("; "))
        }
    );
    Ok((line, met))
}
