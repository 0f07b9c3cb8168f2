//! The HTTP face of CallCenter Pro: the JSON API under `/api` (one module
//! per resource, each exposing `router()`), operations endpoints, and the
//! embedded web app.

#![forbid(unsafe_code)]
pub mod activity;
pub mod api_keys;
mod assets;
mod audio_files;
mod audit;
pub mod auth;
mod buyers;
mod call_flows;
pub(crate) mod calls;
mod campaigns;
mod conversions;
pub mod dni;
pub mod error;
pub mod events;
pub(crate) mod export;
pub mod extract;
mod flow_analytics;
mod flow_simulate;
pub mod integrations;
mod mail;
mod members;
mod openapi;
mod ops;
mod phone_numbers;
mod pools;
mod profile;
pub mod reports;
mod request_id;
mod roles;
mod rtb;
mod security;
pub mod shapes;
mod stats;
mod two_factor;
pub mod webhooks;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa_axum::router::OpenApiRouter;

pub use openapi::{openapi_document, openapi_json, openapi_value};
pub use ops::metrics_handle;
use store::Store;
use store::sessions::SessionPolicy;

/// Settings the API needs, already validated by the binary's config.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Seals secrets stored in the database (two-factor secrets).
    pub sealing_key: domain::sealed::SealingKey,
    /// Mark the session cookie `Secure` (served over https).
    pub cookie_secure: bool,
    pub session: SessionPolicy,
    /// Whether `POST /api/auth/register` creates accounts.
    pub allow_registration: bool,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// The external base URL carriers call, without a trailing `/`.
    pub public_url: String,
    /// The carrier auth token that signs webhooks (`X-Twilio-Signature`).
    pub twilio_auth_token: Option<domain::Secret<String>>,
    /// Refuse webhooks without a valid signature (off only for local development).
    pub validate_webhook_signatures: bool,
    /// Let RTB bidders live on private/loopback addresses (demos, tests).
    pub rtb_allow_private_endpoints: bool,
    /// Where report e-mails go out (`None`: deliveries fail, saying so).
    pub smtp: Option<reports::delivery::SmtpSettings>,
    /// Where calls answered while the database is unreachable are kept
    /// until it answers again (`None`: not kept, only logged).
    pub spool_dir: Option<std::path::PathBuf>,
    /// DNI track requests one client address may send per minute.
    pub dni_tracks_per_address: u32,
    /// DNI track requests one tag may receive per minute, on each node.
    pub dni_tracks_per_tag: u32,
    /// Days DNI visitor sessions are kept after their last visit.
    pub dni_retention_days: u32,
    /// API requests one member or API key may make per minute, on each node.
    pub api_requests_per_minute: u32,
    /// API requests one client address may make per minute, on each node.
    pub api_requests_per_address_minute: u32,
    /// Web origins (`https://crm.example.com`) whose pages may call the
    /// API with an API key; none: same origin only.
    pub cors_origins: Vec<String>,
}

/// Everything a handler may use: one shared pointer, since the router and
/// its middleware clone it for every request (one counter to update
/// instead of one per field).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] shares.
pub struct Shared {
    pub store: Store,
    pub settings: Arc<Settings>,
    pub throttle: Arc<auth::LoginThrottle>,
    /// The live call path the carrier webhooks call: its state (snapshot,
    /// counters, recent answers) and its log (the store's group commit).
    pub calls: Arc<callpath::CallPath>,
    /// The shared keep-alive client that pings bidders (`None` only if it
    /// could not be built, which is logged).
    pub rtb: Arc<Option<::rtb::RtbClient>>,
    /// Live call events for `/api/events`.
    pub events: events::EventBus,
    /// Rate limits of the public DNI track endpoint.
    pub dni_limits: dni::limit::Limits,
    /// Rate limits of the API per member, key and address.
    pub api_limits: dni::limit::Limits,
    /// Tags and fresh sessions of the DNI track endpoint.
    pub dni_cache: dni::cache::TrackCache,
    /// The webhook workers' wake-ups and HTTP client.
    pub outbound: integrations::worker::Outbound,
}

impl AppState {
    pub fn new(store: Store, settings: Settings) -> Self {
        let events = events::EventBus::default();
        let rtb = ::rtb::client(settings.rtb_allow_private_endpoints)
            .map_err(|e| tracing::error!(error = %e, "could not build the RTB client"))
            .ok();
        let observer = Arc::new(webhooks::alerts::Observer {
            store: store.clone(),
            events: events.clone(),
        });
        let calls = Arc::new(callpath::CallPath::new(
            Arc::new(callpath::LiveState::default()),
            store.call_log(settings.spool_dir.as_deref()),
            rtb.clone(),
            callpath::Urls::new(&settings.public_url),
            observer,
        ));
        Self(Arc::new(Shared {
            store,
            throttle: Arc::new(auth::LoginThrottle::default()),
            events,
            dni_limits: dni::limit::Limits::default(),
            api_limits: dni::limit::Limits::default(),
            dni_cache: dni::cache::TrackCache::default(),
            outbound: integrations::worker::Outbound::new(settings.rtb_allow_private_endpoints),
            calls,
            rtb: Arc::new(rtb),
            settings: Arc::new(settings),
        }))
    }

    /// The live state of calls: routing snapshot, auctions, counters.
    pub fn live(&self) -> &callpath::LiveState {
        &self.calls.live
    }

    /// The bidding client, or a 500 when it could not be built.
    pub fn rtb_client(&self) -> Result<&::rtb::RtbClient, error::ApiError> {
        self.rtb
            .as_ref()
            .as_ref()
            .ok_or_else(|| error::ApiError::internal("the RTB client is not available"))
    }

    /// Load the routing snapshot (and after every configuration change).
    pub async fn refresh_routing(&self) -> Result<(), store::StoreError> {
        webhooks::routing_state::refresh(self.live(), &self.store).await
    }

    /// Get routing ready on start, before any webhook is served: the
    /// snapshot loaded and the live counters rebuilt from the stored calls
    /// (calls open within `max_call` hold their slots again).
    pub async fn start_routing(&self, max_call: Duration) -> Result<(), store::StoreError> {
        // Calls an earlier process kept while the database was away are
        // written first: the counters count them.
        match self.calls.log().settle().await {
            Ok(0) => {}
            Ok(left) => tracing::warn!(left, "calls still wait in the spool for the database"),
            Err(e) => tracing::warn!(error = %e, "could not write the spooled calls"),
        }
        self.refresh_routing().await?;
        let held =
            webhooks::routing_state::restore_counters(self.live(), &self.store, max_call).await?;
        if held > 0 {
            tracing::info!(
                open_calls = held,
                "live counters rebuilt from the stored calls"
            );
        }
        Ok(())
    }
}

/// The API routes with their OpenAPI description, before state is bound.
fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::base())
        .merge(auth::router())
        .merge(audio_files::router())
        .merge(buyers::router())
        .merge(call_flows::router())
        .merge(dni::router())
        .merge(calls::router())
        .merge(campaigns::router())
        .merge(phone_numbers::router())
        .merge(pools::router())
        .merge(rtb::router())
        .merge(stats::router())
        .merge(events::router())
        .merge(reports::router())
        .merge(activity::router())
        .merge(integrations::router())
        .merge(api_keys::router())
        .merge(members::settings_router())
        .merge(profile::router())
        .merge(two_factor::router())
        .merge(audit::router())
        .merge(conversions::router())
}

/// The whole application: API, docs, operations endpoints, web app, and
/// the carrier webhooks. The webhooks have a stack of their own: a panic
/// in one still answers TwiML (the apology), never a 500 to the carrier,
/// and no 30 s request timeout (each waits at most a few seconds for the
/// database inside, [`webhooks::within`], and answers anyway). Both
/// stacks share request ids, the request span and the request metrics.
pub fn app(state: AppState) -> Router {
    ops::metrics_handle();
    let (api, doc) = api_routes().split_for_parts();
    let max_body = state.settings.max_body_bytes;
    let reader = audit::Reader::default();
    reader.set(api.clone().with_state(state.clone()));
    let api = api
        .route_layer(axum::middleware::from_fn_with_state(
            (state.clone(), reader),
            audit::record,
        ))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            webhooks::routing_state::refresh_after_change,
        ))
        .route("/api/openapi.json", axum::routing::get(openapi::serve))
        .merge(openapi::docs_ui(doc))
        .fallback(error::api_not_found)
        .method_not_allowed_fallback(error::method_not_allowed);
    let api = match security::cors(&state.settings.cors_origins) {
        Some(cors) => api.layer(cors),
        None => api,
    };
    let hooks = webhooks::router()
        .method_not_allowed_fallback(error::method_not_allowed)
        .route_layer(axum::middleware::from_fn(ops::track_metrics))
        .with_state(state.clone())
        .layer(DefaultBodyLimit::max(max_body))
        .layer(CatchPanicLayer::custom(webhooks::panic_answer));

    let request_id = HeaderName::from_static("x-request-id");
    let state_for_guard = state.clone();
    Router::new()
        .merge(api)
        .merge(ops::router())
        .merge(audio_files::media_router())
        .route("/dni.js", axum::routing::get(dni::snippet::serve))
        .route_layer(axum::middleware::from_fn(ops::track_metrics))
        .fallback(assets::serve)
        .with_state(state)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(CatchPanicLayer::custom(ops::panic_response))
        .layer(axum::middleware::from_fn_with_state(
            state_for_guard,
            security::guard,
        ))
        .merge(hooks)
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(log_response),
        )
        .layer(SetRequestIdLayer::new(
            request_id,
            request_id::FastRequestId,
        ))
        .layer(axum::middleware::map_request(security::plain_request_id))
}

/// The span of a request. Carrier webhooks (thousands a second, each one
/// a call row that records it) get a debug span; everything else an info
/// one, so that the access log shows people and clients, not call volume.
/// Failing webhooks log their own warnings and errors.
fn request_span<B>(req: &Request<B>) -> tracing::Span {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    let (method, path) = (req.method(), req.uri().path());
    if path.starts_with("/api/webhooks/") {
        tracing::debug_span!("request", %method, %path, request_id = %id)
    } else {
        tracing::info_span!("request", %method, %path, request_id = %id)
    }
}

/// The access-log line of a request whose span is logged.
fn log_response<B>(res: &axum::http::Response<B>, latency: Duration, span: &tracing::Span) {
    if !span.is_disabled() {
        tracing::info!(
            status = res.status().as_u16(),
            latency_ms = latency.as_secs_f64() * 1e3,
            "finished processing request"
        );
    }
}
