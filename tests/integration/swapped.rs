//! Every leaf of both editions set, through the typed tables' fields, to a
//! value no other leaf has; then each value is found where its field says it
//! belongs — at its key path, under its official labels, at its JSON key,
//! at its position in the text layout, in its CSV row, and in the Markdown
//! and HTML tables at the row and column whose labels are its own. Two leaf
//! columns or rows swapped anywhere in the storage declaration fail this
//! test.
#![cfg(feature = "json")]

use std::collections::BTreeMap;

use disclosure_report::export::cell_rows;
use disclosure_report::layout::{CellRef, Layout, rows};
use disclosure_report::*;

/// The applicant columns, by field, with the key and label each must have.
const APPLICANTS: [(&str, &str); 6] = [
    ("natural_person", "自然人"),
    ("business", "商业企业"),
    ("research", "科研机构"),
    ("public_interest", "社会公益组织"),
    ("legal_services", "法律服务机构"),
    ("other", "其他"),
];

/// `key path → value`, as the test set each field, and the report.
fn distinct(edition: Edition) -> (AnnualReport, BTreeMap<String, u64>) {
    let mut want = BTreeMap::new();
    let mut next = 100u64;
    let mut take = |path: String| {
        next += 1;
        want.insert(path, next);
        next
    };
    let year = if edition == Edition::V2019 { 2020 } else { 2022 };
    let meta = ReportMeta::new("某局", year).unwrap();

    // Table 三: every leaf row, each applicant its own value; 一、 is set
    // last so that the table balances.
    let mut requests = RequestTable::zeroed(edition);
    let leaf_rows: Vec<_> = RequestTable::leaf_rows(edition).collect();
    let mut handled = [0u64; 6];
    for row in leaf_rows.iter().filter(|r| r.key != rows::NEW_REQUESTS.key) {
        let mut values = [0u64; 6];
        for (k, (field, _)) in APPLICANTS.iter().enumerate() {
            values[k] = take(format!("requests.{}.{field}", row.key));
        }
        let sign: i128 = if row.key == rows::CARRIED_IN.key { -1 } else { 1 };
        for k in 0..6 {
            handled[k] = (handled[k] as i128 + sign * values[k] as i128) as u64;
        }
        let by = ByApplicant {
            natural_person: Count::new(values[0]),
            business: Count::new(values[1]),
            research: Count::new(values[2]),
            public_interest: Count::new(values[3]),
            legal_services: Count::new(values[4]),
            other: Count::new(values[5]),
        };
        requests.set(row, by).unwrap();
    }
    let new_requests: Vec<(String, u64)> =
        APPLICANTS.iter().zip(handled).map(|((field, _), v)| (format!("requests.new_requests.{field}"), v)).collect();
    requests.set(&rows::NEW_REQUESTS, ByApplicant::from(handled)).unwrap();

    // Table 四: three groups of four outcomes.
    let mut outcome = |group: &str| ByOutcome {
        upheld: Count::new(take(format!("review.cases.{group}_upheld"))),
        corrected: Count::new(take(format!("review.cases.{group}_corrected"))),
        other: Count::new(take(format!("review.cases.{group}_other"))),
        pending: Count::new(take(format!("review.cases.{group}_pending"))),
    };
    let review = ReviewTable {
        reconsideration: outcome("reconsideration"),
        direct: outcome("direct"),
        after_reconsideration: outcome("after_reconsideration"),
    };

    // Table 二: totals larger than what was newly made or published.
    let count = |take: &mut dyn FnMut(String) -> u64, path: String| Count::new(take(path));
    let proactive: ProactiveTable = match edition {
        Edition::V2019 => {
            let documents = |take: &mut dyn FnMut(String) -> u64, row: &str| DocumentCounts {
                new_made: count(take, format!("proactive.{row}.new_made")),
                new_published: count(take, format!("proactive.{row}.new_published")),
                total_published: count(take, format!("proactive.{row}.total_published")),
            };
            let items = |take: &mut dyn FnMut(String) -> u64, row: &str| ItemCounts {
                previous: count(take, format!("proactive.{row}.previous_items")),
                change: Change::new(take(format!("proactive.{row}.change")) as i64),
                decisions: count(take, format!("proactive.{row}.decisions")),
            };
            ProactiveV2019 {
                regulations: documents(&mut take, "regulations"),
                normative_documents: documents(&mut take, "normative_documents"),
                licensing: items(&mut take, "licensing"),
                other_services: items(&mut take, "other_services"),
                penalties: items(&mut take, "penalties"),
                enforcement: items(&mut take, "enforcement"),
                fees: FeeItemCounts {
                    previous: count(&mut take, "proactive.fees.previous_items".into()),
                    change: Change::new(take("proactive.fees.change".into()) as i64),
                },
                procurement: Procurement {
                    projects: count(&mut take, "proactive.procurement.purchase_count".into()),
                    amount: Money::from_wan(take("proactive.procurement.purchase_amount".into()).into()).unwrap(),
                },
            }
            .into()
        }
        Edition::V2021 => {
            let in_force = |take: &mut dyn FnMut(String) -> u64, row: &str| InForceCounts {
                issued: count(take, format!("proactive.{row}.issued")),
                repealed: count(take, format!("proactive.{row}.repealed")),
                in_force: count(take, format!("proactive.{row}.in_force")),
            };
            ProactiveV2021 {
                regulations: in_force(&mut take, "regulations"),
                normative_documents: in_force(&mut take, "normative_documents"),
                licensing: count(&mut take, "proactive.licensing.decisions".into()),
                penalties: count(&mut take, "proactive.penalties.decisions".into()),
                enforcement: count(&mut take, "proactive.enforcement.decisions".into()),
                fees: Money::from_wan(take("proactive.fees.fee_amount".into()).into()).unwrap(),
            }
            .into()
        }
    };
    want.extend(new_requests);
    let report =
        AnnualReport::builder(meta).proactive(proactive).requests(requests).review(review).build().expect("valid");
    (report, want)
}

/// The text layout's line of a cell's row (its label's line), split into cells.
fn layout_cell(text: &str, cell: CellRef) -> Option<String> {
    let block = cell.info().block;
    let position = block.columns.iter().position(|c| std::ptr::eq(*c, cell.column()))?;
    let label = cell.row().label;
    let title = block.title.map(|t| t.label);
    let mut in_block = title.is_none();
    for line in text.lines() {
        if title.is_some_and(|t| line == t) {
            in_block = true;
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let printed = &cells[cells.len().saturating_sub(block.columns.len())..];
        // Table 四's one row has no label: its line is all figures.
        let figures = cells.iter().all(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit()));
        let labelled =
            if label.is_empty() { cells.len() == block.columns.len() && figures } else { cells.contains(&label) };
        if in_block && labelled && printed.len() == block.columns.len() {
            return Some(printed[position].to_owned());
        }
    }
    None
}

#[test]
fn applicants_name_their_columns() {
    for (a, (key, label)) in Applicant::ALL.into_iter().zip(APPLICANTS) {
        assert_eq!((a.column().key, a.column().label), (key, label), "{a:?}");
    }
}

#[test]
fn every_leaf_is_where_its_field_says() {
    for edition in Edition::ALL {
        let (report, want) = distinct(edition);
        let layout = Layout::of(edition);
        let leaves: Vec<CellRef> = layout.cells().filter(|c| c.info().is_leaf()).collect();
        assert_eq!(want.len(), leaves.len(), "{edition}: every leaf set once");
        let published = report.to_published();
        let json: serde_json::Value = serde_json::to_value(&report).unwrap();
        let text = render::text(&published);
        let markdown = markdown_tables(&render::markdown(&published));
        let html = html_tables(&render::html(&published, &render::HtmlOptions::default()));
        let csv: BTreeMap<String, String> = cell_rows(&published, "report.json")
            .map(|r| (format!("{}.{}.{}", r.section_key, r.row_key, r.column_key), r.text.to_owned()))
            .collect();
        for (path, value) in &want {
            let cell: CellRef = format!("{edition}:{path}").parse().unwrap_or_else(|e| panic!("{e}"));
            let printed = published.get(cell).map(|c| c.value().figure().map(|d| d.to_string()));
            assert_eq!(printed, Some(Some(value.to_string())), "{edition} {path}: the value at its key path");
            // Its labels: the applicant and outcome columns by name.
            if let Some((_, label)) = APPLICANTS.iter().find(|(f, _)| path.ends_with(&format!(".{f}"))) {
                assert_eq!(cell.column().label, *label, "{cell}");
                assert!(cell.to_string().contains(label), "{cell}");
            }
            // Its JSON key.
            let mut at = &json["tables"];
            for key in path.split('.') {
                at = &at[key];
            }
            assert_eq!(at.to_string().trim_matches('"'), value.to_string(), "{edition} {path}: JSON");
            // Its place in the text layout.
            let in_text = layout_cell(&text, cell).unwrap_or_else(|| panic!("{edition} {path}: no line in\n{text}"));
            assert_eq!(bare(&in_text), value.to_string(), "{edition} {path}: text layout");
            // Its CSV row.
            assert_eq!(bare(&csv[path]), value.to_string(), "{edition} {path}: CSV");
            // Under its own row and column labels in Markdown and HTML.
            for (form, tables) in [("Markdown", &markdown), ("HTML", &html)] {
                let found = at_labels(tables, cell);
                assert_eq!(found.len(), 1, "{edition} {path}: {form} cells under its labels: {found:?}");
                assert_eq!(bare(&found[0]), value.to_string(), "{edition} {path}: {form}");
            }
        }
    }
}

/// A printed figure without its sign or unit (`+3`, `12万元`).
fn bare(printed: &str) -> &str {
    printed.trim_start_matches('+').trim_end_matches("万元")
}

/// A rendered table resolved to a grid: each column's header path and each
/// row's label path, joined with ` / ` as `CellRef` labels are.
#[derive(Debug, Default)]
struct Grid {
    columns: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
}

/// The texts under `cell`'s own row and column labels, in every table.
fn at_labels(tables: &[Grid], cell: CellRef) -> Vec<String> {
    let (row, column) = (cell.row_label(), cell.column_label());
    let mut found = Vec::new();
    for t in tables {
        // One path may hold more of the heading than the other (Markdown
        // prints table 二's sub-table titles as headings, HTML prints 三、本年度办理结果).
        let same_row = |label: &String| label.ends_with(&row) || (!label.is_empty() && row.ends_with(label.as_str()));
        for (label, cells) in t.rows.iter().filter(|(label, _)| same_row(label)) {
            for (c, header) in t.columns.iter().enumerate() {
                if header.ends_with(&column) && !label.ends_with(header.as_str()) {
                    found.extend(cells.get(c).cloned());
                }
            }
        }
    }
    found
}

/// Joins texts with ` / `, each once where spans repeat it.
fn path<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for t in texts.filter(|t| !t.is_empty()) {
        if parts.last() != Some(&t) {
            parts.push(t);
        }
    }
    parts.join(" / ")
}

/// The Markdown tables: the header line names the columns, each row's first
/// cell its label (table 四 has none: its rows are figures only).
fn markdown_tables(md: &str) -> Vec<Grid> {
    let mut tables = Vec::new();
    let mut current: Option<Grid> = None;
    for line in md.lines() {
        let Some(inner) = line.strip_prefix('|').and_then(|l| l.strip_suffix('|')) else {
            tables.extend(current.take());
            continue;
        };
        let cells: Vec<String> = inner.split('|').map(|c| c.trim().to_owned()).collect();
        match &mut current {
            None => current = Some(Grid { columns: cells, rows: Vec::new() }),
            Some(_) if cells.iter().all(|c| c.chars().all(|ch| ch == '-')) => {}
            Some(grid) => {
                let labelled = cells.first().is_some_and(|c| c.parse::<f64>().is_err());
                let label = if labelled { cells[0].clone() } else { String::new() };
                grid.rows.push((label, cells));
            }
        }
    }
    tables.extend(current);
    tables
}

/// The HTML tables, merged cells spread over the grid positions they cover;
/// rows with no `<td>` are headers.
fn html_tables(html: &str) -> Vec<Grid> {
    let doc = scraper::Html::parse_document(html);
    let table = scraper::Selector::parse("table").unwrap();
    let tr = scraper::Selector::parse("tr").unwrap();
    let cell = scraper::Selector::parse("th, td").unwrap();
    let mut tables = Vec::new();
    for t in doc.select(&table) {
        // (text, is a header cell) at each grid position.
        let mut grid: Vec<Vec<Option<(String, bool)>>> = Vec::new();
        for (r, row) in t.select(&tr).enumerate() {
            grid.resize(grid.len().max(r + 1), Vec::new());
            let mut c = 0;
            for el in row.select(&cell) {
                while grid[r].get(c).is_some_and(Option::is_some) {
                    c += 1;
                }
                let span = |name| el.value().attr(name).and_then(|v| v.parse::<usize>().ok()).unwrap_or(1);
                let text: String = el.text().collect::<String>().trim().to_owned();
                let header = el.value().name() == "th";
                for dr in 0..span("rowspan") {
                    grid.resize(grid.len().max(r + dr + 1), Vec::new());
                    for dc in 0..span("colspan") {
                        let at = &mut grid[r + dr];
                        at.resize(at.len().max(c + dc + 1), None);
                        at[c + dc] = Some((text.clone(), header));
                    }
                }
                c += span("colspan");
            }
        }
        let is_data = |row: &Vec<Option<(String, bool)>>| row.iter().flatten().any(|(_, th)| !th);
        let width = grid.iter().map(Vec::len).max().unwrap_or(0);
        let text = |row: &Vec<Option<(String, bool)>>, c: usize| row.get(c).cloned().flatten();
        let headers: Vec<&Vec<Option<(String, bool)>>> = grid.iter().take_while(|r| !is_data(r)).collect();
        let columns = (0..width)
            .map(|c| path(headers.iter().filter_map(|r| r.get(c)?.as_ref()).map(|(t, _)| t.as_str())))
            .collect();
        let rows = grid
            .iter()
            .filter(|r| is_data(r))
            .map(|r| {
                let label = path(r.iter().flatten().filter(|(_, th)| *th).map(|(t, _)| t.as_str()));
                (label, (0..width).map(|c| text(r, c).map(|(t, _)| t).unwrap_or_default()).collect())
            })
            .collect();
        tables.push(Grid { columns, rows });
    }
    tables
}
