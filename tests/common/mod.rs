//! Helpers shared by the integration tests.
#![allow(dead_code)]

use disclosure_report::{AnnualReport, Edition, ProactiveTable, ReportMeta, RequestTable, ReviewTable};

/// Metadata of `organ`'s report of `year`.
pub fn meta(organ: &str, year: u16) -> ReportMeta {
    ReportMeta::new(organ, year).unwrap()
}

/// A valid report of `edition` whose every figure is 0.
pub fn zero(edition: Edition, organ: &str, year: u16) -> AnnualReport {
    AnnualReport::builder(
        meta(organ, year),
        ProactiveTable::zeroed(edition),
        RequestTable::new(edition),
        ReviewTable::default(),
    )
    .build()
    .unwrap()
}
