//! Annotated HTML: every cell a finding names carries its mark (severity
//! class, title with both messages, footnote link to the finding listed
//! under its table); cells not printed are marked missing.
#![cfg(feature = "html")]

use disclosure_report::layout::{CellRef, Section};
use disclosure_report::read::{Options, SourceFormat, read_bytes};
use disclosure_report::render::{Annotations, HtmlOptions, html};
use disclosure_report::rules::Year;
use disclosure_report::{Cell, Findings, Published};
use scraper::{Html, Selector};

/// A real V2021 report (平潭 2022, its web page) made wrong in the held-out
/// style: a wrong （七）总计 and a blank 总计 column in table 三.
pub fn held_out_style() -> Published {
    let bytes = std::fs::read("tests/data/fixtures/html/pingtan-2022.html").unwrap();
    let mut p = read_bytes(&bytes, SourceFormat::Html, &Options::default()).unwrap().into_published();
    let layout = p.layout();
    let wrong = layout.cell_by_path("requests.outcome_total.natural_person").unwrap();
    let printed = p.get(wrong).unwrap().text().to_owned();
    let off_by_one = printed.parse::<u64>().unwrap() + 1;
    p.set(wrong, Cell::printed(wrong.info().kind(), off_by_one.to_string())).unwrap();
    let totals: Vec<CellRef> = layout.section_cells(Section::Requests).filter(|c| c.column().key == "total").collect();
    assert!(totals.len() > 20);
    for cell in totals {
        p.remove(cell).unwrap();
    }
    p
}

fn page(p: &Published, findings: &Findings) -> Html {
    Html::parse_document(&html(p, &HtmlOptions::page().annotated(Annotations::new(findings.clone()))))
}

#[test]
fn every_finding_marks_its_cells_and_is_listed() {
    let p = held_out_style();
    let findings = p.check();
    assert!(findings.has_errors());
    assert!(findings.iter().any(|f| f.rule().id == "T3.total_row"
        || f.names(p.layout().cell_by_path("requests.outcome_total.natural_person").unwrap())));
    let doc = page(&p, &findings);
    let mut marked = 0;
    for (i, f) in findings.iter().enumerate() {
        let n = i + 1;
        let item = Selector::parse(&format!("li#finding-{n}")).unwrap();
        let li = doc.select(&item).next().unwrap_or_else(|| panic!("finding {n} is not listed: {f}"));
        assert!(li.text().collect::<String>().contains(&f.message_zh()), "finding {n}");
        for cell in f.cells().iter().filter(|c| c.year() == Year::Current).map(|c| c.cell()) {
            // A group subtotal no report printed has no row to mark.
            let selector = Selector::parse(&format!(r#"td[id="cell-{}"]"#, cell.key_path())).unwrap();
            let Some(td) = doc.select(&selector).next() else {
                assert!(p.get(cell).is_none() && cell.row().parent.is_none(), "{cell} is not on the page");
                continue;
            };
            let class = td.value().attr("class").unwrap_or_default();
            assert!(
                class.split(' ').any(|c| c == f.severity().to_string()) || f.severity() > worst(&findings, cell),
                "{cell}: class {class:?} for finding {n} ({})",
                f.severity()
            );
            let title = td.value().attr("title").unwrap_or_default();
            assert!(title.contains(&f.message_zh()) && title.contains(&f.message_en()), "{cell}: {title}");
            let link = Selector::parse(&format!(r##"sup a[href="#finding-{n}"]"##)).unwrap();
            assert!(td.select(&link).next().is_some(), "{cell}: no footnote mark for finding {n}");
            marked += 1;
        }
    }
    assert!(marked >= 20, "only {marked} marks");
    // The blank 总计 column: every cell marked missing.
    let missing = Selector::parse(r#"td[id$=".total"].missing"#).unwrap();
    let requests_missing =
        doc.select(&missing).filter(|td| td.value().id().is_some_and(|id| id.starts_with("cell-requests."))).count();
    assert!(requests_missing >= 20, "{requests_missing} missing totals marked");
}

/// The most severe finding that names a cell (the colour the cell takes).
fn worst(findings: &Findings, cell: CellRef) -> disclosure_report::Severity {
    findings.iter().filter(|f| f.names(cell)).map(|f| f.severity()).min().unwrap()
}

#[test]
fn a_page_without_findings_marks_nothing_and_has_no_script() {
    let bytes = std::fs::read("tests/data/fixtures/html/pingtan-2022.html").unwrap();
    let p = read_bytes(&bytes, SourceFormat::Html, &Options::default()).unwrap().into_published();
    let page = html(&p, &HtmlOptions::page().annotated(Annotations::new(Findings::default())));
    assert!(!page.contains("<script") && !page.contains("http://") && !page.contains("https://"));
    assert!(!page.contains("class=\"error\"") && !page.contains("<sup>"));
    // Without annotations, the page is the plain one.
    assert!(!html(&p, &HtmlOptions::page()).contains("id=\"cell-"));
}
