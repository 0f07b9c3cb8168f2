//! Number pools (`/api/pools`): create, list with number counts, change,
//! delete, and the pool's numbers. A number belongs to at most one pool:
//! adding is all or nothing, and a number held by another pool is a 409
//! naming it in `details.heldBy`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::number_import::country_code;
use serde::{Deserialize, Serialize};
use store::StoreError;
use store::phone_numbers::AssignError;
use store::pools::{PoolAddError, PoolFields, PoolRow};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::phone_numbers::import::{csv_numbers, parse_numbers};
use crate::phone_numbers::{PhoneNumberOut, held_by, number_out, percent};
use crate::shapes::{CreatedOut, DeletedOut, ListParams, UpdatedOut, double_option, list_response};
use crate::stats::rfc3339;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_pools, create_pool))
        .routes(routes!(get_pool, patch_pool, replace_pool, delete_pool))
        .routes(routes!(add_pool_numbers))
        .routes(routes!(remove_pool_number))
}

/// Sort names of the list; the first is the default.
pub(crate) const SORTS: &[&str] = &[
    "createdAt",
    "name",
    "status",
    "country",
    "totalNumbers",
    "availableNumbers",
    "assignedNumbers",
];
/// Most numbers one request may add.
const MAX_ADD: usize = 10_000;

/// Pool statuses.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum PoolStatus {
    Active,
    Inactive,
}

/// A pool with its number counts.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PoolOut {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
    /// ISO 3166 alpha-2.
    #[schema(example = "US")]
    pub country: String,
    #[schema(value_type = PoolStatus)]
    pub status: String,
    pub total_numbers: i64,
    /// Active pool numbers not assigned to a campaign.
    pub available_numbers: i64,
    /// Pool numbers assigned to a campaign.
    pub assigned_numbers: i64,
    /// assigned / total × 100, one decimal.
    pub usage_rate: f64,
    /// RFC 3339 UTC.
    pub created_at: String,
}

impl From<PoolRow> for PoolOut {
    fn from(p: PoolRow) -> Self {
        Self {
            usage_rate: percent(p.assigned_numbers, p.total_numbers),
            id: p.id,
            name: p.name,
            description: p.description,
            country: p.country,
            status: p.status,
            total_numbers: p.total_numbers,
            available_numbers: p.available_numbers,
            assigned_numbers: p.assigned_numbers,
            created_at: rfc3339(p.created_at),
        }
    }
}

/// A pool and all its numbers.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PoolDetailOut {
    #[serde(flatten)]
    pub pool: PoolOut,
    pub numbers: Vec<PhoneNumberOut>,
}

/// A new pool.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PoolIn {
    /// Unique in the account (any case); at most 100 characters.
    #[schema(example = "Health Pool")]
    pub name: String,
    /// At most 1,000 characters.
    pub description: Option<String>,
    /// ISO 3166 alpha-2 (default US); numbers added without `+code` are read here.
    pub country: Option<String>,
    /// Default active.
    #[schema(value_type = Option<PoolStatus>)]
    pub status: Option<String>,
}

/// Changes to a pool; absent fields stay, `description: null` clears it.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PoolPatch {
    pub name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    pub country: Option<String>,
    #[schema(value_type = Option<PoolStatus>)]
    pub status: Option<String>,
}

/// Filters of the pool list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PoolQuery {
    /// active or inactive.
    pub status: Option<String>,
}

/// Numbers to add: exactly one of the three.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PoolNumbersIn {
    /// Ids of the account's numbers.
    pub phone_number_ids: Option<Vec<i64>>,
    /// Numbers in any common format (read in the pool's country without
    /// `+code`); unknown ones are registered.
    pub phone_numbers: Option<Vec<String>>,
    /// CSV as for `POST /api/phone-numbers/import`; unknown numbers are registered.
    pub csv: Option<String>,
}

/// Numbers added to a pool.
#[derive(Serialize, ToSchema)]
pub struct PoolNumbersOut {
    /// How many numbers joined the pool.
    pub added: usize,
    /// Those numbers, as they are now.
    pub numbers: Vec<PhoneNumberOut>,
}

fn name(value: &str) -> ApiResult<String> {
    domain::validate::text(value, 100, true).map_err(|r| ApiError::validation("name", r))
}

fn description(value: Option<&str>) -> ApiResult<Option<String>> {
    domain::validate::optional_text(value, 1000).map_err(|r| ApiError::validation("description", r))
}

fn country(value: &str) -> ApiResult<String> {
    country_code(value).map_err(|r| ApiError::validation("country", r))
}

fn status(value: &str) -> ApiResult<String> {
    match value.trim().to_ascii_lowercase().as_str() {
        s @ ("active" | "inactive") => Ok(s.to_string()),
        _ => Err(ApiError::validation("status", "must be active or inactive")),
    }
}

/// A taken name is 409 on `name`.
fn name_taken(e: StoreError) -> ApiError {
    match e {
        StoreError::Conflict { .. } => {
            ApiError::conflict("name", "another pool of yours already has this name")
        }
        other => other.into(),
    }
}

/// The account's pools with their counts; the total is in `X-Total-Count`.
#[utoipa::path(get, path = "/api/pools", tag = "pools",
    params(ListParams, PoolQuery),
    responses(
        (status = 200, body = Vec<PoolOut>,
            headers(("x-total-count" = i64, description = "Pools matching the filters"))),
        (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope),
    ))]
async fn list_pools(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(params): ApiQuery<ListParams>,
    ApiQuery(query): ApiQuery<PoolQuery>,
) -> ApiResult<Response> {
    let page = params.page(SORTS)?;
    let wanted = match query.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(status(s)?),
    };
    let (rows, total) = app
        .store
        .list_pools(user.account, wanted.as_deref(), &page)
        .await?;
    let items: Vec<PoolOut> = rows.into_iter().map(PoolOut::from).collect();
    Ok(list_response(items, total))
}

/// Create a pool.
#[utoipa::path(post, path = "/api/pools", tag = "pools", request_body = PoolIn,
    responses(
        (status = 201, body = CreatedOut<i64>),
        (status = 401, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "The account has a pool with this name"),
        (status = 422, body = ErrorEnvelope),
    ))]
async fn create_pool(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<PoolIn>,
) -> ApiResult<(StatusCode, Json<CreatedOut<i64>>)> {
    let fields = PoolFields {
        name: name(&input.name)?,
        description: description(input.description.as_deref())?,
        country: country(input.country.as_deref().unwrap_or("US"))?,
        status: status(input.status.as_deref().unwrap_or("active"))?,
    };
    let pool = app
        .store
        .create_pool(user.account, &fields)
        .await
        .map_err(name_taken)?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedOut {
            id: pool.id,
            name: pool.name,
            created: true,
        }),
    ))
}

/// One pool with all its numbers.
#[utoipa::path(get, path = "/api/pools/{id}", tag = "pools",
    params(("id" = i64, Path, description = "Pool id")),
    responses(
        (status = 200, body = PoolDetailOut),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
    ))]
async fn get_pool(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<PoolDetailOut>> {
    let pool = app.store.pool(user.account, id).await?;
    let numbers = app.store.pool_numbers(user.account, id).await?;
    Ok(Json(PoolDetailOut {
        pool: pool.into(),
        numbers: numbers.into_iter().map(|n| number_out(&app, n)).collect(),
    }))
}

/// Change some of a pool's fields.
#[utoipa::path(patch, path = "/api/pools/{id}", tag = "pools", request_body = PoolPatch,
    params(("id" = i64, Path, description = "Pool id")),
    responses(
        (status = 200, body = UpdatedOut<i64>),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "The account has another pool with this name"),
        (status = 422, body = ErrorEnvelope),
    ))]
async fn patch_pool(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<PoolPatch>,
) -> ApiResult<Json<UpdatedOut<i64>>> {
    update(&app, user, id, input).await
}

/// Change a pool; as PATCH, absent fields stay as they are.
#[utoipa::path(put, path = "/api/pools/{id}", tag = "pools", request_body = PoolPatch,
    params(("id" = i64, Path, description = "Pool id")),
    responses(
        (status = 200, body = UpdatedOut<i64>),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "The account has another pool with this name"),
        (status = 422, body = ErrorEnvelope),
    ))]
async fn replace_pool(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<PoolPatch>,
) -> ApiResult<Json<UpdatedOut<i64>>> {
    update(&app, user, id, input).await
}

async fn update(
    app: &AppState,
    user: CurrentUser,
    id: i64,
    input: PoolPatch,
) -> ApiResult<Json<UpdatedOut<i64>>> {
    let current = app.store.pool(user.account, id).await?;
    let before = PoolFields {
        name: current.name,
        description: current.description,
        country: current.country,
        status: current.status,
    };
    let after = PoolFields {
        name: input
            .name
            .as_deref()
            .map(name)
            .transpose()?
            .unwrap_or_else(|| before.name.clone()),
        description: match input.description {
            None => before.description.clone(),
            Some(d) => description(d.as_deref())?,
        },
        country: input
            .country
            .as_deref()
            .map(country)
            .transpose()?
            .unwrap_or_else(|| before.country.clone()),
        status: input
            .status
            .as_deref()
            .map(status)
            .transpose()?
            .unwrap_or_else(|| before.status.clone()),
    };
    let mut changes = Vec::new();
    for (field, changed) in [
        ("name", after.name != before.name),
        ("description", after.description != before.description),
        ("country", after.country != before.country),
        ("status", after.status != before.status),
    ] {
        if changed {
            changes.push(field.to_string());
        }
    }
    if !changes.is_empty() {
        app.store
            .update_pool(user.account, id, &after)
            .await
            .map_err(name_taken)?;
    }
    Ok(Json(UpdatedOut {
        id,
        updated: true,
        changes,
    }))
}

/// Delete a pool: its numbers leave it and are released from campaigns.
/// A live campaign that draws from the pool keeps it (409 naming it).
#[utoipa::path(delete, path = "/api/pools/{id}", tag = "pools",
    params(("id" = i64, Path, description = "Pool id")),
    responses(
        (status = 200, body = DeletedOut<i64>),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "A campaign uses the pool (`details.heldBy`)"),
    ))]
async fn delete_pool(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<DeletedOut<i64>>> {
    match app.store.delete_pool(user.account, id).await {
        Ok(()) => Ok(Json(DeletedOut { id, deleted: true })),
        Err(AssignError::HeldBy { kind, id, name }) => Err(held_by(
            "id",
            format!("the pool is used by {kind} \"{name}\""),
            kind,
            &id,
            &name,
        )),
        Err(e) => Err(e.into()),
    }
}

/// Add numbers to the pool, all or nothing: by id, by number (registered
/// when new) or from CSV. A number already in a pool, this one included,
/// refuses the request (409 naming that pool).
#[utoipa::path(post, path = "/api/pools/{id}/numbers", tag = "pools", request_body = PoolNumbersIn,
    params(("id" = i64, Path, description = "Pool id")),
    responses(
        (status = 200, body = PoolNumbersOut),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "The pool or a number id is not yours"),
        (status = 409, body = ErrorEnvelope,
            description = "A number is already in a pool (`details.heldBy`) or registered elsewhere"),
        (status = 422, body = ErrorEnvelope),
    ))]
async fn add_pool_numbers(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<PoolNumbersIn>,
) -> ApiResult<Json<PoolNumbersOut>> {
    let pool = app.store.pool(user.account, id).await?;
    let (field, ids, new) = match (input.phone_number_ids, input.phone_numbers, input.csv) {
        (Some(ids), None, None) => ("phoneNumberIds", ids, Vec::new()),
        (None, Some(numbers), None) => (
            "phoneNumbers",
            Vec::new(),
            parse_numbers(&numbers, &pool.country)?,
        ),
        (None, None, Some(csv)) => ("csv", Vec::new(), csv_numbers(&csv, &pool.country)?),
        _ => {
            return Err(ApiError::validation(
                "phoneNumberIds",
                "give exactly one of phoneNumberIds, phoneNumbers or csv",
            ));
        }
    };
    if ids.is_empty() && new.is_empty() {
        return Err(ApiError::validation(field, "must name at least one number"));
    }
    if ids.len() > MAX_ADD || new.len() > MAX_ADD {
        return Err(ApiError::validation(
            field,
            format!("must name at most {MAX_ADD} numbers"),
        ));
    }
    let added = match app
        .store
        .add_numbers_to_pool(user.account, id, &ids, &new)
        .await
    {
        Ok(done) => done,
        Err(PoolAddError::NotFound) => return Err(ApiError::not_found("Resource not found")),
        Err(PoolAddError::HeldBy {
            phone_number,
            pool_id,
            pool_name,
        }) => {
            let shown = domain::phone::format_display(&phone_number);
            return Err(held_by(
                field,
                format!("{shown} is already in pool \"{pool_name}\""),
                "pool",
                &pool_id.to_string(),
                &pool_name,
            ));
        }
        Err(PoolAddError::Registered { phone_number }) => {
            let shown = domain::phone::format_display(&phone_number);
            return Err(ApiError::conflict(
                field,
                format!("{shown} is already registered"),
            ));
        }
        Err(PoolAddError::Store(e)) => return Err(e.into()),
    };
    let numbers = app.store.numbers_by_id(user.account, &added).await?;
    Ok(Json(PoolNumbersOut {
        added: added.len(),
        numbers: numbers.into_iter().map(|n| number_out(&app, n)).collect(),
    }))
}

/// Take a number out of the pool (it is also released from its campaign).
#[utoipa::path(delete, path = "/api/pools/{id}/numbers/{phone_number_id}", tag = "pools",
    params(
        ("id" = i64, Path, description = "Pool id"),
        ("phone_number_id" = i64, Path, description = "Phone number id"),
    ),
    responses(
        (status = 200, body = DeletedOut<i64>, description = "`id` is the number's"),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "Not your pool, or the number is not in it"),
    ))]
async fn remove_pool_number(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath((id, number_id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<DeletedOut<i64>>> {
    app.store
        .remove_number_from_pool(user.account, id, number_id)
        .await?;
    Ok(Json(DeletedOut {
        id: number_id,
        deleted: true,
    }))
}
