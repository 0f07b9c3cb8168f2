//! `callcenter serve`: open the store, migrate, seed the demo, listen, and
//! shut down gracefully on SIGTERM/Ctrl-C (in-flight requests finish).

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use store::Store;
use tokio::net::TcpListener;

use crate::config::Config;

/// Connect and migrate.
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    let store = Store::connect(config.database_url.expose())
        .await
        .context("could not open the database (check DATABASE_URL)")?;
    store
        .migrate()
        .await
        .context("could not apply migrations")?;
    Ok(store)
}

pub async fn run(config: Config) -> anyhow::Result<()> {
    let store = open_store(&config).await?;
    if config.demo_enabled() {
        crate::demo::ensure(&store).await?;
    }
    let settings = config.api_settings(config.sealing_key()?);
    spawn_session_sweeper(store.clone(), settings.session);
    api::metrics_handle();
    let state = api::AppState::new(store.clone(), settings);
    state
        .start_routing(Duration::from_secs(config.max_call_minutes as u64 * 60))
        .await
        .context("could not load the routing configuration and live counters")?;
    api::webhooks::routing_state::spawn_periodic_refresh(state.clone(), Duration::from_secs(30));
    api::webhooks::routing_state::spawn_stale_call_sweeper(
        state.clone(),
        Duration::from_secs(config.max_call_minutes as u64 * 60),
    );
    api::reports::delivery::spawn_scheduler(state.clone());
    api::dni::attribution::spawn(state.clone());
    api::integrations::worker::spawn(state.clone());
    if config.smtp_url.is_none() {
        tracing::info!(
            "no CALLCENTER_SMTP_URL: scheduled report e-mails will fail until one is set"
        );
    }
    if !config.webhook_signature_validation {
        tracing::warn!("carrier webhook signature validation is OFF (development only)");
    } else if config.twilio_auth_token.is_none() {
        tracing::warn!(
            "no CALLCENTER_TWILIO_AUTH_TOKEN: carrier webhooks will be refused until one is set"
        );
    }
    let app = api::app(state);

    let addr = SocketAddr::new(config.bind, config.port);
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("could not listen on {addr}"))?;
    tracing::info!(
        address = %listener.local_addr()?,
        backend = ?store.backend(),
        public_url = %config.public_url,
        "CallCenter Pro is listening"
    );
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Delete expired sessions every ten minutes.
fn spawn_session_sweeper(store: Store, policy: store::sessions::SessionPolicy) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            match store.purge_expired_sessions(policy).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "purged expired sessions"),
                Err(e) => tracing::warn!(error = %e, "could not purge sessions"),
            }
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
