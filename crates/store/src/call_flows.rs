//! Call flows: each flow's draft (the builder's JSON, saved as edited) and
//! the versions published from it, numbered from 1 and never changed.
//! Publishing takes the flow's row first (a write), so two publishes of
//! one flow get consecutive numbers, never the same one.

use domain::{AccountId, now_ms};

use crate::db::on_pool;
use crate::{Page, Store, StoreError};

/// A flow as listed and read.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CallFlowRow {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
    /// The draft graph (JSON).
    pub draft: String,
    /// The latest published version, if any.
    pub published_version: Option<i64>,
    pub versions: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// One published version.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CallFlowVersionRow {
    pub version: i64,
    pub note: Option<String>,
    /// The graph as published (JSON).
    pub graph: String,
    pub published_at: i64,
}

/// A flow's name, description and draft, validated by the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallFlowFields {
    pub name: String,
    pub description: Option<String>,
    pub draft: String,
}

const SELECT: &str = "SELECT f.id, f.name, f.description, f.draft, f.published_version, \
       (SELECT COUNT(*) FROM call_flow_versions v WHERE v.flow_id = f.id) AS versions, \
       f.created_at, f.updated_at \
     FROM call_flows f WHERE f.user_id = $1 AND f.deleted_at IS NULL";

fn sort_column(sort: &str) -> &'static str {
    match sort {
        "name" => "lower(f.name)",
        "updatedAt" => "f.updated_at",
        _ => "f.created_at",
    }
}

impl Store {
    /// Create a flow. A name the account already uses (in any case) is a
    /// `Conflict`.
    pub async fn create_call_flow(
        &self,
        account: AccountId,
        fields: &CallFlowFields,
    ) -> Result<CallFlowRow, StoreError> {
        let id = on_pool!(self, |p| {
            sqlx::query_scalar::<_, i64>(
            "INSERT INTO call_flows (user_id, name, description, draft, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id"
        )
        .bind(account.0)
        .bind(&fields.name)
        .bind(fields.description.as_deref())
        .bind(&fields.draft)
        .bind(now_ms())
        .fetch_one(p)
        .await
        })?;
        self.call_flow(account, id).await
    }

    /// One flow of the account; `NotFound` otherwise (deleted included).
    pub async fn call_flow(&self, account: AccountId, id: i64) -> Result<CallFlowRow, StoreError> {
        let sql = format!("{SELECT} AND f.id = $2");
        on_pool!(self, |p| sqlx::query_as::<_, CallFlowRow>(&sql)
            .bind(account.0)
            .bind(id)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// A page of the account's flows (search: part of the name, any case)
    /// and the total.
    pub async fn list_call_flows(
        &self,
        account: AccountId,
        page: &Page,
    ) -> Result<(Vec<CallFlowRow>, i64), StoreError> {
        let mut condition = String::new();
        let like = page.like();
        if like.is_some() {
            condition.push_str(" AND lower(f.name) LIKE $2 ESCAPE '\\'");
        }
        let n = if like.is_some() { 3 } else { 2 };
        let dir = if page.descending { "DESC" } else { "ASC" };
        let sql = format!(
            "{SELECT}{condition} ORDER BY {} {dir}, f.id {dir} LIMIT ${n} OFFSET ${}",
            sort_column(page.sort),
            n + 1
        );
        let count = format!(
            "SELECT COUNT(*) FROM call_flows f WHERE f.user_id = $1 AND f.deleted_at IS NULL{condition}"
        );
        let rows = on_pool!(self, |p| {
            let mut q = sqlx::query_as::<_, CallFlowRow>(&sql).bind(account.0);
            if let Some(l) = &like {
                q = q.bind(l);
            }
            q.bind(page.limit).bind(page.offset).fetch_all(p).await
        })?;
        let total = on_pool!(self, |p| {
            let mut q = sqlx::query_scalar::<_, i64>(&count).bind(account.0);
            if let Some(l) = &like {
                q = q.bind(l);
            }
            q.fetch_one(p).await
        })?;
        Ok((rows, total))
    }

    /// Replace a flow's name, description and draft; `NotFound` when it is
    /// not the account's, `Conflict` when the name is in use.
    pub async fn update_call_flow(
        &self,
        account: AccountId,
        id: i64,
        fields: &CallFlowFields,
    ) -> Result<CallFlowRow, StoreError> {
        let changed = on_pool!(self, |p| sqlx::query(
            "UPDATE call_flows SET name = $1, description = $2, draft = $3, updated_at = $4 \
             WHERE id = $5 AND user_id = $6 AND deleted_at IS NULL"
        )
        .bind(&fields.name)
        .bind(fields.description.as_deref())
        .bind(&fields.draft)
        .bind(now_ms())
        .bind(id)
        .bind(account.0)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.call_flow(account, id).await
    }

    /// Delete a flow (its versions stay, for the calls that ran them).
    pub async fn delete_call_flow(&self, account: AccountId, id: i64) -> Result<(), StoreError> {
        let now = now_ms();
        let changed = on_pool!(self, |p| sqlx::query(
            "UPDATE call_flows SET deleted_at = $1, updated_at = $1 \
             WHERE id = $2 AND user_id = $3 AND deleted_at IS NULL"
        )
        .bind(now)
        .bind(id)
        .bind(account.0)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Publish `graph` (already validated) as the flow's next version, and
    /// make it the draft too (a rollback publishes an old version's graph).
    /// Returns the new version's number.
    pub async fn publish_call_flow(
        &self,
        account: AccountId,
        id: i64,
        graph: &str,
        note: Option<&str>,
    ) -> Result<i64, StoreError> {
        // Campaigns that run the flow take the new version at once.
        let _refresh = self.config_write();
        let now = now_ms();
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let mine = sqlx::query(
                "UPDATE call_flows SET updated_at = $1 \
                 WHERE id = $2 AND user_id = $3 AND deleted_at IS NULL",
            )
            .bind(now)
            .bind(id)
            .bind(account.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if mine == 0 {
                return Err(StoreError::NotFound);
            }
            let version: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(version), 0) + 1 FROM call_flow_versions WHERE flow_id = $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO call_flow_versions (flow_id, user_id, version, graph, note, published_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(account.0)
            .bind(version)
            .bind(graph)
            .bind(note)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE call_flows SET published_version = $1, draft = $2 WHERE id = $3")
                .bind(version)
                .bind(graph)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(version)
        })
    }

    /// The flow's published versions, newest first.
    pub async fn call_flow_versions(
        &self,
        account: AccountId,
        id: i64,
    ) -> Result<Vec<CallFlowVersionRow>, StoreError> {
        self.call_flow(account, id).await?;
        Ok(on_pool!(self, |p| {
            sqlx::query_as::<_, CallFlowVersionRow>(
                "SELECT version, note, graph, published_at FROM call_flow_versions \
             WHERE flow_id = $1 AND user_id = $2 ORDER BY version DESC",
            )
            .bind(id)
            .bind(account.0)
            .fetch_all(p)
            .await
        })?)
    }

    /// One published version of the account's flow; `NotFound` otherwise.
    pub async fn call_flow_version(
        &self,
        account: AccountId,
        id: i64,
        version: i64,
    ) -> Result<CallFlowVersionRow, StoreError> {
        self.call_flow(account, id).await?;
        on_pool!(self, |p| sqlx::query_as::<_, CallFlowVersionRow>(
            "SELECT version, note, graph, published_at FROM call_flow_versions \
             WHERE flow_id = $1 AND user_id = $2 AND version = $3"
        )
        .bind(id)
        .bind(account.0)
        .bind(version)
        .fetch_optional(p)
        .await)?
        .ok_or(StoreError::NotFound)
    }

    /// The published graph of every flow a live campaign or a number runs:
    /// `(flow id, version, graph)`.
    pub async fn live_call_flows(&self) -> Result<Vec<(i64, i64, String)>, StoreError> {
        Ok(on_pool!(self, |p| {
            sqlx::query_as::<_, (i64, i64, String)>(
                "SELECT f.id, v.version, v.graph FROM call_flows f \
             JOIN call_flow_versions v ON v.flow_id = f.id AND v.version = f.published_version \
             WHERE f.id IN (SELECT call_flow_id FROM campaigns \
                            WHERE deleted_at IS NULL AND call_flow_id IS NOT NULL \
                            UNION SELECT call_flow_id FROM phone_numbers \
                            WHERE call_flow_id IS NOT NULL)",
            )
            .fetch_all(p)
            .await
        })?)
    }

    /// One version's graph, whatever the account (the live call path
    /// reads the version a call started on).
    pub async fn call_flow_graph(
        &self,
        flow_id: i64,
        version: i64,
    ) -> Result<Option<String>, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query_scalar::<_, String>(
            "SELECT graph FROM call_flow_versions WHERE flow_id = $1 AND version = $2"
        )
        .bind(flow_id)
        .bind(version)
        .fetch_optional(p)
        .await)?)
    }

    /// The account's live campaigns that run flow `id`: `(id, name)`.
    pub async fn campaigns_running_flow(
        &self,
        account: AccountId,
        id: i64,
    ) -> Result<Vec<(String, String)>, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query_as::<_, (String, String)>(
            "SELECT id, name FROM campaigns \
             WHERE user_id = $1 AND call_flow_id = $2 AND deleted_at IS NULL ORDER BY name"
        )
        .bind(account.0)
        .bind(id)
        .fetch_all(p)
        .await)?)
    }

    /// How many of the account's calls entered flow `id` since `since`.
    pub async fn flow_call_count(
        &self,
        account: AccountId,
        id: i64,
        since: i64,
    ) -> Result<i64, StoreError> {
        Ok(on_pool!(self, |p| {
            sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM calls WHERE call_flow_id = $1 AND created_at >= $2 AND user_id = $3"
        )
        .bind(id)
        .bind(since)
        .bind(account.0)
        .fetch_one(p)
        .await
        })?)
    }

    /// The account's numbers that run flow `id`: `(id, E.164)`.
    pub async fn numbers_running_flow(
        &self,
        account: AccountId,
        id: i64,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query_as::<_, (i64, String)>(
            "SELECT id, phone_number FROM phone_numbers \
             WHERE user_id = $1 AND call_flow_id = $2 ORDER BY phone_number"
        )
        .bind(account.0)
        .bind(id)
        .fetch_all(p)
        .await)?)
    }

    /// The account's calls that ran flow `id` and started in
    /// `[from_ms, to_ms)`, newest first, at most `limit`: `(the call's
    /// place in the flow as JSON, converted, revenue_e4, ended)`.
    pub async fn flow_calls(
        &self,
        account: AccountId,
        id: i64,
        from_ms: i64,
        to_ms: i64,
        limit: i64,
    ) -> Result<Vec<(String, bool, i64, bool)>, StoreError> {
        Ok(on_pool!(self, |p| sqlx::query_as::<
            _,
            (String, bool, i64, bool),
        >(
            "SELECT flow_run, converted, revenue_e4, ended_at IS NOT NULL FROM calls \
             WHERE user_id = $1 AND call_flow_id = $2 AND created_at >= $3 AND created_at < $4 \
               AND flow_run IS NOT NULL \
             ORDER BY created_at DESC LIMIT $5"
        )
        .bind(account.0)
        .bind(id)
        .bind(from_ms)
        .bind(to_ms)
        .bind(limit)
        .fetch_all(p)
        .await)?)
    }
}
