//! Phone numbers of an account: register, list, change, delete, import,
//! their call figures and their assignment history. A number exists once on
//! the whole platform (the carrier routes it to one place), belongs to at
//! most one pool and is assigned to at most one campaign; the assignment
//! operations live in [`assign`] and every one of them writes a
//! `number_assignments` row in the same transaction.

mod assign;

use std::collections::HashSet;

use domain::number_import::NumberInput;
use domain::{AccountId, now_ms};

pub use assign::AssignError;

use crate::db::on_pool;
use crate::{Page, Store, StoreError};

/// A number as listed: its row, the names of its campaign (when live) and
/// pool, and its all-time call figures.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PhoneNumberRow {
    pub id: i64,
    /// E.164.
    pub phone_number: String,
    pub friendly_name: Option<String>,
    pub country: String,
    pub r#type: String,
    pub status: String,
    pub campaign_id: Option<String>,
    pub campaign_name: Option<String>,
    pub pool_id: Option<i64>,
    pub pool_name: Option<String>,
    /// The call flow its calls run in place of their campaign's.
    pub call_flow_id: Option<i64>,
    pub call_flow_name: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Calls to this number (filled by the store after the query).
    #[sqlx(skip)]
    pub total_calls: i64,
    /// Of which `completed`.
    #[sqlx(skip)]
    pub completed_calls: i64,
}

/// Filters of the number list; `None` means "any".
#[derive(Clone, Debug, Default)]
pub struct NumberFilter {
    pub status: Option<String>,
    pub kind: Option<String>,
    pub pool_id: Option<i64>,
    pub campaign_id: Option<String>,
    /// `Some(true)`: not assigned to a campaign; `Some(false)`: assigned.
    pub unassigned: Option<bool>,
}

/// A change to a number; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct NumberPatch {
    pub friendly_name: Option<Option<String>>,
    pub kind: Option<String>,
    pub status: Option<String>,
    /// `Some(None)` clears the number's flow; a flow id must be the
    /// account's (the API checks it).
    pub call_flow_id: Option<Option<i64>>,
}

/// One assignment change of a number.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct HistoryRow {
    /// added_to_pool, removed_from_pool, assigned or released.
    pub action: String,
    pub campaign_id: Option<String>,
    pub campaign_name: Option<String>,
    pub pool_id: Option<i64>,
    pub pool_name: Option<String>,
    pub at: i64,
}

/// The columns of [`PhoneNumberRow`], with its joins; callers add `WHERE`.
/// Names of deleted campaigns are not shown.
pub(crate) const SELECT: &str = "SELECT n.id, n.user_id, n.phone_number, n.friendly_name, n.country, \
       n.type, n.status, n.campaign_id, c.name AS campaign_name, n.pool_id, p.name AS pool_name, \
       n.call_flow_id, f.name AS call_flow_name, n.created_at, n.updated_at \
     FROM phone_numbers n \
     LEFT JOIN campaigns c ON c.id = n.campaign_id AND c.user_id = n.user_id AND c.deleted_at IS NULL \
     LEFT JOIN number_pools p ON p.id = n.pool_id AND p.user_id = n.user_id \
     LEFT JOIN call_flows f ON f.id = n.call_flow_id AND f.user_id = n.user_id";

/// The list's conditions on `n`: $1 account, $2 status, $3 type, $4 pool,
/// $5 campaign, $6 unassigned (1/0), $7 LIKE pattern, $8 digits pattern.
const CONDITIONS: &str = "n.user_id = $1 \
    AND ($2 IS NULL OR n.status = $2) AND ($3 IS NULL OR n.type = $3) \
    AND ($4 IS NULL OR n.pool_id = $4) AND ($5 IS NULL OR n.campaign_id = $5) \
    AND ($6 IS NULL OR ($6 = 1 AND n.campaign_id IS NULL) OR ($6 = 0 AND n.campaign_id IS NOT NULL)) \
    AND ($7 IS NULL OR lower(n.phone_number) LIKE $7 ESCAPE '\\' \
         OR lower(COALESCE(n.friendly_name, '')) LIKE $7 ESCAPE '\\' \
         OR ($8 IS NOT NULL AND n.phone_number LIKE $8))";

/// New numbers per insert statement (4 values each, plus 2 shared).
const INSERT_BATCH: usize = 500;
/// Numbers per `IN (…)` list.
const IN_BATCH: usize = 500;

/// A history row; binds: account, number, action, campaign, pool, time.
pub(crate) const HISTORY: &str = "INSERT INTO number_assignments \
    (user_id, phone_number_id, action, campaign_id, pool_id, at) VALUES ($1, $2, $3, $4, $5, $6)";

/// `$from, $from+1, …` for `count` values.
pub(crate) fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sort names of the number list and their columns (in the wrapped
/// query `x`).
fn sort_column(sort: &str) -> &'static str {
    match sort {
        "phoneNumber" => "phone_number",
        "status" => "status",
        "type" => "type",
        "totalCalls" => {
            "(SELECT COUNT(*) FROM calls k WHERE k.user_id = x.user_id AND k.to_number = x.phone_number)"
        }
        _ => "created_at",
    }
}

/// `%digits%` when the search looks like (part of) a phone number, so that
/// `(212) 555` finds `+12125550100`.
fn digits_pattern(page: &Page) -> Option<String> {
    let search = page.search.as_deref()?;
    let phone_like = search
        .chars()
        .all(|c| c.is_ascii_digit() || " ()+-.".contains(c));
    let digits: String = search.chars().filter(char::is_ascii_digit).collect();
    (phone_like && digits.len() >= 3).then(|| format!("%{digits}%"))
}

impl Store {
    /// Register a number for `account` with `status` (active, inactive or
    /// suspended, checked by the schema). A number registered anywhere on the
    /// platform is a `Conflict` on `phone_number` (which account holds it is
    /// never said).
    pub async fn create_number(
        &self,
        account: AccountId,
        input: &NumberInput,
        status: &str,
    ) -> Result<PhoneNumberRow, StoreError> {
        let _refresh = self.config_write();
        let now = now_ms();
        let id = on_pool!(self, |p| {
            sqlx::query_scalar::<_, i64>(
            "INSERT INTO phone_numbers (user_id, phone_number, friendly_name, country, type, \
                                        status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (phone_number) DO NOTHING RETURNING id"
        )
        .bind(account.0)
        .bind(input.phone_number.as_str())
        .bind(input.friendly_name.as_deref())
        .bind(&input.country)
        .bind(&input.kind)
        .bind(status)
        .bind(now)
        .fetch_optional(p)
        .await
        })?;
        match id {
            Some(id) => self.number(account, id).await,
            None => Err(StoreError::Conflict {
                constraint: "phone_number".into(),
            }),
        }
    }

    /// One number of the account, with its figures.
    pub async fn number(&self, account: AccountId, id: i64) -> Result<PhoneNumberRow, StoreError> {
        let sql = format!("{SELECT} WHERE n.id = $1 AND n.user_id = $2");
        let row = on_pool!(self, |p| sqlx::query_as::<_, PhoneNumberRow>(&sql)
            .bind(id)
            .bind(account.0)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)?;
        let mut rows = vec![row];
        self.fill_call_figures(account, &mut rows).await?;
        rows.pop().ok_or(StoreError::NotFound)
    }

    /// Several numbers of the account by id, in id order; ids of other
    /// accounts are left out.
    pub async fn numbers_by_id(
        &self,
        account: AccountId,
        ids: &[i64],
    ) -> Result<Vec<PhoneNumberRow>, StoreError> {
        let mut rows = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(IN_BATCH) {
            let sql = format!(
                "{SELECT} WHERE n.user_id = $1 AND n.id IN ({}) ORDER BY n.id",
                placeholders(2, chunk.len())
            );
            let found = on_pool!(self, |p| {
                let mut q = sqlx::query_as::<_, PhoneNumberRow>(&sql).bind(account.0);
                for id in chunk {
                    q = q.bind(*id);
                }
                q.fetch_all(p).await
            })?;
            rows.extend(found);
        }
        self.fill_call_figures(account, &mut rows).await?;
        Ok(rows)
    }

    /// A page of the account's numbers and the total matching `filter`.
    /// `page.sort` is one of phoneNumber, status, type, createdAt, totalCalls.
    pub async fn list_numbers(
        &self,
        account: AccountId,
        filter: &NumberFilter,
        page: &Page,
    ) -> Result<(Vec<PhoneNumberRow>, i64), StoreError> {
        let like = page.like();
        let digits = digits_pattern(page);
        let unassigned = filter.unassigned.map(i64::from);
        let sql = format!(
            "SELECT * FROM ({SELECT} WHERE {CONDITIONS}) x {} LIMIT $9 OFFSET $10",
            page.order_by(sort_column(page.sort))
        );
        let count_sql = format!("SELECT COUNT(*) FROM phone_numbers n WHERE {CONDITIONS}");
        macro_rules! bind_filter {
            ($q:expr) => {
                $q.bind(account.0)
                    .bind(filter.status.as_deref())
                    .bind(filter.kind.as_deref())
                    .bind(filter.pool_id)
                    .bind(filter.campaign_id.as_deref())
                    .bind(unassigned)
                    .bind(like.as_deref())
                    .bind(digits.as_deref())
            };
        }
        let mut rows = on_pool!(self, |p| bind_filter!(sqlx::query_as::<_, PhoneNumberRow>(
            &sql
        ))
        .bind(page.limit)
        .bind(page.offset)
        .fetch_all(p)
        .await)?;
        let total = on_pool!(self, |p| bind_filter!(sqlx::query_scalar::<_, i64>(
            &count_sql
        ))
        .fetch_one(p)
        .await)?;
        self.fill_call_figures(account, &mut rows).await?;
        Ok((rows, total))
    }

    /// Call counts for the given numbers: one aggregate query per
    /// [`IN_BATCH`] numbers, never one per row.
    pub(crate) async fn fill_call_figures(
        &self,
        account: AccountId,
        rows: &mut [PhoneNumberRow],
    ) -> Result<(), StoreError> {
        for chunk in rows.chunks_mut(IN_BATCH) {
            let sql = format!(
                "SELECT to_number, COUNT(*), \
                   CAST(COALESCE(SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END), 0) AS BIGINT) \
                 FROM calls WHERE user_id = $1 AND to_number IN ({}) GROUP BY to_number",
                placeholders(2, chunk.len())
            );
            let figures = on_pool!(self, |p| {
                let mut q = sqlx::query_as::<_, (String, i64, i64)>(&sql).bind(account.0);
                for row in chunk.iter() {
                    q = q.bind(row.phone_number.as_str());
                }
                q.fetch_all(p).await
            })?;
            for (number, total, completed) in figures {
                for row in chunk.iter_mut().filter(|r| r.phone_number == number) {
                    row.total_calls = total;
                    row.completed_calls = completed;
                }
            }
        }
        Ok(())
    }

    /// Change a number's friendly name, type or status.
    pub async fn update_number(
        &self,
        account: AccountId,
        id: i64,
        patch: &NumberPatch,
    ) -> Result<PhoneNumberRow, StoreError> {
        let _refresh = self.config_write();
        let changed = on_pool!(self, |p| sqlx::query(
            "UPDATE phone_numbers SET \
               friendly_name = CASE WHEN $1 = 1 THEN $2 ELSE friendly_name END, \
               type = COALESCE($3, type), status = COALESCE($4, status), updated_at = $5, \
               call_flow_id = CASE WHEN $8 = 1 THEN $9 ELSE call_flow_id END \
             WHERE id = $6 AND user_id = $7"
        )
        .bind(i64::from(patch.friendly_name.is_some()))
        .bind(patch.friendly_name.clone().flatten())
        .bind(patch.kind.as_deref())
        .bind(patch.status.as_deref())
        .bind(now_ms())
        .bind(id)
        .bind(account.0)
        .bind(i64::from(patch.call_flow_id.is_some()))
        .bind(patch.call_flow_id.flatten())
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.number(account, id).await
    }

    /// Delete a number and its history. It leaves its pool and campaign
    /// with it.
    pub async fn delete_number(&self, account: AccountId, id: i64) -> Result<(), StoreError> {
        let _refresh = self.config_write();
        let done = on_pool!(self, |p| sqlx::query(
            "DELETE FROM phone_numbers WHERE id = $1 AND user_id = $2"
        )
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

    /// A number's assignment changes, newest first (at most 1,000). Names
    /// are shown for deleted campaigns too: this is the past.
    pub async fn number_history(
        &self,
        account: AccountId,
        id: i64,
    ) -> Result<Vec<HistoryRow>, StoreError> {
        let exists = on_pool!(self, |p| sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM phone_numbers WHERE id = $1 AND user_id = $2"
        )
        .bind(id)
        .bind(account.0)
        .fetch_one(p)
        .await)?;
        if exists == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(on_pool!(self, |p| sqlx::query_as::<_, HistoryRow>(
            "SELECT a.action, a.campaign_id, c.name AS campaign_name, a.pool_id, \
                    p.name AS pool_name, a.at \
             FROM number_assignments a \
             LEFT JOIN campaigns c ON c.id = a.campaign_id AND c.user_id = a.user_id \
             LEFT JOIN number_pools p ON p.id = a.pool_id AND p.user_id = a.user_id \
             WHERE a.phone_number_id = $1 AND a.user_id = $2 \
             ORDER BY a.at DESC, a.id DESC LIMIT 1000"
        )
        .bind(id)
        .bind(account.0)
        .fetch_all(p)
        .await)?)
    }

    /// Which of these E.164 numbers are registered on the platform, by any
    /// account. Only the fact is returned, never the holder: a number is
    /// globally unique, so an import must know, and must not learn more.
    pub async fn registered_numbers(
        &self,
        numbers: &[String],
    ) -> Result<HashSet<String>, StoreError> {
        let mut found = HashSet::new();
        for chunk in numbers.chunks(IN_BATCH) {
            let sql = format!(
                "SELECT phone_number FROM phone_numbers WHERE phone_number IN ({})",
                placeholders(1, chunk.len())
            );
            let rows = on_pool!(self, |p| {
                let mut q = sqlx::query_scalar::<_, String>(&sql);
                for n in chunk {
                    q = q.bind(n.as_str());
                }
                q.fetch_all(p).await
            })?;
            found.extend(rows);
        }
        Ok(found)
    }

    /// Register many numbers in one transaction. A number registered in the
    /// meantime (by anyone) is skipped, never doubled; the answer lists the
    /// E.164 numbers actually written.
    pub async fn import_numbers(
        &self,
        account: AccountId,
        inputs: &[NumberInput],
    ) -> Result<Vec<String>, StoreError> {
        let _refresh = self.config_write();
        let now = now_ms();
        let mut written = Vec::with_capacity(inputs.len());
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            for chunk in inputs.chunks(INSERT_BATCH) {
                let values = (0..chunk.len())
                    .map(|i| format!("($1, {}, $2, $2)", placeholders(i * 4 + 3, 4)))
                    .collect::<Vec<_>>()
                    .join(", ");
                let sql = format!(
                    "INSERT INTO phone_numbers (user_id, phone_number, friendly_name, country, type, \
                                                created_at, updated_at) \
                     VALUES {values} ON CONFLICT (phone_number) DO NOTHING RETURNING phone_number"
                );
                let mut q = sqlx::query_scalar::<_, String>(&sql)
                    .bind(account.0)
                    .bind(now);
                for n in chunk {
                    q = q
                        .bind(n.phone_number.as_str())
                        .bind(n.friendly_name.as_deref())
                        .bind(n.country.as_str())
                        .bind(n.kind.as_str());
                }
                written.extend(q.fetch_all(&mut *tx).await?);
            }
            tx.commit().await?;
            Ok::<(), sqlx::Error>(())
        })?;
        Ok(written)
    }
}
