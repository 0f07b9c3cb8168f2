//! The load tools as an operator runs them: a short webhook benchmark on
//! SQLite prints its ratio and latency lines and exits 0 (the goals are
//! for release builds; a debug smoke run only has to work), and loadgen
//! refuses a target that is not loopback.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;
use std::time::{Duration, Instant};

fn callcenter() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_callcenter"));
    c.env("CALLCENTER_CONFIG", "/nonexistent/callcenter.toml")
        .env("RUST_LOG", "warn");
    c
}

#[test]
fn a_short_webhook_benchmark_prints_the_ratio_and_exits_cleanly() {
    let started = Instant::now();
    let out = callcenter()
        .args([
            "bench",
            "webhook",
            "--seconds",
            "1",
            "--rate",
            "50",
            "--database",
            "sqlite",
            "--rounds",
            "2",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let ratio = stdout
        .lines()
        .find(|l| l.starts_with("ratio sqlite: ours/baseline, median of 2 round(s) = "))
        .unwrap_or_else(|| panic!("no ratio line in:\n{stdout}"));
    assert!(ratio.contains("PASS") || ratio.contains("FAIL"), "{ratio}");
    let rounds = ratio.split("; rounds ").nth(1).unwrap_or_default();
    assert_eq!(rounds.split(", ").count(), 2, "{ratio}");
    assert!(stdout.contains("p99 sqlite at 50 calls/s"), "{stdout}");
    // The process's CPU per answer, beside the ratio.
    let cpu = stdout
        .lines()
        .find(|l| l.starts_with("cpu sqlite: "))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(cpu.contains(" us per answer, baseline "), "{cpu}");
    // And how idle the cores were: what a closed loop loses besides CPU.
    let idle = stdout
        .lines()
        .find(|l| l.starts_with("idle sqlite: the cores were "))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(idle.contains("% during the baseline's"), "{idle}");
    assert!(stdout.contains("shared by both servers and the load generator"));
    // The latency run's slots, and the machine's own stalls beside it.
    assert!(stdout.contains("for 1.0 s, 512 slots"), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("machine: a bare thread sleeping 1 ms woke up to ")),
        "{stdout}"
    );
    // Every call was answered and routed: the seeded configuration works.
    assert!(stdout.contains("errors none"), "{stdout}");
    assert!(stdout.contains("<Dial> answers 100.0%"), "{stdout}");
    assert!(!stdout.contains("postgres"), "{stdout}");
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn loadgen_refuses_a_remote_target() {
    let out = callcenter()
        .args([
            "loadgen",
            "--target",
            "http://192.0.2.1:5000",
            "--auth-token",
            "t",
            "--duration",
            "1",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--allow-remote"), "{stderr}");
}
