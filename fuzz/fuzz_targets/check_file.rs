//! Any bytes as one file the command reads: told apart as JSON or
//! text by its content, read, checked, rendered in every layout and
//! exported as tidy rows, as `render` and `export` do.
#![no_main]

use disclosure_report::export::{cell_rows, finding_rows, TidyFormat, TidyWriter};
use disclosure_report::read::{read_report, Options, SourceFormat};
use disclosure_report::render;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else { return };
    let Ok(parsed) = read_report(source, SourceFormat::sniff(source), &Options::default()) else { return };
    let p = parsed.published();
    let findings = parsed.findings();
    let _ = render::text(p);
    let _ = render::markdown(p);
    let _ = render::html(p, &render::HtmlOptions::page());
    let _ = serde_json::to_vec(p).expect("a published report serializes");
    // Two tables, as `export` writes them: cells, and findings.
    for format in [TidyFormat::Csv, TidyFormat::JsonLines] {
        let mut cells = TidyWriter::new(Vec::new(), format);
        for row in cell_rows(p, "fuzz") {
            cells.write(&row).expect("a cell row writes");
        }
        let _ = cells.finish().expect("the cell table finishes");
        let mut rows = TidyWriter::new(Vec::new(), format);
        for row in finding_rows(p, &findings, "fuzz") {
            rows.write(&row).expect("a finding row writes");
        }
        let _ = rows.finish().expect("the finding table finishes");
    }
});
