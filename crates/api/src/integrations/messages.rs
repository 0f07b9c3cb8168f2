//! An endpoint's delivery log: its messages (one per event), every
//! attempt at each, and replays.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use store::outbox::{AttemptRow, MessageRow};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::stats::rfc3339;

/// Which messages to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct MessagesQuery {
    /// pending, delivered or failed (default: all).
    #[param(value_type = Option<String>, example = "failed")]
    pub status: Option<String>,
    /// Messages older than this message id (the next page).
    pub before: Option<i64>,
    /// 1-200, default 50.
    pub limit: Option<i64>,
}

/// A message as listed.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageOut {
    pub id: i64,
    /// The `webhook-id` header: the same on every attempt.
    #[schema(example = "msg_42")]
    pub webhook_id: String,
    #[schema(example = "evt_1017")]
    pub event_id: String,
    pub event_type: String,
    /// pending, delivered or failed.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: Option<String>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: String,
    pub delivered_at: Option<String>,
    /// A pixel's request as rendered (null for webhooks: POST to the
    /// endpoint's URL).
    pub request_method: Option<String>,
    pub request_url: Option<String>,
}

/// One attempt.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttemptOut {
    pub at: String,
    /// The endpoint's HTTP status (null: no answer).
    pub status_code: Option<i32>,
    pub latency_ms: i64,
    /// The start of the answer's body (1,000 characters at most).
    pub response: Option<String>,
    /// Why there was no answer (timeout, refused, forbidden address).
    pub error: Option<String>,
}

/// A message with its body and attempts.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageDetailOut {
    #[serde(flatten)]
    pub message: MessageOut,
    /// The JSON body exactly as sent.
    pub body: String,
    pub attempts_log: Vec<AttemptOut>,
}

fn message_out(m: MessageRow) -> (MessageOut, String) {
    (
        MessageOut {
            webhook_id: format!("msg_{}", m.id),
            event_id: format!("evt_{}", m.event_id),
            id: m.id,
            event_type: m.event_type,
            status: m.status,
            attempts: m.attempts,
            next_attempt_at: m.next_attempt_at.map(rfc3339),
            last_status: m.last_status,
            last_error: m.last_error,
            created_at: rfc3339(m.created_at),
            delivered_at: m.delivered_at.map(rfc3339),
            request_method: m.request_method,
            request_url: m.request_url,
        },
        m.body,
    )
}

fn attempt_out(a: AttemptRow) -> AttemptOut {
    AttemptOut {
        at: rfc3339(a.at),
        status_code: a.status_code,
        latency_ms: a.latency_ms,
        response: a.response,
        error: a.error,
    }
}

/// An endpoint's messages, newest first.
#[utoipa::path(get, path = "/api/integrations/webhooks/{id}/messages", tag = "integrations",
    params(("id" = i64, Path, description = "Endpoint id"), MessagesQuery),
    responses((status = 200, body = Vec<MessageOut>), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn list_webhook_messages(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<MessagesQuery>,
) -> ApiResult<Json<Vec<MessageOut>>> {
    list(&app, user.account, id, q).await
}

/// An endpoint's (or pixel's) messages as asked.
pub(super) async fn list(
    app: &AppState,
    account: domain::AccountId,
    id: i64,
    q: MessagesQuery,
) -> ApiResult<Json<Vec<MessageOut>>> {
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::validation("limit", "must be between 1 and 200"));
    }
    let status = match q.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s @ ("pending" | "delivered" | "failed")) => Some(s),
        Some(_) => {
            return Err(ApiError::validation(
                "status",
                "must be pending, delivered or failed",
            ));
        }
    };
    let rows = app
        .store
        .list_messages(account, id, status, q.before, limit)
        .await?;
    Ok(Json(rows.into_iter().map(|m| message_out(m).0).collect()))
}

/// One message: its body and every attempt.
#[utoipa::path(get, path = "/api/integrations/webhooks/{id}/messages/{messageId}", tag = "integrations",
    params(("id" = i64, Path, description = "Endpoint id"), ("messageId" = i64, Path, description = "Message id")),
    responses((status = 200, body = MessageDetailOut), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_webhook_message(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath((id, message)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<MessageDetailOut>> {
    let (m, attempts) = app
        .store
        .message_with_attempts(user.account, id, message)
        .await?;
    let (message, body) = message_out(m);
    Ok(Json(MessageDetailOut {
        message,
        body,
        attempts_log: attempts.into_iter().map(attempt_out).collect(),
    }))
}

/// A replay queued.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReplayOut {
    /// Messages that will be sent again.
    pub queued: u64,
}

/// Send a message again now (same `webhook-id`, a fresh schedule of
/// attempts).
#[utoipa::path(post, path = "/api/integrations/webhooks/{id}/messages/{messageId}/replay", tag = "integrations",
    params(("id" = i64, Path, description = "Endpoint id"), ("messageId" = i64, Path, description = "Message id")),
    responses((status = 202, body = ReplayOut), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn replay_webhook_message(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath((id, message)): ApiPath<(i64, i64)>,
) -> ApiResult<(StatusCode, Json<ReplayOut>)> {
    app.store.replay_message(user.account, id, message).await?;
    super::worker::wake(&app);
    Ok((StatusCode::ACCEPTED, Json(ReplayOut { queued: 1 })))
}

/// Which failed messages to send again.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReplayIn {
    /// Failed messages made at or after this time (RFC 3339).
    #[schema(example = "2026-12-01T00:00:00Z")]
    pub since: String,
}

/// Send again every failed message of the endpoint made since a time.
#[utoipa::path(post, path = "/api/integrations/webhooks/{id}/replay", tag = "integrations",
    request_body = ReplayIn,
    params(("id" = i64, Path, description = "Endpoint id")),
    responses((status = 202, body = ReplayOut), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn replay_failed_webhook_messages(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ReplayIn>,
) -> ApiResult<(StatusCode, Json<ReplayOut>)> {
    let since = input
        .since
        .trim()
        .parse::<jiff::Timestamp>()
        .map_err(|_| ApiError::validation("since", "must be an RFC 3339 time"))?
        .as_millisecond();
    let queued = app.store.replay_failed(user.account, id, since).await?;
    super::worker::wake(&app);
    Ok((StatusCode::ACCEPTED, Json(ReplayOut { queued })))
}
