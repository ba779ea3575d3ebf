//! Hostile findings and places on real originals: the first byte picks the
//! original (a PDF made by LibreOffice, the WPS-made PDF, a Word file), the
//! rest is the findings as JSON (as `check --json` writes them), at any
//! place — boxes off the page, pages and tables the file does not have,
//! thousands of them, text with control characters. Both writers annotate
//! without a panic, and what they write opens again as the same report.
#![no_main]

use disclosure_report::read::{docx, pdf};
use disclosure_report::render::{annotate_docx, annotate_pdf};
use disclosure_report::{Finding, Findings};
use libfuzzer_sys::fuzz_target;

static LO_PDF: &[u8] = include_bytes!("../../tests/data/made/pingtan-2022.wrong-total.lo.pdf");
static WPS_PDF: &[u8] = include_bytes!("../../tests/data/fixtures/pdf-wps/hongze-2024.wps.pdf");
static DOCX: &[u8] = include_bytes!("../../tests/data/made/pingtan-2022.wrong-total.lo.docx");

/// Each original's text, read once.
fn text(which: u8) -> &'static str {
    static TEXTS: std::sync::OnceLock<[String; 3]> = std::sync::OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        [
            pdf::document_grid(LO_PDF).unwrap().to_string(),
            pdf::document_grid(WPS_PDF).unwrap().to_string(),
            docx::document_grid(DOCX).unwrap().to_string(),
        ]
    });
    &texts[usize::from(which)]
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, json)) = data.split_first() else { return };
    let Ok(findings) = serde_json::from_slice::<Vec<Finding>>(json) else { return };
    let findings: Findings = findings.into_iter().collect();
    let which = which % 3;
    match which {
        0 | 1 => {
            let original = if which == 0 { LO_PDF } else { WPS_PDF };
            let out = annotate_pdf(original, &findings).expect("a PDF the reader reads can be annotated");
            assert!(out.starts_with(original), "the original bytes are kept");
            assert_eq!(pdf::document_grid(&out).expect("the annotated PDF opens").to_string(), text(which));
        }
        _ => {
            let out = annotate_docx(DOCX, &findings).expect("a Word file the reader reads can be annotated");
            assert_eq!(docx::document_grid(&out).expect("the annotated Word file opens").to_string(), text(which));
        }
    }
});
