//! API keys (`/api/settings/api-keys`): an account's credentials for its
//! own systems. `Authorization: Bearer cc_live_…` works on every `/api`
//! endpoint within the key's scopes: read (GET) or write (anything else)
//! per resource family. A key is shown once when made; only its SHA-256
//! is kept. Keys never manage sign-in or keys: those take a session.

use std::net::{IpAddr, SocketAddr};

use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use domain::AccountId;
use rand::Rng;
use serde::{Deserialize, Serialize};
use store::api_keys::{ApiKeyRow, NewApiKey};
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath};
use crate::stats::rfc3339;

/// What every key starts with.
pub const PREFIX: &str = "cc_live_";
/// Random characters after the prefix (base62: about 238 bits).
const RANDOM_CHARS: usize = 40;
/// Keys one account may hold (revoked ones not counted).
const MAX_KEYS: usize = 50;
/// A key's use is written at most this often.
const TOUCH_EVERY_MS: i64 = 60_000;

/// The resource families scopes name, with the first path segments
/// under `/api/` each covers.
pub const FAMILIES: &[(&str, &[&str], &str)] = &[
    (
        "campaigns",
        &["campaigns"],
        "Campaigns and their buyers, numbers and postbacks",
    ),
    ("buyers", &["buyers"], "Buyers"),
    (
        "numbers",
        &["phone-numbers", "pools"],
        "Phone numbers and number pools",
    ),
    (
        "flows",
        &["call-flows", "audio-files"],
        "Call flows and their audio files",
    ),
    (
        "calls",
        &["calls", "events"],
        "Calls, their details, tags, exports and live events",
    ),
    (
        "conversions",
        &["conversions"],
        "Reporting conversions (POST /api/conversions)",
    ),
    (
        "reports",
        &["reports", "stats", "activity"],
        "Reports, dashboard figures and the activity feed",
    ),
    ("rtb", &["rtb"], "RTB targets, auctions and analytics"),
    ("dni", &["dni"], "DNI tracking tags and sources"),
    (
        "integrations",
        &["integrations"],
        "Webhooks, connectors, pixels and URL parameters",
    ),
];

/// The family a request's path belongs to; `None`: not for keys.
pub fn family_of(path: &str) -> Option<&'static str> {
    let segment = path.strip_prefix("/api/")?.split('/').next()?;
    FAMILIES
        .iter()
        .find(|(_, segments, _)| segments.contains(&segment))
        .map(|(name, _, _)| *name)
}

/// Whether `scopes` allow `method` on `family`: `family:write` allows
/// everything, `family:read` only reads.
pub fn allows(scopes: &[String], family: &str, method: &Method) -> bool {
    let read = matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    scopes.iter().any(|s| match s.split_once(':') {
        Some((f, level)) if f == family => level == "write" || (read && level == "read"),
        _ => false,
    })
}

/// Whether `address` is within one of `allowed` (CIDRs or single
/// addresses; none: every address).
pub fn address_allowed(allowed: &[String], address: IpAddr) -> bool {
    allowed.is_empty() || allowed.iter().any(|c| cidr_contains(c, address))
}

/// An address allowlist as given (`allowedIps`): at most 20 addresses or
/// CIDRs, trimmed.
pub fn parse_allowlist(given: Vec<String>) -> ApiResult<Vec<String>> {
    if given.len() > 20 {
        return Err(ApiError::validation("allowedIps", "at most 20"));
    }
    let mut allowed = Vec::new();
    for a in given {
        let a = a.trim().to_string();
        if a.len() > 50 || parse_cidr(&a).is_none() {
            return Err(ApiError::validation(
                "allowedIps",
                format!("{a:?} is not an address or CIDR (203.0.113.0/24)"),
            ));
        }
        if !allowed.contains(&a) {
            allowed.push(a);
        }
    }
    Ok(allowed)
}

/// A CIDR (`203.0.113.0/24`, `2001:db8::/32`) or a single address.
fn parse_cidr(text: &str) -> Option<(IpAddr, u8)> {
    let (ip, bits) = match text.split_once('/') {
        Some((ip, bits)) => (ip.parse::<IpAddr>().ok()?, bits.parse::<u8>().ok()?),
        None => {
            let ip = text.parse::<IpAddr>().ok()?;
            (ip, if ip.is_ipv4() { 32 } else { 128 })
        }
    };
    let max = if ip.is_ipv4() { 32 } else { 128 };
    (bits <= max).then_some((ip, bits))
}

fn cidr_contains(cidr: &str, address: IpAddr) -> bool {
    let Some((net, bits)) = parse_cidr(cidr) else {
        return false;
    };
    let address = match (net, address) {
        (IpAddr::V4(_), IpAddr::V6(v6)) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        _ => address,
    };
    match (net, address) {
        (IpAddr::V4(n), IpAddr::V4(a)) => {
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            u32::from(n) & mask == u32::from(a) & mask
        }
        (IpAddr::V6(n), IpAddr::V6(a)) => {
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - bits)
            };
            u128::from(n) & mask == u128::from(a) & mask
        }
        _ => false,
    }
}

/// The key of an `Authorization: Bearer` header, if it is one of ours.
pub fn bearer_key(headers: &axum::http::HeaderMap) -> Option<Result<&str, ()>> {
    let value = headers.get(axum::http::header::AUTHORIZATION)?;
    let text = value.to_str().ok()?;
    let (scheme, token) = text.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let token = token.trim();
    let well_formed = token.strip_prefix(PREFIX).is_some_and(|rest| {
        rest.len() == RANDOM_CHARS && rest.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    Some(if well_formed { Ok(token) } else { Err(()) })
}

/// The account a key authenticates for this request, or why not.
pub async fn authenticate(
    app: &AppState,
    key: &str,
    method: &Method,
    path: &str,
    peer: Option<SocketAddr>,
) -> ApiResult<(AccountId, i64)> {
    let invalid = || ApiError::unauthorized("The API key is not valid");
    let row = app
        .store
        .api_key_by_digest(&domain::password::token_digest(key))
        .await?
        .ok_or_else(invalid)?;
    let now = domain::now_ms();
    if row.revoked_at.is_some() {
        return Err(ApiError::unauthorized("The API key was revoked"));
    }
    if row.expires_at.is_some_and(|e| e <= now) {
        return Err(ApiError::unauthorized("The API key has expired"));
    }
    let allowed: Vec<String> = serde_json::from_str(&row.allowed_ips).unwrap_or_default();
    let address = peer.map(|p| p.ip());
    if !allowed.is_empty() && !address.is_some_and(|a| address_allowed(&allowed, a)) {
        return Err(ApiError::forbidden(
            "The API key may not be used from this address",
        ));
    }
    let account_allowed = app.store.account_allowlist(AccountId(row.user_id)).await?;
    if !crate::auth::address_ok(&account_allowed, peer) {
        return Err(crate::auth::address_refusal());
    }
    let family = family_of(path).ok_or_else(|| {
        ApiError::forbidden(
            "API keys cannot be used here: sign in to manage sign-in, settings and keys",
        )
    })?;
    let scopes: Vec<String> = serde_json::from_str(&row.scopes).unwrap_or_default();
    if !allows(&scopes, family, method) {
        let level = if matches!(*method, Method::GET | Method::HEAD) {
            "read"
        } else {
            "write"
        };
        return Err(ApiError::forbidden(format!(
            "The API key lacks the {family}:{level} scope"
        )));
    }
    if row.last_used_at.is_none_or(|t| now - t >= TOUCH_EVERY_MS) {
        let (store, id) = (app.store.clone(), row.id);
        let ip = address.map(|a| a.to_string()).unwrap_or_default();
        tokio::spawn(async move {
            if let Err(e) = store.touch_api_key(id, now, &ip).await {
                tracing::warn!(error = %e, "could not note an API key's use");
            }
        });
    }
    Ok((AccountId(row.user_id), row.id))
}

/// A key to make.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyIn {
    /// 1-100 characters.
    pub name: String,
    /// `family:read` or `family:write` (see `GET /api/settings/api-keys/scopes`); at least one.
    #[schema(example = json!(["calls:read", "conversions:write"]))]
    pub scopes: Vec<String>,
    /// Addresses or CIDRs the key may be used from (absent or empty: any), at most 20.
    pub allowed_ips: Option<Vec<String>>,
    /// When the key stops working (RFC 3339, in the future); absent: never.
    pub expires_at: Option<String>,
}

/// A key as shown: never the key itself.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyOut {
    pub id: i64,
    pub name: String,
    /// The key's first characters, to recognise it.
    #[schema(example = "cc_live_aB3d")]
    pub prefix: String,
    pub scopes: Vec<String>,
    pub allowed_ips: Vec<String>,
    pub expires_at: Option<String>,
    pub last_used_at: Option<String>,
    pub last_used_ip: Option<String>,
    pub created_at: String,
    pub revoked_at: Option<String>,
    /// active, expired or revoked.
    pub status: String,
}

/// A key just made: the key in full, this once.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyCreatedOut {
    #[serde(flatten)]
    pub api_key: ApiKeyOut,
    /// `cc_live_…`: keep it; it is not shown again.
    pub key: String,
}

/// A scope family.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScopeFamilyOut {
    pub family: String,
    pub description: String,
    /// `family:read`, `family:write`.
    pub scopes: Vec<String>,
}

fn strings(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

fn key_out(row: ApiKeyRow) -> ApiKeyOut {
    let now = domain::now_ms();
    let status = if row.revoked_at.is_some() {
        "revoked"
    } else if row.expires_at.is_some_and(|e| e <= now) {
        "expired"
    } else {
        "active"
    };
    ApiKeyOut {
        id: row.id,
        name: row.name,
        prefix: row.prefix,
        scopes: strings(&row.scopes),
        allowed_ips: strings(&row.allowed_ips),
        expires_at: row.expires_at.map(rfc3339),
        last_used_at: row.last_used_at.map(rfc3339),
        last_used_ip: row.last_used_ip.filter(|a| !a.is_empty()),
        created_at: rfc3339(row.created_at),
        revoked_at: row.revoked_at.map(rfc3339),
        status: status.into(),
    }
}

/// Keys are managed with a session, never with a key.
fn session_only(user: &CurrentUser) -> ApiResult<()> {
    if user.api_key.is_some() {
        return Err(ApiError::forbidden(
            "API keys cannot manage API keys: sign in",
        ));
    }
    Ok(())
}

/// The scopes a key may have.
#[utoipa::path(get, path = "/api/settings/api-keys/scopes", tag = "settings",
    responses((status = 200, body = Vec<ScopeFamilyOut>), (status = 401, body = ErrorEnvelope)))]
pub(crate) async fn list_api_key_scopes(_user: CurrentUser) -> Json<Vec<ScopeFamilyOut>> {
    Json(
        FAMILIES
            .iter()
            .map(|(family, _, description)| ScopeFamilyOut {
                family: (*family).into(),
                description: (*description).into(),
                scopes: vec![format!("{family}:read"), format!("{family}:write")],
            })
            .collect(),
    )
}

/// The account's API keys, newest first (revoked ones too).
#[utoipa::path(get, path = "/api/settings/api-keys", tag = "settings",
    responses((status = 200, body = Vec<ApiKeyOut>), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope)))]
pub(crate) async fn list_api_keys(
    State(app): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<ApiKeyOut>>> {
    session_only(&user)?;
    let rows = app.store.list_api_keys(user.account).await?;
    Ok(Json(rows.into_iter().map(key_out).collect()))
}

/// Make a key; the answer holds it in full, the only time it is shown.
#[utoipa::path(post, path = "/api/settings/api-keys", tag = "settings", request_body = ApiKeyIn,
    responses((status = 201, body = ApiKeyCreatedOut), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "The account has 50 active keys"),
        (status = 422, body = ErrorEnvelope)))]
pub(crate) async fn create_api_key(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<ApiKeyIn>,
) -> ApiResult<(StatusCode, Json<ApiKeyCreatedOut>)> {
    session_only(&user)?;
    let name = domain::validate::text(&input.name, 100, true)
        .map_err(|r| ApiError::validation("name", r))?;
    let mut scopes: Vec<String> = Vec::new();
    for s in &input.scopes {
        let s = s.trim().to_string();
        let known = s.split_once(':').is_some_and(|(f, level)| {
            FAMILIES.iter().any(|(name, _, _)| *name == f) && (level == "read" || level == "write")
        });
        if !known {
            return Err(ApiError::validation(
                "scopes",
                format!("{s:?} is not a scope (family:read or family:write)"),
            ));
        }
        if !scopes.contains(&s) {
            scopes.push(s);
        }
    }
    if scopes.is_empty() {
        return Err(ApiError::validation("scopes", "choose at least one scope"));
    }
    let allowed_ips = parse_allowlist(input.allowed_ips.unwrap_or_default())?;
    let now = domain::now_ms();
    let expires_at = match input
        .expires_at
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        None => None,
        Some(e) => {
            let at = e
                .parse::<jiff::Timestamp>()
                .map_err(|_| ApiError::validation("expiresAt", "must be an RFC 3339 time"))?
                .as_millisecond();
            if at <= now {
                return Err(ApiError::validation("expiresAt", "must be in the future"));
            }
            Some(at)
        }
    };
    let live = app
        .store
        .list_api_keys(user.account)
        .await?
        .iter()
        .filter(|k| k.revoked_at.is_none())
        .count();
    if live >= MAX_KEYS {
        return Err(ApiError::conflict(
            "name",
            format!("an account has at most {MAX_KEYS} active keys: revoke one first"),
        ));
    }
    let random: String = rand::thread_rng()
        .sample_iter(&rand::distributions::Alphanumeric)
        .take(RANDOM_CHARS)
        .map(char::from)
        .collect();
    let key = format!("{PREFIX}{random}");
    let prefix: String = key.chars().take(PREFIX.len() + 4).collect();
    let json = |v: &Vec<String>| serde_json::to_string(v).map_err(ApiError::internal);
    let row = app
        .store
        .create_api_key(
            user.account,
            &NewApiKey {
                name: &name,
                prefix: &prefix,
                digest: &domain::password::token_digest(&key),
                scopes: &json(&scopes)?,
                allowed_ips: &json(&allowed_ips)?,
                expires_at,
            },
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(ApiKeyCreatedOut {
            api_key: key_out(row),
            key,
        }),
    ))
}

/// Revoke a key: it stops working at once.
#[utoipa::path(delete, path = "/api/settings/api-keys/{id}", tag = "settings",
    params(("id" = i64, Path, description = "API key id")),
    responses((status = 200, body = ApiKeyOut), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(crate) async fn revoke_api_key(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ApiKeyOut>> {
    session_only(&user)?;
    let row = match app.store.revoke_api_key(user.account, id).await {
        Err(store::StoreError::NotFound) => return Err(ApiError::not_found("No such API key")),
        other => other?,
    };
    Ok(Json(key_out(row)))
}

pub fn router() -> utoipa_axum::router::OpenApiRouter<AppState> {
    use utoipa_axum::routes;
    utoipa_axum::router::OpenApiRouter::new()
        .routes(routes!(list_api_key_scopes))
        .routes(routes!(list_api_keys, create_api_key))
        .routes(routes!(revoke_api_key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_and_families() {
        let s = vec!["calls:read".to_string(), "campaigns:write".to_string()];
        assert!(allows(&s, "calls", &Method::GET));
        assert!(!allows(&s, "calls", &Method::POST));
        assert!(allows(&s, "campaigns", &Method::DELETE));
        assert!(allows(&s, "campaigns", &Method::GET));
        assert!(!allows(&s, "buyers", &Method::GET));
        assert_eq!(family_of("/api/phone-numbers/5"), Some("numbers"));
        assert_eq!(family_of("/api/calls/export.csv"), Some("calls"));
        assert_eq!(family_of("/api/settings/api-keys"), None);
        assert_eq!(family_of("/api/auth/me"), None);
        assert_eq!(family_of("/apix/calls"), None);
    }

    #[test]
    fn cidrs() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let list = vec![
            "203.0.113.0/24".to_string(),
            "2001:db8::/32".to_string(),
            "198.51.100.7".to_string(),
        ];
        assert!(address_allowed(&list, ip("203.0.113.200")));
        assert!(!address_allowed(&list, ip("203.0.114.1")));
        assert!(address_allowed(&list, ip("2001:db8:1::5")));
        assert!(address_allowed(&list, ip("198.51.100.7")));
        assert!(!address_allowed(&list, ip("198.51.100.8")));
        assert!(address_allowed(&list, ip("::ffff:203.0.113.9")));
        assert!(address_allowed(&[], ip("10.0.0.1")));
        assert!(address_allowed(&["0.0.0.0/0".to_string()], ip("8.8.8.8")));
        for bad in ["", "1.2.3.4/33", "nope", "1.2.3/8", "::/129"] {
            assert!(parse_cidr(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn bearer_headers() {
        let mut h = axum::http::HeaderMap::new();
        assert!(bearer_key(&h).is_none());
        let good = format!("{PREFIX}{}", "a".repeat(RANDOM_CHARS));
        h.insert("authorization", format!("Bearer {good}").parse().unwrap());
        assert_eq!(bearer_key(&h), Some(Ok(good.as_str())));
        h.insert("authorization", "Bearer cc_live_short".parse().unwrap());
        assert_eq!(bearer_key(&h), Some(Err(())));
        h.insert("authorization", "Basic dXNlcjpwYXNz".parse().unwrap());
        assert!(bearer_key(&h).is_none());
    }
}
