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
}

impl Closed {
    /// Fold another run in: its answers and its measured time add up.
    pub fn add(&mut self, other: Closed) {
        self.cpu_seconds = if self.seconds == 0.0 {
            other.cpu_seconds
        } else {
            self.cpu_seconds.zip(other.cpu_seconds).map(|(a, b)| a + b)
        };
        self.tally.merge(other.tally);
        self.seconds += other.seconds;
        self.per_second = self.tally.total() as f64 / self.seconds.max(1e-9);
    }

    /// Microseconds of this process's CPU per answer inside the window.
    pub fn cpu_us_per_answer(&self) -> Option<f64> {
        let answers = self.tally.total();
        (answers > 0).then_some(self.cpu_seconds? * 1e6 / answers as f64)
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
        let start = process_cpu_seconds();
        tokio::time::sleep_until(until.into()).await;
        Some(process_cpu_seconds()? - start?)
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
    Closed {
        per_second: all.total() as f64 / measure.as_secs_f64(),
        tally: all,
        seconds: measure.as_secs_f64(),
        cpu_seconds: cpu.await.ok().flatten(),
    }
}

/// User and system CPU time of this process so far.
fn process_cpu_seconds() -> Option<f64> {
    // SAFETY: getrusage writes only the struct it is given, which is ours
    // and zeroed (a valid value of the plain C struct).
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        (libc::getrusage(libc::RUSAGE_SELF, &mut usage) == 0).then_some(usage)
    }?;
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Some(secs(usage.ru_utime) + secs(usage.ru_stime))
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
        // One round the system did not time: no figure rather than a wrong one.
        all.add(run_of(1000, 1.0, None));
        assert_eq!(all.cpu_us_per_answer(), None);
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
