//! API keys: stored as the SHA-256 of the key (the key has 240 bits of
//! randomness, so a plain digest is as good as a slow hash and lets each
//! request find its key by an index).

use domain::{AccountId, now_ms};

use crate::db::on_pool;
use crate::{Store, StoreError};

/// A key as stored (never the key itself).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ApiKeyRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    /// The key's first characters (`cc_live_ab12`), to recognise it.
    pub prefix: String,
    /// JSON array of scopes.
    pub scopes: String,
    /// JSON array of CIDRs (empty: any address).
    pub allowed_ips: String,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub last_used_ip: Option<String>,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// What a new key is.
#[derive(Clone, Debug)]
pub struct NewApiKey<'a> {
    pub name: &'a str,
    pub prefix: &'a str,
    pub digest: &'a str,
    pub scopes: &'a str,
    pub allowed_ips: &'a str,
    pub expires_at: Option<i64>,
}

const COLUMNS: &str = "id, user_id, name, prefix, scopes, allowed_ips, expires_at, last_used_at, \
    last_used_ip, created_at, revoked_at";

impl Store {
    pub async fn create_api_key(
        &self,
        account: AccountId,
        k: &NewApiKey<'_>,
    ) -> Result<ApiKeyRow, StoreError> {
        let sql = format!(
            "INSERT INTO api_keys (user_id, name, prefix, key_digest, scopes, allowed_ips, \
                 expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             RETURNING {COLUMNS}"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, ApiKeyRow>(&sql)
            .bind(account.0)
            .bind(k.name)
            .bind(k.prefix)
            .bind(k.digest)
            .bind(k.scopes)
            .bind(k.allowed_ips)
            .bind(k.expires_at)
            .bind(now_ms())
            .fetch_one(p)
            .await)?)
    }

    /// The account's keys, newest first, revoked ones included.
    pub async fn list_api_keys(&self, account: AccountId) -> Result<Vec<ApiKeyRow>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM api_keys WHERE user_id = $1 ORDER BY id DESC");
        Ok(on_pool!(self, |p| sqlx::query_as::<_, ApiKeyRow>(&sql)
            .bind(account.0)
            .fetch_all(p)
            .await)?)
    }

    /// The key with this digest, whoever's it is (the caller checks that
    /// it is live).
    pub async fn api_key_by_digest(&self, digest: &str) -> Result<Option<ApiKeyRow>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM api_keys WHERE key_digest = $1");
        Ok(on_pool!(self, |p| sqlx::query_as::<_, ApiKeyRow>(&sql)
            .bind(digest)
            .fetch_optional(p)
            .await)?)
    }

    /// Revoke one of the account's keys (again: nothing changes).
    pub async fn revoke_api_key(
        &self,
        account: AccountId,
        id: i64,
    ) -> Result<ApiKeyRow, StoreError> {
        let sql = format!(
            "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) \
             WHERE id = $2 AND user_id = $3 RETURNING {COLUMNS}"
        );
        on_pool!(self, |p| sqlx::query_as::<_, ApiKeyRow>(&sql)
            .bind(now_ms())
            .bind(id)
            .bind(account.0)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// Note a key's use (the caller writes at most once a minute per key).
    pub async fn touch_api_key(&self, id: i64, at: i64, address: &str) -> Result<(), StoreError> {
        on_pool!(self, |p| sqlx::query(
            "UPDATE api_keys SET last_used_at = $1, last_used_ip = $2 WHERE id = $3"
        )
        .bind(at)
        .bind(address)
        .bind(id)
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(())
    }
}
