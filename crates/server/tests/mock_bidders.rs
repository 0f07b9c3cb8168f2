//! `callcenter mock-bidders` and `callcenter bench rtb`, run as the binary.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_callcenter");

#[test]
fn bench_rtb_prints_the_three_results() {
    let out = Command::new(BIN)
        .args(["bench", "rtb", "--auctions", "20"])
        .output()
        .unwrap_or_else(|e| panic!("could not run {BIN}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "exit {:?}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    for prefix in [
        "(a) median auction - slowest bidder",
        "(b) throughput ours / bare fan-out",
        "(c) max auction, 1 hung bidder",
    ] {
        let line = stdout.lines().find(|l| l.starts_with(prefix));
        let line = line.unwrap_or_else(|| panic!("no {prefix:?} line in\n{stdout}"));
        assert!(
            line.contains("PASS") || line.contains("FAIL"),
            "no verdict in {line:?}"
        );
    }
}

#[test]
fn mock_bidders_prints_one_line_per_bidder() {
    let mut child = Command::new(BIN)
        .args([
            "mock-bidders",
            "--count",
            "3",
            "--port",
            "0",
            "--failures",
            "hung=1",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("could not run {BIN}: {e}"));
    let Some(stdout) = child.stdout.take() else {
        panic!("no stdout")
    };
    let started = Instant::now();
    let mut lines = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        if line.is_empty() || started.elapsed() > Duration::from_secs(10) {
            break;
        }
        lines.push(line);
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("http://127.0.0.1:") && l.contains("/bid  ")),
        "{lines:?}"
    );
    assert!(lines[0].ends_with("hung"), "{lines:?}");
}
