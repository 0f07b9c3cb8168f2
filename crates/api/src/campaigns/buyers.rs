//! Buyers assigned to a campaign (`/api/campaigns/{id}/buyers`), with
//! per-campaign priority, weight and caps.

use std::collections::HashSet;

use axum::Json;
use axum::extract::State;
use domain::campaign::one_of;
use domain::validate;
use serde::Deserialize;
use store::campaign_buyers::CampaignBuyerTerms;
use store::{AccountId, StoreError};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::CampaignBuyerOut;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath};
use crate::shapes::DeletedOut;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(replace, add))
        .routes(routes!(remove))
}

/// A buyer's terms on a campaign.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CampaignBuyerIn {
    pub buyer_id: i64,
    /// 1-10, 10 first (default 5).
    pub priority: Option<i64>,
    /// 1-100, share under the weighted strategy (default 1).
    pub weight: Option<i64>,
    pub max_concurrent_calls: Option<i64>,
    pub hourly_cap: Option<i64>,
    pub daily_cap: Option<i64>,
    pub monthly_cap: Option<i64>,
    /// active | paused (default active)
    pub status: Option<String>,
}

impl CampaignBuyerIn {
    fn validate(self, at: &str) -> ApiResult<CampaignBuyerTerms> {
        let field = |name: &str| format!("{at}{name}");
        let priority = validate::in_range(self.priority.unwrap_or(5), 1..=10)
            .map_err(|r| ApiError::validation(&field("priority"), r))?;
        let weight = validate::in_range(self.weight.unwrap_or(1), 1..=100)
            .map_err(|r| ApiError::validation(&field("weight"), r))?;
        validate::caps(
            self.max_concurrent_calls,
            self.hourly_cap,
            self.daily_cap,
            self.monthly_cap,
        )
        .map_err(|(name, r)| ApiError::validation(&field(name), r))?;
        let status = one_of(
            self.status.as_deref().unwrap_or("active"),
            &["active", "paused"],
        )
        .map_err(|r| ApiError::validation(&field("status"), r))?;
        Ok(CampaignBuyerTerms {
            buyer_id: self.buyer_id,
            priority,
            weight,
            max_concurrent_calls: self.max_concurrent_calls,
            hourly_cap: self.hourly_cap,
            daily_cap: self.daily_cap,
            monthly_cap: self.monthly_cap,
            status,
        })
    }
}

async fn current(
    app: &AppState,
    account: AccountId,
    id: &str,
) -> ApiResult<Json<Vec<CampaignBuyerOut>>> {
    let buyers = app.store.campaign_buyers(account, id).await?;
    Ok(Json(buyers.into_iter().map(Into::into).collect()))
}

/// A buyer id that is not the account's is a 422 on that field, not a 404:
/// the campaign exists, the reference in the body is wrong.
fn unknown_buyer(e: StoreError, field: &str) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::validation(field, "no such buyer"),
        other => other.into(),
    }
}

/// Replace the campaign's buyers.
#[utoipa::path(put, path = "/api/campaigns/{id}/buyers", operation_id = "set_campaign_buyers", tag = "campaigns", request_body = Vec<CampaignBuyerIn>,
    params(("id" = String, Path, description = "Campaign id (UUID)")),
    responses((status = 200, body = Vec<CampaignBuyerOut>), (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn replace(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<Vec<CampaignBuyerIn>>,
) -> ApiResult<Json<Vec<CampaignBuyerOut>>> {
    app.store.campaign(user.account, &id).await?;
    if input.len() > 500 {
        return Err(ApiError::validation(
            "buyers",
            "at most 500 buyers per campaign",
        ));
    }
    let mut seen = HashSet::new();
    let mut terms = Vec::with_capacity(input.len());
    for (i, b) in input.into_iter().enumerate() {
        if !seen.insert(b.buyer_id) {
            return Err(ApiError::validation(
                &format!("[{i}].buyerId"),
                "is listed twice",
            ));
        }
        terms.push(b.validate(&format!("[{i}]."))?);
    }
    app.store
        .set_campaign_buyers(user.account, &id, &terms)
        .await
        .map_err(|e| unknown_buyer(e, "buyerId"))?;
    current(&app, user.account, &id).await
}

/// Add one buyer to the campaign, or change its terms.
#[utoipa::path(post, path = "/api/campaigns/{id}/buyers", operation_id = "add_campaign_buyer", tag = "campaigns", request_body = CampaignBuyerIn,
    params(("id" = String, Path, description = "Campaign id (UUID)")),
    responses((status = 200, body = Vec<CampaignBuyerOut>), (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn add(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(input): ApiJson<CampaignBuyerIn>,
) -> ApiResult<Json<Vec<CampaignBuyerOut>>> {
    app.store.campaign(user.account, &id).await?;
    let terms = input.validate("")?;
    app.store
        .upsert_campaign_buyer(user.account, &id, &terms)
        .await
        .map_err(|e| unknown_buyer(e, "buyerId"))?;
    current(&app, user.account, &id).await
}

/// Take a buyer off the campaign.
#[utoipa::path(delete, path = "/api/campaigns/{id}/buyers/{buyer_id}", operation_id = "remove_campaign_buyer", tag = "campaigns",
    params(("id" = String, Path, description = "Campaign id (UUID)"), ("buyer_id" = i64, Path, description = "Buyer id")),
    responses((status = 200, body = DeletedOut<i64>), (status = 404, body = ErrorEnvelope)))]
async fn remove(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath((id, buyer_id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<DeletedOut<i64>>> {
    app.store
        .remove_campaign_buyer(user.account, &id, buyer_id)
        .await?;
    Ok(Json(DeletedOut {
        id: buyer_id,
        deleted: true,
    }))
}
