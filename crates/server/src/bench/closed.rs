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
}

impl Closed {
    /// Fold another run in: its answers and its measured time add up.
    pub fn add(&mut self, other: Closed) {
        self.tally.merge(other.tally);
        self.seconds += other.seconds;
        self.per_second = self.tally.total() as f64 / self.seconds.max(1e-9);
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
    }
}
