//! Any bytes as a Word file: read (or refused) without panicking; what it
//! reads writes as a Word file that reads back the same.
#![no_main]

use disclosure_report::read::{read_bytes, Options, SourceFormat};
use disclosure_report::render;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = read_bytes(data, SourceFormat::Docx, &Options::default()) else { return };
    let _ = parsed.findings();
    let word = render::docx(parsed.published()).expect("a report writes as a Word file");
    let _ = read_bytes(&word, SourceFormat::Docx, &Options::default()).expect("a written Word file is a report");
});
