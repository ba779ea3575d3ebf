//! Pages rewritten from a source's grid with a table's columns moved, left
//! out or added: shared by the tests (`tests/integration/places.rs`) and
//! `examples/moved_columns.rs`, which writes the pages that
//! `tests/data/made` prints to PDF.
#![allow(dead_code)]

use disclosure_report::read::grid::{Grid, Item};

/// How a table's columns move: each old grid column to its new one, or
/// `None` to leave it out.
pub type Move<'a> = &'a dyn Fn(u32) -> Option<u32>;

/// Text without white space (no-break spaces included).
pub fn squeezed(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect()
}

/// The number of the table holding the header cell `label`, and the grid
/// columns that cell spans.
pub fn table_with(grid: &Grid, label: &str) -> (u32, u32, u32) {
    for table in grid.tables() {
        for cell in table.rows().iter().flat_map(|r| r.cells()) {
            if squeezed(cell.text()) == label {
                return (table.number(), cell.column(), cell.column() + cell.col_span() - 1);
            }
        }
    }
    panic!("no {label}")
}

/// Table 三 with 自然人 moved right of the five organisation columns: its
/// number and the move.
pub fn natural_persons_last(grid: &Grid) -> (u32, impl Fn(u32) -> Option<u32> + use<>) {
    let (table, person, _) = table_with(grid, "自然人");
    let (_, from, to) = table_with(grid, "法人或其他组织");
    assert_eq!(person + 1, from);
    (table, move |c: u32| {
        Some(if c == person {
            to
        } else if (from..=to).contains(&c) {
            c - 1
        } else {
            c
        })
    })
}

/// Table 四 with the 行政诉讼 block before 行政复议: its number and the move.
pub fn litigation_first(grid: &Grid) -> (u32, impl Fn(u32) -> Option<u32> + use<>) {
    let (table, a, b) = table_with(grid, "行政复议");
    let (_, c, d) = table_with(grid, "行政诉讼");
    assert_eq!(b + 1, c);
    let (first, second) = (b - a + 1, d - c + 1);
    (table, move |x: u32| {
        Some(if (a..=b).contains(&x) {
            x + second
        } else if (c..=d).contains(&x) {
            x - first
        } else {
            x
        })
    })
}

/// The grid as a plain page with ruled tables, the columns of each table
/// named in `moves` moved, and (where `extra` names a table) a column of
/// that label and figure added at its right.
pub fn rewritten(grid: &Grid, moves: &[(u32, Move<'_>)], extra: Option<(u32, &str, &str)>) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let mut out = String::from(
        "<!DOCTYPE html><html><head><meta charset=utf-8>\
         <style>table{border-collapse:collapse}td{border:1px solid #000;padding:2px}</style></head><body>\n",
    );
    for item in grid.items() {
        match item {
            Item::Text(t) => out.push_str(&format!("<p>{}</p>\n", esc(t.text()))),
            Item::Table(table) => {
                let moved = moves.iter().find(|(t, _)| *t == table.number()).map(|(_, m)| m);
                out.push_str("<table>\n");
                let header_rows = table
                    .rows()
                    .iter()
                    .take_while(|r| r.cells().iter().all(|c| c.text().parse::<u64>().is_err()))
                    .count();
                for (r, row) in table.rows().iter().enumerate() {
                    let mut cells: Vec<(u32, String)> = Vec::new();
                    for cell in row.cells().iter().filter(|c| !c.is_covered()) {
                        let span = cell.column()..cell.column() + cell.col_span();
                        let columns: Vec<u32> = match moved {
                            Some(m) => span.filter_map(m).collect(),
                            None => span.collect(),
                        };
                        let Some(&start) = columns.iter().min() else { continue };
                        let attrs = format!(" rowspan={} colspan={}", cell.row_span(), columns.len());
                        cells.push((start, format!("<td{attrs}>{}</td>", esc(cell.text()))));
                    }
                    if let Some((_, label, figure)) = extra.filter(|e| e.0 == table.number()) {
                        if r == 0 {
                            cells.push((u32::MAX, format!("<td rowspan={header_rows}>{label}</td>")));
                        } else if r >= header_rows {
                            cells.push((u32::MAX, format!("<td>{figure}</td>")));
                        }
                    }
                    cells.sort();
                    out.push_str("<tr>");
                    cells.into_iter().for_each(|(_, html)| out.push_str(&html));
                    out.push_str("</tr>\n");
                }
                out.push_str("</table>\n");
            }
            _ => {}
        }
    }
    out.push_str("</body></html>\n");
    out
}
