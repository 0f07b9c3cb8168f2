//! Two-factor sign-in state: a member's sealed TOTP secret, the one being
//! enrolled, recovery code digests, pending sign-in challenges, and the
//! account's requirement. Sealing and checking codes are the API's.

use domain::{AccountId, now_ms};

use crate::db::on_pool;
use crate::{Store, StoreError};

/// A member's two-factor state.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TwoFactor {
    /// Sealed secret in use (`None`: two-factor is off).
    pub totp_secret: Option<String>,
    /// Sealed secret being enrolled.
    pub totp_pending: Option<String>,
    pub totp_enabled_at: Option<i64>,
    pub recovery_codes_left: i64,
}

/// A sign-in waiting for its second step.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Challenge {
    pub user_id: i64,
    pub expires_at: i64,
    pub attempts: i32,
}

impl Store {
    pub async fn two_factor(&self, user_id: i64) -> Result<TwoFactor, StoreError> {
        on_pool!(self, |p| sqlx::query_as::<_, TwoFactor>(
            "SELECT totp_secret, totp_pending, totp_enabled_at, \
                 (SELECT COUNT(*) FROM recovery_codes r \
                  WHERE r.user_id = u.id AND r.used_at IS NULL) AS recovery_codes_left \
             FROM users u WHERE id = $1"
        )
        .bind(user_id)
        .fetch_optional(p)
        .await)?
        .ok_or(StoreError::NotFound)
    }

    /// Keep a secret being enrolled (replacing an earlier one).
    pub async fn set_pending_totp(&self, user_id: i64, sealed: &str) -> Result<(), StoreError> {
        on_pool!(self, |p| sqlx::query(
            "UPDATE users SET totp_pending = $1, updated_at = $2 WHERE id = $3"
        )
        .bind(sealed)
        .bind(now_ms())
        .bind(user_id)
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Turn two-factor on with the enrolled secret, the step its first code
    /// used, and new recovery codes (replacing any).
    pub async fn enable_totp(
        &self,
        user_id: i64,
        sealed: &str,
        step: i64,
        code_digests: &[String],
    ) -> Result<(), StoreError> {
        let now = now_ms();
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(
                "UPDATE users SET totp_secret = $1, totp_pending = NULL, totp_enabled_at = $2, \
                 totp_last_step = $3, updated_at = $2 WHERE id = $4",
            )
            .bind(sealed)
            .bind(now)
            .bind(step)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            for digest in code_digests {
                sqlx::query("INSERT INTO recovery_codes (user_id, code_digest) VALUES ($1, $2)")
                    .bind(user_id)
                    .bind(digest)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })
    }

    /// New recovery codes in place of the old ones.
    pub async fn replace_recovery_codes(
        &self,
        user_id: i64,
        code_digests: &[String],
    ) -> Result<(), StoreError> {
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            for digest in code_digests {
                sqlx::query("INSERT INTO recovery_codes (user_id, code_digest) VALUES ($1, $2)")
                    .bind(user_id)
                    .bind(digest)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })
    }

    /// Turn two-factor off: secret, enrolment and recovery codes go.
    pub async fn disable_totp(&self, user_id: i64) -> Result<(), StoreError> {
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(
                "UPDATE users SET totp_secret = NULL, totp_pending = NULL, \
                 totp_enabled_at = NULL, totp_last_step = NULL, updated_at = $1 WHERE id = $2",
            )
            .bind(now_ms())
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<(), StoreError>(())
        })
    }

    /// Accept a code's time step once: `false` when it (or a later one)
    /// was used already.
    pub async fn use_totp_step(&self, user_id: i64, step: i64) -> Result<bool, StoreError> {
        let done = on_pool!(self, |p| sqlx::query(
            "UPDATE users SET totp_last_step = $1 WHERE id = $2 \
             AND (totp_last_step IS NULL OR totp_last_step < $1)"
        )
        .bind(step)
        .bind(user_id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    /// Use up a recovery code: `false` when it is unknown or used.
    pub async fn use_recovery_code(&self, user_id: i64, digest: &str) -> Result<bool, StoreError> {
        let done = on_pool!(self, |p| sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 \
             WHERE user_id = $2 AND code_digest = $3 AND used_at IS NULL"
        )
        .bind(now_ms())
        .bind(user_id)
        .bind(digest)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(done >= 1)
    }

    pub async fn create_login_challenge(
        &self,
        digest: &str,
        user_id: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        on_pool!(self, |p| {
            sqlx::query("DELETE FROM login_challenges WHERE expires_at <= $1")
                .bind(now_ms())
                .execute(p)
                .await?;
            sqlx::query(
                "INSERT INTO login_challenges (id, user_id, expires_at) VALUES ($1, $2, $3)",
            )
            .bind(digest)
            .bind(user_id)
            .bind(expires_at)
            .execute(p)
            .await
            .map(|_| ())
        })?;
        Ok(())
    }

    /// Count an attempt at a challenge and return it as it now stands.
    pub async fn attempt_login_challenge(
        &self,
        digest: &str,
    ) -> Result<Option<Challenge>, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query_as::<_, Challenge>(
            "UPDATE login_challenges SET attempts = attempts + 1 WHERE id = $1 \
             RETURNING user_id, expires_at, attempts"
        )
        .bind(digest)
        .fetch_optional(p)
        .await)?)
    }

    pub async fn delete_login_challenge(&self, digest: &str) -> Result<(), StoreError> {
        on_pool!(self, |p| sqlx::query(
            "DELETE FROM login_challenges WHERE id = $1"
        )
        .bind(digest)
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// The addresses the account may be used from (JSON CIDRs; `[]`: any).
    pub async fn account_allowlist(&self, account: AccountId) -> Result<String, StoreError> {
        let found: Option<String> = on_pool!(self, |p| sqlx::query_scalar(
            "SELECT allowed_ips FROM account_settings WHERE account_id = $1"
        )
        .bind(account.0)
        .fetch_optional(p)
        .await)?;
        Ok(found.unwrap_or_else(|| "[]".into()))
    }

    pub async fn set_account_allowlist(
        &self,
        account: AccountId,
        allowed_ips: &str,
    ) -> Result<(), StoreError> {
        on_pool!(self, |p| sqlx::query(
            "INSERT INTO account_settings (account_id, allowed_ips, updated_at) \
             VALUES ($1, $2, $3) ON CONFLICT (account_id) DO UPDATE \
             SET allowed_ips = excluded.allowed_ips, updated_at = excluded.updated_at"
        )
        .bind(account.0)
        .bind(allowed_ips)
        .bind(now_ms())
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Whether the account requires two-factor sign-in of every member.
    pub async fn requires_two_factor(&self, account: AccountId) -> Result<bool, StoreError> {
        let found: Option<bool> = on_pool!(self, |p| sqlx::query_scalar(
            "SELECT require_two_factor FROM account_settings WHERE account_id = $1"
        )
        .bind(account.0)
        .fetch_optional(p)
        .await)?;
        Ok(found.unwrap_or(false))
    }

    pub async fn set_requires_two_factor(
        &self,
        account: AccountId,
        required: bool,
    ) -> Result<(), StoreError> {
        on_pool!(self, |p| sqlx::query(
            "INSERT INTO account_settings (account_id, require_two_factor, updated_at) \
             VALUES ($1, $2, $3) ON CONFLICT (account_id) DO UPDATE \
             SET require_two_factor = excluded.require_two_factor, updated_at = excluded.updated_at"
        )
        .bind(account.0)
        .bind(required)
        .bind(now_ms())
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(())
    }
}
