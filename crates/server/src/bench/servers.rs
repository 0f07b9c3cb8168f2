//! The two servers the webhook benchmark compares, both on 127.0.0.1:0 in
//! this process: a minimal axum handler that answers a fixed TwiML string
//! (the ceiling), and the real application over a fresh database seeded
//! with a realistic routing configuration.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::body::Bytes;
use axum::routing::post;
use domain::{AccountId, E164, Secret};
use store::Store;
use store::buyers::BuyerFields;
use store::campaign_buyers::CampaignBuyerTerms;
use store::campaigns::CampaignFields;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The auth token our server checks signatures with during the benchmark.
pub const AUTH_TOKEN: &str = "bench-auth-token-0123456789abcdef";
/// Tracking numbers of the seeded campaign.
pub const NUMBERS: u32 = 20;
/// Buyers on the seeded campaign.
pub const BUYERS: u32 = 10;

/// The baseline's answer: what a routed call's TwiML looks like.
const FIXED_TWIML: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Response><Dial timeout="30" answerOnBridge="true" action="http://127.0.0.1/api/webhooks/twilio/dial"><Number statusCallback="http://127.0.0.1/api/webhooks/twilio/status" statusCallbackEvent="initiated ringing answered completed">+12125550100</Number></Dial></Response>"#;

/// A server running on loopback until [`Running::stop`].
pub struct Running {
    pub base_url: String,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    pub async fn start(router: Router) -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .context("could not listen on 127.0.0.1")?;
        let base_url = format!("http://{}", listener.local_addr()?);
        Ok(Self::serve(listener, base_url, router))
    }

    fn serve(listener: TcpListener, base_url: String, router: Router) -> Self {
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
        });
        Self {
            base_url,
            stop,
            task,
        }
    }

    /// Stop accepting, let in-flight requests finish (at most 5 s).
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let abort = self.task.abort_handle();
        if tokio::time::timeout(Duration::from_secs(5), self.task)
            .await
            .is_err()
        {
            abort.abort();
        }
    }
}

/// The ceiling: `POST /api/webhooks/twilio` reads the form and answers a
/// fixed TwiML string, nothing else.
pub async fn start_baseline() -> anyhow::Result<Running> {
    async fn fixed(_form: Bytes) -> ([(axum::http::HeaderName, &'static str); 1], &'static str) {
        (
            [(axum::http::header::CONTENT_TYPE, "text/xml; charset=utf-8")],
            FIXED_TWIML,
        )
    }
    Running::start(Router::new().route(crate::loadgen::VOICE_PATH, post(fixed))).await
}

/// Which database our server runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Database {
    Sqlite,
    Postgres,
    Both,
}

/// Where the temporary database lives, to remove it afterwards.
enum Scratch {
    Sqlite(PathBuf),
    Postgres { url: String, schema: String },
}

/// Our application on a fresh, seeded database.
pub struct Ours {
    pub running: Running,
    /// The seeded tracking numbers (E.164).
    pub numbers: Vec<String>,
    /// The seeded account and its campaign.
    pub account: AccountId,
    pub campaign_id: String,
    pub store: Store,
    scratch: Scratch,
}

/// The PostgreSQL server the benchmark uses.
pub fn postgres_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// Open a fresh database of `kind` (Sqlite or Postgres), migrate, seed,
/// and serve the real app over it with signature validation on.
pub async fn start_ours(kind: Database) -> anyhow::Result<Ours> {
    start_ours_with(kind, None).await
}

/// [`start_ours`], its campaign running the call flow `flow` (the
/// builder's graph), published.
pub async fn start_ours_with(
    kind: Database,
    flow: Option<&serde_json::Value>,
) -> anyhow::Result<Ours> {
    start(kind, flow, false).await
}

/// [`start_ours`] with the outbound event workers running, as `serve`
/// runs them.
pub async fn start_ours_with_events(kind: Database) -> anyhow::Result<Ours> {
    start(kind, None, true).await
}

async fn start(
    kind: Database,
    flow: Option<&serde_json::Value>,
    events: bool,
) -> anyhow::Result<Ours> {
    let unique = format!("{:016x}", rand::random::<u64>());
    let (store, scratch) = match kind {
        Database::Postgres => {
            let url = postgres_url();
            let schema = format!("bench_{unique}");
            let store = tokio::time::timeout(
                Duration::from_secs(10),
                Store::connect_postgres_in_schema(&url, &schema),
            )
            .await
            .context("PostgreSQL did not answer within 10 s")?
            .context("could not connect to PostgreSQL (TEST_DATABASE_URL)")?;
            (store, Scratch::Postgres { url, schema })
        }
        _ => {
            let dir = std::env::temp_dir().join(format!("callcenter-bench-{unique}"));
            let url = format!("sqlite://{}/bench.db", dir.display());
            let store = Store::connect(&url)
                .await
                .context("could not create the SQLite database")?;
            (store, Scratch::Sqlite(dir))
        }
    };
    let served = serve_seeded(&store, flow, events).await;
    if served.is_ok() && kind == Database::Postgres {
        // A PostgreSQL checkpoint fsyncs every file written since the
        // last, and the test suites' schemas leave thousands: the runs
        // whose p99 missed (one losing calls to a 57 ms stall) ran inside
        // such a checkpoint's 1.3-1.4 s of syncs. Done first, the run's
        // own checkpoints are short.
        if let Err(e) = store.checkpoint_cluster().await {
            println!(
                "postgres: no CHECKPOINT before measuring ({e}); a checkpoint may fall inside the run"
            );
        }
    }
    match served {
        Ok((running, (numbers, account, campaign_id))) => Ok(Ours {
            running,
            numbers,
            account,
            campaign_id,
            store,
            scratch,
        }),
        Err(e) => {
            remove(store, scratch).await;
            Err(e)
        }
    }
}

/// Migrate, seed, load the snapshot and serve the real app with signature
/// validation on, its public URL being the address it listens on.
async fn serve_seeded(
    store: &Store,
    flow: Option<&serde_json::Value>,
    events: bool,
) -> anyhow::Result<(Running, Seeded)> {
    store
        .migrate()
        .await
        .context("could not apply migrations")?;
    let numbers = seed(store, flow).await.context("could not seed routing")?;
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .context("could not listen on 127.0.0.1")?;
    let base_url = format!("http://{}", listener.local_addr()?);
    let settings = settings_for(base_url.clone());
    let state = api::AppState::new(store.clone(), settings);
    state
        .refresh_routing()
        .await
        .context("could not load the routing snapshot")?;
    if events {
        api::integrations::worker::spawn(state.clone());
    }
    Ok((Running::serve(listener, base_url, api::app(state)), numbers))
}

/// Our server's settings for a benchmark at `public_url`: signatures
/// checked, loopback bidders allowed, no mail.
pub fn settings_for(public_url: String) -> api::Settings {
    api::Settings {
        sealing_key: domain::sealed::SealingKey::generate(),
        cookie_secure: false,
        session: store::sessions::SessionPolicy {
            idle_ms: 12 * 3_600_000,
            absolute_ms: 7 * 24 * 3_600_000,
        },
        allow_registration: false,
        max_body_bytes: 1024 * 1024,
        public_url,
        twilio_auth_token: Some(Secret::new(AUTH_TOKEN.to_string())),
        validate_webhook_signatures: true,
        rtb_allow_private_endpoints: true,
        smtp: None,
        spool_dir: None,
        dni_tracks_per_address: 1_000_000,
        dni_tracks_per_tag: 100_000_000,
        api_requests_per_minute: 1_000_000,
        api_requests_per_address_minute: 1_000_000,
        cors_origins: Vec::new(),
        dni_retention_days: 400,
    }
}

impl Ours {
    /// Stop the server and delete the database.
    pub async fn stop(self) {
        self.running.stop().await;
        remove(self.store, self.scratch).await;
    }
}

async fn remove(store: Store, scratch: Scratch) {
    store.close().await;
    match scratch {
        Scratch::Sqlite(dir) => {
            if let Err(e) = std::fs::remove_dir_all(&dir) {
                eprintln!("could not remove {}: {e}", dir.display());
            }
        }
        Scratch::Postgres { url, schema } => {
            if let Err(e) = Store::drop_postgres_schema(&url, &schema).await {
                eprintln!("could not drop schema {schema}: {e}");
            }
        }
    }
}

/// The seeded numbers, account and campaign.
type Seeded = (Vec<String>, AccountId, String);

/// One account with an active direct campaign on [`NUMBERS`] numbers and
/// [`BUYERS`] buyers: always open (schedules disabled), generous caps that
/// never stop a call, no duplicate-caller window.
async fn seed(store: &Store, flow: Option<&serde_json::Value>) -> anyhow::Result<Seeded> {
    // Nobody signs in: the hash only has to be a string.
    let user = store
        .create_user("bench", Some("bench@example.com"), "!no-login")
        .await?;
    let account = AccountId(user.id);
    let campaign_id = format!("{:032x}", rand::random::<u128>());
    let mut fields = CampaignFields::new("Benchmark: auto insurance", "direct");
    fields.status = "active".into();
    fields.call_routing_strategy = "priority".into();
    fields.duplicate_caller_window_secs = 0;
    fields.fallback_message = Some("All agents are busy. Please call again.".into());
    if let Some(graph) = flow {
        let draft = graph.to_string();
        let flow_id = store
            .create_call_flow(
                account,
                &store::call_flows::CallFlowFields {
                    name: "Benchmark flow".into(),
                    description: None,
                    draft: draft.clone(),
                },
            )
            .await?
            .id;
        store
            .publish_call_flow(account, flow_id, &draft, None)
            .await?;
        fields.call_flow_id = Some(flow_id);
    }
    store
        .create_campaign(account, &campaign_id, &fields)
        .await?;
    let mut numbers = Vec::new();
    for i in 0..NUMBERS {
        let text = format!("+1856281{:04}", 3800 + i);
        let input = domain::number_import::NumberInput {
            phone_number: E164::parse(&text, "US").map_err(|e| anyhow::anyhow!("{text}: {e}"))?,
            friendly_name: Some(format!("Bench line {i}")),
            kind: "local".into(),
            country: "US".into(),
        };
        let row = store.create_number(account, &input, "active").await?;
        store
            .assign_number_to_campaign(account, row.id, &campaign_id)
            .await
            .map_err(|e| anyhow::anyhow!("could not assign {text}: {e}"))?;
        numbers.push(row.phone_number);
    }
    let schedule = serde_json::to_string(&domain::Schedule::default())?;
    let mut terms = Vec::new();
    for i in 0..BUYERS {
        let generous = (i % 2 == 0).then_some(1_000_000);
        let buyer = store
            .create_buyer(
                account,
                &BuyerFields {
                    name: format!("Buyer {i}"),
                    company: Some(format!("Call centre {i}")),
                    email: None,
                    phone: format!("+1212555{:04}", 100 + i),
                    backup_phone: Some(format!("+1646555{:04}", 100 + i)),
                    priority: 5,
                    status: "active".into(),
                    max_concurrent_calls: generous,
                    hourly_cap: generous,
                    daily_cap: generous,
                    monthly_cap: None,
                    time_zone: "America/New_York".into(),
                    schedule: schedule.clone(),
                    payout_e4: 150_000 + i64::from(i) * 10_000,
                },
            )
            .await?;
        terms.push(CampaignBuyerTerms {
            buyer_id: buyer.id,
            priority: i64::from(1 + i % 10),
            weight: 1,
            max_concurrent_calls: None,
            hourly_cap: None,
            daily_cap: generous,
            monthly_cap: None,
            status: "active".into(),
        });
    }
    store
        .set_campaign_buyers(account, &campaign_id, &terms)
        .await?;
    Ok((numbers, account, campaign_id))
}
