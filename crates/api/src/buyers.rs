//! Buyers (`/api/buyers`): list, read, create, update and soft-delete the
//! buyers (targets) that routed calls ring. Input is checked field by field
//! ([`input`]) before anything is written: phones become E.164, time zones
//! must be IANA names, schedules must be well formed, caps ordered.

mod input;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::Money;
use domain::schedule::Schedule;
use serde::{Deserialize, Deserializer, Serialize};
use store::StoreError;
use store::buyers::{BuyerCampaign, BuyerFilter, BuyerRow};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::shapes::{CreatedOut, DeletedOut, ListParams, UpdatedOut, list_response};
use crate::stats::rfc3339;
pub use input::{BuyerIn, BuyerPatch};
use input::{apply, changes, defaults, status};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_buyers, create_buyer))
        .routes(routes!(get_buyer, replace_buyer, patch_buyer, delete_buyer))
}

/// Sort names `GET /api/buyers` accepts; the first is the default.
pub(crate) const SORTS: &[&str] = &[
    "createdAt",
    "name",
    "priority",
    "status",
    "totalCalls",
    "revenue",
];

/// A buyer with its settings, figures and campaigns.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BuyerOut {
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
    pub email: Option<String>,
    /// E.164.
    #[schema(example = "+12125550100")]
    pub phone: String,
    pub backup_phone: Option<String>,
    pub priority: i64,
    #[schema(value_type = domain::BuyerStatus)]
    pub status: String,
    /// null = unlimited (also for the caps).
    pub max_concurrent_calls: Option<i64>,
    pub hourly_cap: Option<i64>,
    pub daily_call_cap: Option<i64>,
    pub monthly_cap: Option<i64>,
    pub time_zone: String,
    pub schedule: Schedule,
    #[schema(example = "25.00")]
    pub payout: String,
    /// Calls connected to the buyer right now.
    pub current_calls: i64,
    /// Percentage (0-100) of the buyer's calls that completed.
    pub success_rate: f64,
    pub total_calls: i64,
    #[schema(example = "1250.00")]
    pub revenue: String,
    pub campaigns: Vec<BuyerCampaignOut>,
    /// RFC 3339 UTC.
    pub created_at: String,
    pub updated_at: String,
}

/// A campaign the buyer is assigned to, with its per-campaign settings.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BuyerCampaignOut {
    pub campaign_id: String,
    pub campaign_name: String,
    pub priority: i64,
    pub weight: i64,
}

/// Filters, paging and sorting of `GET /api/buyers`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BuyerListQuery {
    #[param(value_type = Option<domain::BuyerStatus>)]
    pub status: Option<String>,
    /// Substring of the name, company, email or phone, case-insensitive.
    pub search: Option<String>,
    /// name, priority, status, createdAt, totalCalls or revenue (default createdAt).
    pub sort: Option<String>,
    /// asc or desc (default desc for createdAt, asc otherwise).
    pub order: Option<String>,
    /// 1-200, default 50.
    #[serde(default, deserialize_with = "blank_as_none")]
    pub limit: Option<i64>,
    /// Default 0.
    #[serde(default, deserialize_with = "blank_as_none")]
    pub offset: Option<i64>,
}

/// `limit=` (empty) reads as absent, as forms send it.
fn blank_as_none<'de, D: Deserializer<'de>>(de: D) -> Result<Option<i64>, D::Error> {
    match Option::<String>::deserialize(de)?.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => t.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

/// The account's buyers, filtered, sorted and paged; the total matching is
/// in `X-Total-Count`.
#[utoipa::path(get, path = "/api/buyers", tag = "buyers", params(BuyerListQuery),
    responses(
        (status = 200, body = Vec<BuyerOut>,
            headers(("X-Total-Count" = i64, description = "Buyers matching the filters"))),
        (status = 400, body = ErrorEnvelope, description = "Unreadable query"),
        (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "Invalid filter, sort or paging"),
    ))]
async fn list_buyers(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<BuyerListQuery>,
) -> ApiResult<Response> {
    let page = ListParams {
        limit: q.limit,
        offset: q.offset,
        sort: q.sort,
        order: q.order,
        search: q.search,
    }
    .page(SORTS)?;
    let status = match q.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(status(s)?),
    };
    let (rows, total) = app
        .store
        .list_buyers(user.account, &BuyerFilter { status }, &page)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut campaigns = app.store.buyer_campaigns(user.account, &ids).await?;
    let items = rows
        .into_iter()
        .map(|row| {
            let mine = take_campaigns(&mut campaigns, row.id);
            buyer_out(row, mine, &app)
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(list_response(items, total))
}

/// One buyer.
#[utoipa::path(get, path = "/api/buyers/{id}", tag = "buyers",
    params(("id" = i64, Path, description = "Buyer id")),
    responses(
        (status = 400, body = ErrorEnvelope, description = "Malformed id or body"),
        (status = 200, body = BuyerOut),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "No such buyer in this account"),
    ))]
async fn get_buyer(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<BuyerOut>> {
    let row = app.store.buyer(user.account, id).await.map_err(missing)?;
    let campaigns = app.store.buyer_campaigns(user.account, &[id]).await?;
    Ok(Json(buyer_out(row, campaigns, &app)?))
}

/// Create a buyer. Required: `name`, `phone`.
#[utoipa::path(post, path = "/api/buyers", tag = "buyers", request_body = BuyerIn,
    responses(
        (status = 201, body = CreatedOut<i64>),
        (status = 400, body = ErrorEnvelope, description = "Malformed JSON"),
        (status = 401, body = ErrorEnvelope),
        (status = 413, body = ErrorEnvelope, description = "Body too large"),
        (status = 422, body = ErrorEnvelope, description = "Invalid field (`details.field`, `details.reason`)"),
    ))]
async fn create_buyer(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<BuyerIn>,
) -> ApiResult<Response> {
    let fields = apply(defaults(), input.into(), true)?;
    let row = app.store.create_buyer(user.account, &fields).await?;
    let message = format!("Buyer \"{}\" created", row.name);
    crate::activity::changed(
        &app,
        user.account,
        "buyer.created",
        "buyer",
        &row.id.to_string(),
        message,
    )
    .await;
    let body = CreatedOut {
        id: row.id,
        name: row.name,
        created: true,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// Update a buyer: fields left out stay as they are.
#[utoipa::path(put, path = "/api/buyers/{id}", tag = "buyers", request_body = BuyerPatch,
    params(("id" = i64, Path, description = "Buyer id")),
    responses(
        (status = 400, body = ErrorEnvelope, description = "Malformed id or body"),
        (status = 200, body = UpdatedOut<i64>, description = "`changes` names the fields whose values changed"),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "Invalid field; nothing was written"),
    ))]
async fn replace_buyer(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(patch): ApiJson<BuyerPatch>,
) -> ApiResult<Json<UpdatedOut<i64>>> {
    update(&app, &user, id, patch).await
}

/// Update some of a buyer's fields; `null` clears a nullable field.
#[utoipa::path(patch, path = "/api/buyers/{id}", tag = "buyers", request_body = BuyerPatch,
    params(("id" = i64, Path, description = "Buyer id")),
    responses(
        (status = 400, body = ErrorEnvelope, description = "Malformed id or body"),
        (status = 200, body = UpdatedOut<i64>, description = "`changes` names the fields whose values changed"),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "Invalid field; nothing was written"),
    ))]
async fn patch_buyer(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(patch): ApiJson<BuyerPatch>,
) -> ApiResult<Json<UpdatedOut<i64>>> {
    update(&app, &user, id, patch).await
}

/// Delete a buyer (soft: its history stays) and take it off every campaign.
#[utoipa::path(delete, path = "/api/buyers/{id}", tag = "buyers",
    params(("id" = i64, Path, description = "Buyer id")),
    responses(
        (status = 400, body = ErrorEnvelope, description = "Malformed id or body"),
        (status = 200, body = DeletedOut<i64>),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
    ))]
async fn delete_buyer(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<DeletedOut<i64>>> {
    let buyer = app.store.buyer(user.account, id).await.map_err(missing)?;
    app.store
        .delete_buyer(user.account, id)
        .await
        .map_err(missing)?;
    let message = format!("Buyer \"{}\" deleted", buyer.name);
    crate::activity::changed(
        &app,
        user.account,
        "buyer.deleted",
        "buyer",
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
    patch: BuyerPatch,
) -> ApiResult<Json<UpdatedOut<i64>>> {
    let old = app
        .store
        .buyer(user.account, id)
        .await
        .map_err(missing)?
        .fields();
    let new = apply(old.clone(), patch, false)?;
    let changes = changes(&old, &new);
    if !changes.is_empty() {
        app.store
            .update_buyer(user.account, id, &new)
            .await
            .map_err(missing)?;
        let message = format!("Buyer \"{}\" changed: {}", new.name, changes.join(", "));
        crate::activity::changed(
            app,
            user.account,
            "buyer.updated",
            "buyer",
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

fn missing(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::not_found("No such buyer"),
        other => other.into(),
    }
}

/// Move the campaigns of `buyer` out of `all`.
fn take_campaigns(all: &mut Vec<BuyerCampaign>, buyer: i64) -> Vec<BuyerCampaign> {
    let (mine, rest) = std::mem::take(all)
        .into_iter()
        .partition(|c| c.buyer_id == buyer);
    *all = rest;
    mine
}

use crate::shapes::money;

fn buyer_out(row: BuyerRow, campaigns: Vec<BuyerCampaign>, app: &AppState) -> ApiResult<BuyerOut> {
    let current_calls = app.live().counters.count(
        &routing::Scope::Buyer(domain::BuyerId(row.id)),
        routing::Window::Concurrent,
    ) as i64;
    let schedule: Schedule = serde_json::from_str(&row.schedule).map_err(ApiError::internal)?;
    let success_rate = if row.total_calls == 0 {
        0.0
    } else {
        (row.completed_calls as f64 * 1000.0 / row.total_calls as f64).round() / 10.0
    };
    Ok(BuyerOut {
        id: row.id,
        name: row.name,
        company: row.company,
        email: row.email,
        phone: row.phone,
        backup_phone: row.backup_phone,
        priority: row.priority,
        status: row.status,
        max_concurrent_calls: row.max_concurrent_calls,
        hourly_cap: row.hourly_cap,
        daily_call_cap: row.daily_cap,
        monthly_cap: row.monthly_cap,
        time_zone: row.time_zone,
        schedule,
        payout: money(row.payout_e4),
        // Calls ringing or connected to the buyer now, from the live counters.
        current_calls,
        success_rate,
        total_calls: row.total_calls,
        revenue: Money(row.revenue_e4).to_decimal_string(2),
        campaigns: campaigns
            .into_iter()
            .map(|c| BuyerCampaignOut {
                campaign_id: c.campaign_id,
                campaign_name: c.campaign_name,
                priority: c.priority,
                weight: c.weight,
            })
            .collect(),
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
    })
}
