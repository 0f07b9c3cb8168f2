//! Throttling of failed logins: per username and per client address, in a
//! sliding window. After too many failures the answer is 429 until the
//! window has passed, whether or not the next password is right.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failure counters for login attempts.
#[derive(Debug)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, Window>>,
    max_per_user: u32,
    max_per_ip: u32,
    window: Duration,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    count: u32,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self::new(5, 50, Duration::from_secs(15 * 60))
    }
}

impl LoginThrottle {
    pub fn new(max_per_user: u32, max_per_ip: u32, window: Duration) -> Self {
        Self {
            failures: Mutex::new(HashMap::new()),
            max_per_user,
            max_per_ip,
            window,
        }
    }

    fn keys(username: &str, ip: &str) -> [(String, bool); 2] {
        [
            (format!("u:{}", username.to_lowercase()), true),
            (format!("ip:{ip}"), false),
        ]
    }

    /// `Err(seconds)` when this username or address must wait.
    pub fn check(&self, username: &str, ip: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for (key, is_user) in Self::keys(username, ip) {
            let max = if is_user {
                self.max_per_user
            } else {
                self.max_per_ip
            };
            if let Some(w) = map.get(&key) {
                let elapsed = now.duration_since(w.started);
                if elapsed >= self.window {
                    map.remove(&key);
                } else if w.count >= max {
                    return Err((self.window - elapsed).as_secs().max(1));
                }
            }
        }
        Ok(())
    }

    /// Count one failed attempt.
    pub fn failed(&self, username: &str, ip: &str) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            let window = self.window;
            map.retain(|_, w| now.duration_since(w.started) < window);
        }
        for (key, _) in Self::keys(username, ip) {
            let w = map.entry(key).or_insert(Window {
                started: now,
                count: 0,
            });
            if now.duration_since(w.started) >= self.window {
                *w = Window {
                    started: now,
                    count: 0,
                };
            }
            w.count += 1;
        }
    }

    /// A successful login clears the username's failures.
    pub fn succeeded(&self, username: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&format!("u:{}", username.to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_a_username_after_too_many_failures_and_unlocks_on_success() {
        let t = LoginThrottle::new(3, 100, Duration::from_secs(60));
        for _ in 0..3 {
            assert!(t.check("Alice", "1.1.1.1").is_ok());
            t.failed("Alice", "1.1.1.1");
        }
        assert!(
            t.check("alice", "2.2.2.2").is_err(),
            "username key is case-insensitive"
        );
        assert!(
            t.check("bob", "1.1.1.1").is_ok(),
            "other users are not locked"
        );
        t.succeeded("ALICE");
        assert!(t.check("alice", "1.1.1.1").is_ok());
    }

    #[test]
    fn locks_an_address_that_tries_many_usernames() {
        let t = LoginThrottle::new(100, 3, Duration::from_secs(60));
        for i in 0..3 {
            t.failed(&format!("user{i}"), "9.9.9.9");
        }
        assert!(t.check("someone", "9.9.9.9").is_err());
        assert!(t.check("someone", "8.8.8.8").is_ok());
    }

    #[test]
    fn the_window_expires() {
        let t = LoginThrottle::new(1, 100, Duration::from_millis(20));
        t.failed("a", "ip");
        assert!(t.check("a", "ip").is_err());
        std::thread::sleep(Duration::from_millis(30));
        assert!(t.check("a", "ip").is_ok());
    }
}
