//! The session cookie and the [`CurrentUser`] extractor. The cookie holds a
//! random token; the database holds its digest (see `store::sessions`).
//! An `Authorization: Bearer cc_live_…` API key stands in for a session
//! within its scopes (see [`crate::api_keys`]); it wins over a cookie.

use std::net::SocketAddr;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::{AccountId, Role};

use crate::AppState;
use crate::error::ApiError;

pub const COOKIE_NAME: &str = "ccp_session";

/// The signed-in member (or API key) of this request. Every handler that
/// touches customer data takes one, and passes `account` to the store.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub account: AccountId,
    /// Digest of the session token (what logout deletes); empty for an
    /// API key.
    pub session_digest: String,
    /// The API key that authenticated the request, if one did.
    pub api_key: Option<i64>,
    /// The member signed in (`None` for an API key).
    pub user_id: Option<i64>,
    /// The member's role (`None` for an API key: its scopes apply).
    pub role: Option<Role>,
    /// The account requires two-factor sign-in and the member has not set
    /// it up: only that set-up (and signing out) is open to them.
    pub two_factor_missing: bool,
}

impl CurrentUser {
    /// The signed-in member's user id, or a 403 for an API key (which acts
    /// for the account, not for a person).
    pub fn member(&self) -> Result<i64, ApiError> {
        self.user_id
            .ok_or_else(|| ApiError::forbidden("This needs a signed-in member, not an API key"))
    }

    /// A 403 unless the member's role is at least `least` (API keys pass:
    /// their scopes were checked).
    pub fn require(&self, least: Role) -> Result<(), ApiError> {
        match self.role {
            Some(role) if !role.at_least(least) => Err(role_refusal(role, least)),
            _ => Ok(()),
        }
    }
}

fn role_refusal(role: Role, least: Role) -> ApiError {
    ApiError::forbidden(format!(
        "Your role ({}) cannot do this: it takes {} or higher",
        role.as_str(),
        least.as_str()
    ))
    .with_details(serde_json::json!({ "role": role.as_str(), "required": least.as_str() }))
}

/// A request's credentials, read once by [`authenticate`] and handed to
/// the extractor.
#[derive(Clone)]
struct Resolved(Result<CurrentUser, ApiError>);

/// The member or key [`authenticate`] found for a request, if any.
pub fn resolved(extensions: &axum::http::Extensions) -> Option<CurrentUser> {
    match extensions.get::<Resolved>() {
        Some(Resolved(Ok(user))) => Some(user.clone()),
        _ => None,
    }
}

/// Middleware on the API's routes: reads the session or API key, refuses
/// what the member's role may not do (before the handler reads anything
/// else, so a refusal never depends on the body), and keeps the result
/// for [`CurrentUser`].
pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let path = req.uri().path().to_string();
    // The public track endpoint has limits of its own, per address and tag.
    let limited = path != "/api/dni/track";
    let mut quota = None;
    if limited && let Some(peer) = peer {
        match state.api_limits.take(
            &format!("a:{}", peer.ip()),
            state.settings.api_requests_per_address_minute,
        ) {
            Ok((left, reset)) => {
                quota = Some((state.settings.api_requests_per_address_minute, left, reset));
            }
            Err(retry) => return over_limit(state.settings.api_requests_per_address_minute, retry),
        }
    }
    let outcome = resolve(&state, req.method(), &path, req.headers(), peer).await;
    if let Some(outcome) = outcome {
        if limited && let Ok(user) = &outcome {
            let who = match (user.api_key, user.user_id) {
                (Some(key), _) => format!("k:{key}"),
                (None, Some(id)) => format!("u:{id}"),
                (None, None) => format!("acct:{}", user.account.0),
            };
            let max = state.settings.api_requests_per_minute;
            match state.api_limits.take(&who, max) {
                Ok((left, reset)) => quota = Some((max, left, reset)),
                Err(retry) => return over_limit(max, retry),
            }
        }
        if let Err(e) = check_role(&outcome, req.method(), &path) {
            return with_quota(e.into_response(), quota);
        }
        req.extensions_mut().insert(Resolved(outcome));
    }
    with_quota(next.run(req).await, quota)
}

/// 429: the limit, nothing left, and when to come back.
fn over_limit(max: u32, retry: u64) -> Response {
    let mut e = ApiError::rate_limited(retry);
    e.message = "API rate limit exceeded".into();
    with_quota(e.into_response(), Some((max, 0, retry)))
}

/// The rate-limit headers: `RateLimit-*` (reset in seconds) and the
/// `X-RateLimit-*` of the spec (reset as a Unix time).
fn with_quota(mut response: Response, quota: Option<(u32, u32, u64)>) -> Response {
    let Some((limit, left, reset)) = quota else {
        return response;
    };
    let epoch = u64::try_from(domain::now_ms() / 1000).unwrap_or_default() + reset;
    let headers = response.headers_mut();
    for (name, value) in [
        ("ratelimit-limit", u64::from(limit)),
        ("ratelimit-remaining", u64::from(left)),
        ("ratelimit-reset", reset),
        ("x-ratelimit-limit", u64::from(limit)),
        ("x-ratelimit-remaining", u64::from(left)),
        ("x-ratelimit-reset", epoch),
    ] {
        headers.insert(name, HeaderValue::from(value));
    }
    response
}

/// Whether `peer` is inside an account's allowlist (JSON CIDRs; empty:
/// any address).
pub fn address_ok(allowed_json: &str, peer: Option<SocketAddr>) -> bool {
    let allowed: Vec<String> = serde_json::from_str(allowed_json).unwrap_or_default();
    allowed.is_empty() || peer.is_some_and(|p| crate::api_keys::address_allowed(&allowed, p.ip()))
}

/// The answer to a request from outside the account's allowlist.
pub fn address_refusal() -> ApiError {
    ApiError::forbidden("Your account does not allow access from this address")
        .with_code("ADDRESS_NOT_ALLOWED")
}

fn check_role(
    outcome: &Result<CurrentUser, ApiError>,
    method: &Method,
    path: &str,
) -> Result<(), ApiError> {
    match outcome {
        Ok(CurrentUser {
            two_factor_missing: true,
            ..
        }) if !crate::roles::open_before_two_factor(method, path) => Err(ApiError::forbidden(
            "Your account requires two-factor sign-in: set it up in Settings, Security",
        )
        .with_code("TWO_FACTOR_SETUP_REQUIRED")),
        Ok(CurrentUser {
            role: Some(role), ..
        }) => match crate::roles::required(method, path) {
            Some(least) if !role.at_least(least) => Err(role_refusal(*role, least)),
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Who the request's credentials name: `None` without any.
async fn resolve(
    state: &AppState,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
) -> Option<Result<CurrentUser, ApiError>> {
    if let Some(key) = crate::api_keys::bearer_key(headers) {
        let Ok(key) = key else {
            return Some(Err(ApiError::unauthorized("The API key is not valid")));
        };
        return Some(
            crate::api_keys::authenticate(state, key, method, path, peer)
                .await
                .map(|(account, id)| CurrentUser {
                    account,
                    session_digest: String::new(),
                    api_key: Some(id),
                    user_id: None,
                    role: None,
                    two_factor_missing: false,
                }),
        );
    }
    let token = session_token(headers)?;
    let digest = domain::password::token_digest(token);
    Some(
        match state
            .store
            .live_session(&digest, state.settings.session)
            .await
        {
            Ok(Some(session)) if !address_ok(&session.allowed_ips, peer) => Err(address_refusal()),
            Ok(Some(session)) => Ok(CurrentUser {
                account: session.account(),
                user_id: Some(session.user_id),
                role: Some(session.role()),
                two_factor_missing: session.two_factor_missing,
                session_digest: digest,
                api_key: None,
            }),
            Ok(None) => Err(ApiError::unauthorized(
                "Your session has expired; please sign in again",
            )),
            Err(e) => Err(e.into()),
        },
    )
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let outcome = match parts.extensions.get::<Resolved>() {
            Some(Resolved(outcome)) => Some(outcome.clone()),
            // A route outside the API's middleware: read and check here.
            None => {
                let path = parts
                    .extensions
                    .get::<axum::extract::OriginalUri>()
                    .map_or_else(|| parts.uri.path().to_string(), |u| u.path().to_string());
                let peer = parts
                    .extensions
                    .get::<axum::extract::ConnectInfo<SocketAddr>>()
                    .map(|c| c.0);
                let outcome = resolve(state, &parts.method, &path, &parts.headers, peer).await;
                if let Some(outcome) = &outcome {
                    check_role(outcome, &parts.method, &path)?;
                }
                outcome
            }
        };
        outcome.unwrap_or_else(|| Err(ApiError::unauthorized("Authentication required")))
    }
}

/// `Option<CurrentUser>`: `None` without a live session (no cookie, or an
/// expired one), for endpoints that also take other credentials.
impl axum::extract::OptionalFromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, ApiError> {
        if session_token(&parts.headers).is_none()
            && crate::api_keys::bearer_key(&parts.headers).is_none()
        {
            return Ok(None);
        }
        match <CurrentUser as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(user) => Ok(Some(user)),
            Err(e) if e.status == axum::http::StatusCode::UNAUTHORIZED => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The session token from the `Cookie` header(s), if any and well-formed.
pub fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The `Set-Cookie` header that starts a session.
pub fn set_cookie(
    token: &str,
    max_age_secs: i64,
    secure: bool,
) -> (axum::http::HeaderName, HeaderValue) {
    cookie_header(token, max_age_secs, secure)
}

/// The `Set-Cookie` header that removes the session cookie.
pub fn clear_cookie(secure: bool) -> (axum::http::HeaderName, HeaderValue) {
    cookie_header("", 0, secure)
}

fn cookie_header(value: &str, max_age: i64, secure: bool) -> (axum::http::HeaderName, HeaderValue) {
    let secure = if secure { "; Secure" } else { "" };
    let text =
        format!("{COOKIE_NAME}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
    // The value is hex and the rest is fixed text, so this cannot fail.
    let header = HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""));
    (SET_COOKIE, header)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_token_among_other_cookies() {
        let token = "a".repeat(64);
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_str(&format!("x=1; {COOKIE_NAME}={token}; y=2")).unwrap(),
        );
        assert_eq!(session_token(&h), Some(token.as_str()));
    }

    #[test]
    fn rejects_malformed_tokens() {
        let mut h = HeaderMap::new();
        h.insert(
            COOKIE,
            HeaderValue::from_static("ccp_session=../../etc/passwd"),
        );
        assert_eq!(session_token(&h), None);
    }

    #[test]
    fn cookie_is_httponly_lax_and_secure_when_asked() {
        let (_, v) = set_cookie(&"b".repeat(64), 60, true);
        let v = v.to_str().unwrap();
        assert!(v.contains("HttpOnly") && v.contains("SameSite=Lax") && v.contains("Secure"));
        let (_, v) = set_cookie(&"b".repeat(64), 60, false);
        assert!(!v.to_str().unwrap().contains("Secure"));
    }
}
