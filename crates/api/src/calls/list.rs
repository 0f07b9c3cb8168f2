//! `GET /api/calls`: the account's calls, filtered, sorted and paged, with
//! the total over every page.

use axum::Json;
use axum::extract::State;

use super::output::{CallSummaryOut, CallsPageOut};
use super::{CallQuery, PageParams, SortParams, filter_for, page};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::ApiQuery;

/// Calls of the account matching the filters, newest first unless sorted
/// otherwise, with `total` (every page) and `hasMore`.
#[utoipa::path(get, path = "/api/calls", operation_id = "list_calls", tag = "calls",
    params(CallQuery, SortParams, PageParams),
    responses(
        (status = 200, body = CallsPageOut),
        (status = 400, body = ErrorEnvelope, description = "Unparsable query"),
        (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "A filter, sort or paging value is invalid"),
    ))]
pub(super) async fn list(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<CallQuery>,
    ApiQuery(sort): ApiQuery<SortParams>,
    ApiQuery(paging): ApiQuery<PageParams>,
) -> ApiResult<Json<CallsPageOut>> {
    let page = page(sort, paging)?;
    let filter = filter_for(&app, &user, q).await?;
    let (rows, total) = app.store.list_calls(user.account, &filter, &page).await?;
    let has_more = page.offset.saturating_add(rows.len() as i64) < total;
    Ok(Json(CallsPageOut {
        calls: rows.into_iter().map(CallSummaryOut::from).collect(),
        total,
        has_more,
    }))
}
