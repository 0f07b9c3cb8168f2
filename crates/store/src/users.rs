//! Users: the people who sign in. Each user is a member of one account
//! (see `members`); a new user made by registration founds an account
//! whose id is the user's own.

use domain::{AccountId, Role, now_ms};

use crate::db::on_pool;
use crate::{Store, StoreError};

/// A user as stored, with the account they belong to and their role
/// there. `password_hash` is an Argon2id PHC string.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub email: Option<String>,
    pub password_hash: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub time_zone: String,
    pub language: String,
    pub status: String,
    pub created_at: i64,
    pub account_id: i64,
    pub role: String,
}

impl User {
    pub fn account(&self) -> AccountId {
        AccountId(self.account_id)
    }

    /// The member's role (an unknown stored value reads as the least).
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Analyst)
    }
}

/// The columns of [`User`], for queries over `users u JOIN account_members m`.
pub(crate) const COLUMNS: &str = "u.id, u.username, u.email, u.password_hash, u.first_name, \
    u.last_name, u.time_zone, u.language, u.status, u.created_at, m.account_id, m.role";
pub(crate) const FROM: &str = "users u JOIN account_members m ON m.user_id = u.id";

impl Store {
    /// Create a user who founds an account (as its owner); a taken
    /// username or email is a `Conflict`.
    pub async fn create_user(
        &self,
        username: &str,
        email: Option<&str>,
        password_hash: &str,
    ) -> Result<User, StoreError> {
        let now = now_ms();
        let id = on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (username, email, password_hash, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $4) RETURNING id",
            )
            .bind(username)
            .bind(email)
            .bind(password_hash)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO account_members (user_id, account_id, role, created_at) \
                 VALUES ($1, $1, 'owner', $2)",
            )
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(id)
        })?;
        self.user_by_id(id).await
    }

    /// Find a member by username, case-insensitively. A user who is no
    /// member of any account is not found.
    pub async fn user_by_username(&self, username: &str) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE lower(u.username) = lower($1)");
        Ok(on_pool!(self, |p| sqlx::query_as::<_, User>(&sql)
            .bind(username)
            .fetch_optional(p)
            .await)?)
    }

    /// A member by user id.
    pub async fn user_by_id(&self, id: i64) -> Result<User, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE u.id = $1");
        on_pool!(self, |p| sqlx::query_as::<_, User>(&sql)
            .bind(id)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// The account's own row: its founding user, whose time zone is the
    /// account's.
    pub async fn user(&self, account: AccountId) -> Result<User, StoreError> {
        self.user_by_id(account.0).await
    }

    /// Replace a user's password hash (and so end no sessions by itself).
    pub async fn set_password_hash(&self, user_id: i64, hash: &str) -> Result<(), StoreError> {
        let done = on_pool!(self, |p| sqlx::query(
            "UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3"
        )
        .bind(hash)
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

impl Store {
    /// Whether any user (member or not) has this e-mail address.
    pub async fn email_taken(&self, email: &str) -> Result<bool, StoreError> {
        let found: Option<i64> = on_pool!(self, |p| sqlx::query_scalar(
            "SELECT id FROM users WHERE lower(email) = lower($1)"
        )
        .bind(email)
        .fetch_optional(p)
        .await)?;
        Ok(found.is_some())
    }
}
