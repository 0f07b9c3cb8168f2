//! Which RTB targets a campaign's auctions ping
//! (`/api/rtb/campaigns/{campaignId}/targets`), with a priority (1-10, 10
//! first) and an on/off switch per target. Campaign and targets must both
//! be the caller's.

use std::collections::HashSet;

use axum::Json;
use axum::extract::State;
use domain::validate;
use serde::{Deserialize, Serialize};
use store::rtb_targets::{CampaignRtbTarget, RtbAssignment};
use store::{AccountId, StoreError};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath};
use crate::shapes::DeletedOut;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_assignments, replace_assignments))
        .routes(routes!(remove_assignment))
}

/// The most targets one campaign may ping.
const MAX_TARGETS: usize = 200;

/// One target's terms on a campaign.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CampaignRtbTargetIn {
    pub rtb_target_id: i64,
    /// 1-10, 10 pinged first (default 5).
    pub priority: Option<i64>,
    /// Default true.
    pub enabled: Option<bool>,
}

/// A target assigned to a campaign.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CampaignRtbTargetOut {
    pub rtb_target_id: i64,
    pub name: String,
    /// The target's own status: active, inactive or testing.
    pub status: String,
    pub priority: i64,
    pub enabled: bool,
}

impl From<CampaignRtbTarget> for CampaignRtbTargetOut {
    fn from(c: CampaignRtbTarget) -> Self {
        Self {
            rtb_target_id: c.assignment.rtb_target_id,
            name: c.target_name,
            status: c.target_status,
            priority: c.assignment.priority,
            enabled: c.assignment.enabled,
        }
    }
}

async fn current(
    app: &AppState,
    account: AccountId,
    campaign_id: &str,
) -> ApiResult<Json<Vec<CampaignRtbTargetOut>>> {
    let rows = app
        .store
        .campaign_rtb_targets(account, campaign_id)
        .await
        .map_err(no_campaign)?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

fn no_campaign(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::not_found("No such campaign"),
        other => other.into(),
    }
}

/// The targets the campaign's auctions ping, by priority.
#[utoipa::path(get, path = "/api/rtb/campaigns/{campaignId}/targets", tag = "rtb",
    params(("campaignId" = String, Path, description = "Campaign id (UUID)")),
    responses(
        (status = 200, body = Vec<CampaignRtbTargetOut>), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "No such campaign in this account"),
    ))]
async fn list_assignments(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(campaign_id): ApiPath<String>,
) -> ApiResult<Json<Vec<CampaignRtbTargetOut>>> {
    current(&app, user.account, &campaign_id).await
}

/// Replace the campaign's targets; answers the new list.
#[utoipa::path(put, path = "/api/rtb/campaigns/{campaignId}/targets", tag = "rtb",
    request_body = Vec<CampaignRtbTargetIn>,
    params(("campaignId" = String, Path, description = "Campaign id (UUID)")),
    responses(
        (status = 200, body = Vec<CampaignRtbTargetOut>), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "No such campaign in this account"),
        (status = 422, body = ErrorEnvelope, description = "Invalid entry, or a target that is not yours; nothing was written"),
    ))]
async fn replace_assignments(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(campaign_id): ApiPath<String>,
    ApiJson(input): ApiJson<Vec<CampaignRtbTargetIn>>,
) -> ApiResult<Json<Vec<CampaignRtbTargetOut>>> {
    app.store
        .campaign(user.account, &campaign_id)
        .await
        .map_err(no_campaign)?;
    if input.len() > MAX_TARGETS {
        return Err(ApiError::validation(
            "targets",
            format!("at most {MAX_TARGETS} targets per campaign"),
        ));
    }
    let mut seen = HashSet::new();
    let mut assignments = Vec::with_capacity(input.len());
    for (i, a) in input.into_iter().enumerate() {
        if !seen.insert(a.rtb_target_id) {
            return Err(ApiError::validation(
                &format!("[{i}].rtbTargetId"),
                "is listed twice",
            ));
        }
        let priority = validate::in_range(a.priority.unwrap_or(5), 1..=10)
            .map_err(|r| ApiError::validation(&format!("[{i}].priority"), r))?;
        assignments.push(RtbAssignment {
            rtb_target_id: a.rtb_target_id,
            priority,
            enabled: a.enabled.unwrap_or(true),
        });
    }
    // The campaign was checked above, so NotFound here is a target.
    app.store
        .set_campaign_rtb_targets(user.account, &campaign_id, &assignments)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::validation("rtbTargetId", "no such RTB target"),
            other => other.into(),
        })?;
    current(&app, user.account, &campaign_id).await
}

/// Take one target off the campaign.
#[utoipa::path(delete, path = "/api/rtb/campaigns/{campaignId}/targets/{targetId}", tag = "rtb",
    params(
        ("campaignId" = String, Path, description = "Campaign id (UUID)"),
        ("targetId" = i64, Path, description = "RTB target id"),
    ),
    responses(
        (status = 200, body = DeletedOut<i64>), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "No such campaign, or the target is not on it"),
    ))]
async fn remove_assignment(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath((campaign_id, target_id)): ApiPath<(String, i64)>,
) -> ApiResult<Json<DeletedOut<i64>>> {
    app.store
        .remove_campaign_rtb_target(user.account, &campaign_id, target_id)
        .await?;
    Ok(Json(DeletedOut {
        id: target_id,
        deleted: true,
    }))
}
