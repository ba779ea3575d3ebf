//! Any text: the reader returns (never panics), and what it reads renders
//! and reads again.
#![no_main]

use disclosure_report::{read, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(parsed) = read::parse(text) else { return };
    let _ = parsed.findings();
    let _ = render::markdown(parsed.published());
    let _ = render::html(parsed.published(), &render::HtmlOptions::page());
    let again = render::text(parsed.published());
    let _ = read::parse(&again).expect("rendered text is a report");
});
