//! Sign-in history and the profile a member edits for themselves.

use domain::now_ms;

use crate::db::on_pool;
use crate::{Store, StoreError};

/// One sign-in attempt on a known user.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SignIn {
    pub id: i64,
    pub success: bool,
    pub reason: Option<String>,
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: i64,
}

/// A live session of a user, as listed to them.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionRow {
    /// The digest of the session's token.
    pub id: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub user_agent: Option<String>,
    pub ip_address: Option<String>,
}

/// What a member may change about themselves.
#[derive(Clone, Debug)]
pub struct ProfileFields<'a> {
    pub email: Option<&'a str>,
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    pub time_zone: &'a str,
    pub language: &'a str,
}

/// Sign-ins kept per user (older ones go as new ones come).
const KEEP: i64 = 500;

impl Store {
    /// Note a sign-in attempt; `true` for a success from a device (user
    /// agent and address) new for a user who had signed in before.
    pub async fn record_sign_in(
        &self,
        user_id: i64,
        success: bool,
        reason: Option<&str>,
        ip: Option<&str>,
        user_agent: Option<&str>,
    ) -> Result<bool, StoreError> {
        let now = now_ms();
        let mut earlier = 0i64;
        let agent = user_agent.map(|a| a.chars().take(500).collect::<String>());
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let known: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM sign_ins WHERE user_id = $1 AND success = TRUE \
                 AND COALESCE(ip_address, '') = COALESCE($2, '') \
                 AND COALESCE(user_agent, '') = COALESCE($3, '') \
                 LIMIT 1",
            )
            .bind(user_id)
            .bind(ip)
            .bind(agent.as_deref())
            .fetch_optional(&mut *tx)
            .await?;
            if known.is_none() {
                earlier = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM sign_ins WHERE user_id = $1 AND success = TRUE",
                )
                .bind(user_id)
                .fetch_one(&mut *tx)
                .await?;
            }
            sqlx::query(
                "INSERT INTO sign_ins (user_id, success, reason, ip_address, user_agent, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(user_id)
            .bind(success)
            .bind(reason)
            .bind(ip)
            .bind(agent.as_deref())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "DELETE FROM sign_ins WHERE user_id = $1 AND id <= \
                 (SELECT id FROM sign_ins WHERE user_id = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)",
            )
            .bind(user_id)
            .bind(KEEP)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<bool, StoreError>(success && known.is_none() && earlier > 0)
        })
    }

    /// A user's sign-ins, newest first.
    pub async fn sign_ins(&self, user_id: i64, limit: i64) -> Result<Vec<SignIn>, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query_as::<_, SignIn>(
            "SELECT id, success, reason, ip_address, user_agent, created_at FROM sign_ins \
             WHERE user_id = $1 ORDER BY id DESC LIMIT $2"
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(p)
        .await)?)
    }

    /// A user's sessions, most recently used first (expired ones may be
    /// among them until the purge; the caller filters).
    pub async fn user_sessions(&self, user_id: i64) -> Result<Vec<SessionRow>, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query_as::<_, SessionRow>(
            "SELECT id, created_at, last_seen_at, expires_at, user_agent, ip_address \
             FROM sessions WHERE user_id = $1 ORDER BY last_seen_at DESC, id"
        )
        .bind(user_id)
        .fetch_all(p)
        .await)?)
    }

    /// End one of a user's sessions by its digest.
    pub async fn end_user_session(&self, user_id: i64, digest: &str) -> Result<(), StoreError> {
        let done = on_pool!(self, |p| sqlx::query(
            "DELETE FROM sessions WHERE user_id = $1 AND id = $2"
        )
        .bind(user_id)
        .bind(digest)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// End every session of a user but `keep`; returns how many ended.
    pub async fn end_other_sessions(&self, user_id: i64, keep: &str) -> Result<u64, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query(
            "DELETE FROM sessions WHERE user_id = $1 AND id <> $2"
        )
        .bind(user_id)
        .bind(keep)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?)
    }

    /// A member's own profile; a taken e-mail is a `Conflict`.
    pub async fn update_profile(
        &self,
        user_id: i64,
        f: &ProfileFields<'_>,
    ) -> Result<(), StoreError> {
        let done = on_pool!(self, |p| sqlx::query(
            "UPDATE users SET email = $1, first_name = $2, last_name = $3, time_zone = $4, \
             language = $5, updated_at = $6 WHERE id = $7"
        )
        .bind(f.email)
        .bind(f.first_name)
        .bind(f.last_name)
        .bind(f.time_zone)
        .bind(f.language)
        .bind(now_ms())
        .bind(user_id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
