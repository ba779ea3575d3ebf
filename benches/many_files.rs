//! The command on many files: `check --jobs 1` against `check --jobs 2`
//! on the same generated files (mixed editions, text and JSON), wall time
//! and the peak resident set of the process, at two sizes, so that the
//! growth of memory with the number of files shows.
//!
//! ```text
//! cargo bench --bench many_files               # 10,000 and 100,000 files
//! cargo bench --bench many_files -- 1000 5000  # these sizes
//! ```
//!
//! Targets: `--jobs 2` at least 1.8× as fast as `--jobs 1`; peak memory
//! under 100 MB whatever the number of files. A missed target fails the
//! run. Unix only (the child's peak memory comes from `wait4`).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One run of the command: its wall time and peak resident set.
struct Run {
    wall: Duration,
    peak_mb: f64,
}

// The child is waited for with `wait4`, which also gives its peak memory.
#[allow(clippy::zombie_processes)]
fn check(dir: &std::path::Path, jobs: u16) -> Run {
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_disclosure-report"))
        .args(["check", "--json", "--no-progress", "--jobs", &jobs.to_string()])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the command starts");
    let mut status = 0;
    // SAFETY: rusage is plain data, written by wait4 for the child we own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = i32::try_from(child.id()).expect("a pid");
    // SAFETY: waits for our own child; `status` and `usage` outlive the call.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert_eq!(waited, pid, "wait4 failed");
    // Exit 1: the generated errors were found.
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 1, "unexpected status {status}");
    // ru_maxrss is in kilobytes on Linux.
    Run { wall, peak_mb: usage.ru_maxrss as f64 / 1024.0 }
}

fn main() {
    let sizes: Vec<usize> =
        std::env::args().skip(1).filter(|a| !a.starts_with('-')).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![10_000, 100_000] } else { sizes };
    let root = std::env::temp_dir().join(format!("disclosure-report-many-{}", std::process::id()));
    println!("| files | `--jobs 1` | `--jobs 2` | speed-up | peak RSS, 1 | peak RSS, 2 |");
    println!("|---:|---:|---:|---:|---:|---:|");
    let mut failed = Vec::new();
    for &n in &sizes {
        let dir = root.join(n.to_string());
        disclosure_report::strategy::write_batch(&dir, n).expect("the files are written");
        check(&dir, 2); // the files into the page cache, as for every run after
        // Alternate, so that a slow spell of a shared machine falls on both.
        let (mut one, mut two) = (Vec::new(), Vec::new());
        for _ in 0..3 {
            one.push(check(&dir, 1));
            two.push(check(&dir, 2));
        }
        let median = |runs: &mut Vec<Run>| {
            runs.sort_by_key(|r| r.wall);
            (runs[1].wall, runs.iter().map(|r| r.peak_mb).fold(0.0, f64::max))
        };
        let ((t1, m1), (t2, m2)) = (median(&mut one), median(&mut two));
        let speedup = t1.as_secs_f64() / t2.as_secs_f64();
        println!(
            "| {n} | {:.2} s | {:.2} s | {speedup:.2}× | {m1:.1} MB | {m2:.1} MB |",
            t1.as_secs_f64(),
            t2.as_secs_f64()
        );
        if speedup < 1.8 {
            failed.push(format!("{n} files: --jobs 2 is {speedup:.2}× --jobs 1 (target 1.8×)"));
        }
        if m1.max(m2) >= 100.0 {
            failed.push(format!("{n} files: peak {:.1} MB (target under 100 MB)", m1.max(m2)));
        }
        std::fs::remove_dir_all(&dir).expect("the files are removed");
    }
    let _ = std::fs::remove_dir_all(&root);
    if !failed.is_empty() {
        eprintln!("targets missed:\n{}", failed.join("\n"));
        std::process::exit(1);
    }
}
