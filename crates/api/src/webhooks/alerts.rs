//! System alerts raised by live calls. A campaign that turns a call away
//! (no eligible buyer, every buyer at a cap, its own cap reached, no
//! buyers at all) is noted in the account's activity feed as a warning, at
//! most once per campaign per quarter hour on each node, and off the
//! answer's path: the caller never waits for it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use store::AccountId;
use store::activity::NewActivity;

use crate::AppState;

/// The quiet time between two alerts about the same thing.
const EVERY: Duration = Duration::from_secs(15 * 60);

/// When each alert was last raised on this node.
#[derive(Default)]
pub struct Alerts {
    last: Mutex<HashMap<String, Instant>>,
}

impl Alerts {
    /// Whether an alert about `key` is due at `now`; if so, it counts as
    /// raised from `now` on.
    pub fn due(&self, key: &str, now: Instant) -> bool {
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        match last.get(key) {
            Some(at) if now.duration_since(*at) < EVERY => false,
            _ => {
                last.insert(key.to_string(), now);
                true
            }
        }
    }
}

/// Campaign `id` (named `name`) of `account` turned a call away: `reason`.
pub fn call_turned_away(app: &AppState, account: i64, id: &str, name: &str, reason: &str) {
    if !app.routing.alerts.due(id, Instant::now()) {
        return;
    }
    metrics::counter!("alerts_raised_total", "kind" => "no_buyer").increment(1);
    let app = app.clone();
    let id = id.to_string();
    let message = format!("Campaign \"{name}\" turned a call away: {reason}");
    tokio::spawn(async move {
        crate::activity::record(
            &app,
            AccountId(account),
            NewActivity {
                kind: "alert.no_buyer",
                severity: "warning",
                message: &message,
                entity_type: Some("campaign"),
                entity_id: Some(&id),
            },
        )
        .await;
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alert_is_raised_once_per_quiet_time_and_per_key() {
        let alerts = Alerts::default();
        let t0 = Instant::now();
        assert!(alerts.due("a", t0));
        assert!(!alerts.due("a", t0 + Duration::from_secs(60)));
        assert!(alerts.due("b", t0 + Duration::from_secs(60)));
        assert!(alerts.due("a", t0 + EVERY));
    }
}
