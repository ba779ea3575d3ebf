//! The PDF source (feature `pdf`): the glyphs and drawn rules of each page,
//! from `pdf_oxide`, turned into the lines the reader reads — a line for
//! each line of text outside tables, and for each table a line per row
//! with its cells separated by tabs, as the Word source gives them.
//!
//! Tables are rebuilt from the page's geometry:
//!
//! - **lattice** — where rules are drawn (lines, or thin filled
//!   rectangles as Chromium draws borders), the rules that touch make a
//!   table; the x of its vertical rules and the y of its horizontal rules
//!   make a grid; two neighbouring grid cells with no rule between them are
//!   one merged cell. Each glyph goes to the cell its centre falls in, so a
//!   label wrapped over several lines stays in its one cell. A cell
//!   spanning columns counts once in its row; a cell continuing a merge
//!   from the row above stands empty.
//! - **stream** — on a page with no table drawn, each line of text is laid
//!   out by the x of its glyphs, columns apart as printed, as
//!   `pdftotext -layout` does; the reader's aligned-columns reader takes the
//!   columns from there.
//!
//! A table continued on the next page is read on: its rows follow the
//! previous page's (a repeated header is skipped by the table reader).
//! Page numbers and running heads and feet — lines in the page's top or
//! bottom margin that are a page number or repeat on other pages — are
//! dropped.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pdf_oxide::elements::PathOperation;
use pdf_oxide::PdfDocument;

use super::{text, Options, Parsed, ReadError};

/// Why a PDF file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// Not a PDF file, or one too damaged to open.
    #[error("not a readable PDF file: {0}")]
    Damaged(String),
    /// The file is encrypted and its text cannot be read without the
    /// password.
    #[error("the PDF file is encrypted: its text cannot be read without the password")]
    Encrypted,
    /// The pages are images only (a scan): there is no text to read.
    #[error("the PDF file has no text layer ({pages} page(s) of images only, as a scan has): it needs OCR first")]
    Scanned {
        /// How many pages the file has.
        pages: usize,
    },
    /// Neither text nor images on any page.
    #[error("the PDF file has no text on any of its {pages} page(s)")]
    NoText {
        /// How many pages the file has.
        pages: usize,
    },
    /// The fonts do not say which characters their glyphs are (no
    /// `ToUnicode` map): the text comes out as codes, not characters.
    #[error("the PDF file's fonts do not map to Unicode: {unmapped} of {glyphs} glyphs have no character")]
    NoUnicode {
        /// Glyphs with no character (U+FFFD, private use, control codes).
        unmapped: usize,
        /// All glyphs.
        glyphs: usize,
    },
    /// The PDF library failed on this file.
    #[error("the PDF library failed on this file")]
    Library,
}

/// Reads a report from the bytes of its PDF file.
pub(crate) fn read(bytes: &[u8], options: &Options) -> Result<Parsed, ReadError> {
    let lines = document_text(bytes)?;
    Ok(text::read_lines(&lines, options, true)?)
}

/// The document as the lines the reader reads: text outside tables line
/// by line, table rows with cells separated by tabs.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let pdf = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fixtures/pdf/pingtan-2022.lo.pdf"))?;
/// let text = disclosure_report::read::pdf::document_text(&pdf)?;
/// assert!(text.lines().any(|l| l == "行政规范性文件\t88\t55\t698"));
/// # Ok(()) }
/// ```
///
/// # Errors
///
/// [`PdfError`] where the file cannot be opened, is encrypted, has no
/// text layer or fonts that do not map to Unicode.
pub fn document_text(bytes: &[u8]) -> Result<String, PdfError> {
    // The PDF library is the one part that may panic on a damaged file:
    // its panic is this file's error, not the caller's crash. What this
    // module does with the glyphs runs outside, where a panic is a bug.
    let pages = catch_unwind(AssertUnwindSafe(|| pages(bytes))).map_err(|_| PdfError::Library)??;
    Ok(lines(&pages).join("\n"))
}

/// A glyph: its character and box (PDF space: y grows upwards).
#[derive(Clone, Copy, Debug)]
struct Glyph {
    c: char,
    x0: f32,
    x1: f32,
    y0: f32,
    y1: f32,
}

impl Glyph {
    fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
    fn height(&self) -> f32 {
        (self.y1 - self.y0).max(1.0)
    }
}

/// A drawn rule: horizontal at y = `at` (or vertical at x = `at`), from
/// `from` to `to` along it.
#[derive(Clone, Copy, Debug)]
struct Rule {
    at: f32,
    from: f32,
    to: f32,
}

/// What a page holds.
#[derive(Debug, Default)]
struct Page {
    glyphs: Vec<Glyph>,
    horizontal: Vec<Rule>,
    vertical: Vec<Rule>,
    height: f32,
}

/// Rules closer than this (points) are one; a glyph this far outside a
/// rule still touches it.
const SNAP: f32 = 2.0;

/// A filled rectangle thinner than this (points) is a rule.
const THIN: f32 = 2.5;

/// Every page's glyphs and rules.
fn pages(bytes: &[u8]) -> Result<Vec<Page>, PdfError> {
    // A PDF ends at its last `%%EOF` (an update appends after an earlier
    // one, and ends with its own): what follows is not the file's, and
    // the library is not given it to hold and scan.
    let end = bytes.windows(5).rposition(|w| w == b"%%EOF").map_or(bytes.len(), |at| at + 5);
    let doc = PdfDocument::from_bytes(bytes[..end].to_vec()).map_err(|e| PdfError::Damaged(e.to_string()))?;
    let count = doc.page_count().map_err(|e| PdfError::Damaged(e.to_string()))?;
    let mut pages = Vec::with_capacity(count);
    for i in 0..count {
        let mut page = Page::default();
        if let Ok((_, y0, _, y1)) = doc.get_page_media_box(i) {
            page.height = (y1 - y0).abs();
        }
        for span in doc.extract_spans(i).unwrap_or_default() {
            for ch in span.to_chars() {
                let b = ch.bbox;
                if ch.char.is_whitespace() || ![b.x, b.y, b.width, b.height].iter().all(|v| v.is_finite()) {
                    continue;
                }
                page.glyphs.push(Glyph { c: ch.char, x0: b.x, x1: b.x + b.width, y0: b.y, y1: b.y + b.height });
            }
        }
        for path in doc.extract_paths(i).unwrap_or_default() {
            rules_of(&path, &mut page);
        }
        pages.push(page);
    }
    if pages.iter().all(|p| p.glyphs.is_empty()) {
        if doc.is_encrypted() {
            return Err(PdfError::Encrypted);
        }
        let images = (0..count).any(|i| doc.extract_images(i).is_ok_and(|v| !v.is_empty()));
        return Err(if images { PdfError::Scanned { pages: count } } else { PdfError::NoText { pages: count } });
    }
    mapped_to_unicode(pages.iter().flat_map(|p| &p.glyphs))?;
    Ok(pages)
}

/// Refuses text of which more than a fifth has no character: U+FFFD,
/// control codes or private-use code points are what a font without a
/// `ToUnicode` map gives.
fn mapped_to_unicode<'a>(glyphs: impl Iterator<Item = &'a Glyph>) -> Result<(), PdfError> {
    let (mut unmapped, mut all) = (0, 0);
    for g in glyphs {
        all += 1;
        if g.c == '\u{fffd}' || g.c.is_control() || ('\u{e000}'..='\u{f8ff}').contains(&g.c) {
            unmapped += 1;
        }
    }
    if unmapped * 5 > all {
        Err(PdfError::NoUnicode { unmapped, glyphs: all })
    } else {
        Ok(())
    }
}

/// The rules a drawn path makes: its axis-parallel stroked lines and
/// rectangle edges, and filled rectangles thin enough to be a line.
fn rules_of(path: &pdf_oxide::elements::PathContent, page: &mut Page) {
    let b = path.bbox;
    if ![b.x, b.y, b.width, b.height].iter().all(|v| v.is_finite()) {
        return;
    }
    let horizontal = |y: f32, x0: f32, x1: f32| Rule { at: y, from: x0.min(x1), to: x0.max(x1) };
    // A whole path thinner than a rule, stroked or filled, is one rule.
    if b.height <= THIN && b.width > THIN {
        page.horizontal.push(horizontal(b.y + b.height / 2.0, b.x, b.x + b.width));
        return;
    }
    if b.width <= THIN && b.height > THIN {
        page.vertical.push(horizontal(b.x + b.width / 2.0, b.y, b.y + b.height));
        return;
    }
    if path.stroke_color.is_none() {
        return;
    }
    // A stroked path: each axis-parallel piece, and each rectangle's edges.
    let mut at = (0.0f32, 0.0f32);
    let mut start = at;
    for op in &path.operations {
        match *op {
            PathOperation::MoveTo(x, y) => {
                at = (x, y);
                start = at;
            }
            PathOperation::LineTo(x, y) => {
                segment(at, (x, y), page);
                at = (x, y);
            }
            PathOperation::ClosePath => {
                segment(at, start, page);
                at = start;
            }
            PathOperation::CurveTo(.., x, y) => at = (x, y),
            PathOperation::Rectangle(x, y, w, h) => {
                let corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)];
                for pair in corners.windows(2) {
                    segment(pair[0], pair[1], page);
                }
                at = (x, y);
                start = at;
            }
        }
    }
}

fn segment((x0, y0): (f32, f32), (x1, y1): (f32, f32), page: &mut Page) {
    if ![x0, y0, x1, y1].iter().all(|v| v.is_finite()) {
        return;
    }
    if (y0 - y1).abs() < 0.5 && (x0 - x1).abs() > THIN {
        page.horizontal.push(Rule { at: y0, from: x0.min(x1), to: x0.max(x1) });
    } else if (x0 - x1).abs() < 0.5 && (y0 - y1).abs() > THIN {
        page.vertical.push(Rule { at: x0, from: y0.min(y1), to: y0.max(y1) });
    }
}

/// Rules on one line (`at` within [`SNAP`]) joined where they meet or
/// overlap; each kept at its line's first `at`.
fn merged(mut rules: Vec<Rule>) -> Vec<Rule> {
    rules.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    // Snap each rule's `at` to its line's.
    let mut line_at = f32::NEG_INFINITY;
    for r in &mut rules {
        if r.at - line_at > SNAP {
            line_at = r.at;
        }
        r.at = line_at;
    }
    rules.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    let mut out: Vec<Rule> = Vec::with_capacity(rules.len());
    for r in rules {
        match out.last_mut() {
            Some(last) if last.at == r.at && r.from <= last.to + SNAP => last.to = last.to.max(r.to),
            _ => out.push(r),
        }
    }
    out
}

/// A table rebuilt from its rules.
#[derive(Debug)]
struct Grid {
    /// The vertical rules' x, left to right.
    xs: Vec<f32>,
    /// The horizontal rules' y, top to bottom (descending).
    ys: Vec<f32>,
    /// For each grid cell (row-major), the merged cell it belongs to: the
    /// index of that cell's top-left grid cell.
    owner: Vec<usize>,
}

impl Grid {
    fn rows(&self) -> usize {
        self.ys.len() - 1
    }
    fn cols(&self) -> usize {
        self.xs.len() - 1
    }

    /// The grid cell a point falls in.
    fn cell_at(&self, x: f32, y: f32) -> Option<usize> {
        let c = self.xs.windows(2).position(|w| w[0] <= x && x < w[1])?;
        let r = self.ys.windows(2).position(|w| w[0] >= y && y > w[1])?;
        Some(r * self.cols() + c)
    }
}

/// The tables drawn on a page: groups of rules that touch, with at least
/// two rules each way.
fn grids(page: &Page) -> Vec<Grid> {
    let rules: Vec<Rule> = page.horizontal.iter().filter(|r| !underlines(r, &page.glyphs)).copied().collect();
    let h = merged(rules);
    let v = merged(page.vertical.clone());
    let touches = |h: &Rule, v: &Rule| {
        v.at >= h.from - SNAP && v.at <= h.to + SNAP && h.at >= v.from - SNAP && h.at <= v.to + SNAP
    };
    // Union-find over the rules: horizontal ones first, then vertical.
    let mut parent: Vec<usize> = (0..h.len() + v.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, hr) in h.iter().enumerate() {
        for (j, vr) in v.iter().enumerate() {
            if touches(hr, vr) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, h.len() + j));
                parent[a] = b;
            }
        }
    }
    let mut groups: Vec<(usize, Vec<Rule>, Vec<Rule>)> = Vec::new();
    for (i, r) in h.iter().chain(&v).enumerate() {
        let g = root(&mut parent, i);
        let at = match groups.iter().position(|(k, _, _)| *k == g) {
            Some(at) => at,
            None => {
                groups.push((g, Vec::new(), Vec::new()));
                groups.len() - 1
            }
        };
        if i < h.len() {
            groups[at].1.push(*r);
        } else {
            groups[at].2.push(*r);
        }
    }
    groups.into_iter().filter_map(|(_, h, v)| grid(&h, &v)).collect()
}

/// Whether a horizontal rule underlines text rather than parting cells: it
/// runs just under a line of glyphs (their bottom at most 3.5 points above
/// it) from the first glyph's left edge to the last one's right edge. Word
/// and LibreOffice draw such a rule under every underlined line, which
/// would otherwise cut a wrapped label into rows.
fn underlines(rule: &Rule, glyphs: &[Glyph]) -> bool {
    let above = glyphs
        .iter()
        .filter(|g| g.y0 >= rule.at - 0.5 && g.y0 <= rule.at + 3.5 && g.x1 > rule.from + 0.5 && g.x0 < rule.to - 0.5);
    let (x0, x1) = above.fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), g| (a.min(g.x0), b.max(g.x1)));
    (x0 - rule.from).abs() <= 1.5 && (x1 - rule.to).abs() <= 1.5
}

/// The grid of one group of rules, merged cells found where a rule is
/// missing between neighbours.
fn grid(h: &[Rule], v: &[Rule]) -> Option<Grid> {
    let lines = |rules: &[Rule]| {
        let mut ats: Vec<f32> = rules.iter().map(|r| r.at).collect();
        ats.sort_by(f32::total_cmp);
        ats.dedup_by(|a, b| (*a - *b).abs() <= SNAP);
        ats
    };
    let mut xs = lines(v);
    let mut ys = lines(h);
    // Rules that run past the outermost crossing ones close the grid where
    // no rule is drawn: a row at the top of a page whose top border was
    // drawn on the page before, a column whose outer border is missing.
    let reach = |rules: &[Rule]| {
        let from = rules.iter().map(|r| r.from).fold(f32::INFINITY, f32::min);
        let to = rules.iter().map(|r| r.to).fold(f32::NEG_INFINITY, f32::max);
        (from, to)
    };
    let (v_from, v_to) = reach(v);
    let (h_from, h_to) = reach(h);
    for (lines, (from, to)) in [(&mut ys, (v_from, v_to)), (&mut xs, (h_from, h_to))] {
        if let (Some(&first), Some(&last)) = (lines.first(), lines.last()) {
            if from.is_finite() && from < first - SNAP * 4.0 {
                lines.insert(0, from);
            }
            if to.is_finite() && to > last + SNAP * 4.0 {
                lines.push(to);
            }
        }
    }
    ys.reverse();
    if xs.len() < 2 || ys.len() < 2 {
        return None;
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    // Whether a rule runs along `at` across the point `across`.
    let ruled = |rules: &[Rule], at: f32, across: f32| {
        rules.iter().any(|r| (r.at - at).abs() <= SNAP && r.from - SNAP <= across && across <= r.to + SNAP)
    };
    let mut owner: Vec<usize> = (0..rows * cols).collect();
    for r in 0..rows {
        let mid_y = (ys[r] + ys[r + 1]) / 2.0;
        for c in 0..cols {
            let mid_x = (xs[c] + xs[c + 1]) / 2.0;
            let me = r * cols + c;
            // Joined to the left neighbour where no vertical rule parts them.
            if c > 0 && !ruled(v, xs[c], mid_y) {
                owner[me] = owner[me - 1];
            } else if r > 0 && !ruled(h, ys[r], mid_x) {
                owner[me] = owner[me - cols];
            }
        }
    }
    // A merged cell that is not a rectangle is geometry no table has: the
    // rules are not read as one (its glyphs are read as lines, and the
    // reader says what it cannot place).
    let rectangular = (0..owner.len()).filter(|&i| owner[i] == i).all(|top_left| {
        let members: Vec<usize> = (0..owner.len()).filter(|&i| owner[i] == top_left).collect();
        let (r0, c0) = (top_left / cols, top_left % cols);
        let r1 = members.iter().map(|i| i / cols).max().unwrap_or(r0);
        let c1 = members.iter().map(|i| i % cols).max().unwrap_or(c0);
        members.len() == (r1 - r0 + 1) * (c1 - c0 + 1) && members.iter().all(|i| i / cols >= r0 && i % cols >= c0)
    });
    rectangular.then_some(Grid { xs, ys, owner })
}

/// A line of the output, with where it stands on its page: a line of
/// text, or a table row.
struct Placed {
    top: f32,
    text: String,
    row: Option<TableRow>,
    /// A line of text that runs to the right edge of the page's text: its
    /// paragraph may go on in the next line.
    full: bool,
    /// A line of text that starts right of the page's left edge (a new
    /// paragraph's indent).
    indented: bool,
}

/// A table row: its cells, each with the grid columns it covers counted
/// from the table's right edge (a page may lack a merged column on the
/// left, never the figures on the right).
struct TableRow {
    cells: Vec<(std::ops::RangeInclusive<usize>, String)>,
}

impl TableRow {
    /// The cell covering a column (counted from the right).
    fn at(&self, column: usize) -> Option<usize> {
        self.cells.iter().position(|(span, _)| span.contains(&column))
    }
}

/// The lines of every page, in reading order, running heads, feet and
/// page numbers dropped.
fn lines(pages: &[Page]) -> Vec<String> {
    let mut per_page: Vec<Vec<(Placed, bool)>> = pages.iter().map(page_lines).collect();
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
            if margin && (is_page_number(&line.text) || repeated(&key(&line.text))) {
                continue;
            }
            // A row that only carries on the labels of the row before it
            // (a label wrapped past a rule under its text, or a row broken
            // over a page) is joined to that row.
            if let Some(row) = &line.row {
                if join_labels(&mut kept, row, page_top) {
                    page_top = false;
                    continue;
                }
            }
            // A paragraph wrapped at the right edge goes on in this line,
            // unless it is indented or a heading.
            if let Some(previous) = kept.last_mut().filter(|p| p.row.is_none() && p.full) {
                if line.row.is_none() && !line.indented && !is_heading(&line.text) {
                    previous.text.push_str(line.text.trim());
                    previous.full = line.full;
                    page_top = false;
                    continue;
                }
            }
            page_top = false;
            kept.push(line);
        }
    }
    kept.into_iter()
        .map(|p| match p.row {
            Some(row) => row.cells.into_iter().map(|(_, text)| text).collect::<Vec<_>>().join("\t"),
            None => p.text,
        })
        .collect()
}

/// Joins `row` to the rows above it where it only carries on their
/// labels: no figures in it, each of its texts under a label of the table
/// (in the nearest row above that has text in that column, a merged cell
/// being empty below its first row), the rows aligned at their right (a
/// page may lack a merged column on the left). The row just above must
/// hold figures, unless `row` opens a page (a header broken over a page
/// break). Whether it was joined.
fn join_labels(kept: &mut [Placed], row: &TableRow, page_top: bool) -> bool {
    let figure = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || ".,-+%/万元".contains(c));
    let table: Vec<usize> = (0..kept.len()).rev().take_while(|&i| kept[i].row.is_some()).collect();
    let Some(previous) = table.first().and_then(|&i| kept[i].row.as_ref()) else { return false };
    if !(page_top || previous.cells.iter().any(|(_, p)| figure(p))) || row.cells.iter().all(|(_, t)| t.is_empty()) {
        return false;
    }
    // For each text of `row`: the row above holding the label it carries on.
    let mut targets = Vec::new();
    for (span, text) in row.cells.iter().filter(|(_, t)| !t.is_empty()) {
        if figure(text) {
            return false;
        }
        let label = table.iter().find_map(|&i| {
            let above = kept[i].row.as_ref()?;
            let at = above.at(*span.start())?;
            let (_, label) = &above.cells[at];
            (!label.is_empty()).then_some((i, at, figure(label)))
        });
        match label {
            Some((i, at, false)) => targets.push((i, at, text)),
            _ => return false,
        }
    }
    for (i, at, text) in targets {
        if let Some((_, cell)) = kept[i].row.as_mut().and_then(|r| r.cells.get_mut(at)) {
            cell.push_str(text);
        }
    }
    true
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

/// `3`, `- 3 -`, `第3页`, `第 3 页 共 10 页`, `3 / 10`.
fn is_page_number(s: &str) -> bool {
    let rest: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    !rest.is_empty()
        && rest.chars().any(|c| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_digit() || "-—–/第页共()（）".contains(c))
}

/// One page's lines, each marked whether it lies in the top or bottom
/// margin (where running heads and page numbers are).
fn page_lines(page: &Page) -> Vec<(Placed, bool)> {
    let grids = grids(page);
    let mut in_table = vec![false; page.glyphs.len()];
    let mut placed: Vec<Placed> = Vec::new();
    for grid in &grids {
        let mut cells: Vec<Vec<Glyph>> = vec![Vec::new(); grid.owner.len()];
        for (i, g) in page.glyphs.iter().enumerate() {
            if let Some(at) = grid.cell_at(g.cx(), g.cy()) {
                cells[grid.owner[at]].push(*g);
                in_table[i] = true;
            }
        }
        placed.extend(table_rows(grid, &cells));
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
        let text = if columns { laid_out_text(line, left, unit) } else { cell_text(std::slice::from_ref(line)) };
        let (Some(first), Some(last)) = (line.first(), line.last()) else { continue };
        let top = line.iter().map(|g| g.y1).fold(f32::NEG_INFINITY, f32::max);
        let full = !columns && last.x1 >= right - unit * 4.0;
        let indented = first.x0 > left + unit * 1.5;
        placed.push(Placed { top, text, row: None, full, indented });
    }
    placed.sort_by(|a, b| b.top.total_cmp(&a.top));
    let margin = page.height * 0.06;
    placed
        .into_iter()
        .filter(|p| !p.text.trim().is_empty())
        .map(|p| {
            let in_margin = page.height > 0.0 && (p.top > page.height - margin || p.top < margin);
            (p, in_margin)
        })
        .collect()
}

/// A table's rows as lines: cells separated by tabs, a merged cell once in
/// its first row (empty in the rows below it), once across its columns.
fn table_rows(grid: &Grid, cells: &[Vec<Glyph>]) -> Vec<Placed> {
    let cols = grid.cols();
    let mut rows = Vec::with_capacity(grid.rows());
    for r in 0..grid.rows() {
        let mut row = TableRow { cells: Vec::with_capacity(cols) };
        for c in 0..cols {
            let me = r * cols + c;
            let owner = grid.owner[me];
            // Columns counted from the right edge.
            let from_right = cols - 1 - c;
            if c > 0 && grid.owner[me - 1] == owner {
                if let Some((span, _)) = row.cells.last_mut() {
                    *span = from_right..=*span.end();
                }
                continue;
            }
            let text = if owner / cols < r { String::new() } else { cell_text(&text_lines(&cells[owner])) };
            row.cells.push((from_right..=from_right, text));
        }
        if row.cells.iter().any(|(_, t)| !t.is_empty()) {
            let text = row.cells.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\t");
            rows.push(Placed { top: grid.ys[r], text, row: Some(row), full: false, indented: false });
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
/// where a gap parts two Latin letters or digits (CJK text has none).
fn cell_text(lines: &[Vec<Glyph>]) -> String {
    let mut out = String::new();
    for line in lines {
        let mut prev: Option<&Glyph> = None;
        for g in line {
            if let Some(p) = prev {
                let gap = g.x0 - p.x1;
                if gap > p.height() * 0.25 && p.c.is_ascii_alphanumeric() && g.c.is_ascii_alphanumeric() {
                    out.push(' ');
                }
            }
            out.push(g.c);
            prev = Some(g);
        }
    }
    out
}

/// A line laid out by x: each glyph at the column its left edge falls in
/// (a column is half the usual glyph's height, so that a CJK glyph takes
/// two, as `pdftotext -layout` lays them out).
fn laid_out_text(line: &[Glyph], left: f32, unit: f32) -> String {
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

    fn rule(at: f32, from: f32, to: f32) -> Rule {
        Rule { at, from, to }
    }

    #[test]
    fn a_missing_rule_merges_cells() {
        // Two rows, three columns; the first row's two right cells share
        // one cell (no rule between them in row 0).
        let h = vec![rule(100.0, 0.0, 300.0), rule(50.0, 0.0, 300.0), rule(0.0, 0.0, 300.0)];
        let v = vec![rule(0.0, 0.0, 100.0), rule(100.0, 0.0, 100.0), rule(200.0, 0.0, 50.0), rule(300.0, 0.0, 100.0)];
        let g = grid(&merged(h), &merged(v)).unwrap();
        assert_eq!((g.rows(), g.cols()), (2, 3));
        assert_eq!(g.owner, vec![0, 1, 1, 3, 4, 5]);
    }

    #[test]
    fn a_merged_cell_that_is_no_rectangle_is_no_table() {
        // Three by two; the rules leave an L of three cells (top-left,
        // top-right, bottom-left) merged around one.
        let h = vec![rule(100.0, 0.0, 200.0), rule(50.0, 100.0, 200.0), rule(0.0, 0.0, 200.0)];
        let v = vec![rule(0.0, 0.0, 100.0), rule(100.0, 0.0, 50.0), rule(200.0, 0.0, 100.0)];
        assert!(grid(&merged(h), &merged(v)).is_none());
    }

    #[test]
    fn fonts_without_unicode_are_refused() {
        let glyph = |c| Glyph { c, x0: 0.0, x1: 1.0, y0: 0.0, y1: 1.0 };
        let text: Vec<Glyph> = "规章行政许可".chars().map(glyph).collect();
        assert!(mapped_to_unicode(text.iter()).is_ok());
        let codes: Vec<Glyph> = "\u{e001}\u{e002}\u{fffd}规".chars().map(glyph).collect();
        assert_eq!(mapped_to_unicode(codes.iter()), Err(PdfError::NoUnicode { unmapped: 3, glyphs: 4 }));
    }

    #[test]
    fn page_numbers_are_told() {
        for s in ["3", "- 3 -", "第3页", "第 3 页 共 10 页", "3 / 10"] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["一、总体情况", "规章\t0\t0\t0", "2023年1月"] {
            assert!(!is_page_number(s), "{s}");
        }
    }
}
