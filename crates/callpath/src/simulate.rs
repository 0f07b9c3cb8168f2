//! "Who would get this call": one answer for the campaign's Test call
//! panel and `callcenter simulate`, from the same live state live routing
//! uses (snapshot, counts, recent callers, the round-robin turn), without
//! dialling and without taking any counter. On an RTB campaign it lists
//! the bidders a call would ping now (and why the others would not be),
//! and on request runs a real test auction against them.

use domain::CampaignId;
use domain::Money;
use routing::{Decision, IncomingCall};
use rtb::BidResult;

use domain::RtbFallback;

use crate::auction;
use crate::live::LiveState;

/// What a call to a campaign would meet.
pub struct Simulation {
    /// Routing to the campaign's buyers, as the next live call would be.
    pub decision: Decision,
    /// The campaign's auction (RTB campaigns with bidders).
    pub auction: Option<AuctionPreview>,
    /// What the simulation cannot know, said plainly.
    pub unknowns: Vec<String>,
}

/// An RTB campaign's auction as the next call would run it.
pub struct AuctionPreview {
    pub floor: Money,
    pub deadline_ms: u64,
    pub fallback: RtbFallback,
    /// Every bidder, in the order they are configured (best priority first).
    pub targets: Vec<TargetPreview>,
    /// The test auction, when one was asked for.
    pub test: Option<TestAuction>,
}

/// One bidder of the preview.
pub struct TargetPreview {
    pub id: domain::RtbTargetId,
    pub name: String,
    pub priority: i64,
    /// Whether a call now would ping it.
    pub pinged: bool,
    /// Why not, when it would not (a cap with its code).
    pub reason: Option<String>,
}

/// A real auction run for the simulation: every bidder pinged with the
/// simulated call; nothing dialled, recorded or counted.
pub struct TestAuction {
    /// Index into `bids` of the bid that would win.
    pub winner: Option<usize>,
    pub bids: Vec<BidResult>,
    pub total_ms: u32,
}

/// Simulate `call` on campaign `campaign_id` at `at` (draft and paused
/// campaigns as if active). With `bidder`, also run a test auction.
/// `None` when the campaign is not in the live configuration.
pub async fn simulate(
    live: &LiveState,
    bidder: Option<&rtb::RtbClient>,
    campaign_id: &CampaignId,
    call: &IncomingCall,
    at: jiff::Timestamp,
    seed: u64,
) -> Option<Simulation> {
    let snapshot = live.snapshot();
    let decision = routing::simulate(
        &snapshot,
        live.counters.as_ref(),
        campaign_id,
        call,
        at,
        seed,
    )?;
    let campaign = snapshot.campaigns.get(campaign_id)?;
    let mut unknowns = Vec::new();
    let auction = match live.auction_settings(campaign_id) {
        Some(rtb) if campaign.kind == domain::CampaignKind::Rtb => {
            let (_, capped) = auction::capped(live.counters.as_ref(), &rtb, jiff::Timestamp::now());
            let targets = rtb
                .targets
                .iter()
                .zip(&capped)
                .map(|(t, cap)| TargetPreview {
                    id: t.id,
                    name: t.name.clone(),
                    priority: t.priority,
                    pinged: cap.is_none(),
                    reason: cap.map(|r| format!("{} (code {})", r.reason, r.code)),
                })
                .collect();
            let test = match bidder {
                Some(client) => {
                    let open: Vec<rtb::TargetConfig> = rtb
                        .targets
                        .iter()
                        .zip(&capped)
                        .filter(|(_, c)| c.is_none())
                        .map(|(t, _)| t.clone())
                        .collect();
                    let test_call = IncomingCall {
                        call_sid: format!("CAsimulation{:06}", seed % 1_000_000).into(),
                        ..call.clone()
                    };
                    let vars = auction::variables(
                        &format!("test_{}", test_call.call_sid),
                        campaign_id,
                        &test_call,
                    );
                    let ran = rtb::run(client, &open, &vars, rtb.floor, rtb.deadline).await;
                    Some(TestAuction {
                        winner: ran.winner,
                        bids: ran.results,
                        total_ms: ran.total_ms,
                    })
                }
                None => {
                    unknowns.push(
                        "Bids are not known until the bidders are asked: run a test auction to see them."
                            .into(),
                    );
                    None
                }
            };
            if rtb.targets.is_empty() {
                unknowns
                    .push("The campaign has no active bidders: calls go to its fallback.".into());
            }
            Some(AuctionPreview {
                floor: rtb.floor,
                deadline_ms: rtb.deadline.as_millis() as u64,
                fallback: rtb.fallback,
                targets,
                test,
            })
        }
        _ => None,
    };
    unknowns.push(
        "Whether the buyer answers is not known: an unanswered call fails over to the next in the order shown."
            .into(),
    );
    Some(Simulation {
        decision,
        auction,
        unknowns,
    })
}
