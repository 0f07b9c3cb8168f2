//! `GET /api/calls/export.xlsx` and `/export.pdf`: the filtered call list
//! as an Excel workbook (every row, typed cells, written with constant
//! memory) or as a readable PDF report (totals, calls per day, campaigns,
//! the latest 200 calls).

use axum::extract::State;
use axum::response::Response;
use domain::Money;
use domain::report::{ChartType, DayRange, Dimension, Metric};
use jiff::civil::Date;
use rust_xlsxwriter::{Workbook, XlsxError};
use store::call_reports::{CallFilter, CallRow};
use store::report_sums::{GroupBy, Named};
use store::{AccountId, Page, StoreError};
use tokio::sync::mpsc;

use super::{CallQuery, PageParams, SortParams, filter, page};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::export::xlsx::{Formats, MAX_ROWS, summary_sheet, write_cell, write_header};
use crate::export::{Cell, Chart, Document, Format, Table, attachment};
use crate::extract::ApiQuery;
use crate::reports::table::{Names, shape};
use crate::stats::rfc3339;

const COLUMNS: [&str; 28] = [
    "Call ID",
    "CallSid",
    "Time (UTC)",
    "Campaign",
    "Buyer or RTB target",
    "Caller",
    "Tracking number",
    "Destination",
    "City",
    "State",
    "Duration (s)",
    "Status",
    "Converted",
    "Cost",
    "Payout",
    "Revenue",
    "Profit",
    "Source",
    "Medium",
    "Campaign (utm)",
    "Term",
    "Content",
    "gclid",
    "fbclid",
    "msclkid",
    "Referrer",
    "Landing page",
    "Visitor",
];

fn cells(c: CallRow) -> Vec<Cell> {
    let text = |v: Option<String>| Cell::Text(v.unwrap_or_default());
    let destination = super::output::destination_name(&c);
    vec![
        Cell::Count(c.id),
        Cell::Text(c.call_sid),
        Cell::Text(rfc3339(c.created_at)),
        text(c.campaign_name),
        text(destination),
        Cell::Text(c.from_number),
        Cell::Text(c.to_number),
        text(c.dialed_number),
        text(c.caller_city),
        text(c.caller_state),
        Cell::Seconds(c.duration),
        Cell::Text(c.status),
        Cell::Text(if c.converted { "yes" } else { "no" }.into()),
        Cell::Money(Money(c.cost_e4)),
        Cell::Money(Money(c.payout_e4)),
        Cell::Money(Money(c.revenue_e4)),
        Cell::Money(Money(c.profit_e4)),
        text(c.utm_source),
        text(c.utm_medium),
        text(c.utm_campaign),
        text(c.utm_term),
        text(c.utm_content),
        text(c.gclid),
        text(c.fbclid),
        text(c.msclkid),
        text(c.referrer),
        text(c.landing_page),
        text(c.visitor_id),
    ]
}

/// The request's filter and its days: the dates asked for, or the 30 days
/// ending today.
struct Scope {
    filter: CallFilter,
    days: DayRange,
    period: String,
}

async fn scope(app: &AppState, user: &CurrentUser, q: CallQuery) -> ApiResult<Scope> {
    let time_zone = crate::auth::time_zone(app, user).await?;
    let tz = jiff::tz::TimeZone::get(&time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let today = jiff::Timestamp::now().to_zoned(tz.clone()).date();
    let date = |v: &Option<String>| v.as_deref().and_then(|s| s.trim().parse::<Date>().ok());
    let (from, to) = (date(&q.from), date(&q.to));
    let period = match (&from, &to) {
        (None, None) => "All dates".to_string(),
        (Some(f), None) => format!("From {f}"),
        (None, Some(t)) => format!("Until {t}"),
        (Some(f), Some(t)) => format!("{f} to {t}"),
    };
    let last = to.unwrap_or(today);
    let first = from
        .unwrap_or_else(|| last.checked_sub(jiff::Span::new().days(29)).unwrap_or(last))
        .max(
            last.checked_sub(jiff::Span::new().days(365))
                .unwrap_or(last),
        );
    let filter = filter(q, &time_zone)?;
    let days = DayRange::between(&tz, first.min(last), last)
        .ok_or_else(|| ApiError::validation("from", "is out of bounds"))?;
    Ok(Scope {
        filter,
        days,
        period,
    })
}

/// Key figures of the matching calls.
async fn figures(
    app: &AppState,
    account: AccountId,
    filter: &CallFilter,
) -> ApiResult<Vec<(String, String)>> {
    let totals = app
        .store
        .report_sums(account, filter, &[])
        .await?
        .into_iter()
        .next()
        .map(|r| r.sums)
        .unwrap_or_default();
    Ok([
        Metric::Calls,
        Metric::Connected,
        Metric::Converted,
        Metric::ConversionRate,
        Metric::Revenue,
        Metric::Payout,
        Metric::Cost,
        Metric::Profit,
    ]
    .into_iter()
    .map(|m| (m.title().to_string(), Cell::from(totals.value(m)).text()))
    .collect())
}

/// Every matching call as an Excel workbook (Calls and Summary sheets).
#[utoipa::path(get, path = "/api/calls/export.xlsx", operation_id = "export_calls_xlsx", tag = "calls",
    params(CallQuery, SortParams),
    responses(
        (status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "A filter is invalid, or more rows match than Excel holds (use the CSV)"),
    ))]
pub(super) async fn export_xlsx(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<CallQuery>,
    ApiQuery(sort): ApiQuery<SortParams>,
) -> ApiResult<Response> {
    let order = page(sort, PageParams::default())?;
    let account = user.account;
    let s = scope(&app, &user, q).await?;
    let one = Page {
        limit: 1,
        offset: 0,
        sort: order.sort,
        descending: order.descending,
        search: None,
    };
    let (_, total) = app.store.list_calls(account, &s.filter, &one).await?;
    if total > i64::from(MAX_ROWS) {
        return Err(ApiError::validation(
            "rows",
            format!(
                "{total} calls match, more than Excel's {MAX_ROWS} rows: narrow the filters or export CSV"
            ),
        ));
    }
    let doc = Document {
        title: "Calls".into(),
        subtitle: vec![s.period.clone(), format!("{total} calls")],
        figures: figures(&app, account, &s.filter).await?,
        ..Document::default()
    };
    let (tx, rx) = mpsc::channel(1024);
    let store = app.store.clone();
    let filter = s.filter.clone();
    let (sort_name, descending) = (order.sort, order.descending);
    tokio::spawn(async move {
        store
            .stream_calls(account, &filter, sort_name, descending, tx)
            .await;
    });
    let bytes = tokio::task::spawn_blocking(move || workbook(rx, &doc))
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| match e {
            WorkbookError::Store(e) => ApiError::from(e),
            WorkbookError::Xlsx(e) => ApiError::internal(e),
        })?;
    Ok(attachment(
        bytes,
        Format::Xlsx,
        &format!("calls-{}", today_of(&s.days)),
    ))
}

fn today_of(days: &DayRange) -> String {
    days.dates.last().map(|d| d.to_string()).unwrap_or_default()
}

enum WorkbookError {
    Store(StoreError),
    Xlsx(XlsxError),
}

impl From<XlsxError> for WorkbookError {
    fn from(e: XlsxError) -> Self {
        WorkbookError::Xlsx(e)
    }
}

fn workbook(
    mut rx: mpsc::Receiver<Result<CallRow, StoreError>>,
    doc: &Document,
) -> Result<Vec<u8>, WorkbookError> {
    let f = Formats::default();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("Calls")?;
    let columns: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    write_header(ws, &f, 0, &columns)?;
    let mut row = 1;
    while let Some(next) = rx.blocking_recv() {
        let call = next.map_err(WorkbookError::Store)?;
        for (c, cell) in cells(call).iter().enumerate() {
            write_cell(ws, &f, row, c as u16, cell, false)?;
        }
        row += 1;
    }
    summary_sheet(&mut wb, &f, doc)?;
    Ok(wb.save_to_buffer()?)
}

/// The matching calls as a PDF report.
#[utoipa::path(get, path = "/api/calls/export.pdf", operation_id = "export_calls_pdf", tag = "calls",
    params(CallQuery, SortParams),
    responses(
        (status = 200, content_type = "application/pdf", body = Vec<u8>),
        (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "A filter or sort value is invalid"),
    ))]
pub(super) async fn export_pdf(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<CallQuery>,
    ApiQuery(sort): ApiQuery<SortParams>,
) -> ApiResult<Response> {
    let order = page(sort, PageParams::default())?;
    let account = user.account;
    let s = scope(&app, &user, q).await?;
    let figures = figures(&app, account, &s.filter).await?;

    // Calls and revenue per day (the range asked, or the last 30 days).
    let mut ranged = s.filter.clone();
    if let Some((start, end)) = s.days.span() {
        ranged.from_ms = Some(ranged.from_ms.map_or(start, |f| f.max(start)));
        ranged.to_ms = Some(ranged.to_ms.map_or(end, |t| t.min(end)));
    }
    let per_day = app
        .store
        .report_sums(account, &ranged, &[GroupBy::Bucket(s.days.bucket_ms)])
        .await?;
    let metrics = [Metric::Calls, Metric::Revenue];
    let by_day = shape(
        &[Dimension::Day],
        &metrics,
        &s.days,
        &[0],
        per_day,
        &Names::new(),
    );
    let chart = Chart {
        title: format!(
            "Calls and revenue per day ({} to {})",
            s.days
                .dates
                .first()
                .map(|d| d.to_string())
                .unwrap_or_default(),
            today_of(&s.days)
        ),
        kind: ChartType::Line,
        labels: by_day.rows.iter().map(|r| r.labels[0].clone()).collect(),
        series: metrics
            .iter()
            .map(|m| {
                (
                    m.title().to_string(),
                    by_day
                        .rows
                        .iter()
                        .map(|r| r.sums.value(*m).as_f64())
                        .collect(),
                )
            })
            .collect(),
    };

    // By campaign.
    let per_campaign = app
        .store
        .report_sums(account, &s.filter, &[GroupBy::Campaign])
        .await?;
    let mut names = Names::new();
    names.insert(
        Dimension::Campaign,
        app.store.names(account, Named::Campaigns).await?,
    );
    let campaign_metrics = [
        Metric::Calls,
        Metric::Converted,
        Metric::ConversionRate,
        Metric::Revenue,
        Metric::Profit,
    ];
    let by_campaign = shape(
        &[Dimension::Campaign],
        &campaign_metrics,
        &s.days,
        &[0],
        per_campaign,
        &names,
    );
    let mut campaign_columns = vec!["Campaign".to_string()];
    campaign_columns.extend(campaign_metrics.iter().map(|m| m.title().to_string()));
    let campaigns = Table {
        title: "By campaign".into(),
        columns: campaign_columns,
        rows: by_campaign
            .rows
            .iter()
            .map(|r| {
                let mut cells = vec![Cell::Text(r.labels[0].clone())];
                cells.extend(
                    campaign_metrics
                        .iter()
                        .map(|m| Cell::from(r.sums.value(*m))),
                );
                cells
            })
            .collect(),
        totals: None,
    };

    // The latest calls.
    let latest = Page {
        limit: 200,
        offset: 0,
        sort: order.sort,
        descending: order.descending,
        search: None,
    };
    let (rows, total) = app.store.list_calls(account, &s.filter, &latest).await?;
    let shown = [0usize, 2, 3, 5, 10, 11, 15];
    let calls = Table {
        title: if total > 200 {
            format!("First 200 of {total} calls")
        } else {
            format!("{total} calls")
        },
        columns: shown.iter().map(|i| COLUMNS[*i].to_string()).collect(),
        rows: rows
            .into_iter()
            .map(|c| {
                let all = cells(c);
                shown.iter().map(|i| all[*i].clone()).collect()
            })
            .collect(),
        totals: None,
    };
    let doc = Document {
        title: "Call report".into(),
        subtitle: vec![
            format!("Period: {}", s.period),
            format!(
                "Generated {}",
                jiff::Timestamp::now().strftime("%Y-%m-%d %H:%M UTC")
            ),
        ],
        figures,
        chart: Some(chart),
        tables: vec![campaigns, calls],
    };
    let bytes = crate::export::pdf::render(&doc);
    Ok(attachment(
        bytes,
        Format::Pdf,
        &format!("calls-{}", today_of(&s.days)),
    ))
}
