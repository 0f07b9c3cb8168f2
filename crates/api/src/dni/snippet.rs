//! The website snippet: `/dni.js`, one small dependency-free script
//! served by this server, and the one line that installs it. The script
//! is versioned by its content: the line names the version, so that a new
//! release is fetched at once while browsers cache each version.

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The script.
pub const SCRIPT: &str = include_str!("dni.js");

/// A short version of the script: the first 8 hex digits of its SHA-256.
pub fn version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| {
        use sha2::Digest as _;
        hex::encode(&sha2::Sha256::digest(SCRIPT.as_bytes())[..4])
    })
}

/// The line to paste into a website's pages for tag `code` (a code is
/// letters, digits, `_` and `-` only, so it needs no escaping).
pub fn js_code(public_url: &str, code: &str, consent_mode: bool) -> String {
    let consent = if consent_mode {
        r#" data-consent="required""#
    } else {
        ""
    };
    format!(
        r#"<script async src="{public_url}/dni.js?v={}" data-tag="{code}"{consent}></script>"#,
        version()
    )
}

/// `GET /dni.js`: the script, cacheable for a day (a week when the
/// request names the current version), loadable from any site.
pub async fn serve(uri: axum::http::Uri, request: HeaderMap) -> Response {
    let etag = format!("\"{}\"", version());
    if request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag)
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    let current = uri.query().is_some_and(|q| q == format!("v={}", version()));
    let cache = if current {
        "public, max-age=604800, immutable"
    } else {
        "public, max-age=86400"
    };
    (
        [
            (
                header::CONTENT_TYPE,
                "text/javascript; charset=utf-8".to_string(),
            ),
            (header::CACHE_CONTROL, cache.to_string()),
            (header::ETAG, etag),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*".to_string()),
            (
                header::HeaderName::from_static("cross-origin-resource-policy"),
                "cross-origin".to_string(),
            ),
        ],
        SCRIPT,
    )
        .into_response()
}
