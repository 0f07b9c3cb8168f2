//! Defence in depth on every answer and every request:
//!
//! - response headers: a strict Content-Security-Policy that the built web
//!   app and `/api/docs` satisfy, `X-Content-Type-Options: nosniff`,
//!   framing refused (`frame-ancestors 'none'`, `X-Frame-Options: DENY`),
//!   `Referrer-Policy`, `Cache-Control: no-store` on the API's answers, and
//!   HSTS when the public URL is https;
//! - requests that change something and carry the session cookie must come
//!   from our own pages: a cross-site `Origin` or `Sec-Fetch-Site` is
//!   refused (403) before any handler runs, body-less POSTs included;
//! - a client's `x-request-id` is kept only when it is short and plain,
//!   otherwise a new one is made (it goes into every log line);
//! - an answer given before the request's body was read (413, or a
//!   refusal of a request that came with a body) says `Connection: close`:
//!   the connection is not reused, and the client is told so.
//!
//! Carrier webhooks carry no cookie and are signed; they pass untouched
//! but for the headers.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::error::ApiError;

/// What pages may load: only our own scripts, styles (inline styles too:
/// charts and the API docs set them), images and data URIs, our own API.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; \
    base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The longest client request id kept.
const MAX_REQUEST_ID: usize = 64;

/// Before the request id is made: a client's id that is not short and
/// plain is dropped, so that a new one is made.
pub async fn plain_request_id(mut req: Request) -> Request {
    drop_unplain_request_id(req.headers_mut());
    req
}

/// The guard of the API, the web app and the operations endpoints (not of
/// the carrier webhooks): cross-site changes refused, headers added.
pub async fn guard(State(app): State<AppState>, req: Request, next: Next) -> Response {
    if let Some(refused) = cross_site(&req) {
        let mut response = refused.into_response();
        add_headers(&app, "/api/", response.headers_mut());
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return response;
    }
    let path = req.uri().path().to_string();
    let has_body = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|n| n != "0")
        || req.headers().contains_key(header::TRANSFER_ENCODING);
    let mut response = next.run(req).await;
    add_headers(&app, &path, response.headers_mut());
    let early = response.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE
        || has_body
            && matches!(
                response.status(),
                axum::http::StatusCode::UNAUTHORIZED
                    | axum::http::StatusCode::FORBIDDEN
                    | axum::http::StatusCode::METHOD_NOT_ALLOWED
                    | axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE
            );
    if early {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Remove a client's `x-request-id` that is long or not plain text (a new
/// one is made for the request).
fn drop_unplain_request_id(headers: &mut HeaderMap) {
    let plain = headers.get("x-request-id").map(|v| {
        let b = v.as_bytes();
        !b.is_empty()
            && b.len() <= MAX_REQUEST_ID
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b':'))
    });
    if plain == Some(false) {
        headers.remove("x-request-id");
    }
}

/// A request that would change something with the session cookie from
/// another site: refused.
fn cross_site(req: &Request) -> Option<ApiError> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return None;
    }
    let headers = req.headers();
    // Carrier webhooks are signed; the public DNI track endpoint never
    // reads the cookie.
    let path = req.uri().path();
    if !headers.contains_key(header::COOKIE)
        || path.starts_with("/api/webhooks/")
        || path == "/api/dni/track"
    {
        return None;
    }
    let fetch_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let foreign_origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|origin| {
            let authority = origin
                .split_once("://")
                .map_or(origin, |(_, rest)| rest)
                .trim_end_matches('/');
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            authority != host
        });
    (fetch_site == "cross-site" || foreign_origin)
        .then(|| ApiError::forbidden("Requests from another site are refused"))
}

/// CORS for the API, when origins are configured: their pages may call it
/// with an API key (never with the session cookie: credentials are not
/// allowed across origins).
pub fn cors(origins: &[String]) -> Option<tower_http::cors::CorsLayer> {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PUT,
                Method::PATCH,
                Method::DELETE,
            ])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::HeaderName::from_static("idempotency-key"),
                header::HeaderName::from_static("x-postback-token"),
            ])
            .expose_headers([
                header::HeaderName::from_static("x-total-count"),
                header::HeaderName::from_static("ratelimit-limit"),
                header::HeaderName::from_static("ratelimit-remaining"),
                header::HeaderName::from_static("ratelimit-reset"),
                header::RETRY_AFTER,
            ])
            .max_age(std::time::Duration::from_secs(600)),
    )
}

fn add_headers(app: &AppState, path: &str, headers: &mut HeaderMap) {
    let set = |headers: &mut HeaderMap, name: &'static str, value: &'static str| {
        if !headers.contains_key(name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    set(headers, "content-security-policy", CSP);
    set(headers, "x-content-type-options", "nosniff");
    set(headers, "x-frame-options", "DENY");
    set(
        headers,
        "referrer-policy",
        "strict-origin-when-cross-origin",
    );
    if path.starts_with("/api/") && !path.starts_with("/api/docs") {
        set(headers, "cache-control", "no-store");
    }
    if app.settings.public_url.starts_with("https://") {
        set(headers, "strict-transport-security", "max-age=31536000");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_plain_request_ids_are_kept() {
        let mut h = HeaderMap::new();
        h.insert("x-request-id", HeaderValue::from_static("abc-123_x.y:z"));
        drop_unplain_request_id(&mut h);
        assert!(h.contains_key("x-request-id"));
        for bad in ["a b", "<script>", "", "\u{e9}"] {
            let mut h = HeaderMap::new();
            if let Ok(v) = HeaderValue::from_str(bad) {
                h.insert("x-request-id", v);
            } else {
                h.insert(
                    "x-request-id",
                    HeaderValue::from_bytes(bad.as_bytes())
                        .unwrap_or(HeaderValue::from_static("x y")),
                );
            }
            drop_unplain_request_id(&mut h);
            assert!(!h.contains_key("x-request-id"), "{bad:?}");
        }
        let mut h = HeaderMap::new();
        h.insert(
            "x-request-id",
            HeaderValue::from_str(&"a".repeat(65)).unwrap_or(HeaderValue::from_static("x y")),
        );
        drop_unplain_request_id(&mut h);
        assert!(!h.contains_key("x-request-id"));
    }
}
