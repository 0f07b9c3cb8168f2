//! `callcenter seed-calls --count N [--username U] [--days D]`: realistic
//! synthetic calls for an account's campaigns, buyers and numbers, spread
//! over the last D days with a business-hours shape, for demos and for
//! measuring reporting at scale.

use anyhow::{Context, anyhow};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
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
    let store = crate::serve::open_store(config).await?;
    let written = seed(&store, &args).await?;
    store.close().await;
    println!(
        "\rwrote {written} calls for {} over the last {} days",
        args.username, args.days
    );
    Ok(())
}

/// Write the calls `args` asks for into `store`; returns how many.
pub async fn seed(store: &store::Store, args: &SeedArgs) -> anyhow::Result<u64> {
    let user = store
        .user_by_username(&args.username)
        .await?
        .ok_or_else(|| anyhow!("no user {:?}", args.username))?;
    let snapshot = store
        .load_routing_snapshot()
        .await
        .context("could not load the account's configuration")?;
    // (campaign id, tracking number, buyers: (id, phone, payout_e4), min duration)
    let mut campaigns = Vec::new();
    for c in snapshot.campaigns.values().filter(|c| c.account == user.id) {
        let number = snapshot
            .numbers
            .iter()
            .find(|(_, n)| n.campaign_id.as_deref() == Some(&c.id))
            .map(|(k, _)| k.clone());
        let buyers: Vec<(i64, String, i64)> = c
            .buyers
            .iter()
            .filter_map(|b| snapshot.buyers.get(&b.buyer_id))
            .map(|b| (b.id, b.phone.clone(), b.payout.0))
            .collect();
        if let Some(number) = number.filter(|_| !buyers.is_empty()) {
            campaigns.push((c.id.clone(), number, buyers, c.min_duration_secs));
        }
    }
    if campaigns.is_empty() {
        anyhow::bail!("the account has no campaign with a number and buyers to file calls under");
    }
    let mut rng = StdRng::seed_from_u64(args.seed);
    let now = domain::now_ms();
    let span = args.days.max(1) * 86_400_000;
    let mut batch = Vec::with_capacity(10_000);
    let mut written = 0;
    for _ in 0..args.count {
        let (campaign, number, buyers, min_duration) =
            &campaigns[rng.gen_range(0..campaigns.len())];
        // More calls in (US) business hours: redraw most night-time calls.
        let mut created_at = now - rng.gen_range(0..span);
        let hour = (created_at / 3_600_000 + 24 - 5) % 24;
        if !(8..20).contains(&hour) && rng.gen_bool(0.7) {
            created_at = now - rng.gen_range(0..span);
        }
        let (city, state, zip) = PLACES[rng.gen_range(0..PLACES.len())];
        let roll: f64 = rng.r#gen();
        let (disposition, status) = match roll {
            r if r < 0.62 => ("routed", "completed"),
            r if r < 0.74 => ("routed", "no-answer"),
            r if r < 0.80 => ("routed", "busy"),
            r if r < 0.84 => ("routed", "failed"),
            r if r < 0.88 => ("routed", "canceled"),
            _ => ("no_route", "no_route"),
        };
        let buyer = (disposition == "routed").then(|| &buyers[rng.gen_range(0..buyers.len())]);
        let talk = if status == "completed" {
            (rng.gen_range(3.0f64..6.2)).exp() as i64
        } else {
            0
        };
        let converted = talk > 0 && talk >= *min_duration;
        let duration = if status == "completed" {
            talk + rng.gen_range(5..25)
        } else {
            rng.gen_range(0..30)
        };
        batch.push(SeedCall {
            // Shaped like Twilio's: "CA" and 32 random lowercase hex digits.
            call_sid: format!("CA{:032x}", rng.r#gen::<u128>()),
            campaign_id: Some(campaign.clone()),
            buyer_id: buyer.map(|b| b.0),
            from_number: format!(
                "+1{}555{:04}",
                rng.gen_range(201..990),
                rng.gen_range(0..10_000)
            ),
            to_number: number.clone(),
            dialed_number: buyer.map(|b| b.1.clone()),
            caller_city: Some(city.into()),
            caller_state: Some(state.into()),
            caller_zip: Some(zip.into()),
            disposition: disposition.into(),
            status: status.into(),
            duration,
            talk_time: talk,
            converted,
            revenue_e4: if converted {
                buyer.map(|b| b.2).unwrap_or(0)
            } else {
                0
            },
            cost_e4: duration * 85 / 60 + 40,
            created_at,
            ended_at: created_at + duration * 1000,
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
