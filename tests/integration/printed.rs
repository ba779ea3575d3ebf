//! The fixtures' pages printed in other ways — restyled, refilled, with
//! paragraphs or page breaks put before their tables — as a sweep of 106
//! such pages through Chromium, LibreOffice and `pdftotext -layout` found
//! them misread: every cell of the `.cells.tsv` as printed, no error.
//! (The PDFs and texts are in `tests/data/made`, its README says how each
//! was made.)

#[cfg(any(feature = "html", feature = "docx"))]
use crate::fixtures::{assert_parsed_as_printed, data};
#[cfg(any(feature = "html", feature = "docx"))]
use disclosure_report::read::{Options, SourceFormat, read_bytes};

/// `text` put before the `n`-th (from 0) occurrence of `tag` in `page`.
#[cfg(any(feature = "html", feature = "docx"))]
fn before_nth(page: &str, tag: &str, n: usize, text: &str) -> String {
    let (at, _) = page.match_indices(tag).nth(n).unwrap_or_else(|| panic!("no {tag} #{n}"));
    format!("{}{text}{}", &page[..at], &page[at..])
}

/// Paragraphs between table 三's heading and the table are no part of its
/// header, however many (fourteen made the table's header rows fall past
/// the sixteen rows kept, and the whole table was unread).
#[cfg(feature = "html")]
#[test]
fn paragraphs_before_a_table_are_no_part_of_its_header_in_a_page() {
    for stem in ["pingtan-2019", "pingtan-2022"] {
        let page = std::fs::read_to_string(data().join(format!("html/{stem}.html"))).unwrap();
        for n in [1, 13, 14, 15, 16, 17, 40] {
            let page = before_nth(&page, "<table", 1, &"<p>本年度工作情况说明。</p>".repeat(n));
            let parsed = read_bytes(page.as_bytes(), SourceFormat::Html, &Options::default()).unwrap();
            assert_parsed_as_printed(stem, &format!("{stem}.html, {n} paragraphs"), &parsed);
        }
    }
}

#[cfg(feature = "docx")]
#[test]
fn paragraphs_before_a_table_are_no_part_of_its_header_in_a_word_file() {
    for stem in ["pingtan-2019", "pingtan-2022"] {
        let word = std::fs::read(data().join(format!("docx/{stem}.docx"))).unwrap();
        for n in [13, 14, 15, 40] {
            let paragraph = "<w:p><w:r><w:t>本年度工作情况说明。</w:t></w:r></w:p>";
            let edited = crate::real_documents::edit_document_xml(word.clone(), |xml| {
                before_nth(xml, "<w:tbl>", 1, &paragraph.repeat(n))
            });
            let parsed = read_bytes(&edited, SourceFormat::Docx, &Options::default()).unwrap();
            assert_parsed_as_printed(stem, &format!("{stem}.docx, {n} paragraphs"), &parsed);
        }
    }
}

#[cfg(feature = "pdf")]
use crate::fixtures::expected;

/// A file of `tests/data/made`.
#[cfg(feature = "pdf")]
fn made(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/made").join(name)
}

/// A PDF of `tests/data/made`, read.
#[cfg(feature = "pdf")]
fn made_pdf(name: &str) -> disclosure_report::read::Parsed {
    let bytes = std::fs::read(made(name)).unwrap();
    disclosure_report::read::read_bytes(&bytes, disclosure_report::read::SourceFormat::Pdf, &Default::default())
        .unwrap()
}

/// Table 四's header ends a page, its row of figures opens the next: the
/// row is no page number (fifteen zeros were dropped as one), and no
/// running head (its digits alone match the other pages' numbers).
#[cfg(feature = "pdf")]
#[test]
fn a_row_of_figures_opening_a_page_is_read() {
    let name = "pingtan-2019.cell-font-12pt.chrome.pdf";
    crate::fixtures::assert_sections_as_printed(expected("pingtan-2019"), &["三", "四"], name, &made_pdf(name));
}

/// Table 三's header printed again on the page it goes on to, a row
/// label broken over the page before it (`6.属于四类过` / `程性信息`): the
/// rest of the label joins its row across the header.
#[cfg(feature = "pdf")]
#[test]
fn a_row_broken_over_a_page_goes_on_after_the_header_printed_again() {
    let name = "pingtan-2019.header-repeated.lo.pdf";
    crate::fixtures::assert_sections_as_printed(expected("pingtan-2019"), &["三", "四"], name, &made_pdf(name));
}

/// Table 三's header row broken inside its cells by the page's foot
/// (LibreOffice lets a row break): `自然` and `总` end page 8, `人` and `计`
/// open page 9 with the rest of the header. The labels are joined by
/// where they stand, and the table (with twelve blank cells) is read.
#[cfg(feature = "pdf")]
#[test]
fn a_header_row_broken_inside_its_cells_over_a_page_is_read() {
    let name = "pingtan-2019.blanks.lo.pdf";
    let want = crate::fixtures::expected_in(&made("pingtan-2019.blanks.cells.tsv"));
    // Blank cells break table 三's arithmetic: those errors, and no other.
    let arithmetic = ["T3.row_total", "T3.outcome_total", "T3.balance", "T4.total"];
    crate::fixtures::assert_sections_with_errors(want, &["三", "四"], &arithmetic, name, &made_pdf(name));
}

/// Figures of six digits left table 三's label column one character wide,
/// its labels broken over pages: `信息` opening two pages (the rest of
/// `5.属于三类内部事务信息` and of `1.本机关不掌握相关政府信息`) is no
/// running head, and joins its row.
#[cfg(feature = "pdf")]
#[test]
fn the_rest_of_a_label_opening_two_pages_is_no_running_head() {
    let name = "pingtan-2019.label-column-narrow.chrome.pdf";
    let want = crate::fixtures::expected_in(&made("pingtan-2019.label-column-narrow.cells.tsv"));
    crate::fixtures::assert_sections_as_printed(want, &["三", "四"], name, &made_pdf(name));
}

/// Letters set tight (`letter-spacing: -1pt`): a quote mark standing into
/// the character before it (`定”`) is not that character printed over,
/// so `一稳定` of `3.危及“三安全一稳定”` is not hidden, and its row is read.
#[cfg(feature = "pdf")]
#[test]
fn glyphs_set_tight_are_not_printed_over_one_another() {
    let name = "pingtan-2019.letters-tight.chrome.pdf";
    crate::fixtures::assert_sections_as_printed(expected("pingtan-2019"), &["三", "四"], name, &made_pdf(name));
    let grid = disclosure_report::read::pdf::document_grid(&std::fs::read(made(name)).unwrap()).unwrap();
    let hidden = crate::real_documents::hidden_texts(&grid);
    assert!(hidden.is_empty(), "{hidden:?}");
}

/// Letters spaced 1 pt apart (`letter-spacing: 1pt`), through Chromium:
/// the library spaces a run's characters evenly and puts the decimal point
/// of `75394432.52` a point before where it is drawn; it was taken for a
/// point of the library's own and dropped (`7539443252`, a hundred times
/// the amount, no finding).
#[cfg(feature = "pdf")]
#[test]
fn a_decimal_point_drawn_apart_by_letter_spacing_is_kept() {
    let bytes = std::fs::read(made("pingtan-2019.letters-spaced.chrome.p9.pdf")).unwrap();
    let grid = disclosure_report::read::pdf::document_grid(&bytes).unwrap();
    let text = grid.to_string();
    assert!(text.lines().any(|l| l == "政府集中采购\t135\t75394432.52 元"), "{text}");
}

/// A text of `tests/data/made`, read.
fn made_text(name: &str) -> disclosure_report::read::Parsed {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/made").join(name);
    let text = std::fs::read_to_string(path).unwrap();
    disclosure_report::read::read_report(&text, disclosure_report::read::SourceFormat::Text, &Default::default())
        .unwrap()
}

/// A text of `tests/data/made`, every cell of `stem`'s as printed, no error.
fn assert_made_text_as_printed(stem: &str, name: &str) {
    crate::fixtures::assert_parsed_as_printed(stem, name, &made_text(name));
}

/// The page on A5 paper, through Chromium and `pdftotext -layout`: labels
/// wrap around their figures, a figure glued to the label before it, also
/// after a punctuation mark (`求缴纳费用、0 0`, the row's other figures on
/// the next line).
#[test]
fn layout_text_of_a_narrow_page_glues_figures_to_labels() {
    assert_made_text_as_printed("pingtan-2022", "pingtan-2022.a5.chrome.layout.txt");
}

/// Cells in 16-point type through LibreOffice and `pdftotext -layout`:
/// `其他对外管理服务 10`, its label's rest and its other figures on the
/// lines after it (`0  153`, `事项`), is one row of table 二.
#[test]
fn layout_text_of_a_table_2_row_wrapped_around_its_figures() {
    assert_made_text_as_printed("pingtan-2019", "pingtan-2019.font-16pt.lo.layout.txt");
}

/// Seven-digit figures overflowed Chromium's cells and `pdftotext -layout`
/// glued a row's into one number (`119221212277421050447…`): it reaches
/// over several columns, so it is placed in none (it was put in one, and
/// the row's six other cells were read as printed blank), and is quoted.
#[test]
fn figures_glued_over_several_columns_are_no_figure_and_no_blanks() {
    let name = "pingtan-2022.figures-glued.chrome.layout.txt";
    let parsed = made_text(name);
    let row: Vec<disclosure_report::layout::CellRef> =
        parsed.published().layout().cells().filter(|c| c.key_path().starts_with("requests.new_requests.")).collect();
    assert_eq!(row.len(), 7);
    for cell in row {
        assert!(parsed.published().get(cell).is_none(), "{cell}: {:?}", parsed.published().get(cell));
    }
    let glued = "119221212277421050447112180499275810277416612704";
    assert!(parsed.findings().iter().any(|f| f.quoted().iter().any(|q| q.contains(glued))), "{}", parsed.findings());
}

/// Cells narrowed to 3.5 em through Chromium and `pdftotext -layout`: a
/// table 二 label wrapped before its figures (`规 范` / `性 文  89  89  89` /
/// `件`) begins that row's label, not the end of the row before it; one
/// wrapped around a line of its figures alone (`行 政` / `396 0   181` /
/// `许可`; `行 政` / `事 业` / `35   0` / `性 收` / `费`) is one row; one
/// going on past a blank line (`其他对 10  0   153` / `` / `外管理` / `服务事` /
/// `项`) too. Every cell as printed.
#[test]
fn layout_text_of_a_label_begun_on_the_line_before_its_figures() {
    assert_made_text_as_printed("pingtan-2019", "pingtan-2019.narrow.chrome.layout.txt");
}

/// Tables at 60% and 40% of the page's width, through Chromium and
/// `pdftotext -layout`: labels wrap around a line of their figures alone
/// (`行政事业性收` / `35     0` / `费`), a money figure is glued to its
/// label's first line (`行政事业性收9116.36` / `费`), and table 三's labels
/// wrap over up to twenty lines, two characters each, far from their
/// figures. Every cell as printed.
#[test]
fn layout_text_of_narrow_tables() {
    for (stem, name) in [
        ("pingtan-2019", "pingtan-2019.table-60pct.chrome.layout.txt"),
        ("pingtan-2022", "pingtan-2022.table-60pct.chrome.layout.txt"),
        ("pingtan-2019", "pingtan-2019.table-40pct.chrome.layout.txt"),
    ] {
        assert_made_text_as_printed(stem, name);
    }
}

/// One of table 三's rows unreadable (`pdftotext` glued its figures:
/// `他 0200002`) leaves the others read: that row's figure is quoted, its
/// cells missing, every other cell as printed (the whole table was read
/// line by line, 175 cells missing).
#[test]
fn one_unreadable_row_of_table_3_leaves_the_others_read() {
    let name = "pingtan-2022.table-40pct.chrome.layout.txt";
    let parsed = made_text(name);
    let mut want = crate::fixtures::expected("pingtan-2022");
    want.retain(|(_, row, _), _| row != "（六）其他处理 / 3.其他");
    assert_eq!(want.len(), 193);
    crate::fixtures::assert_sections_with_errors(want, &["二", "三", "四"], &["cell.missing"], name, &parsed);
    let quoted: Vec<_> = parsed
        .reader_findings()
        .of_rule(&disclosure_report::rules::PARSE_UNPLACED)
        .map(|f| f.quoted().join(" "))
        .collect();
    assert_eq!(quoted, ["0200002"], "{}", parsed.findings());
    let other =
        parsed.published().layout().cells().filter(|c| c.key_path().starts_with("requests.other_miscellaneous."));
    assert!(other.into_iter().all(|c| parsed.published().get(c).is_none()));
}

/// The Word file with a page-number footer, through LibreOffice and
/// `pdftotext -layout`: a page's number, bare as Word's default prints it
/// (`4`) or between dashes with spaces (`—  4  —`, as official documents
/// print it), falls between table 三's rows. It is no figure of the table:
/// table 三 was read line by line, 126 of its cells missing.
#[test]
fn page_numbers_between_a_tables_rows_in_layout_text() {
    for name in [
        "pingtan-2022.page-numbers.lo.layout.txt",
        "pingtan-2022.page-numbers-dashed.lo.layout.txt",
        // No form feeds (`pdftotext -nopgbrk`): numbers in their own shape
        // that count on one after another.
        "pingtan-2022.page-numbers-dashed.lo.nopgbrk.layout.txt",
    ] {
        let parsed = made_text(name);
        crate::fixtures::assert_parsed_as_printed("pingtan-2022", name, &parsed);
        let rules: Vec<&str> = parsed.findings().iter().map(|f| f.rule().id).collect();
        assert!(!rules.contains(&"parse.stray_line") && !rules.contains(&"parse.unplaced"), "{}", parsed.findings());
    }
    // Bare numbers that do not count on with the pages are no page's
    // numbers: quoted, never dropped.
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/made/pingtan-2022.page-numbers.lo.layout.txt"),
    )
    .unwrap();
    let text: String = text
        .split_inclusive('\n')
        .map(|line| if line.trim() == "4" { line.replace('4', "9") } else { line.to_owned() })
        .collect();
    let parsed =
        disclosure_report::read::read_report(&text, disclosure_report::read::SourceFormat::Text, &Default::default())
            .unwrap();
    assert!(parsed.findings().iter().any(|f| f.quoted().iter().any(|q| q == "9")), "{}", parsed.findings());
}
