//! Dynamic number insertion (`/api/dni`): tracking tags (the website
//! snippet's settings: the campaign, where numbers come from, what the
//! page swaps, which visitors are tracked), their sessions, and the public
//! pieces a website uses: the script `/dni.js` ([`snippet`]) and
//! `POST /api/dni/track` ([`track`]).

pub mod attribution;
pub(crate) mod cache;
mod figures;
pub(crate) mod limit;
pub(crate) mod snippet;
pub(crate) mod track;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::AccountId;
use domain::dni::{NumberSource, TagSettings};
use serde::{Deserialize, Serialize};
use store::StoreError;
use store::dni::{SessionRow, TagFields, TagRow};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::shapes::{DeletedOut, ListParams, list_response};
use crate::stats::rfc3339;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tags, create_tag))
        .routes(routes!(get_tag, replace_tag, delete_tag))
        .routes(routes!(tag_sessions))
        .routes(routes!(figures::tag_usage))
        .routes(routes!(figures::sources))
        .merge(track::router())
}

/// Sort names of the list; the first is the default.
const SORTS: &[&str] = &["createdAt", "name", "tagCode", "updatedAt"];

/// A tracking tag to create, or the whole of a tag to save (absent
/// settings take their defaults).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TagIn {
    /// Letters, digits, `_` and `-`, 1-100; unique on the platform (the
    /// snippet names its tag by it).
    #[schema(example = "landing_page_v2")]
    pub tag_code: String,
    /// Default: the tag code. At most 100 characters.
    pub name: Option<String>,
    /// The campaign whose calls the tag tracks (one of the account's).
    pub campaign_id: String,
    pub description: Option<String>,
    /// Days after a session's lease during which a call to its number is
    /// still credited to it; 1-365, default 30.
    pub attribution_window: Option<i64>,
    /// active (default) or inactive.
    pub status: Option<String>,
    /// pool (one leased number per visitor session) or static (one
    /// number); default: pool when the tag or its campaign has a pool.
    pub number_source: Option<String>,
    /// The pool numbers are leased from; default: the campaign's pool.
    pub pool_id: Option<i64>,
    /// The number shown with `numberSource: static`.
    pub static_number_id: Option<i64>,
    /// Shown when the pool has no free number (and to known bots).
    pub fallback_number: Option<String>,
    /// Minutes without a page view or heartbeat before a session ends and
    /// its number goes back to the pool; 5-1440, default 30.
    pub session_minutes: Option<i64>,
    /// The page-level settings.
    #[serde(flatten)]
    #[schema(inline)]
    pub settings: TagSettingsIo,
}

/// What the snippet changes on the page and whom it tracks.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TagSettingsIo {
    /// CSS selectors of the elements that show the number (text and
    /// `tel:` link); default `.phone-number, [data-dni="phone"]`.
    pub selectors: Option<String>,
    /// Numbers replaced wherever they appear on the page, in their usual
    /// formats and in `tel:` links (at most 10).
    pub swap_numbers: Option<Vec<String>>,
    /// national `(856) 281-3889` (default), dashes, dots, international
    /// or e164.
    #[schema(value_type = Option<String>, example = "national")]
    pub display_format: Option<domain::dni::DisplayFormat>,
    /// all (default) or matching: only visitors a source rule matches.
    #[schema(value_type = Option<String>, example = "all")]
    pub visitors: Option<domain::dni::Visitors>,
    /// Tried in order; the first that holds names the visit's source.
    #[schema(value_type = Option<Vec<Object>>)]
    pub source_rules: Option<Vec<domain::dni::SourceRule>>,
    /// Host names whose pages may use the tag (subdomains included);
    /// empty: any site.
    pub allowed_domains: Option<Vec<String>>,
    /// Nothing is stored or sent until the page calls
    /// `CallCenterDNI.consent()`.
    pub consent_mode: Option<bool>,
    /// first_touch, last_touch (default), linear or time_decay.
    #[schema(value_type = Option<String>, example = "last_touch")]
    pub attribution_model: Option<domain::dni::AttributionModel>,
    /// Half-life of time decay in days, 1-365 (default 7).
    pub half_life_days: Option<u32>,
}

impl TagSettingsIo {
    fn settings(self) -> Result<TagSettings, ApiError> {
        let d = TagSettings::default();
        TagSettings {
            selectors: self.selectors.unwrap_or(d.selectors),
            swap_numbers: self.swap_numbers.unwrap_or_default(),
            display_format: self.display_format.unwrap_or_default(),
            visitors: self.visitors.unwrap_or_default(),
            source_rules: self.source_rules.unwrap_or_default(),
            allowed_domains: self.allowed_domains.unwrap_or_default(),
            consent_mode: self.consent_mode.unwrap_or(false),
            attribution_model: self.attribution_model.unwrap_or_default(),
            half_life_days: self.half_life_days.unwrap_or(d.half_life_days),
        }
        .checked()
        .map_err(|(field, reason)| ApiError::validation(&field, reason))
    }
}

/// The answer to creating a tag (the spec's shape).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TagCreatedOut {
    pub id: i64,
    pub tag_code: String,
    /// The line to paste into the website's pages.
    pub js_code: String,
    pub created: bool,
}

/// A tracking tag with its snippet and figures.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TagOut {
    pub id: i64,
    pub tag_code: String,
    pub name: String,
    pub description: Option<String>,
    pub campaign_id: Option<String>,
    pub campaign_name: Option<String>,
    pub status: String,
    pub number_source: String,
    pub pool_id: Option<i64>,
    pub pool_name: Option<String>,
    pub static_number_id: Option<i64>,
    pub static_number: Option<String>,
    pub fallback_number: Option<String>,
    pub attribution_window: i64,
    pub session_minutes: i64,
    #[serde(flatten)]
    #[schema(inline)]
    pub settings: TagSettingsOut,
    /// The line to paste into the website's pages.
    pub js_code: String,
    /// Where and when the snippet last ran (null: never seen).
    pub last_seen_url: Option<String>,
    pub last_seen_at: Option<String>,
    /// Sessions that started today (UTC).
    pub sessions_today: i64,
    /// Calls today (UTC) credited to the tag's visitors.
    pub calls_today: i64,
    /// Numbers held by live sessions now.
    pub numbers_in_use: i64,
    /// Active numbers in the pool.
    pub pool_size: i64,
    /// Visitors who found every number taken.
    pub exhausted_count: i64,
    pub last_exhausted_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A tag's page-level settings as stored.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TagSettingsOut {
    pub selectors: String,
    pub swap_numbers: Vec<String>,
    #[schema(value_type = String)]
    pub display_format: domain::dni::DisplayFormat,
    #[schema(value_type = String)]
    pub visitors: domain::dni::Visitors,
    #[schema(value_type = Vec<Object>)]
    pub source_rules: Vec<domain::dni::SourceRule>,
    pub allowed_domains: Vec<String>,
    pub consent_mode: bool,
    #[schema(value_type = String)]
    pub attribution_model: domain::dni::AttributionModel,
    pub half_life_days: u32,
}

impl From<TagSettings> for TagSettingsOut {
    fn from(s: TagSettings) -> Self {
        Self {
            selectors: s.selectors,
            swap_numbers: s.swap_numbers,
            display_format: s.display_format,
            visitors: s.visitors,
            source_rules: s.source_rules,
            allowed_domains: s.allowed_domains,
            consent_mode: s.consent_mode,
            attribution_model: s.attribution_model,
            half_life_days: s.half_life_days,
        }
    }
}

/// A visitor session of a tag.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionOut {
    pub id: i64,
    pub session_id: String,
    pub visitor_id: Option<String>,
    /// The number the session was shown (E.164).
    pub phone_number: Option<String>,
    pub leased_at: Option<String>,
    /// When its number goes back to the pool, unless the visitor stays.
    pub lease_until: Option<String>,
    pub live: bool,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub utm_term: Option<String>,
    pub utm_content: Option<String>,
    pub gclid: Option<String>,
    pub fbclid: Option<String>,
    pub msclkid: Option<String>,
    pub referrer: Option<String>,
    pub landing_page: Option<String>,
    /// The visitor's address, truncated (/24, /48).
    pub address: Option<String>,
    pub first_visit: String,
    pub last_visit: String,
    pub page_views: i64,
}

fn session_out(s: SessionRow, now: i64) -> SessionOut {
    SessionOut {
        id: s.id,
        session_id: s.session_id,
        visitor_id: s.visitor_id,
        phone_number: s.phone_number,
        leased_at: s.leased_at.map(rfc3339),
        live: s.lease_until.is_some_and(|u| u > now),
        lease_until: s.lease_until.map(rfc3339),
        utm_source: s.utm_source,
        utm_medium: s.utm_medium,
        utm_campaign: s.utm_campaign,
        utm_term: s.utm_term,
        utm_content: s.utm_content,
        gclid: s.gclid,
        fbclid: s.fbclid,
        msclkid: s.msclkid,
        referrer: s.referrer,
        landing_page: s.landing_page,
        address: s.ip_prefix,
        first_visit: rfc3339(s.first_visit),
        last_visit: rfc3339(s.last_visit),
        page_views: s.page_views,
    }
}

/// Stored settings; a value that no longer reads (never expected) shows
/// the defaults rather than failing the page.
pub(crate) fn stored_settings(text: &str) -> TagSettings {
    serde_json::from_str(text).unwrap_or_default()
}

async fn tag_out(app: &AppState, account: AccountId, row: TagRow) -> ApiResult<TagOut> {
    let day_start = domain::now_ms() / 86_400_000 * 86_400_000;
    let figures = app.store.tag_figures(account, &row, day_start).await?;
    let settings = stored_settings(&row.settings);
    Ok(TagOut {
        js_code: snippet::js_code(
            &app.settings.public_url,
            &row.tag_code,
            settings.consent_mode,
        ),
        settings: settings.into(),
        id: row.id,
        tag_code: row.tag_code,
        name: row.name,
        description: row.description,
        campaign_id: row.campaign_id,
        campaign_name: row.campaign_name,
        status: row.status,
        number_source: row.number_source,
        pool_id: row.pool_id,
        pool_name: row.pool_name,
        static_number_id: row.static_number_id,
        static_number: row.static_number,
        fallback_number: row.fallback_number,
        attribution_window: row.attribution_window_days,
        session_minutes: row.session_minutes,
        last_seen_url: row.last_seen_url,
        last_seen_at: row.last_seen_at.map(rfc3339),
        sessions_today: figures.sessions_today,
        calls_today: figures.calls_today,
        numbers_in_use: figures.live_leases,
        pool_size: figures.pool_size,
        exhausted_count: row.exhausted_count,
        last_exhausted_at: row.last_exhausted_at.map(rfc3339),
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
    })
}

/// `[A-Za-z0-9_-]{1,100}`.
fn tag_code(raw: &str) -> ApiResult<String> {
    let code = raw.trim();
    let plain = !code.is_empty()
        && code.len() <= 100
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if plain {
        Ok(code.to_string())
    } else {
        Err(ApiError::validation(
            "tagCode",
            "must be 1-100 letters, digits, _ or -",
        ))
    }
}

/// The checked fields of `input`; every id named must be the account's.
async fn fields(app: &AppState, account: AccountId, input: TagIn) -> ApiResult<TagFields> {
    let tag_code = tag_code(&input.tag_code)?;
    let name = match input.name.as_deref().map(str::trim) {
        None | Some("") => tag_code.clone(),
        Some(n) => {
            domain::validate::text(n, 100, true).map_err(|r| ApiError::validation("name", r))?
        }
    };
    let description = domain::validate::optional_text(input.description.as_deref(), 1000)
        .map_err(|r| ApiError::validation("description", r))?;
    let campaign = match app.store.campaign(account, input.campaign_id.trim()).await {
        Ok(c) => c,
        Err(StoreError::NotFound) => {
            return Err(ApiError::validation("campaignId", "no such campaign"));
        }
        Err(e) => return Err(e.into()),
    };
    let attribution_window = input.attribution_window.unwrap_or(30);
    if !(1..=365).contains(&attribution_window) {
        return Err(ApiError::validation(
            "attributionWindow",
            "must be between 1 and 365 days",
        ));
    }
    let session_minutes = input.session_minutes.unwrap_or(30);
    if !(5..=1440).contains(&session_minutes) {
        return Err(ApiError::validation(
            "sessionMinutes",
            "must be between 5 and 1440",
        ));
    }
    let status = match input
        .status
        .as_deref()
        .map(|s| s.trim().to_ascii_lowercase())
    {
        None => "active".to_string(),
        Some(s) if s == "active" || s == "inactive" => s,
        Some(_) => return Err(ApiError::validation("status", "must be active or inactive")),
    };
    let pool_id = input.pool_id.or(campaign.fields.pool_id);
    let source = match input.number_source.as_deref() {
        Some(s) => NumberSource::parse(s).map_err(|r| ApiError::validation("numberSource", r))?,
        None if input.static_number_id.is_some() && input.pool_id.is_none() => NumberSource::Static,
        None => NumberSource::Pool,
    };
    let (pool_id, static_number_id) = match source {
        NumberSource::Pool => {
            let Some(pool) = pool_id else {
                return Err(ApiError::validation(
                    "poolId",
                    "choose the number pool to lease numbers from (the campaign has none)",
                ));
            };
            if app
                .store
                .pool_active_numbers(account, pool)
                .await?
                .is_none()
            {
                return Err(ApiError::validation("poolId", "no such number pool"));
            }
            (Some(pool), None)
        }
        NumberSource::Static => {
            let Some(number) = input.static_number_id else {
                return Err(ApiError::validation(
                    "staticNumberId",
                    "choose the number to show",
                ));
            };
            match app.store.number(account, number).await {
                Ok(_) => {}
                Err(StoreError::NotFound) => {
                    return Err(ApiError::validation(
                        "staticNumberId",
                        "no such phone number",
                    ));
                }
                Err(e) => return Err(e.into()),
            }
            (None, Some(number))
        }
    };
    let fallback_number = match input.fallback_number.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(n) => Some(
            domain::phone::E164::parse(n, "US")
                .map_err(|r| ApiError::validation("fallbackNumber", r))?
                .into_string(),
        ),
    };
    let settings = input.settings.settings()?;
    Ok(TagFields {
        tag_code,
        name,
        description,
        campaign_id: Some(campaign.id),
        status,
        number_source: source.as_str().into(),
        pool_id,
        static_number_id,
        fallback_number,
        attribution_window_days: attribution_window,
        session_minutes,
        settings: serde_json::to_string(&settings).map_err(ApiError::internal)?,
    })
}

fn code_taken(e: StoreError) -> ApiError {
    match e {
        StoreError::Conflict { .. } => ApiError::conflict("tagCode", "is already in use"),
        other => other.into(),
    }
}

/// The account's tracking tags with their figures; total in `X-Total-Count`.
#[utoipa::path(get, path = "/api/dni/tags", tag = "dni", params(ListParams),
    responses(
        (status = 200, body = Vec<TagOut>, headers(("x-total-count" = i64, description = "Tags matching the search"))),
        (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope),
    ))]
async fn list_tags(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Response> {
    let page = params.page(SORTS)?;
    let (rows, total) = app.store.list_tags(user.account, &page).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        items.push(tag_out(&app, user.account, row).await?);
    }
    Ok(list_response(items, total))
}

/// Create a tracking tag; the answer holds the snippet to paste.
#[utoipa::path(post, path = "/api/dni/tags", tag = "dni", request_body = TagIn,
    responses(
        (status = 201, body = TagCreatedOut),
        (status = 401, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "The tag code is in use"),
        (status = 422, body = ErrorEnvelope),
    ))]
async fn create_tag(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<TagIn>,
) -> ApiResult<(StatusCode, Json<TagCreatedOut>)> {
    let f = fields(&app, user.account, input).await?;
    let row = app
        .store
        .create_tag(user.account, &f)
        .await
        .map_err(code_taken)?;
    app.dni_cache.forget_tags();
    let consent = stored_settings(&row.settings).consent_mode;
    Ok((
        StatusCode::CREATED,
        Json(TagCreatedOut {
            id: row.id,
            js_code: snippet::js_code(&app.settings.public_url, &row.tag_code, consent),
            tag_code: row.tag_code,
            created: true,
        }),
    ))
}

/// One tracking tag.
#[utoipa::path(get, path = "/api/dni/tags/{id}", tag = "dni",
    params(("id" = i64, Path, description = "Tag id")),
    responses((status = 200, body = TagOut), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn get_tag(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<TagOut>> {
    let row = app.store.tag(user.account, id).await?;
    Ok(Json(tag_out(&app, user.account, row).await?))
}

/// Save the whole of a tag (absent settings take their defaults).
#[utoipa::path(put, path = "/api/dni/tags/{id}", tag = "dni", request_body = TagIn,
    params(("id" = i64, Path, description = "Tag id")),
    responses(
        (status = 200, body = TagOut),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "The tag code is in use"),
        (status = 422, body = ErrorEnvelope),
    ))]
async fn replace_tag(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<TagIn>,
) -> ApiResult<Json<TagOut>> {
    app.store.tag(user.account, id).await?;
    let f = fields(&app, user.account, input).await?;
    let row = app
        .store
        .update_tag(user.account, id, &f)
        .await
        .map_err(code_taken)?;
    app.dni_cache.forget_tags();
    Ok(Json(tag_out(&app, user.account, row).await?))
}

/// Delete a tag: its snippet stops tracking and its numbers go back to
/// the pool.
#[utoipa::path(delete, path = "/api/dni/tags/{id}", tag = "dni",
    params(("id" = i64, Path, description = "Tag id")),
    responses((status = 200, body = DeletedOut<i64>), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn delete_tag(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<DeletedOut<i64>>> {
    app.store.delete_tag(user.account, id).await?;
    app.dni_cache.forget_tags();
    Ok(Json(DeletedOut { id, deleted: true }))
}

/// How many sessions to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionsQuery {
    /// 1-500, default 100.
    pub limit: Option<i64>,
}

/// A tag's visitor sessions, the most recently active first.
#[utoipa::path(get, path = "/api/dni/tags/{id}/sessions", tag = "dni",
    params(("id" = i64, Path, description = "Tag id"), SessionsQuery),
    responses((status = 200, body = Vec<SessionOut>), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
async fn tag_sessions(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<SessionsQuery>,
) -> ApiResult<Json<Vec<SessionOut>>> {
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::validation("limit", "must be between 1 and 500"));
    }
    app.store.tag(user.account, id).await?;
    let now = domain::now_ms();
    let rows = app.store.tag_sessions(user.account, id, limit).await?;
    Ok(Json(
        rows.into_iter().map(|s| session_out(s, now)).collect(),
    ))
}
