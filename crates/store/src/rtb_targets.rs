//! RTB targets (external bidders) and the campaigns that ping them. Every
//! query is scoped to one account; deleted targets (`deleted_at` set) are
//! invisible here, but their auction history stays (see `rtb_auctions`).
//!
//! The target's credential (`auth_secret`) is read and written here because
//! the auction must send it; its `Debug` prints `***`, so a logged row never
//! shows it, and the API returns only a masked hint.

use std::fmt;

use domain::{AccountId, now_ms};

mod assignments;

pub use assignments::{AuctionTarget, CampaignRtbTarget, RtbAssignment, RtbCampaignConfig};

use crate::db::on_pool;
use crate::{Page, Store, StoreError};

/// How a target authenticates our requests. `kind` is none, api_key,
/// bearer or basic; `header` is the api_key header name; `secret` is the
/// key, token or password.
#[derive(Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct TargetAuth {
    #[sqlx(rename = "auth_type")]
    pub kind: String,
    #[sqlx(rename = "auth_header")]
    pub header: Option<String>,
    #[sqlx(rename = "auth_username")]
    pub username: Option<String>,
    #[sqlx(rename = "auth_secret")]
    pub secret: Option<String>,
}

impl fmt::Debug for TargetAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TargetAuth")
            .field("kind", &self.kind)
            .field("header", &self.header)
            .field("username", &self.username)
            .field("secret", &self.secret.as_ref().map(|_| "***"))
            .finish()
    }
}

/// Everything a create or update writes, already validated by the caller:
/// `custom_headers` is a JSON object of strings, `request_template` the
/// body template as text, paths in a syntax the auction understands,
/// `min_bid_e4 <= max_bid_e4`, caps positive or `None` (no limit).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct RtbTargetFields {
    pub name: String,
    pub company: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub endpoint_url: String,
    /// POST, GET or PUT.
    pub request_method: String,
    /// json, xml or form.
    pub content_type: String,
    #[sqlx(flatten)]
    pub auth: TargetAuth,
    pub custom_headers: String,
    pub request_template: String,
    pub bid_amount_path: String,
    pub destination_path: String,
    pub acceptance_path: Option<String>,
    pub currency_path: Option<String>,
    pub timeout_ms: i64,
    pub max_concurrent_calls: Option<i64>,
    pub hourly_cap: Option<i64>,
    pub daily_cap: Option<i64>,
    pub min_bid_e4: i64,
    pub max_bid_e4: i64,
    pub currency: String,
    /// active, inactive or testing.
    pub status: String,
}

/// A stored target.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RtbTargetRow {
    pub id: i64,
    #[sqlx(flatten)]
    pub fields: RtbTargetFields,
    pub created_at: i64,
    pub updated_at: i64,
}

/// All-time bidding figures of one target: responses recorded, those with
/// status `success`, those that won, and the response times measured.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct RtbTargetStats {
    pub rtb_target_id: i64,
    pub total_bids: i64,
    pub successes: i64,
    pub wins: i64,
    /// Sum of the measured response times, and how many were measured.
    pub response_ms_sum: i64,
    pub timed_responses: i64,
}

/// List filters besides paging: `status` is active, inactive or testing.
#[derive(Clone, Debug, Default)]
pub struct RtbTargetFilter {
    pub status: Option<String>,
}

pub(crate) const COLUMNS: &str = "id, name, company, contact_email, contact_phone, endpoint_url, \
     request_method, content_type, auth_type, auth_header, auth_username, auth_secret, \
     custom_headers, request_template, bid_amount_path, destination_path, acceptance_path, \
     currency_path, timeout_ms, max_concurrent_calls, hourly_cap, daily_cap, min_bid_e4, \
     max_bid_e4, currency, status, created_at, updated_at";

fn sort_column(sort: &str) -> &'static str {
    match sort {
        "name" => "lower(name)",
        "status" => "status",
        _ => "created_at",
    }
}

impl Store {
    /// Create a target for `account`; returns its id.
    pub async fn create_rtb_target(
        &self,
        account: AccountId,
        t: &RtbTargetFields,
    ) -> Result<i64, StoreError> {
        let _refresh = self.config_write();
        let now = now_ms();
        Ok(on_pool!(self, |p| {
            sqlx::query_scalar::<_, i64>(
            "INSERT INTO rtb_targets (user_id, name, company, contact_email, contact_phone, \
                 endpoint_url, request_method, content_type, auth_type, auth_header, auth_username, \
                 auth_secret, custom_headers, request_template, bid_amount_path, destination_path, \
                 acceptance_path, currency_path, timeout_ms, max_concurrent_calls, hourly_cap, \
                 daily_cap, min_bid_e4, max_bid_e4, currency, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
                 $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $27) RETURNING id"
        )
        .bind(account.0)
        .bind(&t.name)
        .bind(&t.company)
        .bind(&t.contact_email)
        .bind(&t.contact_phone)
        .bind(&t.endpoint_url)
        .bind(&t.request_method)
        .bind(&t.content_type)
        .bind(&t.auth.kind)
        .bind(&t.auth.header)
        .bind(&t.auth.username)
        .bind(&t.auth.secret)
        .bind(&t.custom_headers)
        .bind(&t.request_template)
        .bind(&t.bid_amount_path)
        .bind(&t.destination_path)
        .bind(&t.acceptance_path)
        .bind(&t.currency_path)
        .bind(t.timeout_ms)
        .bind(t.max_concurrent_calls)
        .bind(t.hourly_cap)
        .bind(t.daily_cap)
        .bind(t.min_bid_e4)
        .bind(t.max_bid_e4)
        .bind(&t.currency)
        .bind(&t.status)
        .bind(now)
        .fetch_one(p)
        .await
        })?)
    }

    /// One live target of `account`; `NotFound` if absent, deleted or another's.
    pub async fn rtb_target(
        &self,
        account: AccountId,
        id: i64,
    ) -> Result<RtbTargetRow, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM rtb_targets WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL"
        );
        on_pool!(self, |p| sqlx::query_as::<_, RtbTargetRow>(&sql)
            .bind(id)
            .bind(account.0)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// A page of the account's live targets (`sort`: createdAt, name,
    /// status; `search` on name, company and endpoint) and the total matching.
    pub async fn list_rtb_targets(
        &self,
        account: AccountId,
        filter: &RtbTargetFilter,
        page: &Page,
    ) -> Result<(Vec<RtbTargetRow>, i64), StoreError> {
        let mut conditions = String::from("WHERE user_id = $1 AND deleted_at IS NULL");
        let mut args: Vec<String> = Vec::new();
        if let Some(status) = &filter.status {
            args.push(status.clone());
            conditions.push_str(&format!(" AND status = ${}", args.len() + 1));
        }
        if let Some(like) = page.like() {
            args.push(like);
            let n = args.len() + 1;
            conditions.push_str(&format!(
                " AND (lower(name) LIKE ${n} ESCAPE '\\' OR lower(company) LIKE ${n} ESCAPE '\\' \
                 OR lower(endpoint_url) LIKE ${n} ESCAPE '\\')"
            ));
        }
        let n = args.len();
        let sql = format!(
            "SELECT {COLUMNS} FROM rtb_targets {conditions} {} LIMIT ${} OFFSET ${}",
            page.order_by(sort_column(page.sort)),
            n + 2,
            n + 3
        );
        let count_sql = format!("SELECT COUNT(*) FROM rtb_targets {conditions}");
        self.fetch_page(&sql, &count_sql, account, &args, page)
            .await
    }

    /// All-time figures of each of `ids` (one aggregate query; targets
    /// without responses are absent). Ids of other accounts yield nothing.
    pub async fn rtb_target_stats(
        &self,
        account: AccountId,
        ids: &[i64],
    ) -> Result<Vec<RtbTargetStats>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT rtb_target_id, COUNT(*) AS total_bids, \
                 CAST(COALESCE(SUM(CASE WHEN response_status = 'success' THEN 1 ELSE 0 END), 0) AS BIGINT) AS successes, \
                 CAST(COALESCE(SUM(CASE WHEN is_winning_bid THEN 1 ELSE 0 END), 0) AS BIGINT) AS wins, \
                 CAST(COALESCE(SUM(response_time_ms), 0) AS BIGINT) AS response_ms_sum, \
                 COUNT(response_time_ms) AS timed_responses \
             FROM rtb_bid_responses WHERE user_id = $1 AND rtb_target_id IN ({}) \
             GROUP BY rtb_target_id",
            placeholders.join(", ")
        );
        Ok(on_pool!(self, |p| {
            let mut q = sqlx::query_as::<_, RtbTargetStats>(&sql).bind(account.0);
            for id in ids {
                q = q.bind(id);
            }
            q.fetch_all(p).await
        })?)
    }

    /// Overwrite a live target's writable fields; `NotFound` if absent,
    /// deleted or another's.
    pub async fn update_rtb_target(
        &self,
        account: AccountId,
        id: i64,
        t: &RtbTargetFields,
    ) -> Result<(), StoreError> {
        let _refresh = self.config_write();
        let done = on_pool!(self, |p| {
            sqlx::query(
            "UPDATE rtb_targets SET name = $1, company = $2, contact_email = $3, contact_phone = $4, \
                 endpoint_url = $5, request_method = $6, content_type = $7, auth_type = $8, \
                 auth_header = $9, auth_username = $10, auth_secret = $11, custom_headers = $12, \
                 request_template = $13, bid_amount_path = $14, destination_path = $15, \
                 acceptance_path = $16, currency_path = $17, timeout_ms = $18, \
                 max_concurrent_calls = $19, hourly_cap = $20, daily_cap = $21, min_bid_e4 = $22, \
                 max_bid_e4 = $23, currency = $24, status = $25, updated_at = $26 \
             WHERE id = $27 AND user_id = $28 AND deleted_at IS NULL"
        )
        .bind(&t.name)
        .bind(&t.company)
        .bind(&t.contact_email)
        .bind(&t.contact_phone)
        .bind(&t.endpoint_url)
        .bind(&t.request_method)
        .bind(&t.content_type)
        .bind(&t.auth.kind)
        .bind(&t.auth.header)
        .bind(&t.auth.username)
        .bind(&t.auth.secret)
        .bind(&t.custom_headers)
        .bind(&t.request_template)
        .bind(&t.bid_amount_path)
        .bind(&t.destination_path)
        .bind(&t.acceptance_path)
        .bind(&t.currency_path)
        .bind(t.timeout_ms)
        .bind(t.max_concurrent_calls)
        .bind(t.hourly_cap)
        .bind(t.daily_cap)
        .bind(t.min_bid_e4)
        .bind(t.max_bid_e4)
        .bind(&t.currency)
        .bind(&t.status)
        .bind(now_ms())
        .bind(id)
        .bind(account.0)
        .execute(p)
        .await
        .map(|r| r.rows_affected())
        })?;
        if done == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Soft-delete a target and take it off every campaign, in one
    /// transaction. Its auction history stays. `NotFound` if absent,
    /// already deleted or another's.
    pub async fn delete_rtb_target(&self, account: AccountId, id: i64) -> Result<(), StoreError> {
        let _refresh = self.config_write();
        let now = now_ms();
        let done = on_pool!(self, |p| {
            async {
                let mut tx = p.begin().await?;
                let done = sqlx::query(
                    "UPDATE rtb_targets SET deleted_at = $1, updated_at = $1 \
                     WHERE id = $2 AND user_id = $3 AND deleted_at IS NULL",
                )
                .bind(now)
                .bind(id)
                .bind(account.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                sqlx::query(
                    "DELETE FROM campaign_rtb_targets WHERE rtb_target_id = $1 AND user_id = $2",
                )
                .bind(id)
                .bind(account.0)
                .execute(&mut *tx)
                .await?;
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
