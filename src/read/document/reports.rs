//! Files that hold more than one report (this year's and last year's on
//! one page, a text file of two): the grid cut at each report's title.

use std::borrow::Cow;

use super::{Pos, fold, heading_keywords, lines_from, organ_above, read, title_of};
use crate::Place;
use crate::layout::Section;
use crate::read::grid::{self, Grid, Item};
use crate::read::{Options, ParseError, Parsed};
use crate::rules::{self, Finding};

/// Which reports of a file to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Which {
    /// The first; a warning names the others.
    First,
    /// Each.
    All,
}

/// Reads the reports a grid holds: a file may hold several (this year's
/// and last year's on one page), each begun by its title and holding its
/// own tables. With [`Which::First`], the first is read and a
/// `parse.several_reports` warning says where each other one begins: none
/// is dropped silently.
pub(crate) fn read_reports(grid: &Grid, options: &Options, which: Which) -> Result<Vec<Parsed>, ParseError> {
    let starts = report_starts(grid);
    if starts.len() < 2 {
        return Ok(vec![read(grid, options)?]);
    }
    let parts = split(grid, &starts);
    match which {
        Which::All => parts.iter().map(|part| read(part, options)).collect(),
        Which::First => {
            let mut first = read(&parts[0], options)?;
            let others: Vec<(Option<Place>, String)> = starts[1..]
                .iter()
                .filter_map(|pos| lines_from(grid, *pos).next())
                .map(|l| (l.place(), l.text().trim().chars().take(60).collect()))
                .collect();
            let mut findings: Vec<Finding> = first.reader_findings.iter().cloned().collect();
            let n = starts.len();
            for (place, title) in others {
                let (at_zh, at_en) = match place {
                    Some(p) => (p.zh(), p.to_string()),
                    None => ("文件中".to_owned(), "the file".to_owned()),
                };
                findings.push(Finding::reader(
                    &rules::PARSE_SEVERAL_REPORTS,
                    &[],
                    place,
                    format!("文件中有{n}份报告，只读取了第一份；另一份从{at_zh}开始：“{title}”"),
                    format!(
                        "the file holds {n} reports and only the first was read; another begins at {at_en}: \"{title}\""
                    ),
                ));
            }
            first.reader_findings = rules::Findings::sorted(findings);
            Ok(vec![first])
        }
    }
}

/// Where each report of a grid begins: at each title (the organ's line
/// above it, where it stands alone) that is followed by a table heading
/// before the next. A title-like phrase in prose (a sentence, or no tables
/// after it) begins no report.
fn report_starts(grid: &Grid) -> Vec<Pos> {
    // Nearly every file holds one title: found by a search of the whole
    // text, with no pass over its lines.
    if title_lines(grid) < 2 {
        return Vec::new();
    }
    let mut titles: Vec<Pos> = Vec::new();
    let mut above: Option<(Pos, Cow<'_, str>)> = None; // the last non-empty line
    let mut tables_since = true; // a table heading since the last title
    for line in lines_from(grid, Pos::default()) {
        let text = line.text();
        let raw = text.trim();
        if raw.is_empty() {
            continue;
        }
        if is_title(raw) && tables_since {
            // A report begins at the organ's line above its title, where
            // one stands alone there.
            let organ_line = above
                .as_ref()
                .filter(|(_, text)| !organ_above(&[text.trim().to_owned()]).is_empty())
                .map(|(pos, _)| *pos);
            titles.push(organ_line.unwrap_or(line.pos));
            tables_since = false;
        } else if !tables_since && is_table_heading(raw) {
            tables_since = true;
        }
        above = Some((line.pos, text));
    }
    if !tables_since {
        titles.pop();
    }
    titles
}

/// Whether a line (trimmed) is a report's title, or its first line: short,
/// no sentence, an organ and a year before 政府信息公开, or a year and
/// 报告.
fn is_title(raw: &str) -> bool {
    raw.len() <= 240
        && raw.chars().count() <= 80
        && !raw.contains('。')
        && title_of(raw).is_some_and(|(organ, _)| raw.contains("报告") || !organ.is_empty())
}

/// How many lines are titles (outside tables, or a table's row of one
/// cell), counting to two.
fn title_lines(grid: &Grid) -> usize {
    const MARK: &str = "政府信息公开";
    let mut count = 0;
    for item in grid.items() {
        match item {
            Item::Lines(l) => {
                let text = l.text();
                let mut after = 0; // where the last line looked at ended
                for (at, _) in text.match_indices(MARK) {
                    // A title's year stands right before it (…2024年政府信息公开).
                    let before = text[..at].trim_end();
                    if at < after || !(before.ends_with('年') || before.ends_with("年度")) {
                        continue;
                    }
                    let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
                    let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
                    after = end;
                    count += usize::from(is_title(text[start..end].trim()));
                }
            }
            Item::Text(t) if t.text().contains(MARK) => count += usize::from(is_title(t.text().trim())),
            // A title printed in a table's row of one cell.
            Item::Table(t) => {
                let one_cell =
                    t.rows().iter().filter(|r| r.cells().iter().filter(|c| !c.text().trim().is_empty()).count() == 1);
                count += one_cell
                    .filter(|r| r.cells().iter().any(|c| c.text().contains(MARK) && is_title(c.text().trim())))
                    .count();
            }
            _ => {}
        }
        if count >= 2 {
            break;
        }
    }
    count
}

/// Whether a line is the heading of a table section (二, 三 or 四).
fn is_table_heading(raw: &str) -> bool {
    let f = fold(raw);
    Section::TABLES
        .iter()
        .any(|s| f.starts_with(&format!("{}、", s.numeral())) && heading_keywords(*s).iter().any(|k| f.contains(k)))
}

/// The grid cut at `starts` (the first at the grid's start): a grid per
/// report, its items, rows and lines keeping their places.
fn split(grid: &Grid, starts: &[Pos]) -> Vec<Grid> {
    let mut parts: Vec<Vec<Item>> = vec![Vec::new(); starts.len()];
    // The part a position belongs to: the last start at or before it.
    let part_of = |pos: Pos| starts.iter().rposition(|s| *s <= pos).unwrap_or(0);
    for (i, item) in grid.items().iter().enumerate() {
        let at = |k: usize, line: u32| Pos { item: i, at: k, line };
        match item {
            Item::Table(t) => {
                for (r, row) in t.rows.iter().enumerate() {
                    let part = &mut parts[part_of(at(r, 0))];
                    match part.last_mut() {
                        Some(Item::Table(open)) if open.number == t.number => open.rows.push(row.clone()),
                        _ => part.push(Item::Table(grid::Table { number: t.number, rows: vec![row.clone()] })),
                    }
                }
            }
            Item::Lines(l) => {
                // Cut at the starts inside it (line starts), each piece
                // numbered from its first line.
                let mut from = (0usize, l.first);
                for s in starts.iter().filter(|s| s.item == i && s.at > 0) {
                    let piece = grid::Lines { text: l.text[from.0..s.at].to_owned(), first: from.1 };
                    parts[part_of(at(from.0, from.1))].push(Item::Lines(piece));
                    from = (s.at, s.line);
                }
                let rest = grid::Lines { text: l.text[from.0..].to_owned(), first: from.1 };
                parts[part_of(at(from.0, from.1))].push(Item::Lines(rest));
            }
            other => parts[part_of(at(0, 0))].push(other.clone()),
        }
    }
    parts.into_iter().map(Grid::new).collect()
}
