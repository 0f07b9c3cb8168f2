//! `POST /api/dni/track`: the public endpoint the snippet calls on every
//! page view and every minute after. No login: the tag code names the
//! account. Only pages of the tag's domains may call it (CORS and a check
//! of `Origin`), each client address and each tag is rate-limited, the
//! body is small and checked. The answer is the number to show: the
//! session's leased pool number (kept while the visitor stays), the
//! tag's static number, or the fallback when the pool is exhausted or the
//! visitor is a known bot.
//!
//! The body may be sent as `text/plain` (the snippet does, so that the
//! browser sends no preflight) or `application/json`.

use std::net::SocketAddr;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::dni::{NumberSource, Visit};
use serde::{Deserialize, Serialize};
use store::dni::{LiveTag, VisitRow};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::{ApiError, ErrorEnvelope};
use crate::stats::rfc3339;

/// The largest body accepted.
const MAX_BODY: usize = 8 * 1024;
/// How long a number rests after its lease before another session gets it.
const COOLDOWN_MS: i64 = 5 * 60_000;
/// How often the snippet renews its lease while the page is visible.
const HEARTBEAT_SECS: u64 = 60;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(track, preflight))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

/// A page view (or a heartbeat) of a visitor.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrackIn {
    #[schema(example = "landing_page_v2")]
    pub tag_code: String,
    /// The snippet's session id: letters, digits, `_`, `-` and `.`, 1-100.
    #[schema(example = "dni_1725456789_abc123")]
    pub session_id: String,
    /// The visitor's id across sessions (same characters).
    pub visitor_id: Option<String>,
    /// The browser's Google Analytics client id (`1234567890.1700000000`,
    /// from the `_ga` cookie), for GA4 events of the visit's calls.
    /// Anything else is ignored.
    pub ga_client_id: Option<String>,
    pub referrer: Option<String>,
    /// The page's URL.
    pub url: Option<String>,
    /// Read when the request has no `User-Agent` header.
    pub user_agent: Option<String>,
    /// Ignored (the server's clock counts).
    #[allow(dead_code)]
    pub timestamp: Option<String>,
    /// `utm_source`, `utm_medium`, `utm_campaign`, `utm_term`,
    /// `utm_content` and the click ids `gclid`, `gbraid`, `wbraid`,
    /// `fbclid`, `msclkid`.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub utm_params: serde_json::Map<String, serde_json::Value>,
    /// A heartbeat keeps the lease without counting a page view.
    #[serde(default)]
    pub heartbeat: bool,
}

/// The number to show.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrackOut {
    pub success: bool,
    /// E.164; null when the page keeps its own number.
    pub phone_number: Option<String>,
    /// In the tag's display format.
    pub formatted_number: Option<String>,
    /// Whether the visit was recorded as a session.
    pub session_tracked: bool,
    pub session_id: String,
    /// When the number goes back to the pool unless the visitor stays.
    pub lease_until: Option<String>,
    /// Why the visitor sees the fallback or the page's own number.
    pub reason: Option<String>,
    /// What the snippet swaps.
    pub selectors: String,
    pub swap_numbers: Vec<String>,
    pub session_minutes: i64,
    pub heartbeat_secs: u64,
}

/// Record a visit to a tagged page and get the number to show.
#[utoipa::path(post, path = "/api/dni/track", tag = "dni", request_body = TrackIn,
    responses(
        (status = 200, body = TrackOut),
        (status = 400, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope, description = "The page's origin is not one of the tag's domains"),
        (status = 404, body = ErrorEnvelope, description = "No active tag has this code"),
        (status = 413, body = ErrorEnvelope),
        (status = 415, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope),
        (status = 429, body = ErrorEnvelope),
    ))]
async fn track(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let answer = answer(&app, peer, &headers, origin.as_deref(), body).await;
    let mut response = match answer {
        Ok(out) => Json(out).into_response(),
        Err(e) => e.into_response(),
    };
    // Any page may read the answer of an allowed request; a refused
    // origin got a 403 before this.
    if let Some(o) = origin.and_then(|o| HeaderValue::from_str(&o).ok()) {
        let h = response.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, o);
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}

/// The CORS preflight of pages that send the track as
/// `application/json`.
#[utoipa::path(options, path = "/api/dni/track", tag = "dni",
    responses((status = 204, description = "The request may be sent")))]
async fn preflight(headers: HeaderMap) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let h = response.headers_mut();
    if let Some(o) = headers.get(header::ORIGIN) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, o.clone());
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("content-type"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
    response
}

async fn answer(
    app: &AppState,
    peer: SocketAddr,
    headers: &HeaderMap,
    origin: Option<&str>,
    body: Result<Bytes, BytesRejection>,
) -> Result<TrackOut, ApiError> {
    let address = peer.ip();
    app.dni_limits
        .hit(&format!("a:{address}"), app.settings.dni_tracks_per_address)
        .map_err(ApiError::rate_limited)?;
    let input = parse(headers, body)?;
    let tag_code = input.tag_code.trim();
    if tag_code.is_empty() || tag_code.len() > 100 {
        return Err(ApiError::validation("tagCode", "must be 1-100 characters"));
    }
    let session_id = plain_id("sessionId", &input.session_id)?
        .ok_or_else(|| ApiError::validation("sessionId", "is required"))?;
    let visitor_id = match input.visitor_id.as_deref() {
        Some(v) => plain_id("visitorId", v)?,
        None => None,
    };
    let cached = app
        .dni_cache
        .tag(&app.store, tag_code)
        .await?
        .ok_or_else(|| ApiError::not_found("No active tracking tag has this code"))?;
    let (tag, settings) = (&cached.tag, &cached.settings);
    if !settings.allows_origin(origin) {
        return Err(ApiError::forbidden(
            "This page's site is not one of the tag's allowed domains",
        ));
    }
    app.dni_limits
        .hit(&format!("t:{}", tag.id), app.settings.dni_tracks_per_tag)
        .map_err(ApiError::rate_limited)?;

    let now = domain::now_ms();
    let url = input.url.as_deref().and_then(domain::dni::clean_url);
    let visit = visit_of(&input, url.clone());
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or(input.user_agent.clone())
        .unwrap_or_default();
    let prefetch = ["purpose", "sec-purpose", "x-moz"].iter().any(|h| {
        headers
            .get(*h)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().contains("prefetch"))
    });
    let base = |phone: Option<String>, reason: Option<&str>, tracked: bool| TrackOut {
        success: true,
        formatted_number: phone.as_deref().map(|p| settings.display_format.show(p)),
        phone_number: phone,
        session_tracked: tracked,
        session_id: session_id.clone(),
        lease_until: None,
        reason: reason.map(str::to_string),
        selectors: settings.selectors.clone(),
        swap_numbers: settings.swap_numbers.clone(),
        session_minutes: tag.session_minutes,
        heartbeat_secs: HEARTBEAT_SECS,
    };
    if domain::dni::is_bot(&user_agent) || prefetch {
        return Ok(base(
            tag.fallback_number.clone(),
            Some("a known bot or a prefetch"),
            false,
        ));
    }
    if !settings.tracks(&visit) {
        return Ok(base(None, Some("not a tracked source"), false));
    }
    if !input.heartbeat
        && app.dni_limits.seen_due(tag.id, now)
        && let Err(e) = app.store.tag_seen(tag.id, url.as_deref(), now).await
    {
        tracing::warn!(error = %e, "could not note where a tag was seen");
    }
    let row = VisitRow {
        session_id: session_id.clone(),
        visitor_id,
        ga_client_id: input.ga_client_id.as_deref().and_then(ga_client_id),
        visit,
        user_agent: Some(user_agent.chars().take(500).collect()),
        ip_prefix: Some(domain::dni::truncate_address(address)),
    };
    let known = input
        .heartbeat
        .then(|| app.dni_cache.fresh_session(tag.id, &session_id, now))
        .flatten();
    let from_memory = known.is_some();
    let session = match known {
        Some(s) => s,
        None => {
            app.store
                .touch_session(tag, &row, now, !input.heartbeat)
                .await?
        }
    };
    let remember = |state: store::dni::SessionState| {
        app.dni_cache
            .remember_session(tag.id, &session_id, now, state)
    };
    match NumberSource::parse(&tag.number_source) {
        Ok(NumberSource::Static) => {
            if !from_memory {
                remember(session.clone());
            }
            Ok(match &tag.static_number {
                Some(n) => base(Some(n.clone()), None, true),
                None => base(
                    tag.fallback_number.clone(),
                    Some("the tag's number is not active"),
                    true,
                ),
            })
        }
        _ => {
            let out = lease(app, tag, &session, now, &base).await?;
            // What the database holds for the session now.
            let mut state = session.clone();
            if let Some(held) = &out.held {
                state.phone_number_id = Some(held.phone_number_id);
                state.phone_number = Some(held.phone_number.clone());
                state.lease_until = Some(held.until);
            }
            if out.fell_back && state.fallback_at.is_none() {
                state.fallback_at = Some(now);
            }
            if !from_memory || state != session {
                remember(state);
            }
            Ok(out.answer)
        }
    }
}

/// The answer of a pool tag, and the lease the session holds after it.
struct Leased {
    answer: TrackOut,
    held: Option<store::dni::Lease>,
    /// Set when the session was shown the fallback of an exhausted pool.
    fell_back: bool,
}

async fn lease(
    app: &AppState,
    tag: &LiveTag,
    session: &store::dni::SessionState,
    now: i64,
    base: &impl Fn(Option<String>, Option<&str>, bool) -> TrackOut,
) -> Result<Leased, ApiError> {
    let until = now + tag.session_minutes * 60_000;
    // A session without a number, while this node saw the pool exhausted
    // a moment ago, is not sent to look for a free number again (a number
    // frees only after its lease and the cool-down).
    let held = if session.phone_number_id.is_none() && app.dni_cache.exhausted(tag.id, now) {
        None
    } else {
        let held = app
            .store
            .lease(tag, session, now, until, COOLDOWN_MS)
            .await?;
        if held.is_none() {
            app.dni_cache.note_exhausted(tag.id, now);
        }
        held
    };
    if let Some(l) = held {
        return Ok(Leased {
            answer: TrackOut {
                lease_until: Some(rfc3339(l.until)),
                ..base(Some(l.phone_number.clone()), None, true)
            },
            held: Some(l),
            fell_back: false,
        });
    }
    tracing::debug!(
        tag_id = tag.id,
        "a DNI pool is exhausted: the fallback number is shown"
    );
    // Counted once per session; one alert an hour at most, in the
    // account's activity feed.
    if session.fallback_at.is_none() {
        match app.store.tag_exhausted(tag.id, session.id, now).await {
            Ok(Some(previous)) if previous.is_none_or(|p| now - p >= 3_600_000) => {
                let message = "Every number of a DNI pool is in use: visitors see the \
                    fallback number. Add numbers to the pool (the tag's usage chart \
                    recommends a size).";
                let id = tag.id.to_string();
                crate::activity::record(
                    app,
                    domain::AccountId(tag.user_id),
                    store::activity::NewActivity {
                        kind: "dni.pool_exhausted",
                        severity: "warning",
                        message,
                        entity_type: Some("tracking_tag"),
                        entity_id: Some(&id),
                    },
                )
                .await;
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "could not count an exhausted pool"),
        }
    }
    Ok(Leased {
        answer: base(
            tag.fallback_number.clone(),
            Some("every number of the pool is in use"),
            true,
        ),
        held: None,
        fell_back: true,
    })
}

/// The body as JSON (sent as `text/plain` or `application/json`).
fn parse(headers: &HeaderMap, body: Result<Bytes, BytesRejection>) -> Result<TrackIn, ApiError> {
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if kind != "application/json" && kind != "text/plain" {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "Expected a JSON body (application/json or text/plain)",
        ));
    }
    let bytes = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "PAYLOAD_TOO_LARGE",
                "The request body is too large",
            )
        } else {
            ApiError::bad_request(e.body_text())
        }
    })?;
    let value: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|_| ApiError::bad_request("The request body is not valid JSON"))?;
    if let Some(field) = crate::extract::control_in_json(&value, "") {
        return Err(ApiError::validation(
            &field,
            "must not contain NUL or other control characters",
        ));
    }
    serde_json::from_value(value).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_ERROR",
            "The request body does not have the expected fields",
        )
        .with_details(serde_json::json!({ "reason": e.to_string() }))
    })
}

/// `[A-Za-z0-9_.-]{1,100}`; empty is `None`.
fn plain_id(field: &str, raw: &str) -> Result<Option<String>, ApiError> {
    let v = raw.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let plain = v.len() <= 100
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if plain {
        Ok(Some(v.to_string()))
    } else {
        Err(ApiError::validation(
            field,
            "must be 1-100 letters, digits, _, - or .",
        ))
    }
}

/// The visit's parameters, cleaned: text values only, at most 200
/// characters each, e-mail-like values redacted.
fn visit_of(input: &TrackIn, landing_page: Option<String>) -> Visit {
    let param = |key: &str| -> Option<String> {
        let v = input.utm_params.get(key)?.as_str()?.trim();
        if v.is_empty() {
            return None;
        }
        let v: String = v.chars().take(200).collect();
        Some(if v.contains('@') && v.contains('.') {
            "[redacted]".to_string()
        } else {
            v
        })
    };
    Visit {
        utm_source: param("utm_source"),
        utm_medium: param("utm_medium"),
        utm_campaign: param("utm_campaign"),
        utm_term: param("utm_term"),
        utm_content: param("utm_content"),
        gclid: param("gclid"),
        gbraid: param("gbraid"),
        wbraid: param("wbraid"),
        fbclid: param("fbclid"),
        msclkid: param("msclkid"),
        referrer: input.referrer.as_deref().and_then(domain::dni::clean_url),
        landing_page,
    }
}

/// A Google Analytics client id: two runs of digits joined by a dot.
fn ga_client_id(v: &str) -> Option<String> {
    let (a, b) = v.trim().split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 20 && s.bytes().all(|c| c.is_ascii_digit());
    (digits(a) && digits(b)).then(|| format!("{a}.{b}"))
}

#[cfg(test)]
mod ga_tests {
    #[test]
    fn client_ids() {
        assert_eq!(super::ga_client_id("123.456").as_deref(), Some("123.456"));
        for bad in ["", "123", "a.1", "1.2.3", "1.", "\u{0}1.2", "１.2"] {
            assert_eq!(super::ga_client_id(bad), None, "{bad:?}");
        }
    }
}
