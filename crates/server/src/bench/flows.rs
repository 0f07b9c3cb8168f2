//! `callcenter bench flows`: call flow steps on live calls, driven by
//! signed webhooks at a fixed rate, against the fixed-answer baseline at
//! the same rate (the floor the machine and the generator set).
//!
//! Each simulated call walks a seven-node flow (menu → gather → router →
//! custom logic → play → splitter → the buyers) in three requests: the
//! incoming call (the flow starts and asks at the menu), a key press (the
//! zip code is asked) and the zip code (a 20-line script scores the caller
//! in the sandbox, and the flow routes to a buyer). Every request is a
//! step: its latency is measured, its answer checked.
//!
//! The sandbox is also measured on its own: the same 20-line script run
//! in-process against the smallest script (`return 'hot'`, the cost of a
//! fresh sandbox), and an endless loop, which must end at the time limit
//! and take the node's error output.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::servers::{self, AUTH_TOKEN, Database};
use crate::loadgen::stats::{Latencies, Summary, ms};
use crate::loadgen::{Carrier, FakeCall};

/// Steps a request of the flow must answer 99% within.
const P99_GOAL_MS: f64 = 10.0;
/// A 20-line script must run 99% within (a fresh sandbox included).
const SCRIPT_P99_GOAL_MS: f64 = 5.0;
/// Scripts run per measured series.
const SCRIPT_RUNS: usize = 2_000;

/// The benchmark's 20-line script: scores a caller from the zip code, the
/// time of day and the area code.
pub const SCRIPT: &str = r#"// Score a caller from the zip code and the time of day.
const zip = String(vars.zip || "");
const prefix = zip.slice(0, 2);
const weights = { "33": 30, "32": 20, "34": 15, "90": 10 };
let score = weights[prefix] || 5;
const hour = new Date(call.time).getUTCHours();
if (hour >= 13 && hour <= 22) score += 10;
if (call.areaCode && call.areaCode.startsWith("3")) score += 5;
const digits = zip.split("").map(Number);
const sum = digits.reduce((a, b) => a + b, 0);
if (sum % 2 === 0) score += 3;
const tags = [];
for (const [k, v] of Object.entries(weights)) {
  if (v > 15 && prefix === k) tags.push("preferred-" + k);
}
const tier = score >= 40 ? "gold" : score >= 20 ? "silver" : "bronze";
if (tier === "bronze" && tags.length === 0) {
  return { output: "cold", vars: { score: String(score), tier } };
}
return { output: "hot", vars: { score: String(score), tier: tier + (tags.length ? "+" : "") } };"#;
const FLOW_PATH: &str = "/api/webhooks/twilio/flow";

#[derive(clap::Args, Debug)]
pub struct FlowsArgs {
    /// Seconds of steps offered per database.
    #[arg(long, default_value_t = 5.0)]
    pub seconds: f64,
    /// Flow steps per second offered (three per call).
    #[arg(long, default_value_t = 500.0)]
    pub rate: f64,
    /// Database of our server (`both` skips PostgreSQL when none answers).
    #[arg(long, value_enum, default_value_t = Database::Both)]
    pub database: Database,
    /// Exit with an error when a goal is missed.
    #[arg(long)]
    pub strict: bool,
}

fn say(text: &str) -> Value {
    json!({"kind": "say", "text": text})
}

/// The benchmark's six-node flow.
pub fn flow() -> Value {
    json!({
        "nodes": [
            {"id": "start", "type": "start"},
            {"id": "menu", "type": "menu", "data": {"prompt": say("Press 1 for a quote"), "keys": ["1", "2"]}},
            {"id": "zip", "type": "gather", "data": {"prompt": say("Enter your zip code"), "variable": "zip", "minDigits": 5, "maxDigits": 5}},
            {"id": "router", "type": "router", "data": {"routes": [
                {"name": "florida", "conditions": [{"operand": {"kind": "variable", "name": "zip"}, "operator": "beginsWith", "values": ["33"]}]}
            ]}},
            {"id": "score", "type": "customLogic", "data": {"script": SCRIPT, "outputs": ["hot", "cold"], "sets": ["score", "tier"]}},
            {"id": "hello", "type": "play", "data": {"prompt": say("Connecting you now")}},
            {"id": "split", "type": "splitter", "data": {"testName": "Bench", "branches": [{"name": "a", "weight": 50}, {"name": "b", "weight": 50}]}},
            {"id": "buyers", "type": "routeToBuyers"},
            {"id": "bye", "type": "hangup"}
        ],
        "edges": [
            {"id": "e1", "source": "start", "sourceHandle": "next", "target": "menu"},
            {"id": "e2", "source": "menu", "sourceHandle": "1", "target": "zip"},
            {"id": "e3", "source": "menu", "sourceHandle": "2", "target": "zip"},
            {"id": "e4", "source": "menu", "sourceHandle": "timeout", "target": "bye"},
            {"id": "e5", "source": "menu", "sourceHandle": "invalid", "target": "bye"},
            {"id": "e6", "source": "zip", "sourceHandle": "success", "target": "router"},
            {"id": "e7", "source": "zip", "sourceHandle": "timeout", "target": "bye"},
            {"id": "e8", "source": "zip", "sourceHandle": "invalid", "target": "bye"},
            {"id": "e9", "source": "router", "sourceHandle": "florida", "target": "score"},
            {"id": "e10", "source": "router", "sourceHandle": "default", "target": "score"},
            {"id": "e14", "source": "score", "sourceHandle": "hot", "target": "hello"},
            {"id": "e15", "source": "score", "sourceHandle": "cold", "target": "hello"},
            {"id": "e16", "source": "score", "sourceHandle": "error", "target": "bye"},
            {"id": "e11", "source": "hello", "sourceHandle": "next", "target": "split"},
            {"id": "e12", "source": "split", "sourceHandle": "a", "target": "buyers"},
            {"id": "e13", "source": "split", "sourceHandle": "b", "target": "buyers"}
        ]
    })
}

/// A request of a call: its path, its form, and what its answer holds.
type Request<'a> = (String, Vec<(String, String)>, &'a str);

#[derive(Default)]
struct Measured {
    steps: Latencies,
    errors: Vec<String>,
    calls_routed: u64,
    calls: u64,
}

/// One call through the flow (or, `baseline`, three requests to the
/// fixed answer).
async fn one_call(carrier: &Carrier, to: &str, baseline: bool, into: &Mutex<Measured>) {
    let call = FakeCall::random(to);
    let sid = call.sid.clone();
    let voice = call.voice_params(carrier.account_sid());
    let step = |digits: &str| {
        vec![
            ("CallSid".to_string(), sid.clone()),
            ("Digits".to_string(), digits.to_string()),
        ]
    };
    let requests: [Request<'_>; 3] = if baseline {
        let p = crate::loadgen::VOICE_PATH.to_string();
        [
            (p.clone(), voice, ""),
            (p.clone(), step("1"), ""),
            (p, step("33101#"), ""),
        ]
    } else {
        [
            (crate::loadgen::VOICE_PATH.into(), voice, "<Gather"),
            (format!("{FLOW_PATH}?seq=1"), step("1"), "<Gather"),
            (format!("{FLOW_PATH}?seq=2"), step("33101#"), "<Dial"),
        ]
    };
    let mut routed = true;
    for (path, params, expect) in requests {
        let (took, answer) = carrier.send(&path, &params).await;
        let mut m = into.lock().unwrap_or_else(|p| p.into_inner());
        m.steps.record(took);
        match answer {
            Ok(body) if body.contains(expect) => {}
            Ok(_) => {
                routed = false;
                m.errors.push(format!("unexpected answer at {path}"));
                break;
            }
            Err(e) => {
                routed = false;
                m.errors.push(e);
                break;
            }
        }
    }
    let mut m = into.lock().unwrap_or_else(|p| p.into_inner());
    m.calls += 1;
    m.calls_routed += u64::from(routed);
}

/// Offer calls (three steps each) at `rate` steps/s for `seconds`.
async fn offer(
    carrier: &Carrier,
    numbers: &[String],
    rate: f64,
    seconds: f64,
    baseline: bool,
) -> Measured {
    let measured = Arc::new(Mutex::new(Measured::default()));
    let calls = ((rate / 3.0) * seconds).ceil() as usize;
    let every = Duration::from_secs_f64(3.0 / rate);
    let started = Instant::now();
    let slots = Arc::new(tokio::sync::Semaphore::new(512));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..calls {
        tokio::time::sleep_until((started + every * i as u32).into()).await;
        let Ok(permit) = slots.clone().try_acquire_owned() else {
            measured
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .errors
                .push("no free slot: the server fell behind".into());
            continue;
        };
        let (carrier, to, m) = (
            carrier.clone(),
            numbers[i % numbers.len()].clone(),
            measured.clone(),
        );
        tasks.spawn(async move {
            one_call(&carrier, &to, baseline, &m).await;
            drop(permit);
        });
    }
    while tasks.join_next().await.is_some() {}
    std::mem::take(&mut *measured.lock().unwrap_or_else(|p| p.into_inner()))
}

fn row(name: &str, m: &Measured, floor: &Summary) -> (String, bool) {
    let s = m.steps.summary();
    let p99 = s.p99.map(|us| f64::from(us) / 1e3);
    let met = m.errors.is_empty() && p99.is_some_and(|p| p <= P99_GOAL_MS);
    let ratio = match (s.p99, floor.p99) {
        (Some(a), Some(b)) if b > 0 => format!("{:.1}x", f64::from(a) / f64::from(b)),
        _ => "-".into(),
    };
    (
        format!(
            "{name:<9} {:>7} {:>9} {:>9} {:>9} {:>12} {:>7} {:>6}  {}",
            s.count,
            ms(s.p50),
            ms(s.p99),
            ms(s.max),
            ratio,
            format!("{}/{}", m.calls_routed, m.calls),
            m.errors.len(),
            if met { "met" } else { "MISSED" }
        ),
        met,
    )
}

/// A script of the benchmark, as the engine hands it out.
fn script(source: &str) -> flows::sandbox::Script {
    flows::sandbox::Script {
        node_id: "score".into(),
        source: source.into(),
        outputs: vec!["hot".into(), "cold".into()],
        sets: vec!["score".into(), "tier".into()],
        call: flows::engine::CallFacts {
            call_sid: "CAbench".into(),
            caller: "+13055550100".into(),
            called: "+18005550100".into(),
            ..Default::default()
        },
        vars: std::collections::BTreeMap::from([("zip".to_string(), "33101".to_string())]),
        now_ms: jiff::Timestamp::now().as_millisecond(),
    }
}

/// Run `source` in the sandbox `runs` times in a row; the latencies, and
/// the first failure.
fn time_script(source: &str, runs: usize) -> (Latencies, Option<String>) {
    let s = script(source);
    let mut took = Latencies::default();
    let mut failure = None;
    for _ in 0..runs {
        let started = Instant::now();
        let result = flows::sandbox::run(&s);
        took.record(started.elapsed());
        if let Err(e) = result {
            failure.get_or_insert(e);
        }
    }
    (took, failure)
}

/// The sandbox on its own: the 20-line script against the smallest one,
/// and an endless loop. Whether the goals were met.
async fn sandbox_rows() -> anyhow::Result<bool> {
    let (floor, scored, looping) = tokio::task::spawn_blocking(|| {
        let floor = time_script("return 'hot'", SCRIPT_RUNS);
        let scored = time_script(SCRIPT, SCRIPT_RUNS);
        let looping = time_script("while (true) {}", 5);
        (floor, scored, looping)
    })
    .await?;
    let (f, s, l) = (floor.0.summary(), scored.0.summary(), looping.0.summary());
    let script_ok = scored.1.is_none() && floor.1.is_none();
    let met = script_ok
        && s.p99
            .is_some_and(|us| f64::from(us) / 1e3 <= SCRIPT_P99_GOAL_MS);
    let limit = flows::sandbox::TIME_LIMIT.as_millis();
    let loop_met = looping.1.as_deref() == Some(&format!("the script ran longer than {limit} ms"))
        && l.max.is_some_and(|us| u128::from(us) < limit * 1000 * 2);
    let ratio = match (s.p99, f.p99) {
        (Some(a), Some(b)) if b > 0 => format!("{:.1}x", f64::from(a) / f64::from(b)),
        _ => "-".into(),
    };
    println!();
    println!(
        "{:<22} {:>6} {:>9} {:>9} {:>9} {:>9}  goal",
        "sandbox", "runs", "p50 ms", "p99 ms", "max ms", "p99/base"
    );
    println!(
        "{:<22} {:>6} {:>9} {:>9} {:>9} {:>9}",
        "return 'hot' (base)",
        f.count,
        ms(f.p50),
        ms(f.p99),
        ms(f.max),
        "-"
    );
    println!(
        "{:<22} {:>6} {:>9} {:>9} {:>9} {:>9}  p99 <= {SCRIPT_P99_GOAL_MS} ms: {}",
        "20-line script",
        s.count,
        ms(s.p50),
        ms(s.p99),
        ms(s.max),
        ratio,
        if met { "met" } else { "MISSED" }
    );
    println!(
        "{:<22} {:>6} {:>9} {:>9} {:>9} {:>9}  ends at {limit} ms, error output: {}",
        "while (true) {}",
        l.count,
        ms(l.p50),
        ms(l.p99),
        ms(l.max),
        "-",
        if loop_met { "met" } else { "MISSED" }
    );
    if let Some(e) = scored.1.or(floor.1) {
        println!("the script failed: {e}");
    }
    Ok(met && loop_met)
}

pub async fn run(a: FlowsArgs) -> anyhow::Result<()> {
    if !(a.seconds > 0.0 && a.seconds <= 30.0) {
        anyhow::bail!("--seconds must be between 0 and 30");
    }
    if !(a.rate >= 3.0 && a.rate <= 5_000.0) {
        anyhow::bail!("--rate must be between 3 and 5000 steps per second");
    }
    super::quiet_production_logs();
    println!(
        "CallCenter Pro call flow benchmark (build: {}): {:.0} steps/s for {:.1} s per database, \
         three signed requests per call through a seven-node flow with a script; one process on loopback, \
         compare the ratio to the baseline at the same rate",
        super::build_kind(),
        a.rate,
        a.seconds
    );
    let baseline = servers::start_baseline().await?;
    let base = Carrier::new(&baseline.base_url, &baseline.base_url, AUTH_TOKEN, 64, 5.0)?;
    let floor = offer(
        &base,
        &["+18562813800".to_string()],
        a.rate,
        a.seconds,
        true,
    )
    .await;
    baseline.stop().await;
    let floor_summary = floor.steps.summary();
    let mut lines = vec![row("baseline", &floor, &floor_summary).0];
    let mut failed = false;
    let databases = match a.database {
        Database::Both => vec![Database::Sqlite, Database::Postgres],
        one => vec![one],
    };
    let graph = flow();
    for db in databases {
        let name = if db == Database::Postgres {
            "postgres"
        } else {
            "sqlite"
        };
        let ours = match servers::start_ours_with(db, Some(&graph)).await {
            Ok(o) => o,
            Err(e) if a.database == Database::Both && db == Database::Postgres => {
                println!("postgres: skipped ({e:#}); set TEST_DATABASE_URL to include it");
                continue;
            }
            Err(e) => return Err(e.context(format!("could not start our server on {name}"))),
        };
        let url = ours.running.base_url.clone();
        let carrier = Carrier::new(&url, &url, AUTH_TOKEN, 64, 5.0)?;
        let m = offer(&carrier, &ours.numbers, a.rate, a.seconds, false).await;
        ours.stop().await;
        let (line, met) = row(name, &m, &floor_summary);
        if let Some(e) = m.errors.first() {
            println!("{name}: {} errors, the first: {e}", m.errors.len());
        }
        failed |= !met;
        lines.push(line);
    }
    println!();
    println!(
        "{:<9} {:>7} {:>9} {:>9} {:>9} {:>12} {:>7} {:>6}  goal: p99 <= {P99_GOAL_MS} ms",
        "server", "steps", "p50 ms", "p99 ms", "max ms", "p99/base", "routed", "errors"
    );
    for l in lines {
        println!("{l}");
    }
    failed |= !sandbox_rows().await?;
    if a.strict && failed {
        anyhow::bail!("a goal was missed");
    }
    Ok(())
}
