//! Conversions and notes from outside:
//!
//! - `POST /api/conversions`: a buyer's CRM or an affiliate tracker marks
//!   a call converted (or not) and sets its revenue, naming the call by
//!   id, CallSid, or the caller's number and a time. Authenticated by the
//!   campaign's postback token (`X-Postback-Token` or `?token=`, for
//!   systems without a login; only that campaign's calls) or by a signed
//!   in user. Every report is kept with what it changed; an idempotency
//!   key (`Idempotency-Key` or `idempotencyKey`) makes a repeat change
//!   nothing and answer what the first did.
//! - a campaign's postback token (`/api/campaigns/{id}/postback`);
//! - tags on a call (`/api/calls/{id}/tags`) and its conversions.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use domain::AccountId;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use store::StoreError;
use store::conversions::{CallRef, ConversionIn, ConversionRow};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::shapes::money;
use crate::stats::rfc3339;

/// Reports one token (or user) may send per minute, on each node.
const PER_MINUTE: u32 = 600;
/// Tags on one call.
const MAX_TAGS: usize = 50;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(report_conversion))
        .routes(routes!(campaign_postback))
        .routes(routes!(rotate_campaign_postback))
        .routes(routes!(list_call_tags, add_call_tags))
        .routes(routes!(remove_call_tag))
        .routes(routes!(list_call_conversions))
}

/// Who reports: a campaign's postback token.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TokenQuery {
    /// The campaign's postback token (or the `X-Postback-Token` header).
    pub token: Option<String>,
}

/// A conversion of one call. Name the call by exactly one of `callId`,
/// `callSid` or `callerNumber` (with `at`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversionReportIn {
    pub call_id: Option<i64>,
    #[schema(example = "CA1234567890abcdef1234567890abcdef")]
    pub call_sid: Option<String>,
    /// The caller's number: their latest call in the day before `at`.
    #[schema(example = "+12125550123")]
    pub caller_number: Option<String>,
    /// RFC 3339; default now.
    pub at: Option<String>,
    /// Default true; false undoes a conversion (revenue 0 unless given).
    pub converted: Option<bool>,
    /// The call's revenue, a decimal string (`"45.00"`) or number. Absent:
    /// kept when the call already has revenue, else the buyer's payout.
    #[schema(value_type = Option<String>, example = "45.00")]
    pub revenue: Option<Value>,
    /// The same key sent again changes nothing (1-100 characters; or the
    /// `Idempotency-Key` header).
    pub idempotency_key: Option<String>,
    /// At most 500 characters.
    pub note: Option<String>,
}

/// What a conversion did.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversionOut {
    pub conversion_id: i64,
    pub call_id: i64,
    pub converted: bool,
    #[schema(example = "45.00")]
    pub revenue: String,
    pub previous_converted: bool,
    pub previous_revenue: String,
    /// postback or user
    pub via: String,
    pub idempotency_key: Option<String>,
    pub note: Option<String>,
    /// True when this repeats an earlier report's key: nothing changed.
    pub duplicate: bool,
    pub created_at: String,
}

fn conversion_out(c: ConversionRow, duplicate: bool) -> ConversionOut {
    ConversionOut {
        conversion_id: c.id,
        call_id: c.call_id,
        converted: c.converted_after,
        revenue: money(c.revenue_after_e4),
        previous_converted: c.converted_before,
        previous_revenue: money(c.revenue_before_e4),
        via: c.via,
        idempotency_key: c.idempotency_key,
        note: c.note,
        duplicate,
        created_at: rfc3339(c.created_at),
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

fn revenue_e4(v: Option<Value>) -> ApiResult<Option<i64>> {
    let text = match v {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => {
            return Err(ApiError::validation(
                "revenue",
                "must be a decimal amount such as \"45.00\"",
            ));
        }
    };
    let m = domain::Money::parse(&text).map_err(|r| ApiError::validation("revenue", r))?;
    if m.0 > 1_000_000 * 10_000 {
        return Err(ApiError::validation("revenue", "must be at most 1000000"));
    }
    Ok(Some(m.0))
}

fn call_ref(input: &ConversionReportIn) -> ApiResult<CallRef> {
    let named = [
        input.call_id.is_some(),
        input
            .call_sid
            .as_deref()
            .is_some_and(|s| !s.trim().is_empty()),
        input
            .caller_number
            .as_deref()
            .is_some_and(|s| !s.trim().is_empty()),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    if named != 1 {
        return Err(ApiError::validation(
            "callId",
            "name the call by exactly one of callId, callSid or callerNumber",
        ));
    }
    if let Some(id) = input.call_id {
        return Ok(CallRef::Id(id));
    }
    if let Some(sid) = input
        .call_sid
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if sid.len() > 64 {
            return Err(ApiError::validation(
                "callSid",
                "must be at most 64 characters",
            ));
        }
        return Ok(CallRef::Sid(sid.to_string()));
    }
    let number = input.caller_number.as_deref().unwrap_or_default().trim();
    let number = domain::E164::parse(number, "US")
        .map_err(|r| ApiError::validation("callerNumber", r))?
        .into_string();
    let at = match input.at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => domain::now_ms(),
        Some(t) => t
            .parse::<jiff::Timestamp>()
            .map_err(|_| ApiError::validation("at", "must be an RFC 3339 time"))?
            .as_millisecond(),
    };
    Ok(CallRef::Caller { number, at })
}

/// Mark a call converted (or not) and set its revenue. Authenticated by
/// a campaign's postback token (that campaign's calls only) or by a
/// signed-in user (the account's calls).
#[utoipa::path(post, path = "/api/conversions", tag = "integrations",
    request_body = ConversionReportIn, params(TokenQuery),
    responses(
        (status = 200, body = ConversionOut),
        (status = 401, body = ErrorEnvelope, description = "No token or session, or an unknown token"),
        (status = 404, body = ErrorEnvelope, description = "No such call in the token's campaign or the account"),
        (status = 422, body = ErrorEnvelope),
        (status = 429, body = ErrorEnvelope),
    ))]
async fn report_conversion(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    user: Option<CurrentUser>,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<TokenQuery>,
    ApiJson(input): ApiJson<ConversionReportIn>,
) -> ApiResult<Json<ConversionOut>> {
    let token = header(&headers, "x-postback-token")
        .map(str::to_string)
        .or(q
            .token
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()));
    let (account, campaign, via, key) = match (token, user) {
        (Some(token), _) => {
            if token.len() > 100 {
                return Err(ApiError::unauthorized("Unknown postback token"));
            }
            let (account, campaign) = app
                .store
                .campaign_of_postback_token(&token)
                .await?
                .ok_or_else(|| ApiError::unauthorized("Unknown postback token"))?;
            (account, Some(campaign), "postback", format!("pb:{token}"))
        }
        (None, Some(user)) => {
            // Signed in: the member's role must allow changes to calls.
            user.require(domain::Role::Manager)?;
            (user.account, None, "user", format!("u:{}", user.account.0))
        }
        (None, None) => {
            return Err(ApiError::unauthorized(
                "Send the campaign's postback token (X-Postback-Token) or sign in",
            ));
        }
    };
    app.dni_limits
        .hit(&format!("conv:{key}"), PER_MINUTE)
        .map_err(ApiError::rate_limited)?;
    let call = call_ref(&input)?;
    let idempotency_key = header(&headers, "idempotency-key")
        .map(str::to_string)
        .or(input.idempotency_key.clone())
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty());
    if idempotency_key
        .as_ref()
        .is_some_and(|k| k.chars().count() > 100)
    {
        return Err(ApiError::validation(
            "idempotencyKey",
            "must be at most 100 characters",
        ));
    }
    let note = domain::validate::optional_text(input.note.as_deref(), 500)
        .map_err(|r| ApiError::validation("note", r))?;
    let c = ConversionIn {
        via,
        campaign_id: campaign.clone(),
        address: Some(peer.ip().to_string()),
        idempotency_key,
        converted: input.converted.unwrap_or(true),
        revenue_e4: revenue_e4(input.revenue)?,
        note,
    };
    if let Some(key) = &c.idempotency_key
        && let Some(done) = app.store.conversion_by_key(account, key).await?
    {
        return Ok(Json(conversion_out(done, true)));
    }
    let id = app
        .store
        .find_call(account, campaign.as_deref(), &call)
        .await?
        .ok_or_else(|| ApiError::not_found("No such call"))?;
    let (row, duplicate) = app.store.record_conversion(account, id, &c).await?;
    Ok(Json(conversion_out(row, duplicate)))
}

/// A campaign's postback: the token and how to use it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PostbackOut {
    pub campaign_id: String,
    /// Send it as `X-Postback-Token` (or `?token=`); it reports
    /// conversions of this campaign's calls only.
    pub token: String,
    #[schema(example = "https://calls.example.com/api/conversions")]
    pub url: String,
    /// A complete request to copy.
    pub example: String,
}

fn postback_out(app: &AppState, campaign: String, token: String) -> PostbackOut {
    let url = format!(
        "{}/api/conversions",
        app.settings.public_url.trim_end_matches('/')
    );
    let example = format!(
        "curl -X POST '{url}' -H 'X-Postback-Token: {token}' -H 'Content-Type: application/json' \
         -d '{{\"callSid\": \"CA…\", \"revenue\": \"45.00\", \"idempotencyKey\": \"order-1001\"}}'"
    );
    PostbackOut {
        campaign_id: campaign,
        token,
        url,
        example,
    }
}

/// The campaign's postback token (made on first use).
#[utoipa::path(get, path = "/api/campaigns/{id}/postback", tag = "integrations",
    params(("id" = String, Path, description = "Campaign id")),
    responses((status = 200, body = PostbackOut), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn campaign_postback(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<PostbackOut>> {
    let token = app.store.postback_token(user.account, &id).await?;
    Ok(Json(postback_out(&app, id, token)))
}

/// Give the campaign a new postback token; the old one stops working.
#[utoipa::path(post, path = "/api/campaigns/{id}/postback/rotate", tag = "integrations",
    params(("id" = String, Path, description = "Campaign id")),
    responses((status = 200, body = PostbackOut), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn rotate_campaign_postback(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<PostbackOut>> {
    let token = app.store.rotate_postback_token(user.account, &id).await?;
    Ok(Json(postback_out(&app, id, token)))
}

/// Tags to add to a call.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TagsIn {
    /// 1-20 tags of 1-50 characters each.
    #[schema(example = json!(["qualified", "spanish"]))]
    pub tags: Vec<String>,
}

/// A call's tags.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TagsOut {
    pub call_id: i64,
    pub tags: Vec<String>,
}

fn tag(raw: &str) -> ApiResult<String> {
    domain::validate::text(raw, 50, true).map_err(|r| ApiError::validation("tags", r))
}

/// A call's tags.
#[utoipa::path(get, path = "/api/calls/{id}/tags", tag = "calls",
    params(("id" = i64, Path, description = "Call id")),
    responses((status = 200, body = TagsOut), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn list_call_tags(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<TagsOut>> {
    require_call(&app, user.account, id).await?;
    let tags = app.store.call_tags(user.account, id).await?;
    Ok(Json(TagsOut { call_id: id, tags }))
}

async fn require_call(app: &AppState, account: AccountId, id: i64) -> ApiResult<()> {
    app.store
        .find_call(account, None, &CallRef::Id(id))
        .await?
        .map(|_| ())
        .ok_or_else(|| ApiError::not_found("No such call"))
}

/// Add tags to a call (a tag it has already is kept once).
#[utoipa::path(post, path = "/api/calls/{id}/tags", tag = "calls", request_body = TagsIn,
    params(("id" = i64, Path, description = "Call id")),
    responses((status = 200, body = TagsOut), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn add_call_tags(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<TagsIn>,
) -> ApiResult<Json<TagsOut>> {
    if input.tags.is_empty() || input.tags.len() > 20 {
        return Err(ApiError::validation("tags", "send 1-20 tags"));
    }
    let tags = input
        .tags
        .iter()
        .map(|t| tag(t))
        .collect::<ApiResult<Vec<_>>>()?;
    require_call(&app, user.account, id).await?;
    let have = app.store.call_tags(user.account, id).await?;
    let new = tags.iter().filter(|t| !have.contains(t)).count();
    if have.len() + new > MAX_TAGS {
        return Err(ApiError::validation(
            "tags",
            format!("a call has at most {MAX_TAGS} tags"),
        ));
    }
    let tags = match app.store.add_call_tags(user.account, id, &tags).await {
        Err(StoreError::NotFound) => return Err(ApiError::not_found("No such call")),
        other => other?,
    };
    Ok(Json(TagsOut { call_id: id, tags }))
}

/// Take a tag off a call.
#[utoipa::path(delete, path = "/api/calls/{id}/tags/{tag}", tag = "calls",
    params(("id" = i64, Path, description = "Call id"), ("tag" = String, Path, description = "The tag")),
    responses((status = 200, body = TagsOut), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn remove_call_tag(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath((id, name)): ApiPath<(i64, String)>,
) -> ApiResult<Json<TagsOut>> {
    let name = tag(&name)?;
    let tags = match app.store.remove_call_tag(user.account, id, &name).await {
        Err(StoreError::NotFound) => return Err(ApiError::not_found("No such call")),
        other => other?,
    };
    Ok(Json(TagsOut { call_id: id, tags }))
}

/// A call's conversion reports, oldest first: what each changed, and who
/// sent it from where.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversionLogOut {
    #[serde(flatten)]
    pub conversion: ConversionOut,
    /// The address it came from.
    pub address: Option<String>,
}

/// The conversion reports of a call.
#[utoipa::path(get, path = "/api/calls/{id}/conversions", tag = "calls",
    params(("id" = i64, Path, description = "Call id")),
    responses((status = 200, body = Vec<ConversionLogOut>), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn list_call_conversions(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<ConversionLogOut>>> {
    require_call(&app, user.account, id).await?;
    let rows = app.store.call_conversions(user.account, id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|c| ConversionLogOut {
                address: c.address.clone(),
                conversion: conversion_out(c, false),
            })
            .collect(),
    ))
}
