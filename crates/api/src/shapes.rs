//! Answer shapes and request helpers shared by every resource: the spec's
//! `{id, created}` / `{id, updated, changes}` answers, list paging with an
//! `X-Total-Count` header, and "absent vs null" for PATCH bodies.

use axum::Json;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;

/// Answer to a create: `{id, name, created: true}`.
#[derive(Serialize, ToSchema)]
pub struct CreatedOut<I: Serialize + ToSchema> {
    pub id: I,
    pub name: String,
    pub created: bool,
}

/// Answer to an update: the fields that changed, in camelCase.
#[derive(Serialize, ToSchema)]
pub struct UpdatedOut<I: Serialize + ToSchema> {
    pub id: I,
    pub updated: bool,
    pub changes: Vec<String>,
}

/// Answer to a delete.
#[derive(Serialize, ToSchema)]
pub struct DeletedOut<I: Serialize + ToSchema> {
    pub id: I,
    pub deleted: bool,
}

/// Paging and sorting of a list: `limit` 1-200 (default 50), `offset`,
/// `sort` (a column the resource names), `order` asc|desc, `search`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    pub sort: Option<String>,
    pub order: Option<String>,
    pub search: Option<String>,
}

impl ListParams {
    /// Check the values; `sorts` lists the accepted `sort` names (the first is the default).
    pub fn page(&self, sorts: &[&'static str]) -> Result<store::Page, ApiError> {
        let limit = self.limit.unwrap_or(50);
        if !(1..=200).contains(&limit) {
            return Err(ApiError::validation("limit", "must be between 1 and 200"));
        }
        let offset = self.offset.unwrap_or(0);
        if offset < 0 {
            return Err(ApiError::validation("offset", "must not be negative"));
        }
        let sort = match self.sort.as_deref() {
            None | Some("") => sorts.first().copied().unwrap_or("createdAt"),
            Some(s) => sorts.iter().copied().find(|k| *k == s).ok_or_else(|| {
                ApiError::validation("sort", format!("must be one of {}", sorts.join(", ")))
            })?,
        };
        let descending = match self.order.as_deref() {
            None | Some("") => sort == "createdAt",
            Some("asc") => false,
            Some("desc") => true,
            Some(_) => return Err(ApiError::validation("order", "must be asc or desc")),
        };
        let search = match self.search.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) if s.chars().count() > 100 => {
                return Err(ApiError::validation(
                    "search",
                    "must be at most 100 characters",
                ));
            }
            Some(s) => Some(s.to_string()),
        };
        Ok(store::Page {
            limit,
            offset,
            sort,
            descending,
            search,
        })
    }
}

/// A list answer: the items as a JSON array, the total in `X-Total-Count`.
pub fn list_response<T: Serialize>(items: Vec<T>, total: i64) -> Response {
    let mut response = Json(items).into_response();
    if let Ok(v) = HeaderValue::from_str(&total.to_string()) {
        response.headers_mut().insert("x-total-count", v);
    }
    response
}

/// Midnight starting `date` (`YYYY-MM-DD`) + `plus_days` in `time_zone`
/// (UTC when unknown), as epoch ms; a bad date is a 422 on `field`.
pub fn day_start(
    date: &str,
    time_zone: &str,
    plus_days: i64,
    field: &str,
) -> Result<i64, ApiError> {
    let day: jiff::civil::Date = date
        .trim()
        .parse()
        .map_err(|_| ApiError::validation(field, "must be a date (YYYY-MM-DD)"))?;
    let tz = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    // At the ends of the calendar (years 1 and 9999) a day has no start or
    // no next day in every zone: the bound is then the end of time, which
    // every stored call is inside.
    Ok(day
        .checked_add(jiff::Span::new().days(plus_days))
        .and_then(|d| d.to_zoned(tz))
        .map(|z| z.timestamp().as_millisecond())
        .unwrap_or(if day.year() < 1970 {
            jiff::Timestamp::MIN.as_millisecond()
        } else {
            jiff::Timestamp::MAX.as_millisecond()
        }))
}

/// For PATCH bodies: a missing field is `None`, an explicit `null` is
/// `Some(None)`, a value is `Some(Some(v))`. Use with
/// `#[serde(default, deserialize_with = "double_option")]`.
pub fn double_option<'de, T, D>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

/// Money for answers: 2 decimals, or 4 when the amount has finer digits
/// (never rounded away): `"15.50"`, `"0.0085"`.
pub fn money(e4: i64) -> String {
    domain::Money(e4).to_decimal_string(if e4 % 100 == 0 { 2 } else { 4 })
}

/// The names whose values changed, from `(name, unchanged)` pairs, in order:
/// the `changes` of an update answer.
pub fn changed_fields<'a>(fields: impl IntoIterator<Item = (&'a str, bool)>) -> Vec<String> {
    fields
        .into_iter()
        .filter(|(_, same)| !same)
        .map(|(field, _)| field.to_string())
        .collect()
}
