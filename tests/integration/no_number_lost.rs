//! The reader's promise: every number printed in a table ends up in a cell
//! or is quoted in a finding, and nothing hidden becomes one. Checked over
//! generated reports as text, and over mutations of them: lines
//! duplicated, labels garbled, numbers put on title and header lines, lines
//! dropped; over the same reports drawn as PDFs, with numbers put beside
//! figures, labels and headers; and over pages, Word files and PDFs with
//! text hidden in their cells.
#![cfg(feature = "proptest")]

use std::collections::HashMap;

use disclosure_report::Value;
use disclosure_report::layout::{CellKind, Section};
use disclosure_report::read::parse;
use disclosure_report::strategy::any_valid_report;
use disclosure_report::{Cell, Published, render};
use proptest::prelude::*;

use crate::common;

/// Printed texts a cell may hold, numbers or not.
const TEXTS: &[&str] =
    &["", "/", "-", "abc", "-3", "+5", "1,234", "３", "99999999999999999999999", "0", "7", "12.5万元"];

/// Whether a printed token is a number (as opposed to a label or marker).
fn is_number(token: &str) -> bool {
    matches!(Value::read(CellKind::Money, token), Value::Number(_) | Value::TooLarge)
}

#[derive(Clone, Debug)]
enum Mutation {
    /// Print a table line twice.
    Duplicate(prop::sample::Index),
    /// Change one character of a line's first cell (its label).
    Garble(prop::sample::Index, prop::sample::Index),
    /// Put a number at the end of a line (a title or header line, often).
    Append(prop::sample::Index, u32),
    /// Drop a line.
    Drop(prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<prop::sample::Index>().prop_map(Mutation::Duplicate),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>()).prop_map(|(l, c)| Mutation::Garble(l, c)),
        (any::<prop::sample::Index>(), 1u32..100_000).prop_map(|(l, n)| Mutation::Append(l, n)),
        any::<prop::sample::Index>().prop_map(Mutation::Drop),
    ]
}

fn published() -> impl Strategy<Value = Published> {
    (any_valid_report(), prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(TEXTS)), 0..8))
        .prop_map(|(report, edits)| {
            let mut p = report.to_published();
            let required: Vec<_> = p.layout().cells().filter(|c| c.info().is_required()).collect();
            for (pick, text) in edits {
                let cell = required[pick.index(required.len())];
                p.set(cell, Cell::printed(cell.info().kind(), text)).unwrap();
            }
            p
        })
}

/// The lines of tables 二 to 四: after the heading of 二, before that of 五.
fn table_lines(text: &str) -> std::ops::Range<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let at = |s: Section| lines.iter().position(|l| *l == s.heading()).unwrap();
    at(Section::Proactive) + 1..at(Section::Problems)
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for m in mutations {
        let range = table_lines(&lines.join("\n"));
        // Inside the tables, never a section heading.
        let inner: Vec<usize> = range.filter(|&i| !Section::ALL.iter().any(|s| lines[i] == s.heading())).collect();
        if inner.is_empty() {
            break;
        }
        match m {
            Mutation::Duplicate(i) => {
                let i = inner[i.index(inner.len())];
                let line = lines[i].clone();
                lines.insert(i + 1, line);
            }
            Mutation::Garble(i, c) => {
                let i = inner[i.index(inner.len())];
                let mut cells: Vec<String> = lines[i].split('\t').map(str::to_owned).collect();
                let label: Vec<char> = cells[0].chars().collect();
                if !label.is_empty() && !is_number(&cells[0]) {
                    let mut label = label;
                    let k = c.index(label.len());
                    label[k] = '某';
                    cells[0] = label.into_iter().collect();
                    lines[i] = cells.join("\t");
                }
            }
            Mutation::Append(i, n) => {
                let i = inner[i.index(inner.len())];
                lines[i] = format!("{}\t{n}", lines[i]);
            }
            Mutation::Drop(i) => {
                let i = inner[i.index(inner.len())];
                lines.remove(i);
            }
        }
    }
    lines.join("\n") + "\n"
}

/// Each printed number of the tables, by text, with how often it is printed,
/// held in a cell, or quoted.
fn unaccounted(text: &str) -> Vec<String> {
    let Ok(parsed) = parse(text) else { return vec!["the text no longer parses".into()] };
    let mut printed: HashMap<String, usize> = HashMap::new();
    for line in text.lines().collect::<Vec<_>>()[table_lines(text)].iter() {
        let tokens: Vec<&str> = if line.contains('\t') {
            line.split('\t').map(str::trim).collect()
        } else {
            line.split_whitespace().collect()
        };
        for token in tokens.into_iter().filter(|t| is_number(t)) {
            *printed.entry(token.to_owned()).or_default() += 1;
        }
    }
    unaccounted_in(&parsed, printed)
}

/// The printed numbers (by text, with how often each is printed) that the
/// report read neither holds in a cell nor quotes as often.
fn unaccounted_in(parsed: &disclosure_report::read::Parsed, printed: HashMap<String, usize>) -> Vec<String> {
    // A text counts whole, and so does each of its words where it has
    // several (two numbers printed in one cell are both in it).
    let mut held: HashMap<String, usize> = HashMap::new();
    let mut hold = |text: &str| {
        *held.entry(text.to_owned()).or_default() += 1;
        let words: Vec<&str> = text.split_whitespace().collect();
        for word in words.iter().filter(|_| words.len() > 1) {
            *held.entry((*word).to_owned()).or_default() += 1;
        }
    };
    for cell in parsed.published().cells().filter_map(|(_, c)| c) {
        hold(cell.text());
    }
    for f in &parsed.findings() {
        assert!(f.more().is_none(), "a small report hit the findings cap: {f}");
        for q in f.quoted() {
            hold(q);
        }
    }
    printed
        .into_iter()
        .filter(|(t, n)| held.get(t).copied().unwrap_or(0) < *n)
        .map(|(t, n)| format!("{t:?} printed {n}×, accounted for {}×", held.get(&t).copied().unwrap_or(0)))
        .collect()
}

proptest! {
    #![proptest_config(common::cases(128))]

    #[test]
    fn every_number_of_a_generated_report_is_placed(p in published()) {
        let text = render::text(&p);
        let lost = unaccounted(&text);
        prop_assert!(lost.is_empty(), "{:?}\n{}", lost, text);
    }

    #[test]
    fn every_number_of_a_mutated_report_is_placed_or_quoted(
        p in published(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let text = mutate(&render::text(&p), &mutations);
        let lost = unaccounted(&text);
        prop_assert!(lost.is_empty(), "{:?}\n{:?}\n{}", lost, mutations, text);
    }

    /// The same, with the columns aligned by spaces as `pdftotext -layout`
    /// writes them.
    #[test]
    fn every_number_of_aligned_text_is_placed_or_quoted(
        p in published(),
        mutations in prop::collection::vec(mutation(), 0..6),
    ) {
        let text = mutate(&render::text(&p), &mutations).replace('\t', "   ");
        let lost = unaccounted(&text);
        prop_assert!(lost.is_empty(), "{:?}\n{:?}\n{}", lost, mutations, text);
    }
}

/// The text as `pdftotext` without `-layout` writes a table of merged
/// cells: every cell of the tables on a line of its own, blank lines
/// between, and blank cells left out.
fn one_cell_a_line(text: &str) -> String {
    let range = table_lines(text);
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if range.contains(&i) && !Section::ALL.iter().any(|s| line == s.heading()) {
            out.extend(line.split('\t').map(str::trim).filter(|c| !c.is_empty()).flat_map(|c| [c, ""]));
        } else {
            out.push(line);
        }
    }
    out.join("\n") + "\n"
}

proptest! {
    #![proptest_config(common::cases(64))]

    /// Text without its layout: every number placed or quoted, and every
    /// figure placed is the one printed in that cell (a row's figures are
    /// taken one a line only where nothing else could be meant).
    #[test]
    fn every_number_of_text_one_cell_a_line_is_placed_or_quoted_and_placed_right(
        p in published(),
        mutations in prop::collection::vec(mutation(), 0..6),
    ) {
        let text = one_cell_a_line(&mutate(&render::text(&p), &mutations));
        let lost = unaccounted(&text);
        prop_assert!(lost.is_empty(), "{:?}\n{:?}\n{}", lost, mutations, text);
        let parsed = parse(&text).unwrap();
        for (cell, read) in parsed.published().cells() {
            let Some(read) = read else { continue };
            prop_assert_eq!(Some(read.text()), p.get(cell).map(Cell::text), "{}\n{:?}\n{}", cell, mutations, text);
        }
    }
}

/// Hidden text put in figure cells: `(cell, how)`, where `how` picks one
/// of the ways a page or Word file hides text.
fn hidings() -> impl Strategy<Value = Vec<(prop::sample::Index, prop::sample::Index)>> {
    prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 1..6)
}

/// A number no generated cell prints, so that a cell holding it can only
/// have read hidden text.
const HIDDEN: &str = "314159";

/// The cells read, by text.
fn cell_texts(parsed: &disclosure_report::read::Parsed) -> Vec<(String, String)> {
    parsed
        .published()
        .cells()
        .map(|(c, p)| (c.key_path(), p.map(|p| p.text().to_owned()).unwrap_or_default()))
        .collect()
}

/// Inserts `hidden(k)` after the opening of the `k`-th picked of the
/// occurrences of `open` in `doc`.
fn insert_after(
    doc: &str,
    open: &str,
    picks: &[(prop::sample::Index, prop::sample::Index)],
    hidden: &[String],
) -> String {
    insert_at(doc, open, open.len(), picks, hidden)
}

/// Inserts `texts(k)` `offset` bytes into the `k`-th picked of the
/// occurrences of `pattern` in `doc`.
fn insert_at(
    doc: &str,
    pattern: &str,
    offset: usize,
    picks: &[(prop::sample::Index, prop::sample::Index)],
    hidden: &[String],
) -> String {
    let starts: Vec<usize> = doc.match_indices(pattern).map(|(i, _)| i + offset).collect();
    let mut at: Vec<(usize, &String)> =
        picks.iter().map(|(cell, how)| (starts[cell.index(starts.len())], how.get(hidden))).collect();
    at.sort_by_key(|(i, _)| std::cmp::Reverse(*i));
    let mut out = doc.to_owned();
    for (i, text) in at {
        out.insert_str(i, text);
    }
    out
}

proptest! {
    #![proptest_config(common::cases(64))]

    /// Nothing hidden becomes a figure, and every figure a person sees is
    /// read as before: a page with hidden text in its cells reads as the
    /// same page without it.
    #[cfg(feature = "html")]
    #[test]
    fn hidden_text_in_a_page_is_never_placed(p in published(), picks in hidings()) {
        use disclosure_report::read::{read_report, SourceFormat};
        let page = render::html(&p, &render::HtmlOptions::page());
        let hidden: Vec<String> = [
            format!("<span style=\"display:none\">{HIDDEN}</span>"),
            format!("<span hidden>{HIDDEN}</span>"),
            format!("<i style=\"visibility: hidden\">{HIDDEN}</i>"),
            format!("<script>{HIDDEN}</script>"),
            format!("<template>{HIDDEN}</template>"),
        ]
        .into();
        let seen = read_report(&page, SourceFormat::Html, &Default::default()).unwrap();
        let with = read_report(&insert_after(&page, "<td>", &picks, &hidden), SourceFormat::Html, &Default::default()).unwrap();
        prop_assert_eq!(cell_texts(&with), cell_texts(&seen));
        for f in &with.findings() {
            prop_assert!(f.rule().id == "parse.hidden" || !f.quoted().iter().any(|q| q.contains(HIDDEN)), "{}", f);
        }
    }

    /// The same for a Word file: hidden runs, text moved away, the
    /// fallback copy of a text box.
    #[cfg(all(feature = "html", feature = "docx"))]
    #[test]
    fn hidden_text_in_a_word_file_is_never_placed(p in published(), picks in hidings()) {
        use disclosure_report::read::{read_bytes, SourceFormat};
        let word = render::docx(&p).unwrap();
        let hidden: Vec<String> = [
            format!("<w:r><w:rPr><w:vanish/></w:rPr><w:t>{HIDDEN}</w:t></w:r>"),
            format!("<w:moveFrom w:id=\"9\"><w:r><w:t>{HIDDEN}</w:t></w:r></w:moveFrom>"),
            format!("<mc:AlternateContent><mc:Choice Requires=\"wps\"/><mc:Fallback><w:r><w:t>{HIDDEN}</w:t></w:r></mc:Fallback></mc:AlternateContent>"),
            format!("<w:del w:id=\"8\"><w:r><w:delText>{HIDDEN}</w:delText></w:r></w:del>"),
        ]
        .into();
        let seen = read_bytes(&word, SourceFormat::Docx, &Default::default()).unwrap();
        let edited = crate::real_documents::edit_document_xml(word, |xml| {
            // After a cell's first paragraph's opening: inside the cell.
            insert_after(xml, "</w:tcPr><w:p>", &picks, &hidden)
        });
        let with = read_bytes(&edited, SourceFormat::Docx, &Default::default()).unwrap();
        prop_assert_eq!(cell_texts(&with), cell_texts(&seen));
    }
}

#[test]
fn the_seed_loses_no_number() {
    let seed = include_str!("../data/miaotai_2020.txt");
    let lines: Vec<&str> = seed.lines().collect();
    // The seed's table section runs from its heading 二 to its heading 五.
    let start = lines.iter().position(|l| l.starts_with("二、主动公开政府信息情况")).unwrap();
    let end = lines.iter().position(|l| l.starts_with("五、")).unwrap();
    let parsed = parse(seed).unwrap();
    let mut printed: HashMap<&str, usize> = HashMap::new();
    for line in &lines[start + 1..end] {
        for token in line.split('\t').map(str::trim).filter(|t| is_number(t)) {
            *printed.entry(token).or_default() += 1;
        }
    }
    let mut held: HashMap<String, usize> = HashMap::new();
    for cell in parsed.published().cells().filter_map(|(_, c)| c) {
        *held.entry(cell.text().to_owned()).or_default() += 1;
    }
    for q in parsed.findings().iter().flat_map(|f| f.quoted().to_vec()) {
        *held.entry(q).or_default() += 1;
    }
    for (token, n) in printed {
        assert!(held.get(token).copied().unwrap_or(0) >= n, "{token:?} printed {n}× but not all accounted for");
    }
}

#[cfg(feature = "pdf")]
use crate::drawn_pdf;

/// The numbers printed in a page's tables, by text: each cell's text split
/// at white space.
#[cfg(feature = "pdf")]
fn numbers_in_tables(page: &str) -> HashMap<String, usize> {
    let doc = scraper::Html::parse_document(page);
    let cells = scraper::Selector::parse("table th, table td").unwrap();
    let mut printed: HashMap<String, usize> = HashMap::new();
    for cell in doc.select(&cells) {
        let text: String = cell.text().collect();
        for token in text.split_whitespace().filter(|t| is_number(t)) {
            *printed.entry(token.to_owned()).or_default() += 1;
        }
    }
    printed
}

#[cfg(feature = "pdf")]
fn read_pdf(pdf: &[u8]) -> disclosure_report::read::Parsed {
    use disclosure_report::read::{SourceFormat, read_bytes};
    read_bytes(pdf, SourceFormat::Pdf, &Default::default()).unwrap()
}

/// Numbers put where a report has none: after a figure in its cell (two
/// numbers in one cell), or after a label.
#[cfg(feature = "pdf")]
fn strays() -> impl Strategy<Value = (Vec<(prop::sample::Index, prop::sample::Index)>, Vec<String>)> {
    (
        prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 0..4),
        prop::collection::vec((1u32..100_000).prop_map(|n| format!(" {n}")), 1..4),
    )
}

proptest! {
    #![proptest_config(common::cases(32))]

    /// A report drawn as a PDF (its tables ruled, as printers draw them)
    /// reads as its page does, and every number printed in its tables is
    /// in a cell or quoted — numbers put after figures and labels too.
    #[cfg(all(feature = "pdf", feature = "html"))]
    #[test]
    fn every_number_of_a_drawn_report_is_placed_or_quoted(
        p in published(),
        (figures, numbers) in strays(),
        (labels, label_numbers) in strays(),
    ) {
        use disclosure_report::read::{read_report, SourceFormat};
        let page = render::html(&p, &render::HtmlOptions::page());
        let seen = read_report(&page, SourceFormat::Html, &Default::default()).unwrap();
        let drawn = read_pdf(&drawn_pdf::pdf_of_page(&page));
        let changed = changed(&drawn, &seen);
        prop_assert!(changed.is_empty(), "{:?}\n{}", changed, drawn.findings());
        let page = insert_at(&page, "</td>", 0, &figures, &numbers);
        let page = insert_at(&page, "</th>", 0, &labels, &label_numbers);
        let parsed = read_pdf(&drawn_pdf::pdf_of_page(&page));
        let lost = unaccounted_in(&parsed, numbers_in_tables(&page));
        prop_assert!(lost.is_empty(), "{:?}\n{}", lost, parsed.findings());
    }

    /// Nothing hidden in a PDF becomes a figure: text drawn with no ink, in
    /// white, clipped away, covered by a box, or whited out with a figure
    /// drawn over it, or shown right after a figure with no move (in render
    /// mode 3 or white), in the cells of a drawn report, leaves every cell
    /// as it reads without; and it is named (`parse.hidden`) or not read at
    /// all.
    #[cfg(all(feature = "pdf", feature = "html"))]
    #[test]
    fn hidden_text_in_a_pdf_is_never_placed(p in published(), before in hidings(), after in hidings()) {
        let page = render::html(&p, &render::HtmlOptions::page());
        let hidden: Vec<String> = ["no-ink", "white", "clipped", "covered", "whited-out"]
            .iter()
            .map(|class| format!("<span class=\"{class}\">{HIDDEN}</span>"))
            .collect();
        let seen = read_pdf(&drawn_pdf::pdf_of_page(&page));
        // Before a figure, and after it: also shown right after it, with
        // no move between (one span to the PDF library).
        let after_hidden: Vec<String> = hidden[..4]
            .iter()
            .cloned()
            .chain(["no-ink joined", "white joined"].map(|class| format!("<span class=\"{class}\">{HIDDEN}</span>")))
            .collect();
        let edited = insert_at(&insert_after(&page, "<td>", &before, &hidden), "</td>", 0, &after, &after_hidden);
        let with = read_pdf(&drawn_pdf::pdf_of_page(&edited));
        let changed = changed(&with, &seen);
        prop_assert!(changed.is_empty(), "{:?}\n{}", changed, with.findings());
        for f in &with.findings() {
            prop_assert!(f.rule().id == "parse.hidden" || !f.quoted().iter().any(|q| q.contains(HIDDEN)), "{}", f);
        }
    }
}

/// The cells `read` holds otherwise than `seen`: (cell, read, seen).
#[cfg(feature = "pdf")]
fn changed(
    read: &disclosure_report::read::Parsed,
    seen: &disclosure_report::read::Parsed,
) -> Vec<(String, String, String)> {
    let seen: HashMap<String, String> = cell_texts(seen).into_iter().collect();
    let read: HashMap<String, String> = cell_texts(read).into_iter().collect();
    let mut out: Vec<_> = seen
        .iter()
        .filter(|(k, v)| read.get(*k) != Some(v))
        .map(|(k, v)| (k.clone(), read.get(k).cloned().unwrap_or_default(), v.clone()))
        .collect();
    out.sort();
    out
}
