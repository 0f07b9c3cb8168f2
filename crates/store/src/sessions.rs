//! Server-side login sessions. The cookie carries a random token; the
//! table keeps only its SHA-256. A session ends at its absolute expiry, after
//! an idle period without requests, or at logout.

use domain::{AccountId, Role, now_ms};

use crate::db::on_pool;
use crate::{Store, StoreError};

/// A live session, the user it belongs to, and that user's account and
/// role there.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Session {
    pub id: String,
    pub user_id: i64,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub account_id: i64,
    pub role: String,
    /// The account requires two-factor sign-in and this member has not
    /// set it up yet.
    pub two_factor_missing: bool,
    /// The account's address allowlist (JSON CIDRs; `[]`: any).
    pub allowed_ips: String,
}

/// Session lifetimes in milliseconds.
#[derive(Clone, Copy, Debug)]
pub struct SessionPolicy {
    pub idle_ms: i64,
    pub absolute_ms: i64,
}

impl Session {
    pub fn account(&self) -> AccountId {
        AccountId(self.account_id)
    }

    /// The member's role (an unknown stored value reads as the least).
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Analyst)
    }

    /// Whether the session is still usable at `now` under `policy`.
    pub fn is_live(&self, now: i64, policy: SessionPolicy) -> bool {
        now < self.expires_at && now < self.last_seen_at + policy.idle_ms
    }
}

impl Store {
    /// Record a new session for the user under the token's digest.
    pub async fn create_session(
        &self,
        user_id: i64,
        digest: &str,
        policy: SessionPolicy,
        user_agent: Option<&str>,
        ip: Option<&str>,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        on_pool!(self, |p| {
            sqlx::query(
            "INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, user_agent, ip_address) \
             VALUES ($1, $2, $3, $3, $4, $5, $6)"
        )
        .bind(digest)
        .bind(user_id)
        .bind(now)
        .bind(now + policy.absolute_ms)
        .bind(user_agent.map(|s| truncate(s, 500)))
        .bind(ip)
        .execute(p)
        .await
        .map(|_| ())
        })?;
        Ok(())
    }

    /// The live session with this digest, touching its idle clock. An
    /// expired session is deleted and reported as absent.
    pub async fn live_session(
        &self,
        digest: &str,
        policy: SessionPolicy,
    ) -> Result<Option<Session>, StoreError> {
        let found = on_pool!(self, |p| sqlx::query_as::<_, Session>(
            "SELECT s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, \
                    m.account_id, m.role, \
                    (COALESCE(a.require_two_factor, FALSE) AND u.totp_enabled_at IS NULL) \
                        AS two_factor_missing, \
                    COALESCE(a.allowed_ips, '[]') AS allowed_ips \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             JOIN account_members m ON m.user_id = u.id \
             LEFT JOIN account_settings a ON a.account_id = m.account_id \
             WHERE s.id = $1 AND u.status = 'active'"
        )
        .bind(digest)
        .fetch_optional(p)
        .await)?;
        let Some(mut session) = found else {
            return Ok(None);
        };
        let now = now_ms();
        if !session.is_live(now, policy) {
            self.delete_session(digest).await?;
            return Ok(None);
        }
        // Touch at most once a minute (sooner for very short idle limits):
        // the idle clock needs no millisecond precision, and a write per
        // request would be waste.
        if now - session.last_seen_at > (policy.idle_ms / 4).min(60_000) {
            on_pool!(self, |p| sqlx::query(
                "UPDATE sessions SET last_seen_at = $1 WHERE id = $2"
            )
            .bind(now)
            .bind(digest)
            .execute(p)
            .await
            .map(|_| ()))?;
            session.last_seen_at = now;
        }
        Ok(Some(session))
    }

    /// End one session (logout). Ending a session that does not exist is fine.
    pub async fn delete_session(&self, digest: &str) -> Result<(), StoreError> {
        on_pool!(self, |p| sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(digest)
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Delete every session past its absolute expiry or idle for longer
    /// than the policy allows; returns how many went.
    pub async fn purge_expired_sessions(&self, policy: SessionPolicy) -> Result<u64, StoreError> {
        let now = now_ms();
        Ok(on_pool!(self, |p| sqlx::query(
            "DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2"
        )
        .bind(now)
        .bind(now - policy.idle_ms)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?)
    }
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}
