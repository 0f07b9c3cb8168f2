//! `callcenter seed-calls --count N [--username U] [--days D]`: realistic
//! synthetic calls for an account's campaigns, buyers and numbers, spread
//! over the last D days with a business-hours shape, for demos and for
//! measuring reporting at scale. Calls on an RTB campaign with bidders
//! come with their auction (one response per bidder), and a winner takes
//! the call: its bid is the call's revenue when the call converts.

use anyhow::{Context, anyhow};
use rand::rngs::StdRng;
use std::collections::HashMap;

use rand::{Rng, SeedableRng};
use rtb::Rejection;
use store::rtb_auctions::{AuctionRecord, BidResponseRecord};
use store::seed::SeedCall;

use crate::config::Config;

/// What to generate.
#[derive(clap::Args)]
pub struct SeedArgs {
    /// How many calls.
    #[arg(long, default_value_t = 10_000)]
    pub count: u64,
    /// Whose account (default: the demo account).
    #[arg(long, default_value = crate::demo::DEMO_USERNAME)]
    pub username: String,
    /// Spread the calls over this many days up to now.
    #[arg(long, default_value_t = 90)]
    pub days: i64,
    /// Random seed (the same seed gives the same calls).
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
}

const PLACES: &[(&str, &str, &str)] = &[
    ("NEW YORK", "NY", "10001"),
    ("LOS ANGELES", "CA", "90012"),
    ("CHICAGO", "IL", "60601"),
    ("HOUSTON", "TX", "77002"),
    ("PHOENIX", "AZ", "85004"),
    ("PHILADELPHIA", "PA", "19103"),
    ("MIAMI", "FL", "33130"),
    ("ATLANTA", "GA", "30303"),
    ("SEATTLE", "WA", "98101"),
    ("DENVER", "CO", "80202"),
    ("BOSTON", "MA", "02108"),
    ("DALLAS", "TX", "75201"),
];

pub async fn run(config: &Config, args: SeedArgs) -> anyhow::Result<()> {
    // A fresh data directory works too: the store is migrated on opening,
    // and the demo account (the default user) is created when the
    // configuration creates it on a server's first start.
    let store = crate::serve::open_store(config).await?;
    if config.demo_enabled() && args.username == crate::demo::DEMO_USERNAME {
        crate::demo::ensure(&store).await?;
    }
    let written = seed(&store, &args).await?;
    store.close().await;
    println!(
        "\rwrote {written} calls for {} over the last {} days",
        args.username, args.days
    );
    Ok(())
}

/// One campaign calls are filed under.
struct Filed {
    id: domain::CampaignId,
    /// The tracking number called.
    number: String,
    /// (id, phone, payout_e4), by priority.
    buyers: Vec<(domain::BuyerId, String, i64)>,
    min_duration: i64,
    /// Set for an RTB campaign with bidders: every call is auctioned.
    rtb: Option<RtbPlan>,
    /// The published call flow the campaign runs: (id, version, graph).
    flow: Option<(i64, i64, flows::Graph)>,
}

/// A caller walks `graph` from `at` (epoch ms): keys at menus (now and
/// then nothing, or a wrong key), their zip code at gathers, a few
/// seconds per answer; one in ten hangs up while asked. Returns the run
/// (the call's place and path, as the live path keeps it).
fn walk_flow(
    rng: &mut impl Rng,
    flow: &(i64, i64, flows::Graph),
    facts: flows::engine::CallFacts,
    at: i64,
) -> flows::engine::Run {
    use flows::engine::{Ask, Input, Outcome};
    let (id, version, graph) = flow;
    let ts = |ms: i64| jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let zip = facts.zip.clone().unwrap_or_else(|| "10001".into());
    let (mut run, mut step) = flows::engine::start(graph, *id, *version, facts, ts(at));
    let mut now = at;
    for _ in 0..8 {
        let Outcome::Wait(wait) = &step.outcome else {
            break;
        };
        // Draw every number whatever the node, so calls stay reproducible.
        let (hang_up, quiet, wrong, pick, secs) = (
            rng.gen_bool(0.1),
            rng.gen_bool(0.06),
            rng.gen_bool(0.03),
            rng.gen_range(0..100usize),
            rng.gen_range(3..12),
        );
        if hang_up {
            break;
        }
        now += secs * 1000;
        let input = match (&wait.ask, quiet, wrong) {
            (_, true, _) => Input::Nothing,
            (Ask::Menu(_), _, true) => Input::Digits("9".into()),
            (Ask::Menu(m), _, _) => {
                // Earlier keys are pressed more often.
                let n = m.keys.len().max(1);
                let k = if pick < 70 { 0 } else { pick % n };
                Input::Digits(m.keys.get(k).cloned().unwrap_or_default())
            }
            (Ask::Gather(_), _, true) => Input::Digits("12".into()),
            (Ask::Gather(_), _, _) => Input::Digits(format!("{zip}#")),
        };
        step = flows::engine::resume(graph, &mut run, input, ts(now));
    }
    run
}

/// An RTB campaign's auction terms, as seeded auctions use them.
#[derive(Clone, Debug)]
struct RtbPlan {
    /// The campaign's minimum bid.
    floor_e4: i64,
    /// The campaign's auction deadline.
    deadline_ms: i64,
    /// Without a winner the campaign's buyers take the call (else it is
    /// not routed).
    buyers_fallback: bool,
    /// Pinged in this order (priority first, as the live auction does).
    bidders: Vec<Bidder>,
}

/// One RTB target assigned to the campaign.
#[derive(Clone, Debug)]
struct Bidder {
    id: i64,
    priority: i64,
    min_bid_e4: i64,
    max_bid_e4: i64,
}

/// The call an auction is run for: what its record repeats.
struct Caller<'a> {
    call_sid: &'a str,
    campaign_id: &'a str,
    from: &'a str,
    to: &'a str,
    city: &'a str,
    state: &'a str,
    zip: &'a str,
    /// Epoch ms: the call's start, when every bidder is pinged.
    at: i64,
}

/// Bids fall in this range ($8-$45) unless the bidder's own range is
/// elsewhere.
const BID_RANGE_E4: (i64, i64) = (8_0000, 45_0000);

/// Write the calls `args` asks for into `store`; returns how many.
pub async fn seed(store: &store::Store, args: &SeedArgs) -> anyhow::Result<u64> {
    let user = store
        .user_by_username(&args.username)
        .await?
        .ok_or_else(|| {
            anyhow!(
                "no user {:?}: create it with `callcenter user create --username {}`",
                args.username,
                args.username
            )
        })?;
    let snapshot = store
        .load_routing_snapshot()
        .await
        .context("could not load the account's configuration")?;
    let mut rtb: HashMap<domain::CampaignId, RtbPlan> = store
        .load_rtb_snapshot()
        .await
        .context("could not load the account's RTB configuration")?
        .into_iter()
        .filter(|c| !c.targets.is_empty())
        .map(|c| {
            let plan = RtbPlan {
                floor_e4: c.min_bid_e4,
                deadline_ms: c.auction_timeout_ms.clamp(100, 10_000),
                buyers_fallback: c.fallback == "buyers",
                bidders: c
                    .targets
                    .iter()
                    .map(|t| Bidder {
                        id: t.target.id,
                        priority: t.priority,
                        min_bid_e4: t.target.fields.min_bid_e4,
                        max_bid_e4: t.target.fields.max_bid_e4,
                    })
                    .collect(),
            };
            (c.campaign_id, plan)
        })
        .collect();
    // Sorted, so that the same seed files the same calls the same way.
    let published: HashMap<i64, (i64, flows::Graph)> = store
        .live_call_flows()
        .await
        .context("could not load the account's call flows")?
        .into_iter()
        .filter_map(|(id, version, graph)| {
            Some((id, (version, serde_json::from_str(&graph).ok()?)))
        })
        .collect();
    let mut mine: Vec<_> = snapshot
        .campaigns
        .values()
        .filter(|c| c.account == store::AccountId(user.id))
        .collect();
    mine.sort_by(|a, b| a.id.cmp(&b.id));
    let mut campaigns = Vec::new();
    for c in mine {
        let number = snapshot
            .numbers
            .iter()
            .filter(|(_, n)| n.campaign_id.as_deref() == Some(&c.id))
            .map(|(k, _)| k)
            .min()
            .cloned();
        let buyers: Vec<(domain::BuyerId, String, i64)> = c
            .buyers
            .iter()
            .filter_map(|b| snapshot.buyers.get(&b.buyer_id))
            .map(|b| (b.id, b.phone.clone(), b.payout.0))
            .collect();
        let plan = if c.kind == domain::CampaignKind::Rtb {
            rtb.remove(&c.id)
        } else {
            None
        };
        if let Some(number) = number.filter(|_| !buyers.is_empty() || plan.is_some()) {
            campaigns.push(Filed {
                id: c.id.clone(),
                number,
                buyers,
                min_duration: c.min_duration_secs,
                rtb: plan,
                flow: c
                    .call_flow_id
                    .and_then(|id| published.get(&id).cloned().map(|(v, g)| (id, v, g))),
            });
        }
    }
    if campaigns.is_empty() {
        anyhow::bail!(
            "the account has no campaign with a number and buyers (or RTB targets) to file calls under"
        );
    }
    let mut rng = StdRng::seed_from_u64(args.seed);
    let now = domain::now_ms();
    let span = args.days.max(1) * 86_400_000;
    let mut batch = Vec::with_capacity(10_000);
    let mut written = 0;
    for _ in 0..args.count {
        let campaign = &campaigns[rng.gen_range(0..campaigns.len())];
        // More calls in (US) business hours: redraw most night-time calls.
        // Every draw is made whatever the hour, so that the same seed gives
        // the same calls (CallSids and all) at any time of day.
        let (first, second, redraw) = (
            rng.gen_range(0..span),
            rng.gen_range(0..span),
            rng.gen_bool(0.7),
        );
        let mut created_at = now - first;
        let hour = (created_at / 3_600_000 + 24 - 5) % 24;
        if !(8..20).contains(&hour) && redraw {
            created_at = now - second;
        }
        let (city, state, zip) = PLACES[rng.gen_range(0..PLACES.len())];
        // Shaped like Twilio's: "CA" and 32 random lowercase hex digits.
        let call_sid = format!("CA{:032x}", rng.r#gen::<u128>());
        let from_number = format!(
            "+1{}555{:04}",
            rng.gen_range(201..990),
            rng.gen_range(0..10_000)
        );
        // A campaign with a call flow: the caller walks it first; only a
        // call the flow sends to the buyers (or the auction) is routed.
        let walked = campaign.flow.as_ref().map(|flow| {
            let facts = flows::engine::CallFacts {
                call_sid: call_sid.clone(),
                caller: from_number.clone(),
                called: campaign.number.clone(),
                state: Some(state.into()),
                city: Some(city.into()),
                zip: Some(zip.into()),
                campaign_id: Some(campaign.id.to_string()),
            };
            walk_flow(&mut rng, flow, facts, created_at)
        });
        let flow_routes = walked.as_ref().is_none_or(|run| {
            matches!(
                run.end,
                Some(
                    flows::engine::End::RouteToBuyers { .. }
                        | flows::engine::End::RtbAuction { .. }
                        | flows::engine::End::Failed { .. }
                )
            )
        });
        let auction = campaign.rtb.as_ref().filter(|_| flow_routes).map(|plan| {
            let caller = Caller {
                call_sid: &call_sid,
                campaign_id: &campaign.id,
                from: &from_number,
                to: &campaign.number,
                city,
                state,
                zip,
                at: created_at,
            };
            auction(&mut rng, plan, &caller)
        });
        // (target, destination, bid)
        let won = auction.as_ref().and_then(winner).map(|w| {
            (
                w.rtb_target_id,
                w.destination_number.clone(),
                w.bid_amount_e4.unwrap_or(0),
            )
        });
        let fallback =
            !campaign.buyers.is_empty() && campaign.rtb.as_ref().is_none_or(|p| p.buyers_fallback);
        let roll: f64 = rng.r#gen();
        let (disposition, status) = match (&won, fallback && flow_routes) {
            // The caller hung up in the flow, or it ended without a buyer.
            (None, _) if !flow_routes => ("no_route", "completed"),
            // A winner always takes the call: only the routed outcomes.
            (Some(_), _) => outcome(roll * ROUTED_SHARE),
            (None, true) => outcome(roll),
            (None, false) => ("no_route", "no_route"),
        };
        let buyer = (disposition == "routed" && won.is_none())
            .then(|| &campaign.buyers[rng.gen_range(0..campaign.buyers.len())]);
        let talk = if status == "completed" && disposition == "routed" {
            (rng.gen_range(3.0f64..6.2)).exp() as i64
        } else {
            0
        };
        let converted = talk > 0 && talk >= campaign.min_duration;
        let duration = if status == "completed" {
            talk + rng.gen_range(5..25)
        } else {
            rng.gen_range(0..30)
        };
        // The winning bid, else the buyer's payout, is earned on conversion.
        let earns = won.as_ref().map(|w| w.2).or(buyer.map(|b| b.2));
        batch.push(SeedCall {
            call_sid: domain::CallSid(call_sid),
            campaign_id: Some(campaign.id.clone()),
            buyer_id: buyer.map(|b| b.0),
            from_number,
            to_number: campaign.number.clone(),
            dialed_number: match &won {
                Some(w) => w.1.clone(),
                None => buyer.map(|b| b.1.clone()),
            },
            caller_city: Some(city.into()),
            caller_state: Some(state.into()),
            caller_zip: Some(zip.into()),
            disposition: disposition.into(),
            status: status.into(),
            duration,
            talk_time: talk,
            converted,
            revenue_e4: if converted { earns.unwrap_or(0) } else { 0 },
            cost_e4: duration * 85 / 60 + 40,
            created_at,
            ended_at: created_at + duration * 1000,
            rtb_target_id: won.as_ref().map(|w| w.0),
            auction,
            call_flow_id: walked.as_ref().map(|r| r.flow_id),
            flow_version: walked.as_ref().map(|r| r.version),
            flow_run: walked.map(|run| {
                let stored = callpath::flow::StoredFlow {
                    run,
                    answer: String::new(),
                };
                serde_json::to_string(&stored).unwrap_or_default()
            }),
        });
        if batch.len() == batch.capacity() {
            written += store.seed_calls(user.account(), &batch).await?;
            batch.clear();
            eprint!("\r{written} calls written");
        }
    }
    written += store.seed_calls(user.account(), &batch).await?;
    Ok(written)
}

/// The share of calls that reach someone (the rest are not routed).
const ROUTED_SHARE: f64 = 0.88;

/// A call's disposition and final status for a roll in `0..1`.
fn outcome(roll: f64) -> (&'static str, &'static str) {
    match roll {
        r if r < 0.62 => ("routed", "completed"),
        r if r < 0.74 => ("routed", "no-answer"),
        r if r < 0.80 => ("routed", "busy"),
        r if r < 0.84 => ("routed", "failed"),
        r if r < ROUTED_SHARE => ("routed", "canceled"),
        _ => ("no_route", "no_route"),
    }
}

/// The auction run for `call`: one response per bidder, in a realistic
/// mix (mostly bids, some no bids and rejections, a few timeouts and
/// errors); the highest valid bid at or above the floor wins (ties: higher
/// priority, then faster, then pinged first), as in the live auction.
fn auction(rng: &mut impl Rng, plan: &RtbPlan, call: &Caller<'_>) -> AuctionRecord {
    let money = |e4: i64| format!("{}.{:02}", e4 / 1_0000, e4 % 1_0000 / 100);
    let mut responses: Vec<BidResponseRecord> = plan
        .bidders
        .iter()
        .map(|b| {
            // Mostly 5-300 ms, now and then slower (still in time).
            let ms = if rng.gen_bool(0.97) {
                rng.gen_range(5f64.ln()..300f64.ln()).exp() as i64
            } else {
                rng.gen_range(300..plan.deadline_ms.max(301))
            }
            .min(plan.deadline_ms - 1);
            let answered = |status: &str, http: i64, body: String| BidResponseRecord {
                rtb_target_id: domain::RtbTargetId(b.id),
                request_sent_at: call.at,
                response_time_ms: Some(ms),
                http_status_code: Some(http),
                response_status: status.into(),
                bid_currency: Some("USD".into()),
                raw_response: Some(body),
                ..BidResponseRecord::default()
            };
            let roll: f64 = rng.r#gen();
            if roll < 0.64 {
                let (lo, hi) = bid_range(b);
                // Whole cents inside the range.
                let cents = (lo + 99) / 100;
                let amount = rng.gen_range(cents..=(hi / 100).max(cents)) * 100;
                let destination = format!("+1800555{:04}", rng.gen_range(0..10_000));
                let body = format!(
                    r#"{{"accepted":true,"bidAmount":{},"destinationNumber":"{destination}","currency":"USD"}}"#,
                    money(amount)
                );
                let bid = BidResponseRecord {
                    bid_amount_e4: Some(amount),
                    is_accepted: true,
                    ..answered("success", 200, body)
                };
                if amount < plan.floor_e4 {
                    let r = Rejection::BELOW_FLOOR;
                    BidResponseRecord {
                        response_status: "rejected".into(),
                        rejection_code: Some(i64::from(r.code)),
                        rejection_reason: Some(r.reason.into()),
                        error_message: Some(format!(
                            "{} below floor {}",
                            money(amount),
                            money(plan.floor_e4)
                        )),
                        ..bid
                    }
                } else {
                    BidResponseRecord {
                        destination_number: Some(destination),
                        ..bid
                    }
                }
            } else if roll < 0.79 {
                BidResponseRecord {
                    bid_amount_e4: Some(0),
                    ..answered("no_bid", 200, r#"{"accepted":false,"bidAmount":0}"#.into())
                }
            } else if roll < 0.89 {
                let r = Rejection::SPEC[rng.gen_range(0..Rejection::SPEC.len())];
                let body = format!(
                    r#"{{"accepted":false,"bidAmount":0,"rejectionCode":{},"rejectionReason":"{}"}}"#,
                    r.code, r.reason
                );
                BidResponseRecord {
                    bid_amount_e4: Some(0),
                    rejection_code: Some(i64::from(r.code)),
                    rejection_reason: Some(r.reason.into()),
                    error_message: Some(r.reason.into()),
                    ..answered("rejected", 200, body)
                }
            } else if roll < 0.95 {
                BidResponseRecord {
                    response_time_ms: None,
                    http_status_code: None,
                    response_status: "timeout".into(),
                    error_message: Some("no answer before the auction deadline".into()),
                    raw_response: None,
                    ..answered("timeout", 0, String::new())
                }
            } else if roll < 0.985 {
                BidResponseRecord {
                    error_message: Some("HTTP 500".into()),
                    ..answered("http_error", 500, r#"{"error":"internal"}"#.into())
                }
            } else {
                BidResponseRecord {
                    response_time_ms: None,
                    http_status_code: None,
                    error_message: Some(
                        "error sending request: client error (Connect): tcp connect error: \
                         Connection refused (os error 111)"
                            .into(),
                    ),
                    raw_response: None,
                    ..answered("connection_error", 0, String::new())
                }
            }
        })
        .collect();
    let best = responses
        .iter()
        .enumerate()
        .filter(|(_, r)| r.response_status == "success")
        .max_by_key(|(i, r)| {
            (
                r.bid_amount_e4,
                plan.bidders[*i].priority,
                std::cmp::Reverse(r.response_time_ms),
                std::cmp::Reverse(*i),
            )
        })
        .map(|(i, _)| i);
    if let Some(i) = best {
        responses[i].is_winning_bid = true;
    }
    // The auction ends when the last bidder answers, or at the deadline.
    let total_ms = if responses.iter().any(|r| r.response_status == "timeout") {
        plan.deadline_ms
    } else {
        responses
            .iter()
            .filter_map(|r| r.response_time_ms)
            .max()
            .unwrap_or(0)
    } + rng.gen_range(1..4);
    AuctionRecord {
        request_id: format!("rtb_{}", call.call_sid),
        campaign_id: call.campaign_id.into(),
        call_sid: Some(call.call_sid.into()),
        call_start_time: call.at,
        caller_number: Some(call.from.into()),
        inbound_number: Some(call.to.into()),
        caller_state: Some(call.state.into()),
        caller_city: Some(call.city.into()),
        caller_zip: Some(call.zip.into()),
        total_response_time_ms: total_ms,
        auction_status: if best.is_some() { "won" } else { "no_winner" }.into(),
        created_at: call.at,
        completed_at: Some(call.at + total_ms),
        responses,
    }
}

/// The auction's winning response, if any.
fn winner(a: &AuctionRecord) -> Option<&BidResponseRecord> {
    a.responses.iter().find(|r| r.is_winning_bid)
}

/// What a bidder bids between: $8-$45 within its own range, or its own
/// range (at most $37 wide) when that lies elsewhere.
fn bid_range(b: &Bidder) -> (i64, i64) {
    let (lo, hi) = (
        b.min_bid_e4.max(BID_RANGE_E4.0),
        b.max_bid_e4.min(BID_RANGE_E4.1),
    );
    if lo <= hi {
        (lo, hi)
    } else {
        let lo = b.min_bid_e4.max(0);
        (
            lo,
            b.max_bid_e4
                .min(lo + BID_RANGE_E4.1 - BID_RANGE_E4.0)
                .max(lo),
        )
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;

    fn plan() -> RtbPlan {
        let bidder = |id, priority, min, max| Bidder {
            id,
            priority,
            min_bid_e4: min,
            max_bid_e4: max,
        };
        RtbPlan {
            floor_e4: 12_0000,
            deadline_ms: 1500,
            buyers_fallback: true,
            bidders: vec![
                bidder(1, 9, 0, 1000_0000),
                bidder(2, 7, 10_0000, 30_0000),
                bidder(3, 5, 20_0000, 60_0000),
                bidder(4, 5, 100_0000, 200_0000),
            ],
        }
    }

    fn auctions(seed: u64, n: usize) -> Vec<AuctionRecord> {
        let mut rng = StdRng::seed_from_u64(seed);
        let plan = plan();
        (0..n)
            .map(|i| {
                let sid = format!("CA{i:032x}");
                let call = Caller {
                    call_sid: &sid,
                    campaign_id: "camp",
                    from: "+13105550100",
                    to: "+18562813802",
                    city: "MIAMI",
                    state: "FL",
                    zip: "33130",
                    at: 1_780_315_200_000 + i as i64,
                };
                auction(&mut rng, &plan, &call)
            })
            .collect()
    }

    #[test]
    fn the_same_seed_runs_the_same_auctions() {
        let text = |a: &[AuctionRecord]| format!("{a:?}");
        assert_eq!(text(&auctions(7, 50)), text(&auctions(7, 50)));
        assert_ne!(text(&auctions(7, 50)), text(&auctions(8, 50)));
    }

    #[test]
    fn the_highest_valid_bid_at_or_above_the_floor_wins() {
        let plan = plan();
        let all = auctions(3, 2000);
        let mut statuses: HashMap<String, usize> = HashMap::new();
        let mut won = 0;
        for (i, a) in all.iter().enumerate() {
            assert_eq!(a.request_id, format!("rtb_CA{i:032x}"));
            assert_eq!(a.call_sid.as_deref(), Some(&a.request_id[4..]));
            assert_eq!(a.responses.len(), plan.bidders.len(), "one per bidder");
            let mut best: Option<(i64, i64)> = None;
            for (r, b) in a.responses.iter().zip(&plan.bidders) {
                assert_eq!(
                    r.rtb_target_id,
                    domain::RtbTargetId(b.id),
                    "in the plan's order"
                );
                *statuses.entry(r.response_status.clone()).or_default() += 1;
                match r.response_status.as_str() {
                    "success" => {
                        let amount = r.bid_amount_e4.unwrap();
                        assert!(amount >= plan.floor_e4, "{r:?}");
                        assert!((b.min_bid_e4..=b.max_bid_e4).contains(&amount), "{r:?}");
                        assert!(r.is_accepted && r.http_status_code == Some(200));
                        let d = r.destination_number.as_deref().unwrap();
                        assert!(d.starts_with("+1800555") && d.len() == 12, "{d}");
                        let ms = r.response_time_ms.unwrap();
                        assert!((5..1500).contains(&ms), "{ms}");
                        if best.is_none_or(|(m, p)| (amount, b.priority) > (m, p)) {
                            best = Some((amount, b.priority));
                        }
                    }
                    "rejected" => {
                        let code = r.rejection_code.unwrap();
                        let known = Rejection::from_code(u16::try_from(code).unwrap()).unwrap();
                        assert!((1002..=1010).contains(&code) || code == 1103, "{code}");
                        assert_eq!(r.rejection_reason.as_deref(), Some(known.reason));
                        assert!(!r.is_winning_bid);
                    }
                    "timeout" | "connection_error" => {
                        assert_eq!((r.response_time_ms, r.http_status_code), (None, None));
                    }
                    "http_error" => assert_eq!(r.http_status_code, Some(500)),
                    "no_bid" => assert!(!r.is_accepted),
                    other => panic!("unexpected status {other}"),
                }
            }
            let winners: Vec<_> = a.responses.iter().filter(|r| r.is_winning_bid).collect();
            assert!(winners.len() <= 1);
            let w = winner(a);
            assert_eq!(
                w.map(|w| w.bid_amount_e4.unwrap()),
                best.map(|b| b.0),
                "{a:?}"
            );
            assert_eq!(
                a.auction_status,
                if w.is_some() { "won" } else { "no_winner" }
            );
            won += usize::from(w.is_some());
            assert!(a.completed_at.unwrap() > a.created_at);
        }
        // A realistic mix: mostly bids, every outcome seen, most auctions won.
        let total: usize = statuses.values().sum();
        assert!(statuses["success"] * 2 > total, "{statuses:?}");
        for s in [
            "no_bid",
            "rejected",
            "timeout",
            "http_error",
            "connection_error",
        ] {
            assert!(
                statuses.get(s).copied().unwrap_or(0) > 0,
                "{s}: {statuses:?}"
            );
        }
        assert!(won * 10 > all.len() * 8, "{won} of {}", all.len());
    }

    #[test]
    fn bids_stay_in_each_bidders_range() {
        let b = |min, max| Bidder {
            id: 1,
            priority: 5,
            min_bid_e4: min,
            max_bid_e4: max,
        };
        assert_eq!(bid_range(&b(0, 1000_0000)), (8_0000, 45_0000));
        assert_eq!(bid_range(&b(10_0000, 30_0000)), (10_0000, 30_0000));
        assert_eq!(bid_range(&b(100_0000, 200_0000)), (100_0000, 137_0000));
        assert_eq!(bid_range(&b(1_0000, 5_0000)), (1_0000, 5_0000));
    }
}
