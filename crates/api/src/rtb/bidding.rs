//! The bridge from stored targets to the `rtb` crate: turning a row into
//! the auction's `TargetConfig`, the endpoint check against request forgery,
//! and "Test bidding" (`POST /api/rtb/targets/{id}/test`), which sends one
//! sample request and shows exactly what went out and what came back.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use domain::Money;
use rtb::BidStatus;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::ApiPath;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(test_target))
}

/// Refuse endpoint URLs the platform must not call: private, loopback and
/// link-local addresses (request forgery), unless the operator allowed
/// them (`CALLCENTER_RTB_ALLOW_PRIVATE_ENDPOINTS`, for demos and tests).
pub async fn check_endpoint(app: &AppState, url: &str) -> ApiResult<()> {
    rtb::check_endpoint(url, app.settings.rtb_allow_private_endpoints)
        .await
        .map(|_| ())
        .map_err(|reason| ApiError::validation("endpointUrl", reason))
}

/// What a test bid sent and got back.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TestBidOut {
    /// The request body (or query for GET) exactly as sent.
    pub request: String,
    pub method: String,
    pub url: String,
    /// The raw answer (first 8 KB), when one came.
    pub response: Option<String>,
    pub http_status: Option<u16>,
    pub response_time_ms: u32,
    /// success | no_bid | rejected | timeout | http_error | parse_error | connection_error
    pub status: String,
    pub accepted: bool,
    #[schema(example = "12.50")]
    pub bid_amount: Option<String>,
    pub currency: String,
    pub destination: Option<String>,
    pub rejection_code: Option<u16>,
    /// "Final capacity check (Code: 1006)".
    pub rejection_reason: Option<String>,
    pub error: Option<String>,
}

/// Send one sample bid request to a target and show what happened.
#[utoipa::path(post, path = "/api/rtb/targets/{id}/test", operation_id = "test_rtb_target", tag = "rtb",
    params(("id" = i64, Path, description = "RTB target id")),
    responses((status = 200, body = TestBidOut), (status = 404, body = ErrorEnvelope)))]
async fn test_target(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<TestBidOut>> {
    let row = app.store.rtb_target(user.account, id).await?;
    let client = app.rtb_client()?;
    let target = row.auction_config(5);
    let vars: rtb::Variables = rtb::CallVariables {
        request_id: format!("test_{}", uuid::Uuid::new_v4().simple()),
        campaign_id: "test-campaign".into(),
        caller_id: "+12125550100".into(),
        caller_state: "NY".into(),
        caller_zip: "10001".into(),
        caller_city: "New York".into(),
        call_start_time: jiff::Timestamp::now().to_string(),
        to_number: "+18005550100".into(),
        call_sid: "CAtest0000000000000000000000000000".into(),
    }
    .into();
    let deadline = Duration::from_millis(target.timeout_ms as u64);
    let outcome = rtb::run(
        client,
        std::slice::from_ref(&target),
        &vars,
        Money(0),
        deadline,
    )
    .await;
    let Some(r) = outcome.results.into_iter().next() else {
        return Err(ApiError::internal("the auction returned no result"));
    };
    Ok(Json(TestBidOut {
        request: r.raw_request,
        method: row.fields.request_method.clone(),
        url: row.fields.endpoint_url.clone(),
        response: r.raw_response,
        http_status: r.http_status,
        response_time_ms: r.response_ms,
        status: status_name(r.status).into(),
        accepted: r.accepted,
        bid_amount: r.amount.map(|m| m.to_decimal_string(2)),
        currency: r.currency,
        destination: r.destination,
        rejection_code: r.rejection.map(|x| x.code),
        rejection_reason: r.rejection.map(|x| x.to_string()),
        error: r.error,
    }))
}

/// The stored name of a bid status.
pub fn status_name(s: BidStatus) -> &'static str {
    match s {
        BidStatus::Success => "success",
        BidStatus::NoBid => "no_bid",
        BidStatus::Rejected => "rejected",
        BidStatus::Timeout => "timeout",
        BidStatus::HttpError => "http_error",
        BidStatus::ParseError => "parse_error",
        BidStatus::ConnectionError => "connection_error",
    }
}
