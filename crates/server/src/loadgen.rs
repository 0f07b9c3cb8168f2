//! `callcenter loadgen`: an open-loop load generator for the carrier
//! webhooks, and the pieces `callcenter bench` shares with it.
//!
//! Calls are offered on a fixed schedule (call `i` is due at `i / rate`),
//! whatever the server does: a call whose turn comes while every connection
//! slot is busy is *missed* (counted, never sent later), and a call sent
//! more than [`LATE`] after its turn is *late*; both are reported, so a slow
//! server cannot quietly lower the offered rate. Every request is a form
//! post signed as Twilio signs it. A call answered with `<Dial>` later gets
//! the buyer leg's and then the caller leg's `completed` status callbacks,
//! after a realistic call length (30 to 300 s) divided by `--time-scale`.
//! Only loopback targets are accepted unless `--allow-remote` is given.

use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use rand::Rng;
use reqwest::Url;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

mod carrier;
pub mod stats;

pub use carrier::{Answer, Carrier, FakeCall, talk_secs};

pub use stats::Tally;
#[cfg(test)]
pub use stats::percentile;

/// The voice webhook (incoming call → TwiML).
pub const VOICE_PATH: &str = "/api/webhooks/twilio";
/// The status callback webhook.
pub const STATUS_PATH: &str = "/api/webhooks/twilio/status";
/// A call sent later than this after its turn counts as late.
pub const LATE: Duration = Duration::from_millis(5);
/// Longest run accepted, so that a load test is always bounded.
const MAX_DURATION_SECS: f64 = 3600.0;

#[derive(clap::Args, Clone, Debug)]
pub struct LoadgenArgs {
    /// Base URL of the server under load (loopback unless --allow-remote).
    #[arg(long, default_value = "http://127.0.0.1:5000")]
    pub target: String,
    /// Incoming calls offered per second.
    #[arg(long, default_value_t = 200.0)]
    pub rate: f64,
    /// Seconds to offer calls for.
    #[arg(long, default_value_t = 10.0)]
    pub duration: f64,
    /// Tracking numbers to call (E.164, comma separated), used in turn.
    #[arg(long, value_delimiter = ',', default_value = "+18562813889")]
    pub to: Vec<String>,
    /// The carrier auth token the server checks signatures with.
    #[arg(long, env = "CALLCENTER_TWILIO_AUTH_TOKEN", hide_env_values = true)]
    pub auth_token: Option<String>,
    /// The base URL signatures are computed over (the server's
    /// CALLCENTER_PUBLIC_URL); default: the target.
    #[arg(long)]
    pub public_url: Option<String>,
    /// Requests in flight at most (connection slots).
    #[arg(long, default_value_t = 64)]
    pub concurrency: usize,
    /// Send status callbacks for routed calls.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub status_callbacks: bool,
    /// How much faster than real time calls end (100: a 300 s call lasts 3 s).
    #[arg(long, default_value_t = 100.0)]
    pub time_scale: f64,
    /// Seconds before a request counts as timed out.
    #[arg(long, default_value_t = 5.0)]
    pub timeout: f64,
    /// Allow a target that is not on this machine's loopback interface.
    #[arg(long)]
    pub allow_remote: bool,
}

/// A validated load: what to send, where, how fast and for how long.
#[derive(Clone, Debug)]
pub struct Plan {
    pub carrier: Carrier,
    pub to: Vec<String>,
    pub rate: f64,
    pub duration: Duration,
    pub concurrency: usize,
    pub status_callbacks: bool,
    pub time_scale: f64,
}

impl LoadgenArgs {
    pub fn plan(&self) -> anyhow::Result<Plan> {
        let target = Url::parse(&self.target).context("--target is not a URL")?;
        if !matches!(target.scheme(), "http" | "https") {
            anyhow::bail!("--target must be an http(s) URL");
        }
        if !self.allow_remote && !is_loopback(&target) {
            anyhow::bail!(
                "--target {} is not loopback (127.0.0.0/8, ::1, localhost); pass --allow-remote to load another machine",
                self.target
            );
        }
        let token = self
            .auth_token
            .clone()
            .filter(|t| !t.is_empty())
            .context("no auth token: pass --auth-token or set CALLCENTER_TWILIO_AUTH_TOKEN")?;
        if !(self.rate > 0.0 && self.rate <= 100_000.0) {
            anyhow::bail!("--rate must be between 0 and 100000 calls per second");
        }
        if !(self.duration > 0.0 && self.duration <= MAX_DURATION_SECS) {
            anyhow::bail!("--duration must be between 0 and {MAX_DURATION_SECS} seconds");
        }
        if !(1..=10_000).contains(&self.concurrency) {
            anyhow::bail!("--concurrency must be between 1 and 10000");
        }
        if !(self.time_scale >= 1.0 && self.timeout > 0.0 && self.timeout <= 60.0) {
            anyhow::bail!("--time-scale must be at least 1 and --timeout between 0 and 60 s");
        }
        let to: Vec<String> = self.to.iter().map(|t| t.trim().to_string()).collect();
        if to.iter().any(|t| !t.starts_with('+')) || to.is_empty() {
            anyhow::bail!("--to takes E.164 numbers (+18562813889)");
        }
        let base = self.target.trim_end_matches('/').to_string();
        let public_url = self.public_url.as_deref().unwrap_or(&base);
        Ok(Plan {
            carrier: Carrier::new(&base, public_url, &token, self.concurrency, self.timeout)?,
            to,
            rate: self.rate,
            duration: Duration::from_secs_f64(self.duration),
            concurrency: self.concurrency,
            status_callbacks: self.status_callbacks,
            time_scale: self.time_scale,
        })
    }
}

/// Whether `url` points at this machine's loopback interface. Names other
/// than `localhost` are refused even if they resolve to loopback.
pub fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.eq_ignore_ascii_case("localhost") || host.eq_ignore_ascii_case("localhost.") {
        return true;
    }
    host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// `callcenter loadgen`: run the plan and print the report.
pub async fn run(args: LoadgenArgs) -> anyhow::Result<()> {
    let plan = args.plan()?;
    println!(
        "loadgen: offering {:.1} calls/s for {:.1} s to {} (signatures over {}, {} connection slots, status callbacks {})",
        plan.rate,
        plan.duration.as_secs_f64(),
        plan.carrier.target,
        plan.carrier.public_url,
        plan.concurrency,
        if plan.status_callbacks { "on" } else { "off" },
    );
    let report = open_loop(&plan).await;
    report.print();
    Ok(())
}

/// What an open-loop run measured.
#[derive(Debug, Default)]
pub struct Report {
    /// Calls whose turn came.
    pub due: u64,
    /// Calls sent (due minus missed).
    pub sent: u64,
    /// Calls not sent because every connection slot was busy at their turn.
    pub missed: u64,
    /// Calls sent more than [`LATE`] after their turn, and the worst delay.
    pub late: u64,
    pub max_late: Duration,
    /// From the first turn to the last call sent.
    pub send_elapsed: Duration,
    /// The planned sending window.
    pub planned: Duration,
    pub calls: Tally,
    pub callbacks: Tally,
    /// Callbacks still waiting when the run had to stop.
    pub callbacks_abandoned: u64,
}

#[derive(Default)]
struct Shared {
    calls: Mutex<Tally>,
    callbacks: Mutex<Tally>,
}

/// Offer `plan.rate` calls/s for `plan.duration`, then wait (bounded) for
/// answers and callbacks.
pub async fn open_loop(plan: &Plan) -> Report {
    let shared = Arc::new(Shared::default());
    let slots = Arc::new(Semaphore::new(plan.concurrency));
    let total = (plan.rate * plan.duration.as_secs_f64()).round().max(1.0) as u64;
    let period = Duration::from_secs_f64(1.0 / plan.rate);
    let mut tick = tokio::time::interval(period.max(Duration::from_millis(1)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut tasks = JoinSet::new();
    let mut report = Report {
        planned: plan.duration,
        ..Report::default()
    };
    let start = Instant::now();
    while report.due < total {
        tick.tick().await;
        let now = Instant::now();
        let due = ((now - start).as_secs_f64() * plan.rate) as u64 + 1;
        while report.due < due.min(total) {
            let turn = start + period.mul_f64(report.due as f64);
            let behind = now.saturating_duration_since(turn);
            let to = &plan.to[(report.due % plan.to.len() as u64) as usize];
            report.due += 1;
            let Ok(slot) = slots.clone().try_acquire_owned() else {
                report.missed += 1;
                continue;
            };
            if behind > LATE {
                report.late += 1;
            }
            report.max_late = report.max_late.max(behind);
            report.sent += 1;
            let call = FakeCall::random(to);
            tasks.spawn(one_call(
                plan.clone(),
                shared.clone(),
                slots.clone(),
                slot,
                call,
            ));
        }
        while tasks.try_join_next().is_some() {}
    }
    report.send_elapsed = start.elapsed();
    // Answers take at most the timeout; callbacks come after the longest call.
    let drain = Duration::from_secs_f64(300.0 / plan.time_scale) + Duration::from_secs(6);
    let _ = tokio::time::timeout(drain, async { while tasks.join_next().await.is_some() {} }).await;
    report.callbacks_abandoned = tasks.len() as u64;
    tasks.abort_all();
    report.calls = take(&shared.calls);
    report.callbacks = take(&shared.callbacks);
    report
}

fn take(m: &Mutex<Tally>) -> Tally {
    std::mem::take(&mut *m.lock().unwrap_or_else(|p| p.into_inner()))
}

async fn one_call(
    plan: Plan,
    shared: Arc<Shared>,
    slots: Arc<Semaphore>,
    slot: tokio::sync::OwnedSemaphorePermit,
    call: FakeCall,
) {
    let (took, answer) = plan.carrier.incoming(&call).await;
    drop(slot);
    shared
        .calls
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .record(
            took,
            answer
                .as_ref()
                .map(|a| matches!(a, Answer::Dial(_)))
                .map_err(Clone::clone),
        );
    let Ok(Answer::Dial(Some(buyer))) = answer else {
        return;
    };
    if !plan.status_callbacks {
        return;
    }
    let (ring, talk) = {
        let mut rng = rand::thread_rng();
        (rng.gen_range(3..15), talk_secs(&mut rng))
    };
    let ends = Duration::from_secs_f64(f64::from(ring + talk) / plan.time_scale);
    tokio::time::sleep(ends).await;
    for params in call.completed_params(&plan.carrier.account_sid, &buyer, ring, talk) {
        let Ok(_slot) = slots.clone().acquire_owned().await else {
            return;
        };
        let (took, outcome) = plan.carrier.status(&params).await;
        shared
            .callbacks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .record(took, outcome.map(|()| false));
    }
}

impl Report {
    /// Calls sent per second over the planned window (or longer, when
    /// sending ran late).
    pub fn achieved_rate(&self) -> f64 {
        self.sent as f64 / self.send_elapsed.max(self.planned).as_secs_f64().max(1e-9)
    }

    pub fn print(&self) {
        println!(
            "calls: due {}, sent {}, missed (no free slot) {}, late (>{} ms behind) {} (worst {:.1} ms)",
            self.due,
            self.sent,
            self.missed,
            LATE.as_millis(),
            self.late,
            self.max_late.as_secs_f64() * 1e3
        );
        println!(
            "       ok {}, errors {}; achieved {:.1} calls/s; <Dial> answers {:.1}%",
            self.calls.ok,
            self.calls.errors_text(),
            self.achieved_rate(),
            self.calls.dial_share() * 100.0
        );
        println!("       latency {}", self.calls.latencies.summary());
        if self.callbacks.total() > 0 || self.callbacks_abandoned > 0 {
            println!(
                "status callbacks: ok {}, errors {}, calls still waiting at the end {}",
                self.callbacks.ok,
                self.callbacks.errors_text(),
                self.callbacks_abandoned
            );
            println!("       latency {}", self.callbacks.latencies.summary());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn only_loopback_targets_are_loopback() {
        for ok in [
            "http://127.0.0.1:5000",
            "http://127.8.9.10/",
            "http://localhost:5000",
            "http://LOCALHOST",
            "http://[::1]:5000/x",
            "https://127.1",
        ] {
            assert!(is_loopback(&url(ok)), "{ok}");
        }
        for remote in [
            "http://10.0.0.1:5000",
            "http://192.168.1.2",
            "http://example.com",
            "http://localhost.example.com",
            "http://[::2]:80",
            "http://0.0.0.0:5000",
            "http://[::ffff:10.0.0.1]",
        ] {
            assert!(!is_loopback(&url(remote)), "{remote}");
        }
    }

    fn args(target: &str) -> LoadgenArgs {
        LoadgenArgs {
            target: target.into(),
            rate: 10.0,
            duration: 1.0,
            to: vec!["+18562813889".into()],
            auth_token: Some("token".into()),
            public_url: None,
            concurrency: 4,
            status_callbacks: true,
            time_scale: 100.0,
            timeout: 5.0,
            allow_remote: false,
        }
    }

    #[test]
    fn a_remote_target_needs_allow_remote_and_a_token_is_required() {
        let e = args("http://10.1.2.3:5000").plan().unwrap_err().to_string();
        assert!(e.contains("--allow-remote"), "{e}");
        let mut a = args("http://10.1.2.3:5000");
        a.allow_remote = true;
        assert!(a.plan().is_ok());
        let mut a = args("http://127.0.0.1:5000/");
        a.auth_token = None;
        assert!(a.plan().unwrap_err().to_string().contains("auth token"));
        let plan = args("http://127.0.0.1:5000/").plan().unwrap();
        assert_eq!(plan.carrier.public_url, "http://127.0.0.1:5000");
        let mut a = args("http://127.0.0.1:5000");
        a.rate = 0.0;
        assert!(a.plan().is_err());
    }
}
