//! The findings of a report, in a page of one's own: the annotated HTML
//! fragment (its tables, the cells a finding names coloured by severity,
//! the findings listed under each table) embedded in a site's layout. The
//! fragment carries its own style, scoped to it, so the host page's style
//! and its colours do not fight.
//!
//! ```text
//! cargo run --example embed_findings -- [FILE] > page.html   # default: a report with errors
//! ```

use std::process::ExitCode;

use disclosure_report::Severity;
use disclosure_report::read::{Options, read_file};
use disclosure_report::render::{Annotations, HtmlOptions, html};

fn main() -> ExitCode {
    let path = std::env::args().nth(1).unwrap_or_else(|| "tests/data/made/pingtan-2022-held-out-errors.txt".to_owned());
    let parsed = match read_file(path.as_ref(), &Options::default()) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    // Errors and warnings, as `disclosure-report render --annotate` marks them.
    let mut findings = parsed.findings();
    findings.retain(|f| f.severity() <= Severity::Warning);
    let fragment = html(parsed.published(), &HtmlOptions::default().annotated(Annotations::new(findings)));
    println!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>审核结果</title>\n\
         <style>body{{font-family:sans-serif;margin:0}}header{{background:#234;color:#fff;padding:8px 16px}}\
         main{{padding:0 16px}}table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:1px 4px}}</style>\n\
         </head>\n<body>\n<header>某市政府信息公开办公室 · 年度报告审核</header>\n<main>\n{fragment}</main>\n</body>\n</html>"
    );
    ExitCode::SUCCESS
}
