//! Any bytes as JSON: a strict report exists only if it checks clean, and a
//! published report always checks without panicking.
#![no_main]

use disclosure_report::{AnnualReport, Published};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = serde_json::from_slice::<AnnualReport>(data) {
        let published = report.to_published();
        assert!(published.is_valid(), "an AnnualReport that does not check clean:\n{}", published.check());
        let json = serde_json::to_vec(&report).expect("a report serializes");
        let back: AnnualReport = serde_json::from_slice(&json).expect("a report reads back");
        assert_eq!(back, report);
    }
    if let Ok(mut published) = serde_json::from_slice::<Published>(data) {
        let _ = published.check();
        published.fill_derived_totals();
        let _ = AnnualReport::try_from(&published);
    }
});
