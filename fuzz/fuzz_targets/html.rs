//! Any bytes as a web page: decoded (or refused) and read without
//! panicking; what it reads renders as a page that reads back.
#![no_main]

use disclosure_report::read::{read_bytes, read_report, Options, SourceFormat};
use disclosure_report::render;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = read_bytes(data, SourceFormat::Html, &Options::default()) else { return };
    let _ = parsed.findings();
    let page = render::html(parsed.published(), &render::HtmlOptions::page());
    let _ = read_report(&page, SourceFormat::Html, &Options::default()).expect("a rendered page is a report");
});
