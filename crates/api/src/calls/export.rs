//! `GET /api/calls/export.csv`: every call matching the list's filters, as
//! CSV with a header row, streamed.
//!
//! A task reads rows from the database cursor into a small channel; the
//! response body turns them into CSV in chunks of about 32 KiB. Nothing is
//! collected: memory stays flat whatever the row count. When the client
//! goes away the body is dropped, the task's next send fails and the query
//! stops. A database error mid-way aborts the body, so the client sees a
//! broken transfer rather than a file that looks complete.

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use store::StoreError;
use store::call_reports::CallRow;
use tokio::sync::mpsc;

use super::output::money;
use super::{CallQuery, PageParams, SortParams, filter, page};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorEnvelope};
use crate::extract::ApiQuery;
use crate::stats::rfc3339;

/// Column names, as the list's JSON fields.
const HEADER: [&str; 34] = [
    "id",
    "callSid",
    "createdAt",
    "campaignId",
    "campaignName",
    "buyerId",
    "buyerName",
    "rtbTargetId",
    "rtbTargetName",
    "fromNumber",
    "toNumber",
    "dialedNumber",
    "callerCity",
    "callerState",
    "duration",
    "status",
    "disposition",
    "isDuplicate",
    "converted",
    "cost",
    "payout",
    "revenue",
    "profit",
    "utmSource",
    "utmMedium",
    "utmCampaign",
    "utmTerm",
    "utmContent",
    "gclid",
    "fbclid",
    "msclkid",
    "referrer",
    "landingPage",
    "visitorId",
];

/// Bytes gathered before a chunk is sent.
const CHUNK: usize = 32 * 1024;

/// Every matching call as CSV (no paging; `limit`/`offset` are ignored).
#[utoipa::path(get, path = "/api/calls/export.csv", tag = "calls",
    params(CallQuery, SortParams),
    responses(
        (status = 200, content_type = "text/csv", body = String,
            description = "CSV with a header row; `Content-Disposition: attachment; filename=\"calls-YYYY-MM-DD.csv\"`"),
        (status = 400, body = ErrorEnvelope, description = "Unparsable query"),
        (status = 401, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "A filter or sort value is invalid"),
    ))]
pub(super) async fn export(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiQuery(q): ApiQuery<CallQuery>,
    ApiQuery(sort): ApiQuery<SortParams>,
) -> ApiResult<Response> {
    let order = page(sort, PageParams::default())?;
    let time_zone = crate::auth::time_zone(&app, &user).await?;
    let filter = filter(q, &time_zone)?;
    let tz = jiff::tz::TimeZone::get(&time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let today = jiff::Timestamp::now().to_zoned(tz).date();

    let (tx, rx) = mpsc::channel(256);
    let store = app.store.clone();
    let account = user.account;
    tokio::spawn(async move {
        store
            .stream_calls(account, &filter, order.sort, order.descending, tx)
            .await;
    });
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"calls-{today}.csv\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        Body::from_stream(csv_chunks(rx)),
    )
        .into_response())
}

struct Chunks {
    rx: mpsc::Receiver<Result<CallRow, StoreError>>,
    header: bool,
    done: bool,
}

/// CSV chunks of the rows arriving on `rx`, header first.
fn csv_chunks(
    rx: mpsc::Receiver<Result<CallRow, StoreError>>,
) -> impl Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    let state = Chunks {
        rx,
        header: false,
        done: false,
    };
    futures_util::stream::unfold(state, |mut s| async move {
        if s.done {
            return None;
        }
        let result = fill(&mut s).await;
        match result {
            Ok(chunk) if chunk.is_empty() && s.done => None,
            Ok(chunk) => Some((Ok(chunk), s)),
            Err(e) => {
                s.done = true;
                Some((Err(e), s))
            }
        }
    })
}

/// Write rows until about a chunk is ready, or the rows end; return the bytes.
async fn fill(s: &mut Chunks) -> Result<Vec<u8>, std::io::Error> {
    let mut out = csv::Writer::from_writer(Vec::with_capacity(CHUNK + 1024));
    if !s.header {
        s.header = true;
        out.write_record(HEADER)?;
    }
    let mut wrote = 0usize;
    loop {
        let next = if wrote == 0 {
            s.rx.recv().await
        } else {
            match s.rx.try_recv() {
                Ok(item) => Some(item),
                Err(mpsc::error::TryRecvError::Empty) => break,
                Err(mpsc::error::TryRecvError::Disconnected) => None,
            }
        };
        match next {
            None => {
                s.done = true;
                break;
            }
            Some(Err(e)) => {
                tracing::error!(error = %e, "call export failed");
                return Err(std::io::Error::other("the export failed"));
            }
            Some(Ok(row)) => {
                out.write_record(record(row))?;
                wrote += 1;
                if out.get_ref().len() >= CHUNK {
                    break;
                }
            }
        }
    }
    out.into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

fn record(c: CallRow) -> [String; 34] {
    let opt = |v: Option<String>| safe(v.unwrap_or_default());
    [
        c.id.to_string(),
        safe(c.call_sid),
        rfc3339(c.created_at),
        opt(c.campaign_id),
        opt(c.campaign_name),
        c.buyer_id.map(|b| b.to_string()).unwrap_or_default(),
        opt(c.buyer_name),
        c.rtb_target_id.map(|t| t.to_string()).unwrap_or_default(),
        opt(c.rtb_target_name),
        safe(c.from_number),
        safe(c.to_number),
        opt(c.dialed_number),
        opt(c.caller_city),
        opt(c.caller_state),
        c.duration.to_string(),
        safe(c.status),
        safe(c.disposition),
        c.is_duplicate.to_string(),
        c.converted.to_string(),
        money(c.cost_e4),
        money(c.payout_e4),
        money(c.revenue_e4),
        money(c.profit_e4),
        opt(c.utm_source),
        opt(c.utm_medium),
        opt(c.utm_campaign),
        opt(c.utm_term),
        opt(c.utm_content),
        opt(c.gclid),
        opt(c.fbclid),
        opt(c.msclkid),
        opt(c.referrer),
        opt(c.landing_page),
        opt(c.visitor_id),
    ]
}

/// Keep a spreadsheet from reading a cell as a formula (CSV injection: a
/// caller id or a name starting with `=`, `@`, `+`, `-`): such cells get a
/// leading `'`. Phone numbers (`+1 (310) 555-0100`) are left as they are.
pub(crate) fn safe(text: String) -> String {
    let risky = match text.chars().next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => !text
            .chars()
            .all(|c| c.is_ascii_digit() || " ()-.+".contains(c)),
        _ => false,
    };
    if risky { format!("'{text}") } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_but_phone_numbers_are_not() {
        assert_eq!(safe("+13105550100".into()), "+13105550100");
        assert_eq!(safe("+1 (310) 555-0100".into()), "+1 (310) 555-0100");
        assert_eq!(safe("=HYPERLINK(\"x\")".into()), "'=HYPERLINK(\"x\")");
        assert_eq!(safe("+cmd|' /C calc'!A0".into()), "'+cmd|' /C calc'!A0");
        assert_eq!(safe("@SUM(1)".into()), "'@SUM(1)");
        assert_eq!(safe("Smith, \"Bob\"".into()), "Smith, \"Bob\"");
    }
}
