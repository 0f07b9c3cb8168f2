//! URL parameters: the query parameters an account tracks, and their
//! values on calls. A value is kept only for a defined, active parameter
//! (global, or of the call's campaign), checked against its type; a
//! parameter missing from the source takes its default value, if it has
//! one. A call keeps the first value it got for a name.

use domain::{AccountId, now_ms};

use crate::db::on_pool;
use crate::{Store, StoreError};

/// A parameter as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UrlParamRow {
    pub id: i64,
    pub parameter_name: String,
    pub display_name: String,
    /// string | number | boolean
    pub parameter_type: String,
    pub default_value: Option<String>,
    /// global | campaign
    pub tracking_scope: String,
    pub campaign_id: Option<String>,
    /// active | inactive
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What a user sets (checked by the API).
#[derive(Clone, Debug)]
pub struct UrlParamFields {
    pub parameter_name: String,
    pub display_name: String,
    pub parameter_type: String,
    pub default_value: Option<String>,
    pub tracking_scope: String,
    pub campaign_id: Option<String>,
    pub status: String,
}

const PARAM: &str = "id, parameter_name, display_name, parameter_type, default_value, \
    tracking_scope, campaign_id, status, created_at, updated_at";

/// `value` as a parameter of `kind` stores it, or `None` when it is not
/// one (a number is kept as written; a boolean as `true` or `false`).
pub fn typed(kind: &str, value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > 500 || v.chars().any(char::is_control) {
        return None;
    }
    match kind {
        "number" => v
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(|_| v.to_string()),
        "boolean" => match v.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some("true".into()),
            "false" | "0" | "no" => Some("false".into()),
            _ => None,
        },
        _ => Some(v.to_string()),
    }
}

impl Store {
    pub async fn create_url_param(
        &self,
        account: AccountId,
        f: &UrlParamFields,
    ) -> Result<UrlParamRow, StoreError> {
        let sql = format!(
            "INSERT INTO url_parameters (user_id, parameter_name, display_name, parameter_type, \
                 default_value, tracking_scope, campaign_id, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING {PARAM}"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, UrlParamRow>(&sql)
            .bind(account.0)
            .bind(&f.parameter_name)
            .bind(&f.display_name)
            .bind(&f.parameter_type)
            .bind(&f.default_value)
            .bind(&f.tracking_scope)
            .bind(&f.campaign_id)
            .bind(&f.status)
            .bind(now_ms())
            .fetch_one(p)
            .await)?)
    }

    /// The account's parameters by name.
    pub async fn list_url_params(
        &self,
        account: AccountId,
    ) -> Result<Vec<UrlParamRow>, StoreError> {
        let sql = format!(
            "SELECT {PARAM} FROM url_parameters WHERE user_id = $1 ORDER BY lower(parameter_name)"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, UrlParamRow>(&sql)
            .bind(account.0)
            .fetch_all(p)
            .await)?)
    }

    pub async fn url_param(&self, account: AccountId, id: i64) -> Result<UrlParamRow, StoreError> {
        let sql = format!("SELECT {PARAM} FROM url_parameters WHERE id = $1 AND user_id = $2");
        on_pool!(self, |p| sqlx::query_as::<_, UrlParamRow>(&sql)
            .bind(id)
            .bind(account.0)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    pub async fn update_url_param(
        &self,
        account: AccountId,
        id: i64,
        f: &UrlParamFields,
    ) -> Result<UrlParamRow, StoreError> {
        let sql = format!(
            "UPDATE url_parameters SET parameter_name = $1, display_name = $2, parameter_type = $3, \
                 default_value = $4, tracking_scope = $5, campaign_id = $6, status = $7, updated_at = $8 \
             WHERE id = $9 AND user_id = $10 RETURNING {PARAM}"
        );
        on_pool!(self, |p| sqlx::query_as::<_, UrlParamRow>(&sql)
            .bind(&f.parameter_name)
            .bind(&f.display_name)
            .bind(&f.parameter_type)
            .bind(&f.default_value)
            .bind(&f.tracking_scope)
            .bind(&f.campaign_id)
            .bind(&f.status)
            .bind(now_ms())
            .bind(id)
            .bind(account.0)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// Delete a parameter; calls keep the values they got.
    pub async fn delete_url_param(&self, account: AccountId, id: i64) -> Result<(), StoreError> {
        let n = on_pool!(self, |p| sqlx::query(
            "DELETE FROM url_parameters WHERE id = $1 AND user_id = $2"
        )
        .bind(id)
        .bind(account.0)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Keep, on a call, the values of the account's tracked parameters
    /// found in `pairs` (names matched in any case), or their defaults;
    /// how many were kept.
    pub async fn capture_call_params(
        &self,
        user_id: i64,
        call_id: i64,
        campaign_id: Option<&str>,
        pairs: &[(String, String)],
    ) -> Result<u64, StoreError> {
        let params = self.list_url_params(AccountId(user_id)).await?;
        let mut kept = Vec::new();
        for p in params.iter().filter(|p| {
            p.status == "active"
                && (p.tracking_scope == "global" || p.campaign_id.as_deref() == campaign_id)
        }) {
            let found = pairs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(&p.parameter_name))
                .and_then(|(_, v)| typed(&p.parameter_type, v))
                .or_else(|| p.default_value.clone());
            if let Some(v) = found {
                kept.push((p.parameter_name.clone(), v));
            }
        }
        if kept.is_empty() {
            return Ok(0);
        }
        let mut n = 0;
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            for (name, value) in &kept {
                n += sqlx::query(
                    "INSERT INTO call_parameters (call_id, user_id, name, value) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (call_id, name) DO NOTHING",
                )
                .bind(call_id)
                .bind(user_id)
                .bind(name)
                .bind(value)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            }
            tx.commit().await?;
        });
        Ok(n)
    }

    /// [`Store::capture_call_params`] for the call with this CallSid (none
    /// is kept when no such call is stored).
    pub async fn capture_params_of_sid(
        &self,
        call_sid: &str,
        pairs: &[(String, String)],
    ) -> Result<u64, StoreError> {
        let call = on_pool!(self, |p| sqlx::query_as::<_, (i64, i64, Option<String>)>(
            "SELECT id, user_id, campaign_id FROM calls WHERE call_sid = $1"
        )
        .bind(call_sid)
        .fetch_optional(p)
        .await)?;
        match call {
            Some((id, user, campaign)) => {
                self.capture_call_params(user, id, campaign.as_deref(), pairs)
                    .await
            }
            None => Ok(0),
        }
    }

    /// The parameters of a call of the account, by name.
    pub async fn call_params(
        &self,
        account: AccountId,
        call_id: i64,
    ) -> Result<Vec<(String, String)>, StoreError> {
        Ok(on_pool!(self, |p| {
            sqlx::query_as::<_, (String, String)>(
            "SELECT name, value FROM call_parameters WHERE user_id = $1 AND call_id = $2 ORDER BY name"
        )
        .bind(account.0)
        .bind(call_id)
        .fetch_all(p)
        .await
        })?)
    }
}

/// The query pairs of a URL (none when it does not parse).
pub fn query_pairs(url: &str) -> Vec<(String, String)> {
    url::Url::parse(url)
        .map(|u| {
            u.query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_typed() {
        assert_eq!(typed("string", " Été 🌞 "), Some("Été 🌞".into()));
        assert_eq!(typed("number", "12.5"), Some("12.5".into()));
        assert_eq!(typed("number", "twelve"), None);
        assert_eq!(typed("number", "inf"), None);
        assert_eq!(typed("boolean", "YES"), Some("true".into()));
        assert_eq!(typed("boolean", "0"), Some("false".into()));
        assert_eq!(typed("boolean", "maybe"), None);
        assert_eq!(typed("string", "a\u{0}b"), None);
        assert_eq!(typed("string", ""), None);
        assert_eq!(
            query_pairs("https://x.example/p?ref=abc&Affiliate=Z%C3%BC"),
            vec![
                ("ref".into(), "abc".into()),
                ("Affiliate".into(), "Zü".into())
            ]
        );
        assert!(query_pairs("not a url").is_empty());
    }
}
