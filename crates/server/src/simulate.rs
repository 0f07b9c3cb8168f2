//! `callcenter simulate`: which buyer a campaign would give a call to, and
//! the decision trace, from the command line (no dialling, no counting).
//! It answers from the same live state a server rebuilds on start (the
//! stored calls' counts, open calls, recent callers, the round-robin
//! turn) and through the same code as the campaign's Test call panel.

use std::time::Duration;

use anyhow::{Context, anyhow};
use routing::TraceResult;

use crate::config::Config;

/// What to simulate.
#[derive(clap::Args)]
pub struct SimulateArgs {
    /// Campaign id (UUID).
    #[arg(long)]
    pub campaign: domain::CampaignId,
    /// The caller's number, any common format.
    #[arg(long, default_value = "+12125550100")]
    pub caller: String,
    /// The caller's state (e.g. NY).
    #[arg(long)]
    pub state: Option<String>,
    /// When the call happens (RFC 3339); now when absent.
    #[arg(long)]
    pub at: Option<String>,
    /// RTB campaigns: run a real test auction against the bidders.
    #[arg(long)]
    pub auction: bool,
}

pub async fn run(config: &Config, args: SimulateArgs) -> anyhow::Result<()> {
    let store = crate::serve::open_store(config).await?;
    let live = callpath::LiveState::default();
    api::webhooks::routing_state::refresh(&live, &store)
        .await
        .context("could not load the routing configuration")?;
    let max_call = Duration::from_secs(config.max_call_minutes.max(1) as u64 * 60);
    api::webhooks::routing_state::restore_counters(&live, &store, max_call)
        .await
        .context("could not count the stored calls")?;
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
    let bidder = if args.auction {
        Some(rtb::client(config.rtb_allow_private_endpoints)?)
    } else {
        None
    };
    let sim = callpath::simulate::simulate(&live, bidder.as_ref(), &args.campaign, &call, at, 0)
        .await
        .ok_or_else(|| anyhow!("no live campaign with id {}", args.campaign))?;
    let decision = sim.decision;
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
    if let Some(a) = &sim.auction {
        println!(
            "auction: floor {}, deadline {} ms",
            a.floor.to_decimal_string(2),
            a.deadline_ms
        );
        for t in &a.targets {
            let what = if t.pinged {
                "pinged".to_string()
            } else {
                format!("not pinged: {}", t.reason.as_deref().unwrap_or("capped"))
            };
            println!(
                "  bidder {} ({}), priority {}: {what}",
                t.name, t.id, t.priority
            );
        }
        if let Some(test) = &a.test {
            println!("test auction ({} ms):", test.total_ms);
            for (i, b) in test.bids.iter().enumerate() {
                println!(
                    "  {}{} ({}): {} {}",
                    if test.winner == Some(i) {
                        "winner "
                    } else {
                        ""
                    },
                    b.target_id,
                    b.status.as_str(),
                    b.amount.map(|m| m.to_decimal_string(2)).unwrap_or_default(),
                    b.rejection.map(|r| r.reason).unwrap_or_default()
                );
            }
        }
    }
    println!(
        "unknown: calls a running server answered but has not written yet are not counted here"
    );
    for u in &sim.unknowns {
        println!("unknown: {u}");
    }
    Ok(())
}
