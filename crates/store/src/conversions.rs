//! Conversions reported from outside and tags on calls.
//!
//! A conversion report changes a call's `converted` and revenue (and so
//! its profit) and is kept with what it changed, who sent it and from
//! where. With an idempotency key, a report sent again finds the first
//! one and changes nothing. The call's row is locked (a no-op update, the
//! first statement of the transaction) before it is read, so concurrent
//! reports of one call apply one after the other on both databases.

use domain::{AccountId, now_ms};

use crate::db::on_pool;
use crate::{Store, StoreError};

/// How a conversion names its call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallRef {
    Id(i64),
    Sid(String),
    /// The caller's latest call in the day before `at`.
    Caller {
        number: String,
        at: i64,
    },
}

/// A conversion to apply.
#[derive(Clone, Debug)]
pub struct ConversionIn {
    /// `postback` (a campaign's token) or `user` (signed in).
    pub via: &'static str,
    /// With a postback token: its campaign (the call must be one of its).
    pub campaign_id: Option<String>,
    pub address: Option<String>,
    pub idempotency_key: Option<String>,
    pub converted: bool,
    /// The new revenue; `None`: kept when the call converts and already
    /// has one, else the buyer's payout; 0 when it does not convert.
    pub revenue_e4: Option<i64>,
    pub note: Option<String>,
}

/// A conversion as kept.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ConversionRow {
    pub id: i64,
    pub call_id: i64,
    pub via: String,
    pub campaign_id: Option<String>,
    pub address: Option<String>,
    pub idempotency_key: Option<String>,
    pub converted_before: bool,
    pub converted_after: bool,
    pub revenue_before_e4: i64,
    pub revenue_after_e4: i64,
    pub note: Option<String>,
    pub created_at: i64,
}

const CONVERSION: &str = "id, call_id, via, campaign_id, address, idempotency_key, \
    converted_before, converted_after, revenue_before_e4, revenue_after_e4, note, created_at";

/// A day, the furthest back a caller's number finds a call.
const CALLER_WINDOW_MS: i64 = 86_400_000;

fn token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("pb_{}", hex::encode(bytes))
}

impl Store {
    /// The campaign's postback token, made on first use.
    pub async fn postback_token(
        &self,
        account: AccountId,
        campaign: &str,
    ) -> Result<String, StoreError> {
        self.set_postback_token(account, campaign, false).await
    }

    /// Give the campaign a new postback token (the old one stops working).
    pub async fn rotate_postback_token(
        &self,
        account: AccountId,
        campaign: &str,
    ) -> Result<String, StoreError> {
        self.set_postback_token(account, campaign, true).await
    }

    async fn set_postback_token(
        &self,
        account: AccountId,
        campaign: &str,
        replace: bool,
    ) -> Result<String, StoreError> {
        on_pool!(self, |p| sqlx::query_scalar::<_, Option<String>>(
            "UPDATE campaigns SET postback_token = CASE WHEN $4 THEN $1 \
                 ELSE COALESCE(postback_token, $1) END \
             WHERE id = $2 AND user_id = $3 AND deleted_at IS NULL RETURNING postback_token"
        )
        .bind(token())
        .bind(campaign)
        .bind(account.0)
        .bind(replace)
        .fetch_optional(p)
        .await)?
        .flatten()
        .ok_or(StoreError::NotFound)
    }

    /// The account and campaign a postback token belongs to.
    pub async fn campaign_of_postback_token(
        &self,
        token: &str,
    ) -> Result<Option<(AccountId, String)>, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query_as::<_, (i64, String)>(
            "SELECT user_id, id FROM campaigns WHERE postback_token = $1 AND deleted_at IS NULL"
        )
        .bind(token)
        .fetch_optional(p)
        .await)?
        .map(|(user, id)| (AccountId(user), id)))
    }

    /// The call a reference names, within the account (and campaign).
    pub async fn find_call(
        &self,
        account: AccountId,
        campaign: Option<&str>,
        r: &CallRef,
    ) -> Result<Option<i64>, StoreError> {
        let found = match r {
            CallRef::Id(id) => on_pool!(self, |p| sqlx::query_scalar::<_, i64>(
                "SELECT id FROM calls WHERE id = $1 AND user_id = $2 \
                   AND ($3 IS NULL OR campaign_id = $3)"
            )
            .bind(id)
            .bind(account.0)
            .bind(campaign)
            .fetch_optional(p)
            .await)?,
            CallRef::Sid(sid) => on_pool!(self, |p| sqlx::query_scalar::<_, i64>(
                "SELECT id FROM calls WHERE call_sid = $1 AND user_id = $2 \
                   AND ($3 IS NULL OR campaign_id = $3)"
            )
            .bind(sid)
            .bind(account.0)
            .bind(campaign)
            .fetch_optional(p)
            .await)?,
            CallRef::Caller { number, at } => on_pool!(self, |p| sqlx::query_scalar::<_, i64>(
                "SELECT id FROM calls WHERE user_id = $1 AND from_number = $2 \
                   AND created_at <= $3 AND created_at > $4 AND ($5 IS NULL OR campaign_id = $5) \
                 ORDER BY created_at DESC, id DESC LIMIT 1"
            )
            .bind(account.0)
            .bind(number)
            .bind(at)
            .bind(at - CALLER_WINDOW_MS)
            .bind(campaign)
            .fetch_optional(p)
            .await)?,
        };
        Ok(found)
    }

    /// The conversion kept under an idempotency key, if any.
    pub async fn conversion_by_key(
        &self,
        account: AccountId,
        key: &str,
    ) -> Result<Option<ConversionRow>, StoreError> {
        let sql = format!(
            "SELECT {CONVERSION} FROM call_conversions WHERE user_id = $1 AND idempotency_key = $2"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, ConversionRow>(
            &sql
        )
        .bind(account.0)
        .bind(key)
        .fetch_optional(p)
        .await)?)
    }

    /// Apply a conversion to a call of the account and keep it: the kept
    /// row, and whether it was there already (the same idempotency key).
    pub async fn record_conversion(
        &self,
        account: AccountId,
        call: i64,
        c: &ConversionIn,
    ) -> Result<(ConversionRow, bool), StoreError> {
        if let Some(key) = &c.idempotency_key
            && let Some(done) = self.conversion_by_key(account, key).await?
        {
            return Ok((done, true));
        }
        let now = now_ms();
        let sql = format!(
            "INSERT INTO call_conversions (user_id, call_id, via, campaign_id, address, \
                 idempotency_key, converted_before, converted_after, revenue_before_e4, \
                 revenue_after_e4, note, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING {CONVERSION}"
        );
        let written = on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let locked = sqlx::query(
                "UPDATE calls SET updated_at = updated_at WHERE id = $1 AND user_id = $2",
            )
            .bind(call)
            .bind(account.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if locked == 0 {
                return Err(StoreError::NotFound);
            }
            let (converted, revenue, payout) = sqlx::query_as::<_, (bool, i64, i64)>(
                "SELECT converted, revenue_e4, buyer_payout_e4 FROM calls WHERE id = $1",
            )
            .bind(call)
            .fetch_one(&mut *tx)
            .await?;
            let after = match (c.converted, c.revenue_e4) {
                (_, Some(r)) => r,
                (true, None) if revenue > 0 => revenue,
                (true, None) => payout,
                (false, None) => 0,
            };
            sqlx::query(
                "UPDATE calls SET converted = $1, revenue_e4 = $2, \
                     profit_e4 = $2 - payout_e4 - cost_e4, updated_at = $3 WHERE id = $4",
            )
            .bind(c.converted)
            .bind(after)
            .bind(now)
            .bind(call)
            .execute(&mut *tx)
            .await?;
            let row = sqlx::query_as::<_, ConversionRow>(&sql)
                .bind(account.0)
                .bind(call)
                .bind(c.via)
                .bind(&c.campaign_id)
                .bind(&c.address)
                .bind(&c.idempotency_key)
                .bind(converted)
                .bind(c.converted)
                .bind(revenue)
                .bind(after)
                .bind(&c.note)
                .bind(now)
                .fetch_one(&mut *tx)
                .await;
            match row {
                Ok(row) => {
                    tx.commit().await?;
                    Ok(row)
                }
                Err(e) => Err(StoreError::from(e)),
            }
        });
        match (written, &c.idempotency_key) {
            (Ok(row), _) => Ok((row, false)),
            // The same key sent twice at once: the other one is kept.
            (Err(StoreError::Conflict { .. }), Some(key)) => self
                .conversion_by_key(account, key)
                .await?
                .map(|done| (done, true))
                .ok_or(StoreError::NotFound),
            (Err(e), _) => Err(e),
        }
    }

    /// A call's conversions, oldest first.
    pub async fn call_conversions(
        &self,
        account: AccountId,
        call: i64,
    ) -> Result<Vec<ConversionRow>, StoreError> {
        let sql = format!(
            "SELECT {CONVERSION} FROM call_conversions WHERE user_id = $1 AND call_id = $2 \
             ORDER BY id LIMIT 200"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, ConversionRow>(
            &sql
        )
        .bind(account.0)
        .bind(call)
        .fetch_all(p)
        .await)?)
    }

    /// Add tags to a call of the account (a tag it has already stays one);
    /// the call's tags after.
    pub async fn add_call_tags(
        &self,
        account: AccountId,
        call: i64,
        tags: &[String],
    ) -> Result<Vec<String>, StoreError> {
        if self
            .find_call(account, None, &CallRef::Id(call))
            .await?
            .is_none()
        {
            return Err(StoreError::NotFound);
        }
        let now = now_ms();
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            for tag in tags {
                sqlx::query(
                    "INSERT INTO call_tags (user_id, call_id, tag, created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (call_id, tag) DO NOTHING",
                )
                .bind(account.0)
                .bind(call)
                .bind(tag)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        });
        self.call_tags(account, call).await
    }

    /// Take a tag off a call of the account; the call's tags after.
    pub async fn remove_call_tag(
        &self,
        account: AccountId,
        call: i64,
        tag: &str,
    ) -> Result<Vec<String>, StoreError> {
        if self
            .find_call(account, None, &CallRef::Id(call))
            .await?
            .is_none()
        {
            return Err(StoreError::NotFound);
        }
        on_pool!(self, |p| sqlx::query(
            "DELETE FROM call_tags WHERE user_id = $1 AND call_id = $2 AND tag = $3"
        )
        .bind(account.0)
        .bind(call)
        .bind(tag)
        .execute(p)
        .await
        .map(|_| ()))?;
        self.call_tags(account, call).await
    }

    /// A call's tags, in the order they were added.
    pub async fn call_tags(
        &self,
        account: AccountId,
        call: i64,
    ) -> Result<Vec<String>, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query_scalar::<_, String>(
            "SELECT tag FROM call_tags WHERE user_id = $1 AND call_id = $2 ORDER BY id"
        )
        .bind(account.0)
        .bind(call)
        .fetch_all(p)
        .await)?)
    }
}
