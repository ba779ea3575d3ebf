//! A page's glyphs and grids as the document's grid, in reading order:
//! text lines, table rows; rows and paragraphs broken over lines or pages
//! joined; running heads, feet and page numbers dropped. Everything is
//! located by its page and box (points from the page's top-left).

use super::grid::{Grid, grids};
use super::{Glyph, Page};
use crate::read::grid::{self as doc, GridCell, Item, Text};
use crate::read::source::furniture::{is_page_number, shaped_page_number};
use crate::read::table::is_row_label;
use crate::{Bbox, Place};

/// A line of the output, with where it stands on its page: a line of
/// text, or a table row.
struct Placed {
    top: f32,
    text: String,
    /// The page (from 1) and the line's or row's box.
    page: u32,
    bbox: Bbox,
    /// A text line's glyph boxes, by the byte each character starts at.
    boxes: Vec<(u32, Bbox)>,
    row: Option<TableRow>,
    /// A line of text that runs to the right edge of the page's text: its
    /// paragraph may go on in the next line.
    full: bool,
    /// A line of text that starts right of the page's left edge (a new
    /// paragraph's indent).
    indented: bool,
    /// A line of glyphs a person does not see: named, never read.
    hidden: bool,
    /// A table's header row printed again at the top of a page the table
    /// goes on to: a row broken over the page goes on after it.
    repeat: bool,
}

/// A table row: its cells, each with the grid columns it covers counted
/// from the table's right edge (a page may lack a merged column on the
/// left, never the figures on the right), and the table it is a row of
/// (in the order of the document's tables).
struct TableRow {
    cells: Vec<(std::ops::RangeInclusive<usize>, String, GridCell)>,
    table: u32,
}

impl TableRow {
    /// The cell covering a column (counted from the right).
    fn at(&self, column: usize) -> Option<usize> {
        self.cells.iter().position(|(span, _, _)| span.contains(&column))
    }
}

/// The grid of every page, in reading order, running heads, feet and page
/// numbers dropped.
pub(super) fn grid(pages: &[Page]) -> doc::Grid {
    let mut tables = 0;
    let mut per_page: Vec<Vec<(Placed, bool)>> =
        pages.iter().enumerate().map(|(i, page)| page_lines(page, i, &mut tables)).collect();
    // Running heads and feet: margin lines that repeat on other pages
    // (digits aside) or are a page number.
    let key = |s: &str| s.chars().filter(|c| !c.is_ascii_digit() && !c.is_whitespace()).collect::<String>();
    let mut margin_keys: Vec<String> = Vec::new();
    for page in &per_page {
        let mut seen: Vec<String> = page.iter().filter(|(_, m)| *m).map(|(p, _)| key(&p.text)).collect();
        seen.sort();
        seen.dedup();
        margin_keys.extend(seen);
    }
    let repeated = |k: &String| margin_keys.iter().filter(|m| *m == k).count() >= 2;
    let mut kept: Vec<Placed> = Vec::new();
    for page in &mut per_page {
        let mut page_top = true;
        for (line, margin) in page.drain(..) {
            // (Digits alone are a page number or nothing of the margin's:
            // figures of a table's row at a page's top are kept.)
            let running = |k: String| !k.is_empty() && repeated(&k);
            // (A table's row printing figures beside other cells is neither.)
            let figures_row = line.row.as_ref().is_some_and(|r| {
                r.cells.iter().filter(|(_, t, _)| !t.is_empty()).count() > 1
                    && r.cells.iter().any(|(_, t, _)| figure(t))
            });
            if margin && !figures_row && (is_page_number(&line.text) || running(key(&line.text))) {
                // Unless it is the rest of a row's labels broken over the
                // page (`信息` opening two pages is no running head).
                if line.row.as_ref().is_some_and(|row| page_top && join_labels(&mut kept, row, page_top)) {
                    page_top = false;
                }
                continue;
            }
            if line.hidden {
                kept.push(line);
                continue;
            }
            // A table's header printed again at a page's top: what follows
            // still opens the page.
            if page_top
                && let Some(row) = &line.row
                && repeats_a_header(&kept, row)
            {
                kept.push(Placed { repeat: true, ..line });
                continue;
            }
            // A row that only carries on the labels of the row before it
            // (a label wrapped past a rule under its text, or a row broken
            // over a page) is joined to that row.
            if let Some(row) = &line.row
                && join_labels(&mut kept, row, page_top)
            {
                page_top = false;
                continue;
            }
            // A paragraph wrapped at the right edge goes on in this line,
            // unless it is indented or a heading.
            if let Some(previous) = kept.last_mut().filter(|p| p.row.is_none() && p.full && !p.hidden)
                && line.row.is_none()
                && !line.indented
                && !is_heading(&line.text)
            {
                let trimmed = line.text.trim();
                let shift = previous.text.len() as i64 - (trimmed.as_ptr() as i64 - line.text.as_ptr() as i64);
                previous.text.push_str(trimmed);
                // Boxes of another page are not this text's page's:
                // what goes on over a page is located by the line's.
                if previous.page == line.page {
                    let moved =
                        line.boxes.iter().map(|(at, b)| (u32::try_from(i64::from(*at) + shift).unwrap_or(0), *b));
                    previous.boxes.extend(moved);
                    previous.bbox = previous.bbox.union(line.bbox);
                }
                previous.full = line.full;
                page_top = false;
                continue;
            }
            page_top = false;
            kept.push(line);
        }
    }
    let mut items: Vec<Item> = Vec::with_capacity(kept.len());
    for p in kept {
        let place = Some(Place::Page { page: p.page, bbox: p.bbox });
        if p.hidden {
            items.push(Item::Hidden(Text::new(p.text, place)));
            continue;
        }
        match p.row {
            Some(row) => {
                let cells = row.cells.into_iter().map(|(_, text, cell)| GridCell { text, ..cell }).collect();
                let row_out = doc::Row { cells, place };
                match items.last_mut() {
                    Some(Item::Table(t)) if t.number == row.table => t.rows.push(row_out),
                    _ => items.push(Item::Table(doc::Table { number: row.table, rows: vec![row_out] })),
                }
            }
            None => items.push(Item::Text(Text { text: p.text, place, boxes: p.boxes })),
        }
    }
    doc::Grid::new(items)
}

/// Joins `row` to the rows above it where it only carries on their
/// labels: no figures in it, each of its texts under a label of the table
/// (in the nearest row above that has text in that column, a merged cell
/// being empty below its first row), the rows aligned at their right (a
/// page may lack a merged column on the left). The row just above must
/// hold figures, unless `row` opens a page (a header broken over a page
/// break). Rows of another table drawn on the same page carry on none of
/// its labels, and a row label whole (`行政强制` under `行政处罚`) is a row
/// of its own. Whether it was joined.
fn join_labels(kept: &mut [Placed], row: &TableRow, page_top: bool) -> bool {
    let same_table = |p: &Placed| p.row.as_ref().is_some_and(|r| page_top || r.table == row.table);
    // (A header printed again at the page's top stands between.)
    let table: Vec<usize> =
        (0..kept.len()).rev().filter(|&i| !kept[i].repeat).take_while(|&i| same_table(&kept[i])).collect();
    let Some(previous) = table.first().and_then(|&i| kept[i].row.as_ref()) else { return false };
    if !(page_top || previous.cells.iter().any(|(_, p, _)| figure(p))) || row.cells.iter().all(|(_, t, _)| t.is_empty())
    {
        return false;
    }
    // For each text of `row`: the row above holding the label it carries on.
    let mut targets = Vec::new();
    for (span, text, _) in row.cells.iter().filter(|(_, t, _)| !t.is_empty()) {
        if figure(text) {
            return false;
        }
        let label = table.iter().find_map(|&i| {
            let above = kept[i].row.as_ref()?;
            let at = above.at(*span.start())?;
            let (_, label, _) = &above.cells[at];
            (!label.is_empty()).then(|| (i, at, figure(label) || is_row_label(label)))
        });
        // Under a figure, or a row's label whole above or here (a row of its
        // own, with its cells left blank): not a label carried on.
        match label {
            Some((i, at, false)) if !is_row_label(text) => targets.push((i, at, text)),
            _ => return false,
        }
    }
    for (i, at, text) in targets {
        if let Some((_, cell, _)) = kept[i].row.as_mut().and_then(|r| r.cells.get_mut(at)) {
            cell.push_str(text);
        }
    }
    true
}

/// A figure as a table's cell prints it.
fn figure(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || ".,-+%/万元".contains(c))
}

/// The most rows a header printed again is looked for among: a table's
/// rows on the page before (a table of many more is not a report's).
const HEADER_LOOKBACK: usize = 256;

/// Whether `row` prints again, word for word, one of the rows of words kept
/// last on the pages before, with no text between (the header of the table
/// it goes on from).
fn repeats_a_header(kept: &[Placed], row: &TableRow) -> bool {
    fn texts(r: &TableRow) -> impl Iterator<Item = &str> {
        r.cells.iter().map(|(_, t, _)| t.as_str())
    }
    if texts(row).all(str::is_empty) || texts(row).any(figure) {
        return false;
    }
    kept.iter()
        .rev()
        .take(HEADER_LOOKBACK)
        .take_while(|p| p.row.is_some() || p.hidden)
        .filter_map(|p| p.row.as_ref())
        .any(|r| texts(r).eq(texts(row)))
}

/// A line that opens a section or a numbered part: `一、`, `（一）`, `1.`.
fn is_heading(line: &str) -> bool {
    let s = line.trim_start();
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    let after_numerals = s.trim_start_matches(numeral);
    (after_numerals.len() < s.len() && after_numerals.starts_with('、'))
        || s.strip_prefix(['（', '(']).is_some_and(|r| {
            let r = r.trim_start_matches(numeral);
            r.len() < s.len() - 3 && r.starts_with(['）', ')'])
        })
}

/// A page's top-left corner in PDF space (its media box's), from which
/// boxes are measured, y downwards, as pdfplumber measures them.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Origin {
    pub(super) left: f32,
    pub(super) top: f32,
    /// Where the page is read turned (`super::turn_upright`): the turn and
    /// the media box, to give boxes back in the page's own frame.
    pub(super) turn: Option<(i32, (f32, f32, f32, f32))>,
}

impl Origin {
    /// The box between two corners given in PDF space (y upwards), in the
    /// page's own frame.
    pub(super) fn bbox(self, x0: f32, y0: f32, x1: f32, y1: f32) -> Bbox {
        let (x0, y0, x1, y1) = match self.turn {
            Some((turn, media)) => {
                // Turned back: the turn that undoes it is its complement.
                let back = |x, y| super::upright((360 - turn) % 360, turned_media(turn, media), x, y);
                let ((ax, ay), (bx, by)) = (back(x0, y0), back(x1, y1));
                (ax.min(bx), ay.min(by), ax.max(bx), ay.max(by))
            }
            None => (x0, y0, x1, y1),
        };
        Bbox::new(x0 - self.left, self.top - y1, x1 - self.left, self.top - y0)
    }
}

/// The media box as it stands once turned: a quarter turn swaps its sides.
fn turned_media(turn: i32, (left, bottom, width, height): (f32, f32, f32, f32)) -> (f32, f32, f32, f32) {
    match turn {
        90 | 270 => (left, bottom, height, width),
        _ => (left, bottom, width, height),
    }
}

/// A glyph's box, from its page's top-left.
fn bbox_of(g: &Glyph, origin: Origin) -> Bbox {
    origin.bbox(g.x0, g.y0, g.x1, g.y1)
}

/// The box holding some glyphs.
fn bbox_around<'g>(glyphs: impl Iterator<Item = &'g Glyph>, origin: Origin) -> Bbox {
    glyphs.map(|g| bbox_of(g, origin)).reduce(Bbox::union).unwrap_or_else(|| Bbox::new(0.0, 0.0, 0.0, 0.0))
}

/// One page's lines (page `index`, from 0), each marked whether it lies
/// in the top or bottom margin (where running heads and page numbers
/// are); `tables` counts the tables drawn so far.
fn page_lines(page: &Page, index: usize, tables: &mut u32) -> Vec<(Placed, bool)> {
    let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
    let mut grids = grids(page);
    // Numbered as read: top to bottom (y grows upwards).
    grids.sort_by(|a, b| b.ys[0].total_cmp(&a.ys[0]));
    let mut in_table = vec![false; page.glyphs.len()];
    let mut placed: Vec<Placed> = Vec::new();
    for grid in &mut grids {
        let mut cells: Vec<Vec<Glyph>> = vec![Vec::new(); grid.owner.len()];
        for (i, g) in page.glyphs.iter().enumerate() {
            if let Some(at) = grid.cell_at(g.cx(), g.cy()) {
                cells[grid.owner[at]].push(*g);
                in_table[i] = true;
            }
        }
        grid.part_figures(&mut cells);
        *tables = tables.saturating_add(1);
        placed.extend(table_rows(grid, &cells, page.origin, number, *tables));
    }
    let rest: Vec<Glyph> = page.glyphs.iter().zip(&in_table).filter(|(_, t)| !**t).map(|(g, _)| *g).collect();
    let text_lines = text_lines(&rest);
    // Without a table drawn, lines keep their columns (stream tables).
    let laid_out = grids.is_empty();
    let unit = median(rest.iter().map(Glyph::height)).unwrap_or(10.0) / 2.0;
    let left = rest.iter().map(|g| g.x0).fold(f32::INFINITY, f32::min);
    let right = rest.iter().map(|g| g.x1).fold(f32::NEG_INFINITY, f32::max);
    for line in &text_lines {
        let columns = laid_out && has_columns(line, unit);
        let mut boxes = Vec::with_capacity(line.len());
        let text = if columns {
            laid_out_text(line, left, unit, page.origin, &mut boxes)
        } else {
            cell_text(std::slice::from_ref(line), page.origin, &mut boxes)
        };
        let (Some(first), Some(last)) = (line.first(), line.last()) else { continue };
        let top = line.iter().map(|g| g.y1).fold(f32::NEG_INFINITY, f32::max);
        let full = !columns && last.x1 >= right - unit * 4.0;
        let indented = first.x0 > left + unit * 1.5;
        let bbox = bbox_around(line.iter(), page.origin);
        placed.push(Placed {
            top,
            text,
            page: number,
            bbox,
            boxes,
            row: None,
            full,
            indented,
            hidden: false,
            repeat: false,
        });
    }
    for line in self::text_lines(&page.hidden) {
        let mut boxes = Vec::new();
        let text = cell_text(std::slice::from_ref(&line), page.origin, &mut boxes);
        let top = line.iter().map(|g| g.y1).fold(f32::NEG_INFINITY, f32::max);
        let bbox = bbox_around(line.iter(), page.origin);
        placed.push(Placed {
            top,
            text,
            page: number,
            bbox,
            boxes: Vec::new(),
            row: None,
            full: false,
            indented: false,
            hidden: true,
            repeat: false,
        });
    }
    placed.sort_by(|a, b| b.top.total_cmp(&a.top));
    placed.retain(|p| !p.text.trim().is_empty());
    let last = placed.len().saturating_sub(1);
    placed
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let near_an_edge = |share: f32| p.top > page.height * (1.0 - share) || p.top < page.height * share;
            // An official document's page number (`- 3 -`, GB/T 9704) stands
            // 7 mm under the text, past the 6% where running heads are:
            // the page's first or last line, in a page number's shape,
            // outside any table, drawn or laid out in columns (`-  5  -` is
            // a figure between placeholders on a page without rules).
            let official_page_number = (i == 0 || i == last)
                && p.row.is_none()
                && !p.hidden
                && !p.text.contains("  ")
                && near_an_edge(PAGE_NUMBER_BAND)
                && shaped_page_number(&p.text).is_some();
            let in_margin = page.height > 0.0 && (near_an_edge(0.06) || official_page_number);
            (p, in_margin)
        })
        .collect()
}

/// How near a page's top or bottom edge, as a share of its height, a
/// decorated page number is looked for: an official document's stands
/// about 30 mm over the foot of an A4 page (10%).
const PAGE_NUMBER_BAND: f32 = 0.15;

/// A table's rows: a merged cell once in its first row (its place, empty,
/// in the rows below it), once across its columns; each cell located by
/// the box its rules draw, on page `page` (its corner at `origin`).
fn table_rows(grid: &Grid, cells: &[Vec<Glyph>], origin: Origin, page: u32, table: u32) -> Vec<Placed> {
    let cols = grid.cols();
    // Each merged cell's last row and column.
    let mut extent: Vec<(usize, usize)> = (0..grid.owner.len()).map(|i| (i / cols, i % cols)).collect();
    for (i, &owner) in grid.owner.iter().enumerate() {
        let e = &mut extent[owner];
        *e = (e.0.max(i / cols), e.1.max(i % cols));
    }
    let boxed = |owner: usize| {
        let (r0, c0) = (owner / cols, owner % cols);
        let (r1, c1) = extent[owner];
        origin.bbox(grid.xs[c0], grid.ys[r1 + 1], grid.xs[c1 + 1], grid.ys[r0])
    };
    let count = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    let mut rows = Vec::with_capacity(grid.rows());
    for r in 0..grid.rows() {
        let mut row = TableRow { cells: Vec::with_capacity(cols), table };
        for c in 0..cols {
            let me = r * cols + c;
            let owner = grid.owner[me];
            // Columns counted from the right edge.
            let from_right = cols - 1 - c;
            if c > 0 && grid.owner[me - 1] == owner {
                if let Some((span, _, _)) = row.cells.last_mut() {
                    *span = from_right..=*span.end();
                }
                continue;
            }
            let place = Some(Place::Page { page, bbox: boxed(owner) });
            let (r1, c1) = extent[owner];
            let width = count(c1 + 1 - owner % cols);
            let cell = if owner / cols < r {
                GridCell::covered(count(c), width, place)
            } else {
                GridCell::new(String::new(), count(c), (count(r1 + 1 - r), width), place)
            };
            let text = if owner / cols < r {
                String::new()
            } else {
                cell_text(&text_lines(&cells[owner]), origin, &mut Vec::new())
            };
            row.cells.push((from_right..=from_right, text, cell));
        }
        if row.cells.iter().any(|(_, t, _)| !t.is_empty()) {
            let text = row.cells.iter().map(|(_, t, _)| t.as_str()).collect::<Vec<_>>().join("\t");
            let bbox = origin.bbox(grid.xs[0], grid.ys[r + 1], grid.xs[cols], grid.ys[r]);
            rows.push(Placed {
                top: grid.ys[r],
                text,
                page,
                bbox,
                boxes: Vec::new(),
                row: Some(row),
                full: false,
                indented: false,
                hidden: false,
                repeat: false,
            });
        }
    }
    rows
}

/// Glyphs grouped into lines (their centres within half a glyph's height
/// of each other), top to bottom, each left to right.
fn text_lines(glyphs: &[Glyph]) -> Vec<Vec<Glyph>> {
    let mut sorted = glyphs.to_vec();
    sorted.sort_by(|a, b| b.cy().total_cmp(&a.cy()));
    let mut lines: Vec<Vec<Glyph>> = Vec::new();
    for g in sorted {
        match lines.last_mut() {
            Some(line) if line.first().is_some_and(|f| (f.cy() - g.cy()).abs() <= f.height().min(g.height()) / 2.0) => {
                line.push(g)
            }
            _ => lines.push(vec![g]),
        }
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    lines
}

/// The text of lines read one after another: glyphs joined, a space only
/// where a gap parts a Latin letter or digit from what stands beside it
/// (`申请人情况 508`: a figure apart from a label is no part of it; CJK
/// text has no spaces). Each
/// glyph's box (on a page whose corner is `origin`) is put in `boxes` by
/// its byte.
fn cell_text(lines: &[Vec<Glyph>], origin: Origin, boxes: &mut Vec<(u32, Bbox)>) -> String {
    let mut out = String::new();
    let figure = lines.iter().flatten().any(|g| g.c.is_ascii_digit());
    for line in lines {
        let mut prev: Option<&Glyph> = None;
        for (k, g) in line.iter().enumerate() {
            if figure && is_stray_mark(line, k) {
                continue;
            }
            if let Some(p) = prev {
                let gap = g.x0 - p.x1;
                if gap > p.height() * 0.25 && (p.c.is_ascii_alphanumeric() || g.c.is_ascii_alphanumeric()) {
                    out.push(' ');
                }
            }
            boxes.push((u32::try_from(out.len()).unwrap_or(u32::MAX), bbox_of(g, origin)));
            out.push(g.c);
            prev = Some(g);
        }
    }
    out
}

/// Whether the `k`-th glyph of a line of a cell that holds a figure is a
/// mark standing apart from it (a dot or comma a glyph's height or more
/// from any digit, or on a line of its own): a person reads the figure
/// alone, and so does the reader. A mark close to its digits is part of
/// the text.
fn is_stray_mark(line: &[Glyph], k: usize) -> bool {
    let g = &line[k];
    let apart = |other: Option<&Glyph>, gap: &dyn Fn(&Glyph) -> f32| {
        other.is_none_or(|o| o.c.is_ascii_digit() && gap(o) >= g.height().max(o.height()))
    };
    matches!(g.c, '.' | ',' | '·' | '。' | '、' | '，' | '．' | '\'' | '`')
        && apart(k.checked_sub(1).map(|p| &line[p]), &|o| g.x0 - o.x1)
        && apart(line.get(k + 1), &|o| o.x0 - g.x1)
}

/// A line laid out by x: each glyph at the column its left edge falls in
/// (a column is half the usual glyph's height, so that a CJK glyph takes
/// two, as `pdftotext -layout` lays them out).
fn laid_out_text(line: &[Glyph], left: f32, unit: f32, origin: Origin, boxes: &mut Vec<(u32, Bbox)>) -> String {
    let mut out = String::new();
    let mut column = 0usize;
    let mut prev: Option<&Glyph> = None;
    for g in line {
        // Glyphs of one word or figure run on; a gap wider than a glyph
        // starts a column where its x says.
        if prev.is_none_or(|p| g.x0 - p.x1 > unit * 1.5) {
            let want = (((g.x0 - left) / unit).round().max(0.0) as usize).min(4096);
            let want = if prev.is_some() { want.max(column + 2) } else { want };
            out.extend(std::iter::repeat_n(' ', want.saturating_sub(column)));
            column = column.max(want);
        }
        boxes.push((u32::try_from(out.len()).unwrap_or(u32::MAX), bbox_of(g, origin)));
        out.push(g.c);
        column += if (g.c as u32) < 0x1100 { 1 } else { 2 };
        prev = Some(g);
    }
    out
}

/// Whether a line has a gap wider than a glyph and a half: columns, not
/// prose.
fn has_columns(line: &[Glyph], unit: f32) -> bool {
    line.windows(2).any(|w| w[1].x0 - w[0].x1 > unit * 1.5)
}

fn median(values: impl Iterator<Item = f32>) -> Option<f32> {
    let mut v: Vec<f32> = values.filter(|x| x.is_finite()).collect();
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs 6 points wide and 10 high, each at its x.
    fn line(glyphs: &[(char, f32)]) -> Vec<Glyph> {
        glyphs.iter().map(|&(c, x)| Glyph { c, x0: x, x1: x + 6.0, y0: 0.0, y1: 10.0 }).collect()
    }

    #[test]
    fn a_mark_apart_from_its_figure_does_not_join_it() {
        let text = |lines: &[Vec<Glyph>]| cell_text(lines, Origin::default(), &mut Vec::new());
        assert_eq!(text(&[line(&[('7', 0.0), ('2', 6.0), ('.', 30.0)])]), "72");
        assert_eq!(text(&[line(&[('7', 0.0), ('2', 6.0)]), line(&[('.', 3.0)])]), "72");
        // Close to its digits, a mark is the figure's (and is no number).
        assert_eq!(text(&[line(&[('7', 0.0), ('2', 6.0), ('.', 12.5)])]), "72.");
        assert_eq!(text(&[line(&[('9', 0.0), ('.', 6.0), ('3', 12.0)])]), "9.3");
        // In a label, it stays.
        assert_eq!(text(&[line(&[('1', 0.0), ('.', 6.0), ('本', 12.0)])]), "1.本");
        assert_eq!(text(&[line(&[('.', 0.0)])]), ".");
    }
}
