//! Connectors: call events sent to HubSpot, Salesforce, Pipedrive, GA4,
//! Meta's Conversions API or Google Ads, each in the vendor's own API,
//! through the same outbox, retries and delivery log as webhooks.
//! Credentials are write-only: the API shows whether each is set and its
//! last four characters, never the value.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::AccountId;
use events::connectors::Vendor;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use store::StoreError;
use store::outbox::{EndpointFields, EndpointRow};
use utoipa::ToSchema;

use super::endpoints::EndpointFiguresOut;
use super::worker::StoredConnector;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath};
use crate::shapes::DeletedOut;
use crate::stats::rfc3339;

/// Connectors one account may have.
const MAX_CONNECTORS: usize = 50;
/// Mapped fields one connector may set.
const MAX_MAPPING: usize = 30;

/// A setting or credential of a vendor.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorFieldOut {
    pub key: String,
    pub label: String,
    /// Write-only: saved in `credentials`, never shown again.
    pub secret: bool,
    pub required: bool,
    /// The choices (empty: free text).
    pub options: Vec<String>,
    /// Used when left empty.
    pub default: Option<String>,
    pub help: String,
}

/// A default mapped field.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MappingFieldOut {
    pub field: String,
    pub template: String,
}

/// A vendor a connector may speak to.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorTypeOut {
    #[schema(example = "hubspot")]
    pub vendor: String,
    pub name: String,
    pub summary: String,
    pub default_base_url: String,
    /// The call events it may send, and those a new one sends.
    pub event_types: Vec<String>,
    pub default_event_types: Vec<String>,
    pub fields: Vec<ConnectorFieldOut>,
    /// What the field mapping sets, and its defaults (templates with
    /// `[tokens]`, see `GET /api/integrations/pixel-options`).
    pub mapping_target: String,
    pub default_mapping: Vec<MappingFieldOut>,
}

/// A connector to create, or the whole of one to save.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorIn {
    /// 1-100 characters.
    pub name: String,
    /// hubspot, salesforce, pipedrive, ga4, meta or google_ads (fixed
    /// once made).
    #[schema(example = "hubspot")]
    pub vendor: String,
    /// The vendor API's address (absent: the vendor's own).
    pub base_url: Option<String>,
    /// Call events to send (absent: the vendor's defaults).
    pub event_types: Option<Vec<String>>,
    /// Only calls of these campaigns (absent or empty: every campaign).
    pub campaign_ids: Option<Vec<String>>,
    /// The vendor's settings (`{key: text}`), see
    /// `GET /api/integrations/connector-types`.
    #[schema(value_type = Option<Object>)]
    pub settings: Option<Map<String, Value>>,
    /// The vendor's credentials (`{key: text}`); on a save, an absent or
    /// empty one keeps the stored value.
    #[schema(value_type = Option<Object>)]
    pub credentials: Option<Map<String, Value>>,
    /// Fields of the vendor's record (`{field: template}`) added to or
    /// replacing the defaults; an empty template removes a default.
    #[schema(value_type = Option<Object>)]
    pub mapping: Option<Map<String, Value>>,
    /// Default true.
    pub enabled: Option<bool>,
}

/// A credential as shown.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CredentialOut {
    pub key: String,
    pub set: bool,
    /// `…abcd` for long values.
    pub hint: Option<String>,
}

/// The last failure of a connector.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LastErrorOut {
    pub at: String,
    pub status: Option<i32>,
    pub message: String,
}

/// A connector as shown.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorOut {
    pub id: i64,
    pub name: String,
    pub vendor: String,
    pub vendor_name: String,
    pub base_url: String,
    pub event_types: Vec<String>,
    pub campaign_ids: Vec<String>,
    #[schema(value_type = Object)]
    pub settings: Map<String, Value>,
    pub credentials: Vec<CredentialOut>,
    #[schema(value_type = Object)]
    pub mapping: Map<String, Value>,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    /// Deliveries of the last 7 days.
    pub figures: EndpointFiguresOut,
    pub last_error: Option<LastErrorOut>,
    pub created_at: String,
    pub updated_at: String,
}

/// What a connection test found.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorTestOut {
    pub ok: bool,
    /// The vendor's last HTTP status.
    pub status: Option<u16>,
    pub message: String,
    pub latency_ms: i64,
}

fn strings(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

fn hint(value: &str) -> Option<String> {
    let n = value.chars().count();
    (n >= 12).then(|| {
        let tail: String = value.chars().skip(n - 4).collect();
        format!("…{tail}")
    })
}

fn vendor_of(row: &EndpointRow) -> ApiResult<Vendor> {
    row.connector
        .as_deref()
        .and_then(Vendor::parse)
        .ok_or_else(|| ApiError::internal("a connector without a known vendor"))
}

async fn connector_out(app: &AppState, row: EndpointRow) -> ApiResult<ConnectorOut> {
    let vendor = vendor_of(&row)?;
    let figures = super::endpoints::figures(app, row.id).await?;
    let last_error = app
        .store
        .endpoint_last_error(row.id)
        .await?
        .map(|e| LastErrorOut {
            at: rfc3339(e.at),
            status: e.status_code,
            message: e.error.or(e.response).unwrap_or_else(|| "no answer".into()),
        });
    let mut settings: Map<String, Value> = serde_json::from_str(&row.settings).unwrap_or_default();
    let mapping = match settings.remove("mapping") {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let credentials: Map<String, Value> = row
        .credentials
        .as_deref()
        .and_then(|c| serde_json::from_str(c).ok())
        .unwrap_or_default();
    Ok(ConnectorOut {
        id: row.id,
        name: row.name.unwrap_or_default(),
        vendor: vendor.id().into(),
        vendor_name: vendor.name().into(),
        base_url: row.url,
        event_types: strings(&row.event_types),
        campaign_ids: strings(&row.campaign_ids),
        settings,
        credentials: vendor
            .fields()
            .iter()
            .filter(|f| f.secret)
            .map(|f| {
                let value = credentials.get(f.key).and_then(Value::as_str).unwrap_or("");
                CredentialOut {
                    key: f.key.into(),
                    set: !value.is_empty(),
                    hint: hint(value),
                }
            })
            .collect(),
        mapping,
        enabled: row.enabled,
        disabled_reason: row.disabled_reason,
        figures,
        last_error,
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
    })
}

/// A text value of a settings object, checked.
fn text_of(field: &str, v: &Value, max: usize) -> ApiResult<String> {
    let s = match v {
        Value::String(s) => s.as_str(),
        Value::Null => "",
        _ => return Err(ApiError::validation(field, "must be text")),
    };
    domain::validate::text(s, max, false).map_err(|r| ApiError::validation(field, r))
}

async fn fields(
    app: &AppState,
    account: AccountId,
    input: ConnectorIn,
    old: Option<&EndpointRow>,
) -> ApiResult<EndpointFields> {
    let name = domain::validate::text(&input.name, 100, true)
        .map_err(|r| ApiError::validation("name", r))?;
    let vendor = Vendor::parse(input.vendor.trim()).ok_or_else(|| {
        ApiError::validation(
            "vendor",
            "must be hubspot, salesforce, pipedrive, ga4, meta or google_ads",
        )
    })?;
    if let Some(old) = old
        && old.connector.as_deref() != Some(vendor.id())
    {
        return Err(ApiError::validation(
            "vendor",
            "a connector's vendor cannot change: make a new connector",
        ));
    }
    let allow_private = app.settings.rtb_allow_private_endpoints;
    let base_url = match input.base_url.as_deref().map(str::trim) {
        None | Some("") => vendor.default_base_url().to_string(),
        Some(u) => u.trim_end_matches('/').to_string(),
    };
    if base_url.len() > 500 {
        return Err(ApiError::validation(
            "baseUrl",
            "must be at most 500 characters",
        ));
    }
    rtb::check_endpoint(&base_url, allow_private)
        .await
        .map_err(|r| ApiError::validation("baseUrl", r))?;
    let event_types: Vec<String> = match input.event_types {
        None => vendor
            .default_events()
            .iter()
            .map(|e| (*e).to_string())
            .collect(),
        Some(list) => {
            let mut out: Vec<String> = Vec::new();
            for e in list {
                let e = e.trim().to_string();
                if !vendor.events().contains(&e.as_str()) {
                    return Err(ApiError::validation(
                        "eventTypes",
                        format!("{} sends {}", vendor.name(), vendor.events().join(", ")),
                    ));
                }
                if !out.contains(&e) {
                    out.push(e);
                }
            }
            if out.is_empty() {
                return Err(ApiError::validation(
                    "eventTypes",
                    "choose at least one event",
                ));
            }
            out
        }
    };
    let campaign_ids = super::endpoints::campaigns_of(app, account, input.campaign_ids).await?;
    let old_settings: Map<String, Value> = old
        .map(|o| serde_json::from_str(&o.settings).unwrap_or_default())
        .unwrap_or_default();
    let old_credentials: Map<String, Value> = old
        .and_then(|o| o.credentials.as_deref())
        .and_then(|c| serde_json::from_str(c).ok())
        .unwrap_or_default();
    let given_settings = input.settings.unwrap_or_default();
    let given_credentials = input.credentials.unwrap_or_default();
    for key in given_settings.keys() {
        if !vendor.fields().iter().any(|f| !f.secret && f.key == key) {
            return Err(ApiError::validation(
                &format!("settings.{key}"),
                format!("{} has no such setting", vendor.name()),
            ));
        }
    }
    for key in given_credentials.keys() {
        if !vendor.fields().iter().any(|f| f.secret && f.key == key) {
            return Err(ApiError::validation(
                &format!("credentials.{key}"),
                format!("{} has no such credential", vendor.name()),
            ));
        }
    }
    let mut settings = Map::new();
    let mut credentials = Map::new();
    for f in vendor.fields() {
        let path = if f.secret {
            format!("credentials.{}", f.key)
        } else {
            format!("settings.{}", f.key)
        };
        let given = if f.secret {
            given_credentials.get(f.key)
        } else {
            given_settings.get(f.key)
        };
        let mut value = match given {
            Some(v) => text_of(&path, v, if f.secret { 4_000 } else { 500 })?,
            None => String::new(),
        };
        if f.secret && value.is_empty() {
            value = old_credentials
                .get(f.key)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
        }
        if value.contains('\n') || value.contains('\t') {
            return Err(ApiError::validation(&path, "must be one line"));
        }
        if f.required && value.is_empty() && f.default.is_empty() {
            return Err(ApiError::validation(&path, "is required"));
        }
        if !value.is_empty() && !f.options.is_empty() && !f.options.contains(&value.as_str()) {
            return Err(ApiError::validation(
                &path,
                format!("must be one of {}", f.options.join(", ")),
            ));
        }
        if !value.is_empty() && f.key.ends_with("Url") {
            rtb::check_endpoint(&value, allow_private)
                .await
                .map_err(|r| ApiError::validation(&path, r))?;
        }
        if !value.is_empty()
            && let Some(reason) = shape_of(f.key, &value)
        {
            return Err(ApiError::validation(&path, reason));
        }
        if f.key == "timeZone" && !value.is_empty() && jiff::tz::TimeZone::get(&value).is_err() {
            return Err(ApiError::validation(
                &path,
                "is not a known time zone (IANA name)",
            ));
        }
        if value.is_empty() {
            continue;
        }
        if f.secret {
            credentials.insert(f.key.into(), Value::String(value));
        } else {
            settings.insert(f.key.into(), Value::String(value));
        }
    }
    let mapping = match input.mapping {
        Some(m) => m,
        None => match old_settings.get("mapping") {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        },
    };
    if mapping.len() > MAX_MAPPING {
        return Err(ApiError::validation(
            "mapping",
            format!("at most {MAX_MAPPING} fields"),
        ));
    }
    let mut clean = Map::new();
    for (k, v) in mapping {
        let key_ok = !k.is_empty()
            && k.len() <= 100
            && k.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
        if !key_ok {
            return Err(ApiError::validation(
                "mapping",
                "field names are 1-100 letters, digits, '_' or '.'",
            ));
        }
        let template = text_of(&format!("mapping.{k}"), &v, 1_000)?;
        clean.insert(k, Value::String(template));
    }
    settings.insert("mapping".into(), Value::Object(clean));
    let json = |v: &Vec<String>| serde_json::to_string(v).map_err(ApiError::internal);
    Ok(EndpointFields {
        kind: "connector",
        name: Some(name),
        url: base_url,
        description: None,
        event_types: json(&event_types)?,
        campaign_ids: json(&campaign_ids)?,
        headers: "{}".into(),
        enabled: input.enabled.unwrap_or(true),
        method: "POST".into(),
        body_template: None,
        basic_auth: None,
        conditions: "[]".into(),
        max_fires: None,
        connector: Some(vendor.id().into()),
        settings: Value::Object(settings).to_string(),
        credentials: Some(Value::Object(credentials).to_string()),
    })
}

/// Why an id-like setting is not in its vendor's shape.
fn shape_of(key: &str, value: &str) -> Option<&'static str> {
    let digits = |s: &str| s.bytes().filter(u8::is_ascii_digit).count();
    let only = |s: &str, extra: &[u8]| s.bytes().all(|b| b.is_ascii_digit() || extra.contains(&b));
    match key {
        "measurementId" => {
            let rest = value.strip_prefix("G-").unwrap_or("");
            (!(4..=20).contains(&rest.len()) || !rest.bytes().all(|b| b.is_ascii_alphanumeric()))
                .then_some("must look like G-XXXXXXXXXX")
        }
        "pixelId" => (!only(value, b"") || !(5..=20).contains(&value.len()))
            .then_some("must be the dataset's numeric id"),
        "customerId" | "loginCustomerId" => (!only(value, b"-") || digits(value) != 10)
            .then_some("must be a 10-digit account id, e.g. 123-456-7890"),
        "conversionActionId" => (!only(value, b"") || !(1..=20).contains(&value.len()))
            .then_some("must be the conversion action's numeric id"),
        _ => None,
    }
}

async fn connector(app: &AppState, account: AccountId, id: i64) -> ApiResult<EndpointRow> {
    let row = app.store.endpoint(account, id).await?;
    if row.kind != "connector" {
        return Err(ApiError::not_found("No such connector"));
    }
    Ok(row)
}

/// The vendors a connector may speak to, with their settings, events
/// and default mapping.
#[utoipa::path(get, path = "/api/integrations/connector-types", tag = "integrations",
    responses((status = 200, body = Vec<ConnectorTypeOut>), (status = 401, body = ErrorEnvelope)))]
pub(super) async fn list_connector_types(_user: CurrentUser) -> Json<Vec<ConnectorTypeOut>> {
    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
    Json(
        Vendor::ALL
            .iter()
            .map(|v| {
                let (target, defaults) = v.mapping();
                ConnectorTypeOut {
                    vendor: v.id().into(),
                    name: v.name().into(),
                    summary: v.summary().into(),
                    default_base_url: v.default_base_url().into(),
                    event_types: strings(v.events()),
                    default_event_types: strings(v.default_events()),
                    fields: v
                        .fields()
                        .iter()
                        .map(|f| ConnectorFieldOut {
                            key: f.key.into(),
                            label: f.label.into(),
                            secret: f.secret,
                            required: f.required,
                            options: strings(f.options),
                            default: (!f.default.is_empty()).then(|| f.default.to_string()),
                            help: f.help.into(),
                        })
                        .collect(),
                    mapping_target: target.into(),
                    default_mapping: defaults
                        .iter()
                        .map(|(field, template)| MappingFieldOut {
                            field: (*field).into(),
                            template: (*template).into(),
                        })
                        .collect(),
                }
            })
            .collect(),
    )
}

/// The account's connectors.
#[utoipa::path(get, path = "/api/integrations/connectors", tag = "integrations",
    responses((status = 200, body = Vec<ConnectorOut>), (status = 401, body = ErrorEnvelope)))]
pub(super) async fn list_connectors(
    State(app): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<ConnectorOut>>> {
    let rows = app.store.list_endpoints(user.account).await?;
    let mut out = Vec::new();
    for row in rows.into_iter().filter(|r| r.kind == "connector") {
        out.push(connector_out(&app, row).await?);
    }
    Ok(Json(out))
}

/// Add a connector.
#[utoipa::path(post, path = "/api/integrations/connectors", tag = "integrations", request_body = ConnectorIn,
    responses((status = 201, body = ConnectorOut), (status = 401, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "The account has 50 connectors"),
        (status = 422, body = ErrorEnvelope)))]
pub(super) async fn create_connector(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<ConnectorIn>,
) -> ApiResult<(StatusCode, Json<ConnectorOut>)> {
    let f = fields(&app, user.account, input, None).await?;
    let have = app.store.list_endpoints(user.account).await?;
    if have.iter().filter(|e| e.kind == "connector").count() >= MAX_CONNECTORS {
        return Err(ApiError::conflict(
            "name",
            format!("an account has at most {MAX_CONNECTORS} connectors"),
        ));
    }
    // Connectors are not signed; the secret column holds an unused one.
    let row = app
        .store
        .create_endpoint(user.account, &f, &::events::new_secret())
        .await?;
    Ok((StatusCode::CREATED, Json(connector_out(&app, row).await?)))
}

/// One connector.
#[utoipa::path(get, path = "/api/integrations/connectors/{id}", tag = "integrations",
    params(("id" = i64, Path, description = "Connector id")),
    responses((status = 200, body = ConnectorOut), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_connector(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ConnectorOut>> {
    let row = connector(&app, user.account, id).await?;
    Ok(Json(connector_out(&app, row).await?))
}

/// Save the whole of a connector (credentials left out are kept).
#[utoipa::path(put, path = "/api/integrations/connectors/{id}", tag = "integrations", request_body = ConnectorIn,
    params(("id" = i64, Path, description = "Connector id")),
    responses((status = 200, body = ConnectorOut), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn replace_connector(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ConnectorIn>,
) -> ApiResult<Json<ConnectorOut>> {
    let old = connector(&app, user.account, id).await?;
    let f = fields(&app, user.account, input, Some(&old)).await?;
    let row = match app.store.update_endpoint(user.account, id, &f).await {
        Err(StoreError::NotFound) => return Err(ApiError::not_found("No such connector")),
        other => other?,
    };
    Ok(Json(connector_out(&app, row).await?))
}

/// Delete a connector with its delivery log.
#[utoipa::path(delete, path = "/api/integrations/connectors/{id}", tag = "integrations",
    params(("id" = i64, Path, description = "Connector id")),
    responses((status = 200, body = DeletedOut<i64>), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn delete_connector(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<DeletedOut<i64>>> {
    connector(&app, user.account, id).await?;
    app.store.delete_endpoint(user.account, id).await?;
    Ok(Json(DeletedOut { id, deleted: true }))
}

/// Test the connection now: the vendor is asked something that writes
/// nothing (Meta: a test event when a test event code is set; GA4: the
/// validation server).
#[utoipa::path(post, path = "/api/integrations/connectors/{id}/test", tag = "integrations",
    params(("id" = i64, Path, description = "Connector id")),
    responses((status = 200, body = ConnectorTestOut), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 503, body = ErrorEnvelope, description = "The HTTP client could not be built")))]
pub(super) async fn test_connector(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ConnectorTestOut>> {
    let row = connector(&app, user.account, id).await?;
    let stored = StoredConnector::of(
        row.connector.as_deref(),
        &row.settings,
        row.credentials.as_deref(),
    )
    .ok_or_else(|| ApiError::internal("a connector's settings are unreadable"))?;
    let client = app.outbound.client().ok_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "The outbound HTTP client is not available",
        )
    })?;
    let r = ::events::connectors::test(
        client,
        &app.outbound.tokens,
        &stored.connector(row.id, &row.url),
    )
    .await;
    Ok(Json(ConnectorTestOut {
        ok: r.ok,
        status: r.status,
        message: r.message,
        latency_ms: r.latency_ms,
    }))
}

/// A connector's deliveries, newest first (attempts and replays at
/// `/api/integrations/webhooks/{id}/messages/…`, which serves connectors
/// too).
#[utoipa::path(get, path = "/api/integrations/connectors/{id}/messages", tag = "integrations",
    params(("id" = i64, Path, description = "Connector id"), super::messages::MessagesQuery),
    responses((status = 200, body = Vec<super::messages::MessageOut>), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn list_connector_messages(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    query: crate::extract::ApiQuery<super::messages::MessagesQuery>,
) -> ApiResult<Json<Vec<super::messages::MessageOut>>> {
    connector(&app, user.account, id).await?;
    super::messages::list(&app, user.account, id, query.0).await
}
