//! Closed-loop throughput: `clients` tasks each send an incoming call, wait
//! for the answer and send the next, as fast as the server allows. Answers
//! that arrive inside the measured window count; the warm-up before it
//! opens connections and fills caches.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use crate::loadgen::{Answer, Carrier, FakeCall, Tally};

/// What one closed-loop run measured.
#[derive(Debug, Default)]
pub struct Closed {
    /// Answers (successful or not) per second inside the window.
    pub per_second: f64,
    pub tally: Tally,
    /// The measured window.
    pub seconds: f64,
    /// CPU time this process used inside the window (server, load
    /// generator and, on SQLite, the database): steadier than answers per
    /// second on a shared machine, whose neighbours take cores but not
    /// this process's CPU time. `None` where the system does not say.
    pub cpu_seconds: Option<f64>,
    /// The machine's cores idle (or waiting on the disk) inside the
    /// window, summed over the cores, in core-seconds: where a closed loop
    /// loses throughput that its CPU time per answer does not show.
    pub idle_seconds: Option<f64>,
    /// Time the machine's cores were taken by the host for others (a
    /// virtual machine's "steal"), summed over the cores: on a busy shared
    /// host every figure moves, ours more than the baseline's.
    pub steal_seconds: Option<f64>,
}

impl Closed {
    /// Fold another run in: its answers and its measured time add up.
    pub fn add(&mut self, other: Closed) {
        let first = self.seconds == 0.0;
        let sum = |a: Option<f64>, b: Option<f64>| {
            if first {
                b
            } else {
                a.zip(b).map(|(a, b)| a + b)
            }
        };
        self.cpu_seconds = sum(self.cpu_seconds, other.cpu_seconds);
        self.idle_seconds = sum(self.idle_seconds, other.idle_seconds);
        self.steal_seconds = sum(self.steal_seconds, other.steal_seconds);
        self.tally.merge(other.tally);
        self.seconds += other.seconds;
        self.per_second = self.tally.total() as f64 / self.seconds.max(1e-9);
    }

    /// Microseconds of this process's CPU per answer inside the window.
    pub fn cpu_us_per_answer(&self) -> Option<f64> {
        let answers = self.tally.total();
        (answers > 0).then_some(self.cpu_seconds? * 1e6 / answers as f64)
    }

    /// The share of the machine's core time idle inside the window.
    pub fn idle_share(&self, cores: usize) -> Option<f64> {
        self.share_of_cores(self.idle_seconds?, cores)
    }

    /// The share of the machine's core time taken by the host inside the
    /// window.
    pub fn steal_share(&self, cores: usize) -> Option<f64> {
        self.share_of_cores(self.steal_seconds?, cores)
    }

    fn share_of_cores(&self, seconds: f64, cores: usize) -> Option<f64> {
        (self.seconds > 0.0 && cores > 0).then_some(seconds / (self.seconds * cores as f64))
    }
}

pub async fn run(
    carrier: &Carrier,
    numbers: &[String],
    clients: usize,
    warmup: Duration,
    measure: Duration,
) -> Closed {
    let from = Instant::now() + warmup;
    let until = from + measure;
    let numbers: Arc<Vec<String>> = Arc::new(numbers.to_vec());
    let cpu = tokio::spawn(async move {
        tokio::time::sleep_until(from.into()).await;
        let start = (process_cpu_seconds(), machine_seconds());
        tokio::time::sleep_until(until.into()).await;
        let end = (process_cpu_seconds(), machine_seconds());
        let took = |a: Option<f64>, b: Option<f64>| Some(b? - a?);
        (
            took(start.0, end.0),
            took(start.1.map(|m| m.idle), end.1.map(|m| m.idle)),
            took(start.1.map(|m| m.steal), end.1.map(|m| m.steal)),
        )
    });
    let mut workers = JoinSet::new();
    for first in 0..clients {
        let carrier = carrier.clone();
        let numbers = numbers.clone();
        workers.spawn(async move {
            let mut tally = Tally::default();
            let mut turn = first;
            while Instant::now() < until && !numbers.is_empty() {
                let call = FakeCall::random(&numbers[turn % numbers.len()]);
                turn += clients;
                let (took, answer) = carrier.incoming(&call).await;
                let done = Instant::now();
                if done >= from && done <= until {
                    tally.record(took, answer.map(|a| matches!(a, Answer::Dial(_))));
                }
            }
            tally
        });
    }
    let mut all = Tally::default();
    while let Some(done) = workers.join_next().await {
        if let Ok(tally) = done {
            all.merge(tally);
        }
    }
    let (cpu_seconds, idle_seconds, steal_seconds) = cpu.await.unwrap_or_default();
    Closed {
        per_second: all.total() as f64 / measure.as_secs_f64(),
        tally: all,
        seconds: measure.as_secs_f64(),
        cpu_seconds,
        idle_seconds,
        steal_seconds,
    }
}

/// User and system CPU time of this process so far.
fn process_cpu_seconds() -> Option<f64> {
    use nix::sys::time::TimeValLike;
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_SELF).ok()?;
    let secs = |t: nix::sys::time::TimeVal| t.num_microseconds() as f64 / 1e6;
    Some(secs(usage.user_time()) + secs(usage.system_time()))
}

/// Time of all the machine's cores so far, in seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Machine {
    /// Idle or waiting on the disk.
    idle: f64,
    /// Taken by the host (0 on a machine of its own).
    pub(super) steal: f64,
}

/// [`Machine`] from `/proc/stat` (Linux; `None` elsewhere).
pub(super) fn machine_seconds() -> Option<Machine> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    machine_of_proc_stat(&stat, clock_ticks_per_second()?)
}

/// The `cpu` line's idle and iowait fields, and its steal field (0 when a
/// kernel does not count it).
fn machine_of_proc_stat(stat: &str, ticks_per_second: f64) -> Option<Machine> {
    let line = stat.lines().find(|l| l.starts_with("cpu "))?;
    let fields: Vec<f64> = line
        .split_whitespace()
        .skip(1)
        .map_while(|f| f.parse().ok())
        .collect();
    let field = |i: usize| fields.get(i).copied();
    Some(Machine {
        idle: (field(3)? + field(4)?) / ticks_per_second,
        steal: field(7).unwrap_or(0.0) / ticks_per_second,
    })
}

fn clock_ticks_per_second() -> Option<f64> {
    let ticks = nix::unistd::sysconf(nix::unistd::SysconfVar::CLK_TCK).ok()??;
    (ticks > 0).then_some(ticks as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_of(answers: u64, seconds: f64, cpu: Option<f64>) -> Closed {
        let mut tally = Tally::default();
        for _ in 0..answers {
            tally.record(Duration::from_millis(1), Ok(true));
        }
        Closed {
            per_second: answers as f64 / seconds,
            tally,
            seconds,
            cpu_seconds: cpu,
            idle_seconds: cpu.map(|c| c / 4.0),
            steal_seconds: cpu.map(|c| c / 8.0),
        }
    }

    #[test]
    fn rounds_add_up_their_answers_and_cpu_time() {
        let mut all = Closed::default();
        all.add(run_of(1000, 1.0, Some(0.5)));
        all.add(run_of(3000, 1.0, Some(1.5)));
        assert_eq!(all.tally.total(), 4000);
        assert_eq!(all.per_second, 2000.0);
        assert_eq!(all.cpu_us_per_answer(), Some(500.0));
        assert_eq!(all.idle_share(2), Some(0.125));
        assert_eq!(all.steal_share(2), Some(0.0625));
        // One round the system did not time: no figure rather than a wrong one.
        all.add(run_of(1000, 1.0, None));
        assert_eq!(all.cpu_us_per_answer(), None);
    }

    #[test]
    fn idle_and_steal_time_are_read_from_the_cpu_line_of_proc_stat() {
        let stat = "cpu  100 5 50 800 20 0 3 40 0 0\ncpu0 50 2 25 400 10 0 1 20 0 0\n";
        let m = machine_of_proc_stat(stat, 100.0).unwrap();
        assert_eq!((m.idle, m.steal), (8.2, 0.4));
        // An old kernel without the steal field: idle still, steal none.
        let m = machine_of_proc_stat("cpu  100 5 50 800 20 0 3\n", 100.0).unwrap();
        assert_eq!((m.idle, m.steal), (8.2, 0.0));
        assert_eq!(machine_of_proc_stat("intr 1 2 3\n", 100.0), None);
        assert!(machine_seconds().is_some(), "Linux has /proc/stat");
    }

    #[test]
    fn the_process_cpu_time_moves_forward() {
        let before = process_cpu_seconds().expect("getrusage answers on Linux");
        let mut x = 0u64;
        for i in 0..20_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        std::hint::black_box(x);
        let after = process_cpu_seconds().expect("getrusage answers on Linux");
        assert!(after > before, "{before} -> {after}");
    }
}
