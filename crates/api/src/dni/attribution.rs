//! Calls credited to the web visits that showed their numbers. A call to a
//! number a DNI session held (during its lease, or within its tag's
//! attribution window after) is credited to that session and takes its
//! utm parameters, so the call list, reports and exports see them. A
//! background round credits new calls every few seconds; the call detail
//! credits its call at once, and says why when it cannot.

use std::time::Duration;

use domain::AccountId;
use domain::dni::AttributionModel;
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::error::ApiResult;
use crate::stats::rfc3339;

/// How often new calls are credited.
const EVERY: Duration = Duration::from_secs(5);
/// How far back each round looks (calls are written within seconds).
const LOOK_BACK_MS: i64 = 30 * 60_000;
/// How far back the first round after a start looks.
const FIRST_LOOK_BACK_MS: i64 = 2 * 86_400_000;

/// Rounds between two sweeps of sessions past their retention (an hour).
const SWEEP_EVERY: u32 = 720;

/// Credit new calls in the background, and delete visitor sessions past
/// their retention.
pub fn spawn(app: AppState) {
    tokio::spawn(async move {
        let mut since = domain::now_ms() - FIRST_LOOK_BACK_MS;
        let mut tick = tokio::time::interval(EVERY);
        let mut round: u32 = 0;
        loop {
            tick.tick().await;
            let started = domain::now_ms();
            if round.is_multiple_of(SWEEP_EVERY) {
                let before = started - i64::from(app.settings.dni_retention_days) * 86_400_000;
                match app.store.sweep_dni_sessions(before).await {
                    Ok(0) => {}
                    Ok(n) => {
                        tracing::info!(sessions = n, "DNI sessions past their retention deleted")
                    }
                    Err(e) => tracing::warn!(error = %e, "could not delete old DNI sessions"),
                }
            }
            round = round.wrapping_add(1);
            match app.store.attribute_calls(since).await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(calls = n, "calls credited to DNI sessions"),
                Err(e) => {
                    tracing::warn!(error = %e, "could not credit calls to DNI sessions");
                    continue;
                }
            }
            since = started - LOOK_BACK_MS;
        }
    });
}

/// A call's web visit: the session credited, or why none is.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallDniOut {
    pub attributed: bool,
    /// Why the call is not credited to a visit (null when it is).
    pub reason: Option<String>,
    pub tag_id: Option<i64>,
    pub tag_name: Option<String>,
    pub session: Option<super::SessionOut>,
    /// The tag's model and each of the visitor's sessions' share of the
    /// call under it.
    #[schema(value_type = Option<String>)]
    pub model: Option<AttributionModel>,
    pub credits: Vec<CreditOut>,
}

/// One session's share of a call.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreditOut {
    pub session_row: i64,
    pub first_visit: String,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub referrer: Option<String>,
    /// 0-1; the shares of a call add up to 1.
    pub share: f64,
}

fn not_credited(reason: &str) -> CallDniOut {
    CallDniOut {
        attributed: false,
        reason: Some(reason.to_string()),
        tag_id: None,
        tag_name: None,
        session: None,
        model: None,
        credits: Vec::new(),
    }
}

/// The web visit of a call of the account (credited now if it can be).
pub async fn of_call(
    app: &AppState,
    account: AccountId,
    call_id: i64,
    session: Option<i64>,
    to_number: &str,
    at: i64,
) -> ApiResult<CallDniOut> {
    let session = match session {
        Some(s) => Some(s),
        None => {
            if app.store.attribute_call(account, call_id).await? {
                app.store
                    .call_detail(account, call_id)
                    .await?
                    .dni_session_id
            } else {
                None
            }
        }
    };
    let Some(session) = session else {
        let (in_pool, last) = app.store.number_dni_history(account, to_number, at).await?;
        return Ok(match (in_pool, last) {
            (false, None) => not_credited("the number is not in a DNI pool"),
            (_, None) => not_credited("no visitor held the number when the call came in"),
            (_, Some(_)) => not_credited(
                "the number's last lease ended before the call, outside the attribution window",
            ),
        });
    };
    let Some((credited, row)) = app.store.credited_session(account, session).await? else {
        return Ok(not_credited("the visit is no longer kept"));
    };
    let settings = super::stored_settings(&credited.settings);
    let window_ms = credited.attribution_window_days * 86_400_000;
    let visits = match &credited.visitor_id {
        Some(v) => {
            app.store
                .visitor_sessions(account, credited.tag_id, v, at)
                .await?
        }
        None => Vec::new(),
    };
    let mut ids: Vec<(i64, i64)> = visits.iter().map(|v| (v.id, v.first_visit)).collect();
    if !ids.iter().any(|(id, _)| *id == row.id) {
        ids.push((row.id, row.first_visit));
    }
    let shares = domain::dni::credits(
        settings.attribution_model,
        settings.half_life_days,
        &ids,
        row.id,
        at,
        window_ms,
    );
    let credits = shares
        .into_iter()
        .map(|(id, share)| {
            let v = visits.iter().find(|v| v.id == id);
            CreditOut {
                session_row: id,
                first_visit: rfc3339(v.map_or(row.first_visit, |v| v.first_visit)),
                utm_source: v.map_or(row.utm_source.clone(), |v| v.utm_source.clone()),
                utm_medium: v.map_or(row.utm_medium.clone(), |v| v.utm_medium.clone()),
                utm_campaign: v.map_or(row.utm_campaign.clone(), |v| v.utm_campaign.clone()),
                referrer: v.map_or(row.referrer.clone(), |v| v.referrer.clone()),
                share,
            }
        })
        .collect();
    Ok(CallDniOut {
        attributed: true,
        reason: None,
        tag_id: Some(credited.tag_id),
        tag_name: Some(credited.tag_name),
        session: Some(super::session_out(row, domain::now_ms())),
        model: Some(settings.attribution_model),
        credits,
    })
}
