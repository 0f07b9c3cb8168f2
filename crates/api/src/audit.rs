//! The audit log: a middleware on the API's routes writes an entry for
//! every change a member or API key makes (the object before and after,
//! read through the API's own GET of the same path, secrets redacted) and
//! for sensitive reads (exports, recordings); `/api/audit-log` lists,
//! exports and checks them.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use axum::Json;
use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use store::audit::{AuditFilter, AuditRow, NewAudit};
use tower::ServiceExt;
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::ApiQuery;
use crate::shapes::{day_start, list_response};
use crate::stats::rfc3339;

/// Largest object kept before or after a change.
const MAX_JSON: usize = 32 * 1024;
/// Largest answer read to keep as a created object.
const MAX_BODY: usize = 256 * 1024;

/// The API's routes without this middleware, for reading an object
/// before and after a change through its own GET.
#[derive(Clone, Default)]
pub struct Reader(Arc<OnceLock<axum::Router>>);

impl Reader {
    pub fn set(&self, router: axum::Router) {
        let _ = self.0.set(router);
    }

    /// The JSON the API's GET of `path` answers with these credentials.
    async fn read(
        &self,
        path: &str,
        headers: &HeaderMap,
        peer: Option<SocketAddr>,
    ) -> Option<Value> {
        let router = self.0.get()?.clone();
        let mut req = Request::builder().method(Method::GET).uri(path);
        for name in [header::COOKIE, header::AUTHORIZATION, header::HOST] {
            if let Some(v) = headers.get(&name) {
                req = req.header(name, v);
            }
        }
        let mut req = req.body(Body::empty()).ok()?;
        if let Some(peer) = peer {
            req.extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
        }
        let response = router.oneshot(req).await.ok()?;
        if response.status() != StatusCode::OK || !is_json(response.headers()) {
            return None;
        }
        let bytes = axum::body::to_bytes(response.into_body(), MAX_BODY)
            .await
            .ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// What kind of entry a request makes, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Change,
    SensitiveRead,
}

fn kind(method: &Method, path: &str) -> Option<Kind> {
    let segments: Vec<&str> = path.trim_start_matches("/api/").split('/').collect();
    let last = segments.last().copied().unwrap_or_default();
    let export = last.starts_with("export.") || last.starts_with("run.");
    let recording = segments.first() == Some(&"calls") && last.starts_with("recording");
    if export || recording {
        return Some(Kind::SensitiveRead);
    }
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return None;
    }
    // Dry runs and report runs change nothing; sign-in has its own history;
    // the audit log's own reads are not changes.
    let dry = matches!(segments.as_slice(), ["reports", "run"] | [_, _, "simulate"]);
    if dry || path.starts_with("/api/auth/") || path == "/api/dni/track" {
        return None;
    }
    Some(Kind::Change)
}

/// What a request did, in words: `create buyers`, `update campaigns`,
/// `delete pools numbers`, `test webhooks`.
fn action(method: &Method, path: &str) -> String {
    let words: Vec<&str> = path
        .trim_start_matches("/api/")
        .split('/')
        .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .collect();
    let verb = match *method {
        Method::POST => "create",
        Method::PUT | Method::PATCH => "update",
        Method::DELETE => "delete",
        _ => "read",
    };
    format!("{verb} {}", words.join(" "))
}

/// Keys whose values never reach the log: credentials, and what carries
/// one (invitation links, two-factor secrets and their QR codes,
/// recovery codes).
fn secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k == "key"
        || k.ends_with("key") && k != "idempotencykey"
        || [
            "password",
            "secret",
            "token",
            "credential",
            "authorization",
            "cookie",
            "link",
            "otpauth",
            "qrsvg",
            "recovery",
        ]
        .iter()
        .any(|s| k.contains(s))
}

/// The value with every secret replaced by `"[redacted]"`.
pub fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if secret_key(k) && !v.is_null() && !v.is_boolean() {
                    *v = Value::String("[redacted]".into());
                } else {
                    redact(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

/// The text kept for an object: redacted, and cut to a note when large.
fn kept(value: Option<Value>) -> Option<String> {
    let mut value = value?;
    redact(&mut value);
    let text = value.to_string();
    Some(if text.len() > MAX_JSON {
        serde_json::json!({ "truncated": true, "bytes": text.len() }).to_string()
    } else {
        text
    })
}

/// The middleware: changes and sensitive reads by a member or key are
/// written after their answer is made; a failed write of the entry is
/// logged, never turned into a failed request.
pub async fn record(
    State((app, reader)): State<(AppState, Reader)>,
    req: Request,
    next: Next,
) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let Some(kind) = kind(&method, &path) else {
        return next.run(req).await;
    };
    let Some(user) = crate::auth::resolved(req.extensions()) else {
        return next.run(req).await;
    };
    let headers = req.headers().clone();
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let target_path = req
        .uri()
        .path_and_query()
        .map_or(path.clone(), |p| p.to_string());
    let before =
        if kind == Kind::Change && matches!(method, Method::PUT | Method::PATCH | Method::DELETE) {
            reader.read(&path, &headers, peer).await
        } else {
            None
        };
    let response = next.run(req).await;
    let status = response.status();
    let (response, after) = if kind == Kind::Change && status.is_success() {
        match method {
            Method::PUT | Method::PATCH => {
                let after = reader.read(&path, &headers, peer).await;
                (response, after)
            }
            // Only answers of a known, modest size are read; a larger one
            // is passed on untouched and noted as such.
            Method::POST
                if is_json(response.headers())
                    && response
                        .body()
                        .size_hint()
                        .exact()
                        .is_none_or(|n| n > MAX_BODY as u64) =>
            {
                (response, Some(serde_json::json!({ "truncated": true })))
            }
            Method::POST if is_json(response.headers()) => {
                let (parts, body) = response.into_parts();
                match axum::body::to_bytes(body, MAX_BODY).await {
                    Ok(bytes) => {
                        let after = serde_json::from_slice(&bytes).ok();
                        (Response::from_parts(parts, Body::from(bytes)), after)
                    }
                    Err(_) => (
                        ApiError::internal("an answer was too large to keep").into_response(),
                        None,
                    ),
                }
            }
            _ => (response, None),
        }
    } else {
        (response, None)
    };
    let actor = match (user.user_id, user.api_key) {
        (Some(id), _) => app
            .store
            .user_by_id(id)
            .await
            .map(|u| u.username)
            .unwrap_or_else(|_| format!("user {id}")),
        (None, Some(key)) => format!("API key {key}"),
        (None, None) => "unknown".into(),
    };
    let ip = peer.map(|p| p.ip().to_string());
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|a| a.chars().take(300).collect::<String>());
    let action = match kind {
        Kind::SensitiveRead => format!(
            "export {}",
            action(&Method::GET, &path).trim_start_matches("read ")
        ),
        Kind::Change => action(&method, &path),
    };
    let (before, after) = (kept(before), kept(after));
    let entry = NewAudit {
        account: user.account,
        actor_user: user.user_id,
        actor_key: user.api_key,
        actor: &actor,
        ip_address: ip.as_deref(),
        user_agent: agent.as_deref(),
        action: &action,
        method: method.as_str(),
        path: &target_path,
        status: i32::from(status.as_u16()),
        before: before.as_deref(),
        after: after.as_deref(),
    };
    if let Err(e) = app.store.append_audit(&entry).await {
        tracing::error!(error = %e, path = %path, "could not write an audit entry");
    }
    response
}

/// Which entries to list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct AuditQuery {
    /// 1-200 (default 50).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    /// Entries by this member (user id).
    pub actor: Option<i64>,
    /// Text in the action, path or actor (at most 100 characters).
    pub search: Option<String>,
    /// First day (YYYY-MM-DD, your time zone).
    pub from: Option<String>,
    /// Last day, included.
    pub to: Option<String>,
}

/// One entry.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntryOut {
    pub id: i64,
    pub at: String,
    /// A username, or `API key <id>`.
    pub actor: String,
    pub actor_user_id: Option<i64>,
    pub api_key_id: Option<i64>,
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
    #[schema(example = "update campaigns")]
    pub action: String,
    pub method: String,
    pub path: String,
    pub status: i32,
    /// The object before the change (secrets redacted), when it has a GET:
    /// any JSON value.
    pub before: Option<Value>,
    /// The object after it: any JSON value.
    pub after: Option<Value>,
    /// SHA-256 of this entry and the one before it.
    pub hash: String,
}

/// The outcome of checking the chain.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditVerifyOut {
    /// Every entry is as written and in its place.
    pub valid: bool,
    pub checked: i64,
    /// The first entry that was changed, or after which one was removed.
    pub first_broken_id: Option<i64>,
}

fn entry_out(r: AuditRow) -> AuditEntryOut {
    let parse = |t: Option<String>| t.and_then(|t| serde_json::from_str(&t).ok());
    AuditEntryOut {
        id: r.id,
        at: rfc3339(r.at),
        actor: r.actor,
        actor_user_id: r.actor_user,
        api_key_id: r.actor_key,
        ip_address: r.ip_address,
        user_agent: r.user_agent,
        action: r.action,
        method: r.method,
        path: r.path,
        status: r.status,
        before: parse(r.before_json),
        after: parse(r.after_json),
        hash: r.hash,
    }
}

async fn filter_of(app: &AppState, user: &CurrentUser, q: &AuditQuery) -> ApiResult<AuditFilter> {
    let search = match q.search.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) if s.chars().count() > 100 => {
            return Err(ApiError::validation(
                "search",
                "must be at most 100 characters",
            ));
        }
        Some(s) => Some(s.to_string()),
    };
    let tz = if q.from.is_some() || q.to.is_some() {
        crate::auth::time_zone(app, user).await?
    } else {
        "UTC".into()
    };
    Ok(AuditFilter {
        actor_user: q.actor,
        search,
        from_ms: q
            .from
            .as_deref()
            .map(|d| day_start(d, &tz, 0, "from"))
            .transpose()?,
        to_ms: q
            .to
            .as_deref()
            .map(|d| day_start(d, &tz, 1, "to"))
            .transpose()?,
    })
}

/// The account's audit log, newest first (`X-Total-Count` has the total).
#[utoipa::path(get, path = "/api/audit-log", tag = "settings", params(AuditQuery),
    responses((status = 200, body = Vec<AuditEntryOut>), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(crate) async fn list_audit(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> ApiResult<Response> {
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::validation("limit", "must be between 1 and 200"));
    }
    let offset = q.offset.unwrap_or(0);
    if offset < 0 {
        return Err(ApiError::validation("offset", "must not be negative"));
    }
    let filter = filter_of(&app, &user, &q).await?;
    let (rows, total) = app
        .store
        .audit_entries(user.account, &filter, limit, offset)
        .await?;
    Ok(list_response(
        rows.into_iter().map(entry_out).collect(),
        total,
    ))
}

/// Which entries to export.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct AuditExportQuery {
    /// Entries by this member (user id).
    pub actor: Option<i64>,
    /// Text in the action, path or actor (at most 100 characters).
    pub search: Option<String>,
    /// First day (YYYY-MM-DD, your time zone).
    pub from: Option<String>,
    /// Last day, included.
    pub to: Option<String>,
}

/// The matching entries as CSV (at most 100,000, newest first).
#[utoipa::path(get, path = "/api/audit-log/export.csv", tag = "settings", params(AuditExportQuery),
    responses((status = 200, content_type = "text/csv", body = String),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope)))]
pub(crate) async fn export_audit(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<AuditExportQuery>,
) -> ApiResult<Response> {
    let q = AuditQuery {
        actor: q.actor,
        search: q.search,
        from: q.from,
        to: q.to,
        ..AuditQuery::default()
    };
    let filter = filter_of(&app, &user, &q).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let cell = |e: csv::Error| ApiError::internal(e);
    out.write_record([
        "id",
        "at",
        "actor",
        "ip_address",
        "action",
        "method",
        "path",
        "status",
        "before",
        "after",
        "hash",
    ])
    .map_err(cell)?;
    let mut offset = 0;
    while offset < 100_000 {
        let (rows, _) = app
            .store
            .audit_entries(user.account, &filter, 1000, offset)
            .await?;
        if rows.is_empty() {
            break;
        }
        offset += rows.len() as i64;
        for r in rows {
            out.write_record([
                r.id.to_string(),
                rfc3339(r.at),
                crate::calls::safe_cell(r.actor),
                r.ip_address.unwrap_or_default(),
                r.action,
                r.method,
                crate::calls::safe_cell(r.path),
                r.status.to_string(),
                r.before_json.unwrap_or_default(),
                r.after_json.unwrap_or_default(),
                r.hash,
            ])
            .map_err(cell)?;
        }
    }
    let bytes = out
        .into_inner()
        .map_err(|e| ApiError::internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit-log.csv\"",
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Check the chain: every entry as written, none taken out.
#[utoipa::path(get, path = "/api/audit-log/verify", tag = "settings",
    responses((status = 200, body = AuditVerifyOut), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope)))]
pub(crate) async fn verify_audit(
    State(app): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<AuditVerifyOut>> {
    let check = app.store.check_audit_chain(user.account).await?;
    Ok(Json(AuditVerifyOut {
        valid: check.first_broken.is_none(),
        checked: check.checked,
        first_broken_id: check.first_broken,
    }))
}

pub fn router() -> utoipa_axum::router::OpenApiRouter<AppState> {
    use utoipa_axum::routes;
    utoipa_axum::router::OpenApiRouter::new()
        .routes(routes!(list_audit))
        .routes(routes!(export_audit))
        .routes(routes!(verify_audit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_at_any_depth() {
        let mut v = serde_json::json!({
            "name": "Hook", "secret": "whsec_x", "key": "cc_live_x",
            "nested": [{ "apiKey": "k", "authToken": "t", "password": "p", "idempotencyKey": "i" }],
            "customHeaders": { "Authorization": "Bearer x" }, "hasSecret": true
        });
        redact(&mut v);
        let text = v.to_string();
        for leaked in [
            "whsec_x",
            "cc_live_x",
            "\"k\"",
            "\"t\"",
            "\"p\"",
            "Bearer x",
        ] {
            assert!(!text.contains(leaked), "{leaked} in {text}");
        }
        assert_eq!(v["name"], "Hook");
        assert_eq!(v["nested"][0]["idempotencyKey"], "i");
        assert_eq!(v["hasSecret"], true);
    }

    #[test]
    fn requests_are_sorted_into_changes_reads_and_nothing() {
        assert_eq!(kind(&Method::POST, "/api/buyers"), Some(Kind::Change));
        assert_eq!(kind(&Method::GET, "/api/buyers"), None);
        assert_eq!(
            kind(&Method::GET, "/api/calls/export.csv"),
            Some(Kind::SensitiveRead)
        );
        assert_eq!(
            kind(&Method::POST, "/api/reports/run.pdf"),
            Some(Kind::SensitiveRead)
        );
        assert_eq!(kind(&Method::POST, "/api/reports/run"), None);
        assert_eq!(kind(&Method::POST, "/api/campaigns/x/simulate"), None);
        assert_eq!(kind(&Method::POST, "/api/auth/login"), None);
        assert_eq!(
            action(
                &Method::PATCH,
                "/api/campaigns/4f1c0b7e-1111-2222-3333-444455556666"
            ),
            "update campaigns"
        );
        assert_eq!(
            action(&Method::DELETE, "/api/pools/12/numbers/7"),
            "delete pools numbers"
        );
    }
}
