//! The activity feed: configuration changes and system alerts, per account.

use domain::{AccountId, now_ms};

use crate::db::on_pool;
use crate::{Store, StoreError};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ActivityRow {
    pub id: i64,
    pub kind: String,
    /// info | warning | error
    pub severity: String,
    pub message: String,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub created_at: i64,
}

/// An entry to add.
#[derive(Clone, Debug)]
pub struct NewActivity<'a> {
    pub kind: &'a str,
    pub severity: &'a str,
    pub message: &'a str,
    pub entity_type: Option<&'a str>,
    pub entity_id: Option<&'a str>,
}

const COLUMNS: &str = "id, kind, severity, message, entity_type, entity_id, created_at";

impl Store {
    pub async fn record_activity(
        &self,
        account: AccountId,
        a: &NewActivity<'_>,
    ) -> Result<ActivityRow, StoreError> {
        let sql = format!(
            "INSERT INTO activity (user_id, kind, severity, message, entity_type, entity_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {COLUMNS}"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, ActivityRow>(&sql)
            .bind(account.0)
            .bind(a.kind)
            .bind(a.severity)
            .bind(a.message)
            .bind(a.entity_type)
            .bind(a.entity_id)
            .bind(now_ms())
            .fetch_one(p)
            .await)?)
    }

    /// The account's latest `limit` entries, newest first.
    pub async fn list_activity(
        &self,
        account: AccountId,
        limit: i64,
    ) -> Result<Vec<ActivityRow>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM activity WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, ActivityRow>(&sql)
            .bind(account.0)
            .bind(limit)
            .fetch_all(p)
            .await)?)
    }
}
