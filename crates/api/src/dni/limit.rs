//! Rate limits of the public track endpoint: fixed one-minute windows per
//! key (a client address, a tag). Held in memory: each node limits what
//! it serves.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);
/// Keys kept before stale windows are swept.
const SWEEP_AT: usize = 100_000;

/// Counters per key.
#[derive(Debug, Default)]
pub struct Limits {
    windows: Mutex<HashMap<String, (Instant, u32)>>,
    /// When each tag's install check was last written on this node.
    seen: Mutex<HashMap<i64, i64>>,
}

impl Limits {
    /// Whether the install check of `tag` is due a write (once a minute
    /// per node is enough to say "seen on … at …").
    pub fn seen_due(&self, tag: i64, now_ms: i64) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        match seen.get(&tag) {
            Some(at) if now_ms - at < 60_000 => false,
            _ => {
                seen.insert(tag, now_ms);
                true
            }
        }
    }

    /// Count a request for `key`; `Err(seconds to wait)` past `max`.
    pub fn hit(&self, key: &str, max: u32) -> Result<(), u64> {
        self.take(key, max).map(|_| ())
    }

    /// Count a request for `key`: `Ok((requests left, seconds until the
    /// window resets))`, or `Err(seconds to wait)` past `max`.
    pub fn take(&self, key: &str, max: u32) -> Result<(u32, u64), u64> {
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() >= SWEEP_AT {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let entry = windows.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        if entry.1 >= max {
            let left = WINDOW.saturating_sub(now.duration_since(entry.0));
            return Err(left.as_secs().max(1));
        }
        entry.1 += 1;
        let reset = WINDOW.saturating_sub(now.duration_since(entry.0));
        Ok((max - entry.1, reset.as_secs().max(1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_stopped_past_its_limit_and_others_are_not() {
        let l = Limits::default();
        for _ in 0..3 {
            assert!(l.hit("a", 3).is_ok());
        }
        let wait = l.hit("a", 3).unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(l.hit("b", 3).is_ok());
    }
}
