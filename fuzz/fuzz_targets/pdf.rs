//! Any bytes as a PDF file: read (or refused with an error) without a
//! panic reaching the caller. A panic of the PDF library is the file's
//! error (`PdfError::Library`); any other panic aborts the run.
#![no_main]

use disclosure_report::read::{read_bytes, Options, SourceFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // libFuzzer's hook aborts at any panic, even one the reader contains.
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    if let Ok(parsed) = read_bytes(data, SourceFormat::Pdf, &Options::default()) {
        let _ = parsed.findings();
    }
});
