//! Throttling of failed logins, in sliding windows, so that guessing is
//! slow and nobody can lock a real user out:
//!
//! - per username **and** client address: after too many failures that
//!   pair must wait (429) until its window has passed, whether or not the
//!   next password is right. Someone guessing from one address is stopped;
//!   the real user, from another address, is not.
//! - per username, from any address: no lock, a growing delay before the
//!   password is checked, so that guessing from many addresses is slow
//!   while the real user still gets in (a few seconds late at worst).
//! - per client address, across usernames: a lock (one address trying
//!   many accounts). Users behind one shared address only meet it after
//!   many failures.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failure counters for login attempts.
#[derive(Debug)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, Window>>,
    /// Failures of one username from one address before it must wait.
    max_per_pair: u32,
    /// Failures of one username (any address) before attempts slow down.
    slow_after: u32,
    /// Failures from one address (any username) before it must wait.
    max_per_ip: u32,
    window: Duration,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    count: u32,
}

/// The delay added per failure past [`LoginThrottle::slow_after`].
const STEP: Duration = Duration::from_millis(250);
/// The longest delay.
const MAX_DELAY: Duration = Duration::from_secs(3);

impl Default for LoginThrottle {
    fn default() -> Self {
        Self::new(5, 50, Duration::from_secs(15 * 60))
    }
}

impl LoginThrottle {
    /// `max_per_user`: failures of a username from one address before
    /// that pair waits (and, from any address, before attempts slow down);
    /// `max_per_ip`: failures from one address before it waits.
    pub fn new(max_per_user: u32, max_per_ip: u32, window: Duration) -> Self {
        Self {
            failures: Mutex::new(HashMap::new()),
            max_per_pair: max_per_user,
            slow_after: max_per_user,
            max_per_ip,
            window,
        }
    }

    fn user_key(username: &str) -> String {
        format!("u:{}", username.trim().to_lowercase())
    }

    fn pair_key(username: &str, ip: &str) -> String {
        format!("p:{ip}:{}", username.trim().to_lowercase())
    }

    fn ip_key(ip: &str) -> String {
        format!("ip:{ip}")
    }

    /// The count of `key` now (0 when none or its window has passed).
    fn count(
        map: &mut HashMap<String, Window>,
        key: &str,
        now: Instant,
        window: Duration,
    ) -> (u32, Duration) {
        match map.get(key) {
            Some(w) if now.duration_since(w.started) < window => {
                (w.count, window - now.duration_since(w.started))
            }
            Some(_) => {
                map.remove(key);
                (0, Duration::ZERO)
            }
            None => (0, Duration::ZERO),
        }
    }

    /// `Err(seconds)` when this username from this address, or this
    /// address, must wait; otherwise how long to wait before checking the
    /// password (zero unless the username has failed often).
    pub fn check(&self, username: &str, ip: &str) -> Result<Duration, u64> {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for (key, max) in [
            (Self::pair_key(username, ip), self.max_per_pair),
            (Self::ip_key(ip), self.max_per_ip),
        ] {
            let (count, left) = Self::count(&mut map, &key, now, self.window);
            if count >= max {
                return Err(left.as_secs().max(1));
            }
        }
        let (count, _) = Self::count(&mut map, &Self::user_key(username), now, self.window);
        let past = count.saturating_sub(self.slow_after);
        Ok((STEP * past).min(MAX_DELAY))
    }

    /// Count one failed attempt.
    pub fn failed(&self, username: &str, ip: &str) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            let window = self.window;
            map.retain(|_, w| now.duration_since(w.started) < window);
        }
        for key in [
            Self::pair_key(username, ip),
            Self::user_key(username),
            Self::ip_key(ip),
        ] {
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

    /// A successful login clears the username's failures (from this
    /// address, and its slow-down).
    pub fn succeeded(&self, username: &str, ip: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&Self::user_key(username));
        map.remove(&Self::pair_key(username, ip));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guesser_from_one_address_waits_and_the_real_user_does_not() {
        let t = LoginThrottle::new(3, 100, Duration::from_secs(60));
        for _ in 0..3 {
            assert!(t.check("Alice", "6.6.6.6").is_ok());
            t.failed("Alice", "6.6.6.6");
        }
        assert!(
            t.check("alice", "6.6.6.6").is_err(),
            "the pair waits, whatever the case of the name"
        );
        assert!(
            t.check("alice", "1.1.1.1").is_ok(),
            "the real user, from elsewhere, is not locked out"
        );
        assert!(
            t.check("bob", "6.6.6.6").is_ok(),
            "other users are not locked"
        );
        t.succeeded("ALICE", "1.1.1.1");
        assert_eq!(t.check("alice", "1.1.1.1"), Ok(Duration::ZERO));
    }

    #[test]
    fn guessing_from_many_addresses_slows_down_without_locking() {
        let t = LoginThrottle::new(3, 100, Duration::from_secs(60));
        for i in 0..10 {
            t.failed("alice", &format!("10.0.0.{i}"));
        }
        let delay = t.check("alice", "1.1.1.1").unwrap();
        assert_eq!(delay, STEP * 7);
        for i in 10..40 {
            t.failed("alice", &format!("10.0.0.{i}"));
        }
        assert_eq!(t.check("alice", "1.1.1.1"), Ok(MAX_DELAY));
        t.succeeded("alice", "1.1.1.1");
        assert_eq!(t.check("alice", "1.1.1.1"), Ok(Duration::ZERO));
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
