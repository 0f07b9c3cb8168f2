//! Live updates (`GET /api/events`, server-sent events): the dashboard and
//! the call explorer hear about new calls and status changes without
//! reloading. Each subscriber sees only its own account's events. Events are
//! per node; a client reconnects (EventSource does so by itself) and
//! refetches, so nothing depends on receiving every event.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde::Serialize;
use tokio::sync::broadcast;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::ErrorEnvelope;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(events))
}

/// Something that happened to a call.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CallEvent {
    /// call.created | call.updated
    pub kind: &'static str,
    pub call_sid: String,
    pub status: String,
}

/// The node's event fan-out. Slow subscribers miss old events rather than
/// slowing the webhooks (a bounded broadcast channel).
#[derive(Clone)]
pub struct EventBus {
    tx: broadcast::Sender<Published>,
}

/// An event on its way: whose it is, its SSE name and its JSON.
#[derive(Clone, Debug)]
struct Published {
    account: i64,
    name: &'static str,
    data: std::sync::Arc<str>,
}

impl Default for EventBus {
    fn default() -> Self {
        Self {
            tx: broadcast::channel(1024).0,
        }
    }
}

impl EventBus {
    /// Publish; nobody listening is fine.
    pub fn call(&self, account: i64, kind: &'static str, call_sid: &str, status: &str) {
        let event = CallEvent {
            kind,
            call_sid: call_sid.to_string(),
            status: status.to_string(),
        };
        self.publish(account, "call", &event);
    }

    /// A new entry of the account's activity feed (`event: activity`).
    pub fn activity(&self, account: i64, entry: &impl Serialize) {
        self.publish(account, "activity", entry);
    }

    fn publish(&self, account: i64, name: &'static str, data: &impl Serialize) {
        if self.tx.receiver_count() == 0 {
            return;
        }
        if let Ok(json) = serde_json::to_string(data) {
            let _ = self.tx.send(Published {
                account,
                name,
                data: json.into(),
            });
        }
    }
}

/// A stream of this account's events: `event: call` (a call was created or
/// changed), `event: activity` (a new activity feed entry, JSON as in
/// `/api/activity`) and `event: resync` (events were missed: refetch).
#[utoipa::path(get, path = "/api/events", operation_id = "call_events", tag = "stats",
    responses(
        (status = 200, content_type = "text/event-stream", body = CallEvent, description = "Server-sent events: `call` (this shape), `activity`, `resync`"),
        (status = 401, body = ErrorEnvelope),
    ))]
async fn events(
    State(app): State<AppState>,
    user: CurrentUser,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let account = user.account.0;
    let rx = app.events.tx.subscribe();
    let stream = futures_util::stream::unfold(rx, move |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(e) if e.account == account => {
                    let event = Event::default().event(e.name).data(&*e.data);
                    return Some((Ok(event), rx));
                }
                Ok(_) => continue,
                // Missed some: tell the client to refetch everything.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    return Some((Ok(Event::default().event("resync").data("{}")), rx));
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}
