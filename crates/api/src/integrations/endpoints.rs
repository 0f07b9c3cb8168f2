//! Webhook endpoints: where events go, which ones, and the secret that
//! signs them (shown in full once, when made or rotated).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::AccountId;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use store::StoreError;
use store::outbox::{EndpointFields, EndpointRow};
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath};
use crate::rtb::checks::headers_of;
use crate::rtb::input_auth::{keep_masked_headers, masked_headers};
use crate::shapes::DeletedOut;
use crate::stats::rfc3339;

/// Endpoints one account may have.
const MAX_ENDPOINTS: usize = 50;
/// How long a rotated-out secret still signs (a second signature).
const OLD_SECRET_MS: i64 = 24 * 3_600_000;
/// The period of an endpoint's figures.
const FIGURES_MS: i64 = 7 * 86_400_000;

/// An endpoint to create, or the whole of one to save.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EndpointIn {
    /// http or https; a public address unless private endpoints are
    /// allowed (`CALLCENTER_RTB_ALLOW_PRIVATE_ENDPOINTS`).
    #[schema(example = "https://crm.example.com/hooks/calls")]
    pub url: String,
    /// At most 500 characters.
    pub description: Option<String>,
    /// Event types to send (see `GET /api/integrations/event-types`);
    /// empty or absent: every event.
    pub event_types: Option<Vec<String>>,
    /// Only events of these campaigns (call, auction and campaign events);
    /// empty or absent: every campaign.
    pub campaign_ids: Option<Vec<String>>,
    /// Headers added to every request (`{name: value}`, at most 20).
    /// Credential headers are shown masked; send the masked value back to
    /// keep the stored one.
    #[schema(value_type = Option<Object>)]
    pub headers: Option<Value>,
    /// Default true.
    pub enabled: Option<bool>,
    /// A body of your own in place of the standard one: JSON with
    /// `[tokens]` (see `GET /api/integrations/pixel-options`) inside its
    /// strings, filled in JSON-escaped. Absent or empty: the standard
    /// body.
    #[schema(
        example = "{\"type\":\"[event]\",\"caller\":\"[caller_id]\",\"revenue\":\"[revenue]\"}"
    )]
    pub body_template: Option<String>,
}

/// An endpoint as shown.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EndpointOut {
    pub id: i64,
    pub url: String,
    pub description: Option<String>,
    pub event_types: Vec<String>,
    pub campaign_ids: Vec<String>,
    #[schema(value_type = Object)]
    pub headers: Value,
    pub enabled: bool,
    /// The body template, when the endpoint has one.
    pub body_template: Option<String>,
    /// Why the endpoint was disabled by the platform (410, or five days
    /// of failures).
    pub disabled_reason: Option<String>,
    /// The secret's start and end (`whsec_…abcd`): the whole of it is
    /// shown only when it is made.
    pub secret_hint: String,
    /// Until when the previous secret still signs, after a rotation.
    pub previous_secret_until: Option<String>,
    /// Since when every attempt failed, if the last one did.
    pub failing_since: Option<String>,
    /// Deliveries of the last 7 days.
    pub figures: EndpointFiguresOut,
    pub created_at: String,
    pub updated_at: String,
}

/// How an endpoint has been doing.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EndpointFiguresOut {
    /// Attempts in the last 7 days.
    pub attempts: i64,
    /// Per cent of those answered 2xx (null without attempts).
    pub success_rate: Option<f64>,
    pub average_latency_ms: Option<i64>,
    /// Messages waiting for a first or further attempt.
    pub pending: i64,
    /// Messages whose attempts are all spent.
    pub failed: i64,
    pub last_success_at: Option<String>,
    pub last_failure_at: Option<String>,
}

/// An endpoint just made (or given a new secret): the secret in full,
/// this once.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EndpointSecretOut {
    #[serde(flatten)]
    pub endpoint: EndpointOut,
    /// `whsec_…`: keep it; it is not shown again.
    pub secret: String,
}

/// An event type an endpoint may subscribe to.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventTypeOut {
    #[schema(example = "call.completed")]
    pub name: String,
    pub description: String,
}

fn hint(secret: &str) -> String {
    let tail: String = secret
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("whsec_…{tail}")
}

fn strings(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// An endpoint's (or pixel's) deliveries of the last 7 days.
pub(super) async fn figures(app: &AppState, id: i64) -> ApiResult<EndpointFiguresOut> {
    let f = app
        .store
        .endpoint_figures(id, domain::now_ms() - FIGURES_MS)
        .await?;
    Ok(EndpointFiguresOut {
        attempts: f.attempts,
        success_rate: (f.attempts > 0)
            .then(|| (f.succeeded as f64 * 1000.0 / f.attempts as f64).round() / 10.0),
        average_latency_ms: f.avg_latency_ms.map(|l| l.round() as i64),
        pending: f.pending,
        failed: f.failed,
        last_success_at: f.last_success_at.map(rfc3339),
        last_failure_at: f.last_failure_at.map(rfc3339),
    })
}

async fn endpoint_out(app: &AppState, row: EndpointRow) -> ApiResult<EndpointOut> {
    let now = domain::now_ms();
    let headers: Value = serde_json::from_str(&row.headers).unwrap_or(Value::Null);
    Ok(EndpointOut {
        id: row.id,
        url: row.url,
        description: row.description,
        event_types: strings(&row.event_types),
        campaign_ids: strings(&row.campaign_ids),
        headers: masked_headers(&headers),
        enabled: row.enabled,
        body_template: row.body_template,
        disabled_reason: row.disabled_reason,
        secret_hint: hint(&row.secret),
        previous_secret_until: row.previous_secret_until.filter(|u| *u > now).map(rfc3339),
        failing_since: row.failing_since.map(rfc3339),
        figures: figures(app, row.id).await?,
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
    })
}

/// The account's webhook endpoint `id` (a pixel is not one).
pub(super) async fn webhook(app: &AppState, account: AccountId, id: i64) -> ApiResult<EndpointRow> {
    let row = app.store.endpoint(account, id).await?;
    if row.kind != "webhook" {
        return Err(ApiError::not_found("No such webhook endpoint"));
    }
    Ok(row)
}

/// The campaigns an endpoint is limited to: each must be the account's.
pub(super) async fn campaigns_of(
    app: &AppState,
    account: AccountId,
    given: Option<Vec<String>>,
) -> ApiResult<Vec<String>> {
    let mut campaign_ids: Vec<String> = Vec::new();
    for c in given.unwrap_or_default() {
        let c = c.trim().to_string();
        match app.store.campaign(account, &c).await {
            Ok(found) => {
                if !campaign_ids.contains(&found.id) {
                    campaign_ids.push(found.id);
                }
            }
            Err(StoreError::NotFound) => {
                return Err(ApiError::validation(
                    "campaignIds",
                    format!("no such campaign: {c:?}"),
                ));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(campaign_ids)
}

/// A webhook's body template: at most 10,000 characters, and JSON once
/// its tokens are filled in (values are written JSON-escaped, so a value
/// cannot change the body's shape).
fn body_template(t: &str) -> ApiResult<String> {
    if t.chars().count() > 10_000 {
        return Err(ApiError::validation(
            "bodyTemplate",
            "must be at most 10000 characters",
        ));
    }
    let sample = ::events::pixel::render(t, &Default::default(), ::events::pixel::Escape::Json);
    if let Err(e) = serde_json::from_str::<Value>(&sample) {
        return Err(ApiError::validation(
            "bodyTemplate",
            format!("must be JSON with [tokens] inside strings: {e}"),
        ));
    }
    Ok(t.to_string())
}

/// Checked fields; campaigns named must be the account's.
async fn fields(
    app: &AppState,
    account: AccountId,
    input: EndpointIn,
    old: Option<&EndpointRow>,
) -> ApiResult<EndpointFields> {
    let url = input.url.trim();
    if url.is_empty() || url.len() > 2000 {
        return Err(ApiError::validation("url", "must be 1-2000 characters"));
    }
    let url = rtb::check_endpoint(url, app.settings.rtb_allow_private_endpoints)
        .await
        .map_err(|reason| ApiError::validation("url", reason))?
        .to_string();
    let description = domain::validate::optional_text(input.description.as_deref(), 500)
        .map_err(|r| ApiError::validation("description", r))?;
    let mut event_types: Vec<String> = Vec::new();
    for t in input.event_types.unwrap_or_default() {
        let t = t.trim().to_string();
        if !::events::is_event_type(&t) {
            return Err(ApiError::validation(
                "eventTypes",
                format!(
                    "{t:?} is not an event type (GET /api/integrations/event-types lists them)"
                ),
            ));
        }
        if !event_types.contains(&t) {
            event_types.push(t);
        }
    }
    let campaign_ids = campaigns_of(app, account, input.campaign_ids).await?;
    let body_template = match input.body_template.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(t) => Some(body_template(t)?),
    };
    let mut headers = headers_of(input.headers, "headers")?;
    let names: serde_json::Map<String, Value> = serde_json::from_str(&headers).unwrap_or_default();
    if let Some(name) = names
        .keys()
        .find(|n| n.to_ascii_lowercase().starts_with("webhook-"))
    {
        return Err(ApiError::validation(
            "headers",
            format!("{name} is set by the platform (it signs each message)"),
        ));
    }
    if let Some(old) = old {
        headers = keep_masked_headers(&old.headers, headers);
    }
    let json = |v: &Vec<String>| serde_json::to_string(v).map_err(ApiError::internal);
    Ok(EndpointFields {
        kind: "webhook",
        name: None,
        url,
        description,
        event_types: json(&event_types)?,
        campaign_ids: json(&campaign_ids)?,
        headers,
        enabled: input.enabled.unwrap_or(true),
        method: "POST".into(),
        body_template,
        basic_auth: None,
        conditions: "[]".into(),
        max_fires: None,
        connector: None,
        settings: "{}".into(),
        credentials: None,
    })
}

/// The event types an endpoint may subscribe to.
#[utoipa::path(get, path = "/api/integrations/event-types", tag = "integrations",
    responses((status = 200, body = Vec<EventTypeOut>), (status = 401, body = ErrorEnvelope)))]
pub(super) async fn list_event_types(_user: CurrentUser) -> Json<Vec<EventTypeOut>> {
    Json(
        ::events::EVENT_TYPES
            .iter()
            .map(|(name, description)| EventTypeOut {
                name: (*name).into(),
                description: (*description).into(),
            })
            .collect(),
    )
}

/// The account's webhook endpoints with their last 7 days.
#[utoipa::path(get, path = "/api/integrations/webhooks", tag = "integrations",
    responses((status = 200, body = Vec<EndpointOut>), (status = 401, body = ErrorEnvelope)))]
pub(super) async fn list_webhook_endpoints(
    State(app): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<EndpointOut>>> {
    let rows = app.store.list_endpoints(user.account).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows.into_iter().filter(|r| r.kind == "webhook") {
        out.push(endpoint_out(&app, row).await?);
    }
    Ok(Json(out))
}

/// Add an endpoint; the answer holds its signing secret, shown this once.
#[utoipa::path(post, path = "/api/integrations/webhooks", tag = "integrations",
    request_body = EndpointIn,
    responses(
        (status = 201, body = EndpointSecretOut),
        (status = 401, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "The account has 50 endpoints"),
        (status = 422, body = ErrorEnvelope),
    ))]
pub(super) async fn create_webhook_endpoint(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<EndpointIn>,
) -> ApiResult<(StatusCode, Json<EndpointSecretOut>)> {
    let f = fields(&app, user.account, input, None).await?;
    let have = app.store.list_endpoints(user.account).await?;
    if have.iter().filter(|e| e.kind == "webhook").count() >= MAX_ENDPOINTS {
        return Err(ApiError::conflict(
            "url",
            format!("an account has at most {MAX_ENDPOINTS} endpoints"),
        ));
    }
    let secret = ::events::new_secret();
    let row = app.store.create_endpoint(user.account, &f, &secret).await?;
    Ok((
        StatusCode::CREATED,
        Json(EndpointSecretOut {
            endpoint: endpoint_out(&app, row).await?,
            secret,
        }),
    ))
}

/// One endpoint.
#[utoipa::path(get, path = "/api/integrations/webhooks/{id}", tag = "integrations",
    params(("id" = i64, Path, description = "Endpoint id")),
    responses((status = 200, body = EndpointOut), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_webhook_endpoint(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<EndpointOut>> {
    let row = webhook(&app, user.account, id).await?;
    Ok(Json(endpoint_out(&app, row).await?))
}

/// Save the whole of an endpoint. Enabling a disabled endpoint clears
/// why it was disabled; its waiting messages go out again.
#[utoipa::path(put, path = "/api/integrations/webhooks/{id}", tag = "integrations",
    request_body = EndpointIn,
    params(("id" = i64, Path, description = "Endpoint id")),
    responses(
        (status = 200, body = EndpointOut),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope),
    ))]
pub(super) async fn replace_webhook_endpoint(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<EndpointIn>,
) -> ApiResult<Json<EndpointOut>> {
    let old = webhook(&app, user.account, id).await?;
    let f = fields(&app, user.account, input, Some(&old)).await?;
    let row = app.store.update_endpoint(user.account, id, &f).await?;
    Ok(Json(endpoint_out(&app, row).await?))
}

/// Delete an endpoint with its delivery log.
#[utoipa::path(delete, path = "/api/integrations/webhooks/{id}", tag = "integrations",
    params(("id" = i64, Path, description = "Endpoint id")),
    responses((status = 200, body = DeletedOut<i64>), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn delete_webhook_endpoint(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<DeletedOut<i64>>> {
    webhook(&app, user.account, id).await?;
    app.store.delete_endpoint(user.account, id).await?;
    Ok(Json(DeletedOut { id, deleted: true }))
}

/// A test event queued for an endpoint.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TestQueuedOut {
    /// `evt_…`: the message's `webhook-id` is `msg_` and its number.
    pub event_id: String,
    pub queued: bool,
}

/// Send a `webhook.test` event to the endpoint (within a second or two;
/// its delivery shows in the log).
#[utoipa::path(post, path = "/api/integrations/webhooks/{id}/test", tag = "integrations",
    params(("id" = i64, Path, description = "Endpoint id")),
    responses((status = 202, body = TestQueuedOut), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn send_test_event(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<(StatusCode, Json<TestQueuedOut>)> {
    webhook(&app, user.account, id).await?;
    let event = app.store.queue_test_event(user.account, id).await?;
    super::worker::wake(&app);
    Ok((
        StatusCode::ACCEPTED,
        Json(TestQueuedOut {
            event_id: format!("evt_{event}"),
            queued: true,
        }),
    ))
}

/// Give the endpoint a new secret, shown this once. The old one still
/// signs each message (a second signature in the same header) for 24
/// hours, so that the receiver can switch without losing messages.
#[utoipa::path(post, path = "/api/integrations/webhooks/{id}/rotate-secret", tag = "integrations",
    params(("id" = i64, Path, description = "Endpoint id")),
    responses((status = 200, body = EndpointSecretOut), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn rotate_webhook_secret(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<EndpointSecretOut>> {
    webhook(&app, user.account, id).await?;
    let secret = ::events::new_secret();
    let row = app
        .store
        .rotate_endpoint_secret(user.account, id, &secret, domain::now_ms() + OLD_SECRET_MS)
        .await?;
    Ok(Json(EndpointSecretOut {
        endpoint: endpoint_out(&app, row).await?,
        secret,
    }))
}
