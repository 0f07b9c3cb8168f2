//! Phone numbers (`/api/phone-numbers`): register one, import a CSV
//! ([`import`]), list with filters and call figures, change, delete, and the
//! assignment history. Numbers are accepted in any common format and stored
//! in E.164; answers carry the webhook URLs the carrier must call. Failed
//! assignments (here, in pools and in campaigns) become 404 or a 409 that
//! names the holder in `details.heldBy`.

pub(crate) mod import;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::number_import::{number_input, number_status, number_type};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use store::StoreError;
use store::phone_numbers::{AssignError, HistoryRow, NumberFilter, NumberPatch, PhoneNumberRow};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::shapes::{DeletedOut, ListParams, double_option, list_response};
use crate::stats::rfc3339;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_numbers, create_number))
        .routes(routes!(get_number, update_number, delete_number))
        .routes(routes!(number_history))
        .routes(routes!(import::import_numbers))
}

/// Sort names of the list; the first is the default.
pub(crate) const SORTS: &[&str] = &["createdAt", "phoneNumber", "status", "type", "totalCalls"];

/// Number types.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum NumberType {
    Local,
    TollFree,
    Mobile,
}

/// Number statuses.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum NumberStatus {
    Active,
    Inactive,
    Suspended,
}

/// Assignment changes of a number.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum HistoryAction {
    AddedToPool,
    RemovedFromPool,
    Assigned,
    Released,
}

/// A phone number of the account.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PhoneNumberOut {
    pub id: i64,
    /// E.164.
    #[schema(example = "+18562813889")]
    pub phone_number: String,
    #[schema(example = "+1 (856) 281-3889")]
    pub formatted_number: String,
    pub friendly_name: Option<String>,
    /// ISO 3166 alpha-2.
    #[schema(example = "US")]
    pub country: String,
    #[serde(rename = "type")]
    #[schema(value_type = NumberType)]
    pub kind: String,
    #[schema(value_type = NumberStatus)]
    pub status: String,
    /// The campaign the number is assigned to.
    pub campaign_id: Option<String>,
    /// Its name (null when the campaign is deleted).
    pub campaign_name: Option<String>,
    pub pool_id: Option<i64>,
    pub pool_name: Option<String>,
    /// The call flow the number's calls run in place of their campaign's.
    pub call_flow_id: Option<i64>,
    pub call_flow_name: Option<String>,
    /// Where the carrier must send the number's voice webhooks.
    #[schema(example = "https://your-domain.com/api/webhooks/twilio")]
    pub webhook_url: String,
    /// Where the carrier must send call status callbacks.
    #[schema(example = "https://your-domain.com/api/webhooks/twilio/status")]
    pub status_callback_url: String,
    /// Calls to this number, all time.
    pub total_calls: i64,
    /// Percentage (0-100, one decimal) of those calls that completed.
    pub success_rate: f64,
    /// RFC 3339 UTC.
    pub created_at: String,
}

/// A number's answer shape, with the webhook URLs of this deployment.
pub(crate) fn number_out(app: &AppState, row: PhoneNumberRow) -> PhoneNumberOut {
    let base = &app.settings.public_url;
    PhoneNumberOut {
        id: row.id,
        formatted_number: domain::phone::format_display(&row.phone_number),
        phone_number: row.phone_number,
        friendly_name: row.friendly_name,
        country: row.country,
        kind: row.r#type,
        status: row.status,
        campaign_id: row.campaign_id,
        campaign_name: row.campaign_name,
        pool_id: row.pool_id,
        pool_name: row.pool_name,
        call_flow_id: row.call_flow_id,
        call_flow_name: row.call_flow_name,
        webhook_url: format!("{base}/api/webhooks/twilio"),
        status_callback_url: format!("{base}/api/webhooks/twilio/status"),
        total_calls: row.total_calls,
        success_rate: percent(row.completed_calls, row.total_calls),
        created_at: rfc3339(row.created_at),
    }
}

/// `part / whole × 100` with one decimal; 0 when `whole` is 0.
pub(crate) fn percent(part: i64, whole: i64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

/// A 409 naming who holds what: `details.heldBy = {kind, id, name}` (a
/// pool's id is a number, a campaign's a string).
pub(crate) fn held_by(field: &str, reason: String, kind: &str, id: &str, name: &str) -> ApiError {
    let id: Value = match (kind, id.parse::<i64>()) {
        ("pool", Ok(n)) => n.into(),
        _ => id.into(),
    };
    ApiError::conflict(field, reason.clone()).with_details(json!({
        "field": field,
        "reason": reason,
        "heldBy": { "kind": kind, "id": id, "name": name },
    }))
}

/// A failed campaign assignment: 404, or 409 on `phoneNumberId` naming the
/// campaign that holds the number.
impl From<AssignError> for ApiError {
    fn from(e: AssignError) -> Self {
        match e {
            AssignError::NotFound => ApiError::not_found("Resource not found"),
            AssignError::HeldBy { kind, id, name } => held_by(
                "phoneNumberId",
                format!("is already assigned to {kind} \"{name}\""),
                kind,
                &id,
                &name,
            ),
            AssignError::Store(e) => e.into(),
        }
    }
}

/// A number registered anywhere (which account is never said) is 409.
pub(crate) fn registered(field: &str, e: StoreError) -> ApiError {
    match e {
        StoreError::Conflict { .. } => ApiError::conflict(field, "is already registered"),
        other => other.into(),
    }
}

/// A number to register.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PhoneNumberIn {
    /// Any common format; without `+code` it is read in `country` (default US).
    #[schema(example = "(856) 281-3889")]
    pub phone_number: String,
    /// At most 100 characters.
    pub friendly_name: Option<String>,
    /// Default: from the number's range (toll-free, mobile), else local.
    #[serde(rename = "type")]
    #[schema(value_type = Option<NumberType>)]
    pub kind: Option<String>,
    /// ISO 3166 alpha-2; default: the number's country.
    pub country: Option<String>,
    /// Default active.
    #[schema(value_type = Option<NumberStatus>)]
    pub status: Option<String>,
    /// A call flow of the account that the number's calls run in place of
    /// their campaign's.
    pub call_flow_id: Option<i64>,
}

/// Changes to a number; absent fields stay, `friendlyName: null` clears it.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PhoneNumberPatch {
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub friendly_name: Option<Option<String>>,
    #[serde(rename = "type")]
    #[schema(value_type = Option<NumberType>)]
    pub kind: Option<String>,
    #[schema(value_type = Option<NumberStatus>)]
    pub status: Option<String>,
    /// A call flow of the account that the number's calls run in place of
    /// their campaign's; `null` lets them run the campaign's again.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub call_flow_id: Option<Option<i64>>,
}

/// Filters of the number list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct NumberQuery {
    /// active, inactive or suspended.
    pub status: Option<String>,
    /// local, toll_free or mobile.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Numbers of this pool.
    pub pool_id: Option<i64>,
    /// Numbers assigned to this campaign.
    pub campaign_id: Option<String>,
    /// `true`: only numbers not assigned to a campaign; `false`: only assigned ones.
    pub unassigned: Option<bool>,
}

/// One assignment change.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HistoryOut {
    #[schema(value_type = HistoryAction)]
    pub action: String,
    pub campaign_id: Option<String>,
    pub campaign_name: Option<String>,
    pub pool_id: Option<i64>,
    pub pool_name: Option<String>,
    /// RFC 3339 UTC.
    pub at: String,
}

impl From<HistoryRow> for HistoryOut {
    fn from(h: HistoryRow) -> Self {
        Self {
            action: h.action,
            campaign_id: h.campaign_id,
            campaign_name: h.campaign_name,
            pool_id: h.pool_id,
            pool_name: h.pool_name,
            at: rfc3339(h.at),
        }
    }
}

fn nonempty(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The account's numbers; the total is in `X-Total-Count`.
#[utoipa::path(get, path = "/api/phone-numbers", tag = "phone-numbers",
    params(ListParams, NumberQuery),
    responses(
        (status = 200, body = Vec<PhoneNumberOut>,
            headers(("x-total-count" = i64, description = "Numbers matching the filters"))),
        (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope),
    ))]
async fn list_numbers(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(params): ApiQuery<ListParams>,
    ApiQuery(query): ApiQuery<NumberQuery>,
) -> ApiResult<Response> {
    let page = params.page(SORTS)?;
    let filter = NumberFilter {
        status: nonempty(query.status)
            .map(|s| number_status(&s).map_err(|r| ApiError::validation("status", r)))
            .transpose()?,
        kind: nonempty(query.kind)
            .map(|s| number_type(&s).map_err(|r| ApiError::validation("type", r)))
            .transpose()?,
        pool_id: query.pool_id,
        campaign_id: nonempty(query.campaign_id),
        unassigned: query.unassigned,
    };
    let (rows, total) = app.store.list_numbers(user.account, &filter, &page).await?;
    let items: Vec<PhoneNumberOut> = rows.into_iter().map(|r| number_out(&app, r)).collect();
    Ok(list_response(items, total))
}

/// Register a number for the account.
#[utoipa::path(post, path = "/api/phone-numbers", tag = "phone-numbers", request_body = PhoneNumberIn,
    responses(
        (status = 201, body = PhoneNumberOut),
        (status = 401, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "The number is already registered"),
        (status = 422, body = ErrorEnvelope),
    ))]
async fn create_number(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<PhoneNumberIn>,
) -> ApiResult<(StatusCode, Json<PhoneNumberOut>)> {
    let number = number_input(
        &input.phone_number,
        input.friendly_name.as_deref(),
        input.kind.as_deref(),
        input.country.as_deref(),
        "US",
    )
    .map_err(|e| ApiError::validation(e.field, e.reason))?;
    let status = match nonempty(input.status) {
        Some(s) => number_status(&s).map_err(|r| ApiError::validation("status", r))?,
        None => "active".to_string(),
    };
    if let Some(flow) = input.call_flow_id {
        check_flow(&app, user.account, flow).await?;
    }
    let mut row = app
        .store
        .create_number(user.account, &number, &status)
        .await
        .map_err(|e| registered("phoneNumber", e))?;
    if input.call_flow_id.is_some() {
        let patch = NumberPatch {
            call_flow_id: Some(input.call_flow_id),
            ..NumberPatch::default()
        };
        row = app
            .store
            .update_number(user.account, row.id, &patch)
            .await?;
    }
    Ok((StatusCode::CREATED, Json(number_out(&app, row))))
}

/// A call flow a number names must be one of the account's.
async fn check_flow(app: &AppState, account: domain::AccountId, flow: i64) -> ApiResult<()> {
    match app.store.call_flow(account, flow).await {
        Ok(_) => Ok(()),
        Err(StoreError::NotFound) => Err(ApiError::validation("callFlowId", "no such call flow")),
        Err(e) => Err(e.into()),
    }
}

/// One number of the account.
#[utoipa::path(get, path = "/api/phone-numbers/{id}", tag = "phone-numbers",
    params(("id" = i64, Path, description = "Phone number id")),
    responses(
        (status = 200, body = PhoneNumberOut),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
    ))]
async fn get_number(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<PhoneNumberOut>> {
    let row = app.store.number(user.account, id).await?;
    Ok(Json(number_out(&app, row)))
}

/// Change a number's friendly name, type, status or call flow.
#[utoipa::path(patch, path = "/api/phone-numbers/{id}", tag = "phone-numbers",
    request_body = PhoneNumberPatch,
    params(("id" = i64, Path, description = "Phone number id")),
    responses(
        (status = 200, body = PhoneNumberOut),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope),
    ))]
async fn update_number(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<PhoneNumberPatch>,
) -> ApiResult<Json<PhoneNumberOut>> {
    let friendly_name = match input.friendly_name {
        None => None,
        Some(v) => Some(
            domain::validate::optional_text(v.as_deref(), domain::number_import::FRIENDLY_NAME_MAX)
                .map_err(|r| ApiError::validation("friendlyName", r))?,
        ),
    };
    let patch = NumberPatch {
        friendly_name,
        kind: input
            .kind
            .map(|k| number_type(&k).map_err(|r| ApiError::validation("type", r)))
            .transpose()?,
        status: input
            .status
            .map(|s| number_status(&s).map_err(|r| ApiError::validation("status", r)))
            .transpose()?,
        call_flow_id: input.call_flow_id,
    };
    if let Some(Some(flow)) = patch.call_flow_id {
        app.store.number(user.account, id).await?;
        check_flow(&app, user.account, flow).await?;
    }
    let row = app.store.update_number(user.account, id, &patch).await?;
    Ok(Json(number_out(&app, row)))
}

/// Delete a number: it leaves its pool and campaign, its history goes.
#[utoipa::path(delete, path = "/api/phone-numbers/{id}", tag = "phone-numbers",
    params(("id" = i64, Path, description = "Phone number id")),
    responses(
        (status = 200, body = DeletedOut<i64>),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
    ))]
async fn delete_number(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<DeletedOut<i64>>> {
    app.store.delete_number(user.account, id).await?;
    Ok(Json(DeletedOut { id, deleted: true }))
}

/// A number's pool and campaign changes, newest first.
#[utoipa::path(get, path = "/api/phone-numbers/{id}/history", tag = "phone-numbers",
    params(("id" = i64, Path, description = "Phone number id")),
    responses(
        (status = 200, body = Vec<HistoryOut>),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
    ))]
async fn number_history(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<HistoryOut>>> {
    let rows = app.store.number_history(user.account, id).await?;
    Ok(Json(rows.into_iter().map(HistoryOut::from).collect()))
}
