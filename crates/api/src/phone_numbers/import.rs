//! `POST /api/phone-numbers/import`: register numbers from a CSV file.
//! Every row is checked first (by `domain::number_import`, then against the
//! numbers already registered); with any bad row nothing is written unless
//! `importValidRows` says so. Duplicates, in the file or on the platform,
//! are reported and never written twice. The rows are written in one
//! transaction. Pools read numbers (typed or CSV) with the same rules.

use std::collections::HashSet;

use axum::Json;
use axum::extract::State;
use domain::number_import::{ImportRow, NumberInput, RowOutcome, parse_csv};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::extract::ApiJson;

/// What an import row became.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum ImportRowStatus {
    Ok,
    Error,
    Duplicate,
}

/// A CSV file to import.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportIn {
    /// CSV text with a header row naming the columns `number` (or
    /// `phone_number`/`phoneNumber`), `friendly_name`, `type`, `country`;
    /// at most 10,000 rows.
    #[schema(example = "number,friendly_name,type,country\n(212) 555-0100,Main line,local,US\n")]
    pub csv: String,
    /// Import the good rows even when others are bad (default false: all or nothing).
    #[serde(default)]
    pub import_valid_rows: bool,
    /// Check only: the same answer as a real import, nothing written.
    #[serde(default)]
    pub dry_run: bool,
}

/// The import's report.
#[derive(Serialize, ToSchema)]
pub struct ImportOut {
    /// Numbers written (with `dryRun`: that would be written).
    pub imported: usize,
    /// Rows not written: errors and duplicates.
    pub skipped: usize,
    pub rows: Vec<ImportRowOut>,
}

/// One row of the file.
#[derive(Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportRowOut {
    /// Line in the file (the header is line 1).
    pub line: u64,
    /// E.164 when the number is valid, else as written.
    pub phone_number: String,
    #[schema(value_type = ImportRowStatus)]
    pub status: &'static str,
    /// Why the row is not imported.
    pub reason: Option<String>,
}

impl ImportRowOut {
    fn new(row: &ImportRow, status: &'static str, reason: Option<String>) -> Self {
        Self {
            line: row.line,
            phone_number: row.phone_number.clone(),
            status,
            reason,
        }
    }
}

/// Read a CSV of numbers (`field` names the input for a file-level 422).
/// Rows without a country are read in `region`.
fn parse(field: &str, csv: &str, region: &str) -> ApiResult<Vec<ImportRow>> {
    parse_csv(csv, region).map_err(|reason| ApiError::validation(field, reason))
}

/// The file's own verdict on each row, before the database is asked.
fn file_report(rows: &[ImportRow]) -> Vec<ImportRowOut> {
    rows.iter()
        .map(|row| match &row.outcome {
            RowOutcome::Valid(_) => ImportRowOut::new(row, "ok", None),
            RowOutcome::Invalid(r) => ImportRowOut::new(row, "error", Some(r.clone())),
            RowOutcome::Duplicate(r) => ImportRowOut::new(row, "duplicate", Some(r.clone())),
        })
        .collect()
}

/// 422 on `field` carrying the rows report in `details.rows`.
fn rows_refused(field: &str, report: Vec<ImportRowOut>) -> ApiError {
    let errors = report.iter().filter(|r| r.status == "error").count();
    let reason = format!(
        "{errors} of {} rows are invalid; nothing was imported",
        report.len()
    );
    ApiError::validation(field, reason.clone()).with_details(json!({
        "field": field,
        "reason": reason,
        "imported": 0,
        "skipped": report.len(),
        "rows": report,
    }))
}

/// Numbers typed by people, read in the pool's country.
pub(crate) fn parse_numbers(numbers: &[String], region: &str) -> ApiResult<Vec<NumberInput>> {
    numbers
        .iter()
        .enumerate()
        .map(|(i, n)| {
            domain::number_import::number_input(n, None, None, None, region).map_err(|e| {
                ApiError::validation("phoneNumbers", format!("item {}: {}", i + 1, e.reason))
            })
        })
        .collect()
}

/// The valid numbers of a CSV; any bad row refuses the request (422 with
/// the rows report). Repeats within the file are taken once.
pub(crate) fn csv_numbers(csv: &str, region: &str) -> ApiResult<Vec<NumberInput>> {
    let rows = parse("csv", csv, region)?;
    if rows
        .iter()
        .any(|r| matches!(r.outcome, RowOutcome::Invalid(_)))
    {
        return Err(rows_refused("csv", file_report(&rows)));
    }
    Ok(rows
        .into_iter()
        .filter_map(|r| match r.outcome {
            RowOutcome::Valid(n) => Some(n),
            _ => None,
        })
        .collect())
}

const REGISTERED: &str = "is already registered";

/// Import numbers from CSV. With a bad row and `importValidRows: false`,
/// nothing is written and the answer is 422 with the report in
/// `error.details.rows`. Numbers registered anywhere on the platform are
/// `duplicate` rows (the holder is never named).
#[utoipa::path(post, path = "/api/phone-numbers/import", tag = "phone-numbers", request_body = ImportIn,
    responses(
        (status = 200, body = ImportOut),
        (status = 401, body = ErrorEnvelope),
        (status = 413, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope,
            description = "The file cannot be read, has more than 10,000 rows, or has bad rows (report in `details.rows`)"),
    ))]
pub(super) async fn import_numbers(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiJson(input): ApiJson<ImportIn>,
) -> ApiResult<Json<ImportOut>> {
    let rows = parse("csv", &input.csv, "US")?;
    let candidates: Vec<String> = rows
        .iter()
        .filter(|r| matches!(r.outcome, RowOutcome::Valid(_)))
        .map(|r| r.phone_number.clone())
        .collect();
    let taken = app.store.registered_numbers(&candidates).await?;

    let mut report = file_report(&rows);
    let mut writes: Vec<(usize, NumberInput)> = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        if let RowOutcome::Valid(number) = row.outcome {
            if taken.contains(number.phone_number.as_str()) {
                report[i].status = "duplicate";
                report[i].reason = Some(REGISTERED.into());
            } else {
                writes.push((i, number));
            }
        }
    }
    let bad = report.iter().any(|r| r.status == "error");
    if bad && !input.import_valid_rows {
        return Err(rows_refused("csv", report));
    }
    if input.dry_run {
        return Ok(Json(ImportOut {
            imported: writes.len(),
            skipped: report.len() - writes.len(),
            rows: report,
        }));
    }

    let inputs: Vec<NumberInput> = writes.iter().map(|(_, n)| n.clone()).collect();
    let written: HashSet<String> = app
        .store
        .import_numbers(user.account, &inputs)
        .await?
        .into_iter()
        .collect();
    // Registered by someone else between the check and the write.
    for (i, number) in &writes {
        if !written.contains(number.phone_number.as_str()) {
            report[*i].status = "duplicate";
            report[*i].reason = Some(REGISTERED.into());
        }
    }
    tracing::info!(
        user_id = user.account.0,
        imported = written.len(),
        "phone numbers imported"
    );
    Ok(Json(ImportOut {
        imported: written.len(),
        skipped: report.len() - written.len(),
        rows: report,
    }))
}
