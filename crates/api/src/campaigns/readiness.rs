//! `GET /api/campaigns/{id}/readiness`: the activation checklist. What the
//! campaign still needs before it may go live (the same rules activation
//! enforces), and warnings about what would make a live campaign turn
//! calls away: no assigned buyer taking calls at this hour, an RTB
//! fallback with nobody to fall back to, settings that cannot be read.

use axum::Json;
use axum::extract::State;
use domain::campaign::{Assets, Check, checklist};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::ApiPath;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(readiness))
}

/// One item of the checklist.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CheckOut {
    /// Stable name: `numbers`, `poolNumbers`, `pool`, `buyers`,
    /// `rtbTargets`, `status`, `buyersOpenNow`, `fallback`, `settings`.
    #[schema(example = "buyers")]
    pub key: String,
    /// The campaign input that fixes it.
    #[schema(example = "buyers")]
    pub field: String,
    pub ok: bool,
    /// Activation is refused while a required item fails; the others are
    /// warnings.
    pub required: bool,
    #[schema(example = "Active buyers")]
    pub label: String,
    /// What is missing, or what was found.
    #[schema(example = "2 active buyers")]
    pub message: String,
}

/// A campaign's activation checklist.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReadinessOut {
    pub campaign_id: String,
    #[schema(value_type = domain::CampaignStatus)]
    pub status: String,
    /// Every required item passes: the campaign may be activated (or is live).
    pub ready: bool,
    /// Required items first, in the order activation checks them.
    pub checks: Vec<CheckOut>,
}

impl From<Check> for CheckOut {
    fn from(c: Check) -> Self {
        Self {
            key: c.key.into(),
            field: c.field.into(),
            ok: c.ok,
            required: c.required,
            label: c.label.into(),
            message: c.message,
        }
    }
}

fn warning(key: &str, field: &str, label: &str, ok: bool, message: String) -> CheckOut {
    CheckOut {
        key: key.into(),
        field: field.into(),
        ok,
        required: false,
        label: label.into(),
        message,
    }
}

/// What campaign `id` still needs before it goes live.
#[utoipa::path(get, path = "/api/campaigns/{id}/readiness", operation_id = "campaign_readiness", tag = "campaigns",
    params(("id" = String, Path, description = "Campaign id")),
    responses(
        (status = 200, body = ReadinessOut),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
    ))]
async fn readiness(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<ReadinessOut>> {
    let campaign = app.store.campaign(user.account, &id).await?;
    let f = &campaign.fields;
    let r = app
        .store
        .campaign_readiness(user.account, &id, f.pool_id)
        .await?;
    let assets = Assets {
        active_buyers: r.active_buyers,
        numbers: r.numbers,
        has_pool: f.pool_id.is_some(),
        pool_numbers: r.pool_numbers,
        rtb_targets: r.rtb_targets,
    };
    let mut checks: Vec<CheckOut> = checklist(&f.r#type, assets)
        .into_iter()
        .map(CheckOut::from)
        .collect();
    let ready = checks.iter().all(|c| c.ok || !c.required);
    let live = f.status == "active";
    checks.push(warning(
        "status",
        "status",
        "Live",
        live,
        if live {
            "the campaign is active and takes calls".into()
        } else {
            format!("the campaign is {}: activate it to take calls", f.status)
        },
    ));
    let rtb = f.r#type == "rtb";
    let sells_to_buyers = !rtb || f.rtb_fallback == "buyers";
    let snapshot = app.live().snapshot();
    let compiled = snapshot.campaigns.get(id.as_str());
    if sells_to_buyers && r.active_buyers > 0 {
        let now = jiff::Timestamp::now();
        let open = compiled.map_or(0, |c| {
            c.buyers
                .iter()
                .filter(|b| b.status == "active")
                .filter_map(|b| snapshot.buyers.get(&b.buyer_id))
                .filter(|b| {
                    b.status == domain::BuyerStatus::Active
                        && b.problem.is_none()
                        && b.schedule.is_open(&b.time_zone, now)
                })
                .count()
        });
        checks.push(warning(
            "buyersOpenNow",
            "buyers",
            "Buyers taking calls now",
            open > 0,
            if open > 0 {
                format!("{open} of the assigned buyers are within their hours now")
            } else {
                "no assigned buyer is within their hours now: calls go to the fallback until one is"
                    .into()
            },
        ));
    }
    if rtb {
        let (ok, message) = match f.rtb_fallback.as_str() {
            "buyers" if r.active_buyers == 0 => (
                false,
                "when no bidder wins, calls go to the campaign's buyers, and it has none: callers hear the fallback message".to_string(),
            ),
            "number" if f.fallback_number.as_deref().is_none_or(str::is_empty) => (
                false,
                "when no bidder wins, calls go to the fallback number, and none is set".to_string(),
            ),
            "buyers" => (true, "when no bidder wins, the campaign's buyers take the call".into()),
            "number" => (true, "when no bidder wins, the fallback number takes the call".into()),
            _ => (true, "when no bidder wins, callers hear the fallback message".into()),
        };
        checks.push(warning(
            "fallback",
            "rtb.fallback",
            "Fallback when no bidder wins",
            ok,
            message,
        ));
    }
    if let Some(problem) = compiled.and_then(|c| c.problem.clone()) {
        checks.push(warning("settings", "timeZone", "Settings", false, problem));
    }
    Ok(Json(ReadinessOut {
        campaign_id: id,
        status: f.status.clone(),
        ready,
        checks,
    }))
}
