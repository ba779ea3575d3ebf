//! Text whose columns are aligned with spaces, as poppler's
//! `pdftotext -layout` writes a PDF's tables: a blank cell is only a gap at
//! its column, long labels wrap over two or more lines around their
//! figures, a figure can sit a line above its label, and a row's figures
//! can be split over two lines.
//!
//! A table's lines are turned into grid rows for the one table reader:
//!
//! - 二: a line of figures alone is joined to the labelled line after it
//!   when its figures stand left of that line's figures, and to the one
//!   before it when they stand right of that line's (the label going on
//!   after them, or the first figure glued to it); a label wrapped around
//!   a line of figures alone is one row with them, where the words before
//!   and after make a row label;
//! - every table: a figure glued to the label that ends its line is its
//!   own word where the row's figures go on, right of it, on the next line;
//! - 三: the figures are gathered into records of a row's width (lines
//!   joined where their figures continue each other's columns; blanks
//!   placed by their column's position on the page) and named by the
//!   official row order where their count leaves no choice and the labels
//!   printed around each record agree;
//! - 四: the lines of figures, without the header's letters.
//!
//! Whatever cannot be rebuilt this way is left to the line-by-line reading
//! (`None`), which places only what is certain and quotes the rest.

use crate::read::table::{begins_a_row_label, is_row_label};
use crate::read::{MAX_ROW_CELLS, fold, is_value};

/// A line of a table's text, numbered.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line<'a> {
    pub(crate) number: usize,
    pub(crate) raw: &'a str,
}

/// A row rebuilt from the text: the line it is named by, and its cells,
/// slices of the text (from one line or several).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CutRow<'a> {
    pub(crate) line: usize,
    pub(crate) cells: Vec<&'a str>,
}
use crate::Edition;
use crate::layout::{Block, Layout, RowDef, Section};

/// More lines than this in one table: read line by line.
const MAX_LINES: usize = 4096;
/// More lines of figures than this in table 三: read line by line.
const MAX_RECORDS: usize = 256;
/// Lines on each side of a record whose text may hold its label, at least.
const WINDOW_LINES: usize = 4;
/// At most this many label characters of a window are compared.
const WINDOW_CHARS: usize = 400;
/// A record is named only where at least this share (per mille) of its
/// row's label is printed, in order, around it.
const MIN_COVERAGE: usize = 500;
/// At most this many lines make up one record.
const MAX_JOINED: usize = 3;

/// Whether a table's text is laid out with spaces: no tabs, and columns
/// set apart by runs of spaces.
pub(crate) fn is_aligned(text: &str) -> bool {
    !text.contains('\t') && text.lines().any(|l| l.trim().contains("  "))
}

/// The text with each unit that a gap sets apart from its figure
/// (`75394432.52 元`) moved against it (`75394432.52元 `), within `range`
/// of a table laid out with spaces: one cell, as printed, whose columns
/// and byte offsets stay where they were. `None` where nothing moves.
pub(crate) fn units_joined(text: &str, range: std::ops::Range<usize>) -> Option<String> {
    let table = text.get(range.clone())?;
    if !is_aligned(table) {
        return None;
    }
    let mut out: Option<String> = None;
    let bytes = table.as_bytes();
    for (at, _) in table.match_indices('元').chain(table.match_indices('万')) {
        // `万元`: the unit starts at 万.
        if table[..at].ends_with('万') {
            continue;
        }
        let gap = bytes[..at].iter().rev().take_while(|b| **b == b' ').count();
        let digit = at.checked_sub(gap + 1).map(|k| bytes[k]);
        if gap == 0 || !digit.is_some_and(|d| d.is_ascii_digit()) {
            continue;
        }
        // 万元, or 元 or 万 alone (both three bytes).
        let unit = if table[at..].starts_with("万元") { "万元" } else { &table[at..at + 3] };
        let out = out.get_or_insert_with(|| text.to_owned());
        let start = range.start + at - gap;
        out.replace_range(start..start + gap + unit.len(), &format!("{unit}{}", " ".repeat(gap)));
    }
    out
}

/// A word of a line and the character column it starts at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Token<'a> {
    text: &'a str,
    x: usize,
}

impl Token<'_> {
    /// Its column's centre, in half characters.
    fn centre(&self) -> usize {
        2 * self.x + self.text.chars().count()
    }
}

/// Whether a word is a figure: a number or an empty marker, and not a list
/// number (`1.`).
fn is_figure(text: &str) -> bool {
    is_value(text) && !text.ends_with('.')
}

/// The words of a line with their columns. A form feed (a page break) takes
/// no column. A figure printed against the label before it (`内部1 0`) is
/// its own word where more figures follow it on the line; otherwise it is
/// part of the label (a list number cut by the wrap: `不予公开1` /
/// `.属于国家秘密`).
fn tokens(raw: &str) -> Vec<Token<'_>> {
    let mut words = Vec::new();
    let mut column = 0;
    let mut start: Option<(usize, usize)> = None; // byte, column
    for (i, c) in raw.char_indices() {
        if c == '\u{c}' {
            continue;
        }
        if c.is_whitespace() {
            if let Some((s, x)) = start.take() {
                words.push(Token { text: &raw[s..i], x });
            }
        } else if start.is_none() {
            start = Some((i, column));
        }
        column += 1;
    }
    if let Some((s, x)) = start {
        words.push(Token { text: &raw[s..], x });
    }
    let mut out = Vec::with_capacity(words.len());
    for (k, word) in words.iter().enumerate() {
        let more_figures = words.get(k + 1).is_some_and(|w| is_figure(w.text));
        match glued_figure(word.text).filter(|_| more_figures) {
            Some(at) => {
                let label = &word.text[..at];
                out.push(Token { text: label, x: word.x });
                out.push(Token { text: &word.text[at..], x: word.x + label.chars().count() });
            }
            None => out.push(*word),
        }
    }
    out
}

/// Where a figure printed against a label (`内部1`, `费用、0`) starts in a
/// word: after a Chinese character, or a punctuation mark that follows no
/// digit (`1，234` is one number, its separator full-width).
fn glued_figure(word: &str) -> Option<usize> {
    if is_figure(word) {
        return None;
    }
    // The figure: digits, with a decimal point or thousands commas
    // (`收9116.36`), from a digit on.
    let mut at = word.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',').len();
    at += word[at..].find(|c: char| c.is_ascii_digit()).unwrap_or(word.len() - at);
    if !is_figure(&word[at..]) {
        return None;
    }
    let mut before = word[..at].chars().rev();
    let after_label = match (before.next(), before.next()) {
        (Some(c), _) if !c.is_ascii() && c.is_alphanumeric() => true,
        (Some(c), previous) if !c.is_ascii() && !c.is_whitespace() => previous.is_none_or(|p| !p.is_numeric()),
        _ => false,
    };
    (at < word.len() && after_label).then_some(at)
}

/// A line's words, its number and its page.
struct Words<'a> {
    line: usize,
    page: usize,
    tokens: Vec<Token<'a>>,
    /// Its last figure was glued to its label, the row's other figures on
    /// the next line.
    glued: bool,
}

impl<'a> Words<'a> {
    fn figures(&self) -> impl Iterator<Item = &Token<'a>> + '_ {
        self.tokens.iter().filter(|t| is_figure(t.text))
    }

    fn has_figures(&self) -> bool {
        self.figures().next().is_some()
    }

    fn has_text(&self) -> bool {
        self.tokens.iter().any(|t| !is_figure(t.text))
    }

    fn row(&self) -> CutRow<'a> {
        CutRow { line: self.line, cells: self.tokens.iter().map(|t| t.text).collect() }
    }
}

/// The words of a table's lines, or `None` past [`MAX_LINES`] lines or a
/// line of more words than any row has.
fn words<'a>(lines: impl Iterator<Item = Line<'a>>) -> Option<Vec<Words<'a>>> {
    let mut out = Vec::new();
    let mut page = 0;
    for (k, l) in lines.enumerate() {
        if k >= MAX_LINES || l.raw.split_whitespace().nth(MAX_ROW_CELLS).is_some() {
            return None;
        }
        page += l.raw.matches('\u{c}').count();
        let tokens = tokens(l.raw);
        if !tokens.is_empty() {
            out.push(Words { line: l.number, page, tokens, glued: false });
        }
    }
    // A line ending in a figure glued to its label, the row's other figures
    // on the next line right of it (`只计这一情8` / `形，不计其他情形） 1 0 0
    // 0 0 9`): the figure is one of them. (Not a list number cut by the
    // wrap: `不予公开1` / `.属于国家秘密`.)
    for k in 1..out.len() {
        let (before, after) = out.split_at_mut(k);
        let (w, next) = (&mut before[k - 1], &after[0]);
        let Some(&last) = w.tokens.last() else { continue };
        let Some(at) = glued_figure(last.text).filter(|_| !w.has_figures()) else { continue };
        let end = last.x + last.text.chars().count();
        // (Not a page's last line: a page number.)
        let last_on_page = after.get(1).is_none_or(|a| a.page != next.page);
        let goes_on = next.tokens.first().is_some_and(|t| !t.text.starts_with(['.', '．', '、', ')', '）']))
            && next.figures().next().is_some_and(|f| f.x > end)
            && !last_on_page;
        // Or the row's one figure, its label going on alone on the next
        // line where together they make a row label (`行政事业性收9116.36` /
        // `费`).
        let label_goes_on = || {
            let rest: String = next.tokens.iter().map(|t| t.text).collect();
            let before: String = w.tokens[..w.tokens.len() - 1].iter().map(|t| t.text).collect();
            !next.has_figures() && next.page == w.page && is_row_label(&format!("{before}{}{rest}", &last.text[..at]))
        };
        if goes_on || label_goes_on() {
            let label = &last.text[..at];
            w.tokens.pop();
            w.tokens.push(Token { text: label, x: last.x });
            w.tokens.push(Token { text: &last.text[at..], x: last.x + label.chars().count() });
            w.glued = true;
        }
    }
    Some(out)
}

/// Table 二: rows of words, where a line of figures alone standing left of
/// the next line's figures is that line's first figures, one standing
/// right of the line's before it is the rest of its figures, one with a
/// label wrapped around it is that label's row, and a line of words right
/// after a row's line (or past one blank line) is the rest of its wrapped
/// label where that label is not whole.
pub(crate) fn proactive<'a>(lines: impl Iterator<Item = Line<'a>>) -> Option<Vec<CutRow<'a>>> {
    let words = words(lines)?;
    let mut rows: Vec<CutRow<'a>> = Vec::with_capacity(words.len());
    // The line the last row (or the label it continues on) was read from.
    let mut last_line = 0;
    // Words that begin the next row's label, printed before its figures.
    let mut prefix: Vec<&'a str> = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let w = &words[k];
        let next = words.get(k + 1);
        let joins = !w.has_text()
            && next.is_some_and(|n| {
                let first = n.figures().map(|t| t.x).min();
                n.has_text() && first.is_some_and(|f| w.tokens.iter().all(|t| t.x + t.text.chars().count() <= f))
            });
        // The rest of a row's figures on the next line, right of its first
        // ones (the label wrapped: `其他对外管理服务 10` / `0  153`); after
        // the rest of its label where the first was glued to it
        // (`行政规范性文88` / `件  55  698`; else words there are the next
        // row's label, its first cells blank).
        // Not a page's last line (a page number), nor, unless the first
        // figure was glued, without the label going on after it (figures
        // printed a line above the next row's label).
        let after = words.get(k + 2);
        let label_goes_on = after.is_some_and(|a| {
            let text: String = a.tokens.iter().map(|t| t.text).collect();
            !a.has_figures() && continues_label(a) && !is_row_label(&text)
        });
        let goes_on = w.has_text()
            && next.is_some_and(|n| {
                if (n.has_text() || !label_goes_on) && !w.glued || after.is_none_or(|a| a.page != n.page) {
                    return false;
                }
                let end = w.figures().map(|t| t.x + t.text.chars().count()).max();
                let first = n.tokens.iter().position(|t| is_figure(t.text));
                end.is_some_and(|end| {
                    first.is_some_and(|f| n.tokens[f..].iter().all(|t| is_figure(t.text) && t.x > end))
                })
            });
        // A label wrapped around a line of its figures alone (`行政事业性收` /
        // `35  0` / `费`, `行 政` / `事 业` / `35  0` / `性 收` / `费`).
        if !joins
            && prefix.is_empty()
            && let Some((before, after)) = wrapped_around(&rows, &words, k)
        {
            let label = rows.split_off(rows.len() - before).into_iter().flat_map(|r| r.cells);
            let rest = words[k + 1..=k + after].iter().flat_map(|a| a.tokens.iter().map(|t| t.text));
            let cells: Vec<&'a str> = label.chain(rest).chain(w.tokens.iter().map(|t| t.text)).collect();
            rows.push(CutRow { line: w.line, cells });
            last_line = words[k + after].line;
            k += 1 + after;
            continue;
        }
        let joined = joins || goes_on;
        let row = match next.filter(|_| joined) {
            Some(n) if goes_on => {
                let (text, figures): (Vec<&Token<'_>>, Vec<&Token<'_>>) =
                    w.tokens.iter().chain(&n.tokens).partition(|t| !is_figure(t.text));
                k += 2;
                CutRow { line: w.line, cells: text.into_iter().chain(figures).map(|t| t.text).collect() }
            }
            Some(n) => {
                let (text, figures): (Vec<&Token<'_>>, Vec<&Token<'_>>) =
                    n.tokens.iter().partition(|t| !is_figure(t.text));
                let cells = text.into_iter().chain(&w.tokens).chain(figures).map(|t| t.text);
                k += 2;
                CutRow { line: n.line, cells: cells.collect() }
            }
            None => {
                k += 1;
                w.row()
            }
        };
        let gap = row.line.saturating_sub(last_line);
        // (A row read from two lines ends at the second.)
        last_line = match next.filter(|_| joined) {
            Some(n) => n.line,
            None => row.line,
        };
        let mut row = row;
        if !prefix.is_empty() {
            row.cells.splice(0..0, std::mem::take(&mut prefix));
        }
        let words_alone = !w.has_figures() && !joined && continues_label(w);
        if words_alone && starts_the_next(&rows, &row, words.get(k)) {
            prefix = row.cells;
            continue;
        }
        // Words alone on the line after a row's: its label goes on, where it
        // is not whole; past a blank line, only where with them it is or
        // begins a row label (`其他对 10  0  153` / `` / `外管理`). After a
        // line of figures alone, they are its label (printed a line below
        // them), unless a whole label stands alone just above the figures:
        // whose they are cannot be told (`行政处罚` / `3  1  0` / `行政强制`).
        let label_above = |rows: &[CutRow<'_>]| {
            let [.., above, figures] = rows else { return false };
            above.line + 1 == figures.line
                && !above.cells.iter().any(|c| is_figure(c))
                && is_row_label(&above.cells.concat())
        };
        let goes_on = |p: &CutRow<'_>| {
            let label: String = p.cells.iter().take_while(|c| !is_figure(c)).copied().collect();
            match label.is_empty() {
                true => gap == 1 && !label_above(&rows),
                false if gap == 1 => !is_row_label(&label),
                false => {
                    let with = format!("{label}{}", row.cells.concat());
                    gap == 2 && !is_row_label(&label) && (is_row_label(&with) || begins_a_row_label(&with))
                }
            }
        };
        let takes = words_alone && rows.last().is_some_and(|p| p.cells.iter().any(|c| is_figure(c)) && goes_on(p));
        match rows.last_mut() {
            Some(p) if takes => {
                let at = p.cells.iter().position(|c| is_figure(c)).unwrap_or(p.cells.len());
                p.cells.splice(at..at, row.cells);
            }
            _ => rows.push(row),
        }
    }
    Some(rows.into_iter().collect())
}

/// The most lines of words on either side of a line of figures alone
/// that a label wrapped around it is looked for in.
const MAX_AROUND: usize = 3;

/// Where `words[k]` is a line of figures alone with a row's label wrapped
/// around it: how many of the last `rows` (lines of words alone, one
/// after another up to it) and of the lines after it (words alone, one
/// after another on its page) make, together, a row label, those before
/// alone none. The fewest lines before that do, then the fewest after.
fn wrapped_around(rows: &[CutRow<'_>], words: &[Words<'_>], k: usize) -> Option<(usize, usize)> {
    let w = &words[k];
    if w.has_text() || !w.has_figures() {
        return None;
    }
    // The rows of words alone just before it, nearest first.
    let mut before = Vec::new();
    let mut line = w.line;
    for r in rows.iter().rev().take(MAX_AROUND) {
        if r.line + 1 != line || r.cells.iter().any(|c| is_figure(c)) {
            break;
        }
        before.push(r);
        line = r.line;
    }
    let after: Vec<&Words<'_>> = words[k + 1..]
        .iter()
        .take(MAX_AROUND)
        .zip(w.line + 1..)
        .take_while(|(a, line)| a.line == *line && a.page == w.page && !a.has_figures() && continues_label(a))
        .map(|(a, _)| a)
        .collect();
    (1..=before.len()).find_map(|b| {
        let start: String = before[..b].iter().rev().flat_map(|r| r.cells.iter().copied()).collect();
        if is_row_label(&start) {
            return None;
        }
        (1..=after.len()).find_map(|n| {
            let rest: String = after[..n].iter().flat_map(|a| a.tokens.iter().map(|t| t.text)).collect();
            is_row_label(&format!("{start}{rest}")).then_some((b, n))
        })
    })
}

/// Whether the words of `line` (a row of its own so far) begin the label of
/// the row read from `next` rather than end the label of the last of
/// `rows`: that row's label is whole without them, the next line's is no label
/// alone, and with them before it begins one (`规章  0  0  0` / `规 范` / `性
/// 文  89  89  89`).
fn starts_the_next(rows: &[CutRow<'_>], line: &CutRow<'_>, next: Option<&Words<'_>>) -> bool {
    let label = |cells: &[&str]| cells.iter().take_while(|c| !is_figure(c)).copied().collect::<String>();
    let Some(next) = next.filter(|n| n.has_text() && n.has_figures()) else { return false };
    let own: String = next.tokens.iter().take_while(|t| !is_figure(t.text)).map(|t| t.text).collect();
    let joined = format!("{}{own}", label(&line.cells));
    // The row before, if it has figures, is whole without them.
    let previous = rows.last().filter(|p| p.cells.iter().any(|c| is_figure(c)));
    previous.is_none_or(|p| is_row_label(&label(&p.cells)))
        && !is_row_label(&own)
        && (is_row_label(&joined) || begins_a_row_label(&joined))
}

/// Whether a line of words may continue a row's label: not a sub-table's
/// title (第二十条第（一）项) or header (信息内容…), as the layout declares
/// them in either edition.
fn continues_label(w: &Words<'_>) -> bool {
    let first = w.tokens.first().map_or(String::new(), |t| fold(t.text).into_owned());
    let blocks = Edition::ALL.into_iter().flat_map(|e| Layout::of(e).blocks(Section::Proactive));
    !blocks.flat_map(|b| b.title.map(|t| t.label).into_iter().chain([b.corner])).any(|label| {
        let label = fold(label);
        // The whole label, or its start cut by the wrap.
        first.starts_with(&*label) || (!first.is_empty() && label.starts_with(first.as_str()))
    })
}

/// Table 四: its lines of figures. A row of figures that the extraction
/// broke over consecutive lines is joined where each line's figures stand
/// right of the line's before it; where columns overlap, the order cannot
/// be told, and the lines are left to the reader, which quotes them.
pub(crate) fn review<'a>(lines: impl Iterator<Item = Line<'a>>, width: usize) -> Option<Vec<CutRow<'a>>> {
    let words = words(lines)?;
    let figures: Vec<&Words<'a>> = words.iter().filter(|w| w.has_figures()).collect();
    let broken = figures.len() > 1
        && figures.iter().all(|w| !w.has_text() && w.figures().count() < width)
        && figures.windows(2).all(|p| p[0].line + 1 == p[1].line)
        && figures.iter().map(|w| w.figures().count()).sum::<usize>() == width;
    if broken {
        let in_lines: Vec<&Token<'a>> = figures.iter().flat_map(|w| w.figures()).collect();
        if in_lines.windows(2).all(|p| p[0].x + p[0].text.chars().count() < p[1].x) {
            let cells = in_lines.iter().map(|t| t.text).collect();
            return Some(vec![CutRow { line: figures[0].line, cells }]);
        }
    }
    Some(figures.iter().map(|w| w.row()).collect())
}

/// A row's figures gathered from one or more lines.
struct Record<'a> {
    /// Indexes of its lines in the table's words.
    first: usize,
    last: usize,
    /// One per column (`""` a blank) where it fills the row; otherwise the
    /// figures as printed.
    cells: Vec<&'a str>,
    /// A lone figure the columns cannot take, which may be no row's.
    doubtful: bool,
}

/// Table 三: one labelled row per record of figures, or `None` where the
/// records cannot be named with certainty. A record whose figures cannot
/// be placed in the row's columns (several, or one the extraction glued
/// over several columns: `0200002`) keeps them as printed: the reader
/// quotes them, the other rows still read. A lone figure the columns
/// cannot take may be no row's (a page's number): then `None`.
pub(crate) fn requests<'a>(lines: impl Iterator<Item = Line<'a>>, block: &'static Block) -> Option<Vec<CutRow<'a>>> {
    let words = words(lines)?;
    let width = block.columns.len();
    let data: Vec<usize> = (0..words.len()).filter(|&k| words[k].has_figures()).collect();
    if data.is_empty() || data.len() > MAX_RECORDS || width == 0 {
        return None;
    }
    let centres = Centres::of(&words, &data, width);
    let records = records(&words, &data, width, &centres);
    if records.iter().any(|r| r.doubtful) {
        return None;
    }
    // Printed rows come in the official order; where their number is that
    // of the data rows (or of all rows, subtotals included), each record
    // is the next row's.
    let data_rows: Vec<&'static RowDef> = block.rows.iter().copied().filter(|r| !block.is_group(r)).collect();
    let targets = if records.len() == data_rows.len() {
        data_rows
    } else if records.len() == block.rows.len() {
        block.rows.to_vec()
    } else {
        return None;
    };
    // The labels printed around each record must name its row.
    // (Around it: a few lines each side, and every line up to the records
    // before and after it, where a narrow column wraps a label over many.)
    let named = records.iter().enumerate().zip(&targets).all(|((i, r), row)| {
        let before = i.checked_sub(1).map_or(0, |p| records[p].last + 1);
        let after = records.get(i + 1).map_or(words.len(), |n| n.first);
        let from = r.first.saturating_sub(WINDOW_LINES).min(before);
        let to = (r.last + WINDOW_LINES).max(after.saturating_sub(1)).min(words.len() - 1);
        coverage(row.label, &words[from..=to]) >= MIN_COVERAGE
    });
    if !named {
        return None;
    }
    Some(
        records
            .into_iter()
            .zip(targets)
            .map(|(r, row)| {
                let mut cells = Vec::with_capacity(width + 1);
                cells.push(row.label);
                cells.extend(r.cells);
                CutRow { line: words[r.first].line, cells }
            })
            .collect(),
    )
}

/// The column centres of table 三's figures, per page, from the lines that
/// print a figure in every column.
struct Centres {
    /// Per page that has full lines: the page and each column's centre.
    pages: Vec<(usize, Vec<usize>)>,
}

impl Centres {
    fn of(words: &[Words<'_>], data: &[usize], width: usize) -> Centres {
        let mut pages: Vec<(usize, Vec<Vec<usize>>)> = Vec::new();
        for &k in data {
            let w = &words[k];
            let figures: Vec<usize> = w.figures().map(Token::centre).collect();
            if figures.len() != width {
                continue;
            }
            if pages.last().is_none_or(|(p, _)| *p != w.page) {
                pages.push((w.page, vec![Vec::new(); width]));
            }
            if let Some((_, columns)) = pages.last_mut() {
                for (column, c) in columns.iter_mut().zip(figures) {
                    column.push(c);
                }
            }
        }
        let median = |mut v: Vec<usize>| {
            v.sort_unstable();
            v[v.len() / 2]
        };
        Centres {
            pages: pages.into_iter().map(|(p, columns)| (p, columns.into_iter().map(median).collect())).collect(),
        }
    }

    /// Whether a figure reaches over the centres of several columns of its
    /// page (figures glued where their cells overflowed).
    fn reaches_over(&self, page: usize, figure: &Token<'_>) -> bool {
        let Some((_, centres)) = self.pages.iter().find(|(p, _)| *p == page) else { return false };
        let (from, to) = (2 * figure.x, 2 * (figure.x + figure.text.chars().count()));
        centres.iter().filter(|&&x| from <= x && x <= to).count() >= 2
    }

    /// The columns of a line's figures, where each is nearer one column's
    /// centre than half the distance to its neighbours and no two share one.
    fn place(&self, page: usize, figures: &[&Token<'_>]) -> Option<Vec<usize>> {
        let (_, centres) = self.pages.iter().find(|(p, _)| *p == page)?;
        let gap = centres.windows(2).map(|w| w[1].saturating_sub(w[0])).min()?;
        let mut columns: Vec<usize> = Vec::with_capacity(figures.len());
        for f in figures {
            let c = f.centre();
            let (column, distance) =
                centres.iter().enumerate().map(|(k, x)| (k, x.abs_diff(c))).min_by_key(|(_, d)| *d)?;
            // Strictly nearer than a third of the gap: no doubt which column.
            if 3 * distance >= gap || columns.last().is_some_and(|l| *l >= column) {
                return None;
            }
            // Nor does it reach over another column's centre (figures glued
            // into one, where the cells overflowed: `1192212122774…`).
            let (from, to) = (2 * f.x, 2 * (f.x + f.text.chars().count()));
            if centres.iter().enumerate().any(|(k, &x)| k != column && from <= x && x <= to) {
                return None;
            }
            columns.push(column);
        }
        Some(columns)
    }
}

/// Gathers the lines of figures into records.
fn records<'a>(words: &[Words<'a>], data: &[usize], width: usize, centres: &Centres) -> Vec<Record<'a>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let first = data[i];
        let figures: Vec<&Token<'a>> = words[first].figures().collect();
        if figures.len() == width {
            out.push(Record { first, last: first, cells: figures.iter().map(|t| t.text).collect(), doubtful: false });
            i += 1;
            continue;
        }
        // Lines whose figures continue each other's columns, to a row's width.
        let mut joined = figures.clone();
        let mut j = i + 1;
        while joined.len() < width && j < data.len() && j - i < MAX_JOINED {
            let more: Vec<&Token<'a>> = words[data[j]].figures().collect();
            let right = joined.iter().map(|t| t.x + t.text.chars().count()).max().unwrap_or(0);
            if more.iter().any(|t| t.x <= right) {
                break;
            }
            joined.extend(more);
            j += 1;
        }
        if joined.len() == width && j > i + 1 {
            out.push(Record {
                first,
                last: data[j - 1],
                cells: joined.iter().map(|t| t.text).collect(),
                doubtful: false,
            });
            i = j;
            continue;
        }
        // Blanks: each figure under its column.
        let placed = (figures.len() < width).then(|| centres.place(words[first].page, &figures)).flatten();
        let record = match placed {
            Some(columns) => {
                let mut cells = vec![""; width];
                for (column, t) in columns.into_iter().zip(&figures) {
                    cells[column] = t.text;
                }
                Record { first, last: first, cells, doubtful: false }
            }
            // A row's figures the columns cannot take: several, or one
            // reaching over several columns (glued by the extraction). A
            // lone figure that is neither may be no row's at all (a page's
            // number): whose it is cannot be told.
            None => {
                let glued = || figures.first().is_some_and(|f| centres.reaches_over(words[first].page, f));
                Record {
                    first,
                    last: first,
                    cells: figures.iter().map(|t| t.text).collect(),
                    doubtful: figures.len() < 2 && !glued(),
                }
            }
        };
        out.push(record);
        i += 1;
    }
    out
}

/// How much of a label (per mille of its letters and digits) the words'
/// text prints in order.
fn coverage(label: &str, words: &[Words<'_>]) -> usize {
    let keep = |c: &char| c.is_alphanumeric();
    let label: Vec<char> = fold(label).chars().filter(keep).collect();
    if label.is_empty() {
        return 0;
    }
    let text: Vec<char> = words
        .iter()
        .flat_map(|w| w.tokens.iter().filter(|t| !is_figure(t.text)))
        .flat_map(|t| t.text.chars())
        .filter(keep)
        .take(WINDOW_CHARS)
        .collect();
    1000 * common_subsequence(&label, &text) / label.len()
}

/// The length of the longest common subsequence of two strings.
fn common_subsequence(a: &[char], b: &[char]) -> usize {
    let mut previous = vec![0usize; b.len() + 1];
    let mut current = vec![0usize; b.len() + 1];
    for &x in a {
        for (k, &y) in b.iter().enumerate() {
            current[k + 1] = if x == y { previous[k] + 1 } else { current[k].max(previous[k + 1]) };
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(raw: &str) -> Vec<(&str, usize)> {
        tokens(raw).into_iter().map(|t| (t.text, t.x)).collect()
    }

    #[test]
    fn words_keep_their_columns() {
        assert_eq!(texts("规章   0  12"), vec![("规章", 0), ("0", 5), ("12", 8)]);
        assert_eq!(texts("\u{c}信息 3"), vec![("信息", 0), ("3", 3)]);
    }

    #[test]
    fn figures_printed_against_labels_are_split() {
        assert_eq!(texts("公5.属于三类内部1 0"), vec![("公5.属于三类内部", 0), ("1", 9), ("0", 11)]);
        assert_eq!(texts("2.重复申请 3"), vec![("2.重复申请", 0), ("3", 7)]);
        // After a punctuation mark too, not a separator within a number.
        assert_eq!(texts("求缴纳费用、0 0"), vec![("求缴纳费用、", 0), ("0", 6), ("0", 8)]);
        assert_eq!(texts("申请数量1，234 3"), vec![("申请数量1，234", 0), ("3", 10)]);
        // A list number is not a figure, nor a year in a word.
        assert_eq!(texts("1. 申请人无"), vec![("1.", 0), ("申请人无", 3)]);
        assert_eq!(texts("AB12 3"), vec![("AB12", 0), ("3", 5)]);
        // Nor a list number cut by the wrap, with no figure after it.
        assert_eq!(texts("（三）不予公开1"), vec![("（三）不予公开1", 0)]);
    }

    /// Table 二's rows from lines of text: each row's cells.
    fn proactive_rows(text: &str) -> Vec<Vec<&str>> {
        let lines = text.lines().enumerate().map(|(number, raw)| Line { number, raw });
        proactive(lines).unwrap().into_iter().map(|r| r.cells).collect()
    }

    #[test]
    fn table_2_rows_wrapped_around_their_figures_are_joined() {
        // The rest of a row's figures on the line after it, right of the
        // first (its label wrapped): one row.
        let rows = proactive_rows("规章     0   0   0\n其他对外管理服务 10\n                      0       153\n事项");
        assert_eq!(rows, [vec!["规章", "0", "0", "0"], vec!["其他对外管理服务", "事项", "10", "0", "153"]]);
        // The first figure glued to the label's first line, the rest of the
        // label and the other figures on the next.
        let rows =
            proactive_rows("规章    0       0    0\n行政规范性文88\n件             55   698\n第二十条第（五）项");
        assert_eq!(rows[..2], [vec!["规章", "0", "0", "0"], vec!["行政规范性文", "件", "88", "55", "698"]]);
        // Figures on the next line standing under the first: not the rest.
        let rows = proactive_rows("行政许可 396\n     0   181\n");
        assert_eq!(rows.len(), 2, "{rows:?}");
        // A labelled line after a row with blanks at its end: its own row,
        // its first cells blank.
        let rows = proactive_rows("规章    0\n行政规范性文件       55   698");
        assert_eq!(rows, [vec!["规章", "0"], vec!["行政规范性文件", "55", "698"]]);
        // A list number cut by the wrap is no figure glued to a label.
        let rows = proactive_rows("（三）不予公开1\n.属于国家秘密      0   0");
        assert_eq!(rows[0], ["（三）不予公开1"]);
        // A page number after a row whose last cell is blank; figures
        // printed a line above the next row's label: neither is the rest.
        let rows = proactive_rows("规章      0      0\n                              3\n\u{c}行政规范性文件 88 55 698");
        assert_eq!(rows[0], ["规章", "0", "0"]);
        let rows = proactive_rows("规章   3\n            5   12\n规范性文件");
        assert_eq!(rows[0], ["规章", "3"]);
    }

    #[test]
    fn table_2_labels_wrapped_around_a_line_of_figures_alone_are_joined() {
        let rows = proactive_rows("行政强制  126  0  25\n行政事业性收\n        35     0\n费\n第二十条第（九）项");
        assert_eq!(rows[1], ["行政事业性收", "费", "35", "0"]);
        let rows = proactive_rows("行 政\n事 业\n    35   0\n性 收\n费");
        assert_eq!(rows, [vec!["行", "政", "事", "业", "性", "收", "费", "35", "0"]]);
        // Words that make no row label with those after: not joined.
        let rows = proactive_rows("规章  0  0  0\n说明\n    35   0\n其他");
        assert_eq!(rows[1], ["说明"]);
        // A money figure glued to its label's first line, the label's rest
        // on the next.
        let rows = proactive_rows("行政事业性收9116.36\n费");
        assert_eq!(rows, [vec!["行政事业性收", "费", "9116.36"]]);
        // A label going on past a blank line where it is not whole, and
        // with the words is or begins a row label; a whole one does not.
        let rows = proactive_rows("其他对 10  0   153\n\n外管理\n服务事\n项");
        assert_eq!(rows, [vec!["其他对", "外管理", "服务事", "项", "10", "0", "153"]]);
        let rows = proactive_rows("行政许可 10  0   153\n说明");
        assert_eq!(rows.len(), 2, "{rows:?}");
        // A line of figures alone between two whole labels: whose they are
        // cannot be told, and neither label takes them.
        for text in ["行政处罚\n        3   1   0\n行政强制", "行政处罚\n        3   1   0\n\n行政强制"]
        {
            let text = format!("规章  0  0  0\n{text}\n        0   0   0");
            let rows = proactive_rows(&text);
            assert!(rows.iter().all(|r| !(r.contains(&"3") && r.iter().any(|c| c.starts_with("行政")))), "{rows:?}");
        }
        // Figures a line above their label, no label above them: its.
        let rows = proactive_rows("规章  0  0  0\n        3   1   0\n行政处罚");
        assert_eq!(rows[1], ["行政处罚", "3", "1", "0"]);
    }

    #[test]
    fn a_figure_glued_to_a_label_ending_its_line_is_split_where_the_row_goes_on() {
        let words_of = |text: &'static str| {
            let lines = text.lines().enumerate().map(|(number, raw)| Line { number, raw });
            let words = words(lines).unwrap();
            words.iter().map(|w| w.tokens.iter().map(|t| t.text).collect::<Vec<_>>()).collect::<Vec<_>>()
        };
        let words = words_of(
            "（二）部分公开（区分处理的，只计这一情8\n    形，不计其他情形）        1   0   0   0   0   9\n（三）",
        );
        assert_eq!(words[0], ["（二）部分公开（区分处理的，只计这一情", "8"]);
        // Not where the next line's figures stand under it, nor before a
        // list number's rest.
        let words = words_of("只计这一情8\n 1   0   0   0   0   9");
        assert_eq!(words[0], ["只计这一情8"]);
        let words = words_of("（三）不予公开1\n.属于国家秘密      0   0");
        assert_eq!(words[0], ["（三）不予公开1"]);
    }

    #[test]
    fn common_subsequences() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(common_subsequence(&c("没有现成信息需要另行制作"), &c("四没有现成信息无法提需要另行制作供")), 12);
        assert_eq!(common_subsequence(&c(""), &c("abc")), 0);
    }

    #[test]
    fn aligned_text_is_told_from_tabs_and_single_spaces() {
        assert!(is_aligned("规章   0   0   0\n"));
        assert!(!is_aligned("规章\t0\t0\t0\n"));
        assert!(!is_aligned("规章 0 0 0\n"));
    }
}
