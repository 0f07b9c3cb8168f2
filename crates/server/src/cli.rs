//! The command line: subcommands and their wiring.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::Config;

#[derive(Parser)]
#[command(
    name = "callcenter",
    version,
    about = "CallCenter Pro: pay-per-call routing, bidding and reporting"
)]
pub struct Cli {
    /// Configuration file (TOML); environment variables override it.
    #[arg(
        long,
        global = true,
        default_value = "callcenter.toml",
        env = "CALLCENTER_CONFIG"
    )]
    config: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Offer signed carrier webhooks at a fixed rate and report latency.
    Loadgen(crate::loadgen::LoadgenArgs),
    /// Benchmarks that print ratios against a baseline measured in the same run.
    Bench(crate::bench::BenchArgs),
    /// Start local mock RTB bidders (loopback) with latencies and failure
    /// modes, until Ctrl-C.
    MockBidders(crate::mock_bidders::MockBiddersArgs),
    /// Which buyer a campaign would give a call to, with the decision trace
    /// (nothing is dialled or counted).
    Simulate(crate::simulate::SimulateArgs),
    /// Generate realistic synthetic calls for an account (demos, scale tests).
    SeedCalls(crate::seed_calls::SeedArgs),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user (an account of its own).
    Create {
        #[arg(long)]
        username: String,
        /// The password; prefer CALLCENTER_NEW_PASSWORD to keep it out of shell history.
        #[arg(long, env = "CALLCENTER_NEW_PASSWORD", hide_env_values = true)]
        password: String,
        #[arg(long)]
        email: Option<String>,
    },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Some(Command::Openapi) => {
            print!("{}", api::openapi_json());
            return Ok(());
        }
        // Neither reads the server's configuration nor its database.
        Some(Command::Loadgen(args)) => return crate::loadgen::run(args).await,
        Some(Command::Bench(args)) => return crate::bench::run(args).await,
        Some(Command::MockBidders(args)) => return crate::mock_bidders::run(args).await,
        _ => {}
    }
    let config = Config::load(&cli.config)?;
    crate::logging::init(&config.log_format);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => crate::serve::run(config).await,
        Command::Migrate => {
            let store = crate::serve::open_store(&config).await?;
            store.close().await;
            println!("migrations applied");
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Create {
                    username,
                    password,
                    email,
                },
        } => {
            let new = domain::NewUser::parse(&username, email.as_deref(), &password)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let store = crate::serve::open_store(&config).await?;
            let hash = domain::password::hash(new.password.expose())
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let user = store
                .create_user(&new.username, new.email.as_deref(), &hash)
                .await
                .with_context(|| format!("could not create user {:?}", new.username))?;
            store.close().await;
            println!("created user {} (id {})", user.username, user.id);
            Ok(())
        }
        Command::Simulate(args) => crate::simulate::run(&config, args).await,
        Command::SeedCalls(args) => crate::seed_calls::run(&config, args).await,
        Command::Openapi | Command::Loadgen(_) | Command::Bench(_) | Command::MockBidders(_) => {
            unreachable!("handled above")
        }
    }
}
