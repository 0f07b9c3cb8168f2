//! URL parameters (`/api/integrations/url-parameters`): the query
//! parameters an account tracks on its calls, globally or for one
//! campaign, captured from the web visit a call is credited to and from
//! the query of the carrier's voice webhook URL.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::AccountId;
use serde::{Deserialize, Serialize};
use store::StoreError;
use store::url_params::{UrlParamFields, UrlParamRow};
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath};
use crate::shapes::DeletedOut;
use crate::stats::rfc3339;

/// Parameters one account may track.
const MAX_PARAMS: usize = 100;

/// A parameter to track (the whole of one, to save).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UrlParamIn {
    /// The query parameter's name: letters, digits, `_`, `-` and `.`,
    /// 1-100; unique in the account in any case.
    #[schema(example = "affiliate")]
    pub parameter_name: String,
    /// Default: the parameter name. At most 255 characters.
    pub display_name: Option<String>,
    /// string (default), number or boolean: a value of another type is
    /// not kept.
    pub parameter_type: Option<String>,
    /// Kept when a call's source lacks the parameter.
    pub default_value: Option<String>,
    /// global (default) or campaign.
    pub tracking_scope: Option<String>,
    /// The campaign of a campaign-scoped parameter.
    pub campaign_id: Option<String>,
    /// active (default) or inactive.
    pub status: Option<String>,
}

/// A tracked parameter.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UrlParamOut {
    pub id: i64,
    pub parameter_name: String,
    pub display_name: String,
    pub parameter_type: String,
    pub default_value: Option<String>,
    pub tracking_scope: String,
    pub campaign_id: Option<String>,
    pub status: String,
    pub created_at: String,
    pub updated_at: String,
}

fn out(r: UrlParamRow) -> UrlParamOut {
    UrlParamOut {
        id: r.id,
        parameter_name: r.parameter_name,
        display_name: r.display_name,
        parameter_type: r.parameter_type,
        default_value: r.default_value,
        tracking_scope: r.tracking_scope,
        campaign_id: r.campaign_id,
        status: r.status,
        created_at: rfc3339(r.created_at),
        updated_at: rfc3339(r.updated_at),
    }
}

fn one_of(field: &str, v: Option<&str>, allowed: &[&str]) -> ApiResult<String> {
    let v = v.map(|s| s.trim().to_ascii_lowercase());
    match v.as_deref() {
        None | Some("") => Ok(allowed[0].to_string()),
        Some(s) if allowed.contains(&s) => Ok(s.to_string()),
        Some(_) => Err(ApiError::validation(
            field,
            format!("must be {}", allowed.join(" or ")),
        )),
    }
}

async fn fields(
    app: &AppState,
    account: AccountId,
    input: UrlParamIn,
) -> ApiResult<UrlParamFields> {
    let name = input.parameter_name.trim();
    let plain = !name.is_empty()
        && name.len() <= 100
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if !plain {
        return Err(ApiError::validation(
            "parameterName",
            "must be 1-100 letters, digits, _, - or .",
        ));
    }
    let display_name = match input.display_name.as_deref().map(str::trim) {
        None | Some("") => name.to_string(),
        Some(d) => domain::validate::text(d, 255, true)
            .map_err(|r| ApiError::validation("displayName", r))?,
    };
    let parameter_type = one_of(
        "parameterType",
        input.parameter_type.as_deref(),
        &["string", "number", "boolean"],
    )?;
    let default_value = match input.default_value.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => Some(store::url_params::typed(&parameter_type, v).ok_or_else(|| {
            ApiError::validation(
                "defaultValue",
                format!("must be a {parameter_type} of at most 500 characters"),
            )
        })?),
    };
    let tracking_scope = one_of(
        "trackingScope",
        input.tracking_scope.as_deref(),
        &["global", "campaign"],
    )?;
    let campaign_id = match (tracking_scope.as_str(), input.campaign_id.as_deref()) {
        ("campaign", Some(c)) if !c.trim().is_empty() => {
            match app.store.campaign(account, c.trim()).await {
                Ok(found) => Some(found.id),
                Err(StoreError::NotFound) => {
                    return Err(ApiError::validation("campaignId", "no such campaign"));
                }
                Err(e) => return Err(e.into()),
            }
        }
        ("campaign", _) => {
            return Err(ApiError::validation(
                "campaignId",
                "choose the campaign of a campaign-scoped parameter",
            ));
        }
        _ => None,
    };
    let status = one_of("status", input.status.as_deref(), &["active", "inactive"])?;
    Ok(UrlParamFields {
        parameter_name: name.to_string(),
        display_name,
        parameter_type,
        default_value,
        tracking_scope,
        campaign_id,
        status,
    })
}

fn taken(e: StoreError) -> ApiError {
    match e {
        StoreError::Conflict { .. } => ApiError::conflict("parameterName", "is already tracked"),
        other => other.into(),
    }
}

/// The account's tracked URL parameters.
#[utoipa::path(get, path = "/api/integrations/url-parameters", tag = "integrations",
    responses((status = 200, body = Vec<UrlParamOut>), (status = 401, body = ErrorEnvelope)))]
pub(super) async fn list_url_parameters(
    State(app): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<UrlParamOut>>> {
    let rows = app.store.list_url_params(user.account).await?;
    Ok(Json(rows.into_iter().map(out).collect()))
}

/// Track a URL parameter.
#[utoipa::path(post, path = "/api/integrations/url-parameters", tag = "integrations",
    request_body = UrlParamIn,
    responses((status = 201, body = UrlParamOut), (status = 401, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "The name is tracked already, or 100 are"),
        (status = 422, body = ErrorEnvelope)))]
pub(super) async fn create_url_parameter(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<UrlParamIn>,
) -> ApiResult<(StatusCode, Json<UrlParamOut>)> {
    let f = fields(&app, user.account, input).await?;
    if app.store.list_url_params(user.account).await?.len() >= MAX_PARAMS {
        return Err(ApiError::conflict(
            "parameterName",
            format!("an account tracks at most {MAX_PARAMS} parameters"),
        ));
    }
    let row = app
        .store
        .create_url_param(user.account, &f)
        .await
        .map_err(taken)?;
    Ok((StatusCode::CREATED, Json(out(row))))
}

/// One tracked parameter.
#[utoipa::path(get, path = "/api/integrations/url-parameters/{id}", tag = "integrations",
    params(("id" = i64, Path, description = "Parameter id")),
    responses((status = 200, body = UrlParamOut), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_url_parameter(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<UrlParamOut>> {
    Ok(Json(out(app.store.url_param(user.account, id).await?)))
}

/// Save the whole of a tracked parameter (calls keep what they got).
#[utoipa::path(put, path = "/api/integrations/url-parameters/{id}", tag = "integrations",
    request_body = UrlParamIn,
    params(("id" = i64, Path, description = "Parameter id")),
    responses((status = 200, body = UrlParamOut), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope)))]
pub(super) async fn replace_url_parameter(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<UrlParamIn>,
) -> ApiResult<Json<UrlParamOut>> {
    app.store.url_param(user.account, id).await?;
    let f = fields(&app, user.account, input).await?;
    let row = app
        .store
        .update_url_param(user.account, id, &f)
        .await
        .map_err(taken)?;
    Ok(Json(out(row)))
}

/// Stop tracking a parameter (calls keep the values they got).
#[utoipa::path(delete, path = "/api/integrations/url-parameters/{id}", tag = "integrations",
    params(("id" = i64, Path, description = "Parameter id")),
    responses((status = 200, body = DeletedOut<i64>), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn delete_url_parameter(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<DeletedOut<i64>>> {
    app.store.delete_url_param(user.account, id).await?;
    Ok(Json(DeletedOut { id, deleted: true }))
}
