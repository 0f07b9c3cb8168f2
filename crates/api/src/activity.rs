//! The activity feed (`GET /api/activity`): configuration changes and
//! system alerts, newest first. [`record`] adds an entry and pushes it to
//! the account's live event stream; a failure to record is logged, never
//! passed on to the change that caused it.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use store::AccountId;
use store::activity::{ActivityRow, NewActivity};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::ApiQuery;
use crate::stats::rfc3339;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_activity))
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActivityOut {
    pub id: i64,
    /// e.g. campaign.created, buyer.updated, report.delivery_failed, alert.…
    pub kind: String,
    /// info, warning or error.
    pub severity: String,
    pub message: String,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct ActivityListOut {
    pub activity: Vec<ActivityOut>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityQuery {
    /// 1-100, default 20.
    pub limit: Option<i64>,
}

fn out(a: ActivityRow) -> ActivityOut {
    ActivityOut {
        id: a.id,
        kind: a.kind,
        severity: a.severity,
        message: a.message,
        entity_type: a.entity_type,
        entity_id: a.entity_id,
        created_at: rfc3339(a.created_at),
    }
}

/// The account's latest activity: configuration changes and alerts.
#[utoipa::path(get, path = "/api/activity", tag = "stats", params(ActivityQuery),
    responses(
        (status = 200, body = ActivityListOut),
        (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "limit is out of range"),
    ))]
async fn list_activity(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<ActivityQuery>,
) -> ApiResult<Json<ActivityListOut>> {
    let limit = q.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::validation("limit", "must be between 1 and 100"));
    }
    let rows = app.store.list_activity(user.account, limit).await?;
    Ok(Json(ActivityListOut {
        activity: rows.into_iter().map(out).collect(),
    }))
}

/// Add an entry to the account's feed and push it live.
pub async fn record(app: &AppState, account: AccountId, entry: NewActivity<'_>) {
    record_on(&app.store, &app.events, account, entry).await
}

/// [`record`] with the store and the event bus given apart.
pub async fn record_on(
    store: &store::Store,
    events: &crate::events::EventBus,
    account: AccountId,
    entry: NewActivity<'_>,
) {
    match store.record_activity(account, &entry).await {
        Ok(row) => events.activity(account.0, &out(row)),
        Err(e) => tracing::warn!(error = %e, kind = entry.kind, "could not record activity"),
    }
}

/// Note a change of configuration (`{entity}.{verb}`) made by the user.
pub async fn changed(
    app: &AppState,
    account: AccountId,
    kind: &str,
    entity: &str,
    id: &str,
    message: String,
) {
    record(
        app,
        account,
        NewActivity {
            kind,
            severity: "info",
            message: &message,
            entity_type: Some(entity),
            entity_id: Some(id),
        },
    )
    .await;
}
