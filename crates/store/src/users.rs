//! Users: the people who log in. One user is one account (tenant).

use domain::{AccountId, now_ms};

use crate::db::on_pool;
use crate::{Store, StoreError};

/// A user as stored. `password_hash` is an Argon2id PHC string.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub email: Option<String>,
    pub password_hash: String,
    pub time_zone: String,
    pub status: String,
    pub created_at: i64,
}

impl User {
    pub fn account(&self) -> AccountId {
        AccountId(self.id)
    }
}

const COLUMNS: &str = "id, username, email, password_hash, time_zone, status, created_at";

impl Store {
    /// Create a user; a taken username or email is a `Conflict`.
    pub async fn create_user(
        &self,
        username: &str,
        email: Option<&str>,
        password_hash: &str,
    ) -> Result<User, StoreError> {
        let now = now_ms();
        let sql = format!(
            "INSERT INTO users (username, email, password_hash, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING {COLUMNS}"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, User>(&sql)
            .bind(username)
            .bind(email)
            .bind(password_hash)
            .bind(now)
            .fetch_one(p)
            .await)?)
    }

    /// Find a user by username, case-insensitively.
    pub async fn user_by_username(&self, username: &str) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE lower(username) = lower($1)");
        Ok(on_pool!(self, |p| sqlx::query_as::<_, User>(&sql)
            .bind(username)
            .fetch_optional(p)
            .await)?)
    }

    /// The user behind an account.
    pub async fn user(&self, account: AccountId) -> Result<User, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
        on_pool!(self, |p| sqlx::query_as::<_, User>(&sql)
            .bind(account.0)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// Replace a user's password hash (and so end no sessions by itself).
    pub async fn set_password_hash(
        &self,
        account: AccountId,
        hash: &str,
    ) -> Result<(), StoreError> {
        let done = on_pool!(self, |p| sqlx::query(
            "UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3"
        )
        .bind(hash)
        .bind(now_ms())
        .bind(account.0)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
