//! Text laid out as `pdftotext -layout` prints a PDF's table 三: labels
//! wrapped around their figures, figures under their columns, blanks as
//! gaps, a page break that moves the columns. Every cell read is the one
//! printed, and where every row prints, every cell is read.
#![cfg(feature = "proptest")]

use disclosure_report::layout::{RowKind, Section};
use disclosure_report::read::{Options, parse_with};
use disclosure_report::render;
use disclosure_report::strategy::any_valid_report;
use disclosure_report::{Cell, Prose, Published};
use proptest::prelude::*;

use crate::common;

/// Short figures and markers, as a PDF's cells print them.
const TEXTS: &[&str] = &["", "/", "-", "—", "-3", "+5", "1,234", "３", "0", "7", "12.5"];

/// How table 三 is laid out.
#[derive(Clone, Debug)]
struct Shape {
    /// Label characters per line.
    wrap: usize,
    /// The row before which a page breaks, and how far the columns move.
    page_break: usize,
    shift: usize,
}

/// Table 三 of `p` laid out as `shape` says.
fn layout_requests(p: &Published, shape: &Shape) -> String {
    let layout = p.layout();
    let block = &layout.blocks(Section::Requests)[0];
    let mut out =
        String::from("申请人情况\n自然人    商业企业    科研机构    社会公益组织    法律服务机构    其他    总计\n\n");
    let label_width = shape.wrap + 4;
    let cell_width = p
        .layout()
        .section_cells(Section::Requests)
        .filter_map(|c| p.get(c))
        .map(|c| c.text().chars().count() + 2)
        .max()
        .unwrap_or(0)
        .max(10);
    let mut shift = 0;
    let mut first_of_group = false;
    for (k, row) in block.rows.iter().enumerate() {
        let cells: Vec<&str> = block
            .columns
            .iter()
            .map(|c| layout.cell(Section::Requests, row, c).and_then(|c| p.get(c)).map_or("", Cell::text))
            .collect();
        let mut label = row.label.to_owned();
        if block.is_group(row) {
            first_of_group = true;
            if cells.iter().all(|c| c.is_empty()) {
                continue;
            }
        } else if std::mem::take(&mut first_of_group)
            && let Some(parent) = row.parent
        {
            label = format!("{}{label}", parent.label);
        }
        if k == shape.page_break {
            out.push('\u{c}');
            shift = shape.shift;
        }
        let chars: Vec<char> = label.chars().collect();
        let chunks: Vec<String> = chars.chunks(shape.wrap).map(|c| c.iter().collect()).collect();
        let middle = chunks.len() / 2;
        for (i, chunk) in chunks.iter().enumerate() {
            out.push_str(chunk);
            if i == middle {
                let pad = label_width + shift - chunk.chars().count();
                out.push_str(&" ".repeat(pad));
                for text in &cells {
                    // Centred in its column.
                    let n = text.chars().count();
                    let left = (cell_width - n) / 2;
                    out.push_str(&format!("{}{text}{}", " ".repeat(left), " ".repeat(cell_width - n - left)));
                }
            }
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// The report as text, with table 三 laid out.
fn layout_text(p: &Published, shape: &Shape) -> String {
    let text = render::text(p);
    let start = text.find("三、收到和处理政府信息公开申请情况").unwrap();
    let start = start + text[start..].find('\n').unwrap() + 1;
    let end = text.find("四、政府信息公开行政复议、行政诉讼情况").unwrap();
    format!("{}{}{}", &text[..start], layout_requests(p, shape), &text[end..])
}

fn shape() -> impl Strategy<Value = Shape> {
    (5usize..16, 3usize..30, 0usize..4).prop_map(|(wrap, page_break, shift)| Shape { wrap, page_break, shift })
}

/// A report whose table 三 has some cells changed to `TEXTS`, blanks
/// included — never a whole row, nor in the first row of a page.
fn published(blanks: bool) -> impl Strategy<Value = (Published, Shape)> {
    (
        any_valid_report(),
        prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(TEXTS)), 0..10),
        shape(),
    )
        .prop_map(move |(report, edits, shape)| {
            let report = report.into_builder().prose(Prose::default()).build().unwrap();
            let mut p = report.to_published();
            let layout = p.layout();
            let block = &layout.blocks(Section::Requests)[0];
            let cells: Vec<_> =
                layout.section_cells(Section::Requests).filter(|c| c.info().row_kind != RowKind::Group).collect();
            for (pick, text) in edits {
                let cell = cells[pick.index(cells.len())];
                let row = block.rows.iter().position(|r| std::ptr::eq(*r, cell.row())).unwrap();
                if text.is_empty() && (!blanks || row == 0 || row == shape.page_break || row == shape.page_break + 1) {
                    continue;
                }
                let before = p.get(cell).cloned();
                p.set(cell, Cell::printed(cell.info().kind(), text)).unwrap();
                let row_blank = block.columns.iter().all(|c| {
                    layout
                        .cell(Section::Requests, cell.row(), c)
                        .and_then(|c| p.get(c))
                        .is_none_or(|c| c.text().is_empty())
                });
                if row_blank {
                    p.set(cell, before.unwrap()).unwrap();
                }
            }
            (p, shape)
        })
}

fn reread(p: &Published, text: &str) -> disclosure_report::read::Parsed {
    parse_with(text, &Options::default().with_kind(p.meta().kind())).unwrap()
}

/// A real report's layout text, for text to be put in its tables.
const REAL: &str = include_str!("../data/fixtures/layout/pingtan-2022.chrome.layout.txt");

proptest! {
    #![proptest_config(common::cases(128))]

    /// Any text in place of a real report's tables, or lines of it changed:
    /// the reader returns, never panics.
    #[test]
    fn arbitrary_tables_never_panic(
        tables in "[ \\n\\f0-9一二三四（）、.元万\\PC]{0,600}",
        cut in any::<prop::sample::Index>(),
        junk in "[ 0-9\\PC]{0,40}",
    ) {
        let start = REAL.find("二、主动公开政府信息情况").unwrap();
        let end = REAL.find("五、存在的主要问题").unwrap();
        let text = format!("{}二、主动公开政府信息情况\n{tables}\n{}", &REAL[..start], &REAL[end..]);
        let _ = parse_with(&text, &Options::default());
        // The real tables with junk put in at any place.
        let mut at = cut.index(REAL.len());
        while !REAL.is_char_boundary(at) {
            at -= 1;
        }
        let _ = parse_with(&format!("{}{junk}{}", &REAL[..at], &REAL[at..]), &Options::default());
    }

    /// Every row printed in full: every cell read as printed, no finding
    /// of the reader.
    #[test]
    fn full_rows_read_back((p, shape) in published(false)) {
        let text = layout_text(&p, &shape);
        let parsed = reread(&p, &text);
        prop_assert!(parsed.reader_findings().is_empty(), "{}\n{text}", parsed.reader_findings());
        prop_assert_eq!(parsed.published(), &p, "{}", text);
    }

    /// With blanks: what is read is what was printed, and every figure is
    /// read or quoted.
    #[test]
    fn blanks_are_read_by_their_columns((p, shape) in published(true)) {
        let text = layout_text(&p, &shape);
        let parsed = reread(&p, &text);
        for cell in p.layout().section_cells(Section::Requests) {
            if let Some(got) = parsed.published().get(cell) {
                prop_assert_eq!(Some(got), p.get(cell), "{}: {}\n{}", cell, parsed.reader_findings(), text);
            }
        }
        prop_assert!(parsed.reader_findings().is_empty(), "{}\n{text}", parsed.reader_findings());
        prop_assert_eq!(parsed.published(), &p, "{}", text);
    }
}
