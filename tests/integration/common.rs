//! Helpers shared by the integration tests.
#![allow(dead_code)]

use disclosure_report::{AnnualReport, Edition, ProactiveTable, ReportMeta, RequestTable, ReviewTable};

/// Metadata of `organ`'s report of `year`.
pub fn meta(organ: &str, year: u16) -> ReportMeta {
    ReportMeta::new(organ, year).unwrap()
}

/// A valid report of `edition` whose every figure is 0.
pub fn zero(edition: Edition, organ: &str, year: u16) -> AnnualReport {
    AnnualReport::builder(meta(organ, year))
        .proactive(ProactiveTable::zeroed(edition))
        .requests(RequestTable::new(edition))
        .review(ReviewTable::default())
        .build()
        .unwrap()
}

/// A proptest configuration of `default_cases` cases, unless the
/// `PROPTEST_CASES` environment variable asks for another number: deeper
/// runs are one variable away.
#[cfg(feature = "proptest")]
pub fn cases(default_cases: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default_cases);
    proptest::test_runner::Config { cases, ..proptest::test_runner::Config::default() }
}

/// Runs the test `name` of this test binary alone in a child process, with
/// `env` set (`None` removes the variable), and returns its output. Fails
/// unless the child ran exactly that one test and it passed: a name that
/// matches no test would otherwise run nothing and pass.
///
/// `name` is the test's path below the binary (`reliability::some_test`),
/// as `cargo test -- --list` prints it.
pub fn run_alone(name: &str, env: &[(&str, Option<&str>)]) -> std::process::Output {
    let mut cmd = std::process::Command::new(std::env::current_exe().unwrap());
    cmd.args(["--exact", name, "--test-threads", "1"]);
    for (key, value) in env {
        match value {
            Some(v) => cmd.env(key, v),
            None => cmd.env_remove(key),
        };
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{name} failed in its child:\n{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.contains("running 1 test") && stdout.contains("1 passed"),
        "the child ran no test named {name}:\n{stdout}"
    );
    out
}

/// Chinese numerals for `n`, as offices write counts: `二十一`, `一百零五`,
/// `十`; from 一亿 on, ASCII digits.
pub fn to_chinese_numeral(n: u64) -> String {
    if n >= 100_000_000 {
        return n.to_string();
    }
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    /// Below 一万; `ten_alone`: 十 for 10–19 at the start of a number.
    fn part(n: u64, ten_alone: bool) -> String {
        let mut out = String::new();
        let mut zero = false;
        for (unit, label) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] {
            let d = (n / unit % 10) as usize;
            if d == 0 {
                zero = !out.is_empty();
                continue;
            }
            if zero {
                out.push('零');
                zero = false;
            }
            if !(unit == 10 && d == 1 && out.is_empty() && ten_alone) {
                out.push(DIGITS[d]);
            }
            out.push_str(label);
        }
        out
    }
    if n == 0 {
        return "零".to_owned();
    }
    if n < 10_000 {
        return part(n, true);
    }
    let (high, low) = (n / 10_000 % 10_000, n % 10_000);
    let mut out = part(high, true) + "万";
    if low > 0 {
        if low < 1000 {
            out.push('零');
        }
        out.push_str(&part(low, false));
    }
    out
}
