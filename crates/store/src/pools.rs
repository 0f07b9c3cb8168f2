//! Number pools: named sets of an account's numbers that pool campaigns
//! draw from. A number belongs to at most one pool (`phone_numbers.pool_id`);
//! adding is a conditional update (`… AND pool_id IS NULL`), so of two
//! concurrent requests for one number exactly one wins. Every change of
//! membership writes a `number_assignments` row in the same transaction.

use domain::number_import::NumberInput;
use domain::{AccountId, now_ms};

use crate::db::on_pool;
use crate::phone_numbers::{AssignError, HISTORY, PhoneNumberRow, SELECT};
use crate::{Page, Store, StoreError};

/// A pool with its number counts.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PoolRow {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
    pub country: String,
    pub status: String,
    /// Numbers in the pool.
    pub total_numbers: i64,
    /// Active pool numbers not assigned to a campaign.
    pub available_numbers: i64,
    /// Pool numbers assigned to a campaign.
    pub assigned_numbers: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Every setting of a pool, validated by the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolFields {
    pub name: String,
    pub description: Option<String>,
    pub country: String,
    pub status: String,
}

/// Why numbers could not be added to a pool; nothing was added.
#[derive(Debug, thiserror::Error)]
pub enum PoolAddError {
    /// The pool, or one of the number ids, is not the account's.
    #[error("not found")]
    NotFound,
    /// `phone_number` (E.164) is already in a pool of the account.
    #[error("{phone_number} is in pool {pool_id}")]
    HeldBy {
        phone_number: String,
        pool_id: i64,
        pool_name: String,
    },
    /// A new number is registered by another account (which is never said).
    #[error("{phone_number} is registered")]
    Registered { phone_number: String },
    #[error(transparent)]
    Store(StoreError),
}

impl From<sqlx::Error> for PoolAddError {
    fn from(e: sqlx::Error) -> Self {
        match StoreError::from(e) {
            StoreError::NotFound => PoolAddError::NotFound,
            other => PoolAddError::Store(other),
        }
    }
}

/// A pool's columns with its counts, as the wrapped query `x`; $1 is the
/// account. Callers add conditions on `x`.
const SELECT_POOLS: &str = "SELECT * FROM (SELECT p.id, p.user_id, p.name, p.description, \
       p.country, p.status, p.created_at, p.updated_at, \
       COALESCE(s.total_numbers, 0) AS total_numbers, \
       COALESCE(s.available_numbers, 0) AS available_numbers, \
       COALESCE(s.assigned_numbers, 0) AS assigned_numbers \
     FROM number_pools p LEFT JOIN ( \
       SELECT pool_id, COUNT(*) AS total_numbers, \
         CAST(SUM(CASE WHEN campaign_id IS NULL AND status = 'active' THEN 1 ELSE 0 END) AS BIGINT) \
           AS available_numbers, \
         CAST(SUM(CASE WHEN campaign_id IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS assigned_numbers \
       FROM phone_numbers WHERE user_id = $1 AND pool_id IS NOT NULL GROUP BY pool_id \
     ) s ON s.pool_id = p.id WHERE p.user_id = $1) x";

/// Binds: pool, time, number, account.
const TAKE_FOR_POOL: &str = "UPDATE phone_numbers SET pool_id = $1, updated_at = $2 \
    WHERE id = $3 AND user_id = $4 AND pool_id IS NULL";

/// Takes the pool's row lock (a write, see [`crate::phone_numbers`]'s
/// `assign` notes) and tells whether it is the account's.
const LOCK_POOL: &str = "UPDATE number_pools SET updated_at = $1 WHERE id = $2 AND user_id = $3";

/// The sort names of the pool list and their columns.
fn sort_column(sort: &str) -> &'static str {
    match sort {
        "name" => "lower(name)",
        "status" => "status",
        "country" => "country",
        "totalNumbers" => "total_numbers",
        "availableNumbers" => "available_numbers",
        "assignedNumbers" => "assigned_numbers",
        _ => "created_at",
    }
}

impl Store {
    /// Create a pool. A name the account already uses (in any case) is a
    /// `Conflict`.
    pub async fn create_pool(
        &self,
        account: AccountId,
        fields: &PoolFields,
    ) -> Result<PoolRow, StoreError> {
        let _refresh = self.config_write();
        let id = on_pool!(self, |p| {
            sqlx::query_scalar::<_, i64>(
            "INSERT INTO number_pools (user_id, name, description, country, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id"
        )
        .bind(account.0)
        .bind(&fields.name)
        .bind(fields.description.as_deref())
        .bind(&fields.country)
        .bind(&fields.status)
        .bind(now_ms())
        .fetch_one(p)
        .await
        })?;
        self.pool(account, id).await
    }

    /// One pool of the account with its counts.
    pub async fn pool(&self, account: AccountId, id: i64) -> Result<PoolRow, StoreError> {
        let sql = format!("{SELECT_POOLS} WHERE id = $2");
        on_pool!(self, |p| sqlx::query_as::<_, PoolRow>(&sql)
            .bind(account.0)
            .bind(id)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// A page of the account's pools, and the total matching. `page.sort` is
    /// one of createdAt, name, status, country, totalNumbers,
    /// availableNumbers, assignedNumbers; the search looks at names and
    /// descriptions.
    pub async fn list_pools(
        &self,
        account: AccountId,
        status: Option<&str>,
        page: &Page,
    ) -> Result<(Vec<PoolRow>, i64), StoreError> {
        let conditions = "($2 IS NULL OR status = $2) AND ($3 IS NULL \
            OR lower(name) LIKE $3 ESCAPE '\\' OR lower(COALESCE(description, '')) LIKE $3 ESCAPE '\\')";
        let sql = format!(
            "{SELECT_POOLS} WHERE {conditions} {} LIMIT $4 OFFSET $5",
            page.order_by(sort_column(page.sort))
        );
        let count_sql =
            format!("SELECT COUNT(*) FROM number_pools WHERE user_id = $1 AND {conditions}");
        let like = page.like();
        let rows = on_pool!(self, |p| sqlx::query_as::<_, PoolRow>(&sql)
            .bind(account.0)
            .bind(status)
            .bind(like.as_deref())
            .bind(page.limit)
            .bind(page.offset)
            .fetch_all(p)
            .await)?;
        let total = on_pool!(self, |p| sqlx::query_scalar::<_, i64>(&count_sql)
            .bind(account.0)
            .bind(status)
            .bind(like.as_deref())
            .fetch_one(p)
            .await)?;
        Ok((rows, total))
    }

    /// Replace a pool's settings; a name in use is a `Conflict`.
    pub async fn update_pool(
        &self,
        account: AccountId,
        id: i64,
        fields: &PoolFields,
    ) -> Result<PoolRow, StoreError> {
        let _refresh = self.config_write();
        let changed = on_pool!(self, |p| sqlx::query(
            "UPDATE number_pools SET name = $1, description = $2, country = $3, status = $4, \
                                     updated_at = $5 WHERE id = $6 AND user_id = $7"
        )
        .bind(&fields.name)
        .bind(fields.description.as_deref())
        .bind(&fields.country)
        .bind(&fields.status)
        .bind(now_ms())
        .bind(id)
        .bind(account.0)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.pool(account, id).await
    }

    /// Delete a pool: its numbers leave it and are released from their
    /// campaigns (with history), then the row goes. A live campaign that
    /// draws from the pool keeps it: [`AssignError::HeldBy`] names it.
    pub async fn delete_pool(&self, account: AccountId, id: i64) -> Result<(), AssignError> {
        let _refresh = self.config_write();
        let now = now_ms();
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let mine = sqlx::query(LOCK_POOL)
                .bind(now)
                .bind(id)
                .bind(account.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if mine == 0 {
                return Err(AssignError::NotFound);
            }
            let user = sqlx::query_as::<_, (String, String)>(
                "SELECT id, name FROM campaigns WHERE pool_id = $1 AND user_id = $2 \
                   AND deleted_at IS NULL ORDER BY created_at, id LIMIT 1",
            )
            .bind(id)
            .bind(account.0)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((campaign, name)) = user {
                return Err(AssignError::HeldBy {
                    kind: "campaign",
                    id: campaign,
                    name,
                });
            }
            // Lock the members and learn their campaigns in one statement.
            let members = sqlx::query_as::<_, (i64, Option<String>)>(
                "UPDATE phone_numbers SET updated_at = $1 WHERE pool_id = $2 AND user_id = $3 \
                 RETURNING id, campaign_id",
            )
            .bind(now)
            .bind(id)
            .bind(account.0)
            .fetch_all(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE phone_numbers SET pool_id = NULL, campaign_id = NULL \
                 WHERE pool_id = $1 AND user_id = $2",
            )
            .bind(id)
            .bind(account.0)
            .execute(&mut *tx)
            .await?;
            for (number, campaign) in members {
                if let Some(campaign) = campaign {
                    sqlx::query(HISTORY)
                        .bind(account.0)
                        .bind(number)
                        .bind("released")
                        .bind(campaign)
                        .bind(None::<i64>)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query(HISTORY)
                    .bind(account.0)
                    .bind(number)
                    .bind("removed_from_pool")
                    .bind(None::<String>)
                    .bind(id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            // Deleted campaigns still point at the pool; the foreign key
            // would keep the row.
            sqlx::query(
                "UPDATE campaigns SET pool_id = NULL WHERE pool_id = $1 AND user_id = $2 \
                   AND deleted_at IS NOT NULL",
            )
            .bind(id)
            .bind(account.0)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM number_pools WHERE id = $1 AND user_id = $2")
                .bind(id)
                .bind(account.0)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Every number of a pool, by id, with figures.
    pub async fn pool_numbers(
        &self,
        account: AccountId,
        pool_id: i64,
    ) -> Result<Vec<PhoneNumberRow>, StoreError> {
        let sql = format!("{SELECT} WHERE n.user_id = $1 AND n.pool_id = $2 ORDER BY n.id");
        let mut rows = on_pool!(self, |p| sqlx::query_as::<_, PhoneNumberRow>(&sql)
            .bind(account.0)
            .bind(pool_id)
            .fetch_all(p)
            .await)?;
        self.fill_call_figures(account, &mut rows).await?;
        Ok(rows)
    }

    /// Add numbers to a pool, all or nothing: the account's numbers `ids`,
    /// and `new` numbers (registered when unknown, taken when already the
    /// account's). A number already in a pool (this one included, so that
    /// of concurrent identical requests exactly one succeeds) refuses the
    /// whole request. Returns the ids added, ascending. Records
    /// `added_to_pool`.
    pub async fn add_numbers_to_pool(
        &self,
        account: AccountId,
        pool_id: i64,
        ids: &[i64],
        new: &[NumberInput],
    ) -> Result<Vec<i64>, PoolAddError> {
        let _refresh = self.config_write();
        let now = now_ms();
        let mut all = ids.to_vec();
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let mine = sqlx::query(LOCK_POOL)
                .bind(now)
                .bind(pool_id)
                .bind(account.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if mine == 0 {
                return Err(PoolAddError::NotFound);
            }
            for input in new {
                let known = sqlx::query_scalar::<_, i64>(
                    "SELECT id FROM phone_numbers WHERE phone_number = $1 AND user_id = $2",
                )
                .bind(input.phone_number.as_str())
                .bind(account.0)
                .fetch_optional(&mut *tx)
                .await?;
                let id = match known {
                    Some(id) => Some(id),
                    None => sqlx::query_scalar::<_, i64>(
                        "INSERT INTO phone_numbers (user_id, phone_number, friendly_name, country, \
                                                        type, created_at, updated_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $6) \
                             ON CONFLICT (phone_number) DO NOTHING RETURNING id",
                    )
                    .bind(account.0)
                    .bind(input.phone_number.as_str())
                    .bind(input.friendly_name.as_deref())
                    .bind(&input.country)
                    .bind(&input.kind)
                    .bind(now)
                    .fetch_optional(&mut *tx)
                    .await?,
                };
                match id {
                    Some(id) => all.push(id),
                    None => {
                        return Err(PoolAddError::Registered {
                            phone_number: input.phone_number.as_str().to_string(),
                        });
                    }
                }
            }
            // Ascending order: two requests over the same numbers lock them
            // in the same order and cannot deadlock.
            all.sort_unstable();
            all.dedup();
            for &id in &all {
                let took = sqlx::query(TAKE_FOR_POOL)
                    .bind(pool_id)
                    .bind(now)
                    .bind(id)
                    .bind(account.0)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if took == 1 {
                    sqlx::query(HISTORY)
                        .bind(account.0)
                        .bind(id)
                        .bind("added_to_pool")
                        .bind(None::<String>)
                        .bind(pool_id)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    continue;
                }
                let holder = sqlx::query_as::<_, (String, Option<i64>, Option<String>)>(
                    "SELECT n.phone_number, n.pool_id, p.name FROM phone_numbers n \
                     LEFT JOIN number_pools p ON p.id = n.pool_id WHERE n.id = $1 AND n.user_id = $2",
                )
                .bind(id)
                .bind(account.0)
                .fetch_optional(&mut *tx)
                .await?;
                match holder {
                    None => return Err(PoolAddError::NotFound),
                    Some((phone_number, held, name)) => {
                        // `held` is None only if its pool let go meanwhile
                        // (PostgreSQL); refuse rather than loop.
                        return Err(PoolAddError::HeldBy {
                            phone_number,
                            pool_id: held.unwrap_or_default(),
                            pool_name: name.unwrap_or_default(),
                        });
                    }
                }
            }
            tx.commit().await?;
            Ok::<(), PoolAddError>(())
        })?;
        Ok(all)
    }

    /// Take a number out of a pool and release it from its campaign.
    /// `NotFound` unless the pool is the account's and holds the number.
    /// Records `released` (when assigned) and `removed_from_pool`.
    pub async fn remove_number_from_pool(
        &self,
        account: AccountId,
        pool_id: i64,
        number_id: i64,
    ) -> Result<(), StoreError> {
        let _refresh = self.config_write();
        let now = now_ms();
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let member = sqlx::query_scalar::<_, Option<String>>(
                "UPDATE phone_numbers SET updated_at = $1 \
                 WHERE id = $2 AND user_id = $3 AND pool_id = $4 RETURNING campaign_id",
            )
            .bind(now)
            .bind(number_id)
            .bind(account.0)
            .bind(pool_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(campaign) = member else {
                return Err(StoreError::NotFound);
            };
            sqlx::query(
                "UPDATE phone_numbers SET pool_id = NULL, campaign_id = NULL WHERE id = $1",
            )
            .bind(number_id)
            .execute(&mut *tx)
            .await?;
            if let Some(campaign) = campaign {
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
            sqlx::query(HISTORY)
                .bind(account.0)
                .bind(number_id)
                .bind("removed_from_pool")
                .bind(None::<String>)
                .bind(pool_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        })
    }
}
