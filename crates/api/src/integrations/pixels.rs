//! Pixels (postbacks): a request with `[tokens]` in its URL and body,
//! fired on a campaign's (or every campaign's) call events when its
//! conditions hold, at most a set number of times per call. They ride the
//! same outbox and delivery log as webhooks, unsigned.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::AccountId;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use store::StoreError;
use store::outbox::{EndpointFields, EndpointRow};
use utoipa::ToSchema;

use super::endpoints::EndpointFiguresOut;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath};
use crate::rtb::checks::headers_of;
use crate::rtb::input_auth::{keep_masked_headers, masked_headers};
use crate::shapes::DeletedOut;
use crate::stats::rfc3339;

/// Pixels one account may have.
const MAX_PIXELS: usize = 100;

/// HTTP basic authentication of a pixel; the password is write-only
/// (absent on a save: the stored one is kept).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BasicAuthIn {
    pub username: String,
    pub password: Option<String>,
}

/// A pixel to create, or the whole of one to save.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PixelIn {
    /// 1-100 characters.
    pub name: String,
    /// Its campaign; absent or null: every campaign of the account.
    pub campaign_id: Option<String>,
    /// incoming, connected, completed, converted, error, payout (a
    /// conversion with revenue); at least one.
    pub fire_on: Vec<String>,
    /// GET (default), POST, PUT or PATCH.
    pub method: Option<String>,
    /// http(s) URL; `[tokens]` in its path and query are filled in and
    /// percent-encoded.
    #[schema(example = "https://tracker.example/postback?clickid=[gclid]&payout=[revenue]")]
    pub url: String,
    /// The body of a POST, PUT or PATCH, with `[tokens]` filled in as
    /// they are (at most 10,000 characters).
    pub body: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub headers: Option<Value>,
    pub basic_auth: Option<BasicAuthIn>,
    /// All must hold for the pixel to fire.
    #[schema(value_type = Option<Vec<Object>>, example = json!([{"token": "revenue", "operator": "greater_than", "value": "0"}]))]
    pub conditions: Option<Vec<::events::pixel::Condition>>,
    /// Fires per call at most, 1-100 (absent: no limit).
    pub max_fires_per_call: Option<i64>,
    /// Default true.
    pub enabled: Option<bool>,
}

/// A pixel as shown.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PixelOut {
    pub id: i64,
    pub name: String,
    pub campaign_id: Option<String>,
    pub fire_on: Vec<String>,
    pub method: String,
    pub url: String,
    pub body: Option<String>,
    /// Credential headers masked.
    #[schema(value_type = Object)]
    pub headers: Value,
    /// The basic authentication's user (its password is never shown).
    pub basic_auth_username: Option<String>,
    #[schema(value_type = Vec<Object>)]
    pub conditions: Vec<::events::pixel::Condition>,
    pub max_fires_per_call: Option<i64>,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    pub figures: EndpointFiguresOut,
    pub created_at: String,
    pub updated_at: String,
}

/// What a pixel may use.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PixelOptionsOut {
    pub fire_on: Vec<String>,
    pub tokens: Vec<super::endpoints::EventTypeOut>,
    pub operators: Vec<String>,
}

fn strings(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

async fn pixel_out(app: &AppState, row: EndpointRow) -> ApiResult<PixelOut> {
    let figures = super::endpoints::figures(app, row.id).await?;
    let headers: Value = serde_json::from_str(&row.headers).unwrap_or(Value::Null);
    let campaigns = strings(&row.campaign_ids);
    Ok(PixelOut {
        id: row.id,
        name: row.name.unwrap_or_default(),
        campaign_id: campaigns.into_iter().next(),
        fire_on: strings(&row.event_types),
        method: row.method,
        url: row.url,
        body: row.body_template,
        headers: masked_headers(&headers),
        basic_auth_username: row
            .basic_auth
            .as_deref()
            .and_then(|a| a.split_once(':'))
            .map(|(u, _)| u.to_string()),
        conditions: serde_json::from_str(&row.conditions).unwrap_or_default(),
        max_fires_per_call: row.max_fires,
        enabled: row.enabled,
        disabled_reason: row.disabled_reason,
        figures,
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
    })
}

async fn fields(
    app: &AppState,
    account: AccountId,
    input: PixelIn,
    old: Option<&EndpointRow>,
) -> ApiResult<EndpointFields> {
    let name = domain::validate::text(&input.name, 100, true)
        .map_err(|r| ApiError::validation("name", r))?;
    let campaign_ids = match input
        .campaign_id
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        None => Vec::new(),
        Some(c) => match app.store.campaign(account, c).await {
            Ok(found) => vec![found.id],
            Err(StoreError::NotFound) => {
                return Err(ApiError::validation("campaignId", "no such campaign"));
            }
            Err(e) => return Err(e.into()),
        },
    };
    let mut fire_on: Vec<String> = Vec::new();
    for f in &input.fire_on {
        let f = f.trim().to_ascii_lowercase();
        if !::events::pixel::FIRE_ON.iter().any(|(n, _)| *n == f) {
            return Err(ApiError::validation(
                "fireOn",
                "must be incoming, connected, completed, converted, error or payout",
            ));
        }
        if !fire_on.contains(&f) {
            fire_on.push(f);
        }
    }
    if fire_on.is_empty() {
        return Err(ApiError::validation(
            "fireOn",
            "choose when the pixel fires",
        ));
    }
    let method = input
        .method
        .as_deref()
        .map(|m| m.trim().to_ascii_uppercase())
        .unwrap_or_else(|| "GET".into());
    if !["GET", "POST", "PUT", "PATCH"].contains(&method.as_str()) {
        return Err(ApiError::validation(
            "method",
            "must be GET, POST, PUT or PATCH",
        ));
    }
    let url = input.url.trim().to_string();
    if url.is_empty() || url.len() > 2000 {
        return Err(ApiError::validation("url", "must be 1-2000 characters"));
    }
    // The address as it will be called, with every token filled in.
    let sample = ::events::pixel::render(&url, &Default::default(), ::events::pixel::Escape::Url);
    rtb::check_endpoint(&sample, app.settings.rtb_allow_private_endpoints)
        .await
        .map_err(|reason| ApiError::validation("url", reason))?;
    let authority = url
        .split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or_default())
        .unwrap_or_default();
    if ::events::pixel::TOKENS
        .iter()
        .any(|(t, _)| authority.contains(&format!("[{t}]")))
    {
        return Err(ApiError::validation(
            "url",
            "tokens may not be part of the host",
        ));
    }
    let body = match input.body.as_deref() {
        None | Some("") => None,
        Some(_) if method == "GET" => {
            return Err(ApiError::validation("body", "a GET sends no body"));
        }
        Some(b) if b.chars().count() > 10_000 => {
            return Err(ApiError::validation(
                "body",
                "must be at most 10000 characters",
            ));
        }
        Some(b) => Some(b.to_string()),
    };
    let mut headers = headers_of(input.headers, "headers")?;
    if let Some(old) = old {
        headers = keep_masked_headers(&old.headers, headers);
    }
    let basic_auth = match input.basic_auth {
        None => None,
        Some(a) => {
            let user = a.username.trim();
            if user.is_empty() || user.len() > 200 || user.contains(':') {
                return Err(ApiError::validation(
                    "basicAuth.username",
                    "must be 1-200 characters without ':'",
                ));
            }
            let password = match a.password {
                Some(p) => p,
                None => old
                    .and_then(|o| o.basic_auth.as_deref())
                    .and_then(|a| a.split_once(':'))
                    .map(|(_, p)| p.to_string())
                    .ok_or_else(|| ApiError::validation("basicAuth.password", "is required"))?,
            };
            if password.len() > 500 {
                return Err(ApiError::validation(
                    "basicAuth.password",
                    "must be at most 500 characters",
                ));
            }
            Some(format!("{user}:{password}"))
        }
    };
    let conditions = input.conditions.unwrap_or_default();
    if conditions.len() > 10 {
        return Err(ApiError::validation("conditions", "at most 10"));
    }
    for c in &conditions {
        if !::events::pixel::is_token(&c.token) {
            return Err(ApiError::validation(
                "conditions",
                format!("{:?} is not a token", c.token),
            ));
        }
        if c.value.chars().count() > 200 {
            return Err(ApiError::validation(
                "conditions",
                "values are at most 200 characters",
            ));
        }
    }
    if let Some(m) = input.max_fires_per_call
        && !(1..=100).contains(&m)
    {
        return Err(ApiError::validation(
            "maxFiresPerCall",
            "must be between 1 and 100",
        ));
    }
    Ok(EndpointFields {
        kind: "pixel",
        name: Some(name),
        url,
        description: None,
        event_types: json(&fire_on)?,
        campaign_ids: json(&campaign_ids)?,
        headers,
        enabled: input.enabled.unwrap_or(true),
        method,
        body_template: body,
        basic_auth,
        conditions: json(&conditions)?,
        max_fires: input.max_fires_per_call,
        connector: None,
        settings: "{}".into(),
        credentials: None,
    })
}

/// JSON text of a value.
fn json<T: Serialize>(v: &T) -> ApiResult<String> {
    serde_json::to_string(v).map_err(ApiError::internal)
}

async fn pixel(app: &AppState, account: AccountId, id: i64) -> ApiResult<EndpointRow> {
    let row = app.store.endpoint(account, id).await?;
    if row.kind != "pixel" {
        return Err(ApiError::not_found("No such pixel"));
    }
    Ok(row)
}

/// When pixels fire, the tokens their templates may use, and the
/// operators of their conditions.
#[utoipa::path(get, path = "/api/integrations/pixel-options", tag = "integrations",
    responses((status = 200, body = PixelOptionsOut), (status = 401, body = ErrorEnvelope)))]
pub(super) async fn pixel_options(_user: CurrentUser) -> Json<PixelOptionsOut> {
    Json(PixelOptionsOut {
        fire_on: ::events::pixel::FIRE_ON
            .iter()
            .map(|(f, _)| (*f).to_string())
            .collect(),
        tokens: ::events::pixel::TOKENS
            .iter()
            .map(|(name, description)| super::endpoints::EventTypeOut {
                name: format!("[{name}]"),
                description: (*description).into(),
            })
            .collect(),
        operators: [
            "equals",
            "not_equals",
            "contains",
            "greater_than",
            "less_than",
            "exists",
        ]
        .iter()
        .map(|o| (*o).to_string())
        .collect(),
    })
}

/// The account's pixels.
#[utoipa::path(get, path = "/api/integrations/pixels", tag = "integrations",
    responses((status = 200, body = Vec<PixelOut>), (status = 401, body = ErrorEnvelope)))]
pub(super) async fn list_pixels(
    State(app): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<PixelOut>>> {
    let rows = app.store.list_endpoints(user.account).await?;
    let mut out = Vec::new();
    for row in rows.into_iter().filter(|r| r.kind == "pixel") {
        out.push(pixel_out(&app, row).await?);
    }
    Ok(Json(out))
}

/// Add a pixel.
#[utoipa::path(post, path = "/api/integrations/pixels", tag = "integrations", request_body = PixelIn,
    responses((status = 201, body = PixelOut), (status = 401, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "The account has 100 pixels"),
        (status = 422, body = ErrorEnvelope)))]
pub(super) async fn create_pixel(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<PixelIn>,
) -> ApiResult<(StatusCode, Json<PixelOut>)> {
    let f = fields(&app, user.account, input, None).await?;
    let have = app.store.list_endpoints(user.account).await?;
    if have.iter().filter(|e| e.kind == "pixel").count() >= MAX_PIXELS {
        return Err(ApiError::conflict(
            "name",
            format!("an account has at most {MAX_PIXELS} pixels"),
        ));
    }
    // Pixels are not signed; the secret column holds an unused one.
    let row = app
        .store
        .create_endpoint(user.account, &f, &::events::new_secret())
        .await?;
    Ok((StatusCode::CREATED, Json(pixel_out(&app, row).await?)))
}

/// One pixel.
#[utoipa::path(get, path = "/api/integrations/pixels/{id}", tag = "integrations",
    params(("id" = i64, Path, description = "Pixel id")),
    responses((status = 200, body = PixelOut), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_pixel(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<PixelOut>> {
    let row = pixel(&app, user.account, id).await?;
    Ok(Json(pixel_out(&app, row).await?))
}

/// Save the whole of a pixel.
#[utoipa::path(put, path = "/api/integrations/pixels/{id}", tag = "integrations", request_body = PixelIn,
    params(("id" = i64, Path, description = "Pixel id")),
    responses((status = 200, body = PixelOut), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn replace_pixel(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<PixelIn>,
) -> ApiResult<Json<PixelOut>> {
    let old = pixel(&app, user.account, id).await?;
    let f = fields(&app, user.account, input, Some(&old)).await?;
    let row = app.store.update_endpoint(user.account, id, &f).await?;
    Ok(Json(pixel_out(&app, row).await?))
}

/// Delete a pixel with its firing log.
#[utoipa::path(delete, path = "/api/integrations/pixels/{id}", tag = "integrations",
    params(("id" = i64, Path, description = "Pixel id")),
    responses((status = 200, body = DeletedOut<i64>), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn delete_pixel(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<DeletedOut<i64>>> {
    pixel(&app, user.account, id).await?;
    app.store.delete_endpoint(user.account, id).await?;
    Ok(Json(DeletedOut { id, deleted: true }))
}

/// A pixel's firings, newest first (each with its rendered request; its
/// attempts at `/api/integrations/webhooks/{id}/messages/{messageId}`,
/// which serves pixels too).
#[utoipa::path(get, path = "/api/integrations/pixels/{id}/fires", tag = "integrations",
    params(("id" = i64, Path, description = "Pixel id"), super::messages::MessagesQuery),
    responses((status = 200, body = Vec<super::messages::MessageOut>), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn list_pixel_fires(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    query: crate::extract::ApiQuery<super::messages::MessagesQuery>,
) -> ApiResult<Json<Vec<super::messages::MessageOut>>> {
    pixel(&app, user.account, id).await?;
    super::messages::list(&app, user.account, id, query.0).await
}
