//! RTB targets (`/api/rtb/targets`): the external bidders auctions ping.
//! List (with all-time response time, success rate, win rate and bid
//! count, one aggregate query per page), read, create, update, soft delete.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::campaign::one_of;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use store::StoreError;
use store::rtb_targets::{RtbTargetFilter, RtbTargetRow, RtbTargetStats};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::input::{RtbTargetIn, STATUSES, apply, changes, defaults};
use super::input_auth::AuthenticationOut;
use super::{check_endpoint, mean, money, percent};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::shapes::{CreatedOut, DeletedOut, ListParams, UpdatedOut, list_response};
use crate::stats::rfc3339;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_targets, create_target))
        .routes(routes!(
            get_target,
            replace_target,
            patch_target,
            delete_target
        ))
}

pub(crate) const SORTS: &[&str] = &["createdAt", "name", "status"];

/// A target with its settings and all-time bidding figures. The
/// credential is never included: see `authentication`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RtbTargetOut {
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
    pub contact_email: Option<String>,
    /// E.164.
    pub contact_phone: Option<String>,
    pub endpoint_url: String,
    /// POST, GET or PUT.
    pub request_method: String,
    /// json, xml or form.
    pub content_type: String,
    pub authentication: AuthenticationOut,
    #[schema(value_type = Object)]
    pub custom_headers: Value,
    /// The template as given: a JSON object, or a string when it is not JSON.
    #[schema(value_type = Object)]
    pub request_template: Value,
    pub response_config: ResponseConfigOut,
    pub timeout_ms: i64,
    /// null = no limit (also for the caps).
    pub max_concurrent_calls: Option<i64>,
    pub hourly_cap: Option<i64>,
    pub daily_cap: Option<i64>,
    #[schema(example = "0.00")]
    pub min_bid: String,
    #[schema(example = "1000.00")]
    pub max_bid: String,
    pub currency: String,
    /// active, inactive or testing.
    pub status: String,
    /// Mean measured response time, ms; null before any response.
    pub response_time_ms: Option<i64>,
    /// Percentage (0-100, one decimal) of responses with a valid bid.
    pub success_rate: f64,
    /// Percentage of responses that won their auction.
    pub win_rate: f64,
    /// Responses recorded, all time.
    pub total_bids: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// Where the bid is in the bidder's answer.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResponseConfigOut {
    pub bid_amount_path: String,
    pub destination_number_path: String,
    pub acceptance_path: Option<String>,
    pub currency_path: Option<String>,
}

/// Filters, paging and sorting of `GET /api/rtb/targets`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TargetQuery {
    /// active, inactive or testing.
    pub status: Option<String>,
}

fn target_out(row: RtbTargetRow, stats: Option<&RtbTargetStats>) -> RtbTargetOut {
    let f = row.fields;
    let stats = stats.cloned().unwrap_or_default();
    let as_json = |text: &str| serde_json::from_str::<Value>(text).ok();
    RtbTargetOut {
        id: row.id,
        authentication: AuthenticationOut::from(&f.auth),
        // Credential headers are write-only: shown masked.
        custom_headers: as_json(&f.custom_headers)
            .map(|h| super::input_auth::masked_headers(&h))
            .unwrap_or_else(|| Value::Object(Default::default())),
        request_template: as_json(&f.request_template)
            .filter(|v| v.is_object() || v.is_array())
            .unwrap_or(Value::String(f.request_template)),
        response_config: ResponseConfigOut {
            bid_amount_path: f.bid_amount_path,
            destination_number_path: f.destination_path,
            acceptance_path: f.acceptance_path,
            currency_path: f.currency_path,
        },
        name: f.name,
        company: f.company,
        contact_email: f.contact_email,
        contact_phone: f.contact_phone,
        endpoint_url: f.endpoint_url,
        request_method: f.request_method,
        content_type: f.content_type,
        timeout_ms: f.timeout_ms,
        max_concurrent_calls: f.max_concurrent_calls,
        hourly_cap: f.hourly_cap,
        daily_cap: f.daily_cap,
        min_bid: money(f.min_bid_e4),
        max_bid: money(f.max_bid_e4),
        currency: f.currency,
        status: f.status,
        response_time_ms: mean(stats.response_ms_sum, stats.timed_responses),
        success_rate: percent(stats.successes, stats.total_bids),
        win_rate: percent(stats.wins, stats.total_bids),
        total_bids: stats.total_bids,
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
    }
}

fn missing(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::not_found("No such RTB target"),
        other => other.into(),
    }
}

/// The account's RTB targets with their figures; total in `X-Total-Count`.
#[utoipa::path(get, path = "/api/rtb/targets", tag = "rtb", params(TargetQuery, ListParams),
    responses(
        (status = 200, body = Vec<RtbTargetOut>, headers(("x-total-count" = i64, description = "Targets matching the filters"))),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "Invalid filter, sort or paging"),
    ))]
async fn list_targets(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<TargetQuery>,
    ApiQuery(list): ApiQuery<ListParams>,
) -> ApiResult<Response> {
    let page = list.page(SORTS)?;
    let status = match q.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(one_of(s, STATUSES).map_err(|r| ApiError::validation("status", r))?),
    };
    let (rows, total) = app
        .store
        .list_rtb_targets(user.account, &RtbTargetFilter { status }, &page)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let stats: HashMap<i64, RtbTargetStats> = app
        .store
        .rtb_target_stats(user.account, &ids)
        .await?
        .into_iter()
        .map(|s| (s.rtb_target_id, s))
        .collect();
    let items: Vec<RtbTargetOut> = rows
        .into_iter()
        .map(|row| {
            let s = stats.get(&row.id);
            target_out(row, s)
        })
        .collect();
    Ok(list_response(items, total))
}

/// One RTB target.
#[utoipa::path(get, path = "/api/rtb/targets/{id}", tag = "rtb",
    params(("id" = i64, Path, description = "RTB target id")),
    responses(
        (status = 200, body = RtbTargetOut), (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "No such target in this account"),
    ))]
async fn get_target(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<RtbTargetOut>> {
    let row = app
        .store
        .rtb_target(user.account, id)
        .await
        .map_err(missing)?;
    let stats = app.store.rtb_target_stats(user.account, &[id]).await?;
    Ok(Json(target_out(row, stats.first())))
}

/// Create an RTB target. Required: `name`, `endpointUrl` (and
/// `requestTemplate` for xml and form bodies).
#[utoipa::path(post, path = "/api/rtb/targets", tag = "rtb", request_body = RtbTargetIn,
    responses(
        (status = 201, body = CreatedOut<i64>),
        (status = 400, body = ErrorEnvelope, description = "Malformed JSON"),
        (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "Invalid field (`details.field`, `details.reason`)"),
    ))]
async fn create_target(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<RtbTargetIn>,
) -> ApiResult<Response> {
    let fields = apply(defaults(), input, true)?;
    check_endpoint(&app, &fields.endpoint_url).await?;
    let id = app.store.create_rtb_target(user.account, &fields).await?;
    let message = format!("RTB target \"{}\" created", fields.name);
    crate::activity::changed(
        &app,
        user.account,
        "rtb_target.created",
        "rtb_target",
        &id.to_string(),
        message,
    )
    .await;
    let body = CreatedOut {
        id,
        name: fields.name,
        created: true,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// Update an RTB target: fields left out stay as they are.
#[utoipa::path(put, path = "/api/rtb/targets/{id}", tag = "rtb", request_body = RtbTargetIn,
    params(("id" = i64, Path, description = "RTB target id")),
    responses(
        (status = 200, body = UpdatedOut<i64>, description = "`changes` names the fields whose values changed"),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "Invalid field; nothing was written"),
    ))]
async fn replace_target(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<RtbTargetIn>,
) -> ApiResult<Json<UpdatedOut<i64>>> {
    update(&app, &user, id, input).await
}

/// Update some of an RTB target's fields; `null` clears an optional field.
#[utoipa::path(patch, path = "/api/rtb/targets/{id}", tag = "rtb", request_body = RtbTargetIn,
    params(("id" = i64, Path, description = "RTB target id")),
    responses(
        (status = 200, body = UpdatedOut<i64>, description = "`changes` names the fields whose values changed"),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "Invalid field; nothing was written"),
    ))]
async fn patch_target(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<RtbTargetIn>,
) -> ApiResult<Json<UpdatedOut<i64>>> {
    update(&app, &user, id, input).await
}

/// Delete an RTB target (soft: its auction history stays) and take it off
/// every campaign.
#[utoipa::path(delete, path = "/api/rtb/targets/{id}", tag = "rtb",
    params(("id" = i64, Path, description = "RTB target id")),
    responses(
        (status = 200, body = DeletedOut<i64>), (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
    ))]
async fn delete_target(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<DeletedOut<i64>>> {
    let target = app
        .store
        .rtb_target(user.account, id)
        .await
        .map_err(missing)?;
    app.store
        .delete_rtb_target(user.account, id)
        .await
        .map_err(missing)?;
    let message = format!("RTB target \"{}\" deleted", target.fields.name);
    crate::activity::changed(
        &app,
        user.account,
        "rtb_target.deleted",
        "rtb_target",
        &id.to_string(),
        message,
    )
    .await;
    Ok(Json(DeletedOut { id, deleted: true }))
}

async fn update(
    app: &AppState,
    user: &CurrentUser,
    id: i64,
    input: RtbTargetIn,
) -> ApiResult<Json<UpdatedOut<i64>>> {
    let old = app
        .store
        .rtb_target(user.account, id)
        .await
        .map_err(missing)?
        .fields;
    let new = apply(old.clone(), input, false)?;
    if new.endpoint_url != old.endpoint_url {
        check_endpoint(app, &new.endpoint_url).await?;
    }
    let changes = changes(&old, &new);
    if !changes.is_empty() {
        app.store
            .update_rtb_target(user.account, id, &new)
            .await
            .map_err(missing)?;
        let message = format!(
            "RTB target \"{}\" changed: {}",
            new.name,
            changes.join(", ")
        );
        crate::activity::changed(
            app,
            user.account,
            "rtb_target.updated",
            "rtb_target",
            &id.to_string(),
            message,
        )
        .await;
    }
    Ok(Json(UpdatedOut {
        id,
        updated: true,
        changes,
    }))
}
