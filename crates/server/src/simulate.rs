//! `callcenter simulate`: which buyer a campaign would give a call to, and
//! the decision trace, from the command line (no dialling, no counting).

use anyhow::{Context, anyhow};
use routing::{MemoryCounters, TraceResult};

use crate::config::Config;

/// What to simulate.
#[derive(clap::Args)]
pub struct SimulateArgs {
    /// Campaign id (UUID).
    #[arg(long)]
    pub campaign: String,
    /// The caller's number, any common format.
    #[arg(long, default_value = "+12125550100")]
    pub caller: String,
    /// The caller's state (e.g. NY).
    #[arg(long)]
    pub state: Option<String>,
    /// When the call happens (RFC 3339); now when absent.
    #[arg(long)]
    pub at: Option<String>,
}

pub async fn run(config: &Config, args: SimulateArgs) -> anyhow::Result<()> {
    let store = crate::serve::open_store(config).await?;
    let snapshot = store
        .load_routing_snapshot()
        .await
        .context("could not load the routing configuration")?;
    store.close().await;
    let caller = domain::E164::parse(&args.caller, "US").map_err(|e| anyhow!("--caller {e}"))?;
    let at = match args.at {
        Some(t) => t
            .parse::<jiff::Timestamp>()
            .map_err(|_| anyhow!("--at must be RFC 3339, e.g. 2026-11-25T14:00:00Z"))?,
        None => jiff::Timestamp::now(),
    };
    let call = routing::IncomingCall {
        call_sid: "simulation".into(),
        to: String::new(),
        from: caller.into_string(),
        caller_state: args.state,
        caller_city: None,
        caller_zip: None,
    };
    // A fresh process has no live counts: caps show as unused.
    let counters = MemoryCounters::new();
    let decision = routing::simulate(&snapshot, &counters, &args.campaign, &call, at, 0)
        .ok_or_else(|| anyhow!("no live campaign with id {}", args.campaign))?;
    println!("campaign {} at {at}", args.campaign);
    println!("outcome: {}", serde_json::to_string(&decision.outcome)?);
    match decision.candidates.first() {
        Some(c) if matches!(decision.outcome, routing::Outcome::Routed) => {
            println!(
                "would ring: {} ({}) at {}, payout {}",
                c.buyer_name,
                c.buyer_id,
                c.number,
                c.payout.to_decimal_string(2)
            );
        }
        _ => println!("would ring: nobody"),
    }
    println!("trace:");
    for t in &decision.trace {
        let result = match t.result {
            TraceResult::Eligible => "eligible",
            TraceResult::Selected => "selected",
            TraceResult::Skipped => "skipped",
        };
        println!(
            "  {:<8} {} ({}){}",
            result,
            t.buyer_name,
            t.buyer_id,
            t.reason
                .as_deref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default()
        );
    }
    for note in &decision.notes {
        println!("note: {note}");
    }
    Ok(())
}
