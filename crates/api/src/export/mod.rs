//! Files people download or receive by e-mail: a [`Document`] (title,
//! key figures, a chart, tables) rendered as CSV, Excel or PDF. Reports and
//! the call list build documents; the renderers know nothing of either.

pub mod pdf;
pub mod xlsx;

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::Money;
use domain::report::{ChartType, MetricValue};

use crate::error::{ApiError, ApiResult};
use crate::reports::spec::Plan;
use crate::reports::table::ReportData;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Pdf,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Pdf => "application/pdf",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
        }
    }
}

/// One value of a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Count(i64),
    Money(Money),
    /// 0-100.
    Percent(f64),
    Seconds(i64),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Count(n) | Cell::Seconds(n) => n.to_string(),
            Cell::Money(m) => m.to_decimal_string(2),
            Cell::Percent(p) => format!("{p:.1}"),
        }
    }

    pub fn is_numeric(&self) -> bool {
        !matches!(self, Cell::Text(_))
    }
}

impl From<MetricValue> for Cell {
    fn from(v: MetricValue) -> Self {
        match v {
            MetricValue::Count(n) => Cell::Count(n),
            MetricValue::Seconds(n) => Cell::Seconds(n),
            MetricValue::Money(m) => Cell::Money(m),
            MetricValue::Percent(p) => Cell::Percent(p),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Table {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub totals: Option<Vec<Cell>>,
}

/// A chart: one label per point, one or more named series.
#[derive(Clone, Debug)]
pub struct Chart {
    pub title: String,
    pub kind: ChartType,
    pub labels: Vec<String>,
    pub series: Vec<(String, Vec<f64>)>,
}

#[derive(Clone, Debug, Default)]
pub struct Document {
    pub title: String,
    /// Lines under the title: period, filters, when it was made.
    pub subtitle: Vec<String>,
    /// Label → value, shown as cards.
    pub figures: Vec<(String, String)>,
    pub chart: Option<Chart>,
    pub tables: Vec<Table>,
}

/// The first table as CSV (header, rows, then a totals row).
pub fn csv(doc: &Document) -> ApiResult<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    if let Some(t) = doc.tables.first() {
        w.write_record(&t.columns).map_err(ApiError::internal)?;
        for row in t.rows.iter().chain(t.totals.as_ref()) {
            w.write_record(row.iter().map(|c| match c {
                Cell::Text(t) => crate::calls::safe_cell(t.clone()),
                other => other.text(),
            }))
            .map_err(ApiError::internal)?;
        }
    }
    w.into_inner().map_err(ApiError::internal)
}

pub fn render(doc: &Document, format: Format) -> ApiResult<Vec<u8>> {
    match format {
        Format::Csv => csv(doc),
        Format::Xlsx => xlsx::document(doc).map_err(ApiError::internal),
        Format::Pdf => Ok(pdf::render(doc)),
    }
}

/// `bytes` as a download named `{stem}.{ext}`.
pub fn attachment(bytes: Vec<u8>, format: Format, stem: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{stem}.{}\"", format.extension()),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        Body::from(bytes),
    )
        .into_response()
}

/// A file name stem: letters, digits and dashes only.
pub fn file_stem(name: &str, date: &str) -> String {
    let mut stem: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while stem.contains("--") {
        stem = stem.replace("--", "-");
    }
    let stem = stem.trim_matches('-');
    let stem = if stem.is_empty() { "report" } else { stem };
    format!("{}-{date}", &stem[..stem.len().min(60)])
}

/// A report as a document: totals as figures, a chart of the first metric
/// (and the second, when there is one) over the first dimension, and the
/// table with a totals row.
pub fn report_document(plan: &Plan, data: &ReportData, title: &str) -> Document {
    let from = plan
        .days
        .dates
        .first()
        .map(|d| d.to_string())
        .unwrap_or_default();
    let to = plan
        .days
        .dates
        .last()
        .map(|d| d.to_string())
        .unwrap_or_default();
    let mut subtitle = vec![if from == to {
        format!("Day: {from}")
    } else {
        format!("Period: {from} to {to}")
    }];
    let f = &plan.spec.filters;
    let filters: Vec<String> = [
        ("campaign", f.campaign_id.clone()),
        ("buyer", f.buyer_id.map(|b| b.to_string())),
        ("status", f.status.clone()),
        ("state", f.caller_state.clone()),
        ("RTB target", f.rtb_target_id.map(|t| t.to_string())),
        ("source", f.source.clone()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| format!("{k} = {v}")))
    .collect();
    if !filters.is_empty() {
        subtitle.push(format!("Filters: {}", filters.join(", ")));
    }
    subtitle.push(format!(
        "Generated {}",
        jiff::Timestamp::now().strftime("%Y-%m-%d %H:%M UTC")
    ));
    let figures = data
        .metrics
        .iter()
        .map(|m| {
            (
                m.title().to_string(),
                Cell::from(data.totals.value(*m)).text(),
            )
        })
        .collect();
    let chart =
        (!data.dimensions.is_empty() && plan.spec.chart_type != ChartType::Table).then(|| Chart {
            title: format!(
                "{} by {}",
                data.metrics.first().map(|m| m.title()).unwrap_or(""),
                data.dimensions[0].title().to_lowercase()
            ),
            kind: plan.spec.chart_type,
            labels: data
                .rows
                .iter()
                .take(40)
                .map(|r| r.labels.join(" / "))
                .collect(),
            series: data
                .metrics
                .iter()
                .take(if plan.spec.chart_type == ChartType::Line {
                    2
                } else {
                    1
                })
                .map(|m| {
                    (
                        m.title().to_string(),
                        data.rows
                            .iter()
                            .take(40)
                            .map(|r| r.sums.value(*m).as_f64())
                            .collect(),
                    )
                })
                .collect(),
        });
    let mut columns: Vec<String> = data
        .dimensions
        .iter()
        .map(|d| d.title().to_string())
        .collect();
    columns.extend(data.metrics.iter().map(|m| m.title().to_string()));
    let row = |labels: Vec<Cell>, sums: &domain::report::Sums| -> Vec<Cell> {
        let mut cells = labels;
        cells.extend(data.metrics.iter().map(|m| Cell::from(sums.value(*m))));
        cells
    };
    let mut total_labels = vec![Cell::Text("Total".into())];
    total_labels.resize(data.dimensions.len(), Cell::Text(String::new()));
    Document {
        title: title.to_string(),
        subtitle,
        figures,
        chart,
        tables: vec![Table {
            title: if data.truncated {
                "First 1,000 rows".into()
            } else {
                String::new()
            },
            columns,
            rows: data
                .rows
                .iter()
                .map(|r| row(r.labels.iter().cloned().map(Cell::Text).collect(), &r.sums))
                .collect(),
            totals: (!data.dimensions.is_empty()).then(|| row(total_labels, &data.totals)),
        }],
    }
}

/// A report rendered as a download.
pub fn report_file(
    plan: &Plan,
    data: &ReportData,
    title: &str,
    format: Format,
) -> ApiResult<Response> {
    let doc = report_document(plan, data, title);
    let bytes = render(&doc, format)?;
    let date = plan
        .days
        .dates
        .last()
        .map(|d| d.to_string())
        .unwrap_or_default();
    Ok(attachment(bytes, format, &file_stem(title, &date)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_are_safe() {
        assert_eq!(
            file_stem("Weekly: Auto / Health!", "2026-11-25"),
            "weekly-auto-health-2026-11-25"
        );
        assert_eq!(file_stem("ä€", "2026-11-25"), "report-2026-11-25");
    }

    #[test]
    fn csv_has_a_header_rows_and_totals() {
        let doc = Document {
            tables: vec![Table {
                columns: vec!["Campaign".into(), "Calls".into(), "Revenue".into()],
                rows: vec![vec![
                    Cell::Text("A, \"quoted\"".into()),
                    Cell::Count(2),
                    Cell::Money(Money(125_000)),
                ]],
                totals: Some(vec![
                    Cell::Text("Total".into()),
                    Cell::Count(2),
                    Cell::Money(Money(125_000)),
                ]),
                ..Table::default()
            }],
            ..Document::default()
        };
        let text = String::from_utf8(csv(&doc).unwrap()).unwrap();
        assert_eq!(
            text,
            "Campaign,Calls,Revenue\n\"A, \"\"quoted\"\"\",2,12.50\nTotal,2,12.50\n"
        );
    }
}
