//! Counting answers and latencies: outcomes by kind and exact percentiles
//! over every recorded latency (microseconds in a `Vec<u32>`, sorted once
//! when read; a million samples take 4 MB).

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// Latencies in microseconds, in the order they were recorded.
#[derive(Clone, Debug, Default)]
pub struct Latencies(Vec<u32>);

impl Latencies {
    pub fn record(&mut self, took: Duration) {
        self.0
            .push(u32::try_from(took.as_micros()).unwrap_or(u32::MAX));
    }

    pub fn extend(&mut self, other: Latencies) {
        self.0.extend(other.0);
    }

    /// p50, p90, p99 and the maximum.
    pub fn summary(&self) -> Summary {
        let mut sorted = self.0.clone();
        sorted.sort_unstable();
        Summary {
            count: sorted.len(),
            p50: percentile(&sorted, 50.0),
            p90: percentile(&sorted, 90.0),
            p99: percentile(&sorted, 99.0),
            max: sorted.last().copied(),
        }
    }
}

/// The nearest-rank percentile `p` (0..=100) of `sorted` (ascending): the
/// smallest value that at least `p`% of the values do not exceed. `None`
/// when there are no values.
pub fn percentile(sorted: &[u32], p: f64) -> Option<u32> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p.clamp(0.0, 100.0) / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.clamp(1, sorted.len()) - 1).copied()
}

/// Latency percentiles in microseconds (`None`: nothing was measured).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub count: usize,
    pub p50: Option<u32>,
    pub p90: Option<u32>,
    pub p99: Option<u32>,
    pub max: Option<u32>,
}

/// Microseconds as milliseconds with two decimals, or `-`.
pub fn ms(us: Option<u32>) -> String {
    us.map_or_else(|| "-".into(), |us| format!("{:.2}", f64::from(us) / 1e3))
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ms: p50 {}  p90 {}  p99 {}  max {}  ({} answers)",
            ms(self.p50),
            ms(self.p90),
            ms(self.p99),
            ms(self.max),
            self.count
        )
    }
}

/// Outcomes of one kind of request: successes (and how many of them were
/// `<Dial>` answers), errors by kind, and the latency of every answer.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub ok: u64,
    pub dial: u64,
    pub errors: BTreeMap<String, u64>,
    pub latencies: Latencies,
}

impl Tally {
    /// Count one request: `Ok(dialled)` or `Err(kind)`. Latencies of
    /// answers that came back (even refusals) are kept; those of requests
    /// that timed out or never connected are not.
    pub fn record(&mut self, took: Duration, outcome: Result<bool, String>) {
        match outcome {
            Ok(dial) => {
                self.ok += 1;
                self.dial += u64::from(dial);
                self.latencies.record(took);
            }
            Err(kind) => {
                if kind.starts_with("HTTP") || kind == "not TwiML" {
                    self.latencies.record(took);
                }
                *self.errors.entry(kind).or_default() += 1;
            }
        }
    }

    pub fn merge(&mut self, other: Tally) {
        self.ok += other.ok;
        self.dial += other.dial;
        for (kind, n) in other.errors {
            *self.errors.entry(kind).or_default() += n;
        }
        self.latencies.extend(other.latencies);
    }

    pub fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }

    pub fn total(&self) -> u64 {
        self.ok + self.error_count()
    }

    /// Share of successful answers that were `<Dial>`.
    pub fn dial_share(&self) -> f64 {
        if self.ok == 0 {
            0.0
        } else {
            self.dial as f64 / self.ok as f64
        }
    }

    /// `none`, or `3 (timeout 2, HTTP 500 1)`.
    pub fn errors_text(&self) -> String {
        if self.errors.is_empty() {
            return "none".into();
        }
        let kinds: Vec<String> = self
            .errors
            .iter()
            .map(|(kind, n)| format!("{kind} {n}"))
            .collect();
        format!("{} ({})", self.error_count(), kinds.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles_of_one_to_a_hundred_are_the_ranks() {
        let v: Vec<u32> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), Some(50));
        assert_eq!(percentile(&v, 90.0), Some(90));
        assert_eq!(percentile(&v, 99.0), Some(99));
        assert_eq!(percentile(&v, 100.0), Some(100));
        assert_eq!(percentile(&v, 0.0), Some(1));
    }

    #[test]
    fn percentiles_of_few_values_round_up_and_of_none_are_none() {
        assert_eq!(percentile(&[], 50.0), None);
        assert_eq!(percentile(&[7], 99.0), Some(7));
        assert_eq!(percentile(&[1, 2, 3], 50.0), Some(2));
        assert_eq!(percentile(&[1, 2, 3, 4], 50.0), Some(2));
        // One slow request in a hundred is the p99; in a thousand it is not.
        let mut v = vec![1_000u32; 99];
        v.push(50_000);
        assert_eq!(percentile(&v, 99.0), Some(1_000));
        assert_eq!(percentile(&v, 100.0), Some(50_000));
        let mut v = vec![1_000u32; 98];
        v.extend([50_000, 60_000]);
        assert_eq!(percentile(&v, 99.0), Some(50_000));
    }

    #[test]
    fn summary_sorts_what_was_recorded_in_any_order() {
        let mut l = Latencies::default();
        for us in [900u64, 100, 500, 300, 700] {
            l.record(Duration::from_micros(us));
        }
        let s = l.summary();
        assert_eq!((s.count, s.p50, s.max), (5, Some(500), Some(900)));
        assert_eq!(s.p99, Some(900));
        assert_eq!(ms(s.p50), "0.50");
        assert_eq!(ms(None), "-");
    }

    #[test]
    fn tally_counts_dials_and_errors_by_kind() {
        let mut t = Tally::default();
        t.record(Duration::from_millis(1), Ok(true));
        t.record(Duration::from_millis(1), Ok(false));
        t.record(Duration::from_millis(2), Err("HTTP 403".into()));
        t.record(Duration::from_secs(5), Err("timeout".into()));
        t.record(Duration::from_secs(5), Err("timeout".into()));
        assert_eq!((t.ok, t.dial, t.error_count(), t.total()), (2, 1, 3, 5));
        assert_eq!(t.latencies.summary().count, 3, "timeouts have no latency");
        assert!((t.dial_share() - 0.5).abs() < 1e-9);
        assert_eq!(t.errors_text(), "3 (HTTP 403 1, timeout 2)");
        let mut all = Tally::default();
        all.merge(t.clone());
        all.merge(t);
        assert_eq!((all.ok, all.errors["timeout"]), (4, 4));
    }
}
