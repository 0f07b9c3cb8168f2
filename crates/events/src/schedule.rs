//! When a message is tried again, and what an endpoint's answer means.
//!
//! The first attempt goes at once; after a failure the next waits 5 s,
//! 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (each with up to a tenth more or
//! less, so that many failed messages do not come back together), then
//! the message has failed. A `Retry-After` of a 429, 502, 503 or 504 is
//! honoured when it asks for longer (up to a day). A 410 says the
//! endpoint is gone: it is disabled. An endpoint that has failed every
//! attempt for five days is disabled too.

/// Waits before the second to eighth attempts, in ms.
const RETRIES_MS: [i64; 7] = [
    5_000,
    5 * 60_000,
    30 * 60_000,
    2 * 3_600_000,
    5 * 3_600_000,
    10 * 3_600_000,
    10 * 3_600_000,
];

/// Attempts of one message, the first included.
pub const MAX_ATTEMPTS: i64 = RETRIES_MS.len() as i64 + 1;

/// An endpoint failing this long without a success is disabled.
pub const FAIL_AFTER: i64 = 5 * 86_400_000;

/// The longest `Retry-After` honoured.
const MAX_RETRY_AFTER_MS: i64 = 86_400_000;

/// The wait after attempt number `attempts` (1 = the first) failed, or
/// `None` when that was the last. `jitter` in `[-1, 1]` moves it by up to
/// a tenth.
pub fn retry_delay_ms(attempts: i64, jitter: f64) -> Option<i64> {
    let base = *RETRIES_MS.get(usize::try_from(attempts - 1).ok()?)?;
    let j = jitter.clamp(-1.0, 1.0) * base as f64 / 10.0;
    Some(base + j.round() as i64)
}

/// What to do with a message after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Delivered,
    /// Try again after this many ms.
    Retry(i64),
    /// No more attempts.
    Failed,
    /// The endpoint said it is gone (410): the message failed and the
    /// endpoint is disabled.
    Gone,
}

/// The verdict on attempt number `attempts` answered with `status`
/// (`None`: no answer: timeout, refused, forbidden address) and a
/// `Retry-After` of `retry_after_ms`.
pub fn judge(
    attempts: i64,
    status: Option<u16>,
    retry_after_ms: Option<i64>,
    jitter: f64,
) -> Verdict {
    match status {
        Some(s) if (200..300).contains(&s) => Verdict::Delivered,
        Some(410) => Verdict::Gone,
        _ => match retry_delay_ms(attempts, jitter) {
            None => Verdict::Failed,
            Some(wait) => {
                let honoured = matches!(status, Some(429 | 502 | 503 | 504));
                let asked = retry_after_ms
                    .filter(|_| honoured)
                    .map(|ms| ms.clamp(0, MAX_RETRY_AFTER_MS))
                    .unwrap_or(0);
                Verdict::Retry(wait.max(asked))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule() {
        let waits: Vec<i64> = (1..=8).filter_map(|a| retry_delay_ms(a, 0.0)).collect();
        assert_eq!(
            waits,
            vec![
                5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000
            ]
        );
        assert_eq!(retry_delay_ms(8, 0.0), None);
        assert_eq!(retry_delay_ms(0, 0.0), None);
        assert_eq!(retry_delay_ms(1, 1.0), Some(5_500));
        assert_eq!(retry_delay_ms(1, -5.0), Some(4_500));
        assert_eq!(MAX_ATTEMPTS, 8);
    }

    #[test]
    fn verdicts() {
        assert_eq!(judge(1, Some(204), None, 0.0), Verdict::Delivered);
        assert_eq!(judge(1, Some(301), None, 0.0), Verdict::Retry(5_000));
        assert_eq!(judge(1, Some(410), None, 0.0), Verdict::Gone);
        assert_eq!(judge(1, None, None, 0.0), Verdict::Retry(5_000));
        assert_eq!(
            judge(2, Some(503), Some(900_000), 0.0),
            Verdict::Retry(900_000)
        );
        // Only those statuses' Retry-After counts, and never shortens.
        assert_eq!(
            judge(2, Some(500), Some(900_000), 0.0),
            Verdict::Retry(300_000)
        );
        assert_eq!(
            judge(2, Some(429), Some(1_000), 0.0),
            Verdict::Retry(300_000)
        );
        assert_eq!(
            judge(1, Some(429), Some(i64::MAX), 0.0),
            Verdict::Retry(86_400_000)
        );
        assert_eq!(judge(8, Some(500), None, 0.0), Verdict::Failed);
    }
}
