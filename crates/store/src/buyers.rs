//! Buyers (targets): the people or call centres that routed calls ring.
//! Every query is scoped to one account; deleted buyers (`deleted_at` set)
//! are invisible to every method here.

use domain::{AccountId, now_ms};

use crate::db::on_pool;
use crate::{Page, Store, StoreError};

/// A buyer as stored, with its call figures. `schedule` is the JSON text of
/// a `domain::Schedule`; money is in ten-thousandths.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct BuyerRow {
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: String,
    pub backup_phone: Option<String>,
    pub priority: i64,
    pub status: String,
    pub max_concurrent_calls: Option<i64>,
    pub hourly_cap: Option<i64>,
    pub daily_cap: Option<i64>,
    pub monthly_cap: Option<i64>,
    pub time_zone: String,
    pub schedule: String,
    pub payout_e4: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// All-time calls routed to the buyer.
    pub total_calls: i64,
    /// Of those, the calls that completed.
    pub completed_calls: i64,
    /// All-time revenue of those calls.
    pub revenue_e4: i64,
}

impl BuyerRow {
    /// The writable fields of this row, e.g. to merge a partial update into.
    pub fn fields(&self) -> BuyerFields {
        BuyerFields {
            name: self.name.clone(),
            company: self.company.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            backup_phone: self.backup_phone.clone(),
            priority: self.priority,
            status: self.status.clone(),
            max_concurrent_calls: self.max_concurrent_calls,
            hourly_cap: self.hourly_cap,
            daily_cap: self.daily_cap,
            monthly_cap: self.monthly_cap,
            time_zone: self.time_zone.clone(),
            schedule: self.schedule.clone(),
            payout_e4: self.payout_e4,
        }
    }
}

/// Everything a create or update writes, already validated by the caller
/// (phones in E.164, schedule as JSON text, caps ordered).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuyerFields {
    pub name: String,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: String,
    pub backup_phone: Option<String>,
    pub priority: i64,
    pub status: String,
    pub max_concurrent_calls: Option<i64>,
    pub hourly_cap: Option<i64>,
    pub daily_cap: Option<i64>,
    pub monthly_cap: Option<i64>,
    pub time_zone: String,
    pub schedule: String,
    pub payout_e4: i64,
}

/// List filters besides paging: `status` is active, inactive or paused.
#[derive(Clone, Debug, Default)]
pub struct BuyerFilter {
    pub status: Option<String>,
}

/// A campaign a buyer is assigned to, with the per-campaign settings.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct BuyerCampaign {
    pub buyer_id: i64,
    pub campaign_id: String,
    pub campaign_name: String,
    pub priority: i64,
    pub weight: i64,
}

const COLUMNS: &str = "id, name, company, email, phone, backup_phone, priority, status, \
     max_concurrent_calls, hourly_cap, daily_cap, monthly_cap, time_zone, schedule, payout_e4, \
     created_at, updated_at";

/// Call figures per buyer: all-time calls routed to it, those completed,
/// and their revenue (served by the `calls_user_buyer` index).
const FIGURES: &str = "(SELECT COUNT(*) FROM calls c WHERE c.user_id = buyers.user_id AND c.buyer_id = buyers.id) \
     AS total_calls, \
     (SELECT COUNT(*) FROM calls c WHERE c.user_id = buyers.user_id AND c.buyer_id = buyers.id \
       AND c.status = 'completed') AS completed_calls, \
     (SELECT CAST(COALESCE(SUM(c.revenue_e4), 0) AS BIGINT) FROM calls c \
       WHERE c.user_id = buyers.user_id AND c.buyer_id = buyers.id) AS revenue_e4";

/// The `ORDER BY` column of each sort name the API accepts.
fn sort_column(sort: &str) -> &'static str {
    match sort {
        "name" => "lower(name)",
        "priority" => "priority",
        "status" => "status",
        "totalCalls" => "total_calls",
        "revenue" => "revenue_e4",
        _ => "created_at",
    }
}

/// `WHERE` text shared by a list and its count, and its text arguments
/// (numbered from `$2`; `$1` is the account).
fn list_conditions(filter: &BuyerFilter, page: &Page) -> (String, Vec<String>) {
    let mut sql = String::from("WHERE user_id = $1 AND deleted_at IS NULL");
    let mut args: Vec<String> = Vec::new();
    if let Some(status) = &filter.status {
        args.push(status.clone());
        sql.push_str(&format!(" AND status = ${}", args.len() + 1));
    }
    if let Some(like) = page.like() {
        args.push(like);
        let n = args.len() + 1;
        let mut any = format!(
            "lower(name) LIKE ${n} ESCAPE '\\' OR lower(company) LIKE ${n} ESCAPE '\\' \
             OR lower(email) LIKE ${n} ESCAPE '\\' OR phone LIKE ${n} ESCAPE '\\'"
        );
        // "555-0100" finds +12125550100: compare the digits alone too.
        let digits: String = page
            .search
            .iter()
            .flat_map(|s| s.chars())
            .filter(char::is_ascii_digit)
            .collect();
        if !digits.is_empty() {
            args.push(format!("%{digits}%"));
            any.push_str(&format!(" OR phone LIKE ${}", args.len() + 1));
        }
        sql.push_str(&format!(" AND ({any})"));
    }
    (sql, args)
}

impl Store {
    /// Create a buyer for `account`.
    pub async fn create_buyer(
        &self,
        account: AccountId,
        b: &BuyerFields,
    ) -> Result<BuyerRow, StoreError> {
        let _refresh = self.config_write();
        let now = now_ms();
        let sql = format!(
            "INSERT INTO buyers (user_id, name, company, email, phone, backup_phone, priority, \
                 status, max_concurrent_calls, hourly_cap, daily_cap, monthly_cap, time_zone, \
                 schedule, payout_e4, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) \
             RETURNING {COLUMNS}, {FIGURES}"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, BuyerRow>(&sql)
            .bind(account.0)
            .bind(&b.name)
            .bind(&b.company)
            .bind(&b.email)
            .bind(&b.phone)
            .bind(&b.backup_phone)
            .bind(b.priority)
            .bind(&b.status)
            .bind(b.max_concurrent_calls)
            .bind(b.hourly_cap)
            .bind(b.daily_cap)
            .bind(b.monthly_cap)
            .bind(&b.time_zone)
            .bind(&b.schedule)
            .bind(b.payout_e4)
            .bind(now)
            .fetch_one(p)
            .await)?)
    }

    /// One buyer of `account`; `NotFound` if absent, deleted or another's.
    pub async fn buyer(&self, account: AccountId, id: i64) -> Result<BuyerRow, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS}, {FIGURES} FROM buyers \
             WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL"
        );
        on_pool!(self, |p| sqlx::query_as::<_, BuyerRow>(&sql)
            .bind(id)
            .bind(account.0)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// A page of the account's buyers and the number of buyers matching
    /// the filters (for `X-Total-Count`).
    pub async fn list_buyers(
        &self,
        account: AccountId,
        filter: &BuyerFilter,
        page: &Page,
    ) -> Result<(Vec<BuyerRow>, i64), StoreError> {
        let (conditions, args) = list_conditions(filter, page);
        let n = args.len();
        let sql = format!(
            "SELECT * FROM (SELECT {COLUMNS}, {FIGURES} FROM buyers {conditions}) AS b \
             {} LIMIT ${} OFFSET ${}",
            page.order_by(sort_column(page.sort)),
            n + 2,
            n + 3
        );
        let count_sql = format!("SELECT COUNT(*) FROM buyers {conditions}");
        self.fetch_page(&sql, &count_sql, account, &args, page)
            .await
    }

    /// The live campaigns each of `buyer_ids` is assigned to, by campaign
    /// name. Ids of other accounts yield nothing.
    pub async fn buyer_campaigns(
        &self,
        account: AccountId,
        buyer_ids: &[i64],
    ) -> Result<Vec<BuyerCampaign>, StoreError> {
        if buyer_ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (0..buyer_ids.len())
            .map(|i| format!("${}", i + 2))
            .collect();
        let sql = format!(
            "SELECT cb.buyer_id, cb.campaign_id, c.name AS campaign_name, cb.priority, cb.weight \
             FROM campaign_buyers cb JOIN campaigns c ON c.id = cb.campaign_id \
             WHERE cb.user_id = $1 AND c.user_id = $1 AND c.deleted_at IS NULL \
               AND cb.buyer_id IN ({}) \
             ORDER BY lower(c.name), c.id",
            placeholders.join(", ")
        );
        Ok(on_pool!(self, |p| {
            let mut q = sqlx::query_as::<_, BuyerCampaign>(&sql).bind(account.0);
            for id in buyer_ids {
                q = q.bind(id);
            }
            q.fetch_all(p).await
        })?)
    }

    /// Overwrite a buyer's writable fields; `NotFound` if absent, deleted
    /// or another's.
    pub async fn update_buyer(
        &self,
        account: AccountId,
        id: i64,
        b: &BuyerFields,
    ) -> Result<(), StoreError> {
        let _refresh = self.config_write();
        let done = on_pool!(self, |p| sqlx::query(
            "UPDATE buyers SET name = $1, company = $2, email = $3, phone = $4, \
                 backup_phone = $5, priority = $6, status = $7, max_concurrent_calls = $8, \
                 hourly_cap = $9, daily_cap = $10, monthly_cap = $11, time_zone = $12, \
                 schedule = $13, payout_e4 = $14, updated_at = $15 \
             WHERE id = $16 AND user_id = $17 AND deleted_at IS NULL"
        )
        .bind(&b.name)
        .bind(&b.company)
        .bind(&b.email)
        .bind(&b.phone)
        .bind(&b.backup_phone)
        .bind(b.priority)
        .bind(&b.status)
        .bind(b.max_concurrent_calls)
        .bind(b.hourly_cap)
        .bind(b.daily_cap)
        .bind(b.monthly_cap)
        .bind(&b.time_zone)
        .bind(&b.schedule)
        .bind(b.payout_e4)
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

    /// Soft-delete a buyer and take it off every campaign, in one
    /// transaction; `NotFound` if absent, already deleted or another's.
    pub async fn delete_buyer(&self, account: AccountId, id: i64) -> Result<(), StoreError> {
        let _refresh = self.config_write();
        let now = now_ms();
        let done = on_pool!(self, |p| {
            async {
                let mut tx = p.begin().await?;
                let done = sqlx::query(
                    "UPDATE buyers SET deleted_at = $1, updated_at = $1 \
                     WHERE id = $2 AND user_id = $3 AND deleted_at IS NULL",
                )
                .bind(now)
                .bind(id)
                .bind(account.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if done > 0 {
                    sqlx::query("DELETE FROM campaign_buyers WHERE buyer_id = $1 AND user_id = $2")
                        .bind(id)
                        .bind(account.0)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok::<u64, sqlx::Error>(done)
            }
            .await
        })?;
        if done == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_conditions_number_their_arguments_after_the_account() {
        let page = Page {
            search: Some("Acme 555".into()),
            ..Page::default()
        };
        let filter = BuyerFilter {
            status: Some("active".into()),
        };
        let (sql, args) = list_conditions(&filter, &page);
        assert!(sql.contains("status = $2"), "{sql}");
        assert!(sql.contains("lower(name) LIKE $3"), "{sql}");
        assert!(sql.contains("phone LIKE $4"), "{sql}");
        assert_eq!(args, vec!["active", "%acme 555%", "%555%"]);
        let (sql, args) = list_conditions(&BuyerFilter::default(), &Page::default());
        assert_eq!(sql, "WHERE user_id = $1 AND deleted_at IS NULL");
        assert!(args.is_empty());
    }

    #[test]
    fn unknown_sorts_fall_back_to_creation_time() {
        assert_eq!(sort_column("revenue"), "revenue_e4");
        assert_eq!(sort_column("; DROP TABLE buyers"), "created_at");
    }
}
