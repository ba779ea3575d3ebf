//! The grid with places: every cell read from a real report's page, Word
//! file or PDF is located where it was printed, checked against the
//! document with a reader of our own (scraper for pages, quick-xml for
//! Word, pdf_oxide's glyphs for PDF), and error findings name those
//! places; tables whose columns or blocks are printed in another order,
//! or with a column missing or added, are read by their headers, never
//! with a figure in a wrong cell.
// Helpers serve the tests of every reader: without some readers (no
// default features), some are unused.
#![cfg_attr(not(all(feature = "html", feature = "docx", feature = "pdf")), allow(dead_code, unused_imports))]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use disclosure_report::Place;
use disclosure_report::layout::{CellRef, Section};
use disclosure_report::read::{Options, Parsed, SourceFormat, read_bytes};
use disclosure_report::{Severity, rules};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fixtures")
}

fn read(bytes: &[u8], format: SourceFormat) -> Parsed {
    read_bytes(bytes, format, &Options::default()).unwrap()
}

use super::fixtures::{expected, key};

#[path = "../support/columns.rs"]
mod columns;
use columns::{Move, litigation_first, natural_persons_last, rewritten, squeezed, table_with};

/// Every cell read holds what the fixture prints, and none holds another
/// figure; returns how many of the fixture's cells were read.
fn no_wrong_figure(parsed: &Parsed, stem: &str) -> usize {
    let want = expected(stem);
    let mut right = 0;
    for (cell, printed) in parsed.published().cells() {
        let Some(printed) = printed else { continue };
        match want.get(&key(cell)) {
            Some(text) if text == printed.text() => right += 1,
            other => {
                panic!("{cell}: read {:?}, the report prints {other:?}\n{}", printed.text(), parsed.findings())
            }
        }
    }
    right
}

// ---------------------------------------------------------------------------
// Readers of our own, for each form
// ---------------------------------------------------------------------------

/// A page's cells by (table, row, column), all from 1: tables in document
/// order (nested ones counted), merged cells resolved as HTML does.
fn page_cells(page: &str) -> BTreeMap<(u32, u32, u32), String> {
    let doc = scraper::Html::parse_document(page);
    let tables = scraper::Selector::parse("table").unwrap();
    let rows = scraper::Selector::parse("tr").unwrap();
    let mut out = BTreeMap::new();
    for (t, table) in doc.select(&tables).enumerate() {
        // The table's own rows, not those of a table inside it.
        let own = |e: &scraper::ElementRef<'_>| {
            e.ancestors().filter_map(scraper::ElementRef::wrap).find(|a| a.value().name() == "table") == Some(table)
        };
        let mut taken: Vec<Vec<bool>> = Vec::new();
        for (r, tr) in table.select(&rows).filter(own).enumerate() {
            let mut c = 0;
            for cell in tr.children().filter_map(scraper::ElementRef::wrap) {
                if !matches!(cell.value().name(), "td" | "th") {
                    continue;
                }
                let span = |name: &str| {
                    cell.value().attr(name).and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(1).max(1)
                };
                while taken.get(r).and_then(|row| row.get(c)).copied().unwrap_or(false) {
                    c += 1;
                }
                let text: String = cell.text().collect();
                out.insert((t as u32 + 1, r as u32 + 1, c as u32 + 1), squeezed(&text));
                for rr in r..r + span("rowspan").min(1000) {
                    for cc in c..c + span("colspan").min(1000) {
                        if taken.len() <= rr {
                            taken.resize(rr + 1, Vec::new());
                        }
                        if taken[rr].len() <= cc {
                            taken[rr].resize(cc + 1, false);
                        }
                        taken[rr][cc] = true;
                    }
                }
                c += span("colspan");
            }
        }
    }
    out
}

/// A Word file's cells by (table, row, column), all from 1: tables in
/// document order (nested ones counted), columns after `w:gridBefore` and
/// `w:gridSpan`.
fn word_cells(docx: &[u8]) -> BTreeMap<(u32, u32, u32), String> {
    use quick_xml::events::Event;
    use std::io::Read as _;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    archive.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = BTreeMap::new();
    let mut started = 0u32;
    // Per open table: its number, its rows so far, the next column.
    let mut open: Vec<(u32, u32, u32)> = Vec::new();
    let mut cell: Option<(String, u32)> = None; // text, span
    let mut depth_of_cell = 0usize;
    let mut in_text = false;
    let val = |e: &quick_xml::events::BytesStart<'_>| {
        e.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == b"val")
            .and_then(|a| std::str::from_utf8(&a.value).ok()?.parse::<u32>().ok())
            .unwrap_or(1)
    };
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"tbl" => {
                started += 1;
                open.push((started, 0, 0));
            }
            Event::End(e) if e.local_name().as_ref() == b"tbl" => {
                open.pop();
            }
            Event::Start(e) if e.local_name().as_ref() == b"tr" => {
                if let Some(t) = open.last_mut() {
                    t.1 += 1;
                    t.2 = 0;
                }
            }
            Event::Empty(e) if e.local_name().as_ref() == b"gridBefore" && cell.is_none() => {
                if let Some(t) = open.last_mut() {
                    t.2 += val(&e);
                }
            }
            Event::Start(e) if e.local_name().as_ref() == b"tc" && cell.is_none() => {
                cell = Some((String::new(), 1));
                depth_of_cell = open.len();
            }
            Event::Empty(e) if e.local_name().as_ref() == b"gridSpan" => {
                if let Some(c) = cell.as_mut().filter(|_| open.len() == depth_of_cell) {
                    c.1 = val(&e);
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"tc" && open.len() == depth_of_cell => {
                if let (Some((text, span)), Some(t)) = (cell.take(), open.last_mut()) {
                    out.insert((t.0, t.1, t.2 + 1), squeezed(&text));
                    t.2 += span;
                }
            }
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_text = true,
            Event::End(e) if e.local_name().as_ref() == b"t" => in_text = false,
            Event::Text(t) if in_text => {
                if let Some(c) = cell.as_mut() {
                    c.0.push_str(&t.decode().unwrap());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let (Some(c), Ok(Some(ch))) = (cell.as_mut(), r.resolve_char_ref()) {
                    c.0.push(ch);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The glyphs of a PDF page whose centres lie in a box (points from the
/// page's top-left), read with pdf_oxide, top to bottom and left to right.
#[cfg(feature = "pdf")]
fn glyphs_in(doc: &pdf_oxide::PdfDocument, page: u32, bbox: [f32; 4]) -> String {
    let i = page as usize - 1;
    let (_, y0, _, y1) = doc.get_page_media_box(i).unwrap();
    let top = y0.max(y1);
    let [x0, t, x1, b] = bbox;
    let mut inside: Vec<(f32, f32, char)> = Vec::new();
    for span in doc.extract_spans(i).unwrap() {
        for ch in span.to_chars() {
            let (cx, cy) = (ch.bbox.x + ch.bbox.width / 2.0, top - (ch.bbox.y + ch.bbox.height / 2.0));
            if (x0..=x1).contains(&cx) && (t..=b).contains(&cy) && !ch.char.is_whitespace() {
                inside.push(((cy / 4.0).round(), cx, ch.char));
            }
        }
    }
    inside.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    inside.into_iter().map(|g| g.2).collect()
}

// ---------------------------------------------------------------------------
// Every cell read is where its place says
// ---------------------------------------------------------------------------

/// Each cell read, with its place, and the error findings' cells: each
/// printed cell an error names carries its cell's place.
fn placed_cells(parsed: &Parsed) -> Vec<(CellRef, String, Place)> {
    let mut out = Vec::new();
    for (cell, printed) in parsed.published().cells() {
        let Some(printed) = printed else { continue };
        let place = parsed.place_of(cell).unwrap_or_else(|| panic!("{cell} has no place"));
        out.push((cell, printed.text().to_owned(), place));
    }
    assert!(out.len() > 100, "{} cells", out.len());
    out
}

/// Makes table 三's balance fail (a figure changed after reading) and
/// checks that every printed cell of every error finding is located at
/// its own cell's place.
#[cfg(any(feature = "html", feature = "docx", feature = "pdf"))]
fn errors_point_at_their_cells(parsed: &mut Parsed) {
    use disclosure_report::layout::{columns, rows};
    let (row, column) = (&rows::NEW_REQUESTS, &columns::NATURAL_PERSON);
    let cell = parsed.published().layout().cell(Section::Requests, row, column).unwrap();
    let printed: u64 = parsed.published().get(cell).unwrap().text().parse().unwrap();
    parsed.published_mut().set_text(Section::Requests, row, column, &(printed + 1).to_string()).unwrap();
    let findings = parsed.findings();
    let errors: Vec<_> = findings.errors().collect();
    assert!(errors.iter().any(|f| f.rule() == &rules::T3_BALANCE), "{findings}");
    for f in errors {
        assert!(f.place().is_some(), "{f}");
        for c in f.cells().iter().filter(|c| c.text().is_some()) {
            assert_eq!(c.place(), parsed.place_of(c.cell()), "{f}");
            assert!(c.place().is_some(), "{f}: {:?}", c);
        }
    }
}

/// Every cell read holds, at its (table, row, column), what the
/// document's own reading puts there; the tables they were found in.
fn at_their_table_cells(parsed: &Parsed, cells: &BTreeMap<(u32, u32, u32), String>, what: &str) -> Vec<u32> {
    let mut tables = Vec::new();
    for (cell, printed, place) in placed_cells(parsed) {
        let Place::TableCell { table, row, column: Some(column) } = place else { panic!("{cell}: {place:?}") };
        assert_eq!(cells.get(&(table, row, column)), Some(&squeezed(&printed)), "{what} {cell} at {place}");
        tables.push(table);
    }
    tables
}

#[cfg(feature = "html")]
#[test]
fn every_cell_of_a_page_is_at_its_table_row_and_column() {
    for stem in ["pingtan-2019", "pingtan-2022"] {
        let page = std::fs::read(data().join(format!("html/{stem}.html"))).unwrap();
        let mut parsed = read(&page, SourceFormat::Html);
        let text = disclosure_report::read::html::decode(&page).unwrap();
        at_their_table_cells(&parsed, &page_cells(&text), stem);
        errors_point_at_their_cells(&mut parsed);
    }
}

#[cfg(feature = "html")]
#[test]
fn tables_inside_a_layout_table_are_counted() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pages/pingtan-2019.nested.html");
    let page = std::fs::read(&path).unwrap();
    let parsed = read(&page, SourceFormat::Html);
    let cells = page_cells(&disclosure_report::read::html::decode(&page).unwrap());
    let tables = at_their_table_cells(&parsed, &cells, "nested");
    assert!(tables.iter().all(|&t| t > 1), "the layout table is the page's first: {tables:?}");
}

#[cfg(feature = "docx")]
#[test]
fn every_cell_of_a_word_file_is_at_its_table_row_and_column() {
    for stem in ["pingtan-2019", "pingtan-2022"] {
        let docx = std::fs::read(data().join(format!("docx/{stem}.docx"))).unwrap();
        let mut parsed = read(&docx, SourceFormat::Docx);
        at_their_table_cells(&parsed, &word_cells(&docx), stem);
        errors_point_at_their_cells(&mut parsed);
    }
}

#[cfg(feature = "pdf")]
#[test]
fn every_cell_of_a_pdf_holds_its_glyphs() {
    let made = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/made");
    let files = [
        data().join("pdf/pingtan-2019.lo.pdf"),
        data().join("pdf/pingtan-2019.chrome.pdf"),
        data().join("pdf/pingtan-2022.lo.pdf"),
        data().join("pdf/pingtan-2022.chrome.pdf"),
        // No rule drawn: cells cut from lines laid out by their columns.
        made.join("pingtan-2022.borderless.chrome.pdf"),
    ];
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let mut parsed = read(&bytes, SourceFormat::Pdf);
        let doc = pdf_oxide::PdfDocument::from_bytes(bytes.clone()).unwrap();
        for (cell, printed, place) in placed_cells(&parsed) {
            let Place::Page { page, bbox } = place else { panic!("{cell}: {place:?}") };
            let glyphs = glyphs_in(&doc, page, bbox.to_array());
            assert_eq!(glyphs, squeezed(&printed), "{} {cell} at page {page} {:?}", path.display(), bbox);
        }
        errors_point_at_their_cells(&mut parsed);
    }
}

#[test]
fn every_cell_of_a_text_is_on_its_line() {
    let text = include_str!("../data/miaotai_2020.txt");
    let parsed = disclosure_report::read::parse(text).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut seen = 0;
    for (cell, printed) in parsed.published().cells() {
        let Some(printed) = printed else { continue };
        let Some(Place::Line { line }) = parsed.place_of(cell) else { panic!("{cell}") };
        assert!(lines[line as usize - 1].contains(printed.text()), "{cell}: line {line}");
        seen += 1;
    }
    assert!(seen > 100);
    // A reader's finding names its line in both languages.
    let unplaced = parsed.reader_findings().of_rule(&rules::PARSE_REFLOWED).next().unwrap();
    let Some(Place::Line { line }) = unplaced.place() else { panic!("{unplaced}") };
    assert!(unplaced.message_zh().contains(&format!("印在第{line}行")), "{unplaced}");
    assert!(unplaced.message_en().contains(&format!("printed on line {line};")), "{unplaced}");
}

#[cfg(all(feature = "html", feature = "json"))]
#[test]
fn findings_in_json_say_where_as_at_objects() {
    let page = std::fs::read(data().join("html/pingtan-2022.html")).unwrap();
    let mut parsed = read(&page, SourceFormat::Html);
    errors_point_at_their_cells(&mut parsed);
    let findings = parsed.findings();
    let json = serde_json::to_value(&findings).unwrap();
    let balance = json.as_array().unwrap().iter().find(|f| f["rule"] == "T3.balance").unwrap();
    let at = &balance["cells"][0]["at"];
    assert!(at["table"].is_u64() && at["row"].is_u64() && at["column"].is_u64(), "{balance}");
    // A rule's finding is located by its cells; a reader's by its own row.
    assert!(balance.get("at").is_none(), "{balance}");
    let variant = json.as_array().unwrap().iter().find(|f| f["rule"] == "label.variant").unwrap();
    assert!(variant["at"]["line"].is_u64(), "{variant}");
    // And read back as they were written.
    let back: disclosure_report::Findings = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), json);
    assert_eq!(
        back.iter().map(|f| f.place()).collect::<Vec<_>>(),
        findings.iter().map(|f| f.place()).collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------
// Columns by their headers
// ---------------------------------------------------------------------------

/// The fixture pages, their grids.
#[cfg(feature = "html")]
fn fixture_grids() -> Vec<(&'static str, disclosure_report::read::grid::Grid)> {
    ["pingtan-2019", "pingtan-2022"]
        .into_iter()
        .map(|stem| {
            let page = std::fs::read(data().join(format!("html/{stem}.html"))).unwrap();
            let text = disclosure_report::read::html::decode(&page).unwrap();
            (stem, disclosure_report::read::html::page_grid(&text).unwrap())
        })
        .collect()
}

/// The page read back cell-exactly, with no error, and with `notices`
/// notices that columns were printed in another order.
fn reads_exactly_in_another_order(parsed: &Parsed, stem: &str, notices: usize) {
    let right = no_wrong_figure(parsed, stem);
    assert_eq!(right, expected(stem).len(), "{stem}: every cell\n{}", parsed.findings());
    let findings = parsed.findings();
    assert!(findings.errors().next().is_none(), "{stem}:\n{findings}");
    assert_eq!(findings.of_rule(&rules::PARSE_COLUMN_ORDER).count(), notices, "{stem}:\n{findings}");
}

#[cfg(feature = "html")]
#[test]
fn table_3_with_natural_persons_after_the_organisations_is_read_by_its_header() {
    for (stem, grid) in fixture_grids() {
        let (table, moved) = natural_persons_last(&grid);
        let page = rewritten(&grid, &[(table, &moved)], None);
        let parsed = read(page.as_bytes(), SourceFormat::Html);
        reads_exactly_in_another_order(&parsed, stem, 1);
        let note = parsed.reader_findings().of_rule(&rules::PARSE_COLUMN_ORDER).next().unwrap();
        assert!(note.message_zh().contains("表三"), "{note}");
    }
}

#[cfg(feature = "html")]
#[test]
fn table_4_with_litigation_before_reconsideration_is_read_by_its_header() {
    for (stem, grid) in fixture_grids() {
        let (table, moved) = litigation_first(&grid);
        let page = rewritten(&grid, &[(table, &moved)], None);
        let parsed = read(page.as_bytes(), SourceFormat::Html);
        reads_exactly_in_another_order(&parsed, stem, 1);
    }
}

#[cfg(feature = "html")]
#[test]
fn a_page_rewritten_in_order_reads_as_the_fixture() {
    // The rewriting itself changes nothing: no notice of another order.
    for (stem, grid) in fixture_grids() {
        let page = rewritten(&grid, &[], None);
        let parsed = read(page.as_bytes(), SourceFormat::Html);
        assert_eq!(no_wrong_figure(&parsed, stem), expected(stem).len());
        assert_eq!(parsed.reader_findings().of_rule(&rules::PARSE_COLUMN_ORDER).count(), 0);
    }
}

#[cfg(feature = "html")]
#[test]
fn a_missing_or_added_column_puts_no_figure_in_a_wrong_cell() {
    for (stem, grid) in fixture_grids() {
        let (table, legal, _) = table_with(&grid, "法律服务机构");
        let dropped = |c: u32| {
            if c == legal {
                None
            } else if c > legal {
                Some(c - 1)
            } else {
                Some(c)
            }
        };
        let page = rewritten(&grid, &[(table, &dropped)], None);
        let parsed = read(page.as_bytes(), SourceFormat::Html);
        no_wrong_figure(&parsed, stem);
        let findings = parsed.findings();
        assert!(findings.of_rule(&rules::PARSE_UNPLACED).count() > 0, "{stem}:\n{findings}");
        // The figures of table 三's rows are quoted, not lost.
        assert!(findings.iter().any(|f| !f.quoted().is_empty()), "{stem}");

        let page = rewritten(&grid, &[], Some((table, "备注", "5")));
        let parsed = read(page.as_bytes(), SourceFormat::Html);
        no_wrong_figure(&parsed, stem);
        let findings = parsed.findings();
        assert!(
            findings.iter().any(|f| f.quoted().iter().any(|q| q == "5")),
            "{stem}: the added figures quoted\n{findings}"
        );
    }
}

#[cfg(feature = "html")]
#[test]
fn a_header_that_cannot_be_matched_is_not_read_by_position() {
    for (stem, grid) in fixture_grids() {
        // 自然人 after the organisations, and 法律服务机构 left out: the
        // header names six columns out of order.
        let (table, person, _) = table_with(&grid, "自然人");
        let (_, legal, _) = table_with(&grid, "法律服务机构");
        let (_, _, to) = table_with(&grid, "法人或其他组织");
        let moved = |c: u32| match c {
            c if c == legal => None,
            c if c == person => Some(to),
            c if c > person && c < legal => Some(c - 1),
            c if c > legal && c <= to => Some(c - 2),
            c => Some(c),
        };
        let page = rewritten(&grid, &[(table, &moved)], None);
        let parsed = read(page.as_bytes(), SourceFormat::Html);
        no_wrong_figure(&parsed, stem);
        let findings = parsed.findings();
        let warning = findings.of_rule(&rules::PARSE_HEADER_UNMATCHED).next().unwrap_or_else(|| panic!("{findings}"));
        assert_eq!(warning.severity(), Severity::Warning);
        assert!(matches!(warning.place(), Some(Place::TableCell { .. })), "{warning}");
    }
}

/// The same tables as Word files: the grid written as `document.xml`,
/// spans as `w:gridSpan` and `w:vMerge`.
#[cfg(all(feature = "html", feature = "docx"))]
fn word_of(grid: &disclosure_report::read::grid::Grid, target: u32, moved: Move<'_>) -> Vec<u8> {
    use disclosure_report::read::grid::Item;
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let run = |s: &str| format!("<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", esc(s));
    let mut body = String::new();
    for item in grid.items() {
        match item {
            Item::Text(t) => body.push_str(&run(t.text())),
            Item::Table(table) => {
                body.push_str("<w:tbl>");
                for row in table.rows() {
                    let mut cells: Vec<(u32, String)> = Vec::new();
                    for cell in row.cells() {
                        let span = cell.column()..cell.column() + cell.col_span();
                        let columns: Vec<u32> =
                            span.filter_map(|c| if table.number() == target { moved(c) } else { Some(c) }).collect();
                        let Some(&start) = columns.iter().min() else { continue };
                        let merge = if cell.is_covered() {
                            "<w:vMerge/>"
                        } else if cell.row_span() > 1 {
                            "<w:vMerge w:val=\"restart\"/>"
                        } else {
                            ""
                        };
                        let text = if cell.is_covered() { "<w:p/>".to_owned() } else { run(cell.text()) };
                        cells.push((
                            start,
                            format!(
                                "<w:tc><w:tcPr><w:gridSpan w:val=\"{}\"/>{merge}</w:tcPr>{text}</w:tc>",
                                columns.len()
                            ),
                        ));
                    }
                    cells.sort();
                    body.push_str("<w:tr>");
                    cells.into_iter().for_each(|(_, c)| body.push_str(&c));
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
            _ => {}
        }
    }
    super::hostile::docx_of(&body)
}

#[cfg(all(feature = "html", feature = "docx"))]
#[test]
fn word_files_with_columns_in_another_order_are_read_by_their_headers() {
    for (stem, grid) in fixture_grids() {
        let in_order = word_of(&grid, 0, &|c| Some(c));
        let parsed = read(&in_order, SourceFormat::Docx);
        assert_eq!(no_wrong_figure(&parsed, stem), expected(stem).len(), "{}", parsed.findings());

        let (table, moved) = litigation_first(&grid);
        let parsed = read(&word_of(&grid, table, &moved), SourceFormat::Docx);
        reads_exactly_in_another_order(&parsed, stem, 1);

        let (table, moved) = natural_persons_last(&grid);
        let parsed = read(&word_of(&grid, table, &moved), SourceFormat::Docx);
        reads_exactly_in_another_order(&parsed, stem, 1);
    }
}

/// Real PDFs printed by Chromium from the fixture pages with table 三's
/// 自然人 after the organisations and table 四's blocks swapped
/// (`tests/data/made`, `examples/moved_columns.rs`): read cell-exactly by
/// their drawn headers, and every cell at its glyphs.
#[cfg(feature = "pdf")]
#[test]
fn pdfs_with_columns_in_another_order_are_read_by_their_headers() {
    let made = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/made");
    for stem in ["pingtan-2019", "pingtan-2022"] {
        let bytes = std::fs::read(made.join(format!("{stem}.moved-columns.chrome.pdf"))).unwrap();
        let parsed = read(&bytes, SourceFormat::Pdf);
        reads_exactly_in_another_order(&parsed, stem, 2);
        let doc = pdf_oxide::PdfDocument::from_bytes(bytes).unwrap();
        for (cell, printed, place) in placed_cells(&parsed) {
            let Place::Page { page, bbox } = place else { panic!("{cell}: {place:?}") };
            assert_eq!(glyphs_in(&doc, page, bbox.to_array()), squeezed(&printed), "{stem} {cell}");
        }
    }
}

#[cfg(feature = "html")]
#[test]
fn a_line_of_text_above_a_drawn_header_does_not_hide_its_order() {
    for (stem, grid) in fixture_grids() {
        let (table, moved) = natural_persons_last(&grid);
        let page = rewritten(&grid, &[(table, &moved)], None);
        // A unit printed between the heading and the table.
        let heading = "三、收到和处理政府信息公开申请情况</p>";
        assert!(page.contains(heading), "{stem}");
        let page = page.replacen(heading, &format!("{heading}<p>（单位：件） 自然人 总计</p>"), 1);
        let parsed = read(page.as_bytes(), SourceFormat::Html);
        reads_exactly_in_another_order(&parsed, stem, 1);
    }
}

#[cfg(feature = "html")]
#[test]
fn a_column_under_a_label_not_known_is_not_read_by_position() {
    for (stem, grid) in fixture_grids() {
        // 法律服务机构 relabelled: as many columns as figures, one unnamed.
        let page = rewritten(&grid, &[], None).replacen(">法律服务机构</td>", ">备注</td>", 1);
        assert!(page.contains(">备注</td>"), "{stem}");
        let parsed = read(page.as_bytes(), SourceFormat::Html);
        no_wrong_figure(&parsed, stem);
        let findings = parsed.findings();
        assert_eq!(findings.of_rule(&rules::PARSE_HEADER_UNMATCHED).count(), 1, "{stem}:\n{findings}");
    }
}

#[cfg(feature = "docx")]
#[test]
fn a_word_table_of_merged_cells_is_read_in_linear_time() {
    // 300 rows of 300 cells each continuing a merge no cell started: each
    // was once looked for over every row above.
    let row = format!("<w:tr>{}</w:tr>", "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>".repeat(300));
    let body = format!(
        "<w:p><w:r><w:t>四、政府信息公开行政复议、行政诉讼情况</w:t></w:r></w:p><w:tbl>{}</w:tbl>",
        row.repeat(300)
    );
    let grid = disclosure_report::read::docx::document_grid(&super::hostile::docx_of(&body)).unwrap();
    assert_eq!(grid.tables().next().unwrap().rows().len(), 300);
}
