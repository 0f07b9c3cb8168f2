//! Assigning numbers to campaigns and releasing them: the operations the
//! campaign endpoints call.
//!
//! Every assignment is a conditional update (`… AND campaign_id IS NULL`),
//! so of two concurrent requests for one number exactly one wins, on both
//! engines. Each transaction starts with a write that locks the campaign (or
//! the number): SQLite then holds its write lock from the first statement
//! (a read-then-write transaction could fail with `SQLITE_BUSY` instead of
//! waiting), and PostgreSQL serialises work on that row. Every change writes
//! a `number_assignments` row in the same transaction.

use domain::{AccountId, now_ms};

use super::{HISTORY, PhoneNumberRow, SELECT};
use crate::db::on_pool;
use crate::{Store, StoreError};

/// Why a number could not be assigned.
#[derive(Debug, thiserror::Error)]
pub enum AssignError {
    /// The number, pool or campaign is not the account's (or the campaign
    /// is deleted).
    #[error("not found")]
    NotFound,
    /// Another campaign (or pool) holds the number; `kind` is `campaign` or
    /// `pool`, `id` and `name` are the holder's (always the same account's).
    #[error("held by {kind} {id}")]
    HeldBy {
        kind: &'static str,
        id: String,
        name: String,
    },
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for AssignError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AssignError::NotFound,
            other => AssignError::Store(other),
        }
    }
}

impl From<sqlx::Error> for AssignError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::from(e).into()
    }
}

/// Takes the campaign's row lock (a write that changes nothing) and tells
/// whether it is a live campaign of the account.
const LOCK_CAMPAIGN: &str = "UPDATE campaigns SET updated_at = updated_at \
    WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL";

/// Binds: campaign, time, number, account, pool (NULL: any).
const TAKE_FOR_CAMPAIGN: &str = "UPDATE phone_numbers SET campaign_id = $1, updated_at = $2 \
    WHERE id = $3 AND user_id = $4 AND campaign_id IS NULL \
      AND ($5 IS NULL OR (pool_id = $5 AND status = 'active'))";

/// Who holds a number for a campaign: (campaign id, its name).
const CAMPAIGN_HOLDER: &str = "SELECT n.campaign_id, c.name FROM phone_numbers n \
    LEFT JOIN campaigns c ON c.id = n.campaign_id WHERE n.id = $1 AND n.user_id = $2";

/// How often a conditional update is retried when its holder let go between
/// the update and the look-up (PostgreSQL only; SQLite holds its lock).
const ATTEMPTS: usize = 3;

impl Store {
    /// Assign one of the account's numbers to one of its live campaigns.
    /// A number that already has a campaign (this one included, so that of
    /// concurrent identical requests exactly one succeeds) is
    /// [`AssignError::HeldBy`] naming it. Records `assigned`.
    pub async fn assign_number_to_campaign(
        &self,
        account: AccountId,
        number_id: i64,
        campaign_id: &str,
    ) -> Result<(), AssignError> {
        let _refresh = self.config_write();
        let now = now_ms();
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let live = sqlx::query(LOCK_CAMPAIGN)
                .bind(campaign_id)
                .bind(account.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if live == 0 {
                return Err(AssignError::NotFound);
            }
            for _ in 0..ATTEMPTS {
                let took = sqlx::query(TAKE_FOR_CAMPAIGN)
                    .bind(campaign_id)
                    .bind(now)
                    .bind(number_id)
                    .bind(account.0)
                    .bind(None::<i64>)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if took == 1 {
                    sqlx::query(HISTORY)
                        .bind(account.0)
                        .bind(number_id)
                        .bind("assigned")
                        .bind(campaign_id)
                        .bind(None::<i64>)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    return Ok(());
                }
                let holder = sqlx::query_as::<_, (Option<String>, Option<String>)>(CAMPAIGN_HOLDER)
                    .bind(number_id)
                    .bind(account.0)
                    .fetch_optional(&mut *tx)
                    .await?;
                match holder {
                    None => return Err(AssignError::NotFound),
                    Some((Some(held), name)) => {
                        return Err(AssignError::HeldBy {
                            kind: "campaign",
                            id: held,
                            name: name.unwrap_or_default(),
                        });
                    }
                    Some((None, _)) => continue,
                }
            }
            Err(AssignError::Store(StoreError::Conflict {
                constraint: "campaign_id".into(),
            }))
        })
    }

    /// Take a number away from its campaign (nothing to do when it has
    /// none). `NotFound` unless the number is the account's. Records
    /// `released`.
    pub async fn release_number(
        &self,
        account: AccountId,
        number_id: i64,
    ) -> Result<(), AssignError> {
        let _refresh = self.config_write();
        let now = now_ms();
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let mine = sqlx::query(
                "UPDATE phone_numbers SET updated_at = $1 WHERE id = $2 AND user_id = $3",
            )
            .bind(now)
            .bind(number_id)
            .bind(account.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if mine == 0 {
                return Err(AssignError::NotFound);
            }
            let campaign = sqlx::query_scalar::<_, Option<String>>(
                "SELECT campaign_id FROM phone_numbers WHERE id = $1",
            )
            .bind(number_id)
            .fetch_one(&mut *tx)
            .await?;
            if let Some(campaign) = campaign {
                sqlx::query("UPDATE phone_numbers SET campaign_id = NULL WHERE id = $1")
                    .bind(number_id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(HISTORY)
                    .bind(account.0)
                    .bind(number_id)
                    .bind("released")
                    .bind(campaign)
                    .bind(None::<i64>)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Assign up to `count` active, unassigned numbers of the account's pool
    /// to its live campaign, lowest ids first; returns their ids (fewer when
    /// the pool runs out). Each number is taken by a conditional update, so
    /// concurrent allocations never hand out one number twice. Records
    /// `assigned` with the pool.
    pub async fn allocate_pool_numbers(
        &self,
        account: AccountId,
        pool_id: i64,
        campaign_id: &str,
        count: i64,
    ) -> Result<Vec<i64>, AssignError> {
        let _refresh = self.config_write();
        let now = now_ms();
        let mut taken = Vec::new();
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let live = sqlx::query(LOCK_CAMPAIGN)
                .bind(campaign_id)
                .bind(account.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let pool = sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM number_pools WHERE id = $1 AND user_id = $2",
            )
            .bind(pool_id)
            .bind(account.0)
            .fetch_one(&mut *tx)
            .await?;
            if live == 0 || pool == 0 {
                return Err(AssignError::NotFound);
            }
            // Each round sees what concurrent allocations committed; a
            // candidate lost to one of them is not offered again.
            for _ in 0..8 {
                let wanted = count - taken.len() as i64;
                if wanted <= 0 {
                    break;
                }
                let candidates = sqlx::query_scalar::<_, i64>(
                    "SELECT id FROM phone_numbers WHERE user_id = $1 AND pool_id = $2 \
                       AND status = 'active' AND campaign_id IS NULL ORDER BY id LIMIT $3",
                )
                .bind(account.0)
                .bind(pool_id)
                .bind(wanted)
                .fetch_all(&mut *tx)
                .await?;
                if candidates.is_empty() {
                    break;
                }
                for id in candidates {
                    let took = sqlx::query(TAKE_FOR_CAMPAIGN)
                        .bind(campaign_id)
                        .bind(now)
                        .bind(id)
                        .bind(account.0)
                        .bind(Some(pool_id))
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    if took == 1 {
                        sqlx::query(HISTORY)
                            .bind(account.0)
                            .bind(id)
                            .bind("assigned")
                            .bind(campaign_id)
                            .bind(Some(pool_id))
                            .bind(now)
                            .execute(&mut *tx)
                            .await?;
                        taken.push(id);
                    }
                }
            }
            tx.commit().await?;
            Ok::<(), AssignError>(())
        })?;
        Ok(taken)
    }

    /// Release every number of a campaign (when it is deleted); returns how
    /// many. Records `released` for each.
    pub async fn release_campaign_numbers(
        &self,
        account: AccountId,
        campaign_id: &str,
    ) -> Result<u64, StoreError> {
        let _refresh = self.config_write();
        let now = now_ms();
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let released = sqlx::query_scalar::<_, i64>(
                "UPDATE phone_numbers SET campaign_id = NULL, updated_at = $1 \
                 WHERE user_id = $2 AND campaign_id = $3 RETURNING id",
            )
            .bind(now)
            .bind(account.0)
            .bind(campaign_id)
            .fetch_all(&mut *tx)
            .await?;
            for id in &released {
                sqlx::query(HISTORY)
                    .bind(account.0)
                    .bind(*id)
                    .bind("released")
                    .bind(campaign_id)
                    .bind(None::<i64>)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(released.len() as u64)
        })
    }

    /// The numbers assigned to a campaign of the account, by id, with their
    /// figures.
    pub async fn campaign_numbers(
        &self,
        account: AccountId,
        campaign_id: &str,
    ) -> Result<Vec<PhoneNumberRow>, StoreError> {
        let sql = format!("{SELECT} WHERE n.user_id = $1 AND n.campaign_id = $2 ORDER BY n.id");
        let mut rows = on_pool!(self, |p| sqlx::query_as::<_, PhoneNumberRow>(&sql)
            .bind(account.0)
            .bind(campaign_id)
            .fetch_all(p)
            .await)?;
        self.fill_call_figures(account, &mut rows).await?;
        Ok(rows)
    }
}
