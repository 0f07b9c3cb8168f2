//! The demo account (`sumit` / `demo123`), created on first start when
//! demo mode is on. Later features add their demo data here.

use store::Store;

pub const DEMO_USERNAME: &str = "sumit";
const DEMO_PASSWORD: &str = "demo123";
const DEMO_EMAIL: &str = "sumit@example.com";

/// Create the demo user if it does not exist yet. Never resets a password.
pub async fn ensure(store: &Store) -> anyhow::Result<()> {
    if store.user_by_username(DEMO_USERNAME).await?.is_some() {
        return Ok(());
    }
    let hash = domain::password::hash(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    match store
        .create_user(DEMO_USERNAME, Some(DEMO_EMAIL), &hash)
        .await
    {
        Ok(user) => tracing::info!(user_id = user.id, "created demo account {DEMO_USERNAME}"),
        // Another node created it at the same moment.
        Err(store::StoreError::Conflict { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
