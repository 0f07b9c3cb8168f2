//! Time as stored: milliseconds since the Unix epoch (UTC), a plain `i64`
//! that sorts and compares the same way in SQLite and PostgreSQL.

use std::time::{SystemTime, UNIX_EPOCH};

/// The current time in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
