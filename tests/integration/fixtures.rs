//! The real published reports of `../shared/fixtures` (copied here under
//! `tests/data/fixtures`), in each form they come in: every cell of their
//! `*.cells.tsv` read exactly as printed, no other cell, and no error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use disclosure_report::Severity;
use disclosure_report::layout::CellRef;
use disclosure_report::read::{Options, Parsed, SourceFormat, read_bytes};

pub(crate) fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fixtures")
}

/// `(section numeral, row label, column label) → printed text`.
pub(crate) fn expected(stem: &str) -> BTreeMap<(String, String, String), String> {
    expected_in(&data().join(format!("{stem}.cells.tsv")))
}

/// The same, of any `.cells.tsv`.
pub(crate) fn expected_in(path: &Path) -> BTreeMap<(String, String, String), String> {
    let tsv = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    tsv.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "{l}");
            // Table 四's one row has no label; a transcription may call it 数值.
            let row = if f[0] == "四" && f[1] == "数值" { "" } else { f[1] };
            ((f[0].to_owned(), row.to_owned(), f[2].to_owned()), f[3].to_owned())
        })
        .collect()
}

/// The same key for a cell of the layout.
pub(crate) fn key(cell: CellRef) -> (String, String, String) {
    (cell.section().numeral().to_owned(), cell.row_label(), cell.column_label())
}

fn read(path: &Path, format: SourceFormat) -> Parsed {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    read_bytes(&bytes, format, &Options::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every cell of the `.cells.tsv` as printed, no other cell, no error.
fn assert_reads_as_printed(stem: &str, path: &Path, format: SourceFormat) {
    let parsed = assert_cells_as_printed(stem, path, format);
    assert_eq!(parsed.published().meta().organ(), "平潭综合实验区");
}

/// Every cell of the `.cells.tsv` as printed, no other cell, no error: the
/// report read.
fn assert_cells_as_printed(stem: &str, path: &Path, format: SourceFormat) -> Parsed {
    let parsed = read(path, format);
    assert_parsed_as_printed(stem, &path.display().to_string(), &parsed);
    parsed
}

/// Every cell of `stem`'s `.cells.tsv` as printed in `parsed` (read from
/// `what`), no other cell, no error.
pub(crate) fn assert_parsed_as_printed(stem: &str, what: &str, parsed: &Parsed) {
    assert_sections_as_printed(expected(stem), &["二", "三", "四"], what, parsed);
}

/// `want`'s cells (as [`expected`] gives them) for the tables of
/// `sections` (by numeral) alone: a part of a report's pages. No error.
pub(crate) fn assert_sections_as_printed(
    want: BTreeMap<(String, String, String), String>,
    sections: &[&str],
    what: &str,
    parsed: &Parsed,
) {
    assert_sections_with_errors(want, sections, &[], what, parsed)
}

/// [`assert_sections_as_printed`], errors of the rules `allowed` aside.
pub(crate) fn assert_sections_with_errors(
    mut want: BTreeMap<(String, String, String), String>,
    sections: &[&str],
    allowed: &[&str],
    what: &str,
    parsed: &Parsed,
) {
    want.retain(|(section, _, _), _| sections.contains(&section.as_str()));
    let p = parsed.published();
    let mut got = BTreeMap::new();
    for (cell, printed) in p.cells().filter(|(c, _)| sections.contains(&c.section().numeral())) {
        if let Some(printed) = printed {
            got.insert(key(cell), printed.text().to_owned());
        }
    }
    let mut wrong = Vec::new();
    for (k, text) in &want {
        match got.get(k) {
            Some(t) if t == text => {}
            other => wrong.push(format!("{k:?}: expected {text:?}, read {other:?}")),
        }
    }
    for k in got.keys().filter(|k| !want.contains_key(*k)) {
        wrong.push(format!("{k:?}: read {:?}, which the report does not print", got[k]));
    }
    let findings = parsed.findings();
    assert!(wrong.is_empty(), "{what}: {} cells wrong:\n{}\n{findings}", wrong.len(), wrong.join("\n"));
    let in_sections = |f: &&disclosure_report::Finding| {
        f.cells().is_empty() || f.cells().iter().any(|c| sections.contains(&c.cell().section().numeral()))
    };
    let errors: Vec<_> = findings
        .iter()
        .filter(|f| f.severity() == Severity::Error && !allowed.contains(&f.rule().id))
        .filter(in_sections)
        .collect();
    assert!(errors.is_empty(), "{what}: errors:\n{findings}");
}

#[cfg(feature = "html")]
#[test]
fn pingtan_2019_page() {
    let parsed = read(&data().join("html/pingtan-2019.html"), SourceFormat::Html);
    assert_eq!(parsed.published().meta().year(), 2019);
    assert_eq!(parsed.published().meta().published_on(), chrono::NaiveDate::from_ymd_opt(2020, 1, 20));
    assert_reads_as_printed("pingtan-2019", &data().join("html/pingtan-2019.html"), SourceFormat::Html);
}

#[cfg(feature = "html")]
#[test]
fn pingtan_2022_page() {
    let parsed = read(&data().join("html/pingtan-2022.html"), SourceFormat::Html);
    assert_eq!(parsed.published().meta().year(), 2022);
    assert_reads_as_printed("pingtan-2022", &data().join("html/pingtan-2022.html"), SourceFormat::Html);
}

/// Pages made from the real 2019 page (`tests/data/pages/make.py`): GBK
/// declared and undeclared, table 三 split in two with its header
/// repeated, and the report nested in a layout table beside a menu.
#[cfg(feature = "html")]
#[test]
fn pingtan_2019_in_other_pages() {
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pages");
    for name in ["pingtan-2019.gbk.html", "pingtan-2019.split.html", "pingtan-2019.nested.html"] {
        assert_reads_as_printed("pingtan-2019", &pages.join(name), SourceFormat::Html);
    }
    let undeclared = pages.join("pingtan-2019.gbk-undeclared.html");
    assert_reads_as_printed("pingtan-2019", &undeclared, SourceFormat::Html);
    let parsed = read(&undeclared, SourceFormat::Html);
    let detected =
        parsed.reader_findings().of_rule(&disclosure_report::rules::PARSE_ENCODING).next().expect("the guess is said");
    assert!(detected.message_en().contains("GBK"), "{detected}");
}

#[cfg(feature = "html")]
#[test]
fn a_page_that_does_not_decode_is_refused() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pages/pingtan-2019.gbk.html");
    let mut bytes = std::fs::read(path).unwrap();
    // Declared UTF-8, but GBK: refused, never read as mojibake.
    let at = bytes.windows(13).position(|w| w == b"charset=\"gbk\"").unwrap();
    bytes.splice(at..at + 13, b"charset=\"utf-8\"".iter().copied());
    let err = read_bytes(&bytes, SourceFormat::Html, &Options::default()).unwrap_err();
    let chain = format!("{err}: {}", std::error::Error::source(&err).unwrap());
    assert!(chain.contains("does not decode as UTF-8"), "{chain}");
}

#[cfg(feature = "docx")]
#[test]
fn pingtan_2019_word_file() {
    assert_reads_as_printed("pingtan-2019", &data().join("docx/pingtan-2019.docx"), SourceFormat::Docx);
}

#[cfg(feature = "docx")]
#[test]
fn pingtan_2022_word_file() {
    assert_reads_as_printed("pingtan-2022", &data().join("docx/pingtan-2022.docx"), SourceFormat::Docx);
}

#[cfg(feature = "html")]
#[test]
fn pages_are_told_by_their_content() {
    let bytes = std::fs::read(data().join("html/pingtan-2022.html")).unwrap();
    assert_eq!(SourceFormat::sniff_bytes(&bytes), SourceFormat::Html);
}

/// `pdftotext -layout` text of the PDFs printed by LibreOffice (from the
/// Word file) and by Chromium (from the page): columns aligned with spaces,
/// labels wrapped around their figures, figures split over lines.
fn assert_layout_reads_as_printed(stem: &str, printer: &str) {
    let path = data().join(format!("layout/{stem}.{printer}.layout.txt"));
    assert_reads_as_printed(stem, &path, SourceFormat::Text);
}

#[test]
fn pingtan_2019_layout_text_of_libreoffice_pdf() {
    assert_layout_reads_as_printed("pingtan-2019", "lo");
}

#[test]
fn pingtan_2019_layout_text_of_chromium_pdf() {
    assert_layout_reads_as_printed("pingtan-2019", "chrome");
}

#[test]
fn pingtan_2022_layout_text_of_libreoffice_pdf() {
    assert_layout_reads_as_printed("pingtan-2022", "lo");
}

#[test]
fn pingtan_2022_layout_text_of_chromium_pdf() {
    assert_layout_reads_as_printed("pingtan-2022", "chrome");
}

/// Fixtures made from the real reports with LibreOffice, Chromium and
/// poppler (`tests/data/made/README.md`).
fn made(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/made").join(name)
}

#[test]
fn made_layout_texts() {
    assert_reads_as_printed("pingtan-2019", &made("pingtan-2019.split.chrome.layout.txt"), SourceFormat::Text);
    assert_reads_as_printed("pingtan-2022", &made("pingtan-2022.rendered.chrome.layout.txt"), SourceFormat::Text);
    // This crate's Word file, printed by LibreOffice.
    assert_reads_as_printed("pingtan-2022", &made("pingtan-2022.rendered.lo.layout.txt"), SourceFormat::Text);
}

#[cfg(feature = "html")]
#[test]
fn made_plain_page() {
    assert_reads_as_printed("pingtan-2022", &made("pingtan-2022.rendered.html"), SourceFormat::Html);
}

#[cfg(feature = "docx")]
#[test]
fn made_word_files() {
    // LibreOffice's Word file of a page whose report sits in a layout table.
    assert_reads_as_printed("pingtan-2019", &made("pingtan-2019.nested.lo.docx"), SourceFormat::Docx);
    assert_reads_as_printed("pingtan-2022", &made("pingtan-2022.rendered.lo.docx"), SourceFormat::Docx);
    assert_reads_as_printed("pingtan-2022", &made("pingtan-2022.rendered.docx"), SourceFormat::Docx);
}

/// Poppler broke table 四's one line of figures over three lines whose
/// columns overlap: nothing of it is placed, all fifteen figures are quoted,
/// and tables 二 and 三 read exactly.
#[test]
fn a_broken_row_of_figures_is_quoted_not_guessed() {
    let parsed = read(&made("pingtan-2022.narrow-columns.lo.layout.txt"), SourceFormat::Text);
    let p = parsed.published();
    let want = expected("pingtan-2022");
    for (cell, printed) in p.cells() {
        let k = key(cell);
        if k.0 == "四" {
            assert!(printed.is_none(), "{k:?} was placed");
        } else if let Some(text) = want.get(&k) {
            assert_eq!(printed.map(|c| c.text()), Some(text.as_str()), "{k:?}");
        }
    }
    let quoted: Vec<String> = parsed.reader_findings().iter().flat_map(|f| f.quoted().to_vec()).collect();
    assert_eq!(quoted.join(" "), "0 1 1 0 2 1 0 0 1 0 0 0 0 0 0", "{}", parsed.reader_findings());
}

#[cfg(feature = "pdf")]
mod pdf {
    use super::*;

    fn fixture(stem: &str, printer: &str) {
        assert_reads_as_printed(stem, &data().join(format!("pdf/{stem}.{printer}.pdf")), SourceFormat::Pdf);
    }

    #[test]
    fn pingtan_2019_pdf_of_libreoffice() {
        fixture("pingtan-2019", "lo");
    }

    #[test]
    fn pingtan_2019_pdf_of_chromium() {
        fixture("pingtan-2019", "chrome");
    }

    #[test]
    fn pingtan_2022_pdf_of_libreoffice() {
        fixture("pingtan-2022", "lo");
    }

    #[test]
    fn pingtan_2022_pdf_of_chromium() {
        fixture("pingtan-2022", "chrome");
    }

    /// A real WPS-made PDF: its title broken over two lines, a typo in a
    /// row label, and （六）其他处理 printed as one row, the 2019 way.
    #[test]
    fn hongze_2024_pdf_of_wps() {
        let path = data().join("pdf-wps/hongze-2024.wps.pdf");
        let parsed = assert_cells_as_printed("hongze-2024", &path, SourceFormat::Pdf);
        let p = parsed.published();
        assert_eq!((p.meta().organ(), p.meta().year()), ("淮安市洪泽区人民政府", 2024));
        let variants: Vec<(&str, &str)> =
            p.label_variants().iter().map(|v| (v.official.as_str(), v.printed.as_str())).collect();
        assert_eq!(variants, [("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")]);
        // The three sub-rows of （六） are not printed: its subtotal stands
        // for them in the sums, so their absence is a warning.
        let findings = parsed.findings();
        let missing: Vec<_> = findings.iter().filter(|f| f.rule().id == "cell.missing").collect();
        assert_eq!(missing.len(), 3, "{findings}");
        for f in &missing {
            assert_eq!(f.severity(), Severity::Warning);
            assert!(f.cells().iter().all(|c| c.cell().row().parent.is_some_and(|g| g.key == "other_handling")));
        }
        let rules: Vec<&str> = findings.iter().map(|f| f.rule().id).collect();
        assert!(!rules.contains(&"parse.no_organ") && !rules.contains(&"parse.unplaced"), "{findings}");
        // Its page numbers (`- 2 -`) stand where an official document's do,
        // 7 mm under the text, past the margin: no stray line.
        assert!(!rules.contains(&"parse.stray_line"), "{findings}");
        // Its prose's 17 are what the district government's office handled
        // on the government's behalf: a part of table 三's 95, no mismatch.
        assert!(!rules.contains(&"P.figure_mismatch"), "{findings}");
    }
}

#[cfg(feature = "pdf")]
mod made_pdf {
    use super::*;
    use disclosure_report::read::ReadError;
    use disclosure_report::read::pdf::PdfError;

    fn refused(name: &str) -> PdfError {
        let bytes = std::fs::read(made(name)).unwrap();
        match read_bytes(&bytes, SourceFormat::Pdf, &Options::default()) {
            Err(ReadError::Pdf(e)) => e,
            Err(other) => panic!("{name}: {other}"),
            Ok(parsed) => panic!("{name} read: {}", parsed.published().meta()),
        }
    }

    #[test]
    fn pdfs_of_this_crates_page_and_word_file() {
        assert_reads_as_printed("pingtan-2022", &made("pingtan-2022.rendered.chrome.pdf"), SourceFormat::Pdf);
        assert_reads_as_printed("pingtan-2022", &made("pingtan-2022.rendered.lo.pdf"), SourceFormat::Pdf);
    }

    #[test]
    fn a_table_broken_over_a_page_with_its_header_repeated() {
        assert_reads_as_printed("pingtan-2022", &made("pingtan-2022.repeated-header.chrome.pdf"), SourceFormat::Pdf);
    }

    #[test]
    fn an_owner_password_does_not_stop_reading() {
        assert_reads_as_printed("pingtan-2022", &made("pingtan-2022.owner-password.lo.pdf"), SourceFormat::Pdf);
    }

    #[test]
    fn an_encrypted_pdf_is_refused_as_such() {
        assert_eq!(refused("pingtan-2022.encrypted.lo.pdf"), PdfError::Encrypted);
    }

    #[test]
    fn a_pdf_of_images_only_is_refused_as_a_scan() {
        assert!(matches!(refused("pingtan-2022.image-only.chrome.pdf"), PdfError::Scanned { .. }));
    }

    #[test]
    fn bytes_that_are_no_pdf_are_refused() {
        let e = disclosure_report::read::pdf::document_grid(b"%PDF-1.7\nnot really").unwrap_err();
        assert!(matches!(e, PdfError::Damaged(_)), "{e}");
    }

    /// Text a person does not see in a figure cell: white on white, drawn
    /// with no ink (render mode 3), clipped away (a clip of one point at
    /// the page's corner), or a figure whited out and printed anew, is
    /// named, never read. In the real WPS-made report, the 9 beside 95 is
    /// drawn a little above its line, in a smaller font (the PDF library
    /// puts its box on 95's line, as a superscript's): never 959.
    #[test]
    fn hidden_glyphs_are_named_not_read() {
        let natural: disclosure_report::layout::CellRef = "requests.new_requests.natural_person".parse().unwrap();
        for (name, seen, hidden, page) in [
            ("pingtan-2022.white-text.lo.pdf", "71", "9", 2),
            ("pingtan-2022.white-out.lo.pdf", "85", "71", 2),
            ("pingtan-2022.white-out-shorter.lo.pdf", "9", "71", 2),
            ("pingtan-2022.invisible-text.lo.pdf", "71", "9", 2),
            ("pingtan-2022.clipped-text.lo.pdf", "71", "9", 2),
            ("hongze-2024.invisible-text.wps.pdf", "95", "9", 3),
            ("hongze-2024.clipped-text.wps.pdf", "95", "9", 3),
        ] {
            let bytes = std::fs::read(made(name)).unwrap();
            let parsed = read_bytes(&bytes, SourceFormat::Pdf, &Options::default()).unwrap();
            assert_eq!(parsed.published().get(natural).map(|c| c.text()), Some(seen), "{name}");
            let findings = parsed.findings();
            let named: Vec<&str> = findings
                .iter()
                .filter(|f| f.rule().id == "parse.hidden")
                .flat_map(|f| f.quoted())
                .map(String::as_str)
                .collect();
            assert_eq!(named, [hidden], "{name}: {findings}");
            let at = findings.iter().find(|f| f.rule().id == "parse.hidden").and_then(|f| f.place());
            assert!(matches!(at, Some(disclosure_report::Place::Page { page: p, .. }) if p == page), "{at:?}");
            // Nothing else the reader says (a stray or unplaced figure).
            let parse = findings.iter().filter(|f| f.rule().id.starts_with("parse.")).count();
            assert_eq!(parse, 1, "{name}: {findings}");
        }
    }

    /// A figure under a box filled after it is not seen: named, not read.
    #[test]
    fn a_figure_under_a_box_is_named_not_read() {
        let bytes = std::fs::read(made("pingtan-2022.boxed-out.lo.pdf")).unwrap();
        let parsed = read_bytes(&bytes, SourceFormat::Pdf, &Options::default()).unwrap();
        let natural: disclosure_report::layout::CellRef = "requests.new_requests.natural_person".parse().unwrap();
        assert!(
            parsed.published().get(natural).is_none_or(|c| c.text().is_empty()),
            "{:?}",
            parsed.published().get(natural)
        );
        let findings = parsed.findings();
        let named: Vec<&String> =
            findings.iter().filter(|f| f.rule().id == "parse.hidden").flat_map(|f| f.quoted()).collect();
        assert_eq!(named, ["71"], "{findings}");
    }

    /// A figure drawn turned a quarter either way in its cell is read as
    /// the figure it is, and the rest of the report as printed.
    #[test]
    fn a_rotated_figure_is_read() {
        let natural: disclosure_report::layout::CellRef = "requests.new_requests.natural_person".parse().unwrap();
        for name in ["pingtan-2022.rotated-90.lo.pdf", "pingtan-2022.rotated-270.lo.pdf"] {
            let bytes = std::fs::read(made(name)).unwrap();
            let parsed = read_bytes(&bytes, SourceFormat::Pdf, &Options::default()).unwrap();
            assert_eq!(parsed.published().get(natural).map(|c| c.text()), Some("71"), "{name}");
            assert!(parsed.findings().is_empty(), "{name}: {}", parsed.findings());
        }
    }

    /// Without a rule drawn, the lines keep their columns and the
    /// aligned-columns reader reads them.
    #[test]
    fn a_pdf_without_rules_reads_by_its_columns() {
        assert_reads_as_printed("pingtan-2022", &made("pingtan-2022.borderless.chrome.pdf"), SourceFormat::Pdf);
    }
}

/// Text extracted without its layout (`pdftotext` with no `-layout`): one
/// cell a line where a table has merged cells, in the order each printer
/// wrote its cells, blank cells left out. A row label alone on its line
/// and then exactly as many lines as the row has figures, each one figure
/// alone, is read as that row where the row adds up (`parse.reflowed`).
/// Nothing else is guessed: every cell placed is the one printed, and the
/// rest is quoted.
#[test]
fn text_without_its_layout_places_only_the_figures_it_can_tell() {
    // (file, report, cells placed, rows read one figure a line)
    let cases = [
        ("pingtan-2019.lo.raw.txt", "pingtan-2019", 22, 2),
        ("pingtan-2019.chrome.raw.txt", "pingtan-2019", 22, 2),
        ("pingtan-2022.lo.raw.txt", "pingtan-2022", 14, 2),
        ("pingtan-2022.chrome.raw.txt", "pingtan-2022", 15, 0),
        ("hongze-2024.wps.raw.txt", "hongze-2024", 21, 3),
    ];
    for (file, stem, count, reflowed) in cases {
        let parsed = read(&made(file), SourceFormat::Text);
        let want = expected(stem);
        let mut placed = 0;
        for (cell, printed) in parsed.published().cells() {
            let Some(printed) = printed else { continue };
            placed += 1;
            let k = key(cell);
            assert_eq!(want.get(&k).map(String::as_str), Some(printed.text()), "{file}: {k:?}\n{}", parsed.findings());
        }
        let findings = parsed.reader_findings();
        assert_eq!(
            (placed, findings.of_rule(&disclosure_report::rules::PARSE_REFLOWED).count()),
            (count, reflowed),
            "{file}:\n{findings}"
        );
    }
    // WPS: the rows of table 三 whose seven figures follow their label.
    let parsed = read(&made("hongze-2024.wps.raw.txt"), SourceFormat::Text);
    let p = parsed.published();
    let row = |label: &str| -> Vec<String> {
        p.cells()
            .filter(|(c, _)| c.section().numeral() == "三" && c.row_label() == label)
            .map(|(_, v)| v.map_or_else(|| "-".to_owned(), |v| v.text().to_owned()))
            .collect()
    };
    assert_eq!(row("（一）予以公开").join(" "), "50 0 0 0 0 0 50");
    assert_eq!(row("二、上年结转政府信息公开申请数量").join(" "), "0 0 0 0 0 0 0");
    // LibreOffice wrote table 四's figures column by column under its
    // two-level header: fifteen lone figures, not in the columns' order,
    // are quoted, not placed.
    let parsed = read(&made("pingtan-2022.lo.raw.txt"), SourceFormat::Text);
    let unplaced: Vec<String> = parsed
        .reader_findings()
        .of_rule(&disclosure_report::rules::PARSE_UNPLACED)
        .filter(|f| f.quoted().len() == 15)
        .map(|f| f.quoted().join(" "))
        .collect();
    assert_eq!(unplaced, ["0 1 0 1 2 1 0 0 0 0 0 0 1 0 0"], "{}", parsed.reader_findings());
    assert!(parsed.published().cells().all(|(c, v)| c.section().numeral() != "四" || v.is_none()));
}
