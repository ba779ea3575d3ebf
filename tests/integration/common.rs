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
