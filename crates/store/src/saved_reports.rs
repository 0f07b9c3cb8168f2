//! Saved reports and their e-mail deliveries. A report's spec is JSON the
//! API checked; the store keeps it as text. Scheduling is safe with several
//! nodes: filing a due delivery and claiming an attempt are conditional
//! updates, so one node wins each.

use domain::{AccountId, now_ms};

use crate::db::on_pool;
use crate::{Store, StoreError};

/// A saved report as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SavedReport {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    /// The report spec as JSON.
    pub spec: String,
    /// none | daily | weekly
    pub frequency: String,
    pub weekday: i64,
    pub hour: i64,
    /// JSON array of e-mail addresses.
    pub recipients: String,
    pub next_run_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What a user sets on a report (checked by the API).
#[derive(Clone, Debug)]
pub struct ReportFields {
    pub name: String,
    pub spec: String,
    pub frequency: String,
    pub weekday: i64,
    pub hour: i64,
    pub recipients: String,
    pub next_run_at: Option<i64>,
}

/// One e-mailing of a report.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Delivery {
    pub id: i64,
    pub user_id: i64,
    pub report_id: i64,
    /// JSON array of e-mail addresses.
    pub recipients: String,
    /// pending | sent | failed
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: Option<i64>,
    pub last_error: Option<String>,
    pub scheduled_for: i64,
    pub sent_at: Option<i64>,
    pub created_at: i64,
}

/// How an attempt at a delivery ended.
#[derive(Clone, Debug)]
pub enum AttemptOutcome {
    Sent,
    /// Try again at `at` (epoch ms).
    Retry {
        at: i64,
        error: String,
    },
    Failed {
        error: String,
    },
}

const REPORT: &str = "id, user_id, name, spec, frequency, weekday, hour, recipients, next_run_at, \
    created_at, updated_at";
const DELIVERY: &str = "id, user_id, report_id, recipients, status, attempts, next_attempt_at, \
    last_error, scheduled_for, sent_at, created_at";

impl Store {
    pub async fn create_report(
        &self,
        account: AccountId,
        f: &ReportFields,
    ) -> Result<SavedReport, StoreError> {
        let now = now_ms();
        let sql = format!(
            "INSERT INTO saved_reports (user_id, name, spec, frequency, weekday, hour, recipients, \
               next_run_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING {REPORT}"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, SavedReport>(&sql)
            .bind(account.0)
            .bind(&f.name)
            .bind(&f.spec)
            .bind(&f.frequency)
            .bind(f.weekday)
            .bind(f.hour)
            .bind(&f.recipients)
            .bind(f.next_run_at)
            .bind(now)
            .fetch_one(p)
            .await)?)
    }

    /// The account's reports, newest first.
    pub async fn list_reports(&self, account: AccountId) -> Result<Vec<SavedReport>, StoreError> {
        let sql = format!(
            "SELECT {REPORT} FROM saved_reports WHERE user_id = $1 ORDER BY created_at DESC, id DESC"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, SavedReport>(&sql)
            .bind(account.0)
            .fetch_all(p)
            .await)?)
    }

    pub async fn report(&self, account: AccountId, id: i64) -> Result<SavedReport, StoreError> {
        let sql = format!("SELECT {REPORT} FROM saved_reports WHERE id = $1 AND user_id = $2");
        on_pool!(self, |p| sqlx::query_as::<_, SavedReport>(&sql)
            .bind(id)
            .bind(account.0)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    pub async fn update_report(
        &self,
        account: AccountId,
        id: i64,
        f: &ReportFields,
    ) -> Result<SavedReport, StoreError> {
        let sql = format!(
            "UPDATE saved_reports SET name = $1, spec = $2, frequency = $3, weekday = $4, hour = $5, \
               recipients = $6, next_run_at = $7, updated_at = $8 \
             WHERE id = $9 AND user_id = $10 RETURNING {REPORT}"
        );
        on_pool!(self, |p| sqlx::query_as::<_, SavedReport>(&sql)
            .bind(&f.name)
            .bind(&f.spec)
            .bind(&f.frequency)
            .bind(f.weekday)
            .bind(f.hour)
            .bind(&f.recipients)
            .bind(f.next_run_at)
            .bind(now_ms())
            .bind(id)
            .bind(account.0)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// Delete a report and its deliveries.
    pub async fn delete_report(&self, account: AccountId, id: i64) -> Result<(), StoreError> {
        let done = on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            sqlx::query("DELETE FROM report_deliveries WHERE report_id = $1 AND user_id = $2")
                .bind(id)
                .bind(account.0)
                .execute(&mut *tx)
                .await?;
            let n = sqlx::query("DELETE FROM saved_reports WHERE id = $1 AND user_id = $2")
                .bind(id)
                .bind(account.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            Ok::<_, sqlx::Error>(n)
        })?;
        if done == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Reports of every account whose next run is at or before `now`.
    pub async fn due_reports(&self, now: i64, limit: i64) -> Result<Vec<SavedReport>, StoreError> {
        let sql = format!(
            "SELECT {REPORT} FROM saved_reports WHERE next_run_at <= $1 ORDER BY next_run_at LIMIT $2"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, SavedReport>(&sql)
            .bind(now)
            .bind(limit)
            .fetch_all(p)
            .await)?)
    }

    /// File the delivery of a due report and move its next run to `next`,
    /// in one transaction, only if its next run is still `was` (another
    /// node did not do it first). `None` when another node won.
    pub async fn file_scheduled_delivery(
        &self,
        report: &SavedReport,
        was: i64,
        next: Option<i64>,
    ) -> Result<Option<Delivery>, StoreError> {
        let now = now_ms();
        let sql = format!(
            "INSERT INTO report_deliveries (user_id, report_id, recipients, status, attempts, \
               next_attempt_at, scheduled_for, created_at) \
             VALUES ($1, $2, $3, 'pending', 0, $4, $4, $5) RETURNING {DELIVERY}"
        );
        Ok(on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let moved = sqlx::query(
                "UPDATE saved_reports SET next_run_at = $1 WHERE id = $2 AND next_run_at = $3",
            )
            .bind(next)
            .bind(report.id)
            .bind(was)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if moved == 0 {
                return Ok(None);
            }
            let d = sqlx::query_as::<_, Delivery>(&sql)
                .bind(report.user_id)
                .bind(report.id)
                .bind(&report.recipients)
                .bind(was)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(Some(d))
        })?)
    }

    /// A delivery of the account's report to `recipients`, due now.
    pub async fn create_delivery(
        &self,
        account: AccountId,
        report_id: i64,
        recipients: &str,
    ) -> Result<Delivery, StoreError> {
        let now = now_ms();
        let sql = format!(
            "INSERT INTO report_deliveries (user_id, report_id, recipients, status, attempts, \
               next_attempt_at, scheduled_for, created_at) \
             SELECT $1, id, $3, 'pending', 0, $4, $4, $4 FROM saved_reports WHERE id = $2 AND user_id = $1 \
             RETURNING {DELIVERY}"
        );
        on_pool!(self, |p| sqlx::query_as::<_, Delivery>(&sql)
            .bind(account.0)
            .bind(report_id)
            .bind(recipients)
            .bind(now)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// Pending deliveries of every account whose next attempt is due.
    pub async fn due_deliveries(&self, now: i64, limit: i64) -> Result<Vec<Delivery>, StoreError> {
        let sql = format!(
            "SELECT {DELIVERY} FROM report_deliveries WHERE status = 'pending' AND next_attempt_at <= $1 \
             ORDER BY next_attempt_at LIMIT $2"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, Delivery>(&sql)
            .bind(now)
            .bind(limit)
            .fetch_all(p)
            .await)?)
    }

    /// Take the attempt of a due delivery: counts it and pushes the next
    /// attempt to `lease_until` (so a node that dies mid-send is retried
    /// then). False when another node took it first.
    pub async fn claim_delivery(&self, d: &Delivery, lease_until: i64) -> Result<bool, StoreError> {
        let n = on_pool!(self, |p| sqlx::query(
            "UPDATE report_deliveries SET attempts = attempts + 1, next_attempt_at = $1 \
             WHERE id = $2 AND status = 'pending' AND attempts = $3"
        )
        .bind(lease_until)
        .bind(d.id)
        .bind(d.attempts)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Record how a claimed attempt ended.
    pub async fn finish_delivery(
        &self,
        id: i64,
        outcome: &AttemptOutcome,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        let (status, next, error, sent_at) = match outcome {
            AttemptOutcome::Sent => ("sent", None, None, Some(now)),
            AttemptOutcome::Retry { at, error } => {
                ("pending", Some(*at), Some(error.as_str()), None)
            }
            AttemptOutcome::Failed { error } => ("failed", None, Some(error.as_str()), None),
        };
        on_pool!(self, |p| sqlx::query(
            "UPDATE report_deliveries SET status = $1, next_attempt_at = $2, \
               last_error = COALESCE($3, last_error), sent_at = $4 WHERE id = $5"
        )
        .bind(status)
        .bind(next)
        .bind(error)
        .bind(sent_at)
        .bind(id)
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// The latest `limit` deliveries of the account's report, newest first.
    pub async fn deliveries(
        &self,
        account: AccountId,
        report_id: i64,
        limit: i64,
    ) -> Result<Vec<Delivery>, StoreError> {
        let sql = format!(
            "SELECT {DELIVERY} FROM report_deliveries WHERE report_id = $1 AND user_id = $2 \
             ORDER BY created_at DESC, id DESC LIMIT $3"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, Delivery>(&sql)
            .bind(report_id)
            .bind(account.0)
            .bind(limit)
            .fetch_all(p)
            .await)?)
    }

    /// The latest delivery of each of the account's reports.
    pub async fn last_deliveries(&self, account: AccountId) -> Result<Vec<Delivery>, StoreError> {
        let sql = format!(
            "SELECT {DELIVERY} FROM report_deliveries WHERE id IN \
               (SELECT MAX(id) FROM report_deliveries WHERE user_id = $1 GROUP BY report_id)"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, Delivery>(&sql)
            .bind(account.0)
            .fetch_all(p)
            .await)?)
    }
}
