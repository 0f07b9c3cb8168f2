//! The machine's own stalls during a latency run: a bare thread outside
//! the runtime sleeps 1 ms again and again and records how late it wakes.
//!
//! On a shared virtual machine the whole guest sometimes stops for a few
//! milliseconds (an idle machine showed up to 6-16 ms, a few times a
//! minute, with nothing of ours running). Such a stall delays every call
//! in flight and the load generator's own pacing alike; this probe says
//! whether a slow answer or a late call fell in one, so that a missed goal
//! can be told apart from a stall of ours. It only reports: the goals are
//! judged on the calls' own figures.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The probe's sleep.
const NAP: Duration = Duration::from_millis(1);
/// A wake-up later than this counts as a stall (the load generator's own
/// threshold for a late call).
pub const STALL: Duration = Duration::from_millis(5);

/// How late the probe woke up.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Stalls {
    pub wakeups: u64,
    /// Wake-ups later than [`STALL`].
    pub stalls: u64,
    pub worst: Duration,
    /// The cores' time the host took meanwhile (the virtual machine's
    /// "steal", counted in the kernel's 10 ms ticks; `None`: not known).
    pub steal: Option<Duration>,
}

impl Stalls {
    /// Count one wake-up that came `late` after its time.
    pub fn record(&mut self, late: Duration) {
        self.wakeups += 1;
        if late > STALL {
            self.stalls += 1;
        }
        self.worst = self.worst.max(late);
    }

    /// One line for the report.
    pub fn describe(&self) -> String {
        let steal = match self.steal {
            Some(d) => format!("; the host took {} ms of the cores' time", d.as_millis()),
            None => String::new(),
        };
        format!(
            "a bare thread sleeping {} ms woke up to {:.1} ms late, {} time(s) more than {} ms late in {} wake-ups{steal}",
            NAP.as_millis(),
            self.worst.as_secs_f64() * 1e3,
            self.stalls,
            STALL.as_millis(),
            self.wakeups
        )
    }
}

/// The probe running; [`Probe::stop`] ends it and returns what it saw.
pub struct Probe {
    /// The host's steal so far, in seconds, when the probe started.
    steal: Option<f64>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<Stalls>>,
}

impl Probe {
    pub fn start() -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::Builder::new()
            .name("stall-probe".into())
            .spawn(move || {
                let mut seen = Stalls::default();
                // At least one nap, however soon it is stopped.
                loop {
                    let asleep = Instant::now();
                    std::thread::sleep(NAP);
                    seen.record(asleep.elapsed().saturating_sub(NAP));
                    if flag.load(Ordering::Relaxed) {
                        return seen;
                    }
                }
            })
            .ok();
        let steal = super::closed::machine_seconds().map(|m| m.steal);
        Self {
            steal,
            stop,
            thread,
        }
    }

    /// What the probe saw (`None`: it could not start).
    pub fn stop(mut self) -> Option<Stalls> {
        self.stop.store(true, Ordering::Relaxed);
        let mut seen = self.thread.take()?.join().ok()?;
        let now = super::closed::machine_seconds().map(|m| m.steal);
        seen.steal = match (self.steal, now) {
            (Some(a), Some(b)) => Some(Duration::from_secs_f64((b - a).max(0.0))),
            _ => None,
        };
        Some(seen)
    }
}

impl Drop for Probe {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_wake_ups_later_than_the_threshold_are_stalls() {
        let mut s = Stalls::default();
        s.record(Duration::from_micros(80));
        s.record(STALL);
        s.record(Duration::from_millis(12));
        s.record(Duration::from_millis(6));
        assert_eq!(s.wakeups, 4);
        assert_eq!(s.stalls, 2, "exactly the threshold is not a stall");
        assert_eq!(s.worst, Duration::from_millis(12));
        assert_eq!(
            s.describe(),
            "a bare thread sleeping 1 ms woke up to 12.0 ms late, 2 time(s) more than 5 ms late in 4 wake-ups"
        );
        s.steal = Some(Duration::from_millis(30));
        assert!(
            s.describe()
                .ends_with("; the host took 30 ms of the cores' time")
        );
    }

    #[test]
    fn the_probe_wakes_up_until_stopped() {
        let probe = Probe::start();
        std::thread::sleep(Duration::from_millis(20));
        let seen = probe.stop().expect("the probe ran");
        assert!(seen.wakeups >= 1, "{seen:?}");
        assert!(seen.stalls <= seen.wakeups);
    }
}
