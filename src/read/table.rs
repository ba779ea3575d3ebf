//! The one table reader: rows of cell texts, from any source, onto the
//! layout of the report's edition.
//!
//! Rows come one by one, as the source yields them. The reader keeps what
//! it must to place them — the rows of a run whose labels were lost, until
//! the next labelled row says where the run ends, at most [`RUN_LIMIT`] of
//! them — and no more.

use std::collections::VecDeque;
use std::sync::OnceLock;

#[cfg(test)]
use super::grid::At;
use super::grid::Printed;
use super::header::{self, Columns};
use super::{GridRow, Notes, QUOTE_LIMIT, Row, fold, is_value};
use crate::layout::{Block, CellRef, ColumnDef, Layout, RowDef, Section};
use crate::number::Unit;
use crate::rules::{self, Finding};
use crate::{Cell, Edition, Place, Published};

/// The most rows a run of rows without labels may hold before it is given
/// up as unplaceable: table 三 has 25 data rows, so a longer run cannot be
/// placed with certainty, and its numbers are quoted instead.
pub(crate) const RUN_LIMIT: usize = 256;

// ---------------------------------------------------------------------------
// The edition
// ---------------------------------------------------------------------------

/// Labels seen in the tables that only one edition prints: whole cells,
/// and cells that contain such a label (for labels split across cells).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct EditionVotes {
    whole: [usize; 2],
    within: [usize; 2],
}

impl EditionVotes {
    /// Counts the telling labels of some rows.
    pub(crate) fn count<'a>(&mut self, rows: impl IntoIterator<Item = Row<'a>>) {
        for row in rows {
            let Row::Cells(row) = row else { continue };
            for cell in row.cells.iter().filter(|c| !c.is_empty() && !is_value(c)) {
                let label = fold(cell);
                for edition in Edition::ALL {
                    let prints = fingerprints(edition);
                    if prints.binary_search_by(|f| f.as_str().cmp(&label)).is_ok() {
                        self.whole[edition as usize] += 1;
                    }
                    if prints.iter().any(|f| label.contains(f.as_str())) {
                        self.within[edition as usize] += 1;
                    }
                }
            }
        }
    }

    /// Whether no label told the editions apart.
    pub(crate) fn is_empty(&self) -> bool {
        self.whole == [0, 0] && self.within == [0, 0]
    }

    /// The edition the labels show; the year's where they say nothing. A
    /// difference from the year's is noted.
    pub(crate) fn decide(&self, year: u16, notes: &mut Notes) -> Edition {
        let [v2019, v2021] = if self.whole == [0, 0] { self.within } else { self.whole };
        let by_year = Edition::for_year(year);
        let by_tables = match v2019.cmp(&v2021) {
            std::cmp::Ordering::Greater => Edition::V2019,
            std::cmp::Ordering::Less => Edition::V2021,
            std::cmp::Ordering::Equal => by_year,
        };
        if by_tables != by_year {
            notes.push(Finding::reader(
                &rules::PARSE_EDITION,
                &[],
                None,
                format!("{year}年度应使用{by_year}版，表格为{by_tables}版，以表格为准"),
                format!("the year {year} calls for {by_year}, but the tables are {by_tables}; read as {by_tables}"),
            ));
        }
        by_tables
    }
}

/// Every label of a layout: titles, groups, rows, columns.
fn labels(edition: Edition) -> Vec<&'static str> {
    let layout = Layout::of(edition);
    let mut out = Vec::new();
    for section in Section::TABLES {
        for block in layout.blocks(section) {
            out.extend(block.title.map(|t| t.label));
            out.extend(block.rows.iter().map(|r| r.label));
            out.extend(block.columns.iter().flat_map(|c| c.groups.iter().map(|g| g.label).chain([c.label])));
        }
    }
    out.retain(|l| !l.is_empty());
    out
}

/// Labels that only this edition prints, long enough to be telling and
/// not part of a label of the other edition.
fn fingerprints(edition: Edition) -> &'static [String] {
    static CACHE: [OnceLock<Vec<String>>; 2] = [OnceLock::new(), OnceLock::new()];
    CACHE[edition as usize].get_or_init(|| {
        let other: Vec<String> = labels(if edition == Edition::V2019 { Edition::V2021 } else { Edition::V2019 })
            .iter()
            .map(|l| fold(l).into_owned())
            .collect();
        let mut own: Vec<String> = labels(edition)
            .iter()
            .map(|l| fold(l).into_owned())
            .filter(|l| l.chars().count() >= 5 && !other.iter().any(|o| o.contains(l.as_str())))
            .collect();
        own.sort();
        own.dedup();
        own
    })
}

// ---------------------------------------------------------------------------
// The table reader: rows → layout
// ---------------------------------------------------------------------------

/// A row label (or variant), folded once.
struct RowLabel {
    folded: String,
    chars: usize,
    row: &'static RowDef,
    variant: Option<&'static str>,
}

/// Whether a text is, folded, the whole label of a row of a table (or a
/// variant of one), in either edition: a row of its own, never the rest of
/// another row's label wrapped onto a line of the table.
pub(crate) fn is_row_label(text: &str) -> bool {
    any_row_label(text, |label, folded| label == folded)
}

/// Whether a text is, folded, the start of a row's label (or variant) in
/// either edition, and not a whole one: a label wrapped before its figures
/// (`规 范` / `性 文  89  89  89` / `件`).
pub(crate) fn begins_a_row_label(text: &str) -> bool {
    any_row_label(text, |label, folded| label.len() > folded.len() && label.starts_with(folded))
}

/// Whether a text, folded and not empty, stands in relation `to` (given a
/// row label and the text, both folded) to a row label of either
/// edition's tables.
fn any_row_label(text: &str, to: impl Fn(&str, &str) -> bool) -> bool {
    let folded = label_fold(text);
    !folded.is_empty()
        && Edition::ALL
            .iter()
            .any(|&e| Section::TABLES.iter().any(|&s| row_labels(e, s).iter().any(|l| to(&l.folded, folded.as_ref()))))
}

/// The folded labels of the rows of a section, built once per edition.
fn row_labels(edition: Edition, section: Section) -> &'static [RowLabel] {
    static CACHE: [[OnceLock<Vec<RowLabel>>; 3]; 2] =
        [[OnceLock::new(), OnceLock::new(), OnceLock::new()], [OnceLock::new(), OnceLock::new(), OnceLock::new()]];
    let Some(slot) = Section::TABLES.iter().position(|s| *s == section) else { return &[] };
    CACHE[edition as usize][slot].get_or_init(|| {
        let mut labels = Vec::new();
        for block in Layout::of(edition).blocks(section) {
            for &row in block.rows.iter().filter(|r| !r.label.is_empty()) {
                let texts = std::iter::once((row.label, None)).chain(row.variants.iter().map(|v| (*v, Some(*v))));
                for (text, variant) in texts {
                    let folded = label_fold(text);
                    labels.push(RowLabel { chars: folded.chars().count(), folded: folded.into_owned(), row, variant });
                }
            }
        }
        labels
    })
}

/// A label folded for matching ([`fold`]), with its sub-row numbers in
/// one style whatever style was printed: `1、` `1．` `1)` `(1)` `（1）` `①`
/// `⑴` `⒈` are all `1.`, and a band's `一.` is `一、`.
pub(crate) fn label_fold(s: &str) -> std::borrow::Cow<'_, str> {
    let folded = fold(s);
    let chinese = |c: char| matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十');
    // Only a number in another style than the template's is rewritten.
    let mut previous = '\0';
    let mut restyled = false;
    for c in folded.chars() {
        restyled |= matches!(c, '①'..='⒛')
            || (previous.is_ascii_digit() && matches!(c, '、' | '）'))
            || (previous == '（' && c.is_ascii_digit())
            || (chinese(previous) && c == '.');
        previous = c;
    }
    if !restyled {
        return folded;
    }
    let chars: Vec<char> = folded.chars().collect();
    let mut out = String::with_capacity(folded.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let digits = |from: usize| chars[from..].iter().take_while(|d| d.is_ascii_digit()).count();
        match c {
            // Circled, parenthesised and full-stop digits: ① ⑴ ⒈.
            '①'..='⑳' | '⑴'..='⒇' | '⒈'..='⒛' => {
                let base = match c {
                    '①'..='⑳' => '①',
                    '⑴'..='⒇' => '⑴',
                    _ => '⒈',
                };
                out.push_str(&(c as u32 - base as u32 + 1).to_string());
                out.push('.');
            }
            // （1） → 1.
            '（' if (1..=2).contains(&digits(i + 1)) && chars.get(i + 1 + digits(i + 1)) == Some(&'）') => {
                let n = digits(i + 1);
                out.extend(&chars[i + 1..i + 1 + n]);
                out.push('.');
                i += n + 2;
                continue;
            }
            // 1、 1） → 1.
            '、' | '）' if i > 0 && chars[i - 1].is_ascii_digit() => out.push('.'),
            // 三. → 三、
            '.' if i > 0 && chinese(chars[i - 1]) => out.push('、'),
            _ => out.push(c),
        }
        i += 1;
    }
    out.into()
}

/// Whether a printed label, which names no row, is a close variant of
/// `row`'s (a typo, a word lost): compared without the group's label or
/// the sub-row's number, their character edit distance is at most a third
/// of the official label's length.
fn resembles(printed: &str, row: &RowDef) -> bool {
    let bare = |s: &str| -> String {
        let mut s = s;
        for prefix in [row.parent.map(|p| p.label), row.band.map(|b| b.label)].into_iter().flatten() {
            s = s.strip_prefix(&*label_fold(prefix)).unwrap_or(s);
        }
        s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.').to_owned()
    };
    let printed = bare(printed);
    std::iter::once(row.label).chain(row.variants.iter().copied()).any(|official| {
        let official: Vec<char> = bare(&label_fold(official)).chars().collect();
        let printed: Vec<char> = printed.chars().collect();
        // Lengths that differ by more than the distance allowed cannot be
        // near: no quadratic work on a long cell.
        !printed.is_empty()
            && printed.len().abs_diff(official.len()) * 3 <= official.len()
            && edit_distance(&printed, &official) * 3 <= official.len()
    })
}

/// Levenshtein distance between two strings of characters (labels: short).
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Whether header lines cut into fields (text parted by tabs) label each
/// of `block`'s columns at a field of its own, in the layout's order: a
/// leaf label at each field position, on one line or another (行政复议's
/// five on one line, 行政诉讼's ten on the next). A row of exactly as many
/// fields then lines up with the columns one to one, empty fields
/// included.
fn labels_every_field(block: &Block, header: &[GridRow<'_>]) -> bool {
    let width = block.columns.len();
    let names = |c: &ColumnDef| -> Vec<String> {
        std::iter::once(c.label).chain(c.variants.iter().copied()).map(|l| fold(l).into_owned()).collect()
    };
    let leaves: Vec<Vec<String>> = block.columns.iter().map(|c| names(c)).collect();
    let is_leaf = |text: &str| leaves.iter().any(|n| n.iter().any(|l| l == text));
    !header.is_empty()
        && header.iter().all(|row| row.cells.len() <= width)
        && leaves.iter().enumerate().all(|(k, own)| {
            let mut at_k = header.iter().filter_map(|row| row.cells.get(k)).map(|c| fold(c)).filter(|c| is_leaf(c));
            at_k.next().is_some_and(|label| own.iter().any(|l| *l == label)) && at_k.next().is_none()
        })
}

/// How a line's value cells fit `n` columns.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Fit<'a> {
    /// Exactly `n` cells (blanks included).
    Exact(Vec<Printed<'a>>),
    /// More than `n` non-empty cells.
    Surplus(Vec<Printed<'a>>),
    /// Fewer than `n` non-empty cells.
    Short(Vec<Printed<'a>>),
}

impl<'a> Fit<'a> {
    fn of(rest: &[Printed<'a>], n: usize) -> Fit<'a> {
        if rest.len() == n {
            return Fit::Exact(rest.to_vec());
        }
        let end = rest.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
        let trailing = &rest[..end];
        if trailing.len() == n {
            return Fit::Exact(trailing.to_vec());
        }
        let start = trailing.iter().position(|c| !c.is_empty()).unwrap_or(trailing.len());
        if trailing.len() - start == n {
            return Fit::Exact(trailing[start..].to_vec());
        }
        let values: Vec<Printed<'a>> = rest.iter().copied().filter(|c| !c.is_empty()).collect();
        match values.len().cmp(&n) {
            std::cmp::Ordering::Equal => Fit::Exact(values),
            std::cmp::Ordering::Greater => Fit::Surplus(values),
            std::cmp::Ordering::Less => Fit::Short(values),
        }
    }

    fn values(&self) -> &[Printed<'a>] {
        match self {
            Fit::Exact(v) | Fit::Surplus(v) | Fit::Short(v) => v,
        }
    }
}

/// How many leading cells of a line may make up its label (band, group,
/// row: three in the official layout; more where spaces split a label).
const MAX_LABEL_CELLS: usize = 8;

/// A row of a table, with the row its label names.
struct Record<'a> {
    row: GridRow<'a>,
    /// The row its label names, if any.
    label: Option<&'static RowDef>,
    /// Whether words before the figures name no row (a label with a typo,
    /// or no label at all): [`Record::unknown`] gives them.
    words: bool,
    /// Where the cells after the label start.
    rest: usize,
}

impl<'a> Record<'a> {
    /// The cells after the label.
    fn rest(&self) -> &[Printed<'a>] {
        self.row.cells.get(self.rest..).unwrap_or_default()
    }

    /// The label printed, where it names no row.
    fn unknown(&self) -> Option<String> {
        self.words.then(|| self.row.cells[..self.rest].iter().map(|c| c.text).collect())
    }

    /// Whether the row prints anything after its label.
    fn has_values(&self, width: usize) -> bool {
        self.rest().iter().any(|c| !c.is_empty()) || self.rest().len() >= width
    }
}

/// Rows whose labels were lost, held until the next labelled row says
/// which rows they are.
struct Run<'a> {
    /// The index of the first row they may be.
    start: usize,
    lines: Vec<Record<'a>>,
    /// Past [`RUN_LIMIT`]: its rows are quoted as they come.
    abandoned: bool,
}

/// A table's rows, with a look ahead: a row's figures printed one a line
/// after its label (`pdftotext` without `-layout`, of merged cells) are
/// taken with it.
struct Ahead<'a, I> {
    rows: I,
    held: VecDeque<Row<'a>>,
}

impl<'a, I: Iterator<Item = Row<'a>>> Ahead<'a, I> {
    fn new(rows: I) -> Self {
        Ahead { rows, held: VecDeque::new() }
    }

    /// The `n`-th row ahead, without taking it.
    fn peek(&mut self, n: usize) -> Option<&Row<'a>> {
        while self.held.len() <= n {
            let row = self.rows.next()?;
            self.held.push_back(row);
        }
        self.held.get(n)
    }
}

impl<'a, I: Iterator<Item = Row<'a>>> Iterator for Ahead<'a, I> {
    type Item = Row<'a>;
    fn next(&mut self) -> Option<Row<'a>> {
        self.held.pop_front().or_else(|| self.rows.next())
    }
}

/// Whether a row prints no figure and no word but its label: cells left
/// blank (`合计` and fifteen empty fields), not a line of words (a header's
/// characters one a cell).
fn is_blank_row(row: &GridRow<'_>) -> bool {
    row.cells.iter().filter(|c| !c.is_empty() && !is_value(c)).count() <= 1
}

/// Whether a line of text prints one figure and nothing else.
fn is_lone_figure(row: &GridRow<'_>) -> bool {
    !row.certain && matches!(row.cells.as_slice(), [c] if !c.is_empty() && is_value(c))
}

/// The numbers standing as words of a text that is not itself a number
/// (`申请人情况 508`, `50830 （一）予以公开`), but not a sub-row's number
/// leading a label (`1. 属于国家秘密`, `2 重复申请`).
fn numbers_among_words(text: &str) -> Vec<&str> {
    // Most labels are one word: no allocation for them.
    if !text.trim().contains(char::is_whitespace) || !text.contains(|c: char| c.is_ascii_digit()) {
        return Vec::new();
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 2 {
        return Vec::new();
    }
    let number = |w: &str| w.chars().any(|c| c.is_ascii_digit()) && is_value(w);
    words.iter().enumerate().filter(|&(i, w)| number(w) && !(i == 0 && is_numbering(w))).map(|(_, w)| *w).collect()
}

/// What may end a sub-row's number (`1.` `1、` `1)`).
const NUMBERING_ENDS: [char; 5] = ['.', '、', '．', ')', '）'];

/// Whether a word may be a sub-row's number: one or two digits, and what
/// may end one.
fn is_numbering(word: &str) -> bool {
    let digits = word.trim_end_matches(NUMBERING_ENDS);
    (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The numbers to quote, at most [`QUOTE_LIMIT`], and how many there were.
pub(crate) fn quote<'a>(numbers: impl Iterator<Item = &'a str>) -> (Vec<String>, usize) {
    let mut quoted = Vec::new();
    let mut count = 0usize;
    for n in numbers {
        if quoted.len() < QUOTE_LIMIT {
            quoted.push(n.to_owned());
        }
        count += 1;
    }
    (quoted, count)
}

/// Where rows were printed, as messages say it: `第2个表格第5行、第6行`
/// and `table 2, row 5; table 2, row 6`.
fn where_printed(rows: &[&GridRow<'_>]) -> (String, String) {
    let places: Vec<Option<Place>> = rows.iter().map(|r| r.place).collect();
    let zh: Vec<String> = places.iter().map(|p| p.map_or_else(|| "某行".to_owned(), |p| p.zh())).collect();
    let en: Vec<String> = places.iter().map(|p| p.map_or_else(|| "a line".to_owned(), |p| p.to_string())).collect();
    (zh.join("、"), en.join("; "))
}

/// The order a header prints `block`'s columns in (`order`, layout
/// indexes left to right), as messages say it: a run of a group's columns
/// in their own order as the group (`行政诉讼/复议后起诉下5列`), any other
/// column by its groups and label.
fn printed_order(block: &Block, order: &[usize]) -> (String, String) {
    let path = |c: &ColumnDef| c.groups.iter().map(|g| g.label).collect::<Vec<_>>().join("/");
    let (mut zh, mut en) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < order.len() {
        let column = block.columns[order[i]];
        let group = path(column);
        // A run of the group's columns, each the next in the layout.
        let mut end = i + 1;
        while end < order.len() && order[end] == order[end - 1] + 1 && path(block.columns[order[end]]) == group {
            end += 1;
        }
        if end - i > 1 && !group.is_empty() {
            zh.push(format!("{group}下{}列", end - i));
            en.push(format!("{} columns under {group}", end - i));
        } else {
            end = i + 1;
            let label = if group.is_empty() { column.label.to_owned() } else { format!("{group}/{}", column.label) };
            zh.push(label.clone());
            en.push(label);
        }
        i = end;
    }
    (zh.join("、"), en.join(", "))
}

/// The quoted numbers, as a message shows them: `1 2 3`, or the first
/// ones and how many more.
fn shown(quoted: &[String], count: usize) -> (String, String) {
    let list = quoted.join(" ");
    match count.saturating_sub(quoted.len()) {
        0 => (list.clone(), list),
        more => (format!("{list} …另{more}个"), format!("{list} … and {more} more")),
    }
}

pub(crate) struct TableReader<'p> {
    published: &'p mut Published,
    notes: &'p mut Notes,
    /// The units the current sub-table's header printed, by column.
    units: Vec<(&'static ColumnDef, Unit)>,
    /// How the current table's figure columns are told.
    columns: Columns,
    /// Whether a figure of the current table was placed from a drawn cell.
    placed_drawn: bool,
}

/// The most header rows kept to read a table's columns by: a header has
/// three or four.
const HEADER_ROWS: usize = 16;

/// Keeps a row of words before a table's first row: the last
/// [`HEADER_ROWS`] of them, which end in its header (paragraphs printed
/// between the heading and the table come before it).
fn keep_last<'a>(header: &mut Vec<GridRow<'a>>, row: GridRow<'a>) {
    if header.len() == HEADER_ROWS {
        header.remove(0);
    }
    header.push(row);
}

impl<'p> TableReader<'p> {
    pub(crate) fn new(published: &'p mut Published, notes: &'p mut Notes) -> TableReader<'p> {
        // A place for each cell of the layout: its first printing's.
        notes.places.resize(published.layout().cells().len(), None);
        TableReader { published, notes, units: Vec::new(), columns: Columns::Unread, placed_drawn: false }
    }

    /// Reads the columns of `block` from its header rows, once per table,
    /// and says so where they are printed in another order or cannot be
    /// matched.
    fn read_columns(&mut self, section: Section, block: &'static Block, header: &[GridRow<'_>]) {
        if self.columns != Columns::Unread {
            return;
        }
        self.columns = header::read(block, header);
        let place = header.first().and_then(|r| r.place);
        let table = section.numeral();
        let finding = match &self.columns {
            Columns::Permuted(order) => {
                let (zh, en) = printed_order(block, order);
                Finding::reader(
                    &rules::PARSE_COLUMN_ORDER,
                    &[],
                    place,
                    format!("表{table}的列序与格式不同（{zh}），已按表头读取"),
                    format!("table {table} prints its columns in another order ({en}); read by its header"),
                )
            }
            Columns::Unmatched { printed } => Finding::reader(
                &rules::PARSE_HEADER_UNMATCHED,
                &[],
                place,
                format!("表{table}的表头（{}）无法与格式的列对应，其数字未采用", printed.join("、")),
                format!(
                    "table {table}'s header ({}) cannot be matched with the format's columns; its figures were not used",
                    printed.join(", ")
                ),
            )
            .quoting(printed.clone()),
            Columns::Unread | Columns::InOrder => return,
        };
        self.notes.push(finding);
    }

    /// The table is read: where its drawn figures were placed by position,
    /// with no header to read them by, says so. (Text has no header to
    /// read columns by beyond the order of its labels: its figures are
    /// read by position, as the documentation says.)
    fn end_table(&mut self, section: Section, place: Option<Place>) {
        if self.columns == Columns::Unread && self.placed_drawn {
            let table = section.numeral();
            self.notes.push(Finding::reader(
                &rules::PARSE_COLUMNS_BY_POSITION,
                &[],
                place,
                format!("表{table}未读到可识别的表头，数字按列的位置读取"),
                format!("no header of table {table} could be read; its figures were read by the columns' position"),
            ));
        }
        self.start_table();
    }

    /// A table starts: its columns not read yet, none of its figures placed.
    fn start_table(&mut self) {
        self.columns = Columns::Unread;
        self.placed_drawn = false;
    }

    /// Places one row's figures (printed left to right) on the row's
    /// cells (in layout order), as the header tells the columns; nothing
    /// where it cannot.
    fn place_figures(&mut self, cells: &[CellRef], values: &[Printed<'_>]) {
        match &self.columns {
            Columns::Permuted(order) if order.len() == cells.len() && values.len() == cells.len() => {
                let order = order.clone();
                for (k, text) in order.into_iter().zip(values) {
                    self.place(cells[k], text);
                }
            }
            _ => {
                for (cell, text) in cells.iter().zip(values) {
                    self.place(*cell, text);
                }
            }
        }
    }

    fn layout(&self) -> &'static Layout {
        self.published.layout()
    }

    /// Records a printed cell; a cell printed again is kept as a duplicate,
    /// never overwritten.
    fn place(&mut self, cell: CellRef, text: &Printed<'_>) {
        let column = cell.column();
        let unit = self.units.iter().find(|(c, _)| std::ptr::eq(*c, column)).map(|(_, u)| *u);
        let _ = self.published.record(cell, Cell::printed_under(cell.info().kind(), text.text, unit));
        if let Some(place) = text.place()
            && let Some(slot) = self.notes.places.get_mut(cell.index()).filter(|s| s.is_none())
        {
            *slot = Some(place);
        }
        self.placed_drawn |= text.columns().is_some();
    }

    fn cells(&self, section: Section, row: &RowDef, columns: &[&'static ColumnDef]) -> Vec<CellRef> {
        columns.iter().filter_map(|c| self.layout().cell(section, row, c)).collect()
    }

    fn unplaced(&mut self, cells: &[CellRef], lines: &[&GridRow<'_>], numbers: &[Printed<'_>]) {
        if !self.notes.room(&rules::PARSE_UNPLACED) {
            return;
        }
        let (at_zh, at_en) = where_printed(lines);
        let (quoted, count) = quote(numbers.iter().map(|n| n.text));
        let (zh, en) = shown(&quoted, count);
        let finding = Finding::reader(
            &rules::PARSE_UNPLACED,
            cells,
            lines.first().and_then(|l| l.place),
            format!(
                "{at_zh}印出{count}个数字（{zh}），对应{}个单元格，无法确定位置，相应单元格按缺失处理",
                cells.len()
            ),
            format!(
                "{at_en} printed {count} numbers ({en}) for {} cells; they cannot be placed with certainty, so the cells are left absent",
                cells.len()
            ),
        )
        .quoting(quoted);
        self.notes.findings.push(finding);
    }

    /// Quotes the numbers of a line that is no row of the table (a header
    /// or title line, a garbled label), which were not used.
    fn stray(&mut self, row: &GridRow<'_>) {
        let mut numbers = row
            .cells
            .iter()
            .flat_map(|c| if is_value(c.text) { vec![c.text] } else { numbers_among_words(c.text) })
            .peekable();
        if numbers.peek().is_none() || !self.notes.room(&rules::PARSE_STRAY_LINE) {
            return;
        }
        let (quoted, count) = quote(numbers);
        let (zh, en) = shown(&quoted, count);
        let (at_zh, at_en) = where_printed(&[row]);
        let text = row.cells.iter().map(|c| c.text).collect::<Vec<_>>().join(" ");
        let finding = Finding::reader(
            &rules::PARSE_STRAY_LINE,
            &[],
            row.place,
            format!("{at_zh}不属于表格的任何一行，其数字（{zh}）未采用：{text}"),
            format!("{at_en} matches no row; its numbers ({en}) were not used: {text}"),
        )
        .quoting(quoted);
        self.notes.findings.push(finding);
    }

    /// Quotes the numbers printed among the words of a row's first `cells`
    /// (its label), which name `row`: a figure printed beside a label
    /// (`（一）予以公开 50830`) is no part of it, and not used.
    fn label_numbers(&mut self, line: &GridRow<'_>, cells: usize, row: &RowDef) {
        let mut numbers: Vec<&str> = line.cells.iter().take(cells).flat_map(|c| numbers_among_words(c.text)).collect();
        // A number leading the label is the row's own only where its label
        // starts with it (`1. 属于国家秘密`, not `12 （一）予以公开`).
        let first = line.cells.iter().take(cells).find(|c| !c.is_empty()).map(|c| c.text);
        let lead = first.and_then(|t| t.split_whitespace().next().filter(|w| *w != t.trim()));
        if let Some(lead) = lead.filter(|w| is_numbering(w) && is_value(w))
            && !label_fold(row.label).starts_with(lead.trim_end_matches(NUMBERING_ENDS))
        {
            numbers.insert(0, lead);
        }
        if numbers.is_empty() || !self.notes.room(&rules::PARSE_SURPLUS) {
            return;
        }
        let (quoted, count) = quote(numbers.into_iter());
        let (zh, en) = shown(&quoted, count);
        let (at_zh, at_en) = where_printed(&[line]);
        let finding = Finding::reader(
            &rules::PARSE_SURPLUS,
            &[],
            line.place,
            format!("{at_zh}的行名「{}」旁印有数字（{zh}），未采用", row.label),
            format!("{at_en} prints numbers ({en}) beside its label 「{}」; they were not used", row.label),
        )
        .quoting(quoted);
        self.notes.findings.push(finding);
    }

    /// Quotes the numbers of a line with more cells than any row has.
    fn long(&mut self, place: Option<Place>, raw: &str) {
        let tokens: Box<dyn Iterator<Item = &str>> = if raw.contains('\t') {
            Box::new(raw.split('\t').map(str::trim))
        } else {
            Box::new(raw.split_whitespace())
        };
        let mut numbers = tokens.filter(|c| is_value(c)).peekable();
        if numbers.peek().is_none() || !self.notes.room(&rules::PARSE_STRAY_LINE) {
            return;
        }
        let (quoted, count) = quote(numbers);
        let (zh, en) = shown(&quoted, count);
        let (at_zh, at_en) = match place {
            Some(p) => (p.zh(), p.to_string()),
            None => ("某行".to_owned(), "a line".to_owned()),
        };
        let finding = Finding::reader(
            &rules::PARSE_STRAY_LINE,
            &[],
            place,
            format!("{at_zh}的单元格多于任何表格行，其{count}个数字（{zh}）未采用"),
            format!("{at_en} has more cells than any row of a table; its {count} numbers ({en}) were not used"),
        )
        .quoting(quoted);
        self.notes.findings.push(finding);
    }

    /// The row of the section a folded label names (official label or
    /// variant): the longest label the text ends with, and its length.
    fn match_row(&self, section: Section, folded: &str) -> Option<(&'static RowDef, Option<&'static str>, usize)> {
        if folded.is_empty() {
            return None;
        }
        row_labels(self.layout().edition(), section)
            .iter()
            .filter(|l| folded.ends_with(l.folded.as_str()))
            .max_by_key(|l| l.chars)
            .map(|l| (l.row, l.variant, l.chars))
    }

    /// The next row of a table with the row its label names: of the leading
    /// cells (before the first figure), the last one whose text, with the
    /// cells before it, ends in a row's label — the most specific row (a
    /// sub-row after its group's label). A line too long to be a row is
    /// quoted on the way.
    fn next_record<'a, I: Iterator<Item = Row<'a>>>(
        &mut self,
        section: Section,
        rows: &mut Ahead<'a, I>,
    ) -> Option<Record<'a>> {
        let row = loop {
            match rows.next()? {
                Row::Cells(row) => break row,
                Row::Long { place, raw } => self.long(place, &raw),
            }
        };
        let mut best: Option<(usize, &'static RowDef, Option<&'static str>, usize)> = None;
        let mut text = String::new();
        let mut words = 0; // the leading cells that are words
        for (k, cell) in row.cells.iter().enumerate().take(MAX_LABEL_CELLS) {
            if cell.is_empty() {
                continue;
            }
            if is_value(cell) {
                break;
            }
            words = k + 1;
            // A number printed beside the label is no part of it (quoted
            // once the row is known).
            let strays = numbers_among_words(cell.text);
            if strays.is_empty() {
                text.push_str(&label_fold(cell));
            } else {
                let bare: Vec<&str> = cell.text.split_whitespace().filter(|w| !strays.contains(w)).collect();
                text.push_str(&label_fold(&bare.join(" ")));
            }
            // A label that ends a later cell is the more specific row (a
            // sub-row after its group's label).
            if let Some((r, variant, len)) = self.match_row(section, &text) {
                best = Some((k + 1, r, variant, len));
            }
        }
        Some(match best {
            Some((k, r, variant, _)) => {
                if let Some(v) = variant {
                    self.notes.variant(r.label, v, row.place);
                }
                self.label_numbers(&row, k, r);
                let mut record = Record { row, label: Some(r), words: false, rest: k };
                self.take_lone_figures(section, &mut record, rows);
                record
            }
            None if words > 0 => Record { row, label: None, words: true, rest: words },
            None => Record { row, label: None, words: false, rest: 0 },
        })
    }

    /// A row label alone on its line, followed by exactly as many lines as
    /// the row has columns, each printing one figure and nothing else:
    /// text extracted without its layout (`pdftotext` of a LibreOffice or
    /// WPS table), one cell a line. Such text leaves blank cells out, so
    /// a row with a blank and a stray number after it (a page number)
    /// prints as many lone figures: they are the row's, left to right,
    /// only where the row's own arithmetic confirms it (its 总计 is the
    /// sum of its columns), and a notice says so. Otherwise, or with one
    /// line more or fewer, or anything else between them, nothing is
    /// taken: the lines are read as they come (and their numbers quoted).
    fn take_lone_figures<'a, I: Iterator<Item = Row<'a>>>(
        &mut self,
        section: Section,
        record: &mut Record<'a>,
        rows: &mut Ahead<'a, I>,
    ) {
        let Some(row) = record.label else { return };
        if record.row.certain || !record.rest().is_empty() {
            return;
        }
        let layout = self.layout();
        let Some(block) = layout.blocks(section).iter().find(|b| b.rows.iter().any(|r| std::ptr::eq(*r, row))) else {
            return;
        };
        let width = block.columns.len();
        if width == 0 || block.is_group(row) {
            return;
        }
        let lone =
            (0..=width).take_while(|&n| matches!(rows.peek(n), Some(Row::Cells(r)) if is_lone_figure(r))).count();
        if lone != width {
            return;
        }
        let cells = self.cells(section, row, block.columns);
        let figures: Vec<&str> = (0..width)
            .filter_map(|n| match rows.peek(n) {
                Some(Row::Cells(r)) => r.cells.first().map(|c| c.text),
                _ => None,
            })
            .collect();
        // The figures in the layout's order, as they would be placed (the
        // header may have told the columns in another).
        let in_layout = |printed: &[&'a str]| -> Vec<&'a str> {
            match &self.columns {
                Columns::Permuted(order) if order.len() == printed.len() => {
                    let mut out = vec![""; printed.len()];
                    for (&column, text) in order.iter().zip(printed) {
                        if let Some(slot) = out.get_mut(column) {
                            *slot = text;
                        }
                    }
                    out
                }
                _ => printed.to_vec(),
            }
        };
        if figures.len() != width || !layout.adds_up(&cells, &in_layout(&figures)) {
            return;
        }
        // The other reading: a blank left out and a number printed after
        // the row (a page number). Where it adds up too (the number twice
        // the row's total), which it is cannot be told; a 0 is no page's
        // number. (A number before the row cannot add up both ways unless
        // it is 0.)
        let is_zero = |text: &str| matches!(crate::Value::read(crate::layout::CellKind::Count, text), crate::Value::Number(n) if n.is_zero());
        let adds_up_without = |stray: &str, rest: &[&'a str]| {
            !is_zero(stray)
                && (0..width).any(|blank| {
                    let mut other = rest.to_vec();
                    other.insert(blank, "0");
                    layout.adds_up(&cells, &in_layout(&other))
                })
        };
        if adds_up_without(figures[width - 1], &figures[..width - 1]) {
            return;
        }
        let mut lines: Vec<GridRow<'a>> = Vec::with_capacity(width);
        for _ in 0..width {
            if let Some(Row::Cells(line)) = rows.next() {
                record.row.cells.extend_from_slice(&line.cells);
                lines.push(line);
            }
        }
        let (at_zh, at_en) = where_printed(&lines.iter().collect::<Vec<_>>());
        self.notes.push(Finding::reader(
            &rules::PARSE_REFLOWED,
            &cells,
            record.row.place,
            format!("「{}」行的{width}个数字各印一行（{at_zh}），已按阅读顺序放置", row.label),
            format!(
                "the {width} figures of 「{}」 were printed one a line ({at_en}); placed in reading order",
                row.label
            ),
        ));
    }

    /// Notes the column headers that are variants (社会组织 for 社会公益组织).
    fn header_variants(&mut self, columns: &[&'static ColumnDef], row: &GridRow<'_>) {
        for cell in &row.cells {
            let f = fold(cell);
            for column in columns {
                if let Some(v) = column.variants.iter().find(|v| fold(v) == f) {
                    self.notes.variant(column.label, v, cell.place().or(row.place));
                }
            }
        }
    }

    /// How a row's cells after its label fit `width` columns. Where the
    /// row's cells are drawn ones, the figures are the last `width` cells,
    /// and empty cells before them are label columns left empty (a group
    /// row's empty sub-label cell).
    fn fit<'a>(certain: bool, rest: &[Printed<'a>], width: usize) -> Fit<'a> {
        if certain && rest.len() > width {
            let (before, figures) = rest.split_at(rest.len() - width);
            if before.iter().all(|c| c.is_empty()) {
                return Fit::Exact(figures.to_vec());
            }
        }
        Fit::of(rest, width)
    }

    /// Places one line's values on a row's cells, or reports them.
    fn place_line(
        &mut self,
        section: Section,
        row: &'static RowDef,
        columns: &[&'static ColumnDef],
        record: &Record<'_>,
    ) {
        let cells = self.cells(section, row, columns);
        let _ = self.place_run(&cells, columns.len(), &[record]);
    }

    /// Places the values of `lines` on `cells` (rows × `width`), where every
    /// reading of them agrees; otherwise reports them and leaves the cells
    /// absent.
    ///
    /// Readings: one line per row (a line with surplus numbers read at
    /// every offset), and the numbers in reading order.
    fn place_run(&mut self, cells: &[CellRef], width: usize, lines: &[&Record<'_>]) -> bool {
        if cells.is_empty() || width == 0 {
            for r in lines {
                self.stray(&r.row);
            }
            return false;
        }
        let rows = cells.len() / width;
        let fits: Vec<Fit<'_>> = lines.iter().map(|r| Self::fit(r.row.certain, r.rest(), width)).collect();
        let numbers: Vec<Printed<'_>> =
            fits.iter().flat_map(|f| f.values().iter().copied().filter(|v| !v.is_empty())).collect();
        let grid_rows: Vec<&GridRow<'_>> = lines.iter().map(|r| &r.row).collect();

        // One line per row.
        let mut per_line: Option<Vec<Printed<'_>>> = None;
        let mut surplus = Vec::new();
        if lines.len() == rows {
            let mut acc = Vec::with_capacity(cells.len());
            let mut all = true;
            for (k, (fit, record)) in fits.iter().zip(lines).enumerate() {
                match fit {
                    Fit::Exact(v) => acc.extend_from_slice(v),
                    Fit::Surplus(v) => {
                        let first = &v[..width];
                        if (0..=v.len() - width).all(|o| &v[o..o + width] == first) {
                            acc.extend_from_slice(first);
                            surplus.push((k, &record.row, v));
                        } else {
                            all = false;
                        }
                    }
                    Fit::Short(_) => all = false,
                }
            }
            per_line = all.then_some(acc);
        }
        // Reading order, where the lines do not match the rows.
        let irregular = lines.len() != rows || fits.iter().any(|f| !matches!(f, Fit::Exact(_)));
        let in_order = (irregular && numbers.len() == cells.len()).then(|| numbers.clone());

        let reading = match (per_line, in_order) {
            (Some(a), Some(b)) if a != b => None,
            (Some(a), _) => Some(a),
            // The numbers in reading order are certain only where no other
            // split of them into rows could differ: all alike.
            (None, Some(b)) if b.windows(2).all(|w| w[0] == w[1]) => {
                let (at_zh, at_en) = where_printed(&grid_rows);
                self.notes.push(Finding::reader(
                    &rules::PARSE_REFLOWED,
                    cells,
                    grid_rows.first().and_then(|l| l.place),
                    format!("{}行的数字印在{at_zh}（{}个），已按阅读顺序放置", rows, b.len()),
                    format!(
                        "the numbers of {rows} rows were printed on {at_en} ({} numbers); placed in reading order",
                        b.len()
                    ),
                ));
                Some(b)
            }
            (None, _) => None,
        };
        let Some(values) = reading else {
            self.unplaced(cells, &grid_rows, &numbers);
            return false;
        };
        if matches!(self.columns, Columns::Unmatched { .. }) {
            // The header said the columns cannot be told: quoted.
            self.unplaced(cells, &grid_rows, &numbers);
            return false;
        }
        for (row_cells, row_values) in cells.chunks(width).zip(values.chunks(width)) {
            self.place_figures(row_cells, row_values);
        }
        for (k, row, values) in surplus {
            let quoted = values.iter().map(|v| v.text).collect::<Vec<_>>().join(" ");
            let extra = values.len() - width;
            let unused: Vec<String> = values[width..].iter().map(|v| v.text.to_owned()).collect();
            let (at_zh, at_en) = where_printed(&[row]);
            self.notes.push(Finding::reader(
                &rules::PARSE_SURPLUS,
                cells.get(k * width..(k + 1) * width).unwrap_or_default(),
                row.place,
                format!("{at_zh}印出{}个数字（{quoted}），多于{width}列；各种读法结果相同，多余的{extra}个未采用", values.len()),
                format!(
                    "{at_en} printed {} numbers ({quoted}) for {width} columns; every reading agrees, and the surplus {extra} were not used",
                    values.len()
                ),
            )
            .quoting(unused));
        }
        true
    }

    /// Section 二: sub-tables by their titles, rows by their labels. A
    /// header's units apply to its sub-table's columns; numbers on a title
    /// or header line are quoted, not used.
    pub(crate) fn proactive<'a>(&mut self, rows: impl IntoIterator<Item = Row<'a>>) {
        let blocks = self.layout().blocks(Section::Proactive);
        let mut rows = Ahead::new(rows.into_iter());
        let mut current: Option<&'static Block> = None;
        while let Some(record) = self.next_record(Section::Proactive, &mut rows) {
            let lead: String = record.row.cells.iter().take_while(|c| !is_value(c)).map(|c| fold(c)).collect();
            if let Some(block) = blocks.iter().find(|b| b.title.is_some_and(|t| fold(t.label) == lead)) {
                current = Some(block);
                self.units.clear();
                self.stray(&record.row);
                continue;
            }
            if blocks.first().is_some_and(|b| lead.starts_with(&*fold(b.corner))) {
                if let Some(block) = current {
                    self.header_variants(block.columns, &record.row);
                    self.header_units(block.columns, &record.row);
                }
                self.stray(&record.row);
                continue;
            }
            let Some(def) = record.label else {
                // A label with a typo: the one row of the current
                // sub-table, not yet read, that it resembles.
                let variant_of = current.zip(record.unknown()).and_then(|(block, printed)| {
                    let printed = label_fold(&printed);
                    let unread = |row: &&&'static RowDef| {
                        self.cells(Section::Proactive, row, block.columns)
                            .iter()
                            .all(|c| self.published.get(*c).is_none())
                    };
                    let mut like = block.rows.iter().filter(unread).filter(|row| resembles(&printed, row));
                    like.next().filter(|_| like.next().is_none()).map(|row| (block, *row))
                });
                match variant_of {
                    Some((block, row)) if record.has_values(block.columns.len()) => {
                        if let Some(printed) = record.unknown() {
                            self.notes.variant(row.label, &printed, record.row.place);
                        }
                        self.place_line(Section::Proactive, row, block.columns, &record);
                    }
                    _ => self.stray(&record.row),
                }
                continue;
            };
            if let Some(block) = blocks.iter().find(|b| b.rows.iter().any(|r| std::ptr::eq(*r, def))) {
                if !current.is_some_and(|c| std::ptr::eq(c, block)) {
                    // A row of another sub-table than the last title's: its
                    // header, if any, was not seen.
                    current = Some(block);
                    self.units.clear();
                }
                // A label alone, nothing after it: its cells were not
                // printed here (`cell.missing` says so).
                if record.has_values(block.columns.len()) {
                    self.place_line(Section::Proactive, def, block.columns, &record);
                }
            }
        }
        self.units.clear();
    }

    /// The units a header line prints for money columns
    /// (`采购总金额（元）`, `本年收费金额（单位：元）`).
    fn header_units(&mut self, columns: &[&'static ColumnDef], row: &GridRow<'_>) {
        for cell in &row.cells {
            let (base, Some(unit)) = Unit::split_header(cell) else { continue };
            let base = fold(base);
            let column = columns
                .iter()
                .find(|c| c.kind == crate::layout::CellKind::Money && fold(Unit::split_header(c.label).0) == base);
            // The official label's own unit is the default already.
            if let Some(column) = column.filter(|c| Unit::of_header(c.label) != Some(unit)) {
                self.units.retain(|(c, _)| !std::ptr::eq(*c, *column));
                self.units.push((column, unit));
            }
        }
    }

    /// Section 三: header lines, then rows; lines whose labels were lost
    /// are placed by their position among the rows around them.
    pub(crate) fn requests<'a>(&mut self, rows: impl IntoIterator<Item = Row<'a>>) {
        let Some(block) = self.layout().blocks(Section::Requests).first() else { return };
        let index_of = |row: &RowDef| block.rows.iter().position(|r| std::ptr::eq(*r, row));
        let width = block.columns.len();
        let mut rows = Ahead::new(rows.into_iter());
        let mut next = self.next_record(Section::Requests, &mut rows);
        self.start_table();
        let mut labelled = false; // a row label has been seen
        let mut after = 0; // rows before this index are behind us
        let mut run: Option<Run<'a>> = None;
        // The header rows, before the first row label.
        let mut header: Vec<GridRow<'a>> = Vec::new();
        let keep = |header: &mut Vec<GridRow<'a>>, row: &GridRow<'a>| keep_last(header, row.clone());
        let place = |record: &Record<'_>| record.row.place;
        let mut first_place = None;
        while let Some(record) = next.take() {
            next = self.next_record(Section::Requests, &mut rows);
            first_place = first_place.or(place(&record));
            let Some(row) = record.label else {
                let cells = &record.row.cells;
                if !cells.iter().any(|c| is_value(c)) {
                    // Words alone, no figure: a header repeated where a
                    // table continues, or the rest of a wrapped label
                    // (numbers among its words quoted).
                    self.header_variants(block.columns, &record.row);
                    self.stray(&record.row);
                    if !labelled {
                        keep(&mut header, &record.row);
                    }
                    continue;
                }
                let numbers_only = cells.iter().all(|c| c.is_empty() || is_value(c));
                match run.as_mut() {
                    Some(r) => self.extend_run(r, record),
                    // Before the first row label: header lines (any number
                    // on them quoted), or lines of numbers alone, the rows
                    // whose labels were lost, from the first row.
                    // A first row whose label is a variant of the first
                    // row's: the start of a run.
                    None if !labelled
                        && record.has_values(width)
                        && record.unknown().is_some_and(|u| {
                            block.rows.first().is_some_and(|first| resembles(&label_fold(&u), first))
                        }) =>
                    {
                        self.read_columns(Section::Requests, block, &header);
                        labelled = true;
                        let mut r = Run { start: 0, lines: Vec::new(), abandoned: false };
                        self.extend_run(&mut r, record);
                        run = Some(r);
                    }
                    None if !labelled && !numbers_only => {
                        self.header_variants(block.columns, &record.row);
                        keep(&mut header, &record.row);
                        self.stray(&record.row);
                    }
                    None if !labelled || record.has_values(width) => {
                        let mut r =
                            Run { start: if labelled { after } else { 0 }, lines: Vec::new(), abandoned: false };
                        self.extend_run(&mut r, record);
                        run = Some(r);
                    }
                    None => {}
                }
                continue;
            };
            if !labelled {
                self.read_columns(Section::Requests, block, &header);
            }
            if let Some(r) = run.take() {
                self.finish_run(block, r, index_of(row));
            }
            labelled = true;
            let next_unlabelled = next.as_ref().is_some_and(|n| n.label.is_none());
            if block.is_group(row) && record.has_values(width) && next_unlabelled {
                // A group label followed by lines without labels: its values
                // belong to its first sub-row, and the lines to the next ones.
                let start = index_of(row).map_or(after, |x| x + 1);
                let mut r = Run { start, lines: Vec::new(), abandoned: false };
                self.extend_run(&mut r, record);
                run = Some(r);
                after = start;
            } else {
                if record.has_values(width) {
                    self.place_line(Section::Requests, row, block.columns, &record);
                }
                after = index_of(row).map_or(after, |x| x + 1);
            }
        }
        if !labelled {
            self.read_columns(Section::Requests, block, &header);
        }
        if let Some(r) = run.take() {
            self.finish_run(block, r, None);
        }
        self.end_table(Section::Requests, first_place);
    }

    /// Adds a line to a run; past [`RUN_LIMIT`] the run is given up and its
    /// lines quoted.
    fn extend_run<'a>(&mut self, run: &mut Run<'a>, record: Record<'a>) {
        if !run.abandoned && run.lines.len() >= RUN_LIMIT {
            run.abandoned = true;
            for held in std::mem::take(&mut run.lines) {
                self.stray(&held.row);
            }
        }
        if run.abandoned {
            self.stray(&record.row);
        } else {
            run.lines.push(record);
        }
    }

    /// Places a run on the data rows from its start up to `next_row` (the
    /// row of the labelled line after it; the table's end without one).
    fn finish_run(&mut self, block: &'static Block, run: Run<'_>, next_row: Option<usize>) {
        if run.abandoned {
            return;
        }
        let stop = next_row.unwrap_or(block.rows.len()).max(run.start);
        let targets: Vec<&'static RowDef> = block
            .rows
            .get(run.start..stop)
            .unwrap_or_default()
            .iter()
            .copied()
            .filter(|r| !block.is_group(r) && !r.is_total)
            .collect();
        let lines: Vec<&Record<'_>> = run.lines.iter().collect();
        if targets.is_empty() {
            for r in lines {
                self.stray(&r.row);
            }
            return;
        }
        let cells: Vec<CellRef> =
            targets.iter().flat_map(|row| self.cells(Section::Requests, row, block.columns)).collect();
        // A printed label that names no row is its row's variant only
        // where the run has a line for each row and the label resembles
        // that row's; otherwise the run is quoted, not guessed.
        if lines.iter().any(|l| l.words) {
            let resembling = lines.len() == targets.len()
                && lines
                    .iter()
                    .zip(&targets)
                    .all(|(l, row)| l.unknown().is_none_or(|printed| resembles(&label_fold(&printed), row)));
            if !resembling {
                let rows: Vec<&GridRow<'_>> = lines.iter().map(|r| &r.row).collect();
                let numbers: Vec<Printed<'_>> =
                    lines.iter().flat_map(|r| r.rest().iter().copied().filter(|c| !c.is_empty())).collect();
                self.unplaced(&cells, &rows, &numbers);
                return;
            }
        }
        if self.place_run(&cells, block.columns.len(), &lines) {
            for (line, row) in lines.iter().zip(&targets) {
                if let Some(printed) = line.unknown() {
                    self.notes.variant(row.label, &printed, line.row.place);
                }
            }
        }
    }

    /// Section 四: header lines, then the one line of 15 figures. Empty
    /// cells count as blanks where the source's cells are exact, or under a
    /// header line that labels every column; otherwise the figures must
    /// fill the row.
    pub(crate) fn review<'a>(&mut self, rows: impl IntoIterator<Item = Row<'a>>) {
        let Some(block) = self.layout().blocks(Section::Review).first() else { return };
        let width = block.columns.len();
        let header_labels: Vec<String> = block
            .columns
            .iter()
            .flat_map(|c| c.groups.iter().map(|g| g.label).chain([c.label]))
            .map(|l| fold(l).into_owned())
            .collect();
        let is_header = |row: &GridRow<'_>| {
            row.cells.iter().filter(|c| !c.is_empty() && !is_value(c)).any(|c| {
                let f = fold(c);
                header_labels.iter().any(|h| *h == f)
            })
        };
        self.start_table();
        let mut last_header_width: Option<usize> = None;
        let mut header: Vec<GridRow<'a>> = Vec::new();
        let mut data: Option<GridRow<'a>> = None;
        // Lines printing one figure alone, while every line of figures
        // does (at most one more than the row has cells): the row printed
        // one cell a line, headers between them or not.
        let mut lone: Option<Vec<GridRow<'a>>> = Some(Vec::new());
        for row in rows {
            let row = match row {
                Row::Cells(row) => row,
                Row::Long { place, raw } => {
                    self.long(place, &raw);
                    continue;
                }
            };
            if is_header(&row) {
                // A header's numbers are not figures of the row: quoted.
                self.stray(&row);
                last_header_width = Some(row.cells.iter().filter(|c| !c.is_empty()).count());
                if data.is_none() {
                    keep_last(&mut header, row);
                }
            } else if row.cells.iter().any(|c| is_value(c)) || (row.cells.len() >= width && is_blank_row(&row)) {
                match lone.as_mut() {
                    Some(held) if is_lone_figure(&row) && held.len() <= width => held.push(row),
                    _ => {
                        // Not one cell a line: the first line of figures
                        // is the row, any other is quoted.
                        for held in lone.take().into_iter().flatten() {
                            self.review_line(&mut data, held);
                        }
                        self.review_line(&mut data, row);
                    }
                }
            } else {
                // Words: numbers among them are quoted.
                self.stray(&row);
            }
        }
        let cells = self.cells(Section::Review, &crate::layout::rows::REVIEW_CASES, block.columns);
        match lone {
            // In reading order only where every order reads the same (a
            // printer writes table 四's cells column by column under its
            // two-level header — LibreOffice: 结果维持 of both 行政诉讼
            // blocks, then 结果纠正 of both, …) and the totals add up (a
            // blank left out and a stray number after print as many).
            Some(held)
                if held.len() == width
                    && !(held.windows(2).all(|w| w[0].cells == w[1].cells)
                        && self
                            .layout()
                            .adds_up(&cells, &held.iter().map(|r| r.cells[0].text).collect::<Vec<_>>())) =>
            {
                let rows: Vec<&GridRow<'_>> = held.iter().collect();
                let values: Vec<Printed<'_>> = held.iter().flat_map(|r| r.cells.iter().copied()).collect();
                self.read_columns(Section::Review, block, &header);
                self.unplaced(&cells, &rows, &values);
                self.end_table(Section::Review, held[0].place);
                return;
            }
            Some(held) if held.len() == width => {
                let (at_zh, at_en) = where_printed(&held.iter().collect::<Vec<_>>());
                self.notes.push(Finding::reader(
                    &rules::PARSE_REFLOWED,
                    &cells,
                    held[0].place,
                    format!("表四的{width}个数字各印一行（{at_zh}），都相同且合计相符，已按阅读顺序放置"),
                    format!(
                        "the {width} figures of table 四 were printed one a line ({at_en}), all alike and adding up; placed in reading order"
                    ),
                ));
                let mut row = held[0].clone();
                row.cells = held.iter().flat_map(|r| r.cells.iter().copied()).collect();
                data = Some(row);
            }
            held => {
                for row in held.into_iter().flatten() {
                    self.review_line(&mut data, row);
                }
            }
        }
        let Some(data) = data else { return };
        self.read_columns(Section::Review, block, &header);
        // A label before the figures (合计, 数量) is not a figure; in a row
        // of exactly fifteen cells, the first is a cell, whatever it says.
        let lead = match data.cells.len() == width {
            true => 0,
            false => data.cells.iter().take_while(|c| !c.is_empty() && !is_value(c)).count(),
        };
        let printed = data.cells.get(lead..).unwrap_or_default();
        // An empty cell is a printed blank where the source says so (a
        // page's empty cell), or under a header line that labels every
        // column; text extracted from a PDF loses cells otherwise.
        let full_header = data.certain || last_header_width == Some(width) || labels_every_field(block, &header);
        let exact = printed.len() == width && (full_header || printed.iter().all(|c| !c.is_empty()));
        let values: Vec<Printed<'_>> = printed.iter().copied().filter(|c| !c.is_empty()).collect();
        if values.is_empty() && !exact {
            // A row of empty cells printed nothing to place: its cells stay
            // absent, and `cell.missing` says so.
            return;
        }
        if matches!(self.columns, Columns::Unmatched { .. }) {
            self.unplaced(&cells, &[&data], &values);
        } else if exact {
            self.place_figures(&cells, printed);
        } else if values.len() == width {
            self.place_figures(&cells, &values);
        } else {
            self.unplaced(&cells, &[&data], &values);
        }
        self.end_table(Section::Review, data.place);
    }

    /// A line of table 四's figures: the row, if none was read yet; else
    /// quoted.
    fn review_line<'a>(&mut self, data: &mut Option<GridRow<'a>>, row: GridRow<'a>) {
        match data {
            None => *data = Some(row),
            Some(_) => self.stray(&row),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits() {
        let s = |v: &[&'static str]| v.iter().map(|t| Printed::cut(t, At::Nowhere)).collect::<Vec<_>>();
        assert_eq!(Fit::of(&s(&["0", "0", ""]), 2), Fit::Exact(s(&["0", "0"])));
        assert_eq!(Fit::of(&s(&["", "0", "0"]), 2), Fit::Exact(s(&["0", "0"])));
        assert_eq!(Fit::of(&s(&["", "0"]), 2), Fit::Exact(s(&["", "0"])));
        assert_eq!(Fit::of(&s(&["", "", "1", "2"]), 2), Fit::Exact(s(&["1", "2"])));
        assert_eq!(Fit::of(&s(&["1", "", "2", "3"]), 2), Fit::Surplus(s(&["1", "2", "3"])));
        assert_eq!(Fit::of(&s(&["1"]), 2), Fit::Short(s(&["1"])));
    }

    #[test]
    fn fingerprints_tell_the_editions_apart() {
        assert!(fingerprints(Edition::V2019).contains(&fold("本年新制作数量").into_owned()));
        assert!(fingerprints(Edition::V2021).contains(&fold("本年制发件数").into_owned()));
        assert!(!fingerprints(Edition::V2019).contains(&fold("规范性文件").into_owned()));
    }

    #[test]
    fn quotes_are_limited_and_counted() {
        let many: Vec<String> = (0..QUOTE_LIMIT + 5).map(|i| i.to_string()).collect();
        let (quoted, count) = quote(many.iter().map(String::as_str));
        assert_eq!((quoted.len(), count), (QUOTE_LIMIT, QUOTE_LIMIT + 5));
        assert!(shown(&quoted, count).1.ends_with("and 5 more"));
    }
}
