//! `POST /api/reports/run` (and `.csv`, `.xlsx`, `.pdf`): count a spec and
//! answer it as JSON or as a file.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use domain::report::{ChartType, Dimension, Metric, MetricValue, Sums};
use serde::Serialize;
use serde_json::Value;
use store::AccountId;
use store::report_sums::{BIDDER_KEY, Named};
use utoipa::ToSchema;

use super::spec::{Plan, ReportSpec};
use super::table::{Names, ReportData, group_keys, shape};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::export::{self, Format};
use crate::extract::ApiJson;

/// A computed report.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportOut {
    pub dimensions: Vec<Dimension>,
    pub metrics: Vec<Metric>,
    /// First day covered (your time zone).
    #[schema(example = "2026-10-27")]
    pub from: String,
    /// Last day covered (included).
    #[schema(example = "2026-11-25")]
    pub to: String,
    pub chart_type: ChartType,
    pub rows: Vec<ReportRowOut>,
    /// Every metric over all matching calls.
    #[schema(value_type = Object)]
    pub totals: BTreeMap<String, Value>,
    /// More than 1,000 rows existed; the first 1,000 are listed.
    pub truncated: bool,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportRowOut {
    /// Per dimension: the id or value (null for none).
    pub keys: Vec<Option<String>>,
    /// Per dimension: what to show.
    pub labels: Vec<String>,
    /// Metric name → number, or decimal string for money.
    #[schema(value_type = Object)]
    pub values: BTreeMap<String, Value>,
}

fn json_value(v: MetricValue) -> Value {
    match v {
        MetricValue::Count(n) | MetricValue::Seconds(n) => Value::from(n),
        MetricValue::Percent(p) => Value::from(p),
        MetricValue::Money(m) => Value::from(m.to_decimal_string(2)),
    }
}

pub(crate) fn values(metrics: &[Metric], sums: &Sums) -> BTreeMap<String, Value> {
    metrics
        .iter()
        .map(|m| (m.name().to_string(), json_value(sums.value(*m))))
        .collect()
}

/// Count a checked plan for `account`.
pub(crate) async fn compute(
    app: &AppState,
    account: AccountId,
    plan: &Plan,
) -> ApiResult<ReportData> {
    let dims = &plan.spec.dimensions;
    let (keys, index) = group_keys(dims, &plan.days);
    let mut filter = plan.filter.clone();
    crate::calls::defined_names(app, account, &mut filter).await?;
    let sums = app.store.report_sums(account, &filter, &keys).await?;
    let mut names = Names::new();
    for (d, which) in [
        (Dimension::Campaign, Named::Campaigns),
        (Dimension::Buyer, Named::Buyers),
        (Dimension::RtbTarget, Named::RtbTargets),
    ] {
        if dims.contains(&d) {
            names.insert(d, app.store.names(account, which).await?);
        }
    }
    // By buyer, a call won in an auction is its bidder's.
    if dims.contains(&Dimension::Buyer) {
        let bidders = app.store.names(account, Named::RtbTargets).await?;
        names.entry(Dimension::Buyer).or_default().extend(
            bidders
                .into_iter()
                .map(|(id, name)| (format!("{BIDDER_KEY}{id}"), format!("{name} (RTB)"))),
        );
    }
    Ok(shape(
        dims,
        &plan.spec.metrics,
        &plan.days,
        &index,
        sums,
        &names,
    ))
}

/// Check `spec` in the user's time zone and count it.
pub(crate) async fn plan_and_compute(
    app: &AppState,
    account: AccountId,
    time_zone: &str,
    spec: ReportSpec,
) -> ApiResult<(Plan, ReportData)> {
    let plan = spec.plan(time_zone)?;
    let data = compute(app, account, &plan).await?;
    Ok((plan, data))
}

pub(crate) fn report_out(plan: &Plan, data: &ReportData) -> ReportOut {
    ReportOut {
        dimensions: data.dimensions.clone(),
        metrics: data.metrics.clone(),
        from: plan
            .days
            .dates
            .first()
            .map(|d| d.to_string())
            .unwrap_or_default(),
        to: plan
            .days
            .dates
            .last()
            .map(|d| d.to_string())
            .unwrap_or_default(),
        chart_type: plan.spec.chart_type,
        rows: data
            .rows
            .iter()
            .map(|r| ReportRowOut {
                keys: r.keys.clone(),
                labels: r.labels.clone(),
                values: values(&data.metrics, &r.sums),
            })
            .collect(),
        totals: values(&data.metrics, &data.totals),
        truncated: data.truncated,
    }
}

/// Run a report spec (nothing is saved).
#[utoipa::path(post, path = "/api/reports/run", tag = "reports", request_body = ReportSpec,
    responses(
        (status = 200, body = ReportOut),
        (status = 400, body = ErrorEnvelope, description = "Malformed JSON or an unknown dimension/metric"),
        (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "A field is invalid (named in details.field)"),
    ))]
pub(super) async fn run(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(spec): ApiJson<ReportSpec>,
) -> ApiResult<Json<ReportOut>> {
    let (plan, data) = plan_and_compute(
        &app,
        user.account,
        &crate::auth::time_zone(&app, &user).await?,
        spec,
    )
    .await?;
    Ok(Json(report_out(&plan, &data)))
}

async fn run_file(
    app: AppState,
    user: CurrentUser,
    spec: ReportSpec,
    format: Format,
) -> ApiResult<Response> {
    let (plan, data) = plan_and_compute(
        &app,
        user.account,
        &crate::auth::time_zone(&app, &user).await?,
        spec,
    )
    .await?;
    export::report_file(&plan, &data, "Report", format)
}

/// Run a report spec and download it as CSV.
#[utoipa::path(post, path = "/api/reports/run.csv", tag = "reports", request_body = ReportSpec,
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope),
    ))]
pub(super) async fn run_csv(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(spec): ApiJson<ReportSpec>,
) -> ApiResult<Response> {
    run_file(app, user, spec, Format::Csv).await
}

/// Run a report spec and download it as an Excel workbook.
#[utoipa::path(post, path = "/api/reports/run.xlsx", tag = "reports", request_body = ReportSpec,
    responses(
        (status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope),
    ))]
pub(super) async fn run_xlsx(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(spec): ApiJson<ReportSpec>,
) -> ApiResult<Response> {
    run_file(app, user, spec, Format::Xlsx).await
}

/// Run a report spec and download it as a PDF (totals, chart, table).
#[utoipa::path(post, path = "/api/reports/run.pdf", tag = "reports", request_body = ReportSpec,
    responses(
        (status = 200, content_type = "application/pdf", body = Vec<u8>),
        (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope),
    ))]
pub(super) async fn run_pdf(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(spec): ApiJson<ReportSpec>,
) -> ApiResult<Response> {
    run_file(app, user, spec, Format::Pdf).await
}
