//! The library's check in a few lines: read one report, in any form it is
//! published in, and print every finding. (The `disclosure-report`
//! command, feature `cli`, does this for many files at once, and more.)
//!
//! ```text
//! cargo run --example check -- [FILE]     # without a file: the bundled seed
//! ```

use std::path::Path;
use std::process::ExitCode;

use disclosure_report::read::{Options, SourceFormat, read_bytes};

fn main() -> ExitCode {
    let path = std::env::args().nth(1).unwrap_or_else(|| "tests/data/miaotai_2020.txt".to_owned());
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    // By the name's extension, or else by what the bytes look like.
    let format = SourceFormat::of_path(Path::new(&path)).unwrap_or_else(|| SourceFormat::sniff_bytes(&bytes));
    let parsed = match read_bytes(&bytes, format, &Options::default()) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("{path}: not a report: {e}");
            return ExitCode::from(2);
        }
    };
    let meta = parsed.published().meta();
    println!("{} {}年 ({})", meta.organ(), meta.year(), parsed.published().edition());
    // The reader's findings (what could not be placed) and the rules'.
    let findings = parsed.findings();
    print!("{findings}");
    if findings.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
