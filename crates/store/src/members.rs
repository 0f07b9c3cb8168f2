//! An account's members and invitations. The role checks (who may change
//! whom) are the API's; these keep the rules the data needs: an account
//! always keeps an owner, and its founding user stays a member.

use domain::{AccountId, Role, now_ms};

use crate::db::on_pool;
use crate::users::{COLUMNS, FROM, User};
use crate::{Store, StoreError};

/// An invitation as stored (never its token).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Invitation {
    pub id: i64,
    pub account_id: i64,
    pub email: String,
    pub role: String,
    pub invited_by: i64,
    pub created_at: i64,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl Invitation {
    /// Whether the link can still be used at `now`.
    pub fn is_open(&self, now: i64) -> bool {
        self.accepted_at.is_none() && self.revoked_at.is_none() && now < self.expires_at
    }
}

/// The user an accepted invitation makes.
#[derive(Clone, Debug)]
pub struct NewMember<'a> {
    pub username: &'a str,
    pub password_hash: &'a str,
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
}

/// Why a membership change was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberChange {
    Done,
    /// The change would leave the account without an owner.
    LastOwner,
    /// The founding user cannot leave the account.
    Founder,
}

const INVITE_COLUMNS: &str = "id, account_id, email, role, invited_by, created_at, expires_at, \
    accepted_at, revoked_at";

impl Store {
    /// The account's members, oldest first.
    pub async fn members(&self, account: AccountId) -> Result<Vec<User>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE m.account_id = $1 ORDER BY u.id");
        Ok(on_pool!(self, |p| sqlx::query_as::<_, User>(&sql)
            .bind(account.0)
            .fetch_all(p)
            .await)?)
    }

    /// One member of the account.
    pub async fn member(&self, account: AccountId, user_id: i64) -> Result<User, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE m.account_id = $1 AND u.id = $2");
        on_pool!(self, |p| sqlx::query_as::<_, User>(&sql)
            .bind(account.0)
            .bind(user_id)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// Give a member another role, unless that leaves no owner.
    pub async fn set_member_role(
        &self,
        account: AccountId,
        user_id: i64,
        role: Role,
    ) -> Result<MemberChange, StoreError> {
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let done = sqlx::query(
                "UPDATE account_members SET role = $1 WHERE account_id = $2 AND user_id = $3",
            )
            .bind(role.as_str())
            .bind(account.0)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done == 0 {
                return Err(StoreError::NotFound);
            }
            let owners: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM account_members WHERE account_id = $1 AND role = 'owner'",
            )
            .bind(account.0)
            .fetch_one(&mut *tx)
            .await?;
            if owners == 0 {
                tx.rollback().await?;
                return Ok(MemberChange::LastOwner);
            }
            tx.commit().await?;
            Ok(MemberChange::Done)
        })
    }

    /// Take a member off the account: their membership, sessions and
    /// sign-in go; the user row stays (disabled, e-mail released) so that
    /// what they did keeps a name.
    pub async fn remove_member(
        &self,
        account: AccountId,
        user_id: i64,
    ) -> Result<MemberChange, StoreError> {
        if user_id == account.0 {
            // Still a 404 for someone else's founder.
            self.member(account, user_id).await?;
            return Ok(MemberChange::Founder);
        }
        let now = now_ms();
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let done =
                sqlx::query("DELETE FROM account_members WHERE account_id = $1 AND user_id = $2")
                    .bind(account.0)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            if done == 0 {
                return Err(StoreError::NotFound);
            }
            let owners: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM account_members WHERE account_id = $1 AND role = 'owner'",
            )
            .bind(account.0)
            .fetch_one(&mut *tx)
            .await?;
            if owners == 0 {
                tx.rollback().await?;
                return Ok(MemberChange::LastOwner);
            }
            sqlx::query(
                "UPDATE users SET status = 'disabled', email = NULL, updated_at = $1 WHERE id = $2",
            )
            .bind(now)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(MemberChange::Done)
        })
    }

    /// Record an invitation under its token's digest.
    pub async fn create_invitation(
        &self,
        account: AccountId,
        email: &str,
        role: Role,
        digest: &str,
        invited_by: i64,
        expires_at: i64,
    ) -> Result<Invitation, StoreError> {
        let sql = format!(
            "INSERT INTO invitations (account_id, email, role, token_digest, invited_by, \
                 created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             RETURNING {INVITE_COLUMNS}"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, Invitation>(&sql)
            .bind(account.0)
            .bind(email)
            .bind(role.as_str())
            .bind(digest)
            .bind(invited_by)
            .bind(now_ms())
            .bind(expires_at)
            .fetch_one(p)
            .await)?)
    }

    /// The account's invitations not yet accepted or revoked (expired
    /// ones included, to be seen and sent again), newest first.
    pub async fn pending_invitations(
        &self,
        account: AccountId,
    ) -> Result<Vec<Invitation>, StoreError> {
        let sql = format!(
            "SELECT {INVITE_COLUMNS} FROM invitations WHERE account_id = $1 \
             AND accepted_at IS NULL AND revoked_at IS NULL ORDER BY id DESC LIMIT 200"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, Invitation>(&sql)
            .bind(account.0)
            .fetch_all(p)
            .await)?)
    }

    /// Withdraw an invitation of the account.
    pub async fn revoke_invitation(&self, account: AccountId, id: i64) -> Result<(), StoreError> {
        let done = on_pool!(self, |p| sqlx::query(
            "UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND account_id = $3 \
             AND accepted_at IS NULL AND revoked_at IS NULL"
        )
        .bind(now_ms())
        .bind(id)
        .bind(account.0)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if done == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// The invitation behind a token's digest.
    pub async fn invitation_by_digest(
        &self,
        digest: &str,
    ) -> Result<Option<Invitation>, StoreError> {
        let sql = format!("SELECT {INVITE_COLUMNS} FROM invitations WHERE token_digest = $1");
        Ok(on_pool!(self, |p| sqlx::query_as::<_, Invitation>(&sql)
            .bind(digest)
            .fetch_optional(p)
            .await)?)
    }

    /// Accept an open invitation: the user and membership are made and the
    /// invitation closed in one transaction (a second accept finds it
    /// closed). `NotFound` when it is no longer open; `Conflict` when the
    /// username or e-mail is taken.
    pub async fn accept_invitation(
        &self,
        digest: &str,
        member: &NewMember<'_>,
    ) -> Result<User, StoreError> {
        let now = now_ms();
        let id = on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let invite: Option<(i64, i64, String, String)> = sqlx::query_as(
                "UPDATE invitations SET accepted_at = $1 WHERE token_digest = $2 \
                 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1 \
                 RETURNING id, account_id, email, role",
            )
            .bind(now)
            .bind(digest)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((invite_id, account_id, email, role)) = invite else {
                return Err(StoreError::NotFound);
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (username, email, password_hash, first_name, last_name, \
                     time_zone, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, \
                     (SELECT time_zone FROM users WHERE id = $6), $7, $7) RETURNING id",
            )
            .bind(member.username)
            .bind(&email)
            .bind(member.password_hash)
            .bind(member.first_name)
            .bind(member.last_name)
            .bind(account_id)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let inviter: i64 =
                sqlx::query_scalar("SELECT invited_by FROM invitations WHERE id = $1")
                    .bind(invite_id)
                    .fetch_one(&mut *tx)
                    .await?;
            sqlx::query(
                "INSERT INTO account_members (user_id, account_id, role, invited_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(account_id)
            .bind(&role)
            .bind(inviter)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE invitations SET accepted_user_id = $1 WHERE id = $2")
                .bind(id)
                .bind(invite_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<i64, StoreError>(id)
        })?;
        self.user_by_id(id).await
    }
}
