//! Reading published text and writing the official layouts.
#![cfg(feature = "proptest")]

use disclosure_report::layout::{Layout, RowKind, Section};
use disclosure_report::read::{Options, parse, parse_with};
use disclosure_report::render::{self, HtmlOptions};
use disclosure_report::strategy::any_valid_report;
use disclosure_report::{AnnualReport, Cell, Prose, Published};
use proptest::prelude::*;

use crate::common;

const SEED: &str = include_str!("../data/miaotai_2020.txt");

/// Prose that the text layout carries unchanged: no tabs, no numbered
/// headings, no edge spaces; several lines.
fn safe_prose() -> impl Strategy<Value = Prose> {
    let paragraph = "[\\p{Han}a-z，。；（）]{1,30}";
    let text = prop::collection::vec(paragraph, 0..4).prop_map(|lines| lines.join("\n"));
    (text.clone(), text.clone(), text, prop::option::of(disclosure_report::strategy::money()))
        .prop_map(|(overview, problems, other, processing_fee)| Prose { overview, problems, other, processing_fee })
}

fn report_with_safe_prose() -> impl Strategy<Value = AnnualReport> {
    (any_valid_report(), safe_prose()).prop_map(|(r, prose)| r.into_builder().prose(prose).build().unwrap())
}

const TEXTS: &[&str] =
    &["", "/", "-", "—", "_", "abc", "-3", "+5", "1,234", "３", "99999999999999999999999", "0", "7", "12.5万元"];

/// A published report with cells changed to errors, blanks and markers,
/// and some group rows printing subtotals.
fn published_with_errors() -> impl Strategy<Value = Published> {
    (
        report_with_safe_prose(),
        prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(TEXTS)), 0..12),
        prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(TEXTS)), 0..2),
    )
        .prop_map(|(report, edits, subtotals)| {
            let mut p = report.to_published();
            let layout = p.layout();
            let required: Vec<_> = layout.cells().filter(|c| c.info().is_required()).collect();
            for (pick, text) in edits {
                let cell = required[pick.index(required.len())];
                p.set(cell, Cell::printed(cell.info().kind(), text)).unwrap();
            }
            // A printed subtotal fills its whole group row.
            let groups: Vec<_> = layout.cells().filter(|c| c.info().row_kind == RowKind::Group).collect();
            for (pick, text) in subtotals {
                let row = groups[pick.index(groups.len())].row();
                for cell in layout.section_cells(Section::Requests).filter(|c| std::ptr::eq(c.row(), row)) {
                    p.set(cell, Cell::printed(cell.info().kind(), text)).unwrap();
                }
            }
            p
        })
}

/// `p` written as a page by `render::html` and read back.
#[cfg(feature = "html")]
fn reread_html(p: &Published) -> Published {
    let html = render::html(p, &HtmlOptions::page());
    let options = Options::default().with_kind(p.meta().kind());
    let parsed =
        disclosure_report::read::read_report(&html, disclosure_report::read::SourceFormat::Html, &options).unwrap();
    assert!(parsed.reader_findings().is_empty(), "{}\n{html}", parsed.reader_findings());
    parsed.into_published()
}

/// `p` written as a Word file by `render::docx` and read back.
#[cfg(feature = "docx")]
fn reread_docx(p: &Published) -> Published {
    let word = render::docx(p).unwrap();
    let options = Options::default().with_kind(p.meta().kind());
    let parsed =
        disclosure_report::read::read_bytes(&word, disclosure_report::read::SourceFormat::Docx, &options).unwrap();
    assert!(parsed.reader_findings().is_empty(), "{}", parsed.reader_findings());
    parsed.into_published()
}

fn reread(p: &Published) -> Published {
    let text = render::text(p);
    let parsed = parse_with(&text, &Options::default().with_kind(p.meta().kind())).unwrap();
    assert!(parsed.reader_findings().is_empty(), "{}\n{text}", parsed.reader_findings());
    parsed.into_published()
}

proptest! {
    #![proptest_config(common::cases(96))]

    #[test]
    fn text_round_trips_valid_reports(report in report_with_safe_prose()) {
        let p = report.to_published();
        prop_assert_eq!(reread(&p), p);
    }

    /// Every cell read from text is located on the line of the text that
    /// prints it, and every cell read has a place.
    #[test]
    fn cells_read_from_text_are_on_their_lines(p in published_with_errors()) {
        let text = render::text(&p);
        let parsed = parse(&text).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (cell, printed) in parsed.published().cells() {
            let Some(printed) = printed else { continue };
            let place = parsed.place_of(cell);
            let Some(disclosure_report::Place::Line { line }) = place else {
                return Err(TestCaseError::fail(format!("{cell} at {place:?}")));
            };
            let on_line = lines.get(line as usize - 1).is_some_and(|l| l.split('\t').any(|c| c.trim() == printed.text()));
            prop_assert!(on_line, "{} = {:?} is not on line {}", cell, printed.text(), line);
        }
    }

    #[cfg(feature = "html")]
    #[test]
    fn pages_of_arbitrary_bytes_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..2000),
        markup in prop::collection::vec(
            prop::sample::select(vec![
                "<table>", "</table>", "<tr>", "<td rowspan=3>", "<td colspan=0>", "<th colspan=2000>", "</td>",
                "<p>", "<br>", "一、总体情况", "三、收到和处理政府信息公开申请情况", "自然人", "12", "<meta charset=gbk>",
                "某局2022年政府信息公开工作年度报告", "<script>", "&nbsp;", "<table><tr><td><table>",
            ]),
            0..60,
        ),
    ) {
        let _ = disclosure_report::read::read_bytes(&bytes, disclosure_report::read::SourceFormat::Html, &Options::default());
        let page = markup.concat();
        let _ = disclosure_report::read::read_report(&page, disclosure_report::read::SourceFormat::Html, &Options::default());
    }

    #[cfg(feature = "docx")]
    #[test]
    fn docx_round_trips_reports_with_errors_and_blanks(p in published_with_errors()) {
        let back = reread_docx(&p);
        prop_assert_eq!(back.check(), p.check());
        prop_assert_eq!(back, p);
    }

    #[cfg(feature = "docx")]
    #[test]
    fn word_files_of_arbitrary_bytes_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..3000),
        cut in any::<prop::sample::Index>(),
        flip in any::<prop::sample::Index>(),
    ) {
        let _ = disclosure_report::read::read_bytes(&bytes, disclosure_report::read::SourceFormat::Docx, &Options::default());
        // A real Word file, cut short or with a byte changed.
        let word = render::docx(disclosure_report::read::parse(SEED).unwrap().published()).unwrap();
        let short = &word[..cut.index(word.len())];
        let _ = disclosure_report::read::read_bytes(short, disclosure_report::read::SourceFormat::Docx, &Options::default());
        let mut changed = word.clone();
        let at = flip.index(changed.len());
        changed[at] ^= 0x5a;
        let _ = disclosure_report::read::read_bytes(&changed, disclosure_report::read::SourceFormat::Docx, &Options::default());
    }

    #[cfg(feature = "html")]
    #[test]
    fn html_round_trips_reports_with_errors_and_blanks(p in published_with_errors()) {
        let back = reread_html(&p);
        prop_assert_eq!(back.check(), p.check());
        prop_assert_eq!(back, p);
    }

    #[test]
    fn text_round_trips_reports_with_errors_and_blanks(p in published_with_errors()) {
        let back = reread(&p);
        prop_assert_eq!(back.check(), p.check());
        prop_assert_eq!(back, p);
    }

    #[test]
    fn markdown_and_html_show_every_printed_cell(p in published_with_errors()) {
        let md = render::markdown(&p);
        let html = render::html(&p, &HtmlOptions::default());
        for (_, cell) in p.cells() {
            if let Some(c) = cell.filter(|c| !c.text().is_empty()) {
                let td = format!("<td>{}</td>", c.text());
                prop_assert!(md.contains(c.text()));
                prop_assert!(html.contains(&td));
            }
        }
    }

    /// Arbitrary text never makes the reader panic.
    #[test]
    fn parse_survives_arbitrary_text(text in "\\PC{0,400}") {
        let _ = parse(&text);
    }

    /// Nor does the seed with lines deleted, swapped, junk inserted, or cut.
    #[test]
    fn parse_survives_mutations_of_the_seed(
        deletions in prop::collection::vec(any::<prop::sample::Index>(), 0..8),
        swaps in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 0..8),
        junk in prop::collection::vec((any::<prop::sample::Index>(), "[\\t0-9/\\-（）一二三四五六、\\PC]{0,20}"), 0..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut lines: Vec<String> = SEED.lines().map(str::to_owned).collect();
        for d in deletions {
            if !lines.is_empty() {
                let i = d.index(lines.len());
                lines.remove(i);
            }
        }
        for (a, b) in swaps {
            if !lines.is_empty() {
                let (i, j) = (a.index(lines.len()), b.index(lines.len()));
                lines.swap(i, j);
            }
        }
        for (at, text) in junk {
            let i = at.index(lines.len() + 1);
            lines.insert(i, text);
        }
        let text = lines.join("\n");
        let end = text.char_indices().map(|(i, _)| i).nth(cut.index(text.chars().count().max(1))).unwrap_or(text.len());
        if let Ok(parsed) = parse(&text[..end]) {
            let _ = parsed.findings();
            let _ = render::text(parsed.published());
            let _ = render::html(parsed.published(), &HtmlOptions::page());
            let _ = render::markdown(parsed.published());
        }
    }
}

#[test]
fn the_seed_reads_as_printed() {
    let parsed = parse(SEED).unwrap();
    let p = parsed.published();
    assert_eq!(p.edition(), disclosure_report::Edition::V2019);
    assert_eq!(p.meta().organ(), "庙台乡人民政府");
    assert_eq!(p.meta().year(), 2020);
    let layout = Layout::of(p.edition());
    // Every required cell of tables 二 and 三 is present, as printed.
    for cell in layout.cells().filter(|c| c.info().is_required() && c.section() != Section::Review) {
        let printed = p.get(cell).unwrap_or_else(|| panic!("{cell} is absent"));
        assert!(matches!(printed.value(), disclosure_report::Value::Number(_)), "{cell}");
    }
    // The figures of table 二, row by row.
    let v = |row, col| {
        let cell = layout.cell_by_key(Section::Proactive, row, col).unwrap();
        p.get(cell).unwrap().text().to_owned()
    };
    assert_eq!(v("licensing", "previous_items"), "3");
    assert_eq!(v("licensing", "change"), "3");
    assert_eq!(v("other_services", "previous_items"), "46");
    assert_eq!(v("other_services", "decisions"), "2650");
    assert_eq!(v("penalties", "change"), "5");
    assert_eq!(v("enforcement", "previous_items"), "6");
    assert_eq!(v("procurement", "purchase_amount"), "0");
    // Table 三 printed only zeros.
    for cell in layout.section_cells(Section::Requests).filter(|c| c.info().is_required()) {
        assert_eq!(p.get(cell).unwrap().text(), "0", "{cell}");
    }
    // Table 四: 5 empty and 10 zero fields under a header that labels each
    // of its 15 fields: placed one to one, the empty ones blank.
    for (k, cell) in layout.section_cells(Section::Review).enumerate() {
        assert_eq!(p.get(cell).unwrap().text(), if k < 5 { "" } else { "0" }, "{cell}");
    }
    assert!(parsed.reader_findings().of_rule(&disclosure_report::rules::PARSE_UNPLACED).next().is_none());
    let blanks = parsed.findings().iter().filter(|f| f.rule().id == "cell.blank").count();
    assert_eq!(blanks, 5, "{}", parsed.reader_findings());
    // The seed is a text file: a reader's finding names its line.
    let reflowed = parsed.reader_findings().of_rule(&disclosure_report::rules::PARSE_REFLOWED).next().unwrap();
    assert!(matches!(reflowed.place(), Some(disclosure_report::Place::Line { .. })), "{reflowed}");
    // Label variants are notices; the surplus zeros are quoted.
    let variants: Vec<_> = p.label_variants().iter().map(|v| v.printed.as_str()).collect();
    assert!(variants.contains(&"社会组织"), "{variants:?}");
    assert_eq!(parsed.reader_findings().of_rule(&disclosure_report::rules::PARSE_SURPLUS).count(), 8);
    assert_eq!(parsed.reader_findings().of_rule(&disclosure_report::rules::PARSE_REFLOWED).count(), 1);
    // The check: only notices (table 四's blanks).
    let check = p.check();
    assert!(check.iter().all(|f| f.severity() == disclosure_report::Severity::Notice), "{check}");
    // Prose sections keep their text.
    assert!(p.prose().overview.starts_with("2020 年，庙台乡人民政府信息公开工作"));
    assert!(p.prose().problems.contains("人员力量有待加强"));
    assert!(p.prose().other.ends_with("（此件公开发布）"));
}

/// The seed — table 四 absent, blanks and label variants — written as a
/// page and as a Word file reads back the same (with the official labels).
#[cfg(all(feature = "html", feature = "docx"))]
#[test]
fn the_seed_round_trips_through_a_page_and_a_word_file() {
    let mut p = parse(SEED).unwrap().into_published();
    p.clear_label_variants();
    assert_eq!(reread_html(&p), p);
    assert_eq!(reread_docx(&p), p);
}

#[test]
fn the_seed_round_trips_through_its_text_layout() {
    let parsed = parse(SEED).unwrap();
    let mut p = parsed.into_published();
    let back = reread(&p);
    // The official labels are printed, so the variants are not read again.
    assert!(back.label_variants().is_empty());
    let variants: Vec<_> = p.label_variants().to_vec();
    assert!(!variants.is_empty());
    p.clear_label_variants();
    assert_eq!(back, p);
}

proptest! {
    #![proptest_config(common::cases(256))]

    /// Whatever the organ's name (any name a title line can hold), the text
    /// layout reads back to the same organ and year.
    #[test]
    fn text_round_trips_any_organ_name(
        organ in "[\\p{Han}a-zA-Z0-9０-９ （）()《》【】「」“”、，。：:·\\-/年度报告政府信息公开一二三四五六、总体情况工作]{0,24}",
        year in 2019u16..=2099,
    ) {
        let Ok(meta) = disclosure_report::ReportMeta::new(organ.clone(), year) else {
            // White space at either end: not a name a title can hold.
            prop_assume!(false);
            unreachable!()
        };
        let edition = disclosure_report::Edition::for_year(year);
        let report = AnnualReport::builder(meta).proactive(disclosure_report::ProactiveTable::zeroed(edition)).requests(disclosure_report::RequestTable::new(edition)).review(disclosure_report::ReviewTable::default())
        .build()
        .unwrap();
        let text = render::text(&report.to_published());
        let back = parse_with(&text, &Options::default().with_kind(None)).unwrap();
        prop_assert_eq!(back.published().meta().organ(), organ.as_str(), "{}", text);
        prop_assert_eq!(back.published().meta().year(), year);
        prop_assert_eq!(back.published(), &report.to_published());
    }
}

/// Two official tables in one `<table>`: table 二's sub-tables as one, and
/// tables 三 and 四 as one with 四's heading as a row between them.
#[cfg(feature = "html")]
#[test]
fn official_tables_sharing_one_table_element() {
    let p = parse(SEED).unwrap().into_published();
    let html = render::html(&p, &HtmlOptions::page());
    let joined = html.replacen("</table>\n<table>", "\n", 4).replace(
        "</table>\n<h2>四、政府信息公开行政复议、行政诉讼情况</h2>\n<table>",
        "<tr><td colspan=\"15\">四、政府信息公开行政复议、行政诉讼情况</td></tr>",
    );
    assert_eq!(joined.matches("<table>").count(), 2, "{joined}");
    let parsed =
        disclosure_report::read::read_report(&joined, disclosure_report::read::SourceFormat::Html, &Options::default())
            .unwrap();
    assert!(parsed.reader_findings().is_empty(), "{}", parsed.reader_findings());
    assert_eq!(parsed.published().cells().collect::<Vec<_>>(), p.cells().collect::<Vec<_>>());
}

/// A reader's finding on a page names the table and row it was made at.
#[cfg(feature = "html")]
#[test]
fn findings_on_a_page_name_the_table_and_row() {
    use disclosure_report::Place;
    let p = parse(SEED).unwrap().into_published();
    let html = render::html(&p, &HtmlOptions::page());
    // Table 四 (the page's seventh table: 二 has five) prints a sixteenth figure.
    let end = html.rfind("</tr>\n</table>").unwrap();
    let page = format!("{}<td>9</td>{}", &html[..end], &html[end..]);
    let parsed =
        disclosure_report::read::read_report(&page, disclosure_report::read::SourceFormat::Html, &Options::default())
            .unwrap();
    let f = parsed.reader_findings().iter().find(|f| f.rule().id.starts_with("parse.")).expect("a reader finding");
    let rows_of_four = html[html.rfind("<table>").unwrap()..].matches("<tr>").count();
    let row = u32::try_from(rows_of_four).unwrap();
    assert_eq!(f.place(), Some(Place::TableCell { table: 7, row, column: None }), "{}", parsed.reader_findings());
    assert!(f.to_string().contains(&format!("(table 7, row {rows_of_four})")), "{f}");
}
