//! Any text as a report's prose: the figures it states are found, each
//! within the text, and set against the tables; the check never panics.
#![no_main]

use disclosure_report::{prose, AnnualReport, Edition, ProactiveTable, ReportMeta, RequestTable, ReviewTable};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let meta = ReportMeta::new("某局", 2022).expect("a valid meta");
    let e = Edition::V2021;
    let report = AnnualReport::builder(meta)
        .proactive(ProactiveTable::zeroed(e))
        .requests(RequestTable::new(e))
        .review(ReviewTable::default())
        .build()
        .expect("a zero report builds");
    let mut p = report.to_published();
    p.prose_mut().overview = text.to_owned();
    p.prose_mut().other = text.to_owned();
    let found = prose::statements(p.prose());
    let length = text.chars().count();
    for s in &found.statements {
        assert!(s.offset < length, "offset {} past the text", s.offset);
        assert!(!s.printed.is_empty());
    }
    for t in prose::tied(&p) {
        assert_eq!(t.agrees().is_some(), !t.readings.is_empty());
    }
    let _ = p.check();
});
