//! Any bytes as a published report in JSON: it checks without panicking,
//! and what it reads writes and reads back the same — cells, duplicates,
//! units and label variants included.
#![no_main]

use disclosure_report::Published;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(published) = serde_json::from_slice::<Published>(data) else { return };
    let findings = published.check();
    let _ = serde_json::to_vec(&findings).expect("findings serialize");
    let json = serde_json::to_vec(&published).expect("a published report serializes");
    let back: Published = serde_json::from_slice(&json).expect("a published report reads back");
    assert_eq!(back, published);
    assert_eq!(back.check(), findings);
});
