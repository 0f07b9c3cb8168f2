//! E-mailing reports: `POST /api/reports/{id}/send`, the delivery history,
//! and the scheduler that files due reports and sends pending deliveries
//! over SMTP, retrying failures with back-off.
//!
//! [`tick`] does one round at a given time; the server runs it every 15
//! seconds, tests call it with the clock they want. Several nodes may run
//! it: filing and claiming are conditional updates (see the store).

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, MultiPart, SinglePart};
use serde::Serialize;
use store::AccountId;
use store::activity::NewActivity;
use store::saved_reports::{AttemptOutcome, Delivery, SavedReport};
use utoipa::ToSchema;

use super::run::plan_and_compute;
use super::spec::ReportSpec;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorEnvelope};
use crate::export::{self, Format};
use crate::extract::ApiPath;
use crate::stats::rfc3339;

/// Minutes to wait after the 1st, 2nd, 3rd and 4th failed attempt; the
/// 5th failure is final.
const RETRY_MINUTES: [i64; 4] = [1, 5, 15, 60];
/// How long a node holds an attempt before another may take it over.
const LEASE_MS: i64 = 5 * 60_000;

/// SMTP settings for report e-mails.
#[derive(Clone, Debug)]
pub struct SmtpSettings {
    /// `smtp://user:password@host:587?tls=required`, `smtps://…` or
    /// `smtp://localhost:25` (never logged: it may hold a password).
    pub url: domain::Secret<String>,
    /// The From address.
    pub from: String,
}

/// One e-mailing of a report.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryOut {
    pub id: i64,
    pub report_id: i64,
    /// pending, sent or failed.
    pub status: String,
    pub attempts: i64,
    /// The last failure, when there was one.
    pub last_error: Option<String>,
    pub recipients: Vec<String>,
    pub scheduled_for: String,
    /// The next attempt of a pending delivery.
    pub next_attempt_at: Option<String>,
    pub sent_at: Option<String>,
    pub created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct DeliveriesOut {
    pub deliveries: Vec<DeliveryOut>,
}

pub fn delivery_out(d: Delivery) -> DeliveryOut {
    DeliveryOut {
        id: d.id,
        report_id: d.report_id,
        next_attempt_at: (d.status == "pending")
            .then_some(d.next_attempt_at)
            .flatten()
            .map(rfc3339),
        status: d.status,
        attempts: d.attempts,
        last_error: d.last_error,
        recipients: serde_json::from_str(&d.recipients).unwrap_or_default(),
        scheduled_for: rfc3339(d.scheduled_for),
        sent_at: d.sent_at.map(rfc3339),
        created_at: rfc3339(d.created_at),
    }
}

/// E-mail a saved report to its recipients now (sent within seconds by the
/// scheduler; follow it in the delivery history).
#[utoipa::path(post, path = "/api/reports/{id}/send", tag = "reports",
    params(("id" = i64, Path, description = "Report id")),
    responses(
        (status = 202, body = DeliveryOut),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope, description = "The report has no recipients"),
    ))]
pub(super) async fn send_now(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<(StatusCode, Json<DeliveryOut>)> {
    let r = app.store.report(user.account, id).await?;
    let recipients: Vec<String> = serde_json::from_str(&r.recipients).unwrap_or_default();
    if recipients.is_empty() {
        return Err(ApiError::validation(
            "schedule.recipients",
            "add at least one address to the report first",
        ));
    }
    let d = app
        .store
        .create_delivery(user.account, id, &r.recipients)
        .await?;
    let app2 = app.clone();
    tokio::spawn(async move { tick(&app2, domain::now_ms()).await });
    Ok((StatusCode::ACCEPTED, Json(delivery_out(d))))
}

/// The latest 50 deliveries of a report, newest first.
#[utoipa::path(get, path = "/api/reports/{id}/deliveries", tag = "reports",
    params(("id" = i64, Path, description = "Report id")),
    responses(
        (status = 200, body = DeliveriesOut),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
    ))]
pub(super) async fn list_deliveries(
    State(app): State<AppState>,
    user: CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<DeliveriesOut>> {
    app.store.report(user.account, id).await?;
    let list = app.store.deliveries(user.account, id, 50).await?;
    Ok(Json(DeliveriesOut {
        deliveries: list.into_iter().map(delivery_out).collect(),
    }))
}

/// Run [`tick`] every 15 seconds until the process ends.
pub fn spawn_scheduler(app: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(15));
        loop {
            every.tick().await;
            tick(&app, domain::now_ms()).await;
        }
    });
}

/// One round at `now`: file every due scheduled report, then attempt every
/// due delivery. Errors are logged; the next round tries again.
pub async fn tick(app: &AppState, now: i64) {
    match app.store.due_reports(now, 100).await {
        Ok(due) => {
            for r in due {
                if let Err(e) = file(app, &r, now).await {
                    tracing::warn!(error = %e, report_id = r.id, "could not file a scheduled report");
                }
            }
        }
        Err(e) => tracing::warn!(error = %e, "could not read due reports"),
    }
    match app.store.due_deliveries(now, 20).await {
        Ok(due) => {
            for d in due {
                attempt(app, d, now).await;
            }
        }
        Err(e) => tracing::warn!(error = %e, "could not read due deliveries"),
    }
}

async fn file(app: &AppState, r: &SavedReport, now: i64) -> anyhow::Result<()> {
    let Some(was) = r.next_run_at else {
        return Ok(());
    };
    let tz_name = app.store.user(AccountId(r.user_id)).await?.time_zone;
    let tz = jiff::tz::TimeZone::get(&tz_name).unwrap_or(jiff::tz::TimeZone::UTC);
    let schedule = domain::report::ReportSchedule {
        frequency: domain::report::Frequency::parse(&r.frequency),
        weekday: r.weekday as i8,
        hour: r.hour as i8,
    };
    // After downtime, one delivery for what was missed, then back on time.
    let after = jiff::Timestamp::from_millisecond(now.max(was))?;
    let next = schedule.next_after(after, &tz).map(|t| t.as_millisecond());
    app.store.file_scheduled_delivery(r, was, next).await?;
    Ok(())
}

async fn attempt(app: &AppState, d: Delivery, now: i64) {
    match app.store.claim_delivery(&d, now + LEASE_MS).await {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
            tracing::warn!(error = %e, delivery_id = d.id, "could not claim a delivery");
            return;
        }
    }
    let attempt_no = d.attempts + 1;
    let outcome = match send(app, &d).await {
        Ok(()) => AttemptOutcome::Sent,
        Err(error) => {
            let error = error.chars().take(500).collect::<String>();
            match RETRY_MINUTES.get(attempt_no as usize - 1) {
                Some(m) => AttemptOutcome::Retry {
                    at: now + m * 60_000,
                    error,
                },
                None => AttemptOutcome::Failed { error },
            }
        }
    };
    match &outcome {
        AttemptOutcome::Sent => tracing::info!(
            delivery_id = d.id,
            report_id = d.report_id,
            "report e-mailed"
        ),
        AttemptOutcome::Retry { error, .. } => {
            tracing::warn!(delivery_id = d.id, attempt = attempt_no, %error, "report e-mail failed; will retry")
        }
        AttemptOutcome::Failed { error } => {
            tracing::error!(delivery_id = d.id, attempt = attempt_no, %error, "report e-mail failed for good");
            let message = format!(
                "A report e-mail could not be delivered after {attempt_no} attempts: {error}"
            );
            let report_id = d.report_id.to_string();
            crate::activity::record(
                app,
                AccountId(d.user_id),
                NewActivity {
                    kind: "report.delivery_failed",
                    severity: "error",
                    message: &message,
                    entity_type: Some("report"),
                    entity_id: Some(&report_id),
                },
            )
            .await;
        }
    }
    if let Err(e) = app.store.finish_delivery(d.id, &outcome).await {
        tracing::error!(error = %e, delivery_id = d.id, "could not record a delivery attempt");
    }
}

/// Build and send the e-mail of delivery `d`; an error says why, for people.
async fn send(app: &AppState, d: &Delivery) -> Result<(), String> {
    let smtp = crate::mail::settings(app)?;
    let account = AccountId(d.user_id);
    let report = app
        .store
        .report(account, d.report_id)
        .await
        .map_err(|e| format!("the report could not be read: {e}"))?;
    let spec: ReportSpec = serde_json::from_str(&report.spec)
        .map_err(|_| "the saved report is unreadable".to_string())?;
    let time_zone = app
        .store
        .user(account)
        .await
        .map_err(|e| format!("the account could not be read: {e}"))?
        .time_zone;
    let (plan, data) = plan_and_compute(app, account, &time_zone, spec)
        .await
        .map_err(|e| format!("the report could not be run: {}", e.message))?;
    let doc = export::report_document(&plan, &data, &report.name);
    let date = plan
        .days
        .dates
        .last()
        .map(|d| d.to_string())
        .unwrap_or_default();
    let stem = export::file_stem(&report.name, &date);
    let from = crate::mail::from(smtp)?;
    let mut builder = Message::builder().from(from).subject(format!(
        "{} ({})",
        report.name,
        doc.subtitle.first().cloned().unwrap_or_default()
    ));
    let recipients: Vec<String> = serde_json::from_str(&d.recipients).unwrap_or_default();
    for r in &recipients {
        builder = builder.to(r
            .parse()
            .map_err(|_| format!("{r} is not a valid address"))?);
    }
    let mut body = format!("{}\n", report.name);
    for line in &doc.subtitle {
        body.push_str(&format!("{line}\n"));
    }
    body.push('\n');
    for (label, value) in &doc.figures {
        body.push_str(&format!("{label}: {value}\n"));
    }
    body.push_str("\nThe full report is attached as CSV, Excel and PDF.\n");
    let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(body));
    for format in [Format::Csv, Format::Xlsx, Format::Pdf] {
        let bytes = export::render(&doc, format).map_err(|e| e.message)?;
        let content_type = ContentType::parse(format.content_type())
            .map_err(|_| "bad content type".to_string())?;
        parts = parts.singlepart(
            Attachment::new(format!("{stem}.{}", format.extension())).body(bytes, content_type),
        );
    }
    let message = builder
        .multipart(parts)
        .map_err(|e| format!("the e-mail could not be built: {e}"))?;
    crate::mail::deliver(smtp, message).await
}

/// Whether scheduled reports can be e-mailed.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailStatusOut {
    /// A mail server is configured (`CALLCENTER_SMTP_URL` and `CALLCENTER_SMTP_FROM`).
    pub configured: bool,
    /// The From address of report e-mails (never the server's URL, which
    /// may hold a password).
    pub from: Option<String>,
}

/// Whether report e-mails can be sent, and from which address.
#[utoipa::path(get, path = "/api/reports/email-status", tag = "reports",
    responses((status = 200, body = EmailStatusOut), (status = 401, body = ErrorEnvelope)))]
pub(super) async fn email_status(
    State(app): State<AppState>,
    _user: CurrentUser,
) -> Json<EmailStatusOut> {
    let smtp = app.settings.smtp.as_ref();
    Json(EmailStatusOut {
        configured: smtp.is_some(),
        from: smtp.map(|s| s.from.clone()),
    })
}
