//! The background side of webhooks, on every node: the dispatcher turns
//! new outbox events into messages for the endpoints subscribed to them;
//! the deliverer claims due messages (a lease, so that each is in one
//! node's hands) and sends up to [`PARALLEL`] at once, each attempt logged
//! and judged by the retry schedule. Both wake at once when this node
//! queues work; otherwise the dispatcher looks every quarter second (an
//! indexed read of the undispatched events), so that events written by
//! the call path (or another node) go out well within a second, and the
//! deliverer every second (for retries that fall due).

use std::sync::Arc;
use std::time::Duration;

use store::outbox::{AttemptEnd, AttemptLog, DueMessage, EndpointChange};
use tokio::sync::{Notify, Semaphore};

use crate::AppState;

/// Deliveries in flight on one node.
const PARALLEL: usize = 64;
/// How long the recorder waits for more attempts before writing.
const RECORD_LINGER: Duration = Duration::from_millis(50);
/// How long the deliverer waits for more free slots before claiming.
const CLAIM_LINGER: Duration = Duration::from_millis(20);
/// Attempts logged in one transaction at most.
const RECORD_BATCH: usize = 256;
/// Events dispatched per round.
const DISPATCH_BATCH: i64 = 200;
/// How long a claimed message is this node's (longer than an attempt's
/// 15 s timeout).
const LEASE_MS: i64 = 60_000;
/// How often the dispatcher looks for new events without being woken.
const DISPATCH_IDLE: Duration = Duration::from_millis(250);
/// How often the deliverer looks for due messages without being woken.
const IDLE: Duration = Duration::from_secs(1);
/// Dispatched events and finished messages are kept this long.
const KEEP_MS: i64 = 30 * 86_400_000;
/// Dispatcher rounds between two sweeps (about an hour).
const SWEEP_EVERY: u32 = 14_400;

/// What the webhook workers share with the handlers.
#[derive(Debug)]
pub struct Outbound {
    dispatch: Notify,
    deliver: Notify,
    /// `None` only if the client could not be built (logged).
    client: Option<::events::DeliveryClient>,
    /// Connectors' OAuth access tokens.
    pub(crate) tokens: ::events::connectors::TokenCache,
}

impl Outbound {
    pub fn new(allow_private: bool) -> Self {
        let client = ::events::DeliveryClient::new(allow_private)
            .map_err(|e| tracing::error!(error = %e, "could not build the webhook client"))
            .ok();
        Self {
            dispatch: Notify::new(),
            deliver: Notify::new(),
            client,
            tokens: Default::default(),
        }
    }

    pub(crate) fn client(&self) -> Option<&::events::DeliveryClient> {
        self.client.as_ref()
    }
}

/// Look for new events now (after queueing one, or a replay).
pub fn wake(app: &AppState) {
    app.outbound.dispatch.notify_one();
    app.outbound.deliver.notify_one();
}

/// Start the dispatcher and the deliverer.
pub fn spawn(app: AppState) {
    let dispatcher = app.clone();
    tokio::spawn(async move {
        let mut round: u32 = 0;
        loop {
            let _ =
                tokio::time::timeout(DISPATCH_IDLE, dispatcher.outbound.dispatch.notified()).await;
            if dispatcher.store.is_closed() {
                return;
            }
            if round.is_multiple_of(SWEEP_EVERY) {
                match dispatcher
                    .store
                    .sweep_outbox(domain::now_ms() - KEEP_MS)
                    .await
                {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(messages = n, "old webhook messages deleted"),
                    Err(e) => tracing::warn!(error = %e, "could not delete old webhook messages"),
                }
            }
            round = round.wrapping_add(1);
            loop {
                match dispatcher.store.dispatch_events(DISPATCH_BATCH).await {
                    Ok(0) => break,
                    Ok(n) => {
                        dispatcher.outbound.deliver.notify_one();
                        if (n as i64) < DISPATCH_BATCH {
                            break;
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "could not dispatch events");
                        break;
                    }
                }
            }
        }
    });
    // Attempts are logged by one task, many to a transaction: a
    // database's commits, not the receivers, set the pace otherwise.
    let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel::<Done>();
    let recorder = app.clone();
    tokio::spawn(async move {
        while let Some(first) = done_rx.recv().await {
            // A moment for the attempts that end with this one: on SQLite
            // every commit takes the one write lock the call path needs.
            tokio::time::sleep(RECORD_LINGER).await;
            let mut batch = vec![first];
            while batch.len() < RECORD_BATCH {
                match done_rx.try_recv() {
                    Ok(d) => batch.push(d),
                    Err(_) => break,
                }
            }
            record(&recorder, &batch).await;
            recorder.outbound.deliver.notify_one();
        }
    });
    tokio::spawn(async move {
        let slots = Arc::new(Semaphore::new(PARALLEL));
        loop {
            let _ = tokio::time::timeout(IDLE, app.outbound.deliver.notified()).await;
            if app.store.is_closed() {
                return;
            }
            // Let slots free up together: one claim for several.
            tokio::time::sleep(CLAIM_LINGER).await;
            let Some(client) = app.outbound.client.clone() else {
                continue;
            };
            loop {
                let free = slots.available_permits();
                if free == 0 {
                    break;
                }
                let due = match app
                    .store
                    .claim_due_messages(domain::now_ms(), free as i64, LEASE_MS)
                    .await
                {
                    Ok(due) => due,
                    Err(e) => {
                        tracing::warn!(error = %e, "could not claim webhook messages");
                        break;
                    }
                };
                let claimed = due.len();
                for message in due {
                    let Ok(permit) = slots.clone().acquire_owned().await else {
                        return;
                    };
                    let (app, client, done) = (app.clone(), client.clone(), done_tx.clone());
                    tokio::spawn(async move {
                        let d = deliver(&app, &client, message).await;
                        drop(permit);
                        // The recorder ends only with the process.
                        let _ = done.send(d);
                        app.outbound.deliver.notify_one();
                    });
                }
                if claimed < free {
                    break;
                }
            }
        }
    });
}

/// A connector as stored, or why it cannot be used.
pub(crate) struct StoredConnector {
    pub vendor: ::events::connectors::Vendor,
    pub settings: serde_json::Map<String, serde_json::Value>,
    pub credentials: serde_json::Map<String, serde_json::Value>,
}

impl StoredConnector {
    pub(crate) fn of(
        vendor: Option<&str>,
        settings: &str,
        credentials: Option<&str>,
    ) -> Option<Self> {
        Some(Self {
            vendor: ::events::connectors::Vendor::parse(vendor?)?,
            settings: serde_json::from_str(settings).ok()?,
            credentials: serde_json::from_str(credentials.unwrap_or("{}")).ok()?,
        })
    }

    pub(crate) fn connector<'a>(
        &'a self,
        id: i64,
        base_url: &'a str,
    ) -> ::events::connectors::Connector<'a> {
        ::events::connectors::Connector {
            id,
            vendor: self.vendor,
            base_url: base_url.trim_end_matches('/'),
            settings: &self.settings,
            credentials: &self.credentials,
        }
    }
}

/// One attempt at a connector's message: the vendor's steps.
async fn connector_attempt(
    app: &AppState,
    client: &::events::DeliveryClient,
    m: &DueMessage,
) -> (::events::Attempt, Option<::events::Verdict>) {
    let Some(stored) = StoredConnector::of(
        m.connector.as_deref(),
        &m.settings,
        m.credentials.as_deref(),
    ) else {
        let attempt = ::events::Attempt {
            status: None,
            latency_ms: 0,
            response: None,
            error: Some("the connector's settings are unreadable: save it again".into()),
            retry_after_ms: None,
        };
        return (attempt, None);
    };
    let body: serde_json::Value = serde_json::from_str(&m.body).unwrap_or_default();
    let out = ::events::connectors::deliver(
        client,
        &app.outbound.tokens,
        &stored.connector(m.endpoint_id, &m.url),
        &body,
    )
    .await;
    (out.attempt, out.verdict)
}

/// An attempt made, to be logged.
struct Done {
    message: DueMessage,
    log: AttemptLog,
    end: AttemptEnd,
}

/// One attempt at a claimed message, judged.
async fn deliver(app: &AppState, client: &::events::DeliveryClient, message: DueMessage) -> Done {
    let m = &message;
    let now = domain::now_ms();
    let number = i64::from(m.attempts) + 1;
    let jitter = rand::random::<f64>() * 2.0 - 1.0;
    if m.kind == "connector" {
        let (attempt, verdict) = connector_attempt(app, client, m).await;
        let verdict = match verdict {
            // The vendor's own wait, within the usual number of attempts.
            Some(::events::Verdict::Retry(_)) if number >= ::events::MAX_ATTEMPTS => {
                ::events::Verdict::Failed
            }
            Some(v) => v,
            None => ::events::judge(number, attempt.status, attempt.retry_after_ms, jitter),
        };
        return done(message, now, attempt, verdict);
    }
    let previous = m
        .previous_secret
        .as_deref()
        .filter(|_| m.previous_secret_until.is_some_and(|u| u > now));
    let pixel = m.kind == "pixel";
    let signer = if pixel {
        None
    } else {
        match ::events::Signer::new(&m.secret, previous) {
            Ok(s) => Some(s),
            Err(e) => {
                tracing::error!(endpoint = m.endpoint_id, error = %e, "an endpoint's secret is unusable");
                let attempt = ::events::Attempt {
                    status: None,
                    latency_ms: 0,
                    response: None,
                    error: Some("the endpoint's secret is unusable: rotate it".into()),
                    retry_after_ms: None,
                };
                let verdict = ::events::judge(number, None, None, jitter);
                return done(message, now, attempt, verdict);
            }
        }
    };
    let headers: Vec<(String, String)> =
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&m.headers)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(k, v)| v.as_str().map(|v| (k, v.to_string())))
            .collect();
    let id = format!("msg_{}", m.id);
    let basic_auth = m.basic_auth.as_deref().and_then(|a| a.split_once(':'));
    let attempt = client
        .send(
            &::events::Request {
                method: m.request_method.as_deref().unwrap_or("POST"),
                url: m.request_url.as_deref().unwrap_or(&m.url),
                id: &id,
                body: &m.body,
                headers: &headers,
                signer: signer.as_ref(),
                basic_auth: if pixel { basic_auth } else { None },
            },
            now / 1000,
        )
        .await;
    let verdict = ::events::judge(number, attempt.status, attempt.retry_after_ms, jitter);
    done(message, now, attempt, verdict)
}

/// An attempt made at `now` with its verdict, ready to log.
fn done(
    message: DueMessage,
    now: i64,
    attempt: ::events::Attempt,
    verdict: ::events::Verdict,
) -> Done {
    let end = match verdict {
        ::events::Verdict::Delivered => AttemptEnd::Delivered,
        ::events::Verdict::Retry(wait) => AttemptEnd::Retry(domain::now_ms() + wait),
        ::events::Verdict::Failed => AttemptEnd::Failed,
        ::events::Verdict::Gone => AttemptEnd::Gone,
    };
    let log = AttemptLog {
        at: now,
        status_code: attempt.status.map(i32::from),
        latency_ms: attempt.latency_ms,
        response: attempt.response,
        error: attempt.error,
    };
    Done { message, log, end }
}

/// Log attempts and file their verdicts; an endpoint disabled by one
/// writes an alert. When the log cannot be written the messages' leases
/// lapse and they are tried again (at least once).
async fn record(app: &AppState, batch: &[Done]) {
    let items: Vec<(&DueMessage, &AttemptLog, AttemptEnd)> =
        batch.iter().map(|d| (&d.message, &d.log, d.end)).collect();
    let changes = match app
        .store
        .record_attempts(&items, ::events::FAIL_AFTER)
        .await
    {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, attempts = batch.len(), "could not log webhook attempts");
            return;
        }
    };
    for (d, change) in batch.iter().zip(changes) {
        let EndpointChange::Disabled(reason) = change else {
            continue;
        };
        let message = format!(
            "A webhook endpoint was disabled: {reason}. Its messages wait until it is enabled again."
        );
        let id = d.message.endpoint_id.to_string();
        crate::activity::record(
            app,
            domain::AccountId(d.message.user_id),
            store::activity::NewActivity {
                kind: "webhook.endpoint_disabled",
                severity: "warning",
                message: &message,
                entity_type: Some("webhook_endpoint"),
                entity_id: Some(&id),
            },
        )
        .await;
    }
}
