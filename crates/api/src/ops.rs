//! Operations endpoints: `/healthz` (process up), `/readyz` (database
//! reachable), `/metrics` (Prometheus), request metrics and panic answers.

use std::collections::HashSet;
use std::sync::{OnceLock, RwLock};
use std::time::Instant;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use serde_json::json;

use crate::AppState;
use crate::error::ApiError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
}

/// The process-wide Prometheus recorder (installed on first use).
pub fn metrics_handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new().build_recorder();
        let handle = recorder.handle();
        // Another recorder may already be installed (tests); ours still renders.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

async fn healthz() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

async fn readyz(State(app): State<AppState>) -> Response {
    match app.store.ping().await {
        Ok(()) => Json(json!({ "status": "ready", "database": "ok" })).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "SERVICE_UNAVAILABLE",
                "The database is not reachable",
            )
            .into_response()
        }
    }
}

async fn metrics(State(app): State<AppState>) -> Response {
    let (size, idle) = app.store.pool_stats();
    metrics::gauge!("db_pool_connections").set(size as f64);
    metrics::gauge!("db_pool_idle_connections").set(idle as f64);
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        metrics_handle().render(),
    )
        .into_response()
}

/// Count requests and time them, labelled by route template (not raw path,
/// so ids do not explode the label set).
pub async fn track_metrics(req: Request, next: Next) -> Response {
    // Labels from strings that live as long as the process: no allocation
    // per request (carrier webhooks come by the thousand a second).
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| interned(p.as_str()));
    let method = method_label(req.method());
    let start = Instant::now();
    let response = next.run(req).await;
    let status = interned(response.status().as_str());
    metrics::counter!("http_requests_total", "method" => method, "route" => route, "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(start.elapsed().as_secs_f64());
    response
}

/// The standard methods by name; any other (clients may send any token)
/// as "other", so that the label set stays bounded.
fn method_label(m: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    for known in [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::HEAD,
        Method::OPTIONS,
    ] {
        if m == known {
            return interned(known.as_str());
        }
    }
    "other"
}

/// `label` kept for the life of the process. Only route templates, method
/// names and status codes come here: a set bounded by the route table.
fn interned(label: &str) -> &'static str {
    static KNOWN: OnceLock<RwLock<HashSet<&'static str>>> = OnceLock::new();
    let known = KNOWN.get_or_init(Default::default);
    if let Some(s) = known.read().unwrap_or_else(|e| e.into_inner()).get(label) {
        return s;
    }
    let mut known = known.write().unwrap_or_else(|e| e.into_inner());
    if let Some(s) = known.get(label) {
        return s;
    }
    let s: &'static str = Box::leak(label.to_owned().into_boxed_str());
    known.insert(s);
    s
}

/// A panic in a handler becomes a plain 500 envelope (logged, not shown).
pub fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    let detail = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    ApiError::internal(format!("handler panicked: {detail}")).into_response()
}
