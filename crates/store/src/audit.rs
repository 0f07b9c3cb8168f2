//! The audit log: append-only (database triggers refuse changes), each
//! entry chained to the one before it in its account by SHA-256, so that
//! a row changed or removed around the triggers shows when the chain is
//! checked.

use domain::{AccountId, now_ms};

use crate::db::on_pool;
use crate::{Store, StoreError};

/// What the first entry of an account chains to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An entry to append.
#[derive(Clone, Debug)]
pub struct NewAudit<'a> {
    pub account: AccountId,
    pub actor_user: Option<i64>,
    pub actor_key: Option<i64>,
    /// Who, in words: a username, or an API key's name.
    pub actor: &'a str,
    pub ip_address: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    /// What, e.g. `update campaign`.
    pub action: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    pub status: i32,
    /// JSON of the object before and after, secrets redacted.
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// An entry as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub account_id: i64,
    pub at: i64,
    pub actor_user: Option<i64>,
    pub actor_key: Option<i64>,
    pub actor: String,
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
    pub action: String,
    pub method: String,
    pub path: String,
    pub status: i32,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// Which entries to list.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    /// Entries by this member.
    pub actor_user: Option<i64>,
    /// Case-insensitive text in the action, path or actor.
    pub search: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
}

/// The outcome of checking an account's chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainCheck {
    pub checked: i64,
    /// The first entry whose hash or link does not hold.
    pub first_broken: Option<i64>,
}

const COLUMNS: &str = "id, account_id, at, actor_user, actor_key, actor, ip_address, user_agent, \
    action, method, path, status, before_json, after_json, prev_hash, hash";

/// The hash of an entry: SHA-256 over its fields and the hash before it,
/// written as one JSON array so that no field can bleed into another.
pub fn entry_hash(prev_hash: &str, account_id: i64, at: i64, e: &NewAudit<'_>) -> String {
    let canonical = serde_json::json!([
        prev_hash,
        account_id,
        at,
        e.actor_user,
        e.actor_key,
        e.actor,
        e.ip_address,
        e.user_agent,
        e.action,
        e.method,
        e.path,
        e.status,
        e.before,
        e.after,
    ]);
    domain::password::token_digest(&canonical.to_string())
}

fn row_hash(r: &AuditRow) -> String {
    entry_hash(
        &r.prev_hash,
        r.account_id,
        r.at,
        &NewAudit {
            account: AccountId(r.account_id),
            actor_user: r.actor_user,
            actor_key: r.actor_key,
            actor: &r.actor,
            ip_address: r.ip_address.as_deref(),
            user_agent: r.user_agent.as_deref(),
            action: &r.action,
            method: &r.method,
            path: &r.path,
            status: r.status,
            before: r.before_json.as_deref(),
            after: r.after_json.as_deref(),
        },
    )
}

impl Store {
    /// Append an entry at the end of its account's chain. Two appends
    /// racing for the same place: one wins (the unique link), the other
    /// reads the new end and tries again.
    pub async fn append_audit(&self, e: &NewAudit<'_>) -> Result<i64, StoreError> {
        let mut tries = 0;
        loop {
            tries += 1;
            let prev: Option<String> = on_pool!(self, |p| sqlx::query_scalar(
                "SELECT hash FROM audit_log WHERE account_id = $1 ORDER BY id DESC LIMIT 1"
            )
            .bind(e.account.0)
            .fetch_optional(p)
            .await)?;
            let prev = prev.unwrap_or_else(|| GENESIS.to_string());
            let at = now_ms();
            let hash = entry_hash(&prev, e.account.0, at, e);
            let inserted = on_pool!(self, |p| {
                sqlx::query_scalar::<_, i64>(
                "INSERT INTO audit_log (account_id, at, actor_user, actor_key, actor, ip_address, \
                     user_agent, action, method, path, status, before_json, after_json, \
                     prev_hash, hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
                 RETURNING id"
            )
            .bind(e.account.0)
            .bind(at)
            .bind(e.actor_user)
            .bind(e.actor_key)
            .bind(e.actor)
            .bind(e.ip_address)
            .bind(e.user_agent)
            .bind(e.action)
            .bind(e.method)
            .bind(e.path)
            .bind(e.status)
            .bind(e.before)
            .bind(e.after)
            .bind(&prev)
            .bind(&hash)
            .fetch_one(p)
            .await
            })
            .map_err(StoreError::from);
            match inserted {
                Err(StoreError::Conflict { .. }) if tries < 20 => continue,
                other => return other,
            }
        }
    }

    /// A page of the account's entries, newest first, and how many match.
    pub async fn audit_entries(
        &self,
        account: AccountId,
        filter: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<AuditRow>, i64), StoreError> {
        let mut clauses = vec!["account_id = $1".to_string()];
        let mut args: Vec<String> = Vec::new();
        // Each value is bound as text after the account ($2, $3, …); its
        // clause names its number wherever `#` stands.
        let mut push = |clause: &str, value: String| {
            args.push(value);
            clauses.push(clause.replace('#', &format!("${}", args.len() + 1)));
        };
        if let Some(u) = filter.actor_user {
            push("actor_user = CAST(# AS BIGINT)", u.to_string());
        }
        if let Some(s) = &filter.search {
            let escaped = s
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            push(
                "(lower(action) LIKE # ESCAPE '\\' OR lower(path) LIKE # ESCAPE '\\' \
                 OR lower(actor) LIKE # ESCAPE '\\')",
                format!("%{escaped}%"),
            );
        }
        if let Some(f) = filter.from_ms {
            push("at >= CAST(# AS BIGINT)", f.to_string());
        }
        if let Some(t) = filter.to_ms {
            push("at < CAST(# AS BIGINT)", t.to_string());
        }
        let n = args.len() + 1;
        let where_sql = clauses.join(" AND ");
        let rows_sql = format!(
            "SELECT {COLUMNS} FROM audit_log WHERE {where_sql} ORDER BY id DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let count_sql = format!("SELECT COUNT(*) FROM audit_log WHERE {where_sql}");
        on_pool!(self, |p| {
            let mut rows = sqlx::query_as::<_, AuditRow>(&rows_sql).bind(account.0);
            let mut count = sqlx::query_scalar::<_, i64>(&count_sql).bind(account.0);
            for a in &args {
                rows = rows.bind(a);
                count = count.bind(a);
            }
            let rows = rows.bind(limit).bind(offset).fetch_all(p).await?;
            let total = count.fetch_one(p).await?;
            Ok::<_, StoreError>((rows, total))
        })
    }

    /// Walk the account's chain from its first entry: every hash must be
    /// its entry's, and every entry must link to the one before.
    pub async fn check_audit_chain(&self, account: AccountId) -> Result<ChainCheck, StoreError> {
        let mut prev = GENESIS.to_string();
        let mut after_id = 0i64;
        let mut checked = 0i64;
        loop {
            let sql = format!(
                "SELECT {COLUMNS} FROM audit_log WHERE account_id = $1 AND id > $2 \
                 ORDER BY id LIMIT 1000"
            );
            let rows = on_pool!(self, |p| sqlx::query_as::<_, AuditRow>(&sql)
                .bind(account.0)
                .bind(after_id)
                .fetch_all(p)
                .await)?;
            if rows.is_empty() {
                return Ok(ChainCheck {
                    checked,
                    first_broken: None,
                });
            }
            for r in rows {
                if r.prev_hash != prev || row_hash(&r) != r.hash {
                    return Ok(ChainCheck {
                        checked,
                        first_broken: Some(r.id),
                    });
                }
                checked += 1;
                prev = r.hash;
                after_id = r.id;
            }
        }
    }
}
