//! Saved reports (`/api/reports`): CRUD, the schedule that e-mails them,
//! and downloads of a saved report.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::report::{Frequency, ReportSchedule};
use domain::validate;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use store::AccountId;
use store::saved_reports::{ReportFields, SavedReport};
use utoipa::ToSchema;

use super::delivery::{DeliveryOut, delivery_out};
use super::run::plan_and_compute;
use super::spec::ReportSpec;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::export::{self, Format};
use crate::extract::{ApiJson, ApiPath};
use crate::shapes::DeletedOut;
use crate::stats::rfc3339;

/// At most this many recipients per report.
const MAX_RECIPIENTS: usize = 20;

/// When and to whom a report is e-mailed.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleIo {
    #[serde(default)]
    pub frequency: Frequency,
    /// 1 = Monday … 7 = Sunday (weekly only).
    #[serde(default = "monday")]
    pub weekday: i64,
    /// 0-23 in your time zone.
    #[serde(default = "eight")]
    pub hour: i64,
    #[serde(default)]
    pub recipients: Vec<String>,
}

fn monday() -> i64 {
    1
}
fn eight() -> i64 {
    8
}

impl Default for ScheduleIo {
    fn default() -> Self {
        ScheduleIo {
            frequency: Frequency::None,
            weekday: 1,
            hour: 8,
            recipients: Vec::new(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportIn {
    pub name: String,
    #[serde(deserialize_with = "crate::extract::object")]
    pub spec: ReportSpec,
    #[serde(default, deserialize_with = "crate::extract::object")]
    pub schedule: ScheduleIo,
}

/// A saved report.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SavedReportOut {
    pub id: i64,
    pub name: String,
    pub spec: ReportSpec,
    pub schedule: ScheduleIo,
    /// When it is next e-mailed (RFC 3339), null when not scheduled.
    pub next_run_at: Option<String>,
    pub last_delivery: Option<DeliveryOut>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct SavedReportsOut {
    pub reports: Vec<SavedReportOut>,
}

fn out(r: SavedReport, last: Option<DeliveryOut>) -> SavedReportOut {
    SavedReportOut {
        id: r.id,
        spec: serde_json::from_str(&r.spec).unwrap_or_default(),
        schedule: ScheduleIo {
            frequency: Frequency::parse(&r.frequency),
            weekday: r.weekday,
            hour: r.hour,
            recipients: serde_json::from_str(&r.recipients).unwrap_or_default(),
        },
        name: r.name,
        next_run_at: r.next_run_at.map(rfc3339),
        last_delivery: last,
        created_at: rfc3339(r.created_at),
        updated_at: rfc3339(r.updated_at),
    }
}

/// Check a report as the user sent it; its first send time is computed in
/// `time_zone`.
fn fields(input: ReportIn, time_zone: &str) -> ApiResult<ReportFields> {
    let name =
        validate::text(&input.name, 100, true).map_err(|r| ApiError::validation("name", r))?;
    input
        .spec
        .clone()
        .plan(time_zone)
        .map_err(|e| e.prefix_field("spec."))?;
    let s = &input.schedule;
    validate::in_range(s.weekday, 1..=7)
        .map_err(|r| ApiError::validation("schedule.weekday", r))?;
    validate::in_range(s.hour, 0..=23).map_err(|r| ApiError::validation("schedule.hour", r))?;
    if s.recipients.len() > MAX_RECIPIENTS {
        return Err(ApiError::validation(
            "schedule.recipients",
            format!("at most {MAX_RECIPIENTS} addresses"),
        ));
    }
    let mut recipients: Vec<String> = Vec::new();
    for r in &s.recipients {
        let email = validate::email(r).map_err(|reason| {
            ApiError::validation("schedule.recipients", format!("{r:?} {reason}"))
        })?;
        if !recipients.contains(&email) {
            recipients.push(email);
        }
    }
    if s.frequency != Frequency::None && recipients.is_empty() {
        return Err(ApiError::validation(
            "schedule.recipients",
            "a scheduled report needs at least one address",
        ));
    }
    let schedule = ReportSchedule {
        frequency: s.frequency,
        weekday: s.weekday as i8,
        hour: s.hour as i8,
    };
    let tz = TimeZone::get(time_zone).unwrap_or(TimeZone::UTC);
    Ok(ReportFields {
        name,
        spec: serde_json::to_string(&input.spec).map_err(ApiError::internal)?,
        frequency: s.frequency.name().into(),
        weekday: s.weekday,
        hour: s.hour,
        recipients: serde_json::to_string(&recipients).map_err(ApiError::internal)?,
        next_run_at: schedule
            .next_after(jiff::Timestamp::now(), &tz)
            .map(|t| t.as_millisecond()),
    })
}

async fn time_zone(app: &AppState, account: AccountId) -> ApiResult<String> {
    Ok(app.store.user(account).await?.time_zone)
}

/// The account's saved reports, newest first, each with its last delivery.
#[utoipa::path(get, path = "/api/reports", tag = "reports",
    responses((status = 200, body = SavedReportsOut), (status = 401, body = ErrorEnvelope)))]
pub(super) async fn list_reports(
    State(app): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<SavedReportsOut>> {
    let reports = app.store.list_reports(user.account).await?;
    let mut last = app.store.last_deliveries(user.account).await?;
    Ok(Json(SavedReportsOut {
        reports: reports
            .into_iter()
            .map(|r| {
                let d = last
                    .iter()
                    .position(|d| d.report_id == r.id)
                    .map(|i| delivery_out(last.swap_remove(i)));
                out(r, d)
            })
            .collect(),
    }))
}

/// Save a report (and its schedule).
#[utoipa::path(post, path = "/api/reports", tag = "reports", request_body = ReportIn,
    responses(
        (status = 201, body = SavedReportOut),
        (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "A field is invalid (named in details.field)"),
    ))]
pub(super) async fn create_report(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<ReportIn>,
) -> ApiResult<(StatusCode, Json<SavedReportOut>)> {
    let f = fields(input, &time_zone(&app, user.account).await?)?;
    let r = app.store.create_report(user.account, &f).await?;
    Ok((StatusCode::CREATED, Json(out(r, None))))
}

async fn one(app: &AppState, account: AccountId, id: i64) -> ApiResult<SavedReportOut> {
    let r = app.store.report(account, id).await?;
    let last = app
        .store
        .deliveries(account, id, 1)
        .await?
        .into_iter()
        .next();
    Ok(out(r, last.map(delivery_out)))
}

/// One saved report.
#[utoipa::path(get, path = "/api/reports/{id}", tag = "reports",
    params(("id" = i64, Path, description = "Report id")),
    responses(
        (status = 200, body = SavedReportOut),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
    ))]
pub(super) async fn get_report(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<SavedReportOut>> {
    Ok(Json(one(&app, user.account, id).await?))
}

/// Replace a saved report (name, spec and schedule).
#[utoipa::path(put, path = "/api/reports/{id}", tag = "reports", request_body = ReportIn,
    params(("id" = i64, Path, description = "Report id")),
    responses(
        (status = 200, body = SavedReportOut),
        (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope),
    ))]
pub(super) async fn update_report(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ReportIn>,
) -> ApiResult<Json<SavedReportOut>> {
    let f = fields(input, &time_zone(&app, user.account).await?)?;
    app.store.update_report(user.account, id, &f).await?;
    Ok(Json(one(&app, user.account, id).await?))
}

/// Delete a saved report and its delivery history.
#[utoipa::path(delete, path = "/api/reports/{id}", tag = "reports",
    params(("id" = i64, Path, description = "Report id")),
    responses(
        (status = 200, body = DeletedOut<i64>),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
    ))]
pub(super) async fn delete_report(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<DeletedOut<i64>>> {
    app.store.delete_report(user.account, id).await?;
    Ok(Json(DeletedOut { id, deleted: true }))
}

async fn export_saved(
    app: AppState,
    user: CurrentUser,
    id: i64,
    format: Format,
) -> ApiResult<Response> {
    let account = user.account;
    let r = app.store.report(account, id).await?;
    let spec: ReportSpec = serde_json::from_str(&r.spec).map_err(ApiError::internal)?;
    let time_zone = crate::auth::time_zone(&app, &user).await?;
    let (plan, data) = plan_and_compute(&app, account, &time_zone, spec).await?;
    export::report_file(&plan, &data, &r.name, format)
}

/// A saved report, run now, as CSV.
#[utoipa::path(get, path = "/api/reports/{id}/export.csv", operation_id = "export_report_csv", tag = "reports",
    params(("id" = i64, Path, description = "Report id")),
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
    ))]
pub(super) async fn export_csv(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    export_saved(app, user, id, Format::Csv).await
}

/// A saved report, run now, as an Excel workbook.
#[utoipa::path(get, path = "/api/reports/{id}/export.xlsx", operation_id = "export_report_xlsx", tag = "reports",
    params(("id" = i64, Path, description = "Report id")),
    responses(
        (status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
    ))]
pub(super) async fn export_xlsx(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    export_saved(app, user, id, Format::Xlsx).await
}

/// A saved report, run now, as a PDF.
#[utoipa::path(get, path = "/api/reports/{id}/export.pdf", operation_id = "export_report_pdf", tag = "reports",
    params(("id" = i64, Path, description = "Report id")),
    responses(
        (status = 200, content_type = "application/pdf", body = Vec<u8>),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
    ))]
pub(super) async fn export_pdf(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    export_saved(app, user, id, Format::Pdf).await
}
