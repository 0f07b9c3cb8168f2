//! Campaigns (`/api/campaigns`): list, create, read, update, soft delete;
//! the buyers assigned to a campaign ([`buyers`]) and its numbers
//! ([`numbers`]).

mod buyers;
mod input;
mod numbers;
mod output;
mod readiness;
mod simulate;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::campaign::{Assets, STATUSES, TYPES, check_activation, one_of};
use serde::{Deserialize, Serialize};
use store::AccountId;
use store::campaigns::{CampaignFields, CampaignFilter};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use input::CampaignIn;
pub use output::{CampaignBuyerOut, CampaignNumberOut, CampaignOut, CampaignSummaryOut};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::shapes::{DeletedOut, ListParams, UpdatedOut, day_start, list_response};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update_put, update_patch, delete))
        .merge(buyers::router())
        .merge(numbers::router())
        .merge(simulate::router())
        .merge(readiness::router())
}

pub(crate) const SORTS: &[&str] = &[
    "createdAt",
    "name",
    "status",
    "type",
    "callsCount",
    "revenue",
];

/// Filters of the campaign list (plus paging: see `ListParams`).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CampaignQuery {
    #[param(value_type = Option<domain::CampaignStatus>)]
    pub status: Option<String>,
    #[serde(rename = "type")]
    #[param(rename = "type", value_type = Option<domain::CampaignKind>)]
    pub kind: Option<String>,
    /// Created on or after this day (YYYY-MM-DD, your time zone).
    pub from: Option<String>,
    /// Created on or before this day (YYYY-MM-DD, your time zone).
    pub to: Option<String>,
}

/// Answer to create, as in the spec.
#[derive(Serialize, ToSchema)]
pub struct CampaignCreatedOut {
    pub id: String,
    pub name: String,
    #[schema(value_type = domain::CampaignStatus)]
    pub status: String,
    pub created: bool,
}

/// Campaigns of the account, filtered, sorted and paged; total in `X-Total-Count`.
#[utoipa::path(get, path = "/api/campaigns", operation_id = "list_campaigns", tag = "campaigns", params(CampaignQuery, ListParams),
    responses(
        (status = 200, body = Vec<CampaignSummaryOut>, headers(("x-total-count" = i64, description = "Matching campaigns"))),
        (status = 401, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope),
    ))]
async fn list(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<CampaignQuery>,
    ApiQuery(list): ApiQuery<ListParams>,
) -> ApiResult<axum::response::Response> {
    let page = list.page(SORTS)?;
    let time_zone = crate::auth::time_zone(&app, &user).await?;
    let filter = CampaignFilter {
        status: nonempty(q.status)
            .map(|s| one_of(&s, STATUSES))
            .transpose()
            .map_err(|r| ApiError::validation("status", r))?,
        r#type: nonempty(q.kind)
            .map(|s| one_of(&s, TYPES))
            .transpose()
            .map_err(|r| ApiError::validation("type", r))?,
        from_ms: nonempty(q.from)
            .map(|d| day_start(&d, &time_zone, 0, "from"))
            .transpose()?,
        to_ms: nonempty(q.to)
            .map(|d| day_start(&d, &time_zone, 1, "to"))
            .transpose()?,
    };
    let (rows, total) = app
        .store
        .list_campaigns(user.account, &filter, &page)
        .await?;
    Ok(list_response(
        rows.into_iter().map(CampaignSummaryOut::from).collect(),
        total,
    ))
}

fn nonempty(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
}

/// Create a campaign. It starts as `draft` unless `status` says otherwise
/// and the activation rules pass.
#[utoipa::path(post, path = "/api/campaigns", operation_id = "create_campaign", tag = "campaigns", request_body = CampaignIn,
    responses(
        (status = 201, body = CampaignCreatedOut),
        (status = 401, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope),
    ))]
async fn create(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<CampaignIn>,
) -> ApiResult<(StatusCode, Json<CampaignCreatedOut>)> {
    let fields = input.into_new()?;
    check_pool(&app, user.account, &fields).await?;
    check_flow(&app, user.account, &fields).await?;
    if fields.status == "active" {
        let assets = Assets {
            has_pool: fields.pool_id.is_some(),
            ..Assets::default()
        };
        let pool_numbers = match fields.pool_id {
            Some(pool) => app
                .store
                .pool_active_numbers(user.account, pool)
                .await?
                .unwrap_or(0),
            None => 0,
        };
        check_activation(
            &fields.r#type,
            Assets {
                pool_numbers,
                ..assets
            },
        )
        .map_err(|(field, reason)| ApiError::validation(field, reason))?;
    }
    let id = uuid::Uuid::new_v4().to_string();
    let c = app
        .store
        .create_campaign(user.account, &id, &fields)
        .await?;
    tracing::info!(campaign = %c.id, "campaign created");
    let message = format!(
        "Campaign \"{}\" created ({})",
        c.fields.name, c.fields.status
    );
    crate::activity::changed(
        &app,
        user.account,
        "campaign.created",
        "campaign",
        &c.id,
        message,
    )
    .await;
    Ok((
        StatusCode::CREATED,
        Json(CampaignCreatedOut {
            id: c.id,
            name: c.fields.name,
            status: c.fields.status,
            created: true,
        }),
    ))
}

/// The call flow a campaign names must be one of the account's.
async fn check_flow(app: &AppState, account: AccountId, fields: &CampaignFields) -> ApiResult<()> {
    if let Some(flow) = fields.call_flow_id {
        match app.store.call_flow(account, flow).await {
            Ok(_) => {}
            Err(store::StoreError::NotFound) => {
                return Err(ApiError::validation("callFlowId", "no such call flow"));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

async fn check_pool(app: &AppState, account: AccountId, fields: &CampaignFields) -> ApiResult<()> {
    if let Some(pool) = fields.pool_id
        && app
            .store
            .pool_active_numbers(account, pool)
            .await?
            .is_none()
    {
        return Err(ApiError::validation("poolId", "no such number pool"));
    }
    Ok(())
}

/// One campaign with its numbers, buyers and figures.
#[utoipa::path(get, path = "/api/campaigns/{id}", operation_id = "get_campaign", tag = "campaigns",
    params(("id" = String, Path, description = "Campaign id (UUID)")),
    responses((status = 200, body = CampaignOut), (status = 404, body = ErrorEnvelope)))]
async fn get_one(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<CampaignOut>> {
    Ok(Json(load(&app, user.account, &id).await?))
}

/// A campaign with everything its answer shows.
pub(crate) async fn load(app: &AppState, account: AccountId, id: &str) -> ApiResult<CampaignOut> {
    let c = app.store.campaign(account, id).await?;
    let related = output::Related {
        numbers: numbers::of_campaign(app, account, id).await?,
        buyers: app.store.campaign_buyers(account, id).await?,
        figures: app.store.campaign_figures(account, id).await?,
    };
    Ok(CampaignOut::new(c, related))
}

/// Change a campaign (same as PATCH: absent fields stay, `null` clears).
#[utoipa::path(put, path = "/api/campaigns/{id}", operation_id = "replace_campaign", tag = "campaigns", request_body = CampaignIn,
    params(("id" = String, Path, description = "Campaign id (UUID)")),
    responses((status = 200, body = UpdatedOut<String>), (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn update_put(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<CampaignIn>,
) -> ApiResult<Json<UpdatedOut<String>>> {
    update(&app, user.account, &id, input).await.map(Json)
}

/// Change some settings of a campaign.
#[utoipa::path(patch, path = "/api/campaigns/{id}", operation_id = "update_campaign", tag = "campaigns", request_body = CampaignIn,
    params(("id" = String, Path, description = "Campaign id (UUID)")),
    responses((status = 200, body = UpdatedOut<String>), (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn update_patch(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<CampaignIn>,
) -> ApiResult<Json<UpdatedOut<String>>> {
    update(&app, user.account, &id, input).await.map(Json)
}

async fn update(
    app: &AppState,
    account: AccountId,
    id: &str,
    input: CampaignIn,
) -> ApiResult<UpdatedOut<String>> {
    let current = app.store.campaign(account, id).await?;
    let mut fields = current.fields.clone();
    input.apply(&mut fields)?;
    let changes = input::changes(&current.fields, &fields);
    if changes.is_empty() {
        return Ok(UpdatedOut {
            id: id.to_string(),
            updated: false,
            changes,
        });
    }
    if fields.pool_id != current.fields.pool_id {
        check_pool(app, account, &fields).await?;
    }
    if fields.call_flow_id != current.fields.call_flow_id {
        check_flow(app, account, &fields).await?;
    }
    if fields.status == "active" {
        let r = app
            .store
            .campaign_readiness(account, id, fields.pool_id)
            .await?;
        let assets = Assets {
            active_buyers: r.active_buyers,
            numbers: r.numbers,
            has_pool: fields.pool_id.is_some(),
            pool_numbers: r.pool_numbers,
            rtb_targets: r.rtb_targets,
        };
        check_activation(&fields.r#type, assets)
            .map_err(|(field, reason)| ApiError::validation(field, reason))?;
    }
    app.store.update_campaign(account, id, &fields).await?;
    if let Some(old_pool) = current.fields.pool_id
        && fields.pool_id != Some(old_pool)
    {
        numbers::release_pool_numbers(app, account, id, old_pool).await?;
    }
    tracing::info!(campaign = %id, ?changes, "campaign updated");
    let (kind, message) = if fields.status != current.fields.status {
        (
            "campaign.status",
            format!("Campaign \"{}\" is now {}", fields.name, fields.status),
        )
    } else {
        (
            "campaign.updated",
            format!(
                "Campaign \"{}\" changed: {}",
                fields.name,
                changes.join(", ")
            ),
        )
    };
    crate::activity::changed(app, account, kind, "campaign", id, message).await;
    Ok(UpdatedOut {
        id: id.to_string(),
        updated: true,
        changes,
    })
}

/// Soft-delete a campaign: its calls keep it, its numbers are released.
#[utoipa::path(delete, path = "/api/campaigns/{id}", operation_id = "delete_campaign", tag = "campaigns",
    params(("id" = String, Path, description = "Campaign id (UUID)")),
    responses((status = 200, body = DeletedOut<String>), (status = 404, body = ErrorEnvelope)))]
async fn delete(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<DeletedOut<String>>> {
    let campaign = app.store.campaign(user.account, &id).await?;
    app.store
        .release_campaign_numbers(user.account, &id)
        .await?;
    app.store.delete_campaign(user.account, &id).await?;
    tracing::info!(campaign = %id, "campaign deleted");
    let message = format!("Campaign \"{}\" deleted", campaign.fields.name);
    crate::activity::changed(
        &app,
        user.account,
        "campaign.deleted",
        "campaign",
        &id,
        message,
    )
    .await;
    Ok(Json(DeletedOut { id, deleted: true }))
}
