//! Numbers of a campaign (`/api/campaigns/{id}/numbers`): direct
//! assignment, allocation from the campaign's pool, release. Exclusivity is
//! enforced by the store's conditional updates: a number held by another
//! campaign is a 409 naming the holder.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use store::AccountId;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::CampaignNumberOut;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(assign))
        .routes(routes!(allocate))
        .routes(routes!(release))
}

/// A number to assign directly.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssignNumberIn {
    pub phone_number_id: i64,
}

/// How many numbers to take from the campaign's pool.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AllocateIn {
    /// 1-1000.
    pub count: i64,
}

pub(super) async fn of_campaign(
    app: &AppState,
    account: AccountId,
    id: &str,
) -> ApiResult<Vec<CampaignNumberOut>> {
    Ok(app
        .store
        .campaign_numbers(account, id)
        .await?
        .into_iter()
        .map(|n| CampaignNumberOut {
            id: n.id,
            phone_number: n.phone_number,
            pool_id: n.pool_id,
        })
        .collect())
}

/// Release the campaign's numbers that came from `pool_id` (its pool changed).
pub(super) async fn release_pool_numbers(
    app: &AppState,
    account: AccountId,
    id: &str,
    pool_id: i64,
) -> ApiResult<()> {
    for n in app.store.campaign_numbers(account, id).await? {
        if n.pool_id == Some(pool_id) {
            app.store.release_number(account, n.id).await?;
        }
    }
    Ok(())
}

/// Assign a number to the campaign (409 if another campaign holds it).
#[utoipa::path(post, path = "/api/campaigns/{id}/numbers", operation_id = "assign_campaign_number", tag = "campaigns", request_body = AssignNumberIn,
    params(("id" = String, Path, description = "Campaign id (UUID)")),
    responses((status = 200, body = Vec<CampaignNumberOut>), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
async fn assign(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<AssignNumberIn>,
) -> ApiResult<Json<Vec<CampaignNumberOut>>> {
    app.store.campaign(user.account, &id).await?;
    app.store
        .assign_number_to_campaign(user.account, input.phone_number_id, &id)
        .await?;
    Ok(Json(of_campaign(&app, user.account, &id).await?))
}

/// Assign `count` available numbers of the campaign's pool.
#[utoipa::path(post, path = "/api/campaigns/{id}/numbers/allocate", operation_id = "allocate_campaign_numbers", tag = "campaigns", request_body = AllocateIn,
    params(("id" = String, Path, description = "Campaign id (UUID)")),
    responses((status = 200, body = Vec<CampaignNumberOut>), (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn allocate(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<AllocateIn>,
) -> ApiResult<Json<Vec<CampaignNumberOut>>> {
    let campaign = app.store.campaign(user.account, &id).await?;
    let count = domain::validate::in_range(input.count, 1..=1000)
        .map_err(|r| ApiError::validation("count", r))?;
    let Some(pool) = campaign.fields.pool_id else {
        return Err(ApiError::validation(
            "poolId",
            "the campaign has no number pool to allocate from",
        ));
    };
    let got = app
        .store
        .allocate_pool_numbers(user.account, pool, &id, count)
        .await?;
    if got.is_empty() {
        return Err(ApiError::validation(
            "count",
            "the pool has no available numbers",
        ));
    }
    Ok(Json(of_campaign(&app, user.account, &id).await?))
}

/// Release a number from the campaign (it returns to its pool, if any).
#[utoipa::path(delete, path = "/api/campaigns/{id}/numbers/{phone_number_id}", operation_id = "release_campaign_number", tag = "campaigns",
    params(("id" = String, Path, description = "Campaign id (UUID)"), ("phone_number_id" = i64, Path, description = "Phone number id")),
    responses((status = 200, body = Vec<CampaignNumberOut>), (status = 404, body = ErrorEnvelope)))]
async fn release(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath((id, number_id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<Vec<CampaignNumberOut>>> {
    let held = of_campaign(&app, user.account, &id).await?;
    if !held.iter().any(|n| n.id == number_id) {
        return Err(ApiError::not_found(
            "That number is not assigned to this campaign",
        ));
    }
    app.store.release_number(user.account, number_id).await?;
    Ok(Json(of_campaign(&app, user.account, &id).await?))
}
