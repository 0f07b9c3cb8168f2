//! Outbound webhooks: endpoints, the event outbox (filled by database
//! triggers in the transaction of each change, see migration 0016), the
//! messages made from it for each subscribed endpoint, and their delivery
//! attempts.
//!
//! Safe with several nodes without locks held across a delivery:
//! dispatching an event writes its messages under a unique
//! `(endpoint, event)` key, so two nodes dispatching one event make one
//! message each; a delivery is claimed by a conditional update that sets
//! a lease (`locked_until`), taken with `FOR UPDATE SKIP LOCKED` on
//! PostgreSQL, so a message is in one node's hands at a time, and a node
//! that dies lets its lease run out.

use domain::{AccountId, now_ms};
use serde_json::{Value, json};

use crate::db::on_pool;
use crate::{Backend, Store, StoreError};

/// An endpoint as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EndpointRow {
    pub id: i64,
    pub user_id: i64,
    pub url: String,
    pub description: Option<String>,
    /// JSON array of event types (empty: every event).
    pub event_types: String,
    /// JSON array of campaign ids (empty: every campaign).
    pub campaign_ids: String,
    /// JSON object of header names and values.
    pub headers: String,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_until: Option<i64>,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    pub failing_since: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// webhook or pixel
    pub kind: String,
    pub name: Option<String>,
    /// A pixel's method (webhooks POST).
    pub method: String,
    /// A pixel's body template.
    pub body_template: Option<String>,
    /// A pixel's `user:password`.
    pub basic_auth: Option<String>,
    /// A pixel's conditions (JSON array).
    pub conditions: String,
    /// A pixel fires at most this many times per call.
    pub max_fires: Option<i64>,
    /// A connector's vendor.
    pub connector: Option<String>,
    /// A connector's settings and mapping (JSON object).
    pub settings: String,
    /// A connector's credentials (JSON object; never shown).
    pub credentials: Option<String>,
}

/// What a user sets on an endpoint or pixel (checked by the API).
#[derive(Clone, Debug)]
pub struct EndpointFields {
    /// webhook or pixel
    pub kind: &'static str,
    pub name: Option<String>,
    /// A pixel's URL template, or a webhook's URL.
    pub url: String,
    pub description: Option<String>,
    /// A webhook's event types, or a pixel's fire-on names (JSON array).
    pub event_types: String,
    pub campaign_ids: String,
    pub headers: String,
    pub enabled: bool,
    pub method: String,
    pub body_template: Option<String>,
    pub basic_auth: Option<String>,
    pub conditions: String,
    pub max_fires: Option<i64>,
    pub connector: Option<String>,
    pub settings: String,
    pub credentials: Option<String>,
}

/// An endpoint's deliveries over a period.
#[derive(Clone, Copy, Debug, Default, sqlx::FromRow)]
pub struct EndpointFigures {
    pub attempts: i64,
    pub succeeded: i64,
    pub avg_latency_ms: Option<f64>,
    pub pending: i64,
    pub failed: i64,
    pub last_success_at: Option<i64>,
    pub last_failure_at: Option<i64>,
}

/// The last failed attempt of an endpoint: when, and why.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LastError {
    pub at: i64,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub response: Option<String>,
}

/// A message as listed.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub endpoint_id: i64,
    pub event_id: i64,
    pub event_type: String,
    pub body: String,
    /// pending | delivered | failed
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: Option<i64>,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub delivered_at: Option<i64>,
    /// A pixel's rendered request.
    pub request_url: Option<String>,
    pub request_method: Option<String>,
}

/// One delivery attempt as logged.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AttemptRow {
    pub id: i64,
    pub message_id: i64,
    pub at: i64,
    pub status_code: Option<i32>,
    pub latency_ms: i64,
    pub response: Option<String>,
    pub error: Option<String>,
}

/// A message claimed for delivery, with where and how to send it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DueMessage {
    pub id: i64,
    pub user_id: i64,
    pub endpoint_id: i64,
    pub event_id: i64,
    pub body: String,
    pub attempts: i32,
    pub url: String,
    pub headers: String,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_until: Option<i64>,
    pub kind: String,
    /// The rendered request of a pixel (webhooks: the endpoint's URL, POST).
    pub request_url: Option<String>,
    pub request_method: Option<String>,
    pub basic_auth: Option<String>,
    pub connector: Option<String>,
    pub settings: String,
    pub credentials: Option<String>,
}

/// How an attempt ended, as the schedule judged it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptEnd {
    Delivered,
    /// Try again at this time (epoch ms).
    Retry(i64),
    Failed,
    /// The endpoint answered 410: it is disabled.
    Gone,
}

/// What an attempt did to its endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointChange {
    None,
    /// Disabled now, for this reason.
    Disabled(String),
}

/// The attempt's record.
#[derive(Clone, Debug)]
pub struct AttemptLog {
    pub at: i64,
    pub status_code: Option<i32>,
    pub latency_ms: i64,
    pub response: Option<String>,
    pub error: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PendingEvent {
    id: i64,
    user_id: i64,
    kind: String,
    subject: String,
    campaign_id: Option<String>,
    endpoint_id: Option<i64>,
    at: i64,
}

const ENDPOINT: &str = "id, user_id, url, description, event_types, campaign_ids, headers, secret, \
    previous_secret, previous_secret_until, enabled, disabled_reason, failing_since, created_at, \
    updated_at, kind, name, method, body_template, basic_auth, conditions, max_fires, connector, \
    settings, credentials";
const MESSAGE: &str = "id, endpoint_id, event_id, event_type, body, status, attempts, \
    next_attempt_at, last_status, last_error, created_at, delivered_at, request_url, request_method";

/// Messages written by one statement at most.
const MESSAGE_CHUNK: usize = 100;

/// The kind of event a webhook's test button sends.
pub const TEST_EVENT: &str = "webhook.test";

fn strings(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

impl Store {
    pub async fn create_endpoint(
        &self,
        account: AccountId,
        f: &EndpointFields,
        secret: &str,
    ) -> Result<EndpointRow, StoreError> {
        let sql = format!(
            "INSERT INTO webhook_endpoints (user_id, url, description, event_types, campaign_ids, \
                 headers, secret, enabled, created_at, updated_at, kind, name, method, body_template, \
                 basic_auth, conditions, max_fires, connector, settings, credentials) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12, $13, $14, $15, $16, \
                 $17, $18, $19) \
             RETURNING {ENDPOINT}"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, EndpointRow>(&sql)
            .bind(account.0)
            .bind(&f.url)
            .bind(&f.description)
            .bind(&f.event_types)
            .bind(&f.campaign_ids)
            .bind(&f.headers)
            .bind(secret)
            .bind(f.enabled)
            .bind(now_ms())
            .bind(f.kind)
            .bind(&f.name)
            .bind(&f.method)
            .bind(&f.body_template)
            .bind(&f.basic_auth)
            .bind(&f.conditions)
            .bind(f.max_fires)
            .bind(&f.connector)
            .bind(&f.settings)
            .bind(&f.credentials)
            .fetch_one(p)
            .await)?)
    }

    /// The account's endpoints, oldest first.
    pub async fn list_endpoints(&self, account: AccountId) -> Result<Vec<EndpointRow>, StoreError> {
        let sql =
            format!("SELECT {ENDPOINT} FROM webhook_endpoints WHERE user_id = $1 ORDER BY id");
        Ok(on_pool!(self, |p| sqlx::query_as::<_, EndpointRow>(&sql)
            .bind(account.0)
            .fetch_all(p)
            .await)?)
    }

    pub async fn endpoint(&self, account: AccountId, id: i64) -> Result<EndpointRow, StoreError> {
        let sql =
            format!("SELECT {ENDPOINT} FROM webhook_endpoints WHERE id = $1 AND user_id = $2");
        on_pool!(self, |p| sqlx::query_as::<_, EndpointRow>(&sql)
            .bind(id)
            .bind(account.0)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// Save an endpoint's settings. Enabling it clears why it was disabled
    /// and its failure streak.
    pub async fn update_endpoint(
        &self,
        account: AccountId,
        id: i64,
        f: &EndpointFields,
    ) -> Result<EndpointRow, StoreError> {
        let sql = format!(
            "UPDATE webhook_endpoints SET url = $1, description = $2, event_types = $3, \
                 campaign_ids = $4, headers = $5, \
                 disabled_reason = CASE WHEN $6 THEN NULL ELSE disabled_reason END, \
                 failing_since = CASE WHEN $6 AND NOT enabled THEN NULL ELSE failing_since END, \
                 enabled = $6, updated_at = $7, name = $10, method = $11, body_template = $12, \
                 basic_auth = $13, conditions = $14, max_fires = $15, connector = $17, \
                 settings = $18, credentials = $19 \
             WHERE id = $8 AND user_id = $9 AND kind = $16 RETURNING {ENDPOINT}"
        );
        on_pool!(self, |p| sqlx::query_as::<_, EndpointRow>(&sql)
            .bind(&f.url)
            .bind(&f.description)
            .bind(&f.event_types)
            .bind(&f.campaign_ids)
            .bind(&f.headers)
            .bind(f.enabled)
            .bind(now_ms())
            .bind(id)
            .bind(account.0)
            .bind(&f.name)
            .bind(&f.method)
            .bind(&f.body_template)
            .bind(&f.basic_auth)
            .bind(&f.conditions)
            .bind(f.max_fires)
            .bind(f.kind)
            .bind(&f.connector)
            .bind(&f.settings)
            .bind(&f.credentials)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// Delete an endpoint with its messages and their attempts.
    pub async fn delete_endpoint(&self, account: AccountId, id: i64) -> Result<(), StoreError> {
        let gone = on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(
                "DELETE FROM webhook_attempts WHERE endpoint_id = $1 \
                 AND endpoint_id IN (SELECT id FROM webhook_endpoints WHERE user_id = $2)",
            )
            .bind(id)
            .bind(account.0)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "DELETE FROM webhook_messages WHERE endpoint_id = $1 \
                 AND endpoint_id IN (SELECT id FROM webhook_endpoints WHERE user_id = $2)",
            )
            .bind(id)
            .bind(account.0)
            .execute(&mut *tx)
            .await?;
            let n = sqlx::query("DELETE FROM webhook_endpoints WHERE id = $1 AND user_id = $2")
                .bind(id)
                .bind(account.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            n
        });
        if gone == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Give an endpoint a new secret; the current one still signs (as a
    /// second signature) until `old_until`.
    pub async fn rotate_endpoint_secret(
        &self,
        account: AccountId,
        id: i64,
        secret: &str,
        old_until: i64,
    ) -> Result<EndpointRow, StoreError> {
        let sql = format!(
            "UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_until = $1, \
                 secret = $2, updated_at = $3 \
             WHERE id = $4 AND user_id = $5 RETURNING {ENDPOINT}"
        );
        on_pool!(self, |p| sqlx::query_as::<_, EndpointRow>(&sql)
            .bind(old_until)
            .bind(secret)
            .bind(now_ms())
            .bind(id)
            .bind(account.0)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)
    }

    /// Attempts since `since`, how many succeeded and how fast, and the
    /// endpoint's pending and failed messages.
    pub async fn endpoint_figures(
        &self,
        endpoint: i64,
        since: i64,
    ) -> Result<EndpointFigures, StoreError> {
        Ok(on_pool!(self, |p| {
            sqlx::query_as::<_, EndpointFigures>(
            "SELECT \
               (SELECT COUNT(*) FROM webhook_attempts WHERE endpoint_id = $1 AND at >= $2) AS attempts, \
               (SELECT COUNT(*) FROM webhook_attempts WHERE endpoint_id = $1 AND at >= $2 \
                  AND status_code >= 200 AND status_code < 300 AND error IS NULL) AS succeeded, \
               (SELECT CAST(AVG(latency_ms) AS DOUBLE PRECISION) FROM webhook_attempts \
                  WHERE endpoint_id = $1 AND at >= $2) AS avg_latency_ms, \
               (SELECT COUNT(*) FROM webhook_messages WHERE endpoint_id = $1 AND status = 'pending') AS pending, \
               (SELECT COUNT(*) FROM webhook_messages WHERE endpoint_id = $1 AND status = 'failed') AS failed, \
               (SELECT MAX(at) FROM webhook_attempts WHERE endpoint_id = $1 \
                  AND status_code >= 200 AND status_code < 300 AND error IS NULL) AS last_success_at, \
               (SELECT MAX(at) FROM webhook_attempts WHERE endpoint_id = $1 \
                  AND (status_code IS NULL OR status_code < 200 OR status_code >= 300 \
                       OR error IS NOT NULL)) AS last_failure_at"
        )
        .bind(endpoint)
        .bind(since)
        .fetch_one(p)
        .await
        })?)
    }

    /// The endpoint's last failed attempt, if any.
    pub async fn endpoint_last_error(
        &self,
        endpoint: i64,
    ) -> Result<Option<LastError>, StoreError> {
        Ok(on_pool!(self, |p| {
            sqlx::query_as::<_, LastError>(
                "SELECT at, status_code, error, response FROM webhook_attempts \
                 WHERE endpoint_id = $1 AND (status_code IS NULL OR status_code < 200 \
                     OR status_code >= 300 OR error IS NOT NULL) \
                 ORDER BY at DESC, id DESC LIMIT 1",
            )
            .bind(endpoint)
            .fetch_optional(p)
            .await
        })?)
    }

    /// Queue a test event for one endpoint of the account.
    pub async fn queue_test_event(
        &self,
        account: AccountId,
        endpoint: i64,
    ) -> Result<i64, StoreError> {
        self.endpoint(account, endpoint).await?;
        Ok(on_pool!(self, |p| sqlx::query_scalar::<_, i64>(
            "INSERT INTO event_outbox (user_id, kind, subject, endpoint_id, at) \
             VALUES ($1, $2, $3, $3, $4) RETURNING id"
        )
        .bind(account.0)
        .bind(TEST_EVENT)
        .bind(endpoint)
        .bind(now_ms())
        .fetch_one(p)
        .await)?)
    }

    /// Turn up to `limit` undispatched events into messages for the
    /// endpoints subscribed to them; how many events were dispatched.
    pub async fn dispatch_events(&self, limit: i64) -> Result<usize, StoreError> {
        let events = on_pool!(self, |p| sqlx::query_as::<_, PendingEvent>(
            "SELECT id, user_id, kind, subject, campaign_id, endpoint_id, at FROM event_outbox \
             WHERE dispatched_at IS NULL ORDER BY id LIMIT $1"
        )
        .bind(limit)
        .fetch_all(p)
        .await)?;
        let mut endpoints: std::collections::HashMap<i64, Vec<EndpointRow>> =
            std::collections::HashMap::new();
        // Every call of the round's call events, read in one query.
        let call_ids: Vec<i64> = events
            .iter()
            .filter(|e| e.kind.starts_with("call."))
            .filter_map(|e| e.subject.parse::<i64>().ok())
            .collect();
        let mut calls = self.call_rows(&call_ids).await?;
        // A call of an account with DNI pools is credited to its web visit
        // now, if it was not yet, so that its events carry the visit.
        let mut dni_accounts: std::collections::HashMap<i64, bool> = Default::default();
        let mut credited = Vec::new();
        for c in calls.values().filter(|c| c.dni_session_id.is_none()) {
            let has_pools = match dni_accounts.get(&c.user_id) {
                Some(known) => *known,
                None => {
                    let n = on_pool!(self, |p| sqlx::query_scalar::<_, i64>(
                        "SELECT COUNT(*) FROM tracking_tags WHERE user_id = $1 \
                         AND deleted_at IS NULL AND number_source = 'pool'"
                    )
                    .bind(c.user_id)
                    .fetch_one(p)
                    .await)?;
                    dni_accounts.insert(c.user_id, n > 0);
                    n > 0
                }
            };
            if has_pools && self.attribute_call(AccountId(c.user_id), c.id).await? {
                credited.push(c.id);
            }
        }
        if !credited.is_empty() {
            calls.extend(self.call_rows(&credited).await?);
        }
        // Pixel fires of this round not written yet, per (pixel, call).
        let mut fired_now: std::collections::HashMap<(i64, i64), i64> =
            std::collections::HashMap::new();
        type Message = (i64, String, Option<String>, Option<String>);
        let mut round: Vec<(&PendingEvent, Option<i64>, Vec<Message>)> = Vec::new();
        for e in &events {
            if let std::collections::hash_map::Entry::Vacant(slot) = endpoints.entry(e.user_id) {
                slot.insert(self.list_endpoints(AccountId(e.user_id)).await?);
            }
            let candidates: Vec<&EndpointRow> = endpoints[&e.user_id]
                .iter()
                .filter(|ep| match e.endpoint_id {
                    Some(only) => ep.id == only,
                    None => {
                        ep.enabled && listens(ep, &e.kind) && {
                            let campaigns = strings(&ep.campaign_ids);
                            campaigns.is_empty()
                                || e.campaign_id
                                    .as_ref()
                                    .is_some_and(|c| campaigns.contains(c))
                        }
                    }
                })
                .collect();
            let body = if candidates.is_empty() {
                None
            } else {
                Some(self.event_body(e, &calls).await?)
            };
            let call_id = e
                .kind
                .starts_with("call.")
                .then(|| e.subject.parse::<i64>().ok())
                .flatten();
            // What each endpoint gets: a webhook the body; a pixel its
            // request, when its conditions hold and it has fires left.
            let mut messages: Vec<Message> = Vec::new();
            if let Some(body) = &body {
                for ep in &candidates {
                    if ep.kind != "pixel" || e.endpoint_id.is_some() {
                        let text = match (ep.kind.as_str(), &ep.body_template) {
                            ("webhook", Some(t)) => events::pixel::render(
                                t,
                                &events::pixel::tokens_of(body),
                                events::pixel::Escape::Json,
                            ),
                            _ => body.to_string(),
                        };
                        messages.push((ep.id, text, None, None));
                        continue;
                    }
                    let tokens = events::pixel::tokens_of(body);
                    let conditions: Vec<events::pixel::Condition> =
                        serde_json::from_str(&ep.conditions).unwrap_or_default();
                    let payout_only = !strings(&ep.event_types)
                        .iter()
                        .any(|f| f != "payout" && pixel_event(f) == Some(e.kind.as_str()));
                    let paid = tokens
                        .get("revenue")
                        .and_then(|r| r.parse::<f64>().ok())
                        .is_some_and(|r| r > 0.0);
                    if !events::pixel::holds(&conditions, &tokens) || (payout_only && !paid) {
                        continue;
                    }
                    if let (Some(max), Some(call)) = (ep.max_fires, call_id) {
                        let fired = on_pool!(self, |p| {
                            sqlx::query_scalar::<_, i64>(
                            "SELECT COUNT(*) FROM webhook_messages WHERE endpoint_id = $1 AND call_id = $2"
                        )
                        .bind(ep.id)
                        .bind(call)
                        .fetch_one(p)
                        .await
                        })?;
                        let pending = fired_now.entry((ep.id, call)).or_default();
                        if fired + *pending >= max {
                            continue;
                        }
                        *pending += 1;
                    }
                    let url = events::pixel::render(&ep.url, &tokens, events::pixel::Escape::Url);
                    let request_body = match (&ep.body_template, ep.method.as_str()) {
                        (Some(t), m) if m != "GET" => {
                            let content_type = content_type_of(&ep.headers);
                            let escape =
                                events::pixel::Escape::for_body(t, content_type.as_deref());
                            events::pixel::render(t, &tokens, escape)
                        }
                        _ => String::new(),
                    };
                    messages.push((ep.id, request_body, Some(url), Some(ep.method.clone())));
                }
            }
            round.push((e, call_id, messages));
        }
        // One transaction for the round: its messages in one statement
        // (a chunk at a time), and its events marked dispatched in another.
        let rows: Vec<(&PendingEvent, Option<i64>, &Message)> = round
            .iter()
            .flat_map(|(e, call, messages)| messages.iter().map(move |m| (*e, *call, m)))
            .collect();
        let ids: Vec<i64> = round.iter().map(|(e, _, _)| e.id).collect();
        let now = now_ms();
        let backend = self.backend();
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            for chunk in rows.chunks(MESSAGE_CHUNK) {
                let mut sql = String::from(
                    "INSERT INTO webhook_messages (user_id, endpoint_id, event_id, event_type, \
                         body, next_attempt_at, created_at, request_url, request_method, call_id) VALUES ",
                );
                crate::db::push_value_rows(&mut sql, backend, chunk.len(), 10);
                sql.push_str(" ON CONFLICT (endpoint_id, event_id) DO NOTHING");
                let mut q = sqlx::query(&sql);
                for (e, call_id, (endpoint, body, url, method)) in chunk {
                    q = q
                        .bind(e.user_id)
                        .bind(*endpoint)
                        .bind(e.id)
                        .bind(&e.kind)
                        .bind(body)
                        .bind(now)
                        .bind(now)
                        .bind(url)
                        .bind(method)
                        .bind(*call_id);
                }
                q.execute(&mut *tx).await?;
            }
            if !ids.is_empty() {
                let sql = format!(
                    "UPDATE event_outbox SET dispatched_at = $1 WHERE id IN ({})",
                    numbered(2, ids.len())
                );
                let mut q = sqlx::query(&sql).bind(now);
                for id in &ids {
                    q = q.bind(*id);
                }
                q.execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(events.len())
    }

    /// The body of an event: `{event, timestamp, <object>: {…}}`.
    async fn event_body(
        &self,
        e: &PendingEvent,
        calls: &std::collections::HashMap<i64, CallPayload>,
    ) -> Result<Value, StoreError> {
        let timestamp = domain::rfc3339_ms(e.at);
        let object = e.kind.split('.').next().unwrap_or_default();
        let (key, data) = match object {
            "call" => ("call", call_payload(e, calls)),
            "campaign" => ("campaign", self.campaign_payload(e).await?),
            "buyer" | "rtb_target" => (
                if object == "buyer" {
                    "buyer"
                } else {
                    "rtbTarget"
                },
                self.party_payload(e, object).await?,
            ),
            "auction" => ("auction", self.auction_payload(e).await?),
            "alert" => ("alert", self.alert_payload(e).await?),
            "report" => ("report", self.report_payload(e).await?),
            _ => (
                "test",
                json!({
                    "message": "A test event from CallCenter Pro: this endpoint is reachable and signatures can be checked.",
                    "endpointId": e.endpoint_id,
                }),
            ),
        };
        Ok(
            json!({ "event": e.kind, "eventId": format!("evt_{}", e.id), "timestamp": timestamp, key: data }),
        )
    }
}

/// The `Content-Type` among an endpoint's own headers.
fn content_type_of(headers: &str) -> Option<String> {
    serde_json::from_str::<serde_json::Map<String, Value>>(headers)
        .ok()?
        .into_iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .and_then(|(_, v)| v.as_str().map(str::to_string))
}

/// The event type a pixel's fire-on name means.
fn pixel_event(fire_on: &str) -> Option<&'static str> {
    events::pixel::FIRE_ON
        .iter()
        .find(|(f, _)| *f == fire_on)
        .map(|(_, kind)| *kind)
}

/// Whether an endpoint gets events of `kind`: a webhook by its event
/// types, a pixel by its fire-on names.
fn listens(ep: &EndpointRow, kind: &str) -> bool {
    let types = strings(&ep.event_types);
    if ep.kind == "pixel" {
        types.iter().any(|f| pixel_event(f) == Some(kind))
    } else {
        subscribed(&types, kind)
    }
}

/// Whether an endpoint subscribed to `types` (empty: every event) gets
/// `kind` (`alert.*` covers every alert).
fn subscribed(types: &[String], kind: &str) -> bool {
    types.is_empty()
        || types
            .iter()
            .any(|t| t == kind || (t == "alert.*" && kind.starts_with("alert.")))
}

/// Money in ten-thousandths as a decimal string with two places.
fn money(e4: i64) -> String {
    domain::Money(e4).to_decimal_string(2)
}

fn at(ms: Option<i64>) -> Value {
    ms.map_or(Value::Null, |m| Value::String(domain::rfc3339_ms(m)))
}

#[derive(Clone, sqlx::FromRow)]
struct CallPayload {
    id: i64,
    user_id: i64,
    dni_session_id: Option<i64>,
    call_sid: String,
    campaign_id: Option<String>,
    campaign_name: Option<String>,
    from_number: String,
    to_number: String,
    dialed_number: Option<String>,
    duration: i64,
    talk_time: i64,
    status: String,
    disposition: String,
    converted: bool,
    revenue_e4: i64,
    payout_e4: i64,
    cost_e4: i64,
    buyer_id: Option<i64>,
    buyer_name: Option<String>,
    rtb_target_id: Option<i64>,
    rtb_target_name: Option<String>,
    caller_city: Option<String>,
    caller_state: Option<String>,
    created_at: i64,
    connected_at: Option<i64>,
    ended_at: Option<i64>,
    utm_source: Option<String>,
    utm_medium: Option<String>,
    utm_campaign: Option<String>,
    utm_term: Option<String>,
    utm_content: Option<String>,
    gclid: Option<String>,
    fbclid: Option<String>,
    msclkid: Option<String>,
    recording_url: Option<String>,
    visitor_id: Option<String>,
    ga_client_id: Option<String>,
}

impl Store {
    /// The calls with these ids, with what their events show.
    async fn call_rows(
        &self,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, CallPayload>, StoreError> {
        let mut out = std::collections::HashMap::new();
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT c.id, c.user_id, c.dni_session_id, c.call_sid, c.campaign_id, cp.name AS campaign_name, c.from_number, \
                     c.to_number, c.dialed_number, c.duration, c.talk_time, c.status, c.disposition, \
                     c.converted, c.revenue_e4, c.payout_e4, c.cost_e4, c.buyer_id, b.name AS buyer_name, \
                     c.rtb_target_id, t.name AS rtb_target_name, c.caller_city, c.caller_state, \
                     c.created_at, c.connected_at, c.ended_at, c.utm_source, c.utm_medium, \
                     c.utm_campaign, c.utm_term, c.utm_content, s.gclid, s.fbclid, s.msclkid, \
                     c.recording_url, s.visitor_id, s.ga_client_id \
                 FROM calls c \
                 LEFT JOIN campaigns cp ON cp.id = c.campaign_id AND cp.user_id = c.user_id \
                 LEFT JOIN buyers b ON b.id = c.buyer_id AND b.user_id = c.user_id \
                 LEFT JOIN rtb_targets t ON t.id = c.rtb_target_id AND t.user_id = c.user_id \
                 LEFT JOIN dni_sessions s ON s.id = c.dni_session_id AND s.user_id = c.user_id \
                 WHERE c.id IN ({})",
                numbered(1, chunk.len())
            );
            let rows = on_pool!(self, |p| {
                let mut q = sqlx::query_as::<_, CallPayload>(&sql);
                for id in chunk {
                    q = q.bind(*id);
                }
                q.fetch_all(p).await
            })?;
            out.extend(rows.into_iter().map(|r| (r.id, r)));
        }
        Ok(out)
    }

    async fn campaign_payload(&self, e: &PendingEvent) -> Result<Value, StoreError> {
        let row = on_pool!(self, |p| {
            sqlx::query_as::<_, (String, String, String, String, Option<i64>)>(
            "SELECT id, name, type, status, deleted_at FROM campaigns WHERE id = $1 AND user_id = $2"
        )
        .bind(&e.subject)
        .bind(e.user_id)
        .fetch_optional(p)
        .await
        })?;
        Ok(match row {
            Some((id, name, kind, status, deleted)) => json!({
                "id": id, "name": name, "type": kind, "status": status, "deleted": deleted.is_some(),
            }),
            None => json!({ "id": e.subject, "deleted": true }),
        })
    }

    async fn party_payload(&self, e: &PendingEvent, object: &str) -> Result<Value, StoreError> {
        let id: i64 = e.subject.parse().unwrap_or(-1);
        let sql = if object == "buyer" {
            "SELECT id, name, status, deleted_at FROM buyers WHERE id = $1 AND user_id = $2"
        } else {
            "SELECT id, name, status, deleted_at FROM rtb_targets WHERE id = $1 AND user_id = $2"
        };
        let row = on_pool!(self, |p| sqlx::query_as::<
            _,
            (i64, String, String, Option<i64>),
        >(sql)
        .bind(id)
        .bind(e.user_id)
        .fetch_optional(p)
        .await)?;
        Ok(match row {
            Some((id, name, status, deleted)) => json!({
                "id": id, "name": name, "status": status, "deleted": deleted.is_some(),
            }),
            None => json!({ "id": id, "deleted": true }),
        })
    }

    async fn auction_payload(&self, e: &PendingEvent) -> Result<Value, StoreError> {
        let id: i64 = e.subject.parse().unwrap_or(-1);
        let row = on_pool!(self, |p| sqlx::query_as::<
            _,
            (
                String,
                String,
                Option<String>,
                String,
                i64,
                i64,
                i64,
                Option<i64>,
                Option<i64>,
                Option<String>
            ),
        >(
            "SELECT r.request_id, r.campaign_id, r.call_sid, r.auction_status, r.total_targets, \
                 r.successful_responses, r.average_response_time_ms, r.winning_bid_e4, \
                 r.winning_target_id, t.name \
             FROM rtb_bid_requests r \
             LEFT JOIN rtb_targets t ON t.id = r.winning_target_id AND t.user_id = r.user_id \
             WHERE r.id = $1 AND r.user_id = $2"
        )
        .bind(id)
        .bind(e.user_id)
        .fetch_optional(p)
        .await)?;
        Ok(match row {
            Some((request_id, campaign, sid, status, targets, bids, avg_ms, bid, winner, name)) => {
                json!({
                    "id": id,
                    "requestId": request_id,
                    "campaignId": campaign,
                    "callSid": sid,
                    "status": status,
                    "targets": targets,
                    "bids": bids,
                    "averageResponseMs": avg_ms,
                    "winningBid": bid.map(money),
                    "winner": winner.map(|w| json!({ "id": w, "name": name })),
                })
            }
            None => json!({ "id": id, "deleted": true }),
        })
    }

    async fn report_payload(&self, e: &PendingEvent) -> Result<Value, StoreError> {
        let id: i64 = e.subject.parse().unwrap_or(-1);
        let row = on_pool!(self, |p| sqlx::query_as::<
            _,
            (i64, i64, Option<String>, String, i64, Option<i64>),
        >(
            "SELECT d.id, d.report_id, r.name, d.recipients, d.scheduled_for, d.sent_at \
             FROM report_deliveries d LEFT JOIN saved_reports r ON r.id = d.report_id \
             WHERE d.id = $1 AND d.user_id = $2"
        )
        .bind(id)
        .bind(e.user_id)
        .fetch_optional(p)
        .await)?;
        Ok(match row {
            Some((id, report, name, recipients, scheduled, sent)) => json!({
                "deliveryId": id, "reportId": report, "name": name,
                "recipients": serde_json::from_str::<Value>(&recipients).unwrap_or(Value::Null),
                "scheduledFor": at(Some(scheduled)), "sentAt": at(sent),
            }),
            None => json!({ "deliveryId": id, "deleted": true }),
        })
    }

    async fn alert_payload(&self, e: &PendingEvent) -> Result<Value, StoreError> {
        let id: i64 = e.subject.parse().unwrap_or(-1);
        let row = on_pool!(self, |p| sqlx::query_as::<
            _,
            (String, String, String, Option<String>, Option<String>),
        >(
            "SELECT kind, severity, message, entity_type, entity_id FROM activity \
             WHERE id = $1 AND user_id = $2"
        )
        .bind(id)
        .bind(e.user_id)
        .fetch_optional(p)
        .await)?;
        Ok(match row {
            Some((kind, severity, message, entity_type, entity_id)) => json!({
                "kind": kind, "severity": severity, "message": message,
                "entityType": entity_type, "entityId": entity_id,
            }),
            None => json!({ "kind": e.kind.trim_start_matches("alert."), "deleted": true }),
        })
    }
}

impl Store {
    /// Claim up to `limit` messages due at `now` of enabled endpoints for
    /// `lease_ms`: no other node takes them meanwhile.
    pub async fn claim_due_messages(
        &self,
        now: i64,
        limit: i64,
        lease_ms: i64,
    ) -> Result<Vec<DueMessage>, StoreError> {
        const DUE: &str = "SELECT m.id FROM webhook_messages m \
             JOIN webhook_endpoints e ON e.id = m.endpoint_id AND e.enabled \
             WHERE m.status = 'pending' AND m.next_attempt_at <= $1 \
               AND (m.locked_until IS NULL OR m.locked_until <= $1) \
             ORDER BY m.next_attempt_at, m.id LIMIT $3";
        let sql = match self.backend() {
            Backend::Postgres => format!(
                "UPDATE webhook_messages SET locked_until = $2 \
                 WHERE id IN ({DUE} FOR UPDATE OF m SKIP LOCKED) RETURNING id"
            ),
            Backend::Sqlite => format!(
                "UPDATE webhook_messages SET locked_until = $2 WHERE id IN ({DUE}) RETURNING id"
            ),
        };
        let ids = on_pool!(self, |p| sqlx::query_scalar::<_, i64>(&sql)
            .bind(now)
            .bind(now + lease_ms)
            .bind(limit)
            .fetch_all(p)
            .await)?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT m.id, m.user_id, m.endpoint_id, m.event_id, m.body, m.attempts, e.url, \
                 e.headers, e.secret, e.previous_secret, e.previous_secret_until, e.kind, \
                 m.request_url, m.request_method, e.basic_auth, e.connector, e.settings, \
                 e.credentials \
             FROM webhook_messages m JOIN webhook_endpoints e ON e.id = m.endpoint_id \
             WHERE m.id IN ({}) ORDER BY m.next_attempt_at, m.id",
            numbered(1, ids.len())
        );
        Ok(on_pool!(self, |p| {
            let mut q = sqlx::query_as::<_, DueMessage>(&sql);
            for id in &ids {
                q = q.bind(*id);
            }
            q.fetch_all(p).await
        })?)
    }

    /// Log an attempt at a claimed message and file its verdict. An
    /// endpoint whose failures began `fail_after_ms` ago, or that answered
    /// 410, is disabled.
    pub async fn record_attempt(
        &self,
        message: &DueMessage,
        log: &AttemptLog,
        end: AttemptEnd,
        fail_after_ms: i64,
    ) -> Result<EndpointChange, StoreError> {
        let mut changes = self
            .record_attempts(&[(message, log, end)], fail_after_ms)
            .await?;
        Ok(changes.pop().unwrap_or(EndpointChange::None))
    }

    /// [`Store::record_attempt`] for several attempts in one transaction;
    /// what each did to its endpoint, in order. The attempts go in with
    /// one statement, and the delivered messages are marked a status code
    /// at a time: the transaction holds SQLite's write lock for a few
    /// statements, not three per attempt, so the call path's writer
    /// hardly waits for it.
    pub async fn record_attempts(
        &self,
        attempts: &[(&DueMessage, &AttemptLog, AttemptEnd)],
        fail_after_ms: i64,
    ) -> Result<Vec<EndpointChange>, StoreError> {
        if attempts.is_empty() {
            return Ok(Vec::new());
        }
        let backend = self.backend();
        let mut insert = String::from(
            "INSERT INTO webhook_attempts (message_id, endpoint_id, at, status_code, latency_ms, \
                 response, error) VALUES ",
        );
        crate::db::push_value_rows(&mut insert, backend, attempts.len(), 7);
        // Delivered messages by status code, and their endpoints.
        let mut delivered: std::collections::BTreeMap<Option<i32>, Vec<i64>> = Default::default();
        let mut healthy: Vec<i64> = Vec::new();
        for (m, log, end) in attempts {
            if *end == AttemptEnd::Delivered {
                delivered.entry(log.status_code).or_default().push(m.id);
                if !healthy.contains(&m.endpoint_id) {
                    healthy.push(m.endpoint_id);
                }
            }
        }
        let now = now_ms();
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let mut q = sqlx::query(&insert);
            for (m, log, _) in attempts {
                q = q
                    .bind(m.id)
                    .bind(m.endpoint_id)
                    .bind(log.at)
                    .bind(log.status_code)
                    .bind(log.latency_ms)
                    .bind(&log.response)
                    .bind(&log.error);
            }
            q.execute(&mut *tx).await?;
            for (status, ids) in &delivered {
                let sql = format!(
                    "UPDATE webhook_messages SET attempts = attempts + 1, status = 'delivered', \
                         next_attempt_at = NULL, locked_until = NULL, last_status = $1, \
                         last_error = NULL, delivered_at = $2 WHERE id IN ({})",
                    numbered(3, ids.len())
                );
                let mut q = sqlx::query(&sql).bind(*status).bind(now);
                for id in ids {
                    q = q.bind(*id);
                }
                q.execute(&mut *tx).await?;
            }
            if !healthy.is_empty() {
                let sql = format!(
                    "UPDATE webhook_endpoints SET failing_since = NULL \
                     WHERE failing_since IS NOT NULL AND id IN ({})",
                    numbered(1, healthy.len())
                );
                let mut q = sqlx::query(&sql);
                for id in &healthy {
                    q = q.bind(*id);
                }
                q.execute(&mut *tx).await?;
            }
            let mut changes = Vec::with_capacity(attempts.len());
            for &(message, log, end) in attempts {
                if end == AttemptEnd::Delivered {
                    changes.push(EndpointChange::None);
                    continue;
                }
                let (status, next) = match end {
                    AttemptEnd::Retry(at) => ("pending", Some(at)),
                    _ => ("failed", None),
                };
                let error = log.error.clone().or_else(|| {
                    log.status_code
                        .filter(|s| !(200..300).contains(s))
                        .map(|s| format!("the endpoint answered {s}"))
                });
                sqlx::query(
                    "UPDATE webhook_messages SET attempts = attempts + 1, status = $1, \
                         next_attempt_at = $2, locked_until = NULL, last_status = $3, \
                         last_error = $4 WHERE id = $5",
                )
                .bind(status)
                .bind(next)
                .bind(log.status_code)
                .bind(&error)
                .bind(message.id)
                .execute(&mut *tx)
                .await?;
                let since = sqlx::query_scalar::<_, Option<i64>>(
                    "UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $1) \
                     WHERE id = $2 RETURNING failing_since",
                )
                .bind(log.at)
                .bind(message.endpoint_id)
                .fetch_optional(&mut *tx)
                .await?
                .flatten();
                let reason = if end == AttemptEnd::Gone {
                    Some("the endpoint answered 410 Gone".to_string())
                } else if since.is_some_and(|s| log.at - s >= fail_after_ms) {
                    Some("every delivery failed for five days".to_string())
                } else {
                    None
                };
                let mut change = EndpointChange::None;
                if let Some(reason) = reason {
                    let n = sqlx::query(
                        "UPDATE webhook_endpoints SET enabled = FALSE, disabled_reason = $1, \
                             updated_at = $2 WHERE id = $3 AND enabled",
                    )
                    .bind(&reason)
                    .bind(log.at)
                    .bind(message.endpoint_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if n == 1 {
                        change = EndpointChange::Disabled(reason);
                    }
                }
                changes.push(change);
            }
            tx.commit().await?;
            Ok(changes)
        })
    }

    /// An endpoint's messages, newest first: all, or those of one status;
    /// `before` pages on by id.
    pub async fn list_messages(
        &self,
        account: AccountId,
        endpoint: i64,
        status: Option<&str>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<MessageRow>, StoreError> {
        self.endpoint(account, endpoint).await?;
        let sql = format!(
            "SELECT {MESSAGE} FROM webhook_messages WHERE endpoint_id = $1 AND user_id = $2 \
               AND ($3 IS NULL OR status = $3) AND ($4 IS NULL OR id < $4) \
             ORDER BY id DESC LIMIT $5"
        );
        Ok(on_pool!(self, |p| sqlx::query_as::<_, MessageRow>(&sql)
            .bind(endpoint)
            .bind(account.0)
            .bind(status)
            .bind(before)
            .bind(limit)
            .fetch_all(p)
            .await)?)
    }

    /// One message of the account with its attempts, oldest first.
    pub async fn message_with_attempts(
        &self,
        account: AccountId,
        endpoint: i64,
        message: i64,
    ) -> Result<(MessageRow, Vec<AttemptRow>), StoreError> {
        let sql = format!(
            "SELECT {MESSAGE} FROM webhook_messages WHERE id = $1 AND endpoint_id = $2 AND user_id = $3"
        );
        let m = on_pool!(self, |p| sqlx::query_as::<_, MessageRow>(&sql)
            .bind(message)
            .bind(endpoint)
            .bind(account.0)
            .fetch_optional(p)
            .await)?
        .ok_or(StoreError::NotFound)?;
        let attempts = on_pool!(self, |p| sqlx::query_as::<_, AttemptRow>(
            "SELECT id, message_id, at, status_code, latency_ms, response, error \
             FROM webhook_attempts WHERE message_id = $1 ORDER BY id LIMIT 100"
        )
        .bind(message)
        .fetch_all(p)
        .await)?;
        Ok((m, attempts))
    }

    /// Send a message again now (a fresh schedule of attempts).
    pub async fn replay_message(
        &self,
        account: AccountId,
        endpoint: i64,
        message: i64,
    ) -> Result<(), StoreError> {
        let n = on_pool!(self, |p| {
            sqlx::query(
            "UPDATE webhook_messages SET status = 'pending', attempts = 0, next_attempt_at = $1, \
                 locked_until = NULL WHERE id = $2 AND endpoint_id = $3 AND user_id = $4"
        )
        .bind(now_ms())
        .bind(message)
        .bind(endpoint)
        .bind(account.0)
        .execute(p)
        .await
        .map(|r| r.rows_affected())
        })?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Send again every failed message of an endpoint made since `since`;
    /// how many.
    pub async fn replay_failed(
        &self,
        account: AccountId,
        endpoint: i64,
        since: i64,
    ) -> Result<u64, StoreError> {
        self.endpoint(account, endpoint).await?;
        Ok(on_pool!(self, |p| sqlx::query(
            "UPDATE webhook_messages SET status = 'pending', attempts = 0, next_attempt_at = $1, \
                 locked_until = NULL \
             WHERE endpoint_id = $2 AND user_id = $3 AND status = 'failed' AND created_at >= $4"
        )
        .bind(now_ms())
        .bind(endpoint)
        .bind(account.0)
        .bind(since)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?)
    }

    /// Forget dispatched events and finished messages (with their
    /// attempts) older than `before`; how many messages went.
    pub async fn sweep_outbox(&self, before: i64) -> Result<u64, StoreError> {
        on_pool!(self, |p| sqlx::query(
            "DELETE FROM event_outbox WHERE dispatched_at IS NOT NULL AND dispatched_at < $1"
        )
        .bind(before)
        .execute(p)
        .await
        .map(|_| ()))?;
        on_pool!(self, |p| sqlx::query(
            "DELETE FROM webhook_attempts WHERE message_id IN (SELECT id FROM webhook_messages \
               WHERE status <> 'pending' AND created_at < $1)"
        )
        .bind(before)
        .execute(p)
        .await
        .map(|_| ()))?;
        Ok(on_pool!(self, |p| sqlx::query(
            "DELETE FROM webhook_messages WHERE status <> 'pending' AND created_at < $1"
        )
        .bind(before)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?)
    }
}

/// `$first, $first+1, …` for `n` values (an `IN` list).
fn numbered(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An event's call, as its body shows it (the call's account must be the
/// event's).
fn call_payload(e: &PendingEvent, calls: &std::collections::HashMap<i64, CallPayload>) -> Value {
    let id: i64 = e.subject.parse().unwrap_or(-1);
    let Some(c) = calls.get(&id).filter(|c| c.user_id == e.user_id).cloned() else {
        return json!({ "id": id, "deleted": true });
    };
    let mut attribution = serde_json::Map::new();
    for (k, v) in [
        ("utm_source", c.utm_source),
        ("utm_medium", c.utm_medium),
        ("utm_campaign", c.utm_campaign),
        ("utm_term", c.utm_term),
        ("utm_content", c.utm_content),
        ("gclid", c.gclid),
        ("fbclid", c.fbclid),
        ("msclkid", c.msclkid),
        ("visitor_id", c.visitor_id),
        ("ga_client_id", c.ga_client_id),
    ] {
        if let Some(v) = v {
            attribution.insert(k.into(), Value::String(v));
        }
    }
    let buyer = match (c.buyer_id, c.rtb_target_id) {
        (Some(id), _) => json!({ "type": "buyer", "id": id, "name": c.buyer_name }),
        (None, Some(id)) => json!({ "type": "rtbTarget", "id": id, "name": c.rtb_target_name }),
        _ => Value::Null,
    };
    json!({
        "id": c.id,
        "callSid": c.call_sid,
        "campaignId": c.campaign_id,
        "campaignName": c.campaign_name,
        "fromNumber": c.from_number,
        "toNumber": c.to_number,
        "dialedNumber": c.dialed_number,
        "destination": buyer,
        "duration": c.duration,
        "talkTime": c.talk_time,
        "status": c.status,
        "disposition": c.disposition,
        "converted": c.converted,
        "revenue": money(c.revenue_e4),
        "payout": money(c.payout_e4),
        "cost": money(c.cost_e4),
        "callerCity": c.caller_city,
        "callerState": c.caller_state,
        "startedAt": at(Some(c.created_at)),
        "answeredAt": at(c.connected_at),
        "endedAt": at(c.ended_at),
        "recordingUrl": c.recording_url,
        "attribution": attribution,
    })
}
