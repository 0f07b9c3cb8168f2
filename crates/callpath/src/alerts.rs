//! How often a live call may raise the same alert: a campaign that turns
//! calls away is noted at most once per campaign per quarter hour on each
//! node, so that a flood of calls makes one warning, not thousands.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The quiet time between two alerts about the same thing.
pub const EVERY: Duration = Duration::from_secs(15 * 60);

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
