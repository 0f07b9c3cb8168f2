//! Letting the disk settle before a database is measured: the kernel
//! writes dirty pages back long after they were written, and a durable
//! commit (PostgreSQL's `fsync` of its WAL; SQLite's checkpoints) waits
//! behind that writeback. With a 6 GB write running beside it,
//! PostgreSQL's p99 at 1,000 calls/s was 46 ms (3.4-4.4 ms on an idle
//! disk). So whatever ran before (a build: 93 MiB were still dirty in the
//! first run after one) is written back first, and the report says how
//! much there was. Each database's own writes during its own runs stay
//! part of its figures.

use std::time::{Duration, Instant};

/// The longest wait for the writeback: past it the run goes on (and says so).
const MAX_WAIT: Duration = Duration::from_secs(30);

/// What settling took.
pub struct Settled {
    /// Dirty pages (KiB) the kernel held when it began (`None`: not Linux).
    pub dirty_kib: Option<u64>,
    pub took: Duration,
    /// The writeback was still going after [`MAX_WAIT`].
    pub timed_out: bool,
}

impl Settled {
    /// One line for the report, e.g. `disk: 812 MiB of dirty pages written back first (2.1 s)`.
    pub fn describe(&self, database: &str) -> String {
        let dirty = self.dirty_kib.map_or_else(
            || "the dirty pages".to_string(),
            |k| format!("{} MiB of dirty pages", k / 1024),
        );
        let outcome = if self.timed_out {
            format!(
                "still being written after {:.0} s: the disk is busy, its figures move with it",
                MAX_WAIT.as_secs_f64()
            )
        } else {
            format!("written back first ({:.1} s)", self.took.as_secs_f64())
        };
        format!("disk before {database}: {dirty} {outcome}")
    }
}

/// Write every dirty page of the system back (`sync`), waiting at most
/// [`MAX_WAIT`].
pub async fn settle() -> Settled {
    let dirty_kib = dirty_kib();
    let start = Instant::now();
    let syncing = tokio::task::spawn_blocking(nix::unistd::sync);
    let timed_out = tokio::time::timeout(MAX_WAIT, syncing).await.is_err();
    Settled {
        dirty_kib,
        took: start.elapsed(),
        timed_out,
    }
}

/// Dirty and under-writeback memory, from `/proc/meminfo` (Linux).
fn dirty_kib() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    dirty_of_meminfo(&info)
}

fn dirty_of_meminfo(info: &str) -> Option<u64> {
    let field = |name: &str| -> Option<u64> {
        let line = info.lines().find(|l| l.starts_with(name))?;
        line[name.len()..].split_whitespace().next()?.parse().ok()
    };
    Some(field("Dirty:")? + field("Writeback:")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dirty_memory_is_read_from_meminfo() {
        let info = "MemTotal: 100 kB\nDirty:     2048 kB\nWriteback:  512 kB\nWritebackTmp: 7 kB\n";
        assert_eq!(dirty_of_meminfo(info), Some(2560));
        assert_eq!(dirty_of_meminfo("MemTotal: 100 kB\n"), None);
    }

    #[test]
    fn the_report_says_what_was_written_and_how_long_it_took() {
        let s = Settled {
            dirty_kib: Some(3 * 1024),
            took: Duration::from_millis(1500),
            timed_out: false,
        };
        assert_eq!(
            s.describe("postgres"),
            "disk before postgres: 3 MiB of dirty pages written back first (1.5 s)"
        );
        let busy = Settled {
            timed_out: true,
            ..s
        };
        assert!(
            busy.describe("sqlite")
                .contains("still being written after 30 s")
        );
    }
}
