//! The session cookie and the [`CurrentUser`] extractor. The cookie holds a
//! random token; the database holds its digest (see `store::sessions`).
//! An `Authorization: Bearer cc_live_…` API key stands in for a session
//! within its scopes (see [`crate::api_keys`]); it wins over a cookie.

use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use domain::AccountId;

use crate::AppState;
use crate::error::ApiError;

pub const COOKIE_NAME: &str = "ccp_session";

/// The logged-in user of this request. Every handler that touches customer
/// data takes one, and passes `account` to the store.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub account: AccountId,
    /// Digest of the session token (what logout deletes); empty for an
    /// API key.
    pub session_digest: String,
    /// The API key that authenticated the request, if one did.
    pub api_key: Option<i64>,
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(key) = crate::api_keys::bearer_key(&parts.headers) {
            let key = key.map_err(|()| ApiError::unauthorized("The API key is not valid"))?;
            let path = parts
                .extensions
                .get::<axum::extract::OriginalUri>()
                .map_or_else(|| parts.uri.path().to_string(), |u| u.path().to_string());
            let peer = parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0);
            let (account, id) =
                crate::api_keys::authenticate(state, key, &parts.method, &path, peer).await?;
            return Ok(CurrentUser {
                account,
                session_digest: String::new(),
                api_key: Some(id),
            });
        }
        let token = session_token(&parts.headers)
            .ok_or_else(|| ApiError::unauthorized("Authentication required"))?;
        let digest = domain::password::token_digest(token);
        let session = state
            .store
            .live_session(&digest, state.settings.session)
            .await?
            .ok_or_else(|| {
                ApiError::unauthorized("Your session has expired; please sign in again")
            })?;
        Ok(CurrentUser {
            account: session.account(),
            session_digest: digest,
            api_key: None,
        })
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
